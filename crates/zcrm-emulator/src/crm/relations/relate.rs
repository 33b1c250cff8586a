//! Adding and removing relations: `PUT|DELETE /{module}/{id}/{related_list}/{related_id}` and
//! the bulk `PUT /{module}/{id}/{related_list}` (`data[].id`) / `DELETE …?ids=`. A lookup
//! list relates by pointing the related record's lookup field at the parent; a junction list
//! stores the pair with the relation's fields.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Map, Value};

use crate::crm::auth::Caller;
use crate::crm::envelope::ApiError;
use crate::crm::records::crud::MAX_RECORDS;
use crate::crm::records::write::{with_writer, Writer};
use crate::crm::request::{self, id_of, Seg};
use crate::crm::results;
use crate::crm::schema::{ModuleDef, RelKind, Related};
use crate::params::Params;
use crate::state::Shared;

use super::related::related_list;

/// One relation request, resolved from the path.
struct Relation {
    def: &'static ModuleDef,
    related: &'static Related,
    target: &'static ModuleDef,
    parent_id: String,
}

pub(crate) async fn update_one(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Seg((module, id, name, related_id)): Seg<(String, String, String, String)>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let relation = resolve(&module, &id, &name)?;
    let data = request::json_body(&body)?
        .and_then(|b| b.get("data").and_then(|d| d.get(0)).cloned())
        .unwrap_or_else(|| json!({}));
    let outcome = with_writer(&shared, &caller.email, |writer| {
        vec![relate(writer, &relation, &related_id, &data)]
    });
    Ok(results::respond(
        "data",
        outcome,
        shared.config.statuses(StatusCode::OK),
    ))
}

pub(crate) async fn update_many(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Seg((module, id, name)): Seg<(String, String, String)>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let relation = resolve(&module, &id, &name)?;
    let items = request::entities(&body, "data", MAX_RECORDS)?;
    let outcome = with_writer(&shared, &caller.email, |writer| {
        items
            .iter()
            .map(|item| match item.get("id").and_then(id_of) {
                Some(related_id) => relate(writer, &relation, &related_id, item),
                None => results::mandatory_missing("id"),
            })
            .collect()
    });
    Ok(results::respond(
        "data",
        outcome,
        shared.config.statuses(StatusCode::OK),
    ))
}

pub(crate) async fn delete_one(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Seg((module, id, name, related_id)): Seg<(String, String, String, String)>,
) -> Result<Response, ApiError> {
    let relation = resolve(&module, &id, &name)?;
    let outcome = with_writer(&shared, &caller.email, |writer| {
        vec![unrelate(writer, &relation, &related_id)]
    });
    Ok(results::respond(
        "data",
        outcome,
        shared.config.statuses(StatusCode::OK),
    ))
}

pub(crate) async fn delete_many(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Seg((module, id, name)): Seg<(String, String, String)>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let relation = resolve(&module, &id, &name)?;
    let ids = Params::from_query(query.as_deref())
        .list("ids")
        .ok_or_else(|| ApiError::required_param("ids"))?;
    if ids.len() > MAX_RECORDS {
        return Err(ApiError::limit_exceeded("ids", MAX_RECORDS));
    }
    let outcome = with_writer(&shared, &caller.email, |writer| {
        ids.iter()
            .map(|rid| unrelate(writer, &relation, rid))
            .collect()
    });
    Ok(results::respond(
        "data",
        outcome,
        shared.config.statuses(StatusCode::OK),
    ))
}

fn resolve(module: &str, id: &str, name: &str) -> Result<Relation, ApiError> {
    let (def, related, target) = related_list(module, name)?;
    if matches!(related.kind, RelKind::Notes | RelKind::Attachments) {
        return Err(ApiError::invalid_data(
            "the relation cannot be updated this way",
            json!({ "api_name": name }),
        ));
    }
    Ok(Relation {
        def,
        related,
        target,
        parent_id: id.to_string(),
    })
}

/// Both records must exist; the per-record error otherwise.
fn check_ends(writer: &Writer, relation: &Relation, related_id: &str) -> Result<(), Value> {
    let records = &writer.state.crm.records;
    if records.get(relation.def, &relation.parent_id).is_none() {
        return Err(results::invalid_id(&relation.parent_id));
    }
    if records.get(relation.target, related_id).is_none() {
        return Err(results::failure(
            "INVALID_DATA",
            "the related id given seems to be invalid",
            json!({ "id": related_id }),
        ));
    }
    Ok(())
}

fn relate(writer: &mut Writer, relation: &Relation, related_id: &str, data: &Value) -> Value {
    if let Err(error) = check_ends(writer, relation, related_id) {
        return error;
    }
    let added = match relation.related.kind {
        RelKind::Lookup(field) => {
            let already = points_at(writer, relation, related_id, field);
            let change = json!({ field: relation.parent_id });
            if let Err(error) = writer.update(relation.target, related_id, &change) {
                return error;
            }
            !already
        }
        _ => {
            let mut fields: Map<String, Value> = data.as_object().cloned().unwrap_or_default();
            fields.remove("id");
            writer.state.crm.links.put(
                (relation.def.api_name, relation.parent_id.clone()),
                (relation.target.api_name, related_id.to_string()),
                fields,
            )
        }
    };
    // A new relation is "added" (observed by Zoho's 1.0.x suites); changing the fields of an
    // existing one is the documented "relation updated".
    let message = if added {
        "relation added"
    } else {
        "relation updated"
    };
    results::success(message, json!({ "id": related_id }))
}

/// Whether the related record's lookup `field` already names the parent.
fn points_at(writer: &Writer, relation: &Relation, related_id: &str, field: &str) -> bool {
    writer
        .state
        .crm
        .records
        .get(relation.target, related_id)
        .and_then(|r| r.get(field))
        .and_then(|v| v.get("id"))
        .and_then(Value::as_str)
        == Some(relation.parent_id.as_str())
}

fn unrelate(writer: &mut Writer, relation: &Relation, related_id: &str) -> Value {
    if let Err(error) = check_ends(writer, relation, related_id) {
        return error;
    }
    let removed = match relation.related.kind {
        RelKind::Lookup(field) => {
            let points_here = points_at(writer, relation, related_id, field);
            if points_here {
                if let Err(error) =
                    writer.update(relation.target, related_id, &json!({ field: null }))
                {
                    return error;
                }
            }
            points_here
        }
        _ => writer.state.crm.links.remove(
            &(relation.def.api_name, relation.parent_id.clone()),
            &(relation.target.api_name, related_id.to_string()),
        ),
    };
    if removed {
        results::success("relation removed", json!({ "id": related_id }))
    } else {
        results::failure(
            "INVALID_DATA",
            "relation not found",
            json!({ "id": related_id }),
        )
    }
}
