//! 佐证材料 (files attached to an item) and 盖章扫描件 (the signed and sealed printed pages).
//!
//! Attached files are copied into a folder beside the sheet that the program manages
//! (`平江县妇联-2015年度绩效考核自评_佐证材料/`), so moving or deleting the originals breaks
//! nothing. The sheet records, per entry, its title, the stored file name, size and SHA-256;
//! the folder holds one subfolder per item id and one for the scans. No egui here.

use crate::catalog::LoadedRuleset;
use crate::ruleset::{Item, excerpt};
use crate::scoring::item_location;
use crate::sheet::Sheet;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// The largest single file that can be attached (a scanned report or a few photos; the mail
/// limit for the whole package is a separate, smaller setting).
pub const MAX_EVIDENCE_BYTES: u64 = 200 * 1024 * 1024;
/// Entries per item, and the longest title: a hostile sheet cannot list thousands.
pub const MAX_ENTRIES_PER_ITEM: usize = 200;
pub const MAX_TITLE_CHARS: usize = 60;
/// The subfolder of the evidence folder that holds the 盖章扫描件.
pub const SCANS_FOLDER: &str = "盖章扫描件";

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

/// A document the ruleset suggests for an item; `reading` marks hints this program derived
/// from the item's text rather than ones the ruleset states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub title: String,
    pub required: bool,
    pub reading: bool,
}

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

/// A stored name must be a plain file name: no separators, no `..`, nothing a hostile sheet
/// could use to reach outside the evidence folder.
pub fn is_plain_file_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 255
        && name != "."
        && name != ".."
        && !name
            .chars()
            .any(|c| matches!(c, '/' | '\\' | ':' | '\0') || c.is_control())
}

/// The name a file is stored under: its own name with characters that some system refuses
/// replaced, kept short, and made unique among `taken` (case-insensitively, as Windows does).
fn stored_name(original: &str, taken: &dyn Fn(&str) -> bool) -> String {
    let cleaned: String = original
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim().trim_matches('.').to_string();
    let (stem, ext) = match cleaned.rfind('.') {
        Some(dot) if dot > 0 && cleaned.len() - dot <= 10 => {
            (cleaned[..dot].to_string(), cleaned[dot..].to_string())
        }
        _ => (cleaned.clone(), String::new()),
    };
    let stem: String = if stem.is_empty() {
        "附件".into()
    } else {
        stem.chars().take(60).collect()
    };
    let mut candidate = format!("{stem}{ext}");
    let mut n = 2u32;
    while taken(&candidate) {
        candidate = format!("{stem}-{n}{ext}");
        n = n.saturating_add(1);
    }
    candidate
}

/// A title as the clerk typed it: trimmed, not empty, not too long.
pub fn clean_title(title: &str) -> Result<String, String> {
    let t = title.trim();
    if t.is_empty() {
        return Err("佐证材料的名称不能为空".into());
    }
    if t.chars().count() > MAX_TITLE_CHARS {
        return Err(format!("佐证材料的名称太长（最多{MAX_TITLE_CHARS}个字）"));
    }
    if t.chars().any(char::is_control) {
        return Err("佐证材料的名称不能含换行等控制字符".into());
    }
    Ok(t.to_string())
}

