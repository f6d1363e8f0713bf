//! The sheet file: one unit's entries for one year, as RON text, e-mailed to the municipal
//! office. It names its ruleset by id, version and the SHA-256 of the ruleset's text, and
//! carries the scores computed when it was saved, so that opening it can recompute every
//! score and say plainly where the file disagrees with the rules (an edited file).

use crate::catalog::{Catalog, LoadedRuleset, sha256_hex};
use crate::fsio::{SaveError, write_atomic};
use crate::ron_errors::RonLoadError;
use crate::ruleset::excerpt;
use crate::scoring::{ItemEntry, Problem, ProblemKind, SheetReport, UnitContext, evaluate};
use attachments::{EvidenceFile, SealedScan};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// The newest sheet format this program reads. A file of a newer format is refused with a
/// message rather than read wrongly. Version 2 added 佐证材料 and 盖章扫描件; version 3 the
/// ruleset's own text, carried by a sheet made on a ruleset that is not built in. Each file is
/// written in the lowest version that holds it, so a sheet on the built-in rules still opens in
/// the program before this one. Version 4 added 台账 entries: a program before it refuses such a
/// sheet (its 台账 would be dropped) rather than read it.
pub const FORMAT_VERSION: u32 = 4;
/// The format of a sheet that carries its ruleset's text but keeps no 台账.
const FORMAT_WITH_RULESET: u32 = 3;
/// The format of a sheet that carries no ruleset text and keeps no 台账.
const FORMAT_WITHOUT_RULESET: u32 = 2;
/// The largest ruleset text a sheet may carry (the 2015 scheme is 60 KB).
pub const MAX_RULESET_TEXT_BYTES: usize = 2 * 1024 * 1024;
/// File name extension of a sheet.
pub const FILE_EXTENSION: &str = "kaoping";
/// `kaoping 0.1.0`, written into every saved sheet.
pub const PROGRAM: &str = concat!("kaoping ", env!("CARGO_PKG_VERSION"));

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename = "Sheet")]
pub struct Sheet {
    pub format: u32,
    /// The program (and version) that last saved the file.
    pub program: String,
    /// When it was last saved, RFC 3339 local time with offset; empty before the first save.
    pub saved_at: String,
    pub ruleset: RulesetRef,
    pub year: u16,
    /// Unit id; `None` until the clerk picks one.
    pub unit: Option<String>,
    /// Figures the unit enters itself (乡镇数), by figure id.
    #[serde(default, deserialize_with = "unique_keys")]
    pub figures: BTreeMap<String, u32>,
    #[serde(default)]
    pub contact: Contact,
    /// Item id → what was entered for it.
    #[serde(default, deserialize_with = "unique_keys")]
    pub items: BTreeMap<String, ItemEntry>,
    /// The scores as computed when saved; checked against a fresh computation on opening.
    #[serde(default)]
    pub computed: Option<ComputedScores>,
    /// The municipal office's review of the whole sheet; `None` until it first saves one
    /// (then the sheet is 待审核). Its per-item scores live in `ItemEntry::reviewed`.
    #[serde(default)]
    pub review: Option<Review>,
    /// Item id → the 佐证材料 attached to it, in the clerk's order (files in the folder beside
    /// the sheet, see `evidence`).
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "unique_keys"
    )]
    pub evidence: BTreeMap<String, Vec<EvidenceFile>>,
    /// The signed and sealed printed pages, scanned.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sealed_scans: Vec<SealedScan>,
    /// The municipal office's 退回通知 this sheet answers (opened over it by the clerk): its
    /// items are 需修改 until changed, and the office sees which return a resend answers.
    /// The unit's to read; never a score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returned: Option<ReturnNotice>,
    /// The ruleset's exact text, when it is not built into the program: a blank sheet e-mailed
    /// by the municipal office is then all a unit needs. Checked against `ruleset.sha256`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset_text: Option<String>,
    /// Ledger id → its entries (the 台账 the unit keeps, see `sheet::ledger`).
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "unique_keys"
    )]
    pub ledgers: BTreeMap<String, Vec<ledger::LedgerEntry>>,
}

