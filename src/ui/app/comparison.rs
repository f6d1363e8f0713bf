//! The comparison's flows: files and folders added (a file already there is not added
//! twice), one taken out, exports, the years side by side, and the comparison's commands
//! (`CompareCommand`) as the view queues them. The numbers are the core's (`summary`).

use crate::compared::Comparison;
use crate::document::Pending;
use crate::export::{ExportFormat, export};
use crate::summary::{SortKey, same_file};
use crate::ui::app::jobs::Finished;
use crate::ui::app::{KaopingApp, View};
use crate::ui::commands::CompareCommand;
use crate::ui::dialog_kinds::{Dialog, Purpose};
use std::path::{Path, PathBuf};

impl KaopingApp {
    /// Runs one of the comparison's commands.
    pub(super) fn run_compare(&mut self, cmd: CompareCommand) {
        match cmd {
            CompareCommand::Show => self.view = View::Comparison,
            CompareCommand::AddFiles => self.pick_files_for_comparison(),
            CompareCommand::AddFolder => self.pick_folder_for_comparison(),
            CompareCommand::Reload => {
                if let Some(c) = &self.comparison {
                    let (inputs, excluded, sort) = (c.inputs.clone(), c.excluded.clone(), c.sort);
                    self.read_comparison(inputs, excluded, sort, Some("已重新读取".into()));
                }
            }
            CompareCommand::Export(format) => self.export_dialog(format),
            CompareCommand::ExportYears => {
                let folder = self.export_folder();
                self.ask_path(Purpose::ExportYears, folder, "年度对照表.csv".into());
            }
            CompareCommand::Years => self.show_years(),
            CompareCommand::Clear => {
                self.comparison = None;
                self.comparison_view.status = "已清空汇总".into();
            }
            CompareCommand::Exclude(path) => self.exclude_from_comparison(&path),
            CompareCommand::Distribute => self.ask_distribute(false),
            CompareCommand::ScoreCategory => self.ask_distribute(true),
            CompareCommand::Collect => {
                let folder = self.export_folder();
                self.ask_path(Purpose::ImportScoringSheet, folder, String::new());
            }
            CompareCommand::ExportBulletin(file) => {
                let Some(c) = &self.comparison else { return };
                let name = format!(
                    "{}年度考核通报.{}",
                    c.summary.ruleset.ruleset.year,
                    file.extension()
                );
                let folder = self.export_folder();
                self.ask_path(Purpose::ExportBulletin(file), folder, name);
            }
            CompareCommand::OpenSheet(path) => {
                self.view = View::Sheet;
                self.guard_unsaved(Pending::Open(Some(path)));
                if self.session.mode() == crate::document::Mode::Fill && self.dialog.is_none() {
                    self.status
                        .push_str("。要填写考核得分，请在“模式”菜单中切换到审核模式");
                }
            }
        }
    }

    /// Adds files or folders to the comparison (a file already there is not added twice)
    /// and shows it, once read (beside the window: a folder of a thousand sheets takes a while).
    pub fn add_to_comparison(&mut self, paths: Vec<PathBuf>) {
        let (mut inputs, mut excluded, sort) = match &self.comparison {
            Some(c) => (c.inputs.clone(), c.excluded.clone(), c.sort),
            None => (Vec::new(), Vec::new(), SortKey::default()),
        };
        for p in paths {
            excluded.retain(|e| !same_file(e, &p));
            if !inputs.iter().any(|i| same_file(i, &p)) {
                inputs.push(p);
            }
        }
        self.read_comparison(inputs, excluded, sort, None);
    }

    /// Reads the comparison of `inputs` beside the window; `said` is the status once read
    /// (None: what was received).
    fn read_comparison(
        &mut self,
        inputs: Vec<PathBuf>,
        excluded: Vec<PathBuf>,
        sort: SortKey,
        said: Option<String>,
    ) {
        let catalog = self.catalog.clone();
        let years = self.comparison.as_ref().is_some_and(|c| c.years.is_some());
        self.start_work("读取汇总", move |progress| {
            let mut c = Comparison::load_with(inputs, excluded, &catalog, progress);
            c.sort = sort;
            if years && !progress.cancelled() {
                c.years = c.years_table(&catalog).ok();
            }
            Finished::Compared {
                comparison: (!progress.cancelled()).then(|| Box::new(c)),
                said,
            }
        });
    }

    /// A comparison read: shown, with what was received (or `said`).
    pub(super) fn comparison_loaded(&mut self, c: Comparison, said: Option<String>) {
        let s = &c.summary;
        self.comparison_view.status = said.unwrap_or_else(|| {
            format!(
                "汇总：{}个单位中已收到{}个，未提交{}个{}{}",
                s.ruleset.ruleset.units.len(),
                s.rows
                    .iter()
                    .filter(|r| r.sheet.is_some() && !r.duplicate)
                    .count()
                    + s.duplicates.len(),
                s.missing().len(),
                if s.duplicates.is_empty() {
                    String::new()
                } else {
                    format!("，{}个单位有重复文件", s.duplicates.len())
                },
                if s.failures.is_empty() {
                    String::new()
                } else {
                    format!("，{}个文件未计入", s.failures.len())
                }
            )
        });
        self.comparison = Some(c);
        self.view = View::Comparison;
    }

