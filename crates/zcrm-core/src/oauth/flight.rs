//! One refresh at a time per user within this process, and a clear error instead of a
//! deadlock when a call made *from inside* a refresh (a custom store's method calling the SDK
//! for the same user, on the same caller chain) would wait for that very refresh.

use std::sync::{Mutex, PoisonError};

use tokio::sync::MutexGuard;

use crate::error::{Error, Result};
use crate::journal::Journal;

#[derive(Default)]
pub struct Flight {
    turn: tokio::sync::Mutex<()>,
    /// The caller chain (see `Journal::chain`) of the call holding the turn, if it named one.
    holder: Mutex<Option<u64>>,
}

pub struct Boarded<'a> {
    _turn: MutexGuard<'a, ()>,
    holder: &'a Mutex<Option<u64>>,
}

impl Drop for Boarded<'_> {
    fn drop(&mut self) {
        *self.holder.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }
}

impl Flight {
    /// Waits for this user's turn, within the call's deadline.
    pub async fn board(&self, journal: &Journal, user: &str) -> Result<Boarded<'_>> {
        let chain = journal.chain();
        let turn = match self.turn.try_lock() {
            Ok(turn) => turn,
            Err(_) if chain.is_some() && self.holder() == chain => return Err(reentrant(user)),
            Err(_) => {
                let waiting_for =
                    || format!("another call of this process was refreshing {user}'s access token");
                journal
                    .within_deadline(self.turn.lock(), waiting_for)
                    .await?
            }
        };
        *self.holder.lock().unwrap_or_else(PoisonError::into_inner) = chain;
        Ok(Boarded {
            _turn: turn,
            holder: &self.holder,
        })
    }

    fn holder(&self) -> Option<u64> {
        *self.holder.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn reentrant(user: &str) -> Error {
    Error::invalid_argument(
        "REENTRANT CALL",
        format!(
            "this call was made from inside a token refresh for {user} (a persistence handler \
             method, or an IO the SDK is writing to, called the SDK for the same user) and would \
             wait for that refresh forever; don't call the SDK for {user} from persistence \
             handler methods"
        ),
    )
}
