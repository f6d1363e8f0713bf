//! The ruleset: one year's assessment scheme as data — categories, items, the rules that
//! score them, the units and their classes, and the class targets.
//!
//! This file depends only on `serde`, `ron` and `rust_decimal`, because `build.rs` includes
//! it verbatim to check every `rulesets/*.ron` at build time with the very same code.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A whole scheme, as written in `rulesets/*.ron`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Ruleset {
    /// Stable id that sheet files refer to, e.g. `yueyang-2015`.
    pub id: String,
    pub version: String,
    pub year: u16,
    /// The sheet's title as printed, e.g. 2015年县市区妇联工作绩效考核自评表.
    pub title: String,
    /// Who issues the scheme (the municipal office).
    pub issuer: String,
    #[serde(with = "rust_decimal::serde::str")]
    pub total_points: Decimal,
    /// 注：…扣完本项标准分为止 — printed under the table, applies to every rule.
    pub footnote: String,
    pub classes: Vec<UnitClass>,
    pub units: Vec<Unit>,
    /// Per-unit figures the unit enters itself (乡镇数), used by some targets.
    #[serde(default)]
    pub figures: Vec<Figure>,
    pub categories: Vec<Category>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct UnitClass {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    pub id: String,
    /// The name printed on the sheet, e.g. 平江县.
    pub name: String,
    pub class: String,
    /// Other names the unit goes by (经开区, 临港产业新区); accepted wherever a name is typed.
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub id: String,
    pub label: String,
    pub unit: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: String,
    pub name: String,
    #[serde(with = "rust_decimal::serde::str")]
    pub points: Decimal,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    /// 考核内容, verbatim (may be empty, as on the paper form).
    pub content: String,
    /// 考核说明, verbatim.
    pub rule_text: String,
    #[serde(with = "rust_decimal::serde::str")]
    pub points: Decimal,
    /// The rules of an item scored as one group. Empty together with `parts`: a judgement
    /// item, scored by hand.
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// Parts with their own points (①②③); the item adds them and is capped at its points.
    #[serde(default)]
    pub parts: Vec<Part>,
    /// How an ambiguous text was read, stated so the municipal office can see and change it.
    #[serde(default)]
    pub reading: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Part {
    pub id: String,
    pub label: String,
    #[serde(with = "rust_decimal::serde::str")]
    pub points: Decimal,
    pub rules: Vec<Rule>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Unique within its item; sheet files key facts by it.
    pub id: String,
    /// The short label a clerk sees beside the input.
    pub label: String,
    pub kind: RuleKind,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub enum RuleKind {
    /// A condition the unit should meet; unmet deducts `amount`.
    DeductIfNot {
        #[serde(with = "rust_decimal::serde::str")]
        amount: Decimal,
    },
    /// A condition met earns `amount`.
    AwardIf {
        #[serde(with = "rust_decimal::serde::str")]
        amount: Decimal,
    },
    /// Deduct `per` for every unit missing against a target.
    Shortfall {
        target: Target,
        #[serde(with = "rust_decimal::serde::str")]
        per: Decimal,
        unit: String,
    },
    /// Deduct `per` for every counted failure.
    PerOccurrence {
        #[serde(with = "rust_decimal::serde::str")]
        per: Decimal,
        unit: String,
    },
    /// Deduct `points` × missing ÷ target (按篇数占分值比扣分).
    Proportional {
        target: Target,
        #[serde(with = "rust_decimal::serde::str")]
        points: Decimal,
        unit: String,
    },
    /// A rate in percent: deduct `per` for each step of `step` points below `threshold`.
    RateStep {
        #[serde(with = "rust_decimal::serde::str")]
        threshold: Decimal,
        #[serde(with = "rust_decimal::serde::str")]
        step: Decimal,
        #[serde(with = "rust_decimal::serde::str")]
        per: Decimal,
        steps: StepCounting,
    },
    /// A part scored by judgement: the unit enters 0 to `points`.
    Judgement {
        #[serde(with = "rust_decimal::serde::str")]
        points: Decimal,
    },
}

/// How a rate below the threshold is cut into steps.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub enum StepCounting {
    /// Only full steps count: 87% against 90%/5 → 0 steps, 85% → 1, 80% → 2.
    FullSteps,
    /// Any started step counts: 87% → 1 step.
    StartedSteps,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub enum Target {
    Fixed(u32),
    /// Class id → target.
    ByClass(BTreeMap<String, u32>),
    /// A unit figure (乡镇数) times a factor.
    PerFigure {
        figure: String,
        factor: u32,
    },
}

/// What a clerk enters for a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A yes/no check box.
    Flag,
    /// A whole number ≥ 0.
    Count,
    /// A rate in percent, 0–100.
    Percent,
    /// A score from 0 to the given points.
    Score,
}

/// Whether a rule takes points away from a full group or adds them to an empty one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Deduct,
    Award,
}

