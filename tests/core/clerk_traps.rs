//! The clerk's traps in the core: a save deletes only what she took off this sheet (to the
//! trash), never another sheet's 佐证材料 or a file she put in the folder herself; a warning
//! that asks something keeps the sheet a draft until it is fixed or answered 确认无误, on the
//! paper, in the package and in the command line.

use crate::common::*;
use kaoping::catalog::Catalog;
use kaoping::document::Session;
use kaoping::evidence;
use kaoping::scoring::Fact;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A saved, filled 平江县 sheet with two files attached to item 1; returns its path, item 1's
/// id and the two stored files. File names carry `tag` so the trash can be searched for them.
fn sheet_with_two_files(dir: &Path, tag: &str) -> (PathBuf, String, PathBuf, PathBuf) {
    let loaded = rs2015();
    let mut sheet = kaoping::sample::filled_sheet_for(&loaded, "pingjiang", 3);
    let path = dir.join("平江县.kaoping");
    sheet.save(&path, &loaded).unwrap();
    let item = loaded.ruleset.items().next().unwrap().1.id.clone();
    let mut stored = Vec::new();
    for name in [format!("甲-{tag}.jpg"), format!("乙-{tag}.pdf")] {
        let original = dir.join(&name);
        std::fs::write(&original, name.as_bytes()).unwrap();
        evidence::attach(&mut sheet, &loaded, &path, &item, &original, None).unwrap();
        stored.push(evidence::item_file(&path, &item, &name));
    }
    sheet.save(&path, &loaded).unwrap();
    let second = stored.pop().unwrap();
    let first = stored.pop().unwrap();
    (path, item, first, second)
}

/// A tag no earlier run used, so a file found in the trash is this run's.
fn unique_tag(dir: &Path) -> String {
    dir.file_name().unwrap().to_string_lossy().replace('.', "")
}

/// Whether the desktop trash (freedesktop, as the Linux build uses) holds a file named so.
fn in_trash(name: &str) -> bool {
    let home = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")));
    home.is_some_and(|h| h.join("Trash/files").join(name).exists())
}

#[test]
fn a_save_takes_off_only_the_file_removed_from_this_sheet_and_puts_it_in_the_trash() {
    let dir = tempfile::tempdir().unwrap();
    let tag = unique_tag(dir.path());
    let (path, item, first, second) = sheet_with_two_files(dir.path(), &tag);
    // Files the clerk put into the folder herself, beside the program's.
    let folder = evidence::folder_for(&path);
    let hers_in_item = first.parent().unwrap().join("她自己的.txt");
    let hers_in_root = folder.join("说明.txt");
    let hers_elsewhere = folder.join("旧材料").join("照片.jpg");
    std::fs::write(&hers_in_item, b"mine").unwrap();
    std::fs::write(&hers_in_root, b"mine").unwrap();
    std::fs::create_dir_all(hers_elsewhere.parent().unwrap()).unwrap();
    std::fs::write(&hers_elsewhere, b"mine").unwrap();

    let catalog = Catalog::default();
    let mut s = Session::new(None);
    s.open(&path, &catalog).unwrap();
    // A save with nothing removed touches no file in the folder.
    s.save_to(&path).unwrap();
    for f in [
        &first,
        &second,
        &hers_in_item,
        &hers_in_root,
        &hers_elsewhere,
    ] {
        assert!(f.exists(), "{} was kept", f.display());
    }
    // Removed, then 不保存 (the sheet opened again): the file stays.
    s.remove_evidence(&item, 0).unwrap();
    s.open(&path, &catalog).unwrap();
    s.save_to(&path).unwrap();
    assert!(first.exists(), "a removal dropped unsaved is no removal");
    // Removed and saved: that one file goes to the trash, nothing else moves.
    s.remove_evidence(&item, 0).unwrap();
    assert!(first.exists(), "kept until the save");
    let saved = s.save_to(&path).unwrap();
    assert!(saved.not_trashed.is_empty(), "{:?}", saved.not_trashed);
    assert!(!first.exists());
    assert!(
        in_trash(&format!("甲-{tag}.jpg")),
        "taken back from the trash, not unlinked"
    );
    for f in [&second, &hers_in_item, &hers_in_root, &hers_elsewhere] {
        assert!(f.exists(), "{} was kept", f.display());
    }
}

