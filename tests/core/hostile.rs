//! Hostile files: the regression corpus of rulesets and sheets that once crashed, hung or
//! exhausted the program (issue: "Nothing a file holds can crash…"). Each goes through the
//! real binary; every one must end with a Chinese message and a documented exit code — never
//! a panic (101), never "程序内部出错" (a caught bug), never a hang.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The address space every hostile run gets (`ulimit -v`, KiB): 300 MiB. A reader that
/// allocated by what a file declares is killed here, not merely slow.
const MEMORY_KIB: u64 = 300 * 1024;

/// Runs the binary with a time limit (a hang, not a speed test) and a memory limit; returns
/// exit code, stdout, stderr.
fn kaoping(args: &[&str]) -> (i32, String, String) {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_KIB}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_kaoping"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("kaoping {args:?} hung for 20 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[track_caller]
fn assert_handled(what: &str, (code, out, err): &(i32, String, String), expected: &[i32]) {
    assert!(
        expected.contains(code),
        "{what}: exit {code}, expected {expected:?}\nstdout: {out}\nstderr: {err}"
    );
    assert!(
        !err.contains("panicked") && !err.contains("程序内部出错") && !out.contains("程序内部出错"),
        "{what}: a panic path\n{err}"
    );
    if *code == 2 {
        assert!(err.starts_with("错误："), "{what}: {err}");
    }
}

const RULES_2015: &str = include_str!("../../rulesets/yueyang-2015.ron");

/// The 2015 ruleset with one hostile change: (name, from, to, what `check` must say).
fn hostile_rulesets() -> Vec<(&'static str, String, &'static str)> {
    let one = |from: &str, to: &str| {
        assert!(RULES_2015.contains(from), "{from}");
        RULES_2015.replacen(from, to, 1)
    };
    vec![
        (
            "points past the decimal maximum",
            one(
                "total_points: \"100\"",
                "total_points: \"79228162514264337593543950335\"",
            )
            .replacen(
                "points: \"16\"",
                "points: \"79228162514264337593543950335\"",
                1,
            ),
            "不能超过1000分",
        ),
        (
            "a huge per-occurrence deduction",
            one(
                "PerOccurrence(per: \"0.5\", unit: \"次\")",
                "PerOccurrence(per: \"79228162514264337593543950335\", unit: \"次\")",
            ),
            "不能超过1000分",
        ),
        (
            "a step of 1e-28",
            one("step: \"5\"", "step: \"0.0000000000000000000000000001\""),
            "step 须在0.01到100之间",
        ),
        (
            "a step of zero",
            one("step: \"5\"", "step: \"0\""),
            "step 须在0.01到100之间",
        ),
        (
            "negative item points",
            one("points: \"6\"", "points: \"-1\""),
            "必须大于0",
        ),
        (
            "a huge negative amount",
            one(
                "DeductIfNot(amount: \"2\")",
                "DeductIfNot(amount: \"-79228162514264337593543950335\")",
            ),
            "必须大于0",
        ),
        (
            "a target of four billion",
            one("target: Fixed(5)", "target: Fixed(4000000000)"),
            "目标数不能超过100000",
        ),
        (
            "a value that is not a number, a megabyte long",
            one(
                "PerOccurrence(per: \"0.5\", unit: \"次\")",
                &format!(
                    "PerOccurrence(per: \"{}\", unit: \"次\")",
                    "9".repeat(1 << 20)
                ),
            ),
            "",
        ),
    ]
}

#[test]
fn hostile_rulesets_are_refused_by_every_command_with_their_errors() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = write_unit_sheets(dir.path(), &[("pingjiang", 3)]).remove(0);
    let sheet = sheet.to_str().unwrap();
    for (i, (name, text, says)) in hostile_rulesets().into_iter().enumerate() {
        let rules = dir.path().join(format!("bad-{i}.ron"));
        std::fs::write(&rules, &text).unwrap();
        let rules = rules.to_str().unwrap();
        let checked = kaoping(&["check", rules]);
        assert_handled(name, &checked, &[1, 2]);
        let all = format!("{}{}", checked.1, checked.2);
        assert!(
            all.contains(says),
            "{name}: check does not say {says:?}:\n{all}"
        );
        assert!(
            all.len() < 20_000,
            "{name}: check quotes {} bytes",
            all.len()
        );
        for args in [
            vec!["score", sheet, "--ruleset", rules],
            vec!["pdf", sheet, "--ruleset", rules, "-o"],
            vec!["summary", sheet, "--ruleset", rules],
            vec!["new", "--unit", "平江县", "--ruleset", rules, "-o"],
        ] {
            let mut args = args;
            let out = dir.path().join(format!("out-{i}"));
            if args.last() == Some(&"-o") {
                args.push(out.to_str().unwrap());
            }
            let r = kaoping(&args);
            assert_handled(&format!("{name}: {args:?}"), &r, &[2]);
            assert!(
                r.2.contains("不能使用") || r.2.contains("第"),
                "{name} {args:?}: {}",
                r.2
            );
            assert!(!out.exists(), "{name} {args:?} wrote a file");
        }
    }
}

