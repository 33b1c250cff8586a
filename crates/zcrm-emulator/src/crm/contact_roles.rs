//! `GET Contacts/roles` and `GET Contacts/roles/{id}`: the roles a contact can play in a deal
//! (the `Contact_Role` of the Deals ⇄ Contacts junction). The org keeps Zoho's default
//! picklist; the names are unverified, the shape is the documented one.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use super::auth::Caller;
use super::envelope;
use super::request::Seg;

const FIRST_ID: u64 = 4_150_868_000_000_006_871;
const NAMES: [&str; 7] = [
    "Purchasing",
    "Evaluator",
    "Decision Maker",
    "Influencer",
    "Technical Buyer",
    "Executive Sponsor",
    "Other",
];

fn roles() -> Vec<Value> {
    (0u64..)
        .zip(NAMES)
        .map(|(i, name)| {
            json!({"id": (FIRST_ID + i).to_string(), "name": name, "sequence_number": i + 1})
        })
        .collect()
}

pub(crate) async fn list(_caller: Caller) -> Response {
    envelope::json(StatusCode::OK, &json!({ "contact_roles": roles() }))
}

pub(crate) async fn get(_caller: Caller, Seg(id): Seg<String>) -> Response {
    match roles().into_iter().find(|r| r["id"] == id.as_str()) {
        Some(role) => envelope::json(StatusCode::OK, &json!({ "contact_roles": [role] })),
        None => envelope::no_content(),
    }
}
