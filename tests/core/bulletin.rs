//! The 考核通报 for the 执委会: ranks overall and within each class with ties, grades and
//! awards, draft until every unit is reviewed, each unit's deductions, year over year; a PDF
//! with nothing of a computer in it.

use crate::common::*;
use kaoping::bulletin::document::{Block, Document};
use kaoping::bulletin::{Bulletin, BulletinOptions, Grading};
use kaoping::catalog::Catalog;
use kaoping::sheet::{Review, ReviewState, open_sheet};
use kaoping::summary::Summary;
use std::path::{Path, PathBuf};

/// The office approves a sheet: every 考核得分 its self score, but `lower` items get 0.
fn approve(path: &Path, lower: &[&str]) {
    let opened = open_sheet(path, &Catalog::default()).unwrap();
    let mut sheet = opened.sheet.clone();
    for item in &opened.report.items {
        let entry = sheet.items.entry(item.item_id.clone()).or_default();
        if lower.contains(&item.item_id.as_str()) {
            entry.reviewed = Some(d("0"));
            entry.review_note = "未提供佐证材料".into();
        } else {
            entry.reviewed = item.score;
        }
    }
    sheet.review = Some(Review {
        state: ReviewState::Approved,
        ..Default::default()
    });
    sheet.save_review(path, "").unwrap();
}

/// 13 units' sheets but the last one missing, the first county unit sent twice; `seed` per
/// unit picks the figures. Returns the files by unit id.
fn inbox(dir: &Path) -> Vec<(String, PathBuf)> {
    let ids = unit_ids();
    let pairs: Vec<(&str, u64)> = ids[..12]
        .iter()
        .enumerate()
        .map(|(i, u)| (u.as_str(), 10 + i as u64))
        .collect();
    let files = write_unit_sheets(dir, &pairs);
    let mut out: Vec<(String, PathBuf)> = ids[..12].iter().cloned().zip(files).collect();
    // A second file of 平江县.
    let again = write_unit_sheets(dir, &[(ids[0].as_str(), 77)]);
    out.push((ids[0].clone(), again[0].clone()));
    out
}

fn bulletin_of(dir: &Path, options: &BulletinOptions) -> Bulletin {
    let summary = Summary::from_paths(&[dir.to_path_buf()], &Catalog::default());
    Bulletin::from_summary(&summary, options)
}

#[test]
fn ranks_within_each_class_share_a_place_on_a_tie() {
    let dir = tempfile::tempdir().unwrap();
    // Two county units with the same figures tie; a third county unit ranks after both.
    let ids = unit_ids();
    write_unit_sheets(
        dir.path(),
        &[
            (ids[1].as_str(), 5),
            (ids[2].as_str(), 5),
            (ids[3].as_str(), 6),
            (ids[6].as_str(), 7),
        ],
    );
    let b = bulletin_of(dir.path(), &BulletinOptions::default());
    let county = b.classes.iter().find(|c| c.name == "县市").unwrap();
    let of = |name: &str| county.rows.iter().find(|r| r.unit == name).unwrap();
    let (yueyang, huarong) = (of("岳阳县"), of("华容县"));
    assert_eq!(yueyang.total, huarong.total, "{county:?}");
    assert_eq!(yueyang.class_rank, huarong.class_rank);
    assert_eq!(yueyang.rank, huarong.rank);
    // Competition ranks within the class: 1 + how many of the class scored more.
    for r in &county.rows {
        let above = county.rows.iter().filter(|o| o.total > r.total).count() as u32;
        assert_eq!(r.class_rank, above + 1, "{county:?}");
    }
    let totals: Vec<_> = county.rows.iter().map(|r| r.total).collect();
    let district = b.classes.iter().find(|c| c.name == "城区").unwrap();
    assert_eq!(district.rows.len(), 1);
    assert_eq!(district.rows[0].class_rank, 1);
    // Overall ranks follow the totals, ties equal (1, 1, 3…).
    for w in b.overall.windows(2) {
        assert!(w[0].total >= w[1].total);
        if w[0].total == w[1].total {
            assert_eq!(w[0].rank, w[1].rank);
        }
    }
    // Units without a sheet are named, not ranked.
    assert!(
        b.unranked
            .iter()
            .any(|(u, why)| u == "屈原管理区" && why == "未报送")
    );
    let average = county.average.unwrap();
    let sum: rust_decimal::Decimal = totals.iter().sum();
    assert_eq!(
        average,
        kaoping::scoring::round_score(sum / rust_decimal::Decimal::from(3))
    );
}

