//! The departments' 评分表 in the window: the 办公室 distributes a category's sheet from the
//! comparison (汇总 → 分发评分表…) and collects it filled (收回评分表…) — errors by row and
//! column, nothing ticked while there are any, the right rows chosen; a department scores
//! its own category here (部门评分…), key by key, with Ctrl+Z, and saves the workbook; the
//! 办公室 chooses between two differing scores in review mode.

use crate::common::*;
use crate::evidence::choose_in_entry;
use crate::finish_work;
use crate::keyboard::{H, focus, harness_sized, key_char};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use kaoping::catalog::Catalog;
use kaoping::ui::{KaopingApp, Mode, View};
use rust_decimal::Decimal;
use std::path::Path;

fn comparing(inbox: &Path, w: f32, h: f32) -> H {
    let mut a = KaopingApp::new(None);
    a.open_after_print = false;
    a.set_mode(Mode::Review);
    a.add_to_comparison(vec![inbox.to_path_buf()]);
    a.wait_for_work();
    a.view = View::Comparison;
    let mut h = harness_sized(a, w, h);
    h.run();
    h
}

/// 汇总 → `item`.
fn summary_menu(h: &mut H, item: &str) {
    h.get_by_label("汇总").click();
    h.run();
    h.get_by_label(item).click();
    h.run();
}

/// Clicks the button named `label`, scrolled into view first as a person would.
fn press(h: &mut H, label: &str) {
    press_nth(h, label, 0);
}

fn press_nth(h: &mut H, label: &str, nth: usize) {
    h.get_all_by_label(label).nth(nth).unwrap().scroll_to_me();
    h.run();
    h.get_all_by_label(label).nth(nth).unwrap().click();
    h.run();
}

#[test]
fn the_office_distributes_a_category_and_collects_it_choosing_the_right_rows() {
    let dir = tempfile::tempdir().unwrap();
    let (inbox, _) = units_sent_packages(dir.path(), 13);
    let out = dir.path().join("部门");
    std::fs::create_dir_all(&out).unwrap();
    let mut h = comparing(&inbox, 1024.0, 700.0);

    summary_menu(&mut h, "分发评分表…");
    h.get_by_label("维权工作").click();
    h.run();
    // Enter takes the dialog's first button (选择保存位置…).
    h.key_press(Key::Enter);
    h.run();
    choose_in_entry(&mut h, &out, "维权部评分表.xlsx");
    let book = out.join("维权部评分表.xlsx");
    assert!(book.is_file(), "{}", h.state().comparison_view.status);
    assert!(
        h.state().comparison_view.status.contains("13个单位可评分"),
        "{}",
        h.state().comparison_view.status
    );

    // 维权部 fills it in WPS: all its self scores, one over the item's points.
    let filled = fill_scoring_sheet(
        &book,
        r#"{"sheet": "维权工作", "reviewer": "张三", "self": true, "rows": {"平江县 第1项": {"score": "4", "opinion": "超出"}}}"#,
        "维权-张三",
    );
    summary_menu(&mut h, "收回评分表…");
    choose_in_entry(&mut h, &out, "维权-张三.xlsx");
    assert!(filled.is_file());
    // The error is said by sheet, row and column; nothing is ticked.
    h.get_by_label_contains("维权工作 表第2行（平江县 维权工作第1项） K列（考核得分）");
    h.get_by_label("记入所选的0行");
    h.key_press(Key::Enter);
    h.run();
    assert!(
        h.state().dialog.is_some(),
        "nothing to take: the dialog stays"
    );
    press(&mut h, "全选无误的行");
    press(&mut h, "记入所选的64行");
    finish_work(&mut h);
    assert!(
        h.state()
            .comparison_view
            .status
            .contains("已收回64项考核得分"),
        "{}",
        h.state().comparison_view.status
    );
    // The comparison, read again, shows how far each department is.
    h.get_by_label("维权工作 12/13");
    h.get_by_label("儿童工作 0/13");
    let s = &h.state().comparison.as_ref().unwrap().summary;
    let reviewed: usize = s
        .rows
        .iter()
        .filter_map(|r| r.sheet.as_ref())
        .map(|x| x.reviewed_items)
        .sum();
    assert_eq!(reviewed, 64);
}

