//! A sheet's 台账 entries (the lists its unit keeps all year, as its scheme defines them in
//! `ledger::Ledger`) and what they give the rules: a rule fed by a ledger that has entries
//! takes its input from them — 4 讲座 with 60, 55, 45 and 70 women are 4 held and 1 under 50 —
//! instead of a typed number; a ledger without entries leaves the typed number as it is.

use crate::ledger::{Derived, EntryFigures, EntryRef, FieldKind, Ledger};
use crate::ruleset::{Ruleset, excerpt, fmt_dec};
use crate::scoring::{Fact, ItemEntry};
use crate::sheet::attachments::EvidenceFile;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Most entries one ledger may hold (a year of daily entries, and then some).
pub const MAX_ENTRIES: usize = 5_000;
/// The longest 事由 or figure.
pub const MAX_ENTRY_TEXT_CHARS: usize = 200;

/// One entry of a ledger: what happened, when, with the figures its rules need and its own
/// 佐证材料.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerEntry {
    /// Unique in its ledger and never reused: a strike or a folder name refers to it.
    pub id: u32,
    /// YYYY-MM-DD.
    pub date: String,
    /// 事由: 3月8日在城关镇社区举办家庭律师普法讲座.
    pub title: String,
    /// Field id → value as entered (checked against the field's kind when entered).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub figures: EntryFigures,
    /// Files kept with this entry (in `<sheet>_佐证材料/台账/<ledger>/<entry id>/`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<EvidenceFile>,
}

/// What the ledgers give one item: facts that take the place of typed ones, and the lines
/// that say so.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LedgerFacts {
    pub facts: BTreeMap<String, Fact>,
    pub lines: Vec<String>,
}

/// The facts the sheet's ledgers derive, by item id. Entries for which `counted` says no
/// (struck by the office) are left out; `until` (YYYY-MM-DD) leaves out later entries.
pub fn derive(
    ruleset: &Ruleset,
    ledgers: &BTreeMap<String, Vec<LedgerEntry>>,
    counted: &dyn Fn(&str, &LedgerEntry) -> bool,
    until: Option<&str>,
) -> BTreeMap<String, LedgerFacts> {
    let mut out: BTreeMap<String, LedgerFacts> = BTreeMap::new();
    for ledger in &ruleset.ledgers {
        let Some(entries) = ledgers.get(&ledger.id).filter(|e| !e.is_empty()) else {
            continue;
        };
        let Some(item) = ruleset.item(&ledger.item) else {
            continue;
        };
        let kept: Vec<EntryRef> = entries
            .iter()
            .filter(|e| counted(&ledger.id, e))
            .filter(|e| until.is_none_or(|d| e.date.as_str() <= d))
            .map(|e| EntryRef {
                date: &e.date,
                figures: &e.figures,
            })
            .collect();
        let facts = out.entry(item.id.clone()).or_default();
        let mut said = Vec::new();
        for feed in &ledger.feeds {
            let (Some(rule), Ok(formula)) = (
                item.all_rules().find(|r| r.id == feed.rule),
                ledger.formula(&feed.from),
            ) else {
                continue;
            };
            let (fact, words) = match ledger.derive(&formula, &kept) {
                Derived::Number(n) => (
                    Fact::Number(n),
                    format!("{}{}", fmt_dec(n), rule.kind.unit()),
                ),
                Derived::Percent(p) => (Fact::Number(p), format!("{}%", fmt_dec(p))),
                Derived::Flag(b) => (Fact::Flag(b), if b { "是" } else { "否" }.to_string()),
                // No rate can be said: the rule is left unfilled, and the line says why.
                Derived::NoShare => {
                    said.push(format!("{}：无法计算（分母为0）", rule.label));
                    continue;
                }
            };
            facts.facts.insert(rule.id.clone(), fact);
            said.push(format!("{}{words}", rule.label));
        }
        facts.lines.push(format!(
            "由台账计算（{}{}条）：{}",
            ledger.entry,
            kept.len(),
            said.join("；")
        ));
    }
    out
}

/// How a struck entry is keyed in the review: `ledger/id`.
pub fn strike_key(ledger: &str, id: u32) -> String {
    format!("{ledger}/{id}")
}

