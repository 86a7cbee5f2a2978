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
