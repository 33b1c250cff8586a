//! `GET|POST|PUT|DELETE org/taxes` and `GET|DELETE org/taxes/{id}`.

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
use super::records::values::as_f64;
use super::request::{id_of, Seg};
use super::results;
use super::tax_store::Tax;

const MAX_TAXES: usize = 100;

pub(crate) async fn list(State(shared): State<Arc<Shared>>, _caller: Caller) -> Response {
    let taxes: Vec<Value> = shared
        .lock()
        .crm
        .taxes
        .list
        .iter()
        .map(Tax::to_json)
        .collect();
    if taxes.is_empty() {
        return envelope::no_content();
    }
    let preference = json!({"auto_populate_tax": true, "modify_tax_rates": true});
    envelope::json(
        StatusCode::OK,
        &json!({"taxes": taxes, "preference": preference}),
    )
}

pub(crate) async fn get(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Seg(id): Seg<String>,
) -> Response {
    match shared.lock().crm.taxes.get(&id).map(Tax::to_json) {
        Some(tax) => envelope::json(StatusCode::OK, &json!({ "taxes": [tax] })),
        None => envelope::no_content(),
    }
}

pub(crate) async fn create(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    body: Bytes,
) -> Result<Response, ApiError> {
    results::write_each(
        &shared,
        &body,
        "taxes",
        MAX_TAXES,
        StatusCode::CREATED,
        |state, item| match add(state, item) {
            Ok(id) => results::success("tax added", json!({ "id": id })),
            Err(error) => error,
        },
    )
}

pub(crate) async fn update(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    body: Bytes,
) -> Result<Response, ApiError> {
    results::write_each(
        &shared,
        &body,
        "taxes",
        MAX_TAXES,
        StatusCode::OK,
        |state, item| match change(state, item) {
            Ok(id) => results::success("tax updated", json!({ "id": id })),
            Err(error) => error,
        },
    )
}

pub(crate) async fn delete_many(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let ids = Params::from_query(query.as_deref())
        .list("ids")
        .ok_or_else(|| ApiError::required_param("ids"))?;
    if ids.len() > MAX_TAXES {
        return Err(ApiError::limit_exceeded("ids", MAX_TAXES));
    }
    Ok(remove(&shared, &ids))
}

pub(crate) async fn delete_one(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Seg(id): Seg<String>,
) -> Response {
    remove(&shared, &[id])
}

fn remove(shared: &Shared, ids: &[String]) -> Response {
    let mut state = shared.lock();
    let outcome = ids
        .iter()
        .map(|id| match state.crm.taxes.remove(id) {
            Some(_) => results::success("tax deleted", json!({ "id": id })),
            None => results::invalid_id(id),
        })
        .collect();
    drop(state);
    results::respond("taxes", outcome, shared.config.statuses(StatusCode::OK))
}

fn add(state: &mut EmulatorState, item: &Value) -> Result<String, Value> {
    let input = object(item)?;
    let name = name(input, None, state)?.ok_or_else(|| results::mandatory_missing("name"))?;
    let value = rate(input)?.ok_or_else(|| results::mandatory_missing("value"))?;
    let id = state.ids.next_id();
    let tax = Tax {
        id: id.clone(),
        name,
        value,
        sequence_number: input
            .get("sequence_number")
            .and_then(Value::as_i64)
            .unwrap_or_else(|| state.crm.taxes.next_sequence()),
    };
    state.crm.taxes.list.push(tax);
    Ok(id)
}

fn change(state: &mut EmulatorState, item: &Value) -> Result<String, Value> {
    let input = object(item)?;
    let id = input
        .get("id")
        .and_then(id_of)
        .ok_or_else(|| results::mandatory_missing("id"))?;
    let name = name(input, Some(&id), state)?;
    let value = rate(input)?;
    let tax = state
        .crm
        .taxes
        .get_mut(&id)
        .ok_or_else(|| results::invalid_id(&id))?;
    if let Some(name) = name {
        tax.name = name;
    }
    if let Some(value) = value {
        tax.value = value;
    }
    if let Some(sequence) = input.get("sequence_number").and_then(Value::as_i64) {
        tax.sequence_number = sequence;
    }
    Ok(id)
}

fn object(item: &Value) -> Result<&Map<String, Value>, Value> {
    item.as_object()
        .ok_or_else(|| results::invalid_data(json!({"expected_data_type": "jsonobject"})))
}

/// The new name, if one is given; it must not be another tax's.
fn name(
    input: &Map<String, Value>,
    own_id: Option<&str>,
    state: &EmulatorState,
) -> Result<Option<String>, Value> {
    let Some(name) = input.get("name").and_then(Value::as_str).map(str::trim) else {
        return Ok(None);
    };
    if name.is_empty() {
        return Err(results::mandatory_missing("name"));
    }
    match state.crm.taxes.named(name, own_id) {
        Some(other) => Err(results::failure(
            "DUPLICATE_DATA",
            "duplicate data",
            json!({"api_name": "name", "id": other.id}),
        )),
        None => Ok(Some(name.to_string())),
    }
}

/// A percentage between 0 and 100.
fn rate(input: &Map<String, Value>) -> Result<Option<f64>, Value> {
    match input.get("value") {
        None | Some(Value::Null) => Ok(None),
        Some(value) => as_f64(value)
            .filter(|v| (0.0..=100.0).contains(v))
            .map(Some)
            .ok_or_else(|| results::wrong_type("value", "double")),
    }
}
