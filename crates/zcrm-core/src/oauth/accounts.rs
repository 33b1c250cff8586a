//! Talking to Zoho Accounts: the token endpoint (grant exchange, refresh), revoke, and the
//! user-info lookup that tells whose tokens these are.
//!
//! Parameters travel in a form-encoded body, never in the URL: a client secret or a refresh
//! token in a query string ends up in proxy and server logs.

use serde_json::Value;

use super::cooldown::{refresh_limited, REFRESH_WINDOW_MS};
use crate::api::Method;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::journal::Journal;
use crate::tokens::now_ms;
use crate::transport::{Incoming, Outgoing, OutgoingBody, Transport};

/// Zoho's answer (HTTP 200) to a refresh beyond its limit of 10 access tokens per refresh
/// token per 10 minutes.
const ACCESS_DENIED: &str = "Access Denied";

/// What the token endpoint granted.
#[derive(Clone, PartialEq)]
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
}

impl Accounts<'_> {
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

    pub async fn revoke(&self, refresh_token: &str) -> Result<()> {
        let url = format!("{}/oauth/v2/token/revoke", self.config.accounts_url);
        let answer = self
            .post_form(&url, vec![("token".into(), refresh_token.into())])
            .await?;
        let json = answer.json(&url).ok();
        let succeeded = json
            .as_ref()
            .and_then(|j| j.get("status"))
            .and_then(Value::as_str)
            == Some("success");
        if answer.status == 200 && succeeded {
            return Ok(());
        }
        let code = json
            .as_ref()
            .and_then(|j| j.get("error").and_then(Value::as_str))
            .unwrap_or("revoke_failed")
            .to_string();
        Err(Error::OAuth {
            code,
            message: format!(
                "Zoho did not revoke the refresh token (HTTP {}): it may already be revoked",
                answer.status
            ),
        })
    }

    /// The email of the user an access token belongs to (`Email` of `/oauth/user/info`).
    pub async fn user_email(&self, access_token: &str) -> Result<String> {
        let url = format!("{}/oauth/user/info", self.config.accounts_url);
        let request = Outgoing {
            method: Method::Get,
            url: url.clone(),
            query: Vec::new(),
            headers: Vec::new(),
            authorization: Some(format!("Zoho-oauthtoken {access_token}")),
            body: OutgoingBody::None,
        };
        let answer = self.transport.send(&request, self.journal).await?;
        let email = answer
            .json(&url)
            .ok()
            .filter(|_| answer.status == 200)
            .and_then(|json| {
                json.get("Email")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .filter(|email| !email.is_empty());
        email.ok_or_else(|| Error::OAuth {
            code: "user_info_unavailable".into(),
            message: format!(
                "could not read the user's email from {url} (HTTP {}): make sure the scope \
                 AaaServer.profile.Read is included when you generate the grant token",
                answer.status
            ),
        })
    }

    async fn token_request(
        &self,
        grant_type: &str,
        extra: Vec<(&str, &str)>,
        purpose: Purpose,
    ) -> Result<Grant> {
        let url = format!("{}/oauth/v2/token", self.config.accounts_url);
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
        let answer = self.post_form(&url, form).await?;
        let json = answer.json(&url)?;
        grant_from_json(&json, purpose)
    }

    async fn post_form(&self, url: &str, form: Vec<(String, String)>) -> Result<Incoming> {
        let request = Outgoing {
            method: Method::Post,
            url: url.to_string(),
            query: Vec::new(),
            headers: Vec::new(),
            authorization: None,
            body: OutgoingBody::Form(form),
        };
        self.transport.send(&request, self.journal).await
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Purpose {
    Grant,
    Refresh,
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
        ("Access Denied", _) => {
            "Zoho refused to issue more access tokens for this refresh token (at most 10 per 10 \
             minutes). Wait a few minutes; tokens are cached so this should not recur"
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
