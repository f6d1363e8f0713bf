//! The 考核通报: the assessment's outcome as the 执委会 reads it, made from the comparison
//! (`Summary`) — ranks overall and within each class (ties equal), grades or awards when set,
//! each category's standing (单项第一, class averages), each unit's main deductions in words,
//! and year over year when last year's sheets are given. A model only: `document` words it
//! as one document of blocks, which `pdf`, `docx` and the window draw. It carries nothing
//! that belongs to a computer (no paths, no ids, no command names).

pub mod chart;
pub mod document;
pub mod docx;
pub mod grading;
pub mod pdf;

use crate::ruleset::{Ruleset, fmt_dec};
use crate::summary::{Loss, Summary, UnitRow};
pub use chart::Chart;
pub use document::{Block, Document};
pub use grading::Grading;
use rust_decimal::Decimal;

/// The 通报's two files: for print, and for editing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulletinFile {
    Pdf,
    Word,
}

impl BulletinFile {
    pub fn extension(self) -> &'static str {
        match self {
            BulletinFile::Pdf => "pdf",
            BulletinFile::Word => "docx",
        }
    }

    /// By a path's extension (.pdf, .docx).
    pub fn of(path: &std::path::Path) -> Option<BulletinFile> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "pdf" => Some(BulletinFile::Pdf),
            "docx" => Some(BulletinFile::Word),
            _ => None,
        }
    }

    /// The file's bytes (and for a PDF its page count).
    pub fn write(self, b: &Bulletin) -> Result<(Vec<u8>, Option<usize>), String> {
        match self {
            BulletinFile::Pdf => {
                let out = pdf::render_bulletin(b);
                Ok((out.bytes, Some(out.pages)))
            }
            BulletinFile::Word => docx::write_docx(b).map(|bytes| (bytes, None)),
        }
    }
}

/// What the office chooses for this 通报.
#[derive(Debug, Clone, Default)]
pub struct BulletinOptions {
    /// The date printed under the title (2016年1月20日).
    pub date: String,
    /// Grades or awards for this 通报 only (the scheme defines none).
    pub grading: Option<Grading>,
    /// Last year's comparison, for year over year.
    pub previous: Option<Summary>,
}

/// One ranked unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    pub unit: String,
    pub class: String,
    /// 1 = best overall; shared on a tie.
    pub rank: u32,
    /// Within its class; shared on a tie.
    pub class_rank: u32,
    pub total: Decimal,
    /// Its total is the 考核得分 (已审核); else the self score.
    pub reviewed: bool,
    pub grade: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassRanking {
    pub name: String,
    pub rows: Vec<Ranked>,
    /// The class's average total, when any unit of it ranks.
    pub average: Option<Decimal>,
}

/// One category across the units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryStanding {
    pub name: String,
    pub points: Decimal,
    /// Each ranked unit's points in it, in the overall order.
    pub scores: Vec<(String, Decimal)>,
    /// 单项第一: the best (several on a tie).
    pub best: Vec<String>,
    pub class_averages: Vec<(String, Decimal)>,
}

/// A unit's main deductions, in words, largest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitLosses {
    pub unit: String,
    pub total: Decimal,
    /// 办公室工作 第1项（及时报送信息…）失4分：市妇联采用信息：…；考核意见：…
    pub lines: Vec<String>,
}

/// A unit's total and rank last year and this year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearRow {
    pub unit: String,
    pub previous: Option<(Decimal, u32)>,
    pub current: Option<(Decimal, u32)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bulletin {
    /// 2015年度县市区妇联工作绩效考核情况通报.
    pub title: String,
    pub issuer: String,
    pub date: String,
    /// 征求意见稿: some unit with a file is not 已审核 yet.
    pub draft: bool,
    /// Units whose review is not finished (待审核, 退回修改), named.
    pub pending: Vec<String>,
    /// Categories not yet scored for every unit received (儿童工作已评9个单位，共13个).
    pub unscored: Vec<String>,
    /// Units that submitted late, each with how (its first submission's day; 重新提交逾期).
    pub late: Vec<String>,
    /// The scheme's deadline (YYYY-MM-DD), or empty.
    pub deadline: String,
    /// One sentence: what the ranks rest on.
    pub basis: String,
    pub overall: Vec<Ranked>,
    pub classes: Vec<ClassRanking>,
    /// Units without a rank, each with why (未提交, 重复报送…).
    pub unranked: Vec<(String, String)>,
    pub categories: Vec<CategoryStanding>,
    pub losses: Vec<UnitLosses>,
    /// Last year's year, and the rows (only when last year's sheets were given).
    pub years: Option<(u16, Vec<YearRow>)>,
    /// The most a unit can score: the total plus any 加分项.
    pub max_points: Decimal,
}

