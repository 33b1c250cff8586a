//! What happens to every request before routing: it is buffered, recorded (redacted) and
//! counted, and it may meet an injected fault. Admin requests skip all of that so tests can
//! always reach the control API.

use std::convert::Infallible;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::Response;
use axum::Router;
use tower::ServiceExt;

use crate::concurrency::{self, Admission};
use crate::crm::envelope;
use crate::faults::FaultKind;
use crate::request_log::RecordedRequest;
use crate::state::Shared;
use crate::{admin, app, crm};

/// What a proxy that cut a response short might deliver.
const MALFORMED_BODY: &str = r#"{"data":[{"id":"4150868000000225001","Last_Name":"#;

/// Returned to hyper to make it close the connection without answering.
#[derive(Debug, thiserror::Error)]
#[error("connection dropped by an injected fault")]
pub(crate) struct Dropped;

#[derive(Debug)]
pub(crate) struct Front {
    shared: Arc<Shared>,
    router: Router,
}

impl Front {
    pub(crate) fn new(shared: Arc<Shared>) -> Self {
        let router = app::router(Arc::clone(&shared));
        Front { shared, router }
    }

    pub(crate) async fn handle<B>(self: Arc<Self>, request: Request<B>) -> Result<Response, Dropped>
    where
        B: axum::body::HttpBody<Data = Bytes> + Send + 'static,
        B::Error: Into<axum::BoxError>,
    {
        let (parts, body) = request.into_parts();
        let body = Body::new(body);
        if parts.uri.path().starts_with(admin::PREFIX) {
            return Ok(self.dispatch(Request::from_parts(parts, body)).await);
        }
        let Ok(bytes) = axum::body::to_bytes(body, self.shared.config.max_body_bytes()).await
        else {
            return Ok(envelope::for_status(StatusCode::PAYLOAD_TOO_LARGE));
        };
        let is_crm = parts.uri.path().starts_with(crm::PREFIX);
        let (admission, fault) = self.admit(&parts, &bytes, is_crm);
        // Held until the answer is ready: the request counts as in flight until then.
        let _in_flight = match admission {
            Some(Admission::OverLimit) => {
                return Ok(envelope::for_status(StatusCode::TOO_MANY_REQUESTS))
            }
            Some(Admission::Admitted(guard)) => Some(guard),
            None => None,
        };
        if let Some(fault) = fault {
            match apply(fault).await {
                Applied::Continue => {}
                Applied::Answer(response) => return Ok(response),
                Applied::Drop => return Err(Dropped),
            }
        }
        Ok(self
            .dispatch(Request::from_parts(parts, Body::from(bytes)))
            .await)
    }

    /// Records and counts the request, applies the concurrency limit to CRM requests, and
    /// picks its fault, in one critical section so the log order matches the order faults are
    /// handed out. A request refused for the limit gets no fault.
    fn admit(
        &self,
        parts: &Parts,
        body: &[u8],
        is_crm: bool,
    ) -> (Option<Admission>, Option<FaultKind>) {
        let content_type = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok());
        let recorded = RecordedRequest::new(
            parts.method.as_str(),
            parts.uri.path(),
            parts.uri.query(),
            content_type,
            body,
        )
        .with_headers(
            parts
                .headers
                .iter()
                .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?))),
        );
        let mut state = self.shared.lock();
        state.log.record(recorded);
        let admission = is_crm.then(|| {
            state.stats.crm_requests += 1;
            concurrency::admit(&mut state, &self.shared)
        });
        if matches!(admission, Some(Admission::OverLimit)) {
            return (admission, None);
        }
        let fault = state.faults.take(parts.uri.path());
        if fault.is_some() {
            state.stats.faults_injected += 1;
        }
        (admission, fault)
    }

    async fn dispatch(&self, request: Request<Body>) -> Response {
        let result: Result<Response, Infallible> = self.router.clone().oneshot(request).await;
        match result {
            Ok(response) => response,
            Err(never) => match never {},
        }
    }
}

enum Applied {
    Continue,
    Answer(Response),
    Drop,
}

async fn apply(fault: FaultKind) -> Applied {
    match fault {
        FaultKind::Latency(delay) => {
            tokio::time::sleep(delay).await;
            Applied::Continue
        }
        FaultKind::Status {
            status,
            retry_after,
        } => {
            let mut response = envelope::for_status(status);
            if let Some(secs) = retry_after {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(secs));
            }
            Applied::Answer(response)
        }
        FaultKind::Drop => Applied::Drop,
        FaultKind::Malformed => Applied::Answer(envelope::with_body(
            StatusCode::OK,
            MALFORMED_BODY.to_string(),
        )),
        FaultKind::Respond(canned) => Applied::Answer(canned.response()),
    }
}
