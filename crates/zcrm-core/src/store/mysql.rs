//! The MySQL store: database `zohooauth`, table `oauthtokens (useridentifier, accesstoken,
//! refreshtoken, expirytime)`, exactly the shape 1.0.x users created by hand. That table has no
//! key, and rows written by 1.0.x may repeat a user, so a load takes the first row and a save
//! deletes every row of the user before inserting one.
//!
//! Two nullable columns, `apidomain` and `accountsserver` ([`super::EXTRA_COLUMNS`]), are added
//! to the table on first use: 1.0.x names its four columns in every INSERT, so it keeps
//! working beside them. An account without the ALTER privilege keeps the four columns: tokens
//! of the configured data centre are stored as before, and tokens that need their accounts
//! server recorded are refused with the statement a DBA can run.
//!
//! The refresh lock is `GET_LOCK` on a connection held by the lock handle. The pool is created
//! on first use, so building the store never touches the network.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use mysql_async::prelude::Queryable;
use mysql_async::{Conn, Opts, OptsBuilder, Pool, Row, TxOpts, Value};
use tokio::sync::OnceCell;

use super::file::pause_before_retry;
use super::mysql_slots::MysqlSlots;
use super::{LockedTokens, TokenStore, EXTRA_COLUMNS};
use crate::error::{Error, Result};
use crate::tokens::Tokens;
use crate::transport::fleet_cap::SlotSource;

/// mysql_async has no connect timeout; an unreachable host would otherwise hang for the
/// kernel's SYN retries (minutes).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);
/// `ER_BAD_DB_ERROR`: the database does not exist yet.
const UNKNOWN_DATABASE: u16 = 1049;
/// `ER_DUP_FIELDNAME`: another process added the column first.
const DUPLICATE_COLUMN: u16 = 1060;

const TABLE_EXISTS: &str = "SELECT COUNT(*) FROM information_schema.tables \
                            WHERE table_schema = DATABASE() AND table_name = 'oauthtokens'";
const CREATE_TABLE: &str = "CREATE TABLE IF NOT EXISTS oauthtokens (useridentifier varchar(100), \
                            accesstoken varchar(100), refreshtoken varchar(100), expirytime bigint)";
const COLUMNS: &str = "SELECT column_name FROM information_schema.columns \
                       WHERE table_schema = DATABASE() AND table_name = 'oauthtokens'";
const SELECT: &str = "SELECT useridentifier, accesstoken, refreshtoken, expirytime \
                      FROM oauthtokens WHERE useridentifier = ?";
const SELECT_ALL: &str = "SELECT useridentifier, accesstoken, refreshtoken, expirytime, \
                          apidomain, accountsserver FROM oauthtokens WHERE useridentifier = ?";
const DELETE: &str = "DELETE FROM oauthtokens WHERE useridentifier = ?";
const INSERT: &str = "INSERT INTO oauthtokens (useridentifier, accesstoken, refreshtoken, \
                      expirytime) VALUES (?, ?, ?, ?)";
const INSERT_ALL: &str = "INSERT INTO oauthtokens (useridentifier, accesstoken, refreshtoken, \
                          expirytime, apidomain, accountsserver) VALUES (?, ?, ?, ?, ?, ?)";

/// Where the tokens live; the defaults are 1.0.x's.
#[derive(Clone, PartialEq, Eq)]
pub struct MysqlOptions {
    pub host: String,
    pub port: u16,
    pub user: String,
    pub password: String,
    pub database: String,
}

impl Default for MysqlOptions {
    fn default() -> Self {
        MysqlOptions {
            host: "127.0.0.1".into(),
            port: 3306,
            user: "root".into(),
            password: String::new(),
            database: "zohooauth".into(),
        }
    }
}

/// Never shows the password.
impl fmt::Debug for MysqlOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MysqlOptions")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("user", &self.user)
            .field(
                "password",
                &if self.password.is_empty() {
                    ""
                } else {
                    "[FILTERED]"
                },
            )
            .field("database", &self.database)
            .finish()
    }
}

pub struct MysqlStore {
    options: MysqlOptions,
    pool: OnceCell<Started>,
}

struct Started {
    pool: Pool,
    /// Whether the table has [`EXTRA_COLUMNS`].
    extra_columns: bool,
}

impl MysqlStore {
    pub fn new(options: MysqlOptions) -> MysqlStore {
        MysqlStore {
            options,
            pool: OnceCell::new(),
        }
    }

    pub fn options(&self) -> &MysqlOptions {
        &self.options
    }

    /// The pool, created with the database and table on first use. A failed start is not
    /// remembered: the next call tries again (MySQL may simply have been down).
    async fn pool(&self) -> Result<&Started> {
        self.pool.get_or_try_init(|| self.start()).await
    }

