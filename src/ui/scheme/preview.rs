//! 查看 → 规则预览 (and `kaoping preview RULES.ron`): the sheet as a clerk will see it, on the
//! ruleset file being written, re-read whenever the file is saved; the check's findings with
//! their lines below it; a sample-filled mode to see scores move; the changes against another
//! known scheme. The document being worked on is set aside meanwhile and comes back as it was.

use crate::catalog::LoadedRuleset;
pub use crate::ui::scheme::preview_state::{Preview, SetAside};
use crate::ui::{ERROR_RED, WARNING_ORANGE};
use egui::RichText;

/// What the preview's bar asks for, after it is drawn (a `Command::PreviewBar`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BarAnswer {
    /// 示例填写 switched or 重新读取: the sheet on screen made again.
    Refresh,
    /// 关闭预览: the document set aside comes back.
    Close,
}

/// The bar above the preview: which file, how fresh, 示例填写, 关闭预览.
pub fn bar(p: &mut Preview, ui: &mut egui::Ui) -> Option<BarAnswer> {
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
        Some(BarAnswer::Close)
    } else if refresh {
        Some(BarAnswer::Refresh)
    } else {
        None
    }
}

/// Below the sheet: the check's findings (or the changes against another scheme, chosen
/// from the `usable` ones). Returns whether that choice changed (the changes are listed anew).
pub fn findings(
    p: &mut Preview,
    usable: &[std::sync::Arc<LoadedRuleset>],
    ui: &mut egui::Ui,
) -> bool {
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
    compare_changed
}
