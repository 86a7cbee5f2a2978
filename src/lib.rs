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
//! (text to a [`dom::Document`]), [`mod@extract`] (cleaning, scoring and
//! selecting the article; reader comments), [`metadata`] (what the page says
//! about itself), [`render`] (the article as text, markdown or HTML) and
//! [`record`] (the output unit); [`serialize`] writes a tree back as HTML.
//!
//! # Features
//!
//! - Without features, the library is the extractor alone: [`extract()`] and
//!   the stages above, with neither clap nor a thread pool in the tree
//!   (`default-features = false`).
//! - `io` adds running pith over many pages: `input` (files, directories,
//!   stdin, JSON Lines, WARC), `pipeline` (parallel, ordered, bounded; rayon)
//!   and `output` (the record writers).
//! - `cli` (default) adds `io`, the `pith` binary, `pith eval` (`eval`) and
//!   the binary's clap glue (`cli`).

pub mod article;
#[cfg(feature = "cli")]
pub mod cli;
mod deadline;
pub mod decode;
pub mod dom;
mod error;
#[cfg(feature = "cli")]
pub mod eval;
pub mod extract;
#[cfg(feature = "io")]
pub mod input;
mod layout;
pub mod metadata;
#[cfg(feature = "io")]
pub mod output;
pub mod parse;
#[cfg(feature = "io")]
pub mod pipeline;
pub mod record;
pub mod render;
mod resolve;
pub mod serialize;
pub mod sniff;
mod text;

pub use error::Error;

pub use metadata::Date;
pub use record::{ErrorKind, Record};
use std::panic::{self, AssertUnwindSafe};
use std::time::Duration;

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
///
/// Start from [`Options::default`] (the article text and metadata only,
/// [`Favor::Balanced`]) and turn on what you need with the `with_*`
/// methods:
///
/// ```
/// use pith::{Favor, Options};
///
/// let options = Options::default()
///     .with_url("https://example.org/news/story.html")
///     .with_favor(Favor::Precision)
///     .with_markdown(true)
///     .with_links(true);
/// assert_eq!(options.url.as_deref(), Some("https://example.org/news/story.html"));
/// assert!(options.markdown && options.links && !options.html);
/// ```
///
/// The fields stay readable (and assignable, e.g. `options.url = None`);
/// the struct is `#[non_exhaustive]` so that new options can be added
/// without breaking callers, which is why it cannot be built with a struct
/// literal outside this crate.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Options {
    /// The page's URL, when the caller knows it (used to resolve relative
    /// links and as the record's `url` when the page names none).
    pub url: Option<String>,
    /// The page's character encoding as a WHATWG label (`--encoding`, or
    /// the HTTP `charset` of a WARC record). It overrides what the page
    /// declares; only a byte order mark still wins. An unknown label is
    /// ignored and the page is decoded as if none was given.
    pub encoding: Option<String>,
    /// Precision/recall trade-off.
    pub favor: Favor,
    /// Also extract reader comments into `Record::comments`.
    pub comments: bool,
    /// Also render the article as markdown into [`Record::markdown`].
    pub markdown: bool,
    /// Also render the article as clean HTML into [`Record::html`].
    pub html: bool,
    /// Keep hyperlinks in markdown and HTML, made absolute against the
    /// page's `<base href>`, else [`Options::url`], else the canonical URL
    /// (relative ones are left out when there is none); without this only
    /// the link text is kept.
    pub links: bool,
    /// Keep images in markdown and HTML, with absolute URLs as for
    /// [`Options::links`]; without this they are left out.
    pub images: bool,
    /// The date the page's dates are checked against: a date later than
    /// the day after it is taken for a template's or a cookie's and
    /// skipped. For a crawled page, the day it was fetched (the CLI takes
    /// the WARC-Date); `None` means today by the system clock, which makes
    /// the record depend on the day it is made.
    pub now: Option<Date>,
    /// The most time one page may take (`--timeout`); `None`, the default
    /// of the library, means no limit. Parsing and extraction check the
    /// clock as they go (see [`Options::with_timeout`]); a page past its
    /// time gets a record with the error kind [`ErrorKind::Timeout`]
    /// instead of a partial article.
    pub timeout: Option<Duration>,
}

impl Options {
    /// Set [`Options::url`]: the page's URL.
    #[must_use]
    pub fn with_url(mut self, url: impl Into<String>) -> Options {
        self.url = Some(url.into());
        self
    }

    /// Set [`Options::encoding`]: decode the page with this WHATWG encoding
    /// label whatever it declares.
    #[must_use]
    pub fn with_encoding(mut self, label: impl Into<String>) -> Options {
        self.encoding = Some(label.into());
        self
    }

    /// Set [`Options::favor`]: the precision/recall trade-off.
    #[must_use]
    pub fn with_favor(mut self, favor: Favor) -> Options {
        self.favor = favor;
        self
    }

    /// Set [`Options::comments`]: also extract reader comments.
    #[must_use]
    pub fn with_comments(mut self, comments: bool) -> Options {
        self.comments = comments;
        self
    }

    /// Set [`Options::markdown`]: also render the article as markdown.
    #[must_use]
    pub fn with_markdown(mut self, markdown: bool) -> Options {
        self.markdown = markdown;
        self
    }

    /// Set [`Options::html`]: also render the article as clean HTML.
    #[must_use]
    pub fn with_html(mut self, html: bool) -> Options {
        self.html = html;
        self
    }

    /// Set [`Options::links`]: keep hyperlinks in markdown and HTML.
    #[must_use]
    pub fn with_links(mut self, links: bool) -> Options {
        self.links = links;
        self
    }

    /// Set [`Options::images`]: keep images in markdown and HTML.
    #[must_use]
    pub fn with_images(mut self, images: bool) -> Options {
        self.images = images;
        self
    }

