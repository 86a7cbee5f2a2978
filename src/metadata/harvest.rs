//! The one walk over the document that collects every raw metadata signal.
//!
//! Metadata must stay cheap next to parsing, so the arena is walked once,
//! in document order, with a small stack of context flags (inside
//! `<head>`, inside the article, inside comments/sidebars/footers, inside a
//! byline already taken, the enclosing microdata items). Each node is
//! looked at a constant number of times; text is only gathered for the few
//! elements that can carry metadata (title, h1, bylines, datelines, time,
//! tag links), and then only up to a small bound. Deciding between the
//! signals is left to [`super`].

use html5ever::{local_name, ns, LocalName};

use crate::dom::{Document, Edge, NodeId, NodeKind};
use crate::text::{collapse_ws, contains_ci, eq_lower, first_word};

use super::jsonld::is_article_type;

/// A piece of visible text and where it was on the page.
#[derive(Debug, Clone)]
pub struct Spot {
    /// Element index in document order (for distance to the headline).
    pub order: u32,
    /// Inside `<article>`, `<main>` or an element with role main/article.
    pub in_article: bool,
    /// The text, whitespace collapsed.
    pub text: String,
}

/// A visible date candidate.
#[derive(Debug, Clone)]
pub struct DateSpot {
    /// Where and what.
    pub spot: Spot,
    /// The `datetime` attribute, for `<time>`.
    pub datetime: Option<String>,
    /// Marked as an update ("updated" class, "Aktualisiert" introducer).
    pub modified: bool,
    /// Marked as the publication date (`pubdate`, "publish" class,
    /// "Veröffentlicht" introducer).
    pub published: bool,
}

/// What microdata (`itemprop`) says about the page's main item.
#[derive(Debug, Default, Clone)]
pub struct Microdata {
    /// `headline` (or `name` of the main item).
    pub headline: Option<String>,
    /// Author names.
    pub authors: Vec<String>,
    /// `datePublished` / `dateCreated`.
    pub date_published: Option<String>,
    /// `dateModified`.
    pub date_modified: Option<String>,
    /// `image`.
    pub image: Option<String>,
    /// `publisher` name.
    pub publisher: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `keywords`.
    pub keywords: Option<String>,
    /// `articleSection`.
    pub section: Option<String>,
    /// The `itemtype` of the outermost item.
    pub item_type: Option<String>,
}

/// Everything the walk found, unranked.
#[derive(Debug, Default)]
pub struct Harvest {
    /// `<html lang>` as written.
    pub html_lang: Option<String>,
    /// `<title>` text.
    pub title_tag: Option<String>,
    /// `<meta>` key (property / name / http-equiv, lower case) and content.
    pub metas: Vec<(String, String)>,
    /// `<base href>`.
    pub base_href: Option<String>,
    /// `<link rel=canonical href>`.
    pub canonical: Option<String>,
    /// `<link rel=image_src href>`.
    pub image_src: Option<String>,
    /// `rel=license` links: href and text.
    pub license_links: Vec<(String, String)>,
    /// Text of `rel=author` links.
    pub author_links: Vec<String>,
    /// Text of tag links (`rel=tag`, links to tag pages in tag lists).
    pub tag_links: Vec<String>,
    /// Text of category links.
    pub category_links: Vec<String>,
    /// Raw JSON-LD blocks.
    pub jsonld: Vec<String>,
    /// `<h1>` texts.
    pub h1s: Vec<Spot>,
    /// Microdata of the main item.
    pub micro: Microdata,
    /// Visible bylines.
    pub bylines: Vec<Spot>,
    /// Visible datelines and `<time>` elements.
    pub dates: Vec<DateSpot>,
}

/// Context flags, inherited by descendants.
const IN_HEAD: u8 = 1;
const IN_ARTICLE: u8 = 1 << 1;
const EXCLUDED: u8 = 1 << 2;
const BYLINE_TAKEN: u8 = 1 << 3;
const DATE_TAKEN: u8 = 1 << 4;
const IN_TAGS: u8 = 1 << 5;
const IN_CATEGORIES: u8 = 1 << 6;
/// Returned in the flags of an element whose children are skipped
/// (scripts, styles, SVG, form controls); never inherited, since those
/// children are not visited.
const OPAQUE: u8 = 1 << 7;

