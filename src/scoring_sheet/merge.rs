//! A filled 评分表 checked against the inbox as it is now, then merged into each unit's
//! sealed review. Every cell is judged (a number within the item's points, an opinion where
//! the score differs from the self score, a 审核人, the row still the unit and item it was,
//! the unit's self score unchanged since the distribution); only rows without errors can
//! be merged, and only those chosen. A row touches its own item only, and only items of the
//! category its sheet is for.

use super::read::{Filled, FilledRow, RowError};
use super::{Inbox, InboxUnit, write::sheet_name};
use crate::catalog::Catalog;
use crate::document::{Mode, Session};
use crate::ruleset::{excerpt, fmt_dec};
use crate::sheet::ScoredBy;
pub use crate::sheet::{ScoreAction as Action, ScoreFromSheet};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One row judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedRow {
    pub sheet: String,
    pub row: u32,
    /// Known when the 核对 cell is intact.
    pub unit_id: String,
    pub item_id: String,
    /// 平江县 维权工作第2项, or the row's place when the row cannot be told.
    pub place: String,
    /// The score to merge, when the row gives one and it is right.
    pub score: Option<ScoreFromSheet>,
    pub errors: Vec<RowError>,
    /// What merging it would do (for a right row with a score).
    pub action: Option<Action>,
}

impl CheckedRow {
    /// A right row that gives a score: it can be chosen.
    pub fn mergeable(&self) -> bool {
        self.errors.is_empty() && self.score.is_some()
    }
}

/// A filled 评分表 judged against the inbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub id: String,
    pub title: String,
    pub rows: Vec<CheckedRow>,
}

impl Checked {
    pub fn errors(&self) -> impl Iterator<Item = &RowError> {
        self.rows.iter().flat_map(|r| r.errors.iter())
    }

    pub fn mergeable(&self) -> usize {
        self.rows.iter().filter(|r| r.mergeable()).count()
    }

    /// Items given a score that another already holds: the 办公室 will choose.
    pub fn disputes(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| r.mergeable() && matches!(r.action, Some(Action::Dispute { .. })))
            .count()
    }
}

/// Judges every row of `filled` against `inbox`.
pub fn check(filled: &Filled, inbox: &Inbox) -> Checked {
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    let mut seen: BTreeMap<(String, String), u32> = BTreeMap::new();
    let rows = filled
        .rows
        .iter()
        .map(|row| {
            let mut checked = check_row(row, filled, inbox, &today);
            let key = (checked.unit_id.clone(), checked.item_id.clone());
            if !key.0.is_empty() {
                if let Some(first) = seen.get(&key) {
                    let mut e = error(
                        row,
                        None,
                        format!("与第{first}行是同一单位的同一项：请只留一行"),
                    );
                    e.about = Some(checked.place.clone());
                    checked.errors.push(e);
                    checked.score = None;
                } else {
                    seen.insert(key, row.row);
                }
            }
            checked
        })
        .collect();
    Checked {
        id: filled.id.clone(),
        title: filled.title.clone(),
        rows,
    }
}

fn error(row: &FilledRow, column: Option<(&str, &str)>, message: String) -> RowError {
    RowError {
        sheet: row.sheet.clone(),
        row: row.row,
        column: column
            .filter(|(letter, _)| !letter.is_empty())
            .map(|(l, h)| (l.to_string(), h.to_string())),
        message,
        about: None,
    }
}

fn check_row(row: &FilledRow, filled: &Filled, inbox: &Inbox, today: &str) -> CheckedRow {
    let mut out = CheckedRow {
        sheet: row.sheet.clone(),
        row: row.row,
        unit_id: String::new(),
        item_id: String::new(),
        place: format!("{} 表第{}行", row.sheet, row.row),
        score: None,
        errors: Vec::new(),
        action: None,
    };
    let Some(found) = identify(row, inbox, &mut out) else {
        return with_place(out);
    };
    let score = match given_score(row) {
        Ok(Some(score)) => score,
        Ok(None) => return out,
        Err(e) => {
            out.errors.push(*e);
            return with_place(out);
        }
    };
    let Some(opened) = judge(row, &found, score, &mut out.errors) else {
        return with_place(out);
    };
    if out.errors.is_empty() {
        let s = ScoreFromSheet {
            item: found.item.id.clone(),
            score,
            note: row.opinion.clone(),
            scored: ScoredBy {
                by: row.reviewer.clone(),
                on: today.to_string(),
                sheet: filled.id.clone(),
                sheet_name: filled.title.clone(),
            },
        };
        out.action = Some(opened.sheet.score_action(&s));
        out.score = Some(s);
    }
    with_place(out)
}

