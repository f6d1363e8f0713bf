//! The municipal office's part of a sheet: its state, the reason of a return, the history
//! (提交 → 退回 → 重新提交 → 已审核), the items a resend changed, and the seal that makes it the
//! office's own (see `office_key`): review data a file arrives with unsealed, or sealed by a
//! key this PC does not hold, is never taken.

use super::changes::{SheetChanges, items_in_short, unit_changes};
use super::{ReviewState, Sheet};
use crate::catalog::LoadedRuleset;
use crate::office_key::{KeyRing, SealCheck};
use crate::scoring::{Problem, ProblemKind, SheetReport, item_location};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    /// What happened, oldest first: 提交 → 退回修改（原因）→ 重新提交（改了…）→ 已审核.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<ReviewEvent>,
    /// When the unit first submitted (RFC 3339): lateness is judged by it, never by a resend
    /// the office asked for.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub first_submitted_at: String,
    /// 重新提交截止 (YYYY-MM-DD) of the last return, when the office set one: a resend after
    /// it is late.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub resubmit_by: String,
    /// The items the unit changed in its last resend (id → each change in words): their
    /// earlier 考核得分 was dropped, and each is 需重审 until scored again.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub recheck: BTreeMap<String, Vec<String>>,
    /// 台账 entries the office does not accept (不予认定), by `ledger/id`, each with why: left
    /// out of the counts its 考核得分 rests on.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub struck: BTreeMap<String, String>,
    /// Who gave each item its 考核得分 (审核人), when, and where: typed in the window, or
    /// merged from a department's 评分表. Under the seal with the rest of the review.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub scored_by: BTreeMap<String, ScoredBy>,
    /// Items scored twice, differently (two 评分表, or a 评分表 and the window): the scores
    /// not taken, kept for the 办公室 to choose between; the item keeps its score till then.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub disputed: BTreeMap<String, Vec<OtherScore>>,
    /// The office's seal over this review and the unit's content it judged (`office_key`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub seal: String,
}

/// Who scored an item, on what day, and where.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ScoredBy {
    /// 审核人 as written (empty: not said).
    #[serde(default)]
    pub by: String,
    /// YYYY-MM-DD.
    #[serde(default)]
    pub on: String,
    /// The 评分表 it was merged from (`ScoringSheet::id`); empty when typed in the program.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sheet: String,
    /// That 评分表 in words (维权工作评分表，12月7日分发), for the reader.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sheet_name: String,
}

impl ScoredBy {
    /// 张三（维权工作评分表，2026-12-07）, or 办公室（2026-12-07） when no name was given.
    pub fn words(&self) -> String {
        let who = if self.by.trim().is_empty() {
            "（未写审核人）"
        } else {
            self.by.trim()
        };
        let mut where_when: Vec<&str> = Vec::new();
        if !self.sheet_name.is_empty() {
            where_when.push(&self.sheet_name);
        }
        if !self.on.is_empty() {
            where_when.push(&self.on);
        }
        if where_when.is_empty() {
            who.to_string()
        } else {
            format!("{who}（{}）", where_when.join("，"))
        }
    }
}

/// A score given to an item that already had another: not taken, kept for the 办公室.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtherScore {
    pub score: Decimal,
    #[serde(default)]
    pub note: String,
    pub scored: ScoredBy,
}

/// One step of a submission's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    /// The unit's first submission.
    Submitted,
    /// The unit sent it again (after a return, or of its own accord).
    Resubmitted,
    /// The office saved its review in a state.
    Pending,
    Approved,
    Returned,
}

impl Step {
    pub fn label(self) -> &'static str {
        match self {
            Step::Submitted => "提交",
            Step::Resubmitted => "重新提交",
            Step::Pending => ReviewState::Pending.label(),
            Step::Approved => ReviewState::Approved.label(),
            Step::Returned => ReviewState::Returned.label(),
        }
    }
}

