//! The municipal office's desk: an inbox of 13 units' files and 提交包, a package opened and
//! reviewed, opened again, compared again; a unit that sends two files, a tampered package,
//! a truncated file, blank sheets. A submission is one thing, every count is of units.

use crate::cli::kaoping_with;
use crate::common::*;
use kaoping::catalog::Catalog;
use kaoping::document::{Mode, Session};
use kaoping::sheet::{ReviewState, Step};
use kaoping::summary::Summary;
use std::path::{Path, PathBuf};
use std::process::Command;

/// An inbox: 12 units' sheets and 岳阳县's 提交包 (made in the unit's own folder, as e-mailed).
/// Returns the inbox and the package.
fn inbox(dir: &Path) -> (PathBuf, PathBuf) {
    let inbox = dir.join("收件箱");
    let unit = dir.join("岳阳县妇联");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::create_dir_all(&unit).unwrap();
    let others: Vec<(String, u64)> = unit_ids()
        .into_iter()
        .filter(|u| u != "yueyangxian")
        .enumerate()
        .map(|(i, u)| (u, i as u64 + 10))
        .collect();
    let pairs: Vec<(&str, u64)> = others.iter().map(|(u, s)| (u.as_str(), *s)).collect();
    write_unit_sheets(&inbox, &pairs);
    let sheet = write_unit_sheets(&unit, &[("yueyangxian", 7)]).remove(0);
    let written = kaoping::package::write(&sheet, &Catalog::default(), None).unwrap();
    let package = inbox.join(written.path.file_name().unwrap());
    std::fs::copy(&written.path, &package).unwrap();
    (inbox, package)
}

fn row<'a>(s: &'a Summary, unit: &str) -> Vec<&'a kaoping::summary::UnitRow> {
    s.rows.iter().filter(|r| r.unit_id == unit).collect()
}

fn reviewed_items(session: &Session) -> usize {
    session
        .sheet()
        .items
        .values()
        .filter(|e| e.reviewed.is_some())
        .count()
}

#[test]
fn a_reopened_package_opens_its_review_and_the_comparison_counts_it_once_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let (inbox, package) = inbox(dir.path());
    let catalog = Catalog::default();
    let before = Summary::from_paths(std::slice::from_ref(&inbox), &catalog);
    let ranks_before: Vec<(String, Option<u32>)> = before
        .rows
        .iter()
        .map(|r| (r.unit_id.clone(), r.rank))
        .collect();

    // Opened for review, two 考核得分, saved.
    let mut s = Session::new(None);
    s.set_mode(Mode::Review);
    let opened = s.open(&package, &catalog).unwrap();
    let copy = s.path().map(Path::to_path_buf).unwrap();
    assert!(opened.unpacked_to.is_some());
    s.set_reviewed("office.info", Some(d("5")));
    s.set_reviewed("office.research", Some(d("2")));
    s.save_to(&copy).unwrap();
    assert_eq!(reviewed_items(&s), 2);

    // Opened again (from the comparison's row, or 打开): the review is there, not unpacked over.
    let mut again = Session::new(None);
    again.set_mode(Mode::Review);
    let opened = again.open(&package, &catalog).unwrap();
    assert_eq!(again.path(), Some(copy.as_path()));
    assert_eq!(reviewed_items(&again), 2, "the review survives reopening");
    assert!(
        opened.notes.is_empty(),
        "reopening is no problem: {:?}",
        opened.notes
    );
    assert!(
        opened.info.iter().any(|n| n.contains("审核副本")),
        "{:?}",
        opened.notes
    );

    // Compared again: 岳阳县 once, ranked, with its review; nobody else moved.
    let after = Summary::from_paths(std::slice::from_ref(&inbox), &catalog);
    let yueyang = row(&after, "yueyangxian");
    assert_eq!(
        yueyang.len(),
        1,
        "one submission: the package, not its copy too {:?}",
        after.failures
    );
    assert!(after.duplicates.is_empty(), "{:?}", after.duplicates);
    assert!(yueyang[0].rank.is_some());
    let sheet = yueyang[0].sheet.as_ref().unwrap();
    assert_eq!(
        sheet.reviewed_items, 2,
        "the review saved in the copy reaches the table"
    );
    assert!(sheet.from_package);
    let ranks_after: Vec<(String, Option<u32>)> = after
        .rows
        .iter()
        .map(|r| (r.unit_id.clone(), r.rank))
        .collect();
    assert_eq!(ranks_after, ranks_before);

    // Reviewed to the end: kaoping summary ranks it once, by its 考核得分, exit 0.
    again.adopt_self_scores_for_the_rest();
    again.set_reviewed("office.info", Some(d("1")));
    again.set_review_state(ReviewState::Approved).unwrap();
    again.save_to(&copy).unwrap();
    let (code, out, err) = kaoping_with(
        Command::new(env!("CARGO_BIN_EXE_kaoping")).args(["summary", inbox.to_str().unwrap()]),
    );
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().filter(|l| l.contains("岳阳县")).collect();
    let table_rows: Vec<&&str> = lines.iter().filter(|l| l.contains('\t')).collect();
    assert_eq!(table_rows.len(), 1, "{out}");
    assert!(table_rows[0].contains("已审核"), "{}", table_rows[0]);
    let reviewed_total = again.report().reviewed_total.unwrap().to_string();
    assert!(
        table_rows[0].contains(&reviewed_total),
        "{} ~ {reviewed_total}",
        table_rows[0]
    );
    assert!(err.contains("已收到13个单位（13个文件）"), "{err}");
}

