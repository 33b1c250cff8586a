//! Bulk Read (`/crm/bulk/v2/read`): export jobs and their results.
//!
//! Requests ("Create Bulk Read Job",
//! <https://www.zoho.com/crm/developer/docs/api/v2/bulk-read/create-job.html>; "Get Bulk Read
//! Job Details", <https://www.zoho.com/crm/developer/docs/api/v2/bulk-read/get-job-details.html>;
//! "Download Bulk Read Result",
//! <https://www.zoho.com/crm/developer/docs/api/v2/bulk-read/download-result.html>):
//!
//! - `bulk_read.create`: POST `read` with `{"query": {module, fields, criteria, cvid, page},
//!   "callback": {url, method: "post"}}`; the answer is `{"data": [{"status": "success",
//!   "details": {"id", "state": "ADDED", ...}}]}`.
//! - `bulk_read.get`: GET `read/{job_id}`; `data[0].state`, and once COMPLETED
//!   `data[0].result` with `page`, `count`, `per_page` (200,000), `more_records`.
//! - `bulk_read.result`: GET `read/{job_id}/result`, a zip holding `<job_id>.csv`.
//!
//! Waiting for the job and asking for the next page while `more_records` is the caller's
//! work; [`ResultRows`] and [`copy_csv`] read a downloaded result from disk.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use serde_json::{json, Map, Value};

use super::job;
use super::zip::{self, Entry};
use crate::api::args::{
    self, optional_count, optional_id, optional_string, required_name, strs, Rule,
};
use crate::api::{Method, RequestSpec, ResponseKind, Root};
use crate::error::{Error, Result};

const KEY: &str = "data";
const NO_MODULE: Rule = Rule::new("NO MODULE PROVIDED", "module must be given");

/// At most 25 criteria ("up to 25 total", Kaizen #195,
/// <https://help.zoho.com/portal/en/community/topic/kaizen-195-faqs-on-bulk-read-api-and-bulk-write-api>).
pub const MAX_CRITERIA: usize = 25;
/// Records in one result page: "a maximum of 200,000 records per page" (overview).
pub const PER_PAGE: u64 = 200_000;
/// The comparators the create-job page lists for `criteria`.
pub const COMPARATORS: [&str; 14] = [
    "equal",
    "not_equal",
    "in",
    "not_in",
    "less_than",
    "less_equal",
    "greater_than",
    "greater_equal",
    "contains",
    "not_contains",
    "starts_with",
    "ends_with",
    "between",
    "not_between",
];

pub fn build(action: &str, args: &Value) -> Option<Result<RequestSpec>> {
    Some(match action {
        "create" => create(args),
        "get" => job::job_id(args).map(|id| {
            RequestSpec::get(format!("read/{id}"), KEY, ResponseKind::Single).rooted(Root::Bulk)
        }),
        "result" => job::job_id(args).map(|id| {
            RequestSpec::get(format!("read/{id}/result"), KEY, ResponseKind::File)
                .rooted(Root::Bulk)
        }),
        _ => return None,
    })
}

/// POST read: `module` (required), `fields`, `criteria` (Zoho's JSON shape), `cvid`, `page`,
/// `callback_url`.
fn create(args: &Value) -> Result<RequestSpec> {
    let mut query = Map::new();
    query.insert(
        "module".into(),
        json!(required_name(args, "module", &NO_MODULE)?),
    );
    if let Some(cvid) = optional_id(args, "cvid")? {
        query.insert("cvid".into(), json!(cvid));
    }
    if let Some(fields) = strs(args, "fields")?.filter(|f| !f.is_empty()) {
        query.insert("fields".into(), json!(fields));
    }
    if let Some(criteria) = args.get("criteria").filter(|c| !c.is_null()) {
        check_criteria(criteria)?;
        query.insert("criteria".into(), criteria.clone());
    }
    if let Some(page) = optional_count(args, "page")? {
        let page: u64 = page
            .parse()
            .map_err(|_| args::invalid("page", "a positive Integer"))?;
        query.insert("page".into(), json!(page));
    }
    let mut body = json!({ "query": query });
    if let Some(url) = optional_string(args, "callback_url")? {
        check_callback(&url)?;
        body["callback"] = json!({ "url": url, "method": "post" });
    }
    Ok(
        RequestSpec::new(Method::Post, "read", KEY, ResponseKind::Single)
            .rooted(Root::Bulk)
            .json(body),
    )
}

/// A criterion is `{"api_name", "comparator", "value"}` or `{"group_operator": "and"|"or",
/// "group": [criteria]}`; at most [`MAX_CRITERIA`] comparisons in all.
fn check_criteria(criteria: &Value) -> Result<()> {
    let count = count_criteria(criteria, "criteria")?;
    if count > MAX_CRITERIA {
        return Err(bad_criteria(format!(
            "it holds {count} comparisons; Zoho allows at most {MAX_CRITERIA} in a bulk read"
        )));
    }
    Ok(())
}

