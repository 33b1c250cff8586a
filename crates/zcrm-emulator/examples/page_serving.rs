//! How fast the emulator serves pages of a large module, and what seeding it costs (issue 8).
//!
//!     cargo run --release -p zcrm-emulator --example page_serving -- [RECORDS]
//!
//! Seeds RECORDS Leads (default 200,000) in-process, printing the time and the process's RSS
//! (`VmRSS` from /proc/self/status); then times pages of 200 over keep-alive plain HTTP on
//! loopback (median of 20 requests each, the first one apart): the first, one in the middle
//! and the last page, sorted, `fields=` and `If-Modified-Since` pages, pages right after an
//! update, and a walk of every page. A request's round trip bounds the server's time from
//! above: the client only reads the bytes.

use std::time::{Duration, Instant};

use zcrm_emulator::{Emulator, Options};

const PER_PAGE: usize = 200;
const REPEATS: usize = 20;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let records: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.replace('_', "").parse().ok())
        .unwrap_or(200_000);
    let options = Options {
        tls: false,
        ..Default::default()
    };
    let emulator = Emulator::start(options).expect("the emulator starts");
    let before = rss_mb();
    let started = Instant::now();
    let mut seeded = 0;
    while seeded < records {
        let chunk = (records - seeded).min(100_000);
        emulator.seed("Leads", chunk).expect("seeding");
        seeded += chunk;
    }
    println!(
        "seeded {records} Leads in {:.2} s; RSS {before:.0} MB -> {:.0} MB (peak {:.0} MB)",
        started.elapsed().as_secs_f64(),
        rss_mb(),
        status_mb("VmHWM:"),
    );

    let client = reqwest::Client::new();
    let token = login(&client, &emulator).await;
    let get =
        |query: String, since: Option<String>| get_page(&client, &emulator, &token, query, since);
    let last = records.div_ceil(PER_PAGE);
    let middle = last / 2 + 1;
    let cases = [
        ("first", "page=1".to_string(), Since::None),
        ("middle", format!("page={middle}"), Since::None),
        ("last", format!("page={last}"), Since::None),
        (
            "middle, sort_order=desc",
            format!("page={middle}&sort_order=desc"),
            Since::None,
        ),
        (
            "middle, sort_by=Last_Name desc",
            format!("page={middle}&sort_by=Last_Name&sort_order=desc"),
            Since::None,
        ),
        (
            "middle, fields=Last_Name,Email",
            format!("page={middle}&fields=Last_Name,Email"),
            Since::None,
        ),
        (
            "middle, If-Modified-Since 2020",
            format!("page={middle}"),
            Since::Fixed("2020-01-01T00:00:00+00:00"),
        ),
        (
            "If-Modified-Since, 200 changed",
            "page=1".to_string(),
            Since::PageStart(last),
        ),
        (
            "If-Modified-Since, half changed",
            "page=1".to_string(),
            Since::PageStart(middle),
        ),
        (
            "If-Modified-Since 2999 (304)",
            format!("page={middle}"),
            Since::Fixed("2999-01-01T00:00:00+00:00"),
        ),
    ];
    for (label, query, since) in cases {
        let since = match since {
            Since::None => None,
            Since::Fixed(time) => Some(time.to_string()),
            Since::PageStart(page) => Some(modified_time(&client, &emulator, &token, page).await),
        };
        // The first request builds what later ones reuse; it is timed apart.
        let (first, _) = get(query.clone(), since.clone()).await;
        let mut times = Vec::with_capacity(REPEATS);
        let mut bytes = 0;
        for _ in 0..REPEATS {
            let (took, size) = get(query.clone(), since.clone()).await;
            times.push(took);
            bytes = size;
        }
        report(label, first, &mut times, bytes);
    }
    // A write between pages: the kept orders are patched, not rebuilt.
    let ids = emulator.seed("Leads", 1).expect("one more lead");
    for (label, query, delete) in [
        ("middle after an update", format!("page={middle}"), false),
        (
            "sorted after an update",
            format!("page={middle}&sort_by=Last_Name&sort_order=desc"),
            false,
        ),
        ("middle after a delete", format!("page={middle}"), true),
    ] {
        let mut times = Vec::with_capacity(REPEATS);
        let mut bytes = 0;
        for n in 0..REPEATS {
            if delete {
                let doomed = emulator.seed("Leads", 1).expect("a lead to delete");
                write(&client, &emulator, &token, Write::Delete(&doomed[0])).await;
            } else {
                write(&client, &emulator, &token, Write::Update(&ids[0], n)).await;
            }
            let (took, size) = get(query.clone(), None).await;
            times.push(took);
            bytes = size;
        }
        report(label, Duration::ZERO, &mut times, bytes);
    }
    let started = Instant::now();
    let mut total = 0;
    for page in 1..=last {
        total += get(format!("page={page}"), None).await.1;
    }
    let took = started.elapsed();
    println!(
        "walk of {last} pages: {:.2} s ({:.3} ms a page, {} MB)",
        took.as_secs_f64(),
        ms(took) / last as f64,
        total / 1_000_000
    );
}

