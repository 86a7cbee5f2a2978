//! Parsing: decoded page text to a [`Document`], through html5ever.
//!
//! This module owns the bridge between html5ever's tree builder and our
//! arena ([`crate::dom`]). html5ever drives the HTML5 tree-construction
//! algorithm (implied tags, misnested formatting, foster parenting, ...) and
//! tells a `TreeSink` what to create and where to attach it; the sink below
//! only translates those calls into arena operations, with node ids as
//! handles.
//!
//! # The depth guard
//!
//! html5ever's tree builder answers many questions ("is a `p` in button
//! scope?", "which `li` to close?") by scanning its stack of open elements
//! from the top, often all the way down. A page of 200,000 unclosed
//! `<div>`s therefore costs 200,000 scans of a stack that grows to 200,000:
//! minutes of CPU for a 1 MB file. Browsers cap the nesting depth (Blink at
//! 512, WebKit similarly) and so do we, lower still (256: every scan below
//! the cap still costs up to the cap, and real pages nest a few dozen
//! deep), between html5ever's tokenizer and its tree builder:
//!
//! * `DepthGuard` is the tokenizer's `TokenSink`. It hands every token to
//!   the tree builder, except start tags that would open one more element
//!   while the builder already holds [`MAX_OPEN_ELEMENTS`] elements. Those
//!   are dropped, together with as many later end tags of the same name, so
//!   the content of a dropped element lands in the deepest element that was
//!   kept: text is never lost, only structure beyond the cap.
//! * The builder's stack is private; the only public view of it is
//!   `TreeBuilder::trace_handles` (meant for garbage collectors), which
//!   visits the open elements plus the active formatting elements and a
//!   few fixed pointers. That count is what is capped: it bounds exactly
//!   the lists the builder scans per token, so the builder's work per token
//!   is bounded, and parsing stays linear however deep the markup nests.
//!   Counting is itself a walk of those lists, so it runs only on every
//!   `CHECK_INTERVAL`-th element-opening start tag while the count is
//!   far below the cap, and on each one near it, except that a run of
//!   dropped start tags (nothing reached the builder in between) reuses
//!   one count. A page of 200,000 nested `<div>`s thus parses in linear
//!   time.
//! * Never dropped: void elements (they open nothing), the elements that
//!   switch the tokenizer to raw text (`script`, `style`, `textarea`,
//!   `title`, ...; dropping them would turn script source into page text),
//!   `html`/`head`/`body` (merged, never nested), and self-closing tags in
//!   SVG/MathML, which close at once.
//!
//! A page whose builder never holds [`MAX_OPEN_ELEMENTS`] elements is
//! parsed exactly as html5ever alone would parse it; `tests/dom_diff.rs`
//! checks that against html5ever's reference DOM on every fixture and
//! benchmark page.
//!
//! # Raw text nobody reads
//!
//! Over half the bytes of a typical page are the source of inline scripts
//! and style sheets (54% on the 181 benchmark pages), and html5ever reads
//! them slowly: a character at a time wherever a line or a `<` breaks the
//! run, each run a token the tree builder appends to the element.
//! Extraction and metadata never read that text, except the JSON-LD
//! scripts. So [`parse_page`], the parse `pith::extract` uses, skips it:
//! when the tree builder switches the tokenizer to script data for a
//! `<script>` that is not JSON-LD, or to raw text for a `<style>`, the
//! depth guard finds where that element's text ends, by the tokenizer's
//! own rules ([`script_data_len`], [`raw_text_len`]), and removes those
//! bytes from the input before the tokenizer reads them. The tokenizer then
//! meets the end tag at once, and the element is built with no text. The
//! tree is otherwise the one [`parse_html`] builds; `tests/dom_diff.rs`
//! checks that too.

use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, Tracer, TreeSink};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts};
use html5ever::{local_name, Attribute, LocalName, QualName, TokenizerResult};

