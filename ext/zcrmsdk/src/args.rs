//! An operation's arguments, from the Ruby Hash the caller built to the JSON value the core
//! reads, without printing JSON text in Ruby (`JSON.generate`) and parsing it again here.
//!
//! What `JSON.generate` would write is what the core gets: Strings, Symbols, Integers, finite
//! Floats, true/false/nil, and plain Arrays and Hashes (String or Symbol keys) are read
//! directly; any other value (a Time, a BigDecimal, a Hash subclass, a String that is not
//! UTF-8, NaN) is handed to `JSON.generate` itself and its text parsed, so that its `to_json`
//! and the generator's errors stay what they were.

use magnus::rb_sys::AsRawValue;
use magnus::{
    prelude::*, Error, Float, Integer, RArray, RHash, RModule, RString, Ruby, Symbol, Value,
};
use serde_json::{Map, Number, Value as Json};

use crate::errors;
use zcrm_core::error::Error as CoreError;

/// `args`: a JSON text (String), or the Ruby value itself.
pub fn from_ruby(ruby: &Ruby, args: Value) -> Result<Json, Error> {
    if let Some(text) = RString::from_value(args) {
        // SAFETY: the slice is read here and copied before Ruby can run again.
        let bytes = unsafe { text.as_slice() };
        return parse(ruby, bytes);
    }
    value(ruby, args)
}

fn value(ruby: &Ruby, v: Value) -> Result<Json, Error> {
    if v.is_nil() {
        return Ok(Json::Null);
    }
    if v.as_raw() == ruby.qtrue().as_raw() {
        return Ok(Json::Bool(true));
    }
    if v.as_raw() == ruby.qfalse().as_raw() {
        return Ok(Json::Bool(false));
    }
    let class = v.class();
    if class.as_raw() == ruby.class_string().as_raw() {
        if let Some(text) = RString::from_value(v) {
            // SAFETY: copied before Ruby can run again.
            if let Ok(s) = unsafe { text.as_str() } {
                return Ok(Json::String(s.to_owned()));
            }
        }
    } else if class.as_raw() == ruby.class_hash().as_raw() {
        if let Some(map) = hash(ruby, v)? {
            return Ok(Json::Object(map));
        }
    } else if class.as_raw() == ruby.class_array().as_raw() {
        if let Some(array) = RArray::from_value(v) {
            return array
                .into_iter()
                .map(|item| value(ruby, item))
                .collect::<Result<Vec<_>, _>>()
                .map(Json::Array);
        }
    } else if let Some(symbol) = Symbol::from_value(v) {
        return Ok(Json::String(symbol.name()?.into_owned()));
    } else if let Some(number) = number(v) {
        return Ok(number);
    }
    generated(ruby, v)
}

/// A Hash whose keys are all Strings (UTF-8) or Symbols; `None` for any other, which
/// `JSON.generate` writes with each key's `to_s`.
fn hash(ruby: &Ruby, v: Value) -> Result<Option<Map<String, Json>>, Error> {
    let Some(hash) = RHash::from_value(v) else {
        return Ok(None);
    };
    let mut map = Map::new();
    let mut plain = true;
    hash.foreach(|key: Value, item: Value| {
        let Some(key) = key_text(key)? else {
            plain = false;
            return Ok(magnus::r_hash::ForEach::Stop);
        };
        map.insert(key, value(ruby, item)?);
        Ok(magnus::r_hash::ForEach::Continue)
    })?;
    Ok(plain.then_some(map))
}

fn key_text(key: Value) -> Result<Option<String>, Error> {
    if let Some(symbol) = Symbol::from_value(key) {
        return Ok(Some(symbol.name()?.into_owned()));
    }
    let Some(text) = RString::from_value(key) else {
        return Ok(None);
    };
    // SAFETY: copied before Ruby can run again.
    Ok(unsafe { text.as_str() }.ok().map(str::to_owned))
}

/// A fixnum or a finite Float; bignums and NaN/Infinity are left to `JSON.generate`.
fn number(v: Value) -> Option<Json> {
    if let Some(integer) = Integer::from_value(v) {
        return integer.to_i64().ok().map(|i| Json::Number(Number::from(i)));
    }
    let float = Float::from_value(v)?.to_f64();
    Number::from_f64(float).map(Json::Number)
}

/// `v` as `JSON.generate` writes it, read back.
fn generated(ruby: &Ruby, v: Value) -> Result<Json, Error> {
    let json: RModule = ruby.class_object().const_get("JSON")?;
    let text: RString = json.funcall("generate", (v,))?;
    // SAFETY: copied by the parse before Ruby can run again.
    parse(ruby, unsafe { text.as_slice() })
}

fn parse(ruby: &Ruby, text: &[u8]) -> Result<Json, Error> {
    serde_json::from_slice(text).map_err(|e| {
        let error =
            CoreError::invalid_argument("INVALID ARGUMENT", format!("arguments are not JSON: {e}"));
        errors::to_ruby(ruby, &error, &[])
    })
}

/// `ZCRMSDK::Native.arguments_json(args)`: the JSON text of what the engine reads from
/// `args`, to compare with `JSON.generate(args)` (specs; a debugging aid).
fn arguments_json(ruby: &Ruby, args: Value) -> Result<String, Error> {
    let json = from_ruby(ruby, args)?;
    Ok(json.to_string())
}

pub fn define(_ruby: &Ruby, native: RModule) -> Result<(), Error> {
    native.define_singleton_method("arguments_json", magnus::function!(arguments_json, 1))
}
