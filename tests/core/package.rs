//! 佐证材料 and the 提交包: attach, rename, remove, reorder; the package, its manifest and
//! hashes; a round trip; tampering; hostile zips; GBK names; the comparison of a folder of
//! packages with 逾期 marked; the command line's exit codes.

use crate::common::{rezip, rs2015, text_2015_requiring_evidence_on_item_1, unzip};
use kaoping::catalog::{Catalog, sha256_hex};
use kaoping::evidence::{self, EvidenceError};
use kaoping::fsio::FileStep;
use kaoping::package::{
    self, Kind, Limits, PackageError, Refusal, open_package, open_package_within,
};
use kaoping::sheet::{Sheet, open_sheet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A filled, saved sample sheet for a unit, with two files for item 1 and one for item 3.
fn sheet_with_evidence(dir: &Path, unit: &str) -> (PathBuf, Sheet) {
    let loaded = rs2015();
    let mut sheet = kaoping::sample::filled_sheet_for(&loaded, unit, 3);
    let path = dir.join(format!("{unit}.kaoping"));
    sheet.save(&path, &loaded).unwrap();
    let originals = dir.join("originals");
    std::fs::create_dir_all(&originals).unwrap();
    let files = [
        ("活动图片.jpg", vec![0xffu8, 0xd8, 1, 2, 3]),
        ("调研报告.pdf", b"%PDF-1.4 report".to_vec()),
        ("工作总结.docx", b"PK docx".to_vec()),
    ];
    for (name, bytes) in &files {
        std::fs::write(originals.join(name), bytes).unwrap();
    }
    let item1 = loaded.ruleset.items().next().unwrap().1.id.clone();
    let item3 = loaded.ruleset.items().nth(2).unwrap().1.id.clone();
    evidence::attach(
        &mut sheet,
        &loaded,
        &path,
        &item1,
        &originals.join("活动图片.jpg"),
        None,
    )
    .unwrap();
    evidence::attach(
        &mut sheet,
        &loaded,
        &path,
        &item1,
        &originals.join("调研报告.pdf"),
        Some("2015年调研报告"),
    )
    .unwrap();
    evidence::attach(
        &mut sheet,
        &loaded,
        &path,
        &item3,
        &originals.join("工作总结.docx"),
        None,
    )
    .unwrap();
    sheet.save(&path, &loaded).unwrap();
    (path, sheet)
}

fn item_id(n: usize) -> String {
    rs2015().ruleset.items().nth(n - 1).unwrap().1.id.clone()
}

#[test]
fn attached_files_are_copied_beside_the_sheet_and_recorded_with_size_and_hash() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = sheet_with_evidence(dir.path(), "pingjiang");
    // The originals can go: the sheet's folder has its own copies.
    std::fs::remove_dir_all(dir.path().join("originals")).unwrap();
    let opened = open_sheet(&path, &Catalog::default()).unwrap();
    let list = &opened.sheet.evidence[&item_id(1)];
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].title, "活动图片");
    assert_eq!(list[1].title, "2015年调研报告");
    for e in list {
        let stored = evidence::item_file(&path, &item_id(1), &e.stored);
        let bytes = std::fs::read(&stored).unwrap();
        assert_eq!(bytes.len() as u64, e.size);
        assert_eq!(sha256_hex(&bytes), e.sha256);
    }
    assert!(
        evidence::folder_for(&path).ends_with("pingjiang_佐证材料"),
        "{}",
        evidence::folder_for(&path).display()
    );
    assert!(evidence::check_files(&opened.sheet, &opened.ruleset, &path).is_empty());
    assert_eq!(evidence::count(&opened.sheet, &item_id(3)), 1);
    assert_eq!(evidence::count(&opened.sheet, &item_id(2)), 0);
}

#[test]
fn the_same_file_twice_gets_a_second_name_and_a_missing_file_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut sheet) = sheet_with_evidence(dir.path(), "pingjiang");
    let loaded = rs2015();
    let again = dir.path().join("originals/活动图片.jpg");
    evidence::attach(&mut sheet, &loaded, &path, &item_id(1), &again, None).unwrap();
    let list = sheet.evidence[&item_id(1)].clone();
    assert_eq!(list[2].stored, "活动图片-2.jpg");
    // A folder, a missing file, an unknown item: each said, nothing recorded.
    let before = sheet.clone();
    let err =
        evidence::attach(&mut sheet, &loaded, &path, &item_id(1), dir.path(), None).unwrap_err();
    assert!(
        matches!(&err, EvidenceError::NotAFile { path } if path == dir.path()),
        "{err:?}"
    );
    // One message read as the clerk reads it: what, and which file.
    assert!(err.to_string().contains("不是普通文件"), "{err}");
    let err = evidence::attach(
        &mut sheet,
        &loaded,
        &path,
        &item_id(1),
        &dir.path().join("没有.jpg"),
        None,
    )
    .unwrap_err();
    assert!(
        matches!(&err, EvidenceError::File(f)
            if f.step == FileStep::Read && f.kind() == std::io::ErrorKind::NotFound),
        "{err:?}"
    );
    let err = evidence::attach(&mut sheet, &loaded, &path, "no.such", &again, None).unwrap_err();
    assert_eq!(
        err,
        EvidenceError::NoSuchItem {
            id: "no.such".into()
        }
    );
    assert_eq!(sheet, before);
    // A stored file deleted behind the program's back is reported with its item.
    std::fs::remove_file(evidence::item_file(&path, &item_id(1), &list[0].stored)).unwrap();
    let problems = evidence::check_files(&sheet, &loaded, &path);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("办公室工作 第1项") && problems[0].contains("不见了"));
}

