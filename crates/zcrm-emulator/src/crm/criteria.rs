//! Zoho's search criteria: `((Last_Name:equals:Burns\,B)and(First_Name:starts_with:M))`.
//! Conditions are `(field:operator:value)`, joined with `and`/`or` and grouped with
//! parentheses; `(`, `)` and `,` inside values are escaped with a backslash. The same
//! evaluator serves record search, custom views and user search.

use std::cmp::Ordering;

use serde_json::{Map, Value};

use crate::clock;

/// Zoho allows at most ten conditions in one criteria string.
pub(crate) const MAX_CONDITIONS: usize = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    Equals,
    NotEqual,
    StartsWith,
    In,
    NotIn,
    GreaterThan,
    GreaterEqual,
    LessThan,
    LessEqual,
    Between,
}

impl Op {
    pub(crate) fn parse(name: &str) -> Option<Op> {
        Some(match name.trim().to_ascii_lowercase().as_str() {
            "equals" => Op::Equals,
            "not_equal" => Op::NotEqual,
            "starts_with" => Op::StartsWith,
            "in" => Op::In,
            "not_in" => Op::NotIn,
            "greater_than" => Op::GreaterThan,
            "greater_equal" => Op::GreaterEqual,
            "less_than" => Op::LessThan,
            "less_equal" => Op::LessEqual,
            "between" => Op::Between,
            _ => return None,
        })
    }

    /// Operators whose value is a comma-separated list.
    fn takes_list(self) -> bool {
        matches!(self, Op::In | Op::NotIn | Op::Between)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Expr {
    Cond {
        field: String,
        op: Op,
        values: Vec<String>,
    },
    And(Vec<Expr>),
    Or(Vec<Expr>),
}

/// Why a criteria string was refused; becomes `INVALID_QUERY`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum CriteriaError {
    Syntax(String),
    Operator(String),
    TooMany,
}

impl Expr {
    pub(crate) fn conditions(&self) -> usize {
        match self {
            Expr::Cond { .. } => 1,
            Expr::And(items) | Expr::Or(items) => items.iter().map(Expr::conditions).sum(),
        }
    }

    /// Every field the expression reads.
    pub(crate) fn fields(&self) -> Vec<&str> {
        match self {
            Expr::Cond { field, .. } => vec![field.as_str()],
            Expr::And(items) | Expr::Or(items) => items.iter().flat_map(Expr::fields).collect(),
        }
    }

    pub(crate) fn matches(&self, record: &Map<String, Value>) -> bool {
        match self {
            Expr::Cond { field, op, values } => condition(record, field, *op, values),
            Expr::And(items) => items.iter().all(|e| e.matches(record)),
            Expr::Or(items) => items.iter().any(|e| e.matches(record)),
        }
    }
}

pub(crate) fn parse(text: &str) -> Result<Expr, CriteriaError> {
    let trimmed = text.trim();
    // A lone condition without its parentheses is common enough to accept.
    let source = if trimmed.starts_with('(') {
        trimmed.to_string()
    } else {
        format!("({trimmed})")
    };
    let mut parser = Parser {
        chars: source.chars().collect(),
        pos: 0,
    };
    let expr = parser.expression()?;
    parser.skip_spaces();
    if parser.pos != parser.chars.len() {
        return Err(parser.syntax("unexpected text after the criteria"));
    }
    if expr.conditions() > MAX_CONDITIONS {
        return Err(CriteriaError::TooMany);
    }
    Ok(expr)
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    /// `and` binds tighter than `or`.
    fn expression(&mut self) -> Result<Expr, CriteriaError> {
        let mut alternatives = vec![self.conjunction()?];
        while self.keyword("or") {
            alternatives.push(self.conjunction()?);
        }
        Ok(flatten(alternatives, Expr::Or))
    }

    fn conjunction(&mut self) -> Result<Expr, CriteriaError> {
        let mut terms = vec![self.primary()?];
        while self.keyword("and") {
            terms.push(self.primary()?);
        }
        Ok(flatten(terms, Expr::And))
    }

    fn primary(&mut self) -> Result<Expr, CriteriaError> {
        self.skip_spaces();
        if self.peek() != Some('(') {
            return Err(self.syntax("expected '('"));
        }
        self.pos += 1;
        self.skip_spaces();
        let expr = if self.peek() == Some('(') {
            self.expression()?
        } else {
            self.condition()?
        };
        self.skip_spaces();
        if self.peek() != Some(')') {
            return Err(self.syntax("expected ')'"));
        }
        self.pos += 1;
        Ok(expr)
    }

    /// `field:operator:value` up to the closing parenthesis; the value may contain colons.
    fn condition(&mut self) -> Result<Expr, CriteriaError> {
        let field = self.until(':')?.trim().to_string();
        let valid_field = !field.is_empty()
            && field
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '$'));
        if !valid_field {
            return Err(self.syntax("invalid field name"));
        }
        let op_name = self.until(':')?;
        let op = Op::parse(&op_name).ok_or(CriteriaError::Operator(op_name.trim().to_string()))?;
        let raw = self.raw_value()?;
        let values = if op.takes_list() {
            split_unescaped(&raw)
        } else {
            vec![unescape(&raw)]
        };
        let count_ok = match op {
            Op::Between => values.len() == 2,
            _ => !values.is_empty(),
        };
        if !count_ok {
            return Err(self.syntax("wrong number of values"));
        }
        Ok(Expr::Cond { field, op, values })
    }

    fn until(&mut self, stop: char) -> Result<String, CriteriaError> {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c == stop {
                let text: String = self.chars[start..self.pos].iter().collect();
                self.pos += 1;
                return Ok(text);
            }
            if c == '(' || c == ')' {
                break;
            }
            self.pos += 1;
        }
        Err(self.syntax("incomplete condition"))
    }

    /// The value with its escapes still in place, ending before an unescaped `)`.
    fn raw_value(&mut self) -> Result<String, CriteriaError> {
        let mut raw = String::new();
        while let Some(c) = self.peek() {
            match c {
                '\\' => {
                    raw.push(c);
                    self.pos += 1;
                    if let Some(next) = self.peek() {
                        raw.push(next);
                        self.pos += 1;
                    }
                }
                ')' => return Ok(raw),
                '(' => return Err(self.syntax("unescaped '(' in a value")),
                _ => {
                    raw.push(c);
                    self.pos += 1;
                }
            }
        }
        Err(self.syntax("missing ')'"))
    }

    /// Consumes `and`/`or` (any case, spaces around optional) when it comes next.
    fn keyword(&mut self, word: &str) -> bool {
        let save = self.pos;
        self.skip_spaces();
        let end = self.pos + word.len();
        let found: String = self
            .chars
            .get(self.pos..end)
            .unwrap_or(&[])
            .iter()
            .collect();
        if found.eq_ignore_ascii_case(word) {
            self.pos = end;
            self.skip_spaces();
            if self.peek() == Some('(') {
                return true;
            }
        }
        self.pos = save;
        false
    }

    fn skip_spaces(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn syntax(&self, reason: &str) -> CriteriaError {
        CriteriaError::Syntax(format!("{reason} at position {}", self.pos))
    }
}

