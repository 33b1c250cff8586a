//! `GET|POST|PUT|DELETE /{module}` and `GET|PUT|DELETE /{module}/{id}`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::crm::auth::Caller;
use crate::crm::envelope::{self, ApiError};
use crate::crm::page_token::{ApiVersion, PageRequest};
use crate::crm::request::{self, id_of, Seg};
use crate::crm::results;
use crate::crm::schema::{self, ModuleDef};
use crate::params::Params;
use crate::state::Shared;

use super::delete;
use super::listing::{self, ListQuery};
use super::render::render;
use super::write::{with_writer, Writer};

/// Zoho's cap on records per insert, update, upsert or delete call.
pub(crate) const MAX_RECORDS: usize = 100;

pub(crate) async fn list(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Seg(module): Seg<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    list_records(&shared, &caller, ApiVersion::V2, &module, query, &headers)
}

/// `GET /crm/{version}/{module}` for the versions after v2 (see `page_token`): a module's
/// list is the one resource the emulator serves under them.
pub(crate) async fn list_versioned(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Seg((version, module)): Seg<(String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let Some(version) = ApiVersion::parse(&version) else {
        return Ok(envelope::invalid_url());
    };
    list_records(&shared, &caller, version, &module, query, &headers)
}

fn list_records(
    shared: &Shared,
    caller: &Caller,
    version: ApiVersion,
    module: &str,
    query: Option<String>,
    headers: &HeaderMap,
) -> Result<Response, ApiError> {
    let def = schema::record_module(module)?;
    let params = Params::from_query(query.as_deref());
    let mut query = ListQuery::parse(&params, headers, Some("sort_by"))?;
    let paging = PageRequest::parse(
        &params,
        version,
        def.api_name,
        &caller.email,
        shared.config.options.page_limit,
    )?;
    query.page = paging.page;
    query.tokens = paging.tokens;
    let mut state = shared.lock();
    let filter = match params.get("cvid") {
        Some(cvid) => {
            let user_id = crate::crm::users::current_user(&mut state, &caller.email).id;
            let view = state.crm.views.get(def, cvid).ok_or_else(|| {
                ApiError::invalid_data("invalid data", json!({"param_name": "cvid"}))
            })?;
            if query.sort_by.is_none() {
                query.sort_by = view.sort_by.map(str::to_string);
                query.descending = view.sort_order == Some("desc");
            }
            view.filter(&user_id)
        }
        None => None,
    };
    let records = &state.crm.records;
    let listing = match filter {
        Some(filter) => {
            let candidates = records.all(def).filter(|r| filter.matches(&r.fields));
            listing::list(def, records, candidates.collect(), &query)
        }
        None => listing::list_module(def, records, &query),
    };
    drop(state);
    Ok(listing.into_response())
}

pub(crate) async fn get_one(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Seg((module, id)): Seg<(String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let def = schema::record_module(&module)?;
    let fields = Params::from_query(query.as_deref()).list("fields");
    let since = request::modified_since(&headers);
    let state = shared.lock();
    let Some(record) = state.crm.records.get(def, &id) else {
        return Ok(envelope::no_content());
    };
    if since.is_some_and(|since| record.modified <= since) {
        return Ok(listing::Listing::NotModified.into_response());
    }
    let body = json!({"data": [render(def, record, &state.crm.records, fields.as_deref())]});
    drop(state);
    Ok(envelope::json(StatusCode::OK, &body))
}

pub(crate) async fn insert(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Seg(module): Seg<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let def = schema::record_module(&module)?;
    let items = request::entities(&body, "data", MAX_RECORDS)?;
    let outcome = with_writer(&shared, &caller.email, |writer| {
        items.iter().map(|item| added(writer, def, item)).collect()
    });
    Ok(results::respond(
        "data",
        outcome,
        shared.config.statuses(StatusCode::CREATED),
    ))
}

pub(crate) fn added(writer: &mut Writer, def: &'static ModuleDef, item: &Value) -> Value {
    match writer.insert(def, item) {
        Ok(id) => results::success("record added", writer.details(def, &id)),
        Err(error) => error,
    }
}

pub(crate) fn updated(
    writer: &mut Writer,
    def: &'static ModuleDef,
    id: &str,
    item: &Value,
) -> Value {
    match writer.update(def, id, item) {
        Ok(id) => results::success("record updated", writer.details(def, &id)),
        Err(error) => error,
    }
}

pub(crate) async fn update_many(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Seg(module): Seg<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let def = schema::record_module(&module)?;
    let items = request::entities(&body, "data", MAX_RECORDS)?;
    let outcome = with_writer(&shared, &caller.email, |writer| {
        items
            .iter()
            .map(|item| match item.get("id").and_then(id_of) {
                Some(id) => updated(writer, def, &id, item),
                None => results::mandatory_missing("id"),
            })
            .collect()
    });
    Ok(results::respond(
        "data",
        outcome,
        shared.config.statuses(StatusCode::OK),
    ))
}

pub(crate) async fn update_one(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Seg((module, id)): Seg<(String, String)>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let def = schema::record_module(&module)?;
    let items = request::entities(&body, "data", 1)?;
    let outcome = with_writer(&shared, &caller.email, |writer| {
        items
            .iter()
            .map(|item| updated(writer, def, &id, item))
            .collect()
    });
    Ok(results::respond(
        "data",
        outcome,
        shared.config.statuses(StatusCode::OK),
    ))
}

pub(crate) async fn delete_many(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Seg(module): Seg<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let def = schema::record_module(&module)?;
    let ids = Params::from_query(query.as_deref())
        .list("ids")
        .ok_or_else(|| ApiError::required_param("ids"))?;
    if ids.len() > MAX_RECORDS {
        return Err(ApiError::limit_exceeded("ids", MAX_RECORDS));
    }
    let outcome = with_writer(&shared, &caller.email, |writer| {
        ids.iter()
            .map(|id| delete::delete(writer, def, id))
            .collect()
    });
    Ok(results::respond(
        "data",
        outcome,
        shared.config.statuses(StatusCode::OK),
    ))
}

pub(crate) async fn delete_one(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Seg((module, id)): Seg<(String, String)>,
) -> Result<Response, ApiError> {
    let def = schema::record_module(&module)?;
    let outcome = with_writer(&shared, &caller.email, |writer| {
        vec![delete::delete(writer, def, &id)]
    });
    Ok(results::respond(
        "data",
        outcome,
        shared.config.statuses(StatusCode::OK),
    ))
}
