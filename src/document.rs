//! The open document and its lifecycle, without a window: the sheet with its ruleset and
//! file, whether it is saved, the mode it is edited in (填报 / 审核), open / save / save-as,
//! the unsaved-changes question as a small state machine, crash-recovery drafts and the
//! review's state changes. The window (`src/ui/`) draws it and maps commands to these calls;
//! everything here is tested without one.

use crate::catalog::{Catalog, LoadedRuleset, default_ruleset};
use crate::recovery::RecoveryStore;
use crate::scoring::{Problem, ProblemKind, SheetReport};
use crate::sheet::{FILE_EXTENSION, Sheet, open_sheet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod beside;
mod drafts;
mod edit;
mod edits;
mod error;
mod history;
mod ledger;
mod review;
mod save;

pub use edit::{Applied, Edit};
pub use error::{NeedsFile, SessionError};
pub use history::Undone;
pub use ledger::EntryDraft;

/// Unsaved work is written to the recovery draft at least this often…
pub const AUTOSAVE_EVERY: Duration = Duration::from_secs(30);
/// …and this long after a change (so a burst of typing is one write, not one per key).
pub const AUTOSAVE_AFTER_CHANGE: Duration = Duration::from_secs(2);

/// Who is using the program: a county office filling in its own sheet, or the municipal
/// office reviewing one (the unit's entries read-only, 考核得分 editable). A save in each
/// mode writes only that mode's part of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Fill,
    Review,
}

impl Mode {
    pub fn label(self) -> &'static str {
        match self {
            Mode::Fill => "填报模式",
            Mode::Review => "审核模式",
        }
    }
    /// How the mode is remembered between starts.
    pub fn storage_key(self) -> &'static str {
        match self {
            Mode::Fill => "fill",
            Mode::Review => "review",
        }
    }
}

/// The sheet being edited, with where it lives on disk. Private to the session: it is read
/// through `Session::sheet` and changed only through the session's named edits, each of
/// which recomputes the report and counts a revision.
struct Document {
    sheet: Sheet,
    ruleset: Arc<LoadedRuleset>,
    path: Option<PathBuf>,
}

/// What to do once the unsaved-changes question is answered (or at once, with nothing
/// unsaved).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    New,
    /// A new sheet on the known ruleset with this SHA-256 (chosen, or just opened).
    NewOn(String),
    /// Open this file, or ask which (`None`).
    Open(Option<PathBuf>),
    Close,
    /// Switch 填报/审核: a save in one mode writes only its own part, so unsaved work of the
    /// other is saved or dropped first.
    SwitchMode(Mode),
    /// Print (打印…), which prints the file on disk: waits for a sheet never saved to be.
    Print,
}

/// The unsaved-changes guard: go ahead, or ask 保存 / 不保存 / 取消 first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Guard {
    Proceed(Pending),
    Ask(Pending),
}

/// What the user answered to the unsaved-changes question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnsavedAnswer {
    Save,
    Discard,
    Cancel,
}

/// What follows an answer: what the window must do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterAnswer {
    /// Save (asking where if the sheet has no file yet), then do the pending action.
    SaveThen(Pending),
    /// The changes were dropped: do the pending action.
    Proceed(Pending),
    Nothing,
}

/// Opening went well; these are worth telling the user (edited scores, another ruleset text).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Opened {
    /// What is wrong or doubtful about the file: said in a dialog.
    pub notes: Vec<String>,
    /// What is worth a line in the status bar (a package's review copy opened again).
    pub info: Vec<String>,
    /// A unit's resend: what it changed, item by item, and what was kept.
    pub resend: Option<String>,
    /// A 提交包 was opened: the folder it was unpacked into.
    pub unpacked_to: Option<PathBuf>,
}

