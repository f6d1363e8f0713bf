//! The window typed at as a person types: one key or character per event with the frame run
//! between them, and after every one the sheet must hold what the field shows. Also the
//! keyboard path (unit picker → 乡镇数 → 联系人 → 电话 → the first input), keys kept away
//! from the sheet while a list or menu is open, office screen sizes, legibility, the status
//! bar, partial review totals and what a screen reader is told.

use crate::common::*;
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use kaoping::input::parse_number;
use kaoping::scoring::Fact;
use kaoping::ui::{KaopingApp, Mode, View};
use rust_decimal::Decimal;

pub(crate) type H = Harness<'static, KaopingApp>;

pub(crate) fn harness_sized(app: KaopingApp, w: f32, h: f32) -> H {
    Harness::builder()
        .with_size([w, h])
        // Scrolling a row into view is animated over a few frames.
        .with_max_steps(30)
        .with_context_setup(kaoping::ui::setup_context)
        .build_ui_state(|ui, app: &mut KaopingApp| app.show(ui), app)
}

pub(crate) fn app() -> H {
    harness_sized(KaopingApp::new(None), 1366.0, 768.0)
}

/// The position of the item that has a rule with this label (ruleset order).
fn item_with_rule(label: &str) -> usize {
    rs2015()
        .ruleset
        .items()
        .position(|(_, i)| i.all_rules().any(|r| r.label == label))
        .expect("rule label")
}

/// The text field (one line or several) named `label`.
pub(crate) fn field<'h>(h: &'h H, label: &'h str) -> egui_kittest::Node<'h> {
    h.get(
        egui_kittest::kittest::by()
            .label(label)
            .predicate(|n| matches!(n.role(), Role::TextInput | Role::MultilineTextInput)),
    )
}

/// Selects the item that has a rule with this label; returns the item's id.
fn select_item_with_rule(h: &mut H, label: &str) -> String {
    let i = item_with_rule(label);
    h.state_mut().select(i);
    h.run();
    h.state().session.report().items[i].item_id.clone()
}

/// What the text field named `label` shows.
pub(crate) fn shown(h: &H, label: &str) -> String {
    field(h, label).value().unwrap_or_default()
}

/// A person's keystroke: the key goes down and up, and a printable character also arrives
/// as text, in one frame; then the frame is run.
pub(crate) fn key_char(h: &mut H, c: char) {
    h.event(Event::Text(c.to_string()));
    h.run();
}

/// Types `text` into the focused field one character at a time; after each character
/// `holds` must agree with what the field named `label` shows.
#[track_caller]
fn type_checked(h: &mut H, label: &str, text: &str, holds: &dyn Fn(&KaopingApp, &str) -> bool) {
    for c in text.chars() {
        key_char(h, c);
        let field = shown(h, label);
        assert!(
            holds(h.state(), &field),
            "after typing {c:?} into {label} the field shows {field:?} but the sheet does not hold it"
        );
    }
}

