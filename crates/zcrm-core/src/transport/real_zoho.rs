//! A process-wide switch that keeps test suites away from real Zoho. When it is on, requests
//! to Zoho's own hosts (`accounts.zoho.*`, `*.zohoapis.*`, `*.zohocloud.*`, `*.zoho.com` ...)
//! fail before anything is sent. Bindings turn it on in test environments: a spec that
//! reaches Zoho there is reusing real tokens by accident (a development token store, an
//! `api_domain` stored with them), and may spend a real org's API credits or change its data.

use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::{Error, Result};

static REFUSED: AtomicBool = AtomicBool::new(false);

/// The host labels only Zoho's own servers carry.
const ZOHO_LABELS: [&str; 3] = ["zoho", "zohoapis", "zohocloud"];

/// Turns the refusal on or off for the whole process.
pub fn refuse_real_zoho(refuse: bool) {
    REFUSED.store(refuse, Ordering::SeqCst);
}

pub fn refusing_real_zoho() -> bool {
    REFUSED.load(Ordering::SeqCst)
}

/// Whether `url` names one of Zoho's own hosts.
pub fn is_real_zoho(url: &str) -> bool {
    let Ok(parsed) = url::Url::parse(url) else {
        return false;
    };
    parsed.host_str().is_some_and(|host| {
        host.to_ascii_lowercase()
            .split('.')
            .any(|label| ZOHO_LABELS.contains(&label))
    })
}

/// An error when the switch is on and `url` is real Zoho.
pub(crate) fn check(url: &str) -> Result<()> {
    if !refusing_real_zoho() || !is_real_zoho(url) {
        return Ok(());
    }
    Err(Error::config(
        "real_zoho",
        format!(
            "refused to send a request to real Zoho ({url}) from a test environment: point \
             accounts_url and api_base_url at ZCRMSDK::Testing's emulator (tokens stored for \
             real Zoho carry its hosts too: use a test token store), or allow real Zoho with \
             ZCRMSDK::Testing.allow_real_zoho! or ZCRMSDK_ALLOW_REAL_ZOHO=1"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::is_real_zoho;

    #[test]
    fn zoho_hosts_of_every_data_centre_are_real_zoho() {
        for url in [
            "https://accounts.zoho.com/oauth/v2/token",
            "https://accounts.zoho.eu/oauth/v2/token",
            "https://accounts.zohocloud.ca/oauth/v2/token",
            "https://www.zohoapis.com/crm/v2/Leads",
            "https://content.zohoapis.in/crm/v2/Leads/1/photo",
            "https://WWW.ZOHOAPIS.COM.AU/crm/v2/Leads",
            "https://crm.zoho.com/crm/private/json",
        ] {
            assert!(is_real_zoho(url), "{url}");
        }
    }

    #[test]
    fn other_hosts_are_not() {
        for url in [
            "https://127.0.0.1:4443/crm/v2/Leads",
            "http://localhost:3000/oauth/v2/token",
            "https://zohosomething.example/crm",
            "https://example.com/zoho/crm",
            "not a url",
        ] {
            assert!(!is_real_zoho(url), "{url}");
        }
    }
}