#[test]
fn grades_follow_the_bands_and_awards_the_places_per_class() {
    let dir = tempfile::tempdir().unwrap();
    inbox(dir.path());
    let bands = Grading::bands("合格:60，优秀:90,良好:80").unwrap();
    let b = bulletin_of(
        dir.path(),
        &BulletinOptions {
            grading: Some(bands),
            ..Default::default()
        },
    );
    for r in &b.overall {
        let want = if r.total >= d("90") {
            Some("优秀")
        } else if r.total >= d("80") {
            Some("良好")
        } else if r.total >= d("60") {
            Some("合格")
        } else {
            None
        };
        assert_eq!(r.grade.as_deref(), want, "{r:?}");
    }
    assert!(
        b.basis
            .contains("等次按总分：优秀90分以上、良好80分以上、合格60分以上（本通报设定）"),
        "{}",
        b.basis
    );
    let awards = Grading::places("一等奖:1,二等奖:1").unwrap();
    let b = bulletin_of(
        dir.path(),
        &BulletinOptions {
            grading: Some(awards),
            ..Default::default()
        },
    );
    for c in &b.classes {
        for r in &c.rows {
            let want = match r.class_rank {
                1 => Some("一等奖"),
                2 => Some("二等奖"),
                _ => None,
            };
            assert_eq!(r.grade.as_deref(), want, "{r:?}");
        }
    }
    assert!(
        Grading::bands("优秀:九十")
            .unwrap_err()
            .contains("不是数字")
    );
    assert!(Grading::places("一等奖").unwrap_err().contains("名称:数"));
}

#[test]
fn a_draft_until_every_unit_is_reviewed_and_final_once_all_are() {
    let dir = tempfile::tempdir().unwrap();
    let files = inbox(dir.path());
    // Three units approved, one of them losing two items on review.
    approve(&files[1].1, &["office.info", "rights.petitions"]);
    approve(&files[6].1, &[]);
    approve(&files[9].1, &[]);
    let b = bulletin_of(dir.path(), &BulletinOptions::default());
    assert!(b.draft);
    assert!(
        b.pending.contains(&"平江县".to_string()) && !b.pending.contains(&"岳阳县".to_string())
    );
    assert!(b.basis.contains("3个已审核单位按考核得分"), "{}", b.basis);
    // Units, not files: 平江县 sent two, and counts (and is named) once.
    assert!(
        b.basis.contains("13个单位中12个报送了考评表"),
        "{}",
        b.basis
    );
    assert_eq!(b.pending.iter().filter(|u| *u == "平江县").count(), 1);
    // 平江县 sent twice: named, not ranked.
    assert!(
        b.unranked
            .iter()
            .any(|(u, w)| u == "平江县" && w.contains("重复"))
    );
    // 岳阳县's deductions name the reviewed items with the 考核意见, largest first.
    let yueyang = b.losses.iter().find(|l| l.unit == "岳阳县").unwrap();
    assert!(
        yueyang
            .lines
            .iter()
            .any(|l| l.contains("及时报送信息") && l.contains("考核意见：未提供佐证材料")),
        "{yueyang:?}"
    );
    let pdf = kaoping::bulletin::pdf::render_bulletin(&b);
    let pages = pdf_pages_text(&pdf.bytes);
    assert!(pages.len() > 1);
    for (n, text) in pages.iter().enumerate() {
        assert!(
            text.contains("征求意见稿"),
            "page {} lacks 征求意见稿",
            n + 1
        );
    }
    let all = pages.join("\n");
    for needle in [
        "一、总体排名",
        "二、分类排名",
        "县市",
        "城区",
        "功能区",
        "三、各类别得分",
        "单项第一",
        "四、各单位主要失分",
    ] {
        assert!(all.contains(needle), "{needle} not in the PDF");
    }
    for computer in ["/", ".kaoping", "kaoping ", "\\"] {
        assert!(!all.contains(computer), "“{computer}” in the 通报:\n{all}");
    }

    // Every unit reviewed (the duplicate removed): final, and 征求意见稿 nowhere.
    std::fs::remove_file(&files[12].1).unwrap();
    for (_, f) in &files[..12] {
        approve(f, &[]);
    }
    let b = bulletin_of(dir.path(), &BulletinOptions::default());
    assert!(!b.draft && b.pending.is_empty());
    assert!(
        b.basis.contains("排名按市妇联审核后的考核得分"),
        "{}",
        b.basis
    );
    let text = pdf_pages_text(&kaoping::bulletin::pdf::render_bulletin(&b).bytes).join("\n");
    assert!(!text.contains("征求意见稿"));
}

