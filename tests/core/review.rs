//! The municipal office's review inside a sheet file: 考核得分 per item, the review state,
//! and a save that leaves the unit's own part exactly as the unit saved it.

use crate::common::*;
use kaoping::catalog::Catalog;
use kaoping::scoring::{ProblemKind, ReviewDifference};
use kaoping::sheet::{Review, ReviewState, Sheet, open_sheet, parse_sheet};

fn unit_sheet(dir: &std::path::Path) -> std::path::PathBuf {
    write_unit_sheets(dir, &[("pingjiang", 7)]).remove(0)
}

/// The unit's part of a sheet: everything but the review and the 考核得分 entries.
fn unit_part(sheet: &Sheet) -> Sheet {
    let mut s = sheet.clone();
    s.review = None;
    for e in s.items.values_mut() {
        e.reviewed = None;
        e.review_note.clear();
    }
    s
}

#[test]
fn a_saved_review_keeps_the_units_part_and_still_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let path = unit_sheet(dir.path());
    let catalog = Catalog::default();
    let before = open_sheet(&path, &catalog).unwrap();
    assert!(before.discrepancies.is_empty());
    assert_eq!(before.sheet.review_state(), ReviewState::Pending);
    assert_eq!(before.report.reviewed_total, None);

    let mut sheet = before.sheet.clone();
    // The office accepts every self score but takes one point off the first item.
    let mut expected = rust_decimal::Decimal::ZERO;
    for (i, item) in before.report.items.iter().enumerate() {
        let own = item.score.unwrap();
        let reviewed = if i == 0 {
            (own - d("1")).max(d("0"))
        } else {
            own
        };
        expected += reviewed;
        let e = sheet.items.entry(item.item_id.clone()).or_default();
        e.reviewed = Some(reviewed);
        if i == 0 {
            e.review_note = "会议记录不全".into();
        }
    }
    sheet.review = Some(Review {
        state: ReviewState::Approved,
        ..Default::default()
    });
    sheet.save_review(&path, "").unwrap();

    let after = open_sheet(&path, &catalog).unwrap();
    assert!(after.discrepancies.is_empty(), "{:?}", after.discrepancies);
    assert!(after.notices.is_empty(), "{:?}", after.notices);
    assert_eq!(unit_part(&after.sheet), unit_part(&before.sheet));
    assert_eq!(after.sheet.saved_at, before.sheet.saved_at);
    assert_eq!(after.sheet.ruleset, before.sheet.ruleset);
    assert_eq!(after.sheet.computed, before.sheet.computed);
    let review = after.sheet.review.clone().unwrap();
    assert_eq!(review.state, ReviewState::Approved);
    assert!(!review.saved_at.is_empty() && review.program.starts_with("kaoping"));
    assert_eq!(after.report.total, before.report.total);
    assert_eq!(after.report.reviewed_total, Some(expected.normalize()));
    assert_eq!(
        after.sheet.items[&before.report.items[0].item_id].review_note,
        "会议记录不全"
    );
    let differing: Vec<_> = after
        .report
        .items
        .iter()
        .filter(|i| i.review_difference() != Some(ReviewDifference::Same))
        .collect();
    if before.report.items[0].score.unwrap() > d("0") {
        assert_eq!(differing.len(), 1);
        assert_eq!(differing[0].item_id, before.report.items[0].item_id);
        let own = before.report.items[0].score.unwrap();
        let expected = (own - d("1")).max(d("0")) - own;
        assert_eq!(
            differing[0].review_difference(),
            Some(ReviewDifference::By(expected.normalize()))
        );
    } else {
        assert!(differing.is_empty());
    }
    assert_eq!(
        after.report.review_total_difference(),
        Some((expected - after.report.total).normalize())
    );
    assert!(
        after
            .sheet
            .review_problems(&after.ruleset, &after.report)
            .is_empty()
    );
}

#[test]
fn review_problems_name_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let opened = open_sheet(&unit_sheet(dir.path()), &Catalog::default()).unwrap();
    let mut sheet = opened.sheet.clone();
    let first = opened.report.items[0].item_id.clone();
    sheet.items.get_mut(&first).unwrap().reviewed = Some(d("1"));
    let report = sheet.evaluate(&opened.ruleset);
    let problems = sheet.review_problems(&opened.ruleset, &report);
    assert_eq!(problems.len(), 43, "43 items still without 考核得分");
    assert!(
        problems
            .iter()
            .all(|p| p.kind == ProblemKind::Unfilled && p.message == "未填考核得分")
    );
    assert!(
        problems
            .iter()
            .all(|p| p.item.as_deref() != Some(first.as_str()))
    );
    assert_eq!(problems[0].location, "办公室工作 第2项");

    sheet.review = Some(Review {
        state: ReviewState::Approved,
        ..Default::default()
    });
    let problems = sheet.review_problems(&opened.ruleset, &report);
    assert!(problems.iter().any(|p| p.kind == ProblemKind::Error
        && p.message == "已审核的表每项都要有考核得分，还有43项没有"));

    sheet.review = Some(Review {
        state: ReviewState::Returned,
        reason: "  ".into(),
        ..Default::default()
    });
    let problems = sheet.review_problems(&opened.ruleset, &report);
    assert!(
        problems
            .iter()
            .any(|p| p.message == "退回修改时请填写退回原因")
    );
    sheet.review.as_mut().unwrap().reason = "维权工作第3项无佐证材料".into();
    let problems = sheet.review_problems(&opened.ruleset, &report);
    assert!(!problems.iter().any(|p| p.location == "审核状态"));
}

