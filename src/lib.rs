//! kaoping (考评): fill in, check, print and exchange a work-performance self-assessment
//! sheet. The core knows nothing of the window: the ruleset, the scoring engine, the sheet
//! file, the open document's lifecycle, safe file writing and the command line. The window
//! (`ui`, feature `window`, on by default) is a layer of widgets over it. See ARCHITECTURE.md.

// The ruleset types, their reading and check, and file naming: their own crate, which
// build.rs uses too; re-exported so `crate::ruleset::…` reads the same everywhere.
pub use kaoping_rules::{ledger, names, ron_errors, ruleset, ruleset_check};

pub mod bulletin;
pub mod catalog;
pub mod clean;
pub mod cli;
pub mod compared;
pub mod document;
pub mod evidence;
pub mod export;
pub mod fonts;
pub mod fsio;
pub mod guard;
pub mod help;
pub mod input;
pub mod ledger_book;
pub mod office_key;
pub mod package;
pub mod pdf;
pub mod program;
pub mod progress;
pub mod recovery;
pub mod ruleset_diff;
pub mod ruleset_text;
pub mod ruleset_watch;
pub mod sample;
pub mod scoring;
pub mod scoring_sheet;
pub mod sheet;
pub mod summary;
pub mod table;
#[cfg(feature = "window")]
pub mod ui;
pub mod workbook;
pub mod year_progress;