/// The department view's `label` fields (one per item of the unit shown), top to bottom.
fn fields<'h>(h: &'h H, label: &'h str) -> Vec<egui_kittest::Node<'h>> {
    let mut all: Vec<_> = h
        .query_all(
            egui_kittest::kittest::by()
                .label(label)
                .predicate(|n| matches!(n.role(), Role::TextInput | Role::MultilineTextInput)),
        )
        .collect();
    all.sort_by(|a, b| a.rect().top().total_cmp(&b.rect().top()));
    all
}

/// Types `text` into the department view's `nth` field named `label` one character at a
/// time; after every key what the field shows is what the department's sheet holds.
#[track_caller]
fn type_into(h: &mut H, label: &str, nth: usize, text: &str) {
    fields(h, label)[nth].focus();
    h.run();
    for c in text.chars() {
        key_char(h, c);
        let shown = fields(h, label)[nth].value().unwrap_or_default();
        let draft = h.state().department.as_ref().unwrap();
        let row = draft.rows_shown()[nth].1.clone();
        match label {
            "审核人" => assert_eq!(draft.reviewer, shown, "after {c:?}"),
            "考核意见" => assert_eq!(row.opinion, shown, "after {c:?}"),
            "考核得分" => {
                if let Ok(typed) = kaoping::input::parse_number(&shown) {
                    assert_eq!(row.score, typed, "after {c:?} the field shows {shown:?}");
                }
            }
            other => panic!("no check for {other}"),
        }
    }
}

#[test]
fn a_department_scores_its_category_key_by_key_undoes_and_saves_the_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let (inbox, _) = units_sent_packages(dir.path(), 3);
    let mut h = comparing(&inbox, 1366.0, 768.0);
    summary_menu(&mut h, "部门评分…");
    h.get_by_label("儿童工作").click();
    h.run();
    press(&mut h, "开始评分");
    finish_work(&mut h);
    assert_eq!(h.state().view, View::Department);
    // Only 儿童工作's items are open; the others are folded, read-only.
    h.get_by_label("其他类别（由其他部门评分，只读）");

    type_into(&mut h, "审核人", 0, "李四");
    assert_eq!(h.state().department.as_ref().unwrap().reviewer, "李四");
    // The department's name is its own: the office's 审核人 is not touched.
    assert_eq!(h.state().session.reviewer(), "");
    let first_self = h.state().department.as_ref().unwrap().rows_shown()[0]
        .1
        .self_score;
    let lower = if first_self == Some(Decimal::ZERO) {
        "1"
    } else {
        "0"
    };
    type_into(&mut h, "考核得分", 0, lower);
    let row = |h: &H| {
        h.state().department.as_ref().unwrap().rows_shown()[0]
            .1
            .clone()
    };
    assert_eq!(row(&h).score, Some(lower.parse().unwrap()));
    assert_eq!(row(&h).reviewer, "李四");
    // A score other than the self score asks for an opinion, on the row itself.
    h.get_by_label_contains("请填写考核意见");
    // Tab after the score goes straight on to its 考核意见 (采用自查得分 is no Tab stop).
    h.key_press(Key::Tab);
    h.run();
    assert!(
        fields(&h, "考核意见")[0].is_focused(),
        "Tab reaches 考核意见"
    );
    for c in "缺活动图片".chars() {
        key_char(&mut h, c);
        let shown = fields(&h, "考核意见")[0].value().unwrap_or_default();
        assert_eq!(row(&h).opinion, shown, "after {c:?}");
    }
    assert_eq!(row(&h).opinion, "缺活动图片");
    // Ctrl+Z takes the opinion typed back as one step; the score stays; Ctrl+Y again.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().view, View::Department);
    assert_eq!(row(&h).opinion, "");
    assert_eq!(row(&h).score, Some(lower.parse().unwrap()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    assert_eq!(row(&h).opinion, "缺活动图片");
    // The next unit; the rest adopted with 采用自查得分.
    press(&mut h, "下一个单位");
    assert_eq!(h.state().department.as_ref().unwrap().unit, 1);
    let adopt = h.get_all_by_label("采用自查得分").count();
    for i in 0..adopt {
        press_nth(&mut h, "采用自查得分", i);
    }
    // 结束部门评分 with it unsaved asks first; Esc keeps it.
    press(&mut h, "结束部门评分");
    h.get_by_label("保存评分？");
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().view, View::Department);
    assert!(h.state().department.is_some());
    // Saved as the 评分表 the 办公室 takes back.
    press(&mut h, "保存评分表…");
    choose_in_entry(&mut h, dir.path(), "儿童部评分表.xlsx");
    let saved = dir.path().join("儿童部评分表.xlsx");
    assert!(saved.is_file(), "{}", h.state().department_view.status);
    assert!(!h.state().department.as_ref().unwrap().modified());
    let filled = kaoping::scoring_sheet::read_filled(&std::fs::read(&saved).unwrap()).unwrap();
    let inbox_now =
        kaoping::scoring_sheet::Inbox::read(std::slice::from_ref(&inbox), &Catalog::default());
    let checked = kaoping::scoring_sheet::check(&filled, &inbox_now);
    assert_eq!(
        checked.errors().count(),
        0,
        "{:?}",
        checked.errors().collect::<Vec<_>>()
    );
    let items = rs2015()
        .ruleset
        .categories
        .iter()
        .find(|c| c.name == "儿童工作")
        .unwrap()
        .items
        .len();
    assert_eq!(checked.mergeable(), 1 + items);
    // Saved: 结束部门评分 ends it without asking.
    press(&mut h, "结束部门评分");
    assert_eq!(h.state().view, View::Comparison);
    assert!(h.state().department.is_none());
}

