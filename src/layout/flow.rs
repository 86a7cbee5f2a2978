//! Writing inline content as lines of plain text or markdown.
//!
//! Plain text and markdown share one writer because they share the hard part:
//! whitespace. Inline pieces are concatenated exactly ("H" in a `<b>` followed
//! by "ong Kong" is "Hong Kong"), so spaces only ever come from the text
//! itself; but a space or line break must never start or end a line, a
//! paragraph or an emphasis. The writer therefore holds whitespace and line
//! breaks back until the next visible character, and drops them when a line
//! or block ends first.
//!
//! In markdown the writer also escapes every character that markdown would
//! read as syntax, and places emphasis markers only where a CommonMark parser
//! will read them as emphasis; where it would not (markers next to other
//! markers, punctuation on the inside next to a letter on the outside), the
//! markers are left out so the words never change.
//!
//! The inline tree is walked with an explicit stack: its depth follows the
//! page's markup, which is not ours to trust.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::slice::Iter;

use super::url::{safe_url, UrlUse};
use super::RenderOptions;
use crate::article::Inline;

/// Which format the writer produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavor {
    /// Plain text: no markup, no escaping.
    Text,
    /// CommonMark with GFM tables.
    Markdown,
}

/// Where the inline content sits, which decides what a line break can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    /// A paragraph or list item: line breaks and paragraph breaks allowed.
    Flow,
    /// A heading: one line, `#` is syntax everywhere on it.
    Heading,
    /// A table cell: one line, `|` ends the cell.
    Cell,
}

/// What to do when the inline element being walked ends.
enum Close<'i> {
    /// Nothing: plain content, or formatting this format does not show.
    Plain,
    /// Decide on and place emphasis markers (see [`FlowWriter::close_emphasis`]).
    Emphasis,
    /// Write the link's destination.
    Link(Cow<'i, str>),
}

/// An emphasis whose markers are not decided yet.
struct EmphasisFrame {
    /// `*` or `**`.
    marker: &'static str,
    /// Where its first visible character was written, once there is one.
    content_start: Option<usize>,
    /// Strong rather than emphasis.
    strong: bool,
}

/// Writes blocks' inline content into one growing `String`.
///
/// A block renderer writes the start of the block's first line itself (quote
/// markers, list marker, `#`s), sets [`FlowWriter::prefix`] to what each
/// further line of the block starts with, then calls [`FlowWriter::start`],
/// [`FlowWriter::inlines`] and [`FlowWriter::finish`].
pub(crate) struct FlowWriter {
    /// The output so far.
    pub(crate) out: String,
    /// What every continuation line of the current block starts with
    /// (markdown only: quote markers and list indentation).
    pub(crate) prefix: String,
    flavor: Flavor,
    opts: RenderOptions,
    context: Context,
    /// Where the current line's content starts (after its prefix).
    line_start: usize,
    /// Whether the current block has written anything visible.
    has_content: bool,
    /// Whitespace held back until the next visible character.
    pending_ws: String,
    /// Line breaks held back until the next visible character.
    pending_breaks: u32,
    /// Where the last paragraph break inside the block ended; emphasis cannot
    /// span one.
    last_paragraph_break: usize,
    /// How many rendered links enclose the current position (markdown).
    link_depth: u32,
    /// Open emphasis frames, outermost first (markdown).
    emphasis: Vec<EmphasisFrame>,
}

impl FlowWriter {
    /// A writer for `flavor` whose output starts with room for `capacity`
    /// bytes.
    pub(crate) fn new(flavor: Flavor, opts: RenderOptions, capacity: usize) -> Self {
        FlowWriter {
            out: String::with_capacity(capacity),
            prefix: String::new(),
            flavor,
            opts,
            context: Context::Flow,
            line_start: 0,
            has_content: false,
            pending_ws: String::new(),
            pending_breaks: 0,
            last_paragraph_break: 0,
            link_depth: 0,
            emphasis: Vec::new(),
        }
    }

