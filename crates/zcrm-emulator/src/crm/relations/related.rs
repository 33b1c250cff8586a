//! `GET /{module}/{id}/{related_list}`: the records a related list shows. Lookup lists find
//! the target module's records pointing at the parent; junction lists find linked records
//! and show the relation's own fields (`list_price`, `Contact_Role`) merged in.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::crm::attachments;
use crate::crm::auth::Caller;
use crate::crm::envelope::ApiError;
use crate::crm::records::listing::{self, ListQuery};
use crate::crm::records::store::Record;
use crate::crm::request::Seg;
use crate::crm::schema::{self, ModuleDef, RelKind, Related};
use crate::params::Params;
use crate::state::{Shared, State as EmulatorState};

/// The related list `name` of `module`, or Zoho's error for an unknown one.
pub(crate) fn related_list(
    module: &str,
    name: &str,
) -> Result<(&'static ModuleDef, &'static Related, &'static ModuleDef), ApiError> {
    let def = schema::record_module(module)?;
    let related = def.related(name).ok_or_else(|| {
        ApiError::invalid_data(
            "the relation name given seems to be invalid",
            json!({ "api_name": name }),
        )
    })?;
    let target = schema::module(related.target)?;
    Ok((def, related, target))
}

pub(crate) async fn list(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Seg((module, id, name)): Seg<(String, String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (def, related, target) = related_list(&module, &name)?;
    let params = Params::from_query(query.as_deref());
    let state = shared.lock();
    if related.kind == RelKind::Attachments {
        let items = attachments::items_of(&state, &id);
        drop(state);
        return attachments::page_of(items, &params);
    }
    // v2 documents `page` and `per_page` only
    // (https://www.zoho.com/crm/developer/docs/api/get-related-records.html). The legacy gem
    // also sends `sort_by_field` and `sort_order`; whether Zoho sorts by them is unverified, so
    // they are accepted and ignored: a client cannot count on the order.
    let query = ListQuery::parse(&params, &headers, None)?;
    let rows = rows(&state, def, &id, related, target);
    let listing = listing::list(target, &state.crm.records, rows.iter().collect(), &query);
    drop(state);
    Ok(listing.into_response())
}

/// The target records of the list, junction fields merged in (owned, for that reason).
fn rows(
    state: &EmulatorState,
    def: &ModuleDef,
    id: &str,
    related: &Related,
    target: &'static ModuleDef,
) -> Vec<Record> {
    let records = &state.crm.records;
    let points_here = |field: &str, r: &Record| {
        r.get(field)
            .and_then(|v| v.get("id"))
            .and_then(Value::as_str)
            == Some(id)
    };
    match related.kind {
        RelKind::Lookup(field) => records
            .all(target)
            .filter(|r| points_here(field, r))
            .cloned()
            .collect(),
        RelKind::Notes | RelKind::Attachments => records
            .all(target)
            .filter(|r| points_here("Parent_Id", r))
            .cloned()
            .collect(),
        RelKind::Junction => state
            .crm
            .links
            .linked(&(def.api_name, id.to_string()), target.api_name)
            .into_iter()
            .filter_map(|(other, data)| {
                let mut record = records.get(target, &other)?.clone();
                record.fields.extend(data);
                Some(record)
            })
            .collect(),
    }
}
