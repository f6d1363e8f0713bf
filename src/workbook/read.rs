//! Reads the office's workbook into a `Ruleset`, cell by cell. Every cell that cannot be
//! what its column asks is one `CellError` naming the sheet, row and column the way the
//! author sees them (「考核项目 表第12行 O列（目标·县市）：应为整数，现为“八十”」) with the fix;
//! all are listed at once. What the check then finds (`Ruleset::check`) is placed on the
//! rows that wrote it (`CellPlaces::locate`).
//!
//! The file comes from anyone: its size, its unpacked size and its cells are bounded before
//! anything is kept, and only the cells present are kept (a sheet claiming a million rows
//! costs nothing).

use super::{SHEET_BASICS, SHEET_CLASSES, SHEET_FIGURES, SHEET_ITEMS, SHEET_UNITS, column_letter};
use crate::ruleset::{Ruleset, excerpt};
use crate::ruleset_check::{Finding, Place};
use calamine::{DataRef, Reader, Xlsx};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::Cursor;
use std::str::FromStr;

/// The most rows and columns of one sheet that are read (a scheme has about 100 rows).
const MAX_ROWS: u32 = 5000;
const MAX_COLUMNS: u32 = 80;
/// The most decimals a number in the scheme may have (points are written to 2).
const MAX_DECIMALS: usize = 6;
/// The most characters one cell may hold.
const MAX_CELL_CHARS: usize = 20_000;
/// The most characters all cells of the sheets read may hold together: a shared text is
/// counted for every cell that shows it (each cell keeps its own copy), so 80 cells on each of
/// 4,800 rows naming one long text cannot take gigabytes. A 44-item scheme holds ~40,000.
pub(super) const MAX_TOTAL_CHARS: usize = 2_000_000;

/// One thing wrong in the workbook, where the author sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    pub sheet: String,
    /// The row as Excel numbers it (from 1); None: the sheet as a whole.
    pub row: Option<u32>,
    /// The column's letter and its header.
    pub column: Option<(String, String)>,
    pub message: String,
}

impl fmt::Display for CellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.sheet == super::WHOLE_BOOK {
            write!(f, "{}", self.sheet)?;
        } else {
            write!(f, "{} 表", self.sheet)?;
        }
        if let Some(row) = self.row {
            write!(f, "第{row}行")?;
        }
        match &self.column {
            Some((letter, header)) if header.is_empty() => write!(f, " {letter}列")?,
            Some((letter, header)) => write!(f, " {letter}列（{header}）")?,
            None => {}
        }
        write!(f, "：{}", self.message)
    }
}

/// The workbook read: the ruleset and where each of its parts was written.
#[derive(Debug, Clone)]
pub struct WorkbookRead {
    pub ruleset: Ruleset,
    pub places: CellPlaces,
}

/// A row as a finding names it (考核项目 表第12行): the one spelling of `Finding::cell`, so a
/// row can be matched to the findings placed on it.
pub fn row_place(sheet: &str, row: u32) -> String {
    format!("{sheet} 表第{row}行")
}

