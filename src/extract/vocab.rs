//! The words that class names, ids and roles use to say what an element is.
//!
//! Matching is done per *part* of a class or id token: `c-article__comments`
//! splits into `c`, `article`, `comments`, and `adblockWall` into `adblock`,
//! `wall`. Whole-attribute substring matching (`/comment/` anywhere in
//! `class`) is the main source of false positives in other extractors
//! (`commentary`, `uncommented`, `shadow` containing `ad`), so parts are
//! compared exactly, and the few compounds that do not split (`sharedaddy`,
//! `outbrain`) are listed whole.
//!
//! Vocabularies are multilingual where sites use native words in class
//! names (German `kommentare`, `werbung`, `anzeige`; French `pub`,
//! `commentaires`; Spanish `comentarios`, `publicidad`; ...).

use std::cell::Cell;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use crate::dom::{Document, NodeId};

/// What an element's class, id and role say about it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Signals {
    /// Names boilerplate that is never article text: comments, consent and
    /// adblock walls, newsletters, share bars, related links, navigation,
    /// footers. Removed unless it wraps the article.
    pub boilerplate: bool,
    /// Names reader comments (also counted in `boilerplate`).
    pub comments: bool,
    /// Names something laid over the page: a consent banner, an adblock
    /// wall, a popup (also counted in `boilerplate`).
    pub overlay: bool,
    /// Names boxes that are often but not always outside the article
    /// (sidebars, widgets, galleries). Removed unless it wraps the article.
    pub weak_boilerplate: bool,
    /// Names the article's small furniture (byline, date, tags, caption,
    /// buttons). Removed when it holds no more prose than furniture does.
    pub furniture: bool,
    /// Names the element hidden from readers (`hidden`, `sr-only`, ...).
    pub hidden: bool,
    /// Names the article itself or its body (`article-body`, `entry-content`,
    /// `itemprop=articleBody`).
    pub article_body: bool,
    /// Readability-style class weight: +25 per positive and -25 per negative
    /// hint, from class and id separately.
    pub weight: i32,
}

/// Parts that name boilerplate which is never the article.
const BOILERPLATE_PARTS: &[&str] = &[
    // navigation
    "nav",
    "navbar",
    "navigation",
    "menu",
    "menus",
    "submenu",
    "breadcrumb",
    "breadcrumbs",
    "crumbs",
    "pagination",
    "pager",
    "skiplink",
    "skip",
    "toc",
    // page chrome
    "footer",
    "masthead",
    "copyright",
    "colophon",
    // sharing
    "share",
    "shares",
    "sharing",
    "sharebar",
    "social",
    "socials",
    "sociallinks",
    "follow",
    "syndication",
    "addthis",
    "addtoany",
    "shariff",
    // recirculation
    "related",
    "relatedposts",
    "recommended",
    "recommendations",
    "recommendation",
    "recirc",
    "recirculation",
    "trending",
    "popular",
    "mostread",
    "mostpopular",
    "outbrain",
    "taboola",
    "zergnet",
    "mgid",
    "revcontent",
    "readmore",
    "readnext",
    "morestories",
    "morenews",
    "lesen",
    "weiterlesen",
    "alsoread",
    // discussion (reader comments are in COMMENT_PARTS)
    "discussion",
    "forum",
    // links other blogs sent to a post (blog engines list them under it)
    "trackback",
    "trackbacks",
    "pingback",
    "pingbacks",
    // calls to action, accounts
    "newsletter",
    "newsletters",
    "subscribe",
    "subscription",
    "subscriptions",
    "signup",
    "login",
    "signin",
    "register",
    "registration",
    "paywall",
    "premium",
    "abo",
    "abonnement",
    "donate",
    "donation",
    // consent banners, walls and popups are in OVERLAY_PARTS
    // ads
    "ad",
    "ads",
    "adv",
    "advert",
    "adverts",
    "advertisement",
    "advertising",
    "adsbygoogle",
    "adslot",
    "adunit",
    "adcontainer",
    "dfp",
    "gpt",
    "sponsor",
    "sponsored",
    "sponsors",
    "promo",
    "promoted",
    "promotion",
    "anzeige",
    "werbung",
    "publicidad",
    "publicite",
    "pub",
    "pubblicita",
    "reklama",
    "banner",
    "billboard",
    "commercial",
];

