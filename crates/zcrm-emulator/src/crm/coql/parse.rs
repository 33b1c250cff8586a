//! COQL text → [`Query`]: the subset Zoho's v2 pages document.
//!
//! `SELECT f1, f2 FROM Module WHERE criteria [ORDER BY f [ASC|DESC], …] [LIMIT n [OFFSET m]]`
//! (also `LIMIT m, n`). Keywords are case-insensitive. Criteria are comparisons joined with
//! `and`/`or`; with more than two, brackets must say how they group — "(A and (B and C)) or
//! ((A and B) and C)" — so each bracket level holds at most one `and`/`or`
//! (<https://www.zoho.com/crm/developer/docs/api/v2/COQL-Limitations.html>). Comparators are
//! the documented ones: `=`, `!=`, `>`, `<`, `>=`, `<=`, `is null`, `is not null`,
//! `between … and …`, `in (…)`, `not in (…)`, `like`, `not like`. Strings are quoted with `'`
//! (a quote inside is doubled: `'O''Brien'`, Kaizen #171:
//! <https://help.zoho.com/portal/en/community/topic/kaizen-171-faqs-on-coql-api>); a quoted
//! name in the SELECT column is a field (how reserved words are selected, same post).

use std::fmt;

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Query {
    pub(crate) fields: Vec<String>,
    pub(crate) module: String,
    pub(crate) filter: Option<Cond>,
    pub(crate) order: Vec<Order>,
    pub(crate) limit: Option<u64>,
    pub(crate) offset: Option<u64>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Order {
    pub(crate) field: String,
    pub(crate) descending: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Cond {
    Compare {
        field: String,
        op: Op,
        values: Vec<Literal>,
    },
    And(Box<Cond>, Box<Cond>),
    Or(Box<Cond>, Box<Cond>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Like,
    NotLike,
    In,
    NotIn,
    Between,
    IsNull,
    IsNotNull,
}

impl Op {
    pub(crate) fn text(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Like => "like",
            Op::NotLike => "not like",
            Op::In => "in",
            Op::NotIn => "not in",
            Op::Between => "between",
            Op::IsNull => "is null",
            Op::IsNotNull => "is not null",
        }
    }
}

/// A value in a comparison. Numbers keep their text: record ids exceed 2^53.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Literal {
    Text(String),
    Number(String),
    Bool(bool),
}

/// Where the text stopped making sense; becomes `SYNTAX_ERROR`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub(crate) near: String,
    pub(crate) column: usize,
    pub(crate) expected: &'static str,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "expected {} near '{}' (column {})",
            self.expected, self.near, self.column
        )
    }
}

impl Cond {
    /// How many comparisons the criteria hold (Zoho allows 25).
    pub(crate) fn comparisons(&self) -> usize {
        match self {
            Cond::Compare { .. } => 1,
            Cond::And(a, b) | Cond::Or(a, b) => a.comparisons() + b.comparisons(),
        }
    }

    /// Every comparison, left to right.
    pub(crate) fn each_comparison(&self) -> Vec<(&str, Op, &[Literal])> {
        match self {
            Cond::Compare { field, op, values } => vec![(field.as_str(), *op, values.as_slice())],
            Cond::And(a, b) | Cond::Or(a, b) => {
                let mut all = a.each_comparison();
                all.extend(b.each_comparison());
                all
            }
        }
    }
}

pub(crate) fn parse(text: &str) -> Result<Query, SyntaxError> {
    let tokens = tokenize(text)?;
    let mut parser = Parser { tokens, pos: 0 };
    let query = parser.query()?;
    match parser.peek() {
        None => Ok(query),
        Some(_) => Err(parser.error("the end of the query")),
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Word(String),
    Str(String),
    Num(String),
    Sym(&'static str),
}

impl Tok {
    fn shown(&self) -> String {
        match self {
            Tok::Word(w) | Tok::Num(w) => w.clone(),
            Tok::Str(s) => format!("'{s}'"),
            Tok::Sym(s) => (*s).to_string(),
        }
    }
}

const SYMBOLS: [&str; 10] = ["!=", "<>", "<=", ">=", "=", "<", ">", "(", ")", ","];

fn tokenize(text: &str) -> Result<Vec<(Tok, usize)>, SyntaxError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
        } else if c == '\'' || c == '"' {
            let (value, next) = quoted(&chars, i, c)?;
            tokens.push((Tok::Str(value), start + 1));
            i = next;
        } else if let Some(sym) = SYMBOLS.iter().find(|s| starts_with(&chars, i, s)) {
            i += sym.len();
            let sym = if *sym == "<>" { "!=" } else { *sym };
            tokens.push((Tok::Sym(sym), start + 1));
        } else if is_word_char(c)
            || (c == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit))
        {
            i += 1;
            while i < chars.len() && is_word_char(chars[i]) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let numeric = word.trim_start_matches('-').parse::<f64>().is_ok()
                && word.chars().any(|c| c.is_ascii_digit());
            tokens.push((
                if numeric {
                    Tok::Num(word)
                } else {
                    Tok::Word(word)
                },
                start + 1,
            ));
        } else {
            return Err(SyntaxError {
                near: c.to_string(),
                column: start + 1,
                expected: "a field, a value or an operator",
            });
        }
    }
    Ok(tokens)
}

