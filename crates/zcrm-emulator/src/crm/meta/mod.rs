//! Metadata endpoints under `settings/`: modules, fields, layouts and related lists, all
//! derived from the schema.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::state::{Shared, State};

pub(crate) mod describe;
pub(crate) mod fields;
pub(crate) mod layout;
pub(crate) mod layouts;
pub(crate) mod modules;
pub(crate) mod related_lists;

/// The org's administrator as the author of all metadata.
pub(crate) fn author(state: &State) -> describe::Author {
    let named = state
        .users
        .admin()
        .map(|u| u.as_ref().to_json())
        .unwrap_or(Value::Null);
    describe::Author { named }
}

/// How the org's setup describes fields beyond the schema: which are unique
/// (`Options::unique_fields`, as `"{module}.{api_name}"`) and the labels an administrator
/// changed (`/_emulator/field_labels`).
pub(crate) struct FieldSetup {
    pub(crate) unique: Vec<String>,
    pub(crate) labels: BTreeMap<String, String>,
}

impl FieldSetup {
    pub(crate) fn of(shared: &Shared) -> FieldSetup {
        FieldSetup {
            unique: shared.config.options.unique_fields.clone(),
            labels: shared.lock().crm.field_labels.clone(),
        }
    }
}
