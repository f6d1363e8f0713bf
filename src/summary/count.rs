//! The files of a comparison counted: the scheme most of them use, each file read as its
//! unit's submission (or a failure saying why it is not counted), lateness, and one row per
//! unit of the scheme (未提交, or its file, or its several files as duplicates).

use super::{
    Duplicate, Failure, Opened, Submitted, Summary, UnitRow, item_notes, late, losses, rank_rows,
    sniff_unit,
};
use crate::catalog::{LoadedRuleset, default_ruleset};
use crate::ruleset::Ruleset;
use crate::sheet::{ReviewState, SheetError};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

impl Summary {
    /// Compares opened sheets. The ruleset is the one most of the sheets use (the built-in
    /// default when none could be opened); a sheet of another ruleset is listed, not counted.
    pub fn from_opened(opened: Vec<(PathBuf, Result<Opened, SheetError>)>) -> Summary {
        let ruleset = most_used_ruleset(&opened);
        let mut failures = Vec::new();
        let mut other_schemes: BTreeMap<String, usize> = BTreeMap::new();
        let mut by_unit: BTreeMap<String, Vec<Submitted>> = BTreeMap::new();
        for (path, result) in opened {
            match count_one(path, result, &ruleset) {
                Counted::Unit(unit, sheet) => by_unit.entry(unit).or_default().push(*sheet),
                Counted::OtherScheme(name, failure) => {
                    *other_schemes.entry(name).or_default() += 1;
                    failures.push(failure);
                }
                Counted::Not(failure) => failures.push(failure),
            }
        }
        let (mut rows, duplicates) = unit_rows(&ruleset.ruleset, by_unit, &failures);
        rank_rows(&mut rows);
        Summary {
            ruleset,
            rows,
            failures,
            duplicates,
            other_schemes: other_schemes.into_iter().collect(),
        }
    }
}

/// The scheme most of the opened sheets use (by id, version and text); the built-in default
/// when none opened.
fn most_used_ruleset(opened: &[(PathBuf, Result<Opened, SheetError>)]) -> Arc<LoadedRuleset> {
    let mut uses: BTreeMap<(String, String, String), (usize, Arc<LoadedRuleset>)> = BTreeMap::new();
    for (_, r) in opened {
        if let Ok(Opened { sheet: o, .. }) = r {
            let key = (
                o.ruleset.ruleset.id.clone(),
                o.ruleset.ruleset.version.clone(),
                o.ruleset.sha256.clone(),
            );
            uses.entry(key).or_insert((0, o.ruleset.clone())).0 += 1;
        }
    }
    uses.values()
        .max_by_key(|(n, _)| *n)
        .map(|(_, r)| r.clone())
        .unwrap_or_else(default_ruleset)
}

/// How one file counts.
enum Counted {
    /// Its unit's submission.
    Unit(String, Box<Submitted>),
    /// A sheet of another scheme (its name): listed, not counted.
    OtherScheme(String, Failure),
    /// Not counted, and why.
    Not(Failure),
}

