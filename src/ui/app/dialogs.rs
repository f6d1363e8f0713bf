//! The window's dialogs: 保存修改？, 恢复未保存的工作？, 打印草稿？, messages, the window's own
//! path entry (see `file_picker`) and the problems list.

use crate::document::UnsavedAnswer;
use crate::scoring::ProblemKind;
use crate::ui::app::KaopingApp;
use crate::ui::app::file_picker::path_entry_ui;
use crate::ui::commands::Command;
use crate::ui::dialog_kinds::{Dialog, DialogAnswer, EntryForm, Purpose};
use crate::ui::{ERROR_RED, WARNING_ORANGE, widgets};
use egui::RichText;

impl KaopingApp {
    pub(in crate::ui) fn problems_window(&mut self, ctx: &egui::Context) {
        if !self.problems_open {
            return;
        }
        let mut open = true;
        let mut jump = None;
        // Opened from the keyboard (Ctrl+E), the list takes it (its first entry, or 关闭).
        let take_focus = std::mem::take(&mut self.focus_overlay);
        let mut own = Vec::new();
        // Esc closes the list as it closes a dialog (a list popup open above it goes first).
        if self.dialog.is_none()
            && !egui::Popup::is_any_open(ctx)
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
        {
            open = false;
        }
        // Its own title row: egui's title bar names its buttons in English (Hide, Close
        // window) for screen readers.
        egui::Window::new("问题列表")
            .title_bar(false)
            .default_size([460.0, 360.0])
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    ui.heading("问题列表");
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        let r = ui.button("关闭").on_hover_text("关闭问题列表（Esc）");
                        if r.clicked() {
                            open = false;
                        }
                        own.push(r.id);
                    });
                });
                ui.separator();
                egui::ScrollArea::vertical().show(ui, |ui| {
                    if self.session.report().problems.is_empty()
                        && self.session.review_problems().is_empty()
                    {
                        ui.label("没有问题。");
                    }
                    let mut review: Vec<_> = self.session.review_problems().iter().collect();
                    review.sort_by_key(|p| p.kind);
                    // Errors first, then warnings, then what is not filled yet.
                    let mut problems: Vec<_> = self.session.report().problems.iter().collect();
                    problems.sort_by_key(|p| p.kind);
                    if !review.is_empty() {
                        ui.strong("审核");
                    }
                    let unit_heading =
                        (!review.is_empty() && !problems.is_empty()).then_some(review.len());
                    for (n, p) in review.into_iter().chain(problems).enumerate() {
                        if Some(n) == unit_heading {
                            ui.separator();
                            ui.strong("单位填报");
                        }
                        let color = match p.kind {
                            _ if p.is_confirmed() => ui.visuals().weak_text_color(),
                            ProblemKind::Error => ERROR_RED,
                            ProblemKind::Warning => WARNING_ORANGE,
                            ProblemKind::Unfilled => ui.visuals().weak_text_color(),
                        };
                        let r = ui.add(
                            egui::Button::new(RichText::new(p.to_string()).color(color))
                                .frame(false)
                                .wrap(),
                        );
                        own.push(r.id);
                        if r.clicked()
                            && let Some(item) = &p.item
                        {
                            jump = self
                                .session
                                .report()
                                .items
                                .iter()
                                .position(|i| &i.item_id == item);
                        }
                    }
                });
            });
        if take_focus && let Some(first) = own.get(1).or(own.first()) {
            ctx.memory_mut(|m| m.request_focus(*first));
        }
        self.problems_open = open;
        self.overlay_has_keys |= open
            && ctx
                .memory(|m| m.focused())
                .is_some_and(|f| own.contains(&f));
        if let Some(i) = jump {
            self.select(i);
        }
    }

    pub(in crate::ui) fn dialog_ui(&mut self, ctx: &egui::Context) {
        let Some(mut dialog) = self.dialog.take() else {
            return;
        };
        let mut answer = None;
        let mut finished = None;
        let modal = egui::Modal::new(egui::Id::unique("kaoping-dialog")).show(ctx, |ui| {
            ui.set_max_width(520.0);
            match &mut dialog {
                Dialog::PathEntry(entry) => {
                    answer = path_entry_ui(ui, entry).map(|chosen| {
                        if chosen.is_empty() {
                            DialogAnswer::Dismiss
                        } else {
                            DialogAnswer::PathsChosen(entry.purpose.clone(), chosen)
                        }
                    });
                }
                Dialog::Working(job) => {
                    if let Some(done) = job.take_finished() {
                        finished = Some((done, job.progress.cancelled()));
                    } else if working_ui(ui, job) {
                        job.progress.cancel();
                    }
                }
                Dialog::Package {
                    file_name,
                    files,
                    contents,
                    bytes,
                    missing,
                } => {
                    crate::ui::widgets::dialog_heading(ui, "生成提交包");
                    use crate::ui::sheet::evidence::PackageAnswer;
                    answer = crate::ui::sheet::evidence::package_dialog(
                        ui, *files, contents, *bytes, missing,
                    )
                    .map(|pressed| match pressed {
                        PackageAnswer::Write => DialogAnswer::PackagePath(file_name.clone()),
                        PackageAnswer::Shrink => DialogAnswer::ShrinkImages,
                        PackageAnswer::Cancel => DialogAnswer::Dismiss,
                    });
                }
                Dialog::Ruleset(report) => {
                    answer = crate::ui::scheme::rulesets::ruleset_dialog(ui, report)
                        .map(DialogAnswer::Ruleset);
                }
                Dialog::ChooseRuleset { choice } => {
                    let usable = self.usable_rulesets();
                    answer =
                        crate::ui::scheme::rulesets::choose_ruleset_dialog(ui, choice, &usable)
                            .map(|chosen| match chosen {
                                Some(sha) => DialogAnswer::NewOn(sha),
                                None => DialogAnswer::Dismiss,
                            });
                }
                Dialog::Message { title, body } => {
                    crate::ui::widgets::dialog_heading(ui, title.as_str());
                    widgets::dialog_text(ui, body.as_str());
                    if widgets::dialog_buttons(ui, &["确定"]).is_some() {
                        answer = Some(DialogAnswer::Dismiss);
                    }
                }
                Dialog::Unsaved(then) => {
                    crate::ui::widgets::dialog_heading(ui, "保存修改？");
                    widgets::dialog_text(ui, format!("“{}”有未保存的修改。", self.file_name()));
                    answer = match widgets::dialog_buttons(ui, &["保存", "不保存", "取消"]) {
                        Some(0) => Some(DialogAnswer::SaveThen(then.clone())),
                        Some(1) => Some(DialogAnswer::DiscardThen(then.clone())),
                        Some(_) => Some(DialogAnswer::Dismiss),
                        None => None,
                    };
                }
                Dialog::ReplaceSheet {
                    path,
                    what,
                    own_file,
                } => answer = replace_sheet_ui(ui, path, what, *own_file),
                Dialog::ConfirmDraft {
                    unfilled,
                    errors,
                    questions,
                } => answer = confirm_draft_ui(ui, unfilled.as_deref(), *errors, questions),
                Dialog::LedgerEntry(form) => answer = self.entry_form(ui, form),
                Dialog::Distribute(form) => {
                    answer = crate::ui::comparison::scoring::distribute_dialog(ui, form);
                }
                Dialog::Collect(form) => {
                    answer = crate::ui::comparison::scoring::collect_dialog(ui, form);
                }
                Dialog::DepartmentUnsaved { closing } => {
                    crate::ui::widgets::dialog_heading(ui, "保存评分？");
                    widgets::dialog_text(ui, "部门评分中有尚未保存为评分表的考核得分或考核意见。");
                    answer = match widgets::dialog_buttons(ui, &["保存评分表…", "不保存", "取消"])
                    {
                        Some(0) => Some(DialogAnswer::DepartmentSave { closing: *closing }),
                        Some(1) => Some(DialogAnswer::DepartmentDiscard { closing: *closing }),
                        Some(_) => Some(DialogAnswer::Dismiss),
                        None => None,
                    };
                }
                Dialog::StrikeEntry {
                    ledger,
                    id,
                    what,
                    why,
                    error,
                } => answer = strike_answer(ui, ledger, *id, what, why, error),
                Dialog::Restore { path, draft } => {
                    crate::ui::widgets::dialog_heading(ui, "恢复未保存的工作？");
                    widgets::dialog_text(
                        ui,
                        format!("上次程序没有正常关闭。找到{}。", draft.describe()),
                    );
                    answer = match widgets::dialog_buttons(ui, &["恢复", "丢弃"]) {
                        Some(0) => Some(DialogAnswer::Restore(path.clone(), draft.clone())),
                        Some(_) => Some(DialogAnswer::DropDraft(path.clone())),
                        None => None,
                    };
                }
            }
        });
        // Esc (or a click beside the dialog) is 取消: nothing typed in the sheet is lost, a
        // draft offered back stays for the next start, a save not confirmed is not made.
        // Read before `should_close`, which consumes the key.
        let esc = ctx.input(|i| i.key_pressed(egui::Key::Escape));
        if answer.is_none() && modal.should_close() {
            answer = match &dialog {
                Dialog::ReplaceSheet { .. } => Some(DialogAnswer::NotSaved),
                // Work is never left running unseen: Esc asks it to stop, and the dialog stays
                // until it has (a click beside it does nothing).
                Dialog::Working(job) => {
                    if esc {
                        job.progress.cancel();
                    }
                    None
                }
                // Files ticked in a list are a choice being made: a click beside the dialog
                // does not throw them away (Esc or 取消 still do, deliberately).
                Dialog::PathEntry(entry) if !entry.list.ticked.is_empty() && !esc => None,
                // An entry being typed is not thrown away by a click beside the form: only
                // Esc or 取消 leave it.
                Dialog::LedgerEntry(_) | Dialog::StrikeEntry { .. } if !esc => None,
                // Rows ticked are a choice being made: only Esc or 取消 leave it.
                Dialog::Collect(_) | Dialog::Distribute(_) if !esc => None,
                _ => Some(DialogAnswer::Dismiss),
            };
        }
        // Work's end is applied with the frame that saw it.
        if let Some((done, cancelled)) = finished {
            self.work_finished(done, cancelled);
            self.offer_next_draft();
            return;
        }
        let Some(answer) = answer else {
            self.dialog = Some(dialog);
            return;
        };
        // What a person answered runs after the frame, as every command does — first, before
        // what waited for this dialog (a save's place answered, then what followed the save).
        self.queued.insert(0, Command::Answered(answer));
    }

    /// The 台账 entry form drawn: 确定 takes only what checks (else the form stays, saying
    /// why); 取消 or Esc leave it.
    fn entry_form(&self, ui: &mut egui::Ui, form: &mut EntryForm) -> Option<DialogAnswer> {
        let Some(ledger) = self.session.ledger(&form.ledger) else {
            return Some(DialogAnswer::Dismiss);
        };
        match crate::ui::sheet::ledger::entry_form_ui(ui, ledger, form)? {
            false => Some(DialogAnswer::Dismiss),
            true => match self.session.check_entry(&form.ledger, &form.draft) {
                Ok(()) => Some(DialogAnswer::LedgerEntry(form.clone())),
                Err(why) => {
                    form.error = Some(why.to_string());
                    None
                }
            },
        }
    }

    /// 不予认定…: asks why (the entry named in the dialog's heading).
    pub(in crate::ui) fn ask_strike(&mut self, ledger: String, id: u32) {
        let Some(l) = self.session.ledger(&ledger) else {
            return;
        };
        let Some(e) = self
            .session
            .sheet()
            .ledgers
            .get(&ledger)
            .and_then(|list| list.iter().find(|e| e.id == id))
        else {
            return;
        };
        let what = format!("{}“{}”（{}）", l.entry, e.title, e.date);
        self.dialog = Some(Dialog::StrikeEntry {
            ledger,
            id,
            what,
            why: String::new(),
            error: None,
        });
    }

    /// The 台账 entry form: an entry's own values, or a new one dated today when today is in
    /// the scheme's year (else left for the clerk to type).
    pub(in crate::ui) fn open_entry_form(&mut self, ledger: String, id: Option<u32>) {
        let existing = id.and_then(|id| {
            self.session
                .sheet()
                .ledgers
                .get(&ledger)?
                .iter()
                .find(|e| e.id == id)
                .cloned()
        });
        let draft = match existing {
            Some(e) => crate::document::EntryDraft {
                date: e.date,
                title: e.title,
                figures: e.figures,
            },
            None => {
                let today = chrono::Local::now().format("%Y-%m-%d").to_string();
                let year = self.session.ruleset().ruleset.year;
                crate::document::EntryDraft {
                    date: if today.starts_with(&year.to_string()) {
                        today
                    } else {
                        String::new()
                    },
                    ..Default::default()
                }
            }
        };
        self.dialog = Some(Dialog::LedgerEntry(crate::ui::dialog_kinds::EntryForm {
            ledger,
            id,
            draft,
            error: None,
        }));
    }

    /// What a person answered in a dialog (`Command::Answered`), run by the one handler.
    pub(in crate::ui) fn dialog_answered(&mut self, answer: DialogAnswer) {
        match answer {
            DialogAnswer::Dismiss => {}
            DialogAnswer::Ruleset(pressed) => self.ruleset_answered(pressed),
            DialogAnswer::NewOn(sha) => self.new_on(&sha),
            DialogAnswer::SaveThen(then) => self.answer_unsaved(then, UnsavedAnswer::Save),
            DialogAnswer::DiscardThen(then) => self.answer_unsaved(then, UnsavedAnswer::Discard),
            DialogAnswer::PathsChosen(purpose, paths) => {
                self.paths_chosen(purpose, paths);
            }
            DialogAnswer::Restore(path, draft) => self.restore_draft(&path, &draft),
            DialogAnswer::Replace(path) => {
                self.save_to(&path);
            }
            DialogAnswer::SaveElsewhere(path) => self.save_elsewhere(&path),
            DialogAnswer::NotSaved => self.status = "未保存：没有替换已有的考评表".into(),
            DialogAnswer::PrintDraft => self.print_now(),
            DialogAnswer::PackagePath(name) => self.ask_package_path(name),
            DialogAnswer::ShrinkImages => self.shrink_images_for_package(),
            DialogAnswer::LedgerEntry(form) => {
                let edit = match form.id {
                    None => crate::document::Edit::AddLedgerEntry {
                        ledger: form.ledger,
                        draft: form.draft,
                    },
                    Some(id) => crate::document::Edit::ChangeLedgerEntry {
                        ledger: form.ledger,
                        id,
                        draft: form.draft,
                    },
                };
                self.apply_edit(edit);
            }
            DialogAnswer::StrikeEntry { ledger, id, why } => {
                self.apply_edit(crate::document::Edit::StrikeEntry {
                    ledger,
                    id,
                    why: Some(why),
                });
            }
            DialogAnswer::Distribute { category, files } => {
                let name = format!("{}评分表.xlsx", category.as_deref().unwrap_or("各类别"));
                let folder = self.export_folder();
                self.ask_path(
                    Purpose::ExportScoringSheet { category, files },
                    folder,
                    name,
                );
            }
            DialogAnswer::Collect(form) => self.merge_scoring_sheet(*form),
            DialogAnswer::ScoreCategory(category) => self.start_department(category),
            DialogAnswer::DepartmentSave { closing } => self.ask_department_path(closing),
            DialogAnswer::DepartmentDiscard { closing } => {
                self.end_department(true);
                self.allow_close = closing;
            }
            DialogAnswer::DropDraft(path) => {
                crate::recovery::RecoveryStore::remove_leftover(&path);
            }
        }
        self.offer_next_draft();
    }
}

