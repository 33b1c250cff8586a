//! Token persistence. The store is the source of truth across processes; the in-memory cache
//! in `oauth` only saves trips to it.
//!
//! Every store offers a cross-process lock (`lock`) under which the refresher re-reads and
//! writes the user's tokens, so that N processes sharing one store refresh once per expiry.
//! Reads and writes made while holding the lock go through the lock handle, so that a store
//! whose lock is a database session (MySQL's `GET_LOCK`) uses that same session.

use std::sync::Arc;

use async_trait::async_trait;

use crate::config::Persistence;
use crate::error::{Error, Result};
use crate::tokens::Tokens;
use crate::transport::fleet_cap::SlotSource;

pub mod file;
pub mod homed;
pub mod marshal;
pub mod memory;
pub mod mysql;
pub mod mysql_slots;
pub mod slot_file;
pub mod sqlite;

/// The columns the SQL stores add to the seed's `oauthtokens` table, nullable so that rows
/// written by 1.0.x (which names its four columns in every INSERT) stay valid and readable: a
/// NULL means "Zoho's answer did not say" and "the configured accounts_url".
pub(crate) const EXTRA_COLUMNS: [(&str, &str); 2] = [
    ("apidomain", "varchar(255)"),
    ("accountsserver", "varchar(255)"),
];

#[async_trait]
pub trait TokenStore: Send + Sync {
    /// "file", "sqlite", "mysql", "memory" or "custom": used in error messages and logs.
    fn kind(&self) -> &'static str;

    /// The user's tokens, or `None` when the store has none for them.
    async fn load(&self, user: &str) -> Result<Option<Tokens>>;

    /// Replaces whatever the store holds for `tokens.user_identifier`.
    async fn save(&self, tokens: &Tokens) -> Result<()>;

    /// Forgets the user's tokens; deleting a user that has none is not an error.
    async fn delete(&self, user: &str) -> Result<()>;

    /// Waits for the exclusive, cross-process refresh lock for `user`.
    async fn lock(&self, user: &str) -> Result<Box<dyn LockedTokens + '_>>;

    /// The request slots every process sharing this store draws from to hold the fleet-wide
    /// concurrency cap (`fleet_max_concurrent_requests`). `None` for a store no other process
    /// can see (memory) or that cannot hold a lease that dies with its holder (a custom Ruby
    /// store): the cap then holds per process.
    fn request_slots(&self) -> Result<Option<Arc<dyn SlotSource>>> {
        Ok(None)
    }

    /// Whether the store's I/O belongs to the runtime that opened it (a pool of async
    /// sockets): a caller that drives calls on several runtimes reaches such a store through
    /// [`homed::on_home`].
    fn io_is_runtime_bound(&self) -> bool {
        false
    }
}

/// The user's tokens while the refresh lock is held. Dropping it without `release` still
/// releases the lock (closing the file, rolling back, or discarding the connection).
#[async_trait]
pub trait LockedTokens: Send {
    async fn load(&mut self) -> Result<Option<Tokens>>;
    async fn save(&mut self, tokens: &Tokens) -> Result<()>;
    async fn release(self: Box<Self>) -> Result<()>;
}

/// Opens the built-in store a configuration names. A custom (Ruby) store is supplied by the
/// binding instead, since only it can call into Ruby.
pub fn open(persistence: &Persistence) -> Result<Arc<dyn TokenStore>> {
    Ok(match persistence {
        Persistence::File { dir } => Arc::new(file::FileStore::new(dir.clone())),
        Persistence::Sqlite { path } => Arc::new(sqlite::SqliteStore::open(path.clone())?),
        Persistence::Mysql(options) => Arc::new(mysql::MysqlStore::new(options.clone())),
        Persistence::Memory => Arc::new(memory::MemoryStore::new()),
        Persistence::Custom { .. } => {
            return Err(Error::config(
                "persistence_handler_class",
                "a custom persistence handler is a Ruby class; only the Ruby binding can open it",
            ))
        }
    })
}
