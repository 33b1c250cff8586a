//! Metadata endpoints under `settings/`: modules, fields, layouts and related lists, all
//! derived from the schema.

use serde_json::Value;

use crate::state::State;

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
