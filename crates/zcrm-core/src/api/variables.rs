//! `/crm/v2/settings/variables`: the org's variables (list, one, create, update, delete).

use serde_json::Value;

use super::args::{
    counted_objs, each_with_id, optional_string, required_obj, required_string, wrapped, Rule,
    INVALID,
};
use super::common::{one, VARIABLES};
use super::{Method, RequestSpec, ResponseKind};
use crate::error::Result;

const KEY: &str = "variables";
const PATH: &str = "settings/variables";

const NO_VARIABLE_ID: Rule = Rule::new("ID IS NOT PROVIDED", "id should be set for the variable");
const NO_GROUP: Rule = Rule::new("ID IS NOT PROVIDED", "group should be set for the variable");
const NO_ELEMENT_ID: Rule = Rule::new("VARIABLE ID NOT PROVIDED", "variable id must not be nil");
const NO_VARIABLE: Rule = Rule::new(INVALID, "variable must be given");

pub fn build(action: &str, args: &Value) -> Option<Result<RequestSpec>> {
    Some(match action {
        "list" => list(args),
        "get" => get(args),
        "create" => write(args, Method::Post),
        "update" => write(args, Method::Put),
        "update_one" => update_one(args),
        "delete" => one(
            Method::Delete,
            PATH,
            "variable_id",
            &NO_VARIABLE_ID,
            KEY,
            args,
        ),
        _ => return None,
    })
}

/// GET settings/variables?group (a group's id or API name)
fn list(args: &Value) -> Result<RequestSpec> {
    Ok(RequestSpec::get(PATH, KEY, ResponseKind::Bulk)
        .param("group", optional_string(args, "group")?))
}

/// GET settings/variables/{variable_id}?group (Zoho requires the group here)
fn get(args: &Value) -> Result<RequestSpec> {
    let spec = one(Method::Get, PATH, "variable_id", &NO_VARIABLE_ID, KEY, args)?;
    let group = required_string(args, "group", &NO_GROUP)?;
    Ok(spec.param("group", Some(group)))
}

/// POST (create) or PUT (update, each with its `id`) settings/variables
fn write(args: &Value, method: Method) -> Result<RequestSpec> {
    let variables = counted_objs(args, "variables", &VARIABLES)?;
    if method == Method::Put {
        each_with_id(&variables, "variables", &NO_ELEMENT_ID)?;
    }
    Ok(RequestSpec::new(method, PATH, KEY, ResponseKind::Bulk).json(wrapped(KEY, variables)))
}

/// PUT settings/variables/{variable_id} with `{"variables": [variable]}`
fn update_one(args: &Value) -> Result<RequestSpec> {
    let spec = one(Method::Put, PATH, "variable_id", &NO_VARIABLE_ID, KEY, args)?;
    let variable = required_obj(args, "variable", &NO_VARIABLE)?;
    Ok(spec.json(wrapped(KEY, vec![variable])))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::api::test_support::{assert_errors, assert_specs, expect, json, objects};
    use crate::api::{Body, Method::*, ResponseKind::*};

    #[test]
    fn requests() {
        let var = json!({"name": "v", "api_name": "v", "type": "integer", "value": 1});
        assert_specs(vec![
            (
                "variables.list",
                json!({}),
                expect(
                    Get,
                    "settings/variables",
                    &[],
                    Body::None,
                    "variables",
                    Bulk,
                ),
            ),
            (
                "variables.list",
                json!({"group": "General"}),
                expect(
                    Get,
                    "settings/variables",
                    &[("group", "General")],
                    Body::None,
                    "variables",
                    Bulk,
                ),
            ),
            (
                "variables.get",
                json!({"variable_id": "6", "group": 2}),
                expect(
                    Get,
                    "settings/variables/6",
                    &[("group", "2")],
                    Body::None,
                    "variables",
                    Single,
                ),
            ),
            (
                "variables.create",
                json!({"variables": [var]}),
                expect(
                    Post,
                    "settings/variables",
                    &[],
                    json(json!({"variables": [var]})),
                    "variables",
                    Bulk,
                ),
            ),
            (
                "variables.update",
                json!({"variables": [{"id": "6", "value": 2}]}),
                expect(
                    Put,
                    "settings/variables",
                    &[],
                    json(json!({"variables": [{"id": "6", "value": 2}]})),
                    "variables",
                    Bulk,
                ),
            ),
            (
                "variables.update_one",
                json!({"variable_id": 6, "variable": var}),
                expect(
                    Put,
                    "settings/variables/6",
                    &[],
                    json(json!({"variables": [var]})),
                    "variables",
                    Single,
                ),
            ),
            (
                "variables.delete",
                json!({"variable_id": "6"}),
                expect(
                    Delete,
                    "settings/variables/6",
                    &[],
                    Body::None,
                    "variables",
                    Single,
                ),
            ),
        ]);
    }

    #[test]
    fn validation_errors() {
        let var = json!({"value": 1});
        assert_errors(vec![
            (
                "variables.get",
                json!({"group": "2"}),
                "ID IS NOT PROVIDED",
                "id should be set for the variable",
            ),
            (
                "variables.get",
                json!({"variable_id": "6"}),
                "ID IS NOT PROVIDED",
                "group should be set for the variable",
            ),
            (
                "variables.create",
                json!({"variables": []}),
                "NO VARIABLES PROVIDED",
                "variable count must at least be 1",
            ),
            (
                "variables.create",
                json!({"variables": objects(101)}),
                "MORE VARIABLES PROVIDED",
                "variable count must be less than or equals to 100",
            ),
            (
                "variables.update",
                json!({}),
                "NO VARIABLES PROVIDED",
                "variables",
            ),
            (
                "variables.update",
                json!({"variables": [var]}),
                "VARIABLE ID NOT PROVIDED",
                "variable id must not be nil",
            ),
            (
                "variables.update_one",
                json!({"variable": var}),
                "ID IS NOT PROVIDED",
                "id should be set for the variable",
            ),
            (
                "variables.update_one",
                json!({"variable_id": "6"}),
                "INVALID ARGUMENT",
                "variable",
            ),
            (
                "variables.delete",
                json!({}),
                "ID IS NOT PROVIDED",
                "variable_id",
            ),
            (
                "variables.list",
                json!({"group": {}}),
                "INVALID ARGUMENT",
                "group",
            ),
        ]);
    }
}
