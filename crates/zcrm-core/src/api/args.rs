//! Reading operation arguments. Arguments arrive as a JSON object; these helpers turn a
//! missing or wrongly typed argument into an error naming it, never a panic.
//!
//! One helper per argument type of CATALOG.md (`id`, `name`, `str`, `count`, `ids`, `strs`,
//! `obj`, `objs`, `bool3`, `iso`, `headers`). Absent, `null` and a blank String all mean "not
//! given": Ruby drops `nil`s, but an unset attribute may still arrive as `""`, and Zoho must
//! never see an empty parameter.

use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// The code for an argument of the wrong type (the catalog's generic validation code).
pub const INVALID: &str = "INVALID ARGUMENT";

const ID: &str = "a non-empty String or Integer";
const NAME: &str = "a non-empty String (an API name)";
const TEXT: &str = "a non-empty String";
const COUNT: &str = "a positive Integer";
const OBJECT: &str = "a JSON object";
const BOOL3: &str = "true, false, \"true\", \"false\" or \"both\"";
const ISO: &str = "an ISO-8601 date-time with offset, like 2019-07-25T15:26:49+05:30";

/// A 1.0.x validation failure: the code user code matches on, and 1.0.x's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub code: &'static str,
    pub message: &'static str,
}

impl Rule {
    pub const fn new(code: &'static str, message: &'static str) -> Self {
        Rule { code, message }
    }

    /// The error for argument `arg`. 1.0.x's message comes first (user code matches on its
    /// start); the rest says which argument to pass and what it must hold.
    pub fn error(&self, arg: &str, expected: &str) -> Error {
        Error::invalid_argument(
            self.code,
            format!("{} (pass {arg}: {expected})", self.message),
        )
    }
}

/// Bounds on a list argument, with the 1.0.x errors for an empty and an oversized list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub max: usize,
    pub none: Rule,
    pub more: Rule,
}

/// An argument of the wrong type: what it must be instead.
pub fn invalid(arg: &str, expected: &str) -> Error {
    Error::invalid_argument(INVALID, format!("{arg} must be {expected}"))
}

/// The argument unless it is absent (missing, `null` or a blank String).
fn given<'a>(args: &'a Value, name: &str) -> Option<&'a Value> {
    args.get(name).filter(|value| match value {
        Value::Null => false,
        Value::String(s) => !s.trim().is_empty(),
        _ => true,
    })
}

/// Reads an optional argument with `parse`; a value `parse` refuses is an error saying what
/// the argument must be.
fn read<T>(
    args: &Value,
    name: &str,
    expected: &str,
    parse: impl Fn(&Value) -> Option<T>,
) -> Result<Option<T>> {
    match given(args, name) {
        None => Ok(None),
        Some(value) => parse(value)
            .map(Some)
            .ok_or_else(|| invalid(name, expected)),
    }
}

fn require<T>(value: Option<T>, name: &str, expected: &str, missing: &Rule) -> Result<T> {
    value.ok_or_else(|| missing.error(name, expected))
}

/// Strings as they are, numbers and booleans as their text.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Ids are 19-digit numbers: a String, or an Integer (a float would have lost digits).
fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some(n.to_string()),
        _ => None,
    }
}

/// A required id: a non-empty String or an Integer, sent as its decimal text.
pub fn required_id(args: &Value, name: &str, missing: &Rule) -> Result<String> {
    require(optional_id(args, name)?, name, ID, missing)
}

pub fn optional_id(args: &Value, name: &str) -> Result<Option<String>> {
    read(args, name, ID, id_text)
}

/// A required API name (module, related list): a non-empty String.
pub fn required_name(args: &Value, name: &str, missing: &Rule) -> Result<String> {
    require(optional_name(args, name)?, name, NAME, missing)
}

pub fn optional_name(args: &Value, name: &str) -> Result<Option<String>> {
    read(args, name, NAME, |value| value.as_str().map(str::to_string))
}

