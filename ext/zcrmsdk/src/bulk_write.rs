//! Bulk Write's files as seen from Ruby: `ZCRMSDK::Native::BulkWriteFile` takes rows from the
//! calling thread in batches and deflates them into the zip as they come (the core's
//! `CsvZipWriter`), so the Ruby layer never holds more than one batch; and the result file's
//! outcomes become plain Ruby arrays.

use std::sync::Mutex;

use magnus::{prelude::*, Error, RArray, Ruby};

use zcrm_core::bulk::write::Outcome;
use zcrm_core::bulk::zip::CsvZipWriter;
use zcrm_core::Error as CoreError;

use crate::errors;

#[magnus::wrap(class = "ZCRMSDK::Native::BulkWriteFile", free_immediately, size)]
pub struct BulkWriteFile {
    /// `None` once finished.
    writer: Mutex<Option<CsvZipWriter>>,
}

impl BulkWriteFile {
    /// `BulkWriteFile.new(path, entry_name, header)`.
    fn new(
        ruby: &Ruby,
        path: String,
        entry_name: String,
        header: Vec<String>,
    ) -> Result<BulkWriteFile, Error> {
        let writer =
            CsvZipWriter::create(&path, &entry_name, &header).map_err(|e| raise(ruby, &e))?;
        Ok(BulkWriteFile {
            writer: Mutex::new(Some(writer)),
        })
    }

    /// `write_rows(rows)`: each row an Array of Strings (nil for an empty cell).
    fn write_rows(
        ruby: &Ruby,
        rb_self: &Self,
        rows: Vec<Vec<Option<String>>>,
    ) -> Result<u64, Error> {
        rb_self.with_writer(ruby, |writer| {
            for row in &rows {
                let cells: Vec<&str> = row.iter().map(|c| c.as_deref().unwrap_or("")).collect();
                writer.write_row(&cells)?;
            }
            Ok(writer.rows())
        })
    }

    /// `finish`: closes the zip; the number of rows written.
    fn finish(ruby: &Ruby, rb_self: &Self) -> Result<u64, Error> {
        let writer = rb_self.lock().take().ok_or_else(|| finished(ruby))?;
        writer.finish().map_err(|e| raise(ruby, &e))
    }

    fn with_writer<T>(
        &self,
        ruby: &Ruby,
        work: impl FnOnce(&mut CsvZipWriter) -> Result<T, CoreError>,
    ) -> Result<T, Error> {
        let mut guard = self.lock();
        let writer = guard.as_mut().ok_or_else(|| finished(ruby))?;
        work(writer).map_err(|e| raise(ruby, &e))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<CsvZipWriter>> {
        self.writer.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn finished(ruby: &Ruby) -> Error {
    Error::new(
        ruby.exception_io_error(),
        "this bulk write file is finished: start a new one",
    )
}

fn raise(ruby: &Ruby, error: &CoreError) -> Error {
    errors::to_ruby(ruby, error, &[])
}

/// `[[status, record_id, [[code, [column...]]...]]...]`, one entry per row of the file.
pub fn outcomes_to_array(ruby: &Ruby, outcomes: Vec<Outcome>) -> Result<RArray, Error> {
    let array = ruby.ary_new_capa(outcomes.len());
    for outcome in outcomes {
        let errors = ruby.ary_new_capa(outcome.errors.len());
        for error in outcome.errors {
            errors.push((error.code, ruby.ary_from_vec(error.columns)))?;
        }
        array.push((outcome.status, outcome.record_id, errors))?;
    }
    Ok(array)
}

pub fn define(ruby: &Ruby, native: magnus::RModule) -> Result<(), Error> {
    use magnus::{function, method};
    let class = native.define_class("BulkWriteFile", ruby.class_object())?;
    class.define_singleton_method("new", function!(BulkWriteFile::new, 3))?;
    class.define_method("write_rows", method!(BulkWriteFile::write_rows, 1))?;
    class.define_method("finish", method!(BulkWriteFile::finish, 0))?;
    Ok(())
}
