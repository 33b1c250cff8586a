//! `/crm/v2/actions/watch`: instant notification channels, and the callbacks they send.
//!
//! Sources (Zoho CRM API v2, Notification APIs):
//! - overview: <https://www.zoho.com/crm/developer/docs/api/v2/notifications/overview.html>
//! - enable (POST): <https://www.zoho.com/crm/developer/docs/api/v2/notifications/enable.html>
//! - details (GET): <https://www.zoho.com/crm/developer/docs/api/v2/notifications/get-details.html>
//! - update (PUT): <https://www.zoho.com/crm/developer/docs/api/v2/notifications/update-details.html>
//! - disable events (PATCH, `_delete_events`):
//!   <https://www.zoho.com/crm/developer/docs/api/v2/notifications/specific-disable.html>
//! - disable channels (DELETE `?channel_ids=`):
//!   <https://www.zoho.com/crm/developer/docs/api/v2/notifications/disable.html>
//!
//! Documented and modelled: the `watch` envelope; mandatory `channel_id`, `events`,
//! `notify_url` (MANDATORY_NOT_FOUND); `token` of at most 50 characters; `channel_expiry` at
//! most one day ahead, one hour when absent or later; events `Module.create|edit|delete|all`
//! on the supported modules; `all` listed as its three operations; per-(channel, module)
//! entries with `resource_id`/`resource_uri`/`resource_name`; PUT replaces what it does not
//! send; PATCH without `"_delete_events": true` disables nothing; no callback after the expiry.
//! Unverified (the docs are silent; the emulator picks the answer harder on the client): a
//! token over 50 characters, a malformed event, URL or expiry, an expiry in the past, a PUT or
//! PATCH or DELETE of a channel that does not exist are per-channel INVALID_DATA errors; expired
//! channels leave the listing; an empty listing is a 204.

mod channels;
mod deliver;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use crate::clock;
use crate::crm::auth::Caller;
use crate::crm::envelope::{self, ApiError};
use crate::crm::paging::Page;
use crate::crm::request::id_of;
use crate::crm::results;
use crate::crm::schema::{self, ModuleDef};
use crate::params::Params;
use crate::state::{Shared, State as Crm};

pub(crate) use channels::{Callback, Change, Channels, Operation};
use channels::{Channel, Watched, DEFAULT_LIFETIME_SECS, MAX_LIFETIME_SECS};

const KEY: &str = "watch";
/// Zoho documents no cap on channels per request; its batch writes take 100.
const MAX_CHANNELS: usize = 100;
/// "The maximum character length is 50" (enable.html).
const MAX_TOKEN_CHARS: usize = 50;
/// "Supported modules" (enable.html, v2.1 and later pages; v2 names the same standard ones).
const SUPPORTED: [&str; 17] = [
    "Leads",
    "Accounts",
    "Contacts",
    "Deals",
    "Campaigns",
    "Tasks",
    "Cases",
    "Events",
    "Calls",
    "Solutions",
    "Products",
    "Vendors",
    "Price_Books",
    "Quotes",
    "Sales_Orders",
    "Purchase_Orders",
    "Invoices",
];

/// The callbacks for the record changes the last write noted, taken under the state lock
/// the writer holds; [`send`] them once it is released.
pub(crate) fn callbacks(state: &mut Crm, base_url: &str) -> Vec<Callback> {
    state
        .crm
        .notifications
        .take_callbacks(base_url, clock::now_unix())
}

/// POSTs `callbacks` to their notify URLs, in the background.
pub(crate) fn send(callbacks: Vec<Callback>) {
    deliver::send(callbacks);
}

/// POST: enable channels (a known `channel_id` gains the events and takes the new settings).
/// 201 Created, as Zoho's Postman collection for the Notification APIs shows; unverified for v2.
pub(crate) async fn enable(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    body: Bytes,
) -> Result<Response, ApiError> {
    write(&shared, &body, StatusCode::CREATED, |state, base, item| {
        let (id, mut channel) = parse_channel(item)?;
        if let Some(old) = state.crm.notifications.get(id) {
            for (module, watched) in &old.modules {
                let merged = channel
                    .modules
                    .entry(module)
                    .or_insert_with(|| watched.clone());
                merged.operations.extend(watched.operations.iter().copied());
            }
        }
        let answer = subscribed(id, &channel, base);
        state.crm.notifications.put(id, channel);
        Ok(results::success(
            "Successfully subscribed for actions-watch of the given module",
            answer,
        ))
    })
}

/// PUT: "All the provided details would be persisted and rest of the details would be
/// removed" (update-details.html).
pub(crate) async fn update(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    body: Bytes,
) -> Result<Response, ApiError> {
    write(&shared, &body, StatusCode::OK, |state, base, item| {
        let (id, channel) = parse_channel(item)?;
        existing(state, id)?;
        let answer = subscribed(id, &channel, base);
        state.crm.notifications.put(id, channel);
        Ok(results::success(
            "Successfully updated the subscribe details",
            answer,
        ))
    })
}

