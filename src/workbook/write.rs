//! Writes a ruleset as the workbook the office fills in: 说明 (how to fill it in, each rule
//! type with an example from this scheme), 基本信息, 单位类别, 单位, 单位填报数字, and
//! 考核项目 (one row per rule; an item with several rules goes on over the next rows). Headers
//! frozen and bold, each with a note saying what its column means; 规则类型 and 类别 are
//! drop-down lists.

use super::{
    BASICS, ItemColumns, KindName, REQUIRED_MARK, SHEET_BASICS, SHEET_CLASSES, SHEET_FIGURES,
    SHEET_GUIDE, SHEET_ITEMS, SHEET_UNITS, col, column_note, steps_label,
};
use crate::ruleset::{Item, Rule, RuleKind, Ruleset, Target, fmt_dec, item_title};
use crate::ruleset_diff::describe_kind;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Color, DataValidation, Format, FormatAlign, FormatBorder, Note, Workbook, Worksheet, XlsxError,
};

/// Rows the drop-down lists cover below the header (room for a scheme to grow).
const LIST_ROWS: u32 = 2000;

fn kind_name(kind: &RuleKind) -> KindName {
    match kind {
        RuleKind::DeductIfNot { .. } => KindName::DeductIfNot,
        RuleKind::AwardIf { .. } => KindName::AwardIf,
        RuleKind::Shortfall { .. } => KindName::Shortfall,
        RuleKind::PerOccurrence { .. } => KindName::PerOccurrence,
        RuleKind::Proportional { .. } => KindName::Proportional,
        RuleKind::RateStep { .. } => KindName::RateStep,
        RuleKind::Judgement { .. } => KindName::Judgement,
        RuleKind::Bonus { .. } => KindName::Bonus,
    }
}

/// The workbook's bytes (`.xlsx`).
pub fn write_workbook(rs: &Ruleset) -> Result<Vec<u8>, String> {
    build(rs).map_err(|e| format!("无法生成考核方案表格：{e}"))
}

struct Formats {
    head: Format,
    text: Format,
    number: Format,
    title: Format,
}

fn build(rs: &Ruleset) -> Result<Vec<u8>, XlsxError> {
    let f = Formats {
        head: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter)
            .set_background_color(Color::RGB(0xDDE7F3))
            .set_border(FormatBorder::Thin),
        text: Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin),
        number: Format::new()
            .set_num_format("0.##")
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin),
        title: Format::new().set_bold().set_font_size(14),
    };
    let mut book = Workbook::new();
    guide(printable(book.add_worksheet()), rs, &f)?;
    basics(printable(book.add_worksheet()), rs, &f)?;
    classes(printable(book.add_worksheet()), rs, &f)?;
    units(printable(book.add_worksheet()), rs, &f)?;
    figures(printable(book.add_worksheet()), rs, &f)?;
    items(printable(book.add_worksheet()), rs, &f)?;
    if !rs.ledgers.is_empty() {
        let header = |s: &mut Worksheet, h: &[&str], w: &[f64]| header(s, h, w, &f);
        let mut ledgers = Worksheet::new();
        let mut feeds = Worksheet::new();
        super::ledgers::write(
            printable(&mut ledgers),
            printable(&mut feeds),
            rs,
            &f.text,
            &header,
            &note,
        )?;
        book.push_worksheet(ledgers);
        book.push_worksheet(feeds);
    }
    book.save_to_buffer()
}

/// A4 landscape, one page wide: printed for a meeting, a sheet reads across, not in strips.
fn printable(sheet: &mut Worksheet) -> &mut Worksheet {
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet
}

/// Writes a header row with its notes and freezes it.
fn header(
    sheet: &mut Worksheet,
    headers: &[&str],
    widths: &[f64],
    f: &Formats,
) -> Result<(), XlsxError> {
    for (c, h) in headers.iter().enumerate() {
        let c = c as u16;
        sheet.write_string_with_format(0, c, *h, &f.head)?;
        if let Some(w) = widths.get(usize::from(c)) {
            sheet.set_column_width(c, *w)?;
        }
    }
    sheet.set_row_height(0, 32)?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_repeat_rows(0, 0)?;
    Ok(())
}

