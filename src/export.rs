//! The comparison written for other programs: `.csv` (UTF-8 with a byte-order mark, so
//! Excel and WPS read the Chinese correctly) and `.xlsx` (the table, and a second sheet
//! with every item's self score and 考核得分 per unit). The PDF is in `pdf::summary`.
//! All three print the same `summary::Table`.

use crate::summary::{Cell, SortKey, Summary, Table};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use std::path::Path;

/// What a file name's extension asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Xlsx,
    Csv,
    Pdf,
}

impl ExportFormat {
    pub fn from_path(path: &Path) -> Option<ExportFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" => Some(ExportFormat::Xlsx),
            "csv" => Some(ExportFormat::Csv),
            "pdf" => Some(ExportFormat::Pdf),
            _ => None,
        }
    }
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Csv => "csv",
            ExportFormat::Pdf => "pdf",
        }
    }
}

/// The bytes of the export, or a message in Chinese.
pub fn export(summary: &Summary, sort: SortKey, format: ExportFormat) -> Result<Vec<u8>, String> {
    match format {
        ExportFormat::Csv => {
            let mut bytes = to_csv(&summary.table(sort));
            // The 考核意见 follow, after an empty line, as a second table.
            let notes = summary.notes_table();
            if !notes.rows.is_empty() {
                bytes.extend_from_slice(b"\r\n");
                let more = to_csv(&Table {
                    headers: vec![crate::table::Column::plain(notes.title.clone())],
                    rows: std::iter::once(
                        notes
                            .headers
                            .iter()
                            .map(|h| Cell::Text(h.to_string()))
                            .collect(),
                    )
                    .chain(notes.rows.iter().cloned())
                    .collect(),
                    ..notes
                });
                // Without its byte order mark: it is the same file.
                bytes.extend_from_slice(more.get(3..).unwrap_or_default());
            }
            Ok(bytes)
        }
        ExportFormat::Xlsx => {
            to_xlsx(summary, sort).map_err(|e| format!("无法生成 Excel 文件：{e}"))
        }
        ExportFormat::Pdf => crate::pdf::summary::render_summary(&summary.printed_table(sort))
            .map(|p| p.bytes)
            .map_err(|e| e.to_string()),
    }
}

/// The table as CSV: BOM, header row, the rows, then (after an empty line) the notes.
/// Numbers are written exactly as shown (93.5, not 93.500000001).
pub fn to_csv(table: &Table) -> Vec<u8> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let write = |w: &mut csv::Writer<&mut Vec<u8>>, record: Vec<String>| {
            let record: Vec<std::borrow::Cow<'_, str>> =
                record.iter().map(|f| crate::clean::for_output(f)).collect();
            w.write_record(record.iter().map(|f| f.as_bytes()))
                .expect("writing to memory does not fail");
        };
        write(
            &mut w,
            table.headers.iter().map(|h| h.to_string()).collect(),
        );
        for row in &table.rows {
            write(&mut w, row.iter().map(|c| c.to_string()).collect());
        }
        if !table.notes.is_empty() {
            write(&mut w, vec![String::new()]);
            for n in &table.notes {
                write(&mut w, vec![n.clone()]);
            }
        }
        w.flush().expect("writing to memory does not fail");
    }
    out
}

/// Scores have at most two decimals and are below 1,000, so the f64 an xlsx cell must hold
/// shows them exactly; this is the only place a score becomes a float.
/// Excel refuses a cell of more than 32,767 characters: a longer text is cut, visibly.
pub(crate) fn cell_text(t: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = 32_767;
    const CUT: &str = "…（已截断）";
    let t = crate::clean::for_output(t);
    if t.chars().count() <= MAX {
        return t;
    }
    let keep = MAX - CUT.chars().count();
    let mut out: String = t.chars().take(keep).collect();
    out.push_str(CUT);
    std::borrow::Cow::Owned(out)
}

