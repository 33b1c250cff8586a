//! `ZCRMSDK::Native::Engine`: one configured client, as seen from Ruby.
//!
//! The engine keeps the validated configuration. What talks to the outside (the core `Client`
//! with its connection pool, token cache and database handles, and the in-memory store) belongs
//! to one process: see `per_process`. It is built inside the call's task, with the GVL released:
//! reading CA files or opening SQLite (with its busy timeout) never blocks other Ruby threads.

use std::future::Future;
use std::sync::Arc;

use magnus::value::Opaque;
use magnus::{gc, prelude::*, DataTypeFunctions, Error, RArray, Ruby, TypedData, Value};

use zcrm_core::api::paging;
use zcrm_core::store::{self, memory::MemoryStore, TokenStore};
use zcrm_core::transport::FileSink;
use zcrm_core::{Client, Config, Error as CoreError, Journal};

use crate::args;
use crate::errors::{self, Extra};
use crate::io_sink::{self, IoSink};
use crate::per_process::PerProcess;
use crate::ruby_store::RubyStore;
use crate::{call, convert, runtime};

#[derive(TypedData)]
#[magnus(class = "ZCRMSDK::Native::Engine", free_immediately, size, mark)]
pub struct Engine {
    shared: Arc<Shared>,
}

/// The custom store's bridge lives as long as the engine object that marks it: no global GC
/// root, so an app that re-initializes the SDK does not accumulate bridges.
impl DataTypeFunctions for Engine {
    fn mark(&self, marker: &gc::Marker) {
        if let Some(bridge) = self.shared.bridge {
            marker.mark(bridge);
        }
    }
}

/// What a call's task needs from the engine.
struct Shared {
    config: Arc<Config>,
    bridge: Option<Opaque<Value>>,
    /// The custom handler class's name, for messages.
    handler_name: String,
    /// Only with `persistence: 'memory'`: its tokens are carried across a fork, its locks not.
    memory: Option<PerProcess<MemoryStore>>,
    client: PerProcess<Client>,
}

impl Shared {
    /// This process's client, built on first use after start-up or fork, off the async
    /// threads (building reads files and may wait for SQLite).
    async fn client(self: Arc<Self>) -> Result<Arc<Client>, CoreError> {
        if let Some(client) = self.client.get() {
            return Ok(client);
        }
        tokio::task::spawn_blocking(move || self.client.get_or_build(|_| self.build_client()))
            .await
            .map_err(|_| CoreError::store("engine", "building the client failed unexpectedly"))?
    }

    fn build_client(&self) -> Result<Client, CoreError> {
        Client::with_store(self.config.clone(), self.open_store()?)
    }

    fn open_store(&self) -> Result<Arc<dyn TokenStore>, CoreError> {
        if let Some(bridge) = self.bridge {
            let store = RubyStore::new(bridge, self.handler_name.clone());
            return Ok(Arc::new(store));
        }
        if let Some(memory) = &self.memory {
            let store = memory.get_or_build(|inherited| {
                Ok::<_, CoreError>(inherited.map(MemoryStore::carried_over).unwrap_or_default())
            })?;
            return Ok(store);
        }
        let store = store::open(&self.config.persistence)?;
        if !store.io_is_runtime_bound() {
            return Ok(store);
        }
        let home = runtime::home().map_err(|e| {
            CoreError::store(
                "engine",
                format!("cannot start the store's I/O runtime: {e}"),
            )
        })?;
        Ok(store::homed::on_home(store, home.handle().clone()))
    }
}

impl Engine {
    /// `Engine.new(pairs, bridge)`: `pairs` are `[key, value]` Strings; `bridge` is the custom
    /// persistence bridge or nil.
    fn new(
        ruby: &Ruby,
        pairs: Vec<(String, String)>,
        bridge: Option<Value>,
    ) -> Result<Engine, Error> {
        let config = Config::from_pairs(&pairs).map_err(|e| errors::to_ruby(ruby, &e, &[]))?;
        if config.persistence.is_custom() && bridge.is_none() {
            let error = CoreError::config(
                "persistence_handler_class",
                "the custom persistence handler could not be loaded",
            );
            return Err(errors::to_ruby(ruby, &error, &[]));
        }
        let memory = matches!(config.persistence, zcrm_core::config::Persistence::Memory)
            .then(PerProcess::new);
        let handler_name = match bridge {
            Some(bridge) => bridge.funcall("handler_name", ())?,
            None => String::new(),
        };
        Ok(Engine {
            shared: Arc::new(Shared {
                config: Arc::new(config),
                bridge: bridge.map(Opaque::from),
                handler_name,
                memory,
                client: PerProcess::new(),
            }),
        })
    }

