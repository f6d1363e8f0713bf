//! The selected item's 台账 beside its calculator: the entries in date order (日期, 事由, the
//! figures), 添加… and per entry 修改… / 删除 (Ctrl+Z takes it back), and the form of one entry
//! (a dialog: 日期, 事由, each field; Enter takes it, Esc leaves it). What the entries give the
//! rules is shown at the rules themselves (`calculator`), computed by the core.

use crate::document::Edit;
use crate::ledger::{FieldKind, Ledger};
use crate::ruleset::Item;
use crate::ui::ERROR_RED;
use crate::ui::commands::Command;
use crate::ui::dialog_kinds::EntryForm;
use crate::ui::sheet::SheetCtx;
use crate::ui::widgets::{self, field_id};
use egui::RichText;

/// The 台账 part of an item's calculator: each ledger the scheme keeps for it (none, usually
/// one).
pub fn item_section(cx: &mut SheetCtx, ui: &mut egui::Ui, item: &Item) {
    let ledgers: Vec<Ledger> = cx
        .session
        .ledgers_of_item(&item.id)
        .into_iter()
        .cloned()
        .collect();
    for ledger in &ledgers {
        ledger_section(cx, ui, ledger);
    }
}

/// One ledger: its entries in date order, 添加…, 从表格导入…, and per entry 修改…/删除/附件….
fn ledger_section(cx: &mut SheetCtx, ui: &mut egui::Ui, ledger: &Ledger) {
    let entries = cx
        .session
        .sheet()
        .ledgers
        .get(&ledger.id)
        .cloned()
        .unwrap_or_default();
    let editable = cx.session.mode() == crate::ui::Mode::Fill;
    if entries.is_empty() && !editable {
        return;
    }
    ui.separator();
    // Wrapped: never wider than the calculator (a wider line pushed the grid under it).
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("台账：{}（{}条）", ledger.entry, entries.len())).strong());
        if editable
            && ui
                .small_button(Command::ImportLedger(ledger.id.clone()).label())
                .on_hover_text(Command::ImportLedger(ledger.id.clone()).tooltip())
                .clicked()
        {
            cx.queue(Command::ImportLedger(ledger.id.clone()));
        }
        if editable
            && ui
                .button(format!("添加{}…", ledger.entry))
                .on_hover_text(format!(
                    "可以每开展一次就记一条{}，不必年底再数，相应的数字由台账计算；没有记录时按上面填写的数字计算",
                    ledger.entry
                ))
                .clicked()
        {
            cx.queue(Command::LedgerEntry {
                ledger: ledger.id.clone(),
                id: None,
            });
        }
    });
    if entries.is_empty() {
        return;
    }
    for e in &entries {
        // Two lines an entry: when and what; then its figures and what can be done with it
        // (one wrapped line broke the figures in the middle at 1024 pixels).
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(&e.date).monospace());
            ui.label(&e.title);
        });
        ui.horizontal_wrapped(|ui| {
            ui.add_space(6.0);
            let figures: Vec<String> = ledger
                .fields
                .iter()
                .filter_map(|f| {
                    let v = e.figures.get(&f.id)?;
                    // A ledger of one figure shows it bare (60人): its name is the ledger's
                    // own, and the line then fits 修改…/删除/附件… at 1024 pixels.
                    let label = if ledger.fields.len() == 1 {
                        ""
                    } else {
                        f.label.as_str()
                    };
                    Some(match &f.kind {
                        FieldKind::Count { unit } | FieldKind::Amount { unit } => {
                            format!("{label}{v}{unit}")
                        }
                        _ if label.is_empty() => v.clone(),
                        _ => format!("{label}：{v}"),
                    })
                })
                .collect();
            if !figures.is_empty() {
                ui.label(RichText::new(figures.join("，")).weak());
            }
            if editable {
                if ui
                    .small_button("修改…")
                    .on_hover_text(format!("修改这条{}", ledger.entry))
                    .clicked()
                {
                    cx.queue(Command::LedgerEntry {
                        ledger: ledger.id.clone(),
                        id: Some(e.id),
                    });
                }
                if ui
                    .small_button("删除")
                    .on_hover_text("删除这条记录（Ctrl+Z 可撤销）")
                    .clicked()
                {
                    cx.edit(Edit::RemoveLedgerEntry {
                        ledger: ledger.id.clone(),
                        id: e.id,
                    });
                }
                if ui
                    .small_button("附件…")
                    .on_hover_text("添加这条记录的佐证材料（照片、签到表等）")
                    .clicked()
                {
                    cx.queue(Command::AttachLedgerFile {
                        ledger: ledger.id.clone(),
                        id: e.id,
                    });
                }
            }
        });
        entry_files(cx, ui, &ledger.id, e, editable);
        strike_line(cx, ui, &ledger.id, e.id);
    }
}

/// In review mode: 不予认定… of an entry, or, when it is struck, why and 撤销不予认定.
fn strike_line(cx: &mut SheetCtx, ui: &mut egui::Ui, ledger: &str, id: u32) {
    if cx.session.mode() != crate::ui::Mode::Review {
        return;
    }
    let key = crate::sheet::ledger::strike_key(ledger, id);
    let why = cx
        .session
        .sheet()
        .review
        .as_ref()
        .and_then(|r| r.struck.get(&key).cloned());
    ui.horizontal_wrapped(|ui| {
        ui.add_space(6.0);
        match why {
            Some(why) => {
                ui.colored_label(ERROR_RED, format!("不予认定：{why}"));
                if ui.small_button("撤销不予认定").clicked() {
                    cx.edit(Edit::StrikeEntry {
                        ledger: ledger.to_string(),
                        id,
                        why: None,
                    });
                }
            }
            None => {
                if ui
                    .small_button("不予认定…")
                    .on_hover_text("这条记录不予认定：考核得分按其余记录重算，考核意见写明理由")
                    .clicked()
                {
                    cx.queue(Command::StrikeEntry {
                        ledger: ledger.to_string(),
                        id,
                    });
                }
            }
        }
    });
}

