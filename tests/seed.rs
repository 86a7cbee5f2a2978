//! The seed pages: the German news page that started the project, whose text
//! came out mixed with related-article teasers, community rules, a comment
//! form, an adblock wall and a sign-off.
//!
//! `fixtures/seed/*.html` hold the same article and the same boilerplate in
//! different markup (semantic tags and telling class names; hashed class names
//! and nothing but divs; walls first and the article in layout tables; the
//! article split in two by an ad slot). `expected.txt` lists the article's
//! paragraphs in order, `boilerplate.txt` the lines that must never reach the
//! text. These tests prove that pith returns the article and only the article
//! on every one of them, whatever the markup.
//!
//! Failure messages name the page and the line of `expected.txt` or
//! `boilerplate.txt` at fault, and all failures of a test are reported
//! together so one run shows the whole picture.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use html5ever::tendril::TendrilSink;
use markup5ever_rcdom::{Handle, NodeData, RcDom};

/// The article's headline: it belongs in `Record::title`, never in the text.
const TITLE: &str =
    "Menschenrechtsverletzungen: USA sanktionieren wertvollstes KI-Startup der Welt";
/// The kicker (rubric label) above the headline.
const KICKER: &str = "News";
/// The image caption and its credit line.
const CAPTION: &str = "Uiguren Protestieren in München.";
const CAPTION_CREDIT: &str = "(Foto: dpa)";

fn seed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seed")
}

/// Every `fixtures/seed/*.html` page as (file name, bytes), sorted by name.
fn pages() -> Vec<(String, Vec<u8>)> {
    let mut pages: Vec<(String, Vec<u8>)> = fs::read_dir(seed_dir())
        .expect("fixtures/seed is readable")
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "html"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = fs::read(&path).expect("fixture page is readable");
            (name, bytes)
        })
        .collect();
    pages.sort();
    assert!(
        pages.len() >= 3,
        "fixtures/seed must hold at least three pages, found {}",
        pages.len()
    );
    pages
}

/// Collapse every run of whitespace (including no-break spaces) to one space.
fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Non-empty, non-comment lines of a fixture list, with their 1-based line
/// numbers, whitespace-normalised.
fn fixture_lines(file: &str) -> Vec<(usize, String)> {
    let text = fs::read_to_string(seed_dir().join(file)).expect("fixture list is readable");
    text.lines()
        .enumerate()
        .map(|(i, line)| (i + 1, normalise(line)))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
        .collect()
}

/// The article paragraphs, in order.
fn expected() -> Vec<(usize, String)> {
    fixture_lines("expected.txt")
}

/// Lines that must never appear in the text.
fn boilerplate() -> Vec<(usize, String)> {
    fixture_lines("boilerplate.txt")
}

/// The text's paragraphs: blocks separated by one or more blank lines, each
/// whitespace-normalised.
fn paragraphs(text: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.trim().is_empty() {
                blocks.push(normalise(&current));
            }
            current.clear();
        } else {
            current.push_str(line);
            current.push('\n');
        }
    }
    if !current.trim().is_empty() {
        blocks.push(normalise(&current));
    }
    blocks
}

/// The start of a long line, for messages.
fn clip(s: &str) -> String {
    const MAX: usize = 70;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("{head}…")
    }
}

/// Panic with every failure, one per line, if there are any.
fn report(what: &str, failures: &[String]) {
    if !failures.is_empty() {
        panic!(
            "{what}: {} failure(s)\n  {}",
            failures.len(),
            failures.join("\n  ")
        );
    }
}

/// Check that every expected paragraph is one paragraph of `text`, and that
/// they come in the order of `expected.txt`.
fn check_article(page: &str, text: &str, expected: &[(usize, String)]) -> Vec<String> {
    let blocks = paragraphs(text);
    let flat = normalise(text);
    let mut failures = Vec::new();
    // Index of the block that matched the previous expected paragraph.
    let mut previous: Option<usize> = None;
    for (line_no, line) in expected {
        let start = previous.map_or(0, |p| p + 1);
        let here = blocks
            .iter()
            .enumerate()
            .skip(start)
            .find(|(_, b)| *b == line)
            .map(|(i, _)| i);
        match here {
            Some(i) => previous = Some(i),
            None => {
                let problem = if let Some(i) = blocks.iter().position(|b| b == line) {
                    format!("is paragraph {} of the text, out of order (before the paragraph of the previous expected line)", i + 1)
                } else if let Some(i) = blocks.iter().position(|b| b.contains(line.as_str())) {
                    format!(
                        "is not its own paragraph: it is inside paragraph {} «{}»",
                        i + 1,
                        clip(&blocks[i])
                    )
                } else if flat.contains(line.as_str()) {
                    "is split across paragraphs".to_string()
                } else {
                    "is missing from the text".to_string()
                };
                failures.push(format!(
                    "{page}: expected.txt line {line_no} «{}» {problem}",
                    clip(line)
                ));
            }
        }
    }
    failures
}

