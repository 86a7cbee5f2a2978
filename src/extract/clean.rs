//! Pruning: which subtrees of the page can never be article text.
//!
//! The result is a [`NodeSet`] of subtree roots to leave out; the tree
//! itself is not touched. Three kinds of evidence remove a subtree:
//!
//! 1. its tag (scripts, forms controls, navigation, embedded media, ...);
//! 2. it is hidden from readers (`hidden`, `aria-hidden`, inline
//!    `display:none`, a modal dialog);
//! 3. its class, id or role names boilerplate ([`super::vocab`]).
//!
//! Evidence of kinds 2 and 3 is overruled when the subtree *wraps the
//! article*: when it holds most of the page's paragraph text. Pages put
//! `has-sidebar`, `nav-open` or `cookies-not-set` on wrappers of everything,
//! and a rule that deletes them deletes the article (other extractors
//! report losing up to 97 % of a page this way).

use html5ever::{local_name, ns};

use crate::dom::{Document, NodeId, NodeSet};

use super::stats::Stats;
use super::vocab::{self, Names, Signals};

/// A subtree holding at least this share of the page's paragraph text is
/// taken to wrap the article and is never removed for its class names.
const WRAPS_ARTICLE_SHARE: f64 = 0.5;

/// Share of an element's text that a blockquote must hold for the element
/// to count as an embedded quotation.
const EMBED_QUOTE_SHARE: f64 = 0.6;

/// An inline element with at least this many links, this much text and
/// this share of it in links is a popup, not part of the sentence.
const POPUP_MIN_LINKS: usize = 3;
const POPUP_MIN_CHARS: u32 = 40;
const POPUP_LINK_SHARE: f64 = 0.8;

/// A box holding a field readers type into (a comment form with its rules,
/// a newsletter pitch, a login wall) is removed with its prose up to this
/// many non-link characters; a bigger element around a field (an article
/// column with a search box in it) is more than a form, and only the box
/// inside it goes. Comment rules run to about a thousand characters.
const FORM_BOX_MAX_PROSE: u32 = 1500;

/// A box around a field is more than a form when one piece of it without
/// fields (a subtree no field is in) holds this much prose…
const FORM_BOX_STORY_PROSE: u32 = 500;
/// …and this share of the page's text (its paragraph text, on a page
/// written with `<p>`): a short news story sharing a table with the
/// comment form under it is much of its page, while the rules or the
/// pitch beside a form (up to a thousand characters) are a small part of
/// a page that has an article elsewhere.
const FORM_BOX_STORY_SHARE: f64 = 0.25;

/// An element named for furniture (byline, date, tags, caption, print
/// button) is removed up to this much prose; beyond it, it is a wrapper
/// with an unlucky name (`mainContentPrint`), since no byline or tag list
/// runs to a thousand characters.
const FURNITURE_MAX_PROSE: u32 = 1000;

/// A page with less paragraph text than this is measured by all its text.
const MIN_PARAGRAPH_TEXT: u32 = 200;

/// Tags whose subtree is never article text.
const DROP_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "head",
    "title",
    "meta",
    "link",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "canvas",
    "video",
    "audio",
    "map",
    "button",
    "input",
    "select",
    "option",
    "optgroup",
    "textarea",
    "label",
    "fieldset",
    "legend",
    "output",
    "progress",
    "meter",
    "dialog",
    "menu",
    "nav",
    "datalist",
    "figcaption",
    "source",
    "track",
    "area",
];

/// Tags that are page chrome unless they wrap the article.
const CHROME_TAGS: &[&str] = &["aside", "footer", "form"];

/// How much evidence pruning acts on. The extractor starts strict and
/// relaxes when the strict pass leaves too little text: a page whose
/// article wrapper carries an unlucky class name still yields its article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Strictness {
    /// Tags, hidden-ness and every vocabulary.
    Strict,
    /// Tags, hidden attributes and the strong boilerplate vocabulary only.
    Lenient,
    /// Tags, hidden attributes and reader comments only.
    Minimal,
}

