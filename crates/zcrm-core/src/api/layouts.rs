//! `/crm/v2/settings/layouts?module=`: a module's layouts, or one of them.

use serde_json::Value;

use super::args::Rule;
use super::common::{module_settings_get, module_settings_list};
use super::RequestSpec;
use crate::error::Result;

const RESOURCE: &str = "layouts";

const NO_LAYOUT_ID: Rule = Rule::new("LAYOUT ID IS NOT PROVIDED", "layout id must be given");

pub fn build(action: &str, args: &Value) -> Option<Result<RequestSpec>> {
    Some(match action {
        "list" => module_settings_list(RESOURCE, args),
        "get" => module_settings_get(RESOURCE, "layout_id", &NO_LAYOUT_ID, args),
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
                "layouts.list",
                json!({"module": "Leads"}),
                expect(
                    Get,
                    "settings/layouts",
                    &[("module", "Leads")],
                    Body::None,
                    "layouts",
                    Bulk,
                ),
            ),
            (
                "layouts.get",
                json!({"module": "Leads", "layout_id": "3"}),
                expect(
                    Get,
                    "settings/layouts/3",
                    &[("module", "Leads")],
                    Body::None,
                    "layouts",
                    Single,
                ),
            ),
        ]);
    }

    #[test]
    fn validation_errors() {
        assert_errors(vec![
            (
                "layouts.list",
                json!({}),
                "NO MODULE API NAME PROVIDED",
                "module api name must be provided",
            ),
            (
                "layouts.get",
                json!({"layout_id": "3"}),
                "NO MODULE API NAME PROVIDED",
                "module",
            ),
            (
                "layouts.get",
                json!({"module": "Leads"}),
                "LAYOUT ID IS NOT PROVIDED",
                "layout id must be given",
            ),
        ]);
    }
}
