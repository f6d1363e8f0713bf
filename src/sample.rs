//! Plausible filled-in sheets, made deterministically from a seed: for benchmarks, for
//! tests that need many different sheets, and for looking at the window and the PDF.

use crate::catalog::LoadedRuleset;
use crate::ruleset::{InputKind, RuleKind};
use crate::scoring::{Fact, ManualScore};
use crate::sheet::{Contact, Sheet};
use rust_decimal::Decimal;

/// A small linear congruential generator: enough variety, no dependency, same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: u32) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % u64::from(bound.max(1))) as u32
    }
}

/// A sheet with every item filled: the unit is picked by the seed, most conditions met,
/// counts near their targets, judgement items scored by hand with a reason.
pub fn filled_sheet(loaded: &LoadedRuleset, seed: u64) -> Sheet {
    let rs = &loaded.ruleset;
    let mut rng = Lcg(seed ^ 0x9e37_79b9_7f4a_7c15);
    let unit = rs.units[rng.next(rs.units.len() as u32) as usize]
        .id
        .clone();
    fill(loaded, unit, rng)
}

/// Like `filled_sheet`, for a given unit id (one sheet per unit, for the comparison).
pub fn filled_sheet_for(loaded: &LoadedRuleset, unit: &str, seed: u64) -> Sheet {
    fill(loaded, unit.to_string(), Lcg(seed ^ 0x9e37_79b9_7f4a_7c15))
}

fn fill(loaded: &LoadedRuleset, unit: String, mut rng: Lcg) -> Sheet {
    let rs = &loaded.ruleset;
    let mut sheet = Sheet::new(loaded, Some(unit));
    for f in &rs.figures {
        sheet.figures.insert(f.id.clone(), 3 + rng.next(20));
    }
    sheet.contact = Contact {
        name: "李四".into(),
        phone: format!("0730-8{:06}", rng.next(1_000_000)),
    };
    for (_, item) in rs.items() {
        let entry = sheet.items.entry(item.id.clone()).or_default();
        if item.is_judgement() {
            let tenths = rng.next(item.points.try_into().unwrap_or(1u32) * 10 + 1);
            entry.manual = Some(ManualScore {
                score: Decimal::new(i64::from(tenths), 1).min(item.points),
                reason: "按平时工作情况评定".into(),
            });
            continue;
        }
        for rule in item.all_rules() {
            let fact = match (rule.kind.input_kind(), &rule.kind) {
                (InputKind::Flag, _) => Fact::Flag(rng.next(5) != 0),
                (InputKind::Percent, _) => Fact::Number(Decimal::from(70 + rng.next(31))),
                (InputKind::Score, RuleKind::Judgement { points }) => {
                    Fact::Number(Decimal::new(i64::from(rng.next(11)), 1).min(*points))
                }
                (InputKind::Count, RuleKind::PerOccurrence { .. } | RuleKind::Bonus { .. }) => {
                    Fact::Number(Decimal::from(rng.next(3)))
                }
                _ => Fact::Number(Decimal::from(rng.next(90))),
            };
            entry.facts.insert(rule.id.clone(), fact);
        }
        entry.note = "已按要求完成。".to_string();
    }
    sheet
}
