//! A department's 评分表. The federation's seven departments each score their own category
//! of the sheet for every unit, and the 办公室 compiles. `Inbox` is the office's inbox as
//! the departments see it: each unit of the scheme with the file it sent (or why there is
//! none to score). `ScoringSheet` is one or more categories of it, one row per unit and item,
//! with what the unit entered and empty 考核得分 / 考核意见 / 审核人; it goes out as a
//! workbook (`write`), with the 佐证材料 in a folder beside it (`files`), is filled in WPS or
//! in kaoping's 部门评分 view, and comes back (`read`), every cell checked against the inbox
//! as it is then and merged into each unit's sealed review (`merge`), never over another
//! department's items and never over a different score without the 办公室 choosing.

use crate::catalog::{Catalog, LoadedRuleset};
use crate::ruleset::{Category, Item, fmt_dec};
use crate::scoring::Fact;
use crate::sheet::{OpenedSheet, ReviewState, SheetError};
use crate::summary::{Opened, Summary};
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod draft;
pub mod files;
mod merge;
mod read;
mod write;
pub use draft::{Draft, Entered, OtherItem, UnitLine};
pub use merge::{Action, Checked, CheckedRow, Merged, ScoreFromSheet, check, merge};
pub use read::{FilledRow, RowError, read_filled};
pub use write::to_xlsx;

/// Where a unit stands for the departments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitState {
    /// Its file can be scored.
    Open,
    /// 已审核: its scores are final unless the 办公室 reopens it.
    Approved,
    /// 退回修改, waiting for the unit to send it again.
    Returned,
    /// Nothing received.
    NotSubmitted,
    /// A file names the unit but cannot be read.
    Unreadable,
    /// Two files for the unit: the 办公室 keeps one first.
    Duplicate,
}

impl UnitState {
    pub const ALL: [UnitState; 6] = [
        UnitState::Open,
        UnitState::Approved,
        UnitState::Returned,
        UnitState::NotSubmitted,
        UnitState::Unreadable,
        UnitState::Duplicate,
    ];

    /// The state as the 核对 cell carries it (data, never the words read back).
    fn code(self) -> &'static str {
        match self {
            UnitState::Open => "open",
            UnitState::Approved => "approved",
            UnitState::Returned => "returned",
            UnitState::NotSubmitted => "none",
            UnitState::Unreadable => "unreadable",
            UnitState::Duplicate => "duplicate",
        }
    }

    fn from_code(code: &str) -> Option<UnitState> {
        UnitState::ALL.into_iter().find(|s| s.code() == code)
    }

    /// What the row's 状态 cell says.
    pub fn words(self) -> &'static str {
        match self {
            UnitState::Open => "可评分",
            UnitState::Approved => "已审核，如需改分请办公室先改回待审核",
            UnitState::Returned => "已退回修改，等单位重新提交后再评",
            UnitState::NotSubmitted => "未提交，不评分",
            UnitState::Unreadable => "收到的文件无法读取，不评分",
            UnitState::Duplicate => "收到两份文件，请办公室先在汇总中取舍",
        }
    }

    pub fn scorable(self) -> bool {
        self == UnitState::Open
    }
}

/// One unit of the scheme in the inbox.
#[derive(Debug, Clone)]
pub struct InboxUnit {
    pub unit_id: String,
    pub unit_name: String,
    pub state: UnitState,
    /// The file it sent (a 提交包 or a bare sheet), when there is exactly one that reads.
    pub path: Option<PathBuf>,
    /// That file's sheet with the office's review laid over it (the review copy's).
    pub opened: Option<OpenedSheet>,
}

/// The office's inbox as the departments score it.
#[derive(Debug, Clone)]
pub struct Inbox {
    pub ruleset: Arc<LoadedRuleset>,
    /// Every unit of the scheme, in its order.
    pub units: Vec<InboxUnit>,
}

impl Inbox {
    /// Reads the sheets and 提交包 in `inputs` (files and folders) as the comparison does,
    /// each with the office's review of it.
    pub fn read(inputs: &[PathBuf], catalog: &Catalog) -> Inbox {
        Inbox::read_excluding(inputs, &[], catalog)
    }

