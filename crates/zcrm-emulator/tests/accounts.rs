mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::json;
use zcrm_emulator::Options;

#[tokio::test]
async fn grant_exchange_returns_zoho_tokens_and_codes_are_single_use() {
    let h = Harness::start();
    let code = h.emulator.issue_grant(None).expect("a grant");
    assert!(is_zoho_token(&code));
    let (status, body) = h.exchange(&code).await;
    assert_eq!(status, StatusCode::OK);
    assert!(is_zoho_token(&text(&body["access_token"])), "{body}");
    assert!(is_zoho_token(&text(&body["refresh_token"])), "{body}");
    assert_eq!(body["api_domain"], json!(h.emulator.base_url()));
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);

    let (status, again) = h.exchange(&code).await;
    assert_eq!(status, StatusCode::OK, "Zoho reports token errors with 200");
    assert_eq!(again, json!({"error": "invalid_code"}));
    let (_, unknown) = h.exchange("1000.nope.nope").await;
    assert_eq!(unknown, json!({"error": "invalid_code"}));
    assert_eq!(h.emulator.stats().token_exchanges, 1);
}

#[tokio::test]
async fn expires_in_follows_the_configured_ttl() {
    let h = Harness::with(Options {
        access_token_ttl_secs: 42,
        ..Options::default()
    });
    let (_, body) = h
        .exchange(&h.emulator.issue_grant(None).expect("a grant"))
        .await;
    assert_eq!(body["expires_in"], 42);
}

#[tokio::test]
async fn wrong_client_or_secret_is_refused_without_using_up_the_code() {
    let h = Harness::start();
    let code = h.emulator.issue_grant(None).expect("a grant");
    let base = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
    ];
    let (status, body) = h
        .post_token(&[
            base[0],
            base[1],
            ("client_id", "other"),
            ("client_secret", CLIENT_SECRET),
        ])
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!({"error": "invalid_client"}));
    let (_, body) = h
        .post_token(&[
            base[0],
            base[1],
            ("client_id", CLIENT_ID),
            ("client_secret", "wrong"),
        ])
        .await;
    assert_eq!(body, json!({"error": "invalid_client_secret"}));
    let (_, body) = h.exchange(&code).await;
    assert!(body["access_token"].is_string(), "{body}");
}

#[tokio::test]
async fn parameters_may_come_in_a_form_or_multipart_body() {
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
    let (_, body) = json_of(response).await;
    let refresh = text(&body["refresh_token"]);
    assert!(is_zoho_token(&refresh), "{body}");

    let multipart = reqwest::multipart::Form::new()
        .text("grant_type", "refresh_token")
        .text("client_id", CLIENT_ID)
        .text("client_secret", CLIENT_SECRET)
        .text("refresh_token", refresh);
    let response = h
        .client
        .post(h.url("/oauth/v2/token"))
        .multipart(multipart)
        .send()
        .await
        .expect("send");
    let (_, body) = json_of(response).await;
    assert!(body["access_token"].is_string(), "{body}");
}

#[tokio::test]
async fn legacy_query_only_request_with_null_body_and_raw_redirect_uri_works() {
    let h = Harness::start();
    let code = h.emulator.issue_grant(None).expect("a grant");
    // The old gem builds the query by hand, without URL-encoding.
    let url = format!(
        "{}?grant_type=authorization_code&client_id={CLIENT_ID}&client_secret={CLIENT_SECRET}\
         &redirect_uri=https://www.zoho.com&code={code}",
        h.url("/oauth/v2/token")
    );
    let response = h.client.post(url).body("null").send().await.expect("send");
    let (_, body) = json_of(response).await;
    assert!(body["access_token"].is_string(), "{body}");
}

