//! The window: a thin layer over the core. It holds one document (a sheet with its ruleset
//! and file), recomputes the whole report after every change (≈0.1 ms), and draws the
//! paper form as a grid, the calculator of the selected item, the header and the totals.
//! Nothing here computes a score.

mod calculator;
pub mod commands;
mod comparison;
pub mod fonts;
mod grid;
mod header;
mod review;
mod status;
mod widgets;

use crate::catalog::{Catalog, LoadedRuleset, default_ruleset};
use crate::recovery::{Draft, RecoveryStore};
use crate::scoring::{Problem, ProblemKind, SheetReport};
use crate::sheet::{FILE_EXTENSION, Sheet, open_sheet, open_sheet_text};
use commands::Command;
pub use comparison::Comparison;
use egui::{Color32, RichText};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// For how many frames at most a newly selected row is scrolled into view (it stops as soon
/// as the row is wholly visible; the layout can change for a frame or two after a resize).
const SCROLL_FRAMES: u8 = 12;

/// Unsaved work is written to the recovery draft at least this often…
const AUTOSAVE_EVERY: Duration = Duration::from_secs(30);
/// …and this long after a change (so a burst of typing is one write, not one per key).
const AUTOSAVE_AFTER_CHANGE: Duration = Duration::from_secs(2);

pub const ERROR_RED: Color32 = Color32::from_rgb(200, 30, 30);
pub const WARNING_ORANGE: Color32 = Color32::from_rgb(200, 110, 0);
pub const DONE_GREEN: Color32 = Color32::from_rgb(20, 130, 60);
/// The municipal office's colour: review mode, 考核得分 and their differences.
pub const REVIEW_BLUE: Color32 = Color32::from_rgb(30, 80, 170);

/// Who is using the program: a county office filling in its own sheet, or the municipal
/// office reviewing one (the unit's entries read-only, 考核得分 editable).
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
    fn storage_key(self) -> &'static str {
        match self {
            Mode::Fill => "fill",
            Mode::Review => "review",
        }
    }
}

/// What the central area shows: the sheet, or the comparison of many sheets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Sheet,
    Comparison,
}

/// The sheet being edited, with where it lives on disk.
pub struct Document {
    pub sheet: Sheet,
    pub ruleset: Arc<LoadedRuleset>,
    pub path: Option<PathBuf>,
    pub dirty: bool,
}

/// What to do once the user has answered 保存 / 不保存 / 取消.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    New,
    Open(Option<PathBuf>),
    Close,
    /// Switch 填报/审核: a save in one mode writes only its own part, so unsaved work of the
    /// other is saved or dropped first.
    SwitchMode(Mode),
}

/// A modal dialog; only one at a time.
#[derive(Debug, Clone)]
pub enum Dialog {
    Message {
        title: String,
        body: String,
    },
    Unsaved(Pending),
    Restore {
        path: PathBuf,
        draft: Draft,
    },
    /// The sheet has unfilled items or errors: print it marked 草稿?
    ConfirmDraft {
        unfilled: usize,
        errors: usize,
    },
    /// Where to save, asked in the window itself when no system dialog can appear.
    SavePath {
        folder: String,
        name: String,
        /// The file name takes the keyboard when the dialog opens (once).
        focus_name: bool,
        /// What to do once saved (after 保存 in the unsaved-changes question).
        then: Option<Pending>,
    },
}

pub struct KaopingApp {
    pub doc: Document,
    pub report: SheetReport,
    pub mode: Mode,
    pub view: View,
    /// What keeps the review from being finished (review mode only).
    pub review_problems: Vec<Problem>,
    /// The files being compared, once any were added.
    pub comparison: Option<Comparison>,
    catalog: Catalog,
    /// Index of the selected item in ruleset order (0..44).
    pub selected: usize,
    /// Text being typed in numeric inputs, by input key; the fact is derived from it.
    buffers: HashMap<String, String>,
    pub dialog: Option<Dialog>,
    pub problems_open: bool,
    /// The last thing done, shown in the status bar.
    pub status: String,
    recovery: Option<RecoveryStore>,
    last_autosave: Option<Instant>,
    changed_at: Option<Instant>,
    /// Frames left in which the grid brings the selected row into view. More than one: a
    /// change of layout (the calculator's width, a resize) can undo a single scroll.
    scroll_to_selected: u8,
    shown_title: String,
    allow_close: bool,
    /// Open the PDF in the system viewer after printing (tests turn this off).
    pub open_after_print: bool,
    /// The last PDF written.
    pub last_pdf: Option<PathBuf>,
    /// Put the keyboard in the calculator's first input on the next frame (after a row was
    /// chosen with the keyboard), so a whole sheet can be filled without the mouse.
    pub focus_calculator: bool,
    /// The multi-line note field, where ↑/↓ move between lines instead of rows.
    pub note_field: Option<egui::Id>,
    /// What is typed in the 填报单位 field while it has the keyboard.
    unit_query: String,
    /// The 填报单位 field lists every unit (a new sheet, or ↓ pressed) rather than matches.
    unit_list_all: bool,
    /// Put the keyboard in 填报单位 on the next frame (a new sheet starts there).
    pub focus_unit_picker: bool,
    /// Put the keyboard in the first figure (乡镇数) on the next frame (after Tab took a unit).
    focus_first_figure: bool,
    /// The comparison's own messages, shown under the comparison only.
    pub comparison_status: String,
    /// The window's size last frame: a resize scrolls the selected row back into view.
    last_size: Option<egui::Vec2>,
    /// The zoom factor last frame, saved in eframe storage.
    pub zoom: f32,
    /// A system file dialog can appear; if not, the window asks for the path itself.
    pub native_dialogs: bool,
}

