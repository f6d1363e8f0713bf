//! The command line, run as a user would: exit codes, Chinese messages on stderr, JSON.

use crate::common::*;
use std::process::Command;

pub(crate) fn kaoping(args: &[&str]) -> (i32, String, String) {
    kaoping_with(Command::new(env!("CARGO_BIN_EXE_kaoping")).args(args))
}

/// Runs the program as set up; (exit code, stdout, stderr).
pub(crate) fn kaoping_with(command: &mut Command) -> (i32, String, String) {
    let out = command.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn check_the_builtin_ruleset() {
    let (code, out, _) = kaoping(&["check"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("7个类别，44个项目，合计100分；13个单位"),
        "{out}"
    );
    assert!(
        out.contains("警告") && out.contains("维权工作 第4项（认真做好信访接待工作）"),
        "{out}"
    );
    assert!(
        !out.contains("rights.petitions"),
        "ids are not for people: {out}"
    );
    assert!(out.contains("检查结果：0个错误，1个警告"), "{out}");
}

#[test]
fn check_a_ruleset_with_errors_exits_1_and_a_broken_one_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let text = include_str!("../../rulesets/yueyang-2015.ron");
    let bad = dir.path().join("bad.ron");
    std::fs::write(
        &bad,
        text.replace("total_points: \"100\"", "total_points: \"99\""),
    )
    .unwrap();
    let (code, out, _) = kaoping(&["check", bad.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        out.contains("错误：第17行，规则集：各类别分值合计100分，与总分99分不符"),
        "{out}"
    );
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, &text[..200]).unwrap();
    let (code, out, _) = kaoping(&["check", broken.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        out.starts_with("错误：第") && out.contains("列：") && out.contains("broken.ron"),
        "{out}"
    );
    let (code, _, err) = kaoping(&["check", dir.path().join("无此文件.ron").to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.starts_with("错误：无法读取考核规则文件“"), "{err}");
}

#[test]
fn new_then_score_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.kaoping");
    let f = file.to_str().unwrap();
    let (code, out, err) = kaoping(&["new", "--unit", "经开区", "--townships", "4", "-o", f]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("岳阳经济技术开发区"), "{out}");
    // Refuses to overwrite without --force.
    let (code, _, err) = kaoping(&["new", "--unit", "平江县", "-o", f]);
    assert_eq!(code, 2);
    assert!(err.contains("已存在，未覆盖"), "{err}");

    let (code, out, _) = kaoping(&["score", f, "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["unit"], "jingkai");
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 44);
    assert_eq!(items[0]["id"], "office.info");
    assert_eq!(items[0]["points"], "6");
    assert!(items[0]["self_score"].is_null());
    assert_eq!(items[0]["status"], "未填");
    assert!(items[0]["explanations"].as_array().unwrap().is_empty());
    let cats = v["categories"].as_array().unwrap();
    assert_eq!(cats.len(), 7);
    assert_eq!(cats[0]["id"], "office");
    assert_eq!(cats[0]["points"], "16");
    assert_eq!(cats[0]["subtotal"], "0");
    assert_eq!(v["total"], "0");
    assert_eq!(v["complete"], false);
    assert!(v["problems"].as_array().unwrap().len() >= 44);
}

#[test]
fn score_a_filled_sheet_as_text_and_json_agree() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("full.kaoping");
    let loaded = rs2015();
    let mut sheet = kaoping::sample::filled_sheet(&loaded, 21);
    sheet.save(&file, &loaded).unwrap();
    let report = sheet.evaluate(&loaded);
    let f = file.to_str().unwrap();
    let (code, out, _) = kaoping(&["score", f, "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["total"], kaoping::ruleset::fmt_dec(report.total));
    let items: Vec<_> = loaded.ruleset.items().collect();
    for ((j, r), (_, item)) in v["items"]
        .as_array()
        .unwrap()
        .iter()
        .zip(&report.items)
        .zip(items)
    {
        assert_eq!(j["self_score"].as_str().map(d), r.score);
        assert_eq!(j["content"], item.content.as_str());
        assert_eq!(j["rule_text"], item.rule_text.as_str());
        assert_eq!(
            j["explanations"].as_array().unwrap().len(),
            r.explanations.len()
        );
    }
    let (code, text, _) = kaoping(&["score", f]);
    assert_eq!(code, 0);
    assert!(
        text.contains(&format!(
            "合计：{} / 100",
            kaoping::ruleset::fmt_dec(report.total)
        )),
        "{text}"
    );
    assert!(text.contains("办公室工作（16分）  小计"), "{text}");
}

#[test]
fn score_an_edited_file_exits_1_and_names_the_item() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("e.kaoping");
    let loaded = rs2015();
    let mut sheet = kaoping::sample::filled_sheet(&loaded, 2);
    sheet.save(&file, &loaded).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    let total = kaoping::ruleset::fmt_dec(sheet.evaluate(&loaded).total);
    std::fs::write(
        &file,
        text.replace(&format!("total: \"{total}\""), "total: \"100\""),
    )
    .unwrap();
    let (code, out, _) = kaoping(&["score", file.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!("合计：文件中为100，按规则核算应为{total}")),
        "{out}"
    );
}

#[test]
fn errors_go_to_stderr_in_chinese() {
    let (code, out, err) = kaoping(&["score", "/no/such/file.kaoping"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("无法打开“/no/such/file.kaoping”：文件或文件夹不存在"),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("x.kaoping");
    let (code, _, err) = kaoping(&["new", "--unit", "北京市", "-o", out_file.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("没有名为“北京市”的单位") && err.contains("平江县"),
        "{err}"
    );
    assert!(!out_file.exists());
}

#[test]
fn summary_prints_the_table_and_writes_xlsx_csv_and_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let ids = unit_ids();
    let pairs: Vec<(&str, u64)> = ids[..12].iter().map(|u| (u.as_str(), 3)).collect();
    write_unit_sheets(dir.path(), &pairs);
    let folder = dir.path().to_str().unwrap();
    let (code, out, err) = kaoping(&["summary", folder]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "2015年度县市区妇联工作绩效考核汇总表");
    assert!(lines[1].starts_with("排名\t单位\t类别\t状态\t自查得分\t考核得分\t办公室工作（16分）"));
    assert_eq!(lines[2].split('\t').next(), Some("1"));
    assert!(out.contains("未提交（1个）：屈原管理区"), "{out}");
    assert!(
        err.contains("已收到12个单位（12个文件），未提交1个单位，重复0个单位，提交包与清单不符0个，未计入0个文件"),
        "{err}"
    );

    let out_dir = tempfile::tempdir().unwrap();
    for ext in ["xlsx", "csv", "pdf"] {
        let target = out_dir.path().join(format!("汇总.{ext}"));
        let (code, out, err) = kaoping(&["summary", folder, "-o", target.to_str().unwrap()]);
        assert_eq!(code, 0, "{ext}: {err}");
        assert!(out.contains("已生成"), "{out}");
        let bytes = std::fs::read(&target).unwrap();
        match ext {
            "xlsx" => assert_eq!(&bytes[..2], b"PK"),
            "csv" => assert_eq!(&bytes[..3], b"\xef\xbb\xbf"),
            _ => assert_eq!(&bytes[..5], b"%PDF-"),
        }
    }
}

#[test]
fn summary_exits_1_on_duplicates_or_unusable_files_and_2_when_it_cannot_write() {
    let dir = tempfile::tempdir().unwrap();
    let ids = unit_ids();
    write_unit_sheets(dir.path(), &[(ids[0].as_str(), 1), (ids[0].as_str(), 2)]);
    let folder = dir.path().to_str().unwrap();
    let (code, out, _) = kaoping(&["summary", folder]);
    assert_eq!(code, 1);
    assert!(out.contains("平江县有2个文件"), "{out}");

    let clean = tempfile::tempdir().unwrap();
    write_unit_sheets(clean.path(), &[(ids[1].as_str(), 1)]);
    std::fs::write(clean.path().join("坏.kaoping"), "Sheet(").unwrap();
    let (code, out, _) = kaoping(&["summary", clean.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        out.contains("未计入") && out.contains("坏.kaoping"),
        "{out}"
    );

    let (code, _, err) = kaoping(&["summary", folder, "-o", "汇总.docx"]);
    assert_eq!(code, 2);
    assert!(err.contains("扩展名须为 .xlsx、.csv 或 .pdf"), "{err}");
    let nowhere = dir.path().join("没有这个文件夹").join("汇总.xlsx");
    let (code, _, err) = kaoping(&["summary", folder, "-o", nowhere.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("错误：") && err.contains("汇总.xlsx"),
        "{err}"
    );
    let (code, _, err) = kaoping(&["summary"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn the_command_line_speaks_chinese() {
    let (code, out, _) = kaoping(&["--help"]);
    assert_eq!(code, 0);
    for word in ["用法：", "选项：", "子命令：", "显示帮助"] {
        assert!(out.contains(word), "{word} missing from:\n{out}");
    }
    for word in ["Usage", "Options", "Print help", "Commands"] {
        assert!(!out.contains(word), "{word} in:\n{out}");
    }
    let (code, out, _) = kaoping(&["score", "--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("用法：kaoping score [选项] <考评表>"), "{out}");
    assert!(out.contains("参数：") && out.contains("--json"), "{out}");
    // A missing argument: Chinese, the usage, exit 2.
    let (code, out, err) = kaoping(&["score"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.starts_with("错误：缺少必须给出的参数"), "{err}");
    assert!(err.contains("用法：kaoping score"), "{err}");
    assert!(!err.contains("error:") && !err.contains("Usage"), "{err}");
    // An unknown option and an unknown subcommand.
    let (code, _, err) = kaoping(&["check", "--bogus"]);
    assert_eq!(code, 2);
    assert!(err.contains("不认识的参数“--bogus”"), "{err}");
    let (code, _, err) = kaoping(&["summary", "-o"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("错误："), "{err}");
    assert!(!err.contains("error:"), "{err}");
}

#[test]
fn score_output_names_items_as_people_do() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_unit_sheets(dir.path(), &[("pingjiang", 3)]).remove(0);
    let (code, out, _) = kaoping(&["score", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("[office"), "{out}");
    assert!(!out.contains("office.info"), "{out}");
    assert!(out.contains("规则说明：加分规则合计4分"), "{out}");
}
