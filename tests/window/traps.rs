//! The clerk's traps, reproduced key by key as she met them: a save over another sheet that
//! took its 佐证材料 away, a warning that reached the signed paper unanswered, Enter then Tab
//! that left the sheet, dialogs that Esc and Enter could not answer.

use crate::common::{d, rs2015};
use crate::keyboard::{H, app, focus, key_char, replace_text, shown};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use kaoping::catalog::Catalog;
use kaoping::scoring::Fact;
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
    // Asked, naming what is there: whose sheet, when saved, how far filled and its total,
    // how many files — a finished sheet does not look like a new draft.
    h.get_by_label("替换已有的考评表？");
    h.get_by_label_contains("已有一份平江县的考评表");
    h.get_by_label_contains("佐证材料1个");
    let total = kaoping::ruleset::fmt_dec(
        kaoping::sheet::open_sheet(&earlier, &Catalog::default())
            .unwrap()
            .report
            .total,
    );
    h.get_by_label_contains(&format!("44项已填完，自查得分合计{total}分"));
    // Esc is 取消: nothing saved, nothing moved.
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label("替换已有的考评表？").is_none());
    assert!(h.state().session.path().is_none(), "not saved");
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
    assert_eq!(h.state().session.path(), Some(second.as_path()));
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
    assert_eq!(h.state().session.path(), Some(earlier.as_path()));
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

fn focused(h: &H, role: Role, label: &str) -> bool {
    h.get_by_role_and_label(role, label).is_focused()
}

/// Types `text` one key at a time, then Enter: the field keeps the keyboard and holds it.
fn type_then_enter(h: &mut H, label: &str, text: &str) {
    for c in text.chars() {
        key_char(h, c);
    }
    h.key_press(Key::Enter);
    h.run();
    assert!(
        focused(h, Role::TextInput, label),
        "Enter in {label} must keep the keyboard in the sheet"
    );
    assert_eq!(shown(h, label), text);
}

#[test]
fn enter_then_tab_goes_to_the_next_field_in_every_header_field_and_input() {
    let mut h = app();
    h.run();
    pick_unit(&mut h, "平江");
    h.key_press(Key::Tab);
    h.run();
    assert!(
        focused(&h, Role::TextInput, "乡镇数"),
        "Tab after Enter in 填报单位"
    );
    type_then_enter(&mut h, "乡镇数", "24");
    h.key_press(Key::Tab);
    h.run();
    assert!(
        focused(&h, Role::TextInput, "联系人"),
        "Tab after Enter: 联系人"
    );
    type_then_enter(&mut h, "联系人", "李梅");
    h.key_press(Key::Tab);
    h.run();
    assert!(focused(&h, Role::TextInput, "电话"));
    type_then_enter(&mut h, "电话", "0730-1234567");
    h.key_press(Key::Tab);
    h.run();
    let sheet = &h.state().session.sheet();
    assert_eq!(sheet.figures.get("townships"), Some(&24));
    assert_eq!(sheet.contact.name, "李梅");
    assert_eq!(sheet.contact.phone, "0730-1234567");
    // The item's inputs: a count, Enter, Tab to the next count.
    assert!(focused(&h, Role::TextInput, "市妇联采用信息"));
    type_then_enter(&mut h, "市妇联采用信息", "72");
    h.key_press(Key::Tab);
    h.run();
    assert!(focused(&h, Role::TextInput, "省妇联采用信息"));
    type_then_enter(&mut h, "省妇联采用信息", "40");
    // ↓ out of a one-line field goes to the next item (and its first input).
    h.key_press(Key::ArrowDown);
    h.run();
    assert_eq!(h.state().sheet_view.selected, 1);
    h.key_press(Key::ArrowUp);
    h.run();
    assert_eq!(h.state().sheet_view.selected, 0);
    let facts = &h.state().session.sheet().items["office.info"].facts;
    assert_eq!(facts.get("city"), Some(&Fact::Number(d("72"))));
    assert_eq!(facts.get("province"), Some(&Fact::Number(d("40"))));
    // A rate and a manual score with its reason, each Enter then Tab.
    let screening = rs2015()
        .ruleset
        .items()
        .position(|(_, i)| i.id == "development.screening")
        .unwrap();
    h.state_mut().select(screening);
    h.run();
    focus(&mut h, "年度检查任务完成率");
    type_then_enter(&mut h, "年度检查任务完成率", "95");
    h.get_by_label("手动评分").click();
    h.run();
    focus(&mut h, "手动自查得分");
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.key_press(Key::Backspace);
    h.run();
    type_then_enter(&mut h, "手动自查得分", "3");
    h.key_press(Key::Tab);
    h.run();
    assert!(focused(&h, Role::TextInput, "手动评分理由"));
    type_then_enter(&mut h, "手动评分理由", "按实际");
    let entry = &h.state().session.sheet().items["development.screening"];
    assert_eq!(
        entry.manual.as_ref().map(|m| m.reason.as_str()),
        Some("按实际")
    );
    // Nothing went to the menu bar: no menu opened, the texts are all there.
    assert_eq!(h.state().session.sheet().contact.name, "李梅");
}

