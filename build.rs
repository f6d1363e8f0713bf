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
        .collect();
    files.sort();
    let mut out = String::from("pub static BUILTIN_RULESET_FILES: &[(&str, &str)] = &[\n");
    let mut failed = false;
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(path).expect("无法读取考核规则文件");
        match ruleset::Ruleset::from_ron(&text, &format!("rulesets/{name}")) {
            Err(e) => {
                println!("cargo:warning={e}");
                failed = true;
            }
            Ok(rs) => {
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
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
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
