//! Crash recovery: while a sheet has unsaved changes, its whole text is written (atomically)
//! to a draft file in the user's data folder. After a crash or power cut, the next start finds
//! the draft and offers it back, saying which file and unit it belongs to and when it was
//! written. A draft is always restored as its own document, never merged into another.

use crate::fsio::write_atomic;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

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

/// The folder of drafts; each running program writes its own file, named by process id.
#[derive(Debug, Clone)]
pub struct RecoveryStore {
    dir: PathBuf,
    own: PathBuf,
}

impl RecoveryStore {
    pub fn new(dir: PathBuf) -> Self {
        Self::for_session(dir, &std::process::id().to_string())
    }

    /// A store whose own draft is named by `session` (tests simulate a restart with it).
    pub fn for_session(dir: PathBuf, session: &str) -> Self {
        let own = dir.join(format!("draft-{session}.ron"));
        RecoveryStore { dir, own }
    }

    /// The user's data folder (e.g. %APPDATA%\kaoping\data\recovery on Windows).
    pub fn in_user_data() -> Option<Self> {
        let dirs = directories::ProjectDirs::from("cn", "yueyang", "kaoping")?;
        Some(Self::new(dirs.data_dir().join("recovery")))
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
        let text = ron::ser::to_string_pretty(draft, ron::ser::PrettyConfig::new())
            .expect("a draft always serializes");
        write_atomic(&self.own, text.as_bytes()).map_err(|e| e.to_string())?;
        // The .bak of a draft is of no use: only the newest draft matters.
        let _ = std::fs::remove_file(crate::fsio::backup_path(&self.own));
        Ok(())
    }

    /// Removes this program's draft (after a save, or a close that discards changes).
    pub fn clear(&self) {
        let _ = std::fs::remove_file(&self.own);
    }

    /// Drafts left by programs that did not end cleanly, newest first, with their paths.
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
