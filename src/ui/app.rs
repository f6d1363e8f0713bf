//! The window's state and what its commands do: a thin mapping from menu items, keys and
//! dialogs to the document core (`crate::document`). Drawing is in `shell.rs` and the panels.

use super::commands::Command;
use super::dialog_kinds::{Dialog, Purpose};
use crate::catalog::{Catalog, LoadedRuleset};
use crate::compared::Comparison;
use crate::document::{AfterAnswer, Guard, Mode, Pending, Session, UnsavedAnswer};
use crate::recovery::{Draft, RecoveryStore};
use crate::scoring::ProblemKind;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// For how many frames at most a newly selected row is scrolled into view (it stops as soon
/// as the row is wholly visible; the layout can change for a frame or two after a resize).
pub(super) const SCROLL_FRAMES: u8 = 12;

pub use super::commands::View;

/// The window's state: the open document (`Session`, in the core) and what only the window
/// has — the view, the selection, typed text, dialogs, focus requests.
pub struct KaopingApp {
    /// The open document and its lifecycle.
    pub session: Session,
    pub view: View,
    /// The files being compared, once any were added.
    pub comparison: Option<Comparison>,
    pub(super) catalog: Catalog,
    /// Index of the selected item in ruleset order (0..44).
    pub selected: usize,
    /// Text being typed in numeric inputs, by input key; the fact is derived from it.
    pub(super) buffers: HashMap<String, String>,
    pub dialog: Option<Dialog>,
    pub problems_open: bool,
    /// The last thing done, shown in the status bar.
    pub status: String,
    /// Frames left in which the grid brings the selected row into view. More than one: a
    /// change of layout (the calculator's width, a resize) can undo a single scroll.
    pub(super) scroll_to_selected: u8,
    pub(super) shown_title: String,
    pub(super) allow_close: bool,
    /// Open the PDF in the system viewer after printing (tests turn this off).
    pub open_after_print: bool,
    /// The last PDF written.
    pub last_pdf: Option<PathBuf>,
    /// The 帮助 window and its page, when open.
    pub help: Option<super::dialog_kinds::HelpPage>,
    /// A PDF handed to the system's viewer, until it is known whether one opened.
    pub(super) opening: Option<super::viewer::Opening>,
    /// 打开所在文件夹 is offered beside this status message (the message, the folder).
    pub status_folder: Option<(String, PathBuf)>,
    /// The last 提交包 written, and the last file handed to the system's viewer.
    pub last_package: Option<PathBuf>,
    pub last_opened: Option<PathBuf>,
    /// Thumbnails of attached photos, decoded once (None: could not be read).
    pub(super) previews: HashMap<PathBuf, Option<egui::TextureHandle>>,
    /// Put the keyboard in the calculator's first input on the next frame (after a row was
    /// chosen with the keyboard), so a whole sheet can be filled without the mouse.
    pub focus_calculator: bool,
    /// The multi-line note field, where ↑/↓ move between lines instead of rows.
    pub note_field: Option<egui::Id>,
    /// How many characters that note holds (↓ at its end leaves it for the next item).
    pub(super) note_chars: usize,
    /// What is typed in the 填报单位 field while it has the keyboard.
    pub(super) unit_query: String,
    /// The 填报单位 field lists every unit (a new sheet, or ↓ pressed) rather than matches.
    pub(super) unit_list_all: bool,
    /// Put the keyboard in 填报单位 on the next frame (a new sheet starts there).
    pub focus_unit_picker: bool,
    /// Put the keyboard in the first figure (乡镇数) on the next frame (after Tab took a unit).
    pub(super) focus_first_figure: bool,
    /// The comparison's own messages, shown under the comparison only.
    pub comparison_status: String,
    /// The comparison's notes shown whole (else one line of counts), the 文件 column shown,
    /// and the pass it was last drawn in (a view shown anew starts at the top of its table).
    pub comparison_notes_open: bool,
    /// Where the comparison was last exported to: the next export is offered there.
    pub last_export_folder: Option<PathBuf>,
    pub comparison_files_shown: bool,
    pub(super) comparison_drawn_at: u64,
    /// The window's size last frame: a resize scrolls the selected row back into view.
    pub(super) last_size: Option<egui::Vec2>,
    /// The zoom factor last frame, saved in eframe storage.
    pub zoom: f32,
    /// Whether a system file dialog can appear; if not, the window asks for the path itself.
    pub native_dialogs: super::system_dialogs::NativeDialogs,
    /// Where opened rulesets are remembered (the data folder's `rulesets`; None: nowhere).
    pub rulesets_folder: Option<PathBuf>,
    /// The ruleset preview, while it shows, and the document set aside meanwhile.
    pub preview: Option<super::preview_state::Preview>,
    pub(super) set_aside: Option<super::preview_state::SetAside>,
    /// The window's context, for a thread that must ask for a frame (the preview's watch).
    pub repaint: Option<egui::Context>,
    /// Commands asked for during this frame, run after it (`run_queued`).
    queued: Vec<Command>,
}

