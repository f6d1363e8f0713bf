//! Review mode: the municipal office's header (the unit's facts read-only, the review state,
//! both totals), the 考核得分 input of the selected item, and the difference marks. In fill
//! mode the unit sees the office's verdict, read-only.

use crate::document::Edit;
use crate::input::parse_number;
use crate::ruleset::fmt_dec;
use crate::scoring::{ItemResult, ReviewDifference, check_score, score_hint};
use crate::sheet::ReviewState;
use crate::ui::sheet::SheetCtx;
use crate::ui::widgets::{field_id, focus_and_reveal, grab_focus, score_input};
use crate::ui::{DONE_GREEN, ERROR_RED, REVIEW_BLUE, WARNING_ORANGE};
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
pub fn header(cx: &mut SheetCtx, ui: &mut egui::Ui) {
    let sheet = &cx.session.sheet();
    let loaded = &cx.session.ruleset();
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new("审核模式（市妇联）：单位填报的内容只读，请逐项填写考核得分")
                .strong()
                .color(REVIEW_BLUE),
        );
    });
    ui.horizontal_wrapped(|ui| {
        crate::ui::widgets::whole(
            ui,
            RichText::new(format!(
                "填报单位：{}",
                sheet.unit_name(loaded).unwrap_or("（未选）")
            )),
        );
        for f in &loaded.ruleset.figures {
            ui.separator();
            crate::ui::widgets::whole(
                ui,
                RichText::new(format!(
                    "{}：{}",
                    f.label,
                    sheet
                        .figures
                        .get(&f.id)
                        .map(|v| v.to_string())
                        .unwrap_or_else(|| "未填".into())
                )),
            );
        }
        ui.separator();
        crate::ui::widgets::whole(
            ui,
            RichText::new(format!(
                "联系人：{}　电话：{}",
                sheet.contact.name, sheet.contact.phone
            )),
        );
        ui.separator();
        crate::ui::widgets::whole(ui, RichText::new(format!("年度：{}年", sheet.year)));
        if let Ok(t) = chrono::DateTime::parse_from_rfc3339(&sheet.saved_at) {
            ui.separator();
            crate::ui::widgets::whole(
                ui,
                RichText::new(format!("单位保存于 {}", t.format("%Y-%m-%d %H:%M"))),
            );
        }
        ui.separator();
        scan_label(ui, sheet, cx.session.content_fingerprint());
    });
    state_row(cx, ui);
    // What was decided before, and when (the unit's resubmission included): a line of its
    // own, so its wrapping text never lies over the buttons of the row above.
    if let Some(review) = &cx.session.sheet().review {
        let history = review.history_words(cx.session.ruleset());
        if !history.is_empty() {
            ui.add(
                egui::Label::new(
                    RichText::new(format!("审核记录：{}", history.join(" → "))).weak(),
                )
                .truncate(),
            );
        }
    }
    totals_row(cx, ui);
    ui.add_space(2.0);
}

