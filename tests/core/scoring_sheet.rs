//! Seven departments score their own part: a 评分表 per category out of a 13-unit inbox,
//! filled with openpyxl as a department fills it in WPS, read back with every cell judged,
//! merged into each unit's sealed review — never over another department's items, never
//! over a different score without the 办公室 choosing — with who scored what kept, shown
//! in the comparison's progress, the 通报 and the reviewed PDF.

use crate::common::*;
use kaoping::catalog::Catalog;
use kaoping::document::{Edit, Mode, Session};
use kaoping::scoring::Fact;
use kaoping::scoring_sheet::{
    Action, Inbox, ScoringSheet, categories, check, merge, read_filled, to_xlsx,
};
use kaoping::summary::Summary;
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Fills `book` as `spec` says (see `tests/common/fill_scoring_sheet.py`).
fn filled(book: &Path, spec: serde_json::Value, name: &str) -> PathBuf {
    fill_scoring_sheet(book, &spec.to_string(), name)
}

/// Every unit of the scheme sent a 提交包 on 2016-01-05: (inbox, units' folder).
fn thirteen_units(dir: &Path) -> (PathBuf, PathBuf) {
    units_sent_packages(dir, 13)
}

fn export(inbox: &Path, category: &str, to: &Path) -> ScoringSheet {
    let inbox = Inbox::read(&[inbox.to_path_buf()], &Catalog::default());
    let cats = categories(&inbox.ruleset, Some(category)).unwrap();
    let sheet = ScoringSheet::of(&inbox, &cats);
    std::fs::write(to, to_xlsx(&sheet).unwrap()).unwrap();
    sheet
}

fn read_back(book: &Path, inbox: &Path) -> (kaoping::scoring_sheet::Checked, Inbox) {
    let inbox = Inbox::read(&[inbox.to_path_buf()], &Catalog::default());
    let filled = read_filled(&std::fs::read(book).unwrap()).unwrap();
    (check(&filled, &inbox), inbox)
}

/// Each unit's 考核得分 of the items of `category`, as the comparison reads them.
fn scores_of(inbox: &Path, category: &str) -> Vec<Vec<Option<Decimal>>> {
    let s = Summary::from_paths(&[inbox.to_path_buf()], &Catalog::default());
    let rs = &s.ruleset.ruleset;
    let start: usize = rs
        .categories
        .iter()
        .take_while(|c| c.name != category)
        .map(|c| c.items.len())
        .sum();
    let n = rs
        .categories
        .iter()
        .find(|c| c.name == category)
        .unwrap()
        .items
        .len();
    s.rows
        .iter()
        .filter_map(|r| r.sheet.as_ref())
        .map(|sub| {
            sub.item_scores[start..start + n]
                .iter()
                .map(|(_, r)| *r)
                .collect()
        })
        .collect()
}

/// 华容县 changes a 维权工作 item and sends its package again (after the 评分表 went out).
fn huarong_resends(inbox: &Path, units: &Path) {
    let path = units.join("huarong-3.kaoping");
    let loaded = rs2015();
    let mut sheet = kaoping::sheet::open_sheet(&path, &Catalog::default())
        .unwrap()
        .sheet;
    let entry = sheet.items.entry("rights.mediation".into()).or_default();
    let was = entry.facts.get("committee") == Some(&Fact::Flag(true));
    entry.facts.insert("committee".into(), Fact::Flag(!was));
    sheet.save(&path, &loaded).unwrap();
    package_on(
        &path,
        &inbox.join("huarong-提交包.zip"),
        "2016-01-06T09:00:00+08:00",
    );
}

