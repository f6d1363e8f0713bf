//! Grades or awards in a 通报: by score bands (优秀 90分以上, 良好 80分以上…) or by so many
//! places in each class (一等奖1名, 二等奖2名…). The 2015 scheme defines none; the office sets
//! them for one 通报, and the 通报's basis says so.

use super::Ranked;
use crate::ruleset::fmt_dec;
use rust_decimal::Decimal;
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grading {
    /// (label, lowest total), best first: a unit gets the first band it reaches.
    Bands(Vec<(String, Decimal)>),
    /// (label, places in each class), best first: ties share the better award.
    Places(Vec<(String, u32)>),
}

impl Grading {
    /// `优秀:90,良好:80,合格:60` (bands) — as typed on the command line or in the dialog.
    pub fn bands(text: &str) -> Result<Grading, String> {
        let mut bands = Vec::new();
        for (label, value) in pairs(text)? {
            let min = Decimal::from_str(value).map_err(|_| {
                format!("等次“{label}”的分数线“{value}”不是数字，请写成 优秀:90,良好:80")
            })?;
            bands.push((label.to_string(), min));
        }
        // Best first, whatever order they were typed in.
        bands.sort_by_key(|b| std::cmp::Reverse(b.1));
        Ok(Grading::Bands(bands))
    }

    /// `一等奖:1,二等奖:2,三等奖:3` (places in each class).
    pub fn places(text: &str) -> Result<Grading, String> {
        let mut places = Vec::new();
        for (label, value) in pairs(text)? {
            let n = value
                .parse::<u32>()
                .ok()
                .filter(|n| *n <= 100)
                .ok_or_else(|| {
                    format!("奖项“{label}”的名额“{value}”不是整数，请写成 一等奖:1,二等奖:2")
                })?;
            places.push((label.to_string(), n));
        }
        Ok(Grading::Places(places))
    }

    /// Gives each ranked unit its grade.
    pub fn apply(&self, ranked: &mut [Ranked]) {
        for r in ranked.iter_mut() {
            r.grade = match self {
                Grading::Bands(bands) => bands
                    .iter()
                    .find(|(_, min)| r.total >= *min)
                    .map(|(l, _)| l.clone()),
                Grading::Places(places) => {
                    let mut upto = 0u32;
                    places.iter().find_map(|(label, n)| {
                        upto = upto.saturating_add(*n);
                        (r.class_rank <= upto).then(|| label.clone())
                    })
                }
            };
        }
    }

    /// In words, for the basis: 等次按总分：优秀90分以上、良好80分以上.
    pub fn describe(&self) -> String {
        match self {
            Grading::Bands(bands) => {
                let parts: Vec<String> = bands
                    .iter()
                    .map(|(l, min)| format!("{l}{}分以上", fmt_dec(*min)))
                    .collect();
                format!("等次按总分：{}", parts.join("、"))
            }
            Grading::Places(places) => {
                let parts: Vec<String> = places.iter().map(|(l, n)| format!("{l}{n}名")).collect();
                format!("各类别分别评奖：{}", parts.join("、"))
            }
        }
    }
}

/// `a:1,b:2` (or with ，：、 as a Chinese keyboard types them) → its pairs.
fn pairs(text: &str) -> Result<Vec<(&str, &str)>, String> {
    let out: Vec<(&str, &str)> = text
        .split([',', '，', '、', ';', '；'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            p.split_once([':', '：'])
                .map(|(l, v)| (l.trim(), v.trim()))
                .filter(|(l, v)| !l.is_empty() && !v.is_empty())
                .ok_or_else(|| format!("“{p}”应写成 名称:数，如 优秀:90"))
        })
        .collect::<Result<_, _>>()?;
    if out.is_empty() {
        return Err("没有给出等次或奖项，请写成 优秀:90,良好:80".into());
    }
    Ok(out)
}
