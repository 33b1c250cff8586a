//! `GET settings/roles` and `GET settings/roles/{id}`: the org's two roles, a CEO and the
//! managers reporting to them.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use super::auth::Caller;
use super::envelope;
use super::request::Seg;
use super::seed::{ROLE_CEO, ROLE_MANAGER};

fn roles() -> Vec<Value> {
    let role = |(name, id): (&str, &str), reports_to: Value, admin: bool| {
        json!({
            "name": name, "display_label": name, "id": id,
            "description": format!("The {name} role"),
            "forecast_manager": null, "share_with_peers": true,
            "reporting_to": reports_to, "admin_user": admin,
        })
    };
    vec![
        role(ROLE_CEO, Value::Null, true),
        role(
            ROLE_MANAGER,
            json!({"name": ROLE_CEO.0, "id": ROLE_CEO.1}),
            false,
        ),
    ]
}

pub(crate) async fn list(_caller: Caller) -> Response {
    envelope::json(StatusCode::OK, &json!({ "roles": roles() }))
}

pub(crate) async fn get(_caller: Caller, Seg(id): Seg<String>) -> Response {
    match roles().into_iter().find(|r| r["id"] == id.as_str()) {
        Some(role) => envelope::json(StatusCode::OK, &json!({ "roles": [role] })),
        None => envelope::no_content(),
    }
}
