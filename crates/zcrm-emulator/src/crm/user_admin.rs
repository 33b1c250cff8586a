//! `POST users`, `PUT users/{id}` and `DELETE users/{id}`: inviting, changing and removing
//! the org's users.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Map, Value};

use crate::clock;
use crate::state::{Shared, State as EmulatorState};

use super::actor::Actor;
use super::auth::Caller;
use super::envelope::ApiError;
use super::request::{id_of, Seg};
use super::results;
use super::seed::{self, PROFILE_ADMIN, PROFILE_STANDARD, ROLE_CEO, ROLE_MANAGER};
use super::user_store::{NamedRef, User, UserStatus};

/// Keys with a place of their own on a user, or that the org decides (the date format stays
/// the org's, `country_locale` is not the caller's to set: observed by Zoho's 1.0.x suites);
/// anything else is kept in `extra`.
const OWN_KEYS: [&str; 12] = [
    "id",
    "email",
    "first_name",
    "last_name",
    "role",
    "profile",
    "status",
    "full_name",
    "zuid",
    "date_format",
    "country_locale",
    "Reporting_To",
];

pub(crate) async fn create(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    body: Bytes,
) -> Result<Response, ApiError> {
    results::write_each(
        &shared,
        &body,
        "users",
        100,
        StatusCode::CREATED,
        |state, item| {
            let actor = Actor::of(state, &caller.email);
            match invite(state, item, &actor) {
                Ok(id) => results::success("User added", json!({ "id": id })),
                Err(error) => error,
            }
        },
    )
}

pub(crate) async fn update(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Seg(id): Seg<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    results::write_each(&shared, &body, "users", 1, StatusCode::OK, |state, item| {
        let actor = Actor::of(state, &caller.email);
        match change(state, &id, item, &actor) {
            Ok(()) => results::success("User updated", json!({ "id": id })),
            Err(error) => error,
        }
    })
}

pub(crate) async fn delete(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Seg(id): Seg<String>,
) -> Result<Response, ApiError> {
    let mut state = shared.lock();
    let result = match state.users.by_id_mut(&id).filter(|u| !u.is_deleted()) {
        Some(user) => {
            user.status = UserStatus::Deleted;
            user.modified_time = clock::iso_now();
            results::success("User deleted", json!({ "id": id }))
        }
        None => results::invalid_id(&id),
    };
    drop(state);
    Ok(results::respond(
        "users",
        vec![result],
        shared.config.statuses(StatusCode::OK),
    ))
}

fn invite(state: &mut EmulatorState, item: &Value, actor: &Actor) -> Result<String, Value> {
    let Value::Object(input) = item else {
        return Err(results::invalid_data(
            json!({"expected_data_type": "jsonobject"}),
        ));
    };
    for key in ["last_name", "email", "role", "profile"] {
        if input.get(key).is_none_or(|v| v.is_null() || v == "") {
            return Err(results::mandatory_missing(key));
        }
    }
    let email = input
        .get("email")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|e| e.contains('@') && !e.contains(' '))
        .ok_or_else(|| results::wrong_type("email", "email"))?;
    if let Some(existing) = state.users.by_email(email).filter(|u| !u.is_deleted()) {
        return Err(results::failure(
            "DUPLICATE_DATA",
            "duplicate data",
            json!({"api_name": "email", "id": existing.id}),
        ));
    }
    let role = reference(input, "role", &[ROLE_CEO, ROLE_MANAGER])?;
    let profile = reference(input, "profile", &[PROFILE_ADMIN, PROFILE_STANDARD])?;
    let id = state.ids.next_id();
    let creator = NamedRef::new(&actor.name, &actor.id);
    let mut user = seed::newcomer(email, id.clone(), creator);
    user.role = role;
    user.profile = profile;
    user.confirmed = false;
    user.first_name = text(input, "first_name").unwrap_or_default();
    user.last_name = text(input, "last_name").unwrap_or_default();
    user.extra = extra(input);
    if let Some(manager) = reporting_to(state, input)? {
        user.extra.insert("Reporting_To".to_string(), manager);
    }
    state.users.insert(user);
    Ok(id)
}

fn change(state: &mut EmulatorState, id: &str, item: &Value, actor: &Actor) -> Result<(), Value> {
    let Value::Object(input) = item else {
        return Err(results::invalid_data(
            json!({"expected_data_type": "jsonobject"}),
        ));
    };
    let role = input
        .get("role")
        .map(|_| reference(input, "role", &[ROLE_CEO, ROLE_MANAGER]))
        .transpose()?;
    let profile = input
        .get("profile")
        .map(|_| reference(input, "profile", &[PROFILE_ADMIN, PROFILE_STANDARD]))
        .transpose()?;
    let status = match input.get("status").and_then(Value::as_str) {
        None => None,
        Some("active") => Some(UserStatus::Active),
        Some("disabled") => Some(UserStatus::Disabled),
        Some(_) => return Err(results::wrong_type("status", "picklist")),
    };
    let manager = reporting_to(state, input)?;
    let user: &mut User = state
        .users
        .by_id_mut(id)
        .filter(|u| !u.is_deleted())
        .ok_or_else(|| results::invalid_id(id))?;
    if let Some(first) = text(input, "first_name") {
        user.first_name = first;
    }
    if let Some(last) = text(input, "last_name").filter(|l| !l.is_empty()) {
        user.last_name = last;
    }
    user.role = role.unwrap_or_else(|| user.role.clone());
    user.profile = profile.unwrap_or_else(|| user.profile.clone());
    user.status = status.unwrap_or(user.status);
    user.extra.extend(extra(input));
    if let Some(manager) = manager {
        user.extra.insert("Reporting_To".to_string(), manager);
    }
    user.modified_by = NamedRef::new(&actor.name, &actor.id);
    user.modified_time = clock::iso_now();
    Ok(())
}

/// `Reporting_To` given as an id or `{"id": …}`: the user it names, as `{"name","id"}`.
fn reporting_to(state: &EmulatorState, input: &Map<String, Value>) -> Result<Option<Value>, Value> {
    let Some(sent) = input.get("Reporting_To").filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    id_of(sent)
        .and_then(|id| state.users.by_id(&id).filter(|u| !u.is_deleted()))
        .map(|manager| Some(manager.as_ref().to_json()))
        .ok_or_else(|| results::wrong_type("Reporting_To", "lookup"))
}

/// A role or profile given as an id or `{"id": …}`; it must be one the org has.
fn reference(
    input: &Map<String, Value>,
    key: &str,
    known: &[(&str, &str)],
) -> Result<NamedRef, Value> {
    let id = input.get(key).and_then(id_of);
    known
        .iter()
        .find(|(_, known_id)| Some(*known_id) == id.as_deref())
        .map(|(name, id)| NamedRef::new(name, id))
        .ok_or_else(|| results::wrong_type(key, "lookup"))
}

fn text(input: &Map<String, Value>, key: &str) -> Option<String> {
    input
        .get(key)
        .and_then(Value::as_str)
        .map(|s| s.trim().to_string())
}

fn extra(input: &Map<String, Value>) -> Map<String, Value> {
    input
        .iter()
        .filter(|(k, _)| !OWN_KEYS.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}
