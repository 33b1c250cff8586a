//! `Authorization: Zoho-oauthtoken <token>` on every CRM request.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::HeaderMap;
use axum::response::Response;

use crate::state::Shared;

use super::envelope;

const SCHEME: &str = "Zoho-oauthtoken";

/// The user a valid access token belongs to. Handlers that take it are authenticated.
#[derive(Clone, Debug)]
pub(crate) struct Caller {
    pub(crate) email: String,
}

impl FromRequestParts<Arc<Shared>> for Caller {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        shared: &Arc<Shared>,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer(&parts.headers).ok_or_else(envelope::authentication_failure)?;
        let mut state = shared.lock();
        match state.oauth.access_token(token, Instant::now()) {
            Some(record) => Ok(Caller {
                email: record.email,
            }),
            None => {
                state.stats.invalid_token_responses += 1;
                Err(envelope::invalid_token())
            }
        }
    }
}

/// The token from a well-formed `Zoho-oauthtoken` header, if there is one.
pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case(SCHEME) && !token.is_empty() && !token.contains(' '))
        .then_some(token)
}
