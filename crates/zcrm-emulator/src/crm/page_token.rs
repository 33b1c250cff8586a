//! Deep paging of a module's record list, per API version.
//!
//! * v2 and v2.1 list with `page` only, and only the first 2,000 records of a list: a page
//!   reaching past them is refused with 400 `DISCRETE_PAGINATION_LIMIT_EXCEEDED`,
//!   `details.limit` 2000 (`Options::page_limit`). Observed with `/crm/v2/{module}`
//!   (<https://github.com/airbytehq/airbyte/issues/30977>); Zoho's v2 pages say nothing, and
//!   v2.1's SDKs know no `page_token`.
//! * v3 and later add `page_token`: every answer's `info` carries `next_page_token` (and
//!   `previous_page_token`, `page_token_expiry`, `sort_by`, `sort_order`); the token fetches
//!   the next page, beyond the 2,000 and up to 100,000 records; it cannot be combined with
//!   `page`; lists need `fields` and sort only by `id`, `Created_Time` or `Modified_Time`
//!   (Kaizen #60, "holds true for version 3":
//!   <https://help.zoho.com/portal/en/community/topic/kaizen-60-get-records-search-records-query-and-bulk-read-apis>;
//!   <https://www.zoho.com/crm/developer/docs/api/v5/get-records.html>, where the token "is
//!   user-specific").
//!
//! Unverified (the harder readings): the cap counts the last record a page asks for
//! (`page * per_page`), whatever the list holds; the token lives 24 hours; an expired, foreign
//! or mangled token, or one used with `page`, is a 400 `INVALID_DATA` naming `page_token`; a
//! token marks a position, so records written during a walk may shift it; the 100,000th
//! record's page still says `more_records: true` but carries no `next_page_token`.

use serde_json::{json, Map, Value};

use crate::clock;
use crate::crm::envelope::ApiError;
use crate::crm::paging::Page;
use crate::params::Params;

/// How far a token walk may go (Kaizen #60).
pub(crate) const TOKEN_LIMIT: usize = 100_000;
/// How long a token is good for (unverified).
const TOKEN_TTL_SECS: i64 = 24 * 3600;
/// What v3+ lists may be sorted by (Kaizen #60).
const TOKEN_SORTS: [&str; 3] = ["id", "Created_Time", "Modified_Time"];

/// The `/crm/{version}/` of a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ApiVersion {
    major: u32,
    minor: u32,
}

impl ApiVersion {
    pub(crate) const V2: ApiVersion = ApiVersion { major: 2, minor: 0 };

    /// `v2`, `v2.1`, `v3` … `v8`: the versions Zoho has published. Anything else is no URL.
    pub(crate) fn parse(text: &str) -> Option<ApiVersion> {
        let number = text.strip_prefix('v')?;
        let (major, minor) = number.split_once('.').unwrap_or((number, "0"));
        let version = ApiVersion {
            major: major.parse().ok()?,
            minor: minor.parse().ok()?,
        };
        let known = matches!((version.major, version.minor), (2, 0) | (2, 1) | (3..=8, 0));
        known.then_some(version)
    }

    /// Whether lists page with `page_token` (and need `fields`).
    pub(crate) fn pages_by_token(self) -> bool {
        self.major >= 3
    }
}

/// The part of a list request that says which page: `page`, or `page_token`.
#[derive(Clone, Debug)]
pub(crate) struct PageRequest {
    pub(crate) page: Page,
    /// Where tokens come from (v3+); `None` on v2 and v2.1.
    pub(crate) tokens: Option<Tokens>,
}

/// What a token binds: the module, the caller, the sort; and where the next page starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Tokens {
    module: String,
    user: String,
    sort: String,
}

impl PageRequest {
    /// Reads `page`/`per_page`/`page_token` for `version`, enforcing the page cap
    /// (`page_limit`, `None` for none) and, from v3, the token rules.
    pub(crate) fn parse(
        params: &Params,
        version: ApiVersion,
        module: &str,
        user: &str,
        page_limit: Option<usize>,
    ) -> Result<PageRequest, ApiError> {
        let page = Page::from_params(params)?;
        if !version.pages_by_token() {
            check_cap(&page, page_limit)?;
            return Ok(PageRequest { page, tokens: None });
        }
        require_fields(params)?;
        let sort = token_sort(params)?;
        let tokens = Tokens {
            module: module.to_string(),
            user: user.to_string(),
            sort,
        };
        let page = match params.get("page_token") {
            None => {
                check_cap(&page, page_limit)?;
                page
            }
            Some(_) if params.get("page").is_some() => {
                return Err(bad_token("page_token cannot be used with page"))
            }
            Some(token) => tokens.resume(token, page.per_page)?,
        };
        Ok(PageRequest {
            page,
            tokens: Some(tokens),
        })
    }
}

impl Tokens {
    /// The page a token points at.
    fn resume(&self, token: &str, per_page: usize) -> Result<Page, ApiError> {
        let fields = decode(token).ok_or_else(|| bad_token("invalid page_token"))?;
        let [module, user, sort, start, expiry] = fields.as_slice() else {
            return Err(bad_token("invalid page_token"));
        };
        if module != &self.module || user != &self.user || sort != &self.sort {
            return Err(bad_token("the page_token belongs to another list or user"));
        }
        let expiry: i64 = expiry
            .parse()
            .map_err(|_| bad_token("invalid page_token"))?;
        if expiry < clock::now_unix() {
            return Err(bad_token("the page_token has expired"));
        }
        let start: usize = start.parse().map_err(|_| bad_token("invalid page_token"))?;
        Ok(Page::starting_at(start, per_page))
    }

