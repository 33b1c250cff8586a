//! `/crm/v2/settings/profiles`: the org's profiles, or one of them.

use serde_json::Value;

use super::args::Rule;
use super::common::one;
use super::{Method, RequestSpec, ResponseKind};
use crate::error::Result;

const KEY: &str = "profiles";
const PATH: &str = "settings/profiles";

const NO_PROFILE_ID: Rule = Rule::new("PROFILE ID IS NOT PROVIDED", "profile id must be given");

pub fn build(action: &str, args: &Value) -> Option<Result<RequestSpec>> {
    Some(match action {
        "list" => Ok(RequestSpec::get(PATH, KEY, ResponseKind::Bulk)),
        "get" => one(Method::Get, PATH, "profile_id", &NO_PROFILE_ID, KEY, args),
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
        assert_specs(vec![
            (
                "profiles.list",
                json!({}),
                expect(Get, "settings/profiles", &[], Body::None, "profiles", Bulk),
            ),
            (
                "profiles.get",
                json!({"profile_id": 3}),
                expect(
                    Get,
                    "settings/profiles/3",
                    &[],
                    Body::None,
                    "profiles",
                    Single,
                ),
            ),
        ]);
    }

    #[test]
    fn validation_errors() {
        assert_errors(vec![(
            "profiles.get",
            json!({}),
            "PROFILE ID IS NOT PROVIDED",
            "profile id must be given",
        )]);
    }
}
