//! Small input widgets shared by the calculator, the header and review mode: a score field,
//! a one-stop 是/否 answer, a labelled text field, and the rule for who takes the keyboard.
//! They know nothing of the sheet; callers store what they return.

use crate::ruleset::fmt_dec;
use crate::ui::ERROR_RED;
use egui::{Color32, EventFilter, Id, Key, Modifiers, Response, RichText, Sense, Stroke, Ui};

/// The longest note or reason typed in the window: 20,000 characters stay under the 64 KB a
/// sheet file may hold per text (a Chinese character is 3 bytes).
pub const MAX_NOTE_CHARS: usize = 20_000;

/// The id of an input, from what it is for (item, rule…), never from where it happens to be
/// drawn: a message appearing above a field must not change its id, or the field would
/// lose the keyboard in the middle of typing.
pub fn field_id(what: impl std::hash::Hash + std::fmt::Debug) -> Id {
    Id::unique(("kaoping-field", what))
}

/// A score typed by a person (manual self score, 考核得分): red with its message when
/// invalid, the allowed range as its tooltip otherwise, then 分. `name` gives it its name.
/// `error_of` is asked about the text *after* this frame's keystrokes were applied.
pub fn score_input(
    ui: &mut Ui,
    id: Id,
    text: &mut String,
    error_of: impl Fn(&str) -> Option<String>,
    points: rust_decimal::Decimal,
    grab: bool,
    name: impl FnOnce(Response) -> Response,
) -> Response {
    // The colour is decided by last frame's text; a change repaints at once (see below).
    let was_invalid = error_of(text).is_some();
    let mut edit = one_line(text).id(id).desired_width(70.0);
    if was_invalid {
        edit = edit.text_color(ERROR_RED);
    }
    let r = name(ui.add(edit));
    if r.changed() {
        ui.ctx().request_repaint();
    }
    focus_and_reveal(&r, grab);
    let r = match error_of(text) {
        Some(m) => r.on_hover_text(m),
        None => r.on_hover_text(format!("0到{}分，最多两位小数", fmt_dec(points))),
    };
    ui.label("分");
    r
}

/// Takes the keyboard when asked, and keeps a focused input in view: on a 1024×700 screen
/// the calculator scrolls so the field being typed in is never below the fold.
pub fn focus_and_reveal(r: &Response, grab: bool) {
    if grab {
        r.request_focus();
        r.scroll_to_me(None);
    }
    if r.gained_focus() {
        r.scroll_to_me(None);
    }
}

/// A one-line field of the sheet or a dialog. Enter confirms what is typed and keeps the
/// keyboard here, so the next Tab goes to the next field of the form (egui's own one-line
/// field lets go of the keyboard at Enter, and Tab then went to the menu bar). A dialog that
/// acts on Enter asks `has_focus` and the key itself.
pub fn one_line(text: &mut String) -> egui::TextEdit<'_> {
    egui::TextEdit::singleline(text).return_key(None)
}

/// What a screen reader is told of a text input besides its name: what it holds (Orca 43
/// reads an entry's text with `GetTextAtOffset`, which AccessKit's AT-SPI adapter does not
/// answer, so a filled entry was read as empty) and then `rest` (its warning, or how to fill
/// it). Set after the input's tooltip, which would otherwise be its description.
pub fn describe_input(r: &Response, holds: &str, rest: &str) {
    let holds = holds.trim();
    let said = match (holds.is_empty(), rest.is_empty()) {
        (true, _) => rest.to_string(),
        (false, true) => format!("当前为 {holds}"),
        (false, false) => format!("当前为 {holds}。{rest}"),
    };
    r.ctx.accesskit_node_builder(r.id, |node| {
        if said.is_empty() {
            node.clear_description();
        } else {
            node.set_description(said);
        }
    });
}

/// A one-line text field after its label, named by the label (screen readers, tests).
/// Returns the field's response.
pub fn labelled_text(ui: &mut Ui, id: Id, label: &str, text: &mut String, width: f32) -> Response {
    let label_id = ui.label(label).id;
    let r = ui
        .add(one_line(text).id(id).desired_width(width))
        .labelled_by(label_id);
    focus_and_reveal(&r, false);
    describe_input(&r, text, "");
    r
}

