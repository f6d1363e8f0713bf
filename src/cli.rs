//! The command line on the same binary: `check`, `new`, `score`, `pdf`, `sample`, `evidence`,
//! `package`, `summary`, `ruleset new|diff`, and `preview`. It knows nothing of the window:
//! without a subcommand (or with `preview`) it answers `Outcome::OpenWindow`/`Preview`, and
//! `program.rs` opens the window. Errors go to stderr in Chinese with a non-zero exit.

use crate::catalog::{Catalog, LoadedRuleset, default_ruleset, load_ruleset_file};
use crate::ruleset::fmt_dec;
use crate::ruleset_check::Severity;
use crate::scoring::ProblemKind;
use crate::sheet::{Sheet, open_sheet};
use clap::{Parser, Subcommand};
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Parser, Debug)]
#[command(
    name = "kaoping",
    version,
    about = "考评：县市区妇联工作绩效考核自评表的填写、核算、打印与交换",
    long_about = "考评：县市区妇联工作绩效考核自评表的填写、核算、打印与交换。\n不带子命令时打开窗口；给出一个 .kaoping 文件时在窗口中打开它，给出多个文件或文件夹时在窗口中汇总比较。",
    args_conflicts_with_subcommands = true,
    disable_help_subcommand = true
)]
struct Cli {
    /// 在窗口中打开的考评表文件；给出多个文件或文件夹时在窗口中汇总比较
    #[arg(value_name = "文件")]
    files: Vec<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// 检查考核规则文件（不给文件时检查内置的2015年规则）；有错误时退出码为1
    Check {
        /// 考核规则文件（.ron，或考核方案表格 .xlsx）
        #[arg(value_name = "规则文件")]
        ruleset: Option<PathBuf>,
    },
    /// 新建空白考评表：为一个单位（--unit），或为每个单位各一份（--all-units，-o 为文件夹）
    New {
        /// 填报单位（名称、简称或 id，如 平江县、经开区）
        #[arg(long, value_name = "单位", required_unless_present = "all_units")]
        unit: Option<String>,
        /// 为规则中的每个单位各新建一份，写到 -o 给出的文件夹
        #[arg(long, conflicts_with_all = ["unit", "townships"])]
        all_units: bool,
        /// 乡镇数（示范妇女之家的目标按它计算）
        #[arg(long, value_name = "个数")]
        townships: Option<u32>,
        /// 输出文件（--all-units 时为文件夹）
        #[arg(short = 'o', long = "output", value_name = "输出文件")]
        output: PathBuf,
        /// 使用此考核规则文件，而不是内置的
        #[arg(long, value_name = "规则文件")]
        ruleset: Option<PathBuf>,
        /// 输出文件已存在时覆盖它（原文件保留为 .bak）
        #[arg(long)]
        force: bool,
    },
    /// 考核规则：以今年的为底稿开始明年的（new），比较两份规则（diff），导出为 Excel 表格（export）或由表格生成规则文件（import）
    Ruleset {
        #[command(subcommand)]
        action: rulesets::RulesetAction,
    },
    /// 规则预览：在窗口中像填表人那样看到考核规则文件，并列出检查结果；文件一保存就重新读取（编写规则时用）
    Preview {
        /// 考核规则文件（.ron，或考核方案表格 .xlsx）
        #[arg(value_name = "规则文件")]
        file: PathBuf,
    },
    /// 把考评表打印成 PDF（A4 纵向，供主要负责人签字、加盖公章）。可以正式报送时退出码为0；是草稿（有未填、有误的项目或未确认的警告）时为1（仍会生成），无法生成时为2
    Pdf {
        /// 考评表文件
        #[arg(value_name = "考评表")]
        file: PathBuf,
        /// 输出的 PDF 文件（默认与考评表同名，扩展名 .pdf）
        #[arg(short = 'o', long = "output", value_name = "输出文件")]
        output: Option<PathBuf>,
        /// 另外加载的考核规则文件
        #[arg(long, value_name = "规则文件")]
        ruleset: Option<PathBuf>,
    },
    /// 生成一份填好的示例考评表（演示和测试用）
    #[command(hide = true)]
    Sample {
        /// 随机种子：不同的种子给出不同的单位和数据
        #[arg(long, default_value_t = 1, value_name = "种子")]
        seed: u64,
        /// 填报单位（不给时由种子决定）
        #[arg(long, value_name = "单位")]
        unit: Option<String>,
        /// 输出文件
        #[arg(short = 'o', long = "output", value_name = "输出文件")]
        output: PathBuf,
    },
    #[command(
        about = "核算考评表的得分：每项得分与说明、各类小计、合计和问题。文件中的得分与规则不符时退出码为1，无法打开时为2"
    )]
    Score {
        /// 考评表文件
        #[arg(value_name = "考评表")]
        file: PathBuf,
        /// 以 JSON 输出到标准输出（供脚本使用）
        #[arg(long)]
        json: bool,
        /// 另外加载的考核规则文件
        #[arg(long, value_name = "规则文件")]
        ruleset: Option<PathBuf>,
    },
    /// 佐证材料：添加、列出、删除，添加盖章扫描件（改动立即保存到考评表）
    Evidence {
        /// 考评表文件
        #[arg(value_name = "考评表")]
        file: PathBuf,
        #[command(subcommand)]
        action: attach::EvidenceAction,
    },
    #[command(
        about = "生成提交包（一个 zip：考评表、打印稿、盖章扫描件、佐证材料和清单），供发送给市妇联。齐全时退出码为0，有缺少的内容时为1（仍会生成），无法生成时为2"
    )]
    Package {
        /// 考评表文件
        #[arg(value_name = "考评表")]
        file: PathBuf,
        /// 输出的 zip 文件（默认在考评表旁边，名为“…-提交包.zip”）
        #[arg(short = 'o', long = "output", value_name = "输出文件")]
        output: Option<PathBuf>,
        /// 另外加载的考核规则文件
        #[arg(long, value_name = "规则文件")]
        ruleset: Option<PathBuf>,
    },
    // One line each: clap joins the lines of a doc comment with a space, wrong in Chinese.
    #[command(
        about = "汇总比较各单位的考评表：自查得分、考核得分、各类得分和排名，列出未提交的单位、重复的文件和无法读取的文件。不给 -o 时把汇总表输出到屏幕（以制表符分隔）。有文件未计入或同一单位有多个文件时退出码为1，无法写出时为2"
    )]
    Summary {
        /// 考评表文件或文件夹（文件夹及其子文件夹中的 .kaoping 文件都会读取）
        #[arg(required = true, value_name = "文件或文件夹")]
        inputs: Vec<PathBuf>,
        /// 输出文件：.xlsx（Excel/WPS）、.csv 或 .pdf（A4 横向）
        #[arg(short = 'o', long = "output", value_name = "输出文件")]
        output: Option<PathBuf>,
        /// 另外加载的考核规则文件
        #[arg(long, value_name = "规则文件")]
        ruleset: Option<PathBuf>,
        /// 各年度（不同考核规则）的考评表按项目 id 对照：各年总分和共同项目的得分（-o 只能是 .csv）
        #[arg(long)]
        across_years: bool,
    },
    #[command(
        about = "生成考核通报（PDF 或 Word）：总体和各类别内的排名、等次、各类别得分和单项第一、各单位主要失分、与上年比较；有单位尚未审核完毕时为征求意见稿"
    )]
    Bulletin(bulletin::BulletinArgs),
    #[command(
        about = "市妇联审核：填写各项考核得分和考核意见，设定审核状态；退回修改时写出给单位的退回通知。审核只保存在本处（加本机审核密钥的印记），单位发来的文件中的审核数据一律不采用"
    )]
    Review(review::ReviewArgs),
    #[command(
        about = "比较同一单位的两份考评表或提交包，逐项列出单位改了什么（原 → 新）。相同时退出码为0，有改动时为1，无法打开时为2"
    )]
    Diff(review::DiffArgs),
    /// 台账：全年随时记录的工作（讲座、信息、贷款……），考评表的相应数字由它计算
    Ledger {
        #[command(subcommand)]
        action: ledger::LedgerAction,
    },
    /// 评分表：各部门分别为各单位的本类别评分（export 分发，import 收回）
    ScoringSheet {
        #[command(subcommand)]
        action: scoring_sheet::ScoringSheetAction,
    },
    /// 进度：到某一天为止台账记录的完成情况、若当天结束的得分，以及最省力的得分
    Progress {
        /// 考评表文件
        #[arg(value_name = "考评表")]
        file: PathBuf,
        /// 日期（如 2015-06-30；不给时为今天，考核年度已过时为该年12月31日）
        #[arg(long, value_name = "日期")]
        on: Option<String>,
        /// 另外打印成进度表 PDF（A4 横向）
        #[arg(short = 'o', long = "output", value_name = "输出文件")]
        output: Option<PathBuf>,
    },
    /// 市妇联的审核密钥：显示、导出（带到本处另一台电脑）、导入
    Key {
        #[command(subcommand)]
        action: review::KeyAction,
    },
}

