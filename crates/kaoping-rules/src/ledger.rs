//! 台账 as the scheme defines them: the lists a unit keeps all year — what one entry records
//! (its date, its 事由 and the figures the rules need) and how each rule's input is derived
//! from the entries. A derivation is written in words, so an office writes it in a workbook
//! cell as easily as in the RON file:
//!
//! - `条数` — how many entries; `条数(参加妇女人数<50)` — how many meet a condition;
//! - `合计(金额)`, `合计(金额, 性别=女)` — a figure added up;
//! - `占比(条数(性别=女), 条数)` — one of those over another, in percent;
//! - `有无`, `有无(领导参加=是)` — whether there is an entry (a yes/no input);
//! - `至少(6, 条数(学期=上学期))` — whether a count reaches a number;
//! - `每月都有`, `每月都有(条件)` — whether every month of the year has an entry;
//! - yes/no answers joined by `且` (all) and `或` (any):
//!   `至少(6, 条数(学期=上学期)) 且 至少(6, 条数(学期=下学期)) 或 有无(领导参加=是)`.
//!
//! Conditions compare a field with a value (`<`, `<=`, `>`, `>=`, `=`, `≠`), joined by `且`.
//! Full-width brackets and commas are read as their half-width forms. Nothing here knows a
//! sheet: the entries come in as field values by field id.

use crate::names::excerpt;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Most fields an entry may record, and choices a field may offer: a form, not a database.
pub const MAX_LEDGER_FIELDS: usize = 20;
pub const MAX_CHOICES: usize = 50;

/// One 台账: the entries kept for one item, feeding some of its rules.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Ledger {
    /// Unique in the scheme; sheet files key the entries by it.
    pub id: String,
    /// The item whose rules it feeds.
    pub item: String,
    /// What one entry is, as people count it: 讲座, 信息, 贷款.
    pub entry: String,
    /// The figures each entry records besides its date and 事由.
    #[serde(default)]
    pub fields: Vec<LedgerField>,
    /// Which rule of the item takes which value of the entries.
    pub feeds: Vec<Feed>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename = "Field")]
pub struct LedgerField {
    pub id: String,
    /// The name a clerk sees and a derivation uses: 参加妇女人数.
    pub label: String,
    pub kind: FieldKind,
}

/// What an entry's field holds.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub enum FieldKind {
    /// A whole number (人, 场).
    Count { unit: String },
    /// A number with decimals (万元).
    Amount { unit: String },
    /// 是 or 否.
    YesNo,
    /// One of the given words (女/男, 市妇联/省妇联).
    Choice(Vec<String>),
    /// Free text (not used in derivations).
    Text,
}

/// A rule of the ledger's item and how its input is derived (`条数(参加妇女人数<50)`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Feed {
    pub rule: String,
    pub from: String,
}

/// A derivation read: what it counts or adds, over which entries.
#[derive(Debug, Clone, PartialEq)]
pub enum Formula {
    /// A number of entries, or a figure added up.
    Measure(Measure),
    /// `part` over `whole`, in percent.
    Share { part: Measure, whole: Measure },
    /// Whether any entry meets the conditions.
    Any(Vec<Condition>),
    /// Whether a measure reaches `n`.
    AtLeast { n: Decimal, of: Measure },
    /// Whether each of the year's twelve months has an entry meeting the conditions.
    EveryMonth(Vec<Condition>),
    /// Yes when every part is yes (`且`).
    AllOf(Vec<Formula>),
    /// Yes when some part is yes (`或`).
    AnyOf(Vec<Formula>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Measure {
    Entries(Vec<Condition>),
    /// The field (by id) added up over the entries that meet the conditions.
    Sum {
        field: String,
        when: Vec<Condition>,
    },
}

/// `参加妇女人数<50`: a field (by id), a comparison, a value as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub field: String,
    pub op: Op,
    pub value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Less,
    AtMost,
    More,
    AtLeast,
    Is,
    IsNot,
}

impl Op {
    fn words(self) -> &'static str {
        match self {
            Op::Less => "少于",
            Op::AtMost => "不超过",
            Op::More => "多于",
            Op::AtLeast => "不少于",
            Op::Is => "为",
            Op::IsNot => "不为",
        }
    }
}