/// Backspace and a paste (Ctrl+A, then pasted text), checked the same way.
#[track_caller]
fn edit_checked(h: &mut H, label: &str, paste: &str, holds: &dyn Fn(&KaopingApp, &str) -> bool) {
    h.key_press(Key::Backspace);
    h.run();
    let field = shown(h, label);
    assert!(
        holds(h.state(), &field),
        "after Backspace {label} shows {field:?}"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.event(Event::Paste(paste.into()));
    h.run();
    let field = shown(h, label);
    assert_eq!(field, paste);
    assert!(
        holds(h.state(), &field),
        "after pasting {label} shows {field:?}"
    );
}

pub(crate) fn focus(h: &mut H, label: &str) {
    field(h, label).focus();
    h.run();
}

/// The number a field shows, as the sheet should hold it (None when empty or not a number).
fn number_of(field: &str) -> Option<Decimal> {
    parse_number(field).ok().flatten()
}

fn fact_number(app: &KaopingApp, item: &str, rule: &str) -> Option<Decimal> {
    match app.session.sheet().items.get(item)?.facts.get(rule)? {
        Fact::Number(d) => Some(*d),
        Fact::Text(t) => number_of(t),
        Fact::Flag(_) => None,
    }
}

/// Whether the unit list under 填报单位 offers this unit (an option of its list box).
fn listed(h: &H, unit: &str) -> bool {
    h.query_all(
        egui_kittest::kittest::by()
            .role(Role::ListBoxOption)
            .predicate(move |n| n.label().is_some_and(|l| l.starts_with(unit))),
    )
    .next()
    .is_some()
}

/// 平江县's filled sheet (seed 4), opened in review mode at 1366×768.
fn reviewing_pingjiang() -> (tempfile::TempDir, H) {
    let dir = tempfile::tempdir().unwrap();
    let path = write_unit_sheets(dir.path(), &[("pingjiang", 4)]).remove(0);
    let mut a = KaopingApp::new(None);
    a.set_mode(Mode::Review);
    assert!(a.open_path(&path));
    let mut h = harness_sized(a, 1366.0, 768.0);
    h.run();
    (dir, h)
}

fn choose_unit(h: &mut H, typed: &str) {
    focus(h, "填报单位");
    for c in typed.chars() {
        key_char(h, c);
    }
    h.key_press(Key::Enter);
    h.run();
}

#[test]
fn every_fill_input_holds_what_it_shows_after_each_keystroke() {
    let mut h = app();
    choose_unit(&mut h, "平江");
    assert_eq!(h.state().session.sheet().unit.as_deref(), Some("pingjiang"));

    // 乡镇数: 24 must be 24 (it was stored one keystroke behind, as 2).
    focus(&mut h, "乡镇数");
    let townships = |a: &KaopingApp, f: &str| {
        a.session
            .sheet()
            .figures
            .get("townships")
            .map(|v| Decimal::from(*v))
            == number_of(f)
    };
    type_checked(&mut h, "乡镇数", "24", &townships);
    assert_eq!(
        h.state().session.sheet().figures.get("townships"),
        Some(&24)
    );
    edit_checked(&mut h, "乡镇数", "30", &townships);
    assert_eq!(
        h.state().session.sheet().figures.get("townships"),
        Some(&30)
    );

    focus(&mut h, "联系人");
    let contact = |a: &KaopingApp, f: &str| a.session.sheet().contact.name == f;
    type_checked(&mut h, "联系人", "李四", &contact);
    edit_checked(&mut h, "联系人", "王五", &contact);
    focus(&mut h, "电话");
    let phone = |a: &KaopingApp, f: &str| a.session.sheet().contact.phone == f;
    type_checked(&mut h, "电话", "0730-1234", &phone);
    edit_checked(&mut h, "电话", "13800000000", &phone);

    // A count, with a unit typed after it.
    focus(&mut h, "市妇联采用信息");
    let city = |a: &KaopingApp, f: &str| fact_number(a, "office.info", "city") == number_of(f);
    type_checked(&mut h, "市妇联采用信息", "72条", &city);
    edit_checked(&mut h, "市妇联采用信息", "８０", &city);

    // A percentage.
    let item_id = select_item_with_rule(&mut h, "年度检查任务完成率");
    focus(&mut h, "年度检查任务完成率");
    let rate = |a: &KaopingApp, f: &str| fact_number(a, &item_id, "rate") == number_of(f);
    type_checked(&mut h, "年度检查任务完成率", "87.5%", &rate);
    edit_checked(&mut h, "年度检查任务完成率", "95", &rate);

    // A judgement score inside a part.
    let item_id = select_item_with_rule(&mut h, "法律宣传活动评定得分");
    focus(&mut h, "法律宣传活动评定得分");
    let judged = |a: &KaopingApp, f: &str| fact_number(a, &item_id, "judged") == number_of(f);
    type_checked(&mut h, "法律宣传活动评定得分", "0.75", &judged);
    edit_checked(&mut h, "法律宣传活动评定得分", "1", &judged);

    // The note.
    focus(&mut h, "自评说明");
    let note = |a: &KaopingApp, f: &str| a.session.sheet().items[&item_id].note == f;
    type_checked(&mut h, "自评说明", "讲座5场", &note);
    edit_checked(&mut h, "自评说明", "讲座六场", &note);

    // A manual score and its reason (on a judgement item, where they are required).
    h.state_mut().select(6); // 做好计划生育工作、保密、档案等内部管理工作
    h.run();
    focus(&mut h, "手动自查得分");
    let manual = |a: &KaopingApp, f: &str| {
        a.session
            .sheet()
            .items
            .get("office.internal")
            .and_then(|e| e.manual.as_ref())
            .map(|m| m.score)
            == number_of(f)
    };
    type_checked(&mut h, "手动自查得分", "0.8分", &manual);
    edit_checked(&mut h, "手动自查得分", "0.5", &manual);
    focus(&mut h, "手动评分理由");
    let reason = |a: &KaopingApp, f: &str| {
        a.session.sheet().items["office.internal"]
            .manual
            .as_ref()
            .map(|m| m.reason.as_str())
            == Some(f)
    };
    type_checked(&mut h, "手动评分理由", "档案规范", &reason);
    edit_checked(&mut h, "手动评分理由", "经核实", &reason);
    h.get_by_label("自查得分：0.5分");
}

#[test]
fn every_review_input_holds_what_it_shows_after_each_keystroke() {
    let (_dir, mut h) = reviewing_pingjiang();
    focus(&mut h, "考核得分");
    let reviewed = |a: &KaopingApp, f: &str| {
        a.session
            .sheet()
            .items
            .get("office.info")
            .and_then(|e| e.reviewed)
            == number_of(f)
    };
    type_checked(&mut h, "考核得分", "4.5分", &reviewed);
    edit_checked(&mut h, "考核得分", "３", &reviewed);
    focus(&mut h, "考核意见");
    let opinion = |a: &KaopingApp, f: &str| a.session.sheet().items["office.info"].review_note == f;
    type_checked(&mut h, "考核意见", "少报2条", &opinion);
    edit_checked(&mut h, "考核意见", "核减", &opinion);
    // 退回原因 appears once the state is 退回修改.
    h.state_mut()
        .session
        .set_review_state(kaoping::sheet::ReviewState::Returned)
        .unwrap();
    h.run();
    focus(&mut h, "退回原因");
    let why = |a: &KaopingApp, f: &str| a.session.sheet().review.as_ref().unwrap().reason == f;
    type_checked(&mut h, "退回原因", "补充材料", &why);
    edit_checked(&mut h, "退回原因", "请补充佐证", &why);
}

#[test]
fn the_unit_picker_filters_as_you_type_and_keeps_keys_off_the_sheet() {
    let mut h = app();
    h.run();
    // A new sheet starts in 填报单位, and says the unit comes first.
    assert!(
        h.get_by_role_and_label(Role::TextInput, "填报单位")
            .is_focused()
    );
    h.get_by_label_contains("第一步：选择填报单位");
    // ↓ lists every unit, and neither ↓ nor Enter reaches the grid.
    h.key_press(Key::ArrowDown);
    h.run();
    assert!(listed(&h, "屈原管理区") && listed(&h, "平江县"));
    h.key_press(Key::ArrowDown);
    h.run();
    assert_eq!(
        h.state().sheet_view.selected,
        0,
        "↓ in the list moved the grid's row"
    );
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(
        h.state().session.sheet().unit.as_deref(),
        Some("yueyangxian")
    );
    assert!(
        h.state()
            .session
            .sheet()
            .items
            .values()
            .all(|e| e.facts.is_empty()),
        "Enter in the list answered a question on the sheet"
    );
    assert!(h.query_by_label_contains("第一步").is_none());
    // An alias.
    choose_unit(&mut h, "经开区");
    assert_eq!(h.state().session.sheet().unit.as_deref(), Some("jingkai"));
    // The chosen unit is the field's value for a screen reader.
    assert_eq!(shown(&h, "填报单位"), "岳阳经济技术开发区");
    // Part of a name narrows the list to the matches.
    focus(&mut h, "填报单位");
    for c in "岳阳".chars() {
        key_char(&mut h, c);
    }
    assert!(listed(&h, "岳阳楼区"));
    assert!(listed(&h, "岳阳县"));
    assert!(!listed(&h, "君山区"), "field {:?}", shown(&h, "填报单位"));
    h.key_press(Key::Escape);
    h.run();
}

#[test]
fn no_key_reaches_the_grid_while_a_menu_is_open() {
    let mut h = app();
    h.state_mut().session.set_unit(Some("pingjiang".into()));
    h.state_mut().select(2);
    h.run();
    h.get_by_label("文件").click();
    h.run();
    h.key_press(Key::ArrowDown);
    h.run();
    h.key_press(Key::F8);
    h.run();
    assert_eq!(h.state().sheet_view.selected, 2);
    assert!(
        h.state()
            .session
            .sheet()
            .items
            .values()
            .all(|e| e.facts.is_empty())
    );
}

#[test]
fn tab_goes_unit_townships_contact_phone_then_the_first_input() {
    let mut h = app();
    h.run();
    for c in "岳阳楼".chars() {
        key_char(&mut h, c);
    }
    h.key_press(Key::Tab);
    h.run();
    assert_eq!(
        h.state().session.sheet().unit.as_deref(),
        Some("yueyanglou")
    );
    assert!(
        h.get_by_role_and_label(Role::TextInput, "乡镇数")
            .is_focused()
    );
    for c in "12".chars() {
        key_char(&mut h, c);
    }
    h.key_press(Key::Tab);
    h.run();
    assert!(
        h.get_by_role_and_label(Role::TextInput, "联系人")
            .is_focused()
    );
    h.key_press(Key::Tab);
    h.run();
    assert!(
        h.get_by_role_and_label(Role::TextInput, "电话")
            .is_focused()
    );
    h.key_press(Key::Tab);
    h.run();
    assert!(
        h.get_by_role_and_label(Role::TextInput, "市妇联采用信息")
            .is_focused(),
        "Tab from 电话 must go to the selected item's first input"
    );
    h.key_press_modifiers(Modifiers::SHIFT, Key::Tab);
    h.run();
    assert!(
        h.get_by_role_and_label(Role::TextInput, "电话")
            .is_focused()
    );
}

#[test]
fn a_yes_no_question_is_one_tab_stop_answered_by_keys() {
    let mut h = app();
    h.state_mut().session.set_unit(Some("pingjiang".into()));
    h.state_mut().select(1);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "上报调研报告")
        .focus();
    h.run();
    // ↓ to 统计工作: its question takes the keyboard.
    h.key_press(Key::ArrowDown);
    h.run();
    let q = "及时完成妇联系统统计工作";
    assert!(h.get_by_role_and_label(Role::RadioGroup, q).is_focused());
    let answer = |h: &H| {
        h.state()
            .session
            .sheet()
            .items
            .get("office.statistics")
            .and_then(|e| e.facts.get("done").cloned())
    };
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(answer(&h), None, "Enter must not answer 是");
    h.key_press(Key::Y);
    h.run();
    assert_eq!(answer(&h), Some(Fact::Flag(true)));
    h.get_by_label("自查得分：2分");
    h.key_press(Key::N);
    h.run();
    assert_eq!(answer(&h), Some(Fact::Flag(false)));
    h.get_by_label("自查得分：0分");
    h.key_press(Key::ArrowLeft);
    h.run();
    assert_eq!(answer(&h), Some(Fact::Flag(true)));
    h.key_press(Key::Space);
    h.run();
    assert_eq!(answer(&h), Some(Fact::Flag(false)));
    assert_eq!(
        h.get_by_role_and_label(Role::RadioGroup, q)
            .value()
            .as_deref(),
        Some("否")
    );
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(answer(&h), None);
    // One Tab leaves the question: the next stop is not its 否 but the next control.
    h.key_press(Key::Tab);
    h.run();
    assert!(!h.get_by_role_and_label(Role::RadioGroup, q).is_focused());
    assert!(
        h.get_by_role_and_label(Role::CheckBox, "手动评分")
            .is_focused()
    );
    // The mouse still works, on either half.
    h.get_by_label(&format!("{q}：否")).click();
    h.run();
    assert_eq!(answer(&h), Some(Fact::Flag(false)));
}