impl RuleKind {
    pub fn input_kind(&self) -> InputKind {
        match self {
            RuleKind::DeductIfNot { .. } | RuleKind::AwardIf { .. } => InputKind::Flag,
            RuleKind::Shortfall { .. }
            | RuleKind::PerOccurrence { .. }
            | RuleKind::Proportional { .. } => InputKind::Count,
            RuleKind::RateStep { .. } => InputKind::Percent,
            RuleKind::Judgement { .. } => InputKind::Score,
        }
    }

    pub fn direction(&self) -> Direction {
        match self {
            RuleKind::AwardIf { .. } | RuleKind::Judgement { .. } => Direction::Award,
            _ => Direction::Deduct,
        }
    }

    /// The unit of a counted input (条, 次…), or "%" for rates.
    pub fn unit(&self) -> &str {
        match self {
            RuleKind::Shortfall { unit, .. }
            | RuleKind::PerOccurrence { unit, .. }
            | RuleKind::Proportional { unit, .. } => unit,
            RuleKind::RateStep { .. } => "%",
            RuleKind::Judgement { .. } => "分",
            _ => "",
        }
    }

    /// The most this rule can add (award rules) — used to check a group's reachable total.
    fn max_award(&self) -> Option<Decimal> {
        match self {
            RuleKind::AwardIf { amount } => Some(*amount),
            RuleKind::Judgement { points } => Some(*points),
            _ => None,
        }
    }
}

impl Item {
    /// The rules of the item as scoring groups: one group without a part, or one per part.
    pub fn groups(&self) -> Vec<RuleGroup<'_>> {
        if self.parts.is_empty() {
            vec![RuleGroup {
                part: None,
                points: self.points,
                rules: &self.rules,
            }]
        } else {
            self.parts
                .iter()
                .map(|p| RuleGroup {
                    part: Some(p),
                    points: p.points,
                    rules: &p.rules,
                })
                .collect()
        }
    }

    /// Every rule of the item, parts included, in order.
    pub fn all_rules(&self) -> impl Iterator<Item = &Rule> {
        self.rules
            .iter()
            .chain(self.parts.iter().flat_map(|p| p.rules.iter()))
    }

    /// An item with no rule at all is scored by hand (a manual score is required).
    pub fn is_judgement(&self) -> bool {
        self.rules.is_empty() && self.parts.is_empty()
    }
}

/// Rules scored together against `points`.
#[derive(Debug, Clone, Copy)]
pub struct RuleGroup<'a> {
    pub part: Option<&'a Part>,
    pub points: Decimal,
    pub rules: &'a [Rule],
}

impl<'a> RuleGroup<'a> {
    /// Award groups start at 0 and add; deduction groups start at full points and subtract.
    pub fn direction(&self) -> Direction {
        if self
            .rules
            .iter()
            .all(|r| r.kind.direction() == Direction::Award)
            && !self.rules.is_empty()
        {
            Direction::Award
        } else {
            Direction::Deduct
        }
    }
}

