mod common;

use common::*;
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn converting_a_lead_without_a_body() {
    let crm = Crm::start().await;
    let lead = crm
        .create("Leads", json!({"First_Name": "Lisa", "Last_Name": "Simpson", "Company": "Springfield Elementary",
                                "Email": "lisa@example.com", "Designation": "Student"}))
        .await;
    crm.post(
        &format!("Leads/{lead}/Notes"),
        json!({"data": [{"Note_Content": "Smart"}]}),
    )
    .await;
    let (status, body) = crm
        .send(
            Method::POST,
            &format!("Leads/{lead}/actions/convert"),
            Some("null"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let ids = &body["data"][0];
    assert!(ids["Deals"].is_null());
    let contact = text(&ids["Contacts"]);
    let account = text(&ids["Accounts"]);
    let (_, body) = crm.get(&format!("Contacts/{contact}")).await;
    let c = &body["data"][0];
    assert_eq!(
        (&c["Full_Name"], &c["Email"], &c["Title"]),
        (
            &json!("Lisa Simpson"),
            &json!("lisa@example.com"),
            &json!("Student")
        )
    );
    assert_eq!(
        c["Account_Name"],
        json!({"name": "Springfield Elementary", "id": account})
    );
    let (_, notes) = crm.get(&format!("Contacts/{contact}/Notes")).await;
    assert_eq!(notes["data"][0]["Note_Content"], "Smart");

    assert_eq!(
        crm.get("Leads").await.0,
        StatusCode::NO_CONTENT,
        "converted leads leave the list"
    );
    let (_, body) = crm.get("Leads?converted=true").await;
    assert_eq!(ids_of(&body), [lead.as_str()]);
    assert_eq!(body["data"][0]["$converted"], true);
    assert_eq!(ids_of(&crm.get("Leads?converted=both").await.1).len(), 1);
    let (status, _) = crm
        .send(Method::POST, &format!("Leads/{lead}/actions/convert"), None)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a lead converts once");
}

#[tokio::test]
async fn converting_with_a_deal_and_an_existing_account() {
    let crm = Crm::start().await;
    let account = crm
        .create("Accounts", json!({"Account_Name": "Kwik-E-Mart"}))
        .await;
    let lead = crm
        .create(
            "Leads",
            json!({"Last_Name": "Nahasapeemapetilon", "Company": "kwik-e-mart"}),
        )
        .await;
    let (status, body) = crm
        .post(
            &format!("Leads/{lead}/actions/convert"),
            json!({"data": [{"overwrite": true, "notify_lead_owner": true, "notify_new_entity_owner": true,
                              "Deals": {"Deal_Name": "Squishee machine", "Closing_Date": "2030-01-25",
                                        "Stage": "Closed Won", "Amount": 5000}}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let ids = &body["data"][0];
    assert_eq!(
        ids["Accounts"],
        account.as_str(),
        "the account with the company's name is reused"
    );
    let deal = text(&ids["Deals"]);
    let (_, body) = crm.get(&format!("Deals/{deal}")).await;
    assert_eq!(body["data"][0]["Account_Name"]["id"], account.as_str());
    assert_eq!(body["data"][0]["Contact_Name"]["id"], ids["Contacts"]);

    let other = crm
        .create("Leads", json!({"Last_Name": "Bad", "Company": "Nowhere"}))
        .await;
    let (status, body) = crm
        .post(
            &format!("Leads/{other}/actions/convert"),
            json!({"data": [{"Deals": {"Amount": 1}}]}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["data"][0]["code"], "MANDATORY_NOT_FOUND");
    let (_, accounts) = crm.get("Accounts").await;
    assert_eq!(
        ids_of(&accounts),
        [account],
        "a failed conversion creates nothing"
    );
    assert_eq!(
        crm.send(Method::POST, "Contacts/1/actions/convert", None)
            .await
            .0,
        StatusCode::BAD_REQUEST
    );
}