impl KaopingApp {
    /// A new, empty sheet on the default ruleset. `recovery` is where drafts go (None: off).
    pub fn new(recovery: Option<RecoveryStore>) -> Self {
        let mut app = KaopingApp {
            session: Session::new(recovery),
            view: View::Sheet,
            comparison: None,
            catalog: Catalog::default(),
            selected: 0,
            buffers: HashMap::new(),
            dialog: None,
            problems_open: false,
            status: String::new(),
            scroll_to_selected: 0,
            shown_title: String::new(),
            allow_close: false,
            open_after_print: true,
            last_pdf: None,
            help: None,
            opening: None,
            status_folder: None,
            last_package: None,
            last_opened: None,
            previews: HashMap::new(),
            focus_calculator: false,
            note_field: None,
            note_chars: 0,
            unit_query: String::new(),
            unit_list_all: false,
            focus_unit_picker: true,
            focus_first_figure: false,
            comparison_status: String::new(),
            comparison_notes_open: false,
            last_export_folder: None,
            comparison_files_shown: true,
            comparison_drawn_at: 0,
            last_size: None,
            zoom: 1.0,
            // The real window asks what the system has (`run_window`); tests and benches
            // never open a system dialog.
            native_dialogs: super::system_dialogs::NativeDialogs::none(),
            rulesets_folder: None,
            preview: None,
            set_aside: None,
            repaint: None,
            queued: Vec::new(),
        };
        app.offer_next_draft();
        app
    }

    pub fn ruleset(&self) -> &LoadedRuleset {
        self.session.ruleset()
    }

    /// Switches mode from the menu: with unsaved changes it asks 保存 / 不保存 / 取消 first.
    pub fn request_mode(&mut self, mode: Mode) {
        if self.session.mode() != mode {
            self.guard_unsaved(Pending::SwitchMode(mode));
        }
    }

    /// Switches between filling in and reviewing; the document stays as it is.
    pub fn set_mode(&mut self, mode: Mode) {
        if self.session.mode() == mode {
            return;
        }
        self.session.set_mode(mode);
        self.buffers.clear();
        self.status = match mode {
            Mode::Review => "审核模式：单位填报的内容只读，请逐项填写考核得分".into(),
            Mode::Fill => "填报模式".into(),
        };
    }

    /// After the document was replaced (new, opened, restored): nothing typed or selected
    /// of the old one carries over.
    pub(super) fn document_replaced(&mut self) {
        self.buffers.clear();
        self.selected = 0;
        self.scroll_to_selected = SCROLL_FRAMES;
        self.focus_unit_picker = false;
    }

    pub fn file_name(&self) -> String {
        self.session.file_name()
    }

