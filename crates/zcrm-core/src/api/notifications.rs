//! `/crm/v2/actions/watch`: instant notification channels (enable, list, update, disable).
//!
//! Zoho's Notification APIs
//! (https://www.zoho.com/crm/developer/docs/api/v2/notifications/overview.html):
//!
//! - enable: `POST actions/watch` with `{"watch": [channel…]}`
//!   (https://www.zoho.com/crm/developer/docs/api/v2/notifications/enable.html). A channel has
//!   `channel_id` (a long), `events` (`"{module_api_name}.{operation}"`, operation one of
//!   `create`, `edit`, `delete`, `all`), `notify_url`, and optionally `token` (at most 50
//!   characters, sent back in every callback) and `channel_expiry` (ISO date-time, at most one
//!   day ahead; later or absent means one hour).
//! - list: `GET actions/watch?page&per_page&channel_id&module`
//!   (https://www.zoho.com/crm/developer/docs/api/v2/notifications/get-details.html).
//! - update: `PUT actions/watch`, same body as enable; what is not sent is removed
//!   (https://www.zoho.com/crm/developer/docs/api/v2/notifications/update-details.html).
//! - disable some events: `PATCH actions/watch` with `channel_id`, `events` and
//!   `"_delete_events": true`
//!   (https://www.zoho.com/crm/developer/docs/api/v2/notifications/specific-disable.html).
//! - disable channels: `DELETE actions/watch?channel_ids=a,b`
//!   (https://www.zoho.com/crm/developer/docs/api/v2/notifications/disable.html).
//!
//! Each answer lists its results under `watch`. The channel's expiry limit depends on the
//! clock, so it is checked by the Ruby layer (lib/zcrmsdk/notifications); everything else
//! Zoho documents about a channel is checked here, before anything is sent.

use serde_json::{json, Map, Value};

use super::args::{self, optional_count, optional_id, optional_name, Limit, Rule};
use super::{Method, RequestSpec, ResponseKind};
use crate::error::{Error, Result};

const KEY: &str = "watch";
const PATH: &str = "actions/watch";

/// Zoho documents no cap on channels per request; 100 is the cap of its other batch writes.
/// Unverified: chosen so that one request never carries an unbounded body.
const CHANNELS: Limit = Limit {
    max: 100,
    none: Rule::new("NO CHANNELS PROVIDED", "channel count must be at least 1"),
    more: Rule::new(
        "MORE CHANNELS PROVIDED",
        "channel count must be less than or equals to 100",
    ),
};
const CHANNEL_IDS: Limit = Limit {
    max: 100,
    none: Rule::new("NO CHANNELS PROVIDED", "channel count must be at least 1"),
    more: Rule::new(
        "MORE CHANNELS PROVIDED",
        "channel count must be less than or equals to 100",
    ),
};

/// "The maximum character length is 50" (enable.html, `token`).
pub const MAX_TOKEN_CHARS: usize = 50;
/// The operations an event may name (enable.html, `events`).
pub const OPERATIONS: [&str; 4] = ["create", "edit", "delete", "all"];

pub fn build(action: &str, args: &Value) -> Option<Result<RequestSpec>> {
    Some(match action {
        "enable" => write(Method::Post, args),
        "update" => write(Method::Put, args),
        "list" => list(args),
        "disable_events" => disable_events(args),
        "disable" => disable(args),
        _ => return None,
    })
}

/// POST (enable) or PUT (update) actions/watch with `{"watch": channels}`.
fn write(method: Method, args: &Value) -> Result<RequestSpec> {
    let channels = args::counted_objs(args, KEY, &CHANNELS)?;
    for channel in &channels {
        check_channel(channel)?;
    }
    Ok(RequestSpec::new(method, PATH, KEY, ResponseKind::Bulk).json(args::wrapped(KEY, channels)))
}

/// GET actions/watch?page&per_page&channel_id&module
fn list(args: &Value) -> Result<RequestSpec> {
    Ok(RequestSpec::get(PATH, KEY, ResponseKind::Bulk)
        .param("page", optional_count(args, "page")?)
        .param("per_page", optional_count(args, "per_page")?)
        .param("channel_id", optional_id(args, "channel_id")?)
        .param("module", optional_name(args, "module")?))
}

