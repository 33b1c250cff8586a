//! Bulk Write jobs: created against an uploaded file, IN PROGRESS until their emulated time is
//! up, then applied to the records in one go and COMPLETED with a result file.
//!
//! job-details.html (https://www.zoho.com/crm/developer/docs/api/v2/bulk-write/job-details.html):
//! `status` goes "ADDED", "IN PROGRESS", "COMPLETED"; `resource[].file` counts the rows
//! added, updated and skipped; `result.download_url` names the result once done.
//! How long a job takes is not Zoho's to document: it is `delay_secs` of emulated time
//! (`POST /_emulator/bulk_write {"delay_secs": n}`, 0 by default), so that specs move the
//! emulator's clock instead of sleeping.

use std::collections::{BTreeMap, HashMap};

use serde_json::{json, Map, Value};

use crate::clock;
use crate::crm::actor::Actor;
use crate::crm::records::write::{is_blank, same_text, Writer};
use crate::crm::schema::ModuleDef;
use crate::state::State;

use super::files::{self, Sheet};

/// Columns of the uploaded file the result repeats (download-result.html: "the first three").
const RESULT_COLUMNS: usize = 3;

#[derive(Debug, Default)]
pub(crate) struct BulkWrites {
    /// Uploaded files by file_id, until a job uses them.
    files: HashMap<String, Sheet>,
    jobs: BTreeMap<String, Job>,
    /// Emulated seconds between a job's creation and its completion.
    pub(crate) delay_secs: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Operation {
    Insert,
    Update,
    Upsert,
}

impl Operation {
    pub(crate) fn parse(text: &str) -> Option<Operation> {
        match text {
            "insert" => Some(Operation::Insert),
            "update" => Some(Operation::Update),
            "upsert" => Some(Operation::Upsert),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Operation::Insert => "insert",
            Operation::Update => "update",
            Operation::Upsert => "upsert",
        }
    }
}

/// What a create-job request asked for, once checked.
#[derive(Debug)]
pub(crate) struct Request {
    pub(crate) operation: Operation,
    pub(crate) module: &'static ModuleDef,
    pub(crate) file_id: String,
    /// `(api_name, column index)`.
    pub(crate) mappings: Vec<(String, usize)>,
    pub(crate) find_by: Option<String>,
    pub(crate) ignore_empty: bool,
    pub(crate) callback: Option<String>,
}

#[derive(Debug)]
pub(crate) struct Job {
    id: String,
    request: Request,
    sheet: Sheet,
    created_by: Value,
    /// Whose token created it: the rows are written as that user.
    owner_email: String,
    created_at: i64,
    due_at: i64,
    done: Option<Done>,
}

#[derive(Debug)]
struct Done {
    added: usize,
    updated: usize,
    skipped: usize,
    result_zip: Vec<u8>,
}

/// A job that just completed and asked for a callback: where to post what.
pub(crate) struct Callback {
    pub(crate) url: String,
    pub(crate) body: Value,
}

impl BulkWrites {
    pub(crate) fn add_file(&mut self, id: String, sheet: Sheet) {
        self.files.insert(id, sheet);
    }

    pub(crate) fn has_file(&self, id: &str) -> bool {
        self.files.contains_key(id)
    }

    pub(crate) fn file_header(&self, id: &str) -> Option<&[String]> {
        self.files.get(id).map(|sheet| &sheet.header[..])
    }

