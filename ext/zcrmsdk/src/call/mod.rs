//! One engine call, seen from the calling Ruby thread (DESIGN.md, "Waiting and callbacks").
//!
//! The call's future runs as a task on the process's runtime. The Ruby thread waits for it
//! with the GVL released ([`mailbox`]); when the task needs Ruby (a custom store method, an
//! IO `write`) it sends a job and awaits the answer, and the Ruby thread leaves the blocking
//! region to run the job with the GVL held. Ruby code therefore runs only on the calling
//! thread, in an ordinary Ruby context: a job may itself call the SDK (that is just another
//! call, with its own task and mailbox), and an exception can never jump over a Rust frame.
//!
//! Interrupts: when Ruby's unblocking function fires, the thread leaves the region and runs
//! Ruby's interrupt check under `rb_protect`. Nothing pending (a trapped signal's handler ran,
//! `Thread#wakeup`): it waits again and the call goes on. An exception pending (Timeout,
//! Thread#raise/kill, Ctrl-C): the task is aborted, the cleanup it sends while being dropped
//! (a handler's unlock) is still served, and only then is the exception re-raised. A kill
//! that arrives while that cleanup runs is not lost (see [`kill_wins`]).

mod mailbox;

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use std::ffi::c_int;

use magnus::error::ErrorType;
use magnus::rb_sys::AsRawValue;
use magnus::value::{Opaque, ReprValue};
use magnus::{Class, Error, RArray, Ruby, Value};
use rb_sys::{rb_ensure, rb_exc_raise, rb_jump_tag, rb_thread_check_ints, Qnil, VALUE};
use tokio::runtime::Runtime;
use tokio::sync::oneshot;

use zcrm_core::Error as CoreError;

use crate::errors;

use mailbox::{Event, Job, Mailbox, Request};

tokio::task_local! {
    static CALLER: Caller;
}

/// The Ruby thread a task belongs to, as the task sees it: where to send jobs.
#[derive(Clone)]
pub struct Caller {
    mailbox: Arc<Mailbox>,
}

/// How a job runs.
pub enum Mode {
    /// Interruptible; skipped when the task no longer waits for it.
    Plain,
    /// Takes something that must be given back (a lock). Runs with interrupts deferred, so
    /// that it is never taken without the task learning it was; skipped when the task no
    /// longer waits; `undo` gives it back when the task does not claim the answer.
    Acquire(Undo),
    /// Gives something back (an unlock). Runs with interrupts deferred, always.
    Release,
}

/// Gives back what an `Acquire` job took.
pub type Undo = Box<dyn FnOnce(&Ruby) -> Result<(), Error> + Send>;

/// Why a job gave no value.
#[derive(Debug)]
pub enum JobFailure {
    /// The callback raised a StandardError: "Class: message". The exception itself is parked
    /// on the call, to become the `cause` of the error the call raises.
    Raised(String),
    /// The call is being cancelled (an interrupt, a kill) and the job did not complete.
    Cancelled,
}

impl Caller {
    /// The caller of the task this runs in; `None` outside a call's task.
    pub fn current() -> Option<Caller> {
        CALLER.try_with(Caller::clone).ok()
    }

    /// Runs `work` on the calling Ruby thread, with the GVL held, and waits for its answer.
    pub async fn ask<T, W>(&self, mode: Mode, work: W) -> Result<T, JobFailure>
    where
        T: Send + 'static,
        W: FnOnce(&Ruby) -> Result<T, Error> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel::<Delivery<T>>();
        let uninterruptible = !matches!(mode, Mode::Plain);
        let caller = self.clone();
        let job: Job = Box::new(move |ruby, parked| {
            // A task that no longer waits (it was cancelled) needs no answer: skip its work,
            // unless it is a release, which must happen whoever waits for it.
            if reply.is_closed() && !matches!(mode, Mode::Release) {
                return Ok(());
            }
            let (result, interrupt) = match work(ruby) {
                Ok(value) => (Ok(value), None),
                Err(error) if is_standard_error(ruby, &error) => {
                    parked.park(ruby, &error);
                    (Err(JobFailure::Raised(describe(&error))), None)
                }
                Err(interrupt) => (Err(JobFailure::Cancelled), Some(interrupt)),
            };
            let undo = match (mode, &result) {
                (Mode::Acquire(undo), Ok(_)) => Some(UndoGuard {
                    caller,
                    undo: Some(undo),
                }),
                _ => None,
            };
            // Undelivered (the task was dropped meanwhile), the delivery drops here and its
            // guard sends the undo; delivered but never claimed (dropped before the task ran
            // again), it drops with the channel and does the same.
            let _ = reply.send(Delivery { result, undo });
            interrupt.map_or(Ok(()), Err)
        });
        self.mailbox.send(Request {
            job,
            uninterruptible,
        });
        match answer.await {
            Ok(mut delivery) => {
                if let Some(guard) = delivery.undo.as_mut() {
                    guard.undo = None;
                }
                delivery.result
            }
            Err(_) => Err(JobFailure::Cancelled),
        }
    }

    /// Sends `work` without waiting for it: cleanup from a `Drop`, where nothing can await.
    /// The Ruby thread serves it before the call returns, even when the call was cancelled.
    pub fn tell<W>(&self, work: W)
    where
        W: FnOnce(&Ruby) -> Result<(), Error> + Send + 'static,
    {
        let job: Job = Box::new(move |ruby, parked| match work(ruby) {
            Err(error) if is_standard_error(ruby, &error) => {
                parked.park(ruby, &error);
                Ok(())
            }
            other => other,
        });
        self.mailbox.send(Request {
            job,
            uninterruptible: true,
        });
    }
}

