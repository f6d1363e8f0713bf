//! One door into the sheet: every change the window (or the command line) asks for is an
//! `Edit`, a value, applied by `Session::apply` with a typed outcome. Panels and dialogs only
//! queue edits; the named edits (`edits.rs`, `beside.rs`) stay the one place that writes, and
//! every write ends in `edited` (undo step, revision, draft). What a change says in the
//! status bar is said here, once, for the window and the command line alike.

use super::Session;
use crate::evidence::human_size;
use crate::scoring::{Fact, ManualScore};
use crate::sheet::ReviewState;
use rust_decimal::Decimal;

/// A change to the open sheet, as data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// 填报单位 (`None`: not chosen).
    Unit(Option<String>),
    /// One of the unit's figures (乡镇数).
    Figure {
        id: String,
        value: Option<u32>,
    },
    ContactName(String),
    ContactPhone(String),
    /// What was entered for one rule of an item (`None` clears it).
    Fact {
        item: String,
        rule: String,
        fact: Option<Fact>,
    },
    Manual {
        item: String,
        manual: Option<ManualScore>,
    },
    /// 自评说明.
    Note {
        item: String,
        note: String,
    },
    /// 确认无误 of a warning's question (`false`: 撤销确认).
    Confirm {
        item: String,
        key: String,
        confirmed: bool,
    },
    /// 考核得分 of one item.
    Reviewed {
        item: String,
        score: Option<Decimal>,
    },
    /// 考核意见 of one item.
    ReviewNote {
        item: String,
        note: String,
    },
    ReturnReason(String),
    ResubmitBy(String),
    ReviewState(ReviewState),
    /// 其余项采用自查得分.
    AdoptSelfScores,
    /// The 办公室's choice for an item scored twice: another score kept beside it
    /// (`Some(index)`), or the item's own (`None`).
    ChooseScore {
        item: String,
        take: Option<usize>,
    },
    RemoveEvidence {
        item: String,
        index: usize,
    },
    MoveEvidence {
        item: String,
        index: usize,
        up: bool,
    },
    RenameEvidence {
        item: String,
        index: usize,
        title: String,
    },
    ShrinkImage {
        item: String,
        index: usize,
    },
    RemoveScan(usize),
    /// A 台账 entry added to the ledger of that id.
    AddLedgerEntry {
        ledger: String,
        draft: super::EntryDraft,
    },
    ChangeLedgerEntry {
        ledger: String,
        id: u32,
        draft: super::EntryDraft,
    },
    RemoveLedgerEntry {
        ledger: String,
        id: u32,
    },
    /// 不予认定 of a 台账 entry with why (`None`: taken back).
    StrikeEntry {
        ledger: String,
        id: u32,
        why: Option<String>,
    },
    /// A file taken off a 台账 entry.
    RemoveLedgerFile {
        ledger: String,
        id: u32,
        index: usize,
    },
    /// Entries read from a kept table, all at once.
    ImportLedger {
        ledger: String,
        drafts: Vec<super::EntryDraft>,
    },
}

/// What applying an edit did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// The sheet already was so: no edit, nothing to undo.
    Unchanged,
    /// Changed; `said` is a line for the status bar when the change is worth one.
    Changed { said: Option<String> },
}

impl Applied {
    fn from(changed: bool) -> Applied {
        if changed {
            Applied::Changed { said: None }
        } else {
            Applied::Unchanged
        }
    }

    fn said(line: String) -> Applied {
        Applied::Changed { said: Some(line) }
    }
}