fn count_criteria(criteria: &Value, place: &str) -> Result<usize> {
    let object = criteria
        .as_object()
        .ok_or_else(|| bad_criteria(format!("{place} must be an object")))?;
    if let Some(group) = object.get("group") {
        let operator = object.get("group_operator").and_then(Value::as_str);
        if !operator.is_some_and(|o| o.eq_ignore_ascii_case("and") || o.eq_ignore_ascii_case("or"))
        {
            return Err(bad_criteria(format!(
                "{place}.group_operator must be \"and\" or \"or\""
            )));
        }
        let members = group
            .as_array()
            .filter(|members| !members.is_empty())
            .ok_or_else(|| bad_criteria(format!("{place}.group must be a non-empty Array")))?;
        return members.iter().enumerate().try_fold(0, |sum, (i, member)| {
            Ok(sum + count_criteria(member, &format!("{place}.group[{i}]"))?)
        });
    }
    let api_name = object.get("api_name").and_then(Value::as_str);
    if api_name.is_none_or(|name| name.trim().is_empty()) {
        return Err(bad_criteria(format!("{place}.api_name must name a field")));
    }
    let comparator = object
        .get("comparator")
        .and_then(Value::as_str)
        .unwrap_or("");
    if !COMPARATORS.contains(&comparator) {
        return Err(bad_criteria(format!(
            "{place}.comparator must be one of {}, not {comparator:?}",
            COMPARATORS.join(", ")
        )));
    }
    if !object.contains_key("value") {
        return Err(bad_criteria(format!("{place}.value must be given")));
    }
    Ok(1)
}

fn bad_criteria(problem: String) -> Error {
    Error::invalid_argument(
        "INVALID CRITERIA",
        format!(
            "the bulk read criteria are not valid: {problem} (see \
             https://www.zoho.com/crm/developer/docs/api/v2/bulk-read/create-job.html)"
        ),
    )
}

/// Zoho posts the job's details to the callback URL, so it must be an absolute http(s) URL.
fn check_callback(url: &str) -> Result<()> {
    match url::Url::parse(url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => Ok(()),
        _ => Err(Error::invalid_argument(
            "INVALID CALLBACK URL",
            format!("callback_url must be an absolute http or https URL, not {url:?}"),
        )),
    }
}

/// The rows of a downloaded Bulk Read result (the zip on disk), one at a time.
pub struct ResultRows {
    reader: csv::Reader<Entry>,
    headers: Vec<String>,
    row: csv::StringRecord,
}

impl ResultRows {
    pub fn open(zip_path: &Path) -> Result<ResultRows> {
        let entry = zip::open_entry(zip_path, ".csv")?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(entry);
        let headers = reader
            .headers()
            .map_err(|e| bad_csv(zip_path, &e))?
            .iter()
            .map(str::to_string)
            .collect();
        Ok(ResultRows {
            reader,
            headers,
            row: csv::StringRecord::new(),
        })
    }

    /// The column names: field API names (`Id`, `Last_Name`, `Owner`, ...).
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The next row's cells, in the order of [`headers`](Self::headers); `None` at the end.
    pub fn next_row(&mut self) -> Result<Option<&csv::StringRecord>> {
        match self.reader.read_record(&mut self.row) {
            Ok(true) => Ok(Some(&self.row)),
            Ok(false) => Ok(None),
            Err(e) => Err(Error::invalid_argument(
                "BULK RESULT UNREADABLE",
                format!("the bulk result's CSV is damaged: {e}"),
            )),
        }
    }
}

fn bad_csv(path: &Path, error: &csv::Error) -> Error {
    Error::invalid_argument(
        "BULK RESULT UNREADABLE",
        format!("the CSV in {} cannot be read: {error}", path.display()),
    )
}

/// Hands the CSV of the result at `zip_path` to `write` in chunks of at most `chunk` bytes,
/// without its header line when `skip_header` (the pages after the first of a multi-page
/// export). Returns the bytes written.
pub fn copy_csv(
    zip_path: &Path,
    skip_header: bool,
    chunk: usize,
    mut write: impl FnMut(&[u8]) -> Result<()>,
) -> Result<u64> {
    let entry = zip::open_entry(zip_path, ".csv")?;
    let mut reader = BufReader::with_capacity(chunk.max(1), entry);
    let failed = |e: std::io::Error| {
        Error::invalid_argument(
            "BULK RESULT UNREADABLE",
            format!("the bulk result {} cannot be read: {e}", zip_path.display()),
        )
    };
    if skip_header {
        // A header holds field names only, never a quoted line break: it ends at the first one.
        let mut header = Vec::new();
        reader.read_until(b'\n', &mut header).map_err(failed)?;
    }
    let mut written = 0;
    let mut buffer = vec![0; chunk.max(1)];
    loop {
        let read = reader.read(&mut buffer).map_err(failed)?;
        if read == 0 {
            return Ok(written);
        }
        write(&buffer[..read])?;
        written += read as u64;
    }
}

#[cfg(test)]
mod tests {
    use ::zip::CompressionMethod;
    use serde_json::json;

