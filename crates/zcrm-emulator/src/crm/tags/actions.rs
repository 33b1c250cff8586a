//! Tagging records: `POST /{module}/{id}/actions/add_tags|remove_tags?tag_names=` and the
//! bulk `POST /{module}/actions/add_tags|remove_tags?ids=&tag_names=`. Unknown tag names are
//! created on the fly, as Zoho does.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use crate::crm::actor::Actor;
use crate::crm::auth::Caller;
use crate::crm::envelope::ApiError;
use crate::crm::records::crud::MAX_RECORDS;
use crate::crm::request::Seg;
use crate::crm::results;
use crate::crm::schema::{self, ModuleDef};
use crate::params::Params;
use crate::state::{Shared, State as EmulatorState};

use super::settings::MAX_TAGS;
use super::store::Tag;

/// A record carries at most ten tags, and one call may name at most ten for one record.
const MAX_PER_RECORD: usize = 10;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Action {
    Add { over_write: bool },
    Remove,
}

struct Request {
    names: Vec<String>,
    action: Action,
}

fn parse(query: Option<&str>, adding: bool, limit: usize) -> Result<(Params, Request), ApiError> {
    let params = Params::from_query(query);
    let names = params
        .list("tag_names")
        .ok_or_else(|| ApiError::required_param("tag_names"))?;
    if names.len() > limit {
        return Err(ApiError::limit_exceeded("tag_names", limit));
    }
    let action = if adding {
        let over_write = params
            .get("over_write")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"));
        Action::Add { over_write }
    } else {
        Action::Remove
    };
    Ok((params, Request { names, action }))
}

pub(crate) async fn add_one(
    shared: State<Arc<Shared>>,
    caller: Caller,
    path: Seg<(String, String)>,
    query: RawQuery,
) -> Result<Response, ApiError> {
    one(shared, caller, path, query, true).await
}

pub(crate) async fn remove_one(
    shared: State<Arc<Shared>>,
    caller: Caller,
    path: Seg<(String, String)>,
    query: RawQuery,
) -> Result<Response, ApiError> {
    one(shared, caller, path, query, false).await
}

pub(crate) async fn add_many(
    shared: State<Arc<Shared>>,
    caller: Caller,
    path: Seg<String>,
    query: RawQuery,
) -> Result<Response, ApiError> {
    many(shared, caller, path, query, true).await
}

pub(crate) async fn remove_many(
    shared: State<Arc<Shared>>,
    caller: Caller,
    path: Seg<String>,
    query: RawQuery,
) -> Result<Response, ApiError> {
    many(shared, caller, path, query, false).await
}

async fn one(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Seg((module, id)): Seg<(String, String)>,
    RawQuery(query): RawQuery,
    adding: bool,
) -> Result<Response, ApiError> {
    let def = schema::record_module(&module)?;
    let (_, request) = parse(query.as_deref(), adding, MAX_PER_RECORD)?;
    let result = apply_all(&shared, &caller, def, &[id], &request);
    Ok(results::respond(
        "data",
        result,
        shared.config.statuses(StatusCode::OK),
    ))
}

async fn many(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Seg(module): Seg<String>,
    RawQuery(query): RawQuery,
    adding: bool,
) -> Result<Response, ApiError> {
    let def = schema::record_module(&module)?;
    // Checked in the legacy gem's order: tags first, then records.
    let (params, request) = parse(query.as_deref(), adding, MAX_TAGS)?;
    let ids = params
        .list("ids")
        .ok_or_else(|| ApiError::required_param("ids"))?;
    if ids.len() > MAX_RECORDS {
        return Err(ApiError::limit_exceeded("ids", MAX_RECORDS));
    }
    let outcome = apply_all(&shared, &caller, def, &ids, &request);
    Ok(results::respond(
        "data",
        outcome,
        shared.config.statuses(StatusCode::OK),
    ))
}

