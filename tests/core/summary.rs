//! The municipal office's comparison of many sheets, and its exports read back: CSV (with
//! its BOM) by the csv crate, xlsx by calamine, the landscape PDF by lopdf.

use crate::common::*;
use calamine::{Data, Reader, Xlsx};
use kaoping::catalog::{Catalog, load_ruleset_text};
use kaoping::export::{ExportFormat, export, to_csv};
use kaoping::sheet::{Review, ReviewState, open_sheet};
use kaoping::summary::{COL_SELF, COL_UNIT, Cell, SortKey, Summary};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One sheet per unit of the ruleset, seeds differing.
fn all_units(dir: &Path) -> Vec<PathBuf> {
    let ids = unit_ids();
    let pairs: Vec<(&str, u64)> = ids
        .iter()
        .enumerate()
        .map(|(i, u)| (u.as_str(), i as u64 + 100))
        .collect();
    write_unit_sheets(dir, &pairs)
}

/// Unit name → total, by opening each file on its own (not through the summary).
fn totals_by_unit(files: &[PathBuf]) -> BTreeMap<String, Decimal> {
    let catalog = Catalog::default();
    files
        .iter()
        .map(|f| {
            let o = open_sheet(f, &catalog).unwrap();
            (
                o.sheet.unit_name(&o.ruleset).unwrap().to_string(),
                o.report.total,
            )
        })
        .collect()
}

/// Competition ranks (1, 2, 2, 4) of totals, highest first, computed here independently.
fn expected_ranks(totals: &BTreeMap<String, Decimal>) -> BTreeMap<String, u32> {
    totals
        .iter()
        .map(|(u, t)| {
            (
                u.clone(),
                1 + totals.values().filter(|o| *o > t).count() as u32,
            )
        })
        .collect()
}

#[test]
fn thirteen_sheets_give_thirteen_ranked_rows_that_add_up() {
    let dir = tempfile::tempdir().unwrap();
    let files = all_units(dir.path());
    let summary = Summary::from_paths(&[dir.path().to_path_buf()], &Catalog::default());
    assert!(summary.failures.is_empty() && summary.duplicates.is_empty());
    assert!(summary.missing().is_empty());
    assert_eq!(summary.rows.len(), 13);
    let totals = totals_by_unit(&files);
    let ranks = expected_ranks(&totals);
    for row in &summary.rows {
        let s = row.sheet.as_ref().unwrap();
        assert_eq!(s.self_total, totals[&row.unit_name], "{}", row.unit_name);
        assert_eq!(
            s.self_subtotals.iter().copied().sum::<Decimal>(),
            s.self_total
        );
        assert_eq!(row.rank, Some(ranks[&row.unit_name]), "{}", row.unit_name);
        // Saved today, long after the 2015 scheme's deadline (2016-01-12).
        assert_eq!(s.state_text(), "待审核，逾期");
    }
    let table = summary.table(SortKey::default());
    assert_eq!(table.headers.len(), 6 + 7 + 1);
    assert_eq!(table.headers[6].to_string(), "办公室工作（16分）");
    // Typed: the title and the points apart, never a string to split.
    assert_eq!(table.headers[6].title, "办公室工作");
    assert_eq!(table.headers[6].points, Some(Decimal::from(16)));
    let shown_ranks: Vec<Decimal> = table
        .rows
        .iter()
        .map(|r| match &r[0] {
            Cell::Number(n) => *n,
            other => panic!("rank cell {other:?}"),
        })
        .collect();
    assert!(
        shown_ranks.windows(2).all(|w| w[0] <= w[1]),
        "{shown_ranks:?}"
    );
    assert_eq!(shown_ranks[0], Decimal::ONE);
}

