//! The emulator's shared state: fixed configuration plus one mutable struct per resource
//! behind a single lock. One lock keeps cross-resource rules (a revoke kills access tokens, a
//! reset spans everything) trivially atomic; handlers hold it only for in-memory work.

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use axum::http::StatusCode;

use crate::accounts::store::OAuthStore;
use crate::concurrency::InFlight;
use crate::crm::data::CrmData;
use crate::crm::org::Org;
use crate::crm::results::Statuses;
use crate::crm::seed;
use crate::crm::user_store::Users;
use crate::fake_clock::FakeClock;
use crate::faults::Faults;
use crate::ids::IdGen;
use crate::options::Options;
use crate::request_log::RequestLog;
use crate::stats::Stats;

/// Settings fixed at start.
#[derive(Debug)]
pub(crate) struct Config {
    pub(crate) options: Options,
    pub(crate) base_url: String,
}

impl Config {
    pub(crate) fn access_token_ttl(&self) -> Duration {
        Duration::from_secs(self.options.access_token_ttl_secs)
    }

    /// Status codes of a batch write that succeeds with `success`.
    pub(crate) fn statuses(&self, success: StatusCode) -> Statuses {
        let partial = StatusCode::from_u16(self.options.partial_success_status)
            .unwrap_or(StatusCode::MULTI_STATUS);
        Statuses::new(success, partial)
    }

    /// The largest request body read: one attachment plus room for its multipart framing.
    pub(crate) fn max_body_bytes(&self) -> usize {
        const MULTIPART_ROOM: usize = 1024 * 1024;
        self.options
            .max_attachment_bytes
            .saturating_add(MULTIPART_ROOM)
    }
}

#[derive(Debug)]
pub(crate) struct State {
    pub(crate) ids: IdGen,
    pub(crate) oauth: OAuthStore,
    pub(crate) org: Org,
    pub(crate) users: Users,
    pub(crate) crm: CrmData,
    pub(crate) stats: Stats,
    pub(crate) faults: Faults,
    pub(crate) log: RequestLog,
    pub(crate) in_flight: InFlight,
}

impl State {
    fn seeded(options: &Options) -> Self {
        let mut ids = IdGen::new(seed::FIRST_RECORD_ID);
        let users = seed::users(options, &mut ids);
        let org = seed::org(options, &users);
        let mut state = State {
            ids,
            oauth: OAuthStore::default(),
            org,
            users,
            crm: CrmData::default(),
            stats: Stats::default(),
            faults: Faults::default(),
            log: RequestLog::default(),
            in_flight: InFlight::default(),
        };
        crate::crm::records::fake::seed_all(&mut state, options);
        state
    }

    /// Everything back as it was at start: a reset, and the CRM data seeded anew.
    pub(crate) fn restart(&mut self, options: &Options) {
        let in_flight = self.in_flight;
        *self = State::seeded(options);
        self.in_flight = in_flight;
    }

    /// Forgets everything a test run leaves behind; CRM data stays.
    pub(crate) fn reset(&mut self) {
        self.oauth = OAuthStore::default();
        self.stats = Stats::default();
        self.faults = Faults::default();
        self.log = RequestLog::default();
        self.crm.bulk_writes.delay_secs = 0;
        self.crm.bulk_reads = Default::default();
    }
}

#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) config: Config,
    /// Outside the state lock: every request reads it.
    pub(crate) clock: FakeClock,
    state: Mutex<State>,
}

impl Shared {
    pub(crate) fn new(options: Options, base_url: String) -> Self {
        let state = State::seeded(&options);
        Shared {
            config: Config { options, base_url },
            clock: FakeClock::default(),
            state: Mutex::new(state),
        }
    }

    /// A handler that panicked mid-update cannot leave state half-written in a way that
    /// matters more than refusing all later requests would, so poisoning is ignored.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}
