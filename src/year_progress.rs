//! 进度: where a unit stands on a day of the year from what its 台账 hold by then — each
//! ledger's counts against the target and against the share of the year gone, the score if
//! the year ended that day, and the cheapest points still to gain (the entries that, added,
//! gain most: 再报送3条市妇联采用信息可得1.5分). No egui; the window, `kaoping progress` and
//! the 进度表 PDF read it.

use crate::catalog::LoadedRuleset;
use crate::ledger::{Formula, Ledger, Measure};
use crate::ruleset::{Item, Rule, RuleKind, fmt_dec};
use crate::scoring::{
    Fact, ItemEntry, ItemResult, UnitContext, item_location, score_item, target_of,
};
use crate::sheet::Sheet;
use crate::sheet::ledger::{derive, with_ledger_facts};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// The whole picture on one day.
#[derive(Debug, Clone, PartialEq)]
pub struct YearProgress {
    /// YYYY-MM-DD.
    pub on: String,
    /// How much of the scheme's year has gone, in percent (0–100, two decimals).
    pub year_gone: Decimal,
    pub ledgers: Vec<LedgerProgress>,
    /// The total if the year ended that day (items not yet scored count nothing).
    pub total_now: Decimal,
    /// The most the scheme gives.
    pub total_points: Decimal,
    /// Points to gain by adding entries, the most per entry first.
    pub gains: Vec<Gain>,
}

/// One ledger on the day.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerProgress {
    pub item_id: String,
    /// 维权工作 第1项.
    pub location: String,
    /// 讲座.
    pub entry: String,
    /// Entries up to the day.
    pub entries: usize,
    pub rules: Vec<RuleProgress>,
    /// The item's score if the year ended that day, and its points.
    pub score: Option<Decimal>,
    pub points: Decimal,
}

/// One rule a ledger feeds, on the day.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleProgress {
    pub label: String,
    /// What the entries give it so far, in words (4场, 33.33%, 是).
    pub value: String,
    /// The year's target, when the rule has one.
    pub target: Option<u32>,
    /// What the rule counts in (条, 场).
    pub unit: String,
    /// What the share of the year gone asks by now (target × share), when there is a target.
    pub due_by_now: Option<Decimal>,
    /// Below what is due by now.
    pub behind: bool,
}

/// Points to gain by adding entries to a ledger.
#[derive(Debug, Clone, PartialEq)]
pub struct Gain {
    pub item_id: String,
    pub entries: u32,
    pub points: Decimal,
    /// 再报送3条市妇联采用信息可得1.5分.
    pub words: String,
}

/// Days of a year, and which day of it `date` is (1-based), when it is a date of that year.
fn day_of_year(date: &str, year: u16) -> Option<(u32, u32)> {
    use chrono::Datelike;
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    if d.year() != i32::from(year) {
        return None;
    }
    let leap = chrono::NaiveDate::from_ymd_opt(i32::from(year), 12, 31)?.ordinal();
    Some((d.ordinal(), leap))
}

/// Where the sheet stands on `on` (YYYY-MM-DD). A day outside the scheme's year is taken as
/// its nearest end (before it: nothing gone; after it: the whole year).
/// The day 进度 is shown for when none is given: today within the scheme's year, else the
/// year's last day (a past year is looked at whole).
pub fn default_day(year: u16) -> String {
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    if today.starts_with(&year.to_string()) {
        today
    } else {
        format!("{year}-12-31")
    }
}

pub fn progress_on(sheet: &Sheet, loaded: &LoadedRuleset, on: &str) -> YearProgress {
    let rs = &loaded.ruleset;
    let year_gone = match day_of_year(on, rs.year) {
        Some((day, days)) => (Decimal::from(day) * Decimal::ONE_HUNDRED / Decimal::from(days))
            .round_dp(2)
            .normalize(),
        None if on < format!("{}-01-01", rs.year).as_str() => Decimal::ZERO,
        None => Decimal::ONE_HUNDRED,
    };
    let report = sheet.evaluate_on(loaded, Some(on));
    let derived = derive(rs, &sheet.ledgers, &|_, _| true, Some(on));
    let items = with_ledger_facts(&sheet.items, &derived);
    let ctx = sheet.unit_context();
    let mut ledgers = Vec::new();
    let mut gains = Vec::new();
    for ledger in &rs.ledgers {
        let Some(item) = rs.item(&ledger.item) else {
            continue;
        };
        let entries = sheet
            .ledgers
            .get(&ledger.id)
            .map_or(0, |l| l.iter().filter(|e| e.date.as_str() <= on).count());
        let entry = items.get(&item.id).cloned().unwrap_or_default();
        let result = report.item(&item.id);
        let mut rules = Vec::new();
        for feed in &ledger.feeds {
            let Some(rule) = item.all_rules().find(|r| r.id == feed.rule) else {
                continue;
            };
            rules.push(rule_progress(rs, rule, &entry, ctx, year_gone));
            if let Ok(formula) = ledger.formula(&feed.from)
                && let Some(g) = gain(rs, ledger, item, rule, &formula, &entry, ctx)
            {
                gains.push(g);
            }
        }
        ledgers.push(LedgerProgress {
            item_id: item.id.clone(),
            location: item_location(rs, &item.id),
            entry: ledger.entry.clone(),
            entries,
            rules,
            score: result.and_then(|r| r.score),
            points: item.points,
        });
    }
    // In the scheme's order of items (the ledgers' file lists them as written).
    let order = |id: &str| {
        rs.items()
            .position(|(_, i)| i.id == id)
            .unwrap_or(usize::MAX)
    };
    ledgers.sort_by_key(|l: &LedgerProgress| order(&l.item_id));
    // The most points per entry first; then the fewest entries.
    gains.sort_by(|a, b| {
        let per = |g: &Gain| g.points / Decimal::from(g.entries.max(1));
        per(b).cmp(&per(a)).then(a.entries.cmp(&b.entries))
    });
    YearProgress {
        on: on.to_string(),
        year_gone,
        ledgers,
        total_now: report.total,
        total_points: rs.total_points.saturating_add(rs.bonus_points()),
        gains,
    }
}

