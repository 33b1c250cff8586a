//! `page` / `per_page` handling and the `info` object of list responses.

use serde_json::{json, Value};

use crate::params::Params;

use super::envelope::ApiError;

/// Zoho's default and maximum page size.
pub(crate) const MAX_PER_PAGE: usize = 200;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Page {
    pub(crate) page: usize,
    pub(crate) per_page: usize,
    /// Where the page starts among the items: `(page - 1) * per_page`, or where a
    /// `page_token` points.
    start: usize,
}

impl Page {
    /// Reads `page` and `per_page`; blank values mean the defaults because the legacy gem
    /// sends `page=&per_page=`. Larger pages are clamped to Zoho's maximum.
    pub(crate) fn from_params(params: &Params) -> Result<Page, ApiError> {
        let page = positive(params, "page")?.unwrap_or(1);
        let per_page = positive(params, "per_page")?
            .unwrap_or(MAX_PER_PAGE)
            .min(MAX_PER_PAGE);
        Ok(Page {
            page,
            per_page,
            start: (page - 1).saturating_mul(per_page),
        })
    }

    /// The page a `page_token` points at; its `page` is the one it would have had.
    pub(crate) fn starting_at(start: usize, per_page: usize) -> Page {
        Page {
            page: start / per_page.max(1) + 1,
            per_page,
            start,
        }
    }

    /// This page's items and whether more follow.
    /// Where the page starts among the items, and how many it holds at most.
    pub(crate) fn bounds(&self) -> (usize, usize) {
        (self.start, self.per_page)
    }

    pub(crate) fn slice<'a, T>(&self, items: &'a [T]) -> (&'a [T], bool) {
        let start = self.start.min(items.len());
        let end = start.saturating_add(self.per_page).min(items.len());
        (&items[start..end], end < items.len())
    }

    pub(crate) fn info(&self, count: usize, more_records: bool) -> Value {
        json!({
            "per_page": self.per_page,
            "count": count,
            "page": self.page,
            "more_records": more_records,
        })
    }
}

fn positive(params: &Params, name: &str) -> Result<Option<usize>, ApiError> {
    let Some(raw) = params.get(name) else {
        return Ok(None);
    };
    match raw.parse::<usize>() {
        Ok(n) if n > 0 => Ok(Some(n)),
        _ => Err(ApiError::invalid_data(
            "invalid data",
            json!({"param_name": name, "expected_data_type": "integer"}),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(q: &str) -> Page {
        match Page::from_params(&Params::from_query(Some(q))) {
            Ok(p) => p,
            Err(_) => panic!("rejected {q}"),
        }
    }

    #[test]
    fn defaults_and_clamping() {
        assert_eq!(page("page=&per_page="), Page::starting_at(0, 200));
        assert_eq!(page("page=2&per_page=500").per_page, 200);
        assert!(Page::from_params(&Params::from_query(Some("page=0"))).is_err());
        assert!(Page::from_params(&Params::from_query(Some("per_page=x"))).is_err());
    }

    #[test]
    fn slicing() {
        let items = [1, 2, 3, 4, 5];
        let p = Page::starting_at(2, 2);
        assert_eq!(p.slice(&items), (&items[2..4], true));
        let last = Page::starting_at(4, 2);
        assert_eq!(last.slice(&items), (&items[4..5], false));
        let beyond = Page::starting_at(16, 2);
        assert_eq!(beyond.slice(&items).0.len(), 0);
    }
}
