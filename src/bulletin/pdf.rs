//! The 通报 printed: its document's blocks (`document`) on A4 portrait pages in the Song face,
//! flowing one after another; the tables ruled as the comparison's are (`pdf::flow`); the
//! charts drawn as vector bars (a bar is a thick line); the document's page mark (征求意见稿)
//! at the top of every page; page numbers at the foot.

use super::Bulletin;
use super::document::{Block, Document, ParagraphKind, Table};
use crate::pdf::PdfOutput;
use crate::pdf::flow::{Flow, RuledTable, TableStyle, widths_to_fit};
use crate::pdf::fonts::print_fonts;
use crate::pdf::layout::{Measure, Page, line_height, mm, wrap};

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
const TABLE: TableStyle = TableStyle {
    head_pt: TABLE_PT,
    body_pt: TABLE_PT,
    pad_x: 1.2,
    pad_y: 1.2,
};
/// No column narrower than this (a two-character header with room around it), in mm.
const MIN_COLUMN: f32 = 14.0;

/// A document's pages: each block in turn, then the page mark and the foot on every page.
pub fn layout_document(doc: &Document, m: &dyn Measure) -> Vec<Page> {
    let mut f = Flow::new(m, TOP, TOP, BOTTOM);
    let mut previous: Option<&Block> = None;
    for block in &doc.blocks {
        f.y -= gap(previous, block);
        match block {
            Block::Title(text) => centred(&mut f, text, TITLE_PT),
            Block::DraftLine(text) => centred(&mut f, text, BODY_PT),
            Block::Byline(text) => right(&mut f, text, BODY_PT),
            Block::Heading(text) => heading(&mut f, text),
            Block::Paragraph { text, kind } => match kind {
                ParagraphKind::Body | ParagraphKind::Attention => {
                    paragraph(&mut f, text, BODY_PT, true)
                }
                ParagraphKind::Note => paragraph(&mut f, text, SMALL_PT, false),
            },
            Block::Table(table) => ruled(&mut f, table, &alike(doc, table)),
            Block::Chart { caption, chart } => {
                paragraph(&mut f, caption, SMALL_PT, false);
                bars(&mut f, chart);
            }
            Block::TitledList { title, items } => {
                paragraph(&mut f, title, BODY_PT, false);
                for item in items {
                    paragraph(&mut f, item, TABLE_PT, true);
                }
            }
        }
        previous = Some(block);
    }
    let mut pages = f.finish();
    let count = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        crate::pdf::layout::page_number(page, i, count, W, 10.0, m);
        if let Some(mark) = &doc.page_mark {
            let w = m.width_mm(mark, BODY_PT);
            page.text(RIGHT - w, H - 12.0, BODY_PT, mark.as_str());
        }
    }
    pages
}

/// The space before a block: the issuer and date stand apart from the title above and the
/// text below.
fn gap(previous: Option<&Block>, block: &Block) -> f32 {
    let byline = |b: Option<&Block>| matches!(b, Some(Block::Byline(_)));
    match (byline(previous), byline(Some(block))) {
        (false, true) => 3.0,
        (true, false) => 2.0,
        _ => 0.0,
    }
}

fn centred(f: &mut Flow, text: &str, size: f32) {
    f.room(line_height(size));
    let w = f.m.width_mm(text, size);
    f.y -= line_height(size);
    f.page.text((W - w) / 2.0, f.y, size, text);
}

fn right(f: &mut Flow, text: &str, size: f32) {
    f.room(line_height(size));
    let w = f.m.width_mm(text, size);
    f.y -= line_height(size);
    f.page.text(RIGHT - w, f.y, size, text);
}

fn heading(f: &mut Flow, text: &str) {
    // A heading never ends a page alone.
    f.room(line_height(HEAD_PT) * 4.0);
    f.y -= line_height(HEAD_PT) * 1.6;
    f.page.text(LEFT, f.y, HEAD_PT, text);
}

/// A paragraph, its first line indented two characters as Chinese documents are.
fn paragraph(f: &mut Flow, text: &str, size: f32, indent: bool) {
    let lead = if indent { mm(size) * 2.0 } else { 0.0 };
    let lines = wrap(f.m, text, RIGHT - LEFT - lead, size);
    for (i, line) in lines.iter().enumerate() {
        f.room(line_height(size));
        f.y -= line_height(size);
        let x = if i == 0 { LEFT + lead } else { LEFT };
        f.page.text(x, f.y, size, line.clone());
    }
}

/// The rows of every table of the document with `table`'s columns: the tables one under
/// another (a class each) take the same column widths, measured on all of them.
fn alike(doc: &Document, table: &Table) -> Vec<Vec<crate::table::Cell>> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) if t.columns == table.columns => Some(printed(t)),
            _ => None,
        })
        .flatten()
        .collect()
}

fn printed(table: &Table) -> Vec<Vec<crate::table::Cell>> {
    table
        .rows
        .iter()
        .map(|row| row.iter().map(|c| c.printed()).collect())
        .collect()
}

/// A table under its caption, across the text's width; its columns as wide as those of the
/// tables `alike` it need.
fn ruled(f: &mut Flow, table: &Table, alike: &[Vec<crate::table::Cell>]) {
    if let Some(caption) = &table.caption {
        paragraph(f, caption, BODY_PT, false);
    }
    let rows = printed(table);
    let widths = widths_to_fit(f.m, &table.columns, alike, &TABLE, MIN_COLUMN, RIGHT - LEFT);
    f.y -= 2.0;
    RuledTable {
        columns: &table.columns,
        rows: &rows,
        left: LEFT,
        widths: &widths,
        style: &TABLE,
    }
    .draw(f);
    f.y -= 2.0;
}

/// Horizontal bars: a label, the bar (its share of the full length), the value; the axis at
/// the bars' start, drawn on each page the bars run over.
fn bars(f: &mut Flow, chart: &super::Chart) {
    // As wide as the longest label (岳阳经济技术开发区), at most a third of the line.
    let label_w = chart
        .bars()
        .map(|bar| f.m.width_mm(bar.label, SMALL_PT))
        .fold(20.0f32, f32::max)
        .min((RIGHT - LEFT) / 3.0)
        + 2.0;
    let value_w = 16.0;
    let span = RIGHT - LEFT - label_w - value_w;
    let step = mm(BAR_PT) + 1.6;
    let x0 = LEFT + label_w;
    let axis = |f: &mut Flow, top: f32| f.page.line(x0, f.y - 0.5, x0, top, LINE_PT);
    let mut top = f.y;
    for bar in chart.bars() {
        if !f.fits(step) {
            axis(f, top);
            f.room(step);
            top = f.y;
        }
        f.y -= step;
        let mid = f.y + step / 2.0 - 0.8;
        let baseline = mid - mm(SMALL_PT) * 0.35;
        f.page.text(LEFT, baseline, SMALL_PT, bar.label);
        let len = span * bar.share;
        if len > 0.05 {
            f.page.line(x0, mid, x0 + len, mid, BAR_PT);
        }
        f.page.text(x0 + len + 1.5, baseline, SMALL_PT, bar.shown);
    }
    axis(f, top);
    f.y -= 2.0;
}

/// The 通报 as a PDF.
pub fn render_bulletin(b: &Bulletin) -> PdfOutput {
    let doc = b.document();
    let pages = layout_document(&doc, print_fonts());
    let bytes = crate::pdf::write_pdf(&pages, (W, H), &doc.title, &doc.issuer);
    PdfOutput {
        bytes,
        pages: pages.len(),
        draft: doc.page_mark.is_some(),
    }
}