/// One file read against the comparison's scheme.
fn count_one(
    path: PathBuf,
    result: Result<Opened, SheetError>,
    ruleset: &LoadedRuleset,
) -> Counted {
    let rs = &ruleset.ruleset;
    let Opened { sheet: o, package } = match result {
        Ok(opened) => opened,
        Err(e) => {
            let unit = sniff_unit(&path, ruleset);
            return Counted::Not(Failure {
                path,
                message: e.to_string(),
                unit,
            });
        }
    };
    if o.ruleset.sha256 != ruleset.sha256 {
        let message = format!(
            "此文件按“{}”（{}年，版本 {}）填写，本次汇总的是“{}”（{}年），未计入",
            o.ruleset.ruleset.title,
            o.ruleset.ruleset.year,
            o.ruleset.ruleset.version,
            rs.title,
            rs.year
        );
        return Counted::OtherScheme(
            o.ruleset.display_name(),
            Failure {
                unit: None,
                path,
                message,
            },
        );
    }
    let unit = match o.sheet.unit.as_deref() {
        None => {
            return Counted::Not(Failure {
                path,
                message: "此考评表还没有选择填报单位，未计入".into(),
                unit: None,
            });
        }
        Some(u) if rs.unit(u).is_none() => {
            return Counted::Not(Failure {
                path,
                message: format!("填报单位“{u}”不在考核规则的单位名单中，未计入"),
                unit: None,
            });
        }
        Some(u) => u.to_string(),
    };
    let report = &o.report;
    let submitted_at = package
        .as_ref()
        .map(|p| p.created_at.clone())
        .unwrap_or_else(|| o.sheet.saved_at.clone());
    let review = o.sheet.review.clone().unwrap_or_default();
    let (first_submitted_at, late, resent_late) =
        lateness(&review, &submitted_at, rs.deadline.as_ref());
    let recheck = review
        .recheck
        .keys()
        .filter(|id| review.needs_recheck(&o.sheet, id))
        .count();
    let approved =
        o.sheet.review_state() == ReviewState::Approved && report.reviewed_total.is_some();
    let submitted = Submitted {
        losses: losses(&o, rs, approved),
        submitted_at,
        late,
        resent_late,
        first_submitted_at,
        refused_review: o.refused_review.as_ref().map(|r| r.message()),
        recheck,
        by_departments: review.scored_by.values().any(|b| !b.sheet.is_empty()),
        disputed: review.disputed.len(),
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
        item_notes: item_notes(&o, rs),
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
    Counted::Unit(unit, Box::new(submitted))
}

/// (first submission, late, resent late): lateness by the first submission against the
/// scheme's deadline; a resend after a return by the return's own deadline.
fn lateness(
    review: &crate::sheet::Review,
    submitted_at: &str,
    deadline: Option<&crate::ruleset::Deadline>,
) -> (String, bool, bool) {
    match review.lateness_basis() {
        crate::sheet::LatenessBasis::ReturnDeadline { resent_at, by } => {
            let first = review.first_submitted_at.clone();
            let resent_late = crate::sheet::after_day(&resent_at, &by);
            let late = resent_late || late(&first, deadline);
            (first, late, resent_late)
        }
        crate::sheet::LatenessBasis::First(first) if !first.is_empty() => {
            let late = late(&first, deadline);
            (first, late, false)
        }
        crate::sheet::LatenessBasis::First(_) => (
            submitted_at.to_string(),
            late(submitted_at, deadline),
            false,
        ),
    }
}

/// One row per unit of the scheme, in its order: 未提交, its one file, or each of its files
/// (marked duplicate, and the unit listed among the duplicates).
fn unit_rows(
    rs: &Ruleset,
    mut by_unit: BTreeMap<String, Vec<Submitted>>,
    failures: &[Failure],
) -> (Vec<UnitRow>, Vec<Duplicate>) {
    let mut rows = Vec::with_capacity(rs.units.len());
    let mut duplicates = Vec::new();
    for (order, unit) in rs.units.iter().enumerate() {
        let class_name = rs
            .class(&unit.class)
            .map(|c| c.name.clone())
            .unwrap_or_default();
        let unreadable = failures
            .iter()
            .any(|f| f.unit.as_deref() == Some(unit.id.as_str()));
        let row = |sheet: Option<Submitted>, duplicate: bool| UnitRow {
            unit_id: unit.id.clone(),
            unit_name: unit.name.clone(),
            class_name: class_name.clone(),
            order,
            sheet,
            duplicate,
            rank: None,
            unreadable,
        };
        match by_unit.remove(&unit.id) {
            None => rows.push(row(None, false)),
            Some(sheets) if sheets.len() == 1 => rows.push(row(sheets.into_iter().next(), false)),
            Some(sheets) => {
                duplicates.push(Duplicate {
                    unit_name: unit.name.clone(),
                    files: sheets.iter().map(|s| s.path.clone()).collect(),
                });
                rows.extend(sheets.into_iter().map(|s| row(Some(s), true)));
            }
        }
    }
    (rows, duplicates)
}
