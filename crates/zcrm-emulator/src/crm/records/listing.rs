//! Lists of records (module lists, search hits, related lists): the `converted`, `approved`,
//! `ids` and `If-Modified-Since` filters, sorting, paging, `fields=` and the answer — 200 with
//! `info`, 204 when nothing is left, 304 when nothing changed since the given time.
//!
//! A module's own list (no view criteria) costs what its page costs, whatever the module's
//! size: the records the `converted`/`approved` filters admit, in the order `sort_by` asks,
//! are kept between requests and patched as records change (see `Records::order`), and the
//! page is a slice of them, read backwards for `sort_order=desc`. `ids=` looks each id up.
//! `If-Modified-Since` is answered from the kept bounds of the records' times when every
//! record or none changed since; otherwise it filters every record. Search hits, views with
//! criteria and related lists filter their candidates linearly (Zoho promises nothing more).

use std::cmp::Ordering;

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;

use crate::crm::envelope::{self, ApiError};
use crate::crm::page_token::Tokens;
use crate::crm::paging::Page;
use crate::crm::request;
use crate::crm::schema::ModuleDef;
use crate::params::Params;

use super::render::Rendered;
use super::store::{OrderKey, Record, Records};

/// `true`, `false` or `both` (`converted`, `approved`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tri {
    Only(bool),
    Both,
}

impl Tri {
    fn parse(params: &Params, name: &str, default: bool) -> Result<Tri, ApiError> {
        match params.get(name).map(str::to_ascii_lowercase).as_deref() {
            None => Ok(Tri::Only(default)),
            Some("true") => Ok(Tri::Only(true)),
            Some("false") => Ok(Tri::Only(false)),
            Some("both") => Ok(Tri::Both),
            Some(_) => Err(ApiError::invalid_param(name, &["true", "false", "both"])),
        }
    }

