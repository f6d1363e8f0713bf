//! What scoring gives back: each item's result, category subtotals, the sheet's report, and
//! how a review compares with the self scores.

use super::{Problem, ProblemKind, RuleResult};
use crate::ruleset::{Category, Item, Ruleset};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ItemStatus {
    /// Nothing entered yet (未填).
    Unfilled,
    /// Some inputs entered, not all (未填完).
    Partial,
    /// An input or the manual score is invalid (有误).
    Invalid,
    /// Scored (已填).
    Scored,
}

impl ItemStatus {
    pub fn label(self) -> &'static str {
        match self {
            ItemStatus::Unfilled => "未填",
            ItemStatus::Partial => "未填完",
            ItemStatus::Invalid => "有误",
            ItemStatus::Scored => "已填",
        }
    }
}

/// One line of how an item's score came about, with what kind of line it is, so a panel
/// chooses lines by kind rather than by their words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    pub kind: ExplanationKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExplanationKind {
    /// What one rule gave (每少1次扣0.5分…).
    Rule,
    /// A group's total beyond its points: 扣完为止, 按N分计.
    Capped,
    /// What a part (一项中的一部分) scored.
    Part,
    /// What the rules give the item: 按规则得N分.
    Computed,
    /// The manual score that overrides it, with its reason.
    Manual,
    /// The 台账 that gave the rules their inputs: 由台账计算（讲座4条）：…
    Ledger,
}

impl Explanation {
    pub fn new(kind: ExplanationKind, text: String) -> Self {
        Explanation { kind, text }
    }
    /// Lines that sum the item up (what the rules give, and any cap), shown under its inputs;
    /// a rule's own line is shown beside that rule's input instead.
    pub fn sums_up(&self) -> bool {
        matches!(
            self.kind,
            ExplanationKind::Computed | ExplanationKind::Capped | ExplanationKind::Ledger
        )
    }
}

/// Printed (`score --json`) as its words, as before it had a kind.
impl Serialize for Explanation {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl std::fmt::Display for Explanation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemResult {
    pub item_id: String,
    pub points: Decimal,
    pub status: ItemStatus,
    /// What the rules give, once every input is filled and valid.
    pub computed: Option<Decimal>,
    /// The self score: the manual score if one is set and valid, else `computed`.
    pub score: Option<Decimal>,
    pub manual: bool,
    pub reviewed: Option<Decimal>,
    pub rules: Vec<RuleResult>,
    pub explanations: Vec<Explanation>,
    pub problems: Vec<Problem>,
    /// The ruleset's own remarks on this item (规则说明), e.g. that its awards add up to more
    /// than its points. Shown on the item; not problems, since the clerk cannot fix them.
    pub rule_notes: Vec<String>,
}

impl ItemResult {
    /// What one rule of the item gave, paired by the rule's id (never by position: a rule
    /// without a result has none).
    pub fn rule(&self, rule_id: &str) -> Option<&RuleResult> {
        self.rules.iter().find(|r| r.rule_id == rule_id)
    }

    /// A warning not answered 确认无误 (answered ones are shown as such, not as warnings).
    pub fn has_warning(&self) -> bool {
        self.problems
            .iter()
            .any(|p| p.kind == ProblemKind::Warning && !p.is_confirmed())
    }

    /// How the 考核得分 compares with the self score, once there is one.
    pub fn review_difference(&self) -> Option<ReviewDifference> {
        let reviewed = self.reviewed?;
        Some(match self.score {
            Some(own) if own == reviewed => ReviewDifference::Same,
            Some(own) => ReviewDifference::By(reviewed.saturating_sub(own).normalize()),
            None => ReviewDifference::NoSelfScore,
        })
    }
}

/// The 考核得分 against the self score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewDifference {
    Same,
    /// Reviewed minus self: negative when the office gave fewer points.
    By(Decimal),
    /// The unit has no self score for the item.
    NoSelfScore,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CategoryResult {
    pub id: String,
    pub name: String,
    pub points: Decimal,
    /// Sum of the scored items' self scores.
    pub subtotal: Decimal,
    /// Sum of reviewed scores, once any item has one.
    pub reviewed_subtotal: Option<Decimal>,
    pub unscored: usize,
    /// How many items the category has, and how many of them have a 考核得分.
    pub item_count: usize,
    pub reviewed_count: usize,
    /// The self scores of just the reviewed items, to compare like with like.
    pub self_of_reviewed: Decimal,
}

impl CategoryResult {
    /// Every item of the category has a 考核得分.
    pub fn review_complete(&self) -> bool {
        self.reviewed_count == self.item_count
    }
}

/// How far a review has got: the reviewed items' 考核得分 against their own self scores
/// (never against the whole sheet's, which would compare 3 items with 44).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewProgress {
    pub reviewed: usize,
    pub items: usize,
    /// Sum of the 考核得分 given so far.
    pub reviewed_sum: Decimal,
    /// Sum of the self scores of the same items (an item without one counts 0).
    pub self_sum: Decimal,
}