#[test]
fn rename_reorder_and_remove_change_the_list_and_saving_drops_the_removed_file() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut sheet) = sheet_with_evidence(dir.path(), "pingjiang");
    let loaded = rs2015();
    let id = item_id(1);
    evidence::rename(&mut sheet, &id, 0, "  三八活动图片 ").unwrap();
    assert_eq!(sheet.evidence[&id][0].title, "三八活动图片");
    assert!(evidence::rename(&mut sheet, &id, 0, "   ").is_err());
    assert!(evidence::rename(&mut sheet, &id, 0, &"长".repeat(61)).is_err());
    assert!(evidence::rename(&mut sheet, &id, 5, "x").is_err());
    assert!(evidence::move_entry(&mut sheet, &id, 1, true));
    assert_eq!(sheet.evidence[&id][0].title, "2015年调研报告");
    assert!(
        !evidence::move_entry(&mut sheet, &id, 0, true),
        "first cannot move up"
    );
    assert!(
        !evidence::move_entry(&mut sheet, &id, 1, false),
        "last cannot move down"
    );
    let removed = evidence::remove(&mut sheet, &id, 0).unwrap();
    assert_eq!(removed.title, "2015年调研报告");
    let removed_file = evidence::item_file(&path, &id, &removed.stored);
    // Until the sheet is saved, the file stays (不保存 keeps the old list whole).
    assert!(removed_file.exists());
    sheet.save(&path, &loaded).unwrap();
    let record = evidence::Removed::of_entry(&path, &id, &removed);
    assert!(evidence::discard_removed(&sheet, &path, &[record]).is_empty());
    assert!(!removed_file.exists());
    assert!(evidence::item_file(&path, &id, &sheet.evidence[&id][0].stored).exists());
    let reopened = open_sheet(&path, &Catalog::default()).unwrap();
    assert_eq!(reopened.sheet.evidence[&id].len(), 1);
    assert_eq!(reopened.sheet.evidence[&id][0].title, "三八活动图片");
}

#[test]
fn a_sheet_listing_a_path_instead_of_a_file_name_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = sheet_with_evidence(dir.path(), "pingjiang");
    let text = std::fs::read_to_string(&path).unwrap();
    let hostile = text.replacen("stored: \"活动图片.jpg\"", "stored: \"../../.bashrc\"", 1);
    assert_ne!(text, hostile);
    std::fs::write(&path, hostile).unwrap();
    let err = open_sheet(&path, &Catalog::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("不是普通文件名"), "{err}");
}

#[test]
fn the_content_fingerprint_ignores_saving_attachments_and_review_but_not_a_fact() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut sheet) = sheet_with_evidence(dir.path(), "pingjiang");
    let loaded = rs2015();
    let before = sheet.content_fingerprint();
    sheet.save(&path, &loaded).unwrap();
    evidence::attach_scan(
        &mut sheet,
        &path,
        &dir.path().join("originals/活动图片.jpg"),
        &before,
    )
    .unwrap();
    sheet.items.get_mut(&item_id(1)).unwrap().reviewed = Some(crate::common::d("1"));
    sheet.review = Some(Default::default());
    assert_eq!(sheet.content_fingerprint(), before);
    sheet.contact.phone = "0730-1234567".into();
    assert_ne!(sheet.content_fingerprint(), before);
}

/// A complete package: sample sheet, evidence, a scan of the current version.
pub(crate) fn complete_package(dir: &Path, unit: &str) -> (PathBuf, PathBuf) {
    let (path, mut sheet) = sheet_with_evidence(dir, unit);
    let loaded = rs2015();
    let scan = dir.join("originals/扫描.pdf");
    std::fs::write(&scan, b"%PDF-1.4 sealed pages").unwrap();
    let fingerprint = sheet.content_fingerprint();
    evidence::attach_scan(&mut sheet, &path, &scan, &fingerprint).unwrap();
    sheet.save(&path, &loaded).unwrap();
    let written = package::write(&path, &Catalog::default(), None).unwrap();
    assert!(written.missing.is_empty(), "{:?}", written.missing);
    (path, written.path)
}

