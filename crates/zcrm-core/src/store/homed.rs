//! A store whose connections belong to one runtime, used by calls driven on others.
//!
//! mysql_async registers each connection's socket with the reactor of the runtime that opened
//! it, and runs its pool's recycler there. The Ruby binding drives each call on the calling
//! thread's own runtime, which moves only while that thread waits for a call: a connection
//! opened there and pooled would hang the next thread that took it. So every operation of
//! such a store runs as a task on the process's multi-threaded runtime (`home`), which always
//! runs, and the call awaits it. Dropping the call's future (an interrupt, a timeout) aborts
//! the task, so an operation stops where it would have stopped had the call polled it itself.
//! The refresh lock, which spans several steps of a call, is held by a task that serves them
//! and lets the lock go when its handle is dropped.

use std::future::Future;
use std::sync::Arc;

use async_trait::async_trait;
use tokio::runtime::Handle;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

use super::{LockedTokens, TokenStore};
use crate::error::{Error, Result};
use crate::tokens::Tokens;
use crate::transport::fleet_cap::{SlotLease, SlotSource};

/// `store`, reached through `home`: for a store whose I/O is bound to the runtime that opened
/// it (`TokenStore::io_is_runtime_bound`).
pub fn on_home(store: Arc<dyn TokenStore>, home: Handle) -> Arc<dyn TokenStore> {
    Arc::new(Homed { inner: store, home })
}

struct Homed {
    inner: Arc<dyn TokenStore>,
    home: Handle,
}

/// A task on `home`, aborted when this handle is dropped.
struct OnHome<T>(JoinHandle<T>);

impl<T> Drop for OnHome<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

fn spawn<T, F>(home: &Handle, work: F) -> OnHome<T>
where
    T: Send + 'static,
    F: Future<Output = T> + Send + 'static,
{
    OnHome(home.spawn(work))
}

impl<T> OnHome<T> {
    async fn join(mut self, kind: &'static str) -> Result<T> {
        (&mut self.0).await.map_err(|e| stopped(kind, &e))
    }
}

fn stopped(kind: &'static str, why: &dyn std::fmt::Display) -> Error {
    Error::store(
        kind,
        format!(
            "the store's I/O task stopped before answering ({why}); the process may be exiting"
        ),
    )
}

impl Homed {
    async fn run<T, F>(&self, work: F) -> Result<T>
    where
        T: Send + 'static,
        F: Future<Output = Result<T>> + Send + 'static,
    {
        spawn(&self.home, work).join(self.inner.kind()).await?
    }
}

#[async_trait]
impl TokenStore for Homed {
    fn kind(&self) -> &'static str {
        self.inner.kind()
    }

    async fn load(&self, user: &str) -> Result<Option<Tokens>> {
        let (inner, user) = (self.inner.clone(), user.to_owned());
        self.run(async move { inner.load(&user).await }).await
    }

    async fn save(&self, tokens: &Tokens) -> Result<()> {
        let (inner, tokens) = (self.inner.clone(), tokens.clone());
        self.run(async move { inner.save(&tokens).await }).await
    }

    async fn delete(&self, user: &str) -> Result<()> {
        let (inner, user) = (self.inner.clone(), user.to_owned());
        self.run(async move { inner.delete(&user).await }).await
    }

    async fn lock(&self, user: &str) -> Result<Box<dyn LockedTokens + '_>> {
        let (granted, grant) = oneshot::channel();
        let (commands, inbox) = mpsc::channel(1);
        let (inner, user) = (self.inner.clone(), user.to_owned());
        let holder = spawn(&self.home, async move {
            match inner.lock(&user).await {
                // Nobody waits for the lock any more: dropping it here lets it go.
                Ok(locked) => {
                    if granted.send(Ok(())).is_ok() {
                        serve(locked, inbox).await;
                    }
                }
                Err(error) => {
                    let _ = granted.send(Err(error));
                }
            }
        });
        let kind = self.kind();
        grant.await.map_err(|e| stopped(kind, &e))??;
        Ok(Box::new(HomedLock {
            commands,
            _holder: holder,
            kind,
        }))
    }

    fn request_slots(&self) -> Result<Option<Arc<dyn SlotSource>>> {
        Ok(self.inner.request_slots()?.map(|inner| {
            Arc::new(HomedSlots {
                inner,
                home: self.home.clone(),
                kind: self.kind(),
            }) as Arc<dyn SlotSource>
        }))
    }
}

enum Command {
    Load(oneshot::Sender<Result<Option<Tokens>>>),
    Save(Tokens, oneshot::Sender<Result<()>>),
    Release(oneshot::Sender<Result<()>>),
}

/// The lock holder's loop: one step of the call at a time, until release or until the call's
/// handle is gone (then the lock is dropped, which lets it go).
async fn serve(mut locked: Box<dyn LockedTokens + '_>, mut inbox: mpsc::Receiver<Command>) {
    while let Some(command) = inbox.recv().await {
        match command {
            Command::Load(reply) => {
                let _ = reply.send(locked.load().await);
            }
            Command::Save(tokens, reply) => {
                let _ = reply.send(locked.save(&tokens).await);
            }
            Command::Release(reply) => {
                let _ = reply.send(locked.release().await);
                return;
            }
        }
    }
}

