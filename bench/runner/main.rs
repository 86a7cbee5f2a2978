//! Times one Rust extractor over pages held in memory: the Rust half of
//! bench/compare.sh, which builds this file in a scratch cargo project
//! outside the repository (pith as a path dependency, dom_smoothie from
//! crates.io, pith's release profile). Same protocol and output as
//! bench/runner.py:
//!
//! ```text
//! runner TOOL LIST OUT [--warmup N] [--repeat R] [--threads T]
//! ```
//!
//! TOOL is `pith` (`pith::extract` with default options, on the raw bytes:
//! pith decodes them itself, so its time includes decoding) or
//! `dom_smoothie` (`Readability::new(html, None, None)?.parse()`, default
//! config, its `text_content`, on text decoded before the clock starts).
//! Three more tools time parsing alone, to show the parser's share of the
//! budget (issue #9: where html5ever itself stands in the way):
//! `pith_parse` (pith's decoding and `pith::parse::parse_page` into its
//! arena DOM: the parse `pith::extract` makes), `html5ever_rcdom` (html5ever's
//! reference DOM, markup5ever_rcdom, on text decoded before the clock
//! starts) and `html5ever_tokenize` (html5ever's tokenizer alone, into a
//! sink that drops every token: the floor of any html5ever-based tool).
//! They return no text.
//! LIST names one page a line (gzip or plain; the id is the file name up to
//! ".html"). Pages are read and gunzipped before timing; a small built-in
//! page, then the first N pages are extracted untimed; then R timed passes
//! over all pages, on T threads (rayon, dynamic work split; default 1, which
//! runs on the main thread without rayon).
//!
//! Writes the last pass's texts to OUT as `{id: {"articleBody": text}}` and
//! prints one JSON object on stdout (see bench/runner.py for the fields).

use std::io::Read;
use std::time::{Duration, Instant};

use rayon::prelude::*;

const WARMUP_PAGE: &str = "<html><head><title>Warm-up</title></head><body><nav><a href='/'>Home</a>\
    </nav><article><h1>Warm-up page</h1><p>This paragraph is here so that the extractor has \
    some prose to find before the clock starts; it is never timed.</p><p>This paragraph is \
    here so that the extractor has some prose to find before the clock starts; it is never \
    timed.</p></article><footer>Footer</footer></body></html>";

#[derive(Clone, Copy, PartialEq)]
enum Tool {
    Pith,
    PithParse,
    Html5everRcdom,
    Html5everTokenize,
    #[cfg(feature = "dom_smoothie")]
    DomSmoothie,
}

/// One page, in the form its tool takes.
enum Input {
    Bytes(Vec<u8>),
    #[cfg_attr(not(feature = "dom_smoothie"), allow(dead_code))]
    Text(String),
}

impl Tool {
    fn parse(name: &str) -> Option<Tool> {
        match name {
            "pith" => Some(Tool::Pith),
            "pith_parse" => Some(Tool::PithParse),
            "html5ever_rcdom" => Some(Tool::Html5everRcdom),
            "html5ever_tokenize" => Some(Tool::Html5everTokenize),
            #[cfg(feature = "dom_smoothie")]
            "dom_smoothie" => Some(Tool::DomSmoothie),
            _ => None,
        }
    }

    fn prepare(self, bytes: Vec<u8>) -> Input {
        match self {
            Tool::Pith | Tool::PithParse => Input::Bytes(bytes),
            Tool::Html5everRcdom | Tool::Html5everTokenize => {
                Input::Text(pith::decode::decode(&bytes).text)
            }
            #[cfg(feature = "dom_smoothie")]
            Tool::DomSmoothie => Input::Text(String::from_utf8_lossy(&bytes).into_owned()),
        }
    }

    fn run(self, input: &Input) -> String {
        match (self, input) {
            (Tool::Pith, Input::Bytes(bytes)) => {
                pith::extract(bytes, &pith::Options::default()).text
            }
            (Tool::PithParse, Input::Bytes(bytes)) => {
                let doc = pith::parse::parse_page(&pith::decode::decode(bytes).text);
                std::hint::black_box(doc);
                String::new()
            }
            (Tool::Html5everRcdom, Input::Text(html)) => {
                use html5ever::tendril::TendrilSink;
                let dom = html5ever::parse_document(
                    markup5ever_rcdom::RcDom::default(),
                    Default::default(),
                )
                .one(html.as_str());
                std::hint::black_box(dom);
                String::new()
            }
            (Tool::Html5everTokenize, Input::Text(html)) => {
                use html5ever::tokenizer::{BufferQueue, Tokenizer, TokenizerOpts};
                let tokenizer = Tokenizer::new(Discard, TokenizerOpts::default());
                let input = BufferQueue::default();
                input.push_back(html.as_str().into());
                while !matches!(tokenizer.feed(&input), html5ever::TokenizerResult::Done) {}
                tokenizer.end();
                String::new()
            }
            #[cfg(feature = "dom_smoothie")]
            (Tool::DomSmoothie, Input::Text(html)) => {
                match dom_smoothie::Readability::new(html.as_str(), None, None)
                    .and_then(|mut r| r.parse())
                {
                    Ok(article) => article.text_content.to_string(),
                    Err(_) => String::new(),
                }
            }
            _ => unreachable!("input prepared for another tool"),
        }
    }

