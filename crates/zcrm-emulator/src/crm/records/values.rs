//! One field value on its way in: checked against the field's kind and stored in Zoho's
//! shape (lookups become `{"name","id"}`, date-times move to the org's offset). A value Zoho
//! would refuse becomes the per-record `INVALID_DATA` error it would send.

use serde_json::{json, Map, Number, Value};

use crate::clock;
use crate::crm::request::id_of;
use crate::crm::results;
use crate::crm::schema::{self, Field, Kind};
use crate::crm::user_store::Users;

use super::store::Records;

/// What lookups are resolved against.
pub(crate) struct Lookups<'a> {
    pub(crate) records: &'a Records,
    pub(crate) users: &'a Users,
}

pub(crate) fn normalize(field: &Field, value: &Value, lookups: &Lookups) -> Result<Value, Value> {
    if value.is_null() {
        return Ok(Value::Null);
    }
    let name = field.api_name;
    match field.kind {
        Kind::Text(_) | Kind::TextArea | Kind::Phone | Kind::Website | Kind::Picklist(_) => {
            text(field, value)
        }
        Kind::Email => email(name, value),
        Kind::MultiPicklist(_) => multi_picklist(name, value),
        Kind::Integer => integer(name, value),
        Kind::Double | Kind::Currency | Kind::Percent => decimal(name, value),
        Kind::Date => date(name, value),
        Kind::DateTime => date_time(name, value),
        Kind::Boolean => boolean(name, value),
        Kind::Lookup(target) => lookup(name, value, Some(target), lookups),
        Kind::AnyLookup => lookup(name, value, None, lookups),
        Kind::User => user(name, value, lookups.users),
        Kind::LineItems => line_items(name, value, lookups),
        Kind::Raw => Ok(value.clone()),
    }
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn text(field: &Field, value: &Value) -> Result<Value, Value> {
    let text = scalar_text(value).ok_or_else(|| results::wrong_type(field.api_name, "text"))?;
    if text.chars().count() > field.length() {
        return Err(results::invalid_data(
            json!({"api_name": field.api_name, "maximum_length": field.length()}),
        ));
    }
    Ok(blank_is_null(text))
}

fn blank_is_null(text: String) -> Value {
    if text.is_empty() {
        Value::Null
    } else {
        Value::String(text)
    }
}

fn email(name: &str, value: &Value) -> Result<Value, Value> {
    let Value::String(text) = value else {
        return Err(results::wrong_type(name, "email"));
    };
    let text = text.trim();
    if text.is_empty() {
        return Ok(Value::Null);
    }
    let valid = text.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !text.contains(char::is_whitespace)
    });
    if valid {
        Ok(Value::String(text.to_string()))
    } else {
        Err(results::wrong_type(name, "email"))
    }
}

/// Arrays of strings; a single string is a one-element list (some clients send `"A;B"`).
fn multi_picklist(name: &str, value: &Value) -> Result<Value, Value> {
    match value {
        Value::Array(items) => items
            .iter()
            .map(|item| scalar_text(item).map(Value::String))
            .collect::<Option<Vec<Value>>>()
            .map(Value::Array)
            .ok_or_else(|| results::wrong_type(name, "jsonarray")),
        Value::String(s) => Ok(Value::Array(
            s.split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Value::String(s.to_string()))
                .collect(),
        )),
        _ => Err(results::wrong_type(name, "jsonarray")),
    }
}

fn integer(name: &str, value: &Value) -> Result<Value, Value> {
    let parsed = match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) if s.trim().is_empty() => return Ok(Value::Null),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    parsed
        .map(Value::from)
        .ok_or_else(|| results::wrong_type(name, "integer"))
}

fn decimal(name: &str, value: &Value) -> Result<Value, Value> {
    let parsed = match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) if s.trim().is_empty() => return Ok(Value::Null),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    parsed
        .filter(|v| v.is_finite())
        .map(float)
        .ok_or_else(|| results::wrong_type(name, "double"))
}

fn date(name: &str, value: &Value) -> Result<Value, Value> {
    match value {
        Value::String(s) if clock::parse_date(s.trim()).is_some() => {
            Ok(Value::String(s.trim().to_string()))
        }
        _ => Err(results::wrong_type(name, "date")),
    }
}

/// Stored in the org's offset, as Zoho answers in the user's time zone.
fn date_time(name: &str, value: &Value) -> Result<Value, Value> {
    match value {
        Value::String(s) if s.contains('T') => clock::parse_iso(s)
            .map(|unix| Value::String(clock::iso_at(unix)))
            .ok_or_else(|| results::wrong_type(name, "datetime")),
        _ => Err(results::wrong_type(name, "datetime")),
    }
}

fn boolean(name: &str, value: &Value) -> Result<Value, Value> {
    match value {
        Value::Bool(b) => Ok(Value::Bool(*b)),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Ok(Value::Bool(true)),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Ok(Value::Bool(false)),
        _ => Err(results::wrong_type(name, "boolean")),
    }
}

