//! Grants, refresh tokens and access tokens, with Zoho's lifetimes and generation limits.
//! Everything here runs under the state lock, which is what makes the limits exact under
//! concurrency. Time is the Accounts clock ([`OAuthStore::now`]), which tests may move forward.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use crate::ids;
use crate::options::Options;

use super::scope::Scopes;

/// Zoho's grant codes live three minutes.
pub(crate) const GRANT_TTL: Duration = Duration::from_secs(180);
/// "A maximum of 15 active access tokens can be stored per refresh token. When the 16th token
/// is requested, the oldest token is invalidated."
/// (https://www.zoho.com/crm/developer/docs/api/v8/token-validity.html; Kaizen #43 gives the
/// same 15 and "creation of the 16th token deletes the first".)
pub(crate) const MAX_ACCESS_TOKENS_PER_REFRESH_TOKEN: usize = 15;
/// Kaizen #43: at most 20 refresh tokens; "creation of 21th token deletes the first. The
/// access token created from the first refresh token gets deleted as well."
/// (https://help.zoho.com/portal/en/community/topic/kaizen-43-tokens-and-limitations)
pub(crate) const MAX_REFRESH_TOKENS_PER_USER: usize = 20;

#[derive(Debug, Default)]
pub(crate) struct OAuthStore {
    grants: HashMap<String, Grant>,
    refresh_tokens: HashMap<String, RefreshToken>,
    access_tokens: HashMap<String, AccessToken>,
    /// Each user's refresh tokens, oldest first.
    refresh_tokens_of: HashMap<String, VecDeque<String>>,
    /// Grant codes issued lately. The emulator serves one client ID, so this is that
    /// client's count.
    recent_grants: Recent,
    /// Refresh tokens minted lately for each user (of the one client).
    recent_refresh_tokens_of: HashMap<String, Recent>,
    /// How far tests moved the clock ahead of the real one.
    advanced: Duration,
}

#[derive(Debug)]
struct Grant {
    email: String,
    scopes: Scopes,
    /// Where a consent-page grant was sent; the exchange must name it again. Self Client
    /// codes (the admin API's) have none: their exchange takes client_id, client_secret,
    /// grant_type and code only
    /// (<https://www.zoho.com/accounts/protocol/oauth/self-client/authorization-code-flow.html>).
    redirect_uri: Option<String>,
    expires_at: Instant,
}

/// Why a grant code was not exchanged.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum GrantError {
    /// Unknown, used or expired: `invalid_code`.
    Unknown,
    /// Another `redirect_uri` than the consent request's: `invalid_redirect_uri`.
    RedirectMismatch,
    /// The user has had their quota of new refresh tokens in the window: `Access Denied`.
    RefreshTokenLimit,
}

/// A grant code refused because the client has had its quota of them in the window, as Zoho
/// refuses an 11th in ten minutes (`access_denied`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GrantLimitReached {
    /// `Options::grant_limit`.
    pub limit: u32,
    /// `Options::refresh_window_secs`.
    pub window_secs: u64,
}

impl std::fmt::Display for GrantLimitReached {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "access_denied: the emulator's grant limit was reached ({} grant codes per client \
             in {} s; Zoho allows 10 in 10 minutes). A test that needs more raises it: \
             Options::grant_limit, --grant-limit N, or grant_limit: in Ruby",
            self.limit, self.window_secs
        )
    }
}

impl std::error::Error for GrantLimitReached {}

#[derive(Debug)]
struct RefreshToken {
    email: String,
    scopes: Scopes,
    recent_refreshes: Recent,
    /// The access tokens minted from it, oldest first (some may have expired since).
    access_tokens: VecDeque<String>,
}

#[derive(Clone, Debug)]
pub(crate) struct AccessToken {
    pub(crate) email: String,
    pub(crate) scopes: Scopes,
    pub(crate) expires_at: Instant,
}

/// At most `max` events within any `window`: Zoho's limits on generating tokens.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RateLimit {
    pub(crate) max: u32,
    pub(crate) window: Duration,
}

/// Zoho's three generation limits, which share one window.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    /// Grant codes per client ID.
    pub(crate) grants: RateLimit,
    /// Refresh tokens (grant exchanges) per user per client.
    pub(crate) refresh_tokens: RateLimit,
    /// Access tokens (refreshes) per refresh token.
    pub(crate) refreshes: RateLimit,
}

impl Limits {
    pub(crate) fn of(options: &Options) -> Limits {
        let window = Duration::from_secs(options.refresh_window_secs);
        let limit = |max| RateLimit { max, window };
        Limits {
            grants: limit(options.grant_limit),
            refresh_tokens: limit(options.refresh_token_limit),
            refreshes: limit(options.refresh_limit),
        }
    }
}

/// When recent events happened, oldest first, pruned to the window. Only admitted events
/// count: whether Zoho counts refused requests toward its windows is unverified.
#[derive(Debug, Default)]
struct Recent(VecDeque<Instant>);

