//! What output formatting costs on real pages, in process.
//!
//! Run with `cargo run --release --example format_bench [-- DIR [ROUNDS]]`
//! (DIR defaults to `fixtures/scrapinghub/html`, ROUNDS to 10). The pages
//! are read and gunzipped once; then every round extracts each page and
//! writes its record, through [`pith::output::RecordWriter`], into a sink,
//! once per output configuration, the configurations interleaved so that
//! noise on the shared machine hits them alike. Prints each configuration's
//! best round, pages per second and cost relative to the plain JSON Lines
//! run, which is what `pith` does when no formatting is asked for.
//!
//! Time is the thread's CPU time where Linux reports it
//! (`/proc/thread-self/schedstat`), else wall time: on a machine shared with
//! other work, wall time mostly measures the other work.

use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use pith::output::{Format, RecordWriter};
use pith::Options;

/// One output configuration: a label, the extraction options and the format.
struct Config {
    label: &'static str,
    options: Options,
    format: Format,
}

fn configs() -> Vec<Config> {
    let with = |markdown, html, links_and_images| {
        Options::default()
            .with_markdown(markdown)
            .with_html(html)
            .with_links(links_and_images)
            .with_images(links_and_images)
    };
    vec![
        Config {
            label: "jsonl (default)",
            options: Options::default(),
            format: Format::Jsonl,
        },
        Config {
            label: "--format json",
            options: Options::default(),
            format: Format::Json,
        },
        Config {
            label: "--format text",
            options: Options::default(),
            format: Format::Text,
        },
        Config {
            label: "--markdown",
            options: with(true, false, false),
            format: Format::Jsonl,
        },
        Config {
            label: "--html",
            options: with(false, true, false),
            format: Format::Jsonl,
        },
        Config {
            label: "--markdown --html --links --images",
            options: with(true, true, true),
            format: Format::Jsonl,
        },
        Config {
            label: "--format markdown",
            options: with(true, false, false),
            format: Format::Markdown,
        },
        Config {
            label: "--format markdown --links --images",
            options: with(true, false, true),
            format: Format::Markdown,
        },
    ]
}

/// Every file under `dir` (one level), gunzipped when its name ends in `.gz`.
fn read_pages(dir: &Path) -> io::Result<Vec<Vec<u8>>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    let mut pages = Vec::with_capacity(paths.len());
    for path in paths {
        let file = std::fs::File::open(&path)?;
        let mut bytes = Vec::new();
        if path.extension().is_some_and(|e| e == "gz") {
            flate2::read::GzDecoder::new(file).read_to_end(&mut bytes)?;
        } else {
            io::BufReader::new(file).read_to_end(&mut bytes)?;
        }
        pages.push(bytes);
    }
    Ok(pages)
}

/// CPU time the current thread has run for, when the system says.
fn thread_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// One round of one configuration: extract and write every page.
fn round(pages: &[Vec<u8>], config: &Config) -> io::Result<Duration> {
    let started = Instant::now();
    let cpu_started = thread_cpu_time();
    let mut writer = RecordWriter::with_format(io::sink(), config.format);
    for page in pages {
        writer.write(&pith::extract(page, &config.options))?;
    }
    writer.finish()?;
    Ok(match (cpu_started, thread_cpu_time()) {
        (Some(start), Some(end)) => end.saturating_sub(start),
        _ => started.elapsed(),
    })
}

fn main() -> io::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .unwrap_or_else(|| "fixtures/scrapinghub/html".to_owned());
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(10);
    let pages = read_pages(Path::new(&dir))?;
    if pages.is_empty() {
        eprintln!("format_bench: no pages in {dir}");
        std::process::exit(1);
    }
    let configs = configs();
    let mut best = vec![Duration::MAX; configs.len()];
    for _ in 0..rounds {
        for (config, best) in configs.iter().zip(&mut best) {
            *best = (*best).min(round(&pages, config)?);
        }
    }
    println!(
        "{} pages from {dir}, 1 thread, best of {rounds} rounds",
        pages.len()
    );
    let clock = if thread_cpu_time().is_some() {
        "CPU ms"
    } else {
        "wall ms"
    };
    println!(
        "{:<36} {:>9} {:>8} {:>8}",
        "output", clock, "pages/s", "cost"
    );
    let base = best[0].as_secs_f64();
    for (config, best) in configs.iter().zip(&best) {
        let seconds = best.as_secs_f64();
        println!(
            "{:<36} {:>9.1} {:>8.0} {:>+7.1}%",
            config.label,
            seconds * 1e3,
            pages.len() as f64 / seconds,
            100.0 * (seconds / base - 1.0)
        );
    }
    Ok(())
}
