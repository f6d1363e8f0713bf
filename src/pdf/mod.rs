//! Print: the sheet as a PDF ready for the head's signature and the unit's seal. The model
//! (words and numbers) comes from the sheet and its report; `layout` places it on A4 pages;
//! this module checks every character against the shipped fonts and writes the PDF with
//! printpdf (fonts embedded as subsets, text searchable).

pub mod flow;
pub mod fonts;
pub mod layout;
pub mod progress;
pub mod summary;

use crate::catalog::LoadedRuleset;
use crate::ruleset::fmt_dec;
use crate::scoring::SheetReport;
use crate::sheet::Sheet;
use fonts::{FontChoice, print_fonts};
use layout::{Draw, PAGE_H, PAGE_W, PrintCategory, PrintModel, PrintRow};
use printpdf::{
    Color, Line, LinePoint, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt,
    Rgb, TextItem,
};

/// A character no shipped font can draw, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingGlyph {
    pub ch: char,
    pub location: String,
}

impl std::fmt::Display for MissingGlyph {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}：字符“{}”（U+{:04X}）没有可用的字体，无法打印",
            self.location, self.ch, self.ch as u32
        )
    }
}

/// Builds what is printed from a sheet and its report.
pub fn print_model(
    sheet: &Sheet,
    loaded: &LoadedRuleset,
    report: &SheetReport,
    fingerprint: &str,
) -> PrintModel {
    let rs = &loaded.ruleset;
    let reviewed = report.reviewed_total.is_some();
    let mut categories: Vec<PrintCategory> = Vec::new();
    let mut last_category: Option<&str> = None;
    for row in report.rows(rs) {
        if last_category != Some(row.category.id.as_str()) {
            last_category = Some(&row.category.id);
            categories.push(PrintCategory {
                name: row.category.name.clone(),
                points: fmt_dec(row.category.points),
                rows: Vec::new(),
            });
        }
        let r = row.result;
        let printed = PrintRow {
            content: row.item.content.clone(),
            rule_text: row.item.rule_text.clone(),
            points: fmt_dec(row.item.points),
            self_score: r.score.map(fmt_dec).unwrap_or_default(),
            reviewed: if reviewed {
                r.reviewed.map(fmt_dec).unwrap_or_default()
            } else {
                String::new()
            },
        };
        if let Some(category) = categories.last_mut() {
            category.rows.push(printed);
        }
    }
    PrintModel {
        title: rs.title.clone(),
        unit: sheet
            .unit_name(loaded)
            .map(|u| format!("{u}妇联"))
            .unwrap_or_default(),
        contact: sheet.contact.name.trim().to_string(),
        phone: sheet.contact.phone.trim().to_string(),
        categories,
        // 100+5: the 加分项 count beyond the total.
        total_points: if rs.bonus_points().is_zero() {
            fmt_dec(rs.total_points)
        } else {
            format!(
                "{}+{}",
                fmt_dec(rs.total_points),
                fmt_dec(rs.bonus_points())
            )
        },
        total_self: fmt_dec(report.total),
        // A partial review's sum is no total: the paper says how far it has got.
        total_reviewed: match report.complete_reviewed_total() {
            Some(t) => fmt_dec(t),
            None if reviewed => report.review_progress().in_progress_words(),
            None => String::new(),
        },
        footnote: rs.footnote.clone(),
        // A review printed before every item has its 考核得分 is a draft too, and so is the
        // unit's sheet while a warning waits for her answer (是否为87%？).
        draft: !report.complete
            || if reviewed {
                report.items.iter().any(|i| i.reviewed.is_none())
            } else {
                !sheet.open_questions(loaded, report).is_empty()
            },
        fingerprint: fingerprint.get(..8).unwrap_or(fingerprint).to_string(),
        review: print_review(sheet, loaded, report),
    }
}

/// The municipal office's review in words, once it has saved one or entered a 考核得分: the
/// state, the reason of a return, the history, and each item it scored differently or
/// commented on (paired with its result by item id).
fn print_review(
    sheet: &Sheet,
    loaded: &LoadedRuleset,
    report: &SheetReport,
) -> Option<layout::PrintReview> {
    if sheet.review.is_none() && report.reviewed_total.is_none() {
        return None;
    }
    let review = sheet.review.clone().unwrap_or_default();
    let mut items = Vec::new();
    for cat in &loaded.ruleset.categories {
        for item in &cat.items {
            let Some(result) = report.items.iter().find(|r| r.item_id == item.id) else {
                continue;
            };
            let note = sheet
                .items
                .get(&item.id)
                .map(|e| e.review_note.trim().to_string())
                .unwrap_or_default();
            let differs = result.reviewed.is_some() && result.reviewed != result.score;
            if !differs && note.is_empty() {
                continue;
            }
            items.push(layout::PrintReviewItem {
                place: crate::ruleset::item_title(cat, item),
                self_score: result.score.map(fmt_dec).unwrap_or_else(|| "—".into()),
                reviewed: result.reviewed.map(fmt_dec).unwrap_or_default(),
                note,
                scored_by: review
                    .scored_by
                    .get(&item.id)
                    .filter(|_| result.reviewed.is_some())
                    .map(crate::sheet::ScoredBy::words)
                    .unwrap_or_default(),
            });
        }
    }
    let scorers = scorers_by_category(&review, loaded);
    Some(layout::PrintReview {
        state: review.state.label().to_string(),
        reason: review.reason.trim().to_string(),
        history: review.history_words(loaded),
        items,
        scorers,
    })
}

