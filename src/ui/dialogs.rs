//! The window's dialogs: 保存修改？, 恢复未保存的工作？, 打印草稿？, messages, the window's own
//! 保存 dialog when no system one can appear, and the problems list.

use super::app::KaopingApp;
use super::{ERROR_RED, WARNING_ORANGE, widgets};
use crate::document::{Pending, UnsavedAnswer};
use crate::recovery::Draft;
use crate::scoring::ProblemKind;
use crate::sheet::FILE_EXTENSION;
use egui::RichText;
use std::path::{Path, PathBuf};

/// A modal dialog; only one at a time.
#[derive(Debug, Clone)]
pub enum Dialog {
    Message {
        title: String,
        body: String,
    },
    Unsaved(Pending),
    Restore {
        path: PathBuf,
        draft: Draft,
    },
    /// The sheet has unfilled items or errors: print it marked 草稿?
    ConfirmDraft {
        unfilled: usize,
        errors: usize,
    },
    /// Where to save, asked in the window itself when no system dialog can appear.
    SavePath {
        folder: String,
        name: String,
        /// The file name takes the keyboard when the dialog opens (once).
        focus_name: bool,
        /// What to do once saved (after 保存 in the unsaved-changes question).
        then: Option<Pending>,
    },
}

impl KaopingApp {
    pub(super) fn problems_window(&mut self, ctx: &egui::Context) {
        if !self.problems_open {
            return;
        }
        let mut open = true;
        let mut jump = None;
        egui::Window::new("问题列表")
            .open(&mut open)
            .default_size([460.0, 360.0])
            .vscroll(true)
            .show(ctx, |ui| {
                if self.session.report.problems.is_empty()
                    && self.session.review_problems.is_empty()
                {
                    ui.label("没有问题。");
                }
                let mut review: Vec<_> = self.session.review_problems.iter().collect();
                review.sort_by_key(|p| p.kind);
                // Errors first, then warnings, then what is not filled yet.
                let mut problems: Vec<_> = self.session.report.problems.iter().collect();
                problems.sort_by_key(|p| p.kind);
                if !review.is_empty() {
                    ui.strong("审核");
                }
                let unit_heading =
                    (!review.is_empty() && !problems.is_empty()).then_some(review.len());
                for (n, p) in review.into_iter().chain(problems).enumerate() {
                    if Some(n) == unit_heading {
                        ui.separator();
                        ui.strong("单位填报");
                    }
                    let color = match p.kind {
                        ProblemKind::Error => ERROR_RED,
                        ProblemKind::Warning => WARNING_ORANGE,
                        ProblemKind::Unfilled => ui.visuals().weak_text_color(),
                    };
                    let r = ui.add(
                        egui::Button::new(RichText::new(p.to_string()).color(color))
                            .frame(false)
                            .wrap(),
                    );
                    if r.clicked()
                        && let Some(item) = &p.item
                    {
                        jump = self
                            .session
                            .report
                            .items
                            .iter()
                            .position(|i| &i.item_id == item);
                    }
                }
            });
        self.problems_open = open;
        if let Some(i) = jump {
            self.select(i);
        }
    }

