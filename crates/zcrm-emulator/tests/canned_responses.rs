//! The `respond` fault: the emulator answers the next N matching requests with exactly the
//! status, headers and body the test gave, then goes back to its own behaviour.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_canned_multi_status_answer_is_sent_as_given_then_the_emulator_answers_again() {
    let h = Harness::start();
    let tokens = h.login(None).await;
    let body = r#"{"data":[{"code":"SUCCESS","details":{"id":"1"},"message":"record added","status":"success"}]}"#;
    let spec = json!({"path_prefix": "/crm/v2/org", "kind": "respond", "status": 207,
                      "body": body, "headers": {"X-Canned": "yes"}, "times": 2});
    assert_eq!(
        h.admin_post("/_emulator/faults", spec).await.0,
        StatusCode::OK
    );

    for _ in 0..2 {
        let response = h.crm("/crm/v2/org", &tokens.access).await;
        assert_eq!(response.status(), StatusCode::MULTI_STATUS);
        assert_eq!(response.headers()["x-canned"], "yes");
        assert_eq!(
            response.headers()["content-type"],
            "application/json;charset=UTF-8"
        );
        assert_eq!(response.text().await.expect("body"), body);
    }
    let (status, org) = h.crm_json("/crm/v2/org", &tokens.access).await;
    assert_eq!(status, StatusCode::OK);
    assert!(org["org"].is_array(), "{org}");
    assert_eq!(h.emulator.stats().faults_injected, 2);
}

#[tokio::test]
async fn a_canned_answer_can_be_empty_or_a_token_error_with_status_200() {
    let h = Harness::start();
    let tokens = h.login(None).await;
    h.admin_post(
        "/_emulator/faults",
        json!({"path_prefix": "/crm/v2/Leads", "kind": "respond", "status": 204}),
    )
    .await;
    let response = h.crm("/crm/v2/Leads", &tokens.access).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(response.headers().get("content-type").is_none());
    assert!(response.bytes().await.expect("body").is_empty());

    h.admin_post(
        "/_emulator/faults",
        json!({"path_prefix": "/oauth/v2/token", "kind": "respond", "status": 200,
               "body": r#"{"error":"invalid_client"}"#}),
    )
    .await;
    let (status, body) = h.refresh(&tokens.refresh).await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({"error": "invalid_client"}))
    );
    assert_eq!(
        h.emulator.stats().refreshes,
        0,
        "the real endpoint never ran"
    );
}

#[tokio::test]
async fn a_canned_answer_that_cannot_be_sent_is_refused_with_the_reason() {
    let h = Harness::start();
    for (spec, reason) in [
        (
            json!({"path_prefix": "/", "kind": "respond", "status": 204, "body": "{}"}),
            "no body",
        ),
        (
            json!({"path_prefix": "/", "kind": "respond", "status": 200, "headers": {"X-Bad": "a\nb"}}),
            "X-Bad",
        ),
        (json!({"path_prefix": "/", "kind": "respond"}), "status"),
    ] {
        let (status, body) = h.admin_post("/_emulator/faults", spec).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let message = text(&body["error"]);
        assert!(message.contains(reason), "{message}");
    }
    assert_eq!(h.emulator.stats().faults_injected, 0);
}
