//! Zoho's search criteria: `((Last_Name:equals:Burns\,B)and(First_Name:starts_with:M))`.
//! Conditions are `(field:operator:value)`, joined with `and`/`or` and grouped with
//! parentheses; `(`, `)` and `,` inside values are escaped with a backslash. The same
//! evaluator serves record search, custom views and user search.

use std::cmp::Ordering;

use serde_json::{Map, Value};

use crate::clock;

/// What a criteria reads a record's fields from: a JSON object, or a stored record.
pub(crate) trait FieldSource {
    fn field(&self, name: &str) -> Option<&Value>;
}

impl FieldSource for Map<String, Value> {
    fn field(&self, name: &str) -> Option<&Value> {
        self.get(name)
    }
}

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
    /// What Zoho's v2 record search accepts: "(({api_name}:{starts_with|equals}:{value})…)",
    /// "a maximum of 10 criteria … with equals and starts_with conditions"
    /// (https://www.zoho.com/crm/developer/docs/api/v2/search-records.html). The other
    /// operators arrive in later versions' search and serve custom views and user search here.
    pub(crate) const RECORD_SEARCH: &'static [Op] = &[Op::Equals, Op::StartsWith];

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

    pub(crate) fn name(self) -> &'static str {
        match self {
            Op::Equals => "equals",
            Op::NotEqual => "not_equal",
            Op::StartsWith => "starts_with",
            Op::In => "in",
            Op::NotIn => "not_in",
            Op::GreaterThan => "greater_than",
            Op::GreaterEqual => "greater_equal",
            Op::LessThan => "less_than",
            Op::LessEqual => "less_equal",
            Op::Between => "between",
        }
    }

    /// Operators whose value is a comma-separated list.
    fn takes_list(self) -> bool {
        matches!(self, Op::In | Op::NotIn | Op::Between)
    }
}

/// How `equals` compares text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Equality {
    /// The whole value, without case: custom views and user search.
    Exact,
    /// Record search: v2 says that with several conditions "(Company:equals:ABC)" also finds
    /// "ABC Inc", and exact matching only for some single-condition fields it does not list;
    /// later versions say equals "behaves like contains" for one condition or many
    /// (https://www.zoho.com/crm/developer/docs/api/v5/search-records.html). The emulator
    /// takes the looser reading everywhere, so clients cannot count on exact hits.
    Contains,
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

    /// The first operator outside `allowed`, if any.
    pub(crate) fn operator_outside(&self, allowed: &[Op]) -> Option<Op> {
        match self {
            Expr::Cond { op, .. } => (!allowed.contains(op)).then_some(*op),
            Expr::And(items) | Expr::Or(items) => {
                items.iter().find_map(|e| e.operator_outside(allowed))
            }
        }
    }

    pub(crate) fn matches(&self, record: &impl FieldSource) -> bool {
        self.matches_with(record, Equality::Exact)
    }

    pub(crate) fn matches_with(&self, record: &impl FieldSource, equality: Equality) -> bool {
        match self {
            Expr::Cond { field, op, values } => condition(record, field, *op, values, equality),
            Expr::And(items) => items.iter().all(|e| e.matches_with(record, equality)),
            Expr::Or(items) => items.iter().any(|e| e.matches_with(record, equality)),
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
fn candidates(record: &impl FieldSource, field: &str) -> Vec<Value> {
    let mut path = field.split('.');
    let Some(first) = path.next() else {
        return Vec::new();
    };
    let mut value = match record.field(first) {
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

fn condition(
    record: &impl FieldSource,
    field: &str,
    op: Op,
    values: &[String],
    equality: Equality,
) -> bool {
    let found = candidates(record, field);
    let contains_any = || {
        values.iter().any(|v| {
            let part = v.trim().to_lowercase();
            found
                .iter()
                .any(|c| matches!(c, Value::String(s) if s.to_lowercase().contains(&part)))
        })
    };
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
        Op::Equals if equality == Equality::Contains => equals_any() || contains_any(),
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
    fn record_search_equals_finds_values_that_contain_the_term() {
        let contains = |criteria: &str| match parse(criteria) {
            Ok(expr) => expr.matches_with(&record(), Equality::Contains),
            Err(e) => panic!("{criteria}: {e:?}"),
        };
        assert!(contains("(Last_Name:equals:burns)"));
        assert!(contains("(First_Name:equals:ont)and(Employees:equals:42)"));
        assert!(!contains("(Employees:equals:4)"), "numbers stay exact");
        assert!(
            !check("(Last_Name:equals:burns)"),
            "custom views stay exact"
        );
    }

    #[test]
    fn operators_outside_a_list_are_named() {
        let expr = parse("(A:equals:1)and((B:starts_with:2)or(C:in:3))");
        assert_eq!(
            expr.map(|e| e.operator_outside(Op::RECORD_SEARCH)),
            Ok(Some(Op::In))
        );
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