/// One entry's figures, by field id, as the clerk entered them (already checked against the
/// field's kind when they were entered; read leniently here).
pub type EntryFigures = BTreeMap<String, String>;

/// One entry as a derivation reads it: its day (YYYY-MM-DD) and figures.
#[derive(Debug, Clone, Copy)]
pub struct EntryRef<'a> {
    pub date: &'a str,
    pub figures: &'a EntryFigures,
}

/// What a derivation gives for the entries.
#[derive(Debug, Clone, PartialEq)]
pub enum Derived {
    Number(Decimal),
    /// A percent, rounded half-up to two decimals as a reported rate is.
    Percent(Decimal),
    Flag(bool),
    /// A share whose whole is 0: no rate can be said.
    NoShare,
}

impl Ledger {
    pub fn field(&self, id: &str) -> Option<&LedgerField> {
        self.fields.iter().find(|f| f.id == id)
    }

    fn field_by_label(&self, label: &str) -> Option<&LedgerField> {
        self.fields
            .iter()
            .find(|f| f.label == label || f.id == label)
    }

    /// Reads a derivation against this ledger's fields. `Err` says what is wrong, in words an
    /// office can act on.
    pub fn formula(&self, text: &str) -> Result<Formula, String> {
        let text: String = text
            .trim()
            .chars()
            .map(|c| match c {
                '（' => '(',
                '）' => ')',
                '，' => ',',
                '＜' => '<',
                '＞' => '>',
                '＝' => '=',
                c => c,
            })
            .filter(|c| !c.is_whitespace())
            .collect();
        // Yes/no answers joined: 或 binds loosest, then 且 (neither inside brackets, where
        // 且 joins conditions).
        let any = split_top(&text, '或');
        if any.len() > 1 {
            return Ok(Formula::AnyOf(self.yes_no_parts(&any, "或")?));
        }
        let all = split_top(&text, '且');
        if all.len() > 1 {
            return Ok(Formula::AllOf(self.yes_no_parts(&all, "且")?));
        }
        let (name, args) = call(&text)?;
        match name {
            "至少" => {
                let [n, of] = args.as_slice() else {
                    return Err(format!(
                        "“{}”：至少要写一个数和一项，如 至少(6, 条数(学期=上学期))",
                        excerpt(&text)
                    ));
                };
                let n = n
                    .parse::<Decimal>()
                    .map_err(|_| format!("“{}”：至少后面要写数字", excerpt(&text)))?;
                Ok(Formula::AtLeast {
                    n,
                    of: self.measure(of)?,
                })
            }
            "每月都有" => Ok(Formula::EveryMonth(match args.as_slice() {
                [] => Vec::new(),
                [conds] => self.conditions(conds)?,
                _ => {
                    return Err(format!("“{}”：每月都有的括号里只写条件", excerpt(&text)));
                }
            })),
            "条数" | "合计" => Ok(Formula::Measure(self.measure(&text)?)),
            "占比" => {
                let [part, whole] = args.as_slice() else {
                    return Err(format!(
                        "“{}”：占比要写两项，如 占比(条数(性别=女), 条数)",
                        excerpt(&text)
                    ));
                };
                Ok(Formula::Share {
                    part: self.measure(part)?,
                    whole: self.measure(whole)?,
                })
            }
            "有无" => Ok(Formula::Any(match args.as_slice() {
                [] => Vec::new(),
                [conds] => self.conditions(conds)?,
                _ => {
                    return Err(format!(
                        "“{}”：有无的括号里只写条件，如 有无(领导参加=是)",
                        excerpt(&text)
                    ));
                }
            })),
            other => Err(format!(
                "“{}”不是台账的计算方式：请写 条数、合计、占比、有无、至少 或 每月都有",
                excerpt(other)
            )),
        }
    }

