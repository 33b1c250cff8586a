//! The POST Zoho makes to a job's callback URL when the job completes (create-job.html: "The
//! Bulk Write Job's details are posted to this URL on successful completion or failure of a
//! job"). The body is the job's details as JSON: unverified. Only `http://` callbacks are
//! posted (the emulator carries no TLS client); an `https://` one is accepted and not called.

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::jobs::Callback;

pub(crate) async fn post(callback: Callback) {
    let Some((host, path)) = split(&callback.url) else {
        return;
    };
    // Best effort, as Zoho's is: a callback that cannot be reached changes nothing.
    let _ = send(&host, &path, &callback.body).await;
}

/// `http://host:port/path?query` → `("host:port", "/path?query")`.
fn split(url: &str) -> Option<(String, String)> {
    let rest = url.strip_prefix("http://")?;
    let (host, path) = match rest.find('/') {
        Some(at) => (&rest[..at], &rest[at..]),
        None => (rest, "/"),
    };
    let host = if host.contains(':') {
        host.to_string()
    } else {
        format!("{host}:80")
    };
    Some((host, path.to_string()))
}

async fn send(host: &str, path: &str, body: &Value) -> std::io::Result<()> {
    let body = body.to_string();
    let mut stream = TcpStream::connect(host).await?;
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn urls_split_into_host_and_path() {
        assert_eq!(
            split("http://127.0.0.1:9/done?x=1"),
            Some(("127.0.0.1:9".into(), "/done?x=1".into()))
        );
        assert_eq!(
            split("http://example.com"),
            Some(("example.com:80".into(), "/".into()))
        );
        assert_eq!(split("https://example.com/x"), None);
    }
}
