mod common;

use std::time::{Duration, Instant};

use common::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn admin_grants_and_stats() {
    let h = Harness::start();
    let (status, body) = h
        .admin_post("/_emulator/grants", json!({"email": "ops@example.com"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, tokens) = h.exchange(&text(&body["code"])).await;
    let (_, info) = h
        .crm_json("/oauth/user/info", &text(&tokens["access_token"]))
        .await;
    assert_eq!(info["Email"], "ops@example.com");
    let empty = h
        .client
        .post(h.url("/_emulator/grants"))
        .send()
        .await
        .expect("send");
    let (_, body) = json_of(empty).await;
    assert!(is_zoho_token(&text(&body["code"])));
    let (status, _) = h.admin_post("/_emulator/grants", json!({"bogus": 1})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let stats = h.admin_get("/_emulator/stats").await;
    assert_eq!(
        stats,
        serde_json::to_value(h.emulator.stats()).expect("json")
    );
    assert_eq!(stats["token_exchanges"], 1);
    assert_eq!(stats["grants_issued"], 2);
}

#[tokio::test]
async fn latency_fault_delays_matching_requests() {
    let h = Harness::start();
    let tokens = h.login(None).await;
    let spec = json!({"path_prefix": "/crm/v2/org", "kind": "latency", "latency_ms": 1000});
    assert_eq!(
        h.admin_post("/_emulator/faults", spec).await.0,
        StatusCode::OK
    );
    let started = Instant::now();
    assert_eq!(
        h.crm_json("/crm/v2/users", &tokens.access).await.0,
        StatusCode::OK
    );
    assert!(
        started.elapsed() < Duration::from_millis(1000),
        "other paths are not slowed"
    );
    let started = Instant::now();
    assert_eq!(
        h.crm_json("/crm/v2/org", &tokens.access).await.0,
        StatusCode::OK
    );
    assert!(started.elapsed() >= Duration::from_millis(1000));
    let started = Instant::now();
    h.crm_json("/crm/v2/org", &tokens.access).await;
    assert!(
        started.elapsed() < Duration::from_millis(1000),
        "times defaults to 1"
    );
}

#[tokio::test]
async fn status_fault_sends_zoho_envelope_and_retry_after() {
    let h = Harness::start();
    let tokens = h.login(None).await;
    let spec = json!({"path_prefix": "/crm/", "kind": "status", "status": 429, "retry_after": 7, "times": 2});
    h.admin_post("/_emulator/faults", spec).await;
    for _ in 0..2 {
        let response = h.crm("/crm/v2/org", &tokens.access).await;
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()["retry-after"], "7");
        let (_, body) = json_of(response).await;
        assert_eq!(body["code"], "TOO_MANY_REQUESTS");
        assert_eq!(body["status"], "error");
    }
    assert_eq!(
        h.crm_json("/crm/v2/org", &tokens.access).await.0,
        StatusCode::OK
    );

    h.admin_post(
        "/_emulator/faults",
        json!({"path_prefix": "/oauth/v2/token", "kind": "status", "status": 500}),
    )
    .await;
    let (status, body) = h.refresh(&tokens.refresh).await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::INTERNAL_SERVER_ERROR, &json!("INTERNAL_ERROR"))
    );
    assert_eq!(h.emulator.stats().faults_injected, 3);
}

