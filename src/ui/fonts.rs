//! The CJK font shipped in `assets/`, so Chinese renders the same on every machine, with or
//! without system fonts.

pub fn install_fonts(ctx: &egui::Context) {
    for (name, data) in [
        // Droid first: a sans face reads better on screen; the Song face backs it up for
        // what Droid lacks (①②③ and the like).
        ("DroidSansFallbackFull", crate::fonts::FALLBACK),
        ("AR PL SungtiL GB", crate::fonts::SONG),
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
