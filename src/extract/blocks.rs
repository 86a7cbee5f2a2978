//! Assembly: the chosen containers' subtrees turned into [`Block`]s.
//!
//! One walk in page order over the kept nodes. Block-level elements end the
//! current block; inline elements never do, and never add whitespace: the
//! only spaces in the output are the ones in the page's text (collapsed), so
//! a drop cap `<span>H</span>ong Kong` stays "Hong Kong". Lists, data
//! tables, code and quotes keep their structure for the renderers.

use crate::article::{Block, BlockKind, Inline, TableRow};
use crate::dom::{is_block_tag, Document, Edge, NodeId, NodeSet};
use crate::text::collapse_ws;

/// What the filters need to know about a block beyond its content.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct BlockInfo {
    /// The element around the element that holds the block's text (for a
    /// `<p>`, its parent): blocks of one article body share it.
    pub container: Option<NodeId>,
    /// The container's parent: chunks of a body split into sibling divs
    /// share it.
    pub container_parent: Option<NodeId>,
    /// The block sits in a cell of a layout table.
    pub in_cell: bool,
    /// Characters of text in the block.
    pub chars: usize,
    /// Characters of text inside links.
    pub link_chars: usize,
}

/// Blocks with their side information, in page order.
#[derive(Debug, Default)]
pub(crate) struct Assembled {
    /// The blocks.
    pub blocks: Vec<Block>,
    /// One entry per block.
    pub info: Vec<BlockInfo>,
}

/// An open inline element collecting its content.
#[derive(Debug)]
enum Frame {
    Root,
    Emphasis(NodeId),
    Strong(NodeId),
    Link(NodeId, String),
}

struct Assembler<'a> {
    doc: &'a Document,
    removed: &'a NodeSet,
    images: bool,
    out: Assembled,
    frames: Vec<(Frame, Vec<Inline>)>,
    pending: BlockKind,
    quote_depth: u8,
    /// Open lists: ordered?, next number.
    lists: Vec<(bool, u32)>,
    link_depth: usize,
    /// Block-level elements open around the current position.
    open_blocks: Vec<NodeId>,
    chars: usize,
    link_chars: usize,
    /// The last character written to the current block was a space (or
    /// nothing was written yet): the next leading space is dropped.
    at_space: bool,
}

/// Turn the subtrees of `roots` (in page order, none inside another) into
/// blocks, leaving out `removed` subtrees.
///
/// With `images`, a block holding images but no text is kept (a figure's
/// picture); otherwise such blocks are dropped.
pub(crate) fn assemble(
    doc: &Document,
    roots: &[NodeId],
    removed: &NodeSet,
    images: bool,
) -> Assembled {
    let mut a = Assembler {
        doc,
        removed,
        images,
        out: Assembled::default(),
        frames: vec![(Frame::Root, Vec::new())],
        pending: BlockKind::Paragraph,
        quote_depth: 0,
        lists: Vec::new(),
        link_depth: 0,
        open_blocks: Vec::new(),
        chars: 0,
        link_chars: 0,
        at_space: true,
    };
    for &root in roots {
        a.walk(root);
        a.flush();
    }
    a.out
}

