//! One pass over a success answer's body for what the envelope check needs (see `envelope`):
//! whether the body is a JSON object, how the value under the operation's key opens, and
//! whether the first entry says `"status": "error"`. Nothing is built but that entry's
//! `status`: a page of 200 records is 300 KB, and even one 51-field record cost more to build
//! (or to scan three times, as the check once did) than the rest of the check.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// What the check reads of a body that is a JSON object.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Scan {
    /// The first byte of the value under the key (`[`, `{`, or another), when the key is there.
    pub opens: Option<u8>,
    /// The list's first item, or the object under the key, has `"status": "error"`.
    pub first_is_error: bool,
}

/// `None` when the body is not a JSON object (or not JSON at all).
pub(super) fn scan(body: &[u8], key: &str) -> Option<Scan> {
    let mut reader = serde_json::Deserializer::from_slice(body);
    let scan = (TopLevel { key }).deserialize(&mut reader).ok()?;
    reader.end().ok()?;
    Some(scan)
}

struct TopLevel<'k> {
    key: &'k str,
}

impl<'de> DeserializeSeed<'de> for TopLevel<'_> {
    type Value = Scan;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Scan, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TopLevel<'_> {
    type Value = Scan;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut top: A) -> Result<Scan, A::Error> {
        let mut scan = Scan::default();
        while let Some(name) = top.next_key::<Cow<'de, str>>()? {
            if name == self.key {
                // A repeated key: the last one counts, as it would in a parsed object.
                scan = top.next_value_seed(Entries)?;
            } else {
                top.next_value::<IgnoredAny>()?;
            }
        }
        Ok(scan)
    }
}

/// The value under the operation's key.
struct Entries;

impl<'de> DeserializeSeed<'de> for Entries {
    type Value = Scan;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Scan, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Entries {
    type Value = Scan;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Scan, A::Error> {
        let first_is_error = items.next_element_seed(Entry)?.unwrap_or(false);
        while items.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scan {
            opens: Some(b'['),
            first_is_error,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, entry: A) -> Result<Scan, A::Error> {
        Ok(Scan {
            opens: Some(b'{'),
            first_is_error: status_is_error(entry)?,
        })
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Scan, E> {
        Ok(other())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Scan, E> {
        Ok(other())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Scan, E> {
        Ok(other())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Scan, E> {
        Ok(other())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Scan, E> {
        Ok(other())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Scan, E> {
        Ok(other())
    }
}

/// A value under the key that is neither a list nor an object.
fn other() -> Scan {
    Scan {
        opens: Some(0),
        first_is_error: false,
    }
}

/// The first item of a list: whether it is an object with `"status": "error"`.
struct Entry;

impl<'de> DeserializeSeed<'de> for Entry {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        let entry = Entries.deserialize(deserializer)?;
        Ok(entry.opens == Some(b'{') && entry.first_is_error)
    }
}

fn status_is_error<'de, A: MapAccess<'de>>(mut entry: A) -> Result<bool, A::Error> {
    let mut error = false;
    while let Some(name) = entry.next_key::<Cow<'de, str>>()? {
        if name == "status" {
            error = entry.next_value::<Value>()?.as_str() == Some("error");
        } else {
            entry.next_value::<IgnoredAny>()?;
        }
    }
    Ok(error)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(body: &str) -> Option<Scan> {
        scan(body.as_bytes(), "data")
    }

    fn found(opens: u8, first_is_error: bool) -> Option<Scan> {
        Some(Scan {
            opens: Some(opens),
            first_is_error,
        })
    }

    #[test]
    fn reads_how_the_entries_open_and_the_first_entrys_status() {
        assert_eq!(
            of(r#"{"data":[{"id":"1","status":"error"},{}]}"#),
            found(b'[', true)
        );
        assert_eq!(
            of(r#"{"data":[{"id":"1"},{"status":"error"}]}"#),
            found(b'[', false)
        );
        assert_eq!(
            of(r#"{"data":{"status":"error","code":"X"}}"#),
            found(b'{', true)
        );
        assert_eq!(
            of(r#"{"data":[{"status":{"nested":"error"}}]}"#),
            found(b'[', false)
        );
        assert_eq!(of(r#"{"data":["error"]}"#), found(b'[', false));
        assert_eq!(of(r#"{"data":[]}"#), found(b'[', false));
        assert_eq!(of(r#"{"data":null}"#), found(0, false));
        assert_eq!(of(r#"{"info":{}}"#), Some(Scan::default()));
    }

    #[test]
    fn a_body_that_is_no_json_object_is_none() {
        assert_eq!(of("[1,2]"), None);
        assert_eq!(of("<html>"), None);
        assert_eq!(of(r#"{"data":[1,]}"#), None);
        assert_eq!(of(r#"{"data":[]} trailing"#), None);
    }

    #[test]
    fn the_last_of_a_repeated_key_counts() {
        assert_eq!(
            of(r#"{"data":[{"status":"error"}],"data":{}}"#),
            found(b'{', false)
        );
    }
}
