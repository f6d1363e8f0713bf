//! 佐证材料, the 盖章扫描件 and the 提交包 in the window, as a clerk and a reviewer use them:
//! the window's own path entry typed into key by key, titles typed one character at a time,
//! drops, the package dialog, and a package opened for review.

use crate::common::rs2015;
use crate::keyboard::{H, app, field, focus, key_char, replace_text, shown};
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use kaoping::catalog::Catalog;
use kaoping::ui::Mode;
use std::path::{Path, PathBuf};

/// A filled sheet saved in `dir`, opened in the window, item 1 selected; and a folder of
/// files to attach.
fn open_filled(dir: &Path) -> (H, PathBuf, PathBuf) {
    let loaded = rs2015();
    let path = dir.join("平江县.kaoping");
    kaoping::sample::filled_sheet_for(&loaded, "pingjiang", 3)
        .save(&path, &loaded)
        .unwrap();
    let originals = dir.join("原件");
    std::fs::create_dir_all(&originals).unwrap();
    std::fs::write(originals.join("活动图片.jpg"), b"jpeg bytes").unwrap();
    std::fs::write(originals.join("汇报材料.pdf"), b"%PDF report").unwrap();
    std::fs::write(originals.join("扫描.pdf"), b"%PDF sealed").unwrap();
    let mut h = app();
    h.state_mut().open_after_print = false;
    assert!(h.state_mut().open_path(&path));
    h.state_mut().select(0);
    h.run();
    (h, path, originals)
}

/// 文件 → an item of the menu, clicked as a person does.
fn file_menu(h: &mut H, item: &str) {
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label(item).click();
    h.run();
}

fn item1() -> String {
    rs2015().ruleset.items().next().unwrap().1.id.clone()
}

fn titles(h: &H) -> Vec<String> {
    h.state()
        .session
        .sheet()
        .evidence
        .get(&item1())
        .map(|l| l.iter().map(|e| e.title.clone()).collect())
        .unwrap_or_default()
}

/// Chooses a file in the window's own path entry: the folder pasted, the name typed one key
/// at a time, Enter.
pub(crate) fn choose_in_entry(h: &mut H, folder: &Path, name: &str) {
    replace_text(h, "文件夹", &folder.display().to_string());
    focus(h, "文件名");
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.key_press(Key::Backspace);
    h.run();
    for c in name.chars() {
        key_char(h, c);
    }
    h.key_press(Key::Enter);
    crate::finish_work(h);
}

#[test]
fn a_file_is_attached_titled_key_by_key_reordered_removed_and_the_save_tidies_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path, originals) = open_filled(dir.path());
    h.get_by_label("佐证材料（0个）");
    // 及时报送信息 names no document: no hint; item 2 (调研报告) does.
    assert!(h.query_by_label_contains("建议附").is_none());
    h.get_by_label("添加文件…").click();
    h.run();
    h.get_by_label("添加佐证材料");
    choose_in_entry(&mut h, &originals, "活动图片.jpg");
    assert_eq!(titles(&h), vec!["活动图片"]);
    assert!(h.state().session.is_modified());
    h.get_by_label_contains("已添加佐证材料“活动图片”到办公室工作 第1项");
    h.get_by_label("佐证材料（1个）");
    h.get_by_label("附1");
    let stored = kaoping::evidence::item_file(&path, &item1(), "活动图片.jpg");
    assert_eq!(std::fs::read(&stored).unwrap(), b"jpeg bytes");

    // The title, typed one character at a time: the sheet holds what the field shows.
    focus(&mut h, "第1个");
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.key_press(Key::Backspace);
    h.run();
    h.get_by_label("佐证材料的名称不能为空");
    assert_eq!(titles(&h), vec!["活动图片"], "an empty title is not taken");
    for c in "三八活动".chars() {
        key_char(&mut h, c);
        assert_eq!(titles(&h)[0], shown(&h, "第1个"));
    }
    assert_eq!(titles(&h), vec!["三八活动"]);

    // A second file, dropped on the window, goes to the selected item.
    h.state_mut()
        .files_dropped(vec![originals.join("汇报材料.pdf")]);
    crate::finish_work(&mut h);
    assert_eq!(titles(&h), vec!["三八活动", "汇报材料"]);
    h.get_by_label("附2");
    h.get_all_by_label("下移").next().unwrap().click();
    h.run();
    assert_eq!(titles(&h), vec!["汇报材料", "三八活动"]);
    h.get_all_by_label("删除").next().unwrap().click();
    h.run();
    assert_eq!(titles(&h), vec!["三八活动"]);
    let removed = kaoping::evidence::item_file(&path, &item1(), "汇报材料.pdf");
    assert!(removed.exists(), "kept until saved");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(!h.state().session.is_modified());
    assert!(!removed.exists(), "the save removed the file taken off");
    let reopened = kaoping::sheet::open_sheet(&path, &Catalog::default()).unwrap();
    assert_eq!(reopened.sheet.evidence[&item1()][0].title, "三八活动");
    // 打开 hands the stored copy to the system's viewer.
    h.get_by_label("打开").click();
    h.run();
    assert_eq!(h.state().last_opened.as_deref(), Some(stored.as_path()));
}

