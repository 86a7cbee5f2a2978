//! Reader comments: the comment section of a page, as plain data.
//!
//! The article extractor prunes comment sections ([`super::clean`]); this
//! module reads them, on request (`--comments`), into a list of
//! [`Comment`]s. It never touches the article: the record's text is the
//! same whether comments are asked for or not.
//!
//! Which elements are comments, strongest evidence first:
//!
//! 1. **Typed**: a microdata item of type schema.org `Comment` (or
//!    `itemprop=comment`), or ARIA `role=comment`, anywhere on the page.
//! 2. **Named**, inside a *comment section*: an element whose class or id
//!    names the comments as a whole (`comments`, `comment-list`,
//!    `disqus_thread`, `kommentare`, `commentaires`, ...; never the form,
//!    `respond`, nor a title, count or link). In it, elements whose class or
//!    id names *one* comment (`li.comment`, `article.comment-body`,
//!    `div.kommentar`). Several such names compete: the most frequent wins,
//!    and of equally frequent ones the outer (a WordPress `li.comment` over
//!    the `article.comment-body` inside it). Outside sections only repeated
//!    `<article>`s named as one comment count.
//! 3. **Repeated**: in a section with neither, the containers with one tag
//!    and class that repeat most as siblings, each holding some text, few
//!    links and no form fields.
//!
//! A reply nested in a comment is a comment of its own, in page order. Each
//! comment's text is its body (`.comment-content`, `itemprop=text`) or, when
//! it names none, the whole comment, without its furniture: author and date
//! lines, reply and edit links, votes, avatars, forms. The author comes from
//! `itemprop=author`, `.comment-author`, `.fn`; the date from
//! `<time datetime>` or a microdata date (ISO 8601), or from a date-named
//! element as written ("3 days ago" stays that).
//!
//! Every walk is iterative; each node is visited a bounded number of times,
//! and at most [`MAX_COMMENTS`] comments are returned.

use std::collections::HashMap;

use serde::Serialize;

use crate::article::Article;
use crate::dom::{is_block_tag, Document, Edge, NodeId, NodeKind, NodeSet};
use crate::layout;
use crate::metadata::parse_structured;
use crate::text::contains_ci;

use super::blocks;
use super::stats::Stats;
use super::vocab::parts_of;

/// One reader comment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Comment {
    /// The commenter's name as shown; `null` when the page does not say.
    pub author: Option<String>,
    /// When the comment was written: ISO 8601 when the page states it in an
    /// attribute (`<time datetime>`, microdata `content`), else as written
    /// ("12. März 2024", "3 days ago"); `null` when the page does not say.
    pub date: Option<String>,
    /// The comment's text: paragraphs separated by a blank line, as in the
    /// record's `text`.
    pub text: String,
}

/// At most this many comments are returned per page: a page with more is a
/// forum dump, and the record must stay a bounded size.
pub const MAX_COMMENTS: usize = 1000;

/// Class/id parts that name a page's comments as a whole.
const SECTION_WORDS: &[&str] = &[
    "comments",
    "commentlist",
    "commentslist",
    "commentsection",
    "commentarea",
    "commentthread",
    "disqus",
    "kommentare",
    "kommentarliste",
    "kommentarbereich",
    "commentaires",
    "comentarios",
    "commenti",
    "reacties",
    "komentarze",
    "komentare",
    "kommentarer",
    "kommentit",
    "yorumlar",
    "discussion",
    "replies",
    "responses",
];

/// Class/id parts that name one comment.
const ITEM_WORDS: &[&str] = &[
    "comment",
    "kommentar",
    "commentaire",
    "comentario",
    "commento",
    "reactie",
    "komentarz",
    "komentar",
    "kommentti",
    "yorum",
];

/// Parts that, next to a word for one comment, make it the whole list:
/// `comment-list`, `commentThread`.
const SECTION_QUALIFIERS: &[&str] = &["list", "section", "area", "thread", "stream", "zone"];

/// Parts that, next to a word for one comment, keep it one comment:
/// `comment-item`, `comment-body`.
const ITEM_QUALIFIERS: &[&str] = &["item", "entry", "single", "body", "node", "card", "post"];

/// Parts that wrap either one comment or all of them (`comment-wrapper`):
/// outside a section they start one, inside they name a comment.
const WRAPPER_QUALIFIERS: &[&str] = &["container", "wrapper", "wrap", "box", "block", "holder"];

/// Parts that may stand beside the comment word without changing what it
/// names: theme prefixes and owners (`wp-comment`, `reader-comments`).
const NEUTRAL_PARTS: &[&str] = &[
    "c", "js", "wp", "o", "l", "m", "user", "users", "reader", "readers", "article", "post",
    "blog", "news", "story", "page", "main", "all", "the",
];

