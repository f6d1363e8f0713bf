//! Properties over any valid facts: scores stay in [0, points] with at most 2 decimals; more
//! shortfall never raises a score; the total is the sum of the items; save → open round
//! trips every sheet exactly.

use crate::common::*;
use kaoping::catalog::Catalog;
use kaoping::ruleset::{InputKind, RuleKind};
use kaoping::scoring::{Fact, ManualScore};
use kaoping::sheet::{Contact, Sheet, open_sheet_text};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// Raw randomness turned into a sheet: the unit, the townships, and one number per input.
#[derive(Debug, Clone)]
struct Draw {
    unit: usize,
    townships: u32,
    values: Vec<u32>,
    skip: Vec<bool>,
    manual: Vec<Option<u16>>,
    note: String,
}

fn draws() -> impl Strategy<Value = Draw> {
    (
        0usize..13,
        0u32..40,
        prop::collection::vec(0u32..10_000, 80),
        prop::collection::vec(prop::bool::weighted(0.1), 80),
        prop::collection::vec(prop::option::weighted(0.1, 0u16..700), 44),
        "[a-z0-9 ，。、\\u{4e00}-\\u{4e50}\"\\\\()]{0,20}",
    )
        .prop_map(|(unit, townships, values, skip, manual, note)| Draw {
            unit,
            townships,
            values,
            skip,
            manual,
            note,
        })
}

/// A valid fact for the rule kind from a raw number.
fn fact_for(kind: &RuleKind, v: u32) -> Fact {
    match (kind.input_kind(), kind) {
        (InputKind::Flag, _) => Fact::Flag(v.is_multiple_of(2)),
        (InputKind::Count, _) => Fact::Number(Decimal::from(v % 120)),
        (InputKind::Percent, _) => Fact::Number(Decimal::new(i64::from(v), 2)),
        (InputKind::Score, RuleKind::Judgement { points }) => {
            Fact::Number(Decimal::new(i64::from(v % 101), 2).min(*points))
        }
        _ => unreachable!(),
    }
}

fn sheet_from(draw: &Draw) -> Sheet {
    let loaded = rs2015();
    let rs = &loaded.ruleset;
    let mut sheet = Sheet::new(&loaded, Some(rs.units[draw.unit].id.clone()));
    sheet.figures.insert("townships".into(), draw.townships);
    sheet.contact = Contact {
        name: draw.note.clone(),
        phone: "13800000000".into(),
    };
    let mut k = 0;
    for (idx, (_, item)) in rs.items().enumerate() {
        let entry = sheet.items.entry(item.id.clone()).or_default();
        for rule in item.all_rules() {
            if !draw.skip[k % 80] {
                entry
                    .facts
                    .insert(rule.id.clone(), fact_for(&rule.kind, draw.values[k % 80]));
            }
            k += 1;
        }
        if let Some(m) = draw.manual[idx] {
            entry.manual = Some(ManualScore {
                score: Decimal::new(i64::from(m), 2).min(item.points),
                reason: "评定".into(),
            });
        }
        entry.note = draw.note.clone();
    }
    sheet
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_item_score_stays_within_its_points(draw in draws()) {
        let loaded = rs2015();
        let report = sheet_from(&draw).evaluate(&loaded);
        for (r, (_, item)) in report.items.iter().zip(loaded.ruleset.items()) {
            if let Some(s) = r.score {
                prop_assert!(s >= Decimal::ZERO && s <= item.points, "{} {}", item.id, s);
                prop_assert!(s.normalize().scale() <= 2, "{} {}", item.id, s);
            }
            if let Some(c) = r.computed {
                prop_assert!(c >= Decimal::ZERO && c <= item.points);
            }
        }
    }

    #[test]
    fn the_total_is_the_sum_of_the_items(draw in draws()) {
        let loaded = rs2015();
        let report = sheet_from(&draw).evaluate(&loaded);
        let sum: Decimal = report.items.iter().filter_map(|i| i.score).sum();
        prop_assert_eq!(report.total, sum);
        let cats: Decimal = report.categories.iter().map(|c| c.subtotal).sum();
        prop_assert_eq!(report.total, cats);
        prop_assert!(report.total <= Decimal::ONE_HUNDRED);
    }

    #[test]
    fn more_shortfall_never_raises_a_score(draw in draws(), a in 0u32..200, b in 0u32..200) {
        let loaded = rs2015();
        let rs = &loaded.ruleset;
        let (lo, hi) = (a.min(b), a.max(b));
        let base = sheet_from(&draw);
        for (_, item) in rs.items() {
            for rule in item.all_rules() {
                // "Worse" facts: fewer done for targets and rates, more failures for occurrences.
                let (worse, better) = match &rule.kind {
                    RuleKind::Shortfall { .. } | RuleKind::Proportional { .. } | RuleKind::Bonus { .. } =>
                        (Fact::Number(Decimal::from(lo)), Fact::Number(Decimal::from(hi))),
                    RuleKind::PerOccurrence { .. } =>
                        (Fact::Number(Decimal::from(hi)), Fact::Number(Decimal::from(lo))),
                    RuleKind::RateStep { .. } =>
                        (Fact::Number(Decimal::from(lo.min(100))), Fact::Number(Decimal::from(hi.min(100)))),
                    RuleKind::DeductIfNot { .. } | RuleKind::AwardIf { .. } =>
                        (Fact::Flag(false), Fact::Flag(true)),
                    RuleKind::Judgement { points } =>
                        (Fact::Number(Decimal::ZERO), Fact::Number(*points)),
                };
                let score_with = |f: Fact| {
                    let mut s = base.clone();
                    let e = s.items.get_mut(&item.id).unwrap();
                    e.manual = None;
                    e.facts.insert(rule.id.clone(), f);
                    s.evaluate(&loaded).item(&item.id).unwrap().score
                };
                let (w, bt) = (score_with(worse), score_with(better));
                if let (Some(w), Some(bt)) = (w, bt) {
                    prop_assert!(w <= bt, "{} {}: worse {} > better {}", item.id, rule.id, w, bt);
                }
            }
        }
    }

    #[test]
    fn save_then_open_round_trips_every_sheet(draw in draws()) {
        let loaded = rs2015();
        let mut sheet = sheet_from(&draw);
        let now = chrono::Local::now().fixed_offset();
        let text = sheet.to_file_text(&loaded, now);
        let opened = open_sheet_text(&text, "p", &Catalog::default()).unwrap();
        prop_assert_eq!(&opened.sheet, &sheet);
        prop_assert!(opened.discrepancies.is_empty());
        prop_assert_eq!(opened.report, sheet.evaluate(&loaded));
    }

    #[test]
    fn typed_numbers_parse_to_what_was_typed(n in 0u64..1_000_000, frac in 0u32..100, suffix in prop::sample::select(vec!["", "分", "条", "%", " "])) {
        let text = format!("{n}.{frac:02}{suffix}");
        let want = Decimal::new(n as i64 * 100 + i64::from(frac), 2).normalize();
        prop_assert_eq!(kaoping::input::parse_number(&text), Ok(Some(want)));
        // The same typed in full-width digits.
        let wide: String = text.chars().map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 - 0x30 + 0xFF10).unwrap() } else { c }).collect();
        prop_assert_eq!(kaoping::input::parse_number(&wide), Ok(Some(want)));
    }
}
