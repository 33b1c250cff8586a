//! Inserting and updating one record: the incoming JSON is checked field by field, merged
//! over the stored record, completed (derived fields, mandatory fields, unique fields) and
//! stamped with who changed it and when. Failures are the per-record errors Zoho puts in
//! `data[]`.

use serde_json::{json, Map, Value};

use crate::clock;
use crate::crm::actor::Actor;
use crate::crm::notifications::{Change, Operation};
use crate::crm::results;
use crate::crm::schema::{Kind, ModuleDef};
use crate::crm::tags::actions::tag_on_write;
use crate::state::State;

use super::fields::{self, Base, Fields};
use super::store::Record;
use super::values::{self, as_f64, float, Lookups};

/// Keys the server owns; clients may send them back (the legacy gem echoes whole records) and
/// they are ignored, as Zoho does.
const SYSTEM_KEYS: [&str; 3] = ["id", "Layout", "Record_Image"];

pub(crate) struct Writer<'a> {
    pub(crate) state: &'a mut State,
    /// `Module.Field` names that must hold unique values (`Options::unique_fields`).
    unique: &'a [String],
    pub(crate) actor: Actor,
    pub(crate) now: i64,
}

impl<'a> Writer<'a> {
    pub(crate) fn new(state: &'a mut State, unique: &'a [String], actor: Actor) -> Self {
        Writer {
            state,
            unique,
            actor,
            now: clock::now_unix(),
        }
    }

    /// Adds a record; its id, or the per-record error.
    pub(crate) fn insert(
        &mut self,
        def: &'static ModuleDef,
        input: &Value,
    ) -> Result<String, Value> {
        let mut fields = self.prepare(def, input, None)?;
        let tags = self.tags(def, Vec::new(), input)?;
        let id = self.state.ids.next_id();
        fields.insert("id".to_string(), Value::String(id.clone()));
        self.stamp_new(def, &mut fields);
        fields.insert("Tag".to_string(), Value::Array(tags));
        self.finish(def, fields);
        self.noted(def, Operation::Create, &id, Vec::new());
        Ok(id)
    }

    pub(crate) fn update(
        &mut self,
        def: &'static ModuleDef,
        id: &str,
        input: &Value,
    ) -> Result<String, Value> {
        let existing = self
            .state
            .crm
            .records
            .get(def, id)
            .map(|r| r.fields.to_map())
            .ok_or_else(|| results::invalid_id(id))?;
        let carried = existing
            .get("Tag")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut fields = self.prepare(def, input, Some(existing))?;
        let tags = self.tags(def, carried, input)?;
        fields.insert("Tag".to_string(), Value::Array(tags));
        fields.insert("Modified_By".to_string(), self.actor.user_json());
        self.finish(def, fields);
        self.noted(def, Operation::Edit, id, changed_fields(input));
        Ok(id.to_string())
    }

    /// Tells the notification channels about a change (sent once the write is over).
    pub(crate) fn noted(
        &mut self,
        def: &'static ModuleDef,
        operation: Operation,
        id: &str,
        fields: Vec<String>,
    ) {
        self.state.crm.notifications.record(Change {
            module: def.api_name,
            operation,
            id: id.to_string(),
            fields,
        });
    }

    /// The record's tags after a write that may name some in `Tag`; an update adds to them.
    fn tags(
        &mut self,
        def: &'static ModuleDef,
        current: Vec<Value>,
        input: &Value,
    ) -> Result<Vec<Value>, Value> {
        match input.get("Tag") {
            Some(sent) if def.field("Tag").is_some() => {
                tag_on_write(self.state, def, current, sent, &self.actor)
            }
            _ => Ok(current),
        }
    }

    /// `details` of a write answer: the legacy gem dereferences `Created_By`/`Modified_By`.
    pub(crate) fn details(&self, def: &ModuleDef, id: &str) -> Value {
        let record = self.state.crm.records.get(def, id);
        let field = |key: &str| record.and_then(|r| r.get(key)).cloned();
        let person = |key: &str| field(key).map(|v| json!({"name": v["name"], "id": v["id"]}));
        json!({
            "id": id,
            "Created_By": person("Created_By"),
            "Modified_By": person("Modified_By"),
            "Created_Time": field("Created_Time"),
            "Modified_Time": field("Modified_Time"),
        })
    }

