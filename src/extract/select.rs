//! Candidate selection: the containers the page names as its article, and
//! the comparison with the best-scoring container.
//!
//! A named container (`itemprop=articleBody`, `class="entry-content"`,
//! `<article>`) is usually tighter than the scored one: it stops before the
//! author box and the share bar. The scorer is the safety net for pages
//! that name nothing, or name the wrong thing (a teaser `<article>`, an
//! empty `article-body` filled by script). [`choose`] states when each wins.

use crate::dom::{Document, NodeId, NodeSet};

use super::score::{is_ancestor, Scores};
use super::stats::Stats;
use super::vocab::{self, Names};
use super::Method;

/// A named container needs this much text to be taken seriously…
const MIN_NAMED_CHARS: u32 = 200;
/// …and a further chunk of a body split into several (a third short post
/// in a thread, the last part after an ad) this much.
const MIN_CHUNK_CHARS: u32 = 50;
/// A named container inside the scored one wins when it holds at least
/// this share of the scored container's text.
const NAMED_INSIDE_SHARE: f64 = 0.5;
/// A named container around the scored one wins unless it holds more than
/// this many times the scored container's text.
const NAMED_AROUND_RATIO: f64 = 2.0;
/// Of two unrelated containers the scored one wins only with this many
/// times the named one's text.
const SCORED_OVER_NAMED_RATIO: f64 = 2.0;
/// A sibling of the scored container joins it when its score reaches this
/// share of the winner's (Readability's sibling rule)…
const SIBLING_SCORE_SHARE: f64 = 0.2;
/// …and its link density stays below this.
const SIBLING_MAX_LINK_DENSITY: f64 = 0.25;

/// A lead (standfirst, dek) before the article's containers is taken when
/// its text is within these bounds: a sentence or a short paragraph, not a
/// second article.
const MIN_LEAD_CHARS: u32 = 40;
const MAX_LEAD_CHARS: u32 = 1200;
/// A lead is at most this many blocks of text (a paragraph or two, or a
/// few bullet points).
const LEAD_MAX_BLOCKS: u32 = 8;
/// The lead is looked for before the first container and before each of
/// its nearest ancestors, this many levels up…
const LEAD_LEVELS: usize = 5;
/// …among this many previous siblings per level…
const LEAD_SIBLINGS: usize = 4;
/// …and inside a sibling of at most this much text (an article header
/// holding kicker, headline, lead and byline).
const LEAD_BOX_MAX_CHARS: u32 = 2000;

/// At most this many named elements (bodies, `<article>`s) are compared:
/// a page with thousands is a listing, and comparing them pairwise would
/// cost the square of their number.
const MAX_NAMED: usize = 64;

/// The containers chosen for the article, in page order.
#[derive(Debug)]
pub(crate) struct Choice {
    /// Subtree roots, in page order, none inside another.
    pub roots: Vec<NodeId>,
    /// The rule that chose them.
    pub method: Method,
}

/// Choose the article's containers.
pub(crate) fn choose(
    doc: &Document,
    body: NodeId,
    removed: &NodeSet,
    stats: &Stats,
    scores: &Scores,
    names: &Names,
) -> Choice {
    let named = named_candidates(doc, body, removed, stats, names);
    let text = |ids: &[NodeId]| {
        ids.iter()
            .map(|&i| stats.text[i as usize] as f64)
            .sum::<f64>()
    };
    let scored = scores
        .best
        .map(|b| with_siblings(doc, b.node, stats, scores));
    match (named, scored) {
        (Some(named), None) => Choice {
            roots: named,
            method: Method::Semantic,
        },
        (None, Some(scored)) => Choice {
            roots: scored,
            method: Method::Scored,
        },
        (Some(named), Some(scored)) => {
            let (nt, st) = (text(&named), text(&scored));
            let (named_set, scored_set) = (set_of(doc, &named), set_of(doc, &scored));
            let named_inside = named.iter().all(|&n| inside_any(doc, n, &scored_set));
            let named_around = scored.iter().all(|&s| inside_any(doc, s, &named_set));
            let named_wins = if named_inside {
                // Other <article>s around the named one are other articles
                // (teasers, "you may also like"): their text does not make
                // the scored container a better article.
                let others = other_articles_text(doc, &scored, &named, &named_set, stats);
                nt >= NAMED_INSIDE_SHARE * (st - others)
            } else if named_around {
                nt <= NAMED_AROUND_RATIO * st
            } else {
                st <= SCORED_OVER_NAMED_RATIO * nt
            };
            if named_wins {
                Choice {
                    roots: named,
                    method: Method::Semantic,
                }
            } else {
                Choice {
                    roots: scored,
                    method: Method::Scored,
                }
            }
        }
        (None, None) => Choice {
            roots: vec![body],
            method: Method::Body,
        },
    }
}

