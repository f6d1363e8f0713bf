//! The 台账 in the window, as a clerk keeps it: 添加讲座… opens the form with the keyboard in
//! 日期, each entry typed key by key (Tab between fields, Enter takes it), Esc leaves it; the
//! rules the ledger feeds show what the entries give and the score equals the numbers typed;
//! Ctrl+Z takes an entry back.

use crate::keyboard::{H, app, key_char};
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use kaoping::catalog::Catalog;
use kaoping::scoring::{Fact, RuleOutcome};

fn type_text(h: &mut H, text: &str) {
    for c in text.chars() {
        key_char(h, c);
    }
}

fn press(h: &mut H, key: Key) {
    h.key_press(key);
    h.run();
}

/// One entry through the form: 添加讲座…, then 日期, Tab, 事由, Tab, 参加妇女人数, Enter.
fn add_lecture(h: &mut H, date: &str, title: &str, women: &str) {
    h.get_by_label("添加讲座…").click();
    h.run();
    type_text(h, date);
    press(h, Key::Tab);
    type_text(h, title);
    press(h, Key::Tab);
    type_text(h, women);
    press(h, Key::Enter);
}

fn lectures(h: &H) -> usize {
    h.state()
        .session
        .sheet()
        .ledgers
        .get("lectures")
        .map_or(0, Vec::len)
}

#[test]
fn four_lectures_typed_into_the_ledger_key_by_key_score_as_the_numbers_typed() {
    let mut h = app();
    let item = kaoping::catalog::default_ruleset()
        .ruleset
        .items()
        .position(|(_, i)| i.id == "rights.publicity")
        .unwrap();
    h.state_mut().select(item);
    h.run();
    for (date, title, women) in [
        ("2015-03-08", "城关镇社区普法讲座", "60"),
        ("2015年4月12日", "南江镇社区普法讲座", "55"),
        ("2015-06-01", "安定镇社区普法讲座", "45"),
        ("2015-09-20", "三市镇社区普法讲座", "70"),
    ] {
        add_lecture(&mut h, date, title, women);
    }
    assert_eq!(lectures(&h), 4);
    let entries = &h.state().session.sheet().ledgers["lectures"];
    assert_eq!(entries[1].date, "2015-04-12");
    assert_eq!(entries[2].figures["women"], "45");
    // The rules show what the entries give, not an input.
    assert_eq!(
        h.query_all_by_label("由台账“讲座”计算").count(),
        2,
        "held and small both come from the 讲座"
    );
    let window_rules = h
        .state()
        .session
        .report()
        .item("rights.publicity")
        .unwrap()
        .rules
        .clone();
    let mut typed = kaoping::document::Session::new(None);
    typed.set_fact("rights.publicity", "held", Some(Fact::Number(4.into())));
    typed.set_fact("rights.publicity", "small", Some(Fact::Number(1.into())));
    let typed_rules = typed
        .report()
        .item("rights.publicity")
        .unwrap()
        .rules
        .clone();
    let outcomes = |r: &[kaoping::scoring::RuleResult]| -> Vec<RuleOutcome> {
        r.iter().map(|x| x.outcome.clone()).collect()
    };
    assert_eq!(outcomes(&window_rules), outcomes(&typed_rules));

    // A wrong figure keeps the form open, saying why; Esc leaves it, nothing added.
    h.get_by_label("添加讲座…").click();
    h.run();
    type_text(&mut h, "2015-10-01");
    press(&mut h, Key::Tab);
    type_text(&mut h, "城陵矶社区讲座");
    press(&mut h, Key::Tab);
    type_text(&mut h, "四十");
    press(&mut h, Key::Enter);
    assert!(
        h.query_by_label_contains("参加妇女人数应是整数").is_some(),
        "the form says why"
    );
    assert_eq!(lectures(&h), 4);
    press(&mut h, Key::Escape);
    assert_eq!(lectures(&h), 4);
    assert!(
        h.query_by_label_contains("参加妇女人数应是整数").is_none(),
        "the form is gone"
    );

    // Ctrl+Z takes the last entry back; the small lecture (45) stays counted.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(lectures(&h), 3);
    let _ = Catalog::default();
}