impl From<ReviewState> for Step {
    fn from(s: ReviewState) -> Step {
        match s {
            ReviewState::Pending => Step::Pending,
            ReviewState::Approved => Step::Approved,
            ReviewState::Returned => Step::Returned,
        }
    }
}

/// A step with when it happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewEvent {
    /// `state` in files of the program before resends were recorded.
    #[serde(alias = "state")]
    pub step: Step,
    /// RFC 3339 local time.
    pub at: String,
    /// The 退回原因 of a return.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// 重新提交: the items the unit changed, by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changed: Vec<String>,
}

impl Review {
    /// The history in words, oldest first: 2026-12-01 提交 → 2026-12-02 退回修改（缺佐证材料）→
    /// 2026-12-03 重新提交（改了办公室工作第1、4项）→ 2026-12-05 已审核.
    pub fn history_words(&self, loaded: &LoadedRuleset) -> Vec<String> {
        let day = |t: &str| t.get(..10).unwrap_or(t).to_string();
        self.history
            .iter()
            .map(|e| {
                let mut w = format!("{} {}", day(&e.at), e.step.label());
                if !e.reason.is_empty() {
                    w.push_str(&format!("（{}）", crate::ruleset::excerpt(&e.reason)));
                }
                if e.step == Step::Resubmitted {
                    if e.changed.is_empty() {
                        w.push_str("（未改动）");
                    } else {
                        w.push_str(&format!("（改了{}）", items_in_short(loaded, &e.changed)));
                    }
                }
                w
            })
            .collect()
    }

    /// The unit sent the sheet again since the office last returned it.
    pub fn resubmitted(&self) -> bool {
        self.state != ReviewState::Returned
            && self
                .history
                .iter()
                .rev()
                .find(|e| matches!(e.step, Step::Returned | Step::Resubmitted))
                .is_some_and(|e| e.step == Step::Resubmitted)
    }

    /// The time lateness is judged by: a resend by the return's own deadline when one was
    /// set (`Some(late)`), otherwise the first submission's time.
    pub fn lateness_basis(&self) -> LatenessBasis {
        if self.resubmitted() && !self.resubmit_by.is_empty() {
            let resent = self
                .history
                .iter()
                .rev()
                .find(|e| e.step == Step::Resubmitted)
                .map(|e| e.at.clone())
                .unwrap_or_default();
            return LatenessBasis::ReturnDeadline {
                resent_at: resent,
                by: self.resubmit_by.clone(),
            };
        }
        LatenessBasis::First(self.first_submitted_at.clone())
    }

    /// Items the unit changed in its resend that have no 考核得分 yet.
    pub fn needs_recheck(&self, sheet: &Sheet, item_id: &str) -> bool {
        self.recheck.contains_key(item_id)
            && sheet.items.get(item_id).and_then(|e| e.reviewed).is_none()
    }
}

/// What a submission's lateness is judged by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LatenessBasis {
    /// The first submission's time (empty: the current file's own).
    First(String),
    /// A resend after a return that set its own deadline.
    ReturnDeadline { resent_at: String, by: String },
}

/// Whether RFC 3339 time `at` falls on a day after `by` (YYYY-MM-DD), in its own time zone.
pub fn after_day(at: &str, by: &str) -> bool {
    match (
        chrono::DateTime::parse_from_rfc3339(at),
        chrono::NaiveDate::parse_from_str(by, "%Y-%m-%d"),
    ) {
        (Ok(at), Ok(by)) => at.date_naive() > by,
        _ => false,
    }
}

/// Review data a file held that is not this office's, and why it was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedReview {
    pub why: SealCheck,
    /// The state the file claimed (已审核…), for the message.
    pub claimed: ReviewState,
    /// How many 考核得分 it claimed.
    pub scores: usize,
}