fn flatten(mut items: Vec<Expr>, join: fn(Vec<Expr>) -> Expr) -> Expr {
    if items.len() == 1 {
        items.remove(0)
    } else {
        join(items)
    }
}

fn split_unescaped(raw: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let (Some(next), Some(last)) = (chars.next(), parts.last_mut()) {
                    last.push(next);
                }
            }
            ',' => parts.push(String::new()),
            _ => {
                if let Some(last) = parts.last_mut() {
                    last.push(c);
                }
            }
        }
    }
    parts.into_iter().filter(|p| !p.is_empty()).collect()
}

fn unescape(raw: &str) -> String {
    let mut out = String::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            out.extend(chars.next());
        } else {
            out.push(c);
        }
    }
    out
}

/// The scalar values a field offers for comparison: a lookup offers its name and id, a
/// multi-select list its items, a tag list its tag names. `Owner.id` reaches inside.
fn candidates(record: &Map<String, Value>, field: &str) -> Vec<Value> {
    let mut path = field.split('.');
    let Some(first) = path.next() else {
        return Vec::new();
    };
    let mut value = match record.get(first) {
        Some(v) => v,
        None => return Vec::new(),
    };
    for key in path {
        match value.get(key) {
            Some(inner) => value = inner,
            None => return Vec::new(),
        }
    }
    match value {
        Value::Null => Vec::new(),
        Value::Object(map) => ["name", "id"]
            .iter()
            .filter_map(|k| map.get(*k).cloned())
            .collect(),
        Value::Array(items) => items
            .iter()
            .map(|item| item.get("name").cloned().unwrap_or_else(|| item.clone()))
            .collect(),
        other => vec![other.clone()],
    }
}

fn condition(record: &Map<String, Value>, field: &str, op: Op, values: &[String]) -> bool {
    let found = candidates(record, field);
    let equals_any = || {
        values
            .iter()
            .any(|v| found.iter().any(|c| equal(c, v)) || (found.is_empty() && is_empty_marker(v)))
    };
    let ordered = |accept: fn(Ordering) -> bool| {
        values
            .first()
            .is_some_and(|v| found.iter().any(|c| compare(c, v).is_some_and(accept)))
    };
    match op {
        Op::Equals | Op::In => equals_any(),
        Op::NotEqual | Op::NotIn => !equals_any(),
        Op::StartsWith => values.iter().any(|v| {
            let prefix = v.to_lowercase();
            found
                .iter()
                .any(|c| text_of(c).to_lowercase().starts_with(&prefix))
        }),
        Op::GreaterThan => ordered(|o| o == Ordering::Greater),
        Op::GreaterEqual => ordered(|o| o != Ordering::Less),
        Op::LessThan => ordered(|o| o == Ordering::Less),
        Op::LessEqual => ordered(|o| o != Ordering::Greater),
        Op::Between => match values {
            [low, high] => found.iter().any(|c| {
                compare(c, low).is_some_and(|o| o != Ordering::Less)
                    && compare(c, high).is_some_and(|o| o != Ordering::Greater)
            }),
            _ => false,
        },
    }
}

