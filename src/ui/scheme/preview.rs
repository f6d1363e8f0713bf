//! 查看 → 规则预览 (and `kaoping preview RULES.ron`): the sheet as a clerk will see it, on the
//! ruleset file being written, re-read whenever the file is saved; the check's findings with
//! their lines below it; a sample-filled mode to see scores move; the changes against another
//! known scheme. The document being worked on is set aside meanwhile and comes back as it was.

use crate::document::Session;
use crate::ruleset_watch::WatchedRuleset;
use crate::ui::app::{KaopingApp, View};
pub use crate::ui::scheme::preview_state::{Preview, SetAside};
use crate::ui::sheet::view::SheetView;
use crate::ui::{ERROR_RED, WARNING_ORANGE};
use egui::RichText;
use std::path::Path;

impl KaopingApp {
    /// Starts previewing a ruleset file (the document being worked on is set aside).
    pub fn start_preview(&mut self, path: &Path) -> bool {
        let ctx = self.repaint.clone();
        let watched = WatchedRuleset::open(path, move || {
            if let Some(ctx) = &ctx {
                ctx.request_repaint();
            }
        });
        if self.set_aside.is_none() {
            let placeholder = Session::new(None);
            // The preview starts on the row the author was looking at.
            let preview_view = SheetView {
                selected: self.sheet_view.selected,
                ..SheetView::default()
            };
            self.set_aside = Some(SetAside {
                session: std::mem::replace(&mut self.session, placeholder),
                sheet_view: std::mem::replace(&mut self.sheet_view, preview_view),
            });
        }
        let compare_with = watched
            .last_good
            .as_ref()
            .and_then(|new| {
                self.catalog
                    .usable()
                    .into_iter()
                    .filter(|r| r.sha256 != new.sha256 && r.ruleset.year <= new.ruleset.year)
                    .max_by_key(|r| r.ruleset.year)
            })
            .map(|r| r.sha256.clone());
        self.preview = Some(Preview {
            watched,
            filled: false,
            compare_with,
            show_changes: false,
            shown_reading: 0,
            changes: Vec::new(),
        });
        self.view = View::Preview;
        self.refresh_preview();
        self.status = format!("规则预览：{}", path.display());
        true
    }

    /// Ends the preview: the document set aside comes back as it was.
    pub fn close_preview(&mut self) {
        self.preview = None;
        if let Some(back) = self.set_aside.take() {
            self.session = back.session;
            self.sheet_view = back.sheet_view;
        }
        if self.view == View::Preview {
            self.view = View::Sheet;
        }
        self.sheet_view.scroll_to_selected = crate::ui::app::SCROLL_FRAMES;
    }

    /// Shows a view, ending the preview first when leaving it.
    pub fn show_view(&mut self, view: View) {
        if self.view == View::Preview && view != View::Preview {
            self.close_preview();
        }
        self.view = view;
    }

    /// Re-reads the file if it changed (each frame while the preview shows).
    pub(in crate::ui) fn poll_preview(&mut self, ctx: &egui::Context) {
        let Some(p) = &mut self.preview else { return };
        if p.watched.watch_failed.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_secs(1));
        }
        if p.watched.poll() {
            self.refresh_preview();
        }
    }

    /// The sheet on screen made again from the latest good reading.
    pub(in crate::ui) fn refresh_preview(&mut self) {
        self.update_preview_changes();
        let Some(p) = &mut self.preview else { return };
        p.shown_reading = p.watched.readings;
        if let Some((loaded, sheet, _)) = p.watched.sheet(p.filled) {
            let keep = self.sheet_view.selected;
            self.session = Session::shown(loaded, sheet);
            self.sheet_view.buffers.clear();
            self.sheet_view.selected =
                keep.min(self.session.report().items.len().saturating_sub(1));
        }
    }

    /// The changes against the scheme chosen to compare with.
    pub(in crate::ui) fn update_preview_changes(&mut self) {
        let Some(p) = &mut self.preview else { return };
        p.changes = match (&p.compare_with, &p.watched.last_good) {
            (Some(sha), Some(new)) => self
                .catalog
                .rulesets
                .iter()
                .find(|r| &r.sha256 == sha)
                .map(|old| crate::ui::scheme::rulesets::change_lines(old, new))
                .unwrap_or_default(),
            _ => Vec::new(),
        };
    }
}

