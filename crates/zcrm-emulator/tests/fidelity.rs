//! Behaviours modelled on what Zoho documents, each with its source in the crate docs'
//! fidelity table: search operators, attachment size, response headers, related-list
//! parameters, scopes, token caps, the redirect URI and user info's missing-scope answer.

mod common;

use common::*;
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;
use serde_json::{json, Value};
use zcrm_emulator::Options;

#[tokio::test]
async fn search_equals_also_finds_values_containing_the_term() {
    let crm = Crm::start().await;
    let abc = crm
        .create("Leads", json!({"Last_Name": "One", "Company": "ABC"}))
        .await;
    let abc_inc = crm
        .create("Leads", json!({"Last_Name": "Two", "Company": "ABC Inc"}))
        .await;
    crm.create("Leads", json!({"Last_Name": "Three", "Company": "Globex"}))
        .await;

    for criteria in [
        "(Company:equals:ABC)",
        "((Company:equals:ABC)and(Last_Name:starts_with:T))or(Last_Name:equals:One)",
    ] {
        let (status, body) = crm.get(&format!("Leads/search?criteria={criteria}")).await;
        assert_eq!(status, StatusCode::OK, "{criteria}: {body}");
        let mut hits = ids_of(&body);
        hits.sort();
        let mut wanted = vec![abc.clone(), abc_inc.clone()];
        wanted.sort();
        assert_eq!(hits, wanted, "{criteria}");
    }
}

#[tokio::test]
async fn search_refuses_operators_v2_does_not_list() {
    let crm = Crm::start().await;
    crm.create("Leads", json!({"Last_Name": "Burns", "Company": "Plant"}))
        .await;
    for criteria in [
        "(Last_Name:in:Burns,Smithers)",
        "(Last_Name:not_equal:Burns)",
        "(Company:equals:Plant)and(Created_Time:greater_than:2019-01-01T00:00:00+05:30)",
        "(Last_Name:between:A,C)",
    ] {
        let (status, body) = crm.get(&format!("Leads/search?criteria={criteria}")).await;
        assert_eq!(
            (status, &body["code"]),
            (StatusCode::BAD_REQUEST, &json!("INVALID_QUERY")),
            "{criteria}: {body}"
        );
    }
}

#[tokio::test]
async fn attachments_may_reach_100_mb() {
    assert_eq!(Options::default().max_attachment_bytes, 100_000_000);
    let crm = Crm::with(Options {
        max_attachment_bytes: 1000,
        ..Options::default()
    })
    .await;
    let lead = crm.create("Leads", json!({"Last_Name": "Burns"})).await;
    let upload = |size: usize| {
        Form::new().part(
            "file",
            Part::bytes(vec![b'x'; size]).file_name("report.txt"),
        )
    };
    let path = format!("Leads/{lead}/Attachments");
    let (status, body) = crm.multipart(&path, upload(1000)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = crm.multipart(&path, upload(1001)).await;
    assert_eq!(
        (status, &body["code"]),
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            &json!("FILE_SIZE_MORE_THAN_ALLOWED")
        )
    );
    assert_eq!(crm.get(&path).await.1["info"]["count"], 1);
}

