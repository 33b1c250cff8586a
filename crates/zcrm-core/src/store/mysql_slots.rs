//! Fleet-cap slots for the MySQL store: slot `n` is the named lock
//! `zcrmsdk_slot_<database hash>_<n>` (`GET_LOCK`), held by a connection set aside for the
//! call. The server frees a session's named locks when its connection ends, so a holder that
//! dies (even by `kill -9`: the kernel closes its socket) frees its slot.
//!
//! One statement tries many slots and takes at most one: `CASE WHEN GET_LOCK(a, 0) THEN 0
//! WHEN GET_LOCK(b, 0) THEN 1 … END` stops at the first lock granted. Lock names are
//! server-wide, so the database's name is part of them: two applications with their own
//! databases on one server do not share a cap. A forked child inherits the parent's sockets,
//! so a slot held while the process forked stays held, if the parent then dies mid-call, until
//! the child exits too (the SQLite and file stores do not have this limit).

use async_trait::async_trait;
use mysql_async::prelude::Queryable;
use mysql_async::Pool;
use rand::Rng;
use tokio::sync::OnceCell;

use super::mysql::{connect, fnv1a, LockConn, MysqlOptions, MysqlStore};
use crate::error::Result;
use crate::transport::fleet_cap::{SlotLease, SlotSource};

/// Slots tried per statement: a cap of Zoho's size (5 to 25) takes one round trip.
const SLOTS_PER_QUERY: usize = 32;

pub struct MysqlSlots {
    /// Never started: lends its connection options and its error messages.
    store: MysqlStore,
    /// Without a database: `GET_LOCK` needs none, and the slots work before the table exists.
    pool: OnceCell<Pool>,
}

impl MysqlSlots {
    pub fn new(options: MysqlOptions) -> MysqlSlots {
        MysqlSlots {
            store: MysqlStore::new(options),
            pool: OnceCell::new(),
        }
    }

    fn slot_name(&self, n: usize) -> String {
        let database = fnv1a(&self.store.options().database);
        format!("zcrmsdk_slot_{database:016x}_{n}")
    }

    /// The statement that takes the first free slot of `slots`, answering its number (or -1).
    fn take_statement(&self, slots: &[usize]) -> String {
        let whens: String = slots
            .iter()
            .map(|n| format!(" WHEN GET_LOCK('{}', 0) THEN {n}", self.slot_name(*n)))
            .collect();
        format!("SELECT CASE{whens} ELSE -1 END")
    }
}

impl Drop for MysqlSlots {
    /// As the store does: say goodbye to the server rather than drop the sockets mid-session.
    fn drop(&mut self) {
        if let (Some(pool), Ok(runtime)) = (self.pool.take(), tokio::runtime::Handle::try_current())
        {
            runtime.spawn(pool.disconnect());
        }
    }
}

#[async_trait]
impl SlotSource for MysqlSlots {
    fn describe(&self) -> String {
        let o = self.store.options();
        format!(
            "the mysql store at {}:{} (database '{}')",
            o.host, o.port, o.database
        )
    }

    async fn try_take(&self, cap: u32) -> Result<Option<Box<dyn SlotLease>>> {
        let cap = cap as usize;
        if cap == 0 {
            return Ok(None);
        }
        let pool = self
            .pool
            .get_or_init(|| async { Pool::new(self.store.opts(false)) })
            .await;
        let conn = connect(pool)
            .await
            .map_err(|err| self.store.connect_error(&err))?;
        // Guarded before the query: if the wait is cancelled mid-query, the server may have
        // granted a lock, and only ending the session is sure to free it.
        let mut conn = LockConn(Some(conn));
        let start = rand::thread_rng().gen_range(0..cap);
        let order: Vec<usize> = (start..cap).chain(0..start).collect();
        for slots in order.chunks(SLOTS_PER_QUERY) {
            let taken: Option<i64> = conn
                .get()?
                .query_first(self.take_statement(slots))
                .await
                .map_err(|err| self.store.query_error("taking a request slot", &err))?;
            if let Some(n) = taken.and_then(|n| usize::try_from(n).ok()) {
                return Ok(Some(Box::new(MysqlSlot {
                    conn: Some(conn),
                    name: self.slot_name(n),
                })));
            }
        }
        conn.return_to_pool();
        Ok(None)
    }
}

struct MysqlSlot {
    conn: Option<LockConn>,
    name: String,
}

impl SlotLease for MysqlSlot {}

impl Drop for MysqlSlot {
    /// Releases the lock and returns the connection; if that cannot happen, the connection's
    /// guard ends the session instead, which frees the lock just the same.
    fn drop(&mut self) {
        let Some(mut conn) = self.conn.take() else {
            return;
        };
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let name = std::mem::take(&mut self.name);
        runtime.spawn(async move {
            let Ok(session) = conn.get() else { return };
            if session
                .exec_drop("SELECT RELEASE_LOCK(?)", (&name,))
                .await
                .is_ok()
            {
                conn.return_to_pool();
            }
        });
    }
}
