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
                if !opened.notes.is_empty() {
                    self.dialog = Some(Dialog::Message {
                        title: "打开时发现的问题".into(),
                        body: opened.notes.join("\n\n"),
                    });
                }
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

    /// Saves to `path`. On failure nothing on disk or in the window is lost; the reason shows.
    pub fn save_to(&mut self, path: &Path) -> bool {
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
            for p in paths {
                if !self.evidence_chosen(&item_id, &p) {
                    break;
                }
            }
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
