//! Schemes (考核规则) in the window: opening a ruleset file and offering it to 新建
//! (`rulesets`), and the live preview of a ruleset being written (`preview`, its state as
//! data in `preview_state`).

pub(super) mod preview;
pub(super) mod preview_state;
pub(super) mod rulesets;