impl RefusedReview {
    pub fn message(&self) -> String {
        let claimed = format!(
            "（自称“{}”，{}项考核得分）",
            self.claimed.label(),
            self.scores
        );
        match &self.why {
            SealCheck::UnknownKey(id) => format!(
                "此文件带有审核数据{claimed}，由另一台电脑保存（审核密钥 {id}），本机没有该密钥，不是本处的审核，已不采用。若是本处在另一台电脑上审核的，请在那台电脑上“模式 → 导出审核密钥…”，再在本机“模式 → 导入审核密钥…”。"
            ),
            SealCheck::Altered => format!(
                "此文件带有审核数据{claimed}，但在本处保存后被改动过，不是本处的审核，已不采用。"
            ),
            SealCheck::Unsealed | SealCheck::Ours => {
                format!("此文件带有审核数据{claimed}，不是本处的审核，已不采用。")
            }
        }
    }
}

/// What the seal covers: the review, every 考核得分 and 考核意见, and the unit's content
/// they judged (its fingerprint), so a review moved onto other content does not verify.
#[derive(Serialize)]
struct SealPayload<'a> {
    what: &'static str,
    content: String,
    review: Review,
    items: BTreeMap<&'a str, (Option<Decimal>, &'a str)>,
}

impl Sheet {
    /// The file holds some review data: a review block, a 考核得分 or a 考核意见.
    pub fn has_review_data(&self) -> bool {
        self.review.is_some()
            || self
                .items
                .values()
                .any(|e| e.reviewed.is_some() || !e.review_note.is_empty())
    }

    fn seal_payload(&self) -> Vec<u8> {
        let mut review = self.review.clone().unwrap_or_default();
        review.seal.clear();
        let payload = SealPayload {
            what: "考评 市妇联审核 1",
            content: self.content_fingerprint(),
            review,
            items: self
                .items
                .iter()
                .filter(|(_, e)| e.reviewed.is_some() || !e.review_note.is_empty())
                .map(|(id, e)| (id.as_str(), (e.reviewed, e.review_note.as_str())))
                .collect(),
        };
        // Plain strings, decimals and maps always serialize.
        serde_json::to_vec(&payload).unwrap_or_default()
    }

    /// Seals the review with this PC's office key (made at the first review save).
    pub fn seal_review(&mut self) -> Result<(), String> {
        let payload = self.seal_payload();
        let seal = crate::office_key::seal_on_this_pc(&payload)?;
        self.review.get_or_insert_with(Review::default).seal = seal;
        Ok(())
    }

    /// Whose review the file holds: `None` when it holds none.
    pub fn review_seal(&self, keys: &KeyRing) -> Option<SealCheck> {
        if !self.has_review_data() {
            return None;
        }
        let seal = self.review.as_ref().map_or("", |r| r.seal.as_str());
        Some(keys.check(seal, &self.seal_payload()))
    }

    /// Takes out every part of the office's review (state, history, 考核得分, 考核意见).
    pub fn drop_review(&mut self) {
        self.review = None;
        for e in self.items.values_mut() {
            e.reviewed = None;
            e.review_note.clear();
        }
    }

    /// Keeps the review only when it is this office's (sealed by a key of `keys`); else drops
    /// it and says what was dropped.
    pub fn keep_only_own_review(&mut self, keys: &KeyRing) -> Option<RefusedReview> {
        let mut why = self.review_seal(keys)?;
        if matches!(why, SealCheck::UnknownKey(_)) {
            // A key made or imported by another program since this one read its keys.
            crate::office_key::reload();
            why = self.review_seal(&crate::office_key::this_pc())?;
        }
        if why == SealCheck::Ours {
            return None;
        }
        let refused = RefusedReview {
            why,
            claimed: self.review_state(),
            scores: self.items.values().filter(|e| e.reviewed.is_some()).count(),
        };
        self.drop_review();
        Some(refused)
    }

