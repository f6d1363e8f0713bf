//! Files taken off a sheet: only a file removed from this sheet, at this place, and still the
//! one attached goes (to the system's trash) when that sheet is saved there; an undo brings
//! it back from the trash; a sheet replaced by a save has its whole folder set aside.

use super::{backup_folder_for, folder_for, hash_file, item_file, ledger_file, scan_file};
use crate::fsio::{FileError, FileStep};
use crate::sheet::Sheet;
use crate::sheet::attachments::{EvidenceFile, SealedScan};
use std::path::{Path, PathBuf};

/// A file taken off a sheet since it was opened, recorded with the place of the sheet it was
/// taken from: only such a file is ever deleted by a save, and only when that same sheet is
/// saved at that same place (until then 不保存 or a crash draft can still bring it back).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    pub sheet_path: PathBuf,
    /// What it was attached to.
    pub held_by: Holder,
    pub stored: String,
    pub sha256: String,
}

/// What an attached file belongs to (and so where it lies in the evidence folder).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holder {
    Item(String),
    Scan,
    /// A 台账 entry: its ledger and id.
    Entry {
        ledger: String,
        id: u32,
    },
}

impl Holder {
    /// Where a file of this holder, stored under `stored`, lies beside the sheet.
    pub fn path(&self, sheet_path: &Path, stored: &str) -> PathBuf {
        match self {
            Holder::Item(item) => item_file(sheet_path, item, stored),
            Holder::Scan => scan_file(sheet_path, stored),
            Holder::Entry { ledger, id } => ledger_file(sheet_path, ledger, *id, stored),
        }
    }
}

impl Removed {
    pub fn of_entry(sheet_path: &Path, item_id: &str, entry: &EvidenceFile) -> Removed {
        Removed {
            sheet_path: sheet_path.to_path_buf(),
            held_by: Holder::Item(item_id.to_string()),
            stored: entry.stored.clone(),
            sha256: entry.sha256.clone(),
        }
    }

    pub fn of_scan(sheet_path: &Path, scan: &SealedScan) -> Removed {
        Removed {
            sheet_path: sheet_path.to_path_buf(),
            held_by: Holder::Scan,
            stored: scan.stored.clone(),
            sha256: scan.sha256.clone(),
        }
    }

    pub fn of_ledger_file(
        sheet_path: &Path,
        ledger: &str,
        id: u32,
        file: &EvidenceFile,
    ) -> Removed {
        Removed {
            sheet_path: sheet_path.to_path_buf(),
            held_by: Holder::Entry {
                ledger: ledger.to_string(),
                id,
            },
            stored: file.stored.clone(),
            sha256: file.sha256.clone(),
        }
    }

    fn disk_path(&self) -> PathBuf {
        self.held_by.path(&self.sheet_path, &self.stored)
    }

    /// Whether `sheet` (as saved) lists this file again (added back, or listed twice).
    pub fn listed_in(&self, sheet: &Sheet) -> bool {
        match &self.held_by {
            Holder::Item(item) => sheet
                .evidence
                .get(item)
                .is_some_and(|l| l.iter().any(|e| e.stored == self.stored)),
            Holder::Scan => sheet.sealed_scans.iter().any(|s| s.stored == self.stored),
            Holder::Entry { ledger, id } => sheet.ledgers.get(ledger).is_some_and(|l| {
                l.iter()
                    .filter(|e| e.id == *id)
                    .any(|e| e.files.iter().any(|f| f.stored == self.stored))
            }),
        }
    }
}

