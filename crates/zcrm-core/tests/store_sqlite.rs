//! SqliteStore: the store contract, the seed's table shape, WAL, 0600, the default path, and
//! locking across processes.

#[path = "stores/contract.rs"]
mod contract;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use zcrm_core::store::sqlite::{self, SqliteStore};
use zcrm_core::store::TokenStore;

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn raw(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_store_contract() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tokens.sqlite3");
    let store: Arc<dyn TokenStore> = Arc::new(SqliteStore::open(&path).unwrap());
    let second: Arc<dyn TokenStore> = Arc::new(SqliteStore::open(&path).unwrap());
    assert_eq!(store.kind(), "sqlite");
    // BEGIN IMMEDIATE takes the database's single write slot: the lock is not per user.
    contract::all(store, second, "").await;
}

#[tokio::test]
async fn creates_folders_file_0600_wal_and_the_seed_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a/b/oauthtokens.sqlite3");
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.path(), path);
    store
        .save(&contract::tokens("a@b.com", "1000.x"))
        .await
        .unwrap();
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&dir.path().join("a/b")), 0o700);
    assert_eq!(
        mode(&path.with_extension("sqlite3-wal")),
        0o600,
        "SQLite copies the mode to the WAL"
    );

    let conn = raw(&path);
    let journal: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
    let mut columns = conn
        .prepare("SELECT name, type FROM pragma_table_info('oauthtokens') ORDER BY cid")
        .unwrap();
    let columns: Vec<(String, String)> = columns
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let expected = [
        ("useridentifier", "varchar(100)"),
        ("accesstoken", "varchar(100)"),
        ("refreshtoken", "varchar(100)"),
        ("expirytime", "bigint"),
        ("apidomain", "varchar(255)"),
        ("accountsserver", "varchar(255)"),
    ];
    assert_eq!(columns, expected.map(|(n, t)| (n.to_owned(), t.to_owned())));
    let row: (String, String, i64) = conn
        .query_row(
            "SELECT useridentifier, accesstoken, expirytime FROM oauthtokens",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(row, ("a@b.com".into(), "1000.x".into(), 1_700_000_000_000));
}

#[tokio::test]
async fn reopening_keeps_tokens_and_tightens_a_loose_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.sqlite3");
    SqliteStore::open(&path)
        .unwrap()
        .save(&contract::tokens("a@b.com", "1"))
        .await
        .unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(mode(&path), 0o600);
    assert_eq!(
        store.load("a@b.com").await.unwrap().unwrap().access_token,
        "1"
    );
    assert_eq!(
        store.load("A@b.com").await.unwrap(),
        None,
        "keys are case-sensitive"
    );
}

#[tokio::test]
async fn rows_of_odd_types_are_read_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.sqlite3");
    let store = SqliteStore::open(&path).unwrap();
    raw(&path)
        .execute_batch(
            "INSERT INTO oauthtokens VALUES ('n@x.com', NULL, NULL, NULL, NULL, NULL);
             INSERT INTO oauthtokens VALUES ('t@x.com', 42, X'31303030', '1700000000000', 7, NULL);",
        )
        .unwrap();
    let n = store.load("n@x.com").await.unwrap().unwrap();
    assert_eq!(
        (n.access_token.as_str(), n.refresh_token, n.expiry_time),
        ("", None, 0)
    );
    let t = store.load("t@x.com").await.unwrap().unwrap();
    assert_eq!(
        (
            t.access_token.as_str(),
            t.refresh_token.as_deref(),
            t.expiry_time
        ),
        ("42", Some("1000"), 1_700_000_000_000)
    );
}

/// A database made before the extra columns (by an older ZCRMSDK, or by hand with the seed's
/// shape) gets them when opened; its rows read as before, their data centre unknown.
#[tokio::test]
async fn a_seed_shaped_table_gains_the_columns_and_keeps_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.sqlite3");
    raw(&path)
        .execute_batch(
            "CREATE TABLE oauthtokens (useridentifier varchar(100) NOT NULL, accesstoken \
             varchar(100), refreshtoken varchar(100), expirytime bigint);
             INSERT INTO oauthtokens VALUES ('old@x.com', '1000.old', '1000.r', 1700000000000);",
        )
        .unwrap();
    let store = SqliteStore::open(&path).unwrap();
    let old = store.load("old@x.com").await.unwrap().unwrap();
    assert_eq!(
        (
            old.access_token.as_str(),
            old.api_domain,
            old.accounts_server
        ),
        ("1000.old", None, None)
    );
    let abroad = zcrm_core::Tokens {
        api_domain: Some("https://www.zohoapis.eu".into()),
        accounts_server: Some("https://accounts.zoho.eu".into()),
        ..old
    };
    store.save(&abroad).await.unwrap();
    // A second process opening the migrated file changes nothing.
    let again = SqliteStore::open(&path).unwrap();
    assert_eq!(again.load("old@x.com").await.unwrap(), Some(abroad));
}

