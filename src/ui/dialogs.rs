//! The window's dialogs: 保存修改？, 恢复未保存的工作？, 打印草稿？, messages, the window's own
//! path entry (see `file_picker`) and the problems list.

use super::app::KaopingApp;
use super::dialog_kinds::{Dialog, Purpose};
use super::file_picker::path_entry_ui;
use super::{ERROR_RED, WARNING_ORANGE};
use crate::document::{Pending, UnsavedAnswer};
use crate::recovery::Draft;
use crate::scoring::ProblemKind;
use egui::RichText;
use std::path::PathBuf;

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
                Dialog::PathEntry(entry) => {
                    answer = path_entry_ui(ui, entry).map(|chosen| match chosen {
                        Some(path) => Answer::PathChosen(entry.purpose.clone(), path),
                        None => Answer::Dismiss,
                    });
                }
                Dialog::Package {
                    file_name,
                    files,
                    bytes,
                    missing,
                } => {
                    ui.heading("生成提交包");
                    use super::evidence::PackageAnswer;
                    answer = super::evidence::package_dialog(ui, *files, *bytes, missing).map(
                        |pressed| match pressed {
                            PackageAnswer::Write => Answer::PackagePath(file_name.clone()),
                            PackageAnswer::Shrink => Answer::ShrinkImages,
                            PackageAnswer::Cancel => Answer::Dismiss,
                        },
                    );
                }
                Dialog::Ruleset(report) => {
                    answer = super::rulesets::ruleset_dialog(ui, report).map(Answer::Ruleset);
                }
                Dialog::ChooseRuleset { choice } => {
                    let usable = self.usable_rulesets();
                    answer = super::rulesets::choose_ruleset_dialog(ui, choice, &usable)
                        .map(|chosen| match chosen {
                            Some(sha) => Answer::NewOn(sha),
                            None => Answer::Dismiss,
                        });
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
            Answer::Ruleset(pressed) => self.ruleset_answered(pressed),
            Answer::NewOn(sha) => self.new_on(&sha),
            Answer::SaveThen(then) => self.answer_unsaved(then, UnsavedAnswer::Save),
            Answer::DiscardThen(then) => self.answer_unsaved(then, UnsavedAnswer::Discard),
            Answer::PathChosen(purpose, path) => {
                self.path_chosen(purpose, path);
            }
            Answer::Restore(path, draft) => self.restore_draft(&path, &draft),
            Answer::PrintDraft => self.print_now(),
            Answer::PackagePath(name) => self.ask_package_path(name),
            Answer::ShrinkImages => self.shrink_images_for_package(),
            Answer::DropDraft(path) => {
                crate::recovery::RecoveryStore::remove_leftover(&path);
            }
        }
        self.offer_next_draft();
    }
}

/// What the user answered in a dialog.
enum Answer {
    Dismiss,
    Ruleset(super::rulesets::RulesetAnswer),
    NewOn(String),
    PathChosen(Purpose, PathBuf),
    SaveThen(Pending),
    DiscardThen(Pending),
    Restore(PathBuf, Draft),
    DropDraft(PathBuf),
    PrintDraft,
    PackagePath(String),
    ShrinkImages,
}
