//! The record's fields for one page, through the library entry point.

use pith::{extract, Options};

const PROSE: &str = "A paragraph of real article prose, long enough to be kept by the extractor, with commas, clauses and a full stop.";

fn page(head: &str, html_attrs: &str) -> Vec<u8> {
    format!(
        "<!doctype html><html {html_attrs}><head>{head}</head><body><nav>Home News</nav>\
         <article><h1>The Headline</h1><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></article>\
         <footer>Imprint</footer></body></html>"
    )
    .into_bytes()
}

#[test]
fn title_prefers_og_title_and_stays_out_of_text() {
    let r = extract(
        &page(
            r#"<title>The Headline | Example Site</title><meta property="og:title" content="The Headline">"#,
            r#"lang="de""#,
        ),
        &Options::default(),
    );
    assert_eq!(r.metadata.title.as_deref(), Some("The Headline"));
    assert!(!r.text.contains("The Headline"));
    assert!(r.text.starts_with("A paragraph of real article prose"));
    assert_eq!(r.metadata.language.as_deref(), Some("de"));
    assert_eq!(r.encoding.as_deref(), Some("UTF-8"));
    assert!(r.error.is_none());
}

#[test]
fn title_falls_back_to_the_lone_h1_and_language_to_the_meta_declaration() {
    let r = extract(
        &page(
            r#"<title>Only Title</title><meta http-equiv="Content-Language" content="fr">"#,
            "",
        ),
        &Options::default().with_url("https://example.org/a"),
    );
    // No og:title: the page's single <h1> is the headline, not the <title>.
    assert_eq!(r.metadata.title.as_deref(), Some("The Headline"));
    assert_eq!(r.metadata.language_declared.as_deref(), Some("fr"));
    assert_eq!(r.metadata.url.as_deref(), Some("https://example.org/a"));
}

#[test]
fn paragraphs_are_separated_by_a_blank_line_and_inline_tags_add_no_spaces() {
    let html = format!(
        "<html><body><article><p><span class=dropcap>H</span>ong Kong is a city. {PROSE}</p>\
         <p>{PROSE}</p><ul><li>one</li><li>two</li></ul><p>{PROSE}</p></article></body></html>"
    );
    let r = extract(html.as_bytes(), &Options::default());
    assert!(r.text.starts_with("Hong Kong is a city."), "{}", r.text);
    assert!(r.text.contains(".\n\nA paragraph"), "{}", r.text);
    assert!(r.text.contains("one\ntwo"), "{}", r.text);
}

#[test]
fn old_table_layout_yields_its_br_separated_paragraphs_only() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/layouts/table-layout.html"
    );
    let html = std::fs::read(path).expect("fixture");
    let r = extract(&html, &Options::default());
    let paragraphs: Vec<&str> = r.text.split("\n\n").collect();
    assert_eq!(paragraphs.len(), 3, "{}", r.text);
    assert!(paragraphs[0].starts_with("The town council voted"));
    assert!(paragraphs[2].ends_with("during construction."));
    for junk in ["Archive 1998", "Guestbook", "About us", "Copyright 1999"] {
        assert!(!r.text.contains(junk), "{junk} in {}", r.text);
    }
}

#[test]
fn json_ld_article_body_stands_in_when_the_markup_is_empty() {
    let body = PROSE.repeat(6);
    let html = format!(
        r#"<html><head><script type="application/ld+json">{{"@type":"NewsArticle","headline":"H","articleBody":"{body}"}}</script></head>
        <body><div id="app">Loading…</div></body></html>"#
    );
    let r = extract(html.as_bytes(), &Options::default());
    assert!(
        r.text.starts_with("A paragraph of real article prose"),
        "{}",
        r.text
    );
    assert!(!r.text.contains("Loading"));
    // With a real article in the markup, the markup wins.
    let r = extract(&page("", ""), &Options::default());
    assert!(!r.text.is_empty());
}

#[test]
fn images_of_figures_reach_markdown_but_never_the_text() {
    let html = format!(
        "<html><body><article><p>{PROSE}</p><figure><a href='/big.jpg'><img src='/pic.jpg' alt='A harbour'></a>\
         <figcaption>The harbour at dawn. Photo: Jane Doe</figcaption></figure><p>{PROSE} Again.</p></article></body></html>"
    );
    let with = extract(
        html.as_bytes(),
        &Options::default()
            .with_url("https://example.org/news/a.html")
            .with_markdown(true)
            .with_images(true),
    );
    let without = extract(html.as_bytes(), &Options::default());
    assert_eq!(with.text, without.text);
    assert!(!with.text.contains("harbour"));
    let md = with.markdown.expect("markdown");
    assert!(
        md.contains("![A harbour](https://example.org/pic.jpg)"),
        "{md}"
    );
    assert!(!md.contains("dawn"), "{md}");
}

#[test]
fn forum_thread_keeps_every_post_in_order() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/layouts/forum-thread.html"
    );
    let html = std::fs::read(path).expect("fixture");
    let r = extract(&html, &Options::default());
    let posts = [
        "My 2009 hatchback makes a ticking noise",
        "Sounds like a lifter tick.",
        "You were right, they put in 10W-40",
    ];
    let mut from = 0;
    for p in posts {
        let at = r.text[from..]
            .find(p)
            .unwrap_or_else(|| panic!("{p:?} missing or out of order in {}", r.text));
        from += at;
    }
    for junk in [
        "Register",
        "Post Reply",
        "Board index",
        "Powered by phpBB",
        "Posts: 4810",
    ] {
        assert!(!r.text.contains(junk), "{junk} in {}", r.text);
    }
}
