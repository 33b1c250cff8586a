//! Injected faults: the next N requests under a path prefix are slowed, answered with an
//! error status, dropped, or answered with a body that is not JSON.

use std::collections::VecDeque;
use std::time::Duration;

use axum::http::StatusCode;
use serde::Deserialize;

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
            other => {
                return Err(format!(
                    "unknown kind {other:?}: expected latency, status, drop or malformed"
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
}
