//! `POST /oauth/v2/token/revoke?token=<refresh_token>`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::json;

use crate::crm::envelope;
use crate::params::Params;
use crate::state::Shared;

use super::content_type;

pub(crate) async fn revoke(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let params = Params::from_query_and_body(query.as_deref(), content_type(&headers), &body);
    let token = params.get("token").unwrap_or("");
    let mut state = shared.lock();
    if !state.oauth.revoke(token) {
        return envelope::json(
            StatusCode::BAD_REQUEST,
            &json!({"status": "failure", "error": "invalid_token"}),
        );
    }
    state.stats.revocations += 1;
    envelope::json(StatusCode::OK, &json!({"status": "success"}))
}
