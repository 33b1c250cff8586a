//! The URI a request is sent to: its URL with the query form-encoded, exactly as the WHATWG
//! parser (`url::Url`, which reqwest used) would write it. Nearly every call's URL is
//! `https://<api domain>/crm/v2/...` with a plain path, already in that form: it is taken as
//! it is, with no URL parse at all. Anything else (upper case or a default port in the host,
//! dot segments, characters to percent-encode, user info, IPv6) goes through `url::Url`.

use http::Uri;
use url::{form_urlencoded, Url};

/// `url` with `query` appended (`application/x-www-form-urlencoded`, as reqwest's `query`).
pub fn request_uri(url: &str, query: &[(String, String)]) -> Result<Uri, String> {
    if is_canonical(url) {
        let uri = match query.is_empty() {
            true => Uri::try_from(url),
            false => Uri::try_from(format!("{url}?{}", form_encoded(query))),
        };
        if let Ok(uri) = uri {
            return Ok(uri);
        }
    }
    let mut parsed = Url::parse(url).map_err(|e| format!("not a valid URL: {e}"))?;
    if !query.is_empty() {
        parsed.query_pairs_mut().extend_pairs(query);
    }
    Uri::try_from(String::from(parsed)).map_err(|e| format!("not a valid URL: {e}"))
}

/// `pairs` as `application/x-www-form-urlencoded` text (a query string, a form body).
pub fn form_encoded(pairs: &[(String, String)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// Whether `url` is `http(s)://host[:port]/path` in the form the WHATWG parser writes, with
/// nothing for it to change: a lower-case name or dotted-quad host, a port that is not the
/// default one, no user info, query or fragment, and a path of `A-Z a-z 0-9 - _ . ~ / %`
/// without dot segments.
fn is_canonical(url: &str) -> bool {
    let (rest, default_port) = match url.strip_prefix("https://") {
        Some(rest) => (rest, "443"),
        None => match url.strip_prefix("http://") {
            Some(rest) => (rest, "80"),
            None => return false,
        },
    };
    let Some(path_start) = rest.find('/') else {
        return false;
    };
    let (authority, path) = rest.split_at(path_start);
    let (host, port_ok) = match authority.split_once(':') {
        None => (authority, true),
        Some((host, port)) => (host, is_canonical_port(port, default_port)),
    };
    let path_ok = path
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-_.~/%".contains(&b))
        && !path.contains("/.");
    port_ok && is_canonical_host(host) && path_ok
}

fn is_canonical_port(port: &str, default_port: &str) -> bool {
    !port.starts_with('0')
        && port != default_port
        && port.bytes().all(|b| b.is_ascii_digit())
        && port.parse::<u16>().is_ok()
}

/// A lower-case name, or an IPv4 address written as four decimal numbers: the parser reads a
/// host whose last label is a number as an IPv4 address, and rewrites `0x7f.1` or `010.0.0.1`.
fn is_canonical_host(host: &str) -> bool {
    let name_bytes = host
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-.".contains(&b));
    let last_label = host.rsplit('.').next().unwrap_or_default();
    let numeric = last_label.starts_with(|c: char| c.is_ascii_digit());
    let dotted_quad = || {
        let parts: Vec<&str> = host.split('.').collect();
        parts.len() == 4
            && parts.iter().all(|part| {
                !part.is_empty()
                    && part.bytes().all(|b| b.is_ascii_digit())
                    && (part.len() == 1 || !part.starts_with('0'))
                    && part.parse::<u8>().is_ok()
            })
    };
    !host.is_empty() && name_bytes && !host.contains("..") && (!numeric || dotted_quad())
}

#[cfg(test)]
mod tests {
    use super::*;

    const URLS: &[&str] = &[
        "https://www.zohoapis.com/crm/v2/Leads/4150868000001",
        "https://www.zohoapis.com/crm/v2/Leads/4150868000001/Notes",
        "https://WWW.ZohoApis.com:443/crm/v2.1/Leads",
        "https://www.zohoapis.com:443/crm/v2/Leads",
        "https://www.zohoapis.com:8443/crm/v2/Leads",
        "http://127.0.0.1:80/crm/v2/Leads/1",
        "http://127.0.0.1:3000/crm/v2/Leads/1",
        "https://127.0.0.1:3000/crm/v2/Leads/a%20b",
        "https://[::1]:3000/crm/v2/org",
        "https://www.zohoapis.eu/crm/v2/Leads/../Contacts",
        "https://www.zohoapis.eu/crm/v2/Leads/./Contacts",
        "https://www.zohoapis.com/crm/v2/Leads/é",
        "https://www.zohoapis.com/crm/v2/Le ads?x=1#y",
        "https://www.zohoapis.com/crm/v2/Leads?x=1",
        "https://u:p@www.zohoapis.com/crm/v2/Leads",
        "https://www.zohoapis.com",
        "https://www.zohoapis.com/",
        "https://0x7f.1/crm",
        "https://www.zohoapis.com./crm",
        "https://010.0.0.1/crm",
        "https://127.1/crm",
        "https://256.0.0.1/crm",
        "https://a..b/crm",
        "https://www.zohoapis.com:0443/crm",
        "https://www.zohoapis.com:99999/crm",
        "https://www.zohoapis.com:/crm",
        "https://x.1a/crm",
    ];

    fn through_url(url: &str, query: &[(String, String)]) -> Option<String> {
        let mut parsed = Url::parse(url).ok()?;
        if !query.is_empty() {
            parsed.query_pairs_mut().extend_pairs(query);
        }
        // A fragment is never sent (RFC 9112 §3.2: it is not part of the request target).
        parsed.set_fragment(None);
        Some(parsed.into())
    }

    #[test]
    fn writes_every_url_as_the_whatwg_parser_does() {
        let queries: [Vec<(String, String)>; 3] = [
            vec![],
            vec![
                ("page".into(), "2".into()),
                ("per_page".into(), "200".into()),
            ],
            vec![
                ("fields".into(), "Last_Name,Email".into()),
                (
                    "criteria".into(),
                    "(Last_Name:equals:O'Brien & Co é)".into(),
                ),
            ],
        ];
        for url in URLS {
            for query in &queries {
                assert_eq!(
                    request_uri(url, query).ok().map(|uri| uri.to_string()),
                    through_url(url, query),
                    "{url} {query:?}"
                );
            }
        }
    }

    #[test]
    fn refuses_what_is_not_a_url_by_saying_so() {
        for url in [
            "https://bad host/crm",
            "https://[::1/crm",
            "/crm/v2/Leads",
            "",
        ] {
            let error = request_uri(url, &[]).expect_err(url);
            assert!(error.starts_with("not a valid URL"), "{url}: {error}");
        }
    }

    #[test]
    fn takes_plain_api_urls_as_they_are() {
        assert!(is_canonical("https://www.zohoapis.com/crm/v2/Leads/1"));
        assert!(is_canonical("http://127.0.0.1:3000/crm/v2/Leads/1"));
        assert!(!is_canonical("https://www.zohoapis.com/crm/v2/../x"));
        assert!(!is_canonical("https://www.zohoapis.com/crm?x=1"));
        assert!(!is_canonical("https://u:p@www.zohoapis.com/crm"));
        assert!(!is_canonical("https://www.zohoapis.com"));
        assert!(!is_canonical("https://www.zohoapis.com:443/crm"));
        assert!(!is_canonical("https://WWW.zohoapis.com/crm"));
    }
}