mod attach;
mod bulletin;
mod help;
mod ledger;
mod report;
mod review;
mod rulesets;
mod scoring_sheet;
use help::parse_chinese;
pub use report::score_json;
use report::score_text;

/// What `main` should do after the command line has been read.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Exit(i32),
    /// Open the window on these files: one sheet opens; several, or a folder, are compared.
    OpenWindow(Vec<PathBuf>),
    /// Open the window on the preview of this ruleset file.
    Preview(PathBuf),
}

/// Runs the command line. `args` includes the program name.
pub fn run(args: Vec<OsString>) -> Outcome {
    let cli = match parse_chinese(args) {
        Ok(c) => c,
        Err(code) => return Outcome::Exit(code),
    };
    let command = match cli.command {
        None => return Outcome::OpenWindow(cli.files),
        Some(Command::Preview { file }) => return Outcome::Preview(file),
        Some(command) => command,
    };
    // A bug in a command is reported in Chinese with exit 2, never as a Rust panic.
    let result = crate::guard::catch(move || run_command(command)).unwrap_or_else(|bug| {
        Err(format!(
            "程序内部出错（{bug}）。没有文件被改动；请把这条信息和所用的文件发给维护者。"
        ))
    });
    match result {
        Ok(code) => Outcome::Exit(code),
        Err(msg) => {
            eprintln!("错误：{}", crate::names::printable(&msg));
            Outcome::Exit(2)
        }
    }
}