/// A job's answer on its way to the task.
struct Delivery<T> {
    result: Result<T, JobFailure>,
    /// For an acquired resource: gives it back unless the task claims the answer.
    undo: Option<UndoGuard>,
}

struct UndoGuard {
    caller: Caller,
    undo: Option<Undo>,
}

impl Drop for UndoGuard {
    fn drop(&mut self) {
        if let Some(undo) = self.undo.take() {
            self.caller.tell(undo);
        }
    }
}

/// How a call ended, when Ruby did not interrupt it.
pub struct Finished<T> {
    pub result: Result<T, CoreError>,
    /// The last exception a callback of this call raised (a custom store's, an IO's).
    pub callback_error: Option<Value>,
}

/// Runs `future` as a task and waits for it as described in the module docs. `Err` is a Ruby
/// exception (or kill) that interrupted the call: the caller returns it to Ruby as it is.
/// `after_cancel` runs once an interrupt has cancelled the task and its cleanup is served,
/// still inside the unwinding (so it may call Ruby; its own errors are its to swallow).
pub fn run<T, F>(
    ruby: &Ruby,
    runtime: &Runtime,
    future: F,
    after_cancel: &dyn Fn(),
) -> Result<Finished<T>, Error>
where
    T: Send + 'static,
    F: Future<Output = Result<T, CoreError>> + Send + 'static,
{
    let mailbox = Arc::new(Mailbox::default());
    let slot = Arc::new(Mutex::new(None));
    let caller = Caller {
        mailbox: mailbox.clone(),
    };
    let output = slot.clone();
    let body = CALLER.scope(caller, async move {
        let result = future.await;
        *output.lock().unwrap_or_else(PoisonError::into_inner) = Some(result);
    });
    let task = runtime.spawn(Tracked {
        future: Some(Box::pin(body)),
        mailbox: mailbox.clone(),
    });

    // Callback exceptions live in a Ruby Array on this thread's stack, where the GC sees it.
    let parked_array = ruby.ary_new();
    let parked = Parked(Opaque::from(parked_array));
    let late = std::cell::Cell::new(None);
    let cancel = || {
        task.abort();
        late.set(drain(ruby, &mailbox, parked));
        after_cancel();
    };
    let cancel: &dyn Fn() = &cancel;
    loop {
        let interrupted = match mailbox.wait() {
            Event::Finished => break,
            Event::Job(request) => match run_request(ruby, &mailbox, request, parked) {
                Err(interrupt) => Err(reraise_after(ruby, interrupt, cancel)),
                Ok(()) => Ok(()),
            },
            Event::Woken => check_interrupts(cancel),
        };
        if let Err(first) = interrupted {
            return Err(kill_wins(first, late.take()));
        }
    }
    let result = slot
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take()
        .unwrap_or_else(|| {
            Err(CoreError::store(
                "engine",
                "the call ended without a result (an internal failure; please report it)",
            ))
        });
    let callback_error = parked_array.entry::<Option<Value>>(-1).ok().flatten();
    Ok(Finished {
        result,
        callback_error,
    })
}

/// Ruby's interrupt check: runs trap handlers, raises a pending Thread#raise, Timeout or
/// kill. When it raises, `cancel` runs as an `ensure` while the exception propagates: a
/// kill or a `throw` (Timeout's) lives in the VM's error state, which any Ruby code run
/// after catching it would overwrite, so cleanup that calls Ruby must happen inside the
/// unwinding, never between catching and re-raising.
fn check_interrupts(cancel: &dyn Fn()) -> Result<(), Error> {
    let completed = std::cell::Cell::new(false);
    protected_ensure(
        || {
            // SAFETY: a Ruby thread holding the GVL, inside rb_protect.
            unsafe { rb_thread_check_ints() };
            completed.set(true);
        },
        || {
            if !completed.get() {
                cancel();
            }
        },
    )
}

