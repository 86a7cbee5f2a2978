//! The HTML form of an article (documented on [`super::html`]).
//!
//! Safety comes from construction, not from filtering: every element and
//! attribute written here is one of a fixed set, every piece of article text
//! and every attribute value goes through [`escape`], and URLs go through
//! [`safe_url`]. Nothing from the page is ever copied as markup.

use std::slice::Iter;

use super::markdown::is_language_char;
use super::HtmlOptions;
use crate::article::{Article, Block, BlockKind, Inline, TableRow};
use crate::layout::estimate;
use crate::layout::flow::{code_lines, has_visible};
use crate::layout::url::{safe_url, UrlUse};

/// Render `article` as HTML.
pub(super) fn render(article: &Article, opts: &HtmlOptions) -> String {
    let mut out = String::with_capacity(estimate(article) * 3 / 2);
    let mut open_quotes: u8 = 0;
    // The lists open around the current position, outermost first, each with
    // an `<li>` open: `true` for `<ol>`.
    let mut open_lists: Vec<bool> = Vec::new();
    for block in &article.blocks {
        if !is_visible(block, opts.images) {
            continue;
        }
        let item = match block.kind {
            BlockKind::ListItem {
                ordered,
                depth,
                number,
            } => Some((ordered, depth, number)),
            _ => None,
        };
        if item.is_none() || block.quote_depth != open_quotes {
            close_lists(&mut out, &mut open_lists, 0);
        }
        while open_quotes > block.quote_depth {
            out.push_str("</blockquote>\n");
            open_quotes -= 1;
        }
        while open_quotes < block.quote_depth {
            out.push_str("<blockquote>\n");
            open_quotes += 1;
        }
        match &block.kind {
            BlockKind::Paragraph => {
                out.push_str("<p>");
                inlines(&mut out, &block.content, opts);
                out.push_str("</p>\n");
            }
            BlockKind::Heading { level } => {
                let tag =
                    ["h1", "h2", "h3", "h4", "h5", "h6"][usize::from((*level).clamp(1, 6)) - 1];
                push_tag(&mut out, tag, false);
                inlines(&mut out, &block.content, opts);
                push_tag(&mut out, tag, true);
                out.push('\n');
            }
            BlockKind::ListItem { .. } => {
                if let Some((ordered, depth, number)) = item {
                    list_item(&mut out, &mut open_lists, ordered, depth, number);
                }
                inlines(&mut out, &block.content, opts);
            }
            BlockKind::Table { rows } => table(&mut out, rows, opts),
            BlockKind::Code { lang, text } => {
                out.push_str("<pre><code");
                let lang: String = lang
                    .as_deref()
                    .unwrap_or("")
                    .chars()
                    .filter(|&c| is_language_char(c))
                    .collect();
                if !lang.is_empty() {
                    out.push_str(" class=\"language-");
                    escape(&mut out, &lang);
                    out.push('"');
                }
                out.push('>');
                for (i, line) in code_lines(text).iter().enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    escape(&mut out, line);
                }
                out.push_str("</code></pre>\n");
            }
        }
    }
    close_lists(&mut out, &mut open_lists, 0);
    for _ in 0..open_quotes {
        out.push_str("</blockquote>\n");
    }
    out
}

/// Whether a block shows anything; empty blocks are left out, as in the
/// other formats.
fn is_visible(block: &Block, images: bool) -> bool {
    match &block.kind {
        BlockKind::Table { rows } => rows.iter().any(|row| row_is_visible(row, images)),
        BlockKind::Code { text, .. } => !text.trim().is_empty(),
        _ => has_visible(&block.content, images),
    }
}

/// Whether any cell of a row shows anything.
fn row_is_visible(row: &TableRow, images: bool) -> bool {
    row.cells.iter().any(|cell| has_visible(cell, images))
}

/// Open the `<li>` of a list item, closing and opening lists so that the
/// item sits at its depth. A depth more than one below the current list is
/// taken as one below it (the parent item is missing).
fn list_item(out: &mut String, open_lists: &mut Vec<bool>, ordered: bool, depth: u8, number: u32) {
    let level = usize::from(depth).min(open_lists.len());
    close_lists(out, open_lists, level + 1);
    if open_lists.len() == level + 1 {
        if open_lists[level] == ordered {
            out.push_str("</li>\n<li>");
            return;
        }
        close_lists(out, open_lists, level);
    }
    if ordered {
        out.push_str("<ol");
        if number != 1 {
            out.push_str(" start=\"");
            out.push_str(&number.to_string());
            out.push('"');
        }
        out.push_str(">\n<li>");
    } else {
        out.push_str("<ul>\n<li>");
    }
    open_lists.push(ordered);
}

