//! Metadata JSON built from the schema: fields (every one with `pick_list_values`, and
//! `lookup`/`unique`/`currency` as objects, which the legacy gem requires), modules and
//! related-list definitions.

use serde_json::{json, Value};

use crate::clock;
use crate::crm::records::convert::{ACCOUNT_MAPPING, CONTACT_MAPPING};
use crate::crm::schema::{self, Field, Kind, ModuleDef, Related};
use crate::crm::seed::{ORG_CREATED_UNIX, PROFILE_ADMIN, PROFILE_STANDARD};

use super::FieldSetup;

/// Who last changed the metadata, and when: the org's administrator, at sign-up.
pub(crate) struct Author {
    pub(crate) named: Value,
}

impl Author {
    pub(crate) fn time(&self) -> String {
        clock::iso_at(ORG_CREATED_UNIX)
    }
}

pub(crate) fn profiles() -> Value {
    json!([
        {"name": PROFILE_ADMIN.0, "id": PROFILE_ADMIN.1},
        {"name": PROFILE_STANDARD.0, "id": PROFILE_STANDARD.1},
    ])
}

pub(crate) fn field(def: &ModuleDef, field: &Field, setup: &FieldSetup) -> Value {
    let mandatory = def.is_mandatory(field.api_name);
    let editable = !field.read_only;
    let qualified = format!("{}.{}", def.api_name, field.api_name);
    let is_unique = setup.unique.contains(&qualified);
    let label = setup
        .labels
        .get(&qualified)
        .map_or(field.label, String::as_str);
    let position = def.all_fields().position(|f| f.api_name == field.api_name);
    json!({
        "api_name": field.api_name,
        "id": def.field_id(field.api_name),
        "field_label": label,
        "display_label": label,
        "data_type": field.data_type(),
        "json_type": field.json_type(),
        "system_mandatory": mandatory,
        "read_only": field.read_only,
        "field_read_only": field.read_only,
        "custom_field": false,
        "visible": true,
        "length": field.length(),
        "decimal_place": matches!(field.kind, Kind::Double | Kind::Currency | Kind::Percent).then_some(2),
        "sequence_number": position.map(|p| p + 1),
        "view_type": {"view": true, "edit": editable, "create": editable, "quick_create": mandatory},
        "pick_list_values": picklist(field),
        "lookup": lookup(def, field),
        "unique": if is_unique { json!({"casesensitive": false}) } else { json!({}) },
        "currency": if field.kind == Kind::Currency {
            json!({"rounding_option": "normal", "precision": 2})
        } else {
            json!({})
        },
        "formula": {}, "auto_number": {}, "multiselectlookup": {},
        "subform": null, "association_details": null, "crypt": null, "tooltip": null,
        "default_value": null, "created_source": "default", "webhook": true,
        "businesscard_supported": field.api_name == def.name_field,
        "mass_update": editable && !matches!(field.kind, Kind::LineItems | Kind::Raw),
        "history_tracking": false, "blueprint_supported": false,
        "convert_mapping": convert_mapping(def, field),
    })
}

fn picklist(field: &Field) -> Value {
    let values: &[&str] = match field.kind {
        Kind::Picklist(values) | Kind::MultiPicklist(values) => values,
        _ => &[],
    };
    Value::Array(
        values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                json!({"display_value": v, "actual_value": v, "sequence_number": i + 1, "maps": []})
            })
            .collect(),
    )
}

fn lookup(def: &ModuleDef, field: &Field) -> Value {
    match field.kind {
        Kind::Lookup(target) => json!({
            "display_label": field.label,
            "api_name": field.api_name,
            "module": target,
            "id": def.field_id(field.api_name),
        }),
        // Which module a record points at is the record's `$se_module`, and the metadata
        // says so by naming that key (observed by Zoho's 1.0.x suites).
        Kind::AnyLookup => json!({
            "display_label": field.label,
            "api_name": field.api_name,
            "module": "se_module",
            "id": def.field_id(field.api_name),
        }),
        _ => json!({}),
    }
}