impl KaopingApp {
    /// A new, empty sheet on the default ruleset. `recovery` is where drafts go (None: off).
    pub fn new(recovery: Option<RecoveryStore>) -> Self {
        let ruleset = default_ruleset();
        let sheet = Sheet::new(&ruleset, None);
        let report = sheet.evaluate(&ruleset);
        let mut app = KaopingApp {
            doc: Document {
                sheet,
                ruleset,
                path: None,
                dirty: false,
            },
            report,
            mode: Mode::Fill,
            view: View::Sheet,
            review_problems: Vec::new(),
            comparison: None,
            catalog: Catalog::default(),
            selected: 0,
            buffers: HashMap::new(),
            dialog: None,
            problems_open: false,
            status: String::new(),
            recovery,
            last_autosave: None,
            changed_at: None,
            scroll_to_selected: 0,
            shown_title: String::new(),
            allow_close: false,
            open_after_print: true,
            last_pdf: None,
            focus_calculator: false,
            note_field: None,
            unit_query: String::new(),
            unit_list_all: true,
            focus_unit_picker: true,
            focus_first_figure: false,
            comparison_status: String::new(),
            last_size: None,
            zoom: 1.0,
            native_dialogs: native_dialogs_available(),
        };
        app.offer_next_draft();
        app
    }

    pub fn ruleset(&self) -> &LoadedRuleset {
        &self.doc.ruleset
    }

    /// Call after every change to the sheet: recompute, mark unsaved, schedule the draft.
    pub fn changed(&mut self) {
        self.recompute();
        self.doc.dirty = true;
        self.changed_at = Some(Instant::now());
    }

    fn recompute(&mut self) {
        self.report = self.doc.sheet.evaluate(&self.doc.ruleset);
        self.review_problems = match self.mode {
            Mode::Review => self
                .doc
                .sheet
                .review_problems(&self.doc.ruleset, &self.report),
            Mode::Fill => Vec::new(),
        };
    }

    /// Switches mode from the menu: with unsaved changes it asks 保存 / 不保存 / 取消 first.
    pub fn request_mode(&mut self, mode: Mode) {
        if self.mode != mode {
            self.guard_unsaved(Pending::SwitchMode(mode));
        }
    }

    /// Switches between filling in and reviewing; the document stays as it is.
    pub fn set_mode(&mut self, mode: Mode) {
        if self.mode == mode {
            return;
        }
        self.mode = mode;
        self.buffers.clear();
        self.recompute();
        self.status = match mode {
            Mode::Review => "审核模式：单位填报的内容只读，请逐项填写考核得分".into(),
            Mode::Fill => "填报模式".into(),
        };
    }

    fn replace_document(&mut self, doc: Document) {
        self.doc = doc;
        self.focus_unit_picker = false;
        self.recompute();
        self.buffers.clear();
        self.selected = 0;
        self.changed_at = None;
        self.scroll_to_selected = SCROLL_FRAMES;
    }

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

    pub fn window_title(&self) -> String {
        let what = match self.view {
            View::Comparison => "汇总比较".to_string(),
            View::Sheet => format!(
                "{}{}",
                if self.doc.dirty { "* " } else { "" },
                self.file_name()
            ),
        };
        format!(
            "{what} — 考评【{}】{}",
            self.mode.label(),
            self.doc.ruleset.ruleset.title
        )
    }

    // ------------------------------------------------------------------ commands

    pub fn run_command(&mut self, cmd: Command) {
        // Every command is about the sheet: run from the comparison's menu, it shows it.
        self.view = View::Sheet;
        match cmd {
            Command::New if self.mode == Mode::Review => {
                self.dialog = Some(Dialog::Message {
                    title: "审核模式下不能新建".into(),
                    body: "审核模式用来审核单位报送的考评表：请用“打开”选择单位的文件。要自己填写新表，请先在“模式”菜单中切换到填报模式。".into(),
                });
            }
            Command::New => self.guard_unsaved(Pending::New),
            Command::Open => self.guard_unsaved(Pending::Open(None)),
            Command::Save => {
                self.save();
            }
            Command::SaveAs => {
                self.save_as();
            }
            Command::Print => self.print(),
            Command::PreviousItem => {
                self.select(self.selected.saturating_sub(1));
                self.focus_calculator = true;
            }
            Command::NextItem => {
                self.select((self.selected + 1).min(self.report.items.len() - 1));
                self.focus_calculator = true;
            }
            Command::NextProblem => {
                self.next_problem();
                self.focus_calculator = true;
            }
            Command::ShowProblems => self.problems_open = !self.problems_open,
        }
    }

    pub fn select(&mut self, index: usize) {
        if index < self.report.items.len() {
            self.selected = index;
            self.scroll_to_selected = SCROLL_FRAMES;
        }
    }