/// Parts that make a comment-named element something other than a comment
/// or the list: the form, its title or count, links to it, its policy.
const EXCLUDED_PARTS: &[&str] = &[
    "form",
    "respond",
    "reply",
    "title",
    "heading",
    "header",
    "headline",
    "count",
    "counter",
    "number",
    "num",
    "total",
    "link",
    "links",
    "button",
    "btn",
    "toggle",
    "icon",
    "policy",
    "rules",
    "guidelines",
    "notes",
    "note",
    "closed",
    "open",
    "rss",
    "feed",
    "login",
    "subscribe",
    "meta",
    "metadata",
    "author",
    "date",
    "time",
    "avatar",
    "show",
    "hide",
    "load",
    "more",
    "jump",
    "anchor",
    "bubble",
    "status",
    "label",
    "nav",
    "navigation",
    "pagination",
    "pager",
    "tab",
    "tabs",
    "text",
    "content",
    "actions",
    "vote",
    "votes",
    "like",
    "likes",
    "edit",
    "permalink",
    "awaiting",
    "moderation",
    "summary",
];

/// Substrings a class or id must contain before it is split into parts:
/// a cheap test that skips the split for almost every element.
const STEMS: &[&str] = &[
    "comment",
    "koment",
    "komment",
    "coment",
    "disqus",
    "discussion",
    "repl",
    "respons",
    "reacti",
    "yorum",
];

/// Parts naming the commenter inside a comment.
const AUTHOR_PARTS: &[&str] = &[
    "author",
    "fn",
    "username",
    "nickname",
    "nick",
    "name",
    "commenter",
    "poster",
    "autor",
    "auteur",
    "autore",
];

/// Parts naming an element that holds the commenter's name itself, inside
/// a wider author element (the `.fn` in WordPress' `.comment-author`).
const NAME_PARTS: &[&str] = &["fn", "name", "username", "nickname", "nick"];

/// Parts naming the date of a comment.
const DATE_PARTS: &[&str] = &[
    "date",
    "dates",
    "time",
    "timestamp",
    "datetime",
    "datum",
    "fecha",
    "posted",
    "published",
    "ago",
    "zeit",
];

/// Parts naming a comment's meta line (author and date together, or a
/// date alone in older WordPress themes).
const META_PARTS: &[&str] = &["meta", "metadata", "commentmetadata", "info", "details"];

/// Parts naming controls and decoration around a comment's text.
const FURNITURE_PARTS: &[&str] = &[
    "reply",
    "respond",
    "vote",
    "votes",
    "voting",
    "upvote",
    "downvote",
    "like",
    "likes",
    "rating",
    "karma",
    "points",
    "score",
    "actions",
    "action",
    "tools",
    "toolbar",
    "report",
    "flag",
    "share",
    "sharing",
    "permalink",
    "edit",
    "button",
    "btn",
    "moderation",
    "awaiting",
    "avatar",
    "badge",
    "badges",
    "icon",
    "menu",
    "dropdown",
    "options",
    "controls",
    "signature",
    "says",
    "antworten",
    "melden",
    "zitieren",
    "repondre",
    "responder",
    "rispondi",
];

/// Parts naming the body of a comment.
const CONTENT_PARTS: &[&str] = &[
    "content", "text", "body", "message", "msg", "entry", "inhalt", "texte", "texto", "testo",
    "tekst",
];

/// Tags never part of a comment's text: code, media, and the reply form.
const DROP_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "canvas", "iframe", "object",
    "embed", "video", "audio", "picture", "img", "form", "button", "input", "textarea", "select",
    "label", "fieldset", "nav", "dialog", "menu",
];

/// Tags that can hold a comment section.
const SECTION_TAGS: &[&str] = &[
    "div", "section", "aside", "ol", "ul", "article", "footer", "dl", "table", "tbody",
];

/// Tags that can be one comment.
const ITEM_TAGS: &[&str] = &[
    "div",
    "li",
    "article",
    "section",
    "aside",
    "blockquote",
    "dd",
    "tr",
    "p",
];

/// Tags a comment found only by repetition can have.
const REPEATED_TAGS: &[&str] = &["div", "li", "article", "section"];

/// A container found by repetition holds at least this much text.
const MIN_REPEATED_CHARS: u32 = 15;

/// A container found by repetition with more of its text in links is a
/// link list, not comments.
const MAX_REPEATED_LINK_DENSITY: f64 = 0.5;

/// What a class or id token says about comments.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Naming {
    /// Names the comments as a whole.
    section: bool,
    /// Names one comment.
    item: bool,
}

