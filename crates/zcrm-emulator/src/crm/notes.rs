//! Notes of one record: `GET|POST /{module}/{id}/Notes` and `PUT|DELETE
//! /{module}/{id}/Notes/{note_id}`. Notes are records of the Notes module, so the org-wide
//! `GET|POST|DELETE /Notes` are the ordinary record endpoints; here the parent comes from the
//! path.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::params::Params;
use crate::state::Shared;

use super::auth::Caller;
use super::envelope::ApiError;
use super::records::crud::{added, updated, MAX_RECORDS};
use super::records::listing::{self, ListQuery};
use super::records::store::Records;
use super::records::{delete, write::with_writer};
use super::request::{self, Seg};
use super::results;
use super::schema::{self, ModuleDef};

fn notes_module() -> Result<&'static ModuleDef, ApiError> {
    schema::module("Notes")
}

/// Whether `note_id` is a note of the record `parent_id`.
fn is_note_of(records: &Records, notes: &ModuleDef, note_id: &str, parent_id: &str) -> bool {
    records
        .get(notes, note_id)
        .and_then(|n| n.get("Parent_Id"))
        .and_then(|p| p.get("id"))
        .and_then(Value::as_str)
        == Some(parent_id)
}

pub(crate) async fn list(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Seg((module, id)): Seg<(String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    schema::record_module(&module)?;
    let notes = notes_module()?;
    let query = ListQuery::parse(
        &Params::from_query(query.as_deref()),
        &headers,
        Some("sort_by"),
    )?;
    let state = shared.lock();
    let records = &state.crm.records;
    let candidates = records
        .all(notes)
        .filter(|n| n.get("Parent_Id").and_then(|p| p.get("id")) == Some(&json!(id)))
        .collect();
    let listing = listing::list(notes, records, candidates, &query);
    drop(state);
    Ok(listing.into_response())
}

pub(crate) async fn create(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Seg((module, id)): Seg<(String, String)>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let parent = schema::record_module(&module)?;
    let notes = notes_module()?;
    let items = request::entities(&body, "data", MAX_RECORDS)?;
    let outcome = with_writer(&shared, &caller.email, |writer| {
        items
            .iter()
            .map(|item| {
                let mut item = item.clone();
                if let Value::Object(map) = &mut item {
                    map.insert("Parent_Id".to_string(), json!(id));
                    map.insert("se_module".to_string(), json!(parent.api_name));
                }
                added(writer, notes, &item)
            })
            .collect()
    });
    Ok(results::respond(
        "data",
        outcome,
        shared.config.statuses(StatusCode::CREATED),
    ))
}

pub(crate) async fn update(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Seg((module, id, note_id)): Seg<(String, String, String)>,
    body: Bytes,
) -> Result<Response, ApiError> {
    schema::record_module(&module)?;
    let notes = notes_module()?;
    let items = request::entities(&body, "data", 1)?;
    let outcome = with_writer(&shared, &caller.email, |writer| {
        let belongs = is_note_of(&writer.state.crm.records, notes, &note_id, &id);
        items
            .iter()
            .map(|item| {
                if !belongs {
                    return results::invalid_id(&note_id);
                }
                // A note stays with its record: the parent cannot be changed here.
                let mut item = item.clone();
                if let Value::Object(map) = &mut item {
                    map.remove("Parent_Id");
                    map.remove("se_module");
                }
                updated(writer, notes, &note_id, &item)
            })
            .collect()
    });
    Ok(results::respond(
        "data",
        outcome,
        shared.config.statuses(StatusCode::OK),
    ))
}

pub(crate) async fn remove(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Seg((module, id, note_id)): Seg<(String, String, String)>,
) -> Result<Response, ApiError> {
    schema::record_module(&module)?;
    let notes = notes_module()?;
    let outcome = with_writer(&shared, &caller.email, |writer| {
        if is_note_of(&writer.state.crm.records, notes, &note_id, &id) {
            vec![delete::delete(writer, notes, &note_id)]
        } else {
            vec![results::invalid_id(&note_id)]
        }
    });
    Ok(results::respond(
        "data",
        outcome,
        shared.config.statuses(StatusCode::OK),
    ))
}
