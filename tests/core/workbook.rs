//! Next year's scheme in WPS/Excel: the ruleset as a workbook, exported, edited with openpyxl
//! as the office would edit it, read back cell by cell, its words checked against its numbers.

use crate::common::*;
use kaoping::catalog::{Catalog, RulesetLoadError, load_ruleset_file, load_ruleset_text};
use kaoping::ruleset::RuleKind;
use kaoping::ruleset_check::Severity;
use kaoping::ruleset_diff::diff;
use kaoping::sheet::open_sheet;
use kaoping::workbook::{read_workbook, write_workbook};
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The 2015 scheme exported, then edited by `tests/common/edit_workbook.py` in `mode`.
fn edited(dir: &Path, mode: &str) -> PathBuf {
    let exported = dir.join("2015.xlsx");
    std::fs::write(&exported, write_workbook(&rs2015().ruleset).unwrap()).unwrap();
    let out = dir.join(format!("{mode}.xlsx"));
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/common/edit_workbook.py");
    let run = Command::new(python())
        .args([
            script,
            exported.to_str().unwrap(),
            out.to_str().unwrap(),
            mode,
        ])
        .output()
        .expect("python3 with openpyxl (Debian python3-openpyxl, installed by .ci/run)");
    assert!(
        run.status.success(),
        "edit_workbook.py {mode}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    out
}

fn cell_errors(path: &Path) -> Vec<String> {
    match load_ruleset_file(path) {
        Err(RulesetLoadError::Cells { errors, .. }) => {
            errors.iter().map(|e| e.to_string()).collect()
        }
        other => panic!("expected cell errors, got {other:?}"),
    }
}

#[test]
fn export_then_import_of_2015_is_the_same_scheme_and_scores_the_same() {
    let builtin = rs2015();
    let bytes = write_workbook(&builtin.ruleset).unwrap();
    let read = read_workbook(&bytes).unwrap();
    assert_eq!(read.ruleset, builtin.ruleset);
    assert!(diff(&builtin.ruleset, &read.ruleset).is_empty());
    // The workbook as a ruleset: its RON text reads back as the same scheme, same hash.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("方案.xlsx");
    std::fs::write(&path, &bytes).unwrap();
    let from_book = load_ruleset_file(&path).unwrap();
    let from_text = load_ruleset_text(&from_book.text, "imported.ron").unwrap();
    assert_eq!(from_text.ruleset, builtin.ruleset);
    assert_eq!(from_text.sha256, from_book.sha256);
    // Only the 2015 scheme's own warning (the 信访 sum), placed on the row that wrote it.
    let warnings: Vec<String> = from_book.findings.iter().map(|f| f.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("警告：考核项目 表第") && warnings[0].contains("加分规则合计4分"),
        "{warnings:?}"
    );
    for seed in 1..=30 {
        let sheet = kaoping::sample::filled_sheet(&builtin, seed);
        assert_eq!(
            sheet.evaluate(&builtin),
            sheet.evaluate(&from_book),
            "seed {seed}"
        );
    }
}

#[test]
fn the_command_line_exports_imports_and_checks_a_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("2015考核方案.xlsx");
    let ron = dir.path().join("2015.ron");
    let (code, said, err) = crate::cli::kaoping(&[
        "ruleset",
        "export",
        "yueyang-2015",
        "-o",
        book.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(said.contains("44个项目"), "{said}");
    let (code, said, _) = crate::cli::kaoping(&["check", book.to_str().unwrap()]);
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("0个错误，1个警告"), "{said}");
    let (code, _, err) = crate::cli::kaoping(&[
        "ruleset",
        "import",
        book.to_str().unwrap(),
        "-o",
        ron.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, said, _) =
        crate::cli::kaoping(&["ruleset", "diff", "yueyang-2015", ron.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(said.contains("新增0项，删除0项，修改0项"), "{said}");
    // A second export does not overwrite without --force.
    let (code, _, err) = crate::cli::kaoping(&[
        "ruleset",
        "export",
        "yueyang-2015",
        "-o",
        book.to_str().unwrap(),
    ]);
    assert_ne!(code, 0);
    assert!(err.contains("已存在"), "{err}");
}

#[test]
fn a_2016_workbook_edited_with_openpyxl_checks_previews_and_makes_blank_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let book = edited(dir.path(), "2016");
    let loaded = load_ruleset_file(&book).unwrap();
    let rs = &loaded.ruleset;
    let errors: Vec<String> = loaded
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    // The target and its words changed together: no new warning.
    assert_eq!(loaded.findings.len(), 1, "{:?}", loaded.findings);
    assert_eq!((rs.id.as_str(), rs.year), ("yueyang-2016", 2016));
    assert_eq!(rs.items().count(), 44 + 1 + 2);
    let info = rs.item("office.info").unwrap();
    assert!(
        matches!(&info.rules[0].kind, RuleKind::Shortfall { target: kaoping::ruleset::Target::ByClass(t), .. } if t["county"] == 90)
    );
    assert_eq!(
        rs.item("office.statistics").unwrap().rule_text,
        "未按时完成扣2分"
    );
    assert_eq!(rs.item("office.other").unwrap().points, d("0.5"));
    let bonus = rs.categories.iter().find(|c| c.id == "bonus").unwrap();
    assert!(bonus.is_bonus());
    assert_eq!(rs.bonus_points(), d("5"));
    // ruleset diff shows the words, old → new.
    let changes: Vec<String> = diff(&rs2015().ruleset, rs)
        .iter()
        .map(|c| c.to_string())
        .collect();
    let joined = changes.join("\n");
    assert!(
        joined.contains("考核说明 “没有及时完成扣2分” → “未按时完成扣2分”"),
        "{joined}"
    );
    assert!(
        joined.contains("采用80条") && joined.contains("采用90条"),
        "{joined}"
    );
    assert!(joined.contains("新增：办公室工作 第9项"), "{joined}");
    // The preview reads it as the clerk will see it.
    let watched = kaoping::ruleset_watch::WatchedRuleset::open(&book, || {});
    assert!(watched.current_is_good && watched.last_good.is_some());
    let (_, shown, report) = watched.sheet(false).unwrap();
    assert_eq!(shown.ruleset.id, "yueyang-2016");
    assert_eq!(report.items.len(), 47);
    // 13 blank sheets, one per unit, each opening on a computer that never saw the workbook.
    let out = dir.path().join("空白表");
    let written = kaoping::sheet::blank::write_blank_sheets(&loaded, &out, false).unwrap();
    assert_eq!(written.len(), 13);
    for path in &written {
        let opened = open_sheet(path, &Catalog::default()).unwrap();
        assert_eq!(opened.ruleset.ruleset, *rs);
        assert_eq!(opened.report.items.len(), 47);
        assert!(opened.sheet.unit.is_some());
    }
    // Writing them again into the same folder writes nothing over them.
    let again = kaoping::sheet::blank::write_blank_sheets(&loaded, &out, false).unwrap_err();
    assert!(again.contains("已存在"), "{again}");
    // The 加分项 counts beyond the 100: two 表彰 add 2 (capped at 3), two 推介 add 2 (the
    // cap), on top of whatever the standard items scored.
    let mut sheet = kaoping::sample::filled_sheet(&loaded, 5);
    let set_bonus = |sheet: &mut kaoping::sheet::Sheet, count: &str| {
        for id in ["bonus.1", "bonus.2"] {
            let item = rs.item(id).unwrap();
            let entry = sheet.items.entry(id.to_string()).or_default();
            entry.facts.insert(item.rules[0].id.clone(), n(count));
        }
    };
    set_bonus(&mut sheet, "0");
    let without = sheet.evaluate(&loaded);
    set_bonus(&mut sheet, "2");
    let with = sheet.evaluate(&loaded);
    assert_eq!(with.item("bonus.1").unwrap().score, Some(d("2")));
    assert_eq!(with.bonus(rs), d("4"));
    assert_eq!(without.bonus(rs), Decimal::ZERO);
    assert_eq!(with.total, without.total + d("4"));
    set_bonus(&mut sheet, "9");
    let capped = sheet.evaluate(&loaded);
    assert_eq!(
        capped.bonus(rs),
        d("5"),
        "each 加分项 stops at its own points"
    );
}

#[test]
fn a_typo_in_a_figure_cell_is_reported_with_sheet_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let errors = cell_errors(&edited(dir.path(), "typo"));
    assert_eq!(
        errors,
        vec!["考核项目 表第2行 O列（目标·县市）：应为整数（如 80），现为“八十”".to_string()]
    );
}

#[test]
fn an_unknown_rule_type_is_reported_with_sheet_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let errors = cell_errors(&edited(dir.path(), "unknown"));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("考核项目 表第5行 N列（规则类型）：不认识规则类型“扣分制”")
            && errors[0].contains("未做到扣分"),
        "{errors:?}"
    );
}