    /// Selects the next item (after the selected one, wrapping) that has a problem.
    /// In review mode: the next item without a (valid) 考核得分.
    pub fn next_problem(&mut self) {
        let n = self.report.items.len();
        for step in 1..=n {
            let i = (self.selected + step) % n;
            let item = &self.report.items[i];
            let open = match self.mode {
                Mode::Fill => !item.problems.is_empty(),
                Mode::Review => item.reviewed.is_none(),
            };
            if open {
                self.select(i);
                return;
            }
        }
        self.status = "没有问题了".into();
    }

    /// Runs `then` now if nothing is unsaved, or asks 保存 / 不保存 / 取消 first.
    pub fn guard_unsaved(&mut self, then: Pending) {
        if self.doc.dirty {
            self.dialog = Some(Dialog::Unsaved(then));
        } else {
            self.proceed(then);
        }
    }

    fn proceed(&mut self, then: Pending) {
        match then {
            Pending::New => self.new_document(),
            Pending::Open(Some(path)) => {
                self.open_path(&path);
            }
            Pending::Open(None) => {
                if let Some(path) = rfd::FileDialog::new()
                    .set_title("打开考评表")
                    .add_filter("考评表", &[FILE_EXTENSION])
                    .add_filter("所有文件", &["*"])
                    .pick_file()
                {
                    self.open_path(&path);
                }
            }
            Pending::Close => {
                if let Some(r) = &self.recovery {
                    r.clear();
                }
                self.allow_close = true;
            }
            Pending::SwitchMode(mode) => self.set_mode(mode),
        }
    }

    pub fn new_document(&mut self) {
        let ruleset = default_ruleset();
        let sheet = Sheet::new(&ruleset, None);
        self.replace_document(Document {
            sheet,
            ruleset,
            path: None,
            dirty: false,
        });
        if let Some(r) = &self.recovery {
            r.clear();
        }
        self.status = "已新建考评表".into();
        self.focus_unit_picker = true;
    }

