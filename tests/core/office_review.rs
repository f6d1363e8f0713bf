//! Whose number is it: the office's review is sealed with a key only its PCs hold, so a
//! review a unit sends — in a sheet, in a package, in a made-up review copy beside the inbox,
//! or sealed with a key of its own — never counts; a partial review is never a total; a
//! resend names what changed and drops those 考核得分; lateness is judged by the first
//! submission; the whole return loop runs through the command line.

use crate::cli::kaoping_with;
use crate::common::*;
use kaoping::bulletin::{Bulletin, BulletinOptions};
use kaoping::catalog::Catalog;
use kaoping::sheet::{Review, ReviewState, open_sheet};
use kaoping::summary::{Cell, SortKey, Summary};
use std::path::{Path, PathBuf};
use std::process::Command;

fn kaoping(data: Option<&Path>, args: &[&str]) -> (i32, String, String) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kaoping"));
    c.args(args);
    if let Some(d) = data {
        c.env("KAOPING_DATA_DIR", d);
    }
    kaoping_with(&mut c)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A unit's forged review written into its own sheet: 已审核, every 考核得分 full points.
fn forge_full_marks(path: &Path) {
    let opened = open_sheet(path, &Catalog::default()).unwrap();
    let mut sheet = opened.sheet.clone();
    for item in opened
        .ruleset
        .ruleset
        .categories
        .iter()
        .flat_map(|c| &c.items)
    {
        sheet.items.entry(item.id.clone()).or_default().reviewed = Some(item.points);
    }
    sheet.review = Some(Review {
        state: ReviewState::Approved,
        saved_at: "2016-01-11T09:00:00+08:00".into(),
        program: "kaoping 0.1.0".into(),
        seal: "1:0000-0000:00".into(),
        ..Default::default()
    });
    std::fs::write(path, sheet.file_text()).unwrap();
}

fn row<'a>(s: &'a Summary, unit: &str) -> &'a kaoping::summary::Submitted {
    s.rows
        .iter()
        .find(|r| r.unit_id == unit)
        .and_then(|r| r.sheet.as_ref())
        .unwrap()
}

#[test]
fn a_forged_review_in_a_sheet_or_a_package_never_counts_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("收件箱");
    std::fs::create_dir_all(&inbox).unwrap();
    let sheets = write_unit_sheets(&inbox, &[("pingjiang", 3), ("xiangyin", 4)]);
    forge_full_marks(&sheets[0]);
    // 湘阴县 packs its forged sheet: the package is as the program makes it.
    let unit = dir.path().join("湘阴县");
    std::fs::create_dir_all(&unit).unwrap();
    let own = unit.join("湘阴县.kaoping");
    std::fs::rename(&sheets[1], &own).unwrap();
    forge_full_marks(&own);
    let (code, out, err) = kaoping(
        None,
        &[
            "package",
            s(&own),
            "-o",
            s(&inbox.join("湘阴县-提交包.zip")),
        ],
    );
    assert!(code <= 1, "{out}{err}");

    let catalog = Catalog::default();
    let opened = open_sheet(&sheets[0], &catalog).unwrap();
    assert_eq!(opened.sheet.review, None);
    assert_eq!(opened.report.reviewed_total, None);
    let refused = opened.refused_review.clone().unwrap();
    assert_eq!(refused.claimed, ReviewState::Approved);
    assert_eq!(refused.scores, 44);

    // kaoping score: the unit's own total only, and why the review was left out.
    let (code, out, _) = kaoping(None, &["score", s(&sheets[0])]);
    assert!(code <= 1, "{out}");
    assert!(!out.contains("考核得分合计"), "{out}");
    assert!(out.contains("不是本处的审核，已不采用"), "{out}");
    let (_, json, _) = kaoping(None, &["score", "--json", s(&sheets[0])]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["review"]["state"], "待审核");
    assert!(v["review"]["reviewed_total"].is_null());

    // The comparison and the 通报: both units rank by their self scores, unreviewed.
    let summary = Summary::from_paths(std::slice::from_ref(&inbox), &catalog);
    for unit in ["pingjiang", "xiangyin"] {
        let r = row(&summary, unit);
        assert_eq!(r.review, ReviewState::Pending, "{unit}");
        assert!(!r.approved(), "{unit}");
        assert_eq!(r.reviewed_total, None, "{unit}");
        assert_eq!(r.final_total(), r.self_total, "{unit}");
        assert!(r.refused_review.is_some(), "{unit}");
    }
    let notes = summary.notes().join("\n");
    assert!(notes.contains("不是本处审核的文件（2个单位"), "{notes}");
    assert!(
        notes.contains("平江县") && notes.contains("湘阴县"),
        "{notes}"
    );
    let bulletin = Bulletin::from_summary(&summary, &BulletinOptions::default());
    assert!(bulletin.draft, "no unit is reviewed: a 征求意见稿");
    assert!(
        bulletin
            .basis
            .contains("排名暂按各单位的自查得分（尚未审核）"),
        "{}",
        bulletin.basis
    );
    // The command line's summary says the same.
    let (_, out, err) = kaoping(None, &["summary", s(&inbox)]);
    assert!(!out.contains("\t已审核"), "{out}");
    assert!(
        err.contains("已不采用") || out.contains("已不采用"),
        "{out}{err}"
    );
}