#[test]
fn year_over_year_sets_last_years_total_and_rank_beside_this_years() {
    let this = tempfile::tempdir().unwrap();
    let last = tempfile::tempdir().unwrap();
    let ids = unit_ids();
    write_unit_sheets(this.path(), &[(ids[0].as_str(), 1), (ids[1].as_str(), 2)]);
    write_unit_sheets(last.path(), &[(ids[0].as_str(), 3), (ids[2].as_str(), 4)]);
    let previous = Summary::from_paths(&[last.path().to_path_buf()], &Catalog::default());
    let b = bulletin_of(
        this.path(),
        &BulletinOptions {
            previous: Some(previous.clone()),
            ..Default::default()
        },
    );
    let (year, rows) = b.years.as_ref().unwrap();
    assert_eq!(*year, 2015);
    let row = |name: &str| rows.iter().find(|r| r.unit == name).unwrap();
    let before = |id: &str| {
        previous
            .rows
            .iter()
            .find(|r| r.unit_id == id)
            .and_then(|r| r.sheet.as_ref())
            .map(|s| s.final_total())
    };
    assert_eq!(row("平江县").previous.map(|p| p.0), before(&ids[0]));
    assert!(row("平江县").current.is_some());
    assert!(row("岳阳县").previous.is_none() && row("岳阳县").current.is_some());
    assert!(row("华容县").previous.is_some() && row("华容县").current.is_none());
    let text = pdf_pages_text(&kaoping::bulletin::pdf::render_bulletin(&b).bytes).join("\n");
    assert!(text.contains("五、与2015年度比较"), "{text}");
}

#[test]
fn the_command_line_writes_the_bulletin_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let files = inbox(dir.path());
    approve(&files[2].1, &[]);
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("通报.pdf");
    let (code, said, err) = crate::cli::kaoping(&[
        "bulletin",
        dir.path().to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
        "--grades",
        "优秀:90,良好:80",
        "--date",
        "2016年1月20日",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(said.contains("征求意见稿"), "{said}");
    let text = pdf_pages_text(&std::fs::read(&pdf).unwrap()).join("\n");
    assert!(text.contains("2015年度县市区妇联工作绩效考核情况通报"));
    assert!(text.contains("2016年1月20日") && text.contains("等次"));
    let (code, _, err) = crate::cli::kaoping(&[
        "bulletin",
        dir.path().to_str().unwrap(),
        "-o",
        out.path().join("通报.doc").to_str().unwrap(),
    ]);
    assert_ne!(code, 0);
    assert!(err.contains(".pdf"), "{err}");
}

/// The parts of a .docx (a zip), by name.
fn docx_parts(bytes: &[u8]) -> std::collections::BTreeMap<String, Vec<u8>> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().to_string(), data)
        })
        .collect()
}

