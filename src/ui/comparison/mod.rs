//! The comparison view: many sheet files (added by dialog, folder or drag-and-drop) as one
//! table of units, sortable by any column, with what needs attention (duplicates, files not
//! counted, units not submitted) above it; export to xlsx / CSV / PDF; a row opens its sheet.
//! All numbers come from `summary` (the core); this file only draws and dispatches.

mod notes;
pub mod scoring;

use crate::compared::Comparison;
use crate::export::ExportFormat;
use crate::summary::Attention;
use crate::ui::commands::{Command, CompareCommand};
use crate::ui::comparison::notes::attention;
use crate::ui::{DONE_GREEN, ERROR_RED, REVIEW_BLUE, WARNING_ORANGE};
use egui::{Align, Layout, RichText, Sense};
use egui_extras::{Column, TableBuilder};
use std::path::PathBuf;

/// What the comparison view keeps of its own, beside the comparison.
pub struct ComparisonView {
    /// The comparison's messages, shown under it only.
    pub status: String,
    /// The notes shown whole (else one line of counts).
    pub notes_open: bool,
    /// The 文件 column shown.
    pub files_shown: bool,
    /// The pass it was last drawn in: a view shown anew starts at the top of its table.
    pub drawn_at: u64,
    /// 各部门评分 shown unit by unit (else one line of counts).
    pub scoring_open: bool,
}

impl Default for ComparisonView {
    fn default() -> Self {
        ComparisonView {
            status: String::new(),
            notes_open: false,
            files_shown: true,
            drawn_at: 0,
            scoring_open: false,
        }
    }
}

/// What the comparison's view and the 汇总 menu may touch.
pub struct ComparisonCtx<'a> {
    pub comparison: Option<&'a mut Comparison>,
    pub view: &'a mut ComparisonView,
    pub(crate) queued: &'a mut Vec<Command>,
}

impl ComparisonCtx<'_> {
    fn ask(&mut self, cmd: CompareCommand) {
        self.queued.push(Command::Compare(cmd));
    }
}

/// The 汇总 menu.
pub fn menu(cx: &mut ComparisonCtx, ui: &mut egui::Ui) {
    let has = cx.comparison.is_some();
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
        cx.ask(CompareCommand::Show);
    }
    if clicked(ui, true, "添加考评表…", "选择一个或多个单位的考评表文件") {
        cx.ask(CompareCommand::AddFiles);
    }
    if clicked(
        ui,
        true,
        "添加文件夹…",
        "读取文件夹（含子文件夹）中的全部考评表",
    ) {
        cx.ask(CompareCommand::AddFolder);
    }
    ui.separator();
    if clicked(ui, has, "导出 Excel…", "导出为 .xlsx：汇总表和各项得分") {
        cx.ask(CompareCommand::Export(ExportFormat::Xlsx));
    }
    if clicked(
        ui,
        has,
        "导出 CSV…",
        "导出为 .csv（UTF-8，Excel 和 WPS 可直接打开）",
    ) {
        cx.ask(CompareCommand::Export(ExportFormat::Csv));
    }
    if clicked(ui, has, "打印汇总表…", "生成 A4 横向的 PDF 并打开") {
        cx.ask(CompareCommand::Export(ExportFormat::Pdf));
    }
    if clicked(
        ui,
        has,
        "生成考核通报…",
        "由汇总生成给执委会的考核通报：排名、等次、图表、各单位主要失分，可导出 PDF",
    ) {
        cx.queued.push(Command::ShowView(crate::ui::View::Bulletin));
    }
    ui.separator();
    if clicked(
        ui,
        has,
        "分发评分表…",
        "为一个部门生成本类别的评分表（Excel），各部门分别为各单位评分",
    ) {
        cx.ask(CompareCommand::Distribute);
    }
    if clicked(
        ui,
        has,
        "收回评分表…",
        "收回部门填好的评分表：逐格检查，无误的行记入各单位的审核",
    ) {
        cx.ask(CompareCommand::Collect);
    }
    if clicked(
        ui,
        has,
        "部门评分…",
        "在本程序中为各单位的一个类别评分（其他类别只读），保存为评分表交回办公室",
    ) {
        cx.ask(CompareCommand::ScoreCategory);
    }
    let several = cx
        .comparison
        .as_deref()
        .is_some_and(|c| !c.summary.other_schemes.is_empty());
    if clicked(
        ui,
        several,
        "按项目对照各年度",
        "汇总中有按不同考核规则（不同年度）填写的表时：各单位各年的总分，及按项目 id 对照的共同项目得分",
    ) {
        cx.ask(CompareCommand::Years);
    }
    ui.separator();
    if clicked(
        ui,
        has,
        "清空汇总",
        "从汇总中移出全部文件（文件本身不受影响）",
    ) {
        cx.ask(CompareCommand::Clear);
    }
}

