//! The municipal office's half of the window, driven by label as a person would (egui_kittest):
//! review mode (read-only unit entries, 考核得分 with difference marks, both totals, the
//! review state) and the comparison of many sheets (sort, 未提交, duplicates, broken files,
//! exports, opening a row).

use crate::common::*;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use kaoping::catalog::Catalog;
use kaoping::sheet::{ReviewState, open_sheet};
use kaoping::ui::{KaopingApp, Mode, View};
use std::path::{Path, PathBuf};

type H = Harness<'static, KaopingApp>;

fn harness() -> H {
    harness_with(None)
}

/// A window whose drafts go to `store`.
fn harness_with(store: Option<kaoping::recovery::RecoveryStore>) -> H {
    Harness::builder()
        .with_size([1400.0, 900.0])
        .with_context_setup(kaoping::ui::setup_context)
        .build_ui_state(
            |ui, app: &mut KaopingApp| app.show(ui),
            KaopingApp::new(store),
        )
}

/// Replaces the text of the text field named `label`.
fn type_into_field(h: &mut H, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.key_press(egui::Key::Delete);
    h.run();
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run();
}

fn review_mode(h: &mut H) {
    h.get_by_label("模式").click();
    h.run();
    h.get_by_label("审核模式（市妇联）").click();
    h.run();
}

/// A unit's filled sheet, saved, opened in the window in review mode.
fn reviewing(dir: &Path) -> (H, PathBuf) {
    // A seed whose first item (6 points) scored at least 1, so there is a point to take off.
    let loaded = rs2015();
    let seed = (1..100)
        .find(|&s| {
            let sheet = kaoping::sample::filled_sheet_for(&loaded, "pingjiang", s);
            sheet.evaluate(&loaded).items[0].score >= Some(d("1"))
        })
        .unwrap();
    let path = write_unit_sheets(dir, &[("pingjiang", seed)]).remove(0);
    let mut h = harness();
    review_mode(&mut h);
    assert!(h.state_mut().open_path(&path));
    h.run();
    (h, path)
}

#[test]
fn review_mode_is_chosen_in_the_menu_and_shown_in_title_and_header() {
    let mut h = harness();
    assert!(h.state().window_title().contains("【填报模式】"));
    h.get_by_label("填报模式");
    review_mode(&mut h);
    assert_eq!(h.state().session.mode(), Mode::Review);
    assert!(
        h.state().window_title().contains("【审核模式】"),
        "{}",
        h.state().window_title()
    );
    h.get_by_label("审核模式（市妇联）：单位填报的内容只读，请逐项填写考核得分");
    h.get_by_label("审核模式");
    // Back to filling in.
    h.get_by_label("模式").click();
    h.run();
    h.get_by_label("填报模式（县市区妇联）").click();
    h.run();
    assert_eq!(h.state().session.mode(), Mode::Fill);
    assert!(
        h.query_by_label("审核模式（市妇联）：单位填报的内容只读，请逐项填写考核得分")
            .is_none()
    );
}

#[test]
fn the_units_entries_are_read_only_in_review_mode() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = reviewing(dir.path());
    h.get_by_label("填报单位：平江县");
    let before = h.state().session.sheet().clone();
    let input = h.get_by_role_and_label(Role::TextInput, "市妇联采用信息");
    assert!(input.accesskit_node().is_disabled());
    input.focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "市妇联采用信息")
        .type_text("1");
    h.run();
    assert_eq!(
        h.state().session.sheet(),
        &before,
        "typing into a read-only field changes nothing"
    );
    assert!(!h.state().session.is_modified());
    assert!(
        h.get_by_role_and_label(Role::MultilineTextInput, "自评说明")
            .accesskit_node()
            .is_disabled()
    );
}

