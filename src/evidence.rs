//! 佐证材料 (files attached to an item) and 盖章扫描件 (the signed and sealed printed pages).
//!
//! Attached files are copied into a folder beside the sheet that the program manages
//! (`平江县妇联-2015年度绩效考核自评_佐证材料/`), so moving or deleting the originals breaks
//! nothing. The sheet records, per entry, its title, the stored file name, size and SHA-256;
//! the folder holds one subfolder per item id and one for the scans. No egui here.

use crate::catalog::LoadedRuleset;
use crate::fsio::{FileError, FileStep};
use crate::progress::Progress;
use crate::ruleset::{Item, excerpt};
use crate::scoring::item_location;
use crate::sheet::Sheet;
use sha2::{Digest, Sha256};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

mod checks;
mod error;
mod listed;
mod photos;
mod removed;
pub use crate::sheet::attachments::{
    EvidenceFile, MAX_ENTRIES_PER_ITEM, MAX_TITLE_CHARS, SealedScan, check_listed,
    is_plain_file_name,
};
pub use checks::{Hint, check_files, hints, missing_required, required_problems};
pub use error::EvidenceError;
pub use listed::{Attached, LEDGER_FOLDER, attached, copy_for_ledger_entry, ledger_file};
pub use photos::{
    LARGE_IMAGE_BYTES, SHRINK_LONG_SIDE, Shrunk, is_image, shrink_image, shrink_large_images,
};
pub use removed::{Holder, Removed, bring_back_listed, discard_removed, set_aside_folder};

/// The largest single file that can be attached (a scanned report or a few photos; the mail
/// limit for the whole package is a separate, smaller setting).
pub const MAX_EVIDENCE_BYTES: u64 = 200 * 1024 * 1024;
/// The subfolder of the evidence folder that holds the 盖章扫描件.
pub const SCANS_FOLDER: &str = "盖章扫描件";

/// The folder beside `sheet_path` that holds its evidence: `<stem>_佐证材料`.
pub fn folder_for(sheet_path: &Path) -> PathBuf {
    let stem = sheet_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "考评表".into());
    let parent = sheet_path.parent().unwrap_or(Path::new("."));
    parent.join(format!("{stem}_佐证材料"))
}

/// Where an item's entry lives on disk.
pub fn item_file(sheet_path: &Path, item_id: &str, stored: &str) -> PathBuf {
    folder_for(sheet_path).join(item_id).join(stored)
}

/// Where a scan lives on disk.
pub fn scan_file(sheet_path: &Path, stored: &str) -> PathBuf {
    folder_for(sheet_path).join(SCANS_FOLDER).join(stored)
}

/// The name a file is stored under: its own name with characters that some system refuses
/// replaced, kept short, and made unique among `taken` (case-insensitively, as Windows does).
fn stored_name(original: &str, taken: &dyn Fn(&str) -> bool) -> String {
    // The one way a name from outside becomes a file name (`names::plain_name`: no
    // separator, `..`, control or direction character), the stem cut and the extension kept.
    let (stem, ext) = match original.rfind('.') {
        Some(dot) if dot > 0 && original.len() - dot <= 10 => (&original[..dot], &original[dot..]),
        _ => (original, ""),
    };
    let stem: String = crate::names::plain_name(stem)
        .map(|s| s.chars().take(60).collect())
        .unwrap_or_else(|| "附件".into());
    let ext = crate::names::plain_name(ext)
        .map(|e| format!(".{e}"))
        .unwrap_or_default();
    let mut candidate = format!("{stem}{ext}");
    let mut n = 2u32;
    while taken(&candidate) {
        candidate = format!("{stem}-{n}{ext}");
        n = n.saturating_add(1);
    }
    candidate
}

