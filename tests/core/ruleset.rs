//! The 2015 ruleset against its source document, and every kind of broken ruleset:
//! syntax, schema and semantic errors, each located and explained in Chinese.

use crate::common::*;
use kaoping::catalog::{RulesetLoadError, load_ruleset_text};
use kaoping::ruleset_check::Severity;

const TEXT_2015: &str = include_str!("../../rulesets/yueyang-2015.ron");
const SEED: &str = include_str!("../fixtures/seed-2015.txt");

/// The seed is a Word export: ` eq \o\ac(○,1)` is an enclosed digit.
fn normalized_seed() -> String {
    SEED.replace(" eq \\o\\ac(○,1)", "①")
        .replace(" eq \\o\\ac(○,2)", "②")
        .replace(" eq \\o\\ac(○,3)", "③")
}

#[test]
fn the_2015_ruleset_has_the_shape_of_the_attachment() {
    let loaded = rs2015();
    let rs = &loaded.ruleset;
    assert_eq!(rs.id, "yueyang-2015");
    assert_eq!(rs.year, 2015);
    assert_eq!(rs.title, "2015年县市区妇联工作绩效考核自评表");
    let shape: Vec<(&str, String, usize)> = rs
        .categories
        .iter()
        .map(|c| (c.name.as_str(), c.points.to_string(), c.items.len()))
        .collect();
    assert_eq!(
        shape,
        vec![
            ("办公室工作", "16".into(), 8),
            ("维权工作", "14".into(), 5),
            ("儿童工作", "14".into(), 7),
            ("妇儿工委工作", "14".into(), 7),
            ("组织工作", "14".into(), 8),
            ("宣传工作", "14".into(), 4),
            ("事业部", "14".into(), 5),
        ]
    );
    assert_eq!(rs.items().count(), 44);
    let total: rust_decimal::Decimal = rs.items().map(|(_, i)| i.points).sum();
    assert_eq!(total, d("100"));
    assert!(rs.footnote.contains("扣完本项标准分为止"));
    // Two items have an empty 考核内容 cell, as on the paper.
    let empty: Vec<&str> = rs
        .items()
        .filter(|(_, i)| i.content.is_empty())
        .map(|(_, i)| i.id.as_str())
        .collect();
    assert_eq!(empty, vec!["organization.tasks", "publicity.tasks"]);
}

#[test]
fn units_and_classes_follow_the_notice() {
    let loaded = rs2015();
    let rs = &loaded.ruleset;
    let class_of = |name: &str| rs.find_unit(name).map(|u| u.class.as_str());
    for n in ["平江县", "岳阳县", "华容县", "湘阴县", "临湘市", "汨罗市"] {
        assert_eq!(class_of(n), Some("county"), "{n}");
    }
    for n in ["岳阳楼区", "君山区", "云溪区"] {
        assert_eq!(class_of(n), Some("district"), "{n}");
    }
    for n in [
        "岳阳经济技术开发区",
        "经开区",
        "城陵矶新港区",
        "临港产业新区",
        "南湖新区",
        "屈原管理区",
    ] {
        assert_eq!(class_of(n), Some("zone"), "{n}");
    }
    assert_eq!(rs.units.len(), 13);
    assert_eq!(class_of("市直妇委会"), None);
}

#[test]
fn every_text_is_verbatim_from_the_seed() {
    let seed = normalized_seed();
    let loaded = rs2015();
    for (cat, item) in loaded.ruleset.items() {
        assert!(
            seed.contains(&item.content),
            "考核内容 of {} not in seed: {}",
            item.id,
            item.content
        );
        assert!(
            seed.contains(&item.rule_text),
            "考核说明 of {} not in seed: {}",
            item.id,
            item.rule_text
        );
        assert!(seed.contains(&format!("{}分", item.points)), "{}", item.id);
        let vertical: String = cat.name.chars().map(|c| format!("{c}\n\n")).collect();
        assert!(
            seed.contains(vertical.trim_end()),
            "category {} not in seed",
            cat.name
        );
    }
    assert!(seed.contains(&loaded.ruleset.footnote));
}

