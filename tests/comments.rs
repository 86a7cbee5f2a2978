//! Reader comments (`--comments`) checked against hand-labelled pages.
//!
//! Each `fixtures/comments/NAME.html` has a `NAME.json` beside it holding
//! the comments a reader sees on the page, in order: author, date (ISO 8601
//! from `<time datetime>` or microdata, else as written) and text. The
//! pages cover WordPress markup with a nested reply and a comment form,
//! schema.org microdata under meaningless class names, a German page
//! (`kommentare`), a custom list found only by its repeated markup, and a
//! section holding only a form and its policy (no comments: `[]`).

use std::path::{Path, PathBuf};
use std::process::Command;

use pith::extract::{extract_comments, Comment, MAX_COMMENTS};
use pith::parse::parse_html;
use pith::Options;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/comments")
        .join(name)
}

fn expected(name: &str) -> Value {
    let text = std::fs::read_to_string(fixture(&format!("{name}.json"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn comments_of(name: &str) -> Vec<Comment> {
    let html = std::fs::read_to_string(fixture(&format!("{name}.html"))).unwrap();
    extract_comments(&parse_html(&html))
}

#[test]
fn fixtures_match_expected_comments() {
    let mut names: Vec<String> = std::fs::read_dir(fixture(""))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 5, "fixtures missing: {names:?}");
    for name in names {
        let got = serde_json::to_value(comments_of(&name)).unwrap();
        assert_eq!(got, expected(&name), "fixtures/comments/{name}.html");
    }
}

#[test]
fn wordpress_reply_is_its_own_comment_without_furniture() {
    let got = comments_of("wordpress");
    assert_eq!(got.len(), 3);
    assert_eq!(got[1].author.as_deref(), Some("Clara Winter"));
    assert_eq!(got[1].date.as_deref(), Some("2023-05-04T07:05:40+00:00"));
    for c in &got {
        for furniture in ["Reply", "says:", "Edit", "Leave a Reply", "email address"] {
            assert!(!c.text.contains(furniture), "{furniture:?} in {:?}", c.text);
        }
    }
    // The reply is not repeated in its parent's text.
    assert!(!got[0].text.contains("mosquitoes"));
}

#[test]
fn a_comment_form_alone_gives_no_comments() {
    assert!(comments_of("form-only").is_empty());
    let page = r#"<html><body><article><h1>T</h1><p>Body text of the article.</p></article>
        <div id="respond" class="comment-respond"><h3>Leave a Reply</h3>
        <form><p class="comment-notes">Your email address will not be published.</p>
        <textarea name="comment"></textarea></form></div></body></html>"#;
    assert!(extract_comments(&parse_html(page)).is_empty());
}

#[test]
fn words_that_only_contain_comment_name_nothing() {
    // "commentary" is not "comment", and a comment count is not a comment.
    let page = r#"<html><body><div class="commentary"><div class="commentary-item">
        <p>An essay paragraph that must not become a comment.</p></div>
        <div class="commentary-item"><p>Another essay paragraph.</p></div></div>
        <span class="comments-count">12 comments</span></body></html>"#;
    assert!(extract_comments(&parse_html(page)).is_empty());
}

#[test]
fn a_list_typed_as_one_comment_is_read_as_a_section() {
    // Pages put itemprop=comment on the whole comment area; its heading
    // and buttons are no comment.
    let page = r#"<html><body><p>Article.</p>
        <div id="article-comments" itemprop="comment"><span>Leave Comments</span>
        <div class="fb-comments" data-href="x"></div></div></body></html>"#;
    assert!(extract_comments(&parse_html(page)).is_empty());
}

#[test]
fn hidden_templates_are_not_comments() {
    let page = r#"<html><body><section class="comments">
        <div class="comment" style="display: none"><div class="comment-text">TEMPLATE</div></div>
        <div class="comment"><div class="comment-text">A real comment.</div></div>
        </section></body></html>"#;
    let got = extract_comments(&parse_html(page));
    let texts: Vec<&str> = got.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, ["A real comment."]);
}

#[test]
fn many_comments_are_capped() {
    let mut page = String::from(r#"<html><body><ol class="commentlist">"#);
    for i in 0..(MAX_COMMENTS + 50) {
        page.push_str(&format!(
            r#"<li class="comment"><p>Comment number {i}.</p></li>"#
        ));
    }
    let got = extract_comments(&parse_html(&page));
    assert_eq!(got.len(), MAX_COMMENTS);
    assert_eq!(got[0].text, "Comment number 0.");
}

#[test]
fn article_text_is_the_same_with_and_without_comments() {
    for name in ["wordpress", "microdata", "german", "repeated", "form-only"] {
        let html = std::fs::read(fixture(&format!("{name}.html"))).unwrap();
        let without = pith::extract(&html, &Options::default());
        let with = pith::extract(&html, &Options::default().with_comments(true));
        assert_eq!(without.comments, None);
        assert!(with.comments.is_some());
        assert_eq!(with.text, without.text, "{name}");
        // Comments were pruned from the article in the first place.
        for c in with.comments.unwrap_or_default() {
            assert!(!with.text.contains(&c.text), "{name}: {:?}", c.text);
        }
    }
}

#[test]
fn binary_writes_comments_only_when_asked() {
    let run = |args: &[&str]| -> Value {
        let out = Command::new(env!("CARGO_BIN_EXE_pith"))
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let page = fixture("german.html");
    let page = page.to_str().unwrap();
    let plain = run(&[page]);
    assert!(plain.get("comments").is_none());
    let with = run(&["--comments", page]);
    assert_eq!(with["comments"], expected("german"));
    assert_eq!(with["text"], plain["text"]);
    let empty = run(&["--comments", fixture("form-only.html").to_str().unwrap()]);
    assert_eq!(empty["comments"], serde_json::json!([]));
}
