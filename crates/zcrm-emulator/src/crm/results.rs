//! Per-entity write results (`{"code","details","message","status"}` inside `data`, `tags`,
//! `users`…) and the HTTP status of a batch: all succeeded → the operation's success status,
//! some failed → multi-status (207 unless configured otherwise), all failed → 400 with the same
//! body, as the wire reference recommends.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use super::envelope::{self, ApiError};
use super::request;
use crate::state::{Shared, State};

pub(crate) fn success(message: &str, details: Value) -> Value {
    json!({"code": "SUCCESS", "details": details, "message": message, "status": "success"})
}

pub(crate) fn failure(code: &str, message: &str, details: Value) -> Value {
    json!({"code": code, "details": details, "message": message, "status": "error"})
}

pub(crate) fn invalid_data(details: Value) -> Value {
    failure("INVALID_DATA", "invalid data", details)
}

/// A field value of the wrong shape.
pub(crate) fn wrong_type(api_name: &str, expected: &str) -> Value {
    invalid_data(json!({"api_name": api_name, "expected_data_type": expected}))
}

pub(crate) fn mandatory_missing(api_name: &str) -> Value {
    failure(
        "MANDATORY_NOT_FOUND",
        "required field not found",
        json!({ "api_name": api_name }),
    )
}

pub(crate) fn invalid_id(id: &str) -> Value {
    failure(
        "INVALID_DATA",
        "the id given seems to be invalid",
        json!({ "id": id }),
    )
}

pub(crate) fn is_error(result: &Value) -> bool {
    result.get("status").and_then(Value::as_str) == Some("error")
}

/// Status codes for one batch: what success looks like and what a mix becomes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Statuses {
    pub(crate) success: StatusCode,
    pub(crate) partial: StatusCode,
}

impl Statuses {
    pub(crate) fn new(success: StatusCode, partial: StatusCode) -> Self {
        Statuses { success, partial }
    }

    pub(crate) fn pick(&self, results: &[Value]) -> StatusCode {
        let failed = results.iter().filter(|r| is_error(r)).count();
        if failed == 0 {
            self.success
        } else if failed == results.len() {
            StatusCode::BAD_REQUEST
        } else {
            self.partial
        }
    }
}

/// A bulk write: each entity listed under `key` in the body goes through `write`, all under one
/// lock, and the per-entity results come back as `{"<key>": results}` with the batch's status.
pub(crate) fn write_each(
    shared: &Shared,
    body: &[u8],
    key: &str,
    limit: usize,
    success: StatusCode,
    mut write: impl FnMut(&mut State, &Value) -> Value,
) -> Result<Response, ApiError> {
    let items = request::entities(body, key, limit)?;
    let results = {
        let mut state = shared.lock();
        items.iter().map(|item| write(&mut state, item)).collect()
    };
    Ok(respond(key, results, shared.config.statuses(success)))
}

/// `{"<key>": results}` with the batch's status.
pub(crate) fn respond(key: &str, results: Vec<Value>, statuses: Statuses) -> Response {
    let status = statuses.pick(&results);
    envelope::json(status, &json!({ key: results }))
}
