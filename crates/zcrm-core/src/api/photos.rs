//! `/crm/v2/{module}/{record_id}/photo`: a record's photo (upload, download, delete).

use serde_json::Value;

use super::args::{readable_file, required_string, Rule};
use super::common::{record_path, RECORD_ID};
use super::{Body, Method, RequestSpec, ResponseKind};
use crate::error::Result;

const KEY: &str = "data";

pub const NO_FILE_PATH: Rule = Rule::new("FILEPATH NOT PROVIDED", "file path must be given");

pub fn build(action: &str, args: &Value) -> Option<Result<RequestSpec>> {
    let (method, kind) = match action {
        "upload" => (Method::Post, ResponseKind::Single),
        "download" => (Method::Get, ResponseKind::File),
        "delete" => (Method::Delete, ResponseKind::Single),
        _ => return None,
    };
    Some(photo(args, method, kind))
}

/// The three share one path; only upload carries a body (multipart part `file`).
fn photo(args: &Value, method: Method, kind: ResponseKind) -> Result<RequestSpec> {
    let path = format!("{}/photo", record_path(args, &RECORD_ID)?);
    // Zoho answers an upload or a delete with a top-level status object, no entries.
    let spec = RequestSpec::new(method, path, KEY, kind).answering_top_level();
    if method != Method::Post {
        return Ok(spec);
    }
    let file_path = required_string(args, "file_path", &NO_FILE_PATH)?;
    readable_file("file_path", &file_path)?;
    Ok(spec.with_body(Body::UploadFile { path: file_path }))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::api::test_support::{assert_errors, assert_specs, expect};
    use crate::api::{Body, Method::*, ResponseKind::*};

    const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");

    #[test]
    fn requests() {
        let record = json!({"module": "Contacts", "record_id": "7"});
        let upload = json!({"module": "Contacts", "record_id": 7, "file_path": FILE});
        assert_specs(vec![
            (
                "photos.upload",
                upload,
                expect(
                    Post,
                    "Contacts/7/photo",
                    &[],
                    Body::UploadFile { path: FILE.into() },
                    "data",
                    Single,
                )
                .answering_top_level(),
            ),
            (
                "photos.download",
                record.clone(),
                expect(Get, "Contacts/7/photo", &[], Body::None, "data", File)
                    .answering_top_level(),
            ),
            (
                "photos.delete",
                record,
                expect(Delete, "Contacts/7/photo", &[], Body::None, "data", Single)
                    .answering_top_level(),
            ),
        ]);
    }

    #[test]
    fn validation_errors() {
        let mut cases = vec![
            (
                "photos.upload",
                json!({"module": "Contacts", "record_id": "7"}),
                "FILEPATH NOT PROVIDED",
                "file path must be given",
            ),
            (
                "photos.upload",
                json!({"module": "Contacts", "record_id": "7", "file_path": ""}),
                "FILEPATH NOT PROVIDED",
                "file_path",
            ),
            (
                "photos.upload",
                json!({"module": "Contacts", "record_id": "7", "file_path": "/no/such.png"}),
                "FILE NOT FOUND",
                "/no/such.png",
            ),
        ];
        for op in ["photos.upload", "photos.download", "photos.delete"] {
            cases.push((
                op,
                json!({"record_id": "7", "file_path": FILE}),
                "NO MODULE API NAME PROVIDED",
                "module",
            ));
            cases.push((
                op,
                json!({"module": "Contacts", "file_path": FILE}),
                "ID IS NOT PROVIDED",
                "id should be set for the record",
            ));
        }
        assert_errors(cases);
    }
}
