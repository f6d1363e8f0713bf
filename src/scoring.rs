//! The scoring engine: ruleset + unit + facts → every rule's effect with a one-line
//! explanation, every item's score, category subtotals, the total and the problems.
//!
//! Exact decimal arithmetic throughout. Invariants: an item score lies in [0, points] and has
//! at most 2 decimals (half-up); an item without all its facts has no score (未填), never 0
//! and never full marks.

use crate::input::parse_number;
use crate::ruleset::{
    Direction, InputKind, Item, RuleGroup, RuleKind, Ruleset, Severity, StepCounting, Target,
    excerpt, fmt_dec,
};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    #[serde(default)]
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
}

/// Who the sheet is for: the unit (hence its class) and its own figures (乡镇数).
#[derive(Debug, Clone, Copy)]
pub struct UnitContext<'a> {
    pub unit: Option<&'a str>,
    pub figures: &'a BTreeMap<String, u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum ProblemKind {
    Error,
    Warning,
    Unfilled,
}

/// Something the user should see: an error, a warning, or something not yet filled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub kind: ProblemKind,
    pub item: Option<String>,
    pub rule: Option<String>,
    /// Where, in words: 办公室工作 第1项.
    pub location: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.kind {
            ProblemKind::Error => "错误",
            ProblemKind::Warning => "警告",
            ProblemKind::Unfilled => "未填",
        };
        if self.location.is_empty() {
            write!(f, "【{kind}】{}", self.message)
        } else {
            write!(f, "【{kind}】{}：{}", self.location, self.message)
        }
    }
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
    pub explanations: Vec<String>,
    pub problems: Vec<Problem>,
    /// The ruleset's own remarks on this item (规则说明), e.g. that its awards add up to more
    /// than its points. Shown on the item; not problems, since the clerk cannot fix them.
    pub rule_notes: Vec<String>,
}