/// Where a Leads field goes when the lead is converted.
fn convert_mapping(def: &ModuleDef, field: &Field) -> Value {
    if def.api_name != "Leads" {
        return Value::Null;
    }
    let target = |mapping: &[(&'static str, &'static str)]| -> Option<&'static str> {
        mapping
            .iter()
            .find(|(from, _)| *from == field.api_name)
            .map(|(_, to)| *to)
    };
    json!({
        "Contacts": target(&CONTACT_MAPPING),
        "Accounts": target(&ACCOUNT_MAPPING),
        "Deals": null,
    })
}

pub(crate) fn related(def: &ModuleDef, position: usize, related: &Related) -> Value {
    json!({
        "id": def.related_id(position),
        "api_name": related.api_name,
        "module": related.target,
        "display_label": related.label,
        "name": related.label,
        "type": "default",
        "href": format!("{}/{{ENTITYID}}/{}", def.api_name, related.api_name),
        "visible": true,
        "action": null,
        "sequence_number": (position + 1).to_string(),
    })
}

pub(crate) fn module(def: &ModuleDef, author: &Author) -> Value {
    let records = def.records;
    let main = matches!(def.api_name, "Leads" | "Contacts" | "Accounts" | "Deals");
    let inventory = def.fields.iter().any(|f| f.kind == Kind::LineItems);
    json!({
        "api_name": def.api_name,
        "id": def.id(),
        "module_name": def.plural,
        "singular_label": def.singular,
        "plural_label": def.plural,
        "creatable": records, "editable": records, "deletable": records, "viewable": true,
        "api_supported": true,
        "convertable": def.api_name == "Leads",
        "generated_type": "default",
        "visibility": 1,
        "modified_by": author.named,
        "modified_time": author.time(),
        "profiles": profiles(),
        "sequence_number": def.index() + 1,
        // Notes are only ever added from a record's Notes list, never from the quick-create form.
        "quick_create": records && def.api_name != "Notes", "global_search_supported": records, "presence_sub_menu": records,
        "show_as_tab": records, "web_link": null, "feeds_required": false,
        "scoring_supported": main, "webform_supported": main,
        "inventory_template_supported": inventory, "emailTemplate_support": records,
        "kanban_view": false, "kanban_view_supported": records, "filter_status": records,
        "filter_supported": records, "isBlueprintSupported": records,
        "business_card_field_limit": 5, "arguments": [], "parent_module": {},
    })
}

/// What `settings/modules/{api_name}` adds to the list entry.
pub(crate) fn module_details(def: &ModuleDef, author: &Author, default_view: Value) -> Value {
    let mut value = module(def, author);
    let related: Vec<Value> = def
        .related
        .iter()
        .enumerate()
        .map(|(i, r)| related(def, i, r))
        .collect();
    let shown: Vec<&str> = def
        .fields
        .iter()
        .filter(|f| f.is_textual())
        .take(4)
        .map(|f| f.api_name)
        .collect();
    if let Value::Object(map) = &mut value {
        map.insert("related_lists".to_string(), Value::Array(related));
        map.insert("business_card_fields".to_string(), json!(shown));
        map.insert("search_layout_fields".to_string(), json!(shown));
        map.insert("display_field".to_string(), json!(def.name_field));
        map.insert("custom_view".to_string(), default_view);
        map.insert(
            "layouts".to_string(),
            json!([{"id": def.layout_id(), "name": "Standard"}]),
        );
        map.insert("per_page".to_string(), json!(200));
        map.insert(
            "related_list_properties".to_string(),
            json!({"sort_by": null, "sort_order": null, "fields": shown}),
        );
        map.insert("territory".to_string(), Value::Null);
        map.insert("$properties".to_string(), json!(["$approved", "$editable"]));
    }
    value
}

/// Every module the org has, in its tab order.
pub(crate) fn modules() -> impl Iterator<Item = &'static ModuleDef> {
    schema::MODULES.iter()
}
