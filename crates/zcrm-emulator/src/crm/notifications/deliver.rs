//! Sending callbacks: real HTTP POSTs to each channel's notify URL, after the request that
//! changed the records has let go of the state lock.
//!
//! Zoho documents no retry of a callback its notify URL refused, nor a timeout; the emulator
//! sends each once and, unverified, gives up after ten seconds (the harder case for a receiver
//! that answers slowly: the notification is lost).

use std::sync::OnceLock;
use std::time::Duration;

use super::channels::Callback;

const TIMEOUT: Duration = Duration::from_secs(10);

fn client() -> Option<&'static reqwest::Client> {
    static CLIENT: OnceLock<Option<reqwest::Client>> = OnceLock::new();
    CLIENT
        .get_or_init(|| reqwest::Client::builder().timeout(TIMEOUT).build().ok())
        .as_ref()
}

/// Sends `callbacks` in order on a task of the current runtime; without one (a write made
/// outside the server, such as seeding) there is nothing to send to anyway.
pub(crate) fn send(callbacks: Vec<Callback>) {
    if callbacks.is_empty() {
        return;
    }
    let (Ok(runtime), Some(client)) = (tokio::runtime::Handle::try_current(), client()) else {
        return;
    };
    runtime.spawn(async move {
        for callback in callbacks {
            // A refused or unreachable notify URL loses that notification, as with Zoho.
            let _ = client.post(&callback.url).json(&callback.body).send().await;
        }
    });
}
