//! A record's fields, stored compactly: 200,000 records must fit in a few hundred MB.
//!
//! - keys are interned `&'static str` (a module has a few dozen names, shared by all records);
//! - the values every record of a module starts with (the `$` properties, `Layout`) live once,
//!   in a shared *base*; a record keeps only what differs from it;
//! - small JSON objects (users, lookups) are shared between the records that hold the same one.
//!
//! Reads and iteration give exactly the map the record was built from, in key order (the
//! order of a `serde_json::Map`), nulls included.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::{Map, Value};

/// Values many records hold, shared; sorted by key.
pub(crate) type Base = Arc<[(&'static str, Value)]>;

#[derive(Clone, Debug)]
enum Slot {
    Own(Value),
    Shared(Arc<Value>),
    /// The base has this key but the record does not.
    Absent,
}

impl Slot {
    fn value(&self) -> Option<&Value> {
        match self {
            Slot::Own(value) => Some(value),
            Slot::Shared(value) => Some(value),
            Slot::Absent => None,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Fields {
    base: Option<Base>,
    /// Sorted by key; an entry here overrides the base's.
    own: Vec<(&'static str, Slot)>,
}

impl Fields {
    /// The fields of `map`; those equal to `base`'s are not stored twice.
    pub(crate) fn from_map(map: Map<String, Value>, base: Option<Base>) -> Fields {
        let shared = base.as_deref().unwrap_or(&[]);
        let mut own = Vec::with_capacity(map.len());
        let mut map = map.into_iter().peekable();
        let mut rest = shared.iter().peekable();
        loop {
            let step = match (map.peek(), rest.peek()) {
                (None, None) => break,
                (Some(_), None) => Step::Own,
                (None, Some(_)) => Step::Absent,
                (Some((key, _)), Some((base_key, _))) => match key.as_str().cmp(base_key) {
                    std::cmp::Ordering::Less => Step::Own,
                    std::cmp::Ordering::Greater => Step::Absent,
                    std::cmp::Ordering::Equal => Step::Both,
                },
            };
            match step {
                Step::Own => {
                    if let Some((key, value)) = map.next() {
                        own.push((intern(&key), slot(value)));
                    }
                }
                Step::Absent => {
                    if let Some((key, _)) = rest.next() {
                        own.push((*key, Slot::Absent));
                    }
                }
                Step::Both => {
                    if let (Some((key, value)), Some((base_key, base_value))) =
                        (map.next(), rest.next())
                    {
                        if value != *base_value {
                            own.push((*base_key, slot(value)));
                        }
                        drop(key);
                    }
                }
            }
        }
        own.shrink_to_fit();
        Fields { base, own }
    }

    /// The value of `key`, `null` included.
    pub(crate) fn raw(&self, key: &str) -> Option<&Value> {
        match self.own.binary_search_by(|(k, _)| (*k).cmp(key)) {
            Ok(i) => self.own[i].1.value(),
            Err(_) => {
                let base = self.base.as_deref()?;
                let i = base.binary_search_by(|(k, _)| (*k).cmp(key)).ok()?;
                Some(&base[i].1)
            }
        }
    }

    pub(crate) fn contains_key(&self, key: &str) -> bool {
        self.raw(key).is_some()
    }

    pub(crate) fn insert(&mut self, key: &str, value: Value) {
        let slot = slot(value);
        match self.own.binary_search_by(|(k, _)| (*k).cmp(key)) {
            Ok(i) => self.own[i].1 = slot,
            Err(i) => self.own.insert(i, (intern(key), slot)),
        }
    }

    pub(crate) fn extend(&mut self, map: Map<String, Value>) {
        for (key, value) in map {
            self.insert(&key, value);
        }
    }

    /// Every field in key order, as `(name, value)`.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&'static str, &Value)> + '_ {
        Merge {
            own: &self.own,
            base: self.base.as_deref().unwrap_or(&[]),
        }
    }

    pub(crate) fn to_map(&self) -> Map<String, Value> {
        self.iter()
            .map(|(key, value)| (key.to_string(), value.clone()))
            .collect()
    }
}

impl crate::crm::criteria::FieldSource for Fields {
    fn field(&self, name: &str) -> Option<&Value> {
        self.raw(name)
    }
}

enum Step {
    Own,
    Absent,
    Both,
}

/// The record's own entries merged into its base's, both sorted by key.
struct Merge<'a> {
    own: &'a [(&'static str, Slot)],
    base: &'a [(&'static str, Value)],
}