/// How many of a unit's losses the 通报 names.
const LOSSES_SHOWN: usize = 5;

/// Competition ranks (1, 2, 2, 4) of `totals`, in their order.
pub fn competition_ranks(totals: &[Decimal]) -> Vec<u32> {
    totals
        .iter()
        .map(|t| totals.iter().filter(|o| *o > t).count() as u32 + 1)
        .collect()
}

fn average(values: &[Decimal]) -> Option<Decimal> {
    if values.is_empty() {
        return None;
    }
    let sum = values
        .iter()
        .fold(Decimal::ZERO, |a, v| a.saturating_add(*v));
    Some(crate::scoring::round_score(
        sum / Decimal::from(values.len()),
    ))
}

fn ranked_rows(s: &Summary) -> Vec<&UnitRow> {
    let mut rows: Vec<&UnitRow> = s
        .rows
        .iter()
        .filter(|r| r.rank.is_some() && !r.duplicate)
        .collect();
    rows.sort_by_key(|r| (r.rank, r.order));
    rows
}

/// Why a unit has no rank, in the 通报's words.
fn why_unranked(r: &UnitRow) -> Option<String> {
    if r.rank.is_some() && !r.duplicate {
        return None;
    }
    Some(match (&r.sheet, r.duplicate) {
        (None, _) if r.unreadable => "报送的文件无法读取".into(),
        (None, _) => "未报送".into(),
        (Some(_), true) => "重复报送，待核实".into(),
        (Some(s), false) if !s.package_problems.is_empty() => "提交包与清单不符，待核实".into(),
        (Some(_), false) => "报送的是空白表".into(),
    })
}

impl Bulletin {
    /// The 通报 of a comparison: the ranks, the classes, what the ranks rest on and who is
    /// still under review, the units without a rank, the categories, the losses and, when
    /// last year's sheets are given, the years side by side.
    pub fn from_summary(s: &Summary, options: &BulletinOptions) -> Bulletin {
        let rs: &Ruleset = &s.ruleset.ruleset;
        let ranked = ranked_rows(s);
        let overall = overall_ranking(rs, &ranked, options);
        let pending = pending_units(s);
        let received = units_received(s);
        let reviewed = overall.iter().filter(|r| r.reviewed).count();
        // Scored by the departments: a category some unit lacks keeps it a 征求意见稿, said
        // in words (儿童工作已评9个单位，共13个).
        let by_departments = s
            .rows
            .iter()
            .filter_map(|r| r.sheet.as_ref())
            .any(|x| x.by_departments);
        let unscored: Vec<String> = if by_departments {
            s.scoring_progress()
                .iter()
                .filter(|p| !p.done())
                .map(|p| {
                    format!(
                        "{}已评{}个单位，共{}个",
                        p.category,
                        p.scored.len(),
                        p.scored.len() + p.open.len()
                    )
                })
                .collect()
        } else {
            Vec::new()
        };
        let mut basis = basis(rs, received, reviewed, overall.len(), options);
        if by_departments {
            // Said before the closing 。 of the basis.
            basis.pop();
            basis.push_str("；考核得分由各部门分别评分，办公室汇总。");
        }
        Bulletin {
            title: format!("{}年度县市区妇联工作绩效考核情况通报", rs.year),
            issuer: rs.issuer.clone(),
            date: options.date.clone(),
            draft: !pending.is_empty() || !unscored.is_empty() || received == 0,
            pending,
            unscored,
            basis,
            classes: class_rankings(rs, &overall),
            unranked: unranked_units(s),
            categories: category_standings(rs, &ranked),
            losses: main_losses(&ranked),
            years: options
                .previous
                .as_ref()
                .map(|p| year_over_year(rs, p, &overall)),
            overall,
            late: late_units(s),
            deadline: rs
                .deadline
                .as_ref()
                .map(|d| d.date.clone())
                .unwrap_or_default(),
            max_points: rs.total_points.saturating_add(rs.bonus_points()),
        }
    }
}

