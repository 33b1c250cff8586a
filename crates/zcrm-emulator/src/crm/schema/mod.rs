//! The standard modules of a Zoho CRM org: their fields, mandatory fields and related lists.
//! One static table is the source of truth for record validation, related lists and every
//! metadata endpoint, so what `settings/fields` says is what record writes enforce.

mod tables;

use serde_json::{json, Value};

use super::envelope::ApiError;

pub(crate) use tables::MODULES;

/// Ids of metadata entities are fixed and sit below the range records are numbered from.
const META_BASE: u64 = 4_150_868_000_000_000_000;

/// What a field holds; decides validation on write and `data_type`/`json_type` in metadata.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Text(usize),
    TextArea,
    Email,
    Phone,
    Website,
    Picklist(&'static [&'static str]),
    MultiPicklist(&'static [&'static str]),
    Integer,
    Double,
    Currency,
    Percent,
    Date,
    DateTime,
    Boolean,
    /// A lookup into the named module.
    Lookup(&'static str),
    /// A lookup whose module is whatever record the id names (`What_Id`, `Parent_Id`).
    AnyLookup,
    /// A user (`Owner`, `Created_By`, `Handler`).
    User,
    /// Inventory line items (`Product_Details`).
    LineItems,
    /// Kept as sent (`Participants`, `Pricing_Details`).
    Raw,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Field {
    pub(crate) api_name: &'static str,
    pub(crate) label: &'static str,
    pub(crate) kind: Kind,
    /// Maintained by the server; writes to it are ignored.
    pub(crate) read_only: bool,
}

/// How a related list finds its records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RelKind {
    /// Records of the target module whose lookup field points at the parent.
    Lookup(&'static str),
    /// Records linked through a junction (`PUT /{module}/{id}/{list}/{related_id}`).
    Junction,
    Notes,
    Attachments,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Related {
    pub(crate) api_name: &'static str,
    pub(crate) label: &'static str,
    pub(crate) target: &'static str,
    pub(crate) kind: RelKind,
}

#[derive(Debug)]
pub(crate) struct ModuleDef {
    pub(crate) api_name: &'static str,
    pub(crate) singular: &'static str,
    pub(crate) plural: &'static str,
    /// The field whose value names a record in lookups (`{"name": …}`).
    pub(crate) name_field: &'static str,
    pub(crate) mandatory: &'static [&'static str],
    /// Upsert's duplicate check when the request names none.
    pub(crate) dedupe: &'static [&'static str],
    pub(crate) fields: &'static [Field],
    pub(crate) related: &'static [Related],
    /// Whether `/{module}` record endpoints serve it (Attachments exist only as metadata).
    pub(crate) records: bool,
}

/// Fields every record module has, after its own.
pub(crate) const SYSTEM_FIELDS: &[Field] = &[
    Field::new("Owner", "Owner", Kind::User),
    Field::read_only("Created_By", "Created By", Kind::User),
    Field::read_only("Modified_By", "Modified By", Kind::User),
    Field::read_only("Created_Time", "Created Time", Kind::DateTime),
    Field::read_only("Modified_Time", "Modified Time", Kind::DateTime),
    Field::read_only("Last_Activity_Time", "Last Activity Time", Kind::DateTime),
    Field::read_only("Tag", "Tag", Kind::Raw),
];

impl Field {
    pub(crate) const fn new(api_name: &'static str, label: &'static str, kind: Kind) -> Field {
        Field {
            api_name,
            label,
            kind,
            read_only: false,
        }
    }

    pub(crate) const fn read_only(
        api_name: &'static str,
        label: &'static str,
        kind: Kind,
    ) -> Field {
        Field {
            api_name,
            label,
            kind,
            read_only: true,
        }
    }

    pub(crate) fn data_type(&self) -> &'static str {
        match self.kind {
            Kind::Text(_) => "text",
            Kind::TextArea => "textarea",
            Kind::Email => "email",
            Kind::Phone => "phone",
            Kind::Website => "website",
            Kind::Picklist(_) => "picklist",
            Kind::MultiPicklist(_) => "multiselectpicklist",
            Kind::Integer => "integer",
            Kind::Double => "double",
            Kind::Currency => "currency",
            Kind::Percent => "percent",
            Kind::Date => "date",
            Kind::DateTime => "datetime",
            Kind::Boolean => "boolean",
            Kind::Lookup(_) | Kind::AnyLookup => "lookup",
            Kind::User => "ownerlookup",
            Kind::LineItems | Kind::Raw => "subform",
        }
    }

    pub(crate) fn json_type(&self) -> &'static str {
        match self.kind {
            Kind::Integer => "integer",
            Kind::Double | Kind::Currency | Kind::Percent => "double",
            Kind::Boolean => "boolean",
            Kind::Lookup(_) | Kind::AnyLookup | Kind::User => "jsonobject",
            Kind::MultiPicklist(_) | Kind::LineItems | Kind::Raw => "jsonarray",
            _ => "string",
        }
    }

    pub(crate) fn length(&self) -> usize {
        match self.kind {
            Kind::Text(n) => n,
            Kind::TextArea => 32_000,
            Kind::Email | Kind::Phone => 100,
            Kind::Website => 255,
            Kind::Integer => 9,
            Kind::Double | Kind::Currency | Kind::Percent => 16,
            _ => 120,
        }
    }

    /// Whether a value of this kind is text compared by `word` search.
    pub(crate) fn is_textual(&self) -> bool {
        matches!(
            self.kind,
            Kind::Text(_)
                | Kind::TextArea
                | Kind::Email
                | Kind::Phone
                | Kind::Website
                | Kind::Picklist(_)
        )
    }
}

