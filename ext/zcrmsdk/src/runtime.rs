//! The tokio runtime, one per process (see `per_process` for what happens across `fork`).

use std::sync::Arc;

use tokio::runtime::{Builder, Runtime};

use crate::per_process::PerProcess;

static RUNTIME: PerProcess<Runtime> = PerProcess::new();

/// This process's runtime, built on first use (and again after a fork).
pub fn current() -> std::io::Result<Arc<Runtime>> {
    RUNTIME.get_or_build(|_inherited| {
        Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("zcrmsdk-io")
            .enable_all()
            .build()
    })
}