/// The open document with everything computed from it, and where its drafts go.
pub struct Session {
    doc: Document,
    report: SheetReport,
    mode: Mode,
    /// What keeps the review from being finished (review mode only).
    review_problems: Vec<Problem>,
    /// The sheet's content fingerprint (what its printed pages carry), kept current by
    /// every change rather than recomputed by every frame that shows it.
    content_fingerprint: String,
    /// Counts the edits made to this document; `saved_revision` is the one on disk (None:
    /// what is shown was never saved as it is, e.g. a restored draft), so whether there is
    /// unsaved work is derived, never a flag to remember to set.
    revision: u64,
    saved_revision: Option<u64>,
    /// Revisions are never reused (an undo goes back to an earlier one; the next edit gets a
    /// new one), so 已保存 is only ever said of what is on disk.
    next_revision: u64,
    /// The sheet as of the last edit, undo or save: what the next edit's undo step goes
    /// back to.
    shadow: Sheet,
    history: history::History,
    recovery: Option<RecoveryStore>,
    last_autosave: Option<Instant>,
    changed_at: Option<Instant>,
    /// 佐证材料 and scans taken off this sheet since it was opened: the only files a save may
    /// delete (to the trash), see `evidence::discard_removed`.
    removed: Vec<crate::evidence::Removed>,
    /// SHA-256 of the sheet file as this session last read or wrote it: a save over the file
    /// asks first when another window or program saved it since (two windows on one sheet,
    /// the last save would otherwise drop the other's work without a word).
    disk_sha256: Option<String>,
    /// When the unit submitted the open sheet: its package's time (empty for a bare sheet,
    /// whose own save time is its submission). Recorded at the first review save.
    submitted_at: String,
    /// 审核人: whose name a 考核得分 given here is recorded under (review mode).
    reviewer: String,
}

/// What the office is told when it opens a unit's resend: what changed, item by item, and
/// what was kept.
fn resend_note(
    changes: &crate::sheet::SheetChanges,
    sheet: &Sheet,
    loaded: &crate::catalog::LoadedRuleset,
    saved: bool,
) -> String {
    let kept = sheet
        .items
        .values()
        .filter(|e| e.reviewed.is_some())
        .count();
    let mut note = if changes.is_empty() {
        "单位重新提交了提交包，内容与上一版相同：".to_string()
    } else {
        format!(
            "单位重新提交了提交包，改了{}项（{}），这些项原有的考核得分已去掉，标为需重审：",
            changes.items.len(),
            crate::sheet::changes::items_in_short(loaded, &changes.item_ids())
        )
    };
    for line in changes.lines() {
        note.push_str(&format!("\n{line}"));
    }
    note.push_str(&format!(
        "\n其余{kept}项沿用上一版的考核得分和考核意见{}。",
        if saved {
            "（已记入审核副本，上一版及其审核另存在旁边的“上一版”文件夹）"
        } else {
            "（尚未保存；不要就选“不保存”）"
        }
    ));
    note
}

impl Session {
    /// A new, empty sheet on the default ruleset. `recovery` is where drafts go (None: off).
    pub fn new(recovery: Option<RecoveryStore>) -> Self {
        let ruleset = default_ruleset();
        let sheet = Sheet::new(&ruleset, None);
        let report = sheet.evaluate(&ruleset);
        let content_fingerprint = sheet.content_fingerprint();
        Session {
            shadow: sheet.clone(),
            history: history::History::default(),
            next_revision: 0,
            doc: Document {
                sheet,
                ruleset,
                path: None,
            },
            report,
            revision: 0,
            saved_revision: Some(0),
            mode: Mode::Fill,
            review_problems: Vec::new(),
            content_fingerprint,
            recovery,
            last_autosave: None,
            changed_at: None,
            removed: Vec::new(),
            disk_sha256: None,
            submitted_at: String::new(),
            reviewer: String::new(),
        }
    }

    pub fn ruleset(&self) -> &LoadedRuleset {
        &self.doc.ruleset
    }

    /// The ruleset, shared (to start a new sheet on it, or hold it past a borrow).
    pub fn shared_ruleset(&self) -> Arc<LoadedRuleset> {
        self.doc.ruleset.clone()
    }

