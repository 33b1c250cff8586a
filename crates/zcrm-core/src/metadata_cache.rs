//! The metadata cache: answers of the metadata reads (modules, fields, layouts, related lists)
//! kept per client in memory, so that code calling `get_all_fields` before every record it
//! builds makes one request, not one per call.
//!
//! An entry is keyed by (path, query, user): metadata depends on the user's profile. It is
//! served as it is for `metadata_cache_ttl`; after that the next read asks Zoho again. Zoho
//! documents `If-Modified-Since` (answered 304 when nothing changed) for the modules list only
//! (<https://www.zoho.com/crm/developer/docs/api/v2/modules-api.html>); the fields, layouts and
//! related-list pages document no conditional request
//! (<https://www.zoho.com/crm/developer/docs/api/v2/field-meta.html>,
//! <https://www.zoho.com/crm/developer/docs/api/v2/layouts-meta.html>,
//! <https://www.zoho.com/crm/developer/docs/api/v2/related-list-meta.html>), so those are
//! fetched anew. A 304 keeps the cached answer and starts its TTL again; anything else
//! replaces it, and an error leaves it as it was (stale, so the next read asks again).
//!
//! Reads of one key are single flight: one task fetches while the others wait on the key's
//! lock and then find the fresh entry. Waiting is cancellable with the caller's task (an
//! interrupt, the call's timeout); a cancelled fetch releases the lock and the next waiter
//! fetches. Reads a caller made conditional themselves (any extra header, such as the modules
//! list's `modified_since`) bypass the cache: their answer depends on more than the key.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::time::Instant;

use crate::api::{Method, RequestSpec};
use crate::client::ApiResponse;
use crate::error::Result;

/// The metadata reads, by path (a path is also cached below it: `settings/fields/{id}`).
const CACHED_PATHS: [&str; 4] = [
    "settings/modules",
    "settings/fields",
    "settings/layouts",
    "settings/related_lists",
];

/// The one read Zoho documents `If-Modified-Since` for (the modules list; see above).
const REVALIDATED_PATH: &str = "settings/modules";

const IF_MODIFIED_SINCE: &str = "If-Modified-Since";

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    path: String,
    query: Vec<(String, String)>,
    user: String,
}

struct Entry {
    response: ApiResponse,
    fresh_until: Instant,
    /// When the answer was made, as `If-Modified-Since` takes it.
    modified_since: String,
}

/// One key's entry behind an async lock: holding it is what makes a fetch single flight.
#[derive(Default)]
struct Slot(tokio::sync::Mutex<Option<Entry>>);

/// What a read did, for callers that report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Served from the cache, no request.
    Hit,
    /// Nothing cached (or the cache is bypassed): a plain request.
    Miss,
    /// The TTL was over; Zoho answered 304, so the cached answer stands.
    Revalidated,
    /// The TTL was over and Zoho sent a new answer.
    Refreshed,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Hit => "hit",
            Outcome::Miss => "miss",
            Outcome::Revalidated => "revalidated",
            Outcome::Refreshed => "refreshed",
        }
    }
}

pub struct MetadataCache {
    /// Zero turns the cache off.
    ttl: Duration,
    slots: Mutex<HashMap<Key, Arc<Slot>>>,
    /// How far this cache's clock is ahead of the process's, in milliseconds: moved only by
    /// test suites (`ZCRMSDK::Testing.advance_metadata_cache_clock`), so that specs about the
    /// TTL need not sleep.
    ahead_ms: AtomicU64,
}

impl MetadataCache {
    pub fn new(ttl: Duration) -> MetadataCache {
        MetadataCache {
            ttl,
            slots: Mutex::new(HashMap::new()),
            ahead_ms: AtomicU64::new(0),
        }
    }

    /// Moves this cache's clock forward by `by` (see `ahead_ms`).
    pub fn advance_clock(&self, by: Duration) {
        let by = u64::try_from(by.as_millis()).unwrap_or(u64::MAX);
        self.ahead_ms.fetch_add(by, Ordering::Relaxed);
    }

    fn now(&self) -> Instant {
        Instant::now() + Duration::from_millis(self.ahead_ms.load(Ordering::Relaxed))
    }

    /// Forgets every entry. A fetch under way still answers its own callers.
    pub fn clear(&self) {
        self.slots().clear();
    }

