mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use zcrm_emulator::Options;

#[tokio::test]
async fn seeded_records_are_realistic_and_deterministic() {
    let options = Options {
        seed_records: 30,
        ..Default::default()
    };
    let crm = Crm::with(options.clone()).await;
    for module in ["Leads", "Contacts", "Accounts", "Deals"] {
        let (status, body) = crm.get(module).await;
        assert_eq!(status, StatusCode::OK, "{module}");
        assert_eq!(body["info"]["count"], 30, "{module}");
    }
    let (_, leads) = crm.get("Leads?per_page=5").await;
    for lead in leads["data"].as_array().cloned().unwrap_or_default() {
        assert!(text(&lead["Email"]).contains('@'), "{lead}");
        assert!(!text(&lead["Company"]).is_empty() && !text(&lead["Phone"]).is_empty());
        assert!(is_zoho_time(&text(&lead["Created_Time"])));
    }
    let (_, contacts) = crm.get("Contacts?per_page=1").await;
    assert!(
        contacts["data"][0]["Account_Name"]["id"].is_string(),
        "contacts belong to accounts"
    );
    let (_, deals) = crm.get("Deals?per_page=1").await;
    assert!(deals["data"][0]["Stage"].is_string() && deals["data"][0]["Amount"].is_number());

    let again = Crm::with(options).await;
    let (_, other) = again.get("Leads?per_page=5").await;
    let pick = |v: &Value| {
        v["data"].as_array().map(|d| {
            d.iter()
                .map(|r| (text(&r["Full_Name"]), text(&r["Email"])))
                .collect::<Vec<_>>()
        })
    };
    assert_eq!(
        pick(&leads),
        pick(&other),
        "the same options give the same data"
    );
}

#[tokio::test]
async fn the_admin_api_and_the_handle_seed_more() {
    let crm = Crm::start().await;
    let (status, body) = crm
        .h
        .admin_post("/_emulator/seed", json!({"module": "Leads", "count": 250}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["ids"]["Leads"].as_array().map(Vec::len), Some(250));
    let (_, page) = crm.get("Leads?page=2").await;
    assert_eq!(
        page["info"],
        json!({"per_page": 200, "count": 50, "page": 2, "more_records": false})
    );
    let emails: std::collections::HashSet<String> = {
        let (_, first) = crm.get("Leads").await;
        first["data"]
            .as_array()
            .map(|d| d.iter().map(|r| text(&r["Email"])).collect())
            .unwrap_or_default()
    };
    assert_eq!(emails.len(), 200, "emails are unique");

    let ids = crm.h.emulator.seed("Accounts", 3).expect("seed");
    assert_eq!(ids.len(), 3);
    let (status, _) = crm
        .h
        .admin_post("/_emulator/seed", json!({"module": "Notes", "count": 1}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = crm
        .h
        .admin_post("/_emulator/seed", json!({"module": "Leads", "count": 0}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, body) = crm
        .h
        .admin_post("/_emulator/seed", json!({"count": 2}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["ids"]["Deals"].as_array().map(Vec::len), Some(2));
}