/// Decide which subtrees under `root` to leave out.
///
/// With `keep_images`, a figure's images stay and only its text (caption,
/// credit) goes.
pub(crate) fn prune(
    doc: &Document,
    root: NodeId,
    raw: &Stats,
    marks: &Landmarks,
    level: Strictness,
    keep_images: bool,
    names: &Names,
) -> NodeSet {
    let protected = &marks.around_body;
    let mut removed = NodeSet::for_document(doc);
    // Pages written with <p> are measured by their paragraph text; div
    // soup by all of its text.
    let by_para = raw.para[root as usize] >= MIN_PARAGRAPH_TEXT;
    let mass = |id: NodeId| -> f64 {
        if by_para {
            raw.para[id as usize] as f64
        } else {
            raw.text[id as usize] as f64
        }
    };
    let page_mass = mass(root);
    let prose = |id: NodeId| raw.text[id as usize].saturating_sub(raw.link[id as usize]);
    let wraps_article = |id: NodeId| -> bool {
        protected.contains(id) || (page_mass > 0.0 && mass(id) >= WRAPS_ARTICLE_SHARE * page_mass)
    };
    let mut walk = doc.descendants(root);
    while let Some(id) = walk.next() {
        let Some(tag) = doc.tag(id) else {
            if !matches!(doc.kind(id), crate::dom::NodeKind::Text(_)) {
                removed.insert(id);
            }
            continue;
        };
        let drop = if DROP_TAGS.contains(&tag) {
            true
        } else if CHROME_TAGS.contains(&tag) || is_hidden(doc, id) {
            !wraps_article(id)
        } else if tag == "header" {
            // Site headers and article headers (headline, byline, share
            // bar) alike; a header that holds real paragraphs (a lead) is
            // kept.
            raw.para[id as usize] < 150 && !wraps_article(id)
        } else if level == Strictness::Strict
            && raw.fields[id as usize] > 0
            && prose(id) <= FORM_BOX_MAX_PROSE
            && !matches!(tag, "body" | "html")
            && !wraps_article(id)
            // A recipe's ingredient list with its servings field is the
            // recipe, not a form.
            && !vocab::names_ingredients(doc, id)
            && !holds_story_beside_fields(doc, id, raw, |n| {
                mass(n) >= FORM_BOX_STORY_SHARE * page_mass
            })
        {
            // A comment form, newsletter box or login wall, with the prose
            // around its fields (comment rules, the pitch): readers type
            // here, they do not read an article here. Only the box itself:
            // a column that also holds an article is more than a form.
            true
        } else if tag == "span"
            && is_link_popup(id, raw)
            // The innermost such span is the popup; the one around it also
            // holds the linked name that belongs to the sentence.
            && !doc.children(id).any(|c| is_link_popup(c, raw))
        {
            // A people card or glossary popup inside a sentence: a run of
            // links that CSS shows only on hover.
            true
        } else if tag == "figure" {
            // A figure is an image with its caption and credit, unless it
            // holds a table, a quote or code.
            if raw.structured[id as usize] > 0 {
                false
            } else if keep_images && raw.images[id as usize] > 0 {
                keep_only_images(doc, id, raw, &mut removed);
                walk.skip_subtree_of(id);
                continue;
            } else {
                true
            }
        } else {
            let s: Signals = names.signals(doc, id);
            let named = match level {
                Strictness::Strict => {
                    s.boilerplate
                        || s.weak_boilerplate
                        || s.hidden
                        || (s.furniture && prose(id) <= FURNITURE_MAX_PROSE)
                }
                Strictness::Lenient => s.boilerplate,
                // Reader comments go at every level: relaxing the pruning
                // is for an article whose wrapper has an unlucky name, and
                // a thread is never that.
                Strictness::Minimal => s.comments,
            };
            // An embedded post ("social-media-embed" around a tweet's
            // blockquote) is a quotation in the article, not a share bar.
            // Reader comments and overlays (consent banners, adblock walls,
            // popups) are never the article's wrapper, however much of the
            // page they fill (a long thread under a short post, a wall of
            // polite prose); only the named body's own wrappers are kept.
            let guarded = if s.comments || s.overlay {
                protected.contains(id)
            } else {
                wraps_article(id)
            };
            named
                && !s.article_body
                && !is_embedded_quote(id, raw)
                && !matches!(tag, "body" | "html" | "a" | "main")
                && !guarded
        };
        if drop {
            removed.insert(id);
            walk.skip_subtree_of(id);
        }
    }
    removed
}