impl Ruleset {
    pub fn items(&self) -> impl Iterator<Item = (&Category, &Item)> {
        self.categories
            .iter()
            .flat_map(|c| c.items.iter().map(move |i| (c, i)))
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items().map(|(_, i)| i).find(|i| i.id == id)
    }

    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.id == id)
    }

    /// Finds a unit by id, name or alias, as a clerk or a script would type it.
    pub fn find_unit(&self, name: &str) -> Option<&Unit> {
        let name = name.trim();
        self.units
            .iter()
            .find(|u| u.id == name || u.name == name || u.aliases.iter().any(|a| a == name))
    }

    /// The units a typed query may mean, in the official order: the name or an alias
    /// contains it (平, 平江, 经开区), the id starts with it (ping), or it names the class
    /// (县市). An empty query means every unit.
    pub fn units_matching(&self, query: &str) -> Vec<&Unit> {
        let q = query.trim();
        if q.is_empty() {
            return self.units.iter().collect();
        }
        let lower = q.to_lowercase();
        self.units
            .iter()
            .filter(|u| {
                u.name.contains(q)
                    || u.aliases.iter().any(|a| a.contains(q))
                    || u.id.starts_with(&lower)
                    || self.class(&u.class).is_some_and(|c| c.name == q)
            })
            .collect()
    }

    pub fn class(&self, id: &str) -> Option<&UnitClass> {
        self.classes.iter().find(|c| c.id == id)
    }

    pub fn figure(&self, id: &str) -> Option<&Figure> {
        self.figures.iter().find(|f| f.id == id)
    }

    /// Parses a ruleset from RON text. `source` names the file in messages.
    pub fn from_ron(text: &str, source: &str) -> Result<Ruleset, RonLoadError> {
        ron::from_str(text).map_err(|e| RonLoadError::new(source, text, &e))
    }

    /// The semantic check: errors make the ruleset unusable, warnings are shown to users.
    pub fn check(&self) -> Vec<Finding> {
        let mut c = Checker {
            findings: Vec::new(),
            rs: self,
        };
        c.run();
        c.findings
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// One result of the semantic check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    /// The item the finding is about, so a sheet can show it on that row.
    pub item: Option<String>,
    /// Where, in words: 类别“办公室工作” / 项目 office.info / 规则 city.
    pub location: String,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        };
        write!(f, "{sev}：{}：{}", self.location, self.message)
    }
}

struct Checker<'a> {
    findings: Vec<Finding>,
    rs: &'a Ruleset,
}

/// An item as a person names it: 维权工作 第4项（认真做好信访接待工作）. The content is cut
/// after 16 characters; an item without content is named by its rule text.
pub fn item_title(cat: &Category, item: &Item) -> String {
    let n = cat.items.iter().position(|i| i.id == item.id).unwrap_or(0) + 1;
    let text = if item.content.trim().is_empty() {
        item.rule_text.trim()
    } else {
        item.content.trim()
    };
    let mut short: String = text.chars().take(16).collect();
    if text.chars().count() > 16 {
        short.push('…');
    }
    if short.is_empty() {
        format!("{} 第{n}项", cat.name)
    } else {
        format!("{} 第{n}项（{short}）", cat.name)
    }
}

/// The largest points any value in a ruleset may have (a sheet is out of 100).
pub const MAX_POINTS: u32 = 1000;
/// The largest target count (信息 80 条) a ruleset may set; more is a typing slip.
pub const MAX_TARGET: u32 = 100_000;
/// The largest factor of a per-figure target (乡镇数 × 2).
pub const MAX_FACTOR: u32 = 1000;

/// At most ~40 characters of a value for a message, with … when cut: a 1 MB bad value is not
/// quoted whole in a message, a comparison note or a spreadsheet cell.
pub fn excerpt(s: &str) -> String {
    const MAX: usize = 40;
    let mut out: String = s.chars().take(MAX).collect();
    if s.chars().nth(MAX).is_some() {
        out.push('…');
    }
    out
}

/// Adds up values that come from a file, without overflowing: `None` when out of range.
pub fn checked_sum(values: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    values
        .into_iter()
        .try_fold(Decimal::ZERO, |acc, v| acc.checked_add(v))
}

/// A label for people, or the id when an author left the label empty.
fn or_id<'s>(label: &'s str, id: &'s str) -> &'s str {
    if label.trim().is_empty() { id } else { label }
}

/// Decimal as people write it: 4 not 4.00, 0.5 not 0.50.
pub fn fmt_dec(d: Decimal) -> String {
    d.normalize().to_string()
}

impl<'a> Checker<'a> {
    fn push(&mut self, severity: Severity, item: Option<&str>, location: String, message: String) {
        self.findings.push(Finding {
            severity,
            item: item.map(str::to_string),
            location,
            message,
        });
    }
    fn error(&mut self, item: Option<&str>, location: String, message: String) {
        self.push(Severity::Error, item, location, message);
    }

