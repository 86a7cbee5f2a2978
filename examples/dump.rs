//! Development helper: extract every page of a directory (plain or gzip)
//! and print JSON Lines records, single-threaded, with timing on stderr.
use std::io::{Read, Write};

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    let mut pages = Vec::new();
    for p in &paths {
        let raw = std::fs::read(p).unwrap_or_default();
        let mut bytes = Vec::new();
        if raw.starts_with(&[0x1f, 0x8b]) {
            let _ = flate2::read::GzDecoder::new(&raw[..]).read_to_end(&mut bytes);
        } else {
            bytes = raw;
        }
        pages.push((p.display().to_string(), bytes));
    }
    let total: usize = pages.iter().map(|p| p.1.len()).sum();
    let start = std::time::Instant::now();
    let mut out = std::io::BufWriter::new(std::io::stdout());
    for (source, bytes) in &pages {
        let mut r = pith::extract(bytes, &pith::Options::default());
        r.source = source.clone();
        let _ = serde_json::to_writer(&mut out, &r);
        let _ = out.write_all(b"\n");
    }
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "{} docs, {:.1} docs/s, {:.1} MB/s",
        pages.len(),
        pages.len() as f64 / secs,
        total as f64 / secs / 1e6
    );
}