/// A complete 平江县 sheet saved in `dir` and opened, with 两癌's rate selected.
fn complete_sheet_open(dir: &Path) -> (H, PathBuf) {
    let loaded = rs2015();
    let path = dir.join("平江县.kaoping");
    kaoping::sample::filled_sheet_for(&loaded, "pingjiang", 3)
        .save(&path, &loaded)
        .unwrap();
    let mut h = app();
    h.state_mut().open_after_print = false;
    assert!(h.state_mut().open_path(&path));
    let screening = loaded
        .ruleset
        .items()
        .position(|(_, i)| i.id == "development.screening")
        .unwrap();
    h.state_mut().select(screening);
    h.run();
    (h, path)
}

#[test]
fn a_rate_typed_as_a_fraction_is_answered_in_place_before_the_paper() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path) = complete_sheet_open(dir.path());
    focus(&mut h, "年度检查任务完成率");
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.key_press(Key::Backspace);
    h.run();
    for c in "0.87".chars() {
        key_char(&mut h, c);
    }
    assert_eq!(shown(&h, "年度检查任务完成率"), "0.87");
    h.get_by_label_contains("是否为87%");
    // Ctrl+P asks, listing the warning; Esc is 取消: nothing printed.
    h.key_press_modifiers(Modifiers::COMMAND, Key::P);
    h.run();
    h.get_by_label("打印草稿？");
    h.get_by_label_contains("1个警告未确认");
    h.get_by_label_contains("· 事业部 第1项");
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label("打印草稿？").is_none());
    assert!(h.state().last_pdf.is_none());
    assert_eq!(shown(&h, "年度检查任务完成率"), "0.87", "Esc lost nothing");
    // Enter takes the default button: 打印草稿, every page marked.
    h.key_press_modifiers(Modifiers::COMMAND, Key::P);
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let pdf = std::fs::read(path.with_extension("pdf")).unwrap();
    assert!(
        crate::common::pdf_pages_text(&pdf)
            .iter()
            .all(|p| p.contains("草稿"))
    );
    // Answered 确认无误 in place: the sheet is final, the answer saved with it.
    h.get_by_label("确认无误").click();
    h.run();
    assert!(
        h.query_all_by_label_contains("已确认无误：年度检查任务完成率")
            .next()
            .is_some()
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::P);
    h.run();
    assert!(
        h.query_by_label("打印草稿？").is_none(),
        "nothing left to ask"
    );
    let pdf = std::fs::read(path.with_extension("pdf")).unwrap();
    assert!(
        crate::common::pdf_pages_text(&pdf)
            .iter()
            .all(|p| !p.contains("草稿"))
    );
    let saved = kaoping::sheet::open_sheet(&path, &Catalog::default()).unwrap();
    assert_eq!(
        saved.sheet.items["development.screening"].confirmed.len(),
        1
    );
    // Seen by the municipal office as answered.
    h.state_mut().set_mode(kaoping::ui::Mode::Review);
    h.run();
    h.get_by_label_contains("单位已确认无误");
}

