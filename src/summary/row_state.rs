//! What a row of the comparison asks of the office (its colour) and why a sheet is not ranked:
//! as data, so the window and the exports never read it back from the row's words.

use super::UnitRow;
use crate::sheet::ReviewState;

/// What a row of the comparison asks of the office, for its colour: to be fixed first, a
/// question for the unit, reviewed, waiting for review, or nothing received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attention {
    /// 未提交.
    NotReceived,
    /// Two files, a package that disagrees with its manifest, stored scores that disagree
    /// with the rules, a file received that cannot be read.
    MustFix,
    /// 退回修改, or not filled in completely.
    Unit,
    /// 已审核.
    Done,
    /// 待审核.
    Waiting,
}

impl UnitRow {
    pub fn attention(&self) -> Attention {
        let Some(s) = &self.sheet else {
            return if self.unreadable {
                Attention::MustFix
            } else {
                Attention::NotReceived
            };
        };
        if self.duplicate || !s.package_problems.is_empty() || !s.discrepancies.is_empty() {
            Attention::MustFix
        } else if s.review == ReviewState::Returned || !s.complete {
            Attention::Unit
        } else if s.approved() {
            Attention::Done
        } else {
            Attention::Waiting
        }
    }
}

/// Why a submitted sheet is not ranked (until it is resolved).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unranked {
    /// Two or more files for the unit.
    Duplicate,
    /// A 提交包 whose files differ from its manifest.
    PackageDisagrees,
    /// Nothing filled in: not a score.
    Blank,
}
