//! Reading operation arguments. Arguments arrive as a JSON object; these helpers turn a
//! missing or wrongly typed argument into an error naming it, never a panic.

use serde_json::Value;

use crate::error::{Error, Result};

/// A required id or name: a non-empty string, or an integer (Ruby callers pass either).
pub fn required_id(args: &Value, name: &str) -> Result<String> {
    optional_string(args, name)?
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| {
            Error::invalid_argument(
                "ID IS NOT PROVIDED",
                format!("{name} must be given (a non-empty String or Integer)"),
            )
        })
}

/// A string-like argument: strings as they are, numbers and booleans as their text.
pub fn optional_string(args: &Value, name: &str) -> Result<Option<String>> {
    match args.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(Value::Bool(b)) => Ok(Some(b.to_string())),
        Some(_) => Err(Error::invalid_argument(
            "INVALID ARGUMENT",
            format!("{name} must be a String or a number"),
        )),
    }
}

/// A positive page number or page size.
pub fn optional_count(args: &Value, name: &str) -> Result<Option<String>> {
    match args.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) if n.as_u64().is_some_and(|v| v > 0) => Ok(Some(n.to_string())),
        Some(Value::String(s)) if s.parse::<u64>().is_ok_and(|v| v > 0) => Ok(Some(s.clone())),
        Some(_) => Err(Error::invalid_argument(
            "INVALID ARGUMENT",
            format!("{name} must be a positive Integer"),
        )),
    }
}

/// Percent-encodes one path segment (an id or a module name the caller gave us).
pub fn segment(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}
