//! The printed sheet, read back from the PDF: pages, text (every item, every score), fonts
//! embedded as subsets, the header on every page, the fingerprint of the sheet file, 草稿
//! only when incomplete; and the layout itself: rows whole, the seal square clear.

use crate::common::*;
use kaoping::catalog::{Catalog, sha256_hex};
use kaoping::pdf::layout::{Draw, PAGE_H, layout, seal_square};
use kaoping::pdf::{PdfError, fonts::print_fonts, print_model, render_model, render_sheet};
use kaoping::sample::filled_sheet;
use kaoping::sheet::{Sheet, open_sheet};

/// Text without any white space: the PDF puts line breaks and spaces where it likes.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

struct Printed {
    bytes: Vec<u8>,
    pages: Vec<String>,
    fingerprint: String,
    sheet: Sheet,
}

fn print_saved(sheet: &mut Sheet) -> Printed {
    let loaded = rs2015();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.kaoping");
    let file_fingerprint = sheet.save(&path, &loaded).unwrap();
    assert_eq!(file_fingerprint, sha256_hex(&std::fs::read(&path).unwrap()));
    let opened = open_sheet(&path, &Catalog::default()).unwrap();
    // The page foot carries what was filled in, not the file's bytes (see content_fingerprint).
    let fingerprint = opened.sheet.content_fingerprint();
    assert_ne!(fingerprint, file_fingerprint);
    let pdf = render_sheet(&opened.sheet, &opened.ruleset).unwrap();
    let pages = pdf_pages_text(&pdf.bytes);
    assert_eq!(pages.len(), pdf.pages);
    Printed {
        bytes: pdf.bytes,
        pages,
        fingerprint,
        sheet: opened.sheet,
    }
}

#[test]
fn a_full_sheet_prints_every_item_and_score_with_header_and_fingerprint_on_every_page() {
    let loaded = rs2015();
    let mut sheet = filled_sheet(&loaded, 3);
    let printed = print_saved(&mut sheet);
    let report = printed.sheet.evaluate(&loaded);
    assert!(report.complete);
    let all = squash(&printed.pages.join(""));
    for (_, item) in loaded.ruleset.items() {
        assert!(all.contains(&squash(&item.content)), "{} missing", item.id);
        assert!(
            all.contains(&squash(&item.rule_text)),
            "{} rule text missing",
            item.id
        );
    }
    assert!(all.contains(&squash(&loaded.ruleset.title)));
    assert!(all.contains("合计100"));
    assert!(
        all.contains(&format!("100{}", kaoping::ruleset::fmt_dec(report.total))),
        "total"
    );
    assert!(all.contains("扣完本项标准分为止"));
    assert!(all.contains("主要负责人（签字）") && all.contains("填报单位（盖章）"));
    let unit = printed.sheet.unit_name(&loaded).unwrap();
    assert!(all.contains(&format!("填报单位：{unit}妇联")));
    let n = printed.pages.len();
    assert!((3..=6).contains(&n), "{n} pages");
    for (i, page) in printed.pages.iter().enumerate() {
        let p = squash(page);
        for h in [
            "考核项目",
            "考核内容",
            "考核说明",
            "考核结果",
            "标准分",
            "自查得分",
            "考核得分",
        ] {
            assert!(p.contains(h), "page {} lacks {h}", i + 1);
        }
        assert!(
            p.contains(&format!("第{}页共{n}页", i + 1)),
            "page {}",
            i + 1
        );
        assert!(
            p.contains(&format!("内容指纹{}", &printed.fingerprint[..8])),
            "page {}",
            i + 1
        );
        assert!(!p.contains("草稿"), "a complete sheet prints clean");
    }
    // Each item's score stands in its row, in row order: standard points then self score.
    let model = print_model(&printed.sheet, &loaded, &report, &printed.fingerprint);
    let pages = layout(&model, print_fonts());
    let texts: Vec<&str> = pages.iter().flat_map(|p| p.texts()).collect();
    let mut from = 0;
    for (r, (_, item)) in report.items.iter().zip(loaded.ruleset.items()) {
        let score = kaoping::ruleset::fmt_dec(r.score.unwrap());
        let points = kaoping::ruleset::fmt_dec(item.points);
        let at = texts[from..]
            .windows(2)
            .position(|w| w[0] == points && w[1] == score);
        let at = at.unwrap_or_else(|| panic!("{} {points} {score} not in order", item.id));
        from += at + 2;
    }
}

