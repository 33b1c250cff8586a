//! Helpers shared by the integration tests: a client that trusts the emulator, and the OAuth
//! dance in one call.
#![allow(dead_code)]

use std::collections::HashMap;

use reqwest::{Client, Response, StatusCode};
use serde_json::{json, Value};
use zcrm_emulator::{Emulator, Options};

pub const CLIENT_ID: &str = "emulator-client-id";
pub const CLIENT_SECRET: &str = "emulator-client-secret";

pub struct Harness {
    pub emulator: Emulator,
    pub client: Client,
}

pub struct Tokens {
    pub access: String,
    pub refresh: String,
}

impl Harness {
    pub fn start() -> Harness {
        Harness::with(Options::default())
    }

    pub fn with(options: Options) -> Harness {
        let emulator = Emulator::start(options).expect("emulator starts");
        let client = client_for(&emulator);
        Harness { emulator, client }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.emulator.base_url(), path)
    }

    pub async fn post_token(&self, params: &[(&str, &str)]) -> (StatusCode, Value) {
        let response = self
            .client
            .post(self.url("/oauth/v2/token"))
            .query(params)
            .send()
            .await
            .expect("token request");
        json_of(response).await
    }

    pub async fn exchange(&self, code: &str) -> (StatusCode, Value) {
        self.post_token(&[
            ("grant_type", "authorization_code"),
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
            ("redirect_uri", "https://www.zoho.com"),
            ("code", code),
        ])
        .await
    }

    pub async fn refresh(&self, refresh_token: &str) -> (StatusCode, Value) {
        self.post_token(&[
            ("grant_type", "refresh_token"),
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
            ("refresh_token", refresh_token),
        ])
        .await
    }

    /// Grant → tokens for `email` (default user when None).
    pub async fn login(&self, email: Option<&str>) -> Tokens {
        let code = self.emulator.issue_grant(email).expect("a grant");
        let (status, body) = self.exchange(&code).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        Tokens {
            access: text(&body["access_token"]),
            refresh: text(&body["refresh_token"]),
        }
    }

    pub async fn crm(&self, path: &str, access_token: &str) -> Response {
        self.client
            .get(self.url(path))
            .header("Authorization", format!("Zoho-oauthtoken {access_token}"))
            .send()
            .await
            .expect("crm request")
    }

    pub async fn crm_json(&self, path: &str, access_token: &str) -> (StatusCode, Value) {
        json_of(self.crm(path, access_token).await).await
    }

    pub async fn admin_post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        let response = self
            .client
            .post(self.url(path))
            .json(&body)
            .send()
            .await
            .expect("admin request");
        json_of(response).await
    }

    /// The consent page's answer when the user accepts the authorization request `query`
    /// (the page's form posted with "Accept"), its redirect not followed.
    pub async fn consent(&self, query: &[(&str, &str)]) -> Response {
        self.decide_consent(query, "accept").await
    }

    /// The consent form posted with `decision` ("accept" or "reject"), not followed.
    pub async fn decide_consent(&self, query: &[(&str, &str)], decision: &str) -> Response {
        let mut form = query.to_vec();
        form.push(("decision", decision));
        unfollowing_client_for(&self.emulator)
            .post(self.url("/oauth/v2/auth"))
            .form(&form)
            .send()
            .await
            .expect("consent")
    }

    /// The consent page itself (`GET /oauth/v2/auth`).
    pub async fn consent_page(&self, query: &[(&str, &str)]) -> Response {
        self.client
            .get(self.url("/oauth/v2/auth"))
            .query(query)
            .send()
            .await
            .expect("consent page")
    }

    pub async fn admin_get(&self, path: &str) -> Value {
        let response = self.client.get(self.url(path)).send().await.expect("admin");
        json_of(response).await.1
    }
}

pub fn client_for(emulator: &Emulator) -> Client {
    trusting(emulator, Client::builder())
}

/// A client that reports redirects instead of following them: what the consent page answers.
pub fn unfollowing_client_for(emulator: &Emulator) -> Client {
    trusting(
        emulator,
        Client::builder().redirect(reqwest::redirect::Policy::none()),
    )
}

