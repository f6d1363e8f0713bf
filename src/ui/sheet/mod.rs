//! The sheet view: the paper form as a grid (`grid`), the header above it (`header`), the
//! selected item's calculator (`calculator`) with its 佐证材料 (`evidence`), and the status
//! bar (`status`). In review mode the calculator and header show the review's parts
//! (`crate::ui::review`). Every panel gets a `SheetCtx`: the document, this view's state and
//! the command queue — never the whole app, so a panel cannot open a dialog or switch the view
//! except by queueing a command.

pub(super) mod calculator;
pub(super) mod evidence;
pub(super) mod grid;
pub(super) mod header;
pub(in crate::ui) mod ledger;
pub(super) mod status;
pub mod view;

use crate::document::Session;
use crate::ui::commands::Command;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Photo thumbnails, decoded once by file (None: could not be read).
pub type Previews = HashMap<PathBuf, Option<egui::TextureHandle>>;

/// What the sheet's panels (and the review's parts of them) may touch.
pub struct SheetCtx<'a> {
    /// The open document, to read: a panel changes it only by queueing an `Edit`
    /// (`SheetCtx::edit`), applied after the frame by the app's one handler.
    pub session: &'a Session,
    /// The selection, typed text and focus requests of the sheet on screen.
    pub view: &'a mut view::SheetView,
    /// The status bar's message (the last thing done).
    pub status: &'a mut String,
    /// 打开所在文件夹 is offered beside this status message (the message, the folder).
    pub status_folder: Option<&'a (String, PathBuf)>,
    pub previews: &'a mut Previews,
    pub(crate) queued: &'a mut Vec<Command>,
}

impl SheetCtx<'_> {
    /// Asks for `cmd`: it runs after this frame, in the app's one handler.
    pub fn queue(&mut self, cmd: Command) {
        self.queued.push(cmd);
    }

    /// Hands a file to the system's program for it (after the frame).
    pub fn open_with_system(&mut self, path: &Path) {
        self.queue(Command::OpenWithSystem(path.to_path_buf()));
    }

    /// Asks for a change to the sheet: applied after this frame (`Session::apply`), where
    /// what it says goes to the status line.
    pub fn edit(&mut self, edit: crate::document::Edit) {
        self.queue(Command::Edit(edit));
    }
}
