//! The 通报 as a Word file (.docx) for the office to edit before publishing: the blocks of its
//! document (`document`), as the PDF prints them — headings, real tables, the charts as
//! pictures (`chart`) — in 宋体 on A4, with the page mark (征求意见稿) in the page header while
//! it is a draft. Opens in WPS and Word.

use super::document::{self, Block, Document, ParagraphKind};
use super::{Bulletin, Chart};
use docx_rs::{
    AlignmentType, Docx, Footer, Header, NumPages, PageMargin, PageNum, Paragraph, Pic, Run,
    RunFonts, Table, TableCell, TableRow, WidthType,
};

/// Half-points, as Word counts font sizes: 三号 16 pt, 四号 14 pt, 小四 12 pt, 五号 10.5 pt.
const TITLE: usize = 32;
const HEADING: usize = 28;
const BODY: usize = 24;
const TABLE: usize = 21;
/// The text width of an A4 page with 2.2 cm margins, in EMU (1 cm = 360 000 EMU).
const TEXT_EMU: u32 = 5_976_000;

/// Every script named, and no theme font (WPS reports a theme-only font as 缺失字体).
fn fonts() -> RunFonts {
    RunFonts::new()
        .east_asia("宋体")
        .ascii("宋体")
        .hi_ansi("宋体")
        .cs("宋体")
}

/// The text width of an A4 page with 2.2 cm margins, in twentieths of a point: a table's
/// grid (WPS shows no table without `w:tblGrid`).
const TEXT_TWIPS: usize = 11906 - 2 * 1247;

fn run(text: &str, size: usize) -> Run {
    Run::new()
        .add_text(crate::clean::for_output(text))
        .size(size)
        .fonts(fonts())
}

fn para(text: &str, size: usize) -> Paragraph {
    Paragraph::new().add_run(run(text, size))
}

/// A body paragraph, its first line indented two characters.
fn body(text: &str) -> Paragraph {
    para(&format!("\u{3000}\u{3000}{text}"), BODY)
}

fn heading(text: &str) -> Paragraph {
    Paragraph::new().add_run(run(text, HEADING).bold())
}

/// A real table, its header row in bold.
fn table(t: &document::Table) -> Table {
    let cell = |t: &str, bold: bool| {
        let r = run(t, TABLE);
        TableCell::new().add_paragraph(Paragraph::new().add_run(if bold { r.bold() } else { r }))
    };
    // The header row is marked (cant_split) so `repeat_header_rows` can make it repeat on
    // every page; docx-rs has no setting for that itself.
    let head = t
        .columns
        .iter()
        .map(|c| cell(&c.to_string(), true))
        .collect();
    let mut out = vec![TableRow::new(head).cant_split()];
    out.extend(
        t.rows
            .iter()
            .map(|r| TableRow::new(r.iter().map(|c| cell(&c.to_string(), false)).collect())),
    );
    let count = t.columns.len().max(1);
    Table::new(out)
        .width(5000, WidthType::Pct)
        .set_grid(vec![TEXT_TWIPS / count; count])
}

/// Header rows repeat on every page a table runs onto (`w:tblHeader`), as WPS and Word
/// expect of a long table: each header row was built with `w:cantSplit` and nothing else is.
fn repeat_header_rows(document: &[u8]) -> Vec<u8> {
    let xml = String::from_utf8_lossy(document);
    xml.replace("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />")
        .replace("<w:cantSplit/>", "<w:cantSplit/><w:tblHeader/>")
        .into_bytes()
}

fn chart(c: &Chart) -> Option<Paragraph> {
    let (w, h, png) = c.png()?;
    let height = u64::from(TEXT_EMU) * u64::from(h) / u64::from(w.max(1));
    let pic = Pic::new_with_dimensions(png, w, h).size(TEXT_EMU, u32::try_from(height).ok()?);
    Some(Paragraph::new().add_run(Run::new().add_image(pic)))
}

/// 第 x 页 共 y 页 at the foot of every page, the numbers Word's fields.
fn page_foot() -> Footer {
    let [before, between, after] = crate::pdf::layout::PAGE_FOOT;
    Footer::new().add_paragraph(
        Paragraph::new()
            .add_run(run(before, TABLE))
            .add_page_num(PageNum::new())
            .add_run(run(between, TABLE))
            .add_num_pages(NumPages::new())
            .add_run(run(after, TABLE))
            .align(AlignmentType::Center),
    )
}

/// The .docx bytes of the 通报.
pub fn write_docx(b: &Bulletin) -> Result<Vec<u8>, String> {
    write_document(&b.document())
}

/// A document's blocks as a Word file.
pub fn write_document(d: &Document) -> Result<Vec<u8>, String> {
    let mut doc = Docx::new()
        // A4 in twentieths of a point, margins 2.2 cm.
        .page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(1247)
                .bottom(1247)
                .left(1247)
                .right(1247),
        );
    if let Some(mark) = &d.page_mark {
        doc = doc.header(Header::new().add_paragraph(para(mark, BODY).align(AlignmentType::Right)));
    }
    for block in &d.blocks {
        doc = match block {
            Block::Title(text) => doc.add_paragraph(
                Paragraph::new()
                    .add_run(run(text, TITLE).bold())
                    .align(AlignmentType::Center),
            ),
            Block::DraftLine(text) => {
                doc.add_paragraph(para(text, BODY).align(AlignmentType::Center))
            }
            Block::Byline(text) => doc.add_paragraph(para(text, BODY).align(AlignmentType::Right)),
            Block::Heading(text) => doc.add_paragraph(heading(text)),
            Block::Paragraph { text, kind } => doc.add_paragraph(match kind {
                ParagraphKind::Body | ParagraphKind::Attention => body(text),
                ParagraphKind::Note => para(text, TABLE),
            }),
            Block::Table(t) => {
                if let Some(caption) = &t.caption {
                    doc = doc.add_paragraph(para(caption, BODY));
                }
                doc.add_table(table(t))
            }
            Block::Chart { caption, chart: c } => {
                doc = doc.add_paragraph(para(caption, TABLE));
                match chart(c) {
                    Some(p) => doc.add_paragraph(p),
                    None => doc,
                }
            }
            Block::TitledList { title, items } => {
                doc = doc.add_paragraph(Paragraph::new().add_run(run(title, BODY).bold()));
                items
                    .iter()
                    .fold(doc, |doc, item| doc.add_paragraph(body(item)))
            }
        };
    }
    doc = doc.footer(page_foot());
    let mut xml = doc.default_fonts(fonts()).build();
    xml.document = repeat_header_rows(&xml.document);
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out)
        .map_err(|e| format!("无法生成 Word 文件：{e}"))?;
    Ok(out.into_inner())
}
