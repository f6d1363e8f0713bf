//! The document lifecycle without a window.

use super::*;
use crate::sheet::ReviewState;
use rust_decimal::Decimal;

fn session() -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().unwrap();
    let store = RecoveryStore::for_session(dir.path().join("drafts"), "t");
    (dir, Session::new(Some(store)))
}

/// 平江县's filled sheet, saved and opened in review mode.
fn reviewing() -> (tempfile::TempDir, Session) {
    let (dir, mut s) = session();
    let loaded = default_ruleset();
    let path = dir.path().join("r.kaoping");
    crate::sample::filled_sheet_for(&loaded, "pingjiang", 4)
        .save(&path, &loaded)
        .unwrap();
    s.set_mode(Mode::Review);
    s.open(&path, &Catalog::default()).unwrap();
    (dir, s)
}

#[test]
fn the_guard_asks_only_with_unsaved_changes() {
    let (_d, mut s) = session();
    assert_eq!(s.guard(Pending::New), Guard::Proceed(Pending::New));
    s.set_unit(Some("pingjiang".into()));
    assert_eq!(s.guard(Pending::Close), Guard::Ask(Pending::Close));
    let catalog = Catalog::default();
    assert_eq!(
        s.answer(Pending::Close, UnsavedAnswer::Cancel, &catalog),
        AfterAnswer::Nothing
    );
    assert!(s.is_modified(), "取消 keeps the changes");
    assert_eq!(
        s.answer(Pending::New, UnsavedAnswer::Save, &catalog),
        AfterAnswer::SaveThen(Pending::New)
    );
    assert_eq!(
        s.answer(Pending::New, UnsavedAnswer::Discard, &catalog),
        AfterAnswer::Proceed(Pending::New)
    );
    assert!(!s.is_modified());
}

#[test]
fn save_open_and_a_failed_open_leaves_the_document() {
    let (dir, mut s) = session();
    let catalog = Catalog::default();
    s.set_unit(Some("junshan".into()));
    s.set_contact_name("王五");
    assert_eq!(s.file_name(), "君山区妇联-2015年度绩效考核自评（未保存）");
    let path = dir.path().join("a.kaoping");
    let saved = s.save_to(&path).unwrap();
    assert_eq!(saved.file_sha256.len(), 64);
    assert!(!s.is_modified());
    assert_eq!(s.file_name(), "a.kaoping");
    let bad = dir.path().join("bad.kaoping");
    std::fs::write(&bad, "Sheet(").unwrap();
    assert!(s.open(&bad, &catalog).is_err());
    assert_eq!(s.path(), Some(path.as_path()));
    assert_eq!(s.sheet().contact.name, "王五");
    s.new_document();
    assert_eq!(s.file_name(), "新考评表（未保存）");
    s.open(&path, &catalog).unwrap();
    assert_eq!(s.sheet().contact.name, "王五");
}

#[test]
fn discarding_before_a_mode_switch_goes_back_to_the_file() {
    let (_dir, mut s) = reviewing();
    let catalog = Catalog::default();
    s.set_reviewed("office.info", Some(Decimal::ONE));
    let then = Pending::SwitchMode(Mode::Fill);
    assert_eq!(s.guard(then.clone()), Guard::Ask(then.clone()));
    assert_eq!(
        s.answer(then.clone(), UnsavedAnswer::Discard, &catalog),
        AfterAnswer::Proceed(then)
    );
    assert_eq!(s.sheet().items["office.info"].reviewed, None);
}

#[test]
fn approval_needs_every_reviewed_score() {
    let (_dir, mut s) = reviewing();
    let e = s.set_review_state(ReviewState::Approved).unwrap_err();
    assert_eq!(e, super::SessionError::NotAllReviewed { missing: 44 });
    assert_eq!(e.to_string(), "还有44项没有考核得分");
    let filled = s.adopt_self_scores_for_the_rest();
    assert!(!filled.is_empty());
    // Items the unit left without a score still need one by hand.
    let missing = s
        .report
        .items
        .iter()
        .filter(|i| i.reviewed.is_none())
        .count();
    assert_eq!(
        s.set_review_state(ReviewState::Approved).is_ok(),
        missing == 0
    );
    s.set_review_state(ReviewState::Returned).unwrap();
    assert_eq!(s.sheet().review_state(), ReviewState::Returned);
}

