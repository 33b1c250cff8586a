//! Bulk Write: records imported from a zipped CSV file by a job.
//!
//! Zoho's pages (https://www.zoho.com/crm/developer/docs/api/v2/bulk-write/overview.html):
//! - upload-file.html: `POST {content host}/crm/v2/upload`, multipart `file` (a zip holding one
//!   CSV of at most 25,000 rows), headers `feature: bulk-write` and `X-CRM-ORG: {zgid}`;
//!   answers `{"status":"success","code":"FILE_UPLOAD_SUCCESS","details":{"file_id":…}}`.
//! - create-job.html: `POST {api}/crm/bulk/v2/write` with the operation (insert, update,
//!   upsert), an optional callback and one resource: module, file_id, `find_by` (update and
//!   upsert) and the field mappings (`api_name` → column `index`); answers `details.id`.
//! - job-details.html: `GET {api}/crm/bulk/v2/write/{job_id}`: `status` ADDED, IN PROGRESS or
//!   COMPLETED, the counts under `resource[].file`, and `result.download_url` once done.
//! - download-result.html: a zip whose CSV repeats the mapped columns and adds STATUS,
//!   RECORD_ID and ERRORS (`CODE-column,column:CODE-column`) per row ([`read_outcomes`]).

use std::path::Path;

use serde_json::{json, Value};

use crate::api::args::{self, optional_name, optional_string, required_id, required_name, Rule};
use crate::api::{Method, RequestSpec, ResponseKind, Root};
use crate::error::{Error, Result};

/// Rows Zoho takes in one file (upload-file.html: "a maximum of 25,000 records").
pub const MAX_ROWS_PER_FILE: u64 = 25_000;

const NO_FILE: Rule = Rule::new(
    "NO FILE PROVIDED",
    "file must be the path of the zip to upload",
);
const NO_ORG: Rule = Rule::new(
    "NO ORG ID",
    "org_id must be the organization's zgid (from the org API)",
);
const NO_MODULE: Rule = Rule::new("MODULE NAME NOT PROVIDED", "module must be given");
const NO_FILE_ID: Rule = Rule::new("NO FILE ID", "file_id must be the id the upload answered");
const NO_JOB: Rule = Rule::new("NO JOB ID", "job_id must be given");
const NO_URL: Rule = Rule::new("NO DOWNLOAD URL", "download_url must be given");

pub fn build(action: &str, args: &Value) -> Option<Result<RequestSpec>> {
    Some(match action {
        "upload" => upload(args),
        "create_job" => create_job(args),
        "get_job" => get_job(args),
        "download_result" => download_result(args),
        _ => return None,
    })
}

/// The zip goes to the content host, tagged for Bulk Write and with the org's zgid.
fn upload(args: &Value) -> Result<RequestSpec> {
    let file = args::required_string(args, "file", &NO_FILE)?;
    args::readable_file("file", &file)?;
    let org = required_id(args, "org_id", &NO_ORG)?;
    Ok(
        RequestSpec::new(Method::Post, "upload", "details", ResponseKind::Single)
            .rooted(Root::Content)
            .answering_top_level()
            .header("feature", Some("bulk-write".into()))
            .header("X-CRM-ORG", Some(org))
            .with_body(crate::api::Body::UploadFile { path: file }),
    )
}

fn create_job(args: &Value) -> Result<RequestSpec> {
    let operation = operation(args)?;
    let module = required_name(args, "module", &NO_MODULE)?;
    let file_id = required_id(args, "file_id", &NO_FILE_ID)?;
    let columns = columns(args)?;
    let find_by = find_by(args, operation, &columns)?;
    let mut resource = json!({
        "type": "data",
        "module": module,
        "file_id": file_id,
        "field_mappings": columns
            .iter()
            .enumerate()
            .map(|(index, api_name)| json!({"api_name": api_name, "index": index}))
            .collect::<Vec<_>>(),
    });
    if let Some(find_by) = find_by {
        resource["find_by"] = Value::String(find_by);
    }
    let mut body = json!({"operation": operation, "resource": [resource]});
    if args.get("ignore_empty").and_then(Value::as_bool) == Some(true) {
        // create-job.html documents it at the top level (v2 SDKs set it on the resource).
        body["ignore_empty"] = Value::Bool(true);
    }
    if let Some(url) = optional_string(args, "callback_url")? {
        body["callback"] = json!({"url": callback_url(&url)?, "method": "post"});
    }
    Ok(
        RequestSpec::new(Method::Post, "write", "details", ResponseKind::Single)
            .rooted(Root::Bulk)
            .answering_top_level()
            .json(body),
    )
}

