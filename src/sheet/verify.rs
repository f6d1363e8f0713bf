//! What opening a sheet checks beyond its syntax: texts within bounds, every item and input
//! known to its ruleset, and the scores stored in the file against a fresh computation.

use super::Sheet;
use crate::catalog::LoadedRuleset;
use crate::ruleset::{excerpt, fmt_dec};
use crate::scoring::{Fact, SheetReport, item_location};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The longest note, reason or 考核意见 a sheet may hold (a page of text is ~3 KB).
pub const MAX_TEXT_BYTES: usize = 64 * 1024;
/// The longest contact name or phone.
const MAX_SHORT_TEXT_BYTES: usize = 1024;

/// Texts in a sheet are bounded, so a hostile file cannot fill the screen, a PDF or a
/// comparison with megabytes.
pub(super) fn check_bounds(sheet: &Sheet) -> Result<(), String> {
    let long = |what: &str| format!("{what}太长（超过 {} KB）", MAX_TEXT_BYTES / 1024);
    for (field, text) in [
        ("联系人", &sheet.contact.name),
        ("电话", &sheet.contact.phone),
    ] {
        if text.len() > MAX_SHORT_TEXT_BYTES {
            return Err(format!("{field}太长"));
        }
    }
    if let Some(review) = &sheet.review {
        if review.reason.len() > MAX_TEXT_BYTES {
            return Err(long("退回原因"));
        }
        check_scorers(review)?;
    }
    for entry in sheet.items.values() {
        if entry.note.len() > MAX_TEXT_BYTES {
            return Err(long("自评说明"));
        }
        if entry.review_note.len() > MAX_TEXT_BYTES {
            return Err(long("考核意见"));
        }
        if let Some(m) = &entry.manual
            && m.reason.len() > MAX_TEXT_BYTES
        {
            return Err(long("手动评分理由"));
        }
        for fact in entry.facts.values() {
            if let Fact::Text(t) = fact
                && t.len() > MAX_SHORT_TEXT_BYTES
            {
                return Err("填写的数字太长".into());
            }
        }
    }
    Ok(())
}

/// Who scored what: one record per item, at most a few other scores per item, short names.
fn check_scorers(review: &super::Review) -> Result<(), String> {
    const MAX_ITEMS: usize = 1000;
    const MAX_OTHER_SCORES: usize = 20;
    let short = |s: &super::ScoredBy| {
        s.by.len() <= MAX_SHORT_TEXT_BYTES
            && s.on.len() <= 64
            && s.sheet.len() <= 200
            && s.sheet_name.len() <= MAX_SHORT_TEXT_BYTES
    };
    if review.scored_by.len() > MAX_ITEMS || review.disputed.len() > MAX_ITEMS {
        return Err("审核人记录太多".into());
    }
    if !review.scored_by.values().all(short) {
        return Err("审核人记录太长".into());
    }
    for others in review.disputed.values() {
        if others.len() > MAX_OTHER_SCORES
            || others
                .iter()
                .any(|o| !short(&o.scored) || o.note.len() > MAX_TEXT_BYTES)
        {
            return Err("待选的评分太多或太长".into());
        }
    }
    Ok(())
}