/// A 是/否 question as one Tab stop. With the keyboard: Y or ← answers 是, N or → answers 否,
/// Space goes 是 → 否 → 是, Delete or Backspace clears it. Enter changes nothing (it used to
/// answer 是 by accident). Each half can be clicked; each is also a radio button for screen
/// readers, named “{name}：是” / “{name}：否”.
///
/// Returns the control's response and the new answer, if it changed (`Some(None)`: cleared).
pub fn yes_no(
    ui: &mut Ui,
    id: Id,
    name: &str,
    current: Option<bool>,
    enabled: bool,
    grab: bool,
) -> (Response, Option<Option<bool>>) {
    let mut answer: Option<Option<bool>> = None;
    if enabled && ui.memory(|m| m.has_focus(id)) {
        // ←/→ answer the question instead of moving the keyboard to another widget.
        ui.memory_mut(|m| {
            m.set_focus_lock_filter(
                id,
                EventFilter {
                    horizontal_arrows: true,
                    ..Default::default()
                },
            )
        });
        ui.input_mut(|i| {
            let mut take = |key| i.consume_key(Modifiers::NONE, key);
            if take(Key::Y) || take(Key::ArrowLeft) {
                answer = Some(Some(true));
            }
            if take(Key::N) || take(Key::ArrowRight) {
                answer = Some(Some(false));
            }
            if take(Key::Space) {
                answer = Some(Some(current != Some(true)));
            }
            if take(Key::Delete) || take(Key::Backspace) {
                answer = Some(None);
            }
            // Swallowed so it does not count as a click on the control.
            take(Key::Enter);
        });
    }

    let font = egui::TextStyle::Button.resolve(ui.style());
    let half = egui::vec2(font.size * 2.6, font.size + 10.0);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(half.x * 2.0, half.y), Sense::hover());
    let sense = if enabled {
        Sense::focusable_noninteractive()
    } else {
        Sense::hover()
    };
    let response = ui.interact(rect, id, sense);
    let value = match current {
        Some(true) => "是",
        Some(false) => "否",
        None => "未填",
    };
    response.widget_info(|| {
        let mut info = egui::WidgetInfo::labeled(egui::accesskit::Role::RadioGroup, enabled, name);
        info.current_text_value = Some(value.to_string());
        info
    });
    // A screen reader speaks a group's name and description on focus, not its value: the
    // answer goes into both what it says of the control and its description (AT-SPI
    // readers speak the description; the checked radio button below is the same answer as a
    // state). No live region: the change is the focused control's own.
    // The checked half is the group's active descendant, as in an ARIA radio group: a reader
    // on the group then hears the answer as it changes («…：是 radio button checked»; Orca
    // speaks neither a description's change nor a child's checked state).
    let answered = current.map(|yes| id.with(if yes { "是" } else { "否" }));
    ui.ctx().accesskit_node_builder(id, |node| {
        node.set_state_description(format!("回答：{value}"));
        node.set_description(format!("回答：{value}"));
        match answered {
            Some(half) => node.set_active_descendant(half.accesskit_id()),
            None => node.clear_active_descendant(),
        }
    });
    if enabled {
        focus_and_reveal(&response, grab);
    }
    // The halves are the group's children in the accessibility tree (a child Ui whose
    // parent is the group; `new_child` takes no room of its own in the row).
    let mut halves = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(rect)
            .accessibility_parent(id),
    );
    let ui = &mut halves;

    let visuals = ui.visuals().clone();
    let focused = response.has_focus();
    for (i, (word, this)) in [("是", true), ("否", false)].into_iter().enumerate() {
        let r = egui::Rect::from_min_size(rect.min + egui::vec2(half.x * i as f32, 0.0), half);
        // The halves take clicks but not the keyboard: the control is one Tab stop.
        let part = ui.interact(
            r,
            id.with(word),
            if enabled {
                Sense::CLICK
            } else {
                Sense::hover()
            },
        );
        let chosen = current == Some(this);
        part.widget_info(|| {
            egui::WidgetInfo::selected(
                egui::accesskit::Role::RadioButton,
                enabled,
                chosen,
                format!("{name}：{word}"),
            )
        });
        if part.clicked() {
            answer = Some(Some(this));
            ui.memory_mut(|m| m.request_focus(id));
        }
        let (fill, text_color) = if chosen {
            (visuals.selection.bg_fill, visuals.selection.stroke.color)
        } else if part.hovered() && enabled {
            (visuals.widgets.hovered.weak_bg_fill, visuals.text_color())
        } else {
            (visuals.extreme_bg_color, visuals.text_color())
        };
        let text_color = if enabled {
            text_color
        } else {
            text_color.gamma_multiply(0.6)
        };
        ui.painter().rect_filled(r.shrink(1.0), 3.0, fill);
        ui.painter().text(
            r.center(),
            egui::Align2::CENTER_CENTER,
            word,
            font.clone(),
            text_color,
        );
    }
    let stroke = if focused {
        Stroke::new(
            2.0,
            visuals
                .selection
                .stroke
                .color
                .lerp_to_gamma(Color32::BLUE, 0.5),
        )
    } else {
        visuals.widgets.inactive.bg_stroke
    };
    ui.painter()
        .rect_stroke(rect, 3.0, stroke, egui::StrokeKind::Inside);
    if enabled {
        response
            .clone()
            .on_hover_text("是：Y 或 ←　否：N 或 →　空格切换　Delete 清除");
    }
    if answer == Some(current) {
        answer = None;
    }
    (response, answer)
}

