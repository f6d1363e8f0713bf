//! One item scored, step by step: inputs the item does not have; its rules group by group
//! (each group's sum capped at its points, a part said with its score); the clerk's manual
//! score over the rules'; the office's 考核得分 beside it; and what is still missing.

use super::{
    About, Effect, Explanation, ExplanationKind, ItemEntry, ItemResult, ItemStatus, OVERFLOW,
    Problem, ProblemKind, Question, RuleOutcome, RuleResult, UnitContext, apply_rule, check_score,
    percent_fraction_hint, percent_question_key, round_score,
};
use crate::ruleset::{Direction, Item, RuleGroup, Ruleset, excerpt, fmt_dec};
use rust_decimal::Decimal;

/// Scores one item.
pub fn score_item(
    ruleset: &Ruleset,
    item: &Item,
    ctx: UnitContext<'_>,
    entry: &ItemEntry,
    location: &str,
) -> ItemResult {
    let mut scoring = ItemScoring {
        item,
        location,
        problems: Vec::new(),
        explanations: Vec::new(),
        rules: Vec::new(),
        filled: 0,
    };
    scoring.unknown_inputs(entry);
    let computed = scoring.rule_score(ruleset, ctx, entry);
    let manual_score = scoring.manual_score(entry, computed);
    // A manual score that is refused leaves the item without a score, not with the rules'.
    let invalid_manual = entry.manual.is_some() && manual_score.is_none();
    let score = if invalid_manual {
        None
    } else {
        manual_score.or(computed)
    };
    let reviewed = scoring.reviewed_score(entry);
    let status = scoring.status(score);
    ItemResult {
        item_id: item.id.clone(),
        points: item.points,
        status,
        computed,
        score,
        manual: manual_score.is_some(),
        reviewed,
        rules: scoring.rules,
        explanations: scoring.explanations,
        problems: scoring.problems,
        rule_notes: Vec::new(),
    }
}

/// What scoring one item has found so far.
struct ItemScoring<'a> {
    item: &'a Item,
    location: &'a str,
    problems: Vec<Problem>,
    explanations: Vec<Explanation>,
    rules: Vec<RuleResult>,
    /// Rules given a value (good or not): an item with some is 未填完, not 未填.
    filled: usize,
}