/// The containers the page names as its article body: the elements whose
/// class/id/itemprop say so (all chunks of a body split by ad slots), else
/// the page's own `<article>` ([`pick_article`]), else `<main>`.
fn named_candidates(
    doc: &Document,
    body: NodeId,
    removed: &NodeSet,
    stats: &Stats,
    names: &Names,
) -> Option<Vec<NodeId>> {
    let mut bodies: Vec<NodeId> = Vec::new();
    let mut articles: Vec<NodeId> = Vec::new();
    let mut best_main: Option<NodeId> = None;
    let mut walk = doc.descendants(body);
    while let Some(id) = walk.next() {
        if removed.contains(id) {
            walk.skip_subtree_of(id);
            continue;
        }
        let Some(tag) = doc.tag(id) else { continue };
        let chars = stats.text[id as usize];
        if chars < MIN_CHUNK_CHARS {
            // Nothing below can reach the threshold either.
            walk.skip_subtree_of(id);
            continue;
        }
        if bodies.len() < MAX_NAMED
            && matches!(tag, "div" | "section" | "article" | "main" | "span" | "td")
            && names.signals(doc, id).article_body
        {
            bodies.push(id);
        }
        if chars < MIN_NAMED_CHARS {
            continue;
        }
        if tag == "article" && articles.len() < MAX_NAMED {
            articles.push(id);
        }
        if (tag == "main" || doc.attr(id, "role") == Some("main")) && best_main.is_none() {
            best_main = Some(id);
        }
    }
    // Small named elements only count as more chunks of a body that is
    // big enough on its own.
    if bodies
        .iter()
        .any(|&b| stats.text[b as usize] >= MIN_NAMED_CHARS)
    {
        let chunks = body_chunks(doc, &bodies, stats);
        return Some(chunks);
    }
    pick_article(doc, &articles, stats)
        .or(best_main)
        .map(|a| vec![a])
}

/// Put the article's lead before its containers: an element named a lead
/// (standfirst, dek, intro, `itemprop=description`) that sits before the
/// first container or one of its nearest ancestors, alone or inside a
/// small box such as the article's header — which pruning may have
/// removed, since headers also hold headline, byline and share bar. The
/// search stops at the page's `<h1>`: what comes before the headline is
/// not the article's lead.
pub(crate) fn with_lead(doc: &Document, roots: &mut Vec<NodeId>, removed: &NodeSet, raw: &Stats) {
    let Some(&first) = roots.first() else { return };
    let usable = |n: NodeId| -> bool {
        (MIN_LEAD_CHARS..=MAX_LEAD_CHARS).contains(&raw.text[n as usize])
            && raw.link_density(n) < SIBLING_MAX_LINK_DENSITY
            // A paragraph or two, not a player or a form that calls
            // itself a description.
            && raw.blocks[n as usize] <= LEAD_MAX_BLOCKS
            && raw.fields[n as usize] == 0
            && !removed.contains(n)
            && !super::clean::is_hidden(doc, n)
            && !matches!(
                doc.tag(n),
                Some("a" | "figure" | "figcaption" | "aside" | "nav" | "footer" | "img")
            )
            && !roots
                .iter()
                .any(|&r| is_ancestor(doc, n, r) || is_ancestor(doc, r, n))
    };
    let lead_in = |s: NodeId| -> Option<NodeId> {
        // `usable` first: it is cheaper and rules out most elements.
        if usable(s) && vocab::is_lead(doc, s) {
            return Some(s);
        }
        if raw.text[s as usize] > LEAD_BOX_MAX_CHARS {
            return None;
        }
        let mut walk = doc.descendants(s);
        while let Some(d) = walk.next() {
            // A caption is not the lead, whatever its class says, and
            // hidden text is no lead either.
            if matches!(doc.tag(d), Some("figure" | "figcaption"))
                || super::clean::is_hidden(doc, d)
            {
                walk.skip_subtree_of(d);
            } else if doc.is_element(d) && usable(d) && vocab::is_lead(doc, d) {
                return Some(d);
            }
        }
        None
    };
    let mut node = first;
    for _ in 0..LEAD_LEVELS {
        let mut sibling = previous_element(doc, node);
        for _ in 0..LEAD_SIBLINGS {
            let Some(s) = sibling else { break };
            if doc.tag(s) == Some("h1") {
                return;
            }
            if let Some(lead) = lead_in(s) {
                roots.insert(0, lead);
                return;
            }
            sibling = previous_element(doc, s);
        }
        match doc.parent(node) {
            Some(p) if !matches!(doc.tag(p), Some("body" | "html")) => node = p,
            _ => return,
        }
    }
}

