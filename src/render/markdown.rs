//! The markdown layout of an article (documented on [`super::markdown`]):
//! block structure, quote markers, list indentation, fences and tables; the
//! inline content and its escaping are `crate::layout::flow`'s.

use super::MarkdownOptions;
use crate::article::{Article, BlockKind, TableRow};
use crate::layout::estimate;
use crate::layout::flow::{
    code_lines, has_visible, longest_run, push_repeated, Context, Flavor, FlowWriter,
};

/// The largest list number CommonMark accepts (nine digits).
const MAX_LIST_NUMBER: u32 = 999_999_999;

/// What the block written before the current one was, for the separator.
#[derive(Clone, Copy)]
struct Previous {
    quote_depth: u8,
    list_item: bool,
}

/// Render `article` as markdown.
pub(super) fn render(article: &Article, opts: &MarkdownOptions) -> String {
    let mut w = FlowWriter::new(
        Flavor::Markdown,
        *opts,
        estimate(article) + estimate(article) / 4,
    );
    let mut previous: Option<Previous> = None;
    // The lists of the current run of list items, one per depth: the
    // content width of the last item's marker (a nested item is indented to
    // its parent's content column) and whether the list is ordered.
    let mut lists: Vec<(usize, bool)> = Vec::new();
    for block in &article.blocks {
        let mark = w.out.len();
        let depth = block.quote_depth;
        let continues_run = matches!(block.kind, BlockKind::ListItem { .. })
            && previous.is_some_and(|p| p.list_item && p.quote_depth == depth);
        let known_levels = if continues_run { lists.len() } else { 0 };
        // An ordered list that does not start at 1 cannot interrupt a
        // paragraph in CommonMark: right after another item's text it would
        // be read as more of that text. A blank line before it avoids that.
        let tight = match block.kind {
            BlockKind::ListItem {
                ordered,
                depth: item_depth,
                number,
            } => {
                let level = usize::from(item_depth).min(known_levels);
                let continues_list = lists.get(level).is_some_and(|&(_, o)| o == ordered);
                continues_run && (continues_list || !ordered || number == 1)
            }
            _ => false,
        };
        if let Some(p) = previous {
            if tight {
                w.out.push('\n');
            } else {
                // The blank line keeps the quote level both blocks share, so
                // quoted blocks stay in one quote.
                w.out.push('\n');
                push_quote(&mut w.out, p.quote_depth.min(depth));
                let blank = w.out.trim_end_matches(' ').len();
                w.out.truncate(blank);
                w.out.push('\n');
            }
        }
        let written = match &block.kind {
            BlockKind::Paragraph => {
                push_quote(&mut w.out, depth);
                set_prefix(&mut w, depth, 0);
                w.start(Context::Flow);
                w.inlines(&block.content);
                w.finish()
            }
            BlockKind::Heading { level } => {
                push_quote(&mut w.out, depth);
                push_repeated(&mut w.out, '#', usize::from((*level).clamp(1, 6)));
                w.out.push(' ');
                set_prefix(&mut w, depth, 0);
                w.start(Context::Heading);
                w.inlines(&block.content);
                w.finish()
            }
            BlockKind::ListItem {
                ordered,
                depth: item_depth,
                number,
            } => {
                let level = usize::from(*item_depth).min(known_levels);
                let indent: usize = lists[..level].iter().map(|&(width, _)| width).sum();
                push_quote(&mut w.out, depth);
                push_repeated(&mut w.out, ' ', indent);
                let marker_start = w.out.len();
                if *ordered {
                    w.out.push_str(&number.min(&MAX_LIST_NUMBER).to_string());
                    w.out.push_str(". ");
                } else {
                    w.out.push_str("- ");
                }
                let width = w.out.len() - marker_start;
                set_prefix(&mut w, depth, indent + width);
                w.start(Context::Flow);
                w.inlines(&block.content);
                let written = w.finish();
                if written {
                    lists.truncate(level);
                    lists.push((width, *ordered));
                }
                written
            }
            BlockKind::Table { rows } => table(&mut w, rows, depth, opts.images),
            BlockKind::Code { lang, text } => code(&mut w.out, lang.as_deref(), text, depth),
        };
        if written {
            if !matches!(block.kind, BlockKind::ListItem { .. }) {
                lists.clear();
            }
            previous = Some(Previous {
                quote_depth: depth,
                list_item: matches!(block.kind, BlockKind::ListItem { .. }),
            });
        } else {
            w.out.truncate(mark);
        }
    }
    w.out
}

/// Append the quote markers of `depth` levels.
fn push_quote(out: &mut String, depth: u8) {
    for _ in 0..depth {
        out.push_str("> ");
    }
}

/// Set what each further line of the block starts with: its quote markers,
/// then `indent` spaces.
fn set_prefix(w: &mut FlowWriter, quote_depth: u8, indent: usize) {
    w.prefix.clear();
    push_quote(&mut w.prefix, quote_depth);
    push_repeated(&mut w.prefix, ' ', indent);
}

/// Write a fenced code block. The fence is longer than any backtick run in
/// the code, so no line of it can close the fence. Returns whether anything
/// was written.
fn code(out: &mut String, lang: Option<&str>, text: &str, depth: u8) -> bool {
    let lines = code_lines(text);
    if lines.is_empty() {
        return false;
    }
    let fence = lines
        .iter()
        .map(|l| longest_run(l, '`'))
        .max()
        .unwrap_or(0)
        .max(2)
        + 1;
    push_quote(out, depth);
    push_repeated(out, '`', fence);
    if let Some(lang) = lang {
        out.extend(lang.chars().filter(|&c| is_language_char(c)));
    }
    for line in &lines {
        out.push('\n');
        push_quote(out, depth);
        if line.is_empty() {
            let blank = out.trim_end_matches(' ').len();
            out.truncate(blank);
        }
        out.push_str(line);
    }
    out.push('\n');
    push_quote(out, depth);
    push_repeated(out, '`', fence);
    true
}

/// Characters kept from a code block's language name: enough for names like
/// `c++`, `c#` or `objective-c`, and nothing a fence's info string or an
/// HTML class would read differently.
pub(super) fn is_language_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '_' | '.' | '#')
}

/// Write a GFM table. GFM needs a header row: the first row with text is
/// used. Rows are padded to the widest row, since GFM drops cells beyond the
/// header's count. Rows without any text are left out. Returns whether
/// anything was written.
fn table(w: &mut FlowWriter, rows: &[TableRow], depth: u8, images: bool) -> bool {
    let kept: Vec<&TableRow> = rows
        .iter()
        .filter(|row| row.cells.iter().any(|cell| has_visible(cell, images)))
        .collect();
    let columns = kept.iter().map(|row| row.cells.len()).max().unwrap_or(0);
    if columns == 0 {
        return false;
    }
    for (i, row) in kept.iter().enumerate() {
        if i > 0 {
            w.out.push('\n');
        }
        push_quote(&mut w.out, depth);
        w.out.push('|');
        for c in 0..columns {
            w.out.push(' ');
            if let Some(cell) = row.cells.get(c) {
                w.start(Context::Cell);
                w.inlines(cell);
                w.finish();
            }
            w.out.push_str(" |");
        }
        if i == 0 {
            w.out.push('\n');
            push_quote(&mut w.out, depth);
            w.out.push('|');
            for _ in 0..columns {
                w.out.push_str(" --- |");
            }
        }
    }
    true
}
