mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn lookup_related_lists_follow_the_lookup_field() {
    let crm = Crm::start().await;
    let account = crm
        .create("Accounts", json!({"Account_Name": "Moe's"}))
        .await;
    let barney = crm
        .create(
            "Contacts",
            json!({"Last_Name": "Gumble", "Account_Name": account}),
        )
        .await;
    let homer = crm
        .create("Contacts", json!({"Last_Name": "Simpson"}))
        .await;
    let (status, body) = crm.get(&format!("Accounts/{account}/Contacts")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ids_of(&body), [barney.as_str()]);

    let (status, body) = crm
        .put(
            &format!("Accounts/{account}/Contacts/{homer}"),
            json!({"data": [{}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"][0]["message"], "relation added");
    let (_, body) = crm
        .get(&format!("Accounts/{account}/Contacts?per_page=1&page=2"))
        .await;
    assert_eq!(ids_of(&body), [homer.as_str()]);
    assert_eq!(body["info"]["more_records"], false);

    let (status, body) = crm
        .delete(&format!("Accounts/{account}/Contacts/{barney}"))
        .await;
    assert_eq!(
        (status, &body["data"][0]["message"]),
        (StatusCode::OK, &json!("relation removed"))
    );
    let (_, contact) = crm.get(&format!("Contacts/{barney}")).await;
    assert!(contact["data"][0]["Account_Name"].is_null());
    let (status, body) = crm
        .delete(&format!("Accounts/{account}/Contacts/{barney}"))
        .await;
    assert_eq!(
        (status, &body["data"][0]["message"]),
        (StatusCode::BAD_REQUEST, &json!("relation not found"))
    );
    let (status, body) = crm.get(&format!("Accounts/{account}/Nonsense")).await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::BAD_REQUEST, &json!("INVALID_DATA"))
    );
    let (status, _) = crm
        .put(
            &format!("Accounts/{account}/Contacts/4150868000000999999"),
            json!({"data": [{}]}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn junction_related_lists_carry_relation_fields() {
    let crm = Crm::start().await;
    let product = crm
        .create(
            "Products",
            json!({"Product_Name": "Duff", "Unit_Price": 2.5}),
        )
        .await;
    let book = crm
        .create("Price_Books", json!({"Price_Book_Name": "Wholesale"}))
        .await;
    let (status, body) = crm
        .put(
            &format!("Products/{product}/Price_Books/{book}"),
            json!({"data": [{"list_price": 1.75}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, body) = crm.get(&format!("Products/{product}/Price_Books")).await;
    assert_eq!(
        (&body["data"][0]["id"], &body["data"][0]["list_price"]),
        (&json!(book), &json!(1.75))
    );
    let (_, body) = crm.get(&format!("Price_Books/{book}/Products")).await;
    assert_eq!(
        ids_of(&body),
        [product.as_str()],
        "junctions work from both ends"
    );

    let deal = crm
        .create(
            "Deals",
            json!({"Deal_Name": "Beer", "Stage": "Qualification"}),
        )
        .await;
    let contact = crm
        .create("Contacts", json!({"Last_Name": "Szyslak"}))
        .await;
    crm.put(
        &format!("Deals/{deal}/Contact_Roles/{contact}"),
        json!({"data": [{"Contact_Role": "Decision Maker"}]}),
    )
    .await;
    let (_, body) = crm.get(&format!("Deals/{deal}/Contact_Roles")).await;
    assert_eq!(body["data"][0]["Contact_Role"], "Decision Maker");
    crm.delete(&format!("Deals/{deal}/Contact_Roles/{contact}"))
        .await;
    assert_eq!(
        crm.get(&format!("Deals/{deal}/Contact_Roles")).await.0,
        StatusCode::NO_CONTENT
    );

    crm.delete(&format!("Price_Books/{book}")).await;
    assert_eq!(
        crm.get(&format!("Products/{product}/Price_Books")).await.0,
        StatusCode::NO_CONTENT
    );
}
