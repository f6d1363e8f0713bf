//! The texts stay true to the tree: every file or folder ARCHITECTURE.md, the README and the
//! developers' docs name exists (a moved file left them naming one that did not).

use std::path::Path;

/// The repository paths named in backticks in `text` (`src/…`, `tests/…`, `docs/…`, …);
/// patterns and placeholders (`*`, `…`, `VERSION`) are not paths.
fn named_paths(text: &str) -> Vec<String> {
    const ROOTS: [&str; 9] = [
        "src/",
        "tests/",
        "crates/",
        "assets/",
        "rulesets/",
        "docs/",
        ".ci/",
        "installer/",
        "benches/",
    ];
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(|s| s.split_whitespace().next().unwrap_or(""))
        .filter(|s| ROOTS.iter().any(|r| s.starts_with(r)))
        .filter(|s| !s.contains(['*', '…', '<', '{']) && !s.contains("VERSION"))
        .map(|s| s.trim_end_matches([',', '.', ')', '；', '：']).to_string())
        .collect()
}

#[test]
fn every_path_the_docs_name_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts = vec!["ARCHITECTURE.md".to_string(), "README.md".to_string()];
    for entry in std::fs::read_dir(root.join("docs")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") {
            texts.push(format!("docs/{name}"));
        }
    }
    let mut missing = Vec::new();
    let mut checked = 0;
    for text in &texts {
        let content = std::fs::read_to_string(root.join(text)).unwrap();
        for path in named_paths(&content) {
            checked += 1;
            if !root.join(&path).exists() {
                missing.push(format!("{text}: {path}"));
            }
        }
    }
    assert!(
        checked > 50,
        "only {checked} paths found: the reading is wrong"
    );
    assert!(
        missing.is_empty(),
        "named but not there:\n{}",
        missing.join("\n")
    );
}
