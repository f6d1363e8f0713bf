//! A 提交包 and its review are one submission. Opening a package for review unpacks it once
//! into a folder beside it (`<package stem>/`) marked by `提交包来源.json`, which names the
//! package and its SHA-256: the review is saved in the sheet there. Opening the same package
//! again opens that copy (the review is never unpacked over); a different package under the
//! same name (the unit sent a new one) sets the old copy aside, whole, and unpacks the new
//! one. The comparison counts the package once, with the review of its copy, and never the
//! copy on its own.

use super::PackageError;
use super::read::{extract_into, open_package};
use crate::catalog::Catalog;
use crate::fsio::{FileError, FileStep};
use crate::sheet::OpenedSheet;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The marker file of a review copy.
pub const MARKER: &str = crate::evidence::REVIEW_COPY_MARKER;
/// A marker larger than this is not one of ours.
const MAX_MARKER_BYTES: u64 = 64 * 1024;

/// What the marker records of the package a folder was unpacked from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marker {
    /// The package's file name, beside this folder.
    pub package: String,
    /// SHA-256 of the package file as unpacked.
    pub package_sha256: String,
    /// The sheet's file name in this folder.
    pub sheet: String,
    /// The 内容指纹 of the unit's sheet in the package.
    pub content_fingerprint: String,
    pub unpacked_at: String,
    /// For a person who opens the folder.
    #[serde(default)]
    pub note: String,
}

/// A package opened for review: the sheet to open, and what to tell the reviewer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewCopy {
    pub sheet_path: PathBuf,
    /// What checking the package against its manifest found.
    pub problems: Vec<String>,
    pub notes: Vec<String>,
    /// A new package from the unit: the sheet of the copy set aside, whose 考核得分 may be
    /// carried over for items the unit did not change (when it could not be carried here).
    pub earlier_review: Option<PathBuf>,
    /// A new package from the unit whose earlier review was carried into the new copy and
    /// saved there: what the unit changed (those items 需重审).
    pub resend: Option<crate::sheet::SheetChanges>,
    /// When the unit made the package (its manifest's time): the submission's time.
    pub submitted_at: String,
}

/// The review copy's folder for a package: beside it, named after it.
pub fn copy_dir(package: &Path) -> PathBuf {
    let stem = package
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "提交包".into());
    package.parent().unwrap_or(Path::new(".")).join(stem)
}

/// The marker of a folder, if it is a review copy.
pub fn read_marker(dir: &Path) -> Option<Marker> {
    let bytes = crate::fsio::read_limited(&dir.join(MARKER), MAX_MARKER_BYTES).ok()?;
    let marker: Marker = serde_json::from_slice(&bytes).ok()?;
    (crate::names::is_plain(&marker.package) && crate::names::is_plain(&marker.sheet))
        .then_some(marker)
}

/// The package a sheet is the review copy of: its folder's marker names it, and names this
/// sheet. `None` for any other sheet.
pub fn package_of(sheet_path: &Path) -> Option<PathBuf> {
    let dir = sheet_path.parent()?;
    let marker = read_marker(dir)?;
    let name = sheet_path.file_name()?.to_string_lossy();
    (marker.sheet == name).then(|| dir.parent().unwrap_or(Path::new(".")).join(&marker.package))
}

/// The review copy of `package` as it is now, when it belongs to exactly this package file.
pub fn current_copy(package: &Path) -> Option<PathBuf> {
    let dir = copy_dir(package);
    let marker = read_marker(&dir)?;
    let (_, sha) = crate::evidence::hash_file(package).ok()?;
    let sheet = dir.join(&marker.sheet);
    (marker.package_sha256 == sha && sheet.is_file()).then_some(sheet)
}

