//! A department scoring its category in kaoping itself rather than in WPS: the 评分表 of the
//! inbox for that category, one unit at a time, the other categories shown read-only, every
//! score and opinion an undoable step, saved as the same workbook a department fills in WPS
//! (so the 办公室 takes it back the same way, 收回评分表…).

use super::{Inbox, Row, ScoringSheet, UnitState};
use crate::ruleset::{Category, fmt_dec};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// What a department enters on a row.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Entered {
    pub score: Option<Decimal>,
    pub opinion: String,
    pub reviewer: String,
}

/// One item of another category, for reading beside the department's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherItem {
    /// 办公室工作 第1项（…）.
    pub title: String,
    pub self_score: Option<Decimal>,
    /// The 考核得分 the office's review holds, if any.
    pub reviewed: Option<Decimal>,
}

/// A unit as the department's list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitLine {
    pub unit_id: String,
    pub unit_name: String,
    pub state: UnitState,
    /// Items of the category with a 考核得分 within their points, of all.
    pub scored: usize,
    pub items: usize,
}

/// A row of a distributed workbook as the department's row, when its 核对 is intact.
fn row_from_filled(r: &super::read::FilledRow) -> Option<Row> {
    let key = super::RowKey::parse(&r.key)?;
    let number = r
        .item_text
        .trim_start_matches('第')
        .trim_end_matches('项')
        .parse()
        .ok()?;
    let score = |t: &str| crate::input::parse_number(t).ok().flatten();
    Some(Row {
        unit_id: key.unit_id,
        unit_name: r.unit_text.clone(),
        category: r.sheet.clone(),
        item_id: key.item_id,
        number,
        content: r.given.content.clone(),
        rule_text: r.given.rule_text.clone(),
        points: score(&r.given.points)?,
        facts: r.given.facts.clone(),
        self_score: key.self_score,
        note: r.given.note.clone(),
        evidence: r
            .given
            .evidence
            .lines()
            .map(str::to_string)
            .filter(|l| !l.is_empty())
            .collect(),
        // A 核对 without the state (none is sent so) is scored as open: the office's 收回
        // judges the unit's state again anyway.
        state: key.state.unwrap_or(UnitState::Open),
        score: score(&r.score_text),
        opinion: r.opinion.clone(),
        reviewer: r.reviewer.clone(),
    })
}

/// Which of a row's fields a change is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Score,
    Opinion,
}

/// A department's scoring of its category, being entered.
#[derive(Debug, Clone)]
pub struct Draft {
    pub sheet: ScoringSheet,
    /// Each unit's items of the other categories (read-only).
    pub others: BTreeMap<String, Vec<OtherItem>>,
    /// The unit shown (index into `units()`).
    pub unit: usize,
    /// 审核人: recorded on every row scored from now on.
    pub reviewer: String,
    undo: Vec<(usize, Entered)>,
    redo: Vec<(usize, Entered)>,
    /// The row and field the last change was in: typing on in it is the same undo step.
    typing: Option<(usize, Field)>,
    changes: u64,
    saved_at_change: u64,
}

impl Draft {
    /// The 评分表 of `category` for every unit of the inbox, with each unit's other items.
    pub fn from_inbox(inbox: &Inbox, category: &Category) -> Draft {
        let sheet = ScoringSheet::of(inbox, &[category]);
        let mut others = BTreeMap::new();
        for unit in &inbox.units {
            let Some(o) = &unit.opened else { continue };
            let items = inbox
                .ruleset
                .ruleset
                .categories
                .iter()
                .filter(|c| c.id != category.id)
                .flat_map(|c| c.items.iter().map(move |i| (c, i)))
                .map(|(c, i)| OtherItem {
                    title: crate::ruleset::item_title(c, i),
                    self_score: o.report.item(&i.id).and_then(|r| r.score),
                    reviewed: o.sheet.items.get(&i.id).and_then(|e| e.reviewed),
                })
                .collect();
            others.insert(unit.unit_id.clone(), items);
        }
        Draft {
            sheet,
            others,
            unit: 0,
            reviewer: String::new(),
            undo: Vec::new(),
            redo: Vec::new(),
            typing: None,
            changes: 0,
            saved_at_change: 0,
        }
    }

    /// A distributed 评分表 opened to be scored here (a department given only the workbook):
    /// its rows as the workbook shows them, its number kept so the 办公室 takes it back as
    /// the same distribution. Rows whose 核对 was changed are left out, and counted.
    pub fn from_filled(filled: &super::read::Filled) -> (Draft, usize) {
        let mut rows = Vec::new();
        let mut left_out = 0;
        for r in &filled.rows {
            match row_from_filled(r) {
                Some(row) => rows.push(row),
                None => left_out += 1,
            }
        }
        let sheet = ScoringSheet {
            id: filled.id.clone(),
            title: filled.title.clone(),
            made_at: String::new(),
            scheme: filled.scheme.clone(),
            categories: filled.sheets.clone(),
            rows,
        };
        let draft = Draft {
            sheet,
            others: BTreeMap::new(),
            unit: 0,
            reviewer: String::new(),
            undo: Vec::new(),
            redo: Vec::new(),
            typing: None,
            changes: 0,
            saved_at_change: 0,
        };
        (draft, left_out)
    }

