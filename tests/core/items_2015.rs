//! Every one of the 44 items of the 2015 ruleset: facts in, exact score and explanation out,
//! with each unit class where targets differ and the boundaries (on target, one below, far
//! below the cap, 87/85/80 % on the rate steps, 0 reports on the proportional rule).

use crate::common::*;
use kaoping::scoring::{ItemStatus, ProblemKind};

// ---------------------------------------------------------------- 办公室工作

#[test]
fn office_info_by_class() {
    let r = score(
        "平江县",
        None,
        "office.info",
        &[("city", n("72")), ("province", n("40"))],
    );
    assert_scored(
        &r,
        "2",
        &[
            "市妇联采用信息：目标80条（县市类），实际72条，少8条×0.5=扣4分",
            "省妇联采用信息：目标40条（县市类），实际40条，已达标，不扣分",
            "按规则得2分（标准分6分）",
        ],
    );
    let r = score(
        "君山区",
        None,
        "office.info",
        &[("city", n("50")), ("province", n("24"))],
    );
    assert_scored(
        &r,
        "5.5",
        &["省妇联采用信息：目标25条（城区类），实际24条，少1条×0.5=扣0.5分"],
    );
    let r = score(
        "经开区",
        None,
        "office.info",
        &[("city", n("30")), ("province", n("15"))],
    );
    assert_scored(
        &r,
        "6",
        &["市妇联采用信息：目标30条（功能区类），实际30条，已达标，不扣分"],
    );
    // One below on the city count for a county.
    let r = score(
        "汨罗市",
        None,
        "office.info",
        &[("city", n("79")), ("province", n("45"))],
    );
    assert_scored(&r, "5.5", &[]);
}

#[test]
fn office_info_far_below_stops_at_zero() {
    let r = score(
        "华容县",
        None,
        "office.info",
        &[("city", n("0")), ("province", n("0"))],
    );
    assert_scored(&r, "0", &["扣分合计60分，超过6分，扣完为止"]);
}

#[test]
fn office_info_needs_a_unit_for_its_class_target() {
    let r = score(
        "",
        None,
        "office.info",
        &[("city", n("72")), ("province", n("40"))],
    );
    assert_error(&r, "请先在表头选择填报单位");
}

#[test]
fn office_research_is_proportional_by_class() {
    let r = score("岳阳县", None, "office.research", &[("reports", n("2"))]);
    assert_scored(
        &r,
        "2",
        &["上报调研报告：目标3篇（县市类），实际2篇，少1篇，按比例扣3×1/3=1分"],
    );
    let r = score("岳阳县", None, "office.research", &[("reports", n("0"))]);
    assert_scored(
        &r,
        "0",
        &["上报调研报告：目标3篇（县市类），实际0篇，少3篇，按比例扣3×3/3=3分"],
    );
    let r = score("云溪区", None, "office.research", &[("reports", n("1"))]);
    assert_scored(
        &r,
        "1.5",
        &["上报调研报告：目标2篇（城区类），实际1篇，少1篇，按比例扣3×1/2=1.5分"],
    );
    let r = score("南湖新区", None, "office.research", &[("reports", n("1"))]);
    assert_scored(
        &r,
        "3",
        &["上报调研报告：目标1篇（功能区类），实际1篇，已完成，不扣分"],
    );
    let r = score("南湖新区", None, "office.research", &[("reports", n("4"))]);
    assert_scored(&r, "3", &[]);
}

#[test]
fn office_statistics() {
    assert_scored(
        &score("平江县", None, "office.statistics", &[("done", yes())]),
        "2",
        &["及时完成妇联系统统计工作：是，不扣分"],
    );
    assert_scored(
        &score("平江县", None, "office.statistics", &[("done", no())]),
        "0",
        &["及时完成妇联系统统计工作：否，扣2分"],
    );
}

