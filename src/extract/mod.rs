//! Extraction: from a parsed page to the [`Article`] it holds.
//!
//! The cascade, top to bottom:
//!
//! 1. **Measure** every subtree in one pass (`stats`), once for the raw
//!    page and once per pruning strictness tried.
//! 2. **Prune** what can never be article text: by tag, hidden-ness and
//!    class/id/role vocabulary, unless it wraps the article (`clean`).
//! 3. **Find candidates** on the pruned page: containers the page *names*
//!    as the article body (`itemprop=articleBody`, `article-body`,
//!    `<article>`; `select`), and the container that *scores* best by
//!    its prose (`score`).
//! 4. **Compare** them with the stated rules in `select::choose`; the
//!    `articleBody` of the page's JSON-LD (`jsonld`) replaces the result
//!    when the markup gave almost nothing or a fragment.
//! 5. **Assemble** the chosen containers into blocks in page order
//!    (`blocks`) and **trim** furniture at the edges (`filter`).
//!
//! Reader comments, pruned from the article in step 2, are read separately
//! and only on request by `extract_comments` (`comments`).

mod blocks;
mod clean;
mod comments;
mod filter;
mod jsonld;
mod score;
mod select;
mod stats;
mod vocab;

pub use comments::{extract_comments, Comment, MAX_COMMENTS};

use crate::article::Article;
use crate::dom::{Document, NodeId};
use crate::Favor;
use clean::Strictness;

/// What the extractor needs to know besides the page.
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    /// Precision/recall trade-off.
    pub favor: Favor,
    /// Forms of the page's headline, to keep it out of the body.
    pub titles: Vec<String>,
    /// Keep the images of figures (for markdown and HTML with images);
    /// the text is the same either way.
    pub images: bool,
}

/// Which rule chose the article's container, for explaining results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// A container the page names as the article body.
    Semantic,
    /// The best-scoring container.
    Scored,
    /// The `articleBody` the page states in its JSON-LD.
    JsonLd,
    /// Nothing stood out: the whole page body, pruned.
    Body,
    /// The page has no body.
    Empty,
}

/// The article of a page and how it was found.
#[derive(Debug, Clone)]
pub struct Extraction {
    /// The article.
    pub article: Article,
    /// The rule that chose it.
    pub method: Method,
}

/// Find the article in a parsed page.
pub fn extract_article(doc: &Document, options: &ExtractOptions) -> Extraction {
    let from_markup = extract_from_markup(doc, options);
    // The body the page states in JSON-LD wins only when the markup gave
    // almost nothing, or a fragment of it.
    let Some(stated) = jsonld::article_body(doc) else {
        return from_markup;
    };
    let stated = Extraction {
        article: Article { blocks: stated },
        method: Method::JsonLd,
    };
    let (markup_chars, stated_chars) = (from_markup.chars(), stated.chars());
    let markup_failed = markup_chars < MIN_ARTICLE_CHARS;
    let markup_fragment = markup_chars * STATED_OVER_MARKUP_RATIO < stated_chars;
    if stated_chars >= MIN_STATED_CHARS && (markup_failed || markup_fragment) {
        stated
    } else {
        from_markup
    }
}

/// A JSON-LD body needs this many characters to replace the markup's…
const MIN_STATED_CHARS: usize = 500;
/// …and, unless the markup gave almost nothing, this many times the
/// markup's text.
const STATED_OVER_MARKUP_RATIO: usize = 2;

/// The cascade over the page's markup, relaxing pruning until the article
/// is long enough.
fn extract_from_markup(doc: &Document, options: &ExtractOptions) -> Extraction {
    let Some(body) = doc.body() else {
        return Extraction {
            article: Article::default(),
            method: Method::Empty,
        };
    };
    let raw = stats::Stats::compute(doc, body, None);
    let mut best: Option<Extraction> = None;
    // Favouring recall starts with lenient pruning: weak hints (sidebar,
    // meta, widget) no longer remove anything.
    let levels: &[Strictness] = match options.favor {
        Favor::Recall => &[Strictness::Lenient, Strictness::Minimal],
        _ => &[Strictness::Strict, Strictness::Lenient, Strictness::Minimal],
    };
    for &level in levels {
        let e = extract_with(doc, body, &raw, level, options);
        let chars = e.chars();
        if chars >= MIN_ARTICLE_CHARS {
            return e;
        }
        if best.as_ref().is_none_or(|b| chars > b.chars()) {
            best = Some(e);
        }
    }
    best.unwrap_or(Extraction {
        article: Article::default(),
        method: Method::Empty,
    })
}

/// An article shorter than this after strict pruning sends the extractor
/// back with less pruning (trafilatura's MIN_EXTRACTED_SIZE is 250).
const MIN_ARTICLE_CHARS: usize = 250;

impl Extraction {
    fn chars(&self) -> usize {
        self.article
            .blocks
            .iter()
            .map(|b| filter::plain(b).chars().count())
            .sum()
    }
}

/// One pass of the cascade at one pruning strictness.
fn extract_with(
    doc: &Document,
    body: NodeId,
    raw: &stats::Stats,
    level: Strictness,
    options: &ExtractOptions,
) -> Extraction {
    let removed = clean::prune(doc, body, raw, level, options.images);
    let pruned = stats::Stats::compute(doc, body, Some(&removed));
    let scores = score::score(doc, body, &removed, &pruned);
    let choice = select::choose(doc, body, &removed, &pruned, &scores);
    let roots: Vec<NodeId> = choice.roots;
    let mut assembled = blocks::assemble(doc, &roots, &removed, options.images);
    filter::filter(
        &mut assembled.blocks,
        &mut assembled.info,
        &options.titles,
        options.favor,
    );
    Extraction {
        article: Article {
            blocks: assembled.blocks,
        },
        method: choice.method,
    }
}
