//! The review's state changes and printing beside the file (the other edits are in
//! `edits.rs`).

use super::{NeedsFile, Printed, Session, SessionError};
use crate::sheet::ReviewState;
use rust_decimal::Decimal;

impl Session {
    /// Sets the review's state. 已审核 needs every item's 考核得分: refused with the count.
    pub fn set_review_state(&mut self, state: ReviewState) -> Result<(), SessionError> {
        let missing = self
            .report
            .items
            .iter()
            .filter(|i| i.reviewed.is_none())
            .count();
        if state == ReviewState::Approved && missing > 0 {
            return Err(SessionError::NotAllReviewed { missing });
        }
        if self.doc.sheet.review_state() != state {
            let review = self.doc.sheet.review.get_or_insert_with(Default::default);
            // A reason belongs to a return: leaving 退回修改 clears it (a saved return keeps
            // it in the history).
            if review.state == ReviewState::Returned {
                review.reason.clear();
            }
            review.state = state;
            self.edited();
        }
        Ok(())
    }

    /// 其余项采用自查得分: every item without a 考核得分 gets the unit's self score.
    /// Returns the ids of the items it filled.
    pub fn adopt_self_scores_for_the_rest(&mut self) -> Vec<String> {
        let scores: Vec<(String, Decimal)> = self
            .report
            .items
            .iter()
            .filter(|i| i.reviewed.is_none())
            .filter_map(|i| i.score.map(|s| (i.item_id.clone(), s)))
            .collect();
        let ids = scores.iter().map(|(id, _)| id.clone()).collect();
        for (id, s) in scores {
            self.doc.sheet.items.entry(id).or_default().reviewed = Some(s);
        }
        self.edited();
        ids
    }

    /// Prints the saved sheet to `FILE.pdf` beside it (the caller saves first, so the paper
    /// and the file agree; the page foot carries the content fingerprint).
    pub fn print_beside(&self) -> Result<Printed, SessionError> {
        let path = self
            .doc
            .path
            .clone()
            .ok_or(SessionError::NotSaved(NeedsFile::Print))?;
        let pdf_path = path.with_extension("pdf");
        let pdf = crate::pdf::render_sheet(&self.doc.sheet, &self.doc.ruleset)?;
        crate::fsio::write_atomic(&pdf_path, &pdf.bytes)?;
        Ok(Printed {
            path: pdf_path,
            pages: pdf.pages,
            draft: pdf.draft,
        })
    }
}
