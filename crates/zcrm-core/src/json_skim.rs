//! A validating walk over JSON text that builds nothing: what the envelope check and a record
//! page need of an answer (is it JSON, which keys it has, where each value is) without a
//! serde pass. serde pays a visitor call and a key `Cow` per token even when it ignores a
//! value: over a one-record answer (51 fields, 1.6 KB) its passes cost a third of the call's
//! instructions (callgrind, bench/RESULTS.md); this walk jumps from quote to quote.
//!
//! It accepts what `serde_json` accepts when it ignores a value, on UTF-8 text: the same
//! grammar, the same four whitespace bytes, no control character inside a string, escapes
//! checked (`\u` needs four hex digits; a lone surrogate passes, as it does there). The
//! differential test below holds it to that. Two differences: text that is not UTF-8 is
//! refused as a whole (JSON text is UTF-8, RFC 8259 §8.1), and so is text nested deeper than
//! serde_json will parse (its ignoring pass has no limit), which no answer turned into Ruby
//! objects could be, and which would otherwise take this walk's stack as deep as the text.

use std::ops::Range;

/// The deepest nesting serde_json parses (its recursion limit, 128, counts the level it refuses).
const MAX_DEPTH: usize = 127;

/// A cursor over JSON text. Each reading method returns `None` when the text is not JSON at
/// that point; the walk is then over.
pub struct Skim<'t> {
    text: &'t str,
    at: usize,
    depth: usize,
}

/// A string as written between its quotes: a member's key, or a value read with `string`.
#[derive(Clone, Copy, Debug)]
pub struct Quoted<'t> {
    /// Bytes of UTF-8 text between two quotes (kept as bytes: slicing a `str` checks char
    /// boundaries, a cost paid for every key).
    text: &'t [u8],
    /// Whether `text` holds a backslash: nearly no key does, and then it is compared as it is.
    escaped: bool,
}

impl Quoted<'_> {
    /// Whether the string, escapes resolved, is `name`.
    pub fn is(&self, name: &str) -> bool {
        if self.escaped {
            self.unescaped() == name
        } else {
            self.text == name.as_bytes()
        }
    }

    /// The string with its escapes resolved (as written when one cannot be: a lone surrogate).
    pub fn unescaped(&self) -> String {
        let text = String::from_utf8_lossy(self.text);
        if !self.escaped {
            return text.into_owned();
        }
        serde_json::from_str(&format!("\"{text}\"")).unwrap_or_else(|_| text.into_owned())
    }
}

impl<'t> Skim<'t> {
    /// A walk from the start of `text`; `None` when it is not UTF-8.
    pub fn new(text: &'t [u8]) -> Option<Self> {
        Some(Skim {
            text: std::str::from_utf8(text).ok()?,
            at: 0,
            depth: 0,
        })
    }

    /// The first byte of what comes next, after whitespace.
    #[inline]
    pub fn peek(&mut self) -> Option<u8> {
        let bytes = self.text.as_bytes();
        match bytes.get(self.at) {
            // Zoho's answers are compact: whitespace between tokens is rare.
            Some(&byte) if byte > b' ' => Some(byte),
            _ => {
                while let Some(b' ' | b'\n' | b'\t' | b'\r') = bytes.get(self.at) {
                    self.at += 1;
                }
                bytes.get(self.at).copied()
            }
        }
    }

    /// Whether only whitespace is left.
    pub fn finish(mut self) -> Option<()> {
        self.peek().is_none().then_some(())
    }

