//! `settings/tags`: list, create, rename, delete, merge and count the tags of a module.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use crate::clock;
use crate::crm::actor::Actor;
use crate::crm::auth::Caller;
use crate::crm::envelope::{self, ApiError};
use crate::crm::request::{self, id_of, Seg};
use crate::crm::results;
use crate::crm::schema::{self, ModuleDef};
use crate::params::Params;
use crate::state::{Shared, State as EmulatorState};

use super::store::{self, rewrite_record_tags, Tag};

/// Zoho's cap on tags per call (and per module).
pub(crate) const MAX_TAGS: usize = 50;
/// Longest tag name Zoho accepts.
const MAX_NAME: usize = 25;

fn module_param(query: Option<&str>) -> Result<&'static ModuleDef, ApiError> {
    let def = request::module_param(&Params::from_query(query))?;
    schema::record_module(def.api_name)
}

pub(crate) async fn list(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let def = module_param(query.as_deref())?;
    let state = shared.lock();
    let tags: Vec<Value> = state
        .crm
        .tags
        .of_module(def)
        .iter()
        .map(|t| t.to_json())
        .collect();
    drop(state);
    let info = json!({"count": tags.len(), "allowed_count": MAX_TAGS});
    Ok(envelope::json(
        StatusCode::OK,
        &json!({"tags": tags, "info": info}),
    ))
}

pub(crate) async fn create(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Result<Response, ApiError> {
    let def = module_param(query.as_deref())?;
    results::write_each(
        &shared,
        &body,
        "tags",
        MAX_TAGS,
        StatusCode::OK,
        |state, item| {
            let actor = Actor::of(state, &caller.email);
            match new_name(state, def, item, None) {
                Ok(name) => {
                    let tag = Tag::new(state.ids.next_id(), def, &name, &actor);
                    let details = tag.to_json();
                    state.crm.tags.add(tag);
                    results::success("tags created successfully", details)
                }
                Err(error) => error,
            }
        },
    )
}

pub(crate) async fn update_many(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Result<Response, ApiError> {
    let def = module_param(query.as_deref())?;
    results::write_each(
        &shared,
        &body,
        "tags",
        MAX_TAGS,
        StatusCode::OK,
        |state, item| {
            let actor = Actor::of(state, &caller.email);
            match item.get("id").and_then(id_of) {
                Some(id) => rename(state, Some(def), &id, item, &actor),
                None => results::mandatory_missing("id"),
            }
        },
    )
}

pub(crate) async fn update_one(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Seg(id): Seg<String>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Result<Response, ApiError> {
    let def = match Params::from_query(query.as_deref()).get("module") {
        Some(name) => Some(schema::record_module(name)?),
        None => None,
    };
    results::write_each(&shared, &body, "tags", 1, StatusCode::OK, |state, item| {
        let actor = Actor::of(state, &caller.email);
        rename(state, def, &id, item, &actor)
    })
}

pub(crate) async fn delete(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Seg(id): Seg<String>,
) -> Result<Response, ApiError> {
    let mut state = shared.lock();
    let result = match state.crm.tags.remove(&id) {
        Some(tag) => {
            rewrite_record_tags(&mut state.crm.records, tag.module, |tags| {
                tags.retain(|t| t["id"] != json!(tag.id));
            });
            results::success("tags deleted successfully", json!({"id": id}))
        }
        None => results::invalid_id(&id),
    };
    drop(state);
    Ok(results::respond(
        "tags",
        vec![result],
        shared.config.statuses(StatusCode::OK),
    ))
}

pub(crate) async fn records_count(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Seg(id): Seg<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let def = module_param(query.as_deref())?;
    let state = shared.lock();
    let tag = state
        .crm
        .tags
        .by_id(&id)
        .filter(|t| t.module.api_name == def.api_name)
        .ok_or_else(|| ApiError::invalid_id(&id))?;
    let count = store::usage(&state.crm.records, tag);
    drop(state);
    Ok(envelope::json(
        StatusCode::OK,
        &json!({"count": count.to_string()}),
    ))
}

/// `tag_id` absorbs `conflict_id`: records carrying the conflict tag carry `tag_id` instead
/// (<https://www.zoho.com/crm/developer/docs/api/v2/merge-tags.html>). The conflict tag itself
/// is left in place, with no records, and can still be deleted: the docs are silent, and
/// that is what Zoho's 1.0.x suites observed.
pub(crate) async fn merge(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Seg(id): Seg<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let items = request::entities(&body, "tags", 1)?;
    let conflict_id = items
        .first()
        .and_then(|i| i.get("conflict_id"))
        .and_then(id_of)
        .ok_or_else(|| ApiError::required_param("conflict_id"))?;
    let mut state = shared.lock();
    let (Some(target), Some(conflict)) = (
        state.crm.tags.by_id(&id).cloned(),
        state.crm.tags.by_id(&conflict_id).cloned(),
    ) else {
        return Err(ApiError::invalid_id(&conflict_id));
    };
    if target.module.api_name != conflict.module.api_name || target.id == conflict.id {
        return Err(ApiError::invalid_data(
            "the tags cannot be merged",
            json!({"conflict_id": conflict_id}),
        ));
    }
    rewrite_record_tags(&mut state.crm.records, target.module, |tags| {
        if tags.iter().any(|t| t["id"] == json!(conflict.id)) {
            tags.retain(|t| t["id"] != json!(conflict.id) && t["id"] != json!(target.id));
            tags.push(target.reference());
        }
    });
    drop(state);
    let result = results::success("tags merged successfully", target.to_json());
    Ok(envelope::json(StatusCode::OK, &json!({"tags": [result]})))
}

/// Renames a tag (in `def`, when given) and every record that carries it.
fn rename(
    state: &mut EmulatorState,
    def: Option<&'static ModuleDef>,
    id: &str,
    item: &Value,
    actor: &Actor,
) -> Value {
    let Some(tag) = state
        .crm
        .tags
        .by_id(id)
        .filter(|t| def.is_none_or(|d| d.api_name == t.module.api_name))
        .cloned()
    else {
        return results::invalid_id(id);
    };
    let name = match new_name(state, tag.module, item, Some(id)) {
        Ok(name) => name,
        Err(error) => return error,
    };
    let reference = json!({"name": name, "id": id});
    rewrite_record_tags(&mut state.crm.records, tag.module, |tags| {
        for t in tags.iter_mut().filter(|t| t["id"] == json!(id)) {
            *t = reference.clone();
        }
    });
    let Some(stored) = state.crm.tags.by_id_mut(id) else {
        return results::invalid_id(id);
    };
    stored.name = name;
    stored.modified_by = actor.named();
    stored.modified = clock::now_unix();
    results::success("tags updated successfully", stored.to_json())
}

/// The `name` of a tag in a create or rename: present, short enough, unique in the module.
fn new_name(
    state: &EmulatorState,
    def: &ModuleDef,
    item: &Value,
    own_id: Option<&str>,
) -> Result<String, Value> {
    let name = item
        .get("name")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .ok_or_else(|| results::mandatory_missing("name"))?;
    if name.chars().count() > MAX_NAME {
        return Err(results::invalid_data(
            json!({"api_name": "name", "maximum_length": MAX_NAME}),
        ));
    }
    match state.crm.tags.by_name(def, name) {
        Some(existing) if Some(existing.id.as_str()) != own_id => Err(results::failure(
            "DUPLICATE_DATA",
            "duplicate data",
            json!({"api_name": "name", "id": existing.id}),
        )),
        _ => Ok(name.to_string()),
    }
}
