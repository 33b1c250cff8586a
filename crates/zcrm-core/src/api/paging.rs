//! How deep a module's record list can be walked, per API version: what Zoho allows and
//! how, so that walks stop with a clear error at the cap instead of a 400 deep in a sync.
//!
//! * v2 and v2.1: `page` only, and only the first 2,000 records of a list; past them Zoho
//!   answers 400 `DISCRETE_PAGINATION_LIMIT_EXCEEDED` with `details.limit` 2000 (observed on
//!   `/crm/v2/{module}`: <https://github.com/airbytehq/airbyte/issues/30977>; v2.1's SDKs
//!   know no `page_token`).
//! * v3 and later: `page` for the first 2,000, then `page_token` (from the previous answer's
//!   `info.next_page_token`) up to 100,000 records; the two cannot be combined (Kaizen #60,
//!   <https://help.zoho.com/portal/en/community/topic/kaizen-60-get-records-search-records-query-and-bulk-read-apis>).

/// Records a list reaches through `page`.
pub const PAGE_LIMIT: usize = 2_000;
/// Records a list reaches through `page_token`.
pub const TOKEN_LIMIT: usize = 100_000;

/// Zoho's code for a page past [`PAGE_LIMIT`].
pub const LIMIT_CODE: &str = "DISCRETE_PAGINATION_LIMIT_EXCEEDED";

/// The paging rules of one API version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// Records `page` reaches.
    pub page_limit: usize,
    /// Records `page_token` reaches; `None` where the version has no tokens.
    pub token_limit: Option<usize>,
}

impl Paging {
    /// The rules for `api_version` (`v2`, `v2.1`, `v3` …). A version this table does not
    /// know is taken as a later one: Zoho has added, not removed, paging features.
    pub fn for_version(api_version: &str) -> Paging {
        let tokens = !matches!(api_version, "v2" | "v2.0" | "v2.1");
        Paging {
            page_limit: PAGE_LIMIT,
            token_limit: tokens.then_some(TOKEN_LIMIT),
        }
    }

    /// Whether lists page by `page_token` beyond [`Paging::page_limit`].
    pub fn has_page_token(&self) -> bool {
        self.token_limit.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v2_and_v2_1_stop_at_the_page_cap() {
        for version in ["v2", "v2.1"] {
            let paging = Paging::for_version(version);
            assert_eq!(paging.page_limit, 2_000);
            assert!(!paging.has_page_token(), "{version}");
        }
    }

    #[test]
    fn later_versions_page_by_token_up_to_100_000() {
        for version in ["v3", "v5", "v8", "v9"] {
            assert_eq!(Paging::for_version(version).token_limit, Some(100_000));
        }
    }
}