/// Gives a row the height its wrapped texts need (WPS and Excel keep what the file says; a
/// long 考核内容 in a row of one line would hide under the next). `cells`: text and its
/// column's width in Excel's units (about one digit; a Chinese character takes two).
fn fit_row(sheet: &mut Worksheet, row: u32, cells: &[(&str, f64)]) -> Result<(), XlsxError> {
    let lines = cells
        .iter()
        .map(|(text, width)| {
            let per_line = width.max(2.0);
            text.split('\n')
                .map(|part| {
                    let w: f64 = part
                        .chars()
                        .map(|c| if c.is_ascii() { 1.0 } else { 1.8 })
                        .sum();
                    (w / per_line).ceil().max(1.0)
                })
                .sum::<f64>()
        })
        .fold(1.0, f64::max);
    sheet.set_row_height(row, (lines * 14.0 + 3.0).min(409.0))?;
    Ok(())
}

fn note(sheet: &mut Worksheet, row: u32, col: u16, text: &str) -> Result<(), XlsxError> {
    let note = Note::new(text)
        .add_author_prefix(false)
        .set_width(320)
        .set_height(160);
    sheet.insert_note(row, col, &note)?;
    Ok(())
}

/// A point value as a number cell. The workbook stores numbers as binary floating point, so
/// the value goes through its decimal text (0.5 → "0.5"); the reader turns the cell back
/// into the same decimal by the shortest text that reads as that float, exact for any value of
/// up to 15 significant digits — every point value a scheme has.
fn number(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    d: Decimal,
    f: &Formats,
) -> Result<(), XlsxError> {
    match d.normalize().to_string().parse::<f64>() {
        Ok(v) => sheet.write_number_with_format(row, col, v, &f.number)?,
        Err(_) => sheet.write_string_with_format(row, col, fmt_dec(d), &f.text)?,
    };
    Ok(())
}