    /// Skips the next value; returns where it is.
    pub fn value(&mut self) -> Option<Range<usize>> {
        match self.peek()? {
            b'{' => self.object(|skim, _| skim.value().map(drop)),
            b'[' => self.array(|skim| skim.value().map(drop)),
            b'"' => {
                let start = self.at;
                (self.at, _) = self.string_end(start)?;
                Some(start..self.at)
            }
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    /// The string at `range` (a value this walk returned), `None` when it is not a string.
    pub fn string(&self, range: Range<usize>) -> Option<Quoted<'t>> {
        let text = self.text.as_bytes().get(range)?;
        let text = text.strip_prefix(b"\"")?.strip_suffix(b"\"")?;
        Some(Quoted {
            text,
            escaped: text.contains(&b'\\'),
        })
    }

    /// Reads the object that comes next, calling `member` with each key in order. `member`
    /// reads that member's value (with `value`, `object` or `array`) and nothing else.
    pub fn object(
        &mut self,
        mut member: impl FnMut(&mut Self, Quoted<'t>) -> Option<()>,
    ) -> Option<Range<usize>> {
        let start = self.open(b'{')?;
        if self.peek()? == b'}' {
            return Some(self.close(start));
        }
        loop {
            if self.peek()? != b'"' {
                return None;
            }
            let key_start = self.at;
            let escaped;
            (self.at, escaped) = self.string_end(key_start)?;
            let key = Quoted {
                text: self.text.as_bytes().get(key_start + 1..self.at - 1)?,
                escaped,
            };
            if self.peek()? != b':' {
                return None;
            }
            self.at += 1;
            member(self, key)?;
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => return Some(self.close(start)),
                _ => return None,
            }
        }
    }

    /// Reads the array that comes next, calling `element` for each element in order;
    /// `element` reads that element and nothing else.
    pub fn array(
        &mut self,
        mut element: impl FnMut(&mut Self) -> Option<()>,
    ) -> Option<Range<usize>> {
        let start = self.open(b'[')?;
        if self.peek()? == b']' {
            return Some(self.close(start));
        }
        loop {
            element(self)?;
            match self.peek()? {
                b',' => self.at += 1,
                b']' => return Some(self.close(start)),
                _ => return None,
            }
        }
    }

    fn open(&mut self, bracket: u8) -> Option<usize> {
        if self.peek()? != bracket || self.depth == MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        self.at += 1;
        Some(self.at - 1)
    }

    fn close(&mut self, start: usize) -> Range<usize> {
        self.depth -= 1;
        self.at += 1;
        start..self.at
    }

    /// Just past the closing quote of the string whose opening quote is at `start`, and whether
    /// the string holds an escape. Eight bytes are looked at a time while none of them can end
    /// the string, start an escape or be a control byte: most strings of an answer are short,
    /// too short for a vector search to pay for its set-up.
    #[inline]
    fn string_end(&self, start: usize) -> Option<(usize, bool)> {
        let bytes = self.text.as_bytes();
        let mut at = start + 1;
        let mut escaped = false;
        loop {
            while let Some(word) = bytes.get(at..at + 8) {
                let stops = stops_in(u64::from_le_bytes(word.try_into().ok()?));
                if stops != 0 {
                    at += stops.trailing_zeros() as usize / 8;
                    break;
                }
                at += 8;
            }
            match *bytes.get(at)? {
                b'"' => return Some((at + 1, escaped)),
                b'\\' => {
                    escaped = true;
                    at += 1 + escape_len(bytes.get(at + 1..)?)?;
                }
                0..=0x1f => return None,
                _ => at += 1,
            }
        }
    }

    fn literal(&mut self, word: &[u8]) -> Option<Range<usize>> {
        let start = self.at;
        self.text
            .as_bytes()
            .get(start..)?
            .starts_with(word)
            .then_some(())?;
        self.at += word.len();
        Some(start..self.at)
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    fn number(&mut self) -> Option<Range<usize>> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        let mut at = start + usize::from(bytes.get(start) == Some(&b'-'));
        match bytes.get(at)? {
            b'0' => at += 1,
            b'1'..=b'9' => at = digits_end(bytes, at),
            _ => return None,
        }
        if bytes.get(at) == Some(&b'.') {
            at = some_digits_end(bytes, at + 1)?;
        }
        if let Some(b'e' | b'E') = bytes.get(at) {
            at += 1;
            at += usize::from(matches!(bytes.get(at), Some(b'+' | b'-')));
            at = some_digits_end(bytes, at)?;
        }
        self.at = at;
        Some(start..at)
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` (read little-endian) that is a quote, a backslash or
/// below 0x20: the `haszero` and `hasless` tricks of "Bit Twiddling Hacks" (a byte of UTF-8
/// text with its high bit set is none of them). A borrow can also flag a byte above a flagged
/// one, never below, so the lowest flag is exact.
fn stops_in(word: u64) -> u64 {
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & HIGH_BITS;
    below(word ^ (ONES * u64::from(b'"')), 1)
        | below(word ^ (ONES * u64::from(b'\\')), 1)
        | below(word, 0x20)
}

/// How many bytes follow the backslash of a valid escape (`None`: not one).
fn escape_len(after: &[u8]) -> Option<usize> {
    match after.first()? {
        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => Some(1),
        b'u' => after
            .get(1..5)?
            .iter()
            .all(u8::is_ascii_hexdigit)
            .then_some(5),
        _ => None,
    }
}

fn digits_end(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_digit) {
        at += 1;
    }
    at
}

/// Like `digits_end`, but at least one digit must be there.
fn some_digits_end(bytes: &[u8], at: usize) -> Option<usize> {
    let end = digits_end(bytes, at);
    (end > at).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::IgnoredAny;

    fn skims(text: &[u8]) -> bool {
        Skim::new(text).is_some_and(|mut skim| skim.value().is_some() && skim.finish().is_some())
    }

    /// What serde_json says of the same text, as UTF-8.
    fn serde_accepts(text: &[u8]) -> bool {
        std::str::from_utf8(text).is_ok_and(|text| serde_json::from_str::<IgnoredAny>(text).is_ok())
    }

    const SAMPLES: &[&str] = &[
        r#"{"data":[{"id":"4150868000001","Owner":{"name":"A \"B\" \\ C","id":"9"},"n":-12.5e+3,"z":0,"t":true,"f":false,"x":null,"Tag":[],"e":{},"u":"\u00e9\ud83d\ude00 é ☃"}],"info":{"more_records":false,"count":1}}"#,
        r#" [ 1 , -0.5 , 2E-7 , "\/\b\f\n\r\t" , [ [ ] ] , { "a" : { } } ] "#,
        r#"{"a":"\ud800","b":1e400,"c":-0}"#,
    ];

    /// Each sample, cut short at every byte, with every byte replaced by each of a set of
    /// troublesome ones, and with every byte removed.
    fn variants(sample: &[u8]) -> Vec<Vec<u8>> {
        const BYTES: &[u8] = b"\"\\{}[],:0-+.eEu x\x01\x7f\xff\x09\x0c";
        let mut out = vec![sample.to_vec()];
        for at in 0..sample.len() {
            out.push(sample[..at].to_vec());
            let mut removed = sample.to_vec();
            removed.remove(at);
            out.push(removed);
            for &b in BYTES {
                let mut changed = sample.to_vec();
                changed[at] = b;
                out.push(changed);
            }
        }
        out
    }

    #[test]
    fn accepts_and_refuses_what_serde_json_does() {
        let mut checked = 0;
        for sample in SAMPLES {
            assert!(skims(sample.as_bytes()), "refused {sample}");
            for text in variants(sample.as_bytes()) {
                assert_eq!(
                    skims(&text),
                    serde_accepts(&text),
                    "disagrees with serde_json on {:?}",
                    String::from_utf8_lossy(&text)
                );
                checked += 1;
            }
        }
        assert!(checked > 5_000, "only {checked} texts checked");
    }

    /// serde_json ignores a value without a depth limit but parses no deeper than 127 levels,
    /// which is what turning an answer into Ruby objects (or a `Value`) can do.
    #[test]
    fn nests_as_deep_as_serde_json_parses_and_no_deeper() {
        for depth in [MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1, 100_000] {
            let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            let parses = serde_json::from_str::<serde_json::Value>(&text).is_ok();
            assert_eq!(skims(text.as_bytes()), parses, "depth {depth}");
            assert_eq!(parses, depth <= MAX_DEPTH, "depth {depth}");
        }
    }

    #[test]
    fn reports_where_each_member_is() {
        let text = r#" {"id" : "42", "Owner": {"id": "9"}, "n": -1.5e3, "x": null} "#;
        let mut skim = Skim::new(text.as_bytes()).expect("UTF-8");
        let mut members = Vec::new();
        let whole = skim
            .object(|skim, key| {
                let value = skim.value()?;
                members.push((key.unescaped(), &text[value]));
                Some(())
            })
            .expect("an object");
        assert_eq!(&text[whole], text.trim());
        assert_eq!(
            members,
            vec![
                ("id".to_string(), r#""42""#),
                ("Owner".to_string(), r#"{"id": "9"}"#),
                ("n".to_string(), "-1.5e3"),
                ("x".to_string(), "null"),
            ]
        );
        assert!(skim.finish().is_some());
    }

    #[test]
    fn a_key_is_compared_with_its_escapes_resolved() {
        let mut skim = Skim::new(br#"{"\u0069d":1,"d\"q":2}"#).expect("UTF-8");
        let mut keys = Vec::new();
        skim.object(|skim, key| {
            keys.push((key.is("id"), key.is("d\"q"), key.unescaped()));
            skim.value().map(drop)
        })
        .expect("an object");
        assert_eq!(
            keys,
            vec![
                (true, false, "id".to_string()),
                (false, true, "d\"q".to_string())
            ]
        );
    }

    #[test]
    fn text_that_is_not_utf8_is_refused_whole() {
        assert!(Skim::new(b"\"\xff\"").is_none());
        assert!(!skims(b"\"\xc3\""));
    }
}
