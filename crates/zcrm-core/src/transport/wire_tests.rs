//! The transport against a bare HTTP/1.1 server on loopback: what goes on the wire and how
//! an answer is read, for what the emulator does not do (gzip).

use std::io::Write;

use flate2::write::GzEncoder;
use flate2::Compression;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use super::*;
use crate::api::Method;
use crate::journal::{Exchange, Journal};

/// Serves one request with `answer` (head and body), returning the request's head.
async fn serve_once(listener: TcpListener, answer: Vec<u8>) -> String {
    let (mut socket, _) = listener.accept().await.expect("accept");
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        head.push(socket.read_u8().await.expect("request"));
    }
    socket.write_all(&answer).await.expect("answer");
    String::from_utf8_lossy(&head).into_owned()
}

/// A transport to `base` that sends each request once (a failure is not retried), with
/// `extra` configuration keys.
fn transport(base: &str, extra: &[(&str, &str)]) -> Transport {
    let mut pairs = vec![
        ("client_id", "1000.TEST"),
        ("client_secret", "secret"),
        ("redirect_uri", "https://example.com/callback"),
        ("api_base_url", base),
        ("max_retries", "0"),
    ];
    pairs.extend_from_slice(extra);
    let config = Config::from_pairs(&pairs).expect("config");
    Transport::new(&config, None).expect("transport")
}

fn get(url: String) -> Outgoing {
    Outgoing {
        exchange: Exchange::Api,
        method: Method::Get,
        url,
        query: vec![("fields".into(), "Last_Name,Email".into())],
        headers: vec![],
        authorization: Some("Zoho-oauthtoken 1000.abc".into()),
        body: OutgoingBody::None,
        read_only: true,
    }
}

#[tokio::test]
async fn reads_a_gzip_answer_as_the_plain_text_it_compresses() {
    let json = format!("{{\"data\":[{}]}}", vec!["{\"id\":\"1\"}"; 500].join(","));
    let mut gzip = GzEncoder::new(Vec::new(), Compression::default());
    gzip.write_all(json.as_bytes()).expect("compress");
    let gzip = gzip.finish().expect("compress");
    let mut answer = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\n\
         content-length: {}\r\n\r\n",
        gzip.len()
    )
    .into_bytes();
    answer.extend_from_slice(&gzip);

    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let server = tokio::spawn(serve_once(listener, answer));
    let incoming = transport(&base, &[])
        .send(&get(format!("{base}/crm/v2/Leads")), &Journal::new())
        .await
        .expect("answer");
    let head = server.await.expect("server");

    assert!(
        head.starts_with("GET /crm/v2/Leads?fields=Last_Name%2CEmail HTTP/1.1\r\n"),
        "{head}"
    );
    for header in [
        "accept-encoding: gzip\r\n",
        "authorization: Zoho-oauthtoken 1000.abc\r\n",
        concat!(
            "user-agent: ZohoCRM Ruby SDK (ZCRMSDK/",
            env!("CARGO_PKG_VERSION"),
            ")\r\n"
        ),
    ] {
        assert!(head.contains(header), "{header} missing from {head}");
    }
    assert_eq!(incoming.status, 200);
    assert_eq!(String::from_utf8(incoming.body).expect("utf-8"), json);
    assert_eq!(incoming.headers.get("content-encoding"), None);
    assert_eq!(
        incoming.headers.get("content-type"),
        Some("application/json")
    );
}

#[tokio::test]
async fn a_gzip_answer_cut_short_is_a_network_error_not_a_short_body() {
    let mut gzip = GzEncoder::new(Vec::new(), Compression::default());
    gzip.write_all(&[b'x'; 50_000]).expect("compress");
    let gzip = gzip.finish().expect("compress");
    let cut = &gzip[..gzip.len() - 4];
    let mut answer = format!(
        "HTTP/1.1 200 OK\r\ncontent-encoding: gzip\r\ncontent-length: {}\r\n\r\n",
        cut.len()
    )
    .into_bytes();
    answer.extend_from_slice(cut);

    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(serve_once(listener, answer));
    let error = transport(&base, &[])
        .send(&get(format!("{base}/crm/v2/Leads")), &Journal::new())
        .await
        .expect_err("a corrupt body was read");
    assert_eq!(error.kind(), "network", "{error}");
}

#[tokio::test]
async fn a_header_the_caller_gives_replaces_the_default_of_that_name() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let server = tokio::spawn(serve_once(
        listener,
        b"HTTP/1.1 204 No Content\r\n\r\n".to_vec(),
    ));
    let mut request = get(format!("{base}/crm/v2/Leads"));
    request.headers = vec![
        ("User-Agent".into(), "my-app/2.0".into()),
        ("Accept".into(), "application/json".into()),
    ];
    transport(&base, &[])
        .send(&request, &Journal::new())
        .await
        .expect("answer");
    let head = server.await.expect("server").to_ascii_lowercase();
    assert_eq!(head.matches("user-agent:").count(), 1, "{head}");
    assert!(head.contains("user-agent: my-app/2.0\r\n"), "{head}");
    assert_eq!(head.matches("accept:").count(), 1, "{head}");
    assert!(head.contains("accept: application/json\r\n"), "{head}");
    assert!(head.contains("accept-encoding: gzip\r\n"), "{head}");
}

#[tokio::test]
async fn a_connection_that_does_not_open_within_open_timeout_is_a_timeout() {
    // A listener that never accepts, with a backlog of one: once its queue is full the
    // kernel drops further SYNs, so a connection attempt neither succeeds nor is refused.
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket
        .bind("127.0.0.1:0".parse().expect("addr"))
        .expect("bind");
    let listener = socket.listen(1).expect("listen");
    let address = listener.local_addr().expect("addr");
    let mut queued = Vec::new();
    for _ in 0..4 {
        if let Ok(Ok(stream)) = tokio::time::timeout(
            Duration::from_millis(200),
            tokio::net::TcpStream::connect(address),
        )
        .await
        {
            queued.push(stream);
        }
    }
    let base = format!("http://{address}");
    let error = transport(&base, &[("open_timeout", "0.3")])
        .send(&get(format!("{base}/crm/v2/Leads")), &Journal::new())
        .await
        .expect_err("a connection opened");
    assert_eq!(error.kind(), "timeout", "{error}");
    drop(queued);
}
