//! Deep paging of module lists per API version (see `crm::page_token`).

mod common;

use std::collections::HashSet;

use reqwest::StatusCode;
use serde_json::{json, Value};

use common::Crm;

async fn leads(records: usize) -> Crm {
    let crm = Crm::start().await;
    crm.h.emulator.seed("Leads", records).expect("seed");
    crm
}

/// A GET under any version, as the CRM session's user.
async fn get(crm: &Crm, path: &str) -> (StatusCode, Value) {
    crm.h.crm_json(path, &crm.token).await
}

#[tokio::test]
async fn v2_and_v2_1_list_only_the_first_2000_records_by_page() {
    let crm = leads(2_100).await;
    for version in ["v2", "v2.1"] {
        let (status, body) = get(&crm, &format!("/crm/{version}/Leads?page=10&per_page=200")).await;
        assert_eq!(status, StatusCode::OK, "{version}");
        assert_eq!(body["info"]["more_records"], true);
        assert!(body["info"].get("next_page_token").is_none());
        let (status, body) = get(&crm, &format!("/crm/{version}/Leads?page=11&per_page=200")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{version}");
        assert_eq!(body["code"], "DISCRETE_PAGINATION_LIMIT_EXCEEDED");
        assert_eq!(body["details"]["limit"], 2000);
    }
}

#[tokio::test]
async fn v3_walks_past_2000_records_with_page_tokens() {
    let crm = leads(2_450).await;
    let mut seen = HashSet::new();
    let mut path = "/crm/v3/Leads?fields=Last_Name&per_page=200".to_string();
    let mut pages = 0;
    loop {
        let (status, body) = get(&crm, &path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        pages += 1;
        for record in body["data"].as_array().expect("data") {
            assert!(seen.insert(record["id"].as_str().expect("id").to_string()));
        }
        let info = &body["info"];
        assert!(info["page_token_expiry"].is_string());
        if info["more_records"] != true {
            assert!(info["next_page_token"].is_null());
            break;
        }
        let token = info["next_page_token"].as_str().expect("a next token");
        path = format!("/crm/v3/Leads?fields=Last_Name&per_page=200&page_token={token}");
    }
    assert_eq!((seen.len(), pages), (2_450, 13));
}

#[tokio::test]
async fn v3_refuses_what_kaizen_60_rules_out() {
    let crm = leads(5).await;
    let (status, body) = get(&crm, "/crm/v3/Leads").await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::BAD_REQUEST, &"REQUIRED_PARAM_MISSING".into())
    );
    let (status, _) = get(&crm, "/crm/v3/Leads?fields=id&sort_by=Last_Name").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (_, first) = get(&crm, "/crm/v3/Leads?fields=id&per_page=2").await;
    let token = first["info"]["next_page_token"].as_str().expect("token");
    let (status, body) = get(
        &crm,
        &format!("/crm/v3/Leads?fields=id&page=2&page_token={token}"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["details"]["param_name"], "page_token");
    let (status, _) = get(
        &crm,
        &format!("/crm/v3/Contacts?fields=id&page_token={token}"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn page_tokens_expire_after_a_day() {
    let crm = leads(5).await;
    let (_, first) = get(&crm, "/crm/v3/Leads?fields=id&per_page=2").await;
    let token = first["info"]["next_page_token"]
        .as_str()
        .expect("token")
        .to_string();
    let (status, _) = crm
        .h
        .admin_post("/_emulator/clock", json!({"advance": 24 * 3600 + 1}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = get(&crm, &format!("/crm/v3/Leads?fields=id&page_token={token}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["message"], "the page_token has expired");
}
