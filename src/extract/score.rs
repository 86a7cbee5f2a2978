//! Bottom-up scoring: which container holds the most article-like prose.
//!
//! This is the Readability idea, written for our arena: every paragraph-like
//! block scores by its length and commas, the score flows to its ancestors
//! (halving, then thinning out), each container's total is discounted by its
//! link density, and the best container wins. It finds the article on pages
//! that name nothing (`<div class="x7f">`), where the semantic selectors in
//! [`super::select`] have nothing to go on.

use std::collections::HashMap;

use crate::dom::{is_block_tag, Document, NodeId, NodeSet};

use super::stats::Stats;
use super::vocab::Names;

/// Blocks shorter than this are ignored by the scorer: a line of that size
/// says nothing about where the article is.
const MIN_BLOCK_CHARS: u32 = 25;
/// A block's length bonus: one point per this many characters…
const CHARS_PER_POINT: u32 = 100;
/// …up to this many points.
const MAX_LENGTH_POINTS: u32 = 3;
/// How many ancestors a block's score reaches.
const ANCESTOR_LEVELS: usize = 5;
/// Alternative candidates within this share of the best score count as
/// pieces of the same article.
const ALTERNATIVE_SHARE: f64 = 0.75;
/// How many such alternatives make their common ancestor the article.
const ALTERNATIVES_NEEDED: usize = 3;
/// The winner grows into its parent when the parent holds this many times
/// its prose (text outside links)…
const GROW_PROSE_RATIO: f64 = 2.0;
/// …with at most this share of link text (navigation and teasers are
/// link-heavy; more sections of a document are not)…
const GROW_MAX_LINK_DENSITY: f64 = 0.2;
/// …and at least this share of the winner's score (the parent's prose is
/// paragraphs, not a pile of short lines)…
const GROW_SCORE_SHARE: f64 = 0.3;
/// …provided the winner holds this much prose already (trafilatura's
/// minimum article size).
const MIN_GROWING_PROSE: u32 = 250;

/// A container the scorer considered, with its final score.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate {
    /// The container.
    pub node: NodeId,
    /// Its score after the link-density discount.
    pub score: f64,
}

/// The result of scoring: the winning container and every scored one.
#[derive(Debug, Default)]
pub(crate) struct Scores {
    /// Final score per scored container.
    pub by_node: HashMap<NodeId, f64>,
    /// The winner, if any block was long enough to score.
    pub best: Option<Candidate>,
}

/// Score every container under `root` and pick the best.
///
/// `named_body` says the page names its article body (class, id or
/// `itemprop`); then the winner is not grown into its parents, because the
/// page said where its article ends.
pub(crate) fn score(
    doc: &Document,
    root: NodeId,
    removed: &NodeSet,
    stats: &Stats,
    named_body: bool,
    names: &Names,
) -> Scores {
    let mut raw: HashMap<NodeId, f64> = HashMap::new();
    let mut walk = doc.descendants(root);
    while let Some(id) = walk.next() {
        if removed.contains(id) {
            walk.skip_subtree_of(id);
            continue;
        }
        let Some(tag) = doc.tag(id) else { continue };
        // A block of prose scores for its ancestors; a container's own
        // loose text (between its blocks) scores for the container itself
        // and up, as if it were wrapped in a <p>.
        let (len, commas, first) = if is_scored_block(doc, id, tag, stats) {
            (
                stats.text[id as usize],
                stats.commas[id as usize],
                doc.parent(id),
            )
        } else if stats.blocks[id as usize] > 0 && is_block_tag(tag) {
            (
                stats.inline[id as usize],
                stats.inline_commas[id as usize],
                Some(id),
            )
        } else {
            continue;
        };
        if len < MIN_BLOCK_CHARS {
            continue;
        }
        let Some(first) = first else { continue };
        let points = 1.0 + commas as f64 + (len / CHARS_PER_POINT).min(MAX_LENGTH_POINTS) as f64;
        let chain = std::iter::once(first).chain(doc.ancestors(first));
        for (level, anc) in chain.take(ANCESTOR_LEVELS).enumerate() {
            if !doc.is_element(anc) {
                break;
            }
            let share = match level {
                0 => points,
                1 => points / 2.0,
                l => points / (l as f64 * 3.0),
            };
            *raw.entry(anc)
                .or_insert_with(|| base_score(doc, anc, stats, names)) += share;
            if anc == root {
                break;
            }
        }
    }
    let mut by_node = HashMap::with_capacity(raw.len());
    let mut best: Option<Candidate> = None;
    for (&node, &s) in &raw {
        let fin = s * (1.0 - stats.link_density(node));
        by_node.insert(node, fin);
        if best.is_none_or(|b| fin > b.score || (fin == b.score && node < b.node)) {
            best = Some(Candidate { node, score: fin });
        }
    }
    let mut scores = Scores { by_node, best };
    if let Some(b) = scores.best {
        let node = refine(doc, root, &scores, b, stats, !named_body);
        let score = scores.by_node.get(&node).copied().unwrap_or(b.score);
        scores.best = Some(Candidate { node, score });
    }
    scores
}