/// Opens `package` for review: its existing copy when there is one for this very file, else
/// a fresh one (an earlier copy of another package under that name is set aside first).
pub fn open_for_review(package: &Path, catalog: &Catalog) -> Result<ReviewCopy, PackageError> {
    let opened = open_package(package, catalog)?;
    let (_, package_sha256) = crate::evidence::hash_file(package)
        .map_err(|e| FileError::new(FileStep::Read, package, &e))?;
    let dir = copy_dir(package);
    let fingerprint = opened.opened.sheet.content_fingerprint();
    let mut notes = Vec::new();
    let mut earlier_review = None;
    match read_marker(&dir) {
        Some(m) if m.package_sha256 == package_sha256 && dir.join(&m.sheet).is_file() => {
            notes.push(format!(
                "已打开此提交包的审核副本（{}解包，审核结果保存在其中）：“{}”",
                m.unpacked_at.get(..10).unwrap_or(""),
                dir.display()
            ));
            return Ok(ReviewCopy {
                sheet_path: dir.join(&m.sheet),
                problems: opened.problems,
                notes,
                earlier_review: None,
                resend: None,
                submitted_at: opened.manifest.created_at.clone(),
            });
        }
        Some(m) => {
            let aside = set_aside(&dir, &m.unpacked_at)?;
            notes.push(format!(
                "单位重新提交了提交包：上一版及其审核保留在“{}”",
                aside.display()
            ));
            earlier_review = Some(aside.join(&m.sheet));
        }
        // A folder of that name that is not a review copy (unpacked by an earlier version of
        // the program, or made by hand): never written into; set aside whole.
        None if std::fs::symlink_metadata(&dir).is_ok() => {
            let aside = set_aside(&dir, "")?;
            notes.push(format!(
                "提交包旁原有的同名文件夹已改名为“{}”，未作改动",
                aside.display()
            ));
            earlier_review = first_sheet_in(&aside);
        }
        None => {}
    }
    crate::fsio::make_folder(&dir)?;
    let sheet_path = extract_into(&opened, package, &dir)?;
    let marker = Marker {
        package: crate::fsio::file_name(package),
        package_sha256,
        sheet: crate::fsio::file_name(&sheet_path),
        content_fingerprint: fingerprint,
        unpacked_at: chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        note: format!(
            "本文件夹是提交包“{}”的审核副本：审核结果保存在这里的考评表中；汇总时按该提交包计一次。",
            crate::fsio::file_name(package)
        ),
    };
    let text = serde_json::to_vec_pretty(&marker).map_err(|e| PackageError::Save {
        path: dir.join(MARKER),
        said: e.to_string(),
    })?;
    crate::fsio::write_atomic(&dir.join(MARKER), &text)?;
    // The earlier review carried into the new copy at once and saved there, sealed: a window
    // closed without saving, or killed, never loses it (the carry is a reading of the sealed
    // review and the new content, not a decision of the office's).
    let created_at = opened.manifest.created_at.clone();
    let mut resend = None;
    if let Some(earlier) = earlier_review
        .as_deref()
        .and_then(|p| crate::sheet::open_sheet(p, catalog).ok())
        && let Ok(new) = crate::sheet::open_sheet(&sheet_path, catalog)
    {
        let mut sheet = new.sheet;
        if let Some(changes) =
            crate::sheet::carry_review(&mut sheet, &earlier.sheet, &new.ruleset, &created_at)
        {
            match sheet.save_review(&sheet_path, &created_at) {
                Ok(_) => {
                    resend = Some(changes);
                    earlier_review = None;
                }
                Err(e) => notes.push(format!("上一版的审核没能记入新的审核副本：{e}")),
            }
        }
    }
    Ok(ReviewCopy {
        sheet_path,
        problems: opened.problems,
        notes,
        earlier_review,
        resend,
        submitted_at: created_at,
    })
}

/// The office's review of this package, laid over `opened` (the package's verified sheet)
/// for the comparison: the review of its copy when the copy holds the very same unit part;
/// when the unit has sent a new package under the name since (not yet opened for review),
/// the copy's review carried over as opening it would (`sheet::carry_review`): unchanged
/// items keep their 考核得分, changed ones are 需重审, and the history knows the first
/// submission. Only a review this PC sealed is ever laid over (`open_sheet` drops others).
pub fn lay_review_over(
    opened: &mut OpenedSheet,
    copy: &Path,
    catalog: &Catalog,
    submitted_at: &str,
) -> bool {
    let Ok(reviewed) = crate::sheet::open_sheet(copy, catalog) else {
        return false;
    };
    // A review in the copy that is not this PC's (another PC's key not imported, a copy
    // made up beside the inbox) is said, never laid over.
    if let Some(refused) = reviewed.refused_review {
        opened.refused_review.get_or_insert(refused);
        return false;
    }
    if reviewed.sheet.review.is_none() {
        return false;
    }
    // The very same submission: nothing the unit enters differs (its notes included, which
    // the content fingerprint leaves out as they are not printed).
    let same = reviewed.sheet.content_fingerprint() == opened.sheet.content_fingerprint()
        && crate::sheet::unit_changes(&reviewed.sheet, &opened.sheet, &opened.ruleset).is_empty();
    if same {
        opened.sheet.review = reviewed.sheet.review.clone();
        for (id, entry) in &mut opened.sheet.items {
            let from = reviewed.sheet.items.get(id);
            entry.reviewed = from.and_then(|e| e.reviewed);
            entry.review_note = from.map(|e| e.review_note.clone()).unwrap_or_default();
        }
    } else if crate::sheet::carry_review(
        &mut opened.sheet,
        &reviewed.sheet,
        &opened.ruleset,
        submitted_at,
    )
    .is_none()
    {
        return false;
    }
    opened.report = opened.sheet.evaluate(&opened.ruleset);
    true
}

/// The review copy beside `package` that belongs to an earlier package under its name (the
/// unit sent a new one, not yet opened for review): its sheet.
pub fn earlier_copy(package: &Path) -> Option<PathBuf> {
    let dir = copy_dir(package);
    let marker = read_marker(&dir)?;
    let sheet = dir.join(&marker.sheet);
    sheet.is_file().then_some(sheet)
}

/// Renames a copy out of the way: `<dir>（上一版 2026-12-01 10时05分）`, numbered when taken.
fn set_aside(dir: &Path, unpacked_at: &str) -> Result<PathBuf, FileError> {
    let when = chrono::DateTime::parse_from_rfc3339(unpacked_at)
        .map(|t| t.format("%Y-%m-%d %H时%M分").to_string())
        .unwrap_or_else(|_| chrono::Local::now().format("%Y-%m-%d %H时%M分").to_string());
    let base = format!("{}（上一版 {when}）", crate::fsio::file_name(dir));
    let parent = dir.parent().unwrap_or(Path::new("."));
    let mut aside = parent.join(&base);
    let mut n = 2u32;
    while std::fs::symlink_metadata(&aside).is_ok() && n < 10_000 {
        aside = parent.join(format!("{base}-{n}"));
        n += 1;
    }
    std::fs::rename(dir, &aside).map_err(|e| FileError::new(FileStep::RenameAside, dir, &e))?;
    Ok(aside)
}

fn first_sheet_in(dir: &Path) -> Option<PathBuf> {
    let mut sheets: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case(crate::sheet::FILE_EXTENSION))
        })
        .collect();
    sheets.sort();
    sheets.into_iter().next()
}
