//! A local, stateful fake of Zoho Accounts and Zoho CRM v2.
//!
//! It speaks Zoho's wire protocol (token endpoint quirks, envelopes, status codes, the refresh
//! limit) over real HTTP(S) on 127.0.0.1, so the Rust core, the Ruby gem and users' own test
//! suites can exercise the whole client without the internet. The CRM side is stateful: records
//! of the standard modules (validated against their fields, searchable with Zoho's criteria),
//! notes, attachments, photos, tags, lead conversion, related lists, metadata, users, taxes and
//! variables. An admin API under `/_emulator/` lets tests in other processes issue grants, read
//! counters, inject faults, seed sample records, freeze or move the clock (`fake_clock`), reset
//! and read the (redacted) request log;
//! `Emulator::admin` answers the same calls in process, without a socket.
//!
//! # Fidelity
//!
//! Every behaviour below comes from Zoho's documentation or a documented real response; where
//! the docs are silent the emulator picks what is harder on the client and says "unverified".
//!
//! ## Zoho Accounts
//!
//! | behaviour modelled | source |
//! |---|---|
//! | an access token lives 3600 s (`expires_in`); the answer names the `api_domain` to call | <https://www.zoho.com/accounts/protocol/oauth/web-apps/access-token-expiry.html> |
//! | a refresh token mints at most 10 access tokens in 10 minutes; past that, refreshes are refused "for the rest of the ten minutes" | same page |
//! | that refusal comes with HTTP 200 and `{"error":"Access Denied","error_description":"You have made too many requests continuously…","status":"failure"}` | <https://help.zoho.com/portal/en/community/topic/kaizen-43-tokens-and-limitations> |
//! | token errors (`invalid_code`, `invalid_client`) come with HTTP 200 and `{"error": code}` | unverified (Zoho's token pages show the bodies, not the status; 1.0.x read them from 200 answers) |
//! | a grant code is single-use and short-lived | unverified lifetime: the emulator uses 180 s |
//! | at most 15 live access tokens per refresh token: "when the 16th token is requested, the oldest token is invalidated" (then `INVALID_TOKEN`) | <https://www.zoho.com/crm/developer/docs/api/v8/token-validity.html>; Kaizen #43 ("creation of the 16th token deletes the first") |
//! | at most 20 refresh tokens per user: the 21st deletes the first, "the access token created from the first refresh token gets deleted as well" (refreshing it then answers `invalid_code`) | Kaizen #43 (above); v3 token-validity.html ("when you generate the 21st refresh token, the first created refresh token gets deleted") |
//! | at most 10 grant codes per client ID in 10 minutes (`Options::grant_limit`); past that `/_emulator/grants` answers 429 `access_denied`, `Emulator::issue_grant` a `GrantLimitReached`, and the consent page redirects with `error=access_denied` (and `state`) instead of a code | "You can generate a maximum of 10 grant tokens in a span of 10 minutes per client ID. If the limit is reached, "access_denied" exception will be thrown for the remaining time": <https://www.zoho.com/crm/developer/docs/api/v8/token-validity.html>; Kaizen #43 (Grant Token: 10 per 10 minutes). The redirect's shape is unverified (it is OAuth's error response, RFC 6749 §4.1.2.1) |
//! | at most 10 new refresh tokens (grant exchanges) per user per client in 10 minutes (`Options::refresh_token_limit`): past that the exchange answers HTTP 200 with the refresh throttle's `Access Denied` body, and the code is used up | Kaizen #43 (Refresh Token: "10 per user per client" per 10 minutes; past a limit "the status code … remains 200 … the message … says 'Access Denied'"). The body and using the code up are unverified (the harder reading: a client cannot count on retrying the code) |
//! | the three limits share one sliding window (`Options::refresh_window_secs`, 600 s): a token generated leaves the count when its ten minutes are over; refused requests do not count | the pages' "in a span of 10 minutes" and "blocked for the rest of the ten minutes" (access-token-expiry.html); how Zoho measures the window is unverified |
//! | a grant carries the `scope` of its consent request (comma-separated `service.name.OPERATION`), and its tokens inherit it; `ALL` covers every operation, a broader name its parts | <https://www.zoho.com/accounts/protocol/oauth/scope.html>; "use the refresh token to generate another access token for the same set of scopes" (access-token-expiry.html) |
//! | the consent page accepts only the client's registered `redirect_uri` (`Options::redirect_uri`), and its code is exchanged only with that `redirect_uri` again: otherwise `invalid_redirect_uri`, and the code is used up | "The Redirect URI you pass in /oauth/v2/auth must exactly match with the one you have registered": <https://help.zoho.com/portal/en/kb/accounts/faqs-troubleshooting/faqs/oauth/articles/invalid-code-redirect-uri>; the exchange's HTTP 200 `{"error":"invalid_redirect_uri"}`, refusing a missing `redirect_uri` and using the code up are unverified (the harder readings) |
//! | the consent page (`GET /oauth/v2/auth`) needs `client_id`, `response_type=code`, the registered `redirect_uri` and a `scope`, and shows the client's name and the requested scopes with "Accept" and "Reject" buttons (`Options::client_name`); its markup and the form that posts the decision back are the emulator's own | <https://www.zoho.com/accounts/protocol/oauth/web-apps/authorization.html> (the parameters; "We will display the required permissions to the user"); <https://www.zoho.com/fsm/developer/help/api/auth-request.html> ("click Accept … When you click Reject") |
//! | accepting redirects to `{redirect_uri}?code=…&location=us&accounts-server=…` with the `state` the client sent | <https://www.zoho.com/crm/developer/docs/api/multi-dc.html> and <https://www.zoho.com/accounts/protocol/oauth/multi-dc/client-authorization.html> (the redirect); "The Zoho Authorization Server round-trips this parameter": <https://www.zoho.com/phonebridge/developer/v3/auth-request.html> |
//! | rejecting redirects with `error=access_denied` and `state` | OAuth 2.0's refusal (RFC 6749 §4.1.2.1); Zoho's own answer is unverified |
//! | Self Client codes (the admin API's and `Emulator::issue_grant`'s) are exchanged with `client_id`, `client_secret`, `grant_type` and `code`; a `redirect_uri` is not checked | <https://www.zoho.com/accounts/protocol/oauth/self-client/authorization-code-flow.html> lists no `redirect_uri`; that an extra one is ignored is unverified (the gem has always sent one) |
//! | user info for a token without `AaaServer.profile.Read`: HTTP 200, `{"status_code":405}`, `Content-Disposition: attachment;filename*="error.json"` | a raw capture: <https://github.com/zoho/zcrm-php-sdk/issues/5> |
//!
//! ## Zoho CRM v2
//!
//! | behaviour modelled | source |
//! |---|---|
//! | search criteria take `equals` and `starts_with` only, at most 10 conditions; any other operator is refused with 400 `INVALID_QUERY` | "(({api_name}:{starts_with\|equals}:{value})…)", "a maximum of 10 criteria … with equals and starts_with conditions": <https://www.zoho.com/crm/developer/docs/api/v2/search-records.html>; the refusal's code is unverified |
//! | search `equals` also finds values that contain the term (`Company:equals:ABC` finds "ABC Inc"), with one condition or many | v2 (same page) says so for several conditions and promises exact matches for one only on fields it does not list; v5 says equals "behaves like contains": <https://www.zoho.com/crm/developer/docs/api/v5/search-records.html>. The emulator takes the looser reading throughout |
//! | a search needs `ZohoSearch.securesearch.READ` besides the module's scope | v2 search-records.html ("(and) scope=ZohoSearch.securesearch.READ") |
//! | a request outside the token's scopes (`ZohoCRM.modules.{module}.{READ\|CREATE\|WRITE\|DELETE}`, `ZohoCRM.settings.*`, `ZohoCRM.users.*`, `ZohoCRM.org.*`) answers 401 `{"code":"OAUTH_SCOPE_MISMATCH","details":{},"message":"invalid oauth scope to access this URL","status":"error"}` | the scope sections of the v2 API pages; the body as in Zoho's OpenAPI examples (zoho/crm-oas, `OAuthScopeMismatch`) and <https://github.com/airbytehq/airbyte/issues/32922> |
//! | an attachment (or photo) file may reach 100 MB (read as 10^6 bytes; `Options::max_attachment_bytes`); a larger one is refused with 413 `FILE_SIZE_MORE_THAN_ALLOWED` | "Maximum allowed file size: 100 MB": <https://www.zoho.com/crm/developer/docs/api/v2/upload-attachment.html>; the refusal's status, code and message are unverified |
//! | related lists page with `page` and `per_page`; the legacy gem's `sort_by_field` and `sort_order` are accepted and ignored, so the order is the emulator's own | <https://www.zoho.com/crm/developer/docs/api/get-related-records.html> documents `page`, `per_page` and `If-Modified-Since` only; what Zoho does with other parameters is unverified |
//! | `If-Modified-Since` on `GET {module}` and `GET {module}/deleted` keeps what changed (`Modified_Time`) or was deleted (`deleted_time`) strictly after that time, in whole seconds; 304 when nothing did. `sort_by=Modified_Time&sort_order=asc` sorts by that time, ties in id order; the deleted list comes in deletion order | "If-Modified-Since: Use this header to get the list of recently modified records": <https://www.zoho.com/crm/developer/docs/api/v2/get-records.html>, <https://www.zoho.com/crm/developer/docs/api/v2/get-deleted-records.html>; "strictly after", the tie order and the deleted list's order are unverified (Zoho documents no order for that list) |
//! | no `X-RATELIMIT-*` (or other credit) headers on CRM answers | no Zoho page documents them for v2 |
//! | `If-Modified-Since` on metadata: the modules list (`GET settings/modules`) answers 304 with no body when the header (ISO 8601 with an offset) is at or after the org's sign-up, since the emulator's module definitions never change; `settings/modules/{api_name}`, fields, layouts and related-list metadata ignore the header and always answer 200 | the header on the modules list: <https://www.zoho.com/crm/developer/docs/api/v2/modules-api.html>, and Zoho's SDKs' "Get the list of modules with the If-Modified-Since param" (<https://www.zoho.com/crm/developer/docs/mobile-sdk/android-modules-samples.html>); <https://www.zoho.com/crm/developer/docs/api/v2/field-meta.html>, <https://www.zoho.com/crm/developer/docs/api/v2/layouts-meta.html> and <https://www.zoho.com/crm/developer/docs/api/v2/related-list-meta.html> document no such header, so no 304 is invented for them |
//! | an administrator's change to a field label (`/_emulator/field_labels`, `Emulator#relabel_field`) shows in the fields and layouts metadata from then on; the modules list's `modified_time` stays | the keys `field_label`/`display_label` as field-meta.html (above) documents them; whether a field edit moves the module's `modified_time` (and so its 304) is unverified |
//! | `POST /crm/v2/coql` takes `{"select_query": …}` and answers `{"data": [rows], "info": {"count", "more_records"}}`; it needs `ZohoCRM.coql.READ` | <https://www.zoho.com/crm/developer/docs/api/v2/Get-Records-through-COQL-Query.html>; the module scope it also names is not checked (it depends on FROM) |
//! | COQL: `select` fields (a quoted name is a field), `from`, `where` with `and`/`or` and brackets, where more than two criteria must be bracketed (`A and B and C` is a `SYNTAX_ERROR`); `order by f [asc\|desc], …`, default `id` ascending; `limit n [offset m]` and `limit m, n`; keywords in any case | <https://www.zoho.com/crm/developer/docs/api/v2/COQL-Overview.html>, <https://www.zoho.com/crm/developer/docs/api/v2/COQL-Limitations.html> ("enclosed within brackets … (A and (B and C))"); quoted reserved words: Kaizen #171 <https://help.zoho.com/portal/en/community/topic/kaizen-171-faqs-on-coql-api> |
//! | COQL comparators `=`, `!=`, `<`, `<=`, `>`, `>=`, `between … and …`, `in (…)`, `not in (…)`, `like`/`not like` with `%`, `is null`, `is not null`; `like` only on text fields and `<`/`>`/`between` only on numbers and dates (else 400 `INVALID_QUERY` "invalid operator found"); multi-line fields cannot filter | v2 COQL-Limitations (the list; "You cannot use multi-line fields such as Description … in criteria"); the per-type table is from later versions' Get-Records-through-COQL-Query pages (e.g. <https://www.zoho.com/crm/developer/docs/api/v7/Get-Records-through-COQL-Query.html>). `!=` is in later versions' list, not v2's; accepted |
//! | COQL strings in `'…'` with a quote doubled (`'O''Brien'`); bare words are text (`Lead_Source = Advertisement`); text compares without case; a lookup or user compares and shows as its id (`{"id": …}`), a multi-select list as `a;b` | Kaizen #171 (escaping); the v2 page's sample request and response (`Lead_Source = Advertisement`, `"Languages_Known": "English;German"`); case-insensitive text and lookups shown by id are unverified |
//! | COQL limits: `limit` defaults to 200 and may not exceed 200; `offset + limit` at most 10,000; at most 50 select fields, 25 criteria, 50 values in `in`: past any, 400 `LIMIT_EXCEEDED` | "default value for LIMIT is 200" (v2 COQL-Overview); "a maximum of 200 records per API call" (v2 COQL-Limitations); "You can fetch up to 10,000 records using pagination with LIMIT and OFFSET": <https://www.zoho.com/crm/developer/docs/api/COQL-Limitations.html>; the error body's message and details are unverified |
//! | COQL errors: unparsable text → 400 `SYNTAX_ERROR` (details name where it stopped); an unknown field → 400 `INVALID_QUERY` "column given seems to be invalid"; a query without `where` → `SYNTAX_ERROR`; an unknown module in FROM → `INVALID_QUERY`; nothing matching → 204 | the codes are Zoho's (Kaizen #171 shows `SYNTAX_ERROR`); WHERE being mandatory in v2: <https://theworkflowacademy.com/courses/conquer-coql-queries-in-zoho-deluge/lessons/other-coql-features-and-ideas/topics/pagination-in-coql-queries/> ("you must have a WHERE clause"); the details, the unknown-module code and the 204 are unverified |
//! | Bulk Read: `POST /crm/bulk/v2/read` takes `{"query": {module, fields, criteria, cvid, page}, "callback": {url, method: "post"}}` and answers 201 `{"data": [{"status": "success", "code": "ADDED_SUCCESSFULLY", "details": {id, operation: "read", state: "ADDED", created_by, created_time}}]}`; it needs `ZohoCRM.bulk.READ` | <https://www.zoho.com/crm/developer/docs/api/v2/bulk-read/create-job.html>; the 201 status is unverified (a success status either way for the client); the module scope it also names is not checked (it depends on the query) |
//! | Bulk Read jobs go ADDED → IN PROGRESS → COMPLETED on the emulator's clock: COMPLETED `delay` seconds after creation (`POST /_emulator/bulk_read {"delay": n}`, `Emulator#bulk_read_settings`; default 2 s) | the states: <https://www.zoho.com/crm/developer/docs/api/v2/bulk-read/get-job-details.html>; Zoho documents no processing time, so the delay is unverified |
//! | `GET /crm/bulk/v2/read/{id}` shows the job (`state`, `query` with `page`, `created_by`, `created_time`); once COMPLETED, `result` has `page`, `count`, `per_page` (200,000), `download_url` (`/crm/bulk/v2/read/{id}/result`) and `more_records`; the next page is a new job with `page` + 1 | get-job-details.html (above); "a maximum of 200,000 records" a page: <https://www.zoho.com/crm/developer/docs/api/v2/bulk-read/overview.html>; `per_page` can be lowered for specs (`/_emulator/bulk_read {"per_page": n}`) |
//! | `GET /crm/bulk/v2/read/{id}/result` is a zip holding one deflated `<id>.csv`: header of field API names, `Id` first (all the module's fields when `fields` is absent), RFC 4180 quoting, a lookup or user as its id, a multi-select list as `a;b`, records in id order | <https://www.zoho.com/crm/developer/docs/api/v2/bulk-read/download-result.html>; the column order, the values of lookups and lists and the row order are unverified |
//! | Bulk Read criteria: `{"api_name", "comparator", "value"}` or `{"group_operator": "and"\|"or", "group": […]}`, comparators `equal`, `not_equal`, `in`, `not_in`, `less_than`, `less_equal`, `greater_than`, `greater_equal`, `contains`, `not_contains`, `starts_with`, `ends_with`, `between`, `not_between`, at most 25 (else 400 `LIMIT_EXCEEDED`); dotted fields (`Account_Name.Phone`) follow lookups | create-job.html (above); "up to 25 total": Kaizen #195 <https://help.zoho.com/portal/en/community/topic/kaizen-195-faqs-on-bulk-read-api-and-bulk-write-api>; text comparisons ignoring case, numeric ordering when both sides are numbers, and the error bodies are unverified |
//! | Bulk Read refusals: an unknown module → 400 `INVALID_MODULE`; an unknown field, bad criteria or callback → 400 `INVALID_DATA`; no `query`/`module` → 400 `MANDATORY_NOT_FOUND`; an unknown job id → 400 `INVALID_DATA`; a result asked before COMPLETED → 400 `INVALID_REQUEST` | the codes `INVALID_DATA` and `MANDATORY_NOT_FOUND` are create-job.html's; the rest is unverified (the harder reading: a client must wait for COMPLETED) |
//! | a job can end FAILED instead (`/_emulator/bulk_read {"fail": true}`, for specs of the error path): its details then have no `result`, and its download is refused | FAILED is a state of get-job-details.html in later versions (<https://www.zoho.com/crm/developer/docs/api/v6/bulk-read/job-details.html>); what makes a job fail is not modelled |
//! | with a callback URL, the job's details plus `job_id` are POSTed there as JSON once it is COMPLETED or FAILED (best effort, not retried) | "The Bulk Read Job's details is posted to this URL on successful completion of job or on failure of job" (create-job.html); the body's exact shape is unverified |
//!
//! Not modelled, and so untested: the finer scopes some pages add for sub-resources (attachments,
//! notes under a record) and for POST actions besides `CREATE`; a separate photo size limit.
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
//!
//! # Cost of a request (issue 8)
//!
//! A module's own list (`GET /crm/v2/{module}` without a view's criteria) costs what its page
//! costs, whatever the module's size, with or without `sort_by`/`sort_order`, `fields=`,
//! `converted`/`approved` and `ids=`: the records each filter admits, in each requested
//! order, are kept between requests and patched as records are written (`Records::order`: a
//! binary search per written record, plus, in a sorted order, a scan of 4 bytes a record for
//! where an updated one was; a removal shifts them, one pass); the first request of a kind
//! builds them (linear, plus a sort), and so does the first after more than 4,096 writes.
//! With `If-Modified-Since`, the cost is that of the records changed since (a 304 or an "all
//! changed" answer: a binary search). Records are serialised straight into the answer. Linear, as nothing in Zoho's API promises otherwise: search (`/search`),
//! custom views with criteria, related lists, and unique-field checks on write.
//! Records are stored compactly (`crm/records/fields.rs`): about 2 KB a seeded Lead.
//! Measured with `cargo run --release -p zcrm-emulator --example page_serving`
//! (bench/RESULTS.md).

mod accounts;
mod admin;
mod app;
mod clock;
mod crm;
mod emulator;
mod fake_clock;
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

pub use accounts::store::GrantLimitReached;
pub use emulator::Emulator;
pub use options::Options;
pub use stats::Stats;
