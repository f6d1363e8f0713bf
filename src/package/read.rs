//! Reading a 提交包 from elsewhere: hostile archives refused before anything is used (names
//! leaving the package, links, encrypted entries, duplicates, too many or too large), GBK
//! names decoded, every file checked against the manifest, and unpacking beside the zip.

use super::archive::{directory_entries, zip_error_zh, zip_io_error_zh};
use super::{Kind, Limits, MANIFEST, Manifest, ManifestFile, PackageError, Refusal, short};
use crate::catalog::{Catalog, sha256_hex};
use crate::evidence;
use crate::fsio::{FileError, FileStep};
use crate::ruleset::excerpt;
use crate::sheet::{OpenedSheet, SheetError, open_sheet_text};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

/// A package opened by the municipal office: the sheet inside, the manifest, and what the
/// verification found.
#[derive(Debug, Clone)]
pub struct OpenedPackage {
    pub path: PathBuf,
    pub opened: OpenedSheet,
    pub manifest: Manifest,
    /// Files whose bytes differ from the manifest, files listed but absent, files present but
    /// not listed, a scan printed from another version. Empty: every file checked out.
    pub problems: Vec<String>,
}

impl OpenedPackage {
    pub fn evidence_count(&self) -> usize {
        self.manifest
            .files
            .iter()
            .filter(|f| f.kind == Kind::Evidence)
            .count()
    }
    pub fn has_scan(&self) -> bool {
        self.manifest
            .files
            .iter()
            .any(|f| f.kind == Kind::SealedScan)
    }
    /// The 佐证材料 of one item, in the manifest's order.
    pub fn evidence_of(&self, item_id: &str) -> Vec<&ManifestFile> {
        self.manifest
            .files
            .iter()
            .filter(|f| f.kind == Kind::Evidence && f.item_id.as_deref() == Some(item_id))
            .collect()
    }
}

/// A zip entry's name as its writer meant it: UTF-8 when flagged (or when the bytes are valid
/// UTF-8), else GBK, which Chinese Windows' zip tools write.
pub fn decode_name(raw: &[u8], utf8_flag: bool) -> String {
    if utf8_flag {
        return String::from_utf8_lossy(raw).into_owned();
    }
    match std::str::from_utf8(raw) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GBK
            .decode_without_bom_handling(raw)
            .0
            .into_owned(),
    }
}

/// Why a name cannot be used inside a package, if it cannot.
fn unsafe_name(name: &str) -> Option<&'static str> {
    if name.contains('\0') || name.chars().any(char::is_control) {
        return Some("含控制字符");
    }
    if name.starts_with('/') || name.starts_with('\\') {
        return Some("是绝对路径");
    }
    let bytes = name.as_bytes();
    if bytes.len() >= 2 && bytes[1] == b':' {
        return Some("带盘符");
    }
    if name.split(['/', '\\']).any(|c| c == ".." || c == ".") {
        return Some("含有“..”，会跑到提交包之外");
    }
    None
}

/// What reading a package found, without holding it in memory: every file entry's size and
/// SHA-256, and the bytes of the few entries the program reads itself (the manifest and
/// sheets, each bounded like a sheet file).
pub(super) struct Scanned {
    pub files: BTreeMap<String, (u64, String)>,
    pub kept: BTreeMap<String, Vec<u8>>,
}

/// An entry's bytes are kept (not only hashed) when the program reads it.
fn kept(name: &str) -> bool {
    name == MANIFEST
        || name
            .rsplit('.')
            .next()
            .is_some_and(|e| e.eq_ignore_ascii_case(crate::sheet::FILE_EXTENSION))
}