#[test]
fn an_incomplete_sheet_says_draft_on_every_page() {
    let loaded = rs2015();
    let mut sheet = Sheet::new(&loaded, Some("pingjiang".into()));
    let printed = print_saved(&mut sheet);
    for page in &printed.pages {
        assert!(squash(page).contains("草稿"));
    }
    // No signature line and no seal square on a draft: it says why in their place.
    let last = squash(printed.pages.last().unwrap());
    assert!(!last.contains("主要负责人（签字）"), "{last}");
    assert!(!last.contains(kaoping::pdf::layout::SEAL_LABEL));
    assert!(last.contains("不能签字盖章报送"), "{last}");
    // 考核得分 stays blank: nobody has reviewed it.
    let report = printed.sheet.evaluate(&loaded);
    let model = print_model(&printed.sheet, &loaded, &report, &printed.fingerprint);
    assert!(
        model
            .categories
            .iter()
            .flat_map(|c| &c.rows)
            .all(|r| r.reviewed.is_empty() && r.self_score.is_empty())
    );
    assert!(model.draft);
}

#[test]
fn reviewed_scores_fill_the_reviewed_column() {
    let loaded = rs2015();
    let mut sheet = filled_sheet(&loaded, 4);
    for e in sheet.items.values_mut() {
        e.reviewed = Some(d("0.5"));
    }
    let report = sheet.evaluate(&loaded);
    let model = print_model(&sheet, &loaded, &report, "0123456789abcdef");
    assert!(
        model
            .categories
            .iter()
            .flat_map(|c| &c.rows)
            .all(|r| r.reviewed == "0.5")
    );
    assert_eq!(model.total_reviewed, "22");
    assert_eq!(model.fingerprint, "01234567");
}

#[test]
fn fonts_are_embedded_as_subsets_and_the_fallback_only_when_needed() {
    let loaded = rs2015();
    let mut sheet = filled_sheet(&loaded, 5);
    let plain = print_saved(&mut sheet);
    let fonts = embedded_fonts(&plain.bytes);
    assert_eq!(fonts.len(), 1, "{fonts:?}");
    assert!(fonts[0].0.contains('+'), "subset prefix: {fonts:?}");
    assert!(fonts[0].1, "font file embedded");
    assert!(plain.bytes.len() < 300_000, "{} bytes", plain.bytes.len());

    sheet.contact.name = "王喆".into();
    let rare = print_saved(&mut sheet);
    let fonts = embedded_fonts(&rare.bytes);
    assert_eq!(fonts.len(), 2, "{fonts:?}");
    assert!(
        fonts
            .iter()
            .all(|(name, embedded)| name.contains('+') && *embedded)
    );
    assert!(squash(&rare.pages[0]).contains("联系人：王喆"));
}

/// (BaseFont name, has an embedded font file) for every font descriptor in the PDF.
fn embedded_fonts(bytes: &[u8]) -> Vec<(String, bool)> {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let mut out = Vec::new();
    for (_, obj) in doc.objects.iter() {
        if let Ok(dict) = obj.as_dict()
            && dict.get(b"Type").ok().and_then(|t| t.as_name().ok())
                == Some(b"FontDescriptor".as_slice())
        {
            let name = String::from_utf8_lossy(dict.get(b"FontName").unwrap().as_name().unwrap())
                .to_string();
            let embedded =
                dict.has(b"FontFile2") || dict.has(b"FontFile3") || dict.has(b"FontFile");
            out.push((name, embedded));
        }
    }
    out
}

#[test]
fn a_character_no_font_can_draw_is_reported_with_where_it_is() {
    let loaded = rs2015();
    let mut sheet = filled_sheet(&loaded, 6);
    sheet.contact.name = "李\u{20000}".into();
    let report = sheet.evaluate(&loaded);
    let model = print_model(&sheet, &loaded, &report, "ab");
    match render_model(&model) {
        Err(PdfError::MissingGlyphs(list)) => {
            assert_eq!(list.len(), 1);
            let msg = list[0].to_string();
            assert!(
                msg.starts_with("联系人：字符“\u{20000}”（U+20000）没有可用的字体"),
                "{msg}"
            );
        }
        other => panic!("expected a missing glyph, got {:?}", other.map(|o| o.pages)),
    }
}

