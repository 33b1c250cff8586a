//! `/crm/v2/coql`: records selected by a COQL query.
//!
//! Zoho's "Get Records through a COQL Query"
//! (https://www.zoho.com/crm/developer/docs/api/v2/Get-Records-through-COQL-Query.html):
//! the query is POSTed as `{"select_query": "select … from … where …"}` although it only
//! reads, and the answer is a record list under `data` with `info.count` and
//! `info.more_records`. Paging (LIMIT/OFFSET inside the query) and Zoho's limits are the
//! Ruby layer's work (lib/zcrmsdk/coql); this module only sends the query.

use serde_json::{json, Value};

use super::args::{required_string, Rule};
use super::{Method, RequestSpec, ResponseKind};
use crate::error::Result;

const KEY: &str = "data";
const NO_QUERY: Rule = Rule::new("NO QUERY PROVIDED", "select_query must be given");

pub fn build(action: &str, args: &Value) -> Option<Result<RequestSpec>> {
    Some(match action {
        "query" => query(args),
        _ => return None,
    })
}

/// POST coql with `{"select_query": select_query}`.
fn query(args: &Value) -> Result<RequestSpec> {
    let select_query = required_string(args, "select_query", &NO_QUERY)?;
    Ok(
        RequestSpec::new(Method::Post, "coql", KEY, ResponseKind::Bulk)
            .json(json!({ "select_query": select_query })),
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::api::test_support::{assert_errors, assert_specs, expect, json as body};
    use crate::api::{Method::*, ResponseKind::*};

    #[test]
    fn requests() {
        let query = "select Last_Name from Leads where Last_Name is not null limit 200";
        assert_specs(vec![(
            "coql.query",
            json!({ "select_query": query }),
            expect(
                Post,
                "coql",
                &[],
                body(json!({ "select_query": query })),
                "data",
                Bulk,
            ),
        )]);
    }

    #[test]
    fn a_query_is_required() {
        assert_errors(vec![
            ("coql.query", json!({}), "NO QUERY PROVIDED", "select_query"),
            (
                "coql.query",
                json!({ "select_query": "  " }),
                "NO QUERY PROVIDED",
                "select_query",
            ),
            (
                "coql.query",
                json!({ "select_query": ["select"] }),
                "INVALID ARGUMENT",
                "select_query",
            ),
            ("coql.nope", json!({}), "UNKNOWN OPERATION", "coql.nope"),
        ]);
    }
}
