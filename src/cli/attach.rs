//! `kaoping evidence FILE add|list|remove|scan|remove-scan` and `kaoping package FILE`: the same
//! attachments and 提交包 as the window, for scripts and tests.

use crate::catalog::Catalog;
use crate::evidence::{self, human_size};
use crate::scoring::item_location;
use crate::sheet::open_sheet;
use clap::Subcommand;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Subcommand, Debug)]
pub enum EvidenceAction {
    /// 给一个项目添加佐证材料（文件被复制到考评表旁边的“…_佐证材料”文件夹）
    Add {
        /// 项目：考评表上的序号（1–44）或项目 id
        #[arg(value_name = "项目")]
        item: String,
        /// 要添加的文件
        #[arg(value_name = "文件")]
        path: PathBuf,
        /// 佐证材料的名称（默认为文件名）
        #[arg(long, value_name = "名称")]
        title: Option<String>,
    },
    /// 列出各项目的佐证材料和盖章扫描件，并检查文件是否都在
    List,
    /// 删除一个项目的第 N 个佐证材料
    Remove {
        /// 项目：考评表上的序号（1–44）或项目 id
        #[arg(value_name = "项目")]
        item: String,
        /// 第几个（从1开始，见 list）
        #[arg(value_name = "第几个")]
        number: usize,
    },
    /// 添加盖章扫描件（签字盖章后扫描的页面，图片或 PDF），记录现在的内容指纹
    Scan {
        /// 扫描件文件
        #[arg(value_name = "文件")]
        path: PathBuf,
    },
    /// 删除第 N 个盖章扫描件（加错了的扫描件；文件移到回收站）
    RemoveScan {
        /// 第几个（从1开始，见 list）
        #[arg(value_name = "第几个")]
        number: usize,
    },
}

fn catalog_with(ruleset: Option<&Path>) -> Result<Catalog, String> {
    let mut catalog = Catalog::default();
    if let Some(p) = ruleset {
        catalog.add(crate::catalog::load_usable_ruleset_file(p).map_err(|e| e.to_string())?);
    }
    Ok(catalog)
}

/// The sheet at `file` opened as the window opens it (no drafts: the command line keeps none).
fn session_on(file: &Path) -> Result<crate::document::Session, String> {
    let mut session = crate::document::Session::new(None);
    session.open(file, &Catalog::default())?;
    Ok(session)
}

/// Saves the session where it was opened, saying what of the files taken off could not go
/// to the trash.
fn saved(
    session: &mut crate::document::Session,
    file: &Path,
    out: &mut impl Write,
) -> Result<(), String> {
    let saved = session.save_to(file)?;
    for left in saved.not_trashed {
        let _ = writeln!(out, "{left}");
    }
    Ok(())
}

/// `kaoping evidence FILE …`: changes are saved to the sheet at once.
pub fn evidence(file: &Path, action: EvidenceAction) -> Result<i32, String> {
    let opened = open_sheet(file, &Catalog::default()).map_err(|e| e.to_string())?;
    let loaded = opened.ruleset.clone();
    let sheet = opened.sheet;
    let mut out = std::io::stdout().lock();
    match action {
        EvidenceAction::List => {
            let mut n = 0;
            for (_, item) in loaded.ruleset.items() {
                let Some(list) = sheet.evidence.get(&item.id) else {
                    continue;
                };
                let _ = writeln!(out, "{}", item_location(&loaded.ruleset, &item.id));
                for (i, e) in list.iter().enumerate() {
                    n += 1;
                    let _ = writeln!(
                        out,
                        "  {}. {}（{}，{}）",
                        i + 1,
                        e.title,
                        e.stored,
                        human_size(e.size)
                    );
                }
            }
            for (i, s) in sheet.sealed_scans.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "盖章扫描件 {}. {}（{}，{}，打印时内容指纹 {}）",
                    i + 1,
                    s.title,
                    s.stored,
                    human_size(s.size),
                    s.printed_with.get(..8).unwrap_or_default()
                );
            }
            let problems = evidence::check_files(&sheet, &loaded, file);
            for p in &problems {
                let _ = writeln!(out, "问题：{p}");
            }
            let _ = writeln!(
                out,
                "共{n}个佐证材料，{}个盖章扫描件",
                sheet.sealed_scans.len()
            );
            return Ok(if problems.is_empty() { 0 } else { 1 });
        }
        // Every change goes through the same document session as the window's: opened,
        // changed by its named edits, saved by its save (its refusals, its trash for files
        // taken off, its messages).
        EvidenceAction::Add { item, path, title } => {
            let item = evidence::find_item(&loaded, &item)?;
            let mut session = session_on(file)?;
            session.attach_evidence_titled(&item.id, &path, title.as_deref())?;
            let entry = session
                .sheet()
                .evidence
                .get(&item.id)
                .and_then(|l| l.last())
                .cloned()
                .ok_or("佐证材料没有记录下来")?;
            saved(&mut session, file, &mut out)?;
            let _ = writeln!(
                out,
                "已添加：{}的佐证材料“{}”（{}，{}）",
                item_location(&loaded.ruleset, &item.id),
                entry.title,
                entry.stored,
                human_size(entry.size)
            );
        }
        EvidenceAction::Remove { item, number } => {
            let item = evidence::find_item(&loaded, &item)?;
            let mut session = session_on(file)?;
            let removed = session
                .remove_evidence(&item.id, number.wrapping_sub(1))
                .map_err(|e| format!("{}{e}", item_location(&loaded.ruleset, &item.id)))?;
            // Only the file just taken off goes (to the trash); nothing else in the folder.
            saved(&mut session, file, &mut out)?;
            let _ = writeln!(
                out,
                "已删除：{}的佐证材料“{}”",
                item_location(&loaded.ruleset, &item.id),
                removed.title
            );
        }
        EvidenceAction::RemoveScan { number } => {
            let mut session = session_on(file)?;
            let removed = session.remove_scan(number.wrapping_sub(1))?;
            saved(&mut session, file, &mut out)?;
            let _ = writeln!(out, "已删除盖章扫描件“{}”", removed.title);
        }
        EvidenceAction::Scan { path } => {
            let mut session = session_on(file)?;
            let fingerprint = session.attach_scan(&path)?;
            saved(&mut session, file, &mut out)?;
            let _ = writeln!(
                out,
                "已添加盖章扫描件（内容指纹 {}）",
                fingerprint.get(..8).unwrap_or_default()
            );
        }
    }
    Ok(0)
}

/// `kaoping package FILE [-o OUT]`: 0 when complete, 1 when something is missing (the
/// package is written anyway), 2 when it cannot be written.
pub fn package(file: &Path, output: Option<&Path>, ruleset: Option<&Path>) -> Result<i32, String> {
    let catalog = catalog_with(ruleset)?;
    let written = crate::package::write(file, &catalog, output)?;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "已生成提交包：{}（{}个文件，{}）",
        written.path.display(),
        written.files,
        human_size(written.bytes)
    );
    if written.bytes > crate::package::DEFAULT_MAIL_LIMIT {
        let _ = writeln!(
            out,
            "注意：提交包超过了邮件附件常见的上限 {}",
            human_size(crate::package::DEFAULT_MAIL_LIMIT)
        );
    }
    for m in &written.missing {
        let _ = writeln!(out, "缺少：{m}");
    }
    Ok(if written.missing.is_empty() { 0 } else { 1 })
}
