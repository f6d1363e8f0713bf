//! The two dialogs of the departments' 评分表: 分发评分表 (which category, with the
//! 佐证材料?) and 收回评分表 (what checking the filled workbook found — every error by sheet,
//! row and column — and the right rows to tick; two scores for one item said as such).
//! They only draw a form and return the answer; the work is `ui::app::scoring_sheets`.

use crate::ruleset::fmt_dec;
use crate::scoring_sheet::{Action, CheckedRow};
use crate::ui::ERROR_RED;
use crate::ui::dialog_kinds::{CollectForm, DialogAnswer, DistributeForm};
use crate::ui::widgets;

/// 分发评分表: one category (or all), and whether the 佐证材料 go beside the workbook.
pub fn distribute_dialog(ui: &mut egui::Ui, form: &mut DistributeForm) -> Option<DialogAnswer> {
    if form.score_here {
        return score_here_dialog(ui, form);
    }
    widgets::dialog_heading(ui, "分发评分表");
    widgets::dialog_text(
        ui,
        "为一个部门生成评分表（Excel）：每个单位的本类别各项一行，列出单位填报的情况、自查得分和佐证材料，部门填写考核得分、考核意见和审核人后交回，再用“收回评分表…”记入。",
    );
    ui.add_space(4.0);
    ui.label("类别");
    category_radios(ui, form, true);
    ui.checkbox(
        &mut form.files,
        "同时复制各单位的佐证材料（放在评分表旁的文件夹中，按单位和项目存放）",
    );
    ui.add_space(4.0);
    match widgets::dialog_buttons(ui, &["选择保存位置…", "取消"]) {
        Some(0) => Some(DialogAnswer::Distribute {
            category: form.chosen.and_then(|i| form.categories.get(i).cloned()),
            files: form.files,
        }),
        Some(_) => Some(DialogAnswer::Dismiss),
        None => None,
    }
}

/// The scheme's categories as radio buttons, two to a row; `all`: and 全部类别.
fn category_radios(ui: &mut egui::Ui, form: &mut DistributeForm, all: bool) {
    egui::Grid::new("scoring-categories")
        .num_columns(2)
        .show(ui, |ui| {
            for (i, name) in form.categories.iter().enumerate() {
                ui.radio_value(&mut form.chosen, Some(i), name.as_str());
                if i % 2 == 1 {
                    ui.end_row();
                }
            }
            if all {
                ui.radio_value(&mut form.chosen, None, "全部类别（每类一张表）");
                ui.end_row();
            }
        });
}

/// 部门评分: which category this department scores here.
fn score_here_dialog(ui: &mut egui::Ui, form: &mut DistributeForm) -> Option<DialogAnswer> {
    widgets::dialog_heading(ui, "部门评分");
    widgets::dialog_text(
        ui,
        "逐个单位为本部门的类别评分，其他类别只读；评完保存为评分表，交回办公室“收回评分表…”。",
    );
    ui.add_space(4.0);
    ui.label("本部门的类别");
    category_radios(ui, form, false);
    ui.add_space(4.0);
    match widgets::dialog_buttons(ui, &["开始评分", "取消"]) {
        Some(0) => form
            .chosen
            .and_then(|i| form.categories.get(i).cloned())
            .map(DialogAnswer::ScoreCategory),
        Some(_) => Some(DialogAnswer::Dismiss),
        None => None,
    }
}

/// The errors listed in the dialog (the count says the rest).
const SHOWN_ERRORS: usize = 200;

/// What one right row will do, in words.
fn action_words(row: &CheckedRow) -> String {
    let score = row
        .score
        .as_ref()
        .map(|s| format!("{}分（{}）", fmt_dec(s.score), s.scored.by))
        .unwrap_or_default();
    let what = match &row.action {
        Some(Action::Take) | None => String::new(),
        Some(Action::Same) => "，与已记入的相同".to_string(),
        Some(Action::Correct { before }) => format!("，更正（原为{}分）", fmt_dec(*before)),
        Some(Action::Dispute { current, by }) => {
            format!(
                "，已有不同的{}分（{by}），两份并列，由办公室选择",
                fmt_dec(*current)
            )
        }
    };
    format!("{}（第{}行）：{score}{what}", row.place, row.row)
}

