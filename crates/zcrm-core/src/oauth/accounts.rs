//! Talking to Zoho Accounts: the token endpoint (grant exchange, refresh), revoke, and the
//! user-info lookup that tells whose tokens these are.
//!
//! Parameters travel in a form-encoded body, never in the URL: a client secret or a refresh
//! token in a query string ends up in proxy and server logs.
//!
//! The HTTP status and Zoho's error code are read apart: Zoho reports refused token requests
//! as HTTP 200 with `{"error": ...}` (an OAuth error), while a 5xx is an outage (a server
//! error) and a 429 a rate limit, whatever the body says. A refresh may be sent again after a
//! 5xx or a dropped connection (at worst it mints one more token); a grant exchange never is,
//! since the server may have consumed the one-use grant.

use serde_json::Value;

use super::cooldown::{refresh_limited, REFRESH_WINDOW_MS};
use crate::api::Method;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::journal::Exchange;
use crate::journal::Journal;
use crate::tokens::now_ms;
use crate::transport::{Backoff, Incoming, Outgoing, OutgoingBody, Transport};

/// Zoho's answer (HTTP 200) to a refresh beyond its limit of 10 access tokens per refresh
/// token per 10 minutes.
const ACCESS_DENIED: &str = "Access Denied";

/// The OAuth error code for a user-info lookup that gave no email.
pub const USER_INFO_UNAVAILABLE: &str = "user_info_unavailable";

/// What a revocation found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revoked {
    Now,
    /// Zoho answered 400: it does not know the token (already revoked, or never valid).
    AlreadyInvalid,
}

/// What the token endpoint granted.
#[derive(Clone, Default, PartialEq)]
pub struct Grant {
    pub access_token: String,
    pub refresh_token: Option<String>,
    /// Epoch milliseconds.
    pub expiry_time: i64,
    pub api_domain: Option<String>,
}

pub struct Accounts<'a> {
    pub config: &'a Config,
    pub transport: &'a Transport,
    pub journal: &'a Journal,
    /// The accounts server spoken to: the configured `accounts_url`, or the server that
    /// issued a user's tokens (see [`Accounts::at`]).
    pub server: &'a str,
}

impl<'a> Accounts<'a> {
    /// The accounts server configured as `accounts_url`.
    pub fn new(config: &'a Config, transport: &'a Transport, journal: &'a Journal) -> Self {
        Accounts {
            config,
            transport,
            journal,
            server: &config.accounts_url,
        }
    }

    /// The same, speaking to `server` when given: tokens must be refreshed and revoked at
    /// the accounts server that issued them.
    pub fn at<'b>(&'b self, server: Option<&'b str>) -> Accounts<'b> {
        Accounts {
            server: server.unwrap_or(self.server),
            ..*self
        }
    }

    pub async fn exchange_grant(&self, grant_token: &str) -> Result<Grant> {
        self.token_request(
            "authorization_code",
            vec![("code", grant_token)],
            Purpose::Grant,
        )
        .await
    }

    pub async fn refresh(&self, refresh_token: &str) -> Result<Grant> {
        self.token_request(
            "refresh_token",
            vec![("refresh_token", refresh_token)],
            Purpose::Refresh,
        )
        .await
    }

    /// Revokes a refresh token (and its access tokens). A 400 is Zoho's answer for a token it
    /// does not know (already revoked, or never valid): nothing is left to revoke.
    pub async fn revoke(&self, refresh_token: &str) -> Result<Revoked> {
        let url = format!("{}/oauth/v2/token/revoke", self.server);
        let answer = self
            .post_form(
                Exchange::Revoke,
                &url,
                vec![("token".into(), refresh_token.into())],
            )
            .await?;
        let json = answer.json(&url).ok();
        let succeeded = json
            .as_ref()
            .and_then(|j| j.get("status"))
            .and_then(Value::as_str)
            == Some("success");
        match answer.status {
            200 if succeeded => return Ok(Revoked::Now),
            400 => return Ok(Revoked::AlreadyInvalid),
            _ => {}
        }
        let code = json
            .as_ref()
            .and_then(|j| j.get("error").and_then(Value::as_str))
            .unwrap_or("revoke_failed")
            .to_string();
        Err(Error::OAuth {
            code,
            message: format!(
                "Zoho did not revoke the refresh token (HTTP {}); the tokens are kept",
                answer.status
            ),
        })
    }

