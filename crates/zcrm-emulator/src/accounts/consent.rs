//! `/oauth/v2/auth`: Zoho Accounts' consent page. `GET` shows the client's name and the scopes
//! it asks for, with "Accept" and "Reject" buttons ("We will display the required permissions
//! to the user": <https://www.zoho.com/accounts/protocol/oauth/web-apps/authorization.html>);
//! the buttons post the request back, and the answer is the redirect Zoho performs. Accepting
//! sends `code`, `location` and `accounts-server` (the multi-DC redirect:
//! <https://www.zoho.com/accounts/protocol/oauth/multi-dc/client-authorization.html>) plus the
//! `state` the client sent ("The Zoho Authorization Server round-trips this parameter":
//! <https://www.zoho.com/phonebridge/developer/v3/auth-request.html>). Rejecting sends
//! `error=access_denied` and `state` (OAuth 2.0's refusal, RFC 6749 §4.1.2.1; Zoho's own
//! wording is unverified). The user is always the emulator's user, already signed in.
//!
//! The grant carries the requested `scope`; "the Redirect URI you pass in /oauth/v2/auth must
//! exactly match with the one you have registered"
//! (<https://help.zoho.com/portal/en/kb/accounts/faqs-troubleshooting/faqs/oauth/articles/invalid-code-redirect-uri>).
//! The error pages' wording is unverified.
//!
//! Past the client's grant limit ("a maximum of 10 grant tokens in a span of 10 minutes per
//! client ID. If the limit is reached, "access_denied" exception will be thrown for the
//! remaining time": <https://www.zoho.com/crm/developer/docs/api/v8/token-validity.html>) an
//! accepted request also redirects with `error=access_denied` (and `state`) instead of a code.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::accounts::{self, consent_page, scope::Scopes};
use crate::params::Params;
use crate::state::Shared;

/// The parameters of an authorization request that the consent form carries back.
pub(crate) const FORWARDED: [&str; 7] = [
    "client_id",
    "response_type",
    "redirect_uri",
    "scope",
    "state",
    "access_type",
    "prompt",
];

/// `GET /oauth/v2/auth`: the consent page, or an error page for a request Zoho refuses.
pub(crate) async fn page(State(shared): State<Arc<Shared>>, RawQuery(query): RawQuery) -> Response {
    let params = Params::from_query(query.as_deref());
    match validate(&shared, &params) {
        Ok(scope) => consent_page::render(&shared.config.options.client_name, scope, &params),
        Err(message) => error_page(message),
    }
}

/// `POST /oauth/v2/auth`: the page's form. `decision=accept` grants, anything else rejects.
pub(crate) async fn decide(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    let params =
        Params::from_query_and_body(query.as_deref(), accounts::content_type(&headers), &body);
    let scope = match validate(&shared, &params) {
        Ok(scope) => scope,
        Err(message) => return error_page(message),
    };
    let redirect_uri = shared.config.options.redirect_uri.as_str();
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    if let Some(state) = params.get("state") {
        query.append_pair("state", state);
    }
    let granted = (params.get("decision") == Some("accept"))
        .then(|| {
            accounts::issue_grant(
                &shared,
                &shared.config.options.user_email,
                Scopes::parse(scope),
                Some(redirect_uri.to_string()),
            )
            .ok()
        })
        .flatten();
    match granted {
        Some(code) => query
            .append_pair("code", &code)
            .append_pair("location", "us")
            .append_pair("accounts-server", &shared.config.base_url),
        None => query.append_pair("error", "access_denied"),
    };
    let separator = if redirect_uri.contains('?') { '&' } else { '?' };
    let location = format!("{redirect_uri}{separator}{}", query.finish());
    match HeaderValue::from_str(&location) {
        Ok(value) => (StatusCode::FOUND, [(header::LOCATION, value)]).into_response(),
        Err(_) => error_page("Invalid Redirect Uri"),
    }
}

/// The requested scope of a request Zoho would show a consent page for, or why not.
fn validate<'a>(shared: &Shared, params: &'a Params) -> Result<&'a str, &'static str> {
    if params.get("client_id") != Some(shared.config.options.client_id.as_str()) {
        return Err("Invalid Client");
    }
    if params.get("response_type") != Some("code") {
        return Err("Invalid Response Type");
    }
    if params.get("redirect_uri") != Some(shared.config.options.redirect_uri.as_str()) {
        return Err("Invalid Redirect Uri");
    }
    params
        .get("scope")
        .filter(|s| !s.trim().is_empty())
        .ok_or("Invalid OAuth Scope")
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