/// What an element's class and id say it holds.
#[derive(Default, Clone, Copy)]
struct Marks {
    author: bool,
    date: bool,
    modified: bool,
    published: bool,
    excluded: bool,
    tags: bool,
    categories: bool,
}

/// Classify an element by the tokens of its class and id attributes.
/// Tokens are split on non-alphanumerics, so `article__byline` and
/// `post-author-name` both count, without allocating. The first letter
/// picks the few prefixes worth comparing: this runs on every element.
fn marks_of(class: &str, id: &str) -> Marks {
    let mut m = Marks::default();
    for attr in [class, id] {
        for tok in attr.as_bytes().split(|b| !b.is_ascii_alphanumeric()) {
            if tok.len() < 3 {
                continue;
            }
            let starts =
                |p: &str| tok.len() >= p.len() && tok[..p.len()].eq_ignore_ascii_case(p.as_bytes());
            match tok[0].to_ascii_lowercase() {
                b'a' => {
                    if starts("author") || starts("autor") || starts("auteur") {
                        m.author = true;
                    } else if starts("aktualisiert") {
                        m.date = true;
                        m.modified = true;
                    }
                }
                b'b' if starts("byline") => m.author = true,
                b'c' => {
                    if starts("comment") {
                        m.excluded = true;
                    } else if starts("categor") || tok.eq_ignore_ascii_case(b"cat") {
                        m.categories = true;
                    }
                }
                b'd' => {
                    if starts("date") || starts("datum") {
                        m.date = true;
                    } else if starts("disqus") {
                        m.excluded = true;
                    }
                }
                b'f' if starts("footer") => m.excluded = true,
                b'i' if starts("info") => m.date = true,
                b'k' if starts("keyword") => m.tags = true,
                b'l' if starts("lastmod") => {
                    m.date = true;
                    m.modified = true;
                }
                b'm' => {
                    if starts("meta") {
                        m.date = true;
                    } else if starts("modified") {
                        m.date = true;
                        m.modified = true;
                    }
                }
                b'p' => {
                    if starts("publish") || starts("pubdate") {
                        m.date = true;
                        m.published = true;
                    } else if starts("posted") {
                        m.date = true;
                    }
                }
                b'r' => {
                    if starts("related") || starts("recommend") || starts("respond") {
                        m.excluded = true;
                    } else if starts("rubri") {
                        m.categories = true;
                    }
                }
                b's' => {
                    if starts("sidebar") {
                        m.excluded = true;
                    } else if starts("schlagw") {
                        m.tags = true;
                    }
                }
                b't' => {
                    if starts("time") {
                        m.date = true;
                    } else if starts("tag") {
                        m.tags = true;
                    }
                }
                b'u' if starts("updated") => {
                    m.date = true;
                    m.modified = true;
                }
                b'w' if starts("widget") => m.excluded = true,
                _ => {}
            }
        }
    }
    m
}

/// What the first word of a text node announces.
#[derive(Default, Clone, Copy, PartialEq, Debug)]
struct Opening {
    /// A byline introducer ("By", "Von", "Par", "Autor:").
    byline: bool,
    /// A dateline label: `Some(false)` for publication ("Veröffentlicht"),
    /// `Some(true)` for an update ("Aktualisiert", "Stand").
    dateline: Option<bool>,
}

