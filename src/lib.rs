//! pith finds the article in a raw HTML page and returns it as a structured
//! [`Record`]: the text without navigation, walls, comments and footers, plus
//! the page's metadata.
//!
//! ```
//! let html = b"<html><body><nav>Home | About</nav><article><h1>Title</h1>\
//!              <p>The first paragraph of the article, long enough to count as prose.</p>\
//!              </article></body></html>";
//! let record = pith::extract(html, &pith::Options::default());
//! assert!(record.text.contains("first paragraph"));
//! assert!(!record.text.contains("Home"));
//! ```
//!
//! The stages, each in its own module: [`decode`] (bytes to text), [`parse`]
//! (text to a [`dom::Document`]), `extract` (cleaning, scoring and selecting
//! the article), [`record`] (the output unit). The CLI adds `input`
//! (files, directories, stdin) and `output` (an ordered writer).

pub mod decode;
pub mod dom;
pub mod metadata;
pub mod parse;
pub mod record;

pub use record::Record;

/// Which way to lean when the extractor is unsure whether a block belongs to
/// the article.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Favor {
    /// The default trade-off.
    #[default]
    Balanced,
    /// Leave out doubtful blocks: less boilerplate, some article text lost.
    Precision,
    /// Keep doubtful blocks: more of the article, some boilerplate kept.
    Recall,
}

/// What to extract and how.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The page's URL, when the caller knows it (used to resolve relative
    /// links and as the record's `url` when the page names none).
    pub url: Option<String>,
    /// Precision/recall trade-off.
    pub favor: Favor,
    /// Also extract reader comments into `Record::comments`.
    pub comments: bool,
}

/// Extract the article and metadata from one page's raw bytes.
///
/// Never fails and never panics on input: whatever goes wrong is reported in
/// the record's `error` field.
pub fn extract(html: &[u8], options: &Options) -> Record {
    let decoded = decode::decode(html);
    let mut record = Record {
        url: options.url.clone(),
        encoding: Some(decoded.encoding.to_string()),
        encoding_source: Some(decoded.source),
        ..Record::default()
    };
    let doc = parse::parse_html(&decoded.text);
    let body = doc.body().unwrap_or(dom::Document::ROOT);
    record.text = doc.text_content(body);
    record
}
