//! Zoho's limits on generating tokens, per its token-validity page and Kaizen #43: 10 grant
//! codes per client ID and 10 refresh tokens per user per client in 10 minutes. The windows
//! slide on the emulator's Accounts clock, which these tests move instead of waiting.

mod common;

use std::collections::HashMap;
use std::time::Duration;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use zcrm_emulator::Options;

const TEN_MINUTES: Duration = Duration::from_secs(600);

fn access_denied() -> Value {
    json!({
        "error": "Access Denied",
        "error_description":
            "You have made too many requests continuously. Please try again after some time.",
        "status": "failure",
    })
}

/// The query of the consent page's redirect.
async fn consent(h: &Harness) -> HashMap<String, String> {
    let response = h
        .consent(&[
            ("scope", "ZohoCRM.modules.ALL"),
            ("client_id", CLIENT_ID),
            ("response_type", "code"),
            ("redirect_uri", "https://www.zoho.com"),
            ("state", "xyz"),
        ])
        .await;
    assert_eq!(response.status(), StatusCode::FOUND);
    redirect_query(&response)
}

#[tokio::test]
async fn the_eleventh_grant_in_ten_minutes_is_refused_wherever_it_is_asked_for() {
    let h = Harness::start();
    for _ in 0..10 {
        assert!(h.emulator.issue_grant(None).is_ok());
    }

    let refused = h.emulator.issue_grant(None).expect_err("the 11th grant");
    assert_eq!((refused.limit, refused.window_secs), (10, 600));
    assert!(refused.to_string().contains("grant_limit"), "{refused}");
    assert!(h
        .emulator
        .issue_grant_with_scope(Some("jane.doe@example.org"), "ZohoCRM.modules.ALL")
        .is_err());

    let (status, body) = h.admin_post("/_emulator/grants", json!({})).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["error"], "access_denied");
    assert!(text(&body["message"]).contains("--grant-limit"), "{body}");

    let redirect = consent(&h).await;
    assert_eq!(
        redirect.get("error").map(String::as_str),
        Some("access_denied")
    );
    assert_eq!(redirect.get("state").map(String::as_str), Some("xyz"));
    assert!(!redirect.contains_key("code"), "{redirect:?}");

    let stats = h.emulator.stats();
    assert_eq!((stats.grants_issued, stats.grant_rejections), (10, 4));
}

#[tokio::test]
async fn the_grant_window_slides() {
    let h = Harness::start();
    for _ in 0..5 {
        assert!(h.emulator.issue_grant(None).is_ok());
    }
    h.emulator.advance_clock(Duration::from_secs(300));
    for _ in 0..5 {
        assert!(h.emulator.issue_grant(None).is_ok());
    }
    assert!(h.emulator.issue_grant(None).is_err());

    h.emulator.advance_clock(Duration::from_secs(300));
    for _ in 0..5 {
        assert!(h.emulator.issue_grant(None).is_ok(), "the first five left");
    }
    assert!(h.emulator.issue_grant(None).is_err());
    assert!(consent(&h).await.contains_key("error"));

    h.emulator.advance_clock(TEN_MINUTES);
    assert!(consent(&h).await.contains_key("code"));
}

#[tokio::test]
async fn a_raised_grant_limit_allows_more() {
    let h = Harness::with(Options {
        grant_limit: 12,
        ..Options::default()
    });
    for _ in 0..12 {
        assert!(h.emulator.issue_grant(None).is_ok());
    }
    assert_eq!(
        h.emulator.issue_grant(None).expect_err("the 13th").limit,
        12
    );
}

#[tokio::test]
async fn the_eleventh_refresh_token_of_a_user_in_ten_minutes_is_access_denied_and_uses_up_the_code()
{
    let h = Harness::with(Options {
        grant_limit: 100,
        ..Options::default()
    });
    for _ in 0..10 {
        h.login(None).await;
    }
    let code = h.emulator.issue_grant(None).expect("a grant");
    assert_eq!(
        h.exchange(&code).await,
        (StatusCode::OK, access_denied()),
        "Zoho refuses with HTTP 200"
    );
    assert_eq!(
        h.exchange(&code).await,
        (StatusCode::OK, json!({"error": "invalid_code"})),
        "the refused code is used up (unverified: the harder reading)"
    );

    let jane = h.login(Some("jane.doe@example.org")).await;
    assert!(is_zoho_token(&jane.refresh), "the limit is per user");

    let stats = h.emulator.stats();
    assert_eq!(
        (stats.token_exchanges, stats.refresh_token_rejections),
        (11, 1)
    );
}

#[tokio::test]
async fn the_refresh_token_window_slides() {
    let h = Harness::with(Options {
        grant_limit: 100,
        refresh_token_limit: 2,
        ..Options::default()
    });
    h.login(None).await;
    h.emulator.advance_clock(Duration::from_secs(599));
    h.login(None).await;
    let code = h.emulator.issue_grant(None).expect("a grant");
    assert_eq!(h.exchange(&code).await.1, access_denied());

    h.emulator.advance_clock(Duration::from_secs(1));
    let code = h.emulator.issue_grant(None).expect("a grant");
    assert!(h.exchange(&code).await.1["refresh_token"].is_string());
}

#[tokio::test]
async fn refresh_limit_window_slides() {
    let h = Harness::with(Options {
        refresh_limit: 1,
        ..Options::default()
    });
    let tokens = h.login(None).await;
    assert!(h.refresh(&tokens.refresh).await.1["access_token"].is_string());
    h.emulator.advance_clock(Duration::from_secs(599));
    assert_eq!(h.refresh(&tokens.refresh).await.1, access_denied());
    h.emulator.advance_clock(Duration::from_secs(1));
    assert!(h.refresh(&tokens.refresh).await.1["access_token"].is_string());
}

#[tokio::test]
async fn access_tokens_and_codes_age_with_the_accounts_clock() {
    let h = Harness::start();
    let tokens = h.login(None).await;
    let code = h.emulator.issue_grant(None).expect("a grant");
    h.emulator.advance_clock(Duration::from_secs(180));
    assert_eq!(
        h.exchange(&code).await.1,
        json!({"error": "invalid_code"}),
        "a grant code lives 180 s"
    );
    assert_eq!(
        h.crm_json("/crm/v2/org", &tokens.access).await.0,
        StatusCode::OK
    );
    h.emulator.advance_clock(Duration::from_secs(3600 - 180));
    let (status, body) = h.crm_json("/crm/v2/org", &tokens.access).await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::UNAUTHORIZED, &json!("INVALID_TOKEN"))
    );
}

#[tokio::test]
async fn a_reset_forgets_the_windows() {
    let h = Harness::start();
    for _ in 0..10 {
        assert!(h.emulator.issue_grant(None).is_ok());
    }
    assert_eq!(
        h.admin_post("/_emulator/reset", json!({})).await.0,
        StatusCode::OK
    );
    assert!(h.emulator.issue_grant(None).is_ok());
}
