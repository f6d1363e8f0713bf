//! The scoring engine: ruleset + unit + facts → every rule's effect with a one-line
//! explanation, every item's score, category subtotals, the total and the problems.
//!
//! Exact decimal arithmetic throughout. Invariants: an item score lies in [0, points] and has
//! at most 2 decimals (half-up); an item without all its facts has no score (未填), never 0
//! and never full marks.

use crate::ruleset::{Ruleset, excerpt};
use crate::ruleset_check::Severity;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

mod item;
mod problem;
mod report;
mod rules;
pub use item::score_item;
pub use problem::{About, Problem, ProblemKind, Question, percent_question_key};
pub use report::{
    CategoryResult, Explanation, ExplanationKind, ItemResult, ItemStatus, ReportRow,
    ReviewDifference, ReviewProgress, SheetReport,
};
use rules::apply_rule;
pub use rules::{check_score, input_hint, percent_fraction_hint, score_hint, target_of};

/// What a rule says when a (broken) ruleset's numbers would overflow the arithmetic.
const OVERFLOW: &str = "考核规则中的数值过大，无法计算：请检查考核规则文件（kaoping check）";

/// Largest count accepted for a counted input; anything above is a typing slip.
pub const MAX_COUNT: u32 = 100_000;

/// One fact a clerk entered for a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Fact {
    Flag(bool),
    Number(Decimal),
    /// Text that is not (yet) a valid number, kept as typed so nothing is lost; the engine
    /// parses it leniently and reports it if it cannot.
    Text(String),
}

impl Fact {
    /// What a rule's typed text makes of its fact: a number when it reads as one, nothing
    /// when empty, else the text as typed (kept, and reported as not a number: what was typed
    /// is never lost).
    pub fn from_typed(text: &str) -> Option<Fact> {
        match crate::input::parse_number(text) {
            Ok(Some(d)) => Some(Fact::Number(d)),
            Ok(None) => None,
            Err(_) => Some(Fact::Text(text.to_string())),
        }
    }
}

/// A score set by hand, overriding the rules; it must carry a reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManualScore {
    pub score: Decimal,
    pub reason: String,
}

/// Everything entered for one item, by the unit and (later) by the municipal office.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ItemEntry {
    /// Rule id → fact.
    #[serde(default, deserialize_with = "crate::sheet::unique_keys")]
    pub facts: BTreeMap<String, Fact>,
    #[serde(default)]
    pub manual: Option<ManualScore>,
    /// 自评说明.
    #[serde(default)]
    pub note: String,
    /// 考核得分, the municipal office's reviewed score.
    #[serde(default)]
    pub reviewed: Option<Decimal>,
    #[serde(default)]
    pub review_note: String,
    /// The warnings of this item the clerk answered 确认无误 (each by `Question::key`, which
    /// names the value asked about, so a changed value is asked again). Older programs ignore
    /// the field: the question is then simply asked again.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub confirmed: BTreeSet<String>,
}

