//! Choosing where to save, what to open, where to export: the system's file dialog when one
//! can appear, otherwise the window's own small path entry (a folder and a file name). No
//! choice ends in silence: a system dialog that could not be shown is said in the status bar
//! and the window's own entry opens in its place.

use crate::sheet::FILE_EXTENSION;
use crate::ui::app::KaopingApp;
use crate::ui::dialog_kinds::{Dialog, PathEntry, Purpose};
use crate::ui::{ERROR_RED, WARNING_ORANGE, widgets};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A system dialog that "returns" sooner than this never appeared: no person finds and
/// presses 取消 that fast.
const NEVER_SHOWN: Duration = Duration::from_millis(300);

/// What came back from asking for a path.
enum Asked {
    /// One path, or several when attaching 佐证材料.
    Chosen(Vec<PathBuf>),
    Cancelled,
    NotShown,
}

fn ask_system(purpose: &Purpose, folder: &Path, name: &str, zenity: bool) -> Asked {
    if zenity && purpose.saves() {
        return zenity_save(purpose, folder, name);
    }
    let mut dialog = rfd::FileDialog::new()
        .set_title(purpose.title())
        .set_directory(folder);
    if let Some((label, extensions)) = purpose.filter() {
        dialog = dialog.add_filter(label, extensions);
    }
    if purpose.saves() {
        dialog = dialog.set_file_name(name);
    }
    if purpose == &Purpose::OpenSheet {
        // The first filter is the one shown: sheets and 提交包 together, as 打开 takes both.
        dialog = rfd::FileDialog::new()
            .set_title(purpose.title())
            .set_directory(folder)
            .add_filter(
                "考评表、提交包和退回通知",
                &[
                    FILE_EXTENSION,
                    crate::package::PACKAGE_EXTENSION,
                    crate::sheet::return_notice::EXTENSION,
                ],
            )
            .add_filter("考评表", &[FILE_EXTENSION])
            .add_filter("部门评分表", &[crate::ui::dialog_kinds::WORKBOOK_EXTENSION])
            .add_filter("提交包", &[crate::package::PACKAGE_EXTENSION])
            .add_filter("退回通知", &[crate::sheet::return_notice::EXTENSION])
            .add_filter("所有文件", &["*"]);
    }
    if zenity {
        // rfd gives zenity no folder to start in (it opened in the working folder); a
        // file name ending in the folder's separator is one.
        let mut start = folder.as_os_str().to_os_string();
        start.push(std::path::MAIN_SEPARATOR_STR);
        dialog = dialog.set_file_name(start.to_string_lossy());
    }
    let started = Instant::now();
    let picked = match purpose {
        Purpose::SaveSheet
        | Purpose::Export(_)
        | Purpose::WritePackage
        | Purpose::ExportYears
        | Purpose::ExportScheme
        | Purpose::ExportBulletin(_)
        | Purpose::ExportLedgers
        | Purpose::ExportScoringSheet { .. }
        | Purpose::SaveDepartmentSheet { .. }
        | Purpose::ExportKey => dialog.save_file().map(|p| vec![p]),
        Purpose::AddEvidence(_) | Purpose::AddLedgerFile { .. } => dialog.pick_files(),
        Purpose::OpenSheet
        | Purpose::AddScan
        | Purpose::OpenRuleset
        | Purpose::PreviewRuleset
        | Purpose::ImportLedger(_)
        | Purpose::ImportScoringSheet
        | Purpose::ImportKey => dialog.pick_file().map(|p| vec![p]),
        Purpose::CompareFolder | Purpose::BlankSheets => dialog.pick_folder().map(|p| vec![p]),
    };
    match picked {
        Some(paths) => Asked::Chosen(paths),
        None if started.elapsed() < NEVER_SHOWN => Asked::NotShown,
        None => Asked::Cancelled,
    }
}