#[test]
fn a_package_holds_sheet_pdf_scan_evidence_and_a_manifest_of_hashes_and_reads_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (sheet_path, zip_path) = complete_package(dir.path(), "pingjiang");
    assert_eq!(
        zip_path.file_name().unwrap().to_string_lossy(),
        "平江县妇联-2015年度绩效考核自评-提交包.zip"
    );
    let entries = unzip(&zip_path);
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    for expected in [
        "manifest.json",
        "平江县妇联-2015年度绩效考核自评.kaoping",
        "平江县妇联-2015年度绩效考核自评.pdf",
        "盖章扫描件/扫描.pdf",
        "佐证材料/01-办公室工作第1项-及时报送信息/活动图片.jpg",
        "佐证材料/01-办公室工作第1项-及时报送信息/调研报告.pdf",
    ] {
        assert!(names.contains(&expected), "{expected} not in {names:?}");
    }
    // The manifest names every other file with its real size and SHA-256.
    let manifest: package::Manifest = serde_json::from_slice(
        &entries
            .iter()
            .find(|(n, _)| n == "manifest.json")
            .unwrap()
            .1,
    )
    .unwrap();
    assert_eq!(manifest.files.len(), entries.len() - 1);
    for f in &manifest.files {
        let bytes = &entries.iter().find(|(n, _)| *n == f.path).unwrap().1;
        assert_eq!(f.size, bytes.len() as u64, "{}", f.path);
        assert_eq!(f.sha256, sha256_hex(bytes), "{}", f.path);
    }
    let sheet_bytes = std::fs::read(&sheet_path).unwrap();
    assert_eq!(manifest.sheet_sha256, sha256_hex(&sheet_bytes));
    assert_eq!(manifest.unit, "平江县");
    assert_eq!(manifest.ruleset.id, "yueyang-2015");
    let photo = manifest
        .files
        .iter()
        .find(|f| f.path.ends_with("活动图片.jpg"))
        .unwrap();
    assert_eq!(photo.kind, Kind::Evidence);
    assert_eq!(photo.item_id.as_deref(), Some(item_id(1).as_str()));
    assert_eq!(photo.item_number, Some(1));
    // The PDF inside is printed from this version: its foot has the content fingerprint.
    let pdf = &entries
        .iter()
        .find(|(n, _)| n.ends_with(".pdf") && !n.contains('/'))
        .unwrap()
        .1;
    let text = crate::common::pdf_text(pdf);
    assert!(text.contains(&format!("内容指纹 {}", &manifest.content_fingerprint[..8])));

    // Read back as the municipal office does: every file verified.
    let opened = open_package(&zip_path, &Catalog::default()).unwrap();
    assert!(opened.problems.is_empty(), "{:?}", opened.problems);
    assert_eq!(opened.evidence_count(), 3);
    assert!(opened.has_scan());
    assert_eq!(opened.evidence_of(&item_id(1)).len(), 2);
    assert_eq!(opened.opened.sheet.unit.as_deref(), Some("pingjiang"));
    let bytes = package::read_file(&zip_path, &photo.path, &photo.sha256).unwrap();
    assert_eq!(bytes, vec![0xffu8, 0xd8, 1, 2, 3]);
}

#[test]
fn missing_parts_are_listed_and_an_old_scan_is_named_as_another_version() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = rs2015();
    let mut blank = Sheet::new(&loaded, Some("huarong".into()));
    let path = dir.path().join("华容县.kaoping");
    blank.save(&path, &loaded).unwrap();
    let written = package::write(&path, &Catalog::default(), None).unwrap();
    let all = written.missing.join("\n");
    assert!(all.contains("未填完"), "{all}");
    assert!(all.contains("盖章扫描件"), "{all}");
    // A scan printed from an earlier version: the package says so, in the plan and on reading.
    let (sheet_path, _) = complete_package(dir.path(), "pingjiang");
    let mut sheet = open_sheet(&sheet_path, &Catalog::default()).unwrap().sheet;
    sheet.contact.name = "改过的联系人".into();
    sheet.save(&sheet_path, &loaded).unwrap();
    let written = package::write(&sheet_path, &Catalog::default(), None).unwrap();
    assert!(
        written.missing.iter().any(|m| m.contains("另一版内容")),
        "{:?}",
        written.missing
    );
    let opened = open_package(&written.path, &Catalog::default()).unwrap();
    assert!(
        opened.problems.iter().any(|p| p.contains("另一版内容")),
        "{:?}",
        opened.problems
    );
}

#[test]
fn a_changed_attachment_stops_the_package_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let (path, sheet) = sheet_with_evidence(dir.path(), "pingjiang");
    let e = &sheet.evidence[&item_id(1)][0];
    std::fs::write(
        evidence::item_file(&path, &item_id(1), &e.stored),
        b"changed!!",
    )
    .unwrap();
    let err = package::write(&path, &Catalog::default(), None).unwrap_err();
    match &err {
        package::PackageError::Broken(lines) => {
            assert!(
                lines.len() == 1 && lines[0].contains("改动过") && lines[0].contains("活动图片"),
                "{lines:?}"
            );
        }
        other => panic!("expected the changed file named, got {other:?}"),
    }
}

// ------------------------------------------------------------------ tampering, hostile zips

