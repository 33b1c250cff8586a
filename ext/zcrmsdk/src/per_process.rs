//! Values that belong to one process: the tokio runtime, each engine's client (connection
//! pools, database handles, token cache) and its in-memory store.
//!
//! After `fork` the child inherits them in a state it cannot use: the runtime's threads are
//! gone, a pooled connection or an SQLite handle is shared with the parent (SQLite forbids
//! using, even closing, a connection carried across fork), a lock may be held by a thread that
//! does not exist in the child. So the child *forgets* what it inherited (never drops it:
//! dropping would close the parent's connections or join threads that are not there) and
//! builds its own on first use. The check is a process id comparison on each access, which
//! also covers forks made by C code or `Process.daemon`, where `Process._fork` hooks don't run.
//!
//! Lock-free on purpose: a mutex held by another thread at the moment of fork would stay
//! locked forever in the child.

use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::Arc;

struct Slot<T> {
    pid: u32,
    value: Arc<T>,
}

pub struct PerProcess<T> {
    slot: AtomicPtr<Slot<T>>,
}

impl<T> PerProcess<T> {
    pub const fn new() -> Self {
        PerProcess {
            slot: AtomicPtr::new(ptr::null_mut()),
        }
    }

    /// This process's value, if it was built.
    pub fn get(&self) -> Option<Arc<T>> {
        self.current()
            .filter(|slot| slot.pid == std::process::id())
            .map(|slot| slot.value.clone())
    }

    /// This process's value, built by `build` on first use in this process. `build` is given
    /// the value inherited from the parent, if any, to copy what may be carried over. Two
    /// threads may build at once; one value wins and the other is dropped unused.
    pub fn get_or_build<E>(&self, build: impl Fn(Option<&T>) -> Result<T, E>) -> Result<Arc<T>, E> {
        let pid = std::process::id();
        loop {
            let seen = self.slot.load(Ordering::Acquire);
            // SAFETY: a published slot is freed only by `Drop`, which has `&mut self`.
            let inherited = match unsafe { seen.as_ref() } {
                Some(slot) if slot.pid == pid => return Ok(slot.value.clone()),
                Some(slot) => Some(slot.value.as_ref()),
                None => None,
            };
            let fresh = Box::into_raw(Box::new(Slot {
                pid,
                value: Arc::new(build(inherited)?),
            }));
            match self
                .slot
                .compare_exchange(seen, fresh, Ordering::AcqRel, Ordering::Acquire)
            {
                // The replaced slot, if any, is the parent's: leaked on purpose (module docs).
                // SAFETY: `fresh` was just published and stays alive until `Drop`.
                Ok(_) => return Ok(unsafe { (*fresh).value.clone() }),
                // SAFETY: `fresh` was never published; we still own it. The next turn finds
                // the winner's value.
                Err(_) => drop(unsafe { Box::from_raw(fresh) }),
            }
        }
    }

    fn current(&self) -> Option<&Slot<T>> {
        // SAFETY: see `get_or_build`.
        unsafe { self.slot.load(Ordering::Acquire).as_ref() }
    }
}

impl<T> Drop for PerProcess<T> {
    fn drop(&mut self) {
        let slot = *self.slot.get_mut();
        // SAFETY: we own the slot exclusively here.
        if let Some(owned) = unsafe { slot.as_ref() } {
            if owned.pid == std::process::id() {
                drop(unsafe { Box::from_raw(slot) });
            }
        }
    }
}
