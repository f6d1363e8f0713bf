//! The words against the numbers: what an item's 考核内容 and 考核说明 say in figures
//! (「每少一条扣0.5分」, 「采用80条」, 「达90%计4分，每低5个百分点扣1分」, 「扣2分」) read from the
//! text and compared with its rules. The units sign a paper that prints the words while the
//! program scores by the rules: a disagreement is a warning naming both. What the reader
//! cannot interpret (no figure of that kind in the text) is never a warning.

use crate::ruleset::{Item, Rule, RuleKind, Ruleset, Target, excerpt, fmt_dec, or_id};
use rust_decimal::Decimal;
use std::str::FromStr;

/// A figure written in a text, and where (in chars).
#[derive(Debug, Clone)]
struct Figure {
    value: Decimal,
    start: usize,
    end: usize,
}

/// Which text of the item a figure was read from.
struct Text {
    name: &'static str,
    chars: Vec<char>,
}

impl Text {
    fn new(name: &'static str, source: &str) -> Self {
        Text {
            name,
            chars: source.chars().collect(),
        }
    }

    /// Every number written in digits (0.5, 80, 12338).
    fn figures(&self) -> Vec<Figure> {
        let c = &self.chars;
        let mut out = Vec::new();
        let mut i = 0;
        while i < c.len() {
            if !c[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let start = i;
            while i < c.len() && c[i].is_ascii_digit() {
                i += 1;
            }
            if i + 1 < c.len() && c[i] == '.' && c[i + 1].is_ascii_digit() {
                i += 1;
                while i < c.len() && c[i].is_ascii_digit() {
                    i += 1;
                }
            }
            let s: String = c[start..i].iter().collect();
            if let Ok(value) = Decimal::from_str(&s) {
                out.push(Figure {
                    value,
                    start,
                    end: i,
                });
            }
        }
        out
    }

    fn before(&self, f: &Figure, word: &str) -> bool {
        let w: Vec<char> = word.chars().collect();
        f.start >= w.len() && self.chars[f.start - w.len()..f.start] == w[..]
    }

    fn after(&self, f: &Figure, word: &str) -> bool {
        let w: Vec<char> = word.chars().collect();
        self.chars.len() >= f.end + w.len() && self.chars[f.end..f.end + w.len()] == w[..]
    }

    /// Amounts deducted: 扣0.5分 (扣完6分为止 is the cap, not an amount).
    fn deductions(&self) -> Vec<Figure> {
        self.figures()
            .into_iter()
            .filter(|f| self.before(f, "扣"))
            .collect()
    }

    /// Amounts earned: 计1分, 加2分.
    fn awards(&self) -> Vec<Figure> {
        self.figures()
            .into_iter()
            .filter(|f| (self.before(f, "计") || self.before(f, "加")) && self.after(f, "分"))
            .collect()
    }

    /// Counts of a unit: 80条, 5场以上.
    fn counts(&self, unit: &str) -> Vec<Figure> {
        if unit.trim().is_empty() {
            return Vec::new();
        }
        self.figures()
            .into_iter()
            .filter(|f| f.value.fract().is_zero() && self.after(f, unit.trim()))
            .collect()
    }

    fn percents(&self) -> Vec<Figure> {
        self.figures()
            .into_iter()
            .filter(|f| self.after(f, "%") || self.after(f, "％"))
            .collect()
    }

    /// Steps of a rate: 每低5个百分点.
    fn steps(&self) -> Vec<Figure> {
        self.figures()
            .into_iter()
            .filter(|f| self.before(f, "每低") && self.after(f, "个百分点"))
            .collect()
    }

    /// The words around a figure, for quoting: its clause, at most ~24 characters, ending
    /// after the figure's unit.
    fn quote(&self, f: &Figure, tail: usize) -> String {
        let stop = |c: char| "，。；;,！!？?\n".contains(c);
        let mut from = f.start;
        while from > 0 && !stop(self.chars[from - 1]) && f.start - from < 14 {
            from -= 1;
        }
        let cut_before = from > 0 && !stop(self.chars[from - 1]);
        let mut to = (f.end + tail).min(self.chars.len());
        while to < self.chars.len() && !stop(self.chars[to]) && to - f.end < 8 {
            to += 1;
        }
        let body: String = self.chars[from..to].iter().collect();
        format!("{}{}", if cut_before { "…" } else { "" }, excerpt(&body))
    }
}

/// What a deduction rule deducts, in words, with the figure to look for in the text.
fn deducted(rule: &Rule) -> Option<(Decimal, String)> {
    Some(match &rule.kind {
        RuleKind::DeductIfNot { amount } => (*amount, format!("未做到扣{}分", fmt_dec(*amount))),
        RuleKind::Shortfall { per, unit, .. } | RuleKind::PerOccurrence { per, unit } => {
            (*per, format!("按每{unit}{}分扣", fmt_dec(*per)))
        }
        RuleKind::RateStep { step, per, .. } => (
            *per,
            format!("每低{}个百分点扣{}分", fmt_dec(*step), fmt_dec(*per)),
        ),
        _ => return None,
    })
}

/// The targets a rule sets, as (class name or empty, count).
fn targets(rs: &Ruleset, target: &Target) -> Vec<(String, u32)> {
    match target {
        Target::Fixed(n) => vec![(String::new(), *n)],
        Target::ByClass(map) => map
            .iter()
            .map(|(class, n)| {
                let name = rs.class(class).map_or(class.as_str(), |c| c.name.as_str());
                (name.to_string(), *n)
            })
            .collect(),
        // 乡镇数×2 is not a number a text can state.
        Target::PerFigure { .. } => Vec::new(),
    }
}

/// Figures found in the item's texts, with the text each came from.
type Found<'t> = Vec<(&'t Text, Figure)>;

