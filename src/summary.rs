//! The municipal office's comparison: many sheet files (files or folders) → one row per unit
//! of the ruleset with self total, reviewed total, category subtotals and rank. A unit with
//! no file is 未提交; two files for one unit are both shown and reported, never merged; a
//! file that cannot be used is listed with its message while the others still count.
//!
//! `Summary::table` turns it into a plain table (words and exact numbers) that the window,
//! the CSV, the xlsx and the PDF all print the same way.

use crate::catalog::{Catalog, LoadedRuleset, default_ruleset};
use crate::ruleset::fmt_dec;
use crate::sheet::{FILE_EXTENSION, OpenedSheet, ReviewState, SheetError, open_sheet};
use rust_decimal::Decimal;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
}

impl Submitted {
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
        }
        if !self.complete {
            words.push("未填完".into());
        }
        if !self.discrepancies.is_empty() {
            words.push("得分与规则不符".into());
        }
        if !self.package_problems.is_empty() {
            words.push("提交包与清单不符".into());
        }
        if self.late {
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
    /// 1 = best; shared on a tie (1, 2, 2, 4). None for 未提交 and duplicates.
    pub rank: Option<u32>,
}

impl UnitRow {
    pub fn state_text(&self) -> String {
        match (&self.sheet, self.duplicate) {
            (None, _) => "未提交".into(),
            (Some(s), true) => format!("重复文件，{}", s.state_text()),
            (Some(s), false) => s.state_text(),
        }
    }
}

/// A file that could not be counted, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub path: PathBuf,
    pub message: String,
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
}

/// The `.kaoping` files named by `inputs`: files as given, folders searched (with their
/// subfolders) for sheet files, in name order. Paths that do not exist are failures.
pub fn collect_files(inputs: &[PathBuf]) -> (Vec<PathBuf>, Vec<Failure>) {
    let mut files = Vec::new();
    let mut failures = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found = Vec::new();
            walk(input, &mut found, &mut failures);
            found.sort();
            files.extend(found);
        } else if input.exists() {
            files.push(input.clone());
        } else {
            failures.push(Failure {
                path: input.clone(),
                message: "找不到这个文件或文件夹".into(),
            });
        }
    }
    // The same file named twice (a folder and a file in it) counts once.
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(std::fs::canonicalize(f).unwrap_or_else(|_| f.clone())));
    (files, failures)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>, failures: &mut Vec<Failure>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            failures.push(Failure {
                path: dir.to_path_buf(),
                message: format!("无法读取文件夹：{}", crate::fsio::io_error_zh(&e)),
            });
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
        if is_dir {
            walk(&path, found, failures);
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case(FILE_EXTENSION))
            || crate::package::is_package(&path)
        {
            found.push(path);
        }
    }
}

/// A sheet as the comparison reads it: a bare sheet file, or the sheet inside a 提交包.
#[derive(Debug, Clone)]
pub struct Opened {
    pub sheet: OpenedSheet,
    pub package: Option<PackageFacts>,
}

/// What a 提交包 adds to its sheet.
#[derive(Debug, Clone)]
pub struct PackageFacts {
    pub created_at: String,
    pub problems: Vec<String>,
}

fn open_one(path: &Path, catalog: &Catalog) -> Result<Opened, SheetError> {
    if crate::package::is_package(path) {
        let p = crate::package::open_package(path, catalog)?;
        Ok(Opened {
            sheet: p.opened,
            package: Some(PackageFacts {
                created_at: p.manifest.created_at,
                problems: p.problems,
            }),
        })
    } else {
        Ok(Opened {
            sheet: open_sheet(path, catalog)?,
            package: None,
        })
    }
}

/// Opens one file; a bug met while opening it becomes that file's error.
fn open_guarded(path: &Path, catalog: &Catalog) -> Result<Opened, SheetError> {
    crate::guard::catch(|| open_one(path, catalog)).unwrap_or_else(|message| {
        Err(SheetError::Internal {
            path: path.display().to_string(),
            message,
        })
    })
}

