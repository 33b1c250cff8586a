//! Tags: `settings/tags` and the add/remove actions on records.

pub(crate) mod actions;
pub(crate) mod settings;
pub(crate) mod store;