#[test]
fn esc_closes_the_unsaved_question_and_the_problems_list_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = complete_sheet_open(dir.path());
    focus(&mut h, "联系人");
    for c in "王".chars() {
        key_char(&mut h, c);
    }
    let typed = shown(&h, "联系人");
    // 新建 with unsaved changes asks; Esc is 取消.
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    h.get_by_label("保存修改？");
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label("保存修改？").is_none());
    assert!(h.state().session.is_modified());
    assert_eq!(h.state().session.sheet().contact.name, typed);
    // The window's own path entry (另存为): Esc is 取消, the proposed name had its cursor at
    // its end (a key typed goes after it).
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    h.run();
    h.get_by_label("保存考评表");
    let proposed = shown(&h, "文件名");
    key_char(&mut h, 'X');
    assert_eq!(shown(&h, "文件名"), format!("{proposed}X"));
    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().dialog.is_none());
    assert!(h.state().session.is_modified(), "nothing saved");
    // The problems list: opened with Ctrl+E, closed with Esc; its buttons speak Chinese.
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    assert!(h.query_all_by_label("问题列表").next().is_some());
    assert!(h.query_by_label("Close window").is_none() && h.query_by_label("Hide").is_none());
    h.get_by_label("关闭");
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().problems_open);
    assert_eq!(h.state().session.sheet().contact.name, typed);
}

/// Files in a folder with times a minute apart, the last one newest.
fn files_made_in_order(dir: &Path, names: &[&str]) {
    std::fs::create_dir_all(dir).unwrap();
    let start = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for (i, name) in names.iter().enumerate() {
        let path = dir.join(name);
        std::fs::write(&path, name.as_bytes()).unwrap();
        let f = std::fs::File::options().write(true).open(&path).unwrap();
        f.set_modified(start + std::time::Duration::from_secs(60 * i as u64))
            .unwrap();
    }
}

/// 添加文件…, scrolled to in the calculator as a person scrolls to it, and clicked.
fn add_file_button(h: &mut H) {
    h.get_by_label("添加文件…").scroll_to_me();
    h.run();
    h.get_by_label("添加文件…").click();
    h.run();
}

fn attached_titles(h: &H, item: &str) -> Vec<String> {
    h.state()
        .session
        .sheet()
        .evidence
        .get(item)
        .map(|l| l.iter().map(|e| e.title.clone()).collect())
        .unwrap_or_default()
}

#[test]
fn attaching_without_a_system_dialog_lists_the_folder_newest_first_to_pick_or_tick() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = complete_sheet_open(dir.path());
    h.state_mut().select(0);
    h.run();
    let photos = dir.path().join("照片");
    files_made_in_order(&photos, &["旧通知.pdf", "合影.jpg", "签到表.png"]);
    add_file_button(&mut h);
    replace_text(&mut h, "文件夹", &photos.display().to_string());
    h.get_by_label_contains("最新的在前");
    // ↓ from the name field reaches the newest file first; Enter adds it.
    focus(&mut h, "文件名");
    h.key_press(Key::ArrowDown);
    h.run();
    assert_eq!(shown(&h, "文件名"), "签到表.png");
    h.key_press(Key::ArrowDown);
    h.run();
    assert_eq!(shown(&h, "文件名"), "合影.jpg");
    h.key_press(Key::Enter);
    crate::finish_work(&mut h);
    assert_eq!(attached_titles(&h, "office.info"), vec!["合影"]);
    // Several at once: two ticked, 添加. The dialog starts where the last file came from.
    add_file_button(&mut h);
    assert_eq!(shown(&h, "文件夹"), photos.display().to_string());
    h.get_by_label("旧通知.pdf").click();
    h.get_by_label("签到表.png").click();
    h.run();
    h.get_by_label("已勾选2个文件");
    // A click beside the dialog does not throw the ticks away.
    let beside = egui::pos2(4.0, 4.0);
    h.event(egui::Event::PointerMoved(beside));
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: beside,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.run();
    }
    h.get_by_label("已勾选2个文件");
    h.get_by_label("添加").click();
    crate::finish_work(&mut h);
    let titles = attached_titles(&h, "office.info");
    assert_eq!(titles.len(), 3, "{titles:?}");
    assert!(titles.contains(&"旧通知".to_string()) && titles.contains(&"签到表".to_string()));
}

