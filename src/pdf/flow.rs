//! Pages filled top to bottom, and the ruled table drawn on them: what the comparison's
//! landscape pages and the 通报's portrait pages share — a header row of typed columns
//! (办公室工作 over （16分）) repeated on every page the table runs onto, rows never split,
//! numbers centred, the frame heavier than the rules inside it. The sheet's own table is not
//! drawn here: its two-level header, merged category cells and signature tail are laid out
//! in `layout`, for the paper the head signs.

use super::layout::{Measure, Page, first_baseline, line_height, wrap};
use crate::table::{Cell, Column};

/// The rules between rows and columns, in points.
const RULE_PT: f32 = 0.5;
/// The table's frame: its outer sides, the top, under the header and the bottom.
const FRAME_PT: f32 = 0.9;

/// Pages filled from the top down: `y` is where the next thing goes, in mm from the bottom.
pub struct Flow<'m> {
    pub m: &'m dyn Measure,
    pages: Vec<Page>,
    pub page: Page,
    pub y: f32,
    /// Where a new page starts, and the line nothing goes below.
    top: f32,
    bottom: f32,
}

impl<'m> Flow<'m> {
    /// A first page whose content starts at `y`; later pages start at `top`.
    pub fn new(m: &'m dyn Measure, y: f32, top: f32, bottom: f32) -> Self {
        Flow {
            m,
            pages: Vec::new(),
            page: Page::default(),
            y,
            top,
            bottom,
        }
    }

    /// Room for `h` mm more on this page, else a new page (never a page left empty: what is
    /// taller than a page goes where it starts). Says whether a new page was begun.
    pub fn room(&mut self, h: f32) -> bool {
        let full = !self.fits(h);
        if full {
            self.next_page();
        }
        full
    }

    /// Whether `h` mm more go on this page (or it is a fresh page, where anything goes).
    pub fn fits(&self, h: f32) -> bool {
        self.y - h >= self.bottom || self.y >= self.top
    }

    fn next_page(&mut self) {
        self.pages.push(std::mem::take(&mut self.page));
        self.y = self.top;
    }

    /// Every page, the last one included.
    pub fn finish(mut self) -> Vec<Page> {
        self.pages.push(self.page);
        self.pages
    }
}

/// A ruled table's type sizes and the space inside its cells.
pub struct TableStyle {
    pub head_pt: f32,
    pub body_pt: f32,
    pub pad_x: f32,
    pub pad_y: f32,
}

/// A ruled table: its columns' edges from `left`, `widths` in mm.
pub struct RuledTable<'t> {
    pub columns: &'t [Column],
    pub rows: &'t [Vec<Cell>],
    pub left: f32,
    pub widths: &'t [f32],
    pub style: &'t TableStyle,
}