#[test]
fn a_new_sheet_is_saved_before_anything_is_attached() {
    let mut h = app();
    h.run();
    h.get_by_label("添加文件…").click();
    h.run();
    h.get_by_label("保存考评表");
    h.get_by_label_contains("请先保存考评表");
    assert!(h.state().session.sheet().evidence.is_empty());
}

#[test]
fn the_package_says_what_is_missing_then_is_written_and_a_scan_completes_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path, originals) = open_filled(dir.path());
    h.state_mut()
        .files_dropped(vec![originals.join("活动图片.jpg")]);
    crate::finish_work(&mut h);
    file_menu(&mut h, "生成提交包…");
    crate::finish_work(&mut h);
    // Saved first, then the dialog: size against the mail limit, what is missing.
    assert!(!h.state().session.is_modified());
    h.get_by_label("生成提交包");
    h.get_by_label_contains("在邮件附件常见的上限 50.0 MB 以内");
    h.get_by_label_contains("还没有添加盖章扫描件");
    h.get_by_label("生成提交包…").click();
    h.run();
    focus(&mut h, "文件名");
    assert_eq!(
        shown(&h, "文件名"),
        "平江县妇联-2015年度绩效考核自评-提交包.zip"
    );
    h.key_press(Key::Enter);
    crate::finish_work(&mut h);
    let zip = dir
        .path()
        .join("平江县妇联-2015年度绩效考核自评-提交包.zip");
    assert_eq!(h.state().last_package.as_deref(), Some(zip.as_path()));
    let opened = kaoping::package::open_package(&zip, &Catalog::default()).unwrap();
    assert!(opened.problems.is_empty(), "{:?}", opened.problems);
    assert_eq!(opened.evidence_count(), 1);
    assert!(!opened.has_scan());

    // The signed and sealed pages, scanned: 文件 → 添加盖章扫描件….
    file_menu(&mut h, "添加盖章扫描件…");
    choose_in_entry(&mut h, &originals, "扫描.pdf");
    let fingerprint = h.state().session.sheet().content_fingerprint();
    assert_eq!(
        h.state().session.sheet().sealed_scans[0].printed_with,
        fingerprint
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    file_menu(&mut h, "生成提交包…");
    crate::finish_work(&mut h);
    h.get_by_label("内容齐全。");
    h.get_by_label("生成提交包…").click();
    h.run();
    focus(&mut h, "文件名");
    h.key_press(Key::Enter);
    crate::finish_work(&mut h);
    let opened = kaoping::package::open_package(&zip, &Catalog::default()).unwrap();
    assert!(opened.has_scan() && opened.problems.is_empty());
    let _ = path;
}

#[test]
fn a_scan_of_unsaved_changes_is_refused_with_why() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _, _) = open_filled(dir.path());
    h.state_mut().session.set_contact_name("新联系人");
    file_menu(&mut h, "添加盖章扫描件…");
    h.get_by_label("先保存并打印");
    assert!(h.state().session.sheet().sealed_scans.is_empty());
}

