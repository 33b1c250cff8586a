//! The access-token cache, single-flight refresh, and the refresh policy.
//!
//! Zoho issues at most 10 access tokens per refresh token per 10 minutes, so every refresh
//! this process makes must be one that a user's request needs:
//! - one refresh per user per expiry: an in-process flight per user, then the store's lock,
//!   under which the store is re-read so that whoever comes second uses the first one's token;
//! - on INVALID_TOKEN, a newer token from the cache or the store is taken before refreshing:
//!   in a fleet meeting an expiry (with or without store locks), someone may already have
//!   refreshed;
//! - at most one refresh per access-token generation: a token this process minted by
//!   refreshing, which Zoho rejects before ever accepting it, is not refreshed over. Zoho
//!   would reject the next one for the same reason (wrong data centre, missing scope), and a
//!   refresh per call reaches "Access Denied" within ten calls. Such a generation is
//!   remembered per user, so later calls that meet it fail without refreshing either;
//! - after "Access Denied", no refresh until the cool-down ends ([`super::cooldown`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::accounts::{Accounts, Grant};
use super::cooldown::{self, refresh_limited, Cooldowns};
use crate::error::{Error, Result};
use crate::store::{LockedTokens, TokenStore};
use crate::tokens::Tokens;

type Flight = Arc<super::flight::Flight>;

/// An access token and its expiry (epoch ms), which orders generations.
#[derive(Clone, PartialEq)]
struct Generation {
    access_token: String,
    expiry_time: i64,
}

impl Generation {
    fn of(tokens: &Tokens) -> Self {
        Generation {
            access_token: tokens.access_token.clone(),
            expiry_time: tokens.expiry_time,
        }
    }
}

/// What this process knows about a user's recent access-token generations.
#[derive(Default)]
struct Generations {
    /// The last token this process minted by refreshing, until Zoho first accepts it.
    unconfirmed: Option<Generation>,
    /// A freshly minted token that Zoho rejected: neither it nor any older generation is
    /// refreshed over.
    rejected: Option<Generation>,
}

#[derive(Default)]
pub struct TokenManager {
    /// Fresh tokens by user: an API call reads the store only on a miss.
    cache: Mutex<HashMap<String, Tokens>>,
    /// One refresh at a time per user within this process.
    flights: Mutex<HashMap<String, Flight>>,
    generations: Mutex<HashMap<String, Generations>>,
    cooldowns: Cooldowns,
}

impl TokenManager {
    pub fn new() -> Self {
        Self::default()
    }

    /// Fresh tokens for `user`: from the cache, else the store, else a refresh.
    pub async fn access_token(
        &self,
        accounts: &Accounts<'_>,
        store: &dyn TokenStore,
        user: &str,
    ) -> Result<Tokens> {
        let margin = accounts.config.refresh_margin_ms;
        if let Some(tokens) = self.cached(user, margin, None) {
            return Ok(tokens);
        }
        let flight = self.flight(user);
        let _one_at_a_time = flight.board(accounts.journal, user).await?;
        if let Some(tokens) = self.cached(user, margin, None) {
            return Ok(tokens);
        }
        match store.load(user).await? {
            Some(tokens) if tokens.is_fresh(margin) => Ok(self.remember(tokens)),
            Some(_) => self.refresh_under_lock(accounts, store, user, None).await,
            None => Err(no_tokens(user, store.kind())),
        }
    }

    /// The cached tokens for `user` if they are still fresh: no I/O, never waits.
    pub fn cached_fresh(&self, user: &str, margin_ms: i64) -> Option<Tokens> {
        self.cached(user, margin_ms, None)
    }

    /// Called when the API answered INVALID_TOKEN for `rejected`: a newer token from the
    /// cache or the store, else one refresh. `None` when `rejected` is a token this process
    /// freshly minted, or no newer than such a token that Zoho rejected (its generation was
    /// refreshed over already): refreshing again would not help, and the caller reports an
    /// authentication error instead.
    pub async fn replace_rejected(
        &self,
        accounts: &Accounts<'_>,
        store: &dyn TokenStore,
        user: &str,
        rejected: &Tokens,
    ) -> Result<Option<Tokens>> {
        let margin = accounts.config.refresh_margin_ms;
        let flight = self.flight(user);
        let _one_at_a_time = flight.board(accounts.journal, user).await?;
        if self.reject_if_unconfirmed(user, rejected) {
            return Ok(None);
        }
        if let Some(tokens) = self.cached(user, margin, Some(rejected)) {
            return Ok(Some(tokens));
        }
        self.forget(user);
        // Another process may have refreshed already: read before any lock (a custom store
        // may have none), so that a newer token costs no refresh and no lock wait.
        if let Some(tokens) = store.load(user).await? {
            if self.is_replacement(&tokens, margin, Some(rejected)) {
                return Ok(Some(self.remember(tokens)));
            }
        }
        if self.is_refreshed_over(rejected) {
            return Ok(None);
        }
        self.refresh_under_lock(accounts, store, user, Some(rejected))
            .await
            .map(Some)
    }