/// Every item and input of the file must exist in its ruleset: unknown ones are refused,
/// never carried along unseen.
pub(super) fn check_ids(sheet: &Sheet, loaded: &LoadedRuleset) -> Result<(), String> {
    let rs = &loaded.ruleset;
    let list = |ids: Vec<&String>| {
        let n = ids.len();
        let shown: Vec<String> = ids
            .iter()
            .take(3)
            .map(|i| format!("“{}”", excerpt(i)))
            .collect();
        if n > 3 {
            format!("{}等{n}个", shown.join("、"))
        } else {
            shown.join("、")
        }
    };
    let unknown: Vec<&String> = sheet
        .items
        .keys()
        .filter(|id| rs.item(id).is_none())
        .collect();
    if !unknown.is_empty() {
        return Err(format!("有考核规则中没有的项目：{}", list(unknown)));
    }
    for (id, entry) in &sheet.items {
        if let Some(item) = rs.item(id) {
            let unknown: Vec<&String> = entry
                .facts
                .keys()
                .filter(|k| !item.all_rules().any(|r| &r.id == *k))
                .collect();
            if !unknown.is_empty() {
                return Err(format!(
                    "{}有考核规则中没有的输入：{}",
                    item_location(rs, id),
                    list(unknown)
                ));
            }
        }
    }
    if let Some(unit) = &sheet.unit
        && unit.len() > MAX_SHORT_TEXT_BYTES
    {
        return Err("填报单位太长".into());
    }
    // Figures the ruleset does not ask for are refused like unknown items (never carried).
    let unknown: Vec<&String> = sheet
        .figures
        .keys()
        .filter(|k| !rs.figures.iter().any(|f| &f.id == *k))
        .collect();
    if !unknown.is_empty() {
        return Err(format!("有考核规则中没有的单位数据：{}", list(unknown)));
    }
    // Stamps and answers are short by nature: a megabyte there is not a sheet of ours.
    let stamps = [
        ("保存时间", sheet.saved_at.as_str()),
        ("程序", sheet.program.as_str()),
    ];
    for (what, text) in stamps {
        if text.len() > 200 {
            return Err(format!("{what}太长"));
        }
    }
    for entry in sheet.items.values() {
        if entry.confirmed.len() > 16 || entry.confirmed.iter().any(|k| k.len() > 200) {
            return Err("“确认无误”的记录太多或太长".into());
        }
    }
    Ok(())
}

/// Item by item, where the scores stored in the file differ from the recomputed ones.
pub(super) fn compare_scores(
    sheet: &Sheet,
    loaded: &LoadedRuleset,
    report: &SheetReport,
) -> Vec<String> {
    let Some(stored) = &sheet.computed else {
        return vec!["文件中没有保存的得分，无法核对（已按规则重新核算）。".into()];
    };
    let mut out = Vec::new();
    for item in &report.items {
        let Some(file_score) = stored.items.get(&item.item_id) else {
            out.push(format!(
                "{}：文件中没有此项的得分，按规则应为{}",
                item_location(&loaded.ruleset, &item.item_id),
                show(item.score)
            ));
            continue;
        };
        if *file_score != item.score {
            out.push(format!(
                "{}：文件中的自查得分为{}，按规则核算应为{}",
                item_location(&loaded.ruleset, &item.item_id),
                show(*file_score),
                show(item.score)
            ));
        }
    }
    for cat in &report.categories {
        match stored.categories.get(&cat.id) {
            Some(s) if *s == cat.subtotal => {}
            other => out.push(format!(
                "{}小计：文件中为{}，按规则核算应为{}",
                cat.name,
                show(other.copied()),
                fmt_dec(cat.subtotal)
            )),
        }
    }
    if stored.total != report.total {
        out.push(format!(
            "合计：文件中为{}，按规则核算应为{}",
            fmt_dec(stored.total),
            fmt_dec(report.total)
        ));
    }
    out
}

fn show(d: Option<Decimal>) -> String {
    d.map(fmt_dec).unwrap_or_else(|| "未填".into())
}

/// A map read from a file with each key once: a key written twice is refused with where it
/// is (serde alone would keep the last without a word, and a reader would see another sheet
/// than the program scores).
pub(crate) fn unique_keys<'de, D, V>(d: D) -> Result<BTreeMap<String, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct Keys<V>(std::marker::PhantomData<V>);
    impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Keys<V> {
        type Value = BTreeMap<String, V>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("一组以 id 为键的内容")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some((key, value)) = map.next_entry::<String, V>()? {
                if out.contains_key(&key) {
                    return Err(serde::de::Error::custom(format!(
                        "“{}”写了两次（同一个 id 只能有一处）",
                        excerpt(&key)
                    )));
                }
                out.insert(key, value);
            }
            Ok(out)
        }
    }
    d.deserialize_map(Keys(std::marker::PhantomData))
}