/// Classify the first word of a text node. This runs on every text node,
/// so ASCII words (nearly all) are lower-cased into a stack buffer and
/// matched as byte strings; only other words take the Unicode path.
fn opening(text: &str) -> Opening {
    let word = first_word(text);
    if word.len() < 2 || word.len() > 16 {
        return cjk_opening(word);
    }
    if word.is_ascii() {
        let mut buf = [0u8; 16];
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        let trimmed = lower.strip_suffix(b":").unwrap_or(lower);
        let byline = matches!(
            &*lower,
            b"by"
                | b"von"
                | b"par"
                | b"por"
                | b"di"
                | b"door"
                | b"autor:"
                | b"autorin:"
                | b"author:"
                | b"written"
                | b"text:"
                | b"av"
                | b"af"
        ) || lower.starts_with(b"autor:")
            || lower.starts_with(b"author:");
        let dateline = match trimmed {
            b"published" | b"posted" | b"publicado" | b"pubblicato" | b"gepubliceerd"
            | b"erschienen" => Some(false),
            b"updated" | b"aktualisiert" | b"stand" | b"actualizado" | b"aggiornato"
            | b"bijgewerkt" | b"atualizado" => Some(true),
            _ => None,
        };
        return Opening { byline, dateline };
    }
    let trimmed = word.trim_end_matches(':');
    if eq_lower(trimmed, "veröffentlicht") || eq_lower(trimmed, "publié") {
        return Opening {
            byline: false,
            dateline: Some(false),
        };
    }
    if eq_lower(trimmed, "modifié") {
        return Opening {
            byline: false,
            dateline: Some(true),
        };
    }
    cjk_opening(word)
}

/// CJK datelines run the label into the date: "公開日：2019年10月8日",
/// "기사입력 :[ 2018-08-25 ]".
fn cjk_opening(word: &str) -> Opening {
    const PUBLISHED: &[&str] = &[
        "기사입력",
        "입력",
        "등록",
        "발행",
        "公開日",
        "投稿日",
        "发布时间",
        "发布于",
        "发表于",
        "發佈時間",
    ];
    const UPDATED: &[&str] = &["수정", "更新日", "更新时间", "最終更新"];
    let dateline = if word.is_ascii() {
        None
    } else if PUBLISHED.iter().any(|p| word.starts_with(p)) {
        Some(false)
    } else if UPDATED.iter().any(|p| word.starts_with(p)) {
        Some(true)
    } else {
        None
    };
    Opening {
        byline: false,
        dateline,
    }
}

/// Elements whose content is never metadata text.
fn is_opaque(tag: &str) -> bool {
    matches!(
        tag,
        "style"
            | "noscript"
            | "template"
            | "iframe"
            | "object"
            | "select"
            | "textarea"
            | "canvas"
            | "math"
            | "button"
    )
}

/// Inline formatting elements, across which text runs on without a space.
fn is_formatting(tag: &str) -> bool {
    matches!(
        tag,
        "b" | "i" | "em" | "strong" | "u" | "mark" | "sup" | "sub" | "small"
    )
}

/// The text below `id`, whitespace collapsed, or `None` when it is longer
/// than `max_chars` (a byline or dateline is short; a long text is the
/// article or a bio, not what is looked for). Element boundaries other than
/// inline formatting count as spaces.
pub fn bounded_text(doc: &Document, id: NodeId, max_chars: usize) -> Option<String> {
    let mut out = String::new();
    let mut walk = doc.descendants(id);
    let mut visited = 0;
    while let Some(n) = walk.next() {
        visited += 1;
        // A byline or dateline is a handful of nodes; a big subtree is
        // given up early instead of walked.
        if visited > 100 || out.len() > max_chars * 4 {
            return None;
        }
        match doc.kind(n) {
            NodeKind::Text(t) => out.push_str(doc.span_text(*t)),
            NodeKind::Element { name, .. } => {
                let tag: &str = &name.local;
                if tag == "script" || is_opaque(tag) || tag == "svg" {
                    walk.skip_subtree_of(n);
                } else if !is_formatting(tag) {
                    out.push(' ');
                }
            }
            _ => {}
        }
    }
    let text = collapse_ws(&out);
    (!text.is_empty() && text.chars().count() <= max_chars).then_some(text)
}

/// A microdata item being read.
struct Scope {
    node: NodeId,
    /// The item may describe the page (an article, a page, a blog, an
    /// untyped item); a header, breadcrumb, organisation or person item
    /// does not.
    describes_page: bool,
    /// The `itemprop` under which this item is a value of its parent.
    prop: Option<String>,
    /// Text of the item element, used as a name when it has no `name`.
    fallback_name: Option<String>,
    got_name: bool,
}