struct HomedLock {
    commands: mpsc::Sender<Command>,
    /// Aborting the holder drops the lock on `home`.
    _holder: OnHome<()>,
    kind: &'static str,
}

impl HomedLock {
    async fn ask<T>(
        &self,
        command: impl FnOnce(oneshot::Sender<Result<T>>) -> Command,
    ) -> Result<T> {
        let (reply, answer) = oneshot::channel();
        let gone = |e: &dyn std::fmt::Display| stopped(self.kind, e);
        self.commands
            .send(command(reply))
            .await
            .map_err(|e| gone(&e))?;
        answer.await.map_err(|e| gone(&e))?
    }
}

#[async_trait]
impl LockedTokens for HomedLock {
    async fn load(&mut self) -> Result<Option<Tokens>> {
        self.ask(Command::Load).await
    }

    async fn save(&mut self, tokens: &Tokens) -> Result<()> {
        let tokens = tokens.clone();
        self.ask(|reply| Command::Save(tokens, reply)).await
    }

    async fn release(self: Box<Self>) -> Result<()> {
        self.ask(Command::Release).await
    }
}

struct HomedSlots {
    inner: Arc<dyn SlotSource>,
    home: Handle,
    /// The store's kind, for errors.
    kind: &'static str,
}

#[async_trait]
impl SlotSource for HomedSlots {
    fn describe(&self) -> String {
        self.inner.describe()
    }

    async fn try_take(&self, cap: u32) -> Result<Option<Box<dyn SlotLease>>> {
        let (inner, home) = (self.inner.clone(), self.home.clone());
        // Wrapped on `home`, so that a lease taken just as the call gave up is still given
        // back there, wherever the task's output is dropped.
        let take = spawn(&self.home, async move {
            let lease = inner.try_take(cap).await?;
            Ok(lease.map(|lease| {
                Box::new(HomedLease {
                    lease: Some(lease),
                    home,
                }) as Box<dyn SlotLease>
            }))
        });
        take.join(self.kind).await?
    }
}

/// A slot taken on `home` and given back there: its release is I/O on the store's
/// connection.
struct HomedLease {
    lease: Option<Box<dyn SlotLease>>,
    home: Handle,
}

impl SlotLease for HomedLease {}

impl Drop for HomedLease {
    fn drop(&mut self) {
        if let Some(lease) = self.lease.take() {
            drop(self.home.spawn(async move { drop(lease) }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::memory::MemoryStore;

    /// A memory store that says its I/O is bound, and counts what runs on which runtime.
    struct Bound(MemoryStore);

    #[async_trait]
    impl TokenStore for Bound {
        fn kind(&self) -> &'static str {
            "bound"
        }
        fn io_is_runtime_bound(&self) -> bool {
            true
        }
        async fn load(&self, user: &str) -> Result<Option<Tokens>> {
            assert_on_home();
            self.0.load(user).await
        }
        async fn save(&self, tokens: &Tokens) -> Result<()> {
            assert_on_home();
            self.0.save(tokens).await
        }
        async fn delete(&self, user: &str) -> Result<()> {
            assert_on_home();
            self.0.delete(user).await
        }
        async fn lock(&self, user: &str) -> Result<Box<dyn LockedTokens + '_>> {
            assert_on_home();
            self.0.lock(user).await
        }
    }

    fn assert_on_home() {
        let name = std::thread::current().name().unwrap_or_default().to_owned();
        assert_eq!(name, "home", "a bound store's I/O ran off its runtime");
    }

    fn home() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("home")
            .enable_all()
            .build()
            .expect("runtime")
    }

    fn tokens(user: &str, access: &str) -> Tokens {
        Tokens {
            user_identifier: user.into(),
            access_token: access.into(),
            refresh_token: Some("r".into()),
            expiry_time: 0,
            api_domain: None,
            accounts_server: None,
        }
    }

    /// Runs `test` with a bound store reached through a home runtime, on a current-thread
    /// runtime of its own, as the binding drives a call.
    fn with_bound_store<F: Future<Output = ()>>(test: impl FnOnce(Arc<dyn TokenStore>) -> F) {
        let home = home();
        let store = on_home(Arc::new(Bound(MemoryStore::new())), home.handle().clone());
        let local = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        local.block_on(test(store));
    }

    #[test]
    fn every_operation_of_a_bound_store_runs_on_home() {
        with_bound_store(|store| async move {
            store.save(&tokens("a@x", "one")).await.expect("save");
            let mut locked = store.lock("a@x").await.expect("lock");
            let read = locked.load().await.expect("load").expect("some");
            assert_eq!(read.access_token, "one");
            locked.save(&tokens("a@x", "two")).await.expect("save");
            locked.release().await.expect("release");
            drop(store.lock("a@x").await.expect("the lock was given back"));
            let loaded = store.load("a@x").await.expect("load").expect("some");
            assert_eq!(loaded.access_token, "two");
            store.delete("a@x").await.expect("delete");
        });
    }

    #[test]
    fn a_dropped_lock_handle_lets_the_lock_go() {
        with_bound_store(|store| async move {
            drop(store.lock("a@x").await.expect("lock"));
            let again = tokio::time::timeout(std::time::Duration::from_secs(5), store.lock("a@x"));
            assert!(again.await.is_ok(), "the lock stayed held");
        });
    }
}
