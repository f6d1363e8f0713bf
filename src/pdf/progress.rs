//! The 进度表 printed (the half-year 工作总结 the scheme asks for has it as its table): A4
//! landscape, the unit and the day in the title, one row per rule a 台账 feeds — what the
//! entries give so far, the year's target, what the share of the year gone asks, 落后 — the
//! item's score if the year ended that day, and under the table the total and the cheapest
//! points to gain. The figures are `year_progress`'s; the table is the comparison's ruled one.

use super::flow::{Flow, RuledTable, TableStyle, widths_to_fit};
use super::fonts::print_fonts;
use super::layout::{Measure, Page, line_height, mm, wrap};
use super::summary::{LANDSCAPE_H, LANDSCAPE_W};
use super::{PdfOutput, write_pdf};
use crate::ruleset::fmt_dec;
use crate::table::{Cell, Column};
use crate::year_progress::YearProgress;

const MARGIN: f32 = 12.0;
const TOP: f32 = LANDSCAPE_H - 10.0;
const BOTTOM: f32 = 16.0;
const TITLE_PT: f32 = 15.0;
const BODY_PT: f32 = 9.0;

/// The table of a 进度: its columns and rows.
pub fn progress_table(p: &YearProgress) -> (Vec<Column>, Vec<Vec<Cell>>) {
    let columns = [
        "项目",
        "台账",
        "记录",
        "计算的规则",
        "目前",
        "全年目标",
        "按进度应有",
        "进度",
        "若当天结束",
    ]
    .map(Column::plain)
    .to_vec();
    let mut rows = Vec::new();
    for l in &p.ledgers {
        for (i, r) in l.rules.iter().enumerate() {
            let first = i == 0;
            let text = |s: String| Cell::Text(s);
            rows.push(vec![
                text(if first {
                    l.location.clone()
                } else {
                    String::new()
                }),
                text(if first {
                    l.entry.clone()
                } else {
                    String::new()
                }),
                if first {
                    text(format!("{}条", l.entries))
                } else {
                    Cell::Empty
                },
                text(r.label.clone()),
                text(r.value.clone()),
                r.target
                    .map_or(Cell::Empty, |t| text(format!("{t}{}", r.unit))),
                r.due_by_now
                    .map_or(Cell::Empty, |d| text(format!("{}{}", fmt_dec(d), r.unit))),
                text(if r.behind {
                    "落后".into()
                } else {
                    String::new()
                }),
                if first {
                    text(match l.score {
                        Some(s) => format!("{}分 / {}分", fmt_dec(s), fmt_dec(l.points)),
                        None => format!("未能计分 / {}分", fmt_dec(l.points)),
                    })
                } else {
                    Cell::Empty
                },
            ]);
        }
    }
    (columns, rows)
}

/// The lines under the table: the year gone and the total, then the cheapest gains.
pub fn progress_notes(p: &YearProgress, rs: &crate::ruleset::Ruleset) -> Vec<String> {
    let mut notes = vec![format!(
        "全年已过{}%；若当天结束，合计{}分（满分{}分，没有填完的项目不计分）。“按进度应有”为全年目标乘以已过的时间。",
        fmt_dec(p.year_gone),
        fmt_dec(p.total_now),
        fmt_dec(p.total_points)
    )];
    if !p.gains.is_empty() {
        notes.push("最省力的得分：".into());
        notes.extend(p.gains.iter().take(10).enumerate().map(|(i, g)| {
            format!(
                "{}. {}（{}）",
                i + 1,
                g.words,
                crate::scoring::item_location(rs, &g.item_id)
            )
        }));
    }
    notes
}

/// Lays the 进度表 out on landscape pages.
pub fn layout_progress(
    title: &str,
    columns: &[Column],
    rows: &[Vec<Cell>],
    notes: &[String],
    m: &dyn Measure,
) -> Vec<Page> {
    let style = TableStyle {
        head_pt: BODY_PT,
        body_pt: BODY_PT,
        pad_x: 1.2,
        pad_y: 1.4,
    };
    let width = LANDSCAPE_W - 2.0 * MARGIN;
    let widths = widths_to_fit(m, columns, rows, &style, 12.0, width);
    let mut flow = Flow::new(m, TOP - 12.0, TOP - 4.0, BOTTOM);
    let title_w = m.width_mm(title, TITLE_PT);
    flow.page.text(
        (LANDSCAPE_W - title_w) / 2.0,
        TOP - mm(TITLE_PT),
        TITLE_PT,
        title,
    );
    RuledTable {
        columns,
        rows,
        left: MARGIN,
        widths: &widths,
        style: &style,
    }
    .draw(&mut flow);
    flow.y -= 4.0;
    for note in notes {
        for l in wrap(m, note, width, BODY_PT) {
            flow.room(line_height(BODY_PT));
            flow.page.text(MARGIN, flow.y - mm(BODY_PT), BODY_PT, l);
            flow.y -= line_height(BODY_PT);
        }
    }
    let mut pages = flow.finish();
    let count = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        crate::pdf::layout::page_number(page, i, count, LANDSCAPE_W, 8.0, m);
    }
    pages
}

/// The 进度表 of `unit` as a PDF.
pub fn render_progress(
    p: &YearProgress,
    unit: &str,
    rs: &crate::ruleset::Ruleset,
) -> Result<PdfOutput, super::PdfError> {
    // A character no shipped font draws (in a scheme's words) prints as ？, not as nothing.
    let print = super::summary::printable;
    let title = print(&format!("{unit}{}年工作进度表（截至{}）", rs.year, p.on));
    let (mut columns, mut rows) = progress_table(p);
    for c in &mut columns {
        c.title = print(&c.title);
    }
    for cell in rows.iter_mut().flatten() {
        if let Cell::Text(t) = cell {
            *t = print(t);
        }
    }
    let notes: Vec<String> = progress_notes(p, rs).iter().map(|n| print(n)).collect();
    let pages = layout_progress(&title, &columns, &rows, &notes, print_fonts());
    let bytes = write_pdf(&pages, (LANDSCAPE_W, LANDSCAPE_H), &title, "台账进度");
    Ok(PdfOutput {
        bytes,
        pages: pages.len(),
        draft: false,
    })
}
