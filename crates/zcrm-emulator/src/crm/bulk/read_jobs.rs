//! Bulk Read jobs and the knobs tests turn (`POST /_emulator/bulk_read`).
//!
//! A job's state follows the emulator's clock, never a timer: it is ADDED in the second it was
//! created, IN PROGRESS until `delay` seconds have passed, then COMPLETED ("Get Bulk Read Job
//! Details", <https://www.zoho.com/crm/developer/docs/api/v2/bulk-read/get-job-details.html>,
//! shows the three states). How long Zoho takes is not documented; the default delay is an
//! unverified two seconds, and specs freeze the clock and advance it instead of sleeping.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;

/// Unverified: Zoho documents no processing time.
pub(crate) const DEFAULT_DELAY_SECS: i64 = 2;
/// "a maximum of 200,000 records" per page (overview and get-job-details: `per_page`).
pub(crate) const PER_PAGE: usize = 200_000;

#[derive(Clone, Debug)]
pub(crate) struct ReadJob {
    pub(crate) id: String,
    /// The `query` as created, with `page` filled in (shown back in the job's details).
    pub(crate) query: Value,
    pub(crate) module: &'static str,
    pub(crate) page: usize,
    pub(crate) callback_url: Option<String>,
    pub(crate) created_by: Value,
    pub(crate) created: i64,
    pub(crate) due: i64,
    /// Rows matching the query, counted when the job is first seen COMPLETED.
    pub(crate) matching: Option<usize>,
    pub(crate) per_page: usize,
    /// Ends FAILED instead of COMPLETED (the `fail` knob).
    pub(crate) fails: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum JobState {
    Added,
    InProgress,
    Completed,
    Failed,
}

impl JobState {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            JobState::Added => "ADDED",
            JobState::InProgress => "IN PROGRESS",
            JobState::Completed => "COMPLETED",
            JobState::Failed => "FAILED",
        }
    }

    /// COMPLETED or FAILED: the state in which the callback is sent.
    pub(crate) fn is_finished(self) -> bool {
        matches!(self, JobState::Completed | JobState::Failed)
    }
}

impl ReadJob {
    pub(crate) fn state(&self, now: i64) -> JobState {
        if now >= self.due && self.fails {
            JobState::Failed
        } else if now >= self.due {
            JobState::Completed
        } else if now <= self.created {
            JobState::Added
        } else {
            JobState::InProgress
        }
    }

    /// This page's rows out of `matching`: how many, and whether a next page has more.
    pub(crate) fn page_counts(&self, matching: usize) -> (usize, bool) {
        let skipped = (self.page - 1).saturating_mul(self.per_page);
        let count = matching.saturating_sub(skipped).min(self.per_page);
        (count, matching > skipped.saturating_add(count))
    }
}

/// The jobs and the knobs.
#[derive(Debug, Default)]
pub(crate) struct ReadJobs {
    jobs: HashMap<String, ReadJob>,
    pub(crate) knobs: Knobs,
}

impl ReadJobs {
    pub(crate) fn add(&mut self, job: ReadJob) {
        self.jobs.insert(job.id.clone(), job);
    }

    pub(crate) fn get(&self, id: &str) -> Option<&ReadJob> {
        self.jobs.get(id)
    }

    pub(crate) fn get_mut(&mut self, id: &str) -> Option<&mut ReadJob> {
        self.jobs.get_mut(id)
    }
}

/// `POST /_emulator/bulk_read {"delay": 30, "per_page": 100, "fail": true}`: seconds from
/// creation to COMPLETED for jobs created from now on, rows per result page (Zoho's is 200,000;
/// specs lower it to see `more_records` without seeding 200,000 records), and whether those
/// jobs end FAILED instead (for specs of a client's error path).
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Knobs {
    #[serde(default = "default_delay")]
    pub(crate) delay: i64,
    #[serde(default = "default_per_page")]
    pub(crate) per_page: usize,
    #[serde(default)]
    pub(crate) fail: bool,
}

fn default_delay() -> i64 {
    DEFAULT_DELAY_SECS
}

fn default_per_page() -> usize {
    PER_PAGE
}

impl Default for Knobs {
    fn default() -> Self {
        Knobs {
            delay: DEFAULT_DELAY_SECS,
            per_page: PER_PAGE,
            fail: false,
        }
    }
}

impl Knobs {
    pub(crate) fn check(&self) -> Result<(), String> {
        if self.delay < 0 {
            return Err("delay must be 0 or more seconds".into());
        }
        if self.per_page == 0 || self.per_page > PER_PAGE {
            return Err(format!("per_page must be between 1 and {PER_PAGE}"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(page: usize, per_page: usize) -> ReadJob {
        ReadJob {
            id: "1".into(),
            query: Value::Null,
            module: "Leads",
            page,
            callback_url: None,
            created_by: Value::Null,
            created: 100,
            due: 130,
            matching: None,
            per_page,
            fails: false,
        }
    }

    #[test]
    fn states_follow_the_clock() {
        let job = job(1, 10);
        assert_eq!(job.state(100), JobState::Added);
        assert_eq!(job.state(101), JobState::InProgress);
        assert_eq!(job.state(130), JobState::Completed);
        let failing = ReadJob { fails: true, ..job };
        assert_eq!(failing.state(129), JobState::InProgress);
        assert_eq!(failing.state(130), JobState::Failed);
    }

    #[test]
    fn pages() {
        assert_eq!(job(1, 10).page_counts(25), (10, true));
        assert_eq!(job(3, 10).page_counts(25), (5, false));
        assert_eq!(job(2, 10).page_counts(20), (10, false));
        assert_eq!(job(4, 10).page_counts(25), (0, false));
    }
}
