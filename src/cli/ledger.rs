//! `kaoping ledger add|list …`: the 台账 kept all year, through the same document session as
//! the window (its checks, its save), for scripts, tests and offices that keep lists by hand.

use crate::catalog::Catalog;
use crate::document::{EntryDraft, Session};
use crate::ledger::Ledger;
use crate::scoring::item_location;
use clap::Subcommand;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Subcommand, Debug)]
pub enum LedgerAction {
    /// 在台账中添加一条记录（改动立即保存到考评表），如：kaoping ledger add 表.kaoping rights.publicity.held --date 2015-03-08 --title 城关镇普法讲座 --figure 参加妇女人数=60
    Add {
        /// 考评表文件
        #[arg(value_name = "考评表")]
        file: PathBuf,
        /// 由台账计算的规则：项目.规则（如 rights.publicity.held，同 score --json 的 item 与 rule），或项目（项目只有一个台账时）
        #[arg(value_name = "项目.规则")]
        rule: String,
        /// 日期（2015-03-08 或 2015年3月8日）
        #[arg(long, value_name = "日期")]
        date: String,
        /// 事由
        #[arg(long, value_name = "事由")]
        title: String,
        /// 一个字段的值：字段名=值（如 参加妇女人数=60）；可给多次
        #[arg(long = "figure", value_name = "字段=值")]
        figures: Vec<String>,
        /// 这条记录的佐证材料（复制到考评表旁边的“…_佐证材料/台账”文件夹）；可给多次
        #[arg(long = "file", value_name = "文件")]
        files: Vec<PathBuf>,
    },
    /// 从 Excel/WPS 表格导入一个台账的记录：按表头的“日期”“事由”和字段名对应各列，每一行都检查，有错误时一条也不导入
    Import {
        /// 考评表文件
        #[arg(value_name = "考评表")]
        file: PathBuf,
        /// 项目 id、项目.规则，或台账编号
        #[arg(value_name = "项目")]
        item: String,
        /// 表格文件（.xlsx）
        #[arg(value_name = "表格")]
        table: PathBuf,
    },
    /// 把考评表的台账导出为 Excel 表格（每个台账一张表，可在 WPS 中接着记，再导入）
    Export {
        /// 考评表文件
        #[arg(value_name = "考评表")]
        file: PathBuf,
        /// 输出的表格（.xlsx）
        #[arg(short = 'o', long = "output", value_name = "输出文件")]
        output: PathBuf,
    },
    /// 列出台账的记录（不给项目时列出全部台账）
    List {
        /// 考评表文件
        #[arg(value_name = "考评表")]
        file: PathBuf,
        /// 项目 id，或项目.规则
        #[arg(value_name = "项目")]
        item: Option<String>,
    },
}

/// The ledger that feeds `which` (ITEM.RULE, or an ITEM with one ledger).
fn ledger_for<'a>(ledgers: &'a [Ledger], which: &str) -> Result<&'a Ledger, String> {
    let which = which.trim();
    // A ledger by its id or by what its entries are (讲座).
    if let Some(l) = ledgers.iter().find(|l| l.id == which || l.entry == which) {
        return Ok(l);
    }
    let by_item: Vec<&Ledger> = ledgers.iter().filter(|l| l.item == which).collect();
    if let [one] = by_item.as_slice() {
        return Ok(one);
    }
    if let Some((item, rule)) = which.rsplit_once('.')
        && let Some(l) = ledgers
            .iter()
            .find(|l| l.item == item && l.feeds.iter().any(|f| f.rule == rule))
    {
        return Ok(l);
    }
    // What a clerk can type instead: each ledger by what its entries are.
    let known: Vec<&str> = ledgers.iter().map(|l| l.entry.as_str()).collect();
    Err(if known.is_empty() {
        "这份考核规则没有定义台账".to_string()
    } else {
        format!(
            "没有台账“{}”：可以写台账名（{}），或 项目.规则（见 kaoping score --json）",
            crate::ruleset::excerpt(which),
            known.join("、")
        )
    })
}