#[test]
fn the_office_chooses_between_two_departments_scores_in_review_mode() {
    let dir = tempfile::tempdir().unwrap();
    let (inbox, _) = units_sent_packages(dir.path(), 1);
    let catalog = Catalog::default();
    let give = |score: &str, by: &str, name: &str| {
        let inbox_now = kaoping::scoring_sheet::Inbox::read(std::slice::from_ref(&inbox), &catalog);
        let cats =
            kaoping::scoring_sheet::categories(&inbox_now.ruleset, Some("宣传工作")).unwrap();
        let sheet = kaoping::scoring_sheet::ScoringSheet::of(&inbox_now, &cats);
        let book = dir.path().join(format!("{name}-空.xlsx"));
        std::fs::write(&book, kaoping::scoring_sheet::to_xlsx(&sheet).unwrap()).unwrap();
        let spec = format!(
            r#"{{"sheet": "宣传工作", "rows": {{"平江县 第1项": {{"score": "{score}", "opinion": "{by}的意见", "reviewer": "{by}"}}}}}}"#
        );
        let filled = fill_scoring_sheet(&book, &spec, name);
        let read = kaoping::scoring_sheet::read_filled(&std::fs::read(filled).unwrap()).unwrap();
        let checked = kaoping::scoring_sheet::check(&read, &inbox_now);
        kaoping::scoring_sheet::merge(&checked, |r| r.mergeable(), &inbox_now, &catalog)
    };
    give("1", "赵六", "一");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = give("0.5", "钱七", "二");
    assert_eq!(second.disputes.len(), 1, "{second:?}");

    let mut a = KaopingApp::new(None);
    a.set_mode(Mode::Review);
    assert!(a.open_path(&inbox.join("pingjiang-提交包.zip")));
    let item = rs2015()
        .ruleset
        .items()
        .position(|(_, i)| i.id.starts_with("publicity."))
        .unwrap();
    a.select(item);
    let mut h = harness_sized(a, 1024.0, 700.0);
    h.run();
    h.get_by_label_contains("此项有2份不同的评分");
    h.get_by_label_contains("审核人：赵六");
    press(&mut h, "采用这一份");
    let entry = &h.state().session.sheet().items[&rs2015().ruleset.items().nth(item).unwrap().1.id];
    assert_eq!(entry.reviewed, Some("0.5".parse().unwrap()));
    assert_eq!(entry.review_note, "钱七的意见");
    assert!(h.query_by_label_contains("此项有2份不同的评分").is_none());
    // The 考核得分 field shows the score taken, and Ctrl+Z brings the choice back.
    assert_eq!(crate::keyboard::shown(&h, "考核得分"), "0.5");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.get_by_label_contains("此项有2份不同的评分");
}