#[test]
fn qpdf_finds_no_errors() {
    let loaded = rs2015();
    let mut sheet = filled_sheet(&loaded, 7);
    let printed = print_saved(&mut sheet);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.pdf");
    std::fs::write(&path, &printed.bytes).unwrap();
    let out = std::process::Command::new("qpdf")
        .arg("--check")
        .arg(&path)
        .output()
        .expect("qpdf is installed by .ci/run (Debian package qpdf)");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("No syntax or stream encoding errors found"),
        "{text}"
    );
}

// ------------------------------------------------------------------ the layout itself

fn texts_with_y(page: &kaoping::pdf::layout::Page) -> Vec<(&str, f32, f32)> {
    page.draws
        .iter()
        .filter_map(|d| match d {
            Draw::Text { text, x, y, .. } => Some((text.as_str(), *x, *y)),
            _ => None,
        })
        .collect()
}

#[test]
fn the_seal_square_is_clear_and_never_alone() {
    let loaded = rs2015();
    for seed in 0..12 {
        let sheet = filled_sheet(&loaded, seed);
        let report = sheet.evaluate(&loaded);
        let model = print_model(&sheet, &loaded, &report, "feedbeef");
        let pages = layout(&model, print_fonts());
        let (l, b, r, t) = seal_square(&pages).expect("seal square on the last page");
        assert!(r - l >= 45.0 && t - b >= 45.0);
        assert!(b >= 15.0, "the square fits on the page (bottom {b})");
        let last = pages.last().unwrap();
        assert!(
            last.texts().contains(&"合计"),
            "the signature block is not alone"
        );
        for (text, x, y) in texts_with_y(last) {
            let inside = x >= l && x <= r && y >= b && y <= t;
            if inside {
                assert!(
                    [
                        "填报单位（盖章）",
                        model.unit.as_str(),
                        "年      月      日"
                    ]
                    .contains(&text),
                    "{text:?} inside the seal square"
                );
            }
        }
        for d in &last.draws {
            if let Draw::Line { x1, y1, x2, y2, .. } = d {
                let crosses =
                    x1.max(*x2) > l && x1.min(*x2) < r && y1.max(*y2) > b && y1.min(*y2) < t;
                assert!(!crosses, "a rule crosses the seal square: {d:?}");
            }
        }
    }
}

#[test]
fn rows_are_never_split_and_stay_on_the_page() {
    let loaded = rs2015();
    let sheet = filled_sheet(&loaded, 1);
    let report = sheet.evaluate(&loaded);
    let model = print_model(&sheet, &loaded, &report, "feedbeef");
    let pages = layout(&model, print_fonts());
    for page in &pages {
        for (text, _, y) in texts_with_y(page) {
            assert!(y > 5.0 && y < PAGE_H - 5.0, "{text} at {y}");
        }
    }
    // Every item's content starts on exactly one page, and all its lines are on that page.
    for cat in &model.categories {
        for row in cat.rows.iter().filter(|r| !r.content.is_empty()) {
            let whole = squash(&row.content);
            let holders: Vec<usize> = pages
                .iter()
                .enumerate()
                .filter(|(_, p)| squash(&p.texts().join("")).contains(&whole))
                .map(|(i, _)| i)
                .collect();
            assert_eq!(holders.len(), 1, "{} on pages {holders:?}", row.content);
        }
    }
}

#[test]
fn a_category_continuing_on_a_new_page_repeats_its_cell() {
    let loaded = rs2015();
    let sheet = filled_sheet(&loaded, 1);
    let report = sheet.evaluate(&loaded);
    let model = print_model(&sheet, &loaded, &report, "feedbeef");
    let pages = layout(&model, print_fonts());
    for (i, page) in pages.iter().enumerate() {
        let texts = page.texts();
        // Every page's first body row belongs to a category whose vertical name is on that page.
        let names: Vec<&str> = model
            .categories
            .iter()
            .map(|c| c.name.as_str())
            .filter(|name| {
                name.chars()
                    .all(|ch| texts.contains(&ch.to_string().as_str()))
            })
            .collect();
        assert!(!names.is_empty(), "page {} has no category cell", i + 1);
    }
}

#[test]
fn lines_never_start_with_closing_punctuation() {
    let fonts = print_fonts();
    let text = "开展“三八”维权周、“6·26”禁毒日、“11.25”国际反家暴日等法律宣传活动。要求主题突出、活动务实，并按规定时间上报信息、总结并附有活动图片。";
    for width in [20.0, 30.0, 47.6, 63.6] {
        let lines = kaoping::pdf::layout::wrap(fonts, text, width, 9.0);
        assert_eq!(lines.concat(), text, "nothing lost at width {width}");
        for l in &lines {
            assert!(
                fonts.width_mm(l, 9.0) <= width + 0.01,
                "{l} too wide for {width}"
            );
            let first = l.chars().next().unwrap();
            assert!(
                !"，。、；：）」”".contains(first),
                "line starts with {first}: {lines:?}"
            );
        }
    }
}