/// PATCH with `"_delete_events": true`: stops the given events of a channel; a channel left
/// with none is disabled.
pub(crate) async fn disable_events(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    body: Bytes,
) -> Result<Response, ApiError> {
    write(&shared, &body, StatusCode::OK, |state, base, item| {
        let id = channel_id(item)?;
        let events = events(item)?;
        let mut channel = existing(state, id)?;
        let deleting = item.get("_delete_events").and_then(Value::as_bool) == Some(true);
        if deleting {
            for (module, watched) in &events {
                if let Some(kept) = channel.modules.get_mut(module) {
                    kept.operations
                        .retain(|op| !watched.operations.contains(op));
                }
            }
            channel.modules.retain(|_, w| !w.operations.is_empty());
        }
        let answer = subscribed(id, &channel, base);
        if channel.modules.is_empty() {
            state.crm.notifications.remove(id);
        } else {
            state.crm.notifications.put(id, channel);
        }
        Ok(results::success(
            "Successfully un-subscribed from actions-watch",
            answer,
        ))
    })
}

/// DELETE `?channel_ids=a,b`: one result per module each channel watched.
pub(crate) async fn disable(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let ids = Params::from_query(query.as_deref())
        .list("channel_ids")
        .ok_or_else(|| ApiError::required_param("channel_ids"))?;
    if ids.len() > MAX_CHANNELS {
        return Err(ApiError::limit_exceeded("channel_ids", MAX_CHANNELS));
    }
    let base = &shared.config.base_url;
    let results = {
        let mut state = shared.lock();
        ids.iter()
            .flat_map(|id| unsubscribe(&mut state, base, id))
            .collect()
    };
    Ok(results::respond(
        KEY,
        results,
        shared.config.statuses(StatusCode::OK),
    ))
}

