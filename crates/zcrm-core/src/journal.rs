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
