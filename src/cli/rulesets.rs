//! `kaoping ruleset new|diff` and `kaoping new --all-units`: next year's scheme started from
//! this year's, compared with it, and one blank sheet per unit for the municipal office to send.

use crate::catalog::{Catalog, LoadedRuleset, load_ruleset_file, remembered_folder};
use crate::ruleset_diff::{ChangeKind, diff, next_year_text};
use clap::Subcommand;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Subcommand, Debug)]
pub enum RulesetAction {
    /// 以一份考核规则为底稿开始新一年的规则：项目和 id 照旧，年度、id、标题和截止日期顺延，版本为 1.0.0
    New {
        /// 底稿：内置或已打开过的规则 id（如 yueyang-2015），或规则文件
        #[arg(long, value_name = "规则")]
        from: String,
        /// 新的年度
        #[arg(long, value_name = "年度")]
        year: u16,
        /// 输出的规则文件（.ron）
        #[arg(short = 'o', long = "output", value_name = "输出文件")]
        output: PathBuf,
        /// 输出文件已存在时覆盖它（原文件保留为 .bak）
        #[arg(long)]
        force: bool,
    },
    /// 比较两份考核规则：按项目 id 列出新增、删除和修改（分值、文字、规则、目标数）的项目
    Diff {
        /// 原来的规则：id 或文件
        #[arg(value_name = "原规则")]
        old: String,
        /// 新的规则：id 或文件
        #[arg(value_name = "新规则")]
        new: String,
    },
    /// 把考核规则写成 Excel 表格（.xlsx），供在 WPS 或 Excel 中修改；改好的表格可以直接当规则用
    Export {
        /// 规则：内置或已打开过的规则 id（如 yueyang-2015），或规则文件
        #[arg(value_name = "规则")]
        ruleset: String,
        /// 输出的表格（.xlsx）
        #[arg(short = 'o', long = "output", value_name = "输出文件")]
        output: PathBuf,
        /// 输出文件已存在时覆盖它（原文件保留为 .bak）
        #[arg(long)]
        force: bool,
    },
    /// 把考核方案表格（.xlsx）写成规则文件（.ron）：检查后写出，有错误时不写
    Import {
        /// 考核方案表格（.xlsx）
        #[arg(value_name = "表格")]
        workbook: PathBuf,
        /// 输出的规则文件（.ron）
        #[arg(short = 'o', long = "output", value_name = "输出文件")]
        output: PathBuf,
        /// 输出文件已存在时覆盖它（原文件保留为 .bak）
        #[arg(long)]
        force: bool,
    },
}

/// A ruleset named on the command line: a file, or the id of one built in or remembered.
/// Read even when it has errors (`diff` and `new` work on rules being written).
pub fn named_ruleset(name: &str) -> Result<Arc<LoadedRuleset>, String> {
    let path = Path::new(name);
    if path.exists() || name.ends_with(".ron") || crate::workbook::is_workbook(path) {
        return load_ruleset_file(path)
            .map(Arc::new)
            .map_err(|e| e.to_string());
    }
    let catalog = match remembered_folder() {
        Some(folder) => Catalog::with_remembered(&folder).0,
        None => Catalog::default(),
    };
    let known = catalog.rulesets.iter().filter(|r| r.ruleset.id == name);
    // The highest version when several are known.
    known
        .max_by(|a, b| version_order(&a.ruleset.version, &b.ruleset.version))
        .cloned()
        .ok_or_else(|| {
            let ids: Vec<String> = catalog
                .rulesets
                .iter()
                .map(|r| r.ruleset.id.clone())
                .collect();
            format!(
                "没有 id 为“{}”的考核规则，也没有这个文件。已知的规则有：{}",
                crate::ruleset::excerpt(name),
                ids.join("、")
            )
        })
}

/// An output that exists is only replaced with --force (write_atomic keeps it as .bak).
fn refuse_existing(output: &Path, force: bool) -> Result<(), String> {
    if output.exists() && !force {
        return Err(format!(
            "“{}”已存在，未覆盖。要覆盖请加 --force（原文件会保留为 .bak）",
            output.display()
        ));
    }
    Ok(())
}

