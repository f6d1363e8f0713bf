//! The status bar under the sheet: the problem count (a click opens the list), whether the
//! sheet is saved, and the last thing done. Nothing here takes the keyboard, so Tab goes
//! from the header straight into the calculator.

use super::{DONE_GREEN, ERROR_RED, KaopingApp, WARNING_ORANGE};
use crate::scoring::ProblemKind;
use egui::{RichText, Sense};

/// Whether the sheet is on disk as shown, in words: a sheet never saved is 未保存 too.
pub fn saved_state(app: &KaopingApp) -> &'static str {
    match (&app.session.doc.path, app.session.doc.dirty) {
        (None, _) => "未保存（新表）",
        (Some(_), true) => "未保存",
        (Some(_), false) => "已保存",
    }
}

pub fn show(app: &mut KaopingApp, ui: &mut egui::Ui) {
    ui.horizontal(|ui| {
        let e = app.problem_count(ProblemKind::Error);
        let w = app.problem_count(ProblemKind::Warning);
        let u = app.problem_count(ProblemKind::Unfilled);
        let text = format!("问题：{e}个错误 · {w}个警告 · {u}处未填");
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
            app.problems_open = !app.problems_open;
        }
        ui.separator();
        ui.label(saved_state(app));
        let zoom = ui.ctx().zoom_factor();
        if (zoom - 1.0).abs() > 0.01 {
            ui.separator();
            ui.label(format!("显示比例 {:.0}%", zoom * 100.0))
                .on_hover_text("Ctrl+= 放大，Ctrl+− 缩小，Ctrl+0 恢复");
        }
        ui.separator();
        ui.label(&app.status);
    });
}