/// Read one token's parts.
fn token_naming(parts: &[String]) -> Naming {
    let is = |list: &[&str], p: &String| list.contains(&p.as_str());
    if parts.iter().any(|p| is(EXCLUDED_PARTS, p)) {
        return Naming::default();
    }
    let rest_fits = |allowed: &[&[&str]], skip: &[&str]| {
        parts
            .iter()
            .filter(|p| !is(skip, p) && !is(NEUTRAL_PARTS, p))
            .all(|p| allowed.iter().any(|list| is(list, p)))
    };
    if parts.iter().any(|p| is(SECTION_WORDS, p)) {
        return Naming {
            section: rest_fits(&[SECTION_QUALIFIERS, WRAPPER_QUALIFIERS], SECTION_WORDS),
            item: false,
        };
    }
    if !parts.iter().any(|p| is(ITEM_WORDS, p)) {
        return Naming::default();
    }
    let has = |list: &[&str]| parts.iter().any(|p| is(list, p));
    let wrapper = has(WRAPPER_QUALIFIERS);
    Naming {
        section: (has(SECTION_QUALIFIERS) || wrapper)
            && rest_fits(&[SECTION_QUALIFIERS, WRAPPER_QUALIFIERS], ITEM_WORDS),
        item: !has(SECTION_QUALIFIERS)
            && rest_fits(&[ITEM_QUALIFIERS, WRAPPER_QUALIFIERS], ITEM_WORDS),
    }
}

/// What an element's class and id say about comments, with the key of the
/// first token naming one comment (its parts joined: `comment`,
/// `comment-body`), which groups the comments of one list.
fn element_naming(doc: &Document, id: NodeId, parts: &mut Vec<String>) -> (Naming, Option<String>) {
    let mut naming = Naming::default();
    let mut key = None;
    for attr in ["class", "id"] {
        let Some(value) = doc.attr(id, attr) else {
            continue;
        };
        if !STEMS.iter().any(|s| contains_ci(value, s)) {
            continue;
        }
        for token in value.split_ascii_whitespace().take(16) {
            parts_of(token, parts);
            let t = token_naming(parts);
            naming.section |= t.section;
            if t.item {
                naming.item = true;
                if key.is_none() {
                    key = Some(parts.join("-"));
                }
            }
        }
    }
    (naming, key)
}

/// True when the element is a comment by microdata type or ARIA role.
fn is_typed_comment(doc: &Document, id: NodeId) -> bool {
    let typed = doc.attr(id, "itemtype").is_some_and(|t| {
        t.split_ascii_whitespace().any(|t| {
            let name = t.trim_end_matches('/').rsplit('/').next().unwrap_or("");
            name == "Comment" || name == "UserComments"
        })
    });
    typed
        || doc
            .attr(id, "itemprop")
            .is_some_and(|p| p.split_ascii_whitespace().any(|p| p == "comment"))
        || doc
            .attr(id, "role")
            .is_some_and(|r| r.trim().eq_ignore_ascii_case("comment"))
}

/// Tags whose subtree holds no comments at all.
fn is_opaque(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "head"
            | "iframe"
            | "textarea"
            | "select"
            | "object"
    )
}

/// What the first walk over the page found.
#[derive(Default)]
struct Found {
    /// Outermost comment sections, in page order.
    sections: Vec<NodeId>,
    /// Typed comments found inside each section.
    typed_in_section: Vec<usize>,
    /// Typed comments anywhere.
    typed: Vec<NodeId>,
    /// Elements named as one comment inside each section, with their keys.
    named_in_section: Vec<Vec<(NodeId, String)>>,
    /// `<article>`s named as one comment outside sections.
    named_outside: Vec<(NodeId, String)>,
}

/// Walk the page once for sections, typed and named comments.
fn survey(doc: &Document, body: NodeId) -> Found {
    let mut found = Found::default();
    let mut current: Option<usize> = None;
    let mut parts = Vec::new();
    let mut walk = doc.traverse(body);
    while let Some(edge) = walk.next() {
        match edge {
            Edge::Open(id) => {
                let Some(tag) = doc.tag(id) else {
                    walk.skip_children(id);
                    continue;
                };
                if is_opaque(tag) || super::clean::is_hidden(doc, id) {
                    walk.skip_children(id);
                    continue;
                }
                let (naming, key) = element_naming(doc, id, &mut parts);
                // Pages put `itemprop=comment` or the Comment type on the
                // whole list too; a list named as one is read as a section.
                if is_typed_comment(doc, id) && !naming.section {
                    found.typed.push(id);
                    if let Some(s) = current {
                        found.typed_in_section[s] += 1;
                    }
                    continue;
                }
                if let Some(key) = key.filter(|_| ITEM_TAGS.contains(&tag)) {
                    match current {
                        Some(s) => {
                            found.named_in_section[s].push((id, key));
                            continue;
                        }
                        None if tag == "article" => {
                            found.named_outside.push((id, key));
                            continue;
                        }
                        None => {}
                    }
                }
                if current.is_none() && naming.section && SECTION_TAGS.contains(&tag) {
                    current = Some(found.sections.len());
                    found.sections.push(id);
                    found.typed_in_section.push(0);
                    found.named_in_section.push(Vec::new());
                }
            }
            Edge::Close(id) => {
                if current.is_some_and(|s| found.sections[s] == id) {
                    current = None;
                }
            }
        }
    }
    found
}