/// A token Zoho minted is never thrown away: what was saved under the lock stays when the
/// lock is dropped unreleased (a cancelled call), and the lock is free again.
#[tokio::test]
async fn a_dropped_lock_keeps_what_it_saved_and_frees_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path().join("t.sqlite3")).unwrap();
    let mut locked = store.lock("a@b.com").await.unwrap();
    locked
        .save(&contract::tokens("a@b.com", "minted"))
        .await
        .unwrap();
    drop(locked);
    let saved = store.load("a@b.com").await.unwrap().unwrap();
    assert_eq!(saved.access_token, "minted");
    let relocked = tokio::time::timeout(Duration::from_secs(2), store.lock("a@b.com")).await;
    assert!(relocked.is_ok(), "the dropped lock was not freed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn plain_writes_wait_for_the_refresh_lock_holder() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.sqlite3");
    let store = Arc::new(SqliteStore::open(&path).unwrap());
    // Another "process": its own store on the same file.
    let other = Arc::new(SqliteStore::open(&path).unwrap());
    let mut locked = store.lock("a@b.com").await.unwrap();
    locked
        .save(&contract::tokens("a@b.com", "refreshed"))
        .await
        .unwrap();
    // Readers never wait for the refresher, and see what it saved.
    assert_eq!(
        other.load("a@b.com").await.unwrap().unwrap().access_token,
        "refreshed"
    );
    let writer = {
        let other = other.clone();
        tokio::spawn(async move { other.save(&contract::tokens("b@b.com", "1")).await })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        !writer.is_finished(),
        "a write went through while the lock was held"
    );
    locked.release().await.unwrap();
    tokio::time::timeout(Duration::from_secs(5), writer)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(
        other.load("a@b.com").await.unwrap().unwrap().access_token,
        "refreshed"
    );
    assert!(other.load("b@b.com").await.unwrap().is_some());
}

#[test]
fn an_unusable_path_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("file"), b"").unwrap();
    let err = SqliteStore::open(dir.path().join("file/t.sqlite3"))
        .err()
        .expect("a path under a file");
    assert_eq!(err.kind(), "store");
    assert!(
        err.to_string()
            .contains(&dir.path().join("file").display().to_string()),
        "{err}"
    );

    let garbage = dir.path().join("garbage.sqlite3");
    fs::write(&garbage, vec![0x55u8; 4096]).unwrap();
    let err = SqliteStore::open(&garbage).err().expect("not a database");
    assert!(err.to_string().contains("garbage.sqlite3"), "{err}");
}

#[test]
fn default_path_follows_env_then_xdg_then_home() {
    // The only test here that reads or changes these variables.
    let saved: Vec<_> = ["ZCRMSDK_SQLITE_PATH", "XDG_DATA_HOME", "HOME"]
        .map(|n| (n, std::env::var_os(n)))
        .into();
    let set = |name: &str, value: Option<&str>| match value {
        Some(value) => std::env::set_var(name, value),
        None => std::env::remove_var(name),
    };
    set("ZCRMSDK_SQLITE_PATH", Some("/tmp/explicit.sqlite3"));
    set("XDG_DATA_HOME", Some("/xdg"));
    set("HOME", Some("/home/u"));
    assert_eq!(
        sqlite::default_path(),
        PathBuf::from("/tmp/explicit.sqlite3")
    );
    set("ZCRMSDK_SQLITE_PATH", Some(""));
    assert_eq!(
        sqlite::default_path(),
        PathBuf::from("/xdg/zcrmsdk/oauthtokens.sqlite3")
    );
    set("XDG_DATA_HOME", Some("relative/is/ignored"));
    assert_eq!(
        sqlite::default_path(),
        PathBuf::from("/home/u/.local/share/zcrmsdk/oauthtokens.sqlite3")
    );
    set("XDG_DATA_HOME", None);
    assert_eq!(
        sqlite::default_path(),
        PathBuf::from("/home/u/.local/share/zcrmsdk/oauthtokens.sqlite3")
    );
    for (name, value) in saved {
        match value {
            Some(value) => std::env::set_var(name, value),
            None => std::env::remove_var(name),
        }
    }
}

#[test]
fn locks_and_writes_across_processes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.sqlite3");
    // Created once up front; the children then open it concurrently.
    drop(SqliteStore::open(&path).unwrap());
    contract::run_children("sqlite_cross_process_child", &path, || {
        contract::cross_process_work(Arc::new(SqliteStore::open(&path).unwrap()), "parent");
    });
    contract::check_cross_process(Arc::new(SqliteStore::open(&path).unwrap()));
}

/// Runs only as a child of `locks_and_writes_across_processes`.
#[test]
fn sqlite_cross_process_child() {
    if let Some((id, path)) = contract::child_args() {
        contract::cross_process_work(Arc::new(SqliteStore::open(path).unwrap()), &id);
    }
}
