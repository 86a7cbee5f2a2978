//! The document tree pith works on: a compact arena of nodes.
//!
//! Every node lives in one `Vec` and links to its relatives by index, and
//! the characters of text nodes and the attributes of elements live in
//! per-document stores that nodes point into by span, so a page is a
//! handful of allocations instead of one `Rc<RefCell<..>>`, string or
//! attribute list per node, dropping a tree is a few frees, and any
//! traversal can be written as a loop over indices. Nothing in pith walks a tree by recursion: a page with
//! 200,000 nested elements must not overflow the stack.
//!
//! The tree is built by [`crate::parse`] through html5ever's `TreeSink`; after
//! parsing it is read-only. Stages that "remove" nodes do so with a
//! [`NodeSet`] mask rather than by mutating the tree, so every stage sees the
//! same page and their decisions can be compared.
//!
//! This module owns the tree and what is true of HTML elements whatever the
//! stage reading them (`is_block_tag`).

use html5ever::{LocalName, QualName};

/// Index of a node in its [`Document`].
pub type NodeId = u32;

/// Marker for "no node" in the link fields.
const NONE: NodeId = u32::MAX;

/// Spare bytes the text store may keep after parsing: below this, giving
/// the room back is not worth a reallocation.
const SPARE_TEXT_BYTES: usize = 4096;

/// Bytes of page text per node, attribute, and byte of text or attribute
/// value that [`Document::for_page`] reserves room for. About the first
/// quartile of the evaluation pages (2,022 pages; medians 45, 77, 4.9 and
/// 3.1): three pages in four parse without growing any store, the rest
/// grow it once or twice instead of a dozen times. Room never written is
/// not memory the process touches, and the stores are shrunk to fit after
/// parsing.
const PAGE_BYTES_PER_NODE: usize = 36;
const PAGE_BYTES_PER_ATTR: usize = 64;
const PAGE_BYTES_PER_TEXT_BYTE: usize = 3;
const PAGE_BYTES_PER_ATTR_TEXT_BYTE: usize = 3;
/// Pages longer than this reserve only as much as a page this long: their
/// stores grow past that as they fill.
const RESERVE_FOR_AT_MOST: usize = 64 << 20;

/// One attribute of an element: its (possibly namespaced) name and value,
/// as [`Document::attrs`] gives them.
#[derive(Debug, Clone, Copy)]
pub struct Attr<'a> {
    /// Qualified name; for HTML attributes only `local` matters.
    pub name: &'a QualName,
    /// The attribute value as written, entities decoded.
    pub value: &'a str,
}

/// An attribute as the document stores it: the value is a span of the
/// document's attribute text.
#[derive(Debug, Clone)]
struct StoredAttr {
    name: QualName,
    value: TextSpan,
}

/// Where an element's attributes are in its document's attribute list
/// (read them with [`Document::attrs`]).
///
/// Like text, the attributes of a page live in one list and one string
/// owned by the [`Document`] rather than in a `Vec` and a string each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AttrSpan {
    start: usize,
    end: usize,
}

/// What a node is.
#[derive(Debug, Clone)]
pub enum NodeKind {
    /// The root of the tree.
    Document,
    /// `<!DOCTYPE name>`.
    Doctype {
        /// The doctype name, usually `html`.
        name: Box<str>,
    },
    /// An element with its name and attributes.
    Element {
        /// Qualified element name.
        name: QualName,
        /// Attributes in source order.
        attrs: AttrSpan,
        /// For `<template>`: the fragment node holding its contents.
        template_contents: Option<NodeId>,
    },
    /// A run of character data (adjacent runs are merged by the parser),
    /// kept in the document's text store: read it with [`Document::text`]
    /// or [`Document::span_text`].
    Text(TextSpan),
    /// `<!-- ... -->`.
    Comment(Box<str>),
    /// `<?target data>` (only seen in foreign content).
    ProcessingInstruction {
        /// The target.
        target: Box<str>,
        /// The data.
        data: Box<str>,
    },
}

/// Where a text node's characters are in its document's text store.
///
/// All the text of a page lives in one `String` owned by the [`Document`]:
/// one allocation per page instead of one per text node, grown at its end
/// as the parser appends text, and freed at once with the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextSpan {
    start: usize,
    end: usize,
}

