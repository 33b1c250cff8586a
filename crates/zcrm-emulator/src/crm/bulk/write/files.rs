//! The zipped CSV files of Bulk Write: what an upload must hold, and the result file a job
//! answers with.
//!
//! upload-file.html (https://www.zoho.com/crm/developer/docs/api/v2/bulk-write/upload-file.html):
//! "a zip file" holding "one CSV file", "a maximum of 25,000 records".
//! download-result.html: the result is a zip whose CSV, named `{module}-{file}`, has "the
//! first three mapped columns from the uploaded file, and three more columns" STATUS,
//! RECORD_ID and ERRORS.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// upload-file.html: "a maximum of 25,000 records" per file.
pub(crate) const MAX_ROWS: usize = 25_000;

/// An uploaded CSV: its name inside the zip, header and rows.
#[derive(Debug)]
pub(crate) struct Sheet {
    pub(crate) name: String,
    pub(crate) header: Vec<String>,
    pub(crate) rows: Vec<Vec<String>>,
}

/// Why an upload is refused.
#[derive(Debug)]
pub(crate) enum Refusal {
    /// Zoho's INVALID_FILE_FORMAT.
    NotAZip,
    /// A zip that is not one CSV of at most 25,000 rows (the message says which; the code
    /// Zoho gives is unverified).
    Content(String),
}

/// Reads the one CSV of an uploaded zip, refusing what Zoho's page rules out.
pub(crate) fn read_upload(zip: &[u8]) -> Result<Sheet, Refusal> {
    let mut archive = ZipArchive::new(Cursor::new(zip)).map_err(|_| Refusal::NotAZip)?;
    let csvs: Vec<usize> = (0..archive.len())
        .filter(|&i| {
            archive
                .name_for_index(i)
                .is_some_and(|n| n.to_ascii_lowercase().ends_with(".csv"))
        })
        .collect();
    let [index] = csvs[..] else {
        return Err(Refusal::Content(format!(
            "the zip must hold exactly one CSV file, it holds {}",
            csvs.len()
        )));
    };
    let mut entry = archive
        .by_index(index)
        .map_err(|e| Refusal::Content(format!("the zip cannot be read: {e}")))?;
    let name = entry.name().to_string();
    let mut text = Vec::new();
    entry
        .read_to_end(&mut text)
        .map_err(|e| Refusal::Content(format!("the zip cannot be read: {e}")))?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(&text[..]);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| Refusal::Content(format!("the CSV cannot be read: {e}")))?
        .iter()
        .map(str::to_string)
        .collect();
    let mut rows = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| Refusal::Content(format!("the CSV cannot be read: {e}")))?;
        rows.push(row.iter().map(str::to_string).collect());
        if rows.len() > MAX_ROWS {
            return Err(Refusal::Content(format!(
                "the CSV holds more than {MAX_ROWS} records: split it into several files"
            )));
        }
    }
    Ok(Sheet { name, header, rows })
}

/// The result zip: up to three of the uploaded columns, then STATUS, RECORD_ID, ERRORS.
pub(crate) fn result_zip(entry_name: &str, header: &[String], rows: &[Vec<String>]) -> Vec<u8> {
    let mut csv = csv::Writer::from_writer(Vec::new());
    let mut write = |record: &[String]| {
        // Writing into a Vec cannot fail.
        let _ = csv.write_record(record);
    };
    write(header);
    for row in rows {
        write(row);
    }
    let text = csv.into_inner().unwrap_or_default();
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let written = zip
        .start_file(entry_name, options)
        .and_then(|()| zip.write_all(&text).map_err(Into::into))
        .and_then(|()| zip.finish());
    written.map(Cursor::into_inner).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_of(entries: &[(&str, &str)]) -> Vec<u8> {
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text) in entries {
            zip.start_file(*name, SimpleFileOptions::default()).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn one_csv_is_read_with_its_header() {
        let sheet = read_upload(&zip_of(&[("Leads.csv", "Last_Name,Company\nAda,X\n")])).unwrap();
        assert_eq!(sheet.name, "Leads.csv");
        assert_eq!(sheet.header, vec!["Last_Name", "Company"]);
        assert_eq!(sheet.rows, vec![vec!["Ada", "X"]]);
    }

    #[test]
    fn anything_else_is_refused() {
        let refused = |zip: &[u8]| match read_upload(zip) {
            Err(Refusal::Content(why)) => why,
            other => panic!("expected a content refusal, got {other:?}"),
        };
        assert!(matches!(read_upload(b"plain text"), Err(Refusal::NotAZip)));
        let two = zip_of(&[("a.csv", "A\n1\n"), ("b.csv", "A\n2\n")]);
        assert!(refused(&two).contains("exactly one CSV"));
        let many = format!("A\n{}", "1\n".repeat(MAX_ROWS + 1));
        assert!(refused(&zip_of(&[("a.csv", &many)])).contains("more than 25000"));
    }

    #[test]
    fn the_result_is_a_zipped_csv() {
        let header = vec!["Last_Name".to_string(), "STATUS".to_string()];
        let zip = result_zip(
            "Leads-x.csv",
            &header,
            &[vec!["Ada".into(), "ADDED".into()]],
        );
        let sheet = read_upload(&zip).unwrap();
        assert_eq!(sheet.header, header);
        assert_eq!(sheet.rows, vec![vec!["Ada", "ADDED"]]);
    }
}