#[test]
fn a_removal_is_for_the_place_it_was_made_a_save_as_elsewhere_deletes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let tag = unique_tag(dir.path());
    let (path, item, first, second) = sheet_with_two_files(dir.path(), &tag);
    let catalog = Catalog::default();
    let mut s = Session::new(None);
    s.open(&path, &catalog).unwrap();
    s.remove_evidence(&item, 0).unwrap();
    let copy = dir.path().join("U盘").join("平江县-副本.kaoping");
    std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
    s.save_to(&copy).unwrap();
    // The old file still lists both: both stay beside it.
    assert!(first.exists() && second.exists());
    let opened = kaoping::sheet::open_sheet(&path, &catalog).unwrap();
    assert!(evidence::check_files(&opened.sheet, &opened.ruleset, &path).is_empty());
    // The copy has the one it lists.
    let opened = kaoping::sheet::open_sheet(&copy, &catalog).unwrap();
    assert_eq!(opened.sheet.evidence[&item].len(), 1);
    assert!(evidence::check_files(&opened.sheet, &opened.ruleset, &copy).is_empty());
}

#[test]
fn a_file_changed_since_it_was_attached_is_not_taken_off_by_the_save() {
    let dir = tempfile::tempdir().unwrap();
    let tag = unique_tag(dir.path());
    let (path, item, first, _) = sheet_with_two_files(dir.path(), &tag);
    let mut s = Session::new(None);
    s.open(&path, &Catalog::default()).unwrap();
    s.remove_evidence(&item, 0).unwrap();
    // Someone put another file under that name since: it is not the one removed.
    std::fs::write(&first, b"a different file").unwrap();
    s.save_to(&path).unwrap();
    assert_eq!(std::fs::read(&first).unwrap(), b"a different file");
}

#[test]
fn saving_over_another_sheet_sets_its_evidence_aside_and_a_failed_save_puts_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let tag = unique_tag(dir.path());
    let (path, _, first, second) = sheet_with_two_files(dir.path(), &tag);
    let catalog = Catalog::default();
    let mut s = Session::new(None);
    s.set_unit(Some("pingjiang".into()));
    let what = s.occupant(&path, &catalog).expect("another sheet is there");
    assert!(
        what.contains("平江县") && what.contains("佐证材料2个"),
        "{what}"
    );
    let saved = s.save_to(&path).unwrap();
    let aside = evidence::backup_folder_for(&path);
    assert_eq!(saved.evidence_set_aside.as_deref(), Some(aside.as_path()));
    for f in [&first, &second] {
        let rel = f.strip_prefix(evidence::folder_for(&path)).unwrap();
        assert!(aside.join(rel).exists(), "{} kept aside", rel.display());
    }
    // Its own file is no occupant.
    assert!(s.occupant(&path, &catalog).is_none());
    // A save that fails (a folder stands where the .bak goes) leaves the other sheet and its
    // folder as they were.
    let target = dir.path().join("别的.kaoping");
    let (other, _, other_first, _) = {
        let sub = dir.path().join("别处");
        std::fs::create_dir_all(&sub).unwrap();
        let made = sheet_with_two_files(&sub, &format!("{tag}b"));
        std::fs::rename(&made.0, &target).unwrap();
        std::fs::rename(evidence::folder_for(&made.0), evidence::folder_for(&target)).unwrap();
        made
    };
    let _ = other;
    std::fs::create_dir_all(kaoping::fsio::backup_path(&target).join("x")).unwrap();
    let before = std::fs::read(&target).unwrap();
    assert!(s.save_to(&target).is_err());
    assert_eq!(std::fs::read(&target).unwrap(), before);
    let name = other_first.file_name().unwrap();
    let item_dir = other_first.parent().unwrap().file_name().unwrap();
    assert!(
        evidence::folder_for(&target)
            .join(item_dir)
            .join(name)
            .exists(),
        "put back"
    );
}

