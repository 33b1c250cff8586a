//! One pass over a success answer's body for what the envelope check needs (see `envelope`):
//! whether the body is a JSON object, how the value under the operation's key opens, whether
//! the first entry (or the top level itself) says `"status": "error"`, and where a list's
//! records are. Nothing is built: a page of 200 records
//! is 300 KB, and even one 51-field record cost more to build (or to scan three times, as the
//! check once did) than the rest of the check.

use std::collections::BTreeMap;

use super::page_layout::{self, PageLayout};
use crate::json_skim::Skim;

/// What the check reads of a body that is a JSON object.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Scan {
    /// The first byte of the value under the key (`[`, `{`, or another), when the key is there.
    pub opens: Option<u8>,
    /// The list's first item, or the object under the key, has `"status": "error"`.
    pub first_is_error: bool,
    /// The top level has `"status": "error"` (an answer that is one error object).
    pub top_is_error: bool,
    /// Where the records are, when the value under the key is a list of objects.
    pub page: Option<PageLayout>,
}

/// `None` when the body is not a JSON object (or not JSON at all).
pub(super) fn scan(body: &[u8], key: &str) -> Option<Scan> {
    let mut skim = Skim::new(body)?;
    if skim.peek()? != b'{' {
        return None;
    }
    let mut scan = Scan::default();
    let mut others = BTreeMap::new();
    skim.object(|skim, name| {
        if name.is(key) {
            // A repeated key: the last one counts, as it would in a parsed object.
            scan = entries(skim)?;
        } else {
            others.insert(name.unescaped(), skim.value()?);
        }
        Some(())
    })?;
    scan.top_is_error = others
        .get("status")
        .and_then(|status| skim.string(status.clone()))
        .is_some_and(|status| status.is("error"));
    skim.finish()?;
    if let Some(page) = &mut scan.page {
        page.others = others.into_iter().collect();
    }
    Some(scan)
}

/// The value under the operation's key.
fn entries(skim: &mut Skim) -> Option<Scan> {
    Some(match skim.peek()? {
        b'[' => {
            let list = page_layout::read_list(skim)?;
            Scan {
                opens: Some(b'['),
                first_is_error: list.first_is_error,
                page: list.layout,
                ..Scan::default()
            }
        }
        b'{' => Scan {
            opens: Some(b'{'),
            first_is_error: page_layout::read_element(skim)?.status_is_error,
            ..Scan::default()
        },
        _ => {
            skim.value()?;
            Scan {
                opens: Some(0),
                ..Scan::default()
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How the entries open and whether the first is an error.
    fn of(body: &str) -> Option<(Option<u8>, bool)> {
        scan(body.as_bytes(), "data").map(|scan| (scan.opens, scan.first_is_error))
    }

    fn found(opens: u8, first_is_error: bool) -> Option<(Option<u8>, bool)> {
        Some((Some(opens), first_is_error))
    }

    fn page(body: &str) -> Option<PageLayout> {
        scan(body.as_bytes(), "data").and_then(|scan| scan.page)
    }

    #[test]
    fn reads_how_the_entries_open_and_the_first_entrys_status() {
        assert_eq!(
            of(r#"{"data":[{"id":"1","status":"error"},{}]}"#),
            found(b'[', true)
        );
        assert_eq!(
            of(r#"{"data":[{"id":"1"},{"status":"error"}]}"#),
            found(b'[', false)
        );
        assert_eq!(
            of(r#"{"data":{"status":"error","code":"X"}}"#),
            found(b'{', true)
        );
        assert_eq!(
            of(r#"{"data":[{"status":{"nested":"error"}}]}"#),
            found(b'[', false)
        );
        assert_eq!(of(r#"{"data":["error"]}"#), found(b'[', false));
        assert_eq!(of(r#"{"data":[]}"#), found(b'[', false));
        assert_eq!(of(r#"{"data":null}"#), found(0, false));
        assert_eq!(of(r#"{"info":{}}"#), Some((None, false)));
    }

    #[test]
    fn a_body_that_is_no_json_object_is_none() {
        assert_eq!(of("[1,2]"), None);
        assert_eq!(of("<html>"), None);
        assert_eq!(of(r#"{"data":[1,]}"#), None);
        assert_eq!(of(r#"{"data":[]} trailing"#), None);
        assert_eq!(of(r#"{"data":[{"id":"1"}]"#), None);
    }

    #[test]
    fn the_last_of_a_repeated_key_counts() {
        assert_eq!(
            of(r#"{"data":[{"status":"error"}],"data":{}}"#),
            found(b'{', false)
        );
        let page = page(r#"{"data":[{"id":"1"}],"data":[{"id":"2"},{"id":"3"}]}"#);
        assert_eq!(page.map(|page| page.records.len()), Some(2));
    }

    #[test]
    fn finds_where_each_record_its_id_and_the_other_members_are() {
        let body = r#" {"info": {"count": 2}, "data": [ {"Owner": {"id": "9"}, "id": "42"}, {"\u0069d": 7, "Tag": [{"id": "1"}]}, {"x": null} ], "a": 1 } "#;
        let page = page(body).expect("a page");
        let text = |range: &std::ops::Range<usize>| &body[range.clone()];
        let records: Vec<&str> = page.records.iter().map(text).collect();
        assert_eq!(
            records,
            vec![
                r#"{"Owner": {"id": "9"}, "id": "42"}"#,
                r#"{"\u0069d": 7, "Tag": [{"id": "1"}]}"#,
                r#"{"x": null}"#
            ]
        );
        let ids: Vec<Option<&str>> = page.ids.iter().map(|id| id.as_ref().map(text)).collect();
        assert_eq!(ids, vec![Some(r#""42""#), Some("7"), None]);
        let others: Vec<(&str, &str)> = page
            .others
            .iter()
            .map(|(name, range)| (name.as_str(), text(range)))
            .collect();
        assert_eq!(others, vec![("a", "1"), ("info", r#"{"count": 2}"#)]);
        assert!(!page.write_results);
    }

    #[test]
    fn a_list_of_write_results_is_marked() {
        let body = r#"{"data":[{"code":"SUCCESS","status":"success","details":{"id":"1"}}]}"#;
        assert_eq!(page(body).map(|page| page.write_results), Some(true));
    }

    #[test]
    fn reads_whether_the_top_level_is_an_error() {
        let top = |body: &str| scan(body.as_bytes(), "data").map(|scan| scan.top_is_error);
        assert_eq!(
            top(r#"{"code":"INVALID_FILE_FORMAT","status":"error"}"#),
            Some(true)
        );
        assert_eq!(top(r#"{"status":"success","data":[]}"#), Some(false));
        assert_eq!(top(r#"{"data":[{"status":"error"}]}"#), Some(false));
        assert_eq!(top(r#"{"status":"error","status":"ok"}"#), Some(false));
    }

    #[test]
    fn only_a_list_of_objects_has_a_layout() {
        for body in [
            r#"{"data":[{"id":"1"}, 2]}"#,
            r#"{"data":{"id":"1"}}"#,
            r#"{"info":{}}"#,
        ] {
            assert_eq!(page(body), None, "{body}");
        }
        assert_eq!(
            page(r#"{"data":[]}"#).map(|page| page.records.len()),
            Some(0)
        );
    }
}
