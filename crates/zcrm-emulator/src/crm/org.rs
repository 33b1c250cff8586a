//! `GET /crm/v2/org`.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use crate::state::Shared;

use super::auth::Caller;
use super::envelope;

/// The organisation's details, kept as Zoho's JSON because clients only read them.
#[derive(Debug)]
pub(crate) struct Org {
    details: Value,
}

impl Org {
    pub(crate) fn new(details: Value) -> Self {
        Org { details }
    }

    /// The org's `zgid`: Bulk Write uploads name it in `X-CRM-ORG`.
    pub(crate) fn zgid(&self) -> String {
        match &self.details["zgid"] {
            Value::String(zgid) => zgid.clone(),
            other => other.to_string(),
        }
    }
}

pub(crate) async fn get_org(State(shared): State<Arc<Shared>>, _caller: Caller) -> Response {
    let details = shared.lock().org.details.clone();
    envelope::json(StatusCode::OK, &json!({ "org": [details] }))
}
