//! What every `TokenStore` must do, shared by the store_*.rs test files
//! (`#[path = "stores/contract.rs"] mod contract;`). Each check takes a `prefix` so that stores
//! shared between tests (one MySQL server) never see each other's users.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use zcrm_core::store::TokenStore;
use zcrm_core::tokens::Tokens;

pub fn tokens(user: &str, access: &str) -> Tokens {
    Tokens {
        user_identifier: user.to_owned(),
        access_token: access.to_owned(),
        refresh_token: Some(format!("1000.refresh.{access}")),
        expiry_time: 1_700_000_000_000,
        api_domain: None,
        accounts_server: None,
    }
}

fn same(loaded: Option<Tokens>, saved: &Tokens) -> bool {
    loaded.as_ref() == Some(saved)
}

/// Save, load, overwrite, second user, missing user, case-sensitive key, delete.
pub async fn round_trip(store: &dyn TokenStore, prefix: &str) {
    let alice = format!("{prefix}alice@example.com");
    let bob = format!("{prefix}bob@example.com");
    assert_eq!(store.load(&alice).await.unwrap(), None, "missing user");

    // A user of another data centre: every store keeps where their tokens belong.
    let first = Tokens {
        api_domain: Some("https://www.zohoapis.eu".into()),
        accounts_server: Some("https://accounts.zoho.eu".into()),
        ..tokens(&alice, "1000.a.1")
    };
    store.save(&first).await.unwrap();
    assert!(same(store.load(&alice).await.unwrap(), &first));

    let second_user = Tokens {
        refresh_token: None,
        expiry_time: -5,
        ..tokens(&bob, "1000.b.1")
    };
    store.save(&second_user).await.unwrap();
    assert!(
        same(store.load(&bob).await.unwrap(), &second_user),
        "None refresh token kept"
    );
    assert!(
        same(store.load(&alice).await.unwrap(), &first),
        "first user kept"
    );

    let overwrite = Tokens {
        expiry_time: 1_800_000_000_000,
        ..tokens(&alice, "1000.a.2")
    };
    store.save(&overwrite).await.unwrap();
    assert!(
        same(store.load(&alice).await.unwrap(), &overwrite),
        "overwrite"
    );
    assert!(
        same(store.load(&bob).await.unwrap(), &second_user),
        "second user kept"
    );

    store.delete(&alice).await.unwrap();
    assert_eq!(store.load(&alice).await.unwrap(), None, "deleted");
    assert!(
        same(store.load(&bob).await.unwrap(), &second_user),
        "delete keeps others"
    );
    store.delete(&alice).await.unwrap();
    store
        .delete(&format!("{prefix}nobody@example.com"))
        .await
        .unwrap();
}

/// Tokens written under the lock are what the next reader sees.
pub async fn locked_round_trip(store: &dyn TokenStore, prefix: &str) {
    let user = format!("{prefix}locked@example.com");
    let mut locked = store.lock(&user).await.unwrap();
    assert_eq!(locked.load().await.unwrap(), None);
    let saved = tokens(&user, "1000.l.1");
    locked.save(&saved).await.unwrap();
    assert!(
        same(locked.load().await.unwrap(), &saved),
        "read back under the lock"
    );
    locked.release().await.unwrap();
    assert!(
        same(store.load(&user).await.unwrap(), &saved),
        "visible after release"
    );
}

/// `tasks` tasks, each: lock, read a counter kept in access_token, yield, write it + 1,
/// release. Without mutual exclusion increments are lost, and `holders` sees two at once.
pub async fn lock_serializes(stores: &[Arc<dyn TokenStore>], prefix: &str, tasks: usize) {
    let user = format!("{prefix}counter@example.com");
    stores[0].delete(&user).await.unwrap();
    let holders = Arc::new(AtomicUsize::new(0));
    let mut handles = Vec::new();
    for i in 0..tasks {
        let (store, user, holders) = (
            stores[i % stores.len()].clone(),
            user.clone(),
            holders.clone(),
        );
        handles.push(tokio::spawn(async move {
            increment(&*store, &user, &holders).await
        }));
    }
    for handle in handles {
        handle.await.unwrap();
    }
    assert_eq!(counter(&*stores[0], &user).await, tasks as u64);
}

pub async fn increment(store: &dyn TokenStore, user: &str, holders: &AtomicUsize) {
    let mut locked = store.lock(user).await.unwrap();
    assert_eq!(
        holders.fetch_add(1, Ordering::SeqCst),
        0,
        "two holders of the lock at once"
    );
    let current = locked
        .load()
        .await
        .unwrap()
        .map_or(0, |t| t.access_token.parse::<u64>().unwrap());
    // Give any other (wrongly admitted) holder time to read the same value.
    tokio::time::sleep(Duration::from_millis(3)).await;
    locked
        .save(&tokens(user, &(current + 1).to_string()))
        .await
        .unwrap();
    holders.fetch_sub(1, Ordering::SeqCst);
    locked.release().await.unwrap();
}

