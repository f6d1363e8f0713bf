//! What the ruleset preview keeps between frames, as data (the window's state takes its field
//! types from here; `preview.rs` gives it behaviour). Knows nothing of the app.

use crate::document::Session;
use crate::ruleset_watch::WatchedRuleset;
use crate::ui::sheet::view::SheetView;

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
    pub(in crate::ui) shown_reading: u32,
    pub(in crate::ui) changes: Vec<String>,
}

/// The document set aside while the preview shows, with the sheet view it was shown in.
pub struct SetAside {
    pub(in crate::ui) session: Session,
    pub(in crate::ui) sheet_view: SheetView,
}
