//! The emulator's controllable clock, for tests that need Zoho times to stand still or move
//! on without sleeping (`POST /_emulator/clock`): `{"freeze": true}` stops it at the current
//! emulated second, `{"advance": n}` moves it `n` seconds forward (frozen or not),
//! `{"freeze": false}` lets it run again from where it stands. Each emulator has its own: the
//! setting is read once per request and lent to the handler as a task-local, which
//! `clock::now_unix` consults, so a request sees one consistent setting.

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

use crate::clock;
use crate::crm::envelope;
use crate::state::Shared;

/// How emulated time relates to the wall clock.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Setting {
    #[default]
    Real,
    /// Running, this many seconds ahead of the wall clock.
    Ahead(i64),
    /// Standing still at this Unix time.
    Frozen(i64),
}

impl Setting {
    pub(crate) fn now(self, real: i64) -> i64 {
        match self {
            Setting::Real => real,
            Setting::Ahead(secs) => real.saturating_add(secs),
            Setting::Frozen(at) => at,
        }
    }

    fn changed(self, change: &Change, real: i64) -> Setting {
        let now = self.now(real).saturating_add(change.advance.unwrap_or(0));
        let frozen = change.freeze.unwrap_or(matches!(self, Setting::Frozen(_)));
        match (frozen, now - real) {
            (true, _) => Setting::Frozen(now),
            (false, 0) => Setting::Real,
            (false, ahead) => Setting::Ahead(ahead),
        }
    }
}

/// One emulator's setting.
#[derive(Debug, Default)]
pub(crate) struct FakeClock(Mutex<Setting>);

impl FakeClock {
    fn get(&self) -> Setting {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` in this emulator's time outside a request (work a background task does).
    pub(crate) fn in_emulated_time<R>(&self, f: impl FnOnce() -> R) -> R {
        SETTING.sync_scope(self.get(), f)
    }

    /// Emulated now outside a request (a task that watches for a bulk job's completion).
    pub(crate) fn now(&self) -> i64 {
        self.get().now(clock::wall_unix())
    }

    pub(crate) fn reset(&self) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Setting::Real;
    }

    fn change(&self, change: &Change, real: i64) -> Setting {
        let mut setting = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *setting = setting.changed(change, real);
        *setting
    }
}

tokio::task_local! {
    static SETTING: Setting;
}

/// Emulated now for the request being handled; the wall clock outside one.
pub(crate) fn adjust(real: i64) -> i64 {
    SETTING.try_with(|s| s.now(real)).unwrap_or(real)
}

/// Middleware: runs the request with its emulator's setting.
pub(crate) async fn scope(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    SETTING.scope(shared.clock.get(), next.run(request)).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Change {
    freeze: Option<bool>,
    advance: Option<i64>,
}

/// `GET /_emulator/clock` (with an empty body) and `POST /_emulator/clock`.
pub(crate) async fn control(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let change: Change = if body.iter().all(u8::is_ascii_whitespace) {
        Change::default()
    } else {
        match serde_json::from_slice(&body) {
            Ok(change) => change,
            Err(e) => {
                return envelope::json(
                    StatusCode::BAD_REQUEST,
                    &json!({"status": "error", "error": e.to_string()}),
                )
            }
        }
    };
    if change.advance.is_some_and(|secs| secs < 0) {
        return envelope::json(
            StatusCode::BAD_REQUEST,
            &json!({"status": "error", "error": "advance: Zoho's clock only moves forward"}),
        );
    }
    let real = clock::wall_unix();
    let setting = shared.clock.change(&change, real);
    envelope::json(
        StatusCode::OK,
        &json!({"now": clock::iso_at(setting.now(real)), "frozen": matches!(setting, Setting::Frozen(_))}),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(freeze: Option<bool>, advance: Option<i64>) -> Change {
        Change { freeze, advance }
    }

    #[test]
    fn freezes_advances_and_resumes() {
        let frozen = Setting::Real.changed(&change(Some(true), None), 1_000);
        assert_eq!(frozen, Setting::Frozen(1_000));
        assert_eq!(frozen.now(5_000), 1_000);
        let later = frozen.changed(&change(None, Some(60)), 2_000);
        assert_eq!(later, Setting::Frozen(1_060));
        let running = later.changed(&change(Some(false), None), 2_000);
        assert_eq!(running, Setting::Ahead(-940));
        assert_eq!(running.now(2_010), 1_070);
        assert_eq!(
            Setting::Real.changed(&change(None, Some(5)), 10).now(20),
            25
        );
        assert_eq!(
            Setting::Ahead(5).changed(&change(Some(false), Some(-5)), 10),
            Setting::Real
        );
    }

    #[test]
    fn outside_a_request_the_wall_clock_rules() {
        assert_eq!(adjust(42), 42);
    }
}
