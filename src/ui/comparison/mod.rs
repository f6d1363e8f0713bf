//! The comparison view: many sheet files (added by dialog, folder or drag-and-drop) as one
//! table of units, sortable by any column, with what needs attention (duplicates, files not
//! counted, units not submitted) above it; export to xlsx / CSV / PDF; a row opens its sheet.
//! All numbers come from `summary` (the core); this file only draws and dispatches.

mod notes;

use crate::compared::Comparison;
use crate::export::{ExportFormat, export};
use crate::summary::{Attention, COL_FIRST_CATEGORY, SortKey, same_file};
use crate::ui::comparison::notes::attention;
use crate::ui::dialog_kinds::Purpose;
use crate::ui::{
    DONE_GREEN, Dialog, ERROR_RED, KaopingApp, Pending, REVIEW_BLUE, View, WARNING_ORANGE,
};
use egui::{Align, Layout, RichText, Sense};
use egui_extras::{Column, TableBuilder};
use std::path::{Path, PathBuf};

impl KaopingApp {
    /// Adds files or folders to the comparison (a file already there is not added twice)
    /// and shows it.
    pub fn add_to_comparison(&mut self, paths: Vec<PathBuf>) {
        let catalog = self.catalog.clone();
        let (mut inputs, excluded, sort) = match self.comparison.take() {
            Some(c) => (c.inputs, c.excluded, c.sort),
            None => (Vec::new(), Vec::new(), SortKey::default()),
        };
        let mut excluded = excluded;
        for p in paths {
            excluded.retain(|e| !same_file(e, &p));
            if !inputs.iter().any(|i| same_file(i, &p)) {
                inputs.push(p);
            }
        }
        let mut c = Comparison::load(inputs, excluded, &catalog);
        c.sort = sort;
        let s = &c.summary;
        self.comparison_status = format!(
            "汇总：{}个单位中已收到{}个，未提交{}个{}{}",
            s.ruleset.ruleset.units.len(),
            s.rows
                .iter()
                .filter(|r| r.sheet.is_some() && !r.duplicate)
                .count()
                + s.duplicates.len(),
            s.missing().len(),
            if s.duplicates.is_empty() {
                String::new()
            } else {
                format!("，{}个单位有重复文件", s.duplicates.len())
            },
            if s.failures.is_empty() {
                String::new()
            } else {
                format!("，{}个文件未计入", s.failures.len())
            }
        );
        self.comparison = Some(c);
        self.view = View::Comparison;
    }

    /// Takes one file out of the comparison (one of two for a unit, say).
    pub fn exclude_from_comparison(&mut self, path: &Path) {
        let catalog = self.catalog.clone();
        if let Some(c) = &mut self.comparison {
            c.inputs.retain(|i| !same_file(i, path));
            c.excluded.push(path.to_path_buf());
            c.reload(&catalog);
            self.comparison_status =
                format!("已将“{}”移出汇总（文件本身没有改动）", path.display());
        }
    }

    /// Writes the comparison to `path`, as its extension asks (.xlsx, .csv, .pdf).
    pub fn export_comparison_to(&mut self, path: &Path) -> bool {
        let Some(c) = &self.comparison else {
            return false;
        };
        let Some(format) = ExportFormat::from_path(path) else {
            self.dialog = Some(Dialog::Message {
                title: "无法导出".into(),
                body: format!("“{}”的扩展名须为 .xlsx、.csv 或 .pdf。", path.display()),
            });
            return false;
        };
        let written = export(&c.summary, c.sort, format)
            .and_then(|bytes| crate::fsio::write_atomic(path, &bytes).map_err(|e| e.to_string()));
        match written {
            Ok(()) => {
                self.last_export_folder = path.parent().map(Path::to_path_buf);
                self.comparison_status = format!("已导出：{}", path.display());
                if format == ExportFormat::Pdf
                    && self.open_after_print
                    && let Err(e) = opener::open(path)
                {
                    self.comparison_status =
                        format!("已导出：{}，但无法打开查看器：{e}", path.display());
                }
                true
            }
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "导出失败".into(),
                    body: format!("{e}\n\n汇总表仍在窗口中，请换一个位置再导出。"),
                });
                false
            }
        }
    }

    fn export_dialog(&mut self, format: ExportFormat) {
        let Some(c) = &self.comparison else {
            return;
        };
        let name = format!(
            "{}年度绩效考核汇总.{}",
            c.summary.ruleset.ruleset.year,
            format.extension()
        );
        let folder = self.export_folder();
        self.ask_path(Purpose::Export(format), folder, name);
    }

    /// Where exports are offered: the folder of the last export, else the folder compared
    /// (never the review copy of the sheet last opened).
    pub(super) fn export_folder(&self) -> PathBuf {
        self.last_export_folder
            .clone()
            .filter(|f| f.is_dir())
            .or_else(|| {
                let c = self.comparison.as_ref()?;
                let first = c.inputs.first()?;
                Some(if first.is_dir() {
                    first.clone()
                } else {
                    first.parent()?.to_path_buf()
                })
            })
            .unwrap_or_else(|| self.current_folder())
    }

    fn pick_files_for_comparison(&mut self) {
        self.ask_sheets_to_compare();
    }

    fn pick_folder_for_comparison(&mut self) {
        let folder = self.current_folder();
        self.ask_path(Purpose::CompareFolder, folder, String::new());
    }
}