#[tokio::test]
async fn refresh_mints_a_new_access_token_without_a_refresh_token() {
    let h = Harness::start();
    let tokens = h.login(None).await;
    let (status, body) = h.refresh(&tokens.refresh).await;
    assert_eq!(status, StatusCode::OK);
    let access = text(&body["access_token"]);
    assert!(is_zoho_token(&access));
    assert_ne!(access, tokens.access);
    assert!(body.get("refresh_token").is_none(), "{body}");
    assert_eq!(body["api_domain"], json!(h.emulator.base_url()));
    let (status, _) = h.crm_json("/crm/v2/org", &access).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = h.crm_json("/crm/v2/org", &tokens.access).await;
    assert_eq!(status, StatusCode::OK, "older access tokens stay valid");

    let (_, bad) = h.refresh("1000.unknown.token").await;
    assert_eq!(bad, json!({"error": "invalid_code"}));
    assert_eq!(h.emulator.stats().refreshes, 1);
}

#[tokio::test]
async fn refresh_limit_is_enforced_per_refresh_token() {
    let h = Harness::with(Options {
        refresh_limit: 3,
        ..Options::default()
    });
    let first = h.login(None).await;
    let second = h.login(None).await;
    for _ in 0..3 {
        let (_, body) = h.refresh(&first.refresh).await;
        assert!(body["access_token"].is_string(), "{body}");
    }
    let (status, body) = h.refresh(&first.refresh).await;
    assert_eq!(status, StatusCode::OK, "Zoho refuses with HTTP 200");
    assert_eq!(
        body,
        json!({
            "error": "Access Denied",
            "error_description":
                "You have made too many requests continuously. Please try again after some time.",
            "status": "failure",
        })
    );
    let (_, other) = h.refresh(&second.refresh).await;
    assert!(
        other["access_token"].is_string(),
        "the limit is per refresh token"
    );
    let stats = h.emulator.stats();
    assert_eq!((stats.refreshes, stats.refresh_rejections), (4, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn refresh_limit_is_exact_under_concurrency() {
    let h = std::sync::Arc::new(Harness::start());
    let tokens = h.login(None).await;
    let tasks: Vec<_> = (0..30)
        .map(|_| {
            let h = h.clone();
            let refresh = tokens.refresh.clone();
            tokio::spawn(async move { h.refresh(&refresh).await.1["access_token"].is_string() })
        })
        .collect();
    let mut granted = 0;
    for task in tasks {
        granted += usize::from(task.await.expect("task"));
    }
    assert_eq!(granted, 10);
    let stats = h.emulator.stats();
    assert_eq!((stats.refreshes, stats.refresh_rejections), (10, 20));
}

#[tokio::test]
async fn revoke_kills_the_refresh_token_and_its_access_tokens() {
    let h = Harness::start();
    let tokens = h.login(None).await;
    let other = h.login(None).await;
    let response = h
        .client
        .post(h.url("/oauth/v2/token/revoke"))
        .query(&[("token", tokens.refresh.as_str())])
        .send()
        .await
        .expect("send");
    assert_eq!(
        json_of(response).await,
        (StatusCode::OK, json!({"status": "success"}))
    );

    let (status, body) = h.crm_json("/crm/v2/org", &tokens.access).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "INVALID_TOKEN");
    assert_eq!(
        h.refresh(&tokens.refresh).await.1,
        json!({"error": "invalid_code"})
    );
    assert_eq!(
        h.crm_json("/crm/v2/org", &other.access).await.0,
        StatusCode::OK
    );

    let again = h
        .client
        .post(h.url("/oauth/v2/token/revoke"))
        .form(&[("token", tokens.refresh.as_str())])
        .send()
        .await
        .expect("send");
    let (status, body) = json_of(again).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["status"], "failure");

    let by_body = h
        .client
        .post(h.url("/oauth/v2/token/revoke"))
        .form(&[("token", other.refresh.as_str())])
        .send()
        .await
        .expect("send");
    assert_eq!(json_of(by_body).await.0, StatusCode::OK);
    assert_eq!(h.emulator.stats().revocations, 2);
}

#[tokio::test]
async fn user_info_names_the_grant_owner() {
    let h = Harness::start();
    let tokens = h.login(None).await;
    let (status, body) = h.crm_json("/oauth/user/info", &tokens.access).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["Email"], "demo@example.com");
    assert!(body["ZUID"].is_u64(), "{body}");
    for key in ["First_Name", "Last_Name", "Display_Name"] {
        assert!(body[key].is_string(), "{key} in {body}");
    }

    let jane = h.login(Some("jane.doe@example.org")).await;
    let (_, body) = h.crm_json("/oauth/user/info", &jane.access).await;
    assert_eq!(body["Email"], "jane.doe@example.org");
    assert_eq!(body["First_Name"], "Jane");

    let (status, body) = h.crm_json("/oauth/user/info", "1000.bad.token").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body.get("Email").is_none());
}

