//! The checks of one rule and its target, beside `ruleset_check.rs` (which walks the ruleset
//! and calls them). Like it, this file depends only on serde/ron/rust_decimal: `build.rs`
//! includes it too.

use crate::ruleset::{
    Item, MAX_FACTOR, MAX_TARGET, Rule, RuleGroup, RuleKind, Target, excerpt, fmt_dec,
};
use crate::ruleset_check::Checker;
use rust_decimal::Decimal;

impl Checker<'_> {
    pub(crate) fn check_target(&mut self, item: &str, loc: &str, target: &Target) {
        match target {
            Target::Fixed(0) => {
                self.error(Some(item), loc.to_string(), "目标数不能为0".into());
            }
            Target::Fixed(n) if *n > MAX_TARGET => {
                self.error(
                    Some(item),
                    loc.to_string(),
                    format!("目标数不能超过{MAX_TARGET}（现为{n}）"),
                );
            }
            Target::Fixed(_) => {}
            Target::ByClass(map) => {
                for class in &self.rs.classes {
                    match map.get(&class.id) {
                        None => self.error(
                            Some(item),
                            loc.to_string(),
                            format!("缺少“{}”类单位的目标数", class.name),
                        ),
                        Some(0) => self.error(
                            Some(item),
                            loc.to_string(),
                            format!("“{}”类单位的目标数不能为0", class.name),
                        ),
                        Some(n) if *n > MAX_TARGET => self.error(
                            Some(item),
                            loc.to_string(),
                            format!(
                                "“{}”类单位的目标数不能超过{MAX_TARGET}（现为{n}）",
                                class.name
                            ),
                        ),
                        Some(_) => {}
                    }
                }
                for key in map.keys() {
                    if self.rs.class(key).is_none() {
                        self.error(
                            Some(item),
                            loc.to_string(),
                            format!("目标数里的单位类别“{key}”不存在"),
                        );
                    }
                }
            }
            Target::PerFigure { figure, factor } => {
                if self.rs.figure(figure).is_none() {
                    self.error(
                        Some(item),
                        loc.to_string(),
                        format!("单位数据“{figure}”没有在 figures 中定义"),
                    );
                }
                if *factor == 0 {
                    self.error(Some(item), loc.to_string(), "倍数 factor 不能为0".into());
                } else if *factor > MAX_FACTOR {
                    self.error(
                        Some(item),
                        loc.to_string(),
                        format!("倍数 factor 不能超过{MAX_FACTOR}（现为{factor}）"),
                    );
                }
            }
        }
    }

    pub(crate) fn check_rule(
        &mut self,
        item: &Item,
        group: &RuleGroup<'_>,
        rule: &Rule,
        loc: &str,
    ) {
        let id = Some(item.id.as_str());
        match &rule.kind {
            RuleKind::DeductIfNot { amount } | RuleKind::AwardIf { amount } => {
                self.points_ok(id, loc, "分值", *amount);
            }
            RuleKind::Shortfall { target, per, .. } => {
                self.points_ok(id, loc, "每少一个扣分", *per);
                self.check_target(&item.id, loc, target);
            }
            RuleKind::PerOccurrence { per, .. } => {
                self.points_ok(id, loc, "每次扣分", *per);
            }
            RuleKind::Bonus { per, .. } => {
                self.points_ok(id, loc, "每项加分", *per);
            }
            RuleKind::Proportional { target, points, .. } => {
                self.points_ok(id, loc, "比例扣分的分值", *points);
                if *points > group.points {
                    self.error(
                        id,
                        loc.to_string(),
                        format!(
                            "比例扣分的分值{}分超过本组标准分{}分",
                            fmt_dec(*points),
                            fmt_dec(group.points)
                        ),
                    );
                }
                self.check_target(&item.id, loc, target);
            }
            RuleKind::RateStep {
                threshold,
                step,
                per,
                ..
            } => {
                if *threshold <= Decimal::ZERO || *threshold > Decimal::ONE_HUNDRED {
                    self.error(
                        id,
                        loc.to_string(),
                        format!(
                            "达标比例须在0到100之间（现为{}）",
                            excerpt(&fmt_dec(*threshold))
                        ),
                    );
                }
                if *step < Decimal::new(1, 2) || *step > Decimal::ONE_HUNDRED {
                    self.error(
                        id,
                        loc.to_string(),
                        format!(
                            "每档百分点 step 须在0.01到100之间（现为{}）",
                            excerpt(&fmt_dec(*step))
                        ),
                    );
                }
                self.points_ok(id, loc, "每档扣分", *per);
            }
            RuleKind::Judgement { points } => {
                self.points_ok(id, loc, "评定分值", *points);
                if *points > group.points {
                    self.error(
                        id,
                        loc.to_string(),
                        format!(
                            "评定分值{}分超过本组标准分{}分",
                            fmt_dec(*points),
                            fmt_dec(group.points)
                        ),
                    );
                }
            }
        }
    }
}
