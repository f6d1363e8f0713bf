//! The 佐证材料 flows: a file chosen for an item, a 盖章扫描件, the 提交包 (asked, checked
//! against the mail limit, written), and handing a file to the system's program. The work
//! itself is the core's (`crate::evidence`, `crate::package`, `Session::attach_*`); the
//! panel that lists them is `ui::sheet::evidence`.

use crate::evidence::human_size;
use crate::package;
use crate::ui::app::KaopingApp;
use crate::ui::dialog_kinds::{Dialog, Purpose};
use std::path::Path;

impl KaopingApp {
    /// 添加文件…: asks for a file to attach to the item; a new sheet is saved first.
    pub fn add_evidence(&mut self, item_id: &str) {
        if self.session.path().is_none() {
            self.status = "请先保存考评表：佐证材料存放在考评表文件旁边的文件夹中".into();
            self.save_as();
            return;
        }
        let folder = self.current_folder();
        self.ask_path(
            Purpose::AddEvidence(item_id.to_string()),
            folder,
            String::new(),
        );
    }

    /// A file chosen (or dropped) for an item.
    pub fn evidence_chosen(&mut self, item_id: &str, source: &Path) -> bool {
        match self.session.attach_evidence(item_id, source) {
            Ok(title) => {
                self.status = format!(
                    "已添加佐证材料“{title}”到{}",
                    crate::scoring::item_location(&self.session.ruleset().ruleset, item_id)
                );
                true
            }
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "无法添加佐证材料".into(),
                    body: e,
                });
                false
            }
        }
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
        let folder = self.current_folder();
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
                    body: e,
                });
                false
            }
        }
    }

    /// 生成提交包…: saves first, then says what the package holds, its size against the
    /// mail limit and what is missing, before asking where to write it.
    pub fn make_package(&mut self) {
        if (self.session.is_modified() || self.session.path().is_none()) && !self.save() {
            return;
        }
        let Some(path) = self.session.path().map(Path::to_path_buf) else {
            return;
        };
        let planned = crate::sheet::open_sheet(&path, &self.catalog)
            .map_err(|e| e.to_string())
            .and_then(|opened| package::plan(&opened, &path));
        match planned {
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "无法生成提交包".into(),
                    body: e,
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

    pub fn package_chosen(&mut self, out: &Path) -> bool {
        let Some(path) = self.session.path().map(Path::to_path_buf) else {
            return false;
        };
        match package::write(&path, &self.catalog, Some(out)) {
            Ok(w) => {
                self.status = format!(
                    "已生成提交包 {}（{}个文件，{}）",
                    w.path.display(),
                    w.files,
                    human_size(w.bytes)
                );
                self.last_package = Some(w.path);
                true
            }
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "无法生成提交包".into(),
                    body: e,
                });
                false
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
