//! Running a parsed query over one module's records: field values (lookups followed with
//! `Account_Name.Phone`), criteria, ordering and the row Zoho returns.

use std::cmp::Ordering;

use serde_json::{json, Map, Value};

use crate::clock;
use crate::crm::records::store::{Record, Records};
use crate::crm::schema::{self, Kind, ModuleDef};

use super::parse::{Cond, Literal, Op, Order};

/// The records of one module, with the store for following lookups.
pub(crate) struct Table<'a> {
    pub(crate) def: &'static ModuleDef,
    pub(crate) records: &'a Records,
}

impl<'a> Table<'a> {
    /// The value of `path` on `record`: `Last_Name`, `id`, `Owner.name` (a key of the stored
    /// lookup) or `Account_Name.Phone` (a field of the looked-up record).
    pub(crate) fn value(&self, record: &Record, path: &str) -> Option<Value> {
        value_in(self.def, self.records, record, path, 0)
    }

    pub(crate) fn matches(&self, record: &Record, cond: &Cond) -> bool {
        match cond {
            Cond::And(a, b) => self.matches(record, a) && self.matches(record, b),
            Cond::Or(a, b) => self.matches(record, a) || self.matches(record, b),
            Cond::Compare { field, op, values } => {
                compare_field(self.value(record, field).as_ref(), *op, values)
            }
        }
    }

    /// Zoho sorts by id when the query has no ORDER BY (COQL-Overview.html).
    pub(crate) fn order(&self, rows: &mut [&Record], order: &[Order]) {
        rows.sort_by(|a, b| {
            order
                .iter()
                .map(|o| {
                    let ordering = sort_cmp(
                        self.value(a, &o.field).as_ref(),
                        self.value(b, &o.field).as_ref(),
                    );
                    if o.descending {
                        ordering.reverse()
                    } else {
                        ordering
                    }
                })
                .find(|o| *o != Ordering::Equal)
                .unwrap_or_else(|| sort_cmp(Some(&json!(a.id())), Some(&json!(b.id()))))
        });
    }

    /// One row of the answer: the selected fields under the names the query used, and `id`.
    /// A lookup or user shows as `{"id": …}` and a multi-select list as `a;b`, as in the v2
    /// sample response ("Languages_Known": "English;German").
    pub(crate) fn row(&self, record: &Record, fields: &[String]) -> Value {
        let mut row = Map::new();
        for field in fields {
            let value = self.value(record, field).map_or(Value::Null, |v| {
                match self.def.field(field).map(|f| f.kind) {
                    Some(Kind::Lookup(_) | Kind::User | Kind::AnyLookup) => {
                        json!({ "id": v.get("id").cloned().unwrap_or(Value::Null) })
                    }
                    Some(Kind::MultiPicklist(_)) => Value::String(joined(&v)),
                    _ => v,
                }
            });
            row.insert(field.clone(), value);
        }
        row.insert("id".to_string(), json!(record.id()));
        Value::Object(row)
    }
}

/// Lookups are followed at most this deep: the v2 limit of two relations per query.
const MAX_DEPTH: usize = 2;

fn value_in(
    def: &'static ModuleDef,
    records: &Records,
    record: &Record,
    path: &str,
    depth: usize,
) -> Option<Value> {
    let (head, rest) = match path.split_once('.') {
        Some((head, rest)) => (head, Some(rest)),
        None => (path, None),
    };
    let value = if head == "id" {
        Value::String(record.id().to_string())
    } else {
        record.get(head)?.clone()
    };
    let Some(rest) = rest else {
        return Some(value);
    };
    if let Some(inner) = value.get(rest).filter(|v| !v.is_null()) {
        return Some(inner.clone());
    }
    let Some(Kind::Lookup(target)) = def.field(head).map(|f| f.kind) else {
        return None;
    };
    let target = schema::module(target).ok()?;
    let id = value.get("id").and_then(Value::as_str)?;
    let linked = records.all(target).find(|r| r.id() == id)?;
    if depth >= MAX_DEPTH {
        return None;
    }
    value_in(target, records, linked, rest, depth + 1)
}