#[test]
fn opening_without_a_system_dialog_lists_packages_beside_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("收件箱");
    std::fs::create_dir_all(&inbox).unwrap();
    let loaded = rs2015();
    let sheet_path = inbox.join("岳阳县.kaoping");
    kaoping::sample::filled_sheet_for(&loaded, "yueyang", 2)
        .save(&sheet_path, &loaded)
        .unwrap();
    let written = kaoping::package::write(&sheet_path, &Catalog::default(), None).unwrap();
    std::fs::write(inbox.join("说明.txt"), b"not listed").unwrap();
    let mut h = app();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    replace_text(&mut h, "文件夹", &inbox.display().to_string());
    h.get_by_label("此文件夹中的考评表、提交包和退回通知：");
    h.get_by_label("岳阳县.kaoping");
    let zip_name = written
        .path
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    h.get_by_label(&zip_name);
    assert!(h.query_by_label("说明.txt").is_none());
}

#[test]
fn f1_opens_the_help_with_the_steps_keys_and_about_and_esc_closes_it() {
    let mut h = app();
    h.run();
    h.key_press(Key::F1);
    h.run();
    assert!(h.state().help.is_some());
    h.get_by_label_contains("选填报单位");
    h.get_by_label_contains("生成提交包：文件 → 生成提交包…");
    h.get_by_label("快捷键").click();
    h.run();
    h.get_by_label("Ctrl+N / Ctrl+O / Ctrl+S / Ctrl+Shift+S");
    h.get_by_label("关于").click();
    h.run();
    h.get_by_label_contains("考评 kaoping 版本");
    h.get_by_label_contains("yueyang-2015 版本");
    h.get_by_label_contains("Arphic Public License");
    h.get_by_label_contains("查看许可证：AR PL").click();
    h.run();
    h.get_by_label_contains("ARPHIC PUBLIC LICENSE");
    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().help.is_none());
    // From the menu too.
    h.get_by_label("帮助").click();
    h.run();
    h.get_by_label("关于考评").click();
    h.run();
    h.get_by_label_contains("自动保存的草稿");
}

/// The rows of the grid, their spoken names and rectangles.
fn rows(h: &H) -> Vec<(String, egui::Rect)> {
    h.root()
        .query_all(egui_kittest::kittest::by().role(Role::Row))
        .map(|n| (n.accesskit_node().label().unwrap_or_default(), n.rect()))
        .collect()
}