impl Assembler<'_> {
    fn walk(&mut self, root: NodeId) {
        let doc = self.doc;
        let mut walk = doc.traverse(root);
        while let Some(edge) = walk.next() {
            match edge {
                Edge::Open(id) => {
                    if self.removed.contains(id) {
                        walk.skip_children(id);
                        continue;
                    }
                    if let Some(t) = doc.text(id) {
                        self.push_text(t);
                        continue;
                    }
                    let Some(tag) = doc.tag(id) else {
                        walk.skip_children(id);
                        continue;
                    };
                    let consumed = self.open(id, tag);
                    if is_block_tag(tag) {
                        self.open_blocks.push(id);
                    }
                    if consumed {
                        walk.skip_children(id);
                    }
                }
                Edge::Close(id) => {
                    if self.removed.contains(id) {
                        continue;
                    }
                    if let Some(tag) = doc.tag(id) {
                        self.close(id, tag);
                        if is_block_tag(tag) {
                            self.open_blocks.pop();
                        }
                    }
                }
            }
        }
    }

    /// Handle an element's start. Returns true when the element was
    /// consumed whole (its children must not be walked).
    fn open(&mut self, id: NodeId, tag: &str) -> bool {
        match tag {
            "br" => {
                // Two line breaks in a row separate paragraphs on pages
                // written without <p>; they become a block boundary so the
                // filters judge each paragraph on its own.
                if self.ends_with_line_break() {
                    self.flush();
                } else {
                    self.push_inline(Inline::LineBreak);
                    self.at_space = true;
                }
            }
            "em" | "i" | "cite" | "dfn" => self.frames.push((Frame::Emphasis(id), Vec::new())),
            "strong" | "b" => self.frames.push((Frame::Strong(id), Vec::new())),
            "a" => {
                let href = self.doc.attr(id, "href").unwrap_or("").trim().to_string();
                self.link_depth += 1;
                self.frames.push((Frame::Link(id, href), Vec::new()));
            }
            "code" | "kbd" | "samp" | "tt" => {
                let text = collapse_ws(&self.visible_text(id));
                if !text.is_empty() {
                    self.count(&text);
                    self.push_inline(Inline::Code(text));
                    self.at_space = false;
                }
                return true;
            }
            "img" => {
                if let Some(src) = self.doc.attr(id, "src").map(str::trim) {
                    if !src.is_empty() {
                        let alt = self.doc.attr(id, "alt").unwrap_or("").trim().to_string();
                        self.push_inline(Inline::Image {
                            src: src.to_string(),
                            alt,
                        });
                    }
                }
            }
            "pre" => {
                self.flush();
                let text = self.visible_text(id);
                let text = text.trim_matches('\n').trim_end().to_string();
                if !text.trim().is_empty() {
                    self.emit(
                        BlockKind::Code {
                            lang: code_language(self.doc, id),
                            text: text.clone(),
                        },
                        Vec::new(),
                        text.chars().count(),
                        0,
                    );
                }
                return true;
            }
            "table" => {
                self.flush();
                if is_data_table(self.doc, id) {
                    self.table(id);
                    return true;
                }
            }
            "ul" | "ol" => {
                self.flush();
                let start = self
                    .doc
                    .attr(id, "start")
                    .and_then(|s| s.trim().parse::<u32>().ok())
                    .unwrap_or(1);
                self.lists.push((tag == "ol", start));
            }
            "li" => {
                self.flush();
                let depth = self.lists.len().saturating_sub(1).min(u8::MAX as usize) as u8;
                let (ordered, number) = match self.lists.last_mut() {
                    Some((ordered, next)) => {
                        let n = *next;
                        *next = next.saturating_add(1);
                        (*ordered, if *ordered { n } else { 0 })
                    }
                    None => (false, 0),
                };
                self.pending = BlockKind::ListItem {
                    ordered,
                    depth,
                    number,
                };
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                self.pending = BlockKind::Heading {
                    level: tag.as_bytes()[1] - b'0',
                };
            }
            "blockquote" => {
                self.flush();
                self.quote_depth = self.quote_depth.saturating_add(1);
            }
            _ if is_block_tag(tag) => {
                self.flush();
            }
            _ => {}
        }
        false
    }

    fn close(&mut self, id: NodeId, tag: &str) {
        match tag {
            "em" | "i" | "cite" | "dfn" | "strong" | "b" | "a" => {
                // Close the frame opened by this element (if a flush
                // reopened it, it is still on top).
                if let Some(pos) = self.frames.iter().rposition(|(f, _)| match f {
                    Frame::Emphasis(n) | Frame::Strong(n) | Frame::Link(n, _) => *n == id,
                    Frame::Root => false,
                }) {
                    while self.frames.len() > pos {
                        self.pop_frame();
                    }
                }
                if tag == "a" {
                    self.link_depth = self.link_depth.saturating_sub(1);
                }
            }
            "ul" | "ol" => {
                self.flush();
                self.lists.pop();
            }
            "blockquote" => {
                self.flush();
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                // An item or heading without text must not lend its kind to
                // the paragraph after it.
                self.pending = BlockKind::Paragraph;
            }
            _ if is_block_tag(tag) => self.flush(),
            _ => {}
        }
    }

    fn pop_frame(&mut self) {
        if self.frames.len() <= 1 {
            return;
        }
        let Some((frame, content)) = self.frames.pop() else {
            return;
        };
        if content.is_empty() {
            return;
        }
        // As for a block's content (see `flush`): a link's text is mostly
        // one inline, in room for four; moved into a vector of its size.
        // (Shrinking in place instead splits the allocator's chunks, and
        // their merging cost more time than the copy.)
        let mut exact = Vec::with_capacity(content.len());
        exact.extend(content);
        let content = exact;
        let inline = match frame {
            Frame::Emphasis(_) => Inline::Emphasis(content),
            Frame::Strong(_) => Inline::Strong(content),
            Frame::Link(_, href) => Inline::Link { href, content },
            Frame::Root => return,
        };
        self.push_inline(inline);
    }

    /// True when the current block's content ends with a line break
    /// (whitespace after it aside).
    fn ends_with_line_break(&self) -> bool {
        let Some((_, content)) = self.frames.last() else {
            return false;
        };
        for i in content.iter().rev() {
            match i {
                Inline::LineBreak => return true,
                Inline::Text(t) if t.trim().is_empty() => continue,
                _ => return false,
            }
        }
        false
    }

    fn push_inline(&mut self, inline: Inline) {
        if let Some((_, content)) = self.frames.last_mut() {
            content.push(inline);
        }
    }

    fn count(&mut self, text: &str) {
        let n = text.chars().filter(|c| !c.is_whitespace()).count();
        self.count_chars(n);
    }

    /// Count `n` characters of text (not whitespace) into the block.
    fn count_chars(&mut self, n: usize) {
        self.chars += n;
        if self.link_depth > 0 {
            self.link_chars += n;
        }
    }

    /// Append text, collapsing whitespace runs to one space and dropping a
    /// space that would follow another (or start the block).
    fn push_text(&mut self, t: &str) {
        let (s, counted) = if t.is_ascii() {
            let (s, n) = self.collapse_ascii(t);
            (s, Some(n))
        } else {
            let mut s = String::with_capacity(t.len());
            for c in t.chars() {
                if c.is_whitespace() {
                    if !self.at_space {
                        s.push(' ');
                        self.at_space = true;
                    }
                } else {
                    s.push(c);
                    self.at_space = false;
                }
            }
            (s, None)
        };
        if s.is_empty() {
            return;
        }
        match counted {
            Some(n) => self.count_chars(n),
            None => self.count(&s),
        }
        if let Some((_, content)) = self.frames.last_mut() {
            if let Some(Inline::Text(prev)) = content.last_mut() {
                prev.push_str(&s);
                return;
            }
            content.push(Inline::Text(s));
        }
    }

    /// The whitespace collapsing of [`Self::push_text`] for ASCII text,
    /// and the number of characters that are not whitespace (what
    /// [`Self::count`] would count in the result). Most text nodes are
    /// ASCII and already collapsed (single spaces between words): those
    /// are checked in one pass and copied whole. Others have their runs of
    /// non-space bytes copied whole instead of a character at a time (on
    /// text-heavy pages this copy was the assembler's main cost).
    fn collapse_ascii(&mut self, t: &str) -> (String, usize) {
        // `char::is_whitespace` in ASCII: tab to carriage return, and space.
        let ws = |b: u8| matches!(b, b'\t'..=b'\r' | b' ');
        let bytes = t.as_bytes();
        let mut at_space = self.at_space;
        let mut spaces = 0;
        let collapsed = bytes.iter().all(|&b| {
            if b == b' ' {
                spaces += 1;
                !std::mem::replace(&mut at_space, true)
            } else {
                at_space = false;
                !ws(b)
            }
        });
        if collapsed {
            self.at_space = at_space;
            return (t.to_owned(), bytes.len() - spaces);
        }
        let mut s = String::with_capacity(t.len());
        let mut counted = 0;
        let mut i = 0;
        while i < bytes.len() {
            if ws(bytes[i]) {
                if !self.at_space {
                    s.push(' ');
                    self.at_space = true;
                }
                i += 1;
            } else {
                let start = i;
                while i < bytes.len() && !ws(bytes[i]) {
                    i += 1;
                }
                // Every byte of ASCII text is a character boundary.
                s.push_str(t.get(start..i).unwrap_or_default());
                counted += i - start;
                self.at_space = false;
            }
        }
        (s, counted)
    }

    /// End the current block: close the open inline frames into it, emit
    /// it if it holds any text, and reopen the frames empty for what
    /// follows.
    fn flush(&mut self) {
        let reopen: Vec<Frame> = self
            .frames
            .iter()
            .skip(1)
            .map(|(f, _)| match f {
                Frame::Emphasis(n) => Frame::Emphasis(*n),
                Frame::Strong(n) => Frame::Strong(*n),
                Frame::Link(n, h) => Frame::Link(*n, h.clone()),
                Frame::Root => Frame::Root,
            })
            .collect();
        while self.frames.len() > 1 {
            self.pop_frame();
        }
        // The block's content, moved out into a vector of its size: the
        // root frame's grew by pushes (room for four inlines at the first),
        // most blocks hold one or two, and on a page of a million one-line
        // blocks the spare room was the largest table of all. The root
        // frame keeps its room for the next block.
        let mut content: Vec<Inline> = self.frames[0].1.drain(..).collect();
        for f in reopen {
            self.frames.push((f, Vec::new()));
        }
        trim_inlines(&mut content);
        let (chars, link_chars) = (self.chars, self.link_chars);
        self.chars = 0;
        self.link_chars = 0;
        self.at_space = true;
        if !content.is_empty() && (has_text(&content) || (self.images && has_image(&content))) {
            let kind = std::mem::replace(&mut self.pending, BlockKind::Paragraph);
            self.emit(kind, content, chars, link_chars);
        }
    }

    fn emit(&mut self, kind: BlockKind, content: Vec<Inline>, chars: usize, link_chars: usize) {
        self.out.blocks.push(Block {
            kind,
            quote_depth: self.quote_depth,
            content,
        });
        let container = self
            .open_blocks
            .last()
            .and_then(|&holder| self.doc.parent(holder));
        let container_parent = container.and_then(|c| self.doc.parent(c));
        let in_cell = self
            .open_blocks
            .iter()
            .rev()
            .take(3)
            .any(|&b| matches!(self.doc.tag(b), Some("td") | Some("th")));
        self.out.info.push(BlockInfo {
            container,
            container_parent,
            in_cell,
            chars,
            link_chars,
        });
    }

    /// Text of a subtree as written (whitespace kept), removed parts left
    /// out; `<br>` becomes a newline.
    fn visible_text(&self, id: NodeId) -> String {
        let mut out = String::new();
        let mut walk = self.doc.descendants(id);
        while let Some(d) = walk.next() {
            if self.removed.contains(d) {
                walk.skip_subtree_of(d);
            } else if let Some(t) = self.doc.text(d) {
                out.push_str(t);
            } else if self.doc.tag(d) == Some("br") {
                out.push('\n');
            }
        }
        out
    }

    fn table(&mut self, table: NodeId) {
        let doc = self.doc;
        // A data table's caption is its title: a paragraph before it.
        if let Some(caption) = doc.children(table).find(|&c| doc.tag(c) == Some("caption")) {
            if !self.removed.contains(caption) {
                let text = collapse_ws(&self.visible_text(caption));
                if !text.is_empty() {
                    let chars = text.chars().filter(|c| !c.is_whitespace()).count();
                    self.emit(BlockKind::Paragraph, vec![Inline::Text(text)], chars, 0);
                }
            }
        }
        let mut rows = Vec::new();
        let mut chars = 0;
        let mut link_chars = 0;
        for tr in table_rows(doc, table) {
            let in_thead = doc.parent(tr).and_then(|p| doc.tag(p)) == Some("thead");
            let mut cells = Vec::new();
            let mut all_th = true;
            for cell in doc.children(tr) {
                match doc.tag(cell) {
                    Some("td") => all_th = false,
                    Some("th") => {}
                    _ => continue,
                }
                if self.removed.contains(cell) {
                    cells.push(Vec::new());
                    continue;
                }
                let text = collapse_ws(&self.visible_text(cell));
                chars += text.chars().filter(|c| !c.is_whitespace()).count();
                link_chars += link_text_len(doc, cell);
                cells.push(if text.is_empty() {
                    Vec::new()
                } else {
                    vec![Inline::Text(text)]
                });
            }
            if cells.iter().any(|c| !c.is_empty()) {
                rows.push(TableRow {
                    header: in_thead || (all_th && !cells.is_empty()),
                    cells,
                });
            }
        }
        if !rows.is_empty() {
            self.emit(BlockKind::Table { rows }, Vec::new(), chars, link_chars);
        }
    }
}

