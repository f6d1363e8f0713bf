//! What goes into a 提交包: the sheet as saved and its PDF printed now, the 盖章扫描件 and
//! every item's 佐证材料 hashed again (a file changed since it was added stops the package),
//! and what the municipal office would find missing.

use super::{EVIDENCE_FOLDER, Kind, ManifestFile, PACKAGE_EXTENSION, PackageError, Plan, Source};
use crate::catalog::{LoadedRuleset, sha256_hex};
use crate::evidence;
use crate::progress::Progress;
use crate::ruleset::excerpt;
use crate::sheet::{OpenedSheet, Sheet};
use std::path::{Path, PathBuf};

/// The package's file name: 平江县妇联-2015年度绩效考核自评-提交包.zip.
pub fn file_name(sheet: &Sheet, loaded: &LoadedRuleset) -> String {
    format!(
        "{}-提交包.{PACKAGE_EXTENSION}",
        sheet.default_file_stem(loaded)
    )
}

/// A folder name for an item inside the package: 05-推进妇女儿童发展规划 (number, then the
/// first words of its content).
fn item_folder(loaded: &LoadedRuleset, item_id: &str) -> String {
    let number = evidence::item_number(loaded, item_id).unwrap_or(0);
    // Named as people name the item (维权工作第1项), then its first phrase without quotes
    // (开展三八维权周…): many items begin alike (开展…), the place never does.
    let place = crate::scoring::item_location(&loaded.ruleset, item_id).replace(' ', "");
    let words: String = loaded
        .ruleset
        .item(item_id)
        .map(|i| {
            if i.content.is_empty() {
                &i.rule_text
            } else {
                &i.content
            }
        })
        .map(|t| {
            t.chars()
                .filter(|c| !"“”\"‘’".contains(*c))
                .take_while(|c| !"，。、；：（）(),.;:！？".contains(*c))
                .filter(|c| !c.is_whitespace() && !"/\\*?<>|".contains(*c))
                .take(12)
                .collect()
        })
        .unwrap_or_default();
    let name = if words.is_empty() {
        format!("{number:02}-{place}")
    } else {
        format!("{number:02}-{place}-{words}")
    };
    crate::names::plain_name(&name).unwrap_or_else(|| format!("{number:02}"))
}

/// Everything that goes into the package of the saved sheet at `sheet_path`. The PDF is
/// printed fresh from the file, so it always matches it. Hashes every attached file.
pub fn plan(opened: &OpenedSheet, sheet_path: &Path) -> Result<Plan, PackageError> {
    plan_with(opened, sheet_path, &Progress::new())
}

/// `plan`, its hashing counted in `progress` (bytes of the attached files) and stopped by
/// its cancel.
pub fn plan_with(
    opened: &OpenedSheet,
    sheet_path: &Path,
    progress: &Progress,
) -> Result<Plan, PackageError> {
    let mut files = printed_files(opened, sheet_path)?;
    let (attached, broken) = attached_files(opened, sheet_path, progress);
    files.extend(attached);
    progress.check()?;
    let total_bytes = files.iter().map(|(f, _)| f.size).sum();
    Ok(Plan {
        file_name: file_name(&opened.sheet, &opened.ruleset),
        files,
        total_bytes,
        missing: what_is_missing(opened),
        broken,
    })
}

