//! The window, driven by accessible labels as a clerk would use it (egui_kittest; no GPU or
//! display needed). Each test asserts what the user would see.

use crate::common::*;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use kaoping::recovery::RecoveryStore;
use kaoping::ui::KaopingApp;

fn harness(app: KaopingApp) -> Harness<'static, KaopingApp> {
    Harness::builder()
        .with_size([1400.0, 900.0])
        .with_context_setup(kaoping::ui::setup_context)
        .build_ui_state(|ui, app: &mut KaopingApp| app.show(ui), app)
}

fn app() -> Harness<'static, KaopingApp> {
    harness(KaopingApp::new(None))
}

/// Chooses a unit as a clerk does: types its name into 填报单位 and presses Enter.
/// `label` is the unit with its class, as the list shows it: 平江县（县市）.
fn pick_unit(h: &mut Harness<'static, KaopingApp>, label: &str) {
    let name = label.split('（').next().unwrap();
    h.get_by_label("填报单位").focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    for c in name.chars() {
        h.event(egui::Event::Text(c.to_string()));
        h.run();
    }
    h.key_press(egui::Key::Enter);
    h.run();
}

/// Replaces the text of the input named `label`.
fn type_into(h: &mut Harness<'static, KaopingApp>, label: &str, text: &str) {
    let node = h.get_by_label(label);
    node.focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

#[test]
fn picking_a_unit_retargets_the_class_dependent_rules() {
    let mut h = app();
    pick_unit(&mut h, "平江县（县市）");
    type_into(&mut h, "市妇联采用信息", "72");
    h.get_by_label("市妇联采用信息：目标80条（县市类），实际72条，少8条×0.5=扣4分");
    pick_unit(&mut h, "君山区（城区）");
    h.get_by_label("市妇联采用信息：目标50条（城区类），实际72条，已达标，不扣分");
    assert_eq!(h.state().session.sheet().unit.as_deref(), Some("junshan"));
    assert!(h.state().session.is_modified());
}

#[test]
fn typing_a_count_updates_explanation_item_score_subtotal_and_total() {
    let mut h = app();
    pick_unit(&mut h, "平江县（县市）");
    type_into(&mut h, "市妇联采用信息", "72");
    h.get_by_label("自查得分：未填完");
    type_into(&mut h, "省妇联采用信息", "40");
    h.get_by_label("省妇联采用信息：目标40条（县市类），实际40条，已达标，不扣分");
    h.get_by_label("自查得分：2分");
    h.get_by_label("办公室工作 2/16");
    h.get_by_label("合计 2 / 100");
    // Change the count: everything follows at once.
    type_into(&mut h, "省妇联采用信息", "39");
    h.get_by_label("自查得分：1.5分");
    h.get_by_label("合计 1.5 / 100");
}

#[test]
fn full_width_digits_are_accepted_and_letters_are_refused_in_red() {
    let mut h = app();
    pick_unit(&mut h, "平江县（县市）");
    type_into(&mut h, "市妇联采用信息", "８０");
    h.get_by_label("市妇联采用信息：目标80条（县市类），实际80条，已达标，不扣分");
    type_into(&mut h, "市妇联采用信息", "abc");
    h.get_by_label_contains("“abc”不是有效的数字");
    let item = h.state().session.report().item("office.info").unwrap();
    assert_eq!(item.status, kaoping::scoring::ItemStatus::Invalid);
    // What was typed is kept, not silently changed.
    assert_eq!(
        h.state().session.sheet().items["office.info"].facts["city"],
        kaoping::scoring::Fact::Text("abc".into())
    );
    h.get_by_label_contains("问题：1个错误");
    type_into(&mut h, "市妇联采用信息", "-1");
    h.get_by_label_contains("不能是负数");
}

#[test]
fn a_manual_score_needs_a_reason() {
    let mut h = app();
    pick_unit(&mut h, "平江县（县市）");
    h.state_mut().select(2); // 按要求完成妇联系统统计工作
    h.run();
    h.get_by_label("及时完成妇联系统统计工作：否").click();
    h.run();
    h.get_by_label("自查得分：0分");
    h.get_by_label("手动评分").click();
    h.run();
    type_into(&mut h, "手动自查得分", "1.5");
    let manual = h.state().session.sheet().items["office.statistics"]
        .manual
        .clone()
        .unwrap();
    assert_eq!(manual.score, d("1.5"));
    h.get_by_label("手动评分须填写理由");
    h.get_by_label("自查得分：有误");
    type_into(&mut h, "手动评分理由", "统计报表迟交一天，经同意");
    assert!(h.query_by_label("手动评分须填写理由").is_none());
    h.get_by_label("自查得分：1.5分");
    type_into(&mut h, "手动自查得分", "3");
    h.get_by_label("手动评分须在0到2分之间");
}

#[test]
fn the_problems_list_jumps_to_its_row() {
    let mut h = app();
    h.get_by_label_contains("问题：0个错误 · 0个警告").click();
    h.run();
    assert!(h.query_all_by_label("问题列表").next().is_some());
    h.get_by_label_contains("办公室工作 第3项：未填").click();
    h.run();
    assert_eq!(h.state().sheet_view.selected, 2);
    h.get_by_label("办公室工作 第3项（2分）");
}

#[test]
fn next_problem_and_arrow_keys_move_the_selection() {
    let mut h = app();
    // A clicked row takes the selection, and the arrows go on from there.
    h.get_by_label("做好市妇联交办的其它工作").click();
    h.run();
    assert_eq!(h.state().sheet_view.selected, 7);
    h.key_press(egui::Key::ArrowUp);
    h.run();
    assert_eq!(h.state().sheet_view.selected, 6);
    h.state_mut().select(0);
    h.run();
    h.key_press(egui::Key::ArrowDown);
    h.run();
    assert_eq!(h.state().sheet_view.selected, 1);
    h.key_press(egui::Key::ArrowUp);
    h.run();
    assert_eq!(h.state().sheet_view.selected, 0);
    h.key_press(egui::Key::F8);
    h.run();
    assert_eq!(h.state().sheet_view.selected, 1);
}

#[test]
fn new_with_unsaved_changes_asks_first() {
    let mut h = app();
    pick_unit(&mut h, "平江县（县市）");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run();
    h.get_by_label("保存修改？");
    h.get_by_label("取消").click();
    h.run();
    assert!(h.query_by_label("保存修改？").is_none());
    assert_eq!(h.state().session.sheet().unit.as_deref(), Some("pingjiang"));
    h.get_by_label("新建").click();
    h.run();
    h.get_by_label("不保存").click();
    h.run();
    assert_eq!(h.state().session.sheet().unit, None);
    assert!(!h.state().session.is_modified());
}

#[test]
fn saving_and_opening_keep_the_work_and_a_bad_file_leaves_it_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app();
    pick_unit(&mut h, "平江县（县市）");
    type_into(&mut h, "联系人", "张三");
    let path = dir.path().join("平江县.kaoping");
    assert!(h.state_mut().save_to(&path));
    h.run();
    h.get_by_label("已保存");
    assert!(h.state().window_title().starts_with("平江县.kaoping"));
    // A broken file: a message, and the sheet in the window is untouched.
    let bad = dir.path().join("坏.kaoping");
    std::fs::write(&bad, "Sheet(format: 1, program:").unwrap();
    assert!(!h.state_mut().open_path(&bad));
    h.run();
    h.get_by_label("无法打开文件");
    h.get_by_label_contains("窗口中正在编辑的内容没有改变");
    assert_eq!(h.state().session.sheet().contact.name, "张三");
    assert_eq!(h.state().session.path(), Some(path.as_path()));
}

