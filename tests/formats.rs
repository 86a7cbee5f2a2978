//! Output formats end to end: the `--format` choices and the `markdown` /
//! `html` record fields, checked through the `pith` binary against the pages
//! in `fixtures/formats/pages` (one per structure: nested lists, a table
//! with a header, code with a language, quotes, links and images) and their
//! expected renderings in `fixtures/formats/expected`; and, through
//! `pith::extract`, that the markdown of every benchmark page shows the same
//! words as its text.

mod common;
use common::TempDir;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use pulldown_cmark::{Event, Options as CmarkOptions, Parser, Tag, TagEnd};
use serde_json::Value;

const SEPARATOR: &str = "\u{c}";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The structure pages, sorted by name (the order pith walks them in).
fn pages() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(fixtures().join("formats/pages"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".html"))
        .map(|n| n.trim_end_matches(".html").to_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 5, "structure pages missing: {names:?}");
    names
}

fn expected(name: &str, ext: &str) -> String {
    let path = fixtures().join(format!("formats/expected/{name}.{ext}"));
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// What one run of the binary did.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Run pith from the repository root with `args`, feeding `stdin`.
fn pith(args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pith"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin).unwrap();
    drop(input);
    let output = child.wait_with_output().unwrap();
    Run {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Run pith over all structure pages with `args` before the page paths.
fn pith_on_pages(args: &[&str]) -> Run {
    let paths: Vec<String> = pages()
        .iter()
        .map(|n| format!("fixtures/formats/pages/{n}.html"))
        .collect();
    let mut all: Vec<&str> = args.to_vec();
    all.extend(paths.iter().map(String::as_str));
    let run = pith(&all, b"");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    run
}

// ---------------------------------------------------------------------------
// Each structure in each format.

/// The expected output of a text-like format: every page's rendering, pages
/// separated by a form-feed line.
fn joined(ext: &str) -> String {
    pages()
        .iter()
        .map(|n| expected(n, ext))
        .collect::<Vec<_>>()
        .join(&format!("{SEPARATOR}\n"))
}

#[test]
fn text_format_prints_each_structure_as_expected() {
    let run = pith_on_pages(&["--format", "text"]);
    assert_eq!(run.stdout, joined("txt"));
}

#[test]
fn markdown_format_prints_each_structure_as_expected() {
    let run = pith_on_pages(&["--format", "markdown", "--links", "--images"]);
    assert_eq!(run.stdout, joined("md"));
}

/// The records of a JSON Lines or JSON run, checked field by field against
/// the expected renderings.
fn check_records(records: &[Value]) {
    let names = pages();
    assert_eq!(records.len(), names.len());
    for (record, name) in records.iter().zip(&names) {
        assert_eq!(
            record["source"],
            format!("fixtures/formats/pages/{name}.html")
        );
        assert_eq!(
            format!("{}\n", record["text"].as_str().unwrap()),
            expected(name, "txt"),
            "text of {name}"
        );
        assert_eq!(
            format!("{}\n", record["markdown"].as_str().unwrap()),
            expected(name, "md"),
            "markdown of {name}"
        );
        assert_eq!(
            record["html"].as_str().unwrap(),
            expected(name, "html"),
            "html of {name}"
        );
    }
}

#[test]
fn jsonl_records_carry_markdown_and_html_when_asked() {
    let run = pith_on_pages(&["--markdown", "--html", "--links", "--images"]);
    let records: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    check_records(&records);
    // --format jsonl is the default.
    let explicit = pith_on_pages(&[
        "--format",
        "jsonl",
        "--markdown",
        "--html",
        "--links",
        "--images",
    ]);
    assert_eq!(explicit.stdout, run.stdout);
}

#[test]
fn json_format_is_one_array_of_the_same_records() {
    let run = pith_on_pages(&[
        "--format",
        "json",
        "--markdown",
        "--html",
        "--links",
        "--images",
    ]);
    let records: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    check_records(&records);
    let lines = pith_on_pages(&["--markdown", "--html", "--links", "--images"]);
    let from_lines: Vec<Value> = lines
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records, from_lines);
}

#[test]
fn markdown_and_html_fields_are_absent_unless_asked() {
    let run = pith_on_pages(&[]);
    for line in run.stdout.lines() {
        let record: Value = serde_json::from_str(line).unwrap();
        assert!(record.get("markdown").is_none(), "{line}");
        assert!(record.get("html").is_none(), "{line}");
        assert!(!record["text"].as_str().unwrap().is_empty());
    }
    let run = pith_on_pages(&["--html"]);
    for line in run.stdout.lines() {
        let record: Value = serde_json::from_str(line).unwrap();
        assert!(record.get("markdown").is_none(), "{line}");
        assert!(record["html"].is_string(), "{line}");
    }
}

#[test]
fn links_and_images_only_when_asked() {
    let page = "fixtures/formats/pages/links.html";
    let bare = pith(&["--markdown", "--html", page], b"");
    let record: Value = serde_json::from_str(bare.stdout.trim()).unwrap();
    let (md, html) = (
        record["markdown"].as_str().unwrap(),
        record["html"].as_str().unwrap(),
    );
    assert!(md.contains("flea market") && !md.contains("]("), "{md}");
    assert!(!html.contains("<a ") && !html.contains("<img"), "{html}");

    let links = pith(&["--markdown", "--html", "--links", page], b"");
    let record: Value = serde_json::from_str(links.stdout.trim()).unwrap();
    let (md, html) = (
        record["markdown"].as_str().unwrap(),
        record["html"].as_str().unwrap(),
    );
    assert!(md.contains("[flea market](https://workshop.example/market/)"));
    assert!(!md.contains("!["), "{md}");
    assert!(html.contains("<a href=\"https://workshop.example/market/\">"));
    assert!(!html.contains("<img"), "{html}");
    // A link whose target runs code keeps its text, never its target.
    assert!(md.contains("somewhere we would rather not say") && !md.contains("javascript"));

    let images = pith(&["--markdown", "--images", page], b"");
    let record: Value = serde_json::from_str(images.stdout.trim()).unwrap();
    let md = record["markdown"].as_str().unwrap();
    assert!(md.contains(
        "![The frame before cleaning](https://workshop.example/diary/2021/img/frame-before.jpg)"
    ));
    assert!(!md.contains("[flea market]"), "{md}");
}

/// A page with relative links, optionally with a `<base href>` and a
/// canonical URL.
fn relative_page(base: Option<&str>, canonical: Option<&str>) -> Vec<u8> {
    let base = base.map_or(String::new(), |b| format!("<base href=\"{b}\">"));
    let canonical = canonical.map_or(String::new(), |c| {
        format!("<link rel=\"canonical\" href=\"{c}\">")
    });
    format!(
        "<html><head><title>Relative links</title>{base}{canonical}</head><body><article>\
         <p>The council met on Tuesday evening to discuss the <a href=\"plan.html\">proposal</a>, \
         and after a long debate the members agreed to fund the new library.</p>\
         <p><img src=\"/img/library.png\" alt=\"The library\">Residents who attended said they \
         were pleased with the outcome, though some worried about the cost.</p>\
         </article></body></html>"
    )
    .into_bytes()
}

fn markdown_of(args: &[&str], page: &[u8]) -> String {
    let mut all = vec!["--format", "markdown", "--links", "--images"];
    all.extend_from_slice(args);
    let run = pith(&all, page);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    run.stdout
}

#[test]
fn relative_urls_resolve_against_base_then_page_url_then_canonical() {
    let canonical = Some("https://canonical.example/news/story");
    // Only the canonical URL is known.
    let md = markdown_of(&[], &relative_page(None, canonical));
    assert!(
        md.contains("(https://canonical.example/news/plan.html)"),
        "{md}"
    );
    assert!(
        md.contains("(https://canonical.example/img/library.png)"),
        "{md}"
    );
    // The URL the page was fetched from wins over its canonical URL.
    let md = markdown_of(
        &["--url", "https://fetched.example/a/b/story"],
        &relative_page(None, canonical),
    );
    assert!(
        md.contains("(https://fetched.example/a/b/plan.html)"),
        "{md}"
    );
    assert!(
        md.contains("(https://fetched.example/img/library.png)"),
        "{md}"
    );
    // <base href> wins over both, and is itself resolved against the page.
    let md = markdown_of(
        &["--url", "https://fetched.example/a/b/story"],
        &relative_page(Some("/docs/"), canonical),
    );
    assert!(
        md.contains("(https://fetched.example/docs/plan.html)"),
        "{md}"
    );
    let md = markdown_of(&[], &relative_page(Some("https://base.example/x/"), None));
    assert!(md.contains("(https://base.example/x/plan.html)"), "{md}");
}

#[test]
fn relative_urls_without_any_base_are_left_out_but_their_text_stays() {
    let md = markdown_of(&[], &relative_page(None, None));
    assert!(!md.contains("]("), "{md}");
    assert!(md.contains("discuss the proposal, and"), "{md}");
    assert!(md.contains("Residents who attended"), "{md}");
}

#[test]
fn text_and_markdown_keep_the_separator_for_failed_pages() {
    let first = "fixtures/formats/pages/code.html";
    let last = "fixtures/formats/pages/quote.html";
    for (format, ext) in [("text", "txt"), ("markdown", "md")] {
        let run = pith(
            &["--format", format, first, "does/not/exist.html", last],
            b"",
        );
        assert_eq!(run.code, Some(1), "a failed page still fails the run");
        assert!(run.stderr.contains("does/not/exist.html"), "{}", run.stderr);
        assert_eq!(
            run.stdout,
            format!(
                "{}{SEPARATOR}\n{SEPARATOR}\n{}",
                expected("code", ext),
                expected("quote", ext)
            )
        );
    }
}

#[test]
fn json_stays_valid_with_no_records_or_failed_pages() {
    let dir = TempDir::new();
    // A directory without pages is not a silent success (exit 2), but the
    // output is still a valid, empty array.
    let run = pith(&["--format", "json", dir.0.to_str().unwrap()], b"");
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("no input"), "{}", run.stderr);
    assert_eq!(
        serde_json::from_str::<Value>(&run.stdout).unwrap(),
        Value::Array(vec![])
    );

    let broken = dir.write("broken.html.gz", b"\x1f\x8b\x08 not really gzip");
    let run = pith(
        &[
            "--format",
            "json",
            broken.to_str().unwrap(),
            "fixtures/formats/pages/table.html",
        ],
        b"",
    );
    assert_eq!(run.code, Some(1));
    let records: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(records.len(), 2);
    assert!(records[0]["error"].is_string());
    assert!(records[1]["error"].is_null());

    // Only failures.
    let run = pith(&["--format", "json", broken.to_str().unwrap()], b"");
    assert_eq!(run.code, Some(1));
    let records: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(records.len(), 1);
}

#[test]
fn text_format_keeps_input_order_on_many_workers() {
    let dir = TempDir::new();
    let mut paths = Vec::new();
    for i in 0..40 {
        // Pages of very different sizes finish out of order.
        let filler = "More words about the library and its budget. ".repeat(1 + (i * 37) % 90);
        let page = format!(
            "<html><body><article><p>Page marker{i:02} opens the article. The council met \
             on Tuesday to discuss the proposal for the new library.</p><p>{filler}</p>\
             </article></body></html>"
        );
        paths.push(dir.write(&format!("p{i:02}.html"), page.as_bytes()));
    }
    let mut args = vec!["--format", "text", "-j", "4"];
    args.extend(paths.iter().map(|p| p.to_str().unwrap()));
    let run = pith(&args, b"");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let pages: Vec<&str> = run.stdout.split(&format!("{SEPARATOR}\n")).collect();
    assert_eq!(pages.len(), 40);
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.starts_with(&format!("Page marker{i:02} ")),
            "page {i}: {page:.60}"
        );
    }
}