/// The value of an `itemprop` element, per the microdata rules.
fn itemprop_value(doc: &Document, id: NodeId, tag: &str) -> Option<String> {
    let v = match tag {
        "meta" => doc.attr(id, "content").map(str::to_string),
        "a" | "link" | "area" => doc.attr(id, "href").map(str::to_string),
        "img" | "audio" | "video" | "source" | "embed" | "iframe" => {
            doc.attr(id, "src").map(str::to_string)
        }
        "time" => doc
            .attr(id, "datetime")
            .map(str::to_string)
            .or_else(|| bounded_text(doc, id, 100)),
        "data" | "meter" => doc.attr(id, "value").map(str::to_string),
        "object" => doc.attr(id, "data").map(str::to_string),
        _ => doc
            .attr(id, "content")
            .map(str::to_string)
            .or_else(|| bounded_text(doc, id, 300)),
    }?;
    let v = collapse_ws(&v);
    (!v.is_empty()).then_some(v)
}

/// Caps on collected candidates, so pathological pages stay linear.
const MAX_SPOTS: usize = 64;

/// Walk the document once and collect every metadata signal.
pub fn harvest(doc: &Document) -> Harvest {
    let mut h = Harvest::default();
    // Flags of the open elements; the top is the innermost element's.
    let mut flags: Vec<u8> = vec![0];
    let mut scopes: Vec<Scope> = Vec::new();
    let mut order: u32 = 0;
    let mut walk = doc.traverse(Document::ROOT);
    while let Some(edge) = walk.next() {
        let id = match edge {
            Edge::Open(id) => id,
            Edge::Close(id) => {
                if doc.is_element(id) {
                    flags.pop();
                    if scopes.last().is_some_and(|s| s.node == id) {
                        if let Some(scope) = scopes.pop() {
                            close_scope(&mut h.micro, scope);
                        }
                    }
                }
                continue;
            }
        };
        let ctx = flags.last().copied().unwrap_or(0);
        match doc.kind(id) {
            NodeKind::Text(text) if ctx & (IN_HEAD | EXCLUDED) == 0 => {
                visible_text(doc, id, doc.span_text(*text), ctx, order, &mut h);
            }
            NodeKind::Element { name, .. } => {
                order += 1;
                let own = element(doc, id, &name.local, ctx, order, &mut h, &mut scopes);
                flags.push(own);
                if own & OPAQUE != 0 {
                    walk.skip_children(id);
                }
            }
            _ => {}
        }
    }
    h
}

/// The attributes the walk looks at on every element, read in one pass
/// over the element's attribute list (names compared as interned atoms).
#[derive(Default)]
struct Common<'a> {
    class: &'a str,
    id: &'a str,
    role: &'a str,
    itemprop: Option<&'a str>,
    itemscope: bool,
    rel: &'a str,
}

fn common_attrs(doc: &Document, id: NodeId) -> Common<'_> {
    let mut c = Common::default();
    for a in doc.attrs(id) {
        // Atom comparison: no string is read for the namespace.
        if a.name.ns != ns!() {
            continue;
        }
        let local = &a.name.local;
        if *local == local_name!("class") {
            c.class = a.value;
        } else if *local == local_name!("id") {
            c.id = a.value;
        } else if *local == local_name!("role") {
            c.role = a.value;
        } else if *local == local_name!("itemprop") {
            c.itemprop = Some(a.value);
        } else if *local == local_name!("itemscope") {
            c.itemscope = true;
        } else if *local == local_name!("rel") {
            c.rel = a.value;
        }
    }
    c
}