    /// Runs `work` as a call (see `call`) and returns `[result, requests]` to Ruby, or raises.
    fn perform<T, W, F>(
        &self,
        ruby: &Ruby,
        work: W,
        to_ruby: impl FnOnce(&Ruby, T) -> Result<Value, Error>,
    ) -> Result<RArray, Error>
    where
        T: Send + 'static,
        W: FnOnce(Arc<Client>, Arc<Journal>) -> F + Send + 'static,
        F: Future<Output = Result<T, CoreError>> + Send + 'static,
    {
        self.perform_with(ruby, work, to_ruby, |_| Extra::default())
    }

    /// `perform`, with what the binding knows about a failure beyond the core's error.
    fn perform_with<T, W, F>(
        &self,
        ruby: &Ruby,
        work: W,
        to_ruby: impl FnOnce(&Ruby, T) -> Result<Value, Error>,
        extra: impl FnOnce(&CoreError) -> Extra,
    ) -> Result<RArray, Error>
    where
        T: Send + 'static,
        W: FnOnce(Arc<Client>, Arc<Journal>) -> F + Send + 'static,
        F: Future<Output = Result<T, CoreError>> + Send + 'static,
    {
        let budget = self.shared.config.timeout;
        let chain = call::ruby_thread_id(ruby);
        let journal = Arc::new(Journal::with_deadline(budget).on_chain(chain));
        let (shared, task_journal) = (self.shared.clone(), journal.clone());
        let report_interrupted = || report_interrupted(ruby, &journal);
        // Boxed where it is made: a call's future is kilobytes (hyper's and rustls's state
        // included), and each move of it is a copy of all of it; `run` moves only the box.
        let task = Box::pin(async move {
            let call = async {
                let client = shared.client().await?;
                work(client, task_journal).await
            };
            tokio::time::timeout(budget, call)
                .await
                .unwrap_or_else(|_| Err(out_of_time(budget)))
        });
        let finished = call::run(ruby, task, &report_interrupted)?;
        let records = journal.take();
        match finished.result {
            Ok(value) => convert::with_records(ruby, to_ruby(ruby, value)?, records),
            Err(error) => {
                let extra = Extra {
                    cause: finished.callback_error,
                    ..extra(&error)
                };
                Err(errors::to_ruby_with(ruby, &error, &records, extra))
            }
        }
    }

    fn generate_access_token(
        ruby: &Ruby,
        rb_self: &Engine,
        grant: String,
        accounts_server: Option<String>,
    ) -> Result<RArray, Error> {
        rb_self.perform(
            ruby,
            |client, journal| async move {
                client
                    .generate_access_token_from(&grant, accounts_server.as_deref(), &journal)
                    .await
            },
            tokens_value,
        )
    }

    fn refresh_access_token(
        ruby: &Ruby,
        rb_self: &Engine,
        refresh_token: String,
        user: String,
    ) -> Result<RArray, Error> {
        rb_self.perform(
            ruby,
            |client, journal| async move {
                client
                    .refresh_access_token(&refresh_token, &user, &journal)
                    .await
            },
            tokens_value,
        )
    }

    fn access_token(ruby: &Ruby, rb_self: &Engine, user: String) -> Result<RArray, Error> {
        // A cache hit waits on nothing: answer it without the cost of leaving the GVL.
        if let Some(tokens) = rb_self
            .shared
            .client
            .get()
            .and_then(|c| c.cached_access_token(&user))
        {
            return convert::with_records(ruby, tokens_value(ruby, tokens)?, Vec::new());
        }
        rb_self.perform(
            ruby,
            |client, journal| async move { client.access_token(&user, &journal).await },
            tokens_value,
        )
    }

    fn user_email(ruby: &Ruby, rb_self: &Engine, access_token: String) -> Result<RArray, Error> {
        rb_self.perform(
            ruby,
            |client, journal| async move { client.user_email(&access_token, &journal).await },
            |ruby, email| Ok(ruby.str_new(&email).as_value()),
        )
    }

    fn revoke(ruby: &Ruby, rb_self: &Engine, user: String) -> Result<RArray, Error> {
        rb_self.perform(
            ruby,
            |client, journal| async move { client.revoke(&user, &journal).await },
            nil_value,
        )
    }

    /// `call(user, operation, args)`: one CRM API operation (`args` a Hash, or its JSON text). The answer's array ends
    /// with what the metadata cache did ("hit", "miss", "revalidated", "refreshed"; nil for
    /// reads it does not cover).
    fn call(
        ruby: &Ruby,
        rb_self: &Engine,
        user: String,
        operation: String,
        args: Value,
    ) -> Result<RArray, Error> {
        let args = args::from_ruby(ruby, args)?;
        rb_self.perform(
            ruby,
            |client, journal| async move {
                client
                    .call_reporting(&user, &operation, &args, &journal)
                    .await
            },
            |ruby, (response, cache)| {
                let array = convert::response_to_array(ruby, response)?;
                array.push(cache.map(|outcome| outcome.as_str()))?;
                Ok(array.as_value())
            },
        )
    }

