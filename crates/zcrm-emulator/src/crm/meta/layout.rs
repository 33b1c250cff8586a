//! A module's one layout ("Standard"): its fields grouped into Zoho's usual sections, and for
//! Leads the mapping conversion uses.

use serde_json::{json, Value};

use crate::crm::records::convert::{ACCOUNT_MAPPING, CONTACT_MAPPING};
use crate::crm::schema::{self, Field, Kind, ModuleDef};

use super::describe::{self, Author};
use super::FieldSetup;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Main,
    LineItems,
    Address,
    Description,
}

fn section_of(field: &Field) -> Section {
    let name = field.api_name;
    if field.kind == Kind::LineItems {
        Section::LineItems
    } else if matches!(field.kind, Kind::TextArea) && name != "Note_Content" {
        Section::Description
    } else if ["Street", "City", "State", "Zip", "Code", "Country"]
        .iter()
        .any(|part| name.ends_with(part))
        && name != "SIC_Code"
        && name != "Product_Code"
    {
        Section::Address
    } else {
        Section::Main
    }
}

pub(crate) fn layout(def: &ModuleDef, author: &Author, setup: &FieldSetup) -> Value {
    let sections = [
        (Section::Main, format!("{} Information", def.singular)),
        (Section::LineItems, "Product Details".to_string()),
        (Section::Address, "Address Information".to_string()),
        (Section::Description, "Description Information".to_string()),
    ];
    let sections: Vec<Value> = sections
        .iter()
        .map(|(kind, label)| {
            let fields: Vec<Value> = def
                .all_fields()
                .filter(|f| section_of(f) == *kind)
                .map(|f| describe::field(def, f, setup))
                .collect();
            (kind, label, fields)
        })
        .filter(|(_, _, fields)| !fields.is_empty())
        .enumerate()
        .map(|(i, (kind, label, fields))| {
            json!({
                "name": label, "display_label": label, "api_name": label.replace(' ', "_"),
                "sequence_number": i + 1, "column_count": if *kind == Section::Main { 2 } else { 1 },
                "tab_traversal": 1, "isSubformSection": *kind == Section::LineItems,
                "properties": null, "fields": fields,
            })
        })
        .collect();
    let profiles: Vec<Value> = describe::profiles()
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|mut p| {
            p["default"] = Value::Bool(true);
            p
        })
        .collect();
    let mut layout = json!({
        "id": def.layout_id(),
        "name": "Standard",
        "created_time": author.time(),
        "modified_time": author.time(),
        "created_by": author.named,
        "modified_by": author.named,
        "visible": true,
        "created_for": null,
        "status": 0,
        "profiles": profiles,
        "sections": sections,
    });
    // Only a convertible module's layout has a mapping; the others leave the key out (1.0.x
    // reads it whenever present and fails on `null`).
    if let (Some(mapping), Value::Object(map)) = (convert_mapping(def), &mut layout) {
        map.insert("convert_mapping".to_string(), mapping);
    }
    layout
}

fn convert_mapping(def: &ModuleDef) -> Option<Value> {
    if def.api_name != "Leads" {
        return None;
    }
    let target = |name: &str, mapping: &[(&str, &str)]| {
        let Ok(target) = schema::module(name) else {
            return Value::Null;
        };
        let fields: Vec<Value> = mapping
            .iter()
            .filter_map(|(_, to)| target.field(to))
            .map(|f| {
                json!({
                    "api_name": f.api_name, "id": target.field_id(f.api_name),
                    "field_label": f.label, "required": target.is_mandatory(f.api_name),
                })
            })
            .collect();
        json!({"name": "Standard", "id": target.layout_id(), "fields": fields})
    };
    Some(json!({
        "Contacts": target("Contacts", &CONTACT_MAPPING),
        "Accounts": target("Accounts", &ACCOUNT_MAPPING),
        "Deals": target("Deals", &[("", "Deal_Name"), ("", "Stage"), ("", "Closing_Date")]),
    }))
}