impl Recent {
    /// Records an event at `now` if `limit` allows one more; says whether it did.
    fn admit(&mut self, limit: RateLimit, now: Instant) -> bool {
        while self
            .0
            .front()
            .is_some_and(|t| now.duration_since(*t) >= limit.window)
        {
            self.0.pop_front();
        }
        if self.0.len() >= limit.max as usize {
            return false;
        }
        self.0.push_back(now);
        true
    }
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum RefreshError {
    UnknownToken,
    LimitReached,
}

impl OAuthStore {
    /// The Accounts clock: the real one plus however far tests moved it.
    pub(crate) fn now(&self) -> Instant {
        Instant::now() + self.advanced
    }

    /// As if `by` had passed: codes and access tokens age, the limits' windows slide. An
    /// advance beyond what `Instant` can represent is ignored rather than left to panic later.
    pub(crate) fn advance_clock(&mut self, by: Duration) {
        if self.now().checked_add(by).is_some() {
            self.advanced += by;
        }
    }

    /// A grant code, unless the client has had `limit` of them in the window.
    pub(crate) fn issue_grant(
        &mut self,
        email: &str,
        scopes: Scopes,
        redirect_uri: Option<String>,
        limit: RateLimit,
        now: Instant,
    ) -> Result<String, GrantLimitReached> {
        if !self.recent_grants.admit(limit, now) {
            return Err(GrantLimitReached {
                limit: limit.max,
                window_secs: limit.window.as_secs(),
            });
        }
        let code = ids::token();
        let grant = Grant {
            email: email.to_string(),
            scopes,
            redirect_uri,
            expires_at: now + GRANT_TTL,
        };
        self.grants.insert(code.clone(), grant);
        Ok(code)
    }

    /// Consumes a grant code for a new refresh token. Used and expired codes are gone, and so
    /// is one tried with the wrong `redirect_uri`, or refused because its user has had
    /// `limit` new refresh tokens in the window (both unverified: the harder readings, a
    /// client cannot count on retrying a code).
    pub(crate) fn redeem_grant(
        &mut self,
        code: &str,
        redirect_uri: Option<&str>,
        limit: RateLimit,
        now: Instant,
    ) -> Result<String, GrantError> {
        self.grants.retain(|_, g| g.expires_at > now);
        let grant = self.grants.remove(code).ok_or(GrantError::Unknown)?;
        if grant
            .redirect_uri
            .as_deref()
            .is_some_and(|wanted| redirect_uri != Some(wanted))
        {
            return Err(GrantError::RedirectMismatch);
        }
        let recent = self
            .recent_refresh_tokens_of
            .entry(grant.email.clone())
            .or_default();
        if !recent.admit(limit, now) {
            return Err(GrantError::RefreshTokenLimit);
        }
        Ok(self.issue_refresh_token(grant.email, grant.scopes))
    }

    /// The user's oldest refresh token goes (with its access tokens) past the cap.
    fn issue_refresh_token(&mut self, email: String, scopes: Scopes) -> String {
        let token = ids::token();
        let owned = self.refresh_tokens_of.entry(email.clone()).or_default();
        owned.push_back(token.clone());
        let evicted = if owned.len() > MAX_REFRESH_TOKENS_PER_USER {
            owned.pop_front()
        } else {
            None
        };
        let record = RefreshToken {
            email,
            scopes,
            recent_refreshes: Recent::default(),
            access_tokens: VecDeque::new(),
        };
        self.refresh_tokens.insert(token.clone(), record);
        if let Some(oldest) = evicted {
            self.forget_refresh_token(&oldest);
        }
        token
    }

    /// Mints an access token from `refresh_token` (which must exist); its oldest access
    /// token goes past the cap.
    pub(crate) fn issue_access_token(
        &mut self,
        refresh_token: &str,
        expires_at: Instant,
    ) -> Option<String> {
        let parent = self.refresh_tokens.get_mut(refresh_token)?;
        let token = ids::token();
        parent.access_tokens.push_back(token.clone());
        let evicted = if parent.access_tokens.len() > MAX_ACCESS_TOKENS_PER_REFRESH_TOKEN {
            parent.access_tokens.pop_front()
        } else {
            None
        };
        let record = AccessToken {
            email: parent.email.clone(),
            scopes: parent.scopes.clone(),
            expires_at,
        };
        self.access_tokens.insert(token.clone(), record);
        if let Some(oldest) = evicted {
            self.access_tokens.remove(&oldest);
        }
        Some(token)
    }

    /// Records a refresh against the limit, or says why it is refused.
    pub(crate) fn refresh(
        &mut self,
        refresh_token: &str,
        limit: RateLimit,
        now: Instant,
    ) -> Result<(), RefreshError> {
        let record = self
            .refresh_tokens
            .get_mut(refresh_token)
            .ok_or(RefreshError::UnknownToken)?;
        if !record.recent_refreshes.admit(limit, now) {
            return Err(RefreshError::LimitReached);
        }
        Ok(())
    }

