//! The municipal office's desk in the window: the comparison's table first (its notes one
//! line that opens), every row and button reachable at office screen sizes and with 300
//! files, back at the top when shown again; a package opened twice keeps its review.

use crate::common::*;
use crate::keyboard::{H, harness_sized};
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use kaoping::ui::{KaopingApp, Mode, View};
use std::path::Path;

/// 26 sample sheets: every unit, most of them twice (duplicates, as in a busy inbox).
fn busy_inbox(dir: &Path, files: u64) {
    for seed in 0..files {
        let loaded = rs2015();
        kaoping::sample::filled_sheet(&loaded, seed)
            .save(&dir.join(format!("s{seed}.kaoping")), &loaded)
            .unwrap();
    }
}

fn comparing(dir: &Path, w: f32, h: f32) -> H {
    let mut a = KaopingApp::new(None);
    a.add_to_comparison(vec![dir.to_path_buf()]);
    a.wait_for_work();
    a.view = View::Comparison;
    let mut h = harness_sized(a, w, h);
    h.run();
    h
}

/// The unit cells of the table's rows, top to bottom, with their rectangles.
fn unit_cells(h: &H) -> Vec<(String, egui::Rect)> {
    let units: Vec<String> = rs2015()
        .ruleset
        .units
        .iter()
        .map(|u| u.name.clone())
        .collect();
    h.root()
        .query_all(egui_kittest::kittest::by().role(Role::Label))
        .filter_map(|n| {
            let node = n.accesskit_node();
            let label = node.label().or_else(|| node.value())?;
            units.contains(&label).then(|| (label, n.rect()))
        })
        .collect()
}

#[test]
fn the_comparison_table_is_first_every_row_and_button_in_reach_and_it_reopens_at_the_top() {
    let dir = tempfile::tempdir().unwrap();
    busy_inbox(dir.path(), 26);
    for (w, hgt) in [(1024.0, 700.0), (1280.0, 800.0), (1366.0, 768.0)] {
        let mut h = comparing(dir.path(), w, hgt);
        // The notes are one line of counts; the table starts high on the page.
        assert!(
            h.root().query_all(egui_kittest::kittest::by()).any(|n| {
                let node = n.accesskit_node();
                node.label()
                    .or_else(|| node.value())
                    .is_some_and(|t| t.starts_with("重复 ") && t.ends_with("个单位"))
            }),
            "the counts line says how many units sent two files"
        );
        h.get_by_label("展开说明");
        let header = h.get_by_label("排名 ↑").rect();
        assert!(
            header.max.y < hgt * 0.3,
            "the table begins at {header:?} at {w}×{hgt}"
        );
        // Every 打开 and 移出 is whole, before the 文件 column.
        // The 文件 column's title (the menu named 文件 is at the top left).
        let file_col = h
            .query_all_by_label("文件")
            .map(|n| n.rect())
            .filter(|r| r.min.y > header.min.y - 5.0)
            .map(|r| r.min.x)
            .fold(f32::INFINITY, f32::min);
        for n in h.query_all_by_label("移出") {
            let r = n.rect();
            assert!(
                r.max.x <= file_col && r.max.x <= w,
                "移出 at {r:?}, 文件 at {file_col}"
            );
        }
        // The last row can be scrolled to and seen whole.
        let last = rs2015().ruleset.units.len();
        let rows = h.state().comparison.as_ref().unwrap().summary.rows.len();
        assert!(rows > last);
        // The mouse over the table, the wheel turned as a person does.
        h.event(egui::Event::PointerMoved(egui::pos2(w / 2.0, hgt * 0.6)));
        for _ in 0..40 {
            h.event(egui::Event::MouseWheel {
                source: egui::MouseWheelSource::Wheel,
                unit: egui::MouseWheelUnit::Line,
                delta: egui::vec2(0.0, -5.0),
                modifiers: egui::Modifiers::NONE,
                phase: egui::TouchPhase::Move,
            });
            h.run();
        }
        let cells = unit_cells(&h);
        let bottom = cells.iter().map(|(_, r)| r.max.y).fold(0.0, f32::max);
        assert!(bottom <= hgt, "the last row ends at {bottom} at {w}×{hgt}");
        let shown_last = cells
            .iter()
            .max_by(|a, b| a.1.max.y.total_cmp(&b.1.max.y))
            .unwrap();
        let names: Vec<String> = {
            let summary = &h.state().comparison.as_ref().unwrap().summary;
            summary
                .sorted_rows(Default::default())
                .iter()
                .map(|r| r.unit_name.clone())
                .collect()
        };
        assert_eq!(&shown_last.0, names.last().unwrap(), "scrolled to the end");
        // Shown again: at the top, rank 1 in view.
        h.state_mut().view = View::Sheet;
        h.run();
        h.state_mut().view = View::Comparison;
        h.run();
        h.run();
        let first = &unit_cells(&h)[0];
        assert_eq!(first.0, names[0]);
        assert!(first.1.min.y > header.max.y - 1.0 && first.1.max.y < hgt);
        // Opened, the notes stay in a box: the table is still on the page.
        h.get_by_label("展开说明").click();
        h.run();
        h.get_by_label("收起说明");
        let header = h.get_by_label("排名 ↑").rect();
        assert!(
            header.max.y < hgt * 0.6,
            "with the notes open the table begins at {header:?}"
        );
    }
}