#[test]
fn a_rate_typed_as_a_fraction_keeps_the_sheet_a_draft_until_fixed_or_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = rs2015();
    let mut sheet = kaoping::sample::filled_sheet_for(&loaded, "pingjiang", 3);
    // The sample is complete and final.
    let report = sheet.evaluate(&loaded);
    assert!(report.complete && sheet.open_questions(&loaded, &report).is_empty());
    let item = "development.screening";
    sheet
        .items
        .get_mut(item)
        .unwrap()
        .facts
        .insert("rate".into(), Fact::Number(d("0.87")));
    let report = sheet.evaluate(&loaded);
    let open = sheet.open_questions(&loaded, &report);
    assert_eq!(open.len(), 1, "{open:?}");
    assert!(open[0].message.contains("是否为87%"), "{}", open[0].message);
    let pdf = kaoping::pdf::render_sheet(&sheet, &loaded).unwrap();
    assert!(pdf.draft, "an unanswered warning is not the paper to sign");

    // The command line says it and exits 1; the package lists it as missing.
    let path = dir.path().join("平江县.kaoping");
    sheet.save(&path, &loaded).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kaoping"))
        .args(["pdf", path.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("1个警告未确认"), "{stdout}");
    assert!(
        stderr.contains("警告未确认：事业部 第1项") && stderr.contains("87%"),
        "{stderr}"
    );
    let opened = kaoping::sheet::open_sheet(&path, &Catalog::default()).unwrap();
    let plan = kaoping::package::plan(&opened, &path).unwrap();
    assert!(
        plan.missing
            .iter()
            .any(|m| m.contains("警告未确认") && m.contains("87%")),
        "{:?}",
        plan.missing
    );

    // Answered 确认无误: final, the answer saved with the item; the fingerprint (what was
    // filled in) is the same.
    let fingerprint = sheet.content_fingerprint();
    let key = open[0].question.as_ref().unwrap().key.clone();
    sheet.items.get_mut(item).unwrap().confirmed.insert(key);
    let report = sheet.evaluate(&loaded);
    assert!(sheet.open_questions(&loaded, &report).is_empty());
    assert!(!kaoping::pdf::render_sheet(&sheet, &loaded).unwrap().draft);
    assert_eq!(sheet.content_fingerprint(), fingerprint);
    sheet.save(&path, &loaded).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kaoping"))
        .args(["pdf", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let opened = kaoping::sheet::open_sheet(&path, &Catalog::default()).unwrap();
    assert!(
        opened.report.problems.iter().any(|p| p.is_confirmed()),
        "shown as answered"
    );
    assert_eq!(
        opened.report.count(kaoping::scoring::ProblemKind::Warning),
        0
    );

    // Another value is another question: asked again.
    sheet
        .items
        .get_mut(item)
        .unwrap()
        .facts
        .insert("rate".into(), Fact::Number(d("0.8")));
    let report = sheet.evaluate(&loaded);
    assert_eq!(sheet.open_questions(&loaded, &report).len(), 1);
}

#[test]
fn required_evidence_answered_confirmed_is_no_longer_missing() {
    let loaded = ruleset_requiring_evidence_on_item_1();
    let sheet = kaoping::sample::filled_sheet_for(&loaded, "pingjiang", 3);
    let report = sheet.evaluate(&loaded);
    let open = sheet.open_questions(&loaded, &report);
    assert_eq!(open.len(), 1, "{open:?}");
    assert!(kaoping::pdf::render_sheet(&sheet, &loaded).unwrap().draft);
    assert_eq!(evidence::missing_required(&sheet, &loaded).len(), 1);
    let mut s = Session::shown(loaded.clone(), sheet);
    let item = open[0].item.clone().unwrap();
    let key = open[0].question.as_ref().unwrap().key.clone();
    s.confirm(&item, &key, true);
    assert!(s.open_questions().is_empty());
    assert!(evidence::missing_required(s.sheet(), &loaded).is_empty());
    assert!(
        !kaoping::pdf::render_sheet(s.sheet(), &loaded)
            .unwrap()
            .draft
    );
    s.confirm(&item, &key, false);
    assert_eq!(s.open_questions().len(), 1, "taken back, asked again");
}

/// The 2015 scheme with item 1 requiring a 信息采用通知.
fn ruleset_requiring_evidence_on_item_1() -> std::sync::Arc<kaoping::catalog::LoadedRuleset> {
    let (_, marked) = text_2015_requiring_evidence_on_item_1();
    let loaded = kaoping::catalog::load_ruleset_text(&marked, "2015-带佐证要求.ron").unwrap();
    assert!(!loaded.has_errors(), "{:?}", loaded.findings);
    std::sync::Arc::new(loaded)
}

#[test]
fn the_offices_guide_quotes_the_help_the_window_shows() {
    let guide = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/安装与使用说明.md"
    ))
    .unwrap();
    let quoted = guide
        .split("<!-- help:start -->\n")
        .nth(1)
        .and_then(|rest| rest.split("<!-- help:end -->").next())
        .expect("the guide has the help between its markers");
    assert_eq!(quoted, kaoping::help::GUIDE);
}
