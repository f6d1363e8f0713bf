//! Saving the open document: to its file or another, never deleting what the clerk did not
//! take off, never mixing another sheet's 佐证材料 into it; and what a save would replace.

use super::{Mode, NeedsFile, Saved, Session, SessionError};
use crate::catalog::Catalog;
use crate::ruleset::fmt_dec;
use crate::sheet::{ReviewState, open_sheet};
use std::path::{Path, PathBuf};

impl Session {
    /// Saves to `path`: the unit's part in fill mode, the review alone in review mode (the
    /// unit's part is written back as read). Returns what was saved. On failure the document
    /// is unchanged and the sheet file on disk is untouched; a Save As may already have
    /// copied 佐证材料 into the new place's folder (copies: nothing is removed anywhere).
    ///
    /// A save never deletes a file the clerk did not take off this sheet: saved over another
    /// file (a different sheet — the window asks first, see `occupant`), that sheet's 佐证材料
    /// folder is set aside beside its `.bak`; only files recorded as removed from this sheet,
    /// at this place, go to the trash.
    pub fn save_to(&mut self, path: &Path) -> Result<Saved, SessionError> {
        if let Some(why) = self.save_refusal() {
            return Err(why);
        }
        let old = self.doc.path.clone();
        let moving = old.as_deref() != Some(path);
        let mut set_aside = None;
        if moving
            && old
                .as_deref()
                .is_none_or(|o| crate::evidence::folder_for(o) != crate::evidence::folder_for(path))
        {
            set_aside = crate::evidence::set_aside_folder(path)?;
        }
        let result = self.write_to(old.as_deref(), path);
        let file_sha256 = match result {
            Ok(sha) => sha,
            Err(e) => {
                // The old sheet is still whole at `path`: its folder goes back where it was
                // when nothing was copied there yet, else the message says where it is.
                if let Some(aside) = &set_aside {
                    let folder = crate::evidence::folder_for(path);
                    let put_back = std::fs::symlink_metadata(&folder).is_err()
                        && std::fs::rename(aside, &folder).is_ok();
                    if !put_back {
                        return Err(SessionError::FailedWithFolderAside {
                            error: Box::new(e),
                            aside: aside.clone(),
                        });
                    }
                }
                return Err(e);
            }
        };
        let removed = std::mem::take(&mut self.removed);
        let not_trashed = crate::evidence::discard_removed(&self.doc.sheet, path, &removed);
        self.doc.path = Some(path.to_path_buf());
        self.disk_sha256 = Some(file_sha256.clone());
        self.mark_saved();
        self.changed_at = None;
        self.clear_drafts();
        Ok(Saved {
            file_sha256,
            evidence_set_aside: set_aside,
            not_trashed,
        })
    }

    /// Why the document cannot be saved as it is (a save would be refused before anything is
    /// written): 退回修改 tells the unit what to fix, so it is never saved without a reason.
    pub fn save_refusal(&self) -> Option<SessionError> {
        let returned =
            self.mode == Mode::Review && self.doc.sheet.review_state() == ReviewState::Returned;
        let reason = self
            .doc
            .sheet
            .review
            .as_ref()
            .map_or("", |r| r.reason.trim());
        (returned && reason.is_empty()).then_some(SessionError::ReturnWithoutReason)
    }

    /// Writes the 退回通知 of the saved review (state 退回修改): to `to`, or beside the package
    /// the sheet came in (its review copy's package), or beside the sheet. `None` when the
    /// review is not a return.
    pub fn write_return_notice(&self, to: Option<&Path>) -> Result<Option<PathBuf>, SessionError> {
        let Some(notice) =
            crate::sheet::ReturnNotice::of_review(&self.doc.sheet, &self.doc.ruleset)
        else {
            return Ok(None);
        };
        let path = match (to, self.doc.path.as_deref()) {
            (Some(to), _) => to.to_path_buf(),
            (None, Some(sheet)) => {
                let beside = crate::package::workspace::package_of(sheet)
                    .unwrap_or_else(|| sheet.to_path_buf());
                crate::sheet::return_notice::default_path(&beside, &notice)
            }
            (None, None) => return Err(SessionError::NotSaved(NeedsFile::ReturnNotice)),
        };
        notice.write(&path).map_err(|said| SessionError::Save {
            path: path.clone(),
            said,
        })?;
        Ok(Some(path))
    }