/// Every file of a zip, in order, by name.
#[test]
fn one_changed_byte_an_added_file_and_a_removed_file_are_each_detected() {
    let dir = tempfile::tempdir().unwrap();
    let (_, zip_path) = complete_package(dir.path(), "pingjiang");
    let original = unzip(&zip_path);

    let mut changed = original.clone();
    let photo = changed
        .iter_mut()
        .find(|(n, _)| n.ends_with("活动图片.jpg"))
        .unwrap();
    photo.1[2] ^= 1;
    rezip(&zip_path, &changed);
    let p = open_package(&zip_path, &Catalog::default())
        .unwrap()
        .problems;
    assert!(
        p.len() == 1 && p[0].contains("活动图片.jpg") && p[0].contains("改动过"),
        "{p:?}"
    );

    let mut added = original.clone();
    added.push((
        "佐证材料/01-办公室工作第1项-及时报送信息/另加的.jpg".into(),
        b"x".to_vec(),
    ));
    rezip(&zip_path, &added);
    let p = open_package(&zip_path, &Catalog::default())
        .unwrap()
        .problems;
    assert!(
        p.len() == 1 && p[0].contains("另加的.jpg") && p[0].contains("不在清单里"),
        "{p:?}"
    );

    let removed: Vec<_> = original
        .iter()
        .filter(|(n, _)| !n.ends_with("调研报告.pdf"))
        .cloned()
        .collect();
    rezip(&zip_path, &removed);
    let p = open_package(&zip_path, &Catalog::default())
        .unwrap()
        .problems;
    assert!(
        p.len() == 1 && p[0].contains("调研报告.pdf") && p[0].contains("不在提交包里"),
        "{p:?}"
    );

    // The sheet itself edited inside the package: its hash no longer matches.
    let mut edited = original.clone();
    let sheet = edited
        .iter_mut()
        .find(|(n, _)| n.ends_with(".kaoping"))
        .unwrap();
    let text = String::from_utf8(sheet.1.clone()).unwrap();
    sheet.1 = text.replacen("phone: \"", "phone: \"1", 1).into_bytes();
    rezip(&zip_path, &edited);
    let p = open_package(&zip_path, &Catalog::default())
        .unwrap()
        .problems;
    assert!(
        p.iter()
            .any(|m| m.contains(".kaoping") && m.contains("改动过")),
        "{p:?}"
    );
}

/// Why `zip_path` is refused (it must be refused as a package, not fail otherwise).
fn refused(zip_path: &Path, limits: &Limits) -> Refusal {
    match open_package_within(zip_path, &Catalog::default(), limits) {
        Err(PackageError::Refused { package, why }) => {
            assert_eq!(package, zip_path);
            why
        }
        other => panic!("a hostile package is refused, got {:?}", other.map(|_| ())),
    }
}