/// Copies `source` into `dir` under a fresh name, hashing while copying; the copy appears
/// whole or not at all (a temporary file renamed into place).
fn copy_in(
    source: &Path,
    dir: &Path,
    taken: &dyn Fn(&str) -> bool,
) -> Result<(String, u64, String), String> {
    let shown = source.display();
    let meta = std::fs::metadata(source)
        .map_err(|e| format!("无法读取“{shown}”：{}", crate::fsio::io_error_zh(&e)))?;
    if !meta.is_file() {
        return Err(format!("“{shown}”不是普通文件，不能作为佐证材料"));
    }
    if meta.len() > MAX_EVIDENCE_BYTES {
        return Err(format!(
            "“{shown}”太大（{}），一个佐证材料最大 {}",
            human_size(meta.len()),
            human_size(MAX_EVIDENCE_BYTES)
        ));
    }
    let original = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "附件".into());
    std::fs::create_dir_all(dir).map_err(|e| {
        format!(
            "无法建立文件夹“{}”：{}",
            dir.display(),
            crate::fsio::io_error_zh(&e)
        )
    })?;
    let on_disk = |name: &str| taken(name) || dir.join(name).exists();
    let name = stored_name(&original, &on_disk);
    let mut input = std::fs::File::open(source)
        .map_err(|e| format!("无法读取“{shown}”：{}", crate::fsio::io_error_zh(&e)))?;
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| {
        format!(
            "无法在“{}”中写入：{}",
            dir.display(),
            crate::fsio::io_error_zh(&e)
        )
    })?;
    let (size, sha256) = hash_copy(
        &mut (&mut input).take(MAX_EVIDENCE_BYTES + 1),
        temp.as_file_mut(),
    )
    .map_err(|e| format!("复制“{shown}”时出错：{}", crate::fsio::io_error_zh(&e)))?;
    if size > MAX_EVIDENCE_BYTES {
        return Err(format!("“{shown}”在复制时变大了，超过了上限"));
    }
    temp.as_file().sync_all().ok();
    temp.persist_noclobber(dir.join(&name)).map_err(|e| {
        format!(
            "无法保存“{}”：{}",
            dir.join(&name).display(),
            crate::fsio::io_error_zh(&e.error)
        )
    })?;
    Ok((name, size, sha256))
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
    Ok((size, hex(&hasher.finalize())))
}

/// SHA-256 (hex) and size of a file on disk, read in pieces.
pub fn hash_file(path: &Path) -> io::Result<(u64, String)> {
    let mut f = std::fs::File::open(path)?;
    hash_copy(&mut f, &mut io::sink())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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

fn item_or_err<'a>(loaded: &'a LoadedRuleset, item_id: &str) -> Result<&'a Item, String> {
    loaded
        .ruleset
        .item(item_id)
        .ok_or_else(|| format!("考核规则中没有项目“{}”", excerpt(item_id)))
}

