//! Core errors become Ruby exceptions. The exception classes live in Ruby
//! (`lib/zcrmsdk/errors.rb`); `ZCRMSDK::Native.build_error(attributes)` picks the class from
//! the error's kind and fills the 1.0.x readers. The requests made before the failure ride
//! along so that the Ruby layer can still log them.

use magnus::{prelude::*, Error, Exception, RHash, RModule, Ruby, Value};

use zcrm_core::{Error as CoreError, RequestRecord};

use crate::convert;

/// What the binding knows about a failure beyond the core's error.
#[derive(Default)]
pub struct Extra {
    /// The exception a callback of the call raised (a custom store's, an IO's).
    pub cause: Option<Value>,
    /// Bytes a download had written to an IO target before it failed.
    pub bytes_written: Option<u64>,
}

pub fn to_ruby(ruby: &Ruby, error: &CoreError, records: &[RequestRecord]) -> Error {
    to_ruby_with(ruby, error, records, Extra::default())
}

pub fn to_ruby_with(
    ruby: &Ruby,
    error: &CoreError,
    records: &[RequestRecord],
    extra: Extra,
) -> Error {
    match build(ruby, error, records, extra) {
        Ok(exception) => Error::from(exception),
        Err(failure) => failure,
    }
}

fn build(
    ruby: &Ruby,
    error: &CoreError,
    records: &[RequestRecord],
    extra: Extra,
) -> Result<Exception, Error> {
    let attributes = attributes(ruby, error)?;
    attributes.aset(
        ruby.to_symbol("requests"),
        convert::records_to_array(ruby, records)?,
    )?;
    // A callback's exception is the cause only of the failure it produced: a store error or
    // a failed write of a download, never an unrelated error of the same call.
    if caused_by_callback(error) {
        attributes.aset(ruby.to_symbol("cause"), extra.cause)?;
    }
    attributes.aset(ruby.to_symbol("bytes_written"), extra.bytes_written)?;
    native_module(ruby)?.funcall("build_error", (attributes,))
}

fn caused_by_callback(error: &CoreError) -> bool {
    match error {
        CoreError::Store { store, .. } => store == "custom",
        CoreError::InvalidArgument { code, .. } => code == "DOWNLOAD FAILED",
        _ => false,
    }
}

pub fn native_module(ruby: &Ruby) -> Result<RModule, Error> {
    ruby.class_object()
        .const_get::<_, RModule>("ZCRMSDK")?
        .const_get("Native")
}

fn attributes(ruby: &Ruby, error: &CoreError) -> Result<RHash, Error> {
    let hash = ruby.hash_new();
    let set = |key: &str, value: Option<String>| hash.aset(ruby.to_symbol(key), value);
    set("kind", Some(error.kind().to_string()))?;
    set("message", Some(error.to_string()))?;
    match error {
        CoreError::Config { key, .. } => set("key", Some(key.clone()))?,
        CoreError::OAuth { code, .. } => set("code", Some(code.clone()))?,
        CoreError::NoTokens { user, .. } => set("user", Some(user.clone()))?,
        CoreError::RefreshLimited { retry_after, .. } => {
            hash.aset(ruby.to_symbol("retry_after"), *retry_after)?
        }
        CoreError::Api {
            status,
            code,
            message,
            details,
            url,
            retry_after,
        } => {
            hash.aset(ruby.to_symbol("status"), *status)?;
            set("code", Some(code.clone()))?;
            set("error_message", Some(message.clone()))?;
            set("details", Some(details.clone()))?;
            set("url", Some(url.clone()))?;
            hash.aset(ruby.to_symbol("retry_after"), *retry_after)?;
        }
        CoreError::Network { url, message } | CoreError::Protocol { url, message } => {
            set("url", Some(url.clone()))?;
            set("error_message", Some(message.clone()))?;
        }
        CoreError::Timeout { url } => {
            set("url", Some(url.clone()))?;
            set(
                "error_message",
                Some("no answer within the configured timeout".into()),
            )?;
        }
        CoreError::Deadline { message } => set("error_message", Some(message.clone()))?,
        CoreError::Store { store, .. } => set("store", Some(store.clone()))?,
        CoreError::InvalidArgument { code, .. } => set("code", Some(code.clone()))?,
        CoreError::Interrupted => {}
    }
    Ok(hash)
}