/// Parts that name reader comments: boilerplate for the article, and never
/// taken for its wrapper however much of the page's prose they hold (a long
/// thread under a short post).
const COMMENT_PARTS: &[&str] = &[
    "comment",
    "comments",
    "commentlist",
    "respond",
    "replies",
    "disqus",
    "kommentar",
    "kommentare",
    "commentaires",
    "commentaire",
    "comentarios",
    "comentario",
    "commenti",
    "reacties",
    "komentarze",
];

/// Parts that name what is laid over the page (consent banners, adblock
/// walls, popups, modal dialogs): boilerplate, and never the article's
/// wrapper, however much polite prose they hold.
const OVERLAY_PARTS: &[&str] = &[
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "cmp",
    "cmplz",
    "onetrust",
    "cookiebot",
    "adblock",
    "adblocker",
    "adblocking",
    "popup",
    "modal",
    "overlay",
    "lightbox",
    "interstitial",
    "agegate",
];

/// Nouns that, run together after "comment(s)", name a part of a comment
/// section ("commentbody", "commentsarea"); "commentary" and "commentator"
/// are words of their own.
const COMMENT_BOXES: &[&str] = &[
    "area",
    "author",
    "block",
    "body",
    "box",
    "container",
    "content",
    "count",
    "footer",
    "form",
    "header",
    "holder",
    "item",
    "list",
    "meta",
    "section",
    "text",
    "thread",
    "wrap",
    "wrapper",
];

/// Nouns for the box an overlay comes in ("cookie-banner", "modal-dialog").
const OVERLAY_BOXES: &[&str] = &[
    "banner",
    "bar",
    "box",
    "container",
    "dialog",
    "layer",
    "notice",
    "wall",
    "window",
    "wrapper",
];

/// Words that mark boilerplate even at the start of a longer run-together
/// part; unlike "comment" (commentary) or "share" (shareholder), no common
/// word begins with them.
const BOILERPLATE_PREFIXES: &[&str] = &[
    "related",
    "recommend",
    "newsletter",
    "outbrain",
    "taboola",
    "sharedaddy",
    "disqus",
    "cookie",
    "advert",
    "breadcrumb",
    "pagination",
    "socialshare",
    "sharebar",
];

/// Parts that name boxes usually outside the article text, whatever their
/// size: sidebars, widgets, galleries.
const WEAK_BOILERPLATE_PARTS: &[&str] = &[
    "sidebar",
    "widget",
    "widgets",
    "aside",
    "rail",
    "teasers",
    "more",
    "gallery",
    "slideshow",
    "carousel",
    "video",
    "player",
    "podcast",
    "audio",
];

/// Parts that name the article's small furniture: bylines, dates, tags,
/// captions, buttons. An element so named that holds more prose than such
/// furniture ever does is a wrapper with an unlucky name
/// (`mainContentPrint`, `date-outer`), not furniture.
const FURNITURE_PARTS: &[&str] = &[
    "byline",
    "bylines",
    "dateline",
    "timestamp",
    "date",
    "time",
    "meta",
    "metadata",
    "postmeta",
    "tags",
    "tag",
    "taglist",
    "tagcloud",
    "topics",
    "keywords",
    "categories",
    "category",
    "caption",
    "credit",
    "credits",
    "bio",
    "authorbio",
    // the author's box under a post: "about-author", "author_info"
    "aboutauthor",
    "abouttheauthor",
    "authorinfo",
    "authorbox",
    "authorprofile",
    "avatar",
    "print",
    "tools",
    "toolbar",
    "actions",
    "rating",
    "vote",
    "votes",
    "feedback",
    "disclaimer",
    "legal",
    "subline",
    "kicker",
    "eyebrow",
    "label",
    "icon",
    "icons",
    "button",
    "buttons",
    "btn",
];

/// Parts that say the element is hidden from readers.
const HIDDEN_PARTS: &[&str] = &[
    "tooltip",
    "popover",
    "hovercard",
    "flyout",
    "hidden",
    "hide",
    "invisible",
    "offscreen",
    "sronly",
    "visuallyhidden",
    "screenreader",
    "readeronly",
    "dnone",
];

