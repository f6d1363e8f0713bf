//! Names are data, never paths: what a file says (a unit, a unit's name in a ruleset, an
//! item's id or text) never makes the program write outside the folder it writes in, and a
//! ruleset that packages would refuse is refused by `check` first.

use crate::cli::kaoping_with;
use crate::common::*;
use std::process::Command;

fn kaoping(args: &[&str]) -> (i32, String, String) {
    kaoping_with(Command::new(env!("CARGO_BIN_EXE_kaoping")).args(args))
}

#[test]
fn a_sheet_whose_unit_is_a_path_is_packed_beside_it_not_three_folders_up() {
    let dir = tempfile::tempdir().unwrap();
    let deep = dir.path().join("a").join("b").join("c");
    std::fs::create_dir_all(&deep).unwrap();
    let sheet = write_unit_sheets(&deep, &[("pingjiang", 3)]).remove(0);
    let text = std::fs::read_to_string(&sheet).unwrap();
    let hostile = text.replacen(
        "unit: Some(\"pingjiang\")",
        "unit: Some(\"../../../escaped2/x\")",
        1,
    );
    assert_ne!(text, hostile);
    std::fs::write(&sheet, hostile).unwrap();
    let (_, out, err) = kaoping(&["package", sheet.to_str().unwrap()]);
    assert!(!dir.path().join("escaped2").exists(), "{out}{err}");
    assert!(!dir.path().join("a").join("escaped2").exists());
    // Whatever was written stays in the sheet's own folder.
    for entry in walk(dir.path()) {
        assert!(
            entry.starts_with(&deep),
            "{} was written outside {}",
            entry.display(),
            deep.display()
        );
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_ruleset_naming_a_unit_with_a_path_or_a_control_character_is_refused_by_check() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/rulesets/yueyang-2015.ron"
    ))
    .unwrap();
    for (name, edited, says) in [
        (
            "path",
            text.replacen(
                "name: \"平江县\"",
                "name: \"../../../escaped_not_here/平江县\"",
                1,
            ),
            "不能用作文件名",
        ),
        (
            "bidi",
            text.replacen("name: \"平江县\"", "name: \"平江\u{202e}县\"", 1),
            "不能用作文件名",
        ),
        (
            "control",
            text.replacen(
                "content: \"及时报送信息",
                "content: \"及时\\u{7}报送信息",
                1,
            ),
            "含控制字符",
        ),
    ] {
        assert_ne!(edited, text, "{name}");
        let path = dir.path().join(format!("{name}.ron"));
        std::fs::write(&path, &edited).unwrap();
        let (code, out, err) = kaoping(&["check", path.to_str().unwrap()]);
        assert_eq!(code, 1, "{name}: {out}{err}");
        assert!(format!("{out}{err}").contains(says), "{name}: {out}{err}");
        // Nothing is made from a ruleset with errors.
        let target = dir.path().join(format!("out-{name}"));
        let (code, _, _) = kaoping(&[
            "new",
            "--all-units",
            "--ruleset",
            path.to_str().unwrap(),
            "-o",
            target.to_str().unwrap(),
        ]);
        assert_ne!(code, 0, "{name}");
        assert!(!dir.path().join("escaped_not_here").exists());
    }
}

#[test]
fn file_names_from_content_are_plain_names() {
    let loaded = rs2015();
    let mut sheet = kaoping::sheet::Sheet::new(&loaded, Some("..\\..\\C:x\u{202e}".into()));
    sheet.year = 2015;
    let stem = sheet.default_file_stem(&loaded);
    assert!(kaoping::names::is_plain(&stem), "{stem}");
    assert!(!stem.contains(['/', '\\', ':']), "{stem}");
}
