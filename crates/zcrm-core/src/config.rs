//! The configuration dictionary of `ZCRMRestClient.init`: the seed document's keys, their
//! defaults, and validation. Values arrive as strings (the Ruby layer turns `true` into
//! `"true"` and drops `nil`s), exactly as 1.0.x read them.
//!
//! Every error names the key and says what to do about it.

use std::collections::HashMap;
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use url::Url;

use crate::error::{Error, Result};
use crate::store::mysql::MysqlOptions;

pub const DEFAULT_ACCOUNTS_URL: &str = "https://accounts.zoho.com";
pub const DEFAULT_API_BASE_URL: &str = "https://www.zohoapis.com";
/// Five minutes: metadata changes when an administrator edits the org's setup, which is rare,
/// and a change then reaches a long-running process within minutes; a busy process makes one
/// metadata request per key per five minutes instead of one per call.
pub const DEFAULT_METADATA_CACHE_TTL_SECS: f64 = 300.0;
/// The error code for an `accounts-server` a grant exchange may not be sent to.
pub const UNTRUSTED_SERVER: &str = "INVALID ACCOUNTS SERVER";
/// The hosts of Zoho's accounts servers, one per data centre
/// (<https://www.zoho.com/accounts/protocol/oauth/multi-dc.html>, and the CRM's own list at
/// <https://www.zoho.com/crm/developer/docs/api/v8/multi-dc.html> for China): the servers a
/// grant's `accounts-server` may name without further configuration.
pub const ZOHO_ACCOUNTS_HOSTS: [&str; 10] = [
    "accounts.zoho.com",
    "accounts.zoho.eu",
    "accounts.zoho.in",
    "accounts.zoho.com.au",
    "accounts.zoho.com.cn",
    "accounts.zoho.jp",
    "accounts.zohocloud.ca",
    "accounts.zoho.sa",
    "accounts.zoho.uk",
    "accounts.zoho.ae",
];

/// Where tokens are kept. Precedence when several are configured: custom > file > MySQL >
/// SQLite (the seed documents custom > file > DB).
#[derive(Clone)]
pub enum Persistence {
    /// A Ruby class (`persistence_handler_class` in `persistence_handler_class_path`); the
    /// binding supplies the store.
    Custom {
        class_path: String,
        class_name: String,
    },
    File {
        dir: PathBuf,
    },
    Mysql(MysqlOptions),
    Sqlite {
        path: PathBuf,
    },
    Memory,
}

impl Persistence {
    /// True when the caller must supply the store (a Ruby handler, through the binding).
    pub fn is_custom(&self) -> bool {
        matches!(self, Persistence::Custom { .. })
    }

    pub fn name(&self) -> &'static str {
        match self {
            Persistence::Custom { .. } => "custom",
            Persistence::File { .. } => "file",
            Persistence::Mysql(_) => "mysql",
            Persistence::Sqlite { .. } => "sqlite",
            Persistence::Memory => "memory",
        }
    }
}

#[derive(Clone)]
pub struct Config {
    pub client_id: String,
    pub client_secret: String,
    pub redirect_uri: String,
    pub current_user_email: Option<String>,
    /// Without a trailing slash, e.g. `https://accounts.zoho.eu`.
    pub accounts_url: String,
    /// Accounts servers besides Zoho's own data centres that a grant may come from (a
    /// private deployment, the emulator), normalized like `accounts_url`.
    pub trusted_accounts_servers: Vec<String>,
    /// Without a trailing slash, sandbox already applied, e.g. `https://sandbox.zohoapis.com`.
    pub api_base_url: String,
    /// False when `api_base_url` was derived: the `api_domain` Zoho returns then wins.
    pub api_base_url_given: bool,
    pub api_version: String,
    pub sandbox: bool,
    pub access_type: String,
    pub persistence: Persistence,
    /// Extra PEM certificates to trust (a private CA, the emulator's certificate).
    pub ca_files: Vec<PathBuf>,
    /// Bounds a whole call: every attempt, the waits between them and any wait for another
    /// thread's or process's token refresh.
    pub timeout: Duration,
    /// Bounds one HTTP attempt (default: `timeout`).
    pub attempt_timeout: Duration,
    pub open_timeout: Duration,
    pub max_retries: u32,
    /// An access token is refreshed when this many milliseconds or fewer remain.
    pub refresh_margin_ms: i64,
    /// The longest `Retry-After` the client waits out by itself before giving up.
    pub max_retry_wait: Duration,
    /// At most this many requests in flight at once from this process (0: no limit). Zoho
    /// caps concurrent calls per org (about 10 to 25 by edition) and answers 429 beyond.
    pub max_concurrent_requests: u32,
    /// How long a metadata answer (modules, fields, layouts, related lists) is served from
    /// memory before Zoho is asked again (zero: not cached). See `metadata_cache`.
    pub metadata_cache_ttl: Duration,
}

