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
        let mut tcp = HttpConnector::new();
        // The scheme is TLS's business (the wrapping connector); this one opens TCP for both.
        tcp.enforce_http(false);
        tcp.set_nodelay(true);
        tcp.set_connect_timeout(Some(connect_timeout));
        Connector {
            tcp,
            proxies: std::sync::Arc::new(Matcher::from_env()),
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