#[test]
fn at_1024_by_700_five_office_rows_show_and_no_row_reaches_under_the_calculator() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = rs2015();
    let path = dir.path().join("平江县.kaoping");
    let mut sheet = kaoping::sample::filled_sheet_for(&loaded, "pingjiang", 3);
    sheet.save(&path, &loaded).unwrap();
    for name in [
        "2015年三八系列活动现场照片（一）.jpg",
        "2015年度信息采用情况统计表.pdf",
    ] {
        let f = dir.path().join(name);
        std::fs::write(&f, name.as_bytes()).unwrap();
        kaoping::evidence::attach(&mut sheet, &loaded, &path, "office.info", &f, None).unwrap();
    }
    sheet.save(&path, &loaded).unwrap();
    for (w, hgt, zoom) in [
        (1024.0, 700.0, 1.0),
        (1280.0, 800.0, 1.0),
        (1366.0, 768.0, 1.0),
        (1024.0, 700.0, 1.2),
        (1366.0, 768.0, 1.2),
    ] {
        let mut a = kaoping::ui::KaopingApp::new(None);
        assert!(a.open_path(&path));
        let mut h = crate::keyboard::harness_sized(a, w, hgt);
        h.ctx.set_zoom_factor(zoom);
        h.state_mut().select(0);
        h.run();
        h.run();
        let (vw, vh) = (w / zoom, hgt / zoom);
        let calculator_left = h.get_by_label("办公室工作 第1项（6分）").rect().min.x;
        for (name, r) in rows(&h) {
            assert!(
                r.max.x <= calculator_left + 0.5,
                "{w}×{hgt} at {zoom}: row {name} reaches {r:?}, the calculator begins at {calculator_left}"
            );
        }
        for title in [
            "考核项目",
            "考核内容",
            "标准分",
            "自查得分",
            "考核得分",
            "状态",
        ] {
            let r = h.get_by_label(title).rect();
            assert!(
                r.max.x <= calculator_left && r.max.x <= vw,
                "{title} cut at {w}×{hgt} {zoom}"
            );
        }
        if zoom == 1.0 && w == 1024.0 {
            let office_in_view = rows(&h)
                .iter()
                .filter(|(n, r)| n.starts_with("办公室工作") && r.max.y <= vh && r.min.y >= 0.0)
                .count();
            assert!(
                office_in_view >= 5,
                "{office_in_view} office rows in view at 1024×700"
            );
        }
        // 添加文件… is there to click, not under a row.
        h.get_by_label("添加文件…").scroll_to_me();
        h.run();
        h.get_by_label("添加文件…").click();
        h.run();
        assert!(
            h.state().dialog.is_some(),
            "添加文件… opened its dialog at {w}×{hgt} {zoom}"
        );
    }
}

#[test]
fn a_screen_reader_reaches_every_row_hears_changes_and_answers_and_is_told_which_dialog() {
    use egui::accesskit::Live;
    let mut h = app();
    h.run();
    pick_unit(&mut h, "平江");
    // The grid is a table of all 44 rows (not only those in view), with column headers.
    let table = h.get_by_role_and_label(Role::Table, "考评表");
    assert_eq!(table.accesskit_node().data().row_count(), Some(44));
    assert_eq!(rows(&h).len(), 44, "every row is in the tree");
    for title in ["考核项目", "考核内容", "标准分", "自查得分", "状态"] {
        h.get_by_role_and_label(Role::ColumnHeader, title);
    }
    // The item heading and the self score announce their changes (live regions).
    h.key_press(Key::Tab);
    h.run();
    h.key_press(Key::ArrowDown);
    h.run();
    let heading = h.get_by_label("办公室工作 第2项（3分）");
    assert_eq!(heading.accesskit_node().live(), Live::Polite);
    let score = h.get_by_label_contains("自查得分：");
    assert_eq!(score.accesskit_node().live(), Live::Polite);
    // A 是/否 question says its answer.
    let statistics = rs2015()
        .ruleset
        .items()
        .position(|(_, i)| i.id == "office.statistics")
        .unwrap();
    h.state_mut().select(statistics);
    h.state_mut().sheet_view.focus_calculator = true;
    h.run();
    h.run();
    let q = "及时完成妇联系统统计工作";
    assert!(h.get_by_role_and_label(Role::RadioGroup, q).is_focused());
    let said = |h: &H| {
        h.get_by_role_and_label(Role::RadioGroup, q)
            .accesskit_node()
            .data()
            .state_description()
            .map(str::to_string)
    };
    assert_eq!(said(&h).as_deref(), Some("回答：未填"));
    h.key_press(Key::Y);
    h.run();
    assert_eq!(said(&h).as_deref(), Some("回答：是"));
    h.key_press(Key::N);
    h.run();
    assert_eq!(said(&h).as_deref(), Some("回答：否"));
    // A dialog is named after its heading and its default button has the keyboard.
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    h.run();
    let dialog = h.get_by_role_and_label(Role::Dialog, "保存修改？");
    assert!(
        dialog
            .get_by_role_and_label(Role::Button, "保存")
            .is_focused()
    );
}