/// Debug never shows the client secret or the database password.
impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[FILTERED]")
            .field("redirect_uri", &self.redirect_uri)
            .field("accounts_url", &self.accounts_url)
            .field("api_base_url", &self.api_base_url)
            .field("api_version", &self.api_version)
            .field("persistence", &self.persistence.name())
            .finish_non_exhaustive()
    }
}

struct Keys(HashMap<String, String>);

impl Keys {
    /// A key's value; blank strings count as absent, as `nil` did in 1.0.x.
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(|v| v.trim()).filter(|v| !v.is_empty())
    }

    fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    fn required(&self, key: &str, what: &str) -> Result<String> {
        self.get(key)
            .map(str::to_string)
            .ok_or_else(|| Error::config(key, format!("'{key}' is mandatory: {what}")))
    }

    fn flag(&self, key: &str) -> Result<bool> {
        match self.get(key).map(|v| v.to_ascii_lowercase()) {
            None => Ok(false),
            Some(v) if v == "true" => Ok(true),
            Some(v) if v == "false" => Ok(false),
            Some(v) => Err(Error::config(
                key,
                format!("'{key}' must be 'true' or 'false' (or a boolean), not '{v}'"),
            )),
        }
    }

    fn seconds(&self, key: &str, default: f64) -> Result<Duration> {
        self.duration(key, default, false)
    }

    /// Seconds below a day; `zero_allowed` for settings where 0 means "off".
    fn duration(&self, key: &str, default: f64, zero_allowed: bool) -> Result<Duration> {
        let Some(raw) = self.get(key) else {
            return Ok(Duration::from_secs_f64(default));
        };
        match raw.parse::<f64>() {
            Ok(secs)
                if secs.is_finite()
                    && (secs > 0.0 || (zero_allowed && secs == 0.0))
                    && secs < 86_400.0 =>
            {
                Ok(Duration::from_secs_f64(secs))
            }
            _ => {
                let what = if zero_allowed {
                    "a number of seconds (0 to turn it off) under 86400"
                } else {
                    "a positive number of seconds"
                };
                Err(Error::config(
                    key,
                    format!("'{key}' must be {what}, not '{raw}'"),
                ))
            }
        }
    }

    fn count(&self, key: &str, default: u32, max: u32) -> Result<u32> {
        match self.get(key) {
            None => Ok(default),
            Some(raw) => raw
                .parse::<u32>()
                .ok()
                .filter(|n| *n <= max)
                .ok_or_else(|| {
                    Error::config(
                        key,
                        format!("'{key}' must be a whole number from 0 to {max}, not '{raw}'"),
                    )
                }),
        }
    }
}

impl Config {
    /// Validates the configuration dictionary. `pairs` are the caller's keys and values.
    pub fn from_pairs<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> Result<Config> {
        let keys = Keys(
            pairs
                .iter()
                .map(|(k, v)| (k.as_ref().to_string(), v.as_ref().to_string()))
                .collect(),
        );
        Self::from_keys(&keys)
    }

