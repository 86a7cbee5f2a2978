//! The extracted article as plain data: a list of [`Block`]s in page order.
//!
//! Extraction (`crate::extract`) decides *what* belongs to the article and
//! produces these blocks; the renderers (`text`, and the structured formats)
//! only decide *how* to print them. Keeping one intermediate form means the
//! plain text, markdown and HTML of a page always hold the same words.

/// The article body of one page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    /// Blocks in page order.
    pub blocks: Vec<Block>,
}

/// One block-level unit of the article: a paragraph, heading, list item,
/// table or code block.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// What kind of block this is.
    pub kind: BlockKind,
    /// How many blockquotes enclose the block (0 outside quotes).
    pub quote_depth: u8,
    /// Inline content; empty for tables and code, which carry their own.
    pub content: Vec<Inline>,
}

/// The kind of a [`Block`].
#[derive(Debug, Clone, PartialEq)]
pub enum BlockKind {
    /// A paragraph (also a run of text in a `div` with no block children).
    Paragraph,
    /// A heading `<h1>`..`<h6>` inside the article.
    Heading {
        /// 1 to 6.
        level: u8,
    },
    /// One item of a list.
    ListItem {
        /// `<ol>` rather than `<ul>`.
        ordered: bool,
        /// Nesting depth, 0 for a top-level list.
        depth: u8,
        /// The item's number in an ordered list (from `start`), else 0.
        number: u32,
    },
    /// A data table.
    Table {
        /// Rows in order.
        rows: Vec<TableRow>,
    },
    /// Preformatted text or code, whitespace kept as written.
    Code {
        /// The language, when the page states it (`class="language-rust"`).
        lang: Option<String>,
        /// The text, verbatim.
        text: String,
    },
}

/// One row of a [`BlockKind::Table`].
#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    /// A header row (`<th>` cells or inside `<thead>`).
    pub header: bool,
    /// The cells' inline content.
    pub cells: Vec<Vec<Inline>>,
}

/// Inline content of a block.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Plain text, whitespace already collapsed.
    Text(String),
    /// `<em>`, `<i>`.
    Emphasis(Vec<Inline>),
    /// `<strong>`, `<b>`.
    Strong(Vec<Inline>),
    /// Inline `<code>`.
    Code(String),
    /// A hyperlink (absolute URL when the base is known).
    Link {
        /// Target URL.
        href: String,
        /// Link text.
        content: Vec<Inline>,
    },
    /// An image (absolute URL when the base is known).
    Image {
        /// Source URL.
        src: String,
        /// Alternative text.
        alt: String,
    },
    /// `<br>`.
    LineBreak,
}

impl Article {
    /// Make every link and image URL absolute by resolving it against
    /// `base` (the page's base URL); with no base, an already absolute URL
    /// is kept and a relative one becomes empty, which the renderers leave
    /// out (link text stays). Resolving normalises the URL the way a browser
    /// would (scheme and host lower case, tabs and newlines dropped, `..`
    /// segments applied), so the scheme the renderers judge is the one a
    /// browser would follow.
    ///
    /// A link with an empty target (an anchor without `href`) stays empty
    /// rather than pointing at the page itself.
    pub fn resolve_urls(&mut self, base: Option<&url::Url>) {
        // Inline lists still to visit; nesting follows the page's markup, so
        // the walk keeps its own stack instead of recursing.
        let mut pending: Vec<&mut Vec<Inline>> = Vec::new();
        for block in &mut self.blocks {
            if let BlockKind::Table { rows } = &mut block.kind {
                pending.extend(rows.iter_mut().flat_map(|row| row.cells.iter_mut()));
            }
            pending.push(&mut block.content);
        }
        while let Some(list) = pending.pop() {
            for inline in list {
                match inline {
                    Inline::Link { href, content } => {
                        resolve_in_place(href, base);
                        pending.push(content);
                    }
                    Inline::Emphasis(content) | Inline::Strong(content) => pending.push(content),
                    Inline::Image { src, .. } => resolve_in_place(src, base),
                    Inline::Text(_) | Inline::Code(_) | Inline::LineBreak => {}
                }
            }
        }
    }
}

/// Replace `reference` by its absolute form, or by the empty string when it
/// has none (relative without a base, or not a URL at all).
fn resolve_in_place(reference: &mut String, base: Option<&url::Url>) {
    if reference.is_empty() {
        return;
    }
    *reference = crate::resolve::join(reference, base)
        .map(String::from)
        .unwrap_or_default();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(href: &str) -> Inline {
        Inline::Link {
            href: href.to_owned(),
            content: vec![Inline::Text("x".to_owned())],
        }
    }

    fn image(src: &str) -> Inline {
        Inline::Image {
            src: src.to_owned(),
            alt: String::new(),
        }
    }

    fn paragraph(content: Vec<Inline>) -> Block {
        Block {
            kind: BlockKind::Paragraph,
            quote_depth: 0,
            content,
        }
    }

    /// The link and image URLs of an article, in the order the walk above
    /// cannot guarantee, so sorted.
    fn urls(article: &Article) -> Vec<String> {
        let mut out = Vec::new();
        let mut pending: Vec<&Vec<Inline>> = Vec::new();
        for block in &article.blocks {
            if let BlockKind::Table { rows } = &block.kind {
                pending.extend(rows.iter().flat_map(|row| row.cells.iter()));
            }
            pending.push(&block.content);
        }
        while let Some(list) = pending.pop() {
            for inline in list {
                match inline {
                    Inline::Link { href, content } => {
                        out.push(href.clone());
                        pending.push(content);
                    }
                    Inline::Emphasis(c) | Inline::Strong(c) => pending.push(c),
                    Inline::Image { src, .. } => out.push(src.clone()),
                    _ => {}
                }
            }
        }
        out.sort();
        out
    }

    fn sample() -> Article {
        Article {
            blocks: vec![
                paragraph(vec![
                    link("../b/page.html?q=1#top"),
                    Inline::Strong(vec![Inline::Emphasis(vec![link("/root")])]),
                    image("img/photo.jpg"),
                    link("https://other.example/x"),
                    link(""),
                    link("#notes"),
                    link("JavaScript:alert(1)"),
                ]),
                Block {
                    kind: BlockKind::Table {
                        rows: vec![TableRow {
                            header: false,
                            cells: vec![vec![link("//cdn.example/y")]],
                        }],
                    },
                    quote_depth: 1,
                    content: Vec::new(),
                },
            ],
        }
    }

    #[test]
    fn relative_urls_resolve_against_the_base_everywhere() {
        let base = url::Url::parse("https://example.org/a/c/article.html").unwrap();
        let mut article = sample();
        article.resolve_urls(Some(&base));
        assert_eq!(
            urls(&article),
            [
                "",
                "https://cdn.example/y",
                "https://example.org/a/b/page.html?q=1#top",
                "https://example.org/a/c/article.html#notes",
                "https://example.org/a/c/img/photo.jpg",
                "https://example.org/root",
                "https://other.example/x",
                "javascript:alert(1)",
            ]
        );
    }

    #[test]
    fn without_a_base_only_absolute_urls_survive() {
        let mut article = sample();
        article.resolve_urls(None);
        assert_eq!(
            urls(&article),
            [
                "",
                "",
                "",
                "",
                "",
                "",
                "https://other.example/x",
                "javascript:alert(1)",
            ]
        );
    }
}
