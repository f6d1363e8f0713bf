//! 帮助, as office programs have it: the clerk's steps as the notice sets them, the keys, and
//! 关于 (version, the schemes known, where drafts and settings are kept, the fonts' licences).
//! The steps and keys are one text, `assets/help/guide.md`, shown by the window (F1) and
//! quoted whole in `docs/安装与使用说明.md`, the offices' guide (a test holds the two together). No egui here.

use crate::catalog::{LoadedRuleset, Origin};
use std::path::Path;

/// The help text: `## ` headings, numbered or plain lines, and `| key | action |` rows.
pub const GUIDE: &str = include_str!("../assets/help/guide.md");

/// The fonts shipped inside the program, their licences and the licence texts.
pub const FONTS: [(&str, &str, &str); 2] = [
    (
        "AR PL SungtiL GB（文鼎宋体，打印稿和窗口的宋体）",
        "Arphic Public License",
        include_str!("../assets/fonts/ARPHICPL.TXT"),
    ),
    (
        "Droid Sans Fallback（窗口的中文字体）",
        "Apache License 2.0",
        include_str!("../assets/fonts/Apache-2.0.txt"),
    ),
];

/// One line of a help section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line<'a> {
    Text(&'a str),
    /// A table row: the keys, what they do.
    Row(&'a str, &'a str),
}

/// A section of the help: its heading and lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section<'a> {
    pub title: &'a str,
    pub lines: Vec<Line<'a>>,
}

/// The help text in sections (the table's header row and rule left out).
pub fn sections() -> Vec<Section<'static>> {
    let mut out: Vec<Section<'static>> = Vec::new();
    let mut header_seen = false;
    for line in GUIDE.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(title) = line.strip_prefix("## ") {
            out.push(Section {
                title,
                lines: Vec::new(),
            });
            header_seen = false;
            continue;
        }
        let Some(section) = out.last_mut() else {
            continue;
        };
        if let Some(row) = line.strip_prefix('|') {
            let cells: Vec<&str> = row
                .trim_end_matches('|')
                .split('|')
                .map(str::trim)
                .collect();
            if cells.iter().all(|c| c.chars().all(|ch| ch == '-')) {
                continue;
            }
            if !header_seen {
                header_seen = true;
                continue;
            }
            if let [keys, action] = cells.as_slice() {
                section.lines.push(Line::Row(keys, action));
            }
        } else {
            section.lines.push(Line::Text(line));
        }
    }
    out
}

/// 关于: what the program is and where it keeps things, as label and value.
/// `settings` is where the window keeps its size, mode and zoom (known to the window only).
pub fn about(
    rulesets: &[std::sync::Arc<LoadedRuleset>],
    settings: Option<&Path>,
) -> Vec<(String, String)> {
    let shown = |p: Option<std::path::PathBuf>| {
        p.map(|p| p.display().to_string())
            .unwrap_or_else(|| "（本机没有用户数据文件夹）".into())
    };
    let mut out = vec![(
        "程序".to_string(),
        format!("考评 kaoping 版本 {}", env!("CARGO_PKG_VERSION")),
    )];
    for r in rulesets {
        let whence = match r.origin {
            Origin::Builtin => "程序内置",
            Origin::File => "打开过的规则文件",
            Origin::Sheet => "考评表带来的",
        };
        out.push((
            "考核规则".into(),
            format!(
                "{}年 {}（{} 版本 {}，{whence}）",
                r.ruleset.year, r.ruleset.title, r.ruleset.id, r.ruleset.version
            ),
        ));
    }
    let data = crate::fsio::user_data_folder();
    out.push((
        "自动保存的草稿".into(),
        shown(data.as_ref().map(|d| d.join("recovery"))),
    ));
    out.push((
        "记住的考核规则".into(),
        shown(crate::catalog::remembered_folder()),
    ));
    out.push((
        "窗口设置（大小、模式、显示比例）".into(),
        shown(settings.map(Path::to_path_buf)),
    ));
    for (font, licence, _) in FONTS {
        out.push(("字体".into(), format!("{font}：{licence}")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guide_reads_as_steps_and_keys() {
        let s = sections();
        let titles: Vec<&str> = s.iter().map(|s| s.title).collect();
        assert_eq!(
            titles,
            ["使用说明（县市区妇联填报）", "市妇联审核", "快捷键"]
        );
        // The clerk's steps in the notice's order, each naming where it is done.
        let steps: Vec<&str> = s[0]
            .lines
            .iter()
            .map(|l| match l {
                Line::Text(t) => *t,
                Line::Row(..) => "",
            })
            .collect();
        let order = [
            "填报单位",
            "逐项填写",
            "打印",
            "签字",
            "盖章扫描件",
            "生成提交包",
            "截止日期",
        ];
        let mut at = 0;
        for word in order {
            let found = steps.iter().skip(at).position(|l| l.contains(word));
            assert!(found.is_some(), "{word} after step {at}");
            at += found.unwrap_or(0);
        }
        assert!(s[2].lines.contains(&Line::Row("F1", "帮助")));
        assert!(s[2].lines.iter().all(|l| matches!(l, Line::Row(..))));
    }
}
