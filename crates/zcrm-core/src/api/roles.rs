//! `/crm/v2/settings/roles`: the org's roles, or one of them.

use serde_json::Value;

use super::args::Rule;
use super::common::one;
use super::{Method, RequestSpec, ResponseKind};
use crate::error::Result;

const KEY: &str = "roles";
const PATH: &str = "settings/roles";

const NO_ROLE_ID: Rule = Rule::new("ROLE ID IS NOT PROVIDED", "role id must be given");

pub fn build(action: &str, args: &Value) -> Option<Result<RequestSpec>> {
    Some(match action {
        "list" => Ok(RequestSpec::get(PATH, KEY, ResponseKind::Bulk)),
        "get" => one(Method::Get, PATH, "role_id", &NO_ROLE_ID, KEY, args),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::api::test_support::{assert_errors, assert_specs, expect};
    use crate::api::{Body, Method::*, ResponseKind::*};

    #[test]
    fn requests() {
        assert_specs(vec![
            (
                "roles.list",
                json!({}),
                expect(Get, "settings/roles", &[], Body::None, "roles", Bulk),
            ),
            (
                "roles.get",
                json!({"role_id": "3"}),
                expect(Get, "settings/roles/3", &[], Body::None, "roles", Single),
            ),
        ]);
    }

    #[test]
    fn validation_errors() {
        assert_errors(vec![(
            "roles.get",
            json!({}),
            "ROLE ID IS NOT PROVIDED",
            "role id must be given",
        )]);
    }
}