pub async fn counter(store: &dyn TokenStore, user: &str) -> u64 {
    store
        .load(user)
        .await
        .unwrap()
        .map_or(0, |t| t.access_token.parse().unwrap())
}

/// Dropping the handle (no `release`) frees the lock, and an abandoned wait leaves nothing
/// behind: the next `lock` gets it at once.
pub async fn drop_releases_and_waits_cancel(store: &dyn TokenStore, prefix: &str) {
    let user = format!("{prefix}dropped@example.com");
    let held = store.lock(&user).await.unwrap();
    let waited = tokio::time::timeout(Duration::from_millis(150), store.lock(&user)).await;
    assert!(
        waited.is_err(),
        "a second lock must wait while the first is held"
    );
    drop(held);
    let again = tokio::time::timeout(Duration::from_secs(5), store.lock(&user)).await;
    let again = again
        .expect("dropping the handle must release the lock")
        .unwrap();
    again.release().await.unwrap();
}

/// One user's refresh does not hold up another's (memory, MySQL; the file's flock and
/// SQLite's write slot cover every user).
pub async fn locks_are_per_user(store: &dyn TokenStore, prefix: &str) {
    let held = store
        .lock(&format!("{prefix}one@example.com"))
        .await
        .unwrap();
    let other = tokio::time::timeout(
        Duration::from_secs(5),
        store.lock(&format!("{prefix}two@example.com")),
    )
    .await;
    other
        .expect("locks are per user")
        .unwrap()
        .release()
        .await
        .unwrap();
    held.release().await.unwrap();
}

pub async fn all(store: Arc<dyn TokenStore>, second: Arc<dyn TokenStore>, prefix: &str) {
    round_trip(&*store, prefix).await;
    locked_round_trip(&*store, prefix).await;
    drop_releases_and_waits_cancel(&*store, prefix).await;
    lock_serializes(std::slice::from_ref(&store), &format!("{prefix}one-"), 8).await;
    lock_serializes(&[store, second], &format!("{prefix}two-"), 8).await;
}

// ---- Cross-process: the test binary re-runs itself as children. ----

pub const CHILD_ENV: &str = "ZCRM_STORE_TEST_CHILD";
pub const CHILDREN: usize = 3;
pub const THREADS: usize = 3;
pub const ROUNDS: usize = 4;

/// Runs `child_test` (a `#[test]` in the calling binary) in `CHILDREN` processes at once, each
/// pointed at `location`, while this process does the same work; returns when all are done.
pub fn run_children(child_test: &str, location: &Path, work: impl FnOnce()) {
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..CHILDREN)
        .map(|i| {
            Command::new(&exe)
                .args(["--exact", child_test, "--nocapture", "--test-threads=1"])
                .env(CHILD_ENV, format!("{i}:{}", location.display()))
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    work();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "child failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// This process's share: THREADS tasks, each ROUNDS locked increments of one shared counter
/// and ROUNDS plain saves of its own user (a lost read-modify-write would drop users).
pub fn cross_process_work(store: Arc<dyn TokenStore>, id: &str) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(THREADS)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let holders = Arc::new(AtomicUsize::new(0));
        let mut handles = Vec::new();
        for thread in 0..THREADS {
            let (store, holders, id) = (store.clone(), holders.clone(), id.to_owned());
            handles.push(tokio::spawn(async move {
                for round in 0..ROUNDS {
                    increment(&*store, "xproc-counter@example.com", &holders).await;
                    let own = format!("xproc-{id}-{thread}@example.com");
                    store.save(&tokens(&own, &round.to_string())).await.unwrap();
                }
            }));
        }
        for handle in handles {
            handle.await.unwrap();
        }
    });
}

/// After everyone finished: every increment and every user is there.
pub fn check_cross_process(store: Arc<dyn TokenStore>) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let processes = CHILDREN + 1;
        assert_eq!(
            counter(&*store, "xproc-counter@example.com").await,
            (processes * THREADS * ROUNDS) as u64
        );
        let ids = (0..CHILDREN)
            .map(|i| i.to_string())
            .chain(["parent".to_owned()]);
        for id in ids {
            for thread in 0..THREADS {
                let own = format!("xproc-{id}-{thread}@example.com");
                let loaded = store
                    .load(&own)
                    .await
                    .unwrap()
                    .unwrap_or_else(|| panic!("{own} was lost"));
                assert_eq!(loaded.access_token, (ROUNDS - 1).to_string());
            }
        }
    });
}

/// In a child: `Some((id, location))`; in a normal test run: `None`.
pub fn child_args() -> Option<(String, String)> {
    let value = std::env::var(CHILD_ENV).ok()?;
    let (id, location) = value.split_once(':')?;
    Some((id.to_owned(), location.to_owned()))
}
