//! Request parameters as Zoho reads them: the query string and/or a form body.
//!
//! Legacy SDKs put token parameters in the query of a bodyless POST (sometimes with a literal
//! `null` body and un-encoded values); newer ones send `x-www-form-urlencoded` or multipart
//! bodies. All of them must work.

/// Ordered `(name, value)` pairs, query first, then body.
#[derive(Clone, Debug, Default)]
pub(crate) struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    pub(crate) fn from_query(raw: Option<&str>) -> Self {
        Params {
            pairs: raw.map(parse_urlencoded).unwrap_or_default(),
        }
    }

    /// Query parameters plus whatever form fields the body carries. JSON and other bodies add
    /// nothing: Zoho's token endpoint only reads form data.
    pub(crate) fn from_query_and_body(
        raw_query: Option<&str>,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Self {
        let mut params = Params::from_query(raw_query);
        params.pairs.extend(body_fields(content_type, body));
        params
    }

    /// The first non-empty value for `name`: the old gem sends `page=&per_page=` when unset.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.trim())
            .find(|value| !value.is_empty())
    }

    /// A comma-separated list (`ids=1,2,`): the legacy gem leaves a trailing comma, so empty
    /// elements are dropped. `None` when the parameter is absent or blank.
    pub(crate) fn list(&self, name: &str) -> Option<Vec<String>> {
        let items: Vec<String> = self
            .get(name)?
            .split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(str::to_string)
            .collect();
        (!items.is_empty()).then_some(items)
    }

    pub(crate) fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }
}

pub(crate) fn parse_urlencoded(raw: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(raw.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn body_fields(content_type: Option<&str>, body: &[u8]) -> Vec<(String, String)> {
    if body.is_empty() {
        return Vec::new();
    }
    let content_type = content_type.unwrap_or("");
    if let Some(boundary) = multipart_boundary(content_type) {
        return multipart_fields(body, &boundary);
    }
    if content_type.to_ascii_lowercase().contains("json") {
        return Vec::new();
    }
    // Net::HTTP labels any POST body as urlencoded, and some clients send no type at all.
    parse_urlencoded(&String::from_utf8_lossy(body))
}

fn multipart_boundary(content_type: &str) -> Option<String> {
    if !content_type.to_ascii_lowercase().starts_with("multipart/") {
        return None;
    }
    content_type
        .split(';')
        .filter_map(|part| {
            let (key, value) = part.trim().split_once('=')?;
            key.eq_ignore_ascii_case("boundary").then_some(value)
        })
        .map(|b| b.trim_matches('"').to_string())
        .find(|b| !b.is_empty())
}

/// The text fields of a multipart body (file parts come through lossily; nobody sends a
/// token parameter as a file).
fn multipart_fields(body: &[u8], boundary: &str) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(body);
    let delimiter = format!("--{boundary}");
    let mut starts: Vec<usize> = text
        .match_indices(&delimiter)
        .map(|(i, _)| i + delimiter.len())
        .collect();
    starts.push(text.len() + delimiter.len());
    starts
        .windows(2)
        .filter_map(|w| text.get(w[0]..w[1] - delimiter.len()))
        .filter_map(multipart_part)
        .collect()
}

fn multipart_part(part: &str) -> Option<(String, String)> {
    let (headers, value) = part.split_once("\r\n\r\n")?;
    let name = headers
        .lines()
        .find(|line| line.to_ascii_lowercase().starts_with("content-disposition"))?
        .split(';')
        .filter_map(|attr| attr.trim().strip_prefix("name="))
        .map(|n| n.trim_matches('"').to_string())
        .next()?;
    let value = value.strip_suffix("\r\n").unwrap_or(value);
    Some((name, value.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_wins_and_blanks_are_ignored() {
        let p = Params::from_query_and_body(
            Some("page=&code=a+b&x=1"),
            Some("application/x-www-form-urlencoded"),
            b"page=2&code=zzz",
        );
        assert_eq!(p.get("page"), Some("2"));
        assert_eq!(p.get("code"), Some("a b"));
        assert_eq!(p.get("missing"), None);
    }

    #[test]
    fn lists_drop_trailing_commas() {
        let p = Params::from_query(Some("ids=1,2,&tag_names=a+b,%2C&empty=,"));
        assert_eq!(p.list("ids"), Some(vec!["1".to_string(), "2".to_string()]));
        assert_eq!(p.list("tag_names"), Some(vec!["a b".to_string()]));
        assert_eq!(p.list("empty"), None);
    }

    #[test]
    fn literal_null_body_is_harmless() {
        let p = Params::from_query_and_body(Some("grant_type=refresh_token"), None, b"null");
        assert_eq!(p.get("grant_type"), Some("refresh_token"));
    }

    #[test]
    fn multipart_fields_are_read() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"code\"\r\n\r\nabc\r\n\
                    --XyZ\r\nContent-Disposition: form-data; name=\"client_id\"\r\n\r\nid\r\n--XyZ--\r\n";
        let p = Params::from_query_and_body(
            None,
            Some("multipart/form-data; boundary=XyZ"),
            body.as_bytes(),
        );
        assert_eq!(p.get("code"), Some("abc"));
        assert_eq!(p.get("client_id"), Some("id"));
    }
}
