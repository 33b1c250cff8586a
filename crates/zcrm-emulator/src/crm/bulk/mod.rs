//! Zoho's Bulk API under `/crm/bulk/v2/`: asynchronous jobs over many records. Bulk Read
//! ([`read`]) and Bulk Write ([`write`]: the upload on the content host, jobs under
//! `/crm/bulk/v2`, results on the download host, all on this origin).

use std::sync::Arc;

use axum::routing::{get, post};
use axum::Router;

use crate::state::Shared;

pub(crate) mod read;
pub(crate) mod read_export;
pub(crate) mod read_jobs;
pub(crate) mod write;

pub(crate) fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route("/crm/bulk/v2/read", post(read::create))
        .route("/crm/bulk/v2/read/{id}", get(read::details))
        .route("/crm/bulk/v2/read/{id}/result", get(read::result))
        .route("/crm/v2/upload", post(write::upload))
        .route("/crm/bulk/v2/write", post(write::create_job))
        .route("/crm/bulk/v2/write/{job_id}", get(write::get_job))
        .route(
            "/v2/crm/{zgid}/bulk-write/{job_id}/{file}",
            get(write::download),
        )
}
