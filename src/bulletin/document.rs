//! The 通报 as one document: its title, headings, sentences, tables and charts, each made
//! here once, in the order they are read. The PDF (`pdf`), the Word file (`docx`) and the
//! window (`ui::bulletin`) walk these blocks and draw them; none of them has a word of the
//! 通报 of its own. Every Chinese heading, sentence and table header of the 通报 is in this
//! file; what the model holds as data comes worded with it (`Bulletin`: the title, the basis
//! sentence, why a unit has no rank, how a unit was late, each loss's line).

use super::{Bulletin, CategoryStanding, Chart, ClassRanking, Ranked, UnitLosses, YearRow};
use crate::ruleset::fmt_dec;
use crate::table::Column;
use rust_decimal::Decimal;

/// The 通报, block after block.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// For the file's properties (the first block says it on the page).
    pub title: String,
    pub issuer: String,
    /// What the top of every page says while the 通报 is a draft: 征求意见稿.
    pub page_mark: Option<String>,
    pub blocks: Vec<Block>,
}

/// One part of the 通报, as it is read from the top.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The title, centred and large.
    Title(String),
    /// The line centred under the title while it is a draft: （征求意见稿）.
    DraftLine(String),
    /// A line set to the right under the title: the issuer, the date.
    Byline(String),
    /// A section's heading: 一、总体排名.
    Heading(String),
    Paragraph {
        text: String,
        kind: ParagraphKind,
    },
    Table(Table),
    /// Horizontal bars under their caption.
    Chart {
        caption: String,
        chart: Chart,
    },
    /// A line and the lines under it (a unit and its main losses), which the window folds.
    TitledList {
        title: String,
        items: Vec<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParagraphKind {
    /// A paragraph of the text, its first line indented.
    Body,
    /// What the office sees to before the 通报 goes out (units still under review, late
    /// submissions): body text on paper, set apart in the window.
    Attention,
    /// A small note under a table, saying what its marks mean.
    Note,
}

/// A table: the line above it (a class and its average), its columns, its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub caption: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

/// A cell of the 通报's tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    /// A rank, or a total in the year table: printed exactly, centred.
    Number(Decimal),
    /// A unit's total this year: its 考核得分 when reviewed, else its self score (the
    /// window sets the reviewed ones apart).
    Total {
        points: Decimal,
        reviewed: bool,
    },
}

impl std::fmt::Display for Cell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cell::Text(t) => f.write_str(t),
            Cell::Number(n) | Cell::Total { points: n, .. } => f.write_str(&fmt_dec(*n)),
        }
    }
}

impl Cell {
    /// The cell as the printed tables (`crate::table`) type it: words or an exact number.
    pub fn printed(&self) -> crate::table::Cell {
        match self {
            Cell::Text(t) => crate::table::Cell::Text(t.clone()),
            Cell::Number(n) | Cell::Total { points: n, .. } => crate::table::Cell::Number(*n),
        }
    }
}

const DRAFT: &str = "征求意见稿";
const OVERALL: &str = "一、总体排名";
const BY_CLASS: &str = "二、分类排名";
const BY_CATEGORY: &str = "三、各类别得分";
const LOSSES: &str = "四、各单位主要失分";
const TOTALS_CAPTION: &str = "各单位得分（按类别分组）";
const RATES_CAPTION: &str = "各类别得分率（各类单位平均得分占标准分的百分比）";
const FULL_MARKS: &str = "各项均得满分。";
const OVERALL_COLUMNS: [&str; 5] = ["名次", "单位", "类别", "得分", "类内名次"];
const CLASS_COLUMNS: [&str; 3] = ["类内名次", "单位", "得分"];
const GRADE_COLUMN: &str = "等次";
/// The year table's 「—」, and what it means.
const NONE: &str = "—";
const YEARS_NOTE: &str = "“—”表示该年度未报送、未参加排名或无可比的考评表。";

impl Bulletin {
    /// The 通报 for every unit: what the PDF and the Word file print.
    pub fn document(&self) -> Document {
        self.document_for(None)
    }

    /// The 通报 for one class — its units' rows, bars and losses, under the same headings,
    /// basis and categories' lines — or, with None, for every unit. Year over year is never
    /// narrowed: the window, the one place a class is chosen, has no last year.
    pub fn document_for(&self, class: Option<&str>) -> Document {
        let mut blocks = self.front_matter();
        self.overall_section(class, &mut blocks);
        self.class_section(class, &mut blocks);
        self.category_section(class, &mut blocks);
        self.losses_section(class, &mut blocks);
        self.years_section(&mut blocks);
        Document {
            title: self.title.clone(),
            issuer: self.issuer.clone(),
            page_mark: self.draft.then(|| DRAFT.to_string()),
            blocks,
        }
    }