fn get_job(args: &Value) -> Result<RequestSpec> {
    let id = required_id(args, "job_id", &NO_JOB)?;
    Ok(RequestSpec::get(
        format!("write/{}", args::segment(&id)),
        "resource",
        ResponseKind::Single,
    )
    .rooted(Root::Bulk)
    .answering_top_level())
}

/// The result file at the URL the job's details gave; the client sends the token only to a
/// Zoho host or the API's own origin (see `Root::Absolute`).
fn download_result(args: &Value) -> Result<RequestSpec> {
    let url = args::required_string(args, "download_url", &NO_URL)?;
    Ok(RequestSpec::get(url, "", ResponseKind::File).rooted(Root::Absolute))
}

fn operation(args: &Value) -> Result<&'static str> {
    let given = optional_name(args, "operation")?.unwrap_or_else(|| "insert".into());
    ["insert", "update", "upsert"]
        .into_iter()
        .find(|op| op.eq_ignore_ascii_case(given.trim()))
        .ok_or_else(|| {
            Error::invalid_argument(
                "INVALID OPERATION",
                format!("operation must be insert, update or upsert, not '{given}'"),
            )
        })
}

/// The CSV's columns, in order: their API names become the field mappings.
fn columns(args: &Value) -> Result<Vec<String>> {
    let columns = args::strs(args, "columns")?.unwrap_or_default();
    if columns.is_empty() {
        return Err(Error::invalid_argument(
            "NO COLUMNS",
            "columns must name the file's columns (field API names, in order)",
        ));
    }
    for (i, column) in columns.iter().enumerate() {
        if columns[..i].iter().any(|c| c.eq_ignore_ascii_case(column)) {
            return Err(Error::invalid_argument(
                "DUPLICATE COLUMN",
                format!("the column {column} is named twice: each field is mapped once"),
            ));
        }
    }
    Ok(columns)
}

/// Update and upsert find existing records by `find_by` (the record `id` or a unique field),
/// which must be one of the columns; an insert finds nothing.
fn find_by(args: &Value, operation: &str, columns: &[String]) -> Result<Option<String>> {
    let find_by = optional_name(args, "find_by")?.filter(|f| !f.trim().is_empty());
    match (operation, find_by) {
        ("insert", None) => Ok(None),
        ("insert", Some(_)) => Err(Error::invalid_argument(
            "INVALID FIND BY",
            "find_by applies to update and upsert only: an insert creates every row",
        )),
        (_, None) => Err(Error::invalid_argument(
            "FIND BY REQUIRED",
            format!(
                "{operation} needs find_by: 'id' or the API name of a unique field \
                 (such as 'Email') that is one of the columns"
            ),
        )),
        (_, Some(field)) if columns.iter().any(|c| c.eq_ignore_ascii_case(&field)) => {
            Ok(Some(field))
        }
        (_, Some(field)) => Err(Error::invalid_argument(
            "INVALID FIND BY",
            format!(
                "find_by '{field}' is not one of the columns ({}): add it to the rows",
                columns.join(", ")
            ),
        )),
    }
}

/// Zoho posts the job's details to the callback: it must be a web URL.
fn callback_url(raw: &str) -> Result<String> {
    let url = url::Url::parse(raw.trim()).map_err(|e| {
        Error::invalid_argument(
            "INVALID CALLBACK",
            format!("callback_url '{raw}' is not a URL ({e})"),
        )
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::invalid_argument(
            "INVALID CALLBACK",
            format!("callback_url must be an http(s) URL Zoho can POST to, not {raw}"),
        ));
    }
    Ok(url.to_string())
}