/// Parts that, just before a hidden part, name what is hidden inside the
/// element rather than the element: Drupal's `field--label-hidden` is a
/// field whose *label* is hidden, and the field's text is shown.
const HIDDEN_SUBJECTS: &[&str] = &["label", "labels", "title", "caption", "heading"];

/// Parts that, just after "node", are a content system's state of the
/// node (Drupal's `node--promoted`, promoted to the front page), not a
/// name of what the element is.
const NODE_STATES: &[&str] = &["promoted"];

/// Tokens (whole class/id values, lower-cased, separators removed) that name
/// the article body.
const ARTICLE_BODY_TOKENS: &[&str] = &[
    "articlebody",
    "articlecontent",
    "articletext",
    "articlecopy",
    "articlemain",
    "articleinner",
    "articlewrapper",
    "articledetail",
    "articlecontainer",
    "postbody",
    "postcontent",
    "posttext",
    "postentry",
    "postinner",
    "entrycontent",
    "entrybody",
    "entrytext",
    "storybody",
    "storycontent",
    "storytext",
    "bodytext",
    "textbody",
    "contentbody",
    "maintext",
    "blogpost",
    "blogcontent",
    "blogbody",
    "newsbody",
    "newscontent",
    "newstext",
    "richtext",
    "artikeltext",
    "artikelbody",
    "articulo",
    "cuerpo",
    "fulltext",
    "singlepost",
    "postarticle",
    "contentarticle",
    "paywallcontent",
    "mwparseroutput",
    "wysiwyg",
    "prose",
];

/// Parts that name an article's lead paragraph (dek, standfirst).
const LEAD_PARTS: &[&str] = &[
    "summary",
    "lead",
    "lede",
    "intro",
    "standfirst",
    "dek",
    "excerpt",
    "abstract",
    "teaser",
    "deck",
    "chapo",
    "vorspann",
    "sumario",
    "entradilla",
    "occhiello",
];

/// True when the element's class or id names it the article's lead, or
/// its microdata calls it the article's `description`.
pub(crate) fn is_lead(doc: &Document, id: NodeId) -> bool {
    if doc.attr(id, "itemprop") == Some("description") {
        return true;
    }
    let mut parts = Vec::new();
    ["class", "id"].iter().any(|&attr| {
        doc.attr(id, attr).is_some_and(|value| {
            value.split_ascii_whitespace().any(|token| {
                parts_of(token, &mut parts);
                parts.iter().any(|p| LEAD_PARTS.contains(&p.as_str()))
            })
        })
    })
}

/// True when the element's microdata marks one ingredient of a recipe
/// (schema.org `recipeIngredient`, or the older `ingredients`).
pub(crate) fn is_ingredient(doc: &Document, id: NodeId) -> bool {
    doc.attr(id, "itemprop").is_some_and(|v| {
        v.split_ascii_whitespace().any(|t| {
            t.eq_ignore_ascii_case("recipeIngredient") || t.eq_ignore_ascii_case("ingredients")
        })
    })
}

/// True when the element's class or id names it a recipe's list of
/// ingredients ("recipe-ingredients", "ingredients-list"). The plural
/// only: "ingredient" alone names one line, or a link to one.
pub(crate) fn names_ingredients(doc: &Document, id: NodeId) -> bool {
    let mut parts = Vec::new();
    ["class", "id"].iter().any(|&attr| {
        doc.attr(id, attr).is_some_and(|value| {
            // Cheap test first: most elements have nothing like it.
            value.to_ascii_lowercase().contains("ingredients")
                && value.split_ascii_whitespace().any(|token| {
                    parts_of(token, &mut parts);
                    parts.iter().any(|p| p == "ingredients")
                })
        })
    })
}

/// Parts that hint at content (Readability's positive class weight).
const POSITIVE_PARTS: &[&str] = &[
    "article",
    "body",
    "content",
    "entry",
    "hentry",
    "main",
    "page",
    "post",
    "text",
    "blog",
    "story",
    "prose",
    "artikel",
    "inhalt",
    "contenu",
    "contenido",
    "contenuto",
];

