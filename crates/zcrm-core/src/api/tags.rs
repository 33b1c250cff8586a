//! Tags: the module's tags (`/crm/v2/settings/tags`), and tagging records
//! (`{module}/{record_id}/actions/add_tags`, `{module}/actions/add_tags`...).

use serde_json::{json, Value};

use super::args::{
    bool3, counted_ids, counted_objs, counted_strs, each_with_id, join, optional_name, required_id,
    required_obj, segment, wrapped, Limit, Rule,
};
use super::common::{module, module_path, record_path, RECORDS, TAGS10, TAGS50};
use super::{Method, RequestSpec, ResponseKind};
use crate::error::Result;

/// Answers about tags are filed under `tags`; answers about tagged records under `data`.
const KEY: &str = "tags";
const RECORDS_KEY: &str = "data";

const NO_TAG_ID: Rule = Rule::new("NO TAG ID PROVIDED", "Tag id must be given");
const NO_ELEMENT_ID: Rule = Rule::new("TAG ID NOT PROVIDED", "tag id must not be nil");
const NO_TAG_TO_UPDATE: Rule = Rule::new(
    "TAG INSTANCE OR TAG ID NOT PROVIDED",
    "tag instance and tag id must be given",
);
const NO_TAG_TO_DELETE: Rule = Rule::new("TAG ID NOT PROVIDED", "tag id must be given");
const NO_MERGE_IDS: Rule = Rule::new(
    "TAG ID OR MERGE TAG ID NOT PROVIDED",
    "tag id and merge tag id must be given",
);
const NO_RECORD: Rule = Rule::new(
    "RECORD or RECORD ID NOT PROVIDED",
    "record_id must be given",
);
/// 1.0.x words the empty-ids message differently when tagging many records.
const TAGGED_RECORDS: Limit = Limit {
    none: Rule::new("NO RECORDS PROVIDED", "records must at least be 1"),
    ..RECORDS
};

pub fn build(action: &str, args: &Value) -> Option<Result<RequestSpec>> {
    Some(match action {
        "list" => list(args),
        "count" => count(args),
        "create" => write(args, Method::Post),
        "update" => write(args, Method::Put),
        "update_one" => update_one(args),
        "delete" => delete(args),
        "merge" => merge(args),
        "add_to_record" => tag_record(args, "add_tags", true),
        "remove_from_record" => tag_record(args, "remove_tags", false),
        "add_to_records" => tag_records(args, "add_tags", true),
        "remove_from_records" => tag_records(args, "remove_tags", false),
        _ => return None,
    })
}

/// GET settings/tags?module
fn list(args: &Value) -> Result<RequestSpec> {
    let module = module(args)?;
    Ok(RequestSpec::get("settings/tags", KEY, ResponseKind::Bulk).param("module", Some(module)))
}

/// GET settings/tags/{tag_id}/actions/records_count?module (answers `{"count": "…"}`)
fn count(args: &Value) -> Result<RequestSpec> {
    let module = module(args)?;
    let id = required_id(args, "tag_id", &NO_TAG_ID)?;
    let path = format!("settings/tags/{}/actions/records_count", segment(&id));
    let spec = RequestSpec::get(path, KEY, ResponseKind::Single).answering_top_level();
    Ok(spec.param("module", Some(module)))
}

/// POST (create) or PUT (update, each tag with its `id`) settings/tags?module
fn write(args: &Value, method: Method) -> Result<RequestSpec> {
    let module = module(args)?;
    let tags = counted_objs(args, "tags", &TAGS50)?;
    if method == Method::Put {
        each_with_id(&tags, "tags", &NO_ELEMENT_ID)?;
    }
    Ok(
        RequestSpec::new(method, "settings/tags", KEY, ResponseKind::Bulk)
            .param("module", Some(module))
            .json(wrapped(KEY, tags)),
    )
}

