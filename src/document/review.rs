//! The review's state changes and printing beside the file (the other edits are in
//! `edits.rs`).

use super::{NeedsFile, Printed, Session, SessionError};
use crate::sheet::{ReviewState, ScoreAction, ScoreFromSheet, ScoredBy};
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
        let disputed = self
            .doc
            .sheet
            .review
            .as_ref()
            .map_or(0, |r| r.disputed.len());
        if state == ReviewState::Approved && disputed > 0 {
            return Err(SessionError::Disputed { items: disputed });
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
            self.record_scorer(&id, true);
            self.doc.sheet.items.entry(id).or_default().reviewed = Some(s);
        }
        self.edited();
        ids
    }

    /// 审核人: the name a 考核得分 given from now on is recorded under.
    pub fn set_reviewer(&mut self, name: &str) {
        self.reviewer = name.trim().to_string();
    }

    pub fn reviewer(&self) -> &str {
        &self.reviewer
    }

    /// Notes who scores `item_id` now (`scored`), or forgets who did (`!scored`). Called
    /// before the edit that changes the score, so both are one undo step.
    pub(super) fn record_scorer(&mut self, item_id: &str, scored: bool) {
        let review = self.doc.sheet.review.get_or_insert_with(Default::default);
        if scored {
            let by = ScoredBy {
                by: self.reviewer.clone(),
                on: chrono::Local::now().format("%Y-%m-%d").to_string(),
                ..ScoredBy::default()
            };
            review.scored_by.insert(item_id.to_string(), by);
        } else {
            review.scored_by.remove(item_id);
        }
    }

    /// The 办公室's choice between an item's score and another kept beside it (two
    /// departments' 评分表, or a 评分表 and the window): `take` is the index of the other
    /// score to take, `None` keeps the item's own. Either way the others are let go.
    pub fn choose_score(
        &mut self,
        item_id: &str,
        take: Option<usize>,
    ) -> Result<bool, SessionError> {
        let others = self
            .doc
            .sheet
            .review
            .as_ref()
            .and_then(|r| r.disputed.get(item_id))
            .cloned()
            .unwrap_or_default();
        if others.is_empty() {
            return Ok(false);
        }
        let chosen = match take {
            Some(i) => Some(others.get(i).cloned().ok_or(SessionError::NoSuchScore)?),
            None => None,
        };
        let review = self.doc.sheet.review.get_or_insert_with(Default::default);
        review.disputed.remove(item_id);
        if let Some(other) = chosen {
            review.scored_by.insert(item_id.to_string(), other.scored);
            let entry = self.doc.sheet.items.entry(item_id.to_string()).or_default();
            entry.reviewed = Some(other.score);
            entry.review_note = other.note;
        }
        self.edited();
        Ok(true)
    }

    /// Scores from a department's 评分表, all in one undo step: each taken, a correction,
    /// the same, or kept beside the item's own for the 办公室 (`Sheet::take_score`).
    pub fn merge_scores(&mut self, scores: &[ScoreFromSheet]) -> Vec<ScoreAction> {
        let done: Vec<ScoreAction> = scores
            .iter()
            .map(|s| self.doc.sheet.take_score(s))
            .collect();
        if self.doc.sheet != self.shadow {
            self.edited();
        }
        done
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
