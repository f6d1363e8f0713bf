//! The window's state (`KaopingApp`: the `Session` plus what only the window has) and, one
//! file per flow, what its commands do — a thin mapping from menu items, keys and dialogs to
//! the document core (`crate::document`): `commands` (the queue and its one handler, moving
//! between items), `files` (new, open, save, the unsaved question, dropped files), `drafts`
//! (crash-recovery drafts), `evidence` (佐证材料, scans, the 提交包), `printing`. Panels get
//! a narrow context, not the app (`sheet_ctx`). Drawing is in `shell.rs` and the panels.

use crate::catalog::{Catalog, LoadedRuleset};
use crate::compared::Comparison;
use crate::document::{Mode, Pending, Session};
use crate::recovery::RecoveryStore;
use crate::scoring::ProblemKind;
use crate::ui::bulletin::BulletinView;
use crate::ui::commands::Command;
use crate::ui::comparison::{ComparisonCtx, ComparisonView};
use crate::ui::dialog_kinds::Dialog;
use crate::ui::sheet::SheetCtx;
use crate::ui::sheet::view::SheetView;
use std::collections::HashMap;
use std::path::PathBuf;

/// For how many frames at most a newly selected row is scrolled into view (it stops as soon
/// as the row is wholly visible; the layout can change for a frame or two after a resize).
pub(super) const SCROLL_FRAMES: u8 = 12;

pub use crate::ui::commands::View;

mod commands;
mod comparison;
mod department;
pub(super) mod dialogs;
mod drafts;
mod evidence;
pub(super) mod file_picker;
mod files;
mod help;
pub(in crate::ui) mod jobs;
mod preview;
mod printing;
mod rulesets;
mod scoring_sheets;
mod shell;

/// The window's state: the open document (`Session`, in the core) and what only the window
/// has — the view, the selection, typed text, dialogs, focus requests.
pub struct KaopingApp {
    /// The open document and its lifecycle.
    pub session: Session,
    /// A 退回通知 opened before the clerk's sheet: laid over it once she opens it.
    pub pending_notice: Option<crate::sheet::ReturnNotice>,
    /// The selection, typed text and keyboard requests of the sheet on screen.
    pub sheet_view: SheetView,
    pub view: View,
    /// The files being compared, once any were added.
    pub comparison: Option<Comparison>,
    pub(super) catalog: Catalog,
    pub dialog: Option<Dialog>,
    pub problems_open: bool,
    /// The last thing done, shown in the status bar.
    pub status: String,
    pub(super) shown_title: String,
    pub(super) allow_close: bool,
    /// The window was asked to close while work ran beside it: it closes once that stopped.
    pub(crate) close_after_work: bool,
    /// Open the PDF in the system viewer after printing (tests turn this off).
    pub open_after_print: bool,
    /// The last PDF written.
    pub last_pdf: Option<PathBuf>,
    /// The 帮助 window and its page, when open.
    pub help: Option<crate::ui::dialog_kinds::HelpPage>,
    /// A PDF handed to the system's viewer, until it is known whether one opened.
    pub(super) opening: Option<crate::ui::viewer::Opening>,
    /// 打开所在文件夹 is offered beside this status message (the message, the folder).
    pub status_folder: Option<(String, PathBuf)>,
    /// The last 提交包 written, and the last file handed to the system's viewer.
    pub last_package: Option<PathBuf>,
    pub last_opened: Option<PathBuf>,
    /// Thumbnails of attached photos, decoded once (None: could not be read).
    pub(super) previews: HashMap<PathBuf, Option<egui::TextureHandle>>,
    /// What the comparison view keeps of its own: its messages, notes shown, 文件 column.
    pub comparison_view: ComparisonView,
    /// What the 考核通报 view keeps: the class shown, the grades typed, the date.
    pub bulletin_view: BulletinView,
    /// The day the 进度 view is shown for.
    pub progress_view: crate::ui::progress_view::ProgressView,
    /// A department's scoring of its category, while it goes on (`View::Department`).
    pub department: Option<crate::scoring_sheet::Draft>,
    pub department_view: crate::ui::department::DepartmentView,
    /// Where the comparison was last exported to: the next export is offered there.
    pub last_export_folder: Option<PathBuf>,
    /// Where the last 佐证材料 or 盖章扫描件 was taken from: the next 添加 starts there (the
    /// photos folder, not the sheet's).
    pub last_attach_folder: Option<PathBuf>,
    /// The window's size last frame: a resize scrolls the selected row back into view.
    pub(super) last_size: Option<egui::Vec2>,
    /// The zoom factor last frame, saved in eframe storage.
    pub zoom: f32,
    /// Whether a system file dialog can appear; if not, the window asks for the path itself.
    pub native_dialogs: crate::ui::system_dialogs::NativeDialogs,
    /// Where opened rulesets are remembered (the data folder's `rulesets`; None: nowhere).
    pub rulesets_folder: Option<PathBuf>,
    /// The ruleset preview, while it shows, and the document set aside meanwhile.
    pub preview: Option<crate::ui::scheme::preview_state::Preview>,
    pub(super) set_aside: Option<crate::ui::scheme::preview_state::SetAside>,
    /// The window's context, for a thread that must ask for a frame (the preview's watch).
    pub repaint: Option<egui::Context>,
    /// Commands asked for during this frame, run after it (`run_queued`).
    pub(super) queued: Vec<Command>,
    /// Where the keyboard was while nothing overlaid the sheet: given back when it is lost to
    /// nothing (Esc in an input, a dialog or the help closed), so the next Tab goes on from
    /// there rather than from the menu bar.
    pub(super) focus_before: Option<egui::Id>,
    pub(super) was_overlaid: bool,
    pub(super) give_back_pending: bool,
    /// The 帮助 window or the problems list has the keyboard (no key then acts on the sheet);
    /// and the one just opened takes it on its next frame.
    pub(super) overlay_has_keys: bool,
    pub(super) focus_overlay: bool,
}