/// 不予认定 of an entry: why (required). `Some(true)`: 确定 (or Enter); `Some(false)`: 取消.
pub fn strike_ui(
    ui: &mut egui::Ui,
    what: &str,
    why: &mut String,
    error: &mut Option<String>,
) -> Option<bool> {
    widgets::dialog_heading(ui, "不予认定");
    widgets::dialog_text(ui, what);
    let id = field_id("strike-why");
    let r = widgets::labelled_text(ui, id, "理由", why, 400.0);
    if !r.has_focus() && !ui.ctx().memory(|m| m.focused().is_some()) {
        r.request_focus();
    }
    if let Some(e) = error.as_deref() {
        ui.colored_label(ERROR_RED, e);
    }
    let enter = r.has_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    let mut pressed = None;
    ui.horizontal(|ui| {
        if ui.button("确定").clicked() || enter {
            pressed = Some(true);
        }
        if ui.button("取消").clicked() {
            pressed = Some(false);
        }
    });
    if pressed == Some(true) && why.trim().is_empty() {
        *error = Some("请写明不予认定的理由（会写进考核意见）".into());
        return None;
    }
    pressed
}

/// An entry's 佐证材料: each opens in the system's program; 删除 takes it off (its file goes
/// at the next save, Ctrl+Z brings it back).
fn entry_files(
    cx: &mut SheetCtx,
    ui: &mut egui::Ui,
    ledger: &str,
    e: &crate::sheet::ledger::LedgerEntry,
    editable: bool,
) {
    if e.files.is_empty() {
        return;
    }
    let sheet = cx.session.path().map(std::path::Path::to_path_buf);
    ui.horizontal_wrapped(|ui| {
        ui.add_space(6.0);
        ui.label(RichText::new("佐证材料：").weak());
        for (i, f) in e.files.iter().enumerate() {
            let file = sheet
                .as_deref()
                .map(|s| crate::evidence::ledger_file(s, ledger, e.id, &f.stored));
            if ui.small_button(&f.title).on_hover_text("打开").clicked()
                && let Some(file) = file
            {
                cx.open_with_system(&file);
            }
            if editable
                && ui
                    .small_button("删除文件")
                    .on_hover_text(format!("删除佐证材料“{}”（Ctrl+Z 可撤销）", f.title))
                    .clicked()
            {
                cx.edit(Edit::RemoveLedgerFile {
                    ledger: ledger.to_string(),
                    id: e.id,
                    index: i,
                });
            }
        }
    });
}

/// The form of one entry. `Some(true)`: 确定 (or Enter in a field); `Some(false)`: 取消.
pub fn entry_form_ui(ui: &mut egui::Ui, ledger: &Ledger, form: &mut EntryForm) -> Option<bool> {
    widgets::dialog_heading(
        ui,
        match form.id {
            None => format!("添加{}", ledger.entry),
            Some(id) => format!("修改{}（第{id}号）", ledger.entry),
        },
    );
    let date_id = field_id(("ledger-date", &ledger.id));
    let date = widgets::labelled_text(ui, date_id, "日期", &mut form.draft.date, 160.0)
        .on_hover_text("如 2015-03-08 或 2015年3月8日");
    let title = widgets::labelled_text(
        ui,
        field_id(("ledger-title", &ledger.id)),
        "事由",
        &mut form.draft.title,
        400.0,
    );
    let mut in_a_field = date.has_focus() || title.has_focus();
    for f in &ledger.fields {
        let hint = match &f.kind {
            FieldKind::Count { unit } => format!("整数（{unit}）"),
            FieldKind::Amount { unit } => format!("数（{unit}）"),
            FieldKind::YesNo => "是 或 否".to_string(),
            FieldKind::Choice(options) => options.join(" / "),
            FieldKind::Text => String::new(),
        };
        let value = form.draft.figures.entry(f.id.clone()).or_default();
        let r = ui
            .horizontal(|ui| {
                let r = widgets::labelled_text(
                    ui,
                    field_id(("ledger-field", &ledger.id, &f.id)),
                    &f.label,
                    value,
                    120.0,
                );
                if !hint.is_empty() {
                    ui.label(RichText::new(&hint).weak());
                }
                r
            })
            .inner;
        in_a_field |= r.has_focus();
    }
    // The form opens with the keyboard in 日期 (its text selected: typing replaces it).
    let ctx = ui.ctx().clone();
    let layer = ui.layer_id();
    let focus_in_form = ctx
        .memory(|m| m.focused())
        .and_then(|id| ctx.read_response(id))
        .is_some_and(|r| r.layer_id == layer);
    if !focus_in_form {
        date.request_focus();
        widgets::select_all(&ctx, date_id, &form.draft.date);
    }
    if let Some(why) = &form.error {
        ui.colored_label(ERROR_RED, why);
    }
    let enter = in_a_field && ui.input(|i| i.key_pressed(egui::Key::Enter));
    let mut pressed = None;
    ui.horizontal(|ui| {
        let ok = ui.add(
            egui::Button::new("确定")
                .fill(ui.visuals().selection.bg_fill)
                .stroke(ui.visuals().selection.stroke),
        );
        if ok.clicked() || enter {
            pressed = Some(true);
        }
        if ui.button("取消").clicked() {
            pressed = Some(false);
        }
    });
    if pressed == Some(true) {
        // Empty figures are not figures: what was left blank is not stored.
        form.draft.figures.retain(|_, v| !v.trim().is_empty());
    }
    pressed
}
