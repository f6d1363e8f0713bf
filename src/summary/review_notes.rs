//! What the unit and the office wrote about each item (自评说明, 考核意见, a 考核得分 other than the
//! self score), for the 考核意见 sheet of the xlsx and the second table of the CSV.

use super::{Cell, Summary, Table};
use rust_decimal::Decimal;

/// What the unit and the office wrote about one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemNote {
    /// 办公室工作 第1项（及时报送信息…）.
    pub place: String,
    pub self_score: Option<Decimal>,
    pub reviewed: Option<Decimal>,
    /// 自评说明.
    pub unit_note: String,
    /// 考核意见.
    pub review_note: String,
}

impl Summary {
    /// The 考核意见 of every unit counted, item by item (unit, item, self score, 考核得分,
    /// 自评说明, 考核意见): a sheet of the xlsx and a part of the CSV.
    pub fn notes_table(&self) -> Table {
        let score = |d: Option<Decimal>| d.map(Cell::Number).unwrap_or(Cell::Empty);
        let rows = self
            .rows
            .iter()
            .filter_map(|r| r.sheet.as_ref().map(|s| (r, s)))
            .flat_map(|(r, s)| {
                s.item_notes.iter().map(move |n| {
                    vec![
                        Cell::Text(r.unit_name.clone()),
                        Cell::Text(n.place.clone()),
                        score(n.self_score),
                        score(n.reviewed),
                        Cell::Text(n.unit_note.clone()),
                        Cell::Text(n.review_note.clone()),
                    ]
                })
            })
            .collect();
        Table {
            title: format!("{}年度考核意见", self.ruleset.ruleset.year),
            headers: [
                "单位",
                "项目",
                "自查得分",
                "考核得分",
                "自评说明",
                "考核意见",
            ]
            .into_iter()
            .map(crate::table::Column::plain)
            .collect(),
            rows,
            notes: Vec::new(),
        }
    }
}

/// The items of a sheet worth a line in the 考核意见 sheet of the exports.
pub(super) fn item_notes(
    o: &crate::sheet::OpenedSheet,
    rs: &crate::ruleset::Ruleset,
) -> Vec<ItemNote> {
    let mut out = Vec::new();
    for cat in &rs.categories {
        for item in &cat.items {
            let Some(result) = o.report.items.iter().find(|r| r.item_id == item.id) else {
                continue;
            };
            let entry = o.sheet.items.get(&item.id);
            let unit_note = entry.map(|e| e.note.trim().to_string()).unwrap_or_default();
            let review_note = entry
                .map(|e| e.review_note.trim().to_string())
                .unwrap_or_default();
            let differs = result.reviewed.is_some() && result.reviewed != result.score;
            if unit_note.is_empty() && review_note.is_empty() && !differs {
                continue;
            }
            out.push(ItemNote {
                place: crate::ruleset::item_title(cat, item),
                self_score: result.score,
                reviewed: result.reviewed,
                unit_note,
                review_note,
            });
        }
    }
    out
}

/// Where a unit lost points on one item, for the 通报: the points lost on the basis it ranks
/// by (考核得分 once 已审核, else the self score), what the rules said and the 考核意见.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loss {
    /// 办公室工作 第1项（及时报送信息…）.
    pub place: String,
    pub lost: Decimal,
    /// The rules that took points (or gave none), the manual score's reason, in words.
    pub why: Vec<String>,
    /// 考核意见, when the office wrote one.
    pub review_note: String,
}

/// Every item of a sheet that lost points, largest loss first (ties in the scheme's order).
pub(super) fn losses(
    o: &crate::sheet::OpenedSheet,
    rs: &crate::ruleset::Ruleset,
    reviewed: bool,
) -> Vec<Loss> {
    use crate::scoring::{Effect, ExplanationKind, RuleOutcome};
    let mut out = Vec::new();
    for row in o.report.rows(rs) {
        let result = row.result;
        let scored = if reviewed {
            result.reviewed
        } else {
            result.score
        };
        let Some(scored) = scored else { continue };
        let lost = result.points - scored;
        if lost <= Decimal::ZERO {
            continue;
        }
        // A judged part below its points is part of the loss too (评定0.2分 of 1): every
        // rule that gave less than it could is named, so the reasons add up to the loss.
        let judged_below = |rule_id: &str, got: Decimal| {
            row.item.all_rules().any(|r| {
                r.id == rule_id
                    && matches!(&r.kind, crate::ruleset::RuleKind::Judgement { points, .. } if got < *points)
            })
        };
        let mut why: Vec<String> = result
            .rules
            .iter()
            .filter(|r| match &r.outcome {
                RuleOutcome::Done(Effect::Deduct(d)) => !d.is_zero(),
                RuleOutcome::Done(Effect::Award(a)) => a.is_zero() || judged_below(&r.rule_id, *a),
                _ => false,
            })
            .filter_map(|r| r.explanation.clone())
            .collect();
        // The office took more than the unit's own rules did: said with both scores.
        if reviewed
            && let (Some(own), Some(r)) = (result.score, result.reviewed)
            && r < own
        {
            why.push(format!(
                "市妇联审核另扣{}分（自查{}分，考核{}分）",
                crate::ruleset::fmt_dec(own - r),
                crate::ruleset::fmt_dec(own),
                crate::ruleset::fmt_dec(r)
            ));
        }
        why.extend(
            result
                .explanations
                .iter()
                .filter(|e| e.kind == ExplanationKind::Manual)
                .map(|e| e.text.clone()),
        );
        let review_note = o
            .sheet
            .items
            .get(&row.item.id)
            .map(|e| e.review_note.trim().to_string())
            .unwrap_or_default();
        out.push(Loss {
            place: crate::ruleset::item_title(row.category, row.item),
            lost,
            why,
            review_note,
        });
    }
    // Stable: equal losses keep the scheme's order.
    out.sort_by_key(|l| std::cmp::Reverse(l.lost));
    out
}
