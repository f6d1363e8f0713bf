//! The 台账 edits: an entry added, changed or taken off, each checked against its ledger as
//! the scheme defines it (a real date, a 事由, every figure of its field's kind), each one
//! undo step like any edit.

use super::{Session, SessionError};
use crate::ledger::Ledger;
use crate::sheet::ledger::{LedgerEntry, MAX_ENTRIES, MAX_ENTRY_TEXT_CHARS, check_figure};
use std::collections::BTreeMap;

/// An entry as typed: its date (2015-03-08, 2015年3月8日 …), 事由, and figures by field id or
/// by the name the scheme gives the field.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EntryDraft {
    pub date: String,
    pub title: String,
    pub figures: BTreeMap<String, String>,
}

impl Session {
    /// The entry `id` of the ledger `ledger_id`, to change.
    fn entry_mut(&mut self, ledger_id: &str, id: u32) -> Result<&mut LedgerEntry, SessionError> {
        self.doc
            .sheet
            .ledgers
            .get_mut(ledger_id)
            .and_then(|l| l.iter_mut().find(|e| e.id == id))
            .ok_or(SessionError::NoSuchEntry { id })
    }

    /// The scheme's ledger of that id.
    pub fn ledger(&self, id: &str) -> Option<&Ledger> {
        self.doc.ruleset.ruleset.ledgers.iter().find(|l| l.id == id)
    }

    /// The ledgers the scheme keeps for an item (usually one; 留守儿童 has two).
    pub fn ledgers_of_item(&self, item_id: &str) -> Vec<&Ledger> {
        self.doc
            .ruleset
            .ruleset
            .ledgers
            .iter()
            .filter(|l| l.item == item_id)
            .collect()
    }

    /// The ledger that gives this rule its input now (it feeds the rule and holds entries):
    /// the rule's typed number is then not used.
    pub fn ledger_feeding(&self, item_id: &str, rule_id: &str) -> Option<&Ledger> {
        self.doc.ruleset.ruleset.ledgers.iter().find(|l| {
            l.item == item_id
                && l.feeds.iter().any(|f| f.rule == rule_id)
                && self
                    .doc
                    .sheet
                    .ledgers
                    .get(&l.id)
                    .is_some_and(|e| !e.is_empty())
        })
    }

    /// The numbers typed for the rules `ledger_id` feeds, in words (“在社区举办家庭律师普法讲座”
    /// 59场), when the ledger has no entry yet: its first entry takes them over.
    pub fn typed_numbers_a_ledger_takes_over(&self, ledger_id: &str) -> Vec<String> {
        let Some(ledger) = self.ledger(ledger_id) else {
            return Vec::new();
        };
        if self
            .doc
            .sheet
            .ledgers
            .get(ledger_id)
            .is_some_and(|l| !l.is_empty())
        {
            return Vec::new();
        }
        let Some(item) = self.doc.ruleset.ruleset.item(&ledger.item) else {
            return Vec::new();
        };
        let facts = self.doc.sheet.items.get(&ledger.item);
        ledger
            .feeds
            .iter()
            .filter_map(|f| {
                let rule = item.all_rules().find(|r| r.id == f.rule)?;
                let words = match facts?.facts.get(&rule.id)? {
                    crate::scoring::Fact::Number(n) => {
                        format!("{}{}", crate::ruleset::fmt_dec(*n), rule.kind.unit())
                    }
                    crate::scoring::Fact::Flag(b) => if *b { "是" } else { "否" }.to_string(),
                    crate::scoring::Fact::Text(t) => t.clone(),
                };
                Some(format!("“{}”{words}", rule.label))
            })
            .collect()
    }

    /// Whether an entry would be taken as typed (the dialog says why not before it closes).
    pub fn check_entry(&self, ledger_id: &str, draft: &EntryDraft) -> Result<(), SessionError> {
        self.checked_entry(ledger_id, draft).map(|_| ())
    }