fn state_row(cx: &mut SheetCtx, ui: &mut egui::Ui) {
    let current = cx.session.sheet().review_state();
    let missing = cx
        .session
        .report()
        .items
        .iter()
        .filter(|i| i.reviewed.is_none())
        .count();
    let disputed = cx
        .session
        .sheet()
        .review
        .as_ref()
        .map_or(0, |r| r.disputed.len());
    let mut chosen = None;
    let mut fill_rest = false;
    ui.horizontal_wrapped(|ui| {
        egui::ComboBox::from_label("审核状态")
            .selected_text(current.label())
            .width(110.0)
            .show_ui(ui, |ui| {
                for state in ReviewState::ALL {
                    // 已审核 needs every item's 考核得分: say why it cannot be chosen yet.
                    // Nor can it while two scores for an item wait to be chosen between.
                    let why = match (state == ReviewState::Approved, missing, disputed) {
                        (true, m, _) if m > 0 => Some(format!("还有{m}项没有考核得分")),
                        (true, _, d) if d > 0 => {
                            Some(format!("还有{d}项有两份不同的评分，请先选择一份"))
                        }
                        _ => None,
                    };
                    let r = ui.add_enabled(
                        why.is_none(),
                        egui::Button::selectable(current == state, state.label()),
                    );
                    let r = match why {
                        Some(why) => r.on_disabled_hover_text(why),
                        None => r,
                    };
                    if r.clicked() {
                        chosen = Some(state);
                    }
                }
            });
        if current == ReviewState::Returned {
            let mut reason = cx
                .session
                .sheet()
                .review
                .as_ref()
                .map(|r| r.reason.clone())
                .unwrap_or_default();
            let empty = reason.trim().is_empty();
            let label_id = ui.label("退回原因").id;
            let mut edit = crate::ui::widgets::one_line(&mut reason)
                .id(field_id("return-reason"))
                .char_limit(crate::ui::widgets::MAX_NOTE_CHARS)
                .desired_width(360.0)
                .hint_text("告诉单位要改什么");
            if empty {
                edit = edit
                    .background_color(ui.visuals().extreme_bg_color.lerp_to_gamma(ERROR_RED, 0.08));
            }
            let r = ui.add(edit).labelled_by(label_id);
            if r.changed() {
                cx.edit(Edit::ReturnReason(reason.clone()));
            }
            // 重新提交截止: optional; typed as people type dates, kept as typed until it
            // reads as one (the field says why in red meanwhile).
            let key = "return-resubmit-by".to_string();
            let saved = cx
                .session
                .sheet()
                .review
                .as_ref()
                .map(|r| r.resubmit_by.clone())
                .unwrap_or_default();
            let mut day = cx.view.buffers.get(&key).cloned().unwrap_or(saved);
            let label_id = ui.label("重新提交截止").id;
            let bad = crate::input::parse_day(&day)
                .err()
                .filter(|_| !day.trim().is_empty());
            let mut edit = crate::ui::widgets::one_line(&mut day)
                .id(field_id("return-resubmit-by"))
                .char_limit(20)
                .desired_width(110.0)
                .hint_text("可不填，如 2016-01-20");
            if bad.is_some() {
                edit = edit
                    .background_color(ui.visuals().extreme_bg_color.lerp_to_gamma(ERROR_RED, 0.08));
            }
            let r = ui.add(edit).labelled_by(label_id);
            let r = match &bad {
                Some(why) => r.on_hover_text(why),
                None => r,
            };
            if r.changed() {
                cx.edit(Edit::ResubmitBy(day.clone()));
                cx.view.buffers.insert(key, day);
            }
        }

        ui.separator();
        reviewer_field(cx, ui);
        ui.separator();
        let unreviewed_with_score = cx
            .session
            .report()
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
        cx.edit(Edit::ReviewState(state));
    }
    if fill_rest {
        cx.edit(Edit::AdoptSelfScores);
    }
}

/// 审核人: the name each 考核得分 given here is recorded under (kept for the next start).
fn reviewer_field(cx: &mut SheetCtx, ui: &mut egui::Ui) {
    let key = "reviewer-name".to_string();
    let mut name = cx
        .view
        .buffers
        .get(&key)
        .cloned()
        .unwrap_or_else(|| cx.session.reviewer().to_string());
    let label_id = ui.label("审核人").id;
    let r = ui
        .add(
            crate::ui::widgets::one_line(&mut name)
                .id(field_id("reviewer-name"))
                .char_limit(20)
                .desired_width(90.0)
                .hint_text("您的姓名"),
        )
        .labelled_by(label_id)
        .on_hover_text("每项考核得分记在这个名字下，打印在考核意见页上");
    if r.changed() {
        cx.queue(crate::ui::commands::Command::SetReviewer(name.clone()));
        cx.view.buffers.insert(key, name);
    }
}

/// Who gave the item its 考核得分, and — when two departments (or a department and this
/// window) scored it differently — both scores side by side, each to be taken.
fn scorers_and_choices(cx: &mut SheetCtx, ui: &mut egui::Ui, item_id: &str) {
    let sheet = cx.session.sheet();
    let Some(review) = sheet.review.as_ref() else {
        return;
    };
    let current = sheet.items.get(item_id).and_then(|e| e.reviewed);
    if let (Some(by), Some(_)) = (review.scored_by.get(item_id), current) {
        ui.label(RichText::new(format!("审核人：{}", by.words())).color(REVIEW_BLUE));
    }
    let Some(others) = review
        .disputed
        .get(item_id)
        .filter(|o| !o.is_empty())
        .cloned()
    else {
        return;
    };
    let editable = cx.session.mode() == crate::ui::Mode::Review;
    let own_note = sheet
        .items
        .get(item_id)
        .map(|e| e.review_note.trim().to_string())
        .unwrap_or_default();
    let own_by = review
        .scored_by
        .get(item_id)
        .map(|b| b.words())
        .unwrap_or_default();
    let mut take: Option<Option<usize>> = None;
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(1.0, WARNING_ORANGE))
        .show(ui, |ui| {
            ui.label(
                RichText::new(format!(
                    "此项有{}份不同的评分，请选择一份：",
                    others.len() + 1
                ))
                .strong()
                .color(WARNING_ORANGE),
            );
            let line = |score: Option<Decimal>, note: &str, by: &str| {
                let mut w = format!(
                    "{}分",
                    score.map(fmt_dec).unwrap_or_else(|| "—".to_string())
                );
                if !note.is_empty() {
                    w.push_str(&format!("，意见：{note}"));
                }
                if !by.is_empty() {
                    w.push_str(&format!("（{by}）"));
                }
                w
            };
            ui.horizontal_wrapped(|ui| {
                if editable && ui.button("保留现有的").clicked() {
                    take = Some(None);
                }
                ui.label(format!("现有：{}", line(current, &own_note, &own_by)));
            });
            for (i, o) in others.iter().enumerate() {
                ui.horizontal_wrapped(|ui| {
                    if editable && ui.button("采用这一份").clicked() {
                        take = Some(Some(i));
                    }
                    ui.label(format!(
                        "另一份：{}",
                        line(Some(o.score), o.note.trim(), &o.scored.words())
                    ));
                });
            }
        });
    if let Some(take) = take {
        cx.edit(Edit::ChooseScore {
            item: item_id.to_string(),
            take,
        });
    }
}

