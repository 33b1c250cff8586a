//! One connection pool per thread, built from one TLS configuration.
//!
//! A pooled connection belongs to the tokio runtime that opened it: hyper runs each
//! connection as a task spawned on that runtime, and its socket is registered with that
//! runtime's reactor. The Ruby binding drives each call on the calling thread's own runtime
//! (no hand-off to worker threads, which cost more than the request itself on loopback), and
//! a thread's runtime moves only while that thread waits for a call. A pool shared by threads
//! would hand one thread a connection that only an idle thread's runtime can move: the request
//! would hang. So every thread gets its own client (hyper's pooling client) for each transport. Threads of a
//! multi-threaded runtime (the core's own tests, other embedders) get one each too; their
//! connections all live on that runtime, which every worker drives.
//!
//! What a client costs to build is the TLS configuration (reading the system's root
//! certificates, parsing `ca_file`s): that is done once per transport, and shared, with its
//! TLS session cache, by the clients of every thread.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Weak};
use std::time::Duration;

use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;

use super::body::RequestBody;
use super::connector::Connector;
use crate::error::{Error, Result};

/// A thread's pooling HTTP/1.1 client: TLS (or plain TCP to loopback) over `Connector`.
pub type HttpClient = Client<HttpsConnector<Connector>, RequestBody>;

/// How long an idle pooled connection is kept; Zoho's load balancers close idle connections
/// after about a minute, and a connection closed under a request fails it.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(50);

pub struct HttpClients {
    tls: rustls::ClientConfig,
    connect_timeout: Duration,
    /// Names this transport's entry in each thread's table; the table holds it weakly, so an
    /// entry whose transport is gone is recognised and dropped.
    owner: Arc<()>,
}

thread_local! {
    static CLIENTS: RefCell<Vec<(Weak<()>, HttpClient)>> = const { RefCell::new(Vec::new()) };
}

impl HttpClients {
    pub fn new(ca_files: &[PathBuf], connect_timeout: Duration) -> Result<HttpClients> {
        Ok(HttpClients {
            tls: tls_config(ca_files)?,
            connect_timeout,
            owner: Arc::new(()),
        })
    }

    /// This thread's client, built on the thread's first request.
    pub fn current(&self) -> HttpClient {
        let owner = Arc::as_ptr(&self.owner);
        CLIENTS.with(|clients| {
            let mut clients = clients.borrow_mut();
            if let Some((_, client)) = clients.iter().find(|(o, _)| o.as_ptr() == owner) {
                return client.clone();
            }
            clients.retain(|(o, _)| o.strong_count() > 0);
            let client = self.build();
            clients.push((Arc::downgrade(&self.owner), client.clone()));
            client
        })
    }

    fn build(&self) -> HttpClient {
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(self.tls.clone())
            .https_or_http()
            .enable_http1()
            .wrap_connector(Connector::new(self.connect_timeout));
        Client::builder(TokioExecutor::new())
            .pool_idle_timeout(POOL_IDLE_TIMEOUT)
            // Without a timer the pool never notices that an idle connection expired.
            .pool_timer(TokioTimer::new())
            .build(connector)
    }
}

/// The system's roots (`SSL_CERT_FILE`/`SSL_CERT_DIR` honoured, as reqwest's
/// `rustls-tls-native-roots` read them) plus every `ca_file`, HTTP/1.1.
fn tls_config(ca_files: &[PathBuf]) -> Result<rustls::ClientConfig> {
    let mut roots = rustls::RootCertStore::empty();
    let native = rustls_native_certs::load_native_certs();
    // Native stores often hold a few unparsable old roots: skip them, as reqwest does.
    let (valid, _invalid) = roots.add_parsable_certificates(native.certs);
    for path in ca_files {
        for cert in read_certificates(path)? {
            roots.add(cert).map_err(|e| {
                Error::config(
                    "ca_file",
                    format!("{} holds a certificate TLS cannot use: {e}", path.display()),
                )
            })?;
        }
    }
    if valid == 0 && ca_files.is_empty() {
        return Err(Error::config(
            "ca_file",
            "no usable root certificate in the system's store: install ca-certificates, or \
             give a PEM file as 'ca_file' or in SSL_CERT_FILE",
        ));
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    // No ALPN here: the connector announces http/1.1 itself.
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::config("ca_file", format!("could not set up TLS: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(tls)
}

fn read_certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>> {
    let pem = std::fs::read(path)
        .map_err(|e| Error::config("ca_file", format!("cannot read {}: {e}", path.display())))?;
    let unusable = |detail: String| {
        Error::config(
            "ca_file",
            format!(
                "{} holds no usable PEM certificate: {detail}",
                path.display()
            ),
        )
    };
    let certs = CertificateDer::pem_slice_iter(&pem)
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| unusable(e.to_string()))?;
    if certs.is_empty() {
        return Err(unusable("no CERTIFICATE block found".into()));
    }
    Ok(certs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clients() -> HttpClients {
        HttpClients::new(&[], Duration::from_secs(5)).expect("clients")
    }

    #[test]
    fn a_thread_reuses_its_client_and_another_thread_gets_its_own() {
        let clients = Arc::new(clients());
        clients.current();
        clients.current();
        let count_here = CLIENTS.with(|c| c.borrow().len());
        let other = clients.clone();
        let count_there = std::thread::spawn(move || {
            other.current();
            CLIENTS.with(|c| c.borrow().len())
        })
        .join()
        .expect("thread");
        assert_eq!(count_here, 1);
        assert_eq!(count_there, 1);
    }

    #[test]
    fn a_dropped_transport_leaves_no_client_behind() {
        let first = clients();
        first.current();
        drop(first);
        clients().current();
        CLIENTS.with(|c| assert_eq!(c.borrow().len(), 1));
    }

    #[test]
    fn a_ca_file_without_certificates_is_refused_by_name() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("empty.pem");
        std::fs::write(&path, "not a certificate\n").expect("write");
        let message = match tls_config(&[path]) {
            Err(error) => error.to_string(),
            Ok(_) => panic!("an empty ca_file was accepted"),
        };
        assert!(
            message.contains("empty.pem holds no usable PEM certificate"),
            "{message}"
        );
    }
}
