//! The 通报 printed: A4 portrait in the Song face, flowing section after section; the charts
//! drawn as vector bars (a bar is a thick line); 征求意见稿 on every page while it is a draft;
//! page numbers at the foot.

use super::{Bulletin, Ranked, YearRow};
use crate::pdf::PdfOutput;
use crate::pdf::fonts::print_fonts;
use crate::pdf::layout::{Measure, Page, line_height, mm, wrap};
use crate::ruleset::fmt_dec;
use rust_decimal::Decimal;

const W: f32 = 210.0;
const H: f32 = 297.0;
const LEFT: f32 = 22.0;
const RIGHT: f32 = W - 22.0;
const TOP: f32 = H - 20.0;
const BOTTOM: f32 = 22.0;
const TITLE_PT: f32 = 16.0;
const HEAD_PT: f32 = 12.0;
const BODY_PT: f32 = 10.5;
const TABLE_PT: f32 = 9.5;
const SMALL_PT: f32 = 8.0;
const LINE_PT: f32 = 0.5;
/// A chart bar's thickness, in points.
const BAR_PT: f32 = 7.0;

/// Pages filled top to bottom.
struct Flow<'m> {
    m: &'m dyn Measure,
    pages: Vec<Page>,
    page: Page,
    y: f32,
}

impl<'m> Flow<'m> {
    fn new(m: &'m dyn Measure) -> Self {
        Flow {
            m,
            pages: Vec::new(),
            page: Page::default(),
            y: TOP,
        }
    }

    /// Room for `h` mm more on this page, else a new page.
    fn room(&mut self, h: f32) {
        if self.y - h < BOTTOM {
            self.pages.push(std::mem::take(&mut self.page));
            self.y = TOP;
        }
    }

    fn centred(&mut self, text: &str, size: f32) {
        self.room(line_height(size));
        let w = self.m.width_mm(text, size);
        self.y -= line_height(size);
        self.page.text((W - w) / 2.0, self.y, size, text);
    }

    fn right(&mut self, text: &str, size: f32) {
        self.room(line_height(size));
        let w = self.m.width_mm(text, size);
        self.y -= line_height(size);
        self.page.text(RIGHT - w, self.y, size, text);
    }

    fn heading(&mut self, text: &str) {
        // A heading never ends a page alone.
        self.room(line_height(HEAD_PT) * 4.0);
        self.y -= line_height(HEAD_PT) * 0.6;
        self.y -= line_height(HEAD_PT);
        self.page.text(LEFT, self.y, HEAD_PT, text);
    }

    /// A paragraph, its first line indented two characters as Chinese documents are.
    fn paragraph(&mut self, text: &str, size: f32, indent: bool) {
        let lead = if indent { mm(size) * 2.0 } else { 0.0 };
        let lines = wrap(self.m, text, RIGHT - LEFT - lead, size);
        for (i, line) in lines.iter().enumerate() {
            self.room(line_height(size));
            self.y -= line_height(size);
            let x = if i == 0 { LEFT + lead } else { LEFT };
            self.page.text(x, self.y, size, line.clone());
        }
    }

