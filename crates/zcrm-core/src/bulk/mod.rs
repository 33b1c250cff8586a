//! Zoho's Bulk API (`/crm/bulk/v2/`): asynchronous jobs over many records, with the files
//! themselves as zipped CSV ([`zip`]).
//!
//! * Bulk Read ("Bulk Read APIs - An Overview",
//!   <https://www.zoho.com/crm/developer/docs/api/v2/bulk-read/overview.html>): create a job,
//!   poll it (or be called back) until it is COMPLETED, download a zip holding one CSV; the
//!   result is read lazily from disk ([`read::ResultRows`]), so a result of any size costs a
//!   fixed amount of memory.
//! * Bulk Write (<https://www.zoho.com/crm/developer/docs/api/v2/bulk-write/overview.html>):
//!   upload a zipped CSV of up to 25,000 rows to the data centre's content host, create an
//!   insert/update/upsert job, poll it, read the per-row result file.
//!
//! Requests are built like the `api` modules' ([`crate::api::build`] dispatches `bulk_read.*`
//! and `bulk_write.*` here) and rooted at `{api}/crm/bulk/{version}/`, the content host, or a
//! URL Zoho handed out (see [`crate::api::Root`]); [`job`] holds what every job shares.

pub mod job;
pub mod read;
pub mod write;
pub mod zip;