/// The sheet file as saved and its PDF printed now from it (so they always agree).
fn printed_files(
    opened: &OpenedSheet,
    sheet_path: &Path,
) -> Result<Vec<(ManifestFile, Source)>, PackageError> {
    let sheet = &opened.sheet;
    let stem = sheet.default_file_stem(&opened.ruleset);
    let sheet_bytes =
        crate::fsio::read_limited(sheet_path, crate::fsio::MAX_FILE_BYTES).map_err(|message| {
            crate::sheet::SheetError::Io {
                path: sheet_path.display().to_string(),
                message,
            }
        })?;
    let pdf = crate::pdf::render_sheet(sheet, &opened.ruleset).map_err(PackageError::Print)?;
    let in_memory = |path: String, kind: Kind, bytes: Vec<u8>, title: &str| {
        (
            ManifestFile {
                path,
                kind,
                size: bytes.len() as u64,
                sha256: sha256_hex(&bytes),
                item_id: None,
                item_number: None,
                title: title.to_string(),
                printed_with: None,
                ledger_entry: None,
            },
            Source::Bytes(std::sync::Arc::new(bytes)),
        )
    };
    Ok(vec![
        in_memory(
            format!("{stem}.{}", crate::sheet::FILE_EXTENSION),
            Kind::Sheet,
            sheet_bytes,
            "考评表",
        ),
        in_memory(format!("{stem}.pdf"), Kind::Pdf, pdf.bytes, "打印稿"),
    ])
}

/// The 盖章扫描件 and every item's 佐证材料, each hashed again (counted in `progress`): those
/// still the files that were attached, and, in words, those that are not (changed or
/// unreadable — the package is not made while any is).
fn attached_files(
    opened: &OpenedSheet,
    sheet_path: &Path,
    progress: &Progress,
) -> (Vec<(ManifestFile, Source)>, Vec<String>) {
    let sheet = &opened.sheet;
    let loaded = &opened.ruleset;
    let listed = sheet
        .evidence
        .values()
        .flatten()
        .map(|e| e.size)
        .chain(sheet.sealed_scans.iter().map(|s| s.size))
        .fold(0u64, u64::saturating_add);
    progress.begin("正在核对佐证材料", listed);
    let mut files = Vec::new();
    let mut broken = Vec::new();
    let mut take = |file: ManifestFile, path: PathBuf, what: String| match still_as_attached(
        &path, &file, progress,
    ) {
        Ok(()) => files.push((file, Source::File(path))),
        Err(why) => broken.push(format!("{what}的文件{}", why.words(&path))),
    };
    for scan in &sheet.sealed_scans {
        take(
            ManifestFile {
                path: format!("{}/{}", evidence::SCANS_FOLDER, scan.stored),
                kind: Kind::SealedScan,
                size: scan.size,
                sha256: scan.sha256.clone(),
                item_id: None,
                item_number: None,
                title: scan.title.clone(),
                printed_with: Some(scan.printed_with.clone()),
                ledger_entry: None,
            },
            evidence::scan_file(sheet_path, &scan.stored),
            format!("盖章扫描件“{}”", excerpt(&scan.title)),
        );
    }
    for (_, item) in loaded.ruleset.items() {
        let Some(list) = sheet.evidence.get(&item.id) else {
            continue;
        };
        let folder = item_folder(loaded, &item.id);
        for e in list {
            take(
                ManifestFile {
                    path: format!("{EVIDENCE_FOLDER}/{folder}/{}", e.stored),
                    kind: Kind::Evidence,
                    size: e.size,
                    sha256: e.sha256.clone(),
                    item_id: Some(item.id.clone()),
                    item_number: evidence::item_number(loaded, &item.id),
                    title: e.title.clone(),
                    printed_with: None,
                    ledger_entry: None,
                },
                evidence::item_file(sheet_path, &item.id, &e.stored),
                format!(
                    "{}的佐证材料“{}”",
                    crate::scoring::item_location(&loaded.ruleset, &item.id),
                    excerpt(&e.title)
                ),
            );
        }
    }
    // Each 台账 entry's files under its item, in a folder named by the entry (its number and
    // 事由): 佐证材料/09-…/台账/3-城关镇社区普法讲座/照片.jpg.
    for ledger in &loaded.ruleset.ledgers {
        let Some(entries) = sheet.ledgers.get(&ledger.id) else {
            continue;
        };
        let folder = item_folder(loaded, &ledger.item);
        for entry in entries {
            let entry_folder = crate::names::plain_name(&format!(
                "{}-{}",
                entry.id,
                entry.title.chars().take(20).collect::<String>()
            ))
            .unwrap_or_else(|| entry.id.to_string());
            for f in &entry.files {
                take(
                    ManifestFile {
                        path: format!(
                            "{EVIDENCE_FOLDER}/{folder}/{}/{entry_folder}/{}",
                            evidence::LEDGER_FOLDER,
                            f.stored
                        ),
                        kind: Kind::Evidence,
                        size: f.size,
                        sha256: f.sha256.clone(),
                        item_id: Some(ledger.item.clone()),
                        item_number: evidence::item_number(loaded, &ledger.item),
                        title: f.title.clone(),
                        printed_with: None,
                        ledger_entry: Some(super::LedgerEntryRef {
                            ledger: ledger.id.clone(),
                            id: entry.id,
                        }),
                    },
                    evidence::ledger_file(sheet_path, &ledger.id, entry.id, &f.stored),
                    format!(
                        "台账“{}”（{}）的佐证材料“{}”",
                        ledger.entry,
                        excerpt(&entry.title),
                        excerpt(&f.title)
                    ),
                );
            }
        }
    }
    (files, broken)
}

