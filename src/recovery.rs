//! Crash recovery: while a sheet has unsaved changes, its whole text is written (atomically)
//! to a draft file in the user's data folder. After a crash or power cut, the next start finds
//! the draft and offers it back, saying which file and unit it belongs to and when it was
//! written. A draft is always restored as its own document, never merged into another.

use crate::fsio::write_atomic;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One unsaved sheet, as it was when last autosaved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// When the draft was written, local time, RFC 3339.
    pub written_at: String,
    /// The file the sheet belongs to, if it had been saved or opened from one.
    pub file: Option<PathBuf>,
    /// The unit's name, to tell the clerk whose sheet it is.
    pub unit_name: Option<String>,
    /// The sheet in its own file format (ruleset id and hash included).
    pub sheet_text: String,
    /// Written in review mode: restoring it returns to review mode.
    #[serde(default)]
    pub review: bool,
}

impl Draft {
    /// How the draft is described when it is offered back.
    pub fn describe(&self) -> String {
        let file = match &self.file {
            Some(f) => format!("文件“{}”", f.display()),
            None => "一份尚未保存过的考评表".into(),
        };
        let unit = self.unit_name.as_deref().unwrap_or("未选单位");
        let when = chrono::DateTime::parse_from_rfc3339(&self.written_at)
            .map(|t| t.format("%Y年%m月%d日 %H:%M:%S").to_string())
            .unwrap_or_else(|_| self.written_at.clone());
        format!("{file}（填报单位：{unit}），自动保存于 {when}")
    }
}

/// The folder of drafts. Each running program writes its own draft, named by a random
/// session id, and holds an exclusive lock on a sibling `.lock` file while it runs: a draft
/// whose lock nobody holds was left by a program that died. Never by process id — Windows
/// (and Wine) reuse ids, and a new program once took a crashed one's draft for its own and
/// overwrote it.
#[derive(Debug, Clone)]
pub struct RecoveryStore {
    dir: PathBuf,
    own: PathBuf,
    /// The held lock; released (and its file removed) when the last clone is dropped.
    _lock: Option<Arc<SessionLock>>,
}

/// An exclusively locked file that says "this session is alive".
#[derive(Debug)]
struct SessionLock {
    path: PathBuf,
    _file: std::fs::File,
    /// Remove the lock file when dropped (a clean end); tests turn it off to play a crash.
    remove_on_drop: bool,
}

impl Drop for SessionLock {
    fn drop(&mut self) {
        // A clean end: the lock file goes too (the lock itself is released with the file).
        if self.remove_on_drop {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// The lock file that belongs to a draft: `draft-X.ron` → `draft-X.lock`.
fn lock_path(draft: &Path) -> PathBuf {
    draft.with_extension("lock")
}

/// A session id no other program has: time, process id and a counter, in hex.
fn new_session_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let text = format!("{nanos}-{}-{n}", std::process::id());
    crate::catalog::sha256_hex(text.as_bytes())[..16].to_string()
}

impl RecoveryStore {
    pub fn new(dir: PathBuf) -> Self {
        Self::for_session(dir, &new_session_id())
    }

    /// A store whose own draft is named by `session`, locked while the store lives.
    pub fn for_session(dir: PathBuf, session: &str) -> Self {
        let own = dir.join(format!("draft-{session}.ron"));
        Self::remove_orphan_locks(&dir);
        let lock = Self::take_lock(&dir, &own);
        RecoveryStore {
            dir,
            own,
            _lock: lock.map(Arc::new),
        }
    }

    /// Lock files of programs that were killed with nothing unsaved (no draft beside them)
    /// and that nobody holds: removed, so they do not pile up in the folder.
    fn remove_orphan_locks(dir: &Path) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for path in entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .take(10_000)
        {
            let is_lock = path.extension().is_some_and(|x| x == "lock")
                && path
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("draft-"));
            if is_lock
                && !path.with_extension("ron").exists()
                && !Self::owner_alive(&path.with_extension("ron"))
            {
                let _ = std::fs::remove_file(&path);
            }
        }
    }

    /// Creates and exclusively locks this session's lock file. Where the file system has no
    /// locks, drafts still work; a live program's draft may then be offered to another.
    fn take_lock(dir: &Path, own: &Path) -> Option<SessionLock> {
        std::fs::create_dir_all(dir).ok()?;
        let path = lock_path(own);
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .ok()?;
        file.try_lock().ok()?;
        Some(SessionLock {
            path,
            _file: file,
            remove_on_drop: true,
        })
    }

    /// Ends this store as a killed program would: the lock is released (the process's files
    /// are closed by the system) but nothing is cleaned up.
    #[cfg(test)]
    fn crash(mut self) {
        if let Some(lock) = self._lock.as_mut().and_then(Arc::get_mut) {
            lock.remove_on_drop = false;
        }
    }

    /// The user's data folder (e.g. %APPDATA%\kaoping\data\recovery on Windows).
    pub fn in_user_data() -> Option<Self> {
        Some(Self::new(crate::fsio::user_data_folder()?.join("recovery")))
    }

    /// Removes a leftover draft (restored or dropped) with its lock file.
    pub fn remove_leftover(draft: &Path) {
        let _ = std::fs::remove_file(draft);
        let _ = std::fs::remove_file(lock_path(draft));
    }