fn report(label: &str, first: Duration, times: &mut [Duration], bytes: usize) {
    times.sort();
    println!(
        "{label:>32}: median {:7.3} ms, min {:7.3} ms, first {:8.3} ms, {bytes} bytes",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(first),
    );
}

/// The `If-Modified-Since` of a case.
enum Since {
    None,
    Fixed(&'static str),
    /// When the first record of this page changed: it and every later one changed since.
    PageStart(usize),
}

/// `Modified_Time` of the first record of page `page` (seeded records change in id order).
async fn modified_time(
    client: &reqwest::Client,
    emulator: &Emulator,
    token: &str,
    page: usize,
) -> String {
    let answer: serde_json::Value = client
        .get(format!(
            "{}/crm/v2/Leads?per_page={PER_PAGE}&page={page}",
            emulator.base_url()
        ))
        .header("Authorization", format!("Zoho-oauthtoken {token}"))
        .send()
        .await
        .expect("a page")
        .json()
        .await
        .expect("a JSON page");
    answer["data"][0]["Modified_Time"]
        .as_str()
        .expect("a Modified_Time")
        .to_string()
}

/// A write made between two timed pages.
enum Write<'a> {
    /// The lead with this id gets the n-th new name.
    Update(&'a str, usize),
    Delete(&'a str),
}

async fn write(client: &reqwest::Client, emulator: &Emulator, token: &str, write: Write<'_>) {
    let request = match write {
        Write::Update(id, n) => client
            .put(format!("{}/crm/v2/Leads/{id}", emulator.base_url()))
            .json(&serde_json::json!({"data": [{"Last_Name": format!("Updated {n}")}]})),
        Write::Delete(id) => client.delete(format!("{}/crm/v2/Leads/{id}", emulator.base_url())),
    };
    let response = request
        .header("Authorization", format!("Zoho-oauthtoken {token}"))
        .send()
        .await
        .expect("a write");
    assert!(response.status().is_success(), "{}", response.status());
}

async fn get_page(
    client: &reqwest::Client,
    emulator: &Emulator,
    token: &str,
    query: String,
    since: Option<String>,
) -> (Duration, usize) {
    let url = format!(
        "{}/crm/v2/Leads?per_page={PER_PAGE}&{query}",
        emulator.base_url()
    );
    let mut request = client
        .get(url)
        .header("Authorization", format!("Zoho-oauthtoken {token}"));
    if let Some(since) = since {
        request = request.header("If-Modified-Since", since);
    }
    let started = Instant::now();
    let response = request.send().await.expect("a page");
    assert!(
        response.status().is_success() || response.status() == 304,
        "{}",
        response.status()
    );
    let size = response.bytes().await.expect("the body").len();
    (started.elapsed(), size)
}

async fn login(client: &reqwest::Client, emulator: &Emulator) -> String {
    let code = emulator.issue_grant(None).expect("a grant");
    let answer: serde_json::Value = client
        .post(format!("{}/oauth/v2/token", emulator.base_url()))
        .query(&[
            ("grant_type", "authorization_code"),
            ("client_id", "emulator-client-id"),
            ("client_secret", "emulator-client-secret"),
            ("redirect_uri", "https://www.zoho.com"),
            ("code", &code),
        ])
        .send()
        .await
        .expect("the token request")
        .json()
        .await
        .expect("a token answer");
    answer["access_token"]
        .as_str()
        .expect("an access token")
        .to_string()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn rss_mb() -> f64 {
    status_mb("VmRSS:")
}

/// A `kB` line of /proc/self/status, in MB (0 where there is no such file).
fn status_mb(key: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}