#[test]
fn flags_without_effect_are_usage_errors() {
    for args in [
        &["--links", "x.html"][..],
        &["--images", "--format", "text", "x.html"],
        &["--format", "text", "--markdown", "x.html"],
        &["--format", "markdown", "--html", "x.html"],
        &["--format", "text", "--comments", "x.html"],
        &["--format", "yaml", "x.html"],
    ] {
        let run = pith(args, b"");
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{args:?}");
    }
    // Redundant but harmless: markdown is rendered either way.
    let run = pith(
        &[
            "--format",
            "markdown",
            "--markdown",
            "fixtures/formats/pages/code.html",
        ],
        b"",
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, expected("code", "md"));
}

// ---------------------------------------------------------------------------
// Round trip over the benchmark pages.

/// The `\w+` tokens of `text` in order.
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect()
}

/// The text a reader sees when `md` is rendered by pulldown-cmark (GFM
/// tables on): text and code, a newline at every block boundary and line
/// break, nothing at inline boundaries; image alt text and raw HTML are not
/// visible, so markup that leaked through unescaped shows as missing words.
fn visible_of_markdown(md: &str) -> String {
    let mut visible = String::with_capacity(md.len());
    let mut image_depth = 0usize;
    for event in Parser::new_ext(md, CmarkOptions::ENABLE_TABLES) {
        match event {
            Event::Text(t) | Event::Code(t) if image_depth == 0 => visible.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::Rule => visible.push('\n'),
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth -= 1,
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Link { .. })
            | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link) => {}
            Event::Start(_) | Event::End(_) => visible.push('\n'),
            _ => {}
        }
    }
    visible
}

