//! The calculator of the selected item: one input per rule with its label and its live
//! explanation (or its error), the resulting score, the manual override with its reason,
//! and the note (自评说明). Every change recomputes at once.

use super::{ERROR_RED, KaopingApp};
use crate::input::parse_number;
use crate::ruleset::{InputKind, Rule, fmt_dec};
use crate::scoring::{Fact, ManualScore, RuleOutcome, check_score, input_hint};
use egui::RichText;

pub fn show(app: &mut KaopingApp, ui: &mut egui::Ui) {
    let ruleset = app.doc.ruleset.clone();
    let Some((cat, item)) = ruleset.ruleset.items().nth(app.selected) else {
        return;
    };
    let index_in_cat = cat.items.iter().position(|i| i.id == item.id).unwrap_or(0) + 1;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.add_space(4.0);
            ui.heading(format!(
                "{} 第{}项（{}分）",
                cat.name,
                index_in_cat,
                fmt_dec(item.points)
            ));
            if !item.content.is_empty() {
                ui.add(egui::Label::new(&item.content).wrap());
            }
            if !item.rule_text.is_empty() {
                ui.add(
                    egui::Label::new(RichText::new(format!("考核说明：{}", item.rule_text)).weak())
                        .wrap(),
                );
            }
            if !item.reading.is_empty() {
                ui.add(
                    egui::Label::new(
                        RichText::new(format!("本程序的理解：{}", item.reading)).small(),
                    )
                    .wrap(),
                );
            }
            ui.separator();
            // In review mode the unit's entries are shown as they are, and cannot change.
            let editable = app.mode == super::Mode::Fill;
            ui.add_enabled_ui(editable, |ui| unit_part(app, ui, item));
            super::review::item_section(app, ui, &item.id, item.points);
        });
}

/// What the unit enters for the item: one input per rule, the self score, the manual score
/// and the note.
fn unit_part(app: &mut KaopingApp, ui: &mut egui::Ui, item: &crate::ruleset::Item) {
    {
        {
            for group in item.groups() {
                if let Some(part) = group.part {
                    ui.label(
                        RichText::new(format!("{}（{}分）", part.label, fmt_dec(part.points)))
                            .strong(),
                    );
                }
                for rule in group.rules {
                    rule_input(app, ui, &item.id, rule);
                    ui.add_space(6.0);
                }
            }
            if item.is_judgement() {
                ui.label(
                    RichText::new("此项没有计算规则，凭评定打分：请填写自查得分和理由。").weak(),
                );
            }

            let result = app.report.items[app.selected].clone();
            ui.separator();
            for line in result.explanations.iter().filter(|l| {
                l.starts_with("按规则")
                    || l.contains("扣完为止")
                    || l.contains("按") && l.contains("分计")
            }) {
                ui.label(line);
            }
            ui.label(
                RichText::new(match result.score {
                    Some(s) => format!("自查得分：{}分", fmt_dec(s)),
                    None => format!("自查得分：{}", result.status.label()),
                })
                .strong()
                .size(16.0),
            );
            manual_section(app, ui, &item.id, item.points, item.is_judgement());
            ui.separator();
            let label_id = ui.label("自评说明").id;
            let entry = app.doc.sheet.items.entry(item.id.clone()).or_default();
            let r = ui
                .add(
                    egui::TextEdit::multiline(&mut entry.note)
                        .desired_rows(3)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label_id);
            if app.mode == super::Mode::Fill {
                app.note_field = Some(r.id);
            }
            if r.changed() {
                app.changed();
            }
            for p in result
                .problems
                .iter()
                .filter(|p| p.rule.is_none() && p.kind == crate::scoring::ProblemKind::Warning)
            {
                ui.colored_label(super::WARNING_ORANGE, &p.message);
            }
        }
    }
}