/// Every ranked unit with its rank overall and within its class, graded by this 通报's
/// grades, else the scheme's own.
fn overall_ranking(rs: &Ruleset, ranked: &[&UnitRow], options: &BulletinOptions) -> Vec<Ranked> {
    let totals: Vec<Decimal> = ranked
        .iter()
        .filter_map(|r| r.sheet.as_ref().map(|x| x.final_total()))
        .collect();
    let mut overall: Vec<Ranked> = ranked
        .iter()
        .zip(competition_ranks(&totals))
        .filter_map(|(r, rank)| {
            let sheet = r.sheet.as_ref()?;
            Some(Ranked {
                unit: r.unit_name.clone(),
                class: r.class_name.clone(),
                rank,
                class_rank: 0,
                total: sheet.final_total(),
                reviewed: sheet.approved(),
                grade: None,
            })
        })
        .collect();
    rank_within_classes(rs, &mut overall);
    let from_scheme = Grading::of_ruleset(rs);
    if let Some(g) = options.grading.as_ref().or(from_scheme.as_ref()) {
        g.apply(&mut overall);
    }
    overall
}

/// Each unit's rank among its class, in the scheme's order of classes.
fn rank_within_classes(rs: &Ruleset, overall: &mut [Ranked]) {
    for class in &rs.classes {
        let members: Vec<usize> = (0..overall.len())
            .filter(|i| overall[*i].class == class.name)
            .collect();
        let class_totals: Vec<Decimal> = members.iter().map(|i| overall[*i].total).collect();
        for (i, rank) in members.iter().zip(competition_ranks(&class_totals)) {
            overall[*i].class_rank = rank;
        }
    }
}

/// Each class with a ranked unit: its units by class rank and its average.
fn class_rankings(rs: &Ruleset, overall: &[Ranked]) -> Vec<ClassRanking> {
    rs.classes
        .iter()
        .map(|c| {
            let mut rows: Vec<Ranked> = overall
                .iter()
                .filter(|r| r.class == c.name)
                .cloned()
                .collect();
            rows.sort_by_key(|r| r.class_rank);
            let totals: Vec<Decimal> = rows.iter().map(|r| r.total).collect();
            ClassRanking {
                name: c.name.clone(),
                average: average(&totals),
                rows,
            }
        })
        .filter(|c| !c.rows.is_empty())
        .collect()
}

/// The units with a file not yet 已审核, each once.
fn pending_units(s: &Summary) -> Vec<String> {
    let mut pending: Vec<String> = Vec::new();
    for r in s
        .rows
        .iter()
        .filter(|r| r.sheet.as_ref().is_some_and(|x| !x.approved()))
    {
        if !pending.contains(&r.unit_name) {
            pending.push(r.unit_name.clone());
        }
    }
    pending
}

/// How many units sent a file: a unit that sent two is one unit received.
fn units_received(s: &Summary) -> usize {
    let mut with_files: Vec<&UnitRow> = s.rows.iter().filter(|r| r.sheet.is_some()).collect();
    with_files.dedup_by(|a, b| a.unit_id == b.unit_id);
    with_files.len()
}

/// Each unit without a rank, once, with why.
fn unranked_units(s: &Summary) -> Vec<(String, String)> {
    let mut unranked: Vec<(String, String)> = Vec::new();
    for (unit, why) in s
        .rows
        .iter()
        .filter_map(|r| why_unranked(r).map(|w| (r.unit_name.clone(), w)))
    {
        // A unit with two files is named once.
        if !unranked.iter().any(|(u, _)| *u == unit) {
            unranked.push((unit, why));
        }
    }
    unranked
}

/// Per category of the scheme: the ranked units' points in it, 单项第一, each class's
/// average.
fn category_standings(rs: &Ruleset, ranked: &[&UnitRow]) -> Vec<CategoryStanding> {
    rs.categories
        .iter()
        .enumerate()
        .map(|(i, cat)| {
            let scores: Vec<(String, Decimal)> = ranked
                .iter()
                .filter_map(|r| {
                    let v = r.sheet.as_ref()?.final_subtotal(i)?;
                    Some((r.unit_name.clone(), v))
                })
                .collect();
            let top = scores.iter().map(|(_, v)| *v).max();
            let best = scores
                .iter()
                .filter(|(_, v)| Some(*v) == top)
                .map(|(u, _)| u.clone())
                .collect();
            let class_averages = rs
                .classes
                .iter()
                .filter_map(|c| {
                    let values: Vec<Decimal> = ranked
                        .iter()
                        .filter(|r| r.class_name == c.name)
                        .filter_map(|r| r.sheet.as_ref()?.final_subtotal(i))
                        .collect();
                    Some((c.name.clone(), average(&values)?))
                })
                .collect();
            CategoryStanding {
                name: cat.name.clone(),
                points: cat.points,
                scores,
                best,
                class_averages,
            }
        })
        .collect()
}

