//! The sheet view: the paper form as a grid (`grid`), the header above it (`header`), the
//! selected item's calculator (`calculator`) with its 佐证材料 (`evidence`), and the status
//! bar (`status`). In review mode the calculator and header show the review's parts
//! (`crate::ui::review`).

pub(super) mod calculator;
pub(super) mod evidence;
pub(super) mod grid;
pub(super) mod header;
pub(super) mod status;
pub mod view;