/// PUT settings/tags/{tag_id}?module (module is optional here: a tag may not know it)
fn update_one(args: &Value) -> Result<RequestSpec> {
    let id = required_id(args, "tag_id", &NO_TAG_TO_UPDATE)?;
    let tag = required_obj(args, "tag", &NO_TAG_TO_UPDATE)?;
    let path = format!("settings/tags/{}", segment(&id));
    Ok(
        RequestSpec::new(Method::Put, path, KEY, ResponseKind::Single)
            .param("module", optional_name(args, "module")?)
            .json(wrapped(KEY, vec![tag])),
    )
}

/// DELETE settings/tags/{tag_id}
fn delete(args: &Value) -> Result<RequestSpec> {
    let id = required_id(args, "tag_id", &NO_TAG_TO_DELETE)?;
    let path = format!("settings/tags/{}", segment(&id));
    Ok(RequestSpec::new(
        Method::Delete,
        path,
        KEY,
        ResponseKind::Single,
    ))
}

/// POST settings/tags/{tag_id}/actions/merge: `conflict_id` is merged into `tag_id` and
/// disappears. Zoho wants the id as a JSON String.
fn merge(args: &Value) -> Result<RequestSpec> {
    let id = required_id(args, "tag_id", &NO_MERGE_IDS)?;
    let conflict = required_id(args, "conflict_id", &NO_MERGE_IDS)?;
    let path = format!("settings/tags/{}/actions/merge", segment(&id));
    Ok(
        RequestSpec::new(Method::Post, path, KEY, ResponseKind::Single)
            .json(json!({ "tags": [{ "conflict_id": conflict }] })),
    )
}

/// POST {module}/{record_id}/actions/{add_tags|remove_tags}?tag_names[&over_write]
fn tag_record(args: &Value, action: &str, adds: bool) -> Result<RequestSpec> {
    let record = record_path(args, &NO_RECORD)?;
    let names = counted_strs(args, "tag_names", &TAGS10)?;
    let spec = RequestSpec::new(
        Method::Post,
        format!("{record}/actions/{action}"),
        RECORDS_KEY,
        ResponseKind::Single,
    )
    .param("tag_names", join(Some(names)));
    over_write(spec, args, adds)
}

/// POST {module}/actions/{add_tags|remove_tags}?ids&tag_names[&over_write]. 1.0.x checked
/// the tags before the records; so do we, for the same error on the same input.
fn tag_records(args: &Value, action: &str, adds: bool) -> Result<RequestSpec> {
    let module = module_path(args)?;
    let names = counted_strs(args, "tag_names", &TAGS50)?;
    let ids = counted_ids(args, "ids", &TAGGED_RECORDS)?;
    let spec = RequestSpec::new(
        Method::Post,
        format!("{module}/actions/{action}"),
        RECORDS_KEY,
        ResponseKind::Bulk,
    )
    .param("ids", join(Some(ids)))
    .param("tag_names", join(Some(names)));
    over_write(spec, args, adds)
}

