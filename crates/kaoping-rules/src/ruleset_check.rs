//! The semantic check of a ruleset: ids unique, points positive and within bounds, totals
//! adding up, targets for every class, rules a group can score. Every finding at once, named
//! as people name the item. Errors make a ruleset unusable; warnings are shown to users.

use crate::ruleset::{
    Category, Direction, Item, MAX_POINTS, RuleGroup, Ruleset, checked_sum, excerpt, fmt_dec,
    item_title, or_id,
};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Runs every check on `rs`.
pub fn check(rs: &Ruleset) -> Vec<Finding> {
    let mut c = Checker {
        findings: Vec::new(),
        rs,
        place: Place::default(),
    };
    c.run();
    c.findings
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
    /// What the finding is about, as written in the file, so its line can be found.
    pub place: Place,
    /// The line in the ruleset's text (filled by `ruleset_text::locate`, not by the check,
    /// which sees only the parsed value).
    pub line: Option<usize>,
    /// Where in a workbook (考核项目 表第12行), for a ruleset read from a spreadsheet: the
    /// place as its author sees it, filled by the reader like `line`.
    pub cell: Option<String>,
}

/// Where in the file a finding points: a struct by its kind and id (`Item` “office.info”,
/// `Rule` “city” of that item), the n-th one when an id repeats, or a top-level field.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Place {
    /// The struct's name as written: Ruleset, UnitClass, Unit, Figure, Category, Item, Part,
    /// Rule. Empty: the ruleset itself.
    pub kind: &'static str,
    pub id: String,
    /// The item a part or a rule belongs to.
    pub item: Option<String>,
    /// Which occurrence of a repeated id (0 = the first).
    pub nth: usize,
    /// A top-level field (total_points, deadline) when the finding is about one.
    pub field: Option<&'static str>,
}

impl Place {
    fn field(name: &'static str) -> Place {
        Place {
            field: Some(name),
            ..Place::default()
        }
    }
    pub(crate) fn of(kind: &'static str, id: &str, item: Option<&str>) -> Place {
        Place {
            kind,
            id: id.to_string(),
            item: item.map(str::to_string),
            ..Place::default()
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        };
        match (&self.cell, self.line) {
            (Some(cell), _) => write!(f, "{sev}：{cell}，{}：{}", self.location, self.message),
            (None, Some(line)) => {
                write!(f, "{sev}：第{line}行，{}：{}", self.location, self.message)
            }
            (None, None) => write!(f, "{sev}：{}：{}", self.location, self.message),
        }
    }
}

pub(crate) struct Checker<'a> {
    pub(crate) findings: Vec<Finding>,
    pub(crate) rs: &'a Ruleset,
    /// What is being checked now; every finding pushed points there.
    pub(crate) place: Place,
}

impl<'a> Checker<'a> {
    pub(crate) fn push(
        &mut self,
        severity: Severity,
        item: Option<&str>,
        location: String,
        message: String,
    ) {
        self.findings.push(Finding {
            severity,
            item: item.map(str::to_string),
            location,
            message,
            place: self.place.clone(),
            line: None,
            cell: None,
        });
    }
    pub(crate) fn error(&mut self, item: Option<&str>, location: String, message: String) {
        self.push(Severity::Error, item, location, message);
    }

