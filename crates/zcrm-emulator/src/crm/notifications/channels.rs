//! The enabled notification channels and the record changes waiting to be sent to them.
//!
//! A channel is what one `channel_id` was enabled with: a notify URL, a token, an expiry and,
//! per module, the operations it watches. Zoho lists and answers per (channel, module), each
//! with the module's `resource_id` and `resource_uri` (get-details.html), so that is the shape
//! kept here.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use crate::clock;
use crate::crm::schema::ModuleDef;

/// "Maximum of only one day from the time they were enabled" (enable.html).
pub(crate) const MAX_LIFETIME_SECS: i64 = 86_400;
/// "If it is not specified or set for more than a day, the default expiry time is for one
/// hour" (enable.html).
pub(crate) const DEFAULT_LIFETIME_SECS: i64 = 3_600;

/// What Zoho names each operation: `create`/`edit`/`delete` in events (enable.html), and
/// `insert`/`update`/`delete` in the callback's `operation` (enable.html, "To get
/// notification on a URL").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Operation {
    Create,
    Edit,
    Delete,
}

impl Operation {
    pub(crate) const ALL: [Operation; 3] = [Operation::Create, Operation::Edit, Operation::Delete];

    pub(crate) fn event_name(self) -> &'static str {
        match self {
            Operation::Create => "create",
            Operation::Edit => "edit",
            Operation::Delete => "delete",
        }
    }

    pub(crate) fn callback_name(self) -> &'static str {
        match self {
            Operation::Create => "insert",
            Operation::Edit => "update",
            Operation::Delete => "delete",
        }
    }

    /// The operations an event's suffix stands for (`all` is all three).
    pub(crate) fn parse(name: &str) -> Option<Vec<Operation>> {
        match name {
            "all" => Some(Operation::ALL.to_vec()),
            _ => Operation::ALL
                .into_iter()
                .find(|op| op.event_name() == name)
                .map(|op| vec![op]),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Channel {
    pub(crate) notify_url: String,
    pub(crate) token: Option<String>,
    pub(crate) expiry: i64,
    /// Module API name → what is watched on it.
    pub(crate) modules: BTreeMap<&'static str, Watched>,
}

#[derive(Debug, Clone)]
pub(crate) struct Watched {
    pub(crate) def: &'static ModuleDef,
    pub(crate) operations: BTreeSet<Operation>,
}

/// One record change, as the writer saw it.
#[derive(Debug, Clone)]
pub(crate) struct Change {
    pub(crate) module: &'static str,
    pub(crate) operation: Operation,
    pub(crate) id: String,
    /// For an edit: the fields the request set.
    pub(crate) fields: Vec<String>,
}

/// One callback to send: where, and the JSON body.
#[derive(Debug, Clone)]
pub(crate) struct Callback {
    pub(crate) url: String,
    pub(crate) body: Value,
}

#[derive(Debug, Default)]
pub(crate) struct Channels {
    channels: BTreeMap<u64, Channel>,
    outbox: Vec<Change>,
}

impl Channels {
    pub(crate) fn get(&self, id: u64) -> Option<&Channel> {
        self.channels.get(&id)
    }

    pub(crate) fn put(&mut self, id: u64, channel: Channel) {
        self.channels.insert(id, channel);
    }

    pub(crate) fn remove(&mut self, id: u64) -> Option<Channel> {
        self.channels.remove(&id)
    }

    /// Live channels, oldest id first; expired ones are forgotten first (Zoho stops
    /// notifying after the expiry: enable.html).
    pub(crate) fn live(&mut self, now: i64) -> impl Iterator<Item = (&u64, &Channel)> {
        self.channels.retain(|_, channel| channel.expiry > now);
        self.channels.iter()
    }

    /// Notes a change, when a channel could care (nothing is kept otherwise, so writes cost
    /// nothing while no channel is enabled).
    pub(crate) fn record(&mut self, change: Change) {
        let watched = self
            .channels
            .values()
            .any(|c| c.modules.contains_key(change.module));
        if watched {
            self.outbox.push(change);
        }
    }

    /// Drops the changes noted for a record a failed request took back (a lead conversion
    /// that failed half-way): nobody is told about a record that never was.
    pub(crate) fn forget(&mut self, id: &str) {
        self.outbox.retain(|change| change.id != id);
    }

    /// The callbacks for the changes noted since the last call: one per channel, module and
    /// operation, holding every id the request changed (Zoho sends `ids` as a list).
    pub(crate) fn take_callbacks(&mut self, base_url: &str, now: i64) -> Vec<Callback> {
        if self.outbox.is_empty() {
            return Vec::new();
        }
        let changes = std::mem::take(&mut self.outbox);
        let mut grouped: BTreeMap<(&'static str, Operation), Vec<&Change>> = BTreeMap::new();
        for change in &changes {
            grouped
                .entry((change.module, change.operation))
                .or_default()
                .push(change);
        }
        let mut callbacks = Vec::new();
        for (id, channel) in self.live(now) {
            for ((module, operation), changes) in &grouped {
                let watches = channel
                    .modules
                    .get(module)
                    .is_some_and(|w| w.operations.contains(operation));
                if watches {
                    callbacks.push(Callback {
                        url: channel.notify_url.clone(),
                        body: callback_body(*id, channel, module, *operation, changes, base_url),
                    });
                }
            }
        }
        callbacks
    }
}

/// The body Zoho POSTs to the notify URL (enable.html, "To get notification on a URL"):
/// `server_time` (milliseconds), `query_params` (the notify URL's query), `module`,
/// `resource_uri`, `ids`, `affected_fields`, `operation`, `channel_id` and `token`.
/// Unverified: `channel_id` is sent as a number (the docs call it a long) and
/// `affected_fields` as `[{"<id>": [fields]}]` for updates, `[]` otherwise.
fn callback_body(
    id: u64,
    channel: &Channel,
    module: &str,
    operation: Operation,
    changes: &[&Change],
    base_url: &str,
) -> Value {
    let ids: Vec<&str> = changes.iter().map(|c| c.id.as_str()).collect();
    let affected: Vec<Value> = match operation {
        Operation::Edit => changes.iter().map(|c| json!({ &c.id: c.fields })).collect(),
        _ => Vec::new(),
    };
    json!({
        "server_time": clock::now_unix().saturating_mul(1000),
        "query_params": query_params(&channel.notify_url),
        "module": module,
        "resource_uri": format!("{base_url}/crm/v2/{module}"),
        "ids": ids,
        "affected_fields": affected,
        "operation": operation.callback_name(),
        "channel_id": id,
        "token": channel.token,
    })
}

fn query_params(url: &str) -> Value {
    let query = url.split_once('?').map(|(_, q)| q).unwrap_or("");
    let pairs = crate::params::parse_urlencoded(query);
    Value::Object(
        pairs
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect(),
    )
}
