//! Conversions between Ruby values and the core's plain Rust values. All of these run with
//! the GVL held.

use magnus::{Error, RArray, RHash, RString, Ruby, Value};

use zcrm_core::transport::Headers;
use zcrm_core::{ApiResponse, RequestRecord, Tokens};

use crate::json;
use crate::record_page::Layout;

pub fn tokens_to_hash(ruby: &Ruby, tokens: &Tokens) -> Result<RHash, Error> {
    let hash = ruby.hash_new();
    hash.aset("user_identifier", tokens.user_identifier.as_str())?;
    hash.aset("access_token", tokens.access_token.as_str())?;
    hash.aset("refresh_token", tokens.refresh_token.as_deref())?;
    hash.aset("expiry_time", tokens.expiry_time)?;
    hash.aset("api_domain", tokens.api_domain.as_deref())?;
    hash.aset("accounts_server", tokens.accounts_server.as_deref())?;
    Ok(hash)
}

pub fn tokens_from_hash(hash: RHash) -> Result<Tokens, Error> {
    Ok(Tokens {
        user_identifier: hash.fetch("user_identifier")?,
        access_token: hash.fetch("access_token")?,
        refresh_token: hash.lookup("refresh_token")?,
        expiry_time: hash.fetch("expiry_time")?,
        api_domain: hash.lookup("api_domain")?,
        accounts_server: hash.lookup("accounts_server")?,
    })
}

/// `[status, headers, body, url, api_key, kind, layout]`; the body is binary (a download may be
/// any bytes), the Ruby layer parses JSON. `headers` is a `Native::Pairs` of `[name, value]`;
/// `layout` a `Native::PageLayout` when the body is a list of records, else nil.
pub fn response_to_array(ruby: &Ruby, response: ApiResponse) -> Result<RArray, Error> {
    let kind = match response.kind {
        zcrm_core::api::ResponseKind::Single => "single",
        zcrm_core::api::ResponseKind::Bulk => "bulk",
        zcrm_core::api::ResponseKind::File => "file",
    };
    let array = ruby.ary_new_capa(8);
    array.push(response.status)?;
    array.push(Pairs(response.headers))?;
    array.push(binary(ruby, &response.body))?;
    array.push(response.url.as_str())?;
    array.push(json::interned(ruby, &response.api_key))?;
    array.push(json::interned(ruby, kind))?;
    array.push(Layout::of(response.page))?;
    Ok(array)
}

/// An answer's headers, as `ZCRMSDK::Native::Pairs`: `[name, value]` Arrays only when `to_a`
/// is called. Most calls never read their headers, and ten headers made thirty Ruby objects.
#[magnus::wrap(class = "ZCRMSDK::Native::Pairs", free_immediately, size)]
pub struct Pairs(Headers);

impl Pairs {
    fn to_a(ruby: &Ruby, rb_self: &Pairs) -> Result<RArray, Error> {
        let pairs = ruby.ary_new_capa(rb_self.0.len());
        for (name, value) in rb_self.0.iter() {
            pairs.push(ruby.ary_from_vec(vec![name, value]))?;
        }
        Ok(pairs)
    }
}

pub fn records_to_array(ruby: &Ruby, records: &[RequestRecord]) -> Result<RArray, Error> {
    let array = ruby.ary_new_capa(records.len());
    for record in records {
        let hash = ruby.hash_new();
        hash.aset(ruby.to_symbol("exchange"), record.exchange.as_str())?;
        hash.aset(ruby.to_symbol("method"), record.method.as_str())?;
        hash.aset(ruby.to_symbol("url"), record.url.as_str())?;
        hash.aset(ruby.to_symbol("status"), record.status)?;
        hash.aset(ruby.to_symbol("started_at"), record.started_at)?;
        hash.aset(ruby.to_symbol("duration_ms"), record.duration_ms)?;
        hash.aset(ruby.to_symbol("attempt"), record.attempt)?;
        hash.aset(ruby.to_symbol("failure"), record.failure.as_deref())?;
        hash.aset(ruby.to_symbol("request_id"), record.request_id.as_deref())?;
        hash.aset(ruby.to_symbol("writes"), record.writes)?;
        array.push(hash)?;
    }
    Ok(array)
}

pub fn binary(ruby: &Ruby, bytes: &[u8]) -> RString {
    ruby.str_from_slice(bytes)
}

/// `[result, requests]`: what every engine method returns, so the Ruby layer can log.
pub fn with_records(
    ruby: &Ruby,
    result: Value,
    records: Vec<RequestRecord>,
) -> Result<RArray, Error> {
    let pair = ruby.ary_new_capa(2);
    pair.push(result)?;
    pair.push(Requests(records))?;
    Ok(pair)
}

/// A call's requests, as `ZCRMSDK::Native::Requests`: turned into Ruby Hashes (`to_a`) only
/// when a logger or a subscriber reads them. Building ten-key Hashes for every call that
/// nobody logs cost about 5 µs a call.
#[magnus::wrap(class = "ZCRMSDK::Native::Requests", free_immediately, size)]
pub struct Requests(Vec<RequestRecord>);

impl Requests {
    fn to_a(ruby: &Ruby, rb_self: &Requests) -> Result<RArray, Error> {
        records_to_array(ruby, &rb_self.0)
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

pub fn define(ruby: &Ruby, native: magnus::RModule) -> Result<(), Error> {
    use magnus::{Class, Module};
    let class = native.define_class("Requests", ruby.class_object())?;
    class.undef_default_alloc_func();
    class.define_method("to_a", magnus::method!(Requests::to_a, 0))?;
    class.define_method("empty?", magnus::method!(Requests::is_empty, 0))?;
    let class = native.define_class("Pairs", ruby.class_object())?;
    class.undef_default_alloc_func();
    class.define_method("to_a", magnus::method!(Pairs::to_a, 0))?;
    Ok(())
}
