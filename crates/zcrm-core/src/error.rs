//! Every failure the core can report, as a value. Nothing in the core panics on data that
//! comes from the network, a file or a database: it returns one of these instead.
//!
//! Messages never contain a token, a grant code or a client secret.

use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// A configuration key is missing or malformed. `key` is the config key's name.
    Config { key: String, message: String },
    /// Zoho Accounts refused a token request (`{"error":"invalid_code"}` and the like).
    OAuth { code: String, message: String },
    /// The token store holds no tokens for this user.
    NoTokens { user: String, message: String },
    /// Zoho refused to issue another access token ("Access Denied": at most 10 per refresh
    /// token per 10 minutes), or such a refusal's cool-down is still running and nothing was
    /// sent. `retry_after` is in seconds.
    RefreshLimited { message: String, retry_after: f64 },
    /// The CRM API answered with an error status or an error envelope.
    Api {
        status: u16,
        code: String,
        message: String,
        /// Zoho's `details` object, as JSON text (`{}` when absent).
        details: String,
        /// The request URL without its query string.
        url: String,
        /// Seconds to wait, from a `Retry-After` header.
        retry_after: Option<f64>,
    },
    /// The connection failed (refused, reset, TLS, DNS...).
    Network { message: String, url: String },
    /// The request did not complete within the configured timeout.
    Timeout { url: String },
    /// The whole call (retries, backoff and lock waits included) ran out of its `timeout`;
    /// the message says what it was waiting for.
    Deadline { message: String },
    /// The caller cancelled the call (Ruby's Thread#kill, Timeout.timeout, Ctrl-C).
    Interrupted,
    /// The token store failed (I/O, SQL, corrupt file, custom handler raised...).
    Store { store: String, message: String },
    /// A response body was not what Zoho sends (not JSON, wrong shape).
    Protocol { message: String, url: String },
    /// The caller passed something unusable (empty id, too many records...).
    InvalidArgument { code: String, message: String },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn config(key: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Config {
            key: key.into(),
            message: message.into(),
        }
    }

    pub fn store(store: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Store {
            store: store.into(),
            message: message.into(),
        }
    }

    pub fn protocol(url: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Protocol {
            message: message.into(),
            url: url.into(),
        }
    }

    pub fn invalid_argument(code: impl Into<String>, message: impl Into<String>) -> Self {
        Error::InvalidArgument {
            code: code.into(),
            message: message.into(),
        }
    }

    /// A short stable name for the kind of error; the Ruby binding picks an exception class by it.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Config { .. } => "config",
            Error::OAuth { .. } => "oauth",
            Error::NoTokens { .. } => "no_tokens",
            Error::RefreshLimited { .. } => "refresh_limit",
            Error::Api { .. } => "api",
            Error::Network { .. } => "network",
            Error::Timeout { .. } | Error::Deadline { .. } => "timeout",
            Error::Interrupted => "interrupted",
            Error::Store { .. } => "store",
            Error::Protocol { .. } => "protocol",
            Error::InvalidArgument { .. } => "invalid_argument",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Config { key, message } => write!(f, "configuration key '{key}': {message}"),
            Error::OAuth { code, message } => {
                write!(f, "Zoho Accounts refused the request ({code}): {message}")
            }
            Error::NoTokens { message, .. } | Error::RefreshLimited { message, .. } => {
                f.write_str(message)
            }
            Error::Api {
                status,
                code,
                message,
                url,
                ..
            } => {
                write!(f, "{url} answered {status} {code}: {message}")
            }
            Error::Network { message, url } => write!(f, "could not reach {url}: {message}"),
            Error::Timeout { url } => write!(f, "{url} did not answer within the timeout"),
            Error::Deadline { message } => f.write_str(message),
            Error::Interrupted => f.write_str("the call was interrupted"),
            Error::Store { store, message } => write!(f, "{store} token store: {message}"),
            Error::Protocol { message, url } => {
                write!(f, "unexpected response from {url}: {message}")
            }
            Error::InvalidArgument { message, .. } => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}
