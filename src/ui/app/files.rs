//! New, open, save, save as, the unsaved-changes question and files dropped on the window.

use crate::document::{AfterAnswer, Guard, Mode, Pending, UnsavedAnswer};
use crate::ui::commands::Command;
use crate::ui::dialog_kinds::{Dialog, Purpose};
use crate::ui::{KaopingApp, View};
use std::path::{Path, PathBuf};

impl KaopingApp {
    /// Runs `then` now if nothing is unsaved, or asks 保存 / 不保存 / 取消 first.
    pub fn guard_unsaved(&mut self, then: Pending) {
        match self.session.guard(then) {
            Guard::Proceed(then) => self.proceed(then),
            Guard::Ask(then) => self.dialog = Some(Dialog::Unsaved(then)),
        }
    }

    /// The user's answer to 保存修改？ about `then`.
    pub(in crate::ui) fn answer_unsaved(&mut self, then: Pending, answer: UnsavedAnswer) {
        let catalog = self.catalog.clone();
        let switching = matches!(then, Pending::SwitchMode(_));
        match self.session.answer(then, answer, &catalog) {
            AfterAnswer::Nothing => {}
            AfterAnswer::SaveThen(then) => {
                // Saved now, or once a place is chosen: what waits for the save is a command
                // queued behind it (see `run_queued`), not carried through the dialogs.
                self.save();
                self.queue(Command::AfterSave(then));
            }
            AfterAnswer::Proceed(then) => {
                if switching {
                    self.document_replaced();
                }
                self.proceed(then);
            }
        }
    }

    pub(in crate::ui) fn proceed(&mut self, then: Pending) {
        match then {
            Pending::New => self.ask_which_ruleset(),
            Pending::NewOn(sha) => self.new_on(&sha),
            Pending::Open(Some(path)) => {
                self.open_path(&path);
            }
            Pending::Open(None) => {
                let folder = self.current_folder();
                self.ask_path(Purpose::OpenSheet, folder, String::new());
            }
            Pending::Close => {
                self.session.clear_drafts();
                self.allow_close = true;
            }
            Pending::SwitchMode(mode) => self.set_mode(mode),
            Pending::Print => self.print(),
        }
    }

    /// The folder of the open sheet, else the user's documents folder.
    pub(in crate::ui) fn current_folder(&self) -> PathBuf {
        self.session
            .path()
            .as_ref()
            .and_then(|p| p.parent())
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(crate::ui::dialog_kinds::default_folder)
    }

    pub fn new_document(&mut self) {
        self.session.new_document();
        self.document_replaced();
        self.status = "已新建考评表".into();
        self.sheet_view.focus_unit_picker = true;
    }

