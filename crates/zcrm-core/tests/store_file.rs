//! FileStore: the store contract, the 1.0.x Marshal file and its migration, refusal of foreign
//! files, atomic 0600 writes, and locking across processes.

#[path = "stores/contract.rs"]
mod contract;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use zcrm_core::error::Error;
use zcrm_core::store::file::FileStore;
use zcrm_core::store::TokenStore;
use zcrm_core::tokens::Tokens;

const TOKEN_FILE: &str = "zcrm_oauthtokens.txt";
const BACKUP: &str = "zcrm_oauthtokens.txt.1.0-backup";
const LOCK_FILE: &str = "zcrm_oauthtokens.txt.lock";

const ONE_USER: &[u8] = include_bytes!("fixtures/marshal/one_user.marshal");
const ONE_USER_1_0_IO: &[u8] = include_bytes!("fixtures/marshal/one_user_1_0_io.marshal");
const TWO_USERS: &[u8] = include_bytes!("fixtures/marshal/two_users.marshal");
const EXPIRY_FORMS: &[u8] = include_bytes!("fixtures/marshal/expiry_forms.marshal");
const LINKS: &[u8] = include_bytes!("fixtures/marshal/links.marshal");
const EMPTY_ARRAY: &[u8] = include_bytes!("fixtures/marshal/empty_array.marshal");
const FOREIGN_HASH: &[u8] = include_bytes!("fixtures/marshal/foreign_hash.marshal");
const FOREIGN_OBJECTS: &[u8] = include_bytes!("fixtures/marshal/foreign_objects.marshal");
const FOREIGN_TIME: &[u8] = include_bytes!("fixtures/marshal/foreign_time.marshal");

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

fn json(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&fs::read(dir.join(TOKEN_FILE)).unwrap())
        .expect("the token file is JSON")
}

fn legacy_dir(bytes: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(TOKEN_FILE), bytes).unwrap();
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn file_store_contract() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn TokenStore> = Arc::new(FileStore::new(dir.path()));
    // A second store on the same folder behaves like another process's store.
    let second: Arc<dyn TokenStore> = Arc::new(FileStore::new(dir.path()));
    assert_eq!(store.kind(), "file");
    contract::all(store, second, "").await;
}

#[tokio::test]
async fn writes_versioned_json_atomically_with_mode_0600() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("new/nested");
    let store = FileStore::new(&folder);
    assert_eq!(store.path(), folder.join(TOKEN_FILE));
    assert_eq!(store.load("a@b.com").await.unwrap(), None);
    assert!(!folder.exists(), "reading creates nothing");

    let saved = Tokens {
        api_domain: Some("https://www.zohoapis.com".into()),
        ..contract::tokens("a@b.com", "1000.x")
    };
    for _ in 0..5 {
        store.save(&saved).await.unwrap();
    }
    store
        .save(&Tokens {
            refresh_token: None,
            ..contract::tokens("c@d.com", "1000.y")
        })
        .await
        .unwrap();

    assert_eq!(mode(&folder), 0o700, "a folder we create is private");
    assert_eq!(mode(&folder.join(TOKEN_FILE)), 0o600);
    assert_eq!(mode(&folder.join(LOCK_FILE)), 0o600);
    assert_eq!(
        names(&folder),
        [TOKEN_FILE, LOCK_FILE],
        "no temp files left"
    );
    assert_eq!(
        json(&folder),
        serde_json::json!({
            "format": "zcrmsdk-oauth-tokens",
            "version": 1,
            "tokens": [
                {"user_identifier": "a@b.com", "access_token": "1000.x", "refresh_token": "1000.refresh.1000.x",
                 "expiry_time": 1_700_000_000_000_i64, "api_domain": "https://www.zohoapis.com"},
                {"user_identifier": "c@d.com", "access_token": "1000.y", "refresh_token": null,
                 "expiry_time": 1_700_000_000_000_i64, "api_domain": null},
            ]
        })
    );
}