    /// The parts of a 且/或: each a yes/no answer.
    fn yes_no_parts(&self, parts: &[&str], joined_by: &str) -> Result<Vec<Formula>, String> {
        parts
            .iter()
            .map(|p| {
                let f = self.formula(p)?;
                if f.yields() == Yields::YesNo {
                    Ok(f)
                } else {
                    Err(format!(
                        "“{}”不是“是/否”的回答，不能用“{joined_by}”连接（可用 有无、至少、每月都有）",
                        excerpt(p)
                    ))
                }
            })
            .collect()
    }

    fn measure(&self, text: &str) -> Result<Measure, String> {
        let (name, args) = call(text)?;
        match (name, args.as_slice()) {
            ("条数", []) => Ok(Measure::Entries(Vec::new())),
            ("条数", [conds]) => Ok(Measure::Entries(self.conditions(conds)?)),
            ("合计", [field, rest @ ..]) if rest.len() <= 1 => {
                let f = self
                    .field_by_label(field)
                    .ok_or_else(|| self.no_field(field))?;
                if !matches!(f.kind, FieldKind::Count { .. } | FieldKind::Amount { .. }) {
                    return Err(format!("“{}”不是数字，不能合计", excerpt(&f.label)));
                }
                let when = match rest {
                    [conds] => self.conditions(conds)?,
                    _ => Vec::new(),
                };
                Ok(Measure::Sum {
                    field: f.id.clone(),
                    when,
                })
            }
            ("合计", _) => Err(format!(
                "“{}”：合计要写一个字段，如 合计(金额) 或 合计(金额, 性别=女)",
                excerpt(text)
            )),
            ("条数", _) => Err(format!(
                "“{}”：条数的括号里只写条件，如 条数(参加妇女人数<50)",
                excerpt(text)
            )),
            _ => Err(format!("“{}”：占比的两项要写 条数 或 合计", excerpt(text))),
        }
    }

    fn conditions(&self, text: &str) -> Result<Vec<Condition>, String> {
        text.split('且')
            .map(|one| self.condition(one))
            .collect::<Result<Vec<_>, _>>()
    }

    fn condition(&self, text: &str) -> Result<Condition, String> {
        // Two-character operators first, so `<=` is not read as `<` and `=…`.
        const OPS: [(&str, Op); 10] = [
            ("<=", Op::AtMost),
            ("≤", Op::AtMost),
            (">=", Op::AtLeast),
            ("≥", Op::AtLeast),
            ("!=", Op::IsNot),
            ("≠", Op::IsNot),
            ("<", Op::Less),
            (">", Op::More),
            ("=", Op::Is),
            ("＝", Op::Is),
        ];
        let Some((at, sign, op)) = OPS
            .iter()
            .filter_map(|(sign, op)| text.find(sign).map(|at| (at, *sign, *op)))
            .min_by_key(|(at, sign, _)| (*at, std::cmp::Reverse(sign.len())))
        else {
            return Err(format!(
                "条件“{}”没有比较符号：请写成 参加妇女人数<50 或 性别=女",
                excerpt(text)
            ));
        };
        let (name, value) = (&text[..at], &text[at + sign.len()..]);
        let field = self
            .field_by_label(name)
            .ok_or_else(|| self.no_field(name))?;
        if value.is_empty() {
            return Err(format!("条件“{}”缺少比较的值", excerpt(text)));
        }
        match &field.kind {
            FieldKind::Count { .. } | FieldKind::Amount { .. }
                if value.parse::<Decimal>().is_err() =>
            {
                return Err(format!(
                    "条件“{}”：{}是数字，要和数字比较",
                    excerpt(text),
                    field.label
                ));
            }
            FieldKind::YesNo | FieldKind::Choice(_) | FieldKind::Text
                if !matches!(op, Op::Is | Op::IsNot) =>
            {
                return Err(format!(
                    "条件“{}”：{}不是数字，只能用 = 或 ≠",
                    excerpt(text),
                    field.label
                ));
            }
            FieldKind::YesNo if value != "是" && value != "否" => {
                return Err(format!(
                    "条件“{}”：{}只能是“是”或“否”",
                    excerpt(text),
                    field.label
                ));
            }
            FieldKind::Choice(options) if !options.iter().any(|o| o == value) => {
                return Err(format!(
                    "条件“{}”：{}只能是{}",
                    excerpt(text),
                    field.label,
                    options.join("、")
                ));
            }
            _ => {}
        }
        Ok(Condition {
            field: field.id.clone(),
            op,
            value: value.to_string(),
        })
    }

