//! Next year's scheme in the window: a unit fills a 2016 sheet with only the sheet file; a
//! ruleset with mistakes is listed at once with lines; a good one is used for new sheets and
//! remembered; the author's live preview re-reads the file when it is saved.

use crate::common::*;
use crate::keyboard::{H, app, focus, key_char, replace_text, shown};
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use kaoping::catalog::{Catalog, load_ruleset_text, usable};
use kaoping::scoring::Fact;
use kaoping::sheet::{Sheet, open_sheet};
use kaoping::ui::View;
use std::path::Path;
use std::sync::Arc;

fn loaded_2016() -> Arc<kaoping::catalog::LoadedRuleset> {
    Arc::new(usable(load_ruleset_text(TEXT_2016, "yueyang-2016.ron").unwrap()).unwrap())
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

/// Runs frames until `label_part` shows (a file change seen by the watch), at most ~5 s.
fn wait_for_label(h: &mut H, label_part: &str) {
    for _ in 0..200 {
        h.run();
        if h.query_by_label_contains(label_part).is_some() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    panic!("“{label_part}” never showed");
}

#[test]
fn a_unit_fills_a_2016_sheet_with_nothing_but_the_sheet_file() {
    let dir = tempfile::tempdir().unwrap();
    // What the municipal office e-mails: one blank sheet; no 2016 ruleset on this computer.
    let path = dir.path().join("平江县妇联-2016年度绩效考核自评.kaoping");
    let loaded = loaded_2016();
    Sheet::new(&loaded, Some("pingjiang".into()))
        .save(&path, &loaded)
        .unwrap();
    let mut h = app();
    assert!(h.state_mut().open_path(&path));
    h.run();
    assert_eq!(h.state().session.ruleset().ruleset.id, "yueyang-2016");
    assert!(
        h.state()
            .window_title()
            .contains("2016年县市区妇联工作绩效考核自评表")
    );
    // The item 2016 added is on the sheet; the one it dropped is not.
    assert!(
        h.query_all_by_label_contains("开通并维护本级妇联微信公众号")
            .next()
            .is_some()
    );
    assert!(
        h.query_by_label_contains("参加省、市妇联召开的各种会议")
            .is_none()
    );

    // 及时报送信息, typed key by key: 2016's county target of 90 applies.
    h.state_mut().select(0);
    h.run();
    focus(&mut h, "市妇联采用信息");
    for (typed, c) in "72".chars().enumerate() {
        key_char(&mut h, c);
        let want: String = "72".chars().take(typed + 1).collect();
        assert_eq!(shown(&h, "市妇联采用信息"), want);
        let fact = h.state().session.sheet().items["office.info"]
            .facts
            .get("city")
            .cloned();
        assert_eq!(fact, Some(Fact::Number(d(&want))));
    }
    h.get_by_label_contains("目标90条（县市类），实际72条，少18条");

    // Saved with Ctrl+S, it still carries its rules: it opens anywhere with the file alone.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(!h.state().session.is_modified(), "{}", h.state().status);
    let reopened = open_sheet(&path, &Catalog::default()).unwrap();
    assert_eq!(reopened.ruleset.ruleset.id, "yueyang-2016");
    assert_eq!(
        reopened.sheet.items["office.info"].facts.get("city"),
        Some(&Fact::Number(d("72")))
    );
}

#[test]
fn a_ruleset_with_mistakes_is_listed_at_once_and_a_good_one_is_used_and_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let remembered = dir.path().join("data").join("rulesets");
    let mut h = app();
    h.state_mut().remember_rulesets_in(Some(remembered.clone()));

    // Two unknown fields: both listed, with their lines, in one dialog.
    let bad = text_2016_with_two_unknown_fields();
    let bad_path = dir.path().join("2016-草稿.ron");
    std::fs::write(&bad_path, &bad).unwrap();
    h.state_mut().files_dropped(vec![bad_path.clone()]);
    crate::finish_work(&mut h);
    h.get_by_label("考核规则有错误，不能使用");
    h.get_by_label("检查结果：2个错误，0个警告");
    h.get_by_label_contains(&format!("错误：第{}行", line_of(&bad, "isuer_phone")));
    h.get_by_label_contains(&format!("错误：第{}行", line_of(&bad, "note: \"新增\"")));
    assert!(h.query_by_label("用它新建考评表").is_none());
    h.get_by_label("关闭").click();
    h.run();
    assert!(h.state().dialog.is_none());
    assert!(
        !remembered.exists(),
        "a ruleset with errors is not remembered"
    );

    // The mended file: loaded, said with its changes against 2015, used for a new sheet.
    let good_path = dir.path().join("2016.ron");
    std::fs::write(&good_path, TEXT_2016).unwrap();
    h.state_mut().files_dropped(vec![good_path]);
    crate::finish_work(&mut h);
    h.get_by_label("考核规则已载入");
    h.get_by_label("检查结果：0个错误，1个警告");
    h.get_by_label("改动（8处）").click();
    h.run();
    h.get_by_label_contains("新增：办公室工作 第6项（开通并维护本级妇联微信公众号");
    // The dialog grew: egui centres a modal by the size it had the frame before, so it
    // settles a frame later than `run` waits. A person never clicks within that frame.
    h.step();
    h.step();
    h.run();
    h.get_by_label("用它新建考评表").click();
    h.run();
    assert!(h.state().dialog.is_none());
    assert_eq!(
        h.state().session.ruleset().ruleset.id,
        "yueyang-2016",
        "{}",
        h.state().status
    );
    assert_eq!(std::fs::read_dir(&remembered).unwrap().count(), 1);

    // Next time the program starts, 新建 asks which scheme; ↓ and Enter are not needed,
    // a click on the radio is.
    let mut h = app();
    h.state_mut().remember_rulesets_in(Some(remembered.clone()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    h.get_by_label("新建考评表：选择考核规则");
    radio(&h, "2016年 2016年县市区妇联工作绩效考核自评表").click();
    h.run();
    h.get_by_label("新建考评表").click();
    h.run();
    assert!(h.state().dialog.is_none());
    assert_eq!(h.state().session.ruleset().ruleset.year, 2016);
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    radio(&h, "2015年 2015年县市区妇联工作绩效考核自评表").click();
    h.run();
    h.get_by_label("新建考评表").click();
    h.run();
    assert_eq!(h.state().session.ruleset().ruleset.year, 2015);
}

fn radio<'h>(h: &'h H, label: &'h str) -> egui_kittest::Node<'h> {
    h.get(
        egui_kittest::kittest::by()
            .label_contains(label)
            .role(egui::accesskit::Role::RadioButton),
    )
}

/// A ruleset saved as many editors save: a new file renamed over the old one.
fn save_as_an_editor_does(path: &Path, text: &str) {
    let tmp = path.with_extension("ron.swp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

/// The 2016 rules written in `dir`, and a clerk's filled 2015 sheet open in the window.
fn clerk_with_2016_rules(dir: &Path) -> (H, std::path::PathBuf, std::path::PathBuf) {
    let rules = dir.join("2016.ron");
    std::fs::write(&rules, TEXT_2016).unwrap();
    let sheet_path = dir.join("平江县.kaoping");
    let old = rs2015();
    kaoping::sample::filled_sheet_for(&old, "pingjiang", 3)
        .save(&sheet_path, &old)
        .unwrap();
    let mut h = app();
    assert!(h.state_mut().open_path(&sheet_path));
    h.run();
    (h, rules, sheet_path)
}

#[test]
fn the_preview_shows_the_sheet_and_rereads_the_file_when_its_author_saves_it() {
    let dir = tempfile::tempdir().unwrap();
    // A clerk's sheet is open; the preview sets it aside and gives it back.
    let (mut h, rules, sheet_path) = clerk_with_2016_rules(dir.path());

    h.get_by_label("查看").click();
    h.run();
    h.get_by_label("规则预览…").click();
    h.run();
    h.get_by_label("预览考核规则");
    h.state_mut().dialog = None;
    assert!(h.state_mut().start_preview(&rules));
    h.run();
    assert_eq!(h.state().view, View::Preview);
    h.get_by_label("检查结果：0个错误，1个警告");
    h.get_by_label_contains("第1次读取");
    assert!(
        h.query_all_by_label_contains("开通并维护本级妇联微信公众号")
            .next()
            .is_some()
    );
    assert!(h.state().window_title().starts_with("规则预览：2016.ron"));

    // A mistake saved: listed with its line; the last good sheet stays, said so.
    save_as_an_editor_does(
        &rules,
        &TEXT_2016.replacen("total_points: \"100\"", "total_points: \"99\"", 1),
    );
    wait_for_label(&mut h, "检查结果：1个错误");
    h.get_by_label_contains(&format!(
        "错误：第{}行，规则集：各类别分值合计100分，与总分99分不符",
        line_of(TEXT_2016, "total_points:")
    ));
    h.get_by_label("文件现在有错误：下面显示的是上次读取成功的版本");
    assert!(
        h.query_all_by_label_contains("开通并维护本级妇联微信公众号")
            .next()
            .is_some()
    );

    // Mended, with a new item text: the sheet shows it at once.
    save_as_an_editor_does(
        &rules,
        &TEXT_2016.replacen(
            "开通并维护本级妇联微信公众号",
            "开通并维护本级妇联微信公众号和微博",
            1,
        ),
    );
    // (How many readings that takes depends on how the system reports the rename.)
    wait_for_label(&mut h, "公众号和微博");
    wait_for_label(&mut h, "检查结果：0个错误");
    assert!(h.state().preview.as_ref().unwrap().watched.readings >= 3);

    // 示例填写: every item filled, scores on screen.
    assert!(
        h.state()
            .session
            .report()
            .items
            .iter()
            .all(|i| i.score.is_none() || i.item_id == "x")
    );
    h.get_by_label("示例填写").click();
    h.run();
    assert!(
        h.state().session.report().complete,
        "{:?}",
        h.state().session.report().problems
    );
    // The changes against 2015, in the same place as the findings.
    h.get_by_label("改动").click();
    h.run();
    h.get_by_label_contains("删除：办公室工作 第6项（参加省、市妇联召开的各种会议");

    // 关闭预览: the clerk's sheet is back as it was.
    h.get_by_label("关闭预览").click();
    h.run();
    assert_eq!(h.state().view, View::Sheet);
    assert_eq!(h.state().session.path(), Some(sheet_path.as_path()));
    assert_eq!(h.state().session.ruleset().ruleset.id, "yueyang-2015");
    assert!(!h.state().session.is_modified());
}

#[test]
fn the_comparison_opens_13_sheets_of_2016_and_sets_2015_beside_them_by_item_id() {
    let dir = tempfile::tempdir().unwrap();
    let new = loaded_2016();
    let old = rs2015();
    for (seed, unit) in unit_ids().iter().enumerate() {
        kaoping::sample::filled_sheet_for(&new, unit, seed as u64 + 1)
            .save(&dir.path().join(format!("2016-{unit}.kaoping")), &new)
            .unwrap();
    }
    kaoping::sample::filled_sheet_for(&old, "pingjiang", 5)
        .save(&dir.path().join("2015-pingjiang.kaoping"), &old)
        .unwrap();
    let mut h = app();
    h.state_mut().files_dropped(vec![dir.path().to_path_buf()]);
    crate::finish_work(&mut h);
    assert_eq!(h.state().view, View::Comparison);
    let c = h.state().comparison.as_ref().unwrap();
    assert_eq!(c.summary.ruleset.ruleset.id, "yueyang-2016");
    assert!(
        c.summary
            .rows
            .iter()
            .all(|r| r.sheet.is_some() && r.rank.is_some())
    );
    h.get_by_label("展开说明").click();
    h.run();
    h.get_by_label_contains("不同规则的表不一起排名");

    h.get_by_label("汇总").click();
    h.run();
    h.get_by_label("按项目对照各年度").click();
    h.run();
    h.get_by_label("县市区妇联工作绩效考核年度对照表（2015年、2016年）");
    h.get_by_label("共同项目变化（2016年−2015年）");
    // 平江县 has both years; the others have 2016 alone.
    assert_eq!(h.query_all_by_label("未提交").count(), 12);

    // Exported for Excel/WPS, through the window's own path entry.
    h.get_by_label("导出对照表 CSV…").click();
    h.run();
    h.get_by_label("导出年度对照表（CSV）");
    crate::keyboard::replace_text(&mut h, "文件夹", &dir.path().display().to_string());
    focus(&mut h, "文件名");
    h.key_press(Key::Enter);
    h.run();
    let csv = std::fs::read_to_string(dir.path().join("年度对照表.csv")).unwrap();
    assert!(csv.contains("单位,2015年总分,2016年总分"), "{csv}");
    assert_eq!(csv.lines().filter(|l| l.contains("未提交")).count(), 12);
}

#[test]
fn leaving_the_preview_any_way_gives_the_document_back() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, rules, sheet_path) = clerk_with_2016_rules(dir.path());
    // Through the 汇总 menu to the comparison, then back to 考评表.
    assert!(h.state_mut().start_preview(&rules));
    h.run();
    // The real window hands every frame's drops over, mostly none: that ends nothing.
    h.state_mut().files_dropped(Vec::new());
    crate::finish_work(&mut h);
    assert_eq!(h.state().view, View::Preview);
    h.get_by_label("汇总").click();
    h.run();
    // The menu's item (the bar beside the menus has a 汇总比较 too).
    h.get_all_by_label("汇总比较").last().unwrap().click();
    h.run();
    assert_eq!(h.state().view, View::Comparison);
    assert!(h.state().preview.is_none());
    assert_eq!(h.state().session.path(), Some(sheet_path.as_path()));
    // A sheet dropped on the preview opens in place of the document, with no question about
    // the preview's sheet.
    assert!(h.state_mut().start_preview(&rules));
    h.run();
    h.get_by_label("示例填写").click();
    h.run();
    h.state_mut().files_dropped(vec![sheet_path.clone()]);
    crate::finish_work(&mut h);
    assert!(h.state().dialog.is_none());
    assert_eq!(h.state().view, View::Sheet);
    assert_eq!(h.state().session.ruleset().ruleset.id, "yueyang-2015");
    // Ctrl+S in the preview saves nothing of it: the preview ends and the document is saved.
    assert!(h.state_mut().start_preview(&rules));
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert_eq!(h.state().view, View::Sheet);
    assert!(!dir.path().join("新考评表.kaoping").exists());
    assert_eq!(h.state().session.path(), Some(sheet_path.as_path()));
}

#[test]
fn open_ruleset_in_the_windows_own_entry_lists_the_folders_rulesets() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("2016.ron"), TEXT_2016).unwrap();
    std::fs::write(dir.path().join("说明.txt"), "不是规则").unwrap();
    let mut h = app();
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label("打开考核规则…").click();
    h.run();
    // No system dialog in tests: the window asks for the path itself.
    h.get_by_label("打开考核规则");
    crate::keyboard::replace_text(&mut h, "文件夹", &dir.path().display().to_string());
    h.get_by_label("此文件夹中的考核规则：");
    assert!(h.query_by_label("说明.txt").is_none());
    h.get_by_label("2016.ron").click();
    h.run();
    h.get_by_label("考核规则已载入");
    h.get_by_label("2016年县市区妇联工作绩效考核自评表（yueyang-2016 版本 1.0.0）");
}

#[test]
fn the_scheme_goes_out_as_a_workbook_and_as_blank_sheets_from_the_file_menu() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app();
    h.run();
    // 文件 → 导出考核方案表格…, into a folder typed in the window's own entry.
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label("导出考核方案表格…").click();
    h.run();
    h.get_by_label("导出考核方案表格（Excel）");
    replace_text(&mut h, "文件夹", &dir.path().display().to_string());
    focus(&mut h, "文件名");
    h.key_press(Key::Enter);
    h.run();
    let book = dir.path().join("2015考核方案.xlsx");
    let read = kaoping::catalog::load_ruleset_file(&book).unwrap();
    assert_eq!(read.ruleset, rs2015().ruleset);
    assert!(
        h.state().status.contains("已导出考核方案表格"),
        "{}",
        h.state().status
    );
    // 文件 → 发布空白表…: one sheet per unit into a folder that does not exist yet.
    let out = dir.path().join("发各单位");
    let publish = |h: &mut H| {
        h.get_by_label("文件").click();
        h.run();
        h.get_by_label("发布空白表…").click();
        h.run();
        replace_text(h, "文件夹", &out.display().to_string());
        h.key_press(Key::Enter);
        h.run();
    };
    publish(&mut h);
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    assert_eq!(names.len(), 13, "{names:?} — {}", h.state().status);
    assert!(names.contains(&"平江县妇联-2015年度绩效考核自评.kaoping".to_string()));
    let one = open_sheet(
        &out.join("平江县妇联-2015年度绩效考核自评.kaoping"),
        &Catalog::default(),
    )
    .unwrap();
    assert_eq!(one.sheet.unit.as_deref(), Some("pingjiang"));
    // Again into the same folder: refused, nothing written over, said in a message.
    publish(&mut h);
    h.get_by_label("没有发布空白表");
}