/// The 汇总 menu.
pub fn menu(app: &mut KaopingApp, ui: &mut egui::Ui) {
    let has = app.comparison.is_some();
    let clicked = |ui: &mut egui::Ui, enabled: bool, text: &str, tip: &str| {
        let r = ui
            .add_enabled(enabled, egui::Button::new(text))
            .on_hover_text(tip);
        if r.clicked() {
            ui.close();
        }
        r.clicked()
    };
    if clicked(ui, true, "汇总比较", "显示汇总表") {
        app.view = View::Comparison;
    }
    if clicked(ui, true, "添加考评表…", "选择一个或多个单位的考评表文件") {
        app.pick_files_for_comparison();
    }
    if clicked(
        ui,
        true,
        "添加文件夹…",
        "读取文件夹（含子文件夹）中的全部考评表",
    ) {
        app.pick_folder_for_comparison();
    }
    ui.separator();
    if clicked(ui, has, "导出 Excel…", "导出为 .xlsx：汇总表和各项得分") {
        app.export_dialog(ExportFormat::Xlsx);
    }
    if clicked(
        ui,
        has,
        "导出 CSV…",
        "导出为 .csv（UTF-8，Excel 和 WPS 可直接打开）",
    ) {
        app.export_dialog(ExportFormat::Csv);
    }
    if clicked(ui, has, "打印汇总表…", "生成 A4 横向的 PDF 并打开") {
        app.export_dialog(ExportFormat::Pdf);
    }
    let several = app
        .comparison
        .as_ref()
        .is_some_and(|c| !c.summary.other_schemes.is_empty());
    if clicked(
        ui,
        several,
        "按项目对照各年度",
        "汇总中有按不同考核规则（不同年度）填写的表时：各单位各年的总分，及按项目 id 对照的共同项目得分",
    ) {
        app.show_years();
    }
    ui.separator();
    if clicked(
        ui,
        has,
        "清空汇总",
        "从汇总中移出全部文件（文件本身不受影响）",
    ) {
        app.comparison = None;
        app.comparison_status = "已清空汇总".into();
    }
}

fn toolbar(app: &mut KaopingApp, ui: &mut egui::Ui) {
    let has = app.comparison.is_some();
    ui.horizontal_wrapped(|ui| {
        if ui
            .button("添加考评表…")
            .on_hover_text("选择一个或多个单位的考评表文件")
            .clicked()
        {
            app.pick_files_for_comparison();
        }
        if ui
            .button("添加文件夹…")
            .on_hover_text("读取文件夹（含子文件夹）中的全部考评表")
            .clicked()
        {
            app.pick_folder_for_comparison();
        }
        if ui
            .add_enabled(has, egui::Button::new("刷新"))
            .on_hover_text("重新读取全部文件")
            .clicked()
        {
            let catalog = app.catalog.clone();
            if let Some(c) = &mut app.comparison {
                c.reload(&catalog);
                app.comparison_status = "已重新读取".into();
            }
        }
        ui.separator();
        if ui
            .add_enabled(has, egui::Button::new("导出 Excel…"))
            .clicked()
        {
            app.export_dialog(ExportFormat::Xlsx);
        }
        if ui
            .add_enabled(has, egui::Button::new("导出 CSV…"))
            .clicked()
        {
            app.export_dialog(ExportFormat::Csv);
        }
        if ui
            .add_enabled(has, egui::Button::new("打印汇总表…"))
            .clicked()
        {
            app.export_dialog(ExportFormat::Pdf);
        }
    });
}

impl KaopingApp {
    /// 汇总 → 按项目对照各年度: the table, or why there is none.
    pub fn show_years(&mut self) {
        let catalog = self.catalog.clone();
        let Some(c) = &mut self.comparison else {
            return;
        };
        match c.years_table(&catalog) {
            Ok(t) => c.years = Some(t),
            Err(e) => self.comparison_status = e,
        }
        self.view = View::Comparison;
    }
}