    /// Revokes a refresh token and every access token minted from it.
    pub(crate) fn revoke(&mut self, refresh_token: &str) -> bool {
        let Some(record) = self.forget_refresh_token(refresh_token) else {
            return false;
        };
        if let Some(owned) = self.refresh_tokens_of.get_mut(&record.email) {
            owned.retain(|t| t != refresh_token);
        }
        true
    }

    /// Drops a refresh token and its access tokens; the caller keeps the user's list.
    fn forget_refresh_token(&mut self, refresh_token: &str) -> Option<RefreshToken> {
        let record = self.refresh_tokens.remove(refresh_token)?;
        for access_token in &record.access_tokens {
            self.access_tokens.remove(access_token);
        }
        Some(record)
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
        for record in self.refresh_tokens.values_mut() {
            record.access_tokens.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMIT: RateLimit = RateLimit {
        max: 2,
        window: Duration::from_secs(600),
    };
    const GENEROUS: RateLimit = RateLimit {
        max: 100,
        window: Duration::from_secs(600),
    };

    fn grant(
        store: &mut OAuthStore,
        email: &str,
        redirect_uri: Option<&str>,
        now: Instant,
    ) -> String {
        let redirect_uri = redirect_uri.map(str::to_string);
        store
            .issue_grant(email, Scopes::Everything, redirect_uri, GENEROUS, now)
            .unwrap_or_else(|_| panic!("a grant within the limit"))
    }

    #[test]
    fn grants_are_single_use_and_expire() {
        let mut store = OAuthStore::default();
        let now = Instant::now();
        let code = grant(&mut store, "a@b.c", None, now);
        assert!(store.redeem_grant(&code, None, GENEROUS, now).is_ok());
        assert_eq!(
            store.redeem_grant(&code, None, GENEROUS, now),
            Err(GrantError::Unknown)
        );
        let late = grant(&mut store, "a@b.c", None, now);
        assert_eq!(
            store.redeem_grant(&late, None, GENEROUS, now + GRANT_TTL),
            Err(GrantError::Unknown)
        );
        let code = grant(&mut store, "a@b.c", Some("https://app.example/cb"), now);
        assert_eq!(
            store.redeem_grant(&code, Some("https://app.example/other"), GENEROUS, now),
            Err(GrantError::RedirectMismatch)
        );
        assert_eq!(
            store.redeem_grant(&code, Some("https://app.example/cb"), GENEROUS, now),
            Err(GrantError::Unknown),
            "a code tried with the wrong redirect_uri is used up"
        );
    }

    #[test]
    fn grant_limit_slides() {
        let mut store = OAuthStore::default();
        let now = Instant::now();
        let mut issue = |at| {
            store
                .issue_grant("a@b.c", Scopes::Everything, None, LIMIT, at)
                .is_ok()
        };
        assert!(issue(now));
        assert!(issue(now + Duration::from_secs(1)));
        assert!(!issue(now + Duration::from_secs(2)));
        assert!(issue(now + LIMIT.window), "the first grant left the window");
        assert!(!issue(now + LIMIT.window));
    }

    #[test]
    fn refresh_token_limit_is_per_user_and_uses_up_the_code() {
        let mut store = OAuthStore::default();
        let now = Instant::now();
        for _ in 0..2 {
            let code = grant(&mut store, "a@b.c", None, now);
            assert!(store.redeem_grant(&code, None, LIMIT, now).is_ok());
        }
        let refused = grant(&mut store, "a@b.c", None, now);
        assert_eq!(
            store.redeem_grant(&refused, None, LIMIT, now),
            Err(GrantError::RefreshTokenLimit)
        );
        assert_eq!(
            store.redeem_grant(&refused, None, LIMIT, now),
            Err(GrantError::Unknown)
        );
        let other = grant(&mut store, "x@y.z", None, now);
        assert!(store.redeem_grant(&other, None, LIMIT, now).is_ok());
        let later = now + LIMIT.window;
        let code = grant(&mut store, "a@b.c", None, later);
        assert!(store.redeem_grant(&code, None, LIMIT, later).is_ok());
    }

    #[test]
    fn refresh_limit_slides() {
        let mut store = OAuthStore::default();
        let now = Instant::now();
        let rt = store.issue_refresh_token("a@b.c".to_string(), Scopes::Everything);
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
        let rt = store.issue_refresh_token("a@b.c".to_string(), Scopes::Everything);
        let at = store
            .issue_access_token(&rt, now + Duration::from_secs(60))
            .unwrap_or_default();
        assert!(store.access_token(&at, now).is_some());
        assert!(store.revoke(&rt));
        assert!(!store.revoke(&rt));
        assert!(store.access_token(&at, now).is_none());
    }
}