/// 收回评分表: errors first (nothing is ticked while there are any), then the right rows
/// to tick; 记入所选的N行 merges them.
pub fn collect_dialog(ui: &mut egui::Ui, form: &mut CollectForm) -> Option<DialogAnswer> {
    ui.set_min_width(620.0);
    widgets::dialog_heading(ui, format!("收回评分表：{}", form.checked.title));
    let errors: Vec<String> = form.checked.errors().map(|e| e.to_string()).collect();
    let right = form.checked.mergeable();
    let disputes = form.checked.disputes();
    let mut summary = format!(
        "“{}”：{}行填了考核得分且无误",
        crate::fsio::file_name(&form.path),
        right
    );
    if disputes > 0 {
        summary.push_str(&format!(
            "（其中{disputes}项已有不同的考核得分，记入后两份并列，由办公室在审核中选择）"
        ));
    }
    if !errors.is_empty() {
        summary.push_str(&format!("；{}处错误", errors.len()));
    }
    summary.push('。');
    widgets::dialog_text(ui, summary);
    if !errors.is_empty() {
        let head = "有错误的行不能记入。请让部门改正后重新收回，或只勾选下面无误的行记入：";
        ui.colored_label(ERROR_RED, head);
        widgets::dialog_says(ui, head);
        egui::ScrollArea::vertical()
            .id_salt("collect-errors")
            .auto_shrink([false, true])
            .max_height(150.0)
            .show(ui, |ui| {
                // A workbook made to have thousands of bad rows shows the first ones.
                for e in errors.iter().take(SHOWN_ERRORS) {
                    ui.colored_label(ERROR_RED, e.as_str());
                }
                if errors.len() > SHOWN_ERRORS {
                    ui.colored_label(
                        ERROR_RED,
                        format!("……还有{}处错误", errors.len() - SHOWN_ERRORS),
                    );
                }
            });
        widgets::dialog_says(
            ui,
            errors
                .iter()
                .take(SHOWN_ERRORS)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }
    ui.separator();
    ui.horizontal(|ui| {
        if ui.button("全选无误的行").clicked() {
            for (row, c) in form.checked.rows.iter().zip(form.chosen.iter_mut()) {
                *c = row.mergeable();
            }
        }
        if ui.button("全不选").clicked() {
            form.chosen.iter_mut().for_each(|c| *c = false);
        }
    });
    // As tall as it will be from the start: the dialog does not grow under the mouse.
    egui::ScrollArea::vertical()
        .id_salt(("collect-rows", form.checked.id.as_str()))
        .auto_shrink([false, false])
        .max_height(220.0)
        .show(ui, |ui| {
            for (row, c) in form.checked.rows.iter().zip(form.chosen.iter_mut()) {
                if row.mergeable() {
                    ui.checkbox(c, action_words(row));
                }
            }
        });
    let n = form.chosen.iter().filter(|c| **c).count();
    let take = format!("记入所选的{n}行");
    match widgets::dialog_buttons(ui, &[take.as_str(), "取消"]) {
        Some(0) if n > 0 => Some(DialogAnswer::Collect(Box::new(form.clone()))),
        Some(0) => None,
        Some(_) => Some(DialogAnswer::Dismiss),
        None => None,
    }
}

/// 各部门评分 above the table, once any 考核得分 is given: each category's units scored of
/// those received (green when all are), opening into which units each still lacks.
pub fn progress_line(ui: &mut egui::Ui, s: &crate::summary::Summary, open: &mut bool) {
    if !s.any_scored() {
        return;
    }
    let progress = s.scoring_progress();
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new("各部门评分：").strong());
        for p in &progress {
            let colour = if p.done() {
                crate::ui::DONE_GREEN
            } else {
                crate::ui::WARNING_ORANGE
            };
            ui.colored_label(colour, p.count_words());
        }
        let label = if *open {
            "收起"
        } else {
            "哪些单位未评完"
        };
        if progress.iter().any(|p| !p.done()) && ui.small_button(label).clicked() {
            *open = !*open;
        }
    });
    if *open {
        for p in progress.iter().filter(|p| !p.done()) {
            ui.label(format!("{}未评完：{}", p.category, p.open.join("、")));
        }
    }
}