    fn no_field(&self, name: &str) -> String {
        let known: Vec<&str> = self.fields.iter().map(|f| f.label.as_str()).collect();
        if known.is_empty() {
            format!(
                "台账“{}”没有字段“{}”（它没有定义字段）",
                self.entry,
                excerpt(name)
            )
        } else {
            format!(
                "台账“{}”没有字段“{}”：有{}",
                self.entry,
                excerpt(name),
                known.join("、")
            )
        }
    }

    /// Whether an entry meets every condition.
    pub fn meets(&self, figures: &EntryFigures, when: &[Condition]) -> bool {
        when.iter().all(|c| {
            let Some(value) = figures.get(&c.field).map(|v| v.trim()) else {
                return false;
            };
            let numeric = self.field(&c.field).is_some_and(|f| {
                matches!(f.kind, FieldKind::Count { .. } | FieldKind::Amount { .. })
            });
            if numeric {
                let (Ok(v), Ok(w)) = (value.parse::<Decimal>(), c.value.parse::<Decimal>()) else {
                    return false;
                };
                match c.op {
                    Op::Less => v < w,
                    Op::AtMost => v <= w,
                    Op::More => v > w,
                    Op::AtLeast => v >= w,
                    Op::Is => v == w,
                    Op::IsNot => v != w,
                }
            } else {
                match c.op {
                    Op::Is => value == c.value,
                    Op::IsNot => value != c.value,
                    _ => false,
                }
            }
        })
    }

