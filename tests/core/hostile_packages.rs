//! Packages that would deceive or exhaust: two entries under one name, a second sheet listed
//! as the 打印稿, an entry larger than any attachment, a sheet larger than a sheet file. Each
//! is refused, with what is wrong, before it is used; nothing whole is held in memory.

use crate::common::{rezip, unzip};
use crate::package::complete_package;
use kaoping::catalog::Catalog;
use kaoping::package::open_package;
use std::path::Path;

fn refused(zip: &Path) -> String {
    open_package(zip, &Catalog::default())
        .expect_err("refused")
        .to_string()
}

#[test]
fn two_entries_under_exactly_one_name_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (_, zip) = complete_package(dir.path(), "pingjiang");
    let mut entries = unzip(&zip);
    let pdf = entries
        .iter()
        .find(|(n, _)| n.ends_with(".pdf"))
        .unwrap()
        .clone();
    // The same name twice: written under a placeholder of the same length, then renamed in
    // the archive's bytes (names are not covered by the CRC).
    let placeholder = format!("{}X", &pdf.0[..pdf.0.len() - 1]);
    entries.push((placeholder.clone(), b"%PDF another".to_vec()));
    rezip(&zip, &entries);
    let bytes = std::fs::read(&zip).unwrap();
    let from = placeholder.as_bytes();
    let to = pdf.0.as_bytes();
    let mut patched = bytes.clone();
    let mut i = 0;
    while let Some(p) = patched[i..].windows(from.len()).position(|w| w == from) {
        patched[i + p..i + p + from.len()].copy_from_slice(to);
        i += p + from.len();
    }
    assert_ne!(patched, bytes);
    std::fs::write(&zip, patched).unwrap();
    let err = refused(&zip);
    assert!(err.contains("名字完全相同"), "{err}");
}

#[test]
fn a_second_sheet_listed_as_the_printout_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (_, zip) = complete_package(dir.path(), "pingjiang");
    let mut entries = unzip(&zip);
    let sheet = entries
        .iter()
        .find(|(n, _)| n.ends_with(".kaoping"))
        .unwrap()
        .clone();
    let second = format!("打印稿/{}", sheet.0);
    entries.push((second.clone(), sheet.1.clone()));
    let manifest = entries
        .iter_mut()
        .find(|(n, _)| n == "manifest.json")
        .unwrap();
    let mut m: serde_json::Value = serde_json::from_slice(&manifest.1).unwrap();
    m["files"].as_array_mut().unwrap().push(serde_json::json!({
        "path": second,
        "kind": "pdf",
        "size": sheet.1.len(),
        "sha256": kaoping::catalog::sha256_hex(&sheet.1),
        "title": "打印稿"
    }));
    manifest.1 = serde_json::to_vec(&m).unwrap();
    rezip(&zip, &entries);
    let err = refused(&zip);
    assert!(err.contains("列为打印稿"), "{err}");
}

#[test]
fn an_entry_larger_than_any_attachment_and_a_sheet_larger_than_a_sheet_file_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (_, zip) = complete_package(dir.path(), "pingjiang");
    let original = unzip(&zip);
    // 201 MB of zeros (a few hundred KB compressed): more than an attachment may be.
    let mut entries = original.clone();
    entries.push((
        "佐证材料/01-办公室工作第1项-及时报送信息/大.bin".into(),
        vec![0u8; (kaoping::evidence::MAX_EVIDENCE_BYTES + 1024 * 1024) as usize],
    ));
    rezip(&zip, &entries);
    assert!(std::fs::metadata(&zip).unwrap().len() < 5 * 1024 * 1024);
    let err = refused(&zip);
    assert!(err.contains("太大") && err.contains("大.bin"), "{err}");
    // The sheet padded with 9 MB of spaces: bounded like a sheet file, not counted as clean.
    let mut entries = original;
    let sheet = entries
        .iter_mut()
        .find(|(n, _)| n.ends_with(".kaoping"))
        .unwrap();
    sheet.1.extend(std::iter::repeat_n(b' ', 9 * 1024 * 1024));
    rezip(&zip, &entries);
    let err = refused(&zip);
    assert!(err.contains("太大") && err.contains(".kaoping"), "{err}");
}