/// "少0.5分" / "多1分" / "相同": reviewed minus self, in words.
fn difference_words(d: Decimal) -> String {
    if d < Decimal::ZERO {
        format!("比自查少{}分", fmt_dec(-d))
    } else if d > Decimal::ZERO {
        format!("比自查多{}分", fmt_dec(d))
    } else {
        "与自查相同".into()
    }
}

/// Both totals, like with like: while the review is partial, the reviewed items' 考核得分
/// against the same items' self scores; the 考核合计 only once every item has one.
fn totals_row(cx: &SheetCtx, ui: &mut egui::Ui) {
    let report = &cx.session.report();
    let progress = report.review_progress();
    let differing = report
        .items
        .iter()
        .filter(|i| difference_mark(i).is_some())
        .count();
    ui.horizontal_wrapped(|ui| {
        for c in &report.categories {
            let reviewed = match c.reviewed_subtotal {
                Some(r) if c.review_complete() => fmt_dec(r),
                _ => format!("审{}/{}项", c.reviewed_count, c.item_count),
            };
            let text = format!("{} {} / {}", c.name, fmt_dec(c.subtotal), reviewed);
            let tip = if c.review_complete() {
                "自查得分小计 / 考核得分小计".to_string()
            } else {
                format!(
                    "自查得分小计 / 已审{}项（这些项考核{}分，自查{}分）",
                    c.reviewed_count,
                    fmt_dec(c.reviewed_subtotal.unwrap_or_default()),
                    fmt_dec(c.self_of_reviewed)
                )
            };
            crate::ui::widgets::whole(ui, RichText::new(text)).on_hover_text(tip);
            ui.separator();
        }
    });
    ui.horizontal_wrapped(|ui| {
        crate::ui::widgets::whole(
            ui,
            RichText::new(format!("自查合计 {}", fmt_dec(report.total)))
                .strong()
                .size(16.0),
        );
        ui.separator();
        if progress.complete() {
            crate::ui::widgets::whole(
                ui,
                RichText::new(format!("考核合计 {}", fmt_dec(progress.reviewed_sum)))
                    .strong()
                    .size(16.0)
                    .color(REVIEW_BLUE),
            );
            let d = progress.difference();
            if !d.is_zero() {
                crate::ui::widgets::whole(
                    ui,
                    RichText::new(difference_words(d)).color(WARNING_ORANGE),
                );
            }
        } else if progress.reviewed == 0 {
            crate::ui::widgets::whole(
                ui,
                RichText::new("考核合计 —（尚未审核）")
                    .size(16.0)
                    .color(REVIEW_BLUE),
            );
        } else {
            let d = progress.difference();
            let mut text = format!(
                "已审{}项：考核{} / 自查{}",
                progress.reviewed,
                fmt_dec(progress.reviewed_sum),
                fmt_dec(progress.self_sum)
            );
            if !d.is_zero() {
                text.push_str(&format!(
                    "，{}{}分",
                    if d < Decimal::ZERO { "少" } else { "多" },
                    fmt_dec(d.abs())
                ));
            }
            crate::ui::widgets::whole(ui, RichText::new(text).strong().color(REVIEW_BLUE))
                .on_hover_text("考核合计在每一项都有考核得分后显示");
        }
        ui.separator();
        crate::ui::widgets::whole(
            ui,
            RichText::new(format!(
                "已填考核得分 {}/{} 项，与自查不同 {differing} 项",
                progress.reviewed, progress.items
            )),
        );
    });
}

