//! Zoho's response envelopes: JSON with `application/json;charset=UTF-8`, request-level errors
//! as `{"code","details","message","status":"error"}`, and 204 with an empty body for "nothing".

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// A request-level error on its way to becoming Zoho's error envelope; lets handler helpers
/// use `?` and stays small enough to return by value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) code: &'static str,
    pub(crate) message: String,
    pub(crate) details: Value,
}

impl ApiError {
    /// A 400 with Zoho's `code`, `message` and `details`.
    pub(crate) fn bad_request(code: &'static str, message: &str, details: Value) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code,
            message: message.to_string(),
            details,
        }
    }

    pub(crate) fn invalid_data(message: &str, details: Value) -> Self {
        ApiError::bad_request("INVALID_DATA", message, details)
    }

    pub(crate) fn invalid_module() -> Self {
        ApiError::bad_request(
            "INVALID_MODULE",
            "the module name given seems to be invalid",
            json!({}),
        )
    }

    pub(crate) fn invalid_id(id: &str) -> Self {
        ApiError::invalid_data("the id given seems to be invalid", json!({ "id": id }))
    }

    pub(crate) fn required_param(name: &str) -> Self {
        ApiError::bad_request(
            "REQUIRED_PARAM_MISSING",
            "One of the expected parameter is missing",
            json!({ "param_name": name }),
        )
    }

    /// A query parameter whose value is not one Zoho accepts.
    pub(crate) fn invalid_param(name: &str, supported: &[&str]) -> Self {
        ApiError::invalid_data(
            "invalid data",
            json!({ "param_name": name, "supported_values": supported }),
        )
    }

    pub(crate) fn limit_exceeded(param: &str, limit: usize) -> Self {
        ApiError::bad_request(
            "LIMIT_EXCEEDED",
            &format!("Limit Exceeded, You cannot give more than {limit} {param}"),
            json!({ "limit": limit.to_string(), "param_name": param }),
        )
    }

    pub(crate) fn invalid_query(reason: &str, details: Value) -> Self {
        let mut details = match details {
            Value::Object(map) => map,
            _ => serde_json::Map::new(),
        };
        details.insert("reason".to_string(), Value::from(reason));
        ApiError::bad_request(
            "INVALID_QUERY",
            "invalid query formed",
            Value::Object(details),
        )
    }

    pub(crate) fn url_not_found() -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            code: "INVALID_URL_PATTERN",
            message: "Please check if the URL trying to access is a correct one".to_string(),
            details: json!({}),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        error(self.status, self.code, &self.message, self.details)
    }
}

pub(crate) const JSON_CONTENT_TYPE: &str = "application/json;charset=UTF-8";

pub(crate) fn json(status: StatusCode, body: &Value) -> Response {
    with_body(status, body.to_string())
}

pub(crate) fn with_body(status: StatusCode, body: impl Into<Body>) -> Response {
    let mut response = Response::new(body.into());
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(JSON_CONTENT_TYPE),
    );
    response
}

pub(crate) fn error(status: StatusCode, code: &str, message: &str, details: Value) -> Response {
    json(
        status,
        &json!({"code": code, "details": details, "message": message, "status": "error"}),
    )
}

pub(crate) fn no_content() -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::NO_CONTENT;
    response
}

pub(crate) fn authentication_failure() -> Response {
    error(
        StatusCode::UNAUTHORIZED,
        "AUTHENTICATION_FAILURE",
        "Authentication failed",
        json!({}),
    )
}

pub(crate) fn invalid_token() -> Response {
    error(
        StatusCode::UNAUTHORIZED,
        "INVALID_TOKEN",
        "invalid oauth token",
        json!({}),
    )
}

/// A token whose grant lacks the scope of the URL. Status, code and message as Zoho lists
/// them (reference §3, "OAUTH_SCOPE_MISMATCH | 401 | invalid oauth scope to access this URL");
/// the body as Zoho's OpenAPI examples show it (zoho/crm-oas, `OAuthScopeMismatch`).
pub(crate) fn oauth_scope_mismatch() -> Response {
    error(
        StatusCode::UNAUTHORIZED,
        "OAUTH_SCOPE_MISMATCH",
        "invalid oauth scope to access this URL",
        json!({}),
    )
}

pub(crate) fn invalid_url() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "INVALID_URL_PATTERN",
        "Please check if the URL trying to access is a correct one",
        json!({}),
    )
}

pub(crate) fn invalid_method() -> Response {
    error(
        StatusCode::BAD_REQUEST,
        "INVALID_REQUEST_METHOD",
        "The http request method type is not a valid one",
        json!({}),
    )
}

/// The envelope Zoho sends for a given error status; used by injected faults.
pub(crate) fn for_status(status: StatusCode) -> Response {
    let (code, message) = match status.as_u16() {
        400 => ("INVALID_DATA", "invalid data"),
        401 => ("INVALID_TOKEN", "invalid oauth token"),
        403 => ("NO_PERMISSION", "permission denied"),
        404 => (
            "INVALID_URL_PATTERN",
            "Please check if the URL trying to access is a correct one",
        ),
        405 => (
            "INVALID_REQUEST_METHOD",
            "The http request method type is not a valid one",
        ),
        413 => (
            "FILE_SIZE_MORE_THAN_ALLOWED",
            "The size of the request body exceeds the allowed limit",
        ),
        415 => ("INVALID_DATA", "unsupported media type"),
        429 => (
            "TOO_MANY_REQUESTS",
            "You have reached the API rate limit. Please try again later",
        ),
        500..=599 => (
            "INTERNAL_ERROR",
            "Unexpected and unhandled exception in Server",
        ),
        _ => ("INVALID_REQUEST", "the request could not be processed"),
    };
    error(status, code, message, json!({}))
}