    /// `clear_metadata_cache`: forgets this process's cached metadata answers (nothing to do
    /// before the client is built, or in a fork's child, whose client starts empty).
    fn clear_metadata_cache(&self) {
        if let Some(client) = self.shared.client.get() {
            client.clear_metadata_cache();
        }
    }

    /// `advance_metadata_cache_clock(seconds)`: ages this process's cached metadata answers
    /// (ZCRMSDK::Testing.advance_metadata_cache_clock; nothing cached before the client is
    /// built).
    fn advance_metadata_cache_clock(
        ruby: &Ruby,
        rb_self: &Engine,
        seconds: f64,
    ) -> Result<(), Error> {
        let by = std::time::Duration::try_from_secs_f64(seconds).map_err(|_| {
            Error::new(
                ruby.exception_arg_error(),
                format!("seconds must be a finite number >= 0, not {seconds}"),
            )
        })?;
        if let Some(client) = rb_self.shared.client.get() {
            client.advance_metadata_cache_clock(by);
        }
        Ok(())
    }

    /// `download(user, operation, args, target)`: streams a file answer to `target`, a
    /// path (String) or anything with `write` (an IO). Returns the response without its body.
    fn download(
        ruby: &Ruby,
        rb_self: &Engine,
        user: String,
        operation: String,
        args: Value,
        target: Value,
    ) -> Result<RArray, Error> {
        let args = args::from_ruby(ruby, args)?;
        let to_ruby =
            |ruby: &Ruby, response| Ok(convert::response_to_array(ruby, response)?.as_value());
        if let Ok(path) = String::try_convert(target) {
            return rb_self.perform(
                ruby,
                |client, journal| async move {
                    let mut sink = FileSink::create(&path)?;
                    let response = client
                        .download(&user, &operation, &args, &mut sink, &journal)
                        .await?;
                    sink.commit()?;
                    Ok(response)
                },
                to_ruby,
            );
        }
        let mut sink = IoSink::new(target);
        let written = sink.counter();
        rb_self.perform_with(
            ruby,
            |client, journal| async move {
                client
                    .download(&user, &operation, &args, &mut sink, &journal)
                    .await
            },
            to_ruby,
            |_| Extra {
                bytes_written: Some(io_sink::written(&written)),
                ..Extra::default()
            },
        )
    }

    /// `bulk_write_outcomes(path)`: the rows of a downloaded Bulk Write result, read off the
    /// Ruby thread (see `bulk_write::outcomes_to_array` for the shape).
    fn bulk_write_outcomes(ruby: &Ruby, rb_self: &Engine, path: String) -> Result<RArray, Error> {
        rb_self.perform(
            ruby,
            |_, _| async move {
                let path = std::path::PathBuf::from(path);
                tokio::task::spawn_blocking(move || zcrm_core::bulk::write::read_outcomes(&path))
                    .await
                    .map_err(|_| {
                        CoreError::store("engine", "reading the result failed unexpectedly")
                    })?
            },
            |ruby, outcomes| Ok(crate::bulk_write::outcomes_to_array(ruby, outcomes)?.as_value()),
        )
    }

    fn load_tokens(ruby: &Ruby, rb_self: &Engine, user: String) -> Result<RArray, Error> {
        rb_self.perform(
            ruby,
            |client, _| async move { client.store().load(&user).await },
            |ruby, tokens| match tokens {
                Some(tokens) => tokens_value(ruby, tokens),
                None => nil_value(ruby, ()),
            },
        )
    }

    fn save_tokens(ruby: &Ruby, rb_self: &Engine, tokens: magnus::RHash) -> Result<RArray, Error> {
        let tokens = convert::tokens_from_hash(tokens)?;
        rb_self.perform(
            ruby,
            |client, _| async move { client.store().save(&tokens).await },
            nil_value,
        )
    }

    fn delete_tokens(ruby: &Ruby, rb_self: &Engine, user: String) -> Result<RArray, Error> {
        rb_self.perform(
            ruby,
            |client, _| async move { client.store().delete(&user).await },
            nil_value,
        )
    }

