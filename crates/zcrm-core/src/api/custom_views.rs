//! `/crm/v2/settings/custom_views?module=`: a module's views, one view, and changing a
//! view's sort order. Answers carry the view categories in `info.translation`.

use serde_json::Value;

use super::args::{required_obj, wrapped, Rule};
use super::common::{module, module_settings_get, module_settings_list, one};
use super::{Method, RequestSpec};
use crate::error::Result;

const RESOURCE: &str = "custom_views";

const NO_VIEW_ID: Rule = Rule::new(
    "CUSTOM VIEW ID IS NOT PROVIDED",
    "custom view id must be given",
);
const NO_VIEW: Rule = Rule::new(
    "NO CUSTOM VIEW INSTANCE PROVIDED",
    "custom view instance must be given",
);

pub fn build(action: &str, args: &Value) -> Option<Result<RequestSpec>> {
    Some(match action {
        "list" => module_settings_list(RESOURCE, args),
        "get" => module_settings_get(RESOURCE, "custom_view_id", &NO_VIEW_ID, args),
        "update" => update(args),
        _ => return None,
    })
}

/// PUT settings/custom_views/{custom_view_id}?module with `{"custom_views": [view]}`
fn update(args: &Value) -> Result<RequestSpec> {
    let module = module(args)?;
    let prefix = "settings/custom_views";
    let spec = one(
        Method::Put,
        prefix,
        "custom_view_id",
        &NO_VIEW,
        RESOURCE,
        args,
    )?;
    let view = required_obj(args, "custom_view", &NO_VIEW)?;
    Ok(spec
        .param("module", Some(module))
        .json(wrapped(RESOURCE, vec![view])))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::api::test_support::{assert_errors, assert_specs, expect, json};
    use crate::api::{Body, Method::*, ResponseKind::*};

    #[test]
    fn requests() {
        let view = json!({"sort_by": {"api_name": "Last_Name"}, "sort_order": "asc"});
        assert_specs(vec![
            (
                "custom_views.list",
                json!({"module": "Leads"}),
                expect(
                    Get,
                    "settings/custom_views",
                    &[("module", "Leads")],
                    Body::None,
                    "custom_views",
                    Bulk,
                ),
            ),
            (
                "custom_views.get",
                json!({"module": "Leads", "custom_view_id": "8"}),
                expect(
                    Get,
                    "settings/custom_views/8",
                    &[("module", "Leads")],
                    Body::None,
                    "custom_views",
                    Single,
                ),
            ),
            (
                "custom_views.update",
                json!({"module": "Leads", "custom_view_id": 8, "custom_view": view}),
                expect(
                    Put,
                    "settings/custom_views/8",
                    &[("module", "Leads")],
                    json(json!({"custom_views": [view]})),
                    "custom_views",
                    Single,
                ),
            ),
        ]);
    }

    #[test]
    fn validation_errors() {
        let view = json!({"sort_order": "asc"});
        assert_errors(vec![
            (
                "custom_views.list",
                json!({}),
                "NO MODULE API NAME PROVIDED",
                "module api name must be provided",
            ),
            (
                "custom_views.get",
                json!({"custom_view_id": "8"}),
                "NO MODULE API NAME PROVIDED",
                "module",
            ),
            (
                "custom_views.get",
                json!({"module": "Leads"}),
                "CUSTOM VIEW ID IS NOT PROVIDED",
                "custom view id must be given",
            ),
            (
                "custom_views.update",
                json!({"custom_view_id": "8", "custom_view": view}),
                "NO MODULE API NAME PROVIDED",
                "module",
            ),
            (
                "custom_views.update",
                json!({"module": "Leads", "custom_view": view}),
                "NO CUSTOM VIEW INSTANCE PROVIDED",
                "custom_view_id",
            ),
            (
                "custom_views.update",
                json!({"module": "Leads", "custom_view_id": "8"}),
                "NO CUSTOM VIEW INSTANCE PROVIDED",
                "custom view instance must be given",
            ),
        ]);
    }
}