    /// Begin a run of inline content in `context` at the end of the output.
    pub(crate) fn start(&mut self, context: Context) {
        self.context = context;
        self.line_start = self.out.len();
        self.has_content = false;
        self.pending_ws.clear();
        self.pending_breaks = 0;
        self.last_paragraph_break = self.out.len();
        self.link_depth = 0;
        self.emphasis.clear();
    }

    /// End the run: whitespace and line breaks still held back are dropped.
    /// Returns whether anything visible was written since [`Self::start`].
    pub(crate) fn finish(&mut self) -> bool {
        self.pending_ws.clear();
        self.pending_breaks = 0;
        self.has_content
    }

    /// Write a sequence of inline elements.
    pub(crate) fn inlines<'i>(&mut self, inlines: &'i [Inline]) {
        let mut stack: Vec<(Iter<'i, Inline>, Close<'i>)> = Vec::new();
        let mut current = inlines.iter();
        let mut current_close = Close::Plain;
        loop {
            let Some(inline) = current.next() else {
                match std::mem::replace(&mut current_close, Close::Plain) {
                    Close::Plain => {}
                    Close::Emphasis => self.close_emphasis(&stack),
                    Close::Link(dest) => self.close_link(&dest),
                }
                match stack.pop() {
                    Some((iter, close)) => {
                        current = iter;
                        current_close = close;
                        continue;
                    }
                    None => break,
                }
            };
            let open: Option<(&'i [Inline], Close<'i>)> = match inline {
                Inline::Text(text) => {
                    self.text(text);
                    None
                }
                Inline::LineBreak => {
                    self.pending_breaks += 1;
                    None
                }
                Inline::Code(code) => {
                    if self.flavor == Flavor::Text {
                        self.text(code);
                    } else if matches!(current.as_slice().first(), Some(Inline::Code(_))) {
                        // Adjacent code spans would print as one backtick run
                        // ("`a``b`") and break both; join them instead.
                        let mut joined = code.clone();
                        while let Some(Inline::Code(next)) = current.as_slice().first() {
                            joined.push_str(next);
                            current.next();
                        }
                        self.code_span(&joined);
                    } else {
                        self.code_span(code);
                    }
                    None
                }
                Inline::Emphasis(content) | Inline::Strong(content) => {
                    let strong = matches!(inline, Inline::Strong(_));
                    let close = if self.flavor == Flavor::Markdown && !self.inside(strong) {
                        self.emphasis.push(EmphasisFrame {
                            marker: if strong { "**" } else { "*" },
                            content_start: None,
                            strong,
                        });
                        Close::Emphasis
                    } else {
                        Close::Plain
                    };
                    Some((content.as_slice(), close))
                }
                Inline::Link { href, content } => {
                    let dest = self.link_destination(href, content);
                    let close = match dest {
                        Some(dest) => {
                            self.flush();
                            if self.out.len() > self.line_start && self.out.ends_with('!') {
                                // "!" before "[" would turn the link into an image.
                                self.out.pop();
                                self.out.push_str("\\!");
                            }
                            self.mark_content();
                            self.out.push('[');
                            self.link_depth += 1;
                            Close::Link(dest)
                        }
                        None => Close::Plain,
                    };
                    Some((content.as_slice(), close))
                }
                Inline::Image { src, alt } => {
                    self.image(src, alt);
                    None
                }
            };
            if let Some((content, close)) = open {
                let parent = std::mem::replace(&mut current, content.iter());
                let parent_close = std::mem::replace(&mut current_close, close);
                stack.push((parent, parent_close));
            }
        }
    }

    /// Whether an emphasis (or strong) frame of this kind is already open;
    /// nesting the same markers adds nothing and confuses parsers.
    fn inside(&self, strong: bool) -> bool {
        self.emphasis.iter().any(|f| f.strong == strong)
    }

    /// The destination to print for a link, or `None` when the link is shown
    /// as its text only.
    fn link_destination<'i>(&self, href: &'i str, content: &[Inline]) -> Option<Cow<'i, str>> {
        if self.flavor != Flavor::Markdown || !self.opts.links || self.link_depth > 0 {
            return None;
        }
        let dest = safe_url(href, UrlUse::Link)?;
        has_visible(content, self.opts.images).then_some(dest)
    }

    /// Prepare for a visible character: write what was held back and note
    /// where emphasis content starts.
    fn visible(&mut self) {
        self.flush();
        self.mark_content();
    }

    /// Write the held-back whitespace or line breaks, as something visible
    /// follows them. Nothing is written before the block's first visible
    /// character.
    fn flush(&mut self) {
        if self.has_content {
            if self.pending_breaks > 0 {
                self.line_break(self.pending_breaks);
            } else if !self.pending_ws.is_empty() {
                for c in self.pending_ws.chars() {
                    // A newline or tab inside text would end the line without
                    // its prefix; it was only ever a space.
                    self.out.push(if c.is_control() { ' ' } else { c });
                }
            }
        }
        self.pending_ws.clear();
        self.pending_breaks = 0;
    }

    /// Note that visible content starts here: for the block, and for open
    /// emphasis frames that have none yet.
    fn mark_content(&mut self) {
        self.has_content = true;
        for frame in self.emphasis.iter_mut().rev() {
            if frame.content_start.is_some() {
                break;
            }
            frame.content_start = Some(self.out.len());
        }
    }

    /// Write `count` consecutive line breaks: one is a line break, more are a
    /// paragraph break. One-line contexts get a space instead.
    fn line_break(&mut self, count: u32) {
        match (self.context, self.flavor) {
            (Context::Heading | Context::Cell, _) => self.out.push(' '),
            (Context::Flow, Flavor::Text) => {
                self.out.push_str(if count > 1 { "\n\n" } else { "\n" });
                if count > 1 {
                    self.last_paragraph_break = self.out.len();
                }
            }
            (Context::Flow, Flavor::Markdown) => {
                if count > 1 && self.link_depth == 0 {
                    self.out.push('\n');
                    self.out.push_str(self.prefix.trim_end());
                    self.out.push('\n');
                    self.out.push_str(&self.prefix);
                    self.last_paragraph_break = self.out.len();
                } else {
                    self.out.push_str("\\\n");
                    self.out.push_str(&self.prefix);
                }
            }
        }
        self.line_start = self.out.len();
    }

    /// Write text: whitespace at its edges is held back, the rest written
    /// (escaped in markdown). Whitespace inside it is written as it is, since
    /// something visible follows it on the same line.
    fn text(&mut self, text: &str) {
        let body = text.trim_start();
        let leading = &text[..text.len() - body.len()];
        let body = body.trim_end();
        let trailing = &text[leading.len() + body.len()..];
        self.pending_ws.push_str(leading);
        if body.is_empty() {
            self.pending_ws.push_str(trailing);
            return;
        }
        self.visible();
        match self.flavor {
            Flavor::Text => self.plain(body),
            Flavor::Markdown => self.escaped(body, trailing.is_empty()),
        }
        self.pending_ws.push_str(trailing);
    }

    /// Write text as it is, except that a newline or tab inside it becomes a
    /// space: the text's whitespace was collapsed, and a raw newline would end
    /// the line without its prefix.
    fn plain(&mut self, body: &str) {
        let mut done = 0;
        for (i, b) in body.bytes().enumerate() {
            if is_control_space(b) {
                self.out.push_str(&body[done..i]);
                self.out.push(' ');
                done = i + 1;
            }
        }
        self.out.push_str(&body[done..]);
    }

    /// Write text whose edges are not whitespace, escaping what markdown
    /// would read as syntax. `ends_segment` tells whether the text element
    /// ends here (an entity could then be completed by the next element).
    ///
    /// Only ASCII characters can be syntax, so the text is copied in chunks
    /// between the bytes that need a decision.
    fn escaped(&mut self, body: &str, ends_segment: bool) {
        let mut done = 0;
        for (i, b) in body.bytes().enumerate() {
            let escape = match b {
                // Emphasis, code, links, autolinks and raw HTML, table cells
                // (a pipe anywhere can make a table of the lines around it),
                // GFM strikethrough (which removes the tildes, and with them
                // the only thing separating two words).
                b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'<' | b'|' | b'~' => true,
                // ATX headings; in a heading, trailing #s would be eaten.
                b'#' => self.at_line_start(done, i) || self.context == Context::Heading,
                // Bullet lists, setext underlines and thematic breaks,
                // blockquotes.
                b'-' | b'+' | b'=' | b'>' => self.at_line_start(done, i),
                // Ordered lists: "1." or "1)" at the start of a line.
                b'.' | b')' => {
                    self.out.push_str(&body[done..i]);
                    done = i;
                    self.line_is_list_number()
                }
                b'&' => looks_like_entity(&body[i + 1..], ends_segment),
                b if is_control_space(b) => {
                    self.out.push_str(&body[done..i]);
                    self.out.push(' ');
                    done = i + 1;
                    continue;
                }
                _ => continue,
            };
            if escape {
                self.out.push_str(&body[done..i]);
                self.out.push('\\');
                done = i;
            }
        }
        self.out.push_str(&body[done..]);
    }

    /// Whether byte `i` of the text being escaped, of which bytes before
    /// `done` are already written, is the first thing on its line.
    fn at_line_start(&self, done: usize, i: usize) -> bool {
        i == done && self.out.len() == self.line_start
    }

    /// Whether the current line so far is 1 to 9 digits, which a following
    /// `.` or `)` would make an ordered-list marker.
    fn line_is_list_number(&self) -> bool {
        let line = &self.out.as_bytes()[self.line_start..];
        (1..=9).contains(&line.len()) && line.iter().all(u8::is_ascii_digit)
    }

    /// Write inline code as a markdown code span.
    fn code_span(&mut self, code: &str) {
        let code: Cow<'_, str> = if code.contains(['\n', '\r']) {
            Cow::Owned(code.replace(['\n', '\r'], " "))
        } else {
            Cow::Borrowed(code)
        };
        if code.trim().is_empty() {
            if !code.is_empty() {
                self.pending_ws.push(' ');
            }
            return;
        }
        self.flush();
        if (self.out.len() > self.line_start && self.out.ends_with('`'))
            || (self.link_depth > 0 && code.contains(']'))
        {
            // Our backticks would join the ones before into a longer run and
            // the span would not close; or, in link text, a `]` would end the
            // text early if the line is taken for a link reference
            // definition (code spans do not protect there). Keep the words,
            // drop the formatting.
            self.text(&code);
            return;
        }
        self.mark_content();
        let fence = longest_run(&code, '`') + 1;
        let pad = code.starts_with('`')
            || code.ends_with('`')
            || (code.starts_with(' ') && code.ends_with(' '));
        push_repeated(&mut self.out, '`', fence);
        if pad {
            self.out.push(' ');
        }
        if self.context == Context::Cell {
            // GFM splits table cells on unescaped pipes before it looks for
            // code spans, and removes the backslash again inside them.
            for c in code.chars() {
                if c == '|' {
                    self.out.push('\\');
                }
                self.out.push(c);
            }
        } else {
            self.out.push_str(&code);
        }
        if pad {
            self.out.push(' ');
        }
        push_repeated(&mut self.out, '`', fence);
    }

    /// Write an image when images are kept (markdown only).
    fn image(&mut self, src: &str, alt: &str) {
        if self.flavor != Flavor::Markdown || !self.opts.images {
            return;
        }
        let Some(src) = safe_url(src, UrlUse::Image) else {
            return;
        };
        self.visible();
        self.out.push_str("![");
        for (i, c) in alt.char_indices() {
            if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '|' | '~')
                || (c == '&' && looks_like_entity(&alt[i + 1..], true))
            {
                self.out.push('\\');
            }
            self.out.push(if c.is_control() { ' ' } else { c });
        }
        self.out.push_str("](");
        push_destination(&mut self.out, &src);
        self.out.push(')');
    }

    /// End a rendered link: `](destination)`. Whitespace held back stays
    /// held back, so it lands after the link.
    fn close_link(&mut self, dest: &str) {
        self.link_depth = self.link_depth.saturating_sub(1);
        self.out.push_str("](");
        push_destination(&mut self.out, dest);
        self.out.push(')');
    }

    /// End an emphasis: place its markers around its content when a
    /// CommonMark parser will read them as emphasis, else leave the content
    /// plain.
    ///
    /// CommonMark only opens `*` before a non-space and closes it after one;
    /// when the content starts (ends) with punctuation, the character outside
    /// must be whitespace or punctuation too. Markers touching other markers
    /// form one longer run with other rules, so they are avoided altogether.
    /// `parents` are the enclosing walk frames, used to see what comes next.
    fn close_emphasis(&mut self, parents: &[(Iter<'_, Inline>, Close<'_>)]) {
        let Some(frame) = self.emphasis.pop() else {
            return;
        };
        let Some(start) = frame.content_start else {
            return;
        };
        let content = &self.out[start..];
        let (Some(first), Some(last)) = (content.chars().next(), content.chars().next_back())
        else {
            return;
        };
        let before = self.out[..start].chars().next_back();
        let ok = first != '*'
            && !ends_with_unescaped(&self.out, '*')
            && !ends_with_unescaped(&self.out[..start], '*')
            && self.last_paragraph_break <= start
            && (!maybe_punctuation(first) || before.is_none_or(is_space_or_punctuation))
            && (!maybe_punctuation(last) || self.next_is_space_or_punctuation(parents));
        if !ok {
            return;
        }
        self.out.insert_str(start, frame.marker);
        self.out.push_str(frame.marker);
        if self.line_start > start {
            self.line_start += frame.marker.len();
        }
    }

    /// Whether the character that will follow the current position is
    /// whitespace, punctuation or the end of the block.
    fn next_is_space_or_punctuation(&self, parents: &[(Iter<'_, Inline>, Close<'_>)]) -> bool {
        if self.pending_breaks > 0 || !self.pending_ws.is_empty() {
            return true;
        }
        for (rest, close) in parents.iter().rev() {
            // Inside a link, links further on are nested ones, printed as
            // their text.
            let in_link = self.link_depth > 0;
            let links = self.opts.links && !in_link;
            if let Some(c) = first_visible(rest.as_slice(), links, self.opts.images, in_link) {
                return is_space_or_punctuation(c);
            }
            if matches!(close, Close::Link(_)) {
                return true; // "](" follows
            }
        }
        true
    }
}

