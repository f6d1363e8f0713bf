//! The notes under the comparison: the ranking basis, units not submitted, 逾期, each unit's
//! 提交情况, units without a 盖章扫描件, packages that disagree with their manifest,
//! duplicates, files not counted.

use super::{Submitted, Summary};

impl Summary {
    /// The notes with what each is about (the window colours them): the ranking basis, then
    /// units not submitted, units with several files, files not counted.
    pub fn notes_by_kind(&self) -> Vec<(NoteKind, String)> {
        self.notes_for(false)
    }

    /// The notes for paper (the printed 汇总表): the same, but no file names or paths —
    /// a unit is named, what went wrong is said, which file is for the window and the xlsx.
    pub fn printed_notes(&self) -> Vec<String> {
        self.notes_for(true).into_iter().map(|(_, n)| n).collect()
    }

    fn notes_for(&self, print: bool) -> Vec<(NoteKind, String)> {
        let mut notes = vec![(
            NoteKind::Basis,
            "排名及各类得分：已审核的单位按考核得分，其余单位按自查得分；得分相同名次相同；未提交、重复、提交包与清单不符和空白表的单位不排名。".to_string(),
        )];
        notes.extend(self.scoring_notes());
        notes.extend(self.missing_notes());
        notes.extend(self.late_notes());
        notes.extend(self.forged_review_notes(print));
        notes.extend(self.submission_notes());
        notes.extend(self.package_notes(print));
        notes.extend(if print {
            self.duplicates_on_paper()
        } else {
            self.duplicates_in_full()
        });
        notes.extend(self.blank_and_other_scheme_notes());
        notes.extend(self.failure_notes(print));
        notes
    }

    /// 各部门评分: per category how many units are scored, and which are not yet — once any
    /// 考核得分 is given.
    fn scoring_notes(&self) -> Vec<(NoteKind, String)> {
        if !self.any_scored() {
            return Vec::new();
        }
        let progress = self.scoring_progress();
        let received = progress
            .first()
            .map_or(0, |p| p.scored.len() + p.open.len());
        let mut line = format!(
            "各部门评分（收到{received}个单位）：{}",
            progress
                .iter()
                .map(|p| format!("{}评完{}个", p.category, p.scored.len()))
                .collect::<Vec<_>>()
                .join("，")
        );
        let open: Vec<String> = progress
            .iter()
            .filter(|p| !p.done() && !p.scored.is_empty())
            .map(|p| format!("{}未评完：{}", p.category, p.open.join("、")))
            .collect();
        if !open.is_empty() {
            line.push_str(&format!("（{}）", open.join("；")));
        }
        vec![(NoteKind::Basis, line)]
    }

    /// 未提交, and units whose files could not be read.
    fn missing_notes(&self) -> Vec<(NoteKind, String)> {
        let mut notes = Vec::new();
        let missing = self.missing();
        if !missing.is_empty() {
            notes.push((
                NoteKind::Missing,
                format!("未提交（{}个）：{}", missing.len(), missing.join("、")),
            ));
        }
        let unreadable = self.unreadable();
        if !unreadable.is_empty() {
            notes.push((
                NoteKind::Failure,
                format!(
                    "收到文件但无法读取（{}个单位）：{}（原因见下）",
                    unreadable.len(),
                    unreadable.join("、")
                ),
            ));
        }
        notes
    }

    /// 逾期提交, against the scheme's deadline.
    fn late_notes(&self) -> Vec<(NoteKind, String)> {
        let mut notes = Vec::new();
        let late = self.units_where(|s| s.late);
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
        notes
    }

    /// Units whose file claims a review that is not this office's.
    fn forged_review_notes(&self, print: bool) -> Vec<(NoteKind, String)> {
        let mut notes = Vec::new();
        // A unit's file that claims a review is read for the unit's part only: on paper the
        // units, in the window and the exports also why (another PC's key names the cure).
        let forged = self.units_where(|s| s.refused_review.is_some());
        if !forged.is_empty() {
            notes.push((
                NoteKind::Failure,
                format!(
                    "带有审核数据、但不是本处审核的文件（{}个单位，审核数据已不采用，按单位填报的内容计）：{}",
                    forged.len(),
                    forged.join("、")
                ),
            ));
            if !print {
                for r in &self.rows {
                    if let Some(why) = r.sheet.as_ref().and_then(|s| s.refused_review.as_ref()) {
                        notes.push((NoteKind::Failure, format!("{}：{why}", r.unit_name)));
                    }
                }
            }
        }
        notes
    }