#[test]
fn missing_units_duplicates_and_broken_files_are_all_reported() {
    let dir = tempfile::tempdir().unwrap();
    let ids = unit_ids();
    // Ten units submit; 平江县 twice; 3 units do not.
    let mut pairs: Vec<(&str, u64)> = ids[..10].iter().map(|u| (u.as_str(), 1)).collect();
    pairs.push((ids[0].as_str(), 2));
    write_unit_sheets(dir.path(), &pairs);
    std::fs::write(
        dir.path().join("截断.kaoping"),
        "Sheet(format: 1, program: ",
    )
    .unwrap();
    std::fs::write(dir.path().join("图片.kaoping"), [0xff, 0xd8, 0xff, 0x00]).unwrap();
    let mut blank = kaoping::sheet::Sheet::new(&rs2015(), None);
    blank
        .save(&dir.path().join("未选单位.kaoping"), &rs2015())
        .unwrap();
    std::fs::write(dir.path().join("说明.txt"), "not a sheet").unwrap();
    let absent = dir.path().join("不存在.kaoping");

    let summary = Summary::from_paths(
        &[dir.path().to_path_buf(), absent.clone()],
        &Catalog::default(),
    );
    assert_eq!(summary.rows.len(), 14, "13 units, one of them twice");
    let missing = summary.missing();
    let expected_missing: Vec<String> = rs2015().ruleset.units[10..]
        .iter()
        .map(|u| u.name.clone())
        .collect();
    assert_eq!(missing, expected_missing);
    assert_eq!(summary.duplicates.len(), 1);
    assert_eq!(summary.duplicates[0].unit_name, "平江县");
    assert_eq!(summary.duplicates[0].files.len(), 2);
    let dup_rows: Vec<_> = summary.rows.iter().filter(|r| r.duplicate).collect();
    assert_eq!(dup_rows.len(), 2);
    assert!(
        dup_rows
            .iter()
            .all(|r| r.rank.is_none() && r.state_text().starts_with("重复文件"))
    );
    assert!(
        summary
            .rows
            .iter()
            .filter(|r| r.sheet.is_some() && !r.duplicate)
            .all(|r| r.rank.is_some())
    );

    let failed: BTreeMap<String, String> = summary
        .failures
        .iter()
        .map(|f| {
            (
                f.path.file_name().unwrap().to_string_lossy().to_string(),
                f.message.clone(),
            )
        })
        .collect();
    assert_eq!(failed.len(), 4, "{failed:?}");
    assert!(
        failed["截断.kaoping"].contains("截断.kaoping") && failed["截断.kaoping"].contains("第1行")
    );
    assert!(failed["图片.kaoping"].contains("不是考评表文件"));
    assert!(failed["未选单位.kaoping"].contains("还没有选择填报单位"));
    assert_eq!(failed["不存在.kaoping"], "找不到这个文件或文件夹");
    assert!(
        !failed.contains_key("说明.txt"),
        "only .kaoping files are read from a folder"
    );

    let notes = summary.notes();
    assert!(notes.iter().any(|n| n.starts_with("未提交（3个）：")));
    assert!(notes.iter().any(|n| n.starts_with("平江县有2个文件")));
    assert!(
        notes
            .iter()
            .any(|n| n.contains("图片.kaoping") && n.starts_with("未计入"))
    );
}

