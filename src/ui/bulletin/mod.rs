//! The 考核通报 view, beside 汇总比较: the 通报 the comparison makes (`crate::bulletin`), its
//! document's blocks drawn as the PDF prints them — for all units or one class — the tables
//! as grids, the charts with egui's painter, each unit's main deductions folded; with the
//! grades for this 通报 and its date set here, and 导出 PDF… / 导出 Word….

use crate::bulletin::document::{Block, Cell, Document, ParagraphKind, Table};
use crate::bulletin::{Bulletin, BulletinFile, BulletinOptions, Chart, Grading};
use crate::compared::Comparison;
use crate::summary::Summary;
use crate::ui::commands::{Command, CompareCommand};
use crate::ui::{ERROR_RED, REVIEW_BLUE, WARNING_ORANGE};
use egui::{RichText, Sense};

/// How the 通报 grades, as chosen in the view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GradeKind {
    #[default]
    None,
    Bands,
    Places,
}

/// What the view keeps: the class shown, the grades typed, the date.
#[derive(Debug, Clone, Default)]
pub struct BulletinView {
    /// None: every unit; else the class's name.
    pub class: Option<String>,
    pub grade_kind: GradeKind,
    pub grades_text: String,
    pub date: String,
}

impl BulletinView {
    /// The grading typed, or why it cannot be read.
    fn grading(&self) -> Result<Option<Grading>, String> {
        match self.grade_kind {
            GradeKind::None => Ok(None),
            GradeKind::Bands => Grading::bands(&self.grades_text).map(Some),
            GradeKind::Places => Grading::places(&self.grades_text).map(Some),
        }
    }

    /// The 通报 as set in the view (a grading that cannot be read is left out).
    pub fn bulletin(&self, summary: &Summary) -> Bulletin {
        let date = if self.date.trim().is_empty() {
            chrono::Local::now().format("%Y年%-m月%-d日").to_string()
        } else {
            self.date.trim().to_string()
        };
        let options = BulletinOptions {
            date,
            grading: self.grading().ok().flatten(),
            previous: None,
        };
        Bulletin::from_summary(summary, &options)
    }
}

pub fn show(
    comparison: Option<&Comparison>,
    view: &mut BulletinView,
    queued: &mut Vec<Command>,
    ui: &mut egui::Ui,
) {
    let Some(c) = comparison else {
        ui.add_space(40.0);
        ui.vertical_centered(|ui| {
            ui.heading("考核通报");
            ui.label("考核通报由汇总比较生成：请先在“汇总比较”中添加各单位报送的考评表或文件夹。");
            if ui.button("去汇总比较").clicked() {
                queued.push(Command::ShowView(crate::ui::View::Comparison));
            }
        });
        return;
    };
    let b = view.bulletin(&c.summary);
    toolbar(&b, view, queued, ui);
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("bulletin")
        .auto_shrink([false, false])
        .show(ui, |ui| body(&b.document_for(view.class.as_deref()), ui));
}

fn toolbar(b: &Bulletin, view: &mut BulletinView, queued: &mut Vec<Command>, ui: &mut egui::Ui) {
    ui.horizontal_wrapped(|ui| {
        ui.label("范围：");
        if ui
            .selectable_label(view.class.is_none(), "全部单位")
            .clicked()
        {
            view.class = None;
        }
        for c in &b.classes {
            if ui
                .selectable_label(view.class.as_deref() == Some(&c.name), &c.name)
                .clicked()
            {
                view.class = Some(c.name.clone());
            }
        }
        ui.separator();
        let grade_label = ui.label("等次：").id;
        for (kind, label, example) in [
            (GradeKind::None, "按考核规则", ""),
            (GradeKind::Bands, "按分数", "优秀:90,良好:80,合格:60"),
            (GradeKind::Places, "按名额", "一等奖:1,二等奖:2,三等奖:3"),
        ] {
            if ui.radio(view.grade_kind == kind, label).clicked() {
                view.grade_kind = kind;
                if view.grades_text.trim().is_empty() || kind == GradeKind::None {
                    view.grades_text = example.to_string();
                }
            }
        }
        if view.grade_kind != GradeKind::None {
            ui.add(
                egui::TextEdit::singleline(&mut view.grades_text)
                    .desired_width(220.0)
                    .hint_text("优秀:90,良好:80"),
            )
            .labelled_by(grade_label)
            .on_hover_text(
                "本通报用的等次或奖项：名称:分数线（按分数）或 名称:每类名额（按名额），用逗号分开",
            );
        }
        ui.separator();
        let date_label = ui.label("日期：").id;
        ui.add(
            egui::TextEdit::singleline(&mut view.date)
                .desired_width(110.0)
                .hint_text("今天"),
        )
        .labelled_by(date_label);
        ui.separator();
        if ui
            .button("导出 PDF…")
            .on_hover_text("把这份通报（全部单位，含所设等次和日期）存为 A4 的 PDF 并打开")
            .clicked()
        {
            queued.push(Command::Compare(CompareCommand::ExportBulletin(
                BulletinFile::Pdf,
            )));
        }
        if ui
            .button("导出 Word…")
            .on_hover_text("存为 Word 文件（.docx），可在 WPS 或 Word 中修改后再印发")
            .clicked()
        {
            queued.push(Command::Compare(CompareCommand::ExportBulletin(
                BulletinFile::Word,
            )));
        }
    });
    if let Err(e) = view.grading() {
        ui.colored_label(ERROR_RED, format!("等次：{e}"));
    }
}

