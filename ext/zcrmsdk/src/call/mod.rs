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
//! (a handler's unlock) is still served, and only then is the exception re-raised.

mod mailbox;

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use magnus::value::{Opaque, ReprValue};
use magnus::{Error, RArray, Ruby, Value};
use rb_sys::{rb_thread_check_ints, Qnil, VALUE};
use tokio::runtime::Runtime;
use tokio::sync::oneshot;

use zcrm_core::Error as CoreError;

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
    /// longer waits; `undo` gives it back when the answer could not be delivered.
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
        let (reply, answer) = oneshot::channel();
        let uninterruptible = !matches!(mode, Mode::Plain);
        let job: Job = Box::new(move |ruby, parked| {
            // A task that no longer waits (it was cancelled) needs no answer: skip its work,
            // unless it is a release, which must happen whoever waits for it.
            if reply.is_closed() && !matches!(mode, Mode::Release) {
                return Ok(());
            }
            let outcome = work(ruby);
            let delivered = match outcome {
                Ok(value) => reply.send(Ok(value)).is_ok(),
                Err(error) if is_standard_error(ruby, &error) => {
                    parked.park(ruby, &error);
                    let _ = reply.send(Err(JobFailure::Raised(describe(&error))));
                    return Ok(());
                }
                Err(interrupt) => {
                    let _ = reply.send(Err(JobFailure::Cancelled));
                    return Err(interrupt);
                }
            };
            match mode {
                // Acquired, but the task stopped waiting meanwhile (its deadline passed):
                // nobody will release it, so release it now.
                Mode::Acquire(undo) if !delivered => undo(ruby).or_else(|e| {
                    parked.park(ruby, &e);
                    if is_standard_error(ruby, &e) {
                        Ok(())
                    } else {
                        Err(e)
                    }
                }),
                _ => Ok(()),
            }
        });
        self.mailbox.send(Request {
            job,
            uninterruptible,
        });
        answer.await.unwrap_or(Err(JobFailure::Cancelled))
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

/// How a call ended, when Ruby did not interrupt it.
pub struct Finished<T> {
    pub result: Result<T, CoreError>,
    /// The last exception a callback of this call raised (a custom store's, an IO's).
    pub callback_error: Option<Value>,
}

/// Runs `future` as a task and waits for it as described in the module docs. `Err` is a Ruby
/// exception (or kill) that interrupted the call: the caller returns it to Ruby as it is.
pub fn run<T, F>(ruby: &Ruby, runtime: &Runtime, future: F) -> Result<Finished<T>, Error>
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
    let mut raised: Option<Error> = None;
    loop {
        let interruption = match mailbox.wait() {
            Event::Finished => break,
            Event::Job(request) => run_request(ruby, request, parked).err(),
            Event::Woken => check_interrupts().err(),
        };
        if let Some(exception) = interruption {
            if raised.is_none() {
                task.abort();
            }
            raised = Some(stronger(raised, exception));
        }
    }
    if let Some(exception) = raised {
        return Err(exception);
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

/// Ruby's interrupt check: runs trap handlers, raises a pending Thread#raise or kill.
fn check_interrupts() -> Result<(), Error> {
    magnus::rb_sys::protect(|| {
        // SAFETY: called on a Ruby thread holding the GVL, under rb_protect.
        unsafe { rb_thread_check_ints() };
        Qnil as VALUE
    })
    .map(|_| ())
}

/// When a second interrupt arrives while a cancelled call drains, a kill (a jump) wins over
/// an exception, as it would in plain Ruby; otherwise the first stays.
fn stronger(first: Option<Error>, next: Error) -> Error {
    match first {
        Some(first) if first.value().is_some() && next.value().is_none() => next,
        Some(first) => first,
        None => next,
    }
}

fn run_request(ruby: &Ruby, request: Request, parked: Parked) -> Result<(), Error> {
    if !request.uninterruptible {
        return (request.job)(ruby, &parked);
    }
    // The job and the delivery of its answer run inside the mask: an interrupt that arrives
    // meanwhile is raised when the block exits, after the task has its answer.
    let job = Mutex::new(Some(request.job));
    let block = ruby.proc_from_fn(move |ruby, _args, _block| -> Result<(), Error> {
        let job = job.lock().unwrap_or_else(PoisonError::into_inner).take();
        job.map_or(Ok(()), |job| job(ruby, &parked))
    });
    let mask = ruby.hash_new();
    mask.aset(ruby.class_object(), ruby.to_symbol("never"))?;
    ruby.class_thread()
        .funcall_with_block::<_, _, Value>("handle_interrupt", (mask,), block)
        .map(|_| ())
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
            let class = exception.class().inspect();
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
