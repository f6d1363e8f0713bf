//! The print fonts, parsed once: the Song face first, Droid as the fallback for characters
//! the Song face lacks. Every character printed is checked here first: a character neither
//! font can draw is reported, never printed as a box or dropped.

use printpdf::ParsedFont;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock, RwLock};

/// Which shipped font draws a character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FontChoice {
    Song,
    Fallback,
}

pub struct PrintFonts {
    pub song: ParsedFont,
    /// Parsed the first time a character needs it: most sheets print with the Song face
    /// alone, and parsing the second 4 MB font was a third of a PDF's time.
    fallback: OnceLock<ParsedFont>,
    /// What each character printed so far is drawn with: looking a character up in a CJK
    /// font's character map is slow, and line breaking measures the same text many times.
    glyphs: RwLock<HashMap<char, Option<Glyph>>>,
}

/// How a character is printed: its font and its advance as a fraction of the type size.
#[derive(Debug, Clone, Copy)]
struct Glyph {
    font: FontChoice,
    advance_em: f32,
}

/// Parsed once per process: parsing a 5 MB font takes tens of milliseconds.
pub fn print_fonts() -> &'static PrintFonts {
    static FONTS: OnceLock<PrintFonts> = OnceLock::new();
    FONTS.get_or_init(|| PrintFonts {
        song: parse(crate::fonts::SONG),
        fallback: OnceLock::new(),
        glyphs: RwLock::new(HashMap::new()),
    })
}

/// The shipped fonts are part of the program, checked by its tests: they always parse.
/// Parsed from shared bytes: glyph outlines are read when a subset needs them, and every
/// copy of the font printpdf makes (one per document, one per save) shares the bytes.
fn parse(bytes: &'static [u8]) -> ParsedFont {
    let shared = Arc::new(rust_fontconfig::FontBytes::Owned(Arc::from(bytes)));
    let face = printpdf::AzulParsedFont::from_bytes_shared(shared, 0, &mut Vec::new())
        .expect("a shipped font parses");
    ParsedFont::from_azul(face)
}

impl PrintFonts {
    pub fn font(&self, choice: FontChoice) -> &ParsedFont {
        match choice {
            FontChoice::Song => &self.song,
            FontChoice::Fallback => self.fallback(),
        }
    }

    fn fallback(&self) -> &ParsedFont {
        self.fallback.get_or_init(|| parse(crate::fonts::FALLBACK))
    }

    /// The font that draws `c`, or None when no shipped font can.
    pub fn font_for(&self, c: char) -> Option<FontChoice> {
        self.glyph(c).map(|g| g.font)
    }

    fn glyph(&self, c: char) -> Option<Glyph> {
        // A poisoned lock only means another thread panicked mid-insert of a plain value.
        if let Some(known) = self
            .glyphs
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&c)
        {
            return *known;
        }
        let found = self.look_up(c);
        self.glyphs
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(c, found);
        found
    }

    fn look_up(&self, c: char) -> Option<Glyph> {
        let glyph_in = |font: &ParsedFont| {
            font.lookup_glyph_index(c as u32)
                .filter(|&g| g != 0)
                .map(|g| {
                    let upm = f32::from(font.font_metrics.units_per_em.max(1));
                    f32::from(font.get_horizontal_advance(g)) / upm
                })
        };
        if c == ' ' || c == '\u{3000}' {
            return Some(Glyph {
                font: FontChoice::Song,
                advance_em: glyph_in(&self.song).unwrap_or(if c == ' ' { 0.5 } else { 1.0 }),
            });
        }
        if let Some(advance_em) = glyph_in(&self.song) {
            return Some(Glyph {
                font: FontChoice::Song,
                advance_em,
            });
        }
        glyph_in(self.fallback()).map(|advance_em| Glyph {
            font: FontChoice::Fallback,
            advance_em,
        })
    }

    /// Advance width of `c` in mm at `size_pt`.
    pub fn advance_mm(&self, c: char, size_pt: f32) -> f32 {
        self.glyph(c)
            .map_or(0.0, |g| g.advance_em * size_pt * super::layout::MM_PER_PT)
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
