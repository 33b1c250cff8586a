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
//! The id is [`pid`]: read once per process, not with a system call on each access.
//!
//! Lock-free on purpose: a mutex held by another thread at the moment of fork would stay
//! locked forever in the child.

use std::ptr;
use std::sync::atomic::{AtomicPtr, AtomicU32, Ordering};
use std::sync::{Arc, Once};

static PID: AtomicU32 = AtomicU32::new(0);

/// This process's id. `getpid` is a system call (glibc no longer caches it), made twice a
/// call otherwise; the id is read once and kept, and a fork handler forgets it in a child.
/// `pthread_atfork` handlers run for every `fork()`: Ruby's, C code's, `Process.daemon`'s.
pub fn pid() -> u32 {
    static HANDLER: Once = Once::new();
    HANDLER.call_once(|| {
        // SAFETY: registers a handler that only stores into an atomic, which is
        // async-signal-safe, as a handler run in a forked child must be.
        unsafe { libc::pthread_atfork(None, None, Some(forget_pid)) };
    });
    match PID.load(Ordering::Relaxed) {
        0 => {
            let pid = std::process::id();
            PID.store(pid, Ordering::Relaxed);
            pid
        }
        pid => pid,
    }
}

extern "C" fn forget_pid() {
    PID.store(0, Ordering::Relaxed);
}

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
            .filter(|slot| slot.pid == pid())
            .map(|slot| slot.value.clone())
    }

    /// This process's value, built by `build` on first use in this process. `build` is given
    /// the value inherited from the parent, if any, to copy what may be carried over. Two
    /// threads may build at once; one value wins and the other is dropped unused.
    pub fn get_or_build<E>(&self, build: impl Fn(Option<&T>) -> Result<T, E>) -> Result<Arc<T>, E> {
        let pid = pid();
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
            if owned.pid == pid() {
                drop(unsafe { Box::from_raw(slot) });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::pid;

    #[test]
    fn a_forked_child_reads_its_own_pid_not_the_parents() {
        let parent = pid();
        assert_eq!(parent, std::process::id());
        // SAFETY: the child only reads its pid and leaves with `_exit`, touching no lock.
        match unsafe { libc::fork() } {
            0 => {
                let own = pid() == std::process::id() && pid() != parent;
                unsafe { libc::_exit(if own { 0 } else { 1 }) }
            }
            child => {
                assert!(child > 0, "fork failed");
                let mut status = 0;
                // SAFETY: waits for the child just forked.
                unsafe { libc::waitpid(child, &mut status, 0) };
                assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0);
                assert_eq!(pid(), parent);
            }
        }
    }
}
