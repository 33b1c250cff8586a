//! The top-level `"key": value` pairs of one JSON object, found by skipping over the text
//! instead of parsing it: the page's records were validated as JSON by serde already, and all
//! the scan needs of each is where its `id` and `status` are. A shallow skip over 1.6 KB is a
//! fraction of what a second serde pass over every record cost.
//!
//! Keys are returned as they are written between their quotes: a key spelled with escapes
//! (`"\u0069d"`) does not match "id", and that record's id is then read when it is filled.

use std::ops::Range;

/// `(key, where its value is in text)` for each member of the object `text`, in order. Stops
/// early (yielding what it found) if `text` is not a well-formed object.
pub fn fields(text: &str) -> Fields<'_> {
    let bytes = text.as_bytes();
    let start = usize::from(bytes.first() == Some(&b'{'));
    Fields {
        text,
        at: if start == 1 { 1 } else { bytes.len() },
    }
}

pub struct Fields<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for Fields<'a> {
    type Item = (&'a str, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.text.as_bytes();
        let mut at = skip_space(bytes, self.at);
        if bytes.get(at) == Some(&b',') {
            at = skip_space(bytes, at + 1);
        }
        if bytes.get(at) != Some(&b'"') {
            self.at = bytes.len();
            return None;
        }
        let key_end = string_end(bytes, at)?;
        let key = self.text.get(at + 1..key_end - 1)?;
        at = skip_space(bytes, key_end);
        if bytes.get(at) != Some(&b':') {
            self.at = bytes.len();
            return None;
        }
        let value_start = skip_space(bytes, at + 1);
        let value_end = value_end(bytes, value_start)?;
        self.at = value_end;
        Some((key, value_start..value_end))
    }
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// Just past the closing quote of the string that opens at `at`.
fn string_end(bytes: &[u8], at: usize) -> Option<usize> {
    let mut i = at + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// Just past the value that starts at `at` (a string, an object, an array or a scalar).
fn value_end(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at)? {
        b'"' => string_end(bytes, at),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = at;
            while let Some(&b) = bytes.get(i) {
                match b {
                    b'"' => {
                        i = string_end(bytes, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            None
        }
        _ => {
            let mut i = at;
            while bytes
                .get(i)
                .is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace())
            {
                i += 1;
            }
            Some(i)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fields;

    fn pairs(text: &str) -> Vec<(&str, &str)> {
        fields(text).map(|(k, r)| (k, &text[r])).collect()
    }

    #[test]
    fn finds_every_top_level_member_and_skips_nested_ones() {
        let text = r#"{ "Owner": {"id": "9", "name": "A, \"B\" }"}, "id" : "42", "Tag": [{"id":"7"}], "n": -1.5e3, "ok": true, "x": null }"#;
        assert_eq!(
            pairs(text),
            vec![
                ("Owner", r#"{"id": "9", "name": "A, \"B\" }"}"#),
                ("id", r#""42""#),
                ("Tag", r#"[{"id":"7"}]"#),
                ("n", "-1.5e3"),
                ("ok", "true"),
                ("x", "null"),
            ]
        );
    }

    #[test]
    fn an_empty_object_or_not_an_object_has_no_members() {
        assert!(pairs("{}").is_empty());
        assert!(pairs(" {}").is_empty());
        assert!(pairs("[1]").is_empty());
    }

    #[test]
    fn keys_with_escapes_are_kept_as_written() {
        assert_eq!(pairs(r#"{"\u0069d":1}"#), vec![(r#"\u0069d"#, "1")]);
    }
}