/// The document's blocks, top to bottom, as the PDF prints them.
fn body(doc: &Document, ui: &mut egui::Ui) {
    for (i, block) in doc.blocks.iter().enumerate() {
        match block {
            Block::Title(text) => {
                ui.vertical_centered(|ui| ui.heading(text));
            }
            Block::DraftLine(text) => {
                ui.vertical_centered(|ui| ui.colored_label(WARNING_ORANGE, text));
            }
            Block::Byline(text) => {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
                    ui.label(text)
                });
            }
            Block::Heading(text) => {
                ui.add_space(8.0);
                ui.strong(text);
            }
            Block::Paragraph { text, kind } => {
                match kind {
                    ParagraphKind::Body => ui.add(egui::Label::new(text).wrap()),
                    ParagraphKind::Attention => ui.colored_label(WARNING_ORANGE, text),
                    ParagraphKind::Note => ui.small(text),
                };
            }
            Block::Table(table) => {
                ui.add_space(4.0);
                if let Some(caption) = &table.caption {
                    ui.label(caption);
                }
                grid(i, table, ui);
            }
            Block::Chart { caption, chart } => {
                ui.add_space(4.0);
                ui.label(caption);
                bar_chart(ui, caption, chart);
            }
            Block::TitledList { title, items } => {
                egui::CollapsingHeader::new(title)
                    .id_salt(("bulletin-list", title))
                    .show(ui, |ui| {
                        for item in items {
                            ui.add(egui::Label::new(item).wrap());
                        }
                    });
            }
        }
    }
}

/// A table as a striped grid; a total the office reviewed in its colour. `index` is the
/// block's place, which keeps each grid's own id.
fn grid(index: usize, table: &Table, ui: &mut egui::Ui) {
    egui::Grid::new(("bulletin-table", index))
        .striped(true)
        .min_col_width(48.0)
        .show(ui, |ui| {
            for column in &table.columns {
                ui.strong(column.to_string());
            }
            ui.end_row();
            for row in &table.rows {
                for cell in row {
                    match cell {
                        Cell::Total { reviewed, .. } => {
                            let text = RichText::new(cell.to_string());
                            let (text, hover) = if *reviewed {
                                (text.color(REVIEW_BLUE), "考核得分（已审核）")
                            } else {
                                (text, "自查得分（尚未审核）")
                            };
                            ui.label(text).on_hover_text(hover);
                        }
                        Cell::Text(_) | Cell::Number(_) => {
                            ui.label(cell.to_string());
                        }
                    }
                }
                ui.end_row();
            }
        });
}

/// Horizontal bars, as the PDF draws them: a label, the bar (its share of the full length),
/// the value. A screen reader says `name`, then the numbers.
fn bar_chart(ui: &mut egui::Ui, name: &str, chart: &Chart) {
    let row_h = 18.0;
    let width = ui.available_width().min(760.0);
    let (rect, response) = ui.allocate_exact_size(
        egui::vec2(width, row_h * chart.bars().len() as f32 + 4.0),
        Sense::hover(),
    );
    let painter = ui.painter_at(rect);
    let font = egui::FontId::proportional(12.0);
    let text_color = ui.visuals().text_color();
    let label_w = chart
        .bars()
        .map(|bar| {
            painter
                .layout_no_wrap(bar.label.to_string(), font.clone(), text_color)
                .size()
                .x
        })
        .fold(60.0f32, f32::max)
        .min(width / 3.0)
        + 8.0;
    let span = (width - label_w - 60.0).max(20.0);
    for (i, bar) in chart.bars().enumerate() {
        let y = rect.top() + 2.0 + row_h * i as f32;
        painter.text(
            egui::pos2(rect.left(), y + row_h / 2.0),
            egui::Align2::LEFT_CENTER,
            bar.label,
            font.clone(),
            text_color,
        );
        let filled = egui::Rect::from_min_size(
            egui::pos2(rect.left() + label_w, y + 3.0),
            egui::vec2(span * bar.share, row_h - 6.0),
        );
        painter.rect_filled(filled, 1.0, REVIEW_BLUE);
        painter.text(
            egui::pos2(filled.right() + 4.0, y + row_h / 2.0),
            egui::Align2::LEFT_CENTER,
            bar.shown,
            font.clone(),
            text_color,
        );
    }
    let spoken: Vec<String> = chart
        .bars()
        .map(|bar| format!("{} {}", bar.label, bar.shown))
        .collect();
    let summary = spoken.join("，");
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Image, true, format!("{name}：{summary}"))
    });
}