#[test]
fn a_failed_save_keeps_the_work_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app();
    pick_unit(&mut h, "平江县（县市）");
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    assert!(!h.state_mut().save_to(&file.join("b.kaoping")));
    h.run();
    h.get_by_label("保存失败");
    assert!(h.state().session.is_modified());
    assert_eq!(h.state().session.sheet().unit.as_deref(), Some("pingjiang"));
}

#[test]
fn autosave_draft_is_offered_back_after_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = RecoveryStore::for_session(dir.path().to_path_buf(), "crashed");
        let mut h = harness(KaopingApp::new(Some(store.clone())));
        pick_unit(&mut h, "岳阳楼区（城区）");
        type_into(&mut h, "市妇联采用信息", "45");
        assert!(h.state_mut().write_draft());
        assert!(store.own_path().exists());
        // The program dies here: no save, no clean exit.
    }
    let store = RecoveryStore::for_session(dir.path().to_path_buf(), "next");
    let mut h = harness(KaopingApp::new(Some(store)));
    h.get_by_label("恢复未保存的工作？");
    h.get_by_label_contains("一份尚未保存过的考评表（填报单位：岳阳楼区），自动保存于");
    h.get_by_label("恢复").click();
    h.run();
    let state = h.state();
    assert_eq!(state.session.sheet().unit.as_deref(), Some("yueyanglou"));
    assert_eq!(
        state.session.sheet().items["office.info"].facts["city"],
        kaoping::scoring::Fact::Number(d("45"))
    );
    assert!(
        state.session.is_modified(),
        "a restored draft is unsaved work"
    );
    assert!(!dir.path().join("draft-crashed.ron").exists());
}

