//! What a request sends: nothing, bytes held in memory (JSON, a form), or a
//! `multipart/form-data` upload whose file is read from disk as it is sent, never held whole.

use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use tokio::io::{AsyncRead, ReadBuf};

/// How much of an uploaded file is read per frame.
const FILE_CHUNK: usize = 64 * 1024;

pub enum RequestBody {
    Bytes(Option<Bytes>),
    Upload(Box<FileUpload>),
}

impl RequestBody {
    pub fn empty() -> RequestBody {
        RequestBody::Bytes(None)
    }

    pub fn bytes(bytes: impl Into<Bytes>) -> RequestBody {
        RequestBody::Bytes(Some(bytes.into()))
    }
}

impl Body for RequestBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<io::Result<Frame<Bytes>>>> {
        match self.get_mut() {
            RequestBody::Bytes(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            RequestBody::Upload(upload) => {
                upload.poll_chunk(cx).map(|c| c.map(|c| c.map(Frame::data)))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            RequestBody::Bytes(bytes) => bytes.is_none(),
            RequestBody::Upload(upload) => upload.sent == upload.length,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            RequestBody::Bytes(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            RequestBody::Upload(upload) => SizeHint::with_exact(upload.length - upload.sent),
        }
    }
}

/// One file as the single part of a `multipart/form-data` body: the part's head, the file's
/// bytes as read, the closing boundary. Its length is known before it is sent, so the request
/// carries a Content-Length rather than a chunked body.
pub struct FileUpload {
    head: Option<Bytes>,
    file: tokio::fs::File,
    file_left: u64,
    tail: Option<Bytes>,
    length: u64,
    sent: u64,
}

impl FileUpload {
    fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<io::Result<Bytes>>> {
        let chunk = if let Some(head) = self.head.take() {
            head
        } else if self.file_left > 0 {
            match ready!(self.poll_file(cx)) {
                Ok(chunk) => chunk,
                Err(error) => return Poll::Ready(Some(Err(error))),
            }
        } else if let Some(tail) = self.tail.take() {
            tail
        } else {
            return Poll::Ready(None);
        };
        self.sent += chunk.len() as u64;
        Poll::Ready(Some(Ok(chunk)))
    }

    fn poll_file(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<Bytes>> {
        let wanted = self.file_left.min(FILE_CHUNK as u64) as usize;
        let mut buffer = vec![0; wanted];
        let mut read = ReadBuf::new(&mut buffer);
        ready!(Pin::new(&mut self.file).poll_read(cx, &mut read))?;
        let got = read.filled().len();
        if got == 0 {
            // The Content-Length sent promised more: a file that shrank must fail the upload
            // rather than send a body shorter than announced.
            return Poll::Ready(Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the file to upload became shorter while it was being sent",
            )));
        }
        buffer.truncate(got);
        self.file_left -= got as u64;
        Poll::Ready(Ok(Bytes::from(buffer)))
    }
}

/// A `multipart/form-data` body and its Content-Type.
pub struct Multipart {
    pub content_type: String,
    pub body: RequestBody,
}

impl Multipart {
    /// The file at `path` as the part named `name`, with its file name and a Content-Type
    /// guessed from its extension.
    pub async fn file(name: &str, path: &str) -> io::Result<Multipart> {
        let file = tokio::fs::File::open(path).await?;
        let size = file.metadata().await?.len();
        let file_name = std::path::Path::new(path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mime = mime_guess::from_path(path).first_or_octet_stream();
        let boundary = boundary();
        let head = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\n\
             Content-Type: {mime}\r\n\r\n",
            quoted(name),
            quoted(&file_name)
        );
        let tail = format!("\r\n--{boundary}--\r\n");
        let length = head.len() as u64 + size + tail.len() as u64;
        Ok(Multipart {
            content_type: content_type(&boundary),
            body: RequestBody::Upload(Box::new(FileUpload {
                head: Some(Bytes::from(head)),
                file,
                file_left: size,
                tail: Some(Bytes::from(tail)),
                length,
                sent: 0,
            })),
        })
    }

    /// One text field.
    pub fn text(name: &str, value: &str) -> Multipart {
        let boundary = boundary();
        let body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"\r\n\r\n{value}\r\n\
             --{boundary}--\r\n",
            quoted(name)
        );
        Multipart {
            content_type: content_type(&boundary),
            body: RequestBody::bytes(body),
        }
    }
}

fn content_type(boundary: &str) -> String {
    format!("multipart/form-data; boundary={boundary}")
}

/// Random, so that no file's bytes contain it by chance.
fn boundary() -> String {
    let [a, b]: [u64; 2] = rand::random();
    format!("{a:016x}-{b:016x}")
}

/// A name inside a quoted header parameter: the three characters that would end it or the
/// header are percent-encoded, as browsers do (WHATWG's multipart/form-data encoding);
/// anything else, UTF-8 included, is sent as it is.
fn quoted(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    /// What `upload` sends: its boundary, its bytes, and the length it announced.
    async fn sent(upload: Multipart) -> (String, io::Result<Vec<u8>>, u64) {
        let boundary = upload
            .content_type
            .split("boundary=")
            .nth(1)
            .expect("boundary")
            .to_string();
        let length = upload.body.size_hint().exact().expect("exact length");
        let body = upload.body.collect().await.map(|c| c.to_bytes().to_vec());
        (boundary, body, length)
    }

    async fn file_upload(name: &str, content: &[u8]) -> (Multipart, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join(name);
        std::fs::write(&path, content).expect("write");
        let upload = Multipart::file("file", path.to_str().expect("utf-8"))
            .await
            .expect("upload");
        (upload, dir)
    }

    #[tokio::test]
    async fn a_file_is_sent_as_one_part_of_the_length_announced() {
        let content: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let (upload, _dir) = file_upload("Leads \"new\".zip", &content).await;
        let (boundary, body, length) = sent(upload).await;
        let body = body.expect("body");
        assert_eq!(body.len() as u64, length);
        let head = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; \
             filename=\"Leads %22new%22.zip\"\r\nContent-Type: application/zip\r\n\r\n"
        );
        assert!(body.starts_with(head.as_bytes()));
        assert_eq!(&body[head.len()..head.len() + content.len()], &content[..]);
        assert_eq!(
            &body[head.len() + content.len()..],
            format!("\r\n--{boundary}--\r\n").as_bytes()
        );
    }

    #[tokio::test]
    async fn a_file_that_shrinks_while_sent_fails_the_body() {
        let (upload, dir) = file_upload("data.csv", &[b'x'; 100_000]).await;
        std::fs::write(dir.path().join("data.csv"), b"short").expect("truncate");
        let (_, body, _) = sent(upload).await;
        let error = body.expect_err("a short body was sent");
        assert_eq!(error.kind(), io::ErrorKind::UnexpectedEof);
    }

    #[tokio::test]
    async fn a_text_field_is_one_part() {
        let upload = Multipart::text("attachmentUrl", "https://example.com/a.pdf");
        let (boundary, body, length) = sent(upload).await;
        let body = String::from_utf8(body.expect("body")).expect("utf-8");
        assert_eq!(body.len() as u64, length);
        assert_eq!(
            body,
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"attachmentUrl\"\r\n\r\n\
                 https://example.com/a.pdf\r\n--{boundary}--\r\n"
            )
        );
    }
}
