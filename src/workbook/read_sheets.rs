//! The workbook's short sheets: 基本信息 (one row per field), 单位类别, 单位, 单位填报数字.

use super::read::{Grid, ReadState};
use super::{BASICS, SHEET_BASICS, SHEET_CLASSES, SHEET_FIGURES, SHEET_UNITS};
use crate::ruleset::{Deadline, Figure, Ruleset, Unit, UnitClass, excerpt};
use rust_decimal::Decimal;
use std::collections::HashMap;

impl ReadState {
    pub(super) fn basics(&mut self, grid: &Grid) -> Ruleset {
        let h = self.headers(SHEET_BASICS, grid, &["项目", "内容"]);
        let mut rows: HashMap<String, u32> = HashMap::new();
        if let Some(c) = h.col("项目") {
            for (r, cells) in grid.range(1..) {
                if let Some(v) = cells.get(&c) {
                    rows.insert(v.text(), *r);
                }
            }
        }
        let get = |this: &mut ReadState, label: &str, field: Option<&'static str>| {
            let Some(&row) = rows.get(label) else {
                this.error(
                    SHEET_BASICS,
                    0,
                    None,
                    format!("缺少“{label}”这一行：请在“项目”列写上“{label}”，在“内容”列写它的值"),
                );
                return None;
            };
            if let Some(field) = field {
                this.places
                    .fields
                    .insert(field, format!("{SHEET_BASICS} 表第{}行", row + 1));
            }
            Some(row)
        };
        let id_row = get(self, BASICS[0].0, Some("id"));
        let version_row = get(self, BASICS[1].0, Some("version"));
        let year_row = get(self, BASICS[2].0, None);
        let title_row = get(self, BASICS[3].0, None);
        let issuer_row = get(self, BASICS[4].0, None);
        let total_row = get(self, BASICS[5].0, Some("total_points"));
        let footnote_row = get(self, BASICS[6].0, None);
        let deadline_row = get(self, BASICS[7].0, Some("deadline"));
        let reading_row = get(self, BASICS[8].0, None);
        let text = |this: &mut ReadState, row: Option<u32>, what: &str| match row {
            Some(r) => this.required_text(grid, &h, r, "内容", what),
            None => String::new(),
        };
        let id = text(self, id_row, "规则编号（如 yueyang-2016）");
        let version = text(self, version_row, "版本（如 1.0.0）");
        let year = match year_row {
            Some(r) => match self.whole(grid, &h, r, "内容") {
                Some(y) if (2000..=2100).contains(&y) => y as u16,
                Some(y) => {
                    self.error(
                        SHEET_BASICS,
                        r,
                        h.col("内容").map(|c| (c, "内容")),
                        format!("年度应在2000到2100之间，现为{y}"),
                    );
                    0
                }
                None => {
                    if self.cell(grid, &h, r, "内容").is_none() {
                        self.error(
                            SHEET_BASICS,
                            r,
                            h.col("内容").map(|c| (c, "内容")),
                            "不能空着：请填写年度（如 2016）".into(),
                        );
                    }
                    0
                }
            },
            None => 0,
        };
        let title = text(self, title_row, "标题");
        let issuer = text(self, issuer_row, "发文单位");
        let total_points = match total_row {
            Some(r) => match self.decimal(grid, &h, r, "内容") {
                Some(d) => d,
                None => {
                    if self.cell(grid, &h, r, "内容").is_none() {
                        self.error(
                            SHEET_BASICS,
                            r,
                            h.col("内容").map(|c| (c, "内容")),
                            "不能空着：请填写满分（如 100）".into(),
                        );
                    }
                    Decimal::ZERO
                }
            },
            None => Decimal::ZERO,
        };
        let footnote = footnote_row
            .map(|r| self.text(grid, &h, r, "内容"))
            .unwrap_or_default();
        let date = deadline_row
            .map(|r| self.text(grid, &h, r, "内容"))
            .unwrap_or_default();
        let reading = reading_row
            .map(|r| self.text(grid, &h, r, "内容"))
            .unwrap_or_default();
        // Optional rows: a workbook from before they existed reads as setting none.
        let optional = |this: &mut ReadState, label: &str, field: &'static str| {
            let row = *rows.get(label)?;
            this.places
                .fields
                .insert(field, format!("{SHEET_BASICS} 表第{}行", row + 1));
            let text = this.text(grid, &h, row, "内容");
            (!text.is_empty()).then_some((row, text))
        };
        let grades = match optional(self, BASICS[9].0, "grades") {
            Some((row, text)) => crate::ruleset::GradeBand::parse_list(&text).unwrap_or_else(|e| {
                self.error(SHEET_BASICS, row, h.col("内容").map(|c| (c, "内容")), e);
                Vec::new()
            }),
            None => Vec::new(),
        };
        let awards = match optional(self, BASICS[10].0, "grades") {
            Some((row, text)) => {
                crate::ruleset::AwardPlaces::parse_list(&text).unwrap_or_else(|e| {
                    self.error(SHEET_BASICS, row, h.col("内容").map(|c| (c, "内容")), e);
                    Vec::new()
                })
            }
            None => Vec::new(),
        };
        Ruleset {
            id,
            version,
            year,
            title,
            issuer,
            total_points,
            footnote,
            classes: Vec::new(),
            units: Vec::new(),
            figures: Vec::new(),
            categories: Vec::new(),
            deadline: (!date.is_empty()).then_some(Deadline { date, reading }),
            grades,
            awards,
            // Filled from the 台账 sheet by `read_workbook` (as classes and units are).
            ledgers: Vec::new(),
        }
    }

    pub(super) fn classes(&mut self, grid: &Grid) -> Vec<UnitClass> {
        let h = self.headers(SHEET_CLASSES, grid, &["编号", "名称"]);
        let mut out = Vec::new();
        for &row in grid.keys().filter(|r| **r > 0) {
            let id = self.required_text(grid, &h, row, "编号", "类别的编号（如 county）");
            let name = self.required_text(grid, &h, row, "名称", "类别的名称（如 县市）");
            self.places
                .add("UnitClass", &id, None, SHEET_CLASSES, row + 1);
            out.push(UnitClass { id, name });
        }
        out
    }

    pub(super) fn units(&mut self, grid: &Grid, classes: &[UnitClass]) -> Vec<Unit> {
        let h = self.headers(SHEET_UNITS, grid, &["编号", "名称", "类别"]);
        let mut out = Vec::new();
        for &row in grid.keys().filter(|r| **r > 0) {
            let id = self.required_text(grid, &h, row, "编号", "单位的编号（如 pingjiang）");
            let name = self.required_text(grid, &h, row, "名称", "单位名称（如 平江县）");
            let class_text = self.required_text(grid, &h, row, "类别", "单位类别（如 县市）");
            let class = match classes
                .iter()
                .find(|c| c.name == class_text || c.id == class_text)
            {
                Some(c) => c.id.clone(),
                None => {
                    if !class_text.is_empty() {
                        let names: Vec<&str> = classes.iter().map(|c| c.name.as_str()).collect();
                        self.error(
                            SHEET_UNITS,
                            row,
                            h.col("类别").map(|c| (c, "类别")),
                            format!(
                                "没有“{}”这个单位类别：应为“单位类别”表中的一个（{}）",
                                excerpt(&class_text),
                                names.join("、")
                            ),
                        );
                    }
                    class_text
                }
            };
            let aliases = split_list(&self.text(grid, &h, row, "简称"));
            self.places.add("Unit", &id, None, SHEET_UNITS, row + 1);
            out.push(Unit {
                id,
                name,
                class,
                aliases,
            });
        }
        out
    }

    pub(super) fn figures(&mut self, grid: &Grid) -> Vec<Figure> {
        if grid.is_empty() {
            return Vec::new();
        }
        let h = self.headers(SHEET_FIGURES, grid, &["编号", "名称", "计量单位"]);
        let mut out = Vec::new();
        for &row in grid.keys().filter(|r| **r > 0) {
            let id = self.required_text(grid, &h, row, "编号", "数字的编号（如 townships）");
            let label = self.required_text(grid, &h, row, "名称", "数字的名称（如 乡镇数）");
            let unit = self.text(grid, &h, row, "计量单位");
            self.places.add("Figure", &id, None, SHEET_FIGURES, row + 1);
            out.push(Figure { id, label, unit });
        }
        out
    }
}

/// "活动图片；调研报告" → its parts (；, ; , 、 or a new line between them).
pub(super) fn split_list(text: &str) -> Vec<String> {
    text.split(['；', ';', '\n', '、'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}
