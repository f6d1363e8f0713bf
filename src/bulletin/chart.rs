//! The 通报's bar charts: one model (`Chart`) whose bars (`Chart::bars`, each with its length
//! as a share of the full one, computed here once) the PDF, the window and the Word file all
//! draw; for the Word file rasterised to PNG with the shipped Song face (skrifa reads the glyph
//! outlines, tiny-skia fills them and the bars), so the labels are the same Chinese on every
//! machine with no system font.

use rust_decimal::Decimal;
use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::{FontRef, MetadataProvider};
use tiny_skia::{Color, FillRule, Paint, PathBuilder, Pixmap, Rect, Transform};

/// Horizontal bars: (label, value, the value as shown), scaled to `max`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    pub rows: Vec<(String, Decimal, String)>,
    pub max: Decimal,
}

/// One bar as drawn: its label, its length as a share of the full length (0 to 1; for
/// drawing only — the value itself is printed beside it exactly), the value as printed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar<'c> {
    pub label: &'c str,
    pub share: f32,
    pub shown: &'c str,
}

impl Chart {
    /// The bars in order, each scaled to the chart's `max`.
    pub fn bars(&self) -> impl ExactSizeIterator<Item = Bar<'_>> {
        self.rows.iter().map(|(label, value, shown)| Bar {
            label,
            share: share_of(*value, self.max),
            shown,
        })
    }
}

/// How much of a bar's full length `value` takes against `max`, clamped to 0..=1 (a value
/// over the most, or a `max` of nothing, still draws within the chart).
fn share_of(value: Decimal, max: Decimal) -> f32 {
    use rust_decimal::prelude::ToPrimitive;
    let max = max.to_f32().filter(|m| *m > 0.0).unwrap_or(1.0);
    (value.to_f32().unwrap_or(0.0) / max).clamp(0.0, 1.0)
}

/// Pixels per row and the label size: a 16 cm wide picture prints them at about 10 pt.
const WIDTH: u32 = 1600;
const ROW: f32 = 44.0;
const TEXT_PX: f32 = 26.0;

/// A pen that hands skrifa's outline to tiny-skia, flipping y (fonts grow upwards).
struct Pen<'a> {
    path: &'a mut PathBuilder,
    x: f32,
    y: f32,
}

impl OutlinePen for Pen<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        self.path.move_to(self.x + x, self.y - y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.path.line_to(self.x + x, self.y - y);
    }
    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        self.path
            .quad_to(self.x + cx0, self.y - cy0, self.x + x, self.y - y);
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        self.path.cubic_to(
            self.x + cx0,
            self.y - cy0,
            self.x + cx1,
            self.y - cy1,
            self.x + x,
            self.y - y,
        );
    }
    fn close(&mut self) {
        self.path.close();
    }
}

/// Text drawn with the Song face, a character it lacks from the fallback; returns its width.
struct Writer<'f> {
    faces: Vec<FontRef<'f>>,
}

impl<'f> Writer<'f> {
    fn new() -> Option<Self> {
        let faces: Vec<FontRef<'f>> = [crate::fonts::SONG, crate::fonts::FALLBACK]
            .iter()
            .filter_map(|b| FontRef::new(b).ok())
            .collect();
        (!faces.is_empty()).then_some(Writer { faces })
    }

    /// Draws `text` with its baseline at (x, y); None draws nothing and only measures.
    fn text(&self, pixmap: Option<&mut Pixmap>, x: f32, y: f32, text: &str) -> f32 {
        let size = Size::new(TEXT_PX);
        let mut pb = PathBuilder::new();
        let mut pen_x = x;
        for c in text.chars() {
            let found = self.faces.iter().find_map(|f| {
                let gid = f.charmap().map(c)?;
                Some((f, gid))
            });
            let Some((face, gid)) = found else {
                pen_x += TEXT_PX * 0.5;
                continue;
            };
            let mut pen = Pen {
                path: &mut pb,
                x: pen_x,
                y,
            };
            if let Some(glyph) = face.outline_glyphs().get(gid) {
                let _ = glyph.draw(
                    DrawSettings::unhinted(size, LocationRef::default()),
                    &mut pen,
                );
            }
            let advance = face
                .glyph_metrics(size, LocationRef::default())
                .advance_width(gid)
                .unwrap_or(TEXT_PX);
            pen_x += advance;
        }
        if let (Some(pixmap), Some(path)) = (pixmap, pb.finish()) {
            let mut paint = Paint::default();
            paint.set_color(Color::from_rgba8(0, 0, 0, 255));
            paint.anti_alias = true;
            pixmap.fill_path(
                &path,
                &paint,
                FillRule::Winding,
                Transform::identity(),
                None,
            );
        }
        pen_x - x
    }
}

impl Chart {
    /// The chart as a PNG (width, height in pixels, bytes); None when it has no rows or the
    /// picture could not be made.
    pub fn png(&self) -> Option<(u32, u32, Vec<u8>)> {
        if self.rows.is_empty() {
            return None;
        }
        let writer = Writer::new()?;
        let height = (ROW * self.rows.len() as f32 + 16.0).ceil() as u32;
        let mut pixmap = Pixmap::new(WIDTH, height)?;
        pixmap.fill(Color::WHITE);
        let label_w = self
            .bars()
            .map(|bar| writer.text(None, 0.0, 0.0, bar.label))
            .fold(120.0f32, f32::max)
            .min(WIDTH as f32 / 3.0)
            + 16.0;
        let span = WIDTH as f32 - label_w - 130.0;
        let mut bar = Paint::default();
        bar.set_color(Color::from_rgba8(30, 80, 170, 255));
        for (i, b) in self.bars().enumerate() {
            let top = 8.0 + ROW * i as f32;
            let baseline = top + ROW / 2.0 + TEXT_PX * 0.35;
            writer.text(Some(&mut pixmap), 4.0, baseline, b.label);
            let len = span * b.share;
            if let Some(r) = Rect::from_xywh(label_w, top + 8.0, len.max(1.0), ROW - 16.0) {
                pixmap.fill_rect(r, &bar, Transform::identity(), None);
            }
            writer.text(Some(&mut pixmap), label_w + len + 10.0, baseline, b.shown);
        }
        // The axis at the bars' start.
        if let Some(r) = Rect::from_xywh(label_w - 2.0, 4.0, 2.0, height as f32 - 8.0) {
            let mut axis = Paint::default();
            axis.set_color(Color::from_rgba8(0, 0, 0, 255));
            pixmap.fill_rect(r, &axis, Transform::identity(), None);
        }
        let png = pixmap.encode_png().ok()?;
        Some((WIDTH, height, png))
    }
}
