//! What each stage of `pith::extract` costs, over the 181 ScrapingHub
//! benchmark pages (`fixtures/scrapinghub/html/*.html.gz`).
//!
//! ```text
//! cargo bench --bench stages                  # every stage, about a minute
//! cargo bench --bench stages -- parse         # one stage (criterion filter)
//! PITH_BENCH_PAGES=DIR cargo bench --bench stages   # other pages (*.html[.gz])
//! ```
//!
//! The pages are read and gunzipped once, then every stage's input is made
//! once (decoded text, parsed documents, metadata, articles), so each
//! benchmark times only its own stage: one iteration runs that stage over
//! all pages, and the throughput is pages per second (`elem/s`). The stages
//! are the public functions `pith::extract` calls, in its order:
//!
//! | bench | function |
//! |---|---|
//! | `decode` | `decode::decode` (bytes to text) |
//! | `parse` | `parse::parse_page` (html5ever into the arena DOM) |
//! | `metadata` | `metadata::extract_metadata_and_body` |
//! | `extract` | `extract::extract_article` (stats, clean, score, select, blocks, filter) |
//! | `render_text` | `render::text` |
//! | `render_markdown`, `render_html` | `render::markdown`, `render::html` (default options) |
//! | `language` | `metadata::detect_language` on the article text |
//! | `pipeline` | the whole `pith::extract`, default options |
//!
//! Time is the benchmark thread's CPU time (`/proc/thread-self/schedstat`),
//! not wall time: on a shared machine wall time mostly measures the
//! neighbours (where Linux does not report it, wall time is used and said
//! so). CPU time still grows when the neighbours thrash the caches, so
//! compare stages within one run. The run is kept short (10 samples of one
//! pass each for the slow stages, after a one-second warm-up; about a minute
//! and a half in all), so differences under about 5% between two runs are
//! noise.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, SamplingMode, Throughput};
use pith::article::Article;
use pith::dom::Document;
use pith::extract::ExtractOptions;
use pith::metadata::Metadata;
use pith::render::RenderOptions;
use pith::{decode, extract, metadata, parse, render, Options};

/// One benchmark page: its bytes after gunzip and the URL the benchmark
/// gives for it (as `pith eval` passes it).
struct Page {
    bytes: Vec<u8>,
    url: Option<String>,
}

fn pages_dir() -> PathBuf {
    match std::env::var_os("PITH_BENCH_PAGES") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/scrapinghub/html"),
    }
}

fn load_pages() -> Vec<Page> {
    let dir = pages_dir();
    let truth: serde_json::Value = dir
        .parent()
        .map(|d| d.join("ground-truth.json"))
        .and_then(|p| std::fs::read_to_string(p).ok())
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or(serde_json::Value::Null);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.ends_with(".html") || name.ends_with(".html.gz")
        })
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no pages in {}", dir.display());
    paths
        .iter()
        .map(|path| {
            let raw = std::fs::read(path).expect("readable page");
            let bytes = if raw.starts_with(&[0x1f, 0x8b]) {
                let mut out = Vec::new();
                flate2::read::GzDecoder::new(&raw[..])
                    .read_to_end(&mut out)
                    .expect("gzip page");
                out
            } else {
                raw
            };
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let id = name.split(".html").next().unwrap_or(name);
            Page {
                bytes,
                url: truth[id]["url"].as_str().map(str::to_owned),
            }
        })
        .collect()
}

fn extract_options((meta, stated_body): &(Metadata, Option<String>)) -> ExtractOptions {
    ExtractOptions {
        titles: meta.title.iter().cloned().collect(),
        stated_body: stated_body.clone(),
        ..ExtractOptions::default()
    }
}

/// The CPU time the benchmark thread has run for, as criterion's clock.
struct ThreadCpu {
    /// `/proc/thread-self/schedstat` is readable; else wall time is used.
    available: bool,
}

/// Where a measurement starts.
enum Start {
    Cpu(Duration),
    Wall(Instant),
}

impl ThreadCpu {
    fn new() -> ThreadCpu {
        let available = thread_cpu_time().is_some();
        if !available {
            eprintln!("stages: no /proc/thread-self/schedstat, timing wall-clock time");
        }
        ThreadCpu { available }
    }
}

fn thread_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// Criterion's own duration formatting (ms, elem/s, ...).
static WALL: WallTime = WallTime;

impl Measurement for ThreadCpu {
    type Intermediate = Start;
    type Value = Duration;