/// `over_write` only means something when adding tags.
fn over_write(spec: RequestSpec, args: &Value, adds: bool) -> Result<RequestSpec> {
    if !adds {
        return Ok(spec);
    }
    Ok(spec.param("over_write", bool3(args, "over_write")?))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::api::test_support::{assert_errors, assert_specs, expect, json, objects, texts};
    use crate::api::{Body, Method::*, ResponseKind::*};

    #[test]
    fn requests() {
        let tag = json!({"name": "hot"});
        assert_specs(vec![
            (
                "tags.list",
                json!({"module": "Leads"}),
                expect(
                    Get,
                    "settings/tags",
                    &[("module", "Leads")],
                    Body::None,
                    "tags",
                    Bulk,
                ),
            ),
            (
                "tags.count",
                json!({"module": "Leads", "tag_id": 5}),
                expect(
                    Get,
                    "settings/tags/5/actions/records_count",
                    &[("module", "Leads")],
                    Body::None,
                    "tags",
                    Single,
                )
                .answering_top_level(),
            ),
            (
                "tags.create",
                json!({"module": "Leads", "tags": [tag]}),
                expect(
                    Post,
                    "settings/tags",
                    &[("module", "Leads")],
                    json(json!({"tags": [tag]})),
                    "tags",
                    Bulk,
                ),
            ),
            (
                "tags.update",
                json!({"module": "Leads", "tags": [{"id": "1", "name": "a"}]}),
                expect(
                    Put,
                    "settings/tags",
                    &[("module", "Leads")],
                    json(json!({"tags": [{"id": "1", "name": "a"}]})),
                    "tags",
                    Bulk,
                ),
            ),
            (
                "tags.update_one",
                json!({"tag_id": "1", "tag": tag, "module": "Leads"}),
                expect(
                    Put,
                    "settings/tags/1",
                    &[("module", "Leads")],
                    json(json!({"tags": [tag]})),
                    "tags",
                    Single,
                ),
            ),
            (
                "tags.update_one",
                json!({"tag_id": "1", "tag": tag}),
                expect(
                    Put,
                    "settings/tags/1",
                    &[],
                    json(json!({"tags": [tag]})),
                    "tags",
                    Single,
                ),
            ),
            (
                "tags.delete",
                json!({"tag_id": "1"}),
                expect(Delete, "settings/tags/1", &[], Body::None, "tags", Single),
            ),
            (
                "tags.merge",
                json!({"tag_id": "1", "conflict_id": 2}),
                expect(
                    Post,
                    "settings/tags/1/actions/merge",
                    &[],
                    json(json!({"tags": [{"conflict_id": "2"}]})),
                    "tags",
                    Single,
                ),
            ),
            (
                "tags.add_to_record",
                json!({"module": "Leads", "record_id": "1", "tag_names": ["a", "b c"], "over_write": true}),
                expect(
                    Post,
                    "Leads/1/actions/add_tags",
                    &[("tag_names", "a,b c"), ("over_write", "true")],
                    Body::None,
                    "data",
                    Single,
                ),
            ),
            (
                "tags.add_to_record",
                json!({"module": "Leads", "record_id": "1", "tag_names": ["a"]}),
                expect(
                    Post,
                    "Leads/1/actions/add_tags",
                    &[("tag_names", "a")],
                    Body::None,
                    "data",
                    Single,
                ),
            ),
            (
                "tags.remove_from_record",
                json!({"module": "Leads", "record_id": "1", "tag_names": ["a", "b"], "over_write": true}),
                expect(
                    Post,
                    "Leads/1/actions/remove_tags",
                    &[("tag_names", "a,b")],
                    Body::None,
                    "data",
                    Single,
                ),
            ),
            (
                "tags.add_to_records",
                json!({"module": "Leads", "ids": ["1", 2], "tag_names": ["a", "b"], "over_write": "false"}),
                expect(
                    Post,
                    "Leads/actions/add_tags",
                    &[
                        ("ids", "1,2"),
                        ("tag_names", "a,b"),
                        ("over_write", "false"),
                    ],
                    Body::None,
                    "data",
                    Bulk,
                ),
            ),
            (
                "tags.remove_from_records",
                json!({"module": "Leads", "ids": ["1"], "tag_names": ["a"]}),
                expect(
                    Post,
                    "Leads/actions/remove_tags",
                    &[("ids", "1"), ("tag_names", "a")],
                    Body::None,
                    "data",
                    Bulk,
                ),
            ),
        ]);
    }

    #[test]
    fn validation_errors() {
        let tag = json!({"name": "a"});
        let mut cases = vec![
            (
                "tags.count",
                json!({"module": "Leads"}),
                "NO TAG ID PROVIDED",
                "Tag id must be given",
            ),
            (
                "tags.create",
                json!({"module": "Leads", "tags": []}),
                "NO TAGS PROVIDED",
                "Tag count must at least be 1",
            ),
            (
                "tags.create",
                json!({"module": "Leads", "tags": objects(51)}),
                "MORE TAGS PROVIDED",
                "Tag count must be less than or equals to 50",
            ),
            (
                "tags.update",
                json!({"module": "Leads", "tags": objects(51)}),
                "MORE TAGS PROVIDED",
                "tags",
            ),
            (
                "tags.update",
                json!({"module": "Leads", "tags": [{"id": "1"}, tag]}),
                "TAG ID NOT PROVIDED",
                "tag id must not be nil",
            ),
            (
                "tags.update_one",
                json!({"tag": tag}),
                "TAG INSTANCE OR TAG ID NOT PROVIDED",
                "tag_id",
            ),
            (
                "tags.update_one",
                json!({"tag_id": "1"}),
                "TAG INSTANCE OR TAG ID NOT PROVIDED",
                "tag instance and tag id must be given",
            ),
            (
                "tags.update_one",
                json!({"tag_id": "1", "tag": tag, "module": 3}),
                "INVALID ARGUMENT",
                "module",
            ),
            ("tags.delete", json!({}), "TAG ID NOT PROVIDED", "tag_id"),
            (
                "tags.merge",
                json!({"tag_id": "1"}),
                "TAG ID OR MERGE TAG ID NOT PROVIDED",
                "conflict_id",
            ),
            (
                "tags.merge",
                json!({"conflict_id": "1"}),
                "TAG ID OR MERGE TAG ID NOT PROVIDED",
                "tag_id",
            ),
            (
                "tags.add_to_record",
                json!({"module": "Leads", "tag_names": ["a"]}),
                "RECORD or RECORD ID NOT PROVIDED",
                "record_id",
            ),
            (
                "tags.add_to_record",
                json!({"module": "Leads", "record_id": "1", "tag_names": []}),
                "NO TAGS PROVIDED",
                "Tag count must at least be 1",
            ),
            (
                "tags.add_to_record",
                json!({"module": "Leads", "record_id": "1", "tag_names": texts(11)}),
                "MORE TAGS PROVIDED",
                "Tag count must be less than or equals to 10",
            ),
            (
                "tags.remove_from_record",
                json!({"module": "Leads", "record_id": "1", "tag_names": texts(11)}),
                "MORE TAGS PROVIDED",
                "tag_names",
            ),
            (
                "tags.remove_from_record",
                json!({"module": "Leads", "tag_names": ["a"]}),
                "RECORD or RECORD ID NOT PROVIDED",
                "record_id",
            ),
            (
                "tags.add_to_record",
                json!({"module": "Leads", "record_id": "1", "tag_names": ["a"], "over_write": "x"}),
                "INVALID ARGUMENT",
                "over_write",
            ),
            // 1.0.x order: the tag count is checked before the record count.
            (
                "tags.add_to_records",
                json!({"module": "Leads", "ids": [], "tag_names": []}),
                "NO TAGS PROVIDED",
                "tag_names",
            ),
            (
                "tags.add_to_records",
                json!({"module": "Leads", "ids": [], "tag_names": ["a"]}),
                "NO RECORDS PROVIDED",
                "records must at least be 1",
            ),
            (
                "tags.add_to_records",
                json!({"module": "Leads", "ids": texts(101), "tag_names": ["a"]}),
                "MORE RECORDS PROVIDED",
                "records count must be less than or equals to 100",
            ),
            (
                "tags.add_to_records",
                json!({"module": "Leads", "ids": ["1"], "tag_names": texts(51)}),
                "MORE TAGS PROVIDED",
                "Tag count must be less than or equals to 50",
            ),
            (
                "tags.remove_from_records",
                json!({"module": "Leads", "ids": [], "tag_names": ["a"]}),
                "NO RECORDS PROVIDED",
                "ids",
            ),
            (
                "tags.remove_from_records",
                json!({"module": "Leads", "ids": ["1"], "tag_names": texts(51)}),
                "MORE TAGS PROVIDED",
                "tag_names",
            ),
        ];
        for op in [
            "tags.list",
            "tags.count",
            "tags.create",
            "tags.update",
            "tags.add_to_record",
            "tags.remove_from_record",
            "tags.add_to_records",
            "tags.remove_from_records",
        ] {
            let args = json!({"tag_id": "1", "tags": [{"id": "1"}], "record_id": "1", "ids": ["1"], "tag_names": ["a"]});
            cases.push((
                op,
                args,
                "NO MODULE API NAME PROVIDED",
                "module api name must be provided",
            ));
        }
        assert_errors(cases);
    }
}
