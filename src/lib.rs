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
//! the article), [`record`] (the output unit), [`serialize`] (a tree back to
//! HTML). The CLI adds [`input`]
//! (files, directories, stdin, JSON Lines, WARC), [`pipeline`] (parallel,
//! ordered, bounded) and [`output`] (JSON Lines writer).

pub mod article;
pub mod decode;
pub mod dom;
pub mod eval;
pub mod extract;
pub mod input;
pub mod metadata;
pub mod output;
pub mod parse;
pub mod pipeline;
pub mod record;
pub mod render;
pub mod serialize;

pub use record::Record;

/// Which way to lean when the extractor is unsure whether a block belongs to
/// the article.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
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
        encoding: Some(decoded.encoding.to_string()),
        encoding_source: Some(decoded.source),
        ..Record::default()
    };
    let doc = parse::parse_html(&decoded.text);
    record.metadata = metadata::extract_metadata(&doc, options.url.as_deref());
    let mut titles = title_forms(&doc);
    if let Some(t) = &record.metadata.title {
        titles.push(t.clone());
    }
    let extraction = extract::extract_article(
        &doc,
        &extract::ExtractOptions {
            favor: options.favor,
            titles,
        },
    );
    record.text = render::text(&extraction.article);
    if options.comments {
        record.comments = Some(extract::extract_comments(&doc));
    }
    metadata::detect_language(&mut record.metadata, &record.text);
    record
}

/// Forms of the headline the page states in its head: the `<title>`, its
/// parts around site-name separators, and the social titles.
fn title_forms(doc: &dom::Document) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(head) = doc.head() {
        for id in doc.descendants(head) {
            match doc.tag(id) {
                Some("title") => {
                    let t = doc.text_content(id).trim().to_string();
                    for sep in [" | ", " - ", " – ", " — ", ": ", " :: ", " » "] {
                        for part in t.split(sep) {
                            out.push(part.trim().to_string());
                        }
                    }
                    out.insert(0, t);
                }
                Some("meta")
                    if matches!(
                        doc.attr(id, "property"),
                        Some("og:title") | Some("twitter:title")
                    ) || doc.attr(id, "name") == Some("twitter:title") =>
                {
                    if let Some(c) = doc.attr(id, "content") {
                        out.push(c.trim().to_string());
                    }
                }
                _ => {}
            }
        }
    }
    out.retain(|t| !t.is_empty());
    out
}