#[test]
fn ties_share_a_rank_and_an_approved_review_ranks_by_its_reviewed_total() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = rs2015();
    let ids = unit_ids();
    // Two units with exactly the same entries (hence the same total), a third with fewer points.
    let base = kaoping::sample::filled_sheet_for(&loaded, &ids[0], 5);
    for id in &ids[..2] {
        let mut s = base.clone();
        s.unit = Some(id.clone());
        s.save(&dir.path().join(format!("{id}.kaoping")), &loaded)
            .unwrap();
    }
    let mut low = base.clone();
    low.unit = Some(ids[2].clone());
    for e in low.items.values_mut() {
        for f in e.facts.values_mut() {
            if let kaoping::scoring::Fact::Flag(b) = f {
                *b = false;
            }
        }
    }
    let low_path = dir.path().join(format!("{}.kaoping", ids[2]));
    low.save(&low_path, &loaded).unwrap();
    let summary = Summary::from_paths(&[dir.path().to_path_buf()], &Catalog::default());
    let rank = |id: &str| summary.rows.iter().find(|r| r.unit_id == id).unwrap().rank;
    assert_eq!(
        (rank(&ids[0]), rank(&ids[1]), rank(&ids[2])),
        (Some(1), Some(1), Some(3))
    );

    // The office reviews the third unit: full marks on every item, 已审核 → it ranks first.
    let opened = open_sheet(&low_path, &Catalog::default()).unwrap();
    let mut sheet = opened.sheet.clone();
    for item in &opened.report.items {
        sheet
            .items
            .entry(item.item_id.clone())
            .or_default()
            .reviewed = Some(item.points);
    }
    sheet.review = Some(Review {
        state: ReviewState::Pending,
        ..Default::default()
    });
    sheet.save_review(&low_path, "").unwrap();
    let summary = Summary::from_paths(&[dir.path().to_path_buf()], &Catalog::default());
    let row = summary.rows.iter().find(|r| r.unit_id == ids[2]).unwrap();
    assert_eq!(row.sheet.as_ref().unwrap().reviewed_total, Some(d("100")));
    assert_eq!(row.rank, Some(3), "待审核: still ranked by the self score");
    sheet.review.as_mut().unwrap().state = ReviewState::Approved;
    sheet.save_review(&low_path, "").unwrap();
    let summary = Summary::from_paths(&[dir.path().to_path_buf()], &Catalog::default());
    let row = summary.rows.iter().find(|r| r.unit_id == ids[2]).unwrap();
    assert_eq!(row.rank, Some(1));
    assert_eq!(row.sheet.as_ref().unwrap().final_subtotal(0), Some(d("16")));
    assert_eq!(row.state_text(), "已审核，逾期");
    assert_eq!(
        summary
            .rows
            .iter()
            .find(|r| r.unit_id == ids[0])
            .unwrap()
            .rank,
        Some(2)
    );
}

#[test]
fn every_column_sorts_both_ways_with_empty_values_last() {
    let dir = tempfile::tempdir().unwrap();
    let ids = unit_ids();
    let pairs: Vec<(&str, u64)> = ids[..9]
        .iter()
        .enumerate()
        .map(|(i, u)| (u.as_str(), i as u64))
        .collect();
    write_unit_sheets(dir.path(), &pairs);
    let summary = Summary::from_paths(&[dir.path().to_path_buf()], &Catalog::default());
    let columns = summary.headers().len();
    for column in 0..columns {
        for descending in [false, true] {
            let rows = summary.sorted_rows(SortKey { column, descending });
            assert_eq!(rows.len(), 13);
            // 未提交 rows have no scores and no file: last, whichever the direction.
            if column != COL_UNIT && column != 2 && column != 3 {
                assert!(
                    rows[9..].iter().all(|r| r.sheet.is_none()),
                    "column {column}"
                );
            }
        }
    }
    let by_self = summary.sorted_rows(SortKey {
        column: COL_SELF,
        descending: true,
    });
    let totals: Vec<Decimal> = by_self
        .iter()
        .filter_map(|r| r.sheet.as_ref().map(|s| s.self_total))
        .collect();
    assert_eq!(totals.len(), 9);
    assert!(totals.windows(2).all(|w| w[0] >= w[1]), "{totals:?}");
    let ascending = summary.sorted_rows(SortKey {
        column: COL_SELF,
        descending: false,
    });
    let up: Vec<Decimal> = ascending
        .iter()
        .filter_map(|r| r.sheet.as_ref().map(|s| s.self_total))
        .collect();
    assert!(up.windows(2).all(|w| w[0] <= w[1]), "{up:?}");
    let by_unit = summary.sorted_rows(SortKey {
        column: COL_UNIT,
        descending: false,
    });
    let names: Vec<&str> = by_unit.iter().map(|r| r.unit_name.as_str()).collect();
    let official: Vec<String> = rs2015()
        .ruleset
        .units
        .iter()
        .map(|u| u.name.clone())
        .collect();
    assert_eq!(
        names, official,
        "units sort in the official order, not by code point"
    );
}