/// The file stays version 1 (readable by older ZCRMSDK versions sharing it) until a user of
/// another data centre needs `accounts_server`; then it becomes version 2, which older
/// versions refuse instead of rewriting it without the field.
#[tokio::test]
async fn the_format_version_rises_only_when_an_accounts_server_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let store = FileStore::new(dir.path());
    store
        .save(&contract::tokens("home@x.com", "1000.h"))
        .await
        .unwrap();
    assert_eq!(json(dir.path())["version"], 1);
    let abroad = Tokens {
        accounts_server: Some("https://accounts.zoho.eu".into()),
        ..contract::tokens("abroad@x.com", "1000.a")
    };
    store.save(&abroad).await.unwrap();
    let document = json(dir.path());
    assert_eq!(document["version"], 2);
    assert_eq!(
        document["tokens"][1]["accounts_server"],
        "https://accounts.zoho.eu"
    );
    assert_eq!(store.load("abroad@x.com").await.unwrap(), Some(abroad));
    store.delete("abroad@x.com").await.unwrap();
    assert_eq!(json(dir.path())["version"], 1);
}

#[tokio::test]
async fn existing_folder_mode_is_left_alone_and_loose_file_mode_is_fixed() {
    let dir = tempfile::tempdir().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    fs::write(dir.path().join(TOKEN_FILE), b"").unwrap();
    fs::set_permissions(
        dir.path().join(TOKEN_FILE),
        fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let store = FileStore::new(dir.path());
    assert_eq!(
        store.load("a@b.com").await.unwrap(),
        None,
        "an empty file holds no tokens"
    );
    store.save(&contract::tokens("a@b.com", "1")).await.unwrap();
    assert_eq!(mode(dir.path()), 0o755);
    assert_eq!(mode(&dir.path().join(TOKEN_FILE)), 0o600);
}

#[tokio::test]
async fn keys_are_case_sensitive_and_first_match_wins() {
    let dir = tempfile::tempdir().unwrap();
    let store = FileStore::new(dir.path());
    store.save(&contract::tokens("a@b.com", "1")).await.unwrap();
    assert_eq!(store.load("A@b.com").await.unwrap(), None);
    // Duplicates (left by 1.0.x's unlocked writes): the first one is read, a save replaces all.
    let document = serde_json::json!({"format": "zcrmsdk-oauth-tokens", "version": 1, "tokens": [
        {"user_identifier": "d@x.com", "access_token": "first", "refresh_token": null, "expiry_time": 1, "api_domain": null},
        {"user_identifier": "d@x.com", "access_token": "second", "refresh_token": null, "expiry_time": 2, "api_domain": null},
    ]});
    fs::write(dir.path().join(TOKEN_FILE), document.to_string()).unwrap();
    assert_eq!(
        store.load("d@x.com").await.unwrap().unwrap().access_token,
        "first"
    );
    store
        .save(&contract::tokens("d@x.com", "third"))
        .await
        .unwrap();
    assert_eq!(json(dir.path())["tokens"].as_array().unwrap().len(), 1);
}

/// Loads `user` from a folder holding `fixture` as the token file, then checks the migration:
/// the backup holds the original bytes, the file is JSON, and both are 0600.
async fn import(fixture: &[u8], user: &str) -> (Option<Tokens>, tempfile::TempDir) {
    let dir = legacy_dir(fixture);
    let loaded = FileStore::new(dir.path()).load(user).await.unwrap();
    assert_eq!(
        fs::read(dir.path().join(BACKUP)).unwrap(),
        fixture,
        "backup is the original"
    );
    assert_eq!(json(dir.path())["format"], "zcrmsdk-oauth-tokens");
    assert_eq!(mode(&dir.path().join(BACKUP)), 0o600);
    assert_eq!(mode(&dir.path().join(TOKEN_FILE)), 0o600);
    assert_eq!(names(dir.path()), [TOKEN_FILE, BACKUP, LOCK_FILE]);
    (loaded, dir)
}

#[tokio::test]
async fn imports_1_0_x_marshal_files() {
    let expected = Tokens {
        user_identifier: "a@b.com".into(),
        access_token: "1000.a1a1".into(),
        refresh_token: Some("1000.r1r1".into()),
        expiry_time: 1_700_000_000_000,
        api_domain: None,
        accounts_server: None,
    };
    for fixture in [ONE_USER, ONE_USER_1_0_IO] {
        let (loaded, dir) = import(fixture, "a@b.com").await;
        assert_eq!(loaded.as_ref(), Some(&expected));
        // Once migrated, the JSON answers the same.
        assert_eq!(
            FileStore::new(dir.path()).load("a@b.com").await.unwrap(),
            Some(expected.clone())
        );
    }

    let (loaded, dir) = import(TWO_USERS, "first@example.com").await;
    let first = loaded.unwrap();
    assert_eq!(
        (first.access_token.as_str(), first.refresh_token),
        ("1000.a2a2", None)
    );
    let store = FileStore::new(dir.path());
    assert_eq!(
        store
            .load("second@example.com")
            .await
            .unwrap()
            .unwrap()
            .expiry_time,
        1_700_000_200_000
    );

    let (loaded, dir) = import(EXPIRY_FORMS, "real-bignum@x.com").await;
    assert_eq!(loaded.unwrap().expiry_time, (1 << 62) + 5);
    assert_eq!(json(dir.path())["tokens"].as_array().unwrap().len(), 9);

    let (loaded, dir) = import(LINKS, "shared@example.com").await;
    let shared = loaded.unwrap();
    assert_eq!(
        (
            shared.access_token.as_str(),
            shared.refresh_token.as_deref()
        ),
        ("1000.same", Some("1000.same"))
    );
    let store = FileStore::new(dir.path());
    assert_eq!(
        store
            .load("binary@example.com")
            .await
            .unwrap()
            .unwrap()
            .access_token,
        "1000.a5a5"
    );
    assert_eq!(
        store
            .load("twice@example.com")
            .await
            .unwrap()
            .unwrap()
            .access_token,
        "1000.a4a4"
    );

    let (loaded, dir) = import(EMPTY_ARRAY, "a@b.com").await;
    assert_eq!(loaded, None);
    assert_eq!(json(dir.path())["tokens"], serde_json::json!([]));
}

#[tokio::test]
async fn save_and_lock_migrate_a_legacy_file_too() {
    let dir = legacy_dir(TWO_USERS);
    let store = FileStore::new(dir.path());
    store
        .save(&contract::tokens("new@example.com", "1000.n"))
        .await
        .unwrap();
    assert_eq!(fs::read(dir.path().join(BACKUP)).unwrap(), TWO_USERS);
    let users: Vec<String> = json(dir.path())["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["user_identifier"].to_string())
        .collect();
    assert_eq!(
        users,
        [
            r#""first@example.com""#,
            r#""second@example.com""#,
            r#""new@example.com""#
        ],
        "new users go last"
    );

    let dir = legacy_dir(ONE_USER);
    let store = FileStore::new(dir.path());
    let mut locked = store.lock("a@b.com").await.unwrap();
    assert_eq!(
        locked.load().await.unwrap().unwrap().access_token,
        "1000.a1a1"
    );
    assert_eq!(fs::read(dir.path().join(BACKUP)).unwrap(), ONE_USER);
    locked.release().await.unwrap();
    assert_eq!(json(dir.path())["tokens"][0]["access_token"], "1000.a1a1");

    let dir = legacy_dir(ONE_USER);
    FileStore::new(dir.path()).delete("a@b.com").await.unwrap();
    assert_eq!(json(dir.path())["tokens"], serde_json::json!([]));
    assert_eq!(fs::read(dir.path().join(BACKUP)).unwrap(), ONE_USER);
}

#[tokio::test]
async fn a_plain_read_of_a_legacy_file_never_waits_for_the_lock() {
    let dir = legacy_dir(ONE_USER);
    let store = FileStore::new(dir.path());
    let held = store.lock("other@example.com").await.unwrap();
    let read = tokio::time::timeout(Duration::from_secs(2), store.load("a@b.com")).await;
    assert_eq!(
        read.expect("load waited for the flock")
            .unwrap()
            .unwrap()
            .access_token,
        "1000.a1a1"
    );
    assert_eq!(
        fs::read(dir.path().join(TOKEN_FILE)).unwrap(),
        ONE_USER,
        "migrated without the lock"
    );
    drop(held);
    store.load("a@b.com").await.unwrap();
    assert_eq!(fs::read(dir.path().join(BACKUP)).unwrap(), ONE_USER);
}

/// Every way of touching the store fails with a message that says what to do, and the file is
/// left exactly as it was.
async fn refused(contents: &[u8], expect: &str) {
    let dir = legacy_dir(contents);
    let store = FileStore::new(dir.path());
    let path = dir.path().join(TOKEN_FILE);
    let mut errors = vec![
        store.load("a@b.com").await.unwrap_err(),
        store
            .save(&contract::tokens("a@b.com", "1000.secret"))
            .await
            .unwrap_err(),
        store.delete("a@b.com").await.unwrap_err(),
    ];
    let mut locked = store.lock("a@b.com").await.unwrap();
    errors.push(locked.load().await.unwrap_err());
    errors.push(
        locked
            .save(&contract::tokens("a@b.com", "1000.secret"))
            .await
            .unwrap_err(),
    );
    locked.release().await.unwrap();
    for error in errors {
        let Error::Store { store, message } = &error else {
            panic!("not a store error: {error:?}")
        };
        assert_eq!(store, "file");
        assert!(message.contains(&path.display().to_string()), "{message}");
        assert!(message.contains(expect), "{message}");
        assert!(
            message.contains("left untouched") && message.contains("token_persistence_path"),
            "{message}"
        );
        assert!(!message.contains("1000."), "a token leaked: {message}");
    }
    assert_eq!(fs::read(&path).unwrap(), contents, "the file was changed");
    assert!(!dir.path().join(BACKUP).exists());
}

#[tokio::test]
async fn foreign_and_corrupt_files_are_refused_and_never_overwritten() {
    let not_ours = "is not a ZCRMSDK token file";
    refused(b"hello, world\n", not_ours).await;
    refused(b"{\"tokens\": []}", not_ours).await;
    refused(b"[1, 2, 3]", not_ours).await;
    refused(b"{\"format\": \"zcrmsdk-oauth-tokens\", \"version\": 1, \"tokens\": [{\"access_token\": \"1000.x\"}]}", not_ours)
        .await;
    refused(b"{\"format\": \"zcrmsdk-oauth-tokens\", \"version\": 1, \"tokens\": [{\"user_identifier\": 5, \"access_token\": \"1000.leak\"}]}", not_ours).await;
    refused(
        b"{\"format\": \"zcrmsdk-oauth-tokens\", \"version\": 1, \"tok",
        not_ours,
    )
    .await;
    refused(&[0xff, 0xfe, 0x00, 0x01], not_ours).await;
    refused(FOREIGN_HASH, not_ours).await;
    refused(FOREIGN_OBJECTS, not_ours).await;
    refused(FOREIGN_TIME, "0x75 ('u')").await;
    refused(&ONE_USER[..ONE_USER.len() - 4], "Ruby Marshal").await;
    refused(
        b"{\"format\": \"zcrmsdk-oauth-tokens\", \"version\": 3, \"tokens\": []}",
        "newer ZCRMSDK",
    )
    .await;
}

#[tokio::test]
async fn a_folder_in_place_of_the_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join(TOKEN_FILE)).unwrap();
    let err = FileStore::new(dir.path())
        .load("a@b.com")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("not a regular file"), "{err}");
}

