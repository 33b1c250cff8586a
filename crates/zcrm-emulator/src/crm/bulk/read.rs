//! `/crm/bulk/v2/read`: Bulk Read jobs.
//!
//! Sources: "Bulk Read APIs - An Overview"
//! (<https://www.zoho.com/crm/developer/docs/api/v2/bulk-read/overview.html>), "Create Bulk
//! Read Job" (<https://www.zoho.com/crm/developer/docs/api/v2/bulk-read/create-job.html>), "Get
//! Bulk Read Job Details"
//! (<https://www.zoho.com/crm/developer/docs/api/v2/bulk-read/get-job-details.html>) and
//! "Download Bulk Read Result"
//! (<https://www.zoho.com/crm/developer/docs/api/v2/bulk-read/download-result.html>).
//!
//! - POST creates a job from `{"query": {module, fields, criteria, cvid, page}, "callback":
//!   {url, method}}` and answers 201 with `data[0].details` (`id`, `state: ADDED`).
//! - GET `{id}` shows the job; once COMPLETED its `result` has `page`, `count`,
//!   `download_url`, `per_page` and `more_records`.
//! - GET `{id}/result` is the zip holding `<id>.csv`.
//! - With a callback URL, the job's details are POSTed there when it completes.
//!
//! Unverified (the pages are silent): the answer for an unknown job id (INVALID_DATA, as for
//! record ids), for a download before COMPLETED (400 INVALID_REQUEST), the callback body's
//! exact shape (the job's details with `job_id`, as JSON), and `cvid` (accepted and shown,
//! but it selects nothing: the emulator's custom views have no criteria).

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Map, Value};

use super::read_export::{self, check_criteria};
use super::read_jobs::{JobState, ReadJob};
use crate::clock;
use crate::crm::auth::Caller;
use crate::crm::coql::eval::Table;
use crate::crm::download;
use crate::crm::envelope::{self, ApiError};
use crate::crm::schema::{self, ModuleDef};
use crate::state::{Shared, State as Emulator};

/// How often a job with a callback looks at the clock, and for how long at most (a frozen
/// clock that never moves must not keep the task forever).
const CALLBACK_CHECK: Duration = Duration::from_millis(20);
const CALLBACK_WATCH: Duration = Duration::from_secs(600);

pub(crate) async fn create(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    body: Bytes,
) -> Result<Response, ApiError> {
    let request: Value = serde_json::from_slice(&body)
        .ok()
        .filter(Value::is_object)
        .ok_or_else(|| ApiError::invalid_data("body is not a JSON object", json!({})))?;
    let query = request
        .get("query")
        .and_then(Value::as_object)
        .ok_or_else(|| mandatory("query"))?;
    let def = module_of(query)?;
    let fields = fields_of(query)?;
    let page = page_of(query)?;
    let callback_url = callback_of(&request)?;
    let now = clock::now_unix();
    let mut state = shared.lock();
    let table = Table {
        def,
        records: &state.crm.records,
    };
    for field in &fields {
        if !read_export::known(&table, field) {
            return Err(ApiError::invalid_data(
                "the field given seems to be invalid",
                json!({ "api_name": field }),
            ));
        }
    }
    if let Some(criteria) = query.get("criteria") {
        check_criteria(&table, criteria)?;
    }
    let mut shown = query.clone();
    shown.insert("module".into(), json!(def.api_name));
    shown.insert("page".into(), json!(page));
    let knobs = state.crm.bulk_reads.knobs;
    let job = ReadJob {
        id: state.ids.next_id(),
        query: Value::Object(shown),
        module: def.api_name,
        page,
        callback_url,
        created_by: creator(&state, &caller),
        created: now,
        due: now.saturating_add(knobs.delay),
        matching: None,
        per_page: knobs.per_page,
        fails: knobs.fail,
    };
    let details = json!({
        "id": job.id,
        "operation": "read",
        "state": JobState::Added.as_str(),
        "created_by": job.created_by,
        "created_time": clock::iso_at(now),
    });
    if let Some(url) = job.callback_url.clone() {
        call_back_when_done(shared.clone(), job.id.clone(), url);
    }
    state.crm.bulk_reads.add(job);
    drop(state);
    Ok(envelope::json(
        StatusCode::CREATED,
        &json!({"data": [{
            "status": "success",
            "code": "ADDED_SUCCESSFULLY",
            "message": "Added successfully.",
            "details": details,
        }], "info": {}}),
    ))
}

pub(crate) async fn details(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let now = clock::now_unix();
    let mut state = shared.lock();
    let entry = job_details(&mut state, &id, now)?;
    drop(state);
    Ok(envelope::json(StatusCode::OK, &json!({ "data": [entry] })))
}

pub(crate) async fn result(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let now = clock::now_unix();
    let state = shared.lock();
    let job = state
        .crm
        .bulk_reads
        .get(&id)
        .ok_or_else(|| ApiError::invalid_id(&id))?;
    if job.state(now) != JobState::Completed {
        return Err(ApiError::bad_request(
            "INVALID_REQUEST",
            "the job is not completed yet: download its result once its state is COMPLETED",
            json!({ "id": id }),
        ));
    }
    let def = schema::record_module(job.module)?;
    let table = Table {
        def,
        records: &state.crm.records,
    };
    let fields = fields_of(job.query.as_object().unwrap_or(&Map::new()))?;
    let columns = read_export::columns(def, &fields);
    let skipped = (job.page - 1).saturating_mul(job.per_page);
    let rows = selected(&table, &job.query)
        .skip(skipped)
        .take(job.per_page);
    let csv = read_export::csv(&table, &columns, rows);
    drop(state);
    let zip = read_export::zip(&id, &csv)
        .map_err(|e| ApiError::bad_request("INTERNAL_ERROR", &e.to_string(), json!({})))?;
    Ok(download::file(
        Bytes::from(zip),
        "application/zip",
        &format!("{id}.zip"),
    ))
}