#[test]
fn the_status_bar_and_title_tell_the_truth() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app();
    h.run();
    assert_eq!(
        h.state().window_title().split(" — ").next(),
        Some("新考评表（未保存）")
    );
    h.get_by_label("未保存（新表）");
    assert!(h.query_by_label("已保存").is_none());
    choose_unit(&mut h, "平江县");
    assert!(h.query_by_label_contains("请先选择填报单位").is_none());
    assert!(h.state().window_title().starts_with("* 平江县"));
    let path = dir.path().join("平江县.kaoping");
    assert!(h.state_mut().save_to(&path));
    h.run();
    h.get_by_label("已保存");
    // The comparison's messages stay with the comparison.
    h.state_mut().add_to_comparison(vec![path.clone()]);
    h.state_mut().wait_for_work();
    h.state_mut().view = View::Sheet;
    h.run();
    assert!(h.query_by_label_contains("汇总：").is_none());
    assert!(!h.state().comparison_view.status.is_empty());
}

#[test]
fn save_without_a_system_dialog_asks_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app();
    h.run();
    choose_unit(&mut h, "君山");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    h.get_by_label("保存考评表");
    // The folder is typed over, the default name kept; Enter in the name saves.
    replace_text(&mut h, "文件夹", &dir.path().display().to_string());
    focus(&mut h, "文件名");
    h.key_press(Key::Enter);
    h.run();
    let saved = h
        .state()
        .session
        .path()
        .map(std::path::Path::to_path_buf)
        .expect("saved");
    assert_eq!(saved.parent(), Some(dir.path()));
    assert!(
        saved
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("君山区")
    );
    assert!(saved.exists());
    assert!(!h.state().session.is_modified());
}

