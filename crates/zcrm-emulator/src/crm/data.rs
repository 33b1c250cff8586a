//! Everything the CRM side stores, under the one state lock.

use std::collections::BTreeMap;

use super::bulk::read_jobs::ReadJobs;
use super::bulk::write::jobs::BulkWrites;
use super::file_store::Files;
use super::notifications::Channels;
use super::records::store::Records;
use super::relations::links::Links;
use super::tags::store::Tags;
use super::tax_store::Taxes;
use super::variable_store::Variables;
use super::view_store::Views;

#[derive(Debug, Default)]
pub(crate) struct CrmData {
    pub(crate) records: Records,
    pub(crate) files: Files,
    pub(crate) tags: Tags,
    pub(crate) links: Links,
    pub(crate) views: Views,
    pub(crate) taxes: Taxes,
    pub(crate) variables: Variables,
    /// Notification channels (`/actions/watch`) and the changes waiting to be sent to them.
    pub(crate) notifications: Channels,
    /// Field labels changed in the org's setup (`/_emulator/field_labels`), by
    /// `"{module}.{field api_name}"`.
    pub(crate) field_labels: BTreeMap<String, String>,
    /// Bulk Write uploads, jobs and their delay (`/_emulator/bulk_write`).
    pub(crate) bulk_writes: BulkWrites,
    /// Bulk Read jobs and their knobs (`/_emulator/bulk_read`).
    pub(crate) bulk_reads: ReadJobs,
}
