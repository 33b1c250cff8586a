//! `/crm/v2/org`: the organization's details.

use serde_json::Value;

use super::{RequestSpec, ResponseKind};
use crate::error::Result;

pub fn build(action: &str, _args: &Value) -> Option<Result<RequestSpec>> {
    Some(match action {
        "get" => Ok(RequestSpec::get("org", "org", ResponseKind::Single)),
        _ => return None,
    })
}