    /// The title, the draft line, issuer and date, then what the ranks rest on and what
    /// the office should know before publishing.
    fn front_matter(&self) -> Vec<Block> {
        let mut blocks = vec![Block::Title(self.title.clone())];
        if self.draft {
            blocks.push(Block::DraftLine(format!("（{DRAFT}）")));
        }
        blocks.push(Block::Byline(self.issuer.clone()));
        if !self.date.is_empty() {
            blocks.push(Block::Byline(self.date.clone()));
        }
        let body = |text: String| Block::Paragraph {
            text,
            kind: ParagraphKind::Body,
        };
        let attention = |text: String| Block::Paragraph {
            text,
            kind: ParagraphKind::Attention,
        };
        blocks.push(body(self.basis.clone()));
        blocks.extend(self.pending_sentence().map(attention));
        blocks.extend(self.unranked_sentence().map(body));
        blocks.extend(self.late_sentence().map(attention));
        blocks
    }

    /// 一、总体排名: the rank table and the units' totals as bars.
    fn overall_section(&self, class: Option<&str>, blocks: &mut Vec<Block>) {
        blocks.push(Block::Heading(OVERALL.into()));
        let graded = self.graded();
        let rows = self
            .overall
            .iter()
            .filter(|r| class.is_none_or(|c| c == r.class))
            .map(|r| {
                let cells = vec![
                    Cell::Number(Decimal::from(r.rank)),
                    Cell::Text(r.unit.clone()),
                    Cell::Text(r.class.clone()),
                    total(r),
                    Cell::Number(Decimal::from(r.class_rank)),
                ];
                with_grade(cells, r, graded)
            })
            .collect();
        blocks.push(Block::Table(Table {
            caption: None,
            columns: columns(&OVERALL_COLUMNS, graded),
            rows,
        }));
        push_chart(blocks, TOTALS_CAPTION, self.totals_chart(class));
    }

    /// 二、分类排名: each class's line (units, average) over its table.
    fn class_section(&self, class: Option<&str>, blocks: &mut Vec<Block>) {
        blocks.push(Block::Heading(BY_CLASS.into()));
        let graded = self.graded();
        for c in self
            .classes
            .iter()
            .filter(|c| class.is_none_or(|k| k == c.name))
        {
            let rows = c
                .rows
                .iter()
                .map(|r| {
                    let cells = vec![
                        Cell::Number(Decimal::from(r.class_rank)),
                        Cell::Text(r.unit.clone()),
                        total(r),
                    ];
                    with_grade(cells, r, graded)
                })
                .collect();
            blocks.push(Block::Table(Table {
                caption: Some(class_line(c)),
                columns: columns(&CLASS_COLUMNS, graded),
                rows,
            }));
        }
    }

    /// 三、各类别得分: a line per category, then each class's rate in each as bars.
    fn category_section(&self, class: Option<&str>, blocks: &mut Vec<Block>) {
        blocks.push(Block::Heading(BY_CATEGORY.into()));
        blocks.extend(self.categories.iter().map(|cat| Block::Paragraph {
            text: category_line(cat),
            kind: ParagraphKind::Body,
        }));
        push_chart(blocks, RATES_CAPTION, self.rates_chart(class));
    }

    /// 四、各单位主要失分: each unit's line and its losses, numbered.
    fn losses_section(&self, class: Option<&str>, blocks: &mut Vec<Block>) {
        blocks.push(Block::Heading(LOSSES.into()));
        let in_scope = |u: &UnitLosses| {
            class.is_none_or(|c| {
                self.overall
                    .iter()
                    .any(|r| r.unit == u.unit && r.class == c)
            })
        };
        for u in self.losses.iter().filter(|u| in_scope(u)) {
            let items = if u.lines.is_empty() {
                vec![FULL_MARKS.to_string()]
            } else {
                u.lines
                    .iter()
                    .enumerate()
                    .map(|(i, line)| format!("{}. {line}", i + 1))
                    .collect()
            };
            blocks.push(Block::TitledList {
                title: losses_line(u),
                items,
            });
        }
    }