    /// Opens a sheet file. On failure the current work is untouched and the message shown.
    pub fn open_path(&mut self, path: &Path) -> bool {
        match open_sheet(path, &self.catalog) {
            Ok(opened) => {
                let mut notes: Vec<String> = opened.notices.clone();
                if !opened.discrepancies.is_empty() {
                    notes.push(format!(
                        "文件中的得分与规则不符（文件可能被改动过），已按规则重新核算：\n{}",
                        opened.discrepancies.join("\n")
                    ));
                }
                self.replace_document(Document {
                    sheet: opened.sheet,
                    ruleset: opened.ruleset,
                    path: Some(path.to_path_buf()),
                    dirty: false,
                });
                if let Some(r) = &self.recovery {
                    r.clear();
                }
                self.status = format!("已打开 {}", path.display());
                if !notes.is_empty() {
                    self.dialog = Some(Dialog::Message {
                        title: "打开时发现的问题".into(),
                        body: notes.join("\n\n"),
                    });
                }
                true
            }
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "无法打开文件".into(),
                    body: format!("{e}\n\n窗口中正在编辑的内容没有改变。"),
                });
                false
            }
        }
    }

    /// Saves to the current file, or asks where first. Returns whether it was saved.
    pub fn save(&mut self) -> bool {
        self.save_then(None)
    }

    /// Saves, then does `then`. Returns whether it was saved now (false also while the
    /// window's own 保存 dialog is asking where; it does `then` itself).
    fn save_then(&mut self, then: Option<Pending>) -> bool {
        match self.doc.path.clone() {
            Some(p) => {
                let saved = self.save_to(&p);
                if saved && let Some(t) = then {
                    self.proceed(t);
                }
                saved
            }
            None => self.save_as_then(then),
        }
    }

    pub fn save_as(&mut self) -> bool {
        self.save_as_then(None)
    }

    fn save_as_then(&mut self, then: Option<Pending>) -> bool {
        let mut stem = self.doc.sheet.default_file_stem(&self.doc.ruleset);
        if self.mode == Mode::Review {
            stem.push_str("（审核）");
        }
        let name = format!("{stem}.{FILE_EXTENSION}");
        let folder = self
            .doc
            .path
            .as_ref()
            .and_then(|p| p.parent())
            .map(Path::to_path_buf)
            .unwrap_or_else(default_folder);
        if !self.native_dialogs {
            self.dialog = Some(Dialog::SavePath {
                folder: folder.display().to_string(),
                name,
                focus_name: true,
                then,
            });
            return false;
        }
        let dialog = rfd::FileDialog::new()
            .set_title("保存考评表")
            .set_file_name(name)
            .add_filter("考评表", &[FILE_EXTENSION])
            .set_directory(folder);
        match dialog.save_file() {
            Some(mut path) => {
                if path.extension().is_none() {
                    path.set_extension(FILE_EXTENSION);
                }
                let saved = self.save_to(&path);
                if saved && let Some(t) = then {
                    self.proceed(t);
                }
                saved
            }
            None => {
                self.status = "没有选择保存位置，未保存".into();
                false
            }
        }
    }

    /// Saves to `path`. On failure nothing on disk or in the window is lost; the reason shows.
    pub fn save_to(&mut self, path: &Path) -> bool {
        // A review is saved without touching the unit's part (see `Sheet::save_review`).
        let saved = match self.mode {
            Mode::Fill => self.doc.sheet.save(path, &self.doc.ruleset),
            Mode::Review => self.doc.sheet.save_review(path),
        };
        match saved {
            Ok(fingerprint) => {
                self.doc.path = Some(path.to_path_buf());
                self.doc.dirty = false;
                self.changed_at = None;
                if let Some(r) = &self.recovery {
                    r.clear();
                }
                self.status = format!("已保存 {}（指纹 {}）", path.display(), &fingerprint[..8]);
                self.refresh_comparison_of(path);
                true
            }
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "保存失败".into(),
                    body: format!("{e}\n\n窗口中的内容仍然保留，请换一个位置另存。"),
                });
                false
            }
        }
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

    // ------------------------------------------------------------------ print

    /// Print: save first (the page foot carries the saved file's fingerprint), confirm a
    /// draft, then write the PDF beside the sheet and open it.
    pub fn print(&mut self) {
        if (self.doc.dirty || self.doc.path.is_none()) && !self.save() {
            return;
        }
        let unfilled = self.problem_count(ProblemKind::Unfilled);
        let errors = self.problem_count(ProblemKind::Error);
        if !self.report.complete || unfilled + errors > 0 {
            self.dialog = Some(Dialog::ConfirmDraft { unfilled, errors });
            return;
        }
        self.print_now();
    }

    fn print_now(&mut self) {
        let Some(path) = self.doc.path.clone() else {
            return;
        };
        let pdf_path = path.with_extension("pdf");
        // The fingerprint is that of the file as it is on disk.
        let fingerprint = match std::fs::read(&path) {
            Ok(bytes) => crate::catalog::sha256_hex(&bytes),
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "无法打印".into(),
                    body: format!(
                        "无法读取“{}”：{}",
                        path.display(),
                        crate::fsio::io_error_zh(&e)
                    ),
                });
                return;
            }
        };
        match crate::pdf::render_sheet(&self.doc.sheet, &self.doc.ruleset, &fingerprint) {
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "无法打印".into(),
                    body: e.to_string(),
                });
            }
            Ok(pdf) => match crate::fsio::write_atomic(&pdf_path, &pdf.bytes) {
                Err(e) => {
                    self.dialog = Some(Dialog::Message {
                        title: "无法保存 PDF".into(),
                        body: e.to_string(),
                    });
                }
                Ok(()) => {
                    self.status = format!(
                        "已生成 PDF：{}（{}页{}）",
                        pdf_path.display(),
                        pdf.pages,
                        if pdf.draft { "，草稿" } else { "" }
                    );
                    if self.open_after_print
                        && let Err(e) = opener::open(&pdf_path)
                    {
                        self.status =
                            format!("已生成 PDF：{}，但无法打开查看器：{e}", pdf_path.display());
                    }
                    self.last_pdf = Some(pdf_path);
                }
            },
        }
    }

    // ------------------------------------------------------------------ recovery

    fn offer_next_draft(&mut self) {
        if self.dialog.is_some() {
            return;
        }
        if let Some(store) = &self.recovery
            && let Some((path, draft)) = store.leftover().into_iter().next()
        {
            self.dialog = Some(Dialog::Restore { path, draft });
        }
    }

    /// Writes the draft if the sheet has changed and it is due. Returns whether it wrote.
    pub fn autosave_if_due(&mut self, now: Instant) -> bool {
        let (Some(store), Some(changed)) = (&self.recovery, self.changed_at) else {
            return false;
        };
        if !self.doc.dirty {
            return false;
        }
        let due_after_change = now.duration_since(changed) >= AUTOSAVE_AFTER_CHANGE;
        let due_periodic = self
            .last_autosave
            .is_none_or(|t| now.duration_since(t) >= AUTOSAVE_EVERY);
        if !(due_after_change || due_periodic) {
            return false;
        }
        self.write_draft_now(store.clone())
    }

    /// Writes the recovery draft at once (also used on every significant change).
    pub fn write_draft(&mut self) -> bool {
        match self.recovery.clone() {
            Some(store) if self.doc.dirty => self.write_draft_now(store),
            _ => false,
        }
    }

    fn write_draft_now(&mut self, store: RecoveryStore) -> bool {
        let mut copy = self.doc.sheet.clone();
        let now = chrono::Local::now().fixed_offset();
        let draft = Draft {
            written_at: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            file: self.doc.path.clone(),
            unit_name: copy.unit_name(&self.doc.ruleset).map(str::to_string),
            // A review's draft keeps the unit's stamp as it was read.
            sheet_text: match self.mode {
                Mode::Fill => copy.to_file_text(&self.doc.ruleset, now),
                Mode::Review => copy.file_text(),
            },
            review: self.mode == Mode::Review,
        };
        self.last_autosave = Some(Instant::now());
        self.changed_at = None;
        match store.write(&draft) {
            Ok(()) => true,
            Err(e) => {
                self.status = format!("自动保存失败：{e}");
                false
            }
        }
    }

    /// Restores a draft as its own document: the file it belongs to, unsaved.
    pub fn restore_draft(&mut self, path: &Path, draft: &Draft) {
        let source = draft
            .file
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "自动保存的草稿".into());
        match open_sheet_text(&draft.sheet_text, &source, &self.catalog) {
            Ok(opened) => {
                // The draft returns in the mode it was written in.
                self.mode = if draft.review {
                    Mode::Review
                } else {
                    Mode::Fill
                };
                self.replace_document(Document {
                    sheet: opened.sheet,
                    ruleset: opened.ruleset,
                    path: draft.file.clone(),
                    dirty: true,
                });
                self.changed_at = Some(Instant::now());
                let _ = std::fs::remove_file(path);
                self.status = format!("已恢复：{}。请保存。", draft.describe());
            }
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "无法恢复".into(),
                    body: format!("{e}\n\n草稿文件保留在“{}”。", path.display()),
                });
            }
        }
    }

    // ------------------------------------------------------------------ drawing

    /// One frame of the whole window.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        // The window is named by its title for screen readers too.
        let title = self.window_title();
        ctx.accesskit_node_builder(egui::accesskit_root_id(), |node| node.set_label(title));
        // While a menu, a list or a dialog is open, or 填报单位 has the keyboard, no key may
        // act on the sheet (Enter once answered 是 behind the unit list).
        let sheet_keys = self.dialog.is_none() && !self.keys_taken_elsewhere(&ctx);
        // The keys act on the sheet; in the comparison only 打开 (Ctrl+O) does, and shows it.
        for cmd in Command::pressed(&ctx) {
            let allowed = match cmd {
                Command::PreviousItem | Command::NextItem | Command::NextProblem => sheet_keys,
                _ => self.dialog.is_none(),
            };
            if allowed && (self.view == View::Sheet || cmd == Command::Open) {
                self.run_command(cmd);
            }
        }
        if self.view == View::Sheet && sheet_keys {
            self.arrow_keys(&ctx);
            header::tab_from_phone(self, &ctx);
        }
        // After the window is resized the selected row is brought back into view.
        let size = ctx.content_rect().size();
        if self.last_size.is_some_and(|s| s != size) {
            self.scroll_to_selected = SCROLL_FRAMES;
        }
        self.last_size = Some(size);

        egui::Panel::top("menu").show(ui, |ui| self.menu_bar(ui));
        if self.view == View::Comparison {
            egui::Panel::bottom("status").show(ui, |ui| {
                ui.horizontal(|ui| ui.label(&self.comparison_status));
            });
            egui::CentralPanel::default().show(ui, |ui| comparison::show(self, ui));
            self.dialog_ui(&ctx);
            return;
        }
        egui::Panel::top("header").show(ui, |ui| header::show(self, ui));
        egui::Panel::bottom("status").show(ui, |ui| status::show(self, ui));
        // The calculator takes about a third of the width: on a 1024-pixel screen the grid
        // keeps every column, on a wide one the calculator does not sprawl.
        let width = ctx.content_rect().width();
        egui::Panel::right("calculator")
            .resizable(true)
            .default_size((width * 0.34).clamp(300.0, 460.0))
            .min_size(280.0)
            .max_size((width * 0.5).max(300.0))
            .show(ui, |ui| calculator::show(self, ui));
        egui::CentralPanel::default().show(ui, |ui| grid::show(self, ui));

        self.problems_window(&ctx);
        self.dialog_ui(&ctx);
    }

    /// A popup or menu is open, or 填报单位 has the keyboard: keys belong to them.
    fn keys_taken_elsewhere(&self, ctx: &egui::Context) -> bool {
        ctx.any_popup_open()
            || egui::Popup::is_any_open(ctx)
            || ctx.memory(|m| m.has_focus(header::unit_picker_id()))
    }

    /// ↑/↓ move between rows, as in a spreadsheet, from anywhere but the multi-line note.
    fn arrow_keys(&mut self, ctx: &egui::Context) {
        let in_note = self.note_field.is_some() && ctx.memory(|m| m.focused()) == self.note_field;
        if self.dialog.is_some() || in_note {
            return;
        }
        let (up, down) = ctx.input(|i| {
            (
                i.key_pressed(egui::Key::ArrowUp),
                i.key_pressed(egui::Key::ArrowDown),
            )
        });
        if up {
            self.run_command(Command::PreviousItem);
        }
        if down {
            self.run_command(Command::NextItem);
        }
    }

    fn command_button(&mut self, ui: &mut egui::Ui, cmd: Command, in_menu: bool) {
        let ctx = ui.ctx().clone();
        let mut button = egui::Button::new(cmd.label());
        if in_menu {
            button = button.shortcut_text(cmd.shortcut_text(&ctx));
        }
        let shortcut = cmd.shortcut_text(&ctx);
        let tip = if shortcut.is_empty() {
            cmd.tooltip().to_string()
        } else {
            format!("{}（{}）", cmd.tooltip(), shortcut)
        };
        if ui.add(button).on_hover_text(tip).clicked() {
            self.run_command(cmd);
            if in_menu {
                ui.close();
            }
        }
    }

    fn menu_bar(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("文件", |ui| {
                for cmd in Command::FILE {
                    self.command_button(ui, cmd, true);
                }
            });
            ui.menu_button("查看", |ui| {
                for cmd in Command::NAVIGATE {
                    self.command_button(ui, cmd, true);
                }
                ui.separator();
                let ctx = ui.ctx().clone();
                for (text, keys, action) in [
                    (
                        "放大",
                        "Ctrl+=",
                        egui::gui_zoom::zoom_in as fn(&egui::Context),
                    ),
                    ("缩小", "Ctrl+−", egui::gui_zoom::zoom_out),
                    ("实际大小（100%）", "Ctrl+0", |c: &egui::Context| {
                        c.set_zoom_factor(1.0)
                    }),
                ] {
                    if ui
                        .add(egui::Button::new(text).shortcut_text(keys))
                        .on_hover_text("整个窗口的文字和控件一起放大或缩小；下次启动保持")
                        .clicked()
                    {
                        action(&ctx);
                    }
                }
            });
            ui.menu_button("模式", |ui| {
                for (mode, text, tip) in [
                    (
                        Mode::Fill,
                        "填报模式（县市区妇联）",
                        "填写本单位的考核内容，核算自查得分",
                    ),
                    (
                        Mode::Review,
                        "审核模式（市妇联）",
                        "单位填报的内容只读，逐项填写考核得分、审核状态",
                    ),
                ] {
                    if ui
                        .radio(self.mode == mode, text)
                        .on_hover_text(tip)
                        .clicked()
                    {
                        self.request_mode(mode);
                        ui.close();
                    }
                }
            });
            ui.menu_button("汇总", |ui| comparison::menu(self, ui));
            ui.separator();
            if ui
                .selectable_label(self.view == View::Sheet, "考评表")
                .on_hover_text("填写或审核一份考评表")
                .clicked()
            {
                self.view = View::Sheet;
            }
            if ui
                .selectable_label(self.view == View::Comparison, "汇总比较")
                .on_hover_text("比较多个单位的考评表：得分、排名、未提交")
                .clicked()
            {
                self.view = View::Comparison;
            }
            ui.separator();
            if self.view == View::Sheet {
                for cmd in Command::TOOLBAR {
                    self.command_button(ui, cmd, false);
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let (text, color) = match self.mode {
                    Mode::Fill => ("填报模式", DONE_GREEN),
                    Mode::Review => ("审核模式", REVIEW_BLUE),
                };
                ui.label(RichText::new(text).strong().color(color));
            });
        });
    }

    fn problems_window(&mut self, ctx: &egui::Context) {
        if !self.problems_open {
            return;
        }
        let mut open = true;
        let mut jump = None;
        egui::Window::new("问题列表")
            .open(&mut open)
            .default_size([460.0, 360.0])
            .vscroll(true)
            .show(ctx, |ui| {
                if self.report.problems.is_empty() && self.review_problems.is_empty() {
                    ui.label("没有问题。");
                }
                let mut review: Vec<_> = self.review_problems.iter().collect();
                review.sort_by_key(|p| p.kind);
                // Errors first, then warnings, then what is not filled yet.
                let mut problems: Vec<_> = self.report.problems.iter().collect();
                problems.sort_by_key(|p| p.kind);
                if !review.is_empty() {
                    ui.strong("审核");
                }
                let unit_heading =
                    (!review.is_empty() && !problems.is_empty()).then_some(review.len());
                for (n, p) in review.into_iter().chain(problems).enumerate() {
                    if Some(n) == unit_heading {
                        ui.separator();
                        ui.strong("单位填报");
                    }
                    let color = match p.kind {
                        ProblemKind::Error => ERROR_RED,
                        ProblemKind::Warning => WARNING_ORANGE,
                        ProblemKind::Unfilled => ui.visuals().weak_text_color(),
                    };
                    let r = ui.add(
                        egui::Button::new(RichText::new(p.to_string()).color(color))
                            .frame(false)
                            .wrap(),
                    );
                    if r.clicked()
                        && let Some(item) = &p.item
                    {
                        jump = self.report.items.iter().position(|i| &i.item_id == item);
                    }
                }
            });
        self.problems_open = open;
        if let Some(i) = jump {
            self.select(i);
        }
    }

    fn dialog_ui(&mut self, ctx: &egui::Context) {
        let Some(mut dialog) = self.dialog.take() else {
            return;
        };
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("kaoping-dialog")).show(ctx, |ui| {
            ui.set_max_width(520.0);
            match &mut dialog {
                Dialog::SavePath {
                    folder,
                    name,
                    focus_name,
                    then,
                } => {
                    answer = save_path_dialog(ui, folder, name, focus_name, then);
                }
                Dialog::Message { title, body } => {
                    ui.heading(title.as_str());
                    ui.label(body.as_str());
                    if ui.button("确定").clicked() {
                        answer = Some(Answer::Dismiss);
                    }
                }
                Dialog::Unsaved(then) => {
                    ui.heading("保存修改？");
                    ui.label(format!("“{}”有未保存的修改。", self.file_name()));
                    ui.horizontal(|ui| {
                        if ui.button("保存").clicked() {
                            answer = Some(Answer::SaveThen(then.clone()));
                        }
                        if ui.button("不保存").clicked() {
                            answer = Some(Answer::DiscardThen(then.clone()));
                        }
                        if ui.button("取消").clicked() {
                            answer = Some(Answer::Dismiss);
                        }
                    });
                }
                Dialog::ConfirmDraft { unfilled, errors } => {
                    ui.heading("打印草稿？");
                    ui.label(format!(
                        "此表还有{unfilled}处未填、{errors}个错误。打印出来的每一页都会标明“草稿”，不能作为正式报送。"
                    ));
                    ui.horizontal(|ui| {
                        if ui.button("打印草稿").clicked() {
                            answer = Some(Answer::PrintDraft);
                        }
                        if ui.button("取消").clicked() {
                            answer = Some(Answer::Dismiss);
                        }
                    });
                }
                Dialog::Restore { path, draft } => {
                    ui.heading("恢复未保存的工作？");
                    ui.label(format!("上次程序没有正常关闭。找到{}。", draft.describe()));
                    ui.horizontal(|ui| {
                        if ui.button("恢复").clicked() {
                            answer = Some(Answer::Restore(path.clone(), draft.clone()));
                        }
                        if ui.button("丢弃").clicked() {
                            answer = Some(Answer::DropDraft(path.clone()));
                        }
                    });
                }
            }
        });
        let Some(answer) = answer else {
            self.dialog = Some(dialog);
            return;
        };
        match answer {
            Answer::Dismiss => {}
            Answer::SaveThen(then) => {
                self.save_then(Some(then));
            }
            Answer::SaveAt(path, then) => {
                if self.save_to(&path)
                    && let Some(t) = then
                {
                    self.proceed(t);
                }
            }
            Answer::DiscardThen(then) => {
                if matches!(then, Pending::SwitchMode(_)) {
                    // 不保存 drops the changes: the sheet goes back to what is on disk.
                    match self.doc.path.clone() {
                        Some(path) => {
                            self.open_path(&path);
                        }
                        None => self.new_document(),
                    }
                }
                self.doc.dirty = false;
                self.proceed(then);
            }
            Answer::Restore(path, draft) => self.restore_draft(&path, &draft),
            Answer::PrintDraft => self.print_now(),
            Answer::DropDraft(path) => {
                let _ = std::fs::remove_file(&path);
            }
        }
        self.offer_next_draft();
    }
}

