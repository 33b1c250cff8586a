//! Zoho Accounts: the OAuth token endpoints, user info and the consent page.

use std::sync::Arc;

use axum::http::{header, HeaderMap};
use axum::routing::{get, post};
use axum::Router;

use crate::state::Shared;

use scope::Scopes;
use store::{GrantLimitReached, Limits};

mod consent;
mod consent_page;
mod revoke;
pub(crate) mod scope;
pub(crate) mod store;
mod token;
mod user_info;

pub(crate) fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route("/oauth/v2/token", post(token::token))
        .route("/oauth/v2/token/revoke", post(revoke::revoke))
        .route("/oauth/user/info", get(user_info::user_info))
        .route("/oauth/v2/auth", get(consent::page).post(consent::decide))
}

/// A grant code for `email`, counted against the client's grant limit. `redirect_uri` is
/// where a consent-page grant was sent; `None` for a Self Client code.
pub(crate) fn issue_grant(
    shared: &Shared,
    email: &str,
    scopes: Scopes,
    redirect_uri: Option<String>,
) -> Result<String, GrantLimitReached> {
    let limit = Limits::of(&shared.config.options).grants;
    let mut state = shared.lock();
    let now = state.oauth.now();
    let issued = state
        .oauth
        .issue_grant(email, scopes, redirect_uri, limit, now);
    match issued {
        Ok(_) => state.stats.grants_issued += 1,
        Err(_) => state.stats.grant_rejections += 1,
    }
    issued
}

pub(crate) fn content_type(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::CONTENT_TYPE)?.to_str().ok()
}
