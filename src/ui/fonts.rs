//! The CJK font shipped in `assets/`, so Chinese renders the same on every machine, with or
//! without system fonts.

/// Droid Sans Fallback (Apache-2.0, from Debian's fonts-droid-fallback). It has no Latin
/// letters or ASCII digits, so egui's own fonts stay first and this one backs them up.
pub static UI_CJK_FONT: &[u8] = include_bytes!("../../assets/fonts/DroidSansFallbackFull.ttf");

/// AR PL SungtiL GB (Arphic Public License, from Debian's fonts-arphic-gbsn00lp): the Song
/// face of the printed form. On screen it backs up Droid for what Droid lacks (①②③).
pub static SONG_FONT: &[u8] = include_bytes!("../../assets/fonts/gbsn00lp.ttf");

pub fn install_fonts(ctx: &egui::Context) {
    for (name, data) in [
        ("DroidSansFallbackFull", UI_CJK_FONT),
        ("AR PL SungtiL GB", SONG_FONT),
    ] {
        ctx.add_font(egui::epaint::text::FontInsert::new(
            name,
            egui::FontData::from_static(data),
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
}