/// Every benchmark page, decompressed, with its file name.
fn benchmark_pages() -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut out = Vec::new();
    for set in ["scrapinghub", "eval-mini"] {
        let mut paths: Vec<PathBuf> = fs::read_dir(fixtures().join(set).join("html"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        for path in paths {
            let mut bytes = Vec::new();
            let file = fs::File::open(&path).unwrap();
            if path.extension().is_some_and(|e| e == "gz") {
                flate2::read::GzDecoder::new(file)
                    .read_to_end(&mut bytes)
                    .unwrap();
            } else {
                std::io::BufReader::new(file)
                    .read_to_end(&mut bytes)
                    .unwrap();
            }
            out.push((path.display().to_string(), bytes));
        }
    }
    out
}

#[test]
fn benchmark_records_markdown_shows_the_words_of_text() {
    let pages = benchmark_pages();
    assert!(pages.len() >= 181, "only {} benchmark pages", pages.len());
    let options = pith::Options::default()
        .with_markdown(true)
        .with_links(true)
        .with_images(true);
    let mut with_links = 0;
    for (name, bytes) in &pages {
        let record = pith::extract(bytes, &options);
        let md = record.markdown.as_deref().unwrap();
        assert!(record.html.is_none());
        assert_eq!(
            words(&visible_of_markdown(md)),
            words(&record.text),
            "{name}: markdown shows other words than text\n--- markdown:\n{md}\n--- text:\n{}",
            record.text
        );
        with_links += usize::from(md.contains("](http"));
    }
    // The pages link a lot; if none of them kept a link, links were lost.
    assert!(
        with_links > pages.len() / 2,
        "only {with_links} pages kept links"
    );
}

#[test]
fn benchmark_records_link_and_image_targets_are_absolute() {
    let options = pith::Options::default()
        .with_markdown(true)
        .with_html(true)
        .with_links(true)
        .with_images(true);
    let mut targets = 0;
    for (name, bytes) in benchmark_pages().iter().take(60) {
        let record = pith::extract(bytes, &options);
        let md = record.markdown.unwrap_or_default();
        for event in Parser::new_ext(&md, CmarkOptions::ENABLE_TABLES) {
            if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event {
                targets += 1;
                assert!(
                    url_is_absolute(&dest_url),
                    "{name}: relative target {dest_url}"
                );
            }
        }
        let html = record.html.unwrap_or_default();
        for attr in ["href=\"", "src=\""] {
            for (_, rest) in html
                .match_indices(attr)
                .map(|(i, _)| html.split_at(i + attr.len()))
            {
                let target = rest.split('"').next().unwrap();
                assert!(url_is_absolute(target), "{name}: relative target {target}");
            }
        }
    }
    assert!(targets > 100, "only {targets} link and image targets");
}

/// Whether `u` has a scheme (`https:`, `mailto:`...).
fn url_is_absolute(u: &str) -> bool {
    u.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}
