//! `Authorization: Zoho-oauthtoken <token>` on every CRM request, and the scope the URL needs.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method};
use axum::response::Response;

use crate::accounts::scope::Scope;
use crate::state::Shared;

use super::envelope;

const SCHEME: &str = "Zoho-oauthtoken";

/// The user a valid access token belongs to. Handlers that take it are authenticated.
#[derive(Clone, Debug)]
pub(crate) struct Caller {
    pub(crate) email: String,
}

impl FromRequestParts<Arc<Shared>> for Caller {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        shared: &Arc<Shared>,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer(&parts.headers).ok_or_else(envelope::authentication_failure)?;
        let mut state = shared.lock();
        let now = state.oauth.now();
        let Some(record) = state.oauth.access_token(token, now) else {
            state.stats.invalid_token_responses += 1;
            return Err(envelope::invalid_token());
        };
        drop(state);
        let allowed = required_scopes(&parts.method, parts.uri.path())
            .iter()
            .all(|wanted| record.scopes.allow(wanted));
        if !allowed {
            return Err(envelope::oauth_scope_mismatch());
        }
        Ok(Caller {
            email: record.email,
        })
    }
}

/// The scopes a CRM v2 request needs, all of them. The CRM pages name, per API,
/// `ZohoCRM.modules.{module}.{ALL|READ|CREATE|WRITE|DELETE}` for records and what hangs off
/// them, `ZohoCRM.settings.*`, `ZohoCRM.users.*` and `ZohoCRM.org.*`, and search adds
/// "(and) scope=ZohoSearch.securesearch.READ"
/// (<https://www.zoho.com/crm/developer/docs/api/v2/search-records.html>). Module scope names
/// are API names in lower case without underscores ("pricebooks", "salesorders").
/// Unverified, and not modelled: the finer scopes some pages add for sub-resources
/// (attachments, notes under a record), and which operation a POST action needs besides
/// CREATE.
fn required_scopes(method: &Method, path: &str) -> Vec<Scope> {
    let operation = match *method {
        Method::GET | Method::HEAD => "READ",
        Method::POST => "CREATE",
        Method::PUT | Method::PATCH => "WRITE",
        Method::DELETE => "DELETE",
        _ => "ALL",
    };
    if let Some(scope) = bulk_write_scope(path) {
        return Scope::parse(scope).into_iter().collect();
    }
    // "scope=ZohoCRM.bulk.read (and) scope=ZohoCRM.modules.{module_name}.{operation_type}"
    // (https://www.zoho.com/crm/developer/docs/api/v2/bulk-read/create-job.html); the module
    // scope depends on the job's query and is not checked.
    if path.starts_with("/crm/bulk/v2/read") {
        return Scope::parse("ZohoCRM.bulk.READ").into_iter().collect();
    }
    let rest = path.strip_prefix("/crm/v2/").unwrap_or(path);
    // COQL only reads, although it is POSTed: "scope=ZohoCRM.coql.READ (and)
    // scope=ZohoCRM.modules.{operation_type}"
    // (https://www.zoho.com/crm/developer/docs/api/v2/Get-Records-through-COQL-Query.html).
    // The module scope depends on the query's FROM and is not checked.
    if rest.trim_end_matches('/') == "coql" {
        return Scope::parse("ZohoCRM.coql.READ").into_iter().collect();
    }
    // "scope=ZohoCRM.notifications.{operation_type}": CREATE to enable, READ to list, WRITE
    // (or UPDATE) to update, DELETE to disable; ALL for everything
    // (https://www.zoho.com/crm/developer/docs/api/v2/notifications/enable.html and siblings).
    if rest.trim_end_matches('/') == "actions/watch" {
        let wanted = format!("ZohoCRM.notifications.{operation}");
        return Scope::parse(&wanted).into_iter().collect();
    }
    let mut segments = rest.split('/').filter(|s| !s.is_empty());
    let first = segments.next().unwrap_or_default();
    let second = segments.next();
    let name = match first {
        "settings" => match second {
            Some(part) => format!("settings.{}", part.to_lowercase()),
            None => "settings".to_string(),
        },
        "users" | "org" => first.to_string(),
        module => format!("modules.{}", module.to_lowercase().replace('_', "")),
    };
    let record_search = name.starts_with("modules.") && second == Some("search");
    let mut wanted = vec![format!("ZohoCRM.{name}.{operation}")];
    if record_search {
        wanted.push("ZohoSearch.securesearch.READ".to_string());
    }
    wanted.iter().filter_map(|s| Scope::parse(s)).collect()
}

/// Bulk Write's scopes: "scope=ZohoFiles.files.ALL" to upload (upload-file.html),
/// "ZohoCRM.bulk.CREATE (or) ZohoCRM.bulk.ALL" for jobs and their details (create-job.html,
/// job-details.html); the result download is taken to need the same (unverified).
fn bulk_write_scope(path: &str) -> Option<&'static str> {
    if path == "/crm/v2/upload" {
        return Some("ZohoFiles.files.ALL");
    }
    let is_bulk = path.starts_with("/crm/bulk/") || path.starts_with("/v2/crm/");
    is_bulk.then_some("ZohoCRM.bulk.CREATE")
}

/// The token from a well-formed `Zoho-oauthtoken` header, if there is one.
pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case(SCHEME) && !token.is_empty() && !token.contains(' '))
        .then_some(token)
}
