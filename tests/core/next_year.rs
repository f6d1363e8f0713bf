//! Next year's scheme without a programmer: copied from 2015, edited, checked, compared,
//! sent out as blank sheets that carry it, filled, and compared again at the municipal office.

use crate::common::*;
use kaoping::catalog::{Catalog, load_ruleset_text, remember, usable};
use kaoping::ruleset_diff::{ChangeKind, diff};
use kaoping::sheet::{Sheet, SheetError, open_sheet};
use std::path::Path;
use std::process::Command;

/// The program with its data folder (remembered rulesets) in `data`, not the user's.
fn kaoping_in(data: &Path, args: &[&str]) -> (i32, String, String) {
    crate::cli::kaoping_with(
        Command::new(env!("CARGO_BIN_EXE_kaoping"))
            .env("KAOPING_DATA_DIR", data)
            .args(args),
    )
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

fn loaded_2016() -> kaoping::catalog::LoadedRuleset {
    usable(load_ruleset_text(TEXT_2016, "yueyang-2016.ron").unwrap()).unwrap()
}

#[test]
fn ruleset_new_then_the_edits_give_the_2016_fixture() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("2016.ron");
    let (code, said, err) = kaoping_in(
        dir.path(),
        &[
            "ruleset",
            "new",
            "--from",
            "yueyang-2015",
            "--year",
            "2016",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        said.contains("yueyang-2016 版本 1.0.0") && said.contains("44个项目"),
        "{said}"
    );
    let copied = std::fs::read_to_string(&out).unwrap();
    // Comments and readings are kept; id, year, title and deadline moved on.
    assert!(copied.contains("// Rule kinds:") && copied.contains("reading: \"市妇联采用"));
    assert!(copied.contains("    year: 2016,\n") && copied.contains("date: \"2017-01-12\""));
    assert_eq!(edit_into_2016(&copied), TEXT_2016);
    // A second run does not overwrite without --force.
    let (code, _, err) = kaoping_in(
        dir.path(),
        &[
            "ruleset",
            "new",
            "--from",
            "yueyang-2015",
            "--year",
            "2016",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("已存在"), "{err}");
}

#[test]
fn check_lists_an_authors_mistakes_at_once_with_their_lines() {
    let dir = tempfile::tempdir().unwrap();
    // Two unknown fields: both listed, each with its line, in one run.
    let text = text_2016_with_two_unknown_fields();
    let path = dir.path().join("有错.ron");
    std::fs::write(&path, &text).unwrap();
    let (code, out, _) = kaoping_in(dir.path(), &["check", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    let first = format!("错误：第{}行", line_of(&text, "isuer_phone"));
    let second = format!("错误：第{}行", line_of(&text, "note: \"新增\""));
    assert!(out.contains(&first) && out.contains("isuer_phone"), "{out}");
    assert!(
        out.contains(&second) && out.contains("没有字段“note”"),
        "{out}"
    );
    assert!(out.contains("检查结果：2个错误"), "{out}");

    // It reads, but the points do not add up and an id repeats: both, with lines.
    let text = TEXT_2016
        .replacen(
            "rule_text: \"未开通扣1分\",\n                    points: \"1\"",
            "rule_text: \"未开通扣1分\",\n                    points: \"2\"",
            1,
        )
        .replacen("id: \"office.online\"", "id: \"office.internal\"", 1);
    std::fs::write(&path, &text).unwrap();
    let (code, out, _) = kaoping_in(dir.path(), &["check", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("各项目标准分合计17分，与类别分值16分不符"),
        "{out}"
    );
    let dup_line = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("id: \"office.internal\""))
        .map(|(n, _)| n + 1)
        .max()
        .unwrap();
    assert!(
        out.contains(&format!(
            "第{dup_line}行，考核项目：项目 id “office.internal”重复"
        )),
        "{out}"
    );
    assert!(out.contains("检查结果：2个错误"), "{out}");
}

#[test]
fn diff_lists_added_removed_and_changed_items_by_id() {
    let old = kaoping::catalog::default_ruleset();
    let new = loaded_2016();
    let changes = diff(&old.ruleset, &new.ruleset);
    let of = |kind: ChangeKind| -> Vec<&str> {
        changes
            .iter()
            .filter(|c| c.kind == kind)
            .filter_map(|c| c.item.as_deref())
            .collect()
    };
    assert_eq!(of(ChangeKind::Added), ["office.online"]);
    assert_eq!(of(ChangeKind::Removed), ["office.meetings"]);
    assert_eq!(of(ChangeKind::Changed), ["office.info", "office.march8"]);
    let info = changes
        .iter()
        .find(|c| c.item.as_deref() == Some("office.info"))
        .unwrap();
    assert!(
        info.text.contains("县市80/城区50/功能区30") && info.text.contains("县市90"),
        "{info}"
    );
    let march8 = changes
        .iter()
        .find(|c| c.item.as_deref() == Some("office.march8"))
        .unwrap();
    // The words, old → new, not only that they changed.
    assert!(
        march8
            .text
            .contains("考核说明 “无汇报材料扣1分” → “无汇报材料或活动图片扣1分”"),
        "{march8}"
    );
    assert!(
        changes
            .iter()
            .any(|c| c.to_string() == "规则：年度 2015 → 2016")
    );
    // Nothing else: the other 41 items are the same.
    assert_eq!(
        changes.iter().filter(|c| c.item.is_some()).count(),
        4,
        "{changes:#?}"
    );
    // The same file against itself: nothing.
    assert!(diff(&new.ruleset, &new.ruleset).is_empty());

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2016.ron");
    std::fs::write(&path, TEXT_2016).unwrap();
    let (code, out, _) = kaoping_in(
        dir.path(),
        &["ruleset", "diff", "yueyang-2015", path.to_str().unwrap()],
    );
    assert_eq!(code, 0);
    assert!(
        out.contains("新增：办公室工作 第6项（开通并维护本级妇联微信公众号"),
        "{out}"
    );
    assert!(
        out.contains("删除：办公室工作 第6项（参加省、市妇联召开的各种会议"),
        "{out}"
    );
    assert!(out.ends_with("新增1项，删除1项，修改2项\n"), "{out}");
    let (code, _, err) = kaoping_in(
        dir.path(),
        &["ruleset", "diff", "yueyang-2014", path.to_str().unwrap()],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("没有 id 为“yueyang-2014”的考核规则") && err.contains("yueyang-2015"),
        "{err}"
    );
}

#[test]
fn blank_sheets_for_all_units_carry_the_ruleset_and_open_with_nothing_installed() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("2016.ron");
    std::fs::write(&rules, TEXT_2016).unwrap();
    let out = dir.path().join("发各单位");
    let (code, said, err) = kaoping_in(
        dir.path(),
        &[
            "new",
            "--ruleset",
            rules.to_str().unwrap(),
            "--all-units",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(said.contains("新建13份空白考评表"), "{said}");
    let mut files: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 13);
    assert!(
        out.join("平江县妇联-2016年度绩效考核自评.kaoping")
            .is_file()
    );
    // Each opens with the built-in rules alone: the 2016 text travels inside.
    let mut units = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        assert!(
            text.contains("format: 3,") && text.contains("ruleset_text: Some("),
            "{}",
            f.display()
        );
        let opened = open_sheet(f, &Catalog::default()).unwrap();
        assert_eq!(opened.ruleset.ruleset.id, "yueyang-2016");
        assert!(opened.notices.is_empty(), "{:?}", opened.notices);
        units.push(opened.sheet.unit.clone().unwrap());
    }
    units.sort();
    let mut all = unit_ids();
    all.sort();
    assert_eq!(units, all);
    // Again without --force: refused before any is written.
    let (code, _, err) = kaoping_in(
        dir.path(),
        &[
            "new",
            "--ruleset",
            rules.to_str().unwrap(),
            "--all-units",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("一个也没有写"), "{err}");
}

#[test]
fn a_sheet_on_the_builtin_rules_carries_no_text_and_keeps_format_2() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = rs2015();
    let path = dir.path().join("a.kaoping");
    Sheet::new(&loaded, Some("pingjiang".into()))
        .save(&path, &loaded)
        .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("format: 2,") && !text.contains("ruleset_text"),
        "{text}"
    );
}

#[test]
fn a_carried_ruleset_edited_in_the_file_is_refused_and_a_conflict_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = std::sync::Arc::new(loaded_2016());
    let path = dir.path().join("a.kaoping");
    let mut sheet = Sheet::new(&loaded, Some("junshan".into()));
    sheet.save(&path, &loaded).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();

    // The carried text changed (a target lowered) without its hash: refused, nothing scored.
    let edited = text.replacen("\\\"county\\\": 90", "\\\"county\\\": 10", 1);
    assert_ne!(edited, text, "the carried text is escaped inside the sheet");
    let bad = dir.path().join("b.kaoping");
    std::fs::write(&bad, &edited).unwrap();
    match open_sheet(&bad, &Catalog::default()) {
        Err(SheetError::Invalid { message, .. }) => {
            assert!(
                message.contains("随表附带的考核规则与表中记录的不符"),
                "{message}"
            )
        }
        other => panic!("opened an edited carried ruleset: {other:?}"),
    }

    // This computer has another text under the same id and version: both named, in a notice
    // that says the sheet is scored by its own copy.
    let other_text = TEXT_2016.replacen("\"county\": 90", "\"county\": 85", 1);
    let mut catalog = Catalog::default();
    catalog.add(usable(load_ruleset_text(&other_text, "别的2016.ron").unwrap()).unwrap());
    let opened = open_sheet(&path, &catalog).unwrap();
    assert_eq!(opened.ruleset.sha256, loaded.sha256);
    let conflict = opened.ruleset.conflict.clone().expect("a conflict");
    assert!(
        conflict.starts_with("考核规则冲突") && conflict.contains("版本 1.0.0"),
        "{conflict}"
    );
    assert!(opened.notices.iter().any(|n| n == &conflict));
    // With the same text known, it is simply used.
    let mut same = Catalog::default();
    let known = same.add(loaded_2016());
    let opened = open_sheet(&path, &same).unwrap();
    assert!(std::sync::Arc::ptr_eq(&opened.ruleset, &known));
    assert!(opened.ruleset.conflict.is_none());
}

#[test]
fn opened_rulesets_are_remembered_by_id_version_and_hash() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("rulesets");
    let first = remember(&folder, &loaded_2016()).unwrap();
    assert!(
        first
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("yueyang-2016-1.0.0-")
    );
    // Remembering again writes nothing new; another text of the same version is a second file.
    assert_eq!(remember(&folder, &loaded_2016()).unwrap(), first);
    let other = usable(
        load_ruleset_text(
            &TEXT_2016.replacen("\"county\": 90", "\"county\": 85", 1),
            "x",
        )
        .unwrap(),
    )
    .unwrap();
    let second = remember(&folder, &other).unwrap();
    assert_ne!(first, second);
    // A broken file in the folder is left out and said; the others load.
    std::fs::write(folder.join("坏的.ron"), "Ruleset(").unwrap();
    let (catalog, skipped) = Catalog::with_remembered(&folder);
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert_eq!(
        catalog
            .rulesets
            .iter()
            .filter(|r| r.ruleset.id == "yueyang-2016")
            .count(),
        2
    );
    assert_eq!(catalog.usable().len(), 3);
    // The command line finds a remembered ruleset by its id.
    let (code, out, err) = kaoping_in(
        dir.path(),
        &["ruleset", "diff", "yueyang-2015", "yueyang-2016"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("新增1项"), "{out}");
}

#[test]
fn the_municipal_office_compares_the_13_returned_2016_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = std::sync::Arc::new(loaded_2016());
    for (seed, unit) in unit_ids().iter().enumerate() {
        let mut sheet = kaoping::sample::filled_sheet_for(&loaded, unit, seed as u64 + 1);
        sheet
            .save(&dir.path().join(format!("{unit}.kaoping")), &loaded)
            .unwrap();
    }
    // A 2015 sheet in the same folder: listed, not ranked with the 2016 ones.
    let old = rs2015();
    let mut stray = kaoping::sample::filled_sheet_for(&old, "pingjiang", 3);
    stray
        .save(&dir.path().join("旧的2015.kaoping"), &old)
        .unwrap();
    let summary =
        kaoping::summary::Summary::from_paths(&[dir.path().to_path_buf()], &Catalog::default());
    assert_eq!(summary.ruleset.ruleset.id, "yueyang-2016");
    assert_eq!(summary.rows.len(), 13);
    assert!(
        summary
            .rows
            .iter()
            .all(|r| r.sheet.is_some() && r.rank.is_some())
    );
    assert_eq!(summary.failures.len(), 1);
    assert!(
        summary.failures[0].message.contains("2015年")
            && summary.failures[0].message.contains("未计入")
    );
}

