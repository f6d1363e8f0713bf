//! The sheet's header in fill mode: 填报单位 (a picker that filters as you type), the unit's
//! own figures (乡镇数), 联系人, 电话, the year, and the totals. The keyboard path is
//! 填报单位 → 乡镇数 → 联系人 → 电话 → the selected item's first input.

use crate::document::Edit;
use crate::ruleset::fmt_dec;
use crate::ui::sheet::SheetCtx;
use crate::ui::widgets::{field_id, focus_and_reveal, labelled_text, whole};
use crate::ui::{ERROR_RED, Mode};
use egui::{Id, Key, RichText};
use rust_decimal::prelude::ToPrimitive;

/// Largest 乡镇数 accepted; anything above is a typing slip.
const MAX_FIGURE: u32 = 10_000;

/// The 填报单位 field's id: the window keeps the sheet's keys away while it has the keyboard.
pub fn unit_picker_id() -> Id {
    field_id("unit-picker")
}

/// The 电话 field's id: Tab from it goes to the selected item's first input.
fn phone_id() -> Id {
    field_id("phone")
}

pub fn show(cx: &mut SheetCtx, ui: &mut egui::Ui) {
    ui.add_space(4.0);
    if cx.session.mode() == Mode::Review {
        ui.vertical_centered(|ui| {
            ui.heading(&cx.session.ruleset().ruleset.title);
        });
        crate::ui::review::header(cx, ui);
        return;
    }
    // The title, and the total where the eye looks for it, on the title's line: the line of
    // category figures below then fits a 1024-pixel window.
    egui::Sides::new().show(
        ui,
        |ui| {
            ui.heading(&cx.session.ruleset().ruleset.title);
        },
        |ui| {
            total(cx, ui);
            // The deadline beside the total (the year is the title's): the line of inputs
            // below keeps to one line at 1024 pixels and 120 %.
            if let Some(text) = deadline_text(cx) {
                ui.separator();
                whole(ui, RichText::new(text));
            }
        },
    );
    crate::ui::review::unit_view_of_return(cx, ui);
    crate::ui::review::unit_view_of_review(cx, ui);
    if cx.session.sheet().unit.is_none() {
        ui.label(
            RichText::new("第一步：选择填报单位（在“填报单位”中输入单位名称或简称，或按↓列出全部单位，回车确认）")
                .strong()
                .color(crate::ui::WARNING_ORANGE),
        );
    }
    ui.horizontal_wrapped(|ui| {
        unit_picker(cx, ui);
        ui.separator();
        let figures: Vec<_> = cx.session.ruleset().ruleset.figures.clone();
        for (n, f) in figures.iter().enumerate() {
            let grab = n == 0 && std::mem::take(&mut cx.view.focus_first_figure);
            figure_input(cx, ui, &f.id, &f.label, grab);
        }
        ui.separator();
        let mut contact = cx.session.sheet().contact.clone();
        if labelled_text(ui, field_id("contact"), "联系人", &mut contact.name, 90.0).changed() {
            cx.edit(Edit::ContactName(contact.name.clone()));
        }
        let label_id = ui.label("电话").id;
        let phone = ui
            .add(
                crate::ui::widgets::one_line(&mut contact.phone)
                    .id(phone_id())
                    .desired_width(120.0),
            )
            .labelled_by(label_id);
        focus_and_reveal(&phone, false);
        if phone.changed() {
            cx.edit(Edit::ContactPhone(contact.phone.clone()));
        }
    });
    totals(cx, ui);
    ui.add_space(2.0);
}

/// Tab from 电话 goes on to the selected item's first input, wherever the panels put the
/// widgets in between. Called before anything is drawn, while the phone still has the
/// keyboard.
pub fn tab_from_phone(cx: &mut SheetCtx, ctx: &egui::Context) {
    if ctx.memory(|m| m.has_focus(phone_id()))
        && ctx.input(|i| {
            i.events.iter().any(|e| {
                matches!(e, egui::Event::Key { key: Key::Tab, pressed: true, modifiers, .. }
                    if modifiers.is_none())
            })
        })
    {
        cx.view.focus_calculator = true;
    }
}

fn totals(cx: &SheetCtx, ui: &mut egui::Ui) {
    ui.horizontal_wrapped(|ui| {
        // A little tighter than body text, so the seven figures keep to one line at 120 %.
        ui.spacing_mut().item_spacing.x = 5.0;
        ui.style_mut().override_font_id = Some(egui::FontId::proportional(13.0));
        for (n, c) in cx.session.report().categories.iter().enumerate() {
            if n > 0 {
                ui.separator();
            }
            let text = format!("{} {}/{}", c.name, fmt_dec(c.subtotal), fmt_dec(c.points));
            let mut rt = RichText::new(text);
            if c.unscored > 0 {
                rt = rt.weak();
            }
            whole(ui, rt).on_hover_text(format!("{}项未得分", c.unscored));
        }
    });
}