/// Check that no boilerplate line occurs anywhere in `text`.
fn check_boilerplate(page: &str, text: &str, boilerplate: &[(usize, String)]) -> Vec<String> {
    let blocks = paragraphs(text);
    let flat = normalise(text);
    boilerplate
        .iter()
        .filter(|(_, line)| flat.contains(line.as_str()))
        .map(|(line_no, line)| {
            let place = blocks
                .iter()
                .position(|b| b.contains(line.as_str()))
                .map_or_else(
                    || " (across paragraphs)".to_string(),
                    |i| format!(" in paragraph {} «{}»", i + 1, clip(&blocks[i])),
                );
            format!(
                "{page}: boilerplate.txt line {line_no} «{}» appears{place}",
                clip(line)
            )
        })
        .collect()
}

/// Check that the headline, the kicker and the image caption stay out of
/// `text`.
fn check_headline_parts(page: &str, text: &str) -> Vec<String> {
    let blocks = paragraphs(text);
    let flat = normalise(text);
    let mut failures = Vec::new();
    if flat.contains(TITLE) {
        failures.push(format!("{page}: the title «{TITLE}» appears in the text"));
    }
    if let Some(i) = blocks.iter().position(|b| b == KICKER) {
        failures.push(format!(
            "{page}: the kicker «{KICKER}» is paragraph {} of the text",
            i + 1
        ));
    }
    for part in [CAPTION, CAPTION_CREDIT] {
        if flat.contains(part) {
            failures.push(format!(
                "{page}: the image caption «{part}» appears in the text"
            ));
        }
    }
    failures
}

/// Run the extractor on every page and collect `check`'s failures.
fn check_all_pages(check: impl Fn(&str, &pith::Record) -> Vec<String>) -> Vec<String> {
    pages()
        .iter()
        .flat_map(|(name, bytes)| {
            let record = pith::extract(bytes, &pith::Options::default());
            check(name, &record)
        })
        .collect()
}

#[test]
fn seed_pages_yield_every_article_paragraph_in_order() {
    let expected = expected();
    let failures = check_all_pages(|page, record| check_article(page, &record.text, &expected));
    report(
        "article paragraphs missing, merged or out of order",
        &failures,
    );
}

#[test]
fn seed_pages_yield_no_boilerplate() {
    let boilerplate = boilerplate();
    let failures =
        check_all_pages(|page, record| check_boilerplate(page, &record.text, &boilerplate));
    report("boilerplate in the text", &failures);
}

#[test]
fn seed_pages_keep_title_kicker_and_caption_out_of_text() {
    let failures = check_all_pages(|page, record| check_headline_parts(page, &record.text));
    report("headline parts in the text", &failures);
}

#[test]
fn seed_pages_extract_without_error() {
    let failures = check_all_pages(|page, record| match &record.error {
        Some(error) => vec![format!("{page}: record.error is {error:?}")],
        None => Vec::new(),
    });
    report("extraction errors", &failures);
}

/// "Only the article": every paragraph of the text is one of the expected
/// paragraphs, each exactly once. This also catches junk that
/// `boilerplate.txt` does not list (bylines, labels, form hints).
#[test]
fn seed_pages_yield_nothing_but_the_article() {
    let expected = expected();
    let wanted: HashSet<&str> = expected.iter().map(|(_, l)| l.as_str()).collect();
    let failures = check_all_pages(|page, record| {
        let blocks = paragraphs(&record.text);
        let mut failures: Vec<String> = blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| !wanted.contains(b.as_str()))
            .map(|(i, b)| {
                format!(
                    "{page}: paragraph {} of the text «{}» is not an article paragraph",
                    i + 1,
                    clip(b)
                )
            })
            .collect();
        for (line_no, line) in &expected {
            let count = blocks.iter().filter(|b| *b == line).count();
            if count > 1 {
                failures.push(format!(
                    "{page}: expected.txt line {line_no} «{}» is in the text {count} times",
                    clip(line)
                ));
            }
        }
        failures
    });
    report("text other than the article", &failures);
}

