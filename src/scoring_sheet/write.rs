//! A 评分表 as a workbook a department fills in WPS or Excel: a 说明 sheet (what to do, the
//! distribution's number), a 审核人 list for the drop-down, and one sheet per category with
//! a row per unit and item — what the unit entered, read-only in grey, and the department's
//! three columns with their bounds and prompts (考核得分 between 0 and the item's points).
//! The hidden 核对 column says which unit and item each row is.

use super::{Row, ScoringSheet};
use crate::export::{cell_text, xlsx_number as decimal};
use crate::ruleset::fmt_dec;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatAlign,
    FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};

/// The columns of a category's sheet, in order; the department fills the last three
/// before 核对.
pub const COLUMNS: [&str; 14] = [
    "单位",
    "项目",
    "考核内容",
    "评分标准",
    "分值",
    "单位填报情况",
    "自查得分",
    "自评说明",
    "佐证材料",
    "状态",
    "考核得分",
    "考核意见",
    "审核人",
    "核对（勿改）",
];
pub(super) const COL_SCORE: u16 = 10;
pub(super) const COL_OPINION: u16 = 11;
pub(super) const COL_REVIEWER: u16 = 12;
pub(super) const COL_KEY: u16 = 13;
/// The 说明 sheet's name and the label of its row holding the distribution's number.
pub(super) const GUIDE_SHEET: &str = "说明";
pub(super) const ID_LABEL: &str = "分发编号";
pub(super) const TITLE_LABEL: &str = "评分表";
pub(super) const SCHEME_LABEL: &str = "考核方案";
pub(super) const REVIEWERS_SHEET: &str = "审核人";
/// Rows of the 审核人 list the drop-down offers.
const REVIEWER_ROWS: u32 = 30;

/// The workbook's bytes.
pub fn to_xlsx(sheet: &ScoringSheet) -> Result<Vec<u8>, String> {
    book(sheet)
        .and_then(|mut b| b.save_to_buffer())
        .map_err(|e| format!("无法生成评分表：{e}"))
}

fn book(sheet: &ScoringSheet) -> Result<Workbook, XlsxError> {
    let mut book = Workbook::new();
    guide(book.add_worksheet(), sheet)?;
    for category in &sheet.categories {
        let ws = book.add_worksheet();
        ws.set_name(sheet_name(category))?;
        let rows: Vec<&Row> = sheet
            .rows
            .iter()
            .filter(|r| &r.category == category)
            .collect();
        category_sheet(ws, &rows)?;
    }
    let list = book.add_worksheet();
    list.set_name(REVIEWERS_SHEET)?;
    list.write_string_with_format(
        0,
        0,
        "审核人（在下面列出本部门的审核人，考核得分旁的下拉框即可选择）",
        &head(),
    )?;
    list.set_column_width(0, 60)?;
    Ok(book)
}

/// A sheet name Excel accepts: at most 31 characters, none of []:*?/\.
pub(super) fn sheet_name(category: &str) -> String {
    category
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect()
}

fn head() -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xDDE7F3))
}

fn guide(ws: &mut Worksheet, sheet: &ScoringSheet) -> Result<(), XlsxError> {
    ws.set_name(GUIDE_SHEET)?;
    ws.set_column_width(0, 14)?;
    ws.set_column_width(1, 90)?;
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let bold = Format::new().set_bold().set_align(FormatAlign::Top);
    let lines: [(&str, String); 7] = [
        (TITLE_LABEL, sheet.title.clone()),
        (SCHEME_LABEL, sheet.scheme.clone()),
        ("类别", sheet.categories.join("、")),
        (ID_LABEL, sheet.id.clone()),
        ("怎样填", "在各类别表中逐行填写“考核得分”（0至该项分值）、“考核意见”（考核得分与自查得分不同时必填）和“审核人”（可在“审核人”表中列出姓名，从下拉框选择）。灰色各列是单位填报的内容，请勿改动；最后一列“核对”用于收回时核对单位和项目，请勿改动或删除。".into()),
        ("不评分的行", "“状态”不是“可评分”的行（未提交、已退回修改、收到两份文件、已审核）请留空。".into()),
        ("交回", "填好后保存为 .xlsx，交回办公室，由办公室在考评程序中“汇总 → 收回评分表…”。佐证材料在本表旁的“…_佐证材料”文件夹中，按单位和项目存放。".into()),
    ];
    for (r, (label, text)) in lines.iter().enumerate() {
        ws.write_string_with_format(r as u32, 0, *label, &bold)?;
        ws.write_string_with_format(r as u32, 1, text, &wrap)?;
    }
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    for (r, (_, text)) in lines.iter().enumerate() {
        ws.set_row_height(r as u32, lines_in(text, 90.0) as f64 * 15.0 + 3.0)?;
    }
    Ok(())
}

/// The columns' widths, in Excel's units (about one Latin digit; a Chinese character is two).
const WIDTHS: [f64; 14] = [
    10.0, 8.0, 28.0, 34.0, 6.0, 34.0, 8.0, 24.0, 20.0, 14.0, 9.0, 26.0, 10.0, 10.0,
];

