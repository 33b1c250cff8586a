//! Zoho's bulk APIs: jobs that read or write up to 25,000 records per file, with the files
//! themselves as zipped CSV ([`zip`]). Each resource's requests are built like the `api`
//! modules' ([`crate::api::build`] dispatches `bulk_write.*` here); the requests run against
//! `{api}/crm/bulk/{version}/` and, for uploads, the data centre's content host (see
//! [`crate::api::Root`]).

pub mod write;
pub mod zip;