pub fn ledger(action: LedgerAction) -> Result<i32, String> {
    match action {
        LedgerAction::Add {
            file,
            rule,
            date,
            title,
            figures,
            files,
        } => add(&file, &rule, date, title, &figures, &files),
        LedgerAction::List { file, item } => list(&file, item.as_deref()),
        LedgerAction::Import { file, item, table } => import(&file, &item, &table),
        LedgerAction::Export { file, output } => export(&file, &output),
    }
}

fn import(file: &Path, which: &str, table: &Path) -> Result<i32, String> {
    let mut session = open(file)?;
    let ledger = ledger_for(&session.ruleset().ruleset.ledgers, which)?.clone();
    let bytes = crate::fsio::read_limited(table, crate::fsio::MAX_FILE_BYTES)
        .map_err(|e| format!("无法读取“{}”：{e}", table.display()))?;
    let tables =
        crate::workbook::read_tables(&bytes).map_err(|e| format!("“{}”：{e}", table.display()))?;
    let drafts = match crate::ledger_book::import(&ledger, &tables) {
        Ok(d) => d,
        Err(errors) => {
            let mut err = std::io::stderr().lock();
            for e in &errors {
                let _ = writeln!(err, "错误：{e}");
            }
            let _ = writeln!(
                err,
                "{}处错误，没有导入任何记录：请在表格中改正后再导入",
                errors.len()
            );
            return Ok(1);
        }
    };
    let n = session.import_ledger_entries(&ledger.id, &drafts)?;
    session.save_to(file)?;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "已导入{n}条{}到“{}”", ledger.entry, file.display());
    Ok(0)
}

fn export(file: &Path, output: &Path) -> Result<i32, String> {
    let session = open(file)?;
    let bytes = crate::ledger_book::export(&session.ruleset().ruleset, &session.sheet().ledgers)?;
    crate::fsio::write_atomic(output, &bytes).map_err(|e| e.to_string())?;
    let count: usize = session.sheet().ledgers.values().map(Vec::len).sum();
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "已导出：{}（{count}条记录）", output.display());
    Ok(0)
}

fn open(file: &Path) -> Result<Session, String> {
    let mut session = Session::new(None);
    session.open(file, &Catalog::default())?;
    Ok(session)
}

fn add(
    file: &Path,
    rule: &str,
    date: String,
    title: String,
    figures: &[String],
    files: &[PathBuf],
) -> Result<i32, String> {
    let mut session = open(file)?;
    let ledger = ledger_for(&session.ruleset().ruleset.ledgers, rule)?.clone();
    let mut draft = EntryDraft {
        date,
        title,
        figures: Default::default(),
    };
    for f in figures {
        let (name, value) = f
            .split_once(['=', '＝'])
            .ok_or_else(|| format!("“{f}”应写成 字段名=值，如 参加妇女人数=60"))?;
        draft
            .figures
            .insert(name.trim().to_string(), value.trim().to_string());
    }
    let taken_over = session.typed_numbers_a_ledger_takes_over(&ledger.id);
    let id = session.add_ledger_entry(&ledger.id, &draft)?;
    // Its files, each copied beside the sheet; one that cannot be taken leaves nothing saved.
    for f in files {
        session.attach_ledger_file(&ledger.id, id, f)?;
    }
    session.save_to(file)?;
    let report = session.report();
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "已添加{}第{id}号：{}",
        ledger.entry,
        draft.title.trim()
    );
    if !taken_over.is_empty() {
        let _ = writeln!(
            out,
            "此后按台账计算，原先填写的{}不再使用",
            taken_over.join("、")
        );
    }
    if let Some(r) = report.item(&ledger.item) {
        for e in r
            .explanations
            .iter()
            .filter(|e| e.kind == crate::scoring::ExplanationKind::Ledger)
        {
            let _ = writeln!(out, "{}", e.text);
        }
        let score = r.score.map_or("—".to_string(), crate::ruleset::fmt_dec);
        let _ = writeln!(
            out,
            "{}：自查得分 {score}",
            item_location(&session.ruleset().ruleset, &ledger.item)
        );
    }
    Ok(0)
}

