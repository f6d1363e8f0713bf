//! What is expected of a sheet's 佐证材料 and what is wrong with it: the hints an item's
//! ruleset entry (or its text) gives, required evidence missing, the bounds and names a sheet
//! file may list, and files missing beside the sheet.

use super::{count, human_size, item_file, scan_file};
use crate::catalog::LoadedRuleset;
use crate::ruleset::{Item, excerpt};
use crate::scoring::item_location;
use crate::sheet::Sheet;
use std::path::Path;

/// A document the ruleset suggests for an item; `reading` marks hints this program derived
/// from the item's text rather than ones the ruleset states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub title: String,
    pub required: bool,
    pub reading: bool,
}

/// What is wrong with the files a sheet lists: missing, or not the size recorded. Cheap (no
/// hashing); the package hashes every file.
pub fn check_files(sheet: &Sheet, loaded: &LoadedRuleset, sheet_path: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for (item_id, list) in &sheet.evidence {
        for e in list {
            let path = item_file(sheet_path, item_id, &e.stored);
            let what = format!(
                "{}的佐证材料“{}”",
                item_location(&loaded.ruleset, item_id),
                excerpt(&e.title)
            );
            match std::fs::metadata(&path) {
                Err(_) => out.push(format!("{what}的文件不见了（应在 {}）", path.display())),
                Ok(m) if m.len() != e.size => out.push(format!(
                    "{what}的文件大小与记录的不同（{} ≠ {}），可能被改动过",
                    human_size(m.len()),
                    human_size(e.size)
                )),
                Ok(_) => {}
            }
        }
    }
    for a in super::attached(sheet) {
        if let super::Holder::Entry { ledger, .. } = &a.held_by {
            let path = a.held_by.path(sheet_path, a.stored);
            if !path.is_file() {
                out.push(format!(
                    "台账“{}”中的佐证材料“{}”的文件不见了（应在 {}）",
                    excerpt(ledger),
                    excerpt(a.title),
                    path.display()
                ));
            }
        }
    }
    for s in &sheet.sealed_scans {
        let path = scan_file(sheet_path, &s.stored);
        if !path.is_file() {
            out.push(format!(
                "盖章扫描件“{}”的文件不见了（应在 {}）",
                excerpt(&s.title),
                path.display()
            ));
        }
    }
    out
}

/// Document words the 2015 texts use for what a unit hands in; an item whose text names one
/// gets it as a suggested 佐证材料 (this program's reading, never required).
const DOCUMENT_WORDS: &[&str] = &[
    "活动图片",
    "图片",
    "汇报材料",
    "调研报告",
    "工作安排和总结",
    "工作总结",
    "工作计划",
    "实施方案",
    "工作方案",
    "简报",
    "文件",
    "台账",
];

/// The suggested 佐证材料 for an item: the ruleset's own list, else those read from its text.
pub fn hints(item: &Item) -> Vec<Hint> {
    if !item.evidence.is_empty() {
        return item
            .evidence
            .iter()
            .map(|e| Hint {
                title: e.title.clone(),
                required: e.required,
                reading: false,
            })
            .collect();
    }
    let text = format!("{}{}", item.content, item.rule_text);
    let mut found: Vec<Hint> = Vec::new();
    for word in DOCUMENT_WORDS {
        // A shorter word inside one already found (图片 in 活动图片) adds nothing.
        if text.contains(word) && !found.iter().any(|h| h.title.contains(word)) {
            found.push(Hint {
                title: (*word).to_string(),
                required: false,
                reading: true,
            });
        }
    }
    found
}

/// The key under which the clerk answers 确认无误 to 「要求的佐证材料还没有添加」.
pub const REQUIRED_QUESTION: &str = "evidence:required";

/// Items whose required 佐证材料 is missing and not answered 确认无误: a warning each, never
/// an error.
pub fn missing_required(sheet: &Sheet, loaded: &LoadedRuleset) -> Vec<String> {
    required_problems(sheet, loaded)
        .into_iter()
        .filter(|p| !p.is_confirmed())
        .map(|p| format!("{}：{}", p.location, p.message))
        .collect()
}

/// The same as problems of the sheet (warnings on their items), for the problems list.
pub fn required_problems(sheet: &Sheet, loaded: &LoadedRuleset) -> Vec<crate::scoring::Problem> {
    let mut out = Vec::new();
    for (_, item) in loaded.ruleset.items() {
        let required: Vec<Hint> = hints(item).into_iter().filter(|h| h.required).collect();
        if !required.is_empty() && count(sheet, &item.id) == 0 {
            let names: Vec<String> = required.iter().map(|h| h.title.clone()).collect();
            out.push(crate::scoring::Problem {
                kind: crate::scoring::ProblemKind::Warning,
                item: Some(item.id.clone()),
                rule: None,
                about: crate::scoring::About::Evidence,
                location: item_location(&loaded.ruleset, &item.id),
                message: format!("要求的佐证材料（{}）还没有添加", names.join("、")),
                question: Some(crate::scoring::Question {
                    key: REQUIRED_QUESTION.into(),
                    confirmed: sheet
                        .items
                        .get(&item.id)
                        .is_some_and(|e| e.confirmed.contains(REQUIRED_QUESTION)),
                }),
            });
        }
    }
    out
}

/// Whether a sheet is final is the sheet's and its 佐证材料's together: kept here, where both
/// are known (the sheet module knows nothing of evidence on disk).
impl Sheet {
    /// The warnings still waiting for the clerk's answer (fix or 确认无误): the report's and
    /// required 佐证材料 not attached. `report` is this sheet's `evaluate`. While any is open
    /// the sheet is not final: printed as 草稿, said by `kaoping pdf` and `package`.
    pub fn open_questions(
        &self,
        loaded: &LoadedRuleset,
        report: &crate::scoring::SheetReport,
    ) -> Vec<crate::scoring::Problem> {
        report
            .open_questions()
            .cloned()
            .chain(
                required_problems(self, loaded)
                    .into_iter()
                    .filter(crate::scoring::Problem::is_open_question),
            )
            .collect()
    }
}