#[test]
fn a_reviewed_score_out_of_range_or_too_precise_is_an_error_on_its_item() {
    let dir = tempfile::tempdir().unwrap();
    let opened = open_sheet(&unit_sheet(dir.path()), &Catalog::default()).unwrap();
    let mut sheet = opened.sheet.clone();
    let item = &opened.report.items[0];
    for (bad, says) in [
        ("-1", "须在0到"),
        ("999", "须在0到"),
        ("0.125", "最多两位小数"),
    ] {
        sheet.items.get_mut(&item.item_id).unwrap().reviewed = Some(d(bad));
        let report = sheet.evaluate(&opened.ruleset);
        let r = report.item(&item.item_id).unwrap();
        assert_eq!(r.reviewed, None, "{bad} is not counted");
        assert!(
            r.problems.iter().any(|p| p.kind == ProblemKind::Error
                && p.message.starts_with("考核得分")
                && p.message.contains(says)),
            "{bad}: {:?}",
            r.problems
        );
        assert_eq!(report.reviewed_total, None);
    }
}

#[test]
fn a_sealed_review_does_not_survive_a_change_to_the_units_part() {
    let dir = tempfile::tempdir().unwrap();
    let path = unit_sheet(dir.path());
    let catalog = Catalog::default();
    let mut sheet = open_sheet(&path, &catalog).unwrap().sheet;
    sheet.review = Some(Review {
        state: ReviewState::Returned,
        reason: "请补充材料".into(),
        ..Default::default()
    });
    sheet.save_review(&path, "").unwrap();
    let returned = open_sheet(&path, &catalog).unwrap();
    assert_eq!(
        returned.refused_review, None,
        "the office's own review is taken"
    );
    assert_eq!(returned.sheet.review_state(), ReviewState::Returned);
    // Saved again by anyone with the unit's part unchanged: still the office's review.
    let mut same = returned.sheet.clone();
    same.save(&path, &returned.ruleset).unwrap();
    assert_eq!(
        open_sheet(&path, &catalog).unwrap().sheet.review_state(),
        ReviewState::Returned
    );
    // The unit changes a fact and saves the file that holds the office's review: the seal
    // covered the content it judged, so the review no longer counts.
    let mut changed = returned.sheet.clone();
    changed.contact.name = "另一个人".into();
    changed.save(&path, &returned.ruleset).unwrap();
    let again = open_sheet(&path, &catalog).unwrap();
    assert_eq!(again.sheet.review, None);
    let refused = again.refused_review.clone().unwrap();
    assert_eq!(refused.why, kaoping::office_key::SealCheck::Altered);
    assert_eq!(refused.claimed, ReviewState::Returned);
    assert!(
        again
            .notices
            .iter()
            .any(|n| n.contains("不是本处的审核，已不采用"))
    );
}

#[test]
fn a_file_from_before_reviews_existed_opens_as_pending() {
    let dir = tempfile::tempdir().unwrap();
    let path = unit_sheet(dir.path());
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("review: None"));
    let old: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("review:"))
        .collect::<Vec<_>>()
        .join("\n");
    let sheet = parse_sheet(&old, "old.kaoping").unwrap();
    assert_eq!(sheet.review, None);
    assert_eq!(sheet.review_state(), ReviewState::Pending);
    assert_eq!(
        ReviewState::ALL.map(|s| s.label()),
        ["待审核", "已审核", "退回修改"]
    );
}

#[test]
fn the_difference_is_reviewed_minus_self_or_marks_a_missing_self_score() {
    let dir = tempfile::tempdir().unwrap();
    let opened = open_sheet(&unit_sheet(dir.path()), &Catalog::default()).unwrap();
    let loaded = opened.ruleset.clone();
    let mut sheet = opened.sheet.clone();
    let id = opened.report.items[1].item_id.clone(); // office.research, 3 points
    let own = opened.report.items[1].score.unwrap();
    for (reviewed, expected) in [
        (own, ReviewDifference::Same),
        (
            d("0"),
            if own.is_zero() {
                ReviewDifference::Same
            } else {
                ReviewDifference::By(-own)
            },
        ),
        (
            d("3"),
            if own == d("3") {
                ReviewDifference::Same
            } else {
                ReviewDifference::By((d("3") - own).normalize())
            },
        ),
    ] {
        sheet.items.get_mut(&id).unwrap().reviewed = Some(reviewed);
        let report = sheet.evaluate(&loaded);
        assert_eq!(
            report.item(&id).unwrap().review_difference(),
            Some(expected)
        );
    }
    // No self score (the unit's inputs cleared): the office's score stands alone.
    sheet.items.get_mut(&id).unwrap().facts.clear();
    let report = sheet.evaluate(&loaded);
    assert_eq!(
        report.item(&id).unwrap().review_difference(),
        Some(ReviewDifference::NoSelfScore)
    );
    sheet.items.get_mut(&id).unwrap().reviewed = None;
    let report = sheet.evaluate(&loaded);
    assert_eq!(report.item(&id).unwrap().review_difference(), None);
}
