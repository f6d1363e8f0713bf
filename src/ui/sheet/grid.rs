//! The assessment table as on paper: 考核项目 · 考核内容 · 考核说明 · 标准分 · 自查得分 ·
//! 考核得分, plus each row's state. Rows take the height their wrapped text needs; the header
//! stays while the body scrolls.

use crate::ruleset::fmt_dec;
use crate::scoring::ItemStatus;
use crate::ui::sheet::SheetCtx;
use crate::ui::{DONE_GREEN, ERROR_RED, REVIEW_BLUE, WARNING_ORANGE};
use egui::{Align, Color32, FontId, Layout, RichText, Sense};
use egui_extras::{Column, TableBuilder};

const CATEGORY_W: f32 = 80.0;
const NUMBER_W: f32 = 62.0;
const REVIEWED_W: f32 = 90.0;
const STATE_W: f32 = 56.0;
const PAD: f32 = 8.0;
/// Below this grid width 考核说明 is not a column: it is read in the calculator beside the
/// grid, and 考核内容 gets its width (at 1024×700 five rows stay in view, not two).
pub const FOLD_RULE_TEXT_BELOW: f32 = 780.0;

/// The state of a row in a word and a colour: 未填 / 未填完 / 已填 / 有误 / 警告 / 需修改 (the
/// office returned it with words on it); in review mode 待审 / 已审 / 需重审 (`recheck`: the
/// unit changed it in a resend).
pub fn row_state(
    item: &crate::scoring::ItemResult,
    mode: crate::ui::Mode,
    recheck: bool,
) -> (&'static str, Color32) {
    if mode == crate::ui::Mode::Review {
        // The reviewer's own progress: 待审 until the item has its 考核得分.
        return match (item.status, item.reviewed) {
            (ItemStatus::Invalid, _) => ("有误", ERROR_RED),
            (_, None) if recheck => ("需重审", WARNING_ORANGE),
            (_, None) => ("待审", Color32::GRAY),
            (_, Some(_)) => ("已审", DONE_GREEN),
        };
    }
    let returned = item
        .problems
        .iter()
        .any(|p| p.about == crate::scoring::About::ReturnOpinion);
    match item.status {
        ItemStatus::Invalid => ("有误", ERROR_RED),
        _ if returned => ("需修改", ERROR_RED),
        _ if item.has_warning() => ("警告", WARNING_ORANGE),
        ItemStatus::Scored => ("已填", DONE_GREEN),
        ItemStatus::Partial => ("未填完", Color32::GRAY),
        ItemStatus::Unfilled => ("未填", Color32::GRAY),
    }
}

pub fn show(cx: &mut SheetCtx, ui: &mut egui::Ui) {
    // A click anywhere on a row selects it; selectable text would swallow the click.
    ui.style_mut().interaction.selectable_labels = false;
    let ruleset = cx.session.shared_ruleset();
    let rows: Vec<Row> = ruleset.ruleset.items().collect();
    let columns = Columns::for_width(cx, ui);
    let heights = row_heights(ui, &rows, &columns);
    let ctx = ui.ctx().clone();
    // For a screen reader the grid is a table of its rows (all of them, see below).
    let row_count = rows.len();
    ctx.accesskit_node_builder(ui.unique_id(), |node| {
        node.set_role(egui::accesskit::Role::Table);
        node.set_label("考评表");
        node.set_row_count(row_count);
    });
    let mut table = TableBuilder::new(ui)
        .id_salt("sheet-grid")
        .striped(false)
        // Rows take clicks but not Tab: the keyboard moves between rows with ↑/↓.
        .sense(Sense::CLICK)
        .cell_layout(Layout::left_to_right(Align::Center))
        .column(Column::exact(CATEGORY_W))
        .column(Column::exact(columns.text_w))
        .columns(
            Column::exact(columns.text_w),
            if columns.fold { 0 } else { 1 },
        )
        .column(Column::exact(NUMBER_W))
        .column(Column::exact(NUMBER_W))
        .column(Column::exact(columns.reviewed_w))
        .column(Column::exact(STATE_W))
        .auto_shrink([false, false]);
    let scrolling = cx.view.scroll_to_selected > 0;
    if scrolling {
        table = table.scroll_to_row(cx.view.selected, None);
    }
    let mut seen = RowsSeen::default();
    table
        .header(26.0, |mut header| column_headers(&mut header, columns.fold))
        .body(|mut body| {
            // The table's view: a row is where it can be seen and clicked, never past it.
            let view = body.ui_mut().clip_rect();
            // Every row is laid out, not only those in view (44 rows of cached text cost
            // well under a millisecond): a screen reader then reaches each of them.
            for height in heights {
                body.row(height, |mut row| {
                    item_row(cx, &mut row, &rows, columns.fold, view, &mut seen);
                });
            }
        });
    // Keep scrolling until the selected row is wholly in view (or the attempts run out).
    if scrolling {
        if seen.selected_in_view {
            cx.view.scroll_to_selected = 0;
        } else {
            cx.view.scroll_to_selected -= 1;
            ctx.request_repaint();
        }
    }
    if let Some(i) = seen.clicked {
        cx.view.selected = i;
        // The reviewer clicks an item to score it: the cursor goes to its 考核得分.
        if cx.session.mode() == crate::ui::Mode::Review {
            cx.view.focus_calculator = true;
            // The calculator was drawn before the grid this frame: draw again to move the
            // cursor now, not at the next mouse move.
            ui.ctx().request_repaint();
        }
    }
}