    /// A measure over the entries (a figure not given, or not a number, adds nothing).
    pub fn measure_of(&self, m: &Measure, entries: &[EntryRef<'_>]) -> Decimal {
        match m {
            Measure::Entries(when) => Decimal::from(
                entries
                    .iter()
                    .filter(|e| self.meets(e.figures, when))
                    .count(),
            ),
            Measure::Sum { field, when } => entries
                .iter()
                .filter(|e| self.meets(e.figures, when))
                .filter_map(|e| e.figures.get(field)?.trim().parse::<Decimal>().ok())
                .fold(Decimal::ZERO, |a, v| a.saturating_add(v)),
        }
    }

    /// A yes/no derivation's answer (false for one that gives a number).
    fn answer(&self, formula: &Formula, entries: &[EntryRef<'_>]) -> bool {
        match formula {
            Formula::Any(when) => entries.iter().any(|e| self.meets(e.figures, when)),
            Formula::AtLeast { n, of } => self.measure_of(of, entries) >= *n,
            Formula::EveryMonth(when) => {
                let months: std::collections::BTreeSet<&str> = entries
                    .iter()
                    .filter(|e| self.meets(e.figures, when))
                    .filter_map(|e| e.date.get(5..7))
                    .collect();
                (1..=12).all(|m| months.contains(format!("{m:02}").as_str()))
            }
            Formula::AllOf(parts) => parts.iter().all(|p| self.answer(p, entries)),
            Formula::AnyOf(parts) => parts.iter().any(|p| self.answer(p, entries)),
            Formula::Measure(_) | Formula::Share { .. } => false,
        }
    }

    /// What a derivation gives for these entries.
    pub fn derive(&self, formula: &Formula, entries: &[EntryRef<'_>]) -> Derived {
        match formula {
            Formula::Measure(m) => Derived::Number(self.measure_of(m, entries).normalize()),
            Formula::Share { part, whole } => {
                let (p, w) = (
                    self.measure_of(part, entries),
                    self.measure_of(whole, entries),
                );
                match p
                    .checked_mul(Decimal::ONE_HUNDRED)
                    .and_then(|x| x.checked_div(w))
                {
                    Some(rate) if !w.is_zero() => Derived::Percent(
                        rate.round_dp_with_strategy(
                            2,
                            rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                        )
                        .normalize(),
                    ),
                    _ => Derived::NoShare,
                }
            }
            Formula::Any(_)
            | Formula::AtLeast { .. }
            | Formula::EveryMonth(_)
            | Formula::AllOf(_)
            | Formula::AnyOf(_) => Derived::Flag(self.answer(formula, entries)),
        }
    }

    /// The condition in words: 参加妇女人数少于50.
    pub fn condition_words(&self, when: &[Condition]) -> String {
        when.iter()
            .map(|c| {
                let label = self.field(&c.field).map_or(c.field.as_str(), |f| &f.label);
                format!("{label}{}{}", c.op.words(), c.value)
            })
            .collect::<Vec<_>>()
            .join("且")
    }
}

/// What a derivation gives: a count (or sum), a percent, or yes/no — matched by the scheme's
/// check against the kind of input the rule it feeds takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Yields {
    Number,
    Percent,
    YesNo,
}

impl Measure {
    /// The field ids it reads (added up or compared).
    fn fields(&self, out: &mut Vec<String>) {
        let when = match self {
            Measure::Entries(when) => when,
            Measure::Sum { field, when } => {
                out.push(field.clone());
                when
            }
        };
        out.extend(when.iter().map(|c| c.field.clone()));
    }
}

impl Formula {
    /// The field ids the derivation reads: an entry without them cannot be counted right.
    pub fn fields(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.collect_fields(&mut out);
        out.sort();
        out.dedup();
        out
    }

    fn collect_fields(&self, out: &mut Vec<String>) {
        match self {
            Formula::Measure(m) | Formula::AtLeast { of: m, .. } => m.fields(out),
            Formula::Share { part, whole } => {
                part.fields(out);
                whole.fields(out);
            }
            Formula::Any(when) | Formula::EveryMonth(when) => {
                out.extend(when.iter().map(|c| c.field.clone()));
            }
            Formula::AllOf(parts) | Formula::AnyOf(parts) => {
                for p in parts {
                    p.collect_fields(out);
                }
            }
        }
    }

    pub fn yields(&self) -> Yields {
        match self {
            Formula::Measure(_) => Yields::Number,
            Formula::Share { .. } => Yields::Percent,
            Formula::Any(_)
            | Formula::AtLeast { .. }
            | Formula::EveryMonth(_)
            | Formula::AllOf(_)
            | Formula::AnyOf(_) => Yields::YesNo,
        }
    }
}

/// `text` split at `sep` where it stands outside any brackets.
fn split_top(text: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            c if c == sep && depth == 0 => {
                parts.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// `名称(参数, 参数)` split at its top-level commas; a bare name has no arguments.
fn call(text: &str) -> Result<(&str, Vec<&str>), String> {
    let Some(open) = text.find('(') else {
        return Ok((text, Vec::new()));
    };
    if !text.ends_with(')') {
        return Err(format!("“{}”的括号没有配对", excerpt(text)));
    }
    let name = &text[..open];
    let inner = &text[open + 1..text.len() - 1];
    let mut args = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in inner.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth < 0 {
                    return Err(format!("“{}”的括号没有配对", excerpt(text)));
                }
            }
            ',' if depth == 0 => {
                args.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if depth != 0 {
        return Err(format!("“{}”的括号没有配对", excerpt(text)));
    }
    args.push(&inner[start..]);
    if args.iter().any(|a| a.is_empty()) {
        return Err(format!("“{}”的括号里有空项", excerpt(text)));
    }
    Ok((name, args))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lectures() -> Ledger {
        Ledger {
            id: "lectures".into(),
            item: "rights.law".into(),
            entry: "讲座".into(),
            fields: vec![LedgerField {
                id: "women".into(),
                label: "参加妇女人数".into(),
                kind: FieldKind::Count { unit: "人".into() },
            }],
            feeds: vec![],
        }
    }

    fn loans() -> Ledger {
        Ledger {
            id: "loans".into(),
            item: "development.loans".into(),
            entry: "贷款".into(),
            fields: vec![
                LedgerField {
                    id: "sex".into(),
                    label: "性别".into(),
                    kind: FieldKind::Choice(vec!["女".into(), "男".into()]),
                },
                LedgerField {
                    id: "amount".into(),
                    label: "金额".into(),
                    kind: FieldKind::Amount {
                        unit: "万元".into(),
                    },
                },
            ],
            feeds: vec![],
        }
    }

    fn entries(list: &[&[(&str, &str)]]) -> Vec<EntryFigures> {
        list.iter()
            .map(|e| {
                e.iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn four_lectures_one_under_fifty_women() {
        let l = lectures();
        let es = entries(&[
            &[("women", "60")],
            &[("women", "55")],
            &[("women", "45")],
            &[("women", "70")],
        ]);
        let refs: Vec<EntryRef> = es
            .iter()
            .map(|f| EntryRef {
                date: "2015-06-01",
                figures: f,
            })
            .collect();
        let held = l.formula("条数").unwrap();
        let small = l.formula("条数（参加妇女人数＜50）").unwrap();
        assert_eq!(l.derive(&held, &refs), Derived::Number(4.into()));
        assert_eq!(l.derive(&small, &refs), Derived::Number(1.into()));
        assert_eq!(held.yields(), Yields::Number);
        // What each reads: the count alone reads no field; the condition reads 参加妇女人数.
        assert!(held.fields().is_empty());
        assert_eq!(small.fields(), ["women"]);
    }

    #[test]
    fn loans_give_both_rates_rounded_as_reported() {
        let l = loans();
        let es = entries(&[
            &[("sex", "女"), ("amount", "5")],
            &[("sex", "男"), ("amount", "10")],
            &[("sex", "男"), ("amount", "3.5")],
        ]);
        let refs: Vec<EntryRef> = es
            .iter()
            .map(|f| EntryRef {
                date: "2015-06-01",
                figures: f,
            })
            .collect();
        let people = l.formula("占比(条数(性别=女), 条数)").unwrap();
        let funds = l.formula("占比(合计(金额, 性别=女), 合计(金额))").unwrap();
        assert_eq!(people.yields(), Yields::Percent);
        // 1 of 3 = 33.333…% → 33.33; 5 of 18.5 万元 = 27.027…% → 27.03.
        assert_eq!(
            l.derive(&people, &refs),
            Derived::Percent("33.33".parse().unwrap())
        );
        assert_eq!(
            l.derive(&funds, &refs),
            Derived::Percent("27.03".parse().unwrap())
        );
        assert_eq!(l.derive(&people, &[]), Derived::NoShare);
        assert_eq!(people.fields(), ["sex"]);
        assert_eq!(funds.fields(), ["amount", "sex"]);
    }

    #[test]
    fn a_wrong_derivation_says_what_is_wrong() {
        let l = lectures();
        for (text, words) in [
            ("条目", "不是台账的计算方式"),
            ("条数(人数<50)", "没有字段“人数”：有参加妇女人数"),
            ("条数(参加妇女人数<五十)", "要和数字比较"),
            ("条数(参加妇女人数)", "没有比较符号"),
            ("条数(参加妇女人数<50", "括号没有配对"),
            ("占比(条数)", "占比要写两项"),
        ] {
            let err = l.formula(text).unwrap_err();
            assert!(err.contains(words), "{text}: {err}");
        }
        let l = loans();
        assert!(
            l.formula("条数(性别=未知)")
                .unwrap_err()
                .contains("只能是女、男")
        );
        assert!(l.formula("合计(性别)").unwrap_err().contains("不是数字"));
        assert!(
            l.formula("条数(性别<女)")
                .unwrap_err()
                .contains("只能用 = 或 ≠")
        );
    }

    #[test]
    fn conditions_join_and_operators_read_longest_first() {
        let l = loans();
        let f = l.formula("条数(金额>=5且性别=女)").unwrap();
        let es = entries(&[
            &[("sex", "女"), ("amount", "5")],
            &[("sex", "女"), ("amount", "4.9")],
            &[("sex", "男"), ("amount", "9")],
        ]);
        let refs: Vec<EntryRef> = es
            .iter()
            .map(|f| EntryRef {
                date: "2015-06-01",
                figures: f,
            })
            .collect();
        assert_eq!(l.derive(&f, &refs), Derived::Number(1.into()));
        let Formula::Measure(Measure::Entries(when)) = f else {
            panic!("a count")
        };
        assert_eq!(l.condition_words(&when), "金额不少于5且性别为女");
        assert_eq!(
            l.derive(&l.formula("有无(性别=男)").unwrap(), &refs),
            Derived::Flag(true)
        );
    }

    #[test]
    fn yes_no_answers_join_with_and_and_or_and_a_month_counts_when_each_has_one() {
        let l = Ledger {
            id: "activities".into(),
            item: "children.left_behind".into(),
            entry: "团体活动".into(),
            fields: vec![
                LedgerField {
                    id: "term".into(),
                    label: "学期".into(),
                    kind: FieldKind::Choice(vec!["上学期".into(), "下学期".into()]),
                },
                LedgerField {
                    id: "leader".into(),
                    label: "领导参加".into(),
                    kind: FieldKind::YesNo,
                },
            ],
            feeds: vec![],
        };
        let rule = "至少(6, 条数(学期=上学期)) 且 至少(6, 条数(学期=下学期)) 或 有无(领导参加=是)";
        let f = l.formula(rule).unwrap();
        assert_eq!(f.yields(), Yields::YesNo);
        let mut figures = Vec::new();
        for i in 0..12 {
            let term = if i < 6 { "上学期" } else { "下学期" };
            figures.push(
                [
                    ("term".to_string(), term.to_string()),
                    ("leader".to_string(), "否".to_string()),
                ]
                .into_iter()
                .collect::<EntryFigures>(),
            );
        }
        let dates: Vec<String> = (1..=12).map(|m| format!("2015-{m:02}-15")).collect();
        let refs: Vec<EntryRef> = figures
            .iter()
            .zip(&dates)
            .map(|(f, d)| EntryRef {
                date: d,
                figures: f,
            })
            .collect();
        assert_eq!(l.derive(&f, &refs), Derived::Flag(true), "6 and 6");
        assert_eq!(
            l.derive(&f, &refs[1..]),
            Derived::Flag(false),
            "5 and 6, no leader"
        );
        // Every month: twelve entries, one a month.
        let monthly = l.formula("每月都有").unwrap();
        assert_eq!(l.derive(&monthly, &refs), Derived::Flag(true));
        assert_eq!(l.derive(&monthly, &refs[..11]), Derived::Flag(false));
        // A number cannot be joined as a yes/no.
        assert!(
            l.formula("条数 且 有无")
                .unwrap_err()
                .contains("不能用“且”连接")
        );
    }
}