fn run_command(command: Command) -> Result<i32, String> {
    match command {
        Command::Check { ruleset } => check(ruleset.as_deref()),
        Command::New {
            unit,
            all_units,
            townships,
            output,
            ruleset,
            force,
        } => match unit {
            Some(unit) if !all_units => {
                new_sheet(&unit, townships, &output, ruleset.as_deref(), force)
            }
            _ => rulesets::new_for_all_units(&*ruleset_from(ruleset.as_deref())?, &output, force),
        },
        Command::Ruleset { action } => rulesets::ruleset(action),
        // `run` opens the window for it before commands run; said plainly were it ever here.
        Command::Preview { file } => Err(format!(
            "规则预览在窗口中显示：kaoping preview {}",
            file.display()
        )),
        Command::Pdf {
            file,
            output,
            ruleset,
        } => pdf(&file, output, ruleset.as_deref()),
        Command::Sample { seed, unit, output } => {
            let loaded = default_ruleset();
            let sheet = match unit {
                None => Ok(crate::sample::filled_sheet(&loaded, seed)),
                Some(u) => loaded
                    .ruleset
                    .find_unit(&u)
                    .map(|found| crate::sample::filled_sheet_for(&loaded, &found.id, seed))
                    .ok_or_else(|| format!("没有名为“{u}”的单位")),
            };
            sheet.and_then(|mut sheet| {
                sheet
                    .save(&output, &loaded)
                    .map(|_| 0)
                    .map_err(|e| e.to_string())
            })
        }
        Command::Score {
            file,
            json,
            ruleset,
        } => score(&file, json, ruleset.as_deref()),
        Command::Evidence { file, action } => attach::evidence(&file, action),
        Command::Package {
            file,
            output,
            ruleset,
        } => attach::package(&file, output.as_deref(), ruleset.as_deref()),
        Command::Bulletin(args) => bulletin::bulletin(&args),
        Command::Review(args) => review::review(&args),
        Command::Diff(args) => review::diff(&args),
        Command::Key { action } => review::key(&action),
        Command::Ledger { action } => ledger::ledger(action),
        Command::ScoringSheet { action } => scoring_sheet::scoring_sheet(action),
        Command::Progress { file, on, output } => {
            ledger::progress(&file, on.as_deref(), output.as_deref())
        }
        Command::Summary {
            inputs,
            output,
            ruleset,
            across_years: false,
        } => summary(&inputs, output.as_deref(), ruleset.as_deref()),
        Command::Summary {
            inputs,
            output,
            ruleset,
            across_years: true,
        } => summary_across_years(&inputs, output.as_deref(), ruleset.as_deref()),
    }
}

