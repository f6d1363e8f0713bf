//! 部门评分 (`View::Department`): a department scores its own category of the inbox, one
//! unit at a time — the units down the left with how far each is scored, the category's
//! items of the unit shown with what the unit entered (read-only) and the 考核得分 and
//! 考核意见 to type, the other categories folded below, read-only. The view only draws the
//! core's `scoring_sheet::Draft` and returns what was asked (`Asked`); the app applies it.

use crate::input::parse_number;
use crate::ruleset::fmt_dec;
use crate::scoring::{check_score, score_hint};
use crate::scoring_sheet::{Draft, Row};
use crate::ui::widgets::{field_id, one_line, score_input};
use crate::ui::{ERROR_RED, REVIEW_BLUE, WARNING_ORANGE};
use egui::RichText;
use std::collections::HashMap;

/// What the view keeps of its own: the 考核得分 typed (kept as typed while it is not a score).
#[derive(Default)]
pub struct DepartmentView {
    pub typed: HashMap<usize, String>,
    pub status: String,
    /// The distributed workbook it was opened from, if it was (else the compared inbox).
    pub from: Option<std::path::PathBuf>,
}

/// What the department asked for this frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Asked {
    Score(usize, Option<rust_decimal::Decimal>),
    Opinion(usize, String),
    Reviewer(String),
    Unit(usize),
    Save,
    Close,
}

/// The view; what was asked comes back.
pub fn show(draft: &Draft, view: &mut DepartmentView, ui: &mut egui::Ui) -> Vec<Asked> {
    let mut asked = Vec::new();
    top_bar(draft, ui, &mut asked);
    ui.separator();
    let units = draft.units();
    egui::Panel::left("department-units")
        .resizable(false)
        .exact_size(168.0)
        .show(ui, |ui| {
            ui.label(RichText::new("单位").strong());
            egui::ScrollArea::vertical().show(ui, |ui| {
                for (i, u) in units.iter().enumerate() {
                    let text = if u.state.scorable() {
                        format!("{}  {}/{}", u.unit_name, u.scored, u.items)
                    } else {
                        format!("{}（不评）", u.unit_name)
                    };
                    let r = ui
                        .selectable_label(draft.unit == i, text)
                        .on_hover_text(u.state.words());
                    if r.clicked() {
                        asked.push(Asked::Unit(i));
                    }
                }
            });
        });
    egui::ScrollArea::vertical()
        .id_salt(("department-rows", draft.unit))
        .show(ui, |ui| {
            unit_heading(draft, &units, ui, &mut asked);
            for (index, row) in draft.rows_shown() {
                ui.add_space(4.0);
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    row_ui(index, row, view, ui, &mut asked);
                });
            }
            ui.add_space(4.0);
            unit_buttons(draft, units.len(), ui, &mut asked);
            others(draft, ui);
        });
    asked
}

fn top_bar(draft: &Draft, ui: &mut egui::Ui, asked: &mut Vec<Asked>) {
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(format!(
                "部门评分：{}（只评本类别，其他类别只读）",
                draft.category()
            ))
            .strong()
            .color(REVIEW_BLUE),
        );
        ui.separator();
        let mut name = draft.reviewer.clone();
        let label = ui.label("审核人").id;
        let r = ui
            .add(
                one_line(&mut name)
                    .id(field_id("department-reviewer"))
                    .char_limit(20)
                    .desired_width(90.0)
                    .hint_text("您的姓名"),
            )
            .labelled_by(label);
        if r.changed() {
            asked.push(Asked::Reviewer(name));
        }
        ui.separator();
        if ui
            .button("保存评分表…")
            .on_hover_text("保存为评分表（Excel），交回办公室“收回评分表…”")
            .clicked()
        {
            asked.push(Asked::Save);
        }
        if ui.button("结束部门评分").clicked() {
            asked.push(Asked::Close);
        }
    });
}

fn unit_heading(
    draft: &Draft,
    units: &[crate::scoring_sheet::UnitLine],
    ui: &mut egui::Ui,
    asked: &mut Vec<Asked>,
) {
    let Some(unit) = units.get(draft.unit) else {
        return;
    };
    ui.horizontal_wrapped(|ui| {
        ui.heading(format!(
            "{} {}（第{}个，共{}个单位）",
            unit.unit_name,
            draft.category(),
            draft.unit + 1,
            units.len()
        ));
        unit_buttons(draft, units.len(), ui, asked);
    });
    if !unit.state.scorable() {
        ui.colored_label(WARNING_ORANGE, unit.state.words());
    }
}

/// 上一个单位 / 下一个单位: beside the unit's name and again below its items.
fn unit_buttons(draft: &Draft, units: usize, ui: &mut egui::Ui, asked: &mut Vec<Asked>) {
    ui.horizontal(|ui| {
        if ui
            .add_enabled(draft.unit > 0, egui::Button::new("上一个单位"))
            .clicked()
        {
            asked.push(Asked::Unit(draft.unit - 1));
        }
        if ui
            .add_enabled(draft.unit + 1 < units, egui::Button::new("下一个单位"))
            .clicked()
        {
            asked.push(Asked::Unit(draft.unit + 1));
        }
    });
}

