//! Workbooks no office writes, built here from the exported 2015 scheme: a declared count of
//! a hundred billion texts, one long text in hundreds of thousands of cells, a hidden sheet
//! that would decide, a sheet name with a trailing space, two parts under one name, a
//! password. Each is refused in Chinese by every command that reads a scheme, each run of the
//! binary under a 300 MiB address-space limit.

use crate::common::*;
use kaoping::workbook::write_workbook;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The 2015 scheme as exported, as (part name, bytes).
fn exported() -> Vec<(String, Vec<u8>)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2015.xlsx");
    std::fs::write(&path, write_workbook(&rs2015().ruleset).unwrap()).unwrap();
    unzip(&path)
}

fn part<'a>(entries: &'a mut [(String, Vec<u8>)], name: &str) -> &'a mut Vec<u8> {
    &mut entries.iter_mut().find(|(n, _)| n == name).unwrap().1
}

fn replace(bytes: &mut Vec<u8>, from: &str, to: &str) {
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.contains(from), "{from} in {text:.300}");
    *bytes = text.replacen(from, to, 1).into_bytes();
}

/// `kaoping ARGS…` under a 300 MiB address-space limit.
fn limited(args: &[&str]) -> (i32, String, String) {
    let mut line = String::from("ulimit -v 307200; exec \"$0\"");
    for i in 0..args.len() {
        line.push_str(&format!(" \"${}\"", i + 1));
    }
    let out = Command::new("bash")
        .arg("-c")
        .arg(line)
        .arg(env!("CARGO_BIN_EXE_kaoping"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every command that reads a scheme refuses `path` with exit 1 or 2 and a Chinese message
/// holding `says`; none is killed, none panics.
fn refused_everywhere(dir: &Path, path: &Path, says: &str) {
    let p = path.to_str().unwrap();
    let out = dir.join("out");
    let ron = dir.join("x.ron");
    let sheet = dir.join("x.kaoping");
    for args in [
        vec!["check", p],
        vec!["ruleset", "import", p, "-o", ron.to_str().unwrap()],
        vec!["ruleset", "diff", "yueyang-2015", p],
        vec![
            "new",
            "--unit",
            "平江县",
            "--ruleset",
            p,
            "-o",
            sheet.to_str().unwrap(),
        ],
    ] {
        let (code, stdout, stderr) = limited(&args);
        let all = format!("{stdout}{stderr}");
        assert!(
            code == 1 || code == 2,
            "{args:?}: exit {code} (killed, or taken)\n{all}"
        );
        assert!(all.contains(says), "{args:?}: {all}");
        assert!(
            !all.contains("panicked") && !all.contains("memory allocation"),
            "{all}"
        );
        assert!(
            !out.exists() && !ron.exists() && !sheet.exists(),
            "{args:?} wrote a file"
        );
    }
}

fn written(dir: &Path, name: &str, entries: &[(String, Vec<u8>)]) -> PathBuf {
    let path = dir.join(name);
    rezip(&path, entries);
    path
}

#[test]
fn a_declared_hundred_billion_texts_is_refused_before_anything_is_reserved() {
    let dir = tempfile::tempdir().unwrap();
    for count in [
        "100000000000",
        "18446744073709551615",
        "999999999999999999999999",
    ] {
        let mut entries = exported();
        let shared = part(&mut entries, "xl/sharedStrings.xml");
        let text = String::from_utf8(shared.clone()).unwrap();
        let start = text.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
        let end = start + text[start..].find('"').unwrap();
        *shared = format!("{}{count}{}", &text[..start], &text[end..]).into_bytes();
        let path = written(dir.path(), &format!("{count}.xlsx"), &entries);
        assert!(std::fs::metadata(&path).unwrap().len() < 64 * 1024);
        refused_everywhere(
            dir.path(),
            &path,
            "个文字（xl/sharedStrings.xml 的 uniqueCount）",
        );
    }
}

#[test]
fn one_long_text_in_hundreds_of_thousands_of_cells_is_bounded_by_the_total_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut entries = exported();
    // The first shared text made 19,999 characters long; 考核项目 gets 4,800 rows of 80 cells
    // each naming it (a few hundred KB zipped).
    let shared = part(&mut entries, "xl/sharedStrings.xml");
    let long = "长".repeat(19_999);
    let text = String::from_utf8(shared.clone()).unwrap();
    let first = text.find("<t>").unwrap() + 3;
    let end = first + text[first..].find("</t>").unwrap();
    *shared = format!("{}{long}{}", &text[..first], &text[end..]).into_bytes();
    let sheet_name = entries
        .iter()
        .map(|(n, _)| n.clone())
        .filter(|n| n.starts_with("xl/worksheets/sheet"))
        .max()
        .unwrap();
    let sheet = part(&mut entries, &sheet_name);
    let text = String::from_utf8(sheet.clone()).unwrap();
    let mut rows = String::new();
    for r in 200..5000u32 {
        rows.push_str(&format!("<row r=\"{r}\">"));
        for c in 0..80u32 {
            let col = kaoping_col(c);
            rows.push_str(&format!("<c r=\"{col}{r}\" t=\"s\"><v>0</v></c>"));
        }
        rows.push_str("</row>");
    }
    *sheet = text
        .replacen("</sheetData>", &format!("{rows}</sheetData>"), 1)
        .into_bytes();
    let path = written(dir.path(), "long.xlsx", &entries);
    refused_everywhere(dir.path(), &path, "文字总量");
}

fn kaoping_col(c: u32) -> String {
    let mut n = c + 1;
    let mut s = String::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.insert(0, (b'A' + r as u8) as char);
        n = (n - 1) / 26;
    }
    s
}

#[test]
fn a_hidden_sheet_never_decides_and_a_near_name_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let mut entries = exported();
    let book = part(&mut entries, "xl/workbook.xml");
    replace(book, "name=\"单位\"", "name=\"单位\" state=\"veryHidden\"");
    let path = written(dir.path(), "hidden.xlsx", &entries);
    refused_everywhere(dir.path(), &path, "这张表是隐藏的");
    // A visible 「单位 」 beside it is no sheet of the scheme, and says why.
    let mut entries = exported();
    let book = part(&mut entries, "xl/workbook.xml");
    replace(book, "name=\"单位\"", "name=\"单位 \"");
    let path = written(dir.path(), "space.xlsx", &entries);
    refused_everywhere(dir.path(), &path, "前后多了空格");
}