/// Of elements named as one comment (in page order), the key that names
/// the comments: the most frequent, and of equally frequent ones the one
/// seen first (the outer element of a comment).
fn winning_key<'a>(named: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for (position, key) in named.enumerate() {
        counts.entry(key).or_insert((0, position)).0 += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
        .map(|(key, _)| key)
}

/// The elements around the page's headline or its named article body
/// (`h1`, `main`, `itemprop=articleBody`, themselves included): a
/// "comment section" among them is a page wrapper, not a comment list.
fn article_holders(doc: &Document, body: NodeId) -> NodeSet {
    let mut holders = NodeSet::for_document(doc);
    let mut walk = doc.descendants(body);
    while let Some(d) = walk.next() {
        if doc.tag(d).is_some_and(is_opaque) {
            walk.skip_subtree_of(d);
            continue;
        }
        let marks = matches!(doc.tag(d), Some("h1") | Some("main"))
            || doc.attr(d, "itemprop") == Some("articleBody");
        if !marks || holders.contains(d) {
            continue;
        }
        holders.insert(d);
        // Stop at the first marked ancestor: the chain above it is marked
        // already, so every node is marked once.
        for a in doc.ancestors(d) {
            if holders.contains(a) {
                break;
            }
            holders.insert(a);
        }
    }
    holders
}

/// Comments found by repetition in a section: the containers of one tag
/// and class that repeat most as siblings, each with some text, few links
/// and no form fields (replies with the same markup included).
fn repeated_items(doc: &Document, section: NodeId, stats: &Stats) -> Vec<NodeId> {
    let qualifies = |id: NodeId, tag: &str| {
        REPEATED_TAGS.contains(&tag)
            && stats.text[id as usize] >= MIN_REPEATED_CHARS
            && stats.fields[id as usize] == 0
            && stats.link_density(id) <= MAX_REPEATED_LINK_DENSITY
    };
    // Qualified elements by (tag, class), and the most siblings of one
    // parent each signature has.
    let mut by_signature: HashMap<(&str, &str), (Vec<NodeId>, usize)> = HashMap::new();
    let mut siblings: HashMap<(&str, &str), usize> = HashMap::new();
    // The section, then each element below it, as a parent of its children.
    let mut walk = doc.descendants(section);
    let mut next = Some(section);
    while let Some(parent) = next {
        let tag = doc.tag(parent);
        let skip = parent != section && tag.is_some_and(|t| DROP_TAGS.contains(&t) || is_opaque(t));
        if skip {
            // `parent` is the node the walk returned last.
            walk.skip_subtree_of(parent);
        }
        next = walk.next();
        if skip || tag.is_none() {
            continue;
        }
        siblings.clear();
        for child in doc.children(parent) {
            let Some(child_tag) = doc.tag(child) else {
                continue;
            };
            if !qualifies(child, child_tag) {
                continue;
            }
            let signature = (child_tag, doc.attr(child, "class").unwrap_or("").trim());
            let count = siblings.entry(signature).or_insert(0);
            *count += 1;
            let entry = by_signature.entry(signature).or_default();
            entry.0.push(child);
            entry.1 = entry.1.max(*count);
        }
    }
    by_signature
        .into_values()
        .filter(|(members, most_siblings)| *most_siblings >= 2 && !members.is_empty())
        .max_by_key(|(members, most_siblings)| {
            let text: u64 = members
                .iter()
                .map(|&m| u64::from(stats.text[m as usize]))
                .sum();
            // Ties go to the group that starts first, so the result does
            // not depend on hash order.
            let first = members.first().copied().unwrap_or(NodeId::MAX);
            (
                *most_siblings,
                members.len(),
                text,
                std::cmp::Reverse(first),
            )
        })
        .map(|(members, _)| members)
        .unwrap_or_default()
}

/// A child's tag and class: what repeated comments share.
type Signature<'a> = (&'a str, &'a str);

