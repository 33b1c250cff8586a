//! `/crm/v2/settings/variable_groups`: the groups variables belong to.

use serde_json::Value;

use super::args::Rule;
use super::common::one;
use super::{Method, RequestSpec, ResponseKind};
use crate::error::Result;

const KEY: &str = "variable_groups";
const PATH: &str = "settings/variable_groups";

const NO_GROUP_ID: Rule = Rule::new(
    "ID IS NOT PROVIDED",
    "id should be set for the variable group",
);

pub fn build(action: &str, args: &Value) -> Option<Result<RequestSpec>> {
    Some(match action {
        "list" => Ok(RequestSpec::get(PATH, KEY, ResponseKind::Bulk)),
        "get" => one(
            Method::Get,
            PATH,
            "variable_group_id",
            &NO_GROUP_ID,
            KEY,
            args,
        ),
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
                "variable_groups.list",
                json!({}),
                expect(
                    Get,
                    "settings/variable_groups",
                    &[],
                    Body::None,
                    "variable_groups",
                    Bulk,
                ),
            ),
            (
                "variable_groups.get",
                json!({"variable_group_id": "1"}),
                expect(
                    Get,
                    "settings/variable_groups/1",
                    &[],
                    Body::None,
                    "variable_groups",
                    Single,
                ),
            ),
        ]);
    }

    #[test]
    fn validation_errors() {
        assert_errors(vec![(
            "variable_groups.get",
            json!({}),
            "ID IS NOT PROVIDED",
            "id should be set for the variable group",
        )]);
    }
}
