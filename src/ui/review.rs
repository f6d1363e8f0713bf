//! Review mode: the municipal office's header (the unit's facts read-only, the review state,
//! both totals), the 考核得分 input of the selected item, and the difference marks. In fill
//! mode the unit sees the office's verdict, read-only.

use super::{ERROR_RED, KaopingApp, REVIEW_BLUE, WARNING_ORANGE};
use crate::input::parse_number;
use crate::ruleset::fmt_dec;
use crate::scoring::{ItemResult, ReviewDifference, check_score};
use crate::sheet::{Review, ReviewState};
use egui::RichText;
use rust_decimal::Decimal;

/// "↓2" / "↑0.5": how far the 考核得分 is from the self score; "≠" when there is no self score.
pub fn difference_mark(item: &ItemResult) -> Option<String> {
    match item.review_difference()? {
        ReviewDifference::Same => None,
        ReviewDifference::By(d) if d < Decimal::ZERO => Some(format!("↓{}", fmt_dec(-d))),
        ReviewDifference::By(d) => Some(format!("↑{}", fmt_dec(d))),
        ReviewDifference::NoSelfScore => Some("≠".into()),
    }
}

/// The header in review mode.
pub fn header(app: &mut KaopingApp, ui: &mut egui::Ui) {
    let sheet = &app.doc.sheet;
    let loaded = &app.doc.ruleset;
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new("审核模式（市妇联）：单位填报的内容只读，请逐项填写考核得分")
                .strong()
                .color(REVIEW_BLUE),
        );
    });
    ui.horizontal_wrapped(|ui| {
        ui.label(format!(
            "填报单位：{}",
            sheet.unit_name(loaded).unwrap_or("（未选）")
        ));
        for f in &loaded.ruleset.figures {
            ui.separator();
            ui.label(format!(
                "{}：{}",
                f.label,
                sheet
                    .figures
                    .get(&f.id)
                    .map(|v| v.to_string())
                    .unwrap_or_else(|| "未填".into())
            ));
        }
        ui.separator();
        ui.label(format!(
            "联系人：{}　电话：{}",
            sheet.contact.name, sheet.contact.phone
        ));
        ui.separator();
        ui.label(format!("年度：{}年", sheet.year));
        if let Ok(t) = chrono::DateTime::parse_from_rfc3339(&sheet.saved_at) {
            ui.separator();
            ui.label(format!("单位保存于 {}", t.format("%Y-%m-%d %H:%M")));
        }
    });
    state_row(app, ui);
    totals_row(app, ui);
    ui.add_space(2.0);
}

fn state_row(app: &mut KaopingApp, ui: &mut egui::Ui) {
    let current = app.doc.sheet.review_state();
    let missing = app
        .report
        .items
        .iter()
        .filter(|i| i.reviewed.is_none())
        .count();
    let mut chosen = None;
    let mut fill_rest = false;
    ui.horizontal_wrapped(|ui| {
        egui::ComboBox::from_label("审核状态")
            .selected_text(current.label())
            .width(110.0)
            .show_ui(ui, |ui| {
                for state in ReviewState::ALL {
                    // 已审核 needs every item's 考核得分: say why it cannot be chosen yet.
                    let blocked = state == ReviewState::Approved && missing > 0;
                    let r = ui.add_enabled(
                        !blocked,
                        egui::Button::selectable(current == state, state.label()),
                    );
                    let r = if blocked {
                        r.on_disabled_hover_text(format!("还有{missing}项没有考核得分"))
                    } else {
                        r
                    };
                    if r.clicked() {
                        chosen = Some(state);
                    }
                }
            });
        if current == ReviewState::Returned {
            let review = app.doc.sheet.review.get_or_insert_with(Review::default);
            let empty = review.reason.trim().is_empty();
            let label_id = ui.label("退回原因").id;
            let mut edit = egui::TextEdit::singleline(&mut review.reason)
                .desired_width(360.0)
                .hint_text("告诉单位要改什么");
            if empty {
                edit = edit
                    .background_color(ui.visuals().extreme_bg_color.lerp_to_gamma(ERROR_RED, 0.08));
            }
            if ui.add(edit).labelled_by(label_id).changed() {
                app.changed();
            }
        }
        ui.separator();
        let unreviewed_with_score = app
            .report
            .items
            .iter()
            .filter(|i| i.reviewed.is_none() && i.score.is_some())
            .count();
        if ui
            .add_enabled(
                unreviewed_with_score > 0,
                egui::Button::new("其余项采用自查得分"),
            )
            .on_hover_text("没有考核得分的项目，都按单位的自查得分填入考核得分")
            .clicked()
        {
            fill_rest = true;
        }
    });
    if let Some(state) = chosen
        && state != current
    {
        app.doc
            .sheet
            .review
            .get_or_insert_with(Review::default)
            .state = state;
        app.changed();
        app.write_draft();
    }
    if fill_rest {
        let scores: Vec<(String, Decimal)> = app
            .report
            .items
            .iter()
            .filter(|i| i.reviewed.is_none())
            .filter_map(|i| i.score.map(|s| (i.item_id.clone(), s)))
            .collect();
        let n = scores.len();
        for (id, s) in scores {
            app.buffers.remove(&reviewed_key(&id));
            app.doc.sheet.items.entry(id).or_default().reviewed = Some(s);
        }
        app.changed();
        app.status = format!("已按自查得分填入{n}项考核得分");
    }
}

