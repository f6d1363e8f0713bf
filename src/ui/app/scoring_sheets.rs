//! The departments' 评分表 from the comparison: 分发评分表… (a category, then where; written
//! beside the window with the 佐证材料) and 收回评分表… (read and judged beside the window,
//! then the rows chosen in a dialog merged into the units' reviews). The reading, checks
//! and merge are the core's (`scoring_sheet`), as `kaoping scoring-sheet` runs them.

use crate::compared::Comparison;
use crate::scoring_sheet::{Inbox, Merged, ScoringSheet};
use crate::ui::app::KaopingApp;
use crate::ui::app::jobs::Finished;
use crate::ui::dialog_kinds::{CollectForm, Dialog, DistributeForm};
use std::path::{Path, PathBuf};

impl KaopingApp {
    /// 分发评分表…: which category first.
    pub(super) fn ask_distribute(&mut self, score_here: bool) {
        let Some(c) = &self.comparison else { return };
        let categories = c
            .summary
            .ruleset
            .ruleset
            .categories
            .iter()
            .map(|c| c.name.clone())
            .collect();
        self.dialog = Some(Dialog::Distribute(DistributeForm {
            categories,
            chosen: Some(0),
            files: true,
            score_here,
        }));
    }

    /// The inbox as compared now: its files and folders, without those taken out.
    fn compared_inbox(&self) -> Option<(Vec<PathBuf>, Vec<PathBuf>)> {
        let c = self.comparison.as_ref()?;
        Some((c.inputs.clone(), c.excluded.clone()))
    }

    /// Writes the 评分表 of `category` (None: all) to `path`, beside the window.
    pub(super) fn write_scoring_sheet(
        &mut self,
        path: &Path,
        category: Option<String>,
        files: bool,
    ) -> bool {
        let Some((inputs, excluded)) = self.compared_inbox() else {
            return false;
        };
        let catalog = self.catalog.clone();
        let path = path.to_path_buf();
        self.start_work("分发评分表", move |progress| {
            progress.begin_files("正在读取各单位的考评表", 0);
            let inbox = Inbox::read_excluding(&inputs, &excluded, &catalog);
            let written = crate::scoring_sheet::categories(&inbox.ruleset, category.as_deref())
                .and_then(|cats| {
                    let sheet = ScoringSheet::of(&inbox, &cats);
                    let bytes = crate::scoring_sheet::to_xlsx(&sheet)?;
                    progress.begin("正在写入评分表", bytes.len() as u64);
                    crate::fsio::write_atomic(&path, &bytes).map_err(|e| e.to_string())?;
                    let open = inbox.units.iter().filter(|u| u.state.scorable()).count();
                    let mut said = format!(
                        "已生成{}：{}（{}个单位可评分，共{}个）",
                        sheet.title,
                        path.display(),
                        open,
                        inbox.units.len()
                    );
                    if files {
                        progress.begin_files("正在复制佐证材料", 0);
                        let folder = crate::scoring_sheet::files_folder(&path);
                        let (n, failed) = crate::scoring_sheet::files::copy_evidence(
                            &sheet, &inbox, &catalog, &folder,
                        )
                        .map_err(|e| e.to_string())?;
                        if n > 0 {
                            said.push_str(&format!("；佐证材料{n}个文件在旁边的文件夹中"));
                        }
                        if !failed.is_empty() {
                            said.push_str(&format!("；{}个文件没能复制", failed.len()));
                        }
                    }
                    Ok(said)
                });
            Finished::ScoringSheetWritten(written)
        });
        true
    }

