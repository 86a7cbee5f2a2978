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
//!    (`blocks`) and **trim** furniture at the edges (`filter`). When the
//!    filters leave nothing of the best-scoring container, the next-best
//!    is chosen without it, and taken if it is an article.
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
use crate::dom::{Document, NodeId, NodeSet};
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
    /// The article body the page states in its JSON-LD, as the metadata
    /// read it ([`crate::metadata::extract_metadata_and_body`]); `None`
    /// when the page states none (or the caller did not read it).
    pub stated_body: Option<String>,
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
    let Some(stated) = options
        .stated_body
        .as_deref()
        .and_then(jsonld::article_body)
    else {
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
    let names = vocab::Names::new(doc);
    let measured = stats::Stats::compute(doc, body, None);
    let marks = clean::Landmarks::find(doc, body, &measured, &names);
    let mut raw = Some(measured);
    // A huge page gives up its measures while its blocks are made, and
    // measures again if a laxer strictness is tried.
    let remeasure = doc.len() > REMEASURE_ABOVE_NODES;
    let mut best: Option<Extraction> = None;
    // Favouring recall starts with lenient pruning: weak hints (sidebar,
    // meta, widget) no longer remove anything.
    let levels: &[Strictness] = match options.favor {
        Favor::Recall => &[Strictness::Lenient, Strictness::Minimal],
        _ => &[Strictness::Strict, Strictness::Lenient, Strictness::Minimal],
    };
    for &level in levels {
        let measured = raw.get_or_insert_with(|| stats::Stats::compute(doc, body, None));
        let chosen = choose_with(doc, body, measured, &marks, &names, level, &[], options);
        // The filters left nothing of the best-scoring container: they
        // knew it for furniture (a copyright cell whose class says
        // "text"). The next-best container is chosen without it, and
        // taken when it is long enough to be an article and holds
        // paragraphs; on a page with no article it is more furniture (a
        // list of links, a calendar, a browser notice).
        let retry = (chosen.method == Method::Scored).then(|| chosen.roots.clone());
        if remeasure {
            raw = None;
        }
        let mut e = assemble_chosen(doc, chosen, options);
        if let Some(failed) = retry.filter(|_| e.chars() == 0) {
            let measured = raw.get_or_insert_with(|| stats::Stats::compute(doc, body, None));
            let chosen = choose_with(doc, body, measured, &marks, &names, level, &failed, options);
            if remeasure {
                raw = None;
            }
            let next = assemble_chosen(doc, chosen, options);
            if next.chars() >= MIN_ARTICLE_CHARS && next.has_paragraphs() {
                e = next;
            }
        }
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

/// Pages of more nodes than this free the whole page's measures (twelve
/// counters a node, kept for every strictness) before their blocks are
/// assembled and filtered, and measure the page again when a laxer
/// strictness is tried: on a page of a million sibling elements the table
/// was a tenth of the peak memory. Ordinary pages keep it (a few thousand
/// nodes; no page of the evaluation sets has more than about 20,000):
/// measuring again would be wasted work.
const REMEASURE_ABOVE_NODES: usize = 200_000;

/// An article shorter than this after strict pruning sends the extractor
/// back with less pruning (trafilatura's MIN_EXTRACTED_SIZE is 250).
const MIN_ARTICLE_CHARS: usize = 250;

/// A paragraph this long is prose: a sidebar's links, labels and
/// pitches are shorter.
const MIN_PARAGRAPH_CHARS: usize = 80;
/// A runner-up container is an article when it holds this many such
/// paragraphs: a lone notice ("this page is best viewed in...") is one.
const MIN_RUNNER_UP_PARAGRAPHS: usize = 2;

impl Extraction {
    /// Does the article hold [`MIN_RUNNER_UP_PARAGRAPHS`] paragraphs (not
    /// table cells or list items) of [`MIN_PARAGRAPH_CHARS`]?
    fn has_paragraphs(&self) -> bool {
        self.article
            .blocks
            .iter()
            .filter(|b| matches!(b.kind, crate::article::BlockKind::Paragraph))
            .filter(|b| filter::plain_of(b).chars().count() >= MIN_PARAGRAPH_CHARS)
            .nth(MIN_RUNNER_UP_PARAGRAPHS - 1)
            .is_some()
    }

    fn chars(&self) -> usize {
        self.article
            .blocks
            .iter()
            .map(|b| filter::plain_of(b).chars().count())
            .sum()
    }
}

/// One pass of the cascade at one pruning strictness.
fn extract_with(
    doc: &Document,
    body: NodeId,
    raw: &stats::Stats,
    marks: &clean::Landmarks,
    names: &vocab::Names,
    level: Strictness,
    options: &ExtractOptions,
) -> Extraction {
    let chosen = choose_with(doc, body, raw, marks, names, level, &[], options);
    assemble_chosen(doc, chosen, options)
}

/// The article's containers at one strictness, and what was pruned.
struct Chosen {
    roots: Vec<NodeId>,
    removed: NodeSet,
    method: Method,
}

/// The first half of [`extract_with`]: prune, measure, score and choose,
/// leaving out the subtrees of `exclude` besides what pruning removes.
#[allow(clippy::too_many_arguments)]
fn choose_with(
    doc: &Document,
    body: NodeId,
    raw: &stats::Stats,
    marks: &clean::Landmarks,
    names: &vocab::Names,
    level: Strictness,
    exclude: &[NodeId],
    options: &ExtractOptions,
) -> Chosen {
    let mut removed = clean::prune(doc, body, raw, marks, level, options.images, names);
    for &x in exclude {
        if x != body {
            removed.insert(x);
        }
    }
    // The pruned page's measures and scores live only here: they are freed
    // before the blocks are made, so they do not add to the peak of a huge
    // page (one table of twelve counters per node).
    let pruned = stats::Stats::compute_pruned(doc, body, &removed, raw);
    let scores = score::score(
        doc,
        body,
        &removed,
        &pruned,
        marks.named_body.is_some(),
        names,
    );
    let choice = select::choose(doc, body, &removed, &pruned, &scores, names);
    let mut roots: Vec<NodeId> = choice.roots;
    select::with_lead(doc, &mut roots, &removed, raw);
    select::with_ingredients(doc, &mut roots, body, &removed, &pruned);
    Chosen {
        roots,
        removed,
        method: choice.method,
    }
}

/// The second half of [`extract_with`]: assemble the chosen containers
/// into blocks and filter them.
fn assemble_chosen(doc: &Document, chosen: Chosen, options: &ExtractOptions) -> Extraction {
    let mut assembled = blocks::assemble(doc, &chosen.roots, &chosen.removed, options.images);
    drop(chosen.removed);
    filter::filter(
        &mut assembled.blocks,
        &mut assembled.info,
        &options.titles,
        options.favor,
    );
    // The filters keep the room of the blocks they dropped; this result
    // may be held while the next strictness is tried, so it gives it back.
    assembled.blocks.shrink_to_fit();
    Extraction {
        article: Article {
            blocks: assembled.blocks,
        },
        method: chosen.method,
    }
}

/// A developer's account of how the cascade treated a page: per pruning
/// strictness, the biggest removed subtrees, the named and scored
/// candidates and the choice. For `examples/explain.rs`; the format is
/// for reading, not parsing, and may change.
#[doc(hidden)]
pub fn explain(doc: &Document, options: &ExtractOptions) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let Some(body) = doc.body() else {
        return "no body\n".into();
    };
    let describe = |id: NodeId| -> String {
        let mut s = doc.tag(id).unwrap_or("#").to_string();
        if let Some(i) = doc.attr(id, "id") {
            let _ = write!(s, "#{}", i.trim());
        }
        if let Some(c) = doc.attr(id, "class") {
            for t in c.split_ascii_whitespace().take(4) {
                let _ = write!(s, ".{t}");
            }
        }
        s
    };
    let path = |id: NodeId| -> String {
        let mut chain: Vec<String> = std::iter::once(id)
            .chain(doc.ancestors(id))
            .take_while(|&a| a != body)
            .map(describe)
            .collect();
        let deep = chain.len() > 4;
        chain.truncate(4);
        chain.reverse();
        format!("{}{}", if deep { "… > " } else { "" }, chain.join(" > "))
    };
    let raw = stats::Stats::compute(doc, body, None);
    let names = vocab::Names::new(doc);
    let marks = clean::Landmarks::find(doc, body, &raw, &names);
    if let Some(named) = marks.named_body {
        let _ = writeln!(out, "protected: the ancestors of {}", path(named));
    }
    let _ = writeln!(
        out,
        "page: text {} para {} link {}",
        raw.text[body as usize], raw.para[body as usize], raw.link[body as usize]
    );
    for level in [Strictness::Strict, Strictness::Lenient, Strictness::Minimal] {
        let removed = clean::prune(doc, body, &raw, &marks, level, options.images, &names);
        let _ = writeln!(out, "== {level:?}");
        let mut big: Vec<NodeId> = doc
            .descendants(body)
            .filter(|&id| removed.contains(id) && raw.text[id as usize] >= 100)
            .collect();
        big.sort_by_key(|&id| std::cmp::Reverse(raw.text[id as usize]));
        for &id in big.iter().take(12) {
            let _ = writeln!(out, "  removed {:6} {}", raw.text[id as usize], path(id));
        }
        let pruned = stats::Stats::compute(doc, body, Some(&removed));
        let scores = score::score(
            doc,
            body,
            &removed,
            &pruned,
            marks.named_body.is_some(),
            &names,
        );
        let mut ranked: Vec<(NodeId, f64)> = scores.by_node.iter().map(|(&n, &s)| (n, s)).collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        for &(id, s) in ranked.iter().take(5) {
            let _ = writeln!(
                out,
                "  score {s:7.1} text {:6} {}",
                pruned.text[id as usize],
                path(id)
            );
        }
        if let Some(b) = scores.best {
            let _ = writeln!(out, "  best  {:7.1} {}", b.score, path(b.node));
        }
        let choice = select::choose(doc, body, &removed, &pruned, &scores, &names);
        for &r in &choice.roots {
            let _ = writeln!(
                out,
                "  chose {:?} text {} {}",
                choice.method,
                pruned.text[r as usize],
                path(r)
            );
        }
        let e = extract_with(doc, body, &raw, &marks, &names, level, options);
        let _ = writeln!(out, "  article chars {}", e.chars());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_html;

    #[test]
    fn a_furniture_winner_gives_way_to_the_next_container() {
        // The copyright cell's class says "text" and outscores the story's
        // comma-less paragraphs; the filters leave nothing of it.
        let para = |n: &str| {
            format!(
                "The {n} of three offices in the city was cleared after a parcel \
                 was found at the front desk on Monday morning by the staff there."
            )
        };
        let (a, b, c) = (para("first"), para("second"), para("third"));
        let html = format!(
            r#"<table><tr><td><div><p>{a}</p><p>{b}</p><p>{c}</p></div></td></tr>
               <tr><td class="StandardTextSmall">Copyright © 2008. Example Digital<br>
               <font color="white">531.0059 ms - 16/01/2008 12:33:19 AM</font></td></tr>
               </table>"#
        );
        let doc = parse_html(&html);
        let e = extract_article(&doc, &ExtractOptions::default());
        let text: String = e.article.blocks.iter().map(filter::plain).collect();
        assert!(text.contains("second of three offices"), "{text:?}");
        assert!(!text.contains("Copyright"), "{text:?}");
    }
}
