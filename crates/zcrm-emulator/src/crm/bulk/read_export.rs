//! What a Bulk Read job exports: the records its `query` selects, as the CSV of the result
//! zip ("Download Bulk Read Result",
//! <https://www.zoho.com/crm/developer/docs/api/v2/bulk-read/download-result.html>: a zip
//! holding `<job_id>.csv`; columns are the fields asked for, or all of the module's, each
//! under its API name, with `Id` first). Lookups and users are written as their id, and a
//! multi-select list as `a;b`.
//!
//! Criteria ("Create Bulk Read Job",
//! <https://www.zoho.com/crm/developer/docs/api/v2/bulk-read/create-job.html>) are
//! `{"api_name", "comparator", "value"}` or `{"group_operator", "group": [...]}`, with the
//! comparators listed there. Unverified: text comparisons ignore case (as Zoho's search does),
//! and ordered comparisons are numeric when both sides are numbers, textual otherwise (ISO
//! dates and times order correctly as text).

use std::cmp::Ordering;
use std::io::{Cursor, Write};

use serde_json::Value;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::crm::coql::eval::Table;
use crate::crm::criteria::text_of;
use crate::crm::envelope::ApiError;
use crate::crm::records::store::Record;
use crate::crm::schema::{Kind, ModuleDef};

/// The comparators the create-job page lists.
const COMPARATORS: [&str; 14] = [
    "equal",
    "not_equal",
    "in",
    "not_in",
    "less_than",
    "less_equal",
    "greater_than",
    "greater_equal",
    "contains",
    "not_contains",
    "starts_with",
    "ends_with",
    "between",
    "not_between",
];
/// "up to 25 total" (Kaizen #195, see the fidelity table).
pub(crate) const MAX_CRITERIA: usize = 25;

/// Checks criteria before a job is accepted: shape, comparators, count and known fields.
pub(crate) fn check_criteria(table: &Table, criteria: &Value) -> Result<(), ApiError> {
    let count = count(table, criteria)?;
    if count > MAX_CRITERIA {
        return Err(ApiError::limit_exceeded("criteria", MAX_CRITERIA));
    }
    Ok(())
}

fn count(table: &Table, criteria: &Value) -> Result<usize, ApiError> {
    if let Some(group) = criteria.get("group") {
        let operator = criteria.get("group_operator").and_then(Value::as_str);
        let operator_ok =
            operator.is_some_and(|o| o.eq_ignore_ascii_case("and") || o.eq_ignore_ascii_case("or"));
        let members = group.as_array().filter(|m| !m.is_empty());
        let (true, Some(members)) = (operator_ok, members) else {
            return Err(invalid("group_operator", criteria));
        };
        return members
            .iter()
            .try_fold(0, |sum, member| Ok(sum + count(table, member)?));
    }
    let field = criteria.get("api_name").and_then(Value::as_str);
    if !field.is_some_and(|f| known(table, f)) {
        return Err(invalid("api_name", criteria));
    }
    let comparator = criteria.get("comparator").and_then(Value::as_str);
    if !comparator.is_some_and(|c| COMPARATORS.contains(&c)) {
        return Err(invalid("comparator", criteria));
    }
    Ok(1)
}

pub(crate) fn known(table: &Table, field: &str) -> bool {
    let base = field.split('.').next().unwrap_or(field);
    base == "id" || base == "Id" || table.def.field(base).is_some()
}

/// Unverified details: Zoho documents INVALID_DATA for bad input to a job.
fn invalid(key: &str, criteria: &Value) -> ApiError {
    ApiError::invalid_data(
        &format!("invalid criteria: check {key}"),
        serde_json::json!({ "api_name": key, "criteria": criteria }),
    )
}

/// Whether `record` satisfies `criteria` (already checked).
pub(crate) fn matches(table: &Table, record: &Record, criteria: &Value) -> bool {
    if let Some(group) = criteria.get("group").and_then(Value::as_array) {
        let any = criteria
            .get("group_operator")
            .and_then(Value::as_str)
            .is_some_and(|o| o.eq_ignore_ascii_case("or"));
        return if any {
            group.iter().any(|c| matches(table, record, c))
        } else {
            group.iter().all(|c| matches(table, record, c))
        };
    }
    let field = criteria
        .get("api_name")
        .and_then(Value::as_str)
        .unwrap_or("");
    let comparator = criteria
        .get("comparator")
        .and_then(Value::as_str)
        .unwrap_or("");
    let wanted = criteria.get("value").unwrap_or(&Value::Null);
    let cell = cell(table, record, field);
    compare(&cell, comparator, wanted)
}

