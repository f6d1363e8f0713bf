//! The clerk's traps, reproduced key by key as she met them: a save over another sheet that
//! took its 佐证材料 away, a warning that reached the signed paper unanswered, Enter then Tab
//! that left the sheet, dialogs that Esc and Enter could not answer.

use crate::common::rs2015;
use crate::keyboard::{H, app, focus, key_char, replace_text, shown};
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use kaoping::catalog::Catalog;
use std::path::{Path, PathBuf};

/// An earlier 平江县 sheet in `dir` under the name the window proposes, with a photo attached
/// to item 1. Returns its path and the photo's path in its 佐证材料 folder.
fn earlier_pingjiang_sheet(dir: &Path) -> (PathBuf, PathBuf) {
    let loaded = rs2015();
    let mut sheet = kaoping::sample::filled_sheet_for(&loaded, "pingjiang", 3);
    let path = dir.join("平江县妇联-2015年度绩效考核自评.kaoping");
    sheet.save(&path, &loaded).unwrap();
    let photo = dir.join("三八活动.jpg");
    std::fs::write(&photo, b"her photo").unwrap();
    let item = loaded.ruleset.items().next().unwrap().1.id.clone();
    kaoping::evidence::attach(&mut sheet, &loaded, &path, &item, &photo, None).unwrap();
    sheet.save(&path, &loaded).unwrap();
    let stored = kaoping::evidence::item_file(&path, &item, "三八活动.jpg");
    assert!(stored.exists());
    (path, stored)
}

fn pick_unit(h: &mut H, typed: &str) {
    focus(h, "填报单位");
    for c in typed.chars() {
        key_char(h, c);
    }
    h.key_press(Key::Enter);
    h.run();
}

/// Ctrl+S on a new sheet: the window's own entry, the folder pasted, the proposed name kept,
/// Enter.
fn save_new_into(h: &mut H, dir: &Path) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    h.get_by_label("保存考评表");
    replace_text(h, "文件夹", &dir.display().to_string());
    focus(h, "文件名");
    h.key_press(Key::Enter);
    h.run();
}

#[test]
fn a_new_sheet_saved_under_an_earlier_sheets_name_asks_first_and_never_deletes_its_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let (earlier, photo) = earlier_pingjiang_sheet(dir.path());
    let earlier_text = std::fs::read(&earlier).unwrap();
    let mut h = app();
    h.run();
    pick_unit(&mut h, "平江");
    save_new_into(&mut h, dir.path());
    // Asked, naming what is there: whose sheet, when saved, how many files.
    h.get_by_label("替换已有的考评表？");
    h.get_by_label_contains("已有一份平江县的考评表");
    h.get_by_label_contains("佐证材料1个");
    // Esc is 取消: nothing saved, nothing moved.
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label("替换已有的考评表？").is_none());
    assert!(h.state().session.doc.path.is_none(), "not saved");
    assert_eq!(std::fs::read(&earlier).unwrap(), earlier_text);
    assert!(photo.exists());

    // Again, and Enter takes the default: 另存为其他名称, a name nothing has yet.
    save_new_into(&mut h, dir.path());
    h.get_by_label("替换已有的考评表？");
    h.key_press(Key::Enter);
    h.run();
    h.get_by_label("保存考评表");
    focus(&mut h, "文件名");
    assert_eq!(
        shown(&h, "文件名"),
        "平江县妇联-2015年度绩效考核自评（2）.kaoping"
    );
    h.key_press(Key::Enter);
    h.run();
    let second = dir
        .path()
        .join("平江县妇联-2015年度绩效考核自评（2）.kaoping");
    assert_eq!(
        h.state().session.doc.path.as_deref(),
        Some(second.as_path())
    );
    assert_eq!(std::fs::read(&earlier).unwrap(), earlier_text);
    assert!(photo.exists(), "the earlier sheet's photo is still there");
    assert_eq!(std::fs::read(&photo).unwrap(), b"her photo");

    // Save As onto the earlier sheet, 替换 chosen: the earlier sheet is kept as .bak and its
    // folder goes beside it, whole.
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    h.run();
    replace_text(&mut h, "文件名", "平江县妇联-2015年度绩效考核自评.kaoping");
    h.key_press(Key::Enter);
    h.run();
    h.get_by_label("替换已有的考评表？");
    h.get_by_label("替换").click();
    h.run();
    assert_eq!(
        h.state().session.doc.path.as_deref(),
        Some(earlier.as_path())
    );
    assert_eq!(
        std::fs::read(kaoping::fsio::backup_path(&earlier)).unwrap(),
        earlier_text
    );
    let aside = kaoping::evidence::backup_folder_for(&earlier);
    let kept = aside
        .join(photo.parent().unwrap().file_name().unwrap())
        .join("三八活动.jpg");
    assert_eq!(std::fs::read(&kept).unwrap(), b"her photo");
    h.get_by_label_contains("它的佐证材料移到了");
    // The new sheet lists nothing, and nothing of the old one is mixed into its folder.
    let reopened = kaoping::sheet::open_sheet(&earlier, &Catalog::default()).unwrap();
    assert!(reopened.sheet.evidence.is_empty());
    assert!(!kaoping::evidence::folder_for(&earlier).exists());
}

#[test]
fn a_save_as_onto_a_sheet_with_evidence_keeps_both_sheets_files() {
    let dir = tempfile::tempdir().unwrap();
    let (earlier, photo) = earlier_pingjiang_sheet(dir.path());
    // Another sheet with a file of its own, opened, saved as the earlier one.
    let loaded = rs2015();
    let mut other = kaoping::sample::filled_sheet_for(&loaded, "pingjiang", 5);
    let other_path = dir.path().join("副本.kaoping");
    other.save(&other_path, &loaded).unwrap();
    let report = dir.path().join("调研报告.pdf");
    std::fs::write(&report, b"%PDF report").unwrap();
    let item2 = loaded.ruleset.items().nth(1).unwrap().1.id.clone();
    kaoping::evidence::attach(&mut other, &loaded, &other_path, &item2, &report, None).unwrap();
    other.save(&other_path, &loaded).unwrap();
    let mut h = app();
    assert!(h.state_mut().open_path(&other_path));
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    h.run();
    replace_text(&mut h, "文件夹", &dir.path().display().to_string());
    replace_text(&mut h, "文件名", "平江县妇联-2015年度绩效考核自评");
    h.key_press(Key::Enter);
    h.run();
    h.get_by_label("替换").click();
    h.run();
    // The sheet saved there has its own file beside it; the replaced one's photo is kept.
    let opened = kaoping::sheet::open_sheet(&earlier, &Catalog::default()).unwrap();
    assert!(kaoping::evidence::check_files(&opened.sheet, &opened.ruleset, &earlier).is_empty());
    assert!(
        kaoping::evidence::item_file(&earlier, &item2, "调研报告.pdf").exists(),
        "the saved sheet's file came along"
    );
    let aside = kaoping::evidence::backup_folder_for(&earlier);
    assert!(
        aside
            .join(photo.parent().unwrap().file_name().unwrap())
            .join("三八活动.jpg")
            .exists()
    );
    // The sheet it came from keeps its file too.
    assert!(kaoping::evidence::item_file(&other_path, &item2, "调研报告.pdf").exists());
}
