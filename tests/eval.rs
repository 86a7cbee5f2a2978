//! `pith eval`: the metric must agree with the reference scorer
//! (tests/data/score.py, run with python3) and the command must report it.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use pith::eval::{self, entry_text, is_word_char, load_entries, score, summarize, tokenize};
use serde_json::{json, Value};

const MINI: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/eval-mini");
const SCORE_PY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/score.py");

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("eval-{name}"));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn write_json(path: &Path, value: &Value) {
    fs::write(path, serde_json::to_string_pretty(value).unwrap()).unwrap();
}

/// What score.py computes: the summary and every page's (id, f1, p, r).
struct Reference {
    summary: BTreeMap<String, f64>,
    per_doc: Vec<(String, [f64; 3])>,
}

/// Run score.py's own `evaluate` through python3; floats travel as repr()
/// strings, which Rust parses back to the identical double.
fn python_score(truth: &Path, prediction: &Path) -> Reference {
    let program = r#"
import os, sys
sys.path.insert(0, os.path.dirname(sys.argv[1]))
import score
summary, per_doc = score.evaluate(score.load(sys.argv[2]), score.load_pred(sys.argv[3]))
for key in ("docs", "missing", "f1", "precision", "recall", "accuracy"):
    print("summary", key, repr(float(summary[key])))
for key, f, p, r in per_doc:
    print("doc", key, repr(f), repr(p), repr(r))
"#;
    let output = Command::new("python3")
        .arg("-c")
        .arg(program)
        .arg(SCORE_PY)
        .arg(truth)
        .arg(prediction)
        .output()
        .expect("python3 must be installed to check the metric");
    assert!(
        output.status.success(),
        "score.py failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut reference = Reference {
        summary: BTreeMap::new(),
        per_doc: Vec::new(),
    };
    for line in String::from_utf8(output.stdout).unwrap().lines() {
        let fields: Vec<&str> = line.split(' ').collect();
        match fields[0] {
            "summary" => {
                reference
                    .summary
                    .insert(fields[1].to_owned(), fields[2].parse().unwrap());
            }
            "doc" => reference.per_doc.push((
                fields[1].to_owned(),
                [
                    fields[2].parse().unwrap(),
                    fields[3].parse().unwrap(),
                    fields[4].parse().unwrap(),
                ],
            )),
            _ => panic!("unexpected line {line}"),
        }
    }
    reference
}

/// Score a prediction dict with the Rust metric and compare with score.py:
/// page scores bit for bit, averages to 1e-12 (Python 3.12+ sums floats
/// with compensation, older versions left to right as we do).
fn assert_parity(truth: &Path, prediction: &Path) {
    let truths = load_entries(truth).unwrap();
    let predictions = load_entries(prediction).unwrap();
    let scores: Vec<_> = truths
        .iter()
        .map(|(id, entry)| {
            let predicted = predictions.get(id).map_or("", entry_text);
            (id.clone(), score(entry_text(entry), predicted))
        })
        .collect();
    let ours = summarize(scores.iter().map(|(_, s)| s));
    let reference = python_score(truth, prediction);

    assert_eq!(reference.per_doc.len(), scores.len());
    for ((id, ours), (ref_id, [f, p, r])) in scores.iter().zip(&reference.per_doc) {
        assert_eq!(id, ref_id);
        assert_eq!(
            (ours.f1, ours.precision, ours.recall),
            (*f, *p, *r),
            "page {id} in {}",
            prediction.display()
        );
    }
    assert_eq!(reference.summary["docs"], ours.docs as f64);
    for (name, value) in [
        ("f1", ours.f1),
        ("precision", ours.precision),
        ("recall", ours.recall),
        ("accuracy", ours.accuracy),
    ] {
        let expected = reference.summary[name];
        assert!(
            (value - expected).abs() < 1e-12,
            "{name}: ours {value}, score.py {expected} ({})",
            prediction.display()
        );
    }
}

/// Text mixing the scripts and character classes where a tokenizer can go
/// wrong: CJK runs, Devanagari (vowel signs and virama are marks, not word
/// characters, for Python), decomposed accents, Arabic-Indic and Devanagari
/// digits, superscripts, fractions, roman numerals, circled letters,
/// underscores and connector punctuation.
const MIXED: &str = "snake_case_name __init__ 中文字符测试。日本語のテキスト 한국어 텍스트 \
    हिन्दी भाषा बहुत सुंदर है १२३४ ٣٤٥ x² ½ Ⅻ Ⓐ① cafe\u{301} café naïve \
    ｆｕｌｌｗｉｄｔｈ ‿tie⁀ a‐b c–d 42nd 3.14 ε=mc² ﷺ 𝒳𝒴 𝟘𝟙 🙂 e\u{200d}f";