    /// A table with ruled rows; `widths` in mm, numbers centred.
    fn table(&mut self, headers: &[String], widths: &[f32], rows: &[Vec<String>]) {
        let pad = 1.2;
        let xs: Vec<f32> = std::iter::once(LEFT)
            .chain(widths.iter().scan(LEFT, |x, w| {
                *x += w;
                Some(*x)
            }))
            .collect();
        let right = xs.last().copied().unwrap_or(RIGHT);
        let lay = |m: &dyn Measure, cells: &[String]| -> (Vec<Vec<String>>, f32) {
            let lines: Vec<Vec<String>> = cells
                .iter()
                .enumerate()
                .map(|(c, t)| {
                    wrap(
                        m,
                        t,
                        widths.get(c).copied().unwrap_or(20.0) - 2.0 * pad,
                        TABLE_PT,
                    )
                })
                .collect();
            let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
            (lines, n as f32 * line_height(TABLE_PT) + 2.0 * pad)
        };
        let (head, head_h) = lay(self.m, headers);
        let draw = |flow: &mut Flow, lines: &[Vec<String>], h: f32| {
            let top = flow.y;
            flow.page.line(LEFT, top, right, top, LINE_PT);
            for (c, ls) in lines.iter().enumerate() {
                let mut base = top - pad - mm(TABLE_PT) * 0.9;
                for l in ls {
                    let w = flow.m.width_mm(l, TABLE_PT);
                    let numeric = l.chars().all(|ch| ch.is_ascii_digit() || ch == '.');
                    let x = if numeric {
                        (xs[c] + xs[c + 1] - w) / 2.0
                    } else {
                        xs[c] + pad
                    };
                    flow.page.text(x, base, TABLE_PT, l.clone());
                    base -= line_height(TABLE_PT);
                }
            }
            for x in &xs {
                flow.page.line(*x, top, *x, top - h, LINE_PT);
            }
            flow.y -= h;
            flow.page.line(LEFT, flow.y, right, flow.y, LINE_PT);
        };
        self.room(head_h + line_height(TABLE_PT) * 2.0);
        self.y -= 2.0;
        draw(self, &head, head_h);
        for row in rows {
            let (lines, h) = lay(self.m, row);
            if self.y - h < BOTTOM {
                self.room(h + head_h);
                draw(self, &head, head_h);
            }
            draw(self, &lines, h);
        }
        self.y -= 2.0;
    }

    /// Horizontal bars: a label, the bar (its length the value's share of `max`), the value.
    fn bars(&mut self, rows: &[(String, Decimal, String)], max: Decimal) {
        // As wide as the longest label (岳阳经济技术开发区), at most a third of the line.
        let label_w = rows
            .iter()
            .map(|(l, _, _)| self.m.width_mm(l, SMALL_PT))
            .fold(20.0f32, f32::max)
            .min((RIGHT - LEFT) / 3.0)
            + 2.0;
        let value_w = 16.0;
        let span = RIGHT - LEFT - label_w - value_w;
        let step = mm(BAR_PT) + 1.6;
        for (label, value, shown) in rows {
            self.room(step);
            self.y -= step;
            let mid = self.y + step / 2.0 - 0.8;
            self.page
                .text(LEFT, mid - mm(SMALL_PT) * 0.35, SMALL_PT, label.clone());
            let share = Bulletin::bar_share(*value, max);
            let x0 = LEFT + label_w;
            let len = span * share;
            if len > 0.05 {
                self.page.line(x0, mid, x0 + len, mid, BAR_PT);
            }
            self.page.text(
                x0 + len + 1.5,
                mid - mm(SMALL_PT) * 0.35,
                SMALL_PT,
                shown.clone(),
            );
        }
        // The axis, at the bars' start.
        let x0 = LEFT + label_w;
        self.page.line(
            x0,
            self.y - 0.5,
            x0,
            self.y + step * rows.len() as f32,
            LINE_PT,
        );
        self.y -= 2.0;
    }

    fn finish(mut self, draft: bool) -> Vec<Page> {
        self.pages.push(self.page);
        let count = self.pages.len();
        for (i, page) in self.pages.iter_mut().enumerate() {
            crate::pdf::layout::page_number(page, i, count, W, 10.0, self.m);
            if draft {
                let mark = "征求意见稿";
                let w = self.m.width_mm(mark, BODY_PT);
                page.text(RIGHT - w, H - 12.0, BODY_PT, mark);
            }
        }
        self.pages
    }
}

fn grade_column(rows: &[Ranked]) -> bool {
    rows.iter().any(|r| r.grade.is_some())
}

fn score(d: Decimal) -> String {
    fmt_dec(d)
}