/// The signature of an element.
fn signature_of(doc: &Document, id: NodeId) -> Option<Signature<'_>> {
    Some((doc.tag(id)?, doc.attr(id, "class").unwrap_or("").trim()))
}

/// Of comments found by repetition, the child they share that holds their
/// text: the signature found in at least half of them with the most text,
/// when it holds at least half of all their text. What comes before it in
/// a comment is its byline.
fn body_signature<'a>(
    doc: &'a Document,
    members: &[NodeId],
    stats: &Stats,
) -> Option<Signature<'a>> {
    let mut by_signature: HashMap<Signature<'a>, (usize, u64)> = HashMap::new();
    let mut total = 0u64;
    for &m in members {
        total += u64::from(stats.text[m as usize]);
        for child in doc.children(m) {
            if let Some(signature) = signature_of(doc, child) {
                let entry = by_signature.entry(signature).or_default();
                entry.0 += 1;
                entry.1 += u64::from(stats.text[child as usize]);
            }
        }
    }
    by_signature
        .into_iter()
        .filter(|(_, (count, _))| count * 2 >= members.len())
        .max_by_key(|(signature, (_, text))| (*text, *signature))
        .filter(|(_, (_, text))| text * 2 >= total)
        .map(|(signature, _)| signature)
}

/// Find the reader comments of a page, in page order.
///
/// Returns an empty list when the page has none (a comment form alone is
/// not a comment). See the module documentation for what counts.
pub fn extract_comments(doc: &Document) -> Vec<Comment> {
    let Some(body) = doc.body() else {
        return Vec::new();
    };
    let found = survey(doc, body);
    let mut items = NodeSet::for_document(doc);
    let mut any = false;
    for &id in &found.typed {
        items.insert(id);
        any = true;
    }
    let mut stats: Option<Stats> = None;
    let mut holders: Option<NodeSet> = None;
    // Comments found by repetition: the signature of their body child.
    let mut shapes: HashMap<NodeId, Signature<'_>> = HashMap::new();
    for (s, &section) in found.sections.iter().enumerate() {
        if found.typed_in_section[s] > 0 {
            continue;
        }
        let named = &found.named_in_section[s];
        if let Some(key) = winning_key(named.iter().map(|(_, k)| k.as_str())) {
            let chosen: Vec<NodeId> = named
                .iter()
                .filter(|(_, k)| k == key)
                .map(|(id, _)| *id)
                .collect();
            // A lone `comment-container` is more likely the wrapper of the
            // whole list (or of an empty widget) than one comment.
            let wrapper_only = key.split('-').any(|p| WRAPPER_QUALIFIERS.contains(&p));
            if chosen.len() >= 2 || !wrapper_only {
                for id in chosen {
                    items.insert(id);
                    any = true;
                }
                continue;
            }
        }
        let holders = holders.get_or_insert_with(|| article_holders(doc, body));
        if holders.contains(section) {
            continue;
        }
        let stats = stats.get_or_insert_with(|| Stats::compute(doc, body, None));
        let members = repeated_items(doc, section, stats);
        let shape = body_signature(doc, &members, stats);
        for id in members {
            items.insert(id);
            any = true;
            if let Some(shape) = shape {
                shapes.insert(id, shape);
            }
        }
    }
    // Outside sections: repeated <article>s named as one comment, none of
    // them around the headline.
    let outside = &found.named_outside;
    if let Some(key) = winning_key(outside.iter().map(|(_, k)| k.as_str())) {
        let holders = holders.get_or_insert_with(|| article_holders(doc, body));
        let articles: Vec<NodeId> = outside
            .iter()
            .filter(|(id, k)| k == key && !holders.contains(*id))
            .map(|(id, _)| *id)
            .collect();
        if articles.len() >= 2 {
            for id in articles {
                items.insert(id);
                any = true;
            }
        }
    }
    if !any {
        return Vec::new();
    }

    // Read the comments in page order. `mask` holds what no comment's text
    // includes: every comment (so a reply stays out of its parent's text)
    // and the furniture found on the way.
    let mut mask = items.clone();
    let mut out = Vec::new();
    let mut walk = doc.descendants(body);
    while let Some(id) = walk.next() {
        if doc.tag(id).is_some_and(is_opaque) {
            walk.skip_subtree_of(id);
            continue;
        }
        if !items.contains(id) {
            continue;
        }
        if let Some(comment) = read_comment(doc, id, shapes.get(&id).copied(), &items, &mut mask) {
            out.push(comment);
            if out.len() >= MAX_COMMENTS {
                break;
            }
        }
    }
    out
}