    fn from_keys(keys: &Keys) -> Result<Config> {
        let client_id = keys.required(
            "client_id",
            "the Client ID from https://api-console.zoho.com",
        )?;
        let client_secret = keys.required(
            "client_secret",
            "the Client Secret from https://api-console.zoho.com",
        )?;
        let redirect_uri = keys.required(
            "redirect_uri",
            "the redirect URI registered for the client (any URL for a Self Client)",
        )?;
        let accounts_url = match keys.get("accounts_url") {
            Some(raw) => normalize_url("accounts_url", raw)?,
            None => DEFAULT_ACCOUNTS_URL.to_string(),
        };
        let sandbox = keys.flag("sandbox")?;
        let (api_base_url, api_base_url_given) = match keys.get("api_base_url") {
            Some(raw) => (normalize_url("api_base_url", raw)?, true),
            None => (api_url_for_accounts(&accounts_url), false),
        };
        let api_base_url = if sandbox {
            sandbox_url(&api_base_url)
        } else {
            api_base_url
        };
        let api_version = keys.get("api_version").unwrap_or("v2").to_string();
        if !api_version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.')
        {
            return Err(Error::config(
                "api_version",
                format!("'api_version' must look like 'v2', not '{api_version}'"),
            ));
        }
        keys.flag("log_in_console")?;
        Ok(Config {
            client_id,
            client_secret,
            redirect_uri,
            current_user_email: keys.get("current_user_email").map(str::to_string),
            accounts_url,
            trusted_accounts_servers: keys
                .get("trusted_accounts_servers")
                .map(|raw| url_list("trusted_accounts_servers", raw))
                .transpose()?
                .unwrap_or_default(),
            api_base_url,
            api_base_url_given,
            api_version,
            sandbox,
            access_type: keys.get("access_type").unwrap_or("offline").to_string(),
            persistence: persistence(keys)?,
            ca_files: ca_files(keys)?,
            timeout: keys.seconds("timeout", 60.0)?,
            attempt_timeout: keys.seconds(
                "attempt_timeout",
                keys.seconds("timeout", 60.0)?.as_secs_f64(),
            )?,
            open_timeout: keys.seconds("open_timeout", 10.0)?,
            max_retries: keys.count("max_retries", 2, 10)?,
            refresh_margin_ms: keys.seconds("token_refresh_margin", 15.0)?.as_millis() as i64,
            max_retry_wait: keys.seconds("max_retry_wait", 30.0)?,
            max_concurrent_requests: keys.count("max_concurrent_requests", 0, 10_000)?,
            metadata_cache_ttl: keys.duration(
                "metadata_cache_ttl",
                DEFAULT_METADATA_CACHE_TTL_SECS,
                true,
            )?,
        })
    }

    /// The accounts server a grant came from (the `accounts-server` of Zoho's redirect), as
    /// tokens record it: `None` for the configured `accounts_url`. Only Zoho's data centres and
    /// `trusted_accounts_servers` are accepted: the grant exchange sends the client secret
    /// there, and the redirect's parameters are whatever the browser brought.
    pub fn grant_accounts_server(&self, raw: &str) -> Result<Option<String>> {
        let server = normalize_url("accounts_server", raw.trim()).map_err(|err| match err {
            Error::Config { message, .. } => Error::invalid_argument(UNTRUSTED_SERVER, message),
            other => other,
        })?;
        if server == self.accounts_url {
            return Ok(None);
        }
        let is_zoho = Url::parse(&server).is_ok_and(|url| {
            url.scheme() == "https"
                && url.port().is_none()
                && url.path() == "/"
                && url
                    .host_str()
                    .is_some_and(|host| ZOHO_ACCOUNTS_HOSTS.contains(&host))
        });
        if is_zoho || self.trusted_accounts_servers.contains(&server) {
            return Ok(Some(server));
        }
        Err(Error::invalid_argument(
            UNTRUSTED_SERVER,
            format!(
                "the grant names the accounts server {server}, which is not one of Zoho's data \
                 centres (accounts.zoho.com, .eu, .in, .com.au, .com.cn, .jp, .sa, .uk, .ae, \
                 accounts.zohocloud.ca): the grant was not exchanged, since that would send the \
                 client secret there. If it is genuine, add it to trusted_accounts_servers"
            ),
        ))
    }

