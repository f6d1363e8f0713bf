//! The 提交包: one zip a unit e-mails to the municipal office — the sheet, its PDF printed
//! fresh, the 盖章扫描件, the 佐证材料 by item, and `manifest.json` listing every file with its
//! size and SHA-256. Reading a package verifies every file against the manifest and refuses
//! hostile archives (paths leaving the package, links, too many or too large entries,
//! duplicate names) before anything is used. No egui here.

use crate::catalog::Catalog;
use crate::evidence;
use crate::fsio::{FileError, FileStep};
use crate::progress::Progress;
use crate::sheet::{OpenedSheet, PROGRAM, open_sheet};
use serde::{Deserialize, Serialize};
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

mod archive;
mod error;
mod plan;
mod read;
pub use error::{PackageError, Refusal};
use plan::short;
pub use plan::{file_name, plan, plan_with};
pub mod workspace;
pub use read::{OpenedPackage, decode_name, open_package, open_package_within, read_file};

/// File name extension of a package.
pub const PACKAGE_EXTENSION: &str = "zip";
/// The manifest's name inside a package.
pub const MANIFEST: &str = "manifest.json";
/// The folder of the 佐证材料 inside a package.
pub const EVIDENCE_FOLDER: &str = "佐证材料";
/// A mail system's usual attachment limit; the window shows the package against it.
pub const DEFAULT_MAIL_LIMIT: u64 = 50 * 1024 * 1024;
/// Bounds on a package read from elsewhere (a hostile zip can claim anything): its size,
/// how many files, and how much they unpack to (a zip bomb stops there).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub package_bytes: u64,
    pub entries: usize,
    pub unpacked_bytes: u64,
}

impl Limits {
    pub const DEFAULT: Limits = Limits {
        package_bytes: 1024 * 1024 * 1024,
        entries: 5000,
        unpacked_bytes: 2 * 1024 * 1024 * 1024,
    };
}

/// What a file in a package is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Sheet,
    Pdf,
    SealedScan,
    Evidence,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Sheet => "考评表",
            Kind::Pdf => "打印稿",
            Kind::SealedScan => "盖章扫描件",
            Kind::Evidence => "佐证材料",
        }
    }
}

/// One file of a package, as the manifest lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    /// Path inside the zip, `/`-separated.
    pub path: String,
    pub kind: Kind,
    pub size: u64,
    pub sha256: String,
    /// The item a 佐证材料 belongs to: its id and its number on the sheet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_number: Option<usize>,
    #[serde(default)]
    pub title: String,
    /// For a 盖章扫描件: the content fingerprint of the pages that were sealed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub printed_with: Option<String>,
    /// For a file of a 台账 entry: its ledger and the entry's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ledger_entry: Option<LedgerEntryRef>,
}

/// Which 台账 entry a packaged file belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerEntryRef {
    pub ledger: String,
    pub id: u32,
}

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub program: String,
    pub created_at: String,
    pub unit: String,
    pub year: u16,
    pub ruleset: RulesetInfo,
    /// SHA-256 of the sheet file's bytes, and of what was filled in (the page foot).
    pub sheet_sha256: String,
    pub content_fingerprint: String,
    pub files: Vec<ManifestFile>,
    /// The 退回通知 this package answers (when the office returned it): its return time.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub answers_return: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesetInfo {
    pub id: String,
    pub version: String,
    pub sha256: String,
}

/// A package about to be written: the files, their total, and what is still missing.
#[derive(Debug, Clone)]
pub struct Plan {
    pub file_name: String,
    pub files: Vec<(ManifestFile, Source)>,
    pub total_bytes: u64,
    /// Unfilled items, no 盖章扫描件, required evidence: said before writing; the package can
    /// still be written.
    pub missing: Vec<String>,
    /// Listed files that cannot be found or changed since they were attached: the package
    /// cannot be written until they are fixed (re-attached or removed).
    pub broken: Vec<String>,
}

impl Plan {
    /// What the package holds, in words: 考评表、打印稿、1个盖章扫描件、3个佐证材料.
    pub fn contents(&self) -> String {
        let count = |kind: Kind| self.files.iter().filter(|(f, _)| f.kind == kind).count();
        let mut parts = Vec::new();
        for kind in [Kind::Sheet, Kind::Pdf] {
            if count(kind) > 0 {
                parts.push(kind.label().to_string());
            }
        }
        for kind in [Kind::SealedScan, Kind::Evidence] {
            let n = count(kind);
            if n > 0 {
                parts.push(format!("{n}个{}", kind.label()));
            }
        }
        parts.join("、")
    }
}