/// Which row wrote each part of the ruleset, for placing the check's findings.
#[derive(Debug, Clone, Default)]
pub struct CellPlaces {
    /// (kind, id, item, nth) → 考核项目 表第12行.
    structs: HashMap<(&'static str, String, Option<String>, usize), String>,
    /// A top-level field → 基本信息 表第3行.
    pub(super) fields: HashMap<&'static str, String>,
    /// How many of each (kind, id, item) have been placed: the next one's `nth` (a count,
    /// so a workbook repeating one id is placed in linear time).
    counts: HashMap<(&'static str, String, Option<String>), usize>,
}

impl CellPlaces {
    pub(super) fn add(
        &mut self,
        kind: &'static str,
        id: &str,
        item: Option<&str>,
        sheet: &str,
        row: u32,
    ) {
        let count = self
            .counts
            .entry((kind, id.to_string(), item.map(str::to_string)))
            .or_default();
        let nth = *count;
        *count += 1;
        self.structs.insert(
            (kind, id.to_string(), item.map(str::to_string), nth),
            row_place(sheet, row),
        );
    }

    /// Puts each finding on the row that wrote what it is about.
    pub fn locate(&self, findings: &mut [Finding]) {
        for f in findings {
            f.cell = self.of(&f.place);
        }
    }

    fn of(&self, p: &Place) -> Option<String> {
        if let Some(field) = p.field {
            return self.fields.get(field).cloned();
        }
        if p.kind.is_empty() {
            return None;
        }
        self.structs
            .get(&(p.kind, p.id.clone(), p.item.clone(), p.nth))
            .cloned()
    }
}

/// A cell's value as the reader needs it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value {
    Text(String),
    /// A number as decimal text, exactly as the workbook's float reads back (0.5, 80).
    Number(String),
    Bool(bool),
    /// A date cell, as YYYY-MM-DD.
    Date(String),
    /// #DIV/0! and the like.
    Error(String),
}

impl Value {
    pub(super) fn shown(&self) -> String {
        match self {
            Value::Text(s) | Value::Number(s) | Value::Date(s) | Value::Error(s) => excerpt(s),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        }
    }
    pub(super) fn text(&self) -> String {
        match self {
            Value::Text(s) => s.trim().to_string(),
            Value::Number(s) | Value::Date(s) => s.clone(),
            Value::Bool(b) => if *b { "是" } else { "否" }.into(),
            Value::Error(s) => s.clone(),
        }
    }
}

/// A sheet's cells that hold something: row → column → value (0-based).
pub(super) type Grid = BTreeMap<u32, BTreeMap<u32, Value>>;

/// Reads the workbook's bytes (`source` names it in messages).
pub fn read_workbook(bytes: &[u8]) -> Result<WorkbookRead, Vec<CellError>> {
    read_workbook_all(bytes).map_err(|u| u.errors)
}

/// A workbook that does not make a scheme: every cell at fault, and — when every sheet could
/// be read and only cells are wrong — the scheme its usable rows make, so the check can say
/// everything else at once (a bad cell makes its row unusable, not the file).
#[derive(Debug)]
pub struct Unreadable {
    pub errors: Vec<CellError>,
    pub partial: Option<Box<WorkbookRead>>,
}

/// `read_workbook`, keeping what the usable rows make (see `Unreadable`).
pub fn read_workbook_all(bytes: &[u8]) -> Result<WorkbookRead, Unreadable> {
    let unreadable = |errors: Vec<CellError>| Unreadable {
        errors,
        partial: None,
    };
    let whole = |message: String| {
        vec![CellError {
            sheet: super::WHOLE_BOOK.into(),
            row: None,
            column: None,
            message,
        }]
    };
    check_unpacked_size(bytes).map_err(|m| unreadable(whole(m)))?;
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| {
        unreadable(whole(format!(
            "不是能读取的 Excel 工作簿（.xlsx）：{}。请在 WPS 或 Excel 中“另存为”Excel 工作簿（*.xlsx）",
            xlsx_error_zh(&e)
        )))
    })?;
    let sheets: Vec<calamine::Sheet> = book.sheets_metadata().to_vec();
    let mut errors = Vec::new();
    let mut grids: HashMap<&str, Grid> = HashMap::new();
    let mut chars_left = MAX_TOTAL_CHARS;
    let mut formula_cells: Vec<(&str, FormulaCell)> = Vec::new();
    for sheet in [
        SHEET_BASICS,
        SHEET_CLASSES,
        SHEET_UNITS,
        SHEET_FIGURES,
        SHEET_ITEMS,
        super::SHEET_LEDGERS,
        super::SHEET_FEEDS,
    ] {
        let sheet_error = |message: String| CellError {
            sheet: sheet.into(),
            row: None,
            column: None,
            message,
        };
        // A visible sheet named almost so (「单位 」) is no sheet of the scheme: said.
        for near in sheets
            .iter()
            .filter(|m| m.name != sheet && m.name.trim() == sheet)
        {
            errors.push(sheet_error(format!(
                "表名“{}”前后多了空格：请改为“{sheet}”",
                crate::names::printable(&near.name)
            )));
        }
        match sheets.iter().find(|m| m.name == sheet) {
            None => {
                // 单位填报数字 and the 台账 sheets are optional: a scheme may have none.
                if ![SHEET_FIGURES, super::SHEET_LEDGERS, super::SHEET_FEEDS].contains(&sheet) {
                    errors.push(sheet_error(format!(
                        "工作簿中没有这张表。表名须为“{sheet}”：请不要改动表名（可以用 kaoping ruleset export 重新生成一份样表对照）"
                    )));
                }
            }
            // Only what the author sees carries the scheme: a hidden sheet is never read.
            Some(m) if m.visible != calamine::SheetVisible::Visible => {
                errors.push(sheet_error(
                    "这张表是隐藏的，考核方案只读看得见的表：请在 WPS 或 Excel 中右键表名 → 取消隐藏，核对它的内容后再保存".into(),
                ));
            }
            Some(_) => match read_grid(&mut book, sheet, &mut chars_left) {
                Ok((g, formulas)) => {
                    // Hidden rows and columns are not what the author sees: named.
                    let hidden = super::hidden::hidden_in(bytes, sheet);
                    for row in &hidden.rows {
                        errors.push(CellError {
                            sheet: sheet.into(),
                            row: Some(row + 1),
                            column: None,
                            message: "这一行是隐藏的，其中有内容：考核方案只读看得见的行。请在 WPS 或 Excel 中取消隐藏，核对后再保存（不要的内容请删去）".into(),
                        });
                    }
                    for column in &hidden.columns {
                        errors.push(CellError {
                            sheet: sheet.into(),
                            row: None,
                            column: Some((column_letter(*column as usize), String::new())),
                            message: "这一列是隐藏的，其中有内容：考核方案只读看得见的列。请在 WPS 或 Excel 中取消隐藏，核对后再保存".into(),
                        });
                    }
                    grids.insert(sheet, g);
                    formula_cells.extend(formulas.into_iter().map(|f| (sheet, f)));
                }
                Err(e) => errors.push(e),
            },
        }
    }
    if !errors.is_empty() {
        return Err(unreadable(errors));
    }
    let mut r = ReadState::default();
    // A formula without a saved result is said as such, once: whatever the rows then find
    // missing in that very cell is not said again.
    for (sheet, f) in &formula_cells {
        r.errors.push(CellError {
            sheet: (*sheet).into(),
            row: Some(f.row + 1),
            column: Some((column_letter(f.column as usize), String::new())),
            message: format!(
                "这一格是公式“{}”，但没有保存计算结果：请在 WPS 或 Excel 中打开此表格、保存一次，或直接填写结果",
                f.formula
            ),
        });
        r.silenced.insert(((*sheet).to_string(), f.row, f.column));
    }
    let empty = Grid::new();
    let grid = |name: &str| grids.get(name).unwrap_or(&empty);
    let basics = r.basics(grid(SHEET_BASICS));
    let classes = r.classes(grid(SHEET_CLASSES));
    let units = r.units(grid(SHEET_UNITS), &classes);
    let figures = r.figures(grid(SHEET_FIGURES));
    let probe = Ruleset {
        classes: classes.clone(),
        figures: figures.clone(),
        ..basics.clone()
    };
    let categories = r.items(grid(SHEET_ITEMS), &probe);
    let ledgers = r.ledgers(grid(super::SHEET_LEDGERS), grid(super::SHEET_FEEDS));
    let errors = std::mem::take(&mut r.errors);
    let read = WorkbookRead {
        ruleset: Ruleset {
            classes,
            units,
            figures,
            categories,
            ledgers,
            ..basics
        },
        places: r.places,
    };
    if !errors.is_empty() {
        return Err(Unreadable {
            errors,
            partial: Some(Box::new(read)),
        });
    }
    Ok(read)
}

