//! A Ruby exception (or a `throw`/kill jump) that happened inside a callback into Ruby made
//! while the GVL was released. It cannot unwind through the Rust and C frames in between, so it
//! is parked here and raised once the blocking region is over.

use std::cell::RefCell;

use magnus::{Error, Ruby};

const KEEPALIVE_KEY: &str = "__zcrmsdk_pending_error";

thread_local! {
    static PENDING: RefCell<Option<Error>> = const { RefCell::new(None) };
}

pub fn park(ruby: &Ruby, error: Error) {
    // The parked exception must stay reachable for the GC until it is raised.
    if let Some(exception) = error.value() {
        let _ = ruby.thread_current().local_aset(KEEPALIVE_KEY, exception);
    }
    PENDING.with(|slot| *slot.borrow_mut() = Some(error));
}

pub fn take(ruby: &Ruby) -> Option<Error> {
    let parked = PENDING.with(|slot| slot.borrow_mut().take())?;
    let _ = ruby.thread_current().local_aset(KEEPALIVE_KEY, ruby.qnil());
    Some(parked)
}
