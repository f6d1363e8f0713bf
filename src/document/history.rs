//! Undo and redo of the open sheet. Every named edit ends in `Session::edited`, which records
//! the sheet as it was before (a whole `Sheet`: 44 items of facts are a few kilobytes, and a
//! whole state cannot be restored wrongly, whatever the edit was) with what changed in words
//! (「市妇联采用信息 78 → 80」). Typing in one field is one step: edits of the same field follow
//! one another into the same step until the window says a new one begins (`seal`: another
//! field took the keyboard, a save, an undo).

use super::Session;
use crate::catalog::LoadedRuleset;
use crate::evidence::Removed;
use crate::ruleset::{excerpt, fmt_dec};
use crate::scoring::{Fact, ItemEntry};
use crate::sheet::Sheet;

/// How many steps are kept (older ones are forgotten).
const MAX_STEPS: usize = 200;

/// One step: the state to go back to, and what the step changed.
#[derive(Clone)]
struct Step {
    /// Which field it changed (edits of the same field merge into one step).
    field: String,
    /// 「市妇联采用信息 78 → 80」.
    said: String,
    sheet: Sheet,
    removed: Vec<Removed>,
    revision: u64,
}

/// The steps that can be undone and redone.
#[derive(Default)]
pub(super) struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// The next edit starts a new step even if it is of the same field.
    sealed: bool,
}

/// What an undo or redo did, in words for the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undone {
    pub said: String,
    /// A file the restored sheet lists that was gone (sent to the trash by a save) and could
    /// not be brought back: said so the clerk can add it again.
    pub missing: Vec<String>,
}

impl History {
    /// The step an edit of `field` (in words `said`) made from `before`.
    fn record(&mut self, field: String, said: String, before: (Sheet, Vec<Removed>, u64)) {
        self.redo.clear();
        self.sealed = false;
        let (sheet, removed, revision) = before;
        self.undo.push(Step {
            field,
            said,
            sheet,
            removed,
            revision,
        });
        if self.undo.len() > MAX_STEPS {
            self.undo.remove(0);
        }
    }

    pub(super) fn clear(&mut self) {
        *self = History::default();
    }
}

impl Session {
    /// What 撤销 would take back, in words (None: nothing to undo).
    pub fn undo_said(&self) -> Option<&str> {
        self.history.undo.last().map(|s| s.said.as_str())
    }

    /// What 重做 would do again, in words.
    pub fn redo_said(&self) -> Option<&str> {
        self.history.redo.last().map(|s| s.said.as_str())
    }

    /// The next edit begins a new undo step (another field has the keyboard).
    pub fn seal_undo_step(&mut self) {
        self.history.sealed = true;
    }

    /// Takes back the last step; returns what it was.
    pub fn undo(&mut self) -> Option<Undone> {
        let step = self.history.undo.pop()?;
        let now = self.snapshot(&step);
        self.history.redo.push(now);
        Some(self.restore(step))
    }

    /// Does the last undone step again.
    pub fn redo(&mut self) -> Option<Undone> {
        let step = self.history.redo.pop()?;
        let now = self.snapshot(&step);
        self.history.undo.push(now);
        Some(self.restore(step))
    }

    /// The state now, as a step to come back to (named as `like`).
    fn snapshot(&self, like: &Step) -> Step {
        Step {
            field: like.field.clone(),
            said: like.said.clone(),
            sheet: self.doc.sheet.clone(),
            removed: self.removed.clone(),
            revision: self.revision,
        }
    }

    /// Shows a recorded state: its sheet, its files taken off, its revision (so undoing back
    /// to what is on disk shows 已保存 again). A file it lists that a save sent to the trash
    /// is brought back from there.
    fn restore(&mut self, step: Step) -> Undone {
        self.history.sealed = true;
        let said = step.said.clone();
        self.doc.sheet = step.sheet;
        self.removed = step.removed;
        self.revision = step.revision;
        self.recompute();
        self.shadow = self.doc.sheet.clone();
        self.changed_at = Some(std::time::Instant::now());
        let missing = match self.doc.path.clone() {
            Some(path) => crate::evidence::bring_back_listed(&self.doc.sheet, &path),
            None => Vec::new(),
        };
        Undone { said, missing }
    }

