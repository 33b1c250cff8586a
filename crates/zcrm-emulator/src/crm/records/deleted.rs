//! `GET /{module}/deleted?type=all|recycle|permanent`: the module's recycle bin.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::crm::auth::Caller;
use crate::crm::envelope::{self, ApiError};
use crate::crm::paging::Page;
use crate::crm::request::{self, Seg};
use crate::crm::schema;
use crate::params::Params;
use crate::state::Shared;

use super::listing::Listing;

pub(crate) async fn deleted(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Seg(module): Seg<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let def = schema::record_module(&module)?;
    let params = Params::from_query(query.as_deref());
    let kind = match params.get("type").unwrap_or("all") {
        "all" => None,
        kind @ ("recycle" | "permanent") => Some(kind.to_string()),
        _ => {
            return Err(ApiError::invalid_param(
                "type",
                &["all", "recycle", "permanent"],
            ))
        }
    };
    let page = Page::from_params(&params)?;
    let since = request::modified_since(&headers);
    let state = shared.lock();
    let trashed: Vec<_> = state
        .crm
        .records
        .trashed(def)
        .iter()
        .filter(|t| kind.as_deref().is_none_or(|k| t.entry["type"] == k))
        .cloned()
        .collect();
    drop(state);
    if let Some(since) = since {
        if trashed.iter().all(|t| t.deleted <= since) {
            return Ok(Listing::NotModified.into_response());
        }
    }
    let entries: Vec<Value> = trashed
        .into_iter()
        .filter(|t| since.is_none_or(|s| t.deleted > s))
        .map(|t| t.entry)
        .collect();
    let (items, more) = page.slice(&entries);
    if items.is_empty() {
        return Ok(envelope::no_content());
    }
    Ok(envelope::json(
        StatusCode::OK,
        &json!({"data": items, "info": page.info(items.len(), more)}),
    ))
}