/// Saving through zenity, run here rather than through rfd: rfd starts it in the working
/// folder and adds zenity's own English “Replace?”, which asked a second time before the
/// program's 替换已有的考评表？ (which says whose sheet is there). Exports and packages keep the
/// replaced file as .bak, as in the window's own entry.
fn zenity_save(purpose: &Purpose, folder: &Path, name: &str) -> Asked {
    let started = Instant::now();
    let mut command = std::process::Command::new("zenity");
    command
        .args(["--no-markup", "--file-selection", "--save", "--title"])
        .arg(purpose.title())
        .arg("--filename")
        .arg(folder.join(name));
    if let Some((label, extensions)) = purpose.filter() {
        let patterns: Vec<String> = extensions.iter().map(|e| format!("*.{e}")).collect();
        command
            .arg("--file-filter")
            .arg(format!("{label} | {}", patterns.join(" ")));
    }
    match command.output() {
        Ok(out) if out.status.success() => {
            let chosen = String::from_utf8_lossy(&out.stdout).trim().to_string();
            if chosen.is_empty() {
                Asked::Cancelled
            } else {
                Asked::Chosen(vec![PathBuf::from(chosen)])
            }
        }
        Ok(_) if started.elapsed() >= NEVER_SHOWN => Asked::Cancelled,
        _ => Asked::NotShown,
    }
}

/// The file a typed name stands for: the purpose's extension added when none was typed.
fn with_extension(purpose: &Purpose, mut path: PathBuf) -> PathBuf {
    if let Some(ext) = purpose.extension()
        && path.extension().is_none()
    {
        path.set_extension(ext);
    }
    path
}

impl KaopingApp {
    /// Asks for a path for `purpose`, starting in `folder` with `name` suggested, then does
    /// what it was asked for. Returns whether that was done now: false when cancelled, when
    /// it failed (and said why), or while the window's own entry asks.
    pub(in crate::ui) fn ask_path(
        &mut self,
        purpose: Purpose,
        folder: PathBuf,
        name: String,
    ) -> bool {
        if self.native_dialogs.available() {
            let zenity = self.native_dialogs.zenity();
            match ask_system(&purpose, &folder, &name, zenity) {
                Asked::Chosen(paths) => return self.paths_chosen(purpose, paths),
                Asked::Cancelled => {
                    self.status = match purpose {
                        Purpose::SaveSheet => "没有选择保存位置，未保存".into(),
                        Purpose::Export(_) => "没有选择导出位置，未导出".into(),
                        Purpose::WritePackage => "没有选择保存位置，未生成提交包".into(),
                        _ => "没有选择文件".into(),
                    };
                    return false;
                }
                Asked::NotShown => {
                    self.native_dialogs.failed();
                    self.status = "系统的文件对话框无法打开，已改用本程序的窗口".into();
                }
            }
        }
        self.dialog = Some(Dialog::PathEntry(PathEntry::new(purpose, &folder, name)));
        false
    }

    /// Does what the paths were chosen for (several 佐证材料 are copied as one piece of work);
    /// returns whether it succeeded.
    pub(in crate::ui) fn paths_chosen(&mut self, purpose: Purpose, paths: Vec<PathBuf>) -> bool {
        if matches!(
            purpose,
            Purpose::AddEvidence(_) | Purpose::AddLedgerFile { .. } | Purpose::AddScan
        ) {
            self.last_attach_folder = paths
                .first()
                .and_then(|p| p.parent())
                .map(Path::to_path_buf);
        }
        if let Purpose::AddEvidence(item_id) = &purpose {
            let some = !paths.is_empty();
            self.attach_files(item_id, paths);
            return some;
        }
        let mut done = !paths.is_empty();
        for path in paths {
            done = self.path_chosen(purpose.clone(), path);
            if !done {
                break;
            }
        }
        done
    }

