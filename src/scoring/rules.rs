//! One rule applied to one fact: reading what the clerk typed as the rule's kind of input,
//! the unit's target, the effect in points and the one-line explanation; and the hints that
//! say what each input accepts.

use super::{Effect, Fact, MAX_COUNT, OVERFLOW, RuleOutcome, UnitContext, round_score};
use crate::input::parse_number;
use crate::ruleset::{
    Direction, InputKind, RuleKind, Ruleset, StepCounting, Target, excerpt, fmt_dec,
};
use rust_decimal::Decimal;

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

pub(super) enum Value {
    Flag(bool),
    Number(Decimal),
}

/// Reads a fact as the rule's input kind; `Ok(None)` when not filled.
pub(super) fn read_fact(kind: &RuleKind, fact: Option<&Fact>) -> Result<Option<Value>, String> {
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

/// The unit's target of a rule that has one (未达目标, 按比例), when it can be said.
pub fn target_of(ruleset: &Ruleset, kind: &RuleKind, ctx: UnitContext<'_>) -> Option<u32> {
    match kind {
        RuleKind::Shortfall { target, .. } | RuleKind::Proportional { target, .. } => {
            resolve_target(ruleset, target, ctx).ok().map(|(n, _)| n)
        }
        _ => None,
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
pub(super) fn apply_rule(
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
    match effect_of(ruleset, rule, value, ctx) {
        Ok((effect, line)) => (RuleOutcome::Done(effect), Some(line)),
        Err(msg) => (RuleOutcome::Invalid(msg), None),
    }
}

/// What the rule does with a value of its kind, in points and in one line; `Err` says why it
/// cannot (a target missing, numbers too large).
fn effect_of(
    ruleset: &Ruleset,
    rule: &crate::ruleset::Rule,
    value: Value,
    ctx: UnitContext<'_>,
) -> Result<(Effect, String), String> {
    let label = &rule.label;
    match (&rule.kind, value) {
        (RuleKind::DeductIfNot { amount }, Value::Flag(met)) => Ok(if met {
            (
                Effect::Deduct(Decimal::ZERO),
                format!("{label}：是，不扣分"),
            )
        } else {
            (
                Effect::Deduct(*amount),
                format!("{label}：否，扣{}分", fmt_dec(*amount)),
            )
        }),
        (RuleKind::AwardIf { amount }, Value::Flag(met)) => Ok(if met {
            (
                Effect::Award(*amount),
                format!("{label}：是，计{}分", fmt_dec(*amount)),
            )
        } else {
            (Effect::Award(Decimal::ZERO), format!("{label}：否，不计分"))
        }),
        (RuleKind::Shortfall { target, per, unit }, Value::Number(actual)) => {
            let target = resolve_target(ruleset, target, ctx)?;
            shortfall(label, target, actual, *per, unit)
        }
        (RuleKind::PerOccurrence { per, unit }, Value::Number(n)) => {
            counted(label, n, *per, unit, Direction::Deduct)
        }
        (
            RuleKind::Proportional {
                target,
                points,
                unit,
            },
            Value::Number(actual),
        ) => {
            let target = resolve_target(ruleset, target, ctx)?;
            proportional(label, target, actual, *points, unit)
        }
        (
            RuleKind::RateStep {
                threshold,
                step,
                per,
                steps,
            },
            Value::Number(rate),
        ) => rate_steps(label, rate, *threshold, *step, *per, *steps),
        (RuleKind::Judgement { .. }, Value::Number(v)) => {
            Ok((Effect::Award(v), format!("{label}：评定{}分", fmt_dec(v))))
        }
        (RuleKind::Bonus { per, unit }, Value::Number(n)) => {
            counted(label, n, *per, unit, Direction::Award)
        }
        // read_fact only yields a Flag for flag rules and a Number for the others.
        _ => Err(input_hint(&rule.kind)),
    }
}

/// 未达目标: `per` deducted for each unit below the target (`basis` says whose target).
fn shortfall(
    label: &str,
    (target, basis): (u32, String),
    actual: Decimal,
    per: Decimal,
    unit: &str,
) -> Result<(Effect, String), String> {
    let short = Decimal::from(target)
        .checked_sub(actual)
        .unwrap_or(Decimal::ZERO)
        .max(Decimal::ZERO);
    let head = format!(
        "{label}：目标{target}{unit}{basis}，实际{}{unit}",
        fmt_dec(actual)
    );
    if short.is_zero() {
        return Ok((
            Effect::Deduct(Decimal::ZERO),
            format!("{head}，已达标，不扣分"),
        ));
    }
    let d = short.checked_mul(per).ok_or_else(overflow)?;
    Ok((
        Effect::Deduct(d),
        format!(
            "{head}，少{}{unit}×{}=扣{}分",
            fmt_dec(short),
            fmt_dec(per),
            fmt_dec(d)
        ),
    ))
}

/// 每次扣分 (deducted) or 加分项 (added): `per` for each one counted.
fn counted(
    label: &str,
    n: Decimal,
    per: Decimal,
    unit: &str,
    direction: Direction,
) -> Result<(Effect, String), String> {
    let (effect, none, verb): (fn(Decimal) -> Effect, _, _) = match direction {
        Direction::Deduct => (Effect::Deduct, "不扣分", "扣"),
        Direction::Award => (Effect::Award, "不加分", "加"),
    };
    if n.is_zero() {
        return Ok((effect(Decimal::ZERO), format!("{label}：0{unit}，{none}")));
    }
    let points = n.checked_mul(per).ok_or_else(overflow)?;
    Ok((
        effect(points),
        format!(
            "{label}：{}{unit}×{}={verb}{}分",
            fmt_dec(n),
            fmt_dec(per),
            fmt_dec(points)
        ),
    ))
}

/// 按比例扣分: `points` × missing ÷ target.
fn proportional(
    label: &str,
    (target, basis): (u32, String),
    actual: Decimal,
    points: Decimal,
    unit: &str,
) -> Result<(Effect, String), String> {
    let t_dec = Decimal::from(target);
    let short = t_dec
        .checked_sub(actual)
        .unwrap_or(Decimal::ZERO)
        .max(Decimal::ZERO);
    let head = format!(
        "{label}：目标{target}{unit}{basis}，实际{}{unit}",
        fmt_dec(actual)
    );
    if short.is_zero() {
        return Ok((
            Effect::Deduct(Decimal::ZERO),
            format!("{head}，已完成，不扣分"),
        ));
    }
    let d = points
        .checked_mul(short)
        .and_then(|x| x.checked_div(t_dec))
        .ok_or_else(overflow)?;
    let shown = round_score(d);
    let eq = if shown == d { "=" } else { "≈" };
    Ok((
        Effect::Deduct(d),
        format!(
            "{head}，少{}{unit}，按比例扣{}×{}/{target}{eq}{}分",
            fmt_dec(short),
            fmt_dec(points),
            fmt_dec(short),
            fmt_dec(shown)
        ),
    ))
}

/// 比例每低N个百分点扣分: `per` for each step (full or started) of `step` points below the
/// threshold.
fn rate_steps(
    label: &str,
    rate: Decimal,
    threshold: Decimal,
    step: Decimal,
    per: Decimal,
    steps: StepCounting,
) -> Result<(Effect, String), String> {
    if rate >= threshold {
        return Ok((
            Effect::Deduct(Decimal::ZERO),
            format!(
                "{label}{}%，达到{}%，不扣分",
                fmt_dec(rate),
                fmt_dec(threshold)
            ),
        ));
    }
    let (Some(gap), true) = (threshold.checked_sub(rate), !step.is_zero()) else {
        return Err(overflow());
    };
    let ratio = gap.checked_div(step).ok_or_else(overflow)?;
    let n = match steps {
        StepCounting::FullSteps => ratio.floor(),
        StepCounting::StartedSteps => ratio.ceil(),
    };
    let head = format!(
        "{label}{}%，低于{}%共{}个百分点",
        fmt_dec(rate),
        fmt_dec(threshold),
        fmt_dec(gap)
    );
    if n.is_zero() {
        return Ok((
            Effect::Deduct(Decimal::ZERO),
            format!("{head}，不满{}个百分点，不扣分", fmt_dec(step)),
        ));
    }
    let d = n.checked_mul(per).ok_or_else(overflow)?;
    Ok((
        Effect::Deduct(d),
        format!(
            "{head}，每{}个百分点一档，计{}档×{}=扣{}分",
            fmt_dec(step),
            fmt_dec(n),
            fmt_dec(per),
            fmt_dec(d)
        ),
    ))
}

fn overflow() -> String {
    OVERFLOW.to_string()
}
