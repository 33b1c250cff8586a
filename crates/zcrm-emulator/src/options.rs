/// How an [`Emulator`](crate::Emulator) behaves. `Options::default()` mirrors Zoho's own limits.
#[derive(Clone)]
pub struct Options {
    /// Serve HTTPS with a freshly generated certificate for 127.0.0.1 and localhost. The legacy
    /// gem forces TLS on every URL, so this is the default.
    pub tls: bool,
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    pub client_id: String,
    pub client_secret: String,
    /// The name the consent page shows for the client (Zoho shows the API console's name).
    pub client_name: String,
    /// The redirect URI registered for the client: the consent page refuses any other, and
    /// its codes are exchanged only with it. The default is the one the gem's docs and tests
    /// configure.
    pub redirect_uri: String,
    /// Whose grants `issue_grant(None)` and `/_emulator/grants` hand out; also the org's admin.
    pub user_email: String,
    pub access_token_ttl_secs: u64,
    /// Successful refreshes allowed per refresh token within `refresh_window_secs`.
    pub refresh_limit: u32,
    /// Grant codes the client may get within `refresh_window_secs` (Zoho: 10 in 10 minutes
    /// per client ID), whether from the admin API, `issue_grant` or the consent page.
    pub grant_limit: u32,
    /// Grant exchanges (new refresh tokens) allowed per user within `refresh_window_secs`
    /// (Zoho: 10 per user per client in 10 minutes).
    pub refresh_token_limit: u32,
    /// The window of all three limits: Zoho's is ten minutes.
    pub refresh_window_secs: u64,
    /// Realistic records created at start in each of Leads, Contacts, Accounts and Deals
    /// (deterministic: the same options always give the same data).
    pub seed_records: usize,
    /// `Module.Field` names whose values must be unique (`"Leads.Email"`): a write that
    /// repeats one gets Zoho's per-record `DUPLICATE_DATA`. Zoho has none by default.
    pub unique_fields: Vec<String>,
    /// The status of a batch write where some records failed and some did not. Zoho's later
    /// versions document 207; the legacy gem only reads bodies on 200/201/202, so 202 suits it.
    pub partial_success_status: u16,
    /// The largest file one attachment or photo upload may carry. Zoho's v2 upload page says
    /// "Maximum allowed file size: 100 MB"; tests lower it to try the boundary cheaply.
    pub max_attachment_bytes: usize,
    /// How many records of a module's list `page` can reach (2,000, observed on v2; see
    /// `crm::page_token`). `None` lifts the cap: for benchmarks that walk big modules the
    /// 1.0.x way, which real Zoho no longer allows.
    pub page_limit: Option<usize>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            tls: true,
            port: 0,
            client_id: "emulator-client-id".to_string(),
            client_secret: "emulator-client-secret".to_string(),
            client_name: "ZCRMSDK Emulator App".to_string(),
            redirect_uri: "https://www.zoho.com".to_string(),
            user_email: "demo@example.com".to_string(),
            access_token_ttl_secs: 3600,
            refresh_limit: 10,
            grant_limit: 10,
            refresh_token_limit: 10,
            refresh_window_secs: 600,
            seed_records: 0,
            unique_fields: Vec::new(),
            partial_success_status: 207,
            // "MB" read as 10^6 bytes: the smaller of the two readings.
            max_attachment_bytes: 100 * 1000 * 1000,
            page_limit: Some(2000),
        }
    }
}

/// Debug output ends up in logs; the secret stays out of it.
impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("tls", &self.tls)
            .field("port", &self.port)
            .field("client_id", &self.client_id)
            .field("client_secret", &"[FILTERED]")
            .field("client_name", &self.client_name)
            .field("redirect_uri", &self.redirect_uri)
            .field("user_email", &self.user_email)
            .field("access_token_ttl_secs", &self.access_token_ttl_secs)
            .field("refresh_limit", &self.refresh_limit)
            .field("grant_limit", &self.grant_limit)
            .field("refresh_token_limit", &self.refresh_token_limit)
            .field("refresh_window_secs", &self.refresh_window_secs)
            .field("seed_records", &self.seed_records)
            .field("unique_fields", &self.unique_fields)
            .field("partial_success_status", &self.partial_success_status)
            .field("max_attachment_bytes", &self.max_attachment_bytes)
            .field("page_limit", &self.page_limit)
            .finish()
    }
}
