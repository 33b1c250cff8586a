//! One pass over a success answer's body for what the envelope check needs (see `envelope`):
//! whether the body is a JSON object, how the value under the operation's key opens, and
//! whether the first entry says `"status": "error"`. Nothing is built: a page of 200 records
//! is 300 KB, and even one 51-field record cost more to build (or to scan three times, as the
//! check once did) than the rest of the check.

use crate::json_skim::Skim;

/// What the check reads of a body that is a JSON object.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Scan {
    /// The first byte of the value under the key (`[`, `{`, or another), when the key is there.
    pub opens: Option<u8>,
    /// The list's first item, or the object under the key, has `"status": "error"`.
    pub first_is_error: bool,
}

/// `None` when the body is not a JSON object (or not JSON at all).
pub(super) fn scan(body: &[u8], key: &str) -> Option<Scan> {
    let mut skim = Skim::new(body)?;
    if skim.peek()? != b'{' {
        return None;
    }
    let mut scan = Scan::default();
    skim.object(|skim, name| {
        if name.is(key) {
            // A repeated key: the last one counts, as it would in a parsed object.
            scan = entries(skim)?;
        } else {
            skim.value()?;
        }
        Some(())
    })?;
    skim.finish()?;
    Some(scan)
}

/// The value under the operation's key.
fn entries(skim: &mut Skim) -> Option<Scan> {
    let (opens, first_is_error) = match skim.peek()? {
        b'[' => {
            let mut first = true;
            let mut first_is_error = false;
            skim.array(|skim| {
                if std::mem::take(&mut first) && skim.peek()? == b'{' {
                    first_is_error = status_is_error(skim)?;
                } else {
                    skim.value()?;
                }
                Some(())
            })?;
            (b'[', first_is_error)
        }
        b'{' => (b'{', status_is_error(skim)?),
        _ => {
            skim.value()?;
            (0, false)
        }
    };
    Some(Scan {
        opens: Some(opens),
        first_is_error,
    })
}

/// Reads the object that comes next: whether its `status` is the string "error".
fn status_is_error(skim: &mut Skim) -> Option<bool> {
    let mut error = false;
    skim.object(|skim, name| {
        let value = skim.value()?;
        if name.is("status") {
            error = skim.string(value).is_some_and(|status| status.is("error"));
        }
        Some(())
    })?;
    Some(error)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(body: &str) -> Option<Scan> {
        scan(body.as_bytes(), "data")
    }

    fn found(opens: u8, first_is_error: bool) -> Option<Scan> {
        Some(Scan {
            opens: Some(opens),
            first_is_error,
        })
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
        assert_eq!(of(r#"{"info":{}}"#), Some(Scan::default()));
    }

    #[test]
    fn a_body_that_is_no_json_object_is_none() {
        assert_eq!(of("[1,2]"), None);
        assert_eq!(of("<html>"), None);
        assert_eq!(of(r#"{"data":[1,]}"#), None);
        assert_eq!(of(r#"{"data":[]} trailing"#), None);
    }

    #[test]
    fn the_last_of_a_repeated_key_counts() {
        assert_eq!(
            of(r#"{"data":[{"status":"error"}],"data":{}}"#),
            found(b'{', false)
        );
    }
}