    use super::*;
    use crate::api::test_support::{assert_errors, assert_specs, expect, json as body};
    use crate::api::{Body, Method::*, ResponseKind::*, Root};
    use crate::bulk::zip::tests::write_zip;

    #[test]
    fn requests() {
        let criteria = json!({"group_operator": "and", "group": [
            {"api_name": "Lead_Source", "comparator": "equal", "value": "Web"},
            {"api_name": "Annual_Revenue", "comparator": "greater_than", "value": 100},
        ]});
        let bulk = |spec: RequestSpec| spec.rooted(Root::Bulk);
        assert_specs(vec![
            (
                "bulk_read.create",
                json!({"module": "Leads", "fields": ["Last_Name", "Email"], "criteria": criteria,
                       "page": 2, "callback_url": "https://example.com/done"}),
                bulk(expect(
                    Post,
                    "read",
                    &[],
                    body(json!({
                        "query": {"module": "Leads", "fields": ["Last_Name", "Email"],
                                  "criteria": criteria, "page": 2},
                        "callback": {"url": "https://example.com/done", "method": "post"},
                    })),
                    "data",
                    Single,
                )),
            ),
            (
                "bulk_read.create",
                json!({"module": "Leads", "cvid": 42}),
                bulk(expect(
                    Post,
                    "read",
                    &[],
                    body(json!({"query": {"module": "Leads", "cvid": "42"}})),
                    "data",
                    Single,
                )),
            ),
            (
                "bulk_read.get",
                json!({"job_id": "111"}),
                bulk(expect(Get, "read/111", &[], Body::None, "data", Single)),
            ),
            (
                "bulk_read.result",
                json!({"job_id": 111}),
                bulk(expect(
                    Get,
                    "read/111/result",
                    &[],
                    Body::None,
                    "data",
                    File,
                )),
            ),
        ]);
        let spec = crate::api::build("bulk_read.get", &json!({"job_id": "1"})).expect("spec");
        assert_eq!(spec.root, Root::Bulk);
    }

    #[test]
    fn bad_arguments_are_named() {
        let comparison =
            |i: usize| json!({"api_name": format!("F{i}"), "comparator": "equal", "value": i});
        let many: Vec<Value> = (0..26).map(comparison).collect();
        assert_errors(vec![
            (
                "bulk_read.create",
                json!({}),
                "NO MODULE PROVIDED",
                "module",
            ),
            ("bulk_read.get", json!({}), "NO JOB ID PROVIDED", "job_id"),
            (
                "bulk_read.create",
                json!({"module": "Leads", "criteria": {"api_name": "A", "comparator": "like", "value": 1}}),
                "INVALID CRITERIA",
                "criteria.comparator must be one of equal",
            ),
            (
                "bulk_read.create",
                json!({"module": "Leads", "criteria": {"group_operator": "xor", "group": [comparison(1)]}}),
                "INVALID CRITERIA",
                "criteria.group_operator",
            ),
            (
                "bulk_read.create",
                json!({"module": "Leads", "criteria": {"group_operator": "or", "group": [comparison(1), {"api_name": "B"}]}}),
                "INVALID CRITERIA",
                "criteria.group[1].comparator",
            ),
            (
                "bulk_read.create",
                json!({"module": "Leads", "criteria": {"group_operator": "and", "group": many}}),
                "INVALID CRITERIA",
                "26 comparisons",
            ),
            (
                "bulk_read.create",
                json!({"module": "Leads", "callback_url": "/relative"}),
                "INVALID CALLBACK URL",
                "callback_url",
            ),
            (
                "bulk_read.create",
                json!({"module": "Leads", "page": 0}),
                "INVALID ARGUMENT",
                "page",
            ),
        ]);
    }

    #[test]
    fn rows_and_copies_of_a_result() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("r.zip");
        let csv = b"Id,Last_Name,Description\n1,Smith,\"two\nlines, quoted\"\n2,Jones,\n";
        write_zip(&path, &[("9.csv", csv)], CompressionMethod::Deflated);

        let mut rows = ResultRows::open(&path).expect("open");
        assert_eq!(rows.headers(), ["Id", "Last_Name", "Description"]);
        let mut next = || -> Vec<String> {
            let row = rows.next_row().expect("row").expect("some");
            row.iter().map(String::from).collect()
        };
        assert_eq!(next(), ["1", "Smith", "two\nlines, quoted"]);
        assert_eq!(next(), ["2", "Jones", ""]);
        assert!(rows.next_row().expect("end").is_none());

        for (skip, expected) in [(false, &csv[..]), (true, &csv[25..])] {
            let mut copied = Vec::new();
            let written = copy_csv(&path, skip, 7, |chunk| {
                assert!(chunk.len() <= 7);
                copied.extend_from_slice(chunk);
                Ok(())
            })
            .expect("copy");
            assert_eq!(
                (written as usize, copied.as_slice()),
                (expected.len(), expected)
            );
        }
    }
}
