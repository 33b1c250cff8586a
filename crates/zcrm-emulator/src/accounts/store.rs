//! Grants, refresh tokens and access tokens, with Zoho's lifetimes and refresh limit.
//! Everything here runs under the state lock, which is what makes the limit exact under
//! concurrency.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use crate::ids;

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
}

#[derive(Debug)]
struct RefreshToken {
    email: String,
    scopes: Scopes,
    /// When recent successful refreshes happened, oldest first, pruned to the window.
    recent_refreshes: VecDeque<Instant>,
    /// The access tokens minted from it, oldest first (some may have expired since).
    access_tokens: VecDeque<String>,
}

#[derive(Clone, Debug)]
pub(crate) struct AccessToken {
    pub(crate) email: String,
    pub(crate) scopes: Scopes,
    pub(crate) expires_at: Instant,
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
    pub(crate) fn issue_grant(
        &mut self,
        email: &str,
        scopes: Scopes,
        redirect_uri: Option<String>,
        now: Instant,
    ) -> String {
        let code = ids::token();
        let grant = Grant {
            email: email.to_string(),
            scopes,
            redirect_uri,
            expires_at: now + GRANT_TTL,
        };
        self.grants.insert(code.clone(), grant);
        code
    }

    /// Consumes a grant code for a new refresh token. Used and expired codes are gone, and so
    /// is one tried with the wrong `redirect_uri` (unverified: the harder reading).
    pub(crate) fn redeem_grant(
        &mut self,
        code: &str,
        redirect_uri: Option<&str>,
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
            recent_refreshes: VecDeque::new(),
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
        limit: RefreshLimit,
        now: Instant,
    ) -> Result<(), RefreshError> {
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

    const LIMIT: RefreshLimit = RefreshLimit {
        max: 2,
        window: Duration::from_secs(600),
    };

    #[test]
    fn grants_are_single_use_and_expire() {
        let mut store = OAuthStore::default();
        let now = Instant::now();
        let code = store.issue_grant("a@b.c", Scopes::Everything, None, now);
        assert!(store.redeem_grant(&code, None, now).is_ok());
        assert_eq!(
            store.redeem_grant(&code, None, now),
            Err(GrantError::Unknown)
        );
        let late = store.issue_grant("a@b.c", Scopes::Everything, None, now);
        assert_eq!(
            store.redeem_grant(&late, None, now + GRANT_TTL),
            Err(GrantError::Unknown)
        );
        let web = Some("https://app.example/cb".to_string());
        let code = store.issue_grant("a@b.c", Scopes::Everything, web, now);
        assert_eq!(
            store.redeem_grant(&code, Some("https://app.example/other"), now),
            Err(GrantError::RedirectMismatch)
        );
        assert_eq!(
            store.redeem_grant(&code, Some("https://app.example/cb"), now),
            Err(GrantError::Unknown),
            "a code tried with the wrong redirect_uri is used up"
        );
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
