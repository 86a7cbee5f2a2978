//! Parsing: decoded page text to a [`Document`], through html5ever.
//!
//! This module owns the bridge between html5ever's tree builder and our
//! arena ([`crate::dom`]). html5ever drives the HTML5 tree-construction
//! algorithm (implied tags, misnested formatting, foster parenting, ...) and
//! tells a `TreeSink` what to create and where to attach it; the sink below
//! only translates those calls into arena operations, with node ids as
//! handles.

use std::borrow::Cow;
use std::cell::{Ref, RefCell};

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{parse_document, Attribute, ParseOpts, QualName};

use crate::dom::{Attr, Document, NodeId, NodeKind};

/// Parse a whole HTML page. Never fails: HTML5 parsing recovers from any
/// input, so the worst case is an odd-looking tree.
pub fn parse_html(text: &str) -> Document {
    let sink = ArenaSink {
        doc: RefCell::new(Document::new()),
    };
    parse_document(sink, ParseOpts::default()).one(StrTendril::from(text))
}

/// The `TreeSink` that builds our arena. Handles are node ids.
struct ArenaSink {
    doc: RefCell<Document>,
}

fn attrs_of(attrs: Vec<Attribute>) -> Vec<Attr> {
    attrs
        .into_iter()
        .map(|a| Attr {
            name: a.name,
            value: Box::from(&*a.value),
        })
        .collect()
}

impl ArenaSink {
    /// Append text to `parent`, merging with its last child when that is
    /// text (the sink contract: no two adjacent text nodes).
    fn append_text(doc: &mut Document, parent: NodeId, text: &str) {
        if let Some(last) = doc.last_child(parent) {
            if let NodeKind::Text(t) = &mut doc.node_mut(last).kind {
                t.push_str(text);
                return;
            }
        }
        let id = doc.push(NodeKind::Text(text.to_string()));
        doc.append(parent, id);
    }
}

impl TreeSink for ArenaSink {
    type Handle = NodeId;
    type Output = Document;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Document {
        self.doc.into_inner()
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
        doc.push(NodeKind::Element {
            name,
            attrs: attrs_of(attrs),
            template_contents,
        })
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
                    if let NodeKind::Text(existing) = &mut doc.node_mut(prev).kind {
                        existing.push_str(&t);
                        return;
                    }
                }
                let id = doc.push(NodeKind::Text(t.to_string()));
                doc.insert_before(*sibling, id);
            }
        }
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        let mut doc = self.doc.borrow_mut();
        if let NodeKind::Element {
            attrs: existing, ..
        } = &mut doc.node_mut(*target).kind
        {
            for a in attrs {
                if !existing.iter().any(|e| e.name == a.name) {
                    existing.push(Attr {
                        name: a.name,
                        value: Box::from(&*a.value),
                    });
                }
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
        let html = "<div>".repeat(2_000) + "x";
        let doc = parse_html(&html);
        assert!(doc.len() > 1000);
        // html5ever caps the open-element depth; whatever shape comes out,
        // walking and dropping it must not recurse.
        assert_eq!(doc.text_content(Document::ROOT), "x");
    }
}
