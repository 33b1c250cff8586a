//! Records of every module, in id order (ids only grow, so that is creation order), plus each
//! module's recycle bin.
//!
//! A module's records sit in one vector sorted by id (found by binary search), so a list can
//! address them by position; every change bumps the module's generation, which tells cached
//! listings (see `listing`) that they are stale.

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

#[derive(Debug, Default)]
struct Module {
    /// Sorted by id.
    records: Vec<Record>,
    generation: u64,
}

impl Module {
    fn position(&self, id: &str) -> Result<usize, usize> {
        self.records.binary_search_by(|r| r.id().cmp(id))
    }
}

/// Positions of the records a filter admits, as of a generation of the module.
type Positions = (u64, Arc<[u32]>);

#[derive(Debug, Default)]
pub(crate) struct Records {
    modules: HashMap<&'static str, Module>,
    trash: HashMap<&'static str, Vec<Trashed>>,
    /// By module and filter; only ever read and written under the state lock.
    positions: RefCell<HashMap<(&'static str, u8), Positions>>,
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
        module.generation += 1;
        Some(&mut module.records[i])
    }

    /// Inserts or replaces the record with this id.
    pub(crate) fn put(&mut self, def: &'static ModuleDef, record: Record) {
        let module = self.modules.entry(def.api_name).or_default();
        module.generation += 1;
        let newest = module
            .records
            .last()
            .is_none_or(|last| last.id() < record.id());
        if newest {
            module.records.push(record);
            return;
        }
        match module.position(record.id()) {
            Ok(i) => module.records[i] = record,
            Err(i) => module.records.insert(i, record),
        }
    }

    pub(crate) fn remove(&mut self, def: &ModuleDef, id: &str) -> Option<Record> {
        let module = self.modules.get_mut(def.api_name)?;
        let i = module.position(id).ok()?;
        module.generation += 1;
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

    pub(crate) fn count(&self, def: &ModuleDef) -> usize {
        self.slice(def).len()
    }

    /// The positions (in [`slice`](Self::slice)) of the records `admits` accepts, computed
    /// once per change of the module; `filter` names the filter `admits` applies.
    pub(crate) fn positions(
        &self,
        def: &'static ModuleDef,
        filter: u8,
        admits: impl Fn(&Record) -> bool,
    ) -> Arc<[u32]> {
        let generation = self.modules.get(def.api_name).map_or(0, |m| m.generation);
        let key = (def.api_name, filter);
        if let Some((at, positions)) = self.positions.borrow().get(&key) {
            if *at == generation {
                return Arc::clone(positions);
            }
        }
        let positions: Arc<[u32]> = (0u32..)
            .zip(self.slice(def))
            .filter(|(_, r)| admits(r))
            .map(|(i, _)| i)
            .collect();
        self.positions
            .borrow_mut()
            .insert(key, (generation, Arc::clone(&positions)));
        positions
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