#[test]
fn hostile_packages_are_refused_with_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let (_, zip_path) = complete_package(dir.path(), "pingjiang");
    let original = unzip(&zip_path);
    let hostile = dir.path().join("hostile.zip");
    let with = |name: &str| {
        let mut e = original.clone();
        e.push((name.to_string(), b"x".to_vec()));
        rezip(&hostile, &e);
    };
    with("../../evil.txt");
    let why = refused(&hostile, &Limits::DEFAULT);
    assert!(
        matches!(&why, Refusal::UnsafeName { name, .. } if name == "../../evil.txt"),
        "{why:?}"
    );
    // Said as the office reads it: which file, what is wrong with the name.
    let said = open_package_within(&hostile, &Catalog::default(), &Limits::DEFAULT)
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(
        said.contains("不是可用的提交包") && said.contains("“..”") && said.contains("hostile.zip"),
        "{said}"
    );
    with("/etc/evil");
    assert!(matches!(
        refused(&hostile, &Limits::DEFAULT),
        Refusal::UnsafeName {
            why: "是绝对路径",
            ..
        }
    ));
    with("C:/evil");
    assert!(matches!(
        refused(&hostile, &Limits::DEFAULT),
        Refusal::UnsafeName {
            why: "带盘符", ..
        }
    ));
    // Two names that are one file on Windows.
    with("MANIFEST.JSON");
    assert_eq!(
        refused(&hostile, &Limits::DEFAULT),
        Refusal::DuplicateName {
            name: "MANIFEST.JSON".into()
        }
    );
    // A symbolic link.
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&hostile).unwrap());
    for (name, bytes) in &original {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.add_symlink(
        "佐证材料/link",
        "/etc/passwd",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    zip.finish().unwrap();
    assert_eq!(
        refused(&hostile, &Limits::DEFAULT),
        Refusal::Symlink {
            name: "佐证材料/link".into()
        }
    );
    // Too many entries, too much unpacked (a zip bomb stops at the bound).
    rezip(&hostile, &original);
    let few = Limits {
        entries: original.len() - 1,
        ..Limits::DEFAULT
    };
    assert!(matches!(
        refused(&hostile, &few),
        Refusal::TooManyFiles { count, most } if count == original.len() as u64 && most == few.entries
    ));
    let small = Limits {
        unpacked_bytes: 50_000,
        ..Limits::DEFAULT
    };
    assert_eq!(
        refused(&hostile, &small),
        Refusal::UnpackedTooLarge { most: 50_000 }
    );
    // Not a zip at all.
    std::fs::write(&hostile, b"not a zip").unwrap();
    assert!(matches!(
        refused(&hostile, &Limits::DEFAULT),
        Refusal::NotZip(_)
    ));
}

/// Rewrites a zip so that every entry name is stored in GBK without the UTF-8 flag, as the
/// zip tools of Chinese Windows write them: names are written as same-length ASCII
/// placeholders, then the placeholders' bytes replaced in the archive (names are not covered
/// by the CRC).
fn rezip_gbk(path: &Path, entries: &[(String, Vec<u8>)]) {
    let mut swaps = Vec::new();
    let placed: Vec<(String, Vec<u8>)> = entries
        .iter()
        .enumerate()
        .map(|(i, (name, bytes))| {
            let (gbk, _, bad) = encoding_rs::GBK.encode(name);
            assert!(!bad);
            let mut placeholder = format!("@{i:04}@");
            while placeholder.len() < gbk.len() {
                placeholder.push('#');
            }
            assert_eq!(placeholder.len(), gbk.len(), "{name}");
            swaps.push((placeholder.clone().into_bytes(), gbk.into_owned()));
            (placeholder, bytes.clone())
        })
        .collect();
    rezip(path, &placed);
    let mut raw = std::fs::read(path).unwrap();
    for (from, to) in swaps {
        let mut at = 0;
        while let Some(pos) = raw[at..]
            .windows(from.len())
            .position(|w| w == from.as_slice())
        {
            let start = at + pos;
            raw[start..start + from.len()].copy_from_slice(&to);
            at = start + from.len();
        }
    }
    std::fs::write(path, raw).unwrap();
}

#[test]
fn a_package_rezipped_with_gbk_names_reads_with_its_chinese_names() {
    let dir = tempfile::tempdir().unwrap();
    let (_, zip_path) = complete_package(dir.path(), "pingjiang");
    let original = unzip(&zip_path);
    rezip_gbk(&zip_path, &original);
    // The raw names are GBK now (not UTF-8): a reader that assumed UTF-8 would fail.
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let raw = archive.by_index(1).unwrap().name_raw().to_vec();
    assert!(std::str::from_utf8(&raw).is_err());
    let opened = open_package(&zip_path, &Catalog::default()).unwrap();
    assert!(opened.problems.is_empty(), "{:?}", opened.problems);
    assert_eq!(opened.evidence_count(), 3);
}

// ------------------------------------------------------------------ the municipal side

#[test]
fn the_comparison_reads_a_folder_of_packages_and_marks_late_ones() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("收件");
    std::fs::create_dir_all(&inbox).unwrap();
    for unit in ["pingjiang", "huarong"] {
        let work = dir.path().join(unit);
        std::fs::create_dir_all(&work).unwrap();
        let (_, zip_path) = complete_package(&work, unit);
        std::fs::rename(&zip_path, inbox.join(zip_path.file_name().unwrap())).unwrap();
    }
    let summary = kaoping::summary::Summary::from_paths(&[inbox], &Catalog::default());
    assert!(summary.failures.is_empty(), "{:?}", summary.failures);
    let row = summary
        .rows
        .iter()
        .find(|r| r.unit_name == "平江县")
        .unwrap();
    let s = row.sheet.as_ref().unwrap();
    assert!(s.from_package && s.evidence == 3 && s.scans == 1);
    // Made today, long after 2016-01-12: 逾期, in the state, the file cell and the notes.
    assert!(s.late);
    assert!(row.state_text().contains("逾期"));
    let notes = summary.notes().join("\n");
    assert!(notes.contains("逾期提交（截止2016-01-12，2个）"), "{notes}");
    assert!(
        notes.contains(&format!(
            "平江县（{}提交，佐证材料3个，已盖章）",
            chrono::Local::now().format("%Y-%m-%d")
        )),
        "{notes}"
    );
    assert!(!notes.contains("没有盖章扫描件"), "{notes}");
    // The deadline's day counts whole, in the time zone the time was recorded in.
    let deadline = rs2015().ruleset.deadline.clone();
    let d = deadline.as_ref();
    assert!(!kaoping::summary::late("2016-01-12T23:50:00+08:00", d));
    assert!(kaoping::summary::late("2016-01-13T00:10:00+08:00", d));
    assert!(!kaoping::summary::late("2016-01-11T09:00:00+08:00", d));
    assert!(!kaoping::summary::late("不是时间", d));
}

#[test]
fn a_tampered_package_in_the_comparison_is_counted_and_named_in_the_notes() {
    let dir = tempfile::tempdir().unwrap();
    let (_, zip_path) = complete_package(dir.path(), "pingjiang");
    let mut entries = unzip(&zip_path);
    entries.retain(|(n, _)| !n.ends_with("活动图片.jpg"));
    rezip(&zip_path, &entries);
    let summary = kaoping::summary::Summary::from_paths(&[zip_path], &Catalog::default());
    let row = summary.rows.iter().find(|r| r.sheet.is_some()).unwrap();
    assert!(row.state_text().contains("提交包与清单不符"));
    let notes = summary.notes().join("\n");
    assert!(
        notes.contains("活动图片.jpg") && notes.contains("不在提交包里"),
        "{notes}"
    );
}

// ------------------------------------------------------------------ the command line

