//! Bulk Write (https://www.zoho.com/crm/developer/docs/api/v2/bulk-write/overview.html):
//! upload a zipped CSV to the content host, create a job on it, read the job's details, and
//! download its result. Zoho serves uploads from `content.zohoapis.*`, jobs from
//! `{api}/crm/bulk/v2/write` and results from `download-accl.zoho.*`; the emulator serves all
//! three on its one origin, with Zoho's paths, which is why clients derive the content host
//! from the API host and use the same origin for loopback (see zcrm-core's
//! `config::content_origin`).

pub(crate) mod files;
pub(crate) mod jobs;

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use crate::clock;
use crate::crm::actor::Actor;
use crate::crm::auth::Caller;
use crate::crm::envelope::{self, ApiError};
use crate::crm::request::{id_of, Seg};
use crate::crm::schema;
use crate::crm::uploads::{self, Upload};
use crate::state::Shared;

use jobs::{Operation, Request};

/// How often a job's emulated time is checked, so that its callback is posted without anyone
/// polling. Wall time, but only the emulator waits on it.
const TICK: Duration = Duration::from_millis(100);

/// `POST /crm/v2/upload` with `feature: bulk-write` and `X-CRM-ORG: {zgid}` (upload-file.html).
pub(crate) async fn upload(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Result<Response, ApiError> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    if header("feature") != Some("bulk-write") {
        return Ok(refusal("NOT_SUPPORTED_FEATURE", "Feature is not supported"));
    }
    let zgid = shared.lock().org.zgid();
    // Unverified: the code and message of Zoho's refusal of another org's zgid.
    if header("X-CRM-ORG") != Some(zgid.as_str()) {
        return Err(ApiError::invalid_data(
            "X-CRM-ORG must be the organization's zgid",
            json!({"header_name": "X-CRM-ORG"}),
        ));
    }
    let max = shared.config.options.max_attachment_bytes;
    let Upload::File { data, .. } = uploads::read(&headers, query.as_deref(), &body, max)? else {
        return Err(ApiError::required_param("file"));
    };
    let sheet = match files::read_upload(&data) {
        Ok(sheet) => sheet,
        Err(files::Refusal::NotAZip) => {
            return Ok(refusal(
                "INVALID_FILE_FORMAT",
                "invalid file format. only zip format is supported",
            ))
        }
        Err(files::Refusal::Content(why)) => {
            return Err(ApiError::invalid_data(&why, json!({"param_name": "file"})))
        }
    };
    let mut state = shared.lock();
    let file_id = state.ids.next_id();
    state.crm.bulk_writes.add_file(file_id.clone(), sheet);
    Ok(envelope::json(
        StatusCode::OK,
        &json!({
            "status": "success",
            "code": "FILE_UPLOAD_SUCCESS",
            "message": "file uploaded.",
            "details": {"file_id": file_id, "created_time": clock::iso_now()},
        }),
    ))
}

/// The upload's refusals of a wrong `feature` header or a file that is not a zip: HTTP 200
/// with a top-level error (`INVALID_FILE_FORMAT`, `NOT_SUPPORTED_FEATURE`), as samples of
/// Zoho's answers show them (<https://www.withone.ai/knowledge/zoho/> "Upload a File for Bulk
/// Write"; 200 is also the harder reading for clients).
fn refusal(code: &str, message: &str) -> Response {
    envelope::json(
        StatusCode::OK,
        &json!({"code": code, "details": {"created_time": clock::iso_now()},
                "message": message, "status": "error"}),
    )
}

/// `POST /crm/bulk/v2/write` (create-job.html): 201 with the job's id.
pub(crate) async fn create_job(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body: Value = serde_json::from_slice(&body)
        .map_err(|_| ApiError::invalid_data("the body is not JSON", json!({})))?;
    let id = {
        let mut state = shared.lock();
        let request = read_request(&body, &state.crm.bulk_writes)?;
        let actor = Actor::of(&mut state, &caller.email);
        let id = jobs::create(&mut state, request, &actor)
            .ok_or_else(|| invalid("file_id", "no uploaded file has this id"))?;
        (id, actor.named())
    };
    watch(Arc::clone(&shared), id.0.clone());
    Ok(envelope::json(
        StatusCode::CREATED,
        &json!({
            "status": "success",
            "code": "ADDED_SUCCESSFULLY",
            "message": "Added successfully.",
            "details": {"id": id.0, "created_by": id.1},
        }),
    ))
}

/// `GET /crm/bulk/v2/write/{job_id}` (job-details.html).
pub(crate) async fn get_job(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Seg(id): Seg<String>,
) -> Result<Response, ApiError> {
    settle(&shared);
    let state = shared.lock();
    let job = state
        .crm
        .bulk_writes
        .job(&id)
        .ok_or_else(|| ApiError::invalid_id(&id))?;
    let details = job.details(&shared.config.base_url, &state.org.zgid());
    Ok(envelope::json(StatusCode::OK, &details))
}

