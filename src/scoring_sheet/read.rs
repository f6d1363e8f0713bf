//! A filled 评分表 read back: its distribution number from the 说明 sheet, and from every
//! sheet with a 考核得分 and a 核对 column, each row's cells as written. Columns are found by
//! their headers (a department may have inserted one); nothing is judged here but the
//! workbook's shape — `merge::check` judges the cells against the inbox.

use super::write::{COLUMNS, GUIDE_SHEET, ID_LABEL, SCHEME_LABEL, TITLE_LABEL};
pub use crate::ledger_book::RowError;
use crate::workbook::Table;

/// The header of each column a filled row is read from.
const UNIT: &str = COLUMNS[0];
const ITEM: &str = COLUMNS[1];
const SCORE: &str = COLUMNS[10];
const OPINION: &str = COLUMNS[11];
const REVIEWER: &str = COLUMNS[12];
const KEY: &str = COLUMNS[13];
/// The header row is looked for in the first rows (a title may have been put above it).
const HEADER_SEARCH_ROWS: u32 = 6;

/// One row of a category sheet as the department left it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FilledRow {
    pub sheet: String,
    /// As WPS numbers it (1-based).
    pub row: u32,
    pub unit_text: String,
    pub item_text: String,
    pub score_text: String,
    pub opinion: String,
    pub reviewer: String,
    pub key: String,
    /// What the unit entered, as the grey cells show it (read back to score in kaoping).
    pub given: Given,
    /// Where each of the department's columns is, for errors: (letter, header).
    pub columns: Columns,
}

/// The grey cells of a row: the item and what the unit entered.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Given {
    pub content: String,
    pub rule_text: String,
    pub points: String,
    pub facts: String,
    pub self_score: String,
    pub note: String,
    pub evidence: String,
}

/// The columns of the sheet a row is on, as letters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Columns {
    pub unit: String,
    pub item: String,
    pub self_score: String,
    pub score: String,
    pub opinion: String,
    pub reviewer: String,
    pub key: String,
}

/// A filled 评分表.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filled {
    /// The distribution's number (empty when the 说明 sheet lost it).
    pub id: String,
    pub title: String,
    /// The scheme as the 说明 sheet names it.
    pub scheme: String,
    /// The category sheets, in order.
    pub sheets: Vec<String>,
    pub rows: Vec<FilledRow>,
}

/// Reads a filled 评分表 from the workbook's bytes. `Err` says why it is not one.
pub fn read_filled(bytes: &[u8]) -> Result<Filled, String> {
    let tables = crate::workbook::read_tables(bytes)?;
    let mut filled = Filled::default();
    for table in &tables {
        if table.name == GUIDE_SHEET {
            for row in table.cells.values() {
                let label = row.get(&0).map(|s| s.trim());
                let value = row
                    .get(&1)
                    .map(|s| s.trim().to_string())
                    .unwrap_or_default();
                match label {
                    Some(ID_LABEL) => filled.id = value,
                    Some(TITLE_LABEL) => filled.title = value,
                    Some(SCHEME_LABEL) => filled.scheme = value,
                    _ => {}
                }
            }
            continue;
        }
        if let Some(rows) = category_rows(table) {
            filled.sheets.push(table.name.clone());
            filled.rows.extend(rows);
        }
    }
    if filled.rows.is_empty() && !tables.iter().any(|t| header_row(t).is_some()) {
        return Err(format!(
            "这不是考评程序分发的评分表：没有一张表含“{SCORE}”和“{KEY}”两列。请收回由“汇总 → 分发评分表…”生成、填好后另存的 .xlsx 文件"
        ));
    }
    if filled.title.is_empty() {
        filled.title = "评分表".into();
    }
    Ok(filled)
}

/// The header row of a category sheet and its columns by header.
fn header_row(table: &Table) -> Option<(u32, Vec<(u32, String)>)> {
    table
        .cells
        .iter()
        .take_while(|(r, _)| **r < HEADER_SEARCH_ROWS)
        .find(|(_, row)| {
            let has = |h: &str| row.values().any(|v| v.trim() == h);
            has(SCORE) && has(KEY)
        })
        .map(|(r, row)| {
            (
                *r,
                row.iter()
                    .map(|(c, v)| (*c, v.trim().to_string()))
                    .collect(),
            )
        })
}

fn category_rows(table: &Table) -> Option<Vec<FilledRow>> {
    let (header, columns) = header_row(table)?;
    let find = |h: &str| columns.iter().find(|(_, v)| v == h).map(|(c, _)| *c);
    let (score, key) = (find(SCORE)?, find(KEY)?);
    let (unit, item, opinion, reviewer) = (find(UNIT), find(ITEM), find(OPINION), find(REVIEWER));
    let letter = |c: Option<u32>| {
        c.map(|c| crate::workbook::column_letter(c as usize))
            .unwrap_or_default()
    };
    let cols = Columns {
        unit: letter(unit),
        item: letter(item),
        self_score: letter(find(COLUMNS[6])),
        score: letter(Some(score)),
        opinion: letter(opinion),
        reviewer: letter(reviewer),
        key: letter(Some(key)),
    };
    let mut out = Vec::new();
    for (r, row) in table.cells.range(header + 1..) {
        let cell = |c: Option<u32>| {
            c.and_then(|c| row.get(&c))
                .map(|v| v.trim().to_string())
                .unwrap_or_default()
        };
        let filled = FilledRow {
            sheet: table.name.clone(),
            row: r.saturating_add(1),
            unit_text: cell(unit),
            item_text: cell(item),
            score_text: cell(Some(score)),
            opinion: cell(opinion),
            reviewer: cell(reviewer),
            key: cell(Some(key)),
            given: Given {
                content: cell(find(COLUMNS[2])),
                rule_text: cell(find(COLUMNS[3])),
                points: cell(find(COLUMNS[4])),
                facts: cell(find(COLUMNS[5])),
                self_score: cell(find(COLUMNS[6])),
                note: cell(find(COLUMNS[7])),
                evidence: cell(find(COLUMNS[8])),
            },
            columns: cols.clone(),
        };
        // A row left wholly empty (or a note typed under the table) is no row of the sheet.
        if filled.key.is_empty() && filled.unit_text.is_empty() && filled.score_text.is_empty() {
            continue;
        }
        out.push(filled);
    }
    Some(out)
}