fn rule_input(app: &mut KaopingApp, ui: &mut egui::Ui, item_id: &str, rule: &Rule) {
    let result = &app.report.items[app.selected];
    let rr = result.rules.iter().find(|r| r.rule_id == rule.id).cloned();
    let label_id = ui.label(&rule.label).id;
    // The first input drawn after a row was chosen by keyboard gets the keyboard.
    let grab = app.mode == super::Mode::Fill && grab_focus(app, ui);
    let fact = app
        .doc
        .sheet
        .items
        .get(item_id)
        .and_then(|e| e.facts.get(&rule.id))
        .cloned();
    let mut new_fact: Option<Option<Fact>> = None;
    match rule.kind.input_kind() {
        InputKind::Flag => {
            ui.horizontal(|ui| {
                let current = match fact {
                    Some(Fact::Flag(b)) => Some(b),
                    _ => None,
                };
                let yes = ui
                    .radio(current == Some(true), "是")
                    .accessible_name(format!("{}：是", rule.label));
                if grab {
                    yes.request_focus();
                }
                if yes.clicked() {
                    new_fact = Some(Some(Fact::Flag(true)));
                }
                if ui
                    .radio(current == Some(false), "否")
                    .accessible_name(format!("{}：否", rule.label))
                    .clicked()
                {
                    new_fact = Some(Some(Fact::Flag(false)));
                }
                if current.is_some() && ui.small_button("清除").on_hover_text("改回未填").clicked()
                {
                    new_fact = Some(None);
                }
            });
        }
        _ => {
            let key = format!("{item_id}/{}", rule.id);
            let buffer = app.buffers.entry(key).or_insert_with(|| match &fact {
                Some(Fact::Number(d)) => fmt_dec(*d),
                Some(Fact::Text(t)) => t.clone(),
                _ => String::new(),
            });
            let invalid = matches!(
                rr.as_ref().map(|r| &r.outcome),
                Some(RuleOutcome::Invalid(_))
            );
            ui.horizontal(|ui| {
                let mut edit = egui::TextEdit::singleline(buffer).desired_width(90.0);
                if invalid {
                    edit = edit.text_color(ERROR_RED);
                }
                let r = ui.add(edit).labelled_by(label_id);
                if grab {
                    r.request_focus();
                }
                let r = match rr.as_ref().map(|r| &r.outcome) {
                    Some(RuleOutcome::Invalid(msg)) => r.on_hover_text(msg),
                    _ => r.on_hover_text(input_hint(&rule.kind)),
                };
                ui.label(RichText::new(rule.kind.unit()).weak());
                if r.changed() {
                    new_fact = Some(match parse_number(buffer) {
                        Ok(Some(d)) => Some(Fact::Number(d)),
                        Ok(None) => None,
                        Err(_) => Some(Fact::Text(buffer.clone())),
                    });
                }
            });
        }
    }
    match rr.as_ref().map(|r| (&r.outcome, &r.explanation)) {
        Some((RuleOutcome::Invalid(msg), _)) => {
            ui.colored_label(ERROR_RED, msg);
        }
        Some((_, Some(expl))) => {
            ui.add(
                egui::Label::new(
                    RichText::new(expl).color(ui.visuals().weak_text_color().gamma_multiply(1.4)),
                )
                .wrap(),
            );
        }
        _ => {}
    }
    if let Some(f) = new_fact {
        let entry = app.doc.sheet.items.entry(item_id.to_string()).or_default();
        match f {
            Some(f) => entry.facts.insert(rule.id.clone(), f),
            None => entry.facts.remove(&rule.id),
        };
        app.changed();
    }
}