/// The ruleset a command scores with: built in, or a file without errors.
fn ruleset_from(path: Option<&Path>) -> Result<Arc<LoadedRuleset>, String> {
    match path {
        None => Ok(default_ruleset()),
        Some(p) => crate::catalog::load_usable_ruleset_file(p)
            .map(Arc::new)
            .map_err(|e| e.to_string()),
    }
}

fn check(path: Option<&Path>) -> Result<i32, String> {
    // `check` lists the errors, so it reads a ruleset whatever they are.
    let loaded = match path {
        None => default_ruleset(),
        Some(p) => match load_ruleset_file(p) {
            Ok(loaded) => Arc::new(loaded),
            // A text that does not read: every error found, each with its line, exit 1
            // like any ruleset with errors (2 is for a file that cannot be read at all).
            Err(crate::catalog::RulesetLoadError::Parse(errors)) => {
                let mut out = std::io::stdout().lock();
                for e in &errors {
                    let _ = writeln!(out, "错误：第{}行第{}列：{}", e.line, e.column, e.message);
                }
                let _ = writeln!(
                    out,
                    "检查结果：{}个错误（{}无法读成考核规则，改正后再检查）",
                    errors.len(),
                    p.display()
                );
                return Ok(1);
            }
            Err(crate::catalog::RulesetLoadError::Cells {
                errors, findings, ..
            }) => {
                let mut out = std::io::stdout().lock();
                for e in &errors {
                    let _ = writeln!(out, "错误：{e}");
                }
                // What the check finds in the rows that could be read, at the same time.
                for f in &findings {
                    let _ = writeln!(out, "{f}");
                }
                let errors_found = errors.len()
                    + findings
                        .iter()
                        .filter(|f| f.severity == Severity::Error)
                        .count();
                let warnings = findings.len() + errors.len() - errors_found;
                let _ = writeln!(
                    out,
                    "检查结果：{errors_found}个错误，{warnings}个警告（{}无法读成考核规则，改正后再检查）",
                    p.display()
                );
                return Ok(1);
            }
            Err(e) => return Err(e.to_string()),
        },
    };
    let rs = &loaded.ruleset;
    let mut out = std::io::stdout().lock();
    let items: usize = rs.categories.iter().map(|c| c.items.len()).sum();
    let errors = loaded
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = loaded.findings.len() - errors;
    let _ = writeln!(
        out,
        "考核规则：{}（{} 版本 {}，{}年）\n来源：{}\nSHA-256：{}\n{}个类别，{}个项目，合计{}分；{}个单位，{}个类别",
        rs.title,
        rs.id,
        rs.version,
        rs.year,
        loaded.source,
        loaded.sha256,
        rs.categories.len(),
        items,
        fmt_dec(rs.total_points),
        rs.units.len(),
        rs.classes.len()
    );
    // Errors first; a file with thousands of findings is not printed whole.
    let mut shown: Vec<&crate::ruleset_check::Finding> = loaded.findings.iter().collect();
    shown.sort_by_key(|f| f.severity);
    for f in shown.iter().take(crate::catalog::MAX_SHOWN * 4) {
        let _ = writeln!(out, "{}", crate::names::printable(&f.to_string()));
    }
    if shown.len() > crate::catalog::MAX_SHOWN * 4 {
        let _ = writeln!(
            out,
            "……另有{}处未列出",
            shown.len() - crate::catalog::MAX_SHOWN * 4
        );
    }
    let _ = writeln!(out, "检查结果：{errors}个错误，{warnings}个警告");
    Ok(if errors > 0 { 1 } else { 0 })
}