fn toolbar(cx: &mut ComparisonCtx, ui: &mut egui::Ui) {
    let has = cx.comparison.is_some();
    ui.horizontal_wrapped(|ui| {
        if ui
            .button("添加考评表…")
            .on_hover_text("选择一个或多个单位的考评表文件")
            .clicked()
        {
            cx.ask(CompareCommand::AddFiles);
        }
        if ui
            .button("添加文件夹…")
            .on_hover_text("读取文件夹（含子文件夹）中的全部考评表")
            .clicked()
        {
            cx.ask(CompareCommand::AddFolder);
        }
        if ui
            .add_enabled(has, egui::Button::new("刷新"))
            .on_hover_text("重新读取全部文件")
            .clicked()
        {
            cx.ask(CompareCommand::Reload);
        }
        ui.separator();
        if ui
            .add_enabled(has, egui::Button::new("导出 Excel…"))
            .clicked()
        {
            cx.ask(CompareCommand::Export(ExportFormat::Xlsx));
        }
        if ui
            .add_enabled(has, egui::Button::new("导出 CSV…"))
            .clicked()
        {
            cx.ask(CompareCommand::Export(ExportFormat::Csv));
        }
        if ui
            .add_enabled(has, egui::Button::new("打印汇总表…"))
            .clicked()
        {
            cx.ask(CompareCommand::Export(ExportFormat::Pdf));
        }
    });
}

/// The years side by side, in a window over the comparison.
fn years_window(cx: &mut ComparisonCtx, ctx: &egui::Context) {
    let Some(c) = cx.comparison.as_deref_mut() else {
        return;
    };
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
                    ui.strong(h.to_string());
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
        cx.ask(CompareCommand::ExportYears);
    }
}

pub fn show(cx: &mut ComparisonCtx, ui: &mut egui::Ui) {
    years_window(cx, &ui.ctx().clone());
    // A click anywhere on a row selects it; selectable text would swallow the click.
    ui.style_mut().interaction.selectable_labels = false;
    toolbar(cx, ui);
    ui.separator();
    let Some(c) = cx.comparison.as_deref() else {
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
    let to_top = cx.view.drawn_at.saturating_add(1) < pass;
    cx.view.drawn_at = pass;
    ui.horizontal_wrapped(|ui| {
        ui.heading(format!(
            "{}年度县市区妇联工作绩效考核汇总",
            s.ruleset.ruleset.year
        ));
        ui.checkbox(&mut cx.view.files_shown, "显示文件名")
            .on_hover_text("表中最后一列：每个单位的文件");
    });
    attention(ui, s, &mut cx.view.notes_open);
    scoring::progress_line(ui, s, &mut cx.view.scoring_open);
    ui.add_space(4.0);
    let mut clicks = TableClicks::default();
    let files_shown = cx.view.files_shown;
    egui::ScrollArea::horizontal().show(ui, |ui| {
        units_table(ui, c, files_shown, to_top, &mut clicks);
    });
    if let Some(col) = clicks.sort
        && let Some(c) = cx.comparison.as_deref_mut()
    {
        c.sort_by(col);
    }
    if let Some(path) = clicks.exclude {
        cx.ask(CompareCommand::Exclude(path));
    }
    if let Some(path) = clicks.open {
        cx.ask(CompareCommand::OpenSheet(path));
    }
}

/// What was pressed in the table this frame.
#[derive(Default)]
struct TableClicks {
    /// A column header: sort by it.
    sort: Option<usize>,
    open: Option<PathBuf>,
    exclude: Option<PathBuf>,
}

/// The units' table: sortable headers, one row per unit (its state coloured), 打开 / 移出, and
/// the file name when shown.
fn units_table(
    ui: &mut egui::Ui,
    c: &Comparison,
    files_shown: bool,
    to_top: bool,
    clicks: &mut TableClicks,
) {
    let s = &c.summary;
    let headers = s.headers();
    let rows = s.sorted_rows(c.sort);
    let narrow = ui.available_width() < 1300.0;
    // The table keeps to the window's height: every row is reached by scrolling it, never
    // pushed below the status bar.
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
    // The actions come before the file name, so they stay in view. The file name takes what
    // is left.
    let file_column = headers.len() - 1;
    for i in 0..file_column {
        table = table.column(Column::exact(column_width(i, narrow)));
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
                    if sort_header(ui, title, i, c.sort, narrow) {
                        clicks.sort = Some(i);
                    }
                });
            }
        })
        .body(|body| {
            body.rows(30.0, rows.len(), |mut row| {
                let r = rows[row.index()];
                for (i, cell) in s.row_cells(r).into_iter().enumerate() {
                    if i == file_column {
                        actions(&mut row, r, &mut clicks.open, &mut clicks.exclude);
                        if !files_shown {
                            break;
                        }
                    }
                    row.col(|ui| table_cell(ui, r, i, &cell));
                }
                if row.response().double_clicked()
                    && let Some(sheet) = &r.sheet
                {
                    clicks.open = Some(sheet.path.clone());
                }
            });
        });
}

