//! The POSTs the emulator makes to URLs its clients gave it: notification channels' notify
//! URLs and bulk jobs' callback URLs. Zoho documents no retry of a refused callback, nor a
//! timeout; each is sent once and, unverified, given up after ten seconds (the harder case
//! for a receiver that answers slowly: the callback is lost).

use std::sync::OnceLock;
use std::time::Duration;

use serde_json::Value;

const TIMEOUT: Duration = Duration::from_secs(10);

fn client() -> Option<&'static reqwest::Client> {
    static CLIENT: OnceLock<Option<reqwest::Client>> = OnceLock::new();
    CLIENT
        .get_or_init(|| reqwest::Client::builder().timeout(TIMEOUT).build().ok())
        .as_ref()
}

/// POSTs `body` as JSON to `url`. Best effort, as Zoho's are: a callback that is refused or
/// cannot be reached changes nothing.
pub(crate) async fn post(url: &str, body: &Value) {
    if let Some(client) = client() {
        let _ = client.post(url).json(body).send().await;
    }
}