/// Is this element scored as a block of prose?
fn is_scored_block(doc: &Document, id: NodeId, tag: &str, stats: &Stats) -> bool {
    match tag {
        "p" | "pre" => true,
        "td" | "div" | "section" | "article" | "blockquote" | "center" | "font" | "span"
        | "main" | "dd" => {
            // Only leaves of the block structure: a div of inline content
            // is a paragraph written without <p>.
            if tag == "span" || tag == "font" {
                // A span is a block only when its parent is not inline
                // content that is scored already.
                let parent_inline = doc
                    .parent(id)
                    .and_then(|p| doc.tag(p))
                    .is_some_and(|t| !is_block_tag(t));
                if parent_inline {
                    return false;
                }
            }
            stats.blocks[id as usize] == 0
        }
        _ => false,
    }
}

/// Starting score of a container: its tag and class weight.
///
/// A name that promises content ("text", "content", "post") counts in full
/// only on a container holding real prose, and in proportion below that: a
/// copyright cell named `footer-text` must not outscore the paragraphs of
/// an article written under unnamed or non-standard tags. Names that warn
/// (sidebar, comments) count in full whatever the size.
fn base_score(doc: &Document, id: NodeId, stats: &Stats, names: &Names) -> f64 {
    let tag_score = match doc.tag(id).unwrap_or("") {
        "div" | "article" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    let weight = names.signals(doc, id).weight as f64;
    if weight > 0.0 {
        let prose = stats.text[id as usize].saturating_sub(stats.link[id as usize]);
        tag_score + weight * (prose as f64 / FULL_WEIGHT_PROSE_CHARS).min(1.0)
    } else {
        tag_score + weight
    }
}

/// Characters of non-link text from which a container's positive class
/// weight counts in full (a few sentences; the length a named article body
/// needs in [`super::select`]).
const FULL_WEIGHT_PROSE_CHARS: f64 = 100.0;

/// Move from the best-scoring container to the one that holds the whole
/// article: the common ancestor of several near-best candidates, a parent
/// that scores about as well, or the parent of an only child.
fn refine(
    doc: &Document,
    root: NodeId,
    scores: &Scores,
    best: Candidate,
    stats: &Stats,
    may_grow: bool,
) -> NodeId {
    let mut top = best.node;
    // Near-best alternatives elsewhere: the article is split into several
    // containers; climb to the ancestor that holds enough of them.
    let mut alternatives: Vec<NodeId> = scores
        .by_node
        .iter()
        .filter(|&(&n, &s)| n != top && s >= ALTERNATIVE_SHARE * best.score)
        .map(|(&n, _)| n)
        .collect();
    // Best first; equal scores in page order, so the result never depends
    // on the hash map's iteration order.
    alternatives.sort_by(|a, b| {
        scores.by_node[b]
            .partial_cmp(&scores.by_node[a])
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.cmp(b))
    });
    alternatives.truncate(4);
    if alternatives.len() >= ALTERNATIVES_NEEDED {
        for anc in doc.ancestors(top) {
            let inside = alternatives
                .iter()
                .filter(|&&a| is_ancestor(doc, anc, a))
                .count();
            if inside >= ALTERNATIVES_NEEDED {
                top = anc;
                break;
            }
            if anc == root {
                break;
            }
        }
    }
    // Climb while the parent keeps a fair share of the score, and switch
    // to a parent that scores higher.
    let mut last = scores.by_node.get(&top).copied().unwrap_or(best.score);
    let threshold = last / 3.0;
    let mut parent = doc.parent(top);
    while let Some(p) = parent {
        if p == root {
            break;
        }
        let Some(&ps) = scores.by_node.get(&p) else {
            parent = doc.parent(p);
            continue;
        };
        if ps < threshold {
            break;
        }
        if ps > last {
            top = p;
            break;
        }
        last = ps;
        parent = doc.parent(p);
    }
    if may_grow {
        top = grow(doc, root, scores, stats, top);
    }
    // An only child says nothing its parent does not.
    while let Some(p) = doc.parent(top) {
        if p == root {
            break;
        }
        let elements = doc.children(p).filter(|&c| doc.is_element(c)).count();
        if elements != 1 {
            break;
        }
        top = p;
    }
    top
}