/// A node and its links to its relatives.
#[derive(Debug, Clone)]
pub struct Node {
    /// What the node is.
    pub kind: NodeKind,
    parent: NodeId,
    first_child: NodeId,
    last_child: NodeId,
    prev_sibling: NodeId,
    next_sibling: NodeId,
}

fn link(id: NodeId) -> Option<NodeId> {
    (id != NONE).then_some(id)
}

impl Node {
    fn new(kind: NodeKind) -> Node {
        Node {
            kind,
            parent: NONE,
            first_child: NONE,
            last_child: NONE,
            prev_sibling: NONE,
            next_sibling: NONE,
        }
    }
}

/// A parsed HTML page: an arena of nodes rooted at [`Document::ROOT`].
#[derive(Debug, Clone)]
pub struct Document {
    nodes: Vec<Node>,
    /// The characters of every text node, each a [`TextSpan`] of it.
    text: String,
    /// The attributes of every element, each element's an [`AttrSpan`].
    attr_list: Vec<StoredAttr>,
    /// The characters of every attribute value.
    attr_text: String,
}

impl Default for Document {
    fn default() -> Self {
        Document::new()
    }
}

impl Document {
    /// The id of the document node.
    pub const ROOT: NodeId = 0;

    /// An empty document holding only its root node.
    pub fn new() -> Document {
        Document {
            nodes: vec![Node::new(NodeKind::Document)],
            text: String::new(),
            attr_list: Vec::new(),
            attr_text: String::new(),
        }
    }

    /// An empty document with room for the tree of a page of `page_len`
    /// bytes, so that parsing seldom grows (and copies) the node arena and
    /// the text and attribute stores. Reserving is best effort: a store
    /// that cannot get the room grows as it fills.
    pub(crate) fn for_page(page_len: usize) -> Document {
        let len = page_len.min(RESERVE_FOR_AT_MOST);
        let mut doc = Document::new();
        let _ = doc.nodes.try_reserve(len / PAGE_BYTES_PER_NODE);
        let _ = doc.text.try_reserve(len / PAGE_BYTES_PER_TEXT_BYTE);
        let _ = doc.attr_list.try_reserve(len / PAGE_BYTES_PER_ATTR);
        let _ = doc
            .attr_text
            .try_reserve(len / PAGE_BYTES_PER_ATTR_TEXT_BYTE);
        doc
    }

    /// Number of nodes in the arena (including detached ones).
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// True when the document holds nothing but its root.
    pub fn is_empty(&self) -> bool {
        self.nodes.len() <= 1
    }

