//! What `kaoping score` prints: the sheet's scores in words for people, or JSON for scripts.

use crate::ruleset::fmt_dec;
use crate::scoring::{ProblemKind, SheetReport};
use crate::sheet::OpenedSheet;
use serde_json::json;

fn kind_zh(kind: ProblemKind) -> &'static str {
    match kind {
        ProblemKind::Error => "错误",
        ProblemKind::Warning => "警告",
        ProblemKind::Unfilled => "未填",
    }
}

/// The `score --json` document; decimals are strings so no script reads them as floats.
pub fn score_json(opened: &OpenedSheet) -> serde_json::Value {
    let rs = &opened.ruleset.ruleset;
    let report: &SheetReport = &opened.report;
    let items: Vec<_> = report
        .rows(rs)
        .map(|row| {
            let (cat, item, r) = (row.category, row.item, row.result);
            json!({
                "id": item.id,
                "category": cat.id,
                "content": item.content,
                "rule_text": item.rule_text,
                "points": fmt_dec(item.points),
                "self_score": r.score.map(fmt_dec),
                "computed": r.computed.map(fmt_dec),
                "manual": r.manual,
                "reviewed": r.reviewed.map(fmt_dec),
                "status": r.status.label(),
                "explanations": r.explanations,
            })
        })
        .collect();
    let categories: Vec<_> = report
        .categories
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "name": c.name,
                "points": fmt_dec(c.points),
                "subtotal": fmt_dec(c.subtotal),
                "unscored": c.unscored,
            })
        })
        .collect();
    let problems: Vec<_> = report
        .problems
        .iter()
        .map(|p| {
            json!({
                "kind": kind_zh(p.kind),
                "item": p.item,
                "rule": p.rule,
                "location": p.location,
                "message": p.message,
                "confirmed": p.question.as_ref().map(|q| q.confirmed),
            })
        })
        .collect();
    json!({
        "ruleset": { "id": rs.id, "version": rs.version, "sha256": opened.ruleset.sha256 },
        "year": opened.sheet.year,
        "unit": opened.sheet.unit,
        "unit_name": opened.sheet.unit_name(&opened.ruleset),
        "contact": { "name": opened.sheet.contact.name, "phone": opened.sheet.contact.phone },
        "saved_at": opened.sheet.saved_at,
        "program": opened.sheet.program,
        // The 内容指纹 is the one printed on every page (first 8 characters there); the
        // file's own SHA-256 changes with every save stamp and is named apart.
        "content_fingerprint": opened.sheet.content_fingerprint(),
        "file_sha256": opened.fingerprint,
        "items": items,
        "categories": categories,
        "total": fmt_dec(report.total),
        "complete": report.complete,
        "review": {
            "state": opened.sheet.review_state().label(),
            "reason": opened.sheet.review.as_ref().map(|r| r.reason.clone()).unwrap_or_default(),
            "saved_at": opened.sheet.review.as_ref().map(|r| r.saved_at.clone()).unwrap_or_default(),
            // Only a review of every item has a total; before, how far it has got.
            "reviewed_total": report.complete_reviewed_total().map(fmt_dec),
            "reviewed_items": report.review_progress().reviewed,
            "items": report.items.len(),
            "first_submitted_at": opened.sheet.review.as_ref().map(|r| r.first_submitted_at.clone()).unwrap_or_default(),
            "history": opened.sheet.review.as_ref().map(|r| r.history_words(&opened.ruleset)).unwrap_or_default(),
            "recheck": opened.sheet.review.as_ref().map(|r| r.recheck.keys().cloned().collect::<Vec<_>>()).unwrap_or_default(),
        },
        "problems": problems,
        "discrepancies": opened.discrepancies,
        "notices": opened.notices,
    })
}