#[test]
fn a_review_copy_made_up_beside_the_inbox_or_sealed_with_a_units_own_key_does_not_count() {
    let dir = tempfile::tempdir().unwrap();
    let (inbox, sheet, package) = pingjiang_package(dir.path(), 5, None);

    // The unit runs kaoping's own review on its PC (its own key), full marks, and puts the
    // result beside the package as if it were the office's review copy.
    let unit_pc = dir.path().join("单位电脑数据");
    let copy = inbox.join("平江县-提交包");
    std::fs::create_dir_all(&copy).unwrap();
    let forged_sheet = copy.join("平江县.kaoping");
    std::fs::copy(&sheet, &forged_sheet).unwrap();
    let (code, out, err) = kaoping(
        Some(&unit_pc),
        &[
            "review",
            s(&forged_sheet),
            "--adopt-rest",
            "--state",
            "已审核",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let package_sha = kaoping::evidence::hash_file(&package).unwrap().1;
    let marker = serde_json::json!({
        "package": "平江县-提交包.zip", "package_sha256": package_sha,
        "sheet": "平江县.kaoping", "content_fingerprint": "", "unpacked_at": "2016-01-11T09:00:00+08:00"
    });
    std::fs::write(copy.join("提交包来源.json"), marker.to_string()).unwrap();
    // Its key file dropped into the inbox too: keys are never read from beside the sheets.
    let (code, _, _) = kaoping(
        Some(&unit_pc),
        &["key", "export", s(&inbox.join("审核密钥.kaoping-key"))],
    );
    assert_eq!(code, 0);

    let summary = Summary::from_paths(std::slice::from_ref(&inbox), &Catalog::default());
    let r = row(&summary, "pingjiang");
    assert!(!r.approved());
    assert_eq!(r.reviewed_total, None);
    // On the unit's own PC its review is its own; here it is another PC's key.
    let (_, out, _) = kaoping(None, &["score", s(&forged_sheet)]);
    assert!(out.contains("由另一台电脑保存"), "{out}");
    assert!(!out.contains("考核得分合计"), "{out}");
    let (_, out, _) = kaoping(Some(&unit_pc), &["score", s(&forged_sheet)]);
    assert!(out.contains("考核得分合计"), "{out}");
}

#[test]
fn the_offices_review_survives_its_round_trips_and_another_pc_after_the_key_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let office = dir.path().join("办公室电脑");
    let (inbox, _, package) = pingjiang_package(dir.path(), 5, None);
    let (code, out, err) = kaoping(
        Some(&office),
        &["review", s(&package), "--adopt-rest", "--state", "已审核"],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("已审核") && out.contains("考核得分合计"),
        "{out}"
    );
    // Opened again (the package twice): the same review, counted.
    let (code, out, err) = kaoping(Some(&office), &["review", s(&package)]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("已打开此提交包的审核副本"), "{out}");
    let (_, out, _) = kaoping(Some(&office), &["summary", s(&inbox)]);
    assert!(out.contains("已审核"), "{out}");

    // The inbox backed up to another office PC: not counted there until its key is imported.
    let backup = dir.path().join("备份");
    copy_tree(&inbox, &backup);
    let other = dir.path().join("另一台电脑");
    let (_, out, _) = kaoping(Some(&other), &["summary", s(&backup)]);
    assert!(!out.contains("\t已审核"), "{out}");
    let (_, out, err) = kaoping(Some(&other), &["summary", s(&backup)]);
    assert!(
        err.contains("由另一台电脑保存") || out.contains("由另一台电脑保存"),
        "{out}{err}"
    );
    let key = dir.path().join("市妇联审核密钥.kaoping-key");
    let (code, out, _) = kaoping(Some(&office), &["key", "export", s(&key)]);
    assert_eq!(code, 0, "{out}");
    let (code, out, _) = kaoping(Some(&other), &["key", "import", s(&key)]);
    assert_eq!(code, 0, "{out}");
    let (_, out, _) = kaoping(Some(&other), &["summary", s(&backup)]);
    assert!(out.contains("已审核"), "{out}");
    // A key file edited by hand is refused.
    let text = std::fs::read_to_string(&key).unwrap();
    let bad = dir.path().join("坏密钥.kaoping-key");
    std::fs::write(&bad, text.replacen("\"secret\": \"", "\"secret\": \"00", 1)).unwrap();
    let (code, _, err) = kaoping(Some(&other), &["key", "import", s(&bad)]);
    assert_eq!(code, 2);
    assert!(err.contains("不是考评的审核密钥文件"), "{err}");
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_tree(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn a_partial_review_reads_as_one_in_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("收件箱");
    std::fs::create_dir_all(&inbox).unwrap();
    let sheets = write_unit_sheets(&inbox, &[("pingjiang", 6), ("yueyangxian", 7)]);
    let opened = open_sheet(&sheets[0], &Catalog::default()).unwrap();
    let mut args: Vec<String> = vec!["review".into(), sheets[0].display().to_string()];
    for item in opened.report.items.iter().take(10) {
        args.push("--score".into());
        args.push(format!(
            "{}={}",
            item.item_id,
            item.score.unwrap_or_default()
        ));
    }
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, out, err) = kaoping(None, &refs);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("审核中（已审10/44项）"), "{out}");

    let (_, out, _) = kaoping(None, &["score", s(&sheets[0])]);
    assert!(out.contains("考核得分：审核中（已审10/44项"), "{out}");
    assert!(!out.contains("考核得分合计"), "{out}");

    let summary = Summary::from_paths(std::slice::from_ref(&inbox), &Catalog::default());
    let r = row(&summary, "pingjiang");
    assert_eq!(
        r.reviewed_cell(),
        Cell::Text("审核中（已审10/44项）".into())
    );
    assert_eq!(r.complete_reviewed_total(), None);
    assert!(r.state_text().starts_with("审核中"), "{}", r.state_text());
    let table = summary.table(SortKey::default());
    let cells: Vec<String> = table
        .rows
        .iter()
        .flatten()
        .map(|c| format!("{c:?}"))
        .collect();
    assert!(cells.iter().any(|c| c.contains("审核中（已审10/44项）")));
    for ext in ["csv", "xlsx", "pdf"] {
        let out_path = dir.path().join(format!("汇总.{ext}"));
        let (code, out, err) = kaoping(None, &["summary", s(&inbox), "-o", s(&out_path)]);
        assert!(code <= 1, "{out}{err}");
        let found = match ext {
            "csv" => String::from_utf8(std::fs::read(&out_path).unwrap()).unwrap(),
            "xlsx" => xlsx_text(&out_path),
            // The PDF's narrow column wraps the words onto lines of their own.
            _ => pdf_text(&std::fs::read(&out_path).unwrap()).replace('\n', ""),
        };
        assert!(found.contains("审核中（已审10/44项）"), "{ext}: {found}");
    }
}