fn guide(sheet: &mut Worksheet, rs: &Ruleset, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name(super::SHEET_GUIDE)?;
    let _ = SHEET_GUIDE;
    sheet.set_column_width(0, 22)?;
    sheet.set_column_width(1, 60)?;
    sheet.set_column_width(2, 60)?;
    sheet.write_string_with_format(0, 0, format!("{}（考核方案表格）", rs.title), &f.title)?;
    let steps = [
        "这份表格就是考核规则：改好后保存，在考评程序中用“打开考核规则…”打开它（或 kaoping check 文件名.xlsx），程序逐格检查，并指出哪一张表、第几行、哪一列有问题。",
        "“基本信息”：年度、标题、发文单位、截止日期、版本。新一年的方案请先改规则编号（如 yueyang-2016）和年度。",
        "“单位类别”“单位”：参加考核的单位及其类别（县市、城区、功能区）；简称可写多个，用“；”分开。",
        "“考核项目”：每条规则一行。一个项目有几条规则时，第一行写类别、序号、考核内容、考核说明和标准分，下面几行只写规则那几列。",
        "“规则类型”从下拉列表中选；每种类型要填的列见下表。鼠标停在每列的标题上可以看到这一列的说明。",
        "考核说明中写的分数和目标数要与规则列一致：程序会对照两者，不一致时给出警告（例如说明写“每少一条扣1分”而规则是0.5分）。",
        "已有项目的“项目编号”不要改：考评表文件和各年度对照都靠它。新增项目的编号可以空着。",
        "改好后可用“规则预览”像填表人那样查看考评表：表格一保存，预览就重新读取。",
    ];
    let mut row = 2u32;
    for (n, s) in steps.iter().enumerate() {
        sheet.write_string(row, 0, format!("第{}步", n + 1))?;
        sheet.write_string_with_format(row, 1, *s, &Format::new().set_text_wrap())?;
        fit_row(sheet, row, &[(s, 60.0)])?;
        row += 1;
    }
    row += 1;
    for (c, h) in ["规则类型", "含义与要填的列", "本方案中的例子"]
        .iter()
        .enumerate()
    {
        sheet.write_string_with_format(row, c as u16, *h, &f.head)?;
    }
    row += 1;
    for kind in KindName::ALL {
        sheet.write_string_with_format(row, 0, kind.label(), &f.text)?;
        sheet.write_string_with_format(row, 1, kind.explained(), &f.text)?;
        let example = rs.categories.iter().find_map(|cat| {
            cat.items.iter().find_map(|item| {
                item.all_rules()
                    .find(|r| kind_name(&r.kind) == kind)
                    .map(|r| {
                        format!(
                            "{}：{}，{}",
                            item_title(cat, item),
                            r.label,
                            describe_kind(rs, &r.kind)
                        )
                    })
            })
        });
        let example = example.unwrap_or_default();
        sheet.write_string_with_format(row, 2, &example, &f.text)?;
        fit_row(sheet, row, &[(kind.explained(), 60.0), (&example, 60.0)])?;
        row += 1;
    }
    sheet.write_string_with_format(row, 0, "（空着）", &f.text)?;
    sheet.write_string_with_format(
        row,
        1,
        "规则类型和右边的规则列都空着：整项由评定打分（0分到标准分）",
        &f.text,
    )?;
    let judged = rs.categories.iter().find_map(|cat| {
        cat.items
            .iter()
            .find(|i| i.is_judgement())
            .map(|i| item_title(cat, i))
    });
    sheet.write_string_with_format(row, 2, judged.unwrap_or_default(), &f.text)?;
    sheet.set_active(true);
    Ok(())
}

fn basics(sheet: &mut Worksheet, rs: &Ruleset, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name(SHEET_BASICS)?;
    header(sheet, &["项目", "内容", "说明"], &[16.0, 50.0, 60.0], f)?;
    let deadline = rs.deadline.as_ref();
    let values = [
        rs.id.clone(),
        rs.version.clone(),
        rs.year.to_string(),
        rs.title.clone(),
        rs.issuer.clone(),
        fmt_dec(rs.total_points),
        rs.footnote.clone(),
        deadline.map(|d| d.date.clone()).unwrap_or_default(),
        deadline.map(|d| d.reading.clone()).unwrap_or_default(),
        crate::ruleset::GradeBand::list_text(&rs.grades),
        crate::ruleset::AwardPlaces::list_text(&rs.awards),
    ];
    for (i, ((label, meaning), value)) in BASICS.iter().zip(values).enumerate() {
        let row = i as u32 + 1;
        sheet.write_string_with_format(row, 0, *label, &f.text)?;
        fit_row(sheet, row, &[(meaning, 60.0), (&value, 50.0)])?;
        match *label {
            "年度" => sheet.write_number_with_format(row, 1, f64::from(rs.year), &f.number)?,
            "满分" => {
                number(sheet, row, 1, rs.total_points, f)?;
                &mut *sheet
            }
            _ => sheet.write_string_with_format(row, 1, value, &f.text)?,
        };
        sheet.write_string_with_format(row, 2, *meaning, &f.text)?;
    }
    Ok(())
}

fn classes(sheet: &mut Worksheet, rs: &Ruleset, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name(SHEET_CLASSES)?;
    header(sheet, &["编号", "名称"], &[14.0, 20.0], f)?;
    note(
        sheet,
        0,
        0,
        "类别的编号（小写字母），目标列按它区分；已有的不要改",
    )?;
    note(
        sheet,
        0,
        1,
        "类别名称，如 县市；“考核项目”表中有一列“目标·名称”",
    )?;
    for (i, c) in rs.classes.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string_with_format(row, 0, &c.id, &f.text)?;
        sheet.write_string_with_format(row, 1, &c.name, &f.text)?;
    }
    Ok(())
}

