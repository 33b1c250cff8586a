//! JSON text → Ruby objects in one pass, for the answers the core hands over: Hashes, Arrays,
//! Strings, Integers, Floats, true/false/nil, as `JSON.parse` makes them, but without the
//! Ruby parser's second pass over a body the core has read already, and with Hash keys
//! interned (frozen, deduplicated): the 200 records of a page repeat the same 50 field names,
//! and a Hash keeps a frozen key as it is instead of copying it.
//!
//! Runs with the GVL held, on the calling thread. The objects under construction live on
//! this thread's stack, where Ruby's conservative GC finds them. The raw `rb_*` calls are the
//! unprotected ones: they raise only on memory exhaustion, as every allocation does.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::{c_char, c_long};
use std::fmt;

use magnus::rb_sys::FromRawValue;
use magnus::{Ruby, Value};
use rb_sys::{
    rb_ary_new, rb_ary_push, rb_enc_interned_str, rb_float_new, rb_hash_aset, rb_hash_new,
    rb_int2inum, rb_uint2inum, rb_utf8_encoding, rb_utf8_str_new, Qfalse, Qnil, Qtrue, VALUE,
};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// `bytes` as Ruby objects, or `None` when they are not JSON (the caller decides what an
/// unreadable body means).
pub fn parse(_ruby: &Ruby, bytes: &[u8]) -> Option<Value> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let keys = RefCell::new(HashMap::new());
    let raw = RubyValue { keys: &keys }
        .deserialize(&mut deserializer)
        .ok()?;
    deserializer.end().ok()?;
    // SAFETY: `raw` is a Ruby object just made on this thread.
    Some(unsafe { Value::from_raw(raw) })
}

fn text(s: &str) -> VALUE {
    // SAFETY: a UTF-8 slice and its length; the GVL is held (module docs).
    unsafe { rb_utf8_str_new(s.as_ptr() as *const c_char, s.len() as c_long) }
}

fn key(s: &str) -> VALUE {
    // SAFETY: as in `text`.
    unsafe {
        rb_enc_interned_str(
            s.as_ptr() as *const c_char,
            s.len() as c_long,
            rb_utf8_encoding(),
        )
    }
}

/// The keys interned so far in this parse, by their text: looking one up here is cheaper than
/// Ruby's table of interned strings. Each is held by the Hash that first used it, which is
/// reachable from the value under construction.
type Keys<'c, 'de> = &'c RefCell<HashMap<&'de str, VALUE>>;

#[derive(Clone, Copy)]
struct RubyValue<'c, 'de> {
    keys: Keys<'c, 'de>,
}

/// A Hash key, interned straight from the text (no Rust String in between).
struct Key<'c, 'de> {
    keys: Keys<'c, 'de>,
}

impl<'de> DeserializeSeed<'de> for Key<'_, 'de> {
    type Value = VALUE;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<VALUE, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key<'_, 'de> {
    type Value = VALUE;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<VALUE, E> {
        let mut keys = self.keys.borrow_mut();
        Ok(*keys.entry(v).or_insert_with(|| key(v)))
    }

    /// A key with escapes, decoded into a transient buffer: not cached.
    fn visit_str<E>(self, v: &str) -> Result<VALUE, E> {
        Ok(key(v))
    }
}

impl<'de> DeserializeSeed<'de> for RubyValue<'_, 'de> {
    type Value = VALUE;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<VALUE, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RubyValue<'_, 'de> {
    type Value = VALUE;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<VALUE, E> {
        Ok(if v { Qtrue } else { Qfalse } as VALUE)
    }

    fn visit_i64<E>(self, v: i64) -> Result<VALUE, E> {
        // SAFETY: GVL held (module docs).
        Ok(unsafe { rb_int2inum(v as _) })
    }

    fn visit_u64<E>(self, v: u64) -> Result<VALUE, E> {
        // SAFETY: as above.
        Ok(unsafe { rb_uint2inum(v as _) })
    }

    fn visit_f64<E>(self, v: f64) -> Result<VALUE, E> {
        // SAFETY: as above.
        Ok(unsafe { rb_float_new(v) })
    }

    fn visit_str<E>(self, v: &str) -> Result<VALUE, E> {
        Ok(text(v))
    }

    fn visit_unit<E>(self) -> Result<VALUE, E> {
        Ok(Qnil as VALUE)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<VALUE, A::Error> {
        // SAFETY: as above.
        let array = unsafe { rb_ary_new() };
        while let Some(element) = seq.next_element_seed(self)? {
            // SAFETY: `array` is the Array made above, `element` a Ruby object.
            unsafe { rb_ary_push(array, element) };
        }
        Ok(array)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<VALUE, A::Error> {
        // SAFETY: as above.
        let hash = unsafe { rb_hash_new() };
        while let Some(name) = map.next_key_seed(Key { keys: self.keys })? {
            let value = map.next_value_seed(self)?;
            // SAFETY: `hash` is the Hash made above; the key is a frozen String.
            unsafe { rb_hash_aset(hash, name, value) };
        }
        Ok(hash)
    }
}
