//! When to try a request again, and how long to wait first.
//!
//! | answer or failure                     | retried for          | wait                              |
//! |---------------------------------------|----------------------|-----------------------------------|
//! | 429                                   | every method         | `Retry-After`, else backoff       |
//! | 503                                   | resendable requests  | `Retry-After`, else backoff       |
//! | 502, 504, timeout, dropped connection | resendable requests  | backoff                           |
//! | anything else                         | never                |                                   |
//!
//! Resendable: an idempotent method, or a request that only reads whatever its method (a COQL
//! query is a POST).
//!
//! `Retry-After` is read in seconds or as an HTTP date (RFC 7231 IMF-fixdate); a wait longer
//! than `max_retry_wait` hands the answer back instead of blocking the caller. Backoff is
//! exponential with full jitter: a random wait between 0 and min(8 s, 300 ms × 2^attempt), so
//! that many workers that failed together spread their retries out.

use std::time::{Duration, SystemTime};

use rand::Rng;

use super::Incoming;
use crate::error::Error;

const BASE_DELAY: Duration = Duration::from_millis(300);
const MAX_DELAY: Duration = Duration::from_secs(8);

#[derive(Debug)]
pub struct Backoff {
    attempt: u32,
    max_retries: u32,
}

impl Backoff {
    pub fn new(max_retries: u32) -> Self {
        Backoff {
            attempt: 0,
            max_retries,
        }
    }

    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    pub fn exhausted(&self) -> bool {
        self.attempt >= self.max_retries
    }

    pub fn next(&mut self) {
        self.attempt += 1;
    }

    /// The wait before sending again a request that is safe to resend although its method is
    /// not idempotent (a token refresh), after what the transport handed back; `None` to stop.
    /// A 429 is not resent: the transport has already waited for it as long as allowed.
    pub fn resend_delay(
        &self,
        result: &Result<Incoming, Error>,
        max_wait: Duration,
    ) -> Option<Duration> {
        match result {
            Ok(answer) if answer.status == 429 => None,
            Ok(answer) => wait_for_answer(true, answer, self, max_wait),
            Err(error) => wait_for_error(true, error, self),
        }
    }

    /// Full jitter: uniform between zero and the capped exponential.
    pub fn delay(&self) -> Duration {
        let capped = self.ceiling();
        capped.mul_f64(rand::thread_rng().gen_range(0.0..=1.0))
    }

    /// The capped exponential for this attempt: 300 ms, 600 ms, 1.2 s... up to 8 s.
    fn ceiling(&self) -> Duration {
        BASE_DELAY
            .saturating_mul(1u32 << self.attempt.min(10))
            .min(MAX_DELAY)
    }
}

/// The wait before retrying after an answer, or `None` to hand the answer back.
pub fn wait_for_answer(
    resendable: bool,
    answer: &Incoming,
    backoff: &Backoff,
    max_wait: Duration,
) -> Option<Duration> {
    if backoff.exhausted() {
        return None;
    }
    match answer.status {
        429 => announced_or_backoff(answer, backoff, max_wait),
        503 if resendable => announced_or_backoff(answer, backoff, max_wait),
        502 | 504 if resendable => Some(backoff.delay()),
        _ => None,
    }
}

/// The server's `Retry-After` when it gave one (`None` when that is beyond `max_wait`), else
/// the backoff.
fn announced_or_backoff(
    answer: &Incoming,
    backoff: &Backoff,
    max_wait: Duration,
) -> Option<Duration> {
    match answer.retry_after() {
        Some(secs) if secs <= max_wait.as_secs_f64() => Some(Duration::from_secs_f64(secs)),
        Some(_) => None,
        None => Some(backoff.delay()),
    }
}

/// The wait before retrying after a failed exchange, or `None` to report the failure.
pub fn wait_for_error(resendable: bool, error: &Error, backoff: &Backoff) -> Option<Duration> {
    if backoff.exhausted() {
        return None;
    }
    match error {
        Error::Network { .. } | Error::Timeout { .. } if resendable => Some(backoff.delay()),
        _ => None,
    }
}

