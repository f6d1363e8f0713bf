//! 撤销 and 重做 as a clerk and a reviewer use them: a count typed key by key is one step,
//! Ctrl+Z takes it back to the saved value and the status bar says 已保存 again, Ctrl+Y does
//! it again, a 佐证材料 removed comes back with its file, and 考核得分 in review mode.

use crate::common::rs2015;
use crate::keyboard::{H, app, focus, key_char, shown};
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use kaoping::catalog::Catalog;
use kaoping::scoring::Fact;
use kaoping::ui::Mode;
use std::path::{Path, PathBuf};

fn open_saved(dir: &Path) -> (H, PathBuf) {
    let loaded = rs2015();
    let path = dir.join("平江县.kaoping");
    kaoping::sample::filled_sheet_for(&loaded, "pingjiang", 3)
        .save(&path, &loaded)
        .unwrap();
    let mut h = app();
    h.state_mut().open_after_print = false;
    assert!(h.state_mut().open_path(&path));
    h.state_mut().select(0);
    h.run();
    (h, path)
}

fn city_info(h: &H) -> Option<Fact> {
    h.state().session.sheet().items["office.info"]
        .facts
        .get("city")
        .cloned()
}

fn ctrl(h: &mut H, key: Key) {
    h.key_press_modifiers(Modifiers::COMMAND, key);
    h.run();
}

#[test]
fn a_count_typed_key_by_key_is_one_step_and_undo_goes_back_to_the_saved_state() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = open_saved(dir.path());
    let saved = city_info(&h);
    let saved_text = shown(&h, "市妇联采用信息");
    focus(&mut h, "市妇联采用信息");
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.key_press(Key::Backspace);
    h.run();
    for c in "80".chars() {
        key_char(&mut h, c);
    }
    assert_eq!(city_info(&h), Some(Fact::Number(80.into())));
    assert!(h.state().session.is_modified());
    // The 编辑 menu says what 撤销 would take back.
    assert_eq!(
        h.state().session.undo_said(),
        Some(format!("市妇联采用信息 {saved_text} → 80").as_str())
    );
    // Ctrl+Z in the field: the whole typing, back to what is saved.
    ctrl(&mut h, Key::Z);
    assert_eq!(city_info(&h), saved);
    assert_eq!(shown(&h, "市妇联采用信息"), saved_text);
    assert!(!h.state().session.is_modified());
    h.get_by_label("已保存");
    h.get_by_label_contains("已撤销：市妇联采用信息");
    // Ctrl+Y does it again; Ctrl+Shift+Z too after another undo.
    ctrl(&mut h, Key::Y);
    assert_eq!(city_info(&h), Some(Fact::Number(80.into())));
    assert_eq!(shown(&h, "市妇联采用信息"), "80");
    assert!(h.state().session.is_modified());
    ctrl(&mut h, Key::Z);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(city_info(&h), Some(Fact::Number(80.into())));
    // Another field is another step: undoing it leaves the first.
    focus(&mut h, "省妇联采用信息");
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.key_press(Key::Backspace);
    h.run();
    key_char(&mut h, '5');
    ctrl(&mut h, Key::Z);
    assert_eq!(city_info(&h), Some(Fact::Number(80.into())));
    ctrl(&mut h, Key::Z);
    assert_eq!(city_info(&h), saved);
}

#[test]
fn a_removed_file_comes_back_with_undo_before_and_after_a_save() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = rs2015();
    let path = dir.path().join("平江县.kaoping");
    let mut sheet = kaoping::sample::filled_sheet_for(&loaded, "pingjiang", 3);
    sheet.save(&path, &loaded).unwrap();
    let photo = dir.path().join("合影.jpg");
    std::fs::write(&photo, b"her photo").unwrap();
    kaoping::evidence::attach(&mut sheet, &loaded, &path, "office.info", &photo, None).unwrap();
    sheet.save(&path, &loaded).unwrap();
    let stored = kaoping::evidence::item_file(&path, "office.info", "合影.jpg");
    let mut h = app();
    assert!(h.state_mut().open_path(&path));
    h.state_mut().select(0);
    h.run();
    let listed = |h: &H| {
        h.state()
            .session
            .sheet()
            .evidence
            .get("office.info")
            .map_or(0, Vec::len)
    };
    assert_eq!(listed(&h), 1);
    // 删除, then Ctrl+Z: listed again, the file where it was.
    h.get_by_label("删除").click();
    h.run();
    assert_eq!(listed(&h), 0);
    ctrl(&mut h, Key::Z);
    assert_eq!(listed(&h), 1);
    assert!(stored.exists());
    assert!(!h.state().session.is_modified());
    // 删除, save (the file goes to the trash), then Ctrl+Z: it comes back from the trash.
    h.get_by_label("删除").click();
    h.run();
    ctrl(&mut h, Key::S);
    assert!(!stored.exists(), "the save took the removed file away");
    ctrl(&mut h, Key::Z);
    assert_eq!(listed(&h), 1);
    assert!(stored.exists(), "{}", h.state().status);
    assert_eq!(std::fs::read(&stored).unwrap(), b"her photo");
    // Saved again, the sheet lists it and it is there.
    ctrl(&mut h, Key::S);
    let reopened = kaoping::sheet::open_sheet(&path, &Catalog::default()).unwrap();
    assert_eq!(reopened.sheet.evidence["office.info"].len(), 1);
    assert!(stored.exists());
}

#[test]
fn a_reviewed_score_is_undone_in_review_mode() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = open_saved(dir.path());
    h.state_mut().set_mode(Mode::Review);
    h.state_mut().select(0);
    h.run();
    let reviewed = |h: &H| h.state().session.sheet().items["office.info"].reviewed;
    assert_eq!(reviewed(&h), None);
    focus(&mut h, "考核得分");
    for c in "4.5".chars() {
        key_char(&mut h, c);
    }
    assert_eq!(reviewed(&h), Some("4.5".parse().unwrap()));
    assert!(
        h.state()
            .session
            .undo_said()
            .is_some_and(|s| s.contains("考核得分 空 → 4.5")),
        "{:?}",
        h.state().session.undo_said()
    );
    ctrl(&mut h, Key::Z);
    assert_eq!(reviewed(&h), None);
    assert_eq!(shown(&h, "考核得分"), "");
}