/// Where the municipal office stands with a unit's sheet.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub enum ReviewState {
    /// 待审核: received, not yet decided.
    #[default]
    Pending,
    /// 已审核: every item has its 考核得分.
    Approved,
    /// 退回修改: sent back to the unit, with a reason.
    Returned,
}

impl ReviewState {
    pub const ALL: [ReviewState; 3] = [
        ReviewState::Pending,
        ReviewState::Approved,
        ReviewState::Returned,
    ];
    pub fn label(self) -> &'static str {
        match self {
            ReviewState::Pending => "待审核",
            ReviewState::Approved => "已审核",
            ReviewState::Returned => "退回修改",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesetRef {
    pub id: String,
    pub version: String,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComputedScores {
    /// Item id → self score, `None` while 未填.
    pub items: BTreeMap<String, Option<Decimal>>,
    pub categories: BTreeMap<String, Decimal>,
    pub total: Decimal,
}

impl ComputedScores {
    pub fn from_report(report: &SheetReport) -> Self {
        ComputedScores {
            items: report
                .items
                .iter()
                .map(|i| (i.item_id.clone(), i.score))
                .collect(),
            categories: report
                .categories
                .iter()
                .map(|c| (c.id.clone(), c.subtotal))
                .collect(),
            total: report.total,
        }
    }
}

impl Sheet {
    /// An empty sheet for a unit (or none yet) under a ruleset.
    pub fn new(loaded: &LoadedRuleset, unit: Option<String>) -> Sheet {
        Sheet {
            format: FORMAT_VERSION,
            program: PROGRAM.to_string(),
            saved_at: String::new(),
            ruleset: RulesetRef {
                id: loaded.ruleset.id.clone(),
                version: loaded.ruleset.version.clone(),
                sha256: loaded.sha256.clone(),
            },
            year: loaded.ruleset.year,
            unit,
            figures: BTreeMap::new(),
            contact: Contact::default(),
            items: BTreeMap::new(),
            computed: None,
            review: None,
            evidence: BTreeMap::new(),
            sealed_scans: Vec::new(),
            returned: None,
            ruleset_text: carried_text(loaded),
            ledgers: BTreeMap::new(),
        }
    }

    /// The fingerprint printed on the page foot: SHA-256 of what the unit filled in and the
    /// paper shows (ruleset, unit, figures, contact, facts, manual scores), without what
    /// changes after printing or is not printed — the save stamp, the attachments, the
    /// municipal review, 确认无误 answers, the 自评说明 and manual scores' reasons. A sheet re-saved or given its 盖章扫描件 keeps
    /// the fingerprint of the paper that was signed; any change to a filled-in fact changes it.
    pub fn content_fingerprint(&self) -> String {
        let mut filled = self.clone();
        filled.format = 0;
        filled.program.clear();
        filled.saved_at.clear();
        filled.computed = None;
        filled.review = None;
        filled.evidence.clear();
        filled.sealed_scans.clear();
        filled.returned = None;
        filled.ruleset_text = None;
        for entry in filled.items.values_mut() {
            entry.reviewed = None;
            entry.review_note.clear();
            // An answer 确认无误 changes no figure or score: the scan of a sheet printed
            // before it still matches.
            entry.confirmed.clear();
            // Nor do the words that are not on the paper — the 自评说明 and a manual score's
            // reason (read on screen by the office): the fingerprint covers what is printed,
            // so a note typed after the seal does not make the signed paper another version.
            entry.note.clear();
            if let Some(manual) = &mut entry.manual {
                manual.reason.clear();
            }
        }
        sha256_hex(filled.file_text().as_bytes())
    }

    pub fn review_state(&self) -> ReviewState {
        self.review.as_ref().map(|r| r.state).unwrap_or_default()
    }

    /// The unit sent the sheet again after the municipal office returned it.
    pub fn resubmitted(&self) -> bool {
        self.review.as_ref().is_some_and(Review::resubmitted)
    }

    pub fn unit_context(&self) -> UnitContext<'_> {
        UnitContext {
            unit: self.unit.as_deref(),
            figures: &self.figures,
        }
    }

    /// Scores the sheet; the contact person and phone belong to a complete sheet too.
    pub fn evaluate(&self, loaded: &LoadedRuleset) -> SheetReport {
        self.evaluate_on(loaded, None)
    }

    /// Scores the sheet as it stood on a day (YYYY-MM-DD): the 台账 count only their entries
    /// up to it (`None`: all of them).
    pub fn evaluate_on(&self, loaded: &LoadedRuleset, until: Option<&str>) -> SheetReport {
        // The 台账 with entries give their rules' inputs in place of typed numbers.
        let derived = ledger::derive(&loaded.ruleset, &self.ledgers, &|_, _| true, until);
        let with_ledgers;
        let items = if derived.is_empty() {
            &self.items
        } else {
            with_ledgers = ledger::with_ledger_facts(&self.items, &derived);
            &with_ledgers
        };
        let mut report = evaluate(
            &loaded.ruleset,
            &loaded.findings,
            self.unit_context(),
            items,
        );
        for (item_id, d) in &derived {
            if let Some(item) = report.items.iter_mut().find(|i| &i.item_id == item_id) {
                for line in d.lines.iter().rev() {
                    item.explanations.insert(
                        0,
                        crate::scoring::Explanation::new(
                            crate::scoring::ExplanationKind::Ledger,
                            line.clone(),
                        ),
                    );
                }
            }
        }
        // The office's words on the items it returned: the item's own problems (its row, F8)
        // and the sheet's list alike, until the clerk changes the item.
        if let Some(notice) = &self.returned {
            for p in notice.problems(self, loaded) {
                if let Some(item) = report
                    .items
                    .iter_mut()
                    .find(|i| p.item.as_deref() == Some(i.item_id.as_str()))
                {
                    item.problems.push(p.clone());
                }
                report.problems.push(p);
            }
        }
        for (value, what) in [
            (&self.contact.name, "联系人"),
            (&self.contact.phone, "电话"),
        ] {
            if value.trim().is_empty() {
                report.problems.insert(
                    0,
                    Problem {
                        kind: ProblemKind::Unfilled,
                        item: None,
                        rule: None,
                        about: crate::scoring::About::Header,
                        location: "表头".into(),
                        message: format!("请填写{what}"),
                        question: None,
                    },
                );
                report.complete = false;
            }
        }
        report
    }

    /// The unit's printed name, or its id when the ruleset does not know it.
    pub fn unit_name<'a>(&'a self, loaded: &'a LoadedRuleset) -> Option<&'a str> {
        let id = self.unit.as_deref()?;
        Some(
            loaded
                .ruleset
                .unit(id)
                .map(|u| u.name.as_str())
                .unwrap_or(id),
        )
    }

    /// The file name a new sheet is offered under: 平江县妇联-2015年度绩效考核自评.
    pub fn default_file_stem(&self, loaded: &LoadedRuleset) -> String {
        // A name from the file is data, never a path (`unit: "../../x"` stays in its folder).
        let unit = self
            .unit_name(loaded)
            .and_then(crate::names::plain_name)
            .unwrap_or_else(|| "未选单位".into());
        format!("{unit}妇联-{}年度绩效考核自评", self.year)
    }

    /// The RON text of the sheet, with the scores of `report` and the save stamp.
    pub fn to_file_text(
        &mut self,
        loaded: &LoadedRuleset,
        saved_at: chrono::DateTime<chrono::FixedOffset>,
    ) -> String {
        let report = self.evaluate(loaded);
        self.ruleset_text = carried_text(loaded);
        self.format = if !self.ledgers.is_empty() {
            FORMAT_VERSION
        } else if self.ruleset_text.is_some() {
            FORMAT_WITH_RULESET
        } else {
            FORMAT_WITHOUT_RULESET
        };
        self.program = PROGRAM.to_string();
        self.saved_at = saved_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        self.ruleset = RulesetRef {
            id: loaded.ruleset.id.clone(),
            version: loaded.ruleset.version.clone(),
            sha256: loaded.sha256.clone(),
        };
        self.year = loaded.ruleset.year;
        self.computed = Some(ComputedScores::from_report(&report));
        self.file_text()
    }

    /// The RON text of the sheet after a review, sealed with this PC's office key: only the
    /// review's stamp changes; the unit's part (its stamp, ruleset reference and computed
    /// scores) is written as it was read, so it can still be checked against the ruleset.
    /// `submitted_at` is when the unit submitted what is reviewed (the package's time, or
    /// the sheet's own save), recorded as the first submission at the first review save.
    pub fn to_review_file_text(
        &mut self,
        saved_at: chrono::DateTime<chrono::FixedOffset>,
        submitted_at: &str,
    ) -> Result<String, String> {
        let unit_saved_at = self.saved_at.clone();
        let review = self.review.get_or_insert_with(Review::default);
        review.saved_at = saved_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        review.program = PROGRAM.to_string();
        if review.first_submitted_at.is_empty() {
            review.first_submitted_at = if submitted_at.is_empty() {
                unit_saved_at
            } else {
                submitted_at.to_string()
            };
        }
        if review.history.is_empty() {
            review.history.push(ReviewEvent {
                step: review::Step::Submitted,
                at: review.first_submitted_at.clone(),
                reason: String::new(),
                changed: Vec::new(),
            });
        }
        if review.state != ReviewState::Returned {
            review.resubmit_by.clear();
        }
        // A state saved for the first time since the unit's last step (or a return with
        // another reason) is recorded; 待审核 only after a step of the office's own.
        let event = ReviewEvent {
            step: review.state.into(),
            at: review.saved_at.clone(),
            reason: if review.state == ReviewState::Returned {
                review.reason.trim().to_string()
            } else {
                String::new()
            },
            changed: Vec::new(),
        };
        let last = review.history.last();
        let repeated = last.is_some_and(|l| l.step == event.step && l.reason == event.reason);
        let after_unit = last
            .is_none_or(|l| matches!(l.step, review::Step::Submitted | review::Step::Resubmitted));
        if !(repeated || after_unit && event.step == review::Step::Pending) {
            review.history.push(event);
        }
        self.seal_review()?;
        Ok(self.file_text())
    }

    /// The file text as it stands, without restamping (recovery drafts of a review).
    pub fn file_text(&self) -> String {
        // LF on every system (ron's default is CRLF on Windows): the same sheet has the same
        // bytes, hence the same fingerprint, wherever it was saved. Reading takes both.
        let pretty = ron::ser::PrettyConfig::new()
            .struct_names(true)
            .new_line("\n")
            .indentor("  ".to_string());
        let mut text =
            String::from("// 考评 kaoping 绩效考核自评表文件。请用 kaoping 打开，不要手工修改。\n");
        text.push_str(
            // Serializing the program's own plain types cannot fail; were it to, the panic
            // is caught (guard.rs) before anything is written, so no file is ever damaged.
            &ron::ser::to_string_pretty(self, pretty).expect("a sheet always serializes"),
        );
        text.push('\n');
        text
    }

    /// Saves the municipal office's review (see `to_review_file_text`) atomically.
    pub fn save_review(&mut self, path: &Path, submitted_at: &str) -> Result<String, SaveError> {
        let now = chrono::Local::now().fixed_offset();
        let text = self
            .to_review_file_text(now, submitted_at)
            .map_err(|why| SaveError {
                path: path.to_path_buf(),
                step: "给审核加印记",
                source: std::io::Error::other(why),
            })?;
        write_atomic(path, text.as_bytes())?;
        Ok(sha256_hex(text.as_bytes()))
    }

    /// Saves atomically (see `fsio`), returning the fingerprint (SHA-256 of the bytes written).
    pub fn save(&mut self, path: &Path, loaded: &LoadedRuleset) -> Result<String, SaveError> {
        let now = chrono::Local::now().fixed_offset();
        let text = self.to_file_text(loaded, now);
        write_atomic(path, text.as_bytes())?;
        Ok(sha256_hex(text.as_bytes()))
    }
}

/// The ruleset text a sheet carries: none for a built-in ruleset.
fn carried_text(loaded: &LoadedRuleset) -> Option<String> {
    (loaded.origin != crate::catalog::Origin::Builtin).then(|| loaded.text.to_string())
}

/// Why a sheet file could not be opened. The message says which file and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetError {
    Io {
        path: String,
        message: String,
    },
    NotText {
        path: String,
    },
    Parse(RonLoadError),
    NewerFormat {
        path: String,
        found: u32,
    },
    UnknownRuleset {
        path: String,
        id: String,
        version: String,
    },
    /// It parses, but holds what no sheet of its ruleset can: unknown items or inputs, a
    /// text far longer than anyone types.
    Invalid {
        path: String,
        message: String,
    },
    /// A bug met while opening (caught, so one file cannot stop a comparison of many).
    Internal {
        path: String,
        message: String,
    },
}

impl std::fmt::Display for SheetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SheetError::Io { path, message } => write!(f, "无法打开“{path}”：{message}"),
            SheetError::NotText { path } => write!(
                f,
                "“{path}”不是考评表文件（不是 UTF-8 文本，可能是别的程序的文件或已损坏）"
            ),
            SheetError::Parse(e) => write!(
                f,
                "考评表{e}。文件可能被截断或被手工改坏了；如有同名的 .bak 文件，可以打开它找回上一版。"
            ),
            SheetError::NewerFormat { path, found } => write!(
                f,
                "“{path}”是较新版本的程序保存的（文件格式第{found}版），本程序只能打开第{FORMAT_VERSION}版及以前的格式，请升级考评程序。"
            ),
            SheetError::UnknownRuleset { path, id, version } => write!(
                f,
                "“{path}”使用的考核规则“{}”（版本 {}）本程序中没有，无法核算得分。请向市妇联索取该考核规则文件。",
                excerpt(id),
                excerpt(version)
            ),
            SheetError::Invalid { path, message } => {
                write!(f, "“{path}”不是有效的考评表：{message}")
            }
            SheetError::Internal { path, message } => write!(
                f,
                "打开“{path}”时程序内部出错（{message}）。文件没有被改动；请把这个文件发给维护者。"
            ),
        }
    }
}

