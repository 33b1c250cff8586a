//! Running Rust work without Ruby's global VM lock, and calling back into Ruby from it.
//!
//! Rules (DESIGN.md): every network or database wait runs with the GVL released, with an
//! unblocking function that cancels the future, so other Ruby threads run and
//! `Timeout.timeout`, `Thread#kill` and Ctrl-C work. Inside, no Ruby object is touched
//! except through [`with_gvl`]. Panics are caught at each C boundary: unwinding into C aborts.

use std::ffi::c_void;
use std::future::Future;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};

use magnus::Error;
use rb_sys::{rb_thread_call_with_gvl, rb_thread_call_without_gvl, ruby_native_thread_p, Qnil};
use tokio::runtime::Runtime;
use tokio::sync::Notify;

use zcrm_core::Error as CoreError;

extern "C" {
    // Exported by libruby but absent from its public headers (so from rb-sys's bindings).
    fn ruby_thread_has_gvl_p() -> std::ffi::c_int;
}

/// Set by Ruby's unblocking function (from another thread) to abandon the running future.
#[derive(Default)]
struct Cancel {
    requested: AtomicBool,
    notify: Notify,
}

impl Cancel {
    fn trigger(&self) {
        self.requested.store(true, Ordering::SeqCst);
        self.notify.notify_one();
    }

    async fn wait(&self) {
        while !self.requested.load(Ordering::SeqCst) {
            self.notify.notified().await;
        }
    }
}

unsafe extern "C" fn unblock(data: *mut c_void) {
    // SAFETY: `data` points at the `Cancel` on the stack of `block_on`, which outlives the
    // blocking region Ruby calls this for.
    let cancel = unsafe { &*(data as *const Cancel) };
    cancel.trigger();
}

struct Call<F, R> {
    work: Option<F>,
    result: Option<std::thread::Result<R>>,
}

unsafe extern "C" fn trampoline<F: FnOnce() -> R, R>(data: *mut c_void) -> *mut c_void {
    // SAFETY: `data` is the `Call` on the caller's stack, alive for the duration of this call.
    let call = unsafe { &mut *(data as *mut Call<F, R>) };
    if let Some(work) = call.work.take() {
        call.result = Some(catch_unwind(AssertUnwindSafe(work)));
    }
    std::ptr::null_mut()
}

/// Runs `future` on `runtime` with the GVL released. If Ruby interrupts the thread (kill,
/// timeout, signal), the future is dropped and Ruby's pending exception is raised; that comes
/// back as `Err(magnus::Error)`. Otherwise the future's own result is returned.
pub fn block_on<T>(
    runtime: &Runtime,
    future: impl Future<Output = Result<T, CoreError>>,
) -> Result<Result<T, CoreError>, Error> {
    let cancel = Cancel::default();
    let work = || {
        runtime.block_on(async {
            tokio::select! {
                biased;
                _ = cancel.wait() => Err(CoreError::Interrupted),
                result = future => result,
            }
        })
    };
    let result = without_gvl(work, &cancel)?;
    Ok(result.unwrap_or(Err(CoreError::Interrupted)))
}

/// Calls `work` in a blocking region whose unblocking function triggers `cancel`. `None`
/// when Ruby never ran it (an interrupt was already pending).
fn without_gvl<F: FnOnce() -> R, R>(work: F, cancel: &Cancel) -> Result<Option<R>, Error> {
    let mut call = Call {
        work: Some(work),
        result: None,
    };
    let data = &mut call as *mut Call<F, R> as *mut c_void;
    let cancel_ptr = cancel as *const Cancel as *mut c_void;
    // `protect` catches the exception Ruby raises for a pending interrupt, before or after
    // the blocking region, so that it unwinds through Ruby, not through these Rust frames.
    magnus::rb_sys::protect(|| {
        // SAFETY: the trampoline matches `call`'s type; both pointers outlive the call.
        unsafe {
            rb_thread_call_without_gvl(Some(trampoline::<F, R>), data, Some(unblock), cancel_ptr)
        };
        Qnil as _
    })?;
    match call.result {
        Some(Ok(result)) => Ok(Some(result)),
        Some(Err(panic)) => resume_unwind(panic),
        None => Ok(None),
    }
}

/// Runs `work` holding the GVL, from code that released it on this same Ruby thread.
/// Returns `None` when this thread is not a Ruby thread (a tokio worker): Ruby must never be
/// called from there.
pub fn with_gvl<F: FnOnce() -> R, R>(work: F) -> Option<R> {
    // SAFETY: both are plain queries of the current thread's state.
    let (ruby_thread, has_gvl) =
        unsafe { (ruby_native_thread_p() != 0, ruby_thread_has_gvl_p() != 0) };
    if !ruby_thread {
        return None;
    }
    if has_gvl {
        return Some(work());
    }
    let mut call = Call {
        work: Some(work),
        result: None,
    };
    let data = &mut call as *mut Call<F, R> as *mut c_void;
    // SAFETY: the trampoline matches `call`'s type, which outlives the call.
    unsafe { rb_thread_call_with_gvl(Some(trampoline::<F, R>), data) };
    match call.result {
        Some(Ok(result)) => Some(result),
        Some(Err(panic)) => resume_unwind(panic),
        None => None,
    }
}