#[test]
fn the_only_finding_is_the_petitions_warning() {
    let loaded = rs2015();
    assert_eq!(loaded.findings.len(), 1, "{:#?}", loaded.findings);
    let f = &loaded.findings[0];
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.item.as_deref(), Some("rights.petitions"));
    // Named as a person names the item, not by its id.
    assert_eq!(f.location, "维权工作 第4项（认真做好信访接待工作）");
    assert!(
        f.message.contains("4分") && f.message.contains("3分"),
        "{}",
        f.message
    );
}

#[test]
fn every_rule_has_a_label_and_a_unique_id_within_its_item() {
    let loaded = rs2015();
    for (_, item) in loaded.ruleset.items() {
        let mut ids: Vec<&str> = item.all_rules().map(|r| r.id.as_str()).collect();
        let before = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), before, "{}", item.id);
        assert!(item.all_rules().all(|r| !r.label.is_empty()));
    }
}

// ------------------------------------------------------------------ broken rulesets

fn broken(from: &str, to: &str) -> String {
    assert!(TEXT_2015.contains(from), "fixture text {from:?} not found");
    TEXT_2015.replacen(from, to, 1)
}

fn parse_error(text: &str) -> kaoping::ron_errors::RonLoadError {
    match load_ruleset_text(text, "坏规则.ron") {
        Err(RulesetLoadError::Parse(mut e)) => e.remove(0),
        Err(other) => panic!("unexpected {other}"),
        Ok(_) => panic!("a broken ruleset loaded"),
    }
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn a_syntax_error_names_file_line_and_column() {
    let text = broken("    year: 2015,\n", "    year: 2015\n");
    let e = parse_error(&text);
    assert_eq!(e.source, "坏规则.ron");
    assert_eq!(e.line, line_of(&text, "title:"));
    let msg = e.to_string();
    assert!(msg.starts_with("文件“坏规则.ron”第"), "{msg}");
    assert!(
        msg.contains("缺少逗号") || msg.contains("结构没有正确结束"),
        "{msg}"
    );
}

#[test]
fn a_truncated_ruleset_says_so() {
    let text = &TEXT_2015[..TEXT_2015.len() / 2];
    let e = parse_error(text);
    assert!(e.message.contains("文件意外结束"), "{}", e.message);
}

#[test]
fn a_missing_field_is_named() {
    let text = broken("    issuer: \"岳阳市妇女联合会\",\n", "");
    let e = parse_error(&text);
    assert!(e.message.contains("缺少字段“issuer”"), "{}", e.message);
}

#[test]
fn an_unknown_rule_kind_lists_the_known_ones() {
    let text = broken(
        "kind: DeductIfNot(amount: \"2\")",
        "kind: Deduct(amount: \"2\")",
    );
    let e = parse_error(&text);
    assert!(e.message.contains("没有“Deduct”这种写法"), "{}", e.message);
    assert!(
        e.message.contains("DeductIfNot") && e.message.contains("RateStep"),
        "{}",
        e.message
    );
    assert_eq!(e.line, line_of(&text, "kind: Deduct(amount"));
}

#[test]
fn an_unknown_field_is_named() {
    let text = broken(
        "points: \"16\",",
        "points: \"16\",\n            colour: \"red\",",
    );
    let e = parse_error(&text);
    assert!(e.message.contains("没有字段“colour”"), "{}", e.message);
}

#[test]
fn a_float_where_a_decimal_string_belongs_is_refused() {
    let text = broken("per: \"0.5\", unit: \"条\"", "per: 0.5, unit: \"条\"");
    let e = parse_error(&text);
    assert!(e.message.contains("双引号"), "{}", e.message);
    assert_eq!(e.line, line_of(&text, "per: 0.5"));
}

#[test]
fn every_unknown_or_repeated_field_is_listed_at_once_with_its_line() {
    let text = broken(
        "points: \"16\",",
        "points: \"16\",\n            colour: \"red\",",
    );
    let text = text.replacen(
        "rule_text: \"每少一条扣0.5分\",",
        "rule_text: \"每少一条扣0.5分\",\n                    pionts: [\"6\", Fixed(2)],",
        1,
    );
    let text = text.replacen(
        "UnitClass(id: \"zone\", name: \"功能区\")",
        "UnitClass(id: \"zone\", name: \"功能区\", name: \"区\")",
        1,
    );
    let errors = match load_ruleset_text(&text, "坏规则.ron") {
        Err(RulesetLoadError::Parse(e)) => e,
        other => panic!("expected parse errors, got {other:?}"),
    };
    let found: Vec<(usize, &str)> = errors
        .iter()
        .map(|e| (e.line, e.message.as_str()))
        .collect();
    assert_eq!(errors.len(), 3, "{found:#?}");
    assert_eq!(errors[0].line, line_of(&text, "UnitClass(id: \"zone\""));
    assert!(errors[0].message.contains("字段“name”重复"), "{found:?}");
    assert_eq!(errors[1].line, line_of(&text, "colour:"));
    assert!(errors[1].message.contains("没有字段“colour”"), "{found:?}");
    assert_eq!(errors[2].line, line_of(&text, "pionts:"));
    assert!(errors[2].message.contains("没有字段“pionts”"), "{found:?}");
    // Columns are those of the file as written, not of the text with fields blanked.
    assert_eq!(errors[2].column, 21);
}

#[test]
fn a_syntax_error_after_an_unknown_field_ends_the_list() {
    let text = broken(
        "points: \"16\",",
        "colour: \"red\",\n            points: \"16\",",
    );
    let text = text.replacen("    year: 2015,\n", "    year: 2015\n", 1);
    let errors = match load_ruleset_text(&text, "坏规则.ron") {
        Err(RulesetLoadError::Parse(e)) => e,
        other => panic!("expected parse errors, got {other:?}"),
    };
    // The missing comma comes first in the text and stops the reading there.
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].line, line_of(&text, "title:"));
}