/// How an attached file is no longer the one the sheet records.
enum NotAsAttached {
    Changed,
    Unreadable(crate::fsio::IoProblem),
}

impl NotAsAttached {
    /// In words that follow 「…的文件」.
    fn words(&self, path: &Path) -> String {
        match self {
            NotAsAttached::Changed => {
                format!("在添加后被改动过（{}），请重新添加", path.display())
            }
            NotAsAttached::Unreadable(why) => format!("无法读取（{}）：{why}", path.display()),
        }
    }
}

/// Whether the file at `path` is still the one the sheet records (size and SHA-256).
fn still_as_attached(
    path: &Path,
    file: &ManifestFile,
    progress: &Progress,
) -> Result<(), NotAsAttached> {
    let hashed = std::fs::File::open(path)
        .and_then(|f| evidence::hash_copy(&mut progress.counting(f), &mut std::io::sink()));
    match hashed {
        Ok((size, sha)) if size == file.size && sha == file.sha256 => Ok(()),
        Ok(_) => Err(NotAsAttached::Changed),
        Err(e) => Err(NotAsAttached::Unreadable((&e).into())),
    }
}

/// What the municipal office would find missing: the unit, unfilled items, the scan (or a
/// scan of another version), required 佐证材料, warnings not answered.
fn what_is_missing(opened: &OpenedSheet) -> Vec<String> {
    let sheet = &opened.sheet;
    let mut missing = Vec::new();
    let unfilled = opened
        .report
        .items
        .iter()
        .filter(|i| i.score.is_none())
        .count();
    if sheet.unit.is_none() {
        missing.push("还没有选择填报单位".into());
    }
    if unfilled > 0 {
        missing.push(format!("还有{unfilled}项未填完"));
    }
    let fingerprint = sheet.content_fingerprint();
    if sheet.sealed_scans.is_empty() {
        missing.push("还没有添加盖章扫描件（签字盖章后扫描的页面）".into());
    } else if !sheet
        .sealed_scans
        .iter()
        .any(|s| s.printed_with == fingerprint)
    {
        missing.push(format!(
            "盖章扫描件是按另一版内容打印的（内容指纹 {} ≠ 现在的 {}）：请重新打印、签字盖章、扫描",
            sheet
                .sealed_scans
                .last()
                .map_or("", |s| short(&s.printed_with)),
            short(&fingerprint)
        ));
    }
    missing.extend(evidence::missing_required(sheet, &opened.ruleset));
    // Warnings that ask something and are not answered yet (required 佐证材料 is above).
    missing.extend(
        opened
            .report
            .open_questions()
            .map(|p| format!("警告未确认：{}：{}", p.location, p.message)),
    );
    missing
}

pub(super) fn short(h: &str) -> &str {
    h.get(..8).unwrap_or(h)
}
