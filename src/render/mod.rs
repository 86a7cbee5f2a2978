//! Printing an extracted [`Article`] as plain text, markdown or HTML.
//!
//! The extractor decides which blocks make up the article; this module only
//! decides how they look. All three formats walk the same blocks and the same
//! inline content, so they hold the same words in the same order: the plain
//! text is what the benchmark scores, markdown keeps the structure for people
//! and language models, and HTML is for embedding in another page.
//!
//! This module owns the markdown and HTML layouts and is the public entry to
//! all three. The plain-text layout, the inline writer that markdown shares
//! with it and the URL safety rules live in `crate::layout`, because
//! comment extraction lays out each comment's text the same way.
//!
//! Layout choices shared by the formats (the task left them open):
//! - A block with nothing visible (a paragraph holding only an image in plain
//!   text, an empty list item, a table whose cells are all empty) is left out,
//!   so no format ever prints empty lines or empty elements for it.
//! - A run of two or more line breaks inside a paragraph or list item is a
//!   paragraph break (pages use `<br><br>` for that); a single one is a line
//!   break. Line breaks at the start or end of a block are dropped. Inside a
//!   heading or a table cell, whose markdown form is one line, a line break
//!   counts as a space (in plain text and markdown; HTML keeps `<br>`).
//! - List items whose depth skips a level (a depth-2 item right after a
//!   depth-0 one) are treated as one level deeper than the item before, and
//!   the first item of a list is at depth 0: the article may have lost the
//!   parent item, and markdown cannot express the gap anyway.
//! - Links and images whose URL has a scheme that can run code
//!   (`javascript:`, `vbscript:`, `data:` other than images) or any scheme
//!   outside a short list of ordinary ones are dropped from markdown and HTML
//!   alike; their text stays.

mod html;
mod markdown;

use crate::article::Article;

pub use crate::layout::RenderOptions;

/// The options of [`markdown`].
pub type MarkdownOptions = RenderOptions;

/// The options of [`html`].
pub type HtmlOptions = RenderOptions;

/// The article as plain text.
///
/// Blocks are separated by a blank line, except consecutive list items and
/// the rows of a table, which are separated by a single newline. Headings
/// and list items are plain lines (no `#`, bullets or numbers: those are not
/// words of the article). A table row is one line with its cells separated by
/// a tab, so columns stay recoverable without adding characters that could
/// be mistaken for content. Code blocks keep their text as written. Inline
/// content is concatenated exactly: whitespace only comes from the text
/// itself. Lines carry no trailing whitespace (and, outside code, no leading
/// whitespace), and the result has no leading or trailing blank lines.
pub fn text(article: &Article) -> String {
    crate::layout::text(article)
}

/// The article as CommonMark with GFM tables.
///
/// Headings keep their level, lists their nesting and numbers, code blocks
/// their language, quotes their depth; characters that markdown would read as
/// syntax are escaped so that rendering the result shows the article's words
/// unchanged. A table without a header row uses its first row as the header
/// (GFM requires one, and an empty header row would print as an empty bar).
pub fn markdown(article: &Article, opts: &MarkdownOptions) -> String {
    markdown::render(article, opts)
}

/// The article as clean HTML, safe to embed in another page.
///
/// Only structural elements are produced (`p`, `h1`-`h6`, `ul`/`ol`/`li`,
/// `table`/`thead`/`tbody`/`tr`/`th`/`td`, `pre`/`code`, `blockquote`, `em`,
/// `strong`, `code`, `a href`, `img src alt`, `br`); every text and attribute
/// value is escaped, and URLs that could run code are dropped.
pub fn html(article: &Article, opts: &HtmlOptions) -> String {
    html::render(article, opts)
}
