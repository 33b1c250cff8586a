//! `GET settings/layouts?module=` and `GET settings/layouts/{id}?module=`.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use crate::crm::auth::Caller;
use crate::crm::envelope::{self, ApiError};
use crate::crm::request::{self, Seg};
use crate::crm::schema::ModuleDef;
use crate::params::Params;
use crate::state::Shared;

use super::{author, layout, FieldSetup};

fn answer(shared: &Shared, def: &ModuleDef) -> Response {
    let author = author(&shared.lock());
    let layout = layout::layout(def, &author, &FieldSetup::of(shared));
    envelope::json(StatusCode::OK, &json!({ "layouts": [layout] }))
}

pub(crate) async fn list(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let def = request::module_param(&Params::from_query(query.as_deref()))?;
    Ok(answer(&shared, def))
}

pub(crate) async fn get(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Seg(id): Seg<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let def = request::module_param(&Params::from_query(query.as_deref()))?;
    if id != def.layout_id() {
        return Ok(envelope::no_content());
    }
    Ok(answer(&shared, def))
}