#[test]
fn three_hundred_files_keep_the_table_in_reach() {
    let dir = tempfile::tempdir().unwrap();
    busy_inbox(dir.path(), 300);
    let mut h = comparing(dir.path(), 1024.0, 700.0);
    let header = h.get_by_label("排名 ↑").rect();
    assert!(header.max.y < 700.0 * 0.3, "{header:?}");
    h.get_by_label("展开说明").click();
    h.run();
    let header = h.get_by_label("排名 ↑").rect();
    assert!(header.max.y < 700.0 * 0.6, "{header:?}");
    assert!(
        !unit_cells(&h).is_empty(),
        "rows in view under 300 files' notes"
    );
}

/// 打开 on a unit's row of the comparison, clicked.
fn open_row(h: &mut H, unit: &str) {
    let unit_y = unit_cells(h)
        .into_iter()
        .find(|(u, _)| u == unit)
        .map(|(_, r)| r.center().y)
        .expect("the unit's row");
    let button = h
        .query_all_by_label("打开")
        .filter(|n| n.accesskit_node().role() == Role::Button)
        .min_by(|a, b| {
            (a.rect().center().y - unit_y)
                .abs()
                .total_cmp(&(b.rect().center().y - unit_y).abs())
        })
        .map(|n| n.rect().center())
        .unwrap();
    h.event(egui::Event::PointerMoved(button));
    h.run();
    h.event(egui::Event::PointerButton {
        pos: button,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    h.event(egui::Event::PointerButton {
        pos: button,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    h.run();
    h.run();
    assert_eq!(h.state().view, View::Sheet, "打开 shows the sheet");
}

#[test]
fn a_package_opened_twice_from_the_window_keeps_its_review() {
    let dir = tempfile::tempdir().unwrap();
    let unit = dir.path().join("单位");
    let inbox = dir.path().join("收件箱");
    std::fs::create_dir_all(&unit).unwrap();
    std::fs::create_dir_all(&inbox).unwrap();
    let sheet = write_unit_sheets(&unit, &[("yueyangxian", 3)]).remove(0);
    let written =
        kaoping::package::write(&sheet, &kaoping::catalog::Catalog::default(), None).unwrap();
    let package = inbox.join(written.path.file_name().unwrap());
    std::fs::copy(&written.path, &package).unwrap();
    write_unit_sheets(&inbox, &[("pingjiang", 1), ("huarong", 2)]);

    let mut a = KaopingApp::new(None);
    a.set_mode(Mode::Review);
    a.add_to_comparison(vec![inbox.clone()]);
    a.wait_for_work();
    let mut h = harness_sized(a, 1366.0, 768.0);
    h.state_mut().view = View::Comparison;
    h.run();
    // 打开 on 岳阳县's row: unpacked once, two 考核得分 typed key by key, Ctrl+S.
    open_row(&mut h, "岳阳县");
    for (item, score) in [(0usize, "5"), (1, "2")] {
        h.state_mut().select(item);
        h.run();
        crate::keyboard::focus(&mut h, "考核得分");
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        h.key_press(egui::Key::Delete);
        h.run();
        for c in score.chars() {
            crate::keyboard::key_char(&mut h, c);
        }
        assert!(h.state().session.report().items[item].reviewed.is_some());
    }
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert!(!h.state().session.is_modified());
    // Back to the comparison: 岳阳县 once, with its two reviewed items; 打开 again keeps them.
    h.state_mut().view = View::Comparison;
    h.run();
    let summary = &h.state().comparison.as_ref().unwrap().summary;
    let yueyang: Vec<_> = summary
        .rows
        .iter()
        .filter(|r| r.unit_id == "yueyangxian")
        .collect();
    assert_eq!(yueyang.len(), 1);
    assert_eq!(yueyang[0].sheet.as_ref().unwrap().reviewed_items, 2);
    open_row(&mut h, "岳阳县");
    assert!(
        h.state()
            .session
            .path()
            .is_some_and(|p| p.extension().is_some_and(|e| e != "zip"))
    );
    let reviewed = h
        .state()
        .session
        .sheet()
        .items
        .values()
        .filter(|e| e.reviewed.is_some())
        .count();
    assert_eq!(reviewed, 2, "the review is not unpacked over");
    // An export is offered in the folder compared, not in the review copy just opened.
    if h.state().dialog.is_some() {
        h.key_press(egui::Key::Escape);
        h.run();
    }
    h.state_mut().view = View::Comparison;
    h.run();
    h.get_by_label("导出 Excel…").click();
    h.run();
    assert_eq!(
        crate::keyboard::shown(&h, "文件夹"),
        inbox.display().to_string()
    );
}

#[test]
fn down_at_the_end_of_a_note_goes_to_the_next_item_and_inside_it_moves_between_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_unit_sheets(dir.path(), &[("pingjiang", 4)]).remove(0);
    let mut a = KaopingApp::new(None);
    a.set_mode(Mode::Review);
    assert!(a.open_path(&path));
    let mut h = harness_sized(a, 1366.0, 768.0);
    h.run();
    crate::keyboard::focus(&mut h, "考核意见");
    for c in "第一行".chars() {
        crate::keyboard::key_char(&mut h, c);
    }
    h.key_press(egui::Key::Enter);
    h.run();
    for c in "第二行".chars() {
        crate::keyboard::key_char(&mut h, c);
    }
    assert_eq!(
        h.state().session.sheet().items["office.info"].review_note,
        "第一行\n第二行"
    );
    // ↑ inside the note moves to its first line, and stays in the item.
    h.key_press(egui::Key::ArrowUp);
    h.run();
    assert_eq!(h.state().sheet_view.selected, 0);
    // ↓ goes back to the last line; at the end of the text, ↓ again: the next item.
    h.key_press(egui::Key::ArrowDown);
    h.run();
    assert_eq!(
        h.state().sheet_view.selected,
        0,
        "↓ moves between the note's lines first"
    );
    h.key_press(egui::Key::ArrowDown);
    h.run();
    assert_eq!(
        h.state().sheet_view.selected,
        1,
        "↓ at the end of the 考核意见 goes on"
    );
    assert_eq!(
        h.state().session.sheet().items["office.info"].review_note,
        "第一行\n第二行",
        "nothing typed was lost"
    );
}