#[test]
fn a_new_package_from_the_unit_keeps_the_old_review_and_carries_what_did_not_change() {
    let dir = tempfile::tempdir().unwrap();
    let (inbox, package) = inbox(dir.path());
    let catalog = Catalog::default();
    let mut s = Session::new(None);
    s.set_mode(Mode::Review);
    s.open(&package, &catalog).unwrap();
    let copy = s.path().map(Path::to_path_buf).unwrap();
    s.set_reviewed("office.info", Some(d("5")));
    s.set_reviewed("office.research", Some(d("2")));
    s.save_to(&copy).unwrap();

    // The unit changes item 2 and sends a new package under the same name.
    let unit_sheet = dir.path().join("岳阳县妇联").join("yueyangxian-7.kaoping");
    let loaded = rs2015();
    let mut opened = kaoping::sheet::open_sheet(&unit_sheet, &catalog).unwrap();
    let research = opened.sheet.items.get_mut("office.research").unwrap();
    research.note = "补报了一篇调研报告".into();
    opened.sheet.save(&unit_sheet, &loaded).unwrap();
    let written = kaoping::package::write(&unit_sheet, &catalog, None).unwrap();
    std::fs::copy(&written.path, &package).unwrap();

    let mut again = Session::new(None);
    again.set_mode(Mode::Review);
    let opened = again.open(&package, &catalog).unwrap();
    assert!(
        opened
            .info
            .iter()
            .any(|n| n.contains("单位重新提交了提交包")),
        "{:?}",
        opened.info
    );
    // What changed, old → new, and what was kept: exactly item 2, the one changed.
    let resend = opened.resend.unwrap();
    assert!(resend.contains("改了1项（办公室工作第2项）"), "{resend}");
    assert!(resend.contains("→ “补报了一篇调研报告”"), "{resend}");
    assert!(resend.contains("其余1项沿用"), "{resend}");
    let review = again.sheet().review.clone().unwrap();
    assert_eq!(
        review.recheck.keys().cloned().collect::<Vec<_>>(),
        vec!["office.research".to_string()]
    );
    assert!(
        review.recheck["office.research"]
            .iter()
            .any(|l| l == "上次考核得分2")
    );
    // Item 1 unchanged: carried; item 2 changed: to review again.
    assert!(resend.contains("已记入审核副本"), "{resend}");
    let items = &again.sheet().items;
    assert_eq!(items["office.info"].reviewed, Some(d("5")));
    assert_eq!(items["office.research"].reviewed, None);
    assert!(
        !again.is_modified(),
        "carried into the new copy and saved there"
    );
    // The window closed without saving (or killed): opened again, nothing is lost.
    drop(again);
    let mut third = Session::new(None);
    third.set_mode(Mode::Review);
    let reopened = third.open(&package, &catalog).unwrap();
    assert!(reopened.resend.is_none(), "said once, when it came");
    assert_eq!(third.sheet().items["office.info"].reviewed, Some(d("5")));
    assert_eq!(third.sheet().items["office.research"].reviewed, None);
    assert!(
        third
            .sheet()
            .review
            .as_ref()
            .unwrap()
            .recheck
            .contains_key("office.research")
    );
    // The old copy with its review is kept whole beside it.
    let aside: Vec<PathBuf> = std::fs::read_dir(&inbox)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir() && p.to_string_lossy().contains("上一版"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    let old =
        kaoping::sheet::open_sheet(&aside[0].join(copy.file_name().unwrap()), &catalog).unwrap();
    assert_eq!(old.sheet.items["office.research"].reviewed, Some(d("2")));
    // And the comparison still counts 岳阳县 once.
    let summary = Summary::from_paths(std::slice::from_ref(&inbox), &catalog);
    assert_eq!(
        row(&summary, "yueyangxian").len(),
        1,
        "{:?}",
        summary.duplicates
    );
}

#[test]
fn notes_count_and_list_units_once_and_a_tampered_package_is_not_ranked() {
    let dir = tempfile::tempdir().unwrap();
    let (inbox, package) = inbox(dir.path());
    // 平江县 sends two files; none has a 盖章扫描件 (the package makes the note appear).
    write_unit_sheets(&inbox, &[("pingjiang", 99)]);
    let catalog = Catalog::default();
    let s = Summary::from_paths(std::slice::from_ref(&inbox), &catalog);
    assert_eq!(s.units_received(), 13);
    let notes = s.notes().join("\n");
    let unsealed = notes
        .lines()
        .find(|l| l.starts_with("没有盖章扫描件"))
        .expect("the note on scans");
    assert_eq!(unsealed.matches("平江县").count(), 1, "{unsealed}");
    assert!(unsealed.starts_with("没有盖章扫描件（13个）"), "{unsealed}");
    let sent = notes.lines().find(|l| l.starts_with("提交情况")).unwrap();
    assert_eq!(sent.matches("平江县").count(), 1, "{sent}");

    // A package whose evidence differs from its manifest: shown, explained, not ranked, exit 1.
    let mut entries = unzip(&package);
    let pdf = entries
        .iter_mut()
        .find(|(n, _)| n.ends_with(".pdf"))
        .unwrap();
    if let Some(b) = pdf.1.last_mut() {
        *b ^= 0x20;
    }
    rezip(&package, &entries);
    let s = Summary::from_paths(std::slice::from_ref(&inbox), &catalog);
    let yueyang = row(&s, "yueyangxian");
    assert_eq!(yueyang.len(), 1);
    assert_eq!(yueyang[0].rank, None, "a tampered package is not ranked");
    assert!(yueyang[0].state_text().contains("提交包与清单不符"));
    assert!(s.notes().iter().any(|n| n.contains("弄清之前不排名")));
    let (code, _, err) = kaoping_with(
        Command::new(env!("CARGO_BIN_EXE_kaoping")).args(["summary", inbox.to_str().unwrap()]),
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("提交包与清单不符1个"), "{err}");
}

#[test]
fn a_truncated_file_names_its_unit_and_blank_sheets_are_not_ranked() {
    let dir = tempfile::tempdir().unwrap();
    let paths = write_unit_sheets(dir.path(), &[("pingjiang", 1), ("huarong", 2)]);
    // 屈原管理区's file arrives cut short: its unit line is intact.
    let loaded = rs2015();
    let quyuan = dir.path().join("屈原管理区.kaoping");
    kaoping::sample::filled_sheet_for(&loaded, "quyuan", 3)
        .save(&quyuan, &loaded)
        .unwrap();
    let text = std::fs::read_to_string(&quyuan).unwrap();
    let cut = text.find("items:").unwrap() + 30;
    std::fs::write(&quyuan, &text[..cut]).unwrap();
    // Two blank sheets (nothing filled).
    for unit in ["yueyanglou", "junshan"] {
        kaoping::sheet::Sheet::new(&loaded, Some(unit.into()))
            .save(&dir.path().join(format!("{unit}-空白.kaoping")), &loaded)
            .unwrap();
    }
    let s = Summary::from_paths(&[dir.path().to_path_buf()], &Catalog::default());
    let q = &row(&s, "quyuan")[0];
    assert!(q.sheet.is_none() && q.unreadable);
    assert_eq!(q.state_text(), "收到文件但无法读取");
    assert!(!s.missing().contains(&"屈原管理区"));
    assert!(
        s.notes()
            .iter()
            .any(|n| n.starts_with("收到文件但无法读取（1个单位）：屈原管理区"))
    );
    for unit in ["yueyanglou", "junshan"] {
        let r = &row(&s, unit)[0];
        assert_eq!(r.rank, None, "a blank sheet is not a score");
        assert!(r.state_text().contains("空白表"));
    }
    assert!(
        s.notes()
            .iter()
            .any(|n| n.contains("空白表，未排名（2个单位）"))
    );
    // The filled ones rank 1 and 2.
    let mut ranks: Vec<u32> = s.rows.iter().filter_map(|r| r.rank).collect();
    ranks.sort();
    assert_eq!(ranks, vec![1, 2]);
    let _ = paths;
}

/// 平江县's filled sheet saved in `dir`, opened in review mode.
fn reviewing(dir: &Path) -> (Session, PathBuf) {
    let path = write_unit_sheets(dir, &[("pingjiang", 4)]).remove(0);
    let mut s = Session::new(None);
    s.set_mode(Mode::Review);
    s.open(&path, &Catalog::default()).unwrap();
    (s, path)
}

#[test]
fn a_return_needs_its_reason_leaving_it_clears_it_and_each_state_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, path) = reviewing(dir.path());
    s.set_review_state(ReviewState::Returned).unwrap();
    let err = s.save_to(&path).unwrap_err();
    assert_eq!(err, kaoping::document::SessionError::ReturnWithoutReason);
    assert!(s.is_modified(), "refused: nothing saved");
    s.set_return_reason("维权工作第3项缺佐证材料");
    s.save_to(&path).unwrap();
    // 退回修改 → 已审核: the reason goes; the history keeps it.
    s.adopt_self_scores_for_the_rest();
    s.set_review_state(ReviewState::Approved).unwrap();
    assert_eq!(s.sheet().review.as_ref().unwrap().reason, "");
    s.save_to(&path).unwrap();
    let opened = kaoping::sheet::open_sheet(&path, &Catalog::default()).unwrap();
    let review = opened.sheet.review.clone().unwrap();
    let steps: Vec<Step> = review.history.iter().map(|e| e.step).collect();
    assert_eq!(steps, vec![Step::Submitted, Step::Returned, Step::Approved]);
    assert_eq!(review.history[1].reason, "维权工作第3项缺佐证材料");
    // The first submission is the unit's own save of the sheet (a bare sheet, no package).
    assert_eq!(review.first_submitted_at, opened.sheet.saved_at);
    let (code, out, _) = kaoping_with(
        Command::new(env!("CARGO_BIN_EXE_kaoping")).args(["score", path.to_str().unwrap()]),
    );
    assert_eq!(code, 0);
    assert!(
        !out.contains("原因：维权"),
        "an approved sheet states no reason:\n{out}"
    );
    // Saved again unchanged: no new entry.
    s.save_to(&path).unwrap();
    let again = kaoping::sheet::open_sheet(&path, &Catalog::default()).unwrap();
    assert_eq!(again.sheet.review.clone().unwrap().history.len(), 3);
    // A resend between the return and the approval is a step of its own, naming the items.
    let mut words_review = review.clone();
    words_review.history[0].at = "2026-11-30T10:00:00+08:00".into();
    words_review.history[1].at = "2026-12-01T10:00:00+08:00".into();
    words_review.history[2].at = "2026-12-05T10:00:00+08:00".into();
    let first = opened.report.items[0].item_id.clone();
    words_review.history.insert(
        2,
        kaoping::sheet::ReviewEvent {
            step: Step::Resubmitted,
            at: "2026-12-03T09:00:00+08:00".into(),
            reason: String::new(),
            changed: vec![first],
        },
    );
    let words = words_review.history_words(&opened.ruleset);
    assert_eq!(words.len(), 4, "{words:?}");
    assert_eq!(words[0], "2026-11-30 提交");
    assert!(words[1].starts_with("2026-12-01 退回修改（维权工作第3项缺佐证材料"));
    assert_eq!(words[2], "2026-12-03 重新提交（改了办公室工作第1项）");
    assert_eq!(words[3], "2026-12-05 已审核");
}

