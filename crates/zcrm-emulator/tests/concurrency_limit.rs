//! Zoho's per-org concurrency limit (`Options::concurrency_limit`): one request past it is
//! answered 429 TOO_MANY_REQUESTS, and the stats count the peak and the refusals.

mod common;

use common::Harness;
use reqwest::StatusCode;
use serde_json::{json, Value};
use zcrm_emulator::Options;

/// Three `GET org` at once, the first `slow` of them held `latency_ms` so that they overlap.
async fn three_at_once(
    h: &Harness,
    token: &str,
    latency_ms: u64,
    slow: u32,
) -> [(StatusCode, Value); 3] {
    let fault = json!({"path_prefix": "/crm/v2/org", "kind": "latency", "latency_ms": latency_ms, "times": slow});
    assert_eq!(
        h.admin_post("/_emulator/faults", fault).await.0,
        StatusCode::OK
    );
    let (a, b, c) = tokio::join!(
        h.crm_json("/crm/v2/org", token),
        h.crm_json("/crm/v2/org", token),
        h.crm_json("/crm/v2/org", token),
    );
    [a, b, c]
}

#[tokio::test]
async fn a_request_past_the_limit_gets_too_many_requests_and_is_counted() {
    let h = Harness::with(Options {
        concurrency_limit: 2,
        ..Options::default()
    });
    let tokens = h.login(None).await;
    // The two admitted requests stay in flight long enough for the third to arrive.
    let answers = three_at_once(&h, &tokens.access, 400, 2).await;
    let refused: Vec<_> = answers
        .iter()
        .filter(|(status, _)| *status == StatusCode::TOO_MANY_REQUESTS)
        .collect();
    assert_eq!(refused.len(), 1, "{answers:?}");
    assert_eq!(refused[0].1["code"], "TOO_MANY_REQUESTS");
    assert_eq!(
        answers.iter().filter(|(s, _)| *s == StatusCode::OK).count(),
        2
    );
    // Finished requests free their places.
    assert_eq!(
        h.crm_json("/crm/v2/org", &tokens.access).await.0,
        StatusCode::OK
    );
    let stats = h.emulator.stats();
    assert_eq!(stats.concurrency_rejections, 1);
    assert_eq!(stats.max_concurrent_crm_requests, 2);
    assert_eq!(stats.crm_requests, 4);
}

#[tokio::test]
async fn without_a_limit_nothing_is_refused_and_the_peak_is_still_counted() {
    let h = Harness::start();
    let tokens = h.login(None).await;
    let answers = three_at_once(&h, &tokens.access, 300, 3).await;
    assert!(answers.iter().all(|(s, _)| *s == StatusCode::OK));
    let stats = h.emulator.stats();
    assert_eq!(stats.concurrency_rejections, 0);
    assert_eq!(stats.max_concurrent_crm_requests, 3);
}