/// Each ranked unit's largest losses, in words.
fn main_losses(ranked: &[&UnitRow]) -> Vec<UnitLosses> {
    ranked
        .iter()
        .filter_map(|r| {
            let sheet = r.sheet.as_ref()?;
            Some(UnitLosses {
                unit: r.unit_name.clone(),
                total: sheet.final_total(),
                lines: sheet
                    .losses
                    .iter()
                    .take(LOSSES_SHOWN)
                    .map(loss_line)
                    .collect(),
            })
        })
        .collect()
}

/// 办公室工作 第1项（及时报送信息…）失4分：市妇联采用信息：…；考核意见：…
fn loss_line(l: &Loss) -> String {
    let mut line = format!("{}失{}分", l.place, fmt_dec(l.lost));
    let mut why = l.why.clone();
    if !l.review_note.is_empty() {
        why.push(format!("考核意见：{}", l.review_note));
    }
    if !why.is_empty() {
        line.push('：');
        line.push_str(&why.join("；"));
    }
    line
}

/// Last year's year, and each unit of this scheme with last year's total and rank (by unit
/// id) beside this year's.
fn year_over_year(rs: &Ruleset, previous: &Summary, overall: &[Ranked]) -> (u16, Vec<YearRow>) {
    let before = ranked_rows(previous);
    let before_ranks = competition_ranks(
        &before
            .iter()
            .filter_map(|r| r.sheet.as_ref().map(|x| x.final_total()))
            .collect::<Vec<_>>(),
    );
    let rows = rs
        .units
        .iter()
        .map(|u| {
            let previous = before
                .iter()
                .zip(&before_ranks)
                .find(|(r, _)| r.unit_id == u.id)
                .and_then(|(r, rank)| Some((r.sheet.as_ref()?.final_total(), *rank)));
            let current = overall
                .iter()
                .find(|r| r.unit == u.name)
                .map(|r| (r.total, r.rank));
            YearRow {
                unit: u.name.clone(),
                previous,
                current,
            }
        })
        .collect();
    (previous.ruleset.ruleset.year, rows)
}

/// Each unit that submitted late, once, with how: by the first submission against the
/// scheme's deadline, or a resend after its return's own deadline.
fn late_units(s: &Summary) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in &s.rows {
        let Some(sheet) = &r.sheet else { continue };
        if !(sheet.late || sheet.resent_late) || out.iter().any(|u| u.starts_with(&r.unit_name)) {
            continue;
        }
        let day = sheet.first_submitted_at.get(..10).unwrap_or("时间不明");
        out.push(if sheet.resent_late {
            format!("{}（退回后重新提交逾期）", r.unit_name)
        } else {
            format!("{}（{day}提交）", r.unit_name)
        });
    }
    out
}

/// What the ranks rest on, in one sentence; a mix of reviewed and self scores is said.
fn basis(
    rs: &Ruleset,
    received: usize,
    reviewed: usize,
    ranked: usize,
    options: &BulletinOptions,
) -> String {
    let scores = if ranked == 0 {
        "尚无可排名的单位".to_string()
    } else if reviewed == ranked {
        "排名按市妇联审核后的考核得分".to_string()
    } else if reviewed == 0 {
        "排名暂按各单位的自查得分（尚未审核）".to_string()
    } else {
        format!(
            "排名中{reviewed}个已审核单位按考核得分、其余{}个单位暂按自查得分",
            ranked - reviewed
        )
    };
    let mut s = format!(
        "依据《{}》，{}个单位中{received}个报送了考评表，{scores}",
        rs.title,
        rs.units.len()
    );
    if !rs.bonus_points().is_zero() {
        s.push_str(&format!(
            "，总分含加分项（满分{}分，加分项最多{}分）",
            fmt_dec(rs.total_points),
            fmt_dec(rs.bonus_points())
        ));
    }
    if let Some(g) = &options.grading {
        s.push_str(&format!("；{}（本通报设定）", g.describe()));
    } else if let Some(g) = Grading::of_ruleset(rs) {
        s.push_str(&format!("；{}（考核规则设定）", g.describe()));
    }
    s.push('。');
    s
}
