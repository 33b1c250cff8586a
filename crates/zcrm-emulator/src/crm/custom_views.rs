//! `GET settings/custom_views?module=`, `GET|PUT settings/custom_views/{id}?module=`. Lists
//! carry `info.translation` (category → label), which the legacy gem reads unconditionally.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use crate::params::Params;
use crate::state::Shared;

use super::auth::Caller;
use super::envelope::{self, ApiError};
use super::paging::Page;
use super::request::{self, id_of, Seg};
use super::results;

fn translation() -> Value {
    json!({
        "public_views": "Public Views",
        "other_users_views": "Other Users' Views",
        "shared_with_me": "Shared With Me",
        "created_by_me": "Created By Me",
    })
}

pub(crate) async fn list(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::from_query(query.as_deref());
    let def = request::module_param(&params)?;
    let page = Page::from_params(&params)?;
    let state = shared.lock();
    let views = state.crm.views.of_module(def);
    let default = views.iter().find(|v| v.default).map(|v| v.id.clone());
    let all: Vec<Value> = views.iter().map(|v| v.to_json()).collect();
    drop(state);
    let (items, more) = page.slice(&all);
    if items.is_empty() {
        return Ok(envelope::no_content());
    }
    let mut info = page.info(items.len(), more);
    info["default"] = json!(default);
    info["translation"] = translation();
    Ok(envelope::json(
        StatusCode::OK,
        &json!({"custom_views": items, "info": info}),
    ))
}

pub(crate) async fn get(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Seg(id): Seg<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let def = request::module_param(&Params::from_query(query.as_deref()))?;
    let view = shared.lock().crm.views.get(def, &id).map(|v| v.to_json());
    Ok(match view {
        Some(view) => envelope::json(
            StatusCode::OK,
            &json!({"custom_views": [view], "info": {"translation": translation()}}),
        ),
        None => envelope::no_content(),
    })
}

/// Only the sort field and order of a view can be changed through the API.
pub(crate) async fn update(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Seg(id): Seg<String>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Result<Response, ApiError> {
    let def = request::module_param(&Params::from_query(query.as_deref()))?;
    let items = request::entities(&body, "custom_views", 1)?;
    let change = items.first().cloned().unwrap_or(Value::Null);
    let sort_by = match change.get("sort_by") {
        None | Some(Value::Null) => None,
        Some(value) => {
            let field = value
                .get("api_name")
                .and_then(Value::as_str)
                .and_then(|name| def.field(name))
                .or_else(|| {
                    let wanted = id_of(value)?;
                    def.all_fields()
                        .find(|f| def.field_id(f.api_name).as_deref() == Some(wanted.as_str()))
                })
                .or_else(|| value.as_str().and_then(|name| def.field(name)));
            Some(field.ok_or_else(|| {
                ApiError::invalid_data("invalid data", json!({"api_name": "sort_by"}))
            })?)
        }
    };
    let sort_order = match change.get("sort_order").and_then(Value::as_str) {
        None => None,
        Some("asc") => Some("asc"),
        Some("desc") => Some("desc"),
        Some(_) => return Err(ApiError::invalid_param("sort_order", &["asc", "desc"])),
    };
    let mut state = shared.lock();
    let Some(view) = state.crm.views.get_mut(def, &id) else {
        return Err(ApiError::invalid_id(&id));
    };
    if let Some(field) = sort_by {
        view.sort_by = Some(field.api_name);
    }
    if let Some(order) = sort_order {
        view.sort_order = Some(order);
    }
    drop(state);
    let result = results::success("custom view updated successfully", json!({ "id": id }));
    Ok(envelope::json(
        StatusCode::OK,
        &json!({"custom_views": [result]}),
    ))
}
