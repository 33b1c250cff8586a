//! `zcrm-emulator`: runs the emulator as a process for tests written in any language.
//! Prints one line of JSON describing it, then serves until SIGTERM/SIGINT or until its
//! stdin (when that is a pipe) closes, so a parent test process that dies takes it down.

use std::io::{self, Read, Write};
use std::os::unix::fs::FileTypeExt;
use std::process::ExitCode;

use serde_json::json;
use zcrm_emulator::{Emulator, Options};

const USAGE: &str = "usage: zcrm-emulator [--port N] [--http] [--client-id ID] \
[--client-secret SECRET] [--redirect-uri URI] [--user-email EMAIL] [--ca-out PATH] [--token-ttl SECS] \
[--refresh-limit N] [--grant-limit N] [--refresh-token-limit N] [--refresh-window SECS] [--seed N] [--unique MODULE.FIELD]... \
[--partial-status CODE] [--page-limit N (0: none)]";

struct Args {
    options: Options,
    ca_out: Option<String>,
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("zcrm-emulator: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("zcrm-emulator: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> io::Result<()> {
    let emulator = Emulator::start(args.options.clone())?;
    let ca_file = match (&args.ca_out, emulator.ca_pem()) {
        (Some(path), Some(pem)) => {
            std::fs::write(path, pem)?;
            Some(path.clone())
        }
        _ => None,
    };
    announce(&emulator, &args.options, ca_file)?;
    wait_for_stop()?;
    emulator.shutdown();
    Ok(())
}

fn announce(emulator: &Emulator, options: &Options, ca_file: Option<String>) -> io::Result<()> {
    let line = json!({
        "base_url": emulator.base_url(),
        "accounts_url": emulator.accounts_url(),
        "api_base_url": emulator.api_base_url(),
        "ca_file": ca_file,
        "client_id": options.client_id,
        "client_secret": options.client_secret,
        "redirect_uri": options.redirect_uri,
        "user_email": options.user_email,
    });
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "{line}")?;
    stdout.flush()
}

/// Blocks until SIGINT, SIGTERM or end of a piped stdin.
fn wait_for_stop() -> io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let (eof_tx, eof_rx) = tokio::sync::oneshot::channel::<()>();
    if stdin_is_pipe() {
        std::thread::spawn(move || {
            let mut sink = [0u8; 1024];
            let mut stdin = io::stdin().lock();
            while matches!(stdin.read(&mut sink), Ok(n) if n > 0) {}
            let _ = eof_tx.send(());
        });
    } else {
        // A terminal or /dev/null (a plain `&` in a script): only signals stop us.
        std::mem::forget(eof_tx);
    }
    runtime.block_on(async {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = terminate.recv() => {}
            _ = eof_rx => {}
        }
        Ok(())
    })
}

fn stdin_is_pipe() -> bool {
    use std::os::fd::AsFd;
    let Ok(fd) = io::stdin().as_fd().try_clone_to_owned() else {
        return false;
    };
    std::fs::File::from(fd)
        .metadata()
        .map(|m| m.file_type().is_fifo() || m.file_type().is_socket())
        .unwrap_or(false)
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut options = Options::default();
    let mut ca_out = None;
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--http" => options.tls = false,
            "--port" => options.port = number(&flag, &value()?)?,
            "--client-id" => options.client_id = value()?,
            "--client-secret" => options.client_secret = value()?,
            "--redirect-uri" => options.redirect_uri = value()?,
            "--user-email" => options.user_email = value()?,
            "--ca-out" => ca_out = Some(value()?),
            "--token-ttl" => options.access_token_ttl_secs = number(&flag, &value()?)?,
            "--refresh-limit" => options.refresh_limit = number(&flag, &value()?)?,
            "--grant-limit" => options.grant_limit = number(&flag, &value()?)?,
            "--refresh-token-limit" => options.refresh_token_limit = number(&flag, &value()?)?,
            "--refresh-window" => options.refresh_window_secs = number(&flag, &value()?)?,
            "--seed" => options.seed_records = number(&flag, &value()?)?,
            "--unique" => options.unique_fields.push(value()?),
            "--partial-status" => options.partial_success_status = number(&flag, &value()?)?,
            "--page-limit" => {
                let limit: usize = number(&flag, &value()?)?;
                options.page_limit = (limit > 0).then_some(limit);
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(Some(Args { options, ca_out }))
}

fn number<T: std::str::FromStr>(flag: &str, raw: &str) -> Result<T, String> {
    raw.parse()
        .map_err(|_| format!("{flag} expects a non-negative number, got {raw:?}"))
}