impl ItemResult {
    pub fn has_warning(&self) -> bool {
        self.problems.iter().any(|p| p.kind == ProblemKind::Warning)
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
    /// Reviewed total minus self total, once any item has a 考核得分.
    pub fn review_total_difference(&self) -> Option<Decimal> {
        self.reviewed_total
            .map(|r| r.saturating_sub(self.total).normalize())
    }

    pub fn item(&self, id: &str) -> Option<&ItemResult> {
        self.items.iter().find(|i| i.item_id == id)
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
    pub fn count(&self, kind: ProblemKind) -> usize {
        self.problems.iter().filter(|p| p.kind == kind).count()
    }
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
    ruleset_findings: &[crate::ruleset::Finding],
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
                        location: location.clone(),
                        message: format!("考核规则：{}", f.message),
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
        location: "表头".into(),
        message: message.into(),
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
    let problem = |kind, rule: Option<&str>, message: String| Problem {
        kind,
        item: Some(item.id.clone()),
        rule: rule.map(str::to_string),
        location: location.to_string(),
        message,
    };

    for key in entry.facts.keys() {
        if !item.all_rules().any(|r| &r.id == key) {
            problems.push(problem(
                ProblemKind::Warning,
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
                        Some(&rule.id),
                        format!("{}：{msg}", rule.label),
                    ));
                }
                RuleOutcome::Unfilled => group_done = false,
            }
            if let Some(e) = &explanation {
                explanations.push(e.clone());
            }
            if matches!(outcome, RuleOutcome::Done(_))
                && let Some(hint) = percent_fraction_hint(&rule.kind, fact)
            {
                problems.push(problem(
                    ProblemKind::Warning,
                    Some(&rule.id),
                    format!("{}：{hint}", rule.label),
                ));
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
                    explanations.push(format!(
                        "{}扣分合计{}分，超过{}分，扣完为止",
                        group_prefix(&group),
                        fmt_dec(group_total),
                        fmt_dec(group.points)
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
                    explanations.push(format!(
                        "{}计分合计{}分，超过标准分{}分，按{}分计",
                        group_prefix(&group),
                        fmt_dec(group_total),
                        fmt_dec(group.points),
                        fmt_dec(group.points)
                    ));
                }
                group_total.min(group.points)
            }
        };
        if let Some(part) = group.part {
            explanations.push(format!(
                "“{}”（{}分）得{}分",
                part.label,
                fmt_dec(part.points),
                fmt_dec(round_score(score))
            ));
        }
        computed = computed.and_then(|c| c.checked_add(score));
    }
    // max/min rather than clamp: clamp panics when a (broken) ruleset's points are negative.
    let computed = computed.map(|c| round_score(c.max(Decimal::ZERO).min(item.points)));
    if let Some(c) = computed {
        explanations.push(format!(
            "按规则得{}分（标准分{}分）",
            fmt_dec(c),
            fmt_dec(item.points)
        ));
    }

    // The manual score, if any, overrides.
    let mut manual_score = None;
    if let Some(m) = &entry.manual {
        match check_score(m.score, item.points) {
            Err(msg) => problems.push(problem(ProblemKind::Error, None, format!("手动评分{msg}"))),
            Ok(()) if m.reason.trim().is_empty() => problems.push(problem(
                ProblemKind::Error,
                None,
                "手动评分须填写理由".into(),
            )),
            Ok(()) => {
                manual_score = Some(m.score.normalize());
                explanations.push(match computed {
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
                });
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
            Err(msg) => problems.push(problem(ProblemKind::Error, None, format!("考核得分{msg}"))),
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
            None,
            "此项凭评定打分：请填写自查得分和理由".into(),
        )),
        ItemStatus::Unfilled => problems.push(problem(ProblemKind::Unfilled, None, "未填".into())),
        ItemStatus::Partial => {
            let missing: Vec<&str> = rules
                .iter()
                .filter(|r| r.outcome == RuleOutcome::Unfilled)
                .map(|r| r.label.as_str())
                .collect();
            problems.push(problem(
                ProblemKind::Unfilled,
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

/// A score a person sets (manual or reviewed): within [0, points], at most 2 decimals.
pub fn check_score(score: Decimal, points: Decimal) -> Result<(), String> {
    if score < Decimal::ZERO || score > points {
        Err(format!("须在0到{}分之间", fmt_dec(points)))
    } else if score.normalize().scale() > 2 {
        Err("最多两位小数".into())
    } else {
        Ok(())
    }
}

/// What an input of this kind accepts, in words for the clerk, with an example that fits it
/// (a whole number for counts, a score within the item's points).
pub fn input_hint(kind: &RuleKind) -> String {
    match kind.input_kind() {
        InputKind::Flag => "选择“是”或“否”".into(),
        InputKind::Count => format!("请输入0或正整数，如 3（单位：{}）", kind.unit()),
        InputKind::Percent => "请输入0到100之间的百分数（最多两位小数），如 95 或 87.5".into(),
        InputKind::Score => match kind {
            RuleKind::Judgement { points } => score_hint(*points),
            _ => String::new(),
        },
    }
}

/// What a score field accepts, with an example within the points: 请输入0到3之间的分数，如 2.5.
pub fn score_hint(points: Decimal) -> String {
    let example = if points >= Decimal::ONE {
        points - Decimal::new(5, 1)
    } else {
        points / Decimal::TWO
    };
    format!(
        "请输入0到{}之间的分数（最多两位小数），如 {}",
        fmt_dec(points),
        fmt_dec(round_score(example))
    )
}

/// A percentage under 1 with decimals (0.87) is most likely a rate typed as a fraction:
/// the hint asks whether 87% was meant.
pub fn percent_fraction_hint(kind: &RuleKind, fact: Option<&Fact>) -> Option<String> {
    if kind.input_kind() != InputKind::Percent {
        return None;
    }
    let value = match fact? {
        Fact::Number(d) => *d,
        Fact::Text(t) => parse_number(t).ok()??,
        Fact::Flag(_) => return None,
    };
    if value > Decimal::ZERO && value < Decimal::ONE && !value.fract().is_zero() {
        let as_percent = (value * Decimal::ONE_HUNDRED).normalize();
        Some(format!(
            "填写的是{}%：是否为{}%？百分比请直接填写{}",
            fmt_dec(value),
            fmt_dec(as_percent),
            fmt_dec(as_percent)
        ))
    } else {
        None
    }
}

enum Value {
    Flag(bool),
    Number(Decimal),
}

/// Reads a fact as the rule's input kind; `Ok(None)` when not filled.
fn read_fact(kind: &RuleKind, fact: Option<&Fact>) -> Result<Option<Value>, String> {
    let want_flag = kind.input_kind() == InputKind::Flag;
    let number = match fact {
        None => return Ok(None),
        Some(Fact::Flag(b)) if want_flag => return Ok(Some(Value::Flag(*b))),
        Some(_) if want_flag => return Err("应选择“是”或“否”".into()),
        Some(Fact::Flag(_)) => return Err(input_hint(kind)),
        Some(Fact::Number(d)) => *d,
        Some(Fact::Text(t)) => match parse_number(t) {
            Ok(None) => return Ok(None),
            Ok(Some(d)) => d,
            Err(e) => {
                return Err(format!(
                    "“{}”{}；{}",
                    excerpt(t.trim()),
                    e,
                    input_hint(kind)
                ));
            }
        },
    };
    let ok = match kind.input_kind() {
        InputKind::Count => {
            number >= Decimal::ZERO && number.fract().is_zero() && number <= MAX_COUNT.into()
        }
        InputKind::Percent => {
            number >= Decimal::ZERO
                && number <= Decimal::ONE_HUNDRED
                && number.normalize().scale() <= 2
        }
        InputKind::Score => match kind {
            RuleKind::Judgement { points } => check_score(number, *points).is_ok(),
            _ => false,
        },
        InputKind::Flag => false,
    };
    if ok {
        Ok(Some(Value::Number(number.normalize())))
    } else {
        Err(format!(
            "“{}”不符合要求：{}",
            fmt_dec(number),
            input_hint(kind)
        ))
    }
}

/// The target for this unit, with the basis in words (（县市类）, （乡镇数20×2）).
fn resolve_target(
    ruleset: &Ruleset,
    target: &Target,
    ctx: UnitContext<'_>,
) -> Result<(u32, String), String> {
    match target {
        Target::Fixed(n) => Ok((*n, String::new())),
        Target::ByClass(map) => {
            let unit = ctx
                .unit
                .and_then(|u| ruleset.unit(u))
                .ok_or("目标数因单位类别而不同：请先在表头选择填报单位")?;
            let class = ruleset.class(&unit.class).ok_or("填报单位的类别未定义")?;
            let n = map
                .get(&unit.class)
                .ok_or_else(|| format!("考核规则缺少“{}”类单位的目标数", class.name))?;
            Ok((*n, format!("（{}类）", class.name)))
        }
        Target::PerFigure { figure, factor } => {
            let label = ruleset
                .figure(figure)
                .map(|f| f.label.as_str())
                .unwrap_or(figure);
            let value = ctx
                .figures
                .get(figure)
                .ok_or_else(|| format!("目标数按{label}计算：请先在表头填写{label}"))?;
            let n = value
                .checked_mul(*factor)
                .ok_or_else(|| format!("{label}过大"))?;
            if *factor == 1 {
                Ok((n, format!("（{label}{value}）")))
            } else {
                Ok((n, format!("（{label}{value}×{factor}）")))
            }
        }
    }
}

/// Applies one rule to its fact: the effect and the explanation line.
fn apply_rule(
    ruleset: &Ruleset,
    rule: &crate::ruleset::Rule,
    fact: Option<&Fact>,
    ctx: UnitContext<'_>,
) -> (RuleOutcome, Option<String>) {
    let value = match read_fact(&rule.kind, fact) {
        Ok(None) => return (RuleOutcome::Unfilled, None),
        Ok(Some(v)) => v,
        Err(msg) => return (RuleOutcome::Invalid(msg), None),
    };
    let label = &rule.label;
    let done = |effect, text: String| (RuleOutcome::Done(effect), Some(text));
    match (&rule.kind, value) {
        (RuleKind::DeductIfNot { amount }, Value::Flag(met)) => {
            if met {
                done(
                    Effect::Deduct(Decimal::ZERO),
                    format!("{label}：是，不扣分"),
                )
            } else {
                done(
                    Effect::Deduct(*amount),
                    format!("{label}：否，扣{}分", fmt_dec(*amount)),
                )
            }
        }
        (RuleKind::AwardIf { amount }, Value::Flag(met)) => {
            if met {
                done(
                    Effect::Award(*amount),
                    format!("{label}：是，计{}分", fmt_dec(*amount)),
                )
            } else {
                done(Effect::Award(Decimal::ZERO), format!("{label}：否，不计分"))
            }
        }
        (RuleKind::Shortfall { target, per, unit }, Value::Number(actual)) => {
            let (t, basis) = match resolve_target(ruleset, target, ctx) {
                Ok(x) => x,
                Err(msg) => return (RuleOutcome::Invalid(msg), None),
            };
            let short = Decimal::from(t)
                .checked_sub(actual)
                .unwrap_or(Decimal::ZERO)
                .max(Decimal::ZERO);
            let head = format!(
                "{label}：目标{t}{unit}{basis}，实际{}{unit}",
                fmt_dec(actual)
            );
            if short.is_zero() {
                done(
                    Effect::Deduct(Decimal::ZERO),
                    format!("{head}，已达标，不扣分"),
                )
            } else {
                let Some(d) = short.checked_mul(*per) else {
                    return (RuleOutcome::Invalid(OVERFLOW.into()), None);
                };
                done(
                    Effect::Deduct(d),
                    format!(
                        "{head}，少{}{unit}×{}=扣{}分",
                        fmt_dec(short),
                        fmt_dec(*per),
                        fmt_dec(d)
                    ),
                )
            }
        }
        (RuleKind::PerOccurrence { per, unit }, Value::Number(n)) => {
            if n.is_zero() {
                done(
                    Effect::Deduct(Decimal::ZERO),
                    format!("{label}：0{unit}，不扣分"),
                )
            } else {
                let Some(d) = n.checked_mul(*per) else {
                    return (RuleOutcome::Invalid(OVERFLOW.into()), None);
                };
                done(
                    Effect::Deduct(d),
                    format!(
                        "{label}：{}{unit}×{}=扣{}分",
                        fmt_dec(n),
                        fmt_dec(*per),
                        fmt_dec(d)
                    ),
                )
            }
        }
        (
            RuleKind::Proportional {
                target,
                points,
                unit,
            },
            Value::Number(actual),
        ) => {
            let (t, basis) = match resolve_target(ruleset, target, ctx) {
                Ok(x) => x,
                Err(msg) => return (RuleOutcome::Invalid(msg), None),
            };
            let t_dec = Decimal::from(t);
            let short = t_dec
                .checked_sub(actual)
                .unwrap_or(Decimal::ZERO)
                .max(Decimal::ZERO);
            let head = format!(
                "{label}：目标{t}{unit}{basis}，实际{}{unit}",
                fmt_dec(actual)
            );
            if short.is_zero() {
                done(
                    Effect::Deduct(Decimal::ZERO),
                    format!("{head}，已完成，不扣分"),
                )
            } else {
                let Some(d) = points.checked_mul(short).and_then(|x| x.checked_div(t_dec)) else {
                    return (RuleOutcome::Invalid(OVERFLOW.into()), None);
                };
                let shown = round_score(d);
                let eq = if shown == d { "=" } else { "≈" };
                done(
                    Effect::Deduct(d),
                    format!(
                        "{head}，少{}{unit}，按比例扣{}×{}/{t}{eq}{}分",
                        fmt_dec(short),
                        fmt_dec(*points),
                        fmt_dec(short),
                        fmt_dec(shown)
                    ),
                )
            }
        }
        (
            RuleKind::RateStep {
                threshold,
                step,
                per,
                steps,
            },
            Value::Number(rate),
        ) => {
            if rate >= *threshold {
                return done(
                    Effect::Deduct(Decimal::ZERO),
                    format!(
                        "{label}{}%，达到{}%，不扣分",
                        fmt_dec(rate),
                        fmt_dec(*threshold)
                    ),
                );
            }
            let (Some(gap), true) = (threshold.checked_sub(rate), !step.is_zero()) else {
                return (RuleOutcome::Invalid(OVERFLOW.into()), None);
            };
            let Some(ratio) = gap.checked_div(*step) else {
                return (RuleOutcome::Invalid(OVERFLOW.into()), None);
            };
            let n = match steps {
                StepCounting::FullSteps => ratio.floor(),
                StepCounting::StartedSteps => ratio.ceil(),
            };
            let head = format!(
                "{label}{}%，低于{}%共{}个百分点",
                fmt_dec(rate),
                fmt_dec(*threshold),
                fmt_dec(gap)
            );
            if n.is_zero() {
                done(
                    Effect::Deduct(Decimal::ZERO),
                    format!("{head}，不满{}个百分点，不扣分", fmt_dec(*step)),
                )
            } else {
                let Some(d) = n.checked_mul(*per) else {
                    return (RuleOutcome::Invalid(OVERFLOW.into()), None);
                };
                done(
                    Effect::Deduct(d),
                    format!(
                        "{head}，每{}个百分点一档，计{}档×{}=扣{}分",
                        fmt_dec(*step),
                        fmt_dec(n),
                        fmt_dec(*per),
                        fmt_dec(d)
                    ),
                )
            }
        }
        (RuleKind::Judgement { .. }, Value::Number(v)) => {
            done(Effect::Award(v), format!("{label}：评定{}分", fmt_dec(v)))
        }
        // read_fact only yields a Flag for flag rules and a Number for the others.
        _ => (RuleOutcome::Invalid(input_hint(&rule.kind)), None::<String>),
    }
}