#[test]
fn departments_score_their_own_parts_and_the_office_chooses_where_two_differ() {
    let dir = tempfile::tempdir().unwrap();
    let (inbox, units) = thirteen_units(dir.path());

    // 维权部's sheet: 13 units × 5 items, every unit open for scoring.
    let book = dir.path().join("维权部评分表.xlsx");
    let sheet = export(&inbox, "维权", &book);
    assert_eq!(sheet.rows.len(), 13 * 5);
    assert!(
        sheet
            .rows
            .iter()
            .all(|r| r.state.scorable() && r.self_score.is_some())
    );
    let yueyang_2 = sheet
        .rows
        .iter()
        .find(|r| r.unit_name == "岳阳县" && r.number == 2)
        .unwrap();
    let differing = if yueyang_2.self_score == Some(Decimal::ZERO) {
        "1"
    } else {
        "0"
    };
    huarong_resends(&inbox, &units);

    // Filled as a department would: every row its self score and 张三, then three wrong.
    let wrong = filled(
        &book,
        serde_json::json!({"sheet": "维权工作", "reviewer": "张三", "self": true, "rows": {
            "平江县 第1项": {"score": "4"},
            "岳阳县 第2项": {"score": differing},
        }}),
        "维权-张三",
    );
    let (checked, inbox_now) = read_back(&wrong, &inbox);
    let errors: Vec<String> = checked.errors().map(|e| e.to_string()).collect();
    // 平江县 第1项 is row 2, 岳阳县 第2项 row 8, 华容县 第2项 row 13.
    assert!(
        errors.iter().any(|e| e
            .starts_with("维权工作 表第2行（平江县 维权工作第1项） K列（考核得分）：考核得分")
            && e.contains('3')),
        "{errors:#?}"
    );
    assert!(
        errors.iter().any(|e| e
            .starts_with("维权工作 表第8行（岳阳县 维权工作第2项） L列（考核意见）：")
            && e.contains("请填写考核意见")),
        "{errors:#?}"
    );
    assert!(
        errors.iter().any(|e| e.starts_with(
            "维权工作 表第13行（华容县 维权工作第2项） G列（自查得分）：分发评分表后单位重新提交"
        )),
        "{errors:#?}"
    );
    // Opened to be scored in kaoping, the score over the points does not count as scored.
    let draft = kaoping::scoring_sheet::Draft::from_filled(
        &read_filled(&std::fs::read(&wrong).unwrap()).unwrap(),
    )
    .0;
    let pingjiang = &draft.units()[0];
    assert_eq!(
        (
            pingjiang.unit_name.as_str(),
            pingjiang.scored,
            pingjiang.items
        ),
        ("平江县", 4, 5)
    );
    // Nothing is merged unless she chooses: the reviews are as they were.
    assert!(
        scores_of(&inbox, "维权工作")
            .iter()
            .flatten()
            .all(Option::is_none)
    );

    // She takes the rows that are right.
    let merged = merge(&checked, |r| r.mergeable(), &inbox_now, &Catalog::default());
    let wrong_rows = [2u32, 8, 13];
    assert_eq!(merged.taken, 65 - wrong_rows.len(), "{merged:?}");
    assert!(merged.failed.is_empty(), "{:?}", merged.failed);
    let progress =
        Summary::from_paths(std::slice::from_ref(&inbox), &Catalog::default()).scoring_progress();
    let rights = progress.iter().find(|p| p.category == "维权工作").unwrap();
    assert_eq!(rights.count_words(), "维权工作 10/13");
    assert_eq!(rights.open, ["平江县", "岳阳县", "华容县"]);
    let rights_before = scores_of(&inbox, "维权工作");

    // 儿童部's sheet, with a 维权 row pasted into it: that row is refused, the rest merged,
    // and not one 维权 score moves.
    let children = dir.path().join("儿童部评分表.xlsx");
    export(&inbox, "儿童工作", &children);
    let children_filled = filled(
        &children,
        serde_json::json!({"sheet": "儿童工作", "reviewer": "李四", "self": true,
            "copy_from": [book.to_str().unwrap(), "维权工作", "湘阴县 第1项"]}),
        "儿童-李四",
    );
    let (checked, inbox_now) = read_back(&children_filled, &inbox);
    let errors: Vec<String> = checked.errors().map(|e| e.to_string()).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("这一行是维权工作的项目，不属于“儿童工作”表"),
        "{errors:#?}"
    );
    let merged = merge(&checked, |r| r.mergeable(), &inbox_now, &Catalog::default());
    assert!(merged.disputes.is_empty() && merged.taken > 0, "{merged:?}");
    assert_eq!(scores_of(&inbox, "维权工作"), rights_before);
    let s = Summary::from_paths(std::slice::from_ref(&inbox), &Catalog::default());
    let children_progress = s
        .scoring_progress()
        .into_iter()
        .find(|p| p.category == "儿童工作")
        .unwrap();
    assert_eq!(children_progress.count_words(), "儿童工作 13/13");
    let notes = s
        .notes_by_kind()
        .into_iter()
        .map(|(_, n)| n)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        notes.contains(
            "各部门评分（收到13个单位）：办公室工作评完0个，维权工作评完10个，儿童工作评完13个"
        ),
        "{notes}"
    );
    // The 通报 stays 征求意见稿 until all are scored, and says how the scores were made.
    let bulletin = kaoping::bulletin::Bulletin::from_summary(&s, &Default::default());
    assert!(bulletin.draft);
    assert!(
        bulletin
            .unscored
            .contains(&"维权工作已评10个单位，共13个".to_string()),
        "{:?}",
        bulletin.unscored
    );
    assert!(
        bulletin.basis.contains("各部门分别评分，办公室汇总"),
        "{}",
        bulletin.basis
    );

    // A second 维权 sheet (another distribution) scores 湘阴县 第1项 differently: kept
    // beside 张三's for the 办公室, never taken.
    let again = dir.path().join("维权部评分表-二.xlsx");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = export(&inbox, "维权工作", &again);
    assert_ne!(second.id, sheet.id);
    let xiangyin_1 = second
        .rows
        .iter()
        .find(|r| r.unit_name == "湘阴县" && r.number == 1)
        .unwrap();
    assert_eq!(
        xiangyin_1.reviewer, "张三",
        "the second sheet shows what is merged"
    );
    let other = if xiangyin_1.score == Some(Decimal::ONE) {
        "2"
    } else {
        "1"
    };
    let second_filled = filled(
        &again,
        serde_json::json!({"sheet": "维权工作", "rows": {
            "湘阴县 第1项": {"score": other, "opinion": "讲座参加人数不足", "reviewer": "王五"}}}),
        "维权-王五",
    );
    let (checked, inbox_now) = read_back(&second_filled, &inbox);
    let row = checked
        .rows
        .iter()
        .find(|r| r.place == "湘阴县 维权工作第1项")
        .unwrap();
    assert!(
        matches!(row.action, Some(Action::Dispute { .. })),
        "{row:?}"
    );
    let merged = merge(
        &checked,
        |r| r.place == "湘阴县 维权工作第1项",
        &inbox_now,
        &Catalog::default(),
    );
    assert_eq!(merged.disputes.len(), 1, "{merged:?}");
    assert!(
        merged.disputes[0].contains("张三") && merged.disputes[0].contains("王五"),
        "{merged:?}"
    );
    assert_eq!(
        scores_of(&inbox, "维权工作"),
        rights_before,
        "a dispute changes no score"
    );

    // The 办公室 opens 湘阴县 in review mode: both scores, who gave them; it takes 王五's.
    let mut session = Session::new(None);
    session.set_mode(Mode::Review);
    session
        .open(&inbox.join("xiangyin-提交包.zip"), &Catalog::default())
        .unwrap();
    let review = session.sheet().review.clone().unwrap();
    assert_eq!(review.scored_by["rights.publicity"].by, "张三");
    assert_eq!(review.scored_by["children.family_education"].by, "李四");
    assert_eq!(review.disputed["rights.publicity"][0].scored.by, "王五");
    // 已审核 waits for the choice, and the review's problems say where.
    session.apply(Edit::AdoptSelfScores).unwrap();
    assert_eq!(
        session.apply(Edit::ReviewState(kaoping::sheet::ReviewState::Approved)),
        Err(kaoping::document::SessionError::Disputed { items: 1 })
    );
    assert!(
        session
            .review_problems()
            .iter()
            .any(|p| p.message.contains("此项有两份不同的评分"))
    );
    session
        .apply(Edit::ChooseScore {
            item: "rights.publicity".into(),
            take: Some(0),
        })
        .unwrap();
    let entry = &session.sheet().items["rights.publicity"];
    assert_eq!(entry.reviewed, Some(other.parse().unwrap()));
    assert_eq!(entry.review_note, "讲座参加人数不足");
    assert!(session.sheet().review.as_ref().unwrap().disputed.is_empty());
    assert_eq!(
        session.sheet().review.as_ref().unwrap().scored_by["rights.publicity"].by,
        "王五"
    );
    session
        .apply(Edit::ReviewState(kaoping::sheet::ReviewState::Approved))
        .unwrap();

    // The reviewed PDF names who scored: per category, and on the item's 考核意见.
    let pdf = kaoping::pdf::render_sheet(session.sheet(), session.ruleset()).unwrap();
    let text = pdf_text(&pdf.bytes).replace(['\n', ' '], "");
    assert!(
        text.contains("评分：维权工作：张三、王五；儿童工作：李四")
            || text.contains("评分：维权工作：王五、张三；儿童工作：李四"),
        "{text}"
    );
    assert!(
        text.contains("考核意见：讲座参加人数不足。审核人：王五"),
        "{text}"
    );
}