fn is_empty_marker(value: &str) -> bool {
    value.eq_ignore_ascii_case("null") || value == "${EMPTY}"
}

pub(crate) fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Text compares without case; numbers, booleans and date-times by value.
fn equal(candidate: &Value, wanted: &str) -> bool {
    compare(candidate, wanted) == Some(Ordering::Equal)
}

/// The field value against the criteria text, in the most specific type both share.
fn compare(candidate: &Value, wanted: &str) -> Option<Ordering> {
    let wanted = wanted.trim();
    if let (Some(a), Ok(b)) = (number_of(candidate), wanted.parse::<f64>()) {
        return a.partial_cmp(&b);
    }
    if let Value::Bool(b) = candidate {
        return Some(if wanted.eq_ignore_ascii_case(&b.to_string()) {
            Ordering::Equal
        } else {
            Ordering::Less
        });
    }
    let text = text_of(candidate);
    if let (Some(a), Some(b)) = (time_of(&text), time_of(wanted)) {
        return Some(a.cmp(&b));
    }
    Some(text.trim().to_lowercase().cmp(&wanted.to_lowercase()))
}

fn number_of(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        _ => None,
    }
}

fn time_of(text: &str) -> Option<i64> {
    let looks_like_date = text.len() >= 10 && text.as_bytes().get(4) == Some(&b'-');
    if looks_like_date {
        clock::parse_iso(text)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record() -> Map<String, Value> {
        match json!({
            "Last_Name": "Burns, B", "First_Name": "Monty", "Employees": 42,
            "Owner": {"name": "Demo User", "id": "111"}, "Email_Opt_Out": false,
            "Created_Time": "2019-07-25T15:26:49+05:30", "Tags": ["a", "b"],
            "Note": "x(y)", "Empty": null,
        }) {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    fn check(criteria: &str) -> bool {
        match parse(criteria) {
            Ok(expr) => expr.matches(&record()),
            Err(e) => panic!("{criteria}: {e:?}"),
        }
    }

    #[test]
    fn operators() {
        assert!(check(r"(Last_Name:equals:burns\, b)"));
        assert!(check("(First_Name:starts_with:mo)"));
        assert!(check(
            "(Employees:greater_than:41)and(Employees:less_equal:42)"
        ));
        assert!(check("(Employees:between:40,50)"));
        assert!(!check("(Employees:between:43,50)"));
        assert!(check("(First_Name:in:Homer,Monty)"));
        assert!(check("(First_Name:not_in:Homer,Bart)"));
        assert!(check("(Owner:equals:111)"));
        assert!(check("(Owner.name:equals:demo user)"));
        assert!(check("(Created_Time:greater_equal:2019-07-25T09:56:49Z)"));
        assert!(check("(Created_Time:less_than:2019-07-26)"));
        assert!(check("(Email_Opt_Out:equals:false)"));
        assert!(check("(Tags:equals:b)"));
        assert!(check(r"(Note:equals:x\(y\))"));
        assert!(check("(Empty:equals:null)"));
        assert!(check("(Missing:not_equal:x)"));
        assert!(check("First_Name:equals:Monty"));
    }

    #[test]
    fn grouping_and_precedence() {
        assert!(check(
            "((First_Name:equals:Homer)or(First_Name:equals:Monty))and(Employees:equals:42)"
        ));
        assert!(check(
            "(First_Name:equals:Homer) OR (First_Name:equals:Monty) and (Employees:equals:42)"
        ));
        assert!(!check(
            "((First_Name:equals:Homer)or(First_Name:equals:Monty))and(Employees:equals:1)"
        ));
    }

    #[test]
    fn bad_syntax_is_refused() {
        for bad in [
            "(Last_Name:equals:Burns",
            "(Last_Name:equals)",
            "((Last_Name:equals:a)and)",
            "(Last_Name:equals:a)xor(First_Name:equals:b)",
            "(:equals:a)",
            "(Employees:between:1)",
            "(A:equals:(b))",
        ] {
            assert!(
                matches!(parse(bad), Err(CriteriaError::Syntax(_))),
                "{bad}: {:?}",
                parse(bad)
            );
        }
        assert_eq!(
            parse("(A:like:b)"),
            Err(CriteriaError::Operator("like".to_string()))
        );
        let many = ["(A:equals:1)"; 11].join("and");
        assert_eq!(parse(&many), Err(CriteriaError::TooMany));
    }
}
