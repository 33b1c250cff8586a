//! Bulk Write end to end against the emulator: a zipped CSV uploaded to the content host, a
//! job created on it, its details polled, and its result read back as per-row outcomes.

use std::sync::Arc;

use serde_json::{json, Value};
use zcrm_core::bulk::write::{read_outcomes, RowError};
use zcrm_core::bulk::zip::CsvZipWriter;
use zcrm_core::store::memory::MemoryStore;
use zcrm_core::transport::FileSink;
use zcrm_core::{Client, Config, Journal};
use zcrm_emulator::{Emulator, Options};

const USER: &str = "demo@example.com";

async fn signed_in(emulator: &Emulator) -> Client {
    let config = Config::from_pairs(&[
        ("client_id", "emulator-client-id".to_string()),
        ("client_secret", "emulator-client-secret".to_string()),
        ("redirect_uri", "https://www.zoho.com".to_string()),
        ("accounts_url", emulator.accounts_url()),
        ("persistence", "memory".to_string()),
    ])
    .unwrap();
    let client = Client::with_store(Arc::new(config), Arc::new(MemoryStore::new())).unwrap();
    let grant = emulator.issue_grant(None).unwrap();
    client
        .generate_access_token(&grant, &Journal::new())
        .await
        .unwrap();
    client
}

async fn call(client: &Client, operation: &str, args: Value) -> Value {
    let response = client
        .call(USER, operation, &args, &Journal::new())
        .await
        .unwrap_or_else(|e| panic!("{operation}: {e}"));
    serde_json::from_slice(&response.body).unwrap()
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rows_are_inserted_and_each_row_says_what_happened() {
    let emulator = Emulator::start(Options {
        tls: false,
        ..Options::default()
    })
    .unwrap();
    let client = signed_in(&emulator).await;
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("Leads.zip");
    let mut writer = CsvZipWriter::create(
        zip.to_str().unwrap(),
        "Leads.csv",
        &strings(&["Last_Name", "Company", "No_of_Employees"]),
    )
    .unwrap();
    writer.write_row(&["Lovelace", "Analytical", "12"]).unwrap();
    writer.write_row(&["", "Nameless", ""]).unwrap();
    writer.write_row(&["Hopper", "Navy", "many"]).unwrap();
    writer.finish().unwrap();

    let org = call(&client, "org.get", json!({})).await;
    let zgid = org["org"][0]["zgid"].as_str().unwrap().to_string();
    let upload = call(
        &client,
        "bulk_write.upload",
        json!({"file": zip.to_str().unwrap(), "org_id": zgid}),
    )
    .await;
    assert_eq!(upload["code"], "FILE_UPLOAD_SUCCESS");
    let file_id = upload["details"]["file_id"].as_str().unwrap();

    let job = call(
        &client,
        "bulk_write.create_job",
        json!({"module": "Leads", "file_id": file_id,
               "columns": ["Last_Name", "Company", "No_of_Employees"]}),
    )
    .await;
    let job_id = job["details"]["id"].as_str().unwrap();

    let details = call(&client, "bulk_write.get_job", json!({"job_id": job_id})).await;
    assert_eq!(details["status"], "COMPLETED");
    let file = &details["resource"][0]["file"];
    assert_eq!(
        (
            &file["added_count"],
            &file["skipped_count"],
            &file["total_count"]
        ),
        (&json!(1), &json!(2), &json!(3))
    );

    let result = dir.path().join("result.zip");
    let mut sink = FileSink::create(result.to_str().unwrap()).unwrap();
    let url = details["result"]["download_url"].as_str().unwrap();
    client
        .download(
            USER,
            "bulk_write.download_result",
            &json!({"download_url": url}),
            &mut sink,
            &Journal::new(),
        )
        .await
        .unwrap();
    sink.commit().unwrap();
    let outcomes = read_outcomes(&result).unwrap();
    let statuses: Vec<&str> = outcomes.iter().map(|o| o.status.as_str()).collect();
    assert_eq!(statuses, ["added", "skipped", "skipped"]);
    assert!(outcomes[0].record_id.is_some());
    assert_eq!(
        outcomes[1].errors,
        vec![RowError {
            code: "MANDATORY_NOT_FOUND".into(),
            columns: vec!["Last_Name".into()]
        }]
    );
    assert_eq!(outcomes[2].errors[0].code, "INVALID_DATA");
    assert_eq!(outcomes[2].errors[0].columns, vec!["No_of_Employees"]);
}
