//! The core client against the emulator: the OAuth life cycle a Rust caller relies on.

#[path = "stores/mariadb.rs"]
mod mariadb;

use std::sync::Arc;

use serde_json::json;
use zcrm_core::config::Persistence;
use zcrm_core::store::file::FileStore;
use zcrm_core::store::memory::MemoryStore;
use zcrm_core::store::mysql::{MysqlOptions, MysqlStore};
use zcrm_core::store::sqlite::SqliteStore;
use zcrm_core::store::TokenStore;
use zcrm_core::{Client, Config, Error, Journal, Tokens};
use zcrm_emulator::{Emulator, Options};

fn emulator() -> Emulator {
    Emulator::start(Options {
        tls: false,
        ..Options::default()
    })
    .expect("emulator starts")
}

fn config(emulator: &Emulator, extra: &[(&str, String)]) -> Config {
    let mut pairs = vec![
        ("client_id", "emulator-client-id".to_string()),
        ("client_secret", "emulator-client-secret".to_string()),
        ("redirect_uri", "https://www.zoho.com".to_string()),
        ("accounts_url", emulator.accounts_url()),
        ("persistence", "memory".to_string()),
    ];
    pairs.extend(extra.iter().map(|(k, v)| (*k, v.clone())));
    Config::from_pairs(&pairs).expect("valid config")
}

fn new_client(config: Config) -> (Client, Arc<MemoryStore>) {
    let store = Arc::new(MemoryStore::new());
    let client = Client::with_store(Arc::new(config), store.clone()).expect("client builds");
    (client, store)
}

const USER: &str = "demo@example.com";

/// One store of each built-in kind, in `dir`; MySQL (database `mysql_database`) when the
/// test MariaDB server is available.
fn every_store(dir: &std::path::Path, mysql_database: &str) -> Vec<Arc<dyn TokenStore>> {
    let mut stores: Vec<Arc<dyn TokenStore>> = vec![
        Arc::new(MemoryStore::new()),
        Arc::new(SqliteStore::open(dir.join("tokens.sqlite3")).unwrap()),
        Arc::new(FileStore::new(dir.join("file-store"))),
    ];
    if let Some(server) = mariadb::server() {
        stores.push(Arc::new(MysqlStore::new(MysqlOptions {
            port: server.port,
            database: mysql_database.into(),
            ..MysqlOptions::default()
        })));
    }
    stores
}

/// Makes one `org.get` that must succeed; the HTTP statuses of every exchange it made.
async fn statuses_of_a_successful_call(client: &Client) -> Vec<Option<u16>> {
    let journal = Journal::new();
    let response = client
        .call(USER, "org.get", &json!({}), &journal)
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    journal.take().into_iter().map(|r| r.status).collect()
}

/// Asserts that `outcome` is an API error with `status` whose message contains each fragment.
fn expect_api_error<T: std::fmt::Debug>(
    outcome: Result<T, Error>,
    status: u16,
    fragments: &[&str],
) {
    match outcome {
        Err(Error::Api {
            status: got,
            message,
            ..
        }) => {
            assert_eq!(got, status, "{message}");
            for fragment in fragments {
                assert!(message.contains(fragment), "{message}");
            }
        }
        other => panic!("expected an API error with status {status}, got {other:?}"),
    }
}

#[tokio::test]
async fn a_grant_becomes_stored_tokens_for_the_users_email() {
    let emulator = emulator();
    let (client, store) = new_client(config(&emulator, &[]));
    let journal = Journal::new();
    let tokens = client
        .generate_access_token(&emulator.issue_grant(None).expect("a grant"), &journal)
        .await
        .unwrap();
    assert_eq!(tokens.user_identifier, USER);
    assert!(tokens.refresh_token.is_some());
    assert_eq!(store.load(USER).await.unwrap(), Some(tokens.clone()));
    let urls: Vec<String> = journal.take().into_iter().map(|r| r.url).collect();
    assert!(
        urls.iter().all(|u| !u.contains('?')),
        "no query strings: {urls:?}"
    );
    assert!(urls[0].ends_with("/oauth/v2/token") && urls[1].ends_with("/oauth/user/info"));
}