impl ReviewProgress {
    pub fn complete(&self) -> bool {
        self.reviewed == self.items
    }
    /// Reviewed minus self, over the reviewed items.
    pub fn difference(&self) -> Decimal {
        self.reviewed_sum.saturating_sub(self.self_sum).normalize()
    }
    /// What stands where a total would, while items lack their 考核得分: 审核中（已审10/44项）.
    pub fn in_progress_words(&self) -> String {
        format!("审核中（已审{}/{}项）", self.reviewed, self.items)
    }
}

/// One item of the ruleset with its result (`SheetReport::rows`).
#[derive(Debug, Clone, Copy)]
pub struct ReportRow<'a> {
    pub category: &'a Category,
    /// Its place within the category, from 0 (第1项 is 0).
    pub place: usize,
    pub item: &'a Item,
    pub result: &'a ItemResult,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetReport {
    pub items: Vec<ItemResult>,
    pub categories: Vec<CategoryResult>,
    pub total: Decimal,
    pub reviewed_total: Option<Decimal>,
    /// Every item scored and no error anywhere.
    pub complete: bool,
    pub problems: Vec<Problem>,
}

impl SheetReport {
    /// The 考核得分 total, only once every item has one: a partial sum is never a total.
    pub fn complete_reviewed_total(&self) -> Option<Decimal> {
        self.reviewed_total
            .filter(|_| self.items.iter().all(|i| i.reviewed.is_some()))
    }

    /// Reviewed total minus self total, once any item has a 考核得分.
    pub fn review_total_difference(&self) -> Option<Decimal> {
        self.reviewed_total
            .map(|r| r.saturating_sub(self.total).normalize())
    }

    pub fn item(&self, id: &str) -> Option<&ItemResult> {
        self.items.iter().find(|i| i.item_id == id)
    }

    /// The ruleset's items in order, each with its category, its place in it and its
    /// result, paired by id (never by position: a report made from another reading of the
    /// ruleset pairs nothing wrongly, it only leaves an item out).
    pub fn rows<'a>(&'a self, ruleset: &'a Ruleset) -> impl Iterator<Item = ReportRow<'a>> {
        let by_id: HashMap<&str, &ItemResult> =
            self.items.iter().map(|r| (r.item_id.as_str(), r)).collect();
        ruleset.categories.iter().flat_map(move |category| {
            let by_id = by_id.clone();
            category
                .items
                .iter()
                .enumerate()
                .filter_map(move |(place, item)| {
                    Some(ReportRow {
                        category,
                        place,
                        item,
                        result: by_id.get(item.id.as_str())?,
                    })
                })
        })
    }

    /// A category's subtotals, by id.
    /// What the 加分项 categories added to the total (0 without any).
    pub fn bonus(&self, ruleset: &Ruleset) -> Decimal {
        self.categories
            .iter()
            .filter(|c| {
                ruleset
                    .categories
                    .iter()
                    .any(|rc| rc.id == c.id && rc.is_bonus())
            })
            .fold(Decimal::ZERO, |a, c| a.saturating_add(c.subtotal))
    }

    pub fn category(&self, id: &str) -> Option<&CategoryResult> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// The review so far, like with like.
    pub fn review_progress(&self) -> ReviewProgress {
        let mut p = ReviewProgress {
            reviewed: 0,
            items: self.items.len(),
            reviewed_sum: Decimal::ZERO,
            self_sum: Decimal::ZERO,
        };
        for i in &self.items {
            if let Some(r) = i.reviewed {
                p.reviewed += 1;
                p.reviewed_sum = p.reviewed_sum.saturating_add(r);
                p.self_sum = p.self_sum.saturating_add(i.score.unwrap_or_default());
            }
        }
        p.reviewed_sum = p.reviewed_sum.normalize();
        p.self_sum = p.self_sum.normalize();
        p
    }
    /// Problems of a kind; a warning answered 确认无误 is no longer counted.
    pub fn count(&self, kind: ProblemKind) -> usize {
        self.problems
            .iter()
            .filter(|p| p.kind == kind && !p.is_confirmed())
            .count()
    }

    /// The warnings still waiting for the clerk's answer (fix or 确认无误).
    pub fn open_questions(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.is_open_question())
    }
}
