//! What a sheet file may say, and how it is said back: a byte order mark accepted, format 0 not
//! called newer, escape sequences printed escaped, unknown figures and oversized stamps refused.

use crate::cli::kaoping_with;
use crate::common::*;
use std::process::Command;

fn score(path: &std::path::Path) -> (i32, String, String) {
    kaoping_with(
        Command::new(env!("CARGO_BIN_EXE_kaoping")).args(["score", path.to_str().unwrap()]),
    )
}

fn sheet_text(dir: &std::path::Path) -> (std::path::PathBuf, String) {
    let path = write_unit_sheets(dir, &[("pingjiang", 3)]).remove(0);
    let text = std::fs::read_to_string(&path).unwrap();
    (path, text)
}

#[test]
fn a_sheet_saved_with_a_byte_order_mark_opens() {
    let dir = tempfile::tempdir().unwrap();
    let (path, text) = sheet_text(dir.path());
    std::fs::write(&path, format!("\u{feff}{text}")).unwrap();
    let (code, out, err) = score(&path);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("平江县"), "{out}");
}

#[test]
fn format_0_is_not_a_newer_format_and_escapes_are_printed_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let (path, text) = sheet_text(dir.path());
    std::fs::write(&path, text.replacen("format: 2", "format: 0", 1)).unwrap();
    let (code, _, err) = score(&path);
    assert_eq!(code, 2);
    assert!(
        !err.contains("较新版本") && err.contains("格式版本为0"),
        "{err}"
    );
    // A contact carrying terminal escape codes and a bell.
    let hostile = text.replacen("name: \"", "name: \"\\u{1b}[31m\\u{7}", 1);
    assert_ne!(hostile, text);
    std::fs::write(&path, hostile).unwrap();
    let (_, out, _) = score(&path);
    assert!(
        !out.contains('\u{1b}') && !out.contains('\u{7}'),
        "raw escapes printed"
    );
    assert!(out.contains("\\u{1b}[31m"), "{out}");
}

#[test]
fn unknown_figures_and_oversized_stamps_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (path, text) = sheet_text(dir.path());
    let hostile = text.replacen("figures: {", "figures: {\n    \"made_up\": 1,", 1);
    assert_ne!(hostile, text);
    std::fs::write(&path, hostile).unwrap();
    let (code, _, err) = score(&path);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("单位数据") && err.contains("made_up"), "{err}");
    let long = format!("saved_at: \"{}\"", "9".repeat(100_000));
    let start = text.find("saved_at: \"").unwrap();
    let end = start + text[start..].find("\",").unwrap() + 1;
    let hostile = format!("{}{long}{}", &text[..start], &text[end..]);
    std::fs::write(&path, hostile).unwrap();
    let (code, _, err) = score(&path);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("保存时间太长"), "{err}");
    assert!(err.len() < 2_000, "the message quotes {} bytes", err.len());
}

/// Runs the program, killed if it has not finished in `limit` (a hang, not a speed test).
fn run_bounded(args: &[&str], limit: std::time::Duration) -> (Option<i32>, usize) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kaoping"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut buf).ok();
        buf.len()
    });
    let started = std::time::Instant::now();
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        if started.elapsed() > limit {
            child.kill().ok();
            child.wait().ok();
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    (code, reader.join().unwrap())
}

#[test]
fn a_ruleset_of_sixty_thousand_classes_is_checked_and_said_in_a_few_pages() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/rulesets/yueyang-2015.ron"
    ))
    .unwrap();
    let at = text.find("classes: [").unwrap();
    let line_end = at + text[at..].find('\n').unwrap();
    let extra: String = (0..60_000)
        .map(|n| format!("\n        UnitClass(id: \"c{n}\", name: \"类{n}\"),"))
        .collect();
    let hostile = format!("{}{extra}{}", &text[..line_end], &text[line_end..]);
    let path = dir.path().join("六万类.ron");
    std::fs::write(&path, hostile).unwrap();
    let (code, printed) = run_bounded(
        &["check", path.to_str().unwrap()],
        std::time::Duration::from_secs(60),
    );
    assert_eq!(code, Some(1), "check ended (it did not hang) with errors");
    assert!(printed < 200_000, "check printed {printed} bytes");
}