    /// Called by `edited` with the sheet as it was before the edit: records the step.
    pub(super) fn remember(&mut self, revision_before: u64) {
        let before = std::mem::replace(&mut self.shadow, self.doc.sheet.clone());
        let (field, said) = describe(&before, &self.doc.sheet, &self.doc.ruleset);
        if !self.history.sealed
            && let Some(top) = self.history.undo.last_mut()
            && top.field == field
        {
            // The same field typed on: one step, from before its first key to now (「48 →
            // 80」, not 「8 → 80」).
            top.said = describe(&top.sheet, &self.doc.sheet, &self.doc.ruleset).1;
            self.history.redo.clear();
            return;
        }
        let made_now: Vec<Removed> = self
            .removed
            .iter()
            .filter(|r| r.listed_in(&before))
            .cloned()
            .collect();
        // The files taken off before this edit, as they were then: the removal this edit
        // made is the one the step undoes.
        let removed_then: Vec<Removed> = self
            .removed
            .iter()
            .filter(|r| !made_now.contains(r))
            .cloned()
            .collect();
        self.history
            .record(field, said, (before, removed_then, revision_before));
    }
}

/// Which field changed from `a` to `b` and what, in words: the first difference found (an
/// edit changes one thing; one that changes many, such as 其余项采用自查得分, is named by
/// its count).
fn describe(a: &Sheet, b: &Sheet, loaded: &LoadedRuleset) -> (String, String) {
    let mut found: Vec<(String, String)> = Vec::new();
    if a.unit != b.unit {
        let name = |s: &Sheet| s.unit_name(loaded).unwrap_or("未选").to_string();
        found.push(("unit".into(), format!("填报单位 {} → {}", name(a), name(b))));
    }
    for figure in &loaded.ruleset.figures {
        let (x, y) = (a.figures.get(&figure.id), b.figures.get(&figure.id));
        if x != y {
            let w = |v: Option<&u32>| v.map_or_else(|| "空".to_string(), u32::to_string);
            found.push((
                format!("figure/{}", figure.id),
                format!("{} {} → {}", figure.label, w(x), w(y)),
            ));
        }
    }
    if a.contact.name != b.contact.name {
        found.push((
            "contact.name".into(),
            format!(
                "联系人 {} → {}",
                words(&a.contact.name),
                words(&b.contact.name)
            ),
        ));
    }
    if a.contact.phone != b.contact.phone {
        found.push((
            "contact.phone".into(),
            format!(
                "电话 {} → {}",
                words(&a.contact.phone),
                words(&b.contact.phone)
            ),
        ));
    }
    // Who scored an item goes with its 考核得分 (described with the item), not a change of
    // the review's state of its own.
    let bare = |s: &Sheet| {
        s.review
            .clone()
            .map(|mut r| {
                r.scored_by.clear();
                r.disputed.clear();
                r
            })
            .filter(|r| *r != crate::sheet::Review::default())
    };
    let disputed = |s: &Sheet| {
        s.review
            .as_ref()
            .map(|r| r.disputed.clone())
            .unwrap_or_default()
    };
    if bare(a) != bare(b) {
        found.push(("review".into(), "审核状态".into()));
    } else if disputed(a) != disputed(b) {
        found.push(("disputed".into(), "两份评分的选择".into()));
    }
    if a.sealed_scans != b.sealed_scans {
        found.push(("scans".into(), "盖章扫描件".into()));
    }
    found.extend(item_changes(a, b, loaded));
    found.extend(ledger_changes(a, b, loaded));
    match found.len() {
        0 => ("other".into(), "修改".into()),
        1 => found.remove(0),
        n => (
            "many".into(),
            format!("{}等{n}处", found.first().map_or("", |f| f.1.as_str())),
        ),
    }
}

/// What changed in the items: facts, manual scores, notes, confirmations, the review's
/// scores and words, 佐证材料 — each keyed by its field.
fn item_changes(a: &Sheet, b: &Sheet, loaded: &LoadedRuleset) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = Vec::new();
    let empty = ItemEntry::default();
    for (_, item) in loaded.ruleset.items() {
        let x = a.items.get(&item.id).unwrap_or(&empty);
        let y = b.items.get(&item.id).unwrap_or(&empty);
        let place = crate::scoring::item_location(&loaded.ruleset, &item.id);
        for rule in item.all_rules() {
            let (f, g) = (x.facts.get(&rule.id), y.facts.get(&rule.id));
            if f != g {
                found.push((
                    format!("fact/{}/{}", item.id, rule.id),
                    format!("{} {} → {}", rule.label, fact_words(f), fact_words(g)),
                ));
            }
        }
        if x.manual != y.manual {
            let w = |m: &Option<crate::scoring::ManualScore>| {
                m.as_ref()
                    .map_or_else(|| "无".to_string(), |m| fmt_dec(m.score))
            };
            found.push((
                format!("manual/{}", item.id),
                format!("{place}手动评分 {} → {}", w(&x.manual), w(&y.manual)),
            ));
        }
        if x.note != y.note {
            found.push((format!("note/{}", item.id), format!("{place}自评说明")));
        }
        if x.confirmed != y.confirmed {
            found.push((format!("confirm/{}", item.id), format!("{place}确认无误")));
        }
        if x.reviewed != y.reviewed {
            let w = |d: Option<rust_decimal::Decimal>| d.map_or_else(|| "空".to_string(), fmt_dec);
            found.push((
                format!("reviewed/{}", item.id),
                format!("{place}考核得分 {} → {}", w(x.reviewed), w(y.reviewed)),
            ));
        }
        if x.review_note != y.review_note {
            found.push((format!("opinion/{}", item.id), format!("{place}考核意见")));
        }
        if a.evidence.get(&item.id) != b.evidence.get(&item.id) {
            let count = |s: &Sheet| s.evidence.get(&item.id).map_or(0, Vec::len);
            let what = match count(b).cmp(&count(a)) {
                std::cmp::Ordering::Greater => "添加佐证材料",
                std::cmp::Ordering::Less => "删除佐证材料",
                std::cmp::Ordering::Equal => "佐证材料",
            };
            found.push((format!("evidence/{}", item.id), format!("{place}{what}")));
        }
    }
    found
}

