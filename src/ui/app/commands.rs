//! The commands: queued by the panels during a frame, run after it in one place; moving
//! between items and to the next problem.

use crate::document::{Applied, Edit};
use crate::document::{Mode, Pending};
use crate::ui::app::{KaopingApp, SCROLL_FRAMES, View};
use crate::ui::commands::Command;
use crate::ui::dialog_kinds::{Dialog, Purpose};

impl KaopingApp {
    /// Asks for `cmd`: it runs after this frame, with every other command asked for.
    pub fn queue(&mut self, cmd: Command) {
        self.queued.push(cmd);
    }

    /// Runs the commands queued during the frame, in order: the one place an action starts.
    /// Returns whether any ran (the window then draws again at once).
    pub fn run_queued(&mut self, ctx: &egui::Context) -> bool {
        let queued = std::mem::take(&mut self.queued);
        let mut ran = false;
        let mut waiting = Vec::new();
        for cmd in queued {
            match cmd {
                Command::ZoomIn => egui::gui_zoom::zoom_in(ctx),
                Command::ZoomOut => egui::gui_zoom::zoom_out(ctx),
                Command::ZoomReset => ctx.set_zoom_factor(1.0),
                Command::AfterSave(then) => {
                    if !self.session.is_modified() {
                        self.proceed(then);
                    } else if self.asking_where_to_save() {
                        // Not a command run: the window does not redraw for it.
                        waiting.push(Command::AfterSave(then));
                        continue;
                    }
                    // Otherwise the save was cancelled or failed: nothing follows it.
                }
                other => self.run_command(other),
            }
            ran = true;
        }
        self.queued.splice(0..0, waiting);
        ran
    }

    /// Whether the window is still asking where to save (its own path entry, or 替换已有的
    /// 考评表？), so what waits for the save waits on.
    pub(in crate::ui) fn asking_where_to_save(&self) -> bool {
        match &self.dialog {
            Some(Dialog::ReplaceSheet { .. }) => true,
            Some(Dialog::PathEntry(entry)) => entry.purpose == Purpose::SaveSheet,
            _ => false,
        }
    }

