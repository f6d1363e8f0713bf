//! The status bar under the sheet: the problem count (a click opens the list), whether the
//! sheet is saved, and the last thing done. Nothing here takes the keyboard, so Tab goes
//! from the header straight into the calculator.

use crate::scoring::{Problem, ProblemKind};
use crate::ui::sheet::SheetCtx;
use crate::ui::{DONE_GREEN, ERROR_RED, WARNING_ORANGE};
use egui::{RichText, Sense};
use std::collections::BTreeSet;

/// Whether the sheet is on disk as shown, in words: a sheet never saved is 未保存 too.
pub fn saved_state(cx: &SheetCtx) -> &'static str {
    match (&cx.session.path(), cx.session.is_modified()) {
        (None, _) => "未保存（新表）",
        (Some(_), true) => "未保存",
        (Some(_), false) => "已保存",
    }
}

/// What is not filled yet, counted as the header's totals count it: items (44项, the same
/// number as 「44项未得分」) and, apart, the other places by name (表头3处, 审核状态1处).
/// `None` when everything is filled.
pub fn unfilled_words<'a>(problems: impl Iterator<Item = &'a Problem>) -> Option<String> {
    let mut items: BTreeSet<&str> = BTreeSet::new();
    let mut places: Vec<(&str, usize)> = Vec::new();
    for p in problems.filter(|p| p.kind == ProblemKind::Unfilled) {
        match &p.item {
            Some(item) => {
                items.insert(item);
            }
            None => match places.iter_mut().find(|(l, _)| *l == p.location) {
                Some((_, n)) => *n += 1,
                None => places.push((&p.location, 1)),
            },
        }
    }
    let mut parts = Vec::new();
    if !items.is_empty() {
        parts.push(format!("{}项", items.len()));
    }
    parts.extend(places.iter().map(|(l, n)| format!("{l}{n}处")));
    (!parts.is_empty()).then(|| parts.join("、"))
}

pub fn show(cx: &mut SheetCtx, ui: &mut egui::Ui) {
    ui.horizontal(|ui| {
        let e = cx.session.problem_count(ProblemKind::Error);
        let w = cx.session.problem_count(ProblemKind::Warning);
        // In review mode the office's own progress: items without a 考核得分 are 未审, not
        // 未填 (the unit filled them; the office has not reviewed them yet).
        let text = if cx.session.mode() == crate::ui::Mode::Review {
            let progress = cx.session.report().review_progress();
            let left = progress.items - progress.reviewed;
            let recheck = cx.session.sheet().review.as_ref().map_or(0, |r| {
                r.recheck
                    .keys()
                    .filter(|id| r.needs_recheck(cx.session.sheet(), id))
                    .count()
            });
            let mut t = format!("问题：{e}个错误 · {w}个警告 · ");
            t.push_str(&if left == 0 {
                "全部已审".to_string()
            } else {
                format!("{left}项未审")
            });
            if recheck > 0 {
                t.push_str(&format!("（其中{recheck}项需重审）"));
            }
            // What else the review lacks (a return's reason): by place.
            let others = cx
                .session
                .review_problems()
                .iter()
                .filter(|p| p.item.is_none());
            if let Some(places) = unfilled_words(others) {
                t.push_str(&format!("、{places}未填"));
            }
            t
        } else {
            let unfilled = unfilled_words(cx.session.report().problems.iter())
                .map(|u| format!("{u}未填"))
                .unwrap_or_else(|| "全部已填".into());
            format!("问题：{e}个错误 · {w}个警告 · {unfilled}")
        };
        let color = if e > 0 {
            ERROR_RED
        } else if w > 0 {
            WARNING_ORANGE
        } else {
            DONE_GREEN
        };
        // A click opens the list; the keyboard has Ctrl+E, so this is not a Tab stop.
        if ui
            .add(egui::Button::new(RichText::new(text).color(color)).sense(Sense::CLICK))
            .on_hover_text("打开问题列表（Ctrl+E）")
            .clicked()
        {
            cx.queue(crate::ui::commands::Command::ShowProblems);
        }
        ui.separator();
        ui.label(saved_state(cx));
        let zoom = ui.ctx().zoom_factor();
        if (zoom - 1.0).abs() > 0.01 {
            ui.separator();
            ui.label(format!("显示比例 {:.0}%", zoom * 100.0))
                .on_hover_text("Ctrl+= 放大，Ctrl+− 缩小，Ctrl+0 恢复");
        }
        ui.separator();
        // Beside a printed PDF's message: its folder, for when no viewer opened it — before
        // the message, so a long path never pushes it out of a 1024-pixel window.
        if let Some((said, folder)) = cx.status_folder.cloned()
            && said == *cx.status
            && ui
                .small_button("打开所在文件夹")
                .on_hover_text(folder.display().to_string())
                .clicked()
        {
            cx.open_with_system(&folder);
        }
        // One line, cut with … where the window ends; the whole message on hover (and to a
        // screen reader, which reads the label's text).
        let said = ui
            .add(egui::Label::new(&*cx.status).truncate())
            .on_hover_text(&*cx.status);
        crate::ui::widgets::announce_changes(&said);
    });
}