/// Who the sheet is for: the unit (hence its class) and its own figures (乡镇数).
#[derive(Debug, Clone, Copy)]
pub struct UnitContext<'a> {
    pub unit: Option<&'a str>,
    pub figures: &'a BTreeMap<String, u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Effect {
    Deduct(Decimal),
    Award(Decimal),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum RuleOutcome {
    Unfilled,
    Invalid(String),
    Done(Effect),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleResult {
    pub rule_id: String,
    pub label: String,
    pub outcome: RuleOutcome,
    /// The one-line explanation, once the rule could be applied.
    pub explanation: Option<String>,
}

/// Rounds a score to 2 decimals, half up (四舍五入). Scores are never negative.
pub fn round_score(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// Where an item sits, as a clerk reads it: 办公室工作 第1项.
pub fn item_location(ruleset: &Ruleset, item_id: &str) -> String {
    for cat in &ruleset.categories {
        if let Some(pos) = cat.items.iter().position(|i| i.id == item_id) {
            return format!("{} 第{}项", cat.name, pos + 1);
        }
    }
    item_id.to_string()
}

/// Scores a whole sheet.
pub fn evaluate(
    ruleset: &Ruleset,
    ruleset_findings: &[crate::ruleset_check::Finding],
    ctx: UnitContext<'_>,
    entries: &BTreeMap<String, ItemEntry>,
) -> SheetReport {
    let empty = ItemEntry::default();
    let mut problems = Vec::new();
    match ctx.unit {
        None => problems.push(sheet_problem(ProblemKind::Unfilled, "请选择填报单位")),
        Some(u) if ruleset.unit(u).is_none() => problems.push(sheet_problem(
            ProblemKind::Error,
            &format!("填报单位“{u}”不在本考核规则的单位名单中"),
        )),
        Some(_) => {}
    }
    for figure in &ruleset.figures {
        if !ctx.figures.contains_key(&figure.id) {
            problems.push(sheet_problem(
                ProblemKind::Unfilled,
                &format!("请填写{}", figure.label),
            ));
        }
    }
    for id in entries.keys() {
        if ruleset.item(id).is_none() {
            problems.push(sheet_problem(
                ProblemKind::Warning,
                &format!(
                    "文件中有本考核规则没有的项目“{}”，已保留但不计分",
                    excerpt(id)
                ),
            ));
        }
    }
    let mut items = Vec::with_capacity(44);
    let mut categories = Vec::with_capacity(ruleset.categories.len());
    for cat in &ruleset.categories {
        let mut subtotal = Decimal::ZERO;
        let mut reviewed_subtotal: Option<Decimal> = None;
        let mut unscored = 0;
        let mut reviewed_count = 0;
        let mut self_of_reviewed = Decimal::ZERO;
        for (idx, item) in cat.items.iter().enumerate() {
            let location = format!("{} 第{}项", cat.name, idx + 1);
            let entry = entries.get(&item.id).unwrap_or(&empty);
            let mut result = score_item(ruleset, item, ctx, entry, &location);
            for f in ruleset_findings
                .iter()
                .filter(|f| f.item.as_deref() == Some(item.id.as_str()))
            {
                match f.severity {
                    Severity::Error => result.problems.push(Problem {
                        kind: ProblemKind::Error,
                        item: Some(item.id.clone()),
                        rule: None,
                        about: About::Ruleset,
                        location: location.clone(),
                        message: format!("考核规则：{}", f.message),
                        question: None,
                    }),
                    Severity::Warning => result.rule_notes.push(f.message.clone()),
                }
            }
            // Scores are within each item's points, so these sums stay small; saturating
            // adds keep even a broken ruleset from overflowing.
            match result.score {
                Some(s) => subtotal = subtotal.saturating_add(s),
                None => unscored += 1,
            }
            if let Some(r) = result.reviewed {
                let sub = reviewed_subtotal.get_or_insert(Decimal::ZERO);
                *sub = sub.saturating_add(r);
                reviewed_count += 1;
                self_of_reviewed =
                    self_of_reviewed.saturating_add(result.score.unwrap_or_default());
            }
            problems.extend(result.problems.iter().cloned());
            items.push(result);
        }
        categories.push(CategoryResult {
            id: cat.id.clone(),
            name: cat.name.clone(),
            points: cat.points,
            subtotal,
            reviewed_subtotal,
            unscored,
            item_count: cat.items.len(),
            reviewed_count,
            self_of_reviewed: self_of_reviewed.normalize(),
        });
    }
    for c in &mut categories {
        c.subtotal = c.subtotal.normalize();
        c.reviewed_subtotal = c.reviewed_subtotal.map(|r| r.normalize());
    }
    let total = categories
        .iter()
        .fold(Decimal::ZERO, |a, c| a.saturating_add(c.subtotal))
        .normalize();
    let reviewed_total = categories
        .iter()
        .filter_map(|c| c.reviewed_subtotal)
        .reduce(|a, b| a.saturating_add(b))
        .map(|r| r.normalize());
    let complete = items.iter().all(|i| i.score.is_some())
        && !problems
            .iter()
            .any(|p| matches!(p.kind, ProblemKind::Error | ProblemKind::Unfilled));
    SheetReport {
        items,
        categories,
        total,
        reviewed_total,
        complete,
        problems,
    }
}

fn sheet_problem(kind: ProblemKind, message: &str) -> Problem {
    Problem {
        kind,
        item: None,
        rule: None,
        about: About::Header,
        location: "表头".into(),
        message: message.into(),
        question: None,
    }
}
