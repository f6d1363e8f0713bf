//! The scheme's 台账 in the workbook: the sheet 台账 lists each ledger's fields, one row per
//! field (a ledger without fields has one row), and 台账计算 one row per rule a ledger feeds
//! with its derivation in words (条数(参加妇女人数<50)). Both are optional: a workbook without
//! them is a scheme without 台账. Written and read here, so both sides agree on the columns.

use super::read::{Grid, ReadState, place};
use crate::ledger::{Feed, FieldKind, Ledger, LedgerField};
use crate::ruleset::Ruleset;
use rust_xlsxwriter::{DataValidation, Format, Worksheet, XlsxError};

pub const SHEET_LEDGERS: &str = "台账";
pub const SHEET_FEEDS: &str = "台账计算";
const LEDGER_COLUMNS: [&str; 7] = [
    "台账编号",
    "项目编号",
    "一条记录是",
    "字段编号",
    "字段名称",
    "字段类型",
    "单位或选项",
];
const FEED_COLUMNS: [&str; 3] = ["台账编号", "规则编号", "计算方式"];
/// The field kinds as the workbook names them.
const KINDS: [&str; 5] = ["数量", "金额", "是否", "选项", "文字"];

fn kind_cells(kind: &FieldKind) -> (&'static str, String) {
    match kind {
        FieldKind::Count { unit } => ("数量", unit.clone()),
        FieldKind::Amount { unit } => ("金额", unit.clone()),
        FieldKind::YesNo => ("是否", String::new()),
        FieldKind::Choice(options) => ("选项", options.join("；")),
        FieldKind::Text => ("文字", String::new()),
    }
}

/// The workbook's header row writer and cell note writer (see `write`).
type HeaderRow<'a> = dyn Fn(&mut Worksheet, &[&str], &[f64]) -> Result<(), XlsxError> + 'a;
type CellNote<'a> = dyn Fn(&mut Worksheet, u32, u16, &str) -> Result<(), XlsxError> + 'a;

/// Writes the two sheets (`header` and `note` are the workbook's own, see `write`).
pub(super) fn write(
    ledgers: &mut Worksheet,
    feeds: &mut Worksheet,
    rs: &Ruleset,
    text: &Format,
    header: &HeaderRow,
    note: &CellNote,
) -> Result<(), XlsxError> {
    ledgers.set_name(SHEET_LEDGERS)?;
    header(
        ledgers,
        &LEDGER_COLUMNS,
        &[16.0, 22.0, 14.0, 14.0, 16.0, 10.0, 28.0],
    )?;
    note(
        ledgers,
        0,
        0,
        "台账的编号，如 lectures；一个台账有几个字段就写几行，编号相同",
    )?;
    note(
        ledgers,
        0,
        1,
        "台账属于哪个项目（考核项目表的“项目编号”），如 rights.publicity",
    )?;
    note(
        ledgers,
        0,
        2,
        "一条记录是什么，如 讲座、信息、贷款；每条记录另有日期和事由",
    )?;
    note(
        ledgers,
        0,
        4,
        "每条记录要填的数字或选择，如 参加妇女人数；计算方式里用这个名称",
    )?;
    note(
        ledgers,
        0,
        5,
        "数量（整数）、金额（可有小数）、是否、选项（从“单位或选项”中选）、文字",
    )?;
    note(
        ledgers,
        0,
        6,
        "数量、金额写计量单位（如 人、万元）；选项写可选的值，用；隔开（如 女；男）",
    )?;
    let mut row = 1u32;
    for l in &rs.ledgers {
        let fields: Vec<Option<&LedgerField>> = if l.fields.is_empty() {
            vec![None]
        } else {
            l.fields.iter().map(Some).collect()
        };
        for f in fields {
            ledgers.write_string_with_format(row, 0, &l.id, text)?;
            ledgers.write_string_with_format(row, 1, &l.item, text)?;
            ledgers.write_string_with_format(row, 2, &l.entry, text)?;
            if let Some(f) = f {
                let (kind, extra) = kind_cells(&f.kind);
                ledgers.write_string_with_format(row, 3, &f.id, text)?;
                ledgers.write_string_with_format(row, 4, &f.label, text)?;
                ledgers.write_string_with_format(row, 5, kind, text)?;
                ledgers.write_string_with_format(row, 6, extra, text)?;
            }
            row += 1;
        }
    }
    if let Ok(list) = DataValidation::new().allow_list_strings(&KINDS) {
        ledgers.add_data_validation(1, 5, 2000, 5, &list)?;
    }
    feeds.set_name(SHEET_FEEDS)?;
    header(feeds, &FEED_COLUMNS, &[16.0, 16.0, 48.0])?;
    note(
        feeds,
        0,
        1,
        "台账所属项目中由它计算输入的规则（考核项目表的“规则编号”）",
    )?;
    note(
        feeds,
        0,
        2,
        "条数；条数(参加妇女人数<50)；合计(金额)；合计(金额, 性别=女)；占比(条数(性别=女), 条数)；有无；有无(类别=巾帼家政培训)；至少(6, 条数(学期=上学期))；每月都有。条件可用 < <= > >= = ≠，几个条件用“且”连接；是/否的回答可用“且”“或”连接",
    )?;
    let mut row = 1u32;
    for l in &rs.ledgers {
        for feed in &l.feeds {
            feeds.write_string_with_format(row, 0, &l.id, text)?;
            feeds.write_string_with_format(row, 1, &feed.rule, text)?;
            feeds.write_string_with_format(row, 2, &feed.from, text)?;
            row += 1;
        }
    }
    Ok(())
}