/// 合计 79.5 / 100（3项未得分）, right to left at the end of the title's line.
fn total(cx: &SheetCtx, ui: &mut egui::Ui) {
    let unscored: usize = cx
        .session
        .report()
        .categories
        .iter()
        .map(|c| c.unscored)
        .sum();
    if unscored > 0 {
        whole(ui, RichText::new(format!("（{unscored}项未得分）")).weak());
    }
    let rs = &cx.session.ruleset().ruleset;
    // A 加分项 counts beyond the 100: said, so 103 / 100 reads as meant.
    let bonus = if rs.bonus_points().is_zero() {
        String::new()
    } else {
        format!("（含加分{}分）", fmt_dec(cx.session.report().bonus(rs)))
    };
    whole(
        ui,
        RichText::new(format!(
            "合计 {} / {}{bonus}",
            fmt_dec(cx.session.report().total),
            fmt_dec(rs.total_points)
        ))
        .strong()
        .size(16.0),
    );
}

/// 填报单位: a text field that lists the matching units as you type (平, 平江, 经开区, ping),
/// ↑/↓ to choose, Enter or Tab to take one, Esc to close the list (↓ opens it again). Not
/// focused, it shows the chosen unit. For a screen reader the list is a list box whose
/// highlighted unit is the field's active descendant, so each ↓ says the unit it reached.
fn unit_picker(cx: &mut SheetCtx, ui: &mut egui::Ui) {
    let id = unit_picker_id();
    let ruleset = cx.session.shared_ruleset();
    let rs = &ruleset.ruleset;
    let current = cx
        .session
        .sheet()
        .unit_name(cx.session.ruleset())
        .map(str::to_string);
    let focused = ui.memory(|m| m.has_focus(id));
    if !focused {
        cx.view.unit_query = current.clone().unwrap_or_default();
        cx.view.unit_list_all = false;
        cx.view.unit_list.dismissed = None;
    }
    let was_open = focused && cx.view.unit_list.open;
    let mut keys = ListKeys::take(ui, focused, was_open);
    // ↓ in the field (list closed) opens the whole list, even after Esc closed it.
    if focused && !was_open && keys.down > 0 {
        cx.view.unit_list_all = true;
        cx.view.unit_list.dismissed = None;
        keys.down = 0;
    }
    let label_id = ui.label("填报单位").id;
    let untouched = current.as_deref() == Some(cx.view.unit_query.trim());
    let edit = egui::TextEdit::singleline(&mut cx.view.unit_query)
        .id(id)
        .hint_text("输入名称或简称，或按↓")
        .desired_width(190.0)
        // While the list is open Tab and Esc act on it, not on where the keyboard is.
        .event_filter(egui::EventFilter {
            horizontal_arrows: true,
            vertical_arrows: true,
            tab: was_open,
            escape: was_open,
        });
    let output = edit.show(ui);
    let response = output.response.response.labelled_by(label_id);
    let query = cx.view.unit_query.trim().to_string();
    let list = &mut cx.view.unit_list;
    if keys.dismiss {
        list.dismissed = Some(query.clone());
    }
    let units: Vec<&crate::ruleset::Unit> = if list.dismissed.as_deref() == Some(query.as_str()) {
        Vec::new()
    } else if untouched || query.is_empty() {
        if cx.view.unit_list_all {
            rs.units_matching("")
        } else {
            Vec::new()
        }
    } else {
        rs.units_matching(&query)
    };
    if list.query != query {
        list.highlighted = 0;
        list.query = query.clone();
    }
    if !units.is_empty() {
        let len = units.len();
        list.highlighted = (list.highlighted % len + keys.down % len + len - keys.up % len) % len;
    }
    let mut accepted = (keys.accept && !units.is_empty()).then_some(list.highlighted);
    let open = response.has_focus() && !units.is_empty() && accepted.is_none();
    let moved = keys.down + keys.up > 0;
    let highlighted = list.highlighted;
    let shown = UnitListShown {
        units: &units,
        ruleset: rs,
        highlighted,
        moved,
    };
    if let Some(clicked) = unit_list_popup(&response, open, &shown) {
        accepted = Some(clicked);
    }
    cx.view.unit_list.open = open;
    announce_unit_field(ui, &response, open, current.as_deref());
    if std::mem::take(&mut cx.view.focus_unit_picker) {
        response.request_focus();
    }
    if response.gained_focus() {
        // Typing replaces the shown name, as in a spreadsheet cell.
        crate::ui::widgets::select_all(ui.ctx(), id, &cx.view.unit_query);
    }
    if response.changed() {
        cx.view.unit_list_all = true;
    }
    if current.is_none() && !focused {
        // Not chosen yet: the field is outlined.
        ui.painter().rect_stroke(
            response.rect.expand(2.0),
            3.0,
            egui::Stroke::new(1.5, crate::ui::WARNING_ORANGE),
            egui::StrokeKind::Outside,
        );
    }
    let accepted_unit = accepted.and_then(|i| units.get(i)).map(|u| u.id.clone());
    take_unit(cx, ui, &response, focused, accepted_unit, keys.tab);
}

