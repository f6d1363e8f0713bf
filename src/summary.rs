//! The municipal office's comparison: many sheet files (files or folders) → one row per unit
//! of the ruleset with self total, reviewed total, category subtotals and rank. A unit with
//! no file is 未提交; two files for one unit are both shown and reported, never merged; a
//! file that cannot be used is listed with its message while the others still count.
//!
//! `Summary::table` turns it into a plain table (words and exact numbers) that the window,
//! the CSV, the xlsx and the PDF all print the same way.

use crate::catalog::{Catalog, LoadedRuleset};
use crate::sheet::ReviewState;
use rust_decimal::Decimal;
use std::cmp::Ordering;
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod collect;
mod count;
mod notes;
mod review_notes;
mod row_state;
mod scoring_progress;
pub use row_state::{Attention, Unranked};
pub use scoring_progress::CategoryProgress;
mod years;
use crate::progress::Progress;
pub use crate::table::{Cell, Column, Table};
use collect::sniff_unit;
pub use collect::{Opened, PackageFacts, collect_files, open_all, open_all_with, open_whole};
pub use notes::{NoteKind, late};
pub use review_notes::{ItemNote, Loss};
use review_notes::{item_notes, losses};
pub use years::{across_years, across_years_from_paths};

/// A unit's sheet as it counts in the comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submitted {
    pub path: PathBuf,
    pub self_total: Decimal,
    /// Once any item has a 考核得分.
    pub reviewed_total: Option<Decimal>,
    /// In the ruleset's category order.
    pub self_subtotals: Vec<Decimal>,
    pub reviewed_subtotals: Vec<Option<Decimal>>,
    /// (self score, 考核得分) of every item, in the ruleset's item order.
    pub item_scores: Vec<(Option<Decimal>, Option<Decimal>)>,
    /// Every item scored and no error (the unit's side).
    pub complete: bool,
    /// Items with a 考核得分, of `items`.
    pub reviewed_items: usize,
    pub items: usize,
    pub review: ReviewState,
    pub resubmitted: bool,
    /// Items the unit changed in a resend that have no 考核得分 yet (需重审).
    pub recheck: usize,
    /// Some 考核得分 came from a department's 评分表.
    pub by_departments: bool,
    /// Items scored twice, differently, waiting for the 办公室 to choose.
    pub disputed: usize,
    /// When the unit first submitted, as the office's review recorded it (else this file's
    /// time): lateness is judged by it.
    pub first_submitted_at: String,
    /// A resend after a return came after the return's own deadline (重新提交截止).
    pub resent_late: bool,
    /// Review data the file arrived with that is not this office's (left out), and why.
    pub refused_review: Option<String>,
    /// Where the file's stored scores disagree with the rules.
    pub discrepancies: Vec<String>,
    /// The unit's own save time, RFC 3339.
    pub saved_at: String,
    pub fingerprint: String,
    /// 提交时间: when the package was made, or the sheet saved (RFC 3339).
    pub submitted_at: String,
    /// Submitted after the ruleset's deadline.
    pub late: bool,
    /// 佐证材料 listed by the sheet, and 盖章扫描件.
    pub evidence: usize,
    pub scans: usize,
    /// Read from a 提交包 (a zip) rather than a bare sheet.
    pub from_package: bool,
    /// What checking the package against its manifest found (tampering, missing files).
    pub package_problems: Vec<String>,
    /// Items with a 自评说明, a 考核意见 or a 考核得分 other than the self score, in order.
    pub item_notes: Vec<ItemNote>,
    /// Where points were lost, largest first, on the basis the unit ranks by (`final_total`).
    pub losses: Vec<Loss>,
}

impl Submitted {
    /// Nothing scored at all: an empty sheet is not a score of 0.
    pub fn blank(&self) -> bool {
        self.item_scores
            .iter()
            .all(|(own, reviewed)| own.is_none() && reviewed.is_none())
    }

    /// The 考核得分 cell: the total once every item has one, 审核中（已审10/44项） before,
    /// nothing before the first.
    pub fn reviewed_cell(&self) -> Cell {
        match self.reviewed_total {
            Some(total) if self.reviewed_items == self.items => Cell::Number(total),
            Some(_) => Cell::Text(format!(
                "审核中（已审{}/{}项）",
                self.reviewed_items, self.items
            )),
            None => Cell::Empty,
        }
    }

