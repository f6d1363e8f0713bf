//! `kaoping bulletin FILES_OR_FOLDERS -o 通报.pdf`: the 考核通报 from the units' sheets.

use crate::bulletin::{Bulletin, BulletinFile, BulletinOptions, Grading};
use crate::catalog::Catalog;
use crate::summary::Summary;
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct BulletinArgs {
    /// 考评表文件、提交包或文件夹（文件夹及其子文件夹中的都会读取）
    #[arg(required = true, value_name = "文件或文件夹")]
    inputs: Vec<PathBuf>,
    /// 输出文件：.pdf（打印）或 .docx（Word，可修改后印发）
    #[arg(short = 'o', long = "output", value_name = "输出文件")]
    output: PathBuf,
    /// 按分数评定等次（本通报用），如 优秀:90,良好:80,合格:60
    #[arg(long, value_name = "等次", conflicts_with = "awards")]
    grades: Option<String>,
    /// 各类别分别评奖（本通报用），如 一等奖:1,二等奖:2,三等奖:3
    #[arg(long, value_name = "奖项")]
    awards: Option<String>,
    /// 上一年度的考评表（文件或文件夹），用于与上年比较
    #[arg(long, value_name = "上年文件夹")]
    previous: Vec<PathBuf>,
    /// 印在标题下的日期（默认今天），如 2016年1月20日
    #[arg(long, value_name = "日期")]
    date: Option<String>,
    /// 另外加载的考核规则文件
    #[arg(long, value_name = "规则文件")]
    ruleset: Option<PathBuf>,
}

pub fn bulletin(args: &BulletinArgs) -> Result<i32, String> {
    let Some(file) = BulletinFile::of(&args.output) else {
        return Err(format!(
            "通报的输出文件“{}”的扩展名须为 .pdf（打印）或 .docx（Word，可修改）",
            args.output.display()
        ));
    };
    let mut catalog = Catalog::default();
    if let Some(p) = &args.ruleset {
        catalog.add(crate::catalog::load_usable_ruleset_file(p).map_err(|e| e.to_string())?);
    }
    let grading = match (&args.grades, &args.awards) {
        (Some(g), _) => Some(Grading::bands(g)?),
        (None, Some(a)) => Some(Grading::places(a)?),
        (None, None) => None,
    };
    let summary = Summary::from_paths(&args.inputs, &catalog);
    let previous =
        (!args.previous.is_empty()).then(|| Summary::from_paths(&args.previous, &catalog));
    let options = BulletinOptions {
        date: args
            .date
            .clone()
            .unwrap_or_else(|| chrono::Local::now().format("%Y年%-m月%-d日").to_string()),
        grading,
        previous,
    };
    let b = Bulletin::from_summary(&summary, &options);
    let (bytes, pages) = file.write(&b)?;
    crate::fsio::write_atomic(&args.output, &bytes).map_err(|e| e.to_string())?;
    println!(
        "已生成：{}{}{}",
        args.output.display(),
        pages.map(|p| format!("（{p}页）")).unwrap_or_default(),
        if b.draft {
            format!("，征求意见稿：{}尚未审核完毕", b.pending.join("、"))
        } else {
            String::new()
        }
    );
    Ok(0)
}