/// Look at one element: record what it carries, return its context flags.
fn element(
    doc: &Document,
    id: NodeId,
    local: &LocalName,
    ctx: u8,
    order: u32,
    h: &mut Harvest,
    scopes: &mut Vec<Scope>,
) -> u8 {
    let mut own = ctx;
    match *local {
        local_name!("html") if h.html_lang.is_none() => {
            h.html_lang = doc
                .attrs(id)
                .find(|a| a.name.local == local_name!("lang") && !a.value.trim().is_empty())
                .map(|a| a.value.trim().to_string());
        }
        local_name!("head") => own |= IN_HEAD,
        local_name!("title") => {
            if h.title_tag.is_none() {
                let t = collapse_ws(&doc.text_content(id));
                if !t.is_empty() {
                    h.title_tag = Some(t);
                }
            }
            return ctx | OPAQUE;
        }
        local_name!("script") => {
            let is_ld = doc
                .attr(id, "type")
                .is_some_and(|t| contains_ci(t, "ld+json"));
            if is_ld {
                h.jsonld.push(doc.text_content(id));
            }
            return ctx | OPAQUE;
        }
        local_name!("meta") => meta(doc, id, h),
        local_name!("base") if h.base_href.is_none() => {
            h.base_href = doc.attr(id, "href").map(|v| v.trim().to_string());
        }
        local_name!("link") => link(doc, id, h),
        local_name!("article") | local_name!("main") => own |= IN_ARTICLE,
        local_name!("nav") | local_name!("footer") | local_name!("aside") => own |= EXCLUDED,
        local_name!("svg")
        | local_name!("style")
        | local_name!("noscript")
        | local_name!("template")
        | local_name!("iframe")
        | local_name!("object")
        | local_name!("select")
        | local_name!("textarea")
        | local_name!("canvas")
        | local_name!("math")
        | local_name!("button") => return ctx | OPAQUE,
        _ => {}
    }
    let tag: &str = local;
    let attrs = common_attrs(doc, id);
    if attrs.role.eq_ignore_ascii_case("main") || attrs.role.eq_ignore_ascii_case("article") {
        own |= IN_ARTICLE;
    }
    // Inside <head> or an excluded region nothing a class could mark is
    // collected, so the class is not even read.
    let marks =
        if own & (IN_HEAD | EXCLUDED) != 0 || (attrs.class.is_empty() && attrs.id.is_empty()) {
            Marks::default()
        } else {
            marks_of(attrs.class, attrs.id)
        };
    // Page-level classes describe the layout ("one-sidebar",
    // "has-comments" on <body>), not the element: they exclude nothing.
    let page_level = matches!(
        *local,
        local_name!("body") | local_name!("main") | local_name!("article")
    );
    if marks.excluded && !page_level {
        own |= EXCLUDED;
    }
    if marks.tags {
        own |= IN_TAGS;
    }
    if marks.categories {
        own |= IN_CATEGORIES;
    }
    let visible = own & (IN_HEAD | EXCLUDED) == 0;

    if attrs.itemprop.is_some() || attrs.itemscope {
        microdata(
            doc,
            id,
            tag,
            attrs.itemprop,
            attrs.itemscope,
            scopes,
            &mut h.micro,
        );
    }

    match *local {
        local_name!("h1") if visible && h.h1s.len() < MAX_SPOTS => {
            if let Some(text) = bounded_text(doc, id, 400) {
                h.h1s.push(Spot {
                    order,
                    in_article: own & IN_ARTICLE != 0,
                    text,
                });
            }
        }
        local_name!("a") => anchor(doc, id, attrs.rel, own, h),
        local_name!("time") if visible && h.dates.len() < MAX_SPOTS => {
            let datetime = doc.attr(id, "datetime").map(|d| d.trim().to_string());
            let text = bounded_text(doc, id, 120).unwrap_or_default();
            if datetime.is_some() || !text.is_empty() {
                let itemprop = attrs.itemprop.unwrap_or("");
                let published = marks.published
                    || doc.attr(id, "pubdate").is_some()
                    || contains_ci(itemprop, "published");
                h.dates.push(DateSpot {
                    spot: Spot {
                        order,
                        in_article: own & IN_ARTICLE != 0,
                        text,
                    },
                    datetime,
                    // `class="published updated"` is common: the
                    // publication mark wins.
                    modified: (marks.modified || contains_ci(itemprop, "modified")) && !published,
                    published,
                });
                own |= DATE_TAKEN;
            }
        }
        _ => {}
    }

    if visible && marks.author && own & BYLINE_TAKEN == 0 && h.bylines.len() < MAX_SPOTS {
        if let Some(text) = bounded_text(doc, id, 150) {
            // A byline often carries the date too.
            if own & DATE_TAKEN == 0 && h.dates.len() < MAX_SPOTS {
                h.dates.push(DateSpot {
                    spot: Spot {
                        order,
                        in_article: own & IN_ARTICLE != 0,
                        text: text.clone(),
                    },
                    datetime: None,
                    modified: marks.modified,
                    published: marks.published,
                });
            }
            h.bylines.push(Spot {
                order,
                in_article: own & IN_ARTICLE != 0,
                text,
            });
            own |= BYLINE_TAKEN;
        }
    }
    if visible && marks.date && own & DATE_TAKEN == 0 && h.dates.len() < MAX_SPOTS {
        if let Some(text) = bounded_text(doc, id, 120) {
            h.dates.push(DateSpot {
                spot: Spot {
                    order,
                    in_article: own & IN_ARTICLE != 0,
                    text,
                },
                datetime: None,
                modified: marks.modified,
                published: marks.published,
            });
            own |= DATE_TAKEN;
        }
    }
    own & !OPAQUE
}