#[test]
fn two_parts_under_one_name_and_a_password_are_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let mut entries = exported();
    let shared = part(&mut entries, "xl/sharedStrings.xml").clone();
    // A second part whose name differs only in case: one part to the format.
    entries.push(("xl/SharedStrings.xml".into(), shared));
    let path = written(dir.path(), "twice.xlsx", &entries);
    refused_everywhere(dir.path(), &path, "两个同名的部件");
    // Excel and WPS save a workbook with an opening password as an OLE compound file.
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend(std::iter::repeat_n(0u8, 4096));
    let path = dir.path().join("password.xlsx");
    std::fs::write(&path, ole).unwrap();
    refused_everywhere(dir.path(), &path, "密码");
}

/// A zip whose entries are all marked encrypted (bit 0 of the flags, in the local headers
/// and the central directory), as a zip tool's password leaves them.
fn marked_encrypted(bytes: &[u8]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    let mut i = 0;
    while i + 10 < b.len() {
        if b[i..i + 4] == *b"PK\x03\x04" {
            b[i + 6] |= 1;
        } else if b[i..i + 4] == *b"PK\x01\x02" {
            b[i + 8] |= 1;
        }
        i += 1;
    }
    b
}

#[test]
fn a_password_on_a_workbook_or_a_package_is_said_as_one() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("方案.xlsx");
    std::fs::write(
        &book,
        marked_encrypted(&write_workbook(&rs2015().ruleset).unwrap()),
    )
    .unwrap();
    refused_everywhere(dir.path(), &book, "设了密码");
    // A 提交包 with a password: the comparison says 密码, not a compression method.
    let unit = dir.path().join("单位");
    std::fs::create_dir_all(&unit).unwrap();
    let sheet = write_unit_sheets(&unit, &[("pingjiang", 2)]).remove(0);
    let inbox = dir.path().join("收件箱");
    std::fs::create_dir_all(&inbox).unwrap();
    let package = inbox.join("平江县-提交包.zip");
    let written = kaoping::package::write(
        &sheet,
        &kaoping::catalog::Catalog::default(),
        Some(&package),
    )
    .unwrap();
    let bytes = std::fs::read(&written.path).unwrap();
    std::fs::write(&package, marked_encrypted(&bytes)).unwrap();
    let (code, out, err) = limited(&["summary", inbox.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    let all = format!("{out}{err}");
    assert!(all.contains("加了密码"), "{all}");
    assert!(!all.contains("压缩方式"), "{all}");
}