type Row<'a> = (&'a crate::ruleset::Category, &'a crate::ruleset::Item);

/// The grid's columns at the width it has.
struct Columns {
    /// 考核说明 is read in the calculator, not in a column of its own.
    fold: bool,
    /// Each text column's width (考核内容, and 考核说明 unless folded).
    text_w: f32,
    reviewed_w: f32,
}

impl Columns {
    fn for_width(cx: &SheetCtx, ui: &egui::Ui) -> Columns {
        // The 考核得分 column is wider when it carries difference marks (↓2).
        let reviewed_w = if cx.session.mode() == crate::ui::Mode::Review
            || cx.session.report().reviewed_total.is_some()
        {
            REVIEWED_W
        } else {
            NUMBER_W
        };
        // The text columns share what is left; on a narrow screen 考核说明 folds into the
        // calculator and 考核内容 narrows (rows grow taller) rather than push 状态 out.
        let fold = ui.available_width() < FOLD_RULE_TEXT_BELOW;
        let text_columns = if fold { 1.0 } else { 2.0 };
        // What the table has: its width less the scroll bar and a gap after every column
        // (egui_extras' own arithmetic), so the rows end where the panel does and never reach
        // under the calculator.
        let spacing = ui.spacing().item_spacing.x;
        let room = ui.available_width() - ui.spacing().scroll.allocated_width() - 1.0;
        let text_w = ((room
            - CATEGORY_W
            - 2.0 * NUMBER_W
            - reviewed_w
            - STATE_W
            - (5.0 + text_columns) * spacing)
            / text_columns)
            .max(72.0);
        Columns {
            fold,
            text_w,
            reviewed_w,
        }
    }
}

/// Each row's height: its tallest wrapped text (the category's name on its first row).
fn row_heights(ui: &egui::Ui, rows: &[Row], columns: &Columns) -> Vec<f32> {
    let font = FontId::proportional(14.0);
    let h = |text: &str, w: f32| {
        ui.fonts_mut(|f| f.layout(text.to_string(), font.clone(), Color32::WHITE, w))
            .rect
            .height()
    };
    rows.iter()
        .enumerate()
        .map(|(i, (cat, item))| {
            let first = i == 0 || rows[i - 1].0.id != cat.id;
            let mut height = h(&item.content, columns.text_w);
            if !columns.fold {
                height = height.max(h(&item.rule_text, columns.text_w));
            }
            if first {
                height = height.max(h(&category_text(cat), CATEGORY_W - PAD));
            }
            height + 2.0 * PAD
        })
        .collect()
}

/// What drawing the rows found.
#[derive(Default)]
struct RowsSeen {
    clicked: Option<usize>,
    /// The selected row is wholly in view (so scrolling to it can stop).
    selected_in_view: bool,
}