fn compare(cell: &str, comparator: &str, wanted: &Value) -> bool {
    let values: Vec<String> = match wanted {
        Value::Array(items) => items.iter().map(text_of).collect(),
        other => vec![text_of(other)],
    };
    let first = values.first().map(String::as_str).unwrap_or("");
    let lower = cell.to_lowercase();
    let ordered = |i: usize| values.get(i).map(|v| order(cell, v));
    let between = || {
        matches!(ordered(0), Some(Ordering::Greater | Ordering::Equal))
            && matches!(ordered(1), Some(Ordering::Less | Ordering::Equal))
    };
    match comparator {
        "equal" => cell == first,
        "not_equal" => cell != first,
        "in" => values.iter().any(|v| v == cell),
        "not_in" => !values.iter().any(|v| v == cell),
        "less_than" => ordered(0) == Some(Ordering::Less),
        "less_equal" => matches!(ordered(0), Some(Ordering::Less | Ordering::Equal)),
        "greater_than" => ordered(0) == Some(Ordering::Greater),
        "greater_equal" => matches!(ordered(0), Some(Ordering::Greater | Ordering::Equal)),
        "contains" => lower.contains(&first.to_lowercase()),
        "not_contains" => !lower.contains(&first.to_lowercase()),
        "starts_with" => lower.starts_with(&first.to_lowercase()),
        "ends_with" => lower.ends_with(&first.to_lowercase()),
        "between" => between(),
        "not_between" => !between(),
        _ => false,
    }
}

fn order(a: &str, b: &str) -> Ordering {
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        _ => a.cmp(b),
    }
}

/// The columns of the CSV: `Id`, then the fields asked for (or every field of the module).
pub(crate) fn columns(def: &ModuleDef, fields: &[String]) -> Vec<String> {
    let chosen: Vec<String> = if fields.is_empty() {
        def.all_fields().map(|f| f.api_name.to_string()).collect()
    } else {
        fields.to_vec()
    };
    std::iter::once("Id".to_string())
        .chain(chosen.into_iter().filter(|f| f != "Id" && f != "id"))
        .collect()
}

/// The text of `path` on `record` as the CSV shows it.
fn cell(table: &Table, record: &Record, path: &str) -> String {
    if path == "Id" || path == "id" {
        return record.id().to_string();
    }
    let Some(value) = table.value(record, path) else {
        return String::new();
    };
    match (table.def.field(path).map(|f| f.kind), &value) {
        (Some(Kind::MultiPicklist(_)), Value::Array(items)) => {
            items.iter().map(text_of).collect::<Vec<_>>().join(";")
        }
        (_, Value::Object(object)) => object.get("id").map(text_of).unwrap_or_default(),
        (_, Value::Null) => String::new(),
        _ => text_of(&value),
    }
}

/// One CSV line: RFC 4180 quoting for cells holding a comma, a quote or a line break.
pub(crate) fn csv_line(out: &mut Vec<u8>, cells: impl Iterator<Item = String>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        if cell.contains([',', '"', '\n', '\r']) {
            out.push(b'"');
            out.extend_from_slice(cell.replace('"', "\"\"").as_bytes());
            out.push(b'"');
        } else {
            out.extend_from_slice(cell.as_bytes());
        }
    }
    out.extend_from_slice(b"\r\n");
}

/// The CSV of `records` under `columns`.
pub(crate) fn csv<'a>(
    table: &Table,
    columns: &[String],
    records: impl Iterator<Item = &'a Record>,
) -> Vec<u8> {
    let mut out = Vec::new();
    csv_line(&mut out, columns.iter().cloned());
    for record in records {
        csv_line(&mut out, columns.iter().map(|c| cell(table, record, c)));
    }
    out
}

/// The zip Zoho serves: one deflated entry named `<job_id>.csv`. Deflate's fastest level:
/// the emulator must not be what a benchmark measures, and any level reads the same.
pub(crate) fn zip(job_id: &str, csv: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(csv.len() >= u32::MAX as usize);
    zip.start_file(format!("{job_id}.csv"), options)?;
    zip.write_all(csv)?;
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn comparators() {
        assert!(compare("Web", "equal", &json!("Web")));
        assert!(!compare("Web", "equal", &json!("web")));
        assert!(compare("Web", "in", &json!(["Ad", "Web"])));
        assert!(compare("10", "greater_than", &json!(9)));
        assert!(compare(
            "2024-01-02T00:00:00+00:00",
            "less_than",
            &json!("2024-02-01T00:00:00+00:00")
        ));
        assert!(compare("Acme Inc", "contains", &json!("acme")));
        assert!(compare("15", "between", &json!([10, 20])));
        assert!(compare("25", "not_between", &json!([10, 20])));
        assert!(!compare("x", "like", &json!("x")));
    }

    #[test]
    fn csv_quoting() {
        let mut out = Vec::new();
        csv_line(
            &mut out,
            ["a".into(), "b,c".into(), "say \"hi\"\nbye".into()].into_iter(),
        );
        assert_eq!(out, b"a,\"b,c\",\"say \"\"hi\"\"\nbye\"\r\n");
    }
}
