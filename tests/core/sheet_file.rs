//! The sheet file: save → open round trips, an edited file is caught item by item, and every
//! kind of bad file gets a plain Chinese message naming the file.

use crate::common::*;
use kaoping::catalog::Catalog;
use kaoping::fsio::{backup_path, io_error_zh};
use kaoping::sample::filled_sheet;
use kaoping::scoring::Fact;
use kaoping::sheet::{Sheet, SheetError, open_sheet, open_sheet_text};

fn saved_text(seed: u64) -> (Sheet, String) {
    let loaded = rs2015();
    let mut sheet = filled_sheet(&loaded, seed);
    let now = chrono::DateTime::parse_from_rfc3339("2016-01-10T09:30:00+08:00").unwrap();
    let text = sheet.to_file_text(&loaded, now);
    (sheet, text)
}

#[test]
fn save_then_open_gives_back_the_same_sheet_with_no_discrepancy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("平江县妇联-2015年度绩效考核自评.kaoping");
    let loaded = rs2015();
    let mut sheet = filled_sheet(&loaded, 3);
    sheet.contact.name = "张三".into();
    let fingerprint = sheet.save(&path, &loaded).unwrap();
    let opened = open_sheet(&path, &Catalog::default()).unwrap();
    assert_eq!(opened.sheet, sheet);
    assert!(
        opened.discrepancies.is_empty(),
        "{:#?}",
        opened.discrepancies
    );
    assert!(opened.notices.is_empty(), "{:#?}", opened.notices);
    assert_eq!(opened.fingerprint, fingerprint);
    assert_eq!(opened.fingerprint.len(), 64);
    assert_eq!(opened.report, sheet.evaluate(&loaded));
    assert!(!sheet.saved_at.is_empty());
    assert_eq!(sheet.program, kaoping::sheet::PROGRAM);
}

#[test]
fn the_file_records_what_the_municipal_office_must_trust() {
    let (sheet, text) = saved_text(5);
    let loaded = rs2015();
    assert!(text.contains("format: 2"));
    assert!(text.contains("saved_at: \"2016-01-10T09:30:00+08:00\""));
    assert!(text.contains(&format!("sha256: \"{}\"", loaded.sha256)));
    assert!(text.contains("id: \"yueyang-2015\""));
    assert!(text.contains(&format!(
        "unit: Some(\"{}\")",
        sheet.unit.as_deref().unwrap()
    )));
    assert!(text.contains("computed: Some("));
    assert!(text.contains("manual: Some(ManualScore("));
    assert!(text.contains("reason: \"按平时工作情况评定\""));
}

#[test]
fn an_edited_score_is_reported_on_its_item() {
    let (sheet, text) = saved_text(11);
    let loaded = rs2015();
    let score = sheet
        .evaluate(&loaded)
        .item("office.statistics")
        .unwrap()
        .score
        .unwrap();
    let from = format!("\"office.statistics\": Some(\"{score}\")");
    assert!(text.contains(&from), "{from}");
    let edited = text.replace(&from, "\"office.statistics\": Some(\"1.99\")");
    let opened = open_sheet_text(&edited, "改过.kaoping", &Catalog::default()).unwrap();
    assert!(
        opened
            .discrepancies
            .iter()
            .any(|d| d.starts_with("办公室工作 第3项：文件中的自查得分为1.99，按规则核算应为")),
        "{:#?}",
        opened.discrepancies
    );
    // The recomputed score is the rules', not the file's.
    assert_eq!(
        opened.report.item("office.statistics").unwrap().score,
        Some(score)
    );
}

#[test]
fn an_edited_fact_is_caught_because_the_stored_scores_no_longer_match() {
    let loaded = rs2015();
    let mut sheet = Sheet::new(&loaded, Some("pingjiang".into()));
    sheet
        .items
        .entry("office.meetings".into())
        .or_default()
        .facts
        .insert("absent".into(), Fact::Number(d("0")));
    let now = chrono::Local::now().fixed_offset();
    let text = sheet.to_file_text(&loaded, now);
    let edited = text.replace("\"absent\": Number(\"0\")", "\"absent\": Number(\"1\")");
    assert_ne!(edited, text);
    let opened = open_sheet_text(&edited, "x", &Catalog::default()).unwrap();
    assert!(
        opened
            .discrepancies
            .iter()
            .any(|d| d.contains("办公室工作 第6项：文件中的自查得分为1，按规则核算应为0.5")),
        "{:#?}",
        opened.discrepancies
    );
    assert!(opened.discrepancies.iter().any(|d| d.starts_with("合计：")));
}

#[test]
fn a_newer_format_is_refused_plainly() {
    let (_, text) = saved_text(1);
    let e = open_sheet_text(
        &text.replace("format: 2,", "format: 7,"),
        "新.kaoping",
        &Catalog::default(),
    )
    .unwrap_err();
    assert!(matches!(e, SheetError::NewerFormat { found: 7, .. }));
    let msg = e.to_string();
    assert!(
        msg.contains("“新.kaoping”是较新版本的程序保存的（文件格式第7版）"),
        "{msg}"
    );
    assert!(msg.contains("请升级"), "{msg}");
}

#[test]
fn an_unknown_ruleset_is_refused_plainly() {
    let (_, text) = saved_text(1);
    let e = open_sheet_text(
        &text.replace("id: \"yueyang-2015\"", "id: \"yueyang-2016\""),
        "a.kaoping",
        &Catalog::default(),
    )
    .unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("使用的考核规则“yueyang-2016”（版本 1.0.0）本程序中没有"),
        "{msg}"
    );
}

