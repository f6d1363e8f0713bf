//! The scoring engine: ruleset + unit + facts → every rule's effect with a one-line
//! explanation, every item's score, category subtotals, the total and the problems.
//!
//! Exact decimal arithmetic throughout. Invariants: an item score lies in [0, points] and has
//! at most 2 decimals (half-up); an item without all its facts has no score (未填), never 0
//! and never full marks.

use crate::ruleset::{Direction, Item, RuleGroup, Ruleset, excerpt, fmt_dec};
use crate::ruleset_check::Severity;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

mod problem;
mod report;
mod rules;
pub use problem::{About, Problem, ProblemKind, Question, percent_question_key};
pub use report::{
    CategoryResult, Explanation, ExplanationKind, ItemResult, ItemStatus, ReportRow,
    ReviewDifference, ReviewProgress, SheetReport,
};
use rules::apply_rule;
pub use rules::{check_score, input_hint, percent_fraction_hint, score_hint};

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

/// Scores one item.
pub fn score_item(
    ruleset: &Ruleset,
    item: &Item,
    ctx: UnitContext<'_>,
    entry: &ItemEntry,
    location: &str,
) -> ItemResult {
    let mut problems = Vec::new();
    let mut explanations = Vec::new();
    let mut rules = Vec::new();
    let problem = |kind, about: About, rule: Option<&str>, message: String| Problem {
        kind,
        item: Some(item.id.clone()),
        rule: rule.map(str::to_string),
        about,
        location: location.to_string(),
        message,
        question: None,
    };

    for key in entry.facts.keys() {
        if !item.all_rules().any(|r| &r.id == key) {
            problems.push(problem(
                ProblemKind::Warning,
                About::UnknownInput,
                None,
                format!("文件中有本项没有的输入“{}”，已保留但不计分", excerpt(key)),
            ));
        }
    }

    // Rules, group by group.
    let mut computed: Option<Decimal> = Some(Decimal::ZERO);
    let mut filled = 0usize;
    for group in item.groups() {
        let mut group_total = Decimal::ZERO;
        let mut group_done = true;
        for rule in group.rules {
            let fact = entry.facts.get(&rule.id);
            let (outcome, explanation) = apply_rule(ruleset, rule, fact, ctx);
            // A ruleset's numbers are checked before it is used; adding them up is still
            // checked, so no file can make the engine overflow.
            let outcome = match outcome {
                RuleOutcome::Done(Effect::Deduct(d) | Effect::Award(d))
                    if group_total.checked_add(d).is_none() =>
                {
                    RuleOutcome::Invalid(OVERFLOW.into())
                }
                other => other,
            };
            match &outcome {
                RuleOutcome::Done(Effect::Deduct(d) | Effect::Award(d)) => {
                    group_total += *d;
                    filled += 1;
                }
                RuleOutcome::Invalid(msg) => {
                    group_done = false;
                    filled += 1;
                    problems.push(problem(
                        ProblemKind::Error,
                        About::Input,
                        Some(&rule.id),
                        format!("{}：{msg}", rule.label),
                    ));
                }
                RuleOutcome::Unfilled => group_done = false,
            }
            if let Some(e) = &explanation {
                explanations.push(Explanation::new(ExplanationKind::Rule, e.clone()));
            }
            if matches!(outcome, RuleOutcome::Done(_))
                && let Some(hint) = percent_fraction_hint(&rule.kind, fact)
            {
                let key = percent_question_key(&rule.id, fact);
                let confirmed = entry.confirmed.contains(&key);
                problems.push(Problem {
                    question: Some(Question { key, confirmed }),
                    ..problem(
                        ProblemKind::Warning,
                        About::Input,
                        Some(&rule.id),
                        format!("{}：{hint}", rule.label),
                    )
                });
            }
            rules.push(RuleResult {
                rule_id: rule.id.clone(),
                label: rule.label.clone(),
                outcome,
                explanation,
            });
        }
        if group.rules.is_empty() {
            // A judgement item: only a manual score can give it a score.
            computed = None;
            continue;
        }
        if !group_done {
            computed = None;
            continue;
        }
        let score = match group.direction() {
            Direction::Deduct => {
                if group_total > group.points {
                    explanations.push(Explanation::new(
                        ExplanationKind::Capped,
                        format!(
                            "{}扣分合计{}分，超过{}分，扣完为止",
                            group_prefix(&group),
                            fmt_dec(group_total),
                            fmt_dec(group.points)
                        ),
                    ));
                }
                group
                    .points
                    .checked_sub(group_total)
                    .unwrap_or(Decimal::ZERO)
                    .max(Decimal::ZERO)
            }
            Direction::Award => {
                if group_total > group.points {
                    explanations.push(Explanation::new(
                        ExplanationKind::Capped,
                        format!(
                            "{}计分合计{}分，超过标准分{}分，按{}分计",
                            group_prefix(&group),
                            fmt_dec(group_total),
                            fmt_dec(group.points),
                            fmt_dec(group.points)
                        ),
                    ));
                }
                group_total.min(group.points)
            }
        };
        if let Some(part) = group.part {
            explanations.push(Explanation::new(
                ExplanationKind::Part,
                format!(
                    "“{}”（{}分）得{}分",
                    part.label,
                    fmt_dec(part.points),
                    fmt_dec(round_score(score))
                ),
            ));
        }
        computed = computed.and_then(|c| c.checked_add(score));
    }
    // max/min rather than clamp: clamp panics when a (broken) ruleset's points are negative.
    let computed = computed.map(|c| round_score(c.max(Decimal::ZERO).min(item.points)));
    if let Some(c) = computed {
        explanations.push(Explanation::new(
            ExplanationKind::Computed,
            format!(
                "按规则得{}分（标准分{}分）",
                fmt_dec(c),
                fmt_dec(item.points)
            ),
        ));
    }

    // The manual score, if any, overrides.
    let mut manual_score = None;
    if let Some(m) = &entry.manual {
        match check_score(m.score, item.points) {
            Err(msg) => problems.push(problem(
                ProblemKind::Error,
                About::ManualScore,
                None,
                format!("手动评分{msg}"),
            )),
            Ok(()) if m.reason.trim().is_empty() => problems.push(problem(
                ProblemKind::Error,
                About::ManualReason,
                None,
                "手动评分须填写理由".into(),
            )),
            Ok(()) => {
                manual_score = Some(m.score.normalize());
                explanations.push(Explanation::new(
                    ExplanationKind::Manual,
                    match computed {
                        Some(c) => format!(
                            "手动评分{}分（理由：{}），按规则为{}分",
                            fmt_dec(m.score),
                            m.reason.trim(),
                            fmt_dec(c)
                        ),
                        None => format!(
                            "手动评分{}分（理由：{}）",
                            fmt_dec(m.score),
                            m.reason.trim()
                        ),
                    },
                ));
            }
        }
    }
    let invalid_manual = entry.manual.is_some() && manual_score.is_none();
    let score = if invalid_manual {
        None
    } else {
        manual_score.or(computed)
    };

    let mut reviewed = None;
    if let Some(r) = entry.reviewed {
        match check_score(r, item.points) {
            Ok(()) => reviewed = Some(r.normalize()),
            Err(msg) => problems.push(problem(
                ProblemKind::Error,
                About::ReviewedScore,
                None,
                format!("考核得分{msg}"),
            )),
        }
    }

    let has_error = problems.iter().any(|p| p.kind == ProblemKind::Error);
    let status = if has_error {
        ItemStatus::Invalid
    } else if score.is_some() {
        ItemStatus::Scored
    } else if filled > 0 {
        ItemStatus::Partial
    } else {
        ItemStatus::Unfilled
    };
    match status {
        ItemStatus::Unfilled if item.is_judgement() => problems.push(problem(
            ProblemKind::Unfilled,
            About::Item,
            None,
            "此项凭评定打分：请填写自查得分和理由".into(),
        )),
        ItemStatus::Unfilled => problems.push(problem(
            ProblemKind::Unfilled,
            About::Item,
            None,
            "未填".into(),
        )),
        ItemStatus::Partial => {
            let missing: Vec<&str> = rules
                .iter()
                .filter(|r| r.outcome == RuleOutcome::Unfilled)
                .map(|r| r.label.as_str())
                .collect();
            problems.push(problem(
                ProblemKind::Unfilled,
                About::Item,
                None,
                format!("未填完：{}", missing.join("、")),
            ));
        }
        _ => {}
    }

    ItemResult {
        item_id: item.id.clone(),
        points: item.points,
        status,
        computed,
        score,
        manual: manual_score.is_some(),
        reviewed,
        rules,
        explanations,
        problems,
        rule_notes: Vec::new(),
    }
}

fn group_prefix(group: &RuleGroup<'_>) -> String {
    match group.part {
        Some(p) => format!("“{}”", p.label),
        None => String::new(),
    }
}