/// In fill mode, the office's 退回通知 over the clerk's sheet (read-only): the reason, the
/// deadline, how many items are still to fix.
pub fn unit_view_of_return(cx: &SheetCtx, ui: &mut egui::Ui) {
    let sheet = cx.session.sheet();
    let Some(notice) = &sheet.returned else {
        return;
    };
    ui.add(
        egui::Label::new(
            RichText::new(notice.banner(sheet))
                .color(ERROR_RED)
                .strong(),
        )
        .wrap(),
    );
}

/// In fill mode, the office's words on the selected item of a returned sheet: 需修改 until
/// she changes the item, 已修改 after.
pub fn unit_view_of_opinion(cx: &SheetCtx, ui: &mut egui::Ui, item_id: &str) {
    let sheet = cx.session.sheet();
    let Some(item) = sheet.returned.as_ref().and_then(|n| n.items.get(item_id)) else {
        return;
    };
    let open = sheet
        .returned
        .as_ref()
        .is_some_and(|n| n.open_items(sheet).iter().any(|i| i == item_id));
    let (head, color) = if open {
        ("需修改", ERROR_RED)
    } else {
        ("已修改", DONE_GREEN)
    };
    ui.add(
        egui::Label::new(
            RichText::new(format!("{head}　市妇联意见：{}", item.opinion)).color(color),
        )
        .wrap(),
    );
    ui.separator();
}

/// In review mode, what the unit changed in this item when it sent the sheet again: 需重审
/// until it has a 考核得分 again.
fn recheck_lines(cx: &SheetCtx, ui: &mut egui::Ui, item_id: &str) {
    let sheet = cx.session.sheet();
    let Some(review) = &sheet.review else {
        return;
    };
    let Some(lines) = review.recheck.get(item_id) else {
        return;
    };
    let head = if review.needs_recheck(sheet, item_id) {
        "需重审：单位重新提交时改了此项"
    } else {
        "单位重新提交时改了此项（已重审）"
    };
    ui.label(RichText::new(head).strong().color(WARNING_ORANGE));
    for line in lines {
        ui.add(egui::Label::new(RichText::new(line).color(WARNING_ORANGE)).wrap());
    }
}

/// In fill mode, the office's verdict on a sheet that came back (read-only).
pub fn unit_view_of_review(cx: &SheetCtx, ui: &mut egui::Ui) {
    let Some(review) = &cx.session.sheet().review else {
        return;
    };
    ui.horizontal_wrapped(|ui| {
        let mut text = format!("市妇联审核：{}", review.state.label());
        if review.state == ReviewState::Returned && !review.reason.trim().is_empty() {
            text.push_str(&format!("。退回原因：{}", review.reason.trim()));
        }
        let progress = cx.session.report().review_progress();
        if progress.complete() {
            text.push_str(&format!("。考核合计 {}", fmt_dec(progress.reviewed_sum)));
        }
        let color = match review.state {
            ReviewState::Returned => ERROR_RED,
            _ => REVIEW_BLUE,
        };
        ui.label(RichText::new(text).color(color));
        let history = review.history_words(cx.session.ruleset());
        if history.len() > 1 {
            ui.label(RichText::new(format!("审核记录：{}", history.join(" → "))).weak());
        }
    });
}

pub fn reviewed_key(item_id: &str) -> String {
    format!("{item_id}{REVIEWED_KEY_END}")
}