#[test]
fn a_reviewed_score_shows_its_difference_mark_and_both_totals() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = reviewing(dir.path());
    let own = h.state().session.report().items[0].score.unwrap();
    let total = h.state().session.report().total;
    assert!(
        own >= d("1"),
        "the sample's first item has points to take off"
    );
    h.get_by_label(&format!("自查合计 {}", kaoping::ruleset::fmt_dec(total)));
    h.get_by_label("考核合计 —（尚未审核）");
    h.get_by_label("已填考核得分 0/44 项，与自查不同 0 项");

    let reviewed = own - d("1");
    type_into_field(&mut h, "考核得分", &kaoping::ruleset::fmt_dec(reviewed));
    assert_eq!(
        h.state().session.sheet().items["office.info"].reviewed,
        Some(reviewed)
    );
    // The mark in the grid and the sentence in the calculator.
    h.get_by_label("↓1");
    h.get_by_label_contains("与自查得分不同：");
    // One item reviewed: compared with that item's own score, not the sheet's total.
    h.get_by_label(&format!(
        "已审1项：考核{} / 自查{}，少1分",
        kaoping::ruleset::fmt_dec(reviewed),
        kaoping::ruleset::fmt_dec(own)
    ));
    assert!(h.query_by_label_contains("考核合计 ").is_none());
    h.get_by_label(&format!("自查合计 {}", kaoping::ruleset::fmt_dec(total)));
    h.get_by_label("已填考核得分 1/44 项，与自查不同 1 项");
    assert!(h.state().session.is_modified());
    // The same score as the unit's: no mark.
    h.get_by_label("采用自查得分").click();
    h.run();
    assert!(h.query_by_label("↓1").is_none());
    h.get_by_label("已填考核得分 1/44 项，与自查不同 0 项");
}

#[test]
fn a_reviewed_score_is_checked_like_any_score() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = reviewing(dir.path());
    type_into_field(&mut h, "考核得分", "４.5分");
    assert_eq!(
        h.state().session.sheet().items["office.info"].reviewed,
        Some(d("4.5"))
    );
    type_into_field(&mut h, "考核得分", "7");
    h.get_by_label("考核得分须在0到6分之间");
    h.get_by_label_contains("问题：1个错误");
    type_into_field(&mut h, "考核得分", "5");
    // A slip after the number: the sheet keeps the last number; what was typed stays, in red.
    h.get_by_role_and_label(Role::TextInput, "考核得分")
        .type_text("x");
    h.run();
    h.get_by_label_contains("“5x”不是有效的数字");
    assert_eq!(
        h.state().session.sheet().items["office.info"].reviewed,
        Some(d("5"))
    );
    type_into_field(&mut h, "考核得分", "-1");
    h.get_by_label_contains("不能是负数");
    type_into_field(&mut h, "考核得分", "");
    assert_eq!(
        h.state().session.sheet().items["office.info"].reviewed,
        None
    );
}

#[test]
fn the_review_state_returns_with_a_reason_and_approves_only_when_complete() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path) = reviewing(dir.path());
    h.get_by_label("审核状态").click();
    h.run();
    assert!(
        h.get_by_label("已审核").accesskit_node().is_disabled(),
        "44 items lack 考核得分"
    );
    h.get_by_label("退回修改").click();
    h.run();
    assert_eq!(
        h.state().session.sheet().review_state(),
        ReviewState::Returned
    );
    // In review mode the office's own progress: 未审, never the unit's 未填.
    h.get_by_label_contains("问题：0个错误 · 0个警告 · 44项未审、审核状态1处未填");
    type_into_field(&mut h, "退回原因", "维权工作第3项缺佐证材料");
    h.get_by_label_contains("问题：0个错误 · 0个警告 · 44项未审");
    assert!(h.query_by_label_contains("项未填").is_none());
    assert!(h.state_mut().save_to(&path));

    let opened = open_sheet(&path, &Catalog::default()).unwrap();
    assert!(
        opened.discrepancies.is_empty(),
        "the unit's part still verifies"
    );
    let review = opened.sheet.review.clone().unwrap();
    assert_eq!(review.state, ReviewState::Returned);
    assert_eq!(review.reason, "维权工作第3项缺佐证材料");

    // Accept the rest as the unit scored them; now 已审核 can be chosen.
    h.get_by_label("其余项采用自查得分").click();
    h.run();
    h.get_by_label("已填考核得分 44/44 项，与自查不同 0 项");
    h.get_by_label("审核状态").click();
    h.run();
    h.get_by_label("已审核").click();
    h.run();
    assert_eq!(
        h.state().session.sheet().review_state(),
        ReviewState::Approved
    );
    h.get_by_label_contains("问题：0个错误 · 0个警告 · 全部已审");
    assert!(h.state_mut().save_to(&path));
    let opened = open_sheet(&path, &Catalog::default()).unwrap();
    assert!(opened.discrepancies.is_empty());
    assert_eq!(opened.report.reviewed_total, Some(opened.report.total));
}