/// True when a piece of `id` without form fields (a maximal subtree
/// holding none) has [`FORM_BOX_STORY_PROSE`] of prose and is a story by
/// `big_enough` (its share of the page): the box holds an article beside
/// its form, and only the part with the fields is a form. The walk goes
/// down the paths to the fields only, stepping over every field-free
/// subtree once it is measured.
fn holds_story_beside_fields(
    doc: &Document,
    id: NodeId,
    raw: &Stats,
    big_enough: impl Fn(NodeId) -> bool,
) -> bool {
    let prose = |n: NodeId| raw.text[n as usize].saturating_sub(raw.link[n as usize]);
    let mut walk = doc.descendants(id);
    while let Some(n) = walk.next() {
        if raw.fields[n as usize] == 0 {
            if prose(n) >= FORM_BOX_STORY_PROSE && big_enough(n) {
                return true;
            }
            walk.skip_subtree_of(n);
        }
    }
    false
}

/// What pruning needs to know about a page before it starts, found once
/// per page and used at every strictness.
#[derive(Debug)]
pub(crate) struct Landmarks {
    /// The element that names itself the article body (class, id or
    /// `itemprop`) and holds the most prose, if one holds enough.
    pub named_body: Option<NodeId>,
    /// The elements around the named body, never pruned for their names,
    /// tags or form fields: a blog post sits in `<div class="date-outer">`
    /// inside `<div class="widget Blog">`, an article in a page-wide
    /// `<form>`, a search box in the article's column, and none of that
    /// makes the article boilerplate. Same-class siblings of those
    /// wrappers (the other posts of a listing, the other chunks of a split
    /// body) are kept too.
    pub around_body: NodeSet,
}

impl Landmarks {
    /// Find the landmarks of the page under `root`.
    pub(crate) fn find(doc: &Document, root: NodeId, raw: &Stats, names: &Names) -> Landmarks {
        let named_body = named_body(doc, root, raw, names);
        let mut around_body = NodeSet::for_document(doc);
        if let Some(body) = named_body {
            for a in doc.ancestors(body) {
                around_body.insert(a);
                let class = doc.attr(a, "class").filter(|c| !c.trim().is_empty());
                if let (Some(parent), Some(class)) = (doc.parent(a), class) {
                    for s in doc.children(parent) {
                        if s != a && doc.tag(s) == doc.tag(a) && doc.attr(s, "class") == Some(class)
                        {
                            around_body.insert(s);
                        }
                    }
                }
            }
        }
        Landmarks {
            named_body,
            around_body,
        }
    }
}

/// The element that names itself the article body (class, id or
/// `itemprop`) and holds the most prose, if one holds enough.
fn named_body(doc: &Document, root: NodeId, raw: &Stats, names: &Names) -> Option<NodeId> {
    let prose = |id: NodeId| raw.text[id as usize].saturating_sub(raw.link[id as usize]);
    let mut best: Option<NodeId> = None;
    let mut walk = doc.descendants(root);
    while let Some(id) = walk.next() {
        let Some(tag) = doc.tag(id) else { continue };
        if DROP_TAGS.contains(&tag) || prose(id) < MIN_NAMED_BODY_PROSE || is_hidden(doc, id) {
            walk.skip_subtree_of(id);
            continue;
        }
        if matches!(tag, "div" | "section" | "article" | "main" | "span" | "td")
            && best.is_none_or(|b| prose(id) > prose(b))
            && names.signals(doc, id).article_body
        {
            best = Some(id);
        }
    }
    best
}

/// Non-link characters a named article body needs for its ancestors to be
/// protected: a few sentences (the length a named body needs to be taken
/// seriously by the selector).
const MIN_NAMED_BODY_PROSE: u32 = 200;

