//! Fleet-cap slots for the file and SQLite stores: slot `n` is a POSIX record lock
//! (`fcntl(F_SETLK)`) on byte `n` of `<store file>.slots`.
//!
//! Why record locks rather than `flock` on N files: both are released by the kernel when the
//! holder dies, but a `flock` belongs to the open file description, which a child forked
//! mid-call shares, so the child would keep the parent's slot alive after the parent died (and
//! could release it by accident). A record lock belongs to the process: a forked child never
//! holds its parent's slots. Its two traps are handled here:
//! - within one process record locks never conflict, so the process's own threads claim a
//!   slot in `claimed` (atomics: no mutex that a fork could leave locked) before locking it;
//! - closing *any* descriptor of the file drops every lock the process holds on it, so each
//!   process opens the file once (the registry below) and never closes it.

use std::collections::HashMap;
use std::fs::{DirBuilder, File, OpenOptions};
use std::os::fd::AsRawFd;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use async_trait::async_trait;
use rand::Rng;

use crate::error::{Error, Result};
use crate::transport::fleet_cap::{SlotLease, SlotSource};

/// The most slots a file offers (the configuration's upper bound for the cap).
const MAX_SLOTS: usize = 10_000;

/// The slots file of one store, as this process sees it.
pub struct SlotFile {
    /// Opened by this process (O_CLOEXEC, as std always does): an inherited one is not used.
    pid: u32,
    path: PathBuf,
    store: &'static str,
    file: File,
    claimed: Vec<AtomicBool>,
}

impl SlotFile {
    /// The process's one handle on the slots file beside `store_file` (`<store_file>.slots`,
    /// created 0600, its folder 0700). `store` names the store in error messages.
    pub fn beside(store_file: &Path, store: &'static str) -> Result<Arc<SlotFile>> {
        let path = slots_path(store_file, store)?;
        static OPEN: OnceLock<Mutex<HashMap<PathBuf, Arc<SlotFile>>>> = OnceLock::new();
        let mut open = OPEN
            .get_or_init(Mutex::default)
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let pid = std::process::id();
        if let Some(existing) = open.get(&path).filter(|f| f.pid == pid) {
            return Ok(existing.clone());
        }
        let fresh = Arc::new(SlotFile::open(path.clone(), store, pid)?);
        // A parent's handle inherited across fork is forgotten, never closed: closing it would
        // drop the locks this process takes through the new one.
        if let Some(inherited) = open.insert(path, fresh.clone()) {
            std::mem::forget(inherited);
        }
        Ok(fresh)
    }

    fn open(path: PathBuf, store: &'static str, pid: u32) -> Result<SlotFile> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&path)
            .map_err(|err| slots_error(store, "open the request slots file", &path, &err))?;
        Ok(SlotFile {
            pid,
            path,
            store,
            file,
            claimed: (0..MAX_SLOTS).map(|_| AtomicBool::new(false)).collect(),
        })
    }

    /// Slot `n` if no thread of this process nor any other process holds it.
    fn take(self: &Arc<Self>, n: usize) -> Result<Option<FileSlot>> {
        let Some(claim) = self.claimed.get(n) else {
            return Ok(None);
        };
        if claim.swap(true, Ordering::AcqRel) {
            return Ok(None);
        }
        match self.lock_byte(n, libc::F_WRLCK as libc::c_short) {
            Ok(true) => Ok(Some(FileSlot {
                file: self.clone(),
                n,
            })),
            Ok(false) => {
                claim.store(false, Ordering::Release);
                Ok(None)
            }
            Err(err) => {
                claim.store(false, Ordering::Release);
                Err(slots_error(
                    self.store,
                    "lock a request slot in",
                    &self.path,
                    &err,
                ))
            }
        }
    }

