//! One entry of a zip file on disk, read lazily.
//!
//! Zoho's bulk results are zip files holding one file (Bulk Read: `<job_id>.csv`, "Download
//! Bulk Read Result",
//! <https://www.zoho.com/crm/developer/docs/api/v2/bulk-read/download-result.html>). A result
//! page holds up to 200,000 records, so the entry is never unpacked into memory: the archive's
//! directory says where the entry's bytes start, and they are decompressed as they are read,
//! straight from the file. Its CRC-32 is checked at the end, so a damaged download is an error
//! rather than silently missing rows.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom, Take};
use std::path::Path;

use flate2::read::DeflateDecoder;
use zip::{CompressionMethod, ZipArchive};

use crate::error::{Error, Result};

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

fn unreadable(path: &Path, problem: &str) -> Error {
    Error::invalid_argument(
        "BULK RESULT UNREADABLE",
        format!(
            "the bulk result {} cannot be read as a zip file: {problem}",
            path.display()
        ),
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
}