    /// Does what the path was chosen for; returns whether it succeeded.
    pub(in crate::ui) fn path_chosen(&mut self, purpose: Purpose, path: PathBuf) -> bool {
        let path = with_extension(&purpose, path);
        match purpose {
            Purpose::SaveSheet => self.save_chosen(path),
            Purpose::OpenSheet => self.open_path(&path),
            Purpose::Export(_) => self.export_comparison_to(&path),
            Purpose::CompareFolder => {
                self.add_to_comparison(vec![path]);
                true
            }
            Purpose::AddEvidence(item_id) => {
                self.attach_files(&item_id, vec![path]);
                true
            }
            Purpose::AddLedgerFile { ledger, id } => self.ledger_file_chosen(&ledger, id, &path),
            Purpose::AddScan => self.scan_chosen(&path),
            Purpose::WritePackage => self.package_chosen(&path),
            Purpose::OpenRuleset => self.open_ruleset_path(&path),
            Purpose::PreviewRuleset => self.start_preview(&path),
            Purpose::ExportYears => self.export_years_to(&path),
            Purpose::ExportScheme => self.export_scheme_to(&path),
            Purpose::BlankSheets => self.blank_sheets_into(&path),
            Purpose::ExportBulletin(file) => self.export_bulletin_to(&path, file),
            Purpose::ExportKey => self.export_key_to(&path),
            Purpose::ImportKey => self.import_key_from(&path),
            Purpose::ExportLedgers => self.export_ledgers_to(&path),
            Purpose::ImportLedger(ledger) => self.import_ledger_from(&ledger, &path),
            Purpose::ExportScoringSheet { category, files } => {
                self.write_scoring_sheet(&path, category, files)
            }
            Purpose::ImportScoringSheet => self.read_scoring_sheet(&path),
            Purpose::SaveDepartmentSheet { close } => self.save_department_sheet(&path, close),
        }
    }

    /// Saves where the clerk chose, unless that replaces another sheet: then it asks first,
    /// naming what is there (a system dialog's own 替换？ does not say whose sheet it is).
    fn save_chosen(&mut self, path: PathBuf) -> bool {
        if let Some(what) = self.session.occupant(&path, &self.catalog) {
            self.dialog = Some(Dialog::ReplaceSheet {
                path,
                what,
                own_file: false,
            });
            return false;
        }
        self.save_to(&path)
    }

    /// 另存为其他名称: the save dialog again, in the same folder, with a name nothing has yet.
    pub(in crate::ui) fn save_elsewhere(&mut self, taken: &Path) {
        let folder = taken
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| self.current_folder());
        let name = free_name(&folder, taken);
        self.ask_path(Purpose::SaveSheet, folder, name);
    }

    /// Sheets to compare: several files in the system's dialog, or a folder in the window's
    /// own entry (it has no multiple choice).
    pub(in crate::ui) fn ask_sheets_to_compare(&mut self) {
        let folder = self.current_folder();
        if self.native_dialogs.available() {
            let started = Instant::now();
            let picked = rfd::FileDialog::new()
                .set_title("选择要汇总的考评表（可多选）")
                .add_filter(
                    "考评表或提交包",
                    &[FILE_EXTENSION, crate::package::PACKAGE_EXTENSION],
                )
                .set_directory(&folder)
                .pick_files();
            match picked {
                Some(files) => {
                    self.add_to_comparison(files);
                    return;
                }
                None if started.elapsed() >= NEVER_SHOWN => return,
                None => {
                    self.native_dialogs.failed();
                    self.status = "系统的文件对话框无法打开，已改用本程序的窗口".into();
                }
            }
        }
        self.dialog = Some(Dialog::PathEntry(PathEntry::new(
            Purpose::CompareFolder,
            &folder,
            String::new(),
        )));
    }
}

/// A name in `folder` like `taken`'s that no file has: 平江县妇联-2015年度绩效考核自评（2）.kaoping.
fn free_name(folder: &Path, taken: &Path) -> String {
    let stem = taken
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "考评表".into());
    let ext = taken
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_else(|| FILE_EXTENSION.into());
    (2u32..10_000)
        .map(|n| format!("{stem}（{n}）.{ext}"))
        .find(|name| std::fs::symlink_metadata(folder.join(name)).is_err())
        .unwrap_or_else(|| format!("{stem}（新）.{ext}"))
}