    /// True for a read this cache answers (`spec` as built, before any header is added).
    pub fn covers(&self, spec: &RequestSpec) -> bool {
        !self.ttl.is_zero()
            && spec.method == Method::Get
            && spec.headers.is_empty()
            && CACHED_PATHS.iter().any(|root| {
                spec.path
                    .strip_prefix(root)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
    }

    /// The cached answer for `spec` as `user`, or `fetch`'s. `fetch` gets the
    /// `If-Modified-Since` value to send, if any, and must add it to the request.
    pub async fn read<F, Fut>(
        &self,
        user: &str,
        spec: &RequestSpec,
        fetch: F,
    ) -> Result<(ApiResponse, Outcome)>
    where
        F: FnOnce(Option<String>) -> Fut,
        Fut: Future<Output = Result<ApiResponse>>,
    {
        let key = Key {
            path: spec.path.clone(),
            query: spec.query.clone(),
            user: user.trim().to_string(),
        };
        let slot = self.slots().entry(key.clone()).or_default().clone();
        let mut entry = slot.0.lock().await;
        if let Some(cached) = entry.as_ref().filter(|e| self.now() < e.fresh_until) {
            return Ok((cached.response.clone(), Outcome::Hit));
        }
        let since = entry
            .as_ref()
            .filter(|_| spec.path == REVALIDATED_PATH)
            .map(|e| e.modified_since.clone());
        let sent_at = SystemTime::now();
        let answer = match fetch(since).await {
            Ok(answer) => answer,
            Err(error) => {
                if entry.is_none() {
                    self.forget_unused(&key, &slot);
                }
                return Err(error);
            }
        };
        let fresh_until = self.now() + self.ttl;
        if answer.status == 304 {
            if let Some(cached) = entry.as_mut() {
                cached.fresh_until = fresh_until;
                return Ok((cached.response.clone(), Outcome::Revalidated));
            }
        }
        let outcome = if entry.is_some() {
            Outcome::Refreshed
        } else {
            Outcome::Miss
        };
        *entry = (answer.status == 200).then(|| Entry {
            modified_since: modified_since(&answer, sent_at),
            response: answer.clone(),
            fresh_until,
        });
        if entry.is_none() {
            self.forget_unused(&key, &slot);
        }
        Ok((answer, outcome))
    }

    /// Drops a key that holds nothing, unless another read is waiting on it: keys that only
    /// ever failed (a misspelt module name, called in a loop) must not pile up.
    fn forget_unused(&self, key: &Key, slot: &Arc<Slot>) {
        let mut slots = self.slots();
        // Reads clone the slot only under this map lock, so two owners (the map and this
        // read) mean nobody else has it or can get it before it is removed.
        if slots.get(key).is_some_and(|held| Arc::ptr_eq(held, slot))
            && Arc::strong_count(slot) == 2
        {
            slots.remove(key);
        }
    }

    /// The header to add for a revalidation: `spec` with `If-Modified-Since` when given.
    pub fn conditional(spec: &RequestSpec, since: Option<String>) -> RequestSpec {
        spec.clone().set_header(IF_MODIFIED_SINCE, since)
    }

    fn slots(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Arc<Slot>>> {
        // The map is only inserted into and cleared: a panic elsewhere cannot leave it torn.
        self.slots.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The time the answer was made, for `If-Modified-Since`: Zoho's own `Date` header when it
/// sent one (so that this machine's clock does not matter), else when the request was sent;
/// one second earlier, since Zoho's times have one-second resolution and a change made in the
/// same second must still count as a change.
fn modified_since(answer: &ApiResponse, sent_at: SystemTime) -> String {
    let made = answer
        .headers
        .get("date")
        .and_then(|value| httpdate::parse_http_date(value).ok())
        .unwrap_or(sent_at);
    let secs = made
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        .saturating_sub(1);
    iso_utc(secs)
}

/// `2019-07-25T09:56:49+00:00`: ISO 8601 with an offset, the only form Zoho takes for
/// `If-Modified-Since` (an HTTP date is not accepted).
fn iso_utc(unix_secs: u64) -> String {
    let days = i64::try_from(unix_secs / 86_400).unwrap_or(0);
    let secs = unix_secs % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}+00:00",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use serde_json::json;

    use super::*;
    use crate::api::{self, ResponseKind};

    fn response(status: u16, body: &str) -> ApiResponse {
        ApiResponse {
            status,
            headers: [("date", "Thu, 25 Jul 2019 09:56:50 GMT")]
                .into_iter()
                .collect(),
            body: body.as_bytes().to_vec(),
            url: "u".into(),
            api_key: "fields".into(),
            kind: ResponseKind::Bulk,
            page: None,
        }
    }

    fn fields() -> RequestSpec {
        api::build("fields.list", &json!({"module": "Leads"})).expect("a spec")
    }

    fn modules() -> RequestSpec {
        api::build("modules.list", &json!({})).expect("a spec")
    }

    #[test]
    fn covers_metadata_reads_only() {
        let cache = MetadataCache::new(Duration::from_secs(60));
        let build = |op: &str, args| api::build(op, &args).expect("a spec");
        assert!(cache.covers(&fields()));
        assert!(cache.covers(&modules()));
        assert!(cache.covers(&build("modules.get", json!({"module": "Leads"}))));
        assert!(cache.covers(&build(
            "layouts.get",
            json!({"module": "Leads", "layout_id": 1})
        )));
        assert!(cache.covers(&build("related_lists.list", json!({"module": "Leads"}))));
        assert!(!cache.covers(&build("users.list", json!({}))));
        assert!(!cache.covers(&build("custom_views.list", json!({"module": "Leads"}))));
        assert!(!cache.covers(&build(
            "modules.list",
            json!({"modified_since": "2019-07-25T15:26:49+05:30"})
        )));
        assert!(!MetadataCache::new(Duration::ZERO).covers(&fields()));
    }

    #[tokio::test(start_paused = true)]
    async fn serves_from_memory_until_the_ttl_is_over() {
        let cache = MetadataCache::new(Duration::from_secs(300));
        let sent = AtomicUsize::new(0);
        let fetch = |since: Option<String>| {
            sent.fetch_add(1, Ordering::SeqCst);
            assert_eq!(since, None, "fields are not revalidated (not documented)");
            async { Ok(response(200, "{\"fields\":[]}")) }
        };
        let spec = fields();
        assert_eq!(
            cache.read("a@x", &spec, fetch).await.expect("ok").1,
            Outcome::Miss
        );
        assert_eq!(
            cache.read("a@x", &spec, fetch).await.expect("ok").1,
            Outcome::Hit
        );
        assert_eq!(
            cache.read(" a@x ", &spec, fetch).await.expect("ok").1,
            Outcome::Hit
        );
        assert_eq!(sent.load(Ordering::SeqCst), 1);
        assert_eq!(
            cache.read("b@x", &spec, fetch).await.expect("ok").1,
            Outcome::Miss
        );
        tokio::time::advance(Duration::from_secs(301)).await;
        assert_eq!(
            cache.read("a@x", &spec, fetch).await.expect("ok").1,
            Outcome::Refreshed
        );
        assert_eq!(sent.load(Ordering::SeqCst), 3);
        cache.clear();
        assert_eq!(
            cache.read("a@x", &spec, fetch).await.expect("ok").1,
            Outcome::Miss
        );
    }

    #[tokio::test(start_paused = true)]
    async fn revalidates_the_modules_list_with_if_modified_since() {
        let cache = MetadataCache::new(Duration::from_secs(10));
        let spec = modules();
        let (first, _) = cache
            .read("a@x", &spec, |since| async move {
                assert_eq!(since, None);
                Ok(response(200, "{\"modules\":[1]}"))
            })
            .await
            .expect("ok");
        tokio::time::advance(Duration::from_secs(11)).await;
        let (again, outcome) = cache
            .read("a@x", &spec, |since| async move {
                // The Date header's time, one second earlier, as ISO 8601.
                assert_eq!(since.as_deref(), Some("2019-07-25T09:56:49+00:00"));
                Ok(response(304, ""))
            })
            .await
            .expect("ok");
        assert_eq!(outcome, Outcome::Revalidated);
        assert_eq!(again.body, first.body);
        assert_eq!(again.status, 200);
        let hit = cache
            .read("a@x", &spec, |_| async {
                panic!("the 304 restarted the TTL")
            })
            .await
            .expect("ok");
        assert_eq!(hit.1, Outcome::Hit);
    }

    #[tokio::test(start_paused = true)]
    async fn an_error_is_not_cached() {
        let cache = MetadataCache::new(Duration::from_secs(10));
        let spec = fields();
        let failed = cache
            .read("a@x", &spec, |_| async {
                Err(crate::Error::invalid_argument("X", "failed"))
            })
            .await;
        assert!(failed.is_err());
        assert!(
            cache.slots().is_empty(),
            "a key that only failed is not kept"
        );
        let (_, outcome) = cache
            .read("a@x", &spec, |_| async { Ok(response(200, "{}")) })
            .await
            .expect("ok");
        assert_eq!(outcome, Outcome::Miss);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn concurrent_misses_make_one_request() {
        let cache = Arc::new(MetadataCache::new(Duration::from_secs(60)));
        let sent = Arc::new(AtomicUsize::new(0));
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let (cache, sent) = (cache.clone(), sent.clone());
                tokio::spawn(async move {
                    cache
                        .read("a@x", &fields(), |_| async {
                            sent.fetch_add(1, Ordering::SeqCst);
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            Ok(response(200, "{}"))
                        })
                        .await
                        .map(|(_, outcome)| outcome)
                })
            })
            .collect();
        let mut outcomes = Vec::new();
        for task in tasks {
            outcomes.push(task.await.expect("joined").expect("ok"));
        }
        assert_eq!(sent.load(Ordering::SeqCst), 1);
        assert_eq!(outcomes.iter().filter(|o| **o == Outcome::Miss).count(), 1);
    }

    #[test]
    fn iso_dates() {
        assert_eq!(iso_utc(0), "1970-01-01T00:00:00+00:00");
        assert_eq!(iso_utc(1_564_048_609), "2019-07-25T09:56:49+00:00");
        assert_eq!(iso_utc(951_782_400), "2000-02-29T00:00:00+00:00");
    }
}
