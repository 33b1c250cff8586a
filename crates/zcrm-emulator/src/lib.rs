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
//!
//! # Fidelity: what Zoho's own 1.0.x suites expect of a real org (issue 12)
//!
//! ZCRMSDK 1.0.x shipped RSpec suites Zoho wrote against a real CRM org. Where the v2 docs
//! below are silent, their expectations are the best evidence of the real server ("observed
//! by Zoho's 1.0.x suites"). Tests: `tests/zoho_suites.rs`, `spec/integration/crm/zoho_suite*_spec.rb`.
//!
//! | behaviour modelled | source |
//! |---|---|
//! | `GET Contacts/roles` (and `/{id}`) is the contact-roles list `{"contact_roles":[{id,name,sequence_number}]}`, not a record | <https://www.zoho.com/crm/developer/docs/api/v4/get-contact-roles.html> (same path since v2); the role names are unverified |
//! | in the modules list, `Notes` has `"quick_create": false` | <https://www.zoho.com/crm/developer/docs/api/v2/modules-api.html> lists the key; the value is observed by Zoho's 1.0.x suites |
//! | the `lookup` of `What_Id` (Tasks, Events, Calls) and `Parent_Id` names `"module": "se_module"` | <https://www.zoho.com/crm/developer/docs/api/v2/field-meta.html>; the value is observed by Zoho's 1.0.x suites |
//! | a layout of a module without lead conversion has no `convert_mapping` key (never `null`) | <https://www.zoho.com/crm/developer/docs/api/v2/layouts-meta.html>; absent rather than `{}` is unverified |
//! | custom views give `sort_by` and each criteria `field` as API-name strings (v2.1 made them `{"api_name","id"}`) | <https://www.zoho.com/crm/developer/docs/api/v2/custom-view-meta.html>; observed by Zoho's 1.0.x suites |
//! | a record inserted, updated or upserted with `"Tag":[{"name":…}]` carries those tags (created when new; an update adds); tag counts include it; past 10 tags the write is refused | <https://www.zoho.com/crm/developer/docs/api/v2/insert-records.html>; observed by Zoho's 1.0.x suites; the limit from <https://www.zoho.com/crm/developer/docs/api/v2/add-tags.html> |
//! | relating a record answers `"relation added"`; relating an already related pair again answers `"relation updated"` | <https://www.zoho.com/crm/developer/docs/api/v2/update-related-records.html>; "added" observed by Zoho's 1.0.x suites, "updated" for an existing pair unverified |
//! | a tag merge moves the `conflict_id` tag's records to the target; the conflict tag stays, and can be deleted | <https://www.zoho.com/crm/developer/docs/api/v2/merge-tags.html>; that it stays is observed by Zoho's 1.0.x suites |
//! | users: `theme.new_background` is a string; `country_locale` is `"US"` and `date_format` the org's `"MM/dd/yyyy"` whatever a create/update sends; `zuid` is `null` until the user confirms; `Reporting_To` comes back as `{"name","id"}`; the org's time zone is `"Asia/Calcutta"` | <https://www.zoho.com/crm/developer/docs/api/v2/get-users.html> (keys); the values are observed by Zoho's 1.0.x suites |
//! | org taxes: `display_label` is the tax's name (a sent label is ignored, a rename carries over); a whole `value` is a JSON integer | <https://www.zoho.com/crm/developer/docs/api/v2/get-org-taxes.html> (keys); observed by Zoho's 1.0.x suites |
//! | seed data: the org's administrator is in India (`users/search`), the sales tax is a whole 8; with `seed_records`, Tasks/Events/Calls about seeded deals (`What_Id`, `se_module`) and one permanently deleted record per main module in the recycle bin (`display_name`/`created_by` null: unverified) | <https://www.zoho.com/crm/developer/docs/api/v2/get-deleted-records.html>; what real orgs hold, observed by Zoho's 1.0.x suites |

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