    pub fn window_title(&self) -> String {
        let what = match self.view {
            View::Comparison => "汇总比较".to_string(),
            View::Preview => match &self.preview {
                Some(p) => format!(
                    "规则预览：{}",
                    p.watched
                        .path
                        .file_name()
                        .map(|n| n.to_string_lossy().to_string())
                        .unwrap_or_default()
                ),
                None => "规则预览".to_string(),
            },
            View::Sheet => format!(
                "{}{}",
                if self.session.is_modified() { "* " } else { "" },
                self.file_name()
            ),
        };
        format!(
            "{what} — 考评【{}】{}",
            self.session.mode().label(),
            self.session.ruleset().ruleset.title
        )
    }

    // ------------------------------------------------------------------ commands

    /// Asks for `cmd`: it runs after this frame, with every other command asked for.
    pub fn queue(&mut self, cmd: Command) {
        self.queued.push(cmd);
    }

    /// Runs the commands queued during the frame, in order: the one place an action starts.
    /// Returns whether any ran (the window then draws again at once).
    pub fn run_queued(&mut self, ctx: &egui::Context) -> bool {
        let queued = std::mem::take(&mut self.queued);
        let any = !queued.is_empty();
        for cmd in queued {
            match cmd {
                Command::ZoomIn => egui::gui_zoom::zoom_in(ctx),
                Command::ZoomOut => egui::gui_zoom::zoom_out(ctx),
                Command::ZoomReset => ctx.set_zoom_factor(1.0),
                other => self.run_command(other),
            }
        }
        any
    }