/// A bare id (what the legacy gem sends) or `{"id": …}`; the record must exist.
fn lookup(
    name: &str,
    value: &Value,
    target: Option<&str>,
    lookups: &Lookups,
) -> Result<Value, Value> {
    let invalid = || results::wrong_type(name, "lookup");
    let id = id_of(value).ok_or_else(invalid)?;
    let found = match target {
        Some(target) => schema::module(target)
            .ok()
            .and_then(|def| lookups.records.get(def, &id).map(|r| (def, r))),
        None => lookups.records.find(&id),
    };
    let (def, record) = found.ok_or_else(invalid)?;
    Ok(record.reference(def))
}

fn user(name: &str, value: &Value, users: &Users) -> Result<Value, Value> {
    let invalid = || results::wrong_type(name, "lookup");
    let id = id_of(value).ok_or_else(invalid)?;
    let user = users.by_id(&id).ok_or_else(invalid)?;
    Ok(json!({"name": user.full_name(), "id": user.id, "email": user.email}))
}

/// Inventory line items: each row names an existing product; Zoho fills in its name and
/// code, prices it and numbers the row.
fn line_items(name: &str, value: &Value, lookups: &Lookups) -> Result<Value, Value> {
    let Value::Array(rows) = value else {
        return Err(results::wrong_type(name, "jsonarray"));
    };
    rows.iter()
        .map(|row| line_item(row, lookups))
        .collect::<Result<Vec<Value>, Value>>()
        .map(Value::Array)
}

fn line_item(row: &Value, lookups: &Lookups) -> Result<Value, Value> {
    let Value::Object(row) = row else {
        return Err(results::wrong_type("Product_Details", "jsonobject"));
    };
    let product = row
        .get("product")
        .ok_or_else(|| results::mandatory_missing("product"))?;
    let products =
        schema::module("Products").map_err(|_| results::wrong_type("product", "lookup"))?;
    let record = id_of(product)
        .and_then(|id| lookups.records.get(products, &id))
        .ok_or_else(|| results::wrong_type("product", "lookup"))?;
    let number = |key: &str, default: f64| row.get(key).and_then(as_f64).unwrap_or(default);
    let unit_price = record.get("Unit_Price").and_then(as_f64).unwrap_or(0.0);
    let quantity = number("quantity", 1.0);
    let list_price = number("list_price", unit_price);
    let total = quantity * list_price;
    let discount = row
        .get("Discount")
        .or_else(|| row.get("discount"))
        .map_or(0.0, |d| discount_amount(d, total));
    let tax = line_tax_amount(row.get("line_tax"), total - discount);
    let mut out: Map<String, Value> = row.clone();
    out.insert(
        "product".to_string(),
        json!({
            "id": record.id(),
            "name": record.name(products),
            "Product_Code": record.get("Product_Code").cloned().unwrap_or(Value::Null),
        }),
    );
    out.insert("quantity".to_string(), float(quantity));
    out.insert("list_price".to_string(), float(list_price));
    out.insert("unit_price".to_string(), float(unit_price));
    out.insert("Discount".to_string(), float(discount));
    out.insert("total".to_string(), float(total));
    out.insert("total_after_discount".to_string(), float(total - discount));
    out.insert("net_total".to_string(), float(total - discount + tax));
    out.insert("Tax".to_string(), float(tax));
    out.entry("line_tax".to_string()).or_insert(json!([]));
    Ok(Value::Object(out))
}

/// A line discount: an amount, or a percentage of the line total when written "10%" (the
/// 1.0.x gem sends `discount_percentage` that way).
fn discount_amount(value: &Value, total: f64) -> f64 {
    match value.as_str().and_then(|s| s.trim().strip_suffix('%')) {
        Some(percent) => percent
            .trim()
            .parse::<f64>()
            .map_or(0.0, |p| total * p / 100.0),
        None => as_f64(value).unwrap_or(0.0),
    }
}

/// The tax on a line: each `line_tax` entry's `percentage` of the discounted total.
fn line_tax_amount(line_tax: Option<&Value>, taxable: f64) -> f64 {
    let Some(Value::Array(taxes)) = line_tax else {
        return 0.0;
    };
    taxes
        .iter()
        .filter_map(|tax| tax.get("percentage").and_then(as_f64))
        .map(|percentage| taxable * percentage / 100.0)
        .sum()
}

pub(crate) fn as_f64(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A decimal as Zoho writes it: whole amounts without a fraction (`5000`, not `5000.0`).
pub(crate) fn float(value: f64) -> Value {
    const EXACT: f64 = 9_007_199_254_740_992.0;
    if value.fract() == 0.0 && value.abs() < EXACT {
        return Value::from(value as i64);
    }
    Number::from_f64(value).map_or(Value::Null, Value::Number)
}
