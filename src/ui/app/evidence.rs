//! The 佐证材料 flows: a file chosen for an item, a 盖章扫描件, the 提交包 (asked, checked
//! against the mail limit, written), and handing a file to the system's program. The work
//! itself is the core's (`crate::evidence`, `crate::package`, `Session::attach_*`); the
//! panel that lists them is `ui::sheet::evidence`.

use crate::evidence::human_size;
use crate::package;
use crate::ui::app::KaopingApp;
use crate::ui::app::jobs::Finished;
use crate::ui::dialog_kinds::{Dialog, Purpose};
use std::path::{Path, PathBuf};

impl KaopingApp {
    /// 添加文件…: asks for a file to attach to the item; a new sheet is saved first.
    pub fn add_evidence(&mut self, item_id: &str) {
        if self.session.path().is_none() {
            self.status = "请先保存考评表：佐证材料存放在考评表文件旁边的文件夹中".into();
            self.save_as();
            return;
        }
        let folder = self.attach_folder();
        self.ask_path(
            Purpose::AddEvidence(item_id.to_string()),
            folder,
            String::new(),
        );
    }

    /// The sheet's 台账 as a workbook at `path`.
    pub(in crate::ui) fn export_ledgers_to(&mut self, path: &Path) -> bool {
        let written = crate::ledger_book::export(
            &self.session.ruleset().ruleset,
            &self.session.sheet().ledgers,
        )
        .and_then(|bytes| crate::fsio::write_atomic(path, &bytes).map_err(|e| e.to_string()));
        match written {
            Ok(()) => {
                self.status = format!("已导出台账：{}", path.display());
                self.offer_folder_of(path);
                true
            }
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "无法导出台账".into(),
                    body: e,
                });
                false
            }
        }
    }

    /// A table kept in WPS/Excel read into a ledger: every row checked, nothing taken unless
    /// all are right (each wrong cell said by row and column), one undo step.
    pub(in crate::ui) fn import_ledger_from(&mut self, ledger: &str, path: &Path) -> bool {
        let Some(l) = self.session.ledger(ledger).cloned() else {
            return false;
        };
        let read = crate::fsio::read_limited(path, crate::fsio::MAX_FILE_BYTES)
            .and_then(|bytes| crate::workbook::read_tables(&bytes));
        let drafts = match read {
            Err(e) => Err(vec![format!("无法读取“{}”：{e}", path.display())]),
            Ok(tables) => crate::ledger_book::import(&l, &tables)
                .map_err(|errors| errors.iter().map(|e| e.to_string()).collect()),
        };
        match drafts {
            Ok(drafts) => {
                self.apply_edit(crate::document::Edit::ImportLedger {
                    ledger: ledger.to_string(),
                    drafts,
                });
                true
            }
            Err(lines) => {
                let shown: Vec<String> = lines.iter().take(20).cloned().collect();
                let more = lines.len().saturating_sub(shown.len());
                self.dialog = Some(Dialog::Message {
                    title: "没有导入任何记录".into(),
                    body: format!(
                        "{}{}\n\n请在表格中改正后再导入。",
                        shown.join("\n"),
                        if more > 0 {
                            format!("\n……另有{more}处")
                        } else {
                            String::new()
                        }
                    ),
                });
                false
            }
        }
    }

    /// 添加文件… of a 台账 entry: asks for files (a new sheet is saved first).
    pub(in crate::ui) fn add_ledger_file(&mut self, ledger: String, id: u32) {
        if self.session.path().is_none() {
            self.status = "请先保存考评表：佐证材料存放在考评表文件旁边的文件夹中".into();
            self.save_as();
            return;
        }
        let folder = self.attach_folder();
        self.ask_path(Purpose::AddLedgerFile { ledger, id }, folder, String::new());
    }

    /// A file chosen for a 台账 entry, copied beside the sheet and recorded (one undo step).
    pub(in crate::ui) fn ledger_file_chosen(&mut self, ledger: &str, id: u32, path: &Path) -> bool {
        match self.session.attach_ledger_file(ledger, id, path) {
            Ok(title) => {
                self.status = format!("已添加台账记录的佐证材料“{title}”");
                true
            }
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "无法添加佐证材料".into(),
                    body: e.to_string(),
                });
                false
            }
        }
    }

    /// Files chosen (or dropped) for an item: copied into the sheet's folder beside the
    /// window (a 190 MB recording takes a while), then recorded in the sheet. A file that
    /// cannot be taken stops the rest and says why; those copied before it stay attached.
    pub fn attach_files(&mut self, item_id: &str, sources: Vec<PathBuf>) {
        let Some(sheet_path) = self.session.path().map(Path::to_path_buf) else {
            self.status = "请先保存考评表：佐证材料存放在考评表文件旁边的文件夹中".into();
            return;
        };
        let sheet = self.session.sheet().clone();
        let loaded = self.session.shared_ruleset();
        let item_id = item_id.to_string();
        self.start_work("添加佐证材料", move |progress| {
            let mut copied = Vec::new();
            let mut failed = None;
            for source in &sources {
                match crate::evidence::copy_for_item(
                    &sheet,
                    &loaded,
                    &sheet_path,
                    &item_id,
                    source,
                    None,
                    copied.len(),
                    progress,
                ) {
                    Ok(c) => copied.push(c),
                    Err(e) => {
                        failed = Some(e);
                        break;
                    }
                }
            }
            Finished::Attached {
                item_id,
                copied,
                failed,
            }
        });
    }

    /// Copies made for an item recorded in the sheet; said in the status line (and a
    /// failure in a dialog, unless it was 取消).
    pub(in crate::ui) fn files_attached(
        &mut self,
        item_id: &str,
        copied: Vec<crate::evidence::Copied>,
        failed: Option<crate::evidence::EvidenceError>,
    ) {
        let titles = self.session.record_evidence(copied);
        let place = crate::scoring::item_location(&self.session.ruleset().ruleset, item_id);
        self.status = match titles.as_slice() {
            [] => String::new(),
            [one] => format!("已添加佐证材料“{one}”到{place}"),
            many => format!("已添加{}个佐证材料到{place}", many.len()),
        };
        match failed {
            Some(crate::evidence::EvidenceError::Cancelled) => {
                self.status = if titles.is_empty() {
                    "已取消：没有添加佐证材料".into()
                } else {
                    format!("已取消：{}，其余没有添加", self.status)
                };
            }
            Some(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "无法添加佐证材料".into(),
                    body: e.to_string(),
                })
            }
            None => {}
        }
    }

    /// Where 添加 starts: the folder files were last taken from, else the sheet's.
    fn attach_folder(&self) -> PathBuf {
        self.last_attach_folder
            .clone()
            .filter(|f| f.is_dir())
            .unwrap_or_else(|| self.current_folder())
    }

    /// 添加盖章扫描件…
    pub fn add_scan(&mut self) {
        if self.session.path().is_none() || self.session.is_modified() {
            self.dialog = Some(Dialog::Message {
                title: "先保存并打印".into(),
                body:
                    "盖章扫描件要对应保存并打印的那一版：请先保存、打印、签字盖章，再添加扫描件。"
                        .into(),
            });
            return;
        }
        let folder = self.attach_folder();
        self.ask_path(Purpose::AddScan, folder, String::new());
    }

    pub fn scan_chosen(&mut self, source: &Path) -> bool {
        match self.session.attach_scan(source) {
            Ok(fingerprint) => {
                self.status = format!(
                    "已添加盖章扫描件（内容指纹 {}），请保存",
                    fingerprint.get(..8).unwrap_or_default()
                );
                true
            }
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "无法添加盖章扫描件".into(),
                    body: e.to_string(),
                });
                false
            }
        }
    }

    /// 生成提交包…: saves first, then (beside the window: every attachment is hashed) says
    /// what the package holds, its size against the mail limit and what is missing, before
    /// asking where to write it.
    pub fn make_package(&mut self) {
        if (self.session.is_modified() || self.session.path().is_none()) && !self.save() {
            return;
        }
        let Some(path) = self.session.path().map(Path::to_path_buf) else {
            return;
        };
        let catalog = self.catalog.clone();
        self.start_work("生成提交包", move |progress| {
            Finished::Planned(
                crate::sheet::open_sheet(&path, &catalog)
                    .map_err(package::PackageError::from)
                    .and_then(|opened| package::plan_with(&opened, &path, progress)),
            )
        });
    }

    /// The package's contents checked: what it will hold, or why it cannot be made.
    pub(in crate::ui) fn package_planned(
        &mut self,
        planned: Result<package::Plan, package::PackageError>,
    ) {
        match planned {
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "无法生成提交包".into(),
                    body: e.to_string(),
                })
            }
            Ok(plan) if !plan.broken.is_empty() => {
                self.dialog = Some(Dialog::Message {
                    title: "无法生成提交包".into(),
                    body: format!(
                        "{}\n\n请重新添加或删除这些佐证材料。",
                        plan.broken.join("\n")
                    ),
                })
            }
            Ok(plan) => {
                self.dialog = Some(Dialog::Package {
                    contents: plan.contents(),
                    file_name: plan.file_name,
                    files: plan.files.len(),
                    bytes: plan.total_bytes,
                    missing: plan.missing,
                });
            }
        }
    }

    /// 缩小所有大图片 in the package dialog: shrinks, saves, and shows the package again.
    pub(in crate::ui) fn shrink_images_for_package(&mut self) {
        let (count, saved) = self.session.shrink_large_images();
        self.make_package();
        self.status = format!("已缩小{count}张图片，少了 {}", human_size(saved));
    }

    /// The package confirmed: where to write it.
    pub(in crate::ui) fn ask_package_path(&mut self, file_name: String) {
        let folder = self.current_folder();
        self.ask_path(Purpose::WritePackage, folder, file_name);
    }

    /// Where to write the package chosen: it is written beside the window (its files checked
    /// again and streamed into a temporary file that becomes the package).
    pub fn package_chosen(&mut self, out: &Path) -> bool {
        let Some(path) = self.session.path().map(Path::to_path_buf) else {
            return false;
        };
        let catalog = self.catalog.clone();
        let out = out.to_path_buf();
        self.start_work("生成提交包", move |progress| {
            Finished::Packaged(package::write_with(
                &path,
                &catalog,
                Some(&out),
                chrono::Local::now().fixed_offset(),
                progress,
            ))
        });
        true
    }

    pub(in crate::ui) fn package_written(
        &mut self,
        written: Result<package::Written, package::PackageError>,
    ) {
        match written {
            Ok(w) => {
                self.status = format!(
                    "已生成提交包 {}（{}个文件，{}）",
                    w.path.display(),
                    w.files,
                    human_size(w.bytes)
                );
                self.last_package = Some(w.path);
            }
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "无法生成提交包".into(),
                    body: e.to_string(),
                });
            }
        }
    }

    /// Opens a file in the system's program for it (never in tests: `open_after_print`).
    pub fn open_with_system(&mut self, path: &Path) {
        self.last_opened = Some(path.to_path_buf());
        if !self.open_after_print {
            self.status = format!("打开 {}", path.display());
            return;
        }
        match opener::open(path) {
            Ok(()) => self.status = format!("已打开 {}", path.display()),
            Err(e) => self.status = format!("无法打开 {}：{e}", path.display()),
        }
    }
}
