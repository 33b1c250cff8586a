//! Records of every module, in id order (ids only grow, so that is creation order), plus each
//! module's recycle bin.
//!
//! A module's records sit in one vector sorted by id (found by binary search), so a list can
//! address them by position. Lists keep *orders* (positions of the records a filter admits,
//! sorted) between requests: each change bumps the module's generation and notes the position
//! it changed (a removal also shifts the positions noted and kept), so that orders are
//! patched rather than rebuilt (see [`Records::order`]).

use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{json, Value};

use crate::crm::schema::{self, ModuleDef};

use super::fields::Fields;
use super::listing::compare_json;

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
/// A remembered change of a record removed since: nothing to patch in.
const GONE: u32 = u32::MAX;

#[derive(Debug, Default)]
struct Module {
    /// Sorted by id.
    records: Vec<Record>,
    /// Bumped by every change.
    generation: u64,
    /// Positions changed in place or appended, in order: `changes[i]` was made by generation
    /// `changes_from + i + 1`. A removal rewrites them (see [`Module::removed`]); an insert
    /// before the end clears them, so that no remembered position is stale.
    changes: Vec<u32>,
    changes_from: u64,
}

impl Module {
    fn position(&self, id: &str) -> Result<usize, usize> {
        self.records.binary_search_by(|r| r.id().cmp(id))
    }

    /// Notes that the record at `position` changed (or was appended); whether that is
    /// remembered (else every cached order is rebuilt).
    fn changed(&mut self, position: usize) -> bool {
        self.generation += 1;
        match u32::try_from(position) {
            Ok(position) if self.changes.len() < CHANGES_KEPT => {
                self.changes.push(position);
                true
            }
            _ => {
                self.moved();
                false
            }
        }
    }

    /// Notes that the record at `position` is about to be removed: remembered changes of it
    /// become [`GONE`], those of later records move down by one. Whether the cached orders
    /// can follow (see [`Order::forget`]).
    fn removed(&mut self, position: usize) -> bool {
        let Ok(gone) = u32::try_from(position) else {
            self.moved();
            return false;
        };
        for change in &mut self.changes {
            if *change == gone {
                *change = GONE;
            } else if *change > gone && *change != GONE {
                *change -= 1;
            }
        }
        // The removal itself changes no record that stays.
        self.changed(GONE as usize)
    }

    /// Notes a change that shifts positions: every cached order is rebuilt.
    fn moved(&mut self) {
        self.generation += 1;
        self.changes.clear();
        self.changes_from = self.generation;
    }

    /// Whether the changes since `generation` are remembered.
    fn knows(&self, generation: u64) -> bool {
        self.changes_since(generation).is_some()
    }

    fn changes_since(&self, generation: u64) -> Option<&[u32]> {
        let skip = usize::try_from(generation.checked_sub(self.changes_from)?).ok()?;
        self.changes.get(skip..)
    }

    /// The positions changed since `generation`, each once, or `None` when they are no longer
    /// known.
    fn changed_since(&self, generation: u64) -> Option<Vec<u32>> {
        let mut changed = self.changes_since(generation)?.to_vec();
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
/// key, and the same positions by time of last change, as of a generation of the module.
#[derive(Clone, Debug)]
pub(crate) struct Order {
    /// Sorted by the key's comparison, then by position.
    pub(crate) positions: Vec<u32>,
    /// Sorted by `modified`, then by position.
    by_modified: Vec<u32>,
    /// The module's record count then: positions from here on were appended since.
    known: usize,
    /// The key's field (else the order is by position).
    sort_by: Option<String>,
    generation: u64,
}

impl Order {
    /// How the list orders the records at positions `a` and `b`: by the sort field's value
    /// when it has one, then by position, which is what a stable sort of them in id order
    /// gives.
    pub(crate) fn compare(&self, records: &[Record], a: u32, b: u32) -> Ordering {
        let by_field = match (
            &self.sort_by,
            records.get(a as usize),
            records.get(b as usize),
        ) {
            (Some(field), Some(x), Some(y)) => compare_json(x.get(field), y.get(field)),
            _ => Ordering::Equal,
        };
        by_field.then(a.cmp(&b))
    }

    /// Follows the removal of the record at `removed`: later ones move down by one.
    fn forget(&mut self, removed: usize) {
        for list in [&mut self.positions, &mut self.by_modified] {
            list.retain(|&p| p as usize != removed);
            for p in list.iter_mut().filter(|p| **p as usize > removed) {
                *p -= 1;
            }
        }
        if removed < self.known {
            self.known -= 1;
        }
    }

    /// The positions of the records changed after `since`, in no particular order.
    pub(crate) fn modified_after<'a>(&'a self, records: &[Record], since: i64) -> &'a [u32] {
        let older = self
            .by_modified
            .partition_point(|&p| records.get(p as usize).is_some_and(|r| r.modified <= since));
        &self.by_modified[older..]
    }
}