#[test]
fn words_that_disagree_with_the_rules_are_warnings_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = load_ruleset_file(&edited(dir.path(), "words")).unwrap();
    let warnings: Vec<String> = loaded.findings.iter().map(|f| f.to_string()).collect();
    let joined = warnings.join("\n");
    assert!(
        joined.contains("考核说明写“每少一条扣1分”，规则“市妇联采用信息”按每条0.5分扣"),
        "{joined}"
    );
    assert!(
        joined.contains("考核内容写“")
            && joined.contains("采用80条”，规则“市妇联采用信息”的目标（县市）为90条"),
        "{joined}"
    );
    // Both on the workbook row of the item.
    assert!(
        warnings
            .iter()
            .filter(|w| w.contains("市妇联采用信息"))
            .all(|w| w.starts_with("警告：考核项目 表第2行")),
        "{joined}"
    );
}

#[test]
fn the_same_disagreements_are_found_in_a_ron_file() {
    let text = include_str!("../../rulesets/yueyang-2015.ron")
        .replace(
            "rule_text: \"没有及时完成扣2分\"",
            "rule_text: \"没有及时完成扣3分\"",
        )
        .replace(
            "年度检查任务完成率达90%；计4分。每低5个百分点",
            "年度检查任务完成率达85%；计4分。每低5个百分点",
        );
    let loaded = load_ruleset_text(&text, "2016.ron").unwrap();
    let joined: Vec<String> = loaded.findings.iter().map(|f| f.to_string()).collect();
    let joined = joined.join("\n");
    assert!(
        joined.contains("考核说明写“没有及时完成扣3分”，规则“及时完成妇联系统统计工作”未做到扣2分"),
        "{joined}"
    );
    assert!(
        joined.contains(
            "考核说明写“年度检查任务完成率达85%”，规则“年度检查任务完成率”按达到90%不扣分"
        ),
        "{joined}"
    );
    // A text the reader cannot interpret is no warning: 按篇数占分值比扣分 states no figure.
    assert!(!joined.contains("调研"), "{joined}");
}