    /// The CRM API root for a user, e.g. `https://www.zohoapis.eu/crm/v2`. `api_domain` is
    /// what Zoho's token answer named; it wins unless `api_base_url` was given, and always
    /// for tokens issued by another data centre's accounts server (`issued_elsewhere`): the
    /// configured API host belongs to the configured data centre.
    pub fn crm_root(&self, api_domain: Option<&str>, issued_elsewhere: bool) -> String {
        let base = self.api_base(api_domain, issued_elsewhere);
        format!("{base}/crm/{}", self.api_version)
    }

    /// The Bulk API's root (`/crm/bulk/v2`), on the same host as [`crm_root`](Self::crm_root).
    pub fn bulk_root(&self, api_domain: Option<&str>, issued_elsewhere: bool) -> String {
        let base = self.api_base(api_domain, issued_elsewhere);
        format!("{base}/crm/bulk/{}", self.api_version)
    }

    fn api_base(&self, api_domain: Option<&str>, issued_elsewhere: bool) -> String {
        match api_domain {
            Some(domain) if !self.api_base_url_given || issued_elsewhere => {
                let domain = domain.trim_end_matches('/');
                if self.sandbox {
                    sandbox_url(domain)
                } else {
                    domain.to_string()
                }
            }
            _ => self.api_base_url.clone(),
        }
    }
}

fn persistence(keys: &Keys) -> Result<Persistence> {
    let explicit = keys.get("persistence").map(str::to_ascii_lowercase);
    let chosen = match explicit.as_deref() {
        Some(kind) => kind.to_string(),
        None if keys.has("persistence_handler_class_path")
            || keys.has("persistence_handler_class") =>
        {
            "custom".into()
        }
        None if keys.has("token_persistence_path") => "file".into(),
        None if ["db_username", "db_password", "db_port", "db_address"]
            .iter()
            .any(|k| keys.0.contains_key(*k)) =>
        {
            "mysql".into()
        }
        None => "sqlite".into(),
    };
    match chosen.as_str() {
        "custom" => Ok(Persistence::Custom {
            class_path: keys.required(
                "persistence_handler_class_path",
                "the absolute path of the .rb file that defines your persistence handler class",
            )?,
            class_name: keys.required(
                "persistence_handler_class",
                "the name of your persistence handler class (defined in persistence_handler_class_path)",
            )?,
        }),
        "file" => Ok(Persistence::File {
            dir: PathBuf::from(keys.required(
                "token_persistence_path",
                "the folder that holds (or will hold) zcrm_oauthtokens.txt",
            )?),
        }),
        "mysql" => mysql_options(keys).map(Persistence::Mysql),
        "sqlite" => Ok(Persistence::Sqlite {
            path: keys.get("sqlite_path").map(PathBuf::from).unwrap_or_else(crate::store::sqlite::default_path),
        }),
        "memory" => Ok(Persistence::Memory),
        other => Err(Error::config(
            "persistence",
            format!("'persistence' must be one of custom, file, mysql, sqlite, memory; not '{other}'"),
        )),
    }
}

fn mysql_options(keys: &Keys) -> Result<MysqlOptions> {
    let defaults = MysqlOptions::default();
    let port = match keys.get("db_port") {
        None => defaults.port,
        Some(raw) => raw.parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(|| {
            Error::config(
                "db_port",
                format!("'db_port' must be a TCP port number (1-65535), not '{raw}'"),
            )
        })?,
    };
    Ok(MysqlOptions {
        host: keys
            .get("db_address")
            .map(str::to_string)
            .unwrap_or(defaults.host),
        port,
        user: keys
            .get("db_username")
            .map(str::to_string)
            .unwrap_or(defaults.user),
        // An empty password is a real value here (1.0.x's default), so read it raw.
        password: keys
            .0
            .get("db_password")
            .cloned()
            .unwrap_or(defaults.password),
        database: defaults.database,
    })
}

/// `ca_file` plus `SSL_CERT_FILE`, each checked to exist so a typo fails at init.
fn ca_files(keys: &Keys) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    if let Some(path) = keys.get("ca_file") {
        let path = PathBuf::from(path);
        if !path.is_file() {
            return Err(Error::config(
                "ca_file",
                format!("'ca_file' names {} which is not a readable file: give the path of a PEM certificate bundle", path.display()),
            ));
        }
        files.push(path);
    }
    if let Some(path) = std::env::var_os("SSL_CERT_FILE").map(PathBuf::from) {
        if path.is_file() {
            files.push(path);
        }
    }
    Ok(files)
}

