//! Helpers shared by the integration tests.
#![allow(dead_code)]

use kaoping::catalog::{LoadedRuleset, default_ruleset};
use kaoping::scoring::{Fact, ItemEntry, ItemResult, ManualScore, UnitContext, score_item};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::sync::Arc;

pub fn d(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

pub fn yes() -> Fact {
    Fact::Flag(true)
}

pub fn no() -> Fact {
    Fact::Flag(false)
}

pub fn n(s: &str) -> Fact {
    Fact::Number(d(s))
}

pub fn text(s: &str) -> Fact {
    Fact::Text(s.into())
}

pub fn rs2015() -> Arc<LoadedRuleset> {
    default_ruleset()
}

/// Scores one item of the 2015 ruleset for a unit (by name) with the given facts.
pub fn score(unit: &str, townships: Option<u32>, item: &str, facts: &[(&str, Fact)]) -> ItemResult {
    score_entry(unit, townships, item, entry(facts, None))
}

pub fn entry(facts: &[(&str, Fact)], manual: Option<(&str, &str)>) -> ItemEntry {
    ItemEntry {
        facts: facts
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
        manual: manual.map(|(s, r)| ManualScore {
            score: d(s),
            reason: r.into(),
        }),
        ..Default::default()
    }
}

pub fn score_entry(unit: &str, townships: Option<u32>, item: &str, e: ItemEntry) -> ItemResult {
    let loaded = rs2015();
    let rs = &loaded.ruleset;
    let unit_id = if unit.is_empty() {
        None
    } else {
        Some(rs.find_unit(unit).expect("unit").id.clone())
    };
    let mut figures = BTreeMap::new();
    if let Some(t) = townships {
        figures.insert("townships".to_string(), t);
    }
    let ctx = UnitContext {
        unit: unit_id.as_deref(),
        figures: &figures,
    };
    let it = rs.item(item).expect("item id");
    score_item(rs, it, ctx, &e, "测试")
}

/// Asserts the score and that every given line is among the explanations, exactly.
#[track_caller]
pub fn assert_scored(r: &ItemResult, score: &str, lines: &[&str]) {
    assert_eq!(
        r.score,
        Some(d(score)),
        "score of {}; explanations: {:#?}; problems: {:#?}",
        r.item_id,
        r.explanations,
        r.problems
    );
    for l in lines {
        assert!(
            r.explanations.iter().any(|e| e.text == *l),
            "missing explanation {l:?} in {:#?}",
            r.explanations
        );
    }
}

/// Asserts an item has no score and an error mentioning `fragment`.
#[track_caller]
pub fn assert_error(r: &ItemResult, fragment: &str) {
    assert_eq!(r.score, None, "{:#?}", r);
    assert_eq!(r.status, kaoping::scoring::ItemStatus::Invalid);
    assert!(
        r.problems
            .iter()
            .any(|p| p.kind == kaoping::scoring::ProblemKind::Error && p.message.contains(fragment)),
        "no error containing {fragment:?} in {:#?}",
        r.problems
    );
}

/// Saves a filled sample sheet for each (unit id, seed) into `dir` as `<unit>-<seed>.kaoping`.
pub fn write_unit_sheets(dir: &std::path::Path, units: &[(&str, u64)]) -> Vec<std::path::PathBuf> {
    let loaded = rs2015();
    units
        .iter()
        .map(|(unit, seed)| {
            let mut sheet = kaoping::sample::filled_sheet_for(&loaded, unit, *seed);
            let path = dir.join(format!("{unit}-{seed}.kaoping"));
            sheet.save(&path, &loaded).unwrap();
            path
        })
        .collect()
}

/// Every unit id of the 2015 ruleset, in its official order.
pub fn unit_ids() -> Vec<String> {
    rs2015()
        .ruleset
        .units
        .iter()
        .map(|u| u.id.clone())
        .collect()
}

/// The text of each page of a PDF, as a reader extracts it (lopdf, through the fonts'
/// ToUnicode maps): what a search in a PDF viewer finds.
pub fn pdf_pages_text(bytes: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(bytes).expect("a PDF lopdf reads");
    doc.get_pages()
        .keys()
        .map(|&n| doc.extract_text(&[n]).expect("the page's text"))
        .collect()
}

/// All the text of a PDF, page after page.
pub fn pdf_text(bytes: &[u8]) -> String {
    pdf_pages_text(bytes).join("\n")
}

/// How `tests/fixtures/yueyang-2016.ron` was written: `kaoping ruleset new --from
/// yueyang-2015 --year 2016`, then these edits (each made once, in order). Next year as an
/// author would make it: a target raised, a text reworded, an item dropped and one added.
pub const EDITS_2016: &[(&str, &str)] = &[
    (
        "汨罗市报送信息市妇联采用80条",
        "汨罗市报送信息市妇联采用90条",
    ),
    (
        "Rule(id: \"city\", label: \"市妇联采用信息\", kind: Shortfall(target: ByClass({\"county\": 80,",
        "Rule(id: \"city\", label: \"市妇联采用信息\", kind: Shortfall(target: ByClass({\"county\": 90,",
    ),
    ("rule_text: \"无汇报材料扣1分\"", "rule_text: \"无汇报材料或活动图片扣1分\""),
    (
        "                Item(
                    id: \"office.meetings\",
                    content: \"参加省、市妇联召开的各种会议及各类培训班\",
                    rule_text: \"缺一次扣0.5分\",
                    points: \"1\",
                    rules: [
                        Rule(id: \"absent\", label: \"缺席会议、培训班\", kind: PerOccurrence(per: \"0.5\", unit: \"次\")),
                    ],
                ),
",
        "                Item(
                    id: \"office.online\",
                    content: \"开通并维护本级妇联微信公众号，每月发布信息\",
                    rule_text: \"未开通扣1分\",
                    points: \"1\",
                    rules: [
                        Rule(id: \"opened\", label: \"已开通本级妇联微信公众号\", kind: DeductIfNot(amount: \"1\")),
                    ],
                    evidence: [Evidence(title: \"公众号页面截图\", required: true)],
                ),
",
    ),
];

/// Applies `EDITS_2016` to a text, failing the test when one does not apply.
pub fn edit_into_2016(text: &str) -> String {
    EDITS_2016.iter().fold(text.to_string(), |t, (from, to)| {
        assert!(t.contains(from), "edit does not apply: {from}");
        t.replacen(from, to, 1)
    })
}

/// The 2016 scheme the tests use (see `EDITS_2016`).
pub const TEXT_2016: &str = include_str!("../fixtures/yueyang-2016.ron");

/// The 2016 scheme with two fields its author mistyped or invented (`isuer_phone` at the top,
/// `note` in an item): both must be listed at once, each with its line.
pub fn text_2016_with_two_unknown_fields() -> String {
    TEXT_2016
        .replacen(
            "rule_text: \"未开通扣1分\",",
            "rule_text: \"未开通扣1分\",\n                    note: \"新增\",",
            1,
        )
        .replacen(
            "issuer: \"岳阳市妇女联合会\",",
            "issuer: \"岳阳市妇女联合会\",\n    isuer_phone: \"0730\",",
            1,
        )
}

/// The 2015 scheme as text, with its first item (及时报送信息) requiring a 信息采用通知.
pub fn text_2015_requiring_evidence_on_item_1() -> (String, String) {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/rulesets/yueyang-2015.ron"
    ))
    .unwrap();
    let marked = text.replacen(
        "reading: \"市妇联采用、省妇联采用两项都计",
        "evidence: [Evidence(title: \"信息采用通知\", required: true)],\n            reading: \"市妇联采用、省妇联采用两项都计",
        1,
    );
    assert_ne!(marked, text);
    (text, marked)
}

/// The entries of a zip (a package, a workbook, a Word file): name and bytes, in order.
pub fn unzip(path: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().unwrap().to_string(), bytes)
        })
        .collect()
}

