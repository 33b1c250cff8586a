//! Injected faults: the next N requests under a path prefix are slowed, answered with an
//! error status, dropped, answered with a body that is not JSON, or answered with a canned
//! response given in full (status, headers, body), such as a real Zoho answer recorded in
//! spec/fixtures/zoho.

use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use crate::crm::envelope::JSON_CONTENT_TYPE;

/// What `POST /_emulator/faults` accepts.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FaultSpec {
    path_prefix: String,
    kind: String,
    latency_ms: Option<u64>,
    status: Option<u16>,
    retry_after: Option<u64>,
    times: Option<u32>,
    /// For kind `respond`: the body, sent as given (absent: empty).
    body: Option<String>,
    /// For kind `respond`: header names and values, sent as given.
    headers: Option<BTreeMap<String, String>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FaultKind {
    Latency(Duration),
    Status {
        status: StatusCode,
        retry_after: Option<u64>,
    },
    Drop,
    Malformed,
    Respond(Canned),
}

/// A response given in full by the test. Zoho's answers are not all errors (token errors come
/// as 200, partial successes as 207), so any final status is accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Canned {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Canned {
    fn new(
        status: Option<u16>,
        headers: Option<BTreeMap<String, String>>,
        body: Option<String>,
    ) -> Result<Canned, String> {
        let code = status.ok_or("status is required for kind respond")?;
        let status = StatusCode::from_u16(code)
            .ok()
            .filter(|_| (200..=599).contains(&code))
            .ok_or_else(|| format!("status {code} is not a final HTTP status (200-599)"))?;
        let body = body.unwrap_or_default();
        // hyper sends no body with these statuses whatever we give; a fixture that has one is
        // a mistake worth hearing about rather than a silently different answer.
        if !body.is_empty() && matches!(code, 204 | 304) {
            return Err(format!("a {code} answer has no body; remove body"));
        }
        let mut map = HeaderMap::new();
        for (raw, value) in headers.unwrap_or_default() {
            let name = HeaderName::from_bytes(raw.as_bytes())
                .map_err(|_| format!("header name {raw:?} is not a valid HTTP header name"))?;
            let value = HeaderValue::from_str(&value)
                .map_err(|_| format!("header {raw} has a value that cannot be sent: {value:?}"))?;
            map.append(name, value);
        }
        // Zoho labels its JSON this way (raw captures in the fixtures README); a test that
        // wants another type, or none, says so in `headers`.
        if !body.is_empty() && !map.contains_key(header::CONTENT_TYPE) {
            map.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(JSON_CONTENT_TYPE),
            );
        }
        Ok(Canned {
            status,
            headers: map,
            body,
        })
    }

    pub(crate) fn response(&self) -> Response {
        let mut response = Response::new(Body::from(self.body.clone()));
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers.clone();
        response
    }
}

#[derive(Debug)]
struct Fault {
    path_prefix: String,
    kind: FaultKind,
    remaining: u32,
}

impl FaultSpec {
    /// Checks the spec, naming the offending field in the error.
    fn into_fault(self) -> Result<Fault, String> {
        if self.kind != "respond" && (self.body.is_some() || self.headers.is_some()) {
            return Err("body and headers are only for kind respond".into());
        }
        if self.kind == "respond" && (self.retry_after.is_some() || self.latency_ms.is_some()) {
            return Err(
                "kind respond sends only status, headers and body: give Retry-After in headers"
                    .into(),
            );
        }
        let kind = match self.kind.as_str() {
            "latency" => FaultKind::Latency(Duration::from_millis(
                self.latency_ms
                    .ok_or("latency_ms is required for kind latency")?,
            )),
            "status" => FaultKind::Status {
                status: error_status(self.status)?,
                retry_after: self.retry_after,
            },
            "drop" => FaultKind::Drop,
            "malformed" => FaultKind::Malformed,
            "respond" => FaultKind::Respond(Canned::new(self.status, self.headers, self.body)?),
            other => {
                return Err(format!(
                    "unknown kind {other:?}: expected latency, status, drop, malformed or respond"
                ))
            }
        };
        Ok(Fault {
            path_prefix: self.path_prefix,
            kind,
            remaining: self.times.unwrap_or(1),
        })
    }
}

fn error_status(status: Option<u16>) -> Result<StatusCode, String> {
    let code = status.ok_or("status is required for kind status")?;
    match StatusCode::from_u16(code) {
        Ok(status) if (400..=599).contains(&code) => Ok(status),
        _ => Err(format!(
            "status {code} is not an HTTP error status (400-599)"
        )),
    }
}

