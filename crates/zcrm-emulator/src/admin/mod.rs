//! `/_emulator/`: the control API for tests in other processes and languages. JSON in and
//! out, no authentication (the server only listens on loopback).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::accounts::{self, scope::Scopes};
use crate::crm::envelope;
use crate::crm::records::fake;
use crate::fake_clock;
use crate::faults::FaultSpec;
use crate::state::Shared;

pub(crate) const PREFIX: &str = "/_emulator/";
/// Records per module when `/_emulator/seed` names no count.
const DEFAULT_SEED_COUNT: usize = 10;
/// Enough for any benchmark while keeping one request's lock hold short.
const MAX_SEED_COUNT: usize = 100_000;

pub(crate) fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route("/_emulator/health", get(health))
        .route("/_emulator/grants", post(issue_grant))
        .route("/_emulator/stats", get(stats))
        .route(
            "/_emulator/expire_access_tokens",
            post(expire_access_tokens),
        )
        .route("/_emulator/faults", post(add_fault).delete(clear_faults))
        .route("/_emulator/requests", get(requests).delete(clear_requests))
        .route("/_emulator/reset", post(reset))
        .route("/_emulator/seed", post(seed))
        .route(
            "/_emulator/clock",
            get(fake_clock::control).post(fake_clock::control),
        )
        .route("/_emulator/field_labels", post(relabel_field))
        .route("/_emulator/bulk_write", post(bulk_write_settings))
        .route("/_emulator/bulk_read", post(bulk_read_knobs))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RelabelRequest {
    module: String,
    api_name: String,
    field_label: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedRequest {
    /// One of the seedable modules; all of them when absent.
    module: Option<String>,
    count: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ResetRequest {
    /// Also put the CRM data back as it was at start (the seeded org and records).
    #[serde(default)]
    records: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct GrantRequest {
    email: Option<String>,
}

async fn health() -> Response {
    ok(&json!({"status": "ok"}))
}

async fn issue_grant(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let request: GrantRequest = match parse_optional(&body) {
        Ok(request) => request,
        Err(message) => return bad_request(&message),
    };
    let email = request
        .email
        .filter(|e| !e.trim().is_empty())
        .unwrap_or_else(|| shared.config.options.user_email.clone());
    match accounts::issue_grant(&shared, &email, Scopes::Everything, None) {
        Ok(code) => ok(&json!({ "code": code })),
        // 429 so that helpers which only read successful answers stop with the reason.
        Err(refused) => envelope::json(
            StatusCode::TOO_MANY_REQUESTS,
            &json!({"status": "error", "error": "access_denied", "message": refused.to_string()}),
        ),
    }
}

async fn stats(State(shared): State<Arc<Shared>>) -> Response {
    let stats = shared.lock().stats.clone();
    ok(&serde_json::to_value(stats).unwrap_or(Value::Null))
}

async fn expire_access_tokens(State(shared): State<Arc<Shared>>) -> Response {
    shared.lock().oauth.expire_access_tokens();
    success()
}

async fn add_fault(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let spec: FaultSpec = match serde_json::from_slice(&body) {
        Ok(spec) => spec,
        Err(e) => return bad_request(&e.to_string()),
    };
    match shared.lock().faults.add(spec) {
        Ok(()) => success(),
        Err(message) => bad_request(&message),
    }
}

async fn clear_faults(State(shared): State<Arc<Shared>>) -> Response {
    shared.lock().faults.clear();
    success()
}

async fn requests(State(shared): State<Arc<Shared>>) -> Response {
    let entries = shared.lock().log.entries();
    ok(&serde_json::to_value(entries).unwrap_or(Value::Null))
}

async fn clear_requests(State(shared): State<Arc<Shared>>) -> Response {
    shared.lock().log.clear();
    success()
}

/// Forgets tokens, counters, faults and the log, and lets the clock run on the wall clock
/// again; with `{"records": true}` the CRM data too.
async fn reset(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let request: ResetRequest = match parse_optional(&body) {
        Ok(request) => request,
        Err(message) => return bad_request(&message),
    };
    shared.clock.reset();
    let mut state = shared.lock();
    if request.records {
        state.restart(&shared.config.options);
    } else {
        state.reset();
    }
    success()
}

/// Adds realistic records: `{"module": "Leads", "count": 250}` → the new ids per module.
async fn seed(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let request: SeedRequest = match parse_optional(&body) {
        Ok(request) => request,
        Err(message) => return bad_request(&message),
    };
    let count = request.count.unwrap_or(DEFAULT_SEED_COUNT);
    if count == 0 || count > MAX_SEED_COUNT {
        return bad_request(&format!("count must be between 1 and {MAX_SEED_COUNT}"));
    }
    let modules: Vec<String> = match request.module {
        Some(module) => vec![module],
        None => fake::SEEDABLE.iter().map(|m| m.to_string()).collect(),
    };
    let mut seeded = serde_json::Map::new();
    for module in modules {
        match crate::emulator::seed_module(&shared, &module, count) {
            Ok(ids) => {
                seeded.insert(module, json!(ids));
            }
            Err(message) => return bad_request(&message),
        }
    }
    ok(&json!({"status": "success", "count": count, "ids": seeded}))
}

/// Changes a field's label, as an administrator does in the org's setup:
/// `{"module": "Leads", "api_name": "Company", "field_label": "Organisation"}`. The fields and
/// layouts metadata show it from then on (until a reset with records).
async fn relabel_field(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let request: RelabelRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(e) => return bad_request(&e.to_string()),
    };
    let Ok(def) = crate::crm::schema::module(&request.module) else {
        return bad_request(&format!("no module {}", request.module));
    };
    if !def.all_fields().any(|f| f.api_name == request.api_name) {
        return bad_request(&format!(
            "{} has no field {}",
            def.api_name, request.api_name
        ));
    }
    let label = request.field_label.trim();
    if label.is_empty() {
        return bad_request("field_label must not be empty");
    }
    shared.lock().crm.field_labels.insert(
        format!("{}.{}", def.api_name, request.api_name),
        label.to_string(),
    );
    success()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BulkWriteSettings {
    delay_secs: i64,
}

/// How long Bulk Write jobs stay IN PROGRESS, in emulated seconds: `{"delay_secs": 30}`
/// (0 at start and after a reset). Specs move the clock past it instead of sleeping.
async fn bulk_write_settings(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let settings: BulkWriteSettings = match serde_json::from_slice(&body) {
        Ok(settings) => settings,
        Err(e) => return bad_request(&e.to_string()),
    };
    if settings.delay_secs < 0 {
        return bad_request("delay_secs must be 0 or more");
    }
    shared.lock().crm.bulk_writes.delay_secs = settings.delay_secs;
    success()
}

/// An empty body means "all defaults"; anything else must be the expected JSON object.
fn parse_optional<T: DeserializeOwned + Default>(body: &[u8]) -> Result<T, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body).map_err(|e| e.to_string())
}

fn ok(body: &Value) -> Response {
    envelope::json(StatusCode::OK, body)
}

fn success() -> Response {
    ok(&json!({"status": "success"}))
}

fn bad_request(message: &str) -> Response {
    envelope::json(
        StatusCode::BAD_REQUEST,
        &json!({"status": "error", "error": message}),
    )
}

/// Sets the Bulk Read knobs (see `crm::bulk::read_jobs::Knobs`): `{"delay": 30, "per_page":
/// 100, "fail": false}`; what is left out goes back to its default.
async fn bulk_read_knobs(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let knobs: crate::crm::bulk::read_jobs::Knobs = match parse_optional(&body) {
        Ok(knobs) => knobs,
        Err(message) => return bad_request(&message),
    };
    if let Err(message) = knobs.check() {
        return bad_request(&message);
    }
    shared.lock().crm.bulk_reads.knobs = knobs;
    ok(&json!({"delay": knobs.delay, "per_page": knobs.per_page, "fail": knobs.fail}))
}