/// Close open lists (and their open items) until `keep` remain.
fn close_lists(out: &mut String, open_lists: &mut Vec<bool>, keep: usize) {
    while open_lists.len() > keep {
        let ordered = open_lists.pop().unwrap_or(false);
        out.push_str(if ordered {
            "</li>\n</ol>\n"
        } else {
            "</li>\n</ul>\n"
        });
    }
}

/// Write a table: leading header rows in `<thead>`, the rest in `<tbody>`
/// (a header row further down keeps its `<th>` cells). Rows without any text
/// are left out.
fn table(out: &mut String, rows: &[TableRow], opts: &HtmlOptions) {
    out.push_str("<table>\n");
    let mut rows = rows
        .iter()
        .filter(|row| row_is_visible(row, opts.images))
        .peekable();
    if rows.peek().is_some_and(|row| row.header) {
        out.push_str("<thead>\n");
        while let Some(row) = rows.next_if(|row| row.header) {
            table_row(out, row, opts);
        }
        out.push_str("</thead>\n");
    }
    if rows.peek().is_some() {
        out.push_str("<tbody>\n");
        for row in rows {
            table_row(out, row, opts);
        }
        out.push_str("</tbody>\n");
    }
    out.push_str("</table>\n");
}

/// Write one `<tr>`.
fn table_row(out: &mut String, row: &TableRow, opts: &HtmlOptions) {
    let tag = if row.header { "th" } else { "td" };
    out.push_str("<tr>");
    for cell in &row.cells {
        push_tag(out, tag, false);
        inlines(out, cell, opts);
        push_tag(out, tag, true);
    }
    out.push_str("</tr>\n");
}

/// Append `<tag>` or `</tag>`.
fn push_tag(out: &mut String, tag: &str, closing: bool) {
    out.push_str(if closing { "</" } else { "<" });
    out.push_str(tag);
    out.push('>');
}

/// Write inline content, walking nested elements with an explicit stack.
/// Line breaks at the very start or end are left out, as in the other
/// formats: they only add empty lines to the block.
fn inlines(out: &mut String, inlines: &[Inline], opts: &HtmlOptions) {
    let start = inlines
        .iter()
        .position(|i| *i != Inline::LineBreak)
        .unwrap_or(inlines.len());
    let end = inlines
        .iter()
        .rposition(|i| *i != Inline::LineBreak)
        .map_or(start, |last| last + 1);
    let inlines = &inlines[start..end];
    // Each frame: the rest of a sibling list and the end tag to write after it.
    let mut stack: Vec<(Iter<'_, Inline>, &'static str)> = Vec::new();
    let mut current = inlines.iter();
    let mut current_end = "";
    let mut link_depth = 0u32;
    loop {
        let Some(inline) = current.next() else {
            if current_end == "</a>" {
                link_depth -= 1;
            }
            out.push_str(current_end);
            match stack.pop() {
                Some((iter, end)) => {
                    current = iter;
                    current_end = end;
                    continue;
                }
                None => break,
            }
        };
        let open: Option<(&[Inline], &'static str)> = match inline {
            Inline::Text(text) => {
                escape(out, text);
                None
            }
            Inline::LineBreak => {
                out.push_str("<br>");
                None
            }
            Inline::Code(code) => {
                out.push_str("<code>");
                escape(out, code);
                out.push_str("</code>");
                None
            }
            Inline::Emphasis(content) => {
                out.push_str("<em>");
                Some((content, "</em>"))
            }
            Inline::Strong(content) => {
                out.push_str("<strong>");
                Some((content, "</strong>"))
            }
            Inline::Link { href, content } => {
                let url = if opts.links && link_depth == 0 {
                    safe_url(href, UrlUse::Link)
                } else {
                    None
                };
                match url {
                    Some(url) => {
                        out.push_str("<a href=\"");
                        escape(out, &url);
                        out.push_str("\">");
                        link_depth += 1;
                        Some((content, "</a>"))
                    }
                    None => Some((content, "")),
                }
            }
            Inline::Image { src, alt } => {
                if opts.images {
                    if let Some(src) = safe_url(src, UrlUse::Image) {
                        out.push_str("<img src=\"");
                        escape(out, &src);
                        out.push_str("\" alt=\"");
                        escape(out, alt);
                        out.push_str("\">");
                    }
                }
                None
            }
        };
        if let Some((content, end)) = open {
            stack.push((std::mem::replace(&mut current, content.iter()), current_end));
            current_end = end;
        }
    }
}

/// Append `text` escaped for use as HTML text or a quoted attribute value.
/// Control characters other than tab and newline, which HTML does not allow,
/// are dropped.
fn escape(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(i) =
        rest.find(|c: char| matches!(c, '&' | '<' | '>' | '"' | '\'') || c.is_control())
    {
        out.push_str(&rest[..i]);
        let c = rest[i..].chars().next().unwrap_or(' ');
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            _ => {}
        }
        rest = &rest[i + c.len_utf8()..];
    }
    out.push_str(rest);
}