#[test]
fn metric_matches_score_py_on_predictions_for_real_pages() {
    let dir = scratch("parity-real");
    let truth_path = Path::new(MINI).join("ground-truth.json");
    let truths = load_entries(&truth_path).unwrap();
    let texts: Vec<(&String, &str)> = truths.iter().map(|(id, e)| (id, entry_text(e))).collect();
    assert_eq!(texts.len(), 5);

    let dict = |f: &dyn Fn(usize, &str) -> Value| -> Value {
        Value::Object(
            texts
                .iter()
                .enumerate()
                .map(|(i, (id, text))| ((*id).clone(), f(i, text)))
                .collect(),
        )
    };
    let body = |text: String| json!({ "articleBody": text });
    let half = |text: &str| {
        text.chars()
            .take(text.chars().count() / 2)
            .collect::<String>()
    };
    let cases: Vec<(&str, Value)> = vec![
        ("identity", dict(&|_, t| body(t.to_owned()))),
        // Every way score.py spells "no prediction".
        (
            "empty",
            dict(&|i, _| match i {
                0 => Value::Null,
                1 => json!({ "articleBody": null }),
                2 => json!(""),
                3 => json!({}),
                _ => body(String::new()),
            }),
        ),
        ("truncated", dict(&|_, t| body(half(t)))),
        (
            "short",
            dict(&|i, t| {
                body(
                    tokenize(t)
                        .into_iter()
                        .take(i % 4)
                        .collect::<Vec<_>>()
                        .join(" "),
                )
            }),
        ),
        (
            "junk",
            dict(&|i, t| {
                let paragraphs: Vec<&str> = t.split("\n\n").collect();
                let middle = paragraphs.len() / 2;
                let mut out = String::from("Home | News | Sports | Subscribe now\n\n");
                for (n, p) in paragraphs.iter().enumerate() {
                    if n == middle && i % 2 == 0 {
                        out.push_str("Advertisement\n\nRelated: Ten things you missed\n\n");
                    }
                    out.push_str(p);
                    out.push_str("\n\n");
                }
                out.push_str(
                    "Share this article on Facebook Twitter Email\n© 2019 All rights reserved",
                );
                body(out)
            }),
        ),
        (
            "mixed",
            dict(&|i, t| body(format!("{MIXED} {} {MIXED}", half(t).repeat(i % 2 + 1)))),
        ),
        // Plain strings instead of objects, and two ids left out.
        (
            "missing",
            Value::Object(
                texts
                    .iter()
                    .skip(2)
                    .map(|(id, t)| ((*id).clone(), json!(t)))
                    .collect(),
            ),
        ),
    ];
    for (name, predictions) in cases {
        let path = dir.join(format!("{name}.json"));
        write_json(&path, &predictions);
        assert_parity(&truth_path, &path);
    }
}

#[test]
fn metric_matches_score_py_on_edge_cases_and_scripts() {
    let dir = scratch("parity-edge");
    let long = "one two three four five six seven eight nine ten eleven twelve";
    let truth = json!({
        "both-empty": { "articleBody": "" },
        "truth-empty": { "articleBody": "  ...  " },
        "prediction-empty": { "articleBody": long },
        "short-equal": { "articleBody": "two words" },
        "short-longer": { "articleBody": "two words" },
        "short-vs-long": { "articleBody": long },
        "repeats": { "articleBody": "la la la la la la la" },
        "hindi": { "articleBody": "हिन्दी भाषा बहुत सुंदर है और लोकप्रिय भी है" },
        "hindi-marks": { "articleBody": "हिन्दी भाषा बहुत सुंदर है और लोकप्रिय भी है" },
        "cjk": { "articleBody": "中文字符测试。日本語のテキスト、한국어 텍스트 그리고 English words here" },
        "accents": { "articleBody": "cafe\u{301} au lait and naïve résumé with one more" },
        "numbers": { "articleBody": "x² ½ ٣٤٥ १२३ Ⅻ Ⓐ① snake_case 42nd 3.14 version_2_0 end" },
        "mixed": { "articleBody": MIXED },
        "absent": { "articleBody": long },
        "null-truth": { "articleBody": null },
        "string-truth": long,
    });
    let prediction = json!({
        "both-empty": "",
        "truth-empty": "some words here",
        "prediction-empty": "",
        "short-equal": "two   words!",
        "short-longer": "two words and more",
        "short-vs-long": "one two three",
        "repeats": "la la la la",
        "hindi": "हिन्दी भाषा बहुत सुंदर है",
        // The truth's Python tokens, spaced out: vowel signs and viramas
        // are not word characters, so the token lists are equal.
        "hindi-marks": "ह न द भ ष बह त स दर ह और ल कप र य भ ह",
        "cjk": "中文字符测试 日本語のテキスト English words here",
        "accents": "café au lait and naive résumé with one more",
        "numbers": "x2 ½ ٣٤٥ 123 Ⅻ A① snake case 42nd 3 14 version_2_0 end",
        "mixed": format!("{MIXED} trailing words that are junk"),
        "null-truth": "text",
        "string-truth": { "articleBody": long },
    });
    let truth_path = dir.join("truth.json");
    let prediction_path = dir.join("prediction.json");
    write_json(&truth_path, &truth);
    write_json(&prediction_path, &prediction);
    assert_parity(&truth_path, &prediction_path);

    // The cases above must actually reach the special branches.
    let hindi = score(
        entry_text(&truth["hindi-marks"]),
        entry_text(&prediction["hindi-marks"]),
    );
    assert!(hindi.exact, "Python splits words at Devanagari vowel signs");
    let both_empty = score("", "");
    assert_eq!((both_empty.precision, both_empty.recall), (1.0, 1.0));
    assert!(!both_empty.counts_for_precision() && !both_empty.counts_for_recall());
    let truth_empty = score("...", "some words");
    assert_eq!((truth_empty.precision, truth_empty.recall), (0.0, 0.0));
    assert!(truth_empty.counts_for_precision() && !truth_empty.counts_for_recall());
}

