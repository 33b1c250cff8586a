//! `GET settings/fields?module=` and `GET settings/fields/{id}?module=`.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use crate::crm::auth::Caller;
use crate::crm::envelope::{self, ApiError};
use crate::crm::request::{self, Seg};
use crate::params::Params;
use crate::state::Shared;

use super::{describe, FieldSetup};

pub(crate) async fn list(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let def = request::module_param(&Params::from_query(query.as_deref()))?;
    let setup = FieldSetup::of(&shared);
    let fields: Vec<Value> = def
        .all_fields()
        .map(|f| describe::field(def, f, &setup))
        .collect();
    Ok(envelope::json(StatusCode::OK, &json!({ "fields": fields })))
}

pub(crate) async fn get(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Seg(id): Seg<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let def = request::module_param(&Params::from_query(query.as_deref()))?;
    let field = def
        .all_fields()
        .find(|f| def.field_id(f.api_name).as_deref() == Some(id.as_str()));
    Ok(match field {
        Some(field) => {
            let json = describe::field(def, field, &FieldSetup::of(&shared));
            envelope::json(StatusCode::OK, &json!({ "fields": [json] }))
        }
        None => envelope::no_content(),
    })
}
