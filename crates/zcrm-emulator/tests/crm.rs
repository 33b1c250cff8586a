mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

#[tokio::test]
async fn requests_without_a_proper_header_fail_authentication() {
    let h = Harness::start();
    let missing = h
        .client
        .get(h.url("/crm/v2/org"))
        .send()
        .await
        .expect("send");
    let expected = json!({
        "code": "AUTHENTICATION_FAILURE", "details": {},
        "message": "Authentication failed", "status": "error"
    });
    assert_eq!(
        json_of(missing).await,
        (StatusCode::UNAUTHORIZED, expected.clone())
    );
    let tokens = h.login(None).await;
    let bearer = h
        .client
        .get(h.url("/crm/v2/org"))
        .bearer_auth(&tokens.access)
        .send()
        .await
        .expect("send");
    assert_eq!(json_of(bearer).await, (StatusCode::UNAUTHORIZED, expected));
}

#[tokio::test]
async fn unknown_tokens_get_invalid_token() {
    let h = Harness::start();
    let (status, body) = h.crm_json("/crm/v2/users", "1000.abc.def").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        body,
        json!({"code": "INVALID_TOKEN", "details": {}, "message": "invalid oauth token", "status": "error"})
    );
    assert_eq!(h.emulator.stats().invalid_token_responses, 1);
}

#[tokio::test]
async fn expired_access_tokens_get_invalid_token_until_refreshed() {
    let h = Harness::start();
    let tokens = h.login(None).await;
    assert_eq!(
        h.crm_json("/crm/v2/org", &tokens.access).await.0,
        StatusCode::OK
    );
    h.emulator.expire_access_tokens();
    let (status, body) = h.crm_json("/crm/v2/org", &tokens.access).await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::UNAUTHORIZED, &json!("INVALID_TOKEN"))
    );
    let (_, refreshed) = h.refresh(&tokens.refresh).await;
    let access = text(&refreshed["access_token"]);
    assert_eq!(h.crm_json("/crm/v2/org", &access).await.0, StatusCode::OK);

    h.admin_post("/_emulator/expire_access_tokens", json!({}))
        .await;
    assert_eq!(
        h.crm_json("/crm/v2/org", &access).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(h.emulator.stats().invalid_token_responses, 2);
}

#[tokio::test]
async fn access_tokens_expire_after_their_ttl() {
    let h = Harness::with(zcrm_emulator::Options {
        access_token_ttl_secs: 1,
        ..Default::default()
    });
    let tokens = h.login(None).await;
    assert_eq!(
        h.crm_json("/crm/v2/org", &tokens.access).await.0,
        StatusCode::OK
    );
    h.emulator.advance_clock(std::time::Duration::from_secs(2));
    assert_eq!(
        h.crm_json("/crm/v2/org", &tokens.access).await.0,
        StatusCode::UNAUTHORIZED
    );
}

async fn user_count(h: &Harness, access: &str, kind: &str) -> usize {
    let path = format!("/crm/v2/users?type={kind}&page=&per_page=");
    let (status, body) = h.crm_json(&path, access).await;
    if status == StatusCode::NO_CONTENT {
        return 0;
    }
    assert_eq!(status, StatusCode::OK, "{kind}: {body}");
    let users = body["users"].as_array().expect("users array");
    assert_eq!(body["info"]["count"], users.len());
    users.len()
}

#[tokio::test]
async fn each_user_type_selects_its_users() {
    let h = Harness::start();
    let tokens = h.login(None).await;
    let expected = [
        ("AllUsers", 4),
        ("ActiveUsers", 3),
        ("DeactiveUsers", 1),
        ("ConfirmedUsers", 3),
        ("NotConfirmedUsers", 1),
        ("DeletedUsers", 1),
        ("ActiveConfirmedUsers", 2),
        ("AdminUsers", 2),
        ("ActiveConfirmedAdmins", 1),
        ("CurrentUser", 1),
    ];
    for (kind, count) in expected {
        assert_eq!(user_count(&h, &tokens.access, kind).await, count, "{kind}");
    }
    let (status, body) = h
        .crm_json("/crm/v2/users?type=Everyone", &tokens.access)
        .await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::BAD_REQUEST, &json!("INVALID_DATA"))
    );
}

#[tokio::test]
async fn users_have_the_keys_the_legacy_gem_requires() {
    let h = Harness::start();
    let tokens = h.login(None).await;
    let (_, body) = h.crm_json("/crm/v2/users", &tokens.access).await;
    assert_eq!(
        body["info"],
        json!({"per_page": 200, "count": 4, "page": 1, "more_records": false})
    );
    for user in body["users"].as_array().expect("users") {
        let id = text(&user["id"]);
        assert!(
            id.len() == 19 && id.chars().all(|c| c.is_ascii_digit()),
            "{id}"
        );
        for key in ["role", "profile", "created_by", "Modified_By"] {
            assert!(
                user[key]["id"].is_string() && user[key]["name"].is_string(),
                "{key}"
            );
        }
        for key in ["customize_info", "theme"] {
            assert!(user[key].is_object(), "{key}");
        }
        for key in ["first_name", "last_name", "full_name", "email", "status"] {
            assert!(user[key].is_string(), "{key}");
        }
        assert!(user["confirm"].is_boolean());
        // An invited user has no Zoho account id until they accept.
        assert_eq!(user["zuid"].is_string(), user["confirm"] == true, "{user}");
        assert!(is_zoho_time(&text(&user["Created_Time"])), "{user}");
        assert!(is_zoho_time(&text(&user["Modified_Time"])), "{user}");
    }
}

