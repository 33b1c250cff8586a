//! Zipped CSV, the file format of Zoho's bulk APIs: Bulk Write uploads one CSV in a zip
//! (<https://www.zoho.com/crm/developer/docs/api/v2/bulk-write/upload-file.html>), and both
//! Bulk Write and Bulk Read answer with one ("Download Bulk Read Result",
//! <https://www.zoho.com/crm/developer/docs/api/v2/bulk-read/download-result.html>;
//! <https://www.zoho.com/crm/developer/docs/api/v2/bulk-write/download-result.html>).
//!
//! Neither direction holds a file in memory. Rows are deflated as they are written, straight
//! to the file ([`CsvZipWriter`]). A result (up to 200,000 records a Bulk Read page) is never
//! unpacked: the archive's directory says where the entry's bytes start, and they are
//! decompressed as they are read, straight from the file ([`open_entry`]); its CRC-32 is
//! checked at the end, so a damaged download is an error rather than silently missing rows.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Take};
use std::path::Path;

use flate2::read::DeflateDecoder;
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

/// The decompressed bytes of one entry.
pub struct Entry {
    name: String,
    bytes: Checked<Box<dyn Read + Send>>,
}

impl Entry {
    /// The entry's name in the archive.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Read for Entry {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.bytes.read(buf)
    }
}

/// The first entry of the zip at `path` whose name ends with `suffix` (`.csv`).
pub fn open_entry(path: &Path, suffix: &str) -> Result<Entry> {
    let file = File::open(path).map_err(|e| unreadable(path, &e.to_string()))?;
    let mut archive =
        ZipArchive::new(BufReader::new(file)).map_err(|e| unreadable(path, &e.to_string()))?;
    let index = (0..archive.len())
        .find(|&i| {
            archive
                .name_for_index(i)
                .is_some_and(|n| n.ends_with(suffix))
        })
        .ok_or_else(|| unreadable(path, &format!("it holds no {suffix} file")))?;
    let (name, method, start, size, crc) = {
        let entry = archive
            .by_index_raw(index)
            .map_err(|e| unreadable(path, &e.to_string()))?;
        (
            entry.name().to_string(),
            entry.compression(),
            entry.data_start(),
            entry.compressed_size(),
            entry.crc32(),
        )
    };
    let mut file = archive.into_inner();
    file.seek(SeekFrom::Start(start))
        .map_err(|e| unreadable(path, &e.to_string()))?;
    let raw: Take<BufReader<File>> = file.take(size);
    let bytes: Box<dyn Read + Send> = match method_code(method) {
        STORED => Box::new(raw),
        DEFLATED => Box::new(DeflateDecoder::new(raw)),
        other => {
            let problem =
                format!("{name} is compressed with method {other}, which is not supported");
            return Err(unreadable(path, &problem));
        }
    };
    Ok(Entry {
        name,
        bytes: Checked::new(bytes, crc),
    })
}

/// The zip format's method numbers (APPNOTE 4.4.5). zip names `Deflated` only when built with
/// its own inflater, which this crate does not need (flate2 inflates), so methods are matched
/// by number.
const STORED: u16 = 0;
const DEFLATED: u16 = 8;

#[allow(deprecated)] // to_u16 is deprecated for matching on names; numbers are what we want
fn method_code(method: CompressionMethod) -> u16 {
    method.to_u16()
}

/// What Zoho sent is not the zip it should be: a protocol error, as any malformed answer.
fn unreadable(path: &Path, problem: &str) -> Error {
    Error::protocol(
        path.display().to_string(),
        format!("the bulk result cannot be read as a zip file: {problem}"),
    )
}

/// A reader that checks the CRC-32 of everything it read once the end is reached.
struct Checked<R> {
    inner: R,
    hasher: crc32fast::Hasher,
    expected: u32,
}

impl<R: Read> Checked<R> {
    fn new(inner: R, expected: u32) -> Self {
        Checked {
            inner,
            hasher: crc32fast::Hasher::new(),
            expected,
        }
    }
}

impl<R: Read> Read for Checked<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buf)?;
        if read > 0 {
            self.hasher.update(&buf[..read]);
        } else if buf.is_empty() {
            return Ok(0);
        } else if self.hasher.clone().finalize() != self.expected {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "the file's CRC-32 does not match: the download is damaged",
            ));
        }
        Ok(read)
    }
}

/// Reads the first `.csv` entry of the zip at `path`, row by row, with `visit(header, row)`.
/// Zoho's answer files hold one CSV; anything else in them is ignored.
pub fn read_csv(
    path: &Path,
    mut visit: impl FnMut(&csv::StringRecord, &csv::StringRecord) -> Result<()>,
) -> Result<()> {
    let shown = path.display().to_string();
    let entry = open_entry(path, ".csv")?;
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(entry);
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
pub(crate) mod tests {
    use std::io::Write;

    use zip::write::SimpleFileOptions;

    use super::*;

    /// A zip at `path` holding `entries` (name, bytes), compressed with `method`.
    pub(crate) fn write_zip(path: &Path, entries: &[(&str, &[u8])], method: CompressionMethod) {
        let file = File::create(path).expect("create");
        let mut zip = zip::ZipWriter::new(file);
        for (name, bytes) in entries {
            let options = SimpleFileOptions::default().compression_method(method);
            zip.start_file(*name, options).expect("start");
            zip.write_all(bytes).expect("write");
        }
        zip.finish().expect("finish");
    }

    fn read_all(path: &Path) -> Result<(String, String)> {
        let mut entry = open_entry(path, ".csv")?;
        let mut text = String::new();
        entry
            .read_to_string(&mut text)
            .map_err(|e| Error::invalid_argument("READ", e.to_string()))?;
        Ok((entry.name().to_string(), text))
    }

    #[test]
    fn reads_the_csv_entry_whatever_the_compression() {
        let dir = tempfile::tempdir().expect("dir");
        for method in [CompressionMethod::Deflated, CompressionMethod::Stored] {
            let path = dir.path().join("result.zip");
            let entries: &[(&str, &[u8])] = &[("notes.txt", b"x"), ("123.csv", b"Id\n1\n2\n")];
            write_zip(&path, entries, method);
            let (name, text) = read_all(&path).expect("read");
            assert_eq!((name.as_str(), text.as_str()), ("123.csv", "Id\n1\n2\n"));
        }
    }

    #[test]
    fn a_damaged_or_foreign_file_is_an_error() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("result.zip");
        std::fs::write(&path, b"not a zip").expect("write");
        let error = read_all(&path).expect_err("not a zip");
        assert!(
            error.to_string().contains("cannot be read as a zip"),
            "{error}"
        );

        write_zip(&path, &[("a.txt", b"x")], CompressionMethod::Stored);
        let error = read_all(&path).expect_err("no csv");
        assert!(error.to_string().contains("holds no .csv file"), "{error}");

        write_zip(&path, &[("1.csv", b"Id\n1\n")], CompressionMethod::Stored);
        let mut bytes = std::fs::read(&path).expect("read");
        let at = bytes
            .windows(5)
            .position(|w| w == b"Id\n1\n")
            .expect("data");
        bytes[at + 3] = b'2';
        std::fs::write(&path, bytes).expect("write");
        let error = read_all(&path).expect_err("crc");
        assert!(error.to_string().contains("CRC-32"), "{error}");
    }

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