use crate::dom::{Document, NodeId, NodeKind};

/// The most elements html5ever's tree builder may hold (open elements plus
/// active formatting elements) before further nesting is dropped. Browsers
/// stop at twice this depth; real pages stay far below it (52 at most on
/// the benchmark pages), and the worst case costs about this many steps
/// per tag.
pub const MAX_OPEN_ELEMENTS: usize = 256;

/// How many element-opening start tags may pass between two counts of the
/// builder's elements while the last count was below half the cap. One
/// start tag opens a few elements at most in practice (the element, implied
/// parents such as `tbody`/`tr`, reopened formatting elements), so the
/// count cannot jump from half the cap past it within this many tags except
/// on pages built to do so, which then overshoot the cap by a bounded
/// amount.
const CHECK_INTERVAL: u32 = 16;

/// Parse a whole HTML page. Never fails: HTML5 parsing recovers from any
/// input, so the worst case is an odd-looking tree.
///
/// The one repair made before html5ever sees the text is
/// [`close_unterminated_title`]: without it, a page whose `<title>` is never
/// closed is nothing but a title.
pub fn parse_html(text: &str) -> Document {
    parse(text, RawText::Keep)
}

/// Parse a page for extraction: [`parse_html`], except that the text of
/// `<script>` elements (other than JSON-LD) and `<style>` elements is not
/// read (see the module documentation). Those elements are in the tree,
/// empty.
pub fn parse_page(text: &str) -> Document {
    parse(text, RawText::SkipUnread)
}

/// What to do with the text of scripts and style sheets.
#[derive(Clone, Copy, PartialEq)]
enum RawText {
    /// Build it into the tree, as html5ever would.
    Keep,
    /// Skip it, except JSON-LD scripts.
    SkipUnread,
}

fn parse(text: &str, raw_text: RawText) -> Document {
    let text = close_unterminated_title(text);
    let sink = ArenaSink {
        doc: RefCell::new(Document::for_page(text.len())),
        annotation_xml_integration_points: RefCell::new(Vec::new()),
    };
    let builder = TreeBuilder::new(sink, TreeBuilderOpts::default());
    // The depth guard shares the input with the tokenizer, to skip raw
    // text in it.
    let input = Rc::new(BufferQueue::default());
    let guard = DepthGuard::new(
        builder,
        (raw_text == RawText::SkipUnread).then(|| Rc::clone(&input)),
    );
    let tokenizer = Tokenizer::new(guard, TokenizerOpts::default());
    input.push_back(StrTendril::from(&*text));
    // `feed` stops early only to report scripts and encoding declarations,
    // neither of which changes anything for a parser that runs no scripts
    // and receives already-decoded text.
    while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    tokenizer.end();
    tokenizer.sink.builder.sink.finish()
}