    /// Whether the program that wrote `draft` is still running (holds its lock).
    fn owner_alive(draft: &Path) -> bool {
        let Ok(file) = std::fs::OpenOptions::new()
            .write(true)
            .open(lock_path(draft))
        else {
            return false; // no lock file: an older draft, or a program that died long ago
        };
        match file.try_lock() {
            Ok(()) => false, // nobody held it: the owner is gone (dropping `file` unlocks)
            Err(std::fs::TryLockError::WouldBlock) => true,
            Err(std::fs::TryLockError::Error(_)) => false,
        }
    }

    pub fn own_path(&self) -> &Path {
        &self.own
    }

    pub fn write(&self, draft: &Draft) -> Result<(), String> {
        std::fs::create_dir_all(&self.dir).map_err(|e| {
            format!(
                "无法创建自动保存文件夹“{}”：{}",
                self.dir.display(),
                crate::fsio::io_error_zh(&e)
            )
        })?;
        let text = ron::ser::to_string_pretty(draft, ron::ser::PrettyConfig::new().new_line("\n"))
            .map_err(|e| format!("无法写出自动保存的草稿：{e}"))?;
        write_atomic(&self.own, text.as_bytes()).map_err(|e| e.to_string())?;
        // The .bak of a draft is of no use: only the newest draft matters.
        let _ = std::fs::remove_file(crate::fsio::backup_path(&self.own));
        Ok(())
    }

    /// Removes this program's draft (after a save, or a close that discards changes).
    pub fn clear(&self) {
        let _ = std::fs::remove_file(&self.own);
    }

    /// Drafts left by programs that did not end cleanly (their lock is free), newest first,
    /// with their paths. A draft of another program still running is not offered.
    pub fn leftover(&self) -> Vec<(PathBuf, Draft)> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut found: Vec<(PathBuf, Draft)> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension().is_some_and(|x| x == "ron")
                    && p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with("draft-"))
                    && *p != self.own
                    && !Self::owner_alive(p)
            })
            .filter_map(|p| {
                let text = std::fs::read_to_string(&p).ok()?;
                let draft: Draft = ron::from_str(&text).ok()?;
                Some((p, draft))
            })
            .collect();
        found.sort_by(|a, b| b.1.written_at.cmp(&a.1.written_at));
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(unit: &str) -> Draft {
        Draft {
            written_at: "2026-01-01T10:00:00+08:00".into(),
            file: None,
            unit_name: Some(unit.into()),
            sheet_text: String::new(),
            review: false,
        }
    }

    /// The draft a crashed program left survives a new program with the same process id
    /// (Windows and Wine reuse them): both stores live in this one process here.
    #[test]
    fn a_crashed_programs_draft_survives_process_id_reuse() {
        let dir = tempfile::tempdir().unwrap();
        let crashed = RecoveryStore::new(dir.path().to_path_buf());
        crashed.write(&draft("平江县")).unwrap();
        let crashed_draft = crashed.own_path().to_path_buf();
        // While it runs, another program does not offer its draft.
        let other = RecoveryStore::new(dir.path().to_path_buf());
        assert!(
            other.leftover().is_empty(),
            "a live program's draft was offered"
        );
        drop(other);
        // It dies without cleaning up: its draft and lock file stay, the lock is released.
        crashed.crash();
        assert!(lock_path(&crashed_draft).exists());
        let next = RecoveryStore::new(dir.path().to_path_buf());
        assert_ne!(next.own_path(), crashed_draft.as_path());
        next.write(&draft("君山区")).unwrap();
        let left = next.leftover();
        assert_eq!(left.len(), 1, "{left:?}");
        assert_eq!(left[0].0, crashed_draft);
        assert_eq!(left[0].1.unit_name.as_deref(), Some("平江县"));
    }

    #[test]
    fn lock_files_of_killed_programs_with_nothing_unsaved_do_not_pile_up() {
        let dir = tempfile::tempdir().unwrap();
        // Killed with nothing unsaved: a lock file alone, held by nobody.
        let killed = RecoveryStore::new(dir.path().to_path_buf());
        let orphan = lock_path(killed.own_path());
        killed.crash();
        assert!(orphan.exists());
        // Killed with unsaved work: the lock beside its draft stays (the draft is offered).
        let with_work = RecoveryStore::new(dir.path().to_path_buf());
        with_work.write(&draft("平江县")).unwrap();
        let kept = lock_path(with_work.own_path());
        with_work.crash();
        // A program still running keeps its lock.
        let running = RecoveryStore::new(dir.path().to_path_buf());
        let live = lock_path(running.own_path());
        let next = RecoveryStore::new(dir.path().to_path_buf());
        assert!(!orphan.exists(), "the orphan lock is gone");
        assert!(kept.exists() && live.exists());
        assert_eq!(next.leftover().len(), 1);
        drop(running);
    }

    #[test]
    fn a_clean_end_leaves_no_lock_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = RecoveryStore::new(dir.path().to_path_buf());
        let lock = lock_path(store.own_path());
        assert!(lock.exists());
        drop(store);
        assert!(!lock.exists());
    }
}
