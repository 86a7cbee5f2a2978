//! Output: records in one of the [`Format`]s, streamed in input order.
//!
//! The writer buffers (one `write` per many records when output is fast) and
//! is flushed by the pipeline whenever it waits for a worker, so a reader
//! downstream sees each record soon after it is done, not only when a buffer
//! fills. Nothing is held back beyond that buffer, whatever the format: a
//! JSON array is written as it goes (`[`, records joined by `,`, `]` at
//! [`RecordWriter::finish`]), so memory stays bounded on any number of pages.
//! Errors (including a closed pipe) are returned, never panicked on: the
//! caller decides that a closed pipe ends the run quietly.

use std::io::{self, BufWriter, Write};

use crate::Record;

/// Buffer size: large enough that a fast run makes few system calls, small
/// enough not to matter for memory.
const BUFFER_BYTES: usize = 64 * 1024;

/// The line that separates pages in the text and markdown formats: a form
/// feed alone, which neither format ever writes as a line of an article.
pub const PAGE_SEPARATOR: &str = "\u{c}";

/// How records are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per line (JSON Lines).
    #[default]
    Jsonl,
    /// One JSON array holding every record.
    Json,
    /// The article text of each page, pages separated by a form-feed line.
    Text,
    /// The article of each page as markdown, pages separated by a
    /// form-feed line.
    Markdown,
}

/// Writes [`Record`]s in a [`Format`].
///
/// Call [`RecordWriter::finish`] at the end of a run: the JSON format closes
/// its array there (and writes `[]` when there were no records).
pub struct RecordWriter<W: Write> {
    out: BufWriter<W>,
    format: Format,
    /// Records written so far.
    records: u64,
    /// The JSON array has been closed.
    finished: bool,
    /// Something was written since the last flush.
    dirty: bool,
}

impl<W: Write> RecordWriter<W> {
    /// A JSON Lines writer over `out` (typically a locked stdout).
    pub fn new(out: W) -> RecordWriter<W> {
        RecordWriter::with_format(out, Format::Jsonl)
    }

    /// A writer over `out` that writes `format`.
    pub fn with_format(out: W, format: Format) -> RecordWriter<W> {
        RecordWriter {
            out: BufWriter::with_capacity(BUFFER_BYTES, out),
            format,
            records: 0,
            finished: false,
            dirty: false,
        }
    }

    /// Write one record.
    ///
    /// In the text and markdown formats a page contributes its article (an
    /// error record, whose text is empty, contributes nothing) followed by a
    /// newline, and every page after the first is preceded by the separator
    /// line, so page *n* is what lies between the *n*-1th and *n*th
    /// separator whatever failed. The markdown format prints
    /// [`Record::markdown`], so the records must have been extracted with
    /// [`crate::Options::markdown`] on (a record without it prints as empty).
    pub fn write(&mut self, record: &Record) -> io::Result<()> {
        let first = self.records == 0;
        match self.format {
            Format::Jsonl => {
                serde_json::to_writer(&mut self.out, record).map_err(io::Error::from)?;
                self.out.write_all(b"\n")?;
            }
            Format::Json => {
                self.out.write_all(if first { b"[\n" } else { b",\n" })?;
                serde_json::to_writer(&mut self.out, record).map_err(io::Error::from)?;
            }
            Format::Text | Format::Markdown => {
                if !first {
                    self.out.write_all(PAGE_SEPARATOR.as_bytes())?;
                    self.out.write_all(b"\n")?;
                }
                let body = match self.format {
                    Format::Markdown => record.markdown.as_deref().unwrap_or(""),
                    _ => &record.text,
                };
                write_page(&mut self.out, body)?;
            }
        }
        self.records += 1;
        self.dirty = true;
        Ok(())
    }

    /// Push buffered records to the underlying writer, if there are any.
    pub fn flush(&mut self) -> io::Result<()> {
        if self.dirty {
            self.out.flush()?;
            self.dirty = false;
        }
        Ok(())
    }

