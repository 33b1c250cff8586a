//! `POST /oauth/v2/token`: code exchange and refresh. Zoho reports most failures as HTTP 200
//! with `{"error": "..."}`, so clients must look for `access_token` rather than the status.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use crate::crm::envelope;
use crate::params::Params;
use crate::state::{Config, Shared};

use super::content_type;
use super::store::{GrantError, Limits, RefreshError};

pub(crate) async fn token(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let params = Params::from_query_and_body(query.as_deref(), content_type(&headers), &body);
    if let Err(code) = check_client(&shared.config, &params) {
        return token_error(code);
    }
    match params.get("grant_type") {
        Some("authorization_code") => exchange(
            &shared,
            params.get("code").unwrap_or(""),
            params.get("redirect_uri"),
        ),
        Some("refresh_token") => refresh(&shared, params.get("refresh_token").unwrap_or("")),
        _ => token_error("unsupported_grant_type"),
    }
}

fn check_client(config: &Config, params: &Params) -> Result<(), &'static str> {
    if params.get("client_id") != Some(config.options.client_id.as_str()) {
        return Err("invalid_client");
    }
    if params.get("client_secret") != Some(config.options.client_secret.as_str()) {
        return Err("invalid_client_secret");
    }
    Ok(())
}

fn exchange(shared: &Shared, code: &str, redirect_uri: Option<&str>) -> Response {
    let limit = Limits::of(&shared.config.options).refresh_tokens;
    let mut state = shared.lock();
    let now = state.oauth.now();
    let expires_at = now + shared.config.access_token_ttl();
    let refresh_token = match state.oauth.redeem_grant(code, redirect_uri, limit, now) {
        Ok(refresh_token) => refresh_token,
        Err(GrantError::Unknown) => return token_error("invalid_code"),
        Err(GrantError::RedirectMismatch) => return token_error("invalid_redirect_uri"),
        Err(GrantError::RefreshTokenLimit) => {
            state.stats.refresh_token_rejections += 1;
            return too_many_requests();
        }
    };
    let Some(access_token) = state.oauth.issue_access_token(&refresh_token, expires_at) else {
        return token_error("invalid_code");
    };
    state.stats.token_exchanges += 1;
    drop(state);
    let mut body = token_body(&shared.config, &access_token);
    body["refresh_token"] = Value::String(refresh_token);
    envelope::json(StatusCode::OK, &body)
}

fn refresh(shared: &Shared, refresh_token: &str) -> Response {
    let limit = Limits::of(&shared.config.options).refreshes;
    let mut state = shared.lock();
    let now = state.oauth.now();
    let expires_at = now + shared.config.access_token_ttl();
    let refreshed = state
        .oauth
        .refresh(refresh_token, limit, now)
        .and_then(|()| {
            state
                .oauth
                .issue_access_token(refresh_token, expires_at)
                .ok_or(RefreshError::UnknownToken)
        });
    match refreshed {
        Ok(access_token) => {
            state.stats.refreshes += 1;
            drop(state);
            envelope::json(StatusCode::OK, &token_body(&shared.config, &access_token))
        }
        Err(RefreshError::UnknownToken) => token_error("invalid_code"),
        Err(RefreshError::LimitReached) => {
            state.stats.refresh_rejections += 1;
            too_many_requests()
        }
    }
}

fn token_body(config: &Config, access_token: &str) -> Value {
    json!({
        "access_token": access_token,
        "api_domain": config.base_url,
        "token_type": "Bearer",
        "expires_in": config.options.access_token_ttl_secs,
    })
}

/// `invalid_redirect_uri` is the code Zoho's help names for a redirect URI that differs from
/// the registered one
/// (<https://help.zoho.com/portal/en/kb/accounts/faqs-troubleshooting/faqs/oauth/articles/invalid-code-redirect-uri>);
/// that the exchange of a consent-page code answers it this way, and refuses a missing
/// `redirect_uri` too, is unverified.
fn token_error(code: &str) -> Response {
    envelope::json(StatusCode::OK, &json!({ "error": code }))
}

/// Zoho's answer once a refresh token has minted its quota of access tokens, or a user their
/// quota of refresh tokens: like the other token errors, HTTP 200 with an error body.
/// - Limits (10 access tokens per refresh token per 10 minutes, then "blocked for the rest of
///   the ten minutes"): https://www.zoho.com/crm/developer/docs/api/v2/refresh.html and
///   https://www.zoho.com/accounts/protocol/oauth/web-apps/access-token-expiry.html; 10
///   refresh tokens "per user per client" per 10 minutes: Kaizen #43 (below)
/// - "The status code for the requests that are made after exceeding the allowed limit
///   remains 200 ... the message for such requests says 'Access Denied'":
///   https://help.zoho.com/portal/en/community/topic/kaizen-43-tokens-and-limitations
/// - The body is the one the token-validity pages show for the refresh throttle
///   (https://www.zoho.com/crm/developer/docs/api/v8/token-validity.html); that a refused
///   grant exchange gets the same body is unverified, and so is whether refused requests
///   count toward the window (the limits here count successful generations only).
fn too_many_requests() -> Response {
    envelope::json(
        StatusCode::OK,
        &json!({
            "error": "Access Denied",
            "error_description":
                "You have made too many requests continuously. Please try again after some time.",
            "status": "failure",
        }),
    )
}
