//! `/crm/v2/{module}/{record_id}/Attachments`: list, upload (file or link), download, delete.
//! A note's attachments use `module = "Notes"` and the note's id as `record_id`.

use serde_json::Value;

use super::args::{
    join, optional_count, optional_string, readable_file, required_id, segment, strs, Rule, INVALID,
};
use super::common::{record_path, RECORD_ID};
use super::photos::NO_FILE_PATH;
use super::{Body, Method, RequestSpec, ResponseKind};
use crate::error::{Error, Result};

const KEY: &str = "data";

const NO_ATTACHMENT_ID: Rule = Rule::new("ID IS NOT PROVIDED", "attachment_id must be given");

pub fn build(action: &str, args: &Value) -> Option<Result<RequestSpec>> {
    Some(match action {
        "list" => list(args),
        "upload" => upload(args),
        "download" => one(args, Method::Get, ResponseKind::File),
        "delete" => one(args, Method::Delete, ResponseKind::Single),
        _ => return None,
    })
}

fn attachments_path(args: &Value) -> Result<String> {
    Ok(format!("{}/Attachments", record_path(args, &RECORD_ID)?))
}

/// GET {module}/{record_id}/Attachments?page&per_page&fields
fn list(args: &Value) -> Result<RequestSpec> {
    Ok(
        RequestSpec::get(attachments_path(args)?, KEY, ResponseKind::Bulk)
            .param("page", optional_count(args, "page")?)
            .param("per_page", optional_count(args, "per_page")?)
            .param("fields", join(strs(args, "fields")?)),
    )
}

/// POST {module}/{record_id}/Attachments: a file (multipart part `file`) or a link
/// (multipart field `attachmentUrl`), never both.
fn upload(args: &Value) -> Result<RequestSpec> {
    let path = attachments_path(args)?;
    let body = match (
        optional_string(args, "file_path")?,
        optional_string(args, "link_url")?,
    ) {
        (Some(file_path), None) => {
            readable_file("file_path", &file_path)?;
            Body::UploadFile { path: file_path }
        }
        (None, Some(url)) => Body::UploadLink { url },
        (None, None) => {
            return Err(NO_FILE_PATH.error(
                "file_path",
                "the path of a file to upload, or link_url instead",
            ))
        }
        (Some(_), Some(_)) => {
            return Err(Error::invalid_argument(
                INVALID,
                "pass only one of file_path, link_url (got both)",
            ))
        }
    };
    Ok(RequestSpec::new(Method::Post, path, KEY, ResponseKind::Single).with_body(body))
}

/// GET (download) or DELETE {module}/{record_id}/Attachments/{attachment_id}
fn one(args: &Value, method: Method, kind: ResponseKind) -> Result<RequestSpec> {
    let path = attachments_path(args)?;
    let id = required_id(args, "attachment_id", &NO_ATTACHMENT_ID)?;
    let path = format!("{path}/{}", segment(&id));
    Ok(RequestSpec::new(method, path, KEY, kind))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::api::test_support::{assert_errors, assert_specs, expect};
    use crate::api::{Body, Method::*, ResponseKind::*};

    const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");

    #[test]
    fn requests() {
        let att = json!({"module": "Notes", "record_id": "9", "attachment_id": "5"});
        assert_specs(vec![
            (
                "attachments.list",
                json!({"module": "Leads", "record_id": "1"}),
                expect(Get, "Leads/1/Attachments", &[], Body::None, "data", Bulk),
            ),
            (
                "attachments.list",
                json!({"module": "Leads", "record_id": "1", "page": 1, "per_page": 20, "fields": ["File_Name"]}),
                expect(
                    Get,
                    "Leads/1/Attachments",
                    &[("page", "1"), ("per_page", "20"), ("fields", "File_Name")],
                    Body::None,
                    "data",
                    Bulk,
                ),
            ),
            (
                "attachments.upload",
                json!({"module": "Leads", "record_id": "1", "file_path": FILE}),
                expect(
                    Post,
                    "Leads/1/Attachments",
                    &[],
                    Body::UploadFile { path: FILE.into() },
                    "data",
                    Single,
                ),
            ),
            (
                "attachments.upload",
                json!({"module": "Leads", "record_id": "1", "link_url": "https://example.com/a b"}),
                expect(
                    Post,
                    "Leads/1/Attachments",
                    &[],
                    Body::UploadLink {
                        url: "https://example.com/a b".into(),
                    },
                    "data",
                    Single,
                ),
            ),
            (
                "attachments.download",
                att.clone(),
                expect(Get, "Notes/9/Attachments/5", &[], Body::None, "data", File),
            ),
            (
                "attachments.delete",
                att,
                expect(
                    Delete,
                    "Notes/9/Attachments/5",
                    &[],
                    Body::None,
                    "data",
                    Single,
                ),
            ),
        ]);
    }

    #[test]
    fn validation_errors() {
        let mut cases = vec![
            (
                "attachments.upload",
                json!({"module": "Leads", "record_id": "1"}),
                "FILEPATH NOT PROVIDED",
                "file path must be given",
            ),
            (
                "attachments.upload",
                json!({"module": "Leads", "record_id": "1", "file_path": FILE, "link_url": "https://x"}),
                "INVALID ARGUMENT",
                "file_path, link_url",
            ),
            (
                "attachments.upload",
                json!({"module": "Leads", "record_id": "1", "file_path": "/no/such"}),
                "FILE NOT FOUND",
                "/no/such",
            ),
            (
                "attachments.download",
                json!({"module": "Leads", "record_id": "1"}),
                "ID IS NOT PROVIDED",
                "attachment_id must be given",
            ),
            (
                "attachments.delete",
                json!({"module": "Leads", "record_id": "1", "attachment_id": [5]}),
                "INVALID ARGUMENT",
                "attachment_id",
            ),
            (
                "attachments.list",
                json!({"module": "Leads", "record_id": "1", "per_page": -1}),
                "INVALID ARGUMENT",
                "per_page",
            ),
        ];
        for op in [
            "attachments.list",
            "attachments.upload",
            "attachments.download",
            "attachments.delete",
        ] {
            let args = json!({"record_id": "1", "attachment_id": "2", "link_url": "https://x"});
            cases.push((
                op,
                args,
                "NO MODULE API NAME PROVIDED",
                "module api name must be provided",
            ));
            let args = json!({"module": "Leads", "attachment_id": "2", "link_url": "https://x"});
            cases.push((
                op,
                args,
                "ID IS NOT PROVIDED",
                "id should be set for the record",
            ));
        }
        assert_errors(cases);
    }
}
