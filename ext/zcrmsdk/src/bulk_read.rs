//! `ZCRMSDK::Native::BulkReadResult`: the rows of a downloaded Bulk Read result (a zip on
//! disk), handed to Ruby a batch at a time as Hashes, and `copy_csv`, which streams the CSV
//! into an IO. The reading is the core's (`zcrm_core::bulk`); this converts.
//!
//! Both run on the calling Ruby thread with the GVL held: they read a local file, with no
//! network wait to release it for, and building Ruby objects needs it anyway.

use std::cell::RefCell;
use std::io::Write;
use std::path::Path;

use magnus::{prelude::*, Error, RArray, RString, Ruby, Value};

use zcrm_core::bulk::read::{self, ResultRows};
use zcrm_core::Error as CoreError;

use crate::errors;

#[magnus::wrap(class = "ZCRMSDK::Native::BulkReadResult", free_immediately, size)]
pub struct BulkReadResult {
    /// `None` once the last row was read: the file is closed then.
    rows: RefCell<Option<ResultRows>>,
}

impl BulkReadResult {
    /// `BulkReadResult.open(zip_path)`.
    fn open(ruby: &Ruby, path: String) -> Result<BulkReadResult, Error> {
        let rows = ResultRows::open(Path::new(&path)).map_err(|e| to_ruby(ruby, &e))?;
        Ok(BulkReadResult {
            rows: RefCell::new(Some(rows)),
        })
    }

    /// The CSV's column names.
    fn headers(ruby: &Ruby, rb_self: &Self) -> Result<RArray, Error> {
        let rows = rb_self.rows.borrow();
        let headers = rows.as_ref().map(ResultRows::headers).unwrap_or_default();
        Ok(ruby.ary_from_iter(headers.iter().map(|h| ruby.str_new(h))))
    }

    /// `next_rows(max)`: up to `max` rows as `{column => text}` Hashes without the empty
    /// cells, or nil after the last row.
    fn next_rows(ruby: &Ruby, rb_self: &Self, max: usize) -> Result<Option<RArray>, Error> {
        let mut slot = rb_self.rows.borrow_mut();
        let Some(rows) = slot.as_mut() else {
            return Ok(None);
        };
        let keys: Vec<RString> = rows
            .headers()
            .iter()
            .map(|h| {
                let key = ruby.str_new(h);
                key.freeze();
                key
            })
            .collect();
        let batch = ruby.ary_new_capa(max.min(4096));
        while batch.len() < max {
            let Some(row) = rows.next_row().map_err(|e| to_ruby(ruby, &e))? else {
                *slot = None;
                break;
            };
            let hash = ruby.hash_new();
            for (key, cell) in keys.iter().zip(row.iter()) {
                if !cell.is_empty() {
                    hash.aset(*key, ruby.str_new(cell))?;
                }
            }
            batch.push(hash)?;
        }
        Ok((!batch.is_empty()).then_some(batch))
    }
}

/// `BulkReadResult.append_csv(zip_path, csv_path, skip_header)`: appends the result's CSV to
/// the file at `csv_path` (created if missing), all in Rust: no Ruby String per chunk, so a
/// large export to a file leaves no garbage for Ruby's GC. Returns the bytes written.
fn append_csv(
    ruby: &Ruby,
    path: String,
    csv_path: String,
    skip_header: bool,
) -> Result<u64, Error> {
    let write_failed = |e: std::io::Error| {
        CoreError::invalid_argument(
            "DOWNLOAD FAILED",
            format!("cannot write the CSV to {csv_path}: {e}"),
        )
    };
    let failed = |e: std::io::Error| to_ruby(ruby, &write_failed(e));
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&csv_path)
        .map_err(failed)?;
    let copied = read::copy_csv(Path::new(&path), skip_header, CHUNK, |chunk| {
        file.write_all(chunk).map_err(write_failed)
    })
    .map_err(|e| to_ruby(ruby, &e))?;
    file.sync_all().map_err(failed)?;
    Ok(copied)
}

const CHUNK: usize = 64 * 1024;

/// `BulkReadResult.copy_csv(zip_path, io, skip_header)`: writes the result's CSV to `io`
/// (anything with `write`) in 64 KB chunks; the header line is left out when `skip_header`.
/// Returns the bytes written.
fn copy_csv(ruby: &Ruby, path: String, io: Value, skip_header: bool) -> Result<u64, Error> {
    let mut raised = None;
    let copied = read::copy_csv(Path::new(&path), skip_header, CHUNK, |chunk| {
        let written: Result<Value, Error> = io.funcall("write", (ruby.str_from_slice(chunk),));
        written.map(|_| ()).map_err(|e| {
            let message = e.to_string();
            raised = Some(e);
            CoreError::invalid_argument(
                "DOWNLOAD FAILED",
                format!("writing the CSV to the IO failed: {message}"),
            )
        })
    });
    match (copied, raised) {
        (Ok(bytes), _) => Ok(bytes),
        // The IO's own exception, as `IO#write` raised it.
        (Err(_), Some(raised)) => Err(raised),
        (Err(e), None) => Err(to_ruby(ruby, &e)),
    }
}

fn to_ruby(ruby: &Ruby, error: &CoreError) -> Error {
    errors::to_ruby(ruby, error, &[])
}

pub fn define(ruby: &Ruby, native: magnus::RModule) -> Result<(), Error> {
    let class = native.define_class("BulkReadResult", ruby.class_object())?;
    class.define_singleton_method("open", magnus::function!(BulkReadResult::open, 1))?;
    class.define_singleton_method("copy_csv", magnus::function!(copy_csv, 3))?;
    class.define_singleton_method("append_csv", magnus::function!(append_csv, 3))?;
    class.define_method("headers", magnus::method!(BulkReadResult::headers, 0))?;
    class.define_method("next_rows", magnus::method!(BulkReadResult::next_rows, 1))?;
    Ok(())
}
