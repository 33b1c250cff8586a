mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::json;

const MANAGER: &str = "4150868000000026008";
const STANDARD: &str = "4150868000000026014";

#[tokio::test]
async fn create_update_search_and_delete_users() {
    let crm = Crm::start().await;
    let (status, body) = crm
        .post(
            "users",
            json!({"users": [{"role": MANAGER, "profile": {"id": STANDARD}, "first_name": "Edna",
                              "last_name": "Krabappel", "email": "edna@example.com", "phone": "555-1234"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["users"][0]["message"], "User added");
    let id = text(&body["users"][0]["details"]["id"]);
    let (_, body) = crm.get(&format!("users/{id}")).await;
    let user = &body["users"][0];
    assert_eq!(
        (&user["full_name"], &user["role"]["name"], &user["phone"]),
        (
            &json!("Edna Krabappel"),
            &json!("Manager"),
            &json!("555-1234")
        )
    );
    for key in ["role", "profile", "created_by", "Modified_By"] {
        assert!(user[key]["id"].is_string(), "{key}");
    }

    let (status, body) = crm
        .post("users", json!({"users": [{"role": MANAGER, "profile": STANDARD, "last_name": "X", "email": "EDNA@example.com"}]}))
        .await;
    assert_eq!(
        (status, &body["users"][0]["code"]),
        (StatusCode::BAD_REQUEST, &json!("DUPLICATE_DATA"))
    );
    let (status, body) = crm
        .post(
            "users",
            json!({"users": [{"last_name": "X", "email": "x@example.com"}]}),
        )
        .await;
    assert_eq!(
        (status, &body["users"][0]["details"]["api_name"]),
        (StatusCode::BAD_REQUEST, &json!("role"))
    );

    let (status, body) = crm
        .put(
            &format!("users/{id}"),
            json!({"users": [{"last_name": "Flanders"}]}),
        )
        .await;
    assert_eq!(
        (status, &body["users"][0]["message"]),
        (StatusCode::OK, &json!("User updated"))
    );
    let (status, body) = crm
        .get("users/search?criteria=(last_name:equals:flanders)")
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["users"][0]["id"], id.as_str());
    let (_, body) = crm.get("users/search?criteria=(email:starts_with:grace)or(email:starts_with:alan)&type=ActiveUsers").await;
    assert_eq!(body["info"]["count"], 2);
    assert_eq!(
        crm.get("users/search?criteria=(email:equals:nobody@x.com)")
            .await
            .0,
        StatusCode::NO_CONTENT
    );
    let (status, body) = crm.get("users/search").await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::BAD_REQUEST, &json!("REQUIRED_PARAM_MISSING"))
    );

    let (status, body) = crm.delete(&format!("users/{id}")).await;
    assert_eq!(
        (status, &body["users"][0]["message"]),
        (StatusCode::OK, &json!("User deleted"))
    );
    let (_, body) = crm.get("users?type=DeletedUsers").await;
    assert!(ids_of(&json!({"data": body["users"]})).contains(&id));
    assert_eq!(
        crm.delete(&format!("users/{id}")).await.0,
        StatusCode::BAD_REQUEST
    );
}