/// Fills every item of the sheet with the keyboard alone: the unit, the figures, then for
/// each item its inputs (numbers typed, questions answered with Y), Tab between them and ↓
/// to the next item; judgement items get a manual score and reason. Then Ctrl+S saves.
#[test]
fn a_whole_sheet_is_filled_and_saved_without_one_click() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app();
    h.run();
    for c in "平江".chars() {
        key_char(&mut h, c);
    }
    h.key_press(Key::Tab);
    h.run();
    for c in "20".chars() {
        key_char(&mut h, c);
    }
    h.key_press(Key::Tab);
    h.run();
    for c in "张三".chars() {
        key_char(&mut h, c);
    }
    h.key_press(Key::Tab);
    h.run();
    for c in "0730-1".chars() {
        key_char(&mut h, c);
    }
    h.key_press(Key::Tab);
    h.run();
    let loaded = rs2015();
    let items: Vec<_> = loaded.ruleset.items().map(|(_, i)| i.clone()).collect();
    for (n, item) in items.iter().enumerate() {
        assert_eq!(h.state().sheet_view.selected, n);
        let rules: Vec<_> = item.all_rules().cloned().collect();
        for (k, rule) in rules.iter().enumerate() {
            if k > 0 {
                h.key_press(Key::Tab);
                h.run();
            }
            match rule.kind.input_kind() {
                kaoping::ruleset::InputKind::Flag => {
                    assert!(
                        h.get_by_role_and_label(Role::RadioGroup, &rule.label)
                            .is_focused(),
                        "{}",
                        rule.label
                    );
                    h.key_press(Key::Y);
                    h.run();
                }
                kind => {
                    assert!(
                        h.get_by_role_and_label(Role::TextInput, &rule.label)
                            .is_focused(),
                        "{}",
                        rule.label
                    );
                    let text = match kind {
                        kaoping::ruleset::InputKind::Percent => "95",
                        kaoping::ruleset::InputKind::Score => "0.5",
                        _ => "0",
                    };
                    for c in text.chars() {
                        key_char(&mut h, c);
                    }
                }
            }
        }
        if item.is_judgement() {
            assert!(
                h.get_by_role_and_label(Role::TextInput, "手动自查得分")
                    .is_focused()
            );
            key_char(&mut h, '1');
            h.key_press(Key::Tab);
            h.run();
            assert!(
                h.get_by_role_and_label(Role::TextInput, "手动评分理由")
                    .is_focused()
            );
            for c in "已完成".chars() {
                key_char(&mut h, c);
            }
        }
        let result = &h.state().session.report().items[n];
        assert!(
            result.score.is_some(),
            "item {n} {} not scored: {:?}",
            item.id,
            result.problems
        );
        if n + 1 < items.len() {
            h.key_press(Key::ArrowDown);
            h.run();
        }
    }
    assert!(
        h.state().session.report().complete,
        "{:?}",
        h.state().session.report().problems
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    replace_text(&mut h, "文件夹", &dir.path().display().to_string());
    focus(&mut h, "文件名");
    h.key_press(Key::Enter);
    h.run();
    let path = h
        .state()
        .session
        .path()
        .map(std::path::Path::to_path_buf)
        .expect("saved");
    let opened = kaoping::sheet::open_sheet(&path, &kaoping::catalog::Catalog::default()).unwrap();
    assert_eq!(opened.sheet.figures.get("townships"), Some(&20));
    assert_eq!(opened.sheet.contact.name, "张三");
    assert!(opened.sheet.evaluate(&loaded).complete);
}

