//! The 考核项目 sheet: categories, items, parts and rules, one rule per row; a row with only
//! rule cells goes on with the item above. Ids left empty are given (类别编号.序号, r1…).

use super::read::{Grid, Headers, ReadState, place};
use super::read_sheets::split_list;
use super::{ItemColumns, KindName, REQUIRED_MARK, SHEET_ITEMS, col, steps_from_label};
use crate::ruleset::{
    Category, EvidenceSpec, Item, Part, Rule, RuleKind, Ruleset, Target, excerpt,
};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

impl ReadState {
    pub(super) fn items(&mut self, grid: &Grid, rs: &Ruleset) -> Vec<Category> {
        let cols = ItemColumns::of(rs);
        let required = [
            col::CATEGORY,
            col::CATEGORY_POINTS,
            col::CONTENT,
            col::RULE_TEXT,
            col::POINTS,
            col::RULE,
            col::KIND,
            col::AMOUNT,
        ];
        let h = self.headers(SHEET_ITEMS, grid, &required);
        let mut items = ItemsReader {
            categories: Vec::new(),
            rule_numbers: 0,
        };
        for &row in grid.keys().filter(|r| **r > 0) {
            items.row(self, grid, &h, &cols, rs, row);
        }
        items.categories
    }
}

/// Walks the 考核项目 rows: a category, an item, a part start where their cells are filled;
/// a row with only rule cells goes on with the item above.
struct ItemsReader {
    categories: Vec<Category>,
    /// Rules numbered in the current item, for ids left empty.
    rule_numbers: usize,
}

const ITEM_CELLS: [&str; 7] = [
    col::NUMBER,
    col::ITEM_ID,
    col::CONTENT,
    col::RULE_TEXT,
    col::POINTS,
    col::READING,
    col::EVIDENCE,
];

impl ItemsReader {
    fn row(
        &mut self,
        r: &mut ReadState,
        grid: &Grid,
        h: &Headers,
        cols: &ItemColumns,
        rs: &Ruleset,
        row: u32,
    ) {
        let shown_row = row + 1;
        // A category.
        let cat_name = r.text(grid, h, row, col::CATEGORY);
        let cat_id = r.text(grid, h, row, col::CATEGORY_ID);
        let same_category = self.categories.last().is_some_and(|c| {
            (cat_name.is_empty() || c.name == cat_name) && (cat_id.is_empty() || c.id == cat_id)
        });
        if !same_category {
            if cat_name.is_empty() {
                r.error(
                    SHEET_ITEMS,
                    row,
                    h.col(col::CATEGORY).map(|c| (c, col::CATEGORY)),
                    "这一行之前还没有类别：请在第一个项目那一行写上类别名称".into(),
                );
                return;
            }
            let id = if cat_id.is_empty() {
                format!("c{}", self.categories.len() + 1)
            } else {
                cat_id
            };
            let points = r
                .decimal(grid, h, row, col::CATEGORY_POINTS)
                .unwrap_or_else(|| {
                    if r.cell(grid, h, row, col::CATEGORY_POINTS).is_none() {
                        r.error(
                            SHEET_ITEMS,
                            row,
                            h.col(col::CATEGORY_POINTS)
                                .map(|c| (c, col::CATEGORY_POINTS)),
                            format!("类别“{}”的第一行要写类别分值", excerpt(&cat_name)),
                        );
                    }
                    Decimal::ZERO
                });
            r.places.add("Category", &id, None, SHEET_ITEMS, shown_row);
            self.categories.push(Category {
                id,
                name: cat_name,
                points,
                items: Vec::new(),
            });
        }
        let Some(category) = self.categories.last_mut() else {
            return;
        };
        // An item.
        let item_id = r.text(grid, h, row, col::ITEM_ID);
        let starts_item = ITEM_CELLS.iter().any(|c| r.cell(grid, h, row, c).is_some())
            && (item_id.is_empty() || category.items.last().is_none_or(|i| i.id != item_id));
        if starts_item || category.items.is_empty() {
            let number = category.items.len() + 1;
            let id = if item_id.is_empty() {
                format!("{}.{number}", category.id)
            } else {
                item_id
            };
            let points = r.decimal(grid, h, row, col::POINTS).unwrap_or_else(|| {
                if r.cell(grid, h, row, col::POINTS).is_none() {
                    r.error(
                        SHEET_ITEMS,
                        row,
                        h.col(col::POINTS).map(|c| (c, col::POINTS)),
                        "项目的第一行要写标准分".into(),
                    );
                }
                Decimal::ZERO
            });
            let evidence = split_list(&r.text(grid, h, row, col::EVIDENCE))
                .into_iter()
                .map(|t| match t.strip_suffix(REQUIRED_MARK) {
                    Some(title) => EvidenceSpec {
                        title: title.trim().to_string(),
                        required: true,
                    },
                    None => EvidenceSpec {
                        title: t,
                        required: false,
                    },
                })
                .collect();
            r.places.add("Item", &id, None, SHEET_ITEMS, shown_row);
            category.items.push(Item {
                id,
                content: r.text(grid, h, row, col::CONTENT),
                rule_text: r.text(grid, h, row, col::RULE_TEXT),
                points,
                rules: Vec::new(),
                parts: Vec::new(),
                reading: r.text(grid, h, row, col::READING),
                evidence,
            });
            self.rule_numbers = 0;
        }
        let Some(item) = category.items.last_mut() else {
            return;
        };
        // A part.
        let part_label = r.text(grid, h, row, col::PART);
        let part_id = r.text(grid, h, row, col::PART_ID);
        let new_part = (!part_label.is_empty() || !part_id.is_empty())
            && item.parts.last().is_none_or(|p| {
                (!part_id.is_empty() && p.id != part_id)
                    || (part_id.is_empty() && p.label != part_label)
            });
        if new_part {
            let id = if part_id.is_empty() {
                format!("p{}", item.parts.len() + 1)
            } else {
                part_id
            };
            let points = r
                .decimal(grid, h, row, col::PART_POINTS)
                .unwrap_or_else(|| {
                    if r.cell(grid, h, row, col::PART_POINTS).is_none() {
                        r.error(
                            SHEET_ITEMS,
                            row,
                            h.col(col::PART_POINTS).map(|c| (c, col::PART_POINTS)),
                            "分项的第一行要写分项分值".into(),
                        );
                    }
                    Decimal::ZERO
                });
            r.places
                .add("Part", &id, Some(&item.id), SHEET_ITEMS, shown_row);
            item.parts.push(Part {
                id,
                label: part_label,
                points,
                rules: Vec::new(),
            });
        }
        // A rule.
        let Some(rule) = read_rule(r, grid, h, cols, rs, row, &mut self.rule_numbers) else {
            return;
        };
        r.places
            .add("Rule", &rule.id, Some(&item.id), SHEET_ITEMS, shown_row);
        match item.parts.last_mut() {
            Some(part) => part.rules.push(rule),
            None => item.rules.push(rule),
        }
    }
}