    /// Runs one command now (the queue's handler; tests call it directly). Zoom needs the
    /// window's context and runs from `run_queued`.
    pub fn run_command(&mut self, cmd: Command) {
        // Every command is about the sheet: run from the comparison's menu, it shows it; from
        // the preview, it ends the preview first (moving between rows stays in it).
        // 帮助 opens beside whatever is shown.
        let Some(cmd) = self.run_in_place(cmd) else {
            return;
        };
        let moving = cmd.moves_in_sheet();
        if !(moving && self.view == View::Preview) {
            self.show_view(View::Sheet);
        }
        match cmd {
            Command::New if self.session.mode() == Mode::Review => {
                self.dialog = Some(Dialog::Message {
                    title: "审核模式下不能新建".into(),
                    body: "审核模式用来审核单位报送的考评表：请用“打开”选择单位的文件。要自己填写新表，请先在“模式”菜单中切换到填报模式。".into(),
                });
            }
            Command::New => self.guard_unsaved(Pending::New),
            Command::Open => self.guard_unsaved(Pending::Open(None)),
            Command::Save => {
                self.save();
            }
            Command::SaveAs => {
                self.save_as();
            }
            Command::Print => self.print(),
            Command::Undo => self.undo_or_redo(false),
            Command::Redo => self.undo_or_redo(true),
            Command::AddScan => self.add_scan(),
            Command::MakePackage => self.make_package(),
            Command::OpenRuleset => {
                let folder = self.current_folder();
                self.ask_path(Purpose::OpenRuleset, folder, String::new());
            }
            Command::PreviewRuleset => {
                let folder = self.current_folder();
                self.ask_path(Purpose::PreviewRuleset, folder, String::new());
            }
            Command::ExportLedgers => {
                let folder = self.current_folder();
                let name = format!(
                    "{}-台账.xlsx",
                    self.file_name().trim_end_matches(".kaoping")
                );
                self.ask_path(Purpose::ExportLedgers, folder, name);
            }
            Command::ImportLedger(ledger) => {
                let folder = self.current_folder();
                self.ask_path(Purpose::ImportLedger(ledger), folder, String::new());
            }
            Command::ExportScheme => {
                let folder = self.current_folder();
                let name = format!("{}考核方案.xlsx", self.session.ruleset().ruleset.year);
                self.ask_path(Purpose::ExportScheme, folder, name);
            }
            Command::PublishBlankSheets => {
                let folder = self.current_folder();
                self.ask_path(Purpose::BlankSheets, folder, String::new());
            }
            Command::ExportKey => {
                let folder = self.current_folder();
                self.ask_path(
                    Purpose::ExportKey,
                    folder,
                    format!("市妇联审核密钥.{}", crate::office_key::KEY_EXTENSION),
                );
            }
            Command::ImportKey => {
                let folder = self.current_folder();
                self.ask_path(Purpose::ImportKey, folder, String::new());
            }
            Command::PreviousItem => {
                self.select(self.sheet_view.selected.saturating_sub(1));
                self.sheet_view.focus_calculator = true;
            }
            Command::NextItem => {
                let last = self.session.report().items.len().saturating_sub(1);
                self.select((self.sheet_view.selected + 1).min(last));
                self.sheet_view.focus_calculator = true;
            }
            Command::NextProblem => {
                self.next_problem();
                self.sheet_view.focus_calculator = true;
            }
            Command::ShowProblems => {
                self.problems_open = !self.problems_open;
                self.focus_overlay = self.problems_open;
            }
            Command::AttachEvidence(item_id) => self.add_evidence(&item_id),
            Command::Help
            | Command::HelpPage(_)
            | Command::SwitchMode(_)
            | Command::ShowView(_)
            | Command::ZoomIn
            | Command::ZoomOut
            | Command::ZoomReset
            | Command::AfterSave(_)
            | Command::OpenWithSystem(_)
            | Command::LedgerEntry { .. }
            | Command::AttachLedgerFile { .. }
            | Command::StrikeEntry { .. }
            | Command::PrintProgress(_)
            | Command::SetReviewer(_)
            | Command::Edit(_)
            | Command::Answered(_)
            | Command::PreviewBar(_)
            | Command::Compare(_) => {}
        }
    }

    pub fn select(&mut self, index: usize) {
        if index < self.session.report().items.len() {
            self.sheet_view.selected = index;
            self.sheet_view.scroll_to_selected = SCROLL_FRAMES;
        }
    }

    /// Selects the next item (after the selected one, wrapping) that has a problem.
    /// In review mode: the next item without a (valid) 考核得分.
    pub fn next_problem(&mut self) {
        let n = self.session.report().items.len();
        for step in 1..=n {
            let i = (self.sheet_view.selected + step) % n;
            let item = &self.session.report().items[i];
            let open = match self.session.mode() {
                Mode::Fill => !item.problems.is_empty(),
                Mode::Review => item.reviewed.is_none(),
            };
            if open {
                self.select(i);
                return;
            }
        }
        self.status = "没有问题了".into();
    }

    /// 撤销 / 重做: the sheet goes back (or forward) one step; what is typed in the fields is
    /// read from it again, and the status line says what was undone.
    fn undo_or_redo(&mut self, redo: bool) {
        let done = if redo {
            self.session.redo()
        } else {
            self.session.undo()
        };
        let Some(done) = done else {
            self.status = if redo {
                "没有可重做的修改"
            } else {
                "没有可撤销的修改"
            }
            .into();
            return;
        };
        self.sheet_view.buffers.clear();
        self.status = format!("{}：{}", if redo { "已重做" } else { "已撤销" }, done.said);
        if !done.missing.is_empty() {
            self.status.push_str(&format!(
                "。{}的文件已不在（也没能从回收站还原），请重新添加",
                done.missing.join("、")
            ));
        }
    }

