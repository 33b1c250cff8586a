//! `settings/variables`: list (`?group=`), get (`/{id}?group=`), create, update (bulk and
//! one) and delete (one, or `?ids=`).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Map, Value};

use crate::params::Params;
use crate::state::{Shared, State as EmulatorState};

use super::auth::Caller;
use super::envelope::{self, ApiError};
use super::request::{id_of, Seg};
use super::results;
use super::variable_store::{Variable, TYPES};

const MAX_VARIABLES: usize = 100;

fn group_param(state: &EmulatorState, params: &Params) -> Result<Option<String>, ApiError> {
    match params.get("group") {
        None => Ok(None),
        Some(key) => state
            .crm
            .variables
            .group(key)
            .map(|g| Some(g.id.clone()))
            .ok_or_else(|| ApiError::invalid_data("invalid data", json!({"param_name": "group"}))),
    }
}

pub(crate) async fn list(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::from_query(query.as_deref());
    let state = shared.lock();
    let group = group_param(&state, &params)?;
    let store = &state.crm.variables;
    let variables: Vec<Value> = store
        .list
        .iter()
        .filter(|v| group.as_ref().is_none_or(|g| &v.group == g))
        .map(|v| store.to_json(v))
        .collect();
    drop(state);
    if variables.is_empty() {
        return Ok(envelope::no_content());
    }
    Ok(envelope::json(
        StatusCode::OK,
        &json!({ "variables": variables }),
    ))
}

pub(crate) async fn get(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Seg(id): Seg<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::from_query(query.as_deref());
    if params.get("group").is_none() {
        return Err(ApiError::required_param("group"));
    }
    let state = shared.lock();
    let group = group_param(&state, &params)?;
    let store = &state.crm.variables;
    let found = store
        .list
        .iter()
        .find(|v| v.id == id && group.as_ref() == Some(&v.group))
        .map(|v| store.to_json(v));
    drop(state);
    Ok(match found {
        Some(variable) => envelope::json(StatusCode::OK, &json!({ "variables": [variable] })),
        None => envelope::no_content(),
    })
}

pub(crate) async fn create(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    body: Bytes,
) -> Result<Response, ApiError> {
    results::write_each(
        &shared,
        &body,
        "variables",
        MAX_VARIABLES,
        StatusCode::CREATED,
        |state, item| match add(state, item) {
            Ok(id) => results::success("variable created", json!({ "id": id })),
            Err(error) => error,
        },
    )
}

pub(crate) async fn update_many(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    body: Bytes,
) -> Result<Response, ApiError> {
    results::write_each(
        &shared,
        &body,
        "variables",
        MAX_VARIABLES,
        StatusCode::OK,
        |state, item| match item.get("id").and_then(id_of) {
            Some(id) => changed(state, &id, item),
            None => results::mandatory_missing("id"),
        },
    )
}

pub(crate) async fn update_one(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Seg(id): Seg<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    results::write_each(
        &shared,
        &body,
        "variables",
        1,
        StatusCode::OK,
        |state, item| changed(state, &id, item),
    )
}

pub(crate) async fn delete_one(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Seg(id): Seg<String>,
) -> Response {
    remove(&shared, &[id])
}

pub(crate) async fn delete_many(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let ids = Params::from_query(query.as_deref())
        .list("ids")
        .ok_or_else(|| ApiError::required_param("ids"))?;
    if ids.len() > MAX_VARIABLES {
        return Err(ApiError::limit_exceeded("ids", MAX_VARIABLES));
    }
    Ok(remove(&shared, &ids))
}

fn remove(shared: &Shared, ids: &[String]) -> Response {
    let mut state = shared.lock();
    let outcome = ids
        .iter()
        .map(|id| match state.crm.variables.remove(id) {
            Some(_) => results::success("variable deleted", json!({ "id": id })),
            None => results::invalid_id(id),
        })
        .collect();
    drop(state);
    results::respond("variables", outcome, shared.config.statuses(StatusCode::OK))
}

fn add(state: &mut EmulatorState, item: &Value) -> Result<String, Value> {
    let input = item
        .as_object()
        .ok_or_else(|| results::invalid_data(json!({"expected_data_type": "jsonobject"})))?;
    let text = |key: &str| {
        input
            .get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let name = text("name").ok_or_else(|| results::mandatory_missing("name"))?;
    let api_name = text("api_name").ok_or_else(|| results::mandatory_missing("api_name"))?;
    let kind = kind(input)?.ok_or_else(|| results::mandatory_missing("type"))?;
    let group = group(state, input)?.ok_or_else(|| results::mandatory_missing("variable_group"))?;
    let store = &state.crm.variables;
    if let Some(other) = store
        .list
        .iter()
        .find(|v| v.api_name.eq_ignore_ascii_case(api_name))
    {
        return Err(results::failure(
            "DUPLICATE_DATA",
            "duplicate data",
            json!({"api_name": "api_name", "id": other.id}),
        ));
    }
    let id = state.ids.next_id();
    state.crm.variables.list.push(Variable {
        id: id.clone(),
        api_name: api_name.to_string(),
        name: name.to_string(),
        description: text("description").map(str::to_string),
        kind,
        value: input.get("value").cloned().unwrap_or(Value::Null),
        group,
    });
    Ok(id)
}

fn changed(state: &mut EmulatorState, id: &str, item: &Value) -> Value {
    let Some(input) = item.as_object() else {
        return results::invalid_data(json!({"expected_data_type": "jsonobject"}));
    };
    let (kind, group) = match (kind(input), group(state, input)) {
        (Ok(kind), Ok(group)) => (kind, group),
        (Err(error), _) | (_, Err(error)) => return error,
    };
    let Some(variable) = state.crm.variables.get_mut(id) else {
        return results::invalid_id(id);
    };
    if let Some(name) = input.get("name").and_then(Value::as_str) {
        variable.name = name.to_string();
    }
    if let Some(description) = input.get("description").and_then(Value::as_str) {
        variable.description = Some(description.to_string());
    }
    if let Some(value) = input.get("value") {
        variable.value = value.clone();
    }
    variable.kind = kind.unwrap_or_else(|| variable.kind.clone());
    variable.group = group.unwrap_or_else(|| variable.group.clone());
    results::success("variable updated", json!({ "id": id }))
}

fn kind(input: &Map<String, Value>) -> Result<Option<String>, Value> {
    match input.get("type").and_then(Value::as_str) {
        None => Ok(None),
        Some(kind) if TYPES.contains(&kind) => Ok(Some(kind.to_string())),
        Some(_) => Err(results::wrong_type("type", "picklist")),
    }
}

/// `variable_group` as `{"id"}`, `{"api_name"}` or a bare id/API name (the legacy gem).
fn group(state: &EmulatorState, input: &Map<String, Value>) -> Result<Option<String>, Value> {
    let Some(value) = input.get("variable_group").filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    let key = value
        .get("id")
        .or_else(|| value.get("api_name"))
        .unwrap_or(value)
        .as_str()
        .map(str::to_string)
        .or_else(|| id_of(value));
    key.and_then(|k| state.crm.variables.group(&k).map(|g| Some(g.id.clone())))
        .ok_or_else(|| results::wrong_type("variable_group", "lookup"))
}