/// A required string-like argument (search criteria, file path...).
pub fn required_string(args: &Value, name: &str, missing: &Rule) -> Result<String> {
    require(optional_string(args, name)?, name, TEXT, missing)
}

/// A string-like argument: strings as they are, numbers and booleans as their text.
pub fn optional_string(args: &Value, name: &str) -> Result<Option<String>> {
    read(args, name, "a String or a number", scalar_text)
}

/// A positive page number or page size (an Integer, or a String holding one).
pub fn optional_count(args: &Value, name: &str) -> Result<Option<String>> {
    read(args, name, COUNT, |value| match value {
        Value::Number(n) if n.as_u64().is_some_and(|v| v > 0) => Some(n.to_string()),
        Value::String(s) if s.parse::<u64>().is_ok_and(|v| v > 0) => Some(s.clone()),
        _ => None,
    })
}

/// `true`, `false`, or `"true"`/`"false"`/`"both"` (Zoho's `converted`/`approved` values),
/// sent as text.
pub fn bool3(args: &Value, name: &str) -> Result<Option<String>> {
    read(args, name, BOOL3, |value| match value {
        Value::Bool(b) => Some(b.to_string()),
        Value::String(s) => {
            let s = s.to_ascii_lowercase();
            matches!(s.as_str(), "true" | "false" | "both").then_some(s)
        }
        _ => None,
    })
}

/// An ISO-8601 date-time with offset, as Zoho's `If-Modified-Since` wants it (it is not an
/// HTTP date). Checked so that a wrong format fails here rather than being ignored by Zoho.
pub fn iso(args: &Value, name: &str) -> Result<Option<String>> {
    read(args, name, ISO, |value| {
        value
            .as_str()
            .filter(|s| is_iso_with_offset(s))
            .map(str::to_string)
    })
}

/// `YYYY-MM-DDTHH:MM:SS` then `Z` or `±HH:MM`: Zoho's documented form, without fractions
/// of a second (§4 of the wire notes).
fn is_iso_with_offset(text: &str) -> bool {
    let shape = |pattern: &str| {
        text.len() == pattern.len()
            && text.bytes().zip(pattern.bytes()).all(|(c, p)| match p {
                b'9' => c.is_ascii_digit(),
                b'~' => c == b'+' || c == b'-',
                _ => c == p,
            })
    };
    shape("9999-99-99T99:99:99~99:99") || shape("9999-99-99T99:99:99Z")
}

/// A required JSON object, already in Zoho's shape (Ruby did the mapping).
pub fn required_obj(args: &Value, name: &str, missing: &Rule) -> Result<Value> {
    require(optional_obj(args, name)?, name, OBJECT, missing)
}

pub fn optional_obj(args: &Value, name: &str) -> Result<Option<Value>> {
    read(args, name, OBJECT, |value| {
        value.is_object().then(|| value.clone())
    })
}

/// A list of strings: an Array of `str`, or one String of comma-separated items (Ruby joins
/// `fields` before the call). Blank items are dropped. `None` when absent; `Some(vec![])` for
/// an explicit `[]`, which means something in a body (`"trigger": []` turns automation off).
pub fn strs(args: &Value, name: &str) -> Result<Option<Vec<String>>> {
    let expected = "an Array of Strings, or one comma-separated String";
    read(args, name, expected, |value| match value {
        Value::String(s) => Some(
            s.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        ),
        Value::Array(items) => items
            .iter()
            .filter(|item| given_item(item))
            .map(scalar_text)
            .collect::<Option<Vec<String>>>(),
        _ => None,
    })
}

fn given_item(item: &Value) -> bool {
    !matches!(item, Value::Null) && !item.as_str().is_some_and(|s| s.trim().is_empty())
}

/// A list of ids (an Array of `id`); empty when absent.
pub fn ids(args: &Value, name: &str) -> Result<Vec<String>> {
    let expected = "an Array of ids (non-empty Strings or Integers)";
    let list = read(args, name, expected, |value| {
        value
            .as_array()?
            .iter()
            .map(id_text)
            .collect::<Option<Vec<String>>>()
    })?;
    Ok(list.unwrap_or_default())
}

