//! `GET settings/variable_groups` and `GET settings/variable_groups/{id}`.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use crate::state::Shared;

use super::auth::Caller;
use super::envelope;
use super::request::Seg;
use super::variable_store::Group;

pub(crate) async fn list(State(shared): State<Arc<Shared>>, _caller: Caller) -> Response {
    let groups: Vec<Value> = shared
        .lock()
        .crm
        .variables
        .groups
        .iter()
        .map(Group::to_json)
        .collect();
    envelope::json(StatusCode::OK, &json!({ "variable_groups": groups }))
}

pub(crate) async fn get(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Seg(id): Seg<String>,
) -> Response {
    match shared.lock().crm.variables.group(&id).map(Group::to_json) {
        Some(group) => envelope::json(StatusCode::OK, &json!({ "variable_groups": [group] })),
        None => envelope::no_content(),
    }
}