    /// The node with this id.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id as usize]
    }

    /// What the node is.
    pub fn kind(&self, id: NodeId) -> &NodeKind {
        &self.nodes[id as usize].kind
    }

    /// The parent, if the node is attached.
    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        link(self.nodes[id as usize].parent)
    }

    /// The first child.
    pub fn first_child(&self, id: NodeId) -> Option<NodeId> {
        link(self.nodes[id as usize].first_child)
    }

    /// The last child.
    pub fn last_child(&self, id: NodeId) -> Option<NodeId> {
        link(self.nodes[id as usize].last_child)
    }

    /// The next sibling.
    pub fn next_sibling(&self, id: NodeId) -> Option<NodeId> {
        link(self.nodes[id as usize].next_sibling)
    }

    /// The previous sibling.
    pub fn prev_sibling(&self, id: NodeId) -> Option<NodeId> {
        link(self.nodes[id as usize].prev_sibling)
    }

    /// The children of a node, in order.
    pub fn children(&self, id: NodeId) -> Children<'_> {
        Children {
            doc: self,
            next: self.nodes[id as usize].first_child,
        }
    }

    /// The ancestors of a node, nearest first (the node itself excluded).
    pub fn ancestors(&self, id: NodeId) -> Ancestors<'_> {
        Ancestors {
            doc: self,
            next: self.nodes[id as usize].parent,
        }
    }

    /// Every node below `id` (excluding `id`) in document order.
    pub fn descendants(&self, id: NodeId) -> Descendants<'_> {
        Descendants {
            doc: self,
            root: id,
            next: self.nodes[id as usize].first_child,
        }
    }

    /// An iterator over the subtree of `id` that reports entering and
    /// leaving each node, for stages that need post-order work.
    pub fn traverse(&self, id: NodeId) -> Traverse<'_> {
        Traverse {
            doc: self,
            root: id,
            next: Some(Edge::Open(id)),
        }
    }

    /// The local (lower-case) tag name of an element, `None` for other nodes.
    pub fn tag(&self, id: NodeId) -> Option<&str> {
        match &self.nodes[id as usize].kind {
            NodeKind::Element { name, .. } => Some(&name.local),
            _ => None,
        }
    }

    /// The local name atom of an element, for cheap comparisons.
    pub fn local_name(&self, id: NodeId) -> Option<&LocalName> {
        match &self.nodes[id as usize].kind {
            NodeKind::Element { name, .. } => Some(&name.local),
            _ => None,
        }
    }

    /// True when the node is an element.
    pub fn is_element(&self, id: NodeId) -> bool {
        matches!(self.nodes[id as usize].kind, NodeKind::Element { .. })
    }

    /// The text of a text node, `None` for other nodes.
    pub fn text(&self, id: NodeId) -> Option<&str> {
        match &self.nodes[id as usize].kind {
            NodeKind::Text(span) => Some(self.span_text(*span)),
            _ => None,
        }
    }

    /// The characters of a text node's span.
    pub fn span_text(&self, span: TextSpan) -> &str {
        self.text.get(span.start..span.end).unwrap_or_default()
    }

    /// The attributes of an element in source order (none for other
    /// nodes).
    pub fn attrs(&self, id: NodeId) -> Attrs<'_> {
        let stored = match &self.nodes[id as usize].kind {
            NodeKind::Element { attrs, .. } => self
                .attr_list
                .get(attrs.start..attrs.end)
                .unwrap_or_default(),
            _ => &[],
        };
        Attrs {
            doc: self,
            inner: stored.iter(),
        }
    }

    /// The value of the attribute with this (non-namespaced) local name.
    pub fn attr(&self, id: NodeId, name: &str) -> Option<&str> {
        self.attrs(id)
            .find(|a| a.name.ns.is_empty() && &*a.name.local == name)
            .map(|a| a.value)
    }

    /// All text below `id`, concatenated in document order without any
    /// separators (what the DOM calls `textContent`).
    pub fn text_content(&self, id: NodeId) -> String {
        let mut out = String::new();
        if let Some(t) = self.text(id) {
            out.push_str(t);
        }
        for d in self.descendants(id) {
            if let Some(t) = self.text(d) {
                out.push_str(t);
            }
        }
        out
    }

    /// The first element with this tag name in document order.
    pub fn find_tag(&self, tag: &str) -> Option<NodeId> {
        self.descendants(Document::ROOT)
            .find(|&n| self.tag(n) == Some(tag))
    }

    /// The `<html>` element.
    pub fn html_element(&self) -> Option<NodeId> {
        self.children(Document::ROOT)
            .find(|&n| self.tag(n) == Some("html"))
    }

    /// The `<body>` element (or `<frameset>`), if any.
    pub fn body(&self) -> Option<NodeId> {
        let html = self.html_element()?;
        self.children(html)
            .find(|&n| matches!(self.tag(n), Some("body") | Some("frameset")))
    }

    /// The `<head>` element, if any.
    pub fn head(&self) -> Option<NodeId> {
        let html = self.html_element()?;
        self.children(html).find(|&n| self.tag(n) == Some("head"))
    }

    // ---- construction (used by the parser) ----

    pub(crate) fn push(&mut self, kind: NodeKind) -> NodeId {
        let id = self.nodes.len() as NodeId;
        self.nodes.push(Node::new(kind));
        id
    }

    /// A new, detached element without attributes (add them with
    /// [`Document::add_attr`]).
    pub(crate) fn push_element(
        &mut self,
        name: QualName,
        template_contents: Option<NodeId>,
    ) -> NodeId {
        let at = self.attr_list.len();
        self.push(NodeKind::Element {
            name,
            attrs: AttrSpan { start: at, end: at },
            template_contents,
        })
    }

    /// Add an attribute after the element's others (other nodes are left
    /// alone). The parser adds them to the element it made last, whose
    /// attributes end the list; otherwise (`<html>` and `<body>` taking the
    /// attributes of a repeated start tag) the element's attributes are
    /// first copied to the end of the list.
    pub(crate) fn add_attr(&mut self, id: NodeId, name: QualName, value: &str) {
        let NodeKind::Element { attrs: span, .. } = self.nodes[id as usize].kind else {
            return;
        };
        let mut span = span;
        if span.end != self.attr_list.len() {
            let start = self.attr_list.len();
            self.attr_list.extend_from_within(span.start..span.end);
            span = AttrSpan {
                start,
                end: self.attr_list.len(),
            };
        }
        let start = self.attr_text.len();
        self.attr_text.push_str(value);
        self.attr_list.push(StoredAttr {
            name,
            value: TextSpan {
                start,
                end: self.attr_text.len(),
            },
        });
        span.end += 1;
        if let NodeKind::Element { attrs, .. } = &mut self.nodes[id as usize].kind {
            *attrs = span;
        }
    }

    /// A new, detached text node holding `text`.
    pub(crate) fn push_text(&mut self, text: &str) -> NodeId {
        let start = self.text.len();
        self.text.push_str(text);
        let end = self.text.len();
        self.push(NodeKind::Text(TextSpan { start, end }))
    }

    /// Append `text` to the text node `id` (other nodes are left alone).
    ///
    /// The parser appends to the text node it made last, whose span ends
    /// the store, so the text goes on at the end. When some other text came
    /// in between (text foster-parented out of a table, say), the node's
    /// characters are first copied to the end of the store: their old place
    /// stays unused.
    pub(crate) fn extend_text(&mut self, id: NodeId, text: &str) {
        let NodeKind::Text(span) = self.nodes[id as usize].kind else {
            return;
        };
        let start = if span.end == self.text.len() {
            span.start
        } else {
            let start = self.text.len();
            // (`String::extend_from_within` is newer than the MSRV; the
            // copy is rare.)
            let moved = self.span_text(span).to_owned();
            self.text.push_str(&moved);
            start
        };
        self.text.push_str(text);
        self.nodes[id as usize].kind = NodeKind::Text(TextSpan {
            start,
            end: self.text.len(),
        });
    }

    /// Give back the room the arena and the stores were given
    /// ([`Document::for_page`]) or grew into while parsing: after parsing
    /// the tree is read-only, and each store was reserved by estimate or
    /// doubled as it grew (up to half of it spare: a 10 MB page's text in a
    /// 16 MiB string).
    pub(crate) fn shrink_to_fit(&mut self) {
        self.nodes.shrink_to_fit();
        self.attr_list.shrink_to_fit();
        if self.attr_text.capacity() - self.attr_text.len() > SPARE_TEXT_BYTES {
            self.attr_text.shrink_to_fit();
        }
        if self.text.capacity() - self.text.len() > SPARE_TEXT_BYTES {
            self.text.shrink_to_fit();
        }
    }

    /// Unlink a node from its parent and siblings.
    pub(crate) fn detach(&mut self, id: NodeId) {
        let (parent, prev, next) = {
            let n = &self.nodes[id as usize];
            (n.parent, n.prev_sibling, n.next_sibling)
        };
        if parent == NONE {
            return;
        }
        if prev != NONE {
            self.nodes[prev as usize].next_sibling = next;
        } else {
            self.nodes[parent as usize].first_child = next;
        }
        if next != NONE {
            self.nodes[next as usize].prev_sibling = prev;
        } else {
            self.nodes[parent as usize].last_child = prev;
        }
        let n = &mut self.nodes[id as usize];
        n.parent = NONE;
        n.prev_sibling = NONE;
        n.next_sibling = NONE;
    }

    /// Append a detached node as the last child of `parent`.
    pub(crate) fn append(&mut self, parent: NodeId, child: NodeId) {
        self.detach(child);
        let last = self.nodes[parent as usize].last_child;
        {
            let c = &mut self.nodes[child as usize];
            c.parent = parent;
            c.prev_sibling = last;
            c.next_sibling = NONE;
        }
        if last != NONE {
            self.nodes[last as usize].next_sibling = child;
        } else {
            self.nodes[parent as usize].first_child = child;
        }
        self.nodes[parent as usize].last_child = child;
    }

    /// Insert a node just before `sibling`, which must be attached.
    pub(crate) fn insert_before(&mut self, sibling: NodeId, child: NodeId) {
        self.detach(child);
        let (parent, prev) = {
            let s = &self.nodes[sibling as usize];
            (s.parent, s.prev_sibling)
        };
        {
            let c = &mut self.nodes[child as usize];
            c.parent = parent;
            c.prev_sibling = prev;
            c.next_sibling = sibling;
        }
        self.nodes[sibling as usize].prev_sibling = child;
        if prev != NONE {
            self.nodes[prev as usize].next_sibling = child;
        } else if parent != NONE {
            self.nodes[parent as usize].first_child = child;
        }
    }
}