/// Pending faults in the order they were added; the oldest matching one fires first.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    pending: VecDeque<Fault>,
}

impl Faults {
    pub(crate) fn add(&mut self, spec: FaultSpec) -> Result<(), String> {
        let fault = spec.into_fault()?;
        if fault.remaining > 0 {
            self.pending.push_back(fault);
        }
        Ok(())
    }

    pub(crate) fn clear(&mut self) {
        self.pending.clear();
    }

    /// The fault this request gets, if any, using up one of its `times`.
    pub(crate) fn take(&mut self, path: &str) -> Option<FaultKind> {
        let index = self
            .pending
            .iter()
            .position(|f| path.starts_with(&f.path_prefix))?;
        let fault = self.pending.get_mut(index)?;
        fault.remaining -= 1;
        let kind = fault.kind.clone();
        if fault.remaining == 0 {
            self.pending.remove(index);
        }
        Some(kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(json: &str) -> FaultSpec {
        match serde_json::from_str(json) {
            Ok(spec) => spec,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn counts_down_and_matches_prefix() {
        let mut faults = Faults::default();
        let added = faults.add(spec(
            r#"{"path_prefix":"/crm/v2/org","kind":"drop","times":2}"#,
        ));
        assert!(added.is_ok());
        assert_eq!(faults.take("/crm/v2/users"), None);
        assert_eq!(faults.take("/crm/v2/org"), Some(FaultKind::Drop));
        assert_eq!(faults.take("/crm/v2/org"), Some(FaultKind::Drop));
        assert_eq!(faults.take("/crm/v2/org"), None);
    }

    #[test]
    fn rejects_bad_specs() {
        let mut faults = Faults::default();
        assert!(faults
            .add(spec(r#"{"path_prefix":"/","kind":"status","status":200}"#))
            .is_err());
        assert!(faults
            .add(spec(r#"{"path_prefix":"/","kind":"latency"}"#))
            .is_err());
        assert!(faults
            .add(spec(r#"{"path_prefix":"/","kind":"boom"}"#))
            .is_err());
    }

    fn respond_error(json: &str) -> String {
        match Faults::default().add(spec(json)) {
            Err(message) => message,
            Ok(()) => panic!("{json} was accepted"),
        }
    }

    #[test]
    fn respond_takes_any_final_status_and_refuses_what_cannot_be_sent() {
        let mut faults = Faults::default();
        for status in [200, 204, 207, 401, 429] {
            let json = format!(r#"{{"path_prefix":"/","kind":"respond","status":{status}}}"#);
            assert_eq!(faults.add(spec(&json)), Ok(()), "{json}");
        }
        assert!(respond_error(r#"{"path_prefix":"/","kind":"respond"}"#).contains("status"));
        assert!(
            respond_error(r#"{"path_prefix":"/","kind":"respond","status":101}"#).contains("101")
        );
        assert!(
            respond_error(r#"{"path_prefix":"/","kind":"respond","status":204,"body":"{}"}"#)
                .contains("no body")
        );
        assert!(respond_error(
            r#"{"path_prefix":"/","kind":"respond","status":200,"headers":{"bad name":"x"}}"#
        )
        .contains("bad name"));
        assert!(
            respond_error(r#"{"path_prefix":"/","kind":"status","status":500,"body":"{}"}"#)
                .contains("only for kind respond")
        );
    }

    #[test]
    fn respond_labels_a_body_as_zoho_json_unless_told_otherwise() {
        let canned = |json: &str| match spec(json).into_fault().map(|f| f.kind) {
            Ok(FaultKind::Respond(canned)) => canned.response(),
            other => panic!("{other:?}"),
        };
        let labelled = canned(r#"{"path_prefix":"/","kind":"respond","status":200,"body":"{}"}"#);
        assert_eq!(labelled.headers()[header::CONTENT_TYPE], JSON_CONTENT_TYPE);
        let own = canned(
            r#"{"path_prefix":"/","kind":"respond","status":429,"body":"x","headers":{"Content-Type":"text/plain","Retry-After":"60"}}"#,
        );
        assert_eq!(own.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(own.headers()[header::CONTENT_TYPE], "text/plain");
        assert_eq!(own.headers()[header::RETRY_AFTER], "60");
        let empty = canned(r#"{"path_prefix":"/","kind":"respond","status":204}"#);
        assert!(empty.headers().get(header::CONTENT_TYPE).is_none());
    }
}