/// Opens the archive after the checks that need only the file: a regular file, not too
/// large, a zip, not too many entries, and no two entries under exactly one name (the zip
/// library would keep only the last, so the count in the archive's own directory is read).
fn open_archive(
    path: &Path,
    limits: &Limits,
) -> Result<zip::ZipArchive<std::io::BufReader<std::fs::File>>, PackageError> {
    let refuse = |why: Refusal| PackageError::Refused {
        package: path.to_path_buf(),
        why,
    };
    let meta = std::fs::metadata(path).map_err(|e| FileError::new(FileStep::Read, path, &e))?;
    if !meta.is_file() {
        return Err(refuse(Refusal::NotAFile));
    }
    if meta.len() > limits.package_bytes {
        return Err(refuse(Refusal::TooLarge { size: meta.len() }));
    }
    // The count the archive declares, read before its directory is parsed: a zip of 20
    // million entries is refused at once, not after gigabytes of directory.
    let declared = directory_entries(path);
    if let Some(n) = declared
        && n > limits.entries as u64
    {
        return Err(refuse(Refusal::TooManyFiles {
            count: n,
            most: limits.entries,
        }));
    }
    let file = std::fs::File::open(path).map_err(|e| FileError::new(FileStep::Read, path, &e))?;
    let archive = zip::ZipArchive::new(std::io::BufReader::new(file))
        .map_err(|e| refuse(Refusal::NotZip(zip_error_zh(&e))))?;
    if archive.len() > limits.entries {
        return Err(refuse(Refusal::TooManyFiles {
            count: archive.len() as u64,
            most: limits.entries,
        }));
    }
    if let Some(declared) = declared
        && declared != archive.len() as u64
    {
        return Err(refuse(Refusal::SameNameTwice { declared }));
    }
    Ok(archive)
}

/// Reads a package entry by entry, refusing a hostile archive, and keeps only what the
/// program reads (see `Scanned`): the other entries are hashed as they stream by, so a
/// package never needs more memory than its sheet, whatever its entries declare.
pub(super) fn scan_entries(path: &Path, limits: &Limits) -> Result<Scanned, PackageError> {
    let refuse = |why: Refusal| PackageError::Refused {
        package: path.to_path_buf(),
        why,
    };
    let mut archive = open_archive(path, limits)?;
    let mut files = BTreeMap::new();
    let mut keep = BTreeMap::new();
    let mut seen = BTreeSet::new();
    let mut unpacked: u64 = 0;
    for i in 0..archive.len() {
        // An encrypted entry cannot even be opened without its password: said before trying.
        if let Ok(raw) = archive.by_index_raw(i)
            && raw.encrypted()
        {
            let name = decode_name(raw.name_raw(), raw.flags().as_u16() & 0x0800 != 0);
            return Err(refuse(Refusal::Encrypted { name }));
        }
        let mut entry = archive.by_index(i).map_err(|e| {
            refuse(Refusal::EntryUnreadable {
                index: i.saturating_add(1),
                why: zip_error_zh(&e),
            })
        })?;
        let utf8 = entry.flags().as_u16() & 0x0800 != 0;
        let name = decode_name(entry.name_raw(), utf8);
        if let Some(why) = unsafe_name(&name) {
            return Err(refuse(Refusal::UnsafeName { name, why }));
        }
        if entry.is_symlink() {
            return Err(refuse(Refusal::Symlink { name }));
        }
        if entry.encrypted() {
            return Err(refuse(Refusal::Encrypted { name }));
        }
        let name = name.replace('\\', "/");
        if entry.is_dir() || name.ends_with('/') {
            continue;
        }
        if !seen.insert(name.to_lowercase()) {
            return Err(refuse(Refusal::DuplicateName { name }));
        }
        // Each entry is bounded before a byte is read (by what it declares) and while it is
        // read (by what it is): a sheet like a sheet file, any other file like an attachment.
        let keep_it = kept(&name);
        let bound = if keep_it {
            crate::fsio::MAX_FILE_BYTES
        } else {
            evidence::MAX_EVIDENCE_BYTES
        };
        let left = limits.unpacked_bytes.saturating_sub(unpacked);
        let too_big = |size: u64| {
            if size > bound {
                Some(refuse(Refusal::EntryTooLarge {
                    name: name.clone(),
                    size,
                    most: bound,
                }))
            } else if size > left {
                Some(refuse(Refusal::UnpackedTooLarge {
                    most: limits.unpacked_bytes,
                }))
            } else {
                None
            }
        };
        if let Some(e) = too_big(entry.size()) {
            return Err(e);
        }
        let mut reader = (&mut entry).take(bound.min(left).saturating_add(1));
        let unzip_err = |e: std::io::Error| {
            refuse(Refusal::Unzip {
                name: name.clone(),
                why: zip_io_error_zh(&e),
            })
        };
        let (size, sha) = if keep_it {
            let mut bytes = Vec::new();
            reader.read_to_end(&mut bytes).map_err(unzip_err)?;
            let sha = sha256_hex(&bytes);
            let size = bytes.len() as u64;
            if too_big(size).is_none() {
                keep.insert(name.clone(), bytes);
            }
            (size, sha)
        } else {
            evidence::hash_copy(&mut reader, &mut std::io::sink()).map_err(unzip_err)?
        };
        if let Some(e) = too_big(size) {
            return Err(e);
        }
        unpacked = unpacked.saturating_add(size);
        files.insert(name, (size, sha));
    }
    Ok(Scanned { files, kept: keep })
}

