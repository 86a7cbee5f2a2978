//! End-to-end tests of the `pith` binary: inputs, formats, order, errors and
//! exit statuses, as a user or a shell pipeline sees them.

mod common;
use common::TempDir;
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use flate2::write::GzEncoder;
use flate2::Compression;
use serde_json::{json, Value};

/// What one run of pith did.
struct Run {
    code: Option<i32>,
    records: Vec<Value>,
    stderr: String,
}

impl Run {
    fn sources(&self) -> Vec<&str> {
        self.records
            .iter()
            .map(|r| r["source"].as_str().unwrap())
            .collect()
    }

    fn ids(&self) -> Vec<&str> {
        self.records
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect()
    }

    fn record(&self, id: &str) -> &Value {
        self.records
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("no record {id} in {:?}", self.ids()))
    }
}

/// Run pith in `dir` with `args`, feeding `stdin`.
fn pith<S: AsRef<OsStr>>(dir: &Path, args: &[S], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pith"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin).unwrap();
    drop(input);
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let records = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    Run {
        code: output.status.code(),
        records,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A small article whose first paragraph starts with `words`; the prose
/// around them is there so that the extractor takes it for an article.
fn page(words: &str) -> Vec<u8> {
    format!(
        "<html><head><title>A test page</title></head><body><article>\
         <p>{words} The council met on Tuesday evening to discuss the proposal, and after \
         a long debate the members agreed to fund the new library.</p>\
         <p>Residents who attended said they were pleased with the outcome, though some \
         worried about the cost of running the building.</p></article></body></html>"
    )
    .into_bytes()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn text(record: &Value) -> &str {
    record["text"].as_str().unwrap()
}

#[test]
fn single_file() {
    let dir = TempDir::new();
    dir.write("one.html", &page("a single page"));
    let run = pith(&dir.0, &["one.html"], b"");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.sources(), ["one.html"]);
    assert!(text(&run.records[0]).contains("a single page"));
    assert!(run.records[0]["error"].is_null());
}

#[test]
fn directory_is_walked_in_path_order_skipping_hidden_and_non_pages() {
    let dir = TempDir::new();
    dir.write("site/b.html", &page("b"));
    dir.write("site/a/z.htm", &page("a/z"));
    dir.write("site/a.html", &page("a.html"));
    dir.write("site/A.XHTML", &page("upper"));
    dir.write("site/c.html.gz", &gzip(&page("page-c")));
    dir.write("site/.hidden.html", &page("hidden file"));
    dir.write("site/.git/x.html", &page("hidden dir"));
    dir.write("site/notes.txt", b"not a page");
    dir.write("site/data.json", b"{}");
    let run = pith(&dir.0, &["site"], b"");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.sources(),
        [
            "site/A.XHTML",
            "site/a/z.htm",
            "site/a.html",
            "site/b.html",
            "site/c.html.gz"
        ]
    );
    assert!(text(run.record("site/c.html.gz")).starts_with("page-c "));
}

#[test]
fn gzip_is_detected_by_magic_bytes_not_by_name() {
    let dir = TempDir::new();
    dir.write("packed.html", &gzip(&page("compressed words")));
    dir.write("plain.html.gz", &page("plain words"));
    let run = pith(&dir.0, &["packed.html", "plain.html.gz"], b"");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(text(&run.records[0]).contains("compressed words"));
    assert!(text(&run.records[1]).contains("plain words"));
}

#[test]
fn stdin_without_arguments_and_as_dash() {
    let dir = TempDir::new();
    dir.write("file.html", &page("from a file"));
    let run = pith::<&str>(&dir.0, &[], &page("from stdin"));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.sources(), ["-"]);
    assert!(text(&run.records[0]).contains("from stdin"));

    let run = pith(&dir.0, &["file.html", "-"], &gzip(&page("gzipped stdin")));
    assert_eq!(run.sources(), ["file.html", "-"]);
    assert!(text(&run.records[1]).contains("gzipped stdin"));
}

