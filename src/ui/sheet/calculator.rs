//! The calculator of the selected item: one input per rule with its label and its live
//! explanation (or its error), the resulting score, the manual override with its reason,
//! and the note (自评说明). Every change recomputes at once.

use crate::document::Edit;
use crate::input::parse_number;
use crate::ruleset::{InputKind, Rule, fmt_dec};
use crate::scoring::{
    About, Fact, ManualScore, Problem, ProblemKind, RuleOutcome, input_hint, score_hint,
};
use crate::ui::sheet::SheetCtx;
use crate::ui::widgets::{
    MAX_NOTE_CHARS, announce_changes, field_id, focus_and_reveal, grab_focus, note_text,
    score_input, yes_no,
};
use crate::ui::{ERROR_RED, REVIEW_BLUE};
use egui::RichText;

pub fn show(cx: &mut SheetCtx, ui: &mut egui::Ui) {
    let ruleset = cx.session.shared_ruleset();
    let Some((cat, item)) = ruleset.ruleset.items().nth(cx.view.selected) else {
        return;
    };
    let index_in_cat = cat.items.iter().position(|i| i.id == item.id).unwrap_or(0) + 1;
    let another_item = cx.view.shown_item.as_deref() != Some(item.id.as_str());
    cx.view.shown_item = Some(item.id.clone());
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.add_space(4.0);
            let heading = ui.heading(format!(
                "{} 第{}项（{}分）",
                cat.name,
                index_in_cat,
                fmt_dec(item.points)
            ));
            announce_changes(&heading);
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
                let weak = ui.visuals().weak_text_color();
                ui.add(
                    egui::Label::new(note_text(format!("本程序的理解：{}", item.reading), weak))
                        .wrap(),
                );
            }
            // The ruleset's own remarks (e.g. awards adding up past the points): information
            // in blue, not a problem the clerk could fix.
            let notes = cx
                .session
                .report()
                .item(&item.id)
                .map(|r| r.rule_notes.as_slice());
            for note in notes.unwrap_or_default() {
                ui.add(
                    egui::Label::new(note_text(format!("规则说明：{note}"), REVIEW_BLUE)).wrap(),
                );
            }
            ui.separator();
            // In review mode the unit's entries are shown as they are, and cannot change.
            let editable = cx.session.mode() == crate::ui::Mode::Fill;
            if editable {
                crate::ui::review::unit_view_of_opinion(cx, ui, &item.id);
            }
            ui.add_enabled_ui(editable, |ui| unit_part(cx, ui, item, another_item));
            crate::ui::sheet::ledger::item_section(cx, ui, item);
            crate::ui::sheet::evidence::item_section(cx, ui, item);
            crate::ui::sheet::evidence::scans_section(cx, ui);
            crate::ui::review::item_section(cx, ui, &item.id, item.points);
            reveal_focus(ui);
        });
}

/// Whatever takes the keyboard in the calculator is brought into view (Tab from 自评说明 on to
/// the 台账's and 佐证材料's buttons once left the keyboard below the window's edge).
fn reveal_focus(ui: &mut egui::Ui) {
    // Only what Tab brought there: a click is on what is in view already, and scrolling then
    // moved the buttons from under the mouse.
    if !ui.input(|i| i.key_pressed(egui::Key::Tab)) {
        return;
    }
    let key = egui::Id::unique("calculator-last-focus");
    let focused = ui.memory(|m| m.focused());
    let before = ui.data(|d| d.get_temp::<egui::Id>(key));
    if focused == before {
        return;
    }
    if let Some(id) = focused {
        ui.data_mut(|d| d.insert_temp(key, id));
        if let Some(r) = ui.ctx().read_response(id)
            && ui.clip_rect().intersects(ui.min_rect())
            && ui.min_rect().contains_rect(r.rect)
        {
            ui.scroll_to_rect(r.rect, None);
        }
    }
}