/// The line a 考核意见 carries for a struck entry: 不予认定：讲座“…”（2015-03-08）：why.
pub fn strike_line(ledger: &Ledger, entry: &LedgerEntry, why: &str) -> String {
    format!(
        "{STRUCK}{}“{}”（{}）：{}",
        ledger.entry,
        excerpt(&entry.title),
        entry.date,
        why.trim()
    )
}

/// How every strike line of a 考核意见 begins.
pub const STRUCK: &str = "不予认定：";

/// The sheet's item entries with the ledgers' facts in place of the typed ones.
pub fn with_ledger_facts(
    items: &BTreeMap<String, ItemEntry>,
    derived: &BTreeMap<String, LedgerFacts>,
) -> BTreeMap<String, ItemEntry> {
    let mut items = items.clone();
    for (item_id, d) in derived {
        let entry = items.entry(item_id.clone()).or_default();
        for (rule, fact) in &d.facts {
            entry.facts.insert(rule.clone(), fact.clone());
        }
    }
    items
}

/// Whether `value` is one the field takes (a whole number for 数量, a number for 金额, 是/否,
/// one of the choices); `Err` says why not, naming the field.
pub fn check_figure(ledger: &Ledger, field_id: &str, value: &str) -> Result<String, String> {
    let Some(field) = ledger.field(field_id) else {
        return Err(format!(
            "台账“{}”没有字段“{}”",
            ledger.entry,
            excerpt(field_id)
        ));
    };
    let value = value.trim();
    if value.chars().count() > MAX_ENTRY_TEXT_CHARS {
        return Err(format!(
            "{}太长（最多{MAX_ENTRY_TEXT_CHARS}个字）",
            field.label
        ));
    }
    let ok = match &field.kind {
        FieldKind::Count { .. } => value.parse::<u32>().is_ok_and(|n| n <= 1_000_000),
        FieldKind::Amount { .. } => value
            .parse::<rust_decimal::Decimal>()
            .is_ok_and(|d| d >= rust_decimal::Decimal::ZERO && d.scale() <= 4),
        FieldKind::YesNo => value == "是" || value == "否",
        FieldKind::Choice(options) => options.iter().any(|o| o == value),
        FieldKind::Text => !value.chars().any(char::is_control),
    };
    if ok {
        return Ok(value.to_string());
    }
    Err(match &field.kind {
        FieldKind::Count { unit } => format!(
            "{}应是整数（{unit}），现为“{}”",
            field.label,
            excerpt(value)
        ),
        FieldKind::Amount { unit } => {
            format!(
                "{}应是不小于0的数（{unit}），现为“{}”",
                field.label,
                excerpt(value)
            )
        }
        FieldKind::YesNo => format!("{}应填“是”或“否”，现为“{}”", field.label, excerpt(value)),
        FieldKind::Choice(options) => format!(
            "{}应是{}之一，现为“{}”",
            field.label,
            options.join("、"),
            excerpt(value)
        ),
        FieldKind::Text => format!("{}不能含换行等控制字符", field.label),
    })
}

/// What opening checks of a sheet's ledgers: bounded, ids unique per ledger, dates real.
pub(super) fn check_entries(ledgers: &BTreeMap<String, Vec<LedgerEntry>>) -> Result<(), String> {
    for (id, entries) in ledgers {
        if entries.len() > MAX_ENTRIES {
            return Err(format!(
                "台账“{}”的记录太多（最多{MAX_ENTRIES}条）",
                excerpt(id)
            ));
        }
        let mut ids = std::collections::BTreeSet::new();
        for e in entries {
            if !ids.insert(e.id) {
                return Err(format!("台账“{}”中记录编号{}重复", excerpt(id), e.id));
            }
            if e.title.chars().count() > MAX_ENTRY_TEXT_CHARS
                || e.figures.len() > crate::ledger::MAX_LEDGER_FIELDS
                || e.figures
                    .values()
                    .any(|v| v.chars().count() > MAX_ENTRY_TEXT_CHARS)
            {
                return Err(format!("台账“{}”的记录{}内容太长", excerpt(id), e.id));
            }
            if crate::input::parse_day(&e.date).as_deref() != Ok(e.date.as_str()) {
                return Err(format!(
                    "台账“{}”的记录{}日期“{}”不是日期",
                    excerpt(id),
                    e.id,
                    excerpt(&e.date)
                ));
            }
        }
    }
    Ok(())
}