/// Every disagreement between the item's words and its rules, each naming both.
pub fn disagreements(rs: &Ruleset, item: &Item) -> Vec<String> {
    let texts = [
        Text::new("考核内容", &item.content),
        Text::new("考核说明", &item.rule_text),
    ];
    let rules: Vec<&Rule> = item.all_rules().collect();
    let mut out = Vec::new();

    // Amounts deducted: every deduction rule's amount is one the words state.
    let stated: Vec<(&Text, Figure)> = texts
        .iter()
        .flat_map(|t| t.deductions().into_iter().map(move |f| (t, f)))
        .collect();
    if !stated.is_empty() {
        let ruled: Vec<Decimal> = rules
            .iter()
            .filter_map(|r| deducted(r))
            .map(|d| d.0)
            .collect();
        for rule in &rules {
            let Some((amount, how)) = deducted(rule) else {
                continue;
            };
            if stated.iter().any(|(_, f)| f.value == amount) {
                continue;
            }
            // Quote what no rule deducts (the changed words), else every amount stated.
            let orphans: Vec<&(&Text, Figure)> = stated
                .iter()
                .filter(|(_, f)| !ruled.contains(&f.value))
                .collect();
            let quoted = if orphans.is_empty() {
                stated.iter().collect()
            } else {
                orphans
            };
            out.push(format!(
                "{}，规则“{}”{how}",
                said(&quoted, 1),
                or_id(&rule.label, &rule.id)
            ));
        }
    }

    // Amounts earned, for 做到计分 rules.
    let earned: Vec<(&Text, Figure)> = texts
        .iter()
        .flat_map(|t| t.awards().into_iter().map(move |f| (t, f)))
        .collect();
    if !earned.is_empty() {
        for rule in &rules {
            let (amount, how) = match &rule.kind {
                RuleKind::AwardIf { amount } => (*amount, format!("做到计{}分", fmt_dec(*amount))),
                RuleKind::Bonus { per, unit } => (*per, format!("每{unit}加{}分", fmt_dec(*per))),
                _ => continue,
            };
            if !earned.iter().any(|(_, f)| f.value == amount) {
                let all: Vec<&(&Text, Figure)> = earned.iter().collect();
                out.push(format!(
                    "{}，规则“{}”{how}",
                    said(&all, 1),
                    or_id(&rule.label, &rule.id)
                ));
            }
        }
    }

    // Targets: each target a rule sets is a count the words state in its unit.
    for rule in &rules {
        let (target, unit) = match &rule.kind {
            RuleKind::Shortfall { target, unit, .. }
            | RuleKind::Proportional { target, unit, .. } => (target, unit),
            _ => continue,
        };
        let counts: Vec<(&Text, Figure)> = texts
            .iter()
            .flat_map(|t| t.counts(unit).into_iter().map(move |f| (t, f)))
            .collect();
        if counts.is_empty() {
            continue;
        }
        let all_targets: Vec<u32> = rules
            .iter()
            .flat_map(|r| match &r.kind {
                RuleKind::Shortfall { target, .. } | RuleKind::Proportional { target, .. } => {
                    targets(rs, target).into_iter().map(|t| t.1).collect()
                }
                _ => Vec::new(),
            })
            .collect();
        for (class, n) in targets(rs, target) {
            if counts.iter().any(|(_, f)| f.value == Decimal::from(n)) {
                continue;
            }
            let orphans: Vec<&(&Text, Figure)> = counts
                .iter()
                .filter(|(_, f)| !all_targets.iter().any(|t| Decimal::from(*t) == f.value))
                .collect();
            let quoted = if orphans.is_empty() {
                counts.iter().collect()
            } else {
                orphans
            };
            let whose = if class.is_empty() {
                String::new()
            } else {
                format!("（{class}）")
            };
            out.push(format!(
                "{}，规则“{}”的目标{whose}为{n}{unit}",
                said(&quoted, unit.chars().count()),
                or_id(&rule.label, &rule.id)
            ));
        }
    }

    // Rates: the threshold and the step.
    for rule in &rules {
        let RuleKind::RateStep {
            threshold, step, ..
        } = &rule.kind
        else {
            continue;
        };
        let checks: [(Found, Decimal, String); 2] = [
            (
                texts
                    .iter()
                    .flat_map(|t| t.percents().into_iter().map(move |f| (t, f)))
                    .collect(),
                *threshold,
                format!("达到{}%不扣分", fmt_dec(*threshold)),
            ),
            (
                texts
                    .iter()
                    .flat_map(|t| t.steps().into_iter().map(move |f| (t, f)))
                    .collect(),
                *step,
                format!("每低{}个百分点扣一次", fmt_dec(*step)),
            ),
        ];
        for (found, value, how) in checks {
            if !found.is_empty() && !found.iter().any(|(_, f)| f.value == value) {
                let all: Vec<&(&Text, Figure)> = found.iter().collect();
                out.push(format!(
                    "{}，规则“{}”按{how}",
                    said(&all, 1),
                    or_id(&rule.label, &rule.id)
                ));
            }
        }
    }
    out
}

/// 考核说明写“每少一条扣1分”（、“…”）: the figures quoted where they were written.
fn said(figures: &[&(&Text, Figure)], tail: usize) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut last_text = "";
    for (t, f) in figures.iter().take(3) {
        let quote = format!("“{}”", t.quote(f, tail));
        if t.name == last_text {
            parts.push(quote);
        } else {
            parts.push(format!("{}写{quote}", t.name));
            last_text = t.name;
        }
    }
    parts.join("、")
}