/// A title as the clerk typed it: trimmed, not empty, not too long.
pub fn clean_title(title: &str) -> Result<String, EvidenceError> {
    let t = title.trim();
    if t.is_empty() {
        return Err(EvidenceError::EmptyTitle);
    }
    if t.chars().count() > MAX_TITLE_CHARS {
        return Err(EvidenceError::TitleTooLong);
    }
    if t.chars()
        .any(|c| c.is_control() || crate::names::is_bidi_control(c))
    {
        return Err(EvidenceError::TitleHasControls);
    }
    Ok(t.to_string())
}

/// Copies `source` into `dir` under a fresh name, hashing while copying; the copy appears
/// whole or not at all (a temporary file renamed into place).
fn copy_in(
    source: &Path,
    dir: &Path,
    taken: &dyn Fn(&str) -> bool,
    progress: &Progress,
) -> Result<(String, u64, String), EvidenceError> {
    let unreadable = |e: &io::Error| FileError::new(FileStep::Read, source, e);
    let meta = std::fs::metadata(source).map_err(|e| unreadable(&e))?;
    if !meta.is_file() {
        return Err(EvidenceError::NotAFile {
            path: source.to_path_buf(),
        });
    }
    if meta.len() > MAX_EVIDENCE_BYTES {
        return Err(EvidenceError::TooLarge {
            path: source.to_path_buf(),
            size: meta.len(),
        });
    }
    let original = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "附件".into());
    crate::fsio::make_folder(dir)?;
    let on_disk = |name: &str| taken(name) || dir.join(name).exists();
    let name = stored_name(&original, &on_disk);
    let mut input = std::fs::File::open(source).map_err(|e| unreadable(&e))?;
    let mut temp = temp_file_in(dir)?;
    progress.begin(format!("正在复制“{}”", excerpt(&original)), meta.len());
    // A cancel fails the copy: the temporary file goes with `temp`, nothing is left.
    let (size, sha256) = hash_copy(
        &mut progress.counting((&mut input).take(MAX_EVIDENCE_BYTES + 1)),
        temp.as_file_mut(),
    )
    .map_err(|e| {
        if progress.cancelled() {
            EvidenceError::Cancelled
        } else {
            unreadable(&e).into()
        }
    })?;
    if size > MAX_EVIDENCE_BYTES {
        return Err(EvidenceError::GrewWhileCopying {
            path: source.to_path_buf(),
        });
    }
    // A temporary file is private (0600): the copy is an ordinary file a colleague, a mail
    // program or the office's unpacking can read (0644), like a saved sheet.
    if let Some(permissions) = crate::fsio::default_permissions() {
        let _ = temp.as_file().set_permissions(permissions);
    }
    temp.as_file().sync_all().ok();
    temp.persist_noclobber(dir.join(&name))
        .map_err(|e| FileError::new(FileStep::Store, &dir.join(&name), &e.error))?;
    Ok((name, size, sha256))
}

/// A temporary file in `dir`, for a copy that appears whole or not at all (renamed in).
pub fn temp_file_in(dir: &Path) -> Result<tempfile::NamedTempFile, FileError> {
    tempfile::NamedTempFile::new_in(dir).map_err(|e| FileError::new(FileStep::WriteIn, dir, &e))
}

/// Copies `from` to `to`, returning the size and SHA-256 of what was copied.
pub fn hash_copy(from: &mut dyn Read, to: &mut dyn Write) -> io::Result<(u64, String)> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size: u64 = 0;
    loop {
        let n = from.read(&mut buf)?;
        if n == 0 {
            break;
        }
        let chunk = buf.get(..n).unwrap_or_default();
        hasher.update(chunk);
        to.write_all(chunk)?;
        size = size.saturating_add(n as u64);
    }
    Ok((size, crate::catalog::hex(&hasher.finalize())))
}

/// SHA-256 (hex) and size of a file on disk, read in pieces.
pub fn hash_file(path: &Path) -> io::Result<(u64, String)> {
    let mut f = std::fs::File::open(path)?;
    hash_copy(&mut f, &mut io::sink())
}

