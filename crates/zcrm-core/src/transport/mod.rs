//! HTTP: hyper's pooling client over rustls, one per thread (see `http_clients`), gzip
//! answers inflated (`decoding`), timeouts, and retries with backoff.
//!
//! What is retried, and why:
//! - 429: Zoho did not process the request, so any method may be retried after
//!   `Retry-After` (when that wait is longer than `max_retry_wait`, the answer goes back to the
//!   caller as a rate-limit error instead of blocking the thread for minutes);
//! - 502/503/504, timeouts and dropped connections: only for idempotent methods, since a POST
//!   may have been applied before the connection dropped.

mod body;
mod connector;
mod decoding;
mod file_sink;
pub mod fleet_cap;
mod headers;
mod http_clients;
mod real_zoho;
mod request_uri;
mod retry;
#[cfg(test)]
mod wire_tests;

use std::sync::Arc;
use std::time::Duration;

use http::header::{ACCEPT, ACCEPT_ENCODING, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use http::HeaderValue;
use http_body_util::BodyExt;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::api::Method;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::journal::{request_id, Exchange, Journal};

use body::{Multipart, RequestBody};
use decoding::Decoding;
pub use file_sink::FileSink;
use fleet_cap::{FleetCap, SlotLease, SlotSource};
pub use headers::Headers;
use http_clients::HttpClients;
pub use real_zoho::{is_real_zoho, refuse_real_zoho, refusing_real_zoho};
use request_uri::{form_encoded, request_uri};
pub use retry::Backoff;

pub const USER_AGENT_VALUE: &str =
    concat!("ZohoCRM Ruby SDK (ZCRMSDK/", env!("CARGO_PKG_VERSION"), ")");

#[derive(Debug, Clone)]
pub enum OutgoingBody {
    None,
    Json(Vec<u8>),
    Form(Vec<(String, String)>),
    UploadFile { path: String },
    UploadLink { url: String },
}

/// One request, ready to send (and to send again on a retry).
#[derive(Debug, Clone)]
pub struct Outgoing {
    /// What the request is for, as journalled.
    pub exchange: Exchange,
    pub method: Method,
    /// Without the query string: this is what logs and errors show.
    pub url: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    /// `Zoho-oauthtoken ...`; kept apart so that nothing prints it by accident.
    pub authorization: Option<String>,
    pub body: OutgoingBody,
    /// Changes nothing on the server whatever its method (a GET, a COQL query): may be sent
    /// again after a 5xx or a dropped connection, and is not reported as a possible write.
    pub read_only: bool,
}

impl Outgoing {
    /// Sending it twice has the outcome of sending it once.
    pub fn resendable(&self) -> bool {
        self.read_only || self.method.is_idempotent()
    }
}

#[derive(Debug, Clone)]
pub struct Incoming {
    pub status: u16,
    pub headers: Headers,
    pub body: Vec<u8>,
}

impl Incoming {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)
    }

    /// The body as JSON; anything else is a protocol error naming the status and size (never
    /// the body itself, which could hold a token).
    pub fn json(&self, url: &str) -> Result<serde_json::Value> {
        serde_json::from_slice(&self.body).map_err(|_| {
            let message = format!(
                "HTTP {} with a body that is not JSON ({} bytes)",
                self.status,
                self.body.len()
            );
            Error::protocol(url, message)
        })
    }

    /// `Retry-After` in seconds from now, sent as seconds or as an HTTP date (RFC 7231 allows
    /// both; proxies and load balancers in front of Zoho may send either).
    pub fn retry_after(&self) -> Option<f64> {
        retry::retry_after_secs(self.header("retry-after")?, std::time::SystemTime::now())
    }
}

/// Where a streamed download goes. Async because a sink may have to wait for someone else to
/// write (the Ruby binding hands each chunk to the calling Ruby thread).
#[async_trait::async_trait]
pub trait Sink: Send {
    async fn write(&mut self, chunk: &[u8]) -> Result<()>;
}

