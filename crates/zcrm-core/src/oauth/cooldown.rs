//! The cool-down after Zoho refuses a refresh ("Access Denied").
//!
//! Zoho issues at most 10 access tokens per refresh token per 10 minutes and answers any
//! further refresh with HTTP 200 `{"error":"Access Denied",...}`. It documents neither how
//! long the refusal lasts nor whether refused requests count toward the window (unverified;
//! assumed they do, the harder case). Every token counted in the window was issued before
//! the refusal, so the window can next have room 10 minutes after it: that is the cool-down.
//! Until it ends, calls that need a refresh fail at once instead of asking again.
//!
//! It is kept in the process, tied to the refresh token (a new grant ends it), and, for the
//! built-in stores, in a side row of the token store, so that every process sharing the
//! store holds back. The side row uses the table's own columns, so there is no migration
//! and 1.0.x rows stay as they are: `useridentifier` = `zcrmsdk-refresh-cooldown:<user>`,
//! `accesstoken` = `refresh-cooldown` (a marker, not a token), no refresh token, and
//! `expirytime` = when the cool-down ends (epoch ms). Custom (Ruby) stores get no side row:
//! their code may not expect rows that are not users. Side-row failures are ignored (the
//! in-process cool-down still holds): a full `useridentifier` column, say, must not turn
//! into a failed call.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::error::Error;
use crate::store::{LockedTokens, TokenStore};
use crate::tokens::{now_ms, Tokens};

/// Zoho's refresh window: 10 access tokens per refresh token per 10 minutes.
pub const REFRESH_WINDOW_MS: i64 = 600_000;
const KEY_PREFIX: &str = "zcrmsdk-refresh-cooldown:";
const MARKER: &str = "refresh-cooldown";
/// The stores whose rows are all ours to interpret.
const SIDE_ROW_STORES: [&str; 4] = ["memory", "file", "sqlite", "mysql"];

struct Cooldown {
    refresh_token: String,
    until_ms: i64,
}

#[derive(Default)]
pub(super) struct Cooldowns {
    by_user: Mutex<HashMap<String, Cooldown>>,
}

impl Cooldowns {
    /// Milliseconds left of a cool-down for `user`'s `refresh_token`, known to this process or
    /// recorded in the store.
    pub(super) async fn remaining(
        &self,
        store: &dyn TokenStore,
        user: &str,
        refresh_token: &str,
    ) -> Option<i64> {
        let now = now_ms();
        if let Some(until) = self.here(user, refresh_token) {
            return left(until, now);
        }
        left(stored_until(store, user).await?, now)
    }

    /// Starts a cool-down now (Zoho just said "Access Denied") and returns when it ends.
    pub(super) fn start(&self, user: &str, refresh_token: &str) -> i64 {
        let until_ms = now_ms().saturating_add(REFRESH_WINDOW_MS);
        if let Ok(mut by_user) = self.by_user.lock() {
            let cooldown = Cooldown {
                refresh_token: refresh_token.to_string(),
                until_ms,
            };
            by_user.insert(user.to_string(), cooldown);
        }
        until_ms
    }

    /// A new grant means a new refresh token, with a window of its own.
    pub(super) async fn end(&self, store: &dyn TokenStore, user: &str) {
        if let Ok(mut by_user) = self.by_user.lock() {
            by_user.remove(user);
        }
        if has_side_row(store) {
            let _ = store.delete(&side_row_key(user)).await;
        }
    }

    fn here(&self, user: &str, refresh_token: &str) -> Option<i64> {
        let by_user = self.by_user.lock().ok()?;
        let cooldown = by_user.get(user)?;
        (cooldown.refresh_token == refresh_token).then_some(cooldown.until_ms)
    }
}

/// Records the cool-down for other processes, through the refresh lock when it is held (a
/// second SQLite connection could not write while the lock's connection holds the write
/// slot).
pub(super) async fn record(
    store: &dyn TokenStore,
    locked: Option<&mut (dyn LockedTokens + '_)>,
    user: &str,
    until_ms: i64,
) {
    if !has_side_row(store) {
        return;
    }
    let row = side_row(user, until_ms);
    let _ = match locked {
        Some(locked) => locked.save(&row).await,
        None => store.save(&row).await,
    };
}

/// The error for a refused refresh, `left_ms` before the window can have room again.
pub fn refresh_limited(left_ms: i64, zoho_says: Option<&str>) -> Error {
    let seconds = (left_ms.clamp(0, REFRESH_WINDOW_MS) + 999) / 1000;
    let mut message = format!(
        "Zoho refuses to issue more access tokens for this refresh token for now (\"Access \
         Denied\": it allows 10 per refresh token per 10 minutes). Calls that need a new \
         access token fail at once, without asking Zoho (asking again may prolong the \
         refusal), for another {seconds} seconds. If this recurs, look for something \
         refreshing far more often than tokens expire (processes that do not share a token \
         store, tokens deleted between calls)"
    );
    if let Some(description) = zoho_says {
        message.push_str(&format!(" (Zoho says: {description})"));
    }
    Error::RefreshLimited {
        message,
        retry_after: seconds as f64,
    }
}

/// The remaining time, capped at one window: a row written with a skewed clock (or by hand)
/// must not hold calls back for longer.
fn left(until_ms: i64, now: i64) -> Option<i64> {
    let left = until_ms.saturating_sub(now);
    (left > 0).then_some(left.min(REFRESH_WINDOW_MS))
}

async fn stored_until(store: &dyn TokenStore, user: &str) -> Option<i64> {
    if !has_side_row(store) {
        return None;
    }
    let row = store.load(&side_row_key(user)).await.ok()??;
    (row.access_token == MARKER).then_some(row.expiry_time)
}

fn has_side_row(store: &dyn TokenStore) -> bool {
    SIDE_ROW_STORES.contains(&store.kind())
}

fn side_row_key(user: &str) -> String {
    format!("{KEY_PREFIX}{user}")
}

fn side_row(user: &str, until_ms: i64) -> Tokens {
    Tokens {
        user_identifier: side_row_key(user),
        access_token: MARKER.to_string(),
        refresh_token: None,
        expiry_time: until_ms,
        api_domain: None,
        accounts_server: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::memory::MemoryStore;

    #[tokio::test]
    async fn a_cooldown_is_tied_to_the_refresh_token_and_seen_through_the_store() {
        let store = MemoryStore::new();
        let here = Cooldowns::default();
        let until = here.start("u", "rt");
        record(&store, None, "u", until).await;
        assert!(here.remaining(&store, "u", "rt").await.is_some());
        let other_process = Cooldowns::default();
        assert!(other_process.remaining(&store, "u", "rt").await.is_some());
        other_process.end(&store, "u").await;
        assert!(other_process.remaining(&store, "u", "rt").await.is_none());
        assert!(here.remaining(&store, "u", "other").await.is_none());
    }

    #[test]
    fn the_wait_is_capped_at_one_window_and_rounded_up() {
        assert_eq!(
            left(now_ms() + 10 * REFRESH_WINDOW_MS, now_ms()),
            Some(REFRESH_WINDOW_MS)
        );
        assert_eq!(left(5, 10), None);
        let Error::RefreshLimited { retry_after, .. } = refresh_limited(1_001, None) else {
            panic!("expected RefreshLimited")
        };
        assert_eq!(retry_after, 2.0);
    }
}
