//! Bulk Read from Rust, against the emulator: create a job on the Bulk API's root, read its
//! details, download the zip to disk and read its rows lazily.

use std::sync::Arc;

use serde_json::{json, Value};
use zcrm_core::bulk::read::ResultRows;
use zcrm_core::store::memory::MemoryStore;
use zcrm_core::transport::FileSink;
use zcrm_core::{Client, Config, Journal};
use zcrm_emulator::{Emulator, Options};

const USER: &str = "demo@example.com";

fn signed_in(emulator: &Emulator) -> Client {
    let pairs = [
        ("client_id", "emulator-client-id".to_string()),
        ("client_secret", "emulator-client-secret".to_string()),
        ("redirect_uri", "https://www.zoho.com".to_string()),
        ("accounts_url", emulator.accounts_url()),
        ("api_base_url", emulator.api_base_url()),
        ("persistence", "memory".to_string()),
    ];
    let config = Config::from_pairs(&pairs).expect("valid config");
    Client::with_store(Arc::new(config), Arc::new(MemoryStore::new())).expect("client")
}

fn json_of(body: &[u8]) -> Value {
    serde_json::from_slice(body).expect("JSON answer")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_job_from_creation_to_its_rows() {
    let emulator = Emulator::start(Options {
        tls: false,
        ..Options::default()
    })
    .expect("emulator starts");
    let ids = emulator.seed("Leads", 5).expect("seeded");
    let (status, _) = emulator.admin("POST", "bulk_read", br#"{"delay": 0}"#.to_vec());
    assert_eq!(status, 200);
    let client = signed_in(&emulator);
    let journal = Journal::default();
    let grant = emulator.issue_grant(Some(USER)).expect("grant");
    client
        .generate_access_token(&grant, &journal)
        .await
        .expect("tokens");

    let criteria = json!({"api_name": "id", "comparator": "in", "value": ids});
    let args = json!({"module": "Leads", "fields": ["Last_Name", "Email"], "criteria": criteria});
    let created = client
        .call(USER, "bulk_read.create", &args, &journal)
        .await
        .expect("created");
    assert!(
        created.url.ends_with("/crm/bulk/v2/read"),
        "{}",
        created.url
    );
    let job_id = json_of(&created.body)["data"][0]["details"]["id"]
        .as_str()
        .expect("job id")
        .to_string();

    let details = client
        .call(
            USER,
            "bulk_read.get",
            &json!({ "job_id": job_id }),
            &journal,
        )
        .await
        .expect("details");
    let job = &json_of(&details.body)["data"][0];
    assert_eq!(job["state"], "COMPLETED");
    assert_eq!(job["result"]["count"], 5);
    assert_eq!(job["result"]["more_records"], false);

    let dir = tempfile::tempdir().expect("dir");
    let zip = dir.path().join("result.zip");
    let mut sink = FileSink::create(&zip).expect("sink");
    client
        .download(
            USER,
            "bulk_read.result",
            &json!({ "job_id": job_id }),
            &mut sink,
            &journal,
        )
        .await
        .expect("downloaded");
    sink.commit().expect("committed");

    let mut rows = ResultRows::open(&zip).expect("a zip holding a CSV");
    assert_eq!(rows.headers(), ["Id", "Last_Name", "Email"]);
    let mut read = Vec::new();
    while let Some(row) = rows.next_row().expect("row") {
        read.push(row.get(0).unwrap_or_default().to_string());
    }
    assert_eq!(read, ids);
}