#[test]
fn new_is_refused_in_review_mode_with_a_way_out() {
    let mut h = harness();
    review_mode(&mut h);
    h.get_by_label("新建").click();
    h.run();
    h.get_by_label("审核模式下不能新建");
    h.get_by_label_contains("切换到填报模式");
}

/// Eleven units, 平江县 twice, a broken file: 2 units 未提交.
fn comparison_folder(dir: &Path) -> Vec<PathBuf> {
    let ids = unit_ids();
    let mut pairs: Vec<(&str, u64)> = ids[..11]
        .iter()
        .enumerate()
        .map(|(i, u)| (u.as_str(), i as u64 + 40))
        .collect();
    pairs.push((ids[0].as_str(), 77));
    let files = write_unit_sheets(dir, &pairs);
    std::fs::write(dir.join("坏了.kaoping"), "Sheet(format: 1,").unwrap();
    files
}

fn comparing(dir: &Path) -> H {
    comparison_folder(dir);
    let mut h = harness();
    h.get_by_label("汇总比较").click();
    h.run();
    h.get_by_label_contains("把各单位报送的考评表文件");
    h.state_mut().files_dropped(vec![dir.to_path_buf()]);
    crate::finish_work(&mut h);
    h
}

#[test]
fn the_comparison_lists_missing_units_duplicates_and_broken_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = comparing(dir.path());
    assert_eq!(h.state().view, View::Comparison);
    assert!(h.state().window_title().starts_with("汇总比较"));
    h.get_by_label("2015年度县市区妇联工作绩效考核汇总");
    assert_eq!(h.get_all_by_label("未提交").count(), 2);
    // The notes are one line of counts until opened.
    h.get_by_label_contains("未提交 2个单位");
    h.get_by_label("展开说明").click();
    h.run();
    h.get_by_label("未提交（2个）：南湖新区、屈原管理区");
    assert_eq!(h.get_all_by_label("重复文件，待审核，逾期").count(), 2);
    h.get_by_label_contains("平江县有2个文件：");
    let failure = h.state().comparison.as_ref().unwrap().summary.failures[0].clone();
    assert!(failure.message.contains("坏了.kaoping") && failure.message.contains("第1行"));
    h.get_by_label(&format!(
        "未计入“{}”：{}",
        failure.path.display(),
        failure.message
    ));
    // The others still show, with their totals.
    let summary = &h.state().comparison.as_ref().unwrap().summary;
    let some = summary
        .rows
        .iter()
        .find(|r| r.sheet.is_some() && !r.duplicate)
        .unwrap();
    let total = kaoping::ruleset::fmt_dec(some.sheet.as_ref().unwrap().self_total);
    assert!(h.query_all_by_label(&total).count() >= 1);
    h.get_by_label(&some.unit_name);
}

/// The units' names in the order the table shows them, top to bottom.
fn shown_order(h: &H, names: &[String]) -> Vec<String> {
    let mut placed: Vec<(f32, String)> = names
        .iter()
        .map(|n| (h.get_by_label(n).rect().center().y, n.clone()))
        .collect();
    placed.sort_by(|a, b| a.0.total_cmp(&b.0));
    placed.into_iter().map(|(_, n)| n).collect()
}

