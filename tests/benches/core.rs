//! `cargo bench --bench core`: scoring a whole sheet, load + recompute of 1,000 sheet files,
//! the full 44-item PDF (first one with the fonts parsed, then warm; its size), and the
//! municipal comparison of 1,000 sheet files (folder → table, and → each export).
//! Plain timing with std (median of repeated runs) — no timed assertions anywhere.

use kaoping::catalog::{Catalog, default_ruleset};
use kaoping::sample::filled_sheet;
use kaoping::sheet::open_sheet;
use std::hint::black_box;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let loaded = default_ruleset();

    // 1. Scoring the whole 44-item sheet.
    let sheet = filled_sheet(&loaded, 7);
    let runs = 2000;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        black_box(sheet.evaluate(black_box(&loaded)));
        times.push(t.elapsed());
    }
    println!(
        "score whole sheet (44 items): median {:?} over {runs} runs",
        median(times)
    );

    // 3. The PDF of a full sheet.
    let t = Instant::now();
    let first = kaoping::pdf::render_sheet(&sheet, &loaded).expect("pdf");
    let cold = t.elapsed();
    let mut warm = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        black_box(kaoping::pdf::render_sheet(&sheet, &loaded).expect("pdf"));
        warm.push(t.elapsed());
    }
    println!(
        "pdf of the full sheet: first {cold:?} (includes parsing the fonts), then median {:?} over 20; {} pages, {} bytes",
        median(warm),
        first.pages,
        first.bytes.len()
    );

    // 2. Load + recompute of 1,000 sheet files.
    let dir = tempfile::tempdir().expect("temp dir");
    let mut paths = Vec::new();
    for i in 0..1000u64 {
        let mut s = filled_sheet(&loaded, i);
        let p = dir.path().join(format!("{i:04}.kaoping"));
        s.save(&p, &loaded).expect("save");
        paths.push(p);
    }
    let catalog = Catalog::default();
    let mut rounds = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        for p in &paths {
            let opened = open_sheet(p, &catalog).expect("open");
            assert!(opened.discrepancies.is_empty());
            black_box(opened);
        }
        rounds.push(t.elapsed());
    }
    println!(
        "load + recompute 1,000 sheet files: median {:?} over 5 rounds",
        median(rounds)
    );

    // 4. The comparison of 1,000 sheet files, as `kaoping summary FOLDER` does it: find the
    //    files, open and recompute them all (in parallel), compare, rank, build the table.
    let inputs = vec![dir.path().to_path_buf()];
    let mut rounds = Vec::new();
    let mut rows = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let summary = kaoping::summary::Summary::from_paths(&inputs, &catalog);
        let table = summary.table(kaoping::summary::SortKey::default());
        rows = table.rows.len();
        black_box(table);
        rounds.push(t.elapsed());
    }
    println!(
        "summary of 1,000 sheet files (folder → ranked table, {rows} rows): median {:?} over 5 rounds",
        median(rounds)
    );
    let summary = kaoping::summary::Summary::from_paths(&inputs, &catalog);
    for format in [
        kaoping::export::ExportFormat::Csv,
        kaoping::export::ExportFormat::Xlsx,
        kaoping::export::ExportFormat::Pdf,
    ] {
        let mut times = Vec::new();
        let mut size = 0;
        for _ in 0..3 {
            let t = Instant::now();
            let bytes =
                kaoping::export::export(&summary, Default::default(), format).expect("export");
            times.push(t.elapsed());
            size = bytes.len();
        }
        println!(
            "export of that summary to .{}: median {:?} over 3, {size} bytes",
            format.extension(),
            median(times)
        );
    }
}