fn kaoping(args: &[&std::ffi::OsStr]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kaoping"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_command_line_attaches_lists_removes_and_packages_with_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = rs2015();
    let path = dir.path().join("平江县.kaoping");
    kaoping::sample::filled_sheet_for(&loaded, "pingjiang", 3)
        .save(&path, &loaded)
        .unwrap();
    let photo = dir.path().join("图.jpg");
    std::fs::write(&photo, b"\xFF\xD8\xFF\xE0jpeg").unwrap();
    let a = |s: &str| std::ffi::OsString::from(s);
    let p = path.as_os_str().to_owned();
    let (code, out, err) = kaoping(&[
        &a("evidence"),
        &p,
        &a("add"),
        &a("1"),
        photo.as_os_str(),
        &a("--title"),
        &a("三八活动"),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("办公室工作 第1项") && out.contains("三八活动"),
        "{out}"
    );
    // By id too; an item that does not exist is exit 2 with the count.
    let id = item_id(2);
    let (code, ..) = kaoping(&[&a("evidence"), &p, &a("add"), &a(&id), photo.as_os_str()]);
    assert_eq!(code, 0);
    let (code, _, err) = kaoping(&[&a("evidence"), &p, &a("add"), &a("45"), photo.as_os_str()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("没有第45项") && err.contains("共44项"),
        "{err}"
    );
    let (code, out, _) = kaoping(&[&a("evidence"), &p, &a("list")]);
    assert_eq!(code, 0);
    assert!(out.contains("共2个佐证材料"), "{out}");
    let (code, out, _) = kaoping(&[&a("evidence"), &p, &a("remove"), &a("2"), &a("1")]);
    assert_eq!(code, 0, "{out}");
    let (_, out, _) = kaoping(&[&a("evidence"), &p, &a("list")]);
    assert!(out.contains("共1个佐证材料"), "{out}");

    // A text file is no scan, whatever it is called; the sheet itself is no 佐证材料.
    let text = dir.path().join("半年总结.txt");
    std::fs::write(&text, "半年工作总结").unwrap();
    let (code, _, err) = kaoping(&[&a("evidence"), &p, &a("scan"), text.as_os_str()]);
    assert_eq!(code, 2);
    assert!(err.contains("不是图片或 PDF"), "{err}");
    let (code, _, err) = kaoping(&[&a("evidence"), &p, &a("add"), &a("1"), p.as_os_str()]);
    assert_eq!(code, 2);
    assert!(err.contains("是考评程序自己的文件"), "{err}");

    // No scan yet: written, exit 1 with what is missing.
    let (code, out, _) = kaoping(&[&a("package"), &p]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("缺少：还没有添加盖章扫描件"), "{out}");
    let (code, ..) = kaoping(&[&a("evidence"), &p, &a("scan"), photo.as_os_str()]);
    assert_eq!(code, 0);
    let zip = dir.path().join("out.zip");
    let (code, out, _) = kaoping(&[&a("package"), &p, &a("-o"), zip.as_os_str()]);
    assert_eq!(code, 0, "{out}");
    assert!(zip.is_file());
    // Cannot be written: exit 2.
    let nowhere = dir.path().join("没有的文件夹/out.zip");
    let (code, _, err) = kaoping(&[&a("package"), &p, &a("-o"), nowhere.as_os_str()]);
    assert_eq!(code, 2, "{err}");
    // The comparison reads the package.
    let (code, out, _) = kaoping(&[&a("summary"), zip.as_os_str()]);
    assert!(
        out.contains("平江县") && out.contains("佐证材料1个，已盖章"),
        "{code} {out}"
    );

    // A wrong scan added by mistake is taken off again: its file goes, the other stays.
    let wrong = dir.path().join("错的扫描.png");
    std::fs::copy(&photo, &wrong).unwrap();
    let (code, ..) = kaoping(&[&a("evidence"), &p, &a("scan"), wrong.as_os_str()]);
    assert_eq!(code, 0);
    let scans = kaoping::evidence::folder_for(Path::new(&p)).join(kaoping::evidence::SCANS_FOLDER);
    assert_eq!(std::fs::read_dir(&scans).unwrap().count(), 2);
    let (_, out, _) = kaoping(&[&a("evidence"), &p, &a("list")]);
    assert!(
        out.contains("盖章扫描件 2. 盖章扫描件2（错的扫描.png"),
        "{out}"
    );
    let (code, out, err) = kaoping(&[&a("evidence"), &p, &a("remove-scan"), &a("2")]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("已删除盖章扫描件“盖章扫描件2”"), "{out}");
    let (_, out, _) = kaoping(&[&a("evidence"), &p, &a("list")]);
    assert!(
        out.contains("1个盖章扫描件") && !out.contains("错的扫描.png"),
        "{out}"
    );
    let left: Vec<_> = std::fs::read_dir(&scans).unwrap().flatten().collect();
    assert_eq!(left.len(), 1, "only the wrong scan's file went: {left:?}");
    let (code, _, err) = kaoping(&[&a("evidence"), &p, &a("remove-scan"), &a("5")]);
    assert_eq!(code, 2);
    assert!(err.contains("没有第5个盖章扫描件"), "{err}");
}

#[test]
fn a_large_photo_shrinks_to_a_jpeg_of_2000_pixels_and_a_small_one_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = rs2015();
    let path = dir.path().join("平江县.kaoping");
    let mut sheet = kaoping::sample::filled_sheet_for(&loaded, "pingjiang", 3);
    sheet.save(&path, &loaded).unwrap();
    // A 3000×1500 photo with detail everywhere (PNG of noise: large).
    let mut seed = 7u32;
    let big = image::RgbImage::from_fn(3000, 1500, |_, _| {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let b = seed.to_le_bytes();
        image::Rgb([b[1], b[2], b[3]])
    });
    let photo = dir.path().join("合影.png");
    big.save(&photo).unwrap();
    let small = dir.path().join("小图.png");
    image::RgbImage::from_pixel(20, 10, image::Rgb([200, 10, 10]))
        .save(&small)
        .unwrap();
    let text = dir.path().join("说明.txt");
    std::fs::write(&text, "文字").unwrap();
    let id = item_id(1);
    for f in [&photo, &small, &text] {
        evidence::attach(&mut sheet, &loaded, &path, &id, f, None).unwrap();
    }
    let before = std::fs::metadata(&photo).unwrap().len();
    let first = evidence::shrink_image(&mut sheet, &path, &id, 0).unwrap();
    let (was, now) = (first.before, first.after);
    assert_eq!(was, before);
    assert!(now < was / 2, "{was} → {now}");
    let e = &sheet.evidence[&id][0];
    assert_eq!(e.stored, "合影-缩小.jpg");
    assert_eq!(e.title, "合影", "the title stays");
    let stored = evidence::item_file(&path, &id, &e.stored);
    let bytes = std::fs::read(&stored).unwrap();
    assert_eq!(
        (bytes.len() as u64, sha256_hex(&bytes)),
        (e.size, e.sha256.clone())
    );
    let shrunk = image::load_from_memory(&bytes).unwrap();
    assert_eq!((shrunk.width(), shrunk.height()), (2000, 1000));
    assert_eq!(
        image::guess_format(&bytes).unwrap(),
        image::ImageFormat::Jpeg
    );
    // A tiny PNG (a few dozen bytes) would only grow as a JPEG: left alone, said so.
    let err = evidence::shrink_image(&mut sheet, &path, &id, 1).unwrap_err();
    assert!(matches!(err, EvidenceError::SmallEnough { .. }), "{err:?}");
    assert_eq!(sheet.evidence[&id][1].stored, "小图.png");
    let err = evidence::shrink_image(&mut sheet, &path, &id, 2).unwrap_err();
    assert!(matches!(err, EvidenceError::NotAPicture { .. }), "{err:?}");
    // The original stays until the save, then goes.
    let original = evidence::item_file(&path, &id, "合影.png");
    assert!(original.exists());
    sheet.save(&path, &loaded).unwrap();
    assert!(evidence::discard_removed(&sheet, &path, &[first.replaced]).is_empty());
    assert!(!original.exists());
}

#[test]
fn required_evidence_from_the_ruleset_is_a_warning_until_attached_and_2015_hints_are_readings() {
    // The first item asks for 信息采用通知, required.
    let (text, marked) = text_2015_requiring_evidence_on_item_1();
    let loaded = kaoping::catalog::load_ruleset_text(&marked, "2015-带佐证要求.ron").unwrap();
    assert!(!loaded.has_errors(), "{:?}", loaded.findings);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.kaoping");
    let mut sheet = Sheet::new(&loaded, Some("pingjiang".into()));
    let problems = evidence::required_problems(&sheet, &loaded);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].kind, kaoping::scoring::ProblemKind::Warning);
    assert_eq!(problems[0].location, "办公室工作 第1项");
    assert!(problems[0].message.contains("信息采用通知"));
    sheet.save(&path, &loaded).unwrap();
    let f = dir.path().join("通知.pdf");
    std::fs::write(&f, b"%PDF").unwrap();
    let id = loaded.ruleset.items().next().unwrap().1.id.clone();
    evidence::attach(&mut sheet, &loaded, &path, &id, &f, None).unwrap();
    assert!(evidence::required_problems(&sheet, &loaded).is_empty());
    // 2015 states none: its hints are this program's reading of the texts, never required.
    let rs = rs2015();
    let office_research = rs.ruleset.item("office.research").unwrap();
    let hints = evidence::hints(office_research);
    assert!(hints.iter().any(|h| h.title == "调研报告"));
    assert!(hints.iter().all(|h| h.reading && !h.required));
    assert!(evidence::required_problems(&Sheet::new(&rs, None), &rs).is_empty());
    // A blank or repeated title is an error of the ruleset, with the item named.
    let bad = text.replacen(
        "reading: \"市妇联采用、省妇联采用两项都计",
        "evidence: [Evidence(title: \"\"), Evidence(title: \"图\"), Evidence(title: \"图\")],\n            reading: \"市妇联采用、省妇联采用两项都计",
        1,
    );
    let loaded = kaoping::catalog::load_ruleset_text(&bad, "坏.ron").unwrap();
    let errors: Vec<String> = loaded.findings.iter().map(|f| f.to_string()).collect();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("佐证材料的名称须有1到60个字")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("佐证材料“图”重复")),
        "{errors:?}"
    );
}