/// A sheet of the 2015 ruleset, as text, with one hostile change.
fn hostile_sheets(valid: &str) -> Vec<(&'static str, String)> {
    let big = "甲".repeat(100_000);
    vec![
        (
            "a 300 KB note",
            valid.replacen("note: \"", &format!("note: \"{big}"), 1),
        ),
        (
            "an unknown item",
            valid.replacen("items: {", "items: {\"no.such.item\": (note: \"x\"),", 1),
        ),
        (
            "an unknown input",
            valid.replacen("facts: {", "facts: {\"no-such-rule\": Flag(true),", 1),
        ),
        (
            "a megabyte id",
            valid.replacen(
                "items: {",
                &format!("items: {{\"{}\": (),", "x".repeat(1 << 20)),
                1,
            ),
        ),
        (
            "a value a megabyte long",
            valid.replacen(
                "facts: {",
                &format!("facts: {{\"city\": Text(\"{}\"),", "8".repeat(1 << 20)),
                1,
            ),
        ),
        ("cut in half", valid[..valid.len() / 2].to_string()),
        (
            "not text",
            String::from_utf8_lossy(&[0xff, 0xfe, 0x00, 0x01]).to_string(),
        ),
    ]
}

#[test]
fn hostile_sheets_get_a_message_and_a_short_one() {
    let dir = tempfile::tempdir().unwrap();
    let valid_path = write_unit_sheets(dir.path(), &[("pingjiang", 3)]).remove(0);
    let valid = std::fs::read_to_string(&valid_path).unwrap();
    for (i, (name, text)) in hostile_sheets(&valid).into_iter().enumerate() {
        let path = dir.path().join(format!("bad-{i}.kaoping"));
        std::fs::write(&path, &text).unwrap();
        let r = kaoping(&["score", path.to_str().unwrap()]);
        assert_handled(name, &r, &[2]);
        assert!(
            r.2.len() < 4_000,
            "{name}: the message is {} bytes",
            r.2.len()
        );
    }
    // The comparison lists each with a short note, and still reads the good one.
    let csv = dir.path().join("汇总.csv");
    let r = kaoping(&[
        "summary",
        dir.path().to_str().unwrap(),
        "-o",
        csv.to_str().unwrap(),
    ]);
    assert_handled("summary of hostile sheets", &r, &[1]);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.len() < 40_000,
        "the comparison quotes {} bytes",
        text.len()
    );
    assert!(text.contains("平江县"));
}

#[cfg(unix)]
#[test]
fn fifos_devices_and_huge_files_are_refused_without_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("x.kaoping");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let r = kaoping(&["score", fifo.to_str().unwrap()]);
        assert_handled("a FIFO", &r, &[2]);
        assert!(r.2.contains("不是普通文件"), "{}", r.2);
        let r = kaoping(&["summary", dir.path().to_str().unwrap()]);
        assert_handled("a folder with a FIFO", &r, &[1]);
        let r = kaoping(&["check", fifo.to_str().unwrap()]);
        assert_handled("a FIFO as ruleset", &r, &[2]);
    }
    let r = kaoping(&["score", "/dev/zero"]);
    assert_handled("/dev/zero", &r, &[2]);
    let big = dir.path().join("big.kaoping");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(9 * 1024 * 1024).unwrap();
    let r = kaoping(&["score", big.to_str().unwrap()]);
    assert_handled("a 9 MB file", &r, &[2]);
    assert!(r.2.contains("文件太大"), "{}", r.2);
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn saving_over_odd_targets_says_why_and_keeps_the_backup_whole() {
    use kaoping::fsio::{backup_path, write_atomic};
    let dir = tempfile::tempdir().unwrap();
    // A folder as target.
    let folder = dir.path().join("f.kaoping");
    std::fs::create_dir(&folder).unwrap();
    let e = write_atomic(&folder, b"x").unwrap_err().to_string();
    assert!(e.contains("目标是一个文件夹"), "{e}");
    // A .bak that is a symlink is replaced, not written through.
    let target = dir.path().join("a.kaoping");
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    write_atomic(&target, b"one").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&victim, backup_path(&target)).unwrap();
        write_atomic(&target, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
        assert_eq!(std::fs::read(backup_path(&target)).unwrap(), b"one");
        assert!(
            !std::fs::symlink_metadata(backup_path(&target))
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }
    // A read-only target is refused with a message; nothing changes.
    let ro = dir.path().join("ro.kaoping");
    write_atomic(&ro, b"old").unwrap();
    let mut perm = std::fs::metadata(&ro).unwrap().permissions();
    perm.set_readonly(true);
    std::fs::set_permissions(&ro, perm).unwrap();
    let e = write_atomic(&ro, b"new").unwrap_err().to_string();
    assert!(e.contains("只读"), "{e}");
    assert_eq!(std::fs::read(&ro).unwrap(), b"old");
    // A name so long that its .bak would not fit is refused before writing.
    let long = dir.path().join(format!("{}.kaoping", "长".repeat(82)));
    let e = write_atomic(&long, b"x").unwrap_err().to_string();
    assert!(e.contains("文件名太长"), "{e}");
    assert!(!long.exists());
    // Leftover temporary files older than a minute are removed by the next save.
    let stale = dir.path().join(".kaoping-stale1.tmp");
    std::fs::write(&stale, "half").unwrap();
    let old = std::time::SystemTime::now() - Duration::from_secs(600);
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let fresh = dir.path().join(".kaoping-fresh1.tmp");
    std::fs::write(&fresh, "in progress").unwrap();
    write_atomic(&target, b"three").unwrap();
    let names = names_in(dir.path());
    assert!(
        !names.contains(&".kaoping-stale1.tmp".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&".kaoping-fresh1.tmp".to_string()),
        "{names:?}"
    );
}

