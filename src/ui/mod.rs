//! The window: a thin layer over the core. `app/` holds the window's state, draws a frame
//! (`app/shell.rs`) and runs the queued commands against the document core
//! (`crate::document`), one file per flow; the views (`sheet/`, `review/`, `comparison/`,
//! `scheme/`) draw from a narrow context and queue commands. Nothing here computes a score.

mod app;
mod bulletin;
pub mod commands;
mod comparison;
pub mod department;
mod dialog_kinds;
mod folder_list;
pub mod fonts;
mod jobs;
mod progress_view;
mod review;
mod scheme;
mod sheet;
mod system_dialogs;
mod viewer;
mod widgets;

pub use crate::compared::Comparison;
pub use crate::document::{Mode, Pending};
use crate::recovery::RecoveryStore;
pub use app::{KaopingApp, View};
pub use dialog_kinds::Dialog;
use egui::Color32;
use std::path::PathBuf;
use std::time::Instant;
pub use system_dialogs::NativeDialogs;

pub const ERROR_RED: Color32 = Color32::from_rgb(200, 30, 30);
pub const WARNING_ORANGE: Color32 = Color32::from_rgb(200, 110, 0);
pub const DONE_GREEN: Color32 = Color32::from_rgb(20, 130, 60);
/// The municipal office's colour: review mode, 考核得分 and their differences.
pub const REVIEW_BLUE: Color32 = Color32::from_rgb(30, 80, 170);

/// The widest the glyph atlas may be (see `raw_input_hook`).
const ATLAS_SIDE: usize = 4096;

impl eframe::App for KaopingApp {
    /// The glyph atlas is as wide as the largest texture the GL allows (16384 px under Mesa's
    /// software renderer) and doubles in height as Chinese glyphs arrive, kept once in memory
    /// and once more as the GL's texture: a narrower atlas grows in smaller steps.
    fn raw_input_hook(&mut self, _ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        raw_input.max_texture_side = Some(
            raw_input
                .max_texture_side
                .map_or(ATLAS_SIDE, |side| side.min(ATLAS_SIDE)),
        );
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        // KAOPING_TRACE_START=1: say when the first two frames were built. eframe paints a
        // frame right after building it, so the second line is after the first was drawn.
        let frame = ctx.cumulative_frame_nr();
        if frame < 2 && ctx.current_pass_index() == 0 {
            trace_start(&format!("frame {} built", frame + 1));
        }
        // Panels learn their height from the frame before: the very first frame would show
        // the header as an empty band. Building it twice before it is painted costs a few ms.
        if frame == 0 && ctx.current_pass_index() == 0 {
            ctx.request_discard("the first frame: panels measure themselves");
        }
        let close_requested = ctx.input(|i| i.viewport().close_requested());
        if close_requested && self.working() {
            // Work beside the window is stopped first (its temporary file goes), then the
            // window closes as it would have — asking first about unsaved changes.
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            if let Some(Dialog::Working(job)) = &self.dialog {
                job.progress.cancel();
            }
            self.close_after_work = true;
        } else if close_requested
            && !self.allow_close
            && self
                .department
                .as_ref()
                .is_some_and(crate::scoring_sheet::Draft::modified)
        {
            // A department's scores not saved as a workbook are asked about first.
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.view = View::Department;
            self.dialog = Some(Dialog::DepartmentUnsaved { closing: true });
        } else if close_requested && self.session.is_modified() && !self.allow_close {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.guard_unsaved(Pending::Close);
        }
        if !self.working() && std::mem::take(&mut self.close_after_work) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
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
        if self.session.draft_pending() {
            ctx.request_repaint_after(crate::document::AUTOSAVE_AFTER_CHANGE);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.remember_mode(storage);
        storage.set_string(ZOOM_KEY, self.zoom.to_string());
        storage.set_string(REVIEWER_KEY, self.session.reviewer().to_string());
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // A clean exit with nothing unsaved leaves no draft behind.
        if !self.session.is_modified() {
            self.session.clear_drafts();
        }
    }
}

const MODE_KEY: &str = "kaoping-mode";
/// The window's zoom (Ctrl+= / Ctrl+− / Ctrl+0), kept for the next start.
const ZOOM_KEY: &str = "kaoping-zoom";
/// 审核人: the office's reviewer types her name once.
const REVIEWER_KEY: &str = "kaoping-reviewer";

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
        // While the ruleset preview shows, the mode worked in is the set-aside document's
        // (the preview is always a clerk's view).
        let mode = self
            .set_aside
            .as_ref()
            .map_or(self.session.mode(), |aside| aside.session.mode());
        storage.set_string(MODE_KEY, mode.storage_key().to_string());
    }

    pub fn recall_mode(&mut self, storage: &dyn eframe::Storage) {
        if let Some(name) = storage.get_string(REVIEWER_KEY) {
            self.session
                .set_reviewer(&name.chars().take(20).collect::<String>());
        }
        if storage.get_string(MODE_KEY).as_deref() == Some(Mode::Review.storage_key()) {
            self.set_mode(Mode::Review);
            self.status = "审核模式：请打开单位报送的考评表，或在“汇总”菜单中汇总比较".into();
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
/// When the program started, if KAOPING_TRACE_START is set (start-up measurements).
static TRACE_START: std::sync::OnceLock<Option<Instant>> = std::sync::OnceLock::new();

/// Call first thing in `main`: the reference point of `KAOPING_TRACE_START`.
pub fn mark_launch() {
    let traced = std::env::var_os("KAOPING_TRACE_START").is_some();
    let _ = TRACE_START.set(traced.then(Instant::now));
}

/// With KAOPING_TRACE_START set: prints how long after launch a stage of start-up ended.
pub(crate) fn trace_start(stage: &str) {
    if let Some(launch) = TRACE_START.get().copied().flatten() {
        eprintln!(
            "kaoping-trace: {stage} at {:.1} ms after launch",
            launch.elapsed().as_secs_f64() * 1000.0
        );
    }
}

pub fn run_window(files: Vec<PathBuf>, preview: Option<PathBuf>) -> Result<(), String> {
    trace_start("command line read");
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
            trace_start("window and GL ready");
            setup_context(&cc.egui_ctx);
            trace_start("fonts installed");
            let mut app = KaopingApp::new(RecoveryStore::in_user_data());
            app.native_dialogs = NativeDialogs::detect();
            app.repaint = Some(cc.egui_ctx.clone());
            app.remember_rulesets_in(crate::catalog::remembered_folder());
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
            if let Some(path) = preview {
                app.start_preview(&path);
            }
            trace_start("files opened");
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| format!("无法打开窗口：{e}"))
}

fn icon() -> egui::IconData {
    let png = include_bytes!("../../assets/icon.png");
    eframe::icon_data::from_png_bytes(png).unwrap_or_default()
}
