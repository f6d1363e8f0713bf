//! 进度 (`View::Progress`): where the open sheet stands on a day from its 台账 — each ledger's
//! entries against the year's target and the share of the year gone (落后 in orange), the
//! score if the year ended that day, and the cheapest points still to gain. Read-only; the
//! figures are the core's (`year_progress`).

use crate::document::Session;
use crate::ruleset::fmt_dec;
use crate::ui::{DONE_GREEN, ERROR_RED, WARNING_ORANGE};
use egui::RichText;

/// The day the 进度 is shown for, as typed, and the 进度 last computed: made again only when
/// the sheet (its revision), the day or the file changes, not every frame.
#[derive(Debug, Clone, Default)]
pub struct ProgressView {
    pub date: String,
    computed: Option<(ProgressKey, crate::year_progress::YearProgress)>,
}

/// What a computed 进度 was made from.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ProgressKey {
    revision: u64,
    file: Option<std::path::PathBuf>,
    day: String,
}

/// Draws the view; returns the command pressed (打印进度表), if one was.
pub fn show(
    session: &Session,
    view: &mut ProgressView,
    ui: &mut egui::Ui,
) -> Option<crate::ui::commands::Command> {
    let mut pressed = None;
    let rs = &session.ruleset().ruleset;
    if view.date.trim().is_empty() {
        view.date = crate::year_progress::default_day(rs.year);
    }
    ui.horizontal(|ui| {
        ui.heading(format!(
            "{} {}年 工作进度",
            session
                .sheet()
                .unit_name(session.ruleset())
                .unwrap_or("（未选单位）"),
            rs.year
        ));
        let label = ui.label("截至");
        ui.add(crate::ui::widgets::one_line(&mut view.date).desired_width(110.0))
            .labelled_by(label.id);
        if let Ok(day) = crate::input::parse_day(&view.date) {
            let cmd = crate::ui::commands::Command::PrintProgress(day);
            if ui
                .button(cmd.label())
                .on_hover_text(cmd.tooltip())
                .clicked()
            {
                pressed = Some(cmd);
            }
        }
    });
    let day = match crate::input::parse_day(&view.date) {
        Ok(day) => day,
        Err(why) => {
            ui.colored_label(ERROR_RED, why);
            return pressed;
        }
    };
    if rs.ledgers.is_empty() {
        ui.label("这份考核规则没有定义台账：进度按台账的记录计算。");
        return pressed;
    }
    let key = ProgressKey {
        revision: session.revision(),
        file: session.path().map(std::path::Path::to_path_buf),
        day: day.clone(),
    };
    if view.computed.as_ref().is_none_or(|(k, _)| *k != key) {
        let p = crate::year_progress::progress_on(session.sheet(), session.ruleset(), &day);
        view.computed = Some((key, p));
    }
    let Some((_, p)) = &view.computed else {
        return pressed;
    };
    ui.label(format!(
        "全年已过{}%。若当天结束，合计{}分（满分{}分，没有填完的项目不计分）。",
        fmt_dec(p.year_gone),
        fmt_dec(p.total_now),
        fmt_dec(p.total_points)
    ));
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if !p.gains.is_empty() {
                ui.label(RichText::new("最省力的得分").strong());
                for (i, g) in p.gains.iter().take(10).enumerate() {
                    let place = crate::scoring::item_location(rs, &g.item_id);
                    ui.label(format!("{}. {}（{place}）", i + 1, g.words));
                }
                ui.separator();
            }
            for l in &p.ledgers {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(format!("{}　{}", l.location, l.entry)).strong());
                    ui.label(format!("{}条", l.entries));
                    let score = match l.score {
                        Some(s) => RichText::new(format!(
                            "若当天结束得{}分 / {}分",
                            fmt_dec(s),
                            fmt_dec(l.points)
                        ))
                        .color(if s == l.points {
                            DONE_GREEN
                        } else {
                            ui.visuals().text_color()
                        }),
                        None => RichText::new(format!("未能计分 / {}分", fmt_dec(l.points))).weak(),
                    };
                    ui.label(score);
                });
                for r in &l.rules {
                    let mut line = format!("　{}：{}", r.label, r.value);
                    if let (Some(t), Some(due)) = (r.target, r.due_by_now) {
                        line.push_str(&format!(
                            "，全年目标{t}{u}，按进度此时应有{}{u}",
                            fmt_dec(due),
                            u = r.unit
                        ));
                    }
                    if r.behind {
                        ui.label(RichText::new(format!("{line}（落后）")).color(WARNING_ORANGE));
                    } else {
                        ui.label(line);
                    }
                }
            }
        });
    pressed
}