/// Parts that hint at boilerplate for the class weight, beyond the lists
/// above.
const NEGATIVE_WEIGHT_PARTS: &[&str] = &[
    "hidden",
    "banner",
    "combx",
    "contact",
    "foot",
    "footnote",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "tool",
    "widget",
    "comment",
    "comments",
    "share",
    "social",
    "nav",
    "menu",
    "ad",
    "ads",
];

/// An id of this many words or more is a heading's slug (docs generators,
/// wikis and CMSs make anchors from headings) and says nothing about the
/// element.
const SLUG_MIN_PARTS: usize = 4;

/// Roles that mark page chrome rather than the document's content.
const BOILERPLATE_ROLES: &[&str] = &[
    "navigation",
    "menu",
    "menubar",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "dialog",
    "alertdialog",
    "tooltip",
    "toolbar",
    "tablist",
    "form",
];

/// Split one class or id token into lower-case parts at `-`, `_`, `.`,
/// `:`, digits and lower-to-upper camel-case boundaries.
pub(crate) fn parts_of(token: &str, parts: &mut Vec<String>) {
    parts.clear();
    let mut part = String::with_capacity(token.len());
    let mut prev_lower = false;
    for c in token.chars() {
        if c.is_alphabetic() {
            if c.is_uppercase() && prev_lower && !part.is_empty() {
                parts.push(std::mem::take(&mut part));
            }
            prev_lower = c.is_lowercase();
            part.extend(c.to_lowercase());
        } else {
            prev_lower = false;
            if !part.is_empty() {
                parts.push(std::mem::take(&mut part));
            }
        }
    }
    if !part.is_empty() {
        parts.push(part);
    }
}

/// What one class or id token says.
#[derive(Default)]
struct TokenSignals {
    boilerplate: bool,
    overlay: bool,
    furniture: bool,
    comments: bool,
    weak: bool,
    hidden: bool,
    article_body: bool,
    positive: bool,
    negative: bool,
}

/// Which word lists a part is in, one bit per list (see [`part_bits`]).
mod bit {
    /// In `COMMENT_PARTS`.
    pub const COMMENT: u16 = 1 << 0;
    /// In `OVERLAY_PARTS`.
    pub const OVERLAY: u16 = 1 << 1;
    /// In `BOILERPLATE_PARTS`.
    pub const BOILERPLATE: u16 = 1 << 2;
    /// In `WEAK_BOILERPLATE_PARTS`.
    pub const WEAK: u16 = 1 << 3;
    /// In `FURNITURE_PARTS`.
    pub const FURNITURE: u16 = 1 << 4;
    /// In `HIDDEN_PARTS`.
    pub const HIDDEN: u16 = 1 << 5;
    /// In `ARTICLE_BODY_TOKENS`.
    pub const ARTICLE_BODY: u16 = 1 << 6;
    /// In `POSITIVE_PARTS`.
    pub const POSITIVE: u16 = 1 << 7;
    /// In `NEGATIVE_WEIGHT_PARTS`.
    pub const NEGATIVE: u16 = 1 << 8;
}

/// The lists a part is looked up in, with their bits.
const PART_LISTS: &[(&[&str], u16)] = &[
    (COMMENT_PARTS, bit::COMMENT),
    (OVERLAY_PARTS, bit::OVERLAY),
    (BOILERPLATE_PARTS, bit::BOILERPLATE),
    (WEAK_BOILERPLATE_PARTS, bit::WEAK),
    (FURNITURE_PARTS, bit::FURNITURE),
    (HIDDEN_PARTS, bit::HIDDEN),
    (ARTICLE_BODY_TOKENS, bit::ARTICLE_BODY),
    (POSITIVE_PARTS, bit::POSITIVE),
    (NEGATIVE_WEIGHT_PARTS, bit::NEGATIVE),
];

/// FNV-1a: the parts are short ASCII words, for which SipHash (the
/// standard map's DoS-resistant default) costs several times more; the
/// keys are our own word lists, so there is nothing to attack.
#[derive(Default)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        const PRIME: u64 = 0x0100_0000_01b3;
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(PRIME);
        }
        self.0 = h;
    }
}