    /// The sheet file written at `path`, its 佐证材料 copied there first (from `old`) so the
    /// new file never lists files that are not beside it.
    fn write_to(&mut self, old: Option<&Path>, path: &Path) -> Result<String, SessionError> {
        if let Some(old) = old
            && old != path
        {
            crate::evidence::copy_folder(&self.doc.sheet, old, path)?;
        }
        let saved = match self.mode {
            Mode::Fill => self.doc.sheet.save(path, &self.doc.ruleset),
            Mode::Review => self.doc.sheet.save_review(path, &self.submitted_at),
        };
        Ok(saved?)
    }

    /// When this document's own file was saved by someone else since this session read or
    /// wrote it (another 考评 window on the same sheet, a copy put there from an e-mail), what
    /// is there now, in words: a save over it asks first. `None` when it is as read, or gone.
    pub fn changed_on_disk(&self, catalog: &Catalog) -> Option<String> {
        let path = self.doc.path.as_deref()?;
        let known = self.disk_sha256.as_deref()?;
        let now = sha256_of_file(path)?;
        if now == known {
            return None;
        }
        let name = crate::fsio::file_name(path);
        let whose = match open_sheet(path, catalog) {
            Ok(opened) => {
                let when = opened
                    .sheet
                    .saved_at
                    .get(..16)
                    .map(|d| format!("，{}保存", d.replace('T', " ")))
                    .unwrap_or_default();
                format!("（现在是{}的表{when}）", unit_of(&opened))
            }
            Err(_) => "（现在已不是能打开的考评表）".into(),
        };
        Some(format!(
            "“{name}”在本窗口打开之后被另一个考评窗口或其他程序改过{whose}"
        ))
    }

    /// What a save to `path` would replace, in words, when that is not this document's own
    /// file: 「已有一份平江县的考评表（2026-11-30保存，佐证材料3个）」, or another file. `None`
    /// when nothing is there or it is this sheet's own file.
    pub fn occupant(&self, path: &Path, catalog: &Catalog) -> Option<String> {
        if self.doc.path.as_deref() == Some(path) {
            return None;
        }
        let meta = std::fs::symlink_metadata(path).ok()?;
        let name = crate::fsio::file_name(path);
        if !meta.is_file() {
            return Some(format!("“{name}”已存在，但不是普通文件"));
        }
        let Ok(opened) = open_sheet(path, catalog) else {
            return Some(format!("已有一个同名文件“{name}”（不是能打开的考评表）"));
        };
        let unit = unit_of(&opened);
        let when = opened
            .sheet
            .saved_at
            .get(..10)
            .map(|d| format!("{d}保存，"))
            .unwrap_or_default();
        let files = crate::evidence::listed_count(&opened.sheet);
        // How far it was filled and its total: a finished sheet and a draft of the same unit
        // must not look alike in the question.
        let items = opened.report.items.len();
        let scored = opened
            .report
            .items
            .iter()
            .filter(|i| i.score.is_some())
            .count();
        let filled = if scored == items {
            format!(
                "{items}项已填完，自查得分合计{}分，",
                fmt_dec(opened.report.total)
            )
        } else {
            format!(
                "已填{scored}/{items}项，已得{}分，",
                fmt_dec(opened.report.total)
            )
        };
        let review = if opened.sheet.review.is_some() {
            "，有审核结果"
        } else {
            ""
        };
        Some(format!(
            "已有一份{unit}的考评表“{name}”（{when}{filled}佐证材料{files}个{review}）"
        ))
    }
}

/// SHA-256 of the file at `path` as it is now; `None` when it cannot be read (gone, or not
/// a file): then there is nothing a save would write over.
pub(super) fn sha256_of_file(path: &Path) -> Option<String> {
    std::fs::read(path)
        .ok()
        .map(|bytes| crate::catalog::sha256_hex(&bytes))
}

/// Whose sheet a file on disk is, for the questions above.
fn unit_of(opened: &crate::sheet::OpenedSheet) -> &str {
    opened
        .sheet
        .unit_name(&opened.ruleset)
        .unwrap_or("未选单位")
}