fn units(sheet: &mut Worksheet, rs: &Ruleset, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name(SHEET_UNITS)?;
    header(
        sheet,
        &["编号", "名称", "类别", "简称"],
        &[16.0, 24.0, 12.0, 30.0],
        f,
    )?;
    note(
        sheet,
        0,
        0,
        "单位的编号（小写字母），考评表文件用它；已有的不要改",
    )?;
    note(sheet, 0, 1, "印在考评表上的单位名称，如 平江县")?;
    note(sheet, 0, 2, "从下拉列表中选：单位类别表中的名称")?;
    note(sheet, 0, 3, "单位的其他叫法（填表时也认），多个用“；”分开")?;
    for (i, u) in rs.units.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string_with_format(row, 0, &u.id, &f.text)?;
        sheet.write_string_with_format(row, 1, &u.name, &f.text)?;
        let class = rs
            .class(&u.class)
            .map_or(u.class.as_str(), |c| c.name.as_str());
        sheet.write_string_with_format(row, 2, class, &f.text)?;
        sheet.write_string_with_format(row, 3, u.aliases.join("；"), &f.text)?;
    }
    let names: Vec<&str> = rs.classes.iter().map(|c| c.name.as_str()).collect();
    if let Ok(list) = DataValidation::new().allow_list_strings(&names) {
        sheet.add_data_validation(1, 2, LIST_ROWS, 2, &list)?;
    }
    Ok(())
}

fn figures(sheet: &mut Worksheet, rs: &Ruleset, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name(SHEET_FIGURES)?;
    header(sheet, &["编号", "名称", "计量单位"], &[16.0, 20.0, 12.0], f)?;
    note(sheet, 0, 0, "数字的编号，如 townships")?;
    note(
        sheet,
        0,
        1,
        "单位在表头填写的数字，如 乡镇数；目标可以按它计算（考核项目表的“目标·按数字”列）",
    )?;
    for (i, fig) in rs.figures.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string_with_format(row, 0, &fig.id, &f.text)?;
        sheet.write_string_with_format(row, 1, &fig.label, &f.text)?;
        sheet.write_string_with_format(row, 2, &fig.unit, &f.text)?;
    }
    Ok(())
}

