//! What one call did on the wire, for logging and instrumentation, and by when it must be
//! done (its deadline: `timeout` bounds the whole call, retries and waits included).
//! The core never logs by
//! itself: it records each HTTP exchange here and the caller (the Ruby layer) decides where
//! the lines go. Records hold the method, the path (never the query) and timings; never a token.

use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, PartialEq)]
pub struct RequestRecord {
    pub method: String,
    /// Host and path, without the query string.
    pub url: String,
    /// `None` when no answer came (connection failed, timed out, interrupted).
    pub status: Option<u16>,
    pub duration_ms: f64,
    /// 0 for the first try, 1 for the first retry...
    pub attempt: u32,
    /// What went wrong when there was no status, as an error kind (`network`, `timeout`...).
    pub failure: Option<String>,
}

/// The `failure` of an attempt its call was cancelled during (in Ruby: Timeout, Thread#raise,
/// Ctrl-C): the request may have reached Zoho and been acted on; no answer was read, and it
/// was not sent again.
pub const INTERRUPTED: &str = "interrupted";

#[derive(Debug, Default)]
pub struct Journal {
    records: Mutex<Vec<RequestRecord>>,
    deadline: Option<Instant>,
    chain: Option<u64>,
}

impl Journal {
    /// A journal without a deadline: each attempt is still bounded by `attempt_timeout`.
    pub fn new() -> Self {
        Self::default()
    }

    /// A journal for a call that must be over within `budget` from now.
    pub fn with_deadline(budget: Duration) -> Self {
        Journal {
            records: Mutex::default(),
            deadline: Instant::now().checked_add(budget),
            chain: None,
        }
    }

    /// Names the caller chain this call belongs to: calls made from inside another call (a
    /// callback calling back in) share it, so that a wait that could only end when the outer
    /// call goes on is reported instead of waited out. The Ruby binding uses the Ruby thread.
    pub fn on_chain(mut self, chain: u64) -> Self {
        self.chain = Some(chain);
        self
    }

    pub fn chain(&self) -> Option<u64> {
        self.chain
    }

    /// `wait`, bounded by the deadline; past it, a `Deadline` error saying what was awaited.
    pub async fn within_deadline<T>(
        &self,
        wait: impl std::future::Future<Output = T>,
        waiting_for: impl FnOnce() -> String,
    ) -> crate::error::Result<T> {
        let Some(deadline) = self.deadline else {
            return Ok(wait.await);
        };
        tokio::time::timeout_at(deadline.into(), wait)
            .await
            .map_err(|_| crate::error::Error::Deadline {
                message: format!(
                    "the call's timeout ran out while waiting: {}",
                    waiting_for()
                ),
            })
    }

    pub fn deadline(&self) -> Option<Instant> {
        self.deadline
    }

    /// Time left before the deadline (`None`: no deadline).
    pub fn remaining(&self) -> Option<Duration> {
        self.deadline
            .map(|d| d.saturating_duration_since(Instant::now()))
    }

    /// Starts journalling one HTTP attempt (see [`Attempt`]).
    pub fn attempt(&self, method: &str, url: &str, attempt: u32) -> Attempt<'_> {
        Attempt {
            journal: self,
            started: Instant::now(),
            record: Some(RequestRecord {
                method: method.to_string(),
                url: url.to_string(),
                status: None,
                duration_ms: 0.0,
                attempt,
                failure: None,
            }),
        }
    }

    pub fn push(&self, record: RequestRecord) {
        if let Ok(mut records) = self.records.lock() {
            records.push(record);
        }
    }

    pub fn take(&self) -> Vec<RequestRecord> {
        self.records
            .lock()
            .map(|mut r| std::mem::take(&mut *r))
            .unwrap_or_default()
    }
}

/// An HTTP attempt under way. [`Attempt::finish`] records how it ended; dropped unfinished
/// (its call was cancelled while the request was in flight), it is recorded as
/// [`INTERRUPTED`], so that the caller can say a write may have been applied.
pub struct Attempt<'a> {
    journal: &'a Journal,
    started: Instant,
    record: Option<RequestRecord>,
}

impl Attempt<'_> {
    pub fn finish(mut self, status: Option<u16>, failure: Option<String>) {
        self.close(status, failure);
    }

    fn close(&mut self, status: Option<u16>, failure: Option<String>) {
        if let Some(mut record) = self.record.take() {
            record.status = status;
            record.failure = failure;
            record.duration_ms = self.started.elapsed().as_secs_f64() * 1000.0;
            self.journal.push(record);
        }
    }
}

impl Drop for Attempt<'_> {
    fn drop(&mut self) {
        self.close(None, Some(INTERRUPTED.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_attempt_dropped_unfinished_is_recorded_as_interrupted() {
        let journal = Journal::new();
        journal
            .attempt("GET", "https://x/crm/v2/Leads", 0)
            .finish(Some(200), None);
        drop(journal.attempt("POST", "https://x/crm/v2/Leads", 1));
        let records = journal.take();
        assert_eq!(
            records
                .iter()
                .map(|r| (r.method.as_str(), r.status, r.failure.as_deref(), r.attempt))
                .collect::<Vec<_>>(),
            [
                ("GET", Some(200), None, 0),
                ("POST", None, Some(INTERRUPTED), 1)
            ]
        );
    }
}