#[test]
fn the_word_file_has_the_same_content_real_tables_and_the_charts_as_pictures() {
    let dir = tempfile::tempdir().unwrap();
    let files = inbox(dir.path());
    approve(&files[3].1, &["office.info"]);
    let b = bulletin_of(
        dir.path(),
        &BulletinOptions {
            grading: Some(Grading::bands("优秀:90,良好:80").unwrap()),
            date: "2016年1月20日".into(),
            ..Default::default()
        },
    );
    let bytes = kaoping::bulletin::docx::write_docx(&b).unwrap();
    let parts = docx_parts(&bytes);
    let document = String::from_utf8(parts["word/document.xml"].clone()).unwrap();
    for needle in [
        "2015年度县市区妇联工作绩效考核情况通报",
        "一、总体排名",
        "二、分类排名",
        "三、各类别得分",
        "四、各单位主要失分",
        "2016年1月20日",
        "等次",
        "宋体",
    ] {
        assert!(document.contains(needle), "{needle} not in document.xml");
    }
    // Real tables: one overall, one per class.
    assert_eq!(document.matches("<w:tbl>").count(), 1 + b.classes.len());
    // The two charts, as PNG pictures of the bars.
    let pictures: Vec<&Vec<u8>> = parts
        .iter()
        .filter(|(n, _)| n.starts_with("word/media/") && n.ends_with(".png"))
        .map(|(_, d)| d)
        .collect();
    assert_eq!(pictures.len(), 2);
    for png in pictures {
        let img = image::load_from_memory(png).unwrap().to_rgba8();
        let blue = img.pixels().filter(|p| p.0 == [30, 80, 170, 255]).count();
        let dark = img
            .pixels()
            .filter(|p| p.0[0] < 60 && p.0[1] < 60 && p.0[2] < 60)
            .count();
        assert!(blue > 10_000, "bars drawn ({blue} px)");
        assert!(dark > 1_000, "labels drawn ({dark} px)");
    }
    // A draft says so in the page header.
    let header = parts
        .iter()
        .filter(|(n, _)| n.starts_with("word/header"))
        .map(|(_, d)| String::from_utf8_lossy(d).into_owned())
        .collect::<String>();
    assert!(header.contains("征求意见稿"));
    for computer in [".kaoping", "kaoping "] {
        assert!(
            !document.contains(computer),
            "“{computer}” in the Word file"
        );
    }
    // WPS's conventions: every table has its grid (WPS shows none without), its header row
    // repeats on every page, Chinese text names its East Asian font, no theme font anywhere,
    // and the pages are numbered 第 x 页 共 y 页.
    let tables = document.matches("<w:tbl>").count();
    assert_eq!(document.matches("<w:tblGrid>").count(), tables);
    assert!(document.matches("<w:gridCol ").count() >= tables * 3);
    assert_eq!(document.matches("<w:tblHeader").count(), tables);
    for (name, part) in &parts {
        if name.ends_with(".xml") {
            let text = String::from_utf8_lossy(part);
            assert!(!text.contains("Theme="), "a theme font in {name}");
        }
    }
    assert!(!document.contains("<w:rFonts w:ascii=\"宋体\" />"));
    assert!(document.contains("w:eastAsia=\"宋体\""));
    let footer = parts
        .iter()
        .filter(|(n, _)| n.starts_with("word/footer"))
        .map(|(_, d)| String::from_utf8_lossy(d).into_owned())
        .collect::<String>();
    for needle in ["第 ", "PAGE", " 页 共 ", "NUMPAGES"] {
        assert!(footer.contains(needle), "{needle} not in the footer");
    }
}