/// The window's own path entry: a folder (made here when saving into one that does not
/// exist), a file name (not for a folder) and, when opening or attaching, the folder's files
/// to click or pick with ↑/↓. Returns the chosen paths (several when attaching), or
/// `Some(vec![])` for 取消.
pub fn path_entry_ui(ui: &mut egui::Ui, entry: &mut PathEntry) -> Option<Vec<PathBuf>> {
    let purpose = entry.purpose.clone();
    crate::ui::widgets::dialog_heading(ui, purpose.title());
    let wants_name = !purpose.picks_folder();
    ui.label(if wants_name {
        "请填写文件夹和文件名："
    } else {
        "请填写文件夹："
    });
    let folder_edit = widgets::labelled_text(
        ui,
        widgets::field_id("path-folder"),
        "文件夹",
        &mut entry.folder,
        440.0,
    );
    let dir = PathBuf::from(entry.folder.trim());
    let mut picked_in_list = None;
    let mut enter_on_list = false;
    let listed = purpose.listed();
    let several = listed.is_some_and(|(_, _, several)| several);
    // Arrows on a focused row move the focus ring (the toolkit's); the list follows it. In
    // the fields, ↑/↓ move the list's highlight below.
    let list_had_focus = entry.list.has_focus(ui.ctx());
    if let Some((kinds, heading, several)) = listed {
        entry.list.refresh(&dir, kinds);
        let outcome = entry.list.show(ui, heading, several);
        picked_in_list = outcome.clicked;
        enter_on_list = outcome.enter;
        if let Some(name) = outcome.focused_name {
            entry.name = name;
        }
    }
    let name_edit = wants_name.then(|| {
        widgets::labelled_text(
            ui,
            widgets::field_id("path-name"),
            "文件名",
            &mut entry.name,
            440.0,
        )
    });
    let focus_target = name_edit.as_ref().unwrap_or(&folder_edit);
    if std::mem::take(&mut entry.focus_name) {
        focus_target.request_focus();
        // The cursor at the end of the proposed name, as a clerk expects to go on typing.
        cursor_at_end(ui.ctx(), focus_target.id, entry.name.chars().count());
    }
    if !list_had_focus {
        walk_list_with_arrows(ui, entry);
    }
    let name = entry.name.trim().to_string();
    let path = with_extension(&purpose, dir.join(&name));
    let ticked = entry.list.ticked.clone();
    // 发布空白表 may go into a folder made for it (its parent must exist: a typo two levels up
    // is not made into a tree of folders).
    let new_folder = purpose == Purpose::BlankSheets
        && !dir.exists()
        && dir.parent().is_some_and(|p| p.is_dir());
    let problem = if new_folder {
        None
    } else {
        path_problem(&purpose, &dir, &name, &path, !ticked.is_empty())
    };
    if new_folder {
        ui.weak("将新建这个文件夹");
    }
    let state = EntryState {
        purpose: &purpose,
        dir: &dir,
        name: &name,
        path: &path,
        ticked: ticked.len(),
        several,
        list_empty: entry.list.is_empty(),
    };
    say_entry_state(ui, &state, problem.as_deref(), name_edit.as_ref());
    // Enter in either field acts (the fields keep the keyboard at Enter, see `one_line`).
    let in_a_field = folder_edit.has_focus() || name_edit.as_ref().is_some_and(|r| r.has_focus());
    let enter = in_a_field && ui.input(|i| i.key_pressed(egui::Key::Enter));
    let mut answer = picked_in_list.map(|p| vec![p]);
    ui.horizontal(|ui| {
        let go = ui
            .add_enabled(problem.is_none(), egui::Button::new(purpose.verb()))
            .clicked();
        if (go || enter || enter_on_list) && problem.is_none() {
            let mut chosen = ticked.clone();
            if !wants_name {
                chosen.push(dir.clone());
            } else if !name.is_empty() && !chosen.contains(&path) {
                chosen.push(path.clone());
            }
            answer = Some(chosen);
        }
        if ui.button("取消").clicked() {
            answer = Some(Vec::new());
        }
    });
    answer
}

