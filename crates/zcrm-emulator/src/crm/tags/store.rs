//! The org's tags, per module, and their use on records (each record's `Tag` field holds
//! `[{"name","id"}]`, kept in step when a tag is renamed, merged or deleted).

use serde_json::{json, Value};

use crate::clock;
use crate::crm::actor::Actor;
use crate::crm::records::store::Records;
use crate::crm::schema::ModuleDef;

#[derive(Clone, Debug)]
pub(crate) struct Tag {
    pub(crate) id: String,
    pub(crate) module: &'static ModuleDef,
    pub(crate) name: String,
    pub(crate) created_by: Value,
    pub(crate) modified_by: Value,
    pub(crate) created: i64,
    pub(crate) modified: i64,
}

impl Tag {
    pub(crate) fn new(id: String, module: &'static ModuleDef, name: &str, actor: &Actor) -> Tag {
        let now = clock::now_unix();
        Tag {
            id,
            module,
            name: name.to_string(),
            created_by: actor.named(),
            modified_by: actor.named(),
            created: now,
            modified: now,
        }
    }

    pub(crate) fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "created_by": self.created_by,
            "modified_by": self.modified_by,
            "created_time": clock::iso_at(self.created),
            "modified_time": clock::iso_at(self.modified),
        })
    }

    pub(crate) fn reference(&self) -> Value {
        json!({"name": self.name, "id": self.id})
    }
}

#[derive(Debug, Default)]
pub(crate) struct Tags {
    list: Vec<Tag>,
}

impl Tags {
    pub(crate) fn of_module(&self, def: &ModuleDef) -> Vec<&Tag> {
        self.list
            .iter()
            .filter(|t| t.module.api_name == def.api_name)
            .collect()
    }

    pub(crate) fn by_id(&self, id: &str) -> Option<&Tag> {
        self.list.iter().find(|t| t.id == id)
    }

    pub(crate) fn by_id_mut(&mut self, id: &str) -> Option<&mut Tag> {
        self.list.iter_mut().find(|t| t.id == id)
    }

    /// Tag names are unique per module, without regard to case.
    pub(crate) fn by_name(&self, def: &ModuleDef, name: &str) -> Option<&Tag> {
        self.list
            .iter()
            .find(|t| t.module.api_name == def.api_name && t.name.eq_ignore_ascii_case(name.trim()))
    }

    pub(crate) fn add(&mut self, tag: Tag) {
        self.list.push(tag);
    }

    pub(crate) fn remove(&mut self, id: &str) -> Option<Tag> {
        let index = self.list.iter().position(|t| t.id == id)?;
        Some(self.list.remove(index))
    }
}

/// How many records of the tag's module carry it.
pub(crate) fn usage(records: &Records, tag: &Tag) -> usize {
    records
        .all(tag.module)
        .filter(|r| tag_ids(r.fields.raw("Tag")).iter().any(|id| id == &tag.id))
        .count()
}

pub(crate) fn tag_ids(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|tags| {
            tags.iter()
                .filter_map(|t| t.get("id").and_then(Value::as_str).map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Rewrites every record's `Tag` list of `module`: `f` gets the list and edits it in place.
pub(crate) fn rewrite_record_tags(
    records: &mut Records,
    module: &'static ModuleDef,
    mut f: impl FnMut(&mut Vec<Value>),
) {
    let ids: Vec<String> = records.all(module).map(|r| r.id().to_string()).collect();
    for id in ids {
        if let Some(record) = records.get_mut(module, &id) {
            let mut tags = record
                .fields
                .raw("Tag")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            f(&mut tags);
            record.fields.insert("Tag", Value::Array(tags));
        }
    }
}