/// Where a file is saved first: the user's documents folder, else the home folder.
fn default_folder() -> PathBuf {
    directories::UserDirs::new()
        .and_then(|u| {
            u.document_dir()
                .map(Path::to_path_buf)
                .or_else(|| Some(u.home_dir().to_path_buf()))
        })
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Whether a system file dialog can appear: on Linux rfd needs a desktop portal on the
/// session bus or zenity; elsewhere the system always has one.
pub fn native_dialogs_available() -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    let on_path = |tool: &str| {
        std::env::var_os("PATH")
            .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(tool).is_file()))
    };
    on_path("zenity")
        || on_path("kdialog")
        || std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
}

/// The window's own 保存 dialog: a folder and a file name, Enter saves.
fn save_path_dialog(
    ui: &mut egui::Ui,
    folder: &mut String,
    name: &mut String,
    focus_name: &mut bool,
    then: &Option<Pending>,
) -> Option<Answer> {
    ui.heading("保存考评表");
    ui.label("请填写保存的文件夹和文件名：");
    widgets::labelled_text(
        ui,
        widgets::field_id("save-folder"),
        "文件夹",
        folder,
        440.0,
    );
    let name_edit =
        widgets::labelled_text(ui, widgets::field_id("save-name"), "文件名", name, 440.0);
    if std::mem::take(focus_name) {
        name_edit.request_focus();
    }
    let mut file = name.trim().to_string();
    if !file.is_empty() && Path::new(&file).extension().is_none() {
        file.push('.');
        file.push_str(FILE_EXTENSION);
    }
    let dir = PathBuf::from(folder.trim());
    let path = dir.join(&file);
    let problem = if file.is_empty() {
        Some("请填写文件名".to_string())
    } else if file.contains(['/', '\\']) {
        Some("文件名中不能有 / 或 \\".to_string())
    } else if !dir.is_dir() {
        Some(format!("文件夹“{}”不存在", dir.display()))
    } else {
        None
    };
    match &problem {
        Some(p) => {
            ui.colored_label(ERROR_RED, p);
        }
        None if path.exists() => {
            ui.colored_label(
                WARNING_ORANGE,
                "此文件已存在：保存会替换它（原文件保留为 .bak）",
            );
        }
        None => {
            ui.label(format!("将保存为 {}", path.display()));
        }
    }
    let enter = name_edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    let mut answer = None;
    ui.horizontal(|ui| {
        if (ui
            .add_enabled(problem.is_none(), egui::Button::new("保存"))
            .clicked()
            || enter)
            && problem.is_none()
        {
            answer = Some(Answer::SaveAt(path.clone(), then.clone()));
        }
        if ui.button("取消").clicked() {
            answer = Some(Answer::Dismiss);
        }
    });
    answer
}