#[test]
fn the_command_line_merges_nothing_from_a_sheet_with_errors_unless_told_which_rows() {
    let dir = tempfile::tempdir().unwrap();
    let (inbox, _) = thirteen_units(dir.path());
    let book = dir.path().join("宣传部评分表.xlsx");
    let run = |args: &[&str]| {
        crate::cli::kaoping_with(Command::new(env!("CARGO_BIN_EXE_kaoping")).args(args))
    };
    let (code, out, err) = run(&[
        "scoring-sheet",
        "export",
        inbox.to_str().unwrap(),
        "--category",
        "宣传工作",
        "-o",
        book.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("13个单位可评分"), "{out}");
    let wrong = filled(
        &book,
        serde_json::json!({"sheet": "宣传工作", "reviewer": "赵六", "self": true, "rows": {"平江县 第1项": {"score": "九"}}}),
        "宣传-赵六",
    );
    let (code, out, err) = run(&[
        "scoring-sheet",
        "import",
        wrong.to_str().unwrap(),
        inbox.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains(
            "宣传工作 表第2行（平江县 宣传工作第1项） K列（考核得分）：考核得分应是数字，现为“九”"
        ),
        "{err}"
    );
    assert!(err.contains("一行也没有记入"), "{err}");
    assert!(
        scores_of(&inbox, "宣传工作")
            .iter()
            .flatten()
            .all(Option::is_none)
    );
    let (code, out, err) = run(&[
        "scoring-sheet",
        "import",
        wrong.to_str().unwrap(),
        inbox.to_str().unwrap(),
        "--rows",
        "3,4",
    ]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("已收回2项考核得分"), "{out}");
    let merged: usize = scores_of(&inbox, "宣传工作")
        .iter()
        .flatten()
        .filter(|s| s.is_some())
        .count();
    assert_eq!(merged, 2);
}

/// A workbook made by hand for `rows` of (unit, item, score, key) under the 评分表's headers.
fn handmade(rows: &[(&str, &str, &str, &str)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("维权工作").unwrap();
    let headers = [
        "单位",
        "项目",
        "考核得分",
        "考核意见",
        "审核人",
        "核对（勿改）",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (unit, item, score, key)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, *unit).unwrap();
        ws.write_string(r, 1, *item).unwrap();
        ws.write_string(r, 2, *score).unwrap();
        ws.write_string(r, 4, "张三").unwrap();
        ws.write_string(r, 5, *key).unwrap();
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn forged_broken_and_foreign_workbooks_are_answered_in_words_and_merge_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (inbox, _) = units_sent_packages(dir.path(), 2);
    let inbox = Inbox::read(&[inbox], &Catalog::default());
    // Not a workbook at all; a workbook that is not a 评分表.
    let e = read_filled(b"PK\x03\x04 not really").unwrap_err();
    assert!(
        e.contains("不是 Excel 工作簿") && e.contains("另存为"),
        "{e}"
    );
    let mut other = rust_xlsxwriter::Workbook::new();
    other.add_worksheet().write_string(0, 0, "名单").unwrap();
    let e = read_filled(&other.save_to_buffer().unwrap()).unwrap_err();
    assert!(e.contains("不是考评程序分发的评分表"), "{e}");
    // Rows whose 核对 was typed over, points at no unit, repeats a row, or is megabytes long.
    // A cell of megabytes is refused whole, by where it is.
    let long = "x".repeat(30_000);
    let e = read_filled(&handmade(&[("平江县", "第1项", "3", &long)])).unwrap_err();
    assert!(
        e.starts_with("维权工作 表第2行 F列") && e.contains("太长"),
        "{e}"
    );
    let long = "x|".repeat(3_000);
    let bytes = handmade(&[
        ("平江县", "第1项", "3", "pingjiang|rights.publicity|3|extra"),
        ("平江县", "第1项", "3", "nowhere|rights.publicity|3"),
        ("平江县", "第1项", "3", &long),
        ("平江县", "第2项", "2", "pingjiang|rights.mediation|"),
        ("平江县", "第2项", "2", "pingjiang|rights.mediation|"),
        ("平江县", "第3项", "1e308", "pingjiang|rights.research|"),
        ("平江县", "第3项", "-1", "pingjiang|office.info|"),
    ]);
    let filled = read_filled(&bytes).unwrap();
    let checked = check(&filled, &inbox);
    let errors: Vec<String> = checked.errors().map(|e| e.to_string()).collect();
    for row in 2..=4 {
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with(&format!("维权工作 表第{row}行")) && e.contains("核对")),
            "row {row}: {errors:#?}"
        );
    }
    assert!(
        errors.iter().any(
            |e| e.starts_with("维权工作 表第6行（平江县 维权工作第2项）")
                && e.contains("与第5行是同一单位的同一项")
        ),
        "{errors:#?}"
    );
    assert!(
        errors.iter().any(|e| e.starts_with("维权工作 表第7行")),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("维权工作 表第8行") && e.contains("不属于“维权工作”表")),
        "{errors:#?}"
    );
    // Whatever is chosen, only right rows are merged: here none of the wrong ones.
    let merged = merge(&checked, |_| true, &inbox, &Catalog::default());
    assert_eq!(
        merged.taken + merged.corrected,
        checked.mergeable(),
        "{merged:?}"
    );
    assert!(
        checked
            .rows
            .iter()
            .filter(|r| r.row != 5)
            .all(|r| !r.mergeable())
    );
}

