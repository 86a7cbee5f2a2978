//! The adversarial corpus: inputs built to hurt (issue 12), each of which
//! must give exactly one record, never a panic, within a stated time and a
//! stated amount of memory.
//!
//! Pages go through [`pith::extract`], containers and files through the
//! input layer ([`pith::input::Pages`]) as the CLI reads them. Memory is
//! the peak of heap bytes allocated by the test's own thread while the
//! input is extracted (a counting allocator; extraction of one page runs
//! on one thread), so that tests running side by side do not blur it.
//! WARC files are written by warcio, an independent writer (see
//! `scripts/python-env.sh`).

mod common;
use common::TempDir;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use flate2::write::GzEncoder;
use flate2::Compression;
use pith::input::{InputFormat, InputSpec, Pages};
use pith::{ErrorKind, Options, Record};
use serde_json::{json, Value};

/// The time limit the tests give a page: the big pages may use it up on a
/// slow machine in the test profile (opt-level 1), and then must stop.
const PAGE_TIMEOUT: Duration = Duration::from_secs(3);

/// Most seconds any one input may take, making the input included: the
/// page's time limit, plus what runs after the deadline stops the walks
/// (the tokenizer reads the rest of a 50 MB page, the tree is dropped),
/// with room for a loaded machine.
const MAX_SECONDS_PER_INPUT: Duration = Duration::from_secs(15);

/// Most heap one input may hold at once, per byte of input: a million
/// sibling paragraphs (`<p>one sibling</p>`, 18 bytes each) cost about 28
/// bytes of heap per byte of markup (two arena nodes of 80 bytes and a
/// text run, then a block with its inline, its side information and its
/// filter line), 58 before the extraction tables were slimmed; prose with
/// a link in every paragraph about 12. Half as much again as the worst
/// of them, so that a table that grows back is caught.
const MAX_HEAP_PER_INPUT_BYTE: usize = 48;

/// Heap allowed whatever the input's size: tables that do not grow with
/// the page (the vocabularies, the language models).
const BASE_HEAP: usize = 64 << 20;

/// `--max-bytes` of the input-layer tests: small, so that a bomb is
/// stopped quickly.
const MAX_BYTES: u64 = 16 << 20;

// ---------------------------------------------------------------------------
// Per-thread heap accounting.