#[test]
fn office_plans_half_point_each_capped_at_one() {
    let r = score(
        "平江县",
        None,
        "office.plans",
        &[("plan", yes()), ("half", no()), ("annual", yes())],
    );
    assert_scored(&r, "0.5", &["有半年工作总结并及时上报：否，扣0.5分"]);
    let r = score(
        "平江县",
        None,
        "office.plans",
        &[("plan", no()), ("half", no()), ("annual", no())],
    );
    assert_scored(&r, "0", &["扣分合计1.5分，超过1分，扣完为止"]);
}

#[test]
fn office_march8() {
    assert_scored(
        &score("平江县", None, "office.march8", &[("report", yes())]),
        "1",
        &[],
    );
    assert_scored(
        &score("平江县", None, "office.march8", &[("report", no())]),
        "0",
        &["有“三八”系列活动汇报材料：否，扣1分"],
    );
}

#[test]
fn office_meetings_per_absence() {
    assert_scored(
        &score("平江县", None, "office.meetings", &[("absent", n("0"))]),
        "1",
        &["缺席会议、培训班：0次，不扣分"],
    );
    assert_scored(
        &score("平江县", None, "office.meetings", &[("absent", n("1"))]),
        "0.5",
        &["缺席会议、培训班：1次×0.5=扣0.5分"],
    );
    assert_scored(
        &score("平江县", None, "office.meetings", &[("absent", n("3"))]),
        "0",
        &["扣分合计1.5分，超过1分，扣完为止"],
    );
}

fn judgement_item(id: &str, points: &str) {
    let r = score("平江县", None, id, &[]);
    assert_eq!(r.status, ItemStatus::Unfilled);
    assert_eq!(r.score, None);
    assert!(
        r.problems
            .iter()
            .any(|p| p.kind == ProblemKind::Unfilled && p.message.contains("凭评定打分"))
    );
    let r = score_entry("平江县", None, id, entry(&[], Some((points, "全部完成"))));
    assert_scored(
        &r,
        points,
        &[&format!("手动评分{points}分（理由：全部完成）")],
    );
    let r = score_entry("平江县", None, id, entry(&[], Some(("0.5", "部分完成"))));
    assert_scored(&r, "0.5", &[]);
    assert!(r.manual);
    assert_error(
        &score_entry("平江县", None, id, entry(&[], Some(("0.5", "  ")))),
        "手动评分须填写理由",
    );
    let over = format!("{}.5", points);
    assert_error(
        &score_entry("平江县", None, id, entry(&[], Some((&over, "多给")))),
        &format!("手动评分须在0到{points}分之间"),
    );
    assert_error(
        &score_entry("平江县", None, id, entry(&[], Some(("-1", "扣")))),
        "手动评分须在0到",
    );
    assert_error(
        &score_entry("平江县", None, id, entry(&[], Some(("0.555", "细")))),
        "最多两位小数",
    );
}

#[test]
fn office_internal_is_judgement() {
    judgement_item("office.internal", "1");
}

#[test]
fn office_other_is_judgement() {
    judgement_item("office.other", "1");
}

// ---------------------------------------------------------------- 维权工作

#[test]
fn rights_publicity_parts() {
    let r = score(
        "平江县",
        None,
        "rights.publicity",
        &[("held", n("4")), ("small", n("1")), ("judged", n("0.8"))],
    );
    assert_scored(
        &r,
        "2.2",
        &[
            "在社区举办家庭律师普法讲座：目标5场，实际4场，少1场×0.4=扣0.4分",
            "参加妇女少于50人的讲座：1场×0.2=扣0.2分",
            "“社区家庭律师普法讲座”（2分）得1.4分",
            "法律宣传活动评定得分：评定0.8分",
            "按规则得2.2分（标准分3分）",
        ],
    );
    let r = score(
        "平江县",
        None,
        "rights.publicity",
        &[("held", n("0")), ("small", n("5")), ("judged", n("1"))],
    );
    assert_scored(
        &r,
        "1",
        &[
            "“社区家庭律师普法讲座”扣分合计3分，超过2分，扣完为止",
            "“社区家庭律师普法讲座”（2分）得0分",
        ],
    );
    let r = score(
        "平江县",
        None,
        "rights.publicity",
        &[("held", n("5")), ("small", n("0")), ("judged", n("1"))],
    );
    assert_scored(&r, "3", &[]);
    assert_error(
        &score(
            "平江县",
            None,
            "rights.publicity",
            &[("held", n("5")), ("small", n("0")), ("judged", n("1.5"))],
        ),
        "请输入0到1之间的分数",
    );
}

