//! `raw-get-loop`: the floor of issue 8's P1 benchmark. GETs each URL path read from stdin,
//! one after another, over one kept-alive connection (reqwest's pool, as the gem's core uses),
//! reads every body in full and does nothing else with it. Prints one line of JSON:
//! `{"requests":N,"bytes":B,"seconds":S}` (wall time of the loop, connection already open).
//!
//!   raw-get-loop BASE_URL ACCESS_TOKEN [CA_PEM_FILE] < paths
//!
//! Any failure (a non-2xx answer included) exits non-zero with a message: a floor that
//! measured errors would flatter the gem.

use std::io::{self, BufRead};
use std::process::ExitCode;
use std::time::Instant;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run().await {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("raw-get-loop: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<String, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [base, token, rest @ ..] = args.as_slice() else {
        return Err("usage: raw-get-loop BASE_URL ACCESS_TOKEN [CA_PEM_FILE] < paths".into());
    };
    let client = client(rest.first()).map_err(|e| format!("building the client: {e}"))?;
    let paths = io::stdin()
        .lock()
        .lines()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("reading paths: {e}"))?;
    let first = paths.first().ok_or("no paths on stdin")?;
    // The first request opens the connection; it is not part of the measured loop.
    get(&client, base, token, first).await?;
    let started = Instant::now();
    let mut bytes = 0;
    for path in &paths {
        bytes += get(&client, base, token, path).await?;
    }
    let seconds = started.elapsed().as_secs_f64();
    Ok(format!(
        "{{\"requests\":{},\"bytes\":{bytes},\"seconds\":{seconds}}}",
        paths.len()
    ))
}

fn client(ca_file: Option<&String>) -> Result<reqwest::Client, String> {
    let mut builder = reqwest::Client::builder();
    if let Some(path) = ca_file {
        let pem = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
        let certificate = reqwest::Certificate::from_pem(&pem).map_err(|e| e.to_string())?;
        builder = builder.add_root_certificate(certificate);
    }
    builder.build().map_err(|e| e.to_string())
}

async fn get(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    path: &str,
) -> Result<usize, String> {
    let response = client
        .get(format!("{base}{path}"))
        .header("Authorization", format!("Zoho-oauthtoken {token}"))
        .send()
        .await
        .map_err(|e| format!("GET {path}: {e}"))?;
    let status = response.status();
    let body = response
        .bytes()
        .await
        .map_err(|e| format!("GET {path}: {e}"))?;
    if !status.is_success() {
        return Err(format!("GET {path}: HTTP {status}"));
    }
    Ok(body.len())
}
