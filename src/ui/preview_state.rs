//! What the ruleset preview keeps between frames, as data (the window's state takes its field
//! types from here; `preview.rs` gives it behaviour). Knows nothing of the app.

use crate::document::Session;
use crate::ruleset_watch::WatchedRuleset;
use std::collections::HashMap;

/// The preview's own state.
pub struct Preview {
    pub watched: WatchedRuleset,
    /// Every item filled by `sample` rather than blank.
    pub filled: bool,
    /// The known scheme the changes are listed against (its hash), if any.
    pub compare_with: Option<String>,
    /// Show the changes instead of the findings below the sheet.
    pub show_changes: bool,
    /// The reading the sheet on screen was made from.
    pub(super) shown_reading: u32,
    pub(super) changes: Vec<String>,
}

/// The document set aside while the preview shows.
pub struct SetAside {
    pub(super) session: Session,
    pub(super) selected: usize,
    pub(super) buffers: HashMap<String, String>,
}
