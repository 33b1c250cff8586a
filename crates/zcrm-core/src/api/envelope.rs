//! What a CRM answer means: a result to hand back, or an error to raise.
//!
//! Kept from 1.0.x because user code relies on it: 204 raises "No Content" (an empty list or a
//! search without hits), 304 does not raise, and per-record errors in a bulk answer do not
//! raise. Fixed from 1.0.x: an error body shaped `{"data":[{"status":"error",...}]}` still
//! yields its code and message, 5xx statuses it ignored (502, 503...) raise, and a body that is
//! not JSON is reported instead of crashing the parser.

use serde_json::Value;

use super::page_layout::PageLayout;
use super::{envelope_scan, RequestSpec, ResponseKind};
use crate::error::{Error, Result};
use crate::transport::Incoming;

/// Statuses that carry a result.
fn is_success(status: u16) -> bool {
    matches!(status, 200..=203 | 206 | 207)
}

/// `Ok` with where the records are when the answer is a list of objects (see `PageLayout`).
pub fn check(spec: &RequestSpec, url: &str, answer: &Incoming) -> Result<Option<PageLayout>> {
    match answer.status {
        204 => Err(api_error(
            url,
            answer,
            "No Content".into(),
            "No Content".into(),
            "{}".into(),
        )),
        304 => Ok(None),
        status if is_success(status) => check_success(spec, url, answer),
        _ => Err(error_from_body(url, answer)),
    }
}

fn check_success(spec: &RequestSpec, url: &str, answer: &Incoming) -> Result<Option<PageLayout>> {
    if spec.kind == ResponseKind::File {
        return Ok(None);
    }
    let scan = envelope_scan::scan(&answer.body, &spec.api_key);
    if scan.is_none() {
        // Not an object: say whether it is JSON at all (the transport's message).
        answer.json(url)?;
    }
    let opens = scan.as_ref().and_then(|scan| scan.opens);
    check_shape(spec, url, answer, scan.is_some(), opens)?;
    let Some(scan) = scan else {
        return Ok(None);
    };
    // An error can come with HTTP 200 as one top-level object: Bulk Write's upload answers
    // `{"code":"INVALID_FILE_FORMAT",…,"status":"error"}` so
    // (https://help.zoho.com/portal/en/community/topic/kaizen-13-bulk-write-api).
    let top_error = spec.top_level && scan.top_is_error;
    let entry_error = spec.kind == ResponseKind::Single && scan.first_is_error;
    if top_error || entry_error {
        // Rare: the body is parsed only to describe the error.
        let body: Value = serde_json::from_slice(&answer.body).unwrap_or_default();
        let entry = if top_error {
            Some(&body)
        } else {
            match body.get(spec.api_key.as_str()) {
                Some(Value::Array(items)) => items.first(),
                other => other,
            }
        };
        if let Some(entry) = entry {
            let (code, message, details) = describe(entry);
            return Err(api_error(url, answer, code, message, details));
        }
    }
    Ok(scan.page)
}

/// A success answer carries its operation's envelope key (`data`, `users`, `org`...) with a
/// list or an object. Anything else (`{"unexpected":…}`, a list where an object belongs, a
/// proxy's page, text that is not JSON) is a broken answer, not "no records": it raises with
/// what came.
fn check_shape(
    spec: &RequestSpec,
    url: &str,
    answer: &Incoming,
    is_object: bool,
    opens: Option<u8>,
) -> Result<()> {
    if is_object && spec.top_level {
        return Ok(());
    }
    if !spec.top_level && matches!(opens, Some(b'[' | b'{')) {
        return Ok(());
    }
    let wanted = if spec.top_level {
        "an object".to_string()
    } else {
        format!("the \"{}\" entries", spec.api_key)
    };
    Err(Error::protocol(
        url,
        format!(
            "HTTP {} to {} {} without {wanted} Zoho sends; the body began: {}",
            answer.status,
            spec.method.as_str(),
            spec.path,
            excerpt(&answer.body)
        ),
    ))
}

