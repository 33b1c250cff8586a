//! Answers sent gzip-compressed (every request says `Accept-Encoding: gzip`: a 200-record
//! page is a tenth of its size on the wire) are inflated as they arrive, chunk by chunk, so
//! a download streamed to a file is never held whole. The answer then reads as if it had
//! been sent plain: its `Content-Encoding` and `Content-Length` headers are dropped.

use std::io::{self, Write};

use flate2::write::MultiGzDecoder;
use http::header::{CONTENT_ENCODING, CONTENT_LENGTH};
use http::HeaderMap;

pub struct Decoding {
    gzip: Option<MultiGzDecoder<Vec<u8>>>,
    fed: bool,
}

impl Decoding {
    /// How the answer with `headers` is decoded; its headers are changed to describe the
    /// decoded body.
    pub fn of(headers: &mut HeaderMap) -> Decoding {
        let gzip = headers
            .get(CONTENT_ENCODING)
            .is_some_and(|value| value.as_bytes().eq_ignore_ascii_case(b"gzip"));
        if gzip {
            headers.remove(CONTENT_ENCODING);
            headers.remove(CONTENT_LENGTH);
        }
        Decoding {
            gzip: gzip.then(|| MultiGzDecoder::new(Vec::new())),
            fed: false,
        }
    }

    /// The decoded bytes of the next `chunk` received (the chunk itself when it is plain).
    pub fn chunk<'a>(&'a mut self, chunk: &'a [u8]) -> io::Result<&'a [u8]> {
        let Some(gzip) = &mut self.gzip else {
            return Ok(chunk);
        };
        self.fed |= !chunk.is_empty();
        gzip.get_mut().clear();
        gzip.write_all(chunk)?;
        Ok(gzip.get_ref())
    }

    /// What is left once the body has ended; an error when the compressed body was cut short
    /// (its checksum trailer is missing or wrong). An empty body is empty, whatever its
    /// headers say (a 204 may carry `Content-Encoding`).
    pub fn finish(&mut self) -> io::Result<&[u8]> {
        match &mut self.gzip {
            Some(gzip) if self.fed => {
                gzip.get_mut().clear();
                gzip.try_finish()?;
                Ok(gzip.get_ref())
            }
            _ => Ok(&[]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use flate2::Compression;
    use http::HeaderValue;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(data).expect("compress");
        encoder.finish().expect("compress")
    }

    fn gzip_headers() -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        headers.insert(CONTENT_LENGTH, HeaderValue::from_static("99"));
        headers
    }

    fn decode(decoding: &mut Decoding, body: &[u8], chunk: usize) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        for piece in body.chunks(chunk) {
            out.extend_from_slice(decoding.chunk(piece)?);
        }
        out.extend_from_slice(decoding.finish()?);
        Ok(out)
    }

    #[test]
    fn inflates_a_gzip_body_received_in_any_chunks() {
        let data: Vec<u8> = (0..300_000u32).flat_map(|i| i.to_le_bytes()).collect();
        let body = gzip(&data);
        for chunk in [1, 7, 4096, body.len()] {
            let mut headers = gzip_headers();
            let mut decoding = Decoding::of(&mut headers);
            assert_eq!(decode(&mut decoding, &body, chunk).expect("decoded"), data);
            assert!(headers.get(CONTENT_ENCODING).is_none());
            assert!(headers.get(CONTENT_LENGTH).is_none());
        }
    }

    #[test]
    fn passes_a_plain_body_through_with_its_headers() {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_LENGTH, HeaderValue::from_static("5"));
        let mut decoding = Decoding::of(&mut headers);
        assert_eq!(decode(&mut decoding, b"hello", 2).expect("plain"), b"hello");
        assert_eq!(
            headers.get(CONTENT_LENGTH).map(|v| v.as_bytes()),
            Some(&b"5"[..])
        );
    }

    #[test]
    fn refuses_a_gzip_body_cut_short() {
        let body = gzip(&vec![7u8; 100_000]);
        let mut decoding = Decoding::of(&mut gzip_headers());
        assert!(decode(&mut decoding, &body[..body.len() / 2], 100).is_err());
        let mut decoding = Decoding::of(&mut gzip_headers());
        assert!(decode(&mut decoding, &body[..body.len() - 3], 100).is_err());
    }

    #[test]
    fn reads_an_empty_body_as_empty() {
        let mut decoding = Decoding::of(&mut gzip_headers());
        assert_eq!(decode(&mut decoding, b"", 1).expect("empty"), b"");
    }
}
