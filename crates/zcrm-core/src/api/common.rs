//! What many resources share: CATALOG.md's common checks (with 1.0.x's codes and messages,
//! which user code matches on), the `{module}/{record_id}` path, the `If-Modified-Since`
//! option, and the one-entity-by-id and per-module metadata request shapes.

use serde_json::Value;

use super::args::{self, Limit, Rule};
use super::{Method, RequestSpec, ResponseKind};
use crate::error::Result;

pub const MODULE: Rule = Rule::new(
    "NO MODULE API NAME PROVIDED",
    "module api name must be provided",
);
pub const RECORD_ID: Rule = Rule::new("ID IS NOT PROVIDED", "id should be set for the record");

pub const RECORDS: Limit = Limit {
    max: 100,
    none: Rule::new("NO RECORDS PROVIDED", "records count must be at least 1"),
    more: Rule::new(
        "MORE RECORDS PROVIDED",
        "records count must be less than or equals to 100",
    ),
};
pub const NOTES: Limit = Limit {
    max: 100,
    none: Rule::new("NO NOTES PROVIDED", "note count must be at least 1"),
    more: Rule::new(
        "MORE NOTES PROVIDED",
        "note count must be less than or equals to 100",
    ),
};
pub const TAGS50: Limit = Limit {
    max: 50,
    none: Rule::new("NO TAGS PROVIDED", "Tag count must at least be 1"),
    more: Rule::new(
        "MORE TAGS PROVIDED",
        "Tag count must be less than or equals to 50",
    ),
};
pub const TAGS10: Limit = Limit {
    max: 10,
    none: TAGS50.none,
    more: Rule::new(
        "MORE TAGS PROVIDED",
        "Tag count must be less than or equals to 10",
    ),
};
pub const TAXES: Limit = Limit {
    max: 100,
    none: Rule::new("NO ORG TAX PROVIDED", "org tax count must be at least 1"),
    more: Rule::new(
        "MORE ORG TAXES PROVIDED",
        "org tax count must be less than or equals to 100",
    ),
};
/// 1.0.x used a singular code for too many tax ids (sic); user code may match on it.
pub const TAX_IDS: Limit = Limit {
    more: Rule::new("MORE ORG TAX PROVIDED", TAXES.more.message),
    ..TAXES
};
pub const VARIABLES: Limit = Limit {
    max: 100,
    none: Rule::new("NO VARIABLES PROVIDED", "variable count must at least be 1"),
    more: Rule::new(
        "MORE VARIABLES PROVIDED",
        "variable count must be less than or equals to 100",
    ),
};

/// The `module` argument as given (for a query value).
pub fn module(args: &Value) -> Result<String> {
    args::required_name(args, "module", &MODULE)
}

/// The `module` argument as a path segment.
pub fn module_path(args: &Value) -> Result<String> {
    Ok(args::segment(&module(args)?))
}

/// `{module}/{record_id}`, checking the module first as 1.0.x did. Most rows use
/// [`RECORD_ID`] for a missing id; tag operations have their own code.
pub fn record_path(args: &Value, missing_id: &Rule) -> Result<String> {
    let module = module_path(args)?;
    let id = args::required_id(args, "record_id", missing_id)?;
    Ok(format!("{module}/{}", args::segment(&id)))
}

/// The `modified_since` option becomes `If-Modified-Since`, replacing one given in `headers`
/// (the explicit option wins; two such headers would be ambiguous).
pub fn modified_since(spec: RequestSpec, args: &Value) -> Result<RequestSpec> {
    Ok(spec.set_header("If-Modified-Since", args::iso(args, "modified_since")?))
}

/// `{prefix}/{id}` for one entity (get or delete), answered under `key`.
pub fn one(
    method: Method,
    prefix: &str,
    id_arg: &str,
    missing: &Rule,
    key: &str,
    args: &Value,
) -> Result<RequestSpec> {
    let id = args::required_id(args, id_arg, missing)?;
    let path = format!("{prefix}/{}", args::segment(&id));
    Ok(RequestSpec::new(method, path, key, ResponseKind::Single))
}

/// GET `settings/{resource}?module=`: a module's fields, layouts, views, related lists...
/// The answer is filed under the resource's name.
pub fn module_settings_list(resource: &str, args: &Value) -> Result<RequestSpec> {
    let module = module(args)?;
    Ok(
        RequestSpec::get(format!("settings/{resource}"), resource, ResponseKind::Bulk)
            .param("module", Some(module)),
    )
}

/// GET `settings/{resource}/{id}?module=`: one of them.
pub fn module_settings_get(
    resource: &str,
    id_arg: &str,
    missing: &Rule,
    args: &Value,
) -> Result<RequestSpec> {
    let module = module(args)?;
    let spec = one(
        Method::Get,
        &format!("settings/{resource}"),
        id_arg,
        missing,
        resource,
        args,
    )?;
    Ok(spec.param("module", Some(module)))
}