    /// The 考核得分 total, only when every item has one.
    pub fn complete_reviewed_total(&self) -> Option<Decimal> {
        self.reviewed_total
            .filter(|_| self.reviewed_items == self.items)
    }

    /// The sheet has been reviewed to the end (已审核): its 考核得分 count.
    pub fn approved(&self) -> bool {
        self.review == ReviewState::Approved && self.reviewed_total.is_some()
    }

    /// The total the rank goes by: 考核得分 once 已审核, the self score before.
    pub fn final_total(&self) -> Decimal {
        match (self.approved(), self.reviewed_total) {
            (true, Some(r)) => r,
            _ => self.self_total,
        }
    }

    /// A category subtotal on the same basis as `final_total`.
    pub fn final_subtotal(&self, i: usize) -> Option<Decimal> {
        if self.approved() {
            self.reviewed_subtotals.get(i).copied().flatten()
        } else {
            self.self_subtotals.get(i).copied()
        }
    }

    /// 待审核 / 已审核 / 退回修改, and what else is wrong, in a few words.
    pub fn state_text(&self) -> String {
        let mut words = vec![self.review.label().to_string()];
        if self.resubmitted {
            words[0] = "退回后已重新提交".into();
        } else if self.review == ReviewState::Pending
            && self.reviewed_items > 0
            && self.reviewed_items < self.items
        {
            words[0] = "审核中".into();
        }
        if self.recheck > 0 {
            words.push(format!("{}项需重审", self.recheck));
        }
        if self.disputed > 0 {
            words.push(format!("{}项两份评分待选", self.disputed));
        }
        if self.refused_review.is_some() {
            words.push("自带审核未采用".into());
        }
        if !self.complete {
            words.push("未填完".into());
        }
        if !self.discrepancies.is_empty() {
            words.push("得分与规则不符".into());
        }
        if !self.package_problems.is_empty() {
            words.push("提交包与清单不符，未排名".into());
        }
        if self.blank() {
            words.push("空白表，未排名".into());
        }
        if self.resent_late {
            words.push("重新提交逾期".into());
        } else if self.late {
            words.push("逾期".into());
        }
        words.join("，")
    }
}

/// One row of the comparison: a unit of the ruleset and its file (or none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRow {
    pub unit_id: String,
    pub unit_name: String,
    pub class_name: String,
    /// Position of the unit in the ruleset (the order of the official list).
    pub order: usize,
    /// `None`: 未提交.
    pub sheet: Option<Submitted>,
    /// Another file names the same unit.
    pub duplicate: bool,
    /// 1 = best; shared on a tie (1, 2, 2, 4). None for 未提交, duplicates, a package that
    /// disagrees with its manifest and a blank sheet (see `Unranked`).
    pub rank: Option<u32>,
    /// No usable file, but a file was received that names this unit and cannot be read.
    pub unreadable: bool,
}

impl UnitRow {
    pub fn state_text(&self) -> String {
        match (&self.sheet, self.duplicate) {
            (None, _) if self.unreadable => "收到文件但无法读取".into(),
            (None, _) => "未提交".into(),
            (Some(s), true) => format!("重复文件，{}", s.state_text()),
            (Some(s), false) => s.state_text(),
        }
    }

    /// Why a unit with a file has no rank, if it has none.
    pub fn unranked(&self) -> Option<Unranked> {
        let s = self.sheet.as_ref()?;
        if self.duplicate {
            Some(Unranked::Duplicate)
        } else if !s.package_problems.is_empty() {
            Some(Unranked::PackageDisagrees)
        } else if s.blank() {
            Some(Unranked::Blank)
        } else {
            None
        }
    }
}

/// A file that could not be counted, and why.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Failure {
    pub path: PathBuf,
    pub message: String,
    /// The unit the file names, when that much of it could be read (a truncated file whose
    /// 填报单位 line is intact): the unit is then not 未提交 but 收到文件但无法读取.
    pub unit: Option<String>,
}

/// Two or more files for one unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    pub unit_name: String,
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct Summary {
    pub ruleset: Arc<LoadedRuleset>,
    /// Every unit of the ruleset at least once (twice or more when duplicated).
    pub rows: Vec<UnitRow>,
    pub failures: Vec<Failure>,
    pub duplicates: Vec<Duplicate>,
    /// Files of other schemes, not ranked with these: (scheme as named, number of files).
    pub other_schemes: Vec<(String, usize)>,
}

