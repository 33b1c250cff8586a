//! `GET /{module}/search` with `criteria`, `email`, `phone` or `word`. When several are given
//! only one counts, in that order of preference, as Zoho documents.
//!
//! A search tests every record of the module (linear in its size): criteria can name any
//! field with any operator, no index would serve them all, and Zoho promises no speed here.
//! Plain module lists do not scan (see `listing`).

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::crm::auth::Caller;
use crate::crm::criteria::{self, CriteriaError, Equality, Expr, Op, MAX_CONDITIONS};
use crate::crm::envelope::ApiError;
use crate::crm::request::Seg;
use crate::crm::schema::{self, Kind, ModuleDef};
use crate::params::Params;
use crate::state::Shared;

use super::listing::{self, ListQuery};
use super::store::{Record, Records};

enum Search {
    Criteria(Expr),
    Email(String),
    Phone(String),
    Word(String),
}

pub(crate) async fn search(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    Seg(module): Seg<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let def = schema::record_module(&module)?;
    let params = Params::from_query(query.as_deref());
    let search = parse(&params)?;
    let query = ListQuery::parse(&params, &headers, Some("sort_by"))?;
    let state = shared.lock();
    let records = &state.crm.records;
    if let Search::Criteria(expr) = &search {
        check_fields(def, records, expr)?;
    }
    let hits = records.all(def).filter(|r| hit(def, r, &search)).collect();
    let listing = listing::list(def, records, hits, &query);
    drop(state);
    Ok(listing.into_response())
}

fn parse(params: &Params) -> Result<Search, ApiError> {
    if let Some(text) = params.get("criteria") {
        let expr = criteria::parse(text).map_err(refusal)?;
        if let Some(op) = expr.operator_outside(Op::RECORD_SEARCH) {
            return Err(refusal(CriteriaError::Operator(op.name().to_string())));
        }
        return Ok(Search::Criteria(expr));
    }
    if let Some(email) = params.get("email") {
        return Ok(Search::Email(email.to_string()));
    }
    if let Some(phone) = params.get("phone") {
        return Ok(Search::Phone(phone.to_string()));
    }
    if let Some(word) = params.get("word") {
        return Ok(Search::Word(word.to_string()));
    }
    Err(ApiError::required_param("criteria"))
}

/// Unverified: the code and message Zoho gives a criteria it cannot run (bad syntax, an
/// operator v2 does not list); the emulator answers INVALID_QUERY for all of them.
fn refusal(error: CriteriaError) -> ApiError {
    match error {
        CriteriaError::Syntax(reason) => ApiError::invalid_query(&reason, json!({})),
        CriteriaError::Operator(op) => {
            ApiError::invalid_query("invalid operator found", json!({ "operator": op }))
        }
        CriteriaError::TooMany => ApiError::limit_exceeded("criteria", MAX_CONDITIONS),
    }
}

/// Fields must exist: in the module's layout, or (for fields clients invented) on a record.
fn check_fields(def: &ModuleDef, records: &Records, expr: &Expr) -> Result<(), ApiError> {
    for field in expr.fields() {
        let base = field.split('.').next().unwrap_or(field);
        let known = base == "id"
            || def.field(base).is_some()
            || records.all(def).any(|r| r.fields.contains_key(base));
        if !known {
            return Err(ApiError::invalid_query(
                "the field given seems to be invalid",
                json!({ "api_name": field }),
            ));
        }
    }
    Ok(())
}

fn hit(def: &ModuleDef, record: &Record, search: &Search) -> bool {
    match search {
        Search::Criteria(expr) => expr.matches_with(&record.fields, Equality::Contains),
        Search::Email(email) => fields_of(def, record, |k| k == Kind::Email).any(|v| {
            v.as_str()
                .is_some_and(|s| s.eq_ignore_ascii_case(email.trim()))
        }),
        Search::Phone(phone) => {
            let wanted = digits(phone);
            !wanted.is_empty()
                && fields_of(def, record, |k| k == Kind::Phone)
                    .any(|v| v.as_str().is_some_and(|s| digits(s).contains(&wanted)))
        }
        Search::Word(word) => {
            let word = word.to_lowercase();
            def.all_fields()
                .filter(|f| f.is_textual() || matches!(f.kind, Kind::Lookup(_)))
                .filter_map(|f| record.get(f.api_name))
                .any(|v| searchable_text(v).to_lowercase().contains(&word))
        }
    }
}

fn fields_of<'a>(
    def: &'a ModuleDef,
    record: &'a Record,
    wanted: impl Fn(Kind) -> bool + 'a,
) -> impl Iterator<Item = &'a Value> + 'a {
    def.all_fields()
        .filter(move |f| wanted(f.kind))
        .filter_map(move |f| record.get(f.api_name))
}

fn searchable_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Object(map) => map.get("name").map(searchable_text).unwrap_or_default(),
        other => other.to_string(),
    }
}

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}
