//! What a screen reader is given, read from the AccessKit tree the window builds (the same
//! tree the AT-SPI and UI Automation adapters translate; `.ci/atspi-check.sh` walks the real
//! bus): descriptions that carry warnings and dialog messages, the 是/否 answer as checked
//! radio buttons, the unit list as a list box with an active descendant, cells inside their
//! rows, and the keyboard kept where the clerk was.

use crate::common::rs2015;
use crate::keyboard::{H, app, field, focus, key_char};
use egui::accesskit::{HasPopup, Role};
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT as _, Queryable as _};

fn description(h: &H, role: Role, label: &str) -> String {
    h.get_by_role_and_label(role, label)
        .accesskit_node()
        .data()
        .description()
        .unwrap_or_default()
        .to_string()
}

fn position(id: &str) -> usize {
    rs2015()
        .ruleset
        .items()
        .position(|(_, i)| i.id == id)
        .unwrap()
}

/// The label of the node something points at (an active descendant), if it is in the tree.
fn label_of(h: &H, id: egui::accesskit::NodeId) -> Option<String> {
    h.query_all(egui_kittest::kittest::by().role(Role::ListBoxOption))
        .find(|n| n.accesskit_node().locate().0 == id)
        .and_then(|n| n.accesskit_node().label())
}

#[test]
fn a_warning_is_said_with_its_input_and_with_the_button_that_confirms_it() {
    let mut h = app();
    h.state_mut().select(position("development.loans"));
    h.run();
    focus(&mut h, "妇女占贷款总人数的比例");
    let before = description(&h, Role::TextInput, "妇女占贷款总人数的比例");
    assert!(
        !before.contains("警告"),
        "nothing to warn of before typing: {before}"
    );
    for c in "0.27".chars() {
        key_char(&mut h, c);
    }
    let said = description(&h, Role::TextInput, "妇女占贷款总人数的比例");
    // What it holds first (Orca cannot read an entry's text through AccessKit), then the
    // warning and how to answer it.
    assert!(
        said.starts_with("当前为 0.27%。警告：")
            && said.contains("是否为27%")
            && said.contains("Ctrl+Enter"),
        "{said}"
    );
    let button = description(&h, Role::Button, "确认无误");
    assert!(button.contains("是否为27%"), "{button}");
    // Confirmed, the input says so instead.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();
    let said = description(&h, Role::TextInput, "妇女占贷款总人数的比例");
    assert!(said.contains("。已确认无误："), "{said}");
}

#[test]
fn a_yes_no_answer_is_its_checked_radio_button_and_its_description() {
    let mut h = app();
    h.state_mut().select(position("office.statistics"));
    h.state_mut().sheet_view.focus_calculator = true;
    h.run();
    h.run();
    let q = "及时完成妇联系统统计工作";
    let checked = |h: &H| -> Vec<(String, bool)> {
        let group = h.get_by_role_and_label(Role::RadioGroup, q);
        let radios: Vec<_> = group
            .query_all(egui_kittest::kittest::by().role(Role::RadioButton))
            .map(|n| {
                let node = n.accesskit_node();
                (
                    node.label().unwrap_or_default(),
                    node.data().toggled() == Some(egui::accesskit::Toggled::True),
                )
            })
            .collect();
        radios
    };
    assert_eq!(
        checked(&h),
        vec![(format!("{q}：是"), false), (format!("{q}：否"), false)],
        "the halves are the group's children"
    );
    assert_eq!(description(&h, Role::RadioGroup, q), "回答：未填");
    h.key_press(Key::Y);
    h.run();
    assert!(checked(&h)[0].1);
    assert_eq!(description(&h, Role::RadioGroup, q), "回答：是");
    h.key_press(Key::N);
    h.run();
    assert_eq!(
        checked(&h),
        vec![(format!("{q}：是"), false), (format!("{q}：否"), true)]
    );
    assert_eq!(description(&h, Role::RadioGroup, q), "回答：否");
}

