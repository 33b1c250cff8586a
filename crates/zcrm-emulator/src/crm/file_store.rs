//! Stored files: attachments of records (uploaded bytes or links) and record photos.

use std::collections::{BTreeMap, HashMap};

use axum::body::Bytes;
use serde_json::{json, Value};

use crate::clock;

use super::records::store::Records;
use super::schema::ModuleDef;

#[derive(Clone, Debug)]
pub(crate) struct Attachment {
    pub(crate) id: String,
    pub(crate) parent_module: &'static ModuleDef,
    pub(crate) parent_id: String,
    pub(crate) file_name: String,
    pub(crate) content_type: String,
    /// `None` for a link attachment.
    pub(crate) data: Option<Bytes>,
    pub(crate) link_url: Option<String>,
    pub(crate) owner: Value,
    pub(crate) created: i64,
    pub(crate) file_id: String,
}

impl Attachment {
    pub(crate) fn size(&self) -> usize {
        self.data.as_ref().map_or(0, Bytes::len)
    }

    /// Zoho's attachment JSON; the parent's name is looked up now so it stays current.
    pub(crate) fn to_json(&self, records: &Records) -> Value {
        let parent_name = records
            .get(self.parent_module, &self.parent_id)
            .map(|r| r.name(self.parent_module));
        let when = clock::iso_at(self.created);
        json!({
            "id": self.id,
            "File_Name": self.file_name,
            "Size": self.size().to_string(),
            "$file_id": self.file_id,
            "$type": if self.link_url.is_some() { "Link URL" } else { "Attachment" },
            "$link_url": self.link_url,
            "$editable": true,
            "$sharing_permission": "full_access",
            "$state": "save",
            "$se_module": self.parent_module.api_name,
            "Parent_Id": {"name": parent_name, "id": self.parent_id},
            "Owner": self.owner,
            "Created_By": self.owner,
            "Modified_By": self.owner,
            "Created_Time": when,
            "Modified_Time": when,
        })
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Photo {
    pub(crate) data: Bytes,
    pub(crate) content_type: String,
    pub(crate) file_name: String,
}

#[derive(Debug, Default)]
pub(crate) struct Files {
    attachments: BTreeMap<String, Attachment>,
    photos: HashMap<String, Photo>,
}

impl Files {
    pub(crate) fn attach(&mut self, attachment: Attachment) {
        self.attachments.insert(attachment.id.clone(), attachment);
    }

    pub(crate) fn attachments_of(&self, parent_id: &str) -> Vec<&Attachment> {
        self.attachments
            .values()
            .filter(|a| a.parent_id == parent_id)
            .collect()
    }

    pub(crate) fn attachment(&self, parent_id: &str, id: &str) -> Option<&Attachment> {
        self.attachments
            .get(id)
            .filter(|a| a.parent_id == parent_id)
    }

    pub(crate) fn detach(&mut self, parent_id: &str, id: &str) -> Option<Attachment> {
        self.attachment(parent_id, id)?;
        self.attachments.remove(id)
    }

    pub(crate) fn photo(&self, record_id: &str) -> Option<&Photo> {
        self.photos.get(record_id)
    }

    pub(crate) fn set_photo(&mut self, record_id: &str, photo: Photo) {
        self.photos.insert(record_id.to_string(), photo);
    }

    pub(crate) fn remove_photo(&mut self, record_id: &str) -> Option<Photo> {
        self.photos.remove(record_id)
    }

    /// A deleted record takes its attachments and photo with it.
    pub(crate) fn forget(&mut self, record_id: &str) {
        self.attachments.retain(|_, a| a.parent_id != record_id);
        self.photos.remove(record_id);
    }
}