pub(crate) fn xlsx_number(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// The workbook: 汇总 (the table as in the window) and 各项得分 (every item per unit).
pub fn to_xlsx(summary: &Summary, sort: SortKey) -> Result<Vec<u8>, XlsxError> {
    let table = summary.table(sort);
    let mut book = Workbook::new();
    let title = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center);
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin);
    let text = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter);
    let number = Format::new()
        .set_border(FormatBorder::Thin)
        .set_num_format("0.##")
        .set_align(FormatAlign::Center);

    let sheet = book.add_worksheet();
    sheet.set_name("汇总")?;
    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    sheet.set_print_fit_to_pages(1, 0);
    let last_col = (table.headers.len() - 1) as u16;
    sheet.merge_range(0, 0, 0, last_col, &cell_text(&table.title), &title)?;
    sheet.set_row_height(1, 45)?;
    for (c, h) in table.headers.iter().enumerate() {
        sheet.write_string_with_format(1, c as u16, cell_text(&h.to_string()), &head)?;
    }
    let widths: Vec<f64> = table
        .headers
        .iter()
        .enumerate()
        .map(|(c, _)| match c {
            0 => 6.0,
            1 => 10.0,
            2 => 8.0,
            3 => 22.0,
            c if c == table.headers.len() - 1 => 40.0,
            _ => 11.0,
        })
        .collect();
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    write_rows(sheet, 2, &table.rows, &text, &number)?;
    // The notes under the table, after an empty row.
    for (r, note) in (table.rows.len() as u32 + 3..).zip(&table.notes) {
        sheet.write_string(r, 0, cell_text(note))?;
    }
    sheet.set_freeze_panes(2, 2)?;
    sheet.set_repeat_rows(1, 1)?;

    // 各项得分: one row per item, two columns (自查 / 考核) per submitted file.
    let rs = &summary.ruleset.ruleset;
    let detail = book.add_worksheet();
    detail.set_name("各项得分")?;
    detail.set_landscape();
    detail.set_paper_size(9);
    let sheets: Vec<_> = summary
        .sorted_rows(sort)
        .into_iter()
        .filter_map(|r| r.sheet.as_ref().map(|s| (r, s)))
        .collect();
    for (c, h) in ["考核项目", "序号", "考核内容", "标准分"]
        .iter()
        .enumerate()
    {
        detail.merge_range(0, c as u16, 1, c as u16, h, &head)?;
    }
    for (k, (row, _)) in sheets.iter().enumerate() {
        let c = 4 + 2 * k as u16;
        let name = if row.duplicate {
            format!("{}（重复）", row.unit_name)
        } else {
            row.unit_name.clone()
        };
        detail.merge_range(0, c, 0, c + 1, &cell_text(&name), &head)?;
        detail.write_string_with_format(1, c, "自查得分", &head)?;
        detail.write_string_with_format(1, c + 1, "考核得分", &head)?;
        detail.set_column_width(c, 9)?;
        detail.set_column_width(c + 1, 9)?;
    }
    detail.set_column_width(0, 12)?;
    detail.set_column_width(1, 5)?;
    detail.set_column_width(2, 50)?;
    detail.set_column_width(3, 7)?;
    let mut r = 2u32;
    let mut index = 0usize;
    for cat in &rs.categories {
        for (n, item) in cat.items.iter().enumerate() {
            detail.write_string_with_format(r, 0, cell_text(&cat.name), &text)?;
            detail.write_number_with_format(r, 1, (n + 1) as f64, &number)?;
            detail.write_string_with_format(r, 2, cell_text(&item.content), &text)?;
            detail.write_number_with_format(r, 3, xlsx_number(item.points), &number)?;
            for (k, (_, s)) in sheets.iter().enumerate() {
                let c = 4 + 2 * k as u16;
                let (own, reviewed) = s.item_scores.get(index).copied().unwrap_or((None, None));
                for (col, value) in [(c, own), (c + 1, reviewed)] {
                    match value {
                        Some(v) => {
                            detail.write_number_with_format(r, col, xlsx_number(v), &number)?
                        }
                        None => detail.write_string_with_format(r, col, "", &text)?,
                    };
                }
            }
            r += 1;
            index += 1;
        }
    }
    detail.write_string_with_format(r, 0, "合计", &head)?;
    detail.write_number_with_format(r, 3, xlsx_number(rs.total_points), &number)?;
    for (k, (_, s)) in sheets.iter().enumerate() {
        let c = 4 + 2 * k as u16;
        detail.write_number_with_format(r, c, xlsx_number(s.self_total), &number)?;
        // A partial review's sum is no total: the cell says how far it has got.
        match s.reviewed_cell() {
            Cell::Number(v) => {
                detail.write_number_with_format(r, c + 1, xlsx_number(v), &number)?
            }
            Cell::Text(t) => detail.write_string_with_format(r, c + 1, cell_text(&t), &text)?,
            Cell::Empty => detail.write_string_with_format(r, c + 1, "", &text)?,
        };
    }
    detail.set_freeze_panes(2, 4)?;

    // 考核意见: unit, item, scores, the unit's 自评说明 and the office's 考核意见.
    let notes = summary.notes_table();
    let sheet = book.add_worksheet();
    sheet.set_name("考核意见")?;
    sheet.set_landscape();
    sheet.set_paper_size(9);
    let wrapped = text.clone().set_text_wrap();
    for (c, (h, w)) in notes
        .headers
        .iter()
        .zip([10.0, 30.0, 9.0, 9.0, 40.0, 40.0])
        .enumerate()
    {
        sheet.write_string_with_format(0, c as u16, cell_text(&h.to_string()), &head)?;
        sheet.set_column_width(c as u16, w)?;
    }
    write_rows(sheet, 1, &notes.rows, &wrapped, &number)?;
    sheet.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
}

/// Rows of cells from row `first` on: words as text, numbers as numbers (Excel sums them).
fn write_rows(
    sheet: &mut rust_xlsxwriter::Worksheet,
    first: u32,
    rows: &[Vec<Cell>],
    text: &Format,
    number: &Format,
) -> Result<(), XlsxError> {
    for (r, row) in (first..).zip(rows) {
        for (c, cell) in (0u16..).zip(row) {
            match cell {
                Cell::Text(t) => sheet.write_string_with_format(r, c, cell_text(t), text)?,
                Cell::Number(n) => sheet.write_number_with_format(r, c, xlsx_number(*n), number)?,
                Cell::Empty => sheet.write_string_with_format(r, c, "", text)?,
            };
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_cell_longer_than_excel_allows_is_cut_visibly() {
        let long = "甲".repeat(40_000);
        let cut = super::cell_text(&long);
        assert_eq!(cut.chars().count(), 32_767);
        assert!(cut.ends_with("…（已截断）"));
        assert_eq!(super::cell_text("短"), "短");
    }
}
