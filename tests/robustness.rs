//! Hostile and broken input never panics and always yields a record.

use std::io::Read;
use std::path::Path;

use pith::{extract, Favor, Options};

/// A small deterministic generator, so failures reproduce.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

fn all_options() -> Vec<Options> {
    [Favor::Precision, Favor::Balanced, Favor::Recall]
        .into_iter()
        .map(|favor| {
            Options::default()
                .with_favor(favor)
                .with_comments(true)
                .with_markdown(true)
                .with_html(true)
                .with_links(true)
                .with_images(true)
                .with_url("https://example.org/dir/page.html")
        })
        .collect()
}

#[test]
fn truncated_and_corrupted_benchmark_pages_still_give_records() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/scrapinghub/html");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("benchmark copy")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    assert_eq!(paths.len(), 181, "the benchmark copy has 181 pages");
    let mut rng = Lcg(7);
    for path in paths.iter().step_by(12) {
        let mut html = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(path).expect("page"))
            .read_to_end(&mut html)
            .expect("gunzip");
        // Cut anywhere, including inside a multi-byte character or a tag.
        for _ in 0..4 {
            let cut = (rng.next() as usize) % html.len().max(1);
            let r = extract(&html[..cut], &Options::default());
            assert!(r.error.is_none(), "{:?}", r.error);
            assert!(r.encoding.is_some());
        }
        // Flip bytes.
        let mut broken = html.clone();
        for _ in 0..200 {
            let i = (rng.next() as usize) % broken.len().max(1);
            broken[i] = (rng.next() & 0xff) as u8;
        }
        for options in all_options() {
            let _ = extract(&broken, &options);
        }
    }
}

#[test]
fn pathological_markup_gives_records() {
    // No bytes at all is not a page: an error record saying so.
    for options in all_options() {
        let r = extract(b"", &options);
        assert_eq!(r.error_kind, Some(pith::ErrorKind::Empty), "{:?}", r.error);
        assert!(r.text.is_empty());
    }
    let cases: Vec<Vec<u8>> = vec![
        b"\xff\xfe\x00".to_vec(),
        b"<".repeat(100_000),
        "<p>".repeat(50_000).into_bytes(),
        "<table><tr><td>".repeat(5_000).into_bytes(),
        "<b><i><a href=x>".repeat(20_000).into_bytes(),
        "<ul><li>".repeat(30_000).into_bytes(),
        format!("<article>{}</article>", "word ".repeat(500_000)).into_bytes(),
        b"<script type=\"application/ld+json\">{\"articleBody\": [[[[[[[[[[".to_vec(),
        "<div>".repeat(200_000).into_bytes(),
        // Shapes that once cost the square of their size (a send-off
        // marker tried thousands of times, thousands of named bodies, a
        // 100k-name byline, repeated introducers, deep nesting under the
        // parser's cap).
        format!(
            "<div class=article-body>{}{}</div>",
            format!("<p>{}</p>", "Lorem ipsum dolor sit amet, consectetur. ".repeat(3)).repeat(500),
            "<div><div><p>Related</p></div></div>".repeat(2_000)
        )
        .into_bytes(),
        "<div class=article-body><p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p></div>"
            .repeat(10_000)
            .into_bytes(),
        format!(
            "<head><meta name=author content=\"{}\"></head><body><p>text</p></body>",
            "Anna Berg, ".repeat(50_000)
        )
        .into_bytes(),
        format!("<head><meta name=author content=\"{}Max Muster\"></head>", "von ".repeat(50_000))
            .into_bytes(),
        format!("{}{}", "<div>".repeat(300), "<li>x".repeat(100_000)).into_bytes(),
    ];
    for html in cases {
        for options in all_options() {
            let r = extract(&html, &options);
            assert!(r.error.is_none(), "{:?}", r.error);
        }
    }
}
