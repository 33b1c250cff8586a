//! Table-driven checks for the resource modules' tests: build an operation, compare the whole
//! `RequestSpec` (method, path, query order, headers, body, api_key, kind) or the error code.

use serde_json::Value;

use super::{build, Body, Method, RequestSpec, ResponseKind};
use crate::error::Error;

/// The `RequestSpec` an operation must produce; headers default to none.
pub fn expect(
    method: Method,
    path: &str,
    query: &[(&str, &str)],
    body: Body,
    key: &str,
    kind: ResponseKind,
) -> RequestSpec {
    RequestSpec {
        query: query
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        body,
        ..RequestSpec::new(method, path, key, kind)
    }
}

pub fn json(value: Value) -> Body {
    Body::Json(value)
}

/// Every `(operation, args, expected)` builds exactly `expected`.
pub fn assert_specs(cases: Vec<(&str, Value, RequestSpec)>) {
    for (operation, args, expected) in cases {
        match build(operation, &args) {
            Ok(spec) => assert_eq!(spec, expected, "{operation} with {args}"),
            Err(e) => panic!("{operation} with {args} failed: {e:?}"),
        }
    }
}

/// Every `(operation, args, code, mentioned)` fails with `InvalidArgument { code }` and a
/// message that contains `mentioned` (the argument's name, or 1.0.x's message).
pub fn assert_errors(cases: Vec<(&str, Value, &str, &str)>) {
    for (operation, args, code, mentioned) in cases {
        match build(operation, &args) {
            Err(Error::InvalidArgument { code: got, message }) => {
                assert_eq!(got, code, "{operation} with {args}: {message}");
                assert!(
                    message.contains(mentioned),
                    "{operation} with {args}: {message:?} lacks {mentioned:?}"
                );
            }
            other => panic!("{operation} with {args}: expected {code}, got {other:?}"),
        }
    }
}

/// A list of `n` JSON objects `{"id": "<i>"}` (for count limits).
pub fn objects(n: usize) -> Value {
    Value::Array(
        (1..=n)
            .map(|i| serde_json::json!({ "id": i.to_string() }))
            .collect(),
    )
}

/// A list of `n` ids or names `"1".."n"`.
pub fn texts(n: usize) -> Value {
    Value::Array((1..=n).map(|i| Value::String(i.to_string())).collect())
}
