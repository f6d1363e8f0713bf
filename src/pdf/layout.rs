//! The printed sheet laid out on A4 portrait pages, as pure geometry: text lines and rules
//! in millimetres from the bottom-left corner. Knows nothing of printpdf, so it is tested on
//! its own: rows never split, the header repeats, the category cell repeats on a new page,
//! the signature block never stands alone and keeps a clear square for the seal.

mod review;
mod wrap;
pub use review::{PrintReview, PrintReviewItem};
pub use wrap::wrap;

pub const MM_PER_PT: f32 = 25.4 / 72.0;
pub const PAGE_W: f32 = 210.0;
pub const PAGE_H: f32 = 297.0;
const MARGIN_X: f32 = 15.0;
const TOP: f32 = PAGE_H - 12.0;
/// Nothing of the table goes below this line; the page foot sits under it.
const BOTTOM: f32 = 18.0;
/// Column widths: 考核项目 · 考核内容 · 考核说明 · 标准分 · 自查得分 · 考核得分 (180 mm).
pub const COLUMNS: [f32; 6] = [16.0, 50.0, 66.0, 16.0, 16.0, 16.0];
const BODY_PT: f32 = 9.0;
const HEADER_PT: f32 = 9.5;
const TITLE_PT: f32 = 16.0;
const SMALL_PT: f32 = 8.0;
const PAD_X: f32 = 1.2;
const PAD_Y: f32 = 1.6;
const HEADER_ROW_H: f32 = 7.5;
const TOTAL_ROW_H: f32 = 8.0;
/// The seal needs a clear square at least 45 mm wide around the unit name and date.
pub const SEAL_SQUARE: f32 = 50.0;
const LINE_PT: f32 = 0.6;
const FRAME_PT: f32 = 1.0;

/// Text width, supplied by the fonts (or by a test).
pub trait Measure {
    fn width_mm(&self, text: &str, size_pt: f32) -> f32;
}

