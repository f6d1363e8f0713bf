//! kaoping (考评): fill in, check, print and exchange a work-performance self-assessment
//! sheet. This library is the pure core — no window code: the ruleset, the scoring engine,
//! the sheet file, safe file writing and the command line. See ARCHITECTURE.md.

pub mod catalog;
pub mod cli;
pub mod document;
pub mod export;
pub mod fonts;
pub mod fsio;
pub mod guard;
pub mod input;
pub mod pdf;
pub mod recovery;
pub mod ruleset;
pub mod sample;
pub mod scoring;
pub mod sheet;
pub mod summary;
pub mod ui;
