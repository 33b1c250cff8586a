//! `/crm/v2/settings/related_lists?module=`: a module's related lists (metadata), or one.

use serde_json::Value;

use super::args::Rule;
use super::common::{module_settings_get, module_settings_list};
use super::RequestSpec;
use crate::error::Result;

const RESOURCE: &str = "related_lists";

const NO_RELATED_LIST_ID: Rule = Rule::new(
    "NO RELATED LIST ID PROVIDED",
    "Related list id must be given",
);

pub fn build(action: &str, args: &Value) -> Option<Result<RequestSpec>> {
    Some(match action {
        "list" => module_settings_list(RESOURCE, args),
        "get" => module_settings_get(RESOURCE, "related_list_id", &NO_RELATED_LIST_ID, args),
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
                "related_lists.list",
                json!({"module": "Leads"}),
                expect(
                    Get,
                    "settings/related_lists",
                    &[("module", "Leads")],
                    Body::None,
                    "related_lists",
                    Bulk,
                ),
            ),
            (
                "related_lists.get",
                json!({"module": "Leads", "related_list_id": 4}),
                expect(
                    Get,
                    "settings/related_lists/4",
                    &[("module", "Leads")],
                    Body::None,
                    "related_lists",
                    Single,
                ),
            ),
        ]);
    }

    #[test]
    fn validation_errors() {
        assert_errors(vec![
            (
                "related_lists.list",
                json!({}),
                "NO MODULE API NAME PROVIDED",
                "module api name must be provided",
            ),
            (
                "related_lists.get",
                json!({"related_list_id": "4"}),
                "NO MODULE API NAME PROVIDED",
                "module",
            ),
            (
                "related_lists.get",
                json!({"module": "Leads"}),
                "NO RELATED LIST ID PROVIDED",
                "Related list id must be given",
            ),
        ]);
    }
}
