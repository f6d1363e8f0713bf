//! Grades or awards in a 通报: by score bands (优秀 90分以上, 良好 80分以上…) or by so many
//! places in each class (一等奖1名, 二等奖2名…). The 2015 scheme defines none; the office sets
//! them for one 通报, and the 通报's basis says so.

use super::Ranked;
use crate::ruleset::{AwardPlaces, GradeBand, fmt_dec};
use rust_decimal::Decimal;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grading {
    /// (label, lowest total), best first: a unit gets the first band it reaches.
    Bands(Vec<(String, Decimal)>),
    /// (label, places in each class), best first: ties share the better award.
    Places(Vec<(String, u32)>),
}

impl Grading {
    /// `优秀:90,良好:80,合格:60` (bands) — as typed on the command line or in the view.
    pub fn bands(text: &str) -> Result<Grading, String> {
        GradeBand::parse_list(text).map(|list| Grading::of_bands(&list))
    }

    /// `一等奖:1,二等奖:2,三等奖:3` (places in each class).
    pub fn places(text: &str) -> Result<Grading, String> {
        AwardPlaces::parse_list(text).map(|list| Grading::of_awards(&list))
    }

    fn of_bands(list: &[GradeBand]) -> Grading {
        Grading::Bands(list.iter().map(|g| (g.label.clone(), g.min)).collect())
    }

    fn of_awards(list: &[AwardPlaces]) -> Grading {
        Grading::Places(list.iter().map(|a| (a.label.clone(), a.places)).collect())
    }

    /// What the scheme itself sets (its `grades` or `awards`), if anything.
    pub fn of_ruleset(rs: &crate::ruleset::Ruleset) -> Option<Grading> {
        if !rs.grades.is_empty() {
            Some(Grading::of_bands(&rs.grades))
        } else if !rs.awards.is_empty() {
            Some(Grading::of_awards(&rs.awards))
        } else {
            None
        }
    }

    /// Gives each ranked unit its grade.
    pub fn apply(&self, ranked: &mut [Ranked]) {
        for r in ranked.iter_mut() {
            r.grade = match self {
                // Below every band is said, never an empty cell: 未达等次（低于60分）.
                Grading::Bands(bands) => bands
                    .iter()
                    .find(|(_, min)| r.total >= *min)
                    .map(|(l, _)| l.clone())
                    .or_else(|| {
                        bands.iter().map(|(_, m)| *m).min().map(|lowest| {
                            format!("未达等次（低于{}分）", crate::ruleset::fmt_dec(lowest))
                        })
                    }),
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