/// A list of JSON objects (an Array of `obj`); empty when absent.
pub fn objs(args: &Value, name: &str) -> Result<Vec<Value>> {
    let expected = "an Array of JSON objects";
    let list = read(args, name, expected, |value| {
        let items = value.as_array()?;
        items.iter().all(Value::is_object).then(|| items.clone())
    })?;
    Ok(list.unwrap_or_default())
}

/// Checks a list's length against `limit` (the 1.0.x "at least 1", "at most N" rules).
pub fn limited<T>(list: Vec<T>, name: &str, limit: &Limit, items: &str) -> Result<Vec<T>> {
    let expected = || format!("an Array of 1 to {} {items}", limit.max);
    if list.is_empty() {
        return Err(limit.none.error(name, &expected()));
    }
    if list.len() > limit.max {
        return Err(limit.more.error(name, &expected()));
    }
    Ok(list)
}

pub fn counted_ids(args: &Value, name: &str, limit: &Limit) -> Result<Vec<String>> {
    limited(ids(args, name)?, name, limit, "ids")
}

pub fn counted_objs(args: &Value, name: &str, limit: &Limit) -> Result<Vec<Value>> {
    limited(objs(args, name)?, name, limit, "JSON objects")
}

pub fn counted_strs(args: &Value, name: &str, limit: &Limit) -> Result<Vec<String>> {
    limited(
        strs(args, name)?.unwrap_or_default(),
        name,
        limit,
        "Strings",
    )
}

/// Updates name their entities inside the body: every element needs an `"id"`.
pub fn each_with_id(items: &[Value], name: &str, missing: &Rule) -> Result<()> {
    if items
        .iter()
        .all(|item| item.get("id").and_then(id_text).is_some())
    {
        return Ok(());
    }
    Err(missing.error(name, "JSON objects that each have an \"id\""))
}

/// Joins a list into one query value: `a,b` (no trailing comma, unlike 1.0.x). `None` for
/// an empty list, so the parameter is left out rather than sent empty.
pub fn join(list: Option<Vec<String>>) -> Option<String> {
    list.filter(|items| !items.is_empty())
        .map(|items| items.join(","))
}

/// Extra request headers (an Object of String → String), in the order the JSON object
/// yields them (HTTP gives header order no meaning). Checked here
/// because a malformed header would otherwise surface as an opaque network error, and the
/// authorization header belongs to the client alone.
pub fn headers(args: &Value, name: &str) -> Result<Vec<(String, String)>> {
    let Some(given) = given(args, name) else {
        return Ok(Vec::new());
    };
    let object = given
        .as_object()
        .ok_or_else(|| invalid(name, "an Object of header name → String value"))?;
    object
        .iter()
        .map(|(key, value)| header(name, key, value))
        .collect()
}

fn header(arg: &str, key: &str, value: &Value) -> Result<(String, String)> {
    let value = scalar_text(value).ok_or_else(|| invalid(&format!("{arg}[{key}]"), "a String"))?;
    if key.is_empty() || !key.bytes().all(is_token_byte) {
        return Err(invalid(
            &format!("the {arg} key {key:?}"),
            "a valid HTTP header name",
        ));
    }
    if key.eq_ignore_ascii_case("authorization") {
        return Err(invalid(
            &format!("{arg}[{key}]"),
            "left out: the client sends the access token itself",
        ));
    }
    if value.bytes().any(|b| b.is_ascii_control() && b != b'\t') {
        return Err(invalid(
            &format!("{arg}[{key}]"),
            "a header value without control characters",
        ));
    }
    Ok((key.to_string(), value))
}

/// RFC 9110 `tchar`.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// A file to upload must be readable now: 1.0.x failed here (Errno::ENOENT), before any
/// request, and user code expects that rather than a failed call.
pub fn readable_file(name: &str, path: &str) -> Result<()> {
    let readable = std::fs::File::open(path)
        .and_then(|file| file.metadata())
        .is_ok_and(|meta| meta.is_file());
    if readable {
        return Ok(());
    }
    Err(Error::invalid_argument(
        "FILE NOT FOUND",
        format!("no readable file at {path} (pass {name}: the path of a file to upload)"),
    ))
}

