//! `GET /crm/v2/users` and `GET /crm/v2/users/{id}`.

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::params::Params;
use crate::state::{Shared, State as EmulatorState};

use super::auth::Caller;
use super::criteria;
use super::envelope::{self, ApiError};
use super::paging::Page;
use super::seed;
use super::user_store::{User, UserType};

pub(crate) async fn list_users(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    RawQuery(query): RawQuery,
) -> Response {
    let params = Params::from_query(query.as_deref());
    let (kind, page) = match listing(&params) {
        Ok(listing) => listing,
        Err(error) => return error.into_response(),
    };
    let mut state = shared.lock();
    let users: Vec<Value> = if kind == UserType::Current {
        vec![current_user(&mut state, &caller.email).to_json()]
    } else {
        state
            .users
            .of_type(kind)
            .iter()
            .map(|u| u.to_json())
            .collect()
    };
    drop(state);
    respond_page(&users, page)
}

pub(crate) async fn get_user(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    id: Result<Path<String>, PathRejection>,
) -> Response {
    // An id that is not even valid text cannot name a user either.
    let Ok(Path(id)) = id else {
        return envelope::no_content();
    };
    match shared.lock().users.by_id(&id) {
        Some(user) => envelope::json(StatusCode::OK, &json!({ "users": [user.to_json()] })),
        None => envelope::no_content(),
    }
}

/// The token owner's CRM user, added to the org on first sight as Zoho does when someone
/// from the org first uses the API.
pub(crate) fn current_user(state: &mut EmulatorState, email: &str) -> User {
    if let Some(user) = state.users.by_email(email) {
        return user.clone();
    }
    let creator = state
        .users
        .admin()
        .map(User::as_ref)
        .unwrap_or_else(|| super::user_store::NamedRef::new("", ""));
    let user = seed::newcomer(email, state.ids.next_id(), creator);
    state.users.insert(user.clone());
    user
}

/// `GET users/search?criteria=`: criteria over the user JSON (`(email:equals:…)`), within a
/// `type` listing.
pub(crate) async fn search_users(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    RawQuery(query): RawQuery,
) -> Response {
    let params = Params::from_query(query.as_deref());
    let found = params
        .get("criteria")
        .ok_or_else(|| ApiError::required_param("criteria"))
        .and_then(|text| {
            criteria::parse(text)
                .map_err(|_| ApiError::invalid_query("the criteria is not valid", json!({})))
        })
        .and_then(|expr| listing(&params).map(|listing| (expr, listing)));
    let (expr, (kind, page)) = match found {
        Ok(found) => found,
        Err(error) => return error.into_response(),
    };
    let kind = if kind == UserType::Current {
        UserType::All
    } else {
        kind
    };
    let users: Vec<Value> = shared
        .lock()
        .users
        .of_type(kind)
        .iter()
        .map(|u| u.to_json())
        .filter(|u| u.as_object().is_some_and(|map| expr.matches(map)))
        .collect();
    respond_page(&users, page)
}

fn respond_page(users: &[Value], page: Page) -> Response {
    let (items, more) = page.slice(users);
    if items.is_empty() {
        return envelope::no_content();
    }
    envelope::json(
        StatusCode::OK,
        &json!({ "users": items, "info": page.info(items.len(), more) }),
    )
}

fn listing(params: &Params) -> Result<(UserType, Page), ApiError> {
    let kind = match params.get("type") {
        None => UserType::All,
        Some(raw) => UserType::parse(raw).ok_or_else(invalid_type)?,
    };
    Ok((kind, Page::from_params(params)?))
}

fn invalid_type() -> ApiError {
    ApiError::invalid_data(
        "the given type is invalid",
        json!({"param_name": "type", "supported_values": [
            "AllUsers", "ActiveUsers", "DeactiveUsers", "ConfirmedUsers", "NotConfirmedUsers",
            "DeletedUsers", "ActiveConfirmedUsers", "AdminUsers", "ActiveConfirmedAdmins",
            "CurrentUser"
        ]}),
    )
}