/// Parses a URL key: https anywhere, plain http only on loopback (the emulator, a local proxy).
/// A value without a scheme gets `https://`, as 1.0.x did.
/// A comma- or space-separated list of URLs.
fn url_list(key: &str, raw: &str) -> Result<Vec<String>> {
    raw.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|part| !part.is_empty())
        .map(|part| normalize_url(key, part))
        .collect()
}

fn normalize_url(key: &str, raw: &str) -> Result<String> {
    let with_scheme = if raw.contains("://") {
        raw.to_string()
    } else {
        format!("https://{raw}")
    };
    let url = Url::parse(&with_scheme).map_err(|e| {
        Error::config(key, format!("'{key}' is not a valid URL ('{raw}': {e}); expected something like https://accounts.zoho.com"))
    })?;
    // Rejected before anything echoes the URL: the password would end up in messages and logs.
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::config(
            key,
            format!("'{key}' must not carry credentials (user:password@host): Zoho authenticates with OAuth tokens, so remove them from the URL"),
        ));
    }
    let host = url.host_str().unwrap_or_default().to_string();
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&host) => {}
        "http" => {
            return Err(Error::config(
                key,
                format!("'{key}' uses http:// for {host}; Zoho must be reached over https:// (plain http is allowed only for 127.0.0.1/localhost)"),
            ))
        }
        other => return Err(Error::config(key, format!("'{key}' must be an https:// URL, not {other}://"))),
    }
    if host.is_empty() {
        return Err(Error::config(key, format!("'{key}' has no host: '{raw}'")));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::config(
            key,
            format!("'{key}' must not carry a query or fragment: '{raw}'"),
        ));
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

pub fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<IpAddr>()
            .map(|ip| ip.is_loopback())
            .unwrap_or(false)
}

/// The API host of the data centre whose accounts server is `accounts_url`
/// (accounts.zoho.eu → www.zohoapis.eu, accounts.zohocloud.ca → www.zohoapis.ca). An
/// accounts server we don't recognise (a local emulator) serves the API on the same origin.
pub fn api_url_for_accounts(accounts_url: &str) -> String {
    let Ok(url) = Url::parse(accounts_url) else {
        return DEFAULT_API_BASE_URL.to_string();
    };
    let host = url.host_str().unwrap_or_default();
    if let Some(tld) = host.strip_prefix("accounts.zoho.") {
        return format!("https://www.zohoapis.{tld}");
    }
    if host == "accounts.zohocloud.ca" {
        return "https://www.zohoapis.ca".to_string();
    }
    if is_loopback(host) {
        return accounts_url.to_string();
    }
    DEFAULT_API_BASE_URL.to_string()
}