impl ItemScoring<'_> {
    fn problem(
        &self,
        kind: ProblemKind,
        about: About,
        rule: Option<&str>,
        message: String,
    ) -> Problem {
        Problem {
            kind,
            item: Some(self.item.id.clone()),
            rule: rule.map(str::to_string),
            about,
            location: self.location.to_string(),
            message,
            question: None,
        }
    }

    fn explain(&mut self, kind: ExplanationKind, text: String) {
        self.explanations.push(Explanation::new(kind, text));
    }

    /// Inputs in the file that the item has no rule for: kept, not counted, said.
    fn unknown_inputs(&mut self, entry: &ItemEntry) {
        for key in entry.facts.keys() {
            if !self.item.all_rules().any(|r| &r.id == key) {
                let p = self.problem(
                    ProblemKind::Warning,
                    About::UnknownInput,
                    None,
                    format!("文件中有本项没有的输入“{}”，已保留但不计分", excerpt(key)),
                );
                self.problems.push(p);
            }
        }
    }

    /// The rules' score: each group's capped score added, the sum kept in [0, points] and
    /// rounded. `None` while a group cannot be scored (an input unfilled or refused) or the
    /// item is judged (a group without rules: only a manual score scores it).
    fn rule_score(
        &mut self,
        ruleset: &Ruleset,
        ctx: UnitContext<'_>,
        entry: &ItemEntry,
    ) -> Option<Decimal> {
        let mut computed: Option<Decimal> = Some(Decimal::ZERO);
        for group in self.item.groups() {
            let sum = self.apply_group(ruleset, &group, ctx, entry);
            let Some(sum) = sum.filter(|_| !group.rules.is_empty()) else {
                computed = None;
                continue;
            };
            let score = self.capped(&group, sum);
            if let Some(part) = group.part {
                self.explain(
                    ExplanationKind::Part,
                    format!(
                        "“{}”（{}分）得{}分",
                        part.label,
                        fmt_dec(part.points),
                        fmt_dec(round_score(score))
                    ),
                );
            }
            computed = computed.and_then(|c| c.checked_add(score));
        }
        // max/min rather than clamp: clamp panics when a (broken) ruleset's points are negative.
        let computed = computed.map(|c| round_score(c.max(Decimal::ZERO).min(self.item.points)));
        if let Some(c) = computed {
            self.explain(
                ExplanationKind::Computed,
                format!(
                    "按规则得{}分（标准分{}分）",
                    fmt_dec(c),
                    fmt_dec(self.item.points)
                ),
            );
        }
        computed
    }

    /// A group's rules applied to their facts, each result, explanation and problem recorded
    /// (a fraction typed for a percent is asked about). Returns what the rules took or gave
    /// together, or `None` when one of them is unfilled or refused.
    fn apply_group(
        &mut self,
        ruleset: &Ruleset,
        group: &RuleGroup<'_>,
        ctx: UnitContext<'_>,
        entry: &ItemEntry,
    ) -> Option<Decimal> {
        let mut sum = Decimal::ZERO;
        let mut done = true;
        for rule in group.rules {
            let fact = entry.facts.get(&rule.id);
            let (outcome, explanation) = apply_rule(ruleset, rule, fact, ctx);
            // A ruleset's numbers are checked before it is used; adding them up is still
            // checked, so no file can make the engine overflow.
            let outcome = match outcome {
                RuleOutcome::Done(Effect::Deduct(d) | Effect::Award(d))
                    if sum.checked_add(d).is_none() =>
                {
                    RuleOutcome::Invalid(OVERFLOW.into())
                }
                other => other,
            };
            match &outcome {
                RuleOutcome::Done(Effect::Deduct(d) | Effect::Award(d)) => {
                    sum += *d;
                    self.filled += 1;
                }
                RuleOutcome::Invalid(msg) => {
                    done = false;
                    self.filled += 1;
                    let p = self.problem(
                        ProblemKind::Error,
                        About::Input,
                        Some(&rule.id),
                        format!("{}：{msg}", rule.label),
                    );
                    self.problems.push(p);
                }
                RuleOutcome::Unfilled => done = false,
            }
            if let Some(e) = &explanation {
                self.explain(ExplanationKind::Rule, e.clone());
            }
            if matches!(outcome, RuleOutcome::Done(_))
                && let Some(hint) = percent_fraction_hint(&rule.kind, fact)
            {
                let key = percent_question_key(&rule.id, fact);
                let confirmed = entry.confirmed.contains(&key);
                let p = Problem {
                    question: Some(Question { key, confirmed }),
                    ..self.problem(
                        ProblemKind::Warning,
                        About::Input,
                        Some(&rule.id),
                        format!("{}：{hint}", rule.label),
                    )
                };
                self.problems.push(p);
            }
            self.rules.push(RuleResult {
                rule_id: rule.id.clone(),
                label: rule.label.clone(),
                outcome,
                explanation,
            });
        }
        done.then_some(sum)
    }

    /// A group's score from its rules' sum: a deduction group starts at its points and stops
    /// at 0 (扣完为止), an award group stops at its points; either cap is said.
    fn capped(&mut self, group: &RuleGroup<'_>, sum: Decimal) -> Decimal {
        let prefix = match group.part {
            Some(p) => format!("“{}”", p.label),
            None => String::new(),
        };
        match group.direction() {
            Direction::Deduct => {
                if sum > group.points {
                    self.explain(
                        ExplanationKind::Capped,
                        format!(
                            "{prefix}扣分合计{}分，超过{}分，扣完为止",
                            fmt_dec(sum),
                            fmt_dec(group.points)
                        ),
                    );
                }
                group
                    .points
                    .checked_sub(sum)
                    .unwrap_or(Decimal::ZERO)
                    .max(Decimal::ZERO)
            }
            Direction::Award => {
                if sum > group.points {
                    self.explain(
                        ExplanationKind::Capped,
                        format!(
                            "{prefix}计分合计{}分，超过标准分{}分，按{}分计",
                            fmt_dec(sum),
                            fmt_dec(group.points),
                            fmt_dec(group.points)
                        ),
                    );
                }
                sum.min(group.points)
            }
        }
    }

    /// The clerk's manual score, when it stands: within the item's points and with a reason.
    fn manual_score(&mut self, entry: &ItemEntry, computed: Option<Decimal>) -> Option<Decimal> {
        let m = entry.manual.as_ref()?;
        let refused = match check_score(m.score, self.item.points) {
            Err(msg) => Some((About::ManualScore, format!("手动评分{msg}"))),
            Ok(()) if m.reason.trim().is_empty() => {
                Some((About::ManualReason, "手动评分须填写理由".to_string()))
            }
            Ok(()) => None,
        };
        if let Some((about, message)) = refused {
            let p = self.problem(ProblemKind::Error, about, None, message);
            self.problems.push(p);
            return None;
        }
        let reason = m.reason.trim();
        self.explain(
            ExplanationKind::Manual,
            match computed {
                Some(c) => format!(
                    "手动评分{}分（理由：{reason}），按规则为{}分",
                    fmt_dec(m.score),
                    fmt_dec(c)
                ),
                None => format!("手动评分{}分（理由：{reason}）", fmt_dec(m.score)),
            },
        );
        Some(m.score.normalize())
    }

    /// The office's 考核得分, when it lies within the item's points.
    fn reviewed_score(&mut self, entry: &ItemEntry) -> Option<Decimal> {
        let r = entry.reviewed?;
        match check_score(r, self.item.points) {
            Ok(()) => Some(r.normalize()),
            Err(msg) => {
                let p = self.problem(
                    ProblemKind::Error,
                    About::ReviewedScore,
                    None,
                    format!("考核得分{msg}"),
                );
                self.problems.push(p);
                None
            }
        }
    }

    /// The item's state from what was found, with 未填 / 未填完 said (naming what is missing).
    fn status(&mut self, score: Option<Decimal>) -> ItemStatus {
        let status = if self.problems.iter().any(|p| p.kind == ProblemKind::Error) {
            ItemStatus::Invalid
        } else if score.is_some() {
            ItemStatus::Scored
        } else if self.filled > 0 {
            ItemStatus::Partial
        } else {
            ItemStatus::Unfilled
        };
        let unfilled = match status {
            ItemStatus::Unfilled if self.item.is_judgement() => {
                Some("此项凭评定打分：请填写自查得分和理由".to_string())
            }
            ItemStatus::Unfilled => Some("未填".to_string()),
            ItemStatus::Partial => {
                let missing: Vec<&str> = self
                    .rules
                    .iter()
                    .filter(|r| r.outcome == RuleOutcome::Unfilled)
                    .map(|r| r.label.as_str())
                    .collect();
                Some(format!("未填完：{}", missing.join("、")))
            }
            _ => None,
        };
        if let Some(message) = unfilled {
            let p = self.problem(ProblemKind::Unfilled, About::Item, None, message);
            self.problems.push(p);
        }
        status
    }
}