/// Opens a package: refuses a hostile one, reads the manifest, opens the sheet inside (and
/// recomputes it as any sheet), and checks every file against the manifest.
pub fn open_package(path: &Path, catalog: &Catalog) -> Result<OpenedPackage, PackageError> {
    open_package_within(path, catalog, &Limits::DEFAULT)
}

/// `open_package` with other bounds (tests use small ones).
pub fn open_package_within(
    path: &Path,
    catalog: &Catalog,
    limits: &Limits,
) -> Result<OpenedPackage, PackageError> {
    let shown = path.display().to_string();
    let invalid = |why: Refusal| PackageError::Refused {
        package: path.to_path_buf(),
        why,
    };
    let entries = scan_entries(path, limits)?;
    let manifest_bytes = entries
        .kept
        .get(MANIFEST)
        .ok_or_else(|| invalid(Refusal::NoManifest))?;
    let manifest: Manifest = serde_json::from_slice(manifest_bytes)
        .map_err(|e| invalid(Refusal::ManifestUnreadable(e.to_string())))?;
    // A manifest lists what the package holds: never more entries than a package may have.
    if manifest.files.len() > limits.entries {
        return Err(invalid(Refusal::ManifestTooLong {
            count: manifest.files.len(),
            most: limits.entries,
        }));
    }
    // Exactly one sheet, and a sheet only where the manifest says so: a second sheet listed as
    // the 打印稿 (to be unpacked over the first) is refused.
    let sheets: Vec<&ManifestFile> = manifest
        .files
        .iter()
        .filter(|f| f.kind == Kind::Sheet)
        .collect();
    if sheets.len() > 1 {
        return Err(invalid(Refusal::SeveralSheets {
            count: sheets.len(),
        }));
    }
    let sheet_entry = *sheets
        .first()
        .ok_or_else(|| invalid(Refusal::NoSheetListed))?;
    if let Some(f) = manifest
        .files
        .iter()
        .find(|f| f.kind != Kind::Sheet && kept(&f.path))
    {
        return Err(invalid(Refusal::SheetListedAs {
            name: f.path.clone(),
            kind: f.kind.label(),
        }));
    }
    let sheet_bytes = entries.kept.get(&sheet_entry.path).ok_or_else(|| {
        invalid(Refusal::ListedSheetMissing {
            name: sheet_entry.path.clone(),
        })
    })?;
    let text = String::from_utf8(sheet_bytes.clone()).map_err(|_| SheetError::NotText {
        path: format!("{shown} → {}", sheet_entry.path),
    })?;
    let opened = open_sheet_text(&text, &format!("{shown} → {}", sheet_entry.path), catalog)?;

    let mut problems = Vec::new();
    let mut listed = BTreeSet::new();
    for f in &manifest.files {
        listed.insert(f.path.to_lowercase());
        match entries.files.get(&f.path) {
            None => problems.push(format!("清单所列的“{}”不在提交包里", excerpt(&f.path))),
            Some((size, sha)) => {
                let sha = sha.clone();
                if *size != f.size || sha != f.sha256 {
                    problems.push(format!(
                        "“{}”与清单记录的不同（SHA-256 {} ≠ {}），文件被改动过",
                        excerpt(&f.path),
                        short(&sha),
                        short(&f.sha256)
                    ));
                }
            }
        }
    }
    for name in entries.files.keys() {
        if name != MANIFEST && !listed.contains(&name.to_lowercase()) {
            problems.push(format!("“{}”不在清单里（多出的文件）", excerpt(name)));
        }
    }
    if sheet_entry.sha256 != manifest.sheet_sha256 {
        problems.push("清单中考评表的 SHA-256 前后不一致".into());
    }
    let fingerprint = opened.sheet.content_fingerprint();
    if manifest.content_fingerprint != fingerprint {
        problems.push(format!(
            "清单记录的内容指纹 {} 与考评表的 {} 不同",
            short(&manifest.content_fingerprint),
            short(&fingerprint)
        ));
    }
    for scan in manifest.files.iter().filter(|f| f.kind == Kind::SealedScan) {
        if scan.printed_with.as_deref() != Some(fingerprint.as_str()) {
            problems.push(format!(
                "盖章扫描件“{}”是按另一版内容打印的（内容指纹 {} ≠ {}）",
                excerpt(&scan.title),
                short(scan.printed_with.as_deref().unwrap_or("")),
                short(&fingerprint)
            ));
        }
    }
    // The first problems, then how many more: one forged package never fills a note.
    if problems.len() > crate::catalog::MAX_SHOWN {
        let more = problems.len() - crate::catalog::MAX_SHOWN;
        problems.truncate(crate::catalog::MAX_SHOWN);
        problems.push(format!("……另有{more}处不符"));
    }
    Ok(OpenedPackage {
        path: path.to_path_buf(),
        opened,
        manifest,
        problems,
    })
}