#[test]
fn esc_closes_every_kind_of_dialog_as_cancel() {
    use kaoping::ui::Dialog;
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path) = complete_sheet_open(dir.path());
    let draft = kaoping::recovery::Draft {
        written_at: "2026-12-01T10:00:00+08:00".into(),
        file: Some(path.clone()),
        unit_name: Some("平江县".into()),
        sheet_text: std::fs::read_to_string(&path).unwrap(),
        review: false,
    };
    let dialogs = vec![
        Dialog::Message {
            title: "无法打印".into(),
            body: "说明".into(),
        },
        Dialog::Unsaved(kaoping::ui::Pending::Close),
        Dialog::ReplaceSheet {
            path: path.clone(),
            what: "已有一份平江县的考评表".into(),
            own_file: false,
        },
        Dialog::ReplaceSheet {
            path: path.clone(),
            what: "“平江县.kaoping”在本窗口打开之后被另一个考评窗口或其他程序改过".into(),
            own_file: true,
        },
        Dialog::ConfirmDraft {
            unfilled: Some("44项".into()),
            errors: 0,
            questions: vec![],
        },
        Dialog::Restore {
            path: dir.path().join("草稿.kaoping"),
            draft,
        },
        Dialog::ChooseRuleset { choice: 0 },
        Dialog::Package {
            file_name: "包.zip".into(),
            files: 2,
            contents: "考评表、打印稿".into(),
            bytes: 1000,
            missing: vec![],
        },
    ];
    let before = h.state().session.sheet().clone();
    for d in dialogs {
        let shown = format!("{d:?}");
        h.state_mut().dialog = Some(d);
        h.run();
        assert!(h.state().dialog.is_some());
        h.key_press(Key::Escape);
        h.run();
        assert!(h.state().dialog.is_none(), "Esc left {shown}");
        assert_eq!(
            h.state().session.sheet(),
            &before,
            "Esc changed the sheet: {shown}"
        );
        assert!(h.state().session.path().is_some());
    }
}

#[test]
fn save_in_the_unsaved_question_waits_for_the_place_then_does_what_was_asked() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app();
    pick_unit(&mut h, "平江县");
    assert!(h.state().session.is_modified());
    // 新建 → 保存修改？ → 保存: the sheet has no file yet, so the window asks where first.
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    h.get_by_label("保存修改？");
    h.key_press(Key::Enter);
    h.run();
    h.get_by_label("保存考评表");
    // While it asks, nothing that waited for the save has happened.
    assert_eq!(h.state().session.sheet().unit.as_deref(), Some("pingjiang"));
    // Esc: no save, so no 新建 either; the work is all there.
    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().dialog.is_none());
    assert_eq!(h.state().session.sheet().unit.as_deref(), Some("pingjiang"));
    assert!(h.state().session.is_modified());
    // Again, and this time a place is given: saved, then the new sheet.
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    h.key_press(Key::Enter);
    h.run();
    replace_text(&mut h, "文件夹", &dir.path().display().to_string());
    focus(&mut h, "文件名");
    h.key_press(Key::Enter);
    h.run();
    let saved = dir.path().join("平江县妇联-2015年度绩效考核自评.kaoping");
    let reopened = kaoping::sheet::open_sheet(&saved, &Catalog::default()).unwrap();
    assert_eq!(reopened.sheet.unit.as_deref(), Some("pingjiang"));
    assert_eq!(h.state().session.sheet().unit, None, "then 新建");
    assert!(h.state().session.path().is_none());
    assert!(!h.state().session.is_modified());
}

