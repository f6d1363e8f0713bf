//! The CJK font shipped in `assets/`, so Chinese renders the same on every machine, with or
//! without system fonts.

/// Droid Sans Fallback (Apache-2.0, from Debian's fonts-droid-fallback). It has no Latin
/// letters or ASCII digits, so egui's own fonts stay first and this one backs them up.
pub static UI_CJK_FONT: &[u8] = include_bytes!("../../assets/fonts/DroidSansFallbackFull.ttf");

pub fn install_fonts(ctx: &egui::Context) {
    ctx.add_font(egui::epaint::text::FontInsert::new(
        "DroidSansFallbackFull",
        egui::FontData::from_static(UI_CJK_FONT),
        vec![
            egui::epaint::text::InsertFontFamily {
                family: egui::FontFamily::Proportional,
                priority: egui::epaint::text::FontPriority::Lowest,
            },
            egui::epaint::text::InsertFontFamily {
                family: egui::FontFamily::Monospace,
                priority: egui::epaint::text::FontPriority::Lowest,
            },
        ],
    ));
}