/// Iterator over the attributes of an element ([`Document::attrs`]).
#[derive(Clone)]
pub struct Attrs<'a> {
    doc: &'a Document,
    inner: std::slice::Iter<'a, StoredAttr>,
}

impl<'a> Iterator for Attrs<'a> {
    type Item = Attr<'a>;
    fn next(&mut self) -> Option<Attr<'a>> {
        let a = self.inner.next()?;
        Some(Attr {
            name: &a.name,
            value: self
                .doc
                .attr_text
                .get(a.value.start..a.value.end)
                .unwrap_or_default(),
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

/// Iterator over the children of a node.
pub struct Children<'a> {
    doc: &'a Document,
    next: NodeId,
}

impl Iterator for Children<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        let cur = link(self.next)?;
        // Past the page's deadline every walk ends early: the page gets a
        // timeout record, whatever the walks left unfinished.
        if crate::deadline::expired() {
            self.next = NONE;
            return None;
        }
        self.next = self.doc.nodes[cur as usize].next_sibling;
        Some(cur)
    }
}

/// Iterator over the ancestors of a node, nearest first.
pub struct Ancestors<'a> {
    doc: &'a Document,
    next: NodeId,
}

impl Iterator for Ancestors<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        let cur = link(self.next)?;
        self.next = self.doc.nodes[cur as usize].parent;
        Some(cur)
    }
}