/// The bar above the preview: which file, how fresh, 示例填写, 关闭预览.
pub fn bar(app: &mut KaopingApp, ui: &mut egui::Ui) {
    let Some(p) = &mut app.preview else { return };
    let mut refresh = false;
    let mut close = false;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("规则预览").strong());
        ui.label(p.watched.path.display().to_string());
        let fresh = if p.watched.current_is_good {
            format!("第{}次读取，文件一保存就重新读取", p.watched.readings)
        } else if p.watched.last_good.is_some() {
            "文件现在有错误：下面显示的是上次读取成功的版本".into()
        } else {
            "文件有错误，改正并保存后这里显示考评表".into()
        };
        let color = if p.watched.current_is_good {
            ui.visuals().weak_text_color()
        } else {
            ERROR_RED
        };
        ui.label(RichText::new(fresh).color(color));
        if let Some(e) = &p.watched.watch_failed {
            ui.label(RichText::new(e).color(WARNING_ORANGE));
        }
        if ui
            .checkbox(&mut p.filled, "示例填写")
            .on_hover_text("每项按示例数据填好，看得分怎样随规则变化")
            .changed()
        {
            refresh = true;
        }
        if ui.button("重新读取").clicked() {
            p.watched.reload();
            refresh = true;
        }
        if ui.button("关闭预览").clicked() {
            close = true;
        }
    });
    if close {
        app.close_preview();
    } else if refresh {
        app.refresh_preview();
    }
}

/// Below the sheet: the check's findings (or the changes against another scheme).
pub fn findings(app: &mut KaopingApp, ui: &mut egui::Ui) {
    let usable = app.catalog.usable();
    let Some(p) = &mut app.preview else { return };
    let mut compare_changed = false;
    ui.horizontal(|ui| {
        let errors = p.watched.errors();
        let warnings = p.watched.warnings();
        let summary = format!("检查结果：{errors}个错误，{warnings}个警告");
        let color = if errors > 0 {
            ERROR_RED
        } else {
            ui.visuals().text_color()
        };
        if ui
            .selectable_label(!p.show_changes, RichText::new(summary).color(color))
            .clicked()
        {
            p.show_changes = false;
        }
        let current = p.watched.last_good.as_ref().map(|l| l.sha256.clone());
        let others: Vec<_> = usable
            .iter()
            .filter(|r| Some(&r.sha256) != current.as_ref())
            .collect();
        if !others.is_empty() {
            if ui.selectable_label(p.show_changes, "改动").clicked() {
                p.show_changes = true;
            }
            let shown = others
                .iter()
                .find(|r| Some(&r.sha256) == p.compare_with.as_ref())
                .map(|r| {
                    format!(
                        "{}年 {} 版本 {}",
                        r.ruleset.year, r.ruleset.id, r.ruleset.version
                    )
                })
                .unwrap_or_else(|| "（不比较）".into());
            egui::ComboBox::from_label("列出改动时对照的规则")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    for r in &others {
                        let text = format!(
                            "{}年 {} 版本 {}",
                            r.ruleset.year, r.ruleset.id, r.ruleset.version
                        );
                        if ui
                            .selectable_label(Some(&r.sha256) == p.compare_with.as_ref(), text)
                            .clicked()
                        {
                            p.compare_with = Some(r.sha256.clone());
                            p.show_changes = true;
                            compare_changed = true;
                        }
                    }
                });
        }
    });
    if p.show_changes {
        egui::ScrollArea::vertical()
            .id_salt("preview-changes")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for c in &p.changes {
                    ui.label(c.as_str());
                }
            });
    } else {
        crate::ui::scheme::rulesets::findings_list(ui, &p.watched.lines, f32::INFINITY);
    }
    if compare_changed {
        app.update_preview_changes();
    }
}
