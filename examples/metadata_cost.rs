//! What metadata costs the whole pipeline, in docs/s, on a directory of
//! gzipped pages (the ScrapingHub benchmark layout).
//!
//! ```text
//! cargo run --release --example metadata_cost -- fixtures/scrapinghub [--rounds N]
//! ```
//!
//! Per page and round it times `pith::extract` (decode, parse, metadata,
//! article, text, language detection) and, on the same page, the two
//! metadata stages on their own: `extract_metadata` on the parsed document
//! and `detect_language` on the record's text. The fastest of the rounds is
//! kept per page and stage (the machine is shared; the minimum is the
//! stage's own cost, not the neighbours' noise). Throughput without
//! metadata is the pipeline's time less the two stages, so both figures
//! come from the same run and the same pages.

use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

use pith::metadata::{detect_language, extract_metadata};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: metadata_cost BENCH_DIR [--rounds N]");
        std::process::exit(2);
    };
    let rounds: usize = args
        .iter()
        .position(|a| a == "--rounds")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(5);
    let dir = Path::new(dir);
    let truth: serde_json::Value = std::fs::read_to_string(dir.join("ground-truth.json"))
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or(serde_json::Value::Null);
    let mut paths: Vec<_> = std::fs::read_dir(dir.join("html"))
        .expect("html/ directory")
        .flatten()
        .map(|e| e.path())
        .collect();
    paths.sort();
    let pages: Vec<(Vec<u8>, pith::Options)> = paths
        .iter()
        .map(|path| {
            let id = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("")
                .trim_end_matches(".html.gz");
            let mut bytes = Vec::new();
            flate2::read::GzDecoder::new(std::fs::File::open(path).expect("readable page"))
                .read_to_end(&mut bytes)
                .expect("gzip page");
            let mut options = pith::Options::default();
            if let Some(url) = truth[id]["url"].as_str() {
                options = options.with_url(url);
            }
            (bytes, options)
        })
        .collect();

    let mut full = vec![Duration::MAX; pages.len()];
    let mut meta = vec![Duration::MAX; pages.len()];
    let mut detect = vec![Duration::MAX; pages.len()];
    for _ in 0..rounds {
        for (i, (bytes, options)) in pages.iter().enumerate() {
            let t = Instant::now();
            let record = pith::extract(bytes, options);
            full[i] = full[i].min(t.elapsed());

            let doc = pith::parse::parse_html(&pith::decode::decode(bytes).text);
            let t = Instant::now();
            let mut m = extract_metadata(&doc, options.url.as_deref());
            meta[i] = meta[i].min(t.elapsed());
            let t = Instant::now();
            detect_language(&mut m, &record.text);
            detect[i] = detect[i].min(t.elapsed());
            std::hint::black_box((&record, &m));
        }
    }
    let secs = |v: &[Duration]| v.iter().sum::<Duration>().as_secs_f64();
    let n = pages.len() as f64;
    let (full, meta, detect) = (secs(&full), secs(&meta), secs(&detect));
    let without = full - meta - detect;
    println!(
        "{} pages, fastest of {rounds} rounds per page and stage",
        pages.len()
    );
    println!(
        "pipeline with metadata:    {:7.1} docs/s ({:.3} ms/page)",
        n / full,
        1000.0 * full / n
    );
    println!("pipeline without metadata: {:7.1} docs/s", n / without);
    println!(
        "  extract_metadata {:.3} ms/page, detect_language {:.3} ms/page",
        1000.0 * meta / n,
        1000.0 * detect / n
    );
    println!(
        "metadata cost: {:.1}% of throughput",
        100.0 * (1.0 - without / full)
    );
}