    pub(crate) fn job(&self, id: &str) -> Option<&Job> {
        self.jobs.get(id)
    }
}

/// Starts a job on its file (which it takes: a file serves one job); its id.
pub(crate) fn create(state: &mut State, request: Request, actor: &Actor) -> Option<String> {
    let sheet = state.crm.bulk_writes.files.remove(&request.file_id)?;
    let id = state.ids.next_id();
    let now = clock::now_unix();
    let job = Job {
        id: id.clone(),
        due_at: now.saturating_add(state.crm.bulk_writes.delay_secs.max(0)),
        created_at: now,
        created_by: actor.named(),
        owner_email: actor.email.clone(),
        request,
        sheet,
        done: None,
    };
    state.crm.bulk_writes.jobs.insert(id.clone(), job);
    Some(id)
}

/// Completes every job whose time is up (in emulated time); the callbacks they asked for.
pub(crate) fn settle_due(state: &mut State, unique: &[String], base_url: &str) -> Vec<Callback> {
    let now = clock::now_unix();
    let due: Vec<String> = state
        .crm
        .bulk_writes
        .jobs
        .values()
        .filter(|job| job.done.is_none() && job.due_at <= now)
        .map(|job| job.id.clone())
        .collect();
    let zgid = state.org.zgid();
    let mut callbacks = Vec::new();
    for id in due {
        let Some(mut job) = state.crm.bulk_writes.jobs.remove(&id) else {
            continue;
        };
        let actor = Actor::of(state, &job.owner_email);
        let done = apply(&mut Writer::new(state, unique, actor), &job);
        job.done = Some(done);
        job.sheet.rows = Vec::new();
        if let Some(url) = &job.request.callback {
            callbacks.push(Callback {
                url: url.clone(),
                body: job.details(base_url, &zgid),
            });
        }
        state.crm.bulk_writes.jobs.insert(id, job);
    }
    callbacks
}

/// Applies each row in order; the counts and the result file.
fn apply(writer: &mut Writer, job: &Job) -> Done {
    let request = &job.request;
    let (mut added, mut updated, mut skipped) = (0, 0, 0);
    let shown = job.sheet.header.len().min(RESULT_COLUMNS);
    let mut rows = Vec::with_capacity(job.sheet.rows.len());
    for row in &job.sheet.rows {
        let (status, id, errors) = match apply_row(writer, request, row) {
            Ok((status, id)) => (status, id, String::new()),
            Err(errors) => ("SKIPPED", String::new(), errors),
        };
        match status {
            "ADDED" => added += 1,
            "UPDATED" => updated += 1,
            _ => skipped += 1,
        }
        let mut out: Vec<String> = (0..shown)
            .map(|i| row.get(i).cloned().unwrap_or_default())
            .collect();
        out.extend([status.to_string(), id, errors]);
        rows.push(out);
    }
    let mut header: Vec<String> = job.sheet.header[..shown].to_vec();
    header.extend(["STATUS", "RECORD_ID", "ERRORS"].map(str::to_string));
    let stem = job.sheet.name.trim_end_matches(".csv");
    let entry = format!("{}-{stem}.csv", request.module.api_name);
    Done {
        added,
        updated,
        skipped,
        result_zip: files::result_zip(&entry, &header, &rows),
    }
}

/// One row: `(STATUS, RECORD_ID)` or the ERRORS text.
fn apply_row(
    writer: &mut Writer,
    request: &Request,
    row: &[String],
) -> Result<(&'static str, String), String> {
    let input = row_input(request, row);
    let def = request.module;
    let existing = match &request.find_by {
        Some(field) => find(writer, def, field, input.get(field)),
        None => None,
    };
    let written = match (request.operation, existing) {
        (Operation::Insert, _) | (Operation::Upsert, None) => writer
            .insert(def, &Value::Object(input))
            .map(|id| ("ADDED", id)),
        (_, Some(id)) => writer
            .update(def, &id, &Value::Object(input))
            .map(|id| ("UPDATED", id)),
        (Operation::Update, None) => {
            // download-result.html lists RESOURCE_NOT_FOUND; that it is this case is unverified.
            let field = request.find_by.as_deref().unwrap_or("id");
            return Err(format!("RESOURCE_NOT_FOUND-{field}"));
        }
    };
    written.map_err(|error| error_text(&error))
}

/// The row as a record: each mapped column under its field, as text (the record checks
/// convert it). An empty cell clears the field, unless `ignore_empty` (create-job.html); in
/// a new record it is simply absent.
fn row_input(request: &Request, row: &[String]) -> Map<String, Value> {
    let mut input = Map::new();
    for (api_name, index) in &request.mappings {
        let cell = row.get(*index).map(|c| c.trim()).unwrap_or_default();
        if cell.is_empty() {
            if !request.ignore_empty && request.operation != Operation::Insert {
                input.insert(api_name.clone(), Value::Null);
            }
            continue;
        }
        input.insert(api_name.clone(), Value::String(cell.to_string()));
    }
    input
}

/// The record `find_by` names: by id, or the first whose field holds the same value.
fn find(writer: &Writer, def: &ModuleDef, field: &str, value: Option<&Value>) -> Option<String> {
    let value = value.filter(|v| !is_blank(Some(v)))?;
    let records = &writer.state.crm.records;
    if field == "id" {
        let id = value.as_str()?;
        return records.get(def, id).map(|_| id.to_string());
    }
    records
        .all(def)
        .find(|r| r.get(field).is_some_and(|stored| same_text(stored, value)))
        .map(|r| r.id().to_string())
}

/// `MANDATORY_NOT_FOUND-Last_Name` from a per-record error (download-result.html's format).
fn error_text(error: &Value) -> String {
    let code = error["code"].as_str().unwrap_or("INVALID_DATA");
    let details = &error["details"];
    let column = details["api_name"]
        .as_str()
        .or_else(|| details.get("id").map(|_| "id"))
        .unwrap_or("");
    format!("{code}-{column}")
}

impl Job {
    pub(crate) fn is_done(&self) -> bool {
        self.done.is_some()
    }

