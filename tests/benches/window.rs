//! `cargo bench --bench window`: UI CPU of the window, without a GPU or display.
//! - cold first frame: a fresh egui context with the shipped fonts, the full 44-row grid
//!   (fonts loaded, every text laid out for the first time);
//! - steady frame: one more frame of the same window with nothing changed (median);
//! - edit frame: a frame after a fact changed (recompute + relayout of the changed rows).
//!
//! Tessellation and GPU painting are not included (that is the renderer's, not the UI's).

use kaoping::catalog::default_ruleset;
use kaoping::sample::filled_sheet;
use kaoping::ui::{KaopingApp, setup_context};
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn input() -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1400.0, 900.0),
        )),
        ..Default::default()
    }
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.kaoping");
    let loaded = default_ruleset();
    filled_sheet(&loaded, 3).save(&path, &loaded).unwrap();

    let t0 = Instant::now();
    let ctx = egui::Context::default();
    setup_context(&ctx);
    let mut app = KaopingApp::new(None);
    app.open_path(&path);
    let _ = ctx.run_ui(input(), |ui| app.show(ui));
    let cold = t0.elapsed();
    println!("window: cold first frame (context + fonts + full grid): {cold:?}");

    for _ in 0..20 {
        let _ = ctx.run_ui(input(), |ui| app.show(ui));
    }
    let mut steady = Vec::new();
    for _ in 0..300 {
        let t = Instant::now();
        let _ = ctx.run_ui(input(), |ui| app.show(ui));
        steady.push(t.elapsed());
    }
    println!(
        "window: steady frame, full grid, 1400×900: median {:?} over 300 frames",
        median(steady)
    );

    let mut edits = Vec::new();
    for i in 0..300u32 {
        let t = Instant::now();
        app.doc
            .sheet
            .items
            .entry("office.info".into())
            .or_default()
            .facts
            .insert(
                "city".into(),
                kaoping::scoring::Fact::Number((i % 90).into()),
            );
        app.changed();
        let _ = ctx.run_ui(input(), |ui| app.show(ui));
        edits.push(t.elapsed());
    }
    println!(
        "window: frame after an edit (recompute + draw): median {:?} over 300 frames",
        median(edits)
    );
}
