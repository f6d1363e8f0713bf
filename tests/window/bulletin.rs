//! The 考核通报 view beside 汇总比较: reached from the 汇总 menu, switched between all units
//! and one class, grades typed for this 通报 (a slip said in red), exported as a PDF through
//! the window's own path entry — at an office screen's 1024×700.

use crate::common::*;
use crate::keyboard::{H, focus, harness_sized, key_char, replace_text};
use egui::Key;
use egui_kittest::kittest::Queryable as _;
use kaoping::bulletin::document::{Block, Cell};
use kaoping::ui::{KaopingApp, View};

fn desk_with_units(dir: &std::path::Path) -> H {
    let ids = unit_ids();
    let pairs: Vec<(&str, u64)> = ids[..6]
        .iter()
        .chain(&ids[6..8])
        .enumerate()
        .map(|(i, u)| (u.as_str(), 30 + i as u64))
        .collect();
    write_unit_sheets(dir, &pairs);
    let mut a = KaopingApp::new(None);
    a.open_after_print = false;
    a.add_to_comparison(vec![dir.to_path_buf()]);
    a.wait_for_work();
    let mut h = harness_sized(a, 1024.0, 700.0);
    h.run();
    h
}

#[test]
fn the_bulletin_view_ranks_by_class_grades_and_exports_a_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = desk_with_units(dir.path());
    h.get_by_label("汇总").click();
    h.run();
    h.get_by_label("生成考核通报…").click();
    h.run();
    assert_eq!(h.state().view, View::Bulletin);
    h.get_by_label("2015年度县市区妇联工作绩效考核情况通报");
    h.get_by_label("（征求意见稿）");
    h.get_by_label("一、总体排名");
    h.get_by_label_contains("各单位得分（按类别分组）：");
    // One class: only its units in the tables, its line alone under 二、分类排名.
    // The toolbar's 城区 comes before the table's class cells.
    h.query_all_by_label("城区").next().unwrap().click();
    h.run();
    h.get_by_label("二、分类排名");
    h.get_by_label_contains("城区（2个单位");
    assert!(h.query_by_label_contains("县市（").is_none());
    assert!(h.query_by_label("平江县").is_none());
    assert!(h.query_all_by_label("岳阳楼区").next().is_some());
    h.get_by_label("全部单位").click();
    h.run();
    h.get_by_label_contains("县市（6个单位");
    assert!(h.query_all_by_label("平江县").next().is_some());
    // Grades by score: a slip is said in red and leaves the table ungraded.
    h.get_by_label("按分数").click();
    h.run();
    replace_text(&mut h, "等次：", "优秀:九十");
    h.get_by_label_contains("等次：等次“优秀”的分数线“九十”不是数字");
    // Mended: every rank table (overall, each class) has its 等次 column.
    replace_text(&mut h, "等次：", "优秀:90,良好:80,合格:60");
    let tables = {
        let state = h.state();
        let b = state
            .bulletin_view
            .bulletin(&state.comparison.as_ref().unwrap().summary);
        b.document()
            .blocks
            .iter()
            .filter(|block| matches!(block, Block::Table(_)))
            .count()
    };
    assert_eq!(tables, 3, "overall, 县市, 城区");
    assert_eq!(h.query_all_by_label("等次").count(), tables);
    assert!(h.query_by_label_contains("不是数字").is_none());
    // 导出 PDF… into a folder typed in the window.
    let out = tempfile::tempdir().unwrap();
    h.get_by_label("导出 PDF…").click();
    h.run();
    h.get_by_label("导出考核通报（PDF）");
    replace_text(&mut h, "文件夹", &out.path().display().to_string());
    focus(&mut h, "文件名");
    h.key_press(Key::Enter);
    crate::finish_work(&mut h);
    let pdf = out.path().join("2015年度考核通报.pdf");
    let text = pdf_pages_text(&std::fs::read(&pdf).unwrap()).join("\n");
    assert!(text.contains("一、总体排名") && text.contains("征求意见稿"));
    assert!(h.state().comparison_view.status.contains("已导出考核通报"));
}

