//! One frame of the window: which keys act, the panels in their order, the menu bar.

use crate::document::Mode;
use crate::ui::app::{KaopingApp, SCROLL_FRAMES, View};
use crate::ui::commands::Command;
use crate::ui::{
    DONE_GREEN, REVIEW_BLUE, comparison, scheme::preview, sheet::calculator, sheet::grid,
    sheet::header, sheet::status,
};
use egui::RichText;

/// The calculator panel's width for a window `width` points wide.
pub fn calculator_width(width: f32) -> f32 {
    (width * 0.3).clamp(280.0, 440.0)
}

impl KaopingApp {
    /// One frame of the whole window: drawn, then the commands asked for during it run.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        self.draw_frame(ui);
        if self.run_queued(ui.ctx()) {
            ui.ctx().request_repaint();
        }
    }

    fn draw_frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if self.repaint.is_none() {
            self.repaint = Some(ctx.clone());
        }
        // However the view was left (a menu, a drop, a command), the document set aside for
        // the preview comes back before anything draws or acts on it.
        if self.view != View::Preview && self.preview.is_some() {
            self.close_preview();
        }
        if self.view == View::Preview {
            self.poll_preview(&ctx);
        }
        self.check_viewer();
        // The window is named by its title for screen readers too.
        let title = self.window_title();
        ctx.accesskit_node_builder(egui::accesskit_root_id(), |node| node.set_label(title));
        self.keep_focus(&ctx);
        // While a menu, a list or a dialog is open, or 填报单位 has the keyboard, no key may
        // act on the sheet (Enter once answered 是 behind the unit list).
        let sheet_keys = self.dialog.is_none() && !self.keys_taken_elsewhere(&ctx);
        // Said again by the 帮助 window and the problems list as they draw.
        self.overlay_has_keys = false;
        // The keys act on the sheet; in the comparison only 打开 (Ctrl+O) does, and shows it.
        for cmd in Command::pressed(&ctx) {
            let allowed = match cmd {
                Command::PreviousItem | Command::NextItem | Command::NextProblem => sheet_keys,
                _ => self.dialog.is_none(),
            };
            // In the preview a shortcut does what its menu item does: moving stays in the
            // preview, anything else ends it and acts on the document (never on the preview's
            // sheet).
            let here = match self.view {
                View::Sheet | View::Preview => true,
                View::Comparison | View::Bulletin | View::Progress => {
                    matches!(cmd, Command::Open | Command::Help)
                }
                View::Department => matches!(cmd, Command::Undo | Command::Redo | Command::Help),
            };
            if allowed && here {
                self.queue(cmd);
            }
        }
        if !matches!(
            self.view,
            View::Comparison | View::Bulletin | View::Progress | View::Department
        ) && sheet_keys
        {
            self.arrow_keys(&ctx);
            header::tab_from_phone(&mut self.sheet_ctx(), &ctx);
        }
        // After the window is resized the selected row is brought back into view.
        let size = ctx.content_rect().size();
        if self.last_size.is_some_and(|s| s != size) {
            self.sheet_view.scroll_to_selected = SCROLL_FRAMES;
        }
        self.last_size = Some(size);

        egui::Panel::top("menu").show(ui, |ui| self.menu_bar(ui));
        if self.draw_view_beside_the_sheet(&ctx, ui) {
            return;
        }
        if self.view == View::Preview {
            let answer = egui::Panel::top("preview-bar")
                .show(ui, |ui| {
                    self.preview.as_mut().and_then(|p| preview::bar(p, ui))
                })
                .inner;
            if let Some(pressed) = answer {
                self.queue(Command::PreviewBar(pressed));
            }
            let height = ctx.content_rect().height();
            egui::Panel::bottom("preview-findings")
                .resizable(true)
                .default_size((height * 0.22).clamp(90.0, 220.0))
                .min_size(60.0)
                .show(ui, |ui| {
                    let usable = self.catalog.usable();
                    let changed = self
                        .preview
                        .as_mut()
                        .is_some_and(|p| preview::findings(p, &usable, ui));
                    if changed {
                        self.update_preview_changes();
                    }
                });
            if self
                .preview
                .as_ref()
                .is_some_and(|p| p.watched.last_good.is_none())
            {
                egui::CentralPanel::default().show(ui, |ui| {
                    ui.label(
                        "规则文件还不能读成考核规则：改正下面列出的错误并保存，这里就显示考评表。",
                    );
                });
                self.dialog_ui(&ctx);
                return;
            }
        }
        egui::Panel::top("header").show(ui, |ui| header::show(&mut self.sheet_ctx(), ui));
        if self.view != View::Preview {
            egui::Panel::bottom("status").show(ui, |ui| status::show(&mut self.sheet_ctx(), ui));
        }
        // The calculator's width comes from the window's every frame, never from a width
        // remembered from another screen (a wide photo once left it wide and starved the
        // grid): about 30 %, so at 1024 px the grid keeps its columns and five rows.
        let width = ctx.content_rect().width();
        egui::Panel::right("calculator")
            .resizable(false)
            .exact_size(calculator_width(width))
            .show(ui, |ui| calculator::show(&mut self.sheet_ctx(), ui));
        egui::CentralPanel::default().show(ui, |ui| grid::show(&mut self.sheet_ctx(), ui));

        self.problems_window(&ctx);
        self.help_window(&ctx);
        self.dialog_ui(&ctx);
    }

    /// A popup or menu is open, 填报单位, the 帮助 window or the problems list has the
    /// keyboard: keys belong to them (with 帮助 open, Y once answered the item underneath).
    fn keys_taken_elsewhere(&self, ctx: &egui::Context) -> bool {
        ctx.any_popup_open()
            || egui::Popup::is_any_open(ctx)
            || ctx.memory(|m| m.has_focus(header::unit_picker_id()))
            || self.overlay_has_keys
    }

    /// Remembers where the keyboard is while nothing overlays the sheet, and gives it back
    /// once when Esc or a closed overlay (a dialog, the help, the problems list) left it with
    /// nothing — never after a click elsewhere, which means to move it. A widget no longer
    /// drawn simply does not take it.
    fn keep_focus(&mut self, ctx: &egui::Context) {
        let overlaid = self.dialog.is_some()
            || self.help.is_some()
            || self.problems_open
            || egui::Popup::is_any_open(ctx);
        if overlaid {
            self.was_overlaid = true;
            return;
        }
        // The overlay just closed: what of it had the keyboard goes at the end of this frame,
        // and a modal's layer still keeps the keyboard from the sheet during it — so it is
        // given back next frame, if nothing took it meanwhile (a file opened puts it in
        // 填报单位).
        if std::mem::take(&mut self.was_overlaid) {
            self.give_back_pending = true;
            ctx.request_repaint();
            return;
        }
        // egui lets go of the keyboard at Esc before the frame (or, for some inputs, while
        // drawing it): either way it comes back.
        let esc = ctx.input(|i| i.key_pressed(egui::Key::Escape));
        match ctx.memory(|m| m.focused()) {
            Some(id) => {
                // Another field has the keyboard: what is typed there is another undo step.
                if self.focus_before != Some(id) {
                    self.session.seal_undo_step();
                }
                self.focus_before = Some(id);
                self.give_back_pending = esc;
            }
            None => {
                if (std::mem::take(&mut self.give_back_pending) || esc)
                    && let Some(id) = self.focus_before
                {
                    // Drawn later in this frame, the widget takes it now.
                    ctx.memory_mut(|m| m.request_focus(id));
                }
            }
        }
    }

    /// The views that are not the sheet (考核通报, 进度, 汇总比较), each with its status bar,
    /// the help and the dialogs over it. Whether one was drawn.
    fn draw_view_beside_the_sheet(&mut self, ctx: &egui::Context, ui: &mut egui::Ui) -> bool {
        if self.view == View::Bulletin {
            egui::Panel::bottom("status").show(ui, |ui| {
                ui.horizontal(|ui| ui.label(&self.comparison_view.status));
            });
            let comparison = self.comparison.as_ref();
            let mut queued = Vec::new();
            egui::CentralPanel::default().show(ui, |ui| {
                crate::ui::bulletin::show(comparison, &mut self.bulletin_view, &mut queued, ui)
            });
            for cmd in queued {
                self.queue(cmd);
            }
            self.help_window(ctx);
            self.dialog_ui(ctx);
            return true;
        }
        if self.view == View::Progress {
            egui::Panel::bottom("status").show(ui, |ui| {
                ui.horizontal(|ui| ui.label(&self.status));
            });
            let pressed = egui::CentralPanel::default()
                .show(ui, |ui| {
                    crate::ui::progress_view::show(&self.session, &mut self.progress_view, ui)
                })
                .inner;
            if let Some(cmd) = pressed {
                self.queue(cmd);
            }
            self.help_window(ctx);
            self.dialog_ui(ctx);
            return true;
        }
        if self.view == View::Department
            && let Some(draft) = &self.department
        {
            egui::Panel::bottom("status").show(ui, |ui| {
                ui.horizontal(|ui| ui.label(&self.department_view.status));
            });
            let asked = egui::CentralPanel::default()
                .show(ui, |ui| {
                    crate::ui::department::show(draft, &mut self.department_view, ui)
                })
                .inner;
            self.department_asked(asked);
            self.help_window(ctx);
            self.dialog_ui(ctx);
            return true;
        }
        if self.view == View::Comparison {
            egui::Panel::bottom("status").show(ui, |ui| {
                ui.horizontal(|ui| ui.label(&self.comparison_view.status));
            });
            egui::CentralPanel::default()
                .show(ui, |ui| comparison::show(&mut self.comparison_ctx(), ui));
            self.help_window(ctx);
            self.dialog_ui(ctx);
            return true;
        }
        false
    }

    /// ↑/↓ move between rows, as in a spreadsheet. In a multi-line note they move between its
    /// lines, and leave it for the next (previous) item only from its end (its start).
    fn arrow_keys(&mut self, ctx: &egui::Context) {
        if self.dialog.is_some() {
            return;
        }
        let (mut up, mut down) = ctx.input(|i| {
            (
                i.key_pressed(egui::Key::ArrowUp),
                i.key_pressed(egui::Key::ArrowDown),
            )
        });
        let in_note = self.sheet_view.note_field.is_some()
            && ctx.memory(|m| m.focused()) == self.sheet_view.note_field;
        if in_note {
            let cursor = self
                .sheet_view
                .note_field
                .and_then(|id| egui::TextEdit::load_state(ctx, id))
                .and_then(|s| s.cursor.char_range())
                .map(|r| r.primary.index.0);
            down &= cursor.is_some_and(|c| c >= self.sheet_view.note_chars);
            up &= cursor == Some(0);
        }
        if up {
            self.queue(Command::PreviousItem);
        }
        if down {
            self.queue(Command::NextItem);
        }
    }

    fn edit_menu(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        for (cmd, said) in [
            (Command::Undo, self.session.undo_said().map(str::to_string)),
            (Command::Redo, self.session.redo_said().map(str::to_string)),
        ] {
            let label = match &said {
                Some(s) => format!("{}：{}", cmd.label(), s),
                None => cmd.label().to_string(),
            };
            let button = egui::Button::new(label).shortcut_text(cmd.shortcut_text(&ctx));
            if ui
                .add_enabled(said.is_some(), button)
                .on_hover_text(cmd.tooltip())
                .clicked()
            {
                self.queue(cmd);
                ui.close();
            }
        }
    }

    fn command_button(&mut self, ui: &mut egui::Ui, cmd: Command, in_menu: bool) {
        let ctx = ui.ctx().clone();
        let mut button = egui::Button::new(cmd.label());
        // Only a real shortcut: an empty one would leave a trailing space in the name a
        // screen reader reads.
        if in_menu && cmd.shortcut().is_some() {
            button = button.shortcut_text(cmd.shortcut_text(&ctx));
        }
        let shortcut = cmd.shortcut_text(&ctx);
        let tip = if shortcut.is_empty() {
            cmd.tooltip().to_string()
        } else {
            format!("{}（{}）", cmd.tooltip(), shortcut)
        };
        if ui.add(button).on_hover_text(tip).clicked() {
            self.queue(cmd);
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
            // 编辑: what 撤销 and 重做 would do, in words (「撤销：市妇联采用信息 78 → 80」).
            if self.view != View::Preview {
                ui.menu_button("编辑", |ui| self.edit_menu(ui));
            }
            ui.menu_button("查看", |ui| {
                for cmd in Command::NAVIGATE {
                    self.command_button(ui, cmd, true);
                }
                ui.separator();
                self.command_button(ui, Command::PreviewRuleset, true);
                ui.separator();
                for cmd in Command::ZOOM {
                    self.command_button(ui, cmd, true);
                }
            });
            // The preview is always a clerk's view of a blank or sample sheet: no 模式 there.
            if self.view != View::Preview {
                self.mode_menu(ui);
            }
            ui.menu_button("汇总", |ui| {
                comparison::menu(&mut self.comparison_ctx(), ui)
            });
            ui.menu_button("帮助", |ui| {
                self.command_button(ui, Command::Help, true);
                for page in [
                    crate::ui::dialog_kinds::HelpPage::Keys,
                    crate::ui::dialog_kinds::HelpPage::About,
                ] {
                    self.command_button(ui, Command::HelpPage(page), true);
                }
            });
            ui.separator();
            let department = self.department.is_some().then_some(View::Department);
            for view in [
                Some(View::Sheet),
                Some(View::Progress),
                Some(View::Comparison),
                Some(View::Bulletin),
                department,
            ]
            .into_iter()
            .flatten()
            {
                let cmd = Command::ShowView(view);
                if ui
                    .selectable_label(self.view == view, cmd.label())
                    .on_hover_text(cmd.tooltip())
                    .clicked()
                {
                    self.queue(cmd);
                }
            }
            if self.view == View::Preview {
                let _ = ui.selectable_label(true, "规则预览");
            }
            ui.separator();
            if self.view == View::Sheet {
                for cmd in Command::TOOLBAR {
                    self.command_button(ui, cmd, false);
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let (text, color) = match (self.view, self.session.mode()) {
                    (View::Preview, _) => ("规则预览", REVIEW_BLUE),
                    (_, Mode::Fill) => ("填报模式", DONE_GREEN),
                    (_, Mode::Review) => ("审核模式", REVIEW_BLUE),
                };
                ui.label(RichText::new(text).strong().color(color));
            });
        });
    }

    fn mode_menu(&mut self, ui: &mut egui::Ui) {
        ui.menu_button("模式", |ui| {
            for mode in [Mode::Fill, Mode::Review] {
                let cmd = Command::SwitchMode(mode);
                if ui
                    .radio(self.session.mode() == mode, cmd.label())
                    .on_hover_text(cmd.tooltip())
                    .clicked()
                {
                    self.queue(cmd);
                    ui.close();
                }
            }
            // The office's key goes with its reviews to its other PC (审核 is the office's).
            ui.separator();
            self.command_button(ui, Command::ExportKey, true);
            self.command_button(ui, Command::ImportKey, true);
        });
    }
}