/// `GET /v2/crm/{zgid}/bulk-write/{job_id}/{job_id}.zip` (download-result.html).
pub(crate) async fn download(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Seg((zgid, id, file)): Seg<(String, String, String)>,
) -> Result<Response, ApiError> {
    settle(&shared);
    let state = shared.lock();
    let zip = state
        .crm
        .bulk_writes
        .job(&id)
        .filter(|_| zgid == state.org.zgid() && file == format!("{id}.zip"))
        .and_then(jobs::Job::result_zip)
        .ok_or_else(ApiError::url_not_found)?;
    let mut response = envelope::with_body(StatusCode::OK, zip.to_vec());
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/zip"),
    );
    Ok(response)
}

/// Completes the jobs whose time is up and posts their callbacks.
fn settle(shared: &Arc<Shared>) {
    let callbacks = {
        let mut state = shared.lock();
        let unique = &shared.config.options.unique_fields;
        jobs::settle_due(&mut state, unique, &shared.config.base_url)
    };
    for callback in callbacks {
        tokio::spawn(async move { crate::callbacks::post(&callback.url, &callback.body).await });
    }
}

/// Settles job `id` when its emulated time is up, whether or not anyone asks for it, so that
/// its callback goes out as Zoho's would.
fn watch(shared: Arc<Shared>, id: String) {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(TICK).await;
            shared.clock.in_emulated_time(|| settle(&shared));
            let state = shared.lock();
            if state
                .crm
                .bulk_writes
                .job(&id)
                .is_none_or(jobs::Job::is_done)
            {
                break;
            }
        }
    });
}

fn read_request(body: &Value, files: &jobs::BulkWrites) -> Result<Request, ApiError> {
    let operation = body["operation"]
        .as_str()
        .and_then(Operation::parse)
        .ok_or_else(|| invalid("operation", "operation must be insert, update or upsert"))?;
    let resources = body["resource"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    let [resource] = resources else {
        return Err(invalid("resource", "resource must hold one module's file"));
    };
    let module = match &resource["module"] {
        Value::Object(module) => module.get("api_name").and_then(Value::as_str),
        other => other.as_str(),
    }
    .ok_or_else(|| invalid("module", "module is required"))?;
    let module = schema::record_module(module)?;
    let file_id = id_of(&resource["file_id"])
        .filter(|id| files.has_file(id))
        .ok_or_else(|| invalid("file_id", "no uploaded file has this id"))?;
    let columns = files.file_header(&file_id).map_or(0, <[String]>::len);
    let mappings = field_mappings(&resource["field_mappings"], columns)?;
    let find_by = resource["find_by"].as_str().map(str::to_string);
    match (&find_by, operation) {
        (None, Operation::Update | Operation::Upsert) => {
            return Err(ApiError::bad_request(
                "MANDATORY_NOT_FOUND",
                "find_by is mandatory for update and upsert",
                json!({"api_name": "find_by"}),
            ))
        }
        (Some(field), _) if !mappings.iter().any(|(name, _)| name == field) => {
            return Err(invalid(
                "find_by",
                "find_by must be one of the mapped fields",
            ))
        }
        _ => {}
    }
    let ignore_empty = [&body["ignore_empty"], &resource["ignore_empty"]]
        .iter()
        .any(|v| v.as_bool() == Some(true));
    let callback = match &body["callback"] {
        Value::Null => None,
        callback => Some(read_callback(callback)?),
    };
    Ok(Request {
        operation,
        module,
        file_id,
        mappings,
        find_by,
        ignore_empty,
        callback,
    })
}

fn field_mappings(value: &Value, columns: usize) -> Result<Vec<(String, usize)>, ApiError> {
    let items = value
        .as_array()
        .filter(|items| !items.is_empty())
        .ok_or_else(|| {
            invalid(
                "field_mappings",
                "field_mappings must map at least one column",
            )
        })?;
    items
        .iter()
        .map(|item| {
            let api_name = item["api_name"].as_str();
            let index = item["index"].as_u64().and_then(|i| usize::try_from(i).ok());
            match (api_name, index) {
                (Some(name), Some(index)) if index < columns => Ok((name.to_string(), index)),
                _ => Err(invalid(
                    "field_mappings",
                    "each mapping needs an api_name and the index of a column of the file",
                )),
            }
        })
        .collect()
}

fn read_callback(value: &Value) -> Result<String, ApiError> {
    let url = value["url"]
        .as_str()
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
        .ok_or_else(|| invalid("callback", "callback.url must be an http(s) URL"))?;
    if !value["method"]
        .as_str()
        .is_some_and(|m| m.eq_ignore_ascii_case("post"))
    {
        return Err(invalid("callback", "callback.method must be post"));
    }
    Ok(url.to_string())
}

/// Unverified: Zoho's exact refusals of a malformed job; INVALID_DATA naming the key.
fn invalid(api_name: &str, message: &str) -> ApiError {
    ApiError::invalid_data(message, json!({"api_name": api_name}))
}