    fn duplicates<'b>(
        &mut self,
        kind: &'static str,
        what: &str,
        ids: impl Iterator<Item = &'b str>,
        loc: &str,
    ) {
        let mut seen = BTreeMap::new();
        for id in ids {
            let nth = seen.get(id).copied().unwrap_or(0);
            self.place = Place {
                nth,
                ..Place::of(kind, id, None)
            };
            seen.insert(id, nth + 1);
            if id.trim().is_empty() {
                self.error(None, loc.to_string(), format!("{what}的 id 不能为空"));
            } else if nth > 0 {
                self.error(
                    None,
                    loc.to_string(),
                    format!("{what} id “{}”重复", excerpt(id)),
                );
            }
        }
    }

    pub(crate) fn points_ok(&mut self, item: Option<&str>, loc: &str, what: &str, d: Decimal) {
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
        self.place = Place::field("id");
        if rs.id.trim().is_empty() {
            self.error(None, "规则集".into(), "id 不能为空".into());
        }
        self.place = Place::field("version");
        if rs.version.trim().is_empty() {
            self.error(None, "规则集".into(), "version 不能为空".into());
        }
        self.place = Place::field("deadline");
        if let Some(deadline) = &rs.deadline
            && deadline.ymd().is_none()
        {
            self.error(
                None,
                "截止日期".into(),
                format!(
                    "“{}”不是日期，请写成 2016-01-12 这样",
                    excerpt(&deadline.date)
                ),
            );
        }
        self.duplicates(
            "UnitClass",
            "单位类别",
            rs.classes.iter().map(|c| c.id.as_str()),
            "单位类别",
        );
        self.duplicates(
            "Unit",
            "单位",
            rs.units.iter().map(|u| u.id.as_str()),
            "单位",
        );
        self.duplicates(
            "Figure",
            "单位数据",
            rs.figures.iter().map(|f| f.id.as_str()),
            "单位数据",
        );
        self.duplicates(
            "Category",
            "类别",
            rs.categories.iter().map(|c| c.id.as_str()),
            "考核类别",
        );
        self.duplicates(
            "Item",
            "项目",
            rs.items().map(|(_, i)| i.id.as_str()),
            "考核项目",
        );
        let mut names = BTreeMap::new();
        for u in &rs.units {
            self.place = Place::of("Unit", &u.id, None);
            // A unit's name names its sheets, packages and folders: it must be a plain name.
            if !crate::names::is_plain(&u.name) {
                self.error(
                    None,
                    format!("单位“{}”", excerpt(&u.name)),
                    "名称不能用作文件名：不能含 / \\ : * ? \" < > | 、控制字符或改变文字方向的字符，不能以空格或句点开头结尾".into(),
                );
            }
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
            self.place = Place::of("UnitClass", &class.id, None);
            if !rs.units.iter().any(|u| u.class == class.id) {
                self.push(
                    Severity::Warning,
                    None,
                    format!("单位类别“{}”", class.name),
                    "没有单位属于此类别".into(),
                );
            }
        }
        self.place = Place::field("grades");
        if !rs.grades.is_empty() && !rs.awards.is_empty() {
            self.error(
                None,
                "等次".into(),
                "按分数的等次（grades）和按名额的奖项（awards）只能设一种".into(),
            );
        }
        let most = rs.total_points.saturating_add(rs.bonus_points());
        for g in &rs.grades {
            if g.label.trim().is_empty() || g.min < Decimal::ZERO || g.min > most {
                self.error(
                    None,
                    format!("等次“{}”", excerpt(&g.label)),
                    format!("等次须有名称，分数线在0到{}分之间", fmt_dec(most)),
                );
            }
        }
        for a in &rs.awards {
            if a.label.trim().is_empty() || a.places == 0 || a.places > 100 {
                self.error(
                    None,
                    format!("奖项“{}”", excerpt(&a.label)),
                    "奖项须有名称，名额为1到100".into(),
                );
            }
        }
        self.check_ledgers();
        self.place = Place::field("total_points");
        self.points_ok(None, "规则集", "总分", rs.total_points);
        let mut sum = Some(Decimal::ZERO);
        for cat in &rs.categories {
            self.place = Place::of("Category", &cat.id, None);
            let loc = format!("类别“{}”", cat.name);
            self.points_ok(None, &loc, "分值", cat.points);
            // A 加分项 category counts beyond the total; bonus rules live only there.
            if !cat.is_bonus() {
                sum = sum.and_then(|s| s.checked_add(cat.points));
                if cat.items.iter().any(|i| {
                    i.all_rules()
                        .any(|r| matches!(r.kind, crate::ruleset::RuleKind::Bonus { .. }))
                }) {
                    self.error(
                        None,
                        loc.clone(),
                        "加分规则只能放在单独的加分类别中（该类别的每一项都是加分规则），加分不计在总分之内"
                            .into(),
                    );
                }
            }
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
        self.place = Place::field("total_points");
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
        self.place = Place::of("Item", &item.id, None);
        self.points_ok(id, &loc, "标准分", item.points);
        // The id names the item's 佐证材料 folder; the texts are printed and packed: what a
        // package would refuse, the check refuses first.
        if !crate::names::is_plain(&item.id) {
            self.error(
                id,
                loc.clone(),
                format!("项目 id“{}”不能用作文件夹名", excerpt(&item.id)),
            );
        }
        let texts = [
            ("考核内容", item.content.as_str()),
            ("考核说明", item.rule_text.as_str()),
            ("本程序的理解", item.reading.as_str()),
        ];
        for (what, text) in texts {
            if text
                .chars()
                .any(|c| (c.is_control() && c != '\n') || crate::names::is_bidi_control(c))
            {
                self.error(
                    id,
                    loc.clone(),
                    format!("{what}含控制字符或改变文字方向的字符"),
                );
            }
        }
        // What the words say in figures against what the rules score.
        for message in crate::ruleset_words::disagreements(self.rs, item) {
            self.push(Severity::Warning, id, loc.clone(), message);
        }
        let mut titles = BTreeSet::new();
        for e in &item.evidence {
            let t = e.title.trim();
            if t.is_empty() || t.chars().count() > 60 {
                self.error(id, loc.clone(), "佐证材料的名称须有1到60个字".into());
            } else if !titles.insert(t) {
                self.error(id, loc.clone(), format!("佐证材料“{}”重复", excerpt(t)));
            }
        }
        if !item.rules.is_empty() && !item.parts.is_empty() {
            self.error(
                id,
                loc.clone(),
                "不能同时有 rules 和 parts：请把规则都放进各部分".into(),
            );
        }
        self.duplicates_in_item(item, &loc);
        self.place = Place::of("Item", &item.id, None);
        if !item.parts.is_empty() {
            let Some(part_sum) = checked_sum(item.parts.iter().map(|p| p.points)) else {
                self.error(id, loc.clone(), "各部分分值合计超出范围".into());
                return;
            };
            for p in &item.parts {
                self.place = Place::of("Part", &p.id, Some(&item.id));
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
            self.place = Place::of("Item", &item.id, None);
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
            self.place = match group.part {
                Some(p) => Place::of("Part", &p.id, Some(&item.id)),
                None => Place::of("Item", &item.id, None),
            };
            let gloc = match group.part {
                Some(p) => format!("{loc} 部分“{}”", or_id(&p.label, &p.id)),
                None => loc.clone(),
            };
            self.check_group(item, &group, &gloc);
        }
    }

    fn duplicates_in_item(&mut self, item: &Item, loc: &str) {
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for r in item.all_rules() {
            let nth = seen.get(r.id.as_str()).copied().unwrap_or(0);
            seen.insert(r.id.as_str(), nth + 1);
            self.place = Place {
                nth,
                ..Place::of("Rule", &r.id, Some(&item.id))
            };
            if r.id.trim().is_empty() {
                self.error(Some(&item.id), loc.to_string(), "规则 id 不能为空".into());
            } else if nth > 0 {
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
        let mut parts: BTreeMap<&str, usize> = BTreeMap::new();
        for p in &item.parts {
            let nth = parts.get(p.id.as_str()).copied().unwrap_or(0);
            parts.insert(p.id.as_str(), nth + 1);
            self.place = Place {
                nth,
                ..Place::of("Part", &p.id, Some(&item.id))
            };
            if nth > 0 {
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
        // A 加分项 counts achievements without bound, capped at its points: it can reach them.
        let counted = group
            .rules
            .iter()
            .any(|r| matches!(r.kind, crate::ruleset::RuleKind::Bonus { .. }));
        if has_award && !has_deduct && !counted {
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
            self.place = Place::of("Rule", &rule.id, Some(&item.id));
            let rloc = format!("{loc} 规则“{}”", or_id(&rule.label, &rule.id));
            self.check_rule(item, group, rule, &rloc);
        }
    }
}

impl Ruleset {
    /// The semantic check: errors make the ruleset unusable, warnings are shown to users.
    pub fn check(&self) -> Vec<Finding> {
        check(self)
    }
}
