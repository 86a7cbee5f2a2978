//! Micro-benchmark of the three renderers on one large constructed article.
//!
//! Run with `cargo run --release --example render_bench [-- ROUNDS]`. Prints
//! the best and median time per rendering of each format over ROUNDS runs
//! (default 30), the output size and throughput, and each format's time
//! relative to plain text. The article mixes every block kind and inline
//! element, with markdown-special characters in a share of the text so the
//! escaping path is exercised as on real pages.

use std::hint::black_box;
use std::time::{Duration, Instant};

use pith::article::{Article, Block, BlockKind, Inline, TableRow};
use pith::render::{self, RenderOptions};

/// Words to build sentences from; a few carry characters markdown escapes.
const WORDS: &[&str] = &[
    "the",
    "article",
    "extraction",
    "renders",
    "blocks",
    "into",
    "text",
    "and",
    "markdown",
    "with",
    "links",
    "tables",
    "lists",
    "quotes",
    "a_b",
    "C#",
    "1.5",
    "*",
    "[note]",
    "<tag>",
    "x|y",
    "&",
    "numbers",
    "Zürich",
    "日本語",
    "—",
    "well-known",
    "it's",
    "100%",
];

/// A sentence of `n` words starting at word `seed`.
fn sentence(seed: usize, n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(WORDS[(seed * 7 + i * 3) % WORDS.len()]);
    }
    s
}

/// A paragraph's inline content: plain text with emphasis, strong, code, a
/// link, an image and a line break.
fn rich(seed: usize) -> Vec<Inline> {
    vec![
        Inline::Text(sentence(seed, 14) + " "),
        Inline::Strong(vec![Inline::Text(sentence(seed + 1, 2))]),
        Inline::Text(" ".to_owned() + &sentence(seed + 2, 9) + " "),
        Inline::Emphasis(vec![Inline::Text(sentence(seed + 3, 3))]),
        Inline::Text(", see ".to_owned()),
        Inline::Link {
            href: format!("https://example.org/page/{seed}?q=a b"),
            content: vec![Inline::Text(sentence(seed + 4, 3))],
        },
        Inline::Text(" and ".to_owned()),
        Inline::Code(format!("fn_{seed}(x)")),
        Inline::Text(". ".to_owned()),
        Inline::LineBreak,
        Inline::Text(sentence(seed + 5, 12) + "."),
        Inline::Image {
            src: format!("/img/{seed}.png"),
            alt: sentence(seed + 6, 2),
        },
    ]
}

/// A block with default depth.
fn block(kind: BlockKind, content: Vec<Inline>, quote_depth: u8) -> Block {
    Block {
        kind,
        quote_depth,
        content,
    }
}

/// About 40,000 blocks: sections of a heading, paragraphs, a nested list, a
/// table, a code block and a quote.
fn large_article() -> Article {
    let mut blocks = Vec::new();
    for s in 0..2_000 {
        blocks.push(block(
            BlockKind::Heading { level: 2 },
            vec![Inline::Text(sentence(s, 5))],
            0,
        ));
        for p in 0..6 {
            blocks.push(block(BlockKind::Paragraph, rich(s * 10 + p), 0));
        }
        for i in 0..6u8 {
            let depth = i % 3;
            blocks.push(block(
                BlockKind::ListItem {
                    ordered: depth == 1,
                    depth,
                    number: u32::from(i) + 1,
                },
                vec![Inline::Text(sentence(s + usize::from(i), 8))],
                0,
            ));
        }
        let rows = (0..5)
            .map(|r| TableRow {
                header: r == 0,
                cells: (0..4)
                    .map(|c| vec![Inline::Text(sentence(s + r * 4 + c, 2))])
                    .collect(),
            })
            .collect();
        blocks.push(block(BlockKind::Table { rows }, Vec::new(), 0));
        blocks.push(block(
            BlockKind::Code {
                lang: Some("rust".to_owned()),
                text: format!("fn f{s}() {{\n    let x = `{s}`;\n    println!(\"{{x}}\");\n}}\n"),
            },
            Vec::new(),
            0,
        ));
        blocks.push(block(BlockKind::Paragraph, rich(s + 3), 1));
        blocks.push(block(BlockKind::Paragraph, rich(s + 4), 2));
    }
    Article { blocks }
}

/// Best and median duration of `rounds` runs of `f`, and the output length.
fn measure(rounds: usize, f: impl Fn() -> String) -> (Duration, Duration, usize) {
    let len = f().len(); // warm-up
    let mut times: Vec<Duration> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort();
    (times[0], times[times.len() / 2], len)
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(30)
        .max(1);
    let article = large_article();
    let opts = RenderOptions {
        links: true,
        images: true,
    };
    println!(
        "article: {} blocks, {rounds} rounds each",
        article.blocks.len()
    );
    let results = [
        (
            "text",
            measure(rounds, || render::text(black_box(&article))),
        ),
        (
            "markdown",
            measure(rounds, || render::markdown(black_box(&article), &opts)),
        ),
        (
            "markdown (no links/images)",
            measure(rounds, || {
                render::markdown(black_box(&article), &RenderOptions::default())
            }),
        ),
        (
            "html",
            measure(rounds, || render::html(black_box(&article), &opts)),
        ),
    ];
    let text_median = results[0].1 .1.as_secs_f64();
    println!(
        "{:<28} {:>10} {:>10} {:>10} {:>9} {:>8}",
        "format", "best ms", "median ms", "output MB", "MB/s", "vs text"
    );
    for (name, (best, median, len)) in results {
        let mb = len as f64 / 1e6;
        println!(
            "{name:<28} {:>10.2} {:>10.2} {mb:>10.2} {:>9.0} {:>7.2}x",
            best.as_secs_f64() * 1e3,
            median.as_secs_f64() * 1e3,
            mb / median.as_secs_f64(),
            median.as_secs_f64() / text_median,
        );
    }
}