#[test]
fn a_deadline_that_is_not_a_date_is_an_error_of_the_ruleset() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/rulesets/yueyang-2015.ron"
    ))
    .unwrap();
    assert_eq!(
        rs2015().ruleset.deadline.as_ref().and_then(|d| d.ymd()),
        Some((2016, 1, 12))
    );
    for bad in ["2016-02-30", "2016-1-32", "明年", "2016-13-01"] {
        let t = text.replacen("date: \"2016-01-12\"", &format!("date: \"{bad}\""), 1);
        let loaded = kaoping::catalog::load_ruleset_text(&t, "坏.ron").unwrap();
        assert!(
            loaded
                .findings
                .iter()
                .any(|f| f.to_string().contains("不是日期")),
            "{bad}: {:?}",
            loaded.findings
        );
    }
}

#[test]
fn save_as_into_another_folder_takes_the_evidence_along() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = sheet_with_evidence(dir.path(), "pingjiang");
    let mut session = kaoping::document::Session::new(None);
    session.open(&path, &Catalog::default()).unwrap();
    let elsewhere = dir.path().join("U盘");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let copy = elsewhere.join("平江县-副本.kaoping");
    session.save_to(&copy).unwrap();
    let opened = open_sheet(&copy, &Catalog::default()).unwrap();
    assert!(
        evidence::check_files(&opened.sheet, &opened.ruleset, &copy).is_empty(),
        "every listed file is beside the copy"
    );
    assert!(evidence::folder_for(&copy).ends_with("平江县-副本_佐证材料"));
    // The package of the copy verifies as well.
    let written = package::write(&copy, &Catalog::default(), None).unwrap();
    let reread = open_package(&written.path, &Catalog::default()).unwrap();
    assert!(reread.problems.is_empty(), "{:?}", reread.problems);
    assert_eq!(reread.evidence_count(), 3);
}