#[test]
fn cli_prints_the_seed_article_as_a_json_line() {
    let page = seed_dir().join("semantic.html");
    let output = Command::new(env!("CARGO_BIN_EXE_pith"))
        .arg(&page)
        .output()
        .expect("the pith binary runs");
    assert!(
        output.status.success(),
        "`pith {}` failed with {}; stderr:\n{}",
        page.display(),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).expect("stdout is UTF-8");
    let lines: Vec<&str> = stdout.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(
        lines.len(),
        1,
        "`pith semantic.html` must print exactly one JSON line, got {}:\n{stdout}",
        lines.len()
    );
    let json: serde_json::Value = serde_json::from_str(lines[0]).unwrap_or_else(|e| {
        panic!(
            "`pith semantic.html` printed invalid JSON ({e}): {}",
            lines[0]
        )
    });
    let text = json
        .get("text")
        .and_then(|t| t.as_str())
        .unwrap_or_else(|| panic!("the JSON line has no string field `text`: {}", lines[0]));
    let mut failures = check_article("pith semantic.html", text, &expected());
    failures.extend(check_boilerplate(
        "pith semantic.html",
        text,
        &boilerplate(),
    ));
    report("CLI output", &failures);
}

/// The checks themselves: the exact article passes all of them, and each
/// kind of defect is caught. Without this, a bug in a check could make the
/// tests above unpassable or toothless.
#[test]
fn seed_checks_accept_the_article_and_catch_defects() {
    let expected = expected();
    let boilerplate = boilerplate();
    let lines: Vec<&str> = expected.iter().map(|(_, l)| l.as_str()).collect();
    let perfect = lines.join("\n\n");
    assert_eq!(
        check_article("perfect", &perfect, &expected),
        Vec::<String>::new()
    );
    assert_eq!(
        check_boilerplate("perfect", &perfect, &boilerplate),
        Vec::<String>::new()
    );
    assert_eq!(
        check_headline_parts("perfect", &perfect),
        Vec::<String>::new()
    );
    // Extra blank lines, indentation and wrapped lines do not matter.
    let wrapped = format!("\n\n  {}\n\n\n", perfect.replace(", ", ",\n   "));
    assert_eq!(
        check_article("wrapped", &wrapped, &expected),
        Vec::<String>::new()
    );

    let with_wall = format!("{perfect}\n\nDanke für deine Unterstützung.");
    assert_eq!(check_boilerplate("wall", &with_wall, &boilerplate).len(), 1);
    let with_title = format!("{TITLE}\n\n{KICKER}\n\n{perfect}\n\n{CAPTION} {CAPTION_CREDIT}");
    assert_eq!(check_headline_parts("title", &with_title).len(), 4);

    let merged = format!("{} {}\n\n{}", lines[0], lines[1], lines[2..].join("\n\n"));
    let failures = check_article("merged", &merged, &expected);
    assert_eq!(failures.len(), 2, "{failures:?}");
    assert!(failures.iter().all(|f| f.contains("not its own paragraph")));

    let mut swapped = lines.clone();
    swapped.swap(1, 2);
    let failures = check_article("swapped", &swapped.join("\n\n"), &expected);
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert!(failures[0].contains("out of order"));

    let missing = lines[1..].join("\n\n");
    let failures = check_article("missing", &missing, &expected);
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert!(failures[0].contains("expected.txt line 1 ") && failures[0].contains("missing"));
}

// ---------------------------------------------------------------------------
// The fixtures themselves. These checks keep the tests above honest: each
// page really contains the article and every boilerplate line (so their
// absence from the output is the extractor's doing), the lists do not
// contradict each other, and each page keeps its markup promise. They are
// parsed with markup5ever_rcdom, independently of pith's own parser.

/// What a fixture page holds, as seen by an HTML5 parser.
struct Source {
    /// Visible body text (scripts, styles and templates left out),
    /// whitespace-normalised. Text nodes are joined without separators,
    /// which is enough for containment checks of single lines.
    body_text: String,
    /// Every element inside `<body>`: tag name and attributes.
    body_elements: Vec<(String, Vec<(String, String)>)>,
    /// The contents of every `<script type="application/ld+json">`.
    json_ld: Vec<String>,
}