/// Text in `<article>` elements under `scored` that are neither inside nor
/// around any of `named` (outermost ones only).
fn other_articles_text(
    doc: &Document,
    scored: &[NodeId],
    named: &[NodeId],
    named_set: &NodeSet,
    stats: &Stats,
) -> f64 {
    // Every node on the way from the root to a named container.
    let mut around_named = NodeSet::for_document(doc);
    for &n in named {
        for a in std::iter::once(n).chain(doc.ancestors(n)) {
            around_named.insert(a);
        }
    }
    let mut total = 0.0;
    for &root in scored {
        let mut walk = doc.descendants(root);
        while let Some(d) = walk.next() {
            if doc.tag(d) != Some("article") {
                continue;
            }
            let related = around_named.contains(d) || inside_any(doc, d, named_set);
            if !related {
                total += stats.text[d as usize] as f64;
                walk.skip_subtree_of(d);
            }
        }
    }
    total
}

/// The nodes as a set.
fn set_of(doc: &Document, nodes: &[NodeId]) -> NodeSet {
    let mut set = NodeSet::for_document(doc);
    for &n in nodes {
        set.insert(n);
    }
    set
}

/// True when `node` or one of its ancestors is in `set`.
fn inside_any(doc: &Document, node: NodeId, set: &NodeSet) -> bool {
    set.contains(node) || doc.ancestors(node).any(|a| set.contains(a))
}

/// The `<article>` that is the page's article: not a wrapper of several
/// others (a "related posts" box of teaser articles), the one holding the
/// page's `<h1>` when exactly one does, else the first with at least half
/// the text of the largest (the article comes before the teasers after it).
fn pick_article(doc: &Document, articles: &[NodeId], stats: &Stats) -> Option<NodeId> {
    let singles: Vec<NodeId> = articles
        .iter()
        .copied()
        .filter(|&a| {
            doc.descendants(a)
                .filter(|&d| doc.tag(d) == Some("article"))
                .take(2)
                .count()
                < 2
        })
        .collect();
    let with_h1: Vec<NodeId> = singles
        .iter()
        .copied()
        .filter(|&a| doc.descendants(a).any(|d| doc.tag(d) == Some("h1")))
        .collect();
    if with_h1.len() == 1 {
        return Some(with_h1[0]);
    }
    let largest = singles.iter().map(|&a| stats.text[a as usize]).max()?;
    singles
        .iter()
        .copied()
        .find(|&a| stats.text[a as usize] * 2 >= largest)
}

/// A recipe's ingredient list is as much the recipe as its method, but it
/// is lines of a few words that score nothing, so the scored container is
/// the method alone. The list is added when the page marks it: the nearest
/// common ancestor of the microdata ingredients, else the largest element
/// whose class or id names the ingredients. It must be list-sized…
const MAX_INGREDIENTS_CHARS: u32 = 5000;
/// …and not a block of links to ingredient pages or a shop.
const INGREDIENTS_MAX_LINK_DENSITY: f64 = 0.5;