/// The role of an element inside a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Not special: part of the text.
    Plain,
    /// The commenter's name (or an element around it).
    Author,
    /// A `<time>` element.
    Time,
    /// A microdata date (`itemprop=dateCreated`).
    PropDate,
    /// An element named as the date.
    NamedDate,
    /// A meta line: author and date, or the date alone.
    Meta,
    /// Controls and decoration: reply links, votes, avatars.
    Furniture,
    /// The comment's body.
    Content,
}

/// What an element inside a comment is, by microdata, tag and class.
fn role_of(doc: &Document, id: NodeId, tag: &str, parts: &mut Vec<String>) -> Role {
    if let Some(props) = doc.attr(id, "itemprop") {
        for prop in props.split_ascii_whitespace() {
            match prop {
                "author" | "creator" => return Role::Author,
                "dateCreated" | "datePublished" | "commentTime" => return Role::PropDate,
                "dateModified"
                | "upvoteCount"
                | "downvoteCount"
                | "interactionStatistic"
                | "interactionCount"
                | "image"
                | "url" => return Role::Furniture,
                "text" | "commentText" | "articleBody" => return Role::Content,
                _ => {}
            }
        }
    }
    if tag == "time" {
        return Role::Time;
    }
    let (mut author, mut date, mut meta, mut furniture, mut content) =
        (false, false, false, false, false);
    for attr in ["class", "id"] {
        let Some(value) = doc.attr(id, attr) else {
            continue;
        };
        for token in value.split_ascii_whitespace().take(16) {
            parts_of(token, parts);
            let joined = parts.concat();
            let mut check = |p: &str| {
                author |= AUTHOR_PARTS.contains(&p);
                date |= DATE_PARTS.contains(&p);
                meta |= META_PARTS.contains(&p);
                furniture |= FURNITURE_PARTS.contains(&p);
                // Ids carry a body word for every comment's anchor
                // ("comment-body-12"); only the class names the body.
                content |= attr == "class" && CONTENT_PARTS.contains(&p);
            };
            for p in parts.iter() {
                check(p);
            }
            check(&joined);
        }
    }
    if author {
        Role::Author
    } else if date {
        Role::NamedDate
    } else if furniture {
        Role::Furniture
    } else if meta {
        Role::Meta
    } else if content {
        Role::Content
    } else if matches!(tag, "header" | "footer") {
        // A comment's header or footer holds its byline and controls.
        Role::Furniture
    } else {
        Role::Plain
    }
}

/// The text below `id`, whitespace collapsed, with a space at block
/// boundaries; `None` when empty, longer than `max_chars`, or the subtree
/// is too big to be a name or a date.
fn short_text(doc: &Document, id: NodeId, max_chars: usize) -> Option<String> {
    let mut out = String::new();
    if let Some(t) = doc.text(id) {
        out.push_str(t);
    }
    let mut walk = doc.descendants(id);
    let mut visited = 0;
    while let Some(d) = walk.next() {
        visited += 1;
        if visited > 200 || out.len() > max_chars * 4 {
            return None;
        }
        match doc.kind(d) {
            NodeKind::Text(t) => out.push_str(doc.span_text(*t)),
            NodeKind::Element { name, .. } => {
                if is_opaque(&name.local) {
                    walk.skip_subtree_of(d);
                } else if is_block_tag(&name.local) || &*name.local == "br" {
                    out.push(' ');
                }
            }
            _ => {}
        }
    }
    let text = crate::text::collapse_ws(&out);
    (!text.is_empty() && text.chars().count() <= max_chars).then_some(text)
}

/// The commenter's name from an author element, with the date when the
/// element is a whole byline ("**Ann** on *May 3, 2023* said:"): its
/// `content` (a `<meta>`); else a name inside it (`.fn`, `itemprop=name`);
/// else its text when that is short and without digits; else the byline's
/// parts.
fn author_name(
    doc: &Document,
    el: NodeId,
    parts: &mut Vec<String>,
) -> (Option<String>, Option<String>) {
    if doc.tag(el) == Some("meta") {
        let name = doc
            .attr(el, "content")
            .map(crate::text::collapse_ws)
            .filter(|c| !c.is_empty());
        return (name, None);
    }
    let names_person = |d: NodeId, parts: &mut Vec<String>| {
        if doc
            .attr(d, "itemprop")
            .is_some_and(|p| p.split_ascii_whitespace().any(|p| p == "name"))
        {
            return true;
        }
        doc.attr(d, "class").is_some_and(|class| {
            class.split_ascii_whitespace().take(16).any(|token| {
                parts_of(token, parts);
                parts.iter().any(|p| NAME_PARTS.contains(&p.as_str()))
                    || NAME_PARTS.contains(&parts.concat().as_str())
            })
        })
    };
    let inner = doc
        .descendants(el)
        .take(200)
        .find(|&d| doc.is_element(d) && names_person(d, parts));
    if let Some(name) = inner.and_then(|n| short_text(doc, n, 100)) {
        return (Some(name), None);
    }
    match short_text(doc, el, 100) {
        Some(text) if text.chars().count() <= 40 && !text.chars().any(char::is_numeric) => {
            (Some(text), None)
        }
        Some(_) => {
            let (name, date) = read_byline(doc, &[el]);
            (name.or_else(|| short_text(doc, el, 100)), date)
        }
        None => (None, None),
    }
}

