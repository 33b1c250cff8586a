//! Grants, refresh tokens and access tokens, with Zoho's lifetimes and refresh limit.
//! Everything here runs under the state lock, which is what makes the limit exact under
//! concurrency.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use crate::ids;

/// Zoho's grant codes live three minutes.
pub(crate) const GRANT_TTL: Duration = Duration::from_secs(180);

#[derive(Debug, Default)]
pub(crate) struct OAuthStore {
    grants: HashMap<String, Grant>,
    refresh_tokens: HashMap<String, RefreshToken>,
    access_tokens: HashMap<String, AccessToken>,
}

#[derive(Debug)]
struct Grant {
    email: String,
    expires_at: Instant,
}

#[derive(Debug)]
struct RefreshToken {
    email: String,
    /// When recent successful refreshes happened, oldest first, pruned to the window.
    recent_refreshes: VecDeque<Instant>,
}

#[derive(Clone, Debug)]
pub(crate) struct AccessToken {
    pub(crate) email: String,
    pub(crate) expires_at: Instant,
    pub(crate) refresh_token: String,
}

/// The limit on refreshes per refresh token.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RefreshLimit {
    pub(crate) max: u32,
    pub(crate) window: Duration,
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum RefreshError {
    UnknownToken,
    LimitReached,
}

impl OAuthStore {
    pub(crate) fn issue_grant(&mut self, email: &str, now: Instant) -> String {
        let code = ids::token();
        let grant = Grant {
            email: email.to_string(),
            expires_at: now + GRANT_TTL,
        };
        self.grants.insert(code.clone(), grant);
        code
    }

    /// Consumes a grant code, returning its user's email. Used and expired codes are gone.
    pub(crate) fn redeem_grant(&mut self, code: &str, now: Instant) -> Option<String> {
        self.grants.retain(|_, g| g.expires_at > now);
        self.grants.remove(code).map(|g| g.email)
    }

    pub(crate) fn issue_refresh_token(&mut self, email: &str) -> String {
        let token = ids::token();
        let record = RefreshToken {
            email: email.to_string(),
            recent_refreshes: VecDeque::new(),
        };
        self.refresh_tokens.insert(token.clone(), record);
        token
    }

    pub(crate) fn issue_access_token(
        &mut self,
        email: &str,
        refresh_token: &str,
        expires_at: Instant,
    ) -> String {
        let token = ids::token();
        let record = AccessToken {
            email: email.to_string(),
            expires_at,
            refresh_token: refresh_token.to_string(),
        };
        self.access_tokens.insert(token.clone(), record);
        token
    }

    /// Records a refresh against the limit and returns the token's user, or why it is refused.
    pub(crate) fn refresh(
        &mut self,
        refresh_token: &str,
        limit: RefreshLimit,
        now: Instant,
    ) -> Result<String, RefreshError> {
        let record = self
            .refresh_tokens
            .get_mut(refresh_token)
            .ok_or(RefreshError::UnknownToken)?;
        while record
            .recent_refreshes
            .front()
            .is_some_and(|t| now.duration_since(*t) >= limit.window)
        {
            record.recent_refreshes.pop_front();
        }
        if record.recent_refreshes.len() >= limit.max as usize {
            return Err(RefreshError::LimitReached);
        }
        record.recent_refreshes.push_back(now);
        Ok(record.email.clone())
    }

    /// Revokes a refresh token and every access token minted from it.
    pub(crate) fn revoke(&mut self, refresh_token: &str) -> bool {
        if self.refresh_tokens.remove(refresh_token).is_none() {
            return false;
        }
        self.access_tokens
            .retain(|_, a| a.refresh_token != refresh_token);
        true
    }

    /// The live access token's record; expired ones are forgotten on sight.
    pub(crate) fn access_token(&mut self, token: &str, now: Instant) -> Option<AccessToken> {
        let record = self.access_tokens.get(token)?.clone();
        if record.expires_at <= now {
            self.access_tokens.remove(token);
            return None;
        }
        Some(record)
    }

    pub(crate) fn expire_access_tokens(&mut self) {
        self.access_tokens.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMIT: RefreshLimit = RefreshLimit {
        max: 2,
        window: Duration::from_secs(600),
    };

    #[test]
    fn grants_are_single_use_and_expire() {
        let mut store = OAuthStore::default();
        let now = Instant::now();
        let code = store.issue_grant("a@b.c", now);
        assert_eq!(store.redeem_grant(&code, now).as_deref(), Some("a@b.c"));
        assert_eq!(store.redeem_grant(&code, now), None);
        let late = store.issue_grant("a@b.c", now);
        assert_eq!(store.redeem_grant(&late, now + GRANT_TTL), None);
    }

    #[test]
    fn refresh_limit_slides() {
        let mut store = OAuthStore::default();
        let now = Instant::now();
        let rt = store.issue_refresh_token("a@b.c");
        assert!(store.refresh(&rt, LIMIT, now).is_ok());
        assert!(store.refresh(&rt, LIMIT, now).is_ok());
        assert_eq!(
            store.refresh(&rt, LIMIT, now),
            Err(RefreshError::LimitReached)
        );
        assert!(store.refresh(&rt, LIMIT, now + LIMIT.window).is_ok());
        assert_eq!(
            store.refresh("nope", LIMIT, now),
            Err(RefreshError::UnknownToken)
        );
    }

    #[test]
    fn revoke_kills_children() {
        let mut store = OAuthStore::default();
        let now = Instant::now();
        let rt = store.issue_refresh_token("a@b.c");
        let at = store.issue_access_token("a@b.c", &rt, now + Duration::from_secs(60));
        assert!(store.access_token(&at, now).is_some());
        assert!(store.revoke(&rt));
        assert!(!store.revoke(&rt));
        assert!(store.access_token(&at, now).is_none());
    }
}