/// What the unit enters for the item: one input per rule, the self score, the manual score
/// and the note.
fn unit_part(
    cx: &mut SheetCtx,
    ui: &mut egui::Ui,
    item: &crate::ruleset::Item,
    another_item: bool,
) {
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
                    rule_input(cx, ui, &item.id, rule);
                    ui.add_space(6.0);
                }
            }
            if item.is_judgement() {
                ui.label(
                    RichText::new("此项没有计算规则，凭评定打分：请填写自查得分和理由。").weak(),
                );
            }

            let Some(result) = cx.session.report().item(&item.id).cloned() else {
                return;
            };
            ui.separator();
            for line in result.explanations.iter().filter(|l| l.sums_up()) {
                ui.label(&line.text);
            }
            let score = ui.label(
                RichText::new(match result.score {
                    Some(s) => format!("自查得分：{}分", fmt_dec(s)),
                    None => format!("自查得分：{}", result.status.label()),
                })
                .strong()
                .size(16.0),
            );
            // Announced when typing changes it, not when ↓ brought another item (its heading
            // is announced then): one announcement per change.
            if !another_item {
                announce_changes(&score);
            }
            manual_section(cx, ui, &item.id, item.points, item.is_judgement());
            ui.separator();
            let label_id = ui.label("自评说明").id;
            let mut note = cx
                .session
                .sheet()
                .items
                .get(&item.id)
                .map(|e| e.note.clone())
                .unwrap_or_default();
            let r = ui
                .add(
                    egui::TextEdit::multiline(&mut note)
                        .id(field_id(("note", &item.id)))
                        .char_limit(MAX_NOTE_CHARS)
                        .desired_rows(3)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label_id);
            focus_and_reveal(&r, false);
            if cx.session.mode() == crate::ui::Mode::Fill {
                cx.view.note_field = Some(r.id);
                cx.view.note_chars = note.chars().count();
            }
            if r.changed() {
                cx.edit(Edit::Note {
                    item: item.id.clone(),
                    note: note.clone(),
                });
            }
            for p in result
                .problems
                .iter()
                .filter(|p| p.rule.is_none() && p.kind == crate::scoring::ProblemKind::Warning)
            {
                warning_line(cx, ui, &item.id, p);
            }
        }
    }
}