    /// The email of the user an access token belongs to (`Email` of `/oauth/user/info`).
    pub async fn user_email(&self, access_token: &str) -> Result<String> {
        self.lookup_email(access_token)
            .await?
            .map_err(|problem| Error::OAuth {
                code: USER_INFO_UNAVAILABLE.into(),
                message: format!(
                    "could not read the user's email: {problem}. Make sure the scope \
                 AaaServer.profile.Read is included when you generate the grant token"
                ),
            })
    }

    /// Like `user_email`, with `Err(problem)` (a phrase saying what Zoho answered) when the
    /// answer holds no email; only a failed exchange is an error.
    pub async fn lookup_email(&self, access_token: &str) -> Result<Result<String, String>> {
        let url = format!("{}/oauth/user/info", self.server);
        let request = Outgoing {
            exchange: Exchange::UserInfo,
            method: Method::Get,
            url: url.clone(),
            query: Vec::new(),
            headers: Vec::new(),
            authorization: Some(format!("Zoho-oauthtoken {access_token}")),
            body: OutgoingBody::None,
            read_only: true,
        };
        let answer = self.transport.send(&request, self.journal).await?;
        let json = answer.json(&url).ok();
        let email = json
            .as_ref()
            .filter(|_| answer.status == 200)
            .and_then(|json| json.get("Email"))
            .and_then(Value::as_str)
            .filter(|email| !email.is_empty());
        Ok(match email {
            Some(email) => Ok(email.to_string()),
            None => Err(format!(
                "{url} answered {}",
                user_info_problem(answer.status, json.as_ref())
            )),
        })
    }

