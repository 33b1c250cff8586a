//! The channel between one call's task and the Ruby thread waiting for it, and the wait
//! itself: the only code that runs with the GVL released.
//!
//! The waiting thread sleeps on a condition variable until one of three things happens: the
//! task asks for Ruby (a job), the task is over, or Ruby's unblocking function rang the bell
//! (an interrupt, a trapped signal, `Thread#wakeup`). It then *leaves* the blocking region and
//! the caller decides what to do with the GVL held. Inside the region nothing touches a Ruby
//! object; before it, the wait makes sure the process has a second Ruby thread (see
//! [`keep_a_second_thread`]).

use std::collections::VecDeque;
use std::ffi::c_void;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use magnus::{Error, Ruby};
use rb_sys::{rb_nogvl, rb_thread_alone, RB_NOGVL_INTR_FAIL};

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
    /// The unblocking function rang, or Ruby found an interrupt pending before we slept.
    Woken,
    Finished,
    /// Ruby raised while it was leaving the blocking region (see [`Mailbox::wait`]); what the
    /// wait had received is back in the inbox.
    Interrupted(Error),
}

#[derive(Default)]
struct Inbox {
    requests: VecDeque<Request>,
    woken: bool,
    finished: bool,
}

#[derive(Default)]
pub struct Mailbox {
    inbox: Mutex<Inbox>,
    bell: Condvar,
}

impl Mailbox {
    /// Nothing in the inbox is left half-updated, so a panic elsewhere must not wedge the call.
    fn inbox(&self) -> MutexGuard<'_, Inbox> {
        self.inbox.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn send(&self, request: Request) {
        self.inbox().requests.push_back(request);
        self.bell.notify_all();
    }

    /// A job that must run before anything queued after it (one Ruby refused to start).
    pub fn send_first(&self, request: Request) {
        self.inbox().requests.push_front(request);
        self.bell.notify_all();
    }

    /// The task is over (completed or dropped): the waiting thread may return.
    pub fn finish(&self) {
        self.inbox().finished = true;
        self.bell.notify_all();
    }

    fn ring(&self) {
        self.inbox().woken = true;
        self.bell.notify_all();
    }

    /// Jobs first, so that cleanup sent while the task was being dropped is still served.
    fn next_event(&self) -> Event {
        let mut inbox = self.inbox();
        loop {
            if let Some(request) = inbox.requests.pop_front() {
                return Event::Job(request);
            }
            if std::mem::take(&mut inbox.woken) {
                return Event::Woken;
            }
            if inbox.finished {
                return Event::Finished;
            }
            inbox = self
                .bell
                .wait(inbox)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Waits with the GVL released for the next event. `RB_NOGVL_INTR_FAIL` makes Ruby skip
    /// the region (instead of raising) when an interrupt is already pending and not check
    /// interrupts itself on the way out: raising is left to the caller, which runs Ruby's
    /// interrupt check under `rb_protect` where an exception cannot jump over Rust frames.
    ///
    /// Ruby can still raise on the way out: when the process has a single Ruby thread, Ruby
    /// 3.1 starts a helper thread for the wait (our unblocking function is not
    /// async-signal-safe) and joins it afterwards, and that join runs trap handlers and takes
    /// pending interrupts. So the region runs under `rb_protect` too: a Ctrl-C's `Interrupt`
    /// raised there comes back as [`Event::Interrupted`] instead of jumping over the call's
    /// frames (which left its task running with nobody to serve it).
    pub fn wait(&self, ruby: &Ruby) -> Event {
        if let Err(interrupt) = keep_a_second_thread(ruby) {
            return Event::Interrupted(interrupt);
        }
        let mut region = Region {
            mailbox: self,
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

    /// Returns an event the waiting thread could not act on to the inbox, in its place.
    fn put_back(&self, event: Event) {
        match event {
            Event::Job(request) => self.send_first(request),
            Event::Woken => self.ring(),
            // Still set in the inbox: the next wait sees it again.
            Event::Finished | Event::Interrupted(_) => {}
        }
    }
}

impl Mailbox {
    /// The wait of a cancelled call's drain. The task is being dropped, which takes
    /// microseconds. A pending interrupt must neither be consumed nor cut the wait into a
    /// busy loop, so: a short wait holding the GVL, then a longer one without it if Ruby lets
    /// us release it (`RB_NOGVL_INTR_FAIL` refuses, without raising, while an interrupt is
    /// pending; then the short held wait comes round again).
    pub fn wait_uninterruptibly(&self, ruby: &Ruby) -> Event {
        let inbox = self.inbox();
        let (mut inbox, _) = self
            .bell
            .wait_timeout_while(inbox, HELD_SLICE, |inbox| {
                inbox.requests.is_empty() && !inbox.finished
            })
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(request) = inbox.requests.pop_front() {
            return Event::Job(request);
        }
        if inbox.finished {
            return Event::Finished;
        }
        drop(inbox);
        self.wait(ruby)
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

const HELD_SLICE: std::time::Duration = std::time::Duration::from_millis(2);

struct Region<'a> {
    mailbox: &'a Mailbox,
    event: Option<Event>,
}

unsafe extern "C" fn region_body(data: *mut c_void) -> *mut c_void {
    // SAFETY: `data` is the `Region` on the waiting thread's stack (see `Mailbox::wait`).
    let region = unsafe { &mut *(data as *mut Region) };
    // Unwinding into C would abort the process; nothing here is expected to panic.
    if let Ok(event) =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| region.mailbox.next_event()))
    {
        region.event = Some(event);
    }
    std::ptr::null_mut()
}

/// Ruby's unblocking function: called from another thread (Thread#raise/kill/wakeup, the
/// timer thread delivering a signal), never in a signal handler. It only rings the bell; what
/// the interrupt means is decided by the waiting thread, with the GVL.
unsafe extern "C" fn unblock(data: *mut c_void) {
    // SAFETY: `data` is the `Mailbox` of a wait in progress: it outlives the blocking region.
    let mailbox = unsafe { &*(data as *const Mailbox) };
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| mailbox.ring()));
}
