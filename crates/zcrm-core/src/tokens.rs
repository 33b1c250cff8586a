//! The token triple Zoho hands out, keyed by the user's email (the "user identifier").

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

#[derive(Clone, PartialEq, Eq)]
pub struct Tokens {
    /// The user's email; the key every store files tokens under.
    pub user_identifier: String,
    pub access_token: String,
    /// Absent only when a store row was written without one (Zoho refreshes never return one).
    pub refresh_token: Option<String>,
    /// Unix epoch milliseconds at which the access token expires (1.0.x's `expiry_time`).
    pub expiry_time: i64,
    /// The API host Zoho told us to use for this user (`api_domain`), when known.
    pub api_domain: Option<String>,
    /// The Zoho Accounts server that issued the refresh token, when it is not the configured
    /// `accounts_url` (a user of another data centre, in a multi-DC web app). Refreshes and
    /// revocations must go to the server that issued the token.
    pub accounts_server: Option<String>,
}

impl Tokens {
    /// Milliseconds left before expiry (negative once expired).
    pub fn remaining_ms(&self) -> i64 {
        self.expiry_time - now_ms()
    }

    /// True while more than `skew_ms` remain: 1.0.x refreshes at 15 s or less.
    pub fn is_fresh(&self, skew_ms: i64) -> bool {
        self.remaining_ms() > skew_ms
    }
}

/// Tokens are secrets: Debug shows which user they belong to and when they expire, never the
/// tokens themselves.
impl fmt::Debug for Tokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tokens")
            .field("user_identifier", &self.user_identifier)
            .field("access_token", &"[FILTERED]")
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "[FILTERED]"),
            )
            .field("expiry_time", &self.expiry_time)
            .field("api_domain", &self.api_domain)
            .field("accounts_server", &self.accounts_server)
            .finish()
    }
}

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