    /// `read`, leaving out the files taken out of the comparison.
    pub fn read_excluding(inputs: &[PathBuf], excluded: &[PathBuf], catalog: &Catalog) -> Inbox {
        let (mut files, _) = crate::summary::collect_files(inputs);
        files.retain(|f| !excluded.iter().any(|e| crate::summary::same_file(e, f)));
        let opened: Vec<(PathBuf, Result<Opened, SheetError>)> = files
            .iter()
            .map(|p| (p.clone(), crate::summary::open_whole(p, catalog)))
            .collect();
        let summary = Summary::from_opened(opened.clone());
        let mut units: Vec<InboxUnit> = Vec::new();
        for row in &summary.rows {
            if let Some(u) = units.iter_mut().find(|u| u.unit_id == row.unit_id) {
                // A second row of one unit: two files.
                u.state = UnitState::Duplicate;
                u.path = None;
                u.opened = None;
                continue;
            }
            let found = row.sheet.as_ref().and_then(|s| {
                opened
                    .iter()
                    .find(|(p, _)| p == &s.path)
                    .and_then(|(p, o)| o.as_ref().ok().map(|o| (p.clone(), o.sheet.clone())))
            });
            let state = match (&row.sheet, &found) {
                (None, _) if row.unreadable => UnitState::Unreadable,
                (None, _) | (Some(_), None) => UnitState::NotSubmitted,
                (Some(_), Some((_, o))) => match o.sheet.review_state() {
                    ReviewState::Approved => UnitState::Approved,
                    ReviewState::Returned => UnitState::Returned,
                    ReviewState::Pending => UnitState::Open,
                },
            };
            let (path, opened) = found.map_or((None, None), |(p, o)| (Some(p), Some(o)));
            units.push(InboxUnit {
                unit_id: row.unit_id.clone(),
                unit_name: row.unit_name.clone(),
                state,
                path,
                opened,
            });
        }
        units.sort_by_key(|u| {
            summary
                .ruleset
                .ruleset
                .units
                .iter()
                .position(|x| x.id == u.unit_id)
        });
        Inbox {
            ruleset: summary.ruleset,
            units,
        }
    }

    pub fn unit(&self, id: &str) -> Option<&InboxUnit> {
        self.units.iter().find(|u| u.unit_id == id)
    }
}

/// The categories asked for: one by its name (or id, or a name's start: 维权), or all.
pub fn categories<'a>(
    loaded: &'a LoadedRuleset,
    which: Option<&str>,
) -> Result<Vec<&'a Category>, String> {
    let all = &loaded.ruleset.categories;
    let Some(which) = which.map(str::trim).filter(|w| !w.is_empty()) else {
        return Ok(all.iter().collect());
    };
    let found = all
        .iter()
        .find(|c| c.name == which || c.id == which)
        .or_else(|| {
            let mut starting = all.iter().filter(|c| c.name.starts_with(which));
            match (starting.next(), starting.next()) {
                (Some(c), None) => Some(c),
                _ => None,
            }
        });
    found.map(|c| vec![c]).ok_or_else(|| {
        let names: Vec<&str> = all.iter().map(|c| c.name.as_str()).collect();
        format!(
            "考核规则中没有类别“{}”。可选：{}",
            crate::ruleset::excerpt(which),
            names.join("、")
        )
    })
}

/// One row of a 评分表: a unit and an item of the category, what the unit entered, and the
/// department's part (empty, or what the office's review already holds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub unit_id: String,
    pub unit_name: String,
    pub category: String,
    pub item_id: String,
    /// 第1项, the item's number in its category.
    pub number: usize,
    pub content: String,
    pub rule_text: String,
    pub points: Decimal,
    /// What the unit entered, in words (市妇联采用信息：78条；…).
    pub facts: String,
    pub self_score: Option<Decimal>,
    pub note: String,
    /// The 佐证材料's titles.
    pub evidence: Vec<String>,
    pub state: UnitState,
    /// The department's part.
    pub score: Option<Decimal>,
    pub opinion: String,
    pub reviewer: String,
}

impl Row {
    /// 平江县 维权工作第2项.
    pub fn place(&self) -> String {
        format!("{} {}第{}项", self.unit_name, self.category, self.number)
    }

    /// The hidden 核对 cell: which unit and item the row is, the self score it showed and
    /// the unit's state then, so a row moved, retyped or outdated by a resend is found on
    /// the way back, and a workbook opened to be scored knows which rows are open.
    pub fn key(&self) -> String {
        format!(
            "{}|{}|{}|{}",
            self.unit_id,
            self.item_id,
            self.self_score.map(fmt_dec).unwrap_or_default(),
            self.state.code()
        )
    }
}

/// What a 核对 cell says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowKey {
    pub unit_id: String,
    pub item_id: String,
    pub self_score: Option<Decimal>,
    /// Absent from a 核对 made before the state was carried.
    pub state: Option<UnitState>,
}

impl RowKey {
    /// `unit|item|self score[|state]`; `None` when it is not one (typed over, cut).
    pub fn parse(key: &str) -> Option<RowKey> {
        let parts: Vec<&str> = key.split('|').collect();
        let (unit, item, self_score, state) = match parts.as_slice() {
            [u, i, s] => (*u, *i, *s, None),
            [u, i, s, st] => (*u, *i, *s, Some(UnitState::from_code(st)?)),
            _ => return None,
        };
        if unit.is_empty() || item.is_empty() {
            return None;
        }
        Some(RowKey {
            unit_id: unit.to_string(),
            item_id: item.to_string(),
            self_score: match self_score {
                "" => None,
                s => Some(s.parse().ok()?),
            },
            state,
        })
    }
}

