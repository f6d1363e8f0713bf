//! Any workbook as plain tables (a 台账 an office kept in WPS or Excel): each visible sheet's
//! cells as the text they show, read with the same bounds and pre-checks as a scheme's
//! workbook (size, parts, rows, columns, characters), dates as YYYY-MM-DD.

use super::read::{MAX_TOTAL_CHARS, check_unpacked_size, read_grid, xlsx_error_zh};
use calamine::{Reader, Xlsx};
use std::collections::BTreeMap;
use std::io::Cursor;

/// One sheet: row → column → text (0-based; empty cells absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub name: String,
    pub cells: BTreeMap<u32, BTreeMap<u32, String>>,
}

/// The visible sheets of a workbook, in order. `Err` says why it cannot be read.
pub fn read_tables(bytes: &[u8]) -> Result<Vec<Table>, String> {
    check_unpacked_size(bytes)?;
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| {
        format!(
            "不是能读取的 Excel 工作簿（.xlsx）：{}。请在 WPS 或 Excel 中“另存为”Excel 工作簿（*.xlsx）",
            xlsx_error_zh(&e)
        )
    })?;
    let visible: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|m| m.visible == calamine::SheetVisible::Visible)
        .map(|m| m.name.clone())
        .collect();
    let mut chars_left = MAX_TOTAL_CHARS;
    let mut out = Vec::new();
    for name in visible {
        let (grid, _) = read_grid(&mut book, &name, &mut chars_left).map_err(|e| e.to_string())?;
        let cells = grid
            .into_iter()
            .map(|(r, row)| (r, row.into_iter().map(|(c, v)| (c, v.text())).collect()))
            .collect();
        out.push(Table { name, cells });
    }
    Ok(out)
}
