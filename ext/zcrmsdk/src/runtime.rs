//! The tokio runtime, one per process.
//!
//! A runtime's worker and I/O-driver threads do not survive `fork`: a child that used the
//! parent's runtime would wait forever for a driver that is gone. So the runtime belongs to
//! a process id; a child builds its own and leaks the parent's (dropping it would try to
//! join threads that do not exist in the child).

use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};

use tokio::runtime::{Builder, Runtime};

struct Slot {
    pid: u32,
    runtime: Runtime,
}

static SLOT: AtomicPtr<Slot> = AtomicPtr::new(ptr::null_mut());

/// This process's runtime, built on first use (and again after a fork).
pub fn current() -> std::io::Result<&'static Runtime> {
    let pid = std::process::id();
    loop {
        let seen = SLOT.load(Ordering::Acquire);
        // SAFETY: slots are never freed once published (see the module docs).
        if let Some(slot) = unsafe { seen.as_ref() } {
            if slot.pid == pid {
                return Ok(&slot.runtime);
            }
        }
        let fresh = Box::into_raw(Box::new(Slot {
            pid,
            runtime: build()?,
        }));
        match SLOT.compare_exchange(seen, fresh, Ordering::AcqRel, Ordering::Acquire) {
            // SAFETY: `fresh` was just published and is never freed.
            Ok(_) => return Ok(unsafe { &(*fresh).runtime }),
            // Another thread of this process won the race: discard ours and use theirs.
            Err(_) => drop(unsafe { Box::from_raw(fresh) }),
        }
    }
}

fn build() -> std::io::Result<Runtime> {
    Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("zcrmsdk-io")
        .enable_all()
        .build()
}