#[test]
fn clicking_a_column_title_sorts_and_clicking_again_reverses() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = comparing(dir.path());
    // Units with exactly one file, and their self totals, read from the files themselves.
    let catalog = Catalog::default();
    let summary = h.state().comparison.as_ref().unwrap().summary.clone();
    let mut units: Vec<(rust_decimal::Decimal, String)> = summary
        .rows
        .iter()
        .filter(|r| r.sheet.is_some() && !r.duplicate)
        .map(|r| {
            let o = open_sheet(&r.sheet.as_ref().unwrap().path, &catalog).unwrap();
            (o.report.total, r.unit_name.clone())
        })
        .collect();
    let names: Vec<String> = units.iter().map(|(_, n)| n.clone()).collect();
    h.get_by_label("自查得分").click();
    h.run();
    units.sort_by_key(|u| std::cmp::Reverse(u.0));
    let shown = shown_order(&h, &names);
    let expected: Vec<String> = units.iter().map(|(_, n)| n.clone()).collect();
    // Equal totals may show in either order; compare the totals in the shown order.
    let total_of = |n: &String| units.iter().find(|(_, u)| u == n).unwrap().0;
    let shown_totals: Vec<_> = shown.iter().map(total_of).collect();
    let expected_totals: Vec<_> = expected.iter().map(total_of).collect();
    assert_eq!(shown_totals, expected_totals);
    h.get_by_label("自查得分 ↓").click();
    h.run();
    h.get_by_label("自查得分 ↑");
    let shown_totals: Vec<_> = shown_order(&h, &names).iter().map(total_of).collect();
    let mut ascending = expected_totals.clone();
    ascending.reverse();
    assert_eq!(shown_totals, ascending);
    // 未提交 rows stay at the bottom either way.
    let last_unit = h.get_by_label("南湖新区").rect().center().y;
    for n in &names {
        assert!(h.get_by_label(n).rect().center().y < last_unit, "{n}");
    }
}

#[test]
fn taking_out_one_of_two_files_resolves_the_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = comparing(dir.path());
    let dup_y = h
        .get_all_by_label("重复文件，待审核，逾期")
        .next()
        .unwrap()
        .rect()
        .center()
        .y;
    let take_out = h
        .get_all_by_label("移出")
        .find(|b| (b.rect().center().y - dup_y).abs() < 8.0)
        .expect("a 移出 button on the duplicate's row");
    take_out.click();
    crate::finish_work(&mut h);
    assert_eq!(h.query_all_by_label("重复文件，待审核，逾期").count(), 0);
    assert!(h.query_by_label_contains("平江县有2个文件").is_none());
    h.get_by_label_contains("已将“");
    let row = h
        .state()
        .comparison
        .as_ref()
        .unwrap()
        .summary
        .rows
        .iter()
        .find(|r| r.unit_id == "pingjiang")
        .unwrap()
        .clone();
    assert!(row.rank.is_some() && !row.duplicate);
}

#[test]
fn a_row_opens_its_sheet_and_a_saved_review_shows_in_the_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = comparing(dir.path());
    review_mode(&mut h);
    h.get_by_label("汇总比较").click();
    h.run();
    let y = h.get_by_label("岳阳县").rect().center().y;
    h.get_all_by_label("打开")
        .find(|b| (b.rect().center().y - y).abs() < 8.0)
        .unwrap()
        .click();
    h.run();
    assert_eq!(h.state().view, View::Sheet);
    h.get_by_label("填报单位：岳阳县");
    h.get_by_label("其余项采用自查得分").click();
    h.run();
    h.get_by_label("审核状态").click();
    h.run();
    h.get_by_label("已审核").click();
    h.run();
    let path = h.state().session.path().map(Path::to_path_buf).unwrap();
    assert!(h.state_mut().save_to(&path));
    h.get_by_label("汇总比较").click();
    h.run();
    let y = h.get_by_label("岳阳县").rect().center().y;
    let state = h
        .get_all_by_label("已审核，逾期")
        .find(|n| (n.rect().center().y - y).abs() < 8.0);
    assert!(state.is_some(), "the comparison shows the saved review");
}

