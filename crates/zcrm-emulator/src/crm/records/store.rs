//! Records of every module, in id order (ids only grow, so that is creation order), plus each
//! module's recycle bin.
//!
//! A module's records sit in one vector sorted by id (found by binary search), so a list can
//! address them by position. Lists keep *orders* (positions of the records a filter admits,
//! sorted) between requests: each change bumps the module's generation and, when it leaves
//! the other records where they were, notes its position so that orders are patched rather
//! than rebuilt (see [`Records::order`]).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{json, Value};

use crate::crm::schema::{self, ModuleDef};

use super::fields::Fields;

/// One record: Zoho's JSON for it (system fields included) and when it last changed.
#[derive(Clone, Debug)]
pub(crate) struct Record {
    pub(crate) fields: Fields,
    pub(crate) modified: i64,
}

impl Record {
    pub(crate) fn id(&self) -> &str {
        self.fields.raw("id").and_then(Value::as_str).unwrap_or("")
    }

    pub(crate) fn get(&self, key: &str) -> Option<&Value> {
        self.fields.raw(key).filter(|v| !v.is_null())
    }

    /// What a lookup to this record shows as `name`.
    pub(crate) fn name(&self, def: &ModuleDef) -> String {
        match self.get(def.name_field) {
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => String::new(),
        }
    }

    pub(crate) fn reference(&self, def: &ModuleDef) -> Value {
        json!({"name": self.name(def), "id": self.id()})
    }

    pub(crate) fn is_converted(&self) -> bool {
        self.fields.raw("$converted") == Some(&Value::Bool(true))
    }
}

/// A deleted record as `GET /{module}/deleted` lists it.
#[derive(Clone, Debug)]
pub(crate) struct Trashed {
    pub(crate) entry: Value,
    pub(crate) deleted: i64,
}

/// How many in-place changes a module remembers for its cached orders; an order older than
/// that is rebuilt (one linear pass) instead of patched.
const CHANGES_KEPT: usize = 4096;
/// Cached orders kept at most (each costs 4 bytes a record); beyond, the cache starts over.
const ORDERS_KEPT: usize = 32;

#[derive(Debug, Default)]
struct Module {
    /// Sorted by id.
    records: Vec<Record>,
    /// Bumped by every change.
    generation: u64,
    /// Positions changed in place or appended, in order: `changes[i]` was made by generation
    /// `changes_from + i + 1`. A change that moves records (a removal, an insert before the
    /// end) clears it, so that no remembered position is stale.
    changes: Vec<u32>,
    changes_from: u64,
}

impl Module {
    fn position(&self, id: &str) -> Result<usize, usize> {
        self.records.binary_search_by(|r| r.id().cmp(id))
    }

    /// Notes that the record at `position` changed (or was appended).
    fn changed(&mut self, position: usize) {
        self.generation += 1;
        match u32::try_from(position) {
            Ok(position) if self.changes.len() < CHANGES_KEPT => self.changes.push(position),
            _ => self.moved(),
        }
    }

    /// Notes a change that shifts positions: every cached order is rebuilt.
    fn moved(&mut self) {
        self.generation += 1;
        self.changes.clear();
        self.changes_from = self.generation;
    }

    /// The positions changed since `generation`, each once, or `None` when they are no longer
    /// known.
    fn changed_since(&self, generation: u64) -> Option<Vec<u32>> {
        let skip = usize::try_from(generation.checked_sub(self.changes_from)?).ok()?;
        let mut changed = self.changes.get(skip..)?.to_vec();
        changed.sort_unstable();
        changed.dedup();
        Some(changed)
    }
}

/// Which records an order holds and how it sorts them (see [`Records::order`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct OrderKey {
    /// Names the filter the caller's `admits` applies.
    pub(crate) filter: u8,
    /// The field sorted by; `None` for id order.
    pub(crate) sort_by: Option<String>,
}

/// The positions (in [`Records::slice`]) of the records a filter admits, in the order of a
/// key, and bounds of their `modified` times, as of a generation of the module.
#[derive(Clone, Debug)]
pub(crate) struct Order {
    pub(crate) positions: Vec<u32>,
    /// No admitted record changed before this (a lower bound: patches only lower it).
    pub(crate) modified_min: i64,
    /// No admitted record changed after this (an upper bound: patches only raise it).
    pub(crate) modified_max: i64,
    generation: u64,
}