    fn start(&self) -> Start {
        match self.available.then(thread_cpu_time).flatten() {
            Some(cpu) => Start::Cpu(cpu),
            None => Start::Wall(Instant::now()),
        }
    }
    fn end(&self, start: Start) -> Duration {
        match start {
            Start::Cpu(cpu) => {
                thread_cpu_time().map_or(Duration::ZERO, |now| now.saturating_sub(cpu))
            }
            Start::Wall(at) => at.elapsed(),
        }
    }
    fn add(&self, v1: &Duration, v2: &Duration) -> Duration {
        *v1 + *v2
    }
    fn zero(&self) -> Duration {
        Duration::ZERO
    }
    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        WALL.formatter()
    }
}

fn stages(c: &mut Criterion<ThreadCpu>) {
    let pages = load_pages();
    let bytes: usize = pages.iter().map(|p| p.bytes.len()).sum();
    eprintln!(
        "stages: {} pages, {:.1} MB after gunzip, from {}",
        pages.len(),
        bytes as f64 / 1e6,
        pages_dir().display()
    );

    // Every stage's input, made once; the time that took sets how long
    // criterion measures, so that 10 samples fit without warnings.
    let clock = ThreadCpu::new();
    let started = clock.start();
    let texts: Vec<String> = pages
        .iter()
        .map(|p| decode::decode(&p.bytes).text)
        .collect();
    let docs: Vec<Document> = texts.iter().map(|t| parse::parse_page(t)).collect();
    let today = metadata::today_utc();
    let metas: Vec<(Metadata, Option<String>)> = docs
        .iter()
        .zip(&pages)
        .map(|(doc, page)| metadata::extract_metadata_and_body(doc, page.url.as_deref(), today))
        .collect();
    let articles: Vec<Article> = docs
        .iter()
        .zip(&metas)
        .map(|(doc, meta)| extract::extract_article(doc, &extract_options(meta)).article)
        .collect();
    let plain: Vec<String> = articles.iter().map(render::text).collect();
    let setup = clock.end(started);
    let render_options = RenderOptions::default();
    // One pass of the slowest stage (the whole pipeline) takes about as long
    // as the setup: 20 of those leave room for 10 samples of the slow stages
    // (criterion's estimate from its warm-up can be twice the real pass);
    // the fast ones fit many passes into each sample of 2 s.
    let slow = (setup * 20).max(Duration::from_secs(2));
    let fast = Duration::from_secs(2);

    let mut group = c.benchmark_group("stages");
    group
        .throughput(Throughput::Elements(pages.len() as u64))
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(fast)
        .sampling_mode(SamplingMode::Flat);

    group.bench_function("decode", |b| {
        b.iter(|| {
            for page in &pages {
                std::hint::black_box(decode::decode(&page.bytes));
            }
        })
    });
    group.measurement_time(slow);
    group.bench_function("parse", |b| {
        b.iter(|| {
            for text in &texts {
                std::hint::black_box(parse::parse_page(text));
            }
        })
    });
    group.measurement_time(fast);
    group.bench_function("metadata", |b| {
        b.iter(|| {
            for (doc, page) in docs.iter().zip(&pages) {
                std::hint::black_box(metadata::extract_metadata_and_body(
                    doc,
                    page.url.as_deref(),
                    today,
                ));
            }
        })
    });
    group.measurement_time(slow);
    group.bench_function("extract", |b| {
        b.iter(|| {
            for (doc, meta) in docs.iter().zip(&metas) {
                std::hint::black_box(extract::extract_article(doc, &extract_options(meta)));
            }
        })
    });
    group.measurement_time(fast);
    group.bench_function("render_text", |b| {
        b.iter(|| {
            for article in &articles {
                std::hint::black_box(render::text(article));
            }
        })
    });
    group.bench_function("render_markdown", |b| {
        b.iter(|| {
            for article in &articles {
                std::hint::black_box(render::markdown(article, &render_options));
            }
        })
    });
    group.bench_function("render_html", |b| {
        b.iter(|| {
            for article in &articles {
                std::hint::black_box(render::html(article, &render_options));
            }
        })
    });
    group.bench_function("language", |b| {
        // detect_language fills in the record's metadata, so every pass
        // starts from a fresh copy; the copies are made outside the timing.
        b.iter_batched_ref(
            || metas.clone(),
            |metas| {
                for ((meta, _), text) in metas.iter_mut().zip(&plain) {
                    metadata::detect_language(meta, text);
                }
            },
            BatchSize::LargeInput,
        )
    });
    // A pipeline pass also drops each page's DOM and text, and criterion's
    // warm-up estimate of it runs high: more room still.
    group.measurement_time(slow * 3 / 2);
    group.bench_function("pipeline", |b| {
        b.iter(|| {
            for page in &pages {
                let options = match &page.url {
                    Some(url) => Options::default().with_url(url.clone()),
                    None => Options::default(),
                };
                std::hint::black_box(pith::extract(&page.bytes, &options));
            }
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(ThreadCpu::new());
    targets = stages
}
criterion_main!(benches);
