//! A private MariaDB server for the MySQL store tests: empty data folder, grant tables
//! skipped, 127.0.0.1 on a free port. Started once per test binary; a `sh` watchdog stops it
//! and removes its folder when this process exits, however it exits (its stdin is a pipe
//! only we hold, and the kernel closes it at exit).
//!
//! Without `mariadbd` the tests are skipped with a notice, unless `CI=true`: there they fail.

use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const WATCHDOG: &str = r#"
mariadbd="$1"; dir="$2"; port="$3"
mkdir -p "$dir/data"
"$mariadbd" --no-defaults --user=root --datadir="$dir/data" --socket="$dir/sock" \
  --pid-file="$dir/pid" --log-error="$dir/err.log" --port="$port" --bind-address=127.0.0.1 \
  --skip-grant-tables --skip-name-resolve --innodb-buffer-pool-size=16M --innodb-log-file-size=4M &
pid=$!
cat >/dev/null
kill "$pid" 2>/dev/null
wait "$pid"
rm -rf "$dir"
"#;

pub struct Server {
    pub port: u16,
}

/// The shared server, or `None` (after a notice) when MariaDB is not installed.
pub fn server() -> Option<&'static Server> {
    static SERVER: OnceLock<Option<Server>> = OnceLock::new();
    SERVER.get_or_init(start).as_ref()
}

fn start() -> Option<Server> {
    let Some(mariadbd) = find_mariadbd() else {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "mariadbd not found, and CI=true requires the MySQL store tests (apt-get install mariadb-server)"
        );
        eprintln!("NOTICE: mariadbd not found; the MySQL store tests are skipped");
        return None;
    };
    let port = free_port();
    let dir = std::env::temp_dir().join(format!("zcrm-mariadb-{}-{port}", std::process::id()));
    let mut watchdog = Command::new("sh")
        .args(["-c", WATCHDOG, "sh"])
        .arg(&mariadbd)
        .arg(&dir)
        .arg(port.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("cannot run sh");
    // Never closed by us: the watchdog's `cat` returns when this process is gone.
    std::mem::forget(watchdog.stdin.take());
    // Reaps it should it end early (say, mariadbd could not start).
    std::thread::spawn(move || watchdog.wait());
    wait_ready(port, &dir);
    Some(Server { port })
}

fn find_mariadbd() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let sbin = ["/usr/sbin", "/usr/local/sbin", "/sbin"].map(PathBuf::from);
    std::env::split_paths(&path)
        .chain(sbin)
        .map(|dir| dir.join("mariadbd"))
        .find(|p| p.is_file())
}

fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    listener.local_addr().unwrap().port()
}

fn wait_ready(port: u16, dir: &Path) {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let deadline = Instant::now() + Duration::from_secs(90);
    while Instant::now() < deadline {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let log = std::fs::read_to_string(dir.join("err.log")).unwrap_or_default();
    panic!("mariadbd did not start on port {port}:\n{log}");
}