#[cfg(unix)]
#[test]
fn attached_files_are_ordinary_readable_files_not_private_temporaries() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let (path, sheet) = sheet_with_evidence(dir.path(), "pingjiang");
    let item = item_id(1);
    let stored = &sheet.evidence[&item][0].stored;
    let file = evidence::folder_for(&path).join(&item).join(stored);
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644, "{}", file.display());
}

#[test]
fn a_cancelled_package_leaves_the_earlier_one_and_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let (path, zip) = complete_package(dir.path(), "pingjiang");
    let earlier = std::fs::read(&zip).unwrap();
    let listing = || {
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        names
    };
    let before = listing();
    // Cancelled before it starts, and cancelled part-way through writing (once the zip has
    // had its first bytes): either way nothing is written.
    let progress = kaoping::progress::Progress::new();
    progress.cancel();
    let now = chrono::Local::now().fixed_offset();
    assert_eq!(
        package::write_with(&path, &Catalog::default(), None, now, &progress).map(|_| ()),
        Err(PackageError::Cancelled),
        "a cancel is said as a cancel, not as a failure"
    );
    assert_eq!(progress.reading().done, 0);
    let opened = open_sheet(&path, &Catalog::default()).unwrap();
    let plan = package::plan(&opened, &path).unwrap();
    let part_way = kaoping::progress::Progress::new();
    struct CancelAfter<'a>(&'a kaoping::progress::Progress, std::io::Cursor<Vec<u8>>);
    impl std::io::Write for CancelAfter<'_> {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.cancel();
            self.1.write(b)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    impl std::io::Seek for CancelAfter<'_> {
        fn seek(&mut self, p: std::io::SeekFrom) -> std::io::Result<u64> {
            self.1.seek(p)
        }
    }
    let out = CancelAfter(&part_way, std::io::Cursor::new(Vec::new()));
    let built = package::build_into_with(&opened, &plan, now, out, &part_way);
    assert_eq!(
        built,
        Err(PackageError::Cancelled),
        "a cancel part-way stops the build"
    );
    assert_eq!(
        std::fs::read(&zip).unwrap(),
        earlier,
        "the earlier package is untouched"
    );
    assert_eq!(listing(), before, "no temporary file is left");
}

#[test]
fn a_cancelled_copy_is_a_cancel_and_leaves_no_file_in_the_item_folder() {
    let dir = tempfile::tempdir().unwrap();
    let (path, sheet) = sheet_with_evidence(dir.path(), "pingjiang");
    let loaded = rs2015();
    let folder = evidence::folder_for(&path).join(item_id(1));
    let before: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let progress = kaoping::progress::Progress::new();
    progress.cancel();
    let source = dir.path().join("originals/活动图片.jpg");
    let err = evidence::copy_for_item(
        &sheet,
        &loaded,
        &path,
        &item_id(1),
        &source,
        None,
        0,
        &progress,
    )
    .unwrap_err();
    assert_eq!(err, EvidenceError::Cancelled);
    let after: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        after.len(),
        before.len(),
        "no copy and no temporary file left"
    );
}
