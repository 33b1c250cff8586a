//! How deep a module's record list can be walked, per API version, so that a walk stops with
//! a clear error at Zoho's cap instead of a 400 deep in a sync.
//!
//! * v2 and v2.1: `page` only, and only the first 2,000 records of a list; past them Zoho
//!   answers 400 `DISCRETE_PAGINATION_LIMIT_EXCEEDED` with `details.limit` 2000 (observed on
//!   `/crm/v2/{module}`: <https://github.com/airbytehq/airbyte/issues/30977>; v2.1's SDKs
//!   know no `page_token`). Zoho's answer says so itself: nothing here needs the number.
//! * v3 and later: `page` for the first 2,000, then `page_token` (from the previous answer's
//!   `info.next_page_token`) up to 100,000 records; the two cannot be combined (Kaizen #60,
//!   <https://help.zoho.com/portal/en/community/topic/kaizen-60-get-records-search-records-query-and-bulk-read-apis>).
//!   Past the last token Zoho hands out nothing can be asked: the limit names why.

/// Records a list reaches through `page_token`.
pub const TOKEN_LIMIT: usize = 100_000;

/// How many records `page_token` reaches with `api_version` (`v2`, `v2.1`, `v3` …); `None`
/// where the version has no tokens. A version this table does not know is taken as a later
/// one: Zoho has added, not removed, paging features.
pub fn token_limit(api_version: &str) -> Option<usize> {
    let tokens = !matches!(api_version, "v2" | "v2.0" | "v2.1");
    tokens.then_some(TOKEN_LIMIT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v2_and_v2_1_have_no_page_token() {
        assert_eq!(token_limit("v2"), None);
        assert_eq!(token_limit("v2.1"), None);
    }

    #[test]
    fn later_versions_page_by_token_up_to_100_000() {
        for version in ["v3", "v5", "v8", "v9"] {
            assert_eq!(token_limit(version), Some(100_000));
        }
    }
}