/// Whether a byte is an ASCII whitespace control (tab, newline, vertical
/// tab, form feed, carriage return).
fn is_control_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Whether `s` ends with `c` not escaped by a backslash.
fn ends_with_unescaped(s: &str, c: char) -> bool {
    let Some(body) = s.strip_suffix(c) else {
        return false;
    };
    let backslashes = body.len() - body.trim_end_matches('\\').len();
    backslashes % 2 == 0
}

/// Whether a character might count as punctuation for CommonMark's emphasis
/// rules. Non-ASCII symbols are assumed to be: this is asked about the
/// content's own edges, where guessing "punctuation" only adds a condition.
fn maybe_punctuation(c: char) -> bool {
    c.is_ascii_punctuation() || (!c.is_ascii() && !c.is_alphanumeric() && !c.is_whitespace())
}

/// Whether a character surely counts as whitespace or punctuation for
/// CommonMark. Asked about the characters outside an emphasis, where a wrong
/// "yes" would print markers that do not parse; so only ASCII punctuation.
fn is_space_or_punctuation(c: char) -> bool {
    c.is_whitespace() || c.is_ascii_punctuation()
}

/// Whether `&` followed by `rest` could be read as an entity or numeric
/// character reference: a name or number ending in `;`, or one that runs to
/// the end of the text element (the next element could supply the `;`).
fn looks_like_entity(rest: &str, ends_segment: bool) -> bool {
    let name = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
        .count();
    (name > 0 && rest[name..].starts_with(';')) || (ends_segment && name == rest.len())
}

