//! 台账: entries kept all year give the rules their inputs — equal to the same numbers typed
//! directly — through the command line and the document session; the file format they need;
//! what the scheme's check says of a wrong ledger.

use crate::cli::kaoping;
use crate::common::{d, n, rs2015};
use kaoping::catalog::Catalog;
use kaoping::document::{Edit, EntryDraft, Session};
use kaoping::scoring::{ExplanationKind, Fact, RuleOutcome};
use kaoping::sheet::{Sheet, open_sheet};
use std::path::Path;

fn new_sheet(dir: &Path, name: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    let (code, _, err) = kaoping(&["new", "--unit", "平江县", "-o", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    path
}

fn session_on(path: &Path) -> Session {
    let mut s = Session::new(None);
    s.open(path, &Catalog::default()).unwrap();
    s
}

/// The item's score and each rule's outcome, for comparing two sheets.
fn outcomes(path: &Path, item: &str) -> (Option<rust_decimal::Decimal>, Vec<RuleOutcome>) {
    let opened = open_sheet(path, &Catalog::default()).unwrap();
    let r = opened.report.item(item).unwrap().clone();
    (r.score, r.rules.iter().map(|r| r.outcome.clone()).collect())
}

#[test]
fn four_lectures_kept_in_the_ledger_score_as_the_numbers_typed() {
    let dir = tempfile::tempdir().unwrap();
    let kept = new_sheet(dir.path(), "台账.kaoping");
    for (day, women) in [
        ("2015-03-08", "60"),
        ("2015年4月12日", "55"),
        ("2015-06-01", "45"),
        ("2015-09-20", "70"),
    ] {
        let (code, out, err) = kaoping(&[
            "ledger",
            "add",
            kept.to_str().unwrap(),
            "rights.publicity.held",
            "--date",
            day,
            "--title",
            &format!("社区家庭律师普法讲座（{day}）"),
            "--figure",
            &format!("参加妇女人数={women}"),
        ]);
        assert_eq!(code, 0, "{out}{err}");
    }
    // The judged part is the same on both sheets: only the counts differ in how they came.
    let mut s = session_on(&kept);
    s.set_fact("rights.publicity", "judged", Some(n("0.8")));
    s.save_to(&kept).unwrap();
    let typed = new_sheet(dir.path(), "直接填写.kaoping");
    let mut t = session_on(&typed);
    t.set_fact("rights.publicity", "held", Some(n("4")));
    t.set_fact("rights.publicity", "small", Some(n("1")));
    t.set_fact("rights.publicity", "judged", Some(n("0.8")));
    t.save_to(&typed).unwrap();

    let (kept_score, kept_rules) = outcomes(&kept, "rights.publicity");
    assert_eq!(
        kept_score,
        Some(d("2.2")),
        "5−4=1 short ×0.4, one small ×0.2: 3 − 0.6 … of 2 + 0.8"
    );
    assert_eq!(
        (kept_score, kept_rules),
        outcomes(&typed, "rights.publicity")
    );
    // The calculator says where the numbers came from.
    let opened = open_sheet(&kept, &Catalog::default()).unwrap();
    let lines: Vec<&str> = opened
        .report
        .item("rights.publicity")
        .unwrap()
        .explanations
        .iter()
        .filter(|e| e.kind == ExplanationKind::Ledger)
        .map(|e| e.text.as_str())
        .collect();
    assert_eq!(
        lines,
        ["由台账计算（讲座4条）：在社区举办家庭律师普法讲座4场；参加妇女少于50人的讲座1场"]
    );
    // Listed in date order, the Chinese date read as a date.
    let (code, out, _) = kaoping(&["ledger", "list", kept.to_str().unwrap(), "rights.publicity"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("2015-04-12　社区家庭律师普法讲座（2015年4月12日）（参加妇女人数=55）"),
        "{out}"
    );
    assert!(out.contains("共4条记录"), "{out}");
}

#[test]
fn loans_give_both_rates_as_typed_rounded_to_two_decimals() {
    let dir = tempfile::tempdir().unwrap();
    let kept = new_sheet(dir.path(), "贷款.kaoping");
    let mut s = session_on(&kept);
    for (day, sex, amount) in [
        ("2015-02-01", "女", "5"),
        ("2015-03-01", "男", "10"),
        ("2015-05-01", "男", "3.5"),
    ] {
        s.apply(Edit::AddLedgerEntry {
            ledger: "loans".into(),
            draft: EntryDraft {
                date: day.into(),
                title: format!("小额担保贷款 {day}"),
                figures: [
                    ("性别".to_string(), sex.to_string()),
                    ("金额".to_string(), amount.to_string()),
                ]
                .into(),
            },
        })
        .unwrap();
    }
    s.save_to(&kept).unwrap();
    let typed = new_sheet(dir.path(), "直接填写.kaoping");
    let mut t = session_on(&typed);
    // 1 of 3 borrowers, 5 of 18.5 万元: 33.33% and 27.03%.
    t.set_fact("development.loans", "people", Some(n("33.33")));
    t.set_fact("development.loans", "funds", Some(n("27.03")));
    t.save_to(&typed).unwrap();
    assert_eq!(
        outcomes(&kept, "development.loans"),
        outcomes(&typed, "development.loans")
    );
    let report = s.report();
    let item = report.item("development.loans").unwrap();
    // People 33.33% ≥ 30: nothing; funds 27.03% is 2.97 below 30, not a full step of 5: nothing.
    assert_eq!(item.score, Some(item.points));
    assert!(
        item.rules[1]
            .explanation
            .as_deref()
            .is_some_and(|e| e.starts_with("妇女获贷资金占发放总额的比例27.03%")),
        "{:?}",
        item.rules[1].explanation
    );
}

#[test]
fn an_entry_is_checked_against_its_ledger_and_undone_like_any_edit() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_sheet(dir.path(), "表.kaoping");
    let mut s = session_on(&path);
    let draft = |date: &str, title: &str, figure: (&str, &str)| EntryDraft {
        date: date.into(),
        title: title.into(),
        figures: [(figure.0.to_string(), figure.1.to_string())].into(),
    };
    for (bad, words) in [
        (draft("2015-02-30", "讲座", ("参加妇女人数", "60")), "日期"),
        (draft("2015-03-08", "  ", ("参加妇女人数", "60")), "事由"),
        (
            draft("2015-03-08", "讲座", ("参加妇女人数", "六十")),
            "参加妇女人数应是整数",
        ),
        (
            draft("2015-03-08", "讲座", ("人数", "60")),
            "没有字段“人数”",
        ),
        (
            draft("2016-02-01", "讲座", ("参加妇女人数", "60")),
            "不在2015年度内",
        ),
        (draft("", "讲座", ("参加妇女人数", "60")), "请填写日期"),
    ] {
        let err = s.add_ledger_entry("lectures", &bad).unwrap_err();
        assert!(
            matches!(err, kaoping::document::SessionError::Ledger(_)),
            "{err:?}"
        );
        assert!(err.to_string().contains(words), "{err}");
    }
    assert!(s.sheet().ledgers.is_empty(), "nothing half-added");
    let before = s.report().item("rights.publicity").unwrap().rules.clone();
    let id = s
        .add_ledger_entry(
            "lectures",
            &draft("2015-03-08", "讲座", ("参加妇女人数", "40")),
        )
        .unwrap();
    assert_eq!(id, 1);
    let held = &s.report().item("rights.publicity").unwrap().rules[0];
    assert_eq!(
        held.outcome,
        RuleOutcome::Done(kaoping::scoring::Effect::Deduct(d("1.6")))
    );
    s.undo().unwrap();
    assert!(s.sheet().ledgers.is_empty());
    assert_eq!(s.report().item("rights.publicity").unwrap().rules, before);
    s.redo().unwrap();
    // Removing the last entry gives the rules back to what is typed.
    s.set_fact("rights.publicity", "held", Some(n("5")));
    assert_eq!(
        s.sheet().items["rights.publicity"].facts["held"],
        Fact::Number(d("5")),
        "the typed number is kept while the ledger feeds the rule"
    );
    s.remove_ledger_entry("lectures", 1).unwrap();
    let held = &s.report().item("rights.publicity").unwrap().rules[0];
    assert_eq!(
        held.outcome,
        RuleOutcome::Done(kaoping::scoring::Effect::Deduct(d("0")))
    );
}

#[test]
fn a_sheet_with_entries_is_format_4_and_one_without_stays_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_sheet(dir.path(), "表.kaoping");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("format: 2,"),
        "a sheet without 台账 opens in the program before"
    );
    let (code, _, err) = kaoping(&[
        "ledger",
        "add",
        path.to_str().unwrap(),
        "office.research",
        "--date",
        "2015-05-05",
        "--title",
        "调研报告：农村留守妇女",
    ]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("format: 4,") && text.contains("ledgers:"),
        "{text}"
    );
    // What a program before this one does with it: refuses it whole (its format is newer),
    // never reads it without its 台账.
    let older = text.replace("format: 4,", "format: 5,");
    std::fs::write(&path, older).unwrap();
    let err = open_sheet(&path, &Catalog::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("较新版本的程序保存的"), "{err}");
}

