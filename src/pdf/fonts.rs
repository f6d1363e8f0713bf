//! The print fonts, parsed once: the Song face first, Droid as the fallback for characters
//! the Song face lacks. Every character printed is checked here first: a character neither
//! font can draw is reported, never printed as a box or dropped.

use printpdf::ParsedFont;
use std::sync::OnceLock;

/// Which shipped font draws a character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FontChoice {
    Song,
    Fallback,
}

pub struct PrintFonts {
    pub song: ParsedFont,
    pub fallback: ParsedFont,
}

/// Parsed once per process: parsing a 5 MB font takes tens of milliseconds.
pub fn print_fonts() -> &'static PrintFonts {
    static FONTS: OnceLock<PrintFonts> = OnceLock::new();
    FONTS.get_or_init(|| PrintFonts {
        song: ParsedFont::from_bytes(crate::fonts::SONG, 0, &mut Vec::new())
            .expect("the shipped Song font parses"),
        fallback: ParsedFont::from_bytes(crate::fonts::FALLBACK, 0, &mut Vec::new())
            .expect("the shipped fallback font parses"),
    })
}

impl PrintFonts {
    pub fn font(&self, choice: FontChoice) -> &ParsedFont {
        match choice {
            FontChoice::Song => &self.song,
            FontChoice::Fallback => &self.fallback,
        }
    }

    /// The font that draws `c`, or None when no shipped font can.
    pub fn font_for(&self, c: char) -> Option<FontChoice> {
        if c == ' ' || c == '\u{3000}' {
            return Some(FontChoice::Song);
        }
        let has = |f: &ParsedFont| f.lookup_glyph_index(c as u32).is_some_and(|g| g != 0);
        if has(&self.song) {
            Some(FontChoice::Song)
        } else if has(&self.fallback) {
            Some(FontChoice::Fallback)
        } else {
            None
        }
    }

    /// Advance width of `c` in mm at `size_pt`.
    pub fn advance_mm(&self, c: char, size_pt: f32) -> f32 {
        let Some(choice) = self.font_for(c) else {
            return 0.0;
        };
        let font = self.font(choice);
        let upm = f32::from(font.font_metrics.units_per_em.max(1));
        let glyph = font.lookup_glyph_index(c as u32).unwrap_or(0);
        let units = font.get_horizontal_advance(glyph) as f32;
        units / upm * size_pt * super::layout::MM_PER_PT
    }

    pub fn width_mm(&self, text: &str, size_pt: f32) -> f32 {
        text.chars().map(|c| self.advance_mm(c, size_pt)).sum()
    }

    /// Splits text into runs drawn by one font each.
    pub fn runs(&self, text: &str) -> Vec<(FontChoice, String)> {
        let mut out: Vec<(FontChoice, String)> = Vec::new();
        for c in text.chars() {
            let f = self.font_for(c).unwrap_or(FontChoice::Song);
            match out.last_mut() {
                Some((last, s)) if *last == f => s.push(c),
                _ => out.push((f, c.to_string())),
            }
        }
        out
    }
}

impl super::layout::Measure for PrintFonts {
    fn width_mm(&self, text: &str, size_pt: f32) -> f32 {
        PrintFonts::width_mm(self, text, size_pt)
    }
}
