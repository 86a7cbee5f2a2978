//! Metadata extraction checked against hand-labelled fixture pages.
//!
//! Each `fixtures/metadata/NAME.html` has a `NAME.json` beside it:
//!
//! ```json
//! { "page_url": "https://..." | null,
//!   "html": "../seed/semantic.html",    // optional: page kept elsewhere
//!   "detect_language": true,            // optional: run detect_language
//!   "expected": { every Metadata field } }
//! ```
//!
//! `fixtures_match_expected_fields` runs them all, prints a per-field
//! accuracy table (`cargo test --test metadata -- --nocapture`) and fails
//! on any mismatch. The other tests pin behaviour that a fixture page
//! cannot show well (language detection thresholds, robustness).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use pith::dom::Document;
use pith::metadata::{detect_language, extract_metadata, LanguageSource, Metadata};
use pith::parse::parse_html;
use serde_json::Value;

const FIELDS: [&str; 15] = [
    "url",
    "title",
    "authors",
    "date_published",
    "date_modified",
    "sitename",
    "description",
    "tags",
    "categories",
    "image",
    "license",
    "language",
    "language_source",
    "language_declared",
    "page_type",
];

struct Case {
    name: String,
    html: String,
    page_url: Option<String>,
    detect: bool,
    expected: Value,
}

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/metadata")
}

fn load_cases() -> Vec<Case> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixture_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|json_path| {
            let spec: Value =
                serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
            // A spec may point at a page kept elsewhere (the seed pages).
            let html_path = match spec["html"].as_str() {
                Some(rel) => fixture_dir().join(rel),
                None => json_path.with_extension("html"),
            };
            Case {
                name: json_path
                    .file_stem()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                html: std::fs::read_to_string(&html_path)
                    .unwrap_or_else(|_| panic!("{} has no page", json_path.display())),
                page_url: spec["page_url"].as_str().map(str::to_string),
                detect: spec["detect_language"].as_bool().unwrap_or(false),
                expected: spec["expected"].clone(),
            }
        })
        .collect()
}

/// The text of the page's paragraphs: what the extractor would hand to
/// `detect_language` for these simple pages.
fn paragraph_text(doc: &Document) -> String {
    let mut out = String::new();
    for n in doc.descendants(Document::ROOT) {
        if doc.tag(n) == Some("p") {
            out.push_str(&doc.text_content(n));
            out.push('\n');
        }
    }
    out
}

fn run(case: &Case) -> Metadata {
    let doc = parse_html(&case.html);
    let mut meta = extract_metadata(&doc, case.page_url.as_deref());
    if case.detect {
        detect_language(&mut meta, &paragraph_text(&doc));
    }
    meta
}

#[test]
fn fixtures_match_expected_fields() {
    let cases = load_cases();
    assert!(cases.len() >= 20, "fixtures missing: {}", cases.len());
    let mut right: BTreeMap<&str, usize> = BTreeMap::new();
    let mut stated: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    for case in &cases {
        let got = serde_json::to_value(run(case)).unwrap();
        for field in FIELDS {
            let want = case
                .expected
                .get(field)
                .unwrap_or_else(|| panic!("{}: expected has no `{field}`", case.name));
            let non_empty = !(want.is_null() || want.as_array().is_some_and(Vec::is_empty));
            let entry = stated.entry(field).or_default();
            if &got[field] == want {
                *right.entry(field).or_default() += 1;
                if non_empty {
                    entry.0 += 1;
                }
            } else {
                failures.push(format!(
                    "{}: {field}\n     got  {}\n     want {}",
                    case.name, got[field], want
                ));
            }
            if non_empty {
                entry.1 += 1;
            }
        }
    }
    println!("{:<18} {:>9} {:>16}", "field", "correct", "stated & found");
    for field in FIELDS {
        let (found, total) = stated.get(field).copied().unwrap_or_default();
        println!(
            "{:<18} {:>4}/{:<4} {:>10}/{:<4}",
            field,
            right.get(field).copied().unwrap_or(0),
            cases.len(),
            found,
            total
        );
    }
    assert!(failures.is_empty(), "mismatches:\n{}", failures.join("\n"));
}