    /// 五、与2014年度比较, when last year's sheets were given.
    fn years_section(&self, blocks: &mut Vec<Block>) {
        let Some((year, rows)) = &self.years else {
            return;
        };
        blocks.push(Block::Heading(format!("五、与{year}年度比较")));
        let columns = [
            "单位".to_string(),
            format!("{year}年得分"),
            format!("{year}年名次"),
            "本年得分".into(),
            "本年名次".into(),
        ];
        blocks.push(Block::Table(Table {
            caption: None,
            columns: columns.into_iter().map(Column::plain).collect(),
            rows: rows.iter().map(year_cells).collect(),
        }));
        blocks.push(Block::Paragraph {
            text: YEARS_NOTE.into(),
            kind: ParagraphKind::Note,
        });
    }

    /// Whether any unit has a grade: then every rank table has the 等次 column.
    fn graded(&self) -> bool {
        self.overall.iter().any(|r| r.grade.is_some())
    }

    /// 未参加排名：屈原管理区（未报送）。— None when every unit ranks.
    fn unranked_sentence(&self) -> Option<String> {
        if self.unranked.is_empty() {
            return None;
        }
        let names: Vec<String> = self
            .unranked
            .iter()
            .map(|(u, w)| format!("{u}（{w}）"))
            .collect();
        Some(format!("未参加排名：{}。", names.join("、")))
    }

    /// 逾期报送（截止2016-01-12）：湘阴县（2016-01-14提交）。— None when no unit was late.
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

    /// What a draft says of itself, naming the units still under review.
    fn pending_sentence(&self) -> Option<String> {
        if !self.draft || (self.pending.is_empty() && self.unscored.is_empty()) {
            return None;
        }
        let mut why = Vec::new();
        if !self.pending.is_empty() {
            why.push(format!("{}的考评表尚未审核完毕", self.pending.join("、")));
        }
        if !self.unscored.is_empty() {
            why.push(format!(
                "各部门评分尚未完成（{}）",
                self.unscored.join("，")
            ));
        }
        Some(format!(
            "本稿为{DRAFT}：{}，审核完成后以正式通报为准。",
            why.join("，")
        ))
    }

    /// 各单位得分: the units' totals grouped by class (one class, or all), out of the most a
    /// unit can score.
    fn totals_chart(&self, class: Option<&str>) -> Chart {
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
    fn rates_chart(&self, class: Option<&str>) -> Chart {
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

/// A chart under its caption; none where it has no bars (no unit ranks in the scope).
fn push_chart(blocks: &mut Vec<Block>, caption: &str, chart: Chart) {
    if !chart.rows.is_empty() {
        blocks.push(Block::Chart {
            caption: caption.into(),
            chart,
        });
    }
}

fn columns(titles: &[&str], graded: bool) -> Vec<Column> {
    let grade = graded.then_some(GRADE_COLUMN);
    titles
        .iter()
        .copied()
        .chain(grade)
        .map(Column::plain)
        .collect()
}

fn total(r: &Ranked) -> Cell {
    Cell::Total {
        points: r.total,
        reviewed: r.reviewed,
    }
}

/// The row with its grade at the end, when the tables have a 等次 column.
fn with_grade(mut cells: Vec<Cell>, r: &Ranked, graded: bool) -> Vec<Cell> {
    if graded {
        cells.push(Cell::Text(r.grade.clone().unwrap_or_default()));
    }
    cells
}

/// 单位 · last year's total · its rank · this year's total · its rank (— where none).
fn year_cells(row: &YearRow) -> Vec<Cell> {
    let total =
        |v: Option<(Decimal, u32)>| v.map_or(Cell::Text(NONE.into()), |(t, _)| Cell::Number(t));
    let rank = |v: Option<(Decimal, u32)>| {
        v.map_or(Cell::Text(NONE.into()), |(_, r)| {
            Cell::Number(Decimal::from(r))
        })
    };
    vec![
        Cell::Text(row.unit.clone()),
        total(row.previous),
        rank(row.previous),
        total(row.current),
        rank(row.current),
    ]
}

/// A class's line above its table: 「县市（6个单位，平均78.5分）」.
fn class_line(c: &ClassRanking) -> String {
    let avg = c
        .average
        .map(|a| format!("，平均{}分", fmt_dec(a)))
        .unwrap_or_default();
    format!("{}（{}个单位{avg}）", c.name, c.rows.len())
}

/// A category's line: its points, who scored best, each class's average.
fn category_line(cat: &CategoryStanding) -> String {
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

/// A unit's line above its main losses: 「平江县（76.9分）」.
fn losses_line(u: &UnitLosses) -> String {
    format!("{}（{}分）", u.unit, fmt_dec(u.total))
}
