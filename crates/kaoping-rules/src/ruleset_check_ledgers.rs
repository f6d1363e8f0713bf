//! The checks of the scheme's 台账, beside `ruleset_check.rs` (which calls them): each ledger
//! belongs to an item, its fields are named once and usable in a derivation, and each feed
//! names a rule of that item and derives the kind of input the rule takes. A rule is fed by
//! one ledger at most.

use crate::ledger::{FieldKind, Ledger, MAX_CHOICES, MAX_LEDGER_FIELDS, Yields};
use crate::ruleset::{InputKind, excerpt};
use crate::ruleset_check::{Checker, Place};
use std::collections::BTreeSet;

impl Checker<'_> {
    pub(crate) fn check_ledgers(&mut self) {
        let rs = self.rs;
        let mut ids = BTreeSet::new();
        let mut fed: BTreeSet<(&str, &str)> = BTreeSet::new();
        for ledger in &rs.ledgers {
            self.place = Place::of("Ledger", &ledger.id, None);
            let loc = format!("台账“{}”", excerpt(&ledger.entry));
            if ledger.id.trim().is_empty() {
                self.error(None, loc.clone(), "台账的 id 不能为空".into());
            } else if !crate::names::is_plain(&ledger.id) {
                // It names the folder that keeps its entries' files.
                self.error(
                    None,
                    loc.clone(),
                    format!("台账 id “{}”不能用作文件夹名", excerpt(&ledger.id)),
                );
            } else if !ids.insert(ledger.id.as_str()) {
                self.error(
                    None,
                    loc.clone(),
                    format!("台账 id “{}”重复", excerpt(&ledger.id)),
                );
            }
            if ledger.entry.trim().is_empty() {
                self.error(None, loc.clone(), "须写明一条记录是什么（如 讲座）".into());
            }
            let Some(item) = rs.item(&ledger.item) else {
                self.error(None, loc, format!("项目“{}”不存在", excerpt(&ledger.item)));
                continue;
            };
            self.ledger_fields(ledger, &loc);
            if ledger.feeds.is_empty() {
                self.error(
                    Some(&item.id),
                    loc.clone(),
                    "没有计算任何规则的输入（feeds 为空）".into(),
                );
            }
            for feed in &ledger.feeds {
                let Some(rule) = item.all_rules().find(|r| r.id == feed.rule) else {
                    self.error(
                        Some(&item.id),
                        loc.clone(),
                        format!("项目 {} 没有规则“{}”", item.id, excerpt(&feed.rule)),
                    );
                    continue;
                };
                if !fed.insert((item.id.as_str(), rule.id.as_str())) {
                    self.error(
                        Some(&item.id),
                        loc.clone(),
                        format!("“{}”已由另一个台账计算", rule.label),
                    );
                }
                let formula = match ledger.formula(&feed.from) {
                    Ok(f) => f,
                    Err(why) => {
                        self.error(Some(&item.id), format!("{loc}，“{}”", rule.label), why);
                        continue;
                    }
                };
                let wanted = rule.kind.input_kind();
                let fits = matches!(
                    (formula.yields(), wanted),
                    (Yields::Number, InputKind::Count)
                        | (Yields::Percent, InputKind::Percent)
                        | (Yields::YesNo, InputKind::Flag)
                );
                if !fits {
                    let what = match wanted {
                        InputKind::Count => "一个数（条数 或 合计）",
                        InputKind::Percent => "一个比例（占比）",
                        InputKind::Flag => "是或否（有无）",
                        InputKind::Score => "评定的分数，不能由台账计算",
                    };
                    self.error(
                        Some(&item.id),
                        format!("{loc}，“{}”", rule.label),
                        format!("这条规则要的是{what}，“{}”算不出", excerpt(&feed.from)),
                    );
                }
            }
        }
    }

    fn ledger_fields(&mut self, ledger: &Ledger, loc: &str) {
        if ledger.fields.len() > MAX_LEDGER_FIELDS {
            self.error(
                Some(&ledger.item),
                loc.to_string(),
                format!("字段太多（最多{MAX_LEDGER_FIELDS}个）"),
            );
        }
        let mut ids = BTreeSet::new();
        let mut labels = BTreeSet::new();
        for f in &ledger.fields {
            let at = format!("{loc}，字段“{}”", excerpt(&f.label));
            if f.id.trim().is_empty() || !ids.insert(f.id.as_str()) {
                self.error(
                    Some(&ledger.item),
                    at.clone(),
                    "字段的 id 不能为空或重复".into(),
                );
            }
            // A derivation names a field by its label: it must read as one name.
            let reserved = [
                '(', ')', '（', '）', ',', '，', '<', '>', '=', '≠', '≤', '≥', '!', '且',
            ];
            if f.label.trim().is_empty()
                || f.label.contains(reserved)
                || ["日期", "事由"].contains(&f.label.as_str())
            {
                self.error(
                    Some(&ledger.item),
                    at.clone(),
                    "字段名不能为空，不能是“日期”“事由”，不能含括号、逗号、比较符号或“且”".into(),
                );
            } else if !labels.insert(f.label.as_str()) {
                self.error(Some(&ledger.item), at.clone(), "字段名重复".into());
            }
            if let FieldKind::Choice(options) = &f.kind {
                let distinct: BTreeSet<&String> = options.iter().collect();
                if options.is_empty()
                    || options.len() > MAX_CHOICES
                    || distinct.len() != options.len()
                    || options.iter().any(|o| o.trim().is_empty())
                {
                    self.error(
                        Some(&ledger.item),
                        at,
                        format!("可选的值须有1到{MAX_CHOICES}个，不能为空或重复"),
                    );
                }
            }
        }
    }
}
