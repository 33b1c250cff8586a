//! The embedded default store: one SQLite file under the user's data folder, with the seed's
//! table shape (`oauthtokens (useridentifier, accesstoken, refreshtoken, expirytime)`) plus
//! two nullable columns, `apidomain` and `accountsserver` (see [`super::EXTRA_COLUMNS`]), added
//! to tables made before them.
//!
//! WAL mode, so readers never wait for the refresher. The refresh lock is an exclusive `flock`
//! on `<database>.lock`, and reads and writes under it are ordinary short transactions. It used
//! to be a connection held in `BEGIN IMMEDIATE` for the whole refresh (an HTTP round trip), but
//! a child forked meanwhile inherits SQLite's per-process lock table saying this process holds
//! the write slot, and can then never write the file; a flock it simply waits out.

use std::env;
use std::fs::{self, DirBuilder, OpenOptions};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use async_trait::async_trait;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::file::FileLock;
use super::slot_file::SlotFile;
use super::{LockedTokens, TokenStore, EXTRA_COLUMNS};
use crate::error::{Error, Result};
use crate::tokens::Tokens;
use crate::transport::fleet_cap::SlotSource;

/// How long plain reads and writes wait for another connection's write transaction (a refresh
/// in another process) before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS oauthtokens (
        useridentifier varchar(100) NOT NULL,
        accesstoken varchar(100),
        refreshtoken varchar(100),
        expirytime bigint
    );
    CREATE UNIQUE INDEX IF NOT EXISTS oauthtokens_useridentifier ON oauthtokens (useridentifier);
";
const SELECT: &str = "SELECT accesstoken, refreshtoken, expirytime, apidomain, accountsserver \
                      FROM oauthtokens WHERE useridentifier = ?1 ORDER BY rowid LIMIT 1";
const DELETE: &str = "DELETE FROM oauthtokens WHERE useridentifier = ?1";
const INSERT: &str = "INSERT INTO oauthtokens (useridentifier, accesstoken, refreshtoken, \
                      expirytime, apidomain, accountsserver) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

/// `$ZCRMSDK_SQLITE_PATH`, else `$XDG_DATA_HOME/zcrmsdk/oauthtokens.sqlite3`, else
/// `$HOME/.local/share/zcrmsdk/oauthtokens.sqlite3` (relative to the working folder when even
/// `HOME` is unset). Empty variables count as unset, and a relative `XDG_DATA_HOME` is ignored,
/// as the XDG spec says.
pub fn default_path() -> PathBuf {
    let var = |name: &str| {
        env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(path) = var("ZCRMSDK_SQLITE_PATH") {
        return path;
    }
    let data_home = var("XDG_DATA_HOME")
        .filter(|p| p.is_absolute())
        .or_else(|| var("HOME").map(|home| home.join(".local/share")))
        .unwrap_or_else(|| PathBuf::from(".local/share"));
    data_home.join("zcrmsdk").join("oauthtokens.sqlite3")
}

pub struct SqliteStore {
    path: PathBuf,
    /// rusqlite is synchronous: each use runs on tokio's blocking pool, one at a time.
    shared: Arc<Mutex<Connection>>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database, its parent folders (mode 0700) and the table.
    pub fn open(path: impl Into<PathBuf>) -> Result<SqliteStore> {
        let path = path.into();
        prepare_file(&path)?;
        let conn = connect(&path, BUSY_TIMEOUT)?;
        // Best effort: a filesystem without shared memory keeps the rollback journal.
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))
            .map_err(|err| sql_error(&path, "cannot set up", &err))?;
        conn.execute_batch(SCHEMA)
            .map_err(|err| sql_error(&path, "cannot create the table in", &err))?;
        add_missing_columns(&conn, &path)?;
        Ok(SqliteStore {
            path,
            shared: Arc::new(Mutex::new(conn)),
        })
    }

    /// The database file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The flock on `<database>.lock` (see the module docs).
    async fn refresh_lock(&self) -> Result<FileLock> {
        let mut name = self.path.as_os_str().to_owned();
        name.push(".lock");
        FileLock::acquire_at(Path::new(&name)).await
    }

    /// Replaces the user's row in one short transaction; the caller holds the refresh lock.
    async fn write(&self, tokens: Tokens) -> Result<()> {
        self.with_shared(move |conn, path| {
            let tx = conn
                .transaction()
                .map_err(|err| sql_error(path, "cannot write to", &err))?;
            replace(&tx, path, &tokens)?;
            tx.commit()
                .map_err(|err| sql_error(path, "cannot write to", &err))
        })
        .await
    }

    async fn with_shared<T: Send + 'static>(
        &self,
        op: impl FnOnce(&mut Connection, &Path) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let shared = self.shared.clone();
        let path = self.path.clone();
        tokio::task::spawn_blocking(move || {
            // A panic cannot leave the connection mid-transaction (rusqlite rolls back on
            // drop), so a poisoned mutex is still safe to use.
            let mut conn = shared.lock().unwrap_or_else(PoisonError::into_inner);
            op(&mut conn, &path)
        })
        .await
        .map_err(|_| Error::store("sqlite", "the database task failed"))?
    }
}