type PartTable = HashMap<&'static str, u16, BuildHasherDefault<Fnv>>;

/// The lists `part` is in, as [`bit`]s: one hash lookup instead of a
/// linear scan of each of the nine lists (the scans were about 5% of all
/// the instructions pith spent on the benchmark pages).
fn part_bits(part: &str) -> u16 {
    static TABLE: OnceLock<PartTable> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = PartTable::default();
        for &(list, b) in PART_LISTS {
            for &w in list {
                *table.entry(w).or_insert(0) |= b;
            }
        }
        table
    });
    table.get(part).copied().unwrap_or(0)
}

fn token_signals(parts: &[String]) -> TokenSignals {
    let mut t = TokenSignals::default();
    let check = |p: &str, t: &mut TokenSignals| {
        let b = part_bits(p);
        let has = |list: u16| b & list != 0;
        let comments = has(bit::COMMENT);
        let overlay = has(bit::OVERLAY);
        t.comments |= comments;
        t.boilerplate |= comments || overlay || has(bit::BOILERPLATE);
        t.weak |= has(bit::WEAK);
        t.furniture |= has(bit::FURNITURE);
        t.hidden |= has(bit::HIDDEN);
        t.article_body |= has(bit::ARTICLE_BODY);
        t.positive |= has(bit::POSITIVE);
        t.negative |= comments || overlay || has(bit::NEGATIVE) || has(bit::BOILERPLATE);
    };
    for (i, p) in parts.iter().enumerate() {
        // Run-together comment boxes: "commentbody", "commentsarea".
        if let Some(rest) = p
            .strip_prefix("comments")
            .or_else(|| p.strip_prefix("comment"))
        {
            if COMMENT_BOXES.contains(&rest) {
                check("comment", &mut t);
            }
        }
        if part_bits(p) & bit::HIDDEN != 0
            && i > 0
            && HIDDEN_SUBJECTS.contains(&parts[i - 1].as_str())
        {
            continue;
        }
        // Drupal marks an article node "promoted to the front page"
        // (`node--promoted`): a state of the article, not an ad.
        if i > 0 && parts[i - 1] == "node" && NODE_STATES.contains(&p.as_str()) {
            continue;
        }
        check(p, &mut t);
        // Run-together names ("relatedpoststitle", "newsletterbox") of
        // words that never start an innocent word.
        if p.len() > 8 {
            if let Some(prefix) = BOILERPLATE_PREFIXES.iter().find(|w| p.starts_with(**w)) {
                check(prefix, &mut t);
            }
        }
    }
    // An overlay is what the token names, not a feature of it:
    // "cookie-banner", "ux-modal-container", "modal" — not "modal-enabled"
    // or "js-lightbox-gallery".
    t.overlay = match parts {
        [.., last] if part_bits(last) & bit::OVERLAY != 0 => true,
        [.., before, last] => {
            part_bits(before) & bit::OVERLAY != 0 && OVERLAY_BOXES.contains(&last.as_str())
        }
        _ => false,
    };
    // Compounds: "article" + "body", "sr" + "only", "ad" + "slot".
    let mut joined = String::new();
    for w in parts.windows(2) {
        joined.clear();
        joined.push_str(&w[0]);
        joined.push_str(&w[1]);
        check(&joined, &mut t);
    }
    if parts.len() > 2 {
        let whole: String = parts.concat();
        check(&whole, &mut t);
    }
    t
}

/// The signals of a page's elements, each read once: pruning (once per
/// strictness level tried), the landmarks, scoring and selection all ask
/// for the same elements, and reading one splits and looks up every class
/// and id token again.
pub(crate) struct Names {
    memo: Vec<Cell<Option<Signals>>>,
}

impl Names {
    /// An empty memo for `doc`'s nodes.
    pub(crate) fn new(doc: &Document) -> Names {
        Names {
            memo: vec![Cell::new(None); doc.len()],
        }
    }

    /// [`signals`] of `id`, read on the first call.
    pub(crate) fn signals(&self, doc: &Document, id: NodeId) -> Signals {
        let Some(cell) = self.memo.get(id as usize) else {
            return signals(doc, id);
        };
        if let Some(s) = cell.get() {
            return s;
        }
        let s = signals(doc, id);
        cell.set(Some(s));
        s
    }
}

