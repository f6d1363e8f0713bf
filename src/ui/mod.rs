//! The window: a thin layer over the core. It holds one document (a sheet with its ruleset
//! and file), recomputes the whole report after every change (≈0.1 ms), and draws the
//! paper form as a grid, the calculator of the selected item, the header and the totals.
//! Nothing here computes a score.

mod calculator;
pub mod commands;
mod comparison;
pub mod fonts;
mod grid;
mod review;

use crate::catalog::{Catalog, LoadedRuleset, default_ruleset};
use crate::recovery::{Draft, RecoveryStore};
use crate::ruleset::fmt_dec;
use crate::scoring::{Problem, ProblemKind, SheetReport};
use crate::sheet::{FILE_EXTENSION, Sheet, open_sheet, open_sheet_text};
use commands::Command;
pub use comparison::Comparison;
use egui::{Color32, RichText};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

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
    scroll_to_selected: bool,
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
            status: "新建考评表：请先选择填报单位".into(),
            recovery,
            last_autosave: None,
            changed_at: None,
            scroll_to_selected: false,
            shown_title: String::new(),
            allow_close: false,
            open_after_print: true,
            last_pdf: None,
            focus_calculator: false,
            note_field: None,
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
        self.recompute();
        self.buffers.clear();
        self.selected = 0;
        self.changed_at = None;
        self.scroll_to_selected = true;
    }

    pub fn file_name(&self) -> String {
        match &self.doc.path {
            Some(p) => p
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default(),
            None => format!(
                "{}（未保存）",
                self.doc.sheet.default_file_stem(&self.doc.ruleset)
            ),
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
            self.scroll_to_selected = true;
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
        self.status = "新建考评表：请先选择填报单位".into();
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
        match self.doc.path.clone() {
            Some(p) => self.save_to(&p),
            None => self.save_as(),
        }
    }

    pub fn save_as(&mut self) -> bool {
        let mut stem = self.doc.sheet.default_file_stem(&self.doc.ruleset);
        if self.mode == Mode::Review {
            stem.push_str("（审核）");
        }
        let mut dialog = rfd::FileDialog::new()
            .set_title("保存考评表")
            .set_file_name(format!("{stem}.{FILE_EXTENSION}"))
            .add_filter("考评表", &[FILE_EXTENSION]);
        if let Some(dir) = self.doc.path.as_ref().and_then(|p| p.parent()) {
            dialog = dialog.set_directory(dir);
        }
        match dialog.save_file() {
            Some(mut path) => {
                if path.extension().is_none() {
                    path.set_extension(FILE_EXTENSION);
                }
                self.save_to(&path)
            }
            None => false,
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
        // The keys act on the sheet; in the comparison only 打开 (Ctrl+O) does, and shows it.
        for cmd in Command::pressed(&ctx) {
            if self.dialog.is_none() && (self.view == View::Sheet || cmd == Command::Open) {
                self.run_command(cmd);
            }
        }
        if self.view == View::Sheet {
            self.arrow_keys(&ctx);
        }

        egui::Panel::top("menu").show(ui, |ui| self.menu_bar(ui));
        if self.view == View::Comparison {
            egui::Panel::bottom("status").show(ui, |ui| {
                ui.horizontal(|ui| ui.label(&self.status));
            });
            egui::CentralPanel::default().show(ui, |ui| comparison::show(self, ui));
            self.dialog_ui(&ctx);
            return;
        }
        egui::Panel::top("header").show(ui, |ui| self.header(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar(ui));
        egui::Panel::right("calculator")
            .resizable(true)
            .default_size(420.0)
            .min_size(320.0)
            .show(ui, |ui| calculator::show(self, ui));
        egui::CentralPanel::default().show(ui, |ui| grid::show(self, ui));

        self.problems_window(&ctx);
        self.dialog_ui(&ctx);
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
                        self.set_mode(mode);
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

    fn header(&mut self, ui: &mut egui::Ui) {
        ui.add_space(4.0);
        ui.vertical_centered(|ui| {
            ui.heading(&self.doc.ruleset.ruleset.title);
        });
        if self.mode == Mode::Review {
            review::header(self, ui);
            return;
        }
        review::unit_view_of_review(self, ui);
        ui.horizontal_wrapped(|ui| {
            self.unit_picker(ui);
            ui.separator();
            let figures: Vec<_> = self.doc.ruleset.ruleset.figures.clone();
            for f in figures {
                self.figure_input(ui, &f.id, &f.label);
            }
            ui.separator();
            let contact = &mut self.doc.sheet.contact;
            let changed = labelled_text(ui, "联系人", &mut contact.name, 90.0)
                | labelled_text(ui, "电话", &mut contact.phone, 120.0);
            if changed {
                self.changed();
            }
            ui.separator();
            ui.label(format!("年度：{}年", self.doc.sheet.year));
        });
        ui.horizontal_wrapped(|ui| {
            for c in &self.report.categories {
                let text = format!("{} {}/{}", c.name, fmt_dec(c.subtotal), fmt_dec(c.points));
                let mut rt = RichText::new(text);
                if c.unscored > 0 {
                    rt = rt.weak();
                }
                ui.label(rt)
                    .on_hover_text(format!("{}项未得分", c.unscored));
                ui.separator();
            }
            let unscored: usize = self.report.categories.iter().map(|c| c.unscored).sum();
            ui.label(
                RichText::new(format!(
                    "合计 {} / {}",
                    fmt_dec(self.report.total),
                    fmt_dec(self.doc.ruleset.ruleset.total_points)
                ))
                .strong()
                .size(16.0),
            );
            if unscored > 0 {
                ui.label(RichText::new(format!("（{unscored}项未得分）")).weak());
            }
        });
        ui.add_space(2.0);
    }

    fn unit_picker(&mut self, ui: &mut egui::Ui) {
        let current = self
            .doc
            .sheet
            .unit_name(&self.doc.ruleset)
            .unwrap_or("（请选择）")
            .to_string();
        let mut chosen = None;
        let units: Vec<(String, String, String)> = self
            .doc
            .ruleset
            .ruleset
            .units
            .iter()
            .map(|u| {
                let class = self
                    .doc
                    .ruleset
                    .ruleset
                    .class(&u.class)
                    .map(|c| c.name.clone())
                    .unwrap_or_default();
                (u.id.clone(), u.name.clone(), class)
            })
            .collect();
        egui::ComboBox::from_label("填报单位")
            .selected_text(current)
            .width(170.0)
            .show_ui(ui, |ui| {
                for (id, name, class) in &units {
                    let selected = self.doc.sheet.unit.as_deref() == Some(id.as_str());
                    if ui
                        .selectable_label(selected, format!("{name}（{class}）"))
                        .clicked()
                    {
                        chosen = Some(id.clone());
                    }
                }
            });
        if let Some(id) = chosen
            && self.doc.sheet.unit.as_deref() != Some(id.as_str())
        {
            self.doc.sheet.unit = Some(id);
            self.changed();
            self.write_draft();
        }
    }

    fn figure_input(&mut self, ui: &mut egui::Ui, id: &str, label: &str) {
        let key = format!("figure/{id}");
        let current = self.doc.sheet.figures.get(id).map(|v| v.to_string());
        let buffer = self
            .buffers
            .entry(key)
            .or_insert_with(|| current.unwrap_or_default());
        let label_id = ui.label(label).id;
        let parsed = crate::input::parse_number(buffer);
        let invalid = match &parsed {
            Ok(Some(d)) => !d.fract().is_zero() || *d > rust_decimal::Decimal::from(10_000u32),
            Ok(None) => false,
            Err(_) => true,
        };
        let mut edit = egui::TextEdit::singleline(buffer).desired_width(50.0);
        if invalid {
            edit = edit.text_color(ERROR_RED);
        }
        let r = ui.add(edit).labelled_by(label_id);
        let r = if invalid {
            r.on_hover_text(format!("{label}：请输入0到10000之间的整数"))
        } else {
            r
        };
        if r.changed() {
            let value = match parsed {
                Ok(Some(d)) if !invalid => u32::try_from(d.trunc().mantissa()).ok(),
                _ => None,
            };
            match value {
                Some(v) => self.doc.sheet.figures.insert(id.to_string(), v),
                None => self.doc.sheet.figures.remove(id),
            };
            self.changed();
        }
    }

    fn status_bar(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let e = self.problem_count(ProblemKind::Error);
            let w = self.problem_count(ProblemKind::Warning);
            let u = self.problem_count(ProblemKind::Unfilled);
            let text = format!("问题：{e}个错误 · {w}个警告 · {u}处未填");
            let color = if e > 0 {
                ERROR_RED
            } else if w > 0 {
                WARNING_ORANGE
            } else {
                DONE_GREEN
            };
            if ui
                .add(egui::Button::new(RichText::new(text).color(color)))
                .on_hover_text("打开问题列表（Ctrl+E）")
                .clicked()
            {
                self.problems_open = !self.problems_open;
            }
            ui.separator();
            ui.label(if self.doc.dirty {
                "未保存"
            } else {
                "已保存"
            });
            ui.separator();
            ui.label(&self.status);
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
        let Some(dialog) = self.dialog.clone() else {
            return;
        };
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("kaoping-dialog")).show(ctx, |ui| {
            ui.set_max_width(520.0);
            match &dialog {
                Dialog::Message { title, body } => {
                    ui.heading(title);
                    ui.label(body);
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
            return;
        };
        self.dialog = None;
        match answer {
            Answer::Dismiss => {}
            Answer::SaveThen(then) => {
                if self.save() {
                    self.proceed(then);
                }
            }
            Answer::DiscardThen(then) => {
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

/// A label and its one-line text field, named by the label (screen readers, tests).
/// Returns whether the text changed.
fn labelled_text(ui: &mut egui::Ui, label: &str, text: &mut String, width: f32) -> bool {
    let label_id = ui.label(label).id;
    ui.add(egui::TextEdit::singleline(text).desired_width(width))
        .labelled_by(label_id)
        .changed()
}

/// What the user answered in a dialog.
enum Answer {
    Dismiss,
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
        self.show(ui);
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
