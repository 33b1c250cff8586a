//! `GET settings/profiles` and `GET settings/profiles/{id}`: Administrator and Standard, with
//! module permissions on the single-profile answer.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use crate::clock;

use super::auth::Caller;
use super::envelope;
use super::request::Seg;
use super::schema::MODULES;
use super::seed::{ORG_CREATED_UNIX, PROFILE_ADMIN, PROFILE_STANDARD};

/// Permission ids are fixed and sit with the other metadata ids.
const PERMISSION_BASE: u64 = 4_150_868_000_000_070_000;
const ACTIONS: [&str; 4] = ["view", "create", "edit", "delete"];

fn profile((name, id): (&str, &str), admin: bool, detailed: bool) -> Value {
    let created = clock::iso_at(ORG_CREATED_UNIX);
    let mut profile = json!({
        "name": name, "id": id, "display_label": name,
        "description": if admin { "This profile will have all the permissions." }
                       else { "This profile will have all the permissions except administrative privileges." },
        "category": false, "default": !admin, "custom": false,
        "created_time": created, "modified_time": created,
        "created_by": null, "modified_by": null,
    });
    if detailed {
        profile["permissions_details"] = Value::Array(permissions(admin));
        profile["sections"] = json!([{
            "name": "template",
            "categories": [{"display_label": "Email Templates", "permissions_details": [],
                            "name": "email_templates", "module": null}],
        }]);
    }
    profile
}

fn permissions(admin: bool) -> Vec<Value> {
    MODULES
        .iter()
        .filter(|def| def.records)
        .flat_map(|def| {
            ACTIONS.iter().enumerate().map(move |(k, action)| {
                json!({
                    "id": (PERMISSION_BASE + def.index() * 10 + k as u64).to_string(),
                    "name": format!("Crm_Implied_{}_{}", capitalized(action), def.api_name),
                    "display_label": format!("{} {}", capitalized(action), def.plural),
                    "module": def.api_name,
                    "enabled": admin || *action != "delete",
                })
            })
        })
        .collect()
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

fn all(detailed: bool) -> Vec<Value> {
    vec![
        profile(PROFILE_ADMIN, true, detailed),
        profile(PROFILE_STANDARD, false, detailed),
    ]
}

pub(crate) async fn list(_caller: Caller) -> Response {
    envelope::json(StatusCode::OK, &json!({ "profiles": all(false) }))
}

pub(crate) async fn get(_caller: Caller, Seg(id): Seg<String>) -> Response {
    match all(true).into_iter().find(|p| p["id"] == id.as_str()) {
        Some(profile) => envelope::json(StatusCode::OK, &json!({ "profiles": [profile] })),
        None => envelope::no_content(),
    }
}
