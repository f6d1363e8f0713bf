//! What a unit changed between two of its sheets (a first submission and its resend after a
//! return): per item, each fact, the manual score and its reason, the 自评说明, the self score
//! and the 佐证材料 added or removed, old → new in words; and the header (unit, figures,
//! contact). The office sees exactly these on a resend, and their earlier 考核得分 is dropped.

use super::Sheet;
use crate::catalog::LoadedRuleset;
use crate::ruleset::excerpt;
use crate::scoring::{Fact, ItemEntry, item_location};
use rust_decimal::Decimal;
use serde::Serialize;

/// One item the unit changed, with each change in words (`自评说明：“…” → “…”`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemChange {
    pub item_id: String,
    /// 办公室工作 第1项（…）, as people name it.
    pub item: String,
    pub lines: Vec<String>,
}

/// Everything the unit changed between two of its sheets.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct SheetChanges {
    /// Changes outside the items: unit, figures, contact, ruleset.
    pub header: Vec<String>,
    pub items: Vec<ItemChange>,
}

impl SheetChanges {
    pub fn is_empty(&self) -> bool {
        self.header.is_empty() && self.items.is_empty()
    }

    pub fn item_ids(&self) -> Vec<String> {
        self.items.iter().map(|c| c.item_id.clone()).collect()
    }

    /// Every change, one per line, as `kaoping diff` prints them.
    pub fn lines(&self) -> Vec<String> {
        let mut out = self.header.clone();
        for item in &self.items {
            out.push(format!("{}：", item.item));
            out.extend(item.lines.iter().map(|l| format!("  {l}")));
        }
        out
    }
}

fn fact_words(fact: Option<&Fact>) -> String {
    match fact {
        None => "（未填）".into(),
        Some(Fact::Flag(true)) => "是".into(),
        Some(Fact::Flag(false)) => "否".into(),
        Some(Fact::Number(d)) => d.normalize().to_string(),
        Some(Fact::Text(t)) => format!("“{}”", excerpt(t)),
    }
}

fn score_words(score: Option<Decimal>) -> String {
    score.map_or_else(|| "（未算出）".into(), |d| d.normalize().to_string())
}

fn text_words(text: &str) -> String {
    if text.trim().is_empty() {
        "（空）".into()
    } else {
        format!("“{}”", excerpt(text.trim()))
    }
}

