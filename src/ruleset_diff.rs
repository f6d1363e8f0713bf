//! What changed between two schemes, item by item id: items added, removed, moved, and
//! changed in points, text, rules or targets; units added or removed. Read by `kaoping
//! ruleset diff`, the window's 规则比较 and the across-years comparison.

use crate::ruleset::{Category, Item, Rule, RuleKind, Ruleset, Target, fmt_dec, item_title, or_id};
use std::collections::BTreeMap;

/// One line of the comparison, for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: ChangeKind,
    /// The item id, when the change is about an item (for scripts and tests).
    pub item: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// The scheme's own fields: year, title, total, deadline.
    Scheme,
    Added,
    Removed,
    Changed,
    Units,
}

impl ChangeKind {
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::Scheme => "规则",
            ChangeKind::Added => "新增",
            ChangeKind::Removed => "删除",
            ChangeKind::Changed => "修改",
            ChangeKind::Units => "单位",
        }
    }
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}：{}", self.kind.label(), self.text)
    }
}

/// The differences from `old` to `new`, in the new scheme's item order (removed items last).
pub fn diff(old: &Ruleset, new: &Ruleset) -> Vec<Change> {
    let scheme = scheme_changes(old, new)
        .into_iter()
        .chain(category_changes(old, new))
        .map(|text| Change {
            kind: ChangeKind::Scheme,
            item: None,
            text,
        });
    let mut out: Vec<Change> = scheme.collect();
    out.extend(item_diff(old, new));
    out.extend(
        class_and_figure_changes(old, new)
            .into_iter()
            .chain(unit_changes(old, new))
            .map(unit_change),
    );
    out
}

/// The scheme's own fields: year, id, version, title, issuer, footnote, total, grades or
/// awards, the deadline and its wording.
fn scheme_changes(old: &Ruleset, new: &Ruleset) -> Vec<String> {
    let mut out = Vec::new();
    let mut scheme = |text: String| out.push(text);
    if old.year != new.year {
        scheme(format!("年度 {} → {}", old.year, new.year));
    }
    for (what, o, n) in [
        ("规则编号", &old.id, &new.id),
        ("版本", &old.version, &new.version),
        ("标题", &old.title, &new.title),
        ("发文单位", &old.issuer, &new.issuer),
        ("表注", &old.footnote, &new.footnote),
    ] {
        if o != n {
            scheme(text_change(what, o, n));
        }
    }
    if old.total_points != new.total_points {
        scheme(format!(
            "总分 {} → {}",
            fmt_dec(old.total_points),
            fmt_dec(new.total_points)
        ));
    }
    let grading = |r: &Ruleset| {
        let text = if !r.grades.is_empty() {
            crate::ruleset::GradeBand::list_text(&r.grades)
        } else {
            crate::ruleset::AwardPlaces::list_text(&r.awards)
        };
        if text.is_empty() {
            "不设".to_string()
        } else {
            text
        }
    };
    if grading(old) != grading(new) {
        scheme(format!(
            "通报的等次或奖项 {} → {}",
            grading(old),
            grading(new)
        ));
    }
    let date = |r: &Ruleset| r.deadline.as_ref().map(|d| d.date.clone());
    if date(old) != date(new) {
        let shown = |d: Option<String>| d.unwrap_or_else(|| "无".into());
        scheme(format!(
            "截止日期 {} → {}",
            shown(date(old)),
            shown(date(new))
        ));
    }
    // The deadline's wording (where the date comes from), compared like any text.
    let reading = |r: &Ruleset| {
        r.deadline
            .as_ref()
            .map(|d| d.reading.clone())
            .unwrap_or_default()
    };
    if reading(old) != reading(new) {
        scheme(text_change("截止日期的说明", &reading(old), &reading(new)));
    }
    out
}

