//! The public handle: starts the server on its own thread and runtime, and exposes the same
//! controls as the admin API for in-process callers.

use std::io;
use std::net::Ipv4Addr;
use std::sync::{mpsc, Arc};
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio_rustls::TlsAcceptor;

use tower::ServiceExt;

use crate::accounts::{self, scope::Scopes, store::GrantLimitReached};
use crate::admin;
use crate::front::Front;
use crate::options::Options;
use crate::server;
use crate::state::Shared;
use crate::stats::Stats;
use crate::tls;

/// Two workers are plenty for loopback tests and leave the caller's cores alone.
const WORKER_THREADS: usize = 2;
/// How long in-flight connections get to finish when the emulator stops.
const SHUTDOWN_GRACE: Duration = Duration::from_millis(500);

/// A running emulator. Dropping it stops the server.
pub struct Emulator {
    shared: Arc<Shared>,
    /// The server's runtime, for [`admin`](Self::admin) calls made without a socket.
    runtime: tokio::runtime::Handle,
    ca_pem: Option<String>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
    /// The process that owns the server thread; a forked child has no such thread.
    owner_pid: u32,
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("base_url", &self.shared.config.base_url)
            .finish_non_exhaustive()
    }
}

impl Emulator {
    /// Starts serving on a background thread with its own tokio runtime, so callers need no
    /// runtime. Returns once the socket is listening.
    pub fn start(options: Options) -> io::Result<Emulator> {
        let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, options.port))?;
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        let tls = if options.tls {
            Some(tls::generate()?)
        } else {
            None
        };
        let scheme = if tls.is_some() { "https" } else { "http" };
        let shared = Arc::new(Shared::new(options, format!("{scheme}://127.0.0.1:{port}")));
        let front = Arc::new(Front::new(Arc::clone(&shared)));
        let (ca_pem, acceptor) = match tls {
            Some(tls) => (Some(tls.ca_pem), Some(tls.acceptor)),
            None => (None, None),
        };
        let (stop, stopped) = oneshot::channel();
        let (ready_tx, ready_rx) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("zcrm-emulator".to_string())
            .spawn(move || run(listener, acceptor, front, stopped, ready_tx))?;
        let runtime = ready_rx
            .recv()
            .unwrap_or_else(|_| Err(io::Error::other("the emulator thread exited early")))?;
        Ok(Emulator {
            shared,
            runtime,
            ca_pem,
            stop: Some(stop),
            thread: Some(thread),
            owner_pid: std::process::id(),
        })
    }

    /// `https://127.0.0.1:PORT` (or `http://` without TLS).
    pub fn base_url(&self) -> String {
        self.shared.config.base_url.clone()
    }

    /// Zoho Accounts lives on the same server.
    pub fn accounts_url(&self) -> String {
        self.base_url()
    }

    /// The CRM API lives on the same server; it is also the `api_domain` of issued tokens.
    pub fn api_base_url(&self) -> String {
        self.base_url()
    }

    /// The PEM certificate clients must trust, when serving HTTPS.
    pub fn ca_pem(&self) -> Option<String> {
        self.ca_pem.clone()
    }

    /// A fresh single-use grant code for `email` (default: the configured user), valid 180 s;
    /// refused past [`Options::grant_limit`] codes in the window, as Zoho refuses them.
    pub fn issue_grant(&self, email: Option<&str>) -> Result<String, GrantLimitReached> {
        let email = email.unwrap_or(&self.shared.config.options.user_email);
        accounts::issue_grant(&self.shared, email, Scopes::Everything, None)
    }

    /// Like [`issue_grant`](Self::issue_grant) (a Self Client code), for the given scopes
    /// (`"ZohoCRM.modules.leads.READ,AaaServer.profile.Read"`): tokens minted from it get
    /// `OAUTH_SCOPE_MISMATCH` outside them.
    pub fn issue_grant_with_scope(
        &self,
        email: Option<&str>,
        scope: &str,
    ) -> Result<String, GrantLimitReached> {
        let email = email.unwrap_or(&self.shared.config.options.user_email);
        accounts::issue_grant(&self.shared, email, Scopes::parse(scope), None)
    }

    /// Moves Zoho Accounts' clock forward, as if `by` had passed: grant codes and access
    /// tokens age, and the token generation limits' windows slide. For tests; the clock never
    /// moves otherwise, and a reset puts it back. CRM timestamps keep the wall clock.
    pub fn advance_clock(&self, by: Duration) {
        self.shared.lock().oauth.advance_clock(by);
    }

    pub fn stats(&self) -> Stats {
        self.shared.lock().stats.clone()
    }

    /// Every access token issued so far stops working (401 `INVALID_TOKEN`).
    pub fn expire_access_tokens(&self) {
        self.shared.lock().oauth.expire_access_tokens();
    }

    /// Adds `count` realistic records to `module` (Leads, Contacts, Accounts or Deals), as
    /// `POST /_emulator/seed` does; returns their ids.
    pub fn seed(&self, module: &str, count: usize) -> Result<Vec<String>, String> {
        seed_module(&self.shared, module, count)
    }

    /// Answers a control request (`POST /_emulator/faults`, `GET /_emulator/requests`, ...:
    /// `path` is what follows `/_emulator/`) in this process, without a socket: what bindings
    /// use, so that HTTP stubbing libraries of the host language never see the call. Returns
    /// the status and JSON body the admin API would answer.
    pub fn admin(&self, method: &str, path: &str, body: Vec<u8>) -> (u16, String) {
        let request = axum::http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", admin::PREFIX))
            .header(axum::http::header::CONTENT_TYPE, "application/json")
            .body(axum::body::Body::from(body));
        let Ok(request) = request else {
            return (
                400,
                r#"{"status":"error","error":"not a valid request"}"#.to_string(),
            );
        };
        let router = admin::router().with_state(Arc::clone(&self.shared));
        // Run on the server's runtime and wait on a plain channel: the caller may itself be
        // inside a runtime (an async test), where blocking on another runtime would panic.
        let (answer, answered) = mpsc::channel();
        self.runtime.spawn(async move {
            let Ok(response) = router.oneshot(request).await;
            let status = response.status().as_u16();
            let body = axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .unwrap_or_default();
            let _ = answer.send((status, String::from_utf8_lossy(&body).into_owned()));
        });
        answered.recv().unwrap_or_else(|_| {
            (
                503,
                r#"{"status":"error","error":"the emulator has stopped"}"#.to_string(),
            )
        })
    }

    /// Stops serving and waits for the server thread. Dropping the emulator does the same.
    pub fn shutdown(self) {}

    /// Tells the server to stop without waiting for its thread: for owners that must not
    /// block where they drop it (a Ruby object freed during garbage collection).
    pub fn stop_detached(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        // Dropping a join handle detaches the thread; it ends on its own once stopped.
        drop(self.thread.take());
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if std::process::id() != self.owner_pid {
            // After fork the server thread lives only in the parent: joining it here would
            // wait on a thread this process does not have.
            if let Some(thread) = self.thread.take() {
                std::mem::forget(thread);
            }
            return;
        }
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

pub(crate) fn seed_module(
    shared: &Shared,
    module: &str,
    count: usize,
) -> Result<Vec<String>, String> {
    let def = crate::crm::schema::module(module).map_err(|e| e.message)?;
    let mut state = shared.lock();
    crate::crm::records::fake::seed(&mut state, &shared.config.options, def, count)
}

/// The server thread: builds the runtime, reports readiness, serves until told to stop.
fn run(
    listener: std::net::TcpListener,
    acceptor: Option<TlsAcceptor>,
    front: Arc<Front>,
    stopped: oneshot::Receiver<()>,
    ready: mpsc::Sender<io::Result<tokio::runtime::Handle>>,
) {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(WORKER_THREADS)
        .thread_name("zcrm-emulator-worker")
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            let _ = ready.send(Err(e));
            return;
        }
    };
    let listener = {
        let _context = runtime.enter();
        TcpListener::from_std(listener)
    };
    match listener {
        Ok(listener) => {
            let _ = ready.send(Ok(runtime.handle().clone()));
            runtime.block_on(server::serve(listener, acceptor, front, stopped));
        }
        Err(e) => {
            let _ = ready.send(Err(e));
        }
    }
    runtime.shutdown_timeout(SHUTDOWN_GRACE);
}