fn new_sheet(
    unit: &str,
    townships: Option<u32>,
    output: &Path,
    ruleset: Option<&Path>,
    force: bool,
) -> Result<i32, String> {
    let loaded = ruleset_from(ruleset)?;
    if loaded.has_errors() {
        return Err(format!(
            "考核规则“{}”有错误，请先用 kaoping check 检查",
            loaded.source
        ));
    }
    let found = loaded.ruleset.find_unit(unit).ok_or_else(|| {
        let names: Vec<&str> = loaded
            .ruleset
            .units
            .iter()
            .map(|u| u.name.as_str())
            .collect();
        format!("没有名为“{unit}”的单位。可选的单位有：{}", names.join("、"))
    })?;
    if output.exists() && !force {
        return Err(format!(
            "“{}”已存在，未覆盖。要覆盖请加 --force（原文件会保留为 .bak）",
            output.display()
        ));
    }
    let mut sheet = Sheet::new(&loaded, Some(found.id.clone()));
    if let Some(n) = townships {
        sheet.figures.insert("townships".into(), n);
    }
    sheet.save(output, &loaded).map_err(|e| e.to_string())?;
    println!(
        "已新建：{}（{}，{}年）",
        output.display(),
        found.name,
        sheet.year
    );
    Ok(0)
}