#[test]
fn the_review_reaches_the_paper_the_xlsx_and_the_csv() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, path) = reviewing(dir.path());
    s.adopt_self_scores_for_the_rest();
    s.set_reviewed("office.info", Some(d("2")));
    s.set_review_note("office.info", "市妇联采用信息只有40条，按实际扣分");
    s.set_review_note("rights.publicity", "活动图片清晰，予以认可");
    s.set_review_state(ReviewState::Approved).unwrap();
    s.save_to(&path).unwrap();
    // The PDF: a page of 考核意见 after the table, each one, the state, a line for 审核人.
    let pdf = kaoping::pdf::render_sheet(s.sheet(), s.ruleset()).unwrap();
    let text = pdf_text(&pdf.bytes);
    for wanted in [
        "考核意见（平江县妇联）",
        "审核状态：已审核",
        "市妇联采用信息只有40条",
        "活动图片清晰，予以认可",
        "考核2分",
        "审核人：",
    ] {
        assert!(
            text.contains(wanted),
            "the reviewed PDF lacks {wanted:?}:\n{}",
            text.get(text.find("考核意见（").unwrap_or(0)..)
                .unwrap_or("")
        );
    }
    assert!(!pdf.draft);
    // The exports: a 考核意见 sheet (xlsx) and part (CSV), unit by unit.
    let summary = Summary::from_paths(std::slice::from_ref(&path), &Catalog::default());
    use calamine::Reader as _;
    let bytes = kaoping::export::export(
        &summary,
        kaoping::summary::SortKey::default(),
        kaoping::export::ExportFormat::Xlsx,
    )
    .unwrap();
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("考核意见").unwrap();
    let cells: Vec<String> = range.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(
        cells
            .iter()
            .any(|c| c == "市妇联采用信息只有40条，按实际扣分"),
        "{cells:?}"
    );
    assert!(cells.iter().any(|c| c == "活动图片清晰，予以认可"));
    assert!(cells.iter().any(|c| c == "平江县"));
    let csv = kaoping::export::export(
        &summary,
        kaoping::summary::SortKey::default(),
        kaoping::export::ExportFormat::Csv,
    )
    .unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.contains("市妇联采用信息只有40条，按实际扣分"), "{csv}");
    assert!(
        csv.contains("单位,项目,自查得分,考核得分,自评说明,考核意见"),
        "{csv}"
    );
}
