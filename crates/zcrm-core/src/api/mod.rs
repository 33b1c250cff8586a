//! CRM API v2 requests, one module per Zoho resource.
//!
//! Each resource module turns an operation name and its arguments (a JSON object built by
//! the Ruby layer, or by Rust callers) into a [`RequestSpec`]: method, path, query, body and
//! the envelope key the answer is filed under. The transport sends it; [`envelope`] decides
//! what the answer means. No module here sends anything itself.

pub mod args;
pub mod attachments;
pub mod common;
pub mod coql;
pub mod custom_views;
pub mod envelope;
mod envelope_scan;
pub mod fields;
pub mod layouts;
pub mod modules;
pub mod notes;
pub mod notifications;
pub mod org;
pub mod page_layout;
pub mod paging;
pub mod photos;
pub mod profiles;
pub mod records;
pub mod related_lists;
pub mod relations;
pub mod roles;
pub mod tags;
pub mod taxes;
pub mod users;
pub mod variable_groups;
pub mod variables;

#[cfg(test)]
pub(crate) mod test_support;

use serde_json::Value;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Requests that may be sent twice without changing the outcome: only these are retried
    /// after a dropped connection or a 5xx.
    pub fn is_idempotent(self) -> bool {
        matches!(self, Method::Get | Method::Put | Method::Delete)
    }
}

/// How the answer is read: one entity, a list with per-entity results, or a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseKind {
    Single,
    Bulk,
    File,
}