fn score(file: &Path, as_json: bool, ruleset: Option<&Path>) -> Result<i32, String> {
    let mut catalog = Catalog::default();
    if let Some(p) = ruleset {
        catalog.add(crate::catalog::load_usable_ruleset_file(p).map_err(|e| e.to_string())?);
    }
    let opened = open_sheet(file, &catalog).map_err(|e| e.to_string())?;
    let text = if as_json {
        serde_json::to_string_pretty(&score_json(&opened)).expect("json") + "\n"
    } else {
        // What a file says reaches the terminal escaped (no ESC sequences, no BEL).
        crate::names::printable(&score_text(&opened))
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(if opened.discrepancies.is_empty() {
        0
    } else {
        1
    })
}

fn pdf(file: &Path, output: Option<PathBuf>, ruleset: Option<&Path>) -> Result<i32, String> {
    let mut catalog = Catalog::default();
    if let Some(p) = ruleset {
        catalog.add(crate::catalog::load_usable_ruleset_file(p).map_err(|e| e.to_string())?);
    }
    let opened = open_sheet(file, &catalog).map_err(|e| e.to_string())?;
    let output = output.unwrap_or_else(|| file.with_extension("pdf"));
    let pdf =
        crate::pdf::render_sheet(&opened.sheet, &opened.ruleset).map_err(|e| e.to_string())?;
    crate::fsio::write_atomic(&output, &pdf.bytes).map_err(|e| e.to_string())?;
    let questions = opened.sheet.open_questions(&opened.ruleset, &opened.report);
    let unfinished = opened.report.items.iter().any(|i| i.score.is_none())
        || opened.report.count(ProblemKind::Error) + opened.report.count(ProblemKind::Unfilled) > 0;
    let why = match (unfinished, questions.is_empty()) {
        (false, true) => String::new(),
        (true, true) => "，草稿：还有未填或有误的项目".into(),
        (false, false) => format!("，草稿：还有{}个警告未确认", questions.len()),
        (true, false) => format!(
            "，草稿：还有未填或有误的项目，{}个警告未确认",
            questions.len()
        ),
    };
    println!(
        "已生成：{}（{}页{}，内容指纹 {}）",
        output.display(),
        pdf.pages,
        if pdf.draft && why.is_empty() {
            "，草稿"
        } else {
            why.as_str()
        },
        opened
            .sheet
            .content_fingerprint()
            .get(..8)
            .unwrap_or_default()
    );
    for q in &questions {
        eprintln!(
            "警告未确认：{}：{}（改正，或在窗口中点“确认无误”）",
            q.location, q.message
        );
    }
    for d in &opened.discrepancies {
        eprintln!("注意：{d}");
    }
    // A draft is not the paper to sign: 1, as `package` does when something is missing.
    Ok(if pdf.draft { 1 } else { 0 })
}

fn summary_across_years(
    inputs: &[PathBuf],
    output: Option<&Path>,
    ruleset: Option<&Path>,
) -> Result<i32, String> {
    let mut catalog = Catalog::default();
    if let Some(p) = ruleset {
        catalog.add(crate::catalog::load_usable_ruleset_file(p).map_err(|e| e.to_string())?);
    }
    let table = crate::summary::across_years_from_paths(inputs, &catalog)?;
    match output {
        Some(path) => {
            if !path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
            {
                return Err(format!("年度对照表只能输出为 .csv（“{}”）", path.display()));
            }
            crate::fsio::write_atomic(path, &crate::export::to_csv(&table))
                .map_err(|e| e.to_string())?;
            println!("已生成：{}", path.display());
        }
        None => print_table(&table),
    }
    Ok(0)
}

/// A table on the screen, tab-separated (pasted into a spreadsheet it keeps its columns).
fn print_table(table: &crate::table::Table) {
    let mut out = String::new();
    out.push_str(&table.title);
    out.push('\n');
    let headers: Vec<String> = table.headers.iter().map(|h| h.to_string()).collect();
    out.push_str(&headers.join("\t"));
    out.push('\n');
    for row in &table.rows {
        let cells: Vec<String> = row.iter().map(|c| c.to_string()).collect();
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    for n in &table.notes {
        out.push_str(n);
        out.push('\n');
    }
    let _ = std::io::stdout()
        .lock()
        .write_all(crate::names::printable(&out).as_bytes());
}

fn summary(
    inputs: &[PathBuf],
    output: Option<&Path>,
    ruleset: Option<&Path>,
) -> Result<i32, String> {
    use crate::export::{ExportFormat, export};
    use crate::summary::{SortKey, Summary};
    let format =
        match output {
            None => None,
            Some(p) => Some(ExportFormat::from_path(p).ok_or_else(|| {
                format!("输出文件“{}”的扩展名须为 .xlsx、.csv 或 .pdf", p.display())
            })?),
        };
    let mut catalog = Catalog::default();
    if let Some(p) = ruleset {
        catalog.add(crate::catalog::load_usable_ruleset_file(p).map_err(|e| e.to_string())?);
    }
    let summary = Summary::from_paths(inputs, &catalog);
    let sort = SortKey::default();
    match (output, format) {
        (Some(path), Some(format)) => {
            let bytes = export(&summary, sort, format)?;
            crate::fsio::write_atomic(path, &bytes).map_err(|e| e.to_string())?;
            println!("已生成：{}", path.display());
        }
        _ => print_table(&summary.table(sort)),
    }
    let files = summary.rows.iter().filter(|r| r.sheet.is_some()).count();
    let disagreeing = summary.disagreeing_packages();
    eprintln!(
        "{}个单位：已收到{}个单位（{}个文件），未提交{}个单位，重复{}个单位，提交包与清单不符{}个，未计入{}个文件",
        summary.ruleset.ruleset.units.len(),
        summary.units_received(),
        files,
        summary.missing().len(),
        summary.duplicates.len(),
        disagreeing,
        summary.failures.len()
    );
    Ok(
        if summary.failures.is_empty() && summary.duplicates.is_empty() && disagreeing == 0 {
            0
        } else {
            1
        },
    )
}
