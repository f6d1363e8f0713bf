//! The named edits: the only ways the open sheet changes. Each compares with what is there
//! (an edit that changes nothing is no edit: the sheet stays saved), writes, recomputes the
//! report and counts a revision — so no caller can forget to, and whether there is unsaved
//! work is derived from the revisions.

use super::{Session, SessionError};
use crate::scoring::{Fact, ItemEntry, ManualScore};
use crate::sheet::{ReturnNotice, ReviewState};
use rust_decimal::Decimal;

impl Session {
    /// Applies `change` to the entry of one item (created empty if there was none) and
    /// counts it as an edit if the entry is different afterwards.
    fn edit_entry(&mut self, item_id: &str, change: impl FnOnce(&mut ItemEntry)) -> bool {
        let before = self.doc.sheet.items.get(item_id).cloned();
        let entry = self.doc.sheet.items.entry(item_id.to_string()).or_default();
        change(entry);
        let changed = before.as_ref() != Some(&*entry);
        if before.is_none() && !changed {
            // Looking was no edit: leave no empty entry behind.
            self.doc.sheet.items.remove(item_id);
        }
        if changed {
            self.edited();
        }
        changed
    }

    /// 填报单位 (`None`: not chosen).
    pub fn set_unit(&mut self, unit: Option<String>) -> bool {
        if self.doc.sheet.unit == unit {
            return false;
        }
        self.doc.sheet.unit = unit;
        self.edited();
        true
    }

    /// One of the unit's own figures (乡镇数); `None` clears it.
    pub fn set_figure(&mut self, id: &str, value: Option<u32>) -> bool {
        if self.doc.sheet.figures.get(id).copied() == value {
            return false;
        }
        match value {
            Some(v) => self.doc.sheet.figures.insert(id.to_string(), v),
            None => self.doc.sheet.figures.remove(id),
        };
        self.edited();
        true
    }

    /// 联系人.
    pub fn set_contact_name(&mut self, name: &str) -> bool {
        if self.doc.sheet.contact.name == name {
            return false;
        }
        self.doc.sheet.contact.name = name.to_string();
        self.edited();
        true
    }

    /// 电话.
    pub fn set_contact_phone(&mut self, phone: &str) -> bool {
        if self.doc.sheet.contact.phone == phone {
            return false;
        }
        self.doc.sheet.contact.phone = phone.to_string();
        self.edited();
        true
    }

    /// What was entered for one rule of an item (`None` clears it). Text that is not a
    /// number is kept as typed and reported by the engine.
    pub fn set_fact(&mut self, item_id: &str, rule_id: &str, fact: Option<Fact>) -> bool {
        self.edit_entry(item_id, |e| match fact {
            Some(f) => {
                e.facts.insert(rule_id.to_string(), f);
            }
            None => {
                e.facts.remove(rule_id);
            }
        })
    }

    /// The manual self score with its reason (`None`: scored by the rules).
    pub fn set_manual(&mut self, item_id: &str, manual: Option<ManualScore>) -> bool {
        self.edit_entry(item_id, |e| e.manual = manual)
    }

    /// 自评说明.
    pub fn set_note(&mut self, item_id: &str, note: &str) -> bool {
        self.edit_entry(item_id, |e| e.note = note.to_string())
    }

    /// The 考核得分 of one item (`None` clears it), recorded under this session's 审核人.
    pub fn set_reviewed(&mut self, item_id: &str, score: Option<Decimal>) -> bool {
        let before = self.doc.sheet.items.get(item_id).and_then(|e| e.reviewed);
        if before == score {
            return false;
        }
        self.record_scorer(item_id, score.is_some());
        self.edit_entry(item_id, |e| e.reviewed = score)
    }

    /// 考核意见 of one item (review mode).
    pub fn set_review_note(&mut self, item_id: &str, note: &str) -> bool {
        self.edit_entry(item_id, |e| e.review_note = note.to_string())
    }

    /// 退回原因: kept only while the review's state is 退回修改.
    pub fn set_return_reason(&mut self, reason: &str) -> bool {
        if self.doc.sheet.review_state() != ReviewState::Returned {
            return false;
        }
        let review = self.doc.sheet.review.get_or_insert_with(Default::default);
        if review.reason == reason {
            return false;
        }
        review.reason = reason.to_string();
        self.edited();
        true
    }

    /// 重新提交截止 of a return (YYYY-MM-DD, or empty for none): kept only while the state is
    /// 退回修改. A text that is not a date is refused with why.
    pub fn set_resubmit_by(&mut self, day: &str) -> Result<bool, SessionError> {
        let day = day.trim();
        if !day.is_empty() {
            crate::input::parse_day(day).map_err(SessionError::BadDate)?;
        }
        if self.doc.sheet.review_state() != ReviewState::Returned {
            return Ok(false);
        }
        let day = if day.is_empty() {
            String::new()
        } else {
            crate::input::parse_day(day).map_err(SessionError::BadDate)?
        };
        let review = self.doc.sheet.review.get_or_insert_with(Default::default);
        if review.resubmit_by == day {
            return Ok(false);
        }
        review.resubmit_by = day;
        self.edited();
        Ok(true)
    }

    /// Takes a 退回通知 over the clerk's sheet (fill mode): it must be for this unit, year and
    /// scheme. Its items are 需修改 until she changes them.
    pub fn take_return_notice(&mut self, notice: ReturnNotice) -> Result<(), SessionError> {
        notice
            .fits(&self.doc.sheet, &self.doc.ruleset)
            .map_err(SessionError::NoticeDoesNotFit)?;
        if self.doc.sheet.returned.as_ref() == Some(&notice) {
            return Ok(());
        }
        self.doc.sheet.returned = Some(notice);
        self.edited();
        Ok(())
    }

    /// Renames one 佐证材料 of an item; whether the title changed. An empty or too long title
    /// is refused (the message says why) and the entry keeps its last good one.
    pub fn rename_evidence(
        &mut self,
        item_id: &str,
        index: usize,
        title: &str,
    ) -> Result<bool, SessionError> {
        let title_now = |s: &Session| {
            s.doc
                .sheet
                .evidence
                .get(item_id)
                .and_then(|l| l.get(index))
                .map(|e| e.title.clone())
        };
        let before = title_now(self);
        crate::evidence::rename(&mut self.doc.sheet, item_id, index, title)?;
        let changed = title_now(self) != before;
        if changed {
            self.edited();
        }
        Ok(changed)
    }

    /// Moves one 佐证材料 of an item up (`true`) or down in its list.
    pub fn move_evidence(&mut self, item_id: &str, index: usize, up: bool) -> bool {
        let moved = crate::evidence::move_entry(&mut self.doc.sheet, item_id, index, up);
        if moved {
            self.edited();
        }
        moved
    }
}