/// The length of the longest run of `c` in `s`.
pub(crate) fn longest_run(s: &str, c: char) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for ch in s.chars() {
        if ch == c {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    longest
}

/// Append `c` `n` times.
pub(crate) fn push_repeated(out: &mut String, c: char, n: usize) {
    out.extend(std::iter::repeat_n(c, n));
}

/// Append a link destination so that markdown reads it back unchanged:
/// characters that would end it or be taken as syntax are percent-encoded or
/// escaped.
fn push_destination(out: &mut String, url: &str) {
    for (i, c) in url.char_indices() {
        match c {
            ' ' => out.push_str("%20"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '|' => out.push_str("%7C"),
            '(' | ')' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '&' if looks_like_entity(&url[i + 1..], false) => out.push_str("\\&"),
            c if c.is_whitespace() || c.is_control() => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    // Writing into a String cannot fail.
                    let _ = write!(out, "%{b:02X}");
                }
            }
            c => out.push(c),
        }
    }
}

/// The first character markdown rendering of `inlines` would write, if any:
/// used to see what follows an emphasis. Emphasis markers are looked through
/// (a marker right after another is never written). `links` and `images`
/// tell whether those are printed as such; `in_link` whether the content is
/// inside link text, where code holding `]` is printed as text.
fn first_visible(inlines: &[Inline], links: bool, images: bool, in_link: bool) -> Option<char> {
    let mut stack: Vec<Iter<'_, Inline>> = Vec::new();
    let mut current = inlines.iter();
    loop {
        let Some(inline) = current.next() else {
            current = stack.pop()?;
            continue;
        };
        match inline {
            Inline::Text(text) => {
                if let Some(c) = text.chars().next() {
                    return Some(c);
                }
            }
            Inline::Code(code) if code.is_empty() => {}
            Inline::Code(code) => {
                if code.trim().is_empty() {
                    return Some(' ');
                }
                // Mirror the writer: adjacent code is joined, and in link text
                // code holding `]` is written as text.
                let joined_has_bracket = code.contains(']')
                    || current
                        .as_slice()
                        .iter()
                        .map_while(|i| match i {
                            Inline::Code(next) => Some(next),
                            _ => None,
                        })
                        .any(|next| next.contains(']'));
                return if in_link && joined_has_bracket {
                    code.chars().next()
                } else {
                    Some('`')
                };
            }
            Inline::LineBreak => return Some('\n'),
            Inline::Image { src, .. } => {
                if images && safe_url(src, UrlUse::Image).is_some() {
                    return Some('!');
                }
            }
            Inline::Link { href, content } => {
                if links && safe_url(href, UrlUse::Link).is_some() && has_visible(content, images) {
                    return Some('[');
                }
                stack.push(std::mem::replace(&mut current, content.iter()));
            }
            Inline::Emphasis(content) | Inline::Strong(content) => {
                stack.push(std::mem::replace(&mut current, content.iter()));
            }
        }
    }
}

