//! Notes: all of the org's (`/crm/v2/Notes`) and one record's (`{module}/{record_id}/Notes`).

use serde_json::Value;

use super::args::{
    counted_ids, counted_objs, join, optional_count, optional_string, required_id, required_obj,
    segment, strs, wrapped, Rule,
};
use super::common::{modified_since, record_path, NOTES, RECORD_ID};
use super::{Method, RequestSpec, ResponseKind};
use crate::error::Result;

const KEY: &str = "data";

const NO_NOTE: Rule = Rule::new(
    "NOTE INSTANCE OR NOTE ID NOT PROVIDED",
    "note instance and note id must be given",
);

pub fn build(action: &str, args: &Value) -> Option<Result<RequestSpec>> {
    Some(match action {
        "list" => list(args),
        "create" => create(args),
        "delete" => delete(args),
        "list_for_record" => list_for_record(args),
        "create_for_record" => create_for_record(args),
        "update_for_record" => update_for_record(args),
        "delete_for_record" => delete_for_record(args),
        _ => return None,
    })
}

/// GET Notes?page&per_page&sort_by&sort_order&fields (1.0.x's parameter order)
fn list(args: &Value) -> Result<RequestSpec> {
    let spec = RequestSpec::get("Notes", KEY, ResponseKind::Bulk)
        .param("page", optional_count(args, "page")?)
        .param("per_page", optional_count(args, "per_page")?)
        .param("sort_by", optional_string(args, "sort_by")?)
        .param("sort_order", optional_string(args, "sort_order")?)
        .param("fields", join(strs(args, "fields")?));
    modified_since(spec, args)
}

/// POST Notes: notes whose JSON names their parent (`Parent_Id`, `se_module`).
fn create(args: &Value) -> Result<RequestSpec> {
    let notes = counted_objs(args, "notes", &NOTES)?;
    Ok(RequestSpec::new(Method::Post, "Notes", KEY, ResponseKind::Bulk).json(wrapped(KEY, notes)))
}

/// DELETE Notes?ids
fn delete(args: &Value) -> Result<RequestSpec> {
    let ids = counted_ids(args, "ids", &NOTES)?;
    Ok(
        RequestSpec::new(Method::Delete, "Notes", KEY, ResponseKind::Bulk)
            .param("ids", join(Some(ids))),
    )
}

fn record_notes_path(args: &Value) -> Result<String> {
    Ok(format!("{}/Notes", record_path(args, &RECORD_ID)?))
}

/// GET {module}/{record_id}/Notes?sort_by&sort_order&page&per_page&fields
fn list_for_record(args: &Value) -> Result<RequestSpec> {
    Ok(
        RequestSpec::get(record_notes_path(args)?, KEY, ResponseKind::Bulk)
            .param("sort_by", optional_string(args, "sort_by")?)
            .param("sort_order", optional_string(args, "sort_order")?)
            .param("page", optional_count(args, "page")?)
            .param("per_page", optional_count(args, "per_page")?)
            .param("fields", join(strs(args, "fields")?)),
    )
}

/// POST {module}/{record_id}/Notes
fn create_for_record(args: &Value) -> Result<RequestSpec> {
    let path = record_notes_path(args)?;
    let notes = counted_objs(args, "notes", &NOTES)?;
    Ok(RequestSpec::new(Method::Post, path, KEY, ResponseKind::Bulk).json(wrapped(KEY, notes)))
}

fn note_path(args: &Value) -> Result<String> {
    let notes = record_notes_path(args)?;
    let id = required_id(args, "note_id", &NO_NOTE)?;
    Ok(format!("{notes}/{}", segment(&id)))
}

/// PUT {module}/{record_id}/Notes/{note_id}
fn update_for_record(args: &Value) -> Result<RequestSpec> {
    let path = note_path(args)?;
    let note = required_obj(args, "note", &NO_NOTE)?;
    Ok(
        RequestSpec::new(Method::Put, path, KEY, ResponseKind::Single)
            .json(wrapped(KEY, vec![note])),
    )
}