/// 替换已有的考评表？ (or 文件已在别处改过 for its own file): whose sheet is there, what
/// replacing keeps, and 另存为其他名称 (the default) / 替换 / 取消.
fn replace_sheet_ui(
    ui: &mut egui::Ui,
    path: &std::path::Path,
    what: &str,
    own_file: bool,
) -> Option<DialogAnswer> {
    widgets::dialog_heading(
        ui,
        if own_file {
            "文件已在别处改过"
        } else {
            "替换已有的考评表？"
        },
    );
    widgets::dialog_text(ui, format!("{what}。"));
    widgets::dialog_text(
        ui,
        if own_file {
            "替换后，文件里现在的那一版保留为 .bak，不会删除；选“另存为其他名称”则两份都在。"
        } else {
            "替换后，原来的表保留为 .bak，它的佐证材料移到旁边的“…_佐证材料.bak”文件夹，不会删除。"
        },
    );
    match widgets::dialog_buttons(ui, &["另存为其他名称", "替换", "取消"]) {
        Some(0) => Some(DialogAnswer::SaveElsewhere(path.to_path_buf())),
        Some(1) => Some(DialogAnswer::Replace(path.to_path_buf())),
        Some(_) => Some(DialogAnswer::NotSaved),
        None => None,
    }
}

