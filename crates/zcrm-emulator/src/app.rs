//! The HTTP surface: accounts, CRM and admin routes on one router, with Zoho's answers for
//! unknown paths and wrong methods.

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::{middleware, Router};

use crate::crm::envelope;
use crate::state::Shared;
use crate::{accounts, admin, crm, fake_clock};

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .merge(accounts::router())
        .merge(crm::router())
        .merge(admin::router())
        .fallback(|| async { envelope::invalid_url() })
        .method_not_allowed_fallback(|| async { envelope::invalid_method() })
        // The front already capped the body; axum's own 2 MB default would refuse uploads.
        .layer(DefaultBodyLimit::max(shared.config.max_body_bytes()))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&shared),
            fake_clock::scope,
        ))
        .with_state(shared)
}