#[test]
fn a_hostile_workbook_opened_through_the_file_menu_is_refused_and_the_sheet_stays() {
    let dir = tempfile::tempdir().unwrap();
    // The exported scheme with its declared count of texts made a hundred billion.
    let exported = dir.path().join("2015.xlsx");
    std::fs::write(
        &exported,
        kaoping::workbook::write_workbook(&rs2015().ruleset).unwrap(),
    )
    .unwrap();
    let mut entries = unzip(&exported);
    let shared = &mut entries
        .iter_mut()
        .find(|(n, _)| n == "xl/sharedStrings.xml")
        .unwrap()
        .1;
    let text = String::from_utf8(shared.clone()).unwrap();
    let start = text.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
    let end = start + text[start..].find('"').unwrap();
    *shared = format!("{}100000000000{}", &text[..start], &text[end..]).into_bytes();
    rezip(&dir.path().join("方案.xlsx"), &entries);
    std::fs::remove_file(&exported).unwrap();

    let sheet = write_unit_sheets(dir.path(), &[("pingjiang", 3)]).remove(0);
    let mut h = app();
    assert!(h.state_mut().open_path(&sheet));
    h.run();
    let before = h.state().session.sheet().clone();
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label("打开考核规则…").click();
    h.run();
    crate::keyboard::replace_text(&mut h, "文件夹", &dir.path().display().to_string());
    h.get_by_label("方案.xlsx").click();
    h.run();
    assert!(
        h.query_all_by_label_contains("uniqueCount")
            .next()
            .is_some(),
        "the refusal names what is wrong"
    );
    assert_eq!(h.state().session.sheet(), &before, "the sheet is as it was");
    assert_eq!(h.state().session.path(), Some(sheet.as_path()));
}
