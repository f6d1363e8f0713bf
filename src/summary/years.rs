//! Across years: sheets of different schemes are never ranked together, but a unit's years can
//! be set side by side by item id. Each scheme's total stays its own; the 共同项目 columns add
//! only the items every scheme has (same id), so 2015 and 2016 are compared like with like.

use super::Opened;
use crate::catalog::{Catalog, LoadedRuleset};
use crate::ruleset::{checked_sum, fmt_dec, item_title};
use crate::sheet::{ReviewState, SheetError};
use crate::table::{Cell, Table};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

/// Unit id → its sheets under one scheme (two for one unit: shown, not counted).
type UnitSheets = BTreeMap<String, Vec<YearSheet>>;

/// One unit's sheet under one scheme, as this comparison counts it.
struct YearSheet {
    total: Decimal,
    /// Item id → score (考核得分 once 已审核, the self score before; none when unscored).
    scores: BTreeMap<String, Option<Decimal>>,
}

/// Opens `inputs` and sets the schemes found side by side; `Err` says why it cannot (fewer
/// than two schemes).
pub fn across_years_from_paths(inputs: &[PathBuf], catalog: &Catalog) -> Result<Table, String> {
    let (files, _) = super::collect_files(inputs);
    across_years(super::open_all(&files, catalog))
}

/// The units' years side by side by item id.
pub fn across_years(opened: Vec<(PathBuf, Result<Opened, SheetError>)>) -> Result<Table, String> {
    let mut schemes: Vec<_> = by_scheme(opened).into_values().collect();
    if schemes.len() < 2 {
        return Err("这些考评表都按同一份考核规则填写，没有可以对照的其他年度".into());
    }
    schemes.sort_by(|a, b| {
        (a.0.ruleset.year, &a.0.ruleset.version).cmp(&(b.0.ruleset.year, &b.0.ruleset.version))
    });
    let years = Years::new(schemes);
    let rows = years
        .units()
        .iter()
        .map(|(id, name)| years.unit_row(id, name))
        .collect();
    Ok(Table {
        title: format!(
            "县市区妇联工作绩效考核年度对照表（{}）",
            years
                .schemes
                .iter()
                .map(|(rs, _)| years.label(rs))
                .collect::<Vec<_>>()
                .join("、")
        ),
        headers: years
            .headers()
            .into_iter()
            .map(crate::table::Column::plain)
            .collect(),
        rows,
        notes: years.notes(),
    })
}

/// The sheets that opened, by scheme (its hash) and unit: each counted by its 考核得分 once
/// 已审核, else by its self scores.
fn by_scheme(
    opened: Vec<(PathBuf, Result<Opened, SheetError>)>,
) -> BTreeMap<String, (Arc<LoadedRuleset>, UnitSheets)> {
    let mut schemes: BTreeMap<String, (Arc<LoadedRuleset>, UnitSheets)> = BTreeMap::new();
    for (_, result) in opened {
        let Ok(Opened { sheet: o, .. }) = result else {
            continue;
        };
        let Some(unit) = o.sheet.unit.clone() else {
            continue;
        };
        let approved =
            o.sheet.review_state() == ReviewState::Approved && o.report.reviewed_total.is_some();
        let scores = o
            .report
            .items
            .iter()
            .map(|i| {
                let s = if approved { i.reviewed } else { i.score };
                (i.item_id.clone(), s)
            })
            .collect();
        let total = match (approved, o.report.reviewed_total) {
            (true, Some(r)) => r,
            _ => o.report.total,
        };
        schemes
            .entry(o.ruleset.sha256.clone())
            .or_insert_with(|| (o.ruleset.clone(), BTreeMap::new()))
            .1
            .entry(unit)
            .or_default()
            .push(YearSheet { total, scores });
    }
    schemes
}

/// Two or more schemes, oldest first, and the items they all have.
struct Years {
    schemes: Vec<(Arc<LoadedRuleset>, UnitSheets)>,
    common: BTreeSet<String>,
}

impl Years {
    fn new(schemes: Vec<(Arc<LoadedRuleset>, UnitSheets)>) -> Years {
        let ids = |rs: &LoadedRuleset| -> BTreeSet<String> {
            rs.ruleset.items().map(|(_, i)| i.id.clone()).collect()
        };
        let mut common = schemes.first().map(|(rs, _)| ids(rs)).unwrap_or_default();
        for (rs, _) in &schemes {
            let these = ids(rs);
            common.retain(|id| these.contains(id));
        }
        Years { schemes, common }
    }

    fn oldest(&self) -> Option<&LoadedRuleset> {
        self.schemes.first().map(|(rs, _)| rs.as_ref())
    }

    fn newest(&self) -> Option<&LoadedRuleset> {
        self.schemes.last().map(|(rs, _)| rs.as_ref())
    }

    /// 2015年, or 2016年（版本 2） when two schemes share a year.
    fn label(&self, rs: &LoadedRuleset) -> String {
        let same_year = self
            .schemes
            .iter()
            .filter(|(o, _)| o.ruleset.year == rs.ruleset.year)
            .count();
        if same_year > 1 {
            format!("{}年（版本 {}）", rs.ruleset.year, rs.ruleset.version)
        } else {
            format!("{}年", rs.ruleset.year)
        }
    }

