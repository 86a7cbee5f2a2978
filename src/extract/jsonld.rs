//! The article body a page states in its JSON-LD (`"articleBody"`), as a
//! third candidate beside the named and the scored containers.
//!
//! Publishers put the full text there for search engines. It has no
//! structure (often one long string, sometimes with newlines or leftover
//! tags) and is sometimes a truncated teaser, so [`super::extract_article`]
//! only prefers it by the stated rules there: when the page's markup gave
//! almost nothing, or much less than the stated body.

use crate::article::{Block, BlockKind, Inline};
use crate::dom::{Document, NodeId};

/// JSON documents larger than this are not parsed (a page embedding a
/// whole data store in a script is not stating an article body).
const MAX_JSON_BYTES: usize = 2 << 20;

/// The longest `articleBody` string in the page's JSON-LD scripts, as
/// paragraphs.
pub(crate) fn article_body(doc: &Document) -> Option<Vec<Block>> {
    let mut best: Option<String> = None;
    for id in doc.descendants(Document::ROOT) {
        if doc.tag(id) != Some("script") || !is_json_ld(doc, id) {
            continue;
        }
        let raw = doc.text_content(id);
        if raw.len() > MAX_JSON_BYTES || !raw.contains("articleBody") {
            continue;
        }
        let Some(value) = parse_lenient(&raw) else {
            continue;
        };
        if let Some(body) = longest_article_body(&value) {
            if best.as_ref().is_none_or(|b| body.len() > b.len()) {
                best = Some(body.to_string());
            }
        }
    }
    let text = best?;
    let text = if text.contains("</") || text.contains("<p") || text.contains("<br") {
        strip_markup(&text)
    } else {
        text
    };
    let blocks: Vec<Block> = text
        .split('\n')
        .map(crate::text::collapse_ws)
        .filter(|p| !p.is_empty())
        .map(|p| Block {
            kind: BlockKind::Paragraph,
            quote_depth: 0,
            content: vec![Inline::Text(p)],
        })
        .collect();
    (!blocks.is_empty()).then_some(blocks)
}

fn is_json_ld(doc: &Document, id: NodeId) -> bool {
    doc.attr(id, "type")
        .is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"))
}

/// Parse JSON-LD as pages write it: raw newlines and tabs inside strings
/// (invalid JSON, common in the wild) are turned into spaces, which is
/// harmless outside strings; a CDATA wrapper is dropped.
fn parse_lenient(raw: &str) -> Option<serde_json::Value> {
    let trimmed = raw
        .trim()
        .trim_start_matches("//<![CDATA[")
        .trim_start_matches("<![CDATA[")
        .trim_end_matches("//]]>")
        .trim_end_matches("]]>");
    if let Ok(v) = serde_json::from_str(trimmed) {
        return Some(v);
    }
    let cleaned: String = trimmed
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    serde_json::from_str(&cleaned).ok()
}

/// Walk the JSON value (iteratively) for the longest `articleBody` string.
fn longest_article_body(value: &serde_json::Value) -> Option<&str> {
    let mut best: Option<&str> = None;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::Object(map) => {
                for (k, child) in map {
                    if k == "articleBody" {
                        if let serde_json::Value::String(s) = child {
                            if best.is_none_or(|b| s.len() > b.len()) {
                                best = Some(s);
                            }
                            continue;
                        }
                    }
                    stack.push(child);
                }
            }
            serde_json::Value::Array(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    best
}

/// Text of an HTML fragment with a newline at each paragraph or line break.
fn strip_markup(html: &str) -> String {
    let doc = crate::parse::parse_html(html);
    let mut out = String::with_capacity(html.len());
    for id in doc.descendants(Document::ROOT) {
        if let Some(t) = doc.text(id) {
            out.push_str(t);
        } else if matches!(
            doc.tag(id),
            Some("p") | Some("br") | Some("div") | Some("li")
        ) {
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_html;

    #[test]
    fn finds_the_longest_body_in_graphs_and_tolerates_raw_newlines() {
        let html = "<html><head><script type=\"application/ld+json\">{\"@graph\": [\
            {\"@type\": \"WebPage\"}, {\"@type\": \"NewsArticle\", \"articleBody\": \"First para.\nSecond\tpara.\"}]}\
            </script></head><body></body></html>";
        let doc = parse_html(html);
        let blocks = article_body(&doc).expect("body");
        assert_eq!(blocks.len(), 1, "raw control characters become spaces");
        assert_eq!(
            blocks[0].content,
            vec![Inline::Text("First para. Second para.".into())]
        );
    }

    #[test]
    fn strips_markup_inside_the_body() {
        let html = r#"<script type="application/ld+json">{"articleBody": "<p>One &amp; two.</p><p>Three.</p>"}</script>"#;
        let doc = parse_html(html);
        let blocks = article_body(&doc).expect("body");
        assert_eq!(blocks.len(), 2);
    }

    #[test]
    fn no_json_ld_no_body() {
        let doc = parse_html("<script type=\"application/ld+json\">{broken</script>");
        assert!(article_body(&doc).is_none());
    }
}