    /// The category's name (the categories', when the 评分表 holds several).
    pub fn category(&self) -> String {
        self.sheet.categories.join("、")
    }

    /// The units in the scheme's order, with how far each is scored.
    pub fn units(&self) -> Vec<UnitLine> {
        let mut out: Vec<UnitLine> = Vec::new();
        for row in &self.sheet.rows {
            if !out.iter().any(|u| u.unit_id == row.unit_id) {
                out.push(UnitLine {
                    unit_id: row.unit_id.clone(),
                    unit_name: row.unit_name.clone(),
                    state: row.state,
                    scored: 0,
                    items: 0,
                });
            }
            if let Some(u) = out.iter_mut().find(|u| u.unit_id == row.unit_id) {
                u.items += 1;
                // A score outside the item's points (typed so in WPS) is not yet a score.
                let valid = row
                    .score
                    .is_some_and(|s| crate::scoring::check_score(s, row.points).is_ok());
                u.scored += usize::from(valid);
            }
        }
        out
    }

    /// The rows of the unit shown, with their index into the sheet.
    pub fn rows_shown(&self) -> Vec<(usize, &Row)> {
        let Some(unit) = self.units().get(self.unit).map(|u| u.unit_id.clone()) else {
            return Vec::new();
        };
        self.sheet
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.unit_id == unit)
            .collect()
    }

    fn entered(&self, row: usize) -> Option<Entered> {
        self.sheet.rows.get(row).map(|r| Entered {
            score: r.score,
            opinion: r.opinion.clone(),
            reviewer: r.reviewer.clone(),
        })
    }

    fn put(&mut self, row: usize, e: Entered) {
        if let Some(r) = self.sheet.rows.get_mut(row) {
            r.score = e.score;
            r.opinion = e.opinion;
            r.reviewer = e.reviewer;
        }
    }

    /// Changes what a row holds; false when nothing changed (or the row's unit cannot be
    /// scored). Typing on in the same field is one undo step, as in the sheet.
    fn change(&mut self, row: usize, field: Field, f: impl FnOnce(&mut Entered)) -> bool {
        let Some(before) = self.entered(row) else {
            return false;
        };
        if !self.sheet.rows[row].state.scorable() {
            return false;
        }
        let mut after = before.clone();
        f(&mut after);
        if after == before {
            return false;
        }
        if self.typing != Some((row, field)) {
            self.undo.push((row, before));
        }
        self.typing = Some((row, field));
        self.redo.clear();
        self.put(row, after);
        self.changes = self.changes.wrapping_add(1);
        true
    }

    /// The 考核得分 of a row (`None` clears it), under the 审核人 named now.
    pub fn set_score(&mut self, row: usize, score: Option<Decimal>) -> bool {
        let reviewer = self.reviewer.trim().to_string();
        self.change(row, Field::Score, |e| {
            e.score = score;
            if score.is_some() && !reviewer.is_empty() {
                e.reviewer = reviewer;
            }
        })
    }

    pub fn set_opinion(&mut self, row: usize, opinion: &str) -> bool {
        let opinion = opinion.to_string();
        self.change(row, Field::Opinion, |e| e.opinion = opinion)
    }

    /// Undoes the last change; what it was, in words.
    pub fn undo(&mut self) -> Option<String> {
        self.step(false)
    }

    pub fn redo(&mut self) -> Option<String> {
        self.step(true)
    }

    /// Takes the last step off one stack (redo's or undo's), puts the row as it is now on
    /// the other, and shows the row as the step had it.
    fn step(&mut self, redo: bool) -> Option<String> {
        self.typing = None;
        let (row, then) = if redo {
            self.redo.pop()
        } else {
            self.undo.pop()
        }?;
        let now = self.entered(row)?;
        if redo {
            self.undo.push((row, now));
        } else {
            self.redo.push((row, now));
        }
        self.put(row, then);
        self.changes = self.changes.wrapping_add(1);
        self.sheet.rows.get(row).map(Row::place)
    }

    /// Something entered is not yet saved as a workbook.
    pub fn modified(&self) -> bool {
        self.changes != self.saved_at_change
    }

    pub fn mark_saved(&mut self) {
        self.saved_at_change = self.changes;
    }

    /// What a row still lacks before the 办公室 can take it: an opinion where the score
    /// differs from the self score, a 审核人.
    pub fn row_problem(row: &Row) -> Option<String> {
        let score = row.score?;
        if Some(score) != row.self_score && row.opinion.trim().is_empty() {
            return Some(format!(
                "考核得分{}与自查得分{}不同，请填写考核意见",
                fmt_dec(score),
                row.self_score
                    .map_or_else(|| "（未算出）".to_string(), fmt_dec)
            ));
        }
        if row.reviewer.trim().is_empty() {
            return Some("请填写审核人".into());
        }
        None
    }

    /// Every row's lack, with its place: said before a save (the workbook is saved anyway;
    /// the 办公室's 收回 would refuse those rows).
    pub fn problems(&self) -> Vec<String> {
        self.sheet
            .rows
            .iter()
            .filter_map(|r| Draft::row_problem(r).map(|p| format!("{}：{p}", r.place())))
            .collect()
    }

    /// The workbook to send back.
    pub fn to_xlsx(&self) -> Result<Vec<u8>, String> {
        super::to_xlsx(&self.sheet)
    }
}