/// 打印草稿？: what is still open (unfilled, errors, each warning not answered) and
/// 打印草稿 / 取消.
fn confirm_draft_ui(
    ui: &mut egui::Ui,
    unfilled: Option<&str>,
    errors: usize,
    questions: &[String],
) -> Option<DialogAnswer> {
    widgets::dialog_heading(ui, "打印草稿？");
    let mut open = Vec::new();
    if let Some(u) = unfilled {
        open.push(format!("{u}未填"));
    }
    if errors > 0 {
        open.push(format!("{errors}个错误"));
    }
    if !questions.is_empty() {
        open.push(format!("{}个警告未确认", questions.len()));
    }
    widgets::dialog_text(
        ui,
        format!(
            "此表还有{}。打印出来的每一页都会标明“草稿”，不能作为正式报送。",
            open.join("、")
        ),
    );
    if !questions.is_empty() {
        widgets::dialog_text(ui, "请改正，或在该项中点“确认无误”：");
        egui::ScrollArea::vertical()
            .max_height(160.0)
            .show(ui, |ui| {
                for q in questions {
                    ui.colored_label(WARNING_ORANGE, format!("· {q}"));
                    widgets::dialog_says(ui, format!("· {q}"));
                }
            });
    }
    match widgets::dialog_buttons(ui, &["打印草稿", "取消"]) {
        Some(0) => Some(DialogAnswer::PrintDraft),
        Some(_) => Some(DialogAnswer::Dismiss),
        None => None,
    }
}