impl<'a> Iterator for Merge<'a> {
    type Item = (&'static str, &'a Value);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let from_own = match (self.own.first(), self.base.first()) {
                (None, None) => return None,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (Some((a, _)), Some((b, _))) => {
                    if a == b {
                        self.base = &self.base[1..];
                    }
                    a <= b
                }
            };
            if from_own {
                let (key, slot) = &self.own[0];
                self.own = &self.own[1..];
                if let Some(value) = slot.value() {
                    return Some((key, value));
                }
            } else {
                let (key, value) = &self.base[0];
                self.base = &self.base[1..];
                return Some((key, value));
            }
        }
    }
}

/// A base made of `map`, shared with every other base of the same content.
pub(crate) fn base(map: &Map<String, Value>) -> Base {
    static BASES: OnceLock<Mutex<HashMap<String, Base>>> = OnceLock::new();
    let text = Value::Object(map.clone()).to_string();
    let mut bases = lock(BASES.get_or_init(Default::default));
    bases
        .entry(text)
        .or_insert_with(|| {
            map.iter()
                .map(|(key, value)| (intern(key), value.clone()))
                .collect()
        })
        .clone()
}

/// Objects up to this size (as JSON) are shared between the records holding the same one.
const SHARED_OBJECT_MAX: usize = 512;

fn slot(value: Value) -> Slot {
    match &value {
        Value::Object(map) if !map.is_empty() => shared_object(value),
        _ => Slot::Own(value),
    }
}

/// Users and lookups repeat across thousands of records: one copy of each. Copies nobody holds
/// any more are dropped whenever the table has doubled.
fn shared_object(value: Value) -> Slot {
    struct Table {
        objects: HashMap<String, Arc<Value>>,
        pruned_at: usize,
    }
    static TABLE: OnceLock<Mutex<Table>> = OnceLock::new();
    let text = value.to_string();
    if text.len() > SHARED_OBJECT_MAX {
        return Slot::Own(value);
    }
    let mut table = lock(TABLE.get_or_init(|| {
        Mutex::new(Table {
            objects: HashMap::new(),
            pruned_at: 1024,
        })
    }));
    if table.objects.len() >= table.pruned_at * 2 {
        table.objects.retain(|_, v| Arc::strong_count(v) > 1);
        table.pruned_at = table.objects.len().max(1024);
    }
    Slot::Shared(Arc::clone(
        table.objects.entry(text).or_insert_with(|| Arc::new(value)),
    ))
}

/// The one `&'static str` for a field name. Names are few (a schema's plus those clients
/// invent), so they are kept for the life of the process.
pub(crate) fn intern(key: &str) -> &'static str {
    static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut names = lock(NAMES.get_or_init(Default::default));
    if let Some(name) = names.get(key) {
        return name;
    }
    let name: &'static str = Box::leak(key.to_string().into_boxed_str());
    names.insert(name);
    name
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    #[test]
    fn reads_back_the_map_it_was_built_from() {
        let base = base(&map(json!({"$a": true, "$b": {"x": 1}, "Layout": null})));
        let source = map(json!({
            "$a": true, "$c": 1, "Name": "x", "Owner": {"id": "1", "name": "n"}, "Z": null,
        }));
        let fields = Fields::from_map(source.clone(), Some(base));
        assert_eq!(fields.to_map(), source);
        assert_eq!(fields.raw("$b"), None, "absent though in the base");
        assert_eq!(fields.raw("$a"), Some(&json!(true)));
        assert_eq!(fields.raw("Z"), Some(&Value::Null));
    }

    #[test]
    fn inserts_override_the_base_in_order() {
        let base = base(&map(json!({"$a": true, "$m": 2})));
        let mut fields = Fields::from_map(map(json!({"$a": true, "$m": 2})), Some(base));
        fields.insert("$m", json!(3));
        fields.insert("B", json!("b"));
        fields.insert("$0", json!(0));
        assert_eq!(
            fields.to_map(),
            map(json!({"$0": 0, "$a": true, "$m": 3, "B": "b"}))
        );
        let keys: Vec<&str> = fields.iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["$0", "$a", "$m", "B"]);
    }
}
