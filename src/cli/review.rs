//! `kaoping review FILE …`: the municipal office's review from the command line (for scripts
//! and tests), through the same `Session` edits as the window's review mode; and
//! `kaoping diff OLD NEW`: what a unit changed between two of its sheets or packages.

use crate::catalog::Catalog;
use crate::document::{Mode, Session};
use crate::sheet::{ReturnNotice, ReviewState, unit_changes};
use clap::Args;
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
pub struct ReviewArgs {
    /// 考评表或提交包（提交包的审核保存在其旁边的审核副本中）
    #[arg(value_name = "考评表或提交包")]
    file: PathBuf,
    /// 某项的考核得分，如 --score office-info=5（项目 id 见 score --json），可重复
    #[arg(long = "score", value_name = "项目=得分")]
    scores: Vec<String>,
    /// 某项的考核意见，如 --opinion office-info=缺采用证明，可重复
    #[arg(long = "opinion", value_name = "项目=意见")]
    opinions: Vec<String>,
    /// 其余尚无考核得分的项采用自查得分
    #[arg(long)]
    adopt_rest: bool,
    /// 审核状态：待审核、已审核或退回修改
    #[arg(long, value_name = "状态")]
    state: Option<String>,
    /// 退回原因（退回修改时必填）
    #[arg(long, value_name = "原因")]
    reason: Option<String>,
    /// 重新提交截止日期（退回修改时可选），如 2016-01-15
    #[arg(long = "resubmit-by", value_name = "日期")]
    resubmit_by: Option<String>,
    /// 退回通知写到这里（退回修改时；默认写在考评表或提交包旁边）
    #[arg(short = 'o', long = "output", value_name = "退回通知")]
    output: Option<PathBuf>,
    /// 另外加载的考核规则文件
    #[arg(long, value_name = "规则文件")]
    ruleset: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// 原来的考评表或提交包
    #[arg(value_name = "原文件")]
    old: PathBuf,
    /// 新的考评表或提交包
    #[arg(value_name = "新文件")]
    new: PathBuf,
    /// 另外加载的考核规则文件
    #[arg(long, value_name = "规则文件")]
    ruleset: Option<PathBuf>,
}

fn catalog_with(ruleset: Option<&Path>) -> Result<Catalog, String> {
    let mut catalog = Catalog::default();
    if let Some(p) = ruleset {
        catalog.add(crate::catalog::load_usable_ruleset_file(p).map_err(|e| e.to_string())?);
    }
    Ok(catalog)
}

/// `ITEM=VALUE` split at the first '=' (or '＝'), the item known to the ruleset.
fn item_and_value<'a>(
    arg: &'a str,
    session: &Session,
    what: &str,
) -> Result<(String, &'a str), String> {
    let split = arg
        .split_once('=')
        .or_else(|| arg.split_once('＝'))
        .ok_or_else(|| {
            format!(
                "{what}“{}”应写成 项目=值，如 office-info=5",
                crate::names::printable(arg)
            )
        })?;
    let id = split.0.trim();
    if session.ruleset().ruleset.item(id).is_none() {
        return Err(format!(
            "考核规则中没有项目“{}”（项目 id 见 kaoping score --json 的 items[].id）",
            crate::ruleset::excerpt(id)
        ));
    }
    Ok((id.to_string(), split.1))
}

pub fn review(args: &ReviewArgs) -> Result<i32, String> {
    let catalog = catalog_with(args.ruleset.as_deref())?;
    let mut session = Session::new(None);
    session.set_mode(Mode::Review);
    let opened = session.open(&args.file, &catalog)?;
    for note in opened
        .info
        .iter()
        .chain(&opened.resend)
        .chain(&opened.notes)
    {
        println!("注意：{note}");
    }
    for arg in &args.scores {
        let (id, value) = item_and_value(arg, &session, "考核得分")?;
        let score = crate::input::parse_number(value).map_err(|e| {
            format!(
                "{}的考核得分“{}”：{e}",
                crate::sheet::changes::item_name(session.ruleset(), &id),
                crate::ruleset::excerpt(value)
            )
        })?;
        session.set_reviewed(&id, score);
        // The same check as the window's: a score above the item's points is refused.
        if let Some(p) = session.report().problems.iter().find(|p| {
            p.item.as_deref() == Some(id.as_str())
                && p.about == crate::scoring::About::ReviewedScore
                && p.kind == crate::scoring::ProblemKind::Error
        }) {
            return Err(format!("{}：{}（未保存）", p.location, p.message));
        }
    }
    for arg in &args.opinions {
        let (id, text) = item_and_value(arg, &session, "考核意见")?;
        session.set_review_note(&id, text.trim());
    }
    if args.adopt_rest {
        session.adopt_self_scores_for_the_rest();
    }
    if let Some(state) = &args.state {
        let state = ReviewState::ALL
            .into_iter()
            .find(|s| s.label() == state.trim())
            .ok_or_else(|| {
                format!(
                    "审核状态“{}”应为 待审核、已审核 或 退回修改",
                    crate::ruleset::excerpt(state)
                )
            })?;
        session.set_review_state(state)?;
    }
    if let Some(reason) = &args.reason {
        if session.sheet().review_state() != ReviewState::Returned {
            return Err("退回原因只用于退回修改：请同时写 --state 退回修改".into());
        }
        session.set_return_reason(reason.trim());
    }
    if let Some(day) = &args.resubmit_by {
        if session.sheet().review_state() != ReviewState::Returned {
            return Err("重新提交截止日期只用于退回修改：请同时写 --state 退回修改".into());
        }
        session.set_resubmit_by(day)?;
    }
    let path = session
        .path()
        .map(Path::to_path_buf)
        .ok_or("没有可保存的文件")?;
    session.save_to(&path)?;
    let sheet = session.sheet();
    let progress = session.report().review_progress();
    let total = match session.report().complete_reviewed_total() {
        Some(t) => format!("考核得分合计{}", t.normalize()),
        None => progress.in_progress_words(),
    };
    println!(
        "已保存审核：{}（{}，{}）",
        path.display(),
        sheet.review_state().label(),
        total
    );
    if let Some(review) = &sheet.review {
        println!(
            "审核记录：{}",
            review.history_words(session.ruleset()).join(" → ")
        );
    }
    if let Some(out) = session.write_return_notice(args.output.as_deref())? {
        let notice = ReturnNotice::of_review(sheet, session.ruleset());
        println!(
            "已写出退回通知：{}（{}项附有意见）。请把它发给{}。",
            out.display(),
            notice.as_ref().map_or(0, |n| n.items.len()),
            notice.as_ref().map_or("该单位", |n| n.unit_name.as_str())
        );
    } else if args.output.is_some() {
        return Err("只有退回修改（写明原因）时才写出退回通知；审核已保存".into());
    }
    Ok(0)
}