#[test]
fn a_hostile_ledger_in_a_file_is_refused_with_where() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_sheet(dir.path(), "表.kaoping");
    let (code, _, _) = kaoping(&[
        "ledger",
        "add",
        path.to_str().unwrap(),
        "office.research",
        "--date",
        "2015-05-05",
        "--title",
        "调研",
    ]);
    assert_eq!(code, 0);
    let text = std::fs::read_to_string(&path).unwrap();
    let twice = text.replace("date: \"2015-05-05\"", "date: \"2015-13-45\"");
    std::fs::write(&path, &twice).unwrap();
    let err = open_sheet(&path, &Catalog::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("台账“research”的记录1日期“2015-13-45”不是日期"),
        "{err}"
    );
}

#[test]
fn the_scheme_check_names_a_ledger_that_cannot_feed_its_rule() {
    let loaded = rs2015();
    assert!(
        loaded.findings.iter().all(|f| !f.location.contains("台账")),
        "the shipped 台账 are right"
    );
    assert!(loaded.ruleset.ledgers.len() >= 15);
    let mut rs = loaded.ruleset.clone();
    // Feeding the judged score, and a count into a rate, and a rule fed twice.
    let lectures = rs.ledgers.iter_mut().find(|l| l.id == "lectures").unwrap();
    lectures.feeds.push(kaoping::ledger::Feed {
        rule: "judged".into(),
        from: "条数".into(),
    });
    lectures.feeds.push(kaoping::ledger::Feed {
        rule: "held".into(),
        from: "条数".into(),
    });
    let loans = rs.ledgers.iter_mut().find(|l| l.id == "loans").unwrap();
    loans.feeds[0].from = "条数(性别=女)".into();
    let said: Vec<String> = rs.check().iter().map(|f| f.to_string()).collect();
    let has = |w: &str| said.iter().any(|f| f.contains(w));
    assert!(has("评定的分数，不能由台账计算"), "{said:?}");
    assert!(has("已由另一个台账计算"), "{said:?}");
    assert!(has("这条规则要的是一个比例（占比）"), "{said:?}");
    let _ = Sheet::new(&loaded, None);
}