/// Pre-order iterator over a subtree (root excluded).
pub struct Descendants<'a> {
    doc: &'a Document,
    root: NodeId,
    next: NodeId,
}

impl Descendants<'_> {
    /// Do not descend into the children of the node returned last.
    pub fn skip_subtree_of(&mut self, last: NodeId) {
        self.next = self.doc.following_outside(last, self.root);
    }
}

impl Document {
    /// The node after `id` in pre-order, skipping `id`'s subtree, staying
    /// inside `root`.
    fn following_outside(&self, mut id: NodeId, root: NodeId) -> NodeId {
        loop {
            if id == root {
                return NONE;
            }
            let n = &self.nodes[id as usize];
            if n.next_sibling != NONE {
                return n.next_sibling;
            }
            id = n.parent;
            if id == NONE {
                return NONE;
            }
        }
    }
}

impl Iterator for Descendants<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        let cur = link(self.next)?;
        // As for `Children`: past the deadline the walk ends.
        if crate::deadline::expired() {
            self.next = NONE;
            return None;
        }
        let n = &self.doc.nodes[cur as usize];
        self.next = if n.first_child != NONE {
            n.first_child
        } else {
            self.doc.following_outside(cur, self.root)
        };
        Some(cur)
    }
}

/// One step of a [`Traverse`]: entering or leaving a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// Entering the node (before its children).
    Open(NodeId),
    /// Leaving the node (after its children).
    Close(NodeId),
}

/// Iterator over the open/close edges of a subtree, root included.
pub struct Traverse<'a> {
    doc: &'a Document,
    root: NodeId,
    next: Option<Edge>,
}

impl Traverse<'_> {
    /// After an `Open(id)` edge: skip the children and go straight to
    /// `Close(id)`.
    pub fn skip_children(&mut self, id: NodeId) {
        self.next = Some(Edge::Close(id));
    }
}

impl Iterator for Traverse<'_> {
    type Item = Edge;
    fn next(&mut self) -> Option<Edge> {
        let edge = self.next?;
        self.next = match edge {
            Edge::Open(id) => match self.doc.first_child(id) {
                Some(c) => Some(Edge::Open(c)),
                None => Some(Edge::Close(id)),
            },
            Edge::Close(id) => {
                if id == self.root {
                    None
                } else if let Some(s) = self.doc.next_sibling(id) {
                    Some(Edge::Open(s))
                } else {
                    self.doc.parent(id).map(Edge::Close)
                }
            }
        };
        Some(edge)
    }
}

