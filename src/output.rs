//! Output: records as JSON Lines, one object per line.
//!
//! The writer buffers (one `write` per many records when output is fast) and
//! is flushed by the pipeline whenever it waits for a worker, so a reader
//! downstream sees each record soon after it is done, not only when a buffer
//! fills. Errors (including a closed pipe) are returned, never panicked on:
//! the caller decides that a closed pipe ends the run quietly.

use std::io::{self, BufWriter, Write};

use crate::Record;

/// Buffer size: large enough that a fast run makes few system calls, small
/// enough not to matter for memory.
const BUFFER_BYTES: usize = 64 * 1024;

/// Writes [`Record`]s as JSON Lines.
pub struct RecordWriter<W: Write> {
    out: BufWriter<W>,
    /// Something was written since the last flush.
    dirty: bool,
}

impl<W: Write> RecordWriter<W> {
    /// A writer over `out` (typically a locked stdout).
    pub fn new(out: W) -> RecordWriter<W> {
        RecordWriter {
            out: BufWriter::with_capacity(BUFFER_BYTES, out),
            dirty: false,
        }
    }

    /// Write one record as one line of JSON.
    pub fn write(&mut self, record: &Record) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, record).map_err(io::Error::from)?;
        self.out.write_all(b"\n")?;
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

    /// The underlying writer, after flushing.
    pub fn into_inner(mut self) -> io::Result<W> {
        self.out.flush()?;
        self.out.into_inner().map_err(|e| e.into_error())
    }
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
}