#[test]
fn rights_publicity_partly_filled_has_no_score() {
    let r = score("平江县", None, "rights.publicity", &[("held", n("5"))]);
    assert_eq!(r.status, ItemStatus::Partial);
    assert_eq!(r.score, None);
    let msg = &r
        .problems
        .iter()
        .find(|p| p.kind == ProblemKind::Unfilled)
        .unwrap()
        .message;
    assert!(
        msg.contains("参加妇女少于50人的讲座") && msg.contains("法律宣传活动评定得分"),
        "{msg}"
    );
}

#[test]
fn rights_mediation() {
    let r = score(
        "平江县",
        None,
        "rights.mediation",
        &[("committee", no()), ("working", yes())],
    );
    assert_scored(&r, "1", &["已建立婚姻家庭纠纷人民调解委员会：否，扣2分"]);
    assert_scored(
        &score(
            "平江县",
            None,
            "rights.mediation",
            &[("committee", yes()), ("working", no())],
        ),
        "2",
        &[],
    );
}

#[test]
fn rights_research() {
    assert_scored(
        &score(
            "平江县",
            None,
            "rights.research",
            &[("report", yes()), ("proposal", no())],
        ),
        "1",
        &[],
    );
    assert_scored(
        &score(
            "平江县",
            None,
            "rights.research",
            &[("report", no()), ("proposal", no())],
        ),
        "0",
        &[],
    );
}

#[test]
fn rights_petitions_four_awards_capped_at_three_with_a_warning() {
    let all = [
        ("cases", yes()),
        ("hotline", yes()),
        ("closure", yes()),
        ("data", yes()),
    ];
    let r = score("平江县", None, "rights.petitions", &all);
    assert_scored(
        &r,
        "3",
        &[
            "计分合计4分，超过标准分3分，按3分计",
            "信访办结率达95％以上：是，计1分",
        ],
    );
    let r = score(
        "平江县",
        None,
        "rights.petitions",
        &[
            ("cases", yes()),
            ("hotline", no()),
            ("closure", yes()),
            ("data", no()),
        ],
    );
    assert_scored(
        &r,
        "2",
        &["12338维权热线系统完备畅通、按办法开展工作：否，不计分"],
    );
    // The ruleset's own remark shows on this row of a sheet as a 规则说明, not a problem:
    // the clerk cannot fix it.
    let loaded = rs2015();
    let sheet = kaoping::sheet::Sheet::new(&loaded, Some("pingjiang".into()));
    let report = sheet.evaluate(&loaded);
    let row = report.item("rights.petitions").unwrap();
    assert!(!row.has_warning());
    assert!(
        row.rule_notes
            .iter()
            .any(|n| n.contains("4分") && n.contains("3分"))
    );
    assert_eq!(report.count(ProblemKind::Warning), 0);
    assert_eq!(
        report
            .items
            .iter()
            .filter(|i| !i.rule_notes.is_empty())
            .count(),
        1
    );
}

#[test]
fn rights_violence() {
    let r = score(
        "平江县",
        None,
        "rights.violence",
        &[("assessed", n("3")), ("unfiled", n("1"))],
    );
    assert_scored(
        &r,
        "1.4",
        &[
            "进行风险评估的家暴信访案件：目标5起，实际3起，少2起×0.2=扣0.4分",
            "未按要求备案和回访的高危案件：1起×0.2=扣0.2分",
        ],
    );
    assert_scored(
        &score(
            "平江县",
            None,
            "rights.violence",
            &[("assessed", n("0")), ("unfiled", n("6"))],
        ),
        "0",
        &["扣分合计2.2分，超过2分，扣完为止"],
    );
}