    fn prepare(
        &self,
        def: &'static ModuleDef,
        input: &Value,
        existing: Option<Map<String, Value>>,
    ) -> Result<Map<String, Value>, Value> {
        let Value::Object(input) = input else {
            return Err(results::invalid_data(
                json!({"expected_data_type": "jsonobject"}),
            ));
        };
        let lookups = Lookups {
            records: &self.state.crm.records,
            users: &self.state.users,
        };
        let exclude = existing.as_ref().and_then(|m| m.get("id")).cloned();
        let mut merged = existing.unwrap_or_default();
        for (key, value) in input {
            apply_field(def, key, value, &lookups, &mut merged)?;
        }
        check_se_module(input, &merged)?;
        derive(def, &mut merged);
        if let Some(missing) = def.mandatory.iter().find(|f| is_blank(merged.get(**f))) {
            return Err(results::mandatory_missing(missing));
        }
        self.check_unique(def, &merged, exclude.as_ref())?;
        Ok(merged)
    }

    fn check_unique(
        &self,
        def: &ModuleDef,
        fields: &Map<String, Value>,
        exclude: Option<&Value>,
    ) -> Result<(), Value> {
        let prefix = format!("{}.", def.api_name);
        for name in self.unique.iter().filter_map(|u| u.strip_prefix(&prefix)) {
            let Some(value) = fields.get(name).filter(|v| !is_blank(Some(v))) else {
                continue;
            };
            let clash = self.state.crm.records.all(def).find(|other| {
                exclude != other.fields.raw("id")
                    && other.get(name).is_some_and(|v| same_text(v, value))
            });
            if let Some(other) = clash {
                return Err(results::failure(
                    "DUPLICATE_DATA",
                    "duplicate data",
                    json!({"api_name": name, "id": other.id()}),
                ));
            }
        }
        Ok(())
    }

    /// The system fields a new record starts with.
    fn stamp_new(&self, def: &ModuleDef, fields: &mut Map<String, Value>) {
        let when = Value::String(clock::iso_at(self.now));
        let me = self.actor.user_json();
        if is_blank(fields.get("Owner")) {
            fields.insert("Owner".to_string(), me.clone());
        }
        fields.insert("Created_By".to_string(), me.clone());
        fields.insert("Modified_By".to_string(), me);
        fields.insert("Created_Time".to_string(), when.clone());
        fields.insert("Last_Activity_Time".to_string(), when);
        fields.insert("Tag".to_string(), json!([]));
        for (key, value) in shared_properties(def) {
            fields.entry(key).or_insert(value);
        }
    }

    /// Numbers new line items, stamps the modification and stores the record.
    fn finish(&mut self, def: &'static ModuleDef, mut fields: Map<String, Value>) {
        if let Some(Value::Array(rows)) = fields.get_mut("Product_Details") {
            for row in rows.iter_mut().filter_map(Value::as_object_mut) {
                if row.get("id").and_then(Value::as_str).is_none() {
                    row.insert("id".to_string(), Value::String(self.state.ids.next_id()));
                }
            }
        }
        let when = Value::String(clock::iso_at(self.now));
        fields.insert("Modified_Time".to_string(), when.clone());
        fields.insert("Last_Activity_Time".to_string(), when);
        let fields = Fields::from_map(fields, Some(shared_base(def)));
        self.state.crm.records.put(
            def,
            Record {
                fields,
                modified: self.now,
            },
        );
    }
}

