//! `ZCRMSDK::Native::Engine`: one configured client, as seen from Ruby.
//!
//! The engine keeps the validated configuration; the core `Client` (connection pool, token
//! cache, database pool) is built per process id, so a forked child (Puma cluster, Sidekiq
//! swarm, Resque) gets its own instead of the parent's dead pools. Only the in-memory store
//! is carried across a fork: it has nowhere else to live.

use std::future::Future;
use std::sync::{Arc, Mutex};

use magnus::value::Opaque;
use magnus::{prelude::*, Error, RArray, Ruby, Value};

use zcrm_core::store::{self, memory::MemoryStore, TokenStore};
use zcrm_core::transport::FileSink;
use zcrm_core::{Client, Config, Error as CoreError, Journal};

use crate::io_sink::IoSink;
use crate::ruby_store::RubyStore;
use crate::{convert, errors, gvl, pending, runtime};

#[magnus::wrap(class = "ZCRMSDK::Native::Engine", free_immediately, size)]
pub struct Engine {
    config: Arc<Config>,
    bridge: Option<Opaque<Value>>,
    memory: Option<Arc<MemoryStore>>,
    client: Mutex<Option<(u32, Arc<Client>)>>,
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
        if let Some(bridge) = bridge {
            // The engine lives as long as the configuration; keep its bridge alive with it.
            magnus::gc::register_mark_object(bridge);
        }
        let memory = matches!(config.persistence, zcrm_core::config::Persistence::Memory)
            .then(|| Arc::new(MemoryStore::new()));
        Ok(Engine {
            config: Arc::new(config),
            bridge: bridge.map(Opaque::from),
            memory,
            client: Mutex::new(None),
        })
    }

    /// This process's client, built on first use after start-up or fork.
    fn client(&self) -> Result<Arc<Client>, CoreError> {
        let pid = std::process::id();
        let mut slot = self
            .client
            .lock()
            .map_err(|_| CoreError::store("engine", "a previous call panicked"))?;
        if let Some((owner, client)) = slot.as_ref() {
            if *owner == pid {
                return Ok(client.clone());
            }
        }
        let _inside = io_runtime()?.enter();
        let client = Arc::new(Client::with_store(self.config.clone(), self.open_store()?)?);
        *slot = Some((pid, client.clone()));
        Ok(client)
    }

    fn open_store(&self) -> Result<Arc<dyn TokenStore>, CoreError> {
        if let Some(bridge) = self.bridge {
            return Ok(Arc::new(RubyStore::new(bridge)));
        }
        if let Some(memory) = &self.memory {
            return Ok(memory.clone());
        }
        store::open(&self.config.persistence)
    }

    /// Runs `work` without the GVL and returns `[result, requests]` to Ruby, or raises.
    fn perform<T, W, F>(
        &self,
        ruby: &Ruby,
        work: W,
        to_ruby: impl FnOnce(&Ruby, T) -> Result<Value, Error>,
    ) -> Result<RArray, Error>
    where
        W: FnOnce(Arc<Client>, Arc<Journal>) -> F,
        F: Future<Output = Result<T, CoreError>>,
    {
        let journal = Arc::new(Journal::new());
        let outcome = match self.client().and_then(|client| Ok((client, io_runtime()?))) {
            Ok((client, runtime)) => gvl::block_on(runtime, work(client, journal.clone()))?,
            Err(error) => Err(error),
        };
        if let Some(parked) = pending::take(ruby) {
            return Err(parked);
        }
        let records = journal.take();
        match outcome {
            Ok(value) => convert::with_records(ruby, to_ruby(ruby, value)?, &records),
            Err(error) => Err(errors::to_ruby(ruby, &error, &records)),
        }
    }

    fn generate_access_token(
        ruby: &Ruby,
        rb_self: &Engine,
        grant: String,
    ) -> Result<RArray, Error> {
        rb_self.perform(
            ruby,
            |client, journal| async move { client.generate_access_token(&grant, &journal).await },
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
            .client()
            .ok()
            .and_then(|c| c.cached_access_token(&user))
        {
            return convert::with_records(ruby, tokens_value(ruby, tokens)?, &[]);
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

    /// `call(user, operation, args_json)`: one CRM API operation.
    fn call(
        ruby: &Ruby,
        rb_self: &Engine,
        user: String,
        operation: String,
        args_json: String,
    ) -> Result<RArray, Error> {
        let args = parse_args(ruby, &args_json)?;
        rb_self.perform(
            ruby,
            |client, journal| async move { client.call(&user, &operation, &args, &journal).await },
            |ruby, response| Ok(convert::response_to_array(ruby, &response)?.as_value()),
        )
    }

    /// `download(user, operation, args_json, target)`: streams a file answer to `target`, a
    /// path (String) or anything with `write` (an IO). Returns the response without its body.
    fn download(
        ruby: &Ruby,
        rb_self: &Engine,
        user: String,
        operation: String,
        args_json: String,
        target: Value,
    ) -> Result<RArray, Error> {
        let args = parse_args(ruby, &args_json)?;
        let to_ruby =
            |ruby: &Ruby, response| Ok(convert::response_to_array(ruby, &response)?.as_value());
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
        rb_self.perform(
            ruby,
            |client, journal| async move {
                client
                    .download(&user, &operation, &args, &mut sink, &journal)
                    .await
            },
            to_ruby,
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
        let config = &rb_self.config;
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
            "token_refresh_margin",
            config.refresh_margin_ms as f64 / 1000.0,
        )?;
        Ok(hash)
    }
}

fn io_runtime() -> Result<&'static tokio::runtime::Runtime, CoreError> {
    runtime::current()
        .map_err(|e| CoreError::store("engine", format!("cannot start the I/O runtime: {e}")))
}

fn tokens_value(ruby: &Ruby, tokens: zcrm_core::Tokens) -> Result<Value, Error> {
    Ok(convert::tokens_to_hash(ruby, &tokens)?.as_value())
}

fn nil_value(ruby: &Ruby, _: ()) -> Result<Value, Error> {
    Ok(ruby.qnil().as_value())
}

fn parse_args(ruby: &Ruby, args_json: &str) -> Result<serde_json::Value, Error> {
    serde_json::from_str(args_json).map_err(|e| {
        let error =
            CoreError::invalid_argument("INVALID ARGUMENT", format!("arguments are not JSON: {e}"));
        errors::to_ruby(ruby, &error, &[])
    })
}

/// `Native.persistence_for(pairs)`: the store the configuration selects ("custom", "file",
/// ...), after validating it. The Ruby layer asks so that it loads a custom handler only when
/// the engine would use it, without repeating the precedence rule.
fn persistence_for(ruby: &Ruby, pairs: Vec<(String, String)>) -> Result<&'static str, Error> {
    let config = Config::from_pairs(&pairs).map_err(|e| errors::to_ruby(ruby, &e, &[]))?;
    Ok(config.persistence.name())
}

pub fn define(ruby: &Ruby, native: magnus::RModule) -> Result<(), Error> {
    use magnus::{function, method};
    native.define_singleton_method("persistence_for", function!(persistence_for, 1))?;
    let class = native.define_class("Engine", ruby.class_object())?;
    class.define_singleton_method("new", function!(Engine::new, 2))?;
    class.define_method(
        "generate_access_token",
        method!(Engine::generate_access_token, 1),
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
    class.define_method("load_tokens", method!(Engine::load_tokens, 1))?;
    class.define_method("save_tokens", method!(Engine::save_tokens, 1))?;
    class.define_method("delete_tokens", method!(Engine::delete_tokens, 1))?;
    class.define_method("settings", method!(Engine::settings, 0))?;
    Ok(())
}
