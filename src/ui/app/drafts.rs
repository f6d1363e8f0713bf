//! Crash-recovery drafts as the window offers them: the leftover draft at start, written
//! when due, restored as its own document.

use crate::recovery::Draft;
use crate::ui::KaopingApp;
use crate::ui::dialog_kinds::Dialog;
use std::path::Path;
use std::time::Instant;

impl KaopingApp {
    pub(in crate::ui) fn offer_next_draft(&mut self) {
        if self.dialog.is_some() {
            return;
        }
        if let Some((path, draft)) = self.session.leftover_draft() {
            self.dialog = Some(Dialog::Restore { path, draft });
        }
    }

    /// Writes the draft if the sheet has changed and it is due. Returns whether it wrote.
    pub fn autosave_if_due(&mut self, now: Instant) -> bool {
        match self.session.autosave_if_due(now) {
            None => false,
            Some(Ok(())) => true,
            Some(Err(e)) => {
                self.status = format!("自动保存失败：{e}");
                false
            }
        }
    }

    /// Writes the recovery draft at once (also used on every significant change).
    pub fn write_draft(&mut self) -> bool {
        match self.session.write_draft() {
            Ok(written) => written,
            Err(e) => {
                self.status = format!("自动保存失败：{e}");
                false
            }
        }
    }

    /// Restores a draft as its own document: the file it belongs to, unsaved.
    pub fn restore_draft(&mut self, path: &Path, draft: &Draft) {
        let catalog = self.catalog.clone();
        match self.session.restore_draft(path, draft, &catalog) {
            Ok(()) => {
                self.document_replaced();
                self.status = format!("已恢复：{}。请保存。", draft.describe());
            }
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "无法恢复".into(),
                    body: e.to_string(),
                });
            }
        }
    }
}