/// A text node outside any byline: does it open one ("Von Max Muster"),
/// or a dateline ("Veröffentlicht am 24.10.2019")?
fn visible_text(doc: &Document, id: NodeId, text: &str, ctx: u8, order: u32, h: &mut Harvest) {
    // Most text nodes are indentation: skip them on the byte level.
    let t = text.trim_ascii_start();
    if t.is_empty() || !t.starts_with(|c: char| c.is_alphabetic()) {
        return;
    }
    let Some(parent) = doc.parent(id) else {
        return;
    };
    let opens = opening(t);
    if opens == Opening::default() {
        return;
    }
    if opens.byline && ctx & BYLINE_TAKEN == 0 && h.bylines.len() < MAX_SPOTS {
        if let Some(text) = bounded_text(doc, parent, 150) {
            h.bylines.push(Spot {
                order,
                in_article: ctx & IN_ARTICLE != 0,
                text,
            });
        }
    }
    if ctx & DATE_TAKEN == 0 && h.dates.len() < MAX_SPOTS {
        if let Some(modified) = opens.dateline {
            // The label may sit as loose text in a big container: then the
            // text node alone is the dateline.
            let own_text = || {
                let own = collapse_ws(t);
                (own.chars().count() <= 120).then_some(own)
            };
            if let Some(text) = bounded_text(doc, parent, 120).or_else(own_text) {
                h.dates.push(DateSpot {
                    spot: Spot {
                        order,
                        in_article: ctx & IN_ARTICLE != 0,
                        text,
                    },
                    datetime: None,
                    modified,
                    published: !modified,
                });
            }
        }
    }
}

fn meta(doc: &Document, id: NodeId, h: &mut Harvest) {
    let Some(content) = doc.attr(id, "content") else {
        return;
    };
    let content = content.trim();
    if content.is_empty() || h.metas.len() >= 512 {
        return;
    }
    for key_attr in ["property", "name", "http-equiv"] {
        if let Some(key) = doc.attr(id, key_attr) {
            let key = key.trim();
            if !key.is_empty() {
                h.metas
                    .push((key.to_ascii_lowercase(), content.to_string()));
            }
        }
    }
}

fn rel_has(rel: &str, token: &str) -> bool {
    rel.split_ascii_whitespace()
        .any(|t| t.eq_ignore_ascii_case(token))
}

fn link(doc: &Document, id: NodeId, h: &mut Harvest) {
    let (Some(rel), Some(href)) = (doc.attr(id, "rel"), doc.attr(id, "href")) else {
        return;
    };
    let href = href.trim();
    if href.is_empty() {
        return;
    }
    if rel_has(rel, "canonical") && h.canonical.is_none() {
        h.canonical = Some(href.to_string());
    }
    if rel_has(rel, "image_src") && h.image_src.is_none() {
        h.image_src = Some(href.to_string());
    }
    if rel_has(rel, "license") && h.license_links.len() < 8 {
        h.license_links.push((href.to_string(), String::new()));
    }
}

