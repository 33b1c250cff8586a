//! Zoho's per-org concurrency limit: past `Options::concurrency_limit` CRM requests in flight
//! at once, the next one is answered 429 `TOO_MANY_REQUESTS` without being processed.
//!
//! Sources: "Concurrency is the number of parallel API calls that are active at one time
//! instance. Apps are capped at concurrent requests based on CRM edition: Free (5), Standard
//! (10), Professional (15), Enterprise (20), Ultimate (25)" and "Exceeding these returns a
//! TOO_MANY_REQUESTS error" (Kaizen #203,
//! <https://help.zoho.com/portal/en/community/topic/kaizen-203-answering-your-questions-handling-api-limits-and-error-responses>);
//! <https://www.zoho.com/crm/developer/docs/api/v2/api-limits.html> ("Concurrency"). The
//! answer's message and details, the absence of `Retry-After`, and counting a request from its
//! arrival until its answer is ready (injected latency included) are unverified: each is the
//! reading harder on the client. Only CRM requests count; Zoho Accounts is a separate service.

use std::sync::Arc;

use crate::state::{Shared, State};

/// Requests in flight now; kept across a reset and a restart, which do not end them.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct InFlight {
    count: u32,
}

/// What the limit says about an arriving CRM request.
pub(crate) enum Admission {
    Admitted(InFlightGuard),
    OverLimit,
}

/// Counts the request until dropped (when its answer is ready).
#[derive(Debug)]
pub(crate) struct InFlightGuard {
    shared: Arc<Shared>,
}

impl Drop for InFlightGuard {
    fn drop(&mut self) {
        let mut state = self.shared.lock();
        state.in_flight.count = state.in_flight.count.saturating_sub(1);
    }
}

/// Admits the request or refuses it, updating the counters; called with the state locked.
pub(crate) fn admit(state: &mut State, shared: &Arc<Shared>) -> Admission {
    let limit = shared.config.options.concurrency_limit;
    if limit > 0 && state.in_flight.count >= limit {
        state.stats.concurrency_rejections += 1;
        return Admission::OverLimit;
    }
    state.in_flight.count += 1;
    let now = u64::from(state.in_flight.count);
    state.stats.max_concurrent_crm_requests = state.stats.max_concurrent_crm_requests.max(now);
    Admission::Admitted(InFlightGuard {
        shared: Arc::clone(shared),
    })
}
