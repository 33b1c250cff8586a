//! Zoho's Bulk API under `/crm/bulk/v2/`: asynchronous jobs over many records.

use std::sync::Arc;

use axum::routing::{get, post};
use axum::Router;

use crate::state::Shared;

pub(crate) mod read;
pub(crate) mod read_export;
pub(crate) mod read_jobs;

pub(crate) fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route("/crm/bulk/v2/read", post(read::create))
        .route("/crm/bulk/v2/read/{id}", get(read::details))
        .route("/crm/bulk/v2/read/{id}/result", get(read::result))
}