/// Where a planned file's bytes come from.
#[derive(Debug, Clone)]
pub enum Source {
    Bytes(std::sync::Arc<Vec<u8>>),
    File(PathBuf),
}

/// Whether a file is worth compressing (text is; photos, PDFs and office files are already
/// compressed, and deflating them again only costs time).
fn compress(path: &str) -> bool {
    let lower = path.to_lowercase();
    [
        ".kaoping", ".json", ".txt", ".csv", ".ron", ".bmp", ".tif", ".tiff", ".doc", ".xls",
    ]
    .iter()
    .any(|e| lower.ends_with(e))
}

/// The zip bytes of a plan, with its manifest, made now.
pub fn build(opened: &OpenedSheet, plan: &Plan) -> Result<Vec<u8>, PackageError> {
    build_at(opened, plan, chrono::Local::now().fixed_offset())
}

/// `build` with the package's time given (its 提交时间; tests of lateness make packages on
/// the days they need).
pub fn build_at(
    opened: &OpenedSheet,
    plan: &Plan,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<Vec<u8>, PackageError> {
    let mut out = Cursor::new(Vec::new());
    build_into(opened, plan, now, &mut out)?;
    Ok(out.into_inner())
}

/// Builds the package into `out` as it goes — each file streamed from disk through the zip
/// into `out`, never the whole package in memory (five 190 MB attachments took 956 MB).
pub fn build_into<W: Write + std::io::Seek>(
    opened: &OpenedSheet,
    plan: &Plan,
    now: chrono::DateTime<chrono::FixedOffset>,
    out: W,
) -> Result<(), PackageError> {
    build_into_with(opened, plan, now, out, &Progress::new())
}

/// `build_into`, the bytes read into the zip counted in `progress` and stopped by its cancel.
pub fn build_into_with<W: Write + std::io::Seek>(
    opened: &OpenedSheet,
    plan: &Plan,
    now: chrono::DateTime<chrono::FixedOffset>,
    out: W,
    progress: &Progress,
) -> Result<(), PackageError> {
    if !plan.broken.is_empty() {
        return Err(PackageError::Broken(plan.broken.clone()));
    }
    let sheet = &opened.sheet;
    let loaded = &opened.ruleset;
    let sheet_sha = plan
        .files
        .iter()
        .find(|(f, _)| f.kind == Kind::Sheet)
        .map(|(f, _)| f.sha256.clone())
        .unwrap_or_default();
    // Files in the zip carry the time the package was made (a zip's own clock is local time).
    let stamp = {
        use chrono::{Datelike, Timelike};
        let n = now.naive_local();
        zip::DateTime::from_date_and_time(
            u16::try_from(n.year()).unwrap_or(1980),
            u8::try_from(n.month()).unwrap_or(1),
            u8::try_from(n.day()).unwrap_or(1),
            u8::try_from(n.hour()).unwrap_or(0),
            u8::try_from(n.minute()).unwrap_or(0),
            u8::try_from(n.second().min(58)).unwrap_or(0),
        )
        .unwrap_or_default()
    };
    let manifest = Manifest {
        format: 1,
        program: PROGRAM.to_string(),
        created_at: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        unit: sheet.unit_name(loaded).unwrap_or("").to_string(),
        year: sheet.year,
        ruleset: RulesetInfo {
            id: loaded.ruleset.id.clone(),
            version: loaded.ruleset.version.clone(),
            sha256: loaded.sha256.clone(),
        },
        answers_return: sheet
            .returned
            .as_ref()
            .map(|n| n.returned_at.clone())
            .unwrap_or_default(),
        sheet_sha256: sheet_sha,
        content_fingerprint: sheet.content_fingerprint(),
        files: plan.files.iter().map(|(f, _)| f.clone()).collect(),
    };
    let manifest_text =
        serde_json::to_string_pretty(&manifest).map_err(|e| PackageError::Zip(e.to_string()))?;
    let mut zip = zip::ZipWriter::new(out);
    let zerr = |e: zip::result::ZipError| PackageError::Zip(e.to_string());
    // A write fails after a cancel (the counting reader stops): that is the cancel.
    let write_err = |e: std::io::Error| {
        if progress.cancelled() {
            PackageError::Cancelled
        } else {
            PackageError::Zip(crate::fsio::io_error_zh(&e))
        }
    };
    let options = |path: &str| {
        let method = if compress(path) {
            zip::CompressionMethod::Deflated
        } else {
            zip::CompressionMethod::Stored
        };
        zip::write::SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(stamp)
            .large_file(true)
    };
    progress.begin("正在写入提交包", plan.total_bytes);
    zip.start_file(MANIFEST, options(MANIFEST)).map_err(zerr)?;
    zip.write_all(manifest_text.as_bytes()).map_err(write_err)?;
    for (f, source) in &plan.files {
        progress.check()?;
        zip.start_file(f.path.as_str(), options(&f.path))
            .map_err(zerr)?;
        match source {
            Source::Bytes(b) => {
                zip.write_all(b).map_err(write_err)?;
                progress.advance(b.len() as u64);
            }
            Source::File(p) => {
                let mut file =
                    std::fs::File::open(p).map_err(|e| FileError::new(FileStep::Read, p, &e))?;
                // The bytes written are hashed again: a file changed since planning is caught.
                let (size, sha) = evidence::hash_copy(
                    &mut progress.counting((&mut file).take(f.size.saturating_add(1))),
                    &mut zip,
                )
                .map_err(|e| {
                    if progress.cancelled() {
                        PackageError::Cancelled
                    } else {
                        FileError::new(FileStep::Read, p, &e).into()
                    }
                })?;
                if size != f.size || sha != f.sha256 {
                    return Err(PackageError::ChangedWhilePacking { path: p.clone() });
                }
            }
        }
    }
    zip.finish().map_err(zerr)?;
    Ok(())
}

/// What writing a package did.
#[derive(Debug, Clone)]
pub struct Written {
    pub path: PathBuf,
    pub bytes: u64,
    pub files: usize,
    pub missing: Vec<String>,
}

/// Plans, builds and writes (atomically) the package of the sheet at `sheet_path` to `out`.
pub fn write(
    sheet_path: &Path,
    catalog: &Catalog,
    out: Option<&Path>,
) -> Result<Written, PackageError> {
    write_at(
        sheet_path,
        catalog,
        out,
        chrono::Local::now().fixed_offset(),
    )
}

/// `write` with the package's time given (see `build_at`).
pub fn write_at(
    sheet_path: &Path,
    catalog: &Catalog,
    out: Option<&Path>,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<Written, PackageError> {
    write_with(sheet_path, catalog, out, now, &Progress::new())
}

/// `write_at`, its steps shown in `progress`; a cancel stops it with nothing written (the
/// package is streamed into a temporary file that then goes, an earlier package untouched).
pub fn write_with(
    sheet_path: &Path,
    catalog: &Catalog,
    out: Option<&Path>,
    now: chrono::DateTime<chrono::FixedOffset>,
    progress: &Progress,
) -> Result<Written, PackageError> {
    let opened = open_sheet(sheet_path, catalog)?;
    // What the municipal office's program would refuse is not written: said first, from
    // the sizes the sheet records (before a byte is hashed), then from the files themselves.
    let most = Limits::DEFAULT
        .package_bytes
        .min(Limits::DEFAULT.unpacked_bytes);
    let too_big = |bytes: u64| PackageError::TooLarge { bytes, most };
    let listed = opened
        .sheet
        .evidence
        .values()
        .flatten()
        .map(|e| e.size)
        .chain(opened.sheet.sealed_scans.iter().map(|s| s.size))
        .fold(0u64, u64::saturating_add);
    if listed > most {
        return Err(too_big(listed));
    }
    let plan = plan_with(&opened, sheet_path, progress)?;
    if plan.total_bytes > most {
        return Err(too_big(plan.total_bytes));
    }
    let path = match out {
        Some(p) => p.to_path_buf(),
        None => sheet_path
            .parent()
            .unwrap_or(Path::new("."))
            .join(&plan.file_name),
    };
    // Streamed into the temporary file that becomes the package: a failure on the way
    // leaves the old package (and its .bak) as they were.
    let mut built: Result<(), PackageError> = Ok(());
    crate::fsio::write_atomic_with(&path, |file| {
        built = build_into_with(&opened, &plan, now, &mut *file, progress);
        match &built {
            Ok(()) => Ok(()),
            Err(why) => Err(std::io::Error::other(why.to_string())),
        }
    })
    .map_err(|e| match &built {
        Err(why) => why.clone(),
        Ok(()) => PackageError::from(e),
    })?;
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    Ok(Written {
        path,
        bytes,
        files: plan.files.len(),
        missing: plan.missing,
    })
}

/// Whether a path names a package (by its extension).
pub fn is_package(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(PACKAGE_EXTENSION))
}