/// A zip of these entries at `path`.
pub fn rezip(path: &std::path::Path, entries: &[(String, Vec<u8>)]) {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, bytes) in entries {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

/// A 提交包 of `sheet` made on `day` (its 提交时间, RFC 3339), written to `to`.
pub fn package_on(sheet: &std::path::Path, to: &std::path::Path, day: &str) {
    let at = chrono::DateTime::parse_from_rfc3339(day).unwrap();
    kaoping::package::write_at(sheet, &kaoping::catalog::Catalog::default(), Some(to), at).unwrap();
}

/// An office's 收件箱 holding 平江县's 提交包, made from the unit's own sheet in its own
/// folder on `day` (RFC 3339), or now: (inbox, the unit's sheet, the package).
pub fn pingjiang_package(
    dir: &std::path::Path,
    seed: u64,
    day: Option<&str>,
) -> (std::path::PathBuf, std::path::PathBuf, std::path::PathBuf) {
    let inbox = dir.join("收件箱");
    let unit = dir.join("平江县");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::create_dir_all(&unit).unwrap();
    let sheet = write_unit_sheets(&unit, &[("pingjiang", seed)]).remove(0);
    let package = inbox.join("平江县-提交包.zip");
    match day {
        Some(day) => package_on(&sheet, &package, day),
        None => {
            kaoping::package::write(
                &sheet,
                &kaoping::catalog::Catalog::default(),
                Some(&package),
            )
            .unwrap();
        }
    }
    (inbox, sheet, package)
}

/// Debian's python3 (its python3-openpyxl, installed by .ci/run), not one a version manager
/// put first on PATH.
pub fn python() -> &'static str {
    if std::path::Path::new("/usr/bin/python3").exists() {
        "/usr/bin/python3"
    } else {
        "python3"
    }
}