/// Each error says which unit and item its row is, once that is known: the office finds 平江县
/// 维权工作第2项 without opening the workbook.
fn with_place(mut out: CheckedRow) -> CheckedRow {
    if !out.unit_id.is_empty() {
        for e in &mut out.errors {
            e.about = Some(out.place.clone());
        }
    }
    out
}

/// The unit and item a row is, as its 核对 cell says and its grey cells agree.
struct Found<'a> {
    unit: &'a InboxUnit,
    item: &'a crate::ruleset::Item,
    exported_self: Option<Decimal>,
}

/// Which unit and item the row is: from its 核对 cell, which must be intact, name an item of
/// the category its sheet is for, and agree with the row's 单位 and 项目 cells.
fn identify<'a>(row: &FilledRow, inbox: &'a Inbox, out: &mut CheckedRow) -> Option<Found<'a>> {
    let c = &row.columns;
    let Some((unit, item_id, exported_self)) = read_key(row, inbox) else {
        out.errors.push(error(
            row,
            Some((&c.key, "核对")),
            "最后一列“核对”被改动或删除，无法确认这一行是哪个单位的哪一项：请用分发的原表填写"
                .into(),
        ));
        return None;
    };
    let (cat, item) = inbox
        .ruleset
        .ruleset
        .items()
        .find(|(_, i)| i.id == item_id)?;
    let number = cat.items.iter().position(|i| i.id == item.id).unwrap_or(0) + 1;
    out.unit_id = unit.unit_id.clone();
    out.item_id = item.id.clone();
    out.place = format!("{} {}第{number}项", unit.unit_name, cat.name);
    if sheet_name(&cat.name) != row.sheet {
        out.errors.push(error(
            row,
            None,
            format!(
                "这一行是{}的项目，不属于“{}”表：只收回本表类别的评分",
                cat.name, row.sheet
            ),
        ));
        return None;
    }
    if row.unit_text != unit.unit_name || row.item_text != format!("第{number}项") {
        out.errors.push(error(
            row,
            Some((&c.unit, "单位")),
            format!(
                "单位或项目与分发时不同（表中是“{} {}”，应为“{} 第{number}项”）：请勿改动灰色各列",
                excerpt(&row.unit_text),
                excerpt(&row.item_text),
                unit.unit_name
            ),
        ));
    }
    Some(Found {
        unit,
        item,
        exported_self,
    })
}

/// The 考核得分 the row gives (`None`: left empty, as it may be), or why it is not one.
fn given_score(row: &FilledRow) -> Result<Option<Decimal>, Box<RowError>> {
    let c = &row.columns;
    if row.score_text.is_empty() {
        if !row.opinion.is_empty() || !row.reviewer.is_empty() {
            return Err(Box::new(error(
                row,
                Some((&c.score, "考核得分")),
                "填了考核意见或审核人，但没有考核得分".into(),
            )));
        }
        return Ok(None);
    }
    crate::input::parse_number(&row.score_text).map_err(|e| {
        Box::new(error(
            row,
            Some((&c.score, "考核得分")),
            format!(
                "考核得分应是数字，现为“{}”（{e}）",
                excerpt(&row.score_text)
            ),
        ))
    })
}

/// Every rule a given score must meet: within the item's points, the unit scorable (or the
/// row unchanged), its self score as exported, an opinion where the score differs, a 审核人.
/// The unit's sheet, when it has one.
fn judge<'a>(
    row: &FilledRow,
    found: &Found<'a>,
    score: Decimal,
    errors: &mut Vec<RowError>,
) -> Option<&'a crate::sheet::OpenedSheet> {
    let c = &row.columns;
    let (unit, item) = (found.unit, found.item);
    if let Err(msg) = crate::scoring::check_score(score, item.points) {
        errors.push(error(
            row,
            Some((&c.score, "考核得分")),
            format!("考核得分{msg}"),
        ));
    }
    let not_scored_here = || {
        error(
            row,
            Some((&c.score, "考核得分")),
            format!("{}：此行不评分", unit.state.words()),
        )
    };
    let Some(opened) = &unit.opened else {
        errors.push(not_scored_here());
        return None;
    };
    let current = opened.sheet.items.get(&item.id);
    let unchanged = current.and_then(|e| e.reviewed) == Some(score)
        && current.map_or("", |e| e.review_note.trim()) == row.opinion;
    if !unit.state.scorable() && !unchanged {
        errors.push(not_scored_here());
    }
    let words = |d: Option<Decimal>| d.map_or_else(|| "（未算出）".to_string(), fmt_dec);
    let self_now = opened.report.item(&item.id).and_then(|r| r.score);
    if self_now != found.exported_self {
        errors.push(error(
            row,
            Some((&c.self_score, "自查得分")),
            format!(
                "分发评分表后单位重新提交，此项的自查得分已由{}改为{}：请按新的内容评分（重新分发评分表，或在本程序中评）",
                words(found.exported_self),
                words(self_now)
            ),
        ));
    }
    if Some(score) != self_now && row.opinion.is_empty() {
        errors.push(error(
            row,
            Some((&c.opinion, "考核意见")),
            format!(
                "考核得分{}与自查得分{}不同，请填写考核意见（扣分或加分的理由）",
                fmt_dec(score),
                words(self_now)
            ),
        ));
    }
    if row.reviewer.is_empty() {
        errors.push(error(
            row,
            Some((&c.reviewer, "审核人")),
            "请填写审核人".into(),
        ));
    }
    Some(opened)
}