/// A parent with much more prose than the container, few links and a
/// fair share of its score holds more of the same document: the other
/// sections of a long page, each in a box of its own. Only an article
/// that is long already grows: beside a short post, a box of similar
/// size is more likely an author's bio than more of the post.
fn grow(doc: &Document, root: NodeId, scores: &Scores, stats: &Stats, mut top: NodeId) -> NodeId {
    let prose = |id: NodeId| stats.text[id as usize].saturating_sub(stats.link[id as usize]);
    // The nearest ancestor holding more than the winner (wrappers around
    // it alone hold the same).
    let next = |top: NodeId| {
        doc.ancestors(top)
            .take_while(|&a| a == root || is_ancestor(doc, root, a))
            .find(|&a| prose(a) > prose(top))
    };
    while let Some(p) = next(top) {
        let top_score = scores.by_node.get(&top).copied().unwrap_or(0.0);
        let grows = prose(top) >= MIN_GROWING_PROSE
            && prose(p) as f64 >= GROW_PROSE_RATIO * prose(top) as f64
            && stats.link_density(p) <= GROW_MAX_LINK_DENSITY
            && scores
                .by_node
                .get(&p)
                .is_some_and(|&ps| ps >= GROW_SCORE_SHARE * top_score);
        if !grows {
            break;
        }
        top = p;
        if p == root {
            break;
        }
    }
    top
}

/// True when `anc` is `node` or one of its ancestors.
pub(crate) fn is_ancestor(doc: &Document, anc: NodeId, node: NodeId) -> bool {
    node == anc || doc.ancestors(node).any(|a| a == anc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dom::NodeSet;
    use crate::parse::parse_html;

    fn best_text(html: &str) -> String {
        let doc = parse_html(html);
        let body = doc.body().expect("body");
        let removed = NodeSet::for_document(&doc);
        let stats = Stats::compute(&doc, body, Some(&removed));
        let best = score(&doc, body, &removed, &stats, false, &Names::new(&doc))
            .best
            .expect("a winner");
        doc.text_content(best.node)
    }

    #[test]
    fn a_long_winner_grows_into_a_parent_holding_more_sections() {
        let para = |w: &str| {
            format!("<p>{w} is the subject of this paragraph, which has commas, clauses, and words.</p>")
        };
        let long: String = (0..6).map(|_| para("Feeding")).collect();
        let short: String = (0..3).map(|_| para("Grooming")).collect();
        let html = format!(
            "<div class=nav><a href=/>Home</a> <a href=/a>About</a></div>
             <div class=doc><section><div class=part>{long}</div></section>
             <section><div class=part>{short}</div></section>
             <section><div class=part>{short}</div></section></div>"
        );
        let text = best_text(&html);
        assert!(
            text.contains("Feeding") && text.contains("Grooming"),
            "{text}"
        );
        assert!(!text.contains("About"), "{text}");
    }
}