/// The bytes of one file of a package (to preview an image or open a document), after the
/// same checks as `open_package` and against the manifest's hash.
pub fn read_file(package: &Path, entry_path: &str, sha256: &str) -> Result<Vec<u8>, PackageError> {
    scan_entries(package, &Limits::DEFAULT)?;
    let mut archive = open_archive(package, &Limits::DEFAULT)?;
    let entry_error = |why: Refusal| PackageError::Entry {
        name: entry_path.to_string(),
        why,
    };
    let unzip_error = |why: String| PackageError::Refused {
        package: package.to_path_buf(),
        why: Refusal::Unzip {
            name: entry_path.to_string(),
            why,
        },
    };
    let index =
        entry_index(&mut archive, entry_path).ok_or_else(|| entry_error(Refusal::NotInPackage))?;
    let mut entry = archive
        .by_index(index)
        .map_err(|e| unzip_error(zip_error_zh(&e)))?;
    let mut bytes = Vec::new();
    (&mut entry)
        .take(evidence::MAX_EVIDENCE_BYTES)
        .read_to_end(&mut bytes)
        .map_err(|e| unzip_error(zip_io_error_zh(&e)))?;
    if sha256_hex(&bytes) != sha256 {
        return Err(entry_error(Refusal::ChangedSinceListed));
    }
    Ok(bytes)
}