fn compare_field(value: Option<&Value>, op: Op, values: &[Literal]) -> bool {
    let present = value.filter(|v| !is_blank(v));
    match op {
        Op::IsNull => present.is_none(),
        Op::IsNotNull => present.is_some(),
        // SQL's reading: a comparison with an empty field is never true, `!=` included.
        _ => present.is_some_and(|v| compare_value(v, op, values)),
    }
}

fn compare_value(value: &Value, op: Op, values: &[Literal]) -> bool {
    let scalar = scalar(value);
    let cmp = |i: usize| values.get(i).and_then(|lit| compare(&scalar, lit));
    let equals_any = || (0..values.len()).any(|i| cmp(i) == Some(Ordering::Equal));
    match op {
        Op::Eq | Op::In => equals_any(),
        Op::Ne | Op::NotIn => !equals_any(),
        Op::Lt => cmp(0) == Some(Ordering::Less),
        Op::Le => matches!(cmp(0), Some(Ordering::Less | Ordering::Equal)),
        Op::Gt => cmp(0) == Some(Ordering::Greater),
        Op::Ge => matches!(cmp(0), Some(Ordering::Greater | Ordering::Equal)),
        Op::Between => {
            matches!(cmp(0), Some(Ordering::Greater | Ordering::Equal))
                && matches!(cmp(1), Some(Ordering::Less | Ordering::Equal))
        }
        Op::Like | Op::NotLike => {
            let hit = values
                .first()
                .is_some_and(|pattern| like(&text_of(&scalar), &literal_text(pattern)));
            hit == (op == Op::Like)
        }
        Op::IsNull | Op::IsNotNull => false,
    }
}

/// What a field compares as: a lookup or user by its id, a multi-select list as `a;b`.
fn scalar(value: &Value) -> Value {
    match value {
        Value::Object(map) => map.get("id").cloned().unwrap_or(Value::Null),
        Value::Array(_) => Value::String(joined(value)),
        other => other.clone(),
    }
}

fn joined(value: &Value) -> String {
    match value {
        Value::Array(items) => items
            .iter()
            .map(|item| text_of(item.get("name").unwrap_or(item)))
            .collect::<Vec<_>>()
            .join(";"),
        other => text_of(other),
    }
}

fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(items) => items.is_empty(),
        _ => false,
    }
}

fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn literal_text(literal: &Literal) -> String {
    match literal {
        Literal::Text(s) | Literal::Number(s) => s.clone(),
        Literal::Bool(b) => b.to_string(),
    }
}

/// `%` stands for any run of characters; text compares without case.
fn like(text: &str, pattern: &str) -> bool {
    let text = text.to_lowercase();
    let pattern = pattern.to_lowercase();
    let parts: Vec<&str> = pattern.split('%').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if parts.len() == 1 {
        return text == pattern;
    }
    if !text.starts_with(first) || text.len() < first.len() + last.len() || !text.ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(at) => rest = &rest[at + middle.len()..],
            None => return false,
        }
    }
    true
}

/// The field value against a literal, in the most specific type both share: numbers (ids
/// exactly), booleans, date-times (offsets honoured), then text without case.
fn compare(value: &Value, literal: &Literal) -> Option<Ordering> {
    match literal {
        Literal::Bool(wanted) => match value {
            Value::Bool(b) => Some(if b == wanted {
                Ordering::Equal
            } else {
                Ordering::Less
            }),
            _ => None,
        },
        Literal::Number(n) | Literal::Text(n) => {
            if let Some(ordering) = numeric_cmp(&text_of(value), n) {
                return Some(ordering);
            }
            if matches!(literal, Literal::Number(_)) {
                return None;
            }
            if let (Some(a), Some(b)) = (time_of(&text_of(value)), time_of(n)) {
                return Some(a.cmp(&b));
            }
            Some(text_of(value).to_lowercase().cmp(&n.to_lowercase()))
        }
    }
}

