//! A score from a department's 评分表 meeting the office's review: taken where the item has
//! none, a correction where the same 评分表 gave the earlier one, and otherwise — another
//! score already there — kept beside it for the 办公室 to choose (`Review::disputed`), never
//! taken silently.

use super::{OtherScore, ScoredBy, Sheet};
use rust_decimal::Decimal;

/// One item's score as a 评分表 gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreFromSheet {
    pub item: String,
    pub score: Decimal,
    pub note: String,
    pub scored: ScoredBy,
}

/// What a score from a 评分表 does to the item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The item has no 考核得分: it takes this one.
    Take,
    /// The item already has this score and opinion.
    Same,
    /// The same 评分表 scored it before, differently: its later word counts.
    Correct { before: Decimal },
    /// Another score is there (another 评分表, or typed in the window): this one is kept
    /// beside it for the 办公室 to choose.
    Dispute { current: Decimal, by: String },
}

impl Sheet {
    /// What `s` would do to its item.
    pub fn score_action(&self, s: &ScoreFromSheet) -> Action {
        let entry = self.items.get(&s.item);
        let Some(current) = entry.and_then(|e| e.reviewed) else {
            return Action::Take;
        };
        let note = entry.map_or("", |e| e.review_note.trim());
        if current == s.score && note == s.note.trim() {
            return Action::Same;
        }
        let by = self.review.as_ref().and_then(|r| r.scored_by.get(&s.item));
        match by {
            Some(b) if !s.scored.sheet.is_empty() && b.sheet == s.scored.sheet => {
                Action::Correct { before: current }
            }
            _ => Action::Dispute {
                current,
                by: by.map_or_else(|| "（未记审核人）".to_string(), ScoredBy::words),
            },
        }
    }

    /// Applies `s` as `score_action` says; returns what it did.
    pub fn take_score(&mut self, s: &ScoreFromSheet) -> Action {
        let action = self.score_action(s);
        let review = self.review.get_or_insert_with(Default::default);
        match &action {
            Action::Take | Action::Correct { .. } => {
                review.scored_by.insert(s.item.clone(), s.scored.clone());
                let entry = self.items.entry(s.item.clone()).or_default();
                entry.reviewed = Some(s.score);
                entry.review_note = s.note.trim().to_string();
            }
            Action::Same => {
                review
                    .scored_by
                    .entry(s.item.clone())
                    .or_insert_with(|| s.scored.clone());
            }
            Action::Dispute { .. } => {
                let others = review.disputed.entry(s.item.clone()).or_default();
                let other = OtherScore {
                    score: s.score,
                    note: s.note.trim().to_string(),
                    scored: s.scored.clone(),
                };
                // The same workbook merged twice is one other opinion, not two.
                if !others.iter().any(|o| {
                    o.score == other.score
                        && o.note == other.note
                        && o.scored.sheet == other.scored.sheet
                }) {
                    others.push(other);
                }
            }
        }
        action
    }
}
