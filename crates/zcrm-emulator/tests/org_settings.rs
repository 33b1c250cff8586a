mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn org_taxes() {
    let crm = Crm::start().await;
    let (status, body) = crm.get("org/taxes").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["taxes"][0]["name"], "Sales Tax");
    let (status, body) = crm
        .post("org/taxes", json!({"taxes": [{"name": "GST", "value": 18}, {"name": "vat", "value": 5}, {"name": "Bad", "value": 180}]}))
        .await;
    assert_eq!(status, StatusCode::MULTI_STATUS, "{body}");
    assert_eq!(body["taxes"][0]["message"], "tax added");
    assert_eq!(body["taxes"][1]["code"], "DUPLICATE_DATA");
    assert_eq!(body["taxes"][2]["code"], "INVALID_DATA");
    let gst = text(&body["taxes"][0]["details"]["id"]);
    let (status, _) = crm
        .put("org/taxes", json!({"taxes": [{"id": gst, "value": 12.5}]}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, body) = crm.get(&format!("org/taxes/{gst}")).await;
    assert_eq!(
        (
            &body["taxes"][0]["value"],
            &body["taxes"][0]["display_label"]
        ),
        (&json!(12.5), &json!("GST"))
    );
    let (status, body) = crm
        .delete(&format!("org/taxes?ids={gst},4150868000000080002,"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = crm.delete(&format!("org/taxes/{gst}")).await;
    assert_eq!(
        (status, &body["taxes"][0]["code"]),
        (StatusCode::BAD_REQUEST, &json!("INVALID_DATA"))
    );
    assert_eq!(
        crm.get(&format!("org/taxes/{gst}")).await.0,
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn variables_and_groups() {
    let crm = Crm::start().await;
    let (_, groups) = crm.get("settings/variable_groups").await;
    let general = text(&groups["variable_groups"][0]["id"]);
    assert_eq!(groups["variable_groups"][0]["api_name"], "General");
    let (_, one) = crm
        .get(&format!("settings/variable_groups/{general}"))
        .await;
    assert_eq!(one["variable_groups"][0]["id"], general.as_str());

    let (status, body) = crm
        .post(
            "settings/variables",
            json!({"variables": [{"name": "Max Seats", "api_name": "Max_Seats", "type": "integer", "value": 10,
                                  "variable_group": {"api_name": "General"}},
                                 {"name": "No Group", "api_name": "No_Group", "type": "text"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::MULTI_STATUS, "{body}");
    assert_eq!(
        body["variables"][1]["details"]["api_name"],
        "variable_group"
    );
    let id = text(&body["variables"][0]["details"]["id"]);
    let (status, body) = crm
        .put(
            &format!("settings/variables/{id}"),
            json!({"variables": [{"value": 12}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, body) = crm
        .get(&format!("settings/variables/{id}?group=General"))
        .await;
    assert_eq!(body["variables"][0]["value"], 12);
    assert_eq!(
        body["variables"][0]["variable_group"]["id"],
        general.as_str()
    );
    let (status, body) = crm.get(&format!("settings/variables/{id}")).await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::BAD_REQUEST, &json!("REQUIRED_PARAM_MISSING"))
    );
    let (_, body) = crm
        .get(&format!("settings/variables?group={general}"))
        .await;
    assert_eq!(body["variables"].as_array().map(Vec::len), Some(2));
    let (status, _) = crm
        .put(
            "settings/variables",
            json!({"variables": [{"id": id, "name": "Seats"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = crm.delete(&format!("settings/variables/{id}")).await;
    assert_eq!(
        (status, &body["variables"][0]["message"]),
        (StatusCode::OK, &json!("variable deleted"))
    );
    let (status, _) = crm.get("settings/variables?group=Nope").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
