//! `kaoping ruleset new|diff` and `kaoping new --all-units`: next year's scheme started from
//! this year's, compared with it, and one blank sheet per unit for the municipal office to send.

use crate::catalog::{Catalog, LoadedRuleset, load_ruleset_file, remembered_folder};
use crate::ruleset_diff::{ChangeKind, diff, next_year_text};
use crate::sheet::{FILE_EXTENSION, Sheet};
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
}

/// A ruleset named on the command line: a file, or the id of one built in or remembered.
/// Read even when it has errors (`diff` and `new` work on rules being written).
pub fn named_ruleset(name: &str) -> Result<Arc<LoadedRuleset>, String> {
    let path = Path::new(name);
    if path.exists() || name.ends_with(".ron") {
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
            if output.exists() && !force {
                return Err(format!(
                    "“{}”已存在，未覆盖。要覆盖请加 --force（原文件会保留为 .bak）",
                    output.display()
                ));
            }
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

/// `kaoping new --all-units -o DIR`: one blank sheet per unit of the ruleset, named as the
/// window names them, each carrying the ruleset when it is not built in.
pub fn new_for_all_units(
    loaded: &LoadedRuleset,
    folder: &Path,
    force: bool,
) -> Result<i32, String> {
    crate::fsio::make_folder(folder)?;
    let sheets: Vec<(PathBuf, Sheet)> = loaded
        .ruleset
        .units
        .iter()
        .map(|u| {
            let sheet = Sheet::new(loaded, Some(u.id.clone()));
            let name = format!("{}.{FILE_EXTENSION}", sheet.default_file_stem(loaded));
            (folder.join(name), sheet)
        })
        .collect();
    if !force && let Some((existing, _)) = sheets.iter().find(|(p, _)| p.exists()) {
        return Err(format!(
            "“{}”已存在，一个也没有写。要覆盖请加 --force（原文件会保留为 .bak）",
            existing.display()
        ));
    }
    for (path, mut sheet) in sheets {
        sheet.save(&path, loaded).map_err(|e| e.to_string())?;
    }
    println!(
        "已在 {} 新建{}份空白考评表（{}）",
        folder.display(),
        loaded.ruleset.units.len(),
        loaded.display_name()
    );
    Ok(0)
}
