//! How a connection is opened: TCP (no Nagle delay, `open_timeout`), through the HTTP proxy
//! the environment names when there is one, then TLS (`http_clients` wraps this in rustls).
//!
//! Proxies are read as curl reads them (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`,
//! `NO_PROXY`, either case), as the reqwest-based transport before this one did. An HTTPS
//! request goes through an `http://` proxy in a CONNECT tunnel, so the proxy sees the host
//! and port and never the request. Plain `http` URLs are allowed only for loopback hosts
//! (config.rs) and are never sent to a proxy.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use http::Uri;
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tower_service::Service;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[derive(Clone)]
pub struct Connector {
    tcp: HttpConnector,
    proxies: std::sync::Arc<Matcher>,
}

impl Connector {
    pub fn new(connect_timeout: Duration) -> Connector {
        Connector::with_proxies(connect_timeout, Matcher::from_env())
    }

    fn with_proxies(connect_timeout: Duration, proxies: Matcher) -> Connector {
        let mut tcp = HttpConnector::new();
        // The scheme is TLS's business (the wrapping connector); this one opens TCP for both.
        tcp.enforce_http(false);
        tcp.set_nodelay(true);
        tcp.set_connect_timeout(Some(connect_timeout));
        Connector {
            tcp,
            proxies: std::sync::Arc::new(proxies),
        }
    }

    /// The CONNECT tunnel for `dst`, when the environment sends it through a proxy.
    fn tunnel(&self, dst: &Uri) -> Option<Result<Tunnel<HttpConnector>, BoxError>> {
        if dst.scheme_str() != Some("https") {
            return None;
        }
        let proxy = self.proxies.intercept(dst)?;
        if proxy.uri().scheme_str() != Some("http") {
            return Some(Err(format!(
                "the proxy {} (from HTTPS_PROXY or ALL_PROXY) is not an http:// proxy; \
                 only http:// proxies (HTTP CONNECT) are supported",
                proxy.uri()
            )
            .into()));
        }
        let tunnel = Tunnel::new(proxy.uri().clone(), self.tcp.clone());
        Some(Ok(match proxy.basic_auth() {
            Some(auth) => tunnel.with_auth(auth.clone()),
            None => tunnel,
        }))
    }
}

impl Service<Uri> for Connector {
    type Response = TokioIo<TcpStream>;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        // Both paths open a fresh TCP connection: there is nothing to wait for.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, dst: Uri) -> Self::Future {
        match self.tunnel(&dst) {
            None => {
                let connecting = self.tcp.call(dst);
                Box::pin(async move { connecting.await.map_err(BoxError::from) })
            }
            Some(Ok(mut tunnel)) => {
                let connecting = tunnel.call(dst);
                Box::pin(async move { connecting.await.map_err(BoxError::from) })
            }
            Some(Err(error)) => Box::pin(async move { Err(error) }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    /// A proxy that answers one CONNECT and returns what it was asked and the first byte
    /// that came through the tunnel.
    async fn one_tunnel(listener: TcpListener) -> (String, u8) {
        let (mut socket, _) = listener.accept().await.expect("accept");
        let mut head = Vec::new();
        while !head.ends_with(b"\r\n\r\n") {
            head.push(socket.read_u8().await.expect("request"));
        }
        socket
            .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
            .await
            .expect("answer");
        let first = socket.read_u8().await.expect("tunnelled byte");
        (String::from_utf8_lossy(&head).into_owned(), first)
    }

    #[tokio::test]
    async fn sends_https_through_the_proxy_in_a_connect_tunnel() {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let proxy = format!(
            "http://user:secret@{}",
            listener.local_addr().expect("addr")
        );
        let proxy_side = tokio::spawn(one_tunnel(listener));
        let proxies = Matcher::builder().https(proxy).build();
        let mut connector = Connector::with_proxies(Duration::from_secs(5), proxies);
        let dst = Uri::from_static("https://www.zohoapis.com/crm/v2/Leads");
        let mut stream = connector.call(dst).await.expect("tunnel").into_inner();
        stream
            .write_all(&[0x16])
            .await
            .expect("write through the tunnel");
        let (head, first) = proxy_side.await.expect("proxy");
        assert!(
            head.starts_with("CONNECT www.zohoapis.com:443 HTTP/1.1\r\n"),
            "{head}"
        );
        // user:secret, as Basic credentials.
        assert!(
            head.contains("Proxy-Authorization: Basic dXNlcjpzZWNyZXQ=\r\n"),
            "{head}"
        );
        assert_eq!(first, 0x16);
    }

    #[tokio::test]
    async fn leaves_out_hosts_in_no_proxy_and_plain_http() {
        let proxies = Matcher::builder()
            .all("http://127.0.0.1:9")
            .no("localhost,.internal.example")
            .build();
        let connector = Connector::with_proxies(Duration::from_secs(5), proxies);
        let tunnelled = |url: &'static str| connector.tunnel(&Uri::from_static(url)).is_some();
        assert!(tunnelled("https://www.zohoapis.com/crm"));
        assert!(!tunnelled("https://crm.internal.example/crm"));
        assert!(!tunnelled("https://localhost:3000/crm"));
        assert!(!tunnelled("http://127.0.0.1:3000/crm"));
    }

    #[tokio::test]
    async fn refuses_a_proxy_it_cannot_tunnel_through_by_name() {
        let proxies = Matcher::builder().https("socks5://127.0.0.1:1080").build();
        let mut connector = Connector::with_proxies(Duration::from_secs(5), proxies);
        let error = connector
            .call(Uri::from_static("https://www.zohoapis.com/crm"))
            .await
            .expect_err("a socks proxy was used");
        assert!(
            error.to_string().contains("is not an http:// proxy"),
            "{error}"
        );
    }
}
