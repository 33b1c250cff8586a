//! The client: configuration + transport + token store + token manager.
//!
//! A `Client` belongs to one process. Its connection pool and any database pool are tied to
//! the tokio runtime that used them, so after `fork` the caller builds a new `Client` (the
//! Ruby binding does this by process id). The store stays the source of truth across both.

use std::sync::Arc;

use serde_json::Value;

use crate::api::page_layout::PageLayout;
use crate::api::{self, envelope, Body, RequestSpec, ResponseKind, Root};
use crate::config::{self, Config};
use crate::error::{Error, Result};
use crate::journal::{Exchange, Journal};
use crate::metadata_cache::{MetadataCache, Outcome};
use crate::oauth::{tokens_from, Accounts, Grant, TokenManager, USER_INFO_UNAVAILABLE};
use crate::store::{self, TokenStore};
use crate::tokens::Tokens;
use crate::transport::Headers;
use crate::transport::{Outgoing, OutgoingBody, Sink, Transport};

/// A CRM answer that is not an error.
#[derive(Debug, Clone)]
pub struct ApiResponse {
    pub status: u16,
    /// Lower-case names, in arrival order.
    pub headers: Headers,
    pub body: Vec<u8>,
    /// The request URL without its query string.
    pub url: String,
    pub api_key: String,
    pub kind: ResponseKind,
    /// Where the records are, when the body is a list of objects under `api_key`.
    pub page: Option<PageLayout>,
}

pub struct Client {
    config: Arc<Config>,
    transport: Transport,
    store: Arc<dyn TokenStore>,
    tokens: TokenManager,
    metadata: MetadataCache,
}

impl Client {
    /// Builds a client with the store its configuration names. `Persistence::Custom` needs a
    /// store from the caller: use [`Client::with_store`].
    pub fn new(config: Arc<Config>) -> Result<Client> {
        let store = store::open(&config.persistence)?;
        Self::with_store(config, store)
    }