    /// Zoho accepted `access_token`: it is an ordinary generation from now on, which may be
    /// refreshed over once if Zoho rejects it later (revoked, expired early).
    pub fn accepted(&self, user: &str, access_token: &str) {
        let Ok(mut generations) = self.generations.lock() else {
            return;
        };
        let Some(known) = generations.get_mut(user) else {
            return;
        };
        let is =
            |g: &Option<Generation>| g.as_ref().is_some_and(|g| g.access_token == access_token);
        if is(&known.unconfirmed) {
            known.unconfirmed = None;
        }
        if is(&known.rejected) {
            known.rejected = None;
        }
    }

    /// An explicit refresh (`generate_access_token_from_refresh_token`): asks Zoho unless a
    /// refusal's cool-down is running for this refresh token.
    pub async fn refresh_with(
        &self,
        accounts: &Accounts<'_>,
        store: &dyn TokenStore,
        user: &str,
        refresh_token: &str,
    ) -> Result<Tokens> {
        let flight = self.flight(user);
        let _one_at_a_time = flight.board(accounts.journal, user).await?;
        // The stored tokens say where this refresh token was issued, if they hold it. 1.0.x
        // never read the store here, so a failed read only means "the configured server".
        let previous = store
            .load(user)
            .await
            .ok()
            .flatten()
            .filter(|t| t.refresh_token.as_deref() == Some(refresh_token))
            .unwrap_or_else(|| Tokens {
                refresh_token: Some(refresh_token.to_string()),
                ..tokens_from(Grant::default(), user, None)
            });
        let accounts = accounts.at(previous.accounts_server.as_deref());
        let grant = self
            .refresh_unless_cooling(&accounts, store, None, user, refresh_token)
            .await?;
        let tokens = refreshed(grant, previous);
        store.save(&tokens).await?;
        self.minted(&tokens);
        Ok(self.remember(tokens))
    }

    /// Stores the tokens a grant exchange produced: a new refresh token starts afresh.
    pub async fn adopt(&self, store: &dyn TokenStore, tokens: Tokens) -> Result<Tokens> {
        store.save(&tokens).await?;
        if let Ok(mut generations) = self.generations.lock() {
            generations.remove(&tokens.user_identifier);
        }
        self.cooldowns.end(store, &tokens.user_identifier).await;
        Ok(self.remember(tokens))
    }

    pub fn forget(&self, user: &str) {
        if let Ok(mut cache) = self.cache.lock() {
            cache.remove(user);
        }
    }

    async fn refresh_under_lock(
        &self,
        accounts: &Accounts<'_>,
        store: &dyn TokenStore,
        user: &str,
        rejected: Option<&Tokens>,
    ) -> Result<Tokens> {
        let margin = accounts.config.refresh_margin_ms;
        let waiting_for = || {
            format!(
                "the {} token store's refresh lock for {user} stayed held (another process \
                 refreshing, or a lock left held by a crashed one)",
                store.kind()
            )
        };
        let mut locked = accounts
            .journal
            .within_deadline(store.lock(user), waiting_for)
            .await??;
        let current = locked
            .load()
            .await?
            .ok_or_else(|| no_tokens(user, store.kind()))?;
        if self.is_replacement(&current, margin, rejected) {
            locked.release().await?;
            return Ok(self.remember(current));
        }
        let refresh_token = current.refresh_token.clone().ok_or_else(|| Error::NoTokens {
            user: user.to_string(),
            message: format!(
                "the {} token store has no refresh token for {user}: generate a new grant token and call generate_access_token",
                store.kind()
            ),
        })?;
        let issuer = accounts.at(current.accounts_server.as_deref());
        let answer = self
            .refresh_unless_cooling(&issuer, store, Some(locked.as_mut()), user, &refresh_token)
            .await;
        let grant = match answer {
            Ok(grant) => grant,
            Err(error) => {
                // Released, not dropped: dropping rolls SQLite back, and with it the
                // cool-down row just written.
                let _ = locked.release().await;
                return Err(error);
            }
        };
        let fresh = refreshed(grant, current);
        locked.save(&fresh).await?;
        locked.release().await?;
        self.minted(&fresh);
        Ok(self.remember(fresh))
    }

