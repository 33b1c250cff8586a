//! `POST /{module}/upsert`: each record updates the first existing record that shares a value
//! of a duplicate-check field, or is inserted. The fields come from the query (the legacy gem,
//! with a trailing comma), the body, or the module's system-defined unique fields.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

use crate::crm::auth::Caller;
use crate::crm::envelope::ApiError;
use crate::crm::request::{self, id_of, Seg};
use crate::crm::results;
use crate::crm::schema::{self, ModuleDef};
use crate::params::Params;
use crate::state::Shared;

use super::crud::{added, updated, MAX_RECORDS};
use super::store::Records;
use super::write::{is_blank, same_text, with_writer};

pub(crate) async fn upsert(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Seg(module): Seg<String>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Result<Response, ApiError> {
    let def = schema::record_module(&module)?;
    let items = request::entities(&body, "data", MAX_RECORDS)?;
    let checks = check_fields(def, query.as_deref(), &body)?;
    let outcome = with_writer(&shared, &caller.email, |writer| {
        items
            .iter()
            .map(
                |item| match duplicate(&writer.state.crm.records, def, &checks, item) {
                    Some((id, field)) => {
                        annotate(updated(writer, def, &id, item), "update", Some(field))
                    }
                    None => annotate(added(writer, def, item), "insert", None),
                },
            )
            .collect()
    });
    Ok(results::respond(
        "data",
        outcome,
        shared.config.statuses(StatusCode::OK),
    ))
}

fn check_fields(
    def: &ModuleDef,
    query: Option<&str>,
    body: &[u8],
) -> Result<Vec<String>, ApiError> {
    if let Some(fields) = Params::from_query(query).list("duplicate_check_fields") {
        return Ok(fields);
    }
    let from_body = request::json_body(body)?
        .and_then(|b| b.get("duplicate_check_fields").cloned())
        .and_then(|v| match v {
            Value::Array(items) => Some(
                items
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_string))
                    .collect::<Vec<_>>(),
            ),
            _ => None,
        })
        .filter(|fields| !fields.is_empty());
    Ok(from_body.unwrap_or_else(|| def.dedupe.iter().map(|f| f.to_string()).collect()))
}

/// The existing record `item` duplicates, and the field that matched.
fn duplicate(
    records: &Records,
    def: &ModuleDef,
    checks: &[String],
    item: &Value,
) -> Option<(String, String)> {
    checks.iter().find_map(|field| {
        let wanted = item.get(field).filter(|v| !is_blank(Some(v)))?;
        let wanted_id = id_of(wanted);
        records
            .all(def)
            .find(|r| {
                r.get(field).is_some_and(|stored| {
                    same_text(stored, wanted)
                        || (stored.is_object() && stored.get("id").and_then(id_of) == wanted_id)
                })
            })
            .map(|r| (r.id().to_string(), field.clone()))
    })
}

/// Upsert results also say what happened and which field matched.
fn annotate(mut result: Value, action: &str, field: Option<String>) -> Value {
    if !results::is_error(&result) {
        if let Value::Object(map) = &mut result {
            map.insert("action".to_string(), Value::from(action));
            map.insert(
                "duplicate_field".to_string(),
                field.map_or(Value::Null, Value::from),
            );
        }
    }
    result
}
