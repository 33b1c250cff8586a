//! Zoho's Bulk API (`/crm/bulk/v2/`): asynchronous jobs over many records.
//!
//! Bulk Read ("Bulk Read APIs - An Overview",
//! <https://www.zoho.com/crm/developer/docs/api/v2/bulk-read/overview.html>): create a job,
//! poll it (or be called back) until it is COMPLETED, download a zip holding one CSV. The
//! request building lives in [`read`] and [`job`]; the result file is read lazily from disk by
//! [`zip`] and [`read::ResultRows`], so a result of any size costs a fixed amount of memory.

pub mod job;
pub mod read;
pub mod zip;