    /// Adds the token keys to a page's `info`.
    pub(crate) fn extend_info(&self, info: &mut Value, page: &Page, count: usize, more: bool) {
        let Value::Object(info) = info else { return };
        let (start, per_page) = page.bounds();
        let end = start + count;
        let next = (more && end < TOKEN_LIMIT).then(|| self.mint(end));
        let previous = (start > 0).then(|| self.mint(start.saturating_sub(per_page)));
        let (sort_by, sort_order) = self.sort.split_once(' ').unwrap_or(("id", "asc"));
        insert(info, "next_page_token", next.map(Value::from));
        insert(info, "previous_page_token", previous.map(Value::from));
        insert(
            info,
            "page_token_expiry",
            Some(clock::iso_at(clock::now_unix() + TOKEN_TTL_SECS).into()),
        );
        insert(info, "sort_by", Some(sort_by.into()));
        insert(info, "sort_order", Some(sort_order.into()));
    }

    fn mint(&self, start: usize) -> String {
        let expiry = clock::now_unix() + TOKEN_TTL_SECS;
        encode(&[
            &self.module,
            &self.user,
            &self.sort,
            &start.to_string(),
            &expiry.to_string(),
        ])
    }
}

fn insert(info: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    info.insert(key.to_string(), value.unwrap_or(Value::Null));
}

/// 400 `DISCRETE_PAGINATION_LIMIT_EXCEEDED` for a page reaching past the cap, as observed.
fn check_cap(page: &Page, limit: Option<usize>) -> Result<(), ApiError> {
    let Some(limit) = limit else { return Ok(()) };
    let (start, per_page) = page.bounds();
    if start.saturating_add(per_page) <= limit {
        return Ok(());
    }
    Err(ApiError::bad_request(
        "DISCRETE_PAGINATION_LIMIT_EXCEEDED",
        &format!("You can only get the first {limit} records without using page_token param"),
        json!({ "limit": limit }),
    ))
}

/// v3+ lists name their fields (v5 get-records: "mandatory when fetching all records").
fn require_fields(params: &Params) -> Result<(), ApiError> {
    if params.get("fields").is_some_and(|f| !f.is_empty()) {
        return Ok(());
    }
    Err(ApiError::bad_request(
        "REQUIRED_PARAM_MISSING",
        "One of the expected parameter is missing",
        json!({ "param_name": "fields" }),
    ))
}

/// `"{sort_by} {sort_order}"`, checked against what v3+ sorts by.
fn token_sort(params: &Params) -> Result<String, ApiError> {
    let sort_by = params.get("sort_by").unwrap_or("id");
    if !TOKEN_SORTS.contains(&sort_by) {
        return Err(ApiError::invalid_param("sort_by", &TOKEN_SORTS));
    }
    // Unsorted lists come in id order, ascending: what the info then says.
    let order = params.get("sort_order").unwrap_or("asc");
    Ok(format!("{sort_by} {}", order.to_ascii_lowercase()))
}

fn bad_token(message: &str) -> ApiError {
    ApiError::invalid_data(message, json!({ "param_name": "page_token" }))
}

/// Tokens are opaque to clients: hex of the fields joined by a byte no field holds.
fn encode(fields: &[&str]) -> String {
    fields
        .join("\u{1f}")
        .bytes()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn decode(token: &str) -> Option<Vec<String>> {
    if !token.len().is_multiple_of(2) || !token.is_ascii() {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..token.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&token[i..i + 2], 16).ok())
        .collect();
    let text = String::from_utf8(bytes?).ok()?;
    Some(text.split('\u{1f}').map(str::to_string).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(query: &str, version: &str) -> Result<PageRequest, ApiError> {
        let version = ApiVersion::parse(version).expect("a known version");
        PageRequest::parse(
            &Params::from_query(Some(query)),
            version,
            "Leads",
            "a@b.example",
            Some(2000),
        )
    }

    #[test]
    fn versions() {
        assert_eq!(ApiVersion::parse("v2"), Some(ApiVersion::V2));
        assert!(!ApiVersion::parse("v2.1").is_some_and(ApiVersion::pages_by_token));
        assert!(ApiVersion::parse("v3").is_some_and(ApiVersion::pages_by_token));
        assert!(ApiVersion::parse("v8").is_some());
        for unknown in ["v9", "v1", "v3.1", "2", "vx"] {
            assert_eq!(ApiVersion::parse(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn the_page_cap_counts_the_last_record_asked_for() {
        assert!(request("page=10&per_page=200", "v2").is_ok());
        assert!(request("page=11&per_page=200", "v2").is_err());
        assert!(request("page=14&per_page=150", "v2.1").is_err());
        assert!(request("page=11&per_page=200&fields=id", "v3").is_err());
    }

    #[test]
    fn v3_lists_need_fields_and_a_token_sort() {
        assert!(request("page=1", "v3").is_err());
        assert!(request("fields=Last_Name&sort_by=Last_Name", "v3").is_err());
        assert!(request("fields=Last_Name&sort_by=Modified_Time", "v3").is_ok());
    }

    #[test]
    fn a_token_resumes_where_it_points_for_its_owner_only() {
        let first = request("fields=id&per_page=200", "v3").expect("first page");
        let tokens = first.tokens.expect("v3 pages by token");
        let token = tokens.mint(2000);
        let next = request(&format!("fields=id&page_token={token}"), "v3").expect("resumes");
        assert_eq!(next.page.bounds(), (2000, 200));
        let other = Tokens {
            user: "c@d.example".to_string(),
            ..tokens.clone()
        };
        assert!(other.resume(&token, 200).is_err());
        assert!(request(&format!("fields=id&page=2&page_token={token}"), "v3").is_err());
        assert!(request("fields=id&page_token=zz", "v3").is_err());
    }
}
