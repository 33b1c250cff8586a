//! Zoho CRM v2 under `/crm/v2/`. One file per resource; each handler authenticates by taking
//! a [`auth::Caller`].

use std::sync::Arc;

use axum::routing::get;
use axum::Router;

use crate::state::Shared;

pub(crate) mod auth;
pub(crate) mod envelope;
pub(crate) mod org;
pub(crate) mod paging;
pub(crate) mod seed;
pub(crate) mod user_store;
pub(crate) mod users;

pub(crate) const PREFIX: &str = "/crm/";

pub(crate) fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route("/crm/v2/users", get(users::list_users))
        .route("/crm/v2/users/{id}", get(users::get_user))
        .route("/crm/v2/org", get(org::get_org))
}
