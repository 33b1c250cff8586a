//! `/crm/v2/actions/watch`: channels enabled, listed, updated and disabled as Zoho's v2
//! Notification API pages describe, and real callbacks POSTed to the notify URL when records
//! change (sources in `src/crm/notifications/mod.rs`).

mod common;

use std::time::Duration;

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use tokio::sync::mpsc;

/// A notify URL on loopback; every callback body it receives comes out of the channel.
async fn receiver() -> (String, mpsc::UnboundedReceiver<Value>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let app = Router::new().route("/zoho", post(collect)).with_state(tx);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{address}/zoho?app=crm&env=test"), rx)
}

async fn collect(State(tx): State<mpsc::UnboundedSender<Value>>, Json(body): Json<Value>) {
    let _ = tx.send(body);
}

/// The next callback; a bound on the wait so a missing callback fails instead of hanging.
async fn next(rx: &mut mpsc::UnboundedReceiver<Value>) -> Value {
    tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .expect("a callback within 10 s")
        .expect("receiver open")
}

fn channel(id: &str, events: &[&str], url: &str) -> Value {
    json!({"channel_id": id, "events": events, "notify_url": url, "token": "s3cret"})
}

#[tokio::test]
async fn record_changes_reach_the_notify_url_of_channels_watching_them() {
    let crm = Crm::start().await;
    let (url, mut rx) = receiver().await;
    let (status, body) = crm
        .post(
            "actions/watch",
            json!({"watch": [channel("1000000068001", &["Leads.all", "Deals.create"], &url)]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let result = &body["watch"][0];
    assert_eq!(result["code"], "SUCCESS");
    let subscribed = result["details"]["events"].as_array().expect("events");
    assert_eq!(subscribed.len(), 2);
    assert_eq!(
        find(&result["details"]["events"], "resource_name", "Leads")["channel_id"],
        "1000000068001"
    );

    let (status, body) = crm
        .post(
            "Leads",
            json!({"data": [{"Last_Name": "Flanders"}, {"Last_Name": "Simpson"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let ids: Vec<String> = (0..2)
        .map(|i| text(&body["data"][i]["details"]["id"]))
        .collect();
    let created = next(&mut rx).await;
    assert_eq!(created["operation"], "insert");
    assert_eq!(created["module"], "Leads");
    assert_eq!(created["ids"], json!(ids));
    assert_eq!(created["channel_id"], json!(1000000068001_u64));
    assert_eq!(created["token"], "s3cret");
    assert_eq!(
        created["query_params"],
        json!({"app": "crm", "env": "test"})
    );
    assert!(created["resource_uri"]
        .as_str()
        .is_some_and(|u| u.ends_with("/crm/v2/Leads")));
    assert!(created["server_time"]
        .as_i64()
        .is_some_and(|t| t > 1_500_000_000_000));

    crm.put(
        &format!("Leads/{}", ids[0]),
        json!({"data": [{"Email": "ned@example.com"}]}),
    )
    .await;
    let updated = next(&mut rx).await;
    assert_eq!(updated["operation"], "update");
    assert_eq!(
        updated["affected_fields"],
        json!([{ ids[0].clone(): ["Email"] }])
    );

    // Deals are watched for creation only: an update of a deal sends nothing, so the next
    // callback is the lead's deletion.
    let deal = crm
        .create(
            "Deals",
            json!({"Deal_Name": "Big", "Stage": "Qualification"}),
        )
        .await;
    assert_eq!(next(&mut rx).await["ids"], json!([deal]));
    crm.put(&format!("Deals/{deal}"), json!({"data": [{"Amount": 5}]}))
        .await;
    crm.delete(&format!("Leads/{}", ids[1])).await;
    let deleted = next(&mut rx).await;
    assert_eq!(
        (&deleted["operation"], &deleted["module"]),
        (&json!("delete"), &json!("Leads"))
    );
}

#[tokio::test]
async fn channels_are_listed_per_module_updated_and_disabled() {
    let crm = Crm::start().await;
    let url = "https://example.com/zoho";
    crm.post(
        "actions/watch",
        json!({"watch": [channel("7", &["Deals.all", "Leads.edit"], url)]}),
    )
    .await;

    let (status, body) = crm.get("actions/watch").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let deals = find(&body["watch"], "resource_name", "Deals");
    assert_eq!(
        deals["events"],
        json!(["Deals.create", "Deals.edit", "Deals.delete"])
    );
    assert_eq!(deals["token"], "s3cret");
    assert_eq!(body["info"]["count"], 2);
    let (_, only_leads) = crm.get("actions/watch?channel_id=7&module=Leads").await;
    assert_eq!(only_leads["watch"].as_array().map(Vec::len), Some(1));

    // PUT keeps only what it sends.
    let (status, body) = crm
        .put(
            "actions/watch",
            json!({"watch": [channel("7", &["Contacts.create"], url)]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, body) = crm.get("actions/watch").await;
    assert_eq!(body["watch"].as_array().map(Vec::len), Some(1));
    assert_eq!(body["watch"][0]["events"], json!(["Contacts.create"]));

    // PATCH with _delete_events removes events; the last one gone disables the channel.
    let disable = json!({"watch": [{"channel_id": "7", "events": ["Contacts.create"], "_delete_events": true}]});
    let (status, body) = crm
        .send(
            reqwest::Method::PATCH,
            "actions/watch",
            Some(&disable.to_string()),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(crm.get("actions/watch").await.0, StatusCode::NO_CONTENT);

    crm.post(
        "actions/watch",
        json!({"watch": [channel("8", &["Leads.all"], url)]}),
    )
    .await;
    let (status, body) = crm.delete("actions/watch?channel_ids=8,9").await;
    assert_eq!(status, StatusCode::MULTI_STATUS, "{body}");
    assert_eq!(
        body["watch"][0]["message"],
        "Successfully un-subscribed from actions-watch"
    );
    assert_eq!(body["watch"][1]["code"], "INVALID_DATA");
    assert_eq!(crm.get("actions/watch").await.0, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn channels_are_checked_as_zoho_documents() {
    let crm = Crm::start().await;
    let url = "https://example.com/zoho";
    let mut long_token = channel("1", &["Leads.all"], url);
    long_token["token"] = json!("x".repeat(51));
    let (status, body) = crm
        .post(
            "actions/watch",
            json!({"watch": [
                {"channel_id": "1", "events": ["Leads.all"]},
                long_token,
                channel("2", &["Leads.upsert"], url),
                channel("3", &["Notes.all"], url),
                channel("4", &["Leads.all"], url),
            ]}),
        )
        .await;
    assert_eq!(status, StatusCode::MULTI_STATUS, "{body}");
    let codes: Vec<(&Value, &Value)> = body["watch"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| (&r["code"], &r["details"]["api_name"]))
        .collect();
    assert_eq!(
        codes,
        vec![
            (&json!("MANDATORY_NOT_FOUND"), &json!("notify_url")),
            (&json!("INVALID_DATA"), &json!("token")),
            (&json!("INVALID_DATA"), &json!("events")),
            (&json!("INVALID_DATA"), &json!("events")),
            (&json!("SUCCESS"), &Value::Null),
        ]
    );
}

#[tokio::test]
async fn an_expiry_past_one_day_becomes_one_hour_and_expired_channels_stop() {
    let crm = Crm::start().await;
    crm.h
        .admin_post("/_emulator/clock", json!({"freeze": true}))
        .await;
    let (url, mut rx) = receiver().await;
    let mut far = channel("5", &["Leads.create"], &url);
    far["channel_expiry"] = json!("2999-01-01T00:00:00+05:30");
    let (_, body) = crm.post("actions/watch", json!({"watch": [far]})).await;
    let expiry = text(&body["watch"][0]["details"]["events"][0]["channel_expiry"]);

    crm.h
        .admin_post("/_emulator/clock", json!({"advance": 3599}))
        .await;
    let (_, listed) = crm.get("actions/watch").await;
    assert_eq!(text(&listed["watch"][0]["channel_expiry"]), expiry);

    crm.h
        .admin_post("/_emulator/clock", json!({"advance": 1}))
        .await;
    assert_eq!(crm.get("actions/watch").await.0, StatusCode::NO_CONTENT);
    crm.create("Leads", json!({"Last_Name": "Late"})).await;
    // A channel that is still live proves the callback path works; the expired one sent nothing.
    crm.post(
        "actions/watch",
        json!({"watch": [channel("6", &["Leads.create"], &url)]}),
    )
    .await;
    let id = crm.create("Leads", json!({"Last_Name": "On time"})).await;
    let callback = next(&mut rx).await;
    assert_eq!(
        (&callback["channel_id"], &callback["ids"]),
        (&json!(6), &json!([id]))
    );
}
