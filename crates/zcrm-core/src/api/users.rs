//! `/crm/v2/users`: list by type, one user, search, create, update, delete.

use serde_json::Value;

use super::args::{
    optional_count, optional_string, required_id, required_obj, required_string, segment, wrapped,
    Rule,
};
use super::common::{modified_since, one};
use super::{Method, RequestSpec, ResponseKind};
use crate::error::Result;

const KEY: &str = "users";

const NO_USER_ID: Rule = Rule::new("USER ID IS NOT PROVIDED", "user id must be given");
const NO_USER: Rule = Rule::new(
    "USER INSTANCE IS NOT PROVIDED",
    "user instance must be given",
);
const NO_USER_OR_ID: Rule = Rule::new(
    "USER INSTANCE OR ID IS NOT PROVIDED",
    "user instance and id must be given",
);
const NO_CRITERIA: Rule = Rule::new("NO CRITERIA PROVIDED", "criteria must be provided");

pub fn build(action: &str, args: &Value) -> Option<Result<RequestSpec>> {
    Some(match action {
        "list" => list(args),
        "get" => one(Method::Get, "users", "user_id", &NO_USER_ID, KEY, args),
        "create" => create(args),
        "update" => update(args),
        "delete" => one(Method::Delete, "users", "user_id", &NO_USER_ID, KEY, args),
        "search" => search(args),
        _ => return None,
    })
}

/// GET users?type=CurrentUser|AllUsers|...&page&per_page
fn list(args: &Value) -> Result<RequestSpec> {
    let spec = RequestSpec::get("users", KEY, ResponseKind::Bulk)
        .param("type", optional_string(args, "type")?)
        .param("page", optional_count(args, "page")?)
        .param("per_page", optional_count(args, "per_page")?);
    modified_since(spec, args)
}

/// POST users with `{"users": [user]}`
fn create(args: &Value) -> Result<RequestSpec> {
    let user = required_obj(args, "user", &NO_USER)?;
    Ok(
        RequestSpec::new(Method::Post, "users", KEY, ResponseKind::Single)
            .json(wrapped(KEY, vec![user])),
    )
}

/// PUT users/{user_id} with `{"users": [user]}`
fn update(args: &Value) -> Result<RequestSpec> {
    let id = required_id(args, "user_id", &NO_USER_OR_ID)?;
    let user = required_obj(args, "user", &NO_USER_OR_ID)?;
    Ok(RequestSpec::new(
        Method::Put,
        format!("users/{}", segment(&id)),
        KEY,
        ResponseKind::Single,
    )
    .json(wrapped(KEY, vec![user])))
}

/// GET users/search?criteria&type&page&per_page
fn search(args: &Value) -> Result<RequestSpec> {
    let criteria = required_string(args, "criteria", &NO_CRITERIA)?;
    Ok(RequestSpec::get("users/search", KEY, ResponseKind::Bulk)
        .param("criteria", Some(criteria))
        .param("type", optional_string(args, "type")?)
        .param("page", optional_count(args, "page")?)
        .param("per_page", optional_count(args, "per_page")?))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::api::test_support::{assert_errors, assert_specs, expect, json};
    use crate::api::{Body, Method::*, ResponseKind::*};

    #[test]
    fn requests() {
        let user = json!({"role": "1", "profile": "2", "last_name": "Doe", "email": "d@x.com"});
        let mut modified = expect(
            Get,
            "users",
            &[("type", "AllUsers")],
            Body::None,
            "users",
            Bulk,
        );
        modified.headers = vec![(
            "If-Modified-Since".into(),
            "2019-07-25T15:26:49+05:30".into(),
        )];
        assert_specs(vec![
            (
                "users.list",
                json!({}),
                expect(Get, "users", &[], Body::None, "users", Bulk),
            ),
            (
                "users.list",
                json!({"type": "CurrentUser"}),
                expect(
                    Get,
                    "users",
                    &[("type", "CurrentUser")],
                    Body::None,
                    "users",
                    Bulk,
                ),
            ),
            (
                "users.list",
                json!({"type": "ActiveUsers", "page": 1, "per_page": 200}),
                expect(
                    Get,
                    "users",
                    &[("type", "ActiveUsers"), ("page", "1"), ("per_page", "200")],
                    Body::None,
                    "users",
                    Bulk,
                ),
            ),
            (
                "users.list",
                json!({"type": "AllUsers", "modified_since": "2019-07-25T15:26:49+05:30"}),
                modified,
            ),
            (
                "users.get",
                json!({"user_id": 7}),
                expect(Get, "users/7", &[], Body::None, "users", Single),
            ),
            (
                "users.create",
                json!({"user": user}),
                expect(
                    Post,
                    "users",
                    &[],
                    json(json!({"users": [user]})),
                    "users",
                    Single,
                ),
            ),
            (
                "users.update",
                json!({"user_id": "7", "user": user}),
                expect(
                    Put,
                    "users/7",
                    &[],
                    json(json!({"users": [user]})),
                    "users",
                    Single,
                ),
            ),
            (
                "users.delete",
                json!({"user_id": "7"}),
                expect(Delete, "users/7", &[], Body::None, "users", Single),
            ),
            (
                "users.search",
                json!({"criteria": "((email:equals:a@b.c))", "type": "ActiveUsers", "page": 1, "per_page": 200}),
                expect(
                    Get,
                    "users/search",
                    &[
                        ("criteria", "((email:equals:a@b.c))"),
                        ("type", "ActiveUsers"),
                        ("page", "1"),
                        ("per_page", "200"),
                    ],
                    Body::None,
                    "users",
                    Bulk,
                ),
            ),
        ]);
    }

    #[test]
    fn validation_errors() {
        let user = json!({"last_name": "Doe"});
        assert_errors(vec![
            (
                "users.get",
                json!({}),
                "USER ID IS NOT PROVIDED",
                "user id must be given",
            ),
            (
                "users.get",
                json!({"user_id": ""}),
                "USER ID IS NOT PROVIDED",
                "user_id",
            ),
            (
                "users.delete",
                json!({}),
                "USER ID IS NOT PROVIDED",
                "user_id",
            ),
            (
                "users.create",
                json!({}),
                "USER INSTANCE IS NOT PROVIDED",
                "user instance must be given",
            ),
            (
                "users.create",
                json!({"user": [user]}),
                "INVALID ARGUMENT",
                "user",
            ),
            (
                "users.update",
                json!({"user": user}),
                "USER INSTANCE OR ID IS NOT PROVIDED",
                "user_id",
            ),
            (
                "users.update",
                json!({"user_id": "7"}),
                "USER INSTANCE OR ID IS NOT PROVIDED",
                "user instance and id must be given",
            ),
            (
                "users.search",
                json!({"type": "AllUsers"}),
                "NO CRITERIA PROVIDED",
                "criteria must be provided",
            ),
            ("users.list", json!({"page": 0}), "INVALID ARGUMENT", "page"),
        ]);
    }
}