/// 联系人 typed over one key at a time (Ctrl+A first), then Tab.
fn type_contact(h: &mut H, name: &str) {
    focus(h, "联系人");
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    for c in name.chars() {
        key_char(h, c);
    }
    h.key_press(Key::Tab);
    h.run();
}

/// A sheet double-clicked twice is open in two windows: the one saving second is asked before
/// it writes over the first one's save; Esc keeps both, 替换 keeps the other as .bak.
#[test]
fn a_second_window_on_the_same_sheet_asks_before_saving_over_the_first_ones_save() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = earlier_pingjiang_sheet(dir.path());
    let mut first = app();
    let mut second = app();
    assert!(first.state_mut().open_path(&path));
    assert!(second.state_mut().open_path(&path));
    first.run();
    second.run();
    type_contact(&mut first, "李梅");
    type_contact(&mut second, "王芳");
    first.key_press_modifiers(Modifiers::COMMAND, Key::S);
    first.run();
    assert!(
        first.query_by_label("文件已在别处改过").is_none(),
        "the first save is as read"
    );
    let by_first = std::fs::read(&path).unwrap();
    assert!(String::from_utf8_lossy(&by_first).contains("李梅"));

    second.key_press_modifiers(Modifiers::COMMAND, Key::S);
    second.run();
    second.get_by_label("文件已在别处改过");
    second.get_by_label_contains("在本窗口打开之后被另一个考评窗口或其他程序改过");
    second.get_by_label_contains("现在是平江县的表");
    // Esc: nothing written; the second window keeps its typing.
    second.key_press(Key::Escape);
    second.run();
    assert!(second.query_by_label("文件已在别处改过").is_none());
    assert_eq!(std::fs::read(&path).unwrap(), by_first);
    assert!(second.state().session.is_modified());
    assert_eq!(second.state().session.sheet().contact.name, "王芳");

    // Again, 替换 clicked: the second window's sheet is the file, the first one's the .bak.
    second.key_press_modifiers(Modifiers::COMMAND, Key::S);
    second.run();
    second.get_by_label("替换").click();
    second.run();
    assert!(!second.state().session.is_modified());
    let now = std::fs::read_to_string(&path).unwrap();
    assert!(now.contains("王芳") && !now.contains("李梅"));
    assert_eq!(
        std::fs::read(kaoping::fsio::backup_path(&path)).unwrap(),
        by_first
    );
    // The first window now asks in turn; its default, Enter, is 另存为其他名称.
    type_contact(&mut first, "李梅2");
    first.key_press_modifiers(Modifiers::COMMAND, Key::S);
    first.run();
    first.get_by_label("文件已在别处改过");
    first.key_press(Key::Enter);
    first.run();
    first.get_by_label("保存考评表");
    assert_eq!(
        shown(&first, "文件名"),
        "平江县妇联-2015年度绩效考核自评（2）.kaoping"
    );
}

