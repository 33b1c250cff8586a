//! Junction relations (Products ⇄ Price_Books, Deals ⇄ Contacts as contact roles, Campaigns ⇄
//! Leads…): unordered pairs of records with the relation's own fields (`list_price`,
//! `Contact_Role`, `Member_Status`).

use serde_json::{Map, Value};

/// One end of a relation: module API name and record id.
pub(crate) type End = (&'static str, String);

#[derive(Clone, Debug)]
pub(crate) struct Link {
    ends: [End; 2],
    pub(crate) data: Map<String, Value>,
}

impl Link {
    fn joins(&self, a: &End, b: &End) -> bool {
        (&self.ends[0] == a && &self.ends[1] == b) || (&self.ends[0] == b && &self.ends[1] == a)
    }

    /// The other end, when `end` is one of them.
    fn other(&self, end: &End) -> Option<&End> {
        if &self.ends[0] == end {
            Some(&self.ends[1])
        } else if &self.ends[1] == end {
            Some(&self.ends[0])
        } else {
            None
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct Links {
    list: Vec<Link>,
}

impl Links {
    /// Adds the relation or replaces its fields; whether the pair is new.
    pub(crate) fn put(&mut self, a: End, b: End, data: Map<String, Value>) -> bool {
        match self.list.iter_mut().find(|l| l.joins(&a, &b)) {
            Some(link) => {
                link.data.extend(data);
                false
            }
            None => {
                self.list.push(Link { ends: [a, b], data });
                true
            }
        }
    }

    pub(crate) fn remove(&mut self, a: &End, b: &End) -> bool {
        let before = self.list.len();
        self.list.retain(|l| !l.joins(a, b));
        self.list.len() != before
    }

    /// Ids and relation fields of the `target` records linked to `end`.
    pub(crate) fn linked(&self, end: &End, target: &str) -> Vec<(String, Map<String, Value>)> {
        self.list
            .iter()
            .filter_map(|l| l.other(end).map(|other| (other, &l.data)))
            .filter(|(other, _)| other.0 == target)
            .map(|(other, data)| (other.1.clone(), data.clone()))
            .collect()
    }

    /// A deleted record leaves all its relations.
    pub(crate) fn forget(&mut self, module: &'static str, id: &str) {
        let end: End = (module, id.to_string());
        self.list.retain(|l| l.other(&end).is_none());
    }
}