/// The progress dialog's body: the step, a bar, how far in files or bytes, 取消. True when
/// 取消 was pressed. Asks for frames while the work runs, so the bar moves.
fn working_ui(ui: &mut egui::Ui, job: &crate::ui::app::jobs::Job) -> bool {
    widgets::dialog_heading(ui, job.title.as_str());
    let reading = job.progress.reading();
    widgets::dialog_text(ui, reading.step.as_str());
    // No animation for an unknown amount: it would ask for a frame every frame; the words
    // below say it is under way, and the bar moves once the amount is known.
    let bar = egui::ProgressBar::new(reading.fraction().unwrap_or(0.0));
    let bar = if reading.fraction().is_some() {
        bar.show_percentage()
    } else {
        bar
    };
    ui.add(bar.desired_width(360.0));
    let amount = |n: u64| {
        if reading.files {
            format!("{n}个文件")
        } else {
            crate::evidence::human_size(n)
        }
    };
    ui.label(match (reading.total, reading.files) {
        (0, _) if reading.done == 0 => String::new(),
        (0, _) => format!("已完成 {}", amount(reading.done)),
        (total, _) => format!("已完成 {} / 共 {}", amount(reading.done), amount(total)),
    });
    ui.ctx()
        .request_repaint_after(std::time::Duration::from_millis(100));
    if job.progress.cancelled() {
        ui.label(RichText::new("正在取消…").weak());
        false
    } else {
        // Not a default button: an Enter meant for the dialog that comes next (pressed while
        // waiting) must not throw the work away. Esc or a click cancels.
        widgets::dialog_says(ui, "按 Esc 取消");
        ui.button("取消")
            .on_hover_text("停止（Esc），不留下写了一半的文件")
            .clicked()
    }
}

/// 不予认定 of an entry: its answer once 确定 (with a reason) or 取消 is pressed.
fn strike_answer(
    ui: &mut egui::Ui,
    ledger: &str,
    id: u32,
    what: &str,
    why: &mut String,
    error: &mut Option<String>,
) -> Option<DialogAnswer> {
    crate::ui::sheet::ledger::strike_ui(ui, what, why, error).map(|ok| {
        if ok {
            DialogAnswer::StrikeEntry {
                ledger: ledger.to_string(),
                id,
                why: why.clone(),
            }
        } else {
            DialogAnswer::Dismiss
        }
    })
}