impl KaopingApp {
    /// Writes the years side by side as CSV (Excel and WPS open it).
    pub fn export_years_to(&mut self, path: &Path) -> bool {
        let Some(table) = self.comparison.as_ref().and_then(|c| c.years.as_ref()) else {
            return false;
        };
        match crate::fsio::write_atomic(path, &crate::export::to_csv(table)) {
            Ok(()) => {
                self.comparison_status = format!("已导出：{}", path.display());
                true
            }
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "无法导出".into(),
                    body: e.to_string(),
                });
                false
            }
        }
    }
}

/// The years side by side, in a window over the comparison.
fn years_window(app: &mut KaopingApp, ctx: &egui::Context) {
    let Some(c) = &mut app.comparison else { return };
    let Some(table) = &c.years else { return };
    let mut open = true;
    let mut export = false;
    egui::Window::new(table.title.as_str())
        .open(&mut open)
        .default_size([760.0, 420.0])
        .vscroll(true)
        .show(ctx, |ui| {
            // Above the table, in view however long the table is.
            if ui
                .button("导出对照表 CSV…")
                .on_hover_text("把这张年度对照表导出为 .csv（UTF-8，Excel 和 WPS 可直接打开）")
                .clicked()
            {
                export = true;
            }
            egui::Grid::new("years-grid").striped(true).show(ui, |ui| {
                for h in &table.headers {
                    ui.strong(h.as_str());
                }
                ui.end_row();
                for row in &table.rows {
                    for cell in row {
                        ui.label(cell.to_string());
                    }
                    ui.end_row();
                }
            });
            ui.separator();
            for n in &table.notes {
                ui.label(n.as_str());
            }
        });
    if !open {
        c.years = None;
    }
    if export {
        let folder = app.export_folder();
        app.ask_path(Purpose::ExportYears, folder, "年度对照表.csv".into());
    }
}