/// Where a request's `path` is rooted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Root {
    /// `{api}/crm/{version}/`: every CRM resource.
    #[default]
    Crm,
    /// `{api}/crm/bulk/{version}/`: Bulk Read and Bulk Write jobs.
    Bulk,
    /// `{content host}/crm/{version}/`: the data centre's file host (Bulk Write uploads).
    Content,
    /// `path` is a whole URL Zoho handed out (a bulk job's `download_url`).
    Absolute,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    None,
    Json(Value),
    /// A multipart upload: a file from disk under `file`, or a link under `attachmentUrl`.
    UploadFile {
        path: String,
    },
    UploadLink {
        url: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestSpec {
    pub method: Method,
    /// Relative to `root` (see [`Root`]); each segment already percent-encoded.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub body: Body,
    /// The envelope key: `data`, `users`, `org`, `modules`...
    pub api_key: String,
    pub kind: ResponseKind,
    /// The answer is one object at the top level (`{"count": "5"}`, `{"code": "SUCCESS", …}`)
    /// instead of entries under `api_key`: photo uploads and deletes, tag counts.
    pub top_level: bool,
    /// The request only reads, whatever its method: a GET, or a POST that carries a query
    /// (COQL). Such a request is retried like a GET and never reported as a possible write.
    pub read_only: bool,
    pub root: Root,
}

impl RequestSpec {
    pub fn new(method: Method, path: impl Into<String>, api_key: &str, kind: ResponseKind) -> Self {
        RequestSpec {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            body: Body::None,
            api_key: api_key.to_string(),
            kind,
            top_level: false,
            read_only: method == Method::Get,
            root: Root::Crm,
        }
    }

    /// Roots the path elsewhere than `/crm/{version}/` (see [`Root`]).
    pub fn rooted(mut self, root: Root) -> Self {
        self.root = root;
        self
    }

    /// Marks a POST that changes nothing on Zoho's side (see `read_only`).
    pub fn reading_only(mut self) -> Self {
        self.read_only = true;
        self
    }

    /// Marks an operation whose answer is one top-level object (see `top_level`).
    pub fn answering_top_level(mut self) -> Self {
        self.top_level = true;
        self
    }

    pub fn get(path: impl Into<String>, api_key: &str, kind: ResponseKind) -> Self {
        Self::new(Method::Get, path, api_key, kind)
    }

    /// Adds a query parameter; `None` values are left out rather than sent empty.
    pub fn param(mut self, key: &str, value: Option<String>) -> Self {
        if let Some(value) = value {
            self.query.push((key.to_string(), value));
        }
        self
    }

    pub fn header(mut self, key: &str, value: Option<String>) -> Self {
        if let Some(value) = value {
            self.headers.push((key.to_string(), value));
        }
        self
    }

    /// Like [`header`](Self::header), but replaces any header of the same name (names are
    /// case-insensitive), so an explicit option wins over a same-named entry in `headers`.
    pub fn set_header(mut self, key: &str, value: Option<String>) -> Self {
        if value.is_some() {
            self.headers
                .retain(|(name, _)| !name.eq_ignore_ascii_case(key));
        }
        self.header(key, value)
    }

    /// Adds the caller's extra headers, in the order given.
    pub fn headers(mut self, extra: Vec<(String, String)>) -> Self {
        self.headers.extend(extra);
        self
    }

    pub fn json(mut self, body: impl Into<Value>) -> Self {
        self.body = Body::Json(body.into());
        self
    }

    pub fn with_body(mut self, body: Body) -> Self {
        self.body = body;
        self
    }
}

/// Builds the request for `operation` (for example `"users.get"`) from its arguments.
/// The operation's prefix names the resource module; `args` is a JSON object (or `null`
/// for none), as CATALOG.md describes per operation.
pub fn build(operation: &str, args: &Value) -> Result<RequestSpec> {
    let (resource, action) = operation
        .split_once('.')
        .ok_or_else(|| unknown(operation))?;
    let spec = match resource {
        "records" => records::build(action, args),
        "coql" => coql::build(action, args),
        "bulk_read" => crate::bulk::read::build(action, args),
        "photos" => photos::build(action, args),
        "attachments" => attachments::build(action, args),
        "relations" => relations::build(action, args),
        "notes" => notes::build(action, args),
        "notifications" => notifications::build(action, args),
        "tags" => tags::build(action, args),
        "modules" => modules::build(action, args),
        "fields" => fields::build(action, args),
        "layouts" => layouts::build(action, args),
        "custom_views" => custom_views::build(action, args),
        "related_lists" => related_lists::build(action, args),
        "users" => users::build(action, args),
        "roles" => roles::build(action, args),
        "profiles" => profiles::build(action, args),
        "org" => org::build(action, args),
        "taxes" => taxes::build(action, args),
        "variables" => variables::build(action, args),
        "variable_groups" => variable_groups::build(action, args),
        "bulk_write" => crate::bulk::write::build(action, args),
        _ => None,
    };
    let spec = spec.ok_or_else(|| unknown(operation))?;
    // Checked after the name, so that an unknown operation is reported as such.
    if !(args.is_object() || args.is_null()) {
        return Err(args::invalid("the arguments", "a JSON object"));
    }
    spec.and_then(within_url_limit)
}

/// The longest query string sent. Zoho documents no limit; servers commonly refuse URLs past
/// 8 KB and a refused one looks like a dropped connection, which would be retried as a network
/// error. Unverified: chosen to fail early and clearly rather than on the wire.
const MAX_QUERY_CHARS: usize = 7_000;

fn within_url_limit(spec: RequestSpec) -> Result<RequestSpec> {
    let length: usize = spec
        .query
        .iter()
        .map(|(key, value)| args::encoded_len(key) + args::encoded_len(value) + 2)
        .sum();
    if length <= MAX_QUERY_CHARS {
        return Ok(spec);
    }
    let longest = spec
        .query
        .iter()
        .max_by_key(|(_, value)| value.len())
        .map(|(key, _)| key.as_str())
        .unwrap_or_default();
    Err(Error::invalid_argument(
        "URL TOO LONG",
        format!(
            "the request's parameters take {length} characters once encoded (most of it '{longest}'); \
             keep them under {MAX_QUERY_CHARS}: split long search criteria into several searches"
        ),
    ))
}

fn unknown(operation: &str) -> Error {
    Error::invalid_argument(
        "UNKNOWN OPERATION",
        format!("no such API operation: {operation}"),
    )
}
