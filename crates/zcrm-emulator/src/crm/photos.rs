//! `POST|GET|DELETE /{module}/{id}/photo`: one image per record. Answers to upload and delete
//! are top-level `{"code","details","message","status"}`, without `data`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use crate::state::Shared;

use super::auth::Caller;
use super::download;
use super::envelope::{self, ApiError};
use super::file_store::Photo;
use super::request::Seg;
use super::results;
use super::schema;
use super::uploads::{self, Upload};

pub(crate) async fn upload(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Seg((module, id)): Seg<(String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let def = schema::record_module(&module)?;
    let Upload::File {
        name,
        content_type,
        data,
    } = uploads::read(
        &headers,
        query.as_deref(),
        &body,
        shared.config.options.max_attachment_bytes,
    )?
    else {
        return Err(ApiError::required_param("file"));
    };
    let mut state = shared.lock();
    let photo_id = state.ids.next_id();
    let record = state
        .crm
        .records
        .get_mut(def, &id)
        .ok_or_else(|| ApiError::invalid_id(&id))?;
    record
        .fields
        .insert("Record_Image", Value::String(photo_id));
    state.crm.files.set_photo(
        &id,
        Photo {
            data,
            content_type,
            file_name: name,
        },
    );
    drop(state);
    Ok(top_level("photo uploaded successfully"))
}

pub(crate) async fn download(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Seg((module, id)): Seg<(String, String)>,
) -> Result<Response, ApiError> {
    schema::record_module(&module)?;
    let photo = shared.lock().crm.files.photo(&id).cloned();
    Ok(match photo {
        Some(photo) => download::file(photo.data, &photo.content_type, &photo.file_name),
        None => envelope::no_content(),
    })
}

pub(crate) async fn remove(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Seg((module, id)): Seg<(String, String)>,
) -> Result<Response, ApiError> {
    let def = schema::record_module(&module)?;
    let mut state = shared.lock();
    let record = state
        .crm
        .records
        .get_mut(def, &id)
        .ok_or_else(|| ApiError::invalid_id(&id))?;
    record.fields.insert("Record_Image", Value::Null);
    state.crm.files.remove_photo(&id);
    drop(state);
    Ok(top_level("Photo deleted"))
}

fn top_level(message: &str) -> Response {
    envelope::json(StatusCode::OK, &results::success(message, json!({})))
}