    /// What keeps the review from being finished: items without a 考核得分, a return without
    /// a reason, an 已审核 sheet with items left. Invalid 考核得分 values are in the report.
    pub fn review_problems(&self, loaded: &LoadedRuleset, report: &SheetReport) -> Vec<Problem> {
        let mut out = Vec::new();
        let state = self.review_state();
        let review = self.review.clone().unwrap_or_default();
        if state == ReviewState::Returned && review.reason.trim().is_empty() {
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
        // Two scores for one item: the 办公室 chooses before the review is finished.
        let wants_score = |item_id: &str, message: String| Problem {
            kind: ProblemKind::Unfilled,
            item: Some(item_id.to_string()),
            rule: None,
            about: crate::scoring::About::ReviewedScore,
            location: item_location(&loaded.ruleset, item_id),
            message,
            question: None,
        };
        for id in review.disputed.keys() {
            if report.items.iter().any(|i| &i.item_id == id) {
                out.push(wants_score(id, "此项有两份不同的评分，请选择一份".into()));
            }
        }
        for item in missing {
            let message = match review.recheck.get(&item.item_id) {
                Some(lines) => format!("需重审：单位重新提交时改了此项（{}）", lines.join("；")),
                None => "未填考核得分".into(),
            };
            out.push(wants_score(&item.item_id, message));
        }
        out
    }
}

/// A resend: `new` is the unit's new sheet, `earlier` the office's review of its earlier
/// submission. Every item the unit did not change keeps its 考核得分 and 考核意见; every item
/// it changed loses them and is 需重审, with what changed; the state goes back to 待审核 and
/// the history records the resend (`resent_at`) with the items. Returns what changed, or
/// `None` when there is no review to carry (or it is of another unit).
pub fn carry_review(
    new: &mut Sheet,
    earlier: &Sheet,
    loaded: &LoadedRuleset,
    resent_at: &str,
) -> Option<SheetChanges> {
    let old_review = earlier.review.clone()?;
    if earlier.unit != new.unit {
        return None;
    }
    let changes = unit_changes(earlier, new, loaded);
    let changed = changes.item_ids();
    new.drop_review();
    let mut recheck = BTreeMap::new();
    for (id, old) in &earlier.items {
        if changed.contains(id) {
            if old.reviewed.is_some() || !old.review_note.is_empty() {
                let mut lines = changes
                    .items
                    .iter()
                    .find(|c| &c.item_id == id)
                    .map(|c| c.lines.clone())
                    .unwrap_or_default();
                let mut before = String::from("上次");
                if let Some(r) = old.reviewed {
                    before.push_str(&format!("考核得分{}", r.normalize()));
                }
                if !old.review_note.trim().is_empty() {
                    before.push_str(&format!(
                        "，考核意见“{}”",
                        crate::ruleset::excerpt(old.review_note.trim())
                    ));
                }
                lines.push(before);
                recheck.insert(id.clone(), lines);
            }
            continue;
        }
        if old.reviewed.is_some() || !old.review_note.is_empty() {
            let entry = new.items.entry(id.clone()).or_default();
            entry.reviewed = old.reviewed;
            entry.review_note = old.review_note.clone();
        }
    }
    // Changed items the office had not scored yet are 需重审 too: they are new to it.
    for c in &changes.items {
        recheck
            .entry(c.item_id.clone())
            .or_insert_with(|| c.lines.clone());
    }
    let mut review = old_review;
    // Who scored an item goes with its score: a changed item lost both.
    review.scored_by.retain(|id, _| !changed.contains(id));
    review.disputed.retain(|id, _| !changed.contains(id));
    review.seal.clear();
    review.state = ReviewState::Pending;
    review.reason.clear();
    review.recheck = recheck;
    if review.first_submitted_at.is_empty() {
        review.first_submitted_at = earlier.saved_at.clone();
    }
    review.history.push(ReviewEvent {
        step: Step::Resubmitted,
        at: resent_at.to_string(),
        reason: String::new(),
        changed,
    });
    new.review = Some(review);
    Some(changes)
}