/// Opens every file, on all cores (a thousand files are read and recomputed in parallel).
pub fn open_all(
    files: &[PathBuf],
    catalog: &Catalog,
) -> Vec<(PathBuf, Result<Opened, SheetError>)> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(files.len().max(1));
    let chunk = files.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|p| (p.clone(), open_guarded(p, catalog)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        // Each file is opened under `guard::catch`, so a worker cannot end in a panic; were
        // one to, its files are simply missing rather than the whole comparison lost.
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
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
        let (mut files, mut failures) = collect_files(inputs);
        files.retain(|f| !excluded.iter().any(|e| same_file(e, f)));
        let opened = open_all(&files, catalog);
        let mut summary = Summary::from_opened(opened);
        failures.append(&mut summary.failures);
        summary.failures = failures;
        summary
    }

    /// Compares opened sheets. The ruleset is the one most of the sheets use (the built-in
    /// default when none could be opened); a sheet of another ruleset is listed, not counted.
    pub fn from_opened(opened: Vec<(PathBuf, Result<Opened, SheetError>)>) -> Summary {
        let mut uses: BTreeMap<(String, String, String), (usize, Arc<LoadedRuleset>)> =
            BTreeMap::new();
        for (_, r) in &opened {
            if let Ok(Opened { sheet: o, .. }) = r {
                let key = (
                    o.ruleset.ruleset.id.clone(),
                    o.ruleset.ruleset.version.clone(),
                    o.ruleset.sha256.clone(),
                );
                uses.entry(key).or_insert((0, o.ruleset.clone())).0 += 1;
            }
        }
        let ruleset = uses
            .values()
            .max_by_key(|(n, _)| *n)
            .map(|(_, r)| r.clone())
            .unwrap_or_else(default_ruleset);
        let rs = &ruleset.ruleset;

        let mut failures = Vec::new();
        let mut by_unit: BTreeMap<String, Vec<Submitted>> = BTreeMap::new();
        for (path, result) in opened {
            let (o, package) = match result {
                Ok(Opened { sheet, package }) => (sheet, package),
                Err(e) => {
                    failures.push(Failure {
                        path,
                        message: e.to_string(),
                    });
                    continue;
                }
            };
            if o.ruleset.sha256 != ruleset.sha256 {
                failures.push(Failure {
                    path,
                    message: format!(
                        "此文件按“{}”（{}年，版本 {}）填写，本次汇总的是“{}”（{}年），未计入",
                        o.ruleset.ruleset.title,
                        o.ruleset.ruleset.year,
                        o.ruleset.ruleset.version,
                        rs.title,
                        rs.year
                    ),
                });
                continue;
            }
            let unit = match o.sheet.unit.as_deref() {
                None => {
                    failures.push(Failure {
                        path,
                        message: "此考评表还没有选择填报单位，未计入".into(),
                    });
                    continue;
                }
                Some(u) if rs.unit(u).is_none() => {
                    failures.push(Failure {
                        path,
                        message: format!("填报单位“{u}”不在考核规则的单位名单中，未计入"),
                    });
                    continue;
                }
                Some(u) => u.to_string(),
            };
            let report = &o.report;
            let submitted_at = package
                .as_ref()
                .map(|p| p.created_at.clone())
                .unwrap_or_else(|| o.sheet.saved_at.clone());
            let late = late(&submitted_at, ruleset.ruleset.deadline.as_ref());
            let submitted = Submitted {
                submitted_at,
                late,
                evidence: o.sheet.evidence.values().map(Vec::len).sum(),
                scans: o.sheet.sealed_scans.len(),
                from_package: package.is_some(),
                package_problems: package.map(|p| p.problems).unwrap_or_default(),
                self_total: report.total,
                reviewed_total: report.reviewed_total,
                self_subtotals: report.categories.iter().map(|c| c.subtotal).collect(),
                reviewed_subtotals: report
                    .categories
                    .iter()
                    .map(|c| c.reviewed_subtotal)
                    .collect(),
                item_scores: report.items.iter().map(|i| (i.score, i.reviewed)).collect(),
                complete: report.complete,
                reviewed_items: report.items.iter().filter(|i| i.reviewed.is_some()).count(),
                items: report.items.len(),
                review: o.sheet.review_state(),
                resubmitted: o.sheet.resubmitted(),
                discrepancies: o.discrepancies,
                saved_at: o.sheet.saved_at.clone(),
                fingerprint: o.fingerprint,
                path,
            };
            by_unit.entry(unit).or_default().push(submitted);
        }

        let mut rows = Vec::with_capacity(rs.units.len());
        let mut duplicates = Vec::new();
        for (order, unit) in rs.units.iter().enumerate() {
            let class_name = rs
                .class(&unit.class)
                .map(|c| c.name.clone())
                .unwrap_or_default();
            let row = |sheet: Option<Submitted>, duplicate: bool| UnitRow {
                unit_id: unit.id.clone(),
                unit_name: unit.name.clone(),
                class_name: class_name.clone(),
                order,
                sheet,
                duplicate,
                rank: None,
            };
            match by_unit.remove(&unit.id) {
                None => rows.push(row(None, false)),
                Some(sheets) if sheets.len() == 1 => {
                    rows.push(row(sheets.into_iter().next(), false))
                }
                Some(sheets) => {
                    duplicates.push(Duplicate {
                        unit_name: unit.name.clone(),
                        files: sheets.iter().map(|s| s.path.clone()).collect(),
                    });
                    rows.extend(sheets.into_iter().map(|s| row(Some(s), true)));
                }
            }
        }
        rank_rows(&mut rows);
        Summary {
            ruleset,
            rows,
            failures,
            duplicates,
        }
    }

    /// Units without a file (未提交), in the ruleset's order.
    pub fn missing(&self) -> Vec<&str> {
        self.rows
            .iter()
            .filter(|r| r.sheet.is_none())
            .map(|r| r.unit_name.as_str())
            .collect()
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
    pub fn headers(&self) -> Vec<String> {
        let mut h: Vec<String> = ["排名", "单位", "类别", "状态", "自查得分", "考核得分"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for c in &self.ruleset.ruleset.categories {
            h.push(format!("{}（{}分）", c.name, fmt_dec(c.points)));
        }
        h.push("文件".into());
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
                cells.push(s.reviewed_total.map(Cell::Number).unwrap_or(Cell::Empty));
                for i in 0..categories {
                    cells.push(s.final_subtotal(i).map(Cell::Number).unwrap_or(Cell::Empty));
                }
                cells.push(Cell::Text(file_name(&s.path)));
            }
            None => cells.extend((0..categories + 3).map(|_| Cell::Empty)),
        }
        cells
    }

    /// What a reader of the table must know, one sentence each.
    pub fn notes(&self) -> Vec<String> {
        self.notes_by_kind().into_iter().map(|(_, n)| n).collect()
    }

    /// The notes with what each is about (the window colours them): the ranking basis, then
    /// units not submitted, units with several files, files not counted.
    pub fn notes_by_kind(&self) -> Vec<(NoteKind, String)> {
        let mut notes = vec![(
            NoteKind::Basis,
            "排名及各类得分：已审核的单位按考核得分，其余单位按自查得分；得分相同名次相同；未提交和重复的单位不排名。".to_string(),
        )];
        let missing = self.missing();
        if !missing.is_empty() {
            notes.push((
                NoteKind::Missing,
                format!("未提交（{}个）：{}", missing.len(), missing.join("、")),
            ));
        }
        let late: Vec<&str> = self
            .rows
            .iter()
            .filter(|r| r.sheet.as_ref().is_some_and(|s| s.late))
            .map(|r| r.unit_name.as_str())
            .collect();
        if let (false, Some(deadline)) = (late.is_empty(), &self.ruleset.ruleset.deadline) {
            notes.push((
                NoteKind::Missing,
                format!(
                    "逾期提交（截止{}，{}个）：{}",
                    deadline.date,
                    late.len(),
                    late.join("、")
                ),
            ));
        }
        // 佐证材料 and 盖章扫描件 once the new way of sending (a 提交包) is in use: bare sheets
        // alone would list every unit as without a scan.
        let sent: Vec<(&str, &Submitted)> = self
            .rows
            .iter()
            .filter_map(|r| r.sheet.as_ref().map(|s| (r.unit_name.as_str(), s)))
            .collect();
        if sent
            .iter()
            .any(|(_, s)| s.from_package || s.scans > 0 || s.evidence > 0)
        {
            // Per unit: 提交时间 (the package's, or the sheet's save), 佐证材料, 盖章扫描件.
            let each: Vec<String> = sent
                .iter()
                .map(|(u, s)| {
                    let day = s.submitted_at.get(..10).unwrap_or("时间不明");
                    let sealed = if s.scans > 0 {
                        "已盖章"
                    } else {
                        "无盖章扫描件"
                    };
                    format!("{u}（{day}提交，佐证材料{}个，{sealed}）", s.evidence)
                })
                .collect();
            notes.push((NoteKind::Basis, format!("提交情况：{}", each.join("；"))));
            let unsealed: Vec<&str> = sent
                .iter()
                .filter(|(_, s)| s.scans == 0)
                .map(|(u, _)| *u)
                .collect();
            if !unsealed.is_empty() {
                notes.push((
                    NoteKind::Missing,
                    format!(
                        "没有盖章扫描件（{}个）：{}",
                        unsealed.len(),
                        unsealed.join("、")
                    ),
                ));
            }
        }
        for r in &self.rows {
            if let Some(s) = &r.sheet
                && !s.package_problems.is_empty()
            {
                notes.push((
                    NoteKind::Failure,
                    format!(
                        "{}的提交包“{}”与清单不符：{}",
                        r.unit_name,
                        s.path.display(),
                        s.package_problems.join("；")
                    ),
                ));
            }
        }
        for d in &self.duplicates {
            let files: Vec<String> = d
                .files
                .iter()
                .map(|f| format!("“{}”", f.display()))
                .collect();
            notes.push((
                NoteKind::Duplicate,
                format!(
                    "{}有{}个文件：{}。请只保留一个。",
                    d.unit_name,
                    d.files.len(),
                    files.join("、")
                ),
            ));
        }
        for f in &self.failures {
            notes.push((
                NoteKind::Failure,
                format!("未计入“{}”：{}", f.path.display(), f.message),
            ));
        }
        notes
    }
}

