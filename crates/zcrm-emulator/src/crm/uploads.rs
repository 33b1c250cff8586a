//! What an upload request carries: a multipart `file` part, or a link given as the multipart
//! field `attachmentUrl` (the legacy gem) or the query parameter of that name (newer SDKs).

use axum::body::Bytes;
use axum::http::{header, HeaderMap};

use crate::multipart;
use crate::params::Params;

use super::download::guess_type;
use super::envelope::ApiError;

pub(crate) enum Upload {
    File {
        name: String,
        content_type: String,
        data: Bytes,
    },
    Link(String),
}

/// `max_file_bytes` is Zoho's cap on one file (`Options::max_attachment_bytes`).
pub(crate) fn read(
    headers: &HeaderMap,
    query: Option<&str>,
    body: &[u8],
    max_file_bytes: usize,
) -> Result<Upload, ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let parts = multipart::parse(content_type, body).unwrap_or_default();
    if let Some(part) = parts.iter().find(|p| p.name == "file") {
        if part.data.len() > max_file_bytes {
            // Unverified: the status, code and message of Zoho's refusal.
            return Err(ApiError {
                status: axum::http::StatusCode::PAYLOAD_TOO_LARGE,
                code: "FILE_SIZE_MORE_THAN_ALLOWED",
                message: format!(
                    "The size of the file exceeds the allowed limit of {max_file_bytes} bytes"
                ),
                details: serde_json::json!({"api_name": "file"}),
            });
        }
        let name = part
            .file_name
            .clone()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "file".to_string());
        let content_type = part
            .content_type
            .clone()
            .filter(|t| !t.is_empty() && t != "application/octet-stream")
            .unwrap_or_else(|| guess_type(&name).to_string());
        return Ok(Upload::File {
            name,
            content_type,
            data: Bytes::from(part.data.clone()),
        });
    }
    let link = parts
        .iter()
        .find(|p| p.name == "attachmentUrl")
        .map(multipart::Part::text)
        .or_else(|| {
            Params::from_query(query)
                .get("attachmentUrl")
                .map(str::to_string)
        })
        .filter(|l| !l.trim().is_empty());
    link.map(|l| Upload::Link(l.trim().to_string()))
        .ok_or_else(|| ApiError::required_param("file"))
}