/// The start of a body, on one line, for an error message. CRM bodies hold records, never the
/// caller's tokens.
fn excerpt(body: &[u8]) -> String {
    const MAX: usize = 160;
    let text = String::from_utf8_lossy(&body[..body.len().min(MAX * 4)]);
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

/// True when the answer is Zoho's "this access token is no good" (expired or revoked).
pub fn is_invalid_token(answer: &Incoming) -> bool {
    answer.status == 401
        && serde_json::from_slice::<Value>(&answer.body)
            .ok()
            .and_then(|json| {
                json.get("code")
                    .and_then(Value::as_str)
                    .map(|c| c == "INVALID_TOKEN")
            })
            .unwrap_or(false)
}

fn error_from_body(url: &str, answer: &Incoming) -> Error {
    let json: Option<Value> = serde_json::from_slice(&answer.body).ok();
    let entry = json.as_ref().and_then(|j| {
        if j.get("code").is_some() {
            Some(j)
        } else {
            j.as_object()
                .and_then(|o| o.values().find_map(|v| v.as_array()?.first()))
        }
    });
    let (code, message, details) = match entry {
        Some(entry) => describe(entry),
        None => (
            format!("HTTP_{}", answer.status),
            format!("HTTP {} without a Zoho error body", answer.status),
            "{}".into(),
        ),
    };
    api_error(url, answer, code, message, details)
}

fn describe(entry: &Value) -> (String, String, String) {
    let text = |key: &str| {
        entry
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let details = entry
        .get("details")
        .map(Value::to_string)
        .unwrap_or_else(|| "{}".into());
    (text("code"), text("message"), details)
}

fn api_error(
    url: &str,
    answer: &Incoming,
    code: String,
    message: String,
    details: String,
) -> Error {
    Error::Api {
        status: answer.status,
        code,
        message,
        details,
        url: url.to_string(),
        retry_after: answer.retry_after(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::RequestSpec;

    fn answer(status: u16, body: &str) -> Incoming {
        Incoming {
            status,
            headers: Default::default(),
            body: body.as_bytes().to_vec(),
        }
    }

    fn single() -> RequestSpec {
        RequestSpec::get("Leads/1", "data", ResponseKind::Single)
    }

    fn code_of(result: Result<Option<PageLayout>>) -> (u16, String) {
        match result {
            Err(Error::Api { status, code, .. }) => (status, code),
            other => panic!("expected an API error, got {other:?}"),
        }
    }

    fn protocol_message(result: Result<Option<PageLayout>>) -> String {
        match result {
            Err(Error::Protocol { message, .. }) => message,
            other => panic!("expected a protocol error, got {other:?}"),
        }
    }

    #[test]
    fn a_success_without_its_entries_is_a_broken_answer_not_no_records() {
        let list = RequestSpec::get("Leads", "data", ResponseKind::Bulk);
        let message = protocol_message(check(&list, "u", &answer(200, r#"{"unexpected":1}"#)));
        assert!(message.contains("HTTP 200 to GET Leads"), "{message}");
        assert!(message.contains(r#"the "data" entries"#), "{message}");
        assert!(message.contains(r#"{"unexpected":1}"#), "{message}");
        let org = RequestSpec::get("org", "org", ResponseKind::Single);
        assert!(check(&org, "u", &answer(200, r#"[{"id":"1"}]"#)).is_err());
        assert!(check(&org, "u", &answer(200, r#"{"org":[{"id":"1"}]}"#)).is_ok());
    }

    #[test]
    fn top_level_answers_need_only_an_object() {
        let count = RequestSpec::get(
            "settings/tags/5/actions/records_count",
            "tags",
            ResponseKind::Single,
        )
        .answering_top_level();
        assert!(check(&count, "u", &answer(200, r#"{"count":"5"}"#)).is_ok());
        assert!(check(&count, "u", &answer(200, r#"["5"]"#)).is_err());
    }

    #[test]
    fn a_top_level_error_object_raises_even_with_200() {
        let upload = RequestSpec::new(
            crate::api::Method::Post,
            "upload",
            "details",
            ResponseKind::Single,
        )
        .answering_top_level();
        let body = r#"{"code":"INVALID_FILE_FORMAT","details":{},"message":"invalid file format. only zip format is supported","status":"error"}"#;
        assert_eq!(
            code_of(check(&upload, "u", &answer(200, body))),
            (200, "INVALID_FILE_FORMAT".into())
        );
        let done = r#"{"status":"COMPLETED","id":"1"}"#;
        assert!(check(&upload, "u", &answer(200, done)).is_ok());
    }

    #[test]
    fn the_excerpt_is_one_short_line() {
        let body = format!("<html>\n  {}</html>", "x".repeat(1000));
        let excerpt = excerpt(body.as_bytes());
        assert!(excerpt.starts_with("<html> xxx"), "{excerpt}");
        assert_eq!(excerpt.chars().count(), 161);
    }

    #[test]
    fn no_content_raises_like_1_0() {
        assert_eq!(
            code_of(check(&single(), "u", &answer(204, ""))),
            (204, "No Content".into())
        );
    }

    #[test]
    fn not_modified_does_not_raise() {
        assert!(check(&single(), "u", &answer(304, "")).is_ok());
    }

    #[test]
    fn a_single_error_entry_raises_with_its_code() {
        let body = r#"{"data":[{"code":"INVALID_DATA","details":{"api_name":"id"},"message":"the id given seems to be invalid","status":"error"}]}"#;
        assert_eq!(
            code_of(check(&single(), "u", &answer(200, body))),
            (200, "INVALID_DATA".into())
        );
    }

    #[test]
    fn only_the_first_entry_of_a_single_answer_decides() {
        let record = r#"{"id":"1","status":"ok","Owner":{"id":"2"},"Tag":[]}"#;
        let error = r#"{"code":"INVALID_DATA","details":{},"message":"m","status":"error"}"#;
        let first_fine = format!(r#"{{"data":[{record},{error}]}}"#);
        assert!(check(&single(), "u", &answer(200, &first_fine)).is_ok());
        let first_error = format!(r#"{{"data":[{error},{record}]}}"#);
        let (_, code) = code_of(check(&single(), "u", &answer(200, &first_error)));
        assert_eq!(code, "INVALID_DATA");
        let object = format!(r#"{{"data":{error}}}"#);
        let (_, code) = code_of(check(&single(), "u", &answer(200, &object)));
        assert_eq!(code, "INVALID_DATA");
        let odd_status = r#"{"data":[{"status":7}]}"#;
        assert!(check(&single(), "u", &answer(200, odd_status)).is_ok());
    }

    #[test]
    fn bulk_entry_errors_do_not_raise() {
        let body = r#"{"data":[{"code":"MANDATORY_NOT_FOUND","details":{},"message":"m","status":"error"}]}"#;
        let bulk = RequestSpec::get("Leads", "data", ResponseKind::Bulk);
        assert!(check(&bulk, "u", &answer(207, body)).is_ok());
    }

    #[test]
    fn error_statuses_read_top_level_or_nested_codes() {
        let top = r#"{"code":"INVALID_TOKEN","details":{},"message":"invalid oauth token","status":"error"}"#;
        assert_eq!(
            code_of(check(&single(), "u", &answer(401, top))),
            (401, "INVALID_TOKEN".into())
        );
        let nested = r#"{"data":[{"code":"DUPLICATE_DATA","details":{},"message":"duplicate data","status":"error"}]}"#;
        assert_eq!(
            code_of(check(&single(), "u", &answer(400, nested))),
            (400, "DUPLICATE_DATA".into())
        );
        assert_eq!(
            code_of(check(&single(), "u", &answer(503, "<html>"))),
            (503, "HTTP_503".into())
        );
    }

    #[test]
    fn malformed_success_bodies_are_protocol_errors() {
        assert!(matches!(
            check(&single(), "u", &answer(200, "not json")),
            Err(Error::Protocol { .. })
        ));
    }

    #[test]
    fn invalid_token_is_recognised() {
        assert!(is_invalid_token(&answer(
            401,
            r#"{"code":"INVALID_TOKEN"}"#
        )));
        assert!(!is_invalid_token(&answer(
            401,
            r#"{"code":"AUTHENTICATION_FAILURE"}"#
        )));
    }
}
