//! A local, stateful fake of Zoho Accounts and Zoho CRM v2.
//!
//! It speaks Zoho's wire protocol (token endpoint quirks, envelopes, status codes, the refresh
//! limit) over real HTTP(S) on 127.0.0.1, so the Rust core, the Ruby gem and users' own test
//! suites can exercise the whole client without the internet. The CRM side is stateful: records
//! of the standard modules (validated against their fields, searchable with Zoho's criteria),
//! notes, attachments, photos, tags, lead conversion, related lists, metadata, users, taxes and
//! variables. An admin API under `/_emulator/` lets tests in other processes issue grants, read
//! counters, inject faults, seed sample records and read the (redacted) request log.

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