/// One item: what the unit entered, read-only; the 考核得分 and 考核意见 to type.
fn row_ui(
    index: usize,
    row: &Row,
    view: &mut DepartmentView,
    ui: &mut egui::Ui,
    asked: &mut Vec<Asked>,
) {
    what_the_unit_entered(row, ui);
    score_and_opinion(index, row, view, ui, asked);
    // Always one line, so a score given never moves the buttons below under the mouse.
    if let Some(p) = Draft::row_problem(row) {
        ui.colored_label(WARNING_ORANGE, p);
    } else if row.score.is_some() {
        ui.label(RichText::new(format!("审核人：{}", row.reviewer)).color(REVIEW_BLUE));
    } else {
        ui.label(RichText::new("尚未评分").weak());
    }
}

/// The item and what the unit entered for it, read-only.
fn what_the_unit_entered(row: &Row, ui: &mut egui::Ui) {
    ui.label(
        RichText::new(format!(
            "第{}项（{}分）{}",
            row.number,
            fmt_dec(row.points),
            row.content
        ))
        .strong(),
    );
    if !row.rule_text.is_empty() {
        ui.label(RichText::new(format!("评分标准：{}", row.rule_text)).weak());
    }
    ui.label(format!("单位填报：{}", row.facts));
    let self_score = row
        .self_score
        .map_or_else(|| "未算出".to_string(), |s| format!("{}分", fmt_dec(s)));
    ui.label(format!("自查得分：{self_score}"));
    if !row.note.is_empty() {
        ui.label(format!("自评说明：{}", row.note));
    }
    if !row.evidence.is_empty() {
        ui.label(format!("佐证材料：{}", row.evidence.join("、")));
    }
}

/// The department's two fields: 考核得分 (kept as typed while it is not a score, in red with
/// why) with 采用自查得分, and 考核意见.
fn score_and_opinion(
    index: usize,
    row: &Row,
    view: &mut DepartmentView,
    ui: &mut egui::Ui,
    asked: &mut Vec<Asked>,
) {
    let editable = row.state.scorable();
    let points = row.points;
    let error_of = |text: &str| match parse_number(text) {
        Err(e) => Some(format!("“{}”{e}；{}", text.trim(), score_hint(points))),
        Ok(Some(d)) => check_score(d, points).err().map(|m| format!("考核得分{m}")),
        Ok(None) => None,
    };
    let mut text = view
        .typed
        .get(&index)
        .cloned()
        .unwrap_or_else(|| row.score.map(fmt_dec).unwrap_or_default());
    ui.add_enabled_ui(editable, |ui| {
        ui.horizontal(|ui| {
            let label = ui.label("考核得分").id;
            let r = score_input(
                ui,
                field_id(("department-score", index)),
                &mut text,
                error_of,
                points,
                false,
                |r| r.labelled_by(label),
            );
            if r.changed() {
                if let Ok(score) = parse_number(&text)
                    && score.is_none_or(|s| check_score(s, points).is_ok())
                {
                    asked.push(Asked::Score(index, score));
                }
                view.typed.insert(index, text.clone());
            }
            // Not a Tab stop: Tab after the score goes on to 考核意见.
            if let Some(s) = row.self_score
                && ui
                    .add(egui::Button::new("采用自查得分").sense(egui::Sense::CLICK))
                    .clicked()
            {
                view.typed.insert(index, fmt_dec(s));
                asked.push(Asked::Score(index, Some(s)));
            }
        });
        if let Some(m) = error_of(&text) {
            ui.colored_label(ERROR_RED, m);
        }
        let mut opinion = row.opinion.clone();
        let label = ui.label("考核意见").id;
        let r = ui
            .add(
                egui::TextEdit::multiline(&mut opinion)
                    .id(field_id(("department-opinion", index)))
                    .char_limit(crate::ui::widgets::MAX_NOTE_CHARS)
                    .desired_rows(1)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label);
        if r.changed() {
            asked.push(Asked::Opinion(index, opinion));
        }
    });
}

/// The unit's other categories, folded, read-only.
fn others(draft: &Draft, ui: &mut egui::Ui) {
    let Some(unit) = draft.units().get(draft.unit).map(|u| u.unit_id.clone()) else {
        return;
    };
    let Some(items) = draft.others.get(&unit) else {
        return;
    };
    ui.add_space(6.0);
    egui::CollapsingHeader::new("其他类别（由其他部门评分，只读）")
        .id_salt(("department-others", draft.unit))
        .show(ui, |ui| {
            for item in items {
                let own = item
                    .self_score
                    .map_or_else(|| "未算出".to_string(), |s| format!("{}分", fmt_dec(s)));
                let reviewed = item.reviewed.map_or_else(
                    || "尚无考核得分".to_string(),
                    |s| format!("考核{}分", fmt_dec(s)),
                );
                ui.label(format!("{}：自查{own}，{reviewed}", item.title));
            }
        });
}