#[tokio::test]
async fn a_used_grant_is_zohos_invalid_code() {
    let emulator = emulator();
    let (client, _) = new_client(config(&emulator, &[]));
    let grant = emulator.issue_grant(None).expect("a grant");
    client
        .generate_access_token(&grant, &Journal::new())
        .await
        .unwrap();
    match client.generate_access_token(&grant, &Journal::new()).await {
        Err(Error::OAuth { code, message }) => {
            assert_eq!(code, "invalid_code");
            assert!(!message.contains(&grant), "the grant must not be echoed");
        }
        other => panic!("expected invalid_code, got {other:?}"),
    }
}

#[tokio::test]
async fn the_api_domain_from_zoho_is_used_unless_api_base_url_is_given() {
    let emulator = emulator();
    // Reach accounts through "localhost": Zoho's api_domain (the emulator's 127.0.0.1 URL)
    // must then be where API calls go.
    let accounts = emulator.accounts_url().replace("127.0.0.1", "localhost");
    let (client, _) = new_client(config(&emulator, &[("accounts_url", accounts.clone())]));
    client
        .generate_access_token(
            &emulator.issue_grant(None).expect("a grant"),
            &Journal::new(),
        )
        .await
        .unwrap();
    let journal = Journal::new();
    client
        .call(USER, "org.get", &json!({}), &journal)
        .await
        .unwrap();
    assert!(journal.take()[0].url.starts_with(&emulator.api_base_url()));

    let (client, _) = new_client(config(
        &emulator,
        &[
            ("accounts_url", accounts.clone()),
            ("api_base_url", accounts.clone()),
        ],
    ));
    client
        .generate_access_token(
            &emulator.issue_grant(None).expect("a grant"),
            &Journal::new(),
        )
        .await
        .unwrap();
    let journal = Journal::new();
    client
        .call(USER, "org.get", &json!({}), &journal)
        .await
        .unwrap();
    assert!(journal.take()[0].url.starts_with(&accounts));
}

#[tokio::test]
async fn concurrent_callers_with_an_expired_token_refresh_once() {
    let emulator = emulator();
    // Another process would see only the store: a fresh client, expired tokens.
    let client = Arc::new(client_needing_a_refresh(&emulator).await);
    let calls = (0..16).map(|_| {
        let client = client.clone();
        tokio::spawn(async move {
            client
                .call(
                    USER,
                    "users.list",
                    &json!({"type": "CurrentUser"}),
                    &Journal::new(),
                )
                .await
        })
    });
    for call in calls {
        assert_eq!(call.await.unwrap().unwrap().status, 200);
    }
    assert_eq!(emulator.stats().refreshes, 1);
}

#[tokio::test]
async fn invalid_token_gets_one_refresh_and_one_retry() {
    let emulator = emulator();
    let (client, _) = new_client(config(&emulator, &[]));
    client
        .generate_access_token(
            &emulator.issue_grant(None).expect("a grant"),
            &Journal::new(),
        )
        .await
        .unwrap();
    emulator.expire_access_tokens();
    let statuses = statuses_of_a_successful_call(&client).await;
    assert_eq!(statuses, vec![Some(401), Some(200), Some(200)]);
    assert_eq!(emulator.stats().refreshes, 1);
}

#[tokio::test]
async fn no_tokens_says_how_to_get_some() {
    let emulator = emulator();
    let (client, _) = new_client(config(&emulator, &[]));
    match client
        .call(USER, "org.get", &json!({}), &Journal::new())
        .await
    {
        Err(Error::NoTokens { message, .. }) => assert!(message.contains("generate_access_token")),
        other => panic!("expected NoTokens, got {other:?}"),
    }
}

#[test]
fn a_custom_store_must_be_supplied_by_the_caller() {
    let emulator = emulator();
    let mut config = config(&emulator, &[]);
    config.persistence = Persistence::Custom {
        class_path: "/x.rb".into(),
        class_name: "X".into(),
    };
    assert!(matches!(
        Client::new(Arc::new(config)),
        Err(Error::Config { .. })
    ));
}