/// What the user answered in a dialog.
enum Answer {
    Dismiss,
    SaveAt(PathBuf, Option<Pending>),
    SaveThen(Pending),
    DiscardThen(Pending),
    Restore(PathBuf, Draft),
    DropDraft(PathBuf),
    PrintDraft,
}

impl eframe::App for KaopingApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        if ctx.input(|i| i.viewport().close_requested()) && self.doc.dirty && !self.allow_close {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.guard_unsaved(Pending::Close);
        }
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        self.files_dropped(dropped);
        // A bug in one frame must not lose the document: it is caught, a draft is written
        // and the user is told; the next frame draws again.
        if let Err(bug) = crate::guard::catch(|| self.show(ui)) {
            self.write_draft();
            self.dialog = Some(Dialog::Message {
                title: "程序内部出错".into(),
                body: format!(
                    "{bug}\n\n正在编辑的内容仍在窗口中，并已写入自动保存的草稿。请保存后重新启动程序，并把这条信息发给维护者。"
                ),
            });
        }
        self.zoom = ctx.zoom_factor();
        let title = self.window_title();
        if title != self.shown_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
        if self.allow_close {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        let now = Instant::now();
        self.autosave_if_due(now);
        // Wake up only to write a pending draft; otherwise egui repaints on input alone.
        if self.doc.dirty && self.changed_at.is_some() {
            ctx.request_repaint_after(AUTOSAVE_AFTER_CHANGE);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.remember_mode(storage);
        storage.set_string(ZOOM_KEY, self.zoom.to_string());
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // A clean exit with nothing unsaved leaves no draft behind.
        if !self.doc.dirty
            && let Some(r) = &self.recovery
        {
            r.clear();
        }
    }
}

