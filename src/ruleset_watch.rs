//! A ruleset file its author is editing, for the live preview: read and checked, re-read the
//! moment the file changes on disk (any editor, any way of saving: the folder is watched, so a
//! save that writes a new file and renames it over the old one is seen too), and a sheet on it
//! blank or filled by `sample` to see the scores. No window code: the window only asks `poll`.

use crate::catalog::{LoadedRuleset, RulesetLoadError, load_ruleset_file};
use crate::ruleset_check::Severity;
use crate::scoring::SheetReport;
use crate::sheet::Sheet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

/// One line of what the check found, for the list beside the preview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckLine {
    pub error: bool,
    pub line: Option<usize>,
    pub text: String,
}

impl CheckLine {
    /// The check's findings of a ruleset that reads, errors first.
    pub fn of_findings(loaded: &LoadedRuleset) -> Vec<CheckLine> {
        let mut lines: Vec<CheckLine> = loaded
            .findings
            .iter()
            .map(|f| CheckLine {
                error: f.severity == Severity::Error,
                line: f.line,
                text: f.to_string(),
            })
            .collect();
        lines.sort_by_key(|l| !l.error);
        let more = lines.len().saturating_sub(crate::catalog::MAX_SHOWN * 4);
        lines.truncate(crate::catalog::MAX_SHOWN * 4);
        if more > 0 {
            lines.push(CheckLine {
                error: false,
                line: None,
                text: format!("……另有{more}处未列出"),
            });
        }
        lines
    }

    /// Why a ruleset file could not be read: each error found, with its line and column.
    pub fn of_load_error(e: &RulesetLoadError) -> Vec<CheckLine> {
        match e {
            RulesetLoadError::Parse(errors) => errors
                .iter()
                .map(|e| CheckLine {
                    error: true,
                    line: Some(e.line),
                    text: format!("错误：第{}行第{}列：{}", e.line, e.column, e.message),
                })
                .collect(),
            RulesetLoadError::Cells {
                errors, findings, ..
            } => errors
                .iter()
                .map(|e| CheckLine {
                    error: true,
                    line: None,
                    text: format!("错误：{e}"),
                })
                .chain(findings.iter().map(|f| CheckLine {
                    error: f.severity == crate::ruleset_check::Severity::Error,
                    line: None,
                    text: f.to_string(),
                }))
                .collect(),
            other => vec![CheckLine {
                error: true,
                line: None,
                text: other.to_string(),
            }],
        }
    }
}

/// The watched file and what reading it last gave.
pub struct WatchedRuleset {
    pub path: PathBuf,
    /// The last reading that could be used; kept while the file has errors, so the author
    /// still sees the sheet (said as such).
    pub last_good: Option<Arc<LoadedRuleset>>,
    /// Whether the file as it is now is the one `last_good` shows.
    pub current_is_good: bool,
    /// Errors and warnings of the file as it is now, each with its line.
    pub lines: Vec<CheckLine>,
    /// How many times the file was read (1 after opening).
    pub readings: u32,
    /// When a watch on the folder could not start: the preview then looks at the file's time
    /// and size whenever it is asked.
    pub watch_failed: Option<String>,
    changed: Arc<AtomicBool>,
    stamp: Option<(SystemTime, u64)>,
    /// Since when the file could not be read in a way a save in progress explains (Excel
    /// writing it, or holding it): read again shortly, said as waiting, not as an error.
    waiting_since: Option<Instant>,
    last_try: Option<Instant>,
    _watcher: Option<notify::RecommendedWatcher>,
}

/// How long a file that cannot be read is taken for one being saved before it is an error.
const MID_SAVE_PATIENCE: Duration = Duration::from_secs(10);
/// How often such a file is tried again.
const RETRY_EVERY: Duration = Duration::from_millis(500);

