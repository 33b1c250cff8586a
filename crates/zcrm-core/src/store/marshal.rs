//! A small, defensive reader for the part of Ruby's Marshal format 4.8 that ZCRMSDK 1.0.x used
//! for its token file: an Array of `ZCRMSDK::OAuthClient::ZohoOAuthTokens` objects.
//!
//! The file comes from disk, so nothing here trusts it: every length is checked against the
//! bytes that remain, nesting is bounded, links are bounds-checked, and anything outside the
//! subset is an error naming the type byte and its offset. Containers are shared through `Rc`
//! so that `@` links cost a pointer copy, not a deep copy (a crafted file of links to links
//! must not explode in memory).

use std::fmt;
use std::rc::Rc;

use crate::tokens::Tokens;

/// Marshal format 4.8, written by every Ruby since 1.8.
const HEADER: [u8; 2] = [4, 8];
/// Deeper than any token file needs; keeps the recursion far from the stack's end.
const MAX_DEPTH: usize = 64;

/// A value decoded from Marshal data.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Nil,
    Bool(bool),
    /// Fixnum, and Bignum that fits in 64 bits.
    Int(i64),
    Float(f64),
    /// Raw bytes; the encoding ivars of an `I` wrapper are read and dropped.
    Str(Rc<[u8]>),
    Symbol(Rc<str>),
    Array(Rc<[Value]>),
    Hash(Rc<[(Value, Value)]>),
    Object {
        class: Rc<str>,
        ivars: Rc<[(Rc<str>, Value)]>,
    },
    /// A link to a container that was still being read (a self-reference).
    Unfinished,
}

impl Value {
    /// What the value is, for error messages (never the content: it may be a token).
    pub fn describe(&self) -> String {
        match self {
            Value::Nil => "nil".into(),
            Value::Bool(b) => b.to_string(),
            Value::Int(_) => "an Integer".into(),
            Value::Float(_) => "a Float".into(),
            Value::Str(_) => "a String".into(),
            Value::Symbol(_) => "a Symbol".into(),
            Value::Array(_) => "an Array".into(),
            Value::Hash(_) => "a Hash".into(),
            Value::Object { class, .. } => format!("an object of class {class}"),
            Value::Unfinished => "a self-reference".into(),
        }
    }
}

/// Why Marshal data could not be read. The message never quotes the data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarshalError {
    /// Byte offset of the problem, when it is about the encoding rather than the content.
    pub offset: Option<usize>,
    pub message: String,
}

impl MarshalError {
    fn at(offset: usize, message: impl Into<String>) -> Self {
        MarshalError {
            offset: Some(offset),
            message: message.into(),
        }
    }

