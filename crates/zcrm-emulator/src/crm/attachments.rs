//! `GET|POST /{module}/{id}/Attachments` and `GET|DELETE /{module}/{id}/Attachments/{aid}`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use crate::clock;
use crate::params::Params;
use crate::state::{Shared, State as EmulatorState};

use super::actor::Actor;
use super::auth::Caller;
use super::download;
use super::envelope::{self, ApiError};
use super::file_store::Attachment;
use super::paging::Page;
use super::request::Seg;
use super::results;
use super::schema;
use super::uploads::{self, Upload};

pub(crate) async fn list(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Seg((module, id)): Seg<(String, String)>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    schema::record_module(&module)?;
    let params = Params::from_query(query.as_deref());
    let state = shared.lock();
    let items = items_of(&state, &id);
    drop(state);
    page_of(items, &params)
}

/// The JSON of a record's attachments, oldest first.
pub(crate) fn items_of(state: &EmulatorState, parent_id: &str) -> Vec<Value> {
    state
        .crm
        .files
        .attachments_of(parent_id)
        .iter()
        .map(|a| a.to_json(&state.crm.records))
        .collect()
}

/// One page of attachments, with `fields=` applied; 204 when the page is empty.
pub(crate) fn page_of(mut items: Vec<Value>, params: &Params) -> Result<Response, ApiError> {
    let page = Page::from_params(params)?;
    if let Some(fields) = params.list("fields") {
        for item in &mut items {
            if let Value::Object(map) = item {
                map.retain(|k, _| k == "id" || fields.iter().any(|f| f == k));
            }
        }
    }
    let (items, more) = page.slice(&items);
    if items.is_empty() {
        return Ok(envelope::no_content());
    }
    Ok(envelope::json(
        StatusCode::OK,
        &json!({"data": items, "info": page.info(items.len(), more)}),
    ))
}

pub(crate) async fn upload(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Seg((module, id)): Seg<(String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let def = schema::record_module(&module)?;
    let upload = uploads::read(
        &headers,
        query.as_deref(),
        &body,
        shared.config.options.max_attachment_bytes,
    )?;
    let mut state = shared.lock();
    if state.crm.records.get(def, &id).is_none() {
        return Ok(related_id_invalid(&id));
    }
    let actor = Actor::of(&mut state, &caller.email);
    let (file_name, content_type, data, link_url) = match upload {
        Upload::File {
            name,
            content_type,
            data,
        } => (name, content_type, Some(data), None),
        Upload::Link(url) => (url.clone(), "text/uri-list".to_string(), None, Some(url)),
    };
    let attachment = Attachment {
        id: state.ids.next_id(),
        parent_module: def,
        parent_id: id,
        file_name,
        content_type,
        data,
        link_url,
        owner: actor.user_json(),
        created: clock::now_unix(),
        file_id: crate::ids::token().replace('.', ""),
    };
    let when = clock::iso_at(attachment.created);
    let details = json!({
        "Modified_Time": when, "Modified_By": actor.named(), "Created_Time": when,
        "id": attachment.id, "Created_By": actor.named(),
    });
    state.crm.files.attach(attachment);
    drop(state);
    let result = results::success("attachment uploaded successfully", details);
    Ok(envelope::json(StatusCode::OK, &json!({"data": [result]})))
}

pub(crate) async fn download(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Seg((module, id, attachment_id)): Seg<(String, String, String)>,
) -> Result<Response, ApiError> {
    schema::record_module(&module)?;
    let state = shared.lock();
    let attachment = state
        .crm
        .files
        .attachment(&id, &attachment_id)
        .cloned()
        .ok_or_else(|| ApiError::invalid_id(&attachment_id))?;
    drop(state);
    match attachment.data {
        Some(data) => Ok(download::file(
            data,
            &attachment.content_type,
            &attachment.file_name,
        )),
        None => Err(ApiError::invalid_data(
            "a link attachment has no file to download",
            json!({"id": attachment_id}),
        )),
    }
}

pub(crate) async fn remove(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Seg((module, id, attachment_id)): Seg<(String, String, String)>,
) -> Result<Response, ApiError> {
    schema::record_module(&module)?;
    let removed = shared.lock().crm.files.detach(&id, &attachment_id);
    let result = match removed {
        Some(_) => results::success("record deleted", json!({"id": attachment_id})),
        None => results::invalid_id(&attachment_id),
    };
    Ok(results::respond(
        "data",
        vec![result],
        shared.config.statuses(StatusCode::OK),
    ))
}

fn related_id_invalid(id: &str) -> Response {
    let result = results::failure(
        "INVALID_DATA",
        "the related id given seems to be invalid",
        json!({ "id": id }),
    );
    envelope::json(StatusCode::BAD_REQUEST, &json!({"data": [result]}))
}