/// True when the inline content holds any non-whitespace text.
fn has_text(content: &[Inline]) -> bool {
    let mut stack: Vec<&[Inline]> = vec![content];
    while let Some(list) = stack.pop() {
        for i in list {
            match i {
                Inline::Text(t) | Inline::Code(t) => {
                    if !t.trim().is_empty() {
                        return true;
                    }
                }
                Inline::Emphasis(c) | Inline::Strong(c) | Inline::Link { content: c, .. } => {
                    stack.push(c)
                }
                Inline::Image { .. } | Inline::LineBreak => {}
            }
        }
    }
    false
}

/// True when the inline content holds an image.
pub(crate) fn has_image(content: &[Inline]) -> bool {
    let mut stack: Vec<&[Inline]> = vec![content];
    while let Some(list) = stack.pop() {
        for i in list {
            match i {
                Inline::Image { .. } => return true,
                Inline::Emphasis(c) | Inline::Strong(c) | Inline::Link { content: c, .. } => {
                    stack.push(c)
                }
                _ => {}
            }
        }
    }
    false
}

/// Remove leading and trailing whitespace and line breaks of a block.
fn trim_inlines(content: &mut Vec<Inline>) {
    while matches!(content.last(), Some(Inline::LineBreak)) {
        content.pop();
    }
    while matches!(content.first(), Some(Inline::LineBreak)) {
        content.remove(0);
    }
    // Trailing space: follow the last element down through nested frames.
    let mut list: &mut Vec<Inline> = content;
    while let Some(last) = list.last_mut() {
        match last {
            Inline::Text(t) => {
                let n = t.trim_end().len();
                t.truncate(n);
                if t.is_empty() {
                    list.pop();
                }
                break;
            }
            Inline::Emphasis(_) | Inline::Strong(_) | Inline::Link { .. } => {}
            _ => break,
        }
        match list.last_mut() {
            Some(Inline::Emphasis(c)) | Some(Inline::Strong(c)) => list = c,
            Some(Inline::Link { content: c, .. }) => list = c,
            _ => break,
        }
    }
}