/// Whether `inlines` hold anything visible: non-whitespace text or code, or
/// (when `images` are shown) an image with a usable source.
pub(crate) fn has_visible(inlines: &[Inline], images: bool) -> bool {
    let mut stack: Vec<Iter<'_, Inline>> = Vec::new();
    let mut current = inlines.iter();
    loop {
        let Some(inline) = current.next() else {
            match stack.pop() {
                Some(parent) => {
                    current = parent;
                    continue;
                }
                None => return false,
            }
        };
        match inline {
            Inline::Text(text) | Inline::Code(text) => {
                if !text.trim().is_empty() {
                    return true;
                }
            }
            Inline::Image { src, .. } => {
                if images && safe_url(src, UrlUse::Image).is_some() {
                    return true;
                }
            }
            Inline::LineBreak => {}
            Inline::Link { content, .. } | Inline::Emphasis(content) | Inline::Strong(content) => {
                stack.push(std::mem::replace(&mut current, content.iter()));
            }
        }
    }
}

/// The lines of a code block as they should be printed: line endings
/// normalised (a lone carriage return would end a markdown line without its
/// prefix), trailing whitespace removed, leading and trailing blank lines
/// dropped. Empty when the block holds only whitespace.
pub(crate) fn code_lines(code: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = code
        .split('\n')
        .flat_map(|line| line.strip_suffix('\r').unwrap_or(line).split('\r'))
        .map(str::trim_end)
        .skip_while(|line| line.is_empty())
        .collect();
    while lines.last().is_some_and(|line| line.is_empty()) {
        lines.pop();
    }
    lines
}
