//! `/crm/v2/users`: list by type, one user, search, create, update, delete.

use serde_json::Value;

use super::args::{optional_count, optional_string, required_id, segment};
use super::{Method, RequestSpec, ResponseKind};
use crate::error::Result;

const KEY: &str = "users";

pub fn build(action: &str, args: &Value) -> Option<Result<RequestSpec>> {
    Some(match action {
        "list" => list(args),
        "get" => get(args),
        _ => return None,
    })
}

/// GET users?type=CurrentUser|AllUsers|...&page&per_page
fn list(args: &Value) -> Result<RequestSpec> {
    Ok(RequestSpec::get("users", KEY, ResponseKind::Bulk)
        .param("type", optional_string(args, "type")?)
        .param("page", optional_count(args, "page")?)
        .param("per_page", optional_count(args, "per_page")?))
}

/// GET users/{id}
fn get(args: &Value) -> Result<RequestSpec> {
    let id = required_id(args, "user_id")?;
    Ok(RequestSpec::new(
        Method::Get,
        format!("users/{}", segment(&id)),
        KEY,
        ResponseKind::Single,
    ))
}