/// True when the element says it is hidden from readers.
///
/// One pass over the attributes, comparing names as atoms: this is asked
/// of most elements of a page, and a lookup per attribute name cost four
/// scans with string comparisons.
pub(crate) fn is_hidden(doc: &Document, id: NodeId) -> bool {
    for a in doc.attrs(id) {
        if a.name.ns != ns!() {
            continue;
        }
        let hidden = match a.name.local {
            local_name!("hidden") => true,
            local_name!("aria-hidden") => a.value.trim().eq_ignore_ascii_case("true"),
            local_name!("aria-modal") => a.value.trim() == "true",
            local_name!("style") => {
                let style: String = a
                    .value
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect::<String>()
                    .to_ascii_lowercase();
                style.contains("display:none") || style.contains("visibility:hidden")
            }
            _ => false,
        };
        if hidden {
            return true;
        }
    }
    false
}

/// True when most of the element's text is in a blockquote: an embedded
/// post (a tweet in a "social-media-embed" box) quoted by the article.
fn is_embedded_quote(id: NodeId, raw: &Stats) -> bool {
    let quoted = raw.quoted[id as usize];
    quoted > 0 && quoted as f64 >= EMBED_QUOTE_SHARE * raw.text[id as usize] as f64
}

/// An inline element made almost only of several links.
fn is_link_popup(id: NodeId, raw: &Stats) -> bool {
    let (text, link) = (raw.text[id as usize], raw.link[id as usize]);
    text >= POPUP_MIN_CHARS
        && link as f64 >= POPUP_LINK_SHARE * text as f64
        && raw.anchors[id as usize] as usize >= POPUP_MIN_LINKS
}

