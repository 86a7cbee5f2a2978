//! Replays the fuzzing inputs kept in the repository through the library,
//! as the fuzz targets in `fuzz/` run them: every crash input the fuzzers
//! ever found (`fuzz/regressions/<target>/`) and the seed corpus
//! (`fuzz/corpus/<target>/`). Each must give its records without a panic,
//! so a finding, once fixed, stays fixed without cargo-fuzz or a nightly
//! compiler. See fuzz/README.md.

mod common;
use common::TempDir;

use std::fs;
use std::path::{Path, PathBuf};

use pith::input::{InputFormat, InputSpec, JsonlFields, Keep, Pages};
use pith::Options;

/// `--max-bytes` of the container targets (as in fuzz/fuzz_targets/common).
const MAX_BYTES: u64 = 64 * 1024;

/// The files kept for `target`: regressions first, then the corpus.
fn inputs(target: &str) -> Vec<PathBuf> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut files = Vec::new();
    for dir in ["regressions", "corpus"] {
        let Ok(entries) = fs::read_dir(fuzz.join(dir).join(target)) else {
            continue;
        };
        let mut found: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.extension().is_none_or(|e| e != "md"))
            .collect();
        found.sort();
        files.extend(found);
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
    assert!(!files.is_empty(), "the decode corpus is missing");
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
    assert!(!files.is_empty(), "the extract corpus is missing");
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