fn list(file: &Path, which: Option<&str>) -> Result<i32, String> {
    let session = open(file)?;
    let rs = &session.ruleset().ruleset;
    let ledgers: Vec<&Ledger> = match which {
        Some(w) => vec![ledger_for(&rs.ledgers, w)?],
        None => rs.ledgers.iter().collect(),
    };
    let mut out = std::io::stdout().lock();
    let mut total = 0usize;
    for ledger in ledgers {
        let entries = session.sheet().ledgers.get(&ledger.id);
        if which.is_none() && entries.is_none_or(Vec::is_empty) {
            continue;
        }
        let _ = writeln!(
            out,
            "{}　台账：{}（{}条）",
            item_location(rs, &ledger.item),
            ledger.entry,
            entries.map_or(0, Vec::len)
        );
        for e in entries.into_iter().flatten() {
            total += 1;
            let figures: Vec<String> = ledger
                .fields
                .iter()
                .filter_map(|f| e.figures.get(&f.id).map(|v| format!("{}={v}", f.label)))
                .collect();
            let _ = writeln!(
                out,
                "  {:>3}. {}　{}{}",
                e.id,
                e.date,
                e.title,
                if figures.is_empty() {
                    String::new()
                } else {
                    format!("（{}）", figures.join("，"))
                }
            );
        }
    }
    let _ = writeln!(out, "共{total}条记录");
    Ok(0)
}

/// `kaoping progress FILE --on DATE`: where the unit stands on that day (see `year_progress`).
pub fn progress(file: &Path, on: Option<&str>, pdf: Option<&Path>) -> Result<i32, String> {
    let session = open(file)?;
    let on = match on {
        Some(on) => crate::input::parse_day(on).map_err(|why| format!("日期：{why}"))?,
        None => crate::year_progress::default_day(session.ruleset().ruleset.year),
    };
    let rs = &session.ruleset().ruleset;
    let p = crate::year_progress::progress_on(session.sheet(), session.ruleset(), &on);
    let fmt = crate::ruleset::fmt_dec;
    let mut out = std::io::stdout().lock();
    let unit = session
        .sheet()
        .unit_name(session.ruleset())
        .unwrap_or("（未选单位）");
    let _ = writeln!(
        out,
        "{unit} {}年 进度（{}，全年已过{}%）",
        rs.year,
        p.on,
        fmt(p.year_gone)
    );
    for l in &p.ledgers {
        let _ = writeln!(out, "{}　{}：{}条", l.location, l.entry, l.entries);
        for r in &l.rules {
            let mut line = format!("  {}：{}", r.label, r.value);
            if let (Some(t), Some(due)) = (r.target, r.due_by_now) {
                line.push_str(&format!(
                    "，全年目标{t}{unit}，按进度此时应有{}{unit}",
                    fmt(due),
                    unit = r.unit
                ));
                if r.behind {
                    line.push_str("（落后）");
                }
            }
            let _ = writeln!(out, "{line}");
        }
        let _ = writeln!(
            out,
            "  若当天结束：本项{}（标准分{}）",
            l.score
                .map_or("未能计分".to_string(), |s| format!("得{}分", fmt(s))),
            fmt(l.points)
        );
    }
    let _ = writeln!(
        out,
        "若当天结束，合计{} / {}（未填的项目不计分）",
        fmt(p.total_now),
        fmt(p.total_points)
    );
    if let Some(pdf) = pdf {
        let printed =
            crate::pdf::progress::render_progress(&p, unit, rs).map_err(|e| e.to_string())?;
        crate::fsio::write_atomic(pdf, &printed.bytes).map_err(|e| e.to_string())?;
        let _ = writeln!(
            out,
            "已生成进度表：{}（{}页）",
            pdf.display(),
            printed.pages
        );
    }
    if !p.gains.is_empty() {
        let _ = writeln!(out, "最省力的得分：");
        for (i, g) in p.gains.iter().enumerate() {
            let _ = writeln!(
                out,
                "  {}. {}（{}）",
                i + 1,
                g.words,
                item_location(rs, &g.item_id)
            );
        }
    }
    Ok(0)
}