/// Types over what a field of the window's own path entry holds.
pub(crate) fn replace_text(h: &mut H, label: &str, text: &str) {
    focus(h, label);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(Event::Paste(text.to_string()));
    h.run();
}

/// Two filled sheets saved in a folder, for opening and comparing.
fn two_saved_sheets(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let loaded = rs2015();
    (0..2u64)
        .map(|i| {
            let sheet = kaoping::sample::filled_sheet(&loaded, i + 40);
            let path = dir.join(format!("单位{i}.kaoping"));
            let mut sheet = sheet;
            sheet.save(&path, &loaded).unwrap();
            path
        })
        .collect()
}

#[test]
fn open_without_a_system_dialog_lists_the_sheets_of_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let paths = two_saved_sheets(dir.path());
    let mut h = app();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    h.get_by_label("打开考评表");
    replace_text(&mut h, "文件夹", &dir.path().display().to_string());
    // A name that is not there is said, and nothing is opened.
    replace_text(&mut h, "文件名", "没有这个");
    h.get_by_label_contains("没有文件");
    h.key_press(Key::Enter);
    h.run();
    assert!(h.state().session.path().is_none());
    // The sheets of the folder are listed: a click opens one.
    h.get_by_label("单位1.kaoping").click();
    h.run();
    assert_eq!(h.state().session.path(), Some(paths[1].as_path()));
    assert!(h.query_by_label("打开考评表").is_none());
    // Typed without its extension, Enter opens it.
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    replace_text(&mut h, "文件夹", &dir.path().display().to_string());
    replace_text(&mut h, "文件名", "单位0");
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().session.path(), Some(paths[0].as_path()));
}

