//! The 考核通报 view, beside 汇总比较: the 通报 the comparison makes (`crate::bulletin`),
//! shown for all units or one class — its basis, the rank table, the charts (drawn with
//! egui's painter from the same model the PDF draws), each unit's main deductions — with the
//! grades for this 通报 and its date set here, and 导出 PDF….

use crate::bulletin::{Bulletin, BulletinFile, BulletinOptions, Grading, Ranked};
use crate::compared::Comparison;
use crate::ruleset::fmt_dec;
use crate::summary::Summary;
use crate::ui::commands::{Command, CompareCommand};
use crate::ui::{ERROR_RED, REVIEW_BLUE, WARNING_ORANGE};
use egui::{RichText, Sense};
use rust_decimal::Decimal;

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
        .show(ui, |ui| body(&b, view, ui));
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

fn body(b: &Bulletin, view: &BulletinView, ui: &mut egui::Ui) {
    ui.vertical_centered(|ui| {
        ui.heading(&b.title);
        if b.draft {
            ui.label(RichText::new("（征求意见稿）").color(WARNING_ORANGE));
        }
    });
    ui.label(&b.basis);
    if b.draft && !b.pending.is_empty() {
        ui.colored_label(
            WARNING_ORANGE,
            format!("尚未审核完毕：{}", b.pending.join("、")),
        );
    }
    if let Some(u) = b.unranked_sentence() {
        ui.label(u);
    }
    if let Some(l) = b.late_sentence() {
        ui.colored_label(WARNING_ORANGE, l);
    }
    let rows: Vec<&Ranked> = b
        .overall
        .iter()
        .filter(|r| view.class.as_ref().is_none_or(|c| *c == r.class))
        .collect();
    ui.add_space(6.0);
    ui.strong(match &view.class {
        None => "总体排名".to_string(),
        Some(c) => format!("{c}排名"),
    });
    rank_table(&rows, ui);
    ui.add_space(6.0);
    ui.strong(Bulletin::TOTALS_CAPTION);
    let totals = b.totals_chart(view.class.as_deref());
    bar_chart(ui, "各单位得分图", &totals.rows, totals.max);
    ui.add_space(6.0);
    ui.strong(Bulletin::RATES_CAPTION);
    let rates = b.rates_chart(view.class.as_deref());
    bar_chart(ui, "各类别得分率图", &rates.rows, rates.max);
    for cat in &b.categories {
        ui.add(egui::Label::new(Bulletin::category_line(cat)).wrap());
    }
    ui.add_space(6.0);
    ui.strong(Bulletin::LOSSES);
    for u in b
        .losses
        .iter()
        .filter(|u| rows.iter().any(|r| r.unit == u.unit))
    {
        egui::CollapsingHeader::new(Bulletin::losses_line(u))
            .id_salt(("bulletin-losses", &u.unit))
            .show(ui, |ui| {
                if u.lines.is_empty() {
                    ui.label(Bulletin::FULL_MARKS);
                }
                for (i, l) in u.lines.iter().enumerate() {
                    ui.label(format!("{}. {l}", i + 1));
                }
            });
    }
}

fn rank_table(rows: &[&Ranked], ui: &mut egui::Ui) {
    let graded = rows.iter().any(|r| r.grade.is_some());
    egui::Grid::new("bulletin-ranks")
        .striped(true)
        .min_col_width(48.0)
        .show(ui, |ui| {
            for h in Bulletin::OVERALL_COLUMNS {
                ui.strong(h);
            }
            if graded {
                ui.strong(Bulletin::GRADE_COLUMN);
            }
            ui.end_row();
            for r in rows {
                ui.label(r.rank.to_string());
                ui.label(&r.unit);
                ui.label(&r.class);
                let total = RichText::new(fmt_dec(r.total));
                ui.label(if r.reviewed {
                    total.color(REVIEW_BLUE)
                } else {
                    total
                })
                .on_hover_text(if r.reviewed {
                    "考核得分（已审核）"
                } else {
                    "自查得分（尚未审核）"
                });
                ui.label(r.class_rank.to_string());
                if graded {
                    ui.label(r.grade.clone().unwrap_or_default());
                }
                ui.end_row();
            }
        });
}

/// Horizontal bars, as the PDF draws them: a label, the bar (its share of `max`), the value.
/// `name` is what a screen reader says before the numbers.
fn bar_chart(ui: &mut egui::Ui, name: &str, rows: &[(String, Decimal, String)], max: Decimal) {
    let row_h = 18.0;
    let width = ui.available_width().min(760.0);
    let (rect, response) = ui.allocate_exact_size(
        egui::vec2(width, row_h * rows.len() as f32 + 4.0),
        Sense::hover(),
    );
    let painter = ui.painter_at(rect);
    let font = egui::FontId::proportional(12.0);
    let text_color = ui.visuals().text_color();
    let label_w = rows
        .iter()
        .map(|(l, _, _)| {
            painter
                .layout_no_wrap(l.clone(), font.clone(), text_color)
                .size()
                .x
        })
        .fold(60.0f32, f32::max)
        .min(width / 3.0)
        + 8.0;
    let span = (width - label_w - 60.0).max(20.0);
    for (i, (label, value, shown)) in rows.iter().enumerate() {
        let y = rect.top() + 2.0 + row_h * i as f32;
        painter.text(
            egui::pos2(rect.left(), y + row_h / 2.0),
            egui::Align2::LEFT_CENTER,
            label,
            font.clone(),
            text_color,
        );
        let share = Bulletin::bar_share(*value, max);
        let bar = egui::Rect::from_min_size(
            egui::pos2(rect.left() + label_w, y + 3.0),
            egui::vec2(span * share, row_h - 6.0),
        );
        painter.rect_filled(bar, 1.0, REVIEW_BLUE);
        painter.text(
            egui::pos2(bar.right() + 4.0, y + row_h / 2.0),
            egui::Align2::LEFT_CENTER,
            shown,
            font.clone(),
            text_color,
        );
    }
    // Screen readers get the chart's numbers.
    let spoken: Vec<String> = rows.iter().map(|(l, _, s)| format!("{l} {s}")).collect();
    let summary = spoken.join("，");
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Image, true, format!("{name}：{summary}"))
    });
}
