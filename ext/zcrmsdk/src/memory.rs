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

// In `cargo test` the allocator is not installed (see lib.rs).
#![cfg_attr(test, allow(dead_code))]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rb_sys::rb_gc_adjust_memory_usage;

static REPORTING: AtomicBool = AtomicBool::new(true);
/// Reports that passed the `REPORTING` check and have not returned yet.
static REPORTS_UNDER_WAY: AtomicUsize = AtomicUsize::new(0);

pub struct ReportingAllocator;

fn report(delta: isize) {
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
