//! `/crm/v2/{module}`: list, get, create, update, upsert, delete, deleted, search, convert.
//! Every operation names its module first (`MODULE` check).

use serde_json::{Map, Value};

use super::args::{
    bool3, counted_ids, counted_objs, each_with_id, headers, join, optional_count, optional_id,
    optional_obj, optional_string, required_obj, strs, wrapped, Rule, INVALID,
};
use super::common::{modified_since, module_path, record_path, RECORDS, RECORD_ID};
use super::{Method, RequestSpec, ResponseKind};
use crate::error::{Error, Result};

const KEY: &str = "data";

const NO_RECORD: Rule = Rule::new("NO RECORDS PROVIDED", "record must be given");
/// The catalog names no code for a missing record on update: the generic one.
const NO_RECORD_TO_UPDATE: Rule = Rule::new(INVALID, "record must be given");
const NO_ELEMENT_ID: Rule = Rule::new("RECORD ID NOT PROVIDED", "record id must not be nil");
const NO_SEARCH: Rule = Rule::new("SEARCH WORD NOT PROVIDED", "search word must be given");
/// Zoho searches by exactly one of these.
const SEARCH_BY: [&str; 4] = ["word", "phone", "email", "criteria"];

pub fn build(action: &str, args: &Value) -> Option<Result<RequestSpec>> {
    Some(match action {
        "list" => list(args),
        "get" => get(args),
        "create" => create(args),
        "create_one" => create_one(args),
        "update" => update(args),
        "update_one" => update_one(args),
        "upsert" => upsert(args),
        "delete" => delete(args),
        "delete_one" => delete_one(args),
        "deleted" => deleted(args),
        "search" => search(args),
        "convert" => convert(args),
        _ => return None,
    })
}

/// GET {module}?cvid&sort_by&sort_order&page|page_token&per_page&fields&converted&approved
fn list(args: &Value) -> Result<RequestSpec> {
    let page = optional_count(args, "page")?;
    let page_token = optional_string(args, "page_token")?;
    if page.is_some() && page_token.is_some() {
        // Zoho refuses the pair (see `paging`): nothing is sent.
        return Err(Error::invalid_argument(
            INVALID,
            "pass page or page_token, not both: a page_token already says which page",
        ));
    }
    let spec = RequestSpec::get(module_path(args)?, KEY, ResponseKind::Bulk)
        .param("cvid", optional_id(args, "cvid")?)
        .param("sort_by", optional_string(args, "sort_by")?)
        .param("sort_order", optional_string(args, "sort_order")?)
        .param("page", page)
        .param("page_token", page_token)
        .param("per_page", optional_count(args, "per_page")?)
        .param("fields", join(strs(args, "fields")?))
        .param("converted", bool3(args, "converted")?)
        .param("approved", bool3(args, "approved")?)
        .headers(headers(args, "headers")?);
    modified_since(spec, args)
}

/// GET {module}/{record_id}?fields
fn get(args: &Value) -> Result<RequestSpec> {
    let spec = RequestSpec::get(record_path(args, &RECORD_ID)?, KEY, ResponseKind::Single)
        .param("fields", join(strs(args, "fields")?));
    modified_since(spec, args)
}

/// POST {module} with up to 100 records.
fn create(args: &Value) -> Result<RequestSpec> {
    let path = module_path(args)?;
    let records = counted_objs(args, "records", &RECORDS)?;
    let body = write_body(records, args, true)?;
    Ok(RequestSpec::new(Method::Post, path, KEY, ResponseKind::Bulk).json(body))
}

/// POST {module} with one record; its answer is a single result.
fn create_one(args: &Value) -> Result<RequestSpec> {
    let path = module_path(args)?;
    let record = required_obj(args, "record", &NO_RECORD)?;
    let body = write_body(vec![record], args, true)?;
    Ok(RequestSpec::new(Method::Post, path, KEY, ResponseKind::Single).json(body))
}

/// PUT {module}: records name themselves by their `id`.
fn update(args: &Value) -> Result<RequestSpec> {
    let path = module_path(args)?;
    let records = counted_objs(args, "records", &RECORDS)?;
    each_with_id(&records, "records", &NO_ELEMENT_ID)?;
    let body = write_body(records, args, false)?;
    Ok(RequestSpec::new(Method::Put, path, KEY, ResponseKind::Bulk).json(body))
}

