//! The ruleset: one year's assessment scheme as data — categories, items, the rules that
//! score them, the units and their classes, and the class targets.
//!
//! This file depends only on `serde`, `ron` and `rust_decimal`, because `build.rs` includes
//! it verbatim to check every `rulesets/*.ron` at build time with the very same code.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

// The checker (`ruleset_check`, with `Ruleset::check`) and the RON error messages
// (`ron_errors`, with `Ruleset::from_ron`) live in their own files, which build.rs includes
// beside this one; they depend on this file, never the other way round.

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
    /// When the signed sheet is due at the municipal office, if the scheme says.
    #[serde(default)]
    pub deadline: Option<Deadline>,
    /// 等次 by total for the 考核通报 (优秀 90分以上…), best first; empty: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grades: Vec<GradeBand>,
    /// Awards by places in each class for the 考核通报 (一等奖1名…); empty: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub awards: Vec<AwardPlaces>,
    /// The 台账 a unit may keep instead of typing counts (see `ledger`); empty: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ledgers: Vec<crate::ledger::Ledger>,
}

/// A grade a total reaches: 优秀 from 90.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename = "Grade")]
pub struct GradeBand {
    pub label: String,
    #[serde(with = "rust_decimal::serde::str")]
    pub min: Decimal,
}

impl GradeBand {
    /// `优秀:90,良好:80,合格:60` (as typed in a workbook cell or a dialog), best first.
    pub fn parse_list(text: &str) -> Result<Vec<GradeBand>, String> {
        let mut out = Vec::new();
        for (label, value) in label_pairs(text)? {
            let min = value.parse::<Decimal>().map_err(|_| {
                format!("等次“{label}”的分数线“{value}”不是数字，请写成 优秀:90,良好:80")
            })?;
            out.push(GradeBand {
                label: label.to_string(),
                min,
            });
        }
        out.sort_by_key(|g| std::cmp::Reverse(g.min));
        Ok(out)
    }

    /// The list as it is typed: 优秀:90,良好:80.
    pub fn list_text(list: &[GradeBand]) -> String {
        let parts: Vec<String> = list
            .iter()
            .map(|g| format!("{}:{}", g.label, fmt_dec(g.min)))
            .collect();
        parts.join(",")
    }
}

impl AwardPlaces {
    /// `一等奖:1,二等奖:2,三等奖:3`, in the order typed (best first).
    pub fn parse_list(text: &str) -> Result<Vec<AwardPlaces>, String> {
        let mut out = Vec::new();
        for (label, value) in label_pairs(text)? {
            let places = value
                .parse::<u32>()
                .ok()
                .filter(|n| *n <= 100)
                .ok_or_else(|| {
                    format!("奖项“{label}”的名额“{value}”不是整数，请写成 一等奖:1,二等奖:2")
                })?;
            out.push(AwardPlaces {
                label: label.to_string(),
                places,
            });
        }
        Ok(out)
    }

    pub fn list_text(list: &[AwardPlaces]) -> String {
        let parts: Vec<String> = list
            .iter()
            .map(|a| format!("{}:{}", a.label, a.places))
            .collect();
        parts.join(",")
    }
}

/// `a:1,b:2` (or with ，：、 as a Chinese keyboard types them) → its pairs.
fn label_pairs(text: &str) -> Result<Vec<(&str, &str)>, String> {
    let out: Vec<(&str, &str)> = text
        .split([',', '，', '、', ';', '；'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            p.split_once([':', '：'])
                .map(|(l, v)| (l.trim(), v.trim()))
                .filter(|(l, v)| !l.is_empty() && !v.is_empty())
                .ok_or_else(|| format!("“{}”应写成 名称:数，如 优秀:90", excerpt(p)))
        })
        .collect::<Result<_, _>>()?;
    if out.is_empty() {
        return Err("没有给出等次或奖项，请写成 优秀:90,良好:80".into());
    }
    Ok(out)
}

/// An award for so many places in each class: 一等奖 1.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename = "Award")]
pub struct AwardPlaces {
    pub label: String,
    pub places: u32,
}

/// The submission deadline: a date (`2016-01-12`) and where it comes from.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Where the date comes from, when it is this file's reading of a text (the notice).
    #[serde(default)]
    pub reading: String,
}