/// Kills a saving process at random moments: the target and its `.bak` are each always a
/// whole version, and the next save leaves no temporary file behind.
#[cfg(unix)]
#[test]
fn a_save_killed_at_any_moment_leaves_whole_files() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("kill.kaoping");
    let loaded = rs2015();
    let mut versions = Vec::new();
    for seed in 0..4u64 {
        let mut sheet = kaoping::sample::filled_sheet_for(&loaded, "pingjiang", seed);
        let text = sheet.to_file_text(&loaded, chrono::Local::now().fixed_offset());
        versions.push(text);
    }
    std::fs::write(&target, &versions[0]).unwrap();
    let whole = |p: &PathBuf| -> bool {
        match std::fs::read(p) {
            Err(_) => true, // not there yet is fine for the .bak
            Ok(b) => kaoping::sheet::open_sheet_text(
                &String::from_utf8_lossy(&b),
                "t",
                &kaoping::catalog::Catalog::default(),
            )
            .is_ok(),
        }
    };
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    for round in 0..100 {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let seed = (round % 3 + 1).to_string();
        let mut child = Command::new(env!("CARGO_BIN_EXE_kaoping"))
            .args(["sample", "--unit", "平江县", "--seed", &seed, "-o"])
            .arg(&target)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(rng % 4000));
        let _ = child.kill();
        let _ = child.wait();
        assert!(
            whole(&target),
            "round {round}: the target is not a whole sheet"
        );
        assert!(
            whole(&kaoping::fsio::backup_path(&target)),
            "round {round}: the .bak is not a whole sheet"
        );
    }
    // The next save (a minute later, as far as the leftovers are concerned) cleans up.
    for e in std::fs::read_dir(dir.path()).unwrap() {
        let p = e.unwrap().path();
        if p.file_name().unwrap().to_string_lossy().ends_with(".tmp") {
            let f = std::fs::File::options().write(true).open(&p).unwrap();
            f.set_modified(std::time::SystemTime::now() - Duration::from_secs(120))
                .unwrap();
        }
    }
    kaoping::fsio::write_atomic(&target, versions[1].as_bytes()).unwrap();
    let left: Vec<_> = names_in(dir.path())
        .into_iter()
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

/// The engine itself never panics, even on a ruleset the checker rejects (the loaders refuse
/// those; this is the second line of defence).
#[test]
fn the_engine_scores_a_rejected_ruleset_without_panicking() {
    for (name, text, _) in hostile_rulesets() {
        let Ok(loaded) = kaoping::catalog::load_ruleset_text(&text, name) else {
            continue;
        };
        assert!(loaded.has_errors(), "{name}: the checker let it through");
        let unit = loaded.ruleset.units[0].id.clone();
        let sheet = kaoping::sample::filled_sheet_for(&loaded, &unit, 7);
        let report = sheet.evaluate(&loaded);
        assert_eq!(report.items.len(), loaded.ruleset.items().count(), "{name}");
    }
}

/// Saving as root over another user's file keeps its owner and group.
#[cfg(unix)]
#[test]
fn a_save_keeps_the_files_owner() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("owned.kaoping");
    kaoping::fsio::write_atomic(&p, b"one").unwrap();
    if std::fs::metadata(&p).unwrap().uid() != 0 {
        return; // only root can give a file away; nothing to keep otherwise
    }
    std::os::unix::fs::chown(&p, Some(4321), Some(4322)).unwrap();
    kaoping::fsio::write_atomic(&p, b"two").unwrap();
    let m = std::fs::metadata(&p).unwrap();
    assert_eq!((m.uid(), m.gid()), (4321, 4322));
    assert_eq!(std::fs::read(&p).unwrap(), b"two");
}
