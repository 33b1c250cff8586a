//! `ZCRMSDK::Native::Emulator`: the local Zoho emulator, started inside the Ruby process for
//! `ZCRMSDK::Testing` (WebMock cannot see requests made from Rust, so users' specs need a
//! real server). It runs on its own thread and runtime, independent of the client's.
//!
//! A library of its own, loaded only by `require 'zcrmsdk/testing'` and the `zcrm` command:
//! a production process never maps the emulator (its server, routes and sample data) into
//! memory.

use std::sync::Mutex;

use magnus::{Error, RHash, Ruby};

use zcrm_emulator::{Emulator, Options};

#[magnus::wrap(class = "ZCRMSDK::Native::Emulator", free_immediately, size)]
struct Handle(Mutex<Option<Emulator>>);

impl Handle {
    fn start(ruby: &Ruby, settings: RHash) -> Result<Handle, Error> {
        let mut options = Options::default();
        if let Some(tls) = settings.lookup::<_, Option<bool>>("tls")? {
            options.tls = tls;
        }
        if let Some(port) = settings.lookup::<_, Option<u16>>("port")? {
            options.port = port;
        }
        if let Some(value) = settings.lookup::<_, Option<String>>("client_id")? {
            options.client_id = value;
        }
        if let Some(value) = settings.lookup::<_, Option<String>>("client_secret")? {
            options.client_secret = value;
        }
        if let Some(value) = settings.lookup::<_, Option<String>>("client_name")? {
            options.client_name = value;
        }
        if let Some(value) = settings.lookup::<_, Option<String>>("user_email")? {
            options.user_email = value;
        }
        if let Some(value) = settings.lookup::<_, Option<u64>>("access_token_ttl")? {
            options.access_token_ttl_secs = value;
        }
        if let Some(value) = settings.lookup::<_, Option<usize>>("seed_records")? {
            options.seed_records = value;
        }
        if let Some(value) = settings.lookup::<_, Option<u32>>("refresh_limit")? {
            options.refresh_limit = value;
        }
        if let Some(value) = settings.lookup::<_, Option<u32>>("grant_limit")? {
            options.grant_limit = value;
        }
        if let Some(value) = settings.lookup::<_, Option<u32>>("refresh_token_limit")? {
            options.refresh_token_limit = value;
        }
        if let Some(value) = settings.lookup::<_, Option<String>>("redirect_uri")? {
            options.redirect_uri = value;
        }
        if let Some(value) = settings.lookup::<_, Option<usize>>("max_attachment_bytes")? {
            options.max_attachment_bytes = value;
        }
        if let Some(value) = settings.lookup::<_, Option<usize>>("page_limit")? {
            options.page_limit = (value > 0).then_some(value);
        }
        if let Some(value) = settings.lookup::<_, Option<u32>>("concurrency_limit")? {
            options.concurrency_limit = value;
        }
        let emulator = Emulator::start(options).map_err(|e| {
            Error::new(
                ruby.exception_runtime_error(),
                format!("the Zoho emulator could not start: {e}"),
            )
        })?;
        Ok(Handle(Mutex::new(Some(emulator))))
    }

    fn with<T>(&self, ruby: &Ruby, f: impl FnOnce(&Emulator) -> T) -> Result<T, Error> {
        let guard = self
            .0
            .lock()
            .map_err(|_| Error::new(ruby.exception_runtime_error(), "emulator lock poisoned"))?;
        match guard.as_ref() {
            Some(emulator) => Ok(f(emulator)),
            None => Err(Error::new(
                ruby.exception_runtime_error(),
                "the emulator was stopped",
            )),
        }
    }

    fn base_url(ruby: &Ruby, rb_self: &Handle) -> Result<String, Error> {
        rb_self.with(ruby, |e| e.base_url())
    }

    fn ca_pem(ruby: &Ruby, rb_self: &Handle) -> Result<Option<String>, Error> {
        rb_self.with(ruby, |e| e.ca_pem())
    }