fn rule_input(cx: &mut SheetCtx, ui: &mut egui::Ui, item_id: &str, rule: &Rule) {
    let rr = cx
        .session
        .report()
        .item(item_id)
        .and_then(|result| result.rule(&rule.id))
        .cloned();
    let label_id = ui.label(&rule.label).id;
    // Fed by a 台账 with entries: the value is the entries', shown, not typed.
    if let Some(ledger) = cx.session.ledger_feeding(item_id, &rule.id) {
        let value = match rr.as_ref().and_then(|r| r.explanation.clone()) {
            Some(line) => line,
            None => match &rr.as_ref().map(|r| &r.outcome) {
                Some(RuleOutcome::Invalid(msg)) => msg.clone(),
                _ => "无法计算".to_string(),
            },
        };
        let shown =
            ui.label(RichText::new(format!("由台账“{}”计算", ledger.entry)).color(REVIEW_BLUE));
        shown.labelled_by(label_id);
        ui.add(
            egui::Label::new(
                RichText::new(value).color(ui.visuals().weak_text_color().gamma_multiply(1.4)),
            )
            .wrap(),
        );
        return;
    }
    // The first input drawn after a row was chosen by keyboard gets the keyboard.
    let grab =
        cx.session.mode() == crate::ui::Mode::Fill && grab_focus(&mut cx.view.focus_calculator, ui);
    let fact = cx
        .session
        .sheet()
        .items
        .get(item_id)
        .and_then(|e| e.facts.get(&rule.id))
        .cloned();
    let warnings: Vec<Problem> = cx
        .session
        .report()
        .item(item_id)
        .into_iter()
        .flat_map(|r| r.problems.iter())
        .filter(|p| p.kind == ProblemKind::Warning && p.rule.as_deref() == Some(rule.id.as_str()))
        .cloned()
        .collect();
    // What a screen reader says of the input besides its name: its error or warnings, which
    // are otherwise only text beside it (a reader on the input, or on 确认无误, never heard
    // 「是否为27%？」).
    let description = said_of_input(rr.as_ref(), &warnings);
    let mut new_fact: Option<Option<Fact>> = None;
    match rule.kind.input_kind() {
        InputKind::Flag => {
            let current = match fact {
                Some(Fact::Flag(b)) => Some(b),
                _ => None,
            };
            let editable = cx.session.mode() == crate::ui::Mode::Fill;
            ui.horizontal(|ui| {
                let id = field_id(("flag", item_id, &rule.id));
                let (_, answer) = yes_no(ui, id, &rule.label, current, editable, grab);
                if !description.is_empty() {
                    let answered = match current {
                        Some(true) => "回答：是",
                        Some(false) => "回答：否",
                        None => "回答：未填",
                    };
                    ui.ctx().accesskit_node_builder(id, |node| {
                        node.set_description(format!("{answered}。{description}"));
                    });
                }
                if let Some(a) = answer {
                    new_fact = Some(a.map(Fact::Flag));
                }
            });
        }
        _ => {
            let key = format!("{item_id}/{}", rule.id);
            let buffer = cx.view.buffers.entry(key).or_insert_with(|| match &fact {
                Some(Fact::Number(d)) => fmt_dec(*d),
                Some(Fact::Text(t)) => t.clone(),
                _ => String::new(),
            });
            let invalid = matches!(
                rr.as_ref().map(|r| &r.outcome),
                Some(RuleOutcome::Invalid(_))
            );
            ui.horizontal(|ui| {
                let mut edit = crate::ui::widgets::one_line(buffer)
                    .id(field_id(("rule", item_id, &rule.id)))
                    .desired_width(90.0);
                if invalid {
                    edit = edit.text_color(ERROR_RED);
                }
                let r = ui.add(edit).labelled_by(label_id);
                focus_and_reveal(&r, grab);
                let r = match rr.as_ref().map(|r| &r.outcome) {
                    Some(RuleOutcome::Invalid(msg)) => r.on_hover_text(msg),
                    _ => r.on_hover_text(input_hint(&rule.kind)),
                };
                // What it holds, then its error or warning, else how to fill it.
                let rest = if description.is_empty() {
                    input_hint(&rule.kind)
                } else {
                    description.clone()
                };
                let holds = match buffer.trim() {
                    "" => String::new(),
                    typed => format!("{typed}{}", rule.kind.unit()),
                };
                crate::ui::widgets::describe_input(&r, &holds, &rest);
                ui.label(RichText::new(rule.kind.unit()).weak());
                if r.changed() {
                    new_fact = Some(Fact::from_typed(buffer));
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
    for p in &warnings {
        warning_line(cx, ui, item_id, p);
    }
    if let Some(f) = new_fact {
        // (The handler also takes away a 「已确认无误：…」 of the old value from the status.)
        cx.edit(Edit::Fact {
            item: item_id.to_string(),
            rule: rule.id.clone(),
            fact: f,
        });
    }
}

/// The error or warnings of one input, as a screen reader says them after its name: empty
/// when there are none.
fn said_of_input(rr: Option<&crate::scoring::RuleResult>, warnings: &[Problem]) -> String {
    let mut said = Vec::new();
    if let Some(RuleOutcome::Invalid(msg)) = rr.map(|r| &r.outcome) {
        said.push(format!("错误：{msg}"));
    }
    for p in warnings {
        said.push(match &p.question {
            Some(q) if q.confirmed => format!("已确认无误：{}", p.message),
            Some(_) => format!("警告：{}。如无误，按 Ctrl+Enter 确认", p.message),
            None => format!("警告：{}", p.message),
        });
    }
    said.join("；")
}

/// A warning under its input. One that asks something (是否为87%？) is answered in place:
/// fixed, or 确认无误 — stored in the sheet, shown to the municipal office, and until then the
/// sheet prints as 草稿. An answer can be taken back (撤销确认).
fn warning_line(cx: &mut SheetCtx, ui: &mut egui::Ui, item_id: &str, p: &Problem) {
    let fill = cx.session.mode() == crate::ui::Mode::Fill;
    match &p.question {
        None => {
            ui.colored_label(crate::ui::WARNING_ORANGE, &p.message);
        }
        Some(q) if q.confirmed => {
            let weak = ui.visuals().weak_text_color();
            ui.add(
                egui::Label::new(note_text(
                    format!(
                        "{}已确认无误：{}",
                        if fill { "" } else { "单位" },
                        p.message
                    ),
                    weak,
                ))
                .wrap(),
            );
            if fill
                && ui
                    .small_button("撤销确认")
                    .on_hover_text("再次把它当作警告，打印前会再问")
                    .clicked()
            {
                cx.edit(Edit::Confirm {
                    item: item_id.to_string(),
                    key: q.key.clone(),
                    confirmed: false,
                });
            }
        }
        Some(q) => {
            ui.colored_label(crate::ui::WARNING_ORANGE, &p.message);
            if fill {
                // Never a Tab stop: Tab after typing goes on to the next input, and the next
                // keys typed are not lost on this button. The keyboard answers with Ctrl+Enter
                // in the input the warning is about — a deliberate act on this warning.
                let r = ui
                    .add(egui::Button::new("确认无误").sense(egui::Sense::CLICK))
                    .on_hover_text(
                        "填写的内容没有错：不再作为警告，打印时不因它标为草稿（在该格中按 Ctrl+Enter 也可）",
                    );
                // Said with the button: what it confirms.
                ui.ctx().accesskit_node_builder(r.id, |node| {
                    node.set_description(format!("确认：{}", p.message));
                });
                let own_fields = match &p.rule {
                    Some(rule) => vec![
                        field_id(("rule", item_id, rule.as_str())),
                        field_id(("flag", item_id, rule.as_str())),
                    ],
                    None => vec![field_id(("note", item_id))],
                };
                let keyed = ui
                    .ctx()
                    .memory(|m| m.focused())
                    .is_some_and(|f| own_fields.contains(&f))
                    && ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::Enter));
                if r.clicked() || keyed {
                    cx.edit(Edit::Confirm {
                        item: item_id.to_string(),
                        key: q.key.clone(),
                        confirmed: true,
                    });
                    *cx.status = format!("已确认无误：{}", p.message);
                    cx.view.confirmation_said = Some(cx.status.clone());
                }
            } else {
                ui.label(RichText::new("（单位尚未确认）").weak());
            }
        }
    }
}

/// The manual score: required on judgement items, an override with a reason elsewhere.
/// The typed score and reason live in buffers; the sheet gets a `ManualScore` only when a
/// valid score is there, so nothing half-typed is ever scored and nothing typed is lost.
fn manual_section(
    cx: &mut SheetCtx,
    ui: &mut egui::Ui,
    item_id: &str,
    points: rust_decimal::Decimal,
    required: bool,
) {
    let score_key = format!("{item_id}#manual");
    let reason_key = format!("{item_id}#reason");
    let existing = cx
        .session
        .sheet()
        .items
        .get(item_id)
        .and_then(|e| e.manual.clone());
    let mut on = required || existing.is_some() || cx.view.buffers.contains_key(&score_key);
    if !required
        && ui
            .checkbox(&mut on, "手动评分")
            .on_hover_text("不按规则，直接给出自查得分（须写明理由）")
            .changed()
    {
        let computed = cx.session.report().item(item_id).and_then(|r| r.computed);
        if on {
            // The computed score is put in the field to start from; the sheet gets a manual
            // score only once she changes it or writes a reason — ticking alone changes no
            // score (it made the row 有误 and the total drop until a reason was typed).
            cx.view
                .buffers
                .insert(score_key, computed.map(fmt_dec).unwrap_or_default());
            cx.view.buffers.insert(reason_key, String::new());
        } else {
            cx.view.buffers.remove(&score_key);
            cx.view.buffers.remove(&reason_key);
            cx.edit(Edit::Manual {
                item: item_id.to_string(),
                manual: None,
            });
        }
        return;
    }
    if !on {
        return;
    }
    let mut score_text = cx.view.buffers.get(&score_key).cloned().unwrap_or_else(|| {
        existing
            .as_ref()
            .map(|m| fmt_dec(m.score))
            .unwrap_or_default()
    });
    let mut reason = cx
        .view
        .buffers
        .get(&reason_key)
        .cloned()
        .unwrap_or_else(|| {
            existing
                .as_ref()
                .map(|m| m.reason.clone())
                .unwrap_or_default()
        });
    // The field's own message covers what the engine never sees (text that is not a
    // number); a number out of range is the engine's 手动评分… problem, said once.
    let not_a_number = |text: &str| match parse_number(text) {
        Err(e) => Some(format!("“{}”{e}；{}", text.trim(), score_hint(points))),
        Ok(_) => None,
    };
    let engine_errors: Vec<&Problem> = cx
        .session
        .report()
        .item(item_id)
        .into_iter()
        .flat_map(|r| r.problems.iter())
        .filter(|p| {
            p.kind == ProblemKind::Error
                && matches!(p.about, About::ManualScore | About::ManualReason)
        })
        .collect();
    let range_error = engine_errors
        .iter()
        .find(|p| p.about == About::ManualScore)
        .map(|p| p.message.clone());
    let engine_errors: Vec<String> = engine_errors.iter().map(|p| p.message.clone()).collect();
    let mut changed = false;
    ui.horizontal(|ui| {
        ui.label("自查得分");
        let grab = required
            && cx.session.mode() == crate::ui::Mode::Fill
            && grab_focus(&mut cx.view.focus_calculator, ui);
        let r = score_input(
            ui,
            field_id(("manual", item_id)),
            &mut score_text,
            |t| not_a_number(t).or_else(|| range_error.clone()),
            points,
            grab,
            |r| r.accessible_name("手动自查得分"),
        );
        // The score put in when 手动评分 was ticked is selected when the field is entered:
        // typing 4.5 replaces it (it gave 44.5 when the cursor sat after it).
        if r.gained_focus() {
            crate::ui::widgets::select_all(ui.ctx(), r.id, &score_text);
        }
        changed |= r.changed();
    });
    if let Some(m) = not_a_number(&score_text) {
        ui.colored_label(ERROR_RED, m);
    } else {
        for m in &engine_errors {
            ui.colored_label(ERROR_RED, m);
        }
    }
    ui.label("理由（必填）");
    let reason_response = ui
        .add(
            crate::ui::widgets::one_line(&mut reason)
                .id(field_id(("reason", item_id)))
                .char_limit(MAX_NOTE_CHARS)
                .desired_width(f32::INFINITY),
        )
        .accessible_name("手动评分理由");
    focus_and_reveal(&reason_response, false);
    changed |= reason_response.changed();
    if changed {
        let manual = match parse_number(&score_text) {
            Ok(Some(score)) => Some(ManualScore {
                score,
                reason: reason.clone(),
            }),
            Ok(None) => None,
            // Keep the last valid score in the sheet; the field shows what was typed, in red.
            Err(_) => existing.map(|m| ManualScore {
                reason: reason.clone(),
                ..m
            }),
        };
        cx.edit(Edit::Manual {
            item: item_id.to_string(),
            manual,
        });
        cx.view.buffers.insert(score_key, score_text);
        cx.view.buffers.insert(reason_key, reason);
    }
}