impl std::error::Error for SheetError {}

pub mod attachments;
pub mod blank;
mod carried;
pub mod changes;
pub mod ledger;
pub mod return_notice;
mod review;
mod scored;
mod verify;
pub use changes::{ItemChange, SheetChanges, unit_changes};
pub use return_notice::ReturnNotice;
pub use review::{
    LatenessBasis, OtherScore, RefusedReview, Review, ReviewEvent, ScoredBy, Step, after_day,
    carry_review,
};
pub use scored::{Action as ScoreAction, ScoreFromSheet};
pub use verify::MAX_TEXT_BYTES;
pub(crate) use verify::unique_keys;
use verify::{check_bounds, check_ids, compare_scores};

/// Only the format field, read first so a newer file is refused before its body is parsed.
#[derive(Deserialize)]
#[serde(rename = "Sheet")]
struct FormatProbe {
    format: u32,
}

/// Parses sheet text. `source` names it in messages.
pub fn parse_sheet(text: &str, source: &str) -> Result<Sheet, SheetError> {
    // A byte order mark (Windows Notepad writes one) is not part of the text.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match ron::from_str::<FormatProbe>(text) {
        Ok(probe) if probe.format > FORMAT_VERSION => {
            return Err(SheetError::NewerFormat {
                path: source.to_string(),
                found: probe.format,
            });
        }
        Ok(probe) if probe.format == 0 => {
            return Err(SheetError::Invalid {
                path: source.to_string(),
                message: "文件格式版本为0：不是考评程序保存的考评表".into(),
            });
        }
        _ => {}
    }
    ron::from_str::<Sheet>(text).map_err(|e| SheetError::Parse(RonLoadError::new(source, text, &e)))
}