/// Finds an item by its number on the sheet (1–44) or its id.
pub fn find_item<'a>(loaded: &'a LoadedRuleset, which: &str) -> Result<&'a Item, String> {
    let which = which.trim();
    if let Ok(n) = which.parse::<usize>() {
        return loaded
            .ruleset
            .items()
            .nth(n.wrapping_sub(1))
            .map(|(_, item)| item)
            .ok_or_else(|| format!("没有第{n}项：考评表共{}项", loaded.ruleset.items().count()));
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

/// Attaches `source` to an item of a saved sheet: copies it into the evidence folder and
/// records it. Returns the new entry's index in the item's list.
pub fn attach(
    sheet: &mut Sheet,
    loaded: &LoadedRuleset,
    sheet_path: &Path,
    item_id: &str,
    source: &Path,
    title: Option<&str>,
) -> Result<usize, String> {
    let item = item_or_err(loaded, item_id)?;
    let list_len = sheet.evidence.get(item_id).map_or(0, Vec::len);
    if list_len >= MAX_ENTRIES_PER_ITEM {
        return Err(format!(
            "{}已有{list_len}个佐证材料，不能再添加",
            item_location(&loaded.ruleset, &item.id)
        ));
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
    let (stored, size, sha256) = copy_in(source, &dir, &|n: &str| {
        existing.contains(&n.to_lowercase())
    })?;
    let list = sheet.evidence.entry(item_id.to_string()).or_default();
    list.push(EvidenceFile {
        title,
        stored,
        size,
        sha256,
    });
    Ok(list.len() - 1)
}

/// Adds a 盖章扫描件, recording the content fingerprint of the version that was printed.
pub fn attach_scan(
    sheet: &mut Sheet,
    sheet_path: &Path,
    source: &Path,
    printed_with: &str,
) -> Result<(), String> {
    if sheet.sealed_scans.len() >= MAX_ENTRIES_PER_ITEM {
        return Err("盖章扫描件太多".into());
    }
    let existing: Vec<String> = sheet
        .sealed_scans
        .iter()
        .map(|e| e.stored.to_lowercase())
        .collect();
    let dir = folder_for(sheet_path).join(SCANS_FOLDER);
    let (stored, size, sha256) = copy_in(source, &dir, &|n: &str| {
        existing.contains(&n.to_lowercase())
    })?;
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
) -> Result<&'a mut EvidenceFile, String> {
    sheet
        .evidence
        .get_mut(item_id)
        .and_then(|l| l.get_mut(index))
        .ok_or_else(|| format!("没有第{}个佐证材料", index.saturating_add(1)))
}

/// Gives an entry a new title.
pub fn rename(sheet: &mut Sheet, item_id: &str, index: usize, title: &str) -> Result<(), String> {
    let title = clean_title(title)?;
    entry_mut(sheet, item_id, index)?.title = title;
    Ok(())
}

/// Takes an entry off the item. Its file stays in the folder until the sheet is saved
/// (`prune`), so 不保存 or a crash draft can still find it.
pub fn remove(sheet: &mut Sheet, item_id: &str, index: usize) -> Result<EvidenceFile, String> {
    let list = sheet
        .evidence
        .get_mut(item_id)
        .filter(|l| index < l.len())
        .ok_or_else(|| format!("没有第{}个佐证材料", index.saturating_add(1)))?;
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
pub fn remove_scan(sheet: &mut Sheet, index: usize) -> Result<SealedScan, String> {
    if index < sheet.sealed_scans.len() {
        Ok(sheet.sealed_scans.remove(index))
    } else {
        Err(format!("没有第{}个盖章扫描件", index.saturating_add(1)))
    }
}

/// Photos are shrunk to this long side (a page-sized print stays sharp).
pub const SHRINK_LONG_SIDE: u32 = 2000;
/// Photos above this size are what 缩小所有大图片 shrinks.
pub const LARGE_IMAGE_BYTES: u64 = 1024 * 1024;

/// Whether a stored file is a photo the program can shrink (JPEG or PNG).
pub fn is_image(stored: &str) -> bool {
    let lower = stored.to_lowercase();
    [".jpg", ".jpeg", ".png"].iter().any(|e| lower.ends_with(e))
}

/// Shrinks an attached photo on request: long side at most `SHRINK_LONG_SIDE`, saved as
/// JPEG (quality 85) under a new name beside the old one, which goes at the next save.
/// Returns the sizes before and after. Refuses when it would not get smaller.
pub fn shrink_image(
    sheet: &mut Sheet,
    sheet_path: &Path,
    item_id: &str,
    index: usize,
) -> Result<(u64, u64), String> {
    let entry = sheet
        .evidence
        .get(item_id)
        .and_then(|l| l.get(index))
        .cloned()
        .ok_or_else(|| format!("没有第{}个佐证材料", index.saturating_add(1)))?;
    if !is_image(&entry.stored) {
        return Err(format!("“{}”不是 JPEG 或 PNG 图片", excerpt(&entry.title)));
    }
    let path = item_file(sheet_path, item_id, &entry.stored);
    let bytes = crate::fsio::read_limited(&path, MAX_EVIDENCE_BYTES)
        .map_err(|e| format!("无法读取“{}”：{e}", path.display()))?;
    let mut reader = image::ImageReader::new(std::io::Cursor::new(&bytes))
        .with_guessed_format()
        .map_err(|e| format!("“{}”读不出来：{e}", excerpt(&entry.title)))?;
    // A hostile image cannot make the program allocate without bound.
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let picture = reader
        .decode()
        .map_err(|e| format!("“{}”不是能读的图片：{e}", excerpt(&entry.title)))?;
    let picture = if picture.width().max(picture.height()) > SHRINK_LONG_SIDE {
        picture.resize(
            SHRINK_LONG_SIDE,
            SHRINK_LONG_SIDE,
            image::imageops::FilterType::Triangle,
        )
    } else {
        picture
    };
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85)
        .encode_image(&picture.to_rgb8())
        .map_err(|e| format!("“{}”无法存成 JPEG：{e}", excerpt(&entry.title)))?;
    if jpeg.len() as u64 >= entry.size {
        return Err(format!("“{}”已经够小了", excerpt(&entry.title)));
    }
    let dir = folder_for(sheet_path).join(item_id);
    let stem = Path::new(&entry.stored)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "图片".into());
    let listed: Vec<String> = sheet
        .evidence
        .get(item_id)
        .map(|l| l.iter().map(|e| e.stored.to_lowercase()).collect())
        .unwrap_or_default();
    let taken = |n: &str| listed.contains(&n.to_lowercase()) || dir.join(n).exists();
    let name = stored_name(&format!("{stem}-缩小.jpg"), &taken);
    let mut temp = tempfile::NamedTempFile::new_in(&dir).map_err(|e| {
        format!(
            "无法在“{}”中写入：{}",
            dir.display(),
            crate::fsio::io_error_zh(&e)
        )
    })?;
    temp.write_all(&jpeg)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| format!("无法写入缩小的图片：{}", crate::fsio::io_error_zh(&e)))?;
    temp.persist_noclobber(dir.join(&name))
        .map_err(|e| format!("无法保存缩小的图片：{}", crate::fsio::io_error_zh(&e.error)))?;
    let after = jpeg.len() as u64;
    if let Some(e) = sheet
        .evidence
        .get_mut(item_id)
        .and_then(|l| l.get_mut(index))
    {
        e.stored = name;
        e.size = after;
        e.sha256 = hex(&Sha256::digest(&jpeg));
    }
    Ok((entry.size, after))
}