pub struct Transport {
    http: HttpClients,
    /// Caps requests in flight (`max_concurrent_requests`); waiting for a slot is cancellable.
    slots: Option<Arc<Semaphore>>,
    /// Caps requests in flight across processes (`fleet_max_concurrent_requests`).
    fleet: Option<FleetCap>,
    timeout: Duration,
    max_retries: u32,
    max_retry_wait: Duration,
}

impl Transport {
    /// `fleet_slots`: where the store keeps the fleet-wide cap's slots, if it can; without
    /// them `fleet_max_concurrent_requests` caps this process alone.
    pub fn new(config: &Config, fleet_slots: Option<Arc<dyn SlotSource>>) -> Result<Transport> {
        let http = HttpClients::new(&config.ca_files, config.open_timeout)?;
        let fleet_cap = config.fleet_max_concurrent_requests;
        let (fleet, local_cap) = match fleet_slots {
            Some(source) if fleet_cap > 0 => (Some(FleetCap::new(source, fleet_cap)), 0),
            _ => (None, fleet_cap),
        };
        let process_cap = [config.max_concurrent_requests, local_cap]
            .into_iter()
            .filter(|cap| *cap > 0)
            .min();
        let slots = process_cap.map(|cap| Arc::new(Semaphore::new(cap as usize)));
        Ok(Transport {
            http,
            slots,
            fleet,
            timeout: config.attempt_timeout,
            max_retries: config.max_retries,
            max_retry_wait: config.max_retry_wait,
        })
    }

    /// Sends `request`, retrying as described in the module docs. Every try is journalled.
    pub async fn send(&self, request: &Outgoing, journal: &Journal) -> Result<Incoming> {
        self.send_to(request, journal, None).await
    }