impl Session {
    /// Applies one edit. `Err` says why it was refused (the sheet is then as it was).
    pub fn apply(&mut self, edit: Edit) -> Result<Applied, super::SessionError> {
        Ok(match edit {
            Edit::Unit(unit) => Applied::from(self.set_unit(unit)),
            Edit::Figure { id, value } => Applied::from(self.set_figure(&id, value)),
            Edit::ContactName(name) => Applied::from(self.set_contact_name(&name)),
            Edit::ContactPhone(phone) => Applied::from(self.set_contact_phone(&phone)),
            Edit::Fact { item, rule, fact } => Applied::from(self.set_fact(&item, &rule, fact)),
            Edit::Manual { item, manual } => Applied::from(self.set_manual(&item, manual)),
            Edit::Note { item, note } => Applied::from(self.set_note(&item, &note)),
            Edit::Confirm {
                item,
                key,
                confirmed,
            } => {
                self.confirm(&item, &key, confirmed);
                Applied::Changed { said: None }
            }
            Edit::Reviewed { item, score } => Applied::from(self.set_reviewed(&item, score)),
            Edit::ReviewNote { item, note } => Applied::from(self.set_review_note(&item, &note)),
            Edit::ReturnReason(reason) => Applied::from(self.set_return_reason(&reason)),
            Edit::ResubmitBy(day) => Applied::from(self.set_resubmit_by(&day)?),
            Edit::ReviewState(state) => {
                let before = self.doc.sheet.review_state();
                self.set_review_state(state)?;
                Applied::from(before != state)
            }
            Edit::AdoptSelfScores => {
                let filled = self.adopt_self_scores_for_the_rest();
                Applied::said(format!("已按自查得分填入{}项考核得分", filled.len()))
            }
            Edit::ChooseScore { item, take } => {
                if !self.choose_score(&item, take)? {
                    Applied::Unchanged
                } else if take.is_some() {
                    Applied::said("已采用所选的评分（Ctrl+Z 可撤销）".into())
                } else {
                    Applied::said("已保留原有的考核得分（Ctrl+Z 可撤销）".into())
                }
            }
            Edit::RemoveEvidence { item, index } => {
                let removed = self.remove_evidence(&item, index)?;
                Applied::said(format!(
                    "已删除佐证材料“{}”（保存后它的文件移到回收站；Ctrl+Z 可撤销）",
                    removed.title
                ))
            }
            Edit::MoveEvidence { item, index, up } => {
                Applied::from(self.move_evidence(&item, index, up))
            }
            Edit::RenameEvidence { item, index, title } => {
                Applied::from(self.rename_evidence(&item, index, &title)?)
            }
            Edit::ShrinkImage { item, index } => {
                let (before, after) = self.shrink_image(&item, index)?;
                Applied::said(format!(
                    "图片已缩小：{} → {}",
                    human_size(before),
                    human_size(after)
                ))
            }
            Edit::AddLedgerEntry { ledger, draft } => {
                let typed_before = self.typed_numbers_a_ledger_takes_over(&ledger);
                let id = self.add_ledger_entry(&ledger, &draft)?;
                let what = self.ledger(&ledger).map_or("台账", |l| l.entry.as_str());
                let mut said = format!("已添加{what}（第{id}号）：{}", draft.title.trim());
                if !typed_before.is_empty() {
                    said.push_str(&format!(
                        "。此后按台账计算，原先填写的{}不再使用（Ctrl+Z 可撤销）",
                        typed_before.join("、")
                    ));
                }
                Applied::said(said)
            }
            Edit::ChangeLedgerEntry { ledger, id, draft } => {
                Applied::from(self.change_ledger_entry(&ledger, id, &draft)?)
            }
            Edit::RemoveLedgerEntry { ledger, id } => {
                let removed = self.remove_ledger_entry(&ledger, id)?;
                Applied::said(format!(
                    "已删除台账记录“{}”（Ctrl+Z 可撤销）",
                    removed.title
                ))
            }
            Edit::StrikeEntry { ledger, id, why } => {
                let changed = self.strike_entry(&ledger, id, why.as_deref())?;
                match (changed, why) {
                    (false, _) => Applied::Unchanged,
                    (true, Some(_)) => Applied::said(
                        "已不予认定这条记录：考核得分按其余记录重算，考核意见已写明".into(),
                    ),
                    (true, None) => Applied::said("已撤销不予认定：考核得分已重算".into()),
                }
            }
            Edit::RemoveLedgerFile { ledger, id, index } => {
                let removed = self.remove_ledger_file(&ledger, id, index)?;
                Applied::said(format!(
                    "已删除台账记录的佐证材料“{}”（保存后它的文件移到回收站；Ctrl+Z 可撤销）",
                    removed.title
                ))
            }
            Edit::ImportLedger { ledger, drafts } => {
                let n = self.import_ledger_entries(&ledger, &drafts)?;
                let what = self.ledger(&ledger).map_or("台账", |l| l.entry.as_str());
                let same = drafts.len().saturating_sub(n);
                let also = if same > 0 {
                    format!("；另有{same}条与已有记录相同，没有重复导入")
                } else {
                    String::new()
                };
                if n == 0 {
                    Applied::said(format!("没有新的{what}可导入{also}"))
                } else {
                    Applied::said(format!("已导入{n}条{what}（Ctrl+Z 可撤销）{also}"))
                }
            }
            Edit::RemoveScan(index) => {
                let scan = self.remove_scan(index)?;
                Applied::said(format!(
                    "已删除盖章扫描件“{}”（保存后它的文件移到回收站；Ctrl+Z 可撤销）",
                    scan.title
                ))
            }
        })
    }
}