    /// End the output: close the JSON array (once), then flush. Call it
    /// after the last record, also when the run failed part way, so the
    /// output stays valid JSON.
    pub fn finish(&mut self) -> io::Result<()> {
        if self.format == Format::Json && !self.finished {
            self.finished = true;
            self.out
                .write_all(if self.records == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()?;
        self.dirty = false;
        Ok(())
    }

    /// The underlying writer, after [`RecordWriter::finish`].
    pub fn into_inner(mut self) -> io::Result<W> {
        self.finish()?;
        self.out.into_inner().map_err(|e| e.into_error())
    }
}

/// Write one page's text for the text and markdown formats: without its
/// trailing newlines, then one newline; nothing for an empty page. A line
/// holding only a form feed would read as a page separator, so such a line
/// (which the renderers do not produce, as they trim lines) is written
/// empty.
fn write_page(out: &mut impl Write, body: &str) -> io::Result<()> {
    let body = body.trim_end_matches(['\n', '\r']);
    if body.is_empty() {
        return Ok(());
    }
    if body.contains(PAGE_SEPARATOR) {
        for line in body.split('\n') {
            if line.trim_end_matches('\r') != PAGE_SEPARATOR {
                out.write_all(line.as_bytes())?;
            }
            out.write_all(b"\n")?;
        }
        return Ok(());
    }
    out.write_all(body.as_bytes())?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_json_object_per_line() {
        let mut writer = RecordWriter::new(Vec::new());
        let first = Record {
            source: "a.html".into(),
            text: "line one\nline two".into(),
            ..Record::default()
        };
        let second = Record {
            source: "b.html".into(),
            error: Some("cannot read".into()),
            ..Record::default()
        };
        writer.write(&first).unwrap();
        writer.write(&second).unwrap();
        let bytes = writer.into_inner().unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        let parsed: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
        assert_eq!(parsed["source"], "a.html");
        assert_eq!(parsed["text"], "line one\nline two");
        assert!(parsed["error"].is_null());
        let parsed: serde_json::Value = serde_json::from_str(lines[1]).unwrap();
        assert_eq!(parsed["error"], "cannot read");
    }

    /// A writer that refuses everything, like a pipe whose reader left.
    struct ClosedPipe;

    impl Write for ClosedPipe {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::from(io::ErrorKind::BrokenPipe))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn closed_pipe_is_an_error_not_a_panic() {
        let mut writer = RecordWriter::new(ClosedPipe);
        writer.write(&Record::default()).unwrap(); // buffered
        let error = writer.flush().unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::BrokenPipe);
    }

    fn written(format: Format, records: &[Record]) -> String {
        let mut writer = RecordWriter::with_format(Vec::new(), format);
        for record in records {
            writer.write(record).unwrap();
        }
        String::from_utf8(writer.into_inner().unwrap()).unwrap()
    }

    fn page(source: &str, text: &str, markdown: Option<&str>) -> Record {
        Record {
            source: source.into(),
            text: text.into(),
            markdown: markdown.map(str::to_owned),
            ..Record::default()
        }
    }

    #[test]
    fn json_is_one_array_however_many_records() {
        assert_eq!(written(Format::Json, &[]), "[]\n");
        let parsed: Vec<serde_json::Value> =
            serde_json::from_str(&written(Format::Json, &[])).unwrap();
        assert!(parsed.is_empty());
        let records = [page("a", "one", None), page("b", "two", Some("*two*"))];
        let out = written(Format::Json, &records);
        let parsed: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[0]["source"], "a");
        assert!(parsed[0].get("markdown").is_none(), "absent when not asked");
        assert_eq!(parsed[1]["markdown"], "*two*");
        assert!(
            out.starts_with("[\n{") && out.ends_with("}\n]\n"),
            "{out:?}"
        );
    }

    #[test]
    fn finish_closes_the_array_once() {
        let mut writer = RecordWriter::with_format(Vec::new(), Format::Json);
        writer.write(&page("a", "x", None)).unwrap();
        writer.finish().unwrap();
        writer.finish().unwrap();
        let out = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        assert_eq!(out.lines().filter(|l| *l == "]").count(), 1, "{out:?}");
        serde_json::from_str::<serde_json::Value>(&out).unwrap();
    }

    #[test]
    fn text_pages_are_separated_by_a_form_feed_line() {
        let records = [
            page("a", "first page\n\nsecond paragraph", None),
            Record {
                error: Some("cannot read".into()),
                ..page("b", "", None)
            },
            page("c", "", None),
            page("d", "last\n", None),
        ];
        assert_eq!(
            written(Format::Text, &records),
            "first page\n\nsecond paragraph\n\u{c}\n\u{c}\n\u{c}\nlast\n"
        );
        assert_eq!(written(Format::Text, &[]), "");
        assert_eq!(written(Format::Text, &records[1..2]), "");
    }

    #[test]
    fn markdown_format_prints_the_markdown_field() {
        let records = [page("a", "Title", Some("# Title\n")), page("b", "x", None)];
        assert_eq!(written(Format::Markdown, &records), "# Title\n\u{c}\n");
    }

    #[test]
    fn a_form_feed_line_inside_a_page_is_not_a_separator() {
        let out = written(Format::Text, &[page("a", "a\n\u{c}\nb\u{c}", None)]);
        assert_eq!(out, "a\n\nb\u{c}\n");
        assert!(!out.lines().any(|l| l == PAGE_SEPARATOR));
    }
}
