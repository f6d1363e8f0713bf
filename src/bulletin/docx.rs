//! The 通报 as a Word file (.docx) for the office to edit before publishing: the same content
//! as the PDF — headings, real tables, the charts as pictures (`chart`) — in 宋体 on A4, with
//! 征求意见稿 in the page header while it is a draft. Opens in WPS and Word.

use super::{Bulletin, Chart, Ranked};
use crate::ruleset::fmt_dec;
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

fn table(headers: &[&str], rows: &[Vec<String>]) -> Table {
    let cell = |t: &str, bold: bool| {
        let r = run(t, TABLE);
        TableCell::new().add_paragraph(Paragraph::new().add_run(if bold { r.bold() } else { r }))
    };
    // The header row is marked (cant_split) so `repeat_header_rows` can make it repeat on
    // every page; docx-rs has no setting for that itself.
    let mut out = vec![TableRow::new(headers.iter().map(|h| cell(h, true)).collect()).cant_split()];
    out.extend(
        rows.iter()
            .map(|r| TableRow::new(r.iter().map(|t| cell(t, false)).collect())),
    );
    let columns = headers.len().max(1);
    Table::new(out)
        .width(5000, WidthType::Pct)
        .set_grid(vec![TEXT_TWIPS / columns; columns])
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

fn rank_rows(rows: &[&Ranked], graded: bool, overall: bool) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| {
            let mut row = if overall {
                vec![
                    r.rank.to_string(),
                    r.unit.clone(),
                    r.class.clone(),
                    fmt_dec(r.total),
                    r.class_rank.to_string(),
                ]
            } else {
                vec![r.class_rank.to_string(), r.unit.clone(), fmt_dec(r.total)]
            };
            if graded {
                row.push(r.grade.clone().unwrap_or_default());
            }
            row
        })
        .collect()
}

/// The .docx bytes.
pub fn write_docx(b: &Bulletin) -> Result<Vec<u8>, String> {
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
    if b.draft {
        doc = doc.header(
            Header::new().add_paragraph(para("征求意见稿", BODY).align(AlignmentType::Right)),
        );
    }
    doc = doc.add_paragraph(
        Paragraph::new()
            .add_run(run(&b.title, TITLE).bold())
            .align(AlignmentType::Center),
    );
    if b.draft {
        doc = doc.add_paragraph(para("（征求意见稿）", BODY).align(AlignmentType::Center));
    }
    doc = doc.add_paragraph(para(&b.issuer, BODY).align(AlignmentType::Right));
    if !b.date.is_empty() {
        doc = doc.add_paragraph(para(&b.date, BODY).align(AlignmentType::Right));
    }
    doc = doc.add_paragraph(body(&b.basis));
    if let Some(p) = b.pending_sentence() {
        doc = doc.add_paragraph(body(&p));
    }
    if let Some(u) = b.unranked_sentence() {
        doc = doc.add_paragraph(body(&format!("{u}。")));
    }
    if let Some(l) = b.late_sentence() {
        doc = doc.add_paragraph(body(&l));
    }
    let graded = b.overall.iter().any(|r| r.grade.is_some());
    let mut headers = vec!["名次", "单位", "类别", "得分", "类内名次"];
    if graded {
        headers.push(Bulletin::GRADE_COLUMN);
    }
    let all: Vec<&Ranked> = b.overall.iter().collect();
    doc = doc
        .add_paragraph(heading(Bulletin::OVERALL))
        .add_table(table(&headers, &rank_rows(&all, graded, true)));
    doc = doc.add_paragraph(para(Bulletin::TOTALS_CAPTION, TABLE));
    if let Some(p) = chart(&b.totals_chart(None)) {
        doc = doc.add_paragraph(p);
    }
    doc = doc.add_paragraph(heading(Bulletin::BY_CLASS));
    for c in &b.classes {
        doc = doc.add_paragraph(para(&Bulletin::class_line(c), BODY));
        let mut headers = Bulletin::CLASS_COLUMNS.to_vec();
        if graded {
            headers.push(Bulletin::GRADE_COLUMN);
        }
        let rows: Vec<&Ranked> = c.rows.iter().collect();
        doc = doc.add_table(table(&headers, &rank_rows(&rows, graded, false)));
    }
    doc = doc.add_paragraph(heading(Bulletin::BY_CATEGORY));
    for cat in &b.categories {
        doc = doc.add_paragraph(body(&Bulletin::category_line(cat)));
    }
    doc = doc.add_paragraph(para(Bulletin::RATES_CAPTION, TABLE));
    if let Some(p) = chart(&b.rates_chart(None)) {
        doc = doc.add_paragraph(p);
    }
    doc = doc.add_paragraph(heading(Bulletin::LOSSES));
    for u in &b.losses {
        doc = doc
            .add_paragraph(Paragraph::new().add_run(run(&Bulletin::losses_line(u), BODY).bold()));
        if u.lines.is_empty() {
            doc = doc.add_paragraph(body(Bulletin::FULL_MARKS));
        }
        for (i, line) in u.lines.iter().enumerate() {
            doc = doc.add_paragraph(body(&format!("{}. {line}", i + 1)));
        }
    }
    if let Some((year, rows)) = &b.years {
        doc = doc.add_paragraph(heading(&super::Bulletin::years_heading(*year)));
        let table_rows: Vec<Vec<String>> = rows.iter().map(super::YearRow::cells).collect();
        let headers = super::YearRow::headers(*year);
        let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
        doc = doc.add_table(table(&headers, &table_rows));
        doc = doc.add_paragraph(body(super::Bulletin::YEARS_NOTE));
    }
    // 第 x 页 共 y 页 at the foot of every page.
    doc = doc.footer(
        Footer::new().add_paragraph(
            Paragraph::new()
                .add_run(run("第 ", TABLE))
                .add_page_num(PageNum::new())
                .add_run(run(" 页 共 ", TABLE))
                .add_num_pages(NumPages::new())
                .add_run(run(" 页", TABLE))
                .align(AlignmentType::Center),
        ),
    );
    let mut xml = doc.default_fonts(fonts()).build();
    xml.document = repeat_header_rows(&xml.document);
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out)
        .map_err(|e| format!("无法生成 Word 文件：{e}"))?;
    Ok(out.into_inner())
}