/// The names of a workbook's sheets, or None when it is not one that may be read.
pub fn sheet_names(bytes: &[u8]) -> Option<Vec<String>> {
    check_unpacked_size(bytes).ok()?;
    let book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).ok()?;
    Some(book.sheet_names())
}

/// Refuses what no scheme workbook is, before calamine opens it (see `precheck`).
pub(super) fn check_unpacked_size(bytes: &[u8]) -> Result<(), String> {
    super::precheck::precheck(bytes)
}

/// What calamine found wrong, in Chinese (its own messages are English).
pub(super) fn xlsx_error_zh(e: &calamine::XlsxError) -> String {
    use calamine::XlsxError as E;
    match e {
        E::Password => "工作簿设了密码，请在 WPS 或 Excel 中去掉密码后另存".into(),
        E::Io(_) => "读取时出错（文件可能正被别的程序改写，或已损坏）".into(),
        E::Zip(_) => "压缩包已损坏，或某个部件比它声明的大小还大（文件可能被截断或改动过）".into(),
        E::FileNotFound(part) => format!(
            "缺少部件“{}”（文件可能被截断或改动过）",
            crate::names::printable(&excerpt(part))
        ),
        E::RelationshipNotFound => "缺少部件之间的关联（_rels），文件可能被改动过".into(),
        E::WorksheetNotFound(name) | E::NotAWorksheet(name) => format!(
            "找不到表“{}”的内容（工作簿目录中有这张表，文件中却没有），文件可能被改动过",
            crate::names::printable(&excerpt(name))
        ),
        E::CellError(_) | E::CellTAttribute(_) => {
            "有一格的内容不合 Excel 的格式（如引用了不存在的文字），文件可能被改动过".into()
        }
        E::Xml(_) | E::XmlAttr(_) | E::XmlEof(_) | E::UnexpectedNode(_) | E::Unexpected(_) => {
            "XML 内容有误（有不认识的符号或缺少结尾），文件可能被改动过".into()
        }
        E::Encoding(_) => "文字编码有误，文件可能被改动过".into(),
        E::RowNumberOverflow | E::ColumnNumberOverflow | E::DimensionCount(_) => {
            "行号或列号超出了 Excel 的范围，文件可能被改动过".into()
        }
        _ => "内容不合 Excel 工作簿的格式，文件可能已损坏或被改动过".into(),
    }
}