fn trusting(emulator: &Emulator, mut builder: reqwest::ClientBuilder) -> Client {
    builder = builder.tls_built_in_root_certs(false);
    if let Some(pem) = emulator.ca_pem() {
        let cert = reqwest::Certificate::from_pem(pem.as_bytes()).expect("valid CA PEM");
        builder = builder.add_root_certificate(cert);
    }
    builder.build().expect("client")
}

/// The query parameters of a redirect answer's `Location`.
pub fn redirect_query(response: &Response) -> HashMap<String, String> {
    let location = response.headers()["location"].to_str().expect("ascii");
    url::Url::parse(location)
        .expect("url")
        .query_pairs()
        .into_owned()
        .collect()
}

/// The element of the JSON array `items` whose `key` is `value` (Null when none is).
pub fn find<'a>(items: &'a Value, key: &str, value: &str) -> &'a Value {
    items
        .as_array()
        .and_then(|items| items.iter().find(|i| i[key] == value))
        .unwrap_or(&Value::Null)
}

pub async fn json_of(response: Response) -> (StatusCode, Value) {
    let status = response.status();
    let bytes = response.bytes().await.expect("body");
    let value = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&bytes)))
    };
    (status, value)
}

pub fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_string()
}

/// `1000.<32 hex>.<32 hex>`
pub fn is_zoho_token(token: &str) -> bool {
    let parts: Vec<&str> = token.split('.').collect();
    parts.len() == 3
        && parts[0] == "1000"
        && parts[1..]
            .iter()
            .all(|p| p.len() == 32 && p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// A signed-in CRM session for the resource tests.
pub struct Crm {
    pub h: Harness,
    pub token: String,
}

impl Crm {
    pub async fn start() -> Crm {
        Crm::with(Options::default()).await
    }

    pub async fn with(options: Options) -> Crm {
        let h = Harness::with(options);
        let token = h.login(None).await.access;
        Crm { h, token }
    }

    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.h
            .client
            .request(method, self.h.url(&format!("/crm/v2/{path}")))
            .header("Authorization", format!("Zoho-oauthtoken {}", self.token))
    }

    /// Sends `body` as the legacy gem does: raw text, no JSON content type.
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&str>,
    ) -> (StatusCode, Value) {
        let mut request = self.request(method, path);
        if let Some(body) = body {
            request = request.body(body.to_string());
        }
        json_of(request.send().await.expect("crm request")).await
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.send(reqwest::Method::GET, path, None).await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Response {
        let mut request = self.request(reqwest::Method::GET, path);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send().await.expect("crm request")
    }

    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::POST, path, Some(&body.to_string()))
            .await
    }

    pub async fn put(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::PUT, path, Some(&body.to_string()))
            .await
    }

    pub async fn delete(&self, path: &str) -> (StatusCode, Value) {
        self.send(reqwest::Method::DELETE, path, None).await
    }

    pub async fn multipart(
        &self,
        path: &str,
        form: reqwest::multipart::Form,
    ) -> (StatusCode, Value) {
        let response = self
            .request(reqwest::Method::POST, path)
            .multipart(form)
            .send()
            .await
            .expect("upload");
        json_of(response).await
    }

    /// Inserts one record and returns its id.
    pub async fn create(&self, module: &str, record: Value) -> String {
        let (status, body) = self.post(module, json!({ "data": [record] })).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        text(&body["data"][0]["details"]["id"])
    }
}

/// `2019-07-25T15:26:49+05:30`
pub fn is_zoho_time(t: &str) -> bool {
    t.len() == 25
        && t.as_bytes()[10] == b'T'
        && (t.as_bytes()[19] == b'+' || t.as_bytes()[19] == b'-')
}

pub fn ids_of(body: &Value) -> Vec<String> {
    body["data"]
        .as_array()
        .map(|items| items.iter().map(|r| text(&r["id"])).collect())
        .unwrap_or_default()
}
