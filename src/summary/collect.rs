//! What the comparison reads: the sheet files and 提交包 named by files and folders, opened in
//! parallel, each under `guard::catch` so one bad file never stops the others.

use super::Failure;
use crate::catalog::Catalog;
use crate::progress::Progress;
use crate::sheet::{FILE_EXTENSION, OpenedSheet, SheetError, open_sheet};
use std::path::{Path, PathBuf};

/// The `.kaoping` files named by `inputs`: files as given, folders searched (with their
/// subfolders) for sheet files, in name order. Paths that do not exist are failures.
pub fn collect_files(inputs: &[PathBuf]) -> (Vec<PathBuf>, Vec<Failure>) {
    let mut files = Vec::new();
    let mut failures = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found = Vec::new();
            walk(input, &mut found, &mut failures);
            found.sort();
            files.extend(found);
        } else if input.exists() {
            files.push(input.clone());
        } else {
            failures.push(Failure {
                path: input.clone(),
                message: "找不到这个文件或文件夹".into(),
                unit: None,
            });
        }
    }
    // The same file named twice (a folder and a file in it) counts once.
    let mut seen = std::collections::HashSet::new();
    let canonical = |f: &Path| std::fs::canonicalize(f).unwrap_or_else(|_| f.to_path_buf());
    files.retain(|f| seen.insert(canonical(f)));
    // A package's review copy is that package's, not a submission of its own: it is left
    // out where the package itself is compared (its review is read with the package).
    files.retain(|f| {
        crate::package::workspace::package_of(f).is_none_or(|p| !seen.contains(&canonical(&p)))
    });
    (files, failures)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>, failures: &mut Vec<Failure>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            failures.push(Failure {
                path: dir.to_path_buf(),
                message: format!("无法读取文件夹：{}", crate::fsio::io_error_zh(&e)),
                unit: None,
            });
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
        if is_dir {
            walk(&path, found, failures);
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case(FILE_EXTENSION))
            || crate::package::is_package(&path)
        {
            found.push(path);
        }
    }
}

/// A sheet as the comparison reads it: a bare sheet file, or the sheet inside a 提交包.
#[derive(Debug, Clone)]
pub struct Opened {
    pub sheet: OpenedSheet,
    pub package: Option<PackageFacts>,
}

/// What a 提交包 adds to its sheet.
#[derive(Debug, Clone)]
pub struct PackageFacts {
    pub created_at: String,
    pub problems: Vec<String>,
}

fn open_one(path: &Path, catalog: &Catalog) -> Result<Opened, SheetError> {
    if crate::package::is_package(path) {
        let mut p =
            crate::package::open_package(path, catalog).map_err(|e| e.into_sheet_error(path))?;
        // Reviewed in the window: the package counts with the review saved in its copy — or,
        // when the unit sent a new package since, with that review carried over to it.
        let copy = crate::package::workspace::current_copy(path)
            .or_else(|| crate::package::workspace::earlier_copy(path));
        if let Some(copy) = copy {
            let at = p.manifest.created_at.clone();
            crate::package::workspace::lay_review_over(&mut p.opened, &copy, catalog, &at);
        }
        Ok(Opened {
            sheet: p.opened,
            package: Some(PackageFacts {
                created_at: p.manifest.created_at,
                problems: p.problems,
            }),
        })
    } else {
        Ok(Opened {
            sheet: open_sheet(path, catalog)?,
            package: None,
        })
    }
}

/// Opens one file; a bug met while opening it becomes that file's error.
fn open_guarded(path: &Path, catalog: &Catalog) -> Result<Opened, SheetError> {
    crate::guard::catch(|| open_one(path, catalog)).unwrap_or_else(|message| {
        Err(SheetError::Internal {
            path: path.display().to_string(),
            message,
        })
    })
}

/// One file as the comparison opens it, whole (nothing slimmed away: what the unit entered
/// is read too), with the office's review of a package laid over it.
pub fn open_whole(path: &Path, catalog: &Catalog) -> Result<Opened, SheetError> {
    open_guarded(path, catalog)
}

/// Opens every file, on all cores (a thousand files are read and recomputed in parallel).
pub fn open_all(
    files: &[PathBuf],
    catalog: &Catalog,
) -> Vec<(PathBuf, Result<Opened, SheetError>)> {
    open_all_with(files, catalog, &Progress::new())
}

/// `open_all`, each file opened counted in `progress`; after a cancel the files not yet
/// opened are left out (the caller, seeing the cancel, keeps nothing of it).
pub fn open_all_with(
    files: &[PathBuf],
    catalog: &Catalog,
    progress: &Progress,
) -> Vec<(PathBuf, Result<Opened, SheetError>)> {
    progress.begin_files("正在读取考评表", files.len() as u64);
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(files.len().max(1));
    let chunk = files.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .take_while(|_| !progress.cancelled())
                        .map(|p| {
                            let mut opened = open_guarded(p, catalog);
                            if let Ok(o) = &mut opened {
                                slim(&mut o.sheet);
                            }
                            progress.advance(1);
                            (p.clone(), opened)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        // Each file is opened under `guard::catch`, so a worker cannot end in a panic; were
        // one to, its files are simply missing rather than the whole comparison lost.
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

/// Drops from an opened sheet what no comparison reads — every problem's words, the rules'
/// remarks, the explanation lines but a manual score's reason — so 5,000 sheets held at once
/// cost a fraction of their full reports.
fn slim(o: &mut OpenedSheet) {
    use crate::scoring::ExplanationKind;
    o.report.problems = Vec::new();
    for item in &mut o.report.items {
        item.problems = Vec::new();
        item.rule_notes = Vec::new();
        item.explanations
            .retain(|e| e.kind == ExplanationKind::Manual);
        item.explanations.shrink_to_fit();
        // Only the rules that took points (or gave fewer) explain a loss.
        item.rules.retain(|r| match &r.outcome {
            crate::scoring::RuleOutcome::Done(crate::scoring::Effect::Deduct(d)) => !d.is_zero(),
            crate::scoring::RuleOutcome::Done(crate::scoring::Effect::Award(_)) => true,
            _ => false,
        });
        item.rules.shrink_to_fit();
        for rule in &mut item.rules {
            rule.label = String::new();
        }
    }
    // The carried ruleset's text was read when the sheet was opened (`ruleset` holds it); the
    // facts were scored; the stored scores were compared. The notes, the review and the
    // attachments' counts are what the comparison goes on reading.
    o.sheet.ruleset_text = None;
    o.sheet.computed = None;
    for entry in o.sheet.items.values_mut() {
        entry.facts = Default::default();
        entry.confirmed = Default::default();
        if let Some(manual) = &mut entry.manual {
            manual.reason = String::new();
        }
    }
}

/// The unit a file that cannot be opened names, when its `unit: Some("…")` line is intact
/// (a truncated or damaged sheet); only an id of `ruleset` counts.
pub(super) fn sniff_unit(path: &Path, ruleset: &crate::catalog::LoadedRuleset) -> Option<String> {
    if crate::package::is_package(path) {
        return None;
    }
    let bytes = crate::fsio::read_limited(path, crate::fsio::MAX_FILE_BYTES).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let rest = text.split("unit: Some(\"").nth(1)?;
    let id = rest.split('"').next()?;
    ruleset.ruleset.unit(id).map(|u| u.id.clone())
}