#[test]
fn exports_from_the_window_and_a_failed_one_keeps_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = comparing(dir.path());
    let out = tempfile::tempdir().unwrap();
    h.state_mut().open_after_print = false;
    for ext in ["xlsx", "csv", "pdf"] {
        let target = out.path().join(format!("汇总.{ext}"));
        assert!(h.state_mut().export_comparison_to(&target), "{ext}");
        assert!(std::fs::metadata(&target).unwrap().len() > 100);
        h.run();
        h.get_by_label_contains("已导出：");
    }
    let csv = std::fs::read(out.path().join("汇总.csv")).unwrap();
    assert_eq!(&csv[..3], b"\xef\xbb\xbf");
    let nowhere = out.path().join("没有的文件夹").join("汇总.xlsx");
    assert!(!h.state_mut().export_comparison_to(&nowhere));
    h.run();
    h.get_by_label("导出失败");
    h.get_by_label("确定").click();
    h.run();
    assert!(h.state().comparison.is_some());
    h.get_by_label_contains("未提交 2个单位");
}

#[test]
fn one_dropped_file_opens_and_several_go_to_the_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let files = comparison_folder(dir.path());
    let mut h = harness();
    h.state_mut().files_dropped(vec![files[3].clone()]);
    crate::finish_work(&mut h);
    assert_eq!(h.state().view, View::Sheet);
    assert_eq!(h.state().session.path(), Some(files[3].as_path()));
    h.state_mut().files_dropped(files[..5].to_vec());
    crate::finish_work(&mut h);
    assert_eq!(h.state().view, View::Comparison);
    let summary = &h.state().comparison.as_ref().unwrap().summary;
    assert_eq!(summary.rows.iter().filter(|r| r.sheet.is_some()).count(), 5);
    assert_eq!(summary.missing().len(), 8);
    // Dropping one more while the comparison shows adds it there.
    h.state_mut().files_dropped(vec![files[6].clone()]);
    crate::finish_work(&mut h);
    assert_eq!(
        h.state()
            .comparison
            .as_ref()
            .unwrap()
            .summary
            .missing()
            .len(),
        7
    );
}

#[test]
fn a_review_draft_comes_back_in_review_mode_with_the_units_stamp_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let drafts = tempfile::tempdir().unwrap();
    let path = write_unit_sheets(dir.path(), &[("junshan", 5)]).remove(0);
    let unit_stamp = open_sheet(&path, &Catalog::default())
        .unwrap()
        .sheet
        .saved_at;
    {
        let store =
            kaoping::recovery::RecoveryStore::for_session(drafts.path().to_path_buf(), "crashed");
        let mut h = harness_with(Some(store));
        review_mode(&mut h);
        assert!(h.state_mut().open_path(&path));
        h.run();
        type_into_field(&mut h, "考核得分", "2");
        assert!(h.state_mut().write_draft());
        // The program dies here.
    }
    let store = kaoping::recovery::RecoveryStore::for_session(drafts.path().to_path_buf(), "next");
    let mut h = harness_with(Some(store));
    h.get_by_label("恢复").click();
    h.run();
    assert_eq!(h.state().session.mode(), Mode::Review);
    assert_eq!(
        h.state().session.sheet().items["office.info"].reviewed,
        Some(d("2"))
    );
    assert_eq!(
        h.state().session.sheet().saved_at,
        unit_stamp,
        "the unit's stamp is the unit's"
    );
    h.get_by_label_contains("已审1项：考核2 / 自查");
}