/// One item's row: its cells under the row's node, the row named for a screen reader.
fn item_row(
    cx: &SheetCtx,
    row: &mut egui_extras::TableRow<'_, '_>,
    rows: &[Row],
    fold: bool,
    view: egui::Rect,
    seen: &mut RowsSeen,
) {
    let i = row.index();
    let Some(&(cat, item)) = rows.get(i) else {
        return;
    };
    // Paired by id, never by position: a row without a result is left empty.
    let Some(result) = cx.session.report().item(&item.id) else {
        return;
    };
    let first = i == 0 || rows[i - 1].0.id != cat.id;
    let selected = i == cx.view.selected;
    row.set_selected(selected);
    // A category's first row is ruled above.
    let boundary = |ui: &mut egui::Ui| {
        if first {
            let r = ui.max_rect();
            ui.painter().hline(
                r.x_range(),
                r.top() + 1.0,
                egui::Stroke::new(1.5, ui.visuals().strong_text_color()),
            );
        }
    };
    // The row's node is its first cell's Ui; the other cells' contents are placed under it,
    // so a screen reader finds each row's cells in the row.
    let mut row_node = None;
    let mut clip = None;
    row.col(|ui| {
        row_node = Some(ui.unique_id());
        clip = Some(ui.clip_rect());
        boundary(ui);
        if first {
            ui.add(
                egui::Label::new(RichText::new(category_text(cat)).strong())
                    .wrap()
                    .selectable(false),
            );
        }
    });
    let cell = |row: &mut egui_extras::TableRow<'_, '_>, add: &dyn Fn(&mut egui::Ui)| {
        row.col(|ui| {
            in_row(ui, row_node, |ui| {
                boundary(ui);
                add(ui);
            })
        });
    };
    cell(row, &|ui| {
        ui.add(egui::Label::new(&item.content).wrap().selectable(false));
    });
    if !fold {
        cell(row, &|ui| {
            ui.add(
                egui::Label::new(RichText::new(&item.rule_text).weak())
                    .wrap()
                    .selectable(false),
            );
        });
    }
    cell(row, &|ui| {
        ui.label(fmt_dec(item.points));
    });
    cell(row, &|ui| score_cell(ui, result));
    cell(row, &|ui| reviewed_cell(ui, result));
    let recheck = needs_recheck(cx, &item.id);
    cell(row, &|ui| {
        let (word, color) = row_state(result, cx.session.mode(), recheck);
        let tip: Vec<String> = result.problems.iter().map(|p| p.message.clone()).collect();
        let attached = crate::evidence::count(cx.session.sheet(), &item.id);
        state_cell(ui, word, color, &tip, attached);
    });
    let response = row.response();
    if selected
        && response.rect.is_finite()
        && clip.is_some_and(|c| {
            // Wholly in view, or its top is when it is taller than the view.
            let (row, view) = (response.rect.y_range(), c.y_range());
            row.min >= view.min - 0.5 && (row.max <= view.max + 0.5 || row.span() > view.span())
        })
    {
        seen.selected_in_view = true;
    }
    // One spoken line per row, with its context, and whether it is the selected one.
    let name = row_name(cat, item, result, cx.session.mode(), recheck);
    announce_row(&response, &name, selected, view);
    if response.clicked() {
        seen.clicked = Some(i);
    }
}

/// 自查得分: bold, italic when it is a manual score; — while there is none.
fn score_cell(ui: &mut egui::Ui, result: &crate::scoring::ItemResult) {
    match result.score {
        Some(s) => {
            let mut t = RichText::new(fmt_dec(s)).strong();
            if result.manual {
                t = t.italics();
            }
            ui.label(t);
        }
        None => {
            ui.label(RichText::new("—").weak());
        }
    }
}

/// 考核得分 in the office's blue, marked where it differs from the unit's score.
fn reviewed_cell(ui: &mut egui::Ui, result: &crate::scoring::ItemResult) {
    let Some(r) = result.reviewed else {
        return;
    };
    match crate::ui::review::difference_mark(result) {
        Some(mark) => {
            ui.label(RichText::new(fmt_dec(r)).strong().color(REVIEW_BLUE))
                .on_hover_text(format!("考核得分与自查得分不同（{mark}）"));
            ui.label(RichText::new(mark).size(12.5).color(WARNING_ORANGE));
        }
        None => {
            ui.label(RichText::new(fmt_dec(r)).color(REVIEW_BLUE));
        }
    }
}

