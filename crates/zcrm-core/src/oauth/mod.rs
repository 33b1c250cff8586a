//! OAuth 2.0 against Zoho Accounts, and the access-token life cycle.
//!
//! Zoho issues at most 10 access tokens per refresh token per 10 minutes, so a refresh storm
//! (every Puma thread and Sidekiq process refreshing at once) locks a customer out. The rule
//! here: one refresh per user per expiry, across threads (an in-process per-user mutex) and
//! processes (the store's lock), with the store re-read under the lock so that whoever comes
//! second uses the token the first one stored. After Zoho refuses a refresh ("Access
//! Denied"), no refresh is attempted until the window can have room again (`cooldown`).

pub mod accounts;
mod cooldown;
mod flight;
mod manager;

pub use accounts::{Accounts, Grant, Revoked, USER_INFO_UNAVAILABLE};
pub use cooldown::REFRESH_WINDOW_MS;
pub use manager::{no_tokens, tokens_from, TokenManager};