#[tokio::test]
async fn crm_answers_carry_no_invented_rate_limit_headers() {
    let crm = Crm::start().await;
    crm.create("Leads", json!({"Last_Name": "Burns"})).await;
    let response = crm.get_with("Leads", &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let invented: Vec<_> = response
        .headers()
        .keys()
        .filter(|name| name.as_str().starts_with("x-ratelimit"))
        .collect();
    assert!(invented.is_empty(), "{invented:?}");
}

#[tokio::test]
async fn related_lists_ignore_the_undocumented_sort_parameters() {
    let crm = Crm::start().await;
    let account = crm
        .create("Accounts", json!({"Account_Name": "Moe's"}))
        .await;
    let mut contacts = Vec::new();
    for name in ["Adams", "Zimmer", "Barney"] {
        let id = crm
            .create(
                "Contacts",
                json!({"Last_Name": name, "Account_Name": account}),
            )
            .await;
        contacts.push(id);
    }
    let (_, plain) = crm.get(&format!("Accounts/{account}/Contacts")).await;
    let (status, sorted) = crm
        .get(&format!(
            "Accounts/{account}/Contacts?sort_by_field=Last_Name&sort_order=desc"
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{sorted}");
    assert_eq!(ids_of(&sorted), contacts);
    assert_eq!(ids_of(&sorted), ids_of(&plain));
}

const LEADS_ONLY: &str = "ZohoCRM.modules.leads.READ,AaaServer.profile.Read";

async fn scoped_login(h: &Harness, scope: &str) -> Tokens {
    let code = h
        .emulator
        .issue_grant_with_scope(None, scope)
        .expect("a grant");
    let (status, body) = h.exchange(&code).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    Tokens {
        access: text(&body["access_token"]),
        refresh: text(&body["refresh_token"]),
    }
}

fn scope_mismatch() -> (StatusCode, Value) {
    (
        StatusCode::UNAUTHORIZED,
        json!({"code": "OAUTH_SCOPE_MISMATCH", "details": {},
               "message": "invalid oauth scope to access this URL", "status": "error"}),
    )
}

#[tokio::test]
async fn tokens_reach_only_what_their_grant_allows() {
    let h = Harness::start();
    let tokens = scoped_login(&h, LEADS_ONLY).await;
    let (status, _) = h.crm_json("/crm/v2/Leads", &tokens.access).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    for path in [
        "/crm/v2/Contacts",
        "/crm/v2/settings/modules",
        "/crm/v2/users",
        "/crm/v2/org",
        "/crm/v2/Leads/search?criteria=(Last_Name:equals:x)",
    ] {
        assert_eq!(
            h.crm_json(path, &tokens.access).await,
            scope_mismatch(),
            "{path}"
        );
    }
    let created = h
        .client
        .post(h.url("/crm/v2/Leads"))
        .header(
            "Authorization",
            format!("Zoho-oauthtoken {}", tokens.access),
        )
        .body(json!({"data": [{"Last_Name": "Burns"}]}).to_string())
        .send()
        .await
        .expect("post");
    assert_eq!(
        json_of(created).await,
        scope_mismatch(),
        "READ is not CREATE"
    );

    let (_, refreshed) = h.refresh(&tokens.refresh).await;
    let access = text(&refreshed["access_token"]);
    assert_eq!(
        h.crm_json("/crm/v2/Contacts", &access).await,
        scope_mismatch(),
        "refreshed tokens keep the grant's scopes"
    );
}

#[tokio::test]
async fn only_record_search_needs_the_search_scope() {
    let h = Harness::start();
    let users = scoped_login(&h, "ZohoCRM.users.READ").await;
    let (status, body) = h
        .crm_json(
            "/crm/v2/users/search?criteria=(email:starts_with:demo)",
            &users.access,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let searcher = scoped_login(
        &h,
        "ZohoCRM.modules.leads.READ,ZohoSearch.securesearch.READ",
    )
    .await;
    let (status, body) = h
        .crm_json(
            "/crm/v2/Leads/search?criteria=(Last_Name:equals:x)",
            &searcher.access,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
}

/// The consent page's answer, not followed.
async fn consent(h: &Harness, redirect_uri: &str, scope: Option<&str>) -> reqwest::Response {
    let mut query = vec![
        ("client_id", CLIENT_ID),
        ("response_type", "code"),
        ("redirect_uri", redirect_uri),
    ];
    query.extend(scope.map(|s| ("scope", s)));
    h.consent(&query).await
}

/// The grant code of an approved consent request.
async fn consented_code(h: &Harness, redirect_uri: &str, scope: &str) -> String {
    let approved = consent(h, redirect_uri, Some(scope)).await;
    assert_eq!(approved.status(), StatusCode::FOUND);
    redirect_query(&approved).remove("code").unwrap_or_default()
}

#[tokio::test]
async fn the_consent_page_grants_the_scopes_it_was_asked_for() {
    let h = Harness::start();
    let elsewhere = consent(&h, "https://attacker.example/cb", Some(LEADS_ONLY)).await;
    assert_eq!(elsewhere.status(), StatusCode::BAD_REQUEST);
    let unscoped = consent(&h, "https://www.zoho.com", None).await;
    assert_eq!(unscoped.status(), StatusCode::BAD_REQUEST);

    let code = consented_code(&h, "https://www.zoho.com", LEADS_ONLY).await;
    let (_, body) = h.exchange(&code).await;
    let access = text(&body["access_token"]);
    assert_eq!(
        h.crm_json("/crm/v2/Leads", &access).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(h.crm_json("/crm/v2/Deals", &access).await, scope_mismatch());
}

#[tokio::test]
async fn user_info_without_the_profile_scope_answers_status_code_405() {
    let h = Harness::start();
    let tokens = scoped_login(&h, "ZohoCRM.modules.ALL").await;
    let response = h.crm("/oauth/user/info", &tokens.access).await;
    assert_eq!(
        response.headers()["content-disposition"],
        "attachment;filename*=\"error.json\""
    );
    assert_eq!(
        json_of(response).await,
        (StatusCode::OK, json!({"status_code": 405}))
    );
    let with_profile = scoped_login(&h, LEADS_ONLY).await;
    let (status, body) = h.crm_json("/oauth/user/info", &with_profile.access).await;
    assert_eq!(
        (status, &body["Email"]),
        (StatusCode::OK, &json!("demo@example.com"))
    );
}

#[tokio::test]
async fn the_sixteenth_access_token_of_a_refresh_token_invalidates_the_oldest() {
    let h = Harness::with(Options {
        refresh_limit: 100,
        ..Options::default()
    });
    let first = h.login(None).await;
    let mut access = vec![first.access.clone()];
    for _ in 0..14 {
        let (_, body) = h.refresh(&first.refresh).await;
        access.push(text(&body["access_token"]));
    }
    for token in &access {
        assert_eq!(h.crm_json("/crm/v2/org", token).await.0, StatusCode::OK);
    }
    let (_, body) = h.refresh(&first.refresh).await;
    access.push(text(&body["access_token"]));
    let (status, body) = h.crm_json("/crm/v2/org", &access[0]).await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::UNAUTHORIZED, &json!("INVALID_TOKEN"))
    );
    for token in &access[1..] {
        assert_eq!(h.crm_json("/crm/v2/org", token).await.0, StatusCode::OK);
    }
    let other = h.login(None).await;
    assert_eq!(
        h.crm_json("/crm/v2/org", &other.access).await.0,
        StatusCode::OK,
        "the cap is per refresh token"
    );
}

#[tokio::test]
async fn the_twenty_first_refresh_token_of_a_user_deletes_the_first_and_its_access_tokens() {
    let h = Harness::start();
    let mut logins = Vec::new();
    // Zoho mints 10 refresh tokens per user in 10 minutes: twenty take twenty minutes.
    for _ in 0..2 {
        for _ in 0..10 {
            logins.push(h.login(None).await);
        }
        h.emulator
            .advance_clock(std::time::Duration::from_secs(600));
    }
    let someone_else = h.login(Some("jane.doe@example.org")).await;
    assert_eq!(
        h.crm_json("/crm/v2/org", &logins[0].access).await.0,
        StatusCode::OK
    );
    logins.push(h.login(None).await);

    let (status, body) = h.crm_json("/crm/v2/org", &logins[0].access).await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::UNAUTHORIZED, &json!("INVALID_TOKEN"))
    );
    assert_eq!(
        h.refresh(&logins[0].refresh).await,
        (StatusCode::OK, json!({"error": "invalid_code"}))
    );
    for login in &logins[1..] {
        assert_eq!(
            h.crm_json("/crm/v2/org", &login.access).await.0,
            StatusCode::OK
        );
    }
    assert!(h.refresh(&logins[1].refresh).await.1["access_token"].is_string());
    assert!(h.refresh(&someone_else.refresh).await.1["access_token"].is_string());
}

#[tokio::test]
async fn a_consent_grant_is_exchanged_only_with_the_registered_redirect_uri() {
    const REGISTERED: &str = "https://app.example/oauth/callback";
    let h = Harness::with(Options {
        redirect_uri: REGISTERED.to_string(),
        ..Options::default()
    });
    let exchange = |code: String, redirect_uri: Option<&'static str>| {
        let h = &h;
        async move {
            let mut params = vec![
                ("grant_type", "authorization_code"),
                ("client_id", CLIENT_ID),
                ("client_secret", CLIENT_SECRET),
                ("code", code.as_str()),
            ];
            params.extend(redirect_uri.map(|r| ("redirect_uri", r)));
            h.post_token(&params).await
        }
    };
    let refused = (StatusCode::OK, json!({"error": "invalid_redirect_uri"}));

    let code = consented_code(&h, REGISTERED, LEADS_ONLY).await;
    assert_eq!(
        exchange(code.clone(), Some("https://www.zoho.com")).await,
        refused
    );
    assert_eq!(
        exchange(code, Some(REGISTERED)).await,
        (StatusCode::OK, json!({"error": "invalid_code"})),
        "the code is used up"
    );
    let code = consented_code(&h, REGISTERED, LEADS_ONLY).await;
    assert_eq!(exchange(code, None).await, refused);
    let code = consented_code(&h, REGISTERED, LEADS_ONLY).await;
    let (status, body) = exchange(code, Some(REGISTERED)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body["access_token"].is_string(), "{body}");

    // A Self Client code is exchanged with client_id, client_secret, grant_type and code.
    for redirect_uri in [None, Some("https://anything.example")] {
        let (_, body) =
            exchange(h.emulator.issue_grant(None).expect("a grant"), redirect_uri).await;
        assert!(body["access_token"].is_string(), "{redirect_uri:?}: {body}");
    }
}