fn numeric_cmp(a: &str, b: &str) -> Option<Ordering> {
    if let (Ok(x), Ok(y)) = (a.trim().parse::<i128>(), b.trim().parse::<i128>()) {
        return Some(x.cmp(&y));
    }
    let (x, y) = (a.trim().parse::<f64>().ok()?, b.trim().parse::<f64>().ok()?);
    x.partial_cmp(&y)
}

fn time_of(text: &str) -> Option<i64> {
    let looks_like_date = text.len() >= 10 && text.as_bytes().get(4) == Some(&b'-');
    looks_like_date.then(|| clock::parse_iso(text)).flatten()
}

/// Order of two field values; an empty field sorts first.
fn sort_cmp(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    match (a.map(scalar), b.map(scalar)) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(x), Some(y)) => {
            let (x, y) = (text_of(&x), text_of(&y));
            numeric_cmp(&x, &y)
                .or_else(|| Some(time_of(&x)?.cmp(&time_of(&y)?)))
                .unwrap_or_else(|| x.to_lowercase().cmp(&y.to_lowercase()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(s: &str) -> Literal {
        Literal::Text(s.to_string())
    }

    fn num(s: &str) -> Literal {
        Literal::Number(s.to_string())
    }

    #[test]
    fn like_patterns() {
        assert!(like("O'Brien", "o'%"));
        assert!(like("Brien", "%ien"));
        assert!(like("Mac Brien", "%c b%"));
        assert!(like("abc", "a%b%c"));
        assert!(!like("ab", "a%b%c"));
        assert!(!like("abc", "abd"));
        assert!(like("abc", "ABC"));
    }

    #[test]
    fn comparisons() {
        let created = json!("2019-07-25T15:26:49+05:30");
        assert!(compare_field(
            Some(&created),
            Op::Gt,
            &[lit("2019-07-25T09:00:00Z")]
        ));
        assert!(!compare_field(
            Some(&created),
            Op::Gt,
            &[lit("2019-07-25T10:00:00Z")]
        ));
        assert!(compare_field(
            Some(&json!(42)),
            Op::Between,
            &[num("42"), num("50")]
        ));
        assert!(compare_field(
            Some(&json!("4150868000000224005")),
            Op::Eq,
            &[num("4150868000000224005")]
        ));
        assert!(!compare_field(
            Some(&json!("4150868000000224005")),
            Op::Eq,
            &[num("4150868000000224006")]
        ));
        assert!(compare_field(
            Some(&json!({"name": "Demo", "id": "7"})),
            Op::In,
            &[lit("6"), lit("7")]
        ));
        assert!(compare_field(
            Some(&json!(["English", "German"])),
            Op::Eq,
            &[lit("English;German")]
        ));
        assert!(compare_field(
            Some(&json!(false)),
            Op::Eq,
            &[Literal::Bool(false)]
        ));
        assert!(compare_field(Some(&json!("Web")), Op::NotIn, &[lit("Ads")]));
        assert!(compare_field(Some(&json!("Web")), Op::Eq, &[lit("web")]));
    }

    #[test]
    fn empty_fields() {
        assert!(compare_field(None, Op::IsNull, &[]));
        assert!(compare_field(Some(&json!("")), Op::IsNull, &[]));
        assert!(!compare_field(Some(&json!("x")), Op::IsNull, &[]));
        assert!(compare_field(Some(&json!("x")), Op::IsNotNull, &[]));
        assert!(!compare_field(None, Op::Ne, &[lit("x")]));
        assert!(!compare_field(None, Op::NotLike, &[lit("x%")]));
    }

    #[test]
    fn sorting() {
        assert_eq!(
            sort_cmp(Some(&json!("9")), Some(&json!("10"))),
            Ordering::Less
        );
        assert_eq!(sort_cmp(None, Some(&json!("a"))), Ordering::Less);
        assert_eq!(
            sort_cmp(Some(&json!("b")), Some(&json!("A"))),
            Ordering::Greater
        );
        assert_eq!(
            sort_cmp(
                Some(&json!("2019-07-25T15:26:49+05:30")),
                Some(&json!("2019-07-25T10:00:00Z"))
            ),
            Ordering::Less
        );
    }
}