struct Counting;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn note(delta: isize) {
    // `try_with`: a thread being torn down has no accounting left.
    let _ = LIVE.try_with(|live| {
        let now = live.get() + delta;
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            note(layout.size() as isize);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        note(-(layout.size() as isize));
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            note(layout.size() as isize);
        }
        p
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            note(new_size as isize - layout.size() as isize);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Run `work` and check it against the bounds for `input_bytes` of input;
/// returns what it returned.
fn bounded<T>(name: &str, input_bytes: usize, work: impl FnOnce() -> T) -> T {
    let base = LIVE.with(Cell::get);
    PEAK.with(|peak| peak.set(base));
    let started = Instant::now();
    let out = work();
    let took = started.elapsed();
    let peak = (PEAK.with(Cell::get) - base).max(0) as usize;
    let allowed = BASE_HEAP + input_bytes.saturating_mul(MAX_HEAP_PER_INPUT_BYTE);
    eprintln!(
        "{name}: {input_bytes} bytes in, {:.2} s, peak heap {:.1} MiB",
        took.as_secs_f64(),
        peak as f64 / f64::from(1 << 20)
    );
    assert!(
        took <= MAX_SECONDS_PER_INPUT,
        "{name}: took {took:?}, more than {MAX_SECONDS_PER_INPUT:?}"
    );
    assert!(
        peak <= allowed,
        "{name}: peak heap {peak} bytes, more than {allowed} for {input_bytes} bytes of input"
    );
    out
}

fn options() -> Options {
    Options::default()
        .with_timeout(PAGE_TIMEOUT)
        .with_now(pith::Date::new(2024, 1, 1).expect("a real day"))
}

/// Extract one page within the bounds.
fn page(name: &str, html: &[u8]) -> Record {
    bounded(name, html.len(), || pith::extract(html, &options()))
}

/// Extract with every output option on as well (comments, markdown, HTML,
/// links, images): one more record, same bounds.
fn page_all_options(name: &str, html: &[u8]) -> Record {
    let options = options()
        .with_url("https://example.org/a/b.html")
        .with_comments(true)
        .with_markdown(true)
        .with_html(true)
        .with_links(true)
        .with_images(true);
    bounded(name, html.len(), || pith::extract(html, &options))
}

/// The record must be a success (no error).
fn ok(record: &Record) {
    assert_eq!(record.error, None, "{:?}", record.error_kind);
}

/// The record is a success, or a timeout if the machine is slow.
fn ok_or_timeout(record: &Record) {
    assert!(
        record.error.is_none() || record.error_kind == Some(ErrorKind::Timeout),
        "{:?}: {:?}",
        record.error_kind,
        record.error
    );
}

/// A deterministic stream of pseudo-random bytes (xorshift).
fn noise(n: usize, mut seed: u64) -> Vec<u8> {
    (0..n)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Pages.

#[test]
fn nothing_one_byte_and_blank_space() {
    let record = page("empty", b"");
    assert_eq!(record.error_kind, Some(ErrorKind::Empty));
    for one in [&b"a"[..], b"<", b"&", b"\xff", b"\x00"] {
        let record = page_all_options("one byte", one);
        assert!(
            record.error.is_none() || record.error_kind == Some(ErrorKind::NotHtml),
            "{one:?}: {:?}",
            record.error
        );
    }
    let record = page_all_options("whitespace", b" \t\r\n\x0c  \n\n   ");
    ok(&record);
    assert_eq!(record.text, "");
}

#[test]
fn binary_is_not_html() {
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02";
    let pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
    let random = noise(1 << 20, 0x9e37_79b9_7f4a_7c15);
    for (name, bytes) in [("png", &png[..]), ("pdf", &pdf[..]), ("random", &random)] {
        let record = page_all_options(name, bytes);
        assert_eq!(record.error_kind, Some(ErrorKind::NotHtml), "{name}");
        assert_eq!(record.text, "");
    }
}

#[test]
fn nul_bytes_never_reach_the_text() {
    let mut html = b"<html><body><article><p>".to_vec();
    html.extend(b"An article paragraph that goes on for a while. ".repeat(30));
    html.extend(b"With a NUL\x00 inside \x00\x00 and more words after it.</p>");
    html.extend(b"<p x=\"\x00\">attr</p></article></body></html>");
    let record = page_all_options("nul", &html);
    ok(&record);
    assert!(record.text.contains("With a NUL"));
    assert!(!record.text.contains('\0'));
    // At the very start, NUL bytes mark binary data.
    let record = page("nul first", b"\x00\x00\x00\x00<p>x</p>");
    assert_eq!(record.error_kind, Some(ErrorKind::NotHtml));
}

#[test]
fn deep_nesting() {
    let depth = 200_000;
    let mut html = String::from("<html><body>");
    html.push_str(&"<div>".repeat(depth));
    html.push_str("The text at the bottom of the well.");
    html.push_str(&"</div>".repeat(depth));
    html.push_str("</body></html>");
    let record = page_all_options("200,000 deep", html.as_bytes());
    ok_or_timeout(&record);
    if record.error.is_none() {
        assert!(record.text.contains("bottom of the well"));
    }
    // Unclosed, in several kinds of element.
    let html = "<table><tr><td><ul><li><b><i><span><font>".repeat(depth / 8);
    let record = page("200,000 deep, unclosed", html.as_bytes());
    ok_or_timeout(&record);
}

#[test]
fn a_million_siblings() {
    let html = format!(
        "<html><body>{}</body></html>",
        "<p>one sibling</p>".repeat(1_000_000)
    );
    let record = page("a million siblings", html.as_bytes());
    ok_or_timeout(&record);
}

#[test]
fn a_fifty_megabyte_page() {
    let mut html = String::with_capacity(50 << 20);
    html.push_str("<html><head><title>Big</title></head><body><article>");
    let mut i = 0u64;
    while html.len() < 50_000_000 {
        i += 1;
        html.push_str(&format!(
            "<p>Paragraph {i} of a very long article, with enough words in it to be prose, \
             and a <a href=\"/l/{i}\">link</a> now and then.</p>\n"
        ));
    }
    html.push_str("</article></body></html>");
    let record = page("50 MB page", html.as_bytes());
    ok_or_timeout(&record);
}

#[test]
fn huge_text_node_and_attribute() {
    let html = format!(
        "<html><body><p>{}</p></body></html>",
        "word ".repeat(2_000_000)
    );
    let record = page("10 MB text node", html.as_bytes());
    ok_or_timeout(&record);
    let html = format!(
        "<html><body><article><p class=\"{}\" title=\"{}\">An article paragraph, \
         long enough to count as prose, whatever its attributes hold.</p></article></body></html>",
        "c ".repeat(500_000),
        "t".repeat(1 << 20)
    );
    let record = page_all_options("1 MB attributes", html.as_bytes());
    ok(&record);
    assert!(record.text.contains("whatever its attributes hold"));
}

#[test]
fn unterminated_comment_script_and_style() {
    let before = "<html><body><article><p>The article paragraph before the trap, long enough to count as prose for the extractor.</p>";
    for trap in [
        "<!-- never closed <p>hidden</p>",
        "<script>var never = 'closed'; <p>hidden</p>",
        "<style>p { never: closed } <p>hidden</p>",
        "<textarea><p>hidden</p>",
        "<title>a title never closed <p>text</p>",
        "<![CDATA[ never closed",
        "<svg><foreignObject><math><mi><table><tr><td>",
    ] {
        let html = format!("{before}{trap}");
        let record = page_all_options(trap, html.as_bytes());
        ok(&record);
        assert!(record.text.contains("before the trap"), "{trap}");
    }
}

#[test]
fn a_wrong_declared_charset() {
    // UTF-8 text declared as Shift_JIS, and Latin-1 declared as UTF-8.
    let text =
        "<p>Größere Änderungen – déjà vu, naïve café, € and “quotes”, long enough to be prose.</p>";
    let html = format!("<html><head><meta charset=\"shift_jis\"></head><body>{text}</body></html>");
    let record = page_all_options("utf-8 declared shift_jis", html.as_bytes());
    ok(&record);
    assert!(!record.text.is_empty());
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    let mut html = b"<html><head><meta charset=\"utf-8\"></head><body>".to_vec();
    html.extend_from_slice(&latin1);
    let record = page_all_options("latin-1 declared utf-8", &html);
    ok(&record);
    assert!(!record.text.is_empty());
    // A label that names nothing, and one that names the replacement
    // encoding.
    for label in ["no-such-charset", "iso-2022-kr"] {
        let html = format!("<meta charset=\"{label}\"><body>{text}</body>");
        ok(&page(label, html.as_bytes()));
    }
}

#[test]
fn utf16_with_and_without_byte_order_mark() {
    let text = "<html><body><article><p>Ein Artikel in UTF-16, lang genug, um als Prosa zu \
                gelten, mit Umlauten: Größe, Übung, Äpfel.</p></article></body></html>";
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    for (name, bom, body) in [
        ("utf-16le", &b"\xff\xfe"[..], &le),
        ("utf-16be", &b"\xfe\xff"[..], &be),
        ("utf-16le, no BOM", &b""[..], &le),
        ("utf-16be, no BOM", &b""[..], &be),
    ] {
        let bytes = [bom, body].concat();
        let record = page_all_options(name, &bytes);
        ok(&record);
        assert!(record.text.contains("Größe"), "{name}: {:?}", record.text);
    }
}

#[test]
fn a_slow_page_stops_at_its_deadline() {
    let html = format!(
        "<html><body>{}</body></html>",
        "<p>one sibling</p>".repeat(1_000_000)
    );
    let options = options().with_timeout(Duration::from_millis(100));
    let record = bounded("deadline", html.len(), || {
        pith::extract(html.as_bytes(), &options)
    });
    assert_eq!(record.error_kind, Some(ErrorKind::Timeout));
    assert!(record.error.unwrap().contains("0.1 s"));
    // The same thread extracts the next page as usual.
    ok(&page("after the deadline", b"<p>fine</p>"));
}

// ---------------------------------------------------------------------------
// Files and containers, through the input layer.

/// Read the inputs as the CLI does and extract every page.
fn read(name: &str, paths: &[&Path], format: InputFormat) -> Vec<Record> {
    let spec = InputSpec {
        inputs: paths.iter().map(|p| p.as_os_str().to_owned()).collect(),
        format,
        max_bytes: MAX_BYTES,
        ..InputSpec::default()
    };
    let size = paths
        .iter()
        .map(|p| std::fs::metadata(p).map_or(0, |m| m.len() as usize))
        .sum();
    bounded(name, size, || {
        Pages::new(&spec)
            .expect("no list to open")
            .map(|page| page.extract(&options()))
            .collect()
    })
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

#[test]
fn truncated_gzip_and_a_gzip_bomb() {
    let dir = TempDir::new();
    let page =
        b"<html><body><p>A page that will be cut short in its gzip stream.</p></body></html>"
            .repeat(200);
    let whole = gzip(&page);
    let cut = dir.write("cut.html.gz", &whole[..whole.len() / 2]);
    let records = read("truncated gzip", &[&cut], InputFormat::Auto);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].error_kind, Some(ErrorKind::CorruptGzip));
    // 1 GiB of blank space in 1 MiB: gzip members of 1 MiB each, one after
    // the other, which gunzip reads as one stream.
    let member = gzip(&vec![b' '; 1 << 20]);
    let bomb = dir.write("bomb.html.gz", &member.repeat(1024));
    let records = read("gzip bomb", &[&bomb], InputFormat::Auto);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].error_kind, Some(ErrorKind::TooLarge));
    assert!(records[0].error.as_deref().unwrap().contains("--max-bytes"));
}

