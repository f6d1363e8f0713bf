//! Ruleset flows: a ruleset file checked (every finding at once) and, when usable, added to
//! the known rulesets and remembered; which scheme a new sheet is on. The dialogs that show
//! them are `ui::scheme::rulesets`.

use crate::catalog::{Catalog, LoadedRuleset, load_ruleset_file, remember};
use crate::document::Pending;
use crate::ruleset_watch::CheckLine;
use crate::ui::app::KaopingApp;
use crate::ui::dialog_kinds::RulesetAnswer;
use crate::ui::dialog_kinds::{Dialog, RulesetReport};
use crate::ui::scheme::rulesets::{change_lines, nearest_earlier};
use std::path::Path;
use std::sync::Arc;

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

    /// The answer to the ruleset dialog, acted on.
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

impl KaopingApp {
    /// 导出考核方案表格…: the scheme of the sheet on screen as a workbook for WPS/Excel.
    pub fn export_scheme_to(&mut self, path: &Path) -> bool {
        let written = crate::workbook::write_workbook(&self.session.ruleset().ruleset)
            .and_then(|bytes| crate::fsio::write_atomic(path, &bytes).map_err(|e| e.to_string()));
        match written {
            Ok(()) => {
                self.status = format!(
                    "已导出考核方案表格：{}（在 WPS 或 Excel 中修改后，用“打开考核规则…”检查）",
                    path.display()
                );
                if let Some(folder) = path.parent() {
                    self.status_folder = Some((self.status.clone(), folder.to_path_buf()));
                }
                true
            }
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "无法导出考核方案表格".into(),
                    body: format!("{e}\n\n请换一个位置再导出。"),
                });
                false
            }
        }
    }

    /// 导出审核密钥…: this PC's key into `path`, for the office's other PC.
    pub fn export_key_to(&mut self, path: &Path) -> bool {
        match crate::office_key::export_own_key(path) {
            Ok(id) => {
                self.status = format!(
                    "已导出审核密钥 {id}：{}。在本处另一台电脑上“模式 → 导入审核密钥…”；切勿发给各单位",
                    path.display()
                );
                true
            }
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "无法导出审核密钥".into(),
                    body: e,
                });
                false
            }
        }
    }

    /// 导入审核密钥…: the office's other PC's key; the comparison is read again, since its
    /// reviews now count.
    pub fn import_key_from(&mut self, path: &Path) -> bool {
        match crate::office_key::import_key(path) {
            Ok(id) => {
                self.status = format!("已导入审核密钥 {id}：用它保存的审核在本机也算本处的审核");
                let catalog = self.catalog.clone();
                if let Some(c) = &mut self.comparison {
                    c.reload(&catalog);
                }
                true
            }
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "无法导入审核密钥".into(),
                    body: format!("{e}\n\n请选本处另一台电脑用“导出审核密钥…”存下的文件。"),
                });
                false
            }
        }
    }

    /// 发布空白表…: one blank sheet per unit of the scheme on screen, into `folder`; nothing
    /// is written over a sheet already there.
    pub fn blank_sheets_into(&mut self, folder: &Path) -> bool {
        let loaded = self.session.shared_ruleset();
        match crate::sheet::blank::write_blank_sheets(&loaded, folder, false) {
            Ok(written) => {
                self.status = format!(
                    "已在 {} 新建{}份空白考评表（{}），可分别发给各单位",
                    folder.display(),
                    written.len(),
                    loaded.ruleset.title
                );
                self.status_folder = Some((self.status.clone(), folder.to_path_buf()));
                true
            }
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "没有发布空白表".into(),
                    body: e,
                });
                false
            }
        }
    }
}