    fn duplicates<'b>(&mut self, what: &str, ids: impl Iterator<Item = &'b str>, loc: &str) {
        let mut seen = BTreeSet::new();
        for id in ids {
            if id.trim().is_empty() {
                self.error(None, loc.to_string(), format!("{what}的 id 不能为空"));
            } else if !seen.insert(id) {
                self.error(
                    None,
                    loc.to_string(),
                    format!("{what} id “{}”重复", excerpt(id)),
                );
            }
        }
    }

    fn points_ok(&mut self, item: Option<&str>, loc: &str, what: &str, d: Decimal) {
        if d > Decimal::from(MAX_POINTS) {
            self.error(
                item,
                loc.to_string(),
                format!(
                    "{what}不能超过{MAX_POINTS}分（现为{}）",
                    excerpt(&fmt_dec(d))
                ),
            );
        } else if d <= Decimal::ZERO {
            self.error(
                item,
                loc.to_string(),
                format!("{what}必须大于0（现为{}）", fmt_dec(d)),
            );
        } else if d.normalize().scale() > 2 {
            self.error(
                item,
                loc.to_string(),
                format!("{what}最多两位小数（现为{}）", fmt_dec(d)),
            );
        }
    }

    fn run(&mut self) {
        let rs = self.rs;
        if rs.id.trim().is_empty() {
            self.error(None, "规则集".into(), "id 不能为空".into());
        }
        if rs.version.trim().is_empty() {
            self.error(None, "规则集".into(), "version 不能为空".into());
        }
        self.duplicates(
            "单位类别",
            rs.classes.iter().map(|c| c.id.as_str()),
            "单位类别",
        );
        self.duplicates("单位", rs.units.iter().map(|u| u.id.as_str()), "单位");
        self.duplicates(
            "单位数据",
            rs.figures.iter().map(|f| f.id.as_str()),
            "单位数据",
        );
        self.duplicates(
            "类别",
            rs.categories.iter().map(|c| c.id.as_str()),
            "考核类别",
        );
        self.duplicates("项目", rs.items().map(|(_, i)| i.id.as_str()), "考核项目");
        let mut names = BTreeMap::new();
        for u in &rs.units {
            if rs.class(&u.class).is_none() {
                self.error(
                    None,
                    format!("单位“{}”", u.name),
                    format!("类别“{}”不存在", excerpt(&u.class)),
                );
            }
            for n in std::iter::once(&u.name).chain(u.aliases.iter()) {
                if let Some(other) = names.insert(n.as_str(), u.id.as_str())
                    && other != u.id
                {
                    self.error(
                        None,
                        format!("单位“{}”", u.name),
                        format!("名称“{}”与单位 {} 重复", excerpt(n), excerpt(other)),
                    );
                }
            }
        }
        for class in &rs.classes {
            if !rs.units.iter().any(|u| u.class == class.id) {
                self.push(
                    Severity::Warning,
                    None,
                    format!("单位类别“{}”", class.name),
                    "没有单位属于此类别".into(),
                );
            }
        }
        self.points_ok(None, "规则集", "总分", rs.total_points);
        let mut sum = Some(Decimal::ZERO);
        for cat in &rs.categories {
            let loc = format!("类别“{}”", cat.name);
            self.points_ok(None, &loc, "分值", cat.points);
            sum = sum.and_then(|s| s.checked_add(cat.points));
            if cat.items.is_empty() {
                self.error(None, loc.clone(), "类别中没有考核项目".into());
            }
            let item_sum = checked_sum(cat.items.iter().map(|i| i.points));
            if item_sum.is_none() {
                self.error(None, loc.clone(), "各项标准分合计超出范围".into());
            }
            if let Some(item_sum) = item_sum
                && item_sum != cat.points
            {
                self.error(
                    None,
                    loc.clone(),
                    format!(
                        "各项目标准分合计{}分，与类别分值{}分不符",
                        fmt_dec(item_sum),
                        fmt_dec(cat.points)
                    ),
                );
            }
            for item in &cat.items {
                self.check_item(cat, item);
            }
        }
        match sum {
            None => self.error(None, "规则集".into(), "各类别分值合计超出范围".into()),
            Some(sum) if sum != rs.total_points => self.error(
                None,
                "规则集".into(),
                format!(
                    "各类别分值合计{}分，与总分{}分不符",
                    fmt_dec(sum),
                    fmt_dec(rs.total_points)
                ),
            ),
            Some(_) => {}
        }
    }

    fn check_item(&mut self, cat: &Category, item: &Item) {
        let id = Some(item.id.as_str());
        let loc = item_title(cat, item);
        self.points_ok(id, &loc, "标准分", item.points);
        if !item.rules.is_empty() && !item.parts.is_empty() {
            self.error(
                id,
                loc.clone(),
                "不能同时有 rules 和 parts：请把规则都放进各部分".into(),
            );
        }
        self.duplicates_in_item(item, &loc);
        if !item.parts.is_empty() {
            let Some(part_sum) = checked_sum(item.parts.iter().map(|p| p.points)) else {
                self.error(id, loc.clone(), "各部分分值合计超出范围".into());
                return;
            };
            for p in &item.parts {
                let ploc = format!("{loc} 部分“{}”", or_id(&p.label, &p.id));
                self.points_ok(id, &ploc, "部分分值", p.points);
                if p.points > item.points {
                    self.error(
                        id,
                        ploc,
                        format!(
                            "部分分值{}分超过项目标准分{}分",
                            fmt_dec(p.points),
                            fmt_dec(item.points)
                        ),
                    );
                }
            }
            if part_sum < item.points {
                self.error(
                    id,
                    loc.clone(),
                    format!(
                        "各部分合计{}分，少于标准分{}分，本项永远拿不到满分",
                        fmt_dec(part_sum),
                        fmt_dec(item.points)
                    ),
                );
            } else if part_sum > item.points {
                self.push(
                    Severity::Warning,
                    id,
                    loc.clone(),
                    format!(
                        "各部分合计{}分，超过标准分{}分，按{}分封顶",
                        fmt_dec(part_sum),
                        fmt_dec(item.points),
                        fmt_dec(item.points)
                    ),
                );
            }
        }
        for group in item.groups() {
            let gloc = match group.part {
                Some(p) => format!("{loc} 部分“{}”", or_id(&p.label, &p.id)),
                None => loc.clone(),
            };
            self.check_group(item, &group, &gloc);
        }
    }

    fn duplicates_in_item(&mut self, item: &Item, loc: &str) {
        let mut seen = BTreeSet::new();
        for r in item.all_rules() {
            if r.id.trim().is_empty() {
                self.error(Some(&item.id), loc.to_string(), "规则 id 不能为空".into());
            } else if !seen.insert(r.id.as_str()) {
                self.error(
                    Some(&item.id),
                    loc.to_string(),
                    format!("规则 id “{}”在本项中重复", r.id),
                );
            }
            if r.label.trim().is_empty() {
                self.error(
                    Some(&item.id),
                    format!("{loc} 规则 {}", r.id),
                    "规则缺少给填表人看的标签 label".into(),
                );
            }
        }
        let mut parts = BTreeSet::new();
        for p in &item.parts {
            if !parts.insert(p.id.as_str()) {
                self.error(
                    Some(&item.id),
                    loc.to_string(),
                    format!("部分 id “{}”重复", p.id),
                );
            }
        }
    }

    fn check_group(&mut self, item: &Item, group: &RuleGroup<'_>, loc: &str) {
        let id = Some(item.id.as_str());
        let has_award = group
            .rules
            .iter()
            .any(|r| r.kind.direction() == Direction::Award);
        let has_deduct = group
            .rules
            .iter()
            .any(|r| r.kind.direction() == Direction::Deduct);
        if has_award && has_deduct {
            self.error(
                id,
                loc.to_string(),
                "同一组规则不能既加分又扣分：请拆成几个部分（parts），各有分值".into(),
            );
        }
        if group.part.is_some() && group.rules.is_empty() {
            self.error(
                id,
                loc.to_string(),
                "部分没有规则：凭评定打分的部分请用 Judgement".into(),
            );
        }
        if has_award && !has_deduct {
            let Some(max) = checked_sum(group.rules.iter().filter_map(|r| r.kind.max_award()))
            else {
                self.error(id, loc.to_string(), "加分规则合计超出范围".into());
                return;
            };
            if max < group.points {
                self.error(
                    id,
                    loc.to_string(),
                    format!(
                        "加分规则最多合计{}分，少于标准分{}分，本项永远拿不到满分",
                        fmt_dec(max),
                        fmt_dec(group.points)
                    ),
                );
            } else if max > group.points {
                self.push(
                    Severity::Warning,
                    id,
                    loc.to_string(),
                    format!(
                        "加分规则合计{}分，超过标准分{}分，按{}分封顶（原文如此）",
                        fmt_dec(max),
                        fmt_dec(group.points),
                        fmt_dec(group.points)
                    ),
                );
            }
        }
        for rule in group.rules {
            let rloc = format!("{loc} 规则“{}”", or_id(&rule.label, &rule.id));
            self.check_rule(item, group, rule, &rloc);
        }
    }

    fn check_target(&mut self, item: &str, loc: &str, target: &Target) {
        match target {
            Target::Fixed(0) => {
                self.error(Some(item), loc.to_string(), "目标数不能为0".into());
            }
            Target::Fixed(n) if *n > MAX_TARGET => {
                self.error(
                    Some(item),
                    loc.to_string(),
                    format!("目标数不能超过{MAX_TARGET}（现为{n}）"),
                );
            }
            Target::Fixed(_) => {}
            Target::ByClass(map) => {
                for class in &self.rs.classes {
                    match map.get(&class.id) {
                        None => self.error(
                            Some(item),
                            loc.to_string(),
                            format!("缺少“{}”类单位的目标数", class.name),
                        ),
                        Some(0) => self.error(
                            Some(item),
                            loc.to_string(),
                            format!("“{}”类单位的目标数不能为0", class.name),
                        ),
                        Some(n) if *n > MAX_TARGET => self.error(
                            Some(item),
                            loc.to_string(),
                            format!(
                                "“{}”类单位的目标数不能超过{MAX_TARGET}（现为{n}）",
                                class.name
                            ),
                        ),
                        Some(_) => {}
                    }
                }
                for key in map.keys() {
                    if self.rs.class(key).is_none() {
                        self.error(
                            Some(item),
                            loc.to_string(),
                            format!("目标数里的单位类别“{key}”不存在"),
                        );
                    }
                }
            }
            Target::PerFigure { figure, factor } => {
                if self.rs.figure(figure).is_none() {
                    self.error(
                        Some(item),
                        loc.to_string(),
                        format!("单位数据“{figure}”没有在 figures 中定义"),
                    );
                }
                if *factor == 0 {
                    self.error(Some(item), loc.to_string(), "倍数 factor 不能为0".into());
                } else if *factor > MAX_FACTOR {
                    self.error(
                        Some(item),
                        loc.to_string(),
                        format!("倍数 factor 不能超过{MAX_FACTOR}（现为{factor}）"),
                    );
                }
            }
        }
    }

    fn check_rule(&mut self, item: &Item, group: &RuleGroup<'_>, rule: &Rule, loc: &str) {
        let id = Some(item.id.as_str());
        match &rule.kind {
            RuleKind::DeductIfNot { amount } | RuleKind::AwardIf { amount } => {
                self.points_ok(id, loc, "分值", *amount);
            }
            RuleKind::Shortfall { target, per, .. } => {
                self.points_ok(id, loc, "每少一个扣分", *per);
                self.check_target(&item.id, loc, target);
            }
            RuleKind::PerOccurrence { per, .. } => {
                self.points_ok(id, loc, "每次扣分", *per);
            }
            RuleKind::Proportional { target, points, .. } => {
                self.points_ok(id, loc, "比例扣分的分值", *points);
                if *points > group.points {
                    self.error(
                        id,
                        loc.to_string(),
                        format!(
                            "比例扣分的分值{}分超过本组标准分{}分",
                            fmt_dec(*points),
                            fmt_dec(group.points)
                        ),
                    );
                }
                self.check_target(&item.id, loc, target);
            }
            RuleKind::RateStep {
                threshold,
                step,
                per,
                ..
            } => {
                if *threshold <= Decimal::ZERO || *threshold > Decimal::ONE_HUNDRED {
                    self.error(
                        id,
                        loc.to_string(),
                        format!(
                            "达标比例须在0到100之间（现为{}）",
                            excerpt(&fmt_dec(*threshold))
                        ),
                    );
                }
                if *step < Decimal::new(1, 2) || *step > Decimal::ONE_HUNDRED {
                    self.error(
                        id,
                        loc.to_string(),
                        format!(
                            "每档百分点 step 须在0.01到100之间（现为{}）",
                            excerpt(&fmt_dec(*step))
                        ),
                    );
                }
                self.points_ok(id, loc, "每档扣分", *per);
            }
            RuleKind::Judgement { points } => {
                self.points_ok(id, loc, "评定分值", *points);
                if *points > group.points {
                    self.error(
                        id,
                        loc.to_string(),
                        format!(
                            "评定分值{}分超过本组标准分{}分",
                            fmt_dec(*points),
                            fmt_dec(group.points)
                        ),
                    );
                }
            }
        }
    }
}