#[test]
fn findings_of_the_check_carry_their_line() {
    let located = |text: &str, fragment: &str| -> Option<usize> {
        let loaded = load_ruleset_text(text, "改过的规则.ron").expect("parses");
        loaded
            .findings
            .iter()
            .find(|f| f.to_string().contains(fragment))
            .and_then(|f| f.line)
    };
    // A repeated item id: the line of the second one.
    let text = broken("id: \"office.march8\"", "id: \"office.plans\"");
    let second = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("id: \"office.plans\""))
        .nth(1)
        .unwrap()
        .0
        + 1;
    assert_eq!(located(&text, "项目 id “office.plans”重复"), Some(second));
    // A rule's target without a class: the rule's line.
    let text = broken(
        "ByClass({\"county\": 80, \"district\": 50, \"zone\": 30})",
        "ByClass({\"county\": 80, \"district\": 50})",
    );
    assert_eq!(
        located(&text, "缺少“功能区”类单位的目标数"),
        Some(line_of(&text, "Rule(id: \"city\""))
    );
    // Totals: the total_points line. An empty category: the category's id line.
    let text = broken("total_points: \"100\"", "total_points: \"90\"");
    assert_eq!(
        located(&text, "与总分90分不符"),
        Some(line_of(&text, "total_points:"))
    );
    // The 2015 file's own warning (信访接待) points at its item.
    let loaded = load_ruleset_text(TEXT_2015, "2015.ron").unwrap();
    let w = &loaded.findings[0];
    assert_eq!(w.line, Some(line_of(TEXT_2015, "id: \"rights.petitions\"")));
    assert!(w.to_string().starts_with("警告：第"), "{w}");
}

fn errors_of(text: &str) -> Vec<String> {
    let loaded = load_ruleset_text(text, "改过的规则.ron").expect("parses");
    loaded
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.to_string())
        .collect()
}

#[track_caller]
fn assert_semantic_error(text: &str, fragment: &str) {
    let errors = errors_of(text);
    assert!(
        errors.iter().any(|e| e.contains(fragment)),
        "no error with {fragment:?}: {errors:#?}"
    );
}

#[test]
fn duplicate_ids_are_errors() {
    assert_semantic_error(
        &broken("id: \"office.march8\"", "id: \"office.plans\""),
        "项目 id “office.plans”重复",
    );
    assert_semantic_error(
        &broken("Rule(id: \"half\"", "Rule(id: \"plan\""),
        "规则 id “plan”在本项中重复",
    );
    assert_semantic_error(
        &broken("Unit(id: \"huarong\"", "Unit(id: \"pingjiang\""),
        "单位 id “pingjiang”重复",
    );
}