// ---------------------------------------------------------------- 儿童工作

#[test]
fn children_family_education() {
    let r = score(
        "平江县",
        None,
        "children.family_education",
        &[("lectures", n("1")), ("course", yes())],
    );
    assert_scored(
        &r,
        "2",
        &["开展家庭教育公益讲座：目标2场，实际1场，少1场×1=扣1分"],
    );
    assert_scored(
        &score(
            "平江县",
            None,
            "children.family_education",
            &[("lectures", n("0")), ("course", no())],
        ),
        "0",
        &[],
    );
    assert_scored(
        &score(
            "平江县",
            None,
            "children.family_education",
            &[("lectures", n("2")), ("course", yes())],
        ),
        "3",
        &[],
    );
}

#[test]
fn children_left_behind_parts() {
    let r = score(
        "平江县",
        None,
        "children.left_behind",
        &[
            ("evaluation", yes()),
            ("activities", no()),
            ("counselor", yes()),
            ("monthly", yes()),
        ],
    );
    assert_scored(
        &r,
        "3",
        &[
            "“试点工作（1）（2）（3）”（3分）得2分",
            "每月组织志愿者参与活动：是，计1分",
            "“（4）志愿者活动”（1分）得1分",
        ],
    );
    let r = score(
        "平江县",
        None,
        "children.left_behind",
        &[
            ("evaluation", no()),
            ("activities", no()),
            ("counselor", no()),
            ("monthly", no()),
        ],
    );
    assert_scored(&r, "0", &[]);
}

#[test]
fn children_database_is_judgement() {
    judgement_item("children.database", "1");
}

#[test]
fn children_rainbow() {
    assert_scored(
        &score("平江县", None, "children.rainbow", &[("target_met", no())]),
        "0",
        &["达到“彩虹行”捐助任务数：否，扣1分"],
    );
    assert_scored(
        &score("平江县", None, "children.rainbow", &[("target_met", yes())]),
        "1",
        &[],
    );
}

#[test]
fn children_june1() {
    assert_scored(
        &score(
            "平江县",
            None,
            "children.june1",
            &[("own", no()), ("joint", yes())],
        ),
        "1",
        &[],
    );
}

#[test]
fn children_participation_is_judgement() {
    judgement_item("children.participation", "2");
}

#[test]
fn children_reports_is_judgement() {
    judgement_item("children.reports", "1");
}

// ---------------------------------------------------------------- 妇儿工委工作

#[test]
fn committee_leadership_awards() {
    let r = score(
        "平江县",
        None,
        "committee.leadership",
        &[("meetings", yes()), ("problems", no())],
    );
    assert_scored(
        &r,
        "1",
        &[
            "定期召开妇儿工委委员或联络员会议：是，计1分",
            "研究解决1-2个妇女儿童发展中重、难点问题：否，不计分",
        ],
    );
}

#[test]
fn committee_office() {
    assert_scored(
        &score(
            "平江县",
            None,
            "committee.office",
            &[("staffing", yes()), ("system", yes())],
        ),
        "2",
        &[],
    );
    assert_scored(
        &score(
            "平江县",
            None,
            "committee.office",
            &[("staffing", no()), ("system", no())],
        ),
        "0",
        &[],
    );
}

#[test]
fn committee_plan_targets_parts() {
    let r = score(
        "平江县",
        None,
        "committee.plan_targets",
        &[("no_owner", n("2")), ("unmet", n("1"))],
    );
    assert_scored(
        &r,
        "1.35",
        &[
            "无责任单位的重点指标：2项×0.2=扣0.4分",
            "未达标的重点指标：1项×0.25=扣0.25分",
            "“②重点指标跟踪管理”（1分）得0.75分",
        ],
    );
    let r = score(
        "平江县",
        None,
        "committee.plan_targets",
        &[("no_owner", n("10")), ("unmet", n("0"))],
    );
    assert_scored(
        &r,
        "1",
        &["“①指标分解到部门”扣分合计2分，超过1分，扣完为止"],
    );
}

