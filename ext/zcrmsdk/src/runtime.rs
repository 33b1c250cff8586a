//! The tokio runtimes calls run on.
//!
//! Each Ruby thread drives its own calls on a current-thread runtime of its own ([`local`]),
//! polled by that thread while it waits with the GVL released (see `call`): the request is
//! written and its answer read by the thread that asked, with no hand-off to worker threads.
//! On loopback that hand-off (waking a worker, then being woken by it) cost more than the
//! request itself. The thread's connections live on its runtime, so each thread has its own
//! pool (zcrm-core's `transport::http_clients`).
//!
//! The process also keeps one multi-threaded runtime ([`home`]) for I/O that must not depend
//! on any one thread's wait: the MySQL store's pool (zcrm-core's `store::homed`).
//!
//! After `fork` the child forgets what it inherited and builds its own (see `per_process`):
//! an inherited runtime's reactor shares its epoll instance with the parent's, and dropping it
//! would deregister the parent's sockets.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::runtime::{Builder, Runtime};

use crate::per_process::{self, PerProcess};

static HOME: PerProcess<Runtime> = PerProcess::new();

/// This process's multi-threaded runtime, built on first use (and again after a fork).
pub fn home() -> std::io::Result<Arc<Runtime>> {
    HOME.get_or_build(|_inherited| {
        Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("zcrmsdk-home")
            .enable_all()
            .build()
    })
}

struct Local {
    pid: u32,
    /// Shared with the calls in progress on this thread: a callback of one call may make
    /// another, which drives the same runtime while the first waits for the callback.
    runtime: Option<Rc<Runtime>>,
    /// When this thread last stopped driving its runtime (see [`Driver::idle`]).
    idle_since: Rc<Cell<Option<Instant>>>,
}

impl Drop for Local {
    /// When the thread ends. Tasks still on the runtime are idle connections; a blocking task
    /// left by a cancelled call (a file lock wait) must not hold up the thread's exit.
    fn drop(&mut self) {
        let Some(runtime) = self.runtime.take() else {
            return;
        };
        if self.pid != per_process::pid() {
            // Inherited across fork: forgotten, never dropped (module docs).
            std::mem::forget(runtime);
        } else if let Ok(runtime) = Rc::try_unwrap(runtime) {
            runtime.shutdown_background();
        }
    }
}

thread_local! {
    static LOCAL: RefCell<Option<Local>> = const { RefCell::new(None) };
}

/// The calling thread's runtime, as one call drives it.
pub struct Driver {
    pub runtime: Rc<Runtime>,
    idle_since: Rc<Cell<Option<Instant>>>,
    /// Whether the runtime was left idle before this call (and this call is not a callback's,
    /// made while another call of the thread waits).
    idle: bool,
}

impl Driver {
    /// Whether this thread's connections sat unwatched long enough for a server to have
    /// closed one: nothing reads a thread's sockets between its calls, so a connection the
    /// server closed still looks reusable until the runtime has had a look at it.
    pub fn idle(&self) -> bool {
        self.idle
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.idle_since.set(Some(Instant::now()));
    }
}

/// How long a thread's runtime may sit unwatched before a call first lets it read what came
/// in meanwhile. Servers close idle connections after seconds; back-to-back calls skip it.
const IDLE: Duration = Duration::from_millis(50);

/// The calling thread's runtime, built on its first call (and again after a fork).
pub fn local() -> std::io::Result<Driver> {
    LOCAL.with(|slot| {
        let mut slot = slot.borrow_mut();
        let pid = per_process::pid();
        let current = slot
            .as_ref()
            .filter(|local| local.pid == pid)
            .and_then(|local| Some((local.runtime.clone()?, local.idle_since.clone())));
        let (runtime, idle_since) = match current {
            Some(current) => current,
            None => {
                let runtime = Rc::new(Builder::new_current_thread().enable_all().build()?);
                let idle_since = Rc::new(Cell::new(None));
                // An inherited one is dropped by `Local::drop`, which forgets it.
                *slot = Some(Local {
                    pid,
                    runtime: Some(runtime.clone()),
                    idle_since: idle_since.clone(),
                });
                (runtime, idle_since)
            }
        };
        // Taken while this call drives: a nested call (a callback's) finds none.
        let idle = idle_since
            .take()
            .is_some_and(|since| since.elapsed() >= IDLE);
        Ok(Driver {
            runtime,
            idle_since,
            idle,
        })
    })
}
