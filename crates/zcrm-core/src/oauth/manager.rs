//! The access-token cache and single-flight refresh.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::accounts::{Accounts, Grant};
use crate::error::{Error, Result};
use crate::store::TokenStore;
use crate::tokens::Tokens;

type Flight = Arc<tokio::sync::Mutex<()>>;

#[derive(Default)]
pub struct TokenManager {
    /// Fresh tokens by user: an API call reads the store only on a miss.
    cache: Mutex<HashMap<String, Tokens>>,
    /// One refresh at a time per user within this process.
    flights: Mutex<HashMap<String, Flight>>,
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
        let _one_at_a_time = flight.lock().await;
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

    /// Called when the API answered INVALID_TOKEN for `rejected`: gets a token other than that
    /// one, refreshing only if nobody (thread or process) has done so already.
    pub async fn replace_rejected(
        &self,
        accounts: &Accounts<'_>,
        store: &dyn TokenStore,
        user: &str,
        rejected: &str,
    ) -> Result<Tokens> {
        let margin = accounts.config.refresh_margin_ms;
        let flight = self.flight(user);
        let _one_at_a_time = flight.lock().await;
        if let Some(tokens) = self.cached(user, margin, Some(rejected)) {
            return Ok(tokens);
        }
        self.forget(user);
        self.refresh_under_lock(accounts, store, user, Some(rejected))
            .await
    }

    /// An explicit refresh (`generate_access_token_from_refresh_token`): always asks Zoho.
    pub async fn refresh_with(
        &self,
        accounts: &Accounts<'_>,
        store: &dyn TokenStore,
        user: &str,
        refresh_token: &str,
    ) -> Result<Tokens> {
        let flight = self.flight(user);
        let _one_at_a_time = flight.lock().await;
        let grant = accounts.refresh(refresh_token).await?;
        let tokens = tokens_from(grant, user, Some(refresh_token.to_string()));
        store.save(&tokens).await?;
        Ok(self.remember(tokens))
    }

    /// Stores the tokens a grant exchange produced.
    pub async fn adopt(&self, store: &dyn TokenStore, tokens: Tokens) -> Result<Tokens> {
        store.save(&tokens).await?;
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
        rejected: Option<&str>,
    ) -> Result<Tokens> {
        let margin = accounts.config.refresh_margin_ms;
        let mut locked = store.lock(user).await?;
        let current = locked
            .load()
            .await?
            .ok_or_else(|| no_tokens(user, store.kind()))?;
        let usable = current.is_fresh(margin) && Some(current.access_token.as_str()) != rejected;
        if usable {
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
        let grant = accounts.refresh(&refresh_token).await?;
        let fresh = tokens_from(grant, user, Some(refresh_token));
        locked.save(&fresh).await?;
        locked.release().await?;
        Ok(self.remember(fresh))
    }

    fn cached(&self, user: &str, margin: i64, rejected: Option<&str>) -> Option<Tokens> {
        let cache = self.cache.lock().ok()?;
        cache
            .get(user)
            .filter(|t| t.is_fresh(margin) && Some(t.access_token.as_str()) != rejected)
            .cloned()
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

/// Tokens from a token answer. Zoho's refresh answers carry no refresh token, so the one we
/// refreshed with is kept (as 1.0.x did).
pub fn tokens_from(grant: Grant, user: &str, refresh_token: Option<String>) -> Tokens {
    Tokens {
        user_identifier: user.to_string(),
        access_token: grant.access_token,
        refresh_token: grant.refresh_token.or(refresh_token),
        expiry_time: grant.expiry_time,
        api_domain: grant.api_domain,
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