#[test]
fn committed_ime_text_lands_in_the_contact_and_note_fields() {
    let mut h = app();
    h.get_by_label("联系人").focus();
    h.run();
    h.event(egui::Event::Ime(egui::ImeEvent::Preedit {
        text: "zhang san".into(),
        active_range_chars: None,
    }));
    h.run();
    h.event(egui::Event::Ime(egui::ImeEvent::Commit("张三".into())));
    h.run();
    assert_eq!(h.state().session.sheet().contact.name, "张三");
    h.get_by_label("自评说明").focus();
    h.run();
    h.event(egui::Event::Ime(egui::ImeEvent::Preedit {
        text: "yi wan cheng".into(),
        active_range_chars: None,
    }));
    h.run();
    h.event(egui::Event::Ime(egui::ImeEvent::Commit("已完成".into())));
    h.run();
    assert_eq!(
        h.state().session.sheet().items["office.info"].note,
        "已完成"
    );
}

#[test]
fn tab_moves_between_inputs() {
    let mut h = app();
    h.get_by_label("联系人").focus();
    h.run();
    h.key_press(egui::Key::Tab);
    h.run();
    assert!(h.get_by_label("电话").is_focused());
    h.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::Tab);
    h.run();
    assert!(h.get_by_label("联系人").is_focused());
}

#[test]
fn a_judgement_item_is_scored_by_hand_with_its_reason() {
    let mut h = app();
    h.state_mut().select(6); // 做好计划生育工作、保密、档案等内部管理工作
    h.run();
    h.get_by_label("此项没有计算规则，凭评定打分：请填写自查得分和理由。");
    h.get_by_label("自查得分：未填");
    type_into(&mut h, "手动评分理由", "内部管理规范");
    assert!(
        h.state().session.sheet().items["office.internal"]
            .manual
            .is_none()
    );
    type_into(&mut h, "手动自查得分", "０.８分");
    h.get_by_label("自查得分：0.8分");
    let m = h.state().session.sheet().items["office.internal"]
        .manual
        .clone()
        .unwrap();
    assert_eq!((m.score, m.reason.as_str()), (d("0.8"), "内部管理规范"));
    type_into(&mut h, "手动自查得分", "1e3");
    h.get_by_label_contains("“1e3”不是有效的数字");
    // The last valid score stays in the sheet while the field shows what was typed.
    assert_eq!(
        h.state().session.sheet().items["office.internal"]
            .manual
            .as_ref()
            .unwrap()
            .score,
        d("0.8")
    );
}

#[test]
fn print_a_complete_sheet_writes_the_pdf_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = rs2015();
    let path = dir.path().join("平江县.kaoping");
    let mut sheet = kaoping::sample::filled_sheet(&loaded, 3);
    sheet.save(&path, &loaded).unwrap();
    let mut app = KaopingApp::new(None);
    app.open_after_print = false;
    assert!(app.open_path(&path));
    let mut h = harness(app);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::P);
    h.run();
    assert!(h.query_by_label("打印草稿？").is_none());
    let pdf = dir.path().join("平江县.pdf");
    assert_eq!(h.state().last_pdf.as_deref(), Some(pdf.as_path()));
    let text = pdf_text(&std::fs::read(&pdf).unwrap());
    let fingerprint = kaoping::sheet::open_sheet(&path, &kaoping::catalog::Catalog::default())
        .unwrap()
        .sheet
        .content_fingerprint();
    assert!(text.contains(&format!("内容指纹 {}", &fingerprint[..8])));
    assert!(!text.contains("草稿"));
    h.get_by_label_contains("已生成 PDF：");
}

