//! What one call did on the wire, for logging and instrumentation, and by when it must be
//! done (its deadline: `timeout` bounds the whole call, retries and waits included).
//! The core never logs by
//! itself: it records each HTTP exchange here and the caller (the Ruby layer) decides where
//! the lines go. Records hold the method, the path (never the query), when the exchange
//! started (wall clock, so that the caller can publish events with their real start and
//! finish) and how long it took; never a token.

use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::transport::Headers;

/// What an HTTP exchange was for, so that the caller can report CRM requests and token
/// traffic apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exchange {
    /// A CRM API request.
    Api,
    /// A token request at the accounts server: a grant exchange or a refresh.
    Token,
    /// The user-info lookup that names a grant's owner.
    UserInfo,
    /// A refresh token revocation.
    Revoke,
}

impl Exchange {
    pub fn as_str(self) -> &'static str {
        match self {
            Exchange::Api => "api",
            Exchange::Token => "token",
            Exchange::UserInfo => "user_info",
            Exchange::Revoke => "revoke",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestRecord {
    pub exchange: Exchange,
    pub method: String,
    /// Host and path, without the query string.
    pub url: String,
    /// `None` when no answer came (connection failed, timed out, interrupted).
    pub status: Option<u16>,
    /// When the request started to be sent, in seconds since the Unix epoch (wall clock).
    pub started_at: f64,
    pub duration_ms: f64,
    /// 0 the first time the call sent this method and URL, 1 the next time (a retry after a
    /// 429 or 5xx, a resent token refresh, the resend after INVALID_TOKEN)...
    pub attempt: u32,
    /// What went wrong when there was no status, as an error kind (`network`, `timeout`...).
    pub failure: Option<String>,
    /// The request id the answer carried in a header, when it carried one (see
    /// [`REQUEST_ID_HEADERS`]).
    pub request_id: Option<String>,
    /// The request may have changed data on Zoho's side (not a GET, not a query): an
    /// interrupted one is worth a warning.
    pub writes: bool,
}

/// Response headers read as the request id of an exchange, first found wins (lower case).
pub const REQUEST_ID_HEADERS: [&str; 2] = ["x-zoho-request-id", "x-request-id"];

/// The request id among an answer's headers (lower-case names), if any.
pub fn request_id(headers: &Headers) -> Option<String> {
    REQUEST_ID_HEADERS.iter().find_map(|wanted| {
        headers
            .iter()
            .find(|(name, value)| name == wanted && !value.is_empty())
            .map(|(_, value)| value.to_string())
    })
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

    /// Starts journalling one HTTP attempt (see [`Attempt`]). Its attempt number counts the
    /// earlier sends of the same method and URL in this call, so that a request sent again
    /// by a layer above the transport (a resent refresh, the resend after INVALID_TOKEN) is
    /// numbered as the retry it is. `writes`: the request may change data (see
    /// `RequestRecord::writes`).
    pub fn attempt(
        &self,
        exchange: Exchange,
        method: &str,
        url: &str,
        writes: bool,
    ) -> Attempt<'_> {
        Attempt {
            journal: self,
            started: Instant::now(),
            record: Some(RequestRecord {
                exchange,
                method: method.to_string(),
                url: url.to_string(),
                status: None,
                started_at: SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map_or(0.0, |since| since.as_secs_f64()),
                duration_ms: 0.0,
                attempt: self.sends_of(method, url),
                failure: None,
                request_id: None,
                writes,
            }),
        }
    }

    fn sends_of(&self, method: &str, url: &str) -> u32 {
        self.records.lock().map_or(0, |records| {
            let sends = records
                .iter()
                .filter(|r| r.method == method && r.url == url)
                .count();
            u32::try_from(sends).unwrap_or(u32::MAX)
        })
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
    /// Records an answer: its status and request id.
    pub fn answered(mut self, status: u16, request_id: Option<String>) {
        if let Some(record) = self.record.as_mut() {
            record.request_id = request_id;
        }
        self.close(Some(status), None);
    }

    /// Records an attempt that got no answer, with the kind of error it ended in.
    pub fn failed(mut self, failure: String) {
        self.close(None, Some(failure));
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
            .attempt(Exchange::Api, "GET", "https://x/crm/v2/Leads", false)
            .answered(200, None);
        journal
            .attempt(Exchange::Api, "POST", "https://x/crm/v2/Leads", true)
            .failed("network".into());
        drop(journal.attempt(Exchange::Api, "POST", "https://x/crm/v2/Leads", true));
        let records = journal.take();
        assert_eq!(
            records
                .iter()
                .map(|r| (r.method.as_str(), r.status, r.failure.as_deref(), r.attempt))
                .collect::<Vec<_>>(),
            [
                ("GET", Some(200), None, 0),
                ("POST", None, Some("network"), 0),
                ("POST", None, Some(INTERRUPTED), 1)
            ]
        );
    }

    #[test]
    fn sends_of_the_same_method_and_url_are_numbered_as_retries() {
        let journal = Journal::new();
        for _ in 0..3 {
            journal
                .attempt(
                    Exchange::Token,
                    "POST",
                    "https://accounts/oauth/v2/token",
                    true,
                )
                .failed("server".into());
        }
        journal
            .attempt(Exchange::Api, "GET", "https://x/crm/v2/Leads", false)
            .answered(200, None);
        let attempts: Vec<(&str, u32)> = journal
            .take()
            .iter()
            .map(|r| (r.exchange.as_str(), r.attempt))
            .collect();
        assert_eq!(
            attempts,
            [("token", 0), ("token", 1), ("token", 2), ("api", 0)]
        );
    }

    #[test]
    fn a_record_carries_its_wall_clock_start_and_the_answers_request_id() {
        let before = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs_f64())
            .unwrap_or_default();
        let journal = Journal::new();
        let headers: Headers = [
            ("content-type", "application/json"),
            ("x-request-id", "abc-123"),
        ]
        .into_iter()
        .collect();
        journal
            .attempt(Exchange::Api, "GET", "https://x/crm/v2/Leads", false)
            .answered(200, request_id(&headers));
        let record = &journal.take()[0];
        assert!(record.started_at >= before && record.started_at < before + 60.0);
        assert_eq!(record.request_id.as_deref(), Some("abc-123"));
    }

    #[test]
    fn no_request_id_header_means_none() {
        let headers: Headers = [("x-request-id", "")].into_iter().collect();
        assert_eq!(request_id(&headers), None);
        assert_eq!(request_id(&Headers::default()), None);
    }
}
