//! 打印 in the window: saved first, 打印草稿？ when anything is unfilled, wrong or unanswered,
//! the PDF beside the sheet, handed to the viewer, and 打开所在文件夹 when none opened it.

use crate::document::Pending;
use crate::scoring::ProblemKind;
use crate::ui::app::KaopingApp;
use crate::ui::commands::Command;
use crate::ui::dialog_kinds::Dialog;
use std::path::Path;

impl KaopingApp {
    /// Print: save first (the page foot carries the saved file's fingerprint), confirm a
    /// draft, then write the PDF beside the sheet and open it.
    pub fn print(&mut self) {
        if (self.session.is_modified() || self.session.path().is_none()) && !self.save() {
            // A sheet never saved: the window asks where; printing follows the save (one
            // Ctrl+P, not two), and is dropped if the save is cancelled.
            if self.asking_where_to_save() && self.session.is_modified() {
                self.queue(Command::AfterSave(Pending::Print));
            }
            return;
        }
        let unfilled = crate::ui::sheet::status::unfilled_words(
            self.session
                .report()
                .problems
                .iter()
                .chain(self.session.review_problems()),
        );
        let errors = self.problem_count(ProblemKind::Error);
        let questions: Vec<String> = self
            .session
            .open_questions()
            .iter()
            .map(|p| format!("{}：{}", p.location, p.message))
            .collect();
        if !self.session.report().complete
            || unfilled.is_some()
            || errors > 0
            || !questions.is_empty()
        {
            self.dialog = Some(Dialog::ConfirmDraft {
                unfilled,
                errors,
                questions,
            });
            return;
        }
        self.print_now();
    }

    pub(in crate::ui) fn print_now(&mut self) {
        match self.session.print_beside() {
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "无法打印".into(),
                    body: e.to_string(),
                });
            }
            Ok(printed) => {
                self.status = format!(
                    "已生成 PDF：{}（{}页{}）",
                    printed.path.display(),
                    printed.pages,
                    if printed.draft { "，草稿" } else { "" }
                );
                if self.open_after_print {
                    self.opening =
                        Some(crate::ui::viewer::open(&printed.path, self.repaint.clone()));
                }
                self.offer_folder_of(&printed.path);
                self.last_pdf = Some(printed.path);
            }
        }
    }

    /// The status bar offers 打开所在文件夹 beside the message just set, for `file`.
    pub(in crate::ui) fn offer_folder_of(&mut self, file: &Path) {
        if let Some(folder) = file.parent() {
            self.status_folder = Some((self.status.clone(), folder.to_path_buf()));
        }
    }

    /// Whether the PDF handed to the viewer opened: if not, said in the status bar, with
    /// 打开所在文件夹 beside it (the PDF is written either way).
    pub(in crate::ui) fn check_viewer(&mut self) {
        let Some(outcome) = self.opening.as_ref().and_then(|o| o.outcome()) else {
            return;
        };
        let Some(opening) = self.opening.take() else {
            return;
        };
        if let Err(e) = outcome {
            self.status = format!(
                "已生成 PDF：{}，但没有打开查看器（{e}）：请打开所在文件夹，双击这个 PDF",
                opening.path.display()
            );
            self.offer_folder_of(&opening.path);
        }
    }
}