    /// A Self Client grant; with `scope` (Zoho's comma list), its tokens get only those scopes.
    /// Past the grant limit a RuntimeError says which option raises it.
    fn issue_grant(
        ruby: &Ruby,
        rb_self: &Handle,
        email: Option<String>,
        scope: Option<String>,
    ) -> Result<String, Error> {
        let issued = rb_self.with(ruby, |e| match scope.as_deref() {
            Some(scope) => e.issue_grant_with_scope(email.as_deref(), scope),
            None => e.issue_grant(email.as_deref()),
        })?;
        issued.map_err(|refused| {
            Error::new(
                ruby.exception_runtime_error(),
                format!(
                    "the emulator refused a grant token: its grant limit was reached ({} grant \
                     tokens in {} s, as Zoho allows 10 per client ID in 10 minutes). A test \
                     that needs more starts the emulator with grant_limit: N \
                     (ZCRMSDK::Testing::Emulator.start(grant_limit: 50))",
                    refused.limit, refused.window_secs
                ),
            )
        })
    }

    fn stats_json(ruby: &Ruby, rb_self: &Handle) -> Result<String, Error> {
        let stats = rb_self.with(ruby, |e| e.stats())?;
        serde_json::to_string(&stats)
            .map_err(|e| Error::new(ruby.exception_runtime_error(), e.to_string()))
    }

    fn expire_access_tokens(ruby: &Ruby, rb_self: &Handle) -> Result<(), Error> {
        rb_self.with(ruby, |e| e.expire_access_tokens())
    }

    /// A control request answered in this process (see `Emulator::admin`): `[status, json]`.
    /// No socket is involved, so WebMock and VCR never see it.
    fn admin(
        ruby: &Ruby,
        rb_self: &Handle,
        method: String,
        path: String,
        body: Option<String>,
    ) -> Result<(u16, String), Error> {
        let body = body.map(String::into_bytes).unwrap_or_default();
        rb_self.with(ruby, |e| e.admin(&method, &path, body))
    }

    fn stop(ruby: &Ruby, rb_self: &Handle) -> Result<(), Error> {
        let mut guard = rb_self
            .0
            .lock()
            .map_err(|_| Error::new(ruby.exception_runtime_error(), "emulator lock poisoned"))?;
        if let Some(emulator) = guard.take() {
            emulator.shutdown();
        }
        Ok(())
    }
}

/// An emulator the program forgot to stop is stopped when its Ruby object is collected, but
/// never waited for there: joining a thread inside the garbage collector would stall every
/// Ruby thread. `stop` (and the `at_exit` hook of `ZCRMSDK::Testing`) wait properly.
impl Drop for Handle {
    fn drop(&mut self) {
        let running = match self.0.get_mut() {
            Ok(slot) => slot.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        };
        if let Some(emulator) = running {
            emulator.stop_detached();
        }
    }
}

#[magnus::init(name = "zcrmsdk_testing_native")]
fn init(ruby: &Ruby) -> Result<(), Error> {
    use magnus::{function, method, Module, Object};
    let native = ruby.define_module("ZCRMSDK")?.define_module("Native")?;
    let class = native.define_class("Emulator", ruby.class_object())?;
    class.define_singleton_method("start", function!(Handle::start, 1))?;
    class.define_method("base_url", method!(Handle::base_url, 0))?;
    class.define_method("ca_pem", method!(Handle::ca_pem, 0))?;
    class.define_method("issue_grant", method!(Handle::issue_grant, 2))?;
    class.define_method("stats_json", method!(Handle::stats_json, 0))?;
    class.define_method(
        "expire_access_tokens",
        method!(Handle::expire_access_tokens, 0),
    )?;
    class.define_method("admin", method!(Handle::admin, 3))?;
    class.define_method("stop", method!(Handle::stop, 0))?;
    // Found at load, not on the first wrap (see zcrmsdk_native's `find_wrapped_classes`).
    let _ = <Handle as magnus::TypedData>::class(ruby);
    Ok(())
}