/// How the keys of the 考核得分 fields' typed text end.
pub const REVIEWED_KEY_END: &str = "#reviewed";

/// The 考核得分 of the selected item and the reviewer's note. Editable in review mode only.
/// As with the manual score, what is typed lives in a buffer; the sheet keeps the last
/// number, and the engine reports one out of range.
pub fn item_section(cx: &mut SheetCtx, ui: &mut egui::Ui, item_id: &str, points: Decimal) {
    let editable = cx.session.mode() == crate::ui::Mode::Review;
    let result = cx.session.report().items[cx.view.selected].clone();
    let entry_reviewed = cx
        .session
        .sheet()
        .items
        .get(item_id)
        .and_then(|e| e.reviewed);
    if !editable && entry_reviewed.is_none() {
        return;
    }
    ui.separator();
    ui.label(RichText::new("考核（市妇联）").strong().color(REVIEW_BLUE));
    if editable {
        recheck_lines(cx, ui, item_id);
    }
    let key = reviewed_key(item_id);
    let mut text = cx
        .view
        .buffers
        .get(&key)
        .cloned()
        .unwrap_or_else(|| entry_reviewed.map(fmt_dec).unwrap_or_default());
    let error_of = |text: &str| match parse_number(text) {
        Err(e) => Some(format!("“{}”{e}；{}", text.trim(), score_hint(points))),
        Ok(Some(d)) => check_score(d, points).err().map(|m| format!("考核得分{m}")),
        Ok(None) => None,
    };
    let mut changed = false;
    let mut adopt = false;
    ui.add_enabled_ui(editable, |ui| {
        ui.horizontal(|ui| {
            let label_id = ui.label("考核得分").id;
            let grab = editable && grab_focus(&mut cx.view.focus_calculator, ui);
            let r = score_input(
                ui,
                field_id(("reviewed", item_id)),
                &mut text,
                error_of,
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
    if let Some(m) = error_of(&text) {
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
    let mut note = cx
        .session
        .sheet()
        .items
        .get(item_id)
        .map(|e| e.review_note.clone())
        .unwrap_or_default();
    let mut note_changed = false;
    ui.add_enabled_ui(editable, |ui| {
        let label_id = ui.label("考核意见").id;
        let r = ui
            .add(
                egui::TextEdit::multiline(&mut note)
                    .id(field_id(("review-note", item_id)))
                    .char_limit(crate::ui::widgets::MAX_NOTE_CHARS)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label_id);
        focus_and_reveal(&r, false);
        note_changed = r.changed();
        if editable {
            // ↑/↓ move between its lines, not between rows (the unit's note is read-only).
            cx.view.note_field = Some(r.id);
            cx.view.note_chars = note.chars().count();
        }
    });
    scorers_and_choices(cx, ui, item_id);
    if changed {
        // Text that is not a number keeps the last valid score; the field shows what was
        // typed, in red.
        if let Ok(score) = parse_number(&text) {
            cx.edit(Edit::Reviewed {
                item: item_id.to_string(),
                score,
            });
        }
        cx.view.buffers.insert(key, text);
    }
    if note_changed {
        cx.edit(Edit::ReviewNote {
            item: item_id.to_string(),
            note: note.clone(),
        });
    }
}

/// Whether the sheet came with its 盖章扫描件, and whether the scan was printed from this
/// very content (its recorded fingerprint against the sheet's).
fn scan_label(ui: &mut egui::Ui, sheet: &crate::sheet::Sheet, fingerprint: &str) {
    match sheet.sealed_scans.last() {
        None => {
            ui.colored_label(crate::ui::WARNING_ORANGE, "无盖章扫描件");
        }
        Some(scan) if scan.printed_with == fingerprint => {
            ui.label(format!(
                "盖章扫描件 {}份，内容指纹 {} 一致",
                sheet.sealed_scans.len(),
                fingerprint.get(..8).unwrap_or_default()
            ));
        }
        Some(scan) => {
            ui.colored_label(
                crate::ui::ERROR_RED,
                format!(
                    "盖章扫描件按另一版打印（{} ≠ {}）",
                    scan.printed_with.get(..8).unwrap_or_default(),
                    fingerprint.get(..8).unwrap_or_default()
                ),
            );
        }
    }
}
