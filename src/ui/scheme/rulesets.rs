//! Rulesets in the window: 打开考核规则… (or a dropped `.ron`, or `kaoping RULES.ron`) checks
//! the file and lists every finding with its line at once; a usable one joins the known
//! rulesets, is remembered in the data folder, and can be used at once. 新建 asks which scheme
//! when more than one is known.

use crate::catalog::{Catalog, LoadedRuleset};
use crate::ruleset_watch::CheckLine;
use crate::ui::dialog_kinds::{RulesetAnswer, RulesetReport};
use crate::ui::{ERROR_RED, WARNING_ORANGE};
use egui::RichText;
use std::sync::Arc;

/// What changed from `old` to `new`, for people: a first line naming `old`, then one line
/// per change (or 没有改动).
pub fn change_lines(old: &LoadedRuleset, new: &LoadedRuleset) -> Vec<String> {
    let mut lines = vec![format!("与 {} 相比：", old.display_name())];
    let changes = crate::ruleset_diff::diff(&old.ruleset, &new.ruleset);
    if changes.is_empty() {
        lines.push("没有改动".into());
    }
    lines.extend(changes.iter().map(ToString::to_string));
    lines
}

/// The known scheme a new one most likely follows: the latest year before it (else any
/// other), so the dialog can say what changed.
pub(in crate::ui) fn nearest_earlier(
    catalog: &Catalog,
    loaded: &LoadedRuleset,
) -> Option<Arc<LoadedRuleset>> {
    let others = catalog
        .rulesets
        .iter()
        .filter(|r| r.sha256 != loaded.sha256 && !r.has_errors());
    others
        .filter(|r| r.ruleset.year <= loaded.ruleset.year)
        .max_by_key(|r| (r.ruleset.year, r.ruleset.id == loaded.ruleset.id))
        .cloned()
}

/// The list of findings, red errors and orange warnings, scrolled when long.
pub fn findings_list(ui: &mut egui::Ui, lines: &[CheckLine], height: f32) {
    egui::ScrollArea::vertical()
        .id_salt("ruleset-findings")
        .max_height(height)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for l in lines {
                let color = if l.error { ERROR_RED } else { WARNING_ORANGE };
                ui.label(RichText::new(&l.text).color(color));
            }
        });
}

/// The dialog after a ruleset file was checked.
pub fn ruleset_dialog(ui: &mut egui::Ui, report: &RulesetReport) -> Option<RulesetAnswer> {
    let errors = report.lines.iter().filter(|l| l.error).count();
    let warnings = report.lines.len() - errors;
    if report.usable {
        crate::ui::widgets::dialog_heading(ui, "考核规则已载入");
    } else {
        crate::ui::widgets::dialog_heading(
            ui,
            RichText::new("考核规则有错误，不能使用").color(ERROR_RED),
        );
    }
    ui.label(format!("文件：{}", report.path.display()));
    if let Some(name) = &report.name {
        ui.label(name.as_str());
    }
    ui.label(format!("检查结果：{errors}个错误，{warnings}个警告"));
    findings_list(ui, &report.lines, 220.0);
    if !report.changes.is_empty() {
        egui::CollapsingHeader::new(format!(
            "改动（{}处）",
            report.changes.len().saturating_sub(1)
        ))
        .id_salt("ruleset-changes")
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("ruleset-changes-list")
                .max_height(180.0)
                .show(ui, |ui| {
                    for c in &report.changes {
                        ui.label(c.as_str());
                    }
                });
        });
    }
    if !report.usable {
        ui.label("请用文字编辑器改正上面列出的错误（每条都注明了行号），保存后再打开。用“规则预览”可以边改边看。");
    } else {
        ui.label("以后新建考评表时可以选用它（本机已记住这份规则）。");
    }
    ui.label(RichText::new("“规则预览”：看填表人将看到的考评表；文件一保存就重新读取。").weak());
    let mut labels = Vec::new();
    if report.sha256.is_some() {
        labels.push("用它新建考评表");
    }
    labels.extend(["规则预览", "关闭"]);
    let pressed = crate::ui::widgets::dialog_buttons(ui, &labels)?;
    Some(match labels.get(pressed).copied() {
        Some("用它新建考评表") => {
            RulesetAnswer::NewOn(report.sha256.clone().unwrap_or_default())
        }
        Some("规则预览") => RulesetAnswer::Preview(report.path.clone()),
        _ => RulesetAnswer::Close,
    })
}

/// 新建 with several schemes known: which one. Returns the chosen hash, or `Some(None)` for
/// 取消.
pub fn choose_ruleset_dialog(
    ui: &mut egui::Ui,
    choice: &mut usize,
    usable: &[Arc<LoadedRuleset>],
) -> Option<Option<String>> {
    crate::ui::widgets::dialog_heading(ui, "新建考评表：选择考核规则");
    for (n, r) in usable.iter().enumerate() {
        let whence = match r.origin {
            crate::catalog::Origin::Builtin => "程序内置",
            _ => "已打开过的规则文件",
        };
        if ui
            .radio(
                *choice == n,
                format!(
                    "{}年 {}（{} 版本 {}）— {whence}",
                    r.ruleset.year, r.ruleset.title, r.ruleset.id, r.ruleset.version
                ),
            )
            .clicked()
        {
            *choice = n;
        }
    }
    match crate::ui::widgets::dialog_buttons(ui, &["新建考评表", "取消"])? {
        0 => Some(usable.get(*choice).map(|r| r.sha256.clone())),
        _ => Some(None),
    }
}
