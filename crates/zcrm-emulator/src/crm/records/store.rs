//! Records of every module, in id order (ids only grow, so that is creation order), plus each
//! module's recycle bin.

use std::collections::{BTreeMap, HashMap};

use serde_json::{json, Map, Value};

use crate::crm::schema::{self, ModuleDef};

/// One record: Zoho's JSON for it (system fields included) and when it last changed.
#[derive(Clone, Debug)]
pub(crate) struct Record {
    pub(crate) fields: Map<String, Value>,
    pub(crate) modified: i64,
}

impl Record {
    pub(crate) fn id(&self) -> &str {
        self.fields.get("id").and_then(Value::as_str).unwrap_or("")
    }

    pub(crate) fn get(&self, key: &str) -> Option<&Value> {
        self.fields.get(key).filter(|v| !v.is_null())
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
        self.fields.get("$converted") == Some(&Value::Bool(true))
    }
}

/// A deleted record as `GET /{module}/deleted` lists it.
#[derive(Clone, Debug)]
pub(crate) struct Trashed {
    pub(crate) entry: Value,
    pub(crate) deleted: i64,
}

#[derive(Debug, Default)]
pub(crate) struct Records {
    modules: HashMap<&'static str, BTreeMap<String, Record>>,
    trash: HashMap<&'static str, Vec<Trashed>>,
}

impl Records {
    pub(crate) fn get(&self, def: &ModuleDef, id: &str) -> Option<&Record> {
        self.modules.get(def.api_name)?.get(id)
    }

    pub(crate) fn get_mut(&mut self, def: &ModuleDef, id: &str) -> Option<&mut Record> {
        self.modules.get_mut(def.api_name)?.get_mut(id)
    }

    /// Inserts or replaces the record with this id.
    pub(crate) fn put(&mut self, def: &'static ModuleDef, record: Record) {
        let id = record.id().to_string();
        self.modules
            .entry(def.api_name)
            .or_default()
            .insert(id, record);
    }

    pub(crate) fn remove(&mut self, def: &ModuleDef, id: &str) -> Option<Record> {
        self.modules.get_mut(def.api_name)?.remove(id)
    }

    pub(crate) fn all<'a>(&'a self, def: &ModuleDef) -> impl Iterator<Item = &'a Record> + 'a {
        self.modules
            .get(def.api_name)
            .into_iter()
            .flat_map(|records| records.values())
    }

    pub(crate) fn count(&self, def: &ModuleDef) -> usize {
        self.modules.get(def.api_name).map_or(0, BTreeMap::len)
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
