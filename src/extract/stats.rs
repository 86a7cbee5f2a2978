//! Per-node text statistics, computed in one post-order pass.
//!
//! Every density test of the extractor (link density, share of the page's
//! paragraph text, comma counts) is a lookup in these tables instead of a
//! fresh walk over a subtree: computing `textContent` per candidate is what
//! makes other extractors quadratic on big pages.

use crate::dom::{is_block_tag, Document, Edge, NodeId, NodeSet};

/// Text measures of every node's subtree (the node included).
#[derive(Debug, Clone)]
pub(crate) struct Stats {
    /// Characters of text, whitespace runs counted as one.
    pub text: Vec<u32>,
    /// Characters of text inside `<a>` elements.
    pub link: Vec<u32>,
    /// Characters of text inside `<p>` (and `<pre>`) elements.
    pub para: Vec<u32>,
    /// Commas (Latin, Arabic, CJK) in the text.
    pub commas: Vec<u32>,
    /// Block-level elements below the node (the node itself excluded).
    pub blocks: Vec<u32>,
    /// Characters of the node's own inline content: text children and
    /// inline elements, not what sits in block children. Text written
    /// straight into a `<div>` between its blocks is a paragraph too.
    pub inline: Vec<u32>,
    /// Commas in that inline content.
    pub inline_commas: Vec<u32>,
    /// Fields a reader types into (`<textarea>`, text inputs) below the
    /// node: the mark of comment forms, newsletter boxes and login walls.
    pub fields: Vec<u32>,
    /// `<a>` elements below and at the node.
    pub anchors: Vec<u32>,
    /// Characters of text inside `<blockquote>` elements.
    pub quoted: Vec<u32>,
    /// `<img>` elements below and at the node.
    pub images: Vec<u32>,
    /// Tables, quotes and code (`table`, `blockquote`, `pre`, `code`) below
    /// and at the node: what makes a figure more than a picture.
    pub structured: Vec<u32>,
}

impl Stats {
    /// Measure every node below `root`, leaving out the subtrees whose roots
    /// are in `removed`.
    pub fn compute(doc: &Document, root: NodeId, removed: Option<&NodeSet>) -> Stats {
        Stats::compute_with(doc, root, removed, None)
    }

    /// [`Stats::compute`] with `removed`, taking the measures of text nodes
    /// from `raw` (the statistics of the whole page from the same `root`)
    /// instead of counting their characters again: a text node measures
    /// the same whatever is pruned around it.
    pub fn compute_pruned(doc: &Document, root: NodeId, removed: &NodeSet, raw: &Stats) -> Stats {
        Stats::compute_with(doc, root, Some(removed), Some(raw))
    }

    fn compute_with(
        doc: &Document,
        root: NodeId,
        removed: Option<&NodeSet>,
        measured: Option<&Stats>,
    ) -> Stats {
        let n = doc.len();
        let mut s = Stats {
            text: vec![0; n],
            link: vec![0; n],
            para: vec![0; n],
            commas: vec![0; n],
            blocks: vec![0; n],
            inline: vec![0; n],
            inline_commas: vec![0; n],
            fields: vec![0; n],
            anchors: vec![0; n],
            quoted: vec![0; n],
            images: vec![0; n],
            structured: vec![0; n],
        };
        let mut walk = doc.traverse(root);
        while let Some(edge) = walk.next() {
            match edge {
                Edge::Open(id) => {
                    if removed.is_some_and(|r| r.contains(id)) || is_code_container(doc.tag(id)) {
                        walk.skip_children(id);
                    } else if let Some(t) = doc.text(id) {
                        let (chars, commas) = match measured {
                            Some(m) => (m.text[id as usize], m.commas[id as usize]),
                            None => measure(t),
                        };
                        s.text[id as usize] = chars;
                        s.commas[id as usize] = commas;
                    }
                }
                Edge::Close(id) => {
                    if removed.is_some_and(|r| r.contains(id)) {
                        continue;
                    }
                    let i = id as usize;
                    // The tag is read once per node: turning the name's atom
                    // into a string is a large part of this loop's cost.
                    let tag = doc.tag(id);
                    if is_typing_field(doc, id, tag) {
                        s.fields[i] += 1;
                    }
                    match tag {
                        Some("a") => {
                            s.link[i] = s.text[i];
                            s.anchors[i] += 1;
                        }
                        Some("p") => s.para[i] = s.text[i],
                        Some("pre") => {
                            s.para[i] = s.text[i];
                            s.structured[i] += 1;
                        }
                        Some("blockquote") => {
                            s.quoted[i] = s.text[i];
                            s.structured[i] += 1;
                        }
                        Some("table") | Some("code") => s.structured[i] += 1,
                        Some("img") => s.images[i] += 1,
                        _ => {}
                    }
                    if id != root {
                        if let Some(p) = doc.parent(id) {
                            let p = p as usize;
                            s.text[p] += s.text[i];
                            s.link[p] += s.link[i];
                            s.para[p] += s.para[i];
                            s.commas[p] += s.commas[i];
                            s.fields[p] += s.fields[i];
                            s.anchors[p] += s.anchors[i];
                            s.quoted[p] += s.quoted[i];
                            s.images[p] += s.images[i];
                            s.structured[p] += s.structured[i];
                            let own = tag.is_some_and(is_block_tag);
                            s.blocks[p] += s.blocks[i] + own as u32;
                            if !own {
                                s.inline[p] += s.text[i];
                                s.inline_commas[p] += s.commas[i];
                            }
                        }
                    }
                }
            }
        }
        s
    }