#[test]
fn folders_are_searched_deeply_and_a_file_named_twice_counts_once() {
    let dir = tempfile::tempdir().unwrap();
    let inner = dir.path().join("邮件附件").join("11月");
    std::fs::create_dir_all(&inner).unwrap();
    let ids = unit_ids();
    let files = write_unit_sheets(&inner, &[(ids[3].as_str(), 1)]);
    // Saving twice leaves a .bak beside it, which is not a second submission.
    let loaded = rs2015();
    let mut again = open_sheet(&files[0], &Catalog::default()).unwrap().sheet;
    again.save(&files[0], &loaded).unwrap();
    assert!(std::fs::read_dir(&inner).unwrap().count() >= 2);
    let summary = Summary::from_paths(
        &[dir.path().to_path_buf(), files[0].clone()],
        &Catalog::default(),
    );
    assert!(summary.duplicates.is_empty(), "{:?}", summary.duplicates);
    assert_eq!(summary.rows.iter().filter(|r| r.sheet.is_some()).count(), 1);
}

#[test]
fn a_sheet_of_another_years_ruleset_is_listed_not_counted() {
    let dir = tempfile::tempdir().unwrap();
    let ids = unit_ids();
    write_unit_sheets(dir.path(), &[(ids[0].as_str(), 1), (ids[1].as_str(), 1)]);
    let text = include_str!("../../rulesets/yueyang-2015.ron")
        .replace("id: \"yueyang-2015\"", "id: \"yueyang-2016\"")
        .replace("year: 2015", "year: 2016");
    let mut catalog = Catalog::default();
    let other = catalog.add(load_ruleset_text(&text, "2016.ron").unwrap());
    assert_eq!(other.ruleset.year, 2016);
    let mut sheet = kaoping::sample::filled_sheet_for(&other, &ids[2], 1);
    sheet
        .save(&dir.path().join("2016.kaoping"), &other)
        .unwrap();
    let summary = Summary::from_paths(&[dir.path().to_path_buf()], &catalog);
    assert_eq!(
        summary.ruleset.ruleset.year, 2015,
        "the ruleset most sheets use"
    );
    assert_eq!(summary.failures.len(), 1);
    assert!(
        summary.failures[0].message.contains("2016年"),
        "{}",
        summary.failures[0].message
    );
    assert!(summary.failures[0].message.contains("未计入"));
}

/// A comparison with a bit of everything, for the exports.
fn mixed(dir: &Path) -> Summary {
    let ids = unit_ids();
    let mut pairs: Vec<(&str, u64)> = ids[..11]
        .iter()
        .enumerate()
        .map(|(i, u)| (u.as_str(), i as u64 + 30))
        .collect();
    pairs.push((ids[4].as_str(), 99));
    let files = write_unit_sheets(dir, &pairs);
    // One unit reviewed and approved, one item changed.
    let opened = open_sheet(&files[1], &Catalog::default()).unwrap();
    let mut sheet = opened.sheet.clone();
    for (i, item) in opened.report.items.iter().enumerate() {
        let own = item.score.unwrap();
        sheet
            .items
            .entry(item.item_id.clone())
            .or_default()
            .reviewed = Some(if i == 3 { Decimal::ZERO } else { own });
    }
    sheet.review = Some(Review {
        state: ReviewState::Approved,
        ..Default::default()
    });
    sheet.save_review(&files[1], "").unwrap();
    std::fs::write(dir.join("坏文件.kaoping"), "Sheet(").unwrap();
    Summary::from_paths(&[dir.to_path_buf()], &Catalog::default())
}

fn decimal_of(f: f64) -> Decimal {
    Decimal::from_str_exact(&format!("{f}"))
        .unwrap()
        .normalize()
}