/// The unit, item and exported self score the 核对 cell names, when it names a unit of the
/// inbox and an item of its scheme.
fn read_key<'a>(
    row: &FilledRow,
    inbox: &'a Inbox,
) -> Option<(&'a InboxUnit, String, Option<Decimal>)> {
    let key = super::RowKey::parse(&row.key)?;
    let unit = inbox.unit(&key.unit_id)?;
    inbox.ruleset.ruleset.item(&key.item_id)?;
    Some((unit, key.item_id, key.self_score))
}

/// What a merge did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Merged {
    pub taken: usize,
    pub corrected: usize,
    pub same: usize,
    /// Items kept beside another score for the 办公室 to choose, in words.
    pub disputes: Vec<String>,
    /// The reviews saved.
    pub saved: Vec<PathBuf>,
    /// Units whose review could not be opened or saved, and why.
    pub failed: Vec<String>,
}

impl Merged {
    /// One line for the status bar and the command line.
    pub fn words(&self) -> String {
        let mut w = format!("已收回{}项考核得分", self.taken + self.corrected);
        if self.corrected > 0 {
            w.push_str(&format!("（其中{}项是同一评分表的更正）", self.corrected));
        }
        if self.same > 0 {
            w.push_str(&format!("，{}项与已有的相同", self.same));
        }
        if !self.disputes.is_empty() {
            w.push_str(&format!(
                "；{}项已有不同的考核得分，两份评分并列保存，请办公室在审核中选择",
                self.disputes.len()
            ));
        }
        w.push_str(&format!("，保存了{}个单位的审核", self.saved.len()));
        if !self.failed.is_empty() {
            w.push_str(&format!("；{}个单位没能保存", self.failed.len()));
        }
        w
    }
}

/// Merges the chosen right rows of `checked` into each unit's review (its review copy for a
/// 提交包), saved and sealed as a review made in the window is.
pub fn merge(
    checked: &Checked,
    chosen: impl Fn(&CheckedRow) -> bool,
    inbox: &Inbox,
    catalog: &Catalog,
) -> Merged {
    let mut by_unit: BTreeMap<&str, Vec<(&CheckedRow, &ScoreFromSheet)>> = BTreeMap::new();
    for row in &checked.rows {
        if let Some(s) = row
            .score
            .as_ref()
            .filter(|_| row.mergeable() && chosen(row))
        {
            by_unit
                .entry(row.unit_id.as_str())
                .or_default()
                .push((row, s));
        }
    }
    let mut merged = Merged::default();
    for unit in &inbox.units {
        let Some(rows) = by_unit.get(unit.unit_id.as_str()) else {
            continue;
        };
        let Some(path) = &unit.path else {
            continue;
        };
        let mut session = Session::new(None);
        session.set_mode(Mode::Review);
        if let Err(e) = session.open(path, catalog) {
            merged.failed.push(format!("{}：{e}", unit.unit_name));
            continue;
        }
        let scores: Vec<ScoreFromSheet> = rows.iter().map(|(_, s)| (*s).clone()).collect();
        let done = session.merge_scores(&scores);
        for ((row, s), action) in rows.iter().zip(&done) {
            match action {
                Action::Take => merged.taken += 1,
                Action::Correct { .. } => merged.corrected += 1,
                Action::Same => merged.same += 1,
                Action::Dispute { current, by } => merged.disputes.push(format!(
                    "{}：现为{}分，{by}；此评分表为{}分，{}",
                    row.place,
                    fmt_dec(*current),
                    fmt_dec(s.score),
                    s.scored.words()
                )),
            }
        }
        if !session.is_modified() {
            continue;
        }
        let Some(sheet_path) = session.path().map(PathBuf::from) else {
            continue;
        };
        match session.save_to(&sheet_path) {
            Ok(_) => merged.saved.push(sheet_path),
            Err(e) => merged.failed.push(format!("{}：{e}", unit.unit_name)),
        }
    }
    merged
}