/// A byline without names on its parts: the name is the first bold, cited
/// or linked text; the date the first short element (or, failing that, the
/// rest of the text) with a digit in it.
fn read_byline(doc: &Document, roots: &[NodeId]) -> (Option<String>, Option<String>) {
    let elements = || {
        roots
            .iter()
            .flat_map(|&r| std::iter::once(r).chain(doc.descendants(r).take(50)))
            .filter(|&d| doc.is_element(d))
    };
    let tagged = |tags: &[&str]| {
        elements()
            .filter(|&d| doc.tag(d).is_some_and(|t| tags.contains(&t)))
            .filter_map(|d| short_text(doc, d, 60))
            .find(|t| !t.chars().any(char::is_numeric))
    };
    let name = tagged(&["strong", "b", "cite"]).or_else(|| tagged(&["a"]));
    let has_date = |t: &String| t.chars().any(char::is_numeric) && t.chars().count() <= 40;
    let date = elements()
        .filter(|&d| !roots.contains(&d))
        .filter_map(|d| short_text(doc, d, 40))
        .find(|t| has_date(t) && name.as_deref() != Some(t.as_str()))
        .or_else(|| {
            roots
                .iter()
                .filter_map(|&r| short_text(doc, r, 80))
                .map(|t| match name.as_deref() {
                    Some(n) => t.replacen(n, "", 1),
                    None => t,
                })
                .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
                .find(has_date)
        });
    (name, date)
}

/// A date from an attribute: ISO 8601 when it parses, else as written.
fn attribute_date(value: &str) -> Option<String> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    Some(
        parse_structured(value, None)
            .map(|m| m.to_iso())
            .unwrap_or_else(|| value.to_string()),
    )
}

/// Read one comment: its author, date and text. `None` when it has no text.
fn read_comment(
    doc: &Document,
    item: NodeId,
    shape: Option<Signature<'_>>,
    items: &NodeSet,
    mask: &mut NodeSet,
) -> Option<Comment> {
    let mut parts = Vec::new();
    let mut author: Option<String> = None;
    let mut machine_date: Option<String> = None;
    let mut time_text: Option<NodeId> = None;
    let mut named_date: Option<NodeId> = None;
    let mut meta: Option<NodeId> = None;
    let mut content: Option<NodeId> = None;
    // A date read from a byline without named parts.
    let mut byline_date: Option<String> = None;
    // Furniture elements open around the current node: a content-named
    // element inside one (a date's "text") is not the body.
    let mut furniture: Vec<NodeId> = Vec::new();
    let mut walk = doc.traverse(item);
    while let Some(edge) = walk.next() {
        let id = match edge {
            Edge::Open(id) => id,
            Edge::Close(id) => {
                if furniture.last() == Some(&id) {
                    furniture.pop();
                }
                continue;
            }
        };
        if id == item {
            continue;
        }
        let Some(tag) = doc.tag(id) else {
            walk.skip_children(id);
            continue;
        };
        if items.contains(id) {
            walk.skip_children(id);
            continue;
        }
        if DROP_TAGS.contains(&tag) || super::clean::is_hidden(doc, id) {
            mask.insert(id);
            walk.skip_children(id);
            continue;
        }
        let role = role_of(doc, id, tag, &mut parts);
        match role {
            Role::Plain => continue,
            Role::Content => {
                if content.is_none() && furniture.is_empty() {
                    content = Some(id);
                }
                continue;
            }
            Role::Author => {
                if author.is_none() {
                    let (name, date) = author_name(doc, id, &mut parts);
                    author = name;
                    byline_date = byline_date.or(date);
                }
            }
            Role::Time => match doc.attr(id, "datetime").and_then(attribute_date) {
                Some(d) => {
                    machine_date.get_or_insert(d);
                }
                None => {
                    time_text.get_or_insert(id);
                }
            },
            Role::PropDate => {
                let value = doc.attr(id, "content").or_else(|| doc.attr(id, "datetime"));
                match value.and_then(attribute_date) {
                    Some(d) => {
                        machine_date.get_or_insert(d);
                    }
                    None => {
                        time_text.get_or_insert(id);
                    }
                }
            }
            Role::NamedDate => {
                named_date.get_or_insert(id);
            }
            Role::Meta => {
                meta.get_or_insert(id);
            }
            Role::Furniture => {}
        }
        mask.insert(id);
        furniture.push(id);
    }

    // A comment found by repetition, with nothing named inside: its body
    // is the child of the shared shape, and what comes before it is the
    // byline: the name in bold, cited or linked, then the date.
    if let (None, Some(shape)) = (content, shape) {
        let body = doc
            .children(item)
            .find(|&c| signature_of(doc, c) == Some(shape));
        if let Some(body) = body {
            content = Some(body);
            let byline: Vec<NodeId> = doc
                .children(item)
                .take_while(|&c| c != body)
                .filter(|&c| doc.is_element(c))
                .collect();
            let (name, date) = read_byline(doc, &byline);
            author = author.or(name);
            byline_date = byline_date.or(date);
        }
    }

    let date = machine_date.or_else(|| {
        [time_text, named_date]
            .into_iter()
            .flatten()
            .find_map(|el| short_text(doc, el, 80))
            .or_else(|| {
                // A meta line is the date only when it is short and has a
                // number in it (and the author was not read from it).
                meta.and_then(|el| short_text(doc, el, 60)).filter(|t| {
                    t.chars().any(|c| c.is_numeric())
                        && author.as_deref().is_none_or(|a| !t.contains(a))
                })
            })
            .or(byline_date)
    });

    let text = content
        .map(|c| text_of(doc, c, mask))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| {
            // The item itself is masked (as a reply of its parent); unmask
            // it while reading its own text.
            mask.remove(item);
            let t = text_of(doc, item, mask);
            mask.insert(item);
            t
        });
    (!text.is_empty()).then_some(Comment { author, date, text })
}

