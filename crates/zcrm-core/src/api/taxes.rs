//! `/crm/v2/org/taxes`: the organization's taxes (list, one, create, update, delete).

use serde_json::Value;

use super::args::{counted_ids, counted_objs, each_with_id, join, wrapped, Rule};
use super::common::{one, TAXES, TAX_IDS};
use super::{Method, RequestSpec, ResponseKind};
use crate::error::Result;

const KEY: &str = "taxes";
const PATH: &str = "org/taxes";

const NO_TAX_ID: Rule = Rule::new("NO ORG TAX ID PROVIDED", "org tax id must be given");
const NO_ELEMENT_ID: Rule = Rule::new("ORG TAX ID NOT PROVIDED", "org tax id must not be nil");

pub fn build(action: &str, args: &Value) -> Option<Result<RequestSpec>> {
    Some(match action {
        "list" => Ok(RequestSpec::get(PATH, KEY, ResponseKind::Bulk)),
        "get" => one(Method::Get, PATH, "tax_id", &NO_TAX_ID, KEY, args),
        "create" => write(args, Method::Post),
        "update" => write(args, Method::Put),
        "delete" => delete(args),
        "delete_one" => one(Method::Delete, PATH, "tax_id", &NO_TAX_ID, KEY, args),
        _ => return None,
    })
}

/// POST (create) or PUT (update, each tax with its `id`) org/taxes with `{"taxes": taxes}`
fn write(args: &Value, method: Method) -> Result<RequestSpec> {
    let taxes = counted_objs(args, "taxes", &TAXES)?;
    if method == Method::Put {
        each_with_id(&taxes, "taxes", &NO_ELEMENT_ID)?;
    }
    Ok(RequestSpec::new(method, PATH, KEY, ResponseKind::Bulk).json(wrapped(KEY, taxes)))
}

/// DELETE org/taxes?ids
fn delete(args: &Value) -> Result<RequestSpec> {
    let ids = counted_ids(args, "ids", &TAX_IDS)?;
    Ok(
        RequestSpec::new(Method::Delete, PATH, KEY, ResponseKind::Bulk)
            .param("ids", join(Some(ids))),
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::api::test_support::{assert_errors, assert_specs, expect, json, objects, texts};
    use crate::api::{Body, Method::*, ResponseKind::*};

    #[test]
    fn requests() {
        let tax = json!({"name": "VAT", "value": 20});
        assert_specs(vec![
            (
                "taxes.list",
                json!({}),
                expect(Get, "org/taxes", &[], Body::None, "taxes", Bulk),
            ),
            (
                "taxes.get",
                json!({"tax_id": "4"}),
                expect(Get, "org/taxes/4", &[], Body::None, "taxes", Single),
            ),
            (
                "taxes.create",
                json!({"taxes": [tax]}),
                expect(
                    Post,
                    "org/taxes",
                    &[],
                    json(json!({"taxes": [tax]})),
                    "taxes",
                    Bulk,
                ),
            ),
            (
                "taxes.update",
                json!({"taxes": [{"id": "4", "value": 21}]}),
                expect(
                    Put,
                    "org/taxes",
                    &[],
                    json(json!({"taxes": [{"id": "4", "value": 21}]})),
                    "taxes",
                    Bulk,
                ),
            ),
            (
                "taxes.delete",
                json!({"ids": [4, "5"]}),
                expect(
                    Delete,
                    "org/taxes",
                    &[("ids", "4,5")],
                    Body::None,
                    "taxes",
                    Bulk,
                ),
            ),
            (
                "taxes.delete_one",
                json!({"tax_id": 4}),
                expect(Delete, "org/taxes/4", &[], Body::None, "taxes", Single),
            ),
        ]);
    }

    #[test]
    fn validation_errors() {
        assert_errors(vec![
            (
                "taxes.get",
                json!({}),
                "NO ORG TAX ID PROVIDED",
                "org tax id must be given",
            ),
            (
                "taxes.delete_one",
                json!({}),
                "NO ORG TAX ID PROVIDED",
                "tax_id",
            ),
            (
                "taxes.create",
                json!({"taxes": []}),
                "NO ORG TAX PROVIDED",
                "org tax count must be at least 1",
            ),
            (
                "taxes.create",
                json!({"taxes": objects(101)}),
                "MORE ORG TAXES PROVIDED",
                "org tax count must be less than or equals to 100",
            ),
            ("taxes.update", json!({}), "NO ORG TAX PROVIDED", "taxes"),
            (
                "taxes.update",
                json!({"taxes": objects(101)}),
                "MORE ORG TAXES PROVIDED",
                "taxes",
            ),
            (
                "taxes.update",
                json!({"taxes": [{"name": "x"}]}),
                "ORG TAX ID NOT PROVIDED",
                "org tax id must not be nil",
            ),
            (
                "taxes.delete",
                json!({"ids": []}),
                "NO ORG TAX PROVIDED",
                "org tax count must be at least 1",
            ),
            (
                "taxes.delete",
                json!({"ids": texts(101)}),
                "MORE ORG TAX PROVIDED",
                "org tax count must be less than or equals to 100",
            ),
        ]);
    }
}
