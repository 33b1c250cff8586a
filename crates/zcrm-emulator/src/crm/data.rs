//! Everything the CRM side stores, under the one state lock.

use std::collections::BTreeMap;

use super::bulk::read_jobs::ReadJobs;
use super::file_store::Files;
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
    /// Field labels changed in the org's setup (`/_emulator/field_labels`), by
    /// `"{module}.{field api_name}"`.
    pub(crate) field_labels: BTreeMap<String, String>,
    /// Bulk Read jobs and their knobs (`/_emulator/bulk_read`).
    pub(crate) bulk_reads: ReadJobs,
}