/// What gets printed, already in words and numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintModel {
    pub title: String,
    /// 填报单位, e.g. 平江县妇联.
    pub unit: String,
    pub contact: String,
    pub phone: String,
    pub categories: Vec<PrintCategory>,
    pub total_points: String,
    pub total_self: String,
    /// Blank unless the municipal office has reviewed the sheet.
    pub total_reviewed: String,
    pub footnote: String,
    /// Unfilled items or errors: every page says 草稿.
    pub draft: bool,
    /// The first 8 hex digits of the saved sheet file's SHA-256.
    pub fingerprint: String,
    /// The municipal office's review (its 考核意见 printed after the table), once there is one.
    pub review: Option<PrintReview>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PrintCategory {
    pub name: String,
    pub points: String,
    pub rows: Vec<PrintRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PrintRow {
    pub content: String,
    pub rule_text: String,
    pub points: String,
    pub self_score: String,
    pub reviewed: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Draw {
    /// A line of text; `(x, y)` is the left end of its baseline, in mm.
    Text {
        x: f32,
        y: f32,
        size_pt: f32,
        text: String,
        red: bool,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width_pt: f32,
    },
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub draws: Vec<Draw>,
}

impl Page {
    pub(crate) fn text(&mut self, x: f32, y: f32, size_pt: f32, text: impl Into<String>) {
        let text = text.into();
        if !text.is_empty() {
            self.draws.push(Draw::Text {
                x,
                y,
                size_pt,
                text,
                red: false,
            });
        }
    }
    pub(crate) fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width_pt: f32) {
        self.draws.push(Draw::Line {
            x1,
            y1,
            x2,
            y2,
            width_pt,
        });
    }
    /// All text on the page, in drawing order (for tests).
    pub fn texts(&self) -> Vec<&str> {
        self.draws
            .iter()
            .filter_map(|d| match d {
                Draw::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }
}

pub(crate) fn mm(pt: f32) -> f32 {
    pt * MM_PER_PT
}

pub(crate) fn line_height(size_pt: f32) -> f32 {
    mm(size_pt) * 1.45
}

/// Baseline of the first of `n` lines centred vertically in `[bottom, top]`.
pub(crate) fn first_baseline(top: f32, bottom: f32, n: usize, size_pt: f32) -> f32 {
    let block = n as f32 * line_height(size_pt);
    let block_top = (top + bottom) / 2.0 + block / 2.0;
    block_top - (line_height(size_pt) - mm(size_pt)) / 2.0 - mm(size_pt) * 0.86
}

struct RowLayout<'a> {
    category: usize,
    row: &'a PrintRow,
    content: Vec<String>,
    rule: Vec<String>,
    height: f32,
}

pub fn column_x(i: usize) -> f32 {
    MARGIN_X + COLUMNS[..i].iter().sum::<f32>()
}

fn table_right() -> f32 {
    column_x(COLUMNS.len())
}

/// Lays the whole sheet out on pages.
pub fn layout(model: &PrintModel, m: &dyn Measure) -> Vec<Page> {
    let rows: Vec<RowLayout> = model
        .categories
        .iter()
        .enumerate()
        .flat_map(|(ci, cat)| cat.rows.iter().map(move |row| (ci, row)))
        .map(|(category, row)| {
            let content = wrap(m, &row.content, COLUMNS[1] - 2.0 * PAD_X, BODY_PT);
            let rule = wrap(m, &row.rule_text, COLUMNS[2] - 2.0 * PAD_X, BODY_PT);
            let lines = content.len().max(rule.len()).max(1);
            let height = lines as f32 * line_height(BODY_PT) + 2.0 * PAD_Y;
            RowLayout {
                category,
                row,
                content,
                rule,
                height,
            }
        })
        .collect();

    let footnote = wrap(m, &model.footnote, table_right() - MARGIN_X, BODY_PT);
    let tail_height =
        TOTAL_ROW_H + 3.0 + footnote.len() as f32 * line_height(BODY_PT) + 6.0 + SEAL_SQUARE;

    // Pagination: which rows go on which page; rows are never split.
    let mut pages_rows: Vec<Vec<usize>> = vec![Vec::new()];
    let mut y = table_top(0) - 2.0 * HEADER_ROW_H;
    for (i, r) in rows.iter().enumerate() {
        if y - r.height < BOTTOM && !pages_rows.last().unwrap().is_empty() {
            pages_rows.push(Vec::new());
            y = table_top(pages_rows.len() - 1) - 2.0 * HEADER_ROW_H;
        }
        pages_rows.last_mut().unwrap().push(i);
        y -= r.height;
    }
    // The total row, footnote and signature stay together; if they do not fit under the
    // last row they start a new page with the header repeated.
    let tail_on_new_page = y - tail_height < BOTTOM;
    if tail_on_new_page {
        pages_rows.push(Vec::new());
    }

    let count = pages_rows.len();
    let mut pages = Vec::with_capacity(count);
    for (p, row_ids) in pages_rows.iter().enumerate() {
        let mut page = Page::default();
        page_head(&mut page, model, p, m);
        let top = table_top(p);
        let mut y = header(&mut page, top, m);
        // Category segments on this page: the merged cell repeats on every page.
        let mut seg_start = 0;
        while seg_start < row_ids.len() {
            let cat = rows[row_ids[seg_start]].category;
            let mut seg_end = seg_start;
            while seg_end < row_ids.len() && rows[row_ids[seg_end]].category == cat {
                seg_end += 1;
            }
            let seg_top = y;
            for &ri in &row_ids[seg_start..seg_end] {
                let r = &rows[ri];
                draw_row(&mut page, r, y, m);
                y -= r.height;
            }
            // The category cell: its top rule, and its name set vertically, marked （续）
            // when the category began on an earlier page.
            page.line(column_x(0), seg_top, column_x(1), seg_top, LINE_PT);
            let continued = rows
                .iter()
                .position(|r| r.category == cat)
                .is_some_and(|first| first != row_ids[seg_start]);
            vertical_category(&mut page, &model.categories[cat], seg_top, y, continued, m);
            seg_start = seg_end;
        }
        if p == count - 1 {
            y = tail(&mut page, model, &footnote, y, m);
        }
        // Bottom rule and the vertical rules of the table on this page.
        let last = p == count - 1;
        page.line(column_x(0), y, table_right(), y, FRAME_PT);
        for i in 0..=COLUMNS.len() {
            let width = if i == 0 || i == COLUMNS.len() {
                FRAME_PT
            } else {
                LINE_PT
            };
            // 考核结果 spans the three score columns in the header's first level.
            let from = if i == 4 || i == 5 {
                top - HEADER_ROW_H
            } else {
                top
            };
            // 合计 spans 考核项目 · 考核内容 · 考核说明.
            let to = if last && (i == 1 || i == 2) {
                y + TOTAL_ROW_H
            } else {
                y
            };
            page.line(column_x(i), from, column_x(i), to, width);
        }
        pages.push(page);
    }
    if let Some(review) = &model.review {
        pages.extend(review::pages(model, review, m));
    }
    let count = pages.len();
    for (p, page) in pages.iter_mut().enumerate() {
        page_foot(page, model, p, count, m);
    }
    pages
}

fn table_top(page: usize) -> f32 {
    if page == 0 { TOP - 21.0 } else { TOP - 6.0 }
}

/// The title and the unit line on the first page; a running head and 草稿 on every page.
fn page_head(page: &mut Page, model: &PrintModel, p: usize, m: &dyn Measure) {
    if p == 0 {
        let w = m.width_mm(&model.title, TITLE_PT);
        page.text(
            (PAGE_W - w) / 2.0,
            TOP - mm(TITLE_PT),
            TITLE_PT,
            &model.title,
        );
        let unit_line = format!(
            "填报单位：{}      联系人：{}      电话：{}",
            model.unit, model.contact, model.phone
        );
        page.text(MARGIN_X, TOP - 16.0, 10.0, unit_line);
    } else {
        let head = format!("{}（续）  填报单位：{}", model.title, model.unit);
        page.text(MARGIN_X, TOP - 2.5, SMALL_PT, head);
    }
    if model.draft {
        // Large enough to be seen across a desk, on every page: a draft is not for signing.
        let mark = "草稿";
        // On later pages the table starts right under the running head: the mark stands on
        // the head's line there, a little smaller, clear of the table's top rule.
        let (size, y) = if p == 0 {
            (DRAFT_MARK_PT, TOP - mm(DRAFT_MARK_PT) + 2.0)
        } else {
            (DRAFT_MARK_PT - 4.0, TOP - 2.5)
        };
        let w = m.width_mm(mark, size);
        page.draws.push(Draw::Text {
            x: table_right() - w,
            y,
            size_pt: size,
            text: mark.into(),
            red: true,
        });
    }
}

/// The size of the 草稿 mark at the top of each page of a draft.
const DRAFT_MARK_PT: f32 = 24.0;

/// What a draft prints where the signature and the seal would go.
pub const DRAFT_NOTE: [&str; 2] = [
    "草稿：此表还有未填、有误的项目或未确认的警告，不能签字盖章报送。",
    "请在程序中补齐、改正或确认后重新打印。",
];

/// The two-level header; returns the y of its bottom.
fn header(page: &mut Page, top: f32, m: &dyn Measure) -> f32 {
    let mid = top - HEADER_ROW_H;
    let bottom = top - 2.0 * HEADER_ROW_H;
    page.line(column_x(0), top, table_right(), top, FRAME_PT);
    page.line(column_x(3), mid, table_right(), mid, LINE_PT);
    let centred = |page: &mut Page, text: &str, x0: f32, x1: f32, t: f32, b: f32| {
        let lines = wrap(m, text, x1 - x0 - 2.0 * PAD_X, HEADER_PT);
        let mut y = first_baseline(t, b, lines.len(), HEADER_PT);
        for l in lines {
            let w = m.width_mm(&l, HEADER_PT);
            page.text((x0 + x1 - w) / 2.0, y, HEADER_PT, l);
            y -= line_height(HEADER_PT);
        }
    };
    for (i, title) in ["考核项目", "考核内容", "考核说明"].iter().enumerate() {
        centred(page, title, column_x(i), column_x(i + 1), top, bottom);
    }
    centred(page, "考核结果", column_x(3), table_right(), top, mid);
    for (i, title) in ["标准分", "自查得分", "考核得分"].iter().enumerate() {
        centred(page, title, column_x(3 + i), column_x(4 + i), mid, bottom);
    }
    bottom
}

fn draw_row(page: &mut Page, r: &RowLayout<'_>, top: f32, m: &dyn Measure) {
    let bottom = top - r.height;
    page.line(column_x(1), top, table_right(), top, LINE_PT);
    for (col, lines) in [(1, &r.content), (2, &r.rule)] {
        let mut y = first_baseline(top, bottom, lines.len(), BODY_PT);
        for l in lines {
            page.text(column_x(col) + PAD_X, y, BODY_PT, l.clone());
            y -= line_height(BODY_PT);
        }
    }
    for (col, value) in [
        (3, &r.row.points),
        (4, &r.row.self_score),
        (5, &r.row.reviewed),
    ] {
        let w = m.width_mm(value, BODY_PT);
        let x = (column_x(col) + column_x(col + 1) - w) / 2.0;
        page.text(
            x,
            first_baseline(top, bottom, 1, BODY_PT),
            BODY_PT,
            value.clone(),
        );
    }
}

/// 办/公/室/工/作/（16分）: one character a line, centred in the merged cell; where the
/// category continues from an earlier page, 维/权/工/作/（续）. Never smaller than the body
/// text: when the cell is short (a category continuing onto a page for one row), the points
/// or （续） are left out, then the name is set across in as many characters as fit.
fn vertical_category(
    page: &mut Page,
    cat: &PrintCategory,
    top: f32,
    bottom: f32,
    continued: bool,
    m: &dyn Measure,
) {
    let available = top - bottom - 2.0 * PAD_Y;
    let mut lines: Vec<(String, f32)> =
        cat.name.chars().map(|c| (c.to_string(), BODY_PT)).collect();
    lines.push(if continued {
        ("（续）".to_string(), SMALL_PT)
    } else {
        (format!("（{}分）", cat.points), SMALL_PT)
    });
    let height = |lines: &[(String, f32)]| lines.iter().map(|(_, s)| line_height(*s)).sum::<f32>();
    if height(&lines) > available {
        lines.pop();
    }
    if height(&lines) > available {
        lines = across(cat, available, continued, m);
    }
    let block = height(&lines);
    let mut y = (top + bottom) / 2.0 + block / 2.0;
    for (text, size) in lines {
        let pitch = line_height(size);
        let w = m.width_mm(&text, size);
        let baseline = y - pitch / 2.0 - mm(size) * 0.36;
        page.text((column_x(0) + column_x(1) - w) / 2.0, baseline, size, text);
        y -= pitch;
    }
}

/// A category name set across a short cell at body size: 宣传 / 工作 / （续）, as many lines
/// as fit (at least one, cut with … if even that is too long).
fn across(
    cat: &PrintCategory,
    available: f32,
    continued: bool,
    m: &dyn Measure,
) -> Vec<(String, f32)> {
    let width = COLUMNS[0] - 2.0 * PAD_X;
    let fit = ((available / line_height(BODY_PT)).floor() as usize).max(1);
    let name = if continued {
        format!("{}（续）", cat.name)
    } else {
        cat.name.clone()
    };
    let mut lines = wrap(m, &name, width, BODY_PT);
    if lines.len() > fit {
        lines.truncate(fit);
        if let Some(last) = lines.last_mut() {
            while !last.is_empty() && m.width_mm(&format!("{last}…"), BODY_PT) > width {
                last.pop();
            }
            last.push('…');
        }
    }
    lines.into_iter().map(|l| (l, BODY_PT)).collect()
}

/// The total row, the footnote and the signature block with the seal square; returns the
/// bottom of the table (the total row).
fn tail(
    page: &mut Page,
    model: &PrintModel,
    footnote: &[String],
    top: f32,
    m: &dyn Measure,
) -> f32 {
    let bottom = top - TOTAL_ROW_H;
    page.line(column_x(0), top, table_right(), top, LINE_PT);
    let base = first_baseline(top, bottom, 1, 10.0);
    let label = "合计";
    let w = m.width_mm(label, 10.0);
    page.text((column_x(0) + column_x(3) - w) / 2.0, base, 10.0, label);
    for (col, value) in [
        (3, &model.total_points),
        (4, &model.total_self),
        (5, &model.total_reviewed),
    ] {
        let w = m.width_mm(value, 10.0);
        page.text(
            (column_x(col) + column_x(col + 1) - w) / 2.0,
            base,
            10.0,
            value.clone(),
        );
    }
    // Footnote under the table.
    let mut y = bottom - 3.0 - mm(BODY_PT);
    for l in footnote {
        page.text(MARGIN_X, y, BODY_PT, l.clone());
        y -= line_height(BODY_PT);
    }
    // A draft is not signed or sealed: it says so where the signature would go.
    if model.draft {
        let mut y = y - 3.0 - 8.0;
        for line in DRAFT_NOTE {
            page.draws.push(Draw::Text {
                x: MARGIN_X,
                y,
                size_pt: 12.0,
                text: line.into(),
                red: true,
            });
            y -= line_height(12.0);
        }
        return bottom;
    }
    // Signature (left) and the seal square (right): nothing but 填报单位, the unit and the
    // date inside it, so a round seal can go over them.
    let square_top = y - 3.0;
    let square_left = seal_left();
    let sign = "主要负责人（签字）：";
    let sign_y = square_top - 12.0;
    page.text(MARGIN_X, sign_y, 11.0, sign);
    let line_from = MARGIN_X + m.width_mm(sign, 11.0) + 1.0;
    page.line(
        line_from,
        sign_y - 1.2,
        square_left - 6.0,
        sign_y - 1.2,
        LINE_PT,
    );
    let centre_x = square_left + SEAL_SQUARE / 2.0;
    for (text, dy) in [
        (SEAL_LABEL.to_string(), 12.0),
        (model.unit.clone(), 24.0),
        ("年      月      日".to_string(), 38.0),
    ] {
        let w = m.width_mm(&text, 11.0);
        page.text(centre_x - w / 2.0, square_top - dy, 11.0, text);
    }
    bottom
}

fn seal_left() -> f32 {
    table_right() - SEAL_SQUARE - 2.0
}

/// The words around the page's number and the page count (第 x 页 共 y 页): the PDFs' foot,
/// and the Word 通报's, where the numbers are fields Word fills in.
pub const PAGE_FOOT: [&str; 3] = ["第 ", " 页 共 ", " 页"];

/// 第 x 页 共 y 页, centred at the foot of a page `page_w` mm wide, its baseline at `y`: the
/// one page foot of every PDF the program prints (sheet, comparison, 通报).
pub fn page_number(
    page: &mut Page,
    index: usize,
    count: usize,
    page_w: f32,
    y: f32,
    m: &dyn Measure,
) {
    let [before, between, after] = PAGE_FOOT;
    let text = format!("{before}{}{between}{count}{after}", index.saturating_add(1));
    let w = m.width_mm(&text, SMALL_PT);
    page.text((page_w - w) / 2.0, y, SMALL_PT, text);
}

fn page_foot(page: &mut Page, model: &PrintModel, p: usize, count: usize, m: &dyn Measure) {
    page_number(page, p, count, PAGE_W, 10.0, m);
    let print = format!("内容指纹 {}", model.fingerprint);
    let w = m.width_mm(&print, SMALL_PT);
    page.text(table_right() - w, 10.0, SMALL_PT, print);
}

/// The words beside the seal square (the seal goes over them).
pub const SEAL_LABEL: &str = "填报单位（盖章）";

/// Where the seal square is on the last page (for tests): left, bottom, right, top.
pub fn seal_square(pages: &[Page]) -> Option<(f32, f32, f32, f32)> {
    let last = pages
        .iter()
        .rev()
        .find(|p| p.texts().contains(&SEAL_LABEL))?;
    last.draws.iter().find_map(|d| match d {
        Draw::Text { y, text, .. } if text == SEAL_LABEL => {
            let top = y + 12.0;
            Some((
                seal_left(),
                top - SEAL_SQUARE,
                seal_left() + SEAL_SQUARE,
                top,
            ))
        }
        _ => None,
    })
}