/// Unpacks an opened (checked) package into `dir`, laid out as the unit had it (the sheet,
/// its PDF, and the `_佐证材料` folder), so the sheet opens there with its evidence. Only
/// files the manifest lists and whose hash matches are written; the sheet written is the one
/// verified, first, and nothing is ever written over a file already unpacked (a manifest
/// listing a second sheet as the PDF under the sheet's name is refused). Returns the sheet's
/// path.
pub(super) fn extract_into(
    opened: &OpenedPackage,
    package: &Path,
    dir: &Path,
) -> Result<PathBuf, PackageError> {
    let mut archive = open_archive(package, &Limits::DEFAULT)?;
    let refuse = |why: Refusal| PackageError::Refused {
        package: package.to_path_buf(),
        why,
    };
    let sheet = opened
        .manifest
        .files
        .iter()
        .find(|f| f.kind == Kind::Sheet)
        .ok_or_else(|| refuse(Refusal::NoSheetListed))?;
    let sheet_name = last_part(&sheet.path).ok_or_else(|| refuse(Refusal::SheetNameWrong))?;
    let sheet_path = dir.join(sheet_name);
    let mut written: BTreeSet<String> = BTreeSet::new();
    let ordered = std::iter::once(sheet).chain(
        opened
            .manifest
            .files
            .iter()
            .filter(|f| !std::ptr::eq(*f, sheet)),
    );
    for f in ordered {
        let Some(index) = entry_index(&mut archive, &f.path) else {
            continue;
        };
        let Some(name) = last_part(&f.path) else {
            continue;
        };
        let target = match (f.kind, &f.item_id) {
            (Kind::Sheet, _) if std::ptr::eq(f, sheet) => dir.join(name),
            (Kind::Sheet, _) => continue,
            (Kind::Pdf, _) if name.to_lowercase().ends_with(".pdf") => dir.join(name),
            (Kind::Pdf, _) => continue,
            (Kind::SealedScan, _) => evidence::scan_file(&sheet_path, name),
            // A 台账 entry's file goes back into its entry's folder (the ledger's id a plain name).
            (Kind::Evidence, Some(_)) if f.ledger_entry.is_some() => match &f.ledger_entry {
                Some(r) if evidence::is_plain_file_name(&r.ledger) => {
                    evidence::ledger_file(&sheet_path, &r.ledger, r.id, name)
                }
                _ => continue,
            },
            (Kind::Evidence, Some(item)) if evidence::is_plain_file_name(item) => {
                evidence::item_file(&sheet_path, item, name)
            }
            (Kind::Evidence, _) => continue,
        };
        // Windows and macOS fold case: one name, one file.
        if !written.insert(target.to_string_lossy().to_lowercase()) {
            continue;
        }
        if let Some(parent) = target.parent() {
            crate::fsio::make_folder(parent)?;
        }
        let Ok(mut entry) = archive.by_index(index) else {
            continue;
        };
        // Streamed into a temporary file beside the target, kept only when it is the very
        // file the manifest lists (its SHA-256): nothing whole is held in memory.
        let dir = target.parent().unwrap_or(Path::new("."));
        let mut temp = evidence::temp_file_in(dir)?;
        let copied = evidence::hash_copy(
            &mut (&mut entry).take(evidence::MAX_EVIDENCE_BYTES.saturating_add(1)),
            temp.as_file_mut(),
        );
        match copied {
            Ok((size, sha)) if size == f.size && sha == f.sha256 => {
                temp.as_file().sync_all().ok();
                temp.persist(&target)
                    .map_err(|e| FileError::new(FileStep::Store, &target, &e.error))?;
            }
            _ => continue,
        }
    }
    Ok(sheet_path)
}

/// The index of the entry named `name` (as the scan names it: `\\` read as `/`).
fn entry_index<R: std::io::Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
    name: &str,
) -> Option<usize> {
    (0..archive.len()).find(|&i| {
        archive.by_index_raw(i).is_ok_and(|e| {
            let utf8 = e.flags().as_u16() & 0x0800 != 0;
            decode_name(e.name_raw(), utf8).replace('\\', "/") == name
        })
    })
}

/// The file name at the end of a path inside a package, when it is a plain name.
fn last_part(path: &str) -> Option<&str> {
    path.rsplit('/')
        .next()
        .filter(|n| evidence::is_plain_file_name(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_leaving_the_package_are_refused() {
        for bad in [
            "/etc/passwd",
            "\\x",
            "C:x",
            "a/../../b",
            "..",
            "a\\..\\b",
            "a\0b",
        ] {
            assert!(unsafe_name(bad).is_some(), "{bad:?}");
        }
        for good in [
            "佐证材料/01-办公室工作第1项-及时报送信息/图.jpg",
            "manifest.json",
            "a..b.txt",
        ] {
            assert!(unsafe_name(good).is_none(), "{good:?}");
        }
    }

    #[test]
    fn gbk_names_decode_and_utf8_names_stay() {
        let (gbk, _, _) = encoding_rs::GBK.encode("佐证材料/活动图片.jpg");
        assert_eq!(decode_name(&gbk, false), "佐证材料/活动图片.jpg");
        assert_eq!(decode_name("报告.pdf".as_bytes(), false), "报告.pdf");
        assert_eq!(decode_name("报告.pdf".as_bytes(), true), "报告.pdf");
    }
}