    async fn start(&self) -> Result<Started> {
        let pool = Pool::new(self.opts(true));
        let mut conn = match connect(&pool).await {
            Err(mysql_async::Error::Server(err)) if err.code == UNKNOWN_DATABASE => {
                self.create_database().await?;
                connect(&pool).await
            }
            other => other,
        }
        .map_err(|err| self.connect_error(&err))?;
        // Checked first so that an account without CREATE rights works on an existing table.
        let exists: Option<i64> = conn
            .query_first(TABLE_EXISTS)
            .await
            .map_err(|err| self.query_error("looking for the table", &err))?;
        if exists.unwrap_or(0) == 0 {
            conn.query_drop(CREATE_TABLE)
                .await
                .map_err(|err| self.query_error("creating the table", &err))?;
        }
        let extra_columns = self.add_missing_columns(&mut conn).await?;
        Ok(Started {
            pool,
            extra_columns,
        })
    }

    /// Whether the table has (now) the extra columns; false when this account may not add them.
    async fn add_missing_columns(&self, conn: &mut Conn) -> Result<bool> {
        let existing: Vec<String> = conn
            .query(COLUMNS)
            .await
            .map_err(|err| self.query_error("reading the table's columns", &err))?;
        let missing = EXTRA_COLUMNS
            .iter()
            .filter(|(column, _)| !existing.iter().any(|c| c.eq_ignore_ascii_case(column)));
        for (column, sql_type) in missing {
            let alter = format!("ALTER TABLE oauthtokens ADD COLUMN {column} {sql_type} NULL");
            match conn.query_drop(alter).await {
                Ok(()) => {}
                Err(mysql_async::Error::Server(err)) if err.code == DUPLICATE_COLUMN => {}
                Err(mysql_async::Error::Server(_)) => return Ok(false),
                Err(err) => return Err(self.query_error("adding a column to the table", &err)),
            }
        }
        Ok(true)
    }

    /// Refuses tokens the four seed columns cannot hold without losing where they belong.
    fn check_storable(&self, extra_columns: bool, tokens: &Tokens) -> Result<()> {
        match &tokens.accounts_server {
            Some(server) if !extra_columns => Err(self.error(format!(
                "the tokens of {} were issued by {server}, and the oauthtokens table (database                  '{}') has no column to record that; this MySQL account may not add one. Ask                  for it to be added: {}",
                tokens.user_identifier,
                self.options.database,
                alter_statement()
            ))),
            _ => Ok(()),
        }
    }

    /// Only when the database is missing, so that accounts without CREATE rights work too.
    async fn create_database(&self) -> Result<()> {
        let conn = tokio::time::timeout(CONNECT_TIMEOUT, Conn::new(self.opts(false))).await;
        let mut conn = conn
            .unwrap_or_else(|_| Err(timed_out()))
            .map_err(|err| self.connect_error(&err))?;
        let sql = format!(
            "CREATE DATABASE IF NOT EXISTS `{}`",
            self.options.database.replace('`', "``")
        );
        let created = conn
            .query_drop(sql)
            .await
            .map_err(|err| self.query_error("creating the database", &err));
        let _ = conn.disconnect().await;
        created
    }

    pub(super) fn opts(&self, with_database: bool) -> Opts {
        let o = &self.options;
        OptsBuilder::default()
            .ip_or_hostname(o.host.clone())
            .tcp_port(o.port)
            .user(Some(o.user.clone()))
            .pass(Some(o.password.clone()).filter(|p| !p.is_empty()))
            .db_name(Some(o.database.clone()).filter(|_| with_database))
            // Stay on the address the user gave: no silent switch to a Unix socket.
            .prefer_socket(false)
            .into()
    }

    /// A connection, and whether the table has the extra columns.
    async fn conn(&self) -> Result<(Conn, bool)> {
        let started = self.pool().await?;
        let conn = connect(&started.pool)
            .await
            .map_err(|err| self.connect_error(&err))?;
        Ok((conn, started.extra_columns))
    }

    pub(super) fn connect_error(&self, err: &mysql_async::Error) -> Error {
        let o = &self.options;
        self.error(format!(
            "cannot connect to MySQL at {}:{} as user '{}' (database '{}'): {err}. \
             Is MySQL running? Check db_address, db_port, db_username and db_password",
            o.host, o.port, o.user, o.database
        ))
    }

    pub(super) fn query_error(&self, what: &str, err: &mysql_async::Error) -> Error {
        let o = &self.options;
        self.error(format!(
            "MySQL at {}:{} (database '{}'): {what} failed: {err}",
            o.host, o.port, o.database
        ))
    }