/// A sheet or a package's sheet, for `diff`.
fn open_either(path: &Path, catalog: &Catalog) -> Result<crate::sheet::OpenedSheet, String> {
    if crate::package::is_package(path) {
        Ok(crate::package::open_package(path, catalog)
            .map_err(|e| e.to_string())?
            .opened)
    } else {
        crate::sheet::open_sheet(path, catalog).map_err(|e| e.to_string())
    }
}

pub fn diff(args: &DiffArgs) -> Result<i32, String> {
    let catalog = catalog_with(args.ruleset.as_deref())?;
    let old = open_either(&args.old, &catalog)?;
    let new = open_either(&args.new, &catalog)?;
    let changes = unit_changes(&old.sheet, &new.sheet, &new.ruleset);
    let unit = |o: &crate::sheet::OpenedSheet| {
        o.sheet
            .unit_name(&o.ruleset)
            .unwrap_or("（未选单位）")
            .to_string()
    };
    let when = |o: &crate::sheet::OpenedSheet| {
        chrono::DateTime::parse_from_rfc3339(&o.sheet.saved_at)
            .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_else(|_| "时间不明".into())
    };
    println!(
        "原文件：{}（{}，保存于{}）\n新文件：{}（{}，保存于{}）",
        args.old.display(),
        unit(&old),
        when(&old),
        args.new.display(),
        unit(&new),
        when(&new)
    );
    if changes.is_empty() {
        println!(
            "两份文件填报的内容相同（内容指纹 {}）。",
            new.sheet.content_fingerprint().get(..8).unwrap_or("")
        );
        return Ok(0);
    }
    println!(
        "单位改了{}项{}：",
        changes.items.len(),
        if changes.header.is_empty() {
            String::new()
        } else {
            "和表头".to_string()
        }
    );
    for line in changes.lines() {
        println!("{}", crate::names::printable(&line));
    }
    Ok(1)
}

/// `kaoping key …`: the office's review key, carried between its PCs.
#[derive(clap::Subcommand, Debug)]
pub enum KeyAction {
    /// 显示本机的审核密钥（编号）和已导入的密钥
    Show,
    /// 导出本机的审核密钥，供本处另一台电脑导入（切勿发给各单位）
    Export {
        /// 密钥文件（.kaoping-key）
        #[arg(value_name = "密钥文件")]
        output: PathBuf,
    },
    /// 导入本处另一台电脑导出的审核密钥：用它保存的审核在本机也算本处的审核
    Import {
        /// 密钥文件（.kaoping-key）
        #[arg(value_name = "密钥文件")]
        file: PathBuf,
    },
}

pub fn key(action: &KeyAction) -> Result<i32, String> {
    match action {
        KeyAction::Show => {
            let ring = crate::office_key::this_pc();
            match ring.own_id() {
                Some(id) => println!("本机审核密钥：{id}"),
                None => println!("本机还没有审核密钥（保存过一次审核后才有）"),
            }
            let others: Vec<String> = ring
                .ids()
                .into_iter()
                .filter(|i| Some(i.as_str()) != ring.own_id())
                .collect();
            if !others.is_empty() {
                println!("已导入的审核密钥：{}", others.join("、"));
            }
        }
        KeyAction::Export { output } => {
            let id = crate::office_key::export_own_key(output)?;
            println!(
                "已导出审核密钥 {id}：{}。只在本处的电脑之间复制，切勿发给各单位。",
                output.display()
            );
        }
        KeyAction::Import { file } => {
            let id = crate::office_key::import_key(file)?;
            println!("已导入审核密钥 {id}：用它保存的审核在本机也算本处的审核。");
        }
    }
    Ok(0)
}
