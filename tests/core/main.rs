//! The core and the command line: one test program (one link) for all of them.
//! `cargo test --no-default-features` runs these without the window.

#[path = "../common/mod.rs"]
mod common;

mod bulletin;
mod clerk_traps;
mod cli;
mod docs;
mod hostile;
mod hostile_packages;
mod hostile_texts;
mod hostile_workbooks;
mod items_2015;
mod ledger;
mod municipal_desk;
mod names_stay_in_folders;
mod next_year;
mod office_review;
mod package;
mod pdf;
mod properties;
mod review;
mod ruleset;
mod scoring_sheet;
mod sheet_file;
mod summary;
mod workbook;