#[test]
fn a_chart_picture_scales_its_bars_to_the_most_a_unit_can_score() {
    let chart = kaoping::bulletin::Chart {
        rows: vec![
            ("县市·平江县".into(), d("100"), "100".into()),
            ("县市·岳阳县".into(), d("50"), "50".into()),
        ],
        max: d("100"),
    };
    let (w, h, png) = chart.png().unwrap();
    let img = image::load_from_memory(&png).unwrap().to_rgba8();
    assert_eq!((img.width(), img.height()), (w, h));
    let blue_in_row = |row: u32| {
        (0..w)
            .filter(|x| img.get_pixel(*x, row).0 == [30, 80, 170, 255])
            .count()
    };
    let (full, half) = (blue_in_row(8 + 22), blue_in_row(8 + 44 + 22));
    assert!(full > 0 && half > 0);
    let ratio = half as f32 / full as f32;
    assert!((ratio - 0.5).abs() < 0.02, "{half} / {full}");
    assert!(
        kaoping::bulletin::Chart {
            rows: vec![],
            max: d("100")
        }
        .png()
        .is_none()
    );
}

#[test]
fn grades_the_scheme_sets_apply_unless_the_bulletin_sets_its_own() {
    let dir = tempfile::tempdir().unwrap();
    inbox(dir.path());
    let summary = Summary::from_paths(&[dir.path().to_path_buf()], &Catalog::default());
    // The same comparison, on a scheme that sets its grades (as a 2016 scheme might).
    let mut rs = summary.ruleset.ruleset.clone();
    rs.grades = kaoping::ruleset::GradeBand::parse_list("良好:75,优秀:80").unwrap();
    let text = kaoping::workbook::ron_text(&rs).unwrap();
    let loaded = kaoping::catalog::load_ruleset_text(&text, "graded.ron").unwrap();
    assert!(!loaded.has_errors(), "{:?}", loaded.findings);
    assert_eq!(loaded.ruleset.grades, rs.grades);
    let mut graded = summary.clone();
    graded.ruleset = std::sync::Arc::new(loaded);
    let b = Bulletin::from_summary(&graded, &BulletinOptions::default());
    assert!(
        b.basis
            .contains("等次按总分：优秀80分以上、良好75分以上（考核规则设定）"),
        "{}",
        b.basis
    );
    for r in &b.overall {
        let want = if r.total >= d("80") {
            Some("优秀")
        } else if r.total >= d("75") {
            Some("良好")
        } else {
            // Below every band is said, never an empty cell.
            Some("未达等次（低于75分）")
        };
        assert_eq!(r.grade.as_deref(), want);
    }
    // This 通报's own grades win, said as such.
    let b = Bulletin::from_summary(
        &graded,
        &BulletinOptions {
            grading: Some(Grading::places("一等奖:1").unwrap()),
            ..Default::default()
        },
    );
    assert!(b.basis.contains("（本通报设定）") && !b.basis.contains("考核规则设定"));
    // In the workbook the grades are a row of 基本信息, read back the same.
    let bytes = kaoping::workbook::write_workbook(&rs).unwrap();
    assert_eq!(
        kaoping::workbook::read_workbook(&bytes)
            .unwrap()
            .ruleset
            .grades,
        rs.grades
    );
}

/// Every text of the document, in order: title, draft line, byline, headings, sentences,
/// table captions, headers and cells, chart captions (the bars' labels are a picture in the
/// Word file), each unit's losses.
fn document_words(doc: &Document) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Title(t) | Block::DraftLine(t) | Block::Byline(t) | Block::Heading(t) => {
                words.push(t.clone())
            }
            Block::Paragraph { text, .. } => words.push(text.clone()),
            Block::Table(t) => {
                words.extend(t.caption.clone());
                words.extend(t.columns.iter().map(|c| c.to_string()));
                words.extend(t.rows.iter().flatten().map(|c| c.to_string()));
            }
            Block::Chart { caption, .. } => words.push(caption.clone()),
            Block::TitledList { title, items } => {
                words.push(title.clone());
                words.extend(items.iter().cloned());
            }
        }
    }
    words.retain(|w| !w.is_empty());
    words
}

/// Text without its white space: a line wrapped in the PDF reads as one.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The words of a .docx's document part, paragraph after paragraph.
fn docx_words(bytes: &[u8]) -> String {
    let document = String::from_utf8(docx_parts(bytes)["word/document.xml"].clone()).unwrap();
    let mut out = String::new();
    for piece in document.split("<w:t").skip(1) {
        let Some((_, rest)) = piece.split_once('>') else {
            continue;
        };
        let text = rest.split("</w:t>").next().unwrap_or("");
        out.push_str(
            &text
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&"),
        );
    }
    out
}