#[test]
fn tokenizer_follows_python_word_characters() {
    assert_eq!(
        tokenize("snake_case, x² + ½ = 中文。cafe\u{301}!"),
        ["snake_case", "x²", "½", "中文", "cafe"]
    );
    assert_eq!(tokenize("हिन्दी"), ["ह", "न", "द"]);
    assert!(tokenize("  ... — !!").is_empty());
    assert!(is_word_char('_') && is_word_char('ß') && is_word_char('٣') && is_word_char('Ⅻ'));
    assert!(!is_word_char('\u{301}') && !is_word_char('Ⓐ') && !is_word_char('-'));
}

fn version_tuple(version: &str) -> Vec<u32> {
    version.split('.').map(|n| n.parse().unwrap()).collect()
}

/// Every code point, against the python3 at hand. With the Unicode version
/// the table was generated from, agreement must be exact; with another one,
/// the only differences allowed are characters the newer database added.
#[test]
fn word_characters_agree_with_python_on_every_code_point() {
    let program = r#"
import re, unicodedata
word = re.compile(r"\w")
print(unicodedata.unidata_version)
print("".join("1" if word.match(chr(cp)) else "0" for cp in range(0x110000)))
"#;
    let output = Command::new("python3")
        .arg("-c")
        .arg(program)
        .output()
        .expect("python3 must be installed to check the word table");
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let mut lines = stdout.lines();
    let python_version = lines.next().unwrap();
    let python_word: Vec<bool> = lines.next().unwrap().bytes().map(|b| b == b'1').collect();
    assert_eq!(python_word.len(), 0x110000);

    let (mut python_only, mut rust_only) = (Vec::new(), Vec::new());
    for (cp, &python) in python_word.iter().enumerate() {
        // Surrogates are not chars in Rust (and are not \w in Python).
        let ours = char::from_u32(cp as u32).is_some_and(is_word_char);
        match (python, ours) {
            (true, false) => python_only.push(cp),
            (false, true) => rust_only.push(cp),
            _ => {}
        }
    }
    let ours = version_tuple(eval::UNICODE_VERSION);
    let theirs = version_tuple(python_version);
    if ours == theirs {
        assert!(
            python_only.is_empty() && rust_only.is_empty(),
            "Unicode {python_version}: python-only {python_only:x?}, table-only {rust_only:x?}"
        );
    } else {
        // A newer database only adds letters and digits; nothing may move
        // the other way, and the additions are a small share of the table.
        let (added, removed) = if theirs > ours {
            (&python_only, &rust_only)
        } else {
            (&rust_only, &python_only)
        };
        assert!(
            removed.is_empty(),
            "{removed:x?} differ against Unicode {python_version}"
        );
        assert!(added.len() < 20_000, "{} differences", added.len());
        eprintln!(
            "word table is Unicode {}, python3 has {python_version}: {} new word characters",
            eval::UNICODE_VERSION,
            added.len()
        );
    }
}

fn run(args: &[&str]) -> (i32, String) {
    let args: Vec<OsString> = args.iter().map(OsString::from).collect();
    let mut out = Vec::new();
    let code = eval::run(args, &mut out);
    (code, String::from_utf8(out).unwrap())
}