#[test]
fn the_units_evidence_goes_beside_the_sheet_by_unit_and_item_from_the_package_checked() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("收件箱");
    let unit = dir.path().join("平江县");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::create_dir_all(&unit).unwrap();
    let sheet = write_unit_sheets(&unit, &[("pingjiang", 2)]).remove(0);
    let photo = dir.path().join("讲座照片.jpg");
    std::fs::write(&photo, b"a lecture, photographed").unwrap();
    let run = |args: &[&str]| {
        crate::cli::kaoping_with(Command::new(env!("CARGO_BIN_EXE_kaoping")).args(args))
    };
    let s = |p: &Path| p.to_str().unwrap().to_string();
    let (code, out, err) = run(&[
        "evidence",
        &s(&sheet),
        "add",
        "rights.publicity",
        &s(&photo),
        "--title",
        "普法讲座照片",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    package_on(
        &sheet,
        &inbox.join("平江县-提交包.zip"),
        "2016-01-05T09:00:00+08:00",
    );

    let book = dir.path().join("维权部评分表.xlsx");
    let (code, out, err) = run(&[
        "scoring-sheet",
        "export",
        &s(&inbox),
        "--category",
        "维权工作",
        "-o",
        &s(&book),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("佐证材料1个文件"), "{out}");
    let folder = dir
        .path()
        .join("维权部评分表_佐证材料")
        .join("平江县")
        .join("维权工作第1项");
    let files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(
        std::fs::read(&files[0]).unwrap(),
        b"a lecture, photographed"
    );
    // The row lists it by its title; other units say they sent nothing.
    let filled = read_filled(&std::fs::read(&book).unwrap()).unwrap();
    assert!(!filled.rows.is_empty());
    let inbox_now = Inbox::read(&[inbox], &Catalog::default());
    let sheet = ScoringSheet::of(
        &inbox_now,
        &categories(&inbox_now.ruleset, Some("维权工作")).unwrap(),
    );
    let row = sheet
        .rows
        .iter()
        .find(|r| r.unit_id == "pingjiang" && r.number == 1)
        .unwrap();
    assert_eq!(row.evidence, ["普法讲座照片"]);
    let other = sheet.rows.iter().find(|r| r.unit_id == "huarong").unwrap();
    assert_eq!(other.state.words(), "未提交，不评分");
}
