//! An answer's headers, kept in one buffer: a call's ten or so headers were twenty `String`s,
//! allocated when the answer came and freed when Ruby's GC swept the answer, for headers
//! that most calls never read.

use std::ops::Range;

/// Lower-case names and their values, in arrival order (a repeated name stays repeated).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headers {
    text: String,
    /// Where each header's name and value end in `text`; each name starts where the value
    /// before it ended.
    ends: Vec<(usize, usize)>,
}

impl Headers {
    /// The headers of an answer (values that are not UTF-8 are read lossily).
    pub fn from_map(map: &http::HeaderMap) -> Headers {
        let mut headers = Headers {
            text: String::with_capacity(map.len() * 48),
            ends: Vec::with_capacity(map.len()),
        };
        for (name, value) in map {
            headers.push(name.as_str(), &String::from_utf8_lossy(value.as_bytes()));
        }
        headers
    }

    fn push(&mut self, name: &str, value: &str) {
        self.text.push_str(name);
        let name_end = self.text.len();
        self.text.push_str(value);
        self.ends.push((name_end, self.text.len()));
    }

    /// The first value of `name` (lower case).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, value)| value)
    }

    /// `(name, value)` in arrival order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().map(|&(_, value_end)| value_end));
        starts
            .zip(&self.ends)
            .map(|(start, &(name_end, value_end))| {
                (self.slice(start..name_end), self.slice(name_end..value_end))
            })
    }

    /// How many headers (a repeated name counts each time).
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    fn slice(&self, range: Range<usize>) -> &str {
        self.text.get(range).unwrap_or_default()
    }
}

impl<N: AsRef<str>, V: AsRef<str>> FromIterator<(N, V)> for Headers {
    fn from_iter<I: IntoIterator<Item = (N, V)>>(pairs: I) -> Headers {
        let mut headers = Headers::default();
        for (name, value) in pairs {
            headers.push(name.as_ref(), value.as_ref());
        }
        headers
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::{HeaderMap, HeaderValue};

    #[test]
    fn keeps_every_header_in_order_and_finds_the_first_of_a_name() {
        let mut map = HeaderMap::new();
        map.append("set-cookie", HeaderValue::from_static("a=1"));
        map.append("x-zoho-request-id", HeaderValue::from_static("r-1"));
        map.append("set-cookie", HeaderValue::from_static("b=2"));
        map.append("content-length", HeaderValue::from_static(""));
        map.append(
            "x-bytes",
            HeaderValue::from_bytes(b"caf\xe9").expect("a header value"),
        );
        let headers = Headers::from_map(&map);
        let pairs: Vec<(&str, &str)> = headers.iter().collect();
        assert_eq!(pairs.len(), 5);
        assert!(pairs.contains(&("set-cookie", "a=1")) && pairs.contains(&("set-cookie", "b=2")));
        assert_eq!(headers.get("x-zoho-request-id"), Some("r-1"));
        assert_eq!(headers.get("content-length"), Some(""));
        assert_eq!(headers.get("x-bytes"), Some("caf\u{fffd}"));
        assert_eq!(headers.get("date"), None);
    }

    #[test]
    fn collects_from_pairs() {
        let headers: Headers = [("retry-after", "7"), ("date", "x")].into_iter().collect();
        assert_eq!(
            headers.iter().collect::<Vec<_>>(),
            vec![("retry-after", "7"), ("date", "x")]
        );
        assert_eq!(headers.len(), 2);
        assert!(Headers::default().is_empty());
    }
}
