//! The channel between one call's future and the Ruby thread driving it, and the drive
//! itself: the only code that runs with the GVL released.
//!
//! The thread polls the call's future on its own runtime (`runtime::local`) with the GVL
//! released, until one of three things happens: the future asks for Ruby (a job), the future
//! is over, or Ruby's unblocking function rang the bell (an interrupt, a trapped signal,
//! `Thread#wakeup`). It then *leaves* the blocking region and the caller decides what to do
//! with the GVL held. Inside the region nothing touches a Ruby object; before it, the drive
//! makes sure the process has a second Ruby thread (see [`keep_a_second_thread`]).

use std::collections::VecDeque;
use std::ffi::c_void;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};

use magnus::{Error, Ruby};
use rb_sys::{rb_nogvl, rb_thread_alone, RB_NOGVL_INTR_FAIL};
use tokio::runtime::Runtime;

/// The call's future, as the drive polls it.
pub type Call<'a> = Pin<&'a mut (dyn Future<Output = ()> + 'static)>;

/// Work the task needs done on the calling Ruby thread, with the GVL held. It delivers its own
/// answer to the task; `Err` is an exception the call must re-raise (an interrupt or a kill
/// that happened while the job ran), never a callback's ordinary failure.
pub type Job = Box<dyn FnOnce(&Ruby, &super::Parked) -> Result<(), Error> + Send>;

pub struct Request {
    pub job: Job,
    /// Runs with Ruby's interrupts deferred (`Thread.handle_interrupt(Object => :never)`), so
    /// that a lock is never taken without the engine learning it was, nor an unlock cut short.
    pub uninterruptible: bool,
}

/// Why the wait ended.
pub enum Event {
    Job(Request),
    /// The unblocking function rang, or Ruby found an interrupt pending before the drive.
    Woken,
    /// The call's future completed, or panicked (then it has left no result).
    Finished,
    /// Ruby raised while it was leaving the blocking region (see [`Mailbox::drive`]); what the
    /// drive had received is back in the inbox.
    Interrupted(Error),
}

#[derive(Default)]
struct Inbox {
    requests: VecDeque<Request>,
    woken: bool,
    finished: bool,
    /// Wakes the drive's runtime when something arrives from another thread (the bell).
    waker: Option<Waker>,
}

#[derive(Default)]
pub struct Mailbox {
    inbox: Mutex<Inbox>,
}

impl Mailbox {
    /// Nothing in the inbox is left half-updated, so a panic elsewhere must not wedge the call.
    fn inbox(&self) -> MutexGuard<'_, Inbox> {
        self.inbox.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn send(&self, request: Request) {
        self.inbox().requests.push_back(request);
    }

    /// A job that must run before anything queued after it (one Ruby refused to start).
    pub fn send_first(&self, request: Request) {
        self.inbox().requests.push_front(request);
    }

    /// The call's future is over: the driving thread may return.
    fn finish(&self) {
        self.inbox().finished = true;
    }

    /// From the unblocking function, on another thread.
    fn ring(&self) {
        let mut inbox = self.inbox();
        inbox.woken = true;
        if let Some(waker) = inbox.waker.take() {
            waker.wake();
        }
    }

    /// A job queued during a cancelled call's drop (its cleanup), if any is left.
    pub fn next_job(&self) -> Option<Request> {
        self.inbox().requests.pop_front()
    }

    /// Jobs first, so that cleanup sent just before the future completed is still served.
    /// With nothing to report, `waker` is kept for the bell.
    fn next_event(&self, waker: &Waker) -> Option<Event> {
        let mut inbox = self.inbox();
        if let Some(request) = inbox.requests.pop_front() {
            return Some(Event::Job(request));
        }
        if std::mem::take(&mut inbox.woken) {
            return Some(Event::Woken);
        }
        if inbox.finished {
            return Some(Event::Finished);
        }
        if !inbox
            .waker
            .as_ref()
            .is_some_and(|kept| kept.will_wake(waker))
        {
            inbox.waker = Some(waker.clone());
        }
        None
    }

    /// Polls `call` on `runtime` with the GVL released until the next event.
    /// `RB_NOGVL_INTR_FAIL` makes Ruby skip the region (instead of raising) when an interrupt
    /// is already pending and not check interrupts itself on the way out: raising is left to
    /// the caller, which runs Ruby's interrupt check under `rb_protect` where an exception
    /// cannot jump over Rust frames.
    ///
    /// Ruby can still raise on the way out: when the process has a single Ruby thread, Ruby
    /// 3.1 starts a helper thread for the wait (our unblocking function is not
    /// async-signal-safe) and joins it afterwards, and that join runs trap handlers and takes
    /// pending interrupts. So the region runs under `rb_protect` too: a Ctrl-C's `Interrupt`
    /// raised there comes back as [`Event::Interrupted`] instead of jumping over the call's
    /// frames.
    pub fn drive(&self, ruby: &Ruby, runtime: &Runtime, call: Call<'_>) -> Event {
        if let Err(interrupt) = keep_a_second_thread(ruby) {
            return Event::Interrupted(interrupt);
        }
        let mut region = Region {
            mailbox: self,
            runtime,
            call,
            event: None,
        };
        let data = &mut region as *mut Region as *mut c_void;
        let bell = self as *const Mailbox as *mut c_void;
        let state = super::protect_raw(|| {
            // SAFETY: `data` and `bell` point at values that outlive the call; the region
            // function and the unblocking function match them and touch no Ruby object.
            unsafe {
                rb_nogvl(
                    Some(region_body),
                    data,
                    Some(unblock),
                    bell,
                    RB_NOGVL_INTR_FAIL as _,
                )
            };
        });
        let event = region.event.take().unwrap_or(Event::Woken);
        if state == 0 {
            return event;
        }
        self.put_back(event);
        Event::Interrupted(super::caught(ruby, state))
    }

    /// Returns an event the driving thread could not act on to the inbox, in its place.
    fn put_back(&self, event: Event) {
        match event {
            Event::Job(request) => self.send_first(request),
            Event::Woken => self.inbox().woken = true,
            // Still set in the inbox: the next drive sees it again.
            Event::Finished | Event::Interrupted(_) => {}
        }
    }
}

/// One turn of the drive: what the inbox holds, else the call's progress.
struct Step<'r, 'c> {
    mailbox: &'r Mailbox,
    call: &'r mut Call<'c>,
}

impl Future for Step<'_, '_> {
    type Output = Event;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Event> {
        if let Some(event) = self.mailbox.next_event(cx.waker()) {
            return Poll::Ready(event);
        }
        // Not finished (checked above), so the future may be polled. It sends its jobs to the
        // inbox while being polled; they are served before its end is reported.
        if self.call.as_mut().poll(cx).is_ready() {
            self.mailbox.finish();
        }
        match self.mailbox.next_event(cx.waker()) {
            Some(event) => Poll::Ready(event),
            None => Poll::Pending,
        }
    }
}

/// Starts `ZCRMSDK::Native.signal_relay` when this is the process's only Ruby thread, so that
/// Ruby does not start and join a helper thread around the wait (see lib/zcrmsdk/native.rb).
/// A failure to start it (a ThreadError) only brings back Ruby's own way; an interrupt that
/// Ruby raised meanwhile is returned, for the call to handle.
fn keep_a_second_thread(ruby: &Ruby) -> Result<(), Error> {
    use magnus::value::ReprValue;
    // SAFETY: a Ruby thread holding the GVL.
    if unsafe { rb_thread_alone() } == 0 {
        return Ok(());
    }
    match crate::errors::native_module(ruby)
        .and_then(|native| native.funcall::<_, _, magnus::Value>("signal_relay", ()))
    {
        Err(error) if !error.is_kind_of(ruby.exception_standard_error()) => Err(error),
        _ => Ok(()),
    }
}

struct Region<'r, 'c> {
    mailbox: &'r Mailbox,
    runtime: &'r Runtime,
    call: Call<'c>,
    event: Option<Event>,
}

unsafe extern "C" fn region_body(data: *mut c_void) -> *mut c_void {
    // SAFETY: `data` is the `Region` on the driving thread's stack (see `Mailbox::drive`).
    let region = unsafe { &mut *(data as *mut Region) };
    let step = Step {
        mailbox: region.mailbox,
        call: &mut region.call,
    };
    // Unwinding into C would abort the process. A panic in the call's future (a bug) ends the
    // call without a result; the future must not be polled again.
    let event = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        region.runtime.block_on(step)
    }))
    .unwrap_or_else(|_| {
        region.mailbox.finish();
        Event::Finished
    });
    region.event = Some(event);
    std::ptr::null_mut()
}

/// Ruby's unblocking function: called from another thread (Thread#raise/kill/wakeup, the
/// timer thread delivering a signal), never in a signal handler. It only rings the bell; what
/// the interrupt means is decided by the driving thread, with the GVL.
unsafe extern "C" fn unblock(data: *mut c_void) {
    // SAFETY: `data` is the `Mailbox` of a drive in progress: it outlives the blocking region.
    let mailbox = unsafe { &*(data as *const Mailbox) };
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| mailbox.ring()));
}