#[test]
fn a_changed_ruleset_text_is_noticed_by_its_hash() {
    let (_, text) = saved_text(2);
    let loaded = rs2015();
    let edited = text.replace(&loaded.sha256, &"0".repeat(64));
    let opened = open_sheet_text(&edited, "a", &Catalog::default()).unwrap();
    assert!(
        opened
            .notices
            .iter()
            .any(|n| n.contains("内容与本程序中的不同") && n.contains("00000000")),
        "{:#?}",
        opened.notices
    );
}

#[test]
fn a_truncated_file_is_refused_with_where_and_the_backup_hint() {
    let (_, text) = saved_text(4);
    for cut in [10, text.len() / 3, text.len() - 5] {
        let e = open_sheet_text(
            &text[..text.floor_char_boundary(cut)],
            "断.kaoping",
            &Catalog::default(),
        )
        .unwrap_err();
        let msg = e.to_string();
        assert!(matches!(e, SheetError::Parse(_)), "{msg}");
        assert!(msg.contains("“断.kaoping”第"), "{msg}");
        assert!(msg.contains(".bak"), "{msg}");
    }
}

#[test]
fn other_files_are_refused_with_their_name() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("照片.kaoping");
    std::fs::write(&bin, [0xff, 0xd8, 0xff, 0xe0, 0, 0x10]).unwrap();
    let msg = open_sheet(&bin, &Catalog::default())
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("照片.kaoping") && msg.contains("不是考评表文件"),
        "{msg}"
    );
    let msg = open_sheet(&dir.path().join("没有.kaoping"), &Catalog::default())
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("没有.kaoping") && msg.contains("不存在"),
        "{msg}"
    );
    let ron_of_other_kind = dir.path().join("规则.kaoping");
    std::fs::write(
        &ron_of_other_kind,
        include_str!("../../rulesets/yueyang-2015.ron"),
    )
    .unwrap();
    let msg = open_sheet(&ron_of_other_kind, &Catalog::default())
        .unwrap_err()
        .to_string();
    assert!(msg.contains("规则.kaoping") && msg.contains("第"), "{msg}");
}

#[test]
fn a_failed_save_leaves_the_old_file_whole_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = rs2015();
    let path = dir.path().join("a.kaoping");
    let mut sheet = filled_sheet(&loaded, 8);
    sheet.save(&path, &loaded).unwrap();
    let before = std::fs::read(&path).unwrap();
    // A "folder" that is a file: the save cannot even create its temporary file.
    let blocked = path.join("b.kaoping");
    let msg = sheet.save(&blocked, &loaded).unwrap_err().to_string();
    assert!(
        msg.contains("无法保存到") && msg.contains("b.kaoping") && msg.contains("原文件没有被改动"),
        "{msg}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // The second save keeps the first as .bak.
    sheet.contact.phone = "0730-1234567".into();
    sheet.save(&path, &loaded).unwrap();
    assert_eq!(std::fs::read(backup_path(&path)).unwrap(), before);
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("0730-1234567")
    );
}

#[test]
fn io_errors_read_in_chinese() {
    use std::io::{Error, ErrorKind};
    assert!(io_error_zh(&Error::from(ErrorKind::StorageFull)).starts_with("磁盘空间已满"));
    assert!(io_error_zh(&Error::from(ErrorKind::PermissionDenied)).contains("只读"));
    assert!(io_error_zh(&Error::from(ErrorKind::ReadOnlyFilesystem)).contains("只读"));
}

#[test]
fn items_and_facts_the_ruleset_does_not_know_are_refused_with_their_names() {
    let (_, text) = saved_text(6);
    let edited = text.replacen(
        "items: {",
        "items: {\n    \"office.extra\": ItemEntry(note: \"旧项目\"),",
        1,
    );
    let e = open_sheet_text(&edited, "a", &Catalog::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("考核规则中没有的项目：“office.extra”"), "{e}");
    let edited = text.replacen("facts: {", "facts: {\"extra\": Flag(true),", 1);
    let e = open_sheet_text(&edited, "a", &Catalog::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("考核规则中没有的输入：“extra”"), "{e}");
}

#[test]
fn the_default_file_name_is_unit_and_year() {
    let loaded = rs2015();
    let sheet = Sheet::new(&loaded, Some("pingjiang".into()));
    assert_eq!(
        sheet.default_file_stem(&loaded),
        "平江县妇联-2015年度绩效考核自评"
    );
}

#[test]
fn a_sheet_is_written_with_lf_only_and_read_with_crlf_too() {
    let (_, text) = saved_text(6);
    assert!(!text.contains('\r'), "a sheet file has one line ending: LF");
    let crlf = text.replace('\n', "\r\n");
    let opened = open_sheet_text(&crlf, "crlf", &Catalog::default()).unwrap();
    assert!(opened.discrepancies.is_empty());
}

#[test]
fn typed_text_becomes_a_number_nothing_or_the_text_as_typed() {
    use kaoping::scoring::Fact;
    assert_eq!(
        Fact::from_typed("７８"),
        Some(Fact::Number(rust_decimal::Decimal::from(78)))
    );
    assert_eq!(Fact::from_typed("  "), None);
    assert_eq!(
        Fact::from_typed("七十八"),
        Some(Fact::Text("七十八".into()))
    );
}