/// Remove everything below `figure` except its images and the elements
/// leading to them.
fn keep_only_images(doc: &Document, figure: NodeId, raw: &Stats, removed: &mut NodeSet) {
    let mut walk = doc.descendants(figure);
    while let Some(d) = walk.next() {
        if doc.tag(d) == Some("img") {
            walk.skip_subtree_of(d);
        } else if !doc.is_element(d) || raw.images[d as usize] == 0 {
            removed.insert(d);
            walk.skip_subtree_of(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_html;

    fn kept_text(html: &str) -> String {
        let doc = parse_html(html);
        let body = doc.body().expect("body");
        let raw = Stats::compute(&doc, body, None);
        let names = Names::new(&doc);
        let marks = Landmarks::find(&doc, body, &raw, &names);
        let removed = prune(&doc, body, &raw, &marks, Strictness::Strict, false, &names);
        let mut out = String::new();
        let mut walk = doc.descendants(body);
        while let Some(id) = walk.next() {
            if removed.contains(id) {
                walk.skip_subtree_of(id);
            } else if let Some(t) = doc.text(id) {
                out.push_str(t);
            }
        }
        out
    }

    #[test]
    fn removes_chrome_and_hidden() {
        let t = kept_text(
            r#"<nav>Menu</nav><div class="comments">C</div><p hidden>H</p>
               <div style="display: none">D</div><p>Article text here.</p>
               <div class="share-bar">S</div>"#,
        );
        assert_eq!(t.trim(), "Article text here.");
    }

    #[test]
    fn removes_link_popups_but_keeps_the_linked_name() {
        let t = kept_text(
            r#"<p>He met Rep. <span class="person"><a href="/p">Jane Roe</a><span class="card">
               <a href="/1">First headline here</a> <a href="/2">Second headline here</a>
               <a href="/3">Third headline here</a></span></span> on Monday.</p>"#,
        );
        assert!(t.contains("Jane Roe"), "{t}");
        assert!(!t.contains("headline"), "{t}");
    }

    const PROSE: &str = "A sentence of the post that goes on for a while, with commas, \
        clauses and enough words to count as real prose in any measure. ";

    #[test]
    fn never_prunes_the_wrappers_of_a_named_body() {
        // Weak names (widget, date), a search box and a page-wide form
        // around the post; more paragraph text in the sidebar than in it.
        let html = format!(
            r#"<form><div class="widget Blog"><div class="date-outer">
               <input type="text" name="q"><div class="post-body entry-content">{PROSE}{PROSE}</div>
               </div></div></form><div class="about"><p>{PROSE}{PROSE}{PROSE}</p></div>"#
        );
        let t = kept_text(&html);
        assert!(t.contains("A sentence of the post"), "{t}");
    }

    #[test]
    fn a_form_box_goes_but_not_the_column_around_it() {
        // The column holds more than a form's worth of prose, the other
        // column more paragraph text still: the column does not wrap the
        // article by size, yet only the comment box inside it goes.
        let column = format!("<p>{PROSE}</p>").repeat(13);
        let other =
            "<p>Another column of text that is long enough to be read as prose.</p>".repeat(30);
        let html = format!(
            r#"<div class="col">{column}<div class="box"><p>Please keep to our rules when you comment.</p>
               <form><textarea></textarea></form></div></div><div class="other">{other}</div>"#
        );
        let t = kept_text(&html);
        assert!(t.contains("A sentence of the post"), "{t}");
        assert!(!t.contains("our rules"), "{t}");
    }

    #[test]
    fn a_short_story_in_one_box_with_a_comment_form_stays() {
        // A table holds a story of a few paragraphs, much of its page, and
        // in its next row the comment form: the box is under a form's
        // worth of prose, yet only the form's row goes.
        let story = format!("<p>{PROSE}</p>").repeat(4);
        let other =
            "<p>Another column of text that is long enough to be read as prose.</p>".repeat(10);
        let html = format!(
            r#"<table><tr><td>{story}</td></tr><tr><td><p>Say what you think.</p>
               <form><textarea></textarea></form></td></tr></table><div class="other">{other}</div>"#
        );
        let t = kept_text(&html);
        assert!(t.contains("A sentence of the post"), "{t}");
        assert!(!t.contains("what you think"), "{t}");
    }

    #[test]
    fn long_comment_rules_beside_a_form_go_with_it() {
        // The rules are as long as a short story, but a small part of a
        // page whose article is elsewhere.
        let article = format!("<p>{PROSE}</p>").repeat(20);
        let rules = "<p>Keep to the topic, be kind to each other, and quote only what you \
                     may quote: we delete what breaks these rules of ours.</p>"
            .repeat(5);
        let html = format!(
            r#"<div class="a">{article}</div><div class="box"><div>{rules}</div>
               <form><textarea></textarea></form></div>"#
        );
        let t = kept_text(&html);
        assert!(t.contains("A sentence of the post"), "{t}");
        assert!(!t.contains("Keep to the topic"), "{t}");
    }

    #[test]
    fn furniture_names_remove_furniture_not_wrappers() {
        let html = format!(
            r#"<div class="post-meta">By Jane Doe, 3 May 2020, in News</div>
               <div id="mainContentPrint">{}</div><div class="other">{}</div>"#,
            format!("<p>{PROSE}</p>").repeat(9),
            "<p>Another column of text that is long enough to be read as prose.</p>".repeat(30)
        );
        let t = kept_text(&html);
        assert!(t.contains("A sentence of the post"), "{t}");
        assert!(!t.contains("Jane Doe"), "{t}");
    }

    #[test]
    fn a_hidden_copy_of_the_body_protects_nothing() {
        let html = format!(
            r#"<div class="sidebar"><div style="display:none" itemprop="articleBody">{PROSE}{PROSE}{PROSE}</div></div>
               <div class="main"><p>{PROSE}</p></div><div class="x"><p>{PROSE}</p></div>"#
        );
        let doc = parse_html(&html);
        let body = doc.body().expect("body");
        let raw = Stats::compute(&doc, body, None);
        assert_eq!(
            Landmarks::find(&doc, body, &raw, &Names::new(&doc)).named_body,
            None
        );
    }

    #[test]
    fn keeps_wrappers_of_the_article() {
        let t = kept_text(
            r#"<div class="page has-sidebar"><p>Long article paragraph one.</p>
               <p>Another paragraph.</p></div><div class="sidebar"><p>x</p></div>"#,
        );
        assert!(t.contains("Long article paragraph one."));
        assert!(!t.contains('x'));
    }
}