    pub(crate) fn result_zip(&self) -> Option<&[u8]> {
        self.done.as_ref().map(|d| &d.result_zip[..])
    }

    /// The job-details answer (also what the callback carries; that shape is unverified).
    pub(crate) fn details(&self, base_url: &str, zgid: &str) -> Value {
        let status = if self.done.is_some() {
            "COMPLETED"
        } else {
            "IN PROGRESS"
        };
        let request = &self.request;
        let total = self
            .done
            .as_ref()
            .map_or(self.sheet.rows.len(), |d| d.added + d.updated + d.skipped);
        let mut file = json!({"status": status, "name": self.sheet.name, "total_count": total});
        if let Some(done) = &self.done {
            file["added_count"] = json!(done.added);
            file["updated_count"] = json!(done.updated);
            file["skipped_count"] = json!(done.skipped);
        }
        let mut resource = json!({
            "status": status,
            "type": "data",
            "module": request.module.api_name,
            "field_mappings": request.mappings.iter()
                .map(|(api_name, index)| json!({"api_name": api_name, "index": index}))
                .collect::<Vec<_>>(),
            "file": file,
        });
        if let Some(find_by) = &request.find_by {
            resource["find_by"] = json!(find_by);
        }
        let mut details = json!({
            "status": status,
            "character_encoding": "UTF-8",
            "resource": [resource],
            "id": self.id,
            "created_by": self.created_by,
            "operation": request.operation.name(),
            "created_time": clock::iso_at(self.created_at),
        });
        if let Some(url) = &request.callback {
            details["callback"] = json!({"url": url, "method": "post"});
        }
        if self.done.is_some() {
            details["result"] = json!({"download_url": download_url(base_url, zgid, &self.id)});
        }
        details
    }
}

/// Where the result is served: Zoho's shape (`download-accl.zoho.com/v2/crm/{zgid}/bulk-write/
/// {job}/{job}.zip`, download-result.html) on the emulator's own origin.
pub(crate) fn download_url(base_url: &str, zgid: &str, job_id: &str) -> String {
    format!("{base_url}/v2/crm/{zgid}/bulk-write/{job_id}/{job_id}.zip")
}