/// GET `?page&per_page&channel_id&module`: one entry per live (channel, module). The page
/// calls `channel_id` mandatory, yet its sample request sends none: it is optional here.
pub(crate) async fn list(
    State(shared): State<Arc<Shared>>,
    _caller: Caller,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::from_query(query.as_deref());
    let page = Page::from_params(&params)?;
    let wanted_channel = params.get("channel_id");
    let wanted_module = params.get("module");
    let base = &shared.config.base_url;
    let entries: Vec<Value> = {
        let mut state = shared.lock();
        state
            .crm
            .notifications
            .live(clock::now_unix())
            .filter(|(id, _)| wanted_channel.is_none_or(|w| w == id.to_string()))
            .flat_map(|(id, channel)| {
                channel
                    .modules
                    .values()
                    .filter(|w| {
                        wanted_module.is_none_or(|m| m.eq_ignore_ascii_case(w.def.api_name))
                    })
                    .map(|w| details(*id, channel, w, base))
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    if entries.is_empty() {
        return Ok(envelope::no_content());
    }
    let (slice, more) = page.slice(&entries);
    let body = json!({ KEY: slice, "info": page.info(slice.len(), more) });
    Ok(envelope::json(StatusCode::OK, &body))
}

/// Runs `apply` on each channel of the body under one lock; per-channel results.
fn write(
    shared: &Shared,
    body: &[u8],
    success: StatusCode,
    mut apply: impl FnMut(&mut Crm, &str, &Value) -> Result<Value, Value>,
) -> Result<Response, ApiError> {
    let base = shared.config.base_url.clone();
    results::write_each(shared, body, KEY, MAX_CHANNELS, success, |state, item| {
        apply(state, &base, item).unwrap_or_else(|error| error)
    })
}

fn existing(state: &Crm, id: u64) -> Result<Channel, Value> {
    state.crm.notifications.get(id).cloned().ok_or_else(|| {
        results::invalid_data(json!({"api_name": "channel_id", "channel_id": id.to_string()}))
    })
}

fn unsubscribe(state: &mut Crm, base: &str, id: &str) -> Vec<Value> {
    let channel = id.parse::<u64>().ok().and_then(|n| {
        state
            .crm
            .notifications
            .remove(n)
            .map(|channel| (n, channel))
    });
    let Some((n, channel)) = channel else {
        return vec![results::invalid_data(json!({"channel_id": id}))];
    };
    channel
        .modules
        .values()
        .map(|w| {
            results::success(
                "Successfully un-subscribed from actions-watch",
                json!({
                    "resource_uri": resource_uri(base, w.def),
                    "resource_id": w.def.id(),
                    "channel_id": n.to_string(),
                }),
            )
        })
        .collect()
}

/// A channel of a POST or PUT body, or the per-channel error.
fn parse_channel(item: &Value) -> Result<(u64, Channel), Value> {
    let id = channel_id(item)?;
    let modules = events(item)?;
    let notify_url = match item.get("notify_url") {
        None | Some(Value::Null) => return Err(results::mandatory_missing("notify_url")),
        Some(Value::String(url)) if is_http_url(url) => url.trim().to_string(),
        Some(_) => return Err(invalid("notify_url")),
    };
    let token = match item.get("token") {
        None | Some(Value::Null) => None,
        Some(Value::String(t)) if t.chars().count() <= MAX_TOKEN_CHARS => Some(t.clone()),
        Some(_) => return Err(invalid("token")),
    };
    let expiry = expiry(item.get("channel_expiry"))?;
    Ok((
        id,
        Channel {
            notify_url,
            token,
            expiry,
            modules,
        },
    ))
}

fn channel_id(item: &Value) -> Result<u64, Value> {
    let Some(raw) = item.get("channel_id").filter(|v| !v.is_null()) else {
        return Err(results::mandatory_missing("channel_id"));
    };
    id_of(raw)
        .and_then(|id| id.parse::<u64>().ok())
        .ok_or_else(|| invalid("channel_id"))
}

/// `events`, grouped by module: `["Deals.all", "Leads.create"]`.
fn events(item: &Value) -> Result<BTreeMap<&'static str, Watched>, Value> {
    let list = match item.get("events") {
        None | Some(Value::Null) => return Err(results::mandatory_missing("events")),
        Some(Value::Array(list)) if !list.is_empty() => list,
        Some(_) => return Err(invalid("events")),
    };
    let mut modules: BTreeMap<&'static str, Watched> = BTreeMap::new();
    for event in list {
        let (def, operations) = event
            .as_str()
            .and_then(parse_event)
            .ok_or_else(|| invalid("events"))?;
        modules
            .entry(def.api_name)
            .or_insert_with(|| Watched {
                def,
                operations: BTreeSet::new(),
            })
            .operations
            .extend(operations);
    }
    Ok(modules)
}

fn parse_event(event: &str) -> Option<(&'static ModuleDef, Vec<Operation>)> {
    let (module, operation) = event.split_once('.')?;
    let def = schema::record_module(module).ok()?;
    SUPPORTED.contains(&def.api_name).then_some(())?;
    Some((def, Operation::parse(operation)?))
}

/// The expiry asked for, or one hour from now when absent or more than a day ahead.
fn expiry(value: Option<&Value>) -> Result<i64, Value> {
    let now = clock::now_unix();
    let default = now + DEFAULT_LIFETIME_SECS;
    let asked = match value {
        None | Some(Value::Null) => return Ok(default),
        Some(Value::String(text)) => {
            clock::parse_iso(text).ok_or_else(|| invalid("channel_expiry"))?
        }
        Some(_) => return Err(invalid("channel_expiry")),
    };
    if asked <= now {
        return Err(invalid("channel_expiry"));
    }
    Ok(if asked - now > MAX_LIFETIME_SECS {
        default
    } else {
        asked
    })
}

fn invalid(api_name: &str) -> Value {
    results::invalid_data(json!({ "api_name": api_name }))
}

fn is_http_url(url: &str) -> bool {
    let url = url.trim();
    ["http://", "https://"].iter().any(|scheme| {
        url.strip_prefix(scheme)
            .is_some_and(|rest| !rest.is_empty())
    })
}

fn resource_uri(base: &str, def: &ModuleDef) -> String {
    format!("{base}/crm/v2/{}", def.api_name)
}

/// `details` of an enable/update answer (enable.html sample response).
fn subscribed(id: u64, channel: &Channel, base: &str) -> Value {
    let events: Vec<Value> = channel
        .modules
        .values()
        .map(|w| {
            json!({
                "channel_expiry": clock::iso_at(channel.expiry),
                "resource_uri": resource_uri(base, w.def),
                "resource_id": w.def.id(),
                "resource_name": w.def.api_name,
                "channel_id": id.to_string(),
            })
        })
        .collect();
    json!({ "events": events })
}

/// One entry of the listing (get-details.html sample response).
fn details(id: u64, channel: &Channel, watched: &Watched, base: &str) -> Value {
    let events: Vec<String> = watched
        .operations
        .iter()
        .map(|op| format!("{}.{}", watched.def.api_name, op.event_name()))
        .collect();
    json!({
        "channel_expiry": clock::iso_at(channel.expiry),
        "resource_uri": resource_uri(base, watched.def),
        "resource_id": watched.def.id(),
        "notify_url": channel.notify_url,
        "resource_name": watched.def.api_name,
        "channel_id": id.to_string(),
        "events": events,
        "token": channel.token,
    })
}