    /// Set [`Options::now`]: check the page's dates against this day
    /// instead of the system clock's, so that the record is the same
    /// whenever it is made.
    ///
    /// ```
    /// use pith::{Date, Options};
    ///
    /// let crawled = Date::new(2019, 10, 8).expect("a real day");
    /// let options = Options::default().with_now(crawled);
    /// assert_eq!(options.now, Some(crawled));
    /// ```
    #[must_use]
    pub fn with_now(mut self, day: Date) -> Options {
        self.now = Some(day);
        self
    }

    /// Set [`Options::timeout`]: stop a page that takes longer than
    /// `limit` and give it a `timeout` error record. The limit is checked
    /// inside the long loops of parsing and extraction by a counter that
    /// reads the clock now and then, so a page stops within a few
    /// milliseconds of its limit and no thread is spent watching it.
    /// A zero `limit` means no limit (as `--timeout 0`).
    ///
    /// ```
    /// use std::time::Duration;
    /// use pith::Options;
    ///
    /// let options = Options::default().with_timeout(Duration::from_millis(500));
    /// assert_eq!(options.timeout, Some(Duration::from_millis(500)));
    /// assert_eq!(Options::default().with_timeout(Duration::ZERO).timeout, None);
    /// ```
    #[must_use]
    pub fn with_timeout(mut self, limit: Duration) -> Options {
        self.timeout = (!limit.is_zero()).then_some(limit);
        self
    }
}

/// Extract the article and metadata from one page's raw bytes.
///
/// Never fails and never panics on input: whatever goes wrong is reported in
/// the record's `error` field (with its `error_kind`). Input that is not a
/// page at all (no bytes, an image, a PDF, binary data; see [`sniff`]) gets
/// such an error instead of an empty article, and so does a page that takes
/// longer than [`Options::timeout`].
pub fn extract(html: &[u8], options: &Options) -> Record {
    let _deadline = deadline::arm(options.timeout);
    // Walks cut short by the deadline leave the stages after them with
    // unfinished work; should one of them trip over it, the page still
    // gets the timeout record it is owed. Any other panic goes on to the
    // caller as before (`Page::extract` turns it into an error record).
    let result = panic::catch_unwind(AssertUnwindSafe(|| extract_within_deadline(html, options)));
    if deadline::cut_short() {
        let limit = options.timeout.unwrap_or_default().as_secs_f64();
        return Record::failed(
            ErrorKind::Timeout,
            format!("timeout: the page took longer than {limit} s and its extraction was stopped"),
        );
    }
    result.unwrap_or_else(|payload| panic::resume_unwind(payload))
}

/// [`extract()`], with the deadline (if any) armed by the caller.
fn extract_within_deadline(html: &[u8], options: &Options) -> Record {
    if html.is_empty() {
        return Record::failed(ErrorKind::Empty, "empty page: 0 bytes");
    }
    if let Some(what) = sniff::not_html(html) {
        return Record::failed(
            ErrorKind::NotHtml,
            format!("not an HTML page: the bytes are {what}"),
        );
    }
    let decoded = match options.encoding.as_deref() {
        Some(label) => {
            decode::decode_with(html, Some(label)).unwrap_or_else(|_| decode::decode(html))
        }
        None => decode::decode(html),
    };
    let mut record = Record {
        encoding: Some(decoded.encoding.to_string()),
        encoding_source: Some(decoded.source),
        ..Record::default()
    };
    let doc = parse::parse_page(&decoded.text);
    // The tree holds all the text now: the decoded copy of the page (as
    // large as the page) is not kept through extraction.
    drop(decoded);
    let today = options.now.unwrap_or_else(metadata::today_utc);
    let (page_metadata, stated_body) =
        metadata::extract_metadata_and_body(&doc, options.url.as_deref(), today);
    record.metadata = page_metadata;
    let titles: Vec<String> = record.metadata.title.iter().cloned().collect();
    let extraction = extract::extract_article(
        &doc,
        &extract::ExtractOptions {
            favor: options.favor,
            titles,
            images: options.images && (options.markdown || options.html),
            stated_body,
        },
    );
    record.text = render::text(&extraction.article);
    if options.comments {
        record.comments = Some(extract::extract_comments(&doc));
    }
    if options.markdown || options.html {
        let mut article = extraction.article;
        let render_options = render::RenderOptions {
            links: options.links,
            images: options.images,
        };
        // Only links and images that are printed need absolute URLs.
        if options.links || options.images {
            let base =
                resolve::link_base(&doc, options.url.as_deref(), record.metadata.url.as_deref());
            article.resolve_urls(base.as_ref());
        }
        if options.markdown {
            record.markdown = Some(render::markdown(&article, &render_options));
        }
        if options.html {
            record.html = Some(render::html(&article, &render_options));
        }
    }
    metadata::detect_language(&mut record.metadata, &record.text);
    record
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_sets_each_option() {
        let options = Options::default()
            .with_url("https://example.org/a")
            .with_encoding("latin1")
            .with_favor(Favor::Recall)
            .with_comments(true)
            .with_markdown(true)
            .with_html(true)
            .with_links(true)
            .with_images(true);
        assert_eq!(options.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(options.encoding.as_deref(), Some("latin1"));
        assert_eq!(options.favor, Favor::Recall);
        assert!(options.comments && options.markdown && options.html);
        assert!(options.links && options.images);
        let off = options.with_comments(false).with_images(false);
        assert!(!off.comments && !off.images && off.links);
        let plain = Options::default();
        assert_eq!(plain.url, None);
        assert_eq!(plain.favor, Favor::Balanced);
        assert!(!plain.comments && !plain.markdown && !plain.html);
    }
}