    /// The entry checked against its ledger: the date read, the 事由 trimmed, figures by
    /// field id. `Err` names the first thing wrong.
    fn checked_entry(
        &self,
        ledger_id: &str,
        draft: &EntryDraft,
    ) -> Result<LedgerEntry, SessionError> {
        let wrong = SessionError::Ledger;
        let ledger = self.ledger(ledger_id).ok_or_else(|| {
            wrong(format!(
                "考核规则中没有台账“{}”",
                crate::ruleset::excerpt(ledger_id)
            ))
        })?;
        if draft.date.trim().is_empty() {
            return Err(wrong("请填写日期（如 2015-03-08 或 2015年3月8日）".into()));
        }
        let date =
            crate::input::parse_day(&draft.date).map_err(|why| wrong(format!("日期：{why}")))?;
        // A 台账 is the scheme's year's: work of another year counts nowhere here.
        let year = self.doc.ruleset.ruleset.year;
        if !date.starts_with(&format!("{year}-")) {
            return Err(wrong(format!(
                "日期{date}不在{year}年度内：台账只记本年度（{year}年1月1日至12月31日）的工作"
            )));
        }
        let title = draft.title.trim().to_string();
        if title.is_empty() {
            return Err(wrong(format!("请填写这条{}的事由", ledger.entry)));
        }
        if title.chars().count() > MAX_ENTRY_TEXT_CHARS || title.chars().any(char::is_control) {
            return Err(wrong(format!(
                "事由最多{MAX_ENTRY_TEXT_CHARS}个字，不能含换行等控制字符"
            )));
        }
        let mut figures = BTreeMap::new();
        for (name, value) in &draft.figures {
            let field = ledger
                .fields
                .iter()
                .find(|f| &f.id == name || &f.label == name)
                .map(|f| f.id.clone())
                .unwrap_or_else(|| name.clone());
            if value.trim().is_empty() {
                continue;
            }
            let value = check_figure(ledger, &field, value).map_err(wrong)?;
            figures.insert(field, value);
        }
        Ok(LedgerEntry {
            id: 0,
            date,
            title,
            figures,
            files: Vec::new(),
        })
    }

    /// Adds an entry to a ledger; returns its id (the next one never used in that ledger).
    pub fn add_ledger_entry(
        &mut self,
        ledger_id: &str,
        draft: &EntryDraft,
    ) -> Result<u32, SessionError> {
        let mut entry = self.checked_entry(ledger_id, draft)?;
        let list = self
            .doc
            .sheet
            .ledgers
            .entry(ledger_id.to_string())
            .or_default();
        if list.len() >= MAX_ENTRIES {
            return Err(SessionError::Ledger(format!(
                "一个台账最多{MAX_ENTRIES}条记录"
            )));
        }
        entry.id = list
            .iter()
            .map(|e| e.id)
            .max()
            .map_or(1, |m| m.saturating_add(1));
        let id = entry.id;
        list.push(entry);
        // Kept in date order (the order of entry among one day's), as a 台账 is read.
        list.sort_by(|a, b| a.date.cmp(&b.date));
        self.edited();
        Ok(id)
    }

