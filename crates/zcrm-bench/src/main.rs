//! `raw-get-loop`: the floor of issue 8's P1 benchmark. GETs each URL path read from stdin,
//! one after another, over one kept-alive connection (reqwest's pool; the gem's core drives the
//! hyper client that reqwest wraps, without reqwest's layers),
//! reads every body in full and does nothing else with it. Prints one line of JSON:
//! `{"requests":N,"bytes":B,"seconds":S}` (wall time of the loop, connection already open).
//!
//!   raw-get-loop [--spawned] BASE_URL ACCESS_TOKEN [CA_PEM_FILE] < paths
//!
//! By default everything runs on one thread (a current-thread runtime): the floor. With
//! `--spawned` each request runs as a task on a two-worker runtime while the main thread
//! waits for it on a channel, as the gem's engine runs a call for a Ruby thread: the
//! difference between the two is what that hand-off costs.
//!
//! Any failure (a non-2xx answer included) exits non-zero with a message: a floor that
//! measured errors would flatter the gem.

use std::io::{self, BufRead};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use tokio::runtime::{Builder, Runtime};

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let spawned = args.first().is_some_and(|a| a == "--spawned");
    if spawned {
        args.remove(0);
    }
    match runtime(spawned).and_then(|rt| run(Arc::new(rt), spawned, &args)) {
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

fn runtime(spawned: bool) -> Result<Runtime, String> {
    let mut builder = if spawned {
        let mut b = Builder::new_multi_thread();
        b.worker_threads(2);
        b
    } else {
        Builder::new_current_thread()
    };
    builder.enable_all().build().map_err(|e| e.to_string())
}

fn run(rt: Arc<Runtime>, spawned: bool, args: &[String]) -> Result<String, String> {
    let [base, token, rest @ ..] = args else {
        return Err(
            "usage: raw-get-loop [--spawned] BASE_URL ACCESS_TOKEN [CA_PEM_FILE] < paths".into(),
        );
    };
    let client = {
        // reqwest's client needs a runtime context to be built.
        let _entered = rt.enter();
        client(rest.first()).map_err(|e| format!("building the client: {e}"))?
    };
    let paths = io::stdin()
        .lock()
        .lines()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("reading paths: {e}"))?;
    let first = paths.first().ok_or("no paths on stdin")?;
    let fetch = |path: &str| -> Result<usize, String> {
        let request = get(client.clone(), format!("{base}{path}"), token.clone());
        if !spawned {
            return rt.block_on(request);
        }
        let (done, wait) = std::sync::mpsc::channel();
        rt.spawn(async move {
            let _ = done.send(request.await);
        });
        wait.recv().map_err(|e| e.to_string())?
    };
    // The first request opens the connection; it is not part of the measured loop.
    fetch(first)?;
    let started = Instant::now();
    let mut bytes = 0;
    for path in &paths {
        bytes += fetch(path)?;
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

async fn get(client: reqwest::Client, url: String, token: String) -> Result<usize, String> {
    let response = client
        .get(&url)
        .header("Authorization", format!("Zoho-oauthtoken {token}"))
        .send()
        .await
        .map_err(|e| format!("GET {url}: {e}"))?;
    let status = response.status();
    let body = response
        .bytes()
        .await
        .map_err(|e| format!("GET {url}: {e}"))?;
    if !status.is_success() {
        return Err(format!("GET {url}: HTTP {status}"));
    }
    Ok(body.len())
}