    pub(super) fn scoring_sheet_written(&mut self, said: Result<String, String>) {
        match said {
            Ok(said) => self.comparison_view.status = said,
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "没能分发评分表".into(),
                    body: format!("{e}\n\n请换一个位置再试。"),
                });
            }
        }
    }

    /// 收回评分表…: the workbook read and judged against the inbox, beside the window.
    pub(super) fn read_scoring_sheet(&mut self, path: &Path) -> bool {
        let Some((inputs, excluded)) = self.compared_inbox() else {
            return false;
        };
        let catalog = self.catalog.clone();
        let path = path.to_path_buf();
        self.start_work("收回评分表", move |progress| {
            progress.begin_files("正在读取评分表和各单位的考评表", 0);
            let read = crate::fsio::read_limited(&path, crate::fsio::MAX_FILE_BYTES)
                .map_err(|e| format!("无法读取“{}”：{e}", path.display()))
                .and_then(|bytes| crate::scoring_sheet::read_filled(&bytes))
                .map(|filled| {
                    let inbox = Inbox::read_excluding(&inputs, &excluded, &catalog);
                    let checked = crate::scoring_sheet::check(&filled, &inbox);
                    Box::new((checked, inbox))
                });
            Finished::ScoringSheetRead { path, read }
        });
        true
    }

    pub(super) fn scoring_sheet_read(
        &mut self,
        path: &Path,
        read: Result<Box<(crate::scoring_sheet::Checked, Inbox)>, String>,
    ) {
        match read {
            Ok(read) => {
                let (checked, inbox) = *read;
                // Nothing is ticked in a workbook with errors: she chooses the right rows.
                let clean = checked.errors().next().is_none();
                let chosen = checked
                    .rows
                    .iter()
                    .map(|r| clean && r.mergeable())
                    .collect();
                self.dialog = Some(Dialog::Collect(Box::new(CollectForm {
                    path: path.to_path_buf(),
                    checked,
                    inbox,
                    chosen,
                })));
            }
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "无法收回评分表".into(),
                    body: format!("“{}”：{e}", path.display()),
                });
            }
        }
    }

    /// Merges the ticked rows, beside the window. A unit's review open here with unsaved
    /// changes is not written behind its back: she saves it first.
    pub(super) fn merge_scoring_sheet(&mut self, form: CollectForm) {
        let open_here = self.session.path().map(Path::to_path_buf);
        let touched: Vec<&str> = form
            .checked
            .rows
            .iter()
            .zip(&form.chosen)
            .filter(|(_, c)| **c)
            .map(|(r, _)| r.unit_id.as_str())
            .collect();
        if let Some(open) = &open_here
            && self.session.is_modified()
            && form.inbox.units.iter().any(|u| {
                touched.contains(&u.unit_id.as_str()) && review_file_of(u).as_deref() == Some(open)
            })
        {
            self.dialog = Some(Dialog::Message {
                title: "请先保存正在审核的表".into(),
                body: format!(
                    "“{}”正在本窗口中审核，有未保存的修改。请先保存（或不保存地关闭）它，再收回评分表。",
                    self.file_name()
                ),
            });
            return;
        }
        let catalog = self.catalog.clone();
        let Some((inputs, excluded)) = self.compared_inbox() else {
            return;
        };
        let sort = self.comparison.as_ref().map(|c| c.sort).unwrap_or_default();
        self.start_work("记入评分", move |progress| {
            progress.begin_files("正在记入各单位的审核", 0);
            let chosen: Vec<(String, u32)> = form
                .checked
                .rows
                .iter()
                .zip(&form.chosen)
                .filter(|(_, c)| **c)
                .map(|(r, _)| (r.sheet.clone(), r.row))
                .collect();
            let merged = crate::scoring_sheet::merge(
                &form.checked,
                |r| chosen.contains(&(r.sheet.clone(), r.row)),
                &form.inbox,
                &catalog,
            );
            // The comparison read again here: its 考核得分 and 各部门评分 changed.
            let mut comparison =
                crate::compared::Comparison::load_with(inputs, excluded, &catalog, progress);
            comparison.sort = sort;
            Finished::ScoringMerged {
                merged: Box::new(merged),
                comparison: Box::new(comparison),
            }
        });
    }

    /// After a merge: said, the disputes listed for the 办公室, the comparison read again,
    /// and a review open here that was written to opened again (it had nothing unsaved).
    pub(super) fn scoring_merged(&mut self, merged: Merged, comparison: Comparison) {
        self.comparison_loaded(comparison, Some(merged.words()));
        let mut body = Vec::new();
        if !merged.disputes.is_empty() {
            body.push(format!(
                "以下{}项已有不同的考核得分，两份评分已并列保存，请在审核模式中打开该单位，在此项下选择一份：",
                merged.disputes.len()
            ));
            body.extend(merged.disputes.iter().map(|d| format!("· {d}")));
        }
        if !merged.failed.is_empty() {
            body.push("以下单位没能记入：".into());
            body.extend(merged.failed.iter().map(|f| format!("· {f}")));
        }
        if !body.is_empty() {
            self.dialog = Some(Dialog::Message {
                title: merged.words(),
                body: body.join("\n"),
            });
        }
        if let Some(open) = self.session.path().map(Path::to_path_buf)
            && merged
                .saved
                .iter()
                .any(|s| crate::summary::same_file(s, &open))
            && !self.session.is_modified()
        {
            self.open_path(&open);
            self.view = crate::ui::app::View::Comparison;
        }
    }
}

/// The sheet file a unit's review is saved in: the review copy of its 提交包, or the sheet.
fn review_file_of(unit: &crate::scoring_sheet::InboxUnit) -> Option<PathBuf> {
    let path = unit.path.as_ref()?;
    if crate::package::is_package(path) {
        crate::package::workspace::current_copy(path)
    } else {
        Some(path.clone())
    }
}