fn read_source(bytes: &[u8]) -> Source {
    let dom = html5ever::parse_document(RcDom::default(), Default::default())
        .from_utf8()
        .read_from(&mut &bytes[..])
        .expect("reading from memory cannot fail");
    let mut body_text = String::new();
    let mut body_elements = Vec::new();
    let mut json_ld = Vec::new();
    // Explicit stack: (node, inside <body>, inside a non-text element).
    let mut stack: Vec<(Handle, bool, bool)> = vec![(dom.document.clone(), false, false)];
    while let Some((node, in_body, in_skip)) = stack.pop() {
        let (mut child_in_body, mut child_skip) = (in_body, in_skip);
        match &node.data {
            NodeData::Element { name, attrs, .. } => {
                let tag = name.local.to_string();
                let attrs: Vec<(String, String)> = attrs
                    .borrow()
                    .iter()
                    .map(|a| (a.name.local.to_string(), a.value.to_string()))
                    .collect();
                if tag == "script"
                    && attrs
                        .iter()
                        .any(|(k, v)| k == "type" && v == "application/ld+json")
                {
                    let mut content = String::new();
                    for child in node.children.borrow().iter() {
                        if let NodeData::Text { contents } = &child.data {
                            content.push_str(&contents.borrow());
                        }
                    }
                    json_ld.push(content);
                }
                if in_body {
                    body_elements.push((tag.clone(), attrs));
                }
                child_in_body = in_body || tag == "body";
                child_skip = in_skip
                    || matches!(
                        tag.as_str(),
                        "script" | "style" | "noscript" | "template" | "head"
                    );
            }
            NodeData::Text { contents } if in_body && !in_skip => {
                body_text.push_str(&contents.borrow());
            }
            _ => {}
        }
        for child in node.children.borrow().iter().rev() {
            stack.push((child.clone(), child_in_body, child_skip));
        }
    }
    Source {
        body_text: normalise(&body_text),
        body_elements,
        json_ld,
    }
}

/// Words that tell what a box holds; the plain page's class names and ids
/// must contain none of them.
const TELLING: &[&str] = &[
    "nav",
    "menu",
    "head",
    "foot",
    "side",
    "comment",
    "commun",
    "share",
    "social",
    "relat",
    "teaser",
    "promo",
    "banner",
    "cookie",
    "consent",
    "modal",
    "overlay",
    "popup",
    "dialog",
    "adblock",
    "wall",
    "ad-",
    "-ad",
    "ads",
    "sponsor",
    "widget",
    "meta",
    "tag",
    "crumb",
    "body",
    "content",
    "article",
    "story",
    "post",
    "entry",
    "main",
    "text",
    "title",
    "lead",
    "caption",
    "credit",
    "hidden",
    "newsletter",
    "login",
    "form",
    "author",
    "date",
    "logo",
    "job",
    "legal",
    "copy",
    "rss",
    "figure",
    "image",
    "kicker",
    "rules",
    "page",
    "wrap",
];

/// The only elements the plain page may use inside `<body>`.
const PLAIN_TAGS: &[&str] = &[
    "div", "span", "p", "a", "h1", "h2", "img", "ul", "li", "strong", "br", "input", "textarea",
    "button", "script", "noscript",
];