    /// Adds every entry of an import at once (one undo step): each checked first, none added
    /// unless all are right (the first wrong one is named, with its place in the list).
    /// Returns how many were added.
    pub fn import_ledger_entries(
        &mut self,
        ledger_id: &str,
        drafts: &[EntryDraft],
    ) -> Result<usize, SessionError> {
        let mut checked = Vec::with_capacity(drafts.len().min(MAX_ENTRIES));
        for (i, d) in drafts.iter().enumerate() {
            let entry = self
                .checked_entry(ledger_id, d)
                .map_err(|e| SessionError::Ledger(format!("第{}条：{e}", i.saturating_add(1))))?;
            checked.push(entry);
        }
        let list = self
            .doc
            .sheet
            .ledgers
            .entry(ledger_id.to_string())
            .or_default();
        if list.len().saturating_add(checked.len()) > MAX_ENTRIES {
            return Err(SessionError::Ledger(format!(
                "一个台账最多{MAX_ENTRIES}条记录"
            )));
        }
        // A row already kept (same day, 事由 and figures) is not kept twice: a table exported,
        // added to in WPS and imported again brings only what is new.
        let known = |e: &LedgerEntry| {
            list.iter()
                .any(|k| (&k.date, &k.title, &k.figures) == (&e.date, &e.title, &e.figures))
        };
        let checked: Vec<LedgerEntry> = checked.into_iter().filter(|e| !known(e)).collect();
        let mut next = list.iter().map(|e| e.id).max().unwrap_or(0);
        let count = checked.len();
        for mut entry in checked {
            next = next.saturating_add(1);
            entry.id = next;
            list.push(entry);
        }
        list.sort_by(|a, b| a.date.cmp(&b.date));
        if list.is_empty() {
            self.doc.sheet.ledgers.remove(ledger_id);
        }
        if count > 0 {
            self.edited();
        }
        Ok(count)
    }

    /// 不予认定 (review mode): the office does not accept an entry (`Some(why)`), or takes that
    /// back (`None`). The item's 考核得分 is recomputed from the entries it accepts and its
    /// 考核意见 names each entry not accepted and why. Whether anything changed.
    pub fn strike_entry(
        &mut self,
        ledger_id: &str,
        id: u32,
        why: Option<&str>,
    ) -> Result<bool, SessionError> {
        let ledger = self
            .ledger(ledger_id)
            .cloned()
            .ok_or(SessionError::NoSuchEntry { id })?;
        if !self
            .doc
            .sheet
            .ledgers
            .get(ledger_id)
            .is_some_and(|l| l.iter().any(|e| e.id == id))
        {
            return Err(SessionError::NoSuchEntry { id });
        }
        let key = crate::sheet::ledger::strike_key(ledger_id, id);
        let review = self.doc.sheet.review.get_or_insert_with(Default::default);
        let before = review.struck.get(&key).cloned();
        match why.map(str::trim) {
            Some("") => return Err(SessionError::Ledger("请写明不予认定的理由".into())),
            Some(w) => {
                review.struck.insert(key, w.to_string());
            }
            None => {
                review.struck.remove(&key);
            }
        }
        if review
            .struck
            .get(&crate::sheet::ledger::strike_key(ledger_id, id))
            == before.as_ref()
        {
            return Ok(false);
        }
        self.rescore_after_strikes(&ledger);
        self.edited();
        Ok(true)
    }

    /// The 考核得分 of the ledger's item from the entries the office accepts, and its 考核意见
    /// with one line per entry not accepted (the office's own words above them kept).
    fn rescore_after_strikes(&mut self, ledger: &Ledger) {
        let struck = self
            .doc
            .sheet
            .review
            .as_ref()
            .map(|r| r.struck.clone())
            .unwrap_or_default();
        let rs = &self.doc.ruleset.ruleset;
        let Some(item) = rs.item(&ledger.item) else {
            return;
        };
        let accepted = |l: &str, e: &crate::sheet::ledger::LedgerEntry| {
            !struck.contains_key(&crate::sheet::ledger::strike_key(l, e.id))
        };
        let derived = crate::sheet::ledger::derive(rs, &self.doc.sheet.ledgers, &accepted, None);
        let items = crate::sheet::ledger::with_ledger_facts(&self.doc.sheet.items, &derived);
        let entry = items.get(&item.id).cloned().unwrap_or_default();
        let location = crate::scoring::item_location(rs, &item.id);
        let scored =
            crate::scoring::score_item(rs, item, self.doc.sheet.unit_context(), &entry, &location);
        // Every ledger of the item (a scheme may keep more than one for it).
        let mut lines: Vec<String> = Vec::new();
        for l in rs.ledgers.iter().filter(|l| l.item == item.id) {
            for e in self.doc.sheet.ledgers.get(&l.id).into_iter().flatten() {
                if let Some(why) = struck.get(&crate::sheet::ledger::strike_key(&l.id, e.id)) {
                    lines.push(crate::sheet::ledger::strike_line(l, e, why));
                }
            }
        }
        let target = self.doc.sheet.items.entry(item.id.clone()).or_default();
        if let Some(score) = scored.score {
            target.reviewed = Some(score);
        }
        let own: Vec<&str> = target
            .review_note
            .lines()
            .filter(|l| !l.starts_with(crate::sheet::ledger::STRUCK))
            .collect();
        target.review_note = own
            .into_iter()
            .map(str::to_string)
            .chain(lines)
            .collect::<Vec<_>>()
            .join("\n");
    }