#[test]
fn the_progress_view_shows_the_day_typed_what_is_due_and_the_cheapest_gains() {
    let mut h = app();
    let item = kaoping::catalog::default_ruleset()
        .ruleset
        .items()
        .position(|(_, i)| i.id == "rights.publicity")
        .unwrap();
    h.state_mut().select(item);
    h.run();
    add_lecture(&mut h, "2015-03-08", "城关镇社区普法讲座", "60");
    add_lecture(&mut h, "2015-08-08", "南江镇社区普法讲座", "40");
    h.get_by_label("进度").click();
    h.run();
    // The day, typed key by key over what is there.
    crate::keyboard::focus(&mut h, "截至");
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    type_text(&mut h, "2015-06-30");
    h.get_by_label_contains("全年已过49.59%");
    h.get_by_label_contains(
        "在社区举办家庭律师普法讲座：1场，全年目标5场，按进度此时应有2.5场（落后）",
    );
    h.get_by_label_contains("再有4场在社区举办家庭律师普法讲座可得1.6分");
    // 打印进度表 of an unsaved sheet asks for a save first (the PDF goes beside the file).
    h.get_by_label("打印进度表").click();
    h.run();
    h.get_by_label_contains("请先保存考评表：进度表放在考评表文件旁边");
    // A day that is not one says so, and shows nothing wrong.
    crate::keyboard::focus(&mut h, "截至");
    type_text(&mut h, "x");
    h.get_by_label_contains("不是日期");
}

#[test]
fn a_file_kept_with_an_entry_is_added_from_the_folder_taken_off_and_brought_back() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = crate::common::rs2015();
    let path = dir.path().join("平江县.kaoping");
    kaoping::sample::filled_sheet_for(&loaded, "pingjiang", 3)
        .save(&path, &loaded)
        .unwrap();
    let photos = dir.path().join("照片");
    std::fs::create_dir_all(&photos).unwrap();
    std::fs::write(photos.join("讲座合影.jpg"), b"\xFF\xD8 photo").unwrap();
    let mut h = app();
    assert!(h.state_mut().open_path(&path));
    let item = loaded
        .ruleset
        .items()
        .position(|(_, i)| i.id == "rights.publicity")
        .unwrap();
    h.state_mut().select(item);
    h.run();
    add_lecture(&mut h, "2015-03-08", "城关镇社区普法讲座", "60");
    // 附件… of the entry: the window's own path entry, the folder pasted, the file's name
    // typed, Enter.
    h.get_by_label("附件…").scroll_to_me();
    h.run();
    h.get_by_label("附件…").click();
    h.run();
    crate::keyboard::focus(&mut h, "文件夹");
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.event(egui::Event::Paste(photos.display().to_string()));
    h.run();
    crate::keyboard::focus(&mut h, "文件名");
    type_text(&mut h, "讲座合影.jpg");
    press(&mut h, Key::Enter);
    let entry = |h: &H| h.state().session.sheet().ledgers["lectures"][0].clone();
    assert_eq!(
        entry(&h).files.len(),
        1,
        "status {:?}, item files {:?}, dialog {}",
        h.state().status,
        h.state().session.sheet().evidence.get("rights.publicity"),
        h.state().dialog.is_some()
    );
    let stored = kaoping::evidence::ledger_file(&path, "lectures", 1, &entry(&h).files[0].stored);
    assert_eq!(std::fs::read(&stored).unwrap(), b"\xFF\xD8 photo");
    // Taken off, then Ctrl+Z: listed again; the file never left its folder.
    h.get_by_label("删除文件").scroll_to_me();
    h.run();
    h.get_by_label("删除文件").click();
    h.run();
    assert!(entry(&h).files.is_empty());
    assert!(stored.is_file(), "not saved: the file stays");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(entry(&h).files.len(), 1);
    let _ = Catalog::default();
}