/// Shrinks every attached photo over `LARGE_IMAGE_BYTES`; returns how many and the bytes
/// saved. Photos that cannot be shrunk are left as they are.
pub fn shrink_large_images(sheet: &mut Sheet, sheet_path: &Path) -> (usize, u64) {
    let targets: Vec<(String, usize)> = sheet
        .evidence
        .iter()
        .flat_map(|(id, list)| {
            list.iter()
                .enumerate()
                .filter(|(_, e)| is_image(&e.stored) && e.size > LARGE_IMAGE_BYTES)
                .map(move |(i, _)| (id.clone(), i))
        })
        .collect();
    let mut done = 0;
    let mut saved: u64 = 0;
    for (id, i) in targets {
        if let Ok((before, after)) = shrink_image(sheet, sheet_path, &id, i) {
            done += 1;
            saved = saved.saturating_add(before.saturating_sub(after));
        }
    }
    (done, saved)
}

/// Number of attached files per item.
pub fn count(sheet: &Sheet, item_id: &str) -> usize {
    sheet.evidence.get(item_id).map_or(0, Vec::len)
}

/// After a save: deletes files in the evidence folder that the saved sheet no longer lists
/// (taken off since). Only files directly in the item and scan folders the program made;
/// anything it cannot delete stays.
pub fn prune(sheet: &Sheet, sheet_path: &Path) {
    let root = folder_for(sheet_path);
    let Ok(dirs) = std::fs::read_dir(&root) else {
        return;
    };
    for dir in dirs.flatten() {
        let name = dir.file_name().to_string_lossy().into_owned();
        let keep: Vec<&str> = if name == SCANS_FOLDER {
            sheet
                .sealed_scans
                .iter()
                .map(|s| s.stored.as_str())
                .collect()
        } else {
            sheet
                .evidence
                .get(&name)
                .map(|l| l.iter().map(|e| e.stored.as_str()).collect())
                .unwrap_or_default()
        };
        let Ok(meta) = std::fs::symlink_metadata(dir.path()) else {
            continue;
        };
        if !meta.is_dir() {
            continue;
        }
        let Ok(files) = std::fs::read_dir(dir.path()) else {
            continue;
        };
        for f in files.flatten() {
            let fname = f.file_name().to_string_lossy().into_owned();
            let is_file = f.file_type().map(|t| t.is_file()).unwrap_or(false);
            if is_file && !keep.contains(&fname.as_str()) {
                let _ = std::fs::remove_file(f.path());
            }
        }
        let _ = std::fs::remove_dir(dir.path()); // only if now empty
    }
    let _ = std::fs::remove_dir(&root);
}

/// Copies every listed file to the evidence folder of `to` (Save As into another place).
/// Files already there with the same hash are left alone.
pub fn copy_folder(sheet: &Sheet, from: &Path, to: &Path) -> Result<(), String> {
    if folder_for(from) == folder_for(to) {
        return Ok(());
    }
    let mut pairs: Vec<(PathBuf, PathBuf, &str)> = Vec::new();
    for (item_id, list) in &sheet.evidence {
        for e in list {
            pairs.push((
                item_file(from, item_id, &e.stored),
                item_file(to, item_id, &e.stored),
                &e.sha256,
            ));
        }
    }
    for s in &sheet.sealed_scans {
        pairs.push((
            scan_file(from, &s.stored),
            scan_file(to, &s.stored),
            &s.sha256,
        ));
    }
    for (src, dst, sha) in pairs {
        if let Ok((_, h)) = hash_file(&dst)
            && h == sha
        {
            continue;
        }
        if let Some(parent) = dst.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                format!(
                    "无法建立文件夹“{}”：{}",
                    parent.display(),
                    crate::fsio::io_error_zh(&e)
                )
            })?;
        }
        std::fs::copy(&src, &dst).map_err(|e| {
            format!(
                "佐证材料“{}”没能复制到新位置：{}",
                src.display(),
                crate::fsio::io_error_zh(&e)
            )
        })?;
    }
    Ok(())
}

