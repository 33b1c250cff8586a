//! The token file: `zcrm_oauthtokens.txt` in the `token_persistence_path` folder, as in 1.0.x.
//!
//! We write versioned JSON, atomically (temp file, fsync, rename, fsync of the folder), mode
//! 0600. We read that JSON and the Ruby Marshal dump written by 1.0.x, which is migrated to
//! JSON on first sight, keeping the original as `zcrm_oauthtokens.txt.1.0-backup`.
//!
//! Every read-modify-write runs under an exclusive `flock` on `zcrm_oauthtokens.txt.lock`, so
//! processes sharing the folder never lose each other's users; the refresh lock is that same
//! flock. The lock file is never deleted: unlinking a lock file lets two processes lock two
//! different inodes. A file we do not recognise is never overwritten.
//!
//! A writer killed mid-write leaves its temp file, a whole token list, behind; the next write
//! (and a store's first read) removes such orphans.

use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use rand::Rng;
use serde::{Deserialize, Serialize};

use super::marshal;
use super::slot_file::SlotFile;
use super::{LockedTokens, TokenStore};
use crate::error::{Error, Result};
use crate::tokens::Tokens;
use crate::transport::fleet_cap::SlotSource;

/// The file name 1.0.x used.
pub const FILE_NAME: &str = "zcrm_oauthtokens.txt";
const FORMAT: &str = "zcrmsdk-oauth-tokens";
/// Version 2 adds `accounts_server`. A file is written as version 1 while no user needs it,
/// so that an older ZCRMSDK sharing the file keeps working; a version-2 file it refuses
/// loudly, instead of rewriting it without the field and refreshing at the wrong server.
const VERSION: u64 = 2;
const VERSION_WITHOUT_ACCOUNTS_SERVER: u64 = 1;
/// A token file holds a few hundred bytes per user; anything this large is not one, and
/// reading it whole would only waste memory.
const MAX_FILE_SIZE: u64 = 16 * 1024 * 1024;
/// No write takes this long: a temp file this old is an orphan even if its pid was reused.
const ORPHAN_AGE: Duration = Duration::from_secs(10 * 60);

#[derive(Clone, Debug)]
pub struct FileStore {
    paths: Arc<Paths>,
}

#[derive(Debug)]
struct Paths {
    dir: PathBuf,
    file: PathBuf,
    lock: PathBuf,
    backup: PathBuf,
    /// Whether this store has looked for orphan temp files at its first read.
    swept: AtomicBool,
}

impl FileStore {
    /// A store for `dir/zcrm_oauthtokens.txt`. Nothing is touched until first use; the folder
    /// (mode 0700) and the file are created on the first write.
    pub fn new(dir: impl Into<PathBuf>) -> FileStore {
        let dir = dir.into();
        let file = dir.join(FILE_NAME);
        let lock = dir.join(format!("{FILE_NAME}.lock"));
        let backup = dir.join(format!("{FILE_NAME}.1.0-backup"));
        FileStore {
            paths: Arc::new(Paths {
                dir,
                file,
                lock,
                backup,
                swept: AtomicBool::new(false),
            }),
        }
    }

    /// The token file's path.
    pub fn path(&self) -> &Path {
        &self.paths.file
    }
}

#[async_trait]
impl TokenStore for FileStore {
    fn kind(&self) -> &'static str {
        "file"
    }

    /// `zcrm_oauthtokens.txt.slots`, beside the tokens.
    fn request_slots(&self) -> Result<Option<Arc<dyn SlotSource>>> {
        Ok(Some(Arc::new(SlotFile::beside(&self.paths.file, "file")?)))
    }

    async fn load(&self, user: &str) -> Result<Option<Tokens>> {
        let paths = self.paths.clone();
        let contents = blocking(move || {
            sweep_at_open(&paths);
            read_contents(&paths)
        })
        .await?;
        let list = match contents {
            Contents::Current(list) => list,
            Contents::Legacy(list, _) => self.migrate().await?.unwrap_or(list),
        };
        Ok(find(list, user))
    }

    async fn save(&self, tokens: &Tokens) -> Result<()> {
        let tokens = tokens.clone();
        self.update(move |list| {
            upsert(list, tokens);
            true
        })
        .await
    }

    async fn delete(&self, user: &str) -> Result<()> {
        let user = user.to_owned();
        self.update(move |list| remove(list, &user)).await
    }

    async fn lock(&self, user: &str) -> Result<Box<dyn LockedTokens + '_>> {
        let lock = FileLock::acquire(&self.paths).await?;
        Ok(Box::new(FileLocked {
            paths: self.paths.clone(),
            user: user.to_owned(),
            lock: Some(lock),
        }))
    }
}