    async fn token_request(
        &self,
        grant_type: &str,
        extra: Vec<(&str, &str)>,
        purpose: Purpose,
    ) -> Result<Grant> {
        let url = format!("{}/oauth/v2/token", self.server);
        let mut form: Vec<(String, String)> = vec![
            ("grant_type".into(), grant_type.into()),
            ("client_id".into(), self.config.client_id.clone()),
            ("client_secret".into(), self.config.client_secret.clone()),
            ("redirect_uri".into(), self.config.redirect_uri.clone()),
        ];
        form.extend(
            extra
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string())),
        );
        let answer = match purpose {
            Purpose::Grant => self.post_form(Exchange::Token, &url, form).await?,
            Purpose::Refresh => self.post_form_resending(&url, form).await?,
        };
        if let Some(error) = http_failure(&url, &answer, purpose) {
            return Err(error);
        }
        let json = answer.json(&url)?;
        grant_from_json(&json, purpose)
    }

    /// Like `post_form`, for a request that may be sent again: after a 5xx or a dropped
    /// connection, with the backoff (and `Retry-After`) the transport uses for idempotent
    /// requests. The transport itself has already retried 429s.
    async fn post_form_resending(
        &self,
        url: &str,
        form: Vec<(String, String)>,
    ) -> Result<Incoming> {
        let mut backoff = Backoff::new(self.config.max_retries);
        loop {
            let result = self.post_form(Exchange::Token, url, form.clone()).await;
            match backoff.resend_delay(&result, self.config.max_retry_wait) {
                Some(delay) => {
                    tokio::time::sleep(delay).await;
                    backoff.next();
                }
                None => return result,
            }
        }
    }

    async fn post_form(
        &self,
        exchange: Exchange,
        url: &str,
        form: Vec<(String, String)>,
    ) -> Result<Incoming> {
        let request = Outgoing {
            exchange,
            method: Method::Post,
            url: url.to_string(),
            query: Vec::new(),
            headers: Vec::new(),
            authorization: None,
            body: OutgoingBody::Form(form),
            // A grant code is single-use and a refresh is resent by its own rules
            // (`post_form_resending`), never by the transport.
            read_only: false,
        };
        self.transport.send(&request, self.journal).await
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Purpose {
    Grant,
    Refresh,
}

/// A token answer whose HTTP status says more than its body: 429 (rate limited) and 5xx
/// (Zoho failed), as the CRM's own errors; `None` for anything else, whose body is read.
fn http_failure(url: &str, answer: &Incoming, purpose: Purpose) -> Option<Error> {
    let status = answer.status;
    if status != 429 && status < 500 {
        return None;
    }
    let json = answer.json(url).ok();
    let code = json
        .as_ref()
        .and_then(|j| j.get("error").or_else(|| j.get("code")))
        .and_then(Value::as_str)
        .unwrap_or(if status == 429 {
            "TOO_MANY_REQUESTS"
        } else {
            "SERVER_ERROR"
        });
    let mut message = if status == 429 {
        format!("Zoho Accounts is rate limiting token requests (HTTP {status}); try again later")
    } else {
        format!(
            "Zoho Accounts failed to answer the token request (HTTP {status}): an outage on \
             Zoho's side, not a problem with your credentials; try again later"
        )
    };
    if purpose == Purpose::Grant && status != 429 {
        message.push_str(
            ". The grant token may have been used up: if the next try says invalid_code, \
             generate a new grant token",
        );
    }
    Some(Error::Api {
        status,
        code: code.to_string(),
        message,
        details: "{}".into(),
        url: url.to_string(),
        retry_after: answer.retry_after(),
    })
}

/// Reads a token answer. Zoho reports errors as HTTP 200 with `{"error": "..."}`, so success
/// is the presence of `access_token`.
fn grant_from_json(json: &Value, purpose: Purpose) -> Result<Grant> {
    let access_token = json
        .get("access_token")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty());
    let Some(access_token) = access_token else {
        let code = json
            .get("error")
            .and_then(Value::as_str)
            .unwrap_or("no_access_token");
        let description = json.get("error_description").and_then(Value::as_str);
        if code == ACCESS_DENIED && purpose == Purpose::Refresh {
            return Err(refresh_limited(REFRESH_WINDOW_MS, description));
        }
        return Err(Error::OAuth {
            code: code.to_string(),
            message: explain(code, description, purpose),
        });
    };
    Ok(Grant {
        access_token: access_token.to_string(),
        refresh_token: json
            .get("refresh_token")
            .and_then(Value::as_str)
            .map(str::to_string),
        expiry_time: now_ms().saturating_add(lifetime_ms(json)),
        api_domain: json
            .get("api_domain")
            .and_then(Value::as_str)
            .map(str::to_string),
    })
}

/// Why a user-info answer gave no email. Zoho answers a token without the
/// AaaServer.profile.Read scope with HTTP 200 `{"status_code":405}` (a raw capture:
/// https://github.com/zoho/zcrm-php-sdk/issues/5).
fn user_info_problem(status: u16, json: Option<&Value>) -> String {
    let zoho_status = json
        .and_then(|j| j.get("status_code"))
        .and_then(Value::as_i64);
    match (status, zoho_status) {
        (200, Some(405)) => {
            "status_code 405 (the grant lacks the scope AaaServer.profile.Read)".to_string()
        }
        (200, Some(code)) => format!("status_code {code} and no Email"),
        (200, None) => "without an Email".to_string(),
        (status, _) if status >= 500 => format!("HTTP {status} (Zoho Accounts failed)"),
        (status, _) => format!("HTTP {status}"),
    }
}

/// Older Zoho servers sent `expires_in` in milliseconds next to `expires_in_sec`; newer ones
/// send seconds only. 1.0.x's rule: milliseconds exactly when `expires_in_sec` is present.
fn lifetime_ms(json: &Value) -> i64 {
    let number = |key: &str| {
        json.get(key)
            .and_then(|v| v.as_i64().or_else(|| v.as_str()?.parse().ok()))
    };
    match (json.get("expires_in_sec").is_some(), number("expires_in")) {
        (true, Some(ms)) => ms,
        (false, Some(secs)) => secs.saturating_mul(1000),
        (_, None) => number("expires_in_sec")
            .unwrap_or(3600)
            .saturating_mul(1000),
    }
}