#[tokio::test]
async fn symlinked_token_file_stays_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("elsewhere");
    fs::create_dir(&real).unwrap();
    fs::write(real.join("tokens.json"), b"").unwrap();
    let folder = dir.path().join("config");
    fs::create_dir(&folder).unwrap();
    std::os::unix::fs::symlink(real.join("tokens.json"), folder.join(TOKEN_FILE)).unwrap();
    FileStore::new(&folder)
        .save(&contract::tokens("a@b.com", "1"))
        .await
        .unwrap();
    assert!(fs::symlink_metadata(folder.join(TOKEN_FILE))
        .unwrap()
        .file_type()
        .is_symlink());
    let written: serde_json::Value =
        serde_json::from_slice(&fs::read(real.join("tokens.json")).unwrap()).unwrap();
    assert_eq!(written["tokens"][0]["user_identifier"], "a@b.com");
    assert_eq!(
        names(&real),
        ["tokens.json"],
        "no temp files left beside the target"
    );
}

/// A writer killed mid-write leaves `.zcrm_oauthtokens.txt.<pid>.<8 hex>.tmp` (a whole token
/// list) behind. The next save, or a store's first read, removes those of dead pids and old
/// ones; a live writer's fresh temp file and anything not named exactly so are kept.
#[tokio::test]
async fn orphan_temp_files_are_removed_at_the_next_save_or_open() {
    let dead_pid = {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    };
    let me = std::process::id();
    for open_only in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let temp = |target: &str, pid: u32, random: &str| format!(".{target}.{pid}.{random}.tmp");
        let dead = temp(TOKEN_FILE, dead_pid, "0badf00d");
        let dead_backup = temp(BACKUP, dead_pid, "0badf00d");
        // A live pid, so only its age makes it an orphan (the pid may have been reused).
        let old = temp(TOKEN_FILE, me, "00c0ffee");
        let live = temp(TOKEN_FILE, me, "12345678");
        let others = [
            format!(".{TOKEN_FILE}.{dead_pid}.tmp"),
            format!(".{TOKEN_FILE}.{dead_pid}.0BADF00D.tmp"),
            format!(".{TOKEN_FILE}.{dead_pid}.0badf00d.tmp.keep"),
            format!("{TOKEN_FILE}.{dead_pid}.0badf00d.tmp"),
            format!(".other.txt.{dead_pid}.0badf00d.tmp"),
        ];
        for name in [&dead, &dead_backup, &old, &live]
            .into_iter()
            .chain(&others)
        {
            fs::write(dir.path().join(name), b"{\"tokens\": []}").unwrap();
        }
        let eleven_minutes_ago = std::time::SystemTime::now() - Duration::from_secs(11 * 60);
        fs::File::options()
            .write(true)
            .open(dir.path().join(&old))
            .unwrap()
            .set_modified(eleven_minutes_ago)
            .unwrap();

        let store = FileStore::new(dir.path());
        if open_only {
            assert_eq!(store.load("a@b.com").await.unwrap(), None);
        } else {
            store.save(&contract::tokens("a@b.com", "1")).await.unwrap();
        }

        let left = names(dir.path());
        for gone in [&dead, &dead_backup, &old] {
            assert!(!left.contains(gone), "{gone} was kept: {left:?}");
        }
        for kept in [&live].into_iter().chain(&others) {
            assert!(left.contains(kept), "{kept} was removed: {left:?}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn plain_writes_wait_for_the_refresh_lock() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(FileStore::new(dir.path()));
    let held = store.lock("a@b.com").await.unwrap();
    let writer = {
        let store = store.clone();
        tokio::spawn(async move { store.save(&contract::tokens("b@b.com", "1")).await })
    };
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert!(
        !writer.is_finished(),
        "a save ran while another process's lock was held"
    );
    drop(held);
    tokio::time::timeout(Duration::from_secs(5), writer)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(store.load("b@b.com").await.unwrap().is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_saves_of_different_users_lose_nobody() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(FileStore::new(dir.path()));
    let tasks: Vec<_> = (0..16)
        .map(|i| {
            // Separate stores: nothing shared in memory, only the folder.
            let store = FileStore::new(dir.path());
            tokio::spawn(async move {
                store
                    .save(&contract::tokens(&format!("u{i}@x.com"), "1"))
                    .await
                    .unwrap()
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(json(dir.path())["tokens"].as_array().unwrap().len(), 16);
    assert!(store.load("u15@x.com").await.unwrap().is_some());
}

#[test]
fn locks_and_writes_across_processes() {
    let dir = tempfile::tempdir().unwrap();
    contract::run_children("file_cross_process_child", dir.path(), || {
        contract::cross_process_work(Arc::new(FileStore::new(dir.path())), "parent");
    });
    contract::check_cross_process(Arc::new(FileStore::new(dir.path())));
    assert_eq!(
        names(dir.path()),
        [TOKEN_FILE, LOCK_FILE],
        "no temp files left"
    );
}

/// Runs only as a child of `locks_and_writes_across_processes`.
#[test]
fn file_cross_process_child() {
    if let Some((id, dir)) = contract::child_args() {
        contract::cross_process_work(Arc::new(FileStore::new(dir)), &id);
    }
}