#[test]
fn a_missing_closing_quote_is_reported_where_the_text_starts() {
    let text = include_str!("../../rulesets/yueyang-2015.ron").replace(
        "rule_text: \"没有及时完成扣2分\",",
        "rule_text: \"没有及时完成扣2分,",
    );
    let line = text
        .lines()
        .position(|l| l.contains("没有及时完成扣2分,"))
        .unwrap()
        + 1;
    match load_ruleset_text(&text, "q.ron") {
        Err(RulesetLoadError::Parse(errors)) => {
            assert_eq!(errors.len(), 1);
            assert_eq!(errors[0].line, line);
            assert!(
                errors[0].message.starts_with("缺少结束引号"),
                "{}",
                errors[0]
            );
        }
        other => panic!("expected a parse error, got {other:?}"),
    }
}

#[test]
fn broken_and_hostile_workbooks_get_a_clear_message_and_no_panic() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("空文件", Vec::new()),
        ("文字", "这不是表格".as_bytes().to_vec()),
        (
            "截断",
            write_workbook(&rs2015().ruleset).unwrap()[..3000].to_vec(),
        ),
        ("别的表格", {
            let mut book = rust_xlsxwriter::Workbook::new();
            book.add_worksheet().write_string(0, 0, "汇总").unwrap();
            book.save_to_buffer().unwrap()
        }),
        ("很远的格子", {
            let mut book = rust_xlsxwriter::Workbook::new();
            let s = book.add_worksheet();
            s.set_name("考核项目").unwrap();
            s.write_string(1_000_000, 16_000, "远").unwrap();
            book.save_to_buffer().unwrap()
        }),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(format!("{name}.xlsx"));
        std::fs::write(&path, &bytes).unwrap();
        let e = load_ruleset_file(&path).unwrap_err().to_string();
        assert!(
            e.contains("考核方案表格") || e.contains("工作簿"),
            "{name}: {e}"
        );
    }
}