/// The categories: added (a 加分项 category said as counted beyond the total), removed,
/// renamed, their points.
fn category_changes(old: &Ruleset, new: &Ruleset) -> Vec<String> {
    let mut out = Vec::new();
    let mut scheme = |text: String| out.push(text);
    let kind = |c: &Category| {
        if c.is_bonus() {
            "加分项类别（不计入总分，另加）"
        } else {
            "类别"
        }
    };
    for c in &new.categories {
        match old.categories.iter().find(|o| o.id == c.id) {
            None => scheme(format!(
                "新增{}：{}（{}分，{}项）",
                kind(c),
                c.name,
                fmt_dec(c.points),
                c.items.len()
            )),
            Some(o) => {
                if o.name != c.name {
                    scheme(text_change(
                        &format!("类别“{}”的名称", o.name),
                        &o.name,
                        &c.name,
                    ));
                }
                if o.points != c.points {
                    scheme(format!(
                        "{} {}分 → {}分",
                        c.name,
                        fmt_dec(o.points),
                        fmt_dec(c.points)
                    ));
                }
                if o.is_bonus() != c.is_bonus() {
                    scheme(format!("{}：{} → {}", c.name, kind(o), kind(c)));
                }
            }
        }
    }
    for o in &old.categories {
        if !new.categories.iter().any(|c| c.id == o.id) {
            scheme(format!(
                "删除{}：{}（{}分，{}项）",
                kind(o),
                o.name,
                fmt_dec(o.points),
                o.items.len()
            ));
        }
    }

    out
}

/// The items by id: added, changed (points, texts, rules, targets, place), removed.
fn item_diff(old: &Ruleset, new: &Ruleset) -> Vec<Change> {
    let mut out = Vec::new();
    let old_items: BTreeMap<&str, (&Category, &Item)> =
        old.items().map(|(c, i)| (i.id.as_str(), (c, i))).collect();
    let new_ids: Vec<&str> = new.items().map(|(_, i)| i.id.as_str()).collect();
    for (cat, item) in new.items() {
        let title = item_title(cat, item);
        match old_items.get(item.id.as_str()) {
            None => out.push(Change {
                kind: ChangeKind::Added,
                item: Some(item.id.clone()),
                text: format!("{title}，{}分", fmt_dec(item.points)),
            }),
            Some((old_cat, old_item)) => {
                let what = item_changes(old, new, old_cat, old_item, cat, item);
                if !what.is_empty() {
                    out.push(Change {
                        kind: ChangeKind::Changed,
                        item: Some(item.id.clone()),
                        text: format!("{title}：{}", what.join("；")),
                    });
                }
            }
        }
    }
    for (cat, item) in old.items() {
        if !new_ids.contains(&item.id.as_str()) {
            out.push(Change {
                kind: ChangeKind::Removed,
                item: Some(item.id.clone()),
                text: format!("{}，{}分", item_title(cat, item), fmt_dec(item.points)),
            });
        }
    }
    out
}

/// Unit classes and the figures units fill in: added, renamed, removed.
fn class_and_figure_changes(old: &Ruleset, new: &Ruleset) -> Vec<String> {
    let mut out = Vec::new();
    for c in &new.classes {
        match old.class(&c.id) {
            None => out.push(format!("新增单位类别 {}", c.name)),
            Some(o) if o.name != c.name => {
                out.push(format!("单位类别 “{}” → “{}”", o.name, c.name))
            }
            Some(_) => {}
        }
    }
    for c in &old.classes {
        if new.class(&c.id).is_none() {
            out.push(format!("删除单位类别 {}", c.name));
        }
    }
    for f in &new.figures {
        match old.figure(&f.id) {
            None => out.push(format!("新增单位填报的数字 {}（{}）", f.label, f.unit)),
            Some(o) if o.label != f.label || o.unit != f.unit => out.push(format!(
                "单位填报的数字 {}（{}） → {}（{}）",
                o.label, o.unit, f.label, f.unit
            )),
            Some(_) => {}
        }
    }
    for f in &old.figures {
        if new.figure(&f.id).is_none() {
            out.push(format!("删除单位填报的数字 {}", f.label));
        }
    }
    out
}

/// The units: renamed, their short names, added, removed, moved to another class.
fn unit_changes(old: &Ruleset, new: &Ruleset) -> Vec<String> {
    let mut out = Vec::new();
    for u in &new.units {
        if let Some(o) = old.unit(&u.id) {
            if o.name != u.name {
                out.push(format!("单位名称 {} → {}", o.name, u.name));
            }
            if o.aliases != u.aliases {
                let shown = |a: &[String]| {
                    if a.is_empty() {
                        "无".to_string()
                    } else {
                        a.join("、")
                    }
                };
                out.push(format!(
                    "{} 的简称 {} → {}",
                    u.name,
                    shown(&o.aliases),
                    shown(&u.aliases)
                ));
            }
        }
    }
    for u in &new.units {
        if old.unit(&u.id).is_none() {
            out.push(format!("新增 {}", u.name));
        }
    }
    for u in &old.units {
        match new.unit(&u.id) {
            None => out.push(format!("删除 {}", u.name)),
            Some(n) if n.class != u.class => out.push(format!(
                "{} 的类别 {} → {}",
                n.name,
                class_name(old, &u.class),
                class_name(new, &n.class)
            )),
            Some(_) => {}
        }
    }
    out
}

