//! The 退回通知: what the municipal office sends a unit when it returns its sheet — the
//! reason, the optional 重新提交截止, and the office's words on each item to fix. The clerk
//! opens it in kaoping over her own sheet, which keeps it: the items it names are marked
//! 需修改 (in the grid, the calculator and the problem list, F8 walks them) until she changes
//! them, and the package she sends back records the return it answers.
//!
//! The notice is the unit's to read, not a verdict: the office's own review stays sealed in
//! its copy (`office_key`), and nothing in a notice the unit sends back counts as a score.

use super::changes::item_state_hash;
use super::{RulesetRef, Sheet};
use crate::catalog::LoadedRuleset;
use crate::ruleset::excerpt;
use crate::scoring::{About, Problem, ProblemKind, item_location};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// File name extension of a 退回通知.
pub const EXTENSION: &str = "kaoping-return";
/// A notice is a few kilobytes; the 44 items' words cannot make it larger than this.
const MAX_NOTICE_BYTES: u64 = 1024 * 1024;
/// The format this program writes and reads.
const FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename = "ReturnNotice")]
pub struct ReturnNotice {
    pub format: u32,
    pub program: String,
    pub year: u16,
    pub ruleset: RulesetRef,
    /// The unit's id and printed name.
    pub unit: String,
    pub unit_name: String,
    /// When the office returned it (RFC 3339).
    pub returned_at: String,
    pub reason: String,
    /// 重新提交截止 (YYYY-MM-DD), or empty.
    #[serde(default)]
    pub resubmit_by: String,
    /// The 内容指纹 of the sheet returned.
    pub content_fingerprint: String,
    /// Item id → the office's words on it, and the item's entries as returned (hashed), so
    /// the clerk's window knows which she has changed since.
    #[serde(default, deserialize_with = "super::unique_keys")]
    pub items: BTreeMap<String, ReturnedItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnedItem {
    /// The office's 考核意见 on the item.
    pub opinion: String,
    /// `changes::item_state_hash` of the item as returned.
    pub entry_sha256: String,
}

impl ReturnNotice {
    /// The notice of a returned sheet: its reason, deadline, and every item the office wrote
    /// a 考核意见 on. `None` unless the review's state is 退回修改 with a reason.
    pub fn of_review(sheet: &Sheet, loaded: &LoadedRuleset) -> Option<ReturnNotice> {
        let review = sheet.review.as_ref()?;
        if review.state != super::ReviewState::Returned || review.reason.trim().is_empty() {
            return None;
        }
        let unit = sheet.unit.clone()?;
        let items = sheet
            .items
            .iter()
            .filter(|(_, e)| !e.review_note.trim().is_empty())
            .map(|(id, e)| {
                (
                    id.clone(),
                    ReturnedItem {
                        opinion: e.review_note.trim().to_string(),
                        entry_sha256: item_state_hash(sheet, id),
                    },
                )
            })
            .collect();
        let returned_at = review
            .history
            .iter()
            .rev()
            .find(|e| e.step == super::Step::Returned)
            .map(|e| e.at.clone())
            .filter(|a| !a.is_empty())
            .unwrap_or_else(|| review.saved_at.clone());
        Some(ReturnNotice {
            format: FORMAT,
            program: super::PROGRAM.to_string(),
            year: sheet.year,
            ruleset: sheet.ruleset.clone(),
            unit_name: sheet.unit_name(loaded).unwrap_or(&unit).to_string(),
            unit,
            returned_at,
            reason: review.reason.trim().to_string(),
            resubmit_by: review.resubmit_by.clone(),
            content_fingerprint: sheet.content_fingerprint(),
            items,
        })
    }

    /// The notice's file name: 平江县-退回通知-2016-01-10.kaoping-return.
    pub fn file_name(&self) -> String {
        let unit = crate::names::plain_name(&self.unit_name).unwrap_or_else(|| "单位".into());
        let day = self.returned_at.get(..10).unwrap_or("");
        format!("{unit}-退回通知-{day}.{EXTENSION}")
    }

    pub fn to_text(&self) -> String {
        let pretty = ron::ser::PrettyConfig::new()
            .struct_names(true)
            .new_line("\n")
            .indentor("  ".to_string());
        let mut text = String::from(
            "// 考评 kaoping 退回通知：市妇联退回修改的原因和各项意见。请用 kaoping 打开（在打开自己的考评表之后）。\n",
        );
        // The program's own plain types always serialize.
        text.push_str(&ron::ser::to_string_pretty(self, pretty).unwrap_or_default());
        text.push('\n');
        text
    }

    pub fn write(&self, path: &Path) -> Result<(), String> {
        crate::fsio::write_atomic(path, self.to_text().as_bytes()).map_err(|e| e.to_string())
    }