/// What Zoho did with one row of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// `added`, `updated`, `skipped` or `unprocessed` (download-result.html), lower-case.
    pub status: String,
    pub record_id: Option<String>,
    pub errors: Vec<RowError>,
}

/// One entry of the ERRORS column: a code and the columns it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub code: String,
    pub columns: Vec<String>,
}

/// Reads the result zip at `path`: one outcome per row, in the uploaded file's order.
pub fn read_outcomes(path: &Path) -> Result<Vec<Outcome>> {
    let mut outcomes = Vec::new();
    let mut columns: Option<ResultColumns> = None;
    super::zip::read_csv(path, |header, row| {
        let at = match &columns {
            Some(at) => at,
            None => columns.insert(ResultColumns::find(header, path)?),
        };
        outcomes.push(at.outcome(row));
        Ok(())
    })?;
    Ok(outcomes)
}

/// Where STATUS, RECORD_ID and ERRORS sit in a result file (after the mapped columns).
struct ResultColumns {
    status: usize,
    record_id: Option<usize>,
    errors: Option<usize>,
}

impl ResultColumns {
    fn find(header: &csv::StringRecord, path: &Path) -> Result<ResultColumns> {
        let at = |name: &str| {
            header
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(name))
        };
        let status = at("STATUS").ok_or_else(|| {
            Error::protocol(
                path.display().to_string(),
                "the bulk write result has no STATUS column",
            )
        })?;
        Ok(ResultColumns {
            status,
            record_id: at("RECORD_ID"),
            errors: at("ERRORS"),
        })
    }

    fn outcome(&self, row: &csv::StringRecord) -> Outcome {
        let cell = |at: Option<usize>| {
            at.and_then(|i| row.get(i))
                .map(str::trim)
                .filter(|v| !v.is_empty())
        };
        Outcome {
            status: cell(Some(self.status))
                .unwrap_or("unprocessed")
                .to_ascii_lowercase(),
            record_id: cell(self.record_id).map(str::to_string),
            errors: cell(self.errors).map(parse_errors).unwrap_or_default(),
        }
    }
}