#[test]
fn the_file_name_is_typed_one_key_at_a_time_and_the_target_follows_each_key() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app();
    h.run();
    choose_unit(&mut h, "君山");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    replace_text(&mut h, "文件夹", &dir.path().display().to_string());
    focus(&mut h, "文件名");
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.key_press(Key::Backspace);
    h.run();
    let mut typed = String::new();
    for c in "报送v1".chars() {
        key_char(&mut h, c);
        typed.push(c);
        let target = dir.path().join(format!("{typed}.kaoping"));
        h.get_by_label(&format!("将保存为 {}", target.display()));
    }
    h.key_press(Key::Backspace);
    h.run();
    typed.pop();
    h.key_press(Key::Enter);
    h.run();
    let saved = dir.path().join(format!("{typed}.kaoping"));
    assert_eq!(h.state().session.path(), Some(saved.as_path()));
    assert!(saved.is_file());
}

#[test]
fn a_missing_folder_is_said_and_nothing_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app();
    h.run();
    choose_unit(&mut h, "君山");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    let nowhere = dir.path().join("没有的文件夹");
    replace_text(&mut h, "文件夹", &nowhere.display().to_string());
    h.get_by_label_contains("不存在");
    focus(&mut h, "文件名");
    h.key_press(Key::Enter);
    h.run();
    assert!(h.state().session.path().is_none());
    assert!(h.state().session.is_modified());
    // 取消 closes it; the work is still there, unsaved.
    h.get_by_label("取消").click();
    h.run();
    assert!(h.query_by_label("保存考评表").is_none());
    assert_eq!(h.state().session.sheet().unit.as_deref(), Some("junshan"));
    // Again, with 新建此文件夹: the keyboard goes to 文件名, and Enter saves there.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    replace_text(&mut h, "文件夹", &nowhere.display().to_string());
    h.get_by_label("新建此文件夹").click();
    h.run();
    h.run();
    assert!(nowhere.is_dir());
    assert!(field(&h, "文件名").is_focused(), "nothing had the keyboard");
    h.key_press(Key::Enter);
    h.run();
    assert!(
        h.state()
            .session
            .path()
            .is_some_and(|p| p.starts_with(&nowhere))
    );
}

#[test]
fn comparison_and_export_without_a_system_dialog_ask_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    two_saved_sheets(dir.path());
    let out = tempfile::tempdir().unwrap();
    let mut h = app();
    h.run();
    // 汇总 → 添加文件夹… asks for the folder in the window.
    h.get_by_label("汇总").click();
    h.run();
    h.get_by_label("添加文件夹…").click();
    h.run();
    h.get_by_label("选择存放考评表的文件夹");
    replace_text(&mut h, "文件夹", &dir.path().display().to_string());
    h.key_press(Key::Enter);
    crate::finish_work(&mut h);
    assert_eq!(h.state().view, View::Comparison);
    // 导出 Excel… (the comparison's button) with the suggested name, into another folder.
    h.get_by_label("导出 Excel…").click();
    h.run();
    h.get_by_label("导出 Excel");
    replace_text(&mut h, "文件夹", &out.path().display().to_string());
    focus(&mut h, "文件名");
    h.key_press(Key::Enter);
    h.run();
    let exported: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(exported, vec!["2015年度绩效考核汇总.xlsx".to_string()]);
}

/// The rectangle of the focused widget lies inside the window.
#[track_caller]
fn focused_inside(h: &H, w: f32, hgt: f32) {
    let node = h
        .root()
        .query_all(egui_kittest::kittest::by().predicate(|n| n.is_focused()))
        .next()
        .expect("something has the keyboard");
    let r = node.rect();
    assert!(
        r.min.x >= 0.0 && r.min.y >= 0.0 && r.max.x <= w + 0.5 && r.max.y <= hgt + 0.5,
        "focused widget {:?} at {r:?} is outside {w}×{hgt}",
        node.accesskit_node().label()
    );
}

