//! The rulesets the program knows: those built in (every `rulesets/*.ron`, embedded by
//! `build.rs`), plus any loaded from a file. Sheets find theirs by id and version.

use crate::ron_errors::RonLoadError;
use crate::ruleset::Ruleset;
use crate::ruleset_check::{Finding, Severity};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::{Arc, OnceLock};

include!(concat!(env!("OUT_DIR"), "/builtin_rulesets.rs"));

/// The id of the ruleset a new sheet uses when none is named.
pub const DEFAULT_RULESET_ID: &str = "yueyang-2015";

/// A ruleset with what a sheet needs to trust it: the hash of its exact text, and its checks.
#[derive(Debug)]
pub struct LoadedRuleset {
    pub ruleset: Ruleset,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
    /// Where it came from: `内置：yueyang-2015.ron` or a path.
    pub source: String,
    pub findings: Vec<Finding>,
}

impl LoadedRuleset {
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Debug)]
pub enum RulesetLoadError {
    Io {
        path: String,
        message: String,
    },
    /// It does not read as a ruleset: every unknown or repeated field, or the one error that
    /// stopped the reading (see `ruleset_text::parse_listing_all`).
    Parse(Vec<RonLoadError>),
    /// It parses, but the check found errors: the engine could not score it safely.
    HasErrors {
        source: String,
        errors: Vec<String>,
    },
}

impl std::fmt::Display for RulesetLoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RulesetLoadError::Io { path, message } => {
                write!(f, "无法读取考核规则文件“{path}”：{message}")
            }
            RulesetLoadError::Parse(errors) => {
                let lines: Vec<String> = errors.iter().map(|e| format!("考核规则{e}")).collect();
                write!(f, "{}", lines.join("\n"))
            }
            RulesetLoadError::HasErrors { source, errors } => write!(
                f,
                "考核规则文件“{source}”有{}个错误，不能使用（用 kaoping check 查看）：\n{}",
                errors.len(),
                errors.join("\n")
            ),
        }
    }
}

impl std::error::Error for RulesetLoadError {}

/// Parses and checks a ruleset text. `source` names it in messages.
pub fn load_ruleset_text(text: &str, source: &str) -> Result<LoadedRuleset, RulesetLoadError> {
    let ruleset =
        crate::ruleset_text::parse_listing_all(text, source).map_err(RulesetLoadError::Parse)?;
    let mut findings = ruleset.check();
    crate::ruleset_text::TextMap::of(text).locate(&mut findings);
    Ok(LoadedRuleset {
        ruleset,
        sha256: sha256_hex(text.as_bytes()),
        source: source.to_string(),
        findings,
    })
}

/// Reads and checks a ruleset file; its findings are for `kaoping check` to list.
pub fn load_ruleset_file(path: &Path) -> Result<LoadedRuleset, RulesetLoadError> {
    let shown = path.display().to_string();
    let bytes =
        crate::fsio::read_limited(path, crate::fsio::MAX_FILE_BYTES).map_err(|message| {
            RulesetLoadError::Io {
                path: shown.clone(),
                message,
            }
        })?;
    let text = String::from_utf8(bytes).map_err(|_| RulesetLoadError::Io {
        path: shown.clone(),
        message: "文件不是 UTF-8 编码的文本".into(),
    })?;
    load_ruleset_text(&text, &shown)
}

/// A ruleset file to score with: refused, with its errors listed, when the check found any.
pub fn load_usable_ruleset_file(path: &Path) -> Result<LoadedRuleset, RulesetLoadError> {
    usable(load_ruleset_file(path)?)
}

/// Refuses a loaded ruleset whose check found errors.
pub fn usable(loaded: LoadedRuleset) -> Result<LoadedRuleset, RulesetLoadError> {
    if loaded.has_errors() {
        let errors = loaded
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.to_string())
            .collect();
        return Err(RulesetLoadError::HasErrors {
            source: loaded.source.clone(),
            errors,
        });
    }
    Ok(loaded)
}

/// The built-in rulesets, parsed once. `build.rs` guarantees each loads without errors.
pub fn builtin() -> &'static [Arc<LoadedRuleset>] {
    static BUILTIN: OnceLock<Vec<Arc<LoadedRuleset>>> = OnceLock::new();
    BUILTIN.get_or_init(|| {
        BUILTIN_RULESET_FILES
            .iter()
            .map(|(name, text)| {
                let loaded = load_ruleset_text(text, &format!("内置：{name}"))
                    .expect("build.rs checked every built-in ruleset");
                Arc::new(loaded)
            })
            .collect()
    })
}

/// The ruleset a new sheet uses.
pub fn default_ruleset() -> Arc<LoadedRuleset> {
    builtin()
        .iter()
        .find(|r| r.ruleset.id == DEFAULT_RULESET_ID)
        .or_else(|| builtin().last())
        .cloned()
        .expect("build.rs requires at least one ruleset")
}

/// Rulesets a sheet can be opened against: the built-in ones and any added from files.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub rulesets: Vec<Arc<LoadedRuleset>>,
}

impl Default for Catalog {
    fn default() -> Self {
        Catalog {
            rulesets: builtin().to_vec(),
        }
    }
}

impl Catalog {
    pub fn add(&mut self, loaded: LoadedRuleset) -> Arc<LoadedRuleset> {
        let arc = Arc::new(loaded);
        self.rulesets.insert(0, arc.clone());
        arc
    }

    /// Finds a ruleset by id and version, preferring one whose text has the given hash.
    pub fn find(&self, id: &str, version: &str, sha256: &str) -> Option<Arc<LoadedRuleset>> {
        let same = |r: &&Arc<LoadedRuleset>| r.ruleset.id == id && r.ruleset.version == version;
        self.rulesets
            .iter()
            .filter(same)
            .find(|r| r.sha256 == sha256)
            .or_else(|| self.rulesets.iter().find(same))
            .cloned()
    }
}