#[test]
fn jsonl_with_bad_lines() {
    let dir = TempDir::new();
    let lines = [
        json!({"id": "good", "html": "<p>A good line.</p>"}).to_string(),
        "{\"id\": \"broken\", \"html\": \"<p>never closed".to_string(),
        json!({"id": "no html", "url": "https://example.org/"}).to_string(),
        json!({"id": "number", "html": 42}).to_string(),
        json!({"id": "object", "html": {"not": "a string"}}).to_string(),
        json!({"id": "bad base64", "html_base64": "!!!"}).to_string(),
        "[1, 2, 3]".to_string(),
        json!({"id": "last", "html": "<p>The last line.</p>"}).to_string(),
    ];
    let path = dir.write("pages.jsonl", lines.join("\n").as_bytes());
    let records = read("jsonl", &[&path], InputFormat::Jsonl);
    assert_eq!(records.len(), lines.len(), "one record per line");
    ok(&records[0]);
    ok(&records[7]);
    for record in &records[1..7] {
        assert_eq!(
            record.error_kind,
            Some(ErrorKind::InvalidJsonl),
            "{record:?}"
        );
    }
}

fn python() -> std::path::PathBuf {
    let python = std::env::var_os("PITH_TEST_PYTHON")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pyenv/bin/python"));
    let ok = Command::new(&python)
        .args(["-c", "import warcio"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ok,
        "warcio is missing for {}: run `bash scripts/python-env.sh` (as .ci/run does), \
         or point PITH_TEST_PYTHON at a python that has warcio",
        python.display()
    );
    python
}

/// Write a WARC with warcio (scripts/warc_tool.py `write`).
fn warcio(path: &Path, records: &Value, gzip: bool) {
    let python = python();
    let mut child = Command::new(python)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/warc_tool.py"))
        .args(["write", "-"])
        .arg(path)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let spec = json!({"gzip": gzip, "records": records});
    child
        .stdin
        .take()
        .unwrap()
        .write_all(spec.to_string().as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
}

fn response(uri: &str, headers: Value, body: &[u8]) -> Value {
    use base64::Engine;
    json!({
        "type": "response", "uri": uri, "date": "2024-05-20T10:00:00Z", "status": "200 OK",
        "headers": headers,
        "body_base64": base64::engine::general_purpose::STANDARD.encode(body),
    })
}

const ARTICLE: &str = "<html><head><title>Crawled</title></head><body><article><p>A page as a \
    crawler stored it, with enough words in the paragraph to count as the article text.</p>\
    <p>A second paragraph that will be clipped when the file is cut short at the end.</p>\
    </article></body></html>";

#[test]
fn lying_content_encoding_in_warcio_files() {
    let dir = TempDir::new();
    let path = dir.0.join("lies.warc.gz");
    warcio(
        &path,
        &json!([
            response(
                "https://example.org/gzip-lie",
                json!([
                    ["Content-Type", "text/html; charset=utf-8"],
                    ["Content-Encoding", "gzip"]
                ]),
                ARTICLE.as_bytes()
            ),
            response(
                "https://example.org/br-lie",
                json!([["Content-Type", "text/html"], ["Content-Encoding", "br"]]),
                ARTICLE.as_bytes()
            ),
            response(
                "https://example.org/true",
                json!([["Content-Type", "text/html"], ["Content-Encoding", "gzip"]]),
                &gzip(ARTICLE.as_bytes())
            ),
            response(
                "https://example.org/binary",
                json!([["Content-Type", "text/html"], ["Content-Encoding", "gzip"]]),
                &noise(4096, 7)
            ),
        ]),
        true,
    );
    let records = read("lying encodings", &[&path], InputFormat::Warc);
    assert_eq!(records.len(), 4);
    for record in &records[..3] {
        ok(record);
        assert!(record.text.contains("as a crawler stored it"), "{record:?}");
    }
    assert_eq!(records[3].error_kind, Some(ErrorKind::InvalidHttp));
    // And a gzip bomb in the Content-Encoding stops at --max-bytes.
    let path = dir.0.join("bomb.warc");
    let member = gzip(&vec![b' '; 1 << 20]);
    warcio(
        &path,
        &json!([response(
            "https://example.org/bomb",
            json!([["Content-Type", "text/html"], ["Content-Encoding", "gzip"]]),
            &member.repeat(64)
        )]),
        false,
    );
    let records = read("warc gzip bomb", &[&path], InputFormat::Warc);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].error_kind, Some(ErrorKind::TooLarge));
}