/// The fields an update sets: what a notification reports as `affected_fields`.
fn changed_fields(input: &Value) -> Vec<String> {
    input
        .as_object()
        .map(|map| {
            map.keys()
                .filter(|key| !key.starts_with('$') && !SYSTEM_KEYS.contains(&key.as_str()))
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

/// One key of the input: system keys and `$` properties are dropped, known fields are checked
/// and normalised, unknown keys are kept as sent (they stand for custom fields).
fn apply_field(
    def: &ModuleDef,
    key: &str,
    value: &Value,
    lookups: &Lookups,
    merged: &mut Map<String, Value>,
) -> Result<(), Value> {
    if key.starts_with('$') || SYSTEM_KEYS.contains(&key) || key == "se_module" {
        return Ok(());
    }
    let Some(field) = def.field(key) else {
        merged.insert(key.to_string(), value.clone());
        return Ok(());
    };
    if field.read_only {
        return Ok(());
    }
    let normalized = values::normalize(field, value, lookups)?;
    if field.kind == Kind::AnyLookup {
        let module = normalized
            .get("id")
            .and_then(Value::as_str)
            .and_then(|id| lookups.records.find(id))
            .map(|(def, _)| Value::String(def.api_name.to_string()));
        merged.insert("$se_module".to_string(), module.unwrap_or(Value::Null));
    }
    merged.insert(key.to_string(), normalized);
    Ok(())
}

/// `se_module`, when sent, must name the module of the record `Parent_Id`/`What_Id` points at.
fn check_se_module(input: &Map<String, Value>, merged: &Map<String, Value>) -> Result<(), Value> {
    let Some(sent) = input.get("se_module").and_then(Value::as_str) else {
        return Ok(());
    };
    match merged.get("$se_module").and_then(Value::as_str) {
        Some(actual) if !actual.eq_ignore_ascii_case(sent) => {
            Err(results::wrong_type("se_module", "module"))
        }
        _ => Ok(()),
    }
}

/// Fields Zoho computes: names, inventory totals, expected revenue.
fn derive(def: &ModuleDef, fields: &mut Map<String, Value>) {
    if def.field("Full_Name").is_some() {
        let part = |key: &str| fields.get(key).and_then(Value::as_str).unwrap_or("");
        let full = format!("{} {}", part("First_Name"), part("Last_Name"));
        fields.insert("Full_Name".to_string(), Value::from(full.trim()));
    }
    if let Some(Value::Array(rows)) = fields.get("Product_Details") {
        let sub_total: f64 = rows
            .iter()
            .filter_map(|row| row.get("net_total").and_then(as_f64))
            .sum();
        let number = |key: &str| fields.get(key).and_then(as_f64).unwrap_or(0.0);
        let grand = sub_total - number("Discount") + number("Tax") + number("Adjustment");
        fields.insert("Sub_Total".to_string(), float(sub_total));
        fields.insert("Grand_Total".to_string(), float(grand));
    }
    if def.api_name == "Deals" {
        let amount = fields.get("Amount").and_then(as_f64);
        let probability = fields.get("Probability").and_then(as_f64);
        if let (Some(amount), Some(probability)) = (amount, probability) {
            fields.insert(
                "Expected_Revenue".to_string(),
                float(amount * probability / 100.0),
            );
        }
    }
}

/// What every new record of `def` starts with: its layout and the `$` properties.
fn shared_properties(def: &ModuleDef) -> Map<String, Value> {
    let mut map = system_properties(def);
    map.insert(
        "Layout".to_string(),
        json!({"name": "Standard", "id": def.layout_id()}),
    );
    map
}

/// [`shared_properties`] stored once for all the module's records.
fn shared_base(def: &ModuleDef) -> Base {
    fields::base(&shared_properties(def))
}

/// The read-only `$` keys Zoho adds to records of each kind.
fn system_properties(def: &ModuleDef) -> Map<String, Value> {
    let value = match def.api_name {
        "Notes" => json!({
            "$editable": true, "$voice_note": false, "$size": null, "$attachments": null,
            "$is_shared_to_client": false, "$state": "save",
        }),
        _ => json!({
            "$approved": true, "$editable": true, "$currency_symbol": "$",
            "$process_flow": false, "$in_merge": false, "$approval_state": "approved",
            "$state": "save", "$orchestration": false, "$locked_for_me": false,
            "$review": null, "$followed": false,
            "$approval": {"delegate": false, "approve": false, "reject": false, "resubmit": false},
            "$review_process": {"approve": false, "reject": false, "resubmit": false},
        }),
    };
    let mut map = match value {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    if def.api_name == "Leads" {
        map.insert("$converted".to_string(), Value::Bool(false));
        map.insert("$converted_detail".to_string(), json!({}));
    }
    map
}

pub(crate) fn is_blank(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        Some(Value::Array(items)) => items.is_empty(),
        _ => false,
    }
}

/// Case-insensitive equality of scalar values, as Zoho compares for duplicates.
pub(crate) fn same_text(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(a), Value::String(b)) => a.trim().eq_ignore_ascii_case(b.trim()),
        _ => a == b,
    }
}

/// Runs `f` with a writer acting for the token owner, under the state lock.
pub(crate) fn with_writer<R>(
    shared: &crate::state::Shared,
    email: &str,
    f: impl FnOnce(&mut Writer) -> R,
) -> R {
    let mut state = shared.lock();
    let actor = Actor::of(&mut state, email);
    let mut writer = Writer::new(&mut state, &shared.config.options.unique_fields, actor);
    let result = f(&mut writer);
    let callbacks = crate::crm::notifications::callbacks(&mut state, &shared.config.base_url);
    drop(state);
    crate::crm::notifications::send(callbacks);
    result
}