fn items(sheet: &mut Worksheet, rs: &Ruleset, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name(SHEET_ITEMS)?;
    let cols = ItemColumns::of(rs);
    let headers: Vec<&str> = cols.headers.iter().map(String::as_str).collect();
    let widths: Vec<f64> = cols
        .headers
        .iter()
        .map(|h| match h.as_str() {
            col::CATEGORY => 12.0,
            col::CONTENT => 44.0,
            col::RULE_TEXT => 36.0,
            col::RULE | col::PART => 24.0,
            col::KIND => 18.0,
            col::READING => 36.0,
            col::EVIDENCE => 20.0,
            col::ITEM_ID | col::TARGET_FIGURE => 14.0,
            _ => 9.0,
        })
        .collect();
    header(sheet, &headers, &widths, f)?;
    sheet.set_freeze_panes(1, 5)?;
    // Some forty columns: two pages wide keeps the texts legible on paper.
    sheet.set_print_fit_to_pages(2, 0);
    for (c, h) in cols.headers.iter().enumerate() {
        if let Some(text) = column_note(h) {
            note(sheet, 0, c as u16, &text)?;
        }
    }
    let at = |name: &str| cols.index(name).map(|c| c as u16);
    let mut row = 1u32;
    for cat in &rs.categories {
        let mut first_of_category = true;
        for (n, item) in cat.items.iter().enumerate() {
            let rules = item_rows(item);
            for (k, (part, rule)) in rules.iter().enumerate() {
                // Every cell of the row has its border, filled or not: the row reads as a row.
                for c in 0..cols.headers.len() {
                    sheet.write_blank(row, c as u16, &f.text)?;
                }
                let mut put = |name: &str, text: &str| -> Result<(), XlsxError> {
                    if let Some(c) = at(name) {
                        sheet.write_string_with_format(row, c, text, &f.text)?;
                    }
                    Ok(())
                };
                if first_of_category {
                    put(col::CATEGORY, &cat.name)?;
                    put(col::CATEGORY_ID, &cat.id)?;
                }
                if k == 0 {
                    put(col::ITEM_ID, &item.id)?;
                    put(col::CONTENT, &item.content)?;
                    put(col::RULE_TEXT, &item.rule_text)?;
                    put(col::READING, &item.reading)?;
                    let evidence: Vec<String> = item
                        .evidence
                        .iter()
                        .map(|e| {
                            if e.required {
                                format!("{}{REQUIRED_MARK}", e.title)
                            } else {
                                e.title.clone()
                            }
                        })
                        .collect();
                    put(col::EVIDENCE, &evidence.join("；"))?;
                }
                let new_part = part.is_some()
                    && (k == 0 || rules[k - 1].0.map(|p| &p.id) != part.map(|p| &p.id));
                if let (true, Some(p)) = (new_part, part) {
                    put(col::PART, &p.label)?;
                    put(col::PART_ID, &p.id)?;
                }
                if let Some(rule) = rule {
                    put(col::RULE, &rule.label)?;
                    put(col::RULE_ID, &rule.id)?;
                    put(col::KIND, kind_name(&rule.kind).label())?;
                    rule_cells(sheet, row, rs, rule, &cols, f)?;
                }
                if first_of_category && let Some(c) = at(col::CATEGORY_POINTS) {
                    number(sheet, row, c, cat.points, f)?;
                }
                if k == 0 {
                    if let Some(c) = at(col::NUMBER) {
                        sheet.write_number_with_format(row, c, (n + 1) as f64, &f.number)?;
                    }
                    if let Some(c) = at(col::POINTS) {
                        number(sheet, row, c, item.points, f)?;
                    }
                }
                if let (true, Some(p), Some(c)) = (new_part, part, at(col::PART_POINTS)) {
                    number(sheet, row, c, p.points, f)?;
                }
                let mut texts: Vec<(&str, f64)> = Vec::new();
                if k == 0 {
                    texts.extend([
                        (item.content.as_str(), 44.0),
                        (item.rule_text.as_str(), 36.0),
                        (item.reading.as_str(), 36.0),
                    ]);
                }
                if let Some(rule) = rule {
                    texts.push((rule.label.as_str(), 24.0));
                }
                if let Some(p) = part {
                    texts.push((p.label.as_str(), 24.0));
                }
                fit_row(sheet, row, &texts)?;
                first_of_category = false;
                row += 1;
            }
        }
    }
    let kinds: Vec<&str> = KindName::ALL.iter().map(|k| k.label()).collect();
    if let (Some(c), Ok(list)) = (
        at(col::KIND),
        DataValidation::new().allow_list_strings(&kinds),
    ) {
        sheet.add_data_validation(1, c, LIST_ROWS, c, &list)?;
    }
    if let (Some(c), Ok(list)) = (
        at(col::PARTIAL_STEP),
        DataValidation::new().allow_list_strings(&["不计", "计一步"]),
    ) {
        sheet.add_data_validation(1, c, LIST_ROWS, c, &list)?;
    }
    let figures: Vec<&str> = rs.figures.iter().map(|f| f.label.as_str()).collect();
    if let (Some(c), false) = (at(col::TARGET_FIGURE), figures.is_empty())
        && let Ok(list) = DataValidation::new().allow_list_strings(&figures)
    {
        sheet.add_data_validation(1, c, LIST_ROWS, c, &list)?;
    }
    Ok(())
}

