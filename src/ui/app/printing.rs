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

    /// 打印进度表: the 进度 of `day` as a PDF beside the saved sheet
    /// (`…-进度表-2015-06-30.pdf`), handed to the viewer.
    pub(in crate::ui) fn print_progress(&mut self, day: &str) {
        let Some(sheet) = self.session.path().map(Path::to_path_buf) else {
            self.status = "请先保存考评表：进度表放在考评表文件旁边".into();
            return;
        };
        let loaded = self.session.shared_ruleset();
        let p = crate::year_progress::progress_on(self.session.sheet(), &loaded, day);
        let unit = self
            .session
            .sheet()
            .unit_name(&loaded)
            .unwrap_or("")
            .to_string();
        let stem = sheet
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "考评表".into());
        let path = sheet.with_file_name(format!("{stem}-进度表-{day}.pdf"));
        let written = crate::pdf::progress::render_progress(&p, &unit, &loaded.ruleset)
            .map_err(|e| e.to_string())
            .and_then(|pdf| {
                crate::fsio::write_atomic(&path, &pdf.bytes)
                    .map(|()| pdf.pages)
                    .map_err(|e| e.to_string())
            });
        match written {
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "无法生成进度表".into(),
                    body: e,
                });
            }
            Ok(pages) => {
                self.status = format!("已生成进度表：{}（{pages}页）", path.display());
                if self.open_after_print {
                    self.opening = Some(crate::ui::viewer::open(&path, self.repaint.clone()));
                }
                self.offer_folder_of(&path);
                self.last_pdf = Some(path);
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