#[test]
fn the_preview_rereads_the_file_when_its_author_saves_it() {
    use kaoping::ruleset_watch::WatchedRuleset;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2016.ron");
    std::fs::write(&path, TEXT_2016).unwrap();
    let told = std::sync::Arc::new(AtomicUsize::new(0));
    let counter = told.clone();
    let mut w = WatchedRuleset::open(&path, move || {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    assert_eq!(w.watch_failed, None);
    assert!(w.current_is_good && w.readings == 1, "{:?}", w.lines);
    assert_eq!((w.errors(), w.warnings()), (0, 1));
    assert!(!w.poll(), "nothing changed yet");
    let score_of = |w: &WatchedRuleset| {
        let (_, _, report) = w.sheet(true).unwrap();
        report
            .items
            .iter()
            .find(|i| i.item_id == "office.info")
            .unwrap()
            .score
    };
    let before = score_of(&w);

    // Saved the way many editors save: a new file renamed over the old one.
    let save = |text: &str| {
        let tmp = dir.path().join(".2016.ron.swp");
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
    };
    let wait_for_reading = |w: &mut WatchedRuleset| {
        for _ in 0..200 {
            if w.poll() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(25));
        }
        panic!("the change was not seen");
    };
    // A mistake: the last good reading stays on screen, the errors are listed with lines.
    save(&TEXT_2016.replacen("total_points: \"100\"", "total_points: \"99\"", 1));
    wait_for_reading(&mut w);
    // The file's new size may be seen before the watch's word arrives; it must arrive.
    for _ in 0..200 {
        if told.load(Ordering::SeqCst) > 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    assert!(told.load(Ordering::SeqCst) > 0, "the watch told the window");
    assert!(!w.current_is_good);
    assert_eq!(w.errors(), 1, "{:?}", w.lines);
    assert!(
        w.lines
            .iter()
            .any(|l| l.error && l.line == Some(line_of(TEXT_2016, "total_points:")))
    );
    assert!(w.last_good.is_some());
    // Mended, with the target raised again: the sample-filled sheet's score moves.
    save(&TEXT_2016.replacen("\"county\": 90", "\"county\": 200", 1));
    wait_for_reading(&mut w);
    assert!(w.current_is_good, "{:?}", w.lines);
    assert!(w.readings >= 3);
    let after = score_of(&w);
    assert!(after.is_some() && before.is_some());
    // Only a county's target moved; the sample unit of seed 1 decides whether it is one.
    let (loaded, sheet, _) = w.sheet(true).unwrap();
    let class = &loaded
        .ruleset
        .unit(sheet.unit.as_deref().unwrap())
        .unwrap()
        .class;
    if class == "county" {
        assert!(after < before, "{before:?} → {after:?}");
    } else {
        assert_eq!(after, before);
    }
    // The blank sheet has no score at all.
    let (_, _, blank) = w.sheet(false).unwrap();
    assert!(
        blank
            .items
            .iter()
            .all(|i| i.score.is_none() || i.item_id.is_empty())
    );
}

#[test]
fn two_years_are_set_side_by_side_by_item_id_never_ranked_together() {
    let dir = tempfile::tempdir().unwrap();
    let new = std::sync::Arc::new(loaded_2016());
    let old = rs2015();
    let mut expected = std::collections::BTreeMap::new();
    for (seed, unit) in unit_ids().iter().enumerate() {
        let mut s16 = kaoping::sample::filled_sheet_for(&new, unit, seed as u64 + 1);
        s16.save(&dir.path().join(format!("2016-{unit}.kaoping")), &new)
            .unwrap();
        let mut s15 = kaoping::sample::filled_sheet_for(&old, unit, seed as u64 + 40);
        s15.save(&dir.path().join(format!("2015-{unit}.kaoping")), &old)
            .unwrap();
        // The common items: all but 2015's office.meetings and 2016's office.online.
        let sum =
            |sheet: &Sheet, loaded: &kaoping::catalog::LoadedRuleset| -> rust_decimal::Decimal {
                sheet
                    .evaluate(loaded)
                    .items
                    .iter()
                    .filter(|i| i.item_id != "office.meetings" && i.item_id != "office.online")
                    .map(|i| i.score.unwrap())
                    .sum()
            };
        expected.insert(unit.clone(), (sum(&s15, &old), sum(&s16, &new)));
    }
    // The ordinary comparison ranks one scheme and says the other is there.
    let summary =
        kaoping::summary::Summary::from_paths(&[dir.path().to_path_buf()], &Catalog::default());
    assert_eq!(
        summary.other_schemes.len(),
        1,
        "{:?}",
        summary.other_schemes
    );
    assert_eq!(summary.other_schemes[0].1, 13);
    let notes = summary.notes_by_kind();
    assert!(
        notes
            .iter()
            .any(|(_, n)| n.contains("不同规则的表不一起排名") && n.contains("13个文件")),
        "{notes:#?}"
    );

    let table =
        kaoping::summary::across_years_from_paths(&[dir.path().to_path_buf()], &Catalog::default())
            .unwrap();
    assert_eq!(
        table
            .headers
            .iter()
            .map(|h| h.to_string())
            .collect::<Vec<_>>(),
        [
            "单位",
            "2015年总分",
            "2016年总分",
            "2015年共同项目",
            "2016年共同项目",
            "共同项目变化（2016年−2015年）"
        ]
    );
    assert_eq!(table.rows.len(), 13);
    let rs = &new.ruleset;
    for row in &table.rows {
        let name = row[0].to_string();
        let unit = rs.units.iter().find(|u| u.name == name).unwrap();
        let (c15, c16) = expected[&unit.id];
        assert_eq!(
            row[3],
            kaoping::table::Cell::Number(c15.normalize()),
            "{name}"
        );
        assert_eq!(
            row[4],
            kaoping::table::Cell::Number(c16.normalize()),
            "{name}"
        );
        assert_eq!(
            row[5],
            kaoping::table::Cell::Number((c16 - c15).normalize()),
            "{name}"
        );
    }
    assert!(table.notes[0].contains("共43个"), "{:?}", table.notes);
    assert!(
        table
            .notes
            .iter()
            .any(|n| n.starts_with("不在共同项目中的2015年项目：办公室工作 第6项（参加省、市妇联"))
    );
    assert!(
        table
            .notes
            .iter()
            .any(|n| n.starts_with("不在共同项目中的2016年项目：办公室工作 第6项（开通并维护"))
    );

    // The command line prints it; one scheme alone has nothing to set beside.
    let (code, out, err) = kaoping_in(
        dir.path(),
        &["summary", "--across-years", dir.path().to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("县市区妇联工作绩效考核年度对照表（2015年、2016年）\n单位\t2015年总分"),
        "{out}"
    );
    let only = tempfile::tempdir().unwrap();
    let mut one = kaoping::sample::filled_sheet_for(&old, "pingjiang", 1);
    one.save(&only.path().join("a.kaoping"), &old).unwrap();
    let (code, _, err) = kaoping_in(
        dir.path(),
        &["summary", "--across-years", only.path().to_str().unwrap()],
    );
    assert_eq!(code, 2);
    assert!(err.contains("都按同一份考核规则填写"), "{err}");
}