#[test]
fn json_report_has_the_figures_and_matches_score_py_on_its_predictions() {
    let dir = scratch("json-report");
    let predictions = dir.join("predictions.jsonl");
    let per_doc = dir.join("per-doc.jsonl");
    let (code, stdout) = run(&[
        MINI,
        "--json",
        "-j",
        "2",
        "--worst",
        "3",
        "--favor",
        "recall",
        "--predictions",
        predictions.to_str().unwrap(),
        "--per-doc",
        per_doc.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    let whole: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(whole["jobs"], 2);
    assert_eq!(whole["favor"], "recall");
    let sets = whole["sets"].as_array().unwrap();
    assert_eq!(sets.len(), 1);
    let report = &sets[0];
    assert_eq!(report["name"], "eval-mini");
    assert_eq!(report["metric"], "shingles");
    assert_eq!(whole["mean_f1"], report["f1"]);
    assert!(report.get("snippets").is_none());
    assert_eq!(report["docs"], 5);
    assert_eq!(report["missing"], 0);
    assert_eq!(report["errors"], 0);
    for field in [
        "f1",
        "precision",
        "recall",
        "accuracy",
        "seconds",
        "docs_per_s",
        "mb_per_s",
    ] {
        let value = report[field].as_f64().unwrap_or_else(|| panic!("{field}"));
        assert!(value >= 0.0, "{field}");
    }
    for field in ["f1", "precision", "recall", "accuracy"] {
        assert!(report[field].as_f64().unwrap() <= 1.0, "{field}");
    }
    // The five pages, ungzipped.
    let expected_bytes: u64 = [21267, 50706, 59260, 75728, 91895].iter().sum();
    assert_eq!(report["bytes"], expected_bytes);

    let worst = report["worst"].as_array().unwrap();
    assert_eq!(worst.len(), 3);
    let f1s: Vec<f64> = worst.iter().map(|w| w["f1"].as_f64().unwrap()).collect();
    assert!(f1s.windows(2).all(|w| w[0] <= w[1]), "{f1s:?}");
    assert!(worst.iter().all(|w| w["id"].is_string()
        && w["precision"].is_f64()
        && w["set"] == "eval-mini"
        && w["quality"] == w["f1"]));

    let per_doc_lines: Vec<Value> = fs::read_to_string(&per_doc)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = per_doc_lines
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert!(per_doc_lines.iter().all(|l| l["set"] == "eval-mini"));
    let truths = load_entries(&Path::new(MINI).join("ground-truth.json")).unwrap();
    assert_eq!(ids, truths.keys().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(worst[0]["f1"], f1s.iter().copied().fold(f64::MAX, f64::min));
    assert_eq!(
        per_doc_lines
            .iter()
            .map(|l| l["f1"].as_f64().unwrap())
            .fold(f64::MAX, f64::min),
        f1s[0]
    );

    // The records written are what was scored: score.py on them agrees.
    let reference = python_score(&Path::new(MINI).join("ground-truth.json"), &predictions);
    assert_eq!(reference.summary["missing"], 0.0);
    for field in ["f1", "precision", "recall", "accuracy"] {
        let ours = report[field].as_f64().unwrap();
        assert!((ours - reference.summary[field]).abs() < 1e-9, "{field}");
    }
    for (line, (id, [f, p, r])) in per_doc_lines.iter().zip(&reference.per_doc) {
        assert_eq!(line["id"], id.as_str());
        assert!((line["f1"].as_f64().unwrap() - f).abs() < 1e-9);
        assert!((line["precision"].as_f64().unwrap() - p).abs() < 1e-9);
        assert!((line["recall"].as_f64().unwrap() - r).abs() < 1e-9);
    }
}

#[test]
fn outputs_do_not_depend_on_thread_count() {
    let dir = scratch("deterministic");
    let mut files = Vec::new();
    for jobs in ["1", "2"] {
        let predictions = dir.join(format!("predictions-{jobs}.jsonl"));
        let per_doc = dir.join(format!("per-doc-{jobs}.jsonl"));
        let (code, _) = run(&[
            MINI,
            "-j",
            jobs,
            "--predictions",
            predictions.to_str().unwrap(),
            "--per-doc",
            per_doc.to_str().unwrap(),
        ]);
        assert_eq!(code, 0);
        files.push((fs::read(&predictions).unwrap(), fs::read(&per_doc).unwrap()));
    }
    assert_eq!(files[0], files[1]);
    assert_eq!(files[0].0.iter().filter(|&&b| b == b'\n').count(), 5);
}

#[test]
fn text_report_lists_figures_and_worst_pages() {
    let (code, stdout) = run(&[MINI, "--worst", "2", "-j", "1"]);
    assert_eq!(code, 0);
    let mut lines = stdout.lines();
    let header: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    assert_eq!(
        header,
        ["set", "docs", "missing", "errors", "F1", "P", "R", "docs/s"]
    );
    let row: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    assert_eq!(row[..4], ["eval-mini", "5", "0", "0"], "{stdout}");
    let mean: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    assert_eq!(mean[..3], ["mean", "F1", row[4]], "{stdout}");
    for label in ["balanced, 1 thread:", "MB/s", "eval-mini: worst 2\n"] {
        assert!(stdout.contains(label), "{label:?} in\n{stdout}");
    }
    let truths = load_entries(&Path::new(MINI).join("ground-truth.json")).unwrap();
    let listed = truths
        .keys()
        .filter(|id| stdout.contains(id.as_str()))
        .count();
    assert_eq!(listed, 2);
}

#[test]
fn broken_and_missing_pages_are_counted_not_fatal() {
    let dir = scratch("broken");
    let html = dir.join("html");
    fs::create_dir_all(&html).unwrap();
    let article = "<html><body><p>Seven plain words of article text here.</p></body></html>";
    fs::write(html.join("plain.html"), article).unwrap();
    // gzip is recognised by content, whatever the file is called.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, article.as_bytes()).unwrap();
    fs::write(html.join("gzipped.html"), gz.finish().unwrap()).unwrap();
    fs::write(html.join("broken.html.gz"), [0x1f, 0x8b, 8, 0, 1, 2, 3]).unwrap();
    let truth = json!({
        "plain": { "articleBody": "Seven plain words of article text here.", "url": "https://example.com/a" },
        "gzipped": { "articleBody": "Seven plain words of article text here." },
        "broken": { "articleBody": "whatever was there" },
        "absent": { "articleBody": "never downloaded" },
        "../escape": { "articleBody": "outside the dataset" },
    });
    write_json(&dir.join("ground-truth.json"), &truth);

    let dataset = eval::Dataset::load(&dir).unwrap();
    assert_eq!(dataset.pages.len(), 5);
    assert_eq!(dataset.metric, eval::Metric::Shingles);
    let report = eval::evaluate(&dataset, &pith::Options::default());
    assert_eq!(report.summary.docs, 5);
    assert_eq!(report.missing, 1);
    assert_eq!(report.errors, 2, "{:?}", report.pages);
    assert_eq!(report.extracted, 2);
    assert_eq!(report.bytes, 2 * article.len() as u64);
    let by_id: BTreeMap<&str, &eval::PageOutcome> =
        report.pages.iter().map(|p| (p.id.as_str(), p)).collect();
    assert!(by_id["broken"].error.as_deref().unwrap().contains("gzip"));
    assert!(by_id["absent"].record.is_none());
    assert_eq!(by_id["absent"].score.shingles().unwrap().recall, 0.0);
    for id in ["plain", "gzipped"] {
        let record = by_id[id].record.as_ref().unwrap();
        assert!(record.text.contains("Seven plain words"), "{id}");
        assert!(record.source.ends_with(&format!("{id}.html")));
    }
    // The truth file's url is not given to the extractor: pages are read
    // as `pith DIR/html` reads them.
    assert_eq!(
        by_id["plain"]
            .record
            .as_ref()
            .unwrap()
            .metadata
            .url
            .as_deref(),
        None
    );
}

#[test]
fn usage_errors_and_help() {
    let (code, stdout) = run(&["--help"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("--per-doc") && stdout.contains("--favor"));
    assert_eq!(run(&[MINI, "--bogus"]).0, 2);
    assert_eq!(run(&[MINI, "--favor", "sideways"]).0, 2);
    assert_eq!(run(&[MINI, "-j", "0"]).0, 2);
    assert_eq!(run(&[MINI, "--worst", "some"]).0, 2);
    let missing = scratch("no-dataset").join("nothing-here");
    assert_eq!(run(&[missing.to_str().unwrap()]).0, 1);
    // A run stops before extracting anything when one set is unusable.
    assert_eq!(run(&[MINI, missing.to_str().unwrap()]), (1, String::new()));
}

// ---------------------------------------------------------------------------
// Snippet sets: the metric must agree with tests/data/score_snippets.py.

const SCORE_SNIPPETS_PY: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/score_snippets.py");

/// What score_snippets.py computes: the summary and every page's counts.
struct SnippetReference {
    summary: BTreeMap<String, f64>,
    per_doc: Vec<(String, [usize; 4])>,
}

/// Run score_snippets.py's own `evaluate` through python3 on a snippets
/// file and predictions (a JSON dict or pith's JSON Lines).
fn python_score_snippets(snippets: &Path, prediction: &Path) -> SnippetReference {
    let program = r#"
import json, os, sys
sys.path.insert(0, os.path.dirname(sys.argv[1]))
import score_snippets
with open(sys.argv[2], encoding="utf-8") as f:
    snippets = json.load(f)
summary, per_doc = score_snippets.evaluate(snippets, score_snippets.load_pred(sys.argv[3]))
for key in ("docs", "missing", "f1", "precision", "recall", "accuracy", "tp", "fp", "fn", "tn"):
    print("summary", key, repr(float(summary[key])))
for key, tp, fp, fn, tn in per_doc:
    print("doc", key, tp, fp, fn, tn)
"#;
    let output = Command::new("python3")
        .arg("-c")
        .arg(program)
        .arg(SCORE_SNIPPETS_PY)
        .arg(snippets)
        .arg(prediction)
        .output()
        .expect("python3 must be installed to check the snippet metric");
    assert!(
        output.status.success(),
        "score_snippets.py failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut reference = SnippetReference {
        summary: BTreeMap::new(),
        per_doc: Vec::new(),
    };
    for line in String::from_utf8(output.stdout).unwrap().lines() {
        let fields: Vec<&str> = line.split(' ').collect();
        match fields[0] {
            "summary" => {
                reference
                    .summary
                    .insert(fields[1].to_owned(), fields[2].parse().unwrap());
            }
            "doc" => reference.per_doc.push((
                fields[1].to_owned(),
                [2, 3, 4, 5].map(|i| fields[i].parse().unwrap()),
            )),
            _ => panic!("unexpected line {line}"),
        }
    }
    reference
}

/// Check the Rust figures of a snippet set against score_snippets.py: page
/// counts exactly, the summary bit for bit (integer counts, one division).
fn assert_snippet_parity(
    reference: &SnippetReference,
    pages: &[(String, eval::SnippetScore)],
    what: &str,
) {
    assert_eq!(reference.per_doc.len(), pages.len(), "{what}");
    for ((id, ours), (ref_id, [tp, fp, fn_, tn])) in pages.iter().zip(&reference.per_doc) {
        assert_eq!(id, ref_id, "{what}");
        assert_eq!(
            [
                ours.with_found,
                ours.without_found,
                ours.with - ours.with_found,
                ours.without - ours.without_found
            ],
            [*tp, *fp, *fn_, *tn],
            "page {id} in {what}"
        );
    }
    let summary = eval::summarize_snippets(pages.iter().map(|(_, s)| s));
    let counts = summary.snippets.unwrap();
    for (name, value) in [
        ("docs", summary.docs as f64),
        ("f1", summary.f1),
        ("precision", summary.precision),
        ("recall", summary.recall),
        ("accuracy", summary.accuracy),
        ("tp", counts.tp as f64),
        ("fp", counts.fp as f64),
        ("fn", counts.fn_ as f64),
        ("tn", counts.tn as f64),
    ] {
        assert_eq!(value, reference.summary[name], "{name} in {what}");
    }
}

/// Every whitespace Python knows, and characters that look like it but are
/// not (zero-width space and joiner, word joiner, BOM).
const SPACES: &str = " \t\n\u{b}\u{c}\r\u{1c}\u{1d}\u{1e}\u{1f}\u{85}\u{a0}\u{1680}\u{2000}\u{2007}\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}";

#[test]
fn snippet_metric_matches_score_snippets_py_on_edge_cases() {
    let dir = scratch("snippets-edge");
    let snippets = json!({
        "found-all": { "with": ["alpha beta", "gamma"], "without": ["menu"] },
        "whitespace": {
            "with": [format!("one{SPACES}two"), "three four", "  five six  "],
            "without": ["\u{a0}seven\u{3000}eight\u{1f}", "  "],
        },
        "case": { "with": ["Capital"], "without": ["LOWER"] },
        "repeated": { "with": ["same", "same"], "without": ["same"] },
        "empty-snippet": { "with": [""], "without": [""] },
        "no-lists": { "url": "https://example.com", "title": "kept out" },
        "only-with": { "with": ["present", "absent"] },
        "only-without": { "without": ["boilerplate"] },
        "missing-prediction": { "with": ["anything"], "without": ["nothing"] },
        "null-prediction": { "with": ["anything"], "without": ["nothing"] },
        "empty-prediction": { "with": ["anything"], "without": ["nothing"] },
        "string-prediction": { "with": ["plain string"], "without": ["other"] },
        "unicode": { "with": ["Übergrößen café", "中文 字符"], "without": ["naïve"] },
    });
    let prediction = json!({
        "found-all": { "articleBody": "alpha  beta\n\ngamma" },
        "whitespace": { "articleBody": format!("one two{SPACES}three\u{200b}{SPACES}four five\u{85}six seven eight") },
        "case": { "articleBody": "capital lower" },
        "repeated": { "articleBody": "the same text" },
        "empty-snippet": { "articleBody": "" },
        "no-lists": { "articleBody": "text" },
        "only-with": { "articleBody": "present" },
        "only-without": { "articleBody": "Boilerplate" },
        "null-prediction": { "articleBody": null },
        "empty-prediction": "",
        "string-prediction": "a plain  string",
        "unicode": { "articleBody": "Übergrößen\u{3000}café 中文\n字符 naïve" },
    });
    let snippets_path = dir.join("snippets.json");
    let prediction_path = dir.join("prediction.json");
    write_json(&snippets_path, &snippets);
    write_json(&prediction_path, &prediction);
    let reference = python_score_snippets(&snippets_path, &prediction_path);

    let judgements = load_entries(&snippets_path).unwrap();
    let predictions = load_entries(&prediction_path).unwrap();
    let pages: Vec<(String, eval::SnippetScore)> = judgements
        .iter()
        .map(|(id, entry)| {
            let snippets = eval::Snippets::from_entry(entry).unwrap();
            let predicted = predictions.get(id).map_or("", entry_text);
            (id.clone(), eval::score_snippets(&snippets, predicted))
        })
        .collect();
    assert_snippet_parity(&reference, &pages, "edge cases");

    // The cases above must reach the branches they are named for.
    let by_id: BTreeMap<&str, &eval::SnippetScore> =
        pages.iter().map(|(id, s)| (id.as_str(), s)).collect();
    assert_eq!(
        by_id["whitespace"].with_found, 2,
        "zero-width space is no space"
    );
    assert_eq!(by_id["whitespace"].without_found, 2);
    assert_eq!(by_id["empty-snippet"].with_found, 1);
    assert_eq!(by_id["missing-prediction"].with_found, 0);
    assert_eq!(by_id["unicode"].with_found, 2);
}

/// Python's whitespace, for every code point, against
/// [`eval::snippets::is_python_space`].
#[test]
fn whitespace_agrees_with_python_on_every_code_point() {
    let program = r#"
import re
space = re.compile(r"\s")
print("".join("1" if space.match(chr(cp)) else "0" for cp in range(0x110000)))
"#;
    let output = Command::new("python3")
        .arg("-c")
        .arg(program)
        .output()
        .expect("python3 must be installed to check whitespace");
    assert!(output.status.success());
    let python: Vec<bool> = String::from_utf8(output.stdout)
        .unwrap()
        .trim_end()
        .bytes()
        .map(|b| b == b'1')
        .collect();
    assert_eq!(python.len(), 0x110000);
    let differ: Vec<usize> = (0..0x110000usize)
        .filter(|&cp| {
            let ours = char::from_u32(cp as u32).is_some_and(eval::snippets::is_python_space);
            ours != python[cp]
        })
        .collect();
    assert!(differ.is_empty(), "differ: {differ:x?}");
}

/// A snippet set made of the eval-mini pages: for each page, `with`
/// snippets cut from its ground truth (whitespace mangled) and one that is
/// nowhere, `without` snippets cut from the truth (so found) and typical
/// boilerplate.
fn snippet_set_from_mini(dir: &Path) {
    let html = dir.join("html");
    fs::create_dir_all(&html).unwrap();
    for entry in fs::read_dir(Path::new(MINI).join("html")).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, html.join(path.file_name().unwrap())).unwrap();
    }
    let truths = load_entries(&Path::new(MINI).join("ground-truth.json")).unwrap();
    let cut = |text: &str, from: usize, len: usize| -> String {
        text.chars().skip(from).take(len).collect()
    };
    let snippets: serde_json::Map<String, Value> = truths
        .iter()
        .map(|(id, entry)| {
            let text = entry_text(entry);
            let n = text.chars().count();
            let judgement = json!({
                "url": "https://example.com/kept-out",
                "with": [
                    cut(text, 0, 40),
                    cut(text, n / 2, 60).replace(' ', " \n "),
                    cut(text, n - 30, 30),
                    "A sentence that no page of this set holds.",
                ],
                "without": [
                    cut(text, n / 3, 25),
                    "Subscribe to our newsletter",
                    "All rights reserved",
                ],
            });
            (id.clone(), judgement)
        })
        .collect();
    write_json(&dir.join("snippets.json"), &Value::Object(snippets));
}

#[test]
fn snippet_metric_matches_score_snippets_py_on_real_predictions() {
    let dir = scratch("snippets-real");
    let set = dir.join("mini-snippets");
    snippet_set_from_mini(&set);
    let predictions = dir.join("predictions.jsonl");
    let per_doc = dir.join("per-doc.jsonl");
    let (code, stdout) = run(&[
        set.to_str().unwrap(),
        "--json",
        "--predictions",
        predictions.to_str().unwrap(),
        "--per-doc",
        per_doc.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let report = &report["sets"][0];
    assert_eq!(report["metric"], "snippets");
    assert_eq!(report["docs"], 5);

    // score_snippets.py on the records pith wrote agrees page by page and
    // to the last bit on the figures.
    let reference = python_score_snippets(&set.join("snippets.json"), &predictions);
    assert_eq!(reference.summary["missing"], 0.0);
    let pages: Vec<(String, eval::SnippetScore)> = fs::read_to_string(&per_doc)
        .unwrap()
        .lines()
        .map(|line| {
            let line: Value = serde_json::from_str(line).unwrap();
            assert_eq!(line["set"], "mini-snippets");
            let count = |key: &str| line[key].as_u64().unwrap() as usize;
            let score = eval::SnippetScore {
                with: count("with"),
                with_found: count("with_found"),
                without: count("without"),
                without_found: count("without_found"),
            };
            assert_eq!(line["quality"], score.share_right());
            (line["id"].as_str().unwrap().to_owned(), score)
        })
        .collect();
    assert_snippet_parity(&reference, &pages, "pith's records");
    for (field, key) in [
        ("f1", "f1"),
        ("precision", "precision"),
        ("recall", "recall"),
        ("accuracy", "accuracy"),
    ] {
        assert_eq!(report[field].as_f64().unwrap(), reference.summary[key]);
    }
    for key in ["tp", "fp", "fn", "tn"] {
        assert_eq!(
            report["snippets"][key].as_f64().unwrap(),
            reference.summary[key]
        );
    }
    // The set was built so that every outcome occurs.
    let counts = &report["snippets"];
    for key in ["tp", "fp", "fn", "tn"] {
        assert!(counts[key].as_u64().unwrap() > 0, "{key} in {counts}");
    }
}

#[test]
fn several_sets_make_one_table_with_the_mean_f1() {
    let dir = scratch("several");
    let collection = dir.join("bench");
    snippet_set_from_mini(&collection.join("nested/snippet-set"));
    // A copy of eval-mini one level up: found before the nested set.
    let shingles = collection.join("text-set");
    fs::create_dir_all(shingles.join("html")).unwrap();
    for entry in fs::read_dir(Path::new(MINI).join("html")).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, shingles.join("html").join(path.file_name().unwrap())).unwrap();
    }
    fs::copy(
        Path::new(MINI).join("ground-truth.json"),
        shingles.join("ground-truth.json"),
    )
    .unwrap();
    // Hidden directories are not searched.
    snippet_set_from_mini(&collection.join(".hidden/set"));
    let per_doc = dir.join("per-doc.jsonl");

    let (code, json_out) = run(&[
        collection.to_str().unwrap(),
        "--json",
        "-j",
        "2",
        "--per-doc",
        per_doc.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    let report: Value = serde_json::from_str(&json_out).unwrap();
    let sets = report["sets"].as_array().unwrap();
    let names: Vec<&str> = sets.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["text-set", "snippet-set"]);
    let mean = (sets[0]["f1"].as_f64().unwrap() + sets[1]["f1"].as_f64().unwrap()) / 2.0;
    assert!((report["mean_f1"].as_f64().unwrap() - mean).abs() < 1e-15);
    let lines: Vec<Value> = fs::read_to_string(&per_doc)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 10);
    assert!(lines[..5]
        .iter()
        .all(|l| l["set"] == "text-set" && l["f1"].is_f64()));
    assert!(lines[5..]
        .iter()
        .all(|l| l["set"] == "snippet-set" && l["with_found"].is_u64()));

    // The same sets given one by one (and one twice) give the same table.
    let (code, table) = run(&[
        shingles.to_str().unwrap(),
        collection.join("nested").to_str().unwrap(),
        shingles.to_str().unwrap(),
        "--worst",
        "1",
    ]);
    assert_eq!(code, 0);
    let rows: Vec<Vec<&str>> = table
        .lines()
        .take(4)
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows[1][0], "text-set");
    assert_eq!(rows[2][0], "snippet-set");
    assert_eq!(rows[3][..2], ["mean", "F1"]);
    assert_eq!(rows[3][2], format!("{mean:.4}"), "{table}");
    assert_eq!(rows[3][3..], ["(2", "sets)"]);
    assert!(table.contains("text-set: worst 1\nf1 "), "{table}");
    assert!(
        table.contains("snippet-set: worst 1\nright   missed  present"),
        "{table}"
    );

    // Two sets of the same name are told apart by their paths.
    let twin = dir.join("other/text-set");
    fs::create_dir_all(twin.join("html")).unwrap();
    fs::write(twin.join("ground-truth.json"), "{}").unwrap();
    let (code, json_out) = run(&[shingles.to_str().unwrap(), twin.to_str().unwrap(), "--json"]);
    assert_eq!(code, 0);
    let report: Value = serde_json::from_str(&json_out).unwrap();
    assert_eq!(report["sets"][0]["name"], shingles.to_str().unwrap());
    assert_eq!(report["sets"][1]["name"], twin.to_str().unwrap());
}

#[test]
fn unusable_sets_are_reported_not_guessed() {
    let dir = scratch("unusable");
    let write = |name: &str, file: &str, content: &str| {
        let set = dir.join(name);
        fs::create_dir_all(set.join("html")).unwrap();
        fs::write(set.join(file), content).unwrap();
        set
    };
    let both = write("both", "ground-truth.json", "{}");
    fs::write(both.join("snippets.json"), "{}").unwrap();
    let not_a_list = write(
        "bad-snippets",
        "snippets.json",
        r#"{"p": {"with": "text"}}"#,
    );
    let not_json = write("bad-json", "snippets.json", "{");
    let empty = dir.join("empty");
    fs::create_dir_all(empty.join("a/b/c")).unwrap();
    for set in [&both, &not_a_list, &not_json, &empty] {
        assert_eq!(
            run(&[set.to_str().unwrap()]),
            (1, String::new()),
            "{}",
            set.display()
        );
    }
    let error = eval::Truths::load(&not_a_list).unwrap_err();
    assert!(
        error.contains("page p") && error.contains("\"with\""),
        "{error}"
    );
    let error = eval::find_sets(&empty).unwrap_err();
    assert!(error.contains("no evaluation set"), "{error}");
    let error = eval::Metric::of_dir(&both).unwrap_err();
    assert!(error.contains("both"), "{error}");
}
