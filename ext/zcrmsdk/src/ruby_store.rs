//! A token store written in Ruby (the seed's custom persistence handler).
//!
//! The core sees an ordinary `TokenStore`; each method asks the calling Ruby thread (see
//! `call`) to call the Ruby-side bridge (`ZCRMSDK::Persistence::HandlerBridge`), which returns
//! a value or raises. A handler's StandardError becomes a store error whose message names it,
//! and the exception itself the `cause` of the PersistenceError the caller sees.

use async_trait::async_trait;
use magnus::value::Opaque;
use magnus::{prelude::*, Error, RHash, Ruby, Value};

use zcrm_core::store::{LockedTokens, TokenStore};
use zcrm_core::{Error as CoreError, Result as CoreResult, Tokens};

use crate::call::{Caller, JobFailure, Mode};
use crate::convert;

pub struct RubyStore {
    /// Kept alive by the engine object, which marks it (the engine outlives every call).
    bridge: Opaque<Value>,
    /// The handler class's name, for messages ("MyStore#save_oauth_tokens raised ...").
    handler: String,
}

impl RubyStore {
    pub fn new(bridge: Opaque<Value>, handler: String) -> Self {
        RubyStore { bridge, handler }
    }

    /// `bridge.<method>(argument)`, run on the calling Ruby thread; `read` turns the answer
    /// into a Rust value there.
    async fn invoke<A, T>(
        &self,
        method: &'static str,
        mode: Mode,
        argument: A,
        read: impl FnOnce(Value) -> Result<T, Error> + Send + 'static,
    ) -> CoreResult<T>
    where
        A: FnOnce(&Ruby) -> Result<Value, Error> + Send + 'static,
        T: Send + 'static,
    {
        let caller = Caller::current().ok_or_else(|| {
            self.failure(method, "can only be called during a call made from Ruby")
        })?;
        let bridge = self.bridge;
        caller
            .ask(mode, move |ruby| {
                let answer: Value = ruby.get_inner(bridge).funcall(method, (argument(ruby)?,))?;
                read(answer)
            })
            .await
            .map_err(|e| match e {
                JobFailure::Raised(message) => self.failure(method, &format!("raised {message}")),
                JobFailure::Cancelled => {
                    self.failure(method, "did not finish: the call was cancelled")
                }
            })
    }

    fn failure(&self, method: &str, what: &str) -> CoreError {
        let handler_method = match method {
            "load" => "get_oauth_tokens",
            "save" => "save_oauth_tokens",
            "delete" => "delete_oauth_tokens",
            "lock" => "lock_oauth_tokens",
            _ => "unlock_oauth_tokens",
        };
        CoreError::store(
            "custom",
            format!("{}#{handler_method} {what}", self.handler),
        )
    }

    async fn load_user(&self, user: &str) -> CoreResult<Option<Tokens>> {
        let read = |value: Value| {
            if value.is_nil() {
                return Ok(None);
            }
            convert::tokens_from_hash(RHash::try_convert(value)?).map(Some)
        };
        self.invoke("load", Mode::Plain, user_argument(user), read)
            .await
    }

    async fn save_tokens(&self, tokens: &Tokens) -> CoreResult<()> {
        let tokens = tokens.clone();
        let argument = move |ruby: &Ruby| Ok(convert::tokens_to_hash(ruby, &tokens)?.as_value());
        self.invoke("save", Mode::Plain, argument, |_| Ok(())).await
    }

    async fn with_user(&self, method: &'static str, mode: Mode, user: &str) -> CoreResult<()> {
        self.invoke(method, mode, user_argument(user), |_| Ok(()))
            .await
    }
}

fn user_argument(user: &str) -> impl FnOnce(&Ruby) -> Result<Value, Error> + Send + 'static {
    let user = user.to_string();
    move |ruby| Ok(ruby.str_new(&user).as_value())
}

fn unlock(ruby: &Ruby, bridge: Opaque<Value>, user: &str) -> Result<(), Error> {
    ruby.get_inner(bridge)
        .funcall::<_, _, Value>("unlock", (user,))?;
    Ok(())
}

#[async_trait]
impl TokenStore for RubyStore {
    fn kind(&self) -> &'static str {
        "custom"
    }

    async fn load(&self, user: &str) -> CoreResult<Option<Tokens>> {
        self.load_user(user).await
    }

    async fn save(&self, tokens: &Tokens) -> CoreResult<()> {
        self.save_tokens(tokens).await
    }

    async fn delete(&self, user: &str) -> CoreResult<()> {
        self.with_user("delete", Mode::Plain, user).await
    }

    /// Lock and unlock pair up whatever interrupts the call (see `call::Mode`).
    async fn lock(&self, user: &str) -> CoreResult<Box<dyn LockedTokens + '_>> {
        let (bridge, owner) = (self.bridge, user.to_string());
        let undo = Mode::Acquire(Box::new(move |ruby| unlock(ruby, bridge, &owner)));
        self.with_user("lock", undo, user).await?;
        Ok(Box::new(RubyLock {
            store: self,
            user: user.to_string(),
            caller: Caller::current(),
        }))
    }
}

/// The handler's optional `lock_oauth_tokens`/`unlock_oauth_tokens` pair, held while refreshing.
struct RubyLock<'a> {
    store: &'a RubyStore,
    user: String,
    /// Set while the lock is held: a lock dropped unreleased (the call was cancelled, or
    /// failed mid-refresh) still has its unlock served by the calling thread.
    caller: Option<Caller>,
}

#[async_trait]
impl LockedTokens for RubyLock<'_> {
    async fn load(&mut self) -> CoreResult<Option<Tokens>> {
        self.store.load_user(&self.user).await
    }

    async fn save(&mut self, tokens: &Tokens) -> CoreResult<()> {
        self.store.save_tokens(tokens).await
    }

    /// A release job runs even if the call is cancelled while it waits (see `Mode::Release`),
    /// so the lock is given back exactly once either way.
    async fn release(mut self: Box<Self>) -> CoreResult<()> {
        self.caller = None;
        self.store
            .with_user("unlock", Mode::Release, &self.user)
            .await
    }
}

impl Drop for RubyLock<'_> {
    fn drop(&mut self) {
        if let Some(caller) = self.caller.take() {
            let (bridge, user) = (self.store.bridge, std::mem::take(&mut self.user));
            caller.tell(move |ruby| unlock(ruby, bridge, &user));
        }
    }
}