/// The records the job's query selects, in id order.
fn selected<'a>(
    table: &'a Table<'a>,
    query: &'a Value,
) -> impl Iterator<Item = &'a crate::crm::records::store::Record> + 'a {
    let criteria = query.get("criteria");
    table
        .records
        .all(table.def)
        .filter(move |r| criteria.is_none_or(|c| read_export::matches(table, r, c)))
}

/// The job's entry in Zoho's shape; a COMPLETED job's `result` counts its page once.
fn job_details(state: &mut Emulator, id: &str, now: i64) -> Result<Value, ApiError> {
    let crm = &mut state.crm;
    let job = crm
        .bulk_reads
        .get_mut(id)
        .ok_or_else(|| ApiError::invalid_id(id))?;
    let job_state = job.state(now);
    let mut entry = json!({
        "id": job.id,
        "operation": "read",
        "state": job_state.as_str(),
        "query": job.query,
        "created_by": job.created_by,
        "created_time": clock::iso_at(job.created),
    });
    if job_state == JobState::Completed {
        let matching = match job.matching {
            Some(matching) => matching,
            None => {
                let def = schema::record_module(job.module)?;
                let table = Table {
                    def,
                    records: &crm.records,
                };
                let matching = selected(&table, &job.query).count();
                job.matching = Some(matching);
                matching
            }
        };
        let (count, more) = job.page_counts(matching);
        entry["result"] = json!({
            "page": job.page,
            "count": count,
            "download_url": format!("/crm/bulk/v2/read/{}/result", job.id),
            "per_page": job.per_page,
            "more_records": more,
        });
    }
    Ok(entry)
}

/// POSTs the job's details to `url` once the emulator's clock reaches its end (COMPLETED or
/// FAILED).
fn call_back_when_done(shared: Arc<Shared>, id: String, url: String) {
    tokio::spawn(async move {
        let checks = CALLBACK_WATCH.as_millis() / CALLBACK_CHECK.as_millis();
        for _ in 0..checks {
            tokio::time::sleep(CALLBACK_CHECK).await;
            let now = shared.clock.now();
            let body = {
                let mut state = shared.lock();
                let done = state
                    .crm
                    .bulk_reads
                    .get(&id)
                    .is_some_and(|job| job.state(now).is_finished());
                if !done {
                    continue;
                }
                job_details(&mut state, &id, now).ok()
            };
            if let Some(mut body) = body {
                body["job_id"] = json!(id);
                crate::callbacks::post(&url, &body).await;
            }
            return;
        }
    });
}

fn module_of(query: &Map<String, Value>) -> Result<&'static ModuleDef, ApiError> {
    // v2 names the module as a String; later versions as {"api_name": ...}: both are read.
    let name = match query.get("module") {
        Some(Value::String(name)) => name.as_str(),
        Some(Value::Object(module)) => module.get("api_name").and_then(Value::as_str).unwrap_or(""),
        _ => return Err(mandatory("module")),
    };
    schema::record_module(name).map_err(|_| ApiError::invalid_module())
}

fn fields_of(query: &Map<String, Value>) -> Result<Vec<String>, ApiError> {
    match query.get("fields") {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|f| {
                f.as_str().map(str::to_string).ok_or_else(|| {
                    ApiError::invalid_data(
                        "fields must be API names",
                        json!({"api_name": "fields"}),
                    )
                })
            })
            .collect(),
        Some(_) => Err(ApiError::invalid_data(
            "fields must be an array",
            json!({"api_name": "fields"}),
        )),
    }
}

fn page_of(query: &Map<String, Value>) -> Result<usize, ApiError> {
    match query.get("page") {
        None | Some(Value::Null) => Ok(1),
        Some(page) => page
            .as_u64()
            .filter(|p| *p >= 1)
            .and_then(|p| usize::try_from(p).ok())
            .ok_or_else(|| {
                ApiError::invalid_data("page must be 1 or more", json!({"api_name": "page"}))
            }),
    }
}

/// "A valid URL, that should allow HTTP Post method"; "The supported value is post".
fn callback_of(request: &Value) -> Result<Option<String>, ApiError> {
    let Some(callback) = request.get("callback").filter(|c| !c.is_null()) else {
        return Ok(None);
    };
    let url = callback.get("url").and_then(Value::as_str).unwrap_or("");
    let method = callback.get("method").and_then(Value::as_str).unwrap_or("");
    let valid_url = url::Url::parse(url).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
    if !valid_url || !method.eq_ignore_ascii_case("post") {
        return Err(ApiError::invalid_data(
            "the callback needs an http(s) url and the method post",
            json!({"api_name": "callback"}),
        ));
    }
    Ok(Some(url.to_string()))
}

/// Unverified code; the create-job page lists MANDATORY_NOT_FOUND for a missing key.
fn mandatory(key: &str) -> ApiError {
    ApiError::bad_request(
        "MANDATORY_NOT_FOUND",
        "required field not found",
        json!({ "api_name": key }),
    )
}

fn creator(state: &Emulator, caller: &Caller) -> Value {
    match state.users.by_email(&caller.email) {
        Some(user) => json!({"id": user.id, "name": user.full_name()}),
        None => json!({"id": null, "name": caller.email}),
    }
}
