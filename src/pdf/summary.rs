//! The comparison printed: A4 landscape, the same Song font as the sheet, the ruled table the
//! 通报 prints too (`flow`: the header row repeated on every page), the notes (ranking basis, 未提交, duplicates, files not counted)
//! under the table, page numbers and the date at the foot.

use super::flow::{Flow, RuledTable, TableStyle};
use super::fonts::print_fonts;
use super::layout::{Measure, Page, line_height, mm, wrap};
use super::{PdfOutput, write_pdf};
use crate::table::{Cell, Table};

pub const LANDSCAPE_W: f32 = 297.0;
pub const LANDSCAPE_H: f32 = 210.0;
const MARGIN: f32 = 12.0;
const TOP: f32 = LANDSCAPE_H - 10.0;
const BOTTOM: f32 = 16.0;
const TITLE_PT: f32 = 15.0;
const HEAD_PT: f32 = 8.5;
const BODY_PT: f32 = 8.5;
const NOTE_PT: f32 = 8.5;
const SMALL_PT: f32 = 7.5;
const PAD_X: f32 = 1.0;
const PAD_Y: f32 = 1.4;

/// Column widths in mm for 排名 · 单位 · 类别 · 状态 · 自查 · 考核 · categories…: the fixed
/// ones first, the categories share what is left (paper has no 文件 column).
fn column_widths(columns: usize) -> Vec<f32> {
    let usable = LANDSCAPE_W - 2.0 * MARGIN;
    let fixed = [9.0, 28.0, 13.0, 36.0, 15.0, 15.0];
    let categories = columns.saturating_sub(fixed.len());
    let rest = usable - fixed.iter().sum::<f32>();
    let mut w: Vec<f32> = fixed.to_vec();
    w.extend((0..categories).map(|_| rest / categories.max(1) as f32));
    w.truncate(columns);
    w
}

/// Lays out the table on landscape pages. `printed_on` goes in the page foot.
pub fn layout_summary(table: &Table, printed_on: &str, m: &dyn Measure) -> Vec<Page> {
    let widths = column_widths(table.headers.len());
    let right = MARGIN + widths.iter().sum::<f32>();
    let mut flow = Flow::new(m, TOP - 12.0, TOP - 4.0, BOTTOM);
    let title_w = m.width_mm(&table.title, TITLE_PT);
    flow.page.text(
        (LANDSCAPE_W - title_w) / 2.0,
        TOP - mm(TITLE_PT),
        TITLE_PT,
        &table.title,
    );
    RuledTable {
        columns: &table.headers,
        rows: &table.rows,
        left: MARGIN,
        widths: &widths,
        style: &TableStyle {
            head_pt: HEAD_PT,
            body_pt: BODY_PT,
            pad_x: PAD_X,
            pad_y: PAD_Y,
        },
    }
    .draw(&mut flow);

    flow.y -= 4.0;
    for note in &table.notes {
        for l in wrap(m, note, right - MARGIN, NOTE_PT) {
            flow.room(line_height(NOTE_PT));
            flow.page.text(MARGIN, flow.y - mm(NOTE_PT), NOTE_PT, l);
            flow.y -= line_height(NOTE_PT);
        }
    }
    let mut pages = flow.finish();

    let count = pages.len();
    for (p, page) in pages.iter_mut().enumerate() {
        crate::pdf::layout::page_number(page, p, count, LANDSCAPE_W, 8.0, m);
        let when = format!("打印于 {printed_on}");
        let w = m.width_mm(&when, SMALL_PT);
        page.text(right - w, 8.0, SMALL_PT, when);
    }
    pages
}

/// Text from outside the program (file names, messages naming paths) may hold a character
/// no shipped font draws; it prints as ？ rather than as nothing.
pub(crate) fn printable(text: &str) -> String {
    let fonts = print_fonts();
    text.chars()
        .map(|c| {
            if c.is_control() || fonts.font_for(c).is_some() {
                c
            } else {
                '？'
            }
        })
        .collect()
}

/// The comparison as a landscape PDF.
pub fn render_summary(table: &Table) -> Result<PdfOutput, super::PdfError> {
    let mut t = table.clone();
    t.title = printable(&t.title);
    for h in &mut t.headers {
        h.title = printable(&h.title);
    }
    for row in &mut t.rows {
        for cell in row.iter_mut() {
            if let Cell::Text(s) = cell {
                *s = printable(s);
            }
        }
    }
    t.notes = t.notes.iter().map(|n| printable(n)).collect();
    let printed_on = chrono::Local::now()
        .format("%Y年%m月%d日 %H:%M")
        .to_string();
    let pages = layout_summary(&t, &printed_on, print_fonts());
    let bytes = write_pdf(
        &pages,
        (LANDSCAPE_W, LANDSCAPE_H),
        &t.title,
        &format!("{}个单位", t.rows.len()),
    );
    Ok(PdfOutput {
        bytes,
        pages: pages.len(),
        draft: false,
    })
}