/// What a note under the comparison is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteKind {
    Basis,
    Missing,
    Duplicate,
    Failure,
}

/// Whether a submission time (RFC 3339) is after the deadline's day, in the time zone it
/// was recorded in (a clerk saving at 23:50 on the 12th is on time).
pub fn late(submitted_at: &str, deadline: Option<&crate::ruleset::Deadline>) -> bool {
    let Some((y, m, d)) = deadline.and_then(|d| d.ymd()) else {
        return false;
    };
    let Ok(at) = chrono::DateTime::parse_from_rfc3339(submitted_at) else {
        return false;
    };
    use chrono::Datelike;
    let day = at.date_naive();
    (day.year(), day.month(), day.day()) > (y, m, d)
}

/// Two paths name the same file (compared as the system resolves them, when it can).
pub fn same_file(a: &Path, b: &Path) -> bool {
    a == b
        || matches!(
            (std::fs::canonicalize(a), std::fs::canonicalize(b)),
            (Ok(x), Ok(y)) if x == y
        )
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| path.display().to_string())
}

/// Competition ranking by `final_total`, highest first: 1, 2, 2, 4.
fn rank_rows(rows: &mut [UnitRow]) {
    let mut ranked: Vec<(usize, Decimal)> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.duplicate)
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
        COL_REVIEWED => sheet.and_then(|s| s.reviewed_total).map(SortValue::Number),
        c => {
            let sheet = sheet?;
            let i = c - COL_FIRST_CATEGORY;
            if i < sheet.self_subtotals.len() {
                sheet.final_subtotal(i).map(SortValue::Number)
            } else {
                Some(SortValue::Text(file_name(&sheet.path)))
            }
        }
    }
}

/// A table cell: words, an exact number, or nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Number(Decimal),
    Empty,
}

impl std::fmt::Display for Cell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cell::Text(t) => f.write_str(t),
            Cell::Number(n) => f.write_str(&fmt_dec(*n)),
            Cell::Empty => Ok(()),
        }
    }
}

/// The comparison as printed: a title, headers, rows of cells and notes under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub notes: Vec<String>,
}
