//! The process's allocator: the system's, reporting Rust heap use to Ruby's GC (as rb-sys's
//! `TrackingAllocator` does) so that Ruby collects engines, record pages and the strings they
//! hold with the whole process's memory in view, but only while Ruby's VM is alive.
//!
//! rb-sys's allocator reports from every thread at every moment. At exit Ruby frees its VM
//! (`ruby_vm_destruct`) while the runtime's threads still free memory (a connection pool, a
//! TLS configuration dropped last on a worker): reporting those frees wrote into the freed
//! VM, and a single-threaded `zcrm records` died with "corrupted double-linked list" in
//! about one run in five. Here Ruby's `at_exit` stops the reports first
//! (`ZCRMSDK::Native.stop_reporting_memory`), and waits for any report under way to finish.
//! Reports are batched per thread (see [`STEP`]).

// In `cargo test` the allocator is not installed (see lib.rs).
#![cfg_attr(test, allow(dead_code))]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rb_sys::rb_gc_adjust_memory_usage;

static REPORTING: AtomicBool = AtomicBool::new(true);
/// Reports that passed the `REPORTING` check and have not returned yet.
static REPORTS_UNDER_WAY: AtomicUsize = AtomicUsize::new(0);

pub struct ReportingAllocator;

/// Reports go to Ruby in steps of at least this many bytes a thread: a report is several
/// atomic operations on counters every thread shares (ours and Ruby's), which cost more than
/// the allocation itself when each of a call's hundreds of small allocations sent one.
const STEP: isize = 256 * 1024;

thread_local! {
    /// This thread's allocations not reported yet, in bytes (frees count negative).
    static PENDING: Cell<isize> = const { Cell::new(0) };
}

/// Adds `delta` to this thread's pending bytes and reports them once they reach a step.
/// Memory freed by another thread than the one that allocated it evens out across threads:
/// Ruby's view is off by less than a step a thread.
fn report(delta: isize) {
    let due = PENDING
        .try_with(|pending| {
            let total = pending.get().saturating_add(delta);
            if total.unsigned_abs() < STEP.unsigned_abs() {
                pending.set(total);
                0
            } else {
                pending.set(0);
                total
            }
        })
        // A thread whose locals are gone (it is exiting) reports at once.
        .unwrap_or(delta);
    send(due);
}

fn send(delta: isize) {
    if delta == 0 {
        return;
    }
    REPORTS_UNDER_WAY.fetch_add(1, Ordering::SeqCst);
    if REPORTING.load(Ordering::SeqCst) {
        // SAFETY: the VM is alive until `stop_reporting` returns, which waits for this report;
        // Ruby updates its counters atomically, from any thread.
        unsafe { rb_gc_adjust_memory_usage(delta as _) };
    }
    REPORTS_UNDER_WAY.fetch_sub(1, Ordering::SeqCst);
}

/// No report reaches Ruby once this returns (Ruby is about to free its VM).
pub fn stop_reporting() {
    REPORTING.store(false, Ordering::SeqCst);
    while REPORTS_UNDER_WAY.load(Ordering::SeqCst) != 0 {
        std::hint::spin_loop();
    }
}

// SAFETY: every method hands the work to `System` unchanged; reporting allocates nothing.
unsafe impl GlobalAlloc for ReportingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            report(layout.size() as isize);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as above.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            report(layout.size() as isize);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) };
        report(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as above.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            report(new_size as isize - layout.size() as isize);
        }
        new
    }
}