    /// Share of the node's text that sits inside links (0 when empty).
    pub fn link_density(&self, id: NodeId) -> f64 {
        let t = self.text[id as usize];
        if t == 0 {
            0.0
        } else {
            (self.link[id as usize] as f64 / t as f64).min(1.0)
        }
    }
}

/// A field a reader types text into (`tag` is the element's).
fn is_typing_field(doc: &Document, id: NodeId, tag: Option<&str>) -> bool {
    match tag {
        Some("textarea") => true,
        Some("input") => matches!(
            doc.attr(id, "type")
                .map(|t| t.trim().to_ascii_lowercase())
                .as_deref(),
            None | Some("")
                | Some("text")
                | Some("email")
                | Some("password")
                | Some("url")
                | Some("tel")
        ),
        _ => false,
    }
}

/// Elements whose text is never shown as text: counting a script's source
/// as page text would make every measure of the page meaningless.
fn is_code_container(tag: Option<&str>) -> bool {
    matches!(
        tag,
        Some("script") | Some("style") | Some("noscript") | Some("template") | Some("svg")
    )
}

/// Characters (whitespace runs as one, leading whitespace dropped: a
/// trailing space still separates this text from the next node's) and
/// commas of a piece of text.
pub(crate) fn measure(t: &str) -> (u32, u32) {
    if t.is_ascii() {
        return measure_ascii(t.as_bytes());
    }
    let mut chars = 0u32;
    let mut commas = 0u32;
    let mut in_space = true;
    for c in t.chars() {
        if c.is_whitespace() {
            if !in_space {
                chars += 1;
                in_space = true;
            }
        } else {
            in_space = false;
            chars += 1;
            if matches!(c, ',' | '،' | '，' | '、' | '﹐' | '︐' | '､') {
                commas += 1;
            }
        }
    }
    (chars, commas)
}

/// [`measure`] of ASCII text, byte by byte: most text nodes are ASCII, and
/// for them decoding characters is wasted work.
fn measure_ascii(t: &[u8]) -> (u32, u32) {
    let mut chars = 0u32;
    let mut commas = 0u32;
    let mut in_space = true;
    for &b in t {
        // `char::is_whitespace` in ASCII: tab, line feed, vertical tab,
        // form feed, carriage return and space (not `u8::is_ascii_whitespace`,
        // which leaves out the vertical tab).
        if matches!(b, b'\t'..=b'\r' | b' ') {
            if !in_space {
                chars += 1;
                in_space = true;
            }
        } else {
            in_space = false;
            chars += 1;
            commas += u32::from(b == b',');
        }
    }
    (chars, commas)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_html;

    #[test]
    fn measures_subtrees() {
        let doc = parse_html("<div><p>Hello,  world <a>link</a></p><span>x</span></div>");
        let body = doc.body().expect("body");
        let s = Stats::compute(&doc, body, None);
        let div = doc.first_child(body).expect("div");
        assert_eq!(s.link[div as usize], 4);
        assert_eq!(s.commas[div as usize], 1);
        assert_eq!(s.para[div as usize], 17);
        assert_eq!(s.text[div as usize], 18);
    }

    #[test]
    fn measure_collapses_whitespace() {
        assert_eq!(measure("  a \n\t b  "), (4, 0));
        assert_eq!(measure(""), (0, 0));
        // The ASCII path counts as the character path does.
        for t in [
            "a,b , c\x0b\x0cd\r\n",
            " \t x,,y\x1c z ",
            "a\u{a0}b, c\u{3001}d ",
        ] {
            let slow = {
                let mut chars = 0u32;
                let mut commas = 0u32;
                let mut in_space = true;
                for c in t.chars() {
                    if c.is_whitespace() {
                        chars += u32::from(!in_space);
                        in_space = true;
                    } else {
                        in_space = false;
                        chars += 1;
                        commas += u32::from(matches!(c, ',' | '\u{3001}'));
                    }
                }
                (chars, commas)
            };
            assert_eq!(measure(t), slow, "{t:?}");
        }
    }
}
