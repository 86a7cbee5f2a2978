//! Replays the fuzzing inputs kept in the repository through the library,
//! as the fuzz targets in `fuzz/` run them: every crash input the fuzzers
//! ever found (`fuzz/regressions/<target>/`) and the seed corpus. Each must
//! give its records without a panic, so a finding, once fixed, stays fixed
//! without cargo-fuzz or a nightly compiler. See fuzz/README.md.

mod common;
use common::TempDir;

use std::fs;
use std::path::{Path, PathBuf};

use pith::input::{InputFormat, InputSpec, JsonlFields, Keep, Pages};
use pith::Options;

/// `--max-bytes` of the container targets (as in fuzz/fuzz_targets/common).
const MAX_BYTES: u64 = 64 * 1024;

/// The fixture folders whose HTML pages seed the `decode` and `extract`
/// targets (as scripts/fuzz-smoke.sh seeds them): small pages of our own,
/// never benchmark pages, and not `fixtures/seed` (pages of 30 to 40 KB,
/// which slow the fuzzers down for little new).
const HTML_SEEDS: [&str; 4] = [
    "fixtures/comments",
    "fixtures/formats",
    "fixtures/layouts",
    "fixtures/metadata",
];

/// Fewer HTML seeds than this means a fixture folder moved: the four
/// folders of [`HTML_SEEDS`] hold 44 pages.
const MIN_HTML_SEEDS: usize = 40;

/// The files of `dir` and the folders below it, sorted, `*.md` left out.
fn files_below(dir: &Path, only_html: bool) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for path in entries.filter_map(Result::ok).map(|e| e.path()) {
            if path.is_dir() {
                todo.push(path);
            } else if path.is_file() {
                let ext = path.extension().and_then(|e| e.to_str());
                if ext == Some("md") || (only_html && ext != Some("html")) {
                    continue;
                }
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The files kept for `target`: regressions first, then the seed corpus
/// (`fuzz/corpus/<target>/`, or for `decode` and `extract` the HTML pages
/// of [`HTML_SEEDS`]).
fn inputs(target: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fuzz = root.join("fuzz");
    let mut files = files_below(&fuzz.join("regressions").join(target), false);
    if matches!(target, "decode" | "extract") {
        for dir in HTML_SEEDS {
            files.extend(files_below(&root.join(dir), true));
        }
    } else {
        files.extend(files_below(&fuzz.join("corpus").join(target), false));
    }
    files
}

fn all_options() -> Options {
    Options::default()
        .with_url("https://example.org/dir/page.html")
        .with_comments(true)
        .with_markdown(true)
        .with_html(true)
        .with_links(true)
        .with_images(true)
        .with_now(pith::Date::new(2024, 1, 1).expect("a real day"))
}

#[test]
fn decode_inputs_decode() {
    let files = inputs("decode");
    assert!(
        files.len() >= MIN_HTML_SEEDS,
        "the decode seeds are missing"
    );
    for path in files {
        let data = fs::read(&path).unwrap();
        let _ = pith::sniff::not_html(&data);
        let decoded = pith::decode::decode(&data);
        assert!(!decoded.encoding.is_empty(), "{}", path.display());
        let _ = pith::decode::decode_with(&data, Some("shift_jis"));
    }
}

#[test]
fn extract_inputs_give_a_record() {
    let files = inputs("extract");
    assert!(
        files.len() >= MIN_HTML_SEEDS,
        "the extract seeds are missing"
    );
    for path in files {
        let data = fs::read(&path).unwrap();
        let record = pith::extract(&data, &all_options());
        serde_json::to_string(&record).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}

/// Read each file as `format` through the input layer and extract every
/// page; a file gives at least one record unless it holds no page at all.
fn containers(target: &str, format: InputFormat) {
    let files = inputs(target);
    assert!(!files.is_empty(), "the {target} corpus is missing");
    let dir = TempDir::new();
    for path in files {
        let copy = dir.write("input", &fs::read(&path).unwrap());
        let spec = InputSpec {
            inputs: vec![copy.into_os_string()],
            format,
            max_bytes: MAX_BYTES,
            jsonl: JsonlFields {
                keep: Keep::All,
                ..JsonlFields::default()
            },
            ..InputSpec::default()
        };
        for page in Pages::new(&spec).unwrap() {
            let record = page.extract(&all_options());
            serde_json::to_string(&record).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
}

#[test]
fn warc_inputs_give_records() {
    containers("warc", InputFormat::Warc);
}

#[test]
fn jsonl_inputs_give_records() {
    containers("jsonl", InputFormat::Jsonl);
}