impl Order {
    fn new(generation: u64) -> Order {
        Order {
            positions: Vec::new(),
            modified_min: i64::MAX,
            modified_max: i64::MIN,
            generation,
        }
    }

    fn widen(&mut self, record: &Record) {
        self.modified_min = self.modified_min.min(record.modified);
        self.modified_max = self.modified_max.max(record.modified);
    }
}

#[derive(Debug, Default)]
pub(crate) struct Records {
    modules: HashMap<&'static str, Module>,
    trash: HashMap<&'static str, Vec<Trashed>>,
    /// Orders by module and key; only ever read and written under the state lock.
    orders: RefCell<HashMap<(&'static str, OrderKey), Arc<Order>>>,
}

impl Records {
    pub(crate) fn get(&self, def: &ModuleDef, id: &str) -> Option<&Record> {
        let module = self.modules.get(def.api_name)?;
        module.position(id).ok().map(|i| &module.records[i])
    }

    /// The record to change in place; the module counts as changed.
    pub(crate) fn get_mut(&mut self, def: &ModuleDef, id: &str) -> Option<&mut Record> {
        let module = self.modules.get_mut(def.api_name)?;
        let i = module.position(id).ok()?;
        module.changed(i);
        Some(&mut module.records[i])
    }

    /// Inserts or replaces the record with this id.
    pub(crate) fn put(&mut self, def: &'static ModuleDef, record: Record) {
        let module = self.modules.entry(def.api_name).or_default();
        let newest = module
            .records
            .last()
            .is_none_or(|last| last.id() < record.id());
        if newest {
            module.records.push(record);
            module.changed(module.records.len() - 1);
            return;
        }
        match module.position(record.id()) {
            Ok(i) => {
                module.records[i] = record;
                module.changed(i);
            }
            Err(i) => {
                module.records.insert(i, record);
                module.moved();
            }
        }
    }

    pub(crate) fn remove(&mut self, def: &ModuleDef, id: &str) -> Option<Record> {
        let module = self.modules.get_mut(def.api_name)?;
        let i = module.position(id).ok()?;
        module.moved();
        Some(module.records.remove(i))
    }

    pub(crate) fn all<'a>(&'a self, def: &ModuleDef) -> impl Iterator<Item = &'a Record> + 'a {
        self.slice(def).iter()
    }

    /// The module's records in id order.
    pub(crate) fn slice(&self, def: &ModuleDef) -> &[Record] {
        self.modules
            .get(def.api_name)
            .map_or(&[], |m| m.records.as_slice())
    }

