//! The municipal office's review on paper: after the table of a reviewed sheet, pages of
//! 考核意见 — the 审核状态 (with the 退回原因 and the review's history), then every item the
//! office scored differently or commented on, numbered as on the sheet, with the unit's and the
//! office's scores and the 考核意见 in words, and a line for 审核人 and 日期.

use super::{
    BODY_PT, BOTTOM, MARGIN_X, Measure, Page, PrintModel, TITLE_PT, TOP, line_height, mm,
    table_right, wrap,
};

/// The review as printed, in words.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PrintReview {
    /// 待审核 / 已审核 / 退回修改.
    pub state: String,
    /// 退回原因, when returned.
    pub reason: String,
    /// The review's history, one line each (2026-12-01 退回修改：…).
    pub history: Vec<String>,
    /// Items with a 考核意见 or a 考核得分 other than the self score.
    pub items: Vec<PrintReviewItem>,
    /// Who scored each category (维权工作：张三、李四), when the review recorded it.
    pub scorers: Vec<String>,
}

/// One item of the 考核意见.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintReviewItem {
    /// 办公室工作 第1项（及时报送信息…）.
    pub place: String,
    pub self_score: String,
    pub reviewed: String,
    pub note: String,
    /// 审核人 of the item in words (张三（维权工作评分表 12月7日10:31分发，2026-12-07）).
    pub scored_by: String,
}

const HEAD_PT: f32 = 12.0;
const LINE_PT_TEXT: f32 = 10.0;

/// The pages of 考核意见 for `review` (feet are drawn by the caller, who knows the count).
pub(super) fn pages(model: &PrintModel, review: &PrintReview, m: &dyn Measure) -> Vec<Page> {
    let width = table_right() - MARGIN_X;
    let mut lines: Vec<(f32, String)> = Vec::new();
    let para = |lines: &mut Vec<(f32, String)>, size: f32, text: &str| {
        for l in wrap(m, text, width, size) {
            lines.push((size, l));
        }
    };
    para(
        &mut lines,
        LINE_PT_TEXT,
        &format!("审核状态：{}", review.state),
    );
    if !review.reason.is_empty() {
        para(
            &mut lines,
            LINE_PT_TEXT,
            &format!("退回原因：{}", review.reason),
        );
    }
    if !review.history.is_empty() {
        para(
            &mut lines,
            LINE_PT_TEXT,
            &format!("审核记录：{}", review.history.join(" → ")),
        );
    }
    if !review.scorers.is_empty() {
        para(
            &mut lines,
            LINE_PT_TEXT,
            &format!("评分：{}", review.scorers.join("；")),
        );
    }
    lines.push((LINE_PT_TEXT, String::new()));
    if review.items.is_empty() {
        para(
            &mut lines,
            LINE_PT_TEXT,
            "各项考核得分与自查得分相同，没有考核意见。",
        );
    }
    for (n, item) in review.items.iter().enumerate() {
        let scores = if item.reviewed.is_empty() {
            format!("自查{}分，尚无考核得分", item.self_score)
        } else {
            format!("自查{}分，考核{}分", item.self_score, item.reviewed)
        };
        let mut note = if item.note.is_empty() {
            String::new()
        } else {
            format!("。考核意见：{}", item.note)
        };
        if !item.scored_by.is_empty() {
            note.push_str(&format!("。审核人：{}", item.scored_by));
        }
        para(
            &mut lines,
            BODY_PT,
            &format!("{}. {}：{scores}{note}", n + 1, item.place),
        );
    }
    lines.push((LINE_PT_TEXT, String::new()));
    lines.push((
        11.0,
        "审核人：________________        日期：______年____月____日".into(),
    ));

    let mut pages = vec![Page::default()];
    let title = format!("考核意见（{}）", model.unit);
    let head = |page: &mut Page| {
        let w = m.width_mm(&title, HEAD_PT);
        page.text(
            (super::PAGE_W - w) / 2.0,
            TOP - mm(TITLE_PT),
            HEAD_PT,
            title.clone(),
        );
        TOP - mm(TITLE_PT) - 10.0
    };
    let mut y = head(&mut pages[0]);
    for (size, text) in lines {
        let pitch = line_height(size) + 0.6;
        if y - pitch < BOTTOM {
            let mut next = Page::default();
            y = head(&mut next);
            pages.push(next);
        }
        if let Some(page) = pages.last_mut() {
            page.text(MARGIN_X, y, size, text);
        }
        y -= pitch;
    }
    pages
}