    /// Sets (or, with `F_UNLCK`, clears) the record lock on byte `n` without waiting: false
    /// when another process holds it.
    fn lock_byte(&self, n: usize, kind: libc::c_short) -> std::io::Result<bool> {
        // SAFETY: a plain C struct; every field the call reads is set below.
        let mut range: libc::flock = unsafe { std::mem::zeroed() };
        range.l_type = kind;
        range.l_whence = libc::SEEK_SET as libc::c_short;
        range.l_start = n as libc::off_t;
        range.l_len = 1;
        // SAFETY: fcntl on a descriptor we own, with a valid pointer to `range`.
        if unsafe { libc::fcntl(self.file.as_raw_fd(), libc::F_SETLK, &range) } == 0 {
            return Ok(true);
        }
        let err = std::io::Error::last_os_error();
        match err.raw_os_error() {
            Some(libc::EACCES) | Some(libc::EAGAIN) | Some(libc::EINTR) => Ok(false),
            _ => Err(err),
        }
    }
}

/// `<store_file>.slots` in the canonical form of its folder (created if needed): two spellings
/// of one file (relative, through a symlink) must find the same handle, since two handles in one
/// process would each hand out the same slot.
fn slots_path(store_file: &Path, store: &'static str) -> Result<PathBuf> {
    let mut name = store_file
        .file_name()
        .map(|name| name.to_owned())
        .unwrap_or_default();
    name.push(".slots");
    let dir = match store_file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|err| slots_error(store, "create the folder", dir, &err))?;
    let dir = dir
        .canonicalize()
        .map_err(|err| slots_error(store, "resolve the folder", dir, &err))?;
    Ok(dir.join(name))
}

fn slots_error(store: &'static str, what: &str, path: &Path, err: &std::io::Error) -> Error {
    Error::store(store, format!("cannot {what} {}: {err}", path.display()))
}

#[async_trait]
impl SlotSource for Arc<SlotFile> {
    fn describe(&self) -> String {
        format!(
            "the {} store (slots in {})",
            self.store,
            self.path.display()
        )
    }

    /// Starts at a random slot so that processes asking together rarely collide.
    async fn try_take(&self, cap: u32) -> Result<Option<Box<dyn SlotLease>>> {
        let cap = (cap as usize).min(MAX_SLOTS);
        if cap == 0 {
            return Ok(None);
        }
        let start = rand::thread_rng().gen_range(0..cap);
        for n in (start..cap).chain(0..start) {
            if let Some(slot) = self.take(n)? {
                return Ok(Some(Box::new(slot)));
            }
        }
        Ok(None)
    }
}

struct FileSlot {
    file: Arc<SlotFile>,
    n: usize,
}

impl SlotLease for FileSlot {}

impl Drop for FileSlot {
    fn drop(&mut self) {
        // Only a forked child can get here with another pid, and it never held the lock.
        if self.file.pid == std::process::id() {
            let _ = self.file.lock_byte(self.n, libc::F_UNLCK as libc::c_short);
            self.file.claimed[self.n].store(false, Ordering::Release);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_threads_of_one_process_share_the_slots() {
        let dir = tempfile::tempdir().map_err(|e| e.to_string());
        let dir = dir.as_ref().map(|d| d.path()).unwrap_or(Path::new("/tmp"));
        let source = SlotFile::beside(&dir.join("tokens.sqlite3"), "sqlite");
        let Ok(source) = source else {
            panic!("cannot open the slots file")
        };
        let first = source.try_take(2).await.ok().flatten();
        let second = source.try_take(2).await.ok().flatten();
        assert!(first.is_some() && second.is_some());
        assert!(source.try_take(2).await.ok().flatten().is_none());
        drop(first);
        assert!(source.try_take(2).await.ok().flatten().is_some());
        assert!(dir.join("tokens.sqlite3.slots").exists());
        let respelt = SlotFile::beside(&dir.join(".").join("tokens.sqlite3"), "sqlite");
        assert!(respelt.is_ok_and(|again| Arc::ptr_eq(&again, &source)));
    }
}
