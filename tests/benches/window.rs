//! `cargo bench --bench window`: UI CPU of the window, without a GPU or display.
//! - cold first frame: a fresh egui context with the shipped fonts, the full 44-row grid
//!   (fonts loaded, every text laid out for the first time);
//! - steady frame: one more frame of the same window with nothing changed (median);
//! - edit frame: a frame after a fact changed (recompute + relayout of the changed rows);
//! - review mode: a frame after a 考核得分 changed;
//! - comparison: a frame of the comparison table of 13 units, and of 1,000 files.
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

/// Median time of `n` frames, each after `change(app, frame number)`.
fn frames(
    ctx: &egui::Context,
    app: &mut KaopingApp,
    n: u32,
    mut change: impl FnMut(&mut KaopingApp, u32),
) -> Duration {
    let mut times = Vec::with_capacity(n as usize);
    for i in 0..n {
        let t = Instant::now();
        change(app, i);
        let _ = ctx.run_ui(input(), |ui| app.show(ui));
        times.push(t.elapsed());
    }
    median(times)
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
    let steady = frames(&ctx, &mut app, 300, |_, _| {});
    println!("window: steady frame, full grid, 1400×900: median {steady:?} over 300 frames");

    let edit = frames(&ctx, &mut app, 300, |app, i| {
        let fact = kaoping::scoring::Fact::Number((i % 90).into());
        app.session.set_fact("office.info", "city", Some(fact));
    });
    println!("window: frame after an edit (recompute + draw): median {edit:?} over 300 frames");

    app.set_mode(kaoping::ui::Mode::Review);
    let review = frames(&ctx, &mut app, 300, |app, i| {
        app.session
            .set_reviewed("office.info", Some(rust_decimal::Decimal::from(i % 6)));
    });
    println!(
        "window: review mode, frame after a 考核得分 changed: median {review:?} over 300 frames"
    );

    // The comparison: one file per unit, then 1,000 files (mostly duplicates).
    let units = tempfile::tempdir().unwrap();
    for (i, unit) in loaded.ruleset.units.iter().enumerate() {
        let mut s = kaoping::sample::filled_sheet_for(&loaded, &unit.id, i as u64);
        s.save(&units.path().join(format!("{}.kaoping", unit.id)), &loaded)
            .unwrap();
    }
    let many = tempfile::tempdir().unwrap();
    for i in 0..1000u64 {
        filled_sheet(&loaded, i)
            .save(&many.path().join(format!("{i:04}.kaoping")), &loaded)
            .unwrap();
    }
    for (what, folder) in [("13 units", units.path()), ("1,000 files", many.path())] {
        let t = Instant::now();
        app.add_to_comparison(vec![folder.to_path_buf()]);
        app.wait_for_work();
        let _ = ctx.run_ui(input(), |ui| app.show(ui));
        let first = t.elapsed();
        let steady = frames(&ctx, &mut app, 100, |_, _| {});
        println!(
            "window: comparison of {what}: load + first frame {first:?}, then median {steady:?} per frame over 100"
        );
        app.comparison = None;
    }
}
