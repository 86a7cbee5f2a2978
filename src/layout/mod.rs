//! Laying an [`Article`] out as lines of text: the part of rendering that
//! extraction needs too.
//!
//! The record's `text` and the text of each reader comment share one layout
//! (blank lines between blocks, whitespace only where the page has it), so
//! comment extraction ([`crate::extract`]) and the renderers
//! ([`crate::render`]) both build on this module, and extraction never calls
//! into the renderers. It owns:
//!
//! - `flow`: the inline writer that plain text and markdown share
//!   (whitespace held back until something visible follows, markdown
//!   escaping and emphasis placement);
//! - `text`: the plain-text layout, documented on [`crate::render::text`];
//! - `url`: which link and image URLs may be printed at all;
//! - [`RenderOptions`], re-exported by [`crate::render`].

pub(crate) mod flow;
mod text;
pub(crate) mod url;

use crate::article::Article;

pub(crate) use text::estimate;

/// What to keep besides the words when rendering markdown or HTML.
///
/// The default keeps neither links nor images: the plain words and the
/// block structure only.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// Keep hyperlinks (`[text](url)`, `<a href>`); without this only the
    /// link text is printed.
    pub links: bool,
    /// Keep images (`![alt](src)`, `<img>`); without this they are left out,
    /// alt text included.
    pub images: bool,
}

/// The article as plain text, in the record's layout (see
/// [`crate::render::text`]).
pub(crate) fn text(article: &Article) -> String {
    text::render(article)
}