impl FileStore {
    /// Applies `change` to the stored list under the flock; `change` says whether it changed
    /// anything, and an unchanged current file is not rewritten (as 1.0.x did on delete).
    async fn update(
        &self,
        change: impl FnOnce(&mut Vec<Tokens>) -> bool + Send + 'static,
    ) -> Result<()> {
        let lock = FileLock::acquire(&self.paths).await?;
        let paths = self.paths.clone();
        blocking(move || {
            // The closure owns the lock: if the caller gives up mid-write, the write still
            // finishes before the flock is released.
            let _lock = lock;
            update_locked(&paths, change)
        })
        .await
    }

    /// Rewrites a 1.0.x file as JSON, under the flock, if the flock is free right now: a
    /// plain read never waits for it (its caller may hold the refresh lock itself), and
    /// whoever holds it migrates the file anyway. `None` when not done.
    async fn migrate(&self) -> Result<Option<Vec<Tokens>>> {
        let paths = self.paths.clone();
        blocking(move || match FileLock::try_acquire(&paths) {
            Ok(Some(_lock)) => read_migrating(&paths).map(Some),
            // Busy, or no lock file possible here (read-only folder): read as it is.
            _ => Ok(None),
        })
        .await
    }
}

/// The refresh lock: holds the flock until released or dropped.
struct FileLocked {
    paths: Arc<Paths>,
    user: String,
    /// Lent to the blocking task during each operation and handed back afterwards.
    lock: Option<FileLock>,
}

impl FileLocked {
    async fn locked<T: Send + 'static>(
        &mut self,
        op: impl FnOnce(&Paths) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let lock = self.lock.take().ok_or_else(|| {
            Error::store(
                "file",
                "the token file lock was lost when an earlier operation was cancelled",
            )
        })?;
        let paths = self.paths.clone();
        let (lock, result) = tokio::task::spawn_blocking(move || {
            let result = op(&paths);
            (lock, result)
        })
        .await
        .map_err(|_| Error::store("file", "the token file task failed"))?;
        self.lock = Some(lock);
        result
    }
}

#[async_trait]
impl LockedTokens for FileLocked {
    async fn load(&mut self) -> Result<Option<Tokens>> {
        let list = self.locked(read_migrating).await?;
        Ok(find(list, &self.user))
    }

    async fn save(&mut self, tokens: &Tokens) -> Result<()> {
        let tokens = tokens.clone();
        self.locked(move |paths| {
            update_locked(paths, move |list| {
                upsert(list, tokens);
                true
            })
        })
        .await
    }

    async fn release(self: Box<Self>) -> Result<()> {
        Ok(())
    }
}

/// An exclusive `flock` on the sibling lock file, released on drop. The SQLite store uses it
/// too, for the same reason: a lock that a forked child can wait out.
#[derive(Debug)]
pub(crate) struct FileLock {
    file: File,
}

impl FileLock {
    /// Waits for the lock on the file at `path` (created 0600 with its folder if needed).
    /// Polls a non-blocking flock so that dropping the future abandons the wait; a blocking
    /// flock would pin a thread that nobody can interrupt.
    pub(crate) async fn acquire_at(path: &Path) -> Result<FileLock> {
        let file = open_lock_file(path)?;
        while !try_flock(&file).map_err(|err| io_error("cannot lock", path, &err))? {
            pause_before_retry().await;
        }
        Ok(FileLock { file })
    }

    async fn acquire(paths: &Paths) -> Result<FileLock> {
        Self::acquire_at(&paths.lock).await
    }

    /// The lock if it is free right now, else `None`.
    fn try_acquire(paths: &Paths) -> Result<Option<FileLock>> {
        let file = open_lock_file(&paths.lock)?;
        let locked = try_flock(&file).map_err(|err| io_error("cannot lock", &paths.lock, &err))?;
        Ok(locked.then_some(FileLock { file }))
    }
}

