//! Crawl provenance and dataset preparation (issue #10), end to end through
//! the `pith` binary: every record traceable, nothing silent, pith as a
//! co-process, long runs, dataset filters, reproducible records.
//!
//! WARC files here are written by warcio (scripts/warc_tool.py), the
//! library crawlers and datatrove use, from the venv that
//! scripts/python-env.sh makes in target/pyenv (`.ci/run` runs it).
//! Without warcio these tests fail and say how to install it; they never
//! skip.

mod common;
use common::TempDir;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use flate2::write::GzEncoder;
use flate2::Compression;
use serde_json::{json, Value};

const PITH: &str = env!("CARGO_BIN_EXE_pith");

/// The repository's root.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The Python that has warcio: `$PITH_TEST_PYTHON`, else target/pyenv's.
fn python() -> PathBuf {
    let python = std::env::var_os("PITH_TEST_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/pyenv/bin/python"));
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

/// Write a WARC with warcio from `records` (see scripts/warc_tool.py);
/// returns the WARC-Record-ID and offset of each record, as warcio reads
/// them back.
fn write_warc(path: &Path, records: &Value, gzip: bool) -> Vec<(String, u64)> {
    let mut child = Command::new(python())
        .arg(root().join("scripts/warc_tool.py"))
        .args(["write", "-"])
        .arg(path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run scripts/warc_tool.py");
    let spec = json!({"gzip": gzip, "records": records}).to_string();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(spec.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "warc_tool.py write: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let (id, offset) = line.rsplit_once(' ').unwrap();
            (id.to_string(), offset.parse().unwrap())
        })
        .collect()
}

/// What one run of pith did.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn records(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
            .collect()
    }
}

