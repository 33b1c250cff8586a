//! The Ruby binding of ZCRMSDK: converts arguments, releases the GVL, maps errors.
//! It knows nothing of Zoho; that is `zcrm-core`'s business.

mod args;
mod bulk_read;
mod bulk_write;
mod call;
mod convert;
mod engine;
mod errors;
mod io_sink;
mod json;
mod memory;
mod per_process;
mod record_page;
mod ruby_store;
mod runtime;

// Rust heap use is reported to Ruby's GC while the VM lives (see `memory`). Not in `cargo
// test`'s binary, which is not linked against libruby.
#[cfg(not(test))]
#[global_allocator]
static ALLOCATOR: memory::ReportingAllocator = memory::ReportingAllocator;

use magnus::{prelude::*, Error, Ruby};

/// magnus finds a wrapped type's Ruby class on the type's first wrap, with a `const_get`
/// whose error it unwraps. A call's first page layout was wrapped while a SIGTERM was
/// pending: the lookup raised and the process aborted. Each class is found here, at load,
/// before any call can be interrupted.
fn find_wrapped_classes(ruby: &Ruby) {
    use magnus::TypedData;
    let _ = record_page::Layout::class(ruby);
    let _ = record_page::RecordPage::class(ruby);
    let _ = convert::Pairs::class(ruby);
    let _ = convert::Requests::class(ruby);
    let _ = call::JobCell::class(ruby);
    let _ = bulk_read::BulkReadResult::class(ruby);
    let _ = bulk_write::BulkWriteFile::class(ruby);
}

#[magnus::init(name = "zcrmsdk_native")]
fn init(ruby: &Ruby) -> Result<(), Error> {
    let zcrmsdk = ruby.define_module("ZCRMSDK")?;
    let native = zcrmsdk.define_module("Native")?;
    args::define(ruby, native)?;
    bulk_read::define(ruby, native)?;
    call::define(ruby, native)?;
    convert::define(ruby, native)?;
    engine::define(ruby, native)?;
    record_page::define(ruby, native)?;
    bulk_write::define(ruby, native)?;
    find_wrapped_classes(ruby);
    native.define_singleton_method("parse_json", magnus::function!(parse_json, 1))?;
    native.define_singleton_method(
        "stop_reporting_memory",
        magnus::function!(memory::stop_reporting, 0),
    )?;
    native.define_singleton_method(
        "refuse_real_zoho=",
        magnus::function!(zcrm_core::transport::refuse_real_zoho, 1),
    )?;
    native.define_singleton_method(
        "refusing_real_zoho?",
        magnus::function!(zcrm_core::transport::refusing_real_zoho, 0),
    )?;
    Ok(())
}

/// `ZCRMSDK::Native.parse_json(text)`: the JSON text as Ruby objects (see `json`), or nil when
/// it is not JSON. The text is copied first: parsing allocates Ruby objects, and the String's
/// bytes must not be borrowed across a GC.
fn parse_json(ruby: &Ruby, text: magnus::RString) -> Option<magnus::Value> {
    // SAFETY: the slice is copied before any Ruby code or allocation runs.
    let bytes = unsafe { text.as_slice() }.to_vec();
    json::parse(ruby, &bytes)
}