#[async_trait]
impl TokenStore for SqliteStore {
    fn kind(&self) -> &'static str {
        "sqlite"
    }

    /// `<database>.slots`, beside the database.
    fn request_slots(&self) -> Result<Option<Arc<dyn SlotSource>>> {
        Ok(Some(Arc::new(SlotFile::beside(&self.path, "sqlite")?)))
    }

    async fn load(&self, user: &str) -> Result<Option<Tokens>> {
        let user = user.to_owned();
        self.with_shared(move |conn, path| select(conn, path, &user))
            .await
    }

    /// Waits for a refresh in progress (another process's, too) to finish first, as the file
    /// store does: a write never lands between a refresher's read and its write.
    async fn save(&self, tokens: &Tokens) -> Result<()> {
        let _lock = self.refresh_lock().await?;
        self.write(tokens.clone()).await
    }

    async fn delete(&self, user: &str) -> Result<()> {
        let _lock = self.refresh_lock().await?;
        let user = user.to_owned();
        self.with_shared(move |conn, path| {
            conn.execute(DELETE, [&user])
                .map(drop)
                .map_err(|err| sql_error(path, "cannot write to", &err))
        })
        .await
    }

    async fn lock(&self, user: &str) -> Result<Box<dyn LockedTokens + '_>> {
        let lock = self.refresh_lock().await?;
        Ok(Box::new(SqliteLocked {
            store: self,
            user: user.to_owned(),
            _lock: lock,
        }))
    }
}

/// The user's tokens while the refresh lock is held; the flock goes with it.
struct SqliteLocked<'a> {
    store: &'a SqliteStore,
    user: String,
    _lock: FileLock,
}

#[async_trait]
impl LockedTokens for SqliteLocked<'_> {
    async fn load(&mut self) -> Result<Option<Tokens>> {
        self.store.load(&self.user).await
    }

    async fn save(&mut self, tokens: &Tokens) -> Result<()> {
        self.store.write(tokens.clone()).await
    }

    async fn release(self: Box<Self>) -> Result<()> {
        Ok(())
    }
}

/// Parent folders (0700 when we create them) and the file itself, created 0600 before SQLite
/// opens it so that it is never readable by others, not even for a moment. SQLite gives the
/// -wal and -shm files the database file's mode.
fn prepare_file(path: &Path) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(parent)
            .map_err(|err| {
                Error::store(
                    "sqlite",
                    format!("cannot create the folder {}: {err}", parent.display()),
                )
            })?;
    }
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(path)
        .map_err(|err| Error::store("sqlite", format!("cannot open {}: {err}", path.display())))?;
    // Tighten a file created by something else; not fatal if it belongs to someone else.
    let _ = file.set_permissions(fs::Permissions::from_mode(0o600));
    Ok(())
}