/// Tokens from one data centre sent to another: Zoho answers INVALID_TOKEN to every call,
/// however fresh the token. Twelve such calls used to cost twelve refreshes (and "Access
/// Denied" from the eleventh on); the policy allows one.
#[tokio::test]
async fn a_freshly_refreshed_token_zoho_rejects_is_an_authentication_error_without_more_refreshes()
{
    let emulator = emulator();
    let other_data_centre = self::emulator();
    let (client, _) = new_client(config(
        &emulator,
        &[("api_base_url", other_data_centre.api_base_url())],
    ));
    client
        .generate_access_token(
            &emulator.issue_grant(None).expect("a grant"),
            &Journal::new(),
        )
        .await
        .unwrap();
    for _ in 0..12 {
        let outcome = client
            .call(USER, "org.get", &json!({}), &Journal::new())
            .await;
        expect_api_error(outcome, 401, &["freshly refreshed", "api_base_url"]);
    }
    assert_eq!(emulator.stats().refreshes, 1);
    assert_eq!(emulator.stats().refresh_rejections, 0);
}

/// The same with concurrent callers: the generation one thread refreshed and saw rejected is
/// not refreshed over by the others.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_callers_meeting_a_rejected_fresh_token_refresh_once() {
    let emulator = emulator();
    let other_data_centre = self::emulator();
    let config = config(
        &emulator,
        &[("api_base_url", other_data_centre.api_base_url())],
    );
    let (client, _) = new_client(config);
    client
        .generate_access_token(
            &emulator.issue_grant(None).expect("a grant"),
            &Journal::new(),
        )
        .await
        .unwrap();
    let client = Arc::new(client);
    let calls: Vec<_> = (0..12)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .call(USER, "org.get", &json!({}), &Journal::new())
                    .await
            })
        })
        .collect();
    for call in calls {
        let outcome = call.await.unwrap();
        assert!(
            matches!(outcome, Err(Error::Api { status: 401, .. })),
            "{outcome:?}"
        );
    }
    assert_eq!(emulator.stats().refreshes, 1);
}

/// Another process refreshed, then Zoho revoked every token: the token found in the store is
/// rejected too. It was not refreshed by this process, so one refresh serves the call.
#[tokio::test]
async fn a_stored_replacement_that_is_rejected_too_gets_one_refresh() {
    let emulator = emulator();
    let (client, store) = new_client(config(&emulator, &[]));
    let first = client
        .generate_access_token(
            &emulator.issue_grant(None).expect("a grant"),
            &Journal::new(),
        )
        .await
        .unwrap();
    let other_process =
        Client::with_store(Arc::new(config(&emulator, &[])), store.clone()).unwrap();
    let refresh_token = first.refresh_token.clone().unwrap();
    other_process
        .refresh_access_token(&refresh_token, USER, &Journal::new())
        .await
        .unwrap();
    emulator.expire_access_tokens();
    let statuses = statuses_of_a_successful_call(&client).await;
    assert_eq!(statuses, vec![Some(401), Some(401), Some(200), Some(200)]);
    assert_eq!(emulator.stats().refreshes, 2);
}

/// A refreshed token Zoho has accepted is an ordinary generation: if it is revoked later, it
/// is refreshed over once.
#[tokio::test]
async fn a_refreshed_token_that_was_accepted_is_refreshed_over_when_revoked() {
    let emulator = emulator();
    let client = client_needing_a_refresh(&emulator).await;
    client
        .call(USER, "org.get", &json!({}), &Journal::new())
        .await
        .unwrap();
    emulator.expire_access_tokens();
    client
        .call(USER, "org.get", &json!({}), &Journal::new())
        .await
        .unwrap();
    assert_eq!(emulator.stats().refreshes, 2);
}

/// An emulator whose refresh limit is already used up: every refresh gets "Access Denied".
fn emulator_refusing_refreshes() -> Emulator {
    Emulator::start(Options {
        tls: false,
        refresh_limit: 0,
        ..Options::default()
    })
    .expect("emulator starts")
}

