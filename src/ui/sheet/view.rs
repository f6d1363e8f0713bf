//! What the window keeps about the sheet on screen, beside the document itself: which item
//! is selected, the text being typed (numeric inputs keep what was typed, the sheet gets the
//! number it makes), and where the keyboard goes next. As data, knowing nothing of the app:
//! the ruleset preview sets the document and this aside together and swaps them back whole.

use std::collections::HashMap;

#[derive(Default)]
pub struct SheetView {
    /// Index of the selected item in ruleset order (0..44).
    pub selected: usize,
    /// Text being typed in numeric inputs, by input key; the fact is derived from it.
    pub buffers: HashMap<String, String>,
    /// The status line said when a warning was answered 确认无误: taken away when a value
    /// changes while the status still says it (never matched by its words).
    pub confirmation_said: Option<String>,
    /// Frames left in which the grid brings the selected row into view. More than one: a
    /// change of layout (the calculator's width, a resize) can undo a single scroll.
    pub scroll_to_selected: u8,
    /// Put the keyboard in the calculator's first input on the next frame (after a row was
    /// chosen with the keyboard), so a whole sheet can be filled without the mouse.
    pub focus_calculator: bool,
    /// The multi-line note field, where ↑/↓ move between lines instead of rows.
    pub note_field: Option<egui::Id>,
    /// How many characters that note holds (↓ at its end leaves it for the next item).
    pub note_chars: usize,
    /// What is typed in the 填报单位 field while it has the keyboard.
    pub unit_query: String,
    /// The 填报单位 field lists every unit (a new sheet, or ↓ pressed) rather than matches.
    pub unit_list_all: bool,
    /// The 填报单位 list: open, which unit is highlighted, for which query.
    pub unit_list: UnitList,
    /// Put the keyboard in 填报单位 on the next frame (a new sheet starts there).
    pub focus_unit_picker: bool,
    /// Put the keyboard in the first figure (乡镇数) on the next frame (after Tab took a unit).
    pub focus_first_figure: bool,
    /// The item the calculator showed last frame: on the frame another is shown only its
    /// heading is announced (the score changing with it would be a second announcement).
    pub shown_item: Option<String>,
}

/// The 填报单位 list as it was last frame.
#[derive(Default)]
pub struct UnitList {
    pub open: bool,
    /// Index of the highlighted unit among those listed.
    pub highlighted: usize,
    /// The query the highlight belongs to: typing starts it again at the first unit.
    pub query: String,
    /// The query for which Esc closed the list: it stays closed until the query changes or
    /// ↓ is pressed.
    pub dismissed: Option<String>,
}