/// The units the list shows this frame.
struct UnitListShown<'a> {
    units: &'a [&'a crate::ruleset::Unit],
    ruleset: &'a crate::ruleset::Ruleset,
    highlighted: usize,
    /// ↑/↓ moved the highlight this frame: it is scrolled into view.
    moved: bool,
}

fn unit_list_id() -> egui::Id {
    unit_picker_id().with("units")
}

/// The list under the field: a list box of its units (名称，类别), the highlighted one the
/// field's active descendant. Returns the unit clicked.
fn unit_list_popup(response: &egui::Response, open: bool, shown: &UnitListShown) -> Option<usize> {
    let list_id = unit_list_id();
    let active_key = list_id.with("active");
    egui::Popup::from_response(response)
        .id(list_id)
        .kind(egui::PopupKind::Popup)
        .open(open)
        .width(response.rect.width())
        .show(|ui| {
            ui.ctx().accesskit_node_builder(ui.unique_id(), |node| {
                node.set_role(egui::accesskit::Role::ListBox);
                node.set_label("填报单位");
            });
            egui::ScrollArea::vertical()
                .max_height(320.0)
                .show(ui, |ui| {
                    let mut clicked = None;
                    for (i, unit) in shown.units.iter().enumerate() {
                        let class = shown
                            .ruleset
                            .class(&unit.class)
                            .map(|c| c.name.as_str())
                            .unwrap_or("");
                        let chosen = i == shown.highlighted;
                        let r = ui.add(
                            egui::Button::selectable(chosen, unit.name.as_str())
                                .min_size(egui::vec2(ui.available_width(), 0.0)),
                        );
                        ui.ctx().accesskit_node_builder(r.id, |node| {
                            node.set_role(egui::accesskit::Role::ListBoxOption);
                            node.set_label(format!("{}，{class}类", unit.name));
                            node.set_selected(chosen);
                        });
                        if chosen {
                            // The field points at it (its active descendant).
                            ui.ctx().data_mut(|d| d.insert_temp(active_key, r.id));
                            if shown.moved {
                                r.scroll_to_me(None);
                            }
                        }
                        if r.clicked() {
                            clicked = Some(i);
                        }
                    }
                    clicked
                })
                .inner
        })
        .and_then(|inner| inner.inner)
}

/// The field says it has a list, whether it is open, which unit is highlighted, and what it
/// holds.
fn announce_unit_field(
    ui: &egui::Ui,
    response: &egui::Response,
    open: bool,
    current: Option<&str>,
) {
    let active_key = unit_list_id().with("active");
    let active = ui.ctx().data(|d| d.get_temp::<egui::Id>(active_key));
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_has_popup(egui::accesskit::HasPopup::Listbox);
        node.set_expanded(open);
        match active {
            Some(a) if open => node.set_active_descendant(a.accesskit_id()),
            _ => node.clear_active_descendant(),
        }
    });
    crate::ui::widgets::describe_input(response, current.unwrap_or(""), "");
}

/// A unit taken (Enter, Tab or a click) becomes the sheet's; leaving the field without
/// choosing takes a query that names exactly one unit, else the field shows the chosen unit
/// again.
fn take_unit(
    cx: &mut SheetCtx,
    ui: &egui::Ui,
    response: &egui::Response,
    focused: bool,
    accepted: Option<String>,
    tab: bool,
) {
    let ruleset = cx.session.shared_ruleset();
    let rs = &ruleset.ruleset;
    if let Some(unit) = accepted.as_deref().and_then(|u| rs.unit(u)) {
        cx.view.unit_list_all = false;
        cx.view.unit_list.open = false;
        cx.view.unit_query = unit.name.clone();
        // The keyboard stays here with the name selected: typing again picks another unit.
        crate::ui::widgets::select_all(ui.ctx(), unit_picker_id(), &cx.view.unit_query);
        cx.edit(Edit::Unit(Some(unit.id.clone())));
        if tab {
            // Tab took the unit: go on to the next field, as Tab does.
            cx.view.focus_first_figure = true;
        }
    } else if focused && !response.has_focus() {
        let matches = rs.units_matching(&cx.view.unit_query);
        if let [one] = matches.as_slice()
            && rs.find_unit(&cx.view.unit_query).is_some()
        {
            cx.edit(Edit::Unit(Some(one.id.clone())));
        }
    }
}