/// A client (as a new process would be) whose store holds expired tokens for `USER`.
async fn client_with_expired_tokens(emulator: &Emulator, store: Arc<dyn TokenStore>) -> Client {
    let client = Client::with_store(Arc::new(config(emulator, &[])), store.clone()).unwrap();
    let tokens = client
        .generate_access_token(
            &emulator.issue_grant(None).expect("a grant"),
            &Journal::new(),
        )
        .await
        .unwrap();
    let expired = Tokens {
        expiry_time: 0,
        ..tokens
    };
    store.save(&expired).await.unwrap();
    Client::with_store(Arc::new(config(emulator, &[])), store).unwrap()
}

async fn expect_refresh_limited(client: &Client) {
    match client
        .call(USER, "org.get", &json!({}), &Journal::new())
        .await
    {
        Err(Error::RefreshLimited {
            retry_after,
            message,
        }) => {
            assert!(retry_after > 0.0 && retry_after <= 600.0, "{retry_after}");
            assert!(message.contains("Access Denied"), "{message}");
        }
        other => panic!("expected RefreshLimited, got {other:?}"),
    }
}

/// After "Access Denied", asking again only prolongs the refusal: six calls make one token
/// request, and another process sharing the store does not ask either.
#[tokio::test]
async fn after_access_denied_calls_fail_fast_in_every_process_sharing_the_store() {
    let dir = tempfile::tempdir().unwrap();
    for store in every_store(dir.path(), "zcrm_cooldown") {
        let emulator = emulator_refusing_refreshes();
        let client = client_with_expired_tokens(&emulator, store.clone()).await;
        for _ in 0..6 {
            expect_refresh_limited(&client).await;
        }
        assert_eq!(emulator.stats().refresh_rejections, 1, "{}", store.kind());
        let other_process =
            Client::with_store(Arc::new(config(&emulator, &[])), store.clone()).unwrap();
        expect_refresh_limited(&other_process).await;
        assert_eq!(emulator.stats().refresh_rejections, 1, "{}", store.kind());
        assert_eq!(
            store.load(USER).await.unwrap().map(|t| t.expiry_time),
            Some(0),
            "the user's own row is untouched"
        );
    }
}

/// A new grant brings a new refresh token, with a window of its own.
#[tokio::test]
async fn a_new_grant_ends_the_cooldown() {
    let emulator = emulator_refusing_refreshes();
    let store: Arc<dyn TokenStore> = Arc::new(MemoryStore::new());
    let client = client_with_expired_tokens(&emulator, store.clone()).await;
    expect_refresh_limited(&client).await;
    // Another process exchanges a new grant (and its tokens expire at once).
    client_with_expired_tokens(&emulator, store.clone()).await;
    expect_refresh_limited(&client).await;
    assert_eq!(emulator.stats().refresh_rejections, 2);
}

/// Makes the emulator answer the next `times` requests under `path` with `status`.
async fn inject_status(
    emulator: &Emulator,
    path: &str,
    status: u16,
    times: u32,
    retry_after: Option<u64>,
) {
    let mut spec = json!({"path_prefix": path, "kind": "status", "status": status, "times": times});
    if let Some(secs) = retry_after {
        spec["retry_after"] = json!(secs);
    }
    let answer = reqwest::Client::new()
        .post(format!("{}/_emulator/faults", emulator.base_url()))
        .json(&spec)
        .send()
        .await
        .expect("the emulator's admin API answers");
    assert!(answer.status().is_success());
}

/// A client whose cache is empty and whose store holds expired tokens: its next call refreshes.
async fn client_needing_a_refresh(emulator: &Emulator) -> Client {
    client_with_expired_tokens(emulator, Arc::new(MemoryStore::new())).await
}

#[tokio::test]
async fn an_outage_of_the_token_endpoint_is_a_server_error_after_the_refresh_is_resent() {
    let emulator = emulator();
    let client = client_needing_a_refresh(&emulator).await;
    inject_status(&emulator, "/oauth/v2/token", 503, 10, None).await;
    let outcome = client
        .call(USER, "org.get", &json!({}), &Journal::new())
        .await;
    expect_api_error(outcome, 503, &["not a problem with your credentials"]);
    // The first try and max_retries (2) resends.
    assert_eq!(emulator.stats().faults_injected, 3);
}

