//! The rules of a scheme as data, shared by the program and its build script: the ruleset
//! types and bounds (`ruleset`), reading a RON file with Chinese errors that say where
//! (`ron_errors`), the semantic check that lists every finding at once (`ruleset_check`,
//! with `ruleset_words` comparing what the texts say in figures with the rules),
//! and the one way content becomes a file name (`names`, which the check uses on unit names
//! and item ids). `build.rs` checks every shipped ruleset with this very code, so a scheme
//! that would fail for a user fails the build with the same message.

pub mod ledger;
pub mod names;
pub mod ron_errors;
pub mod ruleset;
pub mod ruleset_check;
mod ruleset_check_ledgers;
mod ruleset_check_rules;
pub mod ruleset_words;