/// PUT {module}/{record_id}
fn update_one(args: &Value) -> Result<RequestSpec> {
    let path = record_path(args, &RECORD_ID)?;
    let record = required_obj(args, "record", &NO_RECORD_TO_UPDATE)?;
    let body = write_body(vec![record], args, false)?;
    Ok(RequestSpec::new(Method::Put, path, KEY, ResponseKind::Single).json(body))
}

/// POST {module}/upsert?duplicate_check_fields. Zoho v2 documents the fields as a body key
/// and 1.0.x sent the query parameter, so both carry them.
fn upsert(args: &Value) -> Result<RequestSpec> {
    let path = format!("{}/upsert", module_path(args)?);
    let records = counted_objs(args, "records", &RECORDS)?;
    let fields = strs(args, "duplicate_check_fields")?.filter(|f| !f.is_empty());
    let mut body = write_body(records, args, true)?;
    if let Some(fields) = &fields {
        body.insert("duplicate_check_fields".into(), fields.clone().into());
    }
    Ok(
        RequestSpec::new(Method::Post, path, KEY, ResponseKind::Bulk)
            .param("duplicate_check_fields", join(fields))
            .json(body),
    )
}

/// `{"data": records, "lar_id"?, "trigger"?}`. `trigger` stays a JSON array even when
/// empty: `[]` is how Zoho is told to run no automation.
fn write_body(records: Vec<Value>, args: &Value, with_lar_id: bool) -> Result<Map<String, Value>> {
    let mut body = wrapped(KEY, records);
    if with_lar_id {
        if let Some(lar_id) = optional_string(args, "lar_id")? {
            body.insert("lar_id".into(), lar_id.into());
        }
    }
    if let Some(trigger) = strs(args, "trigger")? {
        body.insert("trigger".into(), trigger.into());
    }
    Ok(body)
}

/// DELETE {module}?ids&wf_trigger
fn delete(args: &Value) -> Result<RequestSpec> {
    let path = module_path(args)?;
    let ids = counted_ids(args, "ids", &RECORDS)?;
    Ok(
        RequestSpec::new(Method::Delete, path, KEY, ResponseKind::Bulk)
            .param("ids", join(Some(ids)))
            .param("wf_trigger", bool3(args, "wf_trigger")?),
    )
}

/// DELETE {module}/{record_id}?wf_trigger
fn delete_one(args: &Value) -> Result<RequestSpec> {
    let path = record_path(args, &RECORD_ID)?;
    Ok(
        RequestSpec::new(Method::Delete, path, KEY, ResponseKind::Single)
            .param("wf_trigger", bool3(args, "wf_trigger")?),
    )
}

/// GET {module}/deleted?page&per_page&type (1.0.x's parameter order)
fn deleted(args: &Value) -> Result<RequestSpec> {
    let path = format!("{}/deleted", module_path(args)?);
    let spec = RequestSpec::get(path, KEY, ResponseKind::Bulk)
        .param("page", optional_count(args, "page")?)
        .param("per_page", optional_count(args, "per_page")?)
        .param("type", optional_string(args, "type")?);
    modified_since(spec, args)
}

/// GET {module}/search?word|phone|email|criteria&page&per_page&converted&approved
fn search(args: &Value) -> Result<RequestSpec> {
    let path = format!("{}/search", module_path(args)?);
    let (by, term) = search_term(args)?;
    Ok(RequestSpec::get(path, KEY, ResponseKind::Bulk)
        .param(by, Some(term))
        .param("page", optional_count(args, "page")?)
        .param("per_page", optional_count(args, "per_page")?)
        .param("converted", bool3(args, "converted")?)
        .param("approved", bool3(args, "approved")?))
}