/// The rows of a table, skipping nested tables.
fn table_rows(doc: &Document, table: NodeId) -> Vec<NodeId> {
    let mut rows = Vec::new();
    for c in doc.children(table) {
        match doc.tag(c) {
            Some("tr") => rows.push(c),
            Some("thead") | Some("tbody") | Some("tfoot") => {
                rows.extend(doc.children(c).filter(|&r| doc.tag(r) == Some("tr")))
            }
            _ => {}
        }
    }
    rows
}

/// Link text characters below a node.
fn link_text_len(doc: &Document, id: NodeId) -> usize {
    let mut n = 0;
    let mut walk = doc.descendants(id);
    while let Some(d) = walk.next() {
        if doc.tag(d) == Some("a") {
            n += doc
                .text_content(d)
                .chars()
                .filter(|c| !c.is_whitespace())
                .count();
            walk.skip_subtree_of(d);
        }
    }
    n
}

/// Is this a table of data (kept as a table) rather than layout (walked as
/// blocks)? The rules are Readability's: explicit roles and markup first,
/// then size.
pub(crate) fn is_data_table(doc: &Document, table: NodeId) -> bool {
    if let Some(role) = doc.attr(table, "role") {
        if matches!(role.trim(), "presentation" | "none") {
            return false;
        }
    }
    if doc.attr(table, "datatable") == Some("0") {
        return false;
    }
    // A table inside a table, or holding one, is layout.
    if doc.ancestors(table).any(|a| doc.tag(a) == Some("table"))
        || doc.descendants(table).any(|d| doc.tag(d) == Some("table"))
    {
        return false;
    }
    if doc.attr(table, "summary").is_some() {
        return true;
    }
    let rows = table_rows(doc, table);
    let mut cols = 0;
    let mut has_th = false;
    let mut has_block = false;
    for &r in &rows {
        let mut n = 0;
        for c in doc.children(r) {
            match doc.tag(c) {
                Some("th") => {
                    has_th = true;
                    n += 1;
                }
                Some("td") => n += 1,
                _ => {}
            }
        }
        cols = cols.max(n);
    }
    for d in doc.descendants(table) {
        match doc.tag(d) {
            Some("caption") | Some("thead") | Some("tfoot") | Some("colgroup") | Some("col") => {
                has_th = true
            }
            Some("p") | Some("div") | Some("ul") | Some("ol") | Some("h1") | Some("h2")
            | Some("h3") | Some("blockquote") => has_block = true,
            _ => {}
        }
    }
    if rows.len() <= 1 || cols <= 1 {
        return false;
    }
    if has_block {
        // Paragraphs and lists in cells are a page laid out with a table.
        return false;
    }
    has_th || rows.len() >= 10 || cols > 4 || rows.len() * cols > 10
}