fn apply_all(
    shared: &Shared,
    caller: &Caller,
    def: &'static ModuleDef,
    ids: &[String],
    request: &Request,
) -> Vec<Value> {
    let mut state = shared.lock();
    let actor = Actor::of(&mut state, &caller.email);
    ids.iter()
        .map(|id| apply(&mut state, def, id, request, &actor))
        .collect()
}

/// Tags or untags one record; its per-record result with the tag names it ends up with.
fn apply(
    state: &mut EmulatorState,
    def: &'static ModuleDef,
    id: &str,
    request: &Request,
    actor: &Actor,
) -> Value {
    let Some(current) = state
        .crm
        .records
        .get(def, id)
        .map(|r| r.fields.raw("Tag").cloned())
    else {
        return results::invalid_id(id);
    };
    let mut tags: Vec<Value> = current
        .and_then(|t| t.as_array().cloned())
        .unwrap_or_default();
    let message = match request.action {
        Action::Add { over_write } => {
            if over_write {
                tags.clear();
            }
            let mut fresh: Vec<&String> = Vec::new();
            for name in &request.names {
                let known = |n: &str| n.eq_ignore_ascii_case(name.trim());
                let carried = tags.iter().any(|t| t["name"].as_str().is_some_and(known));
                if !carried && !fresh.iter().any(|f| known(f.trim())) {
                    fresh.push(name);
                }
            }
            // Checked before any tag is created, so a refused call changes nothing.
            if tags.len() + fresh.len() > MAX_PER_RECORD {
                return results::failure(
                    "LIMIT_EXCEEDED",
                    "a record can have at most 10 tags",
                    json!({"id": id, "limit": MAX_PER_RECORD.to_string()}),
                );
            }
            for name in fresh {
                tags.push(find_or_create(state, def, name, actor));
            }
            "tags updated successfully"
        }
        Action::Remove => {
            tags.retain(|t| {
                let name = t["name"].as_str().unwrap_or("");
                !request.names.iter().any(|n| n.eq_ignore_ascii_case(name))
            });
            "tags removed successfully"
        }
    };
    let names: Vec<Value> = tags.iter().map(|t| t["name"].clone()).collect();
    if let Some(record) = state.crm.records.get_mut(def, id) {
        record.fields.insert("Tag", Value::Array(tags));
    }
    results::success(message, json!({"id": id, "tags": names}))
}

/// The `Tag` list of a record written with `"Tag": [{"name": …}]`: `current` plus the named
/// tags, created in the module when new. Records come back carrying them (observed by Zoho's
/// 1.0.x suites); past the per-record limit, the write is refused.
pub(crate) fn tag_on_write(
    state: &mut EmulatorState,
    def: &'static ModuleDef,
    mut current: Vec<Value>,
    sent: &Value,
    actor: &Actor,
) -> Result<Vec<Value>, Value> {
    let names: Vec<&str> = sent
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|t| t.get("name").and_then(Value::as_str))
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let mut fresh: Vec<&str> = Vec::new();
    for name in names {
        let known = |n: &str| n.eq_ignore_ascii_case(name);
        let carried = current
            .iter()
            .any(|t| t["name"].as_str().is_some_and(known));
        if !carried && !fresh.iter().any(|f| known(f)) {
            fresh.push(name);
        }
    }
    if current.len() + fresh.len() > MAX_PER_RECORD {
        return Err(results::failure(
            "LIMIT_EXCEEDED",
            "a record can have at most 10 tags",
            json!({"api_name": "Tag", "limit": MAX_PER_RECORD.to_string()}),
        ));
    }
    for name in fresh {
        current.push(find_or_create(state, def, name, actor));
    }
    Ok(current)
}

fn find_or_create(
    state: &mut EmulatorState,
    def: &'static ModuleDef,
    name: &str,
    actor: &Actor,
) -> Value {
    if let Some(tag) = state.crm.tags.by_name(def, name) {
        return tag.reference();
    }
    let tag = Tag::new(state.ids.next_id(), def, name.trim(), actor);
    let reference = tag.reference();
    state.crm.tags.add(tag);
    reference
}
