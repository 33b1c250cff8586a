//! MemoryStore: the store contract, within one process.

#[path = "stores/contract.rs"]
mod contract;

use std::sync::Arc;

use zcrm_core::store::memory::MemoryStore;
use zcrm_core::store::TokenStore;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn memory_store_contract() {
    let store: Arc<dyn TokenStore> = Arc::new(MemoryStore::new());
    assert_eq!(store.kind(), "memory");
    contract::all(store.clone(), store.clone(), "").await;
    contract::locks_are_per_user(&*store, "").await;
}

#[tokio::test]
async fn memory_stores_are_independent() {
    let (a, b) = (MemoryStore::new(), MemoryStore::new());
    a.save(&contract::tokens("x@example.com", "1"))
        .await
        .unwrap();
    assert_eq!(b.load("x@example.com").await.unwrap(), None);
    // b's lock is not a's lock.
    let _held = a.lock("x@example.com").await.unwrap();
    b.lock("x@example.com")
        .await
        .unwrap()
        .release()
        .await
        .unwrap();
}