/// The manual score: required on judgement items, an override with a reason elsewhere.
/// The typed score and reason live in buffers; the sheet gets a `ManualScore` only when a
/// valid score is there, so nothing half-typed is ever scored and nothing typed is lost.
fn manual_section(
    app: &mut KaopingApp,
    ui: &mut egui::Ui,
    item_id: &str,
    points: rust_decimal::Decimal,
    required: bool,
) {
    let score_key = format!("{item_id}#manual");
    let reason_key = format!("{item_id}#reason");
    let existing = app
        .doc
        .sheet
        .items
        .get(item_id)
        .and_then(|e| e.manual.clone());
    let mut on = required || existing.is_some() || app.buffers.contains_key(&score_key);
    if !required
        && ui
            .checkbox(&mut on, "手动评分")
            .on_hover_text("不按规则，直接给出自查得分（须写明理由）")
            .changed()
    {
        let entry = app.doc.sheet.items.entry(item_id.to_string()).or_default();
        if on {
            let computed = app.report.items[app.selected].computed;
            app.buffers
                .insert(score_key, computed.map(fmt_dec).unwrap_or_default());
            app.buffers.insert(reason_key, String::new());
            entry.manual = computed.map(|score| ManualScore {
                score,
                reason: String::new(),
            });
        } else {
            app.buffers.remove(&score_key);
            app.buffers.remove(&reason_key);
            entry.manual = None;
        }
        app.changed();
        return;
    }
    if !on {
        return;
    }
    let mut score_text = app.buffers.get(&score_key).cloned().unwrap_or_else(|| {
        existing
            .as_ref()
            .map(|m| fmt_dec(m.score))
            .unwrap_or_default()
    });
    let mut reason = app.buffers.get(&reason_key).cloned().unwrap_or_else(|| {
        existing
            .as_ref()
            .map(|m| m.reason.clone())
            .unwrap_or_default()
    });
    let error_of = |text: &str| match parse_number(text) {
        Err(e) => Some(format!("“{}”{e}", text.trim())),
        Ok(Some(d)) => check_score(d, points).err().map(|m| format!("自查得分{m}")),
        Ok(None) => None,
    };
    let mut changed = false;
    ui.horizontal(|ui| {
        ui.label("自查得分");
        let error = error_of(&score_text);
        let grab = required && app.mode == super::Mode::Fill && grab_focus(app, ui);
        let r = score_input(ui, &mut score_text, error.as_deref(), points, grab, |r| {
            r.accessible_name("手动自查得分")
        });
        changed |= r.changed();
    });
    if let Some(m) = error_of(&score_text) {
        ui.colored_label(ERROR_RED, m);
    }
    ui.label("理由（必填）");
    changed |= ui
        .add(egui::TextEdit::singleline(&mut reason).desired_width(f32::INFINITY))
        .accessible_name("手动评分理由")
        .changed();
    if changed {
        let entry = app.doc.sheet.items.entry(item_id.to_string()).or_default();
        entry.manual = match parse_number(&score_text) {
            Ok(Some(score)) => Some(ManualScore {
                score,
                reason: reason.clone(),
            }),
            Ok(None) => None,
            // Keep the last valid score in the sheet; the field shows what was typed, in red.
            Err(_) => entry.manual.take().map(|m| ManualScore {
                reason: reason.clone(),
                ..m
            }),
        };
        app.buffers.insert(score_key, score_text);
        app.buffers.insert(reason_key, reason);
        app.changed();
    }
    let result = &app.report.items[app.selected];
    for p in result
        .problems
        .iter()
        .filter(|p| p.message.starts_with("手动评分"))
    {
        ui.colored_label(ERROR_RED, &p.message);
    }
}

/// A score typed by a person (manual self score, 考核得分): red with its message when
/// invalid, the allowed range as its tooltip otherwise, then 分. `name` gives it its name.
pub(super) fn score_input(
    ui: &mut egui::Ui,
    text: &mut String,
    error: Option<&str>,
    points: rust_decimal::Decimal,
    grab: bool,
    name: impl FnOnce(egui::Response) -> egui::Response,
) -> egui::Response {
    let mut edit = egui::TextEdit::singleline(text).desired_width(70.0);
    if error.is_some() {
        edit = edit.text_color(ERROR_RED);
    }
    let r = name(ui.add(edit));
    if grab {
        r.request_focus();
    }
    let r = match error {
        Some(m) => r.on_hover_text(m),
        None => r.on_hover_text(format!("0到{}分，最多两位小数", fmt_dec(points))),
    };
    ui.label("分");
    r
}

/// Whether this input takes the keyboard: the first one drawn after a row was chosen by
/// keyboard, but not in the frame of the arrow key itself (egui would move the focus on).
pub(super) fn grab_focus(app: &mut KaopingApp, ui: &egui::Ui) -> bool {
    if !app.focus_calculator {
        return false;
    }
    let arrow =
        ui.input(|i| i.key_pressed(egui::Key::ArrowDown) || i.key_pressed(egui::Key::ArrowUp));
    if arrow {
        ui.ctx().request_repaint();
        return false;
    }
    app.focus_calculator = false;
    true
}