#[test]
fn committee_members_parts() {
    let r = score(
        "平江县",
        None,
        "committee.members",
        &[
            ("missing", n("3")),
            ("missing_docs", n("0")),
            ("absent", n("12")),
        ],
    );
    assert_scored(
        &r,
        "1.7",
        &[
            "缺席活动和会议：12次×0.1=扣1.2分",
            "“③参加活动和会议”（1分）得0分",
        ],
    );
}

#[test]
fn committee_monitoring() {
    let r = score(
        "平江县",
        None,
        "committee.monitoring",
        &[
            ("stats_group", yes()),
            ("eval_group", no()),
            ("reports", yes()),
        ],
    );
    assert_scored(&r, "1.5", &["①已成立监测统计组：是，计0.5分"]);
}

#[test]
fn committee_training() {
    assert_scored(
        &score("平江县", None, "committee.training", &[("held", no())]),
        "0",
        &[],
    );
    assert_scored(
        &score("平江县", None, "committee.training", &[("held", yes())]),
        "2",
        &[],
    );
}

#[test]
fn committee_planning() {
    assert_scored(
        &score(
            "平江县",
            None,
            "committee.planning",
            &[("women", yes()), ("children", no())],
        ),
        "0.5",
        &["已编制儿童发展规划初稿：否，扣0.5分"],
    );
}

// ---------------------------------------------------------------- 组织工作

#[test]
fn organization_scheme() {
    assert_scored(
        &score("平江县", None, "organization.scheme", &[("issued", yes())]),
        "2",
        &[],
    );
    assert_scored(
        &score("平江县", None, "organization.scheme", &[("issued", no())]),
        "0",
        &["已出台实施方案：否，不计分"],
    );
}

#[test]
fn organization_homes_targets_from_townships() {
    let r = score(
        "平江县",
        Some(10),
        "organization.homes",
        &[("city", n("1")), ("county", n("8")), ("township", n("20"))],
    );
    assert_scored(
        &r,
        "1",
        &[
            "市级示范点：目标1个，实际1个，已达标，不扣分",
            "县级示范点：目标10个（乡镇数10），实际8个，少2个×0.5=扣1分",
            "乡级示范点：目标20个（乡镇数10×2），实际20个，已达标，不扣分",
        ],
    );
    let r = score(
        "平江县",
        Some(10),
        "organization.homes",
        &[("city", n("0")), ("county", n("10")), ("township", n("19"))],
    );
    assert_scored(&r, "0.5", &["市级示范点：目标1个，实际0个，少1个×1=扣1分"]);
    let r = score(
        "平江县",
        Some(10),
        "organization.homes",
        &[("city", n("0")), ("county", n("0")), ("township", n("0"))],
    );
    assert_scored(&r, "0", &["扣分合计16分，超过2分，扣完为止"]);
    let r = score(
        "平江县",
        None,
        "organization.homes",
        &[("city", n("1")), ("county", n("8")), ("township", n("20"))],
    );
    assert_error(&r, "请先在表头填写乡镇数");
}

#[test]
fn organization_talent() {
    let r = score(
        "平江县",
        None,
        "organization.talent",
        &[("on_time", no()), ("errors", n("3"))],
    );
    assert_scored(
        &r,
        "0.4",
        &[
            "按时报送（未延报）：否，扣1分",
            "漏报、错报：3处×0.2=扣0.6分",
        ],
    );
}