    /// The effective settings, without secrets: what `inspect` and diagnostics show.
    fn settings(ruby: &Ruby, rb_self: &Engine) -> Result<magnus::RHash, Error> {
        let config = &rb_self.shared.config;
        let hash = ruby.hash_new();
        hash.aset("accounts_url", config.accounts_url.as_str())?;
        hash.aset("api_base_url", config.api_base_url.as_str())?;
        hash.aset("api_version", config.api_version.as_str())?;
        hash.aset("sandbox", config.sandbox)?;
        hash.aset("access_type", config.access_type.as_str())?;
        hash.aset("persistence", config.persistence.name())?;
        hash.aset("client_id", config.client_id.as_str())?;
        hash.aset("current_user_email", config.current_user_email.as_deref())?;
        hash.aset("timeout", config.timeout.as_secs_f64())?;
        hash.aset("max_retries", config.max_retries)?;
        hash.aset("max_concurrent_requests", config.max_concurrent_requests)?;
        hash.aset(
            "fleet_max_concurrent_requests",
            config.fleet_max_concurrent_requests,
        )?;
        hash.aset(
            "metadata_cache_ttl",
            config.metadata_cache_ttl.as_secs_f64(),
        )?;
        hash.aset(
            "token_refresh_margin",
            config.refresh_margin_ms as f64 / 1000.0,
        )?;
        Ok(hash)
    }

    /// How many records `page_token` reaches with the configured API version
    /// (`zcrm_core::api::paging`); nil where the version has no tokens.
    fn page_token_limit(&self) -> Option<usize> {
        paging::token_limit(&self.shared.config.api_version)
    }
}

/// The whole call outlived `timeout`. The transport and the token manager name what they were
/// waiting for when they notice first; this catches everything else (a slow custom store).
fn out_of_time(budget: std::time::Duration) -> CoreError {
    CoreError::Deadline {
        message: format!(
            "the call did not finish within its timeout of {} s (the timeout covers retries, \
             waits between them and waiting for a token refresh; raise 'timeout' if calls \
             legitimately take longer)",
            budget.as_secs_f64()
        ),
    }
}

fn tokens_value(ruby: &Ruby, tokens: zcrm_core::Tokens) -> Result<Value, Error> {
    Ok(convert::tokens_to_hash(ruby, &tokens)?.as_value())
}

fn nil_value(ruby: &Ruby, _: ()) -> Result<Value, Error> {
    Ok(ruby.qnil().as_value())
}

/// `Native.persistence_for(pairs)`: the store the configuration selects ("custom", "file",
/// ...), after validating it. The Ruby layer asks so that it loads a custom handler only when
/// the engine would use it, without repeating the precedence rule.
fn persistence_for(ruby: &Ruby, pairs: Vec<(String, String)>) -> Result<&'static str, Error> {
    let config = Config::from_pairs(&pairs).map_err(|e| errors::to_ruby(ruby, &e, &[]))?;
    Ok(config.persistence.name())
}

/// Hands the requests of an interrupted call to `ZCRMSDK::Internal.report_interrupted`, which
/// logs them and says when a write may have been applied. Best effort: the interrupt is what
/// the caller gets, whatever happens here.
fn report_interrupted(ruby: &Ruby, journal: &Journal) {
    let records = journal.take();
    if records.is_empty() {
        return;
    }
    let Ok(array) = convert::records_to_array(ruby, &records) else {
        return;
    };
    let internal = ruby
        .class_object()
        .const_get::<_, magnus::RModule>("ZCRMSDK")
        .and_then(|gem| gem.const_get::<_, magnus::RModule>("Internal"));
    let Ok(internal) = internal else {
        return;
    };
    let _: Result<Value, Error> = internal.funcall("report_interrupted", (array,));
}

pub fn define(ruby: &Ruby, native: magnus::RModule) -> Result<(), Error> {
    use magnus::{function, method};
    native.define_singleton_method("persistence_for", function!(persistence_for, 1))?;
    let class = native.define_class("Engine", ruby.class_object())?;
    class.define_singleton_method("new", function!(Engine::new, 2))?;
    class.define_method(
        "generate_access_token",
        method!(Engine::generate_access_token, 2),
    )?;
    class.define_method(
        "refresh_access_token",
        method!(Engine::refresh_access_token, 2),
    )?;
    class.define_method("access_token", method!(Engine::access_token, 1))?;
    class.define_method("user_email", method!(Engine::user_email, 1))?;
    class.define_method("revoke", method!(Engine::revoke, 1))?;
    class.define_method("call", method!(Engine::call, 3))?;
    class.define_method("download", method!(Engine::download, 4))?;
    class.define_method(
        "bulk_write_outcomes",
        method!(Engine::bulk_write_outcomes, 1),
    )?;
    class.define_method("load_tokens", method!(Engine::load_tokens, 1))?;
    class.define_method("save_tokens", method!(Engine::save_tokens, 1))?;
    class.define_method("delete_tokens", method!(Engine::delete_tokens, 1))?;
    class.define_method("settings", method!(Engine::settings, 0))?;
    class.define_method("page_token_limit", method!(Engine::page_token_limit, 0))?;
    class.define_method(
        "clear_metadata_cache",
        method!(Engine::clear_metadata_cache, 0),
    )?;
    class.define_method(
        "advance_metadata_cache_clock",
        method!(Engine::advance_metadata_cache_clock, 1),
    )?;
    Ok(())
}