/// A text that changed, old → new: whole when short, else the changed middle with a few
/// characters around it (考核说明 “…每少一条扣0.5分” → “…每少一条扣1分”).
pub fn text_change(label: &str, old: &str, new: &str) -> String {
    const WHOLE: usize = 40;
    const AROUND: usize = 8;
    let o: Vec<char> = old.chars().collect();
    let n: Vec<char> = new.chars().collect();
    if o.len() <= WHOLE && n.len() <= WHOLE {
        return format!("{label} “{old}” → “{new}”");
    }
    let prefix = o.iter().zip(&n).take_while(|(a, b)| a == b).count();
    let suffix = o[prefix..]
        .iter()
        .rev()
        .zip(n[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let from = prefix.saturating_sub(AROUND);
    let cut = |t: &[char]| -> String {
        let to = (t.len() - suffix + AROUND).min(t.len());
        let mut s = String::new();
        if from > 0 {
            s.push('…');
        }
        s.extend(&t[from..to]);
        if to < t.len() {
            s.push('…');
        }
        s
    };
    format!("{label} “{}” → “{}”", cut(&o), cut(&n))
}

fn unit_change(text: String) -> Change {
    Change {
        kind: ChangeKind::Units,
        item: None,
        text,
    }
}

fn class_name<'r>(rs: &'r Ruleset, id: &'r str) -> &'r str {
    rs.class(id).map(|c| c.name.as_str()).unwrap_or(id)
}

fn item_changes(
    old: &Ruleset,
    new: &Ruleset,
    old_cat: &Category,
    old_item: &Item,
    cat: &Category,
    item: &Item,
) -> Vec<String> {
    let mut what = Vec::new();
    if old_cat.id != cat.id {
        what.push(format!("从“{}”移到“{}”", old_cat.name, cat.name));
    }
    if old_item.points != item.points {
        what.push(format!(
            "标准分 {} → {}",
            fmt_dec(old_item.points),
            fmt_dec(item.points)
        ));
    }
    for (label, o, n) in [
        ("考核内容", &old_item.content, &item.content),
        ("考核说明", &old_item.rule_text, &item.rule_text),
        ("本程序的理解", &old_item.reading, &item.reading),
    ] {
        if o != n {
            what.push(text_change(label, o, n));
        }
    }
    let part_points = |i: &Item| -> Vec<(String, String)> {
        i.parts
            .iter()
            .map(|p| (p.id.clone(), fmt_dec(p.points)))
            .collect()
    };
    if part_points(old_item) != part_points(item) {
        let shown = |i: &Item| -> String {
            let parts: Vec<String> = i
                .parts
                .iter()
                .map(|p| format!("{}{}分", or_id(&p.label, &p.id), fmt_dec(p.points)))
                .collect();
            if parts.is_empty() {
                "不分".into()
            } else {
                parts.join("、")
            }
        };
        what.push(format!("分项 {} → {}", shown(old_item), shown(item)));
    }
    for p in &item.parts {
        if let Some(o) = old_item.parts.iter().find(|o| o.id == p.id)
            && o.label != p.label
        {
            what.push(text_change("分项名称", &o.label, &p.label));
        }
    }
    let old_rules: BTreeMap<&str, &Rule> =
        old_item.all_rules().map(|r| (r.id.as_str(), r)).collect();
    for rule in item.all_rules() {
        let name = or_id(&rule.label, &rule.id);
        match old_rules.get(rule.id.as_str()) {
            None => what.push(format!(
                "新增规则“{name}”（{}）",
                describe_kind(new, &rule.kind)
            )),
            Some(o) if o.kind != rule.kind => what.push(format!(
                "规则“{name}”：{} → {}",
                describe_kind(old, &o.kind),
                describe_kind(new, &rule.kind)
            )),
            Some(o) if o.label != rule.label => {
                what.push(format!("规则名称 “{}” → “{name}”", or_id(&o.label, &o.id)))
            }
            Some(_) => {}
        }
    }
    for rule in old_item.all_rules() {
        if !item.all_rules().any(|r| r.id == rule.id) {
            what.push(format!("删除规则“{}”", or_id(&rule.label, &rule.id)));
        }
    }
    if old_item.evidence != item.evidence {
        what.push("佐证材料要求改了".into());
    }
    what
}

/// A rule's scoring in a few words: 目标 县市80/城区50/功能区30，每少1条扣0.5分.
pub fn describe_kind(rs: &Ruleset, kind: &RuleKind) -> String {
    match kind {
        RuleKind::DeductIfNot { amount } => format!("未做到扣{}分", fmt_dec(*amount)),
        RuleKind::AwardIf { amount } => format!("做到加{}分", fmt_dec(*amount)),
        RuleKind::Shortfall { target, per, unit } => format!(
            "目标{}，每少1{unit}扣{}分",
            describe_target(rs, target),
            fmt_dec(*per)
        ),
        RuleKind::PerOccurrence { per, unit } => format!("每1{unit}扣{}分", fmt_dec(*per)),
        RuleKind::Proportional { target, points, .. } => format!(
            "目标{}，按缺少的比例扣{}分",
            describe_target(rs, target),
            fmt_dec(*points)
        ),
        RuleKind::RateStep {
            threshold,
            step,
            per,
            ..
        } => format!(
            "低于{}%时每{}个百分点扣{}分",
            fmt_dec(*threshold),
            fmt_dec(*step),
            fmt_dec(*per)
        ),
        RuleKind::Judgement { points } => format!("评定0到{}分", fmt_dec(*points)),
        RuleKind::Bonus { per, unit } => format!("加分：每1{unit}加{}分", fmt_dec(*per)),
    }
}

fn describe_target(rs: &Ruleset, target: &Target) -> String {
    match target {
        Target::Fixed(n) => n.to_string(),
        Target::ByClass(map) => map
            .iter()
            .map(|(class, n)| format!("{}{n}", class_name(rs, class)))
            .collect::<Vec<_>>()
            .join("/"),
        Target::PerFigure { figure, factor } => {
            let label = rs
                .figure(figure)
                .map(|f| f.label.as_str())
                .unwrap_or(figure);
            format!("{label}×{factor}")
        }
    }
}

/// Next year's scheme as text, from this year's: the same items and ids, comments kept; id,
/// year, title and the deadline's year moved on, version 1.0.0, and a first line saying where it
/// came from. `Err` when a field is not written one per line as `kaoping` writes them.
pub fn next_year_text(text: &str, from: &Ruleset, year: u16) -> Result<String, String> {
    let shift = i32::from(year) - i32::from(from.year);
    let old_year = from.year.to_string();
    let new_year = year.to_string();
    let new_id = if from.id.contains(&old_year) {
        from.id.replace(&old_year, &new_year)
    } else {
        format!("{}-{new_year}", from.id)
    };
    let new_title = if from.title.contains(&old_year) {
        from.title.replace(&old_year, &new_year)
    } else {
        format!("{new_year}年 {}", from.title)
    };
    let map = crate::ruleset_text::TextMap::of(text);
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut set = |field: &str, value: String| -> Result<(), String> {
        let line = map
            .field_line(field)
            .ok_or_else(|| format!("找不到字段 {field}"))?;
        let current = lines
            .get_mut(line - 1)
            .ok_or_else(|| format!("找不到字段 {field}"))?;
        let indent: String = current.chars().take_while(|c| c.is_whitespace()).collect();
        if !current.trim_start().starts_with(&format!("{field}:")) || !current.ends_with(',') {
            return Err(format!(
                "第{line}行：字段 {field} 没有单独写在一行上，请手工复制后修改"
            ));
        }
        *current = format!("{indent}{field}: {value},");
        Ok(())
    };
    set("id", format!("{new_id:?}"))?;
    set("version", "\"1.0.0\"".into())?;
    set("year", new_year.clone())?;
    set("title", format!("{new_title:?}"))?;
    let mut out = format!(
        "// 由 kaoping ruleset new 从 {} 版本 {}（{}年）复制而来：项目和 id 照旧，请逐项修改后用 kaoping check 检查。\n",
        from.id, from.version, from.year
    );
    let mut body = lines.join("\n");
    if let Some(deadline) = &from.deadline
        && let Some((y, m, d)) = deadline.ymd()
    {
        let moved = format!("{:04}-{m:02}-{d:02}", y + shift);
        body = body.replacen(
            &format!("date: \"{}\"", deadline.date),
            &format!("date: \"{moved}\""),
            1,
        );
        out.push_str(&format!(
            "// 截止日期已顺延为 {moved}，其说明（reading）仍是上一年的，请按新通知改写。\n"
        ));
    }
    out.push_str(&body);
    out.push('\n');
    Ok(out)
}