    /// The driver never quotes the password, but a message is cheap to check.
    fn error(&self, mut message: String) -> Error {
        if self.options.password.len() >= 4 {
            message = message.replace(&self.options.password, "[FILTERED]");
        }
        Error::store("mysql", message)
    }
}

impl Drop for MysqlStore {
    /// Say goodbye to the server instead of letting the pool's sockets drop mid-session.
    fn drop(&mut self) {
        if let (Some(started), Ok(runtime)) =
            (self.pool.take(), tokio::runtime::Handle::try_current())
        {
            runtime.spawn(started.pool.disconnect());
        }
    }
}

#[async_trait]
impl TokenStore for MysqlStore {
    fn kind(&self) -> &'static str {
        "mysql"
    }

    /// mysql_async's sockets are registered with the runtime that opened them.
    fn io_is_runtime_bound(&self) -> bool {
        true
    }

    /// Named locks on the same server (see `mysql_slots`).
    fn request_slots(&self) -> Result<Option<Arc<dyn SlotSource>>> {
        Ok(Some(Arc::new(MysqlSlots::new(self.options.clone()))))
    }

    async fn load(&self, user: &str) -> Result<Option<Tokens>> {
        let (mut conn, extra_columns) = self.conn().await?;
        select(&mut conn, extra_columns, user)
            .await
            .map_err(|err| self.query_error("reading tokens", &err))
    }

    async fn save(&self, tokens: &Tokens) -> Result<()> {
        let (mut conn, extra_columns) = self.conn().await?;
        self.check_storable(extra_columns, tokens)?;
        replace(&mut conn, extra_columns, tokens)
            .await
            .map_err(|err| self.query_error("saving tokens", &err))
    }

    async fn delete(&self, user: &str) -> Result<()> {
        let (mut conn, _) = self.conn().await?;
        conn.exec_drop(DELETE, (user,))
            .await
            .map_err(|err| self.query_error("deleting tokens", &err))
    }

    async fn lock(&self, user: &str) -> Result<Box<dyn LockedTokens + '_>> {
        let name = lock_name(user);
        // Guarded from the start: if this wait is cancelled while GET_LOCK is in flight, the
        // server may have granted the lock, so the connection must not go back to the pool.
        let (conn, extra_columns) = self.conn().await?;
        let mut conn = LockConn(Some(conn));
        loop {
            let granted: Option<Option<i64>> = conn
                .get()?
                .exec_first("SELECT GET_LOCK(?, 0)", (&name,))
                .await
                .map_err(|err| self.query_error("taking the refresh lock", &err))?;
            match granted {
                Some(Some(1)) => break,
                Some(Some(0)) => pause_before_retry().await,
                _ => return Err(self.error("GET_LOCK failed for the refresh lock".into())),
            }
        }
        Ok(Box::new(MysqlLocked {
            store: self,
            conn,
            extra_columns,
            name,
            user: user.to_owned(),
        }))
    }
}

struct MysqlLocked<'a> {
    store: &'a MysqlStore,
    conn: LockConn,
    extra_columns: bool,
    name: String,
    user: String,
}

#[async_trait]
impl LockedTokens for MysqlLocked<'_> {
    async fn load(&mut self) -> Result<Option<Tokens>> {
        let result = select(self.conn.get()?, self.extra_columns, &self.user).await;
        result.map_err(|err| self.store.query_error("reading tokens", &err))
    }

    async fn save(&mut self, tokens: &Tokens) -> Result<()> {
        self.store.check_storable(self.extra_columns, tokens)?;
        let result = replace(self.conn.get()?, self.extra_columns, tokens).await;
        result.map_err(|err| self.store.query_error("saving tokens", &err))
    }

    /// If RELEASE_LOCK fails, the guard disconnects instead, which releases the lock just the
    /// same: there is nothing for the caller to do about it.
    async fn release(self: Box<Self>) -> Result<()> {
        let MysqlLocked { mut conn, name, .. } = *self;
        let released = conn
            .get()?
            .exec_drop("SELECT RELEASE_LOCK(?)", (&name,))
            .await;
        if released.is_ok() {
            conn.return_to_pool();
        }
        Ok(())
    }
}

/// A connection that may hold a `GET_LOCK`. Unless returned after `RELEASE_LOCK`, it is
/// disconnected on drop: the session's end is what frees the lock, and a lock-holding
/// connection handed to another user of the pool would keep it forever.
pub(super) struct LockConn(pub(super) Option<Conn>);

impl LockConn {
    pub(super) fn get(&mut self) -> Result<&mut Conn> {
        self.0
            .as_mut()
            .ok_or_else(|| Error::store("mysql", "the refresh lock was already released"))
    }