/// A dialog's heading; the dialog is named after it for a screen reader (Role::Dialog), so
/// the reader says which question it is as the default button takes the keyboard.
pub fn dialog_heading(ui: &mut Ui, text: impl Into<RichText>) -> Response {
    let text = text.into();
    let name = text.text().to_string();
    let r = ui.heading(text);
    // The text is the dialog's name; the heading itself is a heading of it (its text stays
    // its value), so the name is said once.
    ui.ctx().accesskit_node_builder(r.id, |node| {
        node.set_role(egui::accesskit::Role::Heading);
    });
    // The modal's own node is the dialog (egui makes it one): named here, so a reader
    // meets one named dialog, not a named one inside an unnamed one.
    let dialog = dialog_node(ui);
    ui.ctx().accesskit_node_builder(dialog, |node| {
        node.set_role(egui::accesskit::Role::Dialog);
        node.set_label(name);
    });
    r
}

/// The node a dialog's text belongs to: the enclosing modal's (or popup's), else this Ui's.
fn dialog_node(ui: &Ui) -> Id {
    ui.stack()
        .iter()
        .find(|s| matches!(s.kind(), Some(egui::UiKind::Modal)))
        .map_or(ui.unique_id(), |s| s.unique_id)
}

/// A line of a dialog's message: shown, and added to the dialog's description, which a
/// screen reader says with its name («…有未保存的修改。» was never read).
pub fn dialog_text(ui: &mut Ui, text: impl Into<String>) -> Response {
    let text = text.into();
    let r = ui.add(egui::Label::new(text.as_str()).wrap());
    dialog_says(ui, text);
    r
}

/// Adds a line to what a screen reader says of the dialog (for text drawn in a colour or
/// style of its own).
pub fn dialog_says(ui: &Ui, text: impl Into<String>) {
    let text = text.into();
    let dialog = dialog_node(ui);
    ui.ctx().accesskit_node_builder(dialog, |node| {
        let said = match node.description() {
            Some(before) if !before.is_empty() => format!("{before}\n{text}"),
            _ => text,
        };
        node.set_description(said);
    });
}

/// Makes a text announce its changes to a screen reader (an ARIA live region): the item
/// heading after ↓, the self score after a keystroke, the status bar after a save.
pub fn announce_changes(r: &Response) {
    r.ctx.accesskit_node_builder(r.id, |node| {
        node.set_live(egui::accesskit::Live::Polite);
    });
}

/// A line of small explanatory text that is still legible: never below 12 px at 100 %.
pub fn note_text(text: impl Into<String>, color: Color32) -> RichText {
    RichText::new(text).size(13.0).color(color)
}

/// Whether this input takes the keyboard: the first one drawn after a row was chosen by
/// keyboard (`wanted`), but not in the frame of the arrow key itself (egui would move the
/// focus on from it).
pub fn grab_focus(wanted: &mut bool, ui: &Ui) -> bool {
    if !*wanted {
        return false;
    }
    let arrow = ui.input(|i| i.key_pressed(Key::ArrowDown) || i.key_pressed(Key::ArrowUp));
    if arrow {
        ui.ctx().request_repaint();
        return false;
    }
    *wanted = false;
    true
}

/// A dialog's row of buttons, the first being the default, as in any office program: drawn
/// as the default, and holding the keyboard whenever nothing in the dialog does (so Enter
/// presses it at once, and a screen reader starts there). Returns the index pressed.
pub fn dialog_buttons(ui: &mut Ui, labels: &[&str]) -> Option<usize> {
    let ctx = ui.ctx().clone();
    let layer = ui.layer_id();
    let focus_in_dialog = ctx
        .memory(|m| m.focused())
        .and_then(|id| ctx.read_response(id))
        .is_some_and(|r| r.layer_id == layer);
    let mut pressed = None;
    ui.horizontal(|ui| {
        for (i, label) in labels.iter().enumerate() {
            let mut button = egui::Button::new(*label);
            if i == 0 {
                button = button
                    .fill(ui.visuals().selection.bg_fill)
                    .stroke(ui.visuals().selection.stroke);
            }
            let r = ui.add(button);
            if i == 0 && !focus_in_dialog {
                r.request_focus();
            }
            if r.clicked() {
                pressed = Some(i);
            }
        }
    });
    pressed
}

/// A figure of the header, never broken across lines: when the line is full the whole
/// figure goes to the next one (「合计 / 2 / 100」 once broke into three).
pub fn whole(ui: &mut Ui, text: RichText) -> Response {
    ui.add(egui::Label::new(text).extend())
}

/// Selects the whole text of the field `id`, so the next key typed replaces it (as in a
/// spreadsheet cell).
pub fn select_all(ctx: &egui::Context, id: Id, text: &str) {
    let mut state = egui::text_edit::TextEditState::load(ctx, id).unwrap_or_default();
    state
        .cursor
        .set_char_range(Some(egui::text::CCursorRange::two(
            egui::text::CCursor::new(0),
            egui::text::CCursor::new(text.chars().count()),
        )));
    state.store(ctx, id);
}