pub fn show(app: &mut KaopingApp, ui: &mut egui::Ui) {
    years_window(app, &ui.ctx().clone());
    // A click anywhere on a row selects it; selectable text would swallow the click.
    ui.style_mut().interaction.selectable_labels = false;
    toolbar(app, ui);
    ui.separator();
    let Some(c) = &app.comparison else {
        ui.add_space(40.0);
        ui.vertical_centered(|ui| {
            ui.heading("汇总比较");
            ui.label("把各单位报送的考评表文件（可以多个）或存放它们的文件夹拖到这个窗口，");
            ui.label("或点上面的“添加考评表…”“添加文件夹…”。");
        });
        return;
    };
    let s = &c.summary;
    // Shown anew (not drawn the pass before), or read again: the table starts at its top.
    let pass = ui.ctx().cumulative_pass_nr();
    let to_top = app.comparison_drawn_at.saturating_add(1) < pass;
    app.comparison_drawn_at = pass;
    ui.horizontal_wrapped(|ui| {
        ui.heading(format!(
            "{}年度县市区妇联工作绩效考核汇总",
            s.ruleset.ruleset.year
        ));
        ui.checkbox(&mut app.comparison_files_shown, "显示文件名")
            .on_hover_text("表中最后一列：每个单位的文件");
    });
    attention(ui, s, &mut app.comparison_notes_open);
    ui.add_space(4.0);

    let headers = s.headers();
    let rows = s.sorted_rows(c.sort);
    let sort = c.sort;
    let mut sort_clicked = None;
    let mut open = None;
    let mut exclude = None;
    let files_shown = app.comparison_files_shown;
    egui::ScrollArea::horizontal().show(ui, |ui| {
        let narrow = ui.available_width() < 1300.0;
        // The table keeps to the window's height: every row is reached by scrolling it,
        // never pushed below the status bar.
        let height = ui.available_height();
        let mut table = TableBuilder::new(ui)
            .id_salt("comparison-table")
            .striped(true)
            .sense(Sense::click())
            .cell_layout(Layout::left_to_right(Align::Center))
            .max_scroll_height(height)
            .auto_shrink([false, false]);
        if to_top {
            table = table.vertical_scroll_offset(0.0);
        }
        // The actions come before the file name, so they stay in view; below ~1300 pixels
        // the columns narrow (category titles abbreviated, the full title on hover) so the
        // whole table fits a 1024-pixel screen. The file name takes what is left.
        let file_column = headers.len() - 1;
        for i in 0..file_column {
            let width = match (i, narrow) {
                (0, true) => 32.0,
                (0, false) => 44.0,
                (1, true) => 96.0,
                (1, false) => 130.0,
                (2, true) => 36.0,
                (2, false) => 56.0,
                (3, true) => 128.0,
                (3, false) => 150.0,
                (4 | 5, true) => 50.0,
                (4 | 5, false) => 66.0,
                (_, true) => 40.0,
                (_, false) => 74.0,
            };
            table = table.column(Column::exact(width));
        }
        table = table.column(Column::exact(if narrow { 96.0 } else { 104.0 }));
        if files_shown {
            table = table.column(Column::remainder().at_least(90.0).clip(true));
        }
        table
            .header(60.0, |mut header| {
                for (i, title) in headers.iter().enumerate() {
                    if i == file_column {
                        header.col(|ui| {
                            ui.strong("操作");
                        });
                        if !files_shown {
                            break;
                        }
                    }
                    header.col(|ui| {
                        let arrow = match (sort.column == i, sort.descending) {
                            (false, _) => "",
                            (true, false) => " ↑",
                            (true, true) => " ↓",
                        };
                        // 办公室工作 over （16分）, rather than a break inside the brackets;
                        // on a narrow screen 办公 over 16分.
                        let shown = if (COL_FIRST_CATEGORY..file_column).contains(&i) {
                            if narrow {
                                abbreviated_category(title)
                            } else {
                                title.replacen('（', "\n（", 1)
                            }
                        } else {
                            title.clone()
                        };
                        let r = ui
                            .add(
                                egui::Button::new(
                                    RichText::new(format!("{shown}{arrow}")).strong(),
                                )
                                .frame(false)
                                .wrap(),
                            )
                            .on_hover_text(format!("按“{title}”排序；再点一次反向"));
                        if r.clicked() {
                            sort_clicked = Some(i);
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(30.0, rows.len(), |mut row| {
                    let r = rows[row.index()];
                    let state_color = match r.attention() {
                        Attention::NotReceived => ui_weak(),
                        Attention::MustFix => ERROR_RED,
                        Attention::Unit => WARNING_ORANGE,
                        Attention::Done => DONE_GREEN,
                        Attention::Waiting => REVIEW_BLUE,
                    };
                    let cells = s.row_cells(r);
                    for (i, cell) in cells.into_iter().enumerate() {
                        let text = cell.to_string();
                        if i == file_column {
                            actions(&mut row, r, &mut open, &mut exclude);
                            if !files_shown {
                                break;
                            }
                        }
                        row.col(|ui| {
                            let mut t = RichText::new(text);
                            if i == 3 {
                                t = t.color(state_color);
                            }
                            if i == 1 {
                                t = t.strong();
                            }
                            ui.add(egui::Label::new(t).truncate());
                        });
                    }
                    if row.response().double_clicked()
                        && let Some(sheet) = &r.sheet
                    {
                        open = Some(sheet.path.clone());
                    }
                });
            });
    });
    if let Some(col) = sort_clicked
        && let Some(c) = &mut app.comparison
    {
        c.sort_by(col);
    }
    if let Some(path) = exclude {
        app.exclude_from_comparison(&path);
    }
    if let Some(path) = open {
        app.view = View::Sheet;
        app.guard_unsaved(Pending::Open(Some(path)));
        if app.session.mode() == crate::ui::Mode::Fill && app.dialog.is_none() {
            app.status
                .push_str("。要填写考核得分，请在“模式”菜单中切换到审核模式");
        }
    }
}

/// A category title for a narrow column: 办公室工作（16分） → 办公 over 16分.
fn abbreviated_category(title: &str) -> String {
    let (name, rest) = title.split_once('（').unwrap_or((title, ""));
    let short: String = name.chars().take(2).collect();
    let points = rest.trim_end_matches('）');
    format!("{short}\n{points}")
}

/// 打开 / 移出 for a row with a file.
fn actions(
    row: &mut egui_extras::TableRow<'_, '_>,
    r: &crate::summary::UnitRow,
    open: &mut Option<PathBuf>,
    exclude: &mut Option<PathBuf>,
) {
    row.col(|ui| {
        if let Some(sheet) = &r.sheet {
            if ui
                .small_button("打开")
                .on_hover_text(format!("打开“{}”", sheet.path.display()))
                .clicked()
            {
                *open = Some(sheet.path.clone());
            }
            if ui
                .small_button("移出")
                .on_hover_text("从汇总中移出这个文件（文件本身不受影响）")
                .clicked()
            {
                *exclude = Some(sheet.path.clone());
            }
        }
    });
}

fn ui_weak() -> egui::Color32 {
    egui::Color32::GRAY
}
