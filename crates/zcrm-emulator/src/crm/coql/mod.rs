//! `POST /crm/v2/coql`: records selected by a COQL query (`{"select_query": "select …"}`).
//!
//! Sources: "Get Records through a COQL Query"
//! (<https://www.zoho.com/crm/developer/docs/api/v2/Get-Records-through-COQL-Query.html>),
//! "Query API - An Overview" (<https://www.zoho.com/crm/developer/docs/api/v2/COQL-Overview.html>)
//! and "Query API - Limitations" (<https://www.zoho.com/crm/developer/docs/api/v2/COQL-Limitations.html>,
//! <https://www.zoho.com/crm/developer/docs/api/COQL-Limitations.html>). The answer is
//! `{"data": [rows], "info": {"count": n, "more_records": bool}}`; nothing matching is a 204.

pub(crate) mod eval;
mod parse;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use crate::crm::auth::Caller;
use crate::crm::envelope::{self, ApiError};
use crate::crm::records::store::Records;
use crate::crm::schema::{self, Kind, ModuleDef};
use crate::state::Shared;

use eval::Table;
use parse::{Op, Query, SyntaxError};

/// "The default value for LIMIT is 200 and OFFSET is 0" (COQL-Overview); v2 returns "a
/// maximum of 200 records per API call" (v2 COQL-Limitations).
pub(crate) const DEFAULT_LIMIT: u64 = 200;
pub(crate) const MAX_LIMIT: u64 = 200;
/// "You can fetch up to 10,000 records using pagination with LIMIT and OFFSET" (COQL-Limitations):
/// OFFSET + LIMIT stays within 10,000 (the last page is LIMIT 200 OFFSET 9800).
pub(crate) const MAX_ROWS: u64 = 10_000;
/// "A maximum of 50 columns i.e, 50 field_API_names in the select column".
pub(crate) const MAX_FIELDS: usize = 50;
/// "You can include a maximum of 25 criteria in the WHERE clause".
pub(crate) const MAX_CRITERIA: usize = 25;
/// "in (up to 50 values)", "not in (up to 50 values)".
pub(crate) const MAX_IN_VALUES: usize = 50;

pub(crate) async fn query(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    body: Bytes,
) -> Result<Response, ApiError> {
    let text = select_query(&body)?;
    let query = parse::parse(&text).map_err(syntax_error)?;
    check_limits(&query)?;
    let def = schema::record_module(&query.module).map_err(|_| invalid_module(&query.module))?;
    let state = shared.lock();
    let table = Table {
        def,
        records: &state.crm.records,
    };
    check_fields(&table, &query)?;
    let answer = run(&table, &query);
    drop(state);
    Ok(match answer {
        Some(body) => envelope::json(StatusCode::OK, &body),
        None => envelope::no_content(),
    })
}

fn select_query(body: &[u8]) -> Result<String, ApiError> {
    let json: Value = serde_json::from_slice(body)
        .map_err(|_| ApiError::invalid_data("body is not a JSON object", json!({})))?;
    match json.get("select_query") {
        Some(Value::String(text)) if !text.trim().is_empty() => Ok(text.clone()),
        _ => Err(ApiError::required_param("select_query")),
    }
}

/// The page of rows, or None when nothing matches.
fn run(table: &Table, query: &Query) -> Option<Value> {
    let mut rows: Vec<_> = table
        .records
        .all(table.def)
        .filter(|r| query.filter.as_ref().is_none_or(|c| table.matches(r, c)))
        .collect();
    table.order(&mut rows, &query.order);
    let offset = usize::try_from(query.offset.unwrap_or(0)).unwrap_or(usize::MAX);
    let limit = usize::try_from(query.limit.unwrap_or(DEFAULT_LIMIT)).unwrap_or(usize::MAX);
    let page: Vec<Value> = rows
        .iter()
        .skip(offset)
        .take(limit)
        .map(|r| table.row(r, &query.fields))
        .collect();
    if page.is_empty() {
        return None;
    }
    let more = rows.len() > offset.saturating_add(page.len());
    Some(json!({
        "data": page,
        "info": { "count": page.len(), "more_records": more },
    }))
}

/// The documented limits, checked before anything is read.
fn check_limits(query: &Query) -> Result<(), ApiError> {
    if query.fields.len() > MAX_FIELDS {
        return Err(ApiError::limit_exceeded("select columns", MAX_FIELDS));
    }
    let criteria = query.filter.as_ref().map_or(0, |c| c.comparisons());
    if criteria > MAX_CRITERIA {
        return Err(ApiError::limit_exceeded("criteria", MAX_CRITERIA));
    }
    let comparisons = query.filter.iter().flat_map(|c| c.each_comparison());
    if comparisons
        .into_iter()
        .any(|(_, op, values)| matches!(op, Op::In | Op::NotIn) && values.len() > MAX_IN_VALUES)
    {
        return Err(ApiError::limit_exceeded(
            "values in an in clause",
            MAX_IN_VALUES,
        ));
    }
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if limit == 0 {
        return Err(ApiError::invalid_query(
            "the limit must be at least 1",
            json!({ "limit": 0 }),
        ));
    }
    if limit > MAX_LIMIT {
        return Err(limit_exceeded("limit", MAX_LIMIT));
    }
    if query.offset.unwrap_or(0).saturating_add(limit) > MAX_ROWS {
        return Err(limit_exceeded("offset + limit", MAX_ROWS));
    }
    Ok(())
}

