//! Above the comparison's table: one line of counts by kind that opens into the notes.

use crate::summary::{NoteKind, Summary};
use crate::ui::{DONE_GREEN, ERROR_RED, WARNING_ORANGE};
use egui::RichText;

fn ui_weak() -> egui::Color32 {
    egui::Color32::GRAY
}

/// What needs the office's attention, above the table: one line of counts by kind (重复 ·
/// 未计入 in red, 未提交 · 逾期 in orange) that opens into the notes themselves, in a box of
/// bounded height — so the table below is always in reach, with 300 files as with 13.
pub(in crate::ui) fn attention(ui: &mut egui::Ui, s: &Summary, open: &mut bool) {
    let colour = |kind: NoteKind| match kind {
        NoteKind::Duplicate | NoteKind::Failure => ERROR_RED,
        NoteKind::Missing => WARNING_ORANGE,
        NoteKind::Basis => ui_weak(),
    };
    ui.horizontal_wrapped(|ui| {
        let summary = s.note_summary();
        if summary.is_empty() {
            ui.label(
                RichText::new(format!(
                    "{}个单位齐全，没有需要处理的问题",
                    s.ruleset.ruleset.units.len()
                ))
                .color(DONE_GREEN),
            );
        }
        for (n, (kind, text)) in summary.into_iter().enumerate() {
            if n > 0 {
                ui.label("·");
            }
            ui.label(RichText::new(text).color(colour(kind)));
        }
        let label = if *open {
            "收起说明"
        } else {
            "展开说明"
        };
        if ui
            .small_button(label)
            .on_hover_text("每个问题是哪些单位、哪些文件，排名的依据")
            .clicked()
        {
            *open = !*open;
        }
    });
    if !*open {
        return;
    }
    let mut notes = s.notes_by_kind();
    // Most urgent first: what must be fixed, then what is awaited.
    notes.sort_by_key(|(kind, _)| match kind {
        NoteKind::Duplicate => 0,
        NoteKind::Failure => 1,
        NoteKind::Missing => 2,
        NoteKind::Basis => 3,
    });
    let most = (ui.ctx().content_rect().height() * 0.28).max(80.0);
    egui::ScrollArea::vertical()
        .id_salt("comparison-notes")
        .max_height(most)
        .show(ui, |ui| {
            for (kind, text) in notes {
                let text = match kind {
                    NoteKind::Basis => RichText::new(text).small().weak(),
                    _ => RichText::new(text).color(colour(kind)),
                };
                let r = ui.add(egui::Label::new(text).wrap());
                if kind == NoteKind::Duplicate {
                    r.on_hover_text("在表中点其中一个文件的“移出”");
                }
            }
        });
}
