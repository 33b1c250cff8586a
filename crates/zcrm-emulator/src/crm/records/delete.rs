//! Deleting a record: it moves to its module's recycle bin, and takes its notes,
//! attachments, photo and relations with it, as in Zoho.

use serde_json::{json, Value};

use crate::clock;
use crate::crm::notifications::Operation;
use crate::crm::results;
use crate::crm::schema::{self, ModuleDef};

use super::store::Trashed;
use super::write::Writer;

/// The per-record result of deleting `id`.
pub(crate) fn delete(writer: &mut Writer, def: &'static ModuleDef, id: &str) -> Value {
    let Some(record) = writer.state.crm.records.remove(def, id) else {
        return results::invalid_id(id);
    };
    let created_by = record
        .get("Created_By")
        .map(|u| json!({"name": u["name"], "id": u["id"]}));
    let entry = json!({
        "id": id,
        "type": "recycle",
        "display_name": record.name(def),
        "created_by": created_by,
        "deleted_by": writer.actor.named(),
        "deleted_time": clock::iso_at(writer.now),
    });
    writer.noted(def, Operation::Delete, id, Vec::new());
    let crm = &mut writer.state.crm;
    crm.records.trash(
        def,
        Trashed {
            entry,
            deleted: writer.now,
        },
    );
    crm.files.forget(id);
    crm.links.forget(def.api_name, id);
    if let Ok(notes) = schema::module("Notes") {
        let orphans: Vec<String> = crm
            .records
            .all(notes)
            .filter(|n| n.get("Parent_Id").and_then(|p| p.get("id")) == Some(&json!(id)))
            .map(|n| n.id().to_string())
            .collect();
        for note in orphans {
            crm.records.remove(notes, &note);
            crm.files.forget(&note);
        }
    }
    results::success("record deleted", json!({ "id": id }))
}