pub(super) fn score_text(opened: &OpenedSheet) -> String {
    use std::fmt::Write as _;
    let rs = &opened.ruleset.ruleset;
    let report = &opened.report;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}\n填报单位：{}    联系人：{}    电话：{}\n考核规则：{} 版本 {}    保存于：{}    内容指纹 {}",
        rs.title,
        opened
            .sheet
            .unit_name(&opened.ruleset)
            .unwrap_or("（未选）"),
        opened.sheet.contact.name,
        opened.sheet.contact.phone,
        rs.id,
        rs.version,
        if opened.sheet.saved_at.is_empty() {
            "（未保存）"
        } else {
            &opened.sheet.saved_at
        },
        opened
            .sheet
            .content_fingerprint()
            .get(..8)
            .unwrap_or_default()
    );
    let mut last_category: Option<&str> = None;
    for row in report.rows(rs) {
        let (cat, item, r, idx) = (row.category, row.item, row.result, row.place);
        if last_category != Some(cat.id.as_str()) {
            last_category = Some(&cat.id);
            let (subtotal, unscored) = report
                .category(&cat.id)
                .map_or((Default::default(), 0), |c| (c.subtotal, c.unscored));
            let _ = writeln!(
                s,
                "\n{}（{}分）  小计 {}{}",
                cat.name,
                fmt_dec(cat.points),
                fmt_dec(subtotal),
                if unscored > 0 {
                    format!("（{unscored}项未得分）")
                } else {
                    String::new()
                }
            );
        }
        let content = if item.content.is_empty() {
            &item.rule_text
        } else {
            &item.content
        };
        let _ = writeln!(
            s,
            "  {}. {}  标准分 {}  自查得分 {}{}",
            idx + 1,
            ellipsis(content, 30),
            fmt_dec(item.points),
            r.score
                .map(fmt_dec)
                .unwrap_or_else(|| r.status.label().into()),
            if r.manual { "（手动）" } else { "" }
        );
        for e in &r.explanations {
            let _ = writeln!(s, "       {e}");
        }
        for note in &r.rule_notes {
            let _ = writeln!(s, "       规则说明：{note}");
        }
    }
    let unscored: usize = report.categories.iter().map(|c| c.unscored).sum();
    let _ = writeln!(
        s,
        "\n合计：{} / {}{}",
        fmt_dec(report.total),
        fmt_dec(rs.total_points),
        if unscored > 0 {
            format!("（{unscored}项未得分，不计入）")
        } else {
            String::new()
        }
    );
    let progress = report.review_progress();
    if opened.sheet.review.is_some() || progress.reviewed > 0 {
        let review = opened.sheet.review.clone().unwrap_or_default();
        let state = format!(
            "审核状态：{}{}",
            review.state.label(),
            if review.reason.trim().is_empty() {
                String::new()
            } else {
                format!("，原因：{}", review.reason.trim())
            }
        );
        match report.complete_reviewed_total() {
            Some(r) => {
                let _ = writeln!(s, "考核得分合计：{}（{state}）", fmt_dec(r));
            }
            None => {
                let _ = writeln!(
                    s,
                    "考核得分：{}（{state}；已审的{}项考核得分{}，这些项自查得分{}）",
                    progress.in_progress_words(),
                    progress.reviewed,
                    fmt_dec(progress.reviewed_sum),
                    fmt_dec(progress.self_sum)
                );
            }
        }
        let history = review.history_words(&opened.ruleset);
        if !history.is_empty() {
            let _ = writeln!(s, "审核记录：{}", history.join(" → "));
        }
        for (id, lines) in &review.recheck {
            if review.needs_recheck(&opened.sheet, id) {
                let _ = writeln!(
                    s,
                    "需重审：{}：{}",
                    crate::sheet::changes::item_name(&opened.ruleset, id),
                    lines.join("；")
                );
            }
        }
    }
    if !opened.discrepancies.is_empty() {
        let _ = writeln!(s, "\n文件中的得分与规则不符（文件可能被改动过）：");
        for d in &opened.discrepancies {
            let _ = writeln!(s, "  {d}");
        }
    }
    for n in &opened.notices {
        let _ = writeln!(s, "\n注意：{n}");
    }
    if !report.problems.is_empty() {
        let _ = writeln!(
            s,
            "\n问题（{}个错误，{}个警告，{}处未填）：",
            report.count(ProblemKind::Error),
            report.count(ProblemKind::Warning),
            report.count(ProblemKind::Unfilled)
        );
        for p in &report.problems {
            let _ = writeln!(s, "  {p}");
        }
    }
    s
}

fn ellipsis(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max).collect();
        t.push('…');
        t
    }
}