/// The 通报's pages.
pub fn layout_bulletin(b: &Bulletin, m: &dyn Measure) -> Vec<Page> {
    let mut f = Flow::new(m);
    f.centred(&b.title, TITLE_PT);
    if b.draft {
        f.centred("（征求意见稿）", BODY_PT);
    }
    f.y -= 3.0;
    f.right(&b.issuer, BODY_PT);
    if !b.date.is_empty() {
        f.right(&b.date, BODY_PT);
    }
    f.y -= 2.0;
    f.paragraph(&b.basis, BODY_PT, true);
    if let Some(p) = b.pending_sentence() {
        f.paragraph(&p, BODY_PT, true);
    }
    if let Some(u) = b.unranked_sentence() {
        f.paragraph(&format!("{u}。"), BODY_PT, true);
    }
    if let Some(l) = b.late_sentence() {
        f.paragraph(&l, BODY_PT, true);
    }

    f.heading(Bulletin::OVERALL);
    let graded = grade_column(&b.overall);
    let mut headers: Vec<String> = Bulletin::OVERALL_COLUMNS
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut widths = vec![14.0, 52.0, 22.0, 22.0, 20.0];
    if graded {
        headers.push(Bulletin::GRADE_COLUMN.into());
        widths.push(30.0);
    }
    let rows: Vec<Vec<String>> = b
        .overall
        .iter()
        .map(|r| {
            let mut row = vec![
                r.rank.to_string(),
                r.unit.clone(),
                r.class.clone(),
                score(r.total),
                r.class_rank.to_string(),
            ];
            if graded {
                row.push(r.grade.clone().unwrap_or_default());
            }
            row
        })
        .collect();
    f.table(&headers, &widths, &rows);
    f.paragraph(Bulletin::TOTALS_CAPTION, SMALL_PT, false);
    let chart = b.totals_chart(None);
    f.bars(&chart.rows, chart.max);

    f.heading(Bulletin::BY_CLASS);
    for c in &b.classes {
        f.paragraph(&Bulletin::class_line(c), BODY_PT, false);
        let mut headers: Vec<String> = Bulletin::CLASS_COLUMNS
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mut widths = vec![20.0, 60.0, 24.0];
        if graded {
            headers.push(Bulletin::GRADE_COLUMN.into());
            widths.push(30.0);
        }
        let rows: Vec<Vec<String>> = c
            .rows
            .iter()
            .map(|r| {
                let mut row = vec![r.class_rank.to_string(), r.unit.clone(), score(r.total)];
                if graded {
                    row.push(r.grade.clone().unwrap_or_default());
                }
                row
            })
            .collect();
        f.table(&headers, &widths, &rows);
    }

    f.heading(Bulletin::BY_CATEGORY);
    for cat in &b.categories {
        f.paragraph(&Bulletin::category_line(cat), BODY_PT, true);
    }
    f.paragraph(Bulletin::RATES_CAPTION, SMALL_PT, false);
    let rates = b.rates_chart(None);
    f.bars(&rates.rows, rates.max);

    f.heading(Bulletin::LOSSES);
    for u in &b.losses {
        f.paragraph(&Bulletin::losses_line(u), BODY_PT, false);
        if u.lines.is_empty() {
            f.paragraph(Bulletin::FULL_MARKS, BODY_PT, true);
        }
        for (i, line) in u.lines.iter().enumerate() {
            f.paragraph(&format!("{}. {line}", i + 1), TABLE_PT, true);
        }
    }

    if let Some((year, rows)) = &b.years {
        f.heading(&Bulletin::years_heading(*year));
        let table: Vec<Vec<String>> = rows.iter().map(YearRow::cells).collect();
        f.table(
            &YearRow::headers(*year),
            &[52.0, 26.0, 26.0, 26.0, 26.0],
            &table,
        );
        f.paragraph(Bulletin::YEARS_NOTE, SMALL_PT, false);
    }
    f.finish(b.draft)
}

/// The 通报 as a PDF.
pub fn render_bulletin(b: &Bulletin) -> PdfOutput {
    let pages = layout_bulletin(b, print_fonts());
    let bytes = crate::pdf::write_pdf(&pages, (W, H), &b.title, &b.issuer);
    PdfOutput {
        bytes,
        pages: pages.len(),
        draft: b.draft,
    }
}
