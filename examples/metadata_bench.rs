//! Measures what metadata extraction costs next to parsing, on a directory
//! of gzipped pages (the ScrapingHub benchmark layout), and optionally dumps
//! the metadata of every page as JSON Lines.
//!
//! ```text
//! cargo run --release --example metadata_bench -- ../shared/bench/scrapinghub [--dump] [--meta-only] [--titles] [--rounds N]
//! ```
//!
//! `--titles` cross-checks the record's `title` against the page's
//! `og:title` and first `<h1>` (the benchmark has no title ground truth):
//! a title that equals neither is listed, to spot site names left on it.
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
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .cloned();
    for path in entries {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        let id = name.trim_end_matches(".html.gz").to_string();
        if only.as_ref().is_some_and(|o| !id.starts_with(o.as_str())) {
            continue;
        }
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
            let mut options = pith::Options::default();
            if let Some(url) = url {
                options = options.with_url(url.clone());
            }
            detect_language(&mut meta, &pith::extract(html.as_bytes(), &options).text);
            let mut v = serde_json::to_value(&meta).expect("serialisable");
            v["id"] = serde_json::Value::String(id.clone());
            println!("{v}");
        }
        return;
    }

    if args.iter().any(|a| a == "--titles") {
        title_check(&pages);
        return;
    }

    if args.iter().any(|a| a == "--meta-only") {
        // For profiling: parse once, then run only the metadata stage.
        let docs: Vec<_> = pages.iter().map(|p| parse_html(&p.2)).collect();
        let t = Instant::now();
        for _ in 0..rounds {
            for (doc, page) in docs.iter().zip(&pages) {
                std::hint::black_box(extract_metadata(doc, page.1.as_deref()));
            }
        }
        let per_page = t.elapsed().as_secs_f64() * 1000.0 / (docs.len() * rounds) as f64;
        println!("extract_metadata: {per_page:.3} ms/page");
        return;
    }

    // Each stage is timed per page and the fastest of the rounds is kept:
    // the machine is shared, and the minimum is the stage's own cost, not
    // the neighbours' noise.
    let total_bytes: usize = pages.iter().map(|p| p.2.len()).sum();
    let mut parse_min = vec![Duration::MAX; pages.len()];
    let mut extract_min = vec![Duration::MAX; pages.len()];
    let mut meta_min = vec![Duration::MAX; pages.len()];
    let mut detect_min = vec![Duration::MAX; pages.len()];
    for _ in 0..rounds {
        for (i, (_, url, html)) in pages.iter().enumerate() {
            let t = Instant::now();
            let doc = parse_html(html);
            parse_min[i] = parse_min[i].min(t.elapsed());

            let t = Instant::now();
            let mut meta = extract_metadata(&doc, url.as_deref());
            meta_min[i] = meta_min[i].min(t.elapsed());

            // The whole pipeline (decode, parse, metadata, article
            // extraction, language detection): what metadata is a share
            // of. Its article text is what language detection reads.
            let mut options = pith::Options::default();
            if let Some(url) = url {
                options = options.with_url(url.clone());
            }
            let record = pith::extract(html.as_bytes(), &options);
            extract_min[i] = extract_min[i].min(t.elapsed());

            let t = Instant::now();
            detect_language(&mut meta, &record.text);
            detect_min[i] = detect_min[i].min(t.elapsed());
            std::hint::black_box(&meta);
        }
    }
    let sum = |v: &[Duration]| v.iter().sum::<Duration>().as_secs_f64() * 1000.0;
    let n = pages.len() as f64;
    let (parse, extract, meta, detect) = (
        sum(&parse_min),
        sum(&extract_min),
        sum(&meta_min),
        sum(&detect_min),
    );
    println!(
        "{} pages, {:.1} MB of HTML, fastest of {} rounds per page and stage",
        pages.len(),
        total_bytes as f64 / 1e6,
        rounds
    );
    println!(
        "parse_html:        {:8.1} ms total {:7.3} ms/page",
        parse,
        parse / n
    );
    println!(
        "pith::extract:     {:8.1} ms total {:7.3} ms/page",
        extract,
        extract / n
    );
    println!(
        "extract_metadata:  {:8.1} ms total {:7.3} ms/page  = {:4.1}% of parse",
        meta,
        meta / n,
        100.0 * meta / parse
    );
    println!(
        "detect_language:   {:8.1} ms total {:7.3} ms/page  = {:4.1}% of parse",
        detect,
        detect / n,
        100.0 * detect / parse
    );
    println!(
        "metadata + detection as a share of pith::extract (which runs both): {:.1}%",
        100.0 * (meta + detect) / extract
    );
    let mut worst: Vec<(f64, usize)> = (0..pages.len())
        .map(|i| (meta_min[i].as_secs_f64() / parse_min[i].as_secs_f64(), i))
        .collect();
    worst.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (ratio, i) in worst.iter().take(3) {
        println!(
            "  highest metadata/parse ratio: {:.0}% on {} ({} kB)",
            100.0 * ratio,
            &pages[*i].0[..12],
            pages[*i].2.len() / 1000
        );
    }
}

/// Compare each page's `title` with its `og:title` and first `<h1>`
/// (case, whitespace and punctuation ignored) and list the titles that
/// match neither, or still carry a separator an `og:title` does not.
fn title_check(pages: &[(String, Option<String>, String)]) {
    use pith::dom::Document;
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (mut null, mut og, mut h1, mut neither) = (0, 0, 0, 0);
    for (id, url, html) in pages {
        let doc = parse_html(html);
        let meta = extract_metadata(&doc, url.as_deref());
        let mut og_title = None;
        let mut first_h1 = None;
        for n in doc.descendants(Document::ROOT) {
            match doc.tag(n) {
                Some("meta")
                    if og_title.is_none() && doc.attr(n, "property") == Some("og:title") =>
                {
                    og_title = doc.attr(n, "content").map(str::to_string);
                }
                Some("h1") if first_h1.is_none() => first_h1 = Some(doc.text_content(n)),
                _ => {}
            }
        }
        let Some(title) = meta.title.as_deref() else {
            null += 1;
            println!("{}  null", &id[..12]);
            continue;
        };
        let t = squash(title);
        if og_title.as_deref().is_some_and(|o| squash(o) == t) {
            og += 1;
        } else if first_h1.as_deref().is_some_and(|h| squash(h) == t) {
            h1 += 1;
        } else {
            neither += 1;
            println!(
                "{}  title {:?}\n              og:title {:?}\n              h1 {:?}",
                &id[..12],
                title,
                og_title.as_deref().map(str::trim),
                first_h1.as_deref().map(str::trim)
            );
        }
    }
    println!(
        "{} pages: title null {null}, equals og:title {og}, else equals first h1 {h1}, neither {neither}",
        pages.len()
    );
}