#[test]
fn the_pdf_and_the_word_file_say_every_word_of_the_one_document_in_its_order() {
    let dir = tempfile::tempdir().unwrap();
    let last = tempfile::tempdir().unwrap();
    let files = inbox(dir.path());
    approve(&files[3].1, &["office.info"]);
    let ids = unit_ids();
    write_unit_sheets(last.path(), &[(ids[0].as_str(), 3), (ids[2].as_str(), 4)]);
    let previous = Summary::from_paths(&[last.path().to_path_buf()], &Catalog::default());
    let b = bulletin_of(
        dir.path(),
        &BulletinOptions {
            grading: Some(Grading::bands("优秀:90,良好:80").unwrap()),
            date: "2016年1月20日".into(),
            previous: Some(previous),
        },
    );
    let doc = b.document();
    // The 通报 as the model has it: a draft, each ranked unit in the overall table, each
    // class's table, last year beside this one.
    assert_eq!(doc.page_mark.as_deref(), Some("征求意见稿"));
    let tables: Vec<_> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    assert_eq!(tables.len(), 1 + b.classes.len() + 1);
    assert_eq!(tables[0].rows.len(), b.overall.len());
    let headings: Vec<String> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(h) => Some(squeezed(h)),
            _ => None,
        })
        .collect();
    assert!(headings.len() >= 5, "{headings:?}");

    let pdf = kaoping::bulletin::pdf::render_bulletin(&b);
    let pages = pdf_pages_text(&pdf.bytes);
    // Each page ends with its foot and the page mark; a paragraph running over a page reads
    // on without them.
    let count = pages.len();
    let mut printed = squeezed(&pages.join(""));
    for n in 1..=count {
        printed = printed.replace(&format!("第{n}页共{count}页征求意见稿"), "");
    }
    let word = squeezed(&docx_words(
        &kaoping::bulletin::docx::write_docx(&b).unwrap(),
    ));
    for w in document_words(&doc) {
        let w = squeezed(&w);
        assert!(printed.contains(&w), "“{w}” is not in the PDF");
        assert!(word.contains(&w), "“{w}” is not in the Word file");
    }
    // The sections follow one another as the document has them, in both.
    for text in [&printed, &word] {
        let at: Vec<usize> = headings
            .iter()
            .map(|h| text.find(h.as_str()).unwrap())
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{headings:?} at {at:?}");
    }
    // Nothing in either says a word of its own before the title.
    assert!(word.starts_with(&squeezed(&b.title)), "{word}");
}

/// The 通报's words are made once, in the model's document: the PDF, the Word file and the
/// window have none of its headings, captions or column titles of their own.
#[test]
fn the_renderers_have_no_words_of_the_bulletin_of_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let files = inbox(dir.path());
    approve(&files[3].1, &[]);
    let b = bulletin_of(
        dir.path(),
        &BulletinOptions {
            grading: Some(Grading::bands("优秀:90").unwrap()),
            ..Default::default()
        },
    );
    let doc = b.document();
    let mut fixed: Vec<String> = vec![doc.page_mark.clone().unwrap()];
    for block in &doc.blocks {
        match block {
            Block::Heading(h) => fixed.push(h.clone()),
            Block::DraftLine(t) => fixed.push(t.clone()),
            Block::Chart { caption, .. } => fixed.push(caption.clone()),
            Block::Table(t) => fixed.extend(t.columns.iter().map(|c| c.title.clone())),
            _ => {}
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in [
        "src/bulletin/pdf.rs",
        "src/bulletin/docx.rs",
        "src/ui/bulletin/mod.rs",
    ] {
        let source = std::fs::read_to_string(root.join(file)).unwrap();
        for w in &fixed {
            assert!(
                !source.contains(&format!("\"{w}\"")),
                "{file} says “{w}” itself"
            );
        }
    }
}