fn connect(path: &Path, busy_timeout: Duration) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)
        .map_err(|err| sql_error(path, "cannot open", &err))?;
    conn.busy_timeout(busy_timeout)
        .map_err(|err| sql_error(path, "cannot open", &err))?;
    Ok(conn)
}

/// Tables made by 1.0.x users (or by an older ZCRMSDK) lack the extra columns. Another
/// process may add them at the same moment: a duplicate column is what it then reports.
fn add_missing_columns(conn: &Connection, path: &Path) -> Result<()> {
    let existing =
        columns(conn).map_err(|err| sql_error(path, "cannot read the table in", &err))?;
    let missing = EXTRA_COLUMNS
        .iter()
        .filter(|(column, _)| !existing.iter().any(|c| c.eq_ignore_ascii_case(column)));
    for (column, sql_type) in missing {
        let alter = format!("ALTER TABLE oauthtokens ADD COLUMN {column} {sql_type}");
        match conn.execute(&alter, []) {
            Ok(_) => {}
            Err(err) if err.to_string().contains("duplicate column name") => {}
            Err(err) => return Err(sql_error(path, "cannot add a column to the table in", &err)),
        }
    }
    Ok(())
}

fn columns(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut statement = conn.prepare("SELECT name FROM pragma_table_info('oauthtokens')")?;
    let names = statement.query_map([], |row| row.get::<_, String>(0))?;
    names.collect()
}

fn select(conn: &Connection, path: &Path, user: &str) -> Result<Option<Tokens>> {
    conn.query_row(SELECT, [user], |row| {
        Ok(Tokens {
            user_identifier: user.to_owned(),
            access_token: text(row.get_ref(0)?).unwrap_or_default(),
            refresh_token: text(row.get_ref(1)?),
            expiry_time: integer(row.get_ref(2)?),
            api_domain: text(row.get_ref(3)?),
            accounts_server: text(row.get_ref(4)?),
        })
    })
    .optional()
    .map_err(|err| sql_error(path, "cannot read", &err))
}

/// Delete + insert rather than an upsert, so that a table without the unique index (made by
/// hand, say) still ends with one row per user.
fn replace(conn: &Connection, path: &Path, tokens: &Tokens) -> Result<()> {
    let write = |sql: &str, params: &[&dyn rusqlite::ToSql]| {
        conn.execute(sql, params)
            .map_err(|err| sql_error(path, "cannot write to", &err))
    };
    write(DELETE, &[&tokens.user_identifier])?;
    write(
        INSERT,
        &[
            &tokens.user_identifier,
            &tokens.access_token,
            &tokens.refresh_token,
            &tokens.expiry_time,
            &tokens.api_domain,
            &tokens.accounts_server,
        ],
    )?;
    Ok(())
}

/// SQLite columns hold whatever was put in them; read any type rather than fail on a row
/// edited by hand.
fn text(value: ValueRef<'_>) -> Option<String> {
    match value {
        ValueRef::Null => None,
        ValueRef::Integer(i) => Some(i.to_string()),
        ValueRef::Real(f) => Some(f.to_string()),
        ValueRef::Text(bytes) | ValueRef::Blob(bytes) => {
            Some(String::from_utf8_lossy(bytes).into_owned())
        }
    }
}

/// An unreadable expiry reads as 0 (long expired), so the SDK refreshes.
fn integer(value: ValueRef<'_>) -> i64 {
    match value {
        ValueRef::Integer(i) => i,
        ValueRef::Real(f) => f as i64,
        ValueRef::Text(bytes) | ValueRef::Blob(bytes) => std::str::from_utf8(bytes)
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(0),
        ValueRef::Null => 0,
    }
}

/// SQLite's messages name tables and columns, never bound values, so they are safe to show.
fn sql_error(path: &Path, what: &str, err: &rusqlite::Error) -> Error {
    Error::store("sqlite", format!("{what} {}: {err}", path.display()))
}