/// Compares versions like 1.0.10 > 1.0.9 (numbers by value, the rest as text).
fn version_order(a: &str, b: &str) -> std::cmp::Ordering {
    let parts = |v: &str| -> Vec<(u64, String)> {
        v.split('.')
            .map(|p| (p.parse().unwrap_or(0), p.to_string()))
            .collect()
    };
    parts(a).cmp(&parts(b))
}

pub fn ruleset(action: RulesetAction) -> Result<i32, String> {
    match action {
        RulesetAction::New {
            from,
            year,
            output,
            force,
        } => {
            let base = named_ruleset(&from)?;
            if !(1900..=9999).contains(&year) {
                return Err(format!("年度“{year}”不对，请写成 2016 这样"));
            }
            refuse_existing(&output, force)?;
            let text = next_year_text(&base.text, &base.ruleset, year)?;
            crate::fsio::write_atomic(&output, text.as_bytes()).map_err(|e| e.to_string())?;
            let made = crate::catalog::load_ruleset_text(&text, &output.display().to_string())
                .map_err(|e| e.to_string())?;
            println!(
                "已生成：{}（{}，{}个项目，id 与 {} 相同）。请修改后用 kaoping check 检查，用 kaoping ruleset diff 核对改动。",
                output.display(),
                made.display_name(),
                made.ruleset.items().count(),
                base.ruleset.id
            );
            Ok(0)
        }
        RulesetAction::Export {
            ruleset,
            output,
            force,
        } => {
            let loaded = named_ruleset(&ruleset)?;
            refuse_existing(&output, force)?;
            if !crate::workbook::is_workbook(&output) {
                return Err(format!(
                    "“{}”的扩展名须为 .xlsx（WPS 和 Excel 都能打开）",
                    output.display()
                ));
            }
            let bytes = crate::workbook::write_workbook(&loaded.ruleset)?;
            crate::fsio::write_atomic(&output, &bytes).map_err(|e| e.to_string())?;
            println!(
                "已生成：{}（{}，{}个项目）。在 WPS 或 Excel 中修改后，可直接用 kaoping check {} 检查。",
                output.display(),
                loaded.display_name(),
                loaded.ruleset.items().count(),
                output.display()
            );
            Ok(0)
        }
        RulesetAction::Import {
            workbook,
            output,
            force,
        } => {
            let loaded =
                crate::catalog::load_usable_ruleset_file(&workbook).map_err(|e| e.to_string())?;
            refuse_existing(&output, force)?;
            crate::fsio::write_atomic(&output, loaded.text.as_bytes())
                .map_err(|e| e.to_string())?;
            let warnings = loaded.findings.len();
            println!(
                "已生成：{}（{}，{}个项目{}）",
                output.display(),
                loaded.display_name(),
                loaded.ruleset.items().count(),
                if warnings > 0 {
                    format!("；有{warnings}个警告，用 kaoping check 查看")
                } else {
                    String::new()
                }
            );
            Ok(0)
        }
        RulesetAction::Diff { old, new } => {
            let old = named_ruleset(&old)?;
            let new = named_ruleset(&new)?;
            let changes = diff(&old.ruleset, &new.ruleset);
            let mut out = std::io::stdout().lock();
            let _ = writeln!(
                out,
                "比较：{}\n  与：{}",
                old.display_name(),
                new.display_name()
            );
            for c in &changes {
                let _ = writeln!(out, "{c}");
            }
            let count = |k: ChangeKind| changes.iter().filter(|c| c.kind == k).count();
            let _ = writeln!(
                out,
                "新增{}项，删除{}项，修改{}项",
                count(ChangeKind::Added),
                count(ChangeKind::Removed),
                count(ChangeKind::Changed)
            );
            Ok(0)
        }
    }
}

/// `kaoping new --all-units -o DIR`: one blank sheet per unit of the ruleset.
pub fn new_for_all_units(
    loaded: &LoadedRuleset,
    folder: &Path,
    force: bool,
) -> Result<i32, String> {
    let written = crate::sheet::blank::write_blank_sheets(loaded, folder, force)?;
    println!(
        "已在 {} 新建{}份空白考评表（{}）",
        folder.display(),
        written.len(),
        loaded.display_name()
    );
    Ok(0)
}