/// PATCH actions/watch with `{"watch": [{channel_id, events, "_delete_events": true}]}`.
fn disable_events(args: &Value) -> Result<RequestSpec> {
    let channel_id = channel_id(args)?;
    let events = events(args)?;
    let body = json!({ KEY: [{
        "channel_id": channel_id,
        "events": events,
        "_delete_events": true,
    }]});
    Ok(RequestSpec::new(Method::Patch, PATH, KEY, ResponseKind::Bulk).json(body))
}

/// DELETE actions/watch?channel_ids=a,b
fn disable(args: &Value) -> Result<RequestSpec> {
    let ids = args::counted_ids(args, "channel_ids", &CHANNEL_IDS)?;
    Ok(
        RequestSpec::new(Method::Delete, PATH, KEY, ResponseKind::Bulk)
            .param("channel_ids", Some(ids.join(","))),
    )
}

/// What enable.html makes mandatory, and the token's length.
fn check_channel(channel: &Value) -> Result<()> {
    channel_id(channel)?;
    events(channel)?;
    let notify_url = channel.get("notify_url").and_then(Value::as_str);
    if notify_url.is_none_or(|url| !is_http_url(url)) {
        return Err(invalid(
            "notify_url",
            "an http(s) URL Zoho will POST each notification to",
        ));
    }
    if let Some(token) = channel.get("token").filter(|t| !t.is_null()) {
        let length = token.as_str().map(|t| t.chars().count());
        if length.is_none_or(|n| n > MAX_TOKEN_CHARS) {
            return Err(invalid(
                "token",
                "a String of at most 50 characters (Zoho's limit)",
            ));
        }
    }
    if let Some(expiry) = channel.get("channel_expiry").filter(|e| !e.is_null()) {
        if expiry.as_str().is_none_or(|e| e.trim().is_empty()) {
            return Err(invalid(
                "channel_expiry",
                "an ISO-8601 date-time with offset, like 2019-07-25T15:26:49+05:30",
            ));
        }
    }
    Ok(())
}

fn channel_id(channel: &Value) -> Result<String> {
    let id = optional_id(channel, "channel_id")?;
    let numeric = id.filter(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()));
    numeric.ok_or_else(|| {
        invalid(
            "channel_id",
            "a number (a long) you choose to name the channel",
        )
    })
}

/// The `events` list: `Module.operation` Strings, at least one.
fn events(channel: &Value) -> Result<Vec<String>> {
    let expected = "a non-empty Array of \"Module_API_Name.operation\" Strings, \
                    operation one of create, edit, delete, all (e.g. \"Deals.create\")";
    let events = args::strs(channel, "events")
        .map_err(|_| invalid("events", expected))?
        .unwrap_or_default();
    if events.is_empty() || !events.iter().all(|event| is_event(event)) {
        return Err(invalid("events", expected));
    }
    Ok(events)
}

fn is_event(event: &str) -> bool {
    event.split_once('.').is_some_and(|(module, operation)| {
        !module.is_empty()
            && !module.contains(char::is_whitespace)
            && OPERATIONS.contains(&operation)
    })
}

fn is_http_url(url: &str) -> bool {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|rest| !rest.is_empty())
}

fn invalid(arg: &str, expected: &str) -> Error {
    Error::invalid_argument("INVALID CHANNEL", format!("{arg} must be {expected}"))
}