/// The columns a rule uses, beside 规则名称 and 规则类型.
fn rule_columns(cols: &ItemColumns) -> Vec<String> {
    let mut out: Vec<String> = cols
        .headers
        .iter()
        .filter(|h| h.starts_with(col::TARGET_OF))
        .cloned()
        .collect();
    for c in [
        col::FACTOR,
        col::AMOUNT,
        col::UNIT,
        col::THRESHOLD,
        col::STEP,
        col::PARTIAL_STEP,
    ] {
        out.push(c.to_string());
    }
    out
}

fn read_rule(
    r: &mut ReadState,
    grid: &Grid,
    h: &Headers,
    cols: &ItemColumns,
    rs: &Ruleset,
    row: u32,
    numbers: &mut usize,
) -> Option<Rule> {
    let kind_text = r.text(grid, h, row, col::KIND);
    let label = r.text(grid, h, row, col::RULE);
    let id_text = r.text(grid, h, row, col::RULE_ID);
    let used: Vec<String> = rule_columns(cols)
        .into_iter()
        .filter(|c| r.cell(grid, h, row, c).is_some())
        .collect();
    if kind_text.is_empty() {
        if !label.is_empty() || !id_text.is_empty() || !used.is_empty() {
            r.error(
                SHEET_ITEMS,
                row,
                place(h, col::KIND),
                "这一行写了规则，但没有选规则类型：请从下拉列表中选一种".into(),
            );
        }
        return None;
    }
    let Some(kind_name) = KindName::from_label(&kind_text) else {
        let names: Vec<&str> = KindName::ALL.iter().map(|k| k.label()).collect();
        r.error(
            SHEET_ITEMS,
            row,
            place(h, col::KIND),
            format!(
                "不认识规则类型“{}”：应为下拉列表中的一种（{}）",
                excerpt(&kind_text),
                names.join("、")
            ),
        );
        return None;
    };
    *numbers += 1;
    let id = if id_text.is_empty() {
        format!("r{numbers}")
    } else {
        id_text
    };
    let need = |r: &mut ReadState, name: &str| -> Option<Decimal> {
        let v = r.decimal(grid, h, row, name);
        if v.is_none() && r.cell(grid, h, row, name).is_none() {
            r.error(
                SHEET_ITEMS,
                row,
                place(h, name),
                format!("“{}”要填这一列", kind_name.label()),
            );
        }
        v
    };
    let unit = r.text(grid, h, row, col::UNIT);
    let kind = match kind_name {
        KindName::DeductIfNot => RuleKind::DeductIfNot {
            amount: need(r, col::AMOUNT)?,
        },
        KindName::AwardIf => RuleKind::AwardIf {
            amount: need(r, col::AMOUNT)?,
        },
        KindName::Judgement => RuleKind::Judgement {
            points: need(r, col::AMOUNT)?,
        },
        KindName::Bonus => RuleKind::Bonus {
            per: need(r, col::AMOUNT)?,
            unit,
        },
        KindName::PerOccurrence => RuleKind::PerOccurrence {
            per: need(r, col::AMOUNT)?,
            unit,
        },
        KindName::Shortfall => {
            let per = need(r, col::AMOUNT);
            let target = read_target(r, grid, h, cols, rs, row, kind_name)?;
            RuleKind::Shortfall {
                target,
                per: per?,
                unit,
            }
        }
        KindName::Proportional => {
            let points = need(r, col::AMOUNT);
            let target = read_target(r, grid, h, cols, rs, row, kind_name)?;
            RuleKind::Proportional {
                target,
                points: points?,
                unit,
            }
        }
        KindName::RateStep => {
            let threshold = need(r, col::THRESHOLD);
            let step = need(r, col::STEP);
            let per = need(r, col::AMOUNT);
            let steps_text = r.text(grid, h, row, col::PARTIAL_STEP);
            let steps = steps_from_label(&steps_text);
            if steps.is_none() {
                r.error(
                    SHEET_ITEMS,
                    row,
                    place(h, col::PARTIAL_STEP),
                    format!("应为“不计”或“计一步”，现为“{}”", excerpt(&steps_text)),
                );
            }
            RuleKind::RateStep {
                threshold: threshold?,
                step: step?,
                per: per?,
                steps: steps?,
            }
        }
    };
    // A figure in a column this kind does not use is a slip worth saying: the author
    // believes it counts.
    let uses: &[&str] = match kind_name {
        KindName::DeductIfNot | KindName::AwardIf | KindName::Judgement => &[col::AMOUNT],
        KindName::PerOccurrence | KindName::Bonus => &[col::AMOUNT, col::UNIT],
        KindName::Shortfall | KindName::Proportional => &[col::AMOUNT, col::UNIT, col::FACTOR],
        KindName::RateStep => &[col::AMOUNT, col::THRESHOLD, col::STEP, col::PARTIAL_STEP],
    };
    let targets = matches!(kind_name, KindName::Shortfall | KindName::Proportional);
    for c in &used {
        if !(uses.contains(&c.as_str()) || (targets && c.starts_with(col::TARGET_OF))) {
            r.error(
                SHEET_ITEMS,
                row,
                place(h, c),
                format!(
                    "“{}”不用这一列：请清空它，或改选规则类型",
                    kind_name.label()
                ),
            );
        }
    }
    Some(Rule { id, label, kind })
}

