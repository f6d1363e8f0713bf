//! `kaoping scoring-sheet export|import`: a department's 评分表 out of the inbox and back,
//! through the same reading, checks and merge as the window's 汇总 → 分发评分表… and
//! 收回评分表….

use crate::catalog::Catalog;
use crate::scoring_sheet::{Inbox, ScoringSheet};
use clap::Subcommand;
use std::collections::BTreeSet;
use std::path::PathBuf;

#[derive(Subcommand, Debug)]
pub enum ScoringSheetAction {
    /// 从收件文件夹生成某个部门的评分表（一个类别或全部类别，每个单位每项一行），佐证材料放在旁边的“…_佐证材料”文件夹
    Export {
        /// 收到的考评表和提交包所在的文件夹（或文件），可给多个
        #[arg(value_name = "收件文件夹", required = true)]
        inbox: Vec<PathBuf>,
        /// 类别（如 维权工作；不给时全部类别各一张表）
        #[arg(long, value_name = "类别")]
        category: Option<String>,
        /// 输出的评分表（.xlsx）
        #[arg(short = 'o', long = "output", value_name = "输出文件")]
        output: PathBuf,
        /// 不复制佐证材料
        #[arg(long)]
        no_files: bool,
    },
    /// 收回填好的评分表：逐格检查，无误的行记入各单位的审核（已有不同考核得分的项两份并列，由办公室选择）
    Import {
        /// 填好的评分表（.xlsx）
        #[arg(value_name = "评分表")]
        workbook: PathBuf,
        /// 收件文件夹（或文件），可给多个
        #[arg(value_name = "收件文件夹", required = true)]
        inbox: Vec<PathBuf>,
        /// 评分表有错误时，仍记入所有无误的行
        #[arg(long)]
        good_rows: bool,
        /// 评分表有错误时，只记入这些行（行号如 WPS 所示，如 --rows 3,5,8；多张表时写 表名:行号）
        #[arg(long, value_name = "行号", value_delimiter = ',')]
        rows: Vec<String>,
    },
}

pub fn scoring_sheet(action: ScoringSheetAction) -> Result<i32, String> {
    let catalog = Catalog::default();
    match action {
        ScoringSheetAction::Export {
            inbox,
            category,
            output,
            no_files,
        } => export(&inbox, category.as_deref(), &output, no_files, &catalog),
        ScoringSheetAction::Import {
            workbook,
            inbox,
            good_rows,
            rows,
        } => import(&workbook, &inbox, good_rows, &rows, &catalog),
    }
}

fn export(
    inbox: &[PathBuf],
    category: Option<&str>,
    output: &std::path::Path,
    no_files: bool,
    catalog: &Catalog,
) -> Result<i32, String> {
    let inbox = Inbox::read(inbox, catalog);
    let categories = crate::scoring_sheet::categories(&inbox.ruleset, category)?;
    let sheet = ScoringSheet::of(&inbox, &categories);
    let bytes = crate::scoring_sheet::to_xlsx(&sheet)?;
    crate::fsio::write_atomic(output, &bytes).map_err(|e| e.to_string())?;
    let open = inbox.units.iter().filter(|u| u.state.scorable()).count();
    println!(
        "已生成{}：{}（{}行；{}个单位可评分，共{}个单位）",
        sheet.title,
        output.display(),
        sheet.rows.len(),
        open,
        inbox.units.len()
    );
    for u in inbox.units.iter().filter(|u| !u.state.scorable()) {
        println!("  {}：{}", u.unit_name, u.state.words());
    }
    if !no_files {
        let folder = crate::scoring_sheet::files_folder(output);
        let (n, failed) =
            crate::scoring_sheet::files::copy_evidence(&sheet, &inbox, catalog, &folder)
                .map_err(|e| e.to_string())?;
        if n > 0 {
            println!("佐证材料{n}个文件：{}", folder.display());
        }
        for f in failed {
            println!("  没能复制：{}", crate::names::printable(&f));
        }
    }
    Ok(0)
}

fn import(
    workbook: &std::path::Path,
    inbox: &[PathBuf],
    good_rows: bool,
    rows: &[String],
    catalog: &Catalog,
) -> Result<i32, String> {
    let bytes = crate::fsio::read_limited(workbook, crate::fsio::MAX_FILE_BYTES)
        .map_err(|e| format!("无法读取“{}”：{e}", workbook.display()))?;
    let filled = crate::scoring_sheet::read_filled(&bytes)
        .map_err(|e| format!("“{}”：{e}", workbook.display()))?;
    let inbox = Inbox::read(inbox, catalog);
    let checked = crate::scoring_sheet::check(&filled, &inbox);
    let errors: Vec<String> = checked.errors().map(|e| e.to_string()).collect();
    for e in &errors {
        eprintln!("{}", crate::names::printable(e));
    }
    let wanted: BTreeSet<(Option<String>, u32)> = rows
        .iter()
        .filter_map(|r| {
            let r = r.trim();
            match r.rsplit_once([':', '：']) {
                Some((sheet, n)) => n
                    .trim()
                    .parse()
                    .ok()
                    .map(|n| (Some(sheet.trim().to_string()), n)),
                None => r.parse().ok().map(|n| (None, n)),
            }
        })
        .collect();
    if wanted.len() != rows.len() {
        return Err("--rows 应是行号，如 --rows 3,5,8（多张表时写 表名:行号）".into());
    }
    if !errors.is_empty() && !good_rows && wanted.is_empty() {
        eprintln!(
            "评分表有{}处错误，一行也没有记入。改正后再收回，或用 --good-rows 记入无误的{}行（或 --rows 指定行）。",
            errors.len(),
            checked.mergeable()
        );
        return Ok(1);
    }
    let chosen = |r: &crate::scoring_sheet::CheckedRow| {
        wanted.is_empty()
            || wanted.contains(&(None, r.row))
            || wanted.contains(&(Some(r.sheet.clone()), r.row))
    };
    let merged = crate::scoring_sheet::merge(&checked, chosen, &inbox, catalog);
    println!("{}", merged.words());
    for d in &merged.disputes {
        println!("  两份评分不同：{}", crate::names::printable(d));
    }
    for f in &merged.failed {
        eprintln!("没能保存：{}", crate::names::printable(f));
    }
    Ok(if errors.is_empty() && merged.failed.is_empty() {
        0
    } else {
        1
    })
}