    pub fn with_store(config: Arc<Config>, store: Arc<dyn TokenStore>) -> Result<Client> {
        let fleet_slots = match config.fleet_max_concurrent_requests {
            0 => None,
            _ => store.request_slots()?,
        };
        let transport = Transport::new(&config, fleet_slots)?;
        Ok(Client {
            metadata: MetadataCache::new(config.metadata_cache_ttl),
            config,
            transport,
            store,
            tokens: TokenManager::new(),
        })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn store(&self) -> &dyn TokenStore {
        self.store.as_ref()
    }

    fn accounts<'a>(&'a self, journal: &'a Journal) -> Accounts<'a> {
        Accounts::new(&self.config, &self.transport, journal)
    }

    /// Exchanges a grant token at the configured `accounts_url`, learns whose it is, and
    /// stores the tokens under that email.
    pub async fn generate_access_token(
        &self,
        grant_token: &str,
        journal: &Journal,
    ) -> Result<Tokens> {
        self.generate_access_token_from(grant_token, None, journal)
            .await
    }

    /// The same, for a grant that came from `accounts_server`: the `accounts-server`
    /// parameter of Zoho's redirect, in a multi-DC web app whose users belong to other data
    /// centres. The grant is exchanged there, and the tokens remember it, so that they are
    /// refreshed and revoked there too.
    pub async fn generate_access_token_from(
        &self,
        grant_token: &str,
        accounts_server: Option<&str>,
        journal: &Journal,
    ) -> Result<Tokens> {
        let grant_token = grant_token.trim();
        if grant_token.is_empty() {
            return Err(Error::OAuth {
                code: "grant_token_missing".into(),
                message: "Grant token not provided! Generate one in https://api-console.zoho.com and pass it to generate_access_token".into(),
            });
        }
        let issuer = match accounts_server.filter(|s| !s.trim().is_empty()) {
            Some(server) => self.config.grant_accounts_server(server)?,
            None => None,
        };
        let configured = self.accounts(journal);
        let accounts = configured.at(issuer.as_deref());
        let grant = accounts.exchange_grant(grant_token).await?;
        let lookup = match accounts.lookup_email(&grant.access_token).await {
            Ok(lookup) => lookup,
            Err(failed) => Err(failed.to_string()),
        };
        let email = match lookup {
            Ok(email) => email,
            Err(problem) => match self.configured_user() {
                // The email is only needed as the store key, and the configuration names it.
                Some(email) => email,
                None => return Err(abandon_grant(&accounts, &grant, problem).await),
            },
        };
        let tokens = tokens_from(grant, &email, issuer);
        self.tokens.adopt(self.store.as_ref(), tokens).await
    }

    fn configured_user(&self) -> Option<String> {
        let email = self.config.current_user_email.as_deref()?.trim();
        (!email.is_empty()).then(|| email.to_string())
    }

    /// Refreshes with the given refresh token and stores the result for `user`.
    pub async fn refresh_access_token(
        &self,
        refresh_token: &str,
        user: &str,
        journal: &Journal,
    ) -> Result<Tokens> {
        if refresh_token.trim().is_empty() {
            return Err(Error::OAuth {
                code: "refresh_token_missing".into(),
                message: "Refresh token not provided!".into(),
            });
        }
        let user = required_user(user)?;
        self.tokens
            .refresh_with(
                &self.accounts(journal),
                self.store.as_ref(),
                user,
                refresh_token,
            )
            .await
    }

    /// Fresh tokens for `user` (cache, then store, then one refresh).
    pub async fn access_token(&self, user: &str, journal: &Journal) -> Result<Tokens> {
        let user = required_user(user)?;
        self.tokens
            .access_token(&self.accounts(journal), self.store.as_ref(), user)
            .await
    }

    /// Fresh tokens for `user` if this process already holds them: no I/O, so callers may
    /// use it without leaving their thread's context (the Ruby binding skips releasing the
    /// GVL for it).
    pub fn cached_access_token(&self, user: &str) -> Option<Tokens> {
        self.tokens
            .cached_fresh(user.trim(), self.config.refresh_margin_ms)
    }

    /// The email of the user an access token belongs to (Zoho's `/oauth/user/info`).
    pub async fn user_email(&self, access_token: &str, journal: &Journal) -> Result<String> {
        self.accounts(journal).user_email(access_token).await
    }

    /// Revokes the user's refresh token at Zoho and deletes their tokens from the store. When
    /// Zoho no longer knows the token (HTTP 400: already revoked, or never valid) the local
    /// tokens are deleted all the same, so that a user can clean up; any other failure keeps
    /// them, since the token may still be live at Zoho.
    pub async fn revoke(&self, user: &str, journal: &Journal) -> Result<()> {
        let user = required_user(user)?;
        let stored = self.store.load(user).await?;
        if let Some(stored) = stored {
            if let Some(refresh_token) = &stored.refresh_token {
                let accounts = self.accounts(journal);
                let issuer = accounts.at(stored.accounts_server.as_deref());
                // Revoked::AlreadyInvalid leaves nothing to revoke: fall through to the delete.
                issuer.revoke(refresh_token).await?;
            }
        }
        self.tokens.forget(user);
        self.store.delete(user).await
    }

    /// Runs the named API operation for `user` (see [`api::build`]).
    pub async fn call(
        &self,
        user: &str,
        operation: &str,
        args: &Value,
        journal: &Journal,
    ) -> Result<ApiResponse> {
        self.call_reporting(user, operation, args, journal)
            .await
            .map(|(response, _)| response)
    }

    /// [`call`](Self::call), saying what the metadata cache did for it (`None`: not a read it
    /// covers; see [`crate::metadata_cache`]). A cache hit sends nothing, so it journals
    /// nothing.
    pub async fn call_reporting(
        &self,
        user: &str,
        operation: &str,
        args: &Value,
        journal: &Journal,
    ) -> Result<(ApiResponse, Option<Outcome>)> {
        let spec = api::build(operation, args)?;
        if !self.metadata.covers(&spec) {
            return Ok((self.send(user, &spec, journal).await?, None));
        }
        let user = required_user(user)?;
        let (response, outcome) = self
            .metadata
            .read(user, &spec, |since| async {
                let spec = MetadataCache::conditional(&spec, since);
                self.send(user, &spec, journal).await
            })
            .await?;
        Ok((response, Some(outcome)))
    }

    /// Forgets every cached metadata answer (for a change made in Zoho's setup that must be
    /// seen before the TTL is over).
    pub fn clear_metadata_cache(&self) {
        self.metadata.clear();
    }

    /// Ages the cached metadata answers by `by`, as if that time had passed (test suites).
    pub fn advance_metadata_cache_clock(&self, by: std::time::Duration) {
        self.metadata.advance_clock(by);
    }

    /// Runs a download operation (`attachments.download`, `photos.download`), writing the
    /// file to `sink` as it arrives; the returned response has an empty body.
    pub async fn download(
        &self,
        user: &str,
        operation: &str,
        args: &Value,
        sink: &mut (dyn Sink + 'static),
        journal: &Journal,
    ) -> Result<ApiResponse> {
        let spec = api::build(operation, args)?;
        if spec.kind != ResponseKind::File {
            return Err(Error::invalid_argument(
                "NOT A DOWNLOAD",
                format!("{operation} does not answer with a file, so it cannot be streamed"),
            ));
        }
        self.send_streaming(user, &spec, Some(sink), journal).await
    }

    /// Sends a request as `user`. An INVALID_TOKEN answer gets a newer token (from the cache,
    /// the store, or one refresh) and a retry; a freshly refreshed token that Zoho rejects is
    /// an authentication error (see [`TokenManager`] for the policy).
    pub async fn send(
        &self,
        user: &str,
        spec: &RequestSpec,
        journal: &Journal,
    ) -> Result<ApiResponse> {
        self.send_streaming(user, spec, None, journal).await
    }

    async fn send_streaming(
        &self,
        user: &str,
        spec: &RequestSpec,
        mut sink: Option<&mut (dyn Sink + 'static)>,
        journal: &Journal,
    ) -> Result<ApiResponse> {
        let user = required_user(user)?;
        let accounts = self.accounts(journal);
        let store = self.store.as_ref();
        let mut tokens = self.tokens.access_token(&accounts, store, user).await?;
        let mut tries = 1;
        let (url, answer) = loop {
            let (url, answer) = self
                .send_with(&tokens, spec, sink.as_deref_mut(), journal)
                .await?;
            if !envelope::is_invalid_token(&answer) {
                self.tokens.accepted(user, &tokens.access_token);
                break (url, answer);
            }
            if tries == MAX_TOKEN_TRIES {
                break (url, answer);
            }
            tries += 1;
            match self
                .tokens
                .replace_rejected(&accounts, store, user, &tokens)
                .await?
            {
                Some(newer) => tokens = newer,
                None => return Err(fresh_token_rejected(url)),
            }
        };
        let page = envelope::check(spec, &url, &answer)?;
        Ok(ApiResponse {
            status: answer.status,
            headers: answer.headers,
            body: answer.body,
            url,
            api_key: spec.api_key.clone(),
            kind: spec.kind,
            page,
        })
    }

    async fn send_with(
        &self,
        tokens: &Tokens,
        spec: &RequestSpec,
        sink: Option<&mut (dyn Sink + 'static)>,
        journal: &Journal,
    ) -> Result<(String, crate::transport::Incoming)> {
        let origin = self.config.api_origin(
            tokens.api_domain.as_deref(),
            tokens.accounts_server.is_some(),
        );
        let url = request_url(&self.config, &origin, spec)?;
        let request = Outgoing {
            exchange: Exchange::Api,
            method: spec.method,
            url: url.clone(),
            query: spec.query.clone(),
            headers: spec.headers.clone(),
            authorization: Some(format!("Zoho-oauthtoken {}", tokens.access_token)),
            body: outgoing_body(&spec.body),
            read_only: spec.read_only,
        };
        let answer = self.transport.send_to(&request, journal, sink).await?;
        Ok((url, answer))
    }
}

/// A grant exchanged for tokens whose owner cannot be learnt: without an email there is no
/// key to file them under. The one-use grant is spent and the new refresh token counts toward
/// Zoho's 20 per user, so it is revoked (best effort), and the error says what to do.
async fn abandon_grant(accounts: &Accounts<'_>, grant: &Grant, problem: String) -> Error {
    let revoked = match &grant.refresh_token {
        None => "Zoho issued no refresh token for it",
        Some(refresh_token) => match accounts.revoke(refresh_token).await {
            Ok(_) => "The refresh token Zoho issued for it has been revoked",
            Err(_) => {
                "Revoking the refresh token Zoho issued for it failed too: it stays valid at \
                 Zoho (remove it under Connected Apps in the user's Zoho account)"
            }
        },
    };
    Error::OAuth {
        code: USER_INFO_UNAVAILABLE.into(),
        message: format!(
            "the grant token was exchanged for tokens, but whose they are could not be learnt: \
             {problem}. Tokens are filed under the user's email, so these cannot be kept. \
             {revoked}, and the grant token is used up. Add the scope AaaServer.profile.Read \
             when you generate the grant token, or set current_user_email in the \
             configuration; then generate a new grant token and call generate_access_token \
             again"
        ),
    }
}

/// Sends per call at most: the first token, a newer one found in the cache or the store, and
/// one refreshed for the call. A refreshed token is never refreshed over, so this bounds only
/// the (unlikely) case of the store changing under every try.
const MAX_TOKEN_TRIES: u32 = 3;

/// Zoho rejected a token this process had just refreshed: the cause is not the token.
fn fresh_token_rejected(url: String) -> Error {
    Error::Api {
        status: 401,
        code: "INVALID_TOKEN".into(),
        message: "Zoho rejected an access token that was freshly refreshed, so it is not \
                  refreshed again (each refresh counts toward Zoho's limit of 10 access tokens \
                  per refresh token per 10 minutes; calls meeting this token fail the same way \
                  until it expires). This usually means api_base_url is in another data centre \
                  than accounts_url (tokens from accounts.zoho.eu work only with \
                  www.zohoapis.eu, and so on), or the grant was generated without the scope \
                  this API needs. Fix the configuration, or generate a new grant token."
            .into(),
        details: "{}".into(),
        url,
        retry_after: None,
    }
}

/// The URL of `spec` for a user whose API host is `origin` (see [`Root`]).
fn request_url(config: &Config, origin: &str, spec: &RequestSpec) -> Result<String> {
    let version = &config.api_version;
    Ok(match spec.root {
        Root::Crm => format!("{origin}/crm/{version}/{}", spec.path),
        Root::Bulk => format!("{origin}/crm/bulk/{version}/{}", spec.path),
        Root::Content => format!(
            "{}/crm/{version}/{}",
            config::content_origin(origin),
            spec.path
        ),
        Root::Absolute => trusted_absolute(origin, &spec.path)?,
    })
}

/// A URL from an answer gets the access token only when it is on a Zoho host (Zoho serves
/// bulk results from `download-accl.zoho.com` and the like) or on the API's own origin (the
/// emulator, a proxy): a tampered answer must not send the token elsewhere.
fn trusted_absolute(origin: &str, raw: &str) -> Result<String> {
    let refuse = |why: &str| {
        Error::invalid_argument(
            "UNTRUSTED URL",
            format!("{raw} was not requested: {why}; the access token goes only to Zoho's hosts or to {origin}"),
        )
    };
    let url = url::Url::parse(raw).map_err(|_| refuse("it is not a URL"))?;
    let same_origin = url::Url::parse(origin).is_ok_and(|api| api.origin() == url.origin());
    if same_origin {
        return Ok(url.to_string());
    }
    let host = url.host_str().unwrap_or_default();
    if url.scheme() == "https" && is_zoho_host(host) {
        return Ok(url.to_string());
    }
    Err(refuse(
        "it is neither on a Zoho host over https nor on the API's origin",
    ))
}

/// `download-accl.zoho.com`, `content.zohoapis.eu`, `files.zoho.sa`, `upload.zohocloud.ca`.
fn is_zoho_host(host: &str) -> bool {
    const DOMAINS: [&str; 3] = ["zoho", "zohoapis", "zohocloud"];
    const TLDS: [&str; 10] = [
        "com", "eu", "in", "com.au", "jp", "com.cn", "ca", "sa", "uk", "ae",
    ];
    let host = host.to_ascii_lowercase();
    DOMAINS.iter().any(|domain| {
        TLDS.iter()
            .any(|tld| host.ends_with(&format!(".{domain}.{tld}")))
    })
}

fn outgoing_body(body: &Body) -> OutgoingBody {
    match body {
        Body::None => OutgoingBody::None,
        Body::Json(json) => OutgoingBody::Json(json.to_string().into_bytes()),
        Body::UploadFile { path } => OutgoingBody::UploadFile { path: path.clone() },
        Body::UploadLink { url } => OutgoingBody::UploadLink { url: url.clone() },
    }
}

fn required_user(user: &str) -> Result<&str> {
    let user = user.trim();
    if user.is_empty() {
        return Err(Error::invalid_argument(
            "CURRENT USER NOT SET",
            "no current user: set 'current_user_email' in the configuration or \
             ZCRMSDK::RestClient::ZCRMRestClient.current_user_email = 'user@example.com'",
        ));
    }
    Ok(user)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_urls_get_the_token_only_on_zoho_or_the_api_origin() {
        let origin = "https://www.zohoapis.com";
        let zoho = "https://download-accl.zoho.com/v2/crm/1/bulk-write/2/2.zip";
        assert_eq!(trusted_absolute(origin, zoho).unwrap(), zoho);
        let local = "http://127.0.0.1:9/v2/crm/1/bulk-write/2/2.zip";
        assert_eq!(
            trusted_absolute("http://127.0.0.1:9", local).unwrap(),
            local
        );
        for bad in [
            "https://evil.example.com/x.zip",
            "https://zoho.com.evil.example/x.zip",
            "http://download-accl.zoho.com/x.zip",
            "http://127.0.0.1:10/x.zip",
        ] {
            let error = trusted_absolute("http://127.0.0.1:9", bad).unwrap_err();
            assert!(error.to_string().contains("was not requested"), "{bad}");
        }
    }
}
