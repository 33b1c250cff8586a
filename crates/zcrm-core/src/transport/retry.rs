//! When to try a request again, and how long to wait first.

use std::time::Duration;

use rand::Rng;

use super::Incoming;
use crate::api::Method;
use crate::error::Error;

const BASE_DELAY: Duration = Duration::from_millis(300);
const MAX_DELAY: Duration = Duration::from_secs(8);

/// Exponential backoff with jitter: 300 ms, 600 ms, 1.2 s... each scaled by 50–100 % so
/// that many workers that failed together don't retry together.
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
            Ok(answer) => wait_for_answer(Method::Get, answer, self, max_wait),
            Err(error) => wait_for_error(Method::Get, error, self),
        }
    }

    pub fn delay(&self) -> Duration {
        let exp = BASE_DELAY.saturating_mul(1u32 << self.attempt.min(10));
        let capped = exp.min(MAX_DELAY);
        capped.mul_f64(rand::thread_rng().gen_range(0.5..=1.0))
    }
}

/// The wait before retrying after an answer, or `None` to hand the answer back.
pub fn wait_for_answer(
    method: Method,
    answer: &Incoming,
    backoff: &Backoff,
    max_wait: Duration,
) -> Option<Duration> {
    if backoff.exhausted() {
        return None;
    }
    match answer.status {
        429 => match answer.retry_after() {
            Some(secs) if secs <= max_wait.as_secs_f64() => Some(Duration::from_secs_f64(secs)),
            Some(_) => None,
            None => Some(backoff.delay()),
        },
        502..=504 if method.is_idempotent() => Some(backoff.delay()),
        _ => None,
    }
}

/// The wait before retrying after a failed exchange, or `None` to report the failure.
pub fn wait_for_error(method: Method, error: &Error, backoff: &Backoff) -> Option<Duration> {
    if backoff.exhausted() {
        return None;
    }
    match error {
        Error::Network { .. } | Error::Timeout { .. } if method.is_idempotent() => {
            Some(backoff.delay())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, retry_after: Option<&str>) -> Incoming {
        let headers = retry_after
            .map(|v| vec![("retry-after".to_string(), v.to_string())])
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
            Method::Post,
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
                Method::Get,
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
        assert!(wait_for_answer(Method::Get, &answer(503, None), &backoff, max).is_some());
        assert!(wait_for_answer(Method::Post, &answer(503, None), &backoff, max).is_none());
        assert!(wait_for_answer(Method::Get, &answer(500, None), &backoff, max).is_none());
    }

    #[test]
    fn retries_stop_when_exhausted() {
        let mut backoff = Backoff::new(1);
        backoff.next();
        assert!(wait_for_answer(
            Method::Get,
            &answer(503, None),
            &backoff,
            Duration::from_secs(30)
        )
        .is_none());
        let timeout = Error::Timeout { url: "u".into() };
        assert!(wait_for_error(Method::Get, &timeout, &backoff).is_none());
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
    fn delays_grow_and_stay_capped() {
        let mut backoff = Backoff::new(20);
        for _ in 0..15 {
            assert!(backoff.delay() <= MAX_DELAY);
            backoff.next();
        }
    }
}