    fn admits(self, value: bool) -> bool {
        match self {
            Tri::Both => true,
            Tri::Only(wanted) => wanted == value,
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct ListQuery {
    pub(crate) page: Page,
    pub(crate) sort_by: Option<String>,
    pub(crate) descending: bool,
    pub(crate) fields: Option<Vec<String>>,
    pub(crate) ids: Option<Vec<String>>,
    pub(crate) converted: Tri,
    pub(crate) approved: Tri,
    pub(crate) since: Option<i64>,
    /// Set on v3+ module lists: their `info` carries page tokens.
    pub(crate) tokens: Option<Tokens>,
}

impl ListQuery {
    /// `sort_key` names the sort parameter (`sort_by`); `None` where Zoho documents no sorting,
    /// and then `sort_order` is not read either.
    pub(crate) fn parse(
        params: &Params,
        headers: &HeaderMap,
        sort_key: Option<&str>,
    ) -> Result<ListQuery, ApiError> {
        let descending = match sort_key
            .and(params.get("sort_order"))
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            None | Some("asc") => false,
            Some("desc") => true,
            Some(_) => return Err(ApiError::invalid_param("sort_order", &["asc", "desc"])),
        };
        Ok(ListQuery {
            page: Page::from_params(params)?,
            sort_by: sort_key.and_then(|key| params.get(key)).map(str::to_string),
            descending,
            fields: params.list("fields"),
            ids: params.list("ids"),
            converted: Tri::parse(params, "converted", false)?,
            approved: Tri::parse(params, "approved", true)?,
            since: request::modified_since(headers),
            tokens: None,
        })
    }
}

/// A list answer. A page is serialised under the state lock, straight from the stored
/// records, so that no copy of them is made.
#[derive(Debug)]
pub(crate) enum Listing {
    NotModified,
    Empty,
    /// The serialised body.
    Page(Vec<u8>),
}

impl IntoResponse for Listing {
    fn into_response(self) -> Response {
        match self {
            Listing::NotModified => {
                let mut response = envelope::no_content();
                *response.status_mut() = StatusCode::NOT_MODIFIED;
                response
            }
            Listing::Empty => envelope::no_content(),
            Listing::Page(body) => envelope::with_body(StatusCode::OK, body),
        }
    }
}

/// A module's own list: every record of `def` is a candidate.
pub(crate) fn list_module(
    def: &'static ModuleDef,
    records: &Records,
    query: &ListQuery,
) -> Listing {
    if let Some(ids) = &query.ids {
        return list(def, records, records.with_ids(def, ids), query);
    }
    let key = OrderKey {
        filter: filter_key(query),
        sort_by: query.sort_by.clone(),
    };
    let order = records.order(def, key, |r| admits(def, r, query));
    let all = records.slice(def);
    let mut changed: Vec<u32>;
    let mut positions = order.positions.as_slice();
    if let Some(since) = query.since {
        let newer = order.modified_after(all, since);
        if newer.is_empty() {
            return Listing::NotModified;
        }
        if newer.len() < positions.len() {
            // Only some records changed since: those, in the list's order. This costs what
            // they cost, not what the module does.
            changed = newer.to_vec();
            changed.sort_by(|&a, &b| order.compare(all, a, b));
            positions = &changed;
        }
    }
    let (start, per_page) = query.page.bounds();
    let start = start.min(positions.len());
    let end = start.saturating_add(per_page).min(positions.len());
    let at = |i: usize| {
        // A descending list is the ascending one reversed, ties included.
        let i = if query.descending {
            positions.len() - 1 - i
        } else {
            i
        };
        all.get(positions[i] as usize)
    };
    let page: Vec<&Record> = (start..end).filter_map(at).collect();
    answer(def, records, &page, end < positions.len(), query)
}

/// Names the filter [`admits`] applies when `ids` is not given.
fn filter_key(query: &ListQuery) -> u8 {
    let code = |tri: Tri| match tri {
        Tri::Only(false) => 0,
        Tri::Only(true) => 1,
        Tri::Both => 2,
    };
    code(query.converted) * 3 + code(query.approved)
}

/// Filters, sorts, pages and renders `candidates`.
pub(crate) fn list(
    def: &'static ModuleDef,
    records: &Records,
    mut candidates: Vec<&Record>,
    query: &ListQuery,
) -> Listing {
    if query.sort_by.is_none() && !query.descending && query.since.is_none() {
        return list_in_order(def, records, &candidates, query);
    }
    candidates.retain(|r| admits(def, r, query));
    if let Some(since) = query.since {
        if candidates.iter().all(|r| r.modified <= since) {
            return Listing::NotModified;
        }
        candidates.retain(|r| r.modified > since);
    }
    if let Some(field) = &query.sort_by {
        candidates.sort_by(|a, b| compare_json(a.get(field), b.get(field)));
        if query.descending {
            candidates.reverse();
        }
    } else if query.descending {
        candidates.reverse();
    }
    let (page, more) = query.page.slice(&candidates);
    answer(def, records, page, more, query)
}

/// Candidates in their stored order (search hits, views, related lists): only the records up
/// to the end of the page (and one more, for `more_records`) are looked at after the
/// candidates were found. Module lists use [`list_module`] instead.
fn list_in_order(
    def: &'static ModuleDef,
    records: &Records,
    candidates: &[&Record],
    query: &ListQuery,
) -> Listing {
    let (start, per_page) = query.page.bounds();
    let mut admitted = candidates
        .iter()
        .copied()
        .filter(|r| admits(def, r, query))
        .skip(start);
    let page: Vec<&Record> = admitted.by_ref().take(per_page).collect();
    let more = admitted.next().is_some();
    answer(def, records, &page, more, query)
}

fn answer(
    def: &'static ModuleDef,
    records: &Records,
    page: &[&Record],
    more: bool,
    query: &ListQuery,
) -> Listing {
    if page.is_empty() {
        return Listing::Empty;
    }
    let data: Vec<Rendered> = page
        .iter()
        .map(|record| Rendered {
            def,
            record,
            records,
            fields: query.fields.as_deref(),
        })
        .collect();
    let mut info = query.page.info(page.len(), more);
    if let Some(tokens) = &query.tokens {
        tokens.extend_info(&mut info, &query.page, page.len(), more);
    }
    let body = PageBody { data, info };
    // Writing JSON values and strings into memory cannot fail (every map key is a string).
    Listing::Page(serde_json::to_vec(&body).unwrap_or_default())
}

/// `{"data": [...], "info": {...}}`
#[derive(Serialize)]
struct PageBody<'a> {
    data: Vec<Rendered<'a>>,
    info: Value,
}

fn admits(def: &ModuleDef, record: &Record, query: &ListQuery) -> bool {
    let converted = def.api_name == "Leads" && record.is_converted();
    let approved = record.get("$approved") != Some(&Value::Bool(false));
    let wanted = query
        .ids
        .as_ref()
        .is_none_or(|ids| ids.iter().any(|id| id == record.id()));
    (def.api_name != "Leads" || query.converted.admits(converted))
        && query.approved.admits(approved)
        && wanted
}

/// Sort order of field values: numbers by value, text without case, lookups by name;
/// empty values last.
pub(crate) fn compare_json(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(a), Some(b)) => compare_present(a, b),
    }
}

fn compare_present(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Object(_), Value::Object(_)) => compare_json(a.get("name"), b.get("name")),
        // What `sort_text` gives, without allocating: ASCII lower-cases byte by byte.
        (Value::String(x), Value::String(y)) if x.is_ascii() && y.is_ascii() => x
            .bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(y.bytes().map(|c| c.to_ascii_lowercase())),
        _ => sort_text(a).cmp(&sort_text(b)),
    }
}

fn sort_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.to_lowercase(),
        other => other.to_string().to_lowercase(),
    }
}