/// Tags that start a new block of text: HTML's block-level elements, plus a
/// few that act like them for extraction (`html`, `noscript`, `iframe`,
/// `xmp`, ...). The extractor scores an element without any of these below
/// it as one "paragraph-like" block, and cuts the article's blocks and the
/// comments' text at them.
pub(crate) fn is_block_tag(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "li"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
            | "html"
            | "caption"
            | "colgroup"
            | "col"
            | "frameset"
            | "noscript"
            | "iframe"
            | "legend"
            | "listing"
            | "plaintext"
            | "xmp"
    )
}

/// A set of nodes of one document, as a bit mask: what a stage removed or
/// selected.
#[derive(Debug, Clone, Default)]
pub struct NodeSet {
    bits: Vec<u64>,
}

impl NodeSet {
    /// An empty set sized for `doc`.
    pub fn for_document(doc: &Document) -> NodeSet {
        NodeSet {
            bits: vec![0; doc.len().div_ceil(64)],
        }
    }

    /// Add a node.
    pub fn insert(&mut self, id: NodeId) {
        let (w, b) = (id as usize / 64, id as usize % 64);
        if w >= self.bits.len() {
            self.bits.resize(w + 1, 0);
        }
        self.bits[w] |= 1 << b;
    }

    /// Remove a node.
    pub fn remove(&mut self, id: NodeId) {
        let (w, b) = (id as usize / 64, id as usize % 64);
        if let Some(word) = self.bits.get_mut(w) {
            *word &= !(1 << b);
        }
    }

    /// True when the node is in the set.
    pub fn contains(&self, id: NodeId) -> bool {
        let (w, b) = (id as usize / 64, id as usize % 64);
        self.bits.get(w).is_some_and(|word| word & (1 << b) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_orders() {
        let mut d = Document::new();
        let a = d.push_text("a");
        let b = d.push_text("b");
        let c = d.push_text("c");
        d.append(Document::ROOT, a);
        d.append(Document::ROOT, c);
        d.insert_before(c, b);
        let got: Vec<_> = d.descendants(Document::ROOT).collect();
        assert_eq!(got, vec![a, b, c]);
        d.detach(b);
        assert_eq!(d.children(Document::ROOT).collect::<Vec<_>>(), vec![a, c]);
        let edges: Vec<_> = d.traverse(Document::ROOT).collect();
        assert_eq!(
            edges,
            vec![
                Edge::Open(0),
                Edge::Open(a),
                Edge::Close(a),
                Edge::Open(c),
                Edge::Close(c),
                Edge::Close(0)
            ]
        );
    }

    #[test]
    fn text_runs_extend_wherever_they_are_in_the_store() {
        let mut d = Document::new();
        let a = d.push_text("ab");
        d.extend_text(a, "c");
        let b = d.push_text("x");
        // `a` no longer ends the store: its text moves to the end.
        d.extend_text(a, "d");
        d.extend_text(b, "y");
        assert_eq!(d.text(a), Some("abcd"));
        assert_eq!(d.text(b), Some("xy"));
    }

    #[test]
    fn attributes_added_later_keep_the_earlier_ones() {
        use html5ever::{local_name, ns};
        let name = |l| QualName::new(None, ns!(), l);
        let mut d = Document::new();
        let a = d.push_element(name(local_name!("body")), None);
        d.add_attr(a, name(local_name!("class")), "x");
        let b = d.push_element(name(local_name!("p")), None);
        d.add_attr(b, name(local_name!("id")), "y");
        // `a`'s attributes no longer end the list: they move to the end.
        d.add_attr(a, name(local_name!("lang")), "en");
        let got: Vec<_> = d.attrs(a).map(|x| (&*x.name.local, x.value)).collect();
        assert_eq!(got, vec![("class", "x"), ("lang", "en")]);
        assert_eq!(d.attr(b, "id"), Some("y"));
        let t = d.push_text("t");
        assert_eq!(d.attrs(t).count(), 0);
    }

    #[test]
    fn node_set() {
        let mut s = NodeSet::default();
        s.insert(130);
        assert!(s.contains(130));
        assert!(!s.contains(129));
        s.remove(130);
        assert!(!s.contains(130));
    }
}