/// After `sheet` was saved at `sheet_path`: the files recorded in `removed` as taken off this
/// sheet at this place, and not listed again, go to the system's trash (回收站) — only while the
/// file there is still the one that was attached (same size and SHA-256). Nothing else in the
/// folder is ever touched, so another sheet's 佐证材料 or a file the clerk put there herself
/// stays. Returns, in words, what could not be moved (it then stays where it is: never unlinked).
pub fn discard_removed(sheet: &Sheet, sheet_path: &Path, removed: &[Removed]) -> Vec<String> {
    let mut left = Vec::new();
    let mut dirs: Vec<PathBuf> = Vec::new();
    for r in removed {
        if r.sheet_path != sheet_path || r.listed_in(sheet) {
            continue;
        }
        let file = r.disk_path();
        let is_file = std::fs::symlink_metadata(&file).is_ok_and(|m| m.is_file());
        if !is_file || !hash_file(&file).is_ok_and(|(_, h)| h == r.sha256) {
            continue;
        }
        match to_trash(&file) {
            Ok(()) => {
                if let Some(parent) = file.parent() {
                    dirs.push(parent.to_path_buf());
                }
            }
            Err(e) => left.push(format!(
                "“{}”已从考评表中删除，但没能移到回收站（{e}），文件仍在原处",
                file.display()
            )),
        }
    }
    // Folders the program made, now empty, go too (remove_dir never removes a folder that
    // still holds anything).
    for d in dirs {
        let _ = std::fs::remove_dir(&d);
    }
    let _ = std::fs::remove_dir(folder_for(sheet_path));
    left
}

/// Moves a file or folder to the system's trash (Windows' 回收站, the desktop's trash on
/// Linux), where the clerk can still take it back.
fn to_trash(path: &Path) -> Result<(), trash::Error> {
    trash::delete(path)
}

/// After an undo: every file the sheet lists that is not on disk (a save sent it to the
/// trash) is brought back from the trash, the latest one of that name and place. Returns
/// the titles of those that could not be (said to the clerk, who can add them again).
pub fn bring_back_listed(sheet: &Sheet, sheet_path: &Path) -> Vec<String> {
    let mut wanted: Vec<(PathBuf, String)> = super::attached(sheet)
        .into_iter()
        .map(|a| (a.held_by.path(sheet_path, a.stored), a.title.to_string()))
        .collect();
    wanted.retain(|(path, _)| std::fs::symlink_metadata(path).is_err());
    if wanted.is_empty() {
        return Vec::new();
    }
    wanted
        .into_iter()
        .filter(|(path, _)| !restore_from_trash(path))
        .map(|(_, title)| title)
        .collect()
}

/// Whether the latest file the trash holds from `path` went back there (false when the trash
/// has none, or cannot say: the caller names what is still missing).
#[cfg(any(target_os = "windows", all(unix, not(target_os = "macos"))))]
fn restore_from_trash(path: &Path) -> bool {
    let Ok(items) = trash::os_limited::list() else {
        return false;
    };
    let latest = items
        .into_iter()
        .filter(|i| i.original_path() == path)
        .max_by_key(|i| i.time_deleted);
    latest.is_some_and(|l| trash::os_limited::restore_all([l]).is_ok())
}

/// This system's trash cannot be read back from: nothing is restored.
#[cfg(not(any(target_os = "windows", all(unix, not(target_os = "macos")))))]
fn restore_from_trash(_path: &Path) -> bool {
    false
}

/// Before another sheet's file at `sheet_path` is replaced by a save: its 佐证材料 folder is
/// set aside beside the `.bak` that will keep that sheet (`<stem>_佐证材料.bak`), so nothing
/// of it is mixed into or deleted by the new sheet. An older set-aside folder of that name
/// goes to the trash first (the `.bak` it belonged to is replaced now too); if the trash
/// cannot take it, a numbered name is used. Returns where the folder went, if there was one.
pub fn set_aside_folder(sheet_path: &Path) -> Result<Option<PathBuf>, FileError> {
    let folder = folder_for(sheet_path);
    if std::fs::symlink_metadata(&folder).is_err() {
        return Ok(None);
    }
    let mut aside = backup_folder_for(sheet_path);
    if std::fs::symlink_metadata(&aside).is_ok() && to_trash(&aside).is_err() {
        let base = aside.clone();
        let mut n = 2u32;
        while std::fs::symlink_metadata(&aside).is_ok() {
            let mut name = base.as_os_str().to_owned();
            name.push(format!("{n}"));
            aside = PathBuf::from(name);
            n = n.saturating_add(1);
        }
    }
    std::fs::rename(&folder, &aside)
        .map_err(|e| FileError::new(FileStep::SetAside, &folder, &e))?;
    Ok(Some(aside))
}