/// 1.5 MB, 820 KB, 12 字节.
pub fn human_size(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    if bytes >= MB {
        format!("{}.{} MB", bytes / MB, (bytes % MB) * 10 / MB)
    } else if bytes >= KB {
        format!("{} KB", bytes.div_ceil(KB))
    } else {
        format!("{bytes} 字节")
    }
}

fn item_or_err<'a>(loaded: &'a LoadedRuleset, item_id: &str) -> Result<&'a Item, EvidenceError> {
    loaded
        .ruleset
        .item(item_id)
        .ok_or_else(|| EvidenceError::NoSuchItem {
            id: item_id.to_string(),
        })
}

/// Finds an item by its number on the sheet (1–44) or its id.
pub fn find_item<'a>(loaded: &'a LoadedRuleset, which: &str) -> Result<&'a Item, EvidenceError> {
    let which = which.trim();
    if let Ok(n) = which.parse::<usize>() {
        return loaded
            .ruleset
            .items()
            .nth(n.wrapping_sub(1))
            .map(|(_, item)| item)
            .ok_or_else(|| EvidenceError::NoSuchNumber {
                number: n,
                count: loaded.ruleset.items().count(),
            });
    }
    item_or_err(loaded, which)
}

/// The item's number on the sheet (1-based), as printed.
pub fn item_number(loaded: &LoadedRuleset, item_id: &str) -> Option<usize> {
    loaded
        .ruleset
        .items()
        .position(|(_, i)| i.id == item_id)
        .map(|p| p + 1)
}

/// Whether a file name is one of the program's own files (a sheet, its .bak, a draft's lock,
/// a 退回通知, the office's key, a temporary save): never 佐证材料 or a scan.
pub fn is_program_file(name: &str) -> bool {
    let lower = name.to_lowercase();
    [
        ".kaoping",
        ".kaoping.bak",
        ".bak",
        ".lock",
        ".tmp",
        ".kaoping-return",
        ".kaoping-key",
    ]
    .iter()
    .any(|e| lower.ends_with(e))
        || lower == REVIEW_COPY_MARKER.to_lowercase()
}

/// The marker file of a 提交包's review copy (`package::workspace::MARKER`): named here, below
/// the package code, because it is one of the program's own files.
pub const REVIEW_COPY_MARKER: &str = "提交包来源.json";

fn refuse_program_file(source: &Path) -> Result<(), EvidenceError> {
    let name = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if is_program_file(&name) {
        return Err(EvidenceError::ProgramFile { name });
    }
    Ok(())
}

/// A 盖章扫描件 is a picture or a PDF, told by its first bytes (not its name).
fn is_scan_content(source: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 8];
    let Ok(mut file) = std::fs::File::open(source) else {
        return false;
    };
    let n = file.read(&mut head).unwrap_or(0);
    let head = &head[..n];
    head.starts_with(b"%PDF")
        || head.starts_with(&[0xFF, 0xD8])
        || head.starts_with(b"\x89PNG")
        || head.starts_with(b"II*\0")
        || head.starts_with(b"MM\0*")
        || head.starts_with(b"BM")
        || head.starts_with(b"GIF8")
}

/// Attaches `source` to an item of a saved sheet: copies it into the evidence folder and
/// records it. Returns the new entry's index in the item's list.
pub fn attach(
    sheet: &mut Sheet,
    loaded: &LoadedRuleset,
    sheet_path: &Path,
    item_id: &str,
    source: &Path,
    title: Option<&str>,
) -> Result<usize, EvidenceError> {
    let copied = copy_for_item(
        sheet,
        loaded,
        sheet_path,
        item_id,
        source,
        title,
        0,
        &Progress::new(),
    )?;
    Ok(record(sheet, copied))
}

/// A file copied into a sheet's evidence folder, not yet in the sheet's list (`record`).
#[derive(Debug, Clone)]
pub struct Copied {
    pub item_id: String,
    pub entry: EvidenceFile,
}

