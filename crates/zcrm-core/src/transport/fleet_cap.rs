//! The fleet-wide concurrency cap (`fleet_max_concurrent_requests`): at most N requests in
//! flight across every process that shares one token store, because Zoho caps concurrent calls
//! per org (Free 5, Standard 10, Professional 15, Enterprise 20, Ultimate 25: Kaizen #203,
//! <https://help.zoho.com/portal/en/community/topic/kaizen-203-answering-your-questions-handling-api-limits-and-error-responses>)
//! and answers 429 `TOO_MANY_REQUESTS` beyond it, whichever process sent the extra call.
//!
//! A slot is a lease the operating system or the database server takes back when its holder
//! dies: a POSIX record lock on one byte of a file beside the SQLite database or token file
//! (`store::slot_file`), or a MySQL `GET_LOCK` on a connection (`store::mysql_slots`). No
//! expiry time is involved, so a holder killed with `kill -9` frees its slot at once, and a
//! slow call is never mistaken for a dead one.
//!
//! Waiting: one waiter per process at a time (the "turn", first come first served) asks the
//! store for a free slot, and asks again after a short jittered pause. Every process polls at
//! the same cadence and none is woken early by its own releases, so a freed slot goes to
//! whichever process asks first: no process can keep the slots to itself while another starves.
//! The wait counts against the call's `timeout`; past it the call fails with a timeout error
//! that names the cap.

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use rand::Rng;
use tokio::sync::Mutex;

use crate::error::{Error, Result};

/// Where the slots live: a store that many processes share.
#[async_trait]
pub trait SlotSource: Send + Sync {
    /// What holds the slots, for error messages ("the sqlite store at /srv/tokens.sqlite3").
    fn describe(&self) -> String;

    /// One of the slots `0..cap` if one is free right now; never waits for one.
    async fn try_take(&self, cap: u32) -> Result<Option<Box<dyn SlotLease>>>;
}

/// A slot held; dropping it gives the slot back.
pub trait SlotLease: Send {}

/// The cap as one transport applies it.
pub struct FleetCap {
    source: Arc<dyn SlotSource>,
    cap: u32,
    turn: Mutex<()>,
}

impl FleetCap {
    pub fn new(source: Arc<dyn SlotSource>, cap: u32) -> FleetCap {
        FleetCap {
            source,
            cap,
            turn: Mutex::new(()),
        }
    }

    /// A slot, waiting for one until `deadline` (the call's timeout) if all are taken.
    pub async fn acquire(&self, deadline: Option<Instant>) -> Result<Box<dyn SlotLease>> {
        let wait = async {
            let _turn = self.turn.lock().await;
            loop {
                if let Some(lease) = self.source.try_take(self.cap).await? {
                    return Ok(lease);
                }
                tokio::time::sleep(poll_pause()).await;
            }
        };
        match deadline {
            None => wait.await,
            Some(deadline) => tokio::time::timeout_at(deadline.into(), wait)
                .await
                .map_err(|_| self.exhausted())?,
        }
    }

    fn exhausted(&self) -> Error {
        Error::Deadline {
            message: format!(
                "no request slot became free within the call's timeout: \
                 fleet_max_concurrent_requests ({}) caps the requests in flight across every \
                 process sharing {}. Raise 'timeout', run fewer threads or processes, or raise \
                 fleet_max_concurrent_requests up to your Zoho edition's concurrency limit",
                self.cap,
                self.source.describe()
            ),
        }
    }
}

/// 1-4 ms, jittered so that the processes' pollers do not ask in lockstep. Short because a
/// freed slot stays idle until someone asks; asking is one `fcntl` or one small query.
fn poll_pause() -> Duration {
    Duration::from_micros(rand::thread_rng().gen_range(1_000..=4_000))
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    /// Slots counted in memory.
    struct Counted {
        taken: Arc<AtomicU32>,
    }

    struct Held(Arc<AtomicU32>);

    impl SlotLease for Held {}

    impl Drop for Held {
        fn drop(&mut self) {
            self.0.fetch_sub(1, Ordering::SeqCst);
        }
    }

    #[async_trait]
    impl SlotSource for Counted {
        fn describe(&self) -> String {
            "a test counter".into()
        }

        async fn try_take(&self, cap: u32) -> Result<Option<Box<dyn SlotLease>>> {
            let taken = self
                .taken
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                    (n < cap).then_some(n + 1)
                });
            Ok(taken
                .ok()
                .map(|_| Box::new(Held(self.taken.clone())) as Box<dyn SlotLease>))
        }
    }

    fn cap(n: u32) -> (FleetCap, Arc<AtomicU32>) {
        let taken = Arc::new(AtomicU32::new(0));
        let source = Arc::new(Counted {
            taken: taken.clone(),
        });
        (FleetCap::new(source, n), taken)
    }

    #[tokio::test]
    async fn a_full_cap_fails_at_the_deadline_naming_the_cap() {
        let (cap, _) = cap(1);
        let _held = cap.acquire(None).await;
        let deadline = Instant::now() + Duration::from_millis(30);
        match cap.acquire(Some(deadline)).await {
            Err(Error::Deadline { message }) => {
                assert!(
                    message.contains("fleet_max_concurrent_requests (1)"),
                    "{message}"
                );
                assert!(message.contains("a test counter"), "{message}");
            }
            Err(other) => panic!("{other}"),
            Ok(_) => panic!("a second slot was handed out"),
        }
    }

    #[tokio::test]
    async fn a_released_slot_goes_to_the_next_waiter() {
        let (cap, taken) = cap(1);
        let cap = Arc::new(cap);
        let held = cap.acquire(None).await;
        let waiter = tokio::spawn({
            let cap = cap.clone();
            async move { cap.acquire(None).await.map(drop) }
        });
        tokio::task::yield_now().await;
        drop(held);
        assert!(matches!(waiter.await, Ok(Ok(()))));
        assert_eq!(taken.load(Ordering::SeqCst), 0);
    }
}