#[test]
fn a_package_opens_for_review_with_its_evidence_beside_the_extracted_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path, originals) = open_filled(dir.path());
    h.state_mut()
        .files_dropped(vec![originals.join("汇报材料.pdf")]);
    crate::finish_work(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    let written = kaoping::package::write(&path, &Catalog::default(), None).unwrap();
    // The municipal office, in another folder.
    let inbox = tempfile::tempdir().unwrap();
    let zip = inbox.path().join(written.path.file_name().unwrap());
    std::fs::copy(&written.path, &zip).unwrap();
    let mut r = app();
    r.state_mut().open_after_print = false;
    r.state_mut().set_mode(Mode::Review);
    assert!(r.state_mut().open_path(&zip));
    r.run();
    let opened_at = r.state().session.path().map(Path::to_path_buf).unwrap();
    assert!(opened_at.starts_with(inbox.path().join("平江县妇联-2015年度绩效考核自评-提交包")));
    // Unpacked and verified: said in the status bar, no dialog to dismiss.
    r.get_by_label_contains("已打开提交包");
    assert!(r.query_by_label("确定").is_none());
    r.state_mut().select(0);
    r.run();
    r.get_by_label("佐证材料（1个）");
    r.get_by_label("无盖章扫描件");
    // Read-only for the reviewer: no 删除, but 打开 gives the extracted copy.
    assert!(r.query_by_label("删除").is_none());
    r.get_by_label("打开").click();
    r.run();
    let shown_file = r.state().last_opened.clone().unwrap();
    assert_eq!(std::fs::read(&shown_file).unwrap(), b"%PDF report");
    let _ = field;
}

#[test]
fn the_header_shows_the_deadline() {
    let mut h = app();
    h.run();
    h.get_by_label_contains("截止2016年1月12日（");
}

#[test]
fn an_attached_photo_is_previewed_under_its_row_and_a_broken_one_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _, originals) = open_filled(dir.path());
    let photo = originals.join("合影.png");
    image::RgbImage::from_pixel(640, 400, image::Rgb([30, 120, 200]))
        .save(&photo)
        .unwrap();
    let broken = originals.join("坏图.jpg");
    std::fs::write(&broken, b"not a jpeg").unwrap();
    h.state_mut().files_dropped(vec![photo, broken]);
    crate::finish_work(&mut h);
    let preview = h.get_by_label("合影（预览）");
    let r = preview.rect();
    assert!(r.width() <= 240.5 && r.height() <= 150.5, "{r:?}");
    assert!(r.width() > 100.0, "{r:?}");
    h.get_by_label("（无法预览这张图片）");
}

#[test]
fn the_reviewer_sees_whether_the_scan_matches_the_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path, originals) = open_filled(dir.path());
    let fingerprint = h.state().session.content_fingerprint().to_string();
    assert!(h.state_mut().scan_chosen(&originals.join("扫描.pdf")));
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    let mut r = app();
    r.state_mut().set_mode(Mode::Review);
    assert!(r.state_mut().open_path(&path));
    r.run();
    r.get_by_label(&format!(
        "盖章扫描件 1份，内容指纹 {} 一致",
        &fingerprint[..8]
    ));
    // The unit changes a fact after sealing and saves: the scan no longer matches.
    h.state_mut().session.set_contact_phone("0730-0000000");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    let mut r = app();
    r.state_mut().set_mode(Mode::Review);
    assert!(r.state_mut().open_path(&path));
    r.run();
    r.get_by_label_contains("盖章扫描件按另一版打印");
}

#[test]
fn a_wrong_scan_is_taken_off_in_the_window_and_its_file_goes_when_saved() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path, originals) = open_filled(dir.path());
    assert!(h.state_mut().scan_chosen(&originals.join("扫描.pdf")));
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    let scans = kaoping::evidence::folder_for(&path).join(kaoping::evidence::SCANS_FOLDER);
    assert_eq!(std::fs::read_dir(&scans).unwrap().count(), 1);
    h.get_by_label("盖章扫描件（1个）");
    h.get_by_label_contains("与现在的内容一致");
    h.get_by_label("删除扫描件").click();
    h.run();
    assert!(h.state().session.sheet().sealed_scans.is_empty());
    assert!(h.query_by_label("盖章扫描件（1个）").is_none());
    // Not saved yet: the file is still there (不保存 would bring the scan back).
    assert_eq!(std::fs::read_dir(&scans).unwrap().count(), 1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    // The file went (and with it the folder it left empty).
    let left = std::fs::read_dir(&scans).map_or(0, |d| d.count());
    assert_eq!(left, 0, "the scan's file went");
    let reopened =
        kaoping::sheet::open_sheet(&path, &kaoping::catalog::Catalog::default()).unwrap();
    assert!(reopened.sheet.sealed_scans.is_empty());
}

