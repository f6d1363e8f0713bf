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
            r.explanations.iter().any(|e| e == l),
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
