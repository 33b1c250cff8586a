//! `/crm/v2/{module}/{record_id}/{related_list}`: a record's related records (list), and
//! linking (update) or delinking (delete) one of them.

use serde_json::Value;

use super::args::{
    join, optional_count, optional_obj, optional_string, required_id, required_name, segment, strs,
    wrapped, Rule,
};
use super::common::{modified_since, record_path, RECORD_ID};
use super::{Method, RequestSpec, ResponseKind};
use crate::error::Result;

const KEY: &str = "data";

const NO_RELATED_LIST: Rule = Rule::new(
    "NO RELATED LIST API NAME PROVIDED",
    "related_list must be given",
);
const NO_JUNCTION: Rule = Rule::new(
    "JUNCTION RECORD NOT PROVIDED",
    "junction_record must be given",
);

pub fn build(action: &str, args: &Value) -> Option<Result<RequestSpec>> {
    Some(match action {
        "list" => list(args),
        "update" => update(args),
        "delete" => delete(args),
        _ => return None,
    })
}

/// GET {module}/{record_id}/{related_list}?sort_by_field&sort_order&page&per_page&fields.
/// `sort_by_field` is 1.0.x's parameter name for this endpoint.
fn list(args: &Value) -> Result<RequestSpec> {
    let record = record_path(args, &RECORD_ID)?;
    let list = required_name(args, "related_list", &NO_RELATED_LIST)?;
    let spec = RequestSpec::get(
        format!("{record}/{}", segment(&list)),
        KEY,
        ResponseKind::Bulk,
    )
    .param("sort_by_field", optional_string(args, "sort_by")?)
    .param("sort_order", optional_string(args, "sort_order")?)
    .param("page", optional_count(args, "page")?)
    .param("per_page", optional_count(args, "per_page")?)
    .param("fields", join(strs(args, "fields")?));
    modified_since(spec, args)
}

/// `{module}/{record_id}/{related_list}/{related_id}`: the junction of the two records.
fn junction_path(args: &Value) -> Result<String> {
    let record = record_path(args, &RECORD_ID)?;
    let list = required_name(args, "related_list", &NO_JUNCTION)?;
    let related = required_id(args, "related_id", &NO_JUNCTION)?;
    Ok(format!("{record}/{}/{}", segment(&list), segment(&related)))
}

/// PUT the junction with `{"data": [data]}`: relation fields (Contact_Role, list_price...),
/// `{}` when there are none.
fn update(args: &Value) -> Result<RequestSpec> {
    let path = junction_path(args)?;
    let data = optional_obj(args, "data")?.unwrap_or_else(|| Value::Object(Default::default()));
    Ok(
        RequestSpec::new(Method::Put, path, KEY, ResponseKind::Single)
            .json(wrapped(KEY, vec![data])),
    )
}

/// DELETE the junction (delink).
fn delete(args: &Value) -> Result<RequestSpec> {
    Ok(RequestSpec::new(
        Method::Delete,
        junction_path(args)?,
        KEY,
        ResponseKind::Single,
    ))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::api::test_support::{assert_errors, assert_specs, expect, json};
    use crate::api::{Body, Method::*, ResponseKind::*};

    #[test]
    fn requests() {
        let base = json!({"module": "Deals", "record_id": "1", "related_list": "Contact Roles", "related_id": 2});
        let mut modified = expect(Get, "Leads/1/Notes", &[], Body::None, "data", Bulk);
        modified.headers = vec![("If-Modified-Since".into(), "2019-07-25T15:26:49Z".into())];
        assert_specs(vec![
            (
                "relations.list",
                json!({"module": "Leads", "record_id": "1", "related_list": "Products", "sort_by": "Name",
                       "sort_order": "asc", "page": 1, "per_page": 20, "fields": ["Name", "id"]}),
                expect(
                    Get,
                    "Leads/1/Products",
                    &[
                        ("sort_by_field", "Name"),
                        ("sort_order", "asc"),
                        ("page", "1"),
                        ("per_page", "20"),
                        ("fields", "Name,id"),
                    ],
                    Body::None,
                    "data",
                    Bulk,
                ),
            ),
            (
                "relations.list",
                json!({"module": "Leads", "record_id": "1", "related_list": "Notes", "modified_since": "2019-07-25T15:26:49Z"}),
                modified,
            ),
            (
                "relations.update",
                base.clone(),
                expect(
                    Put,
                    "Deals/1/Contact%20Roles/2",
                    &[],
                    json(json!({"data": [{}]})),
                    "data",
                    Single,
                ),
            ),
            (
                "relations.update",
                json!({"module": "Deals", "record_id": "1", "related_list": "Contact_Roles", "related_id": "2", "data": {"Contact_Role": "9"}}),
                expect(
                    Put,
                    "Deals/1/Contact_Roles/2",
                    &[],
                    json(json!({"data": [{"Contact_Role": "9"}]})),
                    "data",
                    Single,
                ),
            ),
            (
                "relations.delete",
                base,
                expect(
                    Delete,
                    "Deals/1/Contact%20Roles/2",
                    &[],
                    Body::None,
                    "data",
                    Single,
                ),
            ),
        ]);
    }

    #[test]
    fn validation_errors() {
        let mut cases = vec![
            (
                "relations.list",
                json!({"module": "Leads", "record_id": "1"}),
                "NO RELATED LIST API NAME PROVIDED",
                "related_list",
            ),
            (
                "relations.update",
                json!({"module": "Leads", "record_id": "1", "related_id": "2"}),
                "JUNCTION RECORD NOT PROVIDED",
                "junction_record must be given",
            ),
            (
                "relations.update",
                json!({"module": "Leads", "record_id": "1", "related_list": "Products"}),
                "JUNCTION RECORD NOT PROVIDED",
                "related_id",
            ),
            (
                "relations.delete",
                json!({"module": "Leads", "record_id": "1", "related_list": "Products"}),
                "JUNCTION RECORD NOT PROVIDED",
                "related_id",
            ),
            (
                "relations.update",
                json!({"module": "Leads", "record_id": "1", "related_list": "P", "related_id": "2", "data": []}),
                "INVALID ARGUMENT",
                "data",
            ),
        ];
        for op in ["relations.list", "relations.update", "relations.delete"] {
            let args = json!({"record_id": "1", "related_list": "P", "related_id": "2"});
            cases.push((op, args, "NO MODULE API NAME PROVIDED", "module"));
            let args = json!({"module": "Leads", "related_list": "P", "related_id": "2"});
            cases.push((
                op,
                args,
                "ID IS NOT PROVIDED",
                "id should be set for the record",
            ));
        }
        assert_errors(cases);
    }
}