#[test]
fn without_a_comparison_the_view_says_where_to_start() {
    let mut a = KaopingApp::new(None);
    a.view = View::Bulletin;
    let mut h = harness_sized(a, 1024.0, 700.0);
    h.run();
    h.get_by_label_contains("请先在“汇总比较”中添加");
    h.get_by_label("去汇总比较").click();
    h.run();
    assert_eq!(h.state().view, View::Comparison);
}

#[test]
fn grades_typed_one_key_at_a_time_are_read_after_every_key() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = desk_with_units(dir.path());
    h.state_mut().view = View::Bulletin;
    h.run();
    h.get_by_label("按分数").click();
    h.run();
    focus(&mut h, "等次：");
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(h.state().bulletin_view.grades_text, "");
    let typed = "优秀:85";
    for (n, c) in typed.chars().enumerate() {
        key_char(&mut h, c);
        let want: String = typed.chars().take(n + 1).collect();
        assert_eq!(h.state().bulletin_view.grades_text, want);
        // Until the number arrives the red line says how to write it; then it is gone.
        let complete = n + 1 >= "优秀:8".chars().count();
        assert_eq!(
            h.query_by_label_contains("应写成").is_some(),
            !complete,
            "after “{want}”"
        );
    }
    // Enter then Tab leave the field; what was typed stays.
    h.key_press(Key::Enter);
    h.key_press(Key::Tab);
    h.run();
    assert_eq!(h.state().bulletin_view.grades_text, typed);
    let state = h.state();
    let b = state
        .bulletin_view
        .bulletin(&state.comparison.as_ref().unwrap().summary);
    for r in &b.overall {
        let want = if r.total >= d("85") {
            "优秀"
        } else {
            "未达等次（低于85分）"
        };
        assert_eq!(r.grade.as_deref(), Some(want), "{r:?}");
    }
}

/// Every line of the document's words — title, headings, sentences, captions, table headers
/// and cells, each unit's losses — is a label the window shows (a screen reader reads it).
#[test]
fn the_window_shows_every_heading_sentence_and_cell_of_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = desk_with_units(dir.path());
    h.state_mut().view = View::Bulletin;
    h.state_mut().bulletin_view.date = "2016年1月20日".into();
    h.run();
    let doc = {
        let state = h.state();
        state
            .bulletin_view
            .bulletin(&state.comparison.as_ref().unwrap().summary)
            .document()
    };
    let mut words: Vec<String> = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Title(t) | Block::DraftLine(t) | Block::Byline(t) | Block::Heading(t) => {
                words.push(t.clone())
            }
            Block::Paragraph { text, .. } => words.push(text.clone()),
            Block::Table(t) => {
                words.extend(t.caption.clone());
                words.extend(t.columns.iter().map(|c| c.to_string()));
                for cell in t.rows.iter().flatten() {
                    if let Cell::Text(text) = cell
                        && !text.is_empty()
                    {
                        words.push(text.clone());
                    }
                }
            }
            // The bars are painted; the chart says its caption and numbers as one label.
            Block::Chart { caption, .. } => words.push(format!("{caption}：")),
            // The losses are folded: their titles show, the lines once unfolded.
            Block::TitledList { title, .. } => words.push(title.clone()),
        }
    }
    let headings = doc
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Heading(_)))
        .count();
    assert!(headings >= 4, "{doc:#?}");
    for w in &words {
        assert!(
            h.query_all_by_label_contains(w).next().is_some(),
            "“{w}” is not in the window"
        );
    }
    // Unfolded, a unit's losses are its numbered lines.
    let Some(Block::TitledList { title, items }) = doc
        .blocks
        .iter()
        .find(|b| matches!(b, Block::TitledList { items, .. } if items.len() > 1))
    else {
        panic!("no unit with losses: {doc:#?}");
    };
    // Below the fold at this size: clicked as a screen reader clicks it.
    h.get_by_label(title).click_accesskit();
    h.run();
    for item in items {
        h.get_by_label(item);
    }
}
