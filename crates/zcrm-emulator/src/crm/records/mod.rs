//! Records of every module: storage, validation, listing and the `/{module}` endpoints.

pub(crate) mod convert;
pub(crate) mod crud;
pub(crate) mod delete;
pub(crate) mod deleted;
pub(crate) mod fake;
pub(crate) mod fields;
pub(crate) mod listing;
pub(crate) mod render;
pub(crate) mod search;
pub(crate) mod store;
pub(crate) mod upsert;
pub(crate) mod values;
pub(crate) mod write;
