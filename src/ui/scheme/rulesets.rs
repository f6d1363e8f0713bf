//! Rulesets in the window: 打开考核规则… (or a dropped `.ron`, or `kaoping RULES.ron`) checks
//! the file and lists every finding with its line at once; a usable one joins the known
//! rulesets, is remembered in the data folder, and can be used at once. 新建 asks which scheme
//! when more than one is known.

use crate::catalog::{Catalog, LoadedRuleset, load_ruleset_file, remember};
use crate::document::Pending;
use crate::ruleset_watch::CheckLine;
use crate::ui::app::KaopingApp;
use crate::ui::dialog_kinds::{Dialog, RulesetReport};
use crate::ui::{ERROR_RED, WARNING_ORANGE};
use egui::RichText;
use std::path::Path;
use std::sync::Arc;

/// What was pressed in the ruleset dialog.
pub enum RulesetAnswer {
    NewOn(String),
    Preview(std::path::PathBuf),
    Close,
}

impl KaopingApp {
    /// Checks a ruleset file and says what was found; a usable one is added and remembered.
    pub fn open_ruleset_path(&mut self, path: &Path) -> bool {
        let mut report = RulesetReport {
            path: path.to_path_buf(),
            name: None,
            lines: Vec::new(),
            usable: false,
            sha256: None,
            changes: Vec::new(),
        };
        match load_ruleset_file(path) {
            Ok(loaded) => {
                report.name = Some(loaded.display_name());
                report.lines = CheckLine::of_findings(&loaded);
                report.usable = !loaded.has_errors();
                if let Some(base) = nearest_earlier(&self.catalog, &loaded) {
                    report.changes = change_lines(&base, &loaded);
                }
                if report.usable {
                    let added = self.catalog.add(loaded);
                    report.sha256 = Some(added.sha256.clone());
                    self.status = format!("已载入考核规则 {}", added.display_name());
                    if let Some(folder) = &self.rulesets_folder
                        && let Err(e) = remember(folder, &added)
                    {
                        self.status = format!("{}；但没能记住它：{e}", self.status);
                    }
                }
            }
            Err(e) => report.lines = CheckLine::of_load_error(&e),
        }
        let usable = report.usable;
        self.dialog = Some(Dialog::Ruleset(report));
        usable
    }

    /// Knows the rulesets remembered in `folder` and remembers new ones there.
    pub fn remember_rulesets_in(&mut self, folder: Option<std::path::PathBuf>) {
        let Some(folder) = folder else { return };
        let (catalog, skipped) = Catalog::with_remembered(&folder);
        self.catalog = catalog;
        self.rulesets_folder = Some(folder);
        if !skipped.is_empty() {
            self.status = format!(
                "有{}份以前打开过的考核规则不能再使用（{}）",
                skipped.len(),
                crate::ruleset::excerpt(&skipped.join("；"))
            );
        }
    }

    /// 新建: on the only scheme known, or asks which.
    pub(in crate::ui) fn ask_which_ruleset(&mut self) {
        let usable = self.catalog.usable();
        if usable.len() <= 1 {
            self.new_document();
            return;
        }
        let current = &self.session.ruleset().sha256;
        let choice = usable
            .iter()
            .position(|r| &r.sha256 == current)
            .unwrap_or(0);
        self.dialog = Some(Dialog::ChooseRuleset { choice });
    }

    /// A new sheet on the known ruleset with this hash.
    pub(in crate::ui) fn new_on(&mut self, sha256: &str) {
        let Some(loaded) = self
            .catalog
            .rulesets
            .iter()
            .find(|r| r.sha256 == sha256)
            .cloned()
        else {
            self.new_document();
            return;
        };
        self.session.new_document_on(loaded.clone());
        self.document_replaced();
        self.status = format!("已新建考评表（{}）", loaded.display_name());
        self.sheet_view.focus_unit_picker = true;
    }

    /// The known rulesets a new sheet can use, for the chooser.
    pub(in crate::ui) fn usable_rulesets(&self) -> Vec<Arc<LoadedRuleset>> {
        self.catalog.usable()
    }
}

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
fn nearest_earlier(catalog: &Catalog, loaded: &LoadedRuleset) -> Option<Arc<LoadedRuleset>> {
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

/// The answer to the ruleset dialog, acted on.
impl KaopingApp {
    pub(in crate::ui) fn ruleset_answered(&mut self, answer: RulesetAnswer) {
        match answer {
            RulesetAnswer::NewOn(sha) => self.guard_unsaved(Pending::NewOn(sha)),
            RulesetAnswer::Preview(path) => {
                self.start_preview(&path);
            }
            RulesetAnswer::Close => {}
        }
    }
}