    /// 单位, each year's total, each year's 共同项目, the change from the oldest to the newest.
    fn headers(&self) -> Vec<String> {
        let mut headers = vec!["单位".to_string()];
        headers.extend(
            self.schemes
                .iter()
                .map(|(rs, _)| format!("{}总分", self.label(rs))),
        );
        headers.extend(
            self.schemes
                .iter()
                .map(|(rs, _)| format!("{}共同项目", self.label(rs))),
        );
        if let (Some(oldest), Some(newest)) = (self.oldest(), self.newest()) {
            headers.push(format!(
                "共同项目变化（{}−{}）",
                self.label(newest),
                self.label(oldest)
            ));
        }
        headers
    }

    /// Every unit any scheme lists, in the newest scheme's order, then the others'.
    fn units(&self) -> Vec<(String, String)> {
        let mut units: Vec<(String, String)> = Vec::new();
        for (rs, _) in self.schemes.iter().rev() {
            for u in &rs.ruleset.units {
                if !units.iter().any(|(id, _)| id == &u.id) {
                    units.push((u.id.clone(), u.name.clone()));
                }
            }
        }
        units
    }

    /// One unit's row: its total per year (重复文件 / 未提交 where it has not one sheet), its
    /// 共同项目 per year, and their change.
    fn unit_row(&self, unit_id: &str, unit_name: &str) -> Vec<Cell> {
        let mut totals = Vec::new();
        let mut commons: Vec<Option<Decimal>> = Vec::new();
        for (_, by_unit) in &self.schemes {
            match by_unit.get(unit_id).map(Vec::as_slice) {
                Some([one]) => {
                    totals.push(Cell::Number(one.total));
                    commons.push(common_sum(one, &self.common));
                }
                Some(_) => {
                    totals.push(Cell::Text("重复文件".into()));
                    commons.push(None);
                }
                None => {
                    totals.push(Cell::Text("未提交".into()));
                    commons.push(None);
                }
            }
        }
        let mut row = vec![Cell::Text(unit_name.to_string())];
        row.extend(totals);
        row.extend(
            commons
                .iter()
                .map(|c| c.map(Cell::Number).unwrap_or(Cell::Empty)),
        );
        let change = match (
            commons.first().copied().flatten(),
            commons.last().copied().flatten(),
        ) {
            (Some(first), Some(last)) => {
                last.checked_sub(first).map(|d| Cell::Number(d.normalize()))
            }
            _ => None,
        };
        row.push(change.unwrap_or(Cell::Empty));
        row
    }

    /// What the table rests on, the items outside the common ones, and common items whose
    /// points changed.
    fn notes(&self) -> Vec<String> {
        let mut notes = vec![
            format!(
                "按项目 id 对照：{}份考核规则都有的项目共{}个；“共同项目”只加这些项目的得分，各年度可以直接比较。各年度的总分按各自的规则，不排名次。",
                self.schemes.len(),
                self.common.len()
            ),
            "得分依据：已审核的按考核得分，其余按自查得分；有未填项目的共同项目合计留空。".into(),
        ];
        for (rs, _) in &self.schemes {
            let only: Vec<String> = rs
                .ruleset
                .items()
                .filter(|(_, i)| !self.common.contains(&i.id))
                .map(|(c, i)| item_title(c, i))
                .collect();
            if !only.is_empty() {
                notes.push(format!(
                    "不在共同项目中的{}项目：{}",
                    self.label(rs),
                    only.join("；")
                ));
            }
        }
        let changed = self.changed_points();
        if !changed.is_empty() {
            notes.push(format!("标准分有变化的共同项目：{}", changed.join("；")));
        }
        notes
    }

    /// Common items whose 标准分 differs between the years: 办公室工作 第1项…（2015年6分，2016年5分）.
    fn changed_points(&self) -> Vec<String> {
        let Some(newest) = self.newest() else {
            return Vec::new();
        };
        self.common
            .iter()
            .filter_map(|id| {
                let points: Vec<Decimal> = self
                    .schemes
                    .iter()
                    .filter_map(|(rs, _)| rs.ruleset.item(id).map(|i| i.points))
                    .collect();
                let (cat, item) = newest.ruleset.items().find(|(_, i)| &i.id == id)?;
                (points.windows(2).any(|w| w[0] != w[1])).then(|| {
                    let shown: Vec<String> = self
                        .schemes
                        .iter()
                        .zip(&points)
                        .map(|((rs, _), p)| format!("{}{}分", self.label(rs), fmt_dec(*p)))
                        .collect();
                    format!("{}（{}）", item_title(cat, item), shown.join("，"))
                })
            })
            .collect()
    }
}

/// The sum of a sheet's scores over the common items; none while any is unscored.
fn common_sum(sheet: &YearSheet, common: &BTreeSet<String>) -> Option<Decimal> {
    let scores: Option<Vec<Decimal>> = common
        .iter()
        .map(|id| sheet.scores.get(id).copied().flatten())
        .collect();
    checked_sum(scores?).map(|d| d.normalize())
}