    /// Changes an entry's date, 事由 and figures (its files stay); whether anything changed.
    pub fn change_ledger_entry(
        &mut self,
        ledger_id: &str,
        id: u32,
        draft: &EntryDraft,
    ) -> Result<bool, SessionError> {
        let checked = self.checked_entry(ledger_id, draft)?;
        let entry = self.entry_mut(ledger_id, id)?;
        if (&entry.date, &entry.title, &entry.figures)
            == (&checked.date, &checked.title, &checked.figures)
        {
            return Ok(false);
        }
        entry.date = checked.date;
        entry.title = checked.title;
        entry.figures = checked.figures;
        if let Some(list) = self.doc.sheet.ledgers.get_mut(ledger_id) {
            list.sort_by(|a, b| a.date.cmp(&b.date));
        }
        self.edited();
        Ok(true)
    }

    /// Takes an entry off its ledger (a ledger left empty goes: its rules take typed numbers
    /// again).
    pub fn remove_ledger_entry(
        &mut self,
        ledger_id: &str,
        id: u32,
    ) -> Result<LedgerEntry, SessionError> {
        let list = self
            .doc
            .sheet
            .ledgers
            .get_mut(ledger_id)
            .ok_or(SessionError::NoSuchEntry { id })?;
        let at = list
            .iter()
            .position(|e| e.id == id)
            .ok_or(SessionError::NoSuchEntry { id })?;
        let removed = list.remove(at);
        if list.is_empty() {
            self.doc.sheet.ledgers.remove(ledger_id);
        }
        // Its files go with it, at this sheet's next save here (Ctrl+Z brings them back).
        if let Some(path) = &self.doc.path {
            for f in &removed.files {
                self.removed.push(crate::evidence::Removed::of_ledger_file(
                    path, ledger_id, id, f,
                ));
            }
        }
        self.edited();
        Ok(removed)
    }

    /// Attaches `source` to a 台账 entry (copied beside the sheet, which must have a file).
    /// Returns the file's title.
    pub fn attach_ledger_file(
        &mut self,
        ledger_id: &str,
        id: u32,
        source: &std::path::Path,
    ) -> Result<String, SessionError> {
        let path = self
            .doc
            .path
            .clone()
            .ok_or(SessionError::NotSaved(super::NeedsFile::Evidence))?;
        let file = crate::evidence::copy_for_ledger_entry(
            &self.doc.sheet,
            &path,
            ledger_id,
            id,
            source,
            &crate::progress::Progress::new(),
        )?;
        let title = file.title.clone();
        let entry = self.entry_mut(ledger_id, id)?;
        entry.files.push(file);
        self.edited();
        Ok(title)
    }

    /// Takes a file off a 台账 entry; it goes at this sheet's next save here.
    pub fn remove_ledger_file(
        &mut self,
        ledger_id: &str,
        id: u32,
        index: usize,
    ) -> Result<crate::evidence::EvidenceFile, SessionError> {
        let entry = self.entry_mut(ledger_id, id)?;
        if index >= entry.files.len() {
            return Err(crate::evidence::EvidenceError::NoSuchEntry { index }.into());
        }
        let removed = entry.files.remove(index);
        if let Some(path) = &self.doc.path {
            self.removed.push(crate::evidence::Removed::of_ledger_file(
                path, ledger_id, id, &removed,
            ));
        }
        self.edited();
        Ok(removed)
    }
}