/// Takes `gone` (sorted) out of `list`, which is not sorted by position: a scan of `list` for
/// each, or one pass over it when there are many.
fn take_out(list: &mut Vec<u32>, gone: &[u32]) {
    const SCANS: usize = 16;
    if gone.len() > SCANS {
        list.retain(|p| gone.binary_search(p).is_err());
        return;
    }
    for position in gone {
        if let Some(i) = list.iter().position(|p| p == position) {
            list.remove(i);
        }
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
        let followed = module.removed(i);
        // Orders follow the shift (one pass over their positions, where rebuilding them would
        // look into every record) and patch what else changed when next asked for; those
        // whose changes are forgotten are dropped.
        self.orders.get_mut().retain(|(name, _), order| {
            if *name != def.api_name {
                return true;
            }
            let keep = followed && module.knows(order.generation);
            if keep {
                Arc::make_mut(order).forget(i);
            }
            keep
        });
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

    /// The records `admits` accepts, in the order of [`Order::compare`].
    ///
    /// Kept between requests: built once (linear, plus the sorts), then patched for each
    /// record changed in place or appended since: a binary search to put it back in place and,
    /// unless it was appended, a scan of the positions for where it was (4 bytes a record;
    /// only the id order finds that by binary search). A removal shifts the positions (see
    /// [`Records::remove`]); an insert before the end (rare: ids only grow) rebuilds it.
    /// `key.filter` must name `admits` exactly.
    pub(crate) fn order(
        &self,
        def: &'static ModuleDef,
        key: OrderKey,
        admits: impl Fn(&Record) -> bool,
    ) -> Arc<Order> {
        let Some(module) = self.modules.get(def.api_name) else {
            return Arc::new(Order {
                positions: Vec::new(),
                by_modified: Vec::new(),
                known: 0,
                sort_by: None,
                generation: 0,
            });
        };
        let records = module.records.as_slice();
        let record = |p: u32| &records[p as usize];
        let by_time = |a: u32, b: u32| record(a).modified.cmp(&record(b).modified).then(a.cmp(&b));
        let mut orders = self.orders.borrow_mut();
        let cache_key = (def.api_name, key.clone());
        let cached = orders.get_mut(&cache_key).and_then(|order| {
            let changed = module.changed_since(order.generation)?;
            let patched = Arc::make_mut(order);
            let known = changed.partition_point(|&p| (p as usize) < patched.known);
            let (moved, appended) = changed.split_at(known);
            if key.sort_by.is_some() {
                take_out(&mut patched.positions, moved);
            } else {
                for position in moved {
                    if let Ok(i) = patched.positions.binary_search(position) {
                        patched.positions.remove(i);
                    }
                }
            }
            take_out(&mut patched.by_modified, moved);
            for &position in moved.iter().chain(appended) {
                if records.get(position as usize).is_some_and(&admits) {
                    let at = patched.positions.partition_point(|&other| {
                        patched.compare(records, other, position).is_lt()
                    });
                    patched.positions.insert(at, position);
                    let at = patched
                        .by_modified
                        .partition_point(|&other| by_time(other, position).is_lt());
                    patched.by_modified.insert(at, position);
                }
            }
            patched.known = records.len();
            patched.generation = module.generation;
            Some(Arc::clone(order))
        });
        if let Some(order) = cached {
            return order;
        }
        let positions: Vec<u32> = (0u32..)
            .zip(records)
            .filter(|(_, r)| admits(r))
            .map(|(p, _)| p)
            .collect();
        let mut by_modified = positions.clone();
        by_modified.sort_by(|&a, &b| by_time(a, b));
        let positions = match &key.sort_by {
            Some(field) => {
                // Each record's value looked up once, not at every comparison; stable, so
                // equal values stay in id order.
                let mut keyed: Vec<(u32, Option<&Value>)> = positions
                    .iter()
                    .map(|&p| (p, record(p).get(field)))
                    .collect();
                keyed.sort_by(|x, y| compare_json(x.1, y.1));
                keyed.into_iter().map(|(p, _)| p).collect()
            }
            None => positions,
        };
        let order = Order {
            positions,
            by_modified,
            known: records.len(),
            sort_by: key.sort_by.clone(),
            generation: module.generation,
        };
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

    /// The ids at `positions`.
    fn ids(records: &Records, def: &'static ModuleDef, positions: &[u32]) -> Vec<String> {
        positions
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
        let keys = [None, Some("Last_Name".to_string())];
        let check = |records: &Records| {
            for sort_by in &keys {
                let key = OrderKey {
                    filter: 0,
                    sort_by: sort_by.clone(),
                };
                let kept = records.order(def, key.clone(), admits);
                let fresh = {
                    let mut copy = Records::default();
                    for r in records.all(def) {
                        copy.put(def, r.clone());
                    }
                    let order = copy.order(def, key, admits);
                    (
                        ids(&copy, def, &order.positions),
                        ids(&copy, def, &order.by_modified),
                    )
                };
                let kept = (
                    ids(records, def, &kept.positions),
                    ids(records, def, &kept.by_modified),
                );
                assert_eq!(kept, fresh, "{sort_by:?}");
            }
        };
        check(&records);
        records.put(def, record(41, "n3", 41));
        records.put(def, record(43, "n0", 43));
        if let Some(r) = records.get_mut(def, "0005") {
            r.fields.insert("Last_Name", json!("n3"));
            r.modified = 70;
        }
        if let Some(r) = records.get_mut(def, "0009") {
            r.fields.insert("Last_Name", json!("a"));
            r.modified = 2;
        }
        records.put(def, record(3, "z", 50));
        check(&records);
        records.remove(def, "0011");
        check(&records);
        // Removals with orders up to date, then patches on top of the shifted positions.
        records.remove(def, "0001");
        records.remove(def, "0005");
        records.put(def, record(45, "b", 3));
        if let Some(r) = records.get_mut(def, "0043") {
            r.fields.insert("Last_Name", json!("n3"));
        }
        check(&records);
        // Removals while orders wait for patches, of a record changed, appended or neither.
        if let Some(r) = records.get_mut(def, "0007") {
            r.fields.insert("Last_Name", json!("c"));
        }
        records.put(def, record(47, "d", 4));
        records.put(def, record(49, "e", 5));
        if let Some(r) = records.get_mut(def, "0015") {
            r.fields.insert("Last_Name", json!("f"));
        }
        records.remove(def, "0013");
        records.remove(def, "0047");
        records.remove(def, "0007");
        check(&records);
        records.put(def, record(12, "n1", 60));
        records.put(def, record(13, "n1", 61));
        check(&records);
    }
}