/// Run pith in `dir` with `args`, feeding `stdin`.
fn pith(dir: &Path, args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(PITH)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    // pith may exit before reading all of stdin (a usage error).
    let _ = input.write_all(stdin);
    drop(input);
    let output = child.wait_with_output().unwrap();
    Run {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A small article whose first paragraph starts with `words`.
fn page(words: &str) -> String {
    format!(
        "<html><head><title>A test page</title></head><body><article>\
         <p>{words} The council met on Tuesday evening to discuss the proposal, and after \
         a long debate the members agreed to fund the new library.</p>\
         <p>Residents who attended said they were pleased with the outcome, though some \
         worried about the cost of running the building.</p></article></body></html>"
    )
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A response record for warc_tool.py.
fn response(uri: &str, date: &str, status: &str, content_type: &str, body: &[u8]) -> Value {
    json!({
        "type": "response", "uri": uri, "date": date, "status": status,
        "headers": [["Content-Type", content_type], ["Content-Length", body.len().to_string()],
                    ["Server", "nginx"]],
        "body_base64": b64(body),
    })
}

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

/// A crawl as warcio writes it: warcinfo, a request, two HTML pages (one
/// naming a canonical URL), a 404, an image, and a PNG served as HTML.
fn crawl() -> Value {
    let canonical = page("second page").replace(
        "<title>",
        "<link rel=canonical href='https://example.org/canonical-b'><title>",
    );
    json!([
        {"type": "warcinfo", "warc_content_type": "application/warc-fields", "body": "software: warcio\r\n"},
        {"type": "request", "uri": "https://example.org/a", "date": "2024-05-20T10:00:00Z",
         "status": "GET /a HTTP/1.1", "headers": [["Host", "example.org"]]},
        response("https://example.org/a", "2024-05-20T10:00:00Z", "200 OK",
                 "text/html; charset=utf-8", page("first page").as_bytes()),
        response("https://example.org/gone", "2024-05-20T10:00:01Z", "404 Not Found",
                 "text/html", b"<h1>Not Found</h1>"),
        response("https://example.org/logo.png", "2024-05-20T10:00:02Z", "200 OK", "image/png", PNG),
        response("https://example.org/b?utm=x", "2024-05-20T10:00:03Z", "200 OK",
                 "text/html", canonical.as_bytes()),
        response("https://example.org/fake.html", "2024-05-20T10:00:04Z", "200 OK", "text/html", PNG),
    ])
}

#[test]
fn warc_records_carry_their_provenance_and_trace_back() {
    let dir = TempDir::new();
    for gzip in [true, false] {
        let name = if gzip { "crawl.warc.gz" } else { "crawl.warc" };
        let written = write_warc(&dir.0.join(name), &crawl(), gzip);
        let run = pith(&dir.0, &["--stats-json", "stats.json", name], b"");
        assert_eq!(run.code, Some(1), "one page is a PNG: {}", run.stderr);
        let records = run.records();
        assert_eq!(records.len(), 3, "{}", run.stdout);
        // Records 2, 5 and 6 of the file are the pages.
        for (record, &(ref id, offset)) in
            records.iter().zip([&written[2], &written[5], &written[6]])
        {
            assert_eq!(record["id"], id.as_str());
            assert_eq!(record["warc_record_id"], id.as_str());
            assert_eq!(record["warc_offset"], offset, "{name}: {record}");
            assert_eq!(record["source"], name);
        }
        let [a, b, fake] = &records[..] else {
            unreachable!()
        };
        assert_eq!(a["warc_target_uri"], "https://example.org/a");
        assert_eq!(a["url"], "https://example.org/a");
        assert_eq!(a["warc_date"], "2024-05-20T10:00:00Z");
        assert_eq!(a["http_status"], 200);
        assert_eq!(a["content_type"], "text/html; charset=utf-8");
        assert!(a["error"].is_null());
        // The canonical URL is the record's url; the fetched one stays.
        assert_eq!(b["url"], "https://example.org/canonical-b");
        assert_eq!(b["warc_target_uri"], "https://example.org/b?utm=x");
        assert_eq!(fake["error_kind"], "not_html");
        assert!(fake["error"].as_str().unwrap().contains("PNG"), "{fake}");
        assert_eq!(fake["warc_target_uri"], "https://example.org/fake.html");

        let stats: Value =
            serde_json::from_slice(&std::fs::read(dir.0.join("stats.json")).unwrap()).unwrap();
        assert_eq!(stats["pages"], 3);
        assert_eq!(stats["records"], 3);
        assert_eq!(
            stats["warc_skipped"],
            json!({"total": 4, "by_reason": {"http_4xx": 1, "not_html": 1, "request": 1, "warcinfo": 1}})
        );
        assert_eq!(
            stats["errors"],
            json!({"total": 1, "by_kind": {"not_html": 1}})
        );

        // warcio finds each record at its warc_offset.
        std::fs::write(dir.0.join("records.jsonl"), &run.stdout).unwrap();
        let trace = Command::new(python())
            .arg(root().join("scripts/warc_tool.py"))
            .args(["trace", name, "records.jsonl"])
            .current_dir(&dir.0)
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&trace.stdout).trim(),
            "traced 3 of 3 records",
            "{}",
            String::from_utf8_lossy(&trace.stderr)
        );
    }
}

#[test]
fn json_lines_fields_by_name_base64_and_kept_fields() {
    let dir = TempDir::new();
    let latin1 = b"<html><body><article><p>Cr\xe8me br\xfbl\xe9e is served in the caf\xe9 every day of \
                   the week, say the owners of the place, who opened it in spring.</p></article></body></html>";
    let lines = [
        json!({"doc": page("as a string"), "link": "https://example.org/s", "key": "s#1",
               "crawl_ts": "2024-05-20", "label": 3, "title": "input title"}),
        json!({"doc_base64": b64(latin1), "key": 7, "crawl_ts": "2024-05-21"}),
        json!({"key": "k3"}),
    ];
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let with_bom = format!("\u{feff}{text}");
    dir.write("shard.ndjson", with_bom.as_bytes());
    let fields = [
        "--html-field",
        "doc",
        "--url-field",
        "link",
        "--id-field",
        "key",
    ];
    let run = pith(
        &dir.0,
        &[
            &fields[..],
            &["--keep", "crawl_ts,label,title", "shard.ndjson"],
        ]
        .concat(),
        b"",
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let records = run.records();
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["s#1", "7", "k3"]);
    assert_eq!(records[0]["url"], "https://example.org/s");
    assert!(records[0]["text"]
        .as_str()
        .unwrap()
        .starts_with("as a string"));
    assert_eq!(records[0]["crawl_ts"], "2024-05-20");
    assert_eq!(records[0]["label"], 3);
    assert_eq!(records[0]["input_title"], "input title");
    assert_eq!(records[0]["title"], "A test page");
    // Raw bytes in base64 go through charset detection.
    assert!(
        records[1]["text"]
            .as_str()
            .unwrap()
            .starts_with("Crème brûlée"),
        "{}",
        records[1]
    );
    assert_eq!(records[1]["encoding"], "windows-1252");
    assert!(
        records[1]["label"].is_null(),
        "kept fields are in every record"
    );
    assert_eq!(records[2]["error_kind"], "invalid_jsonl");
    assert!(records[2]["error"]
        .as_str()
        .unwrap()
        .contains("--html-field"));
    assert_eq!(records[2]["crawl_ts"], Value::Null);

    // --keep-all: every field but the HTML.
    let run = pith(
        &dir.0,
        &[&fields[..], &["--keep-all", "shard.ndjson"]].concat(),
        b"",
    );
    let first = &run.records()[0];
    assert_eq!(first["label"], 3);
    assert_eq!(first["input_url"], Value::Null, "no url field in the input");
    assert_eq!(first["link"], "https://example.org/s");
    assert!(first.get("doc").is_none());

    // Found by content on stdin, and under any name, gzip'd or not; a
    // directory of shards is read.
    let plain = lines
        .iter()
        .take(1)
        .map(|l| format!("{l}\n"))
        .collect::<String>();
    dir.write("shards/a.jsonl", plain.as_bytes());
    dir.write("shards/b.json", plain.as_bytes());
    dir.write("shards/c.jsonl.gz", &gzip(plain.as_bytes()));
    dir.write("shards/notes.txt", b"not an input");
    for args in [&["-"][..], &["shards/b.json"], &["shards"]] {
        let run = pith(&dir.0, &[&fields[..], args].concat(), plain.as_bytes());
        assert_eq!(run.code, Some(0), "{args:?}: {}", run.stderr);
        let records = run.records();
        let expected = if args == ["shards"] { 2 } else { 1 };
        assert_eq!(records.len(), expected, "{args:?}: {}", run.stdout);
        assert!(records.iter().all(|r| r["id"] == "s#1"), "{args:?}");
    }
}

#[test]
fn nothing_is_silent() {
    let dir = TempDir::new();
    std::fs::create_dir(dir.0.join("empty")).unwrap();
    dir.write("empty/readme.txt", b"no pages here");
    let run = pith(&dir.0, &["empty"], b"");
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("no input files in empty"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("no input found"), "{}", run.stderr);
    let run = pith(&dir.0, &["--files-from", "-"], b"");
    assert_eq!(run.code, Some(2), "{}", run.stderr);

    dir.write("image.html", PNG);
    let noise: Vec<u8> = (0..3000u32).map(|i| (i * 7919 % 251) as u8).collect();
    dir.write("fake.html.gz", &noise);
    dir.write("report.html", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj");
    dir.write("blank.html", b"");
    dir.write(
        "odd name\nwith newline.html",
        page("a page with an odd name").as_bytes(),
    );
    let list = b"image.html\0fake.html.gz\0report.html\0blank.html\0odd name\nwith newline.html\0";
    let run = pith(
        &dir.0,
        &[
            "--files-from",
            "-",
            "-0",
            "--stats",
            "--stats-json",
            "s.json",
        ],
        list,
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let records = run.records();
    let kinds: Vec<&Value> = records.iter().map(|r| &r["error_kind"]).collect();
    let expected = [
        json!("not_html"),
        json!("not_html"),
        json!("not_html"),
        json!("empty"),
        Value::Null,
    ];
    assert_eq!(kinds, expected.iter().collect::<Vec<_>>());
    assert!(records[0]["error"].as_str().unwrap().contains("PNG image"));
    assert!(records[1]["error"]
        .as_str()
        .unwrap()
        .contains("binary data"));
    assert!(records[2]["error"].as_str().unwrap().contains("PDF"));
    assert_eq!(records[4]["id"], "odd name\nwith newline.html");
    assert!(
        run.stderr
            .contains("pith: errors by kind: not_html 3, empty 1"),
        "{}",
        run.stderr
    );
    let stats: Value =
        serde_json::from_slice(&std::fs::read(dir.0.join("s.json")).unwrap()).unwrap();
    assert_eq!(
        stats["errors"]["by_kind"],
        json!({"not_html": 3, "empty": 1})
    );
    assert_eq!(stats["files"], 5);
    assert_eq!(stats["pages"], 5);
}

/// Read lines from `reader` on a thread, handing each over a channel.
fn lines_of(reader: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (sender, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(reader).lines() {
            let Ok(line) = line else { break };
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    lines
}

#[test]
fn co_process_gets_each_record_before_writing_the_next_line() {
    let mut child = Command::new(PITH)
        .args(["-j", "2"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let records = lines_of(child.stdout.take().unwrap());
    for i in 0..3 {
        let line = json!({"id": format!("doc-{i}"), "html": page(&format!("co-process page {i}"))});
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
        let record = records
            .recv_timeout(Duration::from_secs(5))
            .unwrap_or_else(|_| panic!("no record for line {i} within 5 s"));
        let record: Value = serde_json::from_str(&record).unwrap();
        assert_eq!(record["id"], format!("doc-{i}"));
        assert!(record["text"]
            .as_str()
            .unwrap()
            .starts_with(&format!("co-process page {i}")));
    }
    drop(stdin);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
}

/// `count` pages in `dir/many`, large enough that their records fill a
/// pipe buffer many times over.
fn many_pages(dir: &TempDir, count: usize) {
    let paragraph = "enough words to make the output larger than a pipe buffer. ".repeat(60);
    for i in 0..count {
        dir.write(
            &format!("many/p{i:03}.html"),
            page(&format!("{i} {paragraph}")).as_bytes(),
        );
    }
}

#[test]
fn progress_line_on_a_terminal_only() {
    let dir = TempDir::new();
    many_pages(&dir, 20);
    let script = |args: &str| {
        // `script` gives pith a pseudo-terminal; the records go to a file.
        let command = format!("'{PITH}' -j 1 {args} many > out.jsonl");
        let output = Command::new("script")
            .args(["-qefc", &command, "/dev/null"])
            .current_dir(&dir.0)
            .stdin(Stdio::null())
            .output()
            .expect("run `script` (util-linux) for a pseudo-terminal");
        assert!(output.status.success(), "{output:?}");
        let records = std::fs::read_to_string(dir.0.join("out.jsonl")).unwrap();
        assert_eq!(records.lines().count(), 20);
        assert!(
            records.lines().all(|l| l.starts_with('{')),
            "progress leaked into the records"
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let terminal = script("");
    assert!(terminal.contains("20 pages"), "{terminal:?}");
    assert!(
        terminal.contains("docs/s") && terminal.contains("MB/s") && terminal.contains("0 errors")
    );
    let quiet = script("-q");
    assert!(!quiet.contains("pages"), "{quiet:?}");
    // Not a terminal: nothing on stderr.
    let run = pith(&dir.0, &["-j", "1", "many"], b"");
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

/// Start pith on many pages behind a reader that has read one record,
/// send `signal`, then read the rest slowly; returns the status, the
/// output and stderr.
fn interrupted(dir: &TempDir, signal: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let mut child = Command::new(PITH)
        .args(args)
        .current_dir(&dir.0)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let kill = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let mut rest = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        std::thread::sleep(Duration::from_millis(2));
        match stdout.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => rest.extend_from_slice(&chunk[..n]),
        }
    }
    let output = child.wait_with_output().unwrap();
    let out = format!(
        "{first}{}",
        String::from_utf8(rest).expect("output cut inside a character")
    );
    (
        output.status.code(),
        out,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn signals_end_on_whole_records_with_a_summary() {
    let dir = TempDir::new();
    many_pages(&dir, 300);
    for _ in 0..3 {
        let (code, out, stderr) = interrupted(&dir, "-TERM", &["-j", "2", "many"]);
        assert_eq!(code, Some(143), "{stderr}");
        assert!(out.ends_with('\n'), "last line cut");
        for line in out.lines() {
            serde_json::from_str::<Value>(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        }
        assert!(out.lines().count() < 300, "the run was not stopped");
        assert!(stderr.contains("stopped by SIGTERM"), "{stderr}");
        assert!(stderr.contains("pages read"), "summary missing: {stderr}");
    }
    let (code, out, stderr) = interrupted(&dir, "-INT", &["--format", "json", "many"]);
    assert_eq!(code, Some(130), "{stderr}");
    let array: Vec<Value> = serde_json::from_str(&out).expect("a closed JSON array");
    assert!(!array.is_empty());
    assert!(stderr.contains("stopped by SIGINT"), "{stderr}");
}

#[test]
fn output_file_appears_only_when_the_run_completes() {
    let dir = TempDir::new();
    dir.write("a.html", page("a page").as_bytes());
    let run = pith(&dir.0, &["-o", "out/records.jsonl", "a.html"], b"");
    assert_eq!(run.code, Some(1), "no such folder: {}", run.stderr);
    assert!(run.stderr.contains("cannot write -o"), "{}", run.stderr);
    std::fs::create_dir(dir.0.join("out")).unwrap();
    let run = pith(&dir.0, &["-o", "out/records.jsonl", "a.html"], b"");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    let written = std::fs::read_to_string(dir.0.join("out/records.jsonl")).unwrap();
    assert!(written.contains("\"id\":\"a.html\""));
    assert!(!dir.0.join("out/.records.jsonl.partial").exists());

    // Interrupted: the file is not put in place; the partial one is valid.
    many_pages(&dir, 300);
    let mut child = Command::new(PITH)
        .args(["-j", "1", "-o", "out/big.jsonl", "many"])
        .current_dir(&dir.0)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let partial = dir.0.join("out/.big.jsonl.partial");
    let mut waited = 0;
    while std::fs::metadata(&partial).map_or(0, |m| m.len()) == 0 {
        std::thread::sleep(Duration::from_millis(20));
        waited += 1;
        assert!(waited < 500, "no partial output after 10 s");
    }
    Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(130), "{stderr}");
    assert!(!dir.0.join("out/big.jsonl").exists());
    assert!(stderr.contains(".big.jsonl.partial"), "{stderr}");
    for line in std::fs::read_to_string(&partial).unwrap().lines() {
        serde_json::from_str::<Value>(line).unwrap();
    }
}

#[test]
fn dataset_filters_count_what_they_leave_out() {
    let dir = TempDir::new();
    let german = "<html lang=de><body><article><p>Der Gemeinderat hat am Dienstagabend über den \
                  Vorschlag beraten und nach einer langen Debatte beschlossen, die neue Bibliothek \
                  zu finanzieren. Die Bürger waren mit dem Ergebnis zufrieden.</p></article></body></html>";
    dir.write("de.html", german.as_bytes());
    dir.write("en.html", page("an English page").as_bytes());
    dir.write("en-copy.html", page("an English page").as_bytes());
    dir.write(
        "short.html",
        b"<html lang=en><body><p>Too short.</p></body></html>",
    );
    dir.write("broken.html", PNG);
    let inputs = [
        "de.html",
        "en.html",
        "en-copy.html",
        "short.html",
        "broken.html",
    ];
    let args = |extra: &[&'static str]| [extra, &inputs[..]].concat();

    let run = pith(
        &dir.0,
        &args(&[
            "--min-chars",
            "100",
            "--lang",
            "en",
            "--only-ok",
            "--stats-json",
            "s.json",
        ]),
        b"",
    );
    assert_eq!(
        run.code,
        Some(0),
        "--only-ok: failures do not fail the run: {}",
        run.stderr
    );
    let ids: Vec<String> = run
        .records()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["en.html", "en-copy.html"]);
    let stats: Value =
        serde_json::from_slice(&std::fs::read(dir.0.join("s.json")).unwrap()).unwrap();
    assert_eq!(stats["pages"], 5);
    assert_eq!(stats["records"], 2);
    assert_eq!(
        stats["filtered"],
        json!({"total": 3, "by_reason": {"error": 1, "min_chars": 1, "lang": 1}})
    );

    let run = pith(
        &dir.0,
        &args(&["--min-chars", "100", "--lang", "en", "--keep-filtered"]),
        b"",
    );
    assert_eq!(
        run.code,
        Some(1),
        "a failed page without --only-ok: {}",
        run.stderr
    );
    let records = run.records();
    let filtered: Vec<&Value> = records
        .iter()
        .map(|r| r.get("filtered").unwrap_or(&Value::Null))
        .collect();
    assert_eq!(
        filtered,
        [
            &json!("lang"),
            &Value::Null,
            &Value::Null,
            &json!("min_chars"),
            &Value::Null
        ]
    );
    // Exact duplicates share text_sha1; an empty text has none.
    assert_eq!(records[1]["text_sha1"], records[2]["text_sha1"]);
    assert_ne!(records[0]["text_sha1"], records[1]["text_sha1"]);
    assert_eq!(records[1]["text_sha1"].as_str().unwrap().len(), 40);
    assert!(records[4]["text_sha1"].is_null());

    let bad = pith(&dir.0, &["--keep-filtered", "en.html"], b"");
    assert_eq!(bad.code, Some(2));
    let bad = pith(&dir.0, &["--lang", "english", "en.html"], b"");
    assert_eq!(bad.code, Some(2));
}

#[test]
fn records_do_not_depend_on_the_day_or_the_jobs() {
    let dir = TempDir::new();
    let dated = |day: &str| {
        page("a dated page").replace(
            "<title>",
            &format!("<meta property='article:published_time' content='{day}'><title>"),
        )
    };
    // Fetched 2024-05-20: a date in 2025 cannot be the page's, whatever
    // today is; fetched 2031, a date in 2030 is.
    let records = json!([
        response(
            "https://example.org/early",
            "2024-05-20T10:00:00Z",
            "200 OK",
            "text/html",
            dated("2025-06-01").as_bytes()
        ),
        response(
            "https://example.org/late",
            "2031-01-01T00:00:00Z",
            "200 OK",
            "text/html",
            dated("2030-06-01").as_bytes()
        ),
    ]);
    write_warc(&dir.0.join("dated.warc.gz"), &records, true);
    let run = pith(&dir.0, &["dated.warc.gz"], b"");
    let records = run.records();
    assert!(records[0]["date_published"].is_null(), "{}", records[0]);
    assert_eq!(records[1]["date_published"], "2030-06-01");

    dir.write("dated.html", dated("2030-06-01").as_bytes());
    let on = |day: &str| {
        pith(&dir.0, &["--now", day, "dated.html"], b"").records()[0]["date_published"].clone()
    };
    assert_eq!(on("2030-06-02"), "2030-06-01");
    assert!(on("2024-01-01").is_null());
    assert_eq!(
        pith(&dir.0, &["--now", "soon", "dated.html"], b"").code,
        Some(2)
    );

    // Byte-identical with any -j.
    many_pages(&dir, 40);
    let one = pith(
        &dir.0,
        &["-j", "1", "--now", "2024-01-01", "many", "dated.warc.gz"],
        b"",
    );
    let four = pith(
        &dir.0,
        &["-j", "4", "--now", "2024-01-01", "many", "dated.warc.gz"],
        b"",
    );
    assert_eq!(one.stdout, four.stdout);
    assert_eq!(one.records().len(), 42);
}
