mod common;

use common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn tag_names(record: &Value) -> Vec<String> {
    record["Tag"]
        .as_array()
        .map(|t| t.iter().map(|t| text(&t["name"])).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn tag_settings_lifecycle() {
    let crm = Crm::start().await;
    let (status, body) = crm.get("settings/tags?module=Leads").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["tags"], json!([]));
    let (status, body) = crm
        .post(
            "settings/tags?module=Leads",
            json!({"tags": [{"name": "Hot"}, {"name": "Cold"}, {"name": "hot"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::MULTI_STATUS, "{body}");
    let hot = text(&body["tags"][0]["details"]["id"]);
    let cold = text(&body["tags"][1]["details"]["id"]);
    assert_eq!(
        body["tags"][0]["details"]["created_by"]["name"],
        "Demo User"
    );
    assert_eq!(body["tags"][2]["code"], "DUPLICATE_DATA");
    let (_, body) = crm.get("settings/tags?module=Leads").await;
    assert_eq!(body["info"], json!({"count": 2, "allowed_count": 50}));

    let lead = crm.create("Leads", json!({"Last_Name": "Tagged"})).await;
    let (status, body) = crm
        .send(
            Method::POST,
            &format!("Leads/{lead}/actions/add_tags?tag_names=Hot,New+One,"),
            Some("null"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["data"][0]["details"],
        json!({"id": lead, "tags": ["Hot", "New One"]})
    );
    let (_, body) = crm
        .get(&format!(
            "settings/tags/{hot}/actions/records_count?module=Leads"
        ))
        .await;
    assert_eq!(body, json!({"count": "1"}));

    let (status, body) = crm
        .put(
            &format!("settings/tags/{hot}?module=Leads"),
            json!({"tags": [{"name": "Scorching"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, record) = crm.get(&format!("Leads/{lead}")).await;
    assert_eq!(tag_names(&record["data"][0]), ["Scorching", "New One"]);

    let (status, body) = crm
        .post(
            &format!("settings/tags/{cold}/actions/merge"),
            json!({"tags": [{"conflict_id": hot}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, record) = crm.get(&format!("Leads/{lead}")).await;
    assert_eq!(tag_names(&record["data"][0]), ["New One", "Cold"]);

    let (status, _) = crm.delete(&format!("settings/tags/{cold}")).await;
    assert_eq!(status, StatusCode::OK);
    let (_, record) = crm.get(&format!("Leads/{lead}")).await;
    assert_eq!(tag_names(&record["data"][0]), ["New One"]);
    assert_eq!(
        crm.delete(&format!("settings/tags/{cold}")).await.0,
        StatusCode::BAD_REQUEST
    );
    let (status, body) = crm.get("settings/tags").await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::BAD_REQUEST, &json!("REQUIRED_PARAM_MISSING"))
    );
    let (status, body) = crm
        .put(
            "settings/tags?module=Leads",
            json!({"tags": [{"name": "no id"}]}),
        )
        .await;
    assert_eq!(
        (status, &body["tags"][0]["code"]),
        (StatusCode::BAD_REQUEST, &json!("MANDATORY_NOT_FOUND"))
    );
}

#[tokio::test]
async fn tagging_many_records_and_limits() {
    let crm = Crm::start().await;
    let a = crm.create("Contacts", json!({"Last_Name": "A"})).await;
    let b = crm.create("Contacts", json!({"Last_Name": "B"})).await;
    let (status, body) = crm
        .send(
            Method::POST,
            &format!("Contacts/actions/add_tags?ids={a},{b},&tag_names=x,y"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"][1]["details"]["tags"], json!(["x", "y"]));
    let (_, body) = crm
        .send(
            Method::POST,
            &format!("Contacts/actions/remove_tags?ids={a}&tag_names=x"),
            None,
        )
        .await;
    assert_eq!(body["data"][0]["details"]["tags"], json!(["y"]));
    let (_, record) = crm.get(&format!("Contacts/{b}")).await;
    assert_eq!(tag_names(&record["data"][0]), ["x", "y"]);

    let eleven: Vec<String> = (0..11).map(|i| format!("t{i}")).collect();
    let (status, body) = crm
        .send(
            Method::POST,
            &format!(
                "Contacts/{a}/actions/add_tags?tag_names={}",
                eleven.join(",")
            ),
            None,
        )
        .await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::BAD_REQUEST, &json!("LIMIT_EXCEEDED"))
    );
    let ten: Vec<String> = (0..10).map(|i| format!("t{i}")).collect();
    let (status, body) = crm
        .send(
            Method::POST,
            &format!("Contacts/{a}/actions/add_tags?tag_names={}", ten.join(",")),
            None,
        )
        .await;
    assert_eq!(
        (status, &body["data"][0]["code"]),
        (StatusCode::BAD_REQUEST, &json!("LIMIT_EXCEEDED")),
        "y + 10 > 10"
    );
    let (_, tags) = crm.get("settings/tags?module=Contacts").await;
    assert_eq!(tags["info"]["count"], 2, "a refused call creates no tags");
    let (status, body) = crm
        .send(
            Method::POST,
            &format!("Contacts/{a}/actions/add_tags?tag_names=z&over_write=true"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["data"][0]["details"]["tags"], json!(["z"]));
    let many: Vec<String> = (0..51).map(|i| format!("m{i}")).collect();
    let (status, body) = crm
        .send(
            Method::POST,
            &format!(
                "Contacts/actions/add_tags?ids={a}&tag_names={}",
                many.join(",")
            ),
            None,
        )
        .await;
    assert_eq!(
        (status, &body["details"]["param_name"]),
        (StatusCode::BAD_REQUEST, &json!("tag_names"))
    );
    let (status, body) = crm
        .send(Method::POST, "Contacts/actions/add_tags?tag_names=a", None)
        .await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::BAD_REQUEST, &json!("REQUIRED_PARAM_MISSING"))
    );
}