    /// The records with these ids, in id order, each once.
    pub(crate) fn with_ids<'a>(&'a self, def: &ModuleDef, ids: &[String]) -> Vec<&'a Record> {
        let Some(module) = self.modules.get(def.api_name) else {
            return Vec::new();
        };
        let mut positions: Vec<usize> = ids
            .iter()
            .filter_map(|id| module.position(id).ok())
            .collect();
        positions.sort_unstable();
        positions.dedup();
        positions.into_iter().map(|i| &module.records[i]).collect()
    }

    pub(crate) fn count(&self, def: &ModuleDef) -> usize {
        self.slice(def).len()
    }

    /// The records `admits` accepts, sorted by `compare` and then by position, which is what a
    /// stable sort of them in id order gives.
    ///
    /// Kept between requests: built once (linear, plus the sort), then patched for each
    /// record changed in place or appended since (a binary search, plus, for a sorted order, a
    /// scan of the positions for where the record was). A removal or an insert before the
    /// end rebuilds it. `key` must name `admits` and `compare` exactly.
    pub(crate) fn order(
        &self,
        def: &'static ModuleDef,
        key: OrderKey,
        admits: impl Fn(&Record) -> bool,
        compare: impl Fn(&Record, &Record) -> std::cmp::Ordering,
    ) -> Arc<Order> {
        let Some(module) = self.modules.get(def.api_name) else {
            return Arc::new(Order::new(0));
        };
        let records = module.records.as_slice();
        let sorted = key.sort_by.is_some();
        // Where `position` belongs among `positions`.
        let slot = |positions: &[u32], position: u32| {
            let record = &records[position as usize];
            positions.partition_point(|&other| {
                let order = if sorted {
                    compare(&records[other as usize], record)
                } else {
                    std::cmp::Ordering::Equal
                };
                order.then(other.cmp(&position)).is_lt()
            })
        };
        let mut orders = self.orders.borrow_mut();
        let cache_key = (def.api_name, key);
        let cached = orders.get_mut(&cache_key).and_then(|order| {
            let changed = module.changed_since(order.generation)?;
            let patched = Arc::make_mut(order);
            for position in changed {
                let held = if sorted {
                    patched.positions.iter().position(|&p| p == position)
                } else {
                    patched.positions.binary_search(&position).ok()
                };
                if let Some(i) = held {
                    patched.positions.remove(i);
                }
                let Some(record) = records.get(position as usize) else {
                    continue;
                };
                if admits(record) {
                    let at = slot(&patched.positions, position);
                    patched.positions.insert(at, position);
                    patched.widen(record);
                }
            }
            patched.generation = module.generation;
            Some(Arc::clone(order))
        });
        if let Some(order) = cached {
            return order;
        }
        let mut order = Order::new(module.generation);
        for (position, record) in (0u32..).zip(records) {
            if admits(record) {
                order.positions.push(position);
                order.widen(record);
            }
        }
        if sorted {
            // Stable: equal records stay in id order.
            order
                .positions
                .sort_by(|&a, &b| compare(&records[a as usize], &records[b as usize]));
        }
        let order = Arc::new(order);
        if orders.len() >= ORDERS_KEPT {
            orders.clear();
        }
        orders.insert(cache_key, Arc::clone(&order));
        order
    }

    /// The record with this id in any module (ids are unique across the org).
    pub(crate) fn find(&self, id: &str) -> Option<(&'static ModuleDef, &Record)> {
        schema::MODULES
            .iter()
            .find_map(|def| self.get(def, id).map(|record| (def, record)))
    }

    pub(crate) fn trash(&mut self, def: &'static ModuleDef, trashed: Trashed) {
        self.trash.entry(def.api_name).or_default().push(trashed);
    }

    pub(crate) fn trashed(&self, def: &ModuleDef) -> &[Trashed] {
        self.trash.get(def.api_name).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Map;

    fn record(id: u32, name: &str, modified: i64) -> Record {
        let mut map = Map::new();
        map.insert("id".to_string(), json!(format!("{id:04}")));
        map.insert("Last_Name".to_string(), json!(name));
        Record {
            fields: Fields::from_map(map, None),
            modified,
        }
    }

    fn names(records: &Records, def: &'static ModuleDef, order: &Order) -> Vec<String> {
        order
            .positions
            .iter()
            .map(|&p| records.slice(def)[p as usize].id().to_string())
            .collect()
    }

    /// Patched orders equal orders built afresh, for id order and sorted, through appends,
    /// changes in place, removals and inserts before the end.
    #[test]
    fn patched_orders_equal_rebuilt_ones() {
        let Ok(def) = schema::module("Leads") else {
            panic!("no Leads");
        };
        let mut records = Records::default();
        for id in (1..40).step_by(2) {
            records.put(def, record(id, &format!("n{}", id % 7), i64::from(id)));
        }
        let admits = |r: &Record| r.get("Last_Name") != Some(&json!("n3"));
        let compare = |a: &Record, b: &Record| {
            super::super::listing::compare_json(a.get("Last_Name"), b.get("Last_Name"))
        };
        let keys = [None, Some("Last_Name".to_string())];
        let check = |records: &Records| {
            for sort_by in &keys {
                let key = OrderKey {
                    filter: 0,
                    sort_by: sort_by.clone(),
                };
                let kept = records.order(def, key.clone(), admits, compare);
                let fresh = {
                    let mut copy = Records::default();
                    for r in records.all(def) {
                        copy.put(def, r.clone());
                    }
                    let order = copy.order(def, key, admits, compare);
                    names(&copy, def, &order)
                };
                assert_eq!(names(records, def, &kept), fresh, "{sort_by:?}");
            }
        };
        check(&records);
        records.put(def, record(41, "n3", 41));
        records.put(def, record(43, "n0", 43));
        if let Some(r) = records.get_mut(def, "0005") {
            r.fields.insert("Last_Name", json!("n3"));
        }
        if let Some(r) = records.get_mut(def, "0009") {
            r.fields.insert("Last_Name", json!("a"));
        }
        records.put(def, record(3, "z", 50));
        check(&records);
        records.remove(def, "0011");
        check(&records);
        records.put(def, record(12, "n1", 60));
        records.put(def, record(13, "n1", 61));
        check(&records);
    }
}
