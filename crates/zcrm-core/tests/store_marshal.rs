//! The Ruby Marshal reader, on data written by Ruby itself (tests/fixtures/marshal/generate.rb).

use zcrm_core::store::marshal::{self, Value};
use zcrm_core::tokens::Tokens;

fn fixture(name: &str) -> &'static [u8] {
    match name {
        "integers" => include_bytes!("fixtures/marshal/integers.marshal"),
        "too_big" => include_bytes!("fixtures/marshal/too_big.marshal"),
        "mixed" => include_bytes!("fixtures/marshal/mixed.marshal"),
        "one_user" => include_bytes!("fixtures/marshal/one_user.marshal"),
        "two_users" => include_bytes!("fixtures/marshal/two_users.marshal"),
        "expiry_forms" => include_bytes!("fixtures/marshal/expiry_forms.marshal"),
        "links" => include_bytes!("fixtures/marshal/links.marshal"),
        "empty_array" => include_bytes!("fixtures/marshal/empty_array.marshal"),
        "foreign_hash" => include_bytes!("fixtures/marshal/foreign_hash.marshal"),
        "foreign_objects" => include_bytes!("fixtures/marshal/foreign_objects.marshal"),
        "foreign_time" => include_bytes!("fixtures/marshal/foreign_time.marshal"),
        other => panic!("no fixture {other}"),
    }
}

fn legacy(user: &str, refresh: Option<&str>, access: &str, expiry: i64) -> Tokens {
    Tokens {
        user_identifier: user.into(),
        access_token: access.into(),
        refresh_token: refresh.map(Into::into),
        expiry_time: expiry,
        api_domain: None,
        accounts_server: None,
    }
}

#[test]
fn integers_in_every_encoding() {
    let expected: Vec<i64> = vec![
        0,
        1,
        -1,
        122,
        -123,
        123,
        -124,
        255,
        256,
        -256,
        -257,
        65_535,
        65_536,
        -65_537,
        1 << 24,
        (1 << 30) - 1,
        -(1 << 30),
        1 << 30,
        -(1 << 30) - 1,
        1 << 31,
        1 << 62,
        -(1 << 62),
        i64::MAX,
        i64::MIN,
    ];
    let expected: Vec<Value> = expected.into_iter().map(Value::Int).collect();
    assert_eq!(
        marshal::parse(fixture("integers")).unwrap(),
        Value::Array(expected.into())
    );
}

#[test]
fn integers_beyond_64_bits_are_an_error() {
    let err = marshal::parse(fixture("too_big")).unwrap_err();
    assert!(err.message.contains("64 bits"), "{err}");
    assert_eq!(err.offset, Some(4));
}

#[test]
fn hashes_floats_symbols_and_links() {
    let Value::Hash(pairs) = marshal::parse(fixture("mixed")).unwrap() else {
        panic!("not a Hash")
    };
    assert_eq!(pairs.len(), 1);
    assert_eq!(pairs[0].0, Value::Str(b"k".to_vec().into()));
    let Value::Array(items) = &pairs[0].1 else {
        panic!("not an Array")
    };
    assert_eq!(
        items[..4],
        [
            Value::Nil,
            Value::Bool(true),
            Value::Bool(false),
            Value::Float(1.5)
        ]
    );
    assert_eq!(items[4], Value::Symbol("sym".into()));
    assert_eq!(items[5], Value::Symbol("sym".into()), "symbol link");
    assert_eq!(items[6], Value::Str(b"str".to_vec().into()));
    assert_eq!(
        items[7],
        Value::Hash(vec![(Value::Int(1), Value::Int(2))].into())
    );
}

#[test]
fn one_user_as_1_0_x_wrote_it() {
    let parsed = marshal::parse_tokens(fixture("one_user")).unwrap();
    assert_eq!(
        parsed,
        [legacy(
            "a@b.com",
            Some("1000.r1r1"),
            "1000.a1a1",
            1_700_000_000_000
        )]
    );
}

#[test]
fn two_users_one_without_refresh_token() {
    let parsed = marshal::parse_tokens(fixture("two_users")).unwrap();
    assert_eq!(
        parsed,
        [
            legacy("first@example.com", None, "1000.a2a2", 1_700_000_100_000),
            legacy(
                "second@example.com",
                Some("1000.r3r3"),
                "1000.a3a3",
                1_700_000_200_000
            ),
        ]
    );
}

#[test]
fn expiry_in_every_integer_form() {
    let parsed = marshal::parse_tokens(fixture("expiry_forms")).unwrap();
    let expiries: Vec<(&str, i64)> = parsed
        .iter()
        .map(|t| (t.user_identifier.as_str(), t.expiry_time))
        .collect();
    assert_eq!(
        expiries,
        [
            ("zero@x.com", 0),
            ("small@x.com", 122),
            ("negative@x.com", -124),
            ("three-bytes@x.com", 65_536),
            ("fixnum-max@x.com", (1 << 30) - 1),
            ("bignum-record@x.com", 1 << 30),
            ("real-bignum@x.com", (1 << 62) + 5),
            ("i64-min@x.com", i64::MIN),
            ("float@x.com", 1_700_000_000_000),
        ]
    );
}

#[test]
fn shared_strings_repeated_objects_binary_strings() {
    let parsed = marshal::parse_tokens(fixture("links")).unwrap();
    let twice = legacy(
        "twice@example.com",
        Some("1000.r4r4"),
        "1000.a4a4",
        1_700_000_300_000,
    );
    assert_eq!(
        parsed,
        [
            legacy(
                "shared@example.com",
                Some("1000.same"),
                "1000.same",
                1_700_000_400_000
            ),
            twice.clone(),
            legacy(
                "binary@example.com",
                Some("1000.r5r5"),
                "1000.a5a5",
                1_700_000_500_000
            ),
            twice,
            // The entry without @user_identifier is skipped.
        ]
    );
}

#[test]
fn empty_array_is_no_tokens() {
    assert_eq!(marshal::parse_tokens(fixture("empty_array")).unwrap(), []);
}

#[test]
fn foreign_marshal_data_is_refused_with_a_reason() {
    let hash = marshal::parse_tokens(fixture("foreign_hash")).unwrap_err();
    assert!(hash.message.contains("a Hash, not an Array"), "{hash}");
    let object = marshal::parse_tokens(fixture("foreign_objects")).unwrap_err();
    assert!(
        object
            .message
            .contains("entry 0 is an object of class Object, not a ZohoOAuthTokens"),
        "{object}"
    );
    // Time is dumped with _dump ('u' inside 'I'): outside the subset, named by byte and offset.
    let time = marshal::parse_tokens(fixture("foreign_time")).unwrap_err();
    assert!(time.message.contains("0x75 ('u')"), "{time}");
    assert_eq!(time.offset, Some(5));
}

#[test]
fn truncated_data_never_panics() {
    let data = fixture("links");
    for len in 0..data.len() {
        let result = marshal::parse_tokens(&data[..len]);
        assert!(result.is_err(), "prefix of {len} bytes parsed");
    }
    // Every single-byte corruption either parses or fails cleanly.
    for i in 2..data.len() {
        for byte in [0x00, 0x7f, 0x80, 0xff, b'@', b';', b'['] {
            let mut bad = data.to_vec();
            bad[i] = byte;
            let _ = marshal::parse_tokens(&bad);
        }
    }
}

#[test]
fn errors_never_quote_the_data() {
    let data = fixture("one_user");
    let cut = &data[..data.len() - 3];
    let err = marshal::parse_tokens(cut).unwrap_err().to_string();
    assert!(!err.contains("1000."), "{err}");
}