/// The first half of `attach`, which can run beside the window: checks `source` and copies it
/// into the item's folder (counted in `progress`; a cancel leaves no copy). `pending`: copies
/// of the same batch not yet recorded, counted against the item's limit.
#[allow(clippy::too_many_arguments)]
pub fn copy_for_item(
    sheet: &Sheet,
    loaded: &LoadedRuleset,
    sheet_path: &Path,
    item_id: &str,
    source: &Path,
    title: Option<&str>,
    pending: usize,
    progress: &Progress,
) -> Result<Copied, EvidenceError> {
    let item = item_or_err(loaded, item_id)?;
    refuse_program_file(source)?;
    // The folder beside the sheet (and its .bak when replaced) must fit a file name.
    let folder = backup_folder_for(sheet_path);
    if folder.file_name().is_some_and(|n| n.len() > 255) {
        return Err(EvidenceError::SheetNameTooLong);
    }
    let list_len = sheet
        .evidence
        .get(item_id)
        .map_or(0, Vec::len)
        .saturating_add(pending);
    if list_len >= MAX_ENTRIES_PER_ITEM {
        return Err(EvidenceError::ItemFull {
            place: item_location(&loaded.ruleset, &item.id),
            count: list_len,
        });
    }
    let title = match title {
        Some(t) => clean_title(t)?,
        None => clean_title(
            &source
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
        )
        .or_else(|_| clean_title("佐证材料"))?,
    };
    let existing: Vec<String> = sheet
        .evidence
        .get(item_id)
        .map(|l| l.iter().map(|e| e.stored.to_lowercase()).collect())
        .unwrap_or_default();
    let dir = folder_for(sheet_path).join(item_id);
    let (stored, size, sha256) = copy_in(
        source,
        &dir,
        &|n: &str| existing.contains(&n.to_lowercase()),
        progress,
    )?;
    Ok(Copied {
        item_id: item_id.to_string(),
        entry: EvidenceFile {
            title,
            stored,
            size,
            sha256,
        },
    })
}

/// The second half of `attach`: the copy recorded in the sheet. Returns its index in the
/// item's list.
pub fn record(sheet: &mut Sheet, copied: Copied) -> usize {
    let list = sheet.evidence.entry(copied.item_id).or_default();
    list.push(copied.entry);
    list.len().saturating_sub(1)
}

/// Adds a 盖章扫描件, recording the content fingerprint of the version that was printed.
pub fn attach_scan(
    sheet: &mut Sheet,
    sheet_path: &Path,
    source: &Path,
    printed_with: &str,
) -> Result<(), EvidenceError> {
    if sheet.sealed_scans.len() >= MAX_ENTRIES_PER_ITEM {
        return Err(EvidenceError::TooManyScans);
    }
    refuse_program_file(source)?;
    if !is_scan_content(source) {
        return Err(EvidenceError::NotAScan {
            name: crate::fsio::file_name(source),
        });
    }
    let existing: Vec<String> = sheet
        .sealed_scans
        .iter()
        .map(|e| e.stored.to_lowercase())
        .collect();
    let dir = folder_for(sheet_path).join(SCANS_FOLDER);
    let (stored, size, sha256) = copy_in(
        source,
        &dir,
        &|n: &str| existing.contains(&n.to_lowercase()),
        &Progress::new(),
    )?;
    let title = format!("盖章扫描件{}", sheet.sealed_scans.len() + 1);
    sheet.sealed_scans.push(SealedScan {
        title,
        stored,
        size,
        sha256,
        printed_with: printed_with.to_string(),
    });
    Ok(())
}

fn entry_mut<'a>(
    sheet: &'a mut Sheet,
    item_id: &str,
    index: usize,
) -> Result<&'a mut EvidenceFile, EvidenceError> {
    sheet
        .evidence
        .get_mut(item_id)
        .and_then(|l| l.get_mut(index))
        .ok_or(EvidenceError::NoSuchEntry { index })
}

/// Gives an entry a new title.
pub fn rename(
    sheet: &mut Sheet,
    item_id: &str,
    index: usize,
    title: &str,
) -> Result<(), EvidenceError> {
    let title = clean_title(title)?;
    entry_mut(sheet, item_id, index)?.title = title;
    Ok(())
}