/// eframe's key-value storage, in memory.
#[derive(Default)]
struct MemoryStorage(std::collections::HashMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_string(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

#[test]
fn review_mode_is_remembered_for_the_next_start() {
    let mut storage = MemoryStorage::default();
    let mut h = harness();
    review_mode(&mut h);
    h.state().remember_mode(&mut storage);
    let mut next = KaopingApp::new(None);
    assert_eq!(next.session.mode(), Mode::Fill);
    next.recall_mode(&storage);
    assert_eq!(next.session.mode(), Mode::Review);
    // And back.
    next.set_mode(Mode::Fill);
    next.remember_mode(&mut storage);
    let mut third = KaopingApp::new(None);
    third.recall_mode(&storage);
    assert_eq!(third.session.mode(), Mode::Fill);
}

#[test]
fn sheet_shortcuts_do_nothing_behind_the_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = comparing(dir.path());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::P);
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert_eq!(h.state().view, View::Comparison);
    assert!(h.state().dialog.is_none());
    assert!(h.state().last_pdf.is_none());
    // A command (from the 文件 menu, say) shows the sheet it acts on.
    h.state_mut()
        .run_command(kaoping::ui::commands::Command::NextItem);
    h.run();
    assert_eq!(h.state().view, View::Sheet);
}

#[test]
fn reviewed_scores_can_be_typed_down_the_sheet_from_the_keyboard() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = reviewing(dir.path());
    h.get_by_role_and_label(Role::TextInput, "考核得分").focus();
    h.run();
    // Type a score, ↓, the next item's 考核得分 has the keyboard: type again.
    for (i, score) in ["1", "2", "0.5"].iter().enumerate() {
        assert_eq!(h.state().sheet_view.selected, i);
        assert!(
            h.get_by_role_and_label(Role::TextInput, "考核得分")
                .is_focused()
        );
        h.event(egui::Event::Text(score.to_string()));
        h.run();
        h.key_press(egui::Key::ArrowDown);
        h.run();
    }
    let items = &h.state().session.sheet().items;
    assert_eq!(items["office.info"].reviewed, Some(d("1")));
    assert_eq!(items["office.research"].reviewed, Some(d("2")));
    let third = &h.state().session.report().items[2].item_id;
    assert_eq!(items[third].reviewed, Some(d("0.5")));
    assert_eq!(h.state().sheet_view.selected, 3);
}

#[test]
fn f8_in_review_mode_goes_to_the_next_item_without_a_reviewed_score() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = reviewing(dir.path());
    // Items 1 and 2 reviewed; F8 from item 0 skips them to item 3.
    let ids: Vec<String> = h.state().session.report().items[..4]
        .iter()
        .map(|i| i.item_id.clone())
        .collect();
    for id in &ids[..3] {
        h.state_mut().session.set_reviewed(id, Some(d("0")));
    }
    h.run();
    h.key_press(egui::Key::F8);
    h.run();
    assert_eq!(h.state().sheet_view.selected, 3);
    h.get_by_label("办公室工作 第4项（1分）");
}

#[test]
fn clicking_an_item_in_review_mode_puts_the_cursor_in_its_reviewed_score() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = reviewing(dir.path());
    h.get_by_label("做好市妇联交办的其它工作").click();
    h.run();
    h.run();
    assert_eq!(h.state().sheet_view.selected, 7);
    assert!(
        h.get_by_role_and_label(Role::TextInput, "考核得分")
            .is_focused()
    );
    h.event(egui::Event::Text("0.5".into()));
    h.run();
    let id = h.state().session.report().items[7].item_id.clone();
    assert_eq!(
        h.state().session.sheet().items[&id].reviewed,
        Some(d("0.5"))
    );
}

#[test]
fn a_fill_mode_draft_restored_in_review_mode_comes_back_in_fill_mode() {
    let drafts = tempfile::tempdir().unwrap();
    {
        let store =
            kaoping::recovery::RecoveryStore::for_session(drafts.path().to_path_buf(), "crashed");
        let mut h = harness_with(Some(store));
        h.state_mut().session.set_unit(Some("pingjiang".into()));
        assert!(h.state_mut().write_draft());
    }
    let store = kaoping::recovery::RecoveryStore::for_session(drafts.path().to_path_buf(), "next");
    let mut h = harness_with(Some(store));
    h.state_mut().set_mode(Mode::Review);
    h.get_by_label("恢复").click();
    h.run();
    assert_eq!(
        h.state().session.mode(),
        Mode::Fill,
        "the unit's own unsaved work is edited as the unit's"
    );
}