/// Add a recipe's ingredient list to the article's containers, in page
/// order, when the page marks one outside them.
pub(crate) fn with_ingredients(
    doc: &Document,
    roots: &mut Vec<NodeId>,
    body: NodeId,
    removed: &NodeSet,
    stats: &Stats,
) {
    if roots.is_empty() {
        return;
    }
    let mut items: Vec<NodeId> = Vec::new();
    let mut named: Option<NodeId> = None;
    let mut walk = doc.descendants(body);
    while let Some(id) = walk.next() {
        if removed.contains(id) || stats.text[id as usize] == 0 {
            walk.skip_subtree_of(id);
            continue;
        }
        if !doc.is_element(id) {
            continue;
        }
        if vocab::is_ingredient(doc, id) {
            items.push(id);
            walk.skip_subtree_of(id);
        } else if vocab::names_ingredients(doc, id)
            && named.is_none_or(|n| stats.text[id as usize] > stats.text[n as usize])
        {
            named = Some(id);
        }
    }
    let list = match items.first() {
        Some(&first) => {
            // The ancestor of the first ingredient holding the most of
            // them, short of the article's own containers: a page may
            // repeat its list (one copy per screen size).
            let mut best: Option<(NodeId, usize)> = None;
            for a in doc.ancestors(first).take_while(|&a| a != body) {
                if stats.text[a as usize] > MAX_INGREDIENTS_CHARS
                    || roots.iter().any(|&r| is_ancestor(doc, a, r))
                {
                    break;
                }
                let held = items.iter().filter(|&&i| is_ancestor(doc, a, i)).count();
                if best.is_none_or(|(_, n)| held > n) {
                    best = Some((a, held));
                }
            }
            best.map(|(a, _)| a)
        }
        None => named,
    };
    let Some(list) = list else { return };
    let chars = stats.text[list as usize];
    if chars > MAX_INGREDIENTS_CHARS
        || stats.link_density(list) >= INGREDIENTS_MAX_LINK_DENSITY
        || roots
            .iter()
            .any(|&r| is_ancestor(doc, r, list) || is_ancestor(doc, list, r))
    {
        return;
    }
    // Page order: the list goes before the first container that follows it.
    let mut at = roots.len();
    let mut seen_list = false;
    for id in doc.descendants(body) {
        if id == list {
            seen_list = true;
        } else if let Some(i) = roots.iter().position(|&r| r == id) {
            if seen_list {
                at = i;
                break;
            }
        }
    }
    roots.insert(at, list);
}

/// The element before this one among its siblings.
fn previous_element(doc: &Document, id: NodeId) -> Option<NodeId> {
    let mut p = doc.prev_sibling(id);
    while let Some(n) = p {
        if doc.is_element(n) {
            return Some(n);
        }
        p = doc.prev_sibling(n);
    }
    None
}

/// From the elements named as article body, keep the best one, or all the
/// chunks of one body split into siblings of the same kind.
fn body_chunks(doc: &Document, bodies: &[NodeId], stats: &Stats) -> Vec<NodeId> {
    // Outermost first: an inner "article-body-text" inside "article-body"
    // is the same body; keep the tighter one only when it holds nearly all
    // of the text.
    let mut best = bodies[0];
    for &b in bodies {
        if stats.text[b as usize] > stats.text[best as usize] {
            best = b;
        }
    }
    for &b in bodies {
        if b != best
            && is_ancestor(doc, best, b)
            && stats.text[b as usize] as f64 >= 0.9 * stats.text[best as usize] as f64
        {
            best = b;
        }
    }
    // Split bodies: other named elements with the same tag and class, or
    // siblings of the best one (`post-content` then
    // `post-content post-content-continued` after an ad slot), that are
    // neither inside nor around it.
    let signature = |id: NodeId| (doc.tag(id), doc.attr(id, "class"));
    let mut chunks: Vec<NodeId> = bodies
        .iter()
        .copied()
        .filter(|&b| {
            b == best
                || ((signature(b) == signature(best) || doc.parent(b) == doc.parent(best))
                    && !is_ancestor(doc, b, best)
                    && !is_ancestor(doc, best, b))
        })
        .collect();
    chunks.dedup();
    // Drop chunks nested in other chunks.
    let all = set_of(doc, &chunks);
    chunks.retain(|&c| !doc.ancestors(c).any(|a| all.contains(a)));
    chunks
}

