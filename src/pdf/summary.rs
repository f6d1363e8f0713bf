//! The comparison printed: A4 landscape, the same Song font as the sheet, the header row
//! repeated on every page, the notes (ranking basis, 未提交, duplicates, files not counted)
//! under the table, page numbers and the date at the foot.

use super::fonts::print_fonts;
use super::layout::{Measure, Page, first_baseline, line_height, mm, wrap};
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
const LINE_PT: f32 = 0.5;
const FRAME_PT: f32 = 0.9;

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
    let xs: Vec<f32> = std::iter::once(MARGIN)
        .chain(widths.iter().scan(MARGIN, |x, w| {
            *x += w;
            Some(*x)
        }))
        .collect();
    let right = *xs.last().expect("at least one column");
    let cell_lines = |text: &str, col: usize, size: f32| -> Vec<String> {
        wrap(m, text, widths[col] - 2.0 * PAD_X, size)
    };
    let head_lines: Vec<Vec<String>> = table
        .headers
        .iter()
        .enumerate()
        .map(|(c, h)| {
            // 办公室工作 over （16分）, never a break inside the brackets.
            let mut lines = cell_lines(&h.title, c, HEAD_PT);
            if let Some(points) = h.points_words() {
                lines.extend(cell_lines(&points, c, HEAD_PT));
            }
            lines
        })
        .collect();
    let head_h = head_lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * line_height(HEAD_PT)
        + 2.0 * PAD_Y;
    let rows: Vec<(Vec<Vec<String>>, f32)> = table
        .rows
        .iter()
        .map(|row| {
            let lines: Vec<Vec<String>> = row
                .iter()
                .enumerate()
                .map(|(c, cell)| cell_lines(&cell.to_string(), c, BODY_PT))
                .collect();
            let h = lines.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32
                * line_height(BODY_PT)
                + 2.0 * PAD_Y;
            (lines, h)
        })
        .collect();

    let mut pages: Vec<Page> = Vec::new();
    let mut page = Page::default();
    let title_w = m.width_mm(&table.title, TITLE_PT);
    page.text(
        (LANDSCAPE_W - title_w) / 2.0,
        TOP - mm(TITLE_PT),
        TITLE_PT,
        &table.title,
    );
    let mut y = TOP - 12.0;
    let mut table_top = y;

    let draw_cells = |page: &mut Page,
                      lines: &[Vec<String>],
                      top: f32,
                      h: f32,
                      size: f32,
                      centre_all: bool,
                      numeric: &[bool]| {
        for (c, ls) in lines.iter().enumerate() {
            let mut base = first_baseline(top, top - h, ls.len(), size);
            for l in ls {
                let w = m.width_mm(l, size);
                let x = if centre_all || numeric[c] {
                    (xs[c] + xs[c + 1] - w) / 2.0
                } else {
                    xs[c] + PAD_X
                };
                page.text(x, base, size, l.clone());
                base -= line_height(size);
            }
        }
    };
    let no_numbers = vec![false; table.headers.len()];
    let close_table = |page: &mut Page, top: f32, bottom: f32| {
        for (i, x) in xs.iter().enumerate() {
            let width = if i == 0 || i == xs.len() - 1 {
                FRAME_PT
            } else {
                LINE_PT
            };
            page.line(*x, top, *x, bottom, width);
        }
        page.line(MARGIN, bottom, right, bottom, FRAME_PT);
    };
    let header = |page: &mut Page, top: f32| -> f32 {
        page.line(MARGIN, top, right, top, FRAME_PT);
        draw_cells(page, &head_lines, top, head_h, HEAD_PT, true, &no_numbers);
        page.line(MARGIN, top - head_h, right, top - head_h, FRAME_PT);
        top - head_h
    };
    y = header(&mut page, y);
    for ((lines, h), row) in rows.iter().zip(&table.rows) {
        if y - h < BOTTOM {
            close_table(&mut page, table_top, y);
            pages.push(std::mem::take(&mut page));
            table_top = TOP - 4.0;
            y = header(&mut page, table_top);
        }
        let numeric: Vec<bool> = row.iter().map(|c| matches!(c, Cell::Number(_))).collect();
        draw_cells(&mut page, lines, y, *h, BODY_PT, false, &numeric);
        y -= h;
        page.line(MARGIN, y, right, y, LINE_PT);
    }
    close_table(&mut page, table_top, y);

    y -= 4.0;
    for note in &table.notes {
        for l in wrap(m, note, right - MARGIN, NOTE_PT) {
            if y - line_height(NOTE_PT) < BOTTOM {
                pages.push(std::mem::take(&mut page));
                y = TOP - 4.0;
            }
            page.text(MARGIN, y - mm(NOTE_PT), NOTE_PT, l);
            y -= line_height(NOTE_PT);
        }
    }
    pages.push(page);

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
fn printable(text: &str) -> String {
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