/// 维权工作：张三、李四 — each category's 审核人 as the review recorded them, in the scheme's
/// order; categories nobody is recorded for are left out.
fn scorers_by_category(review: &crate::sheet::Review, loaded: &LoadedRuleset) -> Vec<String> {
    let mut out = Vec::new();
    for cat in &loaded.ruleset.categories {
        let mut names: Vec<&str> = Vec::new();
        for item in &cat.items {
            if let Some(by) = review.scored_by.get(&item.id) {
                let name = by.by.trim();
                if !name.is_empty() && !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        if !names.is_empty() {
            out.push(format!("{}：{}", cat.name, names.join("、")));
        }
    }
    out
}

/// Every character of the model that no shipped font can draw, with where it is.
pub fn missing_glyphs(model: &PrintModel) -> Vec<MissingGlyph> {
    let fonts = print_fonts();
    let mut fields: Vec<(String, &str)> = vec![
        ("标题".into(), model.title.as_str()),
        ("填报单位".into(), model.unit.as_str()),
        ("联系人".into(), model.contact.as_str()),
        ("电话".into(), model.phone.as_str()),
        ("表注".into(), model.footnote.as_str()),
    ];
    for cat in &model.categories {
        fields.push((format!("考核项目“{}”", cat.name), cat.name.as_str()));
        for (i, row) in cat.rows.iter().enumerate() {
            let at = format!("{} 第{}项", cat.name, i + 1);
            fields.push((format!("{at} 考核内容"), row.content.as_str()));
            fields.push((format!("{at} 考核说明"), row.rule_text.as_str()));
        }
    }
    if let Some(review) = &model.review {
        fields.push(("退回原因".into(), review.reason.as_str()));
        for (i, item) in review.items.iter().enumerate() {
            fields.push((format!("考核意见第{}条", i + 1), item.note.as_str()));
            fields.push((
                format!("考核意见第{}条的审核人", i + 1),
                item.scored_by.as_str(),
            ));
        }
        for line in &review.scorers {
            fields.push(("评分的审核人".into(), line.as_str()));
        }
    }
    let mut out = Vec::new();
    for (location, text) in fields {
        for ch in text.chars() {
            if !ch.is_control() && fonts.font_for(ch).is_none() {
                out.push(MissingGlyph {
                    ch,
                    location: location.clone(),
                });
            }
        }
    }
    out
}

/// A finished PDF.
#[derive(Debug, Clone)]
pub struct PdfOutput {
    pub bytes: Vec<u8>,
    pub pages: usize,
    pub draft: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfError {
    MissingGlyphs(Vec<MissingGlyph>),
}

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PdfError::MissingGlyphs(list) => {
                writeln!(
                    f,
                    "有{}个字符无法打印（请改用常用字或同音字）：",
                    list.len()
                )?;
                for g in list {
                    writeln!(f, "  {g}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for PdfError {}

/// The PDF of a sheet. Its page foot carries the sheet's content fingerprint
/// (`Sheet::content_fingerprint`), which a 盖章扫描件 records.
pub fn render_sheet(sheet: &Sheet, loaded: &LoadedRuleset) -> Result<PdfOutput, PdfError> {
    let report = sheet.evaluate(loaded);
    let model = print_model(sheet, loaded, &report, &sheet.content_fingerprint());
    render_model(&model)
}

/// The PDF of a print model.
pub fn render_model(model: &PrintModel) -> Result<PdfOutput, PdfError> {
    let missing = missing_glyphs(model);
    if !missing.is_empty() {
        return Err(PdfError::MissingGlyphs(missing));
    }
    let fonts = print_fonts();
    let pages = layout::layout(model, fonts);
    let title = if model.unit.is_empty() {
        model.title.clone()
    } else {
        format!("{}-{}", model.unit, model.title)
    };
    let bytes = write_pdf(
        &pages,
        (PAGE_W, PAGE_H),
        &title,
        &format!("内容指纹 {}", model.fingerprint),
    );
    Ok(PdfOutput {
        bytes,
        pages: pages.len(),
        draft: model.draft,
    })
}

/// Pages of text and lines → PDF bytes: the Song font embedded as a subset, the fallback
/// font only when a character needs it. `size` is the page's width and height in mm.
pub(crate) fn write_pdf(
    pages: &[layout::Page],
    size: (f32, f32),
    title: &str,
    subject: &str,
) -> Vec<u8> {
    let fonts = print_fonts();
    let mut doc = PdfDocument::new(title);
    let now = printpdf::DateTime::now();
    doc.metadata.info.creation_date = now;
    doc.metadata.info.modification_date = now;
    doc.metadata.info.metadata_date = now;
    doc.metadata.info.creator = crate::sheet::PROGRAM.to_string();
    doc.metadata.info.producer = crate::sheet::PROGRAM.to_string();
    doc.metadata.info.subject = subject.to_string();
    let song = doc.add_font(&fonts.song);
    let uses_fallback = pages.iter().any(|p| {
        p.draws.iter().any(|d| match d {
            Draw::Text { text, .. } => text
                .chars()
                .any(|c| fonts.font_for(c) == Some(FontChoice::Fallback)),
            _ => false,
        })
    });
    // The fallback font is embedded only when a character needs it.
    let fallback = uses_fallback.then(|| doc.add_font(fonts.font(FontChoice::Fallback)));
    let pdf_pages: Vec<PdfPage> = pages
        .iter()
        .map(|page| {
            let mut ops = Vec::with_capacity(page.draws.len() * 6);
            let mut stroke: Option<f32> = None;
            for d in &page.draws {
                match d {
                    Draw::Line {
                        x1,
                        y1,
                        x2,
                        y2,
                        width_pt,
                    } => {
                        if stroke != Some(*width_pt) {
                            ops.push(Op::SetOutlineThickness { pt: Pt(*width_pt) });
                            stroke = Some(*width_pt);
                        }
                        ops.push(Op::DrawLine {
                            line: Line {
                                points: vec![
                                    LinePoint {
                                        p: Point::new(Mm(*x1), Mm(*y1)),
                                        bezier: false,
                                    },
                                    LinePoint {
                                        p: Point::new(Mm(*x2), Mm(*y2)),
                                        bezier: false,
                                    },
                                ],
                                is_closed: false,
                            },
                        });
                    }
                    Draw::Text {
                        x,
                        y,
                        size_pt,
                        text,
                        red,
                    } => {
                        let colour = if *red {
                            Rgb::new(0.8, 0.0, 0.0, None)
                        } else {
                            Rgb::new(0.0, 0.0, 0.0, None)
                        };
                        ops.push(Op::StartTextSection);
                        ops.push(Op::SetFillColor {
                            col: Color::Rgb(colour),
                        });
                        let mut cursor = *x;
                        for (choice, run) in fonts.runs(text) {
                            let handle = match (choice, &fallback) {
                                (FontChoice::Fallback, Some(f)) => f.clone(),
                                _ => song.clone(),
                            };
                            ops.push(Op::SetFont {
                                font: PdfFontHandle::External(handle),
                                size: Pt(*size_pt),
                            });
                            ops.push(Op::SetTextCursor {
                                pos: Point::new(Mm(cursor), Mm(*y)),
                            });
                            ops.push(Op::ShowText {
                                items: vec![TextItem::Text(run.clone())],
                            });
                            cursor += fonts.width_mm(&run, *size_pt);
                        }
                        ops.push(Op::EndTextSection);
                    }
                }
            }
            PdfPage::new(Mm(size.0), Mm(size.1), ops)
        })
        .collect();
    let doc = doc.with_pages(pdf_pages);
    let options = PdfSaveOptions {
        optimize: false,
        ..PdfSaveOptions::default()
    };
    let mut lo = printpdf::serialize::to_lopdf_doc(doc, &options, &mut Vec::new());
    compress_streams(&mut lo);
    let mut bytes = Vec::new();
    // Writing into a Vec fails only when memory runs out.
    let _ = lo.save_to(&mut bytes);
    bytes
}

/// Compresses every stream not yet compressed (page contents, the embedded font subsets) at
/// zlib level 2. Measured for the full sheet, whole `kaoping pdf` process: level 6 150 KB in
/// ~45 ms, level 4 153 KB in ~44 ms, level 2 161 KB in ~33 ms, level 1 190 KB in ~30 ms
/// (printpdf's level 9 was slower still). A few KB more in an e-mail for a quarter less time.
fn compress_streams(doc: &mut lopdf::Document) {
    use std::io::Write;
    for object in doc.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(2));
        let Ok(compressed) = encoder
            .write_all(&stream.content)
            .and_then(|()| encoder.finish())
        else {
            continue;
        };
        if compressed.len() < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    }
}
