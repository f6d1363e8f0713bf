//! The 帮助 window (F1, menu 帮助): 使用说明, 快捷键 and 关于 from `crate::help`, beside the
//! sheet (not modal: the clerk reads and fills at once). Esc or 关闭 closes it.

use crate::help::{FONTS, Line, about, sections};
use crate::ui::app::KaopingApp;
use crate::ui::dialog_kinds::HelpPage;
use egui::RichText;

impl KaopingApp {
    pub(super) fn help_window(&mut self, ctx: &egui::Context) {
        let Some(mut page) = self.help else {
            return;
        };
        let mut open = true;
        if self.dialog.is_none()
            && !self.problems_open
            && !egui::Popup::is_any_open(ctx)
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
        {
            open = false;
        }
        let size = ctx.content_rect().size();
        let settings = eframe::storage_dir("kaoping");
        let rulesets = self.usable_rulesets();
        // Opened from the keyboard (F1), the window takes it: its page's tab, so Tab walks
        // its buttons and a key typed never reaches the sheet underneath.
        let take_focus = std::mem::take(&mut self.focus_overlay);
        let mut own = Vec::new();
        egui::Window::new("帮助")
            .title_bar(false)
            .default_size([
                (size.x * 0.55).clamp(420.0, 640.0),
                (size.y * 0.7).max(300.0),
            ])
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    ui.heading("帮助");
                    for (p, label) in [
                        (HelpPage::Guide, "使用说明"),
                        (HelpPage::Keys, "快捷键"),
                        (HelpPage::About, "关于"),
                    ] {
                        let r = ui.selectable_label(page == p, label);
                        if take_focus && page == p {
                            r.request_focus();
                        }
                        if r.clicked() {
                            page = p;
                        }
                        own.push(r.id);
                    }
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        let r = ui.button("关闭").on_hover_text("关闭帮助（Esc）");
                        if r.clicked() {
                            open = false;
                        }
                        own.push(r.id);
                    });
                });
                ui.separator();
                // ↑/↓ on the help's buttons scroll its text.
                let keys_here = ui
                    .ctx()
                    .memory(|m| m.focused())
                    .is_some_and(|f| own.contains(&f));
                let scroll = ui.input(|i| {
                    let step = |k| if i.key_pressed(k) { 48.0 } else { 0.0 };
                    step(egui::Key::ArrowUp) - step(egui::Key::ArrowDown)
                });
                egui::ScrollArea::vertical().show(ui, |ui| {
                    if keys_here && scroll != 0.0 {
                        ui.scroll_with_delta(egui::vec2(0.0, scroll));
                    }
                    match page {
                        HelpPage::Guide => {
                            // The sections of steps (the keys are a table, on their own page).
                            let steps = sections()
                                .into_iter()
                                .filter(|s| s.lines.iter().any(|l| matches!(l, Line::Text(_))));
                            for s in steps {
                                ui.label(RichText::new(s.title).strong());
                                for line in &s.lines {
                                    if let Line::Text(t) = line {
                                        ui.add(egui::Label::new(*t).wrap());
                                    }
                                }
                                ui.add_space(6.0);
                            }
                        }
                        HelpPage::Keys => {
                            egui::Grid::new("help-keys")
                                .striped(true)
                                .num_columns(2)
                                .show(ui, |ui| {
                                    for s in sections() {
                                        for line in &s.lines {
                                            if let Line::Row(keys, action) = line {
                                                ui.label(RichText::new(*keys).strong());
                                                ui.add(egui::Label::new(*action).wrap());
                                                ui.end_row();
                                            }
                                        }
                                    }
                                });
                        }
                        HelpPage::About => {
                            for (label, value) in about(&rulesets, settings.as_deref()) {
                                ui.horizontal_wrapped(|ui| {
                                    ui.label(RichText::new(format!("{label}：")).strong());
                                    ui.label(value);
                                });
                            }
                            ui.add_space(6.0);
                            for (n, (font, _, _)) in FONTS.iter().enumerate() {
                                let r = ui.button(format!("查看许可证：{font}"));
                                if r.clicked() {
                                    page = HelpPage::Licence(n);
                                }
                                own.push(r.id);
                            }
                        }
                        HelpPage::Licence(n) => {
                            if let Some((font, licence, text)) = FONTS.get(n) {
                                ui.label(RichText::new(format!("{font}：{licence}")).strong());
                                ui.add(egui::Label::new(RichText::new(*text).monospace()).wrap());
                            }
                        }
                    }
                });
            });
        self.help = open.then_some(page);
        let focused = ctx.memory(|m| m.focused()).filter(|f| own.contains(f));
        if open && let Some(f) = focused {
            // ↑/↓ stay in the help (they scroll it) instead of moving the keyboard to the
            // nearest widget of the sheet underneath.
            ctx.memory_mut(|m| {
                m.set_focus_lock_filter(
                    f,
                    egui::EventFilter {
                        vertical_arrows: true,
                        ..Default::default()
                    },
                )
            });
        }
        self.overlay_has_keys |= open && focused.is_some();
    }
}
