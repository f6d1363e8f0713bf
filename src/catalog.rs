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
    /// The exact text, which a sheet made on a ruleset that is not built in carries along.
    pub text: Arc<str>,
    pub origin: Origin,
    /// Set when a sheet's own copy of its ruleset differs from one this computer has under the
    /// same id and version: said in red wherever the sheet is shown.
    pub conflict: Option<String>,
}

/// Where a ruleset came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// In the program (`rulesets/*.ron`).
    Builtin,
    /// A file the user opened or named, or one remembered from an earlier opening.
    File,
    /// The copy a sheet carries.
    Sheet,
}

impl LoadedRuleset {
    /// 岳阳市妇联 2015年县市区…（版本 1.0.0）: how a ruleset is named in lists.
    pub fn display_name(&self) -> String {
        format!(
            "{}（{} 版本 {}）",
            self.ruleset.title, self.ruleset.id, self.ruleset.version
        )
    }

    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    hex(&digest)
}

/// Bytes as lower-case hex: every hash and key the program shows or stores.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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
    /// A workbook (`.xlsx`) whose cells do not make a ruleset: every cell at fault, and what
    /// the check finds in the scheme its usable rows make (all at once, each on its row).
    Cells {
        source: String,
        errors: Vec<crate::workbook::CellError>,
        findings: Vec<crate::ruleset_check::Finding>,
    },
    /// It parses, but the check found errors: the engine could not score it safely.
    HasErrors {
        source: String,
        /// How many errors the check found (the list below may stop early).
        count: usize,
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
            RulesetLoadError::Cells {
                source,
                errors,
                findings,
            } => {
                let mut lines: Vec<String> = errors.iter().map(|e| format!("错误：{e}")).collect();
                lines.extend(findings.iter().map(|f| f.to_string()));
                write!(
                    f,
                    "考核方案表格“{source}”有{}处要改，改好并保存后再打开：\n{}",
                    errors.len()
                        + findings
                            .iter()
                            .filter(|f| f.severity == crate::ruleset_check::Severity::Error)
                            .count(),
                    lines.join("\n")
                )
            }
            RulesetLoadError::HasErrors {
                source,
                count,
                errors,
            } => write!(
                f,
                "考核规则文件“{source}”有{count}个错误，不能使用（用 kaoping check 查看）：\n{}",
                errors.join("\n")
            ),
        }
    }
}

impl std::error::Error for RulesetLoadError {}

impl RulesetLoadError {
    /// What a save in progress explains: the file missing or locked for a moment (Excel and
    /// WPS write a new file and rename it; Excel holds it open), or a workbook not yet whole.
    pub fn may_be_mid_save(&self) -> bool {
        match self {
            RulesetLoadError::Io { .. } => true,
            RulesetLoadError::Cells { errors, .. } => {
                errors.len() == 1
                    && errors[0].row.is_none()
                    && errors[0].sheet == crate::workbook::WHOLE_BOOK
            }
            _ => false,
        }
    }
}

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
        text: Arc::from(text),
        origin: Origin::File,
        conflict: None,
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
    if crate::workbook::is_workbook(path) {
        return load_workbook_bytes(&bytes, &shown);
    }
    let text = String::from_utf8(bytes).map_err(|_| RulesetLoadError::Io {
        path: shown.clone(),
        message: "文件不是 UTF-8 编码的文本".into(),
    })?;
    // Windows Notepad (and WPS) begin a UTF-8 file with a byte order mark: not part of it.
    load_ruleset_text(text.strip_prefix('\u{feff}').unwrap_or(&text), &shown)
}

/// Reads and checks a scheme written as a workbook: the ruleset its cells make, its text the
/// RON those cells spell (what a sheet made on it carries, and what `ruleset import` writes),
/// each finding placed on the row that wrote it.
pub fn load_workbook_bytes(bytes: &[u8], source: &str) -> Result<LoadedRuleset, RulesetLoadError> {
    let read = crate::workbook::read_workbook_all(bytes).map_err(|u| {
        // Everything else the check finds in what the usable rows make, said at once.
        let findings = u
            .partial
            .map(|p| {
                let mut findings = p.ruleset.check();
                p.places.locate(&mut findings);
                // A row already said to be wrong is not said again from what it lacks.
                let said: std::collections::HashSet<String> = u
                    .errors
                    .iter()
                    .filter_map(|e| e.row.map(|r| crate::workbook::row_place(&e.sheet, r)))
                    .collect();
                findings.retain(|f| f.cell.as_ref().is_none_or(|c| !said.contains(c)));
                findings
            })
            .unwrap_or_default();
        RulesetLoadError::Cells {
            source: source.to_string(),
            errors: u.errors,
            findings,
        }
    })?;
    let text =
        crate::workbook::ron_text(&read.ruleset).map_err(|message| RulesetLoadError::Io {
            path: source.to_string(),
            message,
        })?;
    let mut findings = read.ruleset.check();
    read.places.locate(&mut findings);
    Ok(LoadedRuleset {
        ruleset: read.ruleset,
        sha256: sha256_hex(text.as_bytes()),
        source: source.to_string(),
        findings,
        text: Arc::from(text.as_str()),
        origin: Origin::File,
        conflict: None,
    })
}