/// A RON text that failed to parse, located and explained in Chinese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RonLoadError {
    pub source: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl RonLoadError {
    /// `text` is what was parsed: an error on its last line means the file was cut short.
    pub fn new(source: &str, text: &str, e: &ron::error::SpannedError) -> Self {
        let mut message = ron_error_zh(&e.code);
        let last_line = text.trim_end().lines().count().max(1);
        if e.span.start.line >= last_line && e.code != ron::Error::Eof {
            message = format!("文件意外结束（文件不完整或被截断？）；{message}");
        }
        RonLoadError {
            source: source.to_string(),
            line: e.span.start.line,
            column: e.span.start.col,
            message,
        }
    }
}

impl fmt::Display for RonLoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "文件“{}”第{}行第{}列：{}",
            self.source, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for RonLoadError {}

fn in_outer(outer: &Option<String>) -> String {
    match outer {
        Some(o) => format!("（在 {o} 中）"),
        None => String::new(),
    }
}

/// Says what a RON error means, in Chinese, for a clerk or a ruleset author.
pub fn ron_error_zh(e: &ron::Error) -> String {
    use ron::Error as E;
    match e {
        E::Eof => "文件意外结束（文件不完整或被截断？）".into(),
        E::ExpectedArray => "这里应为列表 [ … ]".into(),
        E::ExpectedArrayEnd => "列表没有正确结束，缺少“]”或逗号".into(),
        E::ExpectedBoolean => "这里应为 true 或 false".into(),
        E::ExpectedComma => "缺少逗号".into(),
        E::ExpectedInteger => "这里应为整数".into(),
        E::ExpectedFloat => "这里应为数字".into(),
        E::ExpectedOption => "这里应为 Some( … ) 或 None".into(),
        E::ExpectedOptionEnd => "Some( … ) 没有正确结束".into(),
        E::ExpectedMap => "这里应为映射 { … }".into(),
        E::ExpectedMapColon => "映射中缺少冒号“:”".into(),
        E::ExpectedMapEnd => "映射没有正确结束，缺少“}”或逗号".into(),
        E::ExpectedDifferentStructName { expected, found } => {
            format!("这里应为 {expected}( … )，却是 {found}")
        }
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => "这里应为结构 ( … )".into(),
        E::ExpectedStructLikeEnd => "结构没有正确结束，缺少“)”或逗号".into(),
        E::ExpectedString | E::ExpectedStringEnd => {
            "这里应为带英文双引号的文字（分值也要加双引号，如 \"0.5\"）".into()
        }
        E::ExpectedIdentifier => "这里应为字段名".into(),
        E::IntegerOutOfBounds => "整数超出范围".into(),
        E::InvalidIntegerDigit { digit, .. } => format!("整数中有无效字符“{digit}”"),
        E::UnclosedBlockComment | E::UnclosedLineComment => "注释没有结束".into(),
        E::UnexpectedChar(c) => format!("意外的字符“{c}”"),
        E::Utf8Error(_) => "文件不是 UTF-8 编码的文本".into(),
        E::TrailingCharacters => "内容结束后还有多余的字符".into(),
        E::InvalidValueForType { expected, found } => {
            format!("取值“{}”无效，应为 {expected}", excerpt(found))
        }
        E::ExpectedDifferentLength { expected, found } => {
            format!("长度不对：应为 {expected}，实际 {found}")
        }
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => format!(
            "没有“{}”这种写法{}，可用的有：{}",
            excerpt(found),
            in_outer(outer),
            expected.join("、")
        ),
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => format!(
            "没有字段“{}”{}，可用的字段有：{}",
            excerpt(found),
            in_outer(outer),
            expected.join("、")
        ),
        E::MissingStructField { field, outer } => {
            format!("缺少字段“{field}”{}", in_outer(outer))
        }
        E::DuplicateStructField { field, outer } => {
            format!("字段“{field}”重复{}", in_outer(outer))
        }
        E::Message(m) => translate_serde_message(&excerpt(m)),
        other => format!("格式错误：{}", excerpt(&other.to_string())),
    }
}

fn translate_serde_message(m: &str) -> String {
    if m.contains("expected a Decimal") || m.contains("Decimal") {
        format!("分值应写成带双引号的数字，如 \"0.5\"（{m}）")
    } else if m.starts_with("invalid type") {
        format!("类型不对（{m}）")
    } else if m.starts_with("invalid value") {
        format!("取值无效（{m}）")
    } else {
        format!("格式错误（{m}）")
    }
}
