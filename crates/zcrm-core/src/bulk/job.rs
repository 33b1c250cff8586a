//! What every bulk job shares: its id in paths, and the states Zoho reports for it.
//!
//! "Get Bulk Read Job Details"
//! (<https://www.zoho.com/crm/developer/docs/api/v2/bulk-read/get-job-details.html>): a job is
//! ADDED, then IN PROGRESS, then COMPLETED or FAILED.

use serde_json::Value;

use crate::api::args::{required_id, Rule};
use crate::error::Result;

const NO_JOB_ID: Rule = Rule::new("NO JOB ID PROVIDED", "job_id must be given");

/// The job id argument, as a path segment.
pub fn job_id(args: &Value) -> Result<String> {
    required_id(args, "job_id", &NO_JOB_ID).map(|id| crate::api::args::segment(&id))
}

/// Where a job stands, from the `state` Zoho reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Added,
    InProgress,
    Completed,
    Failed,
}

impl State {
    /// `None` for a state Zoho has not documented: callers keep polling such a job rather
    /// than guess that it ended.
    pub fn parse(text: &str) -> Option<State> {
        Some(match text {
            "ADDED" => State::Added,
            "IN PROGRESS" => State::InProgress,
            "COMPLETED" => State::Completed,
            "FAILED" => State::Failed,
            _ => return None,
        })
    }

    pub fn is_finished(self) -> bool {
        matches!(self, State::Completed | State::Failed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states() {
        assert_eq!(State::parse("IN PROGRESS"), Some(State::InProgress));
        assert!(State::parse("COMPLETED").is_some_and(State::is_finished));
        assert!(!State::Added.is_finished());
        assert_eq!(State::parse("QUEUED"), None);
    }
}