#[test]
fn progress_at_mid_year_gives_the_share_gone_what_is_due_and_the_cheapest_gains() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_sheet(dir.path(), "进度.kaoping");
    let mut s = session_on(&path);
    let add = |s: &mut Session, ledger: &str, date: &str, figures: &[(&str, &str)]| {
        s.add_ledger_entry(
            ledger,
            &EntryDraft {
                date: date.into(),
                title: format!("{ledger} {date}"),
                figures: figures
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            },
        )
        .unwrap();
    };
    // Two 讲座 by June (one after: not counted on 06-30), one 调研报告 of 3, no 招聘会 yet.
    add(&mut s, "lectures", "2015-03-08", &[("参加妇女人数", "60")]);
    add(&mut s, "lectures", "2015-06-30", &[("参加妇女人数", "45")]);
    add(&mut s, "lectures", "2015-07-01", &[("参加妇女人数", "70")]);
    add(&mut s, "research", "2015-04-01", &[]);
    add(&mut s, "fairs", "2015-10-10", &[]);
    let p = kaoping::year_progress::progress_on(s.sheet(), s.ruleset(), "2015-06-30");
    assert_eq!(p.year_gone, d("49.59"), "181 of 365 days");
    let lectures = p.ledgers.iter().find(|l| l.entry == "讲座").unwrap();
    assert_eq!(lectures.entries, 2);
    let held = &lectures.rules[0];
    assert_eq!((held.value.as_str(), held.target), ("2场", Some(5)));
    assert_eq!(held.due_by_now, Some(d("2.5")));
    assert!(held.behind);
    let research = p.ledgers.iter().find(|l| l.entry == "调研报告").unwrap();
    // 县市: 3 reports a year; one of 3 → 1 of 3 points lost per report short.
    assert_eq!(research.rules[0].value, "1篇");
    assert_eq!(research.score, Some(d("1")));
    // The cheapest points: a 招聘会 (1 point for one entry) before two 调研报告 (2 points, 1 each)
    // before three 讲座 (0.4 each).
    let words: Vec<&str> = p.gains.iter().map(|g| g.words.as_str()).collect();
    assert_eq!(
        words,
        [
            "再记一条专场招聘会（组织了专场招聘会）可得1分",
            "再有2篇上报调研报告可得2分",
            "再有3场在社区举办家庭律师普法讲座可得1.2分",
        ]
    );
    // On the last day the same sheet counts every entry.
    let end = kaoping::year_progress::progress_on(s.sheet(), s.ruleset(), "2015-12-31");
    assert_eq!(end.year_gone, d("100"));
    assert_eq!(
        end.ledgers
            .iter()
            .find(|l| l.entry == "讲座")
            .unwrap()
            .entries,
        3
    );
    s.save_to(&path).unwrap();
    let pdf = dir.path().join("进度.pdf");
    let (code, out, _) = kaoping(&[
        "progress",
        path.to_str().unwrap(),
        "--on",
        "2015-06-30",
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("全年已过49.59%"), "{out}");
    // The 进度表 carries the same figures.
    let text = crate::common::pdf_text(&std::fs::read(&pdf).unwrap());
    for words in [
        "平江县2015年工作进度表（截至2015-06-30）",
        "在社区举办家庭律师普法讲座",
        "落后",
        "全年已过49.59%",
        "再有2篇上报调研报告可得2分",
    ] {
        assert!(text.contains(words), "{words} not in {text}");
    }
    // Without --on: today in the scheme's year, else (the year being past) its last day.
    let (code, out, err) = kaoping(&["progress", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(&format!(
            "（{}，",
            kaoping::year_progress::default_day(2015)
        )),
        "{out}"
    );
}

/// A table kept by hand in WPS: a title above the header, a 序号 and a 备注 column, a real
/// date cell, a Chinese date, a slashed date; `bad` writes 五十 for one count.
fn kept_table(path: &Path, bad: bool) {
    let script = r#"
import datetime, sys
import openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "2015年普法讲座"
ws.append(["平江县妇联2015年社区家庭律师普法讲座台账"])
ws.append([])
ws.append(["序号", "日期", "事由", "参加妇女人数（人）", "备注"])
ws.append([1, datetime.date(2015, 3, 8), "城关镇社区家庭律师普法讲座", 60, ""])
ws.append([2, "2015年4月12日", "南江镇社区普法讲座", 55, ""])
ws.append([3, "2015-06-01", "安定镇社区普法讲座", "五十" if sys.argv[2] == "bad" else 45, ""])
ws.append([4, "2015/9/20", "三市镇社区普法讲座", 70, "县妇联主席参加"])
wb.save(sys.argv[1])
"#;
    let python = if Path::new("/usr/bin/python3").exists() {
        "/usr/bin/python3"
    } else {
        "python3"
    };
    let run = std::process::Command::new(python)
        .args([
            "-c",
            script,
            path.to_str().unwrap(),
            if bad { "bad" } else { "good" },
        ])
        .output()
        .expect("python3 with openpyxl (Debian python3-openpyxl, installed by .ci/run)");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn a_table_kept_in_wps_imports_whole_or_not_at_all_and_exports_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_sheet(dir.path(), "导入.kaoping");
    let table = dir.path().join("讲座台账.xlsx");
    kept_table(&table, true);
    let before = std::fs::read(&path).unwrap();
    let (code, out, err) = kaoping(&[
        "ledger",
        "import",
        path.to_str().unwrap(),
        "rights.publicity",
        table.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("2015年普法讲座 表第6行 D列（参加妇女人数（人））：参加妇女人数应是整数（人），现为“五十”"),
        "{err}"
    );
    assert!(err.contains("没有导入任何记录"), "{err}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "nothing half-imported, the file untouched"
    );

    kept_table(&table, false);
    let (code, out, err) = kaoping(&[
        "ledger",
        "import",
        path.to_str().unwrap(),
        "rights.publicity",
        table.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("已导入4条讲座"), "{out}");
    let opened = open_sheet(&path, &Catalog::default()).unwrap();
    let dates: Vec<&str> = opened.sheet.ledgers["lectures"]
        .iter()
        .map(|e| e.date.as_str())
        .collect();
    assert_eq!(
        dates,
        ["2015-03-08", "2015-04-12", "2015-06-01", "2015-09-20"]
    );
    let held = &opened.report.item("rights.publicity").unwrap().rules;
    assert_eq!(
        held[0].outcome,
        RuleOutcome::Done(kaoping::scoring::Effect::Deduct(d("0.4")))
    );
    assert_eq!(
        held[1].outcome,
        RuleOutcome::Done(kaoping::scoring::Effect::Deduct(d("0.2")))
    );

    // Exported, the same entries read back as one ledger's table.
    let book = dir.path().join("台账导出.xlsx");
    let (code, _, err) = kaoping(&[
        "ledger",
        "export",
        path.to_str().unwrap(),
        "-o",
        book.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let tables = kaoping::workbook::read_tables(&std::fs::read(&book).unwrap()).unwrap();
    assert!(tables.len() >= 15, "one sheet per ledger of the scheme");
    let ledger = opened
        .ruleset
        .ruleset
        .ledgers
        .iter()
        .find(|l| l.id == "lectures")
        .unwrap();
    let again = kaoping::ledger_book::import(ledger, &tables).unwrap();
    // Imported again (a table exported, kept on in WPS, imported back): nothing is doubled.
    let mut s = session_on(&path);
    assert_eq!(s.import_ledger_entries("lectures", &again).unwrap(), 0);
    assert_eq!(s.sheet().ledgers["lectures"].len(), 4);
    let titles: Vec<&str> = again.iter().map(|d| d.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "城关镇社区家庭律师普法讲座",
            "南江镇社区普法讲座",
            "安定镇社区普法讲座",
            "三市镇社区普法讲座"
        ]
    );
    assert_eq!(again[2].figures["women"], "45");
}

#[test]
fn a_package_carries_the_entries_and_each_entrys_files_and_unpacks_them_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_sheet(dir.path(), "平江县.kaoping");
    let photo = dir.path().join("讲座照片.jpg");
    std::fs::write(&photo, b"\xFF\xD8 a lecture photo").unwrap();
    let sign_in = dir.path().join("签到表.pdf");
    std::fs::write(&sign_in, b"%PDF sign-in sheet").unwrap();
    let (code, out, err) = kaoping(&[
        "ledger",
        "add",
        path.to_str().unwrap(),
        "rights.publicity.held",
        "--date",
        "2015-03-08",
        "--title",
        "城关镇社区普法讲座",
        "--figure",
        "参加妇女人数=60",
        "--file",
        photo.to_str().unwrap(),
        "--file",
        sign_in.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let stored = kaoping::evidence::ledger_file(&path, "lectures", 1, "讲座照片.jpg");
    assert_eq!(std::fs::read(&stored).unwrap(), b"\xFF\xD8 a lecture photo");
    let zip = dir.path().join("提交包.zip");
    let (code, out, err) = kaoping(&[
        "package",
        path.to_str().unwrap(),
        "-o",
        zip.to_str().unwrap(),
    ]);
    assert!(code <= 1, "written (something may be missing): {out}{err}");
    let names: Vec<String> = crate::common::unzip(&zip)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert!(
        names
            .iter()
            .any(|n| n.contains("/台账/1-城关镇社区普法讲座/讲座照片.jpg")),
        "{names:?}"
    );
    // Opened by the office: the entries are the sheet's, their files back in their folders.
    let inbox = tempfile::tempdir().unwrap();
    let received = inbox.path().join("平江县-提交包.zip");
    std::fs::copy(&zip, &received).unwrap();
    let copy =
        kaoping::package::workspace::open_for_review(&received, &Catalog::default()).unwrap();
    assert!(copy.problems.is_empty(), "{:?}", copy.problems);
    let opened = open_sheet(&copy.sheet_path, &Catalog::default()).unwrap();
    let entry = &opened.sheet.ledgers["lectures"][0];
    assert_eq!(entry.files.len(), 2);
    for f in &entry.files {
        let there = kaoping::evidence::ledger_file(&copy.sheet_path, "lectures", 1, &f.stored);
        assert!(there.is_file(), "{}", there.display());
    }
    assert!(
        kaoping::evidence::check_files(&opened.sheet, &opened.ruleset, &copy.sheet_path).is_empty()
    );
}

#[test]
fn an_entry_the_office_does_not_accept_recomputes_its_score_and_reaches_the_opinion() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_sheet(dir.path(), "平江县.kaoping");
    for (day, women) in [
        ("2015-03-08", "60"),
        ("2015-04-12", "55"),
        ("2015-06-01", "45"),
        ("2015-09-20", "70"),
    ] {
        let (code, _, err) = kaoping(&[
            "ledger",
            "add",
            path.to_str().unwrap(),
            "rights.publicity",
            "--date",
            day,
            "--title",
            &format!("社区普法讲座（{day}）"),
            "--figure",
            &format!("参加妇女人数={women}"),
        ]);
        assert_eq!(code, 0, "{err}");
    }
    let mut unit = session_on(&path);
    unit.set_fact("rights.publicity", "judged", Some(n("0.8")));
    unit.save_to(&path).unwrap();
    // What three accepted 讲座 (one of them under 50 women) score, typed.
    let typed = new_sheet(dir.path(), "三场.kaoping");
    let mut t = session_on(&typed);
    t.set_fact("rights.publicity", "held", Some(n("3")));
    t.set_fact("rights.publicity", "small", Some(n("1")));
    t.set_fact("rights.publicity", "judged", Some(n("0.8")));
    let three = t.report().item("rights.publicity").unwrap().score;

    let mut office = Session::new(None);
    office.set_mode(kaoping::document::Mode::Review);
    office.open(&path, &Catalog::default()).unwrap();
    office
        .apply(Edit::StrikeEntry {
            ledger: "lectures".into(),
            id: 1,
            why: Some("没有签到表和活动图片".into()),
        })
        .unwrap();
    let item = &office.sheet().items["rights.publicity"];
    assert_eq!(
        item.reviewed, three,
        "the 考核得分 counts the three accepted"
    );
    assert_eq!(three, Some(d("1.8")));
    assert!(
        item.review_note.contains(
            "不予认定：讲座“社区普法讲座（2015-03-08）”（2015-03-08）：没有签到表和活动图片"
        ),
        "{}",
        item.review_note
    );
    // The unit's own self score is the unit's: untouched.
    assert_eq!(
        office.report().item("rights.publicity").unwrap().score,
        Some(d("2.2"))
    );
    office.save_to(&path).unwrap();
    let mut again = Session::new(None);
    again.set_mode(kaoping::document::Mode::Review);
    again.open(&path, &Catalog::default()).unwrap();
    assert_eq!(
        again.sheet().review.as_ref().unwrap().struck["lectures/1"],
        "没有签到表和活动图片",
        "kept, sealed, as the office's"
    );
    // Taken back: the four count again and the line goes.
    again
        .apply(Edit::StrikeEntry {
            ledger: "lectures".into(),
            id: 1,
            why: None,
        })
        .unwrap();
    let item = &again.sheet().items["rights.publicity"];
    assert_eq!(item.reviewed, Some(d("2.2")));
    assert!(
        !item.review_note.contains("不予认定"),
        "{}",
        item.review_note
    );
}

#[test]
fn a_kept_table_without_a_column_a_derivation_reads_is_refused_by_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_sheet(dir.path(), "缺列.kaoping");
    // 讲座 kept with only 日期 and 事由: 参加妇女人数 is read by 条数(参加妇女人数<50).
    let table = dir.path().join("讲座.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in ["日期", "事由"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "2015-03-08").unwrap();
    ws.write_string(1, 1, "城关镇社区普法讲座").unwrap();
    book.save(&table).unwrap();
    let before = std::fs::read(&path).unwrap();
    let (code, out, err) = kaoping(&[
        "ledger",
        "import",
        path.to_str().unwrap(),
        "rights.publicity",
        table.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("缺少“参加妇女人数”一列（计算时要用）"),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing imported");
}