#[tokio::test]
async fn a_refresh_that_met_an_outage_is_resent() {
    let emulator = emulator();
    let client = client_needing_a_refresh(&emulator).await;
    inject_status(&emulator, "/oauth/v2/token", 503, 1, None).await;
    let response = client
        .call(USER, "org.get", &json!({}), &Journal::new())
        .await;
    assert_eq!(response.unwrap().status, 200);
    assert_eq!(emulator.stats().refreshes, 1);
}

#[tokio::test]
async fn a_grant_exchange_that_met_an_outage_is_not_resent() {
    let emulator = emulator();
    let (client, _) = new_client(config(&emulator, &[]));
    inject_status(&emulator, "/oauth/v2/token", 503, 5, None).await;
    let outcome = client
        .generate_access_token(
            &emulator.issue_grant(None).expect("a grant"),
            &Journal::new(),
        )
        .await;
    expect_api_error(outcome, 503, &["grant token may have been used up"]);
    assert_eq!(emulator.stats().faults_injected, 1);
}

#[tokio::test]
async fn a_rate_limited_token_endpoint_is_a_rate_limit_error_with_retry_after() {
    let emulator = emulator();
    let (client, _) = new_client(config(&emulator, &[]));
    inject_status(&emulator, "/oauth/v2/token", 429, 1, Some(600)).await;
    match client
        .generate_access_token(
            &emulator.issue_grant(None).expect("a grant"),
            &Journal::new(),
        )
        .await
    {
        Err(Error::Api {
            status,
            retry_after,
            ..
        }) => {
            assert_eq!((status, retry_after), (429, Some(600.0)));
        }
        other => panic!("expected a rate-limit error, got {other:?}"),
    }
}

#[tokio::test]
async fn with_current_user_email_a_grant_exchange_does_not_need_user_info() {
    let emulator = emulator();
    let (client, store) = new_client(config(
        &emulator,
        &[("current_user_email", USER.to_string())],
    ));
    inject_status(&emulator, "/oauth/user/info", 503, 10, None).await;
    let tokens = client
        .generate_access_token(
            &emulator.issue_grant(None).expect("a grant"),
            &Journal::new(),
        )
        .await
        .unwrap();
    assert_eq!(tokens.user_identifier, USER);
    assert_eq!(store.load(USER).await.unwrap(), Some(tokens));
}

#[tokio::test]
async fn without_current_user_email_a_user_info_failure_revokes_the_new_refresh_token() {
    let emulator = emulator();
    let (client, store) = new_client(config(&emulator, &[]));
    inject_status(&emulator, "/oauth/user/info", 503, 10, None).await;
    match client
        .generate_access_token(
            &emulator.issue_grant(None).expect("a grant"),
            &Journal::new(),
        )
        .await
    {
        Err(Error::OAuth { code, message }) => {
            assert_eq!(code, "user_info_unavailable");
            for advice in [
                "HTTP 503",
                "has been revoked",
                "AaaServer.profile.Read",
                "current_user_email",
                "new grant token",
            ] {
                assert!(message.contains(advice), "{advice}: {message}");
            }
        }
        other => panic!("expected user_info_unavailable, got {other:?}"),
    }
    assert_eq!(emulator.stats().revocations, 1);
    assert_eq!(store.load(USER).await.unwrap(), None);
}