/// A `Retry-After` value in seconds from now: delta-seconds, or an HTTP date (the IMF-fixdate
/// and the two obsolete forms RFC 7231 §7.1.1.1 says recipients must read; a date in the past
/// means now). `None` for anything else.
pub fn retry_after_secs(value: &str, now: SystemTime) -> Option<f64> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then_some(secs);
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(now)
            .map(|left| left.as_secs_f64())
            .unwrap_or(0.0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    /// A GET, a PUT, a COQL query.
    const RESENDABLE: bool = true;
    /// A POST that writes.
    const NOT_RESENDABLE: bool = false;

    fn answer(status: u16, retry_after: Option<&str>) -> Incoming {
        let headers = retry_after
            .map(|v| [("retry-after", v)].into_iter().collect())
            .unwrap_or_default();
        Incoming {
            status,
            headers,
            body: Vec::new(),
        }
    }

    #[test]
    fn rate_limits_wait_for_retry_after_even_for_posts() {
        let backoff = Backoff::new(2);
        let wait = wait_for_answer(
            NOT_RESENDABLE,
            &answer(429, Some("2")),
            &backoff,
            Duration::from_secs(30),
        );
        assert_eq!(wait, Some(Duration::from_secs(2)));
    }

    #[test]
    fn a_retry_after_beyond_the_limit_is_handed_back() {
        let backoff = Backoff::new(2);
        assert_eq!(
            wait_for_answer(
                RESENDABLE,
                &answer(429, Some("600")),
                &backoff,
                Duration::from_secs(30)
            ),
            None
        );
    }

    #[test]
    fn server_errors_are_retried_only_for_idempotent_methods() {
        let backoff = Backoff::new(2);
        let max = Duration::from_secs(30);
        assert!(wait_for_answer(RESENDABLE, &answer(503, None), &backoff, max).is_some());
        assert!(wait_for_answer(NOT_RESENDABLE, &answer(503, None), &backoff, max).is_none());
        assert!(wait_for_answer(RESENDABLE, &answer(500, None), &backoff, max).is_none());
    }

    #[test]
    fn retries_stop_when_exhausted() {
        let mut backoff = Backoff::new(1);
        backoff.next();
        assert!(wait_for_answer(
            RESENDABLE,
            &answer(503, None),
            &backoff,
            Duration::from_secs(30)
        )
        .is_none());
        let timeout = Error::Timeout { url: "u".into() };
        assert!(wait_for_error(RESENDABLE, &timeout, &backoff).is_none());
    }

    #[test]
    fn a_resendable_request_is_resent_after_outages_but_not_after_rate_limits() {
        let backoff = Backoff::new(2);
        let max = Duration::from_secs(30);
        assert!(backoff.resend_delay(&Ok(answer(503, None)), max).is_some());
        assert!(backoff.resend_delay(&Ok(answer(429, None)), max).is_none());
        assert!(backoff.resend_delay(&Ok(answer(200, None)), max).is_none());
        let dropped = Error::Network {
            message: "reset".into(),
            url: "u".into(),
        };
        assert!(backoff.resend_delay(&Err(dropped), max).is_some());
    }

    #[test]
    fn delays_are_fully_jittered_below_a_capped_exponential() {
        let mut backoff = Backoff::new(20);
        let mut ceilings = Vec::new();
        for _ in 0..15 {
            let ceiling = backoff.ceiling();
            let delays: Vec<Duration> = (0..200).map(|_| backoff.delay()).collect();
            assert!(delays.iter().all(|d| *d <= ceiling));
            // Full jitter reaches well below half the ceiling (50–100 % jitter never did).
            assert!(delays.iter().any(|d| *d < ceiling / 4), "{delays:?}");
            ceilings.push(ceiling);
            backoff.next();
        }
        assert_eq!(ceilings[0], BASE_DELAY);
        assert_eq!(ceilings[1], BASE_DELAY * 2);
        assert_eq!(ceilings[14], MAX_DELAY);
    }

    #[test]
    fn retry_after_is_read_in_seconds_or_as_an_http_date() {
        let now = UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(retry_after_secs("120", now), Some(120.0));
        assert_eq!(retry_after_secs(" 1.5 ", now), Some(1.5));
        assert_eq!(
            retry_after_secs("Sun, 06 Nov 1994 08:50:07 GMT", now),
            Some(30.0)
        );
        assert_eq!(
            retry_after_secs("Sun, 06 Nov 1994 08:49:00 GMT", now),
            Some(0.0),
            "a date in the past means now"
        );
        assert_eq!(
            retry_after_secs("Thu, 29 Feb 2024 00:00:00 GMT", UNIX_EPOCH),
            Some(1_709_164_800.0)
        );
        for obsolete in ["Sunday, 06-Nov-94 08:50:07 GMT", "Sun Nov  6 08:50:07 1994"] {
            assert_eq!(retry_after_secs(obsolete, now), Some(30.0), "{obsolete}");
        }
        for bad in [
            "-5",
            "soon",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 25:49:37 GMT",
        ] {
            assert_eq!(retry_after_secs(bad, now), None, "{bad}");
        }
    }

    #[test]
    fn a_503_with_retry_after_waits_as_told_for_idempotent_methods_only() {
        let backoff = Backoff::new(2);
        let max = Duration::from_secs(30);
        assert_eq!(
            wait_for_answer(RESENDABLE, &answer(503, Some("3")), &backoff, max),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            wait_for_answer(RESENDABLE, &answer(503, Some("600")), &backoff, max),
            None
        );
        assert_eq!(
            wait_for_answer(NOT_RESENDABLE, &answer(503, Some("3")), &backoff, max),
            None
        );
        let dated = answer(429, Some("Thu, 01 Jan 2099 00:00:00 GMT"));
        assert_eq!(wait_for_answer(NOT_RESENDABLE, &dated, &backoff, max), None);
    }
}
