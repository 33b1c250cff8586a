//! Zipped CSV, the file format of Zoho's bulk APIs: Bulk Write uploads one CSV in a zip
//! (https://www.zoho.com/crm/developer/docs/api/v2/bulk-write/upload-file.html), and both
//! Bulk Write and Bulk Read answer with one
//! (https://www.zoho.com/crm/developer/docs/api/v2/bulk-write/download-result.html).
//!
//! Rows are deflated as they are written, straight to the file: a million rows never sit in
//! memory, only the compressor's window does.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read};
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use crate::error::{Error, Result};

/// Writes CSV rows into the one entry of a new zip file.
pub struct CsvZipWriter {
    csv: csv::Writer<ZipWriter<BufWriter<File>>>,
    path: String,
    columns: usize,
    rows: u64,
}

impl CsvZipWriter {
    /// Creates `path` (replacing it) with one entry `entry_name` whose first line is `header`.
    pub fn create(path: &str, entry_name: &str, header: &[String]) -> Result<CsvZipWriter> {
        if header.is_empty() {
            return Err(Error::invalid_argument(
                "NO COLUMNS",
                "a bulk write file needs at least one column",
            ));
        }
        let file = File::create(path).map_err(|e| file_error(path, "create", &e))?;
        let mut zip = ZipWriter::new(BufWriter::new(file));
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        zip.start_file(entry_name, options)
            .map_err(|e| zip_error(path, &e))?;
        let mut csv = csv::WriterBuilder::new().flexible(false).from_writer(zip);
        csv.write_record(header).map_err(|e| csv_error(path, &e))?;
        Ok(CsvZipWriter {
            csv,
            path: path.to_string(),
            columns: header.len(),
            rows: 0,
        })
    }

    /// Appends one row; it must have as many values as the header has columns.
    pub fn write_row<S: AsRef<[u8]>>(&mut self, values: &[S]) -> Result<()> {
        if values.len() != self.columns {
            return Err(Error::invalid_argument(
                "COLUMN COUNT MISMATCH",
                format!(
                    "row {} has {} values but the file has {} columns",
                    self.rows + 1,
                    values.len(),
                    self.columns
                ),
            ));
        }
        self.csv
            .write_record(values)
            .map_err(|e| csv_error(&self.path, &e))?;
        self.rows += 1;
        Ok(())
    }

    /// Rows written so far, the header left out.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Ends the entry and the zip; returns the number of rows.
    pub fn finish(self) -> Result<u64> {
        let path = self.path;
        let zip = self
            .csv
            .into_inner()
            .map_err(|e| file_error(&path, "write", e.error()))?;
        let mut file = zip.finish().map_err(|e| zip_error(&path, &e))?;
        std::io::Write::flush(&mut file).map_err(|e| file_error(&path, "write", &e))?;
        Ok(self.rows)
    }
}

/// Reads the first `.csv` entry of the zip at `path`, row by row, with `visit(header, row)`.
/// Zoho's answer files hold one CSV; anything else in them is ignored.
pub fn read_csv(
    path: &Path,
    mut visit: impl FnMut(&csv::StringRecord, &csv::StringRecord) -> Result<()>,
) -> Result<()> {
    let shown = path.display().to_string();
    let file = File::open(path).map_err(|e| file_error(&shown, "open", &e))?;
    let mut archive = ZipArchive::new(BufReader::new(file)).map_err(|e| zip_error(&shown, &e))?;
    let index = (0..archive.len())
        .find(|&i| {
            archive
                .name_for_index(i)
                .is_some_and(|name| name.to_ascii_lowercase().ends_with(".csv"))
        })
        .ok_or_else(|| Error::protocol(&shown, "the zip file holds no .csv file"))?;
    let entry = archive.by_index(index).map_err(|e| zip_error(&shown, &e))?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(Box::new(entry) as Box<dyn Read>);
    let header = reader.headers().map_err(|e| csv_error(&shown, &e))?.clone();
    let mut row = csv::StringRecord::new();
    while reader
        .read_record(&mut row)
        .map_err(|e| csv_error(&shown, &e))?
    {
        visit(&header, &row)?;
    }
    Ok(())
}

fn file_error(path: &str, doing: &str, error: &std::io::Error) -> Error {
    Error::invalid_argument(
        "FILE ERROR",
        format!("cannot {doing} the bulk file {path}: {error}"),
    )
}

fn zip_error(path: &str, error: &zip::result::ZipError) -> Error {
    Error::protocol(path, format!("not a readable zip file: {error}"))
}

fn csv_error(path: &str, error: &csv::Error) -> Error {
    match error.kind() {
        csv::ErrorKind::Io(io) => file_error(path, "write", io),
        _ => Error::protocol(path, format!("not a readable CSV file: {error}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| v.to_string()).collect()
    }

    #[test]
    fn rows_written_come_back_in_order_with_quoting_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Leads.zip");
        let path_text = path.to_str().unwrap();
        let mut writer =
            CsvZipWriter::create(path_text, "Leads.csv", &strings(&["Last_Name", "Note"])).unwrap();
        writer.write_row(&["Ada", "says \"hi\", twice"]).unwrap();
        writer.write_row(&["Grace", "line\nbreak"]).unwrap();
        assert_eq!(writer.finish().unwrap(), 2);

        let mut seen = Vec::new();
        read_csv(&path, |header, row| {
            assert_eq!(header, &csv::StringRecord::from(vec!["Last_Name", "Note"]));
            seen.push(row.iter().map(str::to_string).collect::<Vec<_>>());
            Ok(())
        })
        .unwrap();
        assert_eq!(
            seen,
            vec![
                strings(&["Ada", "says \"hi\", twice"]),
                strings(&["Grace", "line\nbreak"])
            ]
        );
    }

    #[test]
    fn a_row_of_the_wrong_width_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.zip");
        let mut writer =
            CsvZipWriter::create(path.to_str().unwrap(), "x.csv", &strings(&["A", "B"])).unwrap();
        let error = writer.write_row(&["only one"]).unwrap_err();
        assert!(error
            .to_string()
            .contains("row 1 has 1 values but the file has 2 columns"));
    }

    #[test]
    fn a_file_that_is_not_a_zip_is_a_protocol_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.zip");
        std::fs::write(&path, b"not a zip").unwrap();
        let error = read_csv(&path, |_, _| Ok(())).unwrap_err();
        assert_eq!(error.kind(), "protocol");
    }
}