impl Summary {
    /// Collects, opens and compares the sheets named by `inputs` (files and folders).
    pub fn from_paths(inputs: &[PathBuf], catalog: &Catalog) -> Summary {
        Summary::from_paths_excluding(inputs, &[], catalog)
    }

    /// As `from_paths`, leaving out files the user took out of the comparison (one of two
    /// files for a unit, say) even when a folder holds them.
    pub fn from_paths_excluding(
        inputs: &[PathBuf],
        excluded: &[PathBuf],
        catalog: &Catalog,
    ) -> Summary {
        Self::from_paths_with(inputs, excluded, catalog, &Progress::new())
    }

    /// `from_paths_excluding`, the files opened counted in `progress` (a cancelled reading
    /// is incomplete: the caller throws it away).
    pub fn from_paths_with(
        inputs: &[PathBuf],
        excluded: &[PathBuf],
        catalog: &Catalog,
        progress: &Progress,
    ) -> Summary {
        progress.begin_files("正在查找考评表和提交包", 0);
        let (mut files, mut failures) = collect_files(inputs);
        files.retain(|f| !excluded.iter().any(|e| same_file(e, f)));
        let opened = open_all_with(&files, catalog, progress);
        let mut summary = Summary::from_opened(opened);
        failures.append(&mut summary.failures);
        summary.failures = failures;
        summary
    }

    /// Units without a file (未提交), in the ruleset's order.
    pub fn missing(&self) -> Vec<&str> {
        self.rows
            .iter()
            .filter(|r| r.sheet.is_none() && !r.unreadable)
            .map(|r| r.unit_name.as_str())
            .collect()
    }

    /// Units whose only files could not be read (收到文件但无法读取), in the ruleset's order.
    pub fn unreadable(&self) -> Vec<&str> {
        self.rows
            .iter()
            .filter(|r| r.sheet.is_none() && r.unreadable)
            .map(|r| r.unit_name.as_str())
            .collect()
    }

    /// Units with a file counted, each once (a unit with two files is one unit).
    pub fn units_received(&self) -> usize {
        let mut units: Vec<&str> = self
            .rows
            .iter()
            .filter(|r| r.sheet.is_some())
            .map(|r| r.unit_id.as_str())
            .collect();
        units.dedup();
        units.len()
    }

    /// Packages whose files differ from their manifest: not ranked until resolved.
    pub fn disagreeing_packages(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| r.unranked() == Some(Unranked::PackageDisagrees))
            .count()
    }

    /// Rows ordered by a column; empty values (未提交, no reviewed score) go last either way,
    /// ties keep the official order of units.
    pub fn sorted_rows(&self, sort: SortKey) -> Vec<&UnitRow> {
        let mut rows: Vec<&UnitRow> = self.rows.iter().collect();
        rows.sort_by(|a, b| {
            let (va, vb) = (sort_value(a, sort.column), sort_value(b, sort.column));
            let by_value = match (&va, &vb) {
                (None, None) => Ordering::Equal,
                (None, Some(_)) => Ordering::Greater,
                (Some(_), None) => Ordering::Less,
                (Some(x), Some(y)) => {
                    let o = x.cmp(y);
                    if sort.descending { o.reverse() } else { o }
                }
            };
            by_value.then(a.order.cmp(&b.order))
        });
        rows
    }

    /// Column titles: 排名 · 单位 · 类别 · 状态 · 自查得分 · 考核得分 · one per category · 文件.
    pub fn headers(&self) -> Vec<Column> {
        let mut h: Vec<Column> = ["排名", "单位", "类别", "状态", "自查得分", "考核得分"]
            .into_iter()
            .map(Column::plain)
            .collect();
        for c in &self.ruleset.ruleset.categories {
            h.push(Column::category(c.name.clone(), c.points));
        }
        h.push(Column::plain("文件"));
        h
    }

    /// The table in words and exact numbers, rows in the given order, with the notes that
    /// belong under it (ranking basis, duplicates, files not counted, units not submitted).
    pub fn table(&self, sort: SortKey) -> Table {
        let rs = &self.ruleset.ruleset;
        let rows = self
            .sorted_rows(sort)
            .into_iter()
            .map(|r| self.row_cells(r))
            .collect();
        Table {
            title: format!("{}年度县市区妇联工作绩效考核汇总表", rs.year),
            headers: self.headers(),
            rows,
            notes: self.notes(),
        }
    }

    /// The table as printed (the 汇总表 PDF): no 文件 column, notes without paths.
    pub fn printed_table(&self, sort: SortKey) -> Table {
        let mut t = self.table(sort);
        t.headers.pop();
        for row in &mut t.rows {
            row.pop();
        }
        t.notes = self.printed_notes();
        t
    }

    /// One row of the table, as the window shows it and every export writes it.
    pub fn row_cells(&self, r: &UnitRow) -> Vec<Cell> {
        let categories = self.ruleset.ruleset.categories.len();
        let mut cells = vec![
            r.rank
                .map(|n| Cell::Number(n.into()))
                .unwrap_or(Cell::Empty),
            Cell::Text(r.unit_name.clone()),
            Cell::Text(r.class_name.clone()),
            Cell::Text(r.state_text()),
        ];
        match &r.sheet {
            Some(s) => {
                cells.push(Cell::Number(s.self_total));
                cells.push(s.reviewed_cell());
                for i in 0..categories {
                    cells.push(s.final_subtotal(i).map(Cell::Number).unwrap_or(Cell::Empty));
                }
                cells.push(Cell::Text(crate::fsio::file_name(&s.path)));
            }
            None => cells.extend((0..categories + 3).map(|_| Cell::Empty)),
        }
        cells
    }

    /// What a reader of the table must know, one sentence each.
    pub fn notes(&self) -> Vec<String> {
        self.notes_by_kind().into_iter().map(|(_, n)| n).collect()
    }
}

