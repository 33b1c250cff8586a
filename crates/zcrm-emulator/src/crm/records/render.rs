//! A stored record as Zoho answers it: every field of the module present (`null` when empty),
//! lookups showing the current name of what they point at (or `null` once it is deleted), and
//! only `id` plus the requested fields when `fields=` is given.

use serde_json::{Map, Value};

use crate::crm::schema::{self, Kind, ModuleDef};

use super::store::{Record, Records};

pub(crate) fn render(
    def: &ModuleDef,
    record: &Record,
    records: &Records,
    fields: Option<&[String]>,
) -> Value {
    let mut out = Map::new();
    for field in def.all_fields() {
        out.insert(field.api_name.to_string(), Value::Null);
    }
    for (key, value) in &record.fields {
        out.insert(key.clone(), value.clone());
    }
    refresh_lookups(def, &mut out, records);
    if let Some(wanted) = fields {
        out.retain(|key, _| key == "id" || wanted.iter().any(|w| w == key));
    }
    Value::Object(out)
}

fn refresh_lookups(def: &ModuleDef, out: &mut Map<String, Value>, records: &Records) {
    for field in def.all_fields() {
        let target = match field.kind {
            Kind::Lookup(target) => schema::module(target).ok(),
            Kind::AnyLookup => None,
            _ => continue,
        };
        let Some(slot) = out.get_mut(field.api_name) else {
            continue;
        };
        let Some(id) = slot.get("id").and_then(Value::as_str).map(str::to_string) else {
            continue;
        };
        let current = match target {
            Some(target) => records.get(target, &id).map(|r| (target, r)),
            None => records.find(&id),
        };
        *slot = current.map_or(Value::Null, |(def, r)| r.reference(def));
    }
}
