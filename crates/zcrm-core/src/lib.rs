//! `zcrm-core`: a Zoho CRM (REST API v2) client in plain Rust.
//!
//! It is the engine of the ZCRMSDK Ruby gem but knows nothing of Ruby: configuration
//! ([`config`]), OAuth with single-flight refresh ([`oauth`]), token persistence
//! ([`store`]), HTTP with retries ([`transport`]) and request building per resource
//! ([`api`]). [`Client`] ties them together.

pub mod api;
pub mod bulk;
pub mod client;
pub mod config;
pub mod error;
pub mod journal;
pub mod json_skim;
pub mod metadata_cache;
pub mod oauth;
pub mod store;
pub mod tokens;
pub mod transport;

pub use client::{ApiResponse, Client};
pub use config::Config;
pub use error::{Error, Result};
pub use journal::{Exchange, Journal, RequestRecord};
pub use tokens::Tokens;
