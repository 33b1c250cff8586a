//! Reading requests the way Zoho does: path segments that fail to decode are an unknown URL,
//! and JSON bodies are accepted whatever their `Content-Type` (the legacy gem sends none, so
//! Net::HTTP labels them urlencoded) including the literal body `null`.

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use crate::clock;

use super::envelope::ApiError;

/// Path parameters; a rejection becomes Zoho's 404 `INVALID_URL_PATTERN`.
pub(crate) struct Seg<T>(pub(crate) T);

impl<T, S> FromRequestParts<S> for Seg<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(Seg(value)),
            Err(_) => Err(ApiError::url_not_found()),
        }
    }
}

/// The body as JSON; `None` when it is empty or `null`.
pub(crate) fn json_body(body: &[u8]) -> Result<Option<Value>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Null) => Ok(None),
        Ok(value) => Ok(Some(value)),
        Err(_) => Err(ApiError::invalid_data(
            "the input json is not valid",
            json!({ "expected_data_type": "jsonobject" }),
        )),
    }
}

/// The array under `key` (`{"data":[…]}`), with at least one and at most `limit` elements.
pub(crate) fn entities(body: &[u8], key: &str, limit: usize) -> Result<Vec<Value>, ApiError> {
    let Some(body) = json_body(body)? else {
        return Err(missing_body(key));
    };
    let Some(value) = body.get(key) else {
        return Err(missing_body(key));
    };
    let Value::Array(items) = value else {
        return Err(ApiError::invalid_data(
            "invalid data",
            json!({"api_name": key, "expected_data_type": "jsonarray"}),
        ));
    };
    if items.is_empty() {
        return Err(missing_body(key));
    }
    if items.len() > limit {
        return Err(ApiError::bad_request(
            "LIMIT_EXCEEDED",
            &format!("Limit Exceeded, You cannot give more than {limit} records"),
            json!({"limit": limit.to_string(), "api_name": key}),
        ));
    }
    Ok(items.clone())
}

fn missing_body(key: &str) -> ApiError {
    ApiError::bad_request(
        "MANDATORY_NOT_FOUND",
        "required field not found",
        json!({ "api_name": key }),
    )
}

/// The `If-Modified-Since` time, when it is an ISO-8601 date-time Zoho would accept. Other
/// formats are ignored rather than refused, so a client sending an HTTP date still gets data.
pub(crate) fn modified_since(headers: &HeaderMap) -> Option<i64> {
    let raw = headers.get("if-modified-since")?.to_str().ok()?;
    clock::parse_iso(raw)
}

/// An id given as a JSON string or number, or as `{"id": …}` (lookups, owners).
pub(crate) fn id_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(map) => map.get("id").and_then(id_of),
        _ => None,
    }
}

/// The module named by the `module` query parameter (settings endpoints).
pub(crate) fn module_param(
    params: &crate::params::Params,
) -> Result<&'static super::schema::ModuleDef, ApiError> {
    let name = params
        .get("module")
        .ok_or_else(|| ApiError::required_param("module"))?;
    super::schema::module(name)
}