/// Read the signals of an element's class, id and role attributes.
pub(crate) fn signals(doc: &Document, id: NodeId) -> Signals {
    let mut s = Signals::default();
    let mut parts = Vec::new();
    // A token that is purely positive ("hentry", "post", "blog") vouches
    // for the element: weak hints in other tokens are then taxonomy
    // ("category-news", "tag-politics" on a WordPress post) or theme names.
    let mut vouched = false;
    let mut weak = false;
    let mut furniture = false;
    for attr in ["class", "id"] {
        let Some(value) = doc.attr(id, attr) else {
            continue;
        };
        let (mut positive, mut negative) = (false, false);
        for token in value.split_ascii_whitespace().take(16) {
            parts_of(token, &mut parts);
            // An id spelled like a sentence ("sharing-with-a-single-developer")
            // is an anchor made from a heading, not a name for the element.
            if attr == "id" && parts.len() >= SLUG_MIN_PARTS {
                continue;
            }
            let t = token_signals(&parts);
            s.boilerplate |= t.boilerplate;
            s.comments |= t.comments;
            s.overlay |= t.overlay;
            s.hidden |= t.hidden;
            s.article_body |= t.article_body;
            weak |= t.weak;
            furniture |= t.furniture;
            vouched |= t.positive && !t.negative && !t.weak && !t.furniture;
            positive |= t.positive;
            negative |= t.negative;
        }
        // Class and id each add or subtract once, as in Readability.
        if positive && !negative {
            s.weight += 25;
        }
        if negative && !positive {
            s.weight -= 25;
        }
    }
    s.weak_boilerplate = weak && !vouched;
    s.furniture = furniture && !vouched;
    if doc.attr(id, "itemprop") == Some("articleBody") {
        s.article_body = true;
        s.weight += 25;
    }
    if let Some(role) = doc.attr(id, "role") {
        let role = role.trim().to_ascii_lowercase();
        if BOILERPLATE_ROLES.contains(&role.as_str()) {
            s.boilerplate = true;
        }
        if role == "main" || role == "article" {
            s.weight += 25;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_html;

    fn sig(html: &str) -> Signals {
        let doc = parse_html(html);
        let body = doc.body().expect("body");
        let el = doc.first_child(body).expect("element");
        signals(&doc, el)
    }

    #[test]
    fn parts_are_matched_exactly() {
        assert!(sig(r#"<div class="article-comments">"#).boilerplate);
        assert!(sig(r#"<div class="adblockWall">"#).boilerplate);
        assert!(!sig(r#"<div class="commentary">"#).boilerplate);
        assert!(!sig(r#"<div class="shadow head">"#).boilerplate);
        assert!(sig(r#"<div id="ad_slot_3">"#).boilerplate);
        assert!(sig(r#"<div class="c-article__body">"#).article_body);
        assert!(sig(r#"<div itemprop="articleBody">"#).article_body);
        assert!(sig(r#"<nav-x role="navigation">"#).boilerplate);
    }

    #[test]
    fn the_german_word_for_article_alone_names_no_body() {
        // As "article" alone does not: a box of related articles is called
        // "artikel" as often as the article is.
        let s = sig(r#"<div class="site-artikel view view-related-content">"#);
        assert!(!s.article_body && s.boilerplate, "{s:?}");
        assert!(sig(r#"<div class="artikel-text">"#).article_body);
        assert!(sig(r#"<div class="artikelBody">"#).article_body);
    }

    #[test]
    fn a_promoted_node_is_not_an_ad() {
        let s = sig(r#"<article class="node node--type-article node--promoted">"#);
        assert!(!s.boilerplate, "{s:?}");
        assert!(sig(r#"<div class="promoted-content">"#).boilerplate);
    }

    #[test]
    fn author_boxes_are_furniture() {
        assert!(sig(r#"<div class="wp-about-author-text">"#).furniture);
        assert!(sig(r#"<div id="about-the-author">"#).furniture);
        assert!(sig(r#"<div class="author_info">"#).furniture);
        assert!(sig(r#"<div class="authorBox">"#).furniture);
        assert!(sig(r#"<div class="author-profile">"#).furniture);
        // An author's name in a post's classes names no box.
        assert!(!sig(r#"<div class="entry entry-author-jane_doe">"#).furniture);
    }

    #[test]
    fn trackbacks_are_boilerplate() {
        assert!(sig(r#"<div class="trackbacks">"#).boilerplate);
        assert!(sig(r#"<div id="trackback_list">"#).boilerplate);
        assert!(sig(r#"<li class="pingback even">"#).boilerplate);
        assert!(!sig(r#"<div class="track-record">"#).boilerplate);
    }

    #[test]
    fn taxonomy_classes_do_not_remove_a_post() {
        let s = sig(r#"<article class="post hentry category-news tag-sidebar">"#);
        assert!(!s.weak_boilerplate && !s.furniture);
        assert!(sig(r#"<div class="sidebar-content">"#).weak_boilerplate);
        assert!(sig(r#"<div class="post-meta">"#).furniture);
    }

    #[test]
    fn heading_slugs_in_ids_are_not_names() {
        assert!(!sig(r#"<div class="section" id="sharing-with-a-single-developer">"#).boilerplate);
        assert!(sig(r#"<div id="share-bar">"#).boilerplate);
    }

    #[test]
    fn a_hidden_label_does_not_hide_its_field() {
        assert!(!sig(r#"<div class="field field--label-hidden">"#).hidden);
        assert!(sig(r#"<div class="label hidden">"#).hidden);
        assert!(sig(r#"<div class="is-hidden">"#).hidden);
        // Not printed is not hidden on screen.
        assert!(!sig(r#"<div class="noprint">"#).hidden);
    }

    #[test]
    fn overlays_are_named_by_the_head_of_a_token() {
        assert!(sig(r#"<div class="cookie-banner">"#).overlay);
        assert!(sig(r#"<div class="ux-modal-container">"#).overlay);
        assert!(sig(r#"<div class="modal fade">"#).overlay);
        assert!(!sig(r#"<div class="box article modal-enabled">"#).overlay);
        assert!(!sig(r#"<div class="js-lightbox-gallery">"#).overlay);
    }

    #[test]
    fn ingredient_lists_are_named_by_the_plural_or_marked_by_microdata() {
        let first = |html: &str| {
            let doc = parse_html(html);
            let el = doc
                .body()
                .and_then(|b| doc.first_child(b))
                .expect("element");
            (names_ingredients(&doc, el), is_ingredient(&doc, el))
        };
        assert_eq!(first(r#"<div class="recipe-ingredients">"#), (true, false));
        assert_eq!(first(r#"<ul id="ingredientsList">"#), (true, false));
        assert_eq!(first(r#"<a class="ingredient-link">"#), (false, false));
        assert_eq!(first(r#"<div class="noingredientsfound">"#), (false, false));
        assert_eq!(first(r#"<li itemprop="recipeIngredient">"#), (false, true));
        assert_eq!(first(r#"<span itemprop="ingredients">"#), (false, true));
    }

    #[test]
    fn run_together_comment_boxes_are_comments() {
        assert!(sig(r#"<div class="commentbody by-jane">"#).comments);
        assert!(sig(r#"<div id="commentsarea">"#).comments);
        assert!(!sig(r#"<div class="commentary">"#).comments);
        assert!(!sig(r#"<div class="commentator-bio">"#).comments);
    }

    #[test]
    fn part_bits_match_the_lists() {
        for &(list, b) in PART_LISTS {
            for w in list {
                assert_ne!(part_bits(w) & b, 0, "{w}");
            }
        }
        for w in ["", "commentary", "x", "articles"] {
            let expected = PART_LISTS
                .iter()
                .filter(|(list, _)| list.contains(&w))
                .fold(0, |acc, (_, b)| acc | b);
            assert_eq!(part_bits(w), expected, "{w}");
        }
    }

    #[test]
    fn class_weight() {
        assert_eq!(sig(r#"<div class="post-content">"#).weight, 25);
        assert_eq!(sig(r#"<div class="sidebar">"#).weight, -25);
        assert_eq!(sig(r#"<div class="content" id="main">"#).weight, 50);
    }
}