#[test]
fn output_follows_input_order_with_four_jobs() {
    let dir = TempDir::new();
    let mut args = vec!["-j".to_string(), "4".to_string()];
    // Pages of very different sizes finish out of order; the names are given
    // in an order that is neither sorted nor creation order.
    for i in 0..50 {
        let name = format!("p{i:02}.html");
        let filler = "filler words in a paragraph. ".repeat((i * 37 % 50) * 40);
        dir.write(&name, &page(&format!("marker-{i} {filler}")));
    }
    for i in 0..50 {
        args.push(format!("p{:02}.html", (i * 17 + 5) % 50));
    }
    let run = pith(&dir.0, &args, b"");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.records.len(), 50);
    for (record, name) in run.records.iter().zip(&args[2..]) {
        assert_eq!(record["source"], name.as_str());
        let number: usize = name[1..3].parse().unwrap();
        assert!(text(record).contains(&format!("marker-{number} ")));
    }
}

#[test]
fn failures_become_error_records_and_the_run_goes_on() {
    let dir = TempDir::new();
    dir.write("good.html", &page("good page"));
    let mut corrupt = gzip(&page("will be damaged"));
    let middle = corrupt.len() / 2;
    corrupt[middle..].fill(0xff);
    dir.write("corrupt.html", &corrupt);
    dir.write(
        "pages.jsonl",
        b"{\"html\": \"<p>first</p>\"}\n{\"html\": <p>broken\n{\"html\": \"<p>third</p>\"}\n",
    );
    let run = pith(
        &dir.0,
        &["missing.html", "corrupt.html", "pages.jsonl", "good.html"],
        b"",
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(
        run.ids(),
        [
            "missing.html",
            "corrupt.html",
            "pages.jsonl#1",
            "pages.jsonl#2",
            "pages.jsonl#3",
            "good.html"
        ]
    );
    assert_eq!(
        run.sources(),
        [
            "missing.html",
            "corrupt.html",
            "pages.jsonl",
            "pages.jsonl",
            "pages.jsonl",
            "good.html"
        ]
    );
    let missing = run.record("missing.html");
    assert!(missing["error"].as_str().unwrap().contains("cannot open"));
    assert_eq!(missing["error_kind"], "unreadable");
    assert_eq!(text(missing), "");
    let corrupt = run.record("corrupt.html");
    assert!(corrupt["error"].as_str().unwrap().contains("gzip"));
    assert_eq!(corrupt["error_kind"], "corrupt_gzip");
    assert_eq!(run.record("pages.jsonl#2")["error_kind"], "invalid_jsonl");
    assert_eq!(text(corrupt), "");
    let broken = run.record("pages.jsonl#2");
    assert!(broken["error"].as_str().unwrap().contains("line 2"));
    assert!(run.record("pages.jsonl#3")["error"].is_null());
    assert!(text(run.record("good.html")).contains("good page"));
    // One warning per failed page, naming it.
    assert!(
        run.stderr.contains("missing.html: cannot open"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("pages.jsonl#2:"), "{}", run.stderr);
}

#[test]
fn quiet_silences_warnings_and_stats_prints_a_summary() {
    let dir = TempDir::new();
    dir.write("good.html", &page("good page"));
    let run = pith(&dir.0, &["-q", "--stats", "good.html", "missing.html"], b"");
    assert_eq!(run.code, Some(1));
    assert!(!run.stderr.contains("missing.html"), "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stderr);
    assert!(
        lines[0].contains("2 pages read, 2 records written, 1 errors"),
        "{}",
        lines[0]
    );
    assert!(lines[0].contains("docs/s") && lines[0].contains("MB/s"));
    assert_eq!(lines[1], "pith: errors by kind: unreadable 1");

    let run = pith(&dir.0, &["good.html"], b"");
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn usage_errors_exit_with_2() {
    let dir = TempDir::new();
    dir.write("a.html", &page("a"));
    dir.write("b.html", &page("b"));
    for args in [
        &["--no-such-option"][..],
        &["--url", "https://example.org/", "a.html", "b.html"],
        &["--url", "https://example.org/", "."],
        &["--input-format", "pdf", "a.html"],
        &["-j", "0", "a.html"],
        &["--max-bytes", "lots", "a.html"],
        &["-", "-"],
        &["--files-from", "-", "-"],
        &["--files-from", "no-such-list.txt"],
    ] {
        let run = pith(&dir.0, args, b"");
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        assert!(run.records.is_empty(), "{args:?}");
        assert!(!run.stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn url_option_sets_the_page_url() {
    let dir = TempDir::new();
    dir.write("a.html", &page("a"));
    let run = pith(&dir.0, &["--url", "https://example.org/a", "a.html"], b"");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.records[0]["url"], "https://example.org/a");
    let run = pith(&dir.0, &["a.html"], b"");
    assert!(run.records[0]["url"].is_null());
}

#[test]
fn files_from_a_list_and_from_stdin() {
    let dir = TempDir::new();
    dir.write("x/one.html.gz", &gzip(&page("one")));
    dir.write("x/two.gz", &gzip(&page("two")));
    dir.write("sub/three.html", &page("three"));
    dir.write("list.txt", b"x/two.gz\r\n\nx/one.html.gz\nsub\n");
    let run = pith(&dir.0, &["--files-from", "list.txt"], b"");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.sources(),
        ["x/two.gz", "x/one.html.gz", "sub/three.html"]
    );

    // As in `find crawl -name '*.gz' | pith --files-from -`, after INPUTs.
    let run = pith(
        &dir.0,
        &["sub/three.html", "--files-from", "-"],
        b"x/one.html.gz\nx/two.gz\n",
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.sources(),
        ["sub/three.html", "x/one.html.gz", "x/two.gz"]
    );
    assert!(text(&run.records[2]).contains("two"));
}

#[test]
fn jsonl_input_from_file_and_stdin() {
    let dir = TempDir::new();
    let html = |words: &str| String::from_utf8(page(words)).unwrap();
    let lines = [
        json!({"html": html("alpha-page"), "url": "https://example.org/alpha", "id": "alpha"})
            .to_string(),
        String::new(),
        json!({"html": html("numbered-page"), "id": 42}).to_string(),
        json!({"html": html("page-without-id")}).to_string(),
        json!({"url": "https://example.org/no-html"}).to_string(),
    ]
    .join("\n");
    dir.write("batch.jsonl.gz", &gzip(lines.as_bytes()));
    let run = pith(&dir.0, &["batch.jsonl.gz"], b"");
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(
        run.ids(),
        ["alpha", "42", "batch.jsonl.gz#4", "batch.jsonl.gz#5"]
    );
    assert!(run.sources().iter().all(|s| *s == "batch.jsonl.gz"));
    let alpha = run.record("alpha");
    assert_eq!(alpha["url"], "https://example.org/alpha");
    assert!(text(alpha).starts_with("alpha-page "));
    assert!(text(run.record("batch.jsonl.gz#4")).starts_with("page-without-id "));
    let no_html = run.record("batch.jsonl.gz#5");
    assert!(no_html["error"].as_str().unwrap().contains("html"));

    let line = json!({"html": html("piped-page"), "id": "p1"}).to_string();
    let run = pith(&dir.0, &["--input-format", "jsonl"], line.as_bytes());
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.ids(), ["p1"]);
    assert_eq!(run.sources(), ["-"]);
    assert!(text(&run.records[0]).starts_with("piped-page "));
}

/// One WARC record with the given type, id, target and block.
fn warc_record(kind: &str, id: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut record = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n\
         WARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Target-URI: {uri}\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    record.extend_from_slice(block);
    record.extend_from_slice(b"\r\n\r\n");
    record
}

/// A small crawl: warcinfo, request, two HTML responses, an image, a redirect.
fn crawl_records() -> Vec<Vec<u8>> {
    const HTTP: &str = "application/http; msgtype=response";
    vec![
        warc_record(
            "warcinfo",
            "info",
            "",
            "application/warc-fields",
            b"software: test\r\n",
        ),
        warc_record(
            "request",
            "req-1",
            "https://example.org/one",
            "application/http; msgtype=request",
            b"GET /one HTTP/1.1\r\nHost: example.org\r\n\r\n",
        ),
        warc_record(
            "response",
            "resp-1",
            "https://example.org/one",
            HTTP,
            &[
                &b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"[..],
                &page("first crawled page"),
            ]
            .concat(),
        ),
        warc_record(
            "response",
            "img",
            "https://example.org/logo.png",
            HTTP,
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n",
        ),
        warc_record(
            "response",
            "redirect",
            "https://example.org/old",
            HTTP,
            b"HTTP/1.1 301 Moved Permanently\r\nLocation: /two\r\n\r\n",
        ),
        warc_record(
            "response",
            "resp-2",
            "https://example.org/two",
            HTTP,
            &[
                &b"HTTP/1.1 200 OK\r\n\r\n"[..],
                &page("second crawled page"),
            ]
            .concat(),
        ),
    ]
}

#[test]
fn warc_plain_gzip_and_multi_member_gzip() {
    let dir = TempDir::new();
    let records = crawl_records();
    dir.write("plain.warc", &records.concat());
    // Common Crawl style: one gzip member per record.
    let members: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
    dir.write("members.warc.gz", &members);
    // Whole file in one member, under a name that says nothing: found by content.
    dir.write("crawl.dat", &gzip(&records.concat()));

    for name in ["plain.warc", "members.warc.gz", "crawl.dat"] {
        let run = pith(&dir.0, &[name], b"");
        assert_eq!(run.code, Some(0), "{name}: {}", run.stderr);
        assert_eq!(
            run.ids(),
            ["<urn:uuid:resp-1>", "<urn:uuid:resp-2>"],
            "{name}"
        );
        assert_eq!(run.sources(), [name, name]);
        assert_eq!(run.records[0]["url"], "https://example.org/one");
        assert!(text(&run.records[0]).contains("first crawled page"));
        assert!(!text(&run.records[0]).contains("HTTP/1.1"));
        assert_eq!(run.records[1]["url"], "https://example.org/two");
        assert!(text(&run.records[1]).contains("second crawled page"));
    }

    // WARC on stdin, found by content.
    let run = pith::<&str>(&dir.0, &[], &members);
    assert_eq!(run.ids(), ["<urn:uuid:resp-1>", "<urn:uuid:resp-2>"]);
    assert_eq!(run.sources(), ["-", "-"]);
}

#[test]
fn a_clipped_warc_record_keeps_what_arrived() {
    let dir = TempDir::new();
    let whole = crawl_records().concat();
    let cut = whole.len() - 40; // inside the last response's block
    dir.write("cut.warc.gz", &gzip(&whole[..cut]));
    dir.write("after.html", &page("after the warc"));
    let run = pith(&dir.0, &["cut.warc.gz", "after.html"], b"");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.ids(),
        ["<urn:uuid:resp-1>", "<urn:uuid:resp-2>", "after.html"]
    );
    assert_eq!(run.records[1]["error"], Value::Null);
    assert_eq!(run.records[1]["warc_truncated"], true);
    assert_eq!(run.records[1]["source"], "cut.warc.gz");
    assert!(text(&run.records[1]).contains("second crawled page"));
    assert!(run.records[0].get("warc_truncated").is_none());
    assert!(text(&run.records[2]).contains("after the warc"));
    // Cut inside the record's header, nothing of it is usable: an error
    // record, and the file ends there.
    let start = whole.len() - crawl_records().last().unwrap().len();
    dir.write("cut-head.warc", &whole[..start + 30]);
    let run = pith(&dir.0, &["cut-head.warc"], b"");
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.ids(), ["<urn:uuid:resp-1>", "cut-head.warc#6"]);
    let error = run.records[1]["error"].as_str().unwrap();
    assert!(error.contains("truncated WARC record"), "{error}");
    assert_eq!(run.records[1]["error_kind"], "invalid_warc");
}

#[test]
fn max_bytes_turns_large_pages_into_error_records() {
    let dir = TempDir::new();
    dir.write("big.html", &page(&"many words ".repeat(500)));
    dir.write("big-packed.html", &gzip(&page(&"many words ".repeat(500))));
    dir.write("small.html", &page("small"));
    let run = pith(
        &dir.0,
        &[
            "--max-bytes",
            "1K",
            "big.html",
            "big-packed.html",
            "small.html",
        ],
        b"",
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    for name in ["big.html", "big-packed.html"] {
        let error = run.record(name)["error"].as_str().unwrap();
        assert!(error.contains("--max-bytes"), "{name}: {error}");
    }
    assert!(run.record("small.html")["error"].is_null());
}

#[test]
fn closed_output_pipe_ends_quietly() {
    let dir = TempDir::new();
    let paragraph = "enough words to make the output larger than a pipe buffer. ".repeat(60);
    for i in 0..300 {
        dir.write(
            &format!("many/p{i:03}.html"),
            &page(&format!("{i} {paragraph}")),
        );
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_pith"))
        .args(["-j", "2", "many"])
        .current_dir(&dir.0)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert!(first.contains("many/p000.html"));
    // 300 records of this size are far more than a pipe buffer holds, so
    // pith is still writing when the reader goes away.
    assert!(
        first.len() > 2000,
        "record too short to fill the pipe: {first}"
    );
    drop(stdout); // like `| head -1`
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn eval_subcommand_is_dispatched() {
    let output = Command::new(env!("CARGO_BIN_EXE_pith"))
        .args(["eval", "--help"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("pith eval"), "{help}");
    assert!(help.contains("snippets.json"), "{help}");

    // The subcommand is listed in pith's own help.
    let output = Command::new(env!("CARGO_BIN_EXE_pith"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(
        help.contains("pith <COMMAND>") && help.contains("  eval "),
        "{help}"
    );

    // A usage error of eval is eval's, with status 2.
    let output = Command::new(env!("CARGO_BIN_EXE_pith"))
        .args(["eval", "--no-such-option"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("pith eval"));
}

#[test]
fn files_named_eval_or_help_are_read_as_pages() {
    let dir = TempDir::new();
    let page = b"<html><body><p>A page that happens to be called eval.</p></body></html>";
    dir.write("eval", page);
    dir.write("help", page);
    for args in [
        &["./eval"][..],
        &["help"],
        &["-q", "eval"],
        &["help", "eval"],
    ] {
        let run = pith(&dir.0, args, b"");
        assert_eq!(run.code, Some(0), "{args:?}: {}", run.stderr);
        assert_eq!(
            run.records.len(),
            args.iter().filter(|a| !a.starts_with('-')).count()
        );
        assert!(text(&run.records[0]).contains("called eval"), "{args:?}");
    }
}

#[test]
fn eval_without_a_set_scores_the_bench_directory() {
    // A collection of one tiny set, named by PITH_BENCH_DIR.
    let dir = TempDir::new();
    dir.write(
        "bench/tiny/html/page.html",
        b"<html><body><p>Seven plain words of article text here.</p></body></html>",
    );
    dir.write(
        "bench/tiny/ground-truth.json",
        br#"{"page": {"articleBody": "Seven plain words of article text here."}}"#,
    );
    let output = Command::new(env!("CARGO_BIN_EXE_pith"))
        .arg("eval")
        .current_dir(&dir.0)
        .env("PITH_BENCH_DIR", dir.0.join("bench"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    let row: Vec<&str> = stdout.lines().nth(1).unwrap().split_whitespace().collect();
    assert_eq!(row[..5], ["tiny", "1", "0", "0", "1.0000"], "{stdout}");

    // Without the variable: ../shared/bench from the current directory,
    // which is not there; the message says what to do.
    let output = Command::new(env!("CARGO_BIN_EXE_pith"))
        .arg("eval")
        .current_dir(dir.0.join("bench/tiny"))
        .env_remove("PITH_BENCH_DIR")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("../shared/bench") && stderr.contains("PITH_BENCH_DIR"),
        "{stderr}"
    );
    // Found relative to the current directory when it is there.
    let output = Command::new(env!("CARGO_BIN_EXE_pith"))
        .args(["eval", "--json"])
        .current_dir(dir.0.join("bench"))
        .env_remove("PITH_BENCH_DIR")
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "no ../shared/bench next to bench/"
    );
    std::fs::create_dir_all(dir.0.join("shared")).unwrap();
    std::fs::rename(dir.0.join("bench"), dir.0.join("shared/bench")).unwrap();
    std::fs::create_dir_all(dir.0.join("repo")).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_pith"))
        .args(["eval", "--json"])
        .current_dir(dir.0.join("repo"))
        .env_remove("PITH_BENCH_DIR")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["sets"][0]["name"], "tiny");
    assert_eq!(report["mean_f1"], 1.0);
}

#[test]
fn favor_trades_precision_for_recall() {
    let dir = TempDir::new();
    let prose =
        "This paragraph is plain article prose, written in full sentences, long enough to count.";
    let html = format!(
        "<html><body><div><p>{prose}</p><p>{prose}</p>\
         <p>Earlier coverage: <a href='/a'>the archive of every earlier report</a> on this subject, in order</p>\
         <p>{prose}</p><p>{prose}</p></div></body></html>"
    );
    dir.write("p.html", html.as_bytes());
    let balanced = pith(&dir.0, &["p.html"], b"");
    let precise = pith(&dir.0, &["--favor", "precision", "p.html"], b"");
    assert_eq!(precise.code, Some(0), "{}", precise.stderr);
    assert!(text(&balanced.records[0]).contains("archive of every earlier report"));
    assert!(!text(&precise.records[0]).contains("archive of every earlier report"));
    assert!(text(&precise.records[0]).contains("plain article prose"));
    let bad = pith(&dir.0, &["--favor", "sideways", "p.html"], b"");
    assert_eq!(bad.code, Some(2));
}

#[test]
fn http_charset_of_a_warc_record_and_encoding_option_decide_the_encoding() {
    let dir = TempDir::new();
    // Latin-1 bytes, no <meta>: only the HTTP header says what they are.
    let mut page = b"<html><body><article><p>".to_vec();
    page.extend_from_slice(b"Cr\xe8me br\xfbl\xe9e is served in the caf\xe9 every day of the week, say the owners of the place.");
    page.extend_from_slice(b"</p></article></body></html>");
    let mut http =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\n\r\n".to_vec();
    http.extend_from_slice(&page);
    let warc = warc_record(
        "response",
        "r1",
        "https://example.org/latin",
        "application/http; msgtype=response",
        &http,
    );
    dir.write("crawl.warc", &warc);
    let run = pith(&dir.0, &["crawl.warc"], b"");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        text(&run.records[0]).starts_with("Crème brûlée"),
        "{}",
        text(&run.records[0])
    );
    assert_eq!(run.records[0]["encoding"], "windows-1252");
    assert_eq!(run.records[0]["encoding_source"], "override");

    dir.write("latin.html", &page);
    let run = pith(&dir.0, &["--encoding", "latin1", "latin.html"], b"");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(text(&run.records[0]).contains("café"));
    let bad = pith(&dir.0, &["--encoding", "no-such-label", "latin.html"], b"");
    assert_eq!(bad.code, Some(2));
    assert!(bad.stderr.contains("encoding label"), "{}", bad.stderr);
}