    /// Takes one file out of the comparison (one of two for a unit, say).
    pub fn exclude_from_comparison(&mut self, path: &Path) {
        if let Some(c) = &self.comparison {
            let mut inputs = c.inputs.clone();
            inputs.retain(|i| !same_file(i, path));
            let mut excluded = c.excluded.clone();
            excluded.push(path.to_path_buf());
            let said = format!("已将“{}”移出汇总（文件本身没有改动）", path.display());
            self.read_comparison(inputs, excluded, c.sort, Some(said));
        }
    }

    /// Writes the comparison to `path`, as its extension asks (.xlsx, .csv, .pdf).
    pub fn export_comparison_to(&mut self, path: &Path) -> bool {
        let Some(c) = &self.comparison else {
            return false;
        };
        let Some(format) = ExportFormat::from_path(path) else {
            self.dialog = Some(Dialog::Message {
                title: "无法导出".into(),
                body: format!("“{}”的扩展名须为 .xlsx、.csv 或 .pdf。", path.display()),
            });
            return false;
        };
        let written = export(&c.summary, c.sort, format)
            .and_then(|bytes| crate::fsio::write_atomic(path, &bytes).map_err(|e| e.to_string()));
        match written {
            Ok(()) => {
                let status = format!("已导出：{}", path.display());
                self.exported(path, status, format == ExportFormat::Pdf);
                true
            }
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "导出失败".into(),
                    body: format!("{e}\n\n汇总表仍在窗口中，请换一个位置再导出。"),
                });
                false
            }
        }
    }

    pub(super) fn export_dialog(&mut self, format: ExportFormat) {
        let Some(c) = &self.comparison else {
            return;
        };
        let name = format!(
            "{}年度绩效考核汇总.{}",
            c.summary.ruleset.ruleset.year,
            format.extension()
        );
        let folder = self.export_folder();
        self.ask_path(Purpose::Export(format), folder, name);
    }

    /// Where exports are offered: the folder of the last export, else the folder compared
    /// (never the review copy of the sheet last opened).
    pub(super) fn export_folder(&self) -> PathBuf {
        self.last_export_folder
            .clone()
            .filter(|f| f.is_dir())
            .or_else(|| {
                let c = self.comparison.as_ref()?;
                let first = c.inputs.first()?;
                Some(if first.is_dir() {
                    first.clone()
                } else {
                    first.parent()?.to_path_buf()
                })
            })
            .unwrap_or_else(|| self.current_folder())
    }

    pub(super) fn pick_files_for_comparison(&mut self) {
        self.ask_sheets_to_compare();
    }

    pub(super) fn pick_folder_for_comparison(&mut self) {
        let folder = self.current_folder();
        self.ask_path(Purpose::CompareFolder, folder, String::new());
    }

    /// 汇总 → 按项目对照各年度: the table, or why there is none.
    pub fn show_years(&mut self) {
        let catalog = self.catalog.clone();
        let Some(c) = &mut self.comparison else {
            return;
        };
        match c.years_table(&catalog) {
            Ok(t) => c.years = Some(t),
            Err(e) => self.comparison_view.status = e,
        }
        self.view = View::Comparison;
    }

    /// Writes the 通报 shown (its grades and date as set in the view) as a PDF or a Word file,
    /// beside the window (its charts and pages take a while).
    pub fn export_bulletin_to(&mut self, path: &Path, file: crate::bulletin::BulletinFile) -> bool {
        let Some(c) = &self.comparison else {
            return false;
        };
        let b = self.bulletin_view.bulletin(&c.summary);
        let path = path.to_path_buf();
        self.start_work("导出考核通报", move |progress| {
            progress.begin_files("正在排版考核通报", 0);
            let written = file.write(&b).and_then(|(bytes, pages)| {
                progress.check()?;
                progress.begin("正在写入文件", bytes.len() as u64);
                crate::fsio::write_atomic(&path, &bytes)
                    .map(|()| pages)
                    .map_err(|e| e.to_string())
            });
            Finished::Bulletin {
                path,
                draft: b.draft,
                written,
            }
        });
        true
    }

    pub(super) fn bulletin_written(
        &mut self,
        path: &Path,
        draft: bool,
        written: Result<Option<usize>, String>,
    ) {
        match written {
            Ok(pages) => {
                let status = format!(
                    "已导出考核通报：{}{}{}",
                    path.display(),
                    pages.map(|p| format!("（{p}页）")).unwrap_or_default(),
                    if draft { "，征求意见稿" } else { "" }
                );
                self.exported(path, status, true);
            }
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "无法导出考核通报".into(),
                    body: format!("{e}\n\n请换一个位置再导出。"),
                });
            }
        }
    }

    /// Writes the years side by side as CSV (Excel and WPS open it).
    pub fn export_years_to(&mut self, path: &Path) -> bool {
        let Some(table) = self.comparison.as_ref().and_then(|c| c.years.as_ref()) else {
            return false;
        };
        match crate::fsio::write_atomic(path, &crate::export::to_csv(table)) {
            Ok(()) => {
                self.comparison_view.status = format!("已导出：{}", path.display());
                true
            }
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "无法导出".into(),
                    body: e.to_string(),
                });
                false
            }
        }
    }

    /// A comparison export written to `path`: its folder is the next export's, `status` says so,
    /// and a document meant to be read (`view`) opens in the system's viewer.
    fn exported(&mut self, path: &Path, status: String, view: bool) {
        self.last_export_folder = path.parent().map(Path::to_path_buf);
        self.comparison_view.status = status;
        if view
            && self.open_after_print
            && let Err(e) = opener::open(path)
        {
            self.comparison_view.status =
                format!("已导出：{}，但无法打开查看器：{e}", path.display());
        }
    }
}