#[test]
fn a_department_with_only_the_workbook_opens_it_scores_and_saves_a_copy_the_office_takes_back() {
    let dir = tempfile::tempdir().unwrap();
    let (inbox, _) = units_sent_packages(dir.path(), 2);
    let catalog = Catalog::default();
    let inbox_now = kaoping::scoring_sheet::Inbox::read(std::slice::from_ref(&inbox), &catalog);
    let cats = kaoping::scoring_sheet::categories(&inbox_now.ruleset, Some("组织工作")).unwrap();
    let sheet = kaoping::scoring_sheet::ScoringSheet::of(&inbox_now, &cats);
    let mail = dir.path().join("收到的邮件");
    std::fs::create_dir_all(&mail).unwrap();
    let book = mail.join("组织部评分表.xlsx");
    let received = kaoping::scoring_sheet::to_xlsx(&sheet).unwrap();
    std::fs::write(&book, &received).unwrap();

    // 打开 (here: the path, as a double-click or a drop gives it) shows 部门评分 at once.
    let mut a = KaopingApp::new(None);
    assert!(a.open_path(&book));
    let mut h = harness_sized(a, 1024.0, 700.0);
    h.run();
    assert_eq!(h.state().view, View::Department);
    let draft = h.state().department.as_ref().unwrap();
    assert_eq!(
        draft.sheet.rows, sheet.rows,
        "the workbook read back is the sheet sent"
    );
    type_into(&mut h, "审核人", 0, "孙八");
    let first = h.state().department.as_ref().unwrap().rows_shown()[0]
        .1
        .clone();
    let score = first.self_score.unwrap().to_string();
    type_into(&mut h, "考核得分", 0, &score);
    press(&mut h, "保存评分表…");
    // Offered beside the workbook, as a copy: the one received stays as it came.
    assert_eq!(
        crate::keyboard::shown(&h, "文件名"),
        "组织部评分表-已评.xlsx"
    );
    h.key_press(Key::Enter);
    h.run();
    let saved = mail.join("组织部评分表-已评.xlsx");
    assert!(saved.is_file(), "{}", h.state().department_view.status);
    assert_eq!(
        std::fs::read(&book).unwrap(),
        received,
        "the workbook received is untouched"
    );
    // The office takes it back as the same distribution: one row, right, by 孙八.
    let filled = kaoping::scoring_sheet::read_filled(&std::fs::read(&saved).unwrap()).unwrap();
    assert_eq!(filled.id, sheet.id);
    let checked = kaoping::scoring_sheet::check(&filled, &inbox_now);
    assert_eq!(checked.errors().count(), 0);
    assert_eq!(checked.mergeable(), 1);
    let row = checked.rows.iter().find(|r| r.mergeable()).unwrap();
    assert_eq!(row.score.as_ref().unwrap().scored.by, "孙八");
}

#[test]
fn the_reviewer_types_her_name_key_by_key_and_each_score_she_gives_is_recorded_under_it() {
    let dir = tempfile::tempdir().unwrap();
    let (inbox, _) = units_sent_packages(dir.path(), 1);
    let mut a = KaopingApp::new(None);
    a.set_mode(Mode::Review);
    assert!(a.open_path(&inbox.join("pingjiang-提交包.zip")));
    a.select(0);
    let mut h = harness_sized(a, 1366.0, 768.0);
    h.run();
    focus(&mut h, "审核人");
    for c in "王小五".chars() {
        key_char(&mut h, c);
        let shown = crate::keyboard::shown(&h, "审核人");
        assert_eq!(h.state().session.reviewer(), shown, "after {c:?}");
    }
    focus(&mut h, "考核得分");
    for c in "3".chars() {
        key_char(&mut h, c);
    }
    let item = &h.state().session.report().items[0].item_id.clone();
    let review = h.state().session.sheet().review.clone().unwrap();
    assert_eq!(review.scored_by[item].by, "王小五");
    // Shown under the score, for the office to read back.
    h.get_by_label_contains("审核人：王小五");
}