/// Revoking a token Zoho no longer knows (HTTP 400) still cleans up the local tokens; an
/// outage keeps them, since the token may still be live.
#[tokio::test]
async fn revoke_deletes_local_tokens_that_zoho_already_revoked_but_keeps_them_on_other_failures() {
    let emulator = emulator();
    let (client, store) = new_client(config(&emulator, &[]));
    let tokens = client
        .generate_access_token(
            &emulator.issue_grant(None).expect("a grant"),
            &Journal::new(),
        )
        .await
        .unwrap();
    inject_status(&emulator, "/oauth/v2/token/revoke", 500, 1, None).await;
    assert!(client.revoke(USER, &Journal::new()).await.is_err());
    assert_eq!(store.load(USER).await.unwrap(), Some(tokens.clone()));
    client.revoke(USER, &Journal::new()).await.unwrap();
    assert_eq!(store.load(USER).await.unwrap(), None);
    // Tokens left behind elsewhere (a backup, another store) whose refresh token is revoked.
    store.save(&tokens).await.unwrap();
    client.revoke(USER, &Journal::new()).await.unwrap();
    assert_eq!(store.load(USER).await.unwrap(), None);
    assert_eq!(emulator.stats().revocations, 1);
}

/// A multi-DC web app configured for one data centre serves a user whose grant came from
/// another (the redirect's `accounts-server`): the grant is exchanged there, API calls go to
/// the `api_domain` Zoho named, and refreshes and the revocation go back to the server that
/// issued the tokens, whichever store keeps them.
#[tokio::test]
async fn a_user_of_another_data_centre_stays_with_the_accounts_server_that_issued_their_tokens() {
    let dir = tempfile::tempdir().unwrap();
    for store in every_store(dir.path(), "zcrm_multi_dc") {
        let (home, eu) = (emulator(), emulator());
        let settings = [
            ("trusted_accounts_servers", eu.accounts_url()),
            ("api_base_url", home.api_base_url()),
        ];
        let client = Client::with_store(Arc::new(config(&home, &settings)), store.clone()).unwrap();
        let tokens = client
            .generate_access_token_from(
                &eu.issue_grant(None).expect("a grant"),
                Some(&eu.accounts_url()),
                &Journal::new(),
            )
            .await
            .unwrap();
        assert_eq!(tokens.accounts_server, Some(eu.accounts_url()));
        assert_eq!(
            store.load(USER).await.unwrap(),
            Some(tokens.clone()),
            "{}",
            store.kind()
        );

        // A new process reads the tokens from the store alone.
        let client = Client::with_store(Arc::new(config(&home, &settings)), store.clone()).unwrap();
        statuses_of_a_successful_call(&client).await;
        eu.expire_access_tokens();
        assert_eq!(
            statuses_of_a_successful_call(&client).await,
            [Some(401), Some(200), Some(200)]
        );
        client.revoke(USER, &Journal::new()).await.unwrap();

        let (at_home, abroad) = (home.stats(), eu.stats());
        assert_eq!(
            (
                abroad.token_exchanges,
                abroad.refreshes,
                abroad.revocations,
                abroad.crm_requests
            ),
            (1, 1, 1, 3),
            "{}",
            store.kind()
        );
        assert_eq!(at_home, zcrm_emulator::Stats::default(), "{}", store.kind());
    }
}

/// The redirect's parameters are whatever the browser brought: a grant naming a server that
/// is neither Zoho's nor trusted is refused before the client secret goes anywhere.
#[tokio::test]
async fn a_grant_naming_an_untrusted_accounts_server_is_refused_before_anything_is_sent() {
    let emulator = emulator();
    let (client, store) = new_client(config(&emulator, &[]));
    let grant = emulator.issue_grant(None).expect("a grant");
    let journal = Journal::new();
    let outcome = client
        .generate_access_token_from(
            &grant,
            Some("https://accounts.zoho.eu.attacker.example"),
            &journal,
        )
        .await;
    match outcome {
        Err(Error::InvalidArgument { code, message }) => {
            assert_eq!(code, "INVALID ACCOUNTS SERVER");
            assert!(message.contains("trusted_accounts_servers"), "{message}");
        }
        other => panic!("expected INVALID ACCOUNTS SERVER, got {other:?}"),
    }
    assert!(journal.take().is_empty(), "nothing was sent");
    assert_eq!(store.load(USER).await.unwrap(), None);
    // The grant is still good where it belongs.
    client
        .generate_access_token(&grant, &Journal::new())
        .await
        .unwrap();
}
