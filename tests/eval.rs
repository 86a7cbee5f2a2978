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
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["docs"], 5);
    assert_eq!(report["missing"], 0);
    assert_eq!(report["errors"], 0);
    assert_eq!(report["jobs"], 2);
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
    assert!(worst
        .iter()
        .all(|w| w["id"].is_string() && w["precision"].is_f64()));

    let per_doc_lines: Vec<Value> = fs::read_to_string(&per_doc)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = per_doc_lines
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
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
    for label in [
        "docs       5 (missing 0, errors 0)",
        "f1 ",
        "precision ",
        "recall ",
        "accuracy ",
        "on 1 thread\n",
        "docs/s",
        "MB/s",
        "worst 2:",
    ] {
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
    assert_eq!(by_id["absent"].score.recall, 0.0);
    for id in ["plain", "gzipped"] {
        let record = by_id[id].record.as_ref().unwrap();
        assert!(record.text.contains("Seven plain words"), "{id}");
        assert!(record.source.ends_with(&format!("{id}.html")));
    }
    assert_eq!(
        by_id["plain"]
            .record
            .as_ref()
            .unwrap()
            .metadata
            .url
            .as_deref(),
        Some("https://example.com/a")
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
    assert_eq!(run(&[]).0, 2);
    let missing = scratch("no-dataset").join("nothing-here");
    assert_eq!(run(&[missing.to_str().unwrap()]).0, 1);
}