#[test]
fn on_office_screens_the_focused_input_and_every_column_stay_in_the_window() {
    for (w, hgt) in [(1024.0, 700.0), (1280.0, 800.0), (1366.0, 768.0)] {
        // Fill: an item with many inputs, tabbed down to its note.
        let mut a = KaopingApp::new(None);
        a.session.set_unit(Some("pingjiang".into()));
        let mut h = harness_sized(a, w, hgt);
        let i = item_with_rule("参加妇女少于50人的讲座");
        h.state_mut().select(i);
        h.state_mut().sheet_view.focus_calculator = true;
        h.run();
        for _ in 0..8 {
            h.key_press(Key::Tab);
            h.run();
            focused_inside(&h, w, hgt);
        }
        // Every column title is inside the window (考核说明 is read in the calculator on a
        // narrow grid, see FOLD_RULE_TEXT_BELOW).
        let folded = h.query_by_label("考核说明").is_none();
        assert_eq!(
            folded,
            w < 1100.0,
            "考核说明 folds below 1100 px only ({w})"
        );
        for title in [
            "考核项目",
            "考核内容",
            "考核说明",
            "标准分",
            "自查得分",
            "考核得分",
            "状态",
        ] {
            if folded && title == "考核说明" {
                continue;
            }
            let r = h.get_by_label(title).rect();
            assert!(
                r.max.x <= w - 300.0 + 2.0 || r.max.x <= w,
                "{title} at {r:?} cut at {w}"
            );
            assert!(
                r.max.x <= w,
                "{title} at {r:?} is past the window's width {w}"
            );
        }
        // The selected row is in view after the window is made smaller.
        h.state_mut().select(40);
        h.run();
        h.set_size(egui::vec2(w - 100.0, hgt - 100.0));
        h.run();
        let row = h
            .root()
            .query_all(egui_kittest::kittest::by().role(Role::Row))
            .find(|n| n.accesskit_node().is_selected() == Some(true))
            .expect("the selected row is marked selected");
        let r = row.rect();
        assert!(
            r.max.y <= hgt - 100.0 && r.min.y >= 0.0,
            "selected row at {r:?}"
        );

        // Review: the 考核得分 of the last item is typed into visibly.
        let dir = tempfile::tempdir().unwrap();
        let path = write_unit_sheets(dir.path(), &[("junshan", 2)]).remove(0);
        let mut a = KaopingApp::new(None);
        a.set_mode(Mode::Review);
        assert!(a.open_path(&path));
        let mut h = harness_sized(a, w, hgt);
        h.run();
        for _ in 0..43 {
            h.key_press(Key::ArrowDown);
            h.run();
        }
        assert_eq!(h.state().sheet_view.selected, 43);
        assert!(
            h.get_by_role_and_label(Role::TextInput, "考核得分")
                .is_focused()
        );
        focused_inside(&h, w, hgt);

        // Comparison: Tab through its buttons; each stays in view.
        let paths = write_unit_sheets(dir.path(), &[("pingjiang", 1), ("huarong", 2)]);
        let mut a = KaopingApp::new(None);
        a.add_to_comparison(paths);
        a.wait_for_work();
        let mut h = harness_sized(a, w, hgt);
        h.run();
        for _ in 0..6 {
            h.key_press(Key::Tab);
            h.run();
            focused_inside(&h, w, hgt);
        }
        // Every 打开 button and the 文件 column (and the menu named 文件) are inside.
        for title in ["打开", "文件"] {
            let nodes: Vec<_> = h.query_all_by_label(title).collect();
            assert!(!nodes.is_empty(), "no {title} at {w}");
            for n in nodes {
                assert!(
                    n.rect().max.x <= w,
                    "{title} at {:?} is cut at {w}",
                    n.rect()
                );
            }
        }
    }
}

#[test]
fn no_text_is_smaller_than_12_pixels_and_the_window_zooms() {
    let (_dir, mut h) = reviewing_pingjiang();
    // A reviewed score that differs, so the ↓ mark is drawn; and an item with a reading.
    h.state_mut()
        .session
        .set_reviewed("office.info", Some(Decimal::ZERO));
    h.run();
    let mut smallest = f32::MAX;
    for clipped in &h.output().shapes {
        let mut check = |shape: &egui::epaint::Shape| {
            if let egui::epaint::Shape::Text(t) = shape {
                for s in &t.galley.job.sections {
                    smallest = smallest.min(s.format.font_id.size);
                }
            }
        };
        check(&clipped.shape);
    }
    assert!(smallest >= 12.0, "text drawn at {smallest} px");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Equals);
    h.run();
    assert!(h.ctx.zoom_factor() > 1.05);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num0);
    h.run();
    assert!((h.ctx.zoom_factor() - 1.0).abs() < 0.01);
}