/// The scored winner plus its siblings that look like more of the same
/// article: a high enough score with few links, or a plain paragraph.
fn with_siblings(doc: &Document, top: NodeId, stats: &Stats, scores: &Scores) -> Vec<NodeId> {
    let Some(parent) = doc.parent(top) else {
        return vec![top];
    };
    let top_score = scores.by_node.get(&top).copied().unwrap_or(0.0);
    let threshold = (top_score * SIBLING_SCORE_SHARE).max(10.0);
    let top_class = doc.attr(top, "class").filter(|c| !c.trim().is_empty());
    let mut roots = Vec::new();
    for s in doc.children(parent) {
        if s == top {
            roots.push(s);
            continue;
        }
        if !doc.is_element(s) || stats.text[s as usize] == 0 {
            continue;
        }
        let ld = stats.link_density(s);
        let mut score = scores.by_node.get(&s).copied().unwrap_or(0.0);
        if top_class.is_some() && doc.attr(s, "class") == top_class {
            score += top_score * 0.2;
        }
        let join = if score >= threshold && ld < SIBLING_MAX_LINK_DENSITY {
            true
        } else if doc.tag(s) == Some("p") {
            let len = stats.text[s as usize];
            (len > 80 && ld < SIBLING_MAX_LINK_DENSITY)
                || (len > 0 && ld == 0.0 && {
                    let t = doc.text_content(s);
                    let t = t.trim_end();
                    t.ends_with('.') && len <= 80
                })
        } else {
            false
        };
        if join {
            roots.push(s);
        }
    }
    roots
}

#[cfg(test)]
mod tests {
    use crate::extract::{extract_article, ExtractOptions};
    use crate::parse::parse_html;

    fn article_text(html: &str) -> String {
        let doc = parse_html(html);
        let e = extract_article(&doc, &ExtractOptions::default());
        crate::render::text(&e.article)
    }

    const BODY: &str = "<p>The council met on Monday, and after a long debate, it voted to \
        rebuild the old bridge over the river by the end of next year.</p>";

    #[test]
    fn the_lead_in_the_article_header_comes_first() {
        let html = format!(
            r#"<header class="article-header"><span class="kicker">Town</span><h1>Bridge</h1>
               <p class="standfirst">The town will rebuild its bridge, the council decided.</p>
               <span class="byline">By Jane Doe</span></header>
               <div class="article-body">{BODY}{BODY}{BODY}</div>"#
        );
        let text = article_text(&html);
        assert!(
            text.starts_with("The town will rebuild its bridge"),
            "{text}"
        );
    }

    #[test]
    fn a_recipe_keeps_its_ingredient_list_in_page_order() {
        let step = "<p>Whisk the eggs with the sugar until pale, fold in the flour, \
            pour the batter into the tin and bake for forty minutes until golden.</p>";
        let html = format!(
            r#"<div class="sidebar"><ul><li><a href="/a">Other cakes</a></li></ul></div>
               <div class="recipe-ingredients"><form><input name="servings"></form>
               <ul><li>3 eggs</li><li>150 g sugar</li><li>200 g flour</li></ul></div>
               <div class="method">{step}{step}{step}</div>"#
        );
        let text = article_text(&html);
        assert!(text.starts_with("3 eggs"), "{text}");
        assert!(text.contains("Whisk the eggs"), "{text}");
        assert!(!text.contains("Other cakes"), "{text}");
        // After the method, marked by microdata only.
        let marked = format!(
            r#"<div class="method">{step}{step}{step}</div>
               <ul class="list"><li itemprop="recipeIngredient">1 lemon</li>
               <li itemprop="recipeIngredient">2 eggs</li>
               <li itemprop="recipeIngredient">100 g butter</li></ul>"#
        );
        let text = article_text(&marked);
        assert!(text.starts_with("Whisk the eggs"), "{text}");
        assert!(text.ends_with("100 g butter"), "{text}");
    }

    #[test]
    fn nothing_before_the_headline_is_the_lead() {
        let html = format!(
            r#"<div class="teaser">Another story, about the harbour, with its own intro.</div>
               <h1>Bridge</h1><div class="article-body">{BODY}{BODY}{BODY}</div>"#
        );
        let text = article_text(&html);
        assert!(!text.contains("harbour"), "{text}");
    }
}