/// Two paths name the same file (compared as the system resolves them, when it can).
pub fn same_file(a: &Path, b: &Path) -> bool {
    a == b
        || matches!(
            (std::fs::canonicalize(a), std::fs::canonicalize(b)),
            (Ok(x), Ok(y)) if x == y
        )
}

/// Competition ranking by `final_total`, highest first: 1, 2, 2, 4.
fn rank_rows(rows: &mut [UnitRow]) {
    let mut ranked: Vec<(usize, Decimal)> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.unranked().is_none())
        .filter_map(|(i, r)| r.sheet.as_ref().map(|s| (i, s.final_total())))
        .collect();
    ranked.sort_by_key(|r| std::cmp::Reverse(r.1));
    for (pos, &(i, total)) in ranked.iter().enumerate() {
        let first = ranked.iter().position(|(_, t)| *t == total).unwrap_or(pos);
        rows[i].rank = Some(first as u32 + 1);
    }
}

/// Which column the rows are ordered by (an index into `Summary::headers`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortKey {
    pub column: usize,
    pub descending: bool,
}

impl Default for SortKey {
    /// By rank, best first.
    fn default() -> Self {
        SortKey {
            column: COL_RANK,
            descending: false,
        }
    }
}

pub const COL_RANK: usize = 0;
pub const COL_UNIT: usize = 1;
pub const COL_CLASS: usize = 2;
pub const COL_STATE: usize = 3;
pub const COL_SELF: usize = 4;
pub const COL_REVIEWED: usize = 5;
/// The first category column; the file name column follows the categories.
pub const COL_FIRST_CATEGORY: usize = 6;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum SortValue {
    Number(Decimal),
    Text(String),
}

fn sort_value(row: &UnitRow, column: usize) -> Option<SortValue> {
    let sheet = row.sheet.as_ref();
    match column {
        COL_RANK => row.rank.map(|r| SortValue::Number(r.into())),
        // The official order of units, not the code points of their names.
        COL_UNIT => Some(SortValue::Number(row.order.into())),
        COL_CLASS => Some(SortValue::Text(row.class_name.clone())),
        COL_STATE => Some(SortValue::Text(row.state_text())),
        COL_SELF => sheet.map(|s| SortValue::Number(s.self_total)),
        COL_REVIEWED => sheet
            .and_then(Submitted::complete_reviewed_total)
            .map(SortValue::Number),
        c => {
            let sheet = sheet?;
            let i = c - COL_FIRST_CATEGORY;
            if i < sheet.self_subtotals.len() {
                sheet.final_subtotal(i).map(SortValue::Number)
            } else {
                Some(SortValue::Text(crate::fsio::file_name(&sheet.path)))
            }
        }
    }
}