#[test]
fn an_item_written_twice_is_refused_with_its_line_not_silently_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let (path, text) = sheet_text(dir.path());
    // The first item's entry repeated right after itself, with another note.
    let start = text.find("\"office.info\": ItemEntry(").unwrap();
    let end = start + text[start..].find("\n    ),\n").unwrap() + "\n    ),\n".len();
    let entry = &text[start..end];
    let second = entry.replacen("note: \"", "note: \"第二份", 1);
    let hostile = format!("{}{entry}    {second}{}", &text[..start], &text[end..]);
    std::fs::write(&path, &hostile).unwrap();
    let (code, _, err) = score(&path);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("office.info") && err.contains("写了两次"),
        "{err}"
    );
    assert!(err.contains("第") && err.contains("行"), "{err}");
}

#[test]
fn a_sheet_name_too_long_for_its_evidence_folder_is_said_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = sheet_text(dir.path());
    // 80 Chinese characters: 240 bytes, with .kaoping 248 — a file name that fits, whose
    // 佐证材料 folder (and its .bak) does not.
    let long = dir.path().join(format!("{}.kaoping", "长".repeat(80)));
    std::fs::rename(&path, &long).unwrap();
    let photo = dir.path().join("照片.jpg");
    std::fs::write(&photo, b"jpeg").unwrap();
    let (code, _, err) = kaoping_with(Command::new(env!("CARGO_BIN_EXE_kaoping")).args([
        "evidence",
        long.to_str().unwrap(),
        "add",
        "1",
        photo.to_str().unwrap(),
    ]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("文件名太长"), "{err}");
    assert!(!err.contains("too long"), "{err}");
}

#[test]
fn a_sheet_carrying_a_ruleset_of_sixty_thousand_classes_is_refused_in_a_short_message() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = rs2015();
    let text = loaded.text.to_string();
    let at = text.find("classes: [").unwrap();
    let line_end = at + text[at..].find('\n').unwrap();
    let extra: String = (0..30_000)
        .map(|n| format!("\n        UnitClass(id: \"c{n}\", name: \"类{n}\"),"))
        .collect();
    let carried = format!("{}{extra}{}", &text[..line_end], &text[line_end..]).replacen(
        "id: \"yueyang-2015\"",
        "id: \"yueyang-2015-x\"",
        1,
    );
    let (path, sheet) = sheet_text(dir.path());
    let sha = kaoping::catalog::sha256_hex(carried.as_bytes());
    let hostile = sheet
        .replacen("id: \"yueyang-2015\"", "id: \"yueyang-2015-x\"", 1)
        .replacen(&loaded.sha256, &sha, 1)
        .replacen("format: 2", "format: 3", 1)
        .trim_end()
        .trim_end_matches(')')
        .to_string()
        + &format!("  ruleset_text: Some({carried:?}),\n)\n");
    std::fs::write(&path, hostile).unwrap();
    let (code, _, err) = score(&path);
    assert_eq!(code, 2, "{err}");
    assert!(err.len() < 20_000, "the refusal says {} bytes", err.len());
    assert!(
        err.contains("随表附带的考核规则不能使用") && err.contains("另有"),
        "{err}"
    );
}

#[test]
fn a_direction_override_in_an_attachment_title_is_refused_and_shown_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = rs2015();
    let path = dir.path().join("s.kaoping");
    let mut sheet = kaoping::sample::filled_sheet_for(&loaded, "pingjiang", 3);
    sheet.save(&path, &loaded).unwrap();
    let f = dir.path().join("图.jpg");
    std::fs::write(&f, b"jpeg").unwrap();
    kaoping::evidence::attach(&mut sheet, &loaded, &path, "office.info", &f, None).unwrap();
    sheet.save(&path, &loaded).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let hostile = text.replacen("title: \"图\"", "title: \"rtl\\u{202e}gpj.exe\"", 1);
    assert_ne!(hostile, text);
    std::fs::write(&path, hostile).unwrap();
    let (code, _, err) = score(&path);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("改变文字方向") && err.contains("\\u{202e}"),
        "{err}"
    );
    assert!(kaoping::evidence::clean_title("a\u{202e}b").is_err());
}