/// The page text with a `</title>` inserted where an unterminated `<title>`
/// plainly ends: at the first `<` or line break of its text.
///
/// A `<title>` switches the HTML tokenizer to raw text until `</title>`; when
/// the end tag is missing (pages spliced together by a crawler or a CMS,
/// `<title>Page</titlevalue=...`), the whole rest of the page becomes the
/// title and the body is empty. Browsers show such a page blank, but its
/// markup is all there, so it is worth reading: a title holds one line of
/// plain text, and the first tag or line break after `<title>` is where the
/// author's title stopped. Pages with a proper end tag are untouched.
pub fn close_unterminated_title(text: &str) -> Cow<'_, str> {
    let Some(open) = find_ascii_ci(text.as_bytes(), b"<title", 0) else {
        return Cow::Borrowed(text);
    };
    let bytes = text.as_bytes();
    // The start tag must really be `<title` (not `<titles>`) and end with `>`.
    let after_name = open + b"<title".len();
    if !matches!(
        bytes.get(after_name),
        Some(b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/')
    ) {
        return Cow::Borrowed(text);
    }
    let Some(gt) = memchr(b'>', bytes, after_name) else {
        return Cow::Borrowed(text);
    };
    let content = gt + 1;
    let mut from = content;
    while let Some(close) = find_ascii_ci(bytes, b"</title", from) {
        let next = bytes.get(close + b"</title".len());
        if matches!(
            next,
            None | Some(b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/')
        ) {
            return Cow::Borrowed(text);
        }
        from = close + 1;
    }
    let end = bytes[content..]
        .iter()
        .position(|&b| matches!(b, b'<' | b'\n' | b'\r'))
        .map_or(bytes.len(), |i| content + i);
    let mut repaired = String::with_capacity(text.len() + 8);
    repaired.push_str(&text[..end]);
    repaired.push_str("</title>");
    repaired.push_str(&text[end..]);
    Cow::Owned(repaired)
}

/// Position of the first byte `b` at or after `from`.
///
/// Eight bytes at a time: the raw text skipped by [`parse_page`] is half of
/// a typical page, and a byte-by-byte search of it cost a tenth of the
/// parse.
fn memchr(b: u8, haystack: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let rest = haystack.get(from..)?;
    let pattern = u64::from_ne_bytes([b; 8]);
    let mut skipped = 0;
    for chunk in rest.chunks_exact(8) {
        let Ok(bytes) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        // A zero byte in `word` is a byte equal to `b` (the classic
        // has-zero-byte test, exact).
        let word = u64::from_ne_bytes(bytes) ^ pattern;
        if word.wrapping_sub(ONES) & !word & HIGHS != 0 {
            break;
        }
        skipped += 8;
    }
    rest[skipped..]
        .iter()
        .position(|&c| c == b)
        .map(|i| from + skipped + i)
}

/// Position of the first ASCII-case-insensitive occurrence of `needle`
/// (given in lower case, starting with `<`) at or after `from`.
fn find_ascii_ci(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(i) = memchr(needle[0], haystack, at) {
        if haystack
            .get(i..i + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
        {
            return Some(i);
        }
        at = i + 1;
    }
    None
}

/// The tokenizer's sink: passes tokens to html5ever's tree builder, except
/// nesting beyond [`MAX_OPEN_ELEMENTS`] (see the module documentation).
struct DepthGuard {
    builder: TreeBuilder<NodeId, ArenaSink>,
    /// Start tags dropped per tag name whose end tags are still to come.
    dropped: RefCell<HashMap<LocalName, usize>>,
    /// Element-opening start tags to let through before counting again.
    unchecked: Cell<u32>,
    /// The last count, while no token has reached the builder since: a run
    /// of dropped start tags needs only one count.
    held_unchanged: Cell<Option<usize>>,
    /// The tokenizer's input, when unread raw text is to be skipped.
    skip_in: Option<Rc<BufferQueue>>,
}

/// Counts what `TreeBuilder::trace_handles` visits.
struct HandleCounter(Cell<usize>);

impl Tracer for HandleCounter {
    type Handle = NodeId;
    fn trace_handle(&self, _node: &NodeId) {
        self.0.set(self.0.get() + 1);
    }
}

impl DepthGuard {
    fn new(
        builder: TreeBuilder<NodeId, ArenaSink>,
        skip_in: Option<Rc<BufferQueue>>,
    ) -> DepthGuard {
        DepthGuard {
            builder,
            dropped: RefCell::new(HashMap::new()),
            unchecked: Cell::new(0),
            held_unchanged: Cell::new(None),
            skip_in,
        }
    }

    /// Drop the text of the element whose start tag the builder just took,
    /// when it switched the tokenizer to raw text nobody reads: up to the
    /// element's end tag, which the tokenizer then reads next, or the end
    /// of the page. Only the front buffer is searched (the whole rest of
    /// the page, as [`parse_page`] queues it); text whose end is in a later
    /// buffer is left to the tokenizer.
    fn skip_raw_text(&self, input: &BufferQueue, len: RawTextLen) {
        let Some(front) = input.pop_front() else {
            return;
        };
        let skip = match len(front.as_bytes()) {
            // The end is a `<`, so `skip` is a character boundary.
            Some(skip) => u32::try_from(skip).unwrap_or(0),
            // The page ends inside the element: all of it is its text.
            None if input.is_empty() => front.len32(),
            None => 0,
        };
        if skip < front.len32() {
            input.push_front(front.subtendril(skip, front.len32() - skip));
        }
    }

    /// The number of elements the builder holds: open elements, active
    /// formatting elements, plus the document and head/form pointers.
    fn held_elements(&self) -> usize {
        let counter = HandleCounter(Cell::new(0));
        self.builder.trace_handles(&counter);
        counter.0.get()
    }

    /// Decide whether a start tag that would open an element must be
    /// dropped because the builder holds too many elements already.
    fn too_deep(&self) -> bool {
        if let Some(held) = self.held_unchanged.get() {
            return held >= MAX_OPEN_ELEMENTS;
        }
        let unchecked = self.unchecked.get();
        if unchecked > 0 {
            self.unchecked.set(unchecked - 1);
            return false;
        }
        let held = self.held_elements();
        self.held_unchanged.set(Some(held));
        if held < MAX_OPEN_ELEMENTS / 2 {
            self.unchecked.set(CHECK_INTERVAL - 1);
        }
        held >= MAX_OPEN_ELEMENTS
    }

    /// True when this start tag may open an element that stays open, i.e.
    /// dropping it is both needed (it deepens the tree) and harmless.
    fn opens_element(&self, name: &LocalName, self_closing: bool) -> bool {
        if never_dropped(name) {
            return false;
        }
        // Self-closing tags close at once in SVG and MathML (in HTML the
        // slash is ignored and `<div/>` opens a div).
        let foreign = matches!(*name, local_name!("svg") | local_name!("math"))
            || self
                .builder
                .adjusted_current_node_present_but_not_in_html_namespace();
        !(self_closing && foreign)
    }
}

/// Start tags that never deepen the tree for long, or whose loss would
/// change how the tokenizer reads what follows.
fn never_dropped(name: &LocalName) -> bool {
    matches!(
        *name,
        // Void elements: opened and closed at once.
        local_name!("area")
            | local_name!("base")
            | local_name!("basefont")
            | local_name!("bgsound")
            | local_name!("br")
            | local_name!("col")
            | local_name!("embed")
            | local_name!("frame")
            | local_name!("hr")
            | local_name!("image")
            | local_name!("img")
            | local_name!("input")
            | local_name!("keygen")
            | local_name!("link")
            | local_name!("meta")
            | local_name!("param")
            | local_name!("source")
            | local_name!("track")
            | local_name!("wbr")
            // Raw text and RCDATA: the builder switches the tokenizer's
            // state for their content and closes them at their end tag.
            | local_name!("script")
            | local_name!("style")
            | local_name!("textarea")
            | local_name!("title")
            | local_name!("xmp")
            | local_name!("iframe")
            | local_name!("noembed")
            | local_name!("noframes")
            | local_name!("noscript")
            | local_name!("plaintext")
            // Merged into the existing elements, never nested.
            | local_name!("html")
            | local_name!("head")
            | local_name!("body")
    )
}

impl TokenSink for DepthGuard {
    type Handle = NodeId;

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<NodeId> {
        // Past the page's deadline the tree builder gets nothing more: the
        // tokenizer runs to the end of the text (linear), the tree stays as
        // it was, and extraction gives the page a timeout record.
        if crate::deadline::expired() {
            return TokenSinkResult::Continue;
        }
        // Which raw text to skip if this start tag switches the tokenizer
        // to it: script data of a script, raw text of a style sheet.
        let mut skip: Option<(RawKind, RawTextLen)> = None;
        if let Token::TagToken(tag) = &token {
            match tag.kind {
                TagKind::StartTag => {
                    if self.opens_element(&tag.name, tag.self_closing) && self.too_deep() {
                        *self
                            .dropped
                            .borrow_mut()
                            .entry(tag.name.clone())
                            .or_insert(0) += 1;
                        return TokenSinkResult::Continue;
                    }
                    if self.skip_in.is_some() {
                        skip = match tag.name {
                            local_name!("script") if !is_json_ld(&tag.attrs) => {
                                Some((RawKind::ScriptData, script_data_len))
                            }
                            local_name!("style") => Some((RawKind::Rawtext, style_text_len)),
                            _ => None,
                        };
                    }
                }
                TagKind::EndTag => {
                    if let Some(pending) = self.dropped.borrow_mut().get_mut(&tag.name) {
                        if *pending > 0 {
                            *pending -= 1;
                            return TokenSinkResult::Continue;
                        }
                    }
                }
            }
        }
        self.held_unchanged.set(None);
        let result = self.builder.process_token(token, line_number);
        if let (Some((kind, len)), Some(input), TokenSinkResult::RawData(switched)) =
            (skip, &self.skip_in, &result)
        {
            // The builder decides: a `<script>` inside SVG, say, is not
            // raw text and is left alone.
            if *switched == kind {
                self.skip_raw_text(input, len);
            }
        }
        result
    }

    fn end(&self) {
        self.builder.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.builder
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

/// Finds the length of an element's raw text ([`script_data_len`],
/// [`style_text_len`]).
type RawTextLen = fn(&[u8]) -> Option<usize>;

/// True for a script whose `type` says JSON-LD (the metadata and the
/// stated article body read those).
fn is_json_ld(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.name.local == local_name!("type")
            && a.value
                .as_bytes()
                .windows(b"ld+json".len())
                .any(|w| w.eq_ignore_ascii_case(b"ld+json"))
    })
}

/// Characters that end a tag name (a CR reaches the tokenizer as a line
/// feed).
fn ends_tag_name(b: Option<&u8>) -> bool {
    matches!(
        b,
        Some(b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>')
    )
}

/// True when `s[at..]` starts with `name` (lower case, ASCII) in any case,
/// followed by a character that ends a tag name.
fn names_tag(s: &[u8], at: usize, name: &[u8]) -> bool {
    s.get(at..at + name.len())
        .is_some_and(|w| w.eq_ignore_ascii_case(name))
        && ends_tag_name(s.get(at + name.len()))
}

/// Length of a style sheet's text: up to its end tag `</style`, as the
/// tokenizer's raw text states find it. `None` when the page ends first.
pub(crate) fn style_text_len(s: &[u8]) -> Option<usize> {
    let mut at = 0;
    while let Some(lt) = memchr(b'<', s, at) {
        if s.get(lt + 1) == Some(&b'/') && names_tag(s, lt + 2, b"style") {
            return Some(lt);
        }
        at = lt + 1;
    }
    None
}

/// Length of a script's text: up to the `</script` that ends it, by the
/// HTML tokenizer's script data states. Those make one exception to "the
/// first `</script`": after `<!--`, a `<script` opens a nested, escaped
/// script whose own `</script` does not end the element (it only ends the
/// escape), until `-->` closes the comment. `None` when the page ends
/// first.
pub(crate) fn script_data_len(s: &[u8]) -> Option<usize> {
    /// The tokenizer's states, as far as they decide where a script ends.
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        /// Script data.
        Data,
        /// Script data escaped (after `<!--`), with how many `-` just
        /// passed (two or more let a `>` end the escape).
        Escaped(u8),
        /// Script data double escaped (after `<!--` then `<script`).
        DoubleEscaped(u8),
    }
    let mut state = State::Data;
    let mut at = 0;
    while at < s.len() {
        match state {
            State::Data => {
                let lt = memchr(b'<', s, at)?;
                if s.get(lt + 1) == Some(&b'/') && names_tag(s, lt + 2, b"script") {
                    return Some(lt);
                }
                if s.get(lt + 1..lt + 4) == Some(b"!--") {
                    // Script data escaped dash dash state.
                    state = State::Escaped(2);
                    at = lt + 4;
                } else {
                    at = lt + 1;
                }
            }
            State::Escaped(dashes) => {
                let b = s[at];
                at += 1;
                state = match b {
                    b'-' => State::Escaped(dashes.saturating_add(1)),
                    b'>' if dashes >= 2 => State::Data,
                    b'<' => {
                        if s.get(at) == Some(&b'/') && names_tag(s, at + 1, b"script") {
                            return Some(at - 1);
                        }
                        if names_tag(s, at, b"script") {
                            at += b"script".len();
                            State::DoubleEscaped(0)
                        } else {
                            State::Escaped(0)
                        }
                    }
                    _ => State::Escaped(0),
                };
            }
            State::DoubleEscaped(dashes) => {
                let b = s[at];
                at += 1;
                state = match b {
                    b'-' => State::DoubleEscaped(dashes.saturating_add(1)),
                    b'>' if dashes >= 2 => State::Data,
                    b'<' => {
                        if s.get(at) == Some(&b'/') && names_tag(s, at + 1, b"script") {
                            at += 1 + b"script".len();
                            State::Escaped(0)
                        } else {
                            State::DoubleEscaped(0)
                        }
                    }
                    _ => State::DoubleEscaped(0),
                };
            }
        }
    }
    None
}

/// The `TreeSink` that builds our arena. Handles are node ids.
struct ArenaSink {
    doc: RefCell<Document>,
    /// MathML `annotation-xml` elements whose `encoding` makes their content
    /// HTML (in increasing id order). Only the parser needs to know, so the
    /// flag lives here rather than in every element.
    annotation_xml_integration_points: RefCell<Vec<NodeId>>,
}

impl ArenaSink {
    /// Append text to `parent`, merging with its last child when that is
    /// text (the sink contract: no two adjacent text nodes).
    fn append_text(doc: &mut Document, parent: NodeId, text: &str) {
        if let Some(last) = doc.last_child(parent) {
            if let NodeKind::Text(_) = doc.kind(last) {
                doc.extend_text(last, text);
                return;
            }
        }
        let id = doc.push_text(text);
        doc.append(parent, id);
    }
}

impl TreeSink for ArenaSink {
    type Handle = NodeId;
    type Output = Document;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Document {
        let mut doc = self.doc.into_inner();
        doc.shrink_to_fit();
        doc
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> NodeId {
        Document::ROOT
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Ref<'a, QualName> {
        Ref::map(self.doc.borrow(), |d| match d.kind(*target) {
            NodeKind::Element { name, .. } => name,
            // html5ever only asks for names of elements it created.
            _ => unreachable_name(),
        })
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        let mut doc = self.doc.borrow_mut();
        let template_contents = flags.template.then(|| doc.push(NodeKind::Document));
        let id = doc.push_element(name, template_contents);
        for a in attrs {
            doc.add_attr(id, a.name, &a.value);
        }
        if flags.mathml_annotation_xml_integration_point {
            self.annotation_xml_integration_points.borrow_mut().push(id);
        }
        id
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &NodeId) -> bool {
        self.annotation_xml_integration_points
            .borrow()
            .binary_search(handle)
            .is_ok()
    }

    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.doc
            .borrow_mut()
            .push(NodeKind::Comment(Box::from(&*text)))
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.doc.borrow_mut().push(NodeKind::ProcessingInstruction {
            target: Box::from(&*target),
            data: Box::from(&*data),
        })
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        let mut doc = self.doc.borrow_mut();
        match child {
            NodeOrText::AppendNode(n) => doc.append(*parent, n),
            NodeOrText::AppendText(t) => ArenaSink::append_text(&mut doc, *parent, &t),
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        let has_parent = self.doc.borrow().parent(*element).is_some();
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(
        &self,
        name: StrTendril,
        _public: StrTendril,
        _system: StrTendril,
    ) {
        let mut doc = self.doc.borrow_mut();
        let id = doc.push(NodeKind::Doctype {
            name: Box::from(&*name),
        });
        doc.append(Document::ROOT, id);
    }

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        match self.doc.borrow().kind(*target) {
            NodeKind::Element {
                template_contents: Some(c),
                ..
            } => *c,
            // Only called for templates, which always get contents; the
            // element itself is a harmless answer otherwise.
            _ => *target,
        }
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        let mut doc = self.doc.borrow_mut();
        match new_node {
            NodeOrText::AppendNode(n) => doc.insert_before(*sibling, n),
            NodeOrText::AppendText(t) => {
                if let Some(prev) = doc.prev_sibling(*sibling) {
                    if let NodeKind::Text(_) = doc.kind(prev) {
                        doc.extend_text(prev, &t);
                        return;
                    }
                }
                let id = doc.push_text(&t);
                doc.insert_before(*sibling, id);
            }
        }
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        let mut doc = self.doc.borrow_mut();
        for a in attrs {
            if !doc.attrs(*target).any(|e| *e.name == a.name) {
                doc.add_attr(*target, a.name, &a.value);
            }
        }
    }

    fn remove_from_parent(&self, target: &NodeId) {
        self.doc.borrow_mut().detach(*target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        let mut doc = self.doc.borrow_mut();
        while let Some(c) = doc.first_child(*node) {
            doc.append(*new_parent, c);
        }
    }
}

/// html5ever never asks for the name of a non-element; if it ever did, a
/// placeholder name is better than a panic on some odd page.
fn unreachable_name() -> &'static QualName {
    use std::sync::OnceLock;
    static NAME: OnceLock<QualName> = OnceLock::new();
    NAME.get_or_init(|| QualName::new(None, html5ever::ns!(html), html5ever::local_name!("div")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unterminated_title_ends_at_its_first_tag_or_line() {
        let doc = parse_html(
            "<html><head><title>Storm hits coast</titl\n<body><p>The storm came at night.</p>",
        );
        let title = doc.find_tag("title").expect("title");
        assert_eq!(doc.text_content(title), "Storm hits coast");
        let p = doc.find_tag("p").expect("the body is parsed");
        assert_eq!(doc.text_content(p), "The storm came at night.");
        // Closed titles, with any case and attributes, are left alone.
        let text = "<TITLE id=t>A <b> title</TITLE ><p>x</p>";
        assert!(matches!(close_unterminated_title(text), Cow::Borrowed(_)));
        assert!(matches!(
            close_unterminated_title("<titles>x"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(
            close_unterminated_title("no title"),
            Cow::Borrowed(_)
        ));
        assert_eq!(close_unterminated_title("<title>T"), "<title>T</title>");
    }

    #[test]
    fn parse_page_skips_the_text_of_scripts_and_style_sheets_but_not_json_ld() {
        let html = "<head><style>p { color: red }</style><script>var a = '<p>';</script>\
            <script type=\"application/ld+json\">{\"headline\": \"H\"}</script></head>\
            <body><p>Text<script><!-- <script></script> x --></script> after</p>";
        let doc = parse_page(html);
        let texts: Vec<String> = ["style", "script"]
            .iter()
            .flat_map(|t| {
                doc.descendants(Document::ROOT)
                    .filter(|&n| doc.tag(n) == Some(*t))
            })
            .map(|n| doc.text_content(n))
            .collect();
        assert_eq!(texts, ["", "", "{\"headline\": \"H\"}", ""]);
        let p = doc.find_tag("p").expect("p");
        assert_eq!(doc.text_content(p), "Text after");
        assert_eq!(
            script_data_len(b"a<!--<script></script>--></script>"),
            Some(25)
        );
        assert_eq!(script_data_len(b"a<!--</script>"), Some(5));
        assert_eq!(style_text_len(b"a</styles></style\n"), Some(10));
        assert_eq!(script_data_len(b"no end"), None);
    }

    #[test]
    fn memchr_finds_the_first_byte_after_from() {
        let hay: Vec<u8> = (0..200u32).map(|i| (i * 7 % 61) as u8).collect();
        for b in [0u8, 1, 3, 60, 61, 0x80] {
            for from in [0, 1, 7, 8, 9, 63, 150, 199, 200, 201] {
                let naive = hay
                    .get(from..)
                    .and_then(|r| r.iter().position(|&c| c == b))
                    .map(|i| from + i);
                assert_eq!(memchr(b, &hay, from), naive, "byte {b} from {from}");
            }
        }
    }

    #[test]
    fn builds_implied_structure() {
        let doc = parse_html("<title>T</title><p>Hello <b>world</b>");
        let body = doc.body().expect("body");
        let p = doc.first_child(body).expect("p");
        assert_eq!(doc.tag(p), Some("p"));
        assert_eq!(doc.text_content(p), "Hello world");
        assert!(doc.head().is_some());
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = "<div>".repeat(200_000) + "x";
        let doc = parse_html(&html);
        // Nesting beyond the cap is dropped, the text is kept, and walking
        // and dropping the tree does not recurse.
        let x = doc
            .descendants(Document::ROOT)
            .find(|&n| doc.text(n) == Some("x"));
        let depth = doc.ancestors(x.expect("text node")).count();
        assert!(
            (MAX_OPEN_ELEMENTS - 8..=MAX_OPEN_ELEMENTS + 8).contains(&depth),
            "{depth}"
        );
        assert_eq!(doc.text_content(Document::ROOT), "x");
    }

    #[test]
    fn end_tags_of_dropped_elements_are_dropped_too() {
        let n = 2 * MAX_OPEN_ELEMENTS;
        let html = "<div>".repeat(n) + "deep" + &"</div>".repeat(n) + "<p>after</p>";
        let doc = parse_html(&html);
        let p = doc.find_tag("p").expect("p");
        assert_eq!(doc.parent(p), doc.body());
        assert_eq!(doc.text_content(Document::ROOT), "deepafter");
    }

    #[test]
    fn raw_text_beyond_the_cap_stays_raw() {
        let html = "<span>".repeat(2 * MAX_OPEN_ELEMENTS)
            + "<script>if (a<b) x()</script><br><textarea><b>t</b></textarea>text";
        let doc = parse_html(&html);
        let script = doc.find_tag("script").expect("script");
        assert_eq!(doc.text_content(script), "if (a<b) x()");
        assert!(doc.find_tag("br").is_some());
        assert!(doc.find_tag("b").is_none());
        let textarea = doc.find_tag("textarea").expect("textarea");
        assert_eq!(doc.text_content(textarea), "<b>t</b>");
    }

    #[test]
    fn self_closing_svg_children_beyond_the_cap_are_kept() {
        let html = "<svg>".to_string()
            + &"<g>".repeat(2 * MAX_OPEN_ELEMENTS)
            + "<path d=\"M0\"/><circle r=\"1\"/>t</svg><p>after";
        let doc = parse_html(&html);
        let path = doc.find_tag("path").expect("path");
        let circle = doc.find_tag("circle").expect("circle");
        // Both close at once, so they are siblings, in the SVG namespace.
        assert_eq!(doc.next_sibling(path), Some(circle));
        let NodeKind::Element { name, .. } = doc.kind(path) else {
            panic!("not an element");
        };
        assert_eq!(name.ns, html5ever::ns!(svg));
        assert_eq!(doc.parent(doc.find_tag("p").expect("p")), doc.body());
    }
}