#[test]
fn a_saved_review_prints_its_reviewed_column_and_is_a_draft_until_every_item_has_one() {
    let loaded = rs2015();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("审核.kaoping");
    let mut sheet = filled_sheet(&loaded, 4);
    sheet.save(&path, &loaded).unwrap();
    // Half reviewed: a draft.
    let ids: Vec<String> = sheet.items.keys().cloned().collect();
    for id in &ids[..20] {
        sheet.items.get_mut(id).unwrap().reviewed = Some(d("0.25"));
    }
    sheet.save_review(&path, "").unwrap();
    let opened = kaoping::sheet::open_sheet(&path, &kaoping::catalog::Catalog::default()).unwrap();
    assert!(opened.report.complete, "the unit's part is complete");
    let pdf = render_sheet(&opened.sheet, &opened.ruleset).unwrap();
    assert!(pdf.draft, "20 of 44 reviewed");
    // Every item reviewed: no longer a draft, and the 考核得分 total is printed.
    for id in &ids {
        sheet.items.get_mut(id).unwrap().reviewed = Some(d("0.25"));
    }
    sheet.save_review(&path, "").unwrap();
    let opened = kaoping::sheet::open_sheet(&path, &kaoping::catalog::Catalog::default()).unwrap();
    assert!(opened.discrepancies.is_empty());
    let pdf = render_sheet(&opened.sheet, &opened.ruleset).unwrap();
    assert!(!pdf.draft);
    let text = squash(&pdf_text(&pdf.bytes));
    assert!(!text.contains("草稿"));
    assert!(text.contains("11"), "44 × 0.25 = 11 in the 考核得分 total");
    assert!(
        text.matches("0.25").count() >= 44,
        "{}",
        text.matches("0.25").count()
    );
}

/// No text on any page of a full sheet is set below 8 pt (the small print of the foot);
/// a category continued onto a page for one row keeps at least the body size.
#[test]
fn no_text_on_any_page_is_squeezed_below_eight_points() {
    let loaded = rs2015();
    for seed in 0..12u64 {
        let sheet = kaoping::sample::filled_sheet(&loaded, seed);
        let report = sheet.evaluate(&loaded);
        let model = print_model(&sheet, &loaded, &report, "0123456789abcdef");
        let pages = layout(&model, print_fonts());
        let smallest = pages
            .iter()
            .flat_map(|p| p.draws.iter())
            .filter_map(|d| match d {
                Draw::Text { size_pt, .. } => Some(*size_pt),
                _ => None,
            })
            .fold(f32::MAX, f32::min);
        assert!(smallest >= 8.0, "seed {seed}: text at {smallest} pt");
    }
}

#[test]
fn a_category_continued_on_the_next_page_says_so_and_its_points_are_printed_once() {
    let loaded = rs2015();
    let mut continued_pages = 0;
    for seed in 0..12 {
        let sheet = filled_sheet(&loaded, seed);
        let report = sheet.evaluate(&loaded);
        let model = print_model(&sheet, &loaded, &report, "feedbeef");
        let pages = layout(&model, print_fonts());
        // The category cells are the texts left of the 考核内容 column.
        let left = kaoping::pdf::layout::column_x(1);
        let cells: Vec<Vec<&str>> = pages
            .iter()
            .map(|p| {
                texts_with_y(p)
                    .into_iter()
                    .filter(|(_, x, _)| *x < left)
                    .map(|(t, _, _)| t)
                    .collect()
            })
            .collect();
        // Each category's points once: where it begins (continuations say （续）).
        let points_printed = cells
            .iter()
            .flatten()
            .filter(|t| t.starts_with('（') && t.ends_with("分）"))
            .count();
        assert_eq!(
            points_printed,
            loaded.ruleset.categories.len(),
            "seed {seed}: {cells:?}"
        );
        continued_pages += cells
            .iter()
            .skip(1)
            .filter(|c| c.contains(&"（续）"))
            .count();
        assert!(
            !cells[0].contains(&"（续）"),
            "nothing continues on the first page"
        );
    }
    assert!(
        continued_pages >= 12,
        "categories continue across pages: {continued_pages}"
    );
}