fn try_flock(file: &File) -> io::Result<bool> {
    // SAFETY: flock on a descriptor we own; no memory is passed.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
        return Ok(true);
    }
    let err = io::Error::last_os_error();
    match err.raw_os_error() {
        Some(libc::EWOULDBLOCK) | Some(libc::EINTR) => Ok(false),
        _ => Err(err),
    }
}

impl Drop for FileLock {
    /// Unlock explicitly rather than rely on close: a child forked while we held the lock
    /// shares this open file description, and its copy would otherwise keep the lock.
    fn drop(&mut self) {
        // SAFETY: as above.
        unsafe {
            libc::flock(self.file.as_raw_fd(), libc::LOCK_UN);
        }
    }
}

/// The lock file at `path`, created 0600 (with its folder) if needed.
fn open_lock_file(path: &Path) -> Result<File> {
    create_dir(path.parent().unwrap_or_else(|| Path::new(".")))?;
    // std opens with O_CLOEXEC, so exec'd children never inherit the lock.
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(path)
        .map_err(|err| io_error("cannot open", path, &err))
}

fn create_dir(dir: &Path) -> Result<()> {
    DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|err| io_error("cannot create the folder", dir, &err))
}

/// 5-25 ms, jittered so that waiters from many processes do not retry in lockstep.
pub(crate) async fn pause_before_retry() {
    let ms = rand::thread_rng().gen_range(5..=25);
    tokio::time::sleep(Duration::from_millis(ms)).await;
}

/// Runs file I/O (fsync can take a while) off the async worker threads.
async fn blocking<T: Send + 'static>(op: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(op)
        .await
        .map_err(|_| Error::store("file", "the token file task failed"))?
}

enum Contents {
    /// Our JSON (or no file, or an empty one).
    Current(Vec<Tokens>),
    /// A 1.0.x Marshal file, with its original bytes for the backup.
    Legacy(Vec<Tokens>, Vec<u8>),
}

fn read_contents(paths: &Paths) -> Result<Contents> {
    let bytes = match read_file(&paths.file)? {
        Some(bytes) => bytes,
        None => return Ok(Contents::Current(Vec::new())),
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Contents::Current(Vec::new()));
    }
    if marshal::is_marshal(&bytes) {
        let list = marshal::parse_tokens(&bytes).map_err(|err| {
            foreign(
                &paths.file,
                &format!("its Ruby Marshal data is unreadable: {err}"),
            )
        })?;
        return Ok(Contents::Legacy(list, bytes));
    }
    decode_json(&paths.file, &bytes).map(Contents::Current)
}

fn read_file(path: &Path) -> Result<Option<Vec<u8>>> {
    match fs::metadata(path) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(io_error("cannot read", path, &err)),
        Ok(meta) if !meta.is_file() => return Err(foreign(path, "it is not a regular file")),
        Ok(meta) if meta.len() > MAX_FILE_SIZE => return Err(foreign(path, "it is far too large")),
        Ok(_) => {}
    }
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(io_error("cannot read", path, &err)),
    }
}

/// A read under the flock: a legacy file is migrated on the spot. Best effort: a read-only
/// folder still lets us read the old file, and the next save reports the real problem.
fn read_migrating(paths: &Paths) -> Result<Vec<Tokens>> {
    match read_contents(paths)? {
        Contents::Current(list) => Ok(list),
        Contents::Legacy(list, original) => {
            let _ = migrate_locked(paths, &list, &original);
            Ok(list)
        }
    }
}

fn update_locked(paths: &Paths, change: impl FnOnce(&mut Vec<Tokens>) -> bool) -> Result<()> {
    remove_all(orphan_temps(paths));
    let (mut list, legacy) = match read_contents(paths)? {
        Contents::Current(list) => (list, None),
        Contents::Legacy(list, original) => (list, Some(original)),
    };
    let changed = change(&mut list);
    match legacy {
        Some(original) => migrate_locked(paths, &list, &original),
        None if changed => write_json(paths, &list),
        None => Ok(()),
    }
}

/// Backup first, so that the 1.0.x data survives even if the rewrite fails half way.
fn migrate_locked(paths: &Paths, list: &[Tokens], original: &[u8]) -> Result<()> {
    write_atomically(&paths.dir, &paths.backup, original)?;
    write_json(paths, list)
}