#[test]
fn a_draft_is_written_when_due_and_restored_in_its_mode() {
    let (dir, mut s) = session();
    let catalog = Catalog::default();
    s.set_unit(Some("yunxi".into()));
    assert!(s.draft_pending());
    let soon = Instant::now();
    // Due at once: no draft was ever written (the periodic rule).
    assert_eq!(s.autosave_if_due(soon), Some(Ok(())));
    assert!(!s.draft_pending());
    assert_eq!(s.autosave_if_due(soon), None);
    // The program ends without saving (its lock is released with it).
    drop(s);
    let drafts = RecoveryStore::for_session(dir.path().join("drafts"), "next");
    let mut next = Session::new(Some(drafts));
    let (path, draft) = next
        .leftover_draft()
        .expect("a draft from the crashed session");
    next.restore_draft(&path, &draft, &catalog).unwrap();
    assert_eq!(next.sheet().unit.as_deref(), Some("yunxi"));
    assert!(next.is_modified());
    assert_eq!(next.mode, Mode::Fill);
    assert!(!path.exists());
}

/// Two windows on one sheet (a second double-click): the one saving last is asked before it
/// writes over the other's save, and the other's version stays as .bak when it replaces.
#[test]
fn a_save_over_a_file_saved_elsewhere_since_it_was_opened_is_known() {
    let (dir, mut first) = session();
    let catalog = Catalog::default();
    first.set_unit(Some("pingjiang".into()));
    let path = dir.path().join("平江县 考评.kaoping");
    first.save_to(&path).unwrap();
    let mut second = Session::new(None);
    second.open(&path, &catalog).unwrap();
    assert_eq!(first.changed_on_disk(&catalog), None, "as it saved it");
    assert_eq!(second.changed_on_disk(&catalog), None, "as it read it");

    first.set_contact_name("李梅");
    first.save_to(&path).unwrap();
    let by_first = std::fs::read(&path).unwrap();
    assert_eq!(first.changed_on_disk(&catalog), None);
    let what = second
        .changed_on_disk(&catalog)
        .expect("saved since it was read");
    assert!(
        what.contains("“平江县 考评.kaoping”在本窗口打开之后"),
        "{what}"
    );
    assert!(what.contains("现在是平江县的表"), "{what}");

    // Replaced all the same: the first window's save is the .bak; the file is known again.
    second.set_contact_name("王芳");
    second.save_to(&path).unwrap();
    assert_eq!(
        std::fs::read(crate::fsio::backup_path(&path)).unwrap(),
        by_first
    );
    assert_eq!(second.changed_on_disk(&catalog), None);
    assert!(
        first.changed_on_disk(&catalog).is_some(),
        "now the first one asks"
    );

    // A file that is gone has nothing to write over.
    std::fs::remove_file(&path).unwrap();
    assert_eq!(first.changed_on_disk(&catalog), None);
}

#[test]
fn undo_to_what_is_on_disk_says_saved_and_a_new_edit_after_it_never_does() {
    let (dir, mut s) = session();
    let path = dir.path().join("u.kaoping");
    s.set_unit(Some("pingjiang".into()));
    s.save_to(&path).unwrap();
    // One field typed on: one step.
    let n = |v: u32| Some(crate::scoring::Fact::Number(v.into()));
    s.set_fact("office.info", "city", n(7));
    s.set_fact("office.info", "city", n(78));
    assert_eq!(s.undo_said(), Some("市妇联采用信息 空 → 78"));
    s.save_to(&path).unwrap();
    assert!(!s.is_modified());
    // Back to before that save: not what is on disk.
    s.undo().unwrap();
    assert!(s.is_modified());
    assert_eq!(
        s.sheet()
            .items
            .get("office.info")
            .and_then(|e| e.facts.get("city")),
        None
    );
    // A new edit from there is new, never taken for the saved state.
    s.set_fact("office.info", "city", n(80));
    assert!(
        s.is_modified(),
        "a new edit after an undo is not what was saved"
    );
    assert_eq!(s.redo_said(), None, "a new edit ends what could be redone");
    s.undo().unwrap();
    s.set_contact_name("李四");
    s.seal_undo_step();
    s.set_contact_name("李四五");
    assert_eq!(
        s.undo_said(),
        Some("联系人 李四 → 李四五"),
        "a sealed step starts anew"
    );
}