impl Deadline {
    /// (year, month, day) when `date` is a real `YYYY-MM-DD` date.
    pub fn ymd(&self) -> Option<(i32, u32, u32)> {
        let mut parts = self.date.split('-');
        let y: i32 = parts.next()?.parse().ok()?;
        let m: u32 = parts.next()?.parse().ok()?;
        let d: u32 = parts.next()?.parse().ok()?;
        if parts.next().is_some() || !(1900..=9999).contains(&y) || !(1..=12).contains(&m) {
            return None;
        }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let days = match m {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        (1..=days).contains(&d).then_some((y, m, d))
    }
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
    /// 佐证材料 the scheme asks for or suggests for this item.
    #[serde(default)]
    pub evidence: Vec<EvidenceSpec>,
}

/// A document a unit should attach to an item (活动图片, 调研报告…).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename = "Evidence")]
pub struct EvidenceSpec {
    pub title: String,
    /// Missing required evidence is a warning (the sheet can still be sent).
    #[serde(default)]
    pub required: bool,
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
    /// A 加分项's rule: `per` added for every counted achievement (表彰, 创新工作), up to the
    /// item's points. Only in a category of its own (`Category::is_bonus`), counted beyond
    /// the scheme's `total_points`.
    Bonus {
        #[serde(with = "rust_decimal::serde::str")]
        per: Decimal,
        unit: String,
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
            | RuleKind::Proportional { .. }
            | RuleKind::Bonus { .. } => InputKind::Count,
            RuleKind::RateStep { .. } => InputKind::Percent,
            RuleKind::Judgement { .. } => InputKind::Score,
        }
    }

    pub fn direction(&self) -> Direction {
        match self {
            RuleKind::AwardIf { .. } | RuleKind::Judgement { .. } | RuleKind::Bonus { .. } => {
                Direction::Award
            }
            _ => Direction::Deduct,
        }
    }

    /// The unit of a counted input (条, 次…), or "%" for rates.
    pub fn unit(&self) -> &str {
        match self {
            RuleKind::Shortfall { unit, .. }
            | RuleKind::PerOccurrence { unit, .. }
            | RuleKind::Proportional { unit, .. }
            | RuleKind::Bonus { unit, .. } => unit,
            RuleKind::RateStep { .. } => "%",
            RuleKind::Judgement { .. } => "分",
            _ => "",
        }
    }

    /// The most this rule can add (award rules) — used to check a group's reachable total.
    pub(crate) fn max_award(&self) -> Option<Decimal> {
        match self {
            RuleKind::AwardIf { amount } => Some(*amount),
            RuleKind::Judgement { points } => Some(*points),
            _ => None,
        }
    }
}

impl Category {
    /// A 加分项 category: every rule of every item is a `Bonus`. Its points are a cap, counted
    /// beyond the scheme's `total_points` (totals above 100 are possible).
    pub fn is_bonus(&self) -> bool {
        !self.items.is_empty()
            && self.items.iter().all(|i| {
                i.all_rules().next().is_some()
                    && i.all_rules()
                        .all(|r| matches!(r.kind, RuleKind::Bonus { .. }))
            })
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

    /// The most the 加分项 categories can add beyond `total_points` (0 without any).
    pub fn bonus_points(&self) -> Decimal {
        checked_sum(
            self.categories
                .iter()
                .filter(|c| c.is_bonus())
                .map(|c| c.points),
        )
        .unwrap_or(Decimal::ZERO)
    }

    pub fn figure(&self, id: &str) -> Option<&Figure> {
        self.figures.iter().find(|f| f.id == id)
    }
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

/// Quoting a value in a message (defined with the other ways content is shown, `names`).
pub use crate::names::excerpt;

/// Adds up values that come from a file, without overflowing: `None` when out of range.
pub fn checked_sum(values: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    values
        .into_iter()
        .try_fold(Decimal::ZERO, |acc, v| acc.checked_add(v))
}

/// A label for people, or the id when an author left the label empty.
pub fn or_id<'s>(label: &'s str, id: &'s str) -> &'s str {
    if label.trim().is_empty() { id } else { label }
}

/// Decimal as people write it: 4 not 4.00, 0.5 not 0.50.
pub fn fmt_dec(d: Decimal) -> String {
    d.normalize().to_string()
}
