//! Embeds every `rulesets/*.ron` into the binary, after loading and checking each one with the
//! program's own ruleset code: a ruleset that does not load or has errors fails the build with
//! the same Chinese message a user would see.

use kaoping_rules::{ruleset, ruleset_check};
use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=rulesets");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rulesets");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("rulesets/ 文件夹不存在")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        // `X.ledgers.ron` is the 台账 of `X.ron`, read with it below.
        .filter(|p| !p.to_string_lossy().ends_with(".ledgers.ron"))
        .collect();
    files.sort();
    let mut out =
        String::from("pub static BUILTIN_RULESET_FILES: &[(&str, &str, Option<&str>)] = &[\n");
    let mut failed = false;
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(path).expect("无法读取考核规则文件");
        let ledgers_path = path.with_extension("ledgers.ron");
        let ledgers_text = std::fs::read_to_string(&ledgers_path).ok();
        println!("cargo:rerun-if-changed={}", ledgers_path.display());
        let ledgers = match &ledgers_text {
            None => Ok(Vec::new()),
            Some(t) => {
                kaoping_rules::ledger::Ledger::list_from_ron(t, &ledgers_path.display().to_string())
            }
        };
        match (
            ruleset::Ruleset::from_ron(&text, &format!("rulesets/{name}")),
            ledgers,
        ) {
            (Err(e), _) | (_, Err(e)) => {
                println!("cargo:warning={e}");
                failed = true;
            }
            (Ok(mut rs), Ok(ledgers)) => {
                rs.ledgers.extend(ledgers);
                // Warnings (信访接待's 4 against 3) are the document's own; `kaoping check`
                // shows them. Only errors stop the build.
                for f in rs.check() {
                    if f.severity == ruleset_check::Severity::Error {
                        println!("cargo:warning=rulesets/{name}：{f}");
                        failed = true;
                    }
                }
            }
        }
        let ledgers = match &ledgers_text {
            Some(_) => format!(
                "Some(include_str!({:?}))",
                ledgers_path.display().to_string()
            ),
            None => "None".to_string(),
        };
        writeln!(
            out,
            "    ({name:?}, include_str!({:?}), {ledgers}),",
            path.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    if failed {
        panic!("考核规则文件有错误，见上面的 warning 行");
    }
    if files.is_empty() {
        panic!("rulesets/ 中没有 .ron 考核规则文件");
    }
    let out_path = Path::new(&std::env::var("OUT_DIR").unwrap()).join("builtin_rulesets.rs");
    std::fs::write(out_path, out).unwrap();
    windows_resources();
}

/// The icon and file description of the Windows .exe (Explorer, taskbar, Alt+Tab).
fn windows_resources() {
    println!("cargo:rerun-if-changed=assets/icon.ico");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    let mut res = winresource::WindowsResource::new();
    res.set_icon("assets/icon.ico");
    res.set("FileDescription", "考评：县市区妇联工作绩效考核自评表");
    res.set("ProductName", "考评 kaoping");
    if let Err(e) = res.compile() {
        panic!("无法写入 Windows 图标资源（需要 x86_64-w64-mingw32-windres）：{e}");
    }
}
