//! Every file a sheet lists, whatever holds it (an item, the 盖章扫描件, a 台账 entry), and the
//! files of 台账 entries: where they lie (`台账/<ledger>/<entry id>/`) and how one is copied in.

use super::{
    EvidenceError, EvidenceFile, Holder, MAX_ENTRIES_PER_ITEM, clean_title, copy_in, folder_for,
    refuse_program_file,
};
use crate::progress::Progress;
use crate::ruleset::excerpt;
use crate::sheet::Sheet;
use std::path::{Path, PathBuf};

/// The subfolder of the evidence folder that holds the 台账 entries' files.
pub const LEDGER_FOLDER: &str = "台账";

/// Where a file of a 台账 entry lives on disk: `台账/<ledger>/<entry id>/<stored>`.
pub fn ledger_file(sheet_path: &Path, ledger: &str, entry: u32, stored: &str) -> PathBuf {
    folder_for(sheet_path)
        .join(LEDGER_FOLDER)
        .join(ledger)
        .join(entry.to_string())
        .join(stored)
}

/// One file a sheet lists, whatever holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attached<'s> {
    pub held_by: Holder,
    pub title: &'s str,
    pub stored: &'s str,
    pub size: u64,
    pub sha256: &'s str,
}

/// Every file the sheet lists: each item's 佐证材料, the 盖章扫描件, each 台账 entry's files.
pub fn attached(sheet: &Sheet) -> Vec<Attached<'_>> {
    let mut out = Vec::new();
    for (item, list) in &sheet.evidence {
        for e in list {
            out.push(Attached {
                held_by: Holder::Item(item.clone()),
                title: &e.title,
                stored: &e.stored,
                size: e.size,
                sha256: &e.sha256,
            });
        }
    }
    for s in &sheet.sealed_scans {
        out.push(Attached {
            held_by: Holder::Scan,
            title: &s.title,
            stored: &s.stored,
            size: s.size,
            sha256: &s.sha256,
        });
    }
    for (ledger, entries) in &sheet.ledgers {
        for entry in entries {
            for f in &entry.files {
                out.push(Attached {
                    held_by: Holder::Entry {
                        ledger: ledger.clone(),
                        id: entry.id,
                    },
                    title: &f.title,
                    stored: &f.stored,
                    size: f.size,
                    sha256: &f.sha256,
                });
            }
        }
    }
    out
}

/// Copies `source` into the folder of a 台账 entry (`台账/<ledger>/<id>/`), as `copy_for_item`
/// does for an item. The caller records it in the entry.
pub fn copy_for_ledger_entry(
    sheet: &Sheet,
    sheet_path: &Path,
    ledger: &str,
    id: u32,
    source: &Path,
    progress: &Progress,
) -> Result<EvidenceFile, EvidenceError> {
    refuse_program_file(source)?;
    // The ledger's id names a folder: only a plain name does (the scheme's check says so too).
    if crate::names::plain_name(ledger).as_deref() != Some(ledger) {
        return Err(EvidenceError::NoSuchItem {
            id: ledger.to_string(),
        });
    }
    let entry = sheet
        .ledgers
        .get(ledger)
        .and_then(|l| l.iter().find(|e| e.id == id))
        .ok_or(EvidenceError::NoSuchEntry {
            index: usize::try_from(id).unwrap_or(usize::MAX).saturating_sub(1),
        })?;
    if entry.files.len() >= MAX_ENTRIES_PER_ITEM {
        return Err(EvidenceError::ItemFull {
            place: format!("台账记录“{}”", excerpt(&entry.title)),
            count: entry.files.len(),
        });
    }
    let title = clean_title(
        &source
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    )
    .or_else(|_| clean_title("佐证材料"))?;
    let existing: Vec<String> = entry
        .files
        .iter()
        .map(|f| f.stored.to_lowercase())
        .collect();
    let dir = folder_for(sheet_path)
        .join(LEDGER_FOLDER)
        .join(ledger)
        .join(id.to_string());
    let (stored, size, sha256) = copy_in(
        source,
        &dir,
        &|n: &str| existing.contains(&n.to_lowercase()),
        progress,
    )?;
    Ok(EvidenceFile {
        title,
        stored,
        size,
        sha256,
    })
}