/// What is wrong with the files a sheet lists: missing, or not the size recorded. Cheap (no
/// hashing); the package hashes every file.
pub fn check_files(sheet: &Sheet, loaded: &LoadedRuleset, sheet_path: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for (item_id, list) in &sheet.evidence {
        for e in list {
            let path = item_file(sheet_path, item_id, &e.stored);
            let what = format!(
                "{}的佐证材料“{}”",
                item_location(&loaded.ruleset, item_id),
                excerpt(&e.title)
            );
            match std::fs::metadata(&path) {
                Err(_) => out.push(format!("{what}的文件不见了（应在 {}）", path.display())),
                Ok(m) if m.len() != e.size => out.push(format!(
                    "{what}的文件大小与记录的不同（{} ≠ {}），可能被改动过",
                    human_size(m.len()),
                    human_size(e.size)
                )),
                Ok(_) => {}
            }
        }
    }
    for s in &sheet.sealed_scans {
        let path = scan_file(sheet_path, &s.stored);
        if !path.is_file() {
            out.push(format!(
                "盖章扫描件“{}”的文件不见了（应在 {}）",
                excerpt(&s.title),
                path.display()
            ));
        }
    }
    out
}

/// Document words the 2015 texts use for what a unit hands in; an item whose text names one
/// gets it as a suggested 佐证材料 (this program's reading, never required).
const DOCUMENT_WORDS: &[&str] = &[
    "活动图片",
    "图片",
    "汇报材料",
    "调研报告",
    "工作安排和总结",
    "工作总结",
    "工作计划",
    "实施方案",
    "工作方案",
    "简报",
    "文件",
    "台账",
];

/// The suggested 佐证材料 for an item: the ruleset's own list, else those read from its text.
pub fn hints(item: &Item) -> Vec<Hint> {
    if !item.evidence.is_empty() {
        return item
            .evidence
            .iter()
            .map(|e| Hint {
                title: e.title.clone(),
                required: e.required,
                reading: false,
            })
            .collect();
    }
    let text = format!("{}{}", item.content, item.rule_text);
    let mut found: Vec<Hint> = Vec::new();
    for word in DOCUMENT_WORDS {
        // A shorter word inside one already found (图片 in 活动图片) adds nothing.
        if text.contains(word) && !found.iter().any(|h| h.title.contains(word)) {
            found.push(Hint {
                title: (*word).to_string(),
                required: false,
                reading: true,
            });
        }
    }
    found
}

/// Items whose required 佐证材料 is missing: a warning each, never an error.
pub fn missing_required(sheet: &Sheet, loaded: &LoadedRuleset) -> Vec<String> {
    required_problems(sheet, loaded)
        .into_iter()
        .map(|p| format!("{}：{}", p.location, p.message))
        .collect()
}

/// The same as problems of the sheet (warnings on their items), for the problems list.
pub fn required_problems(sheet: &Sheet, loaded: &LoadedRuleset) -> Vec<crate::scoring::Problem> {
    let mut out = Vec::new();
    for (_, item) in loaded.ruleset.items() {
        let required: Vec<Hint> = hints(item).into_iter().filter(|h| h.required).collect();
        if !required.is_empty() && count(sheet, &item.id) == 0 {
            let names: Vec<String> = required.iter().map(|h| h.title.clone()).collect();
            out.push(crate::scoring::Problem {
                kind: crate::scoring::ProblemKind::Warning,
                item: Some(item.id.clone()),
                rule: None,
                location: item_location(&loaded.ruleset, &item.id),
                message: format!("要求的佐证材料（{}）还没有添加", names.join("、")),
            });
        }
    }
    out
}

/// Bounds and names of the evidence a sheet file lists (checked on opening): plain file
/// names only, known items, bounded lists and titles.
pub fn check_listed(sheet: &Sheet, loaded: &LoadedRuleset) -> Result<(), String> {
    for (item_id, list) in &sheet.evidence {
        let item = item_or_err(loaded, item_id)
            .map_err(|_| format!("佐证材料列在考核规则中没有的项目“{}”下", excerpt(item_id)))?;
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
    if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!("佐证材料“{}”的 SHA-256 不对", excerpt(title)));
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
