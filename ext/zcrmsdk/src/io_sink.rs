//! A download streamed into a Ruby IO (a File, a StringIO, a socket, Rack's body buffer):
//! each chunk is handed to `io.write` on the calling Ruby thread (see `call`), so the IO is
//! written at its current position and never reopened by path.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use async_trait::async_trait;
use magnus::value::Opaque;
use magnus::{prelude::*, Value};

use zcrm_core::transport::Sink;
use zcrm_core::{Error as CoreError, Result as CoreResult};

use crate::call::{Caller, JobFailure, Mode};

pub struct IoSink {
    /// An argument of the running Ruby method, so reachable for the GC while the call lasts.
    io: Opaque<Value>,
    written: Arc<AtomicU64>,
}

impl IoSink {
    pub fn new(io: Value) -> Self {
        IoSink {
            io: Opaque::from(io),
            written: Arc::default(),
        }
    }

    /// How many bytes reached the IO so far; readable after the sink moved into the call.
    pub fn counter(&self) -> Arc<AtomicU64> {
        self.written.clone()
    }
}

#[async_trait]
impl Sink for IoSink {
    async fn write(&mut self, chunk: &[u8]) -> CoreResult<()> {
        let caller = Caller::current()
            .ok_or_else(|| failure("it can only be written during a call made from Ruby"))?;
        let (io, bytes) = (self.io, chunk.to_vec());
        let written = caller
            .ask(Mode::Plain, move |ruby| {
                let _: Value = ruby
                    .get_inner(io)
                    .funcall("write", (ruby.str_from_slice(&bytes),))?;
                Ok(bytes.len() as u64)
            })
            .await
            .map_err(|e| match e {
                JobFailure::Raised(message) => failure(&message),
                JobFailure::Cancelled => failure("the call was cancelled"),
            })?;
        self.written.fetch_add(written, Ordering::Relaxed);
        Ok(())
    }
}

/// Bytes written to an IO target before a download failed (for the error message).
pub fn written(counter: &AtomicU64) -> u64 {
    counter.load(Ordering::Relaxed)
}

fn failure(message: &str) -> CoreError {
    CoreError::invalid_argument(
        "DOWNLOAD FAILED",
        format!("writing the download to the IO failed: {message}"),
    )
}