fn xlsx_text(path: &Path) -> String {
    use calamine::{Reader, open_workbook_auto};
    let mut book = open_workbook_auto(path).unwrap();
    let mut out = String::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        for row in range.rows() {
            for c in row {
                out.push_str(&c.to_string());
                out.push('\t');
            }
            out.push('\n');
        }
    }
    out
}

#[test]
fn the_return_loop_through_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    // On time: the 2015 scheme's deadline is 2016-01-12.
    let (inbox, sheet, package) =
        pingjiang_package(dir.path(), 8, Some("2016-01-10T09:00:00+08:00"));
    let opened = open_sheet(&sheet, &Catalog::default()).unwrap();
    let first = opened.report.items[0].item_id.clone();
    let fourth = opened.report.items[3].item_id.clone();
    let seventh = opened.report.items[6].item_id.clone();

    // The office scores everything, returns it with words on items 1 and 4 and a deadline.
    let notice = dir.path().join("退回通知.kaoping-return");
    let (code, out, err) = kaoping(
        None,
        &[
            "review",
            s(&package),
            "--adopt-rest",
            "--opinion",
            &format!("{first}=请附市妇联采用的证明"),
            "--opinion",
            &format!("{fourth}=调研报告只有一篇"),
            "--state",
            "退回修改",
            "--reason",
            "两项缺材料",
            "--resubmit-by",
            "2016年1月20日",
            "-o",
            s(&notice),
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("已写出退回通知") && out.contains("2项附有意见"),
        "{out}"
    );
    let n = kaoping::sheet::ReturnNotice::read(&notice).unwrap();
    assert_eq!(n.reason, "两项缺材料");
    assert_eq!(n.resubmit_by, "2016-01-20");
    assert_eq!(n.items.keys().cloned().collect::<Vec<_>>(), {
        let mut v = vec![first.clone(), fourth.clone()];
        v.sort();
        v
    });

    // The clerk takes the notice over her sheet: exactly those two items are 需修改.
    let mut session = kaoping::document::Session::new(None);
    session.open(&sheet, &Catalog::default()).unwrap();
    session.take_return_notice(n.clone()).unwrap();
    let marked: Vec<String> = session
        .report()
        .problems
        .iter()
        .filter(|p| p.about == kaoping::scoring::About::ReturnOpinion)
        .filter_map(|p| p.item.clone())
        .collect();
    assert_eq!(marked.len(), 2, "{marked:?}");
    assert!(marked.contains(&first) && marked.contains(&fourth));
    // She changes item 1's note and item 7's note (two items), and saves.
    session.set_note(&first, "已补采用证明");
    session.set_note(&seventh, "补充说明");
    let still: Vec<String> = n.open_items(session.sheet());
    assert_eq!(
        still,
        vec![fourth.clone()],
        "item 1 changed, item 4 not yet"
    );
    session.save_to(&sheet).unwrap();
    // Resent before the return's deadline, after the scheme's: on time all the same.
    package_on(&sheet, &package, "2016-01-18T09:00:00+08:00");

    let (code, out, _) = kaoping(
        None,
        &["diff", s(&package_copy(&inbox, &sheet)), s(&package)],
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("单位改了2项"), "{out}");
    assert!(
        out.contains("自评说明：") && out.contains("“已补采用证明”"),
        "{out}"
    );

    let summary = Summary::from_paths(std::slice::from_ref(&inbox), &Catalog::default());
    let r = row(&summary, "pingjiang");
    assert!(r.resubmitted, "{}", r.state_text());
    assert_eq!(r.recheck, 2);
    assert_eq!(r.reviewed_items, 42);
    assert!(
        !r.late,
        "judged by the first submission, and the resend by its own deadline"
    );
    assert!(!r.resent_late);
    assert!(r.state_text().contains("2项需重审"), "{}", r.state_text());

    // The office opens the resend: the two items old → new, 需重审, the rest kept.
    let (code, out, err) = kaoping(None, &["review", s(&package)]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("改了2项"), "{out}");
    assert!(out.contains("其余42项沿用"), "{out}");
    let (_, out, _) = kaoping(None, &["score", s(&package_copy(&inbox, &sheet))]);
    assert!(out.contains("需重审"), "{out}");
    assert!(out.contains("审核中（已审42/44项）"), "{out}");
    assert!(out.contains("提交 → "), "{out}");
    assert!(out.contains("退回修改（两项缺材料）"), "{out}");
    assert!(
        out.contains("重新提交（改了办公室工作第1、7项）") || out.contains("重新提交（改了"),
        "{out}"
    );
    let (code, out, err) = kaoping(
        None,
        &["review", s(&package), "--adopt-rest", "--state", "已审核"],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("→ ") && out.ends_with("已审核\n") || out.contains("已审核"),
        "{out}"
    );
    let summary = Summary::from_paths(std::slice::from_ref(&inbox), &Catalog::default());
    let r = row(&summary, "pingjiang");
    assert!(r.approved());
    assert!(!r.late);
    assert_eq!(r.first_submitted_at, "2016-01-10T09:00:00+08:00");
}