/// A 评分表 filled by `tests/common/fill_scoring_sheet.py` as `spec` (JSON) says, the way a
/// department fills it in WPS: the filled copy, beside `book`, named `name`.
pub fn fill_scoring_sheet(book: &std::path::Path, spec: &str, name: &str) -> std::path::PathBuf {
    let dir = book.parent().unwrap();
    let spec_path = dir.join(format!("{name}.json"));
    std::fs::write(&spec_path, spec).unwrap();
    let out = dir.join(format!("{name}.xlsx"));
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/common/fill_scoring_sheet.py"
    );
    let run = std::process::Command::new(python())
        .args([
            script,
            book.to_str().unwrap(),
            out.to_str().unwrap(),
            spec_path.to_str().unwrap(),
        ])
        .output()
        .expect("python3 with openpyxl (Debian python3-openpyxl, installed by .ci/run)");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    out
}

/// Every unit of the scheme (or the first `n`) sent a 提交包 on 2016-01-05:
/// (inbox, the units' own folder).
pub fn units_sent_packages(
    dir: &std::path::Path,
    n: usize,
) -> (std::path::PathBuf, std::path::PathBuf) {
    let inbox = dir.join("收件箱");
    let units = dir.join("各单位");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::create_dir_all(&units).unwrap();
    let ids = unit_ids();
    let seeds: Vec<(&str, u64)> = ids
        .iter()
        .take(n)
        .enumerate()
        .map(|(i, u)| (u.as_str(), i as u64 + 1))
        .collect();
    for sheet in write_unit_sheets(&units, &seeds) {
        let stem = sheet.file_stem().unwrap().to_str().unwrap();
        let unit = stem.split('-').next().unwrap();
        package_on(
            &sheet,
            &inbox.join(format!("{unit}-提交包.zip")),
            "2016-01-05T09:00:00+08:00",
        );
    }
    (inbox, units)
}