#[test]
fn organization_deputies() {
    assert_scored(
        &score(
            "平江县",
            None,
            "organization.deputies",
            &[("activities", n("1"))],
        ),
        "1",
        &[],
    );
    assert_scored(
        &score(
            "平江县",
            None,
            "organization.deputies",
            &[("activities", n("0"))],
        ),
        "0",
        &[],
    );
    assert_scored(
        &score(
            "平江县",
            None,
            "organization.deputies",
            &[("activities", n("3"))],
        ),
        "2",
        &[],
    );
}

#[test]
fn organization_school_shortfall_entered_by_unit() {
    assert_scored(
        &score("平江县", None, "organization.school", &[("short", n("1"))]),
        "1.5",
        &["干校调训少完成：1人×0.5=扣0.5分"],
    );
}

#[test]
fn organization_cadre_training() {
    assert_scored(
        &score(
            "平江县",
            None,
            "organization.cadre_training",
            &[("done", no())],
        ),
        "1",
        &[],
    );
}

#[test]
fn organization_classes() {
    assert_scored(
        &score("平江县", None, "organization.classes", &[("held", n("0"))]),
        "0.5",
        &[],
    );
    assert_scored(
        &score("平江县", None, "organization.classes", &[("held", n("2"))]),
        "1",
        &[],
    );
}

#[test]
fn organization_tasks() {
    assert_scored(
        &score("平江县", None, "organization.tasks", &[("missed", n("1"))]),
        "0.5",
        &[],
    );
    assert_scored(
        &score("平江县", None, "organization.tasks", &[("missed", n("3"))]),
        "0",
        &["扣分合计1.5分，超过1分，扣完为止"],
    );
}

// ---------------------------------------------------------------- 宣传工作

#[test]
fn publicity_equality() {
    assert_scored(
        &score(
            "平江县",
            None,
            "publicity.equality",
            &[("march8", yes()), ("policy", no()), ("materials", no())],
        ),
        "2",
        &[],
    );
}

#[test]
fn publicity_finest() {
    let all = [
        ("held", yes()),
        ("promoted", yes()),
        ("info", yes()),
        ("stories", yes()),
        ("reading", yes()),
    ];
    assert_scored(&score("平江县", None, "publicity.finest", &all), "6", &[]);
    let mut some = all.clone();
    some[0].1 = no();
    assert_scored(&score("平江县", None, "publicity.finest", &some), "4", &[]);
}

#[test]
fn publicity_volunteers() {
    assert_scored(
        &score(
            "平江县",
            None,
            "publicity.volunteers",
            &[("pilot", no()), ("team", no())],
        ),
        "0",
        &[],
    );
}

#[test]
fn publicity_tasks() {
    assert_scored(
        &score("平江县", None, "publicity.tasks", &[("missed", n("0"))]),
        "1",
        &[],
    );
}

// ---------------------------------------------------------------- 事业部

#[test]
fn development_screening_rate_steps() {
    let s = |rate: &str| {
        score(
            "平江县",
            None,
            "development.screening",
            &[("rate", n(rate))],
        )
    };
    assert_scored(&s("90"), "4", &["年度检查任务完成率90%，达到90%，不扣分"]);
    assert_scored(&s("92.5"), "4", &[]);
    assert_scored(
        &s("87"),
        "4",
        &["年度检查任务完成率87%，低于90%共3个百分点，不满5个百分点，不扣分"],
    );
    assert_scored(
        &s("85"),
        "3",
        &["年度检查任务完成率85%，低于90%共5个百分点，每5个百分点一档，计1档×1=扣1分"],
    );
    assert_scored(&s("84.99"), "3", &[]);
    assert_scored(&s("80"), "2", &[]);
    assert_scored(&s("70"), "0", &[]);
    assert_scored(&s("0"), "0", &["扣分合计18分，超过4分，扣完为止"]);
    assert_error(&s("101"), "请输入0到100之间的百分数");
}