fn starts_with(chars: &[char], at: usize, word: &str) -> bool {
    word.chars()
        .enumerate()
        .all(|(k, w)| chars.get(at + k) == Some(&w))
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '.' | '$')
}

/// A quoted string from `chars[at]`; the quote doubled inside stands for itself.
fn quoted(chars: &[char], at: usize, quote: char) -> Result<(String, usize), SyntaxError> {
    let mut value = String::new();
    let mut i = at + 1;
    while i < chars.len() {
        if chars[i] == quote {
            if chars.get(i + 1) == Some(&quote) {
                value.push(quote);
                i += 2;
                continue;
            }
            return Ok((value, i + 1));
        }
        value.push(chars[i]);
        i += 1;
    }
    Err(SyntaxError {
        near: chars[at..].iter().take(20).collect(),
        column: at + 1,
        expected: "a closing quote",
    })
}

struct Parser {
    tokens: Vec<(Tok, usize)>,
    pos: usize,
}

impl Parser {
    fn query(&mut self) -> Result<Query, SyntaxError> {
        self.expect_keyword("select")?;
        let fields = self.select_fields()?;
        self.expect_keyword("from")?;
        let module = self.name("a module name")?;
        // The v2 examples all filter, and a query without WHERE is refused (unverified text;
        // "you must have a WHERE clause": https://theworkflowacademy.com/courses/conquer-coql-queries-in-zoho-deluge/lessons/other-coql-features-and-ideas/topics/pagination-in-coql-queries/).
        self.expect_keyword("where")?;
        let filter = Some(self.criteria()?);
        let order = if self.keyword("order") {
            self.expect_keyword("by")?;
            self.order_list()?
        } else {
            Vec::new()
        };
        let (mut limit, mut offset) = (None, None);
        if self.keyword("limit") {
            let first = self.count()?;
            if self.symbol(",") {
                offset = Some(first);
                limit = Some(self.count()?);
            } else {
                limit = Some(first);
            }
        }
        if offset.is_none() && self.keyword("offset") {
            offset = Some(self.count()?);
        }
        Ok(Query {
            fields,
            module,
            filter,
            order,
            limit,
            offset,
        })
    }

    fn select_fields(&mut self) -> Result<Vec<String>, SyntaxError> {
        let mut fields = Vec::new();
        loop {
            let field = match self.peek().cloned() {
                Some(Tok::Str(name)) if !name.is_empty() => {
                    self.pos += 1;
                    name
                }
                _ => self.name("a field name")?,
            };
            fields.push(field);
            if !self.symbol(",") {
                return Ok(fields);
            }
        }
    }

    fn order_list(&mut self) -> Result<Vec<Order>, SyntaxError> {
        let mut order = Vec::new();
        loop {
            let field = self.name("a field name")?;
            let descending = if self.keyword("desc") {
                true
            } else {
                self.keyword("asc");
                false
            };
            order.push(Order { field, descending });
            if !self.symbol(",") {
                return Ok(order);
            }
        }
    }

    /// One operand, optionally joined to a second by `and`/`or`; a third needs brackets.
    fn criteria(&mut self) -> Result<Cond, SyntaxError> {
        let first = self.operand()?;
        let cond = if self.keyword("and") {
            Cond::And(Box::new(first), Box::new(self.operand()?))
        } else if self.keyword("or") {
            Cond::Or(Box::new(first), Box::new(self.operand()?))
        } else {
            return Ok(first);
        };
        if self.is_keyword("and") || self.is_keyword("or") {
            return Err(self.error("brackets around two criteria before a third"));
        }
        Ok(cond)
    }