#[test]
fn points_that_do_not_add_up_are_errors() {
    // An item's points changed: its category and the total no longer add up.
    let text = broken(
        "rule_text: \"没有及时完成扣2分\",\n                    points: \"2\"",
        "rule_text: \"没有及时完成扣2分\",\n                    points: \"3\"",
    );
    assert_semantic_error(&text, "各项目标准分合计17分，与类别分值16分不符");
    let text = broken("total_points: \"100\"", "total_points: \"90\"");
    assert_semantic_error(&text, "各类别分值合计100分，与总分90分不符");
}

#[test]
fn a_missing_class_target_is_an_error() {
    let text = broken(
        "ByClass({\"county\": 80, \"district\": 50, \"zone\": 30})",
        "ByClass({\"county\": 80, \"district\": 50})",
    );
    assert_semantic_error(&text, "缺少“功能区”类单位的目标数");
    let text = broken(
        "ByClass({\"county\": 80, \"district\": 50, \"zone\": 30})",
        "ByClass({\"county\": 80, \"district\": 50, \"zone\": 30, \"city\": 9})",
    );
    assert_semantic_error(&text, "单位类别“city”不存在");
}

#[test]
fn negative_or_zero_amounts_are_errors() {
    assert_semantic_error(
        &broken("DeductIfNot(amount: \"2\")", "DeductIfNot(amount: \"-2\")"),
        "分值必须大于0（现为-2）",
    );
    assert_semantic_error(
        &broken("per: \"0.5\", unit: \"条\"", "per: \"0\", unit: \"条\""),
        "每少一个扣分必须大于0",
    );
    assert_semantic_error(
        &broken(
            "target: Fixed(5), per: \"0.4\"",
            "target: Fixed(0), per: \"0.4\"",
        ),
        "目标数不能为0",
    );
}

#[test]
fn parts_that_cannot_be_capped_are_errors() {
    // A part worth more than its item.
    let text = broken(
        "Part(id: \"lectures\", label: \"社区家庭律师普法讲座\", points: \"2\"",
        "Part(id: \"lectures\", label: \"社区家庭律师普法讲座\", points: \"4\"",
    );
    assert_semantic_error(&text, "部分分值4分超过项目标准分3分");
    // Parts that can never reach the item's points.
    let text = broken(
        "Part(id: \"general\", label: \"主题突出、按时上报信息和总结、附活动图片\", points: \"1\"",
        "Part(id: \"general\", label: \"主题突出、按时上报信息和总结、附活动图片\", points: \"0.5\"",
    );
    let errors = errors_of(&text);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("各部分合计2.5分，少于标准分3分")),
        "{errors:#?}"
    );
    // Awards and deductions mixed in one group cannot be scored.
    let text = broken(
        "Rule(id: \"course\", label: \"已上报家庭教育精品课程\", kind: DeductIfNot(amount: \"1\"))",
        "Rule(id: \"course\", label: \"已上报家庭教育精品课程\", kind: AwardIf(amount: \"1\"))",
    );
    assert_semantic_error(&text, "同一组规则不能既加分又扣分");
}

#[test]
fn an_unknown_figure_is_an_error() {
    let text = broken(
        "PerFigure(figure: \"townships\", factor: 2)",
        "PerFigure(figure: \"villages\", factor: 2)",
    );
    assert_semantic_error(&text, "单位数据“villages”没有在 figures 中定义");
}

#[test]
fn a_value_serde_describes_in_english_is_quoted_in_chinese() {
    let text = include_str!("../../rulesets/yueyang-2015.ron").replacen(
        "points: \"16\"",
        "points: \"1e400\"",
        1,
    );
    let message = match kaoping::catalog::load_ruleset_text(&text, "x.ron") {
        Err(e) => e.to_string(),
        Ok(_) => panic!("1e400 points taken"),
    };
    assert!(message.contains("取值“1e400”无效"), "{message}");
    assert!(!message.contains("the string"), "{message}");
}