/// Lines a text takes in a wrapped column of `width` units: neither Excel, WPS nor Calc
/// grows a row to its wrapped text on opening, so the height is set from this.
fn lines_in(text: &str, width: f64) -> usize {
    let per_line = (width - 1.0).max(2.0);
    text.split('\n')
        .map(|line| {
            let units: f64 = line
                .chars()
                .map(|c| if c.is_ascii() { 0.9 } else { 1.75 })
                .sum();
            ((units / per_line).ceil() as usize).max(1)
        })
        .sum()
}

/// A row's height in points: its tallest wrapped cell, within Excel's 409.
fn row_height(row: &Row) -> f64 {
    let cells = [
        (2, row.content.as_str()),
        (3, row.rule_text.as_str()),
        (5, row.facts.as_str()),
        (7, row.note.as_str()),
        (9, row.state.words()),
        (11, row.opinion.as_str()),
    ];
    let lines = cells
        .iter()
        .map(|(c, t)| lines_in(t, WIDTHS[*c]))
        .max()
        .unwrap_or(1)
        .max(row.evidence.len());
    (lines as f64 * 14.0 + 4.0).min(409.0)
}

fn category_sheet(ws: &mut Worksheet, rows: &[&Row]) -> Result<(), XlsxError> {
    let head = head();
    let given = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xF2F2F2));
    let not_open = given.clone().set_font_color(Color::RGB(0x9C0006));
    let input = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_unlocked();
    let widths = WIDTHS;
    for (c, (title, width)) in COLUMNS.iter().zip(widths).enumerate() {
        let c = c as u16;
        ws.write_string_with_format(0, c, *title, &head)?;
        ws.set_column_width(c, width)?;
    }
    ws.set_row_height(0, 30)?;
    ws.set_freeze_panes(1, 2)?;
    ws.set_column_hidden(COL_KEY)?;
    // Printed for a meeting: A4 landscape, as wide as the page, the header on every page.
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        let texts = [
            row.unit_name.clone(),
            format!("第{}项", row.number),
            row.content.clone(),
            row.rule_text.clone(),
        ];
        for (c, t) in texts.iter().enumerate() {
            ws.write_string_with_format(r, c as u16, cell_text(t), &given)?;
        }
        ws.write_number_with_format(r, 4, decimal(row.points), &given)?;
        ws.write_string_with_format(r, 5, cell_text(&row.facts), &given)?;
        match row.self_score {
            Some(s) => ws.write_number_with_format(r, 6, decimal(s), &given)?,
            None => ws.write_string_with_format(r, 6, "", &given)?,
        };
        ws.write_string_with_format(r, 7, cell_text(&row.note), &given)?;
        ws.write_string_with_format(r, 8, cell_text(&row.evidence.join("\n")), &given)?;
        let state = if row.state.scorable() {
            &given
        } else {
            &not_open
        };
        ws.write_string_with_format(r, 9, row.state.words(), state)?;
        match row.score {
            Some(s) => ws.write_number_with_format(r, COL_SCORE, decimal(s), &input)?,
            None => ws.write_string_with_format(r, COL_SCORE, "", &input)?,
        };
        ws.write_string_with_format(r, COL_OPINION, cell_text(&row.opinion), &input)?;
        ws.write_string_with_format(r, COL_REVIEWER, cell_text(&row.reviewer), &input)?;
        ws.write_string(r, COL_KEY, row.key())?;
        ws.set_row_height(r, row_height(row))?;
        bounds(ws, r, row)?;
    }
    Ok(())
}

/// What a WPS user sees as she types: the score's bounds (refused outside them), the
/// opinion's rule, the 审核人 drop-down (other names allowed with a warning).
fn bounds(ws: &mut Worksheet, r: u32, row: &Row) -> Result<(), XlsxError> {
    let points = decimal(row.points);
    let score = DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(0.0, points))
        .set_input_title("考核得分")?
        .set_input_message(format!("0至{}分", fmt_dec(row.points)))?
        .set_error_title("考核得分超出范围")?
        .set_error_message(format!(
            "{}的考核得分应在0至{}分之间",
            row.place(),
            fmt_dec(row.points)
        ))?;
    ws.add_data_validation(r, COL_SCORE, r, COL_SCORE, &score)?;
    let opinion = DataValidation::new()
        .allow_any_value()
        .set_input_title("考核意见")?
        .set_input_message("考核得分与自查得分不同时必填，写明扣分或加分的理由")?;
    ws.add_data_validation(r, COL_OPINION, r, COL_OPINION, &opinion)?;
    let reviewer = DataValidation::new()
        .allow_list_formula(Formula::new(format!(
            "={REVIEWERS_SHEET}!$A$2:$A${}",
            REVIEWER_ROWS + 1
        )))
        .set_error_style(DataValidationErrorStyle::Information)
        .set_input_title("审核人")?
        .set_input_message("评分人的姓名（可从“审核人”表的名单中选择）")?;
    ws.add_data_validation(r, COL_REVIEWER, r, COL_REVIEWER, &reviewer)?;
    Ok(())
}