fn read_target(
    r: &mut ReadState,
    grid: &Grid,
    h: &Headers,
    cols: &ItemColumns,
    rs: &Ruleset,
    row: u32,
    kind: KindName,
) -> Option<Target> {
    let figure = r.text(grid, h, row, col::TARGET_FIGURE);
    let fixed = r.whole(grid, h, row, col::TARGET_FIXED);
    let mut by_class = BTreeMap::new();
    for (id, class) in cols.classes.iter().zip(&rs.classes) {
        let header = format!("{}{}", col::TARGET_OF, class.name);
        if let Some(n) = r.whole(grid, h, row, &header) {
            by_class.insert(id.clone(), n);
        }
    }
    let written = usize::from(!figure.is_empty())
        + usize::from(fixed.is_some())
        + usize::from(!by_class.is_empty());
    if written != 1 {
        r.error(
            SHEET_ITEMS,
            row,
            place(h, col::TARGET_FIXED),
            format!(
                "“{}”要写一种目标：按类别不同写在“目标·类别”各列，各单位相同写在“{}”，按单位的数字计算写在“{}”和“{}”{}",
                kind.label(),
                col::TARGET_FIXED,
                col::TARGET_FIGURE,
                col::FACTOR,
                if written > 1 { "（现在写了不止一种）" } else { "" }
            ),
        );
        return None;
    }
    if let Some(n) = fixed {
        return Some(Target::Fixed(n));
    }
    if !by_class.is_empty() {
        return Some(Target::ByClass(by_class));
    }
    let Some(f) = rs
        .figures
        .iter()
        .find(|f| f.label == figure || f.id == figure)
    else {
        let names: Vec<&str> = rs.figures.iter().map(|f| f.label.as_str()).collect();
        r.error(
            SHEET_ITEMS,
            row,
            place(h, col::TARGET_FIGURE),
            format!(
                "没有“{}”这个单位填报的数字：应为“单位填报数字”表中的一个（{}）",
                excerpt(&figure),
                names.join("、")
            ),
        );
        return None;
    };
    let factor = r.whole(grid, h, row, col::FACTOR).or_else(|| {
        if r.cell(grid, h, row, col::FACTOR).is_none() {
            r.error(
                SHEET_ITEMS,
                row,
                place(h, col::FACTOR),
                "按数字计算目标时要写倍数（目标 = 数字 × 倍数）".into(),
            );
        }
        None
    })?;
    Some(Target::PerFigure {
        figure: f.id.clone(),
        factor,
    })
}