/// Re-raises an interrupt a job caught, with `cancel` run as its `ensure` (see above).
fn reraise_after(ruby: &Ruby, interrupt: Error, cancel: &dyn Fn()) -> Error {
    let outcome = protected_ensure(|| raise(interrupt), cancel);
    outcome.err().unwrap_or_else(|| {
        Error::new(
            ruby.exception_runtime_error(),
            "ZCRMSDK: an interrupt could not be re-raised",
        )
    })
}

fn raise(error: Error) {
    match error.error_type() {
        // SAFETY: inside rb_protect (see `protected_ensure`); nothing ran Ruby code since the
        // jump was caught, so the VM's error state still describes it.
        ErrorType::Jump(tag) => unsafe { rb_jump_tag(*tag as c_int) },
        ErrorType::Exception(exception) => unsafe { rb_exc_raise(exception.as_raw()) },
        ErrorType::Error(class, message) => {
            let raised: Result<Value, Error> = class.funcall("new", (message.to_string(),));
            if let Ok(exception) = raised {
                // SAFETY: as above.
                unsafe { rb_exc_raise(exception.as_raw()) }
            }
        }
    }
}

/// `body` with `cleanup` as its `ensure` (`rb_ensure`), inside `rb_protect`: whatever `body`
/// raises or throws comes back as `Err` after `cleanup` ran, never unwinding a Rust frame.
/// `body` may leave by a Ruby jump, so it holds nothing that needs dropping.
fn protected_ensure<B: FnOnce(), C: FnOnce()>(body: B, cleanup: C) -> Result<(), Error> {
    let mut body = Some(body);
    let mut cleanup = Some(cleanup);
    let body_ptr = &mut body as *mut Option<B> as VALUE;
    let cleanup_ptr = &mut cleanup as *mut Option<C> as VALUE;
    magnus::rb_sys::protect(|| {
        // SAFETY: each trampoline matches the type behind its pointer; both outlive the call.
        unsafe {
            rb_ensure(
                Some(run_body::<B>),
                body_ptr,
                Some(run_cleanup::<C>),
                cleanup_ptr,
            )
        }
    })
    .map(|_| ())
}

unsafe extern "C" fn run_body<F: FnOnce()>(data: VALUE) -> VALUE {
    // SAFETY: `data` is the `Option<F>` on `protected_ensure`'s stack.
    if let Some(body) = unsafe { &mut *(data as *mut Option<F>) }.take() {
        body();
    }
    Qnil as VALUE
}

unsafe extern "C" fn run_cleanup<F: FnOnce()>(data: VALUE) -> VALUE {
    // SAFETY: as in `run_body`.
    if let Some(cleanup) = unsafe { &mut *(data as *mut Option<F>) }.take() {
        // Cleanup calls Ruby only under rb_protect; a panic must not unwind into C.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(cleanup));
    }
    Qnil as VALUE
}

/// After the task was aborted: serves what it sends while being dropped (an unlock), until
/// it is gone. The waits between jobs do not check interrupts (the one being raised goes
/// first); an interrupt Ruby raises around a job is returned, a kill in preference, for
/// [`kill_wins`].
fn drain(ruby: &Ruby, mailbox: &Mailbox, parked: Parked) -> Option<Error> {
    let mut late: Option<Error> = None;
    loop {
        match mailbox.wait_uninterruptibly() {
            Event::Finished => return late,
            Event::Job(request) => {
                if let Err(interrupt) = run_request(ruby, mailbox, request, parked) {
                    if !late.as_ref().is_some_and(is_kill) {
                        late = Some(interrupt);
                    }
                }
            }
            Event::Woken => {}
        }
    }
}

/// The interrupt the caller gets when another arrived during the first one's cleanup: the
/// first, unless the later one is a kill, which must end the thread. The kill is resumed as
/// the jump it is: the thread is already marked as being killed (so `Thread#kill` would do
/// nothing), and a kill's jump needs nothing from the VM's error state, which Ruby code run
/// since may have changed. A late exception is dropped: raising it instead of the first (as a
/// Ruby `ensure` would) let one escape a worker's `handle_interrupt` region in about one run
/// in ten of the interrupt fuzz spec under load, for a reason not understood yet. A late
/// `throw` cannot be re-created once caught.
fn kill_wins(first: Error, late: Option<Error>) -> Error {
    match late {
        Some(late) if is_kill(&late) && !is_kill(&first) => late,
        _ => first,
    }
}

