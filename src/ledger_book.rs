//! The 台账 as a workbook, both ways. Exported: one sheet per ledger (日期, 事由, its fields,
//! 佐证材料), with drop-downs where a field has choices, so an office can keep it in WPS.
//! Imported: a table an office kept itself — the header row found by its 日期 and 事由, the
//! other columns matched to fields by name, every row checked, every error said by row and
//! column; nothing is taken unless every row is right.

use crate::document::EntryDraft;
use crate::ledger::{FieldKind, Ledger};
use crate::ruleset::Ruleset;
use crate::sheet::ledger::{LedgerEntry, check_figure};
use crate::workbook::Table;
use rust_xlsxwriter::{DataValidation, Format, Workbook, XlsxError};
use std::collections::BTreeMap;

/// Headers a kept table may use for the date and the 事由.
const DATE_HEADERS: [&str; 3] = ["日期", "时间", "活动日期"];
const TITLE_HEADERS: [&str; 5] = ["事由", "内容", "标题", "名称", "活动名称"];
/// A header row is looked for in the first rows (a title may sit above it).
const HEADER_SEARCH_ROWS: u32 = 10;

/// A cell that is wrong: its sheet, row (1-based, as WPS shows), column and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub sheet: String,
    pub row: u32,
    /// Letter and header (B列（日期）), when the error is about one cell.
    pub column: Option<(String, String)>,
    pub message: String,
    /// What the row is, when it can be told (平江县 维权工作第2项): said after the row.
    pub about: Option<String>,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} 表第{}行", self.sheet, self.row)?;
        if let Some(about) = &self.about {
            write!(f, "（{about}）")?;
        }
        match &self.column {
            Some((letter, header)) => write!(f, " {letter}列（{header}）：{}", self.message),
            None => write!(f, "：{}", self.message),
        }
    }
}

fn column_letter(c: u32) -> String {
    crate::workbook::column_letter(c as usize)
}

/// A sheet name for a ledger: its entry name, cut to Excel's 31 characters and free of the
/// characters a sheet name cannot hold.
fn sheet_name(ledger: &Ledger, taken: &[String]) -> String {
    let clean: String = ledger
        .entry
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(28)
        .collect();
    let mut name = clean.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{clean}{n}");
        n += 1;
    }
    name
}

/// The sheet's 台账 as a workbook: every ledger of the scheme, its entries in date order.
pub fn export(
    rs: &Ruleset,
    ledgers: &BTreeMap<String, Vec<LedgerEntry>>,
) -> Result<Vec<u8>, String> {
    write_book(rs, ledgers).map_err(|e| format!("无法生成台账表格：{e}"))
}

fn write_book(
    rs: &Ruleset,
    ledgers: &BTreeMap<String, Vec<LedgerEntry>>,
) -> Result<Vec<u8>, XlsxError> {
    let head = Format::new()
        .set_bold()
        .set_background_color(rust_xlsxwriter::Color::RGB(0xDDE7F3));
    let mut book = Workbook::new();
    let mut taken = Vec::new();
    for ledger in &rs.ledgers {
        let sheet = book.add_worksheet();
        let name = sheet_name(ledger, &taken);
        sheet.set_name(&name)?;
        taken.push(name);
        let mut headers = vec!["编号".to_string(), "日期".to_string(), "事由".to_string()];
        headers.extend(ledger.fields.iter().map(|f| f.label.clone()));
        headers.push("佐证材料".to_string());
        for (c, h) in headers.iter().enumerate() {
            let c = c as u16;
            sheet.write_string_with_format(0, c, h, &head)?;
            sheet.set_column_width(c, if h == "事由" { 36.0 } else { 14.0 })?;
        }
        sheet.set_freeze_panes(1, 0)?;
        for (i, f) in ledger.fields.iter().enumerate() {
            let col = (3 + i) as u16;
            let options: Vec<&str> = match &f.kind {
                FieldKind::YesNo => vec!["是", "否"],
                FieldKind::Choice(o) => o.iter().map(String::as_str).collect(),
                _ => continue,
            };
            if let Ok(list) = DataValidation::new().allow_list_strings(&options) {
                sheet.add_data_validation(1, col, 5000, col, &list)?;
            }
        }
        let entries = ledgers
            .get(&ledger.id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        for (r, e) in entries.iter().enumerate() {
            let row = r as u32 + 1;
            sheet.write_number(row, 0, f64::from(e.id))?;
            sheet.write_string(row, 1, &e.date)?;
            sheet.write_string(row, 2, &e.title)?;
            for (i, f) in ledger.fields.iter().enumerate() {
                let col = (3 + i) as u16;
                let Some(v) = e.figures.get(&f.id) else {
                    continue;
                };
                match (&f.kind, v.parse::<f64>()) {
                    (FieldKind::Count { .. } | FieldKind::Amount { .. }, Ok(n)) => {
                        sheet.write_number(row, col, n)?;
                    }
                    _ => {
                        sheet.write_string(row, col, v)?;
                    }
                }
            }
            let files: Vec<&str> = e.files.iter().map(|f| f.title.as_str()).collect();
            sheet.write_string(row, (3 + ledger.fields.len()) as u16, files.join("；"))?;
        }
    }
    book.save_to_buffer()
}

/// The table of `tables` that holds `ledger`'s entries: the sheet named for it, else the only
/// sheet, else the first with 日期 and 事由 headers.
fn table_for<'t>(ledger: &Ledger, tables: &'t [Table]) -> Option<(&'t Table, u32)> {
    let header_row = |t: &Table| {
        t.cells
            .range(..HEADER_SEARCH_ROWS)
            .find(|(_, row)| {
                let has = |names: &[&str]| row.values().any(|v| names.contains(&v.trim()));
                has(&DATE_HEADERS) && has(&TITLE_HEADERS)
            })
            .map(|(r, _)| *r)
    };
    let named = tables
        .iter()
        .find(|t| t.name == ledger.entry || t.name == ledger.id);
    named
        .into_iter()
        .chain(tables.iter())
        .find_map(|t| header_row(t).map(|r| (t, r)))
}