impl KaopingApp {
    /// A new, empty sheet on the default ruleset. `recovery` is where drafts go (None: off).
    pub fn new(recovery: Option<RecoveryStore>) -> Self {
        let mut app = KaopingApp {
            session: Session::new(recovery),
            pending_notice: None,
            view: View::Sheet,
            comparison: None,
            catalog: Catalog::default(),
            dialog: None,
            problems_open: false,
            status: String::new(),
            shown_title: String::new(),
            allow_close: false,
            close_after_work: false,
            open_after_print: true,
            last_pdf: None,
            help: None,
            opening: None,
            status_folder: None,
            last_package: None,
            last_opened: None,
            previews: HashMap::new(),
            sheet_view: SheetView {
                focus_unit_picker: true,
                ..SheetView::default()
            },
            comparison_view: ComparisonView::default(),
            bulletin_view: BulletinView::default(),
            progress_view: Default::default(),
            department: None,
            department_view: Default::default(),
            last_export_folder: None,
            last_attach_folder: None,
            last_size: None,
            zoom: 1.0,
            // The real window asks what the system has (`run_window`); tests and benches
            // never open a system dialog.
            native_dialogs: crate::ui::system_dialogs::NativeDialogs::none(),
            rulesets_folder: None,
            preview: None,
            set_aside: None,
            repaint: None,
            queued: Vec::new(),
            focus_before: None,
            was_overlaid: false,
            give_back_pending: false,
            overlay_has_keys: false,
            focus_overlay: false,
        };
        app.offer_next_draft();
        app
    }

    /// What the sheet's panels may touch: the document, the sheet's view state, the status
    /// line, photo thumbnails and the command queue — nothing else of the window.
    pub fn sheet_ctx(&mut self) -> SheetCtx<'_> {
        SheetCtx {
            session: &self.session,
            view: &mut self.sheet_view,
            status: &mut self.status,
            status_folder: self.status_folder.as_ref(),
            previews: &mut self.previews,
            queued: &mut self.queued,
        }
    }

    /// What the comparison's view may touch: the comparison, its own view state and the
    /// command queue.
    pub fn comparison_ctx(&mut self) -> ComparisonCtx<'_> {
        ComparisonCtx {
            comparison: self.comparison.as_mut(),
            view: &mut self.comparison_view,
            queued: &mut self.queued,
        }
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
        self.sheet_view.buffers.clear();
        self.status = match mode {
            Mode::Review => "审核模式：单位填报的内容只读，请逐项填写考核得分".into(),
            Mode::Fill => "填报模式".into(),
        };
    }

    /// After the document was replaced (new, opened, restored): nothing typed or selected
    /// of the old one carries over.
    pub(super) fn document_replaced(&mut self) {
        self.sheet_view.buffers.clear();
        self.sheet_view.selected = 0;
        self.sheet_view.scroll_to_selected = SCROLL_FRAMES;
        self.sheet_view.focus_unit_picker = false;
    }

    pub fn file_name(&self) -> String {
        self.session.file_name()
    }

    pub fn window_title(&self) -> String {
        let what = match self.view {
            View::Comparison => "汇总比较".to_string(),
            View::Bulletin => "考核通报".to_string(),
            View::Progress => "进度".to_string(),
            View::Department => match &self.department {
                Some(d) => format!("部门评分：{}", d.category()),
                None => "部门评分".to_string(),
            },
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

    /// Problems of a kind in the sheet and, in review mode, in the review.
    pub fn problem_count(&self, kind: ProblemKind) -> usize {
        self.session.problem_count(kind)
    }

    // ------------------------------------------------------------------ recovery
}