/// A formula cell that has no saved result (written by a program, or saved without
/// calculating): its place and the formula, for a message of its own.
pub(super) struct FormulaCell {
    pub(super) row: u32,
    pub(super) column: u32,
    pub(super) formula: String,
}

/// The most formula cells without a result that are named one by one.
const MAX_FORMULA_CELLS: usize = 200;

pub(super) fn read_grid<R: std::io::Read + std::io::Seek>(
    book: &mut Xlsx<R>,
    sheet: &str,
    chars_left: &mut usize,
) -> Result<(Grid, Vec<FormulaCell>), CellError> {
    let fail = |message: String| CellError {
        sheet: sheet.into(),
        row: None,
        column: None,
        message,
    };
    let mut reader = book
        .worksheet_cells_reader(sheet)
        .map_err(|e| fail(format!("无法读取这张表：{}", xlsx_error_zh(&e))))?;
    let mut grid = Grid::new();
    loop {
        let (cell, style) = match reader.next_cell_with_style_id() {
            Ok(Some(c)) => c,
            Ok(None) => break,
            Err(e) => return Err(fail(format!("无法读取这张表：{}", xlsx_error_zh(&e)))),
        };
        // What the author sees: 90% typed into a cell is 0.9 with a percent format.
        let percent = reader
            .styles()
            .get(style)
            .and_then(|s| s.number_format.as_ref())
            .is_some_and(|f| f.format_code.contains('%'));
        let (row, column) = cell.get_position();
        let number = |f: f64| {
            let text = float_text(f);
            match Decimal::from_str(&text) {
                Ok(d) if percent => d
                    .checked_mul(Decimal::ONE_HUNDRED)
                    .map(|d| d.normalize().to_string())
                    .unwrap_or(text),
                _ => text,
            }
        };
        let value = match cell.get_value() {
            DataRef::Empty => continue,
            DataRef::String(s) => Value::Text(s.clone()),
            DataRef::SharedString(s) => Value::Text(s.to_string()),
            DataRef::Int(i) => Value::Number(number(*i as f64)),
            DataRef::Float(f) if f.is_finite() => Value::Number(number(*f)),
            DataRef::Float(_) => Value::Error("非数字".into()),
            DataRef::Bool(b) => Value::Bool(*b),
            DataRef::DateTime(d) => match d.as_datetime() {
                Some(t) => Value::Date(t.format("%Y-%m-%d").to_string()),
                None => Value::Error(d.to_string()),
            },
            DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Value::Date(s.clone()),
            DataRef::Error(e) => Value::Error(e.to_string()),
        };
        if let Value::Text(s) = &value {
            if s.trim().is_empty() {
                continue;
            }
            let chars = s.chars().count();
            if chars > MAX_CELL_CHARS {
                return Err(CellError {
                    sheet: sheet.into(),
                    row: Some(row + 1),
                    column: Some((column_letter(column as usize), String::new())),
                    message: format!("这一格的文字超过{MAX_CELL_CHARS}字，太长，不像是填写的内容"),
                });
            }
            *chars_left = chars_left.checked_sub(chars).ok_or_else(|| CellError {
                sheet: sheet.into(),
                row: Some(row + 1),
                column: Some((column_letter(column as usize), String::new())),
                message: format!(
                    "工作簿的文字总量到这一格已超过{MAX_TOTAL_CHARS}字（同一段文字出现在很多格中也逐格计算），不像考核方案表格"
                ),
            })?;
        }
        if row >= MAX_ROWS || column >= MAX_COLUMNS {
            return Err(CellError {
                sheet: sheet.into(),
                row: Some(row + 1),
                column: Some((column_letter(column as usize), String::new())),
                message: format!(
                    "表格太大：考核方案表格最多{MAX_ROWS}行、{MAX_COLUMNS}列，这里已超出（请删去多余的内容）"
                ),
            });
        }
        grid.entry(row).or_default().insert(column, value);
    }
    drop(reader);
    Ok((grid, formulas_without_results(book, sheet)))
}

