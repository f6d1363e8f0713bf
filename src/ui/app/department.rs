//! 部门评分's flows: started from the compared inbox (read beside the window), what the view
//! asks applied to the core's `scoring_sheet::Draft` (each score and opinion an undo step),
//! saved as a 评分表 workbook, ended — never without asking when something is not saved.

use crate::scoring_sheet::{Draft, Inbox};
use crate::ui::app::jobs::Finished;
use crate::ui::app::{KaopingApp, View};
use crate::ui::department::Asked;
use crate::ui::dialog_kinds::{Dialog, Purpose};
use std::path::Path;

impl KaopingApp {
    /// 部门评分 of `category` over the inbox compared now.
    pub(super) fn start_department(&mut self, category: String) {
        let Some(c) = &self.comparison else { return };
        let (inputs, excluded) = (c.inputs.clone(), c.excluded.clone());
        let catalog = self.catalog.clone();
        self.start_work("部门评分", move |progress| {
            progress.begin_files("正在读取各单位的考评表", 0);
            let inbox = Inbox::read_excluding(&inputs, &excluded, &catalog);
            let draft = crate::scoring_sheet::categories(&inbox.ruleset, Some(&category)).and_then(
                |cats| {
                    cats.first()
                        .map(|cat| Box::new(Draft::from_inbox(&inbox, cat)))
                        .ok_or_else(|| "考核规则中没有这个类别".to_string())
                },
            );
            Finished::DepartmentReady(draft)
        });
    }

    pub(super) fn department_ready(&mut self, draft: Result<Box<Draft>, String>) {
        match draft {
            Ok(draft) => {
                self.department_view = Default::default();
                self.department_view.status = format!(
                    "部门评分：{}，{}个单位。评完保存为评分表，交回办公室“收回评分表…”",
                    draft.category(),
                    draft.units().iter().filter(|u| u.state.scorable()).count()
                );
                self.department = Some(*draft);
                self.view = View::Department;
            }
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "无法开始部门评分".into(),
                    body: e,
                });
            }
        }
    }

    /// A distributed 评分表 opened (打开, dropped, or given on the command line): scored here
    /// by a department that has only the workbook.
    pub(super) fn open_department_workbook(&mut self, path: &Path) -> bool {
        let read = crate::fsio::read_limited(path, crate::fsio::MAX_FILE_BYTES)
            .and_then(|bytes| crate::scoring_sheet::read_filled(&bytes));
        let filled = match read {
            Ok(filled) => filled,
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "无法打开评分表".into(),
                    body: format!("“{}”：{e}", path.display()),
                });
                return false;
            }
        };
        if self.department.as_ref().is_some_and(Draft::modified) {
            self.dialog = Some(Dialog::Message {
                title: "请先保存部门评分".into(),
                body: "正在进行的部门评分还有没保存为评分表的内容：请先“保存评分表…”或结束它，再打开另一份评分表。".into(),
            });
            return false;
        }
        let (draft, left_out) = Draft::from_filled(&filled);
        self.department_view = Default::default();
        self.department_view.from = Some(path.to_path_buf());
        self.department_view.status = format!(
            "已打开评分表 {}：{}，{}个单位{}。评完“保存评分表…”，交回办公室",
            crate::fsio::file_name(path),
            draft.category(),
            draft.units().len(),
            if left_out > 0 {
                format!("（{left_out}行的“核对”被改动，没有读入）")
            } else {
                String::new()
            }
        );
        self.department = Some(draft);
        self.view = View::Department;
        true
    }

    /// Applies what the 部门评分 view asked.
    pub(super) fn department_asked(&mut self, asked: Vec<Asked>) {
        for a in asked {
            let Some(draft) = &mut self.department else {
                return;
            };
            match a {
                Asked::Score(row, score) => {
                    draft.set_score(row, score);
                }
                Asked::Opinion(row, text) => {
                    draft.set_opinion(row, &text);
                }
                // The department's own name, on its rows only: never the office's 审核人.
                Asked::Reviewer(name) => draft.reviewer = name,
                Asked::Unit(i) => {
                    draft.unit = i;
                    self.department_view.typed.clear();
                }
                Asked::Save => self.ask_department_path(false),
                Asked::Close => {
                    if draft.modified() {
                        self.dialog = Some(Dialog::DepartmentUnsaved { closing: false });
                    } else {
                        self.end_department(false);
                    }
                }
            }
        }
    }

    /// Ctrl+Z / Ctrl+Y in 部门评分.
    pub(super) fn department_undo(&mut self, redo: bool) {
        let Some(draft) = &mut self.department else {
            return;
        };
        let done = if redo { draft.redo() } else { draft.undo() };
        self.department_view.typed.clear();
        self.department_view.status = match (done, redo) {
            (Some(place), false) => format!("已撤销：{place}"),
            (Some(place), true) => format!("已重做：{place}"),
            (None, false) => "没有可撤销的修改".into(),
            (None, true) => "没有可重做的修改".into(),
        };
    }

    /// Where the workbook goes; `close`: the window closes once it is saved (asked on closing).
    pub(super) fn ask_department_path(&mut self, close: bool) {
        let Some(draft) = &self.department else {
            return;
        };
        // Opened from a distributed workbook: offered beside it, as a copy (the blank one stays).
        let (folder, name) = match &self.department_view.from {
            Some(from) => (
                from.parent()
                    .map_or_else(|| self.export_folder(), Path::to_path_buf),
                format!(
                    "{}-已评.xlsx",
                    from.file_stem()
                        .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
                ),
            ),
            None => (
                self.export_folder(),
                format!("{}评分表.xlsx", draft.category()),
            ),
        };
        self.ask_path(Purpose::SaveDepartmentSheet { close }, folder, name);
    }

    pub(super) fn save_department_sheet(&mut self, path: &Path, close: bool) -> bool {
        let Some(draft) = &mut self.department else {
            return false;
        };
        let written = draft
            .to_xlsx()
            .and_then(|bytes| crate::fsio::write_atomic(path, &bytes).map_err(|e| e.to_string()));
        match written {
            Ok(()) => {
                draft.mark_saved();
                let problems = draft.problems();
                self.department_view.status = if problems.is_empty() {
                    format!("已保存评分表：{}。请交回办公室", path.display())
                } else {
                    format!(
                        "已保存评分表：{}。还有{}行要补（{}），否则办公室收回时不能记入",
                        path.display(),
                        problems.len(),
                        problems.first().cloned().unwrap_or_default()
                    )
                };
                self.last_export_folder = path.parent().map(Path::to_path_buf);
                self.allow_close = close;
                true
            }
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "没能保存评分表".into(),
                    body: format!("{e}\n\n评分仍在窗口中，请换一个位置再保存。"),
                });
                false
            }
        }
    }

    /// Ends 部门评分 (`discard`: what was not saved is let go, as she chose).
    pub(super) fn end_department(&mut self, discard: bool) {
        let unsaved = self.department.as_ref().is_some_and(Draft::modified);
        if unsaved && !discard {
            self.dialog = Some(Dialog::DepartmentUnsaved { closing: false });
            return;
        }
        self.department = None;
        self.department_view = Default::default();
        self.view = View::Comparison;
        self.comparison_view.status = "已结束部门评分".into();
    }
}
