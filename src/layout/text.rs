//! The plain-text layout of an article (documented on
//! [`crate::render::text`]).

use super::flow::{code_lines, Context, Flavor, FlowWriter};
use super::RenderOptions;
use crate::article::{Article, BlockKind, TableRow};

/// Render `article` as plain text.
pub(super) fn render(article: &Article) -> String {
    let mut w = FlowWriter::new(Flavor::Text, RenderOptions::default(), estimate(article));
    // Whether the previous written block was a list item; `None` before the
    // first written block.
    let mut previous_was_item: Option<bool> = None;
    for block in &article.blocks {
        let mark = w.out.len();
        let is_item = matches!(block.kind, BlockKind::ListItem { .. });
        match previous_was_item {
            Some(true) if is_item => w.out.push('\n'),
            Some(_) => w.out.push_str("\n\n"),
            None => {}
        }
        let written = match &block.kind {
            BlockKind::Paragraph | BlockKind::ListItem { .. } => {
                w.start(Context::Flow);
                w.inlines(&block.content);
                w.finish()
            }
            BlockKind::Heading { .. } => {
                w.start(Context::Heading);
                w.inlines(&block.content);
                w.finish()
            }
            BlockKind::Table { rows } => table(&mut w, rows),
            BlockKind::Code { text, .. } => {
                let lines = code_lines(text);
                for (i, line) in lines.iter().enumerate() {
                    if i > 0 {
                        w.out.push('\n');
                    }
                    w.out.push_str(line);
                }
                !lines.is_empty()
            }
        };
        if written {
            previous_was_item = Some(is_item);
        } else {
            w.out.truncate(mark);
        }
    }
    w.out
}

/// Write a table: one line per row, cells separated by a tab; rows without
/// any text are left out. Returns whether any row was written.
fn table(w: &mut FlowWriter, rows: &[TableRow]) -> bool {
    let mut any = false;
    for row in rows {
        let mark = w.out.len();
        if any {
            w.out.push('\n');
        }
        let mut row_has_text = false;
        for (i, cell) in row.cells.iter().enumerate() {
            if i > 0 {
                w.out.push('\t');
            }
            w.start(Context::Cell);
            w.inlines(cell);
            row_has_text |= w.finish();
        }
        if row_has_text {
            let kept = w.out.trim_end().len();
            w.out.truncate(kept);
            any = true;
        } else {
            w.out.truncate(mark);
        }
    }
    any
}

/// A guess at the output size, so the output is allocated once in the
/// common case.
pub(crate) fn estimate(article: &Article) -> usize {
    use crate::article::Inline;
    let inline_len = |inlines: &[Inline]| -> usize {
        inlines
            .iter()
            .map(|i| match i {
                Inline::Text(t) | Inline::Code(t) => t.len(),
                // Nested content and URLs: a rough allowance.
                _ => 64,
            })
            .sum()
    };
    article
        .blocks
        .iter()
        .map(|b| {
            2 + match &b.kind {
                BlockKind::Code { text, .. } => text.len(),
                BlockKind::Table { rows } => rows
                    .iter()
                    .flat_map(|r| &r.cells)
                    .map(|c| inline_len(c) + 1)
                    .sum(),
                _ => inline_len(&b.content),
            }
        })
        .sum()
}