/// The unit list's keys of one frame.
#[derive(Default)]
struct ListKeys {
    down: usize,
    up: usize,
    tab: bool,
    accept: bool,
    dismiss: bool,
}

impl ListKeys {
    /// The list's keys, taken before the field sees them: ↓ always (it opens the list), the
    /// others only while the list is open.
    fn take(ui: &mut egui::Ui, focused: bool, was_open: bool) -> ListKeys {
        let mut keys = ListKeys::default();
        if !focused {
            return keys;
        }
        ui.input_mut(|i| {
            let mut count = |key| {
                let mut n = 0usize;
                while i.consume_key(egui::Modifiers::NONE, key) {
                    n += 1;
                }
                n
            };
            keys.down = count(Key::ArrowDown);
            if was_open {
                keys.up = count(Key::ArrowUp);
                keys.tab = count(Key::Tab) > 0;
                keys.accept = count(Key::Enter) > 0 || keys.tab;
                keys.dismiss = count(Key::Escape) > 0;
            }
        });
        keys
    }
}

/// 乡镇数 and the like: a whole number from 0 to 10,000, stored as soon as it is one. The
/// text is read *after* the field has applied this frame's keystroke, so the sheet holds
/// what the field shows (typing 24 stores 24, not 2).
fn figure_input(cx: &mut SheetCtx, ui: &mut egui::Ui, id: &str, label: &str, grab: bool) {
    let key = format!("figure/{id}");
    let current = cx.session.sheet().figures.get(id).map(|v| v.to_string());
    let buffer = cx
        .view
        .buffers
        .entry(key)
        .or_insert_with(|| current.unwrap_or_default());
    let label_id = ui.label(label).id;
    let was_invalid = figure_value(buffer).is_err();
    let mut edit = crate::ui::widgets::one_line(buffer)
        .id(field_id(("figure", id)))
        .desired_width(50.0);
    if was_invalid {
        edit = edit.text_color(ERROR_RED);
    }
    let r = ui.add(edit).labelled_by(label_id);
    focus_and_reveal(&r, grab);
    let value = figure_value(buffer);
    let r = match &value {
        Err(_) => r.on_hover_text(format!("{label}：请输入0到{MAX_FIGURE}之间的整数，如 20")),
        Ok(_) => r,
    };
    crate::ui::widgets::describe_input(
        &r,
        buffer,
        if value.is_err() {
            "错误：请输入整数"
        } else {
            ""
        },
    );
    if r.changed() {
        ui.ctx().request_repaint();
        cx.edit(Edit::Figure {
            id: id.to_string(),
            value: value.ok().flatten(),
        });
    }
    if value.is_err() {
        ui.colored_label(ERROR_RED, "请输入整数");
    }
}

/// A typed figure: `Ok(None)` when empty, the whole number when valid.
fn figure_value(text: &str) -> Result<Option<u32>, ()> {
    match crate::input::parse_number(text) {
        Ok(None) => Ok(None),
        Ok(Some(d)) if d.fract().is_zero() && d <= rust_decimal::Decimal::from(MAX_FIGURE) => {
            d.to_u32().map(Some).ok_or(())
        }
        _ => Err(()),
    }
}

/// 截止 2016年1月12日（还有3天 / 今天截止 / 已过5天）, from the ruleset's deadline.
fn deadline_text(cx: &SheetCtx) -> Option<String> {
    let (y, m, d) = cx.session.ruleset().ruleset.deadline.as_ref()?.ymd()?;
    let due = chrono::NaiveDate::from_ymd_opt(y, m, d)?;
    let today = chrono::Local::now().date_naive();
    let days = (due - today).num_days();
    // Short, so the header stays one line on a 1024-wide screen.
    let when = match days {
        0 => "今天截止".to_string(),
        n if n > 0 => format!("还有{n}天"),
        _ => "已过".to_string(),
    };
    Some(format!("截止{y}年{m}月{d}日（{when}）"))
}
