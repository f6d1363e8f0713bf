//! The files of a folder, listed in the window's own path entry so a clerk without a system
//! file dialog clicks (or picks with ↑/↓ and Enter) what she would otherwise have to spell:
//! the sheets and 提交包 when opening, rulesets, and any file when attaching 佐证材料 (newest
//! first, several at once). The folder is read when its name changes, not every frame.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// A folder holding more files than this is listed in part (said under the list).
const MAX_LISTED: usize = 2000;

/// Which files are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listed {
    /// Files with one of these extensions (any case), by name.
    Extensions(&'static [&'static str]),
    /// Every file, newest first (photos and scans just made come first).
    AnyFile,
}

/// The listing of one folder, with the clerk's place in it.
#[derive(Debug, Clone, Default)]
pub struct FolderList {
    folder: Option<PathBuf>,
    files: Vec<PathBuf>,
    more: bool,
    /// The row ↑/↓ moved to (its name is put into 文件名).
    pub cursor: Option<usize>,
    /// Rows ticked, when several may be chosen.
    pub ticked: Vec<PathBuf>,
    /// The rows' widget ids as last drawn: whether one of them has the keyboard.
    row_ids: Vec<egui::Id>,
}

/// What happened in the list this frame.
#[derive(Debug, Default)]
pub struct ListOutcome {
    /// A row clicked (one choice only).
    pub clicked: Option<PathBuf>,
    /// Enter while a row had the keyboard: the dialog's default button, never a row's toggle.
    pub enter: bool,
    /// The keyboard moved onto a row (Tab, arrows): its file name, for 文件名 — the row
    /// highlighted, the row with the focus ring and the name taken are always the same.
    pub focused_name: Option<String>,
}

impl FolderList {
    /// Reads `dir` again if it is not the folder listed.
    pub fn refresh(&mut self, dir: &Path, listed: Listed) {
        if self.folder.as_deref() == Some(dir) {
            return;
        }
        let mut files: Vec<(PathBuf, SystemTime)> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .flatten()
                    .take(MAX_LISTED.saturating_mul(4))
                    .filter_map(|e| {
                        let meta = e.metadata().ok()?;
                        let path = e.path();
                        let name = path.file_name()?.to_string_lossy().into_owned();
                        let wanted = match listed {
                            Listed::Extensions(exts) => path
                                .extension()
                                .is_some_and(|x| exts.iter().any(|w| x.eq_ignore_ascii_case(w))),
                            // The program's own files (the sheet, its .bak…) are no attachment.
                            Listed::AnyFile => {
                                !name.starts_with('.') && !crate::evidence::is_program_file(&name)
                            }
                        };
                        (meta.is_file() && wanted)
                            .then(|| (path, meta.modified().unwrap_or(SystemTime::UNIX_EPOCH)))
                    })
                    .collect()
            })
            .unwrap_or_default();
        match listed {
            Listed::Extensions(_) => files.sort_by(|a, b| a.0.cmp(&b.0)),
            Listed::AnyFile => files.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0))),
        }
        self.more = files.len() > MAX_LISTED;
        files.truncate(MAX_LISTED);
        self.files = files.into_iter().map(|(p, _)| p).collect();
        self.folder = Some(dir.to_path_buf());
        self.cursor = None;
        self.ticked.clear();
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// ↑ (`up`) or ↓: the row above or below the cursor; returns its file name.
    pub fn step(&mut self, up: bool) -> Option<String> {
        let last = self.files.len().checked_sub(1)?;
        let next = match (self.cursor, up) {
            (None, true) => last,
            (None, false) => 0,
            (Some(c), true) => c.saturating_sub(1),
            (Some(c), false) => c.saturating_add(1).min(last),
        };
        self.cursor = Some(next);
        file_name(self.files.get(next)?)
    }

    /// Whether one of the rows has the keyboard.
    pub fn has_focus(&self, ctx: &egui::Context) -> bool {
        ctx.memory(|m| m.focused())
            .is_some_and(|f| self.row_ids.contains(&f))
    }

    /// Draws the rows under `heading`. With `several`, each row has a tick box (Space ticks
    /// it from the keyboard) and a click ticks; otherwise a click chooses. Enter on a row is
    /// the dialog's default button (see `ListOutcome`).
    pub fn show(&mut self, ui: &mut egui::Ui, heading: &str, several: bool) -> ListOutcome {
        let mut outcome = ListOutcome::default();
        if self.files.is_empty() {
            return outcome;
        }
        // Enter on a focused row would toggle its tick or choose it; it is the dialog's.
        if self.has_focus(ui.ctx()) {
            outcome.enter =
                ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter));
        }
        ui.label(heading);
        let mut clicked = None;
        let mut ids = Vec::with_capacity(self.files.len());
        let mut focused = None;
        egui::ScrollArea::vertical()
            .max_height(160.0)
            .id_salt("path-files")
            .show(ui, |ui| {
                for (i, file) in self.files.iter().enumerate() {
                    let label = file_name(file).unwrap_or_default();
                    let here = self.cursor == Some(i);
                    let r = if several {
                        let mut on = self.ticked.contains(file);
                        let r = ui.checkbox(&mut on, label);
                        if r.changed() {
                            if on {
                                self.ticked.push(file.clone());
                            } else {
                                self.ticked.retain(|t| t != file);
                            }
                        }
                        r
                    } else {
                        let r = ui.selectable_label(here, label);
                        if r.clicked() {
                            clicked = Some(file.clone());
                        }
                        r
                    };
                    if here {
                        r.scroll_to_me(None);
                    }
                    if r.has_focus() {
                        focused = Some(i);
                    }
                    ids.push(r.id);
                }
            });
        self.row_ids = ids;
        // The row with the keyboard is the row highlighted, and its name is in 文件名.
        if let Some(i) = focused
            && self.cursor != Some(i)
        {
            self.cursor = Some(i);
            outcome.focused_name = self.files.get(i).and_then(|f| file_name(f));
        }
        if self.more {
            ui.weak(format!("（只列出前{MAX_LISTED}个文件）"));
        }
        outcome.clicked = clicked;
        outcome
    }
}

fn file_name(path: &Path) -> Option<String> {
    path.file_name().map(|n| n.to_string_lossy().into_owned())
}