/// The sheet in the review copy beside 平江县's package.
fn package_copy(inbox: &Path, _sheet: &Path) -> PathBuf {
    std::fs::read_dir(inbox.join("平江县-提交包"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "kaoping"))
        .unwrap()
}

#[test]
fn a_resend_after_the_returns_deadline_is_late_and_a_return_without_a_reason_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (inbox, sheet, package) =
        pingjiang_package(dir.path(), 9, Some("2016-01-10T09:00:00+08:00"));
    let (code, _, err) = kaoping(None, &["review", s(&package), "--state", "退回修改"]);
    assert_eq!(code, 2);
    assert!(err.contains("须填写退回原因"), "{err}");
    assert!(!err.contains("换一个位置"), "{err}");
    let (code, out, err) = kaoping(
        None,
        &[
            "review",
            s(&package),
            "--state",
            "退回修改",
            "--reason",
            "请补材料",
            "--resubmit-by",
            "2016-01-15",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let mut session = kaoping::document::Session::new(None);
    session.open(&sheet, &Catalog::default()).unwrap();
    let first = session.report().items[0].item_id.clone();
    session.set_note(&first, "补了");
    session.save_to(&sheet).unwrap();
    package_on(&sheet, &package, "2016-01-16T09:00:00+08:00");
    let summary = Summary::from_paths(std::slice::from_ref(&inbox), &Catalog::default());
    let r = row(&summary, "pingjiang");
    assert!(r.resent_late);
    assert!(
        r.state_text().contains("重新提交逾期"),
        "{}",
        r.state_text()
    );
    // A date that is no date is refused with what was typed.
    let (code, _, err) = kaoping(
        None,
        &[
            "review",
            s(&package),
            "--state",
            "退回修改",
            "--reason",
            "x",
            "--resubmit-by",
            "1月32日",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("不是日期"), "{err}");
}

#[test]
fn notes_and_the_bulletin_say_which_file_is_newer_why_points_went_lateness_and_no_grade() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("收件箱");
    std::fs::create_dir_all(&inbox).unwrap();
    // 湘阴县 twice, two different sheets; 平江县 with a judged part below its points.
    let twice = write_unit_sheets(&inbox, &[("xiangyin", 1), ("xiangyin", 2)]);
    let pj = write_unit_sheets(&inbox, &[("pingjiang", 3)]).remove(0);
    let catalog = Catalog::default();
    let mut opened = open_sheet(&pj, &catalog).unwrap();
    let e = opened
        .sheet
        .items
        .entry("rights.publicity".into())
        .or_default();
    e.facts.insert("held".into(), n("4"));
    e.facts.insert("small".into(), n("1"));
    e.facts.insert("judged".into(), n("0.2"));
    e.manual = None;
    opened.sheet.save(&pj, &opened.ruleset).unwrap();

    let summary = Summary::from_paths(std::slice::from_ref(&inbox), &catalog);
    let notes = summary.notes().join("\n");
    let totals: Vec<String> = twice
        .iter()
        .map(|p| kaoping::ruleset::fmt_dec(open_sheet(p, &catalog).unwrap().report.total))
        .collect();
    assert!(notes.contains("湘阴县有2个文件"), "{notes}");
    assert!(notes.contains("，较新）"), "{notes}");
    assert!(notes.contains("内容不同"), "{notes}");
    for t in &totals {
        assert!(notes.contains(&format!("自查{t}分")), "{t}: {notes}");
    }

    // 平江县 lost 1.4 on 维权工作 第1项: the lectures' 0.6 and the judged part's 0.8 both named.
    let r = row(&summary, "pingjiang");
    let loss = r
        .losses
        .iter()
        .find(|l| l.place.starts_with("维权工作 第1项"))
        .unwrap();
    assert_eq!(loss.lost, d("1.4"));
    assert!(
        loss.why.iter().any(|w| w.contains("扣0.4分")),
        "{:?}",
        loss.why
    );
    assert!(
        loss.why.iter().any(|w| w.contains("评定0.2分")),
        "{:?}",
        loss.why
    );

    // Every sheet here was saved today, long after the 2015 scheme's deadline: the 通报 says
    // so; a grade band above every total is said, not left empty.
    let options = BulletinOptions {
        grading: Some(kaoping::bulletin::Grading::bands("优秀:99.5").unwrap()),
        ..Default::default()
    };
    let bulletin = Bulletin::from_summary(&summary, &options);
    let late = bulletin.late_sentence().unwrap();
    assert!(
        late.starts_with("逾期报送（截止2016-01-12）：") && late.contains("平江县（"),
        "{late}"
    );
    assert!(
        bulletin
            .overall
            .iter()
            .all(|r| r.grade.as_deref() == Some("未达等次（低于99.5分）"))
    );
    let pdf = kaoping::bulletin::pdf::render_bulletin(&bulletin);
    let text = pdf_text(&pdf.bytes).replace('\n', "");
    assert!(text.contains("逾期报送"), "{text}");
    assert!(text.contains("未达等次"), "{text}");
}

#[test]
fn control_characters_in_an_opinion_reach_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("收件箱");
    std::fs::create_dir_all(&inbox).unwrap();
    let sheet = write_unit_sheets(&inbox, &[("pingjiang", 3)]).remove(0);
    let opened = open_sheet(&sheet, &Catalog::default()).unwrap();
    let first = opened.report.items[0].item_id.clone();
    let (code, out, err) = kaoping(
        None,
        &[
            "review",
            s(&sheet),
            "--adopt-rest",
            "--score",
            &format!("{first}=0"),
            "--opinion",
            &format!("{first}=缺\u{7}材料\u{1b}[31m\u{202E}倒"),
            "--state",
            "已审核",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let bad = |text: &str| {
        text.chars()
            .any(|c| (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{202E}')
    };
    // Word: the XML of the document holds none (WPS and LibreOffice refuse such a file).
    let docx = dir.path().join("通报.docx");
    let (code, out, err) = kaoping(None, &["bulletin", s(&inbox), "-o", s(&docx)]);
    assert_eq!(code, 0, "{out}{err}");
    let parts = unzip(&docx);
    let document = parts
        .iter()
        .find(|(n, _)| n == "word/document.xml")
        .unwrap();
    let xml = String::from_utf8(document.1.clone()).unwrap();
    assert!(
        xml.contains("缺材料[31m倒"),
        "the words stay, the controls go"
    );
    assert!(!bad(&xml));
    // CSV, xlsx and the PDF of the comparison, and the 通报's PDF.
    for ext in ["csv", "xlsx", "pdf"] {
        let path = dir.path().join(format!("汇总.{ext}"));
        let (code, out, err) = kaoping(None, &["summary", s(&inbox), "-o", s(&path)]);
        assert!(code <= 1, "{out}{err}");
        let text = match ext {
            "csv" => String::from_utf8(std::fs::read(&path).unwrap()).unwrap(),
            "xlsx" => xlsx_text(&path),
            _ => pdf_text(&std::fs::read(&path).unwrap()),
        };
        // The printed 汇总表 carries no opinions; the CSV and the xlsx do.
        assert!(
            ext == "pdf" || text.contains("缺材料"),
            "{ext}: the opinion is there"
        );
        assert!(!bad(&text), "{ext}: {text:?}");
    }
    let pdf = dir.path().join("通报.pdf");
    let (code, _, _) = kaoping(None, &["bulletin", s(&inbox), "-o", s(&pdf)]);
    assert_eq!(code, 0);
    assert!(!bad(&pdf_text(&std::fs::read(&pdf).unwrap())));
}

#[test]
fn the_fingerprint_covers_what_is_printed_and_a_resend_of_notes_only_is_still_a_resend() {
    let dir = tempfile::tempdir().unwrap();
    let sheet_path = write_unit_sheets(dir.path(), &[("pingjiang", 3)]).remove(0);
    let opened = open_sheet(&sheet_path, &Catalog::default()).unwrap();
    let mut sheet = opened.sheet.clone();
    let before = sheet.content_fingerprint();
    let first = opened.report.items[0].item_id.clone();
    // A 自评说明 typed after the seal is not on the paper: the same version.
    sheet.items.entry(first.clone()).or_default().note = "补充说明".into();
    assert_eq!(sheet.content_fingerprint(), before);
    // A fact is on the paper: another version.
    let entry = sheet.items.get_mut(&first).unwrap();
    let (rule, _) = entry
        .facts
        .iter()
        .next()
        .map(|(k, v)| (k.clone(), v.clone()))
        .unwrap();
    entry
        .facts
        .insert(rule, kaoping::scoring::Fact::Number(d("12345")));
    assert_ne!(sheet.content_fingerprint(), before);
}
