//! `/crm/v2/org`: the organization's details. Its taxes are in [`super::taxes`].

use serde_json::Value;

use super::{RequestSpec, ResponseKind};
use crate::error::Result;

pub fn build(action: &str, _args: &Value) -> Option<Result<RequestSpec>> {
    Some(match action {
        "get" => Ok(RequestSpec::get("org", "org", ResponseKind::Single)),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::api::test_support::{assert_errors, assert_specs, expect};
    use crate::api::{Body, Method::*, ResponseKind::*};

    #[test]
    fn requests() {
        assert_specs(vec![(
            "org.get",
            json!({}),
            expect(Get, "org", &[], Body::None, "org", Single),
        )]);
    }

    #[test]
    fn unknown_operations() {
        assert_errors(vec![
            ("org.nope", json!({}), "UNKNOWN OPERATION", "org.nope"),
            ("nope.get", json!({}), "UNKNOWN OPERATION", "nope.get"),
            ("org", json!({}), "UNKNOWN OPERATION", "org"),
        ]);
    }
}
