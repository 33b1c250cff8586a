//! Sending callbacks: real HTTP POSTs to each channel's notify URL (see `crate::callbacks`),
//! after the request that changed the records has let go of the state lock.

use super::channels::Callback;

/// Sends `callbacks` in order on a task of the current runtime; without one (a write made
/// outside the server, such as seeding) there is nothing to send to anyway.
pub(crate) fn send(callbacks: Vec<Callback>) {
    if callbacks.is_empty() {
        return;
    }
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return;
    };
    runtime.spawn(async move {
        for callback in callbacks {
            // A refused or unreachable notify URL loses that notification, as with Zoho.
            crate::callbacks::post(&callback.url, &callback.body).await;
        }
    });
}