/// What the unit changed from `old` to `new`. Both are read under `loaded` (the new sheet's
/// ruleset) for names and self scores; an item neither names is left out.
pub fn unit_changes(old: &Sheet, new: &Sheet, loaded: &LoadedRuleset) -> SheetChanges {
    let ruleset = &loaded.ruleset;
    let mut header = Vec::new();
    if old.unit != new.unit {
        let name = |s: &Sheet| s.unit_name(loaded).unwrap_or("（未选）").to_string();
        header.push(format!("填报单位：{} → {}", name(old), name(new)));
    }
    if old.ruleset != new.ruleset {
        header.push(format!(
            "考核规则：{}（版本 {}）→ {}（版本 {}）",
            excerpt(&old.ruleset.id),
            excerpt(&old.ruleset.version),
            excerpt(&new.ruleset.id),
            excerpt(&new.ruleset.version)
        ));
    }
    for figure in &ruleset.figures {
        let (a, b) = (old.figures.get(&figure.id), new.figures.get(&figure.id));
        if a != b {
            let w = |v: Option<&u32>| v.map_or_else(|| "（未填）".to_string(), u32::to_string);
            header.push(format!("{}：{} → {}", figure.label, w(a), w(b)));
        }
    }
    for (what, a, b) in [
        ("联系人", &old.contact.name, &new.contact.name),
        ("电话", &old.contact.phone, &new.contact.phone),
    ] {
        if a.trim() != b.trim() {
            header.push(format!("{what}：{} → {}", text_words(a), text_words(b)));
        }
    }

    let old_report = old.evaluate(loaded);
    let new_report = new.evaluate(loaded);
    let mut items = Vec::new();
    for category in &ruleset.categories {
        for item in &category.items {
            // Only the unit's own entries count: never the office's review or 确认无误.
            let empty = ItemEntry::default();
            let a = old.items.get(&item.id).unwrap_or(&empty);
            let b = new.items.get(&item.id).unwrap_or(&empty);
            let mut lines = Vec::new();
            for rule in item.all_rules() {
                let (x, y) = (a.facts.get(&rule.id), b.facts.get(&rule.id));
                if x != y {
                    lines.push(format!(
                        "{}：{} → {}",
                        rule.label,
                        fact_words(x),
                        fact_words(y)
                    ));
                }
            }
            if a.manual != b.manual {
                let w = |m: &Option<crate::scoring::ManualScore>| match m {
                    None => "（无）".to_string(),
                    Some(m) => format!("{}分，理由{}", m.score.normalize(), text_words(&m.reason)),
                };
                lines.push(format!("手工得分：{} → {}", w(&a.manual), w(&b.manual)));
            }
            if a.note.trim() != b.note.trim() {
                lines.push(format!(
                    "自评说明：{} → {}",
                    text_words(&a.note),
                    text_words(&b.note)
                ));
            }
            let old_files = old.evidence.get(&item.id);
            let new_files = new.evidence.get(&item.id);
            let hashes =
                |f: Option<&Vec<super::attachments::EvidenceFile>>| -> Vec<(String, String)> {
                    f.map(|v| {
                        v.iter()
                            .map(|e| (e.sha256.clone(), e.title.clone()))
                            .collect()
                    })
                    .unwrap_or_default()
                };
            let (of, nf) = (hashes(old_files), hashes(new_files));
            for (sha, title) in &nf {
                if !of.iter().any(|(s, _)| s == sha) {
                    lines.push(format!("佐证材料：新增“{}”", excerpt(title)));
                }
            }
            for (sha, title) in &of {
                if !nf.iter().any(|(s, _)| s == sha) {
                    lines.push(format!("佐证材料：去掉“{}”", excerpt(title)));
                }
            }
            let own = |r: &crate::scoring::SheetReport| r.item(&item.id).and_then(|i| i.score);
            let (s1, s2) = (own(&old_report), own(&new_report));
            if s1 != s2 {
                lines.push(format!(
                    "自查得分：{} → {}",
                    score_words(s1),
                    score_words(s2)
                ));
            }
            if !lines.is_empty() {
                items.push(ItemChange {
                    item_id: item.id.clone(),
                    item: item_name(loaded, &item.id),
                    lines,
                });
            }
        }
    }
    SheetChanges { header, items }
}

/// 办公室工作 第1项（及时报送信息）.
pub fn item_name(loaded: &LoadedRuleset, item_id: &str) -> String {
    let location = item_location(&loaded.ruleset, item_id);
    match loaded.ruleset.item(item_id) {
        Some(item) if !item.content.trim().is_empty() => {
            format!("{location}（{}）", excerpt(item.content.trim()))
        }
        _ => location,
    }
}

/// Items named briefly by category: 办公室工作第1、4项，维权工作第2项.
pub fn items_in_short(loaded: &LoadedRuleset, ids: &[String]) -> String {
    let mut parts = Vec::new();
    for category in &loaded.ruleset.categories {
        let places: Vec<String> = category
            .items
            .iter()
            .enumerate()
            .filter(|(_, i)| ids.contains(&i.id))
            .map(|(n, _)| (n + 1).to_string())
            .collect();
        if !places.is_empty() {
            parts.push(format!("{}第{}项", category.name, places.join("、")));
        }
    }
    parts.join("，")
}

/// SHA-256 of what the unit entered for one item — facts, manual score, 自评说明 and its
/// 佐证材料 — so a 退回通知 can tell whether the clerk has changed the item since.
pub fn item_state_hash(sheet: &Sheet, item_id: &str) -> String {
    #[derive(Serialize)]
    struct ItemState<'a> {
        facts: Option<&'a std::collections::BTreeMap<String, Fact>>,
        manual: Option<&'a crate::scoring::ManualScore>,
        note: &'a str,
        evidence: Vec<&'a str>,
    }
    let entry = sheet.items.get(item_id);
    let state = ItemState {
        facts: entry.map(|e| &e.facts).filter(|f| !f.is_empty()),
        manual: entry.and_then(|e| e.manual.as_ref()),
        note: entry.map_or("", |e| e.note.trim()),
        evidence: sheet
            .evidence
            .get(item_id)
            .map(|v| v.iter().map(|f| f.sha256.as_str()).collect())
            .unwrap_or_default(),
    };
    // Plain maps and strings always serialize.
    crate::catalog::sha256_hex(&serde_json::to_vec(&state).unwrap_or_default())
}
