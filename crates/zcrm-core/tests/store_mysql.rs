//! MysqlStore against a private MariaDB (tests/stores/mariadb.rs): the store contract, the
//! seed's table, rows written by 1.0.x, GET_LOCK handling, and connection errors.
//! Each test uses its own database, so they run in parallel on one server.

#[path = "stores/contract.rs"]
mod contract;
#[path = "stores/mariadb.rs"]
mod mariadb;

use std::sync::Arc;
use std::time::{Duration, Instant};

use mysql_async::prelude::Queryable;
use zcrm_core::error::Error;
use zcrm_core::store::mysql::{lock_name, MysqlOptions, MysqlStore};
use zcrm_core::store::TokenStore;

fn options(port: u16, database: &str) -> MysqlOptions {
    MysqlOptions {
        port,
        database: database.into(),
        ..MysqlOptions::default()
    }
}

/// A plain connection, as the 1.0.x gem or a DBA would make.
async fn raw(port: u16, database: Option<&str>) -> mysql_async::Conn {
    let opts = mysql_async::OptsBuilder::default()
        .ip_or_hostname("127.0.0.1")
        .tcp_port(port)
        .user(Some("root"))
        .db_name(database)
        .prefer_socket(false);
    mysql_async::Conn::new(opts).await.unwrap()
}

macro_rules! server_port {
    () => {
        match mariadb::server() {
            Some(server) => server.port,
            None => return,
        }
    };
}

#[test]
fn defaults_are_1_0_x_and_debug_hides_the_password() {
    let defaults = MysqlOptions::default();
    assert_eq!(
        (
            defaults.host.as_str(),
            defaults.port,
            defaults.user.as_str(),
            defaults.password.as_str(),
            defaults.database.as_str()
        ),
        ("127.0.0.1", 3306, "root", "", "zohooauth")
    );
    let shown = format!(
        "{:?}",
        MysqlOptions {
            password: "hunter2-secret".into(),
            ..defaults
        }
    );
    assert!(
        !shown.contains("hunter2-secret") && shown.contains("[FILTERED]"),
        "{shown}"
    );
}

#[test]
fn lock_names_fit_mysql_limit() {
    assert_eq!(
        lock_name(""),
        "zcrmsdk.cbf29ce484222325",
        "FNV-1a 64 offset basis"
    );
    assert_eq!(lock_name("a"), "zcrmsdk.af63dc4c8601ec8c");
    let long = format!("{}@example.com", "x".repeat(300));
    assert_eq!(lock_name(&long).len(), 24);
    assert_ne!(lock_name("a@b.com"), lock_name("A@b.com"));
}