/// The entries a kept table holds for `ledger`, every row checked. `Err`: every wrong cell (and
/// a missing column a derivation needs), nothing taken.
pub fn import(ledger: &Ledger, tables: &[Table]) -> Result<Vec<EntryDraft>, Vec<RowError>> {
    let whole = |message: String| {
        vec![RowError {
            sheet: tables.first().map(|t| t.name.clone()).unwrap_or_default(),
            row: 1,
            column: None,
            message,
            about: None,
        }]
    };
    let Some((table, header_row)) = table_for(ledger, tables) else {
        return Err(whole(format!(
            "找不到“日期”和“事由”两列：请在表头写上“日期”“事由”，以及{}",
            ledger
                .fields
                .iter()
                .map(|f| format!("“{}”", f.label))
                .collect::<Vec<_>>()
                .join("")
        )));
    };
    let Some(columns) = Columns::of(ledger, table, header_row) else {
        return Err(whole("找不到“日期”和“事由”两列".into()));
    };
    let mut errors = columns.missing.clone();
    let mut drafts = Vec::new();
    for (&r, row) in table.cells.range(header_row + 1..) {
        if row.values().all(|v| v.trim().is_empty()) {
            continue;
        }
        drafts.push(columns.entry(ledger, table, r, row, &mut errors));
    }
    if errors.is_empty() {
        Ok(drafts)
    } else {
        Err(errors)
    }
}

/// Which column of a kept table holds what: found by the header row.
struct Columns<'l> {
    headers: BTreeMap<u32, String>,
    date: u32,
    title: u32,
    fields: Vec<(u32, &'l crate::ledger::LedgerField)>,
    /// A field a derivation names without a column: said once, on the header row.
    missing: Vec<RowError>,
}

impl<'l> Columns<'l> {
    fn of(ledger: &'l Ledger, table: &Table, header_row: u32) -> Option<Columns<'l>> {
        let headers: BTreeMap<u32, String> = table
            .cells
            .get(&header_row)
            .map(|r| r.iter().map(|(c, v)| (*c, v.trim().to_string())).collect())
            .unwrap_or_default();
        let find = |names: &[&str]| {
            headers
                .iter()
                .find(|(_, h)| names.contains(&h.as_str()))
                .map(|(c, _)| *c)
        };
        let (date, title) = (find(&DATE_HEADERS)?, find(&TITLE_HEADERS)?);
        // A field's column by its name (a unit in brackets after it is allowed: 参加妇女人数（人）).
        let mut fields = Vec::new();
        let mut missing = Vec::new();
        for f in &ledger.fields {
            let col = headers.iter().find(|(_, h)| {
                let base = h.split(['（', '(']).next().unwrap_or(h).trim();
                base == f.label || base == f.id
            });
            match col {
                Some((c, _)) => fields.push((*c, f)),
                // Without a column a derivation names, the count would be wrong.
                None if ledger.feeds.iter().any(|feed| {
                    ledger
                        .formula(&feed.from)
                        .is_ok_and(|formula| formula.fields().contains(&f.id))
                }) =>
                {
                    missing.push(RowError {
                        sheet: table.name.clone(),
                        row: header_row + 1,
                        column: None,
                        message: format!("缺少“{}”一列（计算时要用）", f.label),
                        about: None,
                    });
                }
                None => {}
            }
        }
        Some(Columns {
            headers,
            date,
            title,
            fields,
            missing,
        })
    }

    /// One row read as an entry; what is wrong in it goes to `errors`, by cell.
    fn entry(
        &self,
        ledger: &Ledger,
        table: &Table,
        r: u32,
        row: &BTreeMap<u32, String>,
        errors: &mut Vec<RowError>,
    ) -> EntryDraft {
        let cell = |c: u32| {
            row.get(&c)
                .map(|v| v.trim().to_string())
                .unwrap_or_default()
        };
        let mut wrong = |c: u32, message: String| {
            errors.push(RowError {
                sheet: table.name.clone(),
                row: r + 1,
                column: Some((
                    column_letter(c),
                    self.headers.get(&c).cloned().unwrap_or_default(),
                )),
                message,
                about: None,
            })
        };
        let date = match crate::input::parse_day(&cell(self.date)) {
            Ok(d) => d,
            Err(why) => {
                wrong(self.date, why);
                String::new()
            }
        };
        let title = cell(self.title);
        if title.is_empty() {
            wrong(self.title, "事由不能为空".into());
        }
        let mut figures = BTreeMap::new();
        for (c, f) in &self.fields {
            let v = cell(*c);
            if v.is_empty() {
                continue;
            }
            match check_figure(ledger, &f.id, &number_text(&v)) {
                Ok(v) => {
                    figures.insert(f.id.clone(), v);
                }
                Err(why) => wrong(*c, why),
            }
        }
        EntryDraft {
            date,
            title,
            figures,
        }
    }
}

/// A number cell's text as people type it: 60 (not 60.0).
fn number_text(v: &str) -> String {
    match v.strip_suffix(".0") {
        Some(whole) if whole.chars().all(|c| c.is_ascii_digit()) => whole.to_string(),
        _ => v.to_string(),
    }
}
