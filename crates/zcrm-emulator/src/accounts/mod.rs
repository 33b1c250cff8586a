//! Zoho Accounts: the OAuth token endpoints, user info and an auto-approving consent page.

use std::sync::Arc;

use axum::http::{header, HeaderMap};
use axum::routing::{get, post};
use axum::Router;

use crate::state::Shared;

mod consent;
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
        .route("/oauth/v2/auth", get(consent::consent))
}

pub(crate) fn content_type(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::CONTENT_TYPE)?.to_str().ok()
}