/// Percent-encodes one path segment (an id or a module name the caller gave us).
/// How long `value` is once form-encoded in a query string.
pub fn encoded_len(value: &str) -> usize {
    url::form_urlencoded::byte_serialize(value.as_bytes())
        .map(str::len)
        .sum()
}

pub fn segment(value: &str) -> String {
    // Module names and ids need no encoding: copied as they are.
    let plain = |b: u8| b.is_ascii_alphanumeric() || b"*-._".contains(&b);
    if value.bytes().all(plain) {
        return value.to_string();
    }
    url::form_urlencoded::byte_serialize(value.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

/// A JSON body `{key: items}`, the wrapping Zoho wants for every write.
pub fn wrapped(key: &str, items: Vec<Value>) -> Map<String, Value> {
    let mut body = Map::new();
    body.insert(key.to_string(), Value::Array(items));
    body
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const MISSING: Rule = Rule::new("MISSING CODE", "thing must be given");
    const LIMIT: Limit = Limit {
        max: 2,
        none: Rule::new("NONE", "count must be at least 1"),
        more: Rule::new("MORE", "count must be less than or equals to 2"),
    };

    fn code(result: Result<impl std::fmt::Debug>) -> String {
        match result {
            Err(Error::InvalidArgument { code, .. }) => code,
            other => panic!("expected InvalidArgument, got {other:?}"),
        }
    }

    fn message(result: Result<impl std::fmt::Debug>) -> String {
        match result {
            Err(Error::InvalidArgument { message, .. }) => message,
            other => panic!("expected InvalidArgument, got {other:?}"),
        }
    }

    #[test]
    fn ids_accept_strings_and_integers_and_refuse_the_rest() {
        let args =
            json!({"a": "12", "b": 4150868000000002175u64, "c": -3, "d": 1.5, "e": [1], "f": true});
        assert_eq!(required_id(&args, "a", &MISSING).unwrap(), "12");
        assert_eq!(
            required_id(&args, "b", &MISSING).unwrap(),
            "4150868000000002175"
        );
        assert_eq!(required_id(&args, "c", &MISSING).unwrap(), "-3");
        for bad in ["d", "e", "f"] {
            assert_eq!(code(required_id(&args, bad, &MISSING)), INVALID, "{bad}");
        }
    }

    #[test]
    fn absent_null_and_blank_are_missing_with_the_rule_and_a_hint() {
        let args = json!({"n": null, "blank": "  "});
        for name in ["absent", "n", "blank"] {
            assert_eq!(code(required_id(&args, name, &MISSING)), "MISSING CODE");
            assert_eq!(optional_string(&args, name).unwrap(), None);
        }
        assert_eq!(
            message(required_id(&args, "n", &MISSING)),
            "thing must be given (pass n: a non-empty String or Integer)"
        );
    }

    #[test]
    fn names_are_strings_only() {
        let args = json!({"module": "Leads", "num": 5});
        assert_eq!(required_name(&args, "module", &MISSING).unwrap(), "Leads");
        assert_eq!(code(required_name(&args, "num", &MISSING)), INVALID);
        assert_eq!(
            code(required_name(&args, "absent", &MISSING)),
            "MISSING CODE"
        );
    }

    #[test]
    fn strings_take_scalars_as_text() {
        let args = json!({"s": "a b", "n": 7, "b": false, "o": {}});
        assert_eq!(optional_string(&args, "s").unwrap().as_deref(), Some("a b"));
        assert_eq!(optional_string(&args, "n").unwrap().as_deref(), Some("7"));
        assert_eq!(
            optional_string(&args, "b").unwrap().as_deref(),
            Some("false")
        );
        assert_eq!(code(optional_string(&args, "o")), INVALID);
        assert_eq!(
            code(required_string(&args, "absent", &MISSING)),
            "MISSING CODE"
        );
    }

    #[test]
    fn counts_are_positive_integers() {
        let args = json!({"a": 2, "b": "20", "c": 0, "d": -1, "e": "x", "f": 1.5});
        assert_eq!(optional_count(&args, "a").unwrap().as_deref(), Some("2"));
        assert_eq!(optional_count(&args, "b").unwrap().as_deref(), Some("20"));
        for bad in ["c", "d", "e", "f"] {
            assert_eq!(code(optional_count(&args, bad)), INVALID, "{bad}");
        }
    }

    #[test]
    fn bool3_takes_booleans_and_the_three_words() {
        let args =
            json!({"t": true, "f": false, "both": "both", "up": "TRUE", "bad": "yes", "n": 1});
        assert_eq!(bool3(&args, "t").unwrap().as_deref(), Some("true"));
        assert_eq!(bool3(&args, "f").unwrap().as_deref(), Some("false"));
        assert_eq!(bool3(&args, "both").unwrap().as_deref(), Some("both"));
        assert_eq!(bool3(&args, "up").unwrap().as_deref(), Some("true"));
        assert_eq!(code(bool3(&args, "bad")), INVALID);
        assert_eq!(code(bool3(&args, "n")), INVALID);
    }

    #[test]
    fn iso_needs_a_date_time_with_offset() {
        for good in [
            "2019-07-25T15:26:49+05:30",
            "2019-07-25T15:26:49-07:00",
            "2019-07-25T15:26:49Z",
        ] {
            assert_eq!(
                iso(&json!({"m": good}), "m").unwrap().as_deref(),
                Some(good)
            );
        }
        for bad in [
            "2019-07-25",
            "2019-07-25T15:26:49",
            "Thu, 25 Jul 2019 15:26:49 GMT",
            "2019-07-25T15:26:49+0530",
            "2019-07-25T15:26:49x05:30",
            "2019-07-25T15:26:49+05:30 ",
            "2019-07-25T15:26:49.123+00:00",
            "2019-07-25T15:26:49+05:3",
            "2019-07-25T15:26:49Z0",
        ] {
            assert_eq!(code(iso(&json!({"m": bad}), "m")), INVALID, "{bad}");
        }
        assert_eq!(code(iso(&json!({"m": 5}), "m")), INVALID);
    }

    #[test]
    fn objects_required_and_optional() {
        let args = json!({"o": {"a": 1}, "a": [1]});
        assert_eq!(required_obj(&args, "o", &MISSING).unwrap(), json!({"a": 1}));
        assert_eq!(code(required_obj(&args, "a", &MISSING)), INVALID);
        assert_eq!(
            code(required_obj(&args, "absent", &MISSING)),
            "MISSING CODE"
        );
        assert_eq!(optional_obj(&args, "absent").unwrap(), None);
    }

    #[test]
    fn strs_from_arrays_or_comma_strings() {
        let args =
            json!({"a": ["x", 2, "", null, "y z"], "s": "a, b,,c,", "e": [], "o": [{}], "n": 3});
        assert_eq!(
            strs(&args, "a").unwrap(),
            Some(vec!["x".into(), "2".into(), "y z".into()])
        );
        assert_eq!(
            strs(&args, "s").unwrap(),
            Some(vec!["a".into(), "b".into(), "c".into()])
        );
        assert_eq!(strs(&args, "e").unwrap(), Some(vec![]));
        assert_eq!(strs(&args, "absent").unwrap(), None);
        assert_eq!(code(strs(&args, "o")), INVALID);
        assert_eq!(code(strs(&args, "n")), INVALID);
    }

    #[test]
    fn join_has_no_trailing_comma_and_drops_empty_lists() {
        assert_eq!(
            join(Some(vec!["1".into(), "2".into()])).as_deref(),
            Some("1,2")
        );
        assert_eq!(join(Some(vec![])), None);
        assert_eq!(join(None), None);
    }

    #[test]
    fn ids_and_objs_lists() {
        let args = json!({"ids": ["1", 2], "bad": ["1", 2.5], "blank": [""], "objs": [{"a": 1}], "mixed": [{}, 1], "one": "1"});
        assert_eq!(ids(&args, "ids").unwrap(), vec!["1", "2"]);
        assert_eq!(ids(&args, "absent").unwrap(), Vec::<String>::new());
        for bad in ["bad", "blank", "one"] {
            assert_eq!(code(ids(&args, bad)), INVALID, "{bad}");
        }
        assert_eq!(objs(&args, "objs").unwrap(), vec![json!({"a": 1})]);
        assert_eq!(code(objs(&args, "mixed")), INVALID);
        assert_eq!(code(objs(&args, "one")), INVALID);
    }

    #[test]
    fn limits_use_the_none_and_more_rules() {
        let args = json!({"two": [1, 2], "three": [1, 2, 3], "empty": []});
        assert_eq!(counted_ids(&args, "two", &LIMIT).unwrap().len(), 2);
        assert_eq!(code(counted_ids(&args, "three", &LIMIT)), "MORE");
        assert_eq!(code(counted_ids(&args, "empty", &LIMIT)), "NONE");
        assert_eq!(code(counted_ids(&args, "absent", &LIMIT)), "NONE");
        assert_eq!(
            message(counted_ids(&args, "three", &LIMIT)),
            "count must be less than or equals to 2 (pass three: an Array of 1 to 2 ids)"
        );
        assert_eq!(code(counted_objs(&json!({"o": []}), "o", &LIMIT)), "NONE");
        assert_eq!(
            code(counted_strs(&json!({"s": "a,b,c"}), "s", &LIMIT)),
            "MORE"
        );
    }

    #[test]
    fn each_with_id_wants_an_id_in_every_element() {
        assert!(each_with_id(&[json!({"id": "1"}), json!({"id": 2})], "x", &MISSING).is_ok());
        for bad in [
            json!({}),
            json!({"id": null}),
            json!({"id": ""}),
            json!({"id": {}}),
        ] {
            assert_eq!(
                code(each_with_id(
                    &[json!({"id": "1"}), bad.clone()],
                    "x",
                    &MISSING
                )),
                "MISSING CODE",
                "{bad}"
            );
        }
    }

    #[test]
    fn headers_are_checked() {
        let args = json!({"h": {"X-One": "1", "If-Modified-Since": "2019-07-25T15:26:49+05:30", "X-N": 2}});
        let mut got = headers(&args, "h").unwrap();
        got.sort();
        assert_eq!(
            got,
            vec![
                (
                    "If-Modified-Since".to_string(),
                    "2019-07-25T15:26:49+05:30".to_string()
                ),
                ("X-N".to_string(), "2".to_string()),
                ("X-One".to_string(), "1".to_string()),
            ]
        );
        assert_eq!(headers(&args, "absent").unwrap(), vec![]);
        for bad in [
            json!({"h": ["X"]}),
            json!({"h": {"Bad Name": "1"}}),
            json!({"h": {"X": "a\r\nInjected: 1"}}),
            json!({"h": {"authorization": "Zoho-oauthtoken x"}}),
            json!({"h": {"X": {}}}),
        ] {
            assert_eq!(code(headers(&bad, "h")), INVALID, "{bad}");
        }
    }

    #[test]
    fn readable_file_or_file_not_found() {
        let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
        assert!(readable_file("file_path", manifest).is_ok());
        assert_eq!(
            code(readable_file("file_path", "/no/such/file")),
            "FILE NOT FOUND"
        );
        assert_eq!(
            code(readable_file("file_path", env!("CARGO_MANIFEST_DIR"))),
            "FILE NOT FOUND"
        );
    }

    #[test]
    fn segments_are_percent_encoded() {
        assert_eq!(
            segment("Sales Orders/1?x=é"),
            "Sales%20Orders%2F1%3Fx%3D%C3%A9"
        );
        assert_eq!(segment("Foo__c"), "Foo__c");
    }
}