/// Puts the cursor of the text field `id` after its `chars` characters.
fn cursor_at_end(ctx: &egui::Context, id: egui::Id, chars: usize) {
    if let Some(mut state) = egui::TextEdit::load_state(ctx, id) {
        let end = egui::text::CCursor::new(chars);
        state
            .cursor
            .set_char_range(Some(egui::text::CCursorRange::one(end)));
        state.store(ctx, id);
    }
}

/// ↑/↓ in the fields walk the listed files; the one reached is put into 文件名 (Enter then
/// takes it).
fn walk_list_with_arrows(ui: &mut egui::Ui, entry: &mut PathEntry) {
    if entry.list.is_empty() {
        return;
    }
    let (up, down) = ui.input_mut(|i| {
        (
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
        )
    });
    if (up || down)
        && let Some(name) = entry.list.step(up)
    {
        entry.name = name;
    }
}

/// Why the typed folder and name cannot be taken yet, if they cannot (`ticked`: files are
/// ticked in the list, which then need no name).
fn path_problem(
    purpose: &Purpose,
    dir: &Path,
    name: &str,
    path: &Path,
    ticked: bool,
) -> Option<String> {
    let wants_name = !purpose.picks_folder();
    if !dir.is_dir() {
        Some(format!("文件夹“{}”不存在", dir.display()))
    } else if !wants_name || (ticked && name.is_empty()) {
        None
    } else if name.is_empty() {
        Some("请填写文件名".to_string())
    } else if name.contains(['/', '\\']) {
        Some("文件名中不能有 / 或 \\".to_string())
    } else if purpose.opens_file() && !path.is_file() {
        Some(format!("没有文件“{}”", path.display()))
    } else {
        None
    }
}

/// What the entry holds, for saying what will happen.
struct EntryState<'a> {
    purpose: &'a Purpose,
    dir: &'a Path,
    name: &'a str,
    path: &'a Path,
    ticked: usize,
    several: bool,
    list_empty: bool,
}

/// Under the fields: what to do next, what is wrong (with 新建此文件夹 when saving into a
/// folder not there yet), that a file will be replaced, or where it will be saved.
fn say_entry_state(
    ui: &mut egui::Ui,
    state: &EntryState,
    problem: Option<&str>,
    name_edit: Option<&egui::Response>,
) {
    let purpose = state.purpose;
    let wants_name = !purpose.picks_folder();
    match problem {
        // Nothing typed yet is not an error: say what to do, without red.
        Some(_) if state.name.is_empty() && wants_name && state.dir.is_dir() => {
            ui.weak(if state.list_empty {
                "请填写文件名"
            } else {
                "请点选上面的文件（或用 ↑/↓ 选），或填写文件名"
            });
        }
        Some(p) => {
            ui.colored_label(ERROR_RED, p);
            // Saving into a folder that is not there yet: it can be made here.
            if purpose.saves()
                && !state.dir.as_os_str().is_empty()
                && ui.button("新建此文件夹").clicked()
            {
                match crate::fsio::make_folder(state.dir) {
                    // The button goes with the problem: the keyboard goes to 文件名, where
                    // Enter then saves (it was left with nothing).
                    Ok(()) => {
                        if let Some(r) = name_edit {
                            r.request_focus();
                        }
                    }
                    Err(e) => {
                        ui.colored_label(ERROR_RED, e.to_string());
                    }
                }
            }
        }
        None if purpose.saves() && state.path.exists() => {
            ui.colored_label(
                WARNING_ORANGE,
                if matches!(purpose, Purpose::SaveSheet) {
                    "此文件已存在：保存前会先问您是否替换它"
                } else {
                    "此文件已存在：保存会替换它（原文件保留为 .bak）"
                },
            );
        }
        None if purpose.saves() => {
            crate::ui::widgets::dialog_text(ui, format!("将保存为 {}", state.path.display()));
        }
        None if state.several && state.ticked > 0 => {
            ui.label(format!("已勾选{}个文件", state.ticked));
        }
        None => {}
    }
}
