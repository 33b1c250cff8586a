//! `GET /oauth/v2/auth`: the consent page, approved at once for the emulator's user, then the
//! multi-DC redirect Zoho performs (`code`, `location`, `accounts-server`). The grant carries
//! the requested `scope`; "the Redirect URI you pass in /oauth/v2/auth must exactly match with
//! the one you have registered" (<https://help.zoho.com/portal/en/kb/accounts/faqs-troubleshooting/faqs/oauth/articles/invalid-code-redirect-uri>).
//! The error pages' wording is unverified.
//!
//! Past the client's grant limit ("a maximum of 10 grant tokens in a span of 10 minutes per
//! client ID. If the limit is reached, "access_denied" exception will be thrown for the
//! remaining time": <https://www.zoho.com/crm/developer/docs/api/v8/token-validity.html>) the
//! redirect carries `error=access_denied` (and `state`) instead of a code: the OAuth 2.0 shape
//! of a refused authorization (RFC 6749 §4.1.2.1); that Zoho answers this way is unverified.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::accounts::{self, scope::Scopes};
use crate::params::Params;
use crate::state::Shared;

pub(crate) async fn consent(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
) -> Response {
    let params = Params::from_query(query.as_deref());
    if params.get("client_id") != Some(shared.config.options.client_id.as_str()) {
        return error_page("Invalid Client");
    }
    let redirect_uri = shared.config.options.redirect_uri.as_str();
    if params.get("redirect_uri") != Some(redirect_uri) {
        return error_page("Invalid Redirect Uri");
    }
    let Some(scope) = params.get("scope").filter(|s| !s.trim().is_empty()) else {
        return error_page("Invalid OAuth Scope");
    };
    let issued = accounts::issue_grant(
        &shared,
        &shared.config.options.user_email,
        Scopes::parse(scope),
        Some(redirect_uri.to_string()),
    );
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    if let Some(state) = params.get("state") {
        query.append_pair("state", state);
    }
    match issued {
        Ok(code) => query
            .append_pair("code", &code)
            .append_pair("location", "us")
            .append_pair("accounts-server", &shared.config.base_url),
        Err(_) => query.append_pair("error", "access_denied"),
    };
    let separator = if redirect_uri.contains('?') { '&' } else { '?' };
    let location = format!("{redirect_uri}{separator}{}", query.finish());
    match HeaderValue::from_str(&location) {
        Ok(value) => (StatusCode::FOUND, [(header::LOCATION, value)]).into_response(),
        Err(_) => error_page("Invalid Redirect Uri"),
    }
}

fn error_page(message: &str) -> Response {
    let html = format!("<html><body><h1>{message}</h1></body></html>");
    (
        StatusCode::BAD_REQUEST,
        [(header::CONTENT_TYPE, "text/html;charset=UTF-8")],
        html,
    )
        .into_response()
}
