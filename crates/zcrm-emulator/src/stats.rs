use serde::{Deserialize, Serialize};

/// Counters since start (or the last reset), read by tests to prove what a client did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// Grant codes successfully exchanged for tokens.
    pub token_exchanges: u64,
    /// Successful `refresh_token` grants.
    pub refreshes: u64,
    /// Refreshes refused because of the per-refresh-token limit.
    pub refresh_rejections: u64,
    /// Grant exchanges refused because of the per-user refresh token limit.
    pub refresh_token_rejections: u64,
    /// Grant codes refused because of the per-client grant limit.
    pub grant_rejections: u64,
    /// Refresh tokens successfully revoked.
    pub revocations: u64,
    /// Requests received under `/crm/`, whatever their outcome (faults included).
    pub crm_requests: u64,
    /// CRM answers of 401 `INVALID_TOKEN` (unknown, revoked or expired access token).
    pub invalid_token_responses: u64,
    /// Grant codes handed out (admin API, `issue_grant`, consent page).
    pub grants_issued: u64,
    /// Requests to `/oauth/user/info`.
    pub user_info_requests: u64,
    /// Requests that were answered by an injected fault.
    pub faults_injected: u64,
    /// The most CRM requests ever in flight at once (from arrival to answer).
    pub max_concurrent_crm_requests: u64,
    /// CRM requests answered 429 `TOO_MANY_REQUESTS` for `Options::concurrency_limit`.
    pub concurrency_rejections: u64,
}