const MODE_KEY: &str = "kaoping-mode";
/// The window's zoom (Ctrl+= / Ctrl+− / Ctrl+0), kept for the next start.
const ZOOM_KEY: &str = "kaoping-zoom";

/// Reads the remembered zoom, within what egui allows.
pub fn recall_zoom(storage: &dyn eframe::Storage) -> Option<f32> {
    storage
        .get_string(ZOOM_KEY)?
        .parse::<f32>()
        .ok()
        .filter(|z| z.is_finite() && (0.5..=3.0).contains(z))
}

impl KaopingApp {
    /// The municipal office works in review mode every time: the mode is remembered.
    pub fn remember_mode(&self, storage: &mut dyn eframe::Storage) {
        storage.set_string(MODE_KEY, self.mode.storage_key().to_string());
    }

    pub fn recall_mode(&mut self, storage: &dyn eframe::Storage) {
        if storage.get_string(MODE_KEY).as_deref() == Some(Mode::Review.storage_key()) {
            self.set_mode(Mode::Review);
            self.status = "审核模式：请打开单位报送的考评表，或在“汇总”菜单中汇总比较".into();
        }
    }

    /// Files dropped on the window: one sheet opens (unless the comparison is showing);
    /// several files, or a folder, go to the comparison.
    pub fn files_dropped(&mut self, paths: Vec<PathBuf>) {
        match paths.as_slice() {
            [] => {}
            [one] if !one.is_dir() && self.view == View::Sheet => {
                self.guard_unsaved(Pending::Open(Some(one.clone())));
            }
            _ => self.add_to_comparison(paths),
        }
    }