fn write_json(paths: &Paths, list: &[Tokens]) -> Result<()> {
    let version = if list.iter().any(|t| t.accounts_server.is_some()) {
        VERSION
    } else {
        VERSION_WITHOUT_ACCOUNTS_SERVER
    };
    let document = Document {
        format: FORMAT.to_owned(),
        version,
        tokens: list.iter().map(Record::from).collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&document)
        .map_err(|_| Error::store("file", "cannot encode the token list as JSON"))?;
    bytes.push(b'\n');
    write_atomically(&paths.dir, &paths.file, &bytes)
}

/// Temp file in the target's folder, write, fsync, chmod 0600, rename over, fsync the folder:
/// a crash leaves the old file or the new one, never a torn one. A symlinked token file is
/// followed, so users who link it elsewhere keep their link.
fn write_atomically(dir: &Path, target: &Path, bytes: &[u8]) -> Result<()> {
    create_dir(dir)?;
    let target = resolve_symlink(target);
    let folder = target
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| dir.to_path_buf());
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = folder.join(format!(
        ".{name}.{}.{:08x}.tmp",
        std::process::id(),
        rand::random::<u32>()
    ));
    let result = write_and_rename(&temp, &target, &folder, bytes);
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result.map_err(|err| io_error("cannot write", &target, &err))
}

fn write_and_rename(temp: &Path, target: &Path, folder: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(temp)?;
    file.write_all(bytes)?;
    // The umask cannot widen 0600, but an inherited ACL or an odd filesystem might.
    file.set_permissions(fs::Permissions::from_mode(0o600))?;
    file.sync_all()?;
    drop(file);
    fs::rename(temp, target)?;
    File::open(folder)?.sync_all()
}

/// A store may only be read for an hour before it next writes, so its first read clears
/// orphans too, if the flock is free right now (a read never waits for it, see `migrate`).
fn sweep_at_open(paths: &Paths) {
    if paths.swept.swap(true, Ordering::Relaxed) {
        return;
    }
    let orphans = orphan_temps(paths);
    if orphans.is_empty() {
        return; // and nothing is created: no lock file on a plain read
    }
    if let Ok(Some(_lock)) = FileLock::try_acquire(paths) {
        remove_all(orphans);
    }
}

/// Temp files of the token file and its backup (see `write_atomically`) whose writer died
/// mid-write: each holds a whole token list, and nobody else would ever delete it. An orphan's
/// pid is dead, or it is older than any write takes (the pid may have been reused). Only
/// removed under the flock, so even a writer we cannot see (another pid namespace) is not
/// mid-write; a name that is not exactly ours is never touched.
fn orphan_temps(paths: &Paths) -> Vec<PathBuf> {
    let mut orphans = Vec::new();
    for target in [&paths.file, &paths.backup].map(|path| resolve_symlink(path)) {
        let (Some(folder), Some(name)) = (target.parent(), target.file_name()) else {
            continue;
        };
        let name = name.to_string_lossy();
        let Ok(entries) = fs::read_dir(folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let file_name = entry.file_name();
            let Some(pid) = file_name.to_str().and_then(|n| temp_writer_pid(n, &name)) else {
                continue;
            };
            let Ok(meta) = fs::symlink_metadata(entry.path()) else {
                continue;
            };
            let old = meta
                .modified()
                .ok()
                .and_then(|mtime| mtime.elapsed().ok())
                .is_some_and(|age| age > ORPHAN_AGE);
            if meta.is_file() && (old || !process_exists(pid)) {
                orphans.push(entry.path());
            }
        }
    }
    orphans
}

/// The pid in `.{target}.{pid}.{8 lowercase hex}.tmp`, the name `write_atomically` gives.
fn temp_writer_pid(file_name: &str, target: &str) -> Option<libc::pid_t> {
    let rest = file_name
        .strip_prefix('.')?
        .strip_prefix(target)?
        .strip_prefix('.')?
        .strip_suffix(".tmp")?;
    let (pid, random) = rest.split_once('.')?;
    let random_ok = random.len() == 8
        && random
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    let pid_ok = !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit());
    if !(random_ok && pid_ok) {
        return None;
    }
    // pid 0 would make kill() ask about our whole process group.
    pid.parse().ok().filter(|&pid| pid > 0)
}