    /// Applies a change a panel asked for: what it says (or why it was refused) goes to the
    /// The commands that act where they were asked, without showing the sheet: a panel's
    /// edit, a dialog's answer, the preview bar, 帮助, a view or mode switch, the comparison's
    /// own, the 台账's forms. Returns the command when it is not one of them.
    fn run_in_place(&mut self, cmd: Command) -> Option<Command> {
        match cmd {
            // 部门评分 undoes its own steps, and stays shown.
            Command::Undo | Command::Redo if self.view == View::Department => {
                self.department_undo(cmd == Command::Redo);
            }
            // A panel's change to the sheet: applied where it was asked (in the preview, to
            // the preview's sheet), nothing else moves.
            Command::Edit(edit) => {
                self.apply_edit(edit);
            }
            Command::LedgerEntry { ledger, id } => {
                self.open_entry_form(ledger, id);
            }
            Command::AttachLedgerFile { ledger, id } => {
                self.add_ledger_file(ledger, id);
            }
            Command::StrikeEntry { ledger, id } => {
                self.ask_strike(ledger, id);
            }
            Command::PrintProgress(day) => {
                self.print_progress(&day);
            }
            Command::SetReviewer(name) => self.session.set_reviewer(&name),
            // A dialog's answer acts where the dialog was (an export from the comparison
            // stays in the comparison).
            Command::Answered(answer) => {
                self.dialog_answered(answer);
            }
            Command::PreviewBar(pressed) => match pressed {
                crate::ui::scheme::preview::BarAnswer::Close => self.close_preview(),
                crate::ui::scheme::preview::BarAnswer::Refresh => self.refresh_preview(),
            },
            Command::Help => {
                self.help = Some(crate::ui::dialog_kinds::HelpPage::Guide);
                self.focus_overlay = true;
            }
            Command::HelpPage(page) => {
                self.help = Some(page);
            }
            Command::SwitchMode(mode) => {
                self.request_mode(mode);
            }
            Command::ShowView(view) => {
                self.show_view(view);
            }
            Command::OpenWithSystem(path) => {
                self.open_with_system(&path);
            }
            Command::Compare(cmd) => {
                self.run_compare(cmd);
            }
            Command::ZoomIn | Command::ZoomOut | Command::ZoomReset | Command::AfterSave(_) => {
                if let Some(ctx) = self.repaint.clone() {
                    self.queue(cmd);
                    self.run_queued(&ctx);
                }
            }
            other => return Some(other),
        }
        None
    }

    /// status line; a unit or a review state is kept in the recovery draft at once.
    pub(in crate::ui) fn apply_edit(&mut self, edit: Edit) {
        let fact = matches!(edit, Edit::Fact { .. });
        let keep_now = matches!(edit, Edit::Unit(_) | Edit::ReviewState(_));
        // A strike puts in a 考核得分 and 考核意见 of its own: the fields show them.
        let adopted = matches!(
            edit,
            Edit::AdoptSelfScores | Edit::StrikeEntry { .. } | Edit::ChooseScore { .. }
        );
        // A title refused is said in red beside its field, which keeps what was typed.
        let said_beside = matches!(edit, Edit::RenameEvidence { .. });
        match self.session.apply(edit) {
            Ok(Applied::Unchanged) => {}
            Ok(Applied::Changed { said }) => {
                // 「已确认无误：…0.87%」 spoke of the value just changed: no longer so.
                if fact
                    && self.sheet_view.confirmation_said.take().as_deref()
                        == Some(self.status.as_str())
                {
                    self.status.clear();
                }
                if adopted {
                    // The 考核得分 fields show the scores put in, not what was typed.
                    self.sheet_view
                        .buffers
                        .retain(|key, _| !key.ends_with(crate::ui::review::REVIEWED_KEY_END));
                }
                if let Some(said) = said {
                    self.status = said;
                }
                if keep_now && let Err(e) = self.session.write_draft() {
                    self.status = format!("自动保存失败：{e}");
                }
            }
            Err(_) if said_beside => {}
            Err(why) => self.status = why.to_string(),
        }
    }
}