    fn operand(&mut self) -> Result<Cond, SyntaxError> {
        if self.symbol("(") {
            let cond = self.criteria()?;
            self.expect_symbol(")")?;
            return Ok(cond);
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Cond, SyntaxError> {
        let field = self.name("a field name")?;
        let (op, values) = if let Some(op) = self.comparator() {
            (op, vec![self.literal()?])
        } else if self.keyword("is") {
            let op = if self.keyword("not") {
                Op::IsNotNull
            } else {
                Op::IsNull
            };
            self.expect_keyword("null")?;
            (op, Vec::new())
        } else if self.keyword("between") {
            let low = self.literal()?;
            self.expect_keyword("and")?;
            (Op::Between, vec![low, self.literal()?])
        } else if self.keyword("like") {
            (Op::Like, vec![self.literal()?])
        } else if self.keyword("in") {
            (Op::In, self.list()?)
        } else if self.keyword("not") {
            if self.keyword("like") {
                (Op::NotLike, vec![self.literal()?])
            } else if self.keyword("in") {
                (Op::NotIn, self.list()?)
            } else {
                return Err(self.error("like or in after not"));
            }
        } else {
            return Err(self.error("a comparator"));
        };
        Ok(Cond::Compare { field, op, values })
    }

    fn comparator(&mut self) -> Option<Op> {
        let op = match self.peek()? {
            Tok::Sym("=") => Op::Eq,
            Tok::Sym("!=") => Op::Ne,
            Tok::Sym("<") => Op::Lt,
            Tok::Sym("<=") => Op::Le,
            Tok::Sym(">") => Op::Gt,
            Tok::Sym(">=") => Op::Ge,
            _ => return None,
        };
        self.pos += 1;
        Some(op)
    }

    fn list(&mut self) -> Result<Vec<Literal>, SyntaxError> {
        self.expect_symbol("(")?;
        let mut values = vec![self.literal()?];
        while self.symbol(",") {
            values.push(self.literal()?);
        }
        self.expect_symbol(")")?;
        Ok(values)
    }

    /// A quoted string, a number, `true`/`false`, or a bare word (Zoho's own sample compares
    /// `Lead_Source = Advertisement`), which is text.
    fn literal(&mut self) -> Result<Literal, SyntaxError> {
        let literal = match self.peek() {
            Some(Tok::Str(s)) => Literal::Text(s.clone()),
            Some(Tok::Num(n)) => Literal::Number(n.clone()),
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("true") => Literal::Bool(true),
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("false") => Literal::Bool(false),
            Some(Tok::Word(w)) if !is_reserved(w) => Literal::Text(w.clone()),
            _ => return Err(self.error("a value")),
        };
        self.pos += 1;
        Ok(literal)
    }

    fn count(&mut self) -> Result<u64, SyntaxError> {
        match self.peek() {
            Some(Tok::Num(n)) => match n.parse::<u64>() {
                Ok(value) => {
                    self.pos += 1;
                    Ok(value)
                }
                Err(_) => Err(self.error("a whole number")),
            },
            _ => Err(self.error("a whole number")),
        }
    }

    fn name(&mut self, expected: &'static str) -> Result<String, SyntaxError> {
        match self.peek() {
            Some(Tok::Word(w)) if !is_reserved(w) => {
                let name = w.clone();
                self.pos += 1;
                Ok(name)
            }
            _ => Err(self.error(expected)),
        }
    }

    fn is_keyword(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(w)) if w.eq_ignore_ascii_case(word))
    }

    fn keyword(&mut self, word: &str) -> bool {
        let found = self.is_keyword(word);
        if found {
            self.pos += 1;
        }
        found
    }

    fn expect_keyword(&mut self, word: &'static str) -> Result<(), SyntaxError> {
        if self.keyword(word) {
            Ok(())
        } else {
            Err(self.error(word))
        }
    }

    fn symbol(&mut self, sym: &str) -> bool {
        let found = matches!(self.peek(), Some(Tok::Sym(s)) if *s == sym);
        if found {
            self.pos += 1;
        }
        found
    }

