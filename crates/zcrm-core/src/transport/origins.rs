//! Request URLs parsed from their origin's parsed form: every call's URL is
//! `https://<api domain>/crm/v2/...`, and a full parse of it (reqwest's, for each request)
//! spent most of its work on the host (IDNA mapping, IPv4 checks) that is the same every
//! time. The origin is parsed once; the path is set on a copy of it, which runs the same path
//! parser a full parse does. URLs the shortcut does not cover are parsed in full.

use std::sync::Mutex;

use reqwest::Url;

/// Origins are few (the API domain, the accounts server, a data centre per user): past this
/// many the oldest is forgotten.
const KEPT: usize = 8;

#[derive(Default)]
pub struct Origins(Mutex<Vec<(String, Url)>>);

impl Origins {
    /// `url` parsed, as `Url::parse` would.
    pub fn parse(&self, url: &str) -> Result<Url, url::ParseError> {
        let Some((origin, path)) = split(url) else {
            return Url::parse(url);
        };
        let mut parsed = self.origin(origin)?;
        parsed.set_path(path);
        Ok(parsed)
    }

    fn origin(&self, origin: &str) -> Result<Url, url::ParseError> {
        let mut kept = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((_, url)) = kept.iter().find(|(text, _)| text == origin) {
            return Ok(url.clone());
        }
        let url = Url::parse(origin)?;
        if kept.len() == KEPT {
            kept.remove(0);
        }
        kept.push((origin.to_string(), url.clone()));
        Ok(url)
    }
}

/// `(origin, path)` of an `http(s)://host[:port]/path` URL whose path the path parser keeps
/// as it is: no user info, query, fragment, dot segment, or byte outside
/// `A-Z a-z 0-9 - _ . ~ / %`. `None` for any other URL.
fn split(url: &str) -> Option<(&str, &str)> {
    let after_scheme = url
        .strip_prefix("https://")
        .map(|rest| url.len() - rest.len())
        .or_else(|| {
            url.strip_prefix("http://")
                .map(|rest| url.len() - rest.len())
        })?;
    let path_start = after_scheme + url.get(after_scheme..)?.find('/')?;
    let (origin, path) = url.split_at(path_start);
    let plain = |b: &u8| b.is_ascii_alphanumeric() || b"-_.~/%".contains(b);
    let plain_path = path.bytes().all(|b| plain(&b)) && !path.contains("/.");
    let plain_origin = !origin.contains('@') && origin.len() > after_scheme;
    (plain_path && plain_origin).then_some((origin, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_as_a_full_parse_does() {
        let origins = Origins::default();
        for url in [
            "https://www.zohoapis.com/crm/v2/Leads/4150868000001",
            "https://www.zohoapis.com/crm/v2/Leads/4150868000001/Notes",
            "https://WWW.ZohoApis.com:443/crm/v2.1/Leads",
            "http://127.0.0.1:3000/crm/v2/Leads/1",
            "https://127.0.0.1:3000/crm/v2/Leads/a%20b",
            "https://[::1]:3000/crm/v2/org",
            "https://www.zohoapis.eu/crm/v2/Leads/../Contacts",
            "https://www.zohoapis.com/crm/v2/Leads/é",
            "https://www.zohoapis.com/crm/v2/Le ads?x=1#y",
            "https://u:p@www.zohoapis.com/crm/v2/Leads",
            "https://www.zohoapis.com",
            "https://www.zohoapis.com/",
            "https:///crm",
            "https://bad host/crm",
            "ftp://www.zohoapis.com/crm",
        ] {
            for _ in 0..2 {
                assert_eq!(
                    origins.parse(url).map(String::from),
                    Url::parse(url).map(String::from),
                    "{url}"
                );
            }
        }
    }

    #[test]
    fn takes_the_shortcut_for_plain_api_paths_only() {
        assert_eq!(
            split("https://www.zohoapis.com/crm/v2/Leads/1"),
            Some(("https://www.zohoapis.com", "/crm/v2/Leads/1"))
        );
        assert_eq!(split("https://www.zohoapis.com/crm/v2/../x"), None);
        assert_eq!(split("https://www.zohoapis.com/crm?x=1"), None);
        assert_eq!(split("https://u:p@www.zohoapis.com/crm"), None);
        assert_eq!(split("https://www.zohoapis.com"), None);
    }

    #[test]
    fn keeps_a_few_origins() {
        let origins = Origins::default();
        for port in 0..20 {
            let url = format!("https://127.0.0.1:{}/crm/v2/Leads", 3000 + port);
            assert_eq!(origins.parse(&url).map(String::from), Ok(url.clone()));
        }
        assert_eq!(
            origins.0.lock().map(|kept| kept.len()).unwrap_or_default(),
            KEPT
        );
    }
}