#[test]
fn a_percent_typed_as_such_is_the_percent_the_author_sees() {
    let dir = tempfile::tempdir().unwrap();
    let path = edited(dir.path(), "percent");
    let loaded = load_ruleset_file(&path).unwrap();
    let item = loaded.ruleset.item("development.screening").unwrap();
    let rate = item.all_rules().find(|r| r.id == "rate").unwrap();
    match &rate.kind {
        RuleKind::RateStep { threshold, .. } => assert_eq!(*threshold, Decimal::from(90)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_formula_without_its_result_is_named_as_one_and_not_as_a_missing_value() {
    let dir = tempfile::tempdir().unwrap();
    let errors = cell_errors(&edited(dir.path(), "formula"));
    let formula: Vec<&String> = errors.iter().filter(|e| e.contains("公式")).collect();
    assert_eq!(formula.len(), 1, "{errors:?}");
    assert!(
        formula[0].contains("考核项目 表第") && formula[0].contains("“=40*2”"),
        "{errors:?}"
    );
    assert!(formula[0].contains("没有保存计算结果"), "{errors:?}");
    assert!(!errors.iter().any(|e| e.contains("缺少目标")), "{errors:?}");
}

#[test]
fn english_never_reaches_a_workbook_message() {
    let dir = tempfile::tempdir().unwrap();
    let exported = dir.path().join("2015.xlsx");
    std::fs::write(&exported, write_workbook(&rs2015().ruleset).unwrap()).unwrap();
    let entries = unzip(&exported);
    type Parts = Vec<(String, Vec<u8>)>;
    let cases: Vec<(&str, Parts)> = vec![
        (
            "no _rels",
            entries
                .iter()
                .filter(|(n, _)| n != "_rels/.rels")
                .cloned()
                .collect(),
        ),
        (
            "no 考核项目 part",
            entries
                .iter()
                .filter(|(n, _)| n != "xl/worksheets/sheet6.xml")
                .cloned()
                .collect(),
        ),
        (
            "an entity in the shared strings",
            entries
                .iter()
                .map(|(n, b)| {
                    if n == "xl/sharedStrings.xml" {
                        let t = String::from_utf8(b.clone()).unwrap();
                        (n.clone(), t.replacen("<t>", "<t>&bogus;", 1).into_bytes())
                    } else {
                        (n.clone(), b.clone())
                    }
                })
                .collect(),
        ),
    ];
    for (what, entries) in cases {
        let path = dir.path().join(format!("方案{}.xlsx", what.len()));
        rezip(&path, &entries);
        let message = match load_ruleset_file(&path) {
            Err(e) => e.to_string(),
            Ok(_) => panic!("{what}: taken"),
        };
        let lower = message.to_lowercase();
        for english in [
            "error",
            "not found",
            "larger than",
            "declared",
            "worksheet",
            "file not",
            "index",
            "unrecognized",
            "entity",
            "invalid",
            "unexpected",
        ] {
            assert!(!lower.contains(english), "{what}: “{english}” in {message}");
        }
        assert!(message.contains("文件可能"), "{what}: {message}");
    }
}

#[test]
fn hidden_rows_and_columns_holding_something_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let errors = cell_errors(&edited(dir.path(), "hidden"));
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("单位 表第") && e.contains("这一行是隐藏的")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("考核项目 表") && e.contains("这一列是隐藏的")),
        "{errors:?}"
    );
}