#[test]
fn the_scan_taken_is_the_file_highlighted_and_only_pictures_and_pdfs_are_offered() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path, _) = open_filled(dir.path());
    let scans = dir.path().join("扫描件");
    std::fs::create_dir_all(&scans).unwrap();
    std::fs::write(scans.join("盖章扫描.png"), b"\x89PNG\r\n\x1a\nfirst").unwrap();
    std::fs::write(scans.join("第二页.png"), b"\x89PNG\r\n\x1a\nsecond").unwrap();
    std::fs::write(scans.join("半年总结.txt"), "不是扫描件").unwrap();
    std::fs::copy(&path, scans.join("平江县副本.kaoping")).unwrap();
    file_menu(&mut h, "添加盖章扫描件…");
    replace_text(&mut h, "文件夹", &scans.display().to_string());
    // Only pictures and PDFs are listed: no .txt, no sheet.
    assert!(h.query_by_label("半年总结.txt").is_none());
    assert!(h.query_by_label("平江县副本.kaoping").is_none());
    // Tab onto the list, ↓: the ring, the highlight and 文件名 are one file; Enter takes it.
    h.key_press(Key::Tab);
    h.run();
    h.key_press(Key::Tab);
    h.run();
    h.key_press(Key::ArrowDown);
    h.run();
    h.run();
    let named = shown(&h, "文件名");
    assert!(!named.is_empty(), "文件名 follows the keyboard");
    h.key_press(Key::Enter);
    h.run();
    let scans_taken = &h.state().session.sheet().sealed_scans;
    assert_eq!(scans_taken.len(), 1, "{}", h.state().status);
    assert_eq!(
        scans_taken[0].stored, named,
        "the file named is the file taken"
    );
    // The panel names the file.
    assert!(
        h.query_all_by_label_contains(&format!("（{named}）"))
            .next()
            .is_some()
    );
}

/// What the progress dialog says of how far the work has got (its 已完成 line), if it shows.
fn progress_line(h: &H) -> Option<String> {
    h.query_all_by_label_contains("已完成 ").find_map(|n| {
        let node = n.accesskit_node();
        node.label().or_else(|| node.value())
    })
}

#[test]
fn a_large_package_is_written_beside_the_window_with_progress_and_cancel_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = rs2015();
    let path = dir.path().join("平江县.kaoping");
    let mut sheet = kaoping::sample::filled_sheet_for(&loaded, "pingjiang", 3);
    sheet.save(&path, &loaded).unwrap();
    // Two large recordings (sparse on disk, copied in whole): 240 MB to hash and to write.
    for name in ["会议录像1.mp4", "会议录像2.mp4"] {
        let big = dir.path().join(name);
        std::fs::File::create(&big)
            .unwrap()
            .set_len(120 * 1024 * 1024)
            .unwrap();
        kaoping::evidence::attach(&mut sheet, &loaded, &path, &item1(), &big, None).unwrap();
        std::fs::remove_file(&big).unwrap();
    }
    sheet.save(&path, &loaded).unwrap();
    let mut h = app();
    h.state_mut().open_after_print = false;
    assert!(h.state_mut().open_path(&path));
    h.run();
    let listing = |dir: &Path| {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let before = listing(dir.path());

    // 生成提交包…: the attachments are checked beside the window, then the dialog.
    file_menu(&mut h, "生成提交包…");
    crate::finish_work(&mut h);
    h.get_by_label_contains("还没有添加盖章扫描件");
    h.get_by_label("生成提交包…").click();
    h.run();
    focus(&mut h, "文件名");
    h.key_press(Key::Enter);
    h.run();
    // Frames keep coming while it writes, and what they show moves on.
    assert!(
        h.state().working(),
        "the package is written beside the window"
    );
    h.get_by_label("生成提交包");
    let mut seen = Vec::new();
    for _ in 0..2000 {
        h.run();
        if let Some(line) = progress_line(&h)
            && seen.last() != Some(&line)
        {
            seen.push(line);
        }
        if seen.len() >= 2 || !h.state().working() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    assert!(
        h.state().working() && seen.len() >= 2,
        "progress seen while writing: {seen:?}"
    );
    assert!(seen.iter().all(|l| l.contains("共 240.0 MB")), "{seen:?}");
    // 取消: the dialog stays until the work has stopped; nothing is left of the package.
    h.get_by_label("取消").click();
    crate::finish_work(&mut h);
    assert!(h.state().dialog.is_none(), "{:?}", h.state().dialog);
    assert!(h.state().status.contains("已取消"), "{}", h.state().status);
    assert_eq!(h.state().last_package, None);
    assert_eq!(listing(dir.path()), before, "cancel leaves no file behind");
}