/// What changed in the 台账: an entry added or taken off is a step of its own (keyed by its
/// id, never merged with the next); changes to one ledger's entries merge.
fn ledger_changes(a: &Sheet, b: &Sheet, loaded: &LoadedRuleset) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = Vec::new();
    for ledger in &loaded.ruleset.ledgers {
        let (x, y) = (a.ledgers.get(&ledger.id), b.ledgers.get(&ledger.id));
        if x == y {
            continue;
        }
        let ids = |l: Option<&Vec<crate::sheet::ledger::LedgerEntry>>| -> Vec<u32> {
            l.map(|l| l.iter().map(|e| e.id).collect())
                .unwrap_or_default()
        };
        let (before, after) = (ids(x), ids(y));
        let title = |l: Option<&Vec<crate::sheet::ledger::LedgerEntry>>, id: u32| {
            l.and_then(|l| l.iter().find(|e| e.id == id))
                .map(|e| excerpt(&e.title))
                .unwrap_or_default()
        };
        let added: Vec<u32> = after
            .iter()
            .filter(|i| !before.contains(i))
            .copied()
            .collect();
        let removed: Vec<u32> = before
            .iter()
            .filter(|i| !after.contains(i))
            .copied()
            .collect();
        let (key, said) = match (added.as_slice(), removed.as_slice()) {
            ([one], []) => (
                format!("ledger+/{}/{one}", ledger.id),
                format!("添加{}“{}”", ledger.entry, title(y, *one)),
            ),
            ([], [one]) => (
                format!("ledger-/{}/{one}", ledger.id),
                format!("删除{}“{}”", ledger.entry, title(x, *one)),
            ),
            ([], []) => match file_change(x, y) {
                // A file added to or taken off an entry is a step of its own too.
                Some((id, stored, added)) => (
                    format!("ledger-file/{}/{id}/{stored}/{added}", ledger.id),
                    format!(
                        "{}{}的佐证材料",
                        if added { "添加" } else { "删除" },
                        ledger.entry
                    ),
                ),
                None => (
                    format!("ledger~/{}", ledger.id),
                    format!("修改{}", ledger.entry),
                ),
            },
            (many, _) => (
                format!(
                    "ledger+/{}/{}",
                    ledger.id,
                    many.first().copied().unwrap_or(0)
                ),
                format!("导入{}{}条", ledger.entry, many.len()),
            ),
        };
        found.push((key, said));
    }
    found
}

/// The first file added to (`true`) or taken off an entry between two lists of one ledger:
/// the entry's id and the file's stored name.
fn file_change(
    a: Option<&Vec<crate::sheet::ledger::LedgerEntry>>,
    b: Option<&Vec<crate::sheet::ledger::LedgerEntry>>,
) -> Option<(u32, String, bool)> {
    let (a, b) = (a?, b?);
    for x in a {
        let y = b.iter().find(|e| e.id == x.id)?;
        let stored = |e: &crate::sheet::ledger::LedgerEntry| -> Vec<String> {
            e.files.iter().map(|f| f.stored.clone()).collect()
        };
        let (before, after) = (stored(x), stored(y));
        if let Some(n) = after.iter().find(|n| !before.contains(n)) {
            return Some((x.id, n.clone(), true));
        }
        if let Some(n) = before.iter().find(|n| !after.contains(n)) {
            return Some((x.id, n.clone(), false));
        }
    }
    None
}

fn words(text: &str) -> String {
    if text.trim().is_empty() {
        "空".into()
    } else {
        excerpt(text.trim())
    }
}

fn fact_words(f: Option<&Fact>) -> String {
    match f {
        None => "空".into(),
        Some(Fact::Flag(true)) => "是".into(),
        Some(Fact::Flag(false)) => "否".into(),
        Some(Fact::Number(d)) => fmt_dec(*d),
        Some(Fact::Text(t)) => words(t),
    }
}
