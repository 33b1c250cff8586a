//! A download written straight to disk: into `<path>.part`, renamed over `path` only once the
//! whole body has arrived, so a failed or interrupted download never leaves a truncated file
//! where a complete one is expected.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::Sink;
use crate::error::{Error, Result};

pub struct FileSink {
    path: PathBuf,
    partial: PathBuf,
    file: Option<File>,
}

impl FileSink {
    pub fn create(path: impl Into<PathBuf>) -> Result<FileSink> {
        let path = path.into();
        let partial = partial_path(&path);
        let file = File::create(&partial).map_err(|e| failure(&partial, &e))?;
        Ok(FileSink {
            path,
            partial,
            file: Some(file),
        })
    }

    /// Moves the finished download into place.
    pub fn commit(mut self) -> Result<()> {
        if let Some(file) = self.file.take() {
            file.sync_all().map_err(|e| failure(&self.partial, &e))?;
        }
        std::fs::rename(&self.partial, &self.path).map_err(|e| failure(&self.path, &e))
    }
}

#[async_trait::async_trait]
impl Sink for FileSink {
    async fn write(&mut self, chunk: &[u8]) -> Result<()> {
        match self.file.as_mut() {
            Some(file) => file
                .write_all(chunk)
                .map_err(|e| failure(&self.partial, &e)),
            None => Ok(()),
        }
    }
}

impl Drop for FileSink {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.partial);
        }
    }
}

fn partial_path(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".part");
    path.with_file_name(name)
}

fn failure(path: &Path, error: &std::io::Error) -> Error {
    Error::invalid_argument(
        "DOWNLOAD FAILED",
        format!("cannot write the download to {}: {error}", path.display()),
    )
}