/// The formula cells of a sheet that hold no saved result, up to a bound (a second pass:
/// calamine gives formulas and styles in separate readings). Shared formulas are never
/// expanded, so a formula copied down a column costs nothing per cell.
fn formulas_without_results<R: std::io::Read + std::io::Seek>(
    book: &mut Xlsx<R>,
    sheet: &str,
) -> Vec<FormulaCell> {
    use calamine::XlsxFormulaMetadata as F;
    let mut out = Vec::new();
    let Ok(mut reader) = book.worksheet_cells_reader(sheet) else {
        return out;
    };
    while let Ok(Some(cell)) = reader.next_cell_with_formula_metadata() {
        let (row, column) = cell.pos;
        if row >= MAX_ROWS || column >= MAX_COLUMNS || out.len() >= MAX_FORMULA_CELLS {
            break;
        }
        let empty = match &cell.value {
            DataRef::Empty => true,
            DataRef::String(s) => s.is_empty(),
            _ => false,
        };
        let formula = match &cell.formula {
            Some(F::Normal { formula } | F::Shared { formula, .. }) => {
                format!("={}", excerpt(formula))
            }
            Some(F::SharedDerived { .. }) => "（与上方相同的公式）".into(),
            // A kind of formula a later calamine adds: still a formula.
            Some(_) => "（公式）".into(),
            None => continue,
        };
        if empty {
            out.push(FormulaCell {
                row,
                column,
                formula,
            });
        }
    }
    out
}