fn page(lang: &str, paragraphs: &str) -> String {
    format!("<html lang=\"{lang}\"><head><title>T</title></head><body><article>{paragraphs}</article></body></html>")
}

fn declared(lang: &str) -> Metadata {
    extract_metadata(&parse_html(&page(lang, "")), None)
}

const ENGLISH: &str = "The committee met on Tuesday to discuss the budget for the coming year. \
    Members agreed that spending on schools and roads should rise, while the cost of \
    administration must fall. The final vote is expected next month, after a public hearing \
    in which residents can give their views on the plan.";

#[test]
fn detection_overrides_a_wrong_declaration_on_long_text() {
    let mut meta = declared("de");
    assert_eq!(meta.language.as_deref(), Some("de"));
    assert_eq!(meta.language_source, Some(LanguageSource::HtmlLang));
    detect_language(&mut meta, ENGLISH);
    assert_eq!(meta.language.as_deref(), Some("en"));
    assert_eq!(meta.language_source, Some(LanguageSource::Detected));
    assert_eq!(meta.language_declared.as_deref(), Some("de"));
}

#[test]
fn short_text_keeps_the_declaration() {
    let mut meta = declared("de-AT");
    detect_language(
        &mut meta,
        "The committee met on Tuesday to discuss the budget.",
    );
    assert_eq!(meta.language.as_deref(), Some("de"));
    assert_eq!(meta.language_source, Some(LanguageSource::HtmlLang));
    assert_eq!(meta.language_declared.as_deref(), Some("de-AT"));
}

#[test]
fn agreeing_detection_keeps_the_declared_source() {
    let mut meta = declared("en-GB");
    detect_language(&mut meta, ENGLISH);
    assert_eq!(meta.language.as_deref(), Some("en"));
    assert_eq!(meta.language_source, Some(LanguageSource::HtmlLang));
}

#[test]
fn close_languages_keep_the_declaration() {
    // Norwegian text declared as Norwegian: whatlang may say Danish or
    // Bokmål; neither overrides.
    let mut meta = declared("no");
    detect_language(
        &mut meta,
        "Regjeringen la i dag fram forslaget til statsbudsjett for neste år. Det blir mer \
         penger til skoler, veier og sykehus, mens administrasjonen må kutte kostnader. \
         Stortinget skal behandle budsjettet i løpet av høsten, og det ventes en lang debatt \
         om skatter og avgifter før det endelige vedtaket.",
    );
    assert_eq!(meta.language.as_deref(), Some("no"));
    assert_eq!(meta.language_source, Some(LanguageSource::HtmlLang));
}

#[test]
fn undeclared_language_is_detected() {
    let mut meta = extract_metadata(&parse_html("<p>x</p>"), None);
    assert_eq!(meta.language, None);
    detect_language(&mut meta, ENGLISH);
    assert_eq!(meta.language.as_deref(), Some("en"));
    assert_eq!(meta.language_source, Some(LanguageSource::Detected));
    assert_eq!(meta.language_declared, None);
}

#[test]
fn title_matching_ignores_case_and_punctuation() {
    let doc = parse_html(
        "<html><head><meta property=\"og:title\" content=\"Rust 2.0 – What changes | Example\">\
         <meta property=\"og:site_name\" content=\"Example\"></head><body></body></html>",
    );
    let meta = extract_metadata(&doc, None);
    assert_eq!(meta.title.as_deref(), Some("Rust 2.0 – What changes"));
    assert!(meta.matches_title("  rust 2.0 - what CHANGES "));
    assert!(!meta.matches_title("Rust 2.0"));
}

#[test]
fn serialises_with_documented_names() {
    let meta = declared("fr");
    let v = serde_json::to_value(&meta).unwrap();
    assert_eq!(v["language_source"], "html_lang");
    assert_eq!(v["authors"], serde_json::json!([]));
    assert!(v["date_published"].is_null());
    for field in FIELDS {
        assert!(v.get(field).is_some(), "{field} missing");
    }
}