#[test]
fn csv_has_a_bom_and_the_same_numbers_as_the_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let summary = mixed(dir.path());
    let bytes = export(&summary, SortKey::default(), ExportFormat::Csv).unwrap();
    assert_eq!(&bytes[..3], b"\xef\xbb\xbf", "UTF-8 BOM for Excel/WPS");
    assert!(String::from_utf8(bytes.clone()).unwrap().contains("\r\n"));
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(&bytes[3..]);
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let expected: Vec<String> = summary.headers().iter().map(|h| h.to_string()).collect();
    assert_eq!(headers, expected);
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let rows: Vec<_> = records
        .iter()
        .take_while(|r| r.len() == headers.len())
        .collect();
    assert_eq!(rows.len(), summary.rows.len());
    for row in &summary.rows {
        let Some(s) = &row.sheet else {
            let r = rows.iter().find(|r| r[1] == row.unit_name).unwrap();
            assert_eq!(&r[3], "未提交");
            assert!(r[4].is_empty() && r[5].is_empty());
            continue;
        };
        let file = s.path.file_name().unwrap().to_string_lossy().to_string();
        let r = rows.iter().find(|r| r[headers.len() - 1] == file).unwrap();
        assert_eq!(&r[1], row.unit_name);
        assert_eq!(Decimal::from_str_exact(&r[4]).unwrap(), s.self_total);
        match s.reviewed_total {
            Some(t) => assert_eq!(Decimal::from_str_exact(&r[5]).unwrap(), t),
            None => assert!(r[5].is_empty()),
        }
        for i in 0..7 {
            assert_eq!(
                Decimal::from_str_exact(&r[6 + i]).unwrap(),
                s.final_subtotal(i).unwrap()
            );
        }
    }
    // The notes, then (after an empty line) the 考核意见 as a second table.
    let notes: Vec<String> = records
        .iter()
        .skip(rows.len())
        .take_while(|r| &r[0] != summary.notes_table().title.as_str())
        .filter(|r| r.len() == 1 && !r[0].is_empty())
        .map(|r| r[0].to_string())
        .collect();
    assert_eq!(notes, summary.notes());
    assert!(notes.iter().any(|n| n.contains("坏文件.kaoping")));
    // A unit name or message with a comma or quote stays one field.
    let mut table = summary.table(SortKey::default());
    table.rows[0][1] = Cell::Text("平江县,\"测试\"".into());
    let bytes = to_csv(&table);
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(&bytes[3..]);
    assert_eq!(&r.records().next().unwrap().unwrap()[1], "平江县,\"测试\"");
}