fn explain(code: &str, description: Option<&str>, purpose: Purpose) -> String {
    let advice = match (code, purpose) {
        ("invalid_code", Purpose::Grant) => {
            "the grant token is invalid, expired or already used. A grant token works once and only \
             for a few minutes: generate a new one and call generate_access_token again"
        }
        ("invalid_code", Purpose::Refresh) => {
            "the refresh token was rejected (revoked, or issued to another client or data centre). \
             Generate a new grant token and call generate_access_token"
        }
        ("invalid_client", _) => {
            "Zoho does not know this client_id in this data centre: check client_id, and set \
             accounts_url to your data centre (e.g. https://accounts.zoho.eu)"
        }
        ("invalid_client_secret", _) => {
            "client_secret does not match client_id: copy both again from https://api-console.zoho.com"
        }
        ("invalid_redirect_uri", _) => "redirect_uri differs from the one registered for this client",
        // A refresh's "Access Denied" is a RefreshLimited error; only a grant exchange's gets here.
        ("Access Denied", _) => {
            "Zoho refuses to mint more refresh tokens for this user and client for now (it allows \
             10 per 10 minutes). Retrying this grant token later may work or \
             not (it may be used up, and it expires within minutes): in a few minutes, generate \
             a new grant token and call generate_access_token again. If this recurs, look for \
             code that exchanges grant tokens repeatedly instead of keeping the refresh token"
        }
        _ => "Zoho Accounts refused the token request",
    };
    match description {
        Some(description) => format!("{advice} (Zoho says: {description})"),
        None => advice.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn expiry_is_seconds_unless_expires_in_sec_is_present() {
        assert_eq!(lifetime_ms(&json!({"expires_in": 3600})), 3_600_000);
        assert_eq!(
            lifetime_ms(&json!({"expires_in": 3_600_000, "expires_in_sec": 3600})),
            3_600_000
        );
        assert_eq!(lifetime_ms(&json!({})), 3_600_000);
    }

    #[test]
    fn an_error_body_becomes_an_oauth_error_with_advice() {
        let Err(Error::OAuth { code, message }) =
            grant_from_json(&json!({"error": "invalid_code"}), Purpose::Grant)
        else {
            panic!("expected an OAuth error")
        };
        assert_eq!(code, "invalid_code");
        assert!(message.contains("generate a new one"));
    }

    #[test]
    fn user_info_without_the_profile_scope_is_named() {
        let problem = user_info_problem(200, Some(&json!({"status_code": 405})));
        assert!(problem.contains("AaaServer.profile.Read"), "{problem}");
        assert_eq!(
            user_info_problem(503, None),
            "HTTP 503 (Zoho Accounts failed)"
        );
    }

    fn incoming(status: u16, body: &str) -> Incoming {
        Incoming {
            status,
            headers: [("retry-after", "7")].into_iter().collect(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn outages_and_rate_limits_are_read_from_the_status_not_the_body() {
        let Some(Error::Api {
            status,
            retry_after,
            ..
        }) = http_failure("u", &incoming(503, "<html>down</html>"), Purpose::Refresh)
        else {
            panic!("expected a server error")
        };
        assert_eq!((status, retry_after), (503, Some(7.0)));
        let Some(Error::Api { status, code, .. }) = http_failure(
            "u",
            &incoming(429, r#"{"error":"too_many"}"#),
            Purpose::Grant,
        ) else {
            panic!("expected a rate-limit error")
        };
        assert_eq!((status, code.as_str()), (429, "too_many"));
        assert!(http_failure("u", &incoming(200, "{}"), Purpose::Grant).is_none());
        assert!(http_failure("u", &incoming(400, "{}"), Purpose::Grant).is_none());
    }

    #[test]
    fn a_token_answer_becomes_a_grant() {
        let grant = grant_from_json(
            &json!({"access_token": "a", "refresh_token": "r", "expires_in": 3600, "api_domain": "https://www.zohoapis.eu"}),
            Purpose::Grant,
        )
        .unwrap();
        assert_eq!(grant.refresh_token.as_deref(), Some("r"));
        assert_eq!(grant.api_domain.as_deref(), Some("https://www.zohoapis.eu"));
        assert!(grant.expiry_time > now_ms() + 3_500_000);
    }
}
