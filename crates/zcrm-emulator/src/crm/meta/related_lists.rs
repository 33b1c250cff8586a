//! `GET settings/related_lists?module=` and `GET settings/related_lists/{id}?module=`.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use crate::crm::auth::Caller;
use crate::crm::envelope::{self, ApiError};
use crate::crm::request::{self, Seg};
use crate::params::Params;
use crate::state::Shared;

use super::describe;

pub(crate) async fn list(
    State(_shared): State<Arc<Shared>>,
    _caller: Caller,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let def = request::module_param(&Params::from_query(query.as_deref()))?;
    let lists: Vec<Value> = def
        .related
        .iter()
        .enumerate()
        .map(|(i, r)| describe::related(def, i, r))
        .collect();
    if lists.is_empty() {
        return Ok(envelope::no_content());
    }
    Ok(envelope::json(
        StatusCode::OK,
        &json!({ "related_lists": lists }),
    ))
}

pub(crate) async fn get(
    State(_shared): State<Arc<Shared>>,
    _caller: Caller,
    Seg(id): Seg<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let def = request::module_param(&Params::from_query(query.as_deref()))?;
    let found = (0..def.related.len()).find(|i| def.related_id(*i) == id);
    Ok(match found {
        Some(i) => {
            let list = describe::related(def, i, &def.related[i]);
            envelope::json(StatusCode::OK, &json!({ "related_lists": [list] }))
        }
        None => envelope::no_content(),
    })
}
