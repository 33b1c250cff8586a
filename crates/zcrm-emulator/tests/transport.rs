mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use common::*;
use reqwest::StatusCode;
use zcrm_emulator::{Emulator, Options};

#[tokio::test]
async fn https_is_trusted_through_the_generated_ca() {
    let h = Harness::start();
    assert!(h.emulator.base_url().starts_with("https://127.0.0.1:"));
    assert_eq!(h.emulator.accounts_url(), h.emulator.base_url());
    assert_eq!(h.emulator.api_base_url(), h.emulator.base_url());
    let pem = h.emulator.ca_pem().expect("pem when tls");
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"));
    assert_eq!(h.admin_get("/_emulator/health").await["status"], "ok");

    let by_name = h.emulator.base_url().replace("127.0.0.1", "localhost");
    let response = h
        .client
        .get(format!("{by_name}/_emulator/health"))
        .send()
        .await;
    assert_eq!(
        response.expect("localhost is in the certificate").status(),
        StatusCode::OK
    );

    let untrusting = reqwest::Client::builder()
        .tls_built_in_root_certs(false)
        .build()
        .expect("client");
    let refused = untrusting.get(h.url("/_emulator/health")).send().await;
    assert!(refused.is_err(), "an unknown CA must not be trusted");
}

#[tokio::test]
async fn plain_http_works() {
    let h = Harness::with(Options {
        tls: false,
        ..Options::default()
    });
    assert!(h.emulator.base_url().starts_with("http://127.0.0.1:"));
    assert!(h.emulator.ca_pem().is_none());
    let tokens = h.login(None).await;
    let (_, body) = h
        .exchange(&h.emulator.issue_grant(None).expect("a grant"))
        .await;
    assert!(body["api_domain"]
        .as_str()
        .unwrap_or("")
        .starts_with("http://"));
    assert_eq!(
        h.crm_json("/crm/v2/org", &tokens.access).await.0,
        StatusCode::OK
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_concurrent_clients_are_served_and_counted_exactly() {
    let h = Arc::new(Harness::start());
    let tokens = h.login(None).await;
    let tasks: Vec<_> = (0..48)
        .map(|n| {
            let h = h.clone();
            let access = tokens.access.clone();
            tokio::spawn(async move {
                // A client per task: separate connections, as separate processes would use.
                let client = client_for(&h.emulator);
                let mut ok = 0;
                for _ in 0..5 {
                    let path = if n % 2 == 0 {
                        "/crm/v2/org"
                    } else {
                        "/crm/v2/users"
                    };
                    let response = client
                        .get(h.url(path))
                        .header("Authorization", format!("Zoho-oauthtoken {access}"))
                        .send()
                        .await
                        .expect("send");
                    ok += usize::from(response.status() == StatusCode::OK);
                }
                ok
            })
        })
        .collect();
    let mut ok = 0;
    for task in tasks {
        ok += task.await.expect("task");
    }
    assert_eq!(ok, 240);
    assert_eq!(h.emulator.stats().crm_requests, 240);
}

#[tokio::test]
async fn shutdown_stops_listening() {
    let emulator = Emulator::start(Options {
        tls: false,
        ..Options::default()
    })
    .expect("start");
    let url = format!("{}/_emulator/health", emulator.base_url());
    let client = reqwest::Client::new();
    assert_eq!(
        client.get(&url).send().await.expect("up").status(),
        StatusCode::OK
    );
    tokio::task::spawn_blocking(move || emulator.shutdown())
        .await
        .expect("shutdown");
    let fresh = reqwest::Client::new();
    assert!(fresh.get(&url).send().await.is_err());
}

#[test]
fn start_and_stop_need_no_runtime() {
    let emulator = Emulator::start(Options::default()).expect("start");
    let code = emulator
        .issue_grant(Some("x@example.com"))
        .expect("a grant");
    assert!(is_zoho_token(&code));
    drop(emulator);
}

#[tokio::test]
async fn binary_announces_itself_and_exits_when_stdin_closes() {
    let dir = std::env::temp_dir().join(format!("zcrm-emulator-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let ca_path = dir.join("ca.pem");
    let mut child = Command::new(env!("CARGO_BIN_EXE_zcrm-emulator"))
        .args([
            "--client-id",
            "cid",
            "--client-secret",
            "csecret",
            "--redirect-uri",
            "https://app.example/cb",
            "--token-ttl",
            "99",
        ])
        .arg("--ca-out")
        .arg(&ca_path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut line = String::new();
    let stdout = child.stdout.take().expect("stdout");
    BufReader::new(stdout).read_line(&mut line).expect("line");
    let info: serde_json::Value = serde_json::from_str(&line).expect("JSON line");
    assert_eq!(info["client_id"], "cid");
    assert_eq!(info["client_secret"], "csecret");
    assert_eq!(info["redirect_uri"], "https://app.example/cb");
    assert_eq!(info["user_email"], "demo@example.com");
    assert_eq!(info["ca_file"], ca_path.to_string_lossy().as_ref());
    let base = info["base_url"].as_str().expect("base_url").to_string();
    assert_eq!(info["accounts_url"], base.as_str());
    assert_eq!(info["api_base_url"], base.as_str());

    let pem = std::fs::read(&ca_path).expect("CA written");
    let client = reqwest::Client::builder()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(&pem).expect("pem"))
        .build()
        .expect("client");
    let grant: serde_json::Value = client
        .post(format!("{base}/_emulator/grants"))
        .send()
        .await
        .expect("grant")
        .json()
        .await
        .expect("json");
    let code = grant["code"].as_str().expect("code");
    let tokens: serde_json::Value = client
        .post(format!("{base}/oauth/v2/token"))
        .form(&[
            ("grant_type", "authorization_code"),
            ("client_id", "cid"),
            ("client_secret", "csecret"),
            ("redirect_uri", "https://app.example/cb"),
            ("code", code),
        ])
        .send()
        .await
        .expect("token")
        .json()
        .await
        .expect("json");
    assert_eq!(tokens["expires_in"], 99);

    let mut stdin = child.stdin.take().expect("stdin");
    stdin.flush().expect("flush");
    drop(stdin);
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "still running after stdin closed"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn binary_rejects_unknown_flags() {
    let output = Command::new(env!("CARGO_BIN_EXE_zcrm-emulator"))
        .arg("--bogus")
        .stdin(Stdio::null())
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("usage:"));
}

#[test]
fn handles_can_be_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Emulator>();
    assert_send_sync::<zcrm_emulator::Stats>();
    let debug = format!("{:?}", Options::default());
    assert!(!debug.contains("emulator-client-secret"), "{debug}");
}