fn rule_progress(
    rs: &crate::ruleset::Ruleset,
    rule: &Rule,
    entry: &ItemEntry,
    ctx: UnitContext<'_>,
    year_gone: Decimal,
) -> RuleProgress {
    let fact = entry.facts.get(&rule.id);
    let value = match fact {
        Some(Fact::Number(n)) => format!("{}{}", fmt_dec(*n), rule.kind.unit()),
        Some(Fact::Flag(b)) => if *b { "是" } else { "否" }.to_string(),
        Some(Fact::Text(t)) => t.clone(),
        None => "未填".to_string(),
    };
    let target = target_of(rs, &rule.kind, ctx);
    let due_by_now = target.map(|t| {
        (Decimal::from(t) * year_gone / Decimal::ONE_HUNDRED)
            .round_dp(1)
            .normalize()
    });
    let behind = match (fact, due_by_now) {
        (Some(Fact::Number(n)), Some(due)) => *n < due,
        _ => false,
    };
    RuleProgress {
        label: rule.label.clone(),
        value,
        target,
        unit: rule.kind.unit().to_string(),
        due_by_now,
        behind,
    }
}

/// What adding entries to `ledger` that count for `rule` would gain, and how many: up to the
/// target for a count with one (未达目标, 按比例), one entry for a yes/no (有无). Rules
/// where more entries cost points (每次扣分) or that are rates gain nothing this way.
fn gain(
    rs: &crate::ruleset::Ruleset,
    ledger: &Ledger,
    item: &Item,
    rule: &Rule,
    formula: &Formula,
    entry: &ItemEntry,
    ctx: UnitContext<'_>,
) -> Option<Gain> {
    let (more, entries): (Fact, u32) = match (formula, &rule.kind, entry.facts.get(&rule.id)) {
        (
            Formula::Measure(Measure::Entries(_)),
            RuleKind::Shortfall { .. } | RuleKind::Proportional { .. },
            Some(Fact::Number(now)),
        ) => {
            let target = Decimal::from(target_of(rs, &rule.kind, ctx)?);
            let short = target.checked_sub(*now).filter(|s| *s > Decimal::ZERO)?;
            (Fact::Number(target), short.ceil().to_u32()?)
        }
        (
            Formula::Any(_),
            RuleKind::DeductIfNot { .. } | RuleKind::AwardIf { .. },
            Some(Fact::Flag(false)),
        ) => (Fact::Flag(true), 1),
        _ => return None,
    };
    let location = item_location(rs, &item.id);
    let before = score_item(rs, item, ctx, entry, &location);
    let mut after_entry = entry.clone();
    after_entry.facts.insert(rule.id.clone(), more);
    let after = score_item(rs, item, ctx, &after_entry, &location);
    let points = points_gained(&before, &after, &rule.id)?;
    let unit = match &rule.kind {
        RuleKind::Shortfall { unit, .. } | RuleKind::Proportional { unit, .. } => unit.as_str(),
        _ => "条",
    };
    let words = match &rule.kind {
        RuleKind::DeductIfNot { .. } | RuleKind::AwardIf { .. } => {
            format!(
                "再记一条{}（{}）可得{}分",
                ledger.entry,
                rule.label,
                fmt_dec(points)
            )
        }
        _ => format!("再有{entries}{unit}{}可得{}分", rule.label, fmt_dec(points)),
    };
    Some(Gain {
        item_id: item.id.clone(),
        entries,
        points,
        words,
    })
}

/// Points gained between two scorings of an item: by its score when both have one, else by
/// what the rule itself took or gave (its item not yet scored for other reasons).
fn points_gained(before: &ItemResult, after: &ItemResult, rule: &str) -> Option<Decimal> {
    let gained = match (before.computed, after.computed) {
        (Some(b), Some(a)) => a.checked_sub(b)?,
        _ => {
            let effect = |r: &ItemResult| {
                r.rules
                    .iter()
                    .find(|x| x.rule_id == rule)
                    .and_then(|x| match &x.outcome {
                        crate::scoring::RuleOutcome::Done(crate::scoring::Effect::Deduct(d)) => {
                            Some(-*d)
                        }
                        crate::scoring::RuleOutcome::Done(crate::scoring::Effect::Award(a)) => {
                            Some(*a)
                        }
                        _ => None,
                    })
            };
            let group_cap = before.points;
            effect(after)?.checked_sub(effect(before)?)?.min(group_cap)
        }
    };
    (gained > Decimal::ZERO).then(|| gained.normalize())
}