    /// The sheet as it stands (read-only: changes go through the named edits).
    pub fn sheet(&self) -> &Sheet {
        &self.doc.sheet
    }

    /// The file the sheet was opened from or last saved to.
    pub fn path(&self) -> Option<&Path> {
        self.doc.path.as_deref()
    }

    /// The sheet scored, with every problem (fill mode: required 佐证材料 too).
    pub fn report(&self) -> &SheetReport {
        &self.report
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// What keeps the review from being finished (review mode only).
    pub fn review_problems(&self) -> &[Problem] {
        &self.review_problems
    }

    /// The content fingerprint printed on the sheet's pages.
    pub fn content_fingerprint(&self) -> &str {
        &self.content_fingerprint
    }

    /// Whether there is work not on disk.
    pub fn is_modified(&self) -> bool {
        self.saved_revision != Some(self.revision)
    }

    /// Counts edits: a view compares it with the one it last drew from.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// After every edit of the sheet: recompute, count the revision, schedule the draft.
    fn edited(&mut self) {
        let before = self.revision;
        self.recompute();
        self.revision = self.new_revision();
        self.changed_at = Some(Instant::now());
        self.remember(before);
    }

    fn new_revision(&mut self) -> u64 {
        self.next_revision = self.next_revision.wrapping_add(1);
        self.next_revision
    }

    /// What is shown is what is on disk now.
    fn mark_saved(&mut self) {
        self.saved_revision = Some(self.revision);
        // A save may stamp the sheet (when, by which program): the next step starts here.
        self.shadow = self.doc.sheet.clone();
        self.seal_undo_step();
    }

    fn recompute(&mut self) {
        let report = self.doc.sheet.evaluate(&self.doc.ruleset);
        self.settle(report);
    }

    /// What follows from the sheet's scores: its fingerprint, the required 佐证材料 and, in
    /// review mode, the review's problems. `report` is `evaluate` of the sheet as it is.
    fn settle(&mut self, report: SheetReport) {
        self.report = report;
        self.content_fingerprint = self.doc.sheet.content_fingerprint();
        // Required 佐证材料 not attached yet: a warning in the problems list (never an error:
        // the sheet can still be printed and sent).
        if self.mode == Mode::Fill {
            self.report
                .problems
                .extend(crate::evidence::required_problems(
                    &self.doc.sheet,
                    &self.doc.ruleset,
                ));
        }
        self.review_problems = match self.mode {
            Mode::Review => self
                .doc
                .sheet
                .review_problems(&self.doc.ruleset, &self.report),
            Mode::Fill => Vec::new(),
        };
    }

    /// Switches between filling in and reviewing; the document stays as it is (callers ask
    /// about unsaved changes first, see `guard`).
    pub fn set_mode(&mut self, mode: Mode) {
        self.mode = mode;
        self.recompute();
    }

    /// Shows another document; `on_disk` says whether it is exactly what its file holds.
    fn replace(&mut self, doc: Document, on_disk: bool) {
        let report = doc.sheet.evaluate(&doc.ruleset);
        self.replace_scored(doc, report, on_disk);
    }

    /// `replace` when the sheet was just scored (opening a file scores it to compare with
    /// what the file says): it is not scored a second time.
    fn replace_scored(&mut self, doc: Document, report: SheetReport, on_disk: bool) {
        self.doc = doc;
        self.settle(report);
        self.revision = self.new_revision();
        self.saved_revision = on_disk.then_some(self.revision);
        // Another document: nothing of the last one can be undone into it.
        self.history.clear();
        self.shadow = self.doc.sheet.clone();
        self.changed_at = None;
        self.removed.clear();
        self.disk_sha256 = self.doc.path.as_deref().and_then(save::sha256_of_file);
        self.submitted_at.clear();
    }

    /// The unsaved-changes guard for `then`.
    pub fn guard(&self, then: Pending) -> Guard {
        if self.is_modified() {
            Guard::Ask(then)
        } else {
            Guard::Proceed(then)
        }
    }

    /// Applies the answer to the unsaved-changes question about `then`. 不保存 before a
    /// mode switch drops the changes: the sheet goes back to what is on disk.
    pub fn answer(
        &mut self,
        then: Pending,
        answer: UnsavedAnswer,
        catalog: &Catalog,
    ) -> AfterAnswer {
        match answer {
            UnsavedAnswer::Cancel => AfterAnswer::Nothing,
            UnsavedAnswer::Save => AfterAnswer::SaveThen(then),
            UnsavedAnswer::Discard => {
                if matches!(then, Pending::SwitchMode(_)) {
                    match self.doc.path.clone() {
                        Some(path) if self.open(&path, catalog).is_ok() => {}
                        _ => self.new_document(),
                    }
                }
                self.mark_saved();
                if then == Pending::Close {
                    self.clear_drafts();
                }
                AfterAnswer::Proceed(then)
            }
        }
    }

    /// A document shown, not kept: the ruleset preview's sheet (no file, no drafts).
    pub fn shown(loaded: Arc<LoadedRuleset>, sheet: Sheet) -> Session {
        let mut s = Session::new(None);
        s.replace(
            Document {
                sheet,
                ruleset: loaded,
                path: None,
            },
            true,
        );
        s
    }

    /// A new, empty sheet on the default ruleset; the previous draft is no longer needed.
    pub fn new_document(&mut self) {
        self.new_document_on(default_ruleset());
    }

    /// A new, empty sheet on `ruleset` (one opened from a file, or carried by a sheet).
    pub fn new_document_on(&mut self, ruleset: Arc<LoadedRuleset>) {
        let sheet = Sheet::new(&ruleset, None);
        self.replace(
            Document {
                sheet,
                ruleset,
                path: None,
            },
            true,
        );
        self.clear_drafts();
    }

    /// Opens a sheet file. On failure the current document is untouched and the message
    /// (Chinese, saying what and where) is returned.
    pub fn open(&mut self, path: &Path, catalog: &Catalog) -> Result<Opened, SessionError> {
        // A 提交包 is unpacked beside itself and its sheet opened there, with its evidence.
        let mut notes: Vec<String> = Vec::new();
        let mut info: Vec<String> = Vec::new();
        let mut resend = None;
        let mut unpacked_to = None;
        let mut path = path.to_path_buf();
        let mut earlier_review = None;
        let mut carried_in_copy = None;
        let mut submitted_at = String::new();
        if crate::package::is_package(&path) {
            let copy = crate::package::workspace::open_for_review(&path, catalog)?;
            if !copy.problems.is_empty() {
                notes.push(format!(
                    "提交包与其清单不符（文件可能被改动过）：\n{}",
                    copy.problems.join("\n")
                ));
            }
            info.extend(copy.notes);
            unpacked_to = copy.sheet_path.parent().map(Path::to_path_buf);
            earlier_review = copy.earlier_review;
            carried_in_copy = copy.resend;
            submitted_at = copy.submitted_at;
            path = copy.sheet_path;
        }
        let path = path.as_path();
        let opened = open_sheet(path, catalog)?;
        notes.extend(opened.notices.clone());
        let missing = crate::evidence::check_files(&opened.sheet, &opened.ruleset, path);
        if !missing.is_empty() {
            notes.push(format!("佐证材料有问题：\n{}", missing.join("\n")));
        }
        if !opened.discrepancies.is_empty() {
            notes.push(format!(
                "文件中的得分与规则不符（文件可能被改动过），已按规则重新核算：\n{}",
                opened.discrepancies.join("\n")
            ));
        }
        let mut sheet = opened.sheet;
        if let Some(changes) = &carried_in_copy {
            resend = Some(resend_note(changes, &sheet, &opened.ruleset, true));
        }
        // A new package from the unit: the 考核得分 of items it did not change come along;
        // the items it changed lose theirs and are 需重审 (unsaved, so 不保存 drops all
        // this; the earlier review stays in its folder anyway).
        let mut carried = false;
        if let Some(earlier) = earlier_review
            .as_deref()
            .and_then(|p| open_sheet(p, catalog).ok())
        {
            let resent_at = if submitted_at.is_empty() {
                sheet.saved_at.clone()
            } else {
                submitted_at.clone()
            };
            if let Some(changes) =
                crate::sheet::carry_review(&mut sheet, &earlier.sheet, &opened.ruleset, &resent_at)
            {
                carried = true;
                resend = Some(resend_note(&changes, &sheet, &opened.ruleset, false));
            }
        }
        let doc = Document {
            sheet,
            ruleset: opened.ruleset,
            path: Some(path.to_path_buf()),
        };
        if carried {
            self.replace(doc, false);
            self.changed_at = Some(Instant::now());
        } else {
            // The sheet is as opened: the report open_sheet made is its report.
            self.replace_scored(doc, opened.report, true);
        }
        self.submitted_at = submitted_at;
        self.clear_drafts();
        Ok(Opened {
            notes,
            info,
            resend,
            unpacked_to,
        })
    }

    /// The file name shown in the title: the file's, or what a new sheet will be called.
    pub fn file_name(&self) -> String {
        match &self.doc.path {
            Some(p) => p
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default(),
            // A sheet never saved is named by its unit once it has one.
            None => match self.doc.sheet.unit_name(&self.doc.ruleset) {
                Some(_) => format!(
                    "{}（未保存）",
                    self.doc.sheet.default_file_stem(&self.doc.ruleset)
                ),
                None => "新考评表（未保存）".into(),
            },
        }
    }

    /// The name a save dialog suggests: 平江县妇联-2015年度绩效考核自评.kaoping (a review
    /// is marked （审核）).
    pub fn suggested_file_name(&self) -> String {
        let mut stem = self.doc.sheet.default_file_stem(&self.doc.ruleset);
        if self.mode == Mode::Review {
            stem.push_str("（审核）");
        }
        format!("{stem}.{FILE_EXTENSION}")
    }

    /// Problems of a kind in the sheet and, in review mode, in the review.
    pub fn problem_count(&self, kind: ProblemKind) -> usize {
        self.report.count(kind)
            + self
                .review_problems
                .iter()
                .filter(|p| p.kind == kind)
                .count()
    }

    /// Answers a warning's question (`Question::key`) 确认无误 (`true`) or takes the answer
    /// back. Answers to questions the item no longer asks are dropped at the same time.
    pub fn confirm(&mut self, item_id: &str, key: &str, confirmed: bool) {
        let asked: Vec<String> = self
            .report
            .problems
            .iter()
            .filter(|p| p.item.as_deref() == Some(item_id))
            .filter_map(|p| p.question.as_ref().map(|q| q.key.clone()))
            .collect();
        let entry = self.doc.sheet.items.entry(item_id.to_string()).or_default();
        entry.confirmed.retain(|k| asked.contains(k));
        if confirmed {
            entry.confirmed.insert(key.to_string());
        } else {
            entry.confirmed.remove(key);
        }
        self.edited();
    }

    /// The warnings still waiting for the clerk's answer (fill mode: the report holds the
    /// required 佐证材料 too).
    pub fn open_questions(&self) -> Vec<&Problem> {
        self.report.open_questions().collect()
    }
}

/// A save that went well.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// SHA-256 of the file's bytes (文件校验值; not the 内容指纹 printed on the pages).
    pub file_sha256: String,
    /// Another sheet was replaced: where its 佐证材料 folder went.
    pub evidence_set_aside: Option<PathBuf>,
    /// Files taken off the sheet that could not be moved to the trash (they stay).
    pub not_trashed: Vec<String>,
}

/// A PDF written by `print_beside`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printed {
    pub path: PathBuf,
    pub pages: usize,
    pub draft: bool,
}

#[cfg(test)]
mod tests;