    /// 提交情况 per unit and 没有盖章扫描件, once 提交包 are in use.
    fn submission_notes(&self) -> Vec<(NoteKind, String)> {
        let mut notes = Vec::new();
        // 佐证材料 and 盖章扫描件 once the new way of sending (a 提交包) is in use: bare sheets
        // alone would list every unit as without a scan.
        let mut sent: Vec<(&str, &Submitted)> = self
            .rows
            .iter()
            .filter_map(|r| r.sheet.as_ref().map(|s| (r.unit_name.as_str(), s)))
            .collect();
        sent.dedup_by_key(|(u, _)| *u);
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
            let unsealed = self.units_where(|s| s.scans == 0);
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
        notes
    }

    /// Packages that disagree with their manifest: on paper the unit, in the window the file and what.
    fn package_notes(&self, print: bool) -> Vec<(NoteKind, String)> {
        let mut notes = Vec::new();
        for r in &self.rows {
            if let Some(s) = &r.sheet
                && !s.package_problems.is_empty()
            {
                if print {
                    notes.push((
                        NoteKind::Failure,
                        format!(
                            "{}的提交包与其清单不符（内容可能被改动过），弄清之前不排名。",
                            r.unit_name
                        ),
                    ));
                    continue;
                }
                notes.push((
                    NoteKind::Failure,
                    format!(
                        "{}的提交包“{}”与清单不符，弄清之前不排名：{}",
                        r.unit_name,
                        crate::fsio::file_name(&s.path),
                        s.package_problems.join("；")
                    ),
                ));
            }
        }
        notes
    }

    /// A unit that sent several files, on paper: how many.
    fn duplicates_on_paper(&self) -> Vec<(NoteKind, String)> {
        let mut notes = Vec::new();
        for d in &self.duplicates {
            notes.push((
                NoteKind::Duplicate,
                format!(
                    "{}报送了{}个文件，未排名，请核实后只保留一个。",
                    d.unit_name,
                    d.files.len()
                ),
            ));
        }
        notes
    }

    /// A unit that sent several files, in the window and the exports: each file, its time and total.
    fn duplicates_in_full(&self) -> Vec<(NoteKind, String)> {
        let mut notes = Vec::new();
        // Each file with when it was submitted and its total, the newest named, so the office
        // sees which to keep and whether they differ at all (files found by path in one map,
        // not by a search per file: thousands of duplicates stay linear).
        let by_path: std::collections::HashMap<&std::path::Path, &Submitted> = self
            .rows
            .iter()
            .filter_map(|r| r.sheet.as_ref())
            .map(|s| (s.path.as_path(), s))
            .collect();
        for d in &self.duplicates {
            let mut each: Vec<(&std::path::Path, Option<&Submitted>)> = d
                .files
                .iter()
                .map(|f| (f.as_path(), by_path.get(f.as_path()).copied()))
                .collect();
            each.sort_by(|a, b| {
                let at =
                    |s: Option<&Submitted>| s.map(|s| s.submitted_at.clone()).unwrap_or_default();
                at(a.1).cmp(&at(b.1))
            });
            let newest = each.last().map(|(f, _)| *f);
            let files: Vec<String> = each
                .iter()
                .map(|(f, s)| {
                    let mut w = format!("“{}”", f.display());
                    if let Some(s) = s {
                        let when = s
                            .submitted_at
                            .get(..16)
                            .unwrap_or("时间不明")
                            .replace('T', " ");
                        w.push_str(&format!(
                            "（{when}提交，自查{}分",
                            crate::ruleset::fmt_dec(s.self_total)
                        ));
                        if Some(*f) == newest {
                            w.push_str("，较新");
                        }
                        w.push('）');
                    }
                    w
                })
                .collect();
            let sheets: Vec<&Submitted> = each.iter().filter_map(|(_, s)| *s).collect();
            let same = sheets
                .windows(2)
                .all(|w| w[0].fingerprint == w[1].fingerprint);
            let differ = if sheets.len() < 2 {
                ""
            } else if same {
                "两份内容完全相同。"
            } else {
                "内容不同。"
            };
            notes.push((
                NoteKind::Duplicate,
                format!(
                    "{}有{}个文件：{}。{differ}请核实后只保留一个。",
                    d.unit_name,
                    d.files.len(),
                    files.join("、")
                ),
            ));
        }
        notes
    }

