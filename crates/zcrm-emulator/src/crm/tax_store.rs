//! The org's taxes (`org/taxes`), starting with a sales tax and a VAT.

use serde_json::{json, Value};

use super::records::values::float;

#[derive(Clone, Debug)]
pub(crate) struct Tax {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) value: f64,
    pub(crate) sequence_number: i64,
}

impl Tax {
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            // The label is the name, renamed with it (observed by Zoho's 1.0.x suites).
            "display_label": self.name,
            // A whole rate is an integer on the wire (`1`, not `1.0`).
            "value": float(self.value),
            "sequence_number": self.sequence_number,
        })
    }
}

#[derive(Debug)]
pub(crate) struct Taxes {
    pub(crate) list: Vec<Tax>,
}

impl Default for Taxes {
    fn default() -> Self {
        let tax = |id: &str, name: &str, value: f64, sequence_number| Tax {
            id: id.to_string(),
            name: name.to_string(),
            value,
            sequence_number,
        };
        Taxes {
            list: vec![
                tax("4150868000000080001", "Sales Tax", 8.0, 1),
                tax("4150868000000080002", "Vat", 12.5, 2),
            ],
        }
    }
}

impl Taxes {
    pub(crate) fn get(&self, id: &str) -> Option<&Tax> {
        self.list.iter().find(|t| t.id == id)
    }

    pub(crate) fn get_mut(&mut self, id: &str) -> Option<&mut Tax> {
        self.list.iter_mut().find(|t| t.id == id)
    }

    /// Another tax with this name, ignoring case.
    pub(crate) fn named(&self, name: &str, except: Option<&str>) -> Option<&Tax> {
        self.list
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(name) && Some(t.id.as_str()) != except)
    }

    pub(crate) fn remove(&mut self, id: &str) -> Option<Tax> {
        let index = self.list.iter().position(|t| t.id == id)?;
        Some(self.list.remove(index))
    }

    pub(crate) fn next_sequence(&self) -> i64 {
        self.list
            .iter()
            .map(|t| t.sequence_number)
            .max()
            .unwrap_or(0)
            + 1
    }
}