fn anchor(doc: &Document, id: NodeId, rel: &str, ctx: u8, h: &mut Harvest) {
    // Most links carry nothing for metadata: the href is only read for
    // rel links and inside tag or category lists.
    if rel.is_empty() && ctx & (IN_TAGS | IN_CATEGORIES) == 0 {
        return;
    }
    let href = doc.attr(id, "href").unwrap_or("").trim();
    if !rel.is_empty() {
        if rel_has(rel, "license") && h.license_links.len() < 8 && !href.is_empty() {
            let text = bounded_text(doc, id, 80).unwrap_or_default();
            h.license_links.push((href.to_string(), text));
        }
        if ctx & EXCLUDED != 0 {
            return;
        }
        if rel_has(rel, "author") && h.author_links.len() < MAX_SPOTS {
            if let Some(text) = bounded_text(doc, id, 80) {
                h.author_links.push(text);
            }
            return;
        }
        // WordPress marks category links `rel="category tag"`.
        if rel_has(rel, "category") && h.category_links.len() < MAX_SPOTS {
            if let Some(text) = bounded_text(doc, id, 60) {
                h.category_links.push(text);
            }
            return;
        }
        if rel_has(rel, "tag") && h.tag_links.len() < MAX_SPOTS {
            if let Some(text) = bounded_text(doc, id, 60) {
                h.tag_links.push(text);
            }
            return;
        }
    }
    if ctx & EXCLUDED != 0 || href.is_empty() {
        return;
    }
    if ctx & IN_TAGS != 0
        && h.tag_links.len() < MAX_SPOTS
        && (contains_ci(href, "/tag") || contains_ci(href, "/topic") || contains_ci(href, "/thema"))
    {
        if let Some(text) = bounded_text(doc, id, 60) {
            h.tag_links.push(text);
        }
    } else if ctx & IN_CATEGORIES != 0
        && h.category_links.len() < MAX_SPOTS
        && (contains_ci(href, "/categor")
            || contains_ci(href, "/rubrik")
            || contains_ci(href, "/section"))
    {
        if let Some(text) = bounded_text(doc, id, 60) {
            h.category_links.push(text);
        }
    }
}

/// The last path segment of an `itemtype` IRI.
fn type_name(itemtype: &str) -> String {
    itemtype
        .split_whitespace()
        .next()
        .unwrap_or("")
        .rsplit(['/', '#', ':'])
        .next()
        .unwrap_or("")
        .to_string()
}

/// True when none of these enclosing items is itself the value of a
/// property other than the page's main entity: their props describe the
/// page, not a comment, a related article or a publisher's logo.
fn main_level(scopes: &[Scope]) -> bool {
    scopes.iter().all(|s| {
        matches!(
            s.prop.as_deref(),
            None | Some("mainEntity" | "mainEntityOfPage")
        )
    })
}

/// The text of a name-valued property: `content` or the element's text,
/// never a link target.
fn name_value(doc: &Document, id: NodeId, tag: &str) -> Option<String> {
    if tag == "meta" {
        return itemprop_value(doc, id, tag);
    }
    doc.attr(id, "content")
        .map(collapse_ws)
        .filter(|v| !v.is_empty())
        .or_else(|| bounded_text(doc, id, 80))
}

/// Item types that describe a part of the page or a thing on it, never the
/// page itself: their `headline` or `datePublished` is not the article's.
fn is_page_part_type(t: &str) -> bool {
    matches!(
        t,
        "WPHeader"
            | "WPFooter"
            | "WPSideBar"
            | "WPAdBlock"
            | "SiteNavigationElement"
            | "BreadcrumbList"
            | "ListItem"
            | "ItemList"
            | "Organization"
            | "NewsMediaOrganization"
            | "Corporation"
            | "Person"
            | "Comment"
            | "Rating"
            | "AggregateRating"
            | "Offer"
            | "PostalAddress"
            | "Place"
            | "ImageObject"
            | "VideoObject"
            | "SearchAction"
            | "WebSite"
            | "Brand"
    )
}