#[test]
fn development_loans_two_rates() {
    let r = score(
        "平江县",
        None,
        "development.loans",
        &[("people", n("27")), ("funds", n("20"))],
    );
    assert_scored(
        &r,
        "2",
        &["妇女获贷资金占发放总额的比例20%，低于30%共10个百分点，每5个百分点一档，计2档×0.5=扣1分"],
    );
    assert_scored(
        &score(
            "平江县",
            None,
            "development.loans",
            &[("people", n("0")), ("funds", n("0"))],
        ),
        "0",
        &[],
    );
    assert_scored(
        &score(
            "平江县",
            None,
            "development.loans",
            &[("people", n("30")), ("funds", n("35"))],
        ),
        "3",
        &[],
    );
}

#[test]
fn development_training() {
    assert_scored(
        &score(
            "平江县",
            None,
            "development.training",
            &[
                ("farmers", yes()),
                ("housekeeping", yes()),
                ("weaving", no()),
                ("bases", yes()),
            ],
        ),
        "3",
        &[],
    );
}

#[test]
fn development_spring_breeze() {
    assert_scored(
        &score(
            "平江县",
            None,
            "development.spring_breeze",
            &[("fair", no())],
        ),
        "0",
        &[],
    );
}

#[test]
fn development_merit_not_done_deducts_one_only() {
    assert_scored(
        &score("平江县", None, "development.merit", &[("held", no())]),
        "1",
        &["开展了城乡妇女岗位建功活动：否，扣1分"],
    );
}

// ---------------------------------------------------------------- invalid facts

#[test]
fn invalid_facts_are_errors_on_their_input() {
    let r = score("平江县", None, "office.meetings", &[("absent", n("-1"))]);
    assert_error(&r, "请输入0或正整数");
    assert_eq!(r.problems[0].rule.as_deref(), Some("absent"));
    assert_error(
        &score("平江县", None, "office.meetings", &[("absent", n("1.5"))]),
        "请输入0或正整数",
    );
    assert_error(
        &score(
            "平江县",
            None,
            "office.meetings",
            &[("absent", text("abc"))],
        ),
        "不是有效的数字",
    );
    assert_error(
        &score(
            "平江县",
            None,
            "office.meetings",
            &[("absent", text("1e3"))],
        ),
        "不是有效的数字",
    );
    assert_error(
        &score("平江县", None, "office.meetings", &[("absent", yes())]),
        "请输入0或正整数",
    );
    assert_error(
        &score("平江县", None, "office.statistics", &[("done", n("1"))]),
        "应选择“是”或“否”",
    );
    assert_error(
        &score(
            "平江县",
            None,
            "development.screening",
            &[("rate", n("90.555"))],
        ),
        "最多两位小数",
    );
}

#[test]
fn typed_text_is_read_as_clerks_mean_it() {
    let r = score(
        "平江县",
        None,
        "office.info",
        &[("city", text("８０")), ("province", text("39条"))],
    );
    assert_scored(
        &r,
        "5.5",
        &["市妇联采用信息：目标80条（县市类），实际80条，已达标，不扣分"],
    );
    let r = score("平江县", None, "office.meetings", &[("absent", text(""))]);
    assert_eq!(r.status, ItemStatus::Unfilled);
}

#[test]
fn a_manual_score_overrides_the_rules_and_says_so() {
    let r = score_entry(
        "平江县",
        None,
        "office.statistics",
        entry(
            &[("done", no())],
            Some(("1.5", "统计报表迟交一天，经市妇联同意")),
        ),
    );
    assert_scored(
        &r,
        "1.5",
        &["手动评分1.5分（理由：统计报表迟交一天，经市妇联同意），按规则为0分"],
    );
    assert_eq!(r.computed, Some(d("0")));
}

#[test]
fn all_44_items_are_covered_by_this_file() {
    let src = include_str!("items_2015.rs");
    let loaded = rs2015();
    for (_, item) in loaded.ruleset.items() {
        assert!(
            src.contains(&format!("\"{}\"", item.id)),
            "no test for {}",
            item.id
        );
    }
    assert_eq!(loaded.ruleset.items().count(), 44);
}
