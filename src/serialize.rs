//! HTML output of a [`Document`] (or part of one), through html5ever's
//! serializer.
//!
//! This module owns turning our arena back into markup. html5ever's
//! `HtmlSerializer` knows the escaping rules (attribute values, raw-text
//! elements such as `script`, void elements without end tags); we only walk
//! the tree and call it. The walk is a loop over an explicit stack, never
//! recursion, so a page nested 200,000 deep serialises like any other.
//!
//! Serialisation follows the HTML standard's fragment serialisation in one
//! point where html5ever's own reference DOM does not: a `<template>` is
//! written with its template contents (which our parser keeps apart from
//! its children, as the standard says).

use std::io;

use html5ever::serialize::{serialize, Serialize, SerializeOpts, Serializer, TraversalScope};

use crate::dom::{Document, NodeId, NodeKind};

/// A node of a [`Document`] in the form html5ever's serializer takes.
///
/// With [`TraversalScope::IncludeNode`] the node itself is written (for the
/// document node, that is the same as its children); with
/// [`TraversalScope::ChildrenOnly`] only its content.
#[derive(Debug, Clone, Copy)]
pub struct SerializableNode<'a> {
    doc: &'a Document,
    node: NodeId,
}

impl<'a> SerializableNode<'a> {
    /// Wrap `node` of `doc` for serialisation.
    pub fn new(doc: &'a Document, node: NodeId) -> SerializableNode<'a> {
        SerializableNode { doc, node }
    }
}

/// One element whose end tag is still to be written, and where its content
/// continues.
struct Frame {
    /// The element to close once its content is written (`None` for the
    /// starting point of a children-only walk).
    element: Option<NodeId>,
    /// The next child to write.
    next: Option<NodeId>,
}

impl SerializableNode<'_> {
    /// Where an element's content is: its template contents for a
    /// `<template>`, else its children.
    fn first_content(&self, id: NodeId) -> Option<NodeId> {
        match self.doc.kind(id) {
            NodeKind::Element {
                template_contents: Some(contents),
                ..
            } => self.doc.first_child(*contents),
            _ => self.doc.first_child(id),
        }
    }

    /// Write one node; returns a frame when it is an element whose content
    /// and end tag are still to come.
    fn open<S: Serializer>(&self, s: &mut S, id: NodeId) -> io::Result<Option<Frame>> {
        match self.doc.kind(id) {
            NodeKind::Element { name, .. } => {
                s.start_elem(name.clone(), self.doc.attrs(id).map(|a| (a.name, a.value)))?;
                return Ok(Some(Frame {
                    element: Some(id),
                    next: self.first_content(id),
                }));
            }
            // A document node only appears as the starting point; its
            // content is all there is to write.
            NodeKind::Document => {
                return Ok(Some(Frame {
                    element: None,
                    next: self.doc.first_child(id),
                }))
            }
            NodeKind::Doctype { name } => s.write_doctype(name)?,
            NodeKind::Text(span) => s.write_text(self.doc.span_text(*span))?,
            NodeKind::Comment(text) => s.write_comment(text)?,
            NodeKind::ProcessingInstruction { target, data } => {
                s.write_processing_instruction(target, data)?
            }
        }
        Ok(None)
    }
}

impl Serialize for SerializableNode<'_> {
    fn serialize<S>(&self, serializer: &mut S, traversal_scope: TraversalScope) -> io::Result<()>
    where
        S: Serializer,
    {
        let mut stack = Vec::new();
        match traversal_scope {
            TraversalScope::IncludeNode => stack.extend(self.open(serializer, self.node)?),
            TraversalScope::ChildrenOnly(_) => stack.push(Frame {
                element: None,
                next: self.first_content(self.node),
            }),
        }
        while let Some(frame) = stack.last_mut() {
            match frame.next {
                Some(child) => {
                    frame.next = self.doc.next_sibling(child);
                    stack.extend(self.open(serializer, child)?);
                }
                None => {
                    if let Some(element) = frame.element {
                        if let NodeKind::Element { name, .. } = self.doc.kind(element) {
                            serializer.end_elem(name.clone())?;
                        }
                    }
                    stack.pop();
                }
            }
        }
        Ok(())
    }
}

/// The markup of `node` itself: an element with its tags, a text node
/// escaped, the whole page for [`Document::ROOT`].
pub fn outer_html(doc: &Document, node: NodeId) -> String {
    to_string(doc, node, TraversalScope::IncludeNode)
}

/// The markup of `node`'s content (a template's contents for a
/// `<template>`), without the node's own tags.
pub fn inner_html(doc: &Document, node: NodeId) -> String {
    // Naming the parent lets the serializer leave `<script>` or `<style>`
    // content unescaped when `node` is one of those.
    let parent = match doc.kind(node) {
        NodeKind::Element { name, .. } => Some(name.clone()),
        _ => None,
    };
    to_string(doc, node, TraversalScope::ChildrenOnly(parent))
}

fn to_string(doc: &Document, node: NodeId, traversal_scope: TraversalScope) -> String {
    let mut out = Vec::new();
    let opts = SerializeOpts {
        traversal_scope: traversal_scope.clone(),
        ..SerializeOpts::default()
    };
    // Writing into a Vec cannot fail, and the walk above always closes what
    // it opens, so the serializer has no error to report.
    if serialize(&mut out, &SerializableNode::new(doc, node), opts).is_err() {
        out.clear();
    }
    // html5ever writes only the UTF-8 it was given plus ASCII markup.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_html;

    #[test]
    fn outer_and_inner_html() {
        let doc =
            parse_html("<p class=\"a&quot;b\">x &lt; y<br>z</p><script>if (a < b) {}</script>");
        let p = doc.find_tag("p").unwrap();
        assert_eq!(
            outer_html(&doc, p),
            "<p class=\"a&quot;b\">x &lt; y<br>z</p>"
        );
        assert_eq!(inner_html(&doc, p), "x &lt; y<br>z");
        let script = doc.find_tag("script").unwrap();
        assert_eq!(inner_html(&doc, script), "if (a < b) {}");
        let text = doc.first_child(p).unwrap();
        assert_eq!(outer_html(&doc, text), "x &lt; y");
        assert_eq!(
            outer_html(&doc, Document::ROOT),
            "<html><head></head><body><p class=\"a&quot;b\">x &lt; y<br>z</p>\
             <script>if (a < b) {}</script></body></html>"
        );
    }

    #[test]
    fn template_contents_are_written() {
        let doc = parse_html("<template><p>inside</p></template>");
        let template = doc.find_tag("template").unwrap();
        assert_eq!(doc.first_child(template), None);
        assert_eq!(
            outer_html(&doc, template),
            "<template><p>inside</p></template>"
        );
        assert_eq!(inner_html(&doc, template), "<p>inside</p>");
    }

    #[test]
    fn deep_trees_serialise_without_recursion() {
        // The parser caps nesting, so build the deep tree by hand.
        use html5ever::{local_name, ns, QualName};
        let mut doc = Document::new();
        let mut parent = Document::ROOT;
        for _ in 0..200_000 {
            let span = doc.push_element(QualName::new(None, ns!(html), local_name!("span")), None);
            doc.append(parent, span);
            parent = span;
        }
        let x = doc.push_text("x");
        doc.append(parent, x);
        let html = outer_html(&doc, Document::ROOT);
        assert_eq!(html.len(), 200_000 * "<span></span>".len() + 1);
        assert!(html.contains("<span><span>x</span></span>"));
    }
}
