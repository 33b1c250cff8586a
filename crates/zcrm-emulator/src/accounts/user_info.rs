//! `GET /oauth/user/info`: who owns an access token. The legacy gem calls it right after the
//! code exchange to key its token store by `Email`.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::json;

use crate::accounts::scope::Scope;
use crate::crm::{auth, envelope, seed};
use crate::state::Shared;

pub(crate) async fn user_info(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    let mut state = shared.lock();
    state.stats.user_info_requests += 1;
    let now = state.oauth.now();
    let owner = auth::bearer(&headers).and_then(|t| state.oauth.access_token(t, now));
    let Some(owner) = owner else {
        return envelope::json(
            StatusCode::UNAUTHORIZED,
            &json!({"error": "invalid_token", "response": "error", "cause": "invalid_oauthtoken"}),
        );
    };
    let profile = Scope::parse("AaaServer.profile.READ");
    if !profile.is_some_and(|wanted| owner.scopes.allow(&wanted)) {
        drop(state);
        return missing_profile_scope();
    }
    let (first, last, zuid) = match state.users.by_email(&owner.email) {
        Some(user) => (user.first_name.clone(), user.last_name.clone(), user.zuid),
        None => {
            let (first, last) = seed::names_from_email(&owner.email);
            (first, last, seed::zuid_for_email(&owner.email))
        }
    };
    drop(state);
    envelope::json(
        StatusCode::OK,
        &json!({
            "First_Name": first,
            "Email": owner.email,
            "Last_Name": last,
            "Display_Name": format!("{first}{last}"),
            "ZUID": zuid,
        }),
    )
}

/// A token without `AaaServer.profile.Read`: HTTP 200, body `{"status_code":405}`, sent as a
/// download named error.json (a raw capture: https://github.com/zoho/zcrm-php-sdk/issues/5).
fn missing_profile_scope() -> Response {
    let mut response = envelope::json(StatusCode::OK, &json!({"status_code": 405}));
    response.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment;filename*=\"error.json\""),
    );
    response
}