#[test]
fn clipped_and_corrupt_warc_files() {
    let dir = TempDir::new();
    let whole = dir.0.join("whole.warc");
    warcio(
        &whole,
        &json!([
            response(
                "https://example.org/first",
                json!([["Content-Type", "text/html"]]),
                ARTICLE.as_bytes()
            ),
            response(
                "https://example.org/second",
                json!([["Content-Type", "text/html"]]),
                ARTICLE.as_bytes()
            ),
        ]),
        false,
    );
    let bytes = std::fs::read(&whole).unwrap();
    // Cut inside the second page's second paragraph.
    let at = bytes
        .windows(10)
        .rposition(|w| w == b"will be cl")
        .expect("the second page's text");
    let clipped = dir.write("clipped.warc", &bytes[..at]);
    let records = read("clipped warc", &[&clipped], InputFormat::Warc);
    assert_eq!(records.len(), 2);
    ok(&records[0]);
    let fields = |r: &Record| serde_json::to_value(r).unwrap();
    assert!(fields(&records[0]).get("warc_truncated").is_none());
    ok(&records[1]);
    assert!(records[1].text.contains("as a crawler stored it"));
    assert_eq!(fields(&records[1])["warc_truncated"], true);
    // Gzipped per record and cut: the same, through the gzip stream.
    let gz = dir.0.join("whole.warc.gz");
    warcio(
        &gz,
        &json!([
            response(
                "https://example.org/first",
                json!([["Content-Type", "text/html"]]),
                ARTICLE.as_bytes()
            ),
            response(
                "https://example.org/second",
                json!([["Content-Type", "text/html"]]),
                ARTICLE.as_bytes()
            ),
        ]),
        true,
    );
    let bytes = std::fs::read(&gz).unwrap();
    let clipped = dir.write("clipped.warc.gz", &bytes[..bytes.len() - 40]);
    let records = read("clipped warc.gz", &[&clipped], InputFormat::Warc);
    assert!(!records.is_empty() && records.len() <= 2, "{records:?}");
    ok(&records[0]);
    // Corrupt: garbage where the second record's header should be.
    let bytes = std::fs::read(&whole).unwrap();
    let second = bytes
        .windows(7)
        .rposition(|w| w == b"WARC/1.")
        .expect("a second record");
    let mut corrupt = bytes[..second].to_vec();
    corrupt.extend(noise(5000, 3));
    let corrupt = dir.write("corrupt.warc", &corrupt);
    let records = read("corrupt warc", &[&corrupt], InputFormat::Warc);
    assert_eq!(records.len(), 2, "{records:?}");
    ok(&records[0]);
    assert_eq!(records[1].error_kind, Some(ErrorKind::InvalidWarc));
    // Random bytes named .warc, and an empty one.
    let random = dir.write("random.warc", &noise(100_000, 11));
    let empty = dir.write("empty.warc", b"");
    let records = read("random warc", &[&random, &empty], InputFormat::Warc);
    assert_eq!(
        records.len(),
        1,
        "one error for the random file, nothing in the empty one"
    );
    assert_eq!(records[0].error_kind, Some(ErrorKind::InvalidWarc));
}