    /// Like [`send`](Self::send), but a 200 answer's body goes to `sink` chunk by chunk (a
    /// download to a file or an IO, never held whole in memory); the returned body is then
    /// empty. Other answers (errors, 204) are read whole as usual. A 200 is never retried,
    /// so nothing is written twice.
    pub async fn send_to(
        &self,
        request: &Outgoing,
        journal: &Journal,
        mut sink: Option<&mut (dyn Sink + 'static)>,
    ) -> Result<Incoming> {
        real_zoho::check(&request.url)?;
        let mut backoff = Backoff::new(self.max_retries);
        loop {
            let slot = self.slot(journal).await?;
            let fleet_slot = self.fleet_slot(request, journal).await?;
            let budget = self.attempt_budget(journal)?;
            let attempt = journal.attempt(
                request.exchange,
                request.method.as_str(),
                &request.url,
                !request.read_only,
            );
            let result = self.send_once(request, sink.as_deref_mut(), budget).await;
            drop(fleet_slot);
            drop(slot);
            match &result {
                Ok(answer) => attempt.answered(answer.status, request_id(&answer.headers)),
                Err(error) => attempt.failed(error.kind().to_string()),
            }
            let wait = match &result {
                Ok(answer) => retry::wait_for_answer(
                    request.resendable(),
                    answer,
                    &backoff,
                    self.max_retry_wait,
                ),
                Err(error) => retry::wait_for_error(request.resendable(), error, &backoff),
            };
            match wait {
                // A wait that would outlast the call's deadline is not worth starting.
                Some(delay) if journal.remaining().is_none_or(|left| delay < left) => {
                    tokio::time::sleep(delay).await;
                    backoff.next();
                }
                _ => return result,
            }
        }
    }

    /// How long the next attempt may take: `attempt_timeout`, cut to what is left of the
    /// call's deadline.
    fn attempt_budget(&self, journal: &Journal) -> Result<Duration> {
        match journal.remaining() {
            None => Ok(self.timeout),
            Some(left) if left.is_zero() => Err(Error::Deadline {
                message: "the call's timeout ran out before the request could be sent".into(),
            }),
            Some(left) => Ok(left.min(self.timeout)),
        }
    }

    /// A free request slot, when requests are capped; held for one try, not across the wait
    /// before a retry. Waiting for one counts against the call's deadline.
    async fn slot(&self, journal: &Journal) -> Result<Option<OwnedSemaphorePermit>> {
        let Some(slots) = self.slots.clone() else {
            return Ok(None);
        };
        let acquire = slots.acquire_owned();
        let permit = match journal.deadline() {
            None => acquire.await,
            Some(deadline) => tokio::time::timeout_at(deadline.into(), acquire)
                .await
                .map_err(|_| Error::Deadline {
                    message: "no request slot became free within the call's timeout \
                              (max_concurrent_requests caps requests in flight from this \
                              process; fleet_max_concurrent_requests does too when the token \
                              store is not SQLite, file or MySQL)"
                        .into(),
                })?,
        };
        Ok(permit.ok())
    }

    /// A slot of the fleet-wide cap, when there is one; taken after this process's own slot
    /// so that a process never holds more fleet slots than it can use. Only CRM requests take
    /// one: Zoho's concurrency limit is the CRM API's, and a token refresh must not queue
    /// behind the calls that wait for it.
    async fn fleet_slot(
        &self,
        request: &Outgoing,
        journal: &Journal,
    ) -> Result<Option<Box<dyn SlotLease>>> {
        match &self.fleet {
            Some(fleet) if request.exchange == Exchange::Api => {
                fleet.acquire(journal.deadline()).await.map(Some)
            }
            _ => Ok(None),
        }
    }

    async fn send_once(
        &self,
        request: &Outgoing,
        sink: Option<&mut (dyn Sink + 'static)>,
        budget: Duration,
    ) -> Result<Incoming> {
        let outgoing = prepare(request).await?;
        let exchange = async {
            let response = self.http.current().request(outgoing).await;
            let response = response.map_err(|e| network_error(&request.url, &e))?;
            read_answer(response, sink, &request.url).await
        };
        match tokio::time::timeout(budget, exchange).await {
            Err(_) => Err(Error::Timeout {
                url: request.url.clone(),
            }),
            Ok(result) => result,
        }
    }
}

/// The answer's status, headers and body, inflated if it came compressed; a 200's body goes
/// to `sink` when there is one.
async fn read_answer(
    response: http::Response<hyper::body::Incoming>,
    sink: Option<&mut (dyn Sink + 'static)>,
    url: &str,
) -> Result<Incoming> {
    let failed = |error: &(dyn std::error::Error + 'static)| network_error(url, error);
    let status = response.status().as_u16();
    let (mut head, mut answer) = response.into_parts();
    let mut decoding = Decoding::of(&mut head.headers);
    let headers = Headers::from_map(&head.headers);
    let mut sink = sink.filter(|_| status == 200);
    let expected = if sink.is_some() {
        0
    } else {
        plain_length(&head.headers)
    };
    let mut body = Vec::with_capacity(expected);
    while let Some(frame) = answer.frame().await {
        let frame = frame.map_err(|e| failed(&e))?;
        let Ok(chunk) = frame.into_data() else {
            continue; // trailers
        };
        let plain = decoding.chunk(&chunk).map_err(|e| failed(&e))?;
        deliver(plain, &mut sink, &mut body).await?;
    }
    let rest = decoding.finish().map_err(|e| failed(&e))?;
    deliver(rest, &mut sink, &mut body).await?;
    Ok(Incoming {
        status,
        headers,
        body,
    })
}

/// The answer's bytes go to the sink when there is one, else into `body`.
async fn deliver(
    bytes: &[u8],
    sink: &mut Option<&mut (dyn Sink + 'static)>,
    body: &mut Vec<u8>,
) -> Result<()> {
    match sink {
        Some(sink) if !bytes.is_empty() => sink.write(bytes).await,
        Some(_) => Ok(()),
        None => {
            body.extend_from_slice(bytes);
            Ok(())
        }
    }
}

/// The body's length when the answer says it and sends it plain (capped: a header is not
/// a reason to reserve gigabytes), to read it into one allocation.
fn plain_length(headers: &http::HeaderMap) -> usize {
    headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<usize>().ok())
        .map_or(0, |length| length.min(16 << 20))
}

/// `request` as hyper sends it: its URI with the query, the headers every request carries,
/// and its body.
async fn prepare(request: &Outgoing) -> Result<http::Request<RequestBody>> {
    let uri = request_uri(&request.url, &request.query).map_err(|message| Error::Network {
        message,
        url: request.url.clone(),
    })?;
    let mut builder = http::Request::builder()
        .method(request.method.as_str())
        .uri(uri);
    for (name, value) in &request.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    if let Some(auth) = &request.authorization {
        let mut value = HeaderValue::from_str(auth).map_err(|_| {
            Error::invalid_argument(
                "INVALID TOKEN",
                "the access token contains characters not allowed in a header",
            )
        })?;
        value.set_sensitive(true);
        builder = builder.header(AUTHORIZATION, value);
    }
    let (content_type, body) = request_body(&request.body).await?;
    if let Some(content_type) = content_type {
        builder = builder.header(CONTENT_TYPE, content_type);
    }
    let mut outgoing = builder.body(body).map_err(|e| {
        Error::invalid_argument(
            "INVALID REQUEST",
            format!("{} {}: {e}", request.method.as_str(), request.url),
        )
    })?;
    // Defaults, as reqwest's were: a header the caller gave (`headers` of get_records...) wins.
    let headers = outgoing.headers_mut();
    for (name, value) in [
        (USER_AGENT, USER_AGENT_VALUE),
        (ACCEPT, "*/*"),
        (ACCEPT_ENCODING, "gzip"),
    ] {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    }
    Ok(outgoing)
}

/// The body of a request and its Content-Type.
async fn request_body(body: &OutgoingBody) -> Result<(Option<String>, RequestBody)> {
    Ok(match body {
        OutgoingBody::None => (None, RequestBody::empty()),
        OutgoingBody::Json(bytes) => (
            Some("application/json".into()),
            RequestBody::bytes(bytes.clone()),
        ),
        OutgoingBody::Form(pairs) => (
            Some("application/x-www-form-urlencoded".into()),
            RequestBody::bytes(form_encoded(pairs)),
        ),
        OutgoingBody::UploadFile { path } => {
            let upload = Multipart::file("file", path).await.map_err(|e| {
                Error::invalid_argument(
                    "FILE ERROR",
                    format!("cannot read the file to upload ({path}): {e}"),
                )
            })?;
            (Some(upload.content_type), upload.body)
        }
        OutgoingBody::UploadLink { url } => {
            let upload = Multipart::text("attachmentUrl", url);
            (Some(upload.content_type), upload.body)
        }
    })
}

/// What went wrong on the wire, said by its deepest cause (the outer errors only say
/// "client error (Connect)"); a connection that took longer than `open_timeout` to open is
/// a timeout.
fn network_error(url: &str, error: &(dyn std::error::Error + 'static)) -> Error {
    let mut message = error.to_string();
    let mut source = error.source();
    let mut timed_out = false;
    while let Some(cause) = source {
        message = cause.to_string();
        timed_out |= cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut);
        source = cause.source();
    }
    if timed_out {
        return Error::Timeout {
            url: url.to_string(),
        };
    }
    if message.contains("certificate") {
        message.push_str(
            " (if a proxy or a private CA signs this server's certificate, give its PEM file as \
             'ca_file' or in SSL_CERT_FILE)",
        );
    }
    if message.is_empty() {
        message = "request failed".into();
    }
    Error::Network {
        message,
        url: url.to_string(),
    }
}