#[test]
fn ruleset_diff_names_category_points_a_new_bonus_category_and_the_deadlines_words() {
    let dir = tempfile::tempdir().unwrap();
    let new = load_ruleset_file(&edited(dir.path(), "2016")).unwrap();
    let old = rs2015();
    let lines: Vec<String> = diff(&old.ruleset, &new.ruleset)
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert!(
        lines
            .iter()
            .any(|l| l.contains("新增加分项类别（不计入总分，另加）：加分项目（5分，2项）")),
        "{lines:#?}"
    );
    // Points of two categories moved, and the deadline's wording.
    let mut moved = old.ruleset.clone();
    moved.categories[2].points = d("13");
    moved.categories[6].points = d("15");
    if let Some(deadline) = &mut moved.deadline {
        deadline.reading = "通知：请于1月15日前报送".into();
    }
    let lines: Vec<String> = diff(&old.ruleset, &moved)
        .iter()
        .map(|c| c.to_string())
        .collect();
    let name = |i: usize| old.ruleset.categories[i].name.clone();
    assert!(
        lines
            .iter()
            .any(|l| l.contains(&format!("{} 14分 → 13分", name(2)))),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains(&format!("{} 14分 → 15分", name(6)))),
        "{lines:#?}"
    );
    assert!(
        lines.iter().any(|l| l.contains("截止日期的说明")),
        "{lines:#?}"
    );
}

#[test]
fn every_finding_of_a_workbook_at_once_a_bad_cell_spoils_its_row_not_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = edited(dir.path(), "many");
    let message = match load_ruleset_file(&path) {
        Err(e @ RulesetLoadError::Cells { .. }) => e.to_string(),
        other => panic!("{other:?}"),
    };
    // The typo, the formula without a result, and — from the check of the usable rows — the
    // category whose points no longer add up, all in one go.
    assert!(
        message.contains("U列（扣分/计分）：应为数字") && message.contains("“0。5”"),
        "{message}"
    );
    assert!(message.contains("这一格是公式“=1+0”"), "{message}");
    assert!(
        message.contains("各项目标准分合计17分，与类别分值16分不符"),
        "{message}"
    );
    // The row whose 标准分 could not be read is not blamed again for lacking one.
    assert!(!message.contains("标准分必须大于0"), "{message}");
    let (code, out, _) = crate::cli::kaoping_with(
        Command::new(env!("CARGO_BIN_EXE_kaoping")).args(["check", path.to_str().unwrap()]),
    );
    assert_eq!(code, 1);
    assert!(
        out.contains("各项目标准分合计17分") && out.contains("检查结果：3个错误"),
        "{out}"
    );
}

#[test]
fn a_number_with_thirty_decimals_is_said_as_typed_never_as_zero() {
    let dir = tempfile::tempdir().unwrap();
    let errors = cell_errors(&edited(dir.path(), "tiny"));
    assert!(
        errors
            .iter()
            .any(|e| e.contains("U列（扣分/计分）：小数位太多") && e.contains("“1e-30”")),
        "{errors:?}"
    );
    assert!(!errors.iter().any(|e| e.contains("现为0")), "{errors:?}");
}

#[test]
fn the_ledger_sheets_say_a_wrong_cell_by_row_and_column_and_a_wrong_derivation_on_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = edited(dir.path(), "ledgers");
    let message = match load_ruleset_file(&path) {
        Err(e @ RulesetLoadError::Cells { .. }) => e.to_string(),
        other => panic!("{other:?}"),
    };
    // The field type, by its sheet, row and column; the feed of a ledger that is not there;
    // and — from the check of what could be read — the derivation naming a value 性别 lacks.
    let said = |w: &str| message.contains(w);
    assert!(
        said("台账 表第")
            && said("F列（字段类型）：字段类型“整数”不认识：请写 数量、金额、是否、选项、文字"),
        "{message}"
    );
    assert!(
        said("A列（台账编号）：台账表中没有编号为“讲座台账”的台账"),
        "{message}"
    );
    assert!(said("条件“性别=女性”：性别只能是女、男"), "{message}");
    assert!(said("台账 表第"), "{message}");
}