    fn content(message: impl Into<String>) -> Self {
        MarshalError {
            offset: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for MarshalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.offset {
            Some(offset) => write!(f, "{} at byte offset {offset}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for MarshalError {}

/// True when `bytes` start like Marshal 4.8 data.
pub fn is_marshal(bytes: &[u8]) -> bool {
    bytes.starts_with(&HEADER)
}

/// Decodes the first Marshal value in `bytes` (trailing bytes are ignored, as Ruby does).
pub fn parse(bytes: &[u8]) -> Result<Value, MarshalError> {
    if !is_marshal(bytes) {
        return Err(MarshalError::at(
            0,
            "not Marshal 4.8 data (no 0x04 0x08 header)",
        ));
    }
    let mut reader = Reader {
        buf: bytes,
        pos: HEADER.len(),
        symbols: Vec::new(),
        objects: Vec::new(),
        depth: 0,
    };
    reader.value()
}

/// Decodes a 1.0.x token file: an Array of `ZohoOAuthTokens` objects.
///
/// Entries without a user identifier are skipped: 1.0.x could never look them up either.
pub fn parse_tokens(bytes: &[u8]) -> Result<Vec<Tokens>, MarshalError> {
    let items = match parse(bytes)? {
        Value::Array(items) => items,
        other => {
            return Err(MarshalError::content(format!(
                "the data is {}, not an Array of ZohoOAuthTokens",
                other.describe()
            )))
        }
    };
    let mut tokens = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        if let Some(entry) = entry_tokens(index, item)? {
            tokens.push(entry);
        }
    }
    Ok(tokens)
}

fn entry_tokens(index: usize, item: &Value) -> Result<Option<Tokens>, MarshalError> {
    let ivars = match item {
        Value::Object { class, ivars } if is_tokens_class(class) => ivars,
        other => {
            return Err(MarshalError::content(format!(
                "entry {index} is {}, not a ZohoOAuthTokens",
                other.describe()
            )))
        }
    };
    let field = |name: &str| {
        ivars
            .iter()
            .find(|(key, _)| &**key == name)
            .map(|(_, value)| value)
    };
    let Some(user_identifier) = string_field(index, "@user_identifier", field("@user_identifier"))?
    else {
        return Ok(None);
    };
    Ok(Some(Tokens {
        user_identifier,
        access_token: string_field(index, "@access_token", field("@access_token"))?
            .unwrap_or_default(),
        refresh_token: string_field(index, "@refresh_token", field("@refresh_token"))?,
        expiry_time: expiry_field(index, field("@expiry_time"))?,
        api_domain: None,
        accounts_server: None,
    }))
}

/// 1.0.x names the class `ZCRMSDK::OAuthClient::ZohoOAuthTokens`; accept it under any module.
fn is_tokens_class(class: &str) -> bool {
    class == "ZohoOAuthTokens" || class.ends_with("::ZohoOAuthTokens")
}

fn string_field(
    index: usize,
    name: &str,
    value: Option<&Value>,
) -> Result<Option<String>, MarshalError> {
    match value {
        None | Some(Value::Nil) => Ok(None),
        Some(Value::Str(bytes)) => String::from_utf8(bytes.to_vec()).map(Some).map_err(|_| {
            MarshalError::content(format!("entry {index}: {name} is not valid UTF-8"))
        }),
        Some(other) => Err(MarshalError::content(format!(
            "entry {index}: {name} is {}, not a String",
            other.describe()
        ))),
    }
}

/// A missing expiry reads as 0 (long expired), so the SDK refreshes instead of failing.
fn expiry_field(index: usize, value: Option<&Value>) -> Result<i64, MarshalError> {
    match value {
        None | Some(Value::Nil) => Ok(0),
        Some(Value::Int(ms)) => Ok(*ms),
        // `as` saturates; NaN becomes 0.
        Some(Value::Float(ms)) => Ok(*ms as i64),
        Some(other) => Err(MarshalError::content(format!(
            "entry {index}: @expiry_time is {}, not an Integer",
            other.describe()
        ))),
    }
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    /// Symbols in order of first appearance, for `;` links.
    symbols: Vec<Rc<str>>,
    /// Objects in order of appearance, for `@` links (index 0 is the first object).
    objects: Vec<Value>,
    depth: usize,
}

impl Reader<'_> {
    fn value(&mut self) -> Result<Value, MarshalError> {
        if self.depth >= MAX_DEPTH {
            return Err(MarshalError::at(
                self.pos,
                format!("nesting deeper than {MAX_DEPTH} levels"),
            ));
        }
        self.depth += 1;
        let result = self.value_inner();
        self.depth -= 1;
        result
    }

    fn value_inner(&mut self) -> Result<Value, MarshalError> {
        let offset = self.pos;
        match self.byte()? {
            b'0' => Ok(Value::Nil),
            b'T' => Ok(Value::Bool(true)),
            b'F' => Ok(Value::Bool(false)),
            b'i' => Ok(Value::Int(self.long()?)),
            b'l' => self.bignum(offset),
            b'f' => self.float(offset),
            b'"' => {
                let bytes: Rc<[u8]> = self.bytes()?.into();
                Ok(self.remember(Value::Str(bytes)))
            }
            b':' => self.new_symbol().map(Value::Symbol),
            b';' => self.symbol_link(offset).map(Value::Symbol),
            b'@' => self.object_link(offset),
            b'I' => self.with_ivars(),
            b'[' => self.array(),
            b'{' => self.hash(false),
            b'}' => self.hash(true),
            b'o' => self.object(),
            other => Err(MarshalError::at(offset, unsupported(other))),
        }
    }

    fn byte(&mut self) -> Result<u8, MarshalError> {
        let byte = *self
            .buf
            .get(self.pos)
            .ok_or_else(|| MarshalError::at(self.pos, "data ends too early"))?;
        self.pos += 1;
        Ok(byte)
    }

    fn take(&mut self, len: usize) -> Result<&[u8], MarshalError> {
        let end = self
            .pos
            .checked_add(len)
            .filter(|end| *end <= self.buf.len());
        let end = end.ok_or_else(|| MarshalError::at(self.pos, "data ends too early"))?;
        let slice = &self.buf[self.pos..end];
        self.pos = end;
        Ok(slice)
    }

    /// Ruby's `w_long`: small values in the first byte, else 1-4 little-endian bytes.
    fn long(&mut self) -> Result<i64, MarshalError> {
        let c = self.byte()? as i8;
        match c {
            0 => Ok(0),
            5..=127 => Ok(i64::from(c) - 5),
            -128..=-5 => Ok(i64::from(c) + 5),
            1..=4 => {
                let mut x: i64 = 0;
                for i in 0..c {
                    x |= i64::from(self.byte()?) << (8 * i);
                }
                Ok(x)
            }
            _ => {
                // -4..=-1: the low |c| bytes follow, the rest are ones (two's complement).
                let mut x: i64 = -1;
                for i in 0..-c {
                    x &= !(0xff << (8 * i));
                    x |= i64::from(self.byte()?) << (8 * i);
                }
                Ok(x)
            }
        }
    }

    /// A length or count: never negative, and never more than the bytes left (each item
    /// takes at least one byte), so a forged count cannot make us allocate gigabytes.
    fn count(&mut self) -> Result<usize, MarshalError> {
        let offset = self.pos;
        let n = self.long()?;
        let remaining = self.buf.len() - self.pos;
        match usize::try_from(n) {
            Ok(n) if n <= remaining => Ok(n),
            _ => Err(MarshalError::at(offset, "invalid length")),
        }
    }

    fn bytes(&mut self) -> Result<Vec<u8>, MarshalError> {
        let len = self.count()?;
        Ok(self.take(len)?.to_vec())
    }

    fn remember(&mut self, value: Value) -> Value {
        self.objects.push(value.clone());
        value
    }

    /// Containers are entered in the object table before their contents are read.
    fn reserve(&mut self) -> usize {
        self.objects.push(Value::Unfinished);
        self.objects.len() - 1
    }

    fn fill(&mut self, slot: usize, value: Value) -> Value {
        self.objects[slot] = value.clone();
        value
    }

    /// 'l': sign, number of 16-bit words, little-endian magnitude. Ruby also writes Fixnums
    /// beyond 2^30 this way, so every millisecond timestamp comes as a Bignum.
    fn bignum(&mut self, offset: usize) -> Result<Value, MarshalError> {
        let negative = match self.byte()? {
            b'+' => false,
            b'-' => true,
            _ => return Err(MarshalError::at(offset, "invalid Bignum sign")),
        };
        let words = self.count()?;
        let len = words
            .checked_mul(2)
            .ok_or_else(|| MarshalError::at(offset, "invalid Bignum length"))?;
        let digits = self.take(len)?;
        let mut magnitude: u64 = 0;
        for (i, byte) in digits.iter().enumerate() {
            if *byte == 0 {
                continue;
            }
            if i >= 8 {
                return Err(MarshalError::at(offset, "Integer does not fit in 64 bits"));
            }
            magnitude |= u64::from(*byte) << (8 * i);
        }
        let value = if negative {
            0i64.checked_sub_unsigned(magnitude)
        } else {
            i64::try_from(magnitude).ok()
        };
        let value =
            value.ok_or_else(|| MarshalError::at(offset, "Integer does not fit in 64 bits"))?;
        Ok(self.remember(Value::Int(value)))
    }

    /// 'f': the number as text ("1.5", "1e+20", "inf", "-inf", "nan"); old Rubies append a
    /// NUL and mantissa bytes, which we ignore.
    fn float(&mut self, offset: usize) -> Result<Value, MarshalError> {
        let bytes = self.bytes()?;
        let text = bytes.split(|b| *b == 0).next().unwrap_or_default();
        let text =
            std::str::from_utf8(text).map_err(|_| MarshalError::at(offset, "invalid Float"))?;
        let value = text
            .parse::<f64>()
            .map_err(|_| MarshalError::at(offset, "invalid Float"))?;
        Ok(self.remember(Value::Float(value)))
    }

    fn new_symbol(&mut self) -> Result<Rc<str>, MarshalError> {
        let bytes = self.bytes()?;
        let symbol: Rc<str> = String::from_utf8_lossy(&bytes).into();
        self.symbols.push(symbol.clone());
        Ok(symbol)
    }

    fn symbol_link(&mut self, offset: usize) -> Result<Rc<str>, MarshalError> {
        let index = self.long()?;
        usize::try_from(index)
            .ok()
            .and_then(|i| self.symbols.get(i).cloned())
            .ok_or_else(|| MarshalError::at(offset, "link to an unknown Symbol"))
    }

    fn object_link(&mut self, offset: usize) -> Result<Value, MarshalError> {
        let index = self.long()?;
        usize::try_from(index)
            .ok()
            .and_then(|i| self.objects.get(i).cloned())
            .ok_or_else(|| MarshalError::at(offset, "link to an unknown object"))
    }

    /// A Symbol where Marshal requires one (class names, ivar names).
    fn symbol(&mut self) -> Result<Rc<str>, MarshalError> {
        let offset = self.pos;
        match self.value()? {
            Value::Symbol(symbol) => Ok(symbol),
            other => Err(MarshalError::at(
                offset,
                format!("expected a Symbol, found {}", other.describe()),
            )),
        }
    }

    /// 'I': a String (or Regexp) followed by its instance variables, usually `E` => true
    /// (UTF-8). The wrapped value registers itself; the ivars only describe its encoding.
    fn with_ivars(&mut self) -> Result<Value, MarshalError> {
        let value = self.value()?;
        let count = self.count()?;
        for _ in 0..count {
            self.symbol()?;
            self.value()?;
        }
        Ok(value)
    }

    fn array(&mut self) -> Result<Value, MarshalError> {
        let slot = self.reserve();
        let count = self.count()?;
        let mut items = Vec::with_capacity(count);
        for _ in 0..count {
            items.push(self.value()?);
        }
        Ok(self.fill(slot, Value::Array(items.into())))
    }

    /// '{', or '}' for a Hash with a default value (read and dropped).
    fn hash(&mut self, has_default: bool) -> Result<Value, MarshalError> {
        let slot = self.reserve();
        let count = self.count()?;
        let mut pairs = Vec::with_capacity(count);
        for _ in 0..count {
            let key = self.value()?;
            pairs.push((key, self.value()?));
        }
        if has_default {
            self.value()?;
        }
        Ok(self.fill(slot, Value::Hash(pairs.into())))
    }

    fn object(&mut self) -> Result<Value, MarshalError> {
        let class = self.symbol()?;
        let slot = self.reserve();
        let count = self.count()?;
        let mut ivars = Vec::with_capacity(count);
        for _ in 0..count {
            let name = self.symbol()?;
            ivars.push((name, self.value()?));
        }
        Ok(self.fill(
            slot,
            Value::Object {
                class,
                ivars: ivars.into(),
            },
        ))
    }
}

fn unsupported(byte: u8) -> String {
    let shown = if byte.is_ascii_graphic() {
        format!(" ('{}')", byte as char)
    } else {
        String::new()
    };
    format!("unsupported Marshal type byte 0x{byte:02x}{shown}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(bytes: &[u8]) -> Result<Value, MarshalError> {
        let mut data = vec![4, 8, b'i'];
        data.extend_from_slice(bytes);
        parse(&data)
    }

    #[test]
    fn fixnum_length_forms() {
        assert_eq!(int(&[0]), Ok(Value::Int(0)));
        assert_eq!(int(&[6]), Ok(Value::Int(1)));
        assert_eq!(int(&[0x7f]), Ok(Value::Int(122)));
        assert_eq!(int(&[0xfa]), Ok(Value::Int(-1)));
        assert_eq!(int(&[0x80]), Ok(Value::Int(-123)));
        assert_eq!(int(&[1, 123]), Ok(Value::Int(123)));
        assert_eq!(int(&[2, 0, 1]), Ok(Value::Int(256)));
        assert_eq!(int(&[3, 0, 0, 1]), Ok(Value::Int(65536)));
        assert_eq!(
            int(&[4, 0xff, 0xff, 0xff, 0x3f]),
            Ok(Value::Int((1 << 30) - 1))
        );
        assert_eq!(int(&[0xff, 0x84]), Ok(Value::Int(-124)));
        assert_eq!(int(&[0xfe, 0xff, 0xfe]), Ok(Value::Int(-257)));
        assert_eq!(int(&[0xfc, 0, 0, 0, 0xc0]), Ok(Value::Int(-(1 << 30))));
    }

    #[test]
    fn truncated_and_unknown_data_are_errors() {
        assert_eq!(int(&[2, 0]).unwrap_err().message, "data ends too early");
        let err = parse(&[4, 8, b'S']).unwrap_err();
        assert_eq!(err.offset, Some(2));
        assert!(err.message.contains("0x53 ('S')"), "{err}");
        assert!(parse(&[4, 9, b'0']).is_err());
    }

    #[test]
    fn forged_counts_and_links_are_errors() {
        // An Array claiming 2^30 items in a 7-byte file.
        assert!(parse(&[4, 8, b'[', 4, 0, 0, 0, 0x40]).is_err());
        assert!(parse(&[4, 8, b'@', 6]).is_err());
        assert!(parse(&[4, 8, b';', 0]).is_err());
        let deep = [&[4u8, 8][..], &[b'[', 6].repeat(10_000)].concat();
        assert!(parse(&deep).unwrap_err().message.contains("nesting"));
    }

    #[test]
    fn self_reference_does_not_loop() {
        // a = []; a << a
        assert_eq!(
            parse(&[4, 8, b'[', 6, b'@', 0]),
            Ok(Value::Array(vec![Value::Unfinished].into()))
        );
    }
}