#[test]
fn a_manifest_of_made_up_files_is_said_in_a_bounded_note_or_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (_, zip) = complete_package(dir.path(), "pingjiang");
    let mut entries = unzip(&zip);
    let with_made_up = |entries: &mut Vec<(String, Vec<u8>)>, n: usize| {
        let manifest = entries
            .iter_mut()
            .find(|(n, _)| n == "manifest.json")
            .unwrap();
        let mut m: serde_json::Value = serde_json::from_slice(&manifest.1).unwrap();
        for i in 0..n {
            m["files"].as_array_mut().unwrap().push(serde_json::json!({
                "path": format!("佐证材料/01/假{i}.jpg"),
                "kind": "evidence",
                "size": 1,
                "sha256": "00",
                "title": "假",
                "item_id": "office.info"
            }));
        }
        manifest.1 = serde_json::to_vec(&m).unwrap();
    };
    let mut some = entries.clone();
    with_made_up(&mut some, 300);
    rezip(&zip, &some);
    let problems = open_package(&zip, &Catalog::default()).unwrap().problems;
    assert!(problems.len() <= 51, "{} problems listed", problems.len());
    assert!(problems.last().unwrap().contains("另有"), "{problems:?}");
    with_made_up(&mut entries, 6000);
    rezip(&zip, &entries);
    let err = refused(&zip);
    assert!(err.contains("清单列了") && err.contains("最多"), "{err}");
}

#[test]
fn an_archive_declaring_more_entries_than_a_package_may_hold_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let (_, zip) = complete_package(dir.path(), "pingjiang");
    let mut bytes = std::fs::read(&zip).unwrap();
    let end = bytes.windows(4).rposition(|w| w == b"PK\x05\x06").unwrap();
    // The end record claims 60,000 entries (on this disk and in all).
    for at in [end + 8, end + 10] {
        bytes[at..at + 2].copy_from_slice(&60_000u16.to_le_bytes());
    }
    std::fs::write(&zip, bytes).unwrap();
    let err = refused(&zip);
    assert!(err.contains("文件太多（60000个"), "{err}");
}

/// `kaoping ARGS` with its address space limited (`ulimit -v`, KiB): a reader that allocated
/// by what a file declares would be killed, not merely slow.
fn run_with_memory_limit(kib: u64, args: &[&str]) -> std::process::Output {
    let mut script = format!("ulimit -v {kib}; exec \"$0\"");
    for i in 1..=args.len() {
        script.push_str(&format!(" \"${i}\""));
    }
    std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_kaoping"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_package_with_a_large_entry_is_compared_within_300_mib() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("收件箱");
    std::fs::create_dir_all(&inbox).unwrap();
    let (_, zip) = complete_package(dir.path(), "pingjiang");
    // 190 MB of zeros (under the attachment bound, so it is read: hashed as it streams).
    let mut entries = unzip(&zip);
    let big = vec![0u8; 190 * 1024 * 1024];
    entries.push((
        "佐证材料/01-办公室工作第1项-及时报送信息/大.bin".into(),
        big,
    ));
    let target = inbox.join("平江县-提交包.zip");
    rezip(&target, &entries);
    drop(entries);
    // 300 MiB of address space: the old reader held the 190 MB entry and its copies.
    let out = run_with_memory_limit(300 * 1024, &["summary", inbox.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "summary ended with {:?}: {err}",
        out.status
    );
    assert!(!err.contains("memory allocation"), "{err}");
    // The extra file is listed as not in the manifest: read, hashed, explained.
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("不在清单里"), "{stdout}");
}

#[test]
fn a_package_larger_than_the_municipal_office_takes_is_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let (sheet, _) = complete_package(dir.path(), "pingjiang");
    // The sheet records its 佐证材料 as 1.2 GB (six attachments at the 200 MB bound would be).
    let text = std::fs::read_to_string(&sheet).unwrap();
    let size_at = text.find("size: ").unwrap();
    let end = size_at + text[size_at..].find(',').unwrap();
    let huge = format!(
        "{}size: {}{}",
        &text[..size_at],
        1_250_000_000u64,
        &text[end..]
    );
    std::fs::write(&sheet, huge).unwrap();
    let out_zip = dir.path().join("太大.zip");
    let err = kaoping::package::write(&sheet, &Catalog::default(), Some(&out_zip)).unwrap_err();
    assert!(
        matches!(err, kaoping::package::PackageError::TooLarge { bytes, .. } if bytes >= 1_250_000_000),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("超过了市妇联的程序能接收的"),
        "{err}"
    );
    assert!(!out_zip.exists(), "nothing written");
}