fn totals_row(app: &KaopingApp, ui: &mut egui::Ui) {
    let report = &app.report;
    let reviewed_items = report.items.iter().filter(|i| i.reviewed.is_some()).count();
    let differing = report
        .items
        .iter()
        .filter(|i| difference_mark(i).is_some())
        .count();
    ui.horizontal_wrapped(|ui| {
        for c in &report.categories {
            let text = format!(
                "{} {} / {}",
                c.name,
                fmt_dec(c.subtotal),
                c.reviewed_subtotal
                    .map(fmt_dec)
                    .unwrap_or_else(|| "—".into())
            );
            ui.label(text).on_hover_text("自查得分小计 / 考核得分小计");
            ui.separator();
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(format!("自查合计 {}", fmt_dec(report.total)))
                .strong()
                .size(16.0),
        );
        ui.separator();
        let reviewed = report
            .reviewed_total
            .map(fmt_dec)
            .unwrap_or_else(|| "—".into());
        ui.label(
            RichText::new(format!("考核合计 {reviewed}"))
                .strong()
                .size(16.0)
                .color(REVIEW_BLUE),
        );
        if let Some(d) = report.review_total_difference()
            && !d.is_zero()
        {
            let text = if d < Decimal::ZERO {
                format!("比自查少{}分", fmt_dec(-d))
            } else {
                format!("比自查多{}分", fmt_dec(d))
            };
            ui.label(RichText::new(text).color(WARNING_ORANGE));
        }
        ui.separator();
        ui.label(format!(
            "已填考核得分 {reviewed_items}/{} 项，与自查不同 {differing} 项",
            report.items.len()
        ));
    });
}

/// In fill mode, the office's verdict on a sheet that came back (read-only).
pub fn unit_view_of_review(app: &KaopingApp, ui: &mut egui::Ui) {
    let Some(review) = &app.doc.sheet.review else {
        return;
    };
    ui.horizontal_wrapped(|ui| {
        let mut text = format!("市妇联审核：{}", review.state.label());
        if review.state == ReviewState::Returned && !review.reason.trim().is_empty() {
            text.push_str(&format!("。退回原因：{}", review.reason.trim()));
        }
        if let Some(t) = app.report.reviewed_total {
            text.push_str(&format!("。考核合计 {}", fmt_dec(t)));
        }
        let color = match review.state {
            ReviewState::Returned => ERROR_RED,
            _ => REVIEW_BLUE,
        };
        ui.label(RichText::new(text).color(color));
    });
}

pub fn reviewed_key(item_id: &str) -> String {
    format!("{item_id}#reviewed")
}

/// The 考核得分 of the selected item and the reviewer's note. Editable in review mode only.
/// As with the manual score, what is typed lives in a buffer; the sheet keeps the last
/// number, and the engine reports one out of range.
pub fn item_section(app: &mut KaopingApp, ui: &mut egui::Ui, item_id: &str, points: Decimal) {
    let editable = app.mode == super::Mode::Review;
    let result = app.report.items[app.selected].clone();
    let entry_reviewed = app.doc.sheet.items.get(item_id).and_then(|e| e.reviewed);
    if !editable && entry_reviewed.is_none() {
        return;
    }
    ui.separator();
    ui.label(RichText::new("考核（市妇联）").strong().color(REVIEW_BLUE));
    let key = reviewed_key(item_id);
    let mut text = app
        .buffers
        .get(&key)
        .cloned()
        .unwrap_or_else(|| entry_reviewed.map(fmt_dec).unwrap_or_default());
    let error = match parse_number(&text) {
        Err(e) => Some(format!("“{}”{e}", text.trim())),
        Ok(Some(d)) => check_score(d, points).err().map(|m| format!("考核得分{m}")),
        Ok(None) => None,
    };
    let mut changed = false;
    let mut adopt = false;
    ui.add_enabled_ui(editable, |ui| {
        ui.horizontal(|ui| {
            let label_id = ui.label("考核得分").id;
            let grab = editable && super::calculator::grab_focus(app, ui);
            let r = super::calculator::score_input(
                ui,
                &mut text,
                error.as_deref(),
                points,
                grab,
                |r| r.labelled_by(label_id),
            );
            changed |= r.changed();
            if result.score.is_some()
                && ui
                    .button("采用自查得分")
                    .on_hover_text("考核得分与自查得分相同")
                    .clicked()
            {
                adopt = true;
            }
        });
    });
    if let Some(m) = &error {
        ui.colored_label(ERROR_RED, m);
    }
    if let Some(mark) = difference_mark(&result) {
        ui.label(
            RichText::new(format!(
                "与自查得分不同：自查{}，考核{}分（{mark}）",
                result
                    .score
                    .map(|s| format!("{}分", fmt_dec(s)))
                    .unwrap_or_else(|| "未得分".into()),
                fmt_dec(result.reviewed.unwrap_or_default())
            ))
            .color(WARNING_ORANGE),
        );
    }
    if adopt && let Some(s) = result.score {
        text = fmt_dec(s);
        changed = true;
    }
    let entry = app.doc.sheet.items.entry(item_id.to_string()).or_default();
    let mut note = entry.review_note.clone();
    let mut note_changed = false;
    ui.add_enabled_ui(editable, |ui| {
        let label_id = ui.label("考核意见").id;
        let r = ui
            .add(
                egui::TextEdit::multiline(&mut note)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label_id);
        note_changed = r.changed();
        if editable {
            // ↑/↓ move between its lines, not between rows (the unit's note is read-only).
            app.note_field = Some(r.id);
        }
    });
    if changed {
        let entry = app.doc.sheet.items.entry(item_id.to_string()).or_default();
        match parse_number(&text) {
            Ok(Some(d)) => entry.reviewed = Some(d),
            Ok(None) => entry.reviewed = None,
            // Keep the last valid score; the field shows what was typed, in red.
            Err(_) => {}
        }
        app.buffers.insert(key, text);
        app.changed();
    }
    if note_changed {
        app.doc
            .sheet
            .items
            .entry(item_id.to_string())
            .or_default()
            .review_note = note;
        app.changed();
    }
}