/// The sandbox host of an API URL: `www.` becomes `sandbox.`, as in 1.0.x; a Zoho API host
/// without `www.` gets the `sandbox.` prefix. Other hosts (a local emulator) are left alone.
pub fn sandbox_url(api_url: &str) -> String {
    let Ok(mut url) = Url::parse(api_url) else {
        return api_url.to_string();
    };
    let host = url.host_str().unwrap_or_default().to_string();
    let sandbox_host = if let Some(rest) = host.strip_prefix("www.") {
        format!("sandbox.{rest}")
    } else if host.starts_with("zohoapis.") {
        format!("sandbox.{host}")
    } else {
        return api_url.to_string();
    };
    if url.set_host(Some(&sandbox_host)).is_err() {
        return api_url.to_string();
    }
    url.as_str().trim_end_matches('/').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(extra: &[(&str, &str)]) -> Result<Config> {
        let mut pairs = vec![
            ("client_id", "id"),
            ("client_secret", "secret"),
            ("redirect_uri", "https://example.com/cb"),
            ("persistence", "memory"),
        ];
        pairs.extend_from_slice(extra);
        Config::from_pairs(&pairs)
    }

    fn error_key(result: Result<Config>) -> String {
        match result {
            Err(Error::Config { key, .. }) => key,
            other => panic!("expected a config error, got {other:?}"),
        }
    }

    #[test]
    fn defaults_follow_the_seed() {
        let c = config(&[]).unwrap();
        assert_eq!(c.accounts_url, "https://accounts.zoho.com");
        assert_eq!(c.api_base_url, "https://www.zohoapis.com");
        assert_eq!(c.api_version, "v2");
        assert_eq!(c.access_type, "offline");
        assert!(!c.sandbox);
        assert_eq!(c.refresh_margin_ms, 15_000);
        assert_eq!(c.crm_root(None, false), "https://www.zohoapis.com/crm/v2");
    }

    #[test]
    fn mandatory_keys_are_named() {
        for key in ["client_id", "client_secret", "redirect_uri"] {
            let pairs: Vec<(&str, &str)> = [
                ("client_id", "a"),
                ("client_secret", "b"),
                ("redirect_uri", "c"),
            ]
            .into_iter()
            .filter(|(k, _)| *k != key)
            .collect();
            assert_eq!(error_key(Config::from_pairs(&pairs)), key);
        }
    }

    #[test]
    fn every_data_centre_maps_accounts_to_api() {
        let cases = [
            ("https://accounts.zoho.com", "https://www.zohoapis.com"),
            ("https://accounts.zoho.eu", "https://www.zohoapis.eu"),
            ("https://accounts.zoho.in", "https://www.zohoapis.in"),
            (
                "https://accounts.zoho.com.au",
                "https://www.zohoapis.com.au",
            ),
            (
                "https://accounts.zoho.com.cn",
                "https://www.zohoapis.com.cn",
            ),
            ("https://accounts.zoho.jp", "https://www.zohoapis.jp"),
            ("https://accounts.zohocloud.ca", "https://www.zohoapis.ca"),
            ("https://accounts.zoho.sa", "https://www.zohoapis.sa"),
        ];
        for (accounts, api) in cases {
            let c = config(&[("accounts_url", accounts)]).unwrap();
            assert_eq!(c.api_base_url, api, "for {accounts}");
            assert!(!c.api_base_url_given);
        }
    }

    #[test]
    fn sandbox_switches_the_api_host() {
        let c = config(&[
            ("sandbox", "true"),
            ("api_base_url", "https://www.zohoapis.eu"),
        ])
        .unwrap();
        assert_eq!(c.api_base_url, "https://sandbox.zohoapis.eu");
        let c = config(&[
            ("sandbox", "TRUE"),
            ("accounts_url", "https://accounts.zohocloud.ca"),
        ])
        .unwrap();
        assert_eq!(c.api_base_url, "https://sandbox.zohoapis.ca");
        assert_eq!(error_key(config(&[("sandbox", "yes")])), "sandbox");
    }

    #[test]
    fn api_domain_wins_unless_api_base_url_was_given() {
        let derived = config(&[]).unwrap();
        assert_eq!(
            derived.crm_root(Some("https://www.zohoapis.eu"), false),
            "https://www.zohoapis.eu/crm/v2"
        );
        let given = config(&[("api_base_url", "https://www.zohoapis.in")]).unwrap();
        assert_eq!(
            given.crm_root(Some("https://www.zohoapis.eu"), false),
            "https://www.zohoapis.in/crm/v2"
        );
        assert_eq!(
            given.crm_root(Some("https://www.zohoapis.eu"), true),
            "https://www.zohoapis.eu/crm/v2",
            "the configured API host belongs to the configured data centre"
        );
    }

    #[test]
    fn a_grant_may_come_from_any_zoho_data_centre_or_a_trusted_server() {
        let c = config(&[(
            "trusted_accounts_servers",
            "http://127.0.0.1:9001, https://sso.example.com/",
        )])
        .unwrap();
        let server = |raw: &str| c.grant_accounts_server(raw);
        assert_eq!(
            server("https://accounts.zoho.com/").unwrap(),
            None,
            "the configured one"
        );
        for zoho in [
            "https://accounts.zoho.eu",
            "accounts.zoho.in",
            "https://accounts.zohocloud.ca",
        ] {
            let normalized = format!("https://{}", zoho.trim_start_matches("https://"));
            assert_eq!(server(zoho).unwrap(), Some(normalized));
        }
        assert_eq!(
            server("http://127.0.0.1:9001").unwrap(),
            Some("http://127.0.0.1:9001".into())
        );
        assert_eq!(
            server("https://sso.example.com").unwrap(),
            Some("https://sso.example.com".into())
        );
        for hostile in [
            "https://accounts.zoho.eu.evil.example",
            "https://evil.example/accounts.zoho.eu",
            "https://accounts.zoho.eu:8443",
            "https://accounts.zoho.eu/path",
            "http://accounts.zoho.eu",
            "https://user:pw@accounts.zoho.eu",
            "not a url",
        ] {
            match server(hostile) {
                Err(Error::InvalidArgument { code, message }) => {
                    assert_eq!(code, UNTRUSTED_SERVER, "{hostile}");
                    assert!(!message.contains("pw@"), "{message}");
                }
                other => panic!("{hostile} was accepted: {other:?}"),
            }
        }
    }

    #[test]
    fn urls_are_checked() {
        assert_eq!(
            error_key(config(&[("accounts_url", "http://accounts.zoho.com")])),
            "accounts_url"
        );
        assert_eq!(
            error_key(config(&[("api_base_url", "ftp://x")])),
            "api_base_url"
        );
        assert_eq!(
            error_key(config(&[("api_base_url", "https://")])),
            "api_base_url"
        );
        let c = config(&[
            ("api_base_url", "http://127.0.0.1:8080/"),
            ("accounts_url", "www.example.com"),
        ])
        .unwrap();
        assert_eq!(c.api_base_url, "http://127.0.0.1:8080");
        assert_eq!(c.accounts_url, "https://www.example.com");
    }

    #[test]
    fn urls_with_credentials_are_refused_without_repeating_them() {
        for key in ["accounts_url", "api_base_url"] {
            let outcome = config(&[(key, "https://admin:s3cret@www.zohoapis.com")]);
            assert_eq!(error_key(outcome), key);
            let message = config(&[(key, "https://admin:s3cret@www.zohoapis.com")])
                .unwrap_err()
                .to_string();
            assert!(!message.contains("s3cret"), "{message}");
            assert!(message.contains("credentials"), "{message}");
        }
    }

    #[test]
    fn persistence_precedence_is_custom_file_mysql_sqlite() {
        let all = [
            ("persistence_handler_class_path", "/x.rb"),
            ("persistence_handler_class", "X"),
            ("token_persistence_path", "/tmp"),
            ("db_username", "root"),
        ];
        let pick = |n: usize| {
            let mut pairs = vec![
                ("client_id", "a"),
                ("client_secret", "b"),
                ("redirect_uri", "c"),
            ];
            pairs.extend_from_slice(&all[all.len() - n..]);
            Config::from_pairs(&pairs).unwrap().persistence.name()
        };
        assert_eq!(pick(4), "custom");
        assert_eq!(pick(2), "file");
        assert_eq!(pick(1), "mysql");
        assert_eq!(pick(0), "sqlite");
    }

    #[test]
    fn mysql_keys_have_the_seed_defaults() {
        let c = config(&[("persistence", "mysql")]).unwrap();
        let Persistence::Mysql(o) = c.persistence else {
            panic!("not mysql")
        };
        assert_eq!(
            (
                o.user.as_str(),
                o.password.as_str(),
                o.port,
                o.database.as_str()
            ),
            ("root", "", 3306, "zohooauth")
        );
        assert_eq!(
            error_key(config(&[
                ("persistence", "mysql"),
                ("db_port", "port_number")
            ])),
            "db_port"
        );
    }

    #[test]
    fn custom_persistence_needs_both_keys() {
        assert_eq!(
            error_key(config(&[
                ("persistence", ""),
                ("persistence_handler_class_path", "/x.rb")
            ])),
            "persistence_handler_class"
        );
        assert_eq!(
            error_key(config(&[("persistence", "custom")])),
            "persistence_handler_class_path"
        );
    }

    #[test]
    fn debug_hides_the_secret() {
        let c = config(&[]).unwrap();
        assert!(!format!("{c:?}").contains("secret\""));
        assert!(format!("{c:?}").contains("[FILTERED]"));
    }
}