#[test]
fn tab_after_a_fraction_rate_goes_to_the_next_rate_and_only_a_deliberate_key_confirms() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = complete_sheet_open(dir.path());
    let loaded = rs2015();
    let loans = loaded
        .ruleset
        .items()
        .position(|(_, i)| i.id == "development.loans")
        .unwrap();
    h.state_mut().select(loans);
    h.run();
    // The README's key pattern: type, Tab, type, Enter.
    focus(&mut h, "妇女占贷款总人数的比例");
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.key_press(Key::Backspace);
    h.run();
    for c in "0.27".chars() {
        key_char(&mut h, c);
    }
    h.get_by_label_contains("是否为27%");
    h.key_press(Key::Tab);
    h.run();
    // The next rate has the keyboard, not 确认无误: what is typed next lands there.
    assert!(
        crate::keyboard::field(&h, "妇女获贷资金占发放总额的比例").is_focused(),
        "Tab went elsewhere"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.key_press(Key::Backspace);
    h.run();
    for c in "30".chars() {
        key_char(&mut h, c);
    }
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(shown(&h, "妇女获贷资金占发放总额的比例"), "30");
    let entry = &h.state().session.sheet().items["development.loans"];
    assert!(entry.confirmed.is_empty(), "Enter confirmed nothing");
    // Ctrl+Enter in the rate the warning is about answers it.
    focus(&mut h, "妇女占贷款总人数的比例");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();
    let entry = &h.state().session.sheet().items["development.loans"];
    assert_eq!(entry.confirmed.len(), 1);
    assert!(h.state().status.starts_with("已确认无误"));
    // The value changed: the status line no longer speaks of the old one.
    key_char(&mut h, '5');
    assert!(
        !h.state().status.contains("已确认无误"),
        "{}",
        h.state().status
    );
}

#[test]
fn typing_into_a_just_ticked_manual_score_replaces_the_score_put_there() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = complete_sheet_open(dir.path());
    h.state_mut().select(0);
    h.run();
    let total = h.state().session.report().total;
    h.get_by_label("手动评分").click();
    h.run();
    let prefilled = shown(&h, "手动自查得分");
    assert!(!prefilled.is_empty(), "the computed score is put there");
    // Ticking alone changes no score: the row is not 有误, the total stays.
    assert_eq!(h.state().session.report().total, total);
    assert!(h.state().session.report().items[0].score.is_some());
    assert!(
        h.state().session.sheet().items["office.info"]
            .manual
            .is_none()
    );
    focus(&mut h, "手动自查得分");
    for c in "4.5".chars() {
        key_char(&mut h, c);
    }
    assert_eq!(shown(&h, "手动自查得分"), "4.5", "not {prefilled}4.5");
}

#[test]
fn one_ctrl_p_on_a_sheet_never_saved_saves_it_then_prints() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app();
    h.state_mut().open_after_print = false;
    h.run();
    h.state_mut().session.set_contact_name("李四");
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::P);
    h.run();
    // No system dialog in tests: the window asks where to save.
    replace_text(&mut h, "文件夹", &dir.path().display().to_string());
    crate::keyboard::focus(&mut h, "文件名");
    h.key_press(Key::Enter);
    h.run();
    h.run();
    assert!(h.state().session.path().is_some(), "saved");
    // Printing goes on: a sheet with nothing filled asks 打印草稿？, and Enter prints it.
    h.get_by_label("打印草稿？");
    h.key_press(Key::Enter);
    h.run();
    assert!(h.state().last_pdf.is_some(), "printed after one Ctrl+P");
}

#[test]
fn open_the_folder_stays_in_reach_beside_a_long_message_at_1024() {
    let mut h = crate::keyboard::harness_sized(kaoping::ui::KaopingApp::new(None), 1024.0, 700.0);
    h.run();
    let folder = std::path::PathBuf::from(
        "/home/办公室/文档/2015年度绩效考核/平江县妇联/自评材料/打印稿/第二次修改后/最终版本",
    );
    let status = format!(
        "已生成 PDF：{}，但没有打开查看器（系统中没有 xdg-open，无法自动打开）：请打开所在文件夹，双击这个 PDF",
        folder.join("平江县妇联-2015年度绩效考核自评.pdf").display()
    );
    h.state_mut().status = status.clone();
    h.state_mut().status_folder = Some((status, folder));
    h.run();
    let button = h.get_by_label("打开所在文件夹").rect();
    assert!(
        button.min.x >= 0.0 && button.max.x <= 1024.0 && button.max.y <= 700.0,
        "打开所在文件夹 at {button:?}"
    );
}