/// Record an `itemprop` and open an item scope for `itemscope`.
fn microdata(
    doc: &Document,
    id: NodeId,
    tag: &str,
    itemprop: Option<&str>,
    has_scope: bool,
    scopes: &mut Vec<Scope>,
    m: &mut Microdata,
) {
    let itemprop = itemprop.map(str::trim).filter(|p| !p.is_empty());
    if let Some(props) = itemprop {
        let owner_is_main = main_level(scopes) && scopes.last().is_none_or(|s| s.describes_page);
        for prop in props.split_ascii_whitespace() {
            match prop {
                "author" | "creator" if owner_is_main && !has_scope => {
                    if let Some(v) = name_value(doc, id, tag) {
                        m.authors.push(v);
                    }
                }
                "name" => {
                    let Some((owner, outer)) = scopes.split_last_mut() else {
                        continue;
                    };
                    if !main_level(outer) {
                        continue;
                    }
                    match owner.prop.as_deref() {
                        Some("author" | "creator") => {
                            if let Some(v) = name_value(doc, id, tag) {
                                m.authors.push(v);
                                owner.got_name = true;
                            }
                        }
                        Some("publisher") if m.publisher.is_none() => {
                            m.publisher = name_value(doc, id, tag);
                        }
                        _ => {}
                    }
                }
                _ if !owner_is_main => {}
                "headline" => set_once(&mut m.headline, doc, id, tag),
                "datePublished" | "dateCreated" => set_once(&mut m.date_published, doc, id, tag),
                "dateModified" => set_once(&mut m.date_modified, doc, id, tag),
                "image" | "thumbnailUrl" if !has_scope => set_once(&mut m.image, doc, id, tag),
                "description" => set_once(&mut m.description, doc, id, tag),
                "keywords" => set_once(&mut m.keywords, doc, id, tag),
                "articleSection" => set_once(&mut m.section, doc, id, tag),
                _ => {}
            }
        }
    }
    if has_scope {
        // The page's type: the first top-level item that is an article or
        // a page (not a header, breadcrumb or navigation item).
        if scopes.is_empty() && m.item_type.is_none() {
            m.item_type = doc
                .attr(id, "itemtype")
                .map(type_name)
                .filter(|t| is_article_type(t) || t.ends_with("Page"));
        }
        let prop = itemprop
            .and_then(|p| p.split_ascii_whitespace().next())
            .map(str::to_string);
        let fallback_name = match prop.as_deref() {
            Some("author" | "creator") if main_level(scopes) => bounded_text(doc, id, 80),
            _ => None,
        };
        let describes_page = doc
            .attr(id, "itemtype")
            .map(type_name)
            .is_none_or(|t| !is_page_part_type(&t));
        scopes.push(Scope {
            node: id,
            describes_page,
            prop,
            fallback_name,
            got_name: false,
        });
    }
}

fn set_once(slot: &mut Option<String>, doc: &Document, id: NodeId, tag: &str) {
    if slot.is_none() {
        *slot = itemprop_value(doc, id, tag);
    }
}

/// An author item without an `itemprop=name` inside: its text is the name.
fn close_scope(m: &mut Microdata, scope: Scope) {
    if !scope.got_name {
        if let Some(name) = scope.fallback_name {
            m.authors.push(name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openings() {
        assert!(opening("  By Jane Doe").byline);
        assert!(opening("Von ").byline);
        assert!(opening("Autor:Max").byline);
        assert!(!opening("Bypass the road").byline);
        assert_eq!(
            opening("Veröffentlicht am 8. Oktober").dateline,
            Some(false)
        );
        assert_eq!(opening("Stand: 24.10.2019").dateline, Some(true));
        assert_eq!(opening("UPDATED Oct. 9").dateline, Some(true));
        assert_eq!(opening("公開日：2019年10月8日").dateline, Some(false));
        assert_eq!(opening("The council voted"), Opening::default());
    }

    #[test]
    fn class_marks() {
        let m = marks_of("article__byline post-meta", "");
        assert!(m.author && m.date && !m.excluded);
        let m = marks_of("entry-published updated", "");
        assert!(m.published && m.modified);
        assert!(marks_of("", "comments").excluded);
        assert!(marks_of("tag-list", "").tags);
        assert!(marks_of("cat-links", "").categories);
        assert!(!marks_of("catalogue", "").categories);
    }

    #[test]
    fn bounded_text_gives_up_on_long_subtrees() {
        let doc = crate::parse::parse_html(
            "<div id=a>By <b>Jane</b><span>Doe</span></div><div id=b>long long long text</div>",
        );
        let find = |id: &str| {
            doc.descendants(Document::ROOT)
                .find(|&n| doc.attr(n, "id") == Some(id))
                .unwrap()
        };
        assert_eq!(
            bounded_text(&doc, find("a"), 50).as_deref(),
            Some("By Jane Doe")
        );
        assert_eq!(bounded_text(&doc, find("b"), 5), None);
    }
}