#[test]
fn messages_fit_the_field_and_are_said_once() {
    let mut h = app();
    h.state_mut().session.set_unit(Some("pingjiang".into()));
    h.run();
    // A percentage typed as a fraction.
    let i = item_with_rule("年度检查任务完成率");
    h.state_mut().select(i);
    h.run();
    focus(&mut h, "年度检查任务完成率");
    for c in "0.87".chars() {
        key_char(&mut h, c);
    }
    h.get_by_label_contains("是否为87%");
    // A whole-number field's example is a whole number.
    h.state_mut().select(0);
    h.run();
    focus(&mut h, "市妇联采用信息");
    for c in "abc".chars() {
        key_char(&mut h, c);
    }
    let msg = h
        .get_by_label_contains("“abc”不是有效的数字")
        .accesskit_node()
        .value()
        .unwrap_or_default();
    assert!(!msg.contains("4.5"), "{msg}");
    assert!(msg.contains("正整数"), "{msg}");
    // A manual score out of range on a 1-point item: one message, not two.
    h.state_mut().select(7); // 做好市妇联交办的其它工作（1分）
    h.run();
    focus(&mut h, "手动自查得分");
    for c in "4.5分".chars() {
        key_char(&mut h, c);
    }
    let n = h.query_all_by_label_contains("须在0到1分之间").count();
    assert_eq!(n, 1, "the range is said {n} times");
}

#[test]
fn the_rule_note_on_petitions_is_shown_not_counted() {
    let mut h = app();
    h.run();
    assert_eq!(
        h.state()
            .problem_count(kaoping::scoring::ProblemKind::Warning),
        0
    );
    h.state_mut().select(11);
    h.run();
    h.get_by_label_contains("规则说明：加分规则合计4分");
}

#[test]
fn partial_review_compares_like_with_like() {
    let (_dir, mut h) = reviewing_pingjiang();
    let mut own = Decimal::ZERO;
    for i in 0..3 {
        let s = h.state().session.report().items[i]
            .score
            .unwrap_or_default();
        own += s;
        let id = h.state().session.report().items[i].item_id.clone();
        h.state_mut().session.set_reviewed(&id, Some(Decimal::ZERO));
    }
    h.run();
    let own = kaoping::ruleset::fmt_dec(own);
    h.get_by_label_contains(&format!("已审3项：考核0 / 自查{own}"));
    assert!(h.query_by_label_contains("考核合计 0").is_none());
    // Complete: the total appears.
    h.get_by_label("其余项采用自查得分").click();
    h.run();
    h.get_by_label_contains("考核合计 ");
    h.get_by_label_contains(&format!("比自查少{own}分"));
}

#[test]
fn switching_mode_with_an_unsaved_review_asks_first() {
    let (_dir, mut h) = reviewing_pingjiang();
    h.state_mut()
        .session
        .set_reviewed("office.info", Some(Decimal::ONE));
    h.run();
    h.get_by_label("模式").click();
    h.run();
    h.get_by_label("填报模式（县市区妇联）").click();
    h.run();
    h.get_by_label("保存修改？");
    h.get_by_label("取消").click();
    h.run();
    assert_eq!(h.state().session.mode(), Mode::Review);
    h.state_mut().request_mode(Mode::Fill);
    h.run();
    h.get_by_label("不保存").click();
    h.run();
    assert_eq!(h.state().session.mode(), Mode::Fill);
    assert_eq!(
        h.state().session.sheet().items["office.info"].reviewed,
        None,
        "不保存 drops the review"
    );
}

#[test]
fn a_screen_reader_hears_rows_the_selection_and_the_window() {
    let mut h = app();
    h.run();
    choose_unit(&mut h, "平江县");
    h.state_mut().select(1);
    h.run();
    let rows: Vec<_> = h
        .root()
        .query_all(egui_kittest::kittest::by().role(Role::Row))
        .collect();
    assert!(rows.len() >= 5, "{} rows", rows.len());
    let first = h
        .root()
        .query_all(egui_kittest::kittest::by().role(Role::Row))
        .find(|n| {
            n.accesskit_node()
                .label()
                .unwrap_or_default()
                .starts_with("办公室工作 第1项")
        })
        .expect("a named first row");
    let name = first.accesskit_node().label().unwrap_or_default();
    assert!(name.contains("标准分6") && name.contains("未填"), "{name}");
    let selected: Vec<_> = h
        .root()
        .query_all(egui_kittest::kittest::by().role(Role::Row))
        .filter(|n| n.accesskit_node().is_selected() == Some(true))
        .map(|n| n.accesskit_node().label().unwrap_or_default())
        .collect();
    assert_eq!(selected.len(), 1);
    assert!(selected[0].starts_with("办公室工作 第2项"), "{selected:?}");
    assert_eq!(
        h.root().accesskit_node().label().unwrap_or_default(),
        h.state().window_title()
    );
}
