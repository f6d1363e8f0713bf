//! The ruleset preview's flows: started on a file (the document set aside with its view, one
//! swap), re-read when the file is saved, ended (the document back as it was). The preview's
//! panels are `ui::scheme::preview`.

use crate::document::Session;
use crate::ruleset_watch::WatchedRuleset;
use crate::ui::app::{KaopingApp, View};
use crate::ui::scheme::preview::{Preview, SetAside};
use crate::ui::sheet::view::SheetView;
use std::path::Path;

impl KaopingApp {
    /// Starts previewing a ruleset file (the document being worked on is set aside).
    pub fn start_preview(&mut self, path: &Path) -> bool {
        let ctx = self.repaint.clone();
        let watched = WatchedRuleset::open(path, move || {
            if let Some(ctx) = &ctx {
                ctx.request_repaint();
            }
        });
        if self.set_aside.is_none() {
            let placeholder = Session::new(None);
            // The preview starts on the row the author was looking at.
            let preview_view = SheetView {
                selected: self.sheet_view.selected,
                ..SheetView::default()
            };
            self.set_aside = Some(SetAside {
                session: std::mem::replace(&mut self.session, placeholder),
                sheet_view: std::mem::replace(&mut self.sheet_view, preview_view),
            });
        }
        let compare_with = watched
            .last_good
            .as_ref()
            .and_then(|new| {
                self.catalog
                    .usable()
                    .into_iter()
                    .filter(|r| r.sha256 != new.sha256 && r.ruleset.year <= new.ruleset.year)
                    .max_by_key(|r| r.ruleset.year)
            })
            .map(|r| r.sha256.clone());
        self.preview = Some(Preview {
            watched,
            filled: false,
            compare_with,
            show_changes: false,
            shown_reading: 0,
            changes: Vec::new(),
        });
        self.view = View::Preview;
        self.refresh_preview();
        self.status = format!("规则预览：{}", path.display());
        true
    }

    /// Ends the preview: the document set aside comes back as it was.
    pub fn close_preview(&mut self) {
        self.preview = None;
        if let Some(back) = self.set_aside.take() {
            self.session = back.session;
            self.sheet_view = back.sheet_view;
        }
        if self.view == View::Preview {
            self.view = View::Sheet;
        }
        self.sheet_view.scroll_to_selected = crate::ui::app::SCROLL_FRAMES;
    }

    /// Shows a view, ending the preview first when leaving it.
    pub fn show_view(&mut self, view: View) {
        if self.view == View::Preview && view != View::Preview {
            self.close_preview();
        }
        // 部门评分 shows only while a department scores (汇总 → 部门评分… starts it).
        if view == View::Department && self.department.is_none() {
            return;
        }
        self.view = view;
    }

    /// Re-reads the file if it changed (each frame while the preview shows).
    pub(in crate::ui) fn poll_preview(&mut self, ctx: &egui::Context) {
        let Some(p) = &mut self.preview else { return };
        if p.watched.watch_failed.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_secs(1));
        }
        // A workbook Excel is still writing is tried again without waiting for an event.
        if p.watched.waiting() {
            ctx.request_repaint_after(std::time::Duration::from_millis(500));
        }
        if p.watched.poll() {
            self.refresh_preview();
        }
    }

    /// The sheet on screen made again from the latest good reading.
    pub(in crate::ui) fn refresh_preview(&mut self) {
        self.update_preview_changes();
        let Some(p) = &mut self.preview else { return };
        p.shown_reading = p.watched.readings;
        if let Some((loaded, sheet, _)) = p.watched.sheet(p.filled) {
            let keep = self.sheet_view.selected;
            self.session = Session::shown(loaded, sheet);
            self.sheet_view.buffers.clear();
            self.sheet_view.selected =
                keep.min(self.session.report().items.len().saturating_sub(1));
        }
    }

    /// The changes against the scheme chosen to compare with.
    pub(in crate::ui) fn update_preview_changes(&mut self) {
        let Some(p) = &mut self.preview else { return };
        p.changes = match (&p.compare_with, &p.watched.last_good) {
            (Some(sha), Some(new)) => self
                .catalog
                .rulesets
                .iter()
                .find(|r| &r.sha256 == sha)
                .map(|old| crate::ui::scheme::rulesets::change_lines(old, new))
                .unwrap_or_default(),
            _ => Vec::new(),
        };
    }
}