impl ReadState {
    /// The ledgers of the two sheets (either may be missing: none, or no feeds).
    pub(super) fn ledgers(&mut self, ledgers: &Grid, feeds: &Grid) -> Vec<Ledger> {
        let mut out: Vec<Ledger> = Vec::new();
        if !ledgers.is_empty() {
            let h = self.headers(SHEET_LEDGERS, ledgers, &LEDGER_COLUMNS[..3]);
            for &row in ledgers.keys().filter(|r| **r > 0) {
                let id =
                    self.required_text(ledgers, &h, row, "台账编号", "台账的编号（如 lectures）");
                let item = self.text(ledgers, &h, row, "项目编号");
                let entry = self.text(ledgers, &h, row, "一条记录是");
                let at = match out.iter().position(|l| l.id == id) {
                    Some(at) => at,
                    None => {
                        self.places.add("Ledger", &id, None, SHEET_LEDGERS, row + 1);
                        out.push(Ledger {
                            id: id.clone(),
                            item: item.clone(),
                            entry: entry.clone(),
                            fields: Vec::new(),
                            feeds: Vec::new(),
                        });
                        out.len() - 1
                    }
                };
                // Later rows of a ledger may leave its item and entry empty; if given they
                // must agree with its first row.
                let first = &out[at];
                for (header, given, known) in [
                    ("项目编号", &item, &first.item),
                    ("一条记录是", &entry, &first.entry),
                ] {
                    if !given.is_empty() && given != known {
                        self.error(
                            SHEET_LEDGERS,
                            row,
                            place(&h, header),
                            format!("台账“{id}”前面的行写的是“{known}”，这一行是“{given}”：同一台账的各行须一致"),
                        );
                    }
                }
                if let Some(field) = self.ledger_field(ledgers, &h, row) {
                    out[at].fields.push(field);
                }
            }
        }
        if !feeds.is_empty() {
            let h = self.headers(SHEET_FEEDS, feeds, &FEED_COLUMNS);
            for &row in feeds.keys().filter(|r| **r > 0) {
                let id = self.required_text(feeds, &h, row, "台账编号", "台账的编号（台账表中的）");
                let rule = self.required_text(feeds, &h, row, "规则编号", "由台账计算的规则编号");
                let from = self.required_text(feeds, &h, row, "计算方式", "计算方式（如 条数）");
                match out.iter_mut().find(|l| l.id == id) {
                    Some(l) => l.feeds.push(Feed { rule, from }),
                    None if id.is_empty() => {}
                    None => self.error(
                        SHEET_FEEDS,
                        row,
                        place(&h, "台账编号"),
                        format!("台账表中没有编号为“{id}”的台账"),
                    ),
                }
            }
        }
        out
    }

    /// A row's field, when it names one (a ledger's only row may name none).
    fn ledger_field(
        &mut self,
        grid: &Grid,
        h: &super::read::Headers,
        row: u32,
    ) -> Option<LedgerField> {
        let id = self.text(grid, h, row, "字段编号");
        let label = self.text(grid, h, row, "字段名称");
        let kind = self.text(grid, h, row, "字段类型");
        let extra = self.text(grid, h, row, "单位或选项");
        if id.is_empty() && label.is_empty() && kind.is_empty() {
            return None;
        }
        let kind = match kind.as_str() {
            "数量" => FieldKind::Count { unit: extra },
            "金额" => FieldKind::Amount { unit: extra },
            "是否" => FieldKind::YesNo,
            "选项" => FieldKind::Choice(super::read_sheets::split_list(&extra)),
            "文字" => FieldKind::Text,
            other => {
                self.error(
                    SHEET_LEDGERS,
                    row,
                    place(h, "字段类型"),
                    format!("字段类型“{other}”不认识：请写 {}", KINDS.join("、")),
                );
                return None;
            }
        };
        // A field without its own id is named by its label (ids key a sheet's figures).
        let id = if id.is_empty() { label.clone() } else { id };
        Some(LedgerField { id, label, kind })
    }
}