/// The row as a screen reader meets it: a Row named in one line, selected or not, its
/// bounds the whole row's (its node is its first cell's) within the table's view.
fn announce_row(response: &egui::Response, name: &str, selected: bool, view: egui::Rect) {
    response.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Row, true, name));
    let r = response.rect.intersect(view);
    response.ctx.accesskit_node_builder(response.id, |node| {
        node.set_selected(selected);
        node.set_bounds(egui::accesskit::Rect {
            x0: r.min.x.into(),
            y0: r.min.y.into(),
            x1: r.max.x.into(),
            y1: r.max.y.into(),
        });
    });
}

/// What a screen reader says for a row: 办公室工作 第1项 及时报送信息… 标准分6 自查得分5.5 已填.
pub fn row_name(
    cat: &crate::ruleset::Category,
    item: &crate::ruleset::Item,
    result: &crate::scoring::ItemResult,
    mode: crate::ui::Mode,
    recheck: bool,
) -> String {
    let mut name = format!(
        "{} 标准分{} 自查得分{}",
        crate::ruleset::item_title(cat, item),
        fmt_dec(item.points),
        result
            .score
            .map(fmt_dec)
            .unwrap_or_else(|| "无".to_string())
    );
    if let Some(r) = result.reviewed {
        name.push_str(&format!(" 考核得分{}", fmt_dec(r)));
    }
    name.push(' ');
    name.push_str(row_state(result, mode, recheck).0);
    name
}

/// The category's name, and its points on a line of their own: at 80 pixels 「事业部（14分）」
/// broke inside the number's parenthesis (「事业部（14」 / 「分）」).
fn category_text(cat: &crate::ruleset::Category) -> String {
    format!("{}\n（{}分）", cat.name, fmt_dec(cat.points))
}

/// The unit changed this item in a resend and it has no 考核得分 yet.
fn needs_recheck(cx: &SheetCtx, item_id: &str) -> bool {
    let sheet = cx.session.sheet();
    sheet
        .review
        .as_ref()
        .is_some_and(|r| r.needs_recheck(sheet, item_id))
}

/// A cell's contents placed under its row's node (`row`: the row's first cell) for a screen
/// reader; where the row is not known, as they are.
fn in_row(ui: &mut egui::Ui, row: Option<egui::Id>, add: impl FnOnce(&mut egui::Ui)) {
    match row {
        Some(row) => {
            ui.scope_builder(egui::UiBuilder::new().accessibility_parent(row), add);
        }
        None => add(ui),
    }
}

/// The grid's column titles, each named as a column header for a screen reader (so every
/// cell is read with it); 考核说明 is left out when it folds into the calculator.
fn column_headers(header: &mut egui_extras::TableRow<'_, '_>, fold: bool) {
    // (title, whether it is the 考核说明 column that folds away)
    for (title, rule_text) in [
        ("考核项目", false),
        ("考核内容", false),
        ("考核说明", true),
        ("标准分", false),
        ("自查得分", false),
        ("考核得分", false),
        ("状态", false),
    ] {
        if fold && rule_text {
            continue;
        }
        header.col(|ui| {
            let r = ui.strong(title);
            ui.ctx().accesskit_node_builder(r.id, |node| {
                node.set_role(egui::accesskit::Role::ColumnHeader);
                node.set_label(title);
            });
        });
    }
}

/// A row's state cell: the state (its problems on hover), and under it 附N (how many
/// 佐证材料) — stacked, so the cell never grows past its column (a row wider than the grid
/// reached under the calculator and took its clicks); centred in the row like the others.
fn state_cell(
    ui: &mut egui::Ui,
    word: &str,
    color: egui::Color32,
    tip: &[String],
    attached: usize,
) {
    ui.vertical(|ui| {
        let lines = if attached > 0 { 2.0 } else { 1.0 };
        let line = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
        ui.add_space(((ui.available_height() - lines * line) / 2.0).max(0.0));
        let r = ui.label(RichText::new(word).color(color));
        if !tip.is_empty() {
            r.on_hover_text(tip.join("\n"));
        }
        if attached > 0 {
            ui.label(
                RichText::new(format!("附{attached}"))
                    .size(12.5)
                    .color(REVIEW_BLUE),
            )
            .on_hover_text(format!("有{attached}个佐证材料"));
        }
    });
}