/// One or more categories of the inbox, to be scored by a department.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoringSheet {
    /// Names this distribution (category and time): a second workbook from the same one is
    /// a correction of the first, anything else scoring the same item is another opinion.
    pub id: String,
    /// 维权工作评分表 12月7日10:31分发.
    pub title: String,
    pub made_at: String,
    /// The scheme in words: 2015年县市区妇联工作绩效考核自评表（2015年度）.
    pub scheme: String,
    /// The categories' names, in the scheme's order.
    pub categories: Vec<String>,
    pub rows: Vec<Row>,
}

impl ScoringSheet {
    /// The 评分表 of `categories` for every unit of the inbox, each unit's part prefilled
    /// with the office's review of it where there is one.
    pub fn of(inbox: &Inbox, categories: &[&Category]) -> ScoringSheet {
        let now = chrono::Local::now();
        let names: Vec<String> = categories.iter().map(|c| c.name.clone()).collect();
        let label = if names.len() == 1 {
            names[0].clone()
        } else {
            "各类别".to_string()
        };
        let mut rows = Vec::new();
        for cat in categories {
            for unit in &inbox.units {
                for (i, item) in cat.items.iter().enumerate() {
                    rows.push(row_of(unit, cat, i + 1, item));
                }
            }
        }
        let rs = &inbox.ruleset.ruleset;
        ScoringSheet {
            id: format!("{label} {}", now.format("%Y-%m-%d %H:%M:%S")),
            title: format!("{label}评分表 {}分发", now.format("%-m月%-d日%H:%M")),
            made_at: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            scheme: format!("{}（{}年度）", rs.title, rs.year),
            categories: names,
            rows,
        }
    }
}

fn row_of(unit: &InboxUnit, cat: &Category, number: usize, item: &Item) -> Row {
    let mut row = Row {
        unit_id: unit.unit_id.clone(),
        unit_name: unit.unit_name.clone(),
        category: cat.name.clone(),
        item_id: item.id.clone(),
        number,
        content: item.content.trim().to_string(),
        rule_text: item.rule_text.trim().to_string(),
        points: item.points,
        facts: String::new(),
        self_score: None,
        note: String::new(),
        evidence: Vec::new(),
        state: unit.state,
        score: None,
        opinion: String::new(),
        reviewer: String::new(),
    };
    let Some(o) = &unit.opened else {
        return row;
    };
    let entry = o.sheet.items.get(&item.id);
    let result = o.report.item(&item.id);
    row.facts = facts_in_words(item, o);
    row.self_score = result.and_then(|r| r.score);
    row.note = entry.map(|e| e.note.trim().to_string()).unwrap_or_default();
    row.evidence = o
        .sheet
        .evidence
        .get(&item.id)
        .map(|l| l.iter().map(|f| f.title.clone()).collect())
        .unwrap_or_default();
    row.score = entry.and_then(|e| e.reviewed);
    row.opinion = entry
        .map(|e| e.review_note.trim().to_string())
        .unwrap_or_default();
    row.reviewer = o
        .sheet
        .review
        .as_ref()
        .and_then(|r| r.scored_by.get(&item.id))
        .map(|s| s.by.clone())
        .unwrap_or_default();
    row
}

/// What the unit entered for an item, in words: each input with its value, what a 台账
/// gave, a manual score with its reason.
pub fn facts_in_words(item: &Item, o: &OpenedSheet) -> String {
    use crate::scoring::ExplanationKind;
    let mut parts = Vec::new();
    let entry = o.sheet.items.get(&item.id);
    for rule in item.all_rules() {
        let Some(fact) = entry.and_then(|e| e.facts.get(&rule.id)) else {
            continue;
        };
        let value = match fact {
            Fact::Flag(true) => "是".to_string(),
            Fact::Flag(false) => "否".to_string(),
            Fact::Number(d) => d.normalize().to_string(),
            Fact::Text(t) => t.trim().to_string(),
        };
        parts.push(format!("{}：{value}", rule.label.trim()));
    }
    if let Some(result) = o.report.item(&item.id) {
        parts.extend(
            result
                .explanations
                .iter()
                .filter(|e| matches!(e.kind, ExplanationKind::Ledger | ExplanationKind::Manual))
                .map(|e| e.text.clone()),
        );
    }
    if parts.is_empty() {
        "（未填）".into()
    } else {
        parts.join("；")
    }
}

/// Whether a file is a 评分表 workbook (its sheets 说明 and 审核人), not a scheme's or
/// another spreadsheet.
pub fn is_scoring_workbook(path: &Path) -> bool {
    if !crate::workbook::is_workbook(path) {
        return false;
    }
    crate::fsio::read_limited(path, crate::fsio::MAX_FILE_BYTES)
        .ok()
        .and_then(|bytes| crate::workbook::sheet_names(&bytes))
        .is_some_and(|names| {
            names.iter().any(|n| n == write::GUIDE_SHEET)
                && names.iter().any(|n| n == write::REVIEWERS_SHEET)
        })
}

/// The folder beside a 评分表 workbook that holds the units' 佐证材料.
pub fn files_folder(workbook: &Path) -> PathBuf {
    let stem = workbook
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "评分表".into());
    workbook
        .parent()
        .unwrap_or(Path::new("."))
        .join(format!("{stem}_佐证材料"))
}
