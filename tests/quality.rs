//! The quality gate: extraction on the ScrapingHub benchmark (a copy in
//! `fixtures/scrapinghub`) must not fall below the measured floor.
//!
//! When it does, the failure names the pages that got worse against
//! `fixtures/scrapinghub/baseline.json`, so a regression is explained page
//! by page rather than as one number.

use std::collections::BTreeMap;
use std::path::Path;

use pith::eval::{evaluate, Dataset};

/// Measured F1 when the floor was set (0.9869) minus 0.005 of noise room.
const F1_FLOOR: f64 = 0.9819;
/// A page whose F1 falls by more than this against the baseline is named.
const PAGE_DROP: f64 = 0.05;

#[test]
fn benchmark_f1_stays_above_the_floor() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/scrapinghub");
    let dataset = Dataset::load(&dir).expect("benchmark copy loads");
    assert_eq!(dataset.pages.len(), 181, "the benchmark has 181 pages");
    let report = evaluate(&dataset, &pith::Options::default());
    let per_page: BTreeMap<String, f64> = report
        .pages
        .iter()
        .map(|p| (p.id.clone(), p.score.quality()))
        .collect();
    let baseline_path = dir.join("baseline.json");
    if std::env::var_os("PITH_WRITE_BASELINE").is_some() {
        let json = serde_json::to_string_pretty(&per_page).expect("serialise");
        std::fs::write(&baseline_path, json + "\n").expect("write baseline");
    }
    let baseline: BTreeMap<String, f64> = std::fs::read_to_string(&baseline_path)
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    let mut worse: Vec<String> = per_page
        .iter()
        .filter_map(|(id, f1)| {
            let before = baseline.get(id)?;
            (before - f1 > PAGE_DROP).then(|| format!("  {id}: F1 {before:.3} -> {f1:.3}"))
        })
        .collect();
    worse.sort();
    let s = &report.summary;
    eprintln!(
        "benchmark: F1 {:.4} P {:.4} R {:.4} ({} pages worse than baseline)",
        s.f1,
        s.precision,
        s.recall,
        worse.len()
    );
    assert!(
        s.f1 >= F1_FLOOR,
        "F1 {:.4} fell below the floor {F1_FLOOR} (P {:.4}, R {:.4}); pages that got worse:\n{}",
        s.f1,
        s.precision,
        s.recall,
        worse.join("\n")
    );
    assert_eq!(report.errors, 0, "no benchmark page may fail");
}
