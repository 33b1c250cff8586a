//! A stored record as Zoho answers it: every field of the module present (`null` when empty),
//! lookups showing the current name of what they point at (or `null` once it is deleted), and
//! only `id` plus the requested fields when `fields=` is given. Keys come in the order of a
//! `serde_json::Map` (sorted).
//!
//! Records are serialised straight into the answer's bytes: the module's sorted field list is
//! merged with the record's sorted fields on the fly, so no JSON object is built per record.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

use crate::crm::schema::{self, Field, Kind, ModuleDef};

use super::store::{Record, Records};

/// A record ready to serialise (see the module docs).
pub(crate) struct Rendered<'a> {
    pub(crate) def: &'static ModuleDef,
    pub(crate) record: &'a Record,
    pub(crate) records: &'a Records,
    pub(crate) fields: Option<&'a [String]>,
}

impl Serialize for Rendered<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        let mut schema = sorted_fields(self.def).iter().peekable();
        let mut stored = self.record.fields.iter().peekable();
        loop {
            let (key, field, value) = match (schema.peek(), stored.peek()) {
                (None, None) => break,
                (Some(field), None) => (field.api_name, Some(*field), None),
                (None, Some(&(key, value))) => (key, None, Some(value)),
                (Some(field), Some(&(key, value))) => match field.api_name.cmp(key) {
                    std::cmp::Ordering::Less => (field.api_name, Some(*field), None),
                    std::cmp::Ordering::Greater => (key, None, Some(value)),
                    std::cmp::Ordering::Equal => (key, Some(*field), Some(value)),
                },
            };
            if field.is_some() {
                schema.next();
            }
            if value.is_some() {
                stored.next();
            }
            if !self.wanted(key) {
                continue;
            }
            match (field.map(|f| f.kind), value) {
                (_, None) => map.serialize_entry(key, &Value::Null)?,
                (Some(kind @ (Kind::Lookup(_) | Kind::AnyLookup)), Some(value)) => {
                    match value.get("id").and_then(Value::as_str) {
                        Some(id) => map.serialize_entry(key, &self.current(kind, id))?,
                        None => map.serialize_entry(key, value)?,
                    }
                }
                (_, Some(value)) => map.serialize_entry(key, value)?,
            }
        }
        map.end()
    }
}

impl Rendered<'_> {
    fn wanted(&self, key: &str) -> bool {
        self.fields
            .is_none_or(|wanted| key == "id" || wanted.iter().any(|w| w == key))
    }

    /// What a lookup to `id` shows now: the target's current name, or null once deleted.
    fn current(&self, kind: Kind, id: &str) -> Value {
        let current = match kind {
            Kind::Lookup(target) => schema::module(target)
                .ok()
                .and_then(|target| self.records.get(target, id).map(|r| (target, r))),
            _ => self.records.find(id),
        };
        current.map_or(Value::Null, |(def, r)| r.reference(def))
    }
}

/// The record as a JSON value, for answers that embed it in more.
pub(crate) fn render(
    def: &'static ModuleDef,
    record: &Record,
    records: &Records,
    fields: Option<&[String]>,
) -> Value {
    let rendered = Rendered {
        def,
        record,
        records,
        fields,
    };
    // Cannot fail: every key is a string and every value already JSON.
    serde_json::to_value(rendered).unwrap_or(Value::Null)
}

/// The module's fields (its own, then the system ones) sorted by name, each name once: the
/// first definition wins, as `ModuleDef::field` finds it.
fn sorted_fields(def: &ModuleDef) -> &'static [&'static Field] {
    static SORTED: OnceLock<HashMap<&'static str, Vec<&'static Field>>> = OnceLock::new();
    SORTED
        .get_or_init(|| {
            schema::MODULES
                .iter()
                .map(|def| {
                    let mut fields: Vec<&'static Field> = Vec::new();
                    for field in def.all_fields() {
                        if !fields.iter().any(|f| f.api_name == field.api_name) {
                            fields.push(field);
                        }
                    }
                    fields.sort_by_key(|f| f.api_name);
                    (def.api_name, fields)
                })
                .collect()
        })
        .get(def.api_name)
        .map_or(&[], Vec::as_slice)
}