    /// 空白表, and files of other schemes.
    fn blank_and_other_scheme_notes(&self) -> Vec<(NoteKind, String)> {
        let mut notes = Vec::new();
        let blank = self.units_where(|s| s.blank());
        if !blank.is_empty() {
            notes.push((
                NoteKind::Missing,
                format!(
                    "空白表，未排名（{}个单位）：{}",
                    blank.len(),
                    blank.join("、")
                ),
            ));
        }
        if !self.other_schemes.is_empty() {
            let counted = self.units_received();
            let others: Vec<String> = self
                .other_schemes
                .iter()
                .map(|(name, n)| format!("{name}{n}个文件"))
                .collect();
            notes.push((
                NoteKind::Failure,
                format!(
                    "本次汇总按{}（{counted}个单位）；另有按其他考核规则填写的：{}，不同规则的表不一起排名，可按项目对照各年度。",
                    self.ruleset.display_name(),
                    others.join("；")
                ),
            ));
        }
        notes
    }

    /// Files not counted: on paper how many, in the window each with why.
    fn failure_notes(&self, print: bool) -> Vec<(NoteKind, String)> {
        let mut notes = Vec::new();
        if print && !self.failures.is_empty() {
            notes.push((
                NoteKind::Failure,
                format!(
                    "另有{}个文件未计入（无法读取、未选填报单位或不是本次的考核规则），文件名和原因见汇总比较窗口或导出的 Excel 表。",
                    self.failures.len()
                ),
            ));
        }
        for f in self.failures.iter().filter(|_| !print) {
            notes.push((
                NoteKind::Failure,
                format!("未计入“{}”：{}", f.path.display(), f.message),
            ));
        }
        notes
    }

    /// The notes in a line: how many units (or files) each kind concerns — 未提交 2 · 重复 1 ·
    /// 未计入 3 … — for the window to show above the table and expand on request.
    pub fn note_summary(&self) -> Vec<(NoteKind, String)> {
        let packages_in_use = self.rows.iter().any(|r| {
            r.sheet
                .as_ref()
                .is_some_and(|s| s.from_package || s.scans > 0 || s.evidence > 0)
        });
        let counts = [
            (NoteKind::Duplicate, "重复", self.duplicates.len(), "个单位"),
            (
                NoteKind::Failure,
                "提交包与清单不符",
                self.disagreeing_packages(),
                "个",
            ),
            (
                NoteKind::Failure,
                "无法读取",
                self.unreadable().len(),
                "个单位",
            ),
            (NoteKind::Failure, "未计入", self.failures.len(), "个文件"),
            (
                NoteKind::Failure,
                "自带审核未采用",
                self.units_where(|s| s.refused_review.is_some()).len(),
                "个单位",
            ),
            (NoteKind::Missing, "未提交", self.missing().len(), "个单位"),
            (
                NoteKind::Missing,
                "逾期",
                self.units_where(|s| s.late).len(),
                "个单位",
            ),
            (
                NoteKind::Missing,
                "无盖章扫描件",
                if packages_in_use {
                    self.units_where(|s| s.scans == 0).len()
                } else {
                    0
                },
                "个单位",
            ),
            (
                NoteKind::Missing,
                "空白表",
                self.units_where(|s| s.blank()).len(),
                "个单位",
            ),
        ];
        counts
            .into_iter()
            .filter(|(_, _, n, _)| *n > 0)
            .map(|(kind, what, n, of)| (kind, format!("{what} {n}{of}")))
            .collect()
    }

    /// The units (each once, in the official order) with a counted file for which `test`
    /// holds.
    fn units_where(&self, test: impl Fn(&Submitted) -> bool) -> Vec<&str> {
        let mut units: Vec<&str> = self
            .rows
            .iter()
            .filter(|r| r.sheet.as_ref().is_some_and(&test))
            .map(|r| r.unit_name.as_str())
            .collect();
        units.dedup();
        units
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