/// A sheet opened and recomputed, with everything the user should be told about the file.
#[derive(Debug, Clone)]
pub struct OpenedSheet {
    pub sheet: Sheet,
    pub ruleset: Arc<LoadedRuleset>,
    pub report: SheetReport,
    /// Where the file's stored scores disagree with the rules: each names the item.
    pub discrepancies: Vec<String>,
    /// Other things worth saying (the ruleset's text changed since the file was saved…).
    pub notices: Vec<String>,
    /// SHA-256 of the file's bytes.
    pub fingerprint: String,
    /// Review data the file held that is not this office's own (see `office_key`): left out.
    pub refused_review: Option<RefusedReview>,
}

/// Parses sheet text, finds its ruleset, recomputes and compares.
pub fn open_sheet_text(
    text: &str,
    source: &str,
    catalog: &Catalog,
) -> Result<OpenedSheet, SheetError> {
    let mut sheet = parse_sheet(text, source)?;
    check_bounds(&sheet)
        .and_then(|()| ledger::check_entries(&sheet.ledgers))
        .map_err(|message| SheetError::Invalid {
            path: source.to_string(),
            message,
        })?;
    // The office's numbers are the office's: a review this PC did not seal is not used.
    let refused_review = sheet.keep_only_own_review(&crate::office_key::this_pc());
    let r = &sheet.ruleset;
    let ruleset = match carried::ruleset_of(&sheet, source, catalog)? {
        Some(carried) => carried,
        None => catalog.find(&r.id, &r.version, &r.sha256).ok_or_else(|| {
            SheetError::UnknownRuleset {
                path: source.to_string(),
                id: r.id.clone(),
                version: r.version.clone(),
            }
        })?,
    };
    check_ids(&sheet, &ruleset)
        .and_then(|()| attachments::check_listed(&sheet, &ruleset))
        .map_err(|message| SheetError::Invalid {
            path: source.to_string(),
            message,
        })?;
    let report = sheet.evaluate(&ruleset);
    let mut notices: Vec<String> = ruleset.conflict.iter().cloned().collect();
    if let Some(refused) = &refused_review {
        notices.push(refused.message());
    }
    if ruleset.sha256 != sheet.ruleset.sha256 {
        notices.push(format!(
            "文件保存时所用的考核规则“{}”（版本 {}）内容与本程序中的不同（SHA-256 {} ≠ {}），已按本程序中的规则重新核算。",
            r.id,
            r.version,
            short_hash(&sheet.ruleset.sha256),
            short_hash(&ruleset.sha256)
        ));
    }
    if sheet.year != ruleset.ruleset.year {
        notices.push(format!(
            "文件的年度为{}年，考核规则的年度为{}年。",
            sheet.year, ruleset.ruleset.year
        ));
    }
    let discrepancies = compare_scores(&sheet, &ruleset, &report);
    Ok(OpenedSheet {
        sheet,
        ruleset,
        report,
        discrepancies,
        notices,
        fingerprint: sha256_hex(text.as_bytes()),
        refused_review,
    })
}

/// Reads and opens a sheet file (a regular file of at most 8 MB).
pub fn open_sheet(path: &Path, catalog: &Catalog) -> Result<OpenedSheet, SheetError> {
    let shown = path.display().to_string();
    let bytes =
        crate::fsio::read_limited(path, crate::fsio::MAX_FILE_BYTES).map_err(|message| {
            SheetError::Io {
                path: shown.clone(),
                message,
            }
        })?;
    let text = String::from_utf8(bytes).map_err(|_| SheetError::NotText {
        path: shown.clone(),
    })?;
    open_sheet_text(&text, &shown, catalog)
}

fn short_hash(h: &str) -> &str {
    h.get(..8).unwrap_or(h)
}