/// The shortest decimal text that reads back as this float: what the author typed, for any
/// value of up to 15 significant digits (0.1 stays 0.1, never 0.1000000000000000055…).
fn float_text(f: f64) -> String {
    let s = format!("{f}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

#[derive(Default)]
pub(super) struct ReadState {
    pub(super) errors: Vec<CellError>,
    pub(super) places: CellPlaces,
    /// Cells already said to be wrong (a formula without a result): nothing more of them.
    silenced: std::collections::HashSet<(String, u32, u32)>,
}

/// A sheet's header row, mapped to columns.
pub(super) struct Headers {
    pub(super) sheet: &'static str,
    by_name: HashMap<String, u32>,
}

impl Headers {
    pub(super) fn col(&self, name: &str) -> Option<u32> {
        self.by_name.get(name).copied()
    }
}

/// A column for a message: its index and header.
pub(super) fn place<'a>(h: &Headers, name: &'a str) -> Option<(u32, &'a str)> {
    h.col(name).map(|c| (c, name))
}

impl ReadState {
    pub(super) fn error(
        &mut self,
        sheet: &str,
        row: u32,
        column: Option<(u32, &str)>,
        message: String,
    ) {
        if let Some((c, _)) = column
            && self.silenced.contains(&(sheet.to_string(), row, c))
        {
            return;
        }
        self.errors.push(CellError {
            sheet: sheet.into(),
            row: Some(row + 1),
            column: column.map(|(c, h)| (column_letter(c as usize), h.to_string())),
            message,
        });
    }

    /// The header row; every one of `required` must be there.
    pub(super) fn headers(
        &mut self,
        sheet: &'static str,
        grid: &Grid,
        required: &[&str],
    ) -> Headers {
        let by_name: HashMap<String, u32> = grid
            .get(&0)
            .map(|row| {
                row.iter()
                    .map(|(c, v)| (v.text(), *c))
                    .collect::<HashMap<_, _>>()
            })
            .unwrap_or_default();
        let missing: Vec<&str> = required
            .iter()
            .copied()
            .filter(|h| !by_name.contains_key(*h))
            .collect();
        if !missing.is_empty() {
            self.error(
                sheet,
                0,
                None,
                format!(
                    "第1行缺少列标题“{}”：请不要删改第1行的列标题（可以用 kaoping ruleset export 重新生成一份样表对照）",
                    missing.join("”“")
                ),
            );
        }
        Headers { sheet, by_name }
    }

    /// The cell of `row` under `header`, if it holds something.
    pub(super) fn cell<'g>(
        &self,
        grid: &'g Grid,
        h: &Headers,
        row: u32,
        header: &str,
    ) -> Option<&'g Value> {
        grid.get(&row)?.get(&h.col(header)?)
    }

    pub(super) fn text(&self, grid: &Grid, h: &Headers, row: u32, header: &str) -> String {
        self.cell(grid, h, row, header)
            .map(Value::text)
            .unwrap_or_default()
    }

    /// A decimal (points, amounts): a number cell, or text that is one.
    pub(super) fn decimal(
        &mut self,
        grid: &Grid,
        h: &Headers,
        row: u32,
        header: &str,
    ) -> Option<Decimal> {
        let v = self.cell(grid, h, row, header)?.clone();
        let text = match &v {
            Value::Number(s) => Some(s.trim()),
            Value::Text(s) => Some(s.trim()),
            _ => None,
        };
        // Points and amounts have a few decimals: 1e-30 is a slip, never read as 0.
        let decimals = text
            .and_then(|t| t.split_once('.'))
            .map_or(0, |(_, f)| f.trim_end_matches('0').len());
        if decimals > MAX_DECIMALS {
            let shown = text
                .and_then(|t| t.parse::<f64>().ok())
                .map_or_else(|| v.shown(), |f| format!("{f:e}"));
            self.error(
                h.sheet,
                row,
                h.col(header).map(|c| (c, header)),
                format!("小数位太多（最多{MAX_DECIMALS}位），现为“{shown}”"),
            );
            return None;
        }
        let parsed = text.and_then(|t| Decimal::from_str(t).ok());
        if parsed.is_none() {
            self.error(
                h.sheet,
                row,
                h.col(header).map(|c| (c, header)),
                format!("应为数字（如 0.5、6），现为“{}”", v.shown()),
            );
        }
        parsed
    }

    /// A whole number ≥ 0 (targets, factors, the year).
    pub(super) fn whole(
        &mut self,
        grid: &Grid,
        h: &Headers,
        row: u32,
        header: &str,
    ) -> Option<u32> {
        let v = self.cell(grid, h, row, header)?.clone();
        let parsed = match &v {
            Value::Number(s) => s.parse::<u32>().ok(),
            Value::Text(s) => s.trim().parse::<u32>().ok(),
            _ => None,
        };
        if parsed.is_none() {
            self.error(
                h.sheet,
                row,
                h.col(header).map(|c| (c, header)),
                format!("应为整数（如 80），现为“{}”", v.shown()),
            );
        }
        parsed
    }

    pub(super) fn required_text(
        &mut self,
        grid: &Grid,
        h: &Headers,
        row: u32,
        header: &str,
        what: &str,
    ) -> String {
        let t = self.text(grid, h, row, header);
        if t.is_empty() {
            self.error(
                h.sheet,
                row,
                h.col(header).map(|c| (c, header)),
                format!("不能空着：请填写{what}"),
            );
        }
        t
    }
}