/// The language of a code block, from `class="language-x"` / `lang-x` on
/// the `<pre>` or its `<code>`, or a `data-lang` attribute.
fn code_language(doc: &Document, pre: NodeId) -> Option<String> {
    let code = doc.children(pre).find(|&c| doc.tag(c) == Some("code"));
    for id in [Some(pre), code].into_iter().flatten() {
        if let Some(l) = doc
            .attr(id, "data-lang")
            .or_else(|| doc.attr(id, "data-language"))
        {
            if !l.trim().is_empty() {
                return Some(l.trim().to_ascii_lowercase());
            }
        }
        if let Some(class) = doc.attr(id, "class") {
            for token in class.split_ascii_whitespace() {
                for prefix in ["language-", "lang-", "brush:"] {
                    if let Some(l) = token.strip_prefix(prefix) {
                        if !l.is_empty() {
                            return Some(l.to_ascii_lowercase());
                        }
                    }
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_html;

    /// The text of each block and the characters counted for it.
    fn assembled(html: &str) -> Vec<(String, usize)> {
        let doc = parse_html(html);
        let body = doc.body().expect("body");
        let removed = NodeSet::for_document(&doc);
        let a = assemble(&doc, &[body], &removed, false);
        a.blocks
            .iter()
            .zip(&a.info)
            .map(|(b, i)| (super::super::filter::plain(b), i.chars))
            .collect()
    }

    #[test]
    fn ascii_text_collapses_as_other_text_does() {
        // The same whitespace (vertical tab included) around ASCII words,
        // and around a word that sends the text down the character path.
        let ascii = assembled("<p> a \t b\u{b}\u{c} c <b> d</b>\r\n </p><p>\tx  y</p>");
        let other = assembled("<p> a \t b\u{b}\u{c} c <b> d</b>\r\n \u{e9}</p><p>\tx  y</p>");
        assert_eq!(ascii[0], ("a b c d".to_string(), 4));
        assert_eq!(other[0], ("a b c d \u{e9}".to_string(), 5));
        assert_eq!(ascii[1], ("x y".to_string(), 2));
        assert_eq!(ascii[1], other[1]);
    }
}