impl ModuleDef {
    /// The module's position in the table; metadata ids derive from it.
    pub(crate) fn index(&self) -> u64 {
        MODULES
            .iter()
            .position(|m| m.api_name == self.api_name)
            .map_or(0, |i| i as u64)
    }

    pub(crate) fn id(&self) -> String {
        (META_BASE + 2_000 + self.index() * 3).to_string()
    }

    pub(crate) fn layout_id(&self) -> String {
        (META_BASE + 3_000 + self.index() * 3).to_string()
    }

    /// The module's own fields followed by the system ones (Notes and Attachments included).
    pub(crate) fn all_fields(&self) -> impl Iterator<Item = &'static Field> {
        self.fields.iter().chain(SYSTEM_FIELDS.iter())
    }

    pub(crate) fn field(&self, api_name: &str) -> Option<&'static Field> {
        self.all_fields().find(|f| f.api_name == api_name)
    }

    pub(crate) fn field_id(&self, api_name: &str) -> Option<String> {
        let position = self.all_fields().position(|f| f.api_name == api_name)?;
        Some((META_BASE + 100_000 + self.index() * 1_000 + position as u64).to_string())
    }

    pub(crate) fn related(&self, api_name: &str) -> Option<&'static Related> {
        self.related
            .iter()
            .find(|r| r.api_name.eq_ignore_ascii_case(api_name))
    }

    pub(crate) fn related_id(&self, position: usize) -> String {
        (META_BASE + 60_000 + self.index() * 100 + position as u64).to_string()
    }

    pub(crate) fn is_mandatory(&self, api_name: &str) -> bool {
        self.mandatory.contains(&api_name)
    }

    pub(crate) fn reference(&self) -> Value {
        json!({"api_name": self.api_name, "id": self.id()})
    }
}

/// A module by API name; Zoho matches module names case-insensitively.
pub(crate) fn module(name: &str) -> Result<&'static ModuleDef, ApiError> {
    MODULES
        .iter()
        .find(|m| m.api_name.eq_ignore_ascii_case(name))
        .ok_or_else(ApiError::invalid_module)
}

/// Path prefixes that are not modules: a path under them that reached the record routes
/// matched nothing of their own, so it is an unknown URL rather than an unknown module.
const RESERVED: [&str; 3] = ["settings", "org", "users"];

/// A module whose records the `/{module}` endpoints serve.
pub(crate) fn record_module(name: &str) -> Result<&'static ModuleDef, ApiError> {
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(name)) {
        return Err(ApiError::url_not_found());
    }
    module(name).and_then(|def| {
        if def.records {
            Ok(def)
        } else {
            Err(ApiError::invalid_module())
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_below_record_ids() {
        let mut ids = Vec::new();
        for def in MODULES {
            ids.push(def.id());
            ids.push(def.layout_id());
            for field in def.all_fields() {
                ids.extend(def.field_id(field.api_name));
            }
            ids.extend((0..def.related.len()).map(|i| def.related_id(i)));
        }
        let count = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), count, "duplicate metadata ids");
        assert!(ids.iter().all(|id| id.len() == 19
            && id.as_str() < "4150868000000225001"
            && id.as_str() > "4150868000000000000"));
    }

    #[test]
    fn mandatory_and_name_fields_exist() {
        for def in MODULES {
            assert!(def.field(def.name_field).is_some(), "{}", def.api_name);
            for name in def.mandatory.iter().chain(def.dedupe) {
                assert!(def.field(name).is_some(), "{}.{name}", def.api_name);
            }
            for rel in def.related {
                let target = module(rel.target);
                assert!(target.is_ok(), "{}", rel.target);
                if let (RelKind::Lookup(field), Ok(target)) = (rel.kind, target) {
                    assert!(target.field(field).is_some(), "{}.{field}", rel.target);
                }
            }
        }
    }
}
