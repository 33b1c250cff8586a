//! `/crm/v2/settings/fields?module=`: a module's fields, or one of them.

use serde_json::Value;

use super::args::{optional_string, Rule};
use super::common::{module_settings_get, module_settings_list};
use super::RequestSpec;
use crate::error::Result;

const RESOURCE: &str = "fields";

const NO_FIELD_ID: Rule = Rule::new("FIELD ID IS NOT PROVIDED", "field id must be given");

pub fn build(action: &str, args: &Value) -> Option<Result<RequestSpec>> {
    Some(match action {
        "list" => list(args),
        "get" => module_settings_get(RESOURCE, "field_id", &NO_FIELD_ID, args),
        _ => return None,
    })
}

/// GET settings/fields?module&type (`type=unused` lists unused fields)
fn list(args: &Value) -> Result<RequestSpec> {
    Ok(module_settings_list(RESOURCE, args)?.param("type", optional_string(args, "type")?))
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
                "fields.list",
                json!({"module": "Leads"}),
                expect(
                    Get,
                    "settings/fields",
                    &[("module", "Leads")],
                    Body::None,
                    "fields",
                    Bulk,
                ),
            ),
            (
                "fields.list",
                json!({"module": "Leads", "type": "unused"}),
                expect(
                    Get,
                    "settings/fields",
                    &[("module", "Leads"), ("type", "unused")],
                    Body::None,
                    "fields",
                    Bulk,
                ),
            ),
            (
                "fields.get",
                json!({"module": "Leads", "field_id": 9}),
                expect(
                    Get,
                    "settings/fields/9",
                    &[("module", "Leads")],
                    Body::None,
                    "fields",
                    Single,
                ),
            ),
        ]);
    }

    #[test]
    fn validation_errors() {
        assert_errors(vec![
            (
                "fields.list",
                json!({}),
                "NO MODULE API NAME PROVIDED",
                "module api name must be provided",
            ),
            (
                "fields.get",
                json!({"field_id": "9"}),
                "NO MODULE API NAME PROVIDED",
                "module",
            ),
            (
                "fields.get",
                json!({"module": "Leads"}),
                "FIELD ID IS NOT PROVIDED",
                "field id must be given",
            ),
            (
                "fields.list",
                json!({"module": "Leads", "type": []}),
                "INVALID ARGUMENT",
                "type",
            ),
        ]);
    }
}
