//! `/crm/v2/settings/modules`: the org's modules, or one of them by API name.

use serde_json::Value;

use super::common::{modified_since, module_path};
use super::{RequestSpec, ResponseKind};
use crate::error::Result;

const KEY: &str = "modules";

pub fn build(action: &str, args: &Value) -> Option<Result<RequestSpec>> {
    Some(match action {
        "list" => list(args),
        "get" => get(args),
        _ => return None,
    })
}

/// GET settings/modules (If-Modified-Since from `modified_since`)
fn list(args: &Value) -> Result<RequestSpec> {
    modified_since(
        RequestSpec::get("settings/modules", KEY, ResponseKind::Bulk),
        args,
    )
}

/// GET settings/modules/{module}
fn get(args: &Value) -> Result<RequestSpec> {
    let path = format!("settings/modules/{}", module_path(args)?);
    Ok(RequestSpec::get(path, KEY, ResponseKind::Single))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::api::test_support::{assert_errors, assert_specs, expect};
    use crate::api::{Body, Method::*, ResponseKind::*};

    #[test]
    fn requests() {
        let mut modified = expect(Get, "settings/modules", &[], Body::None, "modules", Bulk);
        modified.headers = vec![(
            "If-Modified-Since".into(),
            "2019-07-25T15:26:49+05:30".into(),
        )];
        assert_specs(vec![
            (
                "modules.list",
                json!({}),
                expect(Get, "settings/modules", &[], Body::None, "modules", Bulk),
            ),
            (
                "modules.list",
                json!({"modified_since": "2019-07-25T15:26:49+05:30"}),
                modified,
            ),
            (
                "modules.get",
                json!({"module": "Foo__c"}),
                expect(
                    Get,
                    "settings/modules/Foo__c",
                    &[],
                    Body::None,
                    "modules",
                    Single,
                ),
            ),
            (
                "modules.get",
                json!({"module": "A B"}),
                expect(
                    Get,
                    "settings/modules/A%20B",
                    &[],
                    Body::None,
                    "modules",
                    Single,
                ),
            ),
        ]);
    }

    #[test]
    fn validation_errors() {
        assert_errors(vec![
            (
                "modules.get",
                json!({}),
                "NO MODULE API NAME PROVIDED",
                "module api name must be provided",
            ),
            (
                "modules.list",
                json!({"modified_since": "yesterday"}),
                "INVALID ARGUMENT",
                "modified_since",
            ),
        ]);
    }
}
