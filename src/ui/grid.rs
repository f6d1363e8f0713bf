//! The assessment table as on paper: 考核项目 · 考核内容 · 考核说明 · 标准分 · 自查得分 ·
//! 考核得分, plus each row's state. Rows take the height their wrapped text needs; the header
//! stays while the body scrolls.

use super::{DONE_GREEN, ERROR_RED, KaopingApp, REVIEW_BLUE, WARNING_ORANGE};
use crate::ruleset::fmt_dec;
use crate::scoring::ItemStatus;
use egui::{Align, Color32, FontId, Layout, RichText, Sense};
use egui_extras::{Column, TableBuilder};

const CATEGORY_W: f32 = 92.0;
const NUMBER_W: f32 = 58.0;
const REVIEWED_W: f32 = 96.0;
const STATE_W: f32 = 58.0;
const PAD: f32 = 8.0;

/// The state of a row in a word and a colour: 未填 / 未填完 / 已填 / 有误 / 警告.
pub fn row_state(item: &crate::scoring::ItemResult, mode: super::Mode) -> (&'static str, Color32) {
    if mode == super::Mode::Review {
        // The reviewer's own progress: 待审 until the item has its 考核得分.
        return match (item.status, item.reviewed) {
            (ItemStatus::Invalid, _) => ("有误", ERROR_RED),
            (_, None) => ("待审", Color32::GRAY),
            (_, Some(_)) => ("已审", DONE_GREEN),
        };
    }
    match item.status {
        ItemStatus::Invalid => ("有误", ERROR_RED),
        _ if item.has_warning() => ("警告", WARNING_ORANGE),
        ItemStatus::Scored => ("已填", DONE_GREEN),
        ItemStatus::Partial => ("未填完", Color32::GRAY),
        ItemStatus::Unfilled => ("未填", Color32::GRAY),
    }
}

pub fn show(app: &mut KaopingApp, ui: &mut egui::Ui) {
    // A click anywhere on a row selects it; selectable text would swallow the click.
    ui.style_mut().interaction.selectable_labels = false;
    let ruleset = app.doc.ruleset.clone();
    let rs = &ruleset.ruleset;
    let rows: Vec<_> = rs.items().collect();
    let font = FontId::proportional(14.0);
    // The 考核得分 column is wider when it carries difference marks (↓2).
    let reviewed_w = if app.mode == super::Mode::Review || app.report.reviewed_total.is_some() {
        REVIEWED_W
    } else {
        NUMBER_W
    };
    let text_w =
        ((ui.available_width() - CATEGORY_W - 2.0 * NUMBER_W - reviewed_w - STATE_W - 6.0 * PAD)
            / 2.0)
            .max(120.0);
    let heights: Vec<f32> = rows
        .iter()
        .enumerate()
        .map(|(i, (cat, item))| {
            let first = i == 0 || rows[i - 1].0.id != cat.id;
            let h = |text: &str, w: f32| {
                ui.fonts_mut(|f| f.layout(text.to_string(), font.clone(), Color32::WHITE, w))
                    .rect
                    .height()
            };
            let mut height = h(&item.content, text_w).max(h(&item.rule_text, text_w));
            if first {
                height = height.max(h(&category_text(cat), CATEGORY_W - PAD));
            }
            height + 2.0 * PAD
        })
        .collect();

    let mut clicked = None;
    let mut table = TableBuilder::new(ui)
        .id_salt("sheet-grid")
        .striped(false)
        .sense(Sense::click())
        .cell_layout(Layout::left_to_right(Align::Center))
        .column(Column::exact(CATEGORY_W))
        .column(Column::exact(text_w))
        .column(Column::exact(text_w))
        .column(Column::exact(NUMBER_W))
        .column(Column::exact(NUMBER_W))
        .column(Column::exact(reviewed_w))
        .column(Column::exact(STATE_W))
        .auto_shrink([false, false]);
    if app.scroll_to_selected {
        table = table.scroll_to_row(app.selected, Some(Align::Center));
        app.scroll_to_selected = false;
    }
    table
        .header(26.0, |mut header| {
            for title in [
                "考核项目",
                "考核内容",
                "考核说明",
                "标准分",
                "自查得分",
                "考核得分",
                "状态",
            ] {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            body.heterogeneous_rows(heights.into_iter(), |mut row| {
                let i = row.index();
                let (cat, item) = rows[i];
                let result = &app.report.items[i];
                let first = i == 0 || rows[i - 1].0.id != cat.id;
                row.set_selected(i == app.selected);
                let boundary = |ui: &mut egui::Ui| {
                    if first {
                        let r = ui.max_rect();
                        ui.painter().hline(
                            r.x_range(),
                            r.top() + 1.0,
                            egui::Stroke::new(1.5, ui.visuals().strong_text_color()),
                        );
                    }
                };
                row.col(|ui| {
                    boundary(ui);
                    if first {
                        ui.add(
                            egui::Label::new(RichText::new(category_text(cat)).strong())
                                .wrap()
                                .selectable(false),
                        );
                    }
                });
                row.col(|ui| {
                    boundary(ui);
                    ui.add(egui::Label::new(&item.content).wrap().selectable(false));
                });
                row.col(|ui| {
                    boundary(ui);
                    ui.add(
                        egui::Label::new(RichText::new(&item.rule_text).weak())
                            .wrap()
                            .selectable(false),
                    );
                });
                row.col(|ui| {
                    boundary(ui);
                    ui.label(fmt_dec(item.points));
                });
                row.col(|ui| {
                    boundary(ui);
                    match result.score {
                        Some(s) => {
                            let mut t = RichText::new(fmt_dec(s)).strong();
                            if result.manual {
                                t = t.italics();
                            }
                            ui.label(t);
                        }
                        None => {
                            ui.label(RichText::new("—").weak());
                        }
                    }
                });
                row.col(|ui| {
                    boundary(ui);
                    if let Some(r) = result.reviewed {
                        match super::review::difference_mark(result) {
                            // Marked where the office's score differs from the unit's.
                            Some(mark) => {
                                ui.label(RichText::new(fmt_dec(r)).strong().color(REVIEW_BLUE))
                                    .on_hover_text(format!("考核得分与自查得分不同（{mark}）"));
                                ui.label(RichText::new(mark).small().color(WARNING_ORANGE));
                            }
                            None => {
                                ui.label(RichText::new(fmt_dec(r)).color(REVIEW_BLUE));
                            }
                        }
                    }
                });
                row.col(|ui| {
                    boundary(ui);
                    let (word, color) = row_state(result, app.mode);
                    let tip: Vec<String> =
                        result.problems.iter().map(|p| p.message.clone()).collect();
                    let r = ui.label(RichText::new(word).color(color));
                    if !tip.is_empty() {
                        r.on_hover_text(tip.join("\n"));
                    }
                });
                if row.response().clicked() {
                    clicked = Some(i);
                }
            });
        });
    if let Some(i) = clicked {
        app.selected = i;
        // The reviewer clicks an item to score it: the cursor goes to its 考核得分.
        if app.mode == super::Mode::Review {
            app.focus_calculator = true;
            // The calculator was drawn before the grid this frame: draw again to move the
            // cursor now, not at the next mouse move.
            ui.ctx().request_repaint();
        }
    }
}

fn category_text(cat: &crate::ruleset::Category) -> String {
    format!("{}（{}分）", cat.name, fmt_dec(cat.points))
}