/// The rows an item takes: one per rule (with its part), or one empty row for a judgement item.
fn item_rows(item: &Item) -> Vec<(Option<&crate::ruleset::Part>, Option<&Rule>)> {
    let mut rows: Vec<_> = item.rules.iter().map(|r| (None, Some(r))).collect();
    for p in &item.parts {
        if p.rules.is_empty() {
            rows.push((Some(p), None));
        }
        rows.extend(p.rules.iter().map(|r| (Some(p), Some(r))));
    }
    if rows.is_empty() {
        rows.push((None, None));
    }
    rows
}

/// A rule's figures in their named columns.
fn rule_cells(
    sheet: &mut Worksheet,
    row: u32,
    rs: &Ruleset,
    rule: &Rule,
    cols: &ItemColumns,
    f: &Formats,
) -> Result<(), XlsxError> {
    let at = |name: &str| cols.index(name).map(|c| c as u16);
    let num = |sheet: &mut Worksheet, name: &str, d: Decimal| -> Result<(), XlsxError> {
        if let Some(c) = at(name) {
            number(sheet, row, c, d, f)?;
        }
        Ok(())
    };
    let target = |sheet: &mut Worksheet, t: &Target| -> Result<(), XlsxError> {
        match t {
            Target::Fixed(n) => {
                if let Some(c) = at(col::TARGET_FIXED) {
                    sheet.write_number_with_format(row, c, f64::from(*n), &f.number)?;
                }
            }
            Target::ByClass(map) => {
                for (class, n) in map {
                    let column = rs
                        .class(class)
                        .and_then(|c| at(&format!("{}{}", col::TARGET_OF, c.name)));
                    if let Some(c) = column {
                        sheet.write_number_with_format(row, c, f64::from(*n), &f.number)?;
                    }
                }
            }
            Target::PerFigure { figure, factor } => {
                let label = rs
                    .figure(figure)
                    .map_or(figure.as_str(), |f| f.label.as_str());
                if let Some(c) = at(col::TARGET_FIGURE) {
                    sheet.write_string_with_format(row, c, label, &f.text)?;
                }
                if let Some(c) = at(col::FACTOR) {
                    sheet.write_number_with_format(row, c, f64::from(*factor), &f.number)?;
                }
            }
        }
        Ok(())
    };
    let unit = |sheet: &mut Worksheet, u: &str| -> Result<(), XlsxError> {
        if let Some(c) = at(col::UNIT) {
            sheet.write_string_with_format(row, c, u, &f.text)?;
        }
        Ok(())
    };
    match &rule.kind {
        RuleKind::DeductIfNot { amount } | RuleKind::AwardIf { amount } => {
            num(sheet, col::AMOUNT, *amount)?
        }
        RuleKind::Judgement { points } => num(sheet, col::AMOUNT, *points)?,
        RuleKind::Shortfall {
            target: t,
            per,
            unit: u,
        } => {
            target(sheet, t)?;
            num(sheet, col::AMOUNT, *per)?;
            unit(sheet, u)?;
        }
        RuleKind::PerOccurrence { per, unit: u } | RuleKind::Bonus { per, unit: u } => {
            num(sheet, col::AMOUNT, *per)?;
            unit(sheet, u)?;
        }
        RuleKind::Proportional {
            target: t,
            points,
            unit: u,
        } => {
            target(sheet, t)?;
            num(sheet, col::AMOUNT, *points)?;
            unit(sheet, u)?;
        }
        RuleKind::RateStep {
            threshold,
            step,
            per,
            steps,
        } => {
            num(sheet, col::THRESHOLD, *threshold)?;
            num(sheet, col::STEP, *step)?;
            num(sheet, col::AMOUNT, *per)?;
            if let Some(c) = at(col::PARTIAL_STEP) {
                sheet.write_string_with_format(row, c, steps_label(*steps), &f.text)?;
            }
        }
    }
    Ok(())
}
