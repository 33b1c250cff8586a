//! A process-local store: for tests and `persistence: 'memory'`. Nothing survives the process,
//! and the refresh lock only serializes tasks of this process.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use async_trait::async_trait;
use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};

use super::{LockedTokens, TokenStore};
use crate::error::Result;
use crate::tokens::Tokens;

#[derive(Default)]
pub struct MemoryStore {
    tokens: Mutex<HashMap<String, Tokens>>,
    /// One async mutex per user: waiting on it is cancellable, and its owned guard lets the
    /// lock handle outlive the borrow of this map.
    locks: Mutex<HashMap<String, Arc<AsyncMutex<()>>>>,
}

impl MemoryStore {
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    /// The tokens of a store inherited across `fork`, with none of its locks: a lock held by a
    /// parent thread (mid-refresh) would otherwise stay held forever in the child, where that
    /// thread does not exist. If the fork caught the map itself locked, the child starts empty
    /// rather than wait forever.
    pub fn carried_over(parent: &MemoryStore) -> MemoryStore {
        let tokens = match parent.tokens.try_lock() {
            Ok(tokens) => tokens.clone(),
            Err(std::sync::TryLockError::Poisoned(poisoned)) => poisoned.into_inner().clone(),
            Err(std::sync::TryLockError::WouldBlock) => HashMap::new(),
        };
        MemoryStore {
            tokens: Mutex::new(tokens),
            locks: Mutex::default(),
        }
    }

    /// The map is never left half-updated, so a panic elsewhere must not make it unusable.
    fn tokens(&self) -> MutexGuard<'_, HashMap<String, Tokens>> {
        self.tokens.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn user_lock(&self, user: &str) -> Arc<AsyncMutex<()>> {
        let mut locks = self.locks.lock().unwrap_or_else(PoisonError::into_inner);
        locks.entry(user.to_owned()).or_default().clone()
    }
}

#[async_trait]
impl TokenStore for MemoryStore {
    fn kind(&self) -> &'static str {
        "memory"
    }

    async fn load(&self, user: &str) -> Result<Option<Tokens>> {
        Ok(self.tokens().get(user).cloned())
    }

    async fn save(&self, tokens: &Tokens) -> Result<()> {
        self.tokens()
            .insert(tokens.user_identifier.clone(), tokens.clone());
        Ok(())
    }

    async fn delete(&self, user: &str) -> Result<()> {
        self.tokens().remove(user);
        Ok(())
    }

    async fn lock(&self, user: &str) -> Result<Box<dyn LockedTokens + '_>> {
        let guard = self.user_lock(user).lock_owned().await;
        Ok(Box::new(MemoryLocked {
            store: self,
            user: user.to_owned(),
            _guard: guard,
        }))
    }
}

struct MemoryLocked<'a> {
    store: &'a MemoryStore,
    user: String,
    /// Dropping the handle drops the guard, which releases the lock.
    _guard: OwnedMutexGuard<()>,
}

#[async_trait]
impl LockedTokens for MemoryLocked<'_> {
    async fn load(&mut self) -> Result<Option<Tokens>> {
        self.store.load(&self.user).await
    }

    async fn save(&mut self, tokens: &Tokens) -> Result<()> {
        self.store.save(tokens).await
    }

    async fn release(self: Box<Self>) -> Result<()> {
        Ok(())
    }
}
