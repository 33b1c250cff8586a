//! Org variables and the groups they belong to (`settings/variables`,
//! `settings/variable_groups`).

use serde_json::{json, Value};

/// The variable types Zoho offers.
pub(crate) const TYPES: [&str; 13] = [
    "text", "textarea", "integer", "long", "double", "percent", "currency", "decimal", "date",
    "datetime", "email", "phone", "url",
];

#[derive(Clone, Debug)]
pub(crate) struct Group {
    pub(crate) id: String,
    pub(crate) api_name: String,
    pub(crate) name: String,
    pub(crate) description: Option<String>,
}

impl Group {
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "id": self.id, "api_name": self.api_name, "name": self.name,
            "display_label": self.name, "description": self.description,
        })
    }

    pub(crate) fn reference(&self) -> Value {
        json!({"api_name": self.api_name, "id": self.id})
    }

    /// Groups are named by id or by API name.
    pub(crate) fn is(&self, key: &str) -> bool {
        self.id == key || self.api_name.eq_ignore_ascii_case(key)
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Variable {
    pub(crate) id: String,
    pub(crate) api_name: String,
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) kind: String,
    pub(crate) value: Value,
    pub(crate) group: String,
}

#[derive(Debug)]
pub(crate) struct Variables {
    pub(crate) groups: Vec<Group>,
    pub(crate) list: Vec<Variable>,
}

impl Default for Variables {
    fn default() -> Self {
        let group = |id: &str, api_name: &str, description: &str| Group {
            id: id.to_string(),
            api_name: api_name.to_string(),
            name: api_name.to_string(),
            description: Some(description.to_string()),
        };
        let general = group(
            "4150868000000090001",
            "General",
            "Variables used everywhere",
        );
        let marketing = group("4150868000000090002", "Marketing", "Campaign settings");
        let variable =
            |id: &str, api_name: &str, kind: &str, value: Value, group: &Group| Variable {
                id: id.to_string(),
                api_name: api_name.to_string(),
                name: api_name.replace('_', " "),
                description: None,
                kind: kind.to_string(),
                value,
                group: group.id.clone(),
            };
        let list = vec![
            variable(
                "4150868000000090101",
                "Support_Email",
                "email",
                json!("support@example.com"),
                &general,
            ),
            variable(
                "4150868000000090102",
                "Discount_Limit",
                "integer",
                json!(15),
                &marketing,
            ),
        ];
        Variables {
            groups: vec![general, marketing],
            list,
        }
    }
}

impl Variables {
    pub(crate) fn group(&self, key: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.is(key))
    }

    pub(crate) fn to_json(&self, variable: &Variable) -> Value {
        let group = self
            .groups
            .iter()
            .find(|g| g.id == variable.group)
            .map_or(Value::Null, Group::reference);
        json!({
            "id": variable.id, "api_name": variable.api_name, "name": variable.name,
            "description": variable.description, "type": variable.kind,
            "value": variable.value, "variable_group": group,
        })
    }

    pub(crate) fn get_mut(&mut self, id: &str) -> Option<&mut Variable> {
        self.list.iter_mut().find(|v| v.id == id)
    }

    pub(crate) fn remove(&mut self, id: &str) -> Option<Variable> {
        let index = self.list.iter().position(|v| v.id == id)?;
        Some(self.list.remove(index))
    }
}