#[tokio::test]
async fn consent_page_redirects_with_a_grant_code() {
    let h = Harness::start();
    let response = h
        .consent(&[
            ("scope", "ZohoCRM.modules.ALL,AaaServer.profile.Read"),
            ("client_id", CLIENT_ID),
            ("response_type", "code"),
            ("access_type", "offline"),
            ("redirect_uri", "https://www.zoho.com"),
            ("state", "xyz"),
        ])
        .await;
    assert_eq!(response.status(), StatusCode::FOUND);
    let query = redirect_query(&response);
    assert_eq!(query["state"], "xyz");
    assert_eq!(query["location"], "us");
    assert_eq!(query["accounts-server"], h.emulator.base_url());
    assert!(h.exchange(&query["code"]).await.1["access_token"].is_string());
}

const AUTHORIZATION: [(&str, &str); 7] = [
    ("scope", "ZohoCRM.modules.ALL,AaaServer.profile.Read"),
    ("client_id", CLIENT_ID),
    ("response_type", "code"),
    ("access_type", "offline"),
    ("prompt", "consent"),
    ("redirect_uri", "https://www.zoho.com"),
    ("state", "a\"<b>"),
];

#[tokio::test]
async fn the_consent_page_shows_the_client_and_scopes_and_carries_the_request() {
    let h = Harness::start();
    let page = h.consent_page(&AUTHORIZATION).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("html");
    assert!(html.contains("ZCRMSDK Emulator App"), "{html}");
    assert!(html.contains("<li class=\"scope\">ZohoCRM.modules.ALL</li>"));
    assert!(html.contains("<li class=\"scope\">AaaServer.profile.Read</li>"));
    assert!(html.contains("value=\"accept\">Accept</button>"));
    assert!(html.contains("value=\"reject\">Reject</button>"));
    assert!(html.contains("name=\"state\" value=\"a&quot;&lt;b&gt;\""));
    assert_eq!(h.emulator.stats().grants_issued, 0, "nothing granted yet");
}

#[tokio::test]
async fn the_consent_page_refuses_requests_zoho_refuses() {
    let h = Harness::start();
    let mut wrong_type = AUTHORIZATION.to_vec();
    wrong_type[2] = ("response_type", "token");
    let mut elsewhere = AUTHORIZATION.to_vec();
    elsewhere[5] = ("redirect_uri", "https://attacker.example/cb");
    for query in [wrong_type, elsewhere] {
        assert_eq!(
            h.consent_page(&query).await.status(),
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            h.consent(&query).await.status(),
            StatusCode::BAD_REQUEST,
            "the form cannot skip the page's checks"
        );
    }
}

#[tokio::test]
async fn rejecting_consent_redirects_with_access_denied_and_the_state() {
    let h = Harness::start();
    let response = h.decide_consent(&AUTHORIZATION, "reject").await;
    assert_eq!(response.status(), StatusCode::FOUND);
    let query = redirect_query(&response);
    assert_eq!(query["error"], "access_denied");
    assert_eq!(query["state"], "a\"<b>");
    assert!(!query.contains_key("code"));
    assert_eq!(h.emulator.stats().grants_issued, 0);
}