    fn run_str(self, html: &str) -> String {
        self.run(&self.prepare(html.as_bytes().to_vec()))
    }

    fn name(self) -> &'static str {
        match self {
            Tool::Pith => "pith",
            Tool::PithParse => "pith_parse",
            Tool::Html5everRcdom => "html5ever_rcdom",
            Tool::Html5everTokenize => "html5ever_tokenize",
            #[cfg(feature = "dom_smoothie")]
            Tool::DomSmoothie => "dom_smoothie",
        }
    }

    /// The version compare.sh found (`PITH_VERSION`, `DOM_SMOOTHIE_VERSION`).
    fn version(self) -> String {
        let var = format!("{}_VERSION", self.name().to_uppercase());
        std::env::var(var).unwrap_or_else(|_| "?".to_owned())
    }
}

/// A tokenizer sink that drops every token.
struct Discard;

impl html5ever::tokenizer::TokenSink for Discard {
    type Handle = ();
    fn process_token(
        &self,
        token: html5ever::tokenizer::Token,
        _line: u64,
    ) -> html5ever::tokenizer::TokenSinkResult<()> {
        std::hint::black_box(token);
        html5ever::tokenizer::TokenSinkResult::Continue
    }
}

fn read_page(path: &str) -> Vec<u8> {
    let raw = std::fs::read(path).unwrap_or_else(|e| fail(&format!("cannot read {path}: {e}")));
    if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .unwrap_or_else(|e| fail(&format!("cannot gunzip {path}: {e}")));
        out
    } else {
        raw
    }
}

fn page_id(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.split(".html").next().unwrap_or(name).to_owned()
}

/// A field of /proc/self/status in kB (VmRSS, VmHWM).
fn status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
}

/// Reset the kernel's peak-RSS mark (write 5 to /proc/self/clear_refs).
fn reset_hwm() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn process_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes into the timespec we own.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn fail(message: &str) -> ! {
    eprintln!("runner: {message}");
    std::process::exit(1)
}

fn main() {
    let mut args = Vec::new();
    let (mut warmup, mut repeat, mut threads) = (0usize, 1usize, 1usize);
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut number = |name: &str| -> usize {
            it.next()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| fail(&format!("{name} needs a number")))
        };
        match a.as_str() {
            "--warmup" => warmup = number("--warmup"),
            "--repeat" => repeat = number("--repeat").max(1),
            "--threads" => threads = number("--threads").max(1),
            _ => args.push(a),
        }
    }
    let [tool, list, out] = &args[..] else {
        fail("usage: runner TOOL LIST OUT [--warmup N] [--repeat R] [--threads T]");
    };
    let tool = Tool::parse(tool).unwrap_or_else(|| fail(&format!("unknown tool {tool}")));

    let paths: Vec<String> = std::fs::read_to_string(list)
        .unwrap_or_else(|e| fail(&format!("cannot read {list}: {e}")))
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    let mut bytes = 0usize;
    let pages: Vec<Input> = paths
        .iter()
        .map(|p| {
            let page = read_page(p);
            bytes += page.len();
            tool.prepare(page)
        })
        .collect();

    let pool = (threads > 1).then(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap_or_else(|e| fail(&format!("no thread pool: {e}")))
    });
    let pass = |pages: &[Input]| -> Vec<String> {
        match &pool {
            Some(pool) => pool.install(|| pages.par_iter().map(|p| tool.run(p)).collect()),
            None => pages.iter().map(|p| tool.run(p)).collect(),
        }
    };

    for _ in 0..3 {
        std::hint::black_box(tool.run_str(WARMUP_PAGE));
    }
    std::hint::black_box(pass(&pages[..warmup.min(pages.len())]));

    let rss_base = status_kb("VmRSS");
    let hwm_reset = reset_hwm();
    let (mut walls, mut cpus) = (Vec::new(), Vec::new());
    let mut texts = Vec::new();
    for _ in 0..repeat {
        drop(std::mem::take(&mut texts));
        let (wall, cpu) = (Instant::now(), process_cpu());
        texts = pass(&pages);
        cpus.push((process_cpu() - cpu).as_secs_f64());
        walls.push(wall.elapsed().as_secs_f64());
    }
    let rss_peak = status_kb("VmHWM");

    let predictions: serde_json::Map<String, serde_json::Value> = paths
        .iter()
        .zip(&texts)
        .map(|(p, t)| (page_id(p), serde_json::json!({ "articleBody": t })))
        .collect();
    std::fs::write(out, serde_json::to_vec(&predictions).expect("JSON"))
        .unwrap_or_else(|e| fail(&format!("cannot write {out}: {e}")));
    println!(
        "{}",
        serde_json::json!({
            "tool": tool.name(),
            "version": tool.version(),
            "threads": threads,
            "docs": pages.len(),
            "bytes": bytes,
            "wall": walls,
            "cpu": cpus,
            "rss_base_kb": rss_base,
            "rss_peak_kb": rss_peak,
            "hwm_reset": hwm_reset,
            "out_chars": texts.iter().map(|t| t.chars().count()).sum::<usize>(),
        })
    );
}