    /// Asks Zoho for a new access token, unless a refusal's cool-down is running; a refusal
    /// starts one, recorded through `locked` when the refresh lock is held.
    async fn refresh_unless_cooling(
        &self,
        accounts: &Accounts<'_>,
        store: &dyn TokenStore,
        locked: Option<&mut (dyn LockedTokens + '_)>,
        user: &str,
        refresh_token: &str,
    ) -> Result<Grant> {
        if let Some(left) = self.cooldowns.remaining(store, user, refresh_token).await {
            return Err(refresh_limited(left, None));
        }
        let result = accounts.refresh(refresh_token).await;
        if let Err(Error::RefreshLimited { .. }) = &result {
            let until = self.cooldowns.start(user, refresh_token);
            cooldown::record(store, locked, user, until).await;
        }
        result
    }

    /// Whether `tokens` may be used (instead of `rejected`, when given): fresh, not a
    /// generation Zoho rejected, and not older than the rejected one (which is no better).
    fn is_replacement(&self, tokens: &Tokens, margin: i64, rejected: Option<&Tokens>) -> bool {
        let Some(rejected) = rejected else {
            return tokens.is_fresh(margin);
        };
        tokens.is_fresh(margin)
            && tokens.access_token != rejected.access_token
            && tokens.expiry_time >= rejected.expiry_time
            && !self.is_known_rejected(tokens)
    }

    fn is_known_rejected(&self, tokens: &Tokens) -> bool {
        self.generations.lock().is_ok_and(|generations| {
            generations
                .get(&tokens.user_identifier)
                .and_then(|g| g.rejected.as_ref())
                .is_some_and(|r| r.access_token == tokens.access_token)
        })
    }

    /// True when `rejected` is the token this process last minted and Zoho never accepted:
    /// it is then remembered as a rejected fresh generation.
    fn reject_if_unconfirmed(&self, user: &str, rejected: &Tokens) -> bool {
        let Ok(mut generations) = self.generations.lock() else {
            return false;
        };
        let Some(known) = generations.get_mut(user) else {
            return false;
        };
        let generation = Generation::of(rejected);
        if known.unconfirmed.as_ref() != Some(&generation) {
            return false;
        }
        known.unconfirmed = None;
        known.rejected = Some(generation);
        true
    }

    /// True when `rejected` is a rejected fresh generation or older than one: its
    /// generation, or a later one, was already refreshed over, and Zoho rejected the result.
    fn is_refreshed_over(&self, rejected: &Tokens) -> bool {
        self.generations.lock().is_ok_and(|generations| {
            generations
                .get(&rejected.user_identifier)
                .and_then(|g| g.rejected.as_ref())
                .is_some_and(|r| {
                    r.access_token == rejected.access_token || rejected.expiry_time <= r.expiry_time
                })
        })
    }

    fn minted(&self, tokens: &Tokens) {
        if let Ok(mut generations) = self.generations.lock() {
            let known = generations
                .entry(tokens.user_identifier.clone())
                .or_default();
            known.unconfirmed = Some(Generation::of(tokens));
        }
    }

    fn cached(&self, user: &str, margin: i64, rejected: Option<&Tokens>) -> Option<Tokens> {
        let tokens = self.cache.lock().ok()?.get(user).cloned()?;
        self.is_replacement(&tokens, margin, rejected)
            .then_some(tokens)
    }

    fn remember(&self, tokens: Tokens) -> Tokens {
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(tokens.user_identifier.clone(), tokens.clone());
        }
        tokens
    }

    fn flight(&self, user: &str) -> Flight {
        match self.flights.lock() {
            Ok(mut flights) => flights.entry(user.to_string()).or_default().clone(),
            // A poisoned map only means another thread panicked mid-insert; a private mutex
            // still lets this call proceed (without in-process coalescing).
            Err(_) => Flight::default(),
        }
    }
}

/// Tokens from a grant exchange's answer, issued by `accounts_server` (`None`: the configured
/// `accounts_url`).
pub fn tokens_from(grant: Grant, user: &str, accounts_server: Option<String>) -> Tokens {
    Tokens {
        user_identifier: user.to_string(),
        access_token: grant.access_token,
        refresh_token: grant.refresh_token,
        expiry_time: grant.expiry_time,
        api_domain: grant.api_domain,
        accounts_server,
    }
}

/// Tokens from a refresh's answer. Zoho's refresh answers carry no refresh token, so the one
/// we refreshed with is kept (as 1.0.x did), and so is where it was issued.
fn refreshed(grant: Grant, previous: Tokens) -> Tokens {
    Tokens {
        access_token: grant.access_token,
        refresh_token: grant.refresh_token.or(previous.refresh_token),
        expiry_time: grant.expiry_time,
        api_domain: grant.api_domain.or(previous.api_domain),
        ..previous
    }
}

pub fn no_tokens(user: &str, store: &str) -> Error {
    Error::NoTokens {
        user: user.to_string(),
        message: format!(
            "no OAuth tokens for {user} in the {store} token store: generate a grant token and call \
             ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance.generate_access_token(grant_token)"
        ),
    }
}
