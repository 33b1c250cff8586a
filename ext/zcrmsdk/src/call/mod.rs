//! One engine call, seen from the calling Ruby thread (DESIGN.md, "Waiting and callbacks").
//!
//! The calling thread polls the call's future itself, on its own runtime
//! (`runtime::local`), with the GVL released ([`mailbox`]). When the future needs Ruby (a
//! custom store method, an IO `write`) it sends a job and awaits the answer, and the thread
//! leaves the blocking region to run the job with the GVL held, then drives on. Ruby code
//! therefore runs only on the calling thread, in an ordinary Ruby context: a job may itself
//! call the SDK (that is just another call, with its own future and mailbox, driven on the
//! same runtime while the first waits), and an exception can never jump over a Rust frame.
//!
//! Interrupts: when Ruby's unblocking function fires, the thread leaves the region and runs
//! Ruby's interrupt check under `rb_protect`. Nothing pending (a trapped signal's handler ran,
//! `Thread#wakeup`): it drives on and the call goes on. An exception pending (Timeout,
//! Thread#raise/kill, Ctrl-C): it is re-raised at once, inside
//! `Thread.handle_interrupt(Object => :never)`, with the call's cleanup as its `ensure`: the
//! future is dropped and the cleanup it sends while being dropped (a handler's unlock) is
//! served. An interrupt that arrives meanwhile stays queued in Ruby and is delivered by Ruby
//! when the mask is lifted, exactly as if the cleanup were a Ruby `ensure` block (see
//! [`unwind`]).

mod mailbox;

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::{Arc, Mutex, PoisonError};

use std::ffi::c_int;

use magnus::error::ErrorType;
use magnus::error::Tag;
use magnus::rb_sys::AsRawValue;
use magnus::rb_sys::FromRawValue;
use magnus::value::{Opaque, ReprValue};
use magnus::Exception;
use magnus::{Class, Error, RArray, Ruby, Value};
use rb_sys::{
    rb_block_call, rb_cObject, rb_cThread, rb_ensure, rb_errinfo, rb_exc_raise, rb_hash_aset,
    rb_hash_new, rb_id2sym, rb_intern, rb_jump_tag, rb_protect, rb_set_errinfo,
    rb_thread_check_ints, Qnil, VALUE,
};
use tokio::runtime::Runtime;
use tokio::sync::oneshot;

use zcrm_core::Error as CoreError;

use crate::{errors, runtime};

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

