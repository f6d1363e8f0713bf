//! The open document's crash-recovery drafts: the one a crashed session left, written when
//! due (after a burst of typing, and periodically), restored as its own unsaved document.

use super::{AUTOSAVE_AFTER_CHANGE, AUTOSAVE_EVERY, Document, Mode, Session, SessionError};
use crate::catalog::Catalog;
use crate::recovery::{Draft, RecoveryStore};
use crate::sheet::open_sheet_text;
use std::path::{Path, PathBuf};
use std::time::Instant;

impl Session {
    /// The first draft a crashed session left, if any.
    pub fn leftover_draft(&self) -> Option<(PathBuf, Draft)> {
        self.recovery.as_ref()?.leftover().into_iter().next()
    }

    /// Removes this session's draft (the work is saved, or deliberately dropped).
    pub fn clear_drafts(&self) {
        if let Some(r) = &self.recovery {
            r.clear();
        }
    }

    /// Whether a draft write is pending (the window wakes up for it).
    pub fn draft_pending(&self) -> bool {
        self.is_modified() && self.changed_at.is_some()
    }

    /// Writes the draft if the sheet has changed and it is due. `Some` when it wrote (or
    /// tried to).
    pub fn autosave_if_due(&mut self, now: Instant) -> Option<Result<(), SessionError>> {
        let changed = self.changed_at?;
        self.recovery.as_ref()?;
        if !self.is_modified() {
            return None;
        }
        let due_after_change = now.duration_since(changed) >= AUTOSAVE_AFTER_CHANGE;
        let due_periodic = self
            .last_autosave
            .is_none_or(|t| now.duration_since(t) >= AUTOSAVE_EVERY);
        if !(due_after_change || due_periodic) {
            return None;
        }
        Some(self.write_draft_now())
    }

    /// Writes the recovery draft at once if there is unsaved work. `Ok(true)` when written.
    pub fn write_draft(&mut self) -> Result<bool, SessionError> {
        if self.recovery.is_none() || !self.is_modified() {
            return Ok(false);
        }
        self.write_draft_now().map(|()| true)
    }

    fn write_draft_now(&mut self) -> Result<(), SessionError> {
        let Some(store) = self.recovery.clone() else {
            return Ok(());
        };
        let mut copy = self.doc.sheet.clone();
        // A review's draft is the office's own review too: sealed like a saved one, so it
        // comes back as the office's (a draft in the user's data folder is no unit's file).
        if self.mode == Mode::Review && copy.has_review_data() {
            copy.seal_review().map_err(SessionError::Seal)?;
        }
        let now = chrono::Local::now().fixed_offset();
        let draft = Draft {
            written_at: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            file: self.doc.path.clone(),
            unit_name: copy.unit_name(&self.doc.ruleset).map(str::to_string),
            // A review's draft keeps the unit's stamp as it was read.
            sheet_text: match self.mode {
                Mode::Fill => copy.to_file_text(&self.doc.ruleset, now),
                Mode::Review => copy.file_text(),
            },
            review: self.mode == Mode::Review,
        };
        self.last_autosave = Some(Instant::now());
        self.changed_at = None;
        store.write(&draft).map_err(SessionError::Draft)
    }

    /// Restores a draft as its own document, in the mode it was written in: the file it
    /// belongs to, unsaved. The draft file is removed once restored; on failure it stays.
    pub fn restore_draft(
        &mut self,
        path: &Path,
        draft: &Draft,
        catalog: &Catalog,
    ) -> Result<(), SessionError> {
        let source = draft
            .file
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "自动保存的草稿".into());
        let opened = open_sheet_text(&draft.sheet_text, &source, catalog).map_err(|error| {
            SessionError::DraftUnreadable {
                error,
                kept_at: path.to_path_buf(),
            }
        })?;
        self.mode = if draft.review {
            Mode::Review
        } else {
            Mode::Fill
        };
        self.replace(
            Document {
                sheet: opened.sheet,
                ruleset: opened.ruleset,
                path: draft.file.clone(),
            },
            false,
        );
        self.changed_at = Some(Instant::now());
        RecoveryStore::remove_leftover(path);
        Ok(())
    }
}