#[test]
fn seed_fixtures_are_sound() {
    let expected = expected();
    let boilerplate = boilerplate();
    let mut failures = Vec::new();

    // The lists agree with each other.
    if expected.len() < 5 {
        failures.push(format!(
            "expected.txt has {} paragraphs, want at least 5",
            expected.len()
        ));
    }
    let mut seen = HashSet::new();
    for (line_no, line) in &expected {
        if !seen.insert(line.as_str()) {
            failures.push(format!("expected.txt line {line_no} is a duplicate"));
        }
        if line == KICKER {
            failures.push(format!("expected.txt line {line_no} is the kicker"));
        }
        for part in [TITLE, CAPTION, CAPTION_CREDIT] {
            if line.contains(part) {
                failures.push(format!(
                    "expected.txt line {line_no} holds the title or caption «{part}»"
                ));
            }
        }
    }
    for (b_no, b) in &boilerplate {
        for (e_no, e) in &expected {
            if e.contains(b.as_str()) {
                failures.push(format!(
                    "boilerplate.txt line {b_no} «{}» occurs in expected.txt line {e_no}",
                    clip(b)
                ));
            }
        }
    }

    for (page, bytes) in pages() {
        if std::str::from_utf8(&bytes).is_err() {
            failures.push(format!("{page}: not valid UTF-8"));
        }
        let source = read_source(&bytes);

        // The page holds the article once, the headline parts and all the
        // boilerplate.
        for (line_no, line) in &expected {
            let count = source.body_text.matches(line.as_str()).count();
            if count != 1 {
                failures.push(format!(
                    "{page}: expected.txt line {line_no} «{}» occurs {count} times in the page, want 1",
                    clip(line)
                ));
            }
        }
        for part in [TITLE, CAPTION, CAPTION_CREDIT] {
            if !source.body_text.contains(part) {
                failures.push(format!("{page}: the page lacks «{part}»"));
            }
        }
        for (line_no, line) in &boilerplate {
            if !source.body_text.contains(line.as_str()) {
                failures.push(format!(
                    "{page}: boilerplate.txt line {line_no} «{}» does not occur in the page",
                    clip(line)
                ));
            }
        }
        for tag in ["h1", "textarea", "input", "img"] {
            if !source.body_elements.iter().any(|(t, _)| t == tag) {
                failures.push(format!("{page}: no <{tag}> in the body"));
            }
        }

        // JSON-LD NewsArticle with the metadata a real page carries.
        let article = source
            .json_ld
            .iter()
            .filter_map(|s| serde_json::from_str::<serde_json::Value>(s).ok())
            .find(|v| v["@type"] == "NewsArticle");
        match article {
            None => failures.push(format!(
                "{page}: no parseable JSON-LD NewsArticle in the page"
            )),
            Some(v) => {
                if v["headline"] != TITLE {
                    failures.push(format!("{page}: JSON-LD headline is {}", v["headline"]));
                }
                for path in [
                    &["author", "name"][..],
                    &["datePublished"],
                    &["publisher", "name"],
                ] {
                    let value = path.iter().fold(&v, |v, key| &v[*key]);
                    if value.as_str().is_none_or(|s| s.is_empty()) {
                        failures.push(format!("{page}: JSON-LD lacks {}", path.join(".")));
                    }
                }
            }
        }

        // Each layout keeps its promise.
        match page.as_str() {
            "plain.html" => {
                for (tag, attrs) in &source.body_elements {
                    if !PLAIN_TAGS.contains(&tag.as_str()) {
                        failures.push(format!("{page}: uses <{tag}>"));
                    }
                    for (name, value) in attrs {
                        if name == "role" || name.starts_with("aria-") || name.starts_with("item") {
                            failures.push(format!("{page}: <{tag}> has attribute {name}"));
                        }
                        if name == "class" || name == "id" {
                            let lower = value.to_lowercase();
                            if let Some(word) = TELLING.iter().find(|w| lower.contains(**w)) {
                                failures.push(format!(
                                    "{page}: <{tag} {name}=\"{value}\"> contains the telling «{word}»"
                                ));
                            }
                        }
                    }
                }
            }
            "semantic.html" => {
                for tag in [
                    "header",
                    "nav",
                    "main",
                    "article",
                    "aside",
                    "section",
                    "footer",
                    "figure",
                    "figcaption",
                    "form",
                ] {
                    if !source.body_elements.iter().any(|(t, _)| t == tag) {
                        failures.push(format!("{page}: no <{tag}>"));
                    }
                }
            }
            "overlay-first.html" => {
                let lead = &expected[0].1;
                let lead_at = source.body_text.find(lead.as_str()).unwrap_or(0);
                for first in [
                    "Bitte schalte deinen Adblocker für t3n.de aus!",
                    "Wir verwenden Cookies",
                ] {
                    if source.body_text.find(first).is_none_or(|at| at > lead_at) {
                        failures.push(format!(
                            "{page}: «{first}» must come before the article in the source"
                        ));
                    }
                }
                if !source.body_elements.iter().any(|(t, _)| t == "table") {
                    failures.push(format!("{page}: no layout <table>"));
                }
            }
            _ => {}
        }
    }
    report("fixture problems", &failures);
}
