//! Custom views: the system views every module starts with (All, My, Recently Created), their
//! criteria in Zoho's JSON shape, and how a view filters and orders records for `cvid=`.

use serde_json::{json, Value};

use super::criteria::{Expr, Op};
use super::schema::{self, ModuleDef};

const VIEW_BASE: u64 = 4_150_868_000_000_050_000;
/// Placeholder Zoho puts in criteria for "the user looking at the view".
const CURRENT_USER: &str = "${CURRENTUSER}";

#[derive(Clone, Debug)]
pub(crate) struct View {
    pub(crate) id: String,
    pub(crate) module: &'static ModuleDef,
    pub(crate) name: String,
    pub(crate) system_name: &'static str,
    pub(crate) default: bool,
    pub(crate) criteria: Option<Value>,
    pub(crate) sort_by: Option<&'static str>,
    pub(crate) sort_order: Option<&'static str>,
}

impl View {
    pub(crate) fn to_json(&self) -> Value {
        let def = self.module;
        let fields: Vec<&str> = def
            .fields
            .iter()
            .filter(|f| !f.read_only)
            .take(6)
            .map(|f| f.api_name)
            .collect();
        json!({
            "id": self.id,
            "name": self.name,
            "display_value": self.name,
            "system_name": self.system_name,
            "system_defined": true,
            "default": self.default,
            "favorite": null,
            "category": "public_views",
            "access_type": "public",
            "offline": true,
            "locked": false,
            "shared_details": null,
            // v2 names fields by API name here; v2.1 made them {"api_name","id"} objects.
            "sort_by": self.sort_by,
            "sort_order": self.sort_order,
            "criteria": self.criteria,
            "fields": fields,
            "module": def.reference(),
        })
    }

    /// The filter `cvid=` applies, with `${CURRENTUSER}` bound to `user_id`.
    pub(crate) fn filter(&self, user_id: &str) -> Option<Expr> {
        self.criteria.as_ref().and_then(|c| to_expr(c, user_id))
    }
}

fn to_expr(criteria: &Value, user_id: &str) -> Option<Expr> {
    if let Some(group) = criteria.get("group").and_then(Value::as_array) {
        let items: Vec<Expr> = group.iter().filter_map(|c| to_expr(c, user_id)).collect();
        let or = criteria.get("group_operator").and_then(Value::as_str) == Some("or");
        return Some(if or {
            Expr::Or(items)
        } else {
            Expr::And(items)
        });
    }
    let field = criteria.get("field")?;
    let field = field.get("api_name").unwrap_or(field).as_str()?.to_string();
    let comparator = criteria.get("comparator")?.as_str()?;
    let op = Op::parse(match comparator {
        "equal" => "equals",
        other => other,
    })?;
    let bind = |v: &Value| match v.as_str() {
        Some(CURRENT_USER) => user_id.to_string(),
        Some(s) => s.to_string(),
        None => v.to_string(),
    };
    let values = match criteria.get("value")? {
        Value::Array(items) => items.iter().map(bind).collect(),
        other => vec![bind(other)],
    };
    Some(Expr::Cond { field, op, values })
}

#[derive(Debug)]
pub(crate) struct Views {
    list: Vec<View>,
}

impl Default for Views {
    fn default() -> Self {
        let list = schema::MODULES
            .iter()
            .filter(|def| def.records && def.api_name != "Notes")
            .flat_map(system_views)
            .collect();
        Views { list }
    }
}

fn system_views(def: &'static ModuleDef) -> Vec<View> {
    let base = VIEW_BASE + def.index() * 10;
    let view = |k: u64, name: String, system_name| View {
        id: (base + k).to_string(),
        module: def,
        name,
        system_name,
        default: k == 0,
        criteria: None,
        sort_by: None,
        sort_order: None,
    };
    let mut mine = view(1, format!("My {}", def.plural), "MYVIEWS");
    mine.criteria = Some(json!({
        "comparator": "equal",
        "field": "Owner",
        "value": CURRENT_USER,
    }));
    let mut recent = view(
        2,
        format!("Recently Created {}", def.plural),
        "RECENTLYCREATED",
    );
    recent.sort_by = Some("Created_Time");
    recent.sort_order = Some("desc");
    vec![
        view(0, format!("All {}", def.plural), "ALLVIEWS"),
        mine,
        recent,
    ]
}

impl Views {
    pub(crate) fn of_module(&self, def: &ModuleDef) -> Vec<&View> {
        self.list
            .iter()
            .filter(|v| v.module.api_name == def.api_name)
            .collect()
    }

    pub(crate) fn get(&self, def: &ModuleDef, id: &str) -> Option<&View> {
        self.of_module(def).into_iter().find(|v| v.id == id)
    }

    pub(crate) fn get_mut(&mut self, def: &ModuleDef, id: &str) -> Option<&mut View> {
        self.list
            .iter_mut()
            .find(|v| v.module.api_name == def.api_name && v.id == id)
    }
}