    /// Runs one command now (the queue's handler; tests call it directly). Zoom needs the
    /// window's context and runs from `run_queued`.
    pub fn run_command(&mut self, cmd: Command) {
        // Every command is about the sheet: run from the comparison's menu, it shows it; from
        // the preview, it ends the preview first (moving between rows stays in it).
        // 帮助 opens beside whatever is shown.
        match cmd {
            Command::Help => {
                self.help = Some(super::dialog_kinds::HelpPage::Guide);
                return;
            }
            Command::HelpPage(page) => {
                self.help = Some(page);
                return;
            }
            Command::SwitchMode(mode) => {
                self.request_mode(mode);
                return;
            }
            Command::ShowView(view) => {
                self.show_view(view);
                return;
            }
            Command::ZoomIn | Command::ZoomOut | Command::ZoomReset => {
                if let Some(ctx) = self.repaint.clone() {
                    self.queue(cmd);
                    self.run_queued(&ctx);
                }
                return;
            }
            _ => {}
        }
        let moving = cmd.moves_in_sheet();
        if !(moving && self.view == View::Preview) {
            self.show_view(View::Sheet);
        }
        match cmd {
            Command::New if self.session.mode() == Mode::Review => {
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
            Command::AddScan => self.add_scan(),
            Command::MakePackage => self.make_package(),
            Command::OpenRuleset => {
                let folder = self.current_folder();
                self.ask_path(Purpose::OpenRuleset, folder, String::new());
            }
            Command::PreviewRuleset => {
                let folder = self.current_folder();
                self.ask_path(Purpose::PreviewRuleset, folder, String::new());
            }
            Command::PreviousItem => {
                self.select(self.selected.saturating_sub(1));
                self.focus_calculator = true;
            }
            Command::NextItem => {
                let last = self.session.report().items.len().saturating_sub(1);
                self.select((self.selected + 1).min(last));
                self.focus_calculator = true;
            }
            Command::NextProblem => {
                self.next_problem();
                self.focus_calculator = true;
            }
            Command::ShowProblems => self.problems_open = !self.problems_open,
            Command::Help
            | Command::HelpPage(_)
            | Command::SwitchMode(_)
            | Command::ShowView(_)
            | Command::ZoomIn
            | Command::ZoomOut
            | Command::ZoomReset => {}
        }
    }

    pub fn select(&mut self, index: usize) {
        if index < self.session.report().items.len() {
            self.selected = index;
            self.scroll_to_selected = SCROLL_FRAMES;
        }
    }

    /// Selects the next item (after the selected one, wrapping) that has a problem.
    /// In review mode: the next item without a (valid) 考核得分.
    pub fn next_problem(&mut self) {
        let n = self.session.report().items.len();
        for step in 1..=n {
            let i = (self.selected + step) % n;
            let item = &self.session.report().items[i];
            let open = match self.session.mode() {
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
        match self.session.guard(then) {
            Guard::Proceed(then) => self.proceed(then),
            Guard::Ask(then) => self.dialog = Some(Dialog::Unsaved(then)),
        }
    }

    /// The user's answer to 保存修改？ about `then`.
    pub(super) fn answer_unsaved(&mut self, then: Pending, answer: UnsavedAnswer) {
        let catalog = self.catalog.clone();
        let switching = matches!(then, Pending::SwitchMode(_));
        match self.session.answer(then, answer, &catalog) {
            AfterAnswer::Nothing => {}
            AfterAnswer::SaveThen(then) => {
                self.save_then(Some(then));
            }
            AfterAnswer::Proceed(then) => {
                if switching {
                    self.document_replaced();
                }
                self.proceed(then);
            }
        }
    }

    pub(super) fn proceed(&mut self, then: Pending) {
        match then {
            Pending::New => self.ask_which_ruleset(),
            Pending::NewOn(sha) => self.new_on(&sha),
            Pending::Open(Some(path)) => {
                self.open_path(&path);
            }
            Pending::Open(None) => {
                let folder = self.current_folder();
                self.ask_path(Purpose::OpenSheet, folder, String::new());
            }
            Pending::Close => {
                self.session.clear_drafts();
                self.allow_close = true;
            }
            Pending::SwitchMode(mode) => self.set_mode(mode),
        }
    }

    /// The folder of the open sheet, else the user's documents folder.
    pub(super) fn current_folder(&self) -> PathBuf {
        self.session
            .path()
            .as_ref()
            .and_then(|p| p.parent())
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(super::dialog_kinds::default_folder)
    }

    pub fn new_document(&mut self) {
        self.session.new_document();
        self.document_replaced();
        self.status = "已新建考评表".into();
        self.focus_unit_picker = true;
    }

    /// Opens a sheet file. On failure the current work is untouched and the message shown.
    pub fn open_path(&mut self, path: &Path) -> bool {
        let catalog = self.catalog.clone();
        match self.session.open(path, &catalog) {
            Ok(opened) => {
                self.document_replaced();
                self.status = match &opened.unpacked_to {
                    Some(dir) => format!(
                        "已打开提交包 {}（已解压到 {}）",
                        path.display(),
                        dir.display()
                    ),
                    None => format!("已打开 {}", path.display()),
                };
                if !opened.notes.is_empty() {
                    self.dialog = Some(Dialog::Message {
                        title: "打开时发现的问题".into(),
                        body: opened.notes.join("\n\n"),
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
    pub(super) fn save_then(&mut self, then: Option<Pending>) -> bool {
        match self.session.path().map(Path::to_path_buf) {
            Some(p) => self.save_to_then(&p, then),
            None => self.save_as_then(then),
        }
    }

    pub fn save_as(&mut self) -> bool {
        self.save_as_then(None)
    }

    /// Asks where to save (the system's dialog, or the window's own), then saves there and
    /// does `then`. Returns whether it was saved now (false while the window's own dialog
    /// asks: it saves once a place is chosen).
    fn save_as_then(&mut self, then: Option<Pending>) -> bool {
        let name = self.session.suggested_file_name();
        let folder = self.current_folder();
        self.ask_path(Purpose::SaveSheet(then), folder, name)
    }

    /// Saves to `path`, then does `then`.
    pub(super) fn save_to_then(&mut self, path: &Path, then: Option<Pending>) -> bool {
        let saved = self.save_to(path);
        if saved && let Some(t) = then {
            self.proceed(t);
        }
        saved
    }

    /// Saves to `path`. On failure nothing on disk or in the window is lost; the reason shows.
    pub fn save_to(&mut self, path: &Path) -> bool {
        match self.session.save_to(path) {
            Ok(saved) => {
                // The 内容指纹 is what the printed pages carry, so the screen and the paper
                // show the same number.
                let mut status = format!(
                    "已保存 {}（内容指纹 {}）",
                    path.display(),
                    self.session
                        .content_fingerprint()
                        .get(..8)
                        .unwrap_or_default()
                );
                if let Some(aside) = &saved.evidence_set_aside {
                    status.push_str(&format!(
                        "；被替换的表保留为 .bak，它的佐证材料移到了“{}”",
                        aside.display()
                    ));
                }
                for left in &saved.not_trashed {
                    status.push_str(&format!("；{left}"));
                }
                self.status = status;
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
        self.session.problem_count(kind)
    }

    // ------------------------------------------------------------------ recovery

    pub(super) fn offer_next_draft(&mut self) {
        if self.dialog.is_some() {
            return;
        }
        if let Some((path, draft)) = self.session.leftover_draft() {
            self.dialog = Some(Dialog::Restore { path, draft });
        }
    }

    /// Writes the draft if the sheet has changed and it is due. Returns whether it wrote.
    pub fn autosave_if_due(&mut self, now: Instant) -> bool {
        match self.session.autosave_if_due(now) {
            None => false,
            Some(Ok(())) => true,
            Some(Err(e)) => {
                self.status = format!("自动保存失败：{e}");
                false
            }
        }
    }

    /// Writes the recovery draft at once (also used on every significant change).
    pub fn write_draft(&mut self) -> bool {
        match self.session.write_draft() {
            Ok(written) => written,
            Err(e) => {
                self.status = format!("自动保存失败：{e}");
                false
            }
        }
    }

    /// Restores a draft as its own document: the file it belongs to, unsaved.
    pub fn restore_draft(&mut self, path: &Path, draft: &Draft) {
        let catalog = self.catalog.clone();
        match self.session.restore_draft(path, draft, &catalog) {
            Ok(()) => {
                self.document_replaced();
                self.status = format!("已恢复：{}。请保存。", draft.describe());
            }
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "无法恢复".into(),
                    body: e,
                });
            }
        }
    }

    /// Files dropped on the window: one sheet or package opens (unless the comparison is
    /// showing); other files become 佐证材料 of the selected item of a saved sheet; several
    /// sheets, or a folder, go to the comparison.
    pub fn files_dropped(&mut self, paths: Vec<PathBuf>) {
        // Dropped on the preview: they are for the document, which comes back first. (Every
        // frame asks with the frame's drops, most often none.)
        if paths.is_empty() {
            return;
        }
        if self.view == View::Preview {
            self.close_preview();
        }
        // A ruleset file is checked and, with no error, offered for new sheets.
        let is_ruleset = |p: &PathBuf| {
            p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case(super::dialog_kinds::RULESET_EXTENSION))
        };
        if let [one] = paths.as_slice()
            && is_ruleset(one)
        {
            self.open_ruleset_path(one);
            return;
        }
        let is_sheet = |p: &PathBuf| {
            p.is_dir()
                || crate::package::is_package(p)
                || p.extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case(crate::sheet::FILE_EXTENSION))
        };
        if self.view == View::Sheet
            && self.session.mode() == Mode::Fill
            && !paths.is_empty()
            && !paths.iter().any(is_sheet)
        {
            let Some(item) = self.session.report().items.get(self.selected) else {
                return;
            };
            let item_id = item.item_id.clone();
            if self.session.path().is_none() {
                self.status = "请先保存考评表，再把佐证材料拖进来".into();
                return;
            }
            for p in paths {
                if !self.evidence_chosen(&item_id, &p) {
                    break;
                }
            }
            return;
        }
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