#[tokio::test]
async fn drop_fault_closes_the_connection_without_an_answer() {
    let h = Harness::start();
    let tokens = h.login(None).await;
    h.admin_post(
        "/_emulator/faults",
        json!({"path_prefix": "/crm/v2/users", "kind": "drop"}),
    )
    .await;
    let result = h
        .client
        .get(h.url("/crm/v2/users"))
        .header(
            "Authorization",
            format!("Zoho-oauthtoken {}", tokens.access),
        )
        .send()
        .await;
    assert!(
        result.is_err(),
        "expected a transport error, got {result:?}"
    );
    assert_eq!(
        h.crm_json("/crm/v2/users", &tokens.access).await.0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn malformed_fault_answers_200_with_a_non_json_body() {
    let h = Harness::start();
    let tokens = h.login(None).await;
    h.admin_post(
        "/_emulator/faults",
        json!({"path_prefix": "/crm/v2/org", "kind": "malformed"}),
    )
    .await;
    let response = h.crm("/crm/v2/org", &tokens.access).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.bytes().await.expect("body");
    assert!(serde_json::from_slice::<serde_json::Value>(&body).is_err());
}

#[tokio::test]
async fn faults_can_be_cleared_and_bad_specs_are_refused() {
    let h = Harness::start();
    let tokens = h.login(None).await;
    h.admin_post(
        "/_emulator/faults",
        json!({"path_prefix": "/crm/", "kind": "status", "status": 503, "times": 5}),
    )
    .await;
    let cleared = h
        .client
        .delete(h.url("/_emulator/faults"))
        .send()
        .await
        .expect("send");
    assert_eq!(cleared.status(), StatusCode::OK);
    assert_eq!(
        h.crm_json("/crm/v2/org", &tokens.access).await.0,
        StatusCode::OK
    );
    for bad in [
        json!({"path_prefix": "/", "kind": "explode"}),
        json!({"path_prefix": "/", "kind": "status", "status": 200}),
        json!({"path_prefix": "/", "kind": "latency"}),
        json!({"kind": "drop"}),
    ] {
        let (status, body) = h.admin_post("/_emulator/faults", bad.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad} -> {body}");
    }
    let not_json = h
        .client
        .post(h.url("/_emulator/faults"))
        .body("{{{")
        .send()
        .await
        .expect("send");
    assert_eq!(not_json.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn request_log_records_requests_with_secrets_filtered() {
    let h = Harness::start();
    let code = h.emulator.issue_grant(None).expect("a grant");
    let form = [
        ("grant_type", "authorization_code"),
        ("client_id", CLIENT_ID),
        ("client_secret", CLIENT_SECRET),
        ("redirect_uri", "https://www.zoho.com"),
        ("code", code.as_str()),
    ];
    let response = h
        .client
        .post(h.url("/oauth/v2/token"))
        .form(&form)
        .send()
        .await
        .expect("send");
    let (_, tokens) = json_of(response).await;
    let access = text(&tokens["access_token"]);
    let refresh = text(&tokens["refresh_token"]);
    h.refresh(&refresh).await;
    h.crm("/crm/v2/users?type=AllUsers&page=&per_page=", &access)
        .await;
    h.client
        .post(h.url("/oauth/v2/token/revoke"))
        .query(&[("token", refresh.as_str())])
        .send()
        .await
        .expect("send");

    let log = h.admin_get("/_emulator/requests").await;
    let entries = log.as_array().expect("array");
    assert_eq!(entries.len(), 4);
    let dump = log.to_string();
    for secret in [&code, &access, &refresh, &CLIENT_SECRET.to_string()] {
        assert!(
            !dump.contains(secret.as_str()),
            "{secret} leaked into {dump}"
        );
    }
    assert!(!dump.contains("Zoho-oauthtoken"));
    assert_eq!(entries[0]["method"], "POST");
    assert_eq!(entries[0]["path"], "/oauth/v2/token");
    assert_eq!(
        entries[0]["content_type"],
        "application/x-www-form-urlencoded"
    );
    assert!(
        text(&entries[0]["body"]).contains("client_secret=%5BFILTERED%5D"),
        "{}",
        entries[0]
    );
    assert_eq!(entries[1]["query"]["refresh_token"], "[FILTERED]");
    assert_eq!(entries[1]["query"]["client_id"], CLIENT_ID);
    assert_eq!(
        entries[2]["query"],
        json!({"type": "AllUsers", "page": "", "per_page": ""})
    );
    assert_eq!(entries[2]["body"], json!(null));
    assert!(entries[2]["headers"]["host"].is_string(), "{}", entries[2]);
    assert!(entries[2]["headers"].get("authorization").is_none());
    assert_eq!(entries[3]["query"]["token"], "[FILTERED]");

    let cleared = h
        .client
        .delete(h.url("/_emulator/requests"))
        .send()
        .await
        .expect("send");
    assert_eq!(cleared.status(), StatusCode::OK);
    assert_eq!(h.admin_get("/_emulator/requests").await, json!([]));
}

#[tokio::test]
async fn reset_forgets_tokens_counters_faults_and_log_but_keeps_data() {
    let h = Harness::start();
    let tokens = h.login(Some("late.comer@example.com")).await;
    h.crm_json("/crm/v2/users?type=CurrentUser", &tokens.access)
        .await;
    h.admin_post(
        "/_emulator/faults",
        json!({"path_prefix": "/crm/", "kind": "drop", "times": 9}),
    )
    .await;
    let (status, _) = h.admin_post("/_emulator/reset", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h.emulator.stats(), zcrm_emulator::Stats::default());
    assert_eq!(h.admin_get("/_emulator/requests").await, json!([]));
    let (status, _) = h.crm_json("/crm/v2/org", &tokens.access).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "tokens forgotten, faults cleared"
    );
    let fresh = h.login(None).await;
    let (_, users) = h.crm_json("/crm/v2/users", &fresh.access).await;
    assert_eq!(users["info"]["count"], 5, "the newcomer stays in the org");
}

#[tokio::test]
async fn a_reset_with_records_puts_the_crm_data_back_as_it_started() {
    let h = Harness::with(zcrm_emulator::Options {
        seed_records: 3,
        ..Default::default()
    });
    h.emulator.seed("Leads", 4).expect("seeded");
    let (status, _) = h
        .admin_post("/_emulator/reset", json!({"records": true}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let token = h.login(None).await.access;
    let (_, leads) = h.crm_json("/crm/v2/Leads", &token).await;
    assert_eq!(leads["info"]["count"], 3, "{leads}");
}

#[tokio::test]
async fn admin_calls_are_answered_in_process_as_over_http() {
    let h = Harness::start();
    let (status, body) = h.emulator.admin(
        "POST",
        "faults",
        br#"{"path_prefix": "/crm/v2/org", "kind": "status", "status": 503}"#.to_vec(),
    );
    assert_eq!((status, body.as_str()), (200, r#"{"status":"success"}"#));
    let token = h.login(None).await.access;
    assert_eq!(
        h.crm_json("/crm/v2/org", &token).await.0,
        StatusCode::SERVICE_UNAVAILABLE
    );
    let (status, body) = h.emulator.admin("GET", "requests", Vec::new());
    assert_eq!(status, 200);
    let requests: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert!(
        find(&requests, "path", "/crm/v2/org").is_object(),
        "{requests}"
    );
    let (status, body) = h.emulator.admin("POST", "faults", b"{}".to_vec());
    assert_eq!(status, 400, "{body}");
}