/// The plain text of `root` without the masked subtrees, in the record's
/// text layout.
fn text_of(doc: &Document, root: NodeId, mask: &NodeSet) -> String {
    let assembled = blocks::assemble(doc, &[root], mask, false);
    layout::text(&Article {
        blocks: assembled.blocks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_html;

    fn naming(token: &str) -> Naming {
        let mut parts = Vec::new();
        parts_of(token, &mut parts);
        token_naming(&parts)
    }

    #[test]
    fn names_sections_items_and_neither() {
        for t in [
            "comments",
            "comment-list",
            "commentlist",
            "disqus_thread",
            "kommentare",
        ] {
            assert!(naming(t).section && !naming(t).item, "{t}");
        }
        for t in [
            "comment",
            "comment-body",
            "commentItem",
            "kommentar",
            "wp-comment",
        ] {
            assert!(naming(t).item && !naming(t).section, "{t}");
        }
        let wrapper = naming("comment-wrapper");
        assert!(wrapper.item && wrapper.section);
        for t in [
            "comment-respond",
            "comment-form",
            "comments-title",
            "comment-reply-link",
            "comment-content",
            "comment-author",
            "commentary",
            "comments-closed",
        ] {
            assert_eq!(naming(t), Naming::default(), "{t}");
        }
    }

    #[test]
    fn key_prefers_frequent_then_outer() {
        let keys = ["comment", "comment-body", "comment", "comment-body"];
        assert_eq!(winning_key(keys.into_iter()), Some("comment"));
        let keys = ["comment", "comment-body", "comment-body"];
        assert_eq!(winning_key(keys.into_iter()), Some("comment-body"));
        assert_eq!(winning_key(std::iter::empty()), None);
    }

    #[test]
    fn replies_are_separate_comments() {
        let doc = parse_html(
            r#"<div id="comments"><ol class="comment-list">
               <li class="comment"><div class="comment-author"><span class="fn">Ann</span></div>
                 <div class="comment-content"><p>First.</p></div>
                 <ol class="children"><li class="comment">
                   <div class="comment-author"><span class="fn">Bob</span></div>
                   <div class="comment-content"><p>A reply.</p></div></li></ol></li>
               </ol></div>"#,
        );
        let got = extract_comments(&doc);
        let texts: Vec<_> = got.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["First.", "A reply."]);
        assert_eq!(got[1].author.as_deref(), Some("Bob"));
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let mut html = String::from(r#"<div class="comments">"#);
        for _ in 0..20_000 {
            html.push_str(r#"<div class="comment">x "#);
        }
        let doc = parse_html(&html);
        let got = extract_comments(&doc);
        assert!(!got.is_empty() && got.len() <= MAX_COMMENTS);
    }
}