/// DELETE {module}/{record_id}/Notes/{note_id}
fn delete_for_record(args: &Value) -> Result<RequestSpec> {
    Ok(RequestSpec::new(
        Method::Delete,
        note_path(args)?,
        KEY,
        ResponseKind::Single,
    ))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::api::test_support::{assert_errors, assert_specs, expect, json, objects, texts};
    use crate::api::{Body, Method::*, ResponseKind::*};

    #[test]
    fn requests() {
        let note = json!({"Note_Title": "t", "Note_Content": "c"});
        let mut modified = expect(Get, "Notes", &[], Body::None, "data", Bulk);
        modified.headers = vec![(
            "If-Modified-Since".into(),
            "2019-07-25T15:26:49+05:30".into(),
        )];
        assert_specs(vec![
            (
                "notes.list",
                json!({}),
                expect(Get, "Notes", &[], Body::None, "data", Bulk),
            ),
            (
                "notes.list",
                json!(null),
                expect(Get, "Notes", &[], Body::None, "data", Bulk),
            ),
            (
                "notes.list",
                json!({"page": 1, "per_page": 200, "sort_by": "Modified_Time", "sort_order": "desc", "fields": "Note_Title"}),
                expect(
                    Get,
                    "Notes",
                    &[
                        ("page", "1"),
                        ("per_page", "200"),
                        ("sort_by", "Modified_Time"),
                        ("sort_order", "desc"),
                        ("fields", "Note_Title"),
                    ],
                    Body::None,
                    "data",
                    Bulk,
                ),
            ),
            (
                "notes.list",
                json!({"modified_since": "2019-07-25T15:26:49+05:30"}),
                modified,
            ),
            (
                "notes.create",
                json!({"notes": [note]}),
                expect(
                    Post,
                    "Notes",
                    &[],
                    json(json!({"data": [note]})),
                    "data",
                    Bulk,
                ),
            ),
            (
                "notes.delete",
                json!({"ids": ["1", 2]}),
                expect(Delete, "Notes", &[("ids", "1,2")], Body::None, "data", Bulk),
            ),
            (
                "notes.list_for_record",
                json!({"module": "Leads", "record_id": "1", "sort_by": "a", "sort_order": "asc", "page": 2, "per_page": 20, "fields": ["x"]}),
                expect(
                    Get,
                    "Leads/1/Notes",
                    &[
                        ("sort_by", "a"),
                        ("sort_order", "asc"),
                        ("page", "2"),
                        ("per_page", "20"),
                        ("fields", "x"),
                    ],
                    Body::None,
                    "data",
                    Bulk,
                ),
            ),
            (
                "notes.create_for_record",
                json!({"module": "Leads", "record_id": "1", "notes": [note, note]}),
                expect(
                    Post,
                    "Leads/1/Notes",
                    &[],
                    json(json!({"data": [note, note]})),
                    "data",
                    Bulk,
                ),
            ),
            (
                "notes.update_for_record",
                json!({"module": "Leads", "record_id": "1", "note_id": 3, "note": note}),
                expect(
                    Put,
                    "Leads/1/Notes/3",
                    &[],
                    json(json!({"data": [note]})),
                    "data",
                    Single,
                ),
            ),
            (
                "notes.delete_for_record",
                json!({"module": "Leads", "record_id": "1", "note_id": "3"}),
                expect(Delete, "Leads/1/Notes/3", &[], Body::None, "data", Single),
            ),
        ]);
    }

    #[test]
    fn validation_errors() {
        let note = json!({"Note_Content": "c"});
        let mut cases = vec![
            (
                "notes.create",
                json!({}),
                "NO NOTES PROVIDED",
                "note count must be at least 1",
            ),
            (
                "notes.create",
                json!({"notes": objects(101)}),
                "MORE NOTES PROVIDED",
                "note count must be less than or equals to 100",
            ),
            (
                "notes.delete",
                json!({"ids": []}),
                "NO NOTES PROVIDED",
                "ids",
            ),
            (
                "notes.delete",
                json!({"ids": texts(101)}),
                "MORE NOTES PROVIDED",
                "ids",
            ),
            (
                "notes.create_for_record",
                json!({"module": "Leads", "record_id": "1", "notes": []}),
                "NO NOTES PROVIDED",
                "notes",
            ),
            (
                "notes.create_for_record",
                json!({"module": "Leads", "record_id": "1", "notes": objects(101)}),
                "MORE NOTES PROVIDED",
                "notes",
            ),
            (
                "notes.update_for_record",
                json!({"module": "Leads", "record_id": "1", "note": note}),
                "NOTE INSTANCE OR NOTE ID NOT PROVIDED",
                "note instance and note id must be given",
            ),
            (
                "notes.update_for_record",
                json!({"module": "Leads", "record_id": "1", "note_id": "3"}),
                "NOTE INSTANCE OR NOTE ID NOT PROVIDED",
                "note",
            ),
            (
                "notes.delete_for_record",
                json!({"module": "Leads", "record_id": "1"}),
                "NOTE INSTANCE OR NOTE ID NOT PROVIDED",
                "note_id",
            ),
            (
                "notes.list",
                json!({"page": "x"}),
                "INVALID ARGUMENT",
                "page",
            ),
        ];
        for op in [
            "notes.list_for_record",
            "notes.create_for_record",
            "notes.update_for_record",
            "notes.delete_for_record",
        ] {
            let args = json!({"record_id": "1", "note_id": "3", "note": note, "notes": [note]});
            cases.push((
                op,
                args,
                "NO MODULE API NAME PROVIDED",
                "module api name must be provided",
            ));
            let args = json!({"module": "Leads", "note_id": "3", "note": note, "notes": [note]});
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