/// `MANDATORY_NOT_FOUND-Company,Last_Name:DUPLICATE_DATA-Email` → two errors.
pub fn parse_errors(text: &str) -> Vec<RowError> {
    text.split(':')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| match part.split_once('-') {
            Some((code, columns)) => RowError {
                code: code.trim().to_string(),
                columns: columns
                    .split(',')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_string)
                    .collect(),
            },
            None => RowError {
                code: part.to_string(),
                columns: Vec::new(),
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::api::test_support::{assert_errors, expect, json as body};
    use crate::api::{build, Method::*, ResponseKind::*};

    #[test]
    fn a_job_maps_columns_by_position_and_names_find_by() {
        let spec = build(
            "bulk_write.create_job",
            &json!({"operation": "upsert", "module": "Leads", "file_id": "111",
                    "columns": ["Last_Name", "Email"], "find_by": "Email",
                    "callback_url": "https://example.com/done"}),
        )
        .unwrap();
        let expected = expect(
            Post,
            "write",
            &[],
            body(json!({
                "operation": "upsert",
                "callback": {"url": "https://example.com/done", "method": "post"},
                "resource": [{
                    "type": "data", "module": "Leads", "file_id": "111", "find_by": "Email",
                    "field_mappings": [{"api_name": "Last_Name", "index": 0},
                                       {"api_name": "Email", "index": 1}],
                }],
            })),
            "details",
            Single,
        )
        .rooted(Root::Bulk)
        .answering_top_level();
        assert_eq!(spec, expected);
    }

    #[test]
    fn the_upload_goes_to_the_content_host_with_zohos_headers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Leads.zip");
        std::fs::write(&path, b"zip").unwrap();
        let path = path.to_str().unwrap().to_string();
        let spec = build(
            "bulk_write.upload",
            &json!({"file": path, "org_id": "700000100"}),
        )
        .unwrap();
        assert_eq!(spec.root, Root::Content);
        assert_eq!(spec.path, "upload");
        assert_eq!(
            spec.headers,
            vec![
                ("feature".to_string(), "bulk-write".to_string()),
                ("X-CRM-ORG".to_string(), "700000100".to_string())
            ]
        );
        assert_eq!(spec.body, crate::api::Body::UploadFile { path });
    }

    #[test]
    fn job_details_and_results_are_under_the_bulk_root() {
        let spec = build("bulk_write.get_job", &json!({"job_id": 42})).unwrap();
        assert_eq!(
            (spec.method, spec.path.as_str(), spec.root),
            (Get, "write/42", Root::Bulk)
        );
        let url = "https://download-accl.zoho.com/v2/crm/1/bulk-write/42/42.zip";
        let spec = build("bulk_write.download_result", &json!({"download_url": url})).unwrap();
        assert_eq!(
            (spec.path.as_str(), spec.root, spec.kind),
            (url, Root::Absolute, File)
        );
    }

    #[test]
    fn bad_jobs_are_refused_before_sending() {
        let base = |extra: Value| {
            let mut args = json!({"module": "Leads", "file_id": "1", "columns": ["Last_Name"]});
            for (k, v) in extra.as_object().unwrap() {
                args[k] = v.clone();
            }
            args
        };
        assert_errors(vec![
            (
                "bulk_write.create_job",
                base(json!({"operation": "merge"})),
                "INVALID OPERATION",
                "insert, update or upsert",
            ),
            (
                "bulk_write.create_job",
                base(json!({"operation": "update"})),
                "FIND BY REQUIRED",
                "find_by",
            ),
            (
                "bulk_write.create_job",
                base(json!({"operation": "upsert", "find_by": "Email"})),
                "INVALID FIND BY",
                "not one of the columns",
            ),
            (
                "bulk_write.create_job",
                base(json!({"find_by": "Email"})),
                "INVALID FIND BY",
                "update and upsert only",
            ),
            (
                "bulk_write.create_job",
                base(json!({"columns": []})),
                "NO COLUMNS",
                "columns",
            ),
            (
                "bulk_write.create_job",
                base(json!({"columns": ["A", "a"]})),
                "DUPLICATE COLUMN",
                "named twice",
            ),
            (
                "bulk_write.create_job",
                base(json!({"callback_url": "ftp://x"})),
                "INVALID CALLBACK",
                "http(s)",
            ),
            (
                "bulk_write.upload",
                json!({"file": "/nonexistent.zip", "org_id": "1"}),
                "FILE NOT FOUND",
                "file",
            ),
            ("bulk_write.get_job", json!({}), "NO JOB ID", "job_id"),
        ]);
    }

    #[test]
    fn result_rows_become_outcomes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.zip");
        let header: Vec<String> = ["Last_Name", "Company", "STATUS", "RECORD_ID", "ERRORS"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mut writer =
            super::super::zip::CsvZipWriter::create(path.to_str().unwrap(), "Leads-1.csv", &header)
                .unwrap();
        writer
            .write_row(&["Ada", "X", "ADDED", "9001", ""])
            .unwrap();
        writer
            .write_row(&[
                "",
                "",
                "SKIPPED",
                "",
                "MANDATORY_NOT_FOUND-Company,Last_Name:DUPLICATE_DATA-Email",
            ])
            .unwrap();
        writer.finish().unwrap();
        let outcomes = read_outcomes(&path).unwrap();
        assert_eq!(
            outcomes,
            vec![
                Outcome {
                    status: "added".into(),
                    record_id: Some("9001".into()),
                    errors: vec![]
                },
                Outcome {
                    status: "skipped".into(),
                    record_id: None,
                    errors: vec![
                        RowError {
                            code: "MANDATORY_NOT_FOUND".into(),
                            columns: vec!["Company".into(), "Last_Name".into()]
                        },
                        RowError {
                            code: "DUPLICATE_DATA".into(),
                            columns: vec!["Email".into()]
                        },
                    ],
                },
            ]
        );
    }
}