/// At most this many findings of one ruleset are listed (then how many more).
pub const MAX_SHOWN: usize = 50;

/// A ruleset file to score with: refused, with its errors listed, when the check found any.
pub fn load_usable_ruleset_file(path: &Path) -> Result<LoadedRuleset, RulesetLoadError> {
    usable(load_ruleset_file(path)?)
}

/// Refuses a loaded ruleset whose check found errors.
pub fn usable(loaded: LoadedRuleset) -> Result<LoadedRuleset, RulesetLoadError> {
    if loaded.has_errors() {
        let all: Vec<&Finding> = loaded
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        // The first errors, then how many more: one hostile file never fills a message.
        let mut errors: Vec<String> = all.iter().take(MAX_SHOWN).map(|f| f.to_string()).collect();
        if all.len() > MAX_SHOWN {
            errors.push(format!("……另有{}个错误", all.len() - MAX_SHOWN));
        }
        return Err(RulesetLoadError::HasErrors {
            source: loaded.source.clone(),
            count: all.len(),
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
            .map(|(name, text, ledgers)| {
                let mut loaded = load_ruleset_text(text, &format!("内置：{name}"))
                    .expect("build.rs checked every built-in ruleset");
                // Its companion 台账 join it outside its text (the SHA-256 sheets record).
                if let Some(ledgers) = ledgers {
                    let list = crate::ledger::Ledger::list_from_ron(ledgers, name)
                        .expect("build.rs checked every built-in ledger file");
                    loaded.ruleset.ledgers.extend(list);
                    loaded.findings = loaded.ruleset.check();
                    crate::ruleset_text::TextMap::of(text).locate(&mut loaded.findings);
                }
                loaded.origin = Origin::Builtin;
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
    /// Adds a ruleset in front (it is preferred), unless one with the same text is there:
    /// then that one is returned.
    pub fn add(&mut self, loaded: LoadedRuleset) -> Arc<LoadedRuleset> {
        if let Some(same) = self.rulesets.iter().find(|r| r.sha256 == loaded.sha256) {
            return same.clone();
        }
        let arc = Arc::new(loaded);
        self.rulesets.insert(0, arc.clone());
        arc
    }

    /// The built-in rulesets and those remembered in `folder`. A remembered file that no
    /// longer loads cleanly is left out, and said (one line each).
    pub fn with_remembered(folder: &Path) -> (Catalog, Vec<String>) {
        let mut catalog = Catalog::default();
        let mut skipped = Vec::new();
        let Ok(entries) = std::fs::read_dir(folder) else {
            return (catalog, skipped);
        };
        let mut files: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "ron"))
            .collect();
        files.sort();
        for path in files {
            match load_usable_ruleset_file(&path) {
                Ok(loaded) => {
                    catalog.add(loaded);
                }
                Err(e) => skipped.push(e.to_string()),
            }
        }
        (catalog, skipped)
    }

    /// The rulesets a new sheet can be made on: without errors, each text once, built-in last.
    pub fn usable(&self) -> Vec<Arc<LoadedRuleset>> {
        self.rulesets
            .iter()
            .filter(|r| !r.has_errors())
            .cloned()
            .collect()
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

/// Where the rulesets a user opened are kept: the data folder's `rulesets` (on Windows
/// %APPDATA%\\yueyang\\kaoping\\data\\rulesets).
pub fn remembered_folder() -> Option<std::path::PathBuf> {
    Some(crate::fsio::user_data_folder()?.join("rulesets"))
}

/// Keeps a copy of a ruleset's exact text in `folder`, named by id, version and the start of
/// its hash, so two texts under one id and version are two files. Nothing is written when the
/// copy is there already.
pub fn remember(folder: &Path, loaded: &LoadedRuleset) -> Result<std::path::PathBuf, String> {
    let plain = |s: &str| -> String {
        s.chars()
            .take(60)
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    let name = format!(
        "{}-{}-{}.ron",
        plain(&loaded.ruleset.id),
        plain(&loaded.ruleset.version),
        loaded.sha256.get(..12).unwrap_or(&loaded.sha256)
    );
    let path = folder.join(name);
    if path.is_file() {
        return Ok(path);
    }
    crate::fsio::make_folder(folder)?;
    crate::fsio::write_atomic(&path, loaded.text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(path)
}
