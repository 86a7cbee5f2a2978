//! Measures what metadata extraction costs next to parsing, on a directory
//! of gzipped pages (the ScrapingHub benchmark layout), and optionally dumps
//! the metadata of every page as JSON Lines.
//!
//! ```text
//! cargo run --release --example metadata_bench -- ../shared/bench/scrapinghub [--dump] [--rounds N]
//! ```
//!
//! The page URL of each page is taken from `ground-truth.json` beside
//! `html/`, as a crawler would know it.

use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

use pith::metadata::{detect_language, extract_metadata};
use pith::parse::parse_html;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: metadata_bench BENCH_DIR [--dump] [--rounds N]");
        std::process::exit(2);
    };
    let dump = args.iter().any(|a| a == "--dump");
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

    let mut pages: Vec<(String, Option<String>, String)> = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir.join("html"))
        .expect("html/ directory")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        let id = name.trim_end_matches(".html.gz").to_string();
        let mut bytes = Vec::new();
        let file = std::fs::File::open(&path).expect("readable page");
        flate2::read::GzDecoder::new(file)
            .read_to_end(&mut bytes)
            .expect("gzip page");
        let url = truth[&id]["url"].as_str().map(str::to_string);
        pages.push((id, url, String::from_utf8_lossy(&bytes).into_owned()));
    }

    if dump {
        for (id, url, html) in &pages {
            let doc = parse_html(html);
            let mut meta = extract_metadata(&doc, url.as_deref());
            detect_language(&mut meta, &paragraph_text(&doc));
            let mut v = serde_json::to_value(&meta).expect("serialisable");
            v["id"] = serde_json::Value::String(id.clone());
            println!("{v}");
        }
        return;
    }

    let total_bytes: usize = pages.iter().map(|p| p.2.len()).sum();
    let mut parse_only = Duration::ZERO;
    let mut parse_meta = Duration::ZERO;
    let mut meta_only = Duration::ZERO;
    let mut detect_only = Duration::ZERO;
    for _ in 0..rounds {
        for (_, url, html) in &pages {
            let t = Instant::now();
            let doc = parse_html(html);
            parse_only += t.elapsed();
            std::hint::black_box(&doc);
            drop(doc);

            let t = Instant::now();
            let doc = parse_html(html);
            let m = Instant::now();
            let meta = extract_metadata(&doc, url.as_deref());
            meta_only += m.elapsed();
            parse_meta += t.elapsed();
            std::hint::black_box(&meta);

            // Language detection runs on the article text; the page's
            // paragraphs stand in for it here.
            let text = paragraph_text(&doc);
            let mut meta = meta;
            let d = Instant::now();
            detect_language(&mut meta, &text);
            detect_only += d.elapsed();
            std::hint::black_box(&meta);
        }
    }
    let n = (pages.len() * rounds) as f64;
    let ms = |d: Duration| d.as_secs_f64() * 1000.0 / n;
    println!(
        "{} pages x {} rounds, {:.1} MB of HTML",
        pages.len(),
        rounds,
        total_bytes as f64 / 1e6
    );
    println!("parse alone:             {:.3} ms/page", ms(parse_only));
    println!("parse + extract_metadata: {:.3} ms/page", ms(parse_meta));
    println!(
        "extract_metadata alone:  {:.3} ms/page ({:.1}% of parse)",
        ms(meta_only),
        100.0 * ms(meta_only) / ms(parse_only)
    );
    println!(
        "detect_language:         {:.3} ms/page ({:.1}% of parse)",
        ms(detect_only),
        100.0 * ms(detect_only) / ms(parse_only)
    );
}

/// The text of all `<p>` elements: a stand-in for the article text, which
/// the extractor produces in the real pipeline.
fn paragraph_text(doc: &pith::dom::Document) -> String {
    let mut out = String::new();
    let mut walk = doc.descendants(pith::dom::Document::ROOT);
    while let Some(n) = walk.next() {
        if doc.tag(n) == Some("p") {
            out.push_str(&doc.text_content(n));
            out.push('\n');
            walk.skip_subtree_of(n);
        }
    }
    out
}
