//! The Ruby binding of ZCRMSDK: converts arguments, releases the GVL, maps errors.
//! It knows nothing of Zoho; that is `zcrm-core`'s business.

mod convert;
mod emulator;
mod engine;
mod errors;
mod gvl;
mod io_sink;
mod pending;
mod ruby_store;
mod runtime;

use magnus::{prelude::*, Error, Ruby};

#[magnus::init(name = "zcrmsdk_native")]
fn init(ruby: &Ruby) -> Result<(), Error> {
    let zcrmsdk = ruby.define_module("ZCRMSDK")?;
    let native = zcrmsdk.define_module("Native")?;
    engine::define(ruby, native)?;
    emulator::define(ruby, native)?;
    Ok(())
}