impl RuledTable<'_> {
    /// Draws the table from the flow's `y` down, over as many pages as it takes; the flow's
    /// `y` ends under its bottom rule.
    pub fn draw(&self, flow: &mut Flow) {
        let xs: Vec<f32> = std::iter::once(self.left)
            .chain(self.widths.iter().scan(self.left, |x, w| {
                *x += w;
                Some(*x)
            }))
            .collect();
        let s = self.style;
        let head = self.head_lines(flow.m);
        let head_h = height(&head, s.head_pt, s.pad_y);
        let rows: Vec<(Vec<Vec<String>>, f32)> = self
            .rows
            .iter()
            .map(|row| {
                let lines: Vec<Vec<String>> = row
                    .iter()
                    .enumerate()
                    .map(|(c, cell)| self.cell_lines(flow.m, &cell.to_string(), c, s.body_pt))
                    .collect();
                let h = height(&lines, s.body_pt, s.pad_y);
                (lines, h)
            })
            .collect();
        // The header never stands alone at a page's foot.
        flow.room(head_h + rows.first().map_or(0.0, |(_, h)| *h));
        let mut table_top = flow.y;
        self.header(flow, &xs, &head, head_h);
        for ((lines, h), row) in rows.iter().zip(self.rows) {
            if !flow.fits(*h) {
                self.close(flow, &xs, table_top);
                flow.next_page();
                table_top = flow.y;
                self.header(flow, &xs, &head, head_h);
            }
            let numeric: Vec<bool> = row.iter().map(|c| matches!(c, Cell::Number(_))).collect();
            cells(flow, &xs, lines, *h, s.body_pt, s.pad_x, |c| {
                numeric.get(c).copied().unwrap_or(false)
            });
            flow.y -= h;
            let right = xs.last().copied().unwrap_or(self.left);
            flow.page.line(self.left, flow.y, right, flow.y, RULE_PT);
        }
        self.close(flow, &xs, table_top);
    }

    /// Each header cell's lines: the title, and a category's points on a line of their own,
    /// never a break inside the brackets.
    fn head_lines(&self, m: &dyn Measure) -> Vec<Vec<String>> {
        self.columns
            .iter()
            .enumerate()
            .map(|(c, column)| {
                let mut lines = self.cell_lines(m, &column.title, c, self.style.head_pt);
                if let Some(points) = column.points_words() {
                    lines.extend(self.cell_lines(m, &points, c, self.style.head_pt));
                }
                lines
            })
            .collect()
    }

    fn cell_lines(&self, m: &dyn Measure, text: &str, column: usize, size: f32) -> Vec<String> {
        let width = self.widths.get(column).copied().unwrap_or(0.0);
        wrap(m, text, width - 2.0 * self.style.pad_x, size)
    }

    /// The header row between two frame rules, every title centred.
    fn header(&self, flow: &mut Flow, xs: &[f32], head: &[Vec<String>], h: f32) {
        let right = xs.last().copied().unwrap_or(self.left);
        flow.page.line(self.left, flow.y, right, flow.y, FRAME_PT);
        let s = self.style;
        cells(flow, xs, head, h, s.head_pt, s.pad_x, |_| true);
        flow.y -= h;
        flow.page.line(self.left, flow.y, right, flow.y, FRAME_PT);
    }

    /// The columns' rules from the table's top on this page down to `flow.y`, and the
    /// bottom frame.
    fn close(&self, flow: &mut Flow, xs: &[f32], top: f32) {
        let last = xs.len().saturating_sub(1);
        for (i, x) in xs.iter().enumerate() {
            let width = if i == 0 || i == last {
                FRAME_PT
            } else {
                RULE_PT
            };
            flow.page.line(*x, top, *x, flow.y, width);
        }
        let right = xs.last().copied().unwrap_or(self.left);
        flow.page.line(self.left, flow.y, right, flow.y, FRAME_PT);
    }
}

/// A row of cells `h` mm high from the flow's `y`, each cell's lines centred vertically;
/// `centred(c)` says whether column c is centred across too (else it starts after `pad_x`).
fn cells(
    flow: &mut Flow,
    xs: &[f32],
    lines: &[Vec<String>],
    h: f32,
    size: f32,
    pad_x: f32,
    centred: impl Fn(usize) -> bool,
) {
    let top = flow.y;
    for (c, ls) in lines.iter().enumerate() {
        let (Some(x0), Some(x1)) = (xs.get(c), xs.get(c + 1)) else {
            continue;
        };
        let mut base = first_baseline(top, top - h, ls.len(), size);
        for l in ls {
            let x = if centred(c) {
                (x0 + x1 - flow.m.width_mm(l, size)) / 2.0
            } else {
                x0 + pad_x
            };
            flow.page.text(x, base, size, l.clone());
            base -= line_height(size);
        }
    }
}

/// A row's height: its tallest cell's lines and the padding above and below.
fn height(lines: &[Vec<String>], size: f32, pad_y: f32) -> f32 {
    let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
    n as f32 * line_height(size) + 2.0 * pad_y
}

/// Column widths from what they hold: each as wide as its widest header or cell line (at
/// least `min`), then all widened or narrowed alike to fill `width` — wrapping takes what a
/// narrowed column cannot hold.
pub fn widths_to_fit(
    m: &dyn Measure,
    columns: &[Column],
    rows: &[Vec<Cell>],
    style: &TableStyle,
    min: f32,
    width: f32,
) -> Vec<f32> {
    let natural: Vec<f32> = columns
        .iter()
        .enumerate()
        .map(|(c, column)| {
            let head = [Some(column.title.clone()), column.points_words()]
                .into_iter()
                .flatten()
                .map(|t| m.width_mm(&t, style.head_pt))
                .fold(0.0f32, f32::max);
            let body = rows
                .iter()
                .filter_map(|r| r.get(c))
                .map(|cell| m.width_mm(&cell.to_string(), style.body_pt))
                .fold(0.0f32, f32::max);
            head.max(body) + 2.0 * style.pad_x
        })
        .map(|w| w.max(min))
        .collect();
    let total: f32 = natural.iter().sum();
    if total <= 0.0 {
        return natural;
    }
    natural.iter().map(|w| w * width / total).collect()
}