    pub(super) fn dialog_ui(&mut self, ctx: &egui::Context) {
        let Some(mut dialog) = self.dialog.take() else {
            return;
        };
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("kaoping-dialog")).show(ctx, |ui| {
            ui.set_max_width(520.0);
            match &mut dialog {
                Dialog::SavePath {
                    folder,
                    name,
                    focus_name,
                    then,
                } => {
                    answer = save_path_dialog(ui, folder, name, focus_name, then);
                }
                Dialog::Message { title, body } => {
                    ui.heading(title.as_str());
                    ui.label(body.as_str());
                    if ui.button("确定").clicked() {
                        answer = Some(Answer::Dismiss);
                    }
                }
                Dialog::Unsaved(then) => {
                    ui.heading("保存修改？");
                    ui.label(format!("“{}”有未保存的修改。", self.file_name()));
                    ui.horizontal(|ui| {
                        if ui.button("保存").clicked() {
                            answer = Some(Answer::SaveThen(then.clone()));
                        }
                        if ui.button("不保存").clicked() {
                            answer = Some(Answer::DiscardThen(then.clone()));
                        }
                        if ui.button("取消").clicked() {
                            answer = Some(Answer::Dismiss);
                        }
                    });
                }
                Dialog::ConfirmDraft { unfilled, errors } => {
                    ui.heading("打印草稿？");
                    ui.label(format!(
                        "此表还有{unfilled}处未填、{errors}个错误。打印出来的每一页都会标明“草稿”，不能作为正式报送。"
                    ));
                    ui.horizontal(|ui| {
                        if ui.button("打印草稿").clicked() {
                            answer = Some(Answer::PrintDraft);
                        }
                        if ui.button("取消").clicked() {
                            answer = Some(Answer::Dismiss);
                        }
                    });
                }
                Dialog::Restore { path, draft } => {
                    ui.heading("恢复未保存的工作？");
                    ui.label(format!("上次程序没有正常关闭。找到{}。", draft.describe()));
                    ui.horizontal(|ui| {
                        if ui.button("恢复").clicked() {
                            answer = Some(Answer::Restore(path.clone(), draft.clone()));
                        }
                        if ui.button("丢弃").clicked() {
                            answer = Some(Answer::DropDraft(path.clone()));
                        }
                    });
                }
            }
        });
        let Some(answer) = answer else {
            self.dialog = Some(dialog);
            return;
        };
        match answer {
            Answer::Dismiss => {}
            Answer::SaveThen(then) => self.answer_unsaved(then, UnsavedAnswer::Save),
            Answer::DiscardThen(then) => self.answer_unsaved(then, UnsavedAnswer::Discard),
            Answer::SaveAt(path, then) => {
                self.save_to_then(&path, then);
            }
            Answer::Restore(path, draft) => self.restore_draft(&path, &draft),
            Answer::PrintDraft => self.print_now(),
            Answer::DropDraft(path) => {
                crate::recovery::RecoveryStore::remove_leftover(&path);
            }
        }
        self.offer_next_draft();
    }
}

/// Where a file is saved first: the user's documents folder, else the home folder.
pub(super) fn default_folder() -> PathBuf {
    directories::UserDirs::new()
        .and_then(|u| {
            u.document_dir()
                .map(Path::to_path_buf)
                .or_else(|| Some(u.home_dir().to_path_buf()))
        })
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Whether a system file dialog can appear: on Linux rfd needs a desktop portal on the
/// session bus or zenity; elsewhere the system always has one.
pub fn native_dialogs_available() -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    let on_path = |tool: &str| {
        std::env::var_os("PATH")
            .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(tool).is_file()))
    };
    on_path("zenity")
        || on_path("kdialog")
        || std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
}

/// The window's own 保存 dialog: a folder and a file name, Enter saves.
fn save_path_dialog(
    ui: &mut egui::Ui,
    folder: &mut String,
    name: &mut String,
    focus_name: &mut bool,
    then: &Option<Pending>,
) -> Option<Answer> {
    ui.heading("保存考评表");
    ui.label("请填写保存的文件夹和文件名：");
    widgets::labelled_text(
        ui,
        widgets::field_id("save-folder"),
        "文件夹",
        folder,
        440.0,
    );
    let name_edit =
        widgets::labelled_text(ui, widgets::field_id("save-name"), "文件名", name, 440.0);
    if std::mem::take(focus_name) {
        name_edit.request_focus();
    }
    let mut file = name.trim().to_string();
    if !file.is_empty() && Path::new(&file).extension().is_none() {
        file.push('.');
        file.push_str(FILE_EXTENSION);
    }
    let dir = PathBuf::from(folder.trim());
    let path = dir.join(&file);
    let problem = if file.is_empty() {
        Some("请填写文件名".to_string())
    } else if file.contains(['/', '\\']) {
        Some("文件名中不能有 / 或 \\".to_string())
    } else if !dir.is_dir() {
        Some(format!("文件夹“{}”不存在", dir.display()))
    } else {
        None
    };
    match &problem {
        Some(p) => {
            ui.colored_label(ERROR_RED, p);
        }
        None if path.exists() => {
            ui.colored_label(
                WARNING_ORANGE,
                "此文件已存在：保存会替换它（原文件保留为 .bak）",
            );
        }
        None => {
            ui.label(format!("将保存为 {}", path.display()));
        }
    }
    let enter = name_edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    let mut answer = None;
    ui.horizontal(|ui| {
        if (ui
            .add_enabled(problem.is_none(), egui::Button::new("保存"))
            .clicked()
            || enter)
            && problem.is_none()
        {
            answer = Some(Answer::SaveAt(path.clone(), then.clone()));
        }
        if ui.button("取消").clicked() {
            answer = Some(Answer::Dismiss);
        }
    });
    answer
}

/// What the user answered in a dialog.
enum Answer {
    Dismiss,
    SaveAt(PathBuf, Option<Pending>),
    SaveThen(Pending),
    DiscardThen(Pending),
    Restore(PathBuf, Draft),
    DropDraft(PathBuf),
    PrintDraft,
}
