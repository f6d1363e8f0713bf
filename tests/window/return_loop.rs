//! The return loop through both desks' windows, typed key by key where a person types: the
//! office returns 平江县's package with words on two items and a deadline; the clerk opens
//! the 退回通知 over her sheet and sees exactly those items marked; she changes two items and
//! resends; the office sees exactly those two, old → new, 需重审, the rest kept; the first,
//! on-time submission stays on time.

use crate::common::*;
use crate::keyboard::{focus, harness_sized, key_char};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use kaoping::catalog::Catalog;
use kaoping::scoring::About;
use kaoping::sheet::ReviewState;
use kaoping::ui::{Dialog, KaopingApp, Mode, View};
use std::path::{Path, PathBuf};

type H = egui_kittest::Harness<'static, KaopingApp>;

/// Clears the field named `label` and types `text` into it one character a frame.
fn type_keys(h: &mut H, label: &str, text: &str) {
    focus(h, label);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.key_press(egui::Key::Delete);
    h.run();
    for c in text.chars() {
        key_char(h, c);
    }
}

fn save(h: &mut H) {
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
}

fn notices_in(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| kaoping::sheet::return_notice::is_notice(p))
        .collect()
}

/// Some node's label contains the text.
fn shows(h: &H, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

/// Items (by position) whose row carries the word, as a screen reader hears the rows.
fn rows_saying(h: &H, word: &str) -> usize {
    h.query_all_by_label_contains(word)
        .filter(|n| n.accesskit_node().role() == egui::accesskit::Role::Row)
        .count()
}

#[test]
fn a_return_reaches_the_unit_and_comes_back_as_exactly_the_items_she_changed() {
    let dir = tempfile::tempdir().unwrap();
    let (inbox, sheet, package) =
        pingjiang_package(dir.path(), 8, Some("2016-01-10T09:00:00+08:00"));
    write_unit_sheets(&inbox, &[("xiangyin", 2)]);

    // The office: review mode, the package opened, everything scored, words on 第1项 and
    // 第4项, 退回修改 with its reason and a deadline, all typed; Ctrl+S.
    let mut office = KaopingApp::new(None);
    office.set_mode(Mode::Review);
    let mut h = harness_sized(office, 1366.0, 768.0);
    assert!(h.state_mut().open_path(&package));
    h.run();
    h.get_by_label("其余项采用自查得分").click();
    h.run();
    let ids: Vec<String> = h
        .state()
        .session
        .report()
        .items
        .iter()
        .map(|i| i.item_id.clone())
        .collect();
    for (i, words) in [(0usize, "请附采用证明"), (3, "调研报告只有一篇")] {
        h.state_mut().select(i);
        h.run();
        type_keys(&mut h, "考核意见", words);
    }
    h.get_by_label("审核状态").click();
    h.run();
    h.get_by_label("退回修改").click();
    h.run();
    type_keys(&mut h, "退回原因", "两项缺材料");
    type_keys(&mut h, "重新提交截止", "2016年1月20日");
    save(&mut h);
    assert!(!h.state().session.is_modified(), "{}", h.state().status);
    let notices = notices_in(&inbox);
    assert_eq!(
        notices.len(),
        1,
        "the 退回通知 is written beside the package"
    );
    assert!(
        h.state().status.contains("已写出退回通知"),
        "{}",
        h.state().status
    );
    let notice = kaoping::sheet::ReturnNotice::read(&notices[0]).unwrap();
    assert_eq!(notice.resubmit_by, "2016-01-20");
    assert_eq!(notice.items.len(), 2);

    // The clerk, on a 1024×700 screen: her sheet open, the notice dropped on the window.
    let mut u = harness_sized(KaopingApp::new(None), 1024.0, 700.0);
    assert!(u.state_mut().open_path(&sheet));
    u.run();
    u.state_mut().files_dropped(vec![notices[0].clone()]);
    u.run();
    assert!(shows(&u, "市妇联于"));
    assert!(shows(&u, "两项缺材料"));
    assert_eq!(
        rows_saying(&u, "需修改"),
        2,
        "exactly the two items are marked"
    );
    let returned: Vec<String> = u
        .state()
        .session
        .report()
        .problems
        .iter()
        .filter(|p| p.about == About::ReturnOpinion)
        .filter_map(|p| p.item.clone())
        .collect();
    assert_eq!(returned, vec![ids[0].clone(), ids[3].clone()]);
    // The first of them is selected, with the office's words in the calculator.
    assert_eq!(u.state().sheet_view.selected, 0);
    assert!(shows(&u, "需修改　市妇联意见：请附采用证明"));
    // F8 walks to the other one.
    assert!(u.state().dialog.is_none(), "{:?}", u.state().dialog);
    let mut seen = Vec::new();
    for _ in 0..44 {
        u.key_press(egui::Key::F8);
        u.run();
        seen.push(u.state().sheet_view.selected);
        if u.state().sheet_view.selected == 3 {
            break;
        }
    }
    assert_eq!(seen.last(), Some(&3), "F8 reaches 第4项: {seen:?}");
    assert!(shows(&u, "需修改　市妇联意见：调研报告只有一篇"));
    // She changes 第1项's note and 第7项's note, key by key, and saves.
    for (i, words) in [(0usize, "已补采用证明"), (6, "补充了说明")] {
        u.state_mut().select(i);
        u.run();
        type_keys(&mut u, "自评说明", words);
    }
    assert_eq!(rows_saying(&u, "需修改"), 1, "第1项 changed, 第4项 not");
    save(&mut u);
    assert!(!u.state().session.is_modified(), "{}", u.state().status);
    // Resent before the return's deadline (after the scheme's own).
    package_on(&sheet, &package, "2016-01-18T09:00:00+08:00");
    let manifest_answers = kaoping::package::open_package(&package, &Catalog::default())
        .unwrap()
        .manifest
        .answers_return;
    assert_eq!(
        manifest_answers, notice.returned_at,
        "the package records the return"
    );

    // The office opens the resend: exactly 第1项 and 第7项, old → new, 需重审; the rest kept.
    assert!(h.state_mut().open_path(&package));
    h.run();
    let Some(Dialog::Message { title, body }) = h.state().dialog.clone() else {
        panic!("the resend's changes are shown: {:?}", h.state().status);
    };
    assert_eq!(title, "单位重新提交的改动");
    assert!(body.contains("改了2项"), "{body}");
    assert!(
        body.contains("自评说明：“") && body.contains("” → “已补采用证明”"),
        "{body}"
    );
    assert!(body.contains(" → “补充了说明”"), "{body}");
    assert!(body.contains("其余42项沿用"), "{body}");
    h.key_press(egui::Key::Escape);
    h.run();
    let review = h.state().session.sheet().review.clone().unwrap();
    let mut recheck: Vec<String> = review.recheck.keys().cloned().collect();
    recheck.sort();
    let mut expected = vec![ids[0].clone(), ids[6].clone()];
    expected.sort();
    assert_eq!(recheck, expected);
    assert_eq!(rows_saying(&h, "需重审"), 2);
    assert!(shows(&h, "2项未审（其中2项需重审）"));
    // 第4项, unchanged, keeps its 考核得分 and the office's words.
    let fourth = &h.state().session.sheet().items[&ids[3]];
    assert!(fourth.reviewed.is_some());
    assert_eq!(fourth.review_note, "调研报告只有一篇");
    // Scored again and approved; the comparison: on time, 已审核, the history whole.
    h.get_by_label("其余项采用自查得分").click();
    h.run();
    h.get_by_label("审核状态").click();
    h.run();
    h.get_by_label("已审核").click();
    h.run();
    save(&mut h);
    assert!(!h.state().session.is_modified(), "{}", h.state().status);
    assert!(shows(&h, "重新提交（改了办公室工作第1、7项）"));
    h.state_mut().add_to_comparison(vec![inbox.clone()]);
    h.state_mut().wait_for_work();
    h.state_mut().view = View::Comparison;
    h.run();
    let summary = &h.state().comparison.as_ref().unwrap().summary;
    let row = summary
        .rows
        .iter()
        .find(|r| r.unit_id == "pingjiang")
        .and_then(|r| r.sheet.as_ref())
        .unwrap();
    assert_eq!(row.review, ReviewState::Approved);
    assert!(!row.late && !row.resent_late, "{}", row.state_text());
    assert_eq!(row.first_submitted_at, "2016-01-10T09:00:00+08:00");
}

#[test]
fn the_offices_key_is_exported_from_the_mode_menu_through_the_windows_own_path_entry() {
    // This PC has sealed a review before (the key is made at the first).
    kaoping::office_key::seal_on_this_pc(b"a review").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_sized(KaopingApp::new(None), 1024.0, 700.0);
    h.run();
    h.get_by_label("模式").click();
    h.run();
    h.get_by_label("导出审核密钥…").click();
    h.run();
    crate::keyboard::replace_text(&mut h, "文件夹", &dir.path().display().to_string());
    h.key_press(egui::Key::Enter);
    h.run();
    let key = dir.path().join("市妇联审核密钥.kaoping-key");
    assert!(key.is_file(), "{:?} {}", h.state().dialog, h.state().status);
    assert!(
        h.state().status.contains("已导出审核密钥"),
        "{}",
        h.state().status
    );
    assert!(h.state().status.contains("切勿发给各单位"));
    // What was written is a key this program takes back.
    let ring = kaoping::office_key::this_pc();
    let text = std::fs::read_to_string(&key).unwrap();
    assert!(ring.own_id().is_some_and(|id| text.contains(id)));
}

/// 平江县's sheet and a 退回通知 for it with words on 第2项 (the office worked on a copy).
fn sheet_and_notice(dir: &Path) -> (PathBuf, PathBuf) {
    let sheet = write_unit_sheets(dir, &[("pingjiang", 4)]).remove(0);
    let office_copy = dir.join("市妇联").join("平江县.kaoping");
    std::fs::create_dir_all(office_copy.parent().unwrap()).unwrap();
    std::fs::copy(&sheet, &office_copy).unwrap();
    let mut s = kaoping::document::Session::new(None);
    s.set_mode(Mode::Review);
    s.open(&office_copy, &Catalog::default()).unwrap();
    let second = s.report().items[1].item_id.clone();
    s.set_review_note(&second, "请补调研报告");
    s.set_review_state(ReviewState::Returned).unwrap();
    s.set_return_reason("缺调研报告");
    s.save_to(&office_copy).unwrap();
    let notice = s.write_return_notice(None).unwrap().unwrap();
    (sheet, notice)
}

#[test]
fn a_notice_given_with_her_sheet_or_before_it_is_laid_over_it_once_it_opens() {
    let dir = tempfile::tempdir().unwrap();
    let (sheet, notice) = sheet_and_notice(dir.path());
    // Both at once (the command line, or one drop): the sheet opens, the notice over it.
    let mut u = harness_sized(KaopingApp::new(None), 1024.0, 700.0);
    u.state_mut()
        .files_dropped(vec![notice.clone(), sheet.clone()]);
    u.run();
    assert_eq!(u.state().session.path(), Some(sheet.as_path()));
    assert_eq!(rows_saying(&u, "需修改"), 1);
    assert_eq!(
        u.state().sheet_view.selected,
        1,
        "the item to fix is selected"
    );
    // The notice first, with no sheet open: she is told to open hers; then it is laid over.
    let mut u = harness_sized(KaopingApp::new(None), 1024.0, 700.0);
    u.state_mut().files_dropped(vec![notice.clone()]);
    u.run();
    let Some(Dialog::Message { body, .. }) = u.state().dialog.clone() else {
        panic!("she is told what to do");
    };
    assert!(body.contains("请打开平江县的考评表"), "{body}");
    u.key_press(egui::Key::Escape);
    u.run();
    assert_eq!(rows_saying(&u, "需修改"), 0);
    assert!(u.state_mut().open_path(&sheet));
    u.run();
    assert_eq!(rows_saying(&u, "需修改"), 1);
    // Saved and opened again: the notice stays with her sheet, and 需修改 with it.
    save(&mut u);
    let mut again = harness_sized(KaopingApp::new(None), 1024.0, 700.0);
    assert!(again.state_mut().open_path(&sheet));
    again.run();
    assert_eq!(rows_saying(&again, "需修改"), 1);
    // A notice for another unit is refused over her sheet, naming both.
    let other = write_unit_sheets(dir.path(), &[("xiangyin", 5)]).remove(0);
    let mut w = harness_sized(KaopingApp::new(None), 1024.0, 700.0);
    assert!(w.state_mut().open_path(&other));
    w.run();
    w.state_mut().files_dropped(vec![notice]);
    w.run();
    let Some(Dialog::Message { body, .. }) = w.state().dialog.clone() else {
        panic!("a notice for another unit is said");
    };
    assert!(body.contains("平江县"), "{body}");
    assert_eq!(w.state().session.sheet().returned, None);
}

#[test]
fn the_comparison_window_takes_no_forged_review_and_shows_a_partial_one_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("收件箱");
    std::fs::create_dir_all(&inbox).unwrap();
    let sheets = write_unit_sheets(&inbox, &[("huarong", 5), ("xiangyin", 2)]);
    // 华容县's file claims 已审核 with full marks (no seal of this office's).
    let opened = kaoping::sheet::open_sheet(&sheets[0], &Catalog::default()).unwrap();
    let mut forged = opened.sheet.clone();
    for item in opened
        .ruleset
        .ruleset
        .categories
        .iter()
        .flat_map(|c| &c.items)
    {
        forged.items.entry(item.id.clone()).or_default().reviewed = Some(item.points);
    }
    forged.review = Some(kaoping::sheet::Review {
        state: ReviewState::Approved,
        ..Default::default()
    });
    std::fs::write(&sheets[0], forged.file_text()).unwrap();
    // 湘阴县: the office has reviewed 3 of 44 items.
    let mut s = kaoping::document::Session::new(None);
    s.set_mode(Mode::Review);
    s.open(&sheets[1], &Catalog::default()).unwrap();
    for i in 0..3 {
        let id = s.report().items[i].item_id.clone();
        s.set_reviewed(&id, s.report().items[i].score);
    }
    s.save_to(&sheets[1]).unwrap();

    let mut a = KaopingApp::new(None);
    a.set_mode(Mode::Review);
    a.add_to_comparison(vec![inbox.clone()]);
    a.wait_for_work();
    let mut h = harness_sized(a, 1024.0, 700.0);
    h.state_mut().view = View::Comparison;
    h.run();
    assert!(shows(&h, "自带审核未采用 1个单位"));
    assert!(shows(&h, "待审核，自带审核未采用"));
    assert!(!shows(&h, "已审核"), "no unit is reviewed");
    assert!(shows(&h, "审核中\n3/44项"));
    let summary = &h.state().comparison.as_ref().unwrap().summary;
    let huarong = summary
        .rows
        .iter()
        .find(|r| r.unit_id == "huarong")
        .and_then(|r| r.sheet.as_ref())
        .unwrap();
    assert_eq!(huarong.reviewed_total, None);
    assert_eq!(huarong.final_total(), huarong.self_total);
}