    /// Reads a notice file, bounded, with a Chinese message on anything else.
    pub fn read(path: &Path) -> Result<ReturnNotice, String> {
        let shown = path.display();
        let bytes = crate::fsio::read_limited(path, MAX_NOTICE_BYTES)
            .map_err(|m| format!("无法打开“{shown}”：{m}"))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| format!("“{shown}”不是退回通知（不是 UTF-8 文本）"))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let notice: ReturnNotice = ron::from_str(text).map_err(|e| {
            format!(
                "“{shown}”不是有效的退回通知（第{}行第{}列：文件可能被截断或改坏了）",
                e.span.start.line, e.span.start.col
            )
        })?;
        if notice.format > FORMAT {
            return Err(format!(
                "“{shown}”是较新版本的程序写的退回通知，请升级考评程序"
            ));
        }
        let too_long = |t: &str| t.len() > super::MAX_TEXT_BYTES;
        if too_long(&notice.reason)
            || too_long(&notice.unit_name)
            || notice.items.len() > 10_000
            || notice.items.values().any(|i| too_long(&i.opinion))
        {
            return Err(format!("“{shown}”不是有效的退回通知（文字过长）"));
        }
        Ok(notice)
    }

    /// Whether the notice is for this sheet (same unit, year and scheme); else why not.
    pub fn fits(&self, sheet: &Sheet, loaded: &LoadedRuleset) -> Result<(), String> {
        let name = sheet.unit_name(loaded).unwrap_or("（未选单位）");
        if sheet.unit.as_deref() != Some(self.unit.as_str()) {
            return Err(format!(
                "这份退回通知是给{}的，现在打开的是{name}的考评表。请打开{}的考评表后再打开此通知。",
                excerpt(&self.unit_name),
                excerpt(&self.unit_name)
            ));
        }
        if sheet.year != self.year || sheet.ruleset.id != self.ruleset.id {
            return Err(format!(
                "这份退回通知是{}年度（考核规则“{}”）的，现在打开的是{}年度的考评表。",
                self.year,
                excerpt(&self.ruleset.id),
                sheet.year
            ));
        }
        Ok(())
    }

    /// The items still as returned (not changed since): 需修改.
    pub fn open_items(&self, sheet: &Sheet) -> Vec<String> {
        self.items
            .iter()
            .filter(|(id, i)| item_state_hash(sheet, id) == i.entry_sha256)
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// The banner over the clerk's sheet.
    pub fn banner(&self, sheet: &Sheet) -> String {
        let day = self.returned_at.get(..10).unwrap_or("");
        let mut s = format!("市妇联于{day}退回修改：{}", self.reason);
        if !self.resubmit_by.is_empty() {
            s.push_str(&format!(
                "。请在{}前修改后重新生成提交包发回",
                self.resubmit_by
            ));
        } else {
            s.push_str("。修改后请重新生成提交包发回");
        }
        let open = self.open_items(sheet).len();
        if !self.items.is_empty() {
            s.push_str(&format!(
                "。市妇联对{}项提了意见，{}",
                self.items.len(),
                if open == 0 {
                    "都已修改".to_string()
                } else {
                    format!("还有{open}项未改（F8 逐项查看）")
                }
            ));
        }
        s
    }

    /// One problem per item the office commented on that is still as returned: F8 walks
    /// them, the grid and the calculator show them.
    pub fn problems(&self, sheet: &Sheet, loaded: &LoadedRuleset) -> Vec<Problem> {
        let open = self.open_items(sheet);
        let mut out = Vec::new();
        for row in loaded
            .ruleset
            .categories
            .iter()
            .flat_map(|c| c.items.iter())
        {
            let Some(item) = self.items.get(&row.id) else {
                continue;
            };
            if !open.contains(&row.id) {
                continue;
            }
            out.push(Problem {
                kind: ProblemKind::Warning,
                item: Some(row.id.clone()),
                rule: None,
                about: About::ReturnOpinion,
                location: item_location(&loaded.ruleset, &row.id),
                message: format!("需修改（市妇联意见：{}）", excerpt_long(&item.opinion)),
                question: None,
            });
        }
        out
    }
}

/// Up to 120 characters of an opinion, whole when shorter.
fn excerpt_long(text: &str) -> String {
    let t = text.trim();
    if t.chars().count() <= 120 {
        t.to_string()
    } else {
        format!("{}…", t.chars().take(120).collect::<String>())
    }
}

/// Where the window or `kaoping review -o` puts a notice when no path is given: beside the
/// reviewed file.
pub fn default_path(beside: &Path, notice: &ReturnNotice) -> PathBuf {
    beside
        .parent()
        .unwrap_or(Path::new("."))
        .join(notice.file_name())
}

/// Whether `path` names a 退回通知 (by its extension).
pub fn is_notice(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case(EXTENSION))
}