    /// After a save, the comparison shows the file as it now is.
    fn refresh_comparison_of(&mut self, path: &Path) {
        let catalog = self.catalog.clone();
        if let Some(c) = &mut self.comparison
            && c.covers(path)
        {
            c.reload(&catalog);
        }
    }
}

/// Fonts and look, for the real window and for tests alike.
pub fn setup_context(ctx: &egui::Context) {
    fonts::install_fonts(ctx);
    // Office programs are light; a clerk's printed form is black on white.
    ctx.set_theme(egui::Theme::Light);
    ctx.style_mut_of(egui::Theme::Light, |s| {
        s.text_styles
            .insert(egui::TextStyle::Body, egui::FontId::proportional(14.0));
        s.text_styles
            .insert(egui::TextStyle::Button, egui::FontId::proportional(14.0));
        // Nothing under 12 px at 100 %: egui's small style is 9 px.
        s.text_styles
            .insert(egui::TextStyle::Small, egui::FontId::proportional(12.5));
        s.text_styles
            .insert(egui::TextStyle::Monospace, egui::FontId::monospace(13.0));
    });
}

/// Opens the window on the files named on the command line: one sheet is opened first;
/// several files, or a folder, are shown compared.
pub fn run_window(files: Vec<PathBuf>) -> Result<(), String> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("考评")
            .with_inner_size([1280.0, 820.0])
            .with_min_inner_size([900.0, 560.0])
            .with_drag_and_drop(true)
            .with_icon(icon()),
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native(
        "kaoping",
        options,
        Box::new(move |cc| {
            setup_context(&cc.egui_ctx);
            let mut app = KaopingApp::new(RecoveryStore::in_user_data());
            if let Some(storage) = cc.storage {
                app.recall_mode(storage);
                if let Some(zoom) = recall_zoom(storage) {
                    cc.egui_ctx.set_zoom_factor(zoom);
                    app.zoom = zoom;
                }
            }
            if !files.is_empty() {
                // What the command line names opens first; a leftover draft is offered
                // after any message about it.
                let offer = app.dialog.take();
                app.files_dropped(files);
                if app.dialog.is_none() {
                    app.dialog = offer;
                }
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| format!("无法打开窗口：{e}"))
}

fn icon() -> egui::IconData {
    let png = include_bytes!("../../assets/icon.png");
    eframe::icon_data::from_png_bytes(png).unwrap_or_default()
}
