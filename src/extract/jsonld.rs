//! The article body a page states in its JSON-LD (`"articleBody"`), as a
//! third candidate beside the named and the scored containers.
//!
//! Publishers put the full text there for search engines. It has no
//! structure (often one long string, sometimes with newlines or leftover
//! tags) and is sometimes a truncated teaser, so [`super::extract_article`]
//! only prefers it by the stated rules there: when the page's markup gave
//! almost nothing, or much less than the stated body. The page's JSON-LD
//! is read once, by the metadata (`metadata::jsonld`), which hands the
//! longest `articleBody` over in [`super::ExtractOptions::stated_body`];
//! this module turns that string into paragraphs.

use crate::article::{Block, BlockKind, Inline};
use crate::dom::Document;

/// The stated body as paragraphs: one per line of the text, markup (some
/// pages leave tags in it) stripped to its text.
pub(crate) fn article_body(text: &str) -> Option<Vec<Block>> {
    let stripped;
    let text = if text.contains("</") || text.contains("<p") || text.contains("<br") {
        stripped = strip_markup(text);
        &stripped
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

    #[test]
    fn one_paragraph_per_line_with_markup_stripped() {
        let blocks = article_body("First para.\n  Second\tpara.\n\n").expect("body");
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[1].content, vec![Inline::Text("Second para.".into())]);
        let blocks = article_body("<p>One &amp; two.</p><p>Three.</p>").expect("body");
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].content, vec![Inline::Text("One & two.".into())]);
        assert!(article_body(" \n ").is_none());
    }
}