fn is_kill(error: &Error) -> bool {
    matches!(
        error.error_type(),
        ErrorType::Jump(magnus::error::Tag::Fatal)
    )
}

fn run_request(
    ruby: &Ruby,
    mailbox: &Mailbox,
    request: Request,
    parked: Parked,
) -> Result<(), Error> {
    if !request.uninterruptible {
        return (request.job)(ruby, &parked);
    }
    // The job and the delivery of its answer run inside `Thread.handle_interrupt(Object =>
    // :never)` (lib/zcrmsdk/native.rb): an interrupt that arrives meanwhile is raised when the
    // block exits, after the task has its answer. One that Ruby raises before the block runs
    // leaves the job in its cell: it goes back to the front of the queue, for the drain.
    let cell = ruby.obj_wrap(JobCell(Mutex::new(Some((request.job, parked)))));
    let outcome = errors::native_module(ruby)
        .and_then(|native| native.funcall::<_, _, Value>("uninterruptibly", (cell,)));
    if outcome.is_err() {
        if let Some((job, _)) = cell_take(cell) {
            mailbox.send_first(Request {
                job,
                uninterruptible: true,
            });
        }
    }
    outcome.map(|_| ())
}

/// A job handed to Ruby to be run inside an interrupt mask (`ZCRMSDK::Native::Job#call`).
#[magnus::wrap(class = "ZCRMSDK::Native::Job", free_immediately, size)]
pub struct JobCell(Mutex<Option<(Job, Parked)>>);

fn cell_take(cell: magnus::typed_data::Obj<JobCell>) -> Option<(Job, Parked)> {
    cell.0.lock().unwrap_or_else(PoisonError::into_inner).take()
}

impl JobCell {
    fn call(ruby: &Ruby, rb_self: &JobCell) -> Result<(), Error> {
        let taken = rb_self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        match taken {
            Some((job, parked)) => job(ruby, &parked),
            None => Ok(()),
        }
    }
}

pub fn define(ruby: &Ruby, native: magnus::RModule) -> Result<(), Error> {
    use magnus::Module;
    let class = native.define_class("Job", ruby.class_object())?;
    class.define_method("call", magnus::method!(JobCell::call, 0))?;
    // magnus resolves a wrapped class lazily and panics if that lookup is interrupted; resolve
    // it now, at require time, rather than inside a call that Thread#raise may hit.
    let _ = ruby.obj_wrap(JobCell(Mutex::new(None)));
    Ok(())
}

/// The exceptions callbacks of one call raised, in a Ruby Array the waiting thread keeps.
#[derive(Clone, Copy)]
pub struct Parked(Opaque<RArray>);

impl Parked {
    fn park(&self, ruby: &Ruby, error: &Error) {
        if let Some(exception) = error.value() {
            let _ = ruby.get_inner(self.0).push(exception);
        }
    }
}

fn is_standard_error(ruby: &Ruby, error: &Error) -> bool {
    error.is_kind_of(ruby.exception_standard_error())
}

/// "Class: message" of a callback's exception, for the core's error message.
fn describe(error: &Error) -> String {
    match error.value() {
        Some(exception) => {
            // The class's name, not its `inspect`: no Ruby method call (and so no interrupt
            // check) while a job's failure is being reported.
            // SAFETY: the name is copied out at once.
            let class = unsafe { exception.class().name() }.into_owned();
            let message: String = exception.funcall("message", ()).unwrap_or_default();
            format!("{class}: {message}")
        }
        None => error.to_string(),
    }
}

/// The task's future, telling the mailbox when it is over: completed, or dropped by an abort
/// (after everything it owned was dropped, so cleanup it sent is already in the inbox).
struct Tracked<F> {
    future: Option<Pin<Box<F>>>,
    mailbox: Arc<Mailbox>,
}

impl<F: Future<Output = ()>> Future for Tracked<F> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let Some(future) = self.future.as_mut() else {
            return Poll::Ready(());
        };
        match future.as_mut().poll(cx) {
            Poll::Ready(()) => {
                self.future = None;
                self.mailbox.finish();
                Poll::Ready(())
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<F> Drop for Tracked<F> {
    fn drop(&mut self) {
        self.future = None;
        self.mailbox.finish();
    }
}

/// Identifies the calling Ruby thread: a call made from a callback of another call on the same
/// thread (re-entrant) shares it, a concurrent call from another thread does not.
#[allow(clippy::unnecessary_cast)] // VALUE is u64 here, not on every platform
pub fn ruby_thread_id(ruby: &Ruby) -> u64 {
    ruby.thread_current().as_raw() as u64
}
