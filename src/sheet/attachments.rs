//! What a sheet file records of its attachments — 佐证材料 per item and the 盖章扫描件 — and
//! what opening a sheet checks of them: plain file names only (never a path that could reach
//! outside the sheet's folder), known items, bounded lists and titles. The files themselves
//! are `crate::evidence`'s.

use super::Sheet;
use crate::catalog::LoadedRuleset;
use crate::ruleset::excerpt;
use crate::scoring::item_location;
use serde::{Deserialize, Serialize};

/// Entries per item, and the longest title: a hostile sheet cannot list thousands.
pub const MAX_ENTRIES_PER_ITEM: usize = 200;
pub const MAX_TITLE_CHARS: usize = 60;

/// One attached file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceFile {
    /// What the clerk calls it (活动图片、调研报告…); defaults to the original file name.
    pub title: String,
    /// The file's name inside its item's folder: a plain name, never a path.
    pub stored: String,
    pub size: u64,
    /// SHA-256 of the bytes, hex.
    pub sha256: String,
}

/// The signed and sealed pages, scanned (an image or a PDF).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedScan {
    pub title: String,
    pub stored: String,
    pub size: u64,
    pub sha256: String,
    /// The content fingerprint (`Sheet::content_fingerprint`) of the version that was printed
    /// and sealed: the reviewer sees whether the scan belongs to the sheet it came with.
    pub printed_with: String,
}

/// A stored name must be a plain file name: no separators, no `..`, nothing a hostile sheet
/// could use to reach outside the evidence folder.
pub fn is_plain_file_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 255
        && name != "."
        && name != ".."
        && !name.chars().any(|c| {
            matches!(c, '/' | '\\' | ':' | '\0')
                || c.is_control()
                || crate::names::is_bidi_control(c)
        })
}

/// Bounds and names of the evidence a sheet file lists (checked on opening): plain file
/// names only, known items, bounded lists and titles.
pub fn check_listed(sheet: &Sheet, loaded: &LoadedRuleset) -> Result<(), String> {
    for (item_id, list) in &sheet.evidence {
        let item = loaded
            .ruleset
            .item(item_id)
            .ok_or_else(|| format!("佐证材料列在考核规则中没有的项目“{}”下", excerpt(item_id)))?;
        if list.len() > MAX_ENTRIES_PER_ITEM {
            return Err(format!(
                "{}的佐证材料太多（{}个）",
                item_location(&loaded.ruleset, &item.id),
                list.len()
            ));
        }
        for e in list {
            check_entry(&e.stored, &e.title, &e.sha256)?;
        }
    }
    if sheet.sealed_scans.len() > MAX_ENTRIES_PER_ITEM {
        return Err("盖章扫描件太多".into());
    }
    for s in &sheet.sealed_scans {
        check_entry(&s.stored, &s.title, &s.sha256)?;
        if s.printed_with.len() > 64 {
            return Err("盖章扫描件记录的指纹不对".into());
        }
    }
    Ok(())
}

fn check_entry(stored: &str, title: &str, sha256: &str) -> Result<(), String> {
    if !is_plain_file_name(stored) {
        return Err(format!(
            "佐证材料的文件名“{}”不是普通文件名（不能含路径）",
            excerpt(stored)
        ));
    }
    if title.chars().count() > MAX_TITLE_CHARS * 4 {
        return Err("佐证材料的名称太长".into());
    }
    // A title is shown and printed: no control or direction-changing character (a title
    // "rtl\u{202e}gpj.exe" reads as another name).
    if title
        .chars()
        .any(|c| c.is_control() || crate::names::is_bidi_control(c))
    {
        return Err(format!(
            "佐证材料的名称“{}”含控制字符或改变文字方向的字符",
            crate::names::printable(&excerpt(title))
        ));
    }
    if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!("佐证材料“{}”的 SHA-256 不对", excerpt(title)));
    }
    Ok(())
}