/// The one search argument given, and its value.
fn search_term(args: &Value) -> Result<(&'static str, String)> {
    let mut terms = Vec::new();
    for by in SEARCH_BY {
        if let Some(term) = optional_string(args, by)? {
            terms.push((by, term));
        }
    }
    match terms.len() {
        0 => Err(NO_SEARCH.error(
            "word",
            "a non-empty String, or phone, email or criteria instead",
        )),
        1 => Ok(terms.swap_remove(0)),
        _ => {
            let names: Vec<&str> = terms.iter().map(|(by, _)| *by).collect();
            Err(Error::invalid_argument(
                INVALID,
                format!(
                    "pass only one of word, phone, email, criteria (got {})",
                    names.join(", ")
                ),
            ))
        }
    }
}

/// POST {module}/{record_id}/actions/convert, with `{"data": [data]}` only when options
/// (deal, owner, notifications) are given.
fn convert(args: &Value) -> Result<RequestSpec> {
    let path = format!("{}/actions/convert", record_path(args, &RECORD_ID)?);
    let spec = RequestSpec::new(Method::Post, path, KEY, ResponseKind::Single);
    Ok(match optional_obj(args, "data")? {
        Some(data) => spec.json(wrapped(KEY, vec![data])),
        None => spec,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::api::test_support::{assert_errors, assert_specs, expect, json, objects, texts};
    use crate::api::{Body, Method::*, RequestSpec, ResponseKind::*};

    const ISO: &str = "2019-07-25T15:26:49+05:30";

    #[test]
    fn requests() {
        let rec = json!({"Last_Name": "Doe"});
        let mut list_with_headers = expect(Get, "Leads", &[], Body::None, "data", Bulk);
        list_with_headers.headers = vec![
            ("X-EXTERNAL".into(), "Leads.Ext".into()),
            ("If-Modified-Since".into(), ISO.into()),
        ];
        let mut get_modified = expect(Get, "Leads/1", &[], Body::None, "data", Single);
        get_modified.headers = vec![("If-Modified-Since".into(), ISO.into())];
        let mut deleted_modified = expect(
            Get,
            "Leads/deleted",
            &[("type", "all")],
            Body::None,
            "data",
            Bulk,
        );
        deleted_modified.headers = vec![("If-Modified-Since".into(), ISO.into())];
        assert_specs(vec![
            (
                "records.list",
                json!({"module": "Leads"}),
                expect(Get, "Leads", &[], Body::None, "data", Bulk),
            ),
            (
                "records.list",
                json!({"module": "Sales Orders", "cvid": 42, "sort_by": "Last_Name", "sort_order": "desc",
                       "page": 2, "per_page": "50", "fields": ["Last_Name", "Email"], "converted": "both",
                       "approved": false}),
                expect(
                    Get,
                    "Sales%20Orders",
                    &[
                        ("cvid", "42"),
                        ("sort_by", "Last_Name"),
                        ("sort_order", "desc"),
                        ("page", "2"),
                        ("per_page", "50"),
                        ("fields", "Last_Name,Email"),
                        ("converted", "both"),
                        ("approved", "false"),
                    ],
                    Body::None,
                    "data",
                    Bulk,
                ),
            ),
            (
                "records.list",
                json!({"module": "Leads", "page_token": "c8582e", "per_page": 200, "fields": ["id"]}),
                expect(
                    Get,
                    "Leads",
                    &[
                        ("page_token", "c8582e"),
                        ("per_page", "200"),
                        ("fields", "id"),
                    ],
                    Body::None,
                    "data",
                    Bulk,
                ),
            ),
            // Ruby joins `fields` itself; an explicit modified_since replaces the same header.
            (
                "records.list",
                json!({"module": "Leads", "fields": "", "sort_by": "",
                       "headers": {"X-EXTERNAL": "Leads.Ext", "if-modified-since": "old"}, "modified_since": ISO}),
                list_with_headers,
            ),
            (
                "records.get",
                json!({"module": "Leads", "record_id": "1"}),
                expect(Get, "Leads/1", &[], Body::None, "data", Single),
            ),
            (
                "records.get",
                json!({"module": "Leads", "record_id": 1, "fields": "A,B", "modified_since": ISO}),
                RequestSpec {
                    query: vec![("fields".into(), "A,B".into())],
                    ..get_modified
                },
            ),
            (
                "records.get",
                json!({"module": "a/b", "record_id": "1 2"}),
                expect(Get, "a%2Fb/1%202", &[], Body::None, "data", Single),
            ),
            (
                "records.create",
                json!({"module": "Leads", "records": [rec, rec]}),
                expect(
                    Post,
                    "Leads",
                    &[],
                    json(json!({"data": [rec, rec]})),
                    "data",
                    Bulk,
                ),
            ),
            (
                "records.create",
                json!({"module": "Leads", "records": [rec], "lar_id": "77", "trigger": ["workflow", "approval"]}),
                expect(
                    Post,
                    "Leads",
                    &[],
                    json(
                        json!({"data": [rec], "lar_id": "77", "trigger": ["workflow", "approval"]}),
                    ),
                    "data",
                    Bulk,
                ),
            ),
            (
                "records.create",
                json!({"module": "Leads", "records": [rec], "trigger": []}),
                expect(
                    Post,
                    "Leads",
                    &[],
                    json(json!({"data": [rec], "trigger": []})),
                    "data",
                    Bulk,
                ),
            ),
            (
                "records.create_one",
                json!({"module": "Leads", "record": rec, "lar_id": 5, "trigger": "workflow"}),
                expect(
                    Post,
                    "Leads",
                    &[],
                    json(json!({"data": [rec], "lar_id": "5", "trigger": ["workflow"]})),
                    "data",
                    Single,
                ),
            ),
            (
                "records.update",
                json!({"module": "Leads", "records": [{"id": "1", "A": 1}, {"id": 2}], "trigger": ["blueprint"], "lar_id": "9"}),
                expect(
                    Put,
                    "Leads",
                    &[],
                    json(
                        json!({"data": [{"id": "1", "A": 1}, {"id": 2}], "trigger": ["blueprint"]}),
                    ),
                    "data",
                    Bulk,
                ),
            ),
            (
                "records.update_one",
                json!({"module": "Leads", "record_id": "1", "record": rec, "trigger": []}),
                expect(
                    Put,
                    "Leads/1",
                    &[],
                    json(json!({"data": [rec], "trigger": []})),
                    "data",
                    Single,
                ),
            ),
            (
                "records.upsert",
                json!({"module": "Leads", "records": [rec], "duplicate_check_fields": ["Email", "Phone"], "lar_id": "3"}),
                expect(
                    Post,
                    "Leads/upsert",
                    &[("duplicate_check_fields", "Email,Phone")],
                    json(
                        json!({"data": [rec], "lar_id": "3", "duplicate_check_fields": ["Email", "Phone"]}),
                    ),
                    "data",
                    Bulk,
                ),
            ),
            (
                "records.upsert",
                json!({"module": "Leads", "records": [rec]}),
                expect(
                    Post,
                    "Leads/upsert",
                    &[],
                    json(json!({"data": [rec]})),
                    "data",
                    Bulk,
                ),
            ),
            (
                "records.delete",
                json!({"module": "Leads", "ids": ["1", 2, "3"], "wf_trigger": "false"}),
                expect(
                    Delete,
                    "Leads",
                    &[("ids", "1,2,3"), ("wf_trigger", "false")],
                    Body::None,
                    "data",
                    Bulk,
                ),
            ),
            (
                "records.delete_one",
                json!({"module": "Leads", "record_id": "1", "wf_trigger": true}),
                expect(
                    Delete,
                    "Leads/1",
                    &[("wf_trigger", "true")],
                    Body::None,
                    "data",
                    Single,
                ),
            ),
            (
                "records.delete_one",
                json!({"module": "Leads", "record_id": "1"}),
                expect(Delete, "Leads/1", &[], Body::None, "data", Single),
            ),
            (
                "records.deleted",
                json!({"module": "Leads", "type": "recycle", "page": 1, "per_page": 200}),
                expect(
                    Get,
                    "Leads/deleted",
                    &[("page", "1"), ("per_page", "200"), ("type", "recycle")],
                    Body::None,
                    "data",
                    Bulk,
                ),
            ),
            (
                "records.deleted",
                json!({"module": "Leads", "type": "all", "modified_since": ISO}),
                deleted_modified,
            ),
            (
                "records.search",
                json!({"module": "Leads", "word": "acme corp", "page": 1, "per_page": 200, "converted": true, "approved": "both"}),
                expect(
                    Get,
                    "Leads/search",
                    &[
                        ("word", "acme corp"),
                        ("page", "1"),
                        ("per_page", "200"),
                        ("converted", "true"),
                        ("approved", "both"),
                    ],
                    Body::None,
                    "data",
                    Bulk,
                ),
            ),
            (
                "records.search",
                json!({"module": "Leads", "phone": 555}),
                expect(
                    Get,
                    "Leads/search",
                    &[("phone", "555")],
                    Body::None,
                    "data",
                    Bulk,
                ),
            ),
            (
                "records.search",
                json!({"module": "Leads", "email": "a@b.c", "word": ""}),
                expect(
                    Get,
                    "Leads/search",
                    &[("email", "a@b.c")],
                    Body::None,
                    "data",
                    Bulk,
                ),
            ),
            (
                "records.search",
                json!({"module": "Leads", "criteria": "((Last_Name:equals:Doe))"}),
                expect(
                    Get,
                    "Leads/search",
                    &[("criteria", "((Last_Name:equals:Doe))")],
                    Body::None,
                    "data",
                    Bulk,
                ),
            ),
            (
                "records.convert",
                json!({"module": "Leads", "record_id": "1"}),
                expect(
                    Post,
                    "Leads/1/actions/convert",
                    &[],
                    Body::None,
                    "data",
                    Single,
                ),
            ),
            (
                "records.convert",
                json!({"module": "Leads", "record_id": "1", "data": {"overwrite": true, "Deals": {"Deal_Name": "D"}}}),
                expect(
                    Post,
                    "Leads/1/actions/convert",
                    &[],
                    json(json!({"data": [{"overwrite": true, "Deals": {"Deal_Name": "D"}}]})),
                    "data",
                    Single,
                ),
            ),
        ]);
    }

    /// A search whose criteria would make an URL servers refuse fails before sending, instead
    /// of being retried as a dropped connection; one just under the limit goes out.
    #[test]
    fn overlong_search_criteria_fail_before_sending() {
        let criteria = format!("(Last_Name:equals:{})", "x".repeat(100_000));
        assert_errors(vec![(
            "records.search",
            json!({"module": "Leads", "criteria": criteria}),
            "URL TOO LONG",
            "criteria",
        )]);
        let fits = format!("(Last_Name:equals:{})", "x".repeat(6_000));
        assert!(crate::api::build(
            "records.search",
            &json!({"module": "Leads", "criteria": fits})
        )
        .is_ok());
    }

    #[test]
    fn validation_errors() {
        let rec = json!({"A": 1});
        let mut cases = vec![];
        for op in [
            "records.list",
            "records.get",
            "records.create",
            "records.create_one",
            "records.update",
            "records.update_one",
            "records.upsert",
            "records.delete",
            "records.delete_one",
            "records.deleted",
            "records.search",
            "records.convert",
        ] {
            cases.push((
                op,
                json!({"record_id": "1", "records": [rec], "ids": ["1"], "word": "x"}),
                "NO MODULE API NAME PROVIDED",
                "module api name must be provided",
            ));
            cases.push((
                op,
                json!({"module": "", "record_id": "1"}),
                "NO MODULE API NAME PROVIDED",
                "module",
            ));
        }
        for op in [
            "records.get",
            "records.update_one",
            "records.delete_one",
            "records.convert",
        ] {
            cases.push((
                op,
                json!({"module": "Leads", "record": rec}),
                "ID IS NOT PROVIDED",
                "id should be set for the record",
            ));
            cases.push((
                op,
                json!({"module": "Leads", "record_id": " ", "record": rec}),
                "ID IS NOT PROVIDED",
                "record_id",
            ));
        }
        for op in ["records.create", "records.update", "records.upsert"] {
            cases.push((
                op,
                json!({"module": "Leads"}),
                "NO RECORDS PROVIDED",
                "records count must be at least 1",
            ));
            cases.push((
                op,
                json!({"module": "Leads", "records": []}),
                "NO RECORDS PROVIDED",
                "records",
            ));
            cases.push((
                op,
                json!({"module": "Leads", "records": objects(101)}),
                "MORE RECORDS PROVIDED",
                "records count must be less than or equals to 100",
            ));
            cases.push((
                op,
                json!({"module": "Leads", "records": [rec, 1]}),
                "INVALID ARGUMENT",
                "records",
            ));
        }
        cases.extend([
            (
                "records.delete",
                json!({"module": "Leads", "ids": []}),
                "NO RECORDS PROVIDED",
                "records count must be at least 1",
            ),
            (
                "records.delete",
                json!({"module": "Leads", "ids": texts(101)}),
                "MORE RECORDS PROVIDED",
                "ids",
            ),
            (
                "records.delete",
                json!({"module": "Leads", "ids": [{}]}),
                "INVALID ARGUMENT",
                "ids",
            ),
            (
                "records.delete",
                json!({"module": "Leads", "ids": ["1"], "wf_trigger": "maybe"}),
                "INVALID ARGUMENT",
                "wf_trigger",
            ),
            (
                "records.create_one",
                json!({"module": "Leads"}),
                "NO RECORDS PROVIDED",
                "record",
            ),
            (
                "records.create_one",
                json!({"module": "Leads", "record": [rec]}),
                "INVALID ARGUMENT",
                "record",
            ),
            (
                "records.update_one",
                json!({"module": "Leads", "record_id": "1"}),
                "INVALID ARGUMENT",
                "record",
            ),
            (
                "records.update",
                json!({"module": "Leads", "records": [{"id": "1"}, {"A": 1}]}),
                "RECORD ID NOT PROVIDED",
                "record id must not be nil",
            ),
            (
                "records.update",
                json!({"module": "Leads", "records": [{"id": null}]}),
                "RECORD ID NOT PROVIDED",
                "records",
            ),
            (
                "records.search",
                json!({"module": "Leads"}),
                "SEARCH WORD NOT PROVIDED",
                "search word must be given",
            ),
            (
                "records.search",
                json!({"module": "Leads", "word": "  "}),
                "SEARCH WORD NOT PROVIDED",
                "word",
            ),
            (
                "records.search",
                json!({"module": "Leads", "word": "a", "criteria": "b"}),
                "INVALID ARGUMENT",
                "word, criteria",
            ),
            (
                "records.list",
                json!({"module": "Leads", "page": 0}),
                "INVALID ARGUMENT",
                "page",
            ),
            (
                "records.list",
                json!({"module": "Leads", "per_page": "ten"}),
                "INVALID ARGUMENT",
                "per_page",
            ),
            (
                "records.list",
                json!({"module": "Leads", "page": 2, "page_token": "c8582e"}),
                "INVALID ARGUMENT",
                "page or page_token, not both",
            ),
            (
                "records.list",
                json!({"module": "Leads", "cvid": 1.5}),
                "INVALID ARGUMENT",
                "cvid",
            ),
            (
                "records.list",
                json!({"module": "Leads", "converted": "yes"}),
                "INVALID ARGUMENT",
                "converted",
            ),
            (
                "records.list",
                json!({"module": "Leads", "fields": {}}),
                "INVALID ARGUMENT",
                "fields",
            ),
            (
                "records.list",
                json!({"module": "Leads", "modified_since": "Thu, 25 Jul 2019 10:00:00 GMT"}),
                "INVALID ARGUMENT",
                "modified_since",
            ),
            (
                "records.list",
                json!({"module": "Leads", "headers": {"Authorization": "x"}}),
                "INVALID ARGUMENT",
                "headers",
            ),
            (
                "records.list",
                json!({"module": 7}),
                "INVALID ARGUMENT",
                "module",
            ),
            (
                "records.create",
                json!({"module": "Leads", "records": [rec], "trigger": [{}]}),
                "INVALID ARGUMENT",
                "trigger",
            ),
            (
                "records.convert",
                json!({"module": "Leads", "record_id": "1", "data": "x"}),
                "INVALID ARGUMENT",
                "data",
            ),
            (
                "records.nope",
                json!({}),
                "UNKNOWN OPERATION",
                "records.nope",
            ),
            (
                "records.list",
                json!(["Leads"]),
                "INVALID ARGUMENT",
                "arguments",
            ),
        ]);
        assert_errors(cases);
    }
}