/// The body of one channel, for Rust callers: `token` and `channel_expiry` left out when
/// absent.
pub fn channel(
    channel_id: &str,
    events: &[&str],
    notify_url: &str,
    token: Option<&str>,
    channel_expiry: Option<&str>,
) -> Value {
    let mut body = Map::new();
    body.insert("channel_id".into(), json!(channel_id));
    body.insert("events".into(), json!(events));
    body.insert("notify_url".into(), json!(notify_url));
    if let Some(token) = token {
        body.insert("token".into(), json!(token));
    }
    if let Some(expiry) = channel_expiry {
        body.insert("channel_expiry".into(), json!(expiry));
    }
    Value::Object(body)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::channel;
    use crate::api::test_support::{assert_errors, assert_specs, expect, json as body, texts};
    use crate::api::{Body, Method::*, ResponseKind::*};

    #[test]
    fn requests() {
        let deals = channel(
            "1000000068001",
            &["Deals.all", "Leads.create"],
            "https://example.com/zoho?k=v",
            Some("secret"),
            Some("2026-01-01T10:00:00+05:30"),
        );
        assert_specs(vec![
            (
                "notifications.enable",
                json!({ "watch": [deals] }),
                expect(
                    Post,
                    "actions/watch",
                    &[],
                    body(json!({ "watch": [deals] })),
                    "watch",
                    Bulk,
                ),
            ),
            (
                "notifications.update",
                json!({ "watch": [deals] }),
                expect(
                    Put,
                    "actions/watch",
                    &[],
                    body(json!({ "watch": [deals] })),
                    "watch",
                    Bulk,
                ),
            ),
            (
                "notifications.list",
                json!({"page": 2, "per_page": 50, "channel_id": 7, "module": "Deals"}),
                expect(
                    Get,
                    "actions/watch",
                    &[
                        ("page", "2"),
                        ("per_page", "50"),
                        ("channel_id", "7"),
                        ("module", "Deals"),
                    ],
                    Body::None,
                    "watch",
                    Bulk,
                ),
            ),
            (
                "notifications.disable_events",
                json!({"channel_id": "7", "events": ["Deals.edit"]}),
                expect(
                    Patch,
                    "actions/watch",
                    &[],
                    body(json!({"watch": [{
                        "channel_id": "7", "events": ["Deals.edit"], "_delete_events": true
                    }]})),
                    "watch",
                    Bulk,
                ),
            ),
            (
                "notifications.disable",
                json!({"channel_ids": ["7", 8]}),
                expect(
                    Delete,
                    "actions/watch",
                    &[("channel_ids", "7,8")],
                    Body::None,
                    "watch",
                    Bulk,
                ),
            ),
        ]);
    }

    #[test]
    fn channels_are_checked_before_sending() {
        let valid = || channel("7", &["Deals.all"], "https://example.com/z", None, None);
        let with = |key: &str, value: serde_json::Value| {
            let mut channel = valid();
            channel[key] = value;
            json!({ "watch": [channel] })
        };
        assert_errors(vec![
            (
                "notifications.enable",
                json!({}),
                "NO CHANNELS PROVIDED",
                "watch",
            ),
            (
                "notifications.enable",
                json!({"watch": crate::api::test_support::objects(101)}),
                "MORE CHANNELS PROVIDED",
                "watch",
            ),
            (
                "notifications.enable",
                with("channel_id", json!("abc")),
                "INVALID CHANNEL",
                "channel_id",
            ),
            (
                "notifications.enable",
                with("channel_id", json!(null)),
                "INVALID CHANNEL",
                "channel_id",
            ),
            (
                "notifications.enable",
                with("events", json!([])),
                "INVALID CHANNEL",
                "events",
            ),
            (
                "notifications.enable",
                with("events", json!(["Deals"])),
                "INVALID CHANNEL",
                "events",
            ),
            (
                "notifications.update",
                with("events", json!(["Deals.update"])),
                "INVALID CHANNEL",
                "events",
            ),
            (
                "notifications.enable",
                with("notify_url", json!("ftp://x")),
                "INVALID CHANNEL",
                "notify_url",
            ),
            (
                "notifications.enable",
                with("notify_url", json!(null)),
                "INVALID CHANNEL",
                "notify_url",
            ),
            (
                "notifications.enable",
                with("token", json!("x".repeat(51))),
                "INVALID CHANNEL",
                "at most 50",
            ),
            (
                "notifications.enable",
                with("token", json!(5)),
                "INVALID CHANNEL",
                "token",
            ),
            (
                "notifications.enable",
                with("channel_expiry", json!(5)),
                "INVALID CHANNEL",
                "channel_expiry",
            ),
            (
                "notifications.disable",
                json!({}),
                "NO CHANNELS PROVIDED",
                "channel_ids",
            ),
            (
                "notifications.disable",
                json!({"channel_ids": texts(101)}),
                "MORE CHANNELS PROVIDED",
                "channel_ids",
            ),
            (
                "notifications.disable_events",
                json!({"channel_id": "7"}),
                "INVALID CHANNEL",
                "events",
            ),
            (
                "notifications.nope",
                json!({}),
                "UNKNOWN OPERATION",
                "notifications.nope",
            ),
        ]);
    }

    #[test]
    fn a_token_of_fifty_characters_is_accepted() {
        let token = "x".repeat(50);
        let channel = channel(
            "7",
            &["Leads.edit"],
            "http://127.0.0.1:9/n",
            Some(&token),
            None,
        );
        assert!(crate::api::build("notifications.enable", &json!({ "watch": [channel] })).is_ok());
    }
}
