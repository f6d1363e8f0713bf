//! What the open document keeps beside its file: 佐证材料 copied into the folder next to it and
//! the 盖章扫描件 of the printed version (the work is `crate::evidence`'s).

use super::{NeedsFile, Session, SessionError};
use std::path::{Path, PathBuf};

impl Session {
    /// Attaches `source` to an item: copied beside the sheet's file (so the sheet must have
    /// one). Returns the entry's title.
    pub fn attach_evidence(
        &mut self,
        item_id: &str,
        source: &Path,
    ) -> Result<String, SessionError> {
        self.attach_evidence_titled(item_id, source, None)
    }

    /// `attach_evidence` with a title of the clerk's (None: the file's name).
    pub fn attach_evidence_titled(
        &mut self,
        item_id: &str,
        source: &Path,
        title: Option<&str>,
    ) -> Result<String, SessionError> {
        let path = self
            .doc
            .path
            .clone()
            .ok_or(SessionError::NotSaved(NeedsFile::Evidence))?;
        let index = crate::evidence::attach(
            &mut self.doc.sheet,
            &self.doc.ruleset,
            &path,
            item_id,
            source,
            title,
        )?;
        let title = self
            .doc
            .sheet
            .evidence
            .get(item_id)
            .and_then(|l| l.get(index))
            .map(|e| e.title.clone())
            .unwrap_or_default();
        self.edited();
        Ok(title)
    }

    /// Records copies made beside the window (`evidence::copy_for_item` into this sheet's
    /// folder) in the sheet, as `attach_evidence` does. Returns their titles.
    pub fn record_evidence(&mut self, copied: Vec<crate::evidence::Copied>) -> Vec<String> {
        let titles: Vec<String> = copied.iter().map(|c| c.entry.title.clone()).collect();
        if copied.is_empty() {
            return titles;
        }
        for c in copied {
            crate::evidence::record(&mut self.doc.sheet, c);
        }
        self.edited();
        titles
    }

    /// Adds the 盖章扫描件 of the saved version: the sheet must be saved as it was printed,
    /// since the scan records its content fingerprint. Returns that fingerprint.
    pub fn attach_scan(&mut self, source: &Path) -> Result<String, SessionError> {
        let path = self
            .doc
            .path
            .clone()
            .ok_or(SessionError::NotSaved(NeedsFile::Scan))?;
        if self.is_modified() {
            return Err(SessionError::ChangedSincePrinted);
        }
        let fingerprint = self.content_fingerprint.clone();
        crate::evidence::attach_scan(&mut self.doc.sheet, &path, source, &fingerprint)?;
        self.edited();
        Ok(fingerprint)
    }

    /// Shrinks an attached photo (see `evidence::shrink_image`); the original goes at the
    /// next save here. Returns the sizes before and after.
    pub fn shrink_image(
        &mut self,
        item_id: &str,
        index: usize,
    ) -> Result<(u64, u64), SessionError> {
        let path = self
            .doc
            .path
            .clone()
            .ok_or(SessionError::NotSaved(NeedsFile::ShrinkImage))?;
        let shrunk = crate::evidence::shrink_image(&mut self.doc.sheet, &path, item_id, index)?;
        self.removed.push(shrunk.replaced);
        self.edited();
        Ok((shrunk.before, shrunk.after))
    }

    /// 缩小所有大图片: returns how many were shrunk and the bytes saved.
    pub fn shrink_large_images(&mut self) -> (usize, u64) {
        let Some(path) = self.doc.path.clone() else {
            return (0, 0);
        };
        let (saved, replaced) = crate::evidence::shrink_large_images(&mut self.doc.sheet, &path);
        let count = replaced.len();
        self.removed.extend(replaced);
        if count > 0 {
            self.edited();
        }
        (count, saved)
    }

    /// Takes a 佐证材料 off an item. Its file stays until this sheet is saved here.
    pub fn remove_evidence(
        &mut self,
        item_id: &str,
        index: usize,
    ) -> Result<crate::evidence::EvidenceFile, SessionError> {
        let removed = crate::evidence::remove(&mut self.doc.sheet, item_id, index)?;
        if let Some(path) = &self.doc.path {
            self.removed
                .push(crate::evidence::Removed::of_entry(path, item_id, &removed));
        }
        self.edited();
        Ok(removed)
    }

    /// Takes a 盖章扫描件 off the sheet (a wrong scan). Its file stays until this sheet is
    /// saved here.
    pub fn remove_scan(
        &mut self,
        index: usize,
    ) -> Result<crate::evidence::SealedScan, SessionError> {
        let removed = crate::evidence::remove_scan(&mut self.doc.sheet, index)?;
        if let Some(path) = &self.doc.path {
            self.removed
                .push(crate::evidence::Removed::of_scan(path, &removed));
        }
        self.edited();
        Ok(removed)
    }

    /// Where an item's entry is on disk.
    pub fn evidence_file(&self, item_id: &str, stored: &str) -> Option<PathBuf> {
        let path = self.doc.path.as_ref()?;
        Some(crate::evidence::item_file(path, item_id, stored))
    }
}