    pub(super) fn return_to_pool(mut self) {
        drop(self.0.take());
    }
}

impl Drop for LockConn {
    fn drop(&mut self) {
        let Some(conn) = self.0.take() else { return };
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(async move {
                    let _ = conn.disconnect().await;
                });
            }
            // No runtime to send COM_QUIT on: the pool resets the connection before reuse
            // (COM_RESET_CONNECTION frees user locks), or closes it, which ends the session.
            Err(_) => drop(conn),
        }
    }
}

pub(super) async fn connect(pool: &Pool) -> mysql_async::Result<Conn> {
    tokio::time::timeout(CONNECT_TIMEOUT, pool.get_conn())
        .await
        .unwrap_or_else(|_| Err(timed_out()))
}

fn timed_out() -> mysql_async::Error {
    mysql_async::Error::Other(
        format!("no connection within {} s", CONNECT_TIMEOUT.as_secs()).into(),
    )
}

/// MySQL limits lock names to 64 characters, and an email can be longer: hash it (FNV-1a 64).
pub fn lock_name(user: &str) -> String {
    format!("zcrmsdk.{:016x}", fnv1a(user))
}

pub(super) fn fnv1a(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// The user's first row. The column's collation decides what matches (usually
/// case-insensitively, as 1.0.x's query did); among matches an exact one is preferred.
fn alter_statement() -> String {
    let columns: Vec<String> = EXTRA_COLUMNS
        .iter()
        .map(|(column, sql_type)| format!("ADD COLUMN {column} {sql_type} NULL"))
        .collect();
    format!("ALTER TABLE oauthtokens {};", columns.join(", "))
}

async fn select(
    conn: &mut Conn,
    extra_columns: bool,
    user: &str,
) -> mysql_async::Result<Option<Tokens>> {
    let sql = if extra_columns { SELECT_ALL } else { SELECT };
    let rows: Vec<Row> = conn.exec(sql, (user,)).await?;
    let exact = rows
        .iter()
        .position(|row| text(row, 0).as_deref() == Some(user))
        .unwrap_or(0);
    Ok(rows.get(exact).map(|row| Tokens {
        user_identifier: user.to_owned(),
        access_token: text(row, 1).unwrap_or_default(),
        // 1.0.x interpolated a nil refresh token into its INSERT as ''.
        refresh_token: text(row, 2).filter(|t| !t.is_empty()),
        expiry_time: integer(row, 3),
        api_domain: text(row, 4),
        accounts_server: text(row, 5),
    }))
}

/// Without the extra columns `api_domain` is not kept: it only picks the API host of the
/// user's data centre, which the configuration then gives (`check_storable` has refused
/// tokens of another data centre).
async fn replace(conn: &mut Conn, extra_columns: bool, tokens: &Tokens) -> mysql_async::Result<()> {
    let mut tx = conn.start_transaction(TxOpts::default()).await?;
    tx.exec_drop(DELETE, (&tokens.user_identifier,)).await?;
    let t = tokens;
    if extra_columns {
        let params = (
            &t.user_identifier,
            &t.access_token,
            &t.refresh_token,
            t.expiry_time,
            &t.api_domain,
            &t.accounts_server,
        );
        tx.exec_drop(INSERT_ALL, params).await?;
    } else {
        let params = (
            &t.user_identifier,
            &t.access_token,
            &t.refresh_token,
            t.expiry_time,
        );
        tx.exec_drop(INSERT, params).await?;
    }
    tx.commit().await
}

/// Tables made by hand may use other column types; read what is there rather than fail.
fn text(row: &Row, index: usize) -> Option<String> {
    match row.as_ref(index)? {
        Value::NULL => None,
        Value::Bytes(bytes) => Some(String::from_utf8_lossy(bytes).into_owned()),
        Value::Int(i) => Some(i.to_string()),
        Value::UInt(u) => Some(u.to_string()),
        Value::Float(f) => Some(f.to_string()),
        Value::Double(f) => Some(f.to_string()),
        _ => None,
    }
}

/// An unreadable expiry reads as 0 (long expired), so the SDK refreshes.
fn integer(row: &Row, index: usize) -> i64 {
    match row.as_ref(index) {
        Some(Value::Int(i)) => *i,
        Some(Value::UInt(u)) => i64::try_from(*u).unwrap_or(i64::MAX),
        Some(Value::Float(f)) => *f as i64,
        Some(Value::Double(f)) => *f as i64,
        Some(Value::Bytes(bytes)) => std::str::from_utf8(bytes)
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(0),
        _ => 0,
    }
}