    /// Opens a sheet file. On failure the current work is untouched and the message shown.
    pub fn open_path(&mut self, path: &Path) -> bool {
        if crate::sheet::return_notice::is_notice(path) {
            return self.open_return_notice(path);
        }
        if crate::scoring_sheet::is_scoring_workbook(path) {
            return self.open_department_workbook(path);
        }
        let catalog = self.catalog.clone();
        match self.session.open(path, &catalog) {
            Ok(opened) => {
                self.document_replaced();
                self.status = match &opened.unpacked_to {
                    Some(dir) => format!(
                        "已打开提交包 {}（已解压到 {}）",
                        path.display(),
                        dir.display()
                    ),
                    None => format!("已打开 {}", path.display()),
                };
                if !opened.info.is_empty() {
                    // A review copy opened again is no problem: a word in the status bar.
                    self.status = format!(
                        "已打开提交包 {}：审核结果保存在其审核副本中",
                        crate::fsio::file_name(path)
                    );
                }
                if !opened.notes.is_empty() {
                    self.dialog = Some(Dialog::Message {
                        title: "打开时发现的问题".into(),
                        body: opened.notes.join("\n\n"),
                    });
                } else if let Some(resend) = opened.resend {
                    self.dialog = Some(Dialog::Message {
                        title: "单位重新提交的改动".into(),
                        body: resend,
                    });
                }
                self.take_pending_notice();
                true
            }
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "无法打开文件".into(),
                    body: format!("{e}\n\n窗口中正在编辑的内容没有改变。"),
                });
                false
            }
        }
    }

    /// Saves to the current file, or asks where first. Returns whether it was saved now
    /// (false also while the window's own 保存 dialog asks where: it saves once a place is
    /// chosen).
    /// Saved over by another window or program since it was opened, it asks first.
    pub fn save(&mut self) -> bool {
        match self.session.path().map(Path::to_path_buf) {
            Some(path) => {
                if let Some(what) = self.session.changed_on_disk(&self.catalog) {
                    self.dialog = Some(Dialog::ReplaceSheet {
                        path,
                        what,
                        own_file: true,
                    });
                    return false;
                }
                self.save_to(&path)
            }
            None => self.save_as(),
        }
    }

    /// Asks where to save (the system's dialog, or the window's own), then saves there.
    /// Returns whether it was saved now.
    pub fn save_as(&mut self) -> bool {
        let name = self.session.suggested_file_name();
        let folder = self.current_folder();
        self.ask_path(Purpose::SaveSheet, folder, name)
    }

    /// A 退回通知 opened (file, drop, command line): laid over the clerk's sheet when hers is
    /// open; else kept until she opens it, and she is told so.
    pub fn open_return_notice(&mut self, path: &Path) -> bool {
        let notice = match crate::sheet::ReturnNotice::read(path) {
            Ok(n) => n,
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "无法打开退回通知".into(),
                    body: format!("{e}\n\n窗口中正在编辑的内容没有改变。"),
                });
                return false;
            }
        };
        let sheet_open = self.session.mode() == Mode::Fill
            && self.session.sheet().unit.as_deref() == Some(notice.unit.as_str());
        if !sheet_open {
            self.dialog = Some(Dialog::Message {
                title: "退回通知".into(),
                body: format!(
                    "这是市妇联给{}的退回通知：{}\n\n请打开{}的考评表（文件 → 打开…），打开后会标出市妇联要求修改的项目。",
                    notice.unit_name, notice.reason, notice.unit_name
                ),
            });
            self.pending_notice = Some(notice);
            return true;
        }
        self.pending_notice = Some(notice);
        self.take_pending_notice();
        true
    }

    /// The 退回通知 waiting for its sheet, laid over the sheet just opened when it fits.
    fn take_pending_notice(&mut self) {
        let Some(notice) = self.pending_notice.take() else {
            return;
        };
        if self.session.mode() != Mode::Fill {
            self.pending_notice = Some(notice);
            return;
        }
        let items = notice.items.len();
        match self.session.take_return_notice(notice.clone()) {
            Ok(()) => {
                let open = notice.open_items(self.session.sheet()).len();
                self.status = if items == 0 {
                    format!("已载入市妇联的退回通知：{}", notice.reason)
                } else {
                    format!("已载入市妇联的退回通知：{open}项需修改，按 F8 逐项查看")
                };
                // The first item to fix is selected, as F8 would.
                if let Some(first) = self
                    .session
                    .report()
                    .items
                    .iter()
                    .position(|i| notice.open_items(self.session.sheet()).contains(&i.item_id))
                {
                    self.select(first);
                    // The keyboard goes where F8 would take it: the item to fix.
                    self.sheet_view.focus_calculator = true;
                }
            }
            Err(why) => {
                self.dialog = Some(Dialog::Message {
                    title: "退回通知与考评表不符".into(),
                    body: why.to_string(),
                });
                self.pending_notice = Some(notice);
            }
        }
    }

    /// Saves to `path`. On failure nothing on disk or in the window is lost; the reason shows.
    pub fn save_to(&mut self, path: &Path) -> bool {
        // A save refused for what the document lacks is no failure of the place.
        if let Some(why) = self.session.save_refusal() {
            self.dialog = Some(Dialog::Message {
                title: "还不能保存".into(),
                body: why.to_string(),
            });
            return false;
        }
        match self.session.save_to(path) {
            Ok(saved) => {
                // The 内容指纹 is what the printed pages carry, so the screen and the paper
                // show the same number.
                let mut status = format!(
                    "已保存 {}（内容指纹 {}）",
                    path.display(),
                    self.session
                        .content_fingerprint()
                        .get(..8)
                        .unwrap_or_default()
                );
                if let Some(aside) = &saved.evidence_set_aside {
                    status.push_str(&format!(
                        "；被替换的表保留为 .bak，它的佐证材料移到了“{}”",
                        aside.display()
                    ));
                }
                for left in &saved.not_trashed {
                    status.push_str(&format!("；{left}"));
                }
                // A return goes to the unit as a file of its own, written beside what came.
                match self.session.write_return_notice(None) {
                    Ok(Some(notice)) => status.push_str(&format!(
                        "；已写出退回通知“{}”，请把它发给{}",
                        crate::fsio::file_name(&notice),
                        self.session
                            .sheet()
                            .unit_name(self.session.ruleset())
                            .unwrap_or("该单位")
                    )),
                    Ok(None) => {}
                    Err(e) => status.push_str(&format!("；退回通知没有写出：{e}")),
                }
                self.status = status;
                self.refresh_comparison_of(path);
                true
            }
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "保存失败".into(),
                    body: format!("{e}\n\n窗口中的内容仍然保留，请换一个位置另存。"),
                });
                false
            }
        }
    }

    /// Files dropped on the window: one sheet or package opens (unless the comparison is
    /// showing); other files become 佐证材料 of the selected item of a saved sheet; several
    /// sheets, or a folder, go to the comparison.
    pub fn files_dropped(&mut self, paths: Vec<PathBuf>) {
        // Dropped on the preview: they are for the document, which comes back first. (Every
        // frame asks with the frame's drops, most often none.)
        if paths.is_empty() {
            return;
        }
        if self.view == View::Preview {
            self.close_preview();
        }
        // A ruleset file is checked and, with no error, offered for new sheets.
        // A workbook counts only when it is a scheme's (an Excel file dropped on an item is
        // 佐证材料 like any other).
        let is_ruleset = |p: &PathBuf| {
            p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case(crate::ui::dialog_kinds::RULESET_EXTENSION))
                || crate::workbook::is_scheme_workbook(p)
        };
        if let [one] = paths.as_slice()
            && is_ruleset(one)
        {
            self.open_ruleset_path(one);
            return;
        }
        if let [one] = paths.as_slice()
            && crate::scoring_sheet::is_scoring_workbook(one)
        {
            self.open_department_workbook(one);
            return;
        }
        // A 退回通知 with her sheet (`kaoping 平江县.kaoping 退回通知.kaoping-return`, or both
        // dropped at once): the sheet opens and the notice is laid over it; alone, it waits.
        if let Some(i) = paths
            .iter()
            .position(|p| crate::sheet::return_notice::is_notice(p))
        {
            let mut rest = paths;
            let notice = rest.remove(i);
            if rest.is_empty() {
                self.open_return_notice(&notice);
                return;
            }
            match crate::sheet::ReturnNotice::read(&notice) {
                Ok(n) => self.pending_notice = Some(n),
                Err(e) => {
                    self.dialog = Some(Dialog::Message {
                        title: "无法打开退回通知".into(),
                        body: e,
                    });
                }
            }
            self.files_dropped(rest);
            return;
        }
        let is_sheet = |p: &PathBuf| {
            p.is_dir()
                || crate::package::is_package(p)
                || p.extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case(crate::sheet::FILE_EXTENSION))
        };
        if self.view == View::Sheet
            && self.session.mode() == Mode::Fill
            && !paths.is_empty()
            && !paths.iter().any(is_sheet)
        {
            let Some(item) = self.session.report().items.get(self.sheet_view.selected) else {
                return;
            };
            let item_id = item.item_id.clone();
            if self.session.path().is_none() {
                self.status = "请先保存考评表，再把佐证材料拖进来".into();
                return;
            }
            self.attach_files(&item_id, paths);
            return;
        }
        match paths.as_slice() {
            [] => {}
            [one] if !one.is_dir() && self.view == View::Sheet => {
                self.guard_unsaved(Pending::Open(Some(one.clone())));
            }
            _ => self.add_to_comparison(paths),
        }
    }

    /// After a save, the comparison shows the file as it now is.
    fn refresh_comparison_of(&mut self, path: &Path) {
        let catalog = self.catalog.clone();
        if let Some(c) = &mut self.comparison
            && c.covers(path)
        {
            c.reload(&catalog);
        }
    }
}