/// Drives `future` on this thread as described in the module docs. `Err` is a Ruby exception
/// (or kill) that interrupted the call: the caller returns it to Ruby as it is.
/// `after_cancel` runs once an interrupt has dropped the future and its cleanup is served,
/// still inside the unwinding (so it may call Ruby; its own errors are its to swallow).
pub fn run<T, F>(ruby: &Ruby, future: F, after_cancel: &dyn Fn()) -> Result<Finished<T>, Error>
where
    T: 'static,
    F: Future<Output = Result<T, CoreError>> + 'static,
{
    let driver = runtime::local().map_err(|e| {
        let error = CoreError::store("engine", format!("cannot start the I/O runtime: {e}"));
        errors::to_ruby(ruby, &error, &[])
    })?;
    let runtime = &driver.runtime;
    let settle = driver.idle();
    let mailbox = Arc::new(Mailbox::default());
    // The future runs on this thread only: its result needs no lock.
    let slot = Rc::new(RefCell::new(None));
    let caller = Caller {
        mailbox: mailbox.clone(),
    };
    let output = slot.clone();
    let body = CALLER.scope(caller, async move {
        if settle {
            settle_connections().await;
        }
        *output.borrow_mut() = Some(future.await);
    });
    let call: CallCell = RefCell::new(Some(Box::pin(body)));

    // Callback exceptions live in a Ruby Array on this thread's stack, where the GC sees it.
    let parked_array = ruby.ary_new();
    let parked = Parked(Opaque::from(parked_array));
    let cancel = || {
        drop_in(runtime, &call);
        let late = drain(ruby, &mailbox, parked);
        after_cancel();
        late
    };
    loop {
        let event = match call.borrow_mut().as_mut() {
            Some(future) => mailbox.drive(ruby, runtime, future.as_mut()),
            None => Event::Finished, // dropped by `cancel`, which ends the call
        };
        let interrupt = match event {
            Event::Finished => break,
            Event::Job(request) => run_request(ruby, &mailbox, request, parked).err(),
            Event::Woken => check_interrupts().err(),
            Event::Interrupted(interrupt) => Some(interrupt),
        };
        if let Some(first) = interrupt {
            return Err(unwind(ruby, first, &cancel));
        }
    }
    drop_in(runtime, &call);
    let result = slot.borrow_mut().take().unwrap_or_else(|| {
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

/// The call's future, until it is dropped (when it ends, or by `cancel`).
type CallCell = RefCell<Option<Pin<Box<dyn Future<Output = ()>>>>>;

/// Drops the call's future in the runtime's context, where what it owns (timers, connections)
/// was made.
fn drop_in(runtime: &Runtime, call: &CallCell) {
    let future = call.borrow_mut().take();
    let _context = runtime.enter();
    drop(future);
}

/// Lets the thread's runtime read what its idle connections received while nobody watched
/// them (a server's close), before the call takes one from the pool: otherwise a request is
/// written to a connection the server has already closed, and fails; a POST is not sent again.
/// Yielding twice from the call is what it takes with tokio's current-thread scheduler: the
/// first yield makes it poll the reactor without waiting (a close wakes the connection's
/// task), the second lets that task run (it sees the close and leaves the pool) before the
/// call goes on.
async fn settle_connections() {
    tokio::task::yield_now().await;
    tokio::task::yield_now().await;
}

/// Ruby's interrupt check: runs trap handlers, raises a pending Thread#raise, Timeout or kill.
fn check_interrupts() -> Result<(), Error> {
    magnus::rb_sys::protect(|| {
        // SAFETY: a Ruby thread holding the GVL, inside rb_protect.
        unsafe { rb_thread_check_ints() };
        Qnil as VALUE
    })
    .map(|_| ())
}

/// Re-raises the interrupt that stopped the call, with `cleanup` as its `ensure`, inside
/// `Thread.handle_interrupt(Object => :never)`, and returns what finally comes out.
///
/// Two things make this the only sound way. A kill or a `throw` (Timeout's) lives in the VM's
/// error state, which must still describe it when it is resumed: `rb_ensure` saves and
/// restores that state around the cleanup, so Ruby code may run there. And an interrupt that
/// arrives during the cleanup must not be caught by us at all: resuming a kill we caught, after
/// the first interrupt's exception had been restored over it, left the VM unwinding a kill with
/// no kill in its error state, and any Ruby `ensure` on the way segfaulted. Deferred by the
/// mask, a late interrupt stays in Ruby's queue; when the mask is lifted Ruby delivers it (it
/// replaces the first, as it would in a Ruby `ensure`) or keeps it queued under the caller's own
/// `handle_interrupt`, and the first goes on unwinding.
///
/// An interrupt that Ruby raises before the mask is in place replaces the first, and the
/// cleanup, not run yet, is tried again with it.
fn unwind(ruby: &Ruby, first: Error, cleanup: &dyn Fn() -> Option<Error>) -> Error {
    let mut interrupt = first;
    loop {
        let cleaned = std::cell::Cell::new(false);
        let pending = std::cell::Cell::new(Some(interrupt));
        let raise_first = || {
            if let Some(error) = pending.take() {
                raise(error);
            }
        };
        let cleanup_once = || {
            cleaned.set(true);
            cleanup()
        };
        let state = protect_raw(|| with_interrupts_deferred(|| ensure(raise_first, cleanup_once)));
        let outcome = caught(ruby, state);
        if cleaned.get() {
            return outcome;
        }
        interrupt = outcome;
    }
}

/// The error for what `rb_protect` caught, leaving the VM's error state as it is (a resumed
/// kill or throw needs it).
fn caught(ruby: &Ruby, state: c_int) -> Error {
    let lost = || {
        Error::new(
            ruby.exception_runtime_error(),
            "ZCRMSDK: an interrupt could not be re-raised",
        )
    };
    if state == 0 {
        return lost();
    }
    if state == Tag::Raise as c_int {
        // SAFETY: after a raise the error state holds the exception.
        let exception = unsafe { Value::from_raw(rb_errinfo()) };
        return Exception::from_value(exception).map_or_else(lost, Error::from);
    }
    // magnus makes a jump's Error only from one it catches itself: let it catch this one again.
    // The jump goes no further than that rb_protect, so the error state is not read.
    // SAFETY: `state` is a tag Ruby itself just jumped with.
    magnus::rb_sys::protect(|| unsafe { rb_jump_tag(state) })
        .err()
        .unwrap_or_else(lost)
}

fn raise(error: Error) {
    match error.error_type() {
        // SAFETY: inside rb_protect (see `unwind`); no Ruby code touched the VM's error state
        // since the jump was caught.
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

/// `rb_protect` itself. magnus's `protect` puts `$!` back after catching an exception, which
/// raises a TypeError when `$!` held a kill or a throw in flight (not an exception): here it
/// may. Returns Ruby's tag, 0 when `body` returned.
fn protect_raw<F: FnOnce()>(body: F) -> c_int {
    let mut body = Some(body);
    let mut state: c_int = 0;
    // SAFETY: the trampoline matches the type behind the pointer, which outlives the call.
    unsafe {
        rb_protect(
            Some(run_body::<F>),
            &mut body as *mut Option<F> as VALUE,
            &mut state,
        )
    };
    state
}

/// `body` inside `Thread.handle_interrupt(Object => :never) { ... }`.
fn with_interrupts_deferred<F: FnOnce()>(body: F) {
    let mut body = Some(body);
    // SAFETY: a Ruby thread holding the GVL; the mask Hash is on this stack, seen by the GC,
    // and the block's trampoline matches the type behind the pointer.
    unsafe {
        let mask = rb_hash_new();
        rb_hash_aset(mask, rb_cObject, rb_id2sym(rb_intern(c"never".as_ptr())));
        rb_block_call(
            rb_cThread,
            rb_intern(c"handle_interrupt".as_ptr()),
            1,
            &mask,
            Some(yield_body::<F>),
            &mut body as *mut Option<F> as VALUE,
        );
    }
}

unsafe extern "C" fn yield_body<F: FnOnce()>(
    _yielded: VALUE,
    data: VALUE,
    _argc: c_int,
    _argv: *const VALUE,
    _block: VALUE,
) -> VALUE {
    // SAFETY: `data` is the `Option<F>` on `with_interrupts_deferred`'s stack.
    unsafe { run_body::<F>(data) }
}

/// `body` with `cleanup` as its `ensure` (`rb_ensure`). `body` leaves by a Ruby jump, so it
/// holds nothing that needs dropping. An exception `cleanup` returns is raised from the
/// `ensure`, replacing the one in flight, as in Ruby.
fn ensure<B: FnOnce(), C: FnOnce() -> Option<Error>>(body: B, cleanup: C) {
    let mut body = Some(body);
    let mut cleanup = Some(cleanup);
    // SAFETY: each trampoline matches the type behind its pointer; both outlive the call.
    unsafe {
        rb_ensure(
            Some(run_body::<B>),
            &mut body as *mut Option<B> as VALUE,
            Some(run_cleanup::<C>),
            &mut cleanup as *mut Option<C> as VALUE,
        )
    };
}

unsafe extern "C" fn run_body<F: FnOnce()>(data: VALUE) -> VALUE {
    // SAFETY: `data` is an `Option<F>` on the stack of the function that passed it.
    if let Some(body) = unsafe { &mut *(data as *mut Option<F>) }.take() {
        body();
    }
    Qnil as VALUE
}

unsafe extern "C" fn run_cleanup<F: FnOnce() -> Option<Error>>(data: VALUE) -> VALUE {
    // SAFETY: as in `run_body`.
    let cleanup = unsafe { &mut *(data as *mut Option<F>) }.take();
    // Cleanup calls Ruby only under rb_protect; a panic must not unwind into C.
    let late = cleanup.and_then(|cleanup| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(cleanup))
            .ok()
            .flatten()
    });
    if let Some(late) = late {
        raise(late);
    }
    Qnil as VALUE
}

/// After the future was dropped: serves what it sent while being dropped (an unlock).
/// Interrupts are deferred here (see [`unwind`]), so what can come out is what a callback
/// itself raised or threw beyond a StandardError, or what a trap handler raised (a Ctrl-C's
/// `Interrupt`: masks do not defer those): the first such exception is returned, to replace
/// the interrupt in flight. A jump (a `throw`, `Thread.current.kill` from inside an unlock)
/// cannot be resumed from here and is dropped, with the VM's error state cleared of it so that
/// later `$!` handling stays sound.
fn drain(ruby: &Ruby, mailbox: &Mailbox, parked: Parked) -> Option<Error> {
    let mut late: Option<Error> = None;
    while let Some(request) = mailbox.next_job() {
        let Err(error) = run_request(ruby, mailbox, request, parked) else {
            continue;
        };
        if matches!(error.error_type(), ErrorType::Jump(_)) {
            // SAFETY: nil is always a valid `$!`.
            unsafe { rb_set_errinfo(Qnil as VALUE) };
        } else if late.is_none() {
            late = Some(error);
        }
    }
    late
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

/// Identifies the calling Ruby thread: a call made from a callback of another call on the same
/// thread (re-entrant) shares it, a concurrent call from another thread does not.
#[allow(clippy::unnecessary_cast)] // VALUE is u64 here, not on every platform
pub fn ruby_thread_id(ruby: &Ruby) -> u64 {
    ruby.thread_current().as_raw() as u64
}