fn process_exists(pid: libc::pid_t) -> bool {
    // SAFETY: signal 0 sends nothing; it only asks whether the process exists. EPERM means
    // it does, under another user.
    let status = unsafe { libc::kill(pid, 0) };
    status == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

fn remove_all(paths: Vec<PathBuf>) {
    for path in paths {
        // Best effort: gone already, or not ours to delete; the write goes on either way.
        let _ = fs::remove_file(path);
    }
}

fn resolve_symlink(path: &Path) -> PathBuf {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    }
}

#[derive(Serialize, Deserialize)]
struct Document {
    format: String,
    version: u64,
    tokens: Vec<Record>,
}

/// Just the fields that tell whose file this is; read before the rest so that a newer or
/// foreign JSON file gets the right message.
#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    version: Option<u64>,
}

#[derive(Serialize, Deserialize)]
struct Record {
    user_identifier: String,
    access_token: String,
    refresh_token: Option<String>,
    expiry_time: i64,
    api_domain: Option<String>,
    /// Absent from files written before multi-DC support.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    accounts_server: Option<String>,
}

impl From<&Tokens> for Record {
    fn from(t: &Tokens) -> Record {
        Record {
            user_identifier: t.user_identifier.clone(),
            access_token: t.access_token.clone(),
            refresh_token: t.refresh_token.clone(),
            expiry_time: t.expiry_time,
            api_domain: t.api_domain.clone(),
            accounts_server: t.accounts_server.clone(),
        }
    }
}

impl From<Record> for Tokens {
    fn from(r: Record) -> Tokens {
        Tokens {
            user_identifier: r.user_identifier,
            access_token: r.access_token,
            refresh_token: r.refresh_token,
            expiry_time: r.expiry_time,
            api_domain: r.api_domain,
            accounts_server: r.accounts_server,
        }
    }
}

fn decode_json(path: &Path, bytes: &[u8]) -> Result<Vec<Tokens>> {
    let header: Header =
        serde_json::from_slice(bytes).map_err(|err| foreign(path, &json_problem(&err)))?;
    if header.format.as_deref() != Some(FORMAT) {
        return Err(foreign(path, "it is JSON without our \"format\" marker"));
    }
    match header.version {
        Some(VERSION_WITHOUT_ACCOUNTS_SERVER | VERSION) => {}
        Some(version) if version > VERSION => return Err(newer_version(path, version)),
        _ => return Err(foreign(path, "its \"version\" is missing or invalid")),
    }
    let document: Document =
        serde_json::from_slice(bytes).map_err(|err| foreign(path, &json_problem(&err)))?;
    Ok(document.tokens.into_iter().map(Tokens::from).collect())
}

/// Only the position: serde's own message can quote a value, and values here are tokens.
fn json_problem(err: &serde_json::Error) -> String {
    let what = match err.classify() {
        serde_json::error::Category::Data => "its JSON does not have the expected fields",
        _ => "it is neither JSON nor Ruby Marshal data",
    };
    format!("{what} (line {}, column {})", err.line(), err.column())
}

fn foreign(path: &Path, why: &str) -> Error {
    Error::store(
        "file",
        format!(
            "{} is not a ZCRMSDK token file ({why}). It was left untouched; move it away, or point \
             token_persistence_path at another folder",
            path.display()
        ),
    )
}

fn newer_version(path: &Path, version: u64) -> Error {
    Error::store(
        "file",
        format!(
            "{} was written by a newer ZCRMSDK (token file format version {version}; this version \
             reads version {VERSION}). It was left untouched; upgrade ZCRMSDK, or point \
             token_persistence_path at another folder",
            path.display()
        ),
    )
}

fn io_error(what: &str, path: &Path, err: &io::Error) -> Error {
    Error::store("file", format!("{what} {}: {err}", path.display()))
}

/// The first entry for the user, as 1.0.x's linear scan did (case-sensitive).
fn find(list: Vec<Tokens>, user: &str) -> Option<Tokens> {
    list.into_iter().find(|t| t.user_identifier == user)
}

/// Replaces the user's entries; the new one goes last, where 1.0.x pushed it.
fn upsert(list: &mut Vec<Tokens>, tokens: Tokens) {
    list.retain(|t| t.user_identifier != tokens.user_identifier);
    list.push(tokens);
}

fn remove(list: &mut Vec<Tokens>, user: &str) -> bool {
    let before = list.len();
    list.retain(|t| t.user_identifier != user);
    list.len() != before
}