/// A column's width: below ~1300 pixels the columns narrow (category titles abbreviated,
/// the full title on hover) so the whole table fits a 1024-pixel screen.
fn column_width(i: usize, narrow: bool) -> f32 {
    match (i, narrow) {
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
    }
}

/// A column's header, a button that sorts by it (↑/↓ on the sorted one). Whether pressed.
fn sort_header(
    ui: &mut egui::Ui,
    title: &crate::table::Column,
    i: usize,
    sort: crate::summary::SortKey,
    narrow: bool,
) -> bool {
    let arrow = match (sort.column == i, sort.descending) {
        (false, _) => "",
        (true, false) => " ↑",
        (true, true) => " ↓",
    };
    // 办公室工作 over （16分）, rather than a break inside the brackets; on a narrow screen
    // 办公 over 16分.
    let shown = match title.points_words() {
        Some(_) if narrow => abbreviated_category(title),
        Some(points) => format!("{}\n{points}", title.title),
        None => title.title.clone(),
    };
    ui.add(
        egui::Button::new(RichText::new(format!("{shown}{arrow}")).strong())
            .frame(false)
            .wrap(),
    )
    .on_hover_text(format!("按“{title}”排序；再点一次反向"))
    .clicked()
}

/// One cell of a unit's row: the state (column 3) in its colour, the unit (1) strong, a
/// review in progress in its narrow column as 审核中 over 42/44项 (the full words on hover
/// and in every export).
fn table_cell(
    ui: &mut egui::Ui,
    r: &crate::summary::UnitRow,
    i: usize,
    cell: &crate::summary::Cell,
) {
    let text = match (cell, i) {
        (crate::summary::Cell::Text(t), crate::summary::COL_REVIEWED) => {
            t.replacen("（已审", "\n", 1).replace('）', "")
        }
        _ => cell.to_string(),
    };
    let mut t = RichText::new(text.clone());
    if i == 3 {
        t = t.color(match r.attention() {
            Attention::NotReceived => ui_weak(),
            Attention::MustFix => ERROR_RED,
            Attention::Unit => WARNING_ORANGE,
            Attention::Done => DONE_GREEN,
            Attention::Waiting => REVIEW_BLUE,
        });
    }
    if i == 1 {
        t = t.strong();
    }
    if text.contains('\n') {
        ui.add(egui::Label::new(t.size(11.0)).wrap())
            .on_hover_text("考核得分在每一项都审过后才有合计");
    } else {
        ui.add(egui::Label::new(t).truncate());
    }
}

/// A category title for a narrow column: 办公室工作（16分） → 办公 over 16分.
fn abbreviated_category(column: &crate::table::Column) -> String {
    let short: String = column.title.chars().take(2).collect();
    let points = column
        .points
        .map(|p| format!("{}分", crate::ruleset::fmt_dec(p)))
        .unwrap_or_default();
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
