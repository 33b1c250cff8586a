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
use std::collections::{HashMap, HashSet};
use std::ffi::{c_char, c_long};
use std::fmt;

use magnus::rb_sys::{AsRawValue, FromRawValue};
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

/// `s` as Ruby's one frozen copy of that text: for the few texts every call repeats (an
/// envelope key, a response kind), no new String each time.
pub fn interned(_ruby: &Ruby, s: &str) -> Value {
    // SAFETY: a Ruby object just made (or found) on this thread, which holds the GVL.
    unsafe { Value::from_raw(key(s)) }
}

fn key(s: &str) -> VALUE {
    // An empty `&str` may point nowhere (0x1), and Ruby 3.1 reads through the pointer of an
    // empty text it interns: a download's empty envelope key crashed there.
    let ptr: *const c_char = if s.is_empty() {
        c"".as_ptr()
    } else {
        s.as_ptr().cast()
    };
    // SAFETY: as in `text`; `ptr` points at `s.len()` readable bytes, or at one for "".
    unsafe { rb_enc_interned_str(ptr, s.len() as c_long, rb_utf8_encoding()) }
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

/// One record of a list, split the way `ZCRMRecord` keeps it (see `Mapping::Records.fill_parts`):
/// `[field_data, properties, rest]`. Plain field values go straight to `field_data` and `$`
/// properties (without their `$`) to `properties`; `rest` gets the keys whose Ruby mapping
/// needs more than a copy: those in `own_place` and every object or array value. A non-`$`
/// key of `rest` also gets `pending` in `field_data`, holding its place in Zoho's key order
/// until the mapping sets or removes it. Nulls are left out, as 1.0.x did.
pub fn record_parts(
    _ruby: &Ruby,
    bytes: &[u8],
    own_place: &HashSet<String>,
    pending: Value,
) -> Option<[Value; 3]> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let keys = RefCell::new(HashMap::new());
    let parts = Parts {
        keys: &keys,
        own_place,
        pending: pending.as_raw(),
    };
    let raw = deserializer.deserialize_map(parts).ok()?;
    deserializer.end().ok()?;
    // SAFETY: Ruby objects just made on this thread.
    Some(raw.map(|value| unsafe { Value::from_raw(value) }))
}

struct Parts<'c, 'de> {
    keys: Keys<'c, 'de>,
    own_place: &'c HashSet<String>,
    pending: VALUE,
}

/// A key's text, borrowed from the body unless it had escapes.
enum KeyText<'de> {
    Borrowed(&'de str),
    Owned(String),
}

struct KeyTextSeed;

impl<'de> DeserializeSeed<'de> for KeyTextSeed {
    type Value = KeyText<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<KeyText<'de>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyTextSeed {
    type Value = KeyText<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<KeyText<'de>, E> {
        Ok(KeyText::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<KeyText<'de>, E> {
        Ok(KeyText::Owned(v.to_string()))
    }
}

impl<'c, 'de> Parts<'c, 'de> {
    /// The interned Ruby String for `text`, cached for this record.
    fn intern(&self, text: &KeyText<'de>) -> VALUE {
        match text {
            KeyText::Borrowed(v) => *self.keys.borrow_mut().entry(v).or_insert_with(|| key(v)),
            KeyText::Owned(v) => key(v),
        }
    }
}

impl<'de> Visitor<'de> for Parts<'_, 'de> {
    type Value = [VALUE; 3];

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a record (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<[VALUE; 3], A::Error> {
        // SAFETY: GVL held (module docs); the three Hashes live on this stack frame.
        let (fields, properties, rest) = unsafe { (rb_hash_new(), rb_hash_new(), rb_hash_new()) };
        let values = RubyValue { keys: self.keys };
        while let Some(text) = map.next_key_seed(KeyTextSeed)? {
            let value = map.next_value_seed(values)?;
            if value == Qnil as VALUE {
                continue;
            }
            let name = match &text {
                KeyText::Borrowed(v) => *v,
                KeyText::Owned(v) => v.as_str(),
            };
            let property = name.strip_prefix('$');
            // SAFETY: the Hashes above, interned frozen String keys, Ruby values.
            unsafe {
                if self.own_place.contains(name) || property.is_none() && is_container(value) {
                    rb_hash_aset(rest, self.intern(&text), value);
                    if property.is_none() {
                        rb_hash_aset(fields, self.intern(&text), self.pending);
                    }
                } else if let Some(property) = property {
                    rb_hash_aset(properties, key(property), value);
                } else {
                    rb_hash_aset(fields, self.intern(&text), value);
                }
            }
        }
        Ok([fields, properties, rest])
    }
}

/// A Hash or an Array (the values the mapping turns into lookups and subform rows).
fn is_container(value: VALUE) -> bool {
    // SAFETY: `value` is a live Ruby object made by this parse.
    let value = unsafe { Value::from_raw(value) };
    magnus::RHash::from_value(value).is_some() || magnus::RArray::from_value(value).is_some()
}