    fn expect_symbol(&mut self, sym: &'static str) -> Result<(), SyntaxError> {
        if self.symbol(sym) {
            Ok(())
        } else {
            Err(self.error(sym))
        }
    }

    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos).map(|(tok, _)| tok)
    }

    fn error(&self, expected: &'static str) -> SyntaxError {
        match self.tokens.get(self.pos) {
            Some((tok, column)) => SyntaxError {
                near: tok.shown(),
                column: *column,
                expected,
            },
            None => SyntaxError {
                near: String::new(),
                column: self.tokens.last().map_or(1, |(_, c)| c + 1),
                expected,
            },
        }
    }
}

const RESERVED: [&str; 16] = [
    "select", "from", "where", "and", "or", "not", "in", "like", "between", "is", "null", "order",
    "by", "limit", "offset", "asc",
];

fn is_reserved(word: &str) -> bool {
    RESERVED.iter().any(|r| r.eq_ignore_ascii_case(word)) || word.eq_ignore_ascii_case("desc")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Literal {
        Literal::Text(s.to_string())
    }

    fn ok(query: &str) -> Query {
        match parse(query) {
            Ok(q) => q,
            Err(e) => panic!("{query}: {e}"),
        }
    }

    #[test]
    fn clauses() {
        let q = ok("SELECT Last_Name, 'External', Owner.name FROM Leads \
                    WHERE Lead_Source = 'Web' ORDER BY Created_Time DESC, id LIMIT 50 OFFSET 100");
        assert_eq!(q.fields, ["Last_Name", "External", "Owner.name"]);
        assert_eq!(q.module, "Leads");
        assert_eq!(
            q.filter,
            Some(Cond::Compare {
                field: "Lead_Source".into(),
                op: Op::Eq,
                values: vec![text("Web")]
            })
        );
        assert_eq!(
            q.order,
            vec![
                Order {
                    field: "Created_Time".into(),
                    descending: true
                },
                Order {
                    field: "id".into(),
                    descending: false
                }
            ]
        );
        assert_eq!((q.limit, q.offset), (Some(50), Some(100)));
        let q = ok("select id from Leads where id is not null limit 10, 20");
        assert_eq!((q.limit, q.offset), (Some(20), Some(10)));
    }

    #[test]
    fn comparators_and_values() {
        let q = ok(
            "select id from Deals where ((Amount between 10 and 20.5 and Stage in ('A', 'B')) \
                    or (Deal_Name not like 'x%' and Closing_Date is null))",
        );
        let all: Vec<(String, Op, Vec<Literal>)> = q
            .filter
            .iter()
            .flat_map(|c| c.each_comparison())
            .map(|(f, op, v)| (f.to_string(), op, v.to_vec()))
            .collect();
        assert_eq!(
            all,
            vec![
                (
                    "Amount".into(),
                    Op::Between,
                    vec![Literal::Number("10".into()), Literal::Number("20.5".into())]
                ),
                ("Stage".into(), Op::In, vec![text("A"), text("B")]),
                ("Deal_Name".into(), Op::NotLike, vec![text("x%")]),
                ("Closing_Date".into(), Op::IsNull, vec![]),
            ]
        );
        let q =
            ok("select id from Leads where (Email_Opt_Out = false and Last_Name != 'O''Brien')");
        assert_eq!(q.filter.map(|c| c.comparisons()), Some(2));
    }

    #[test]
    fn a_third_criterion_needs_brackets() {
        let err = parse("select id from Leads where a = 1 and b = 2 and c = 3");
        assert!(
            matches!(err, Err(SyntaxError { ref near, .. }) if near == "and"),
            "{err:?}"
        );
        ok("select id from Leads where (a = 1 and b = 2) and c = 3");
        ok("select id from Leads where a = 1 and (b = 2 or c = 3)");
    }

    #[test]
    fn syntax_errors_name_where() {
        for (query, near) in [
            ("select from Leads where id is null", "from"),
            ("select id Leads where id is null", "Leads"),
            ("select id from Leads", ""),
            ("select id from Leads where Last_Name = 'open", "'open"),
            ("select id from Leads where id is null limit ten", "ten"),
            ("select id from Leads where id is null garbage", "garbage"),
            ("delete from Leads", "delete"),
        ] {
            match parse(query) {
                Err(e) => assert!(e.near.starts_with(near), "{query}: {e}"),
                Ok(q) => panic!("{query} parsed: {q:?}"),
            }
        }
    }
}