#[test]
fn hostile_input_does_not_panic() {
    let deep_json = format!(
        "<script type=\"application/ld+json\">{}{}</script>",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let deep_items = "<div itemscope itemprop=\"author\">".repeat(3000);
    let many_metas = "<meta name=\"author\" content=\"By\">".repeat(2000);
    let pages = [
        String::new(),
        "<html lang=\"\"><title></title>".to_string(),
        deep_json,
        deep_items,
        many_metas,
        "<script type=\"application/ld+json\">{\"@graph\":[{\"@id\":\"#a\",\"author\":{\"@id\":\"#a\"},\"@type\":\"Article\"}]}</script>".to_string(),
        "<meta property=\"article:published_time\" content=\"9999-99-99T99:99\"><time datetime=\"-1\">".to_string(),
        "<link rel=canonical href=\"http://[::1\"><meta property=og:image content=\"javascript:alert(1)\">".to_string(),
        "<p>Von </p><p>By</p><span class=byline>\u{0}\u{feff}</span>".to_string(),
    ];
    for html in pages {
        let doc = parse_html(&html);
        let mut meta = extract_metadata(&doc, Some("not a url"));
        detect_language(&mut meta, &html);
        assert_eq!(meta.image, None);
    }
}

/// The seed pages (one article in six layouts) state their headline,
/// author and publication date in `<meta>` tags; labelled by hand.
const SEED_TITLE: &str =
    "Menschenrechtsverletzungen: USA sanktionieren wertvollstes KI-Startup der Welt";
const SEED_AUTHOR: &str = "Lena Hartmann";
const SEED_PUBLISHED: &str = "2019-10-08T09:30:00+02:00";

/// Issue #4 asks for exact titles on at least 95% of pages, authors and
/// dates on at least 90% of the pages that state them. This runs the whole
/// pipeline (`pith::extract`) on every labelled page (fixtures/metadata
/// and fixtures/seed), prints the figures (`-- --nocapture`) and pins them at
/// their measured level: every page that states the field gets it exactly.
#[test]
fn headline_fields_meet_the_issue_figures() {
    let mut pages: Vec<(String, Vec<u8>, Option<String>, Value)> = load_cases()
        .into_iter()
        .map(|c| (c.name, c.html.into_bytes(), c.page_url, c.expected))
        .collect();
    let seed_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seed");
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(&seed_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    seeds.sort();
    assert_eq!(seeds.len(), 6, "seed pages missing or unlabelled");
    for path in seeds {
        pages.push((
            format!("seed/{}", path.file_stem().unwrap().to_string_lossy()),
            std::fs::read(&path).unwrap(),
            None,
            serde_json::json!({
                "title": SEED_TITLE,
                "authors": [SEED_AUTHOR],
                "date_published": SEED_PUBLISHED,
            }),
        ));
    }

    let fields = ["title", "authors", "date_published"];
    // (exact, stated) per field.
    let mut figures = [(0usize, 0usize); 3];
    let mut misses = Vec::new();
    for (name, html, page_url, expected) in &pages {
        let mut options = pith::Options::default();
        if let Some(url) = page_url {
            options = options.with_url(url);
        }
        let record = pith::extract(html, &options);
        let got = serde_json::to_value(&record.metadata).unwrap();
        for (i, field) in fields.iter().enumerate() {
            let want = &expected[*field];
            if want.is_null() || want.as_array().is_some_and(Vec::is_empty) {
                continue;
            }
            figures[i].1 += 1;
            if &got[*field] == want {
                figures[i].0 += 1;
            } else {
                misses.push(format!("{name}: {field} got {} want {want}", got[*field]));
            }
        }
    }
    println!("{} labelled pages", pages.len());
    for (field, (exact, stated)) in fields.iter().zip(figures) {
        println!(
            "{field:<15} exact on {exact:>2}/{stated:<2} pages stating it ({:.0}%)",
            100.0 * exact as f64 / stated as f64
        );
    }
    let share = |(exact, stated): (usize, usize)| exact as f64 / stated as f64;
    assert!(share(figures[0]) >= 0.95, "titles: {misses:?}");
    assert!(share(figures[1]) >= 0.90, "authors: {misses:?}");
    assert!(share(figures[2]) >= 0.90, "dates: {misses:?}");
    // Measured level: no miss at all. A change that loses one shows here.
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}
