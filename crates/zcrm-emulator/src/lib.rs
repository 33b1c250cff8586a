//! A local, stateful fake of Zoho Accounts and Zoho CRM v2.
//!
//! It speaks Zoho's wire protocol (token endpoint quirks, envelopes, status codes, the refresh
//! limit) over real HTTP(S) on 127.0.0.1, so the Rust core, the Ruby gem and users' own test
//! suites can exercise the whole client without the internet. The CRM side is stateful: records
//! of the standard modules (validated against their fields, searchable with Zoho's criteria),
//! notes, attachments, photos, tags, lead conversion, related lists, metadata, users, taxes and
//! variables. An admin API under `/_emulator/` lets tests in other processes issue grants, read
//! counters, inject faults, seed sample records and read the (redacted) request log.
//!
//! # Fidelity (Zoho Accounts; the CRM side's table is still to be written)
//!
//! | behaviour modelled | source |
//! |---|---|
//! | an access token lives 3600 s (`expires_in`); the answer names the `api_domain` to call | <https://www.zoho.com/accounts/protocol/oauth/web-apps/access-token-expiry.html> |
//! | a refresh token mints at most 10 access tokens in 10 minutes; past that, refreshes are refused "for the rest of the ten minutes" | same page |
//! | that refusal comes with HTTP 200 and `{"error":"Access Denied","error_description":"You have made too many requests continuously…","status":"failure"}` | <https://help.zoho.com/portal/en/community/topic/kaizen-43-tokens-and-limitations> |
//! | token errors (`invalid_code`, `invalid_client`) come with HTTP 200 and `{"error": code}` | unverified (Zoho's token pages show the bodies, not the status; 1.0.x read them from 200 answers) |
//! | a grant code is single-use and short-lived | unverified lifetime: the emulator uses 180 s |
//!
//! Not modelled yet, and so untested: the 20-refresh-tokens-per-user and live-access-token
//! caps, `OAUTH_SCOPE_MISMATCH`, `redirect_uri` checks, user info's missing-scope answer.

mod accounts;
mod admin;
mod app;
mod clock;
mod crm;
mod emulator;
mod faults;
mod front;
mod ids;
mod multipart;
mod options;
mod params;
mod request_log;
mod server;
mod state;
mod stats;
mod tls;

pub use emulator::Emulator;
pub use options::Options;
pub use stats::Stats;
