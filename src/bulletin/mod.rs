//! The 考核通报: the assessment's outcome as the 执委会 reads it, made from the comparison
//! (`Summary`) — ranks overall and within each class (ties equal), grades or awards when set,
//! each category's standing (单项第一, class averages), each unit's main deductions in words,
//! and year over year when last year's sheets are given. A model only: `pdf` prints it. It
//! carries nothing that belongs to a computer (no paths, no ids, no command names).

pub mod chart;
pub mod docx;
pub mod grading;
pub mod pdf;

use crate::ruleset::{Ruleset, fmt_dec};
use crate::summary::{Summary, UnitRow};
pub use chart::Chart;
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
    pub fn from_summary(s: &Summary, options: &BulletinOptions) -> Bulletin {
        let rs: &Ruleset = &s.ruleset.ruleset;
        let ranked = ranked_rows(s);
        let totals: Vec<Decimal> = ranked
            .iter()
            .filter_map(|r| r.sheet.as_ref().map(|x| x.final_total()))
            .collect();
        let overall_ranks = competition_ranks(&totals);
        let mut overall: Vec<Ranked> = ranked
            .iter()
            .zip(&overall_ranks)
            .filter_map(|(r, rank)| {
                let sheet = r.sheet.as_ref()?;
                Some(Ranked {
                    unit: r.unit_name.clone(),
                    class: r.class_name.clone(),
                    rank: *rank,
                    class_rank: 0,
                    total: sheet.final_total(),
                    reviewed: sheet.approved(),
                    grade: None,
                })
            })
            .collect();
        // Ranks within each class, in the scheme's order of classes.
        for class in &rs.classes {
            let members: Vec<usize> = (0..overall.len())
                .filter(|i| overall[*i].class == class.name)
                .collect();
            let class_totals: Vec<Decimal> = members.iter().map(|i| overall[*i].total).collect();
            for (i, rank) in members.iter().zip(competition_ranks(&class_totals)) {
                overall[*i].class_rank = rank;
            }
        }
        // This 通报's grades, else the scheme's own.
        let from_scheme = Grading::of_ruleset(rs);
        let grading = options.grading.as_ref().or(from_scheme.as_ref());
        if let Some(g) = grading {
            g.apply(&mut overall);
        }
        let classes: Vec<ClassRanking> = rs
            .classes
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
            .collect();

        // A unit that sent two files is one unit received.
        let mut with_files: Vec<&UnitRow> = s.rows.iter().filter(|r| r.sheet.is_some()).collect();
        with_files.dedup_by(|a, b| a.unit_id == b.unit_id);
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
        let reviewed_count = overall.iter().filter(|r| r.reviewed).count();
        let draft = !pending.is_empty() || with_files.is_empty();
        let bonus = !rs.bonus_points().is_zero();
        let basis = basis(
            rs,
            with_files.len(),
            reviewed_count,
            overall.len(),
            bonus,
            options,
        );

        let unranked: Vec<(String, String)> = s
            .rows
            .iter()
            .filter_map(|r| why_unranked(r).map(|w| (r.unit_name.clone(), w)))
            .fold(Vec::new(), |mut acc, (u, w)| {
                // A unit with two files is named once.
                if !acc.iter().any(|(a, _)| *a == u) {
                    acc.push((u, w));
                }
                acc
            });

        let categories = rs
            .categories
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
            .collect();

        let losses = ranked
            .iter()
            .filter_map(|r| {
                let sheet = r.sheet.as_ref()?;
                let lines = sheet
                    .losses
                    .iter()
                    .take(LOSSES_SHOWN)
                    .map(|l| {
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
                    })
                    .collect();
                Some(UnitLosses {
                    unit: r.unit_name.clone(),
                    total: sheet.final_total(),
                    lines,
                })
            })
            .collect();

        let years = options.previous.as_ref().map(|p| {
            let before = ranked_rows(p);
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
            (p.ruleset.ruleset.year, rows)
        });

        Bulletin {
            title: format!("{}年度县市区妇联工作绩效考核情况通报", rs.year),
            issuer: rs.issuer.clone(),
            date: options.date.clone(),
            draft,
            pending,
            basis,
            overall,
            classes,
            unranked,
            categories,
            losses,
            years,
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

impl YearRow {
    /// 单位 · last year's total · its rank · this year's total · its rank (— where none).
    pub fn cells(&self) -> Vec<String> {
        let total = |v: Option<(Decimal, u32)>| v.map_or("—".into(), |(t, _)| fmt_dec(t));
        let rank = |v: Option<(Decimal, u32)>| v.map_or("—".into(), |(_, r)| r.to_string());
        vec![
            self.unit.clone(),
            total(self.previous),
            rank(self.previous),
            total(self.current),
            rank(self.current),
        ]
    }

    /// The headers of those cells for last year `year`.
    pub fn headers(year: u16) -> Vec<String> {
        vec![
            "单位".into(),
            format!("{year}年得分"),
            format!("{year}年名次"),
            "本年得分".into(),
            "本年名次".into(),
        ]
    }
}

impl Bulletin {
    /// 未参加排名：屈原管理区（未报送）、… — None when every unit ranks.
    pub fn unranked_sentence(&self) -> Option<String> {
        if self.unranked.is_empty() {
            return None;
        }
        let names: Vec<String> = self
            .unranked
            .iter()
            .map(|(u, w)| format!("{u}（{w}）"))
            .collect();
        Some(format!("未参加排名：{}", names.join("、")))
    }

    /// 逾期报送（截止2016-01-12）：湘阴县（2016-01-14提交）— None when no unit was late.
    pub fn late_sentence(&self) -> Option<String> {
        (!self.late.is_empty()).then(|| {
            let deadline = if self.deadline.is_empty() {
                String::new()
            } else {
                format!("（截止{}）", self.deadline)
            };
            format!("逾期报送{deadline}：{}。", self.late.join("、"))
        })
    }

    /// The year table's 「—」 in words.
    pub const YEARS_NOTE: &'static str = "“—”表示该年度未报送、未参加排名或无可比的考评表。";

    // The 通报's words, once: the PDF, the Word file and the window all say these.
    pub const OVERALL: &'static str = "一、总体排名";
    pub const BY_CLASS: &'static str = "二、分类排名";
    pub const BY_CATEGORY: &'static str = "三、各类别得分";
    pub const LOSSES: &'static str = "四、各单位主要失分";
    pub const TOTALS_CAPTION: &'static str = "各单位得分（按类别分组）";
    pub const RATES_CAPTION: &'static str = "各类别得分率（各类单位平均得分占标准分的百分比）";
    pub const FULL_MARKS: &'static str = "各项均得满分。";
    pub const OVERALL_COLUMNS: [&'static str; 5] = ["名次", "单位", "类别", "得分", "类内名次"];
    pub const CLASS_COLUMNS: [&'static str; 3] = ["类内名次", "单位", "得分"];
    pub const GRADE_COLUMN: &'static str = "等次";

    /// How much of a bar's full length `value` takes, against the chart's `max` (0 to 1; for
    /// drawing only — the value itself is printed beside the bar exactly).
    pub fn bar_share(value: Decimal, max: Decimal) -> f32 {
        use rust_decimal::prelude::ToPrimitive;
        let max = max.to_f32().filter(|m| *m > 0.0).unwrap_or(1.0);
        (value.to_f32().unwrap_or(0.0) / max).clamp(0.0, 1.0)
    }

    /// 「五、与2014年度比较」.
    pub fn years_heading(year: u16) -> String {
        format!("五、与{year}年度比较")
    }

    /// A class's line above its table: 「县市（6个单位，平均78.5分）」.
    pub fn class_line(c: &ClassRanking) -> String {
        let avg = c
            .average
            .map(|a| format!("，平均{}分", fmt_dec(a)))
            .unwrap_or_default();
        format!("{}（{}个单位{avg}）", c.name, c.rows.len())
    }

    /// A category's line: its points, who scored best, each class's average.
    pub fn category_line(cat: &CategoryStanding) -> String {
        let avgs: Vec<String> = cat
            .class_averages
            .iter()
            .map(|(c, a)| format!("{c}平均{}分", fmt_dec(*a)))
            .collect();
        format!(
            "{}（标准分{}分）：单项第一 {}；{}。",
            cat.name,
            fmt_dec(cat.points),
            cat.best.join("、"),
            avgs.join("，")
        )
    }

    /// A unit's line above its main deductions: 「平江县（76.9分）」.
    pub fn losses_line(u: &UnitLosses) -> String {
        format!("{}（{}分）", u.unit, fmt_dec(u.total))
    }

    /// What a draft says of itself, naming the units still under review.
    pub fn pending_sentence(&self) -> Option<String> {
        (self.draft && !self.pending.is_empty()).then(|| {
            format!(
                "本稿为征求意见稿：{}的考评表尚未审核完毕，审核完成后以正式通报为准。",
                self.pending.join("、")
            )
        })
    }

    /// 各单位得分: the units' totals grouped by class (one class, or all), out of the most a
    /// unit can score — the chart the PDF, the window and the Word file all draw.
    pub fn totals_chart(&self, class: Option<&str>) -> Chart {
        let rows = self
            .classes
            .iter()
            .filter(|c| class.is_none_or(|k| k == c.name))
            .flat_map(|c| {
                c.rows
                    .iter()
                    .map(|r| (format!("{}·{}", c.name, r.unit), r.total, fmt_dec(r.total)))
            })
            .collect();
        Chart {
            rows,
            max: self.max_points,
        }
    }

    /// 各类别得分率: each class's average in each category as a share of its points.
    pub fn rates_chart(&self, class: Option<&str>) -> Chart {
        let rows = self
            .categories
            .iter()
            .flat_map(|cat| {
                cat.class_averages
                    .iter()
                    .filter(|(c, _)| class.is_none_or(|k| k == c))
                    .map(move |(c, a)| {
                        let pct = if cat.points.is_zero() {
                            Decimal::ZERO
                        } else {
                            crate::scoring::round_score(*a / cat.points * Decimal::ONE_HUNDRED)
                        };
                        (
                            format!("{}·{c}", cat.name),
                            pct,
                            format!("{}%", fmt_dec(pct.round_dp(1))),
                        )
                    })
            })
            .collect();
        Chart {
            rows,
            max: Decimal::ONE_HUNDRED,
        }
    }
}

/// What the ranks rest on, in one sentence; a mix of reviewed and self scores is said.
fn basis(
    rs: &Ruleset,
    received: usize,
    reviewed: usize,
    ranked: usize,
    bonus: bool,
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
    if bonus {
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