fn limit_exceeded(what: &str, max: u64) -> ApiError {
    ApiError::limit_exceeded(what, usize::try_from(max).unwrap_or(usize::MAX))
}

/// Every field named must exist (in the module's layout, or on a record for fields clients
/// invented), multi-line fields cannot filter ("You cannot use multi-line fields such as
/// Description … in criteria"), and a comparator must suit the field's type: `like` for text,
/// `<`, `>`, `between` for numbers and dates (the per-type table of later versions'
/// Get-Records-through-COQL-Query pages; v2 lists the comparators only).
fn check_fields(table: &Table, query: &Query) -> Result<(), ApiError> {
    let ordered = query.order.iter().map(|o| o.field.as_str());
    for field in query.fields.iter().map(String::as_str).chain(ordered) {
        known(table, field)?;
    }
    for (field, op, _) in query.filter.iter().flat_map(|c| c.each_comparison()) {
        let kind = known(table, field)?;
        if kind == Some(Kind::TextArea) {
            return Err(ApiError::invalid_query(
                "multi-line fields cannot be used in criteria",
                json!({ "column_name": field }),
            ));
        }
        if !suits(kind, op) {
            return Err(ApiError::invalid_query(
                "invalid operator found",
                json!({ "operator": op.text(), "column_name": field }),
            ));
        }
    }
    Ok(())
}

/// The field's kind when the schema knows it (None for `id`, dotted paths and invented fields).
fn known(table: &Table, field: &str) -> Result<Option<Kind>, ApiError> {
    let base = field.split('.').next().unwrap_or(field);
    let dotted = base.len() != field.len();
    if base == "id" {
        return Ok(None);
    }
    if let Some(def_field) = table.def.field(base) {
        return Ok((!dotted).then_some(def_field.kind));
    }
    if invented(table.records, table.def, base) {
        return Ok(None);
    }
    Err(ApiError::invalid_query(
        "column given seems to be invalid",
        json!({ "column_name": field }),
    ))
}

fn invented(records: &Records, def: &ModuleDef, field: &str) -> bool {
    records.all(def).any(|r| r.get(field).is_some())
}

fn suits(kind: Option<Kind>, op: Op) -> bool {
    let Some(kind) = kind else {
        return true;
    };
    let textual = matches!(
        kind,
        Kind::Text(_)
            | Kind::Email
            | Kind::Phone
            | Kind::Website
            | Kind::Picklist(_)
            | Kind::MultiPicklist(_)
    );
    let ordered = matches!(
        kind,
        Kind::Integer | Kind::Double | Kind::Currency | Kind::Percent | Kind::Date | Kind::DateTime
    );
    match op {
        Op::Like | Op::NotLike => textual,
        Op::Lt | Op::Le | Op::Gt | Op::Ge | Op::Between => ordered,
        _ => true,
    }
}

/// Unverified details: Zoho documents the code; the emulator says where parsing stopped.
fn syntax_error(error: SyntaxError) -> ApiError {
    ApiError::bad_request(
        "SYNTAX_ERROR",
        "error occurred while parsing the query",
        json!({ "near": error.near, "column": error.column, "expected": error.expected }),
    )
}

/// Unverified: the code Zoho gives an unknown module in FROM; the emulator answers
/// INVALID_QUERY naming it.
fn invalid_module(module: &str) -> ApiError {
    ApiError::invalid_query(
        "the module name given seems to be invalid",
        json!({ "module": module }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(query: &str) -> Result<(), String> {
        let query = parse::parse(query).map_err(|e| e.to_string())?;
        check_limits(&query).map_err(|e| format!("{} {}", e.code, e.message))
    }

    #[test]
    fn documented_limits() {
        let ok = "select id from Leads where id is not null";
        assert_eq!(limits(ok), Ok(()));
        assert_eq!(limits(&format!("{ok} limit 200 offset 9800")), Ok(()));
        assert_eq!(limits(&format!("{ok} offset 9800")), Ok(()));
        for (tail, named) in [
            ("limit 201", "200 limit"),
            ("limit 200 offset 9801", "10000 offset + limit"),
            ("offset 9900", "10000 offset + limit"),
        ] {
            let answer = limits(&format!("{ok} {tail}"));
            assert!(
                matches!(&answer, Err(e) if e.starts_with("LIMIT_EXCEEDED") && e.ends_with(named)),
                "{tail}: {answer:?}"
            );
        }
        let fields: Vec<String> = (0..51).map(|i| format!("F{i}")).collect();
        let wide = format!(
            "select {} from Leads where id is not null",
            fields.join(", ")
        );
        assert!(limits(&wide).is_err_and(|e| e.ends_with("50 select columns")));
        let values: Vec<String> = (0..51).map(|i| i.to_string()).collect();
        let long_in = format!("select id from Leads where id in ({})", values.join(", "));
        assert!(limits(&long_in).is_err_and(|e| e.ends_with("50 values in an in clause")));
        let criteria = (0..26)
            .map(|i| format!("id != {i}"))
            .reduce(|a, b| format!("({a}) and {b}"))
            .unwrap_or_default();
        let many = format!("select id from Leads where {criteria}");
        assert!(limits(&many).is_err_and(|e| e.ends_with("25 criteria")));
        assert!(limits(&format!("{ok} limit 0")).is_err_and(|e| e.starts_with("INVALID_QUERY")));
    }
}