#[test]
fn the_unit_list_is_a_list_box_whose_highlighted_unit_the_field_points_at() {
    let mut h = app();
    h.run();
    let input = |h: &H| {
        let n = h.get_by_role_and_label(Role::TextInput, "填报单位");
        let data = n.accesskit_node();
        (
            data.data().has_popup(),
            data.data().is_expanded(),
            data.data().active_descendant(),
        )
    };
    let (popup, expanded, _) = input(&h);
    assert_eq!(popup, Some(HasPopup::Listbox));
    assert_eq!(expanded, Some(false));
    let units: Vec<String> = rs2015()
        .ruleset
        .units
        .iter()
        .map(|u| u.name.clone())
        .collect();
    h.key_press(Key::ArrowDown);
    h.run();
    h.get_by_role_and_label(Role::ListBox, "填报单位");
    let (_, expanded, active) = input(&h);
    assert_eq!(expanded, Some(true));
    let first = label_of(&h, active.expect("an active descendant")).unwrap();
    assert!(first.starts_with(&units[0]), "{first}");
    h.key_press(Key::ArrowDown);
    h.run();
    let second = label_of(&h, input(&h).2.unwrap()).unwrap();
    assert!(second.starts_with(&units[1]), "{second}");
    // Esc closes the list and keeps the keyboard; ↓ opens it again.
    h.key_press(Key::Escape);
    h.run();
    h.run();
    assert_eq!(input(&h).1, Some(false));
    assert!(
        h.get_by_role_and_label(Role::TextInput, "填报单位")
            .is_focused()
    );
    h.key_press(Key::ArrowDown);
    h.run();
    assert_eq!(input(&h).1, Some(true), "↓ after Esc opens the list again");
    // Opened again on the unit it was on: Enter takes that one.
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(
        h.state().session.sheet().unit.as_deref(),
        Some(rs2015().ruleset.units[1].id.as_str())
    );
}

#[test]
fn every_row_of_the_grid_holds_its_own_cells() {
    let mut h = app();
    h.run();
    let rows: Vec<_> = h
        .query_all(egui_kittest::kittest::by().role(Role::Row))
        .filter(|r| {
            r.accesskit_node()
                .label()
                .is_some_and(|l| l.contains("标准分"))
        })
        .collect();
    assert_eq!(rows.len(), 44);
    for row in rows {
        let texts: Vec<String> = row
            .query_all(egui_kittest::kittest::by().role(Role::Label))
            .filter_map(|n| n.accesskit_node().value())
            .collect();
        // 考核内容, 标准分 and the state at least; the 标准分 is a number.
        assert!(
            texts.len() >= 3,
            "{:?}: {texts:?}",
            row.accesskit_node().label()
        );
        assert!(
            texts.iter().any(|t| t.parse::<f64>().is_ok()),
            "{:?}: {texts:?}",
            row.accesskit_node().label()
        );
    }
}

#[test]
fn the_keyboard_stays_where_the_clerk_was_after_esc_a_dialog_or_the_help() {
    let mut h = app();
    h.state_mut().select(position("office.info"));
    h.run();
    focus(&mut h, "市妇联采用信息");
    key_char(&mut h, '7');
    // Esc in an input: it keeps the keyboard.
    h.key_press(Key::Escape);
    h.run();
    h.run();
    assert!(
        field(&h, "市妇联采用信息").is_focused(),
        "Esc dropped the keyboard"
    );
    // A dialog, said with its message, closed with Esc: back to the field.
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    h.run();
    let said = description(&h, Role::Dialog, "保存修改？");
    assert!(said.contains("有未保存的修改"), "{said}");
    h.key_press(Key::Escape);
    h.run();
    h.run();
    assert!(h.state().dialog.is_none());
    assert!(
        field(&h, "市妇联采用信息").is_focused(),
        "the dialog kept the keyboard"
    );
    // F1: the help takes the keyboard; keys typed there never reach the sheet.
    let selected = h.state().sheet_view.selected;
    let before = h.state().session.sheet().clone();
    h.key_press(Key::F1);
    h.run();
    h.run();
    assert!(
        h.get_by_label("使用说明").is_focused(),
        "F1 left the keyboard in the sheet"
    );
    h.key_press(Key::Y);
    h.key_press(Key::ArrowDown);
    h.run();
    assert_eq!(
        h.state().sheet_view.selected,
        selected,
        "↓ moved the item under the help"
    );
    h.run();
    assert!(
        h.get_by_label("使用说明").is_focused(),
        "↓ took the keyboard out of the help"
    );
    assert_eq!(
        h.state().session.sheet(),
        &before,
        "a key under the help changed the sheet"
    );
    h.key_press(Key::Escape);
    h.run();
    h.run();
    assert!(h.state().help.is_none());
    assert!(
        field(&h, "市妇联采用信息").is_focused(),
        "closing the help lost the keyboard"
    );
    // Ctrl+E: the problems list takes it too.
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    h.run();
    assert!(h.state().problems_open);
    h.key_press(Key::ArrowDown);
    h.run();
    assert_eq!(h.state().sheet_view.selected, selected);
    h.key_press(Key::Escape);
    h.run();
    h.run();
    assert!(field(&h, "市妇联采用信息").is_focused());
}