/// Takes an entry off the item. Its file stays in the folder until the sheet is saved
/// (the caller records it as `Removed`, see `discard_removed`), so 不保存 or a crash draft
/// can still find it.
pub fn remove(
    sheet: &mut Sheet,
    item_id: &str,
    index: usize,
) -> Result<EvidenceFile, EvidenceError> {
    let list = sheet
        .evidence
        .get_mut(item_id)
        .filter(|l| index < l.len())
        .ok_or(EvidenceError::NoSuchEntry { index })?;
    let removed = list.remove(index);
    if list.is_empty() {
        sheet.evidence.remove(item_id);
    }
    Ok(removed)
}

/// Moves an entry one place up (`up`) or down in the item's list; false when it cannot.
pub fn move_entry(sheet: &mut Sheet, item_id: &str, index: usize, up: bool) -> bool {
    let Some(list) = sheet.evidence.get_mut(item_id) else {
        return false;
    };
    let other = if up {
        index.checked_sub(1)
    } else {
        index.checked_add(1)
    };
    match other {
        Some(o) if o < list.len() && index < list.len() => {
            list.swap(index, o);
            true
        }
        _ => false,
    }
}

/// Removes the scan at `index`.
pub fn remove_scan(sheet: &mut Sheet, index: usize) -> Result<SealedScan, EvidenceError> {
    if index < sheet.sealed_scans.len() {
        Ok(sheet.sealed_scans.remove(index))
    } else {
        Err(EvidenceError::NoSuchScan { index })
    }
}

/// Number of attached files per item.
pub fn count(sheet: &Sheet, item_id: &str) -> usize {
    sheet.evidence.get(item_id).map_or(0, Vec::len)
}

/// Where `set_aside_folder` puts a replaced sheet's 佐证材料: `<stem>_佐证材料.bak`.
pub fn backup_folder_for(sheet_path: &Path) -> PathBuf {
    let mut name = folder_for(sheet_path).into_os_string();
    name.push(".bak");
    PathBuf::from(name)
}

/// How many files a sheet lists as attached (佐证材料 and 盖章扫描件).
pub fn listed_count(sheet: &Sheet) -> usize {
    attached(sheet).len()
}

/// Copies every listed file to the evidence folder of `to` (Save As into another place).
/// Files already there with the same hash are left alone.
pub fn copy_folder(sheet: &Sheet, from: &Path, to: &Path) -> Result<(), FileError> {
    if folder_for(from) == folder_for(to) {
        return Ok(());
    }
    for a in attached(sheet) {
        let (src, dst) = (a.held_by.path(from, a.stored), a.held_by.path(to, a.stored));
        if let Ok((_, h)) = hash_file(&dst)
            && h == a.sha256
        {
            continue;
        }
        if let Some(parent) = dst.parent() {
            crate::fsio::make_folder(parent)?;
        }
        std::fs::copy(&src, &dst)
            .map_err(|e| FileError::new(FileStep::CopyToNewPlace, &src, &e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_are_plain_unique_and_keep_the_extension() {
        let none = |_: &str| false;
        assert_eq!(stored_name("活动图片.jpg", &none), "活动图片.jpg");
        assert_eq!(stored_name("a/b:c?.pdf", &none), "a_b_c_.pdf");
        assert_eq!(stored_name("..", &none), "附件");
        let taken = |n: &str| n == "报告.pdf" || n == "报告-2.pdf";
        assert_eq!(stored_name("报告.pdf", &taken), "报告-3.pdf");
        assert!(is_plain_file_name("报告-3.pdf"));
        for bad in ["", "..", "a/b", "..\\x", "c:x", "a\nb"] {
            assert!(!is_plain_file_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn sizes_read_as_people_read_them() {
        assert_eq!(human_size(12), "12 字节");
        assert_eq!(human_size(1500), "2 KB");
        assert_eq!(human_size(50 * 1024 * 1024), "50.0 MB");
    }
}
