//! A token store written in Ruby (the seed's custom persistence handler).
//!
//! The core sees an ordinary `TokenStore`; each method calls the Ruby-side bridge
//! (`ZCRMSDK::Persistence::HandlerBridge`) with the GVL re-acquired on the Ruby thread that
//! made the API call — never on a tokio worker. The bridge answers `["ok", value]` or
//! `["error", message]` (it rescues the handler's StandardErrors); anything else it raises
//! (Interrupt, a kill) is parked and re-raised when the call returns to Ruby.

use async_trait::async_trait;
use magnus::value::Opaque;
use magnus::{prelude::*, Error, RArray, RHash, Ruby, Value};

use zcrm_core::store::{LockedTokens, TokenStore};
use zcrm_core::{Error as CoreError, Result as CoreResult, Tokens};

use crate::{convert, gvl, pending};

pub struct RubyStore {
    bridge: Opaque<Value>,
}

impl RubyStore {
    pub fn new(bridge: Opaque<Value>) -> Self {
        RubyStore { bridge }
    }

    /// Calls `bridge.<method>(*args)` and unpacks its `[status, value]` answer with `read`.
    fn invoke<T>(
        &self,
        method: &'static str,
        argument: impl FnOnce(&Ruby) -> Result<Value, Error>,
        read: impl FnOnce(&Ruby, Value) -> Result<T, Error>,
    ) -> CoreResult<T> {
        let bridge = self.bridge;
        let outcome = gvl::with_gvl(|| -> Result<Result<T, String>, String> {
            let ruby = Ruby::get().map_err(|e| e.to_string())?;
            let result = (|| {
                let answer: RArray = ruby
                    .get_inner(bridge)
                    .funcall(method, (argument(&ruby)?,))?;
                let status: String = answer.entry(0)?;
                if status == "ok" {
                    Ok(Ok(read(&ruby, answer.entry(1)?)?))
                } else {
                    Ok(Err(answer.entry::<String>(1)?))
                }
            })();
            result.map_err(|error: Error| {
                let message = error.to_string();
                pending::park(&ruby, error);
                message
            })
        });
        match outcome {
            None => Err(failure(
                "the custom persistence handler can only be called from a Ruby thread",
            )),
            Some(Ok(Ok(value))) => Ok(value),
            Some(Ok(Err(message))) | Some(Err(message)) => Err(failure(&message)),
        }
    }

    fn load_user(&self, user: &str) -> CoreResult<Option<Tokens>> {
        let user = user.to_string();
        self.invoke(
            "load",
            |ruby| Ok(ruby.str_new(&user).as_value()),
            |_, value| {
                if value.is_nil() {
                    return Ok(None);
                }
                convert::tokens_from_hash(RHash::try_convert(value)?).map(Some)
            },
        )
    }

    fn save_tokens(&self, tokens: &Tokens) -> CoreResult<()> {
        let tokens = tokens.clone();
        self.invoke(
            "save",
            |ruby| Ok(convert::tokens_to_hash(ruby, &tokens)?.as_value()),
            |_, _| Ok(()),
        )
    }

    fn simple(&self, method: &'static str, user: &str) -> CoreResult<()> {
        let user = user.to_string();
        self.invoke(
            method,
            |ruby| Ok(ruby.str_new(&user).as_value()),
            |_, _| Ok(()),
        )
    }
}

fn failure(message: &str) -> CoreError {
    CoreError::store("custom", message)
}

#[async_trait]
impl TokenStore for RubyStore {
    fn kind(&self) -> &'static str {
        "custom"
    }

    async fn load(&self, user: &str) -> CoreResult<Option<Tokens>> {
        self.load_user(user)
    }

    async fn save(&self, tokens: &Tokens) -> CoreResult<()> {
        self.save_tokens(tokens)
    }

    async fn delete(&self, user: &str) -> CoreResult<()> {
        self.simple("delete", user)
    }

    async fn lock(&self, user: &str) -> CoreResult<Box<dyn LockedTokens + '_>> {
        self.simple("lock", user)?;
        Ok(Box::new(RubyLock {
            store: self,
            user: user.to_string(),
            held: true,
        }))
    }
}

/// The handler's optional `lock_oauth_tokens`/`unlock_oauth_tokens` pair, held while refreshing.
struct RubyLock<'a> {
    store: &'a RubyStore,
    user: String,
    held: bool,
}

#[async_trait]
impl LockedTokens for RubyLock<'_> {
    async fn load(&mut self) -> CoreResult<Option<Tokens>> {
        self.store.load_user(&self.user)
    }

    async fn save(&mut self, tokens: &Tokens) -> CoreResult<()> {
        self.store.save_tokens(tokens)
    }

    async fn release(mut self: Box<Self>) -> CoreResult<()> {
        self.held = false;
        self.store.simple("unlock", &self.user)
    }
}

impl Drop for RubyLock<'_> {
    fn drop(&mut self) {
        if self.held {
            let _ = self.store.simple("unlock", &self.user);
        }
    }
}
