//! The log of accounts and CRM requests that `/_emulator/requests` serves, with secrets
//! filtered out before anything is stored.

use std::collections::VecDeque;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::params::{parse_urlencoded, Params};

/// Parameters whose values are credentials.
const SECRET_PARAMS: [&str; 6] = [
    "client_secret",
    "code",
    "refresh_token",
    "access_token",
    "token",
    "password",
];
/// Headers whose values are credentials.
const SECRET_HEADERS: [&str; 3] = ["authorization", "cookie", "proxy-authorization"];
const FILTERED: &str = "[FILTERED]";
/// Enough for any test's transcript while keeping a long benchmark's memory bounded.
const MAX_ENTRIES: usize = 10_000;
/// Bodies are for eyeballing and asserting on, not for storing uploads.
const MAX_BODY_CHARS: usize = 64 * 1024;

#[derive(Clone, Debug, Serialize)]
pub(crate) struct RecordedRequest {
    method: String,
    path: String,
    query: Map<String, Value>,
    body: Option<String>,
    content_type: Option<String>,
    /// Lower-case names; credentials (Authorization, cookies) are never recorded.
    headers: Map<String, Value>,
}

impl RecordedRequest {
    pub(crate) fn new(
        method: &str,
        path: &str,
        raw_query: Option<&str>,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Self {
        RecordedRequest {
            method: method.to_string(),
            path: path.to_string(),
            query: query_map(raw_query.unwrap_or("")),
            body: recorded_body(content_type, body),
            content_type: content_type.map(str::to_string),
            headers: Map::new(),
        }
    }

    /// Adds the request headers, leaving out the ones that carry credentials.
    pub(crate) fn with_headers<'a>(
        mut self,
        headers: impl Iterator<Item = (&'a str, &'a str)>,
    ) -> Self {
        for (name, value) in headers {
            let name = name.to_ascii_lowercase();
            if !SECRET_HEADERS.contains(&name.as_str()) {
                self.headers.insert(name, Value::String(value.to_string()));
            }
        }
        self
    }
}

#[derive(Debug, Default)]
pub(crate) struct RequestLog {
    entries: VecDeque<RecordedRequest>,
}

impl RequestLog {
    pub(crate) fn record(&mut self, request: RecordedRequest) {
        if self.entries.len() == MAX_ENTRIES {
            self.entries.pop_front();
        }
        self.entries.push_back(request);
    }

    pub(crate) fn entries(&self) -> Vec<RecordedRequest> {
        self.entries.iter().cloned().collect()
    }

    pub(crate) fn clear(&mut self) {
        self.entries.clear();
    }
}

/// Decoded query parameters; a repeated key becomes an array of its values.
fn query_map(raw: &str) -> Map<String, Value> {
    let mut map = Map::new();
    for (key, value) in redacted_pairs(raw) {
        let value = Value::String(value);
        match map.get_mut(&key) {
            Some(Value::Array(values)) => values.push(value),
            Some(existing) => *existing = Value::Array(vec![existing.take(), value]),
            None => {
                map.insert(key, value);
            }
        }
    }
    map
}

fn redacted_pairs(raw: &str) -> Vec<(String, String)> {
    redact(parse_urlencoded(raw))
}

fn redact(pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    pairs
        .into_iter()
        .map(|(key, value)| {
            let value = if is_secret(&key) {
                FILTERED.to_string()
            } else {
                value
            };
            (key, value)
        })
        .collect()
}

/// The body as text, with the values of secret form fields filtered. Only bodies that parse as
/// forms carrying a secret are re-encoded: the legacy gem labels its JSON bodies as
/// urlencoded, and those must be recorded as sent.
fn recorded_body(content_type: Option<&str>, body: &[u8]) -> Option<String> {
    if body.is_empty() {
        return None;
    }
    let lowered = content_type.unwrap_or("").to_ascii_lowercase();
    let raw = String::from_utf8_lossy(body);
    let text = if lowered.starts_with("multipart/") {
        let fields = Params::from_query_and_body(None, content_type, body);
        reencode(redact(fields.pairs().to_vec()))
    } else if !lowered.contains("json") && !looks_like_json(&raw) && has_secret(&raw) {
        reencode(redacted_pairs(&raw))
    } else {
        raw.into_owned()
    };
    Some(text.chars().take(MAX_BODY_CHARS).collect())
}

fn looks_like_json(text: &str) -> bool {
    matches!(text.trim_start().chars().next(), Some('{' | '[' | '"')) || text.trim() == "null"
}

fn has_secret(text: &str) -> bool {
    parse_urlencoded(text).iter().any(|(key, _)| is_secret(key))
}

fn is_secret(key: &str) -> bool {
    SECRET_PARAMS.contains(&key)
}

fn reencode(pairs: Vec<(String, String)>) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_filtered_everywhere() {
        let r = RecordedRequest::new(
            "POST",
            "/oauth/v2/token",
            Some("code=abc&client_id=id&client_secret=s&x=1&x=2"),
            Some("application/x-www-form-urlencoded"),
            b"refresh_token=r&grant_type=refresh_token",
        );
        let json = serde_json::to_value(&r).unwrap_or_default();
        assert_eq!(json["query"]["code"], FILTERED);
        assert_eq!(json["query"]["client_secret"], FILTERED);
        assert_eq!(json["query"]["client_id"], "id");
        assert_eq!(json["query"]["x"], serde_json::json!(["1", "2"]));
        let body = json["body"].as_str().unwrap_or("");
        assert!(!body.contains("refresh_token=r&"), "{body}");
        assert!(body.contains("grant_type=refresh_token"), "{body}");
    }

    #[test]
    fn json_bodies_labelled_as_forms_are_kept() {
        let sent = r#"{"data":[{"Last_Name":"a&b=c"}]}"#;
        let r = RecordedRequest::new(
            "POST",
            "/crm/v2/Leads",
            None,
            Some("application/x-www-form-urlencoded"),
            sent.as_bytes(),
        );
        assert_eq!(r.body.as_deref(), Some(sent));
    }
}