#[test]
fn print_an_incomplete_sheet_asks_and_marks_it_draft() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = rs2015();
    let path = dir.path().join("草.kaoping");
    let mut sheet = kaoping::sheet::Sheet::new(&loaded, Some("junshan".into()));
    sheet.save(&path, &loaded).unwrap();
    let mut app = KaopingApp::new(None);
    app.open_after_print = false;
    assert!(app.open_path(&path));
    let mut h = harness(app);
    assert!(h.state().dialog.is_none(), "{:?}", h.state().dialog);
    h.get_by_label("打印…").click();
    h.run();
    h.get_by_label("打印草稿？");
    h.get_by_label_contains("此表还有44项、表头3处未填。");
    h.get_by_label("取消").click();
    h.run();
    assert!(h.state().last_pdf.is_none());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::P);
    h.run();
    h.get_by_label("打印草稿").click();
    h.run();
    let pdf = std::fs::read(dir.path().join("草.pdf")).unwrap();
    let pages = pdf_pages_text(&pdf);
    assert!(pages.iter().all(|p| p.contains("草稿")));
}

#[test]
fn a_sheet_can_be_filled_from_the_keyboard() {
    let mut h = app();
    h.state_mut().session.set_unit(Some("pingjiang".into()));
    h.run();
    h.get_by_label("市妇联采用信息").focus();
    h.run();
    // ↓ to 加强基层妇女工作调查研究: the keyboard lands in its input.
    h.key_press(egui::Key::ArrowDown);
    h.run();
    assert_eq!(h.state().sheet_view.selected, 1);
    assert!(h.get_by_label("上报调研报告").is_focused());
    h.event(egui::Event::Text("2".into()));
    h.run();
    h.get_by_label("自查得分：2分");
    // ↓ goes on to 统计工作 straight from the field, and its question takes the keyboard.
    h.key_press(egui::Key::ArrowDown);
    h.run();
    assert_eq!(h.state().sheet_view.selected, 2);
    assert!(
        h.get_by_role_and_label(
            egui::accesskit::Role::RadioGroup,
            "及时完成妇联系统统计工作"
        )
        .is_focused()
    );
    h.key_press(egui::Key::Space);
    h.run();
    h.get_by_label("自查得分：2分");
    assert_eq!(
        h.state().session.sheet().items["office.statistics"].facts["done"],
        kaoping::scoring::Fact::Flag(true)
    );
    h.key_press(egui::Key::Space);
    h.run();
    h.get_by_label("自查得分：0分");
}

#[test]
fn arrows_move_within_the_note_and_leave_it_only_from_its_end() {
    let mut h = app();
    h.get_by_label("自评说明").focus();
    h.run();
    for key in ["甲", "\n", "乙"] {
        if key == "\n" {
            h.key_press(egui::Key::Enter);
        } else {
            h.event(egui::Event::Text(key.into()));
        }
        h.run();
    }
    // ↑ from the second line goes to the first, in the note.
    h.key_press(egui::Key::ArrowUp);
    h.run();
    assert_eq!(h.state().sheet_view.selected, 0);
    // ↓ back to the second line, still in the note; ↓ at its end: the next item.
    h.key_press(egui::Key::ArrowDown);
    h.run();
    assert_eq!(h.state().sheet_view.selected, 0);
    h.key_press(egui::Key::ArrowDown);
    h.run();
    assert_eq!(h.state().sheet_view.selected, 1);
    assert_eq!(
        h.state().session.sheet().items["office.info"].note,
        "甲\n乙"
    );
}

#[test]
fn closing_with_unsaved_changes_asks_and_discarding_removes_the_draft() {
    let dir = tempfile::tempdir().unwrap();
    let store = RecoveryStore::for_session(dir.path().to_path_buf(), "closing");
    let mut h = harness(KaopingApp::new(Some(store.clone())));
    pick_unit(&mut h, "云溪区（城区）");
    assert!(h.state_mut().write_draft());
    assert!(store.own_path().exists());
    h.state_mut().guard_unsaved(kaoping::ui::Pending::Close);
    h.run();
    h.get_by_label("保存修改？");
    h.get_by_label_contains("有未保存的修改");
    h.get_by_label("不保存").click();
    h.run();
    assert!(
        !store.own_path().exists(),
        "a deliberate discard leaves no draft to restore"
    );
}
