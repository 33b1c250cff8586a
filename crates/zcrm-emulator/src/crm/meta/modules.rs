//! `GET settings/modules` and `GET settings/modules/{api_name}`.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::crm::auth::Caller;
use crate::crm::envelope::{self, ApiError};
use crate::crm::records::listing::Listing;
use crate::crm::request::{self, Seg};
use crate::crm::schema;
use crate::crm::seed::ORG_CREATED_UNIX;
use crate::state::Shared;

use super::{author, describe};

pub(crate) async fn list(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    // Module definitions never change after the org signed up.
    if request::modified_since(&headers).is_some_and(|since| since >= ORG_CREATED_UNIX) {
        return Ok(Listing::NotModified.into_response());
    }
    let author = author(&shared.lock());
    let modules: Vec<Value> = describe::modules()
        .map(|def| describe::module(def, &author))
        .collect();
    Ok(envelope::json(
        StatusCode::OK,
        &json!({ "modules": modules }),
    ))
}

pub(crate) async fn get(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Seg(name): Seg<String>,
) -> Result<Response, ApiError> {
    let def = schema::module(&name)?;
    let state = shared.lock();
    let author = author(&state);
    let view = state
        .crm
        .views
        .of_module(def)
        .into_iter()
        .find(|v| v.default)
        .map_or(Value::Null, |v| v.to_json());
    drop(state);
    let module = describe::module_details(def, &author, view);
    Ok(envelope::json(
        StatusCode::OK,
        &json!({ "modules": [module] }),
    ))
}