#[tokio::test]
async fn unreachable_server_error_names_host_and_user_never_the_password() {
    // A port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let started = Instant::now();
    let store = MysqlStore::new(MysqlOptions {
        port,
        password: "very-secret-pw".into(),
        ..MysqlOptions::default()
    });
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "constructing the store must not touch the network"
    );
    let err = store.load("a@b.com").await.unwrap_err();
    let Error::Store {
        store: kind,
        message,
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(kind, "mysql");
    assert!(
        message.contains(&format!("127.0.0.1:{port}")) && message.contains("'root'"),
        "{message}"
    );
    assert!(
        message.contains("Is MySQL running?") && message.contains("db_password"),
        "{message}"
    );
    assert!(!message.contains("very-secret-pw"), "{message}");
    // Not remembered: the next call tries again (and fails again, the same way).
    assert!(store.lock("a@b.com").await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn mysql_store_contract() {
    let port = server_port!();
    let store: Arc<dyn TokenStore> = Arc::new(MysqlStore::new(options(port, "zt_contract")));
    // A second pool: its sessions are as foreign to the first as another process's.
    let second: Arc<dyn TokenStore> = Arc::new(MysqlStore::new(options(port, "zt_contract")));
    assert_eq!(store.kind(), "mysql");
    contract::all(store.clone(), second, "contract-").await;
    contract::locks_are_per_user(&*store, "contract-").await;
}

#[tokio::test]
async fn creates_the_database_and_the_seed_table_plus_two_nullable_columns() {
    let port = server_port!();
    let store = MysqlStore::new(options(port, "zt_shape"));
    assert_eq!(store.load("a@b.com").await.unwrap(), None);
    let mut conn = raw(port, Some("zt_shape")).await;
    let columns: Vec<(String, String)> = conn
        .query(
            "SELECT COLUMN_NAME, COLUMN_TYPE FROM information_schema.columns \
         WHERE table_schema = 'zt_shape' AND table_name = 'oauthtokens' ORDER BY ORDINAL_POSITION",
        )
        .await
        .unwrap();
    let columns: Vec<(&str, &str)> = columns
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    assert_eq!(
        columns,
        [
            ("useridentifier", "varchar(100)"),
            ("accesstoken", "varchar(100)"),
            ("refreshtoken", "varchar(100)"),
            ("expirytime", "bigint(20)"),
            ("apidomain", "varchar(255)"),
            ("accountsserver", "varchar(255)"),
        ]
    );
    let indexes: Vec<String> = conn
        .query(
            "SELECT INDEX_NAME FROM information_schema.statistics WHERE table_schema = 'zt_shape'",
        )
        .await
        .unwrap();
    assert!(
        indexes.is_empty(),
        "1.0.x rows may repeat a user: no unique key"
    );
    conn.disconnect().await.unwrap();
}

#[tokio::test]
async fn reads_and_replaces_rows_written_by_1_0_x() {
    let port = server_port!();
    let store = MysqlStore::new(options(port, "zt_legacy"));
    store.load("nobody@x.com").await.unwrap();
    let mut conn = raw(port, Some("zt_legacy")).await;
    // 1.0.x's own SQL: interpolated, a nil refresh token as '', possibly twice for one user.
    for values in [
        "'old@x.com','1000.first','',1700000000000",
        "'old@x.com','1000.second','1000.r',1700000000001",
    ] {
        let sql = format!("INSERT INTO oauthtokens(useridentifier,accesstoken,refreshtoken,expirytime) VALUES({values})");
        conn.query_drop(sql).await.unwrap();
    }

    let loaded = store.load("old@x.com").await.unwrap().unwrap();
    assert_eq!(
        (
            loaded.user_identifier.as_str(),
            loaded.access_token.as_str(),
            loaded.refresh_token,
            loaded.expiry_time
        ),
        ("old@x.com", "1000.first", None, 1_700_000_000_000)
    );
    let mut locked = store.lock("old@x.com").await.unwrap();
    assert_eq!(
        locked.load().await.unwrap().unwrap().access_token,
        "1000.first"
    );
    locked
        .save(&contract::tokens("old@x.com", "1000.third"))
        .await
        .unwrap();
    locked.release().await.unwrap();

    let rows: Vec<(String, Option<String>)> = conn
        .query(
            "SELECT accesstoken, refreshtoken FROM oauthtokens WHERE useridentifier = 'old@x.com'",
        )
        .await
        .unwrap();
    assert_eq!(
        rows,
        [(
            "1000.third".to_owned(),
            Some("1000.refresh.1000.third".to_owned())
        )]
    );
    store.delete("old@x.com").await.unwrap();
    let left: Option<i64> = conn
        .query_first("SELECT COUNT(*) FROM oauthtokens")
        .await
        .unwrap();
    assert_eq!(left, Some(0));
    conn.disconnect().await.unwrap();
}

#[tokio::test]
async fn a_hand_made_table_with_other_types_still_reads() {
    let port = server_port!();
    let mut conn = raw(port, None).await;
    conn.query_drop("CREATE DATABASE zt_handmade")
        .await
        .unwrap();
    conn.query_drop(
        "CREATE TABLE zt_handmade.oauthtokens (useridentifier varchar(255), accesstoken text, \
         refreshtoken text, expirytime varchar(20))",
    )
    .await
    .unwrap();
    conn.query_drop(
        "INSERT INTO zt_handmade.oauthtokens VALUES ('h@x.com', '1000.h', NULL, '1700000000000')",
    )
    .await
    .unwrap();
    let store = MysqlStore::new(options(port, "zt_handmade"));
    let loaded = store.load("h@x.com").await.unwrap().unwrap();
    assert_eq!(
        (
            loaded.access_token.as_str(),
            loaded.refresh_token,
            loaded.expiry_time
        ),
        ("1000.h", None, 1_700_000_000_000)
    );
    conn.disconnect().await.unwrap();
}

/// A DBA may give the SDK's account no ALTER right on the seed's four-column table: tokens of
/// the configured data centre are stored as before; tokens whose accounts server must be
/// recorded are refused with the statement to run, and nothing already stored is touched.
#[tokio::test]
async fn without_the_right_to_add_columns_only_tokens_of_another_data_centre_are_refused() {
    let port = server_port!();
    let mut conn = raw(port, None).await;
    // The test server runs without grant tables, so no account can be denied ALTER: an
    // updatable view stands in for a table this account may read and write but not alter.
    for sql in [
        "CREATE DATABASE zt_limited",
        "CREATE TABLE zt_limited.tokens_behind (useridentifier varchar(100), accesstoken \
         varchar(100), refreshtoken varchar(100), expirytime bigint)",
        "CREATE VIEW zt_limited.oauthtokens AS SELECT * FROM zt_limited.tokens_behind",
    ] {
        conn.query_drop(sql).await.unwrap();
    }
    let store = MysqlStore::new(options(port, "zt_limited"));
    let home = contract::tokens("home@x.com", "1000.home");
    store.save(&home).await.unwrap();
    assert_eq!(store.load("home@x.com").await.unwrap(), Some(home));

    let abroad = zcrm_core::Tokens {
        accounts_server: Some("https://accounts.zoho.eu".into()),
        ..contract::tokens("abroad@x.com", "1000.abroad")
    };
    match store.save(&abroad).await {
        Err(Error::Store { message, .. }) => {
            assert!(message.contains("https://accounts.zoho.eu"), "{message}");
            assert!(
                message.contains("ALTER TABLE oauthtokens ADD COLUMN apidomain varchar(255) NULL"),
                "{message}"
            );
        }
        other => panic!("expected a store error, got {other:?}"),
    }
    assert_eq!(store.load("abroad@x.com").await.unwrap(), None);
    conn.disconnect().await.unwrap();
}

/// Polls the server until nobody holds the user's lock.
async fn lock_is_free(port: u16, user: &str) -> bool {
    let mut conn = raw(port, None).await;
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut free = false;
    while !free && Instant::now() < deadline {
        let holder: Option<Option<u64>> = conn
            .exec_first("SELECT IS_USED_LOCK(?)", (lock_name(user),))
            .await
            .unwrap();
        free = holder == Some(None);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    conn.disconnect().await.unwrap();
    free
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_side_lock_follows_the_handle() {
    let port = server_port!();
    let store = MysqlStore::new(options(port, "zt_lock"));
    let other = MysqlStore::new(options(port, "zt_lock"));
    let user = "lock-follow@x.com";

    let held = store.lock(user).await.unwrap();
    assert!(
        !lock_is_free_now(port, user).await,
        "GET_LOCK is held on the server"
    );
    assert!(
        tokio::time::timeout(Duration::from_millis(150), other.lock(user))
            .await
            .is_err()
    );
    held.release().await.unwrap();
    assert!(
        lock_is_free_now(port, user).await,
        "release frees it at once"
    );

    // Dropped without release: the connection is closed, which frees it.
    drop(store.lock(user).await.unwrap());
    assert!(lock_is_free(port, user).await);
    let taken = tokio::time::timeout(Duration::from_secs(5), other.lock(user)).await;
    taken
        .expect("the other store gets the lock")
        .unwrap()
        .release()
        .await
        .unwrap();
}

async fn lock_is_free_now(port: u16, user: &str) -> bool {
    let mut conn = raw(port, None).await;
    let holder: Option<Option<u64>> = conn
        .exec_first("SELECT IS_USED_LOCK(?)", (lock_name(user),))
        .await
        .unwrap();
    conn.disconnect().await.unwrap();
    holder == Some(None)
}

#[tokio::test]
async fn sql_injection_is_just_a_strange_user_name() {
    let port = server_port!();
    let store = MysqlStore::new(options(port, "zt_injection"));
    let user = "x'); DROP TABLE oauthtokens; --@x.com";
    store.save(&contract::tokens(user, "1000.i")).await.unwrap();
    assert_eq!(
        store.load(user).await.unwrap().unwrap().access_token,
        "1000.i"
    );
    assert_eq!(store.load("x@x.com").await.unwrap(), None);
}
