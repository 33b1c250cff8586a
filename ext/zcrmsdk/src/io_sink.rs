//! A download streamed into a Ruby IO (a File, a StringIO, a socket, Rack's body buffer):
//! each chunk is handed to `io.write` with the GVL re-acquired on the calling Ruby thread.

use magnus::value::Opaque;
use magnus::{prelude::*, Error, Ruby, Value};

use zcrm_core::transport::Sink;
use zcrm_core::{Error as CoreError, Result as CoreResult};

use crate::{gvl, pending};

pub struct IoSink {
    io: Opaque<Value>,
}

impl IoSink {
    /// `io` must stay reachable for the GC while the sink lives: it is an argument of the
    /// Ruby method that is running, so it is.
    pub fn new(io: Value) -> Self {
        IoSink {
            io: Opaque::from(io),
        }
    }
}

impl Sink for IoSink {
    fn write(&mut self, chunk: &[u8]) -> CoreResult<()> {
        let io = self.io;
        let outcome = gvl::with_gvl(|| -> Result<(), String> {
            let ruby = Ruby::get().map_err(|e| e.to_string())?;
            let result: Result<Value, Error> = ruby
                .get_inner(io)
                .funcall("write", (ruby.str_from_slice(chunk),));
            result.map(|_| ()).map_err(|error| {
                let message = error.to_string();
                pending::park(&ruby, error);
                message
            })
        });
        match outcome {
            Some(Ok(())) => Ok(()),
            Some(Err(message)) => Err(failure(&message)),
            None => Err(failure(
                "the download target can only be written from a Ruby thread",
            )),
        }
    }
}

fn failure(message: &str) -> CoreError {
    CoreError::invalid_argument(
        "DOWNLOAD FAILED",
        format!("writing the download failed: {message}"),
    )
}