fn is_zoho_time(t: &str) -> bool {
    // 2019-07-25T15:26:49+05:30
    t.len() == 25
        && t.as_bytes()[10] == b'T'
        && (t.as_bytes()[19] == b'+' || t.as_bytes()[19] == b'-')
}

#[tokio::test]
async fn users_are_paginated() {
    let h = Harness::start();
    let tokens = h.login(None).await;
    let (_, first) = h.crm_json("/crm/v2/users?per_page=3", &tokens.access).await;
    assert_eq!(
        first["info"],
        json!({"per_page": 3, "count": 3, "page": 1, "more_records": true})
    );
    let (_, second) = h
        .crm_json("/crm/v2/users?per_page=3&page=2", &tokens.access)
        .await;
    assert_eq!(second["info"]["count"], 1);
    assert_eq!(second["info"]["more_records"], false);
    let response = h
        .crm("/crm/v2/users?per_page=3&page=3", &tokens.access)
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(response.bytes().await.expect("body").is_empty());
    let (status, body) = h.crm_json("/crm/v2/users?page=abc", &tokens.access).await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::BAD_REQUEST, &json!("INVALID_DATA"))
    );
}

#[tokio::test]
async fn current_user_is_the_token_owner_and_newcomers_join_the_org() {
    let h = Harness::start();
    let admin = h.login(None).await;
    let (_, body) = h
        .crm_json("/crm/v2/users?type=CurrentUser", &admin.access)
        .await;
    assert_eq!(body["users"][0]["email"], "demo@example.com");
    assert_eq!(body["users"][0]["profile"]["name"], "Administrator");

    let newcomer = h.login(Some("new.person@example.com")).await;
    let (_, body) = h
        .crm_json("/crm/v2/users?type=CurrentUser", &newcomer.access)
        .await;
    let user = body["users"][0].clone();
    assert_eq!(user["email"], "new.person@example.com");
    assert_eq!(user["full_name"], "New Person");
    let (_, again) = h
        .crm_json("/crm/v2/users?type=CurrentUser", &newcomer.access)
        .await;
    assert_eq!(again["users"][0]["id"], user["id"], "created once");
    assert_eq!(user_count(&h, &admin.access, "AllUsers").await, 5);

    let (_, info) = h.crm_json("/oauth/user/info", &newcomer.access).await;
    assert_eq!(json!(info["ZUID"].to_string()), user["zuid"]);
}

#[tokio::test]
async fn a_user_by_id_or_204() {
    let h = Harness::start();
    let tokens = h.login(None).await;
    let (_, list) = h.crm_json("/crm/v2/users", &tokens.access).await;
    let id = text(&list["users"][1]["id"]);
    let (status, body) = h
        .crm_json(&format!("/crm/v2/users/{id}"), &tokens.access)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["users"].as_array().map(Vec::len), Some(1));
    assert_eq!(body["users"][0], list["users"][1]);
    let response = h
        .crm("/crm/v2/users/4150868000009999999", &tokens.access)
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn org_has_realistic_details() {
    let h = Harness::start();
    let tokens = h.login(None).await;
    let (status, body) = h.crm_json("/crm/v2/org", &tokens.access).await;
    assert_eq!(status, StatusCode::OK);
    let org = &body["org"][0];
    for key in [
        "id",
        "company_name",
        "alias",
        "primary_zuid",
        "zgid",
        "primary_email",
        "website",
        "mobile",
        "phone",
        "employee_count",
        "description",
        "time_zone",
        "iso_code",
        "currency_locale",
        "currency_symbol",
        "street",
        "state",
        "city",
        "country",
        "zip",
        "country_code",
        "fax",
        "mc_status",
        "gapps_enabled",
        "privacy_settings",
        "zia_portal_id",
        "photo_id",
    ] {
        assert!(org.get(key).is_some(), "{key} missing from {org}");
    }
    let license = &org["license_details"];
    for key in [
        "paid_expiry",
        "users_license_purchased",
        "trial_type",
        "trial_expiry",
        "paid",
        "paid_type",
    ] {
        assert!(license.get(key).is_some(), "{key}");
    }
    assert_eq!(org["primary_email"], "demo@example.com");
}

#[tokio::test]
async fn unknown_paths_and_methods_get_zoho_errors() {
    let h = Harness::start();
    let tokens = h.login(None).await;
    for path in [
        "/crm/v2/Nowhere/at/all/the/way/down",
        "/crm/v2/settings/nothing/here",
        "/crm/v9/Leads",
    ] {
        let (status, body) = h.crm_json(path, &tokens.access).await;
        assert_eq!(
            (status, &body["code"]),
            (StatusCode::NOT_FOUND, &json!("INVALID_URL_PATTERN")),
            "{path}"
        );
    }
    // A path of the right shape naming a module the org does not have.
    let (status, body) = h.crm_json("/crm/v2/Nowhere/at/all", &tokens.access).await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::BAD_REQUEST, &json!("INVALID_MODULE"))
    );
    let response = h
        .client
        .delete(h.url("/crm/v2/org"))
        .header(
            "Authorization",
            format!("Zoho-oauthtoken {}", tokens.access),
        )
        .send()
        .await
        .expect("send");
    let (status, body): (StatusCode, Value) = json_of(response).await;
    assert_eq!(
        (status, &body["code"]),
        (StatusCode::BAD_REQUEST, &json!("INVALID_REQUEST_METHOD"))
    );
}