impl WatchedRuleset {
    /// Reads `path` and watches it. `on_change` is called from the watching thread when the
    /// file changes (the window asks for a frame there).
    pub fn open(path: &Path, on_change: impl Fn() + Send + Sync + 'static) -> WatchedRuleset {
        let changed = Arc::new(AtomicBool::new(false));
        let (watcher, watch_failed) = match watch(path, changed.clone(), on_change) {
            Ok(w) => (Some(w), None),
            Err(e) => (None, Some(e)),
        };
        let mut w = WatchedRuleset {
            path: path.to_path_buf(),
            last_good: None,
            current_is_good: false,
            lines: Vec::new(),
            readings: 0,
            watch_failed,
            changed,
            stamp: None,
            waiting_since: None,
            last_try: None,
            _watcher: watcher,
        };
        w.reload();
        w
    }

    /// Reads the file again now.
    pub fn reload(&mut self) {
        self.stamp = stamp(&self.path);
        self.last_try = Some(Instant::now());
        let read = load_ruleset_file(&self.path);
        if let Err(e) = &read
            && e.may_be_mid_save()
            && self
                .waiting_since
                .is_none_or(|since| since.elapsed() < MID_SAVE_PATIENCE)
        {
            self.waiting_since.get_or_insert_with(Instant::now);
            self.lines = vec![CheckLine {
                error: false,
                line: None,
                text: "文件正在保存，或被其他程序（如 Excel、WPS）占用：稍后自动再读".into(),
            }];
            return;
        }
        self.waiting_since = None;
        self.readings += 1;
        self.lines.clear();
        match read {
            Ok(loaded) => {
                self.lines = CheckLine::of_findings(&loaded);
                self.current_is_good = !loaded.has_errors();
                if self.current_is_good {
                    self.last_good = Some(Arc::new(loaded));
                }
            }
            Err(e) => {
                self.current_is_good = false;
                self.lines = CheckLine::of_load_error(&e);
            }
        }
    }

    /// Re-reads the file when it changed since the last reading; true when it did.
    pub fn poll(&mut self) -> bool {
        let told = self.changed.swap(false, Ordering::AcqRel);
        // Without a watch, or when the watch said nothing, the file's time and size decide.
        let moved = stamp(&self.path) != self.stamp;
        let retry = self.waiting() && self.last_try.is_none_or(|t| t.elapsed() >= RETRY_EVERY);
        if told || moved || retry {
            self.reload();
            true
        } else {
            false
        }
    }

    /// The file could not be read just now as if it were being saved: it is tried again.
    pub fn waiting(&self) -> bool {
        self.waiting_since.is_some()
    }

    pub fn errors(&self) -> usize {
        self.lines.iter().filter(|l| l.error).count()
    }

    pub fn warnings(&self) -> usize {
        self.lines.iter().filter(|l| !l.error).count()
    }

    /// A sheet on the last good reading, blank or filled by `sample` (the same seed gives
    /// the same figures, so a changed rule shows as a changed score), with its report.
    pub fn sheet(&self, filled: bool) -> Option<(Arc<LoadedRuleset>, Sheet, SheetReport)> {
        let loaded = self.last_good.clone()?;
        let sheet = if filled {
            crate::sample::filled_sheet(&loaded, 1)
        } else {
            Sheet::new(&loaded, None)
        };
        let report = sheet.evaluate(&loaded);
        Some((loaded, sheet, report))
    }
}

fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// Watches the file's folder (not the file: an editor that saves by renaming a new file over
/// it would end a watch on the file itself) and flags changes to this file's name.
fn watch(
    path: &Path,
    changed: Arc<AtomicBool>,
    on_change: impl Fn() + Send + Sync + 'static,
) -> Result<notify::RecommendedWatcher, String> {
    use notify::Watcher;
    let name = path.file_name().map(|n| n.to_os_string());
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        if event.kind.is_access() {
            return;
        }
        if event.paths.iter().any(|p| p.file_name() == name.as_deref()) {
            changed.store(true, Ordering::Release);
            on_change();
        }
    })
    .map_err(|e| format!("无法监视文件的改动（{e}），改为每秒查看一次"))?;
    watcher
        .watch(&folder, notify::RecursiveMode::NonRecursive)
        .map_err(|e| {
            format!(
                "无法监视文件夹“{}”（{e}），改为每秒查看一次",
                folder.display()
            )
        })?;
    Ok(watcher)
}
