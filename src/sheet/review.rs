//! The municipal office's part of a sheet: its state, the reason of a return, and the
//! history of the states saved, which the office and the unit both see.

use super::{ReviewState, Sheet};
use crate::catalog::LoadedRuleset;
use crate::scoring::{Problem, ProblemKind, SheetReport, item_location};
use serde::{Deserialize, Serialize};

/// The municipal office's part of a sheet file, stamped separately from the unit's part so
/// that a review never changes what the unit saved (its `saved_at`, `ruleset`, `computed`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Review {
    pub state: ReviewState,
    /// Why the sheet was returned; required when `state` is `Returned`.
    #[serde(default)]
    pub reason: String,
    /// When the review was last saved, RFC 3339 local time with offset.
    #[serde(default)]
    pub saved_at: String,
    /// The program (and version) that saved the review.
    #[serde(default)]
    pub program: String,
    /// Each state the review was saved in, with when and (退回修改) why: 退回修改 → 已审核.
    /// The unit sees it too; its own resubmission is its save time after a return.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<ReviewEvent>,
}

/// A review saved in a state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewEvent {
    pub state: ReviewState,
    /// RFC 3339 local time of the save.
    pub at: String,
    /// The 退回原因 of a return.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

impl Review {
    /// The history in words, oldest first, with the unit's resubmission after a return
    /// (`unit_saved_at`): 2026-12-01 退回修改（缺佐证材料）→ 2026-12-03 单位重新提交 → ….
    pub fn history_words(&self, unit_saved_at: &str) -> Vec<String> {
        let day = |t: &str| t.get(..10).unwrap_or(t).to_string();
        let mut out = Vec::new();
        for (i, e) in self.history.iter().enumerate() {
            let mut w = format!("{} {}", day(&e.at), e.state.label());
            if !e.reason.is_empty() {
                w.push_str(&format!("（{}）", crate::ruleset::excerpt(&e.reason)));
            }
            out.push(w);
            // The unit saved after this return and before the next review.
            let next = self.history.get(i + 1).map(|n| n.at.as_str());
            if e.state == ReviewState::Returned
                && later(unit_saved_at, &e.at)
                && next.is_none_or(|n| later(n, unit_saved_at))
            {
                out.push(format!("{} 单位重新提交", day(unit_saved_at)));
            }
        }
        out
    }
}

/// Whether RFC 3339 time `a` is after `b` (false when either does not read).
fn later(a: &str, b: &str) -> bool {
    match (
        chrono::DateTime::parse_from_rfc3339(a),
        chrono::DateTime::parse_from_rfc3339(b),
    ) {
        (Ok(a), Ok(b)) => a > b,
        _ => false,
    }
}

impl Sheet {
    /// What keeps the review from being finished: items without a 考核得分, a return without
    /// a reason, an 已审核 sheet with items left. Invalid 考核得分 values are in the report.
    pub fn review_problems(&self, loaded: &LoadedRuleset, report: &SheetReport) -> Vec<Problem> {
        let mut out = Vec::new();
        let state = self.review_state();
        let reason = self.review.as_ref().map_or("", |r| r.reason.as_str());
        if state == ReviewState::Returned && reason.trim().is_empty() {
            out.push(Problem {
                kind: ProblemKind::Unfilled,
                item: None,
                rule: None,
                about: crate::scoring::About::Review,
                location: "审核状态".into(),
                message: "退回修改时请填写退回原因".into(),
                question: None,
            });
        }
        let missing: Vec<&crate::scoring::ItemResult> = report
            .items
            .iter()
            .filter(|i| {
                self.items
                    .get(&i.item_id)
                    .and_then(|e| e.reviewed)
                    .is_none()
            })
            .collect();
        if state == ReviewState::Approved && !missing.is_empty() {
            out.push(Problem {
                kind: ProblemKind::Error,
                item: None,
                rule: None,
                about: crate::scoring::About::Review,
                location: "审核状态".into(),
                message: format!("已审核的表每项都要有考核得分，还有{}项没有", missing.len()),
                question: None,
            });
        }
        for item in missing {
            out.push(Problem {
                kind: ProblemKind::Unfilled,
                item: Some(item.item_id.clone()),
                rule: None,
                about: crate::scoring::About::ReviewedScore,
                location: item_location(&loaded.ruleset, &item.item_id),
                message: "未填考核得分".into(),
                question: None,
            });
        }
        out
    }
}