#[test]
fn xlsx_reads_back_with_the_same_numbers_as_the_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let summary = mixed(dir.path());
    let bytes = export(&summary, SortKey::default(), ExportFormat::Xlsx).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(
        book.sheet_names(),
        vec![
            "汇总".to_string(),
            "各项得分".to_string(),
            "考核意见".to_string()
        ]
    );
    let range = book.worksheet_range("汇总").unwrap();
    let cell = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(
        cell(0, 0),
        Data::String("2015年度县市区妇联工作绩效考核汇总表".into())
    );
    let headers: Vec<String> = (0..14).map(|c| cell(1, c).to_string()).collect();
    let expected: Vec<String> = summary.headers().iter().map(|h| h.to_string()).collect();
    assert_eq!(headers, expected);
    let table = summary.table(SortKey::default());
    for (i, row) in table.rows.iter().enumerate() {
        let r = i as u32 + 2;
        for (c, expected) in row.iter().enumerate() {
            let got = cell(r, c as u32);
            match expected {
                Cell::Number(n) => match got {
                    Data::Float(f) => assert_eq!(decimal_of(f), n.normalize(), "row {r} col {c}"),
                    other => panic!("row {r} col {c}: {other:?}"),
                },
                Cell::Text(t) => assert_eq!(got, Data::String(t.clone())),
                Cell::Empty => {
                    assert!(matches!(got, Data::Empty) || got == Data::String(String::new()))
                }
            }
        }
    }
    // Each sheet's self total there is the total of the sheet opened on its own.
    let by_file: BTreeMap<String, Decimal> = summary
        .rows
        .iter()
        .filter_map(|r| r.sheet.as_ref())
        .map(|s| {
            (
                s.path.file_name().unwrap().to_string_lossy().to_string(),
                open_sheet(&s.path, &Catalog::default())
                    .unwrap()
                    .report
                    .total,
            )
        })
        .collect();
    for r in 2..2 + table.rows.len() as u32 {
        if let Data::String(file) = cell(r, 13)
            && let Data::Float(t) = cell(r, 4)
        {
            assert_eq!(decimal_of(t), by_file[&file]);
        }
    }
    let notes_start = table.rows.len() as u32 + 3;
    assert_eq!(cell(notes_start, 0).to_string(), summary.notes()[0]);

    // 各项得分: 44 items, then 合计; two columns per submitted file.
    let detail = book.worksheet_range("各项得分").unwrap();
    let dcell = |r: u32, c: u32| detail.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(dcell(45 + 1, 0), Data::String("合计".into()));
    let sorted = summary.sorted_rows(SortKey::default());
    let submitted: Vec<_> = sorted
        .iter()
        .filter_map(|r| r.sheet.as_ref().map(|s| (*r, s)))
        .collect();
    for (k, (row, s)) in submitted.iter().enumerate() {
        let c = 4 + 2 * k as u32;
        assert!(dcell(0, c).to_string().starts_with(&row.unit_name));
        for (i, (own, reviewed)) in s.item_scores.iter().enumerate() {
            let r = 2 + i as u32;
            match (own, dcell(r, c)) {
                (Some(v), Data::Float(f)) => assert_eq!(decimal_of(f), v.normalize()),
                (None, got) => assert!(matches!(got, Data::Empty | Data::String(_))),
                (v, got) => panic!("item {i}: {v:?} vs {got:?}"),
            }
            if let (Some(v), Data::Float(f)) = (reviewed, dcell(r, c + 1)) {
                assert_eq!(decimal_of(f), v.normalize());
            } else {
                assert!(reviewed.is_none(), "item {i} of {}", row.unit_name);
            }
        }
        match dcell(46, c) {
            Data::Float(f) => assert_eq!(decimal_of(f), s.self_total),
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn the_pdf_is_landscape_a4_with_the_table_and_the_notes() {
    let dir = tempfile::tempdir().unwrap();
    let summary = mixed(dir.path());
    let bytes = export(&summary, SortKey::default(), ExportFormat::Pdf).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let pages = doc.get_pages();
    assert!(!pages.is_empty());
    for (_, id) in pages {
        let page = doc.get_dictionary(id).unwrap();
        let media = page.get(b"MediaBox").unwrap().as_array().unwrap();
        let w = media[2].as_float().unwrap();
        let h = media[3].as_float().unwrap();
        assert!(
            (w - 841.89).abs() < 1.0 && (h - 595.28).abs() < 1.0,
            "{w}×{h}"
        );
    }
    let text = pdf_text(&bytes);
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(squeezed.contains("2015年度县市区妇联工作绩效考核汇总表"));
    for row in &summary.rows {
        assert!(squeezed.contains(&row.unit_name), "{}", row.unit_name);
    }
    assert!(squeezed.contains("未提交"));
    assert!(squeezed.contains("已审核"));
    // Paper names no file and no path: the file that was not counted is counted, not named.
    assert!(!squeezed.contains("坏文件.kaoping") && !squeezed.contains(".kaoping"));
    assert!(!text.contains('/'), "a path on paper:\n{text}");
    assert!(squeezed.contains("另有1个文件未计入"), "{squeezed}");
    let one = summary.rows.iter().find_map(|r| r.sheet.as_ref()).unwrap();
    assert!(squeezed.contains(&kaoping::ruleset::fmt_dec(one.self_total)));
}