#[test]
fn the_office_strikes_an_entry_in_the_window_with_a_reason_typed_key_by_key() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = crate::common::rs2015();
    let path = dir.path().join("平江县.kaoping");
    kaoping::sample::filled_sheet_for(&loaded, "pingjiang", 3)
        .save(&path, &loaded)
        .unwrap();
    let mut unit = kaoping::document::Session::new(None);
    unit.open(&path, &Catalog::default()).unwrap();
    for (date, women) in [("2015-03-08", "60"), ("2015-05-08", "40")] {
        unit.add_ledger_entry(
            "lectures",
            &kaoping::document::EntryDraft {
                date: date.into(),
                title: format!("讲座{date}"),
                figures: [("women".to_string(), women.to_string())].into(),
            },
        )
        .unwrap();
    }
    unit.save_to(&path).unwrap();
    let mut h = app();
    h.state_mut().set_mode(kaoping::ui::Mode::Review);
    assert!(h.state_mut().open_path(&path));
    let item = loaded
        .ruleset
        .items()
        .position(|(_, i)| i.id == "rights.publicity")
        .unwrap();
    h.state_mut().select(item);
    h.run();
    // The reviewer has typed a 考核得分 of her own before she strikes an entry.
    crate::keyboard::focus(&mut h, "考核得分");
    type_text(&mut h, "1");
    press(&mut h, Key::Tab);
    h.query_all_by_label("不予认定…")
        .next()
        .unwrap()
        .scroll_to_me();
    h.run();
    h.query_all_by_label("不予认定…").next().unwrap().click();
    h.run();
    // Enter with no reason is refused, saying why; then the reason typed key by key.
    press(&mut h, Key::Enter);
    h.get_by_label_contains("请写明不予认定的理由");
    type_text(&mut h, "无签到表");
    press(&mut h, Key::Enter);
    let item = &h.state().session.sheet().items["rights.publicity"];
    assert!(
        item.review_note
            .contains("不予认定：讲座“讲座2015-03-08”（2015-03-08）：无签到表"),
        "{}",
        item.review_note
    );
    let reviewed = item.reviewed.expect("recomputed");
    // The 考核得分 field shows the score put in, not what was typed before.
    assert_eq!(
        crate::keyboard::shown(&h, "考核得分"),
        kaoping::ruleset::fmt_dec(reviewed)
    );
    h.get_by_label("不予认定：无签到表");
    h.get_by_label("撤销不予认定");
}

#[test]
fn a_ledger_kept_as_a_table_is_imported_in_the_window_as_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = crate::common::rs2015();
    // A table as exported from another sheet: two 讲座.
    let mut other = kaoping::document::Session::new(None);
    for (date, women) in [("2015-03-08", "60"), ("2015-05-08", "40")] {
        other
            .add_ledger_entry(
                "lectures",
                &kaoping::document::EntryDraft {
                    date: date.into(),
                    title: format!("讲座{date}"),
                    figures: [("women".to_string(), women.to_string())].into(),
                },
            )
            .unwrap();
    }
    let good = dir.path().join("讲座台账.xlsx");
    std::fs::write(
        &good,
        kaoping::ledger_book::export(&loaded.ruleset, &other.sheet().ledgers).unwrap(),
    )
    .unwrap();
    let path = dir.path().join("平江县.kaoping");
    kaoping::sample::filled_sheet_for(&loaded, "pingjiang", 3)
        .save(&path, &loaded)
        .unwrap();
    let mut h = app();
    assert!(h.state_mut().open_path(&path));
    let item = loaded
        .ruleset
        .items()
        .position(|(_, i)| i.id == "rights.publicity")
        .unwrap();
    h.state_mut().select(item);
    h.run();
    h.get_by_label("从表格导入…").click();
    h.run();
    crate::keyboard::focus(&mut h, "文件夹");
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.event(egui::Event::Paste(dir.path().display().to_string()));
    h.run();
    crate::keyboard::focus(&mut h, "文件名");
    type_text(&mut h, "讲座台账.xlsx");
    press(&mut h, Key::Enter);
    assert_eq!(lectures(&h), 2, "{}", h.state().status);
    h.get_by_label_contains("已导入2条讲座");
    // Ctrl+Z takes the whole import back, as one step.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(lectures(&h), 0);
}
