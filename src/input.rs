//! Inputs: turns command-line arguments into a lazy stream of [`Page`]s.
//!
//! An input is a file, a directory, `-` (stdin), or a path read from a
//! `--files-from` list. Each yields one page (HTML), or many (a JSON Lines or
//! WARC container). Everything is streamed: directories are listed one at a
//! time as the walk reaches them, and containers are read record by record,
//! so memory does not grow with the number or size of inputs beyond one page
//! (capped by `--max-bytes`).
//!
//! Choices:
//! - gzip is recognised by its magic bytes (`1f 8b`), never by file name, and
//!   multi-member gzip (one member per WARC record, as Common Crawl writes) is
//!   read as one stream.
//! - Directories are walked recursively in path order (entries sorted by name
//!   at each level, which equals sorting whole paths component by component).
//!   Entries whose name starts with `.` are skipped, and so are symbolic links
//!   to directories (they can form cycles). Only files that look like pages
//!   are taken, by name, case-insensitively, with or without a `.gz` suffix:
//!   `.html .htm .xhtml .shtml` and `.warc`; with `--input-format jsonl` only
//!   `.jsonl`, with `warc` only `.warc`, with `html` only the HTML names.
//!   Files named explicitly (argument or list line) are always read, whatever
//!   their name.
//! - Anything that fails for one input (a missing file, corrupt gzip, an
//!   invalid JSON line, a truncated WARC record, a page over `--max-bytes`)
//!   becomes a page whose content is an error in words; the run goes on.
//!   A container that cannot be read further (corrupt gzip, truncated WARC)
//!   ends with one such page.

mod warc;

use std::borrow::Cow;
use std::ffi::{OsStr, OsString};
use std::fs::{self, File, FileType};
use std::io::{self, BufRead, BufReader, Read};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;
use serde::Deserialize;

use crate::{Options, Record};

/// Default for `--max-bytes`: far above real pages (Common Crawl truncates
/// payloads at 1 MiB), low enough that a window of pages in flight fits in
/// memory.
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Longest accepted line of a `--files-from` list or of a WARC header; a
/// longer one means the file is not what it claims to be.
const MAX_HEADER_LINE: usize = 64 * 1024;

/// How to read the content of an input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum InputFormat {
    /// WARC for `.warc`/`.warc.gz` names or content starting with `WARC/`,
    /// JSON Lines for `.jsonl`/`.jsonl.gz` names, else one HTML page.
    #[default]
    Auto,
    /// One HTML page per file.
    Html,
    /// One JSON object per line: `html` (required), `url` and `id` (optional).
    Jsonl,
    /// WARC 1.0/1.1: the HTML `response` records.
    Warc,
}

/// What to read: the inputs of one run.
#[derive(Debug, Clone, Default)]
pub struct InputSpec {
    /// Files, directories or `-`, in order. Empty (and no `files_from`)
    /// means one document on stdin.
    pub inputs: Vec<OsString>,
    /// A file (or `-` for stdin) listing more inputs, one path per line,
    /// read after `inputs`.
    pub files_from: Option<OsString>,
    /// How to read each input's content.
    pub format: InputFormat,
    /// Largest page accepted, in bytes after gzip; larger ones become error
    /// pages.
    pub max_bytes: u64,
}

/// One page to extract, or the reason it could not be read.
#[derive(Debug)]
pub struct Page {
    /// Where it came from: the path as given or joined, `-` for stdin, or
    /// `<container>#<id or number>` for a record inside JSON Lines or WARC.
    pub source: String,
    /// The URL the container names for the page (WARC-Target-URI, the JSON
    /// `url` field).
    pub url: Option<String>,
    /// The character encoding the container declares for the page (the HTTP
    /// `charset` parameter; `utf-8` for JSON Lines, whose strings are
    /// Unicode). Kept for the decoder; not used yet.
    pub charset: Option<String>,
    /// The raw page, still to be read, or what went wrong.
    pub body: Body,
}

/// The content of a [`Page`].
pub enum Body {
    /// The raw page bytes.
    Bytes(Vec<u8>),
    /// An opened file whose bytes (and gunzipping) are left to the worker
    /// that extracts the page, so that reading runs in parallel too.
    Unread(UnreadFile),
    /// What went wrong, in words.
    Failed(String),
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Body::Bytes(bytes) => write!(f, "Bytes({} bytes)", bytes.len()),
            Body::Unread(file) => write!(f, "Unread(gzip: {})", file.gzip),
            Body::Failed(error) => f.debug_tuple("Failed").field(error).finish(),
        }
    }
}

/// An input opened (and sniffed) by the reader but not read yet.
pub struct UnreadFile {
    reader: Box<dyn Read + Send>,
    gzip: bool,
    max_bytes: u64,
}

impl UnreadFile {
    /// Read the page, at most `max_bytes` of it.
    fn read(self) -> Body {
        let mut bytes = Vec::new();
        let limit = self.max_bytes.saturating_add(1);
        match self.reader.take(limit).read_to_end(&mut bytes) {
            Err(e) => Body::Failed(read_error(self.gzip, &e)),
            Ok(_) if bytes.len() as u64 > self.max_bytes => Body::Failed(format!(
                "page is larger than --max-bytes ({} bytes){}",
                self.max_bytes,
                if self.gzip { " after gunzip" } else { "" }
            )),
            Ok(_) => Body::Bytes(bytes),
        }
    }
}

impl Page {
    /// A page that could not be read.
    pub fn failed(source: impl Into<String>, error: impl Into<String>) -> Page {
        Page {
            source: source.into(),
            url: None,
            charset: None,
            body: Body::Failed(error.into()),
        }
    }

    /// Read the body if it is still unread; afterwards it is bytes or an
    /// error. Meant to run on a worker thread.
    pub fn read(&mut self) {
        if let Body::Unread(_) = self.body {
            let Body::Unread(file) = std::mem::replace(&mut self.body, Body::Bytes(Vec::new()))
            else {
                return;
            };
            self.body = file.read();
        }
    }

    /// The raw page, if it has been read successfully.
    pub fn bytes(&self) -> Option<&[u8]> {
        match &self.body {
            Body::Bytes(bytes) => Some(bytes),
            _ => None,
        }
    }

    /// What went wrong, if the page could not be read.
    pub fn error(&self) -> Option<&str> {
        match &self.body {
            Body::Failed(error) => Some(error),
            _ => None,
        }
    }

    /// Size of the raw page in bytes (0 when failed or not read yet).
    pub fn byte_len(&self) -> usize {
        self.bytes().map_or(0, <[u8]>::len)
    }

    /// Extract the page into a [`Record`] whose `source` is the page's.
    ///
    /// The container's URL takes precedence over `options.url`. A failed page
    /// gives a record with the error and empty text; so does a panic inside
    /// extraction (which should never happen, but one bad page must not end a
    /// crawl-sized run).
    pub fn extract(mut self, options: &Options) -> Record {
        self.read();
        let Page {
            source,
            url,
            body,
            charset,
        } = self;
        // A record's own URL and HTTP charset beat the run's defaults; an
        // explicit --encoding beats the HTTP charset.
        let charset = charset.filter(|_| options.encoding.is_none());
        let options = if url.is_some() || charset.is_some() {
            Cow::Owned(Options {
                url: url.or_else(|| options.url.clone()),
                encoding: charset.or_else(|| options.encoding.clone()),
                ..options.clone()
            })
        } else {
            Cow::Borrowed(options)
        };
        let failed = |source: String, error: String| Record {
            source,
            metadata: crate::metadata::Metadata {
                url: options.url.clone(),
                ..Default::default()
            },
            error: Some(error),
            // Asked-for comments are `[]`, never missing, on every record.
            comments: options.comments.then(Vec::new),
            ..Record::default()
        };
        match body {
            Body::Failed(error) => failed(source, error),
            Body::Unread(_) => failed(source, "page was not read".to_string()),
            Body::Bytes(bytes) => {
                match panic::catch_unwind(AssertUnwindSafe(|| crate::extract(&bytes, &options))) {
                    Ok(mut record) => {
                        record.source = source;
                        record
                    }
                    Err(payload) => failed(
                        source,
                        format!("internal error in extraction: {}", panic_message(&*payload)),
                    ),
                }
            }
        }
    }
}

/// The message of a panic payload (`panic!` gives `&str` or `String`).
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_string()
    }
}

/// One input after expanding directories.
enum Entry {
    Stdin,
    File(PathBuf),
    Failed { source: String, error: String },
}

/// The input paths of a run, in order, directories expanded lazily.
struct Sources {
    args: std::vec::IntoIter<OsString>,
    list: Option<PathList>,
    /// Directory entries still to visit, last to visit first.
    walk: Vec<(PathBuf, FileType)>,
    format: InputFormat,
}

impl Sources {
    /// Visit one argument or list line.
    fn explicit(&mut self, path: PathBuf) -> Option<Entry> {
        match fs::metadata(&path) {
            Err(e) => Some(Entry::Failed {
                source: display(&path),
                error: format!("cannot open: {e}"),
            }),
            Ok(meta) if meta.is_dir() => self.push_children(&path).err(),
            Ok(_) => Some(Entry::File(path)),
        }
    }

    /// Visit one entry found by the directory walk.
    fn walked(&mut self, path: PathBuf, kind: FileType) -> Option<Entry> {
        if kind.is_dir() {
            return self.push_children(&path).err();
        }
        if !path
            .file_name()
            .is_some_and(|name| wanted_name(name, self.format))
        {
            return None;
        }
        // Follow a symbolic link only to a file: linked directories could
        // make the walk loop forever.
        if kind.is_file() || fs::metadata(&path).is_ok_and(|m| m.is_file()) {
            Some(Entry::File(path))
        } else {
            None
        }
    }

    /// List a directory and queue its visible entries in name order.
    fn push_children(&mut self, dir: &Path) -> Result<(), Entry> {
        let failed = |e: io::Error| Entry::Failed {
            source: display(dir),
            error: format!("cannot read directory: {e}"),
        };
        let mut children = Vec::new();
        for entry in fs::read_dir(dir).map_err(failed)? {
            let entry = entry.map_err(failed)?;
            let name = entry.file_name();
            if name.as_encoded_bytes().starts_with(b".") {
                continue;
            }
            let kind = entry.file_type().map_err(failed)?;
            children.push((name, kind));
        }
        children.sort_by(|a, b| a.0.cmp(&b.0));
        self.walk.extend(
            children
                .into_iter()
                .rev()
                .map(|(name, kind)| (dir.join(name), kind)),
        );
        Ok(())
    }
}

impl Iterator for Sources {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        loop {
            if let Some((path, kind)) = self.walk.pop() {
                if let Some(entry) = self.walked(path, kind) {
                    return Some(entry);
                }
                continue;
            }
            let path = if let Some(arg) = self.args.next() {
                if arg == "-" {
                    return Some(Entry::Stdin);
                }
                PathBuf::from(arg)
            } else {
                match self.list.as_mut()?.next()? {
                    Ok(path) => path,
                    Err(entry) => return Some(entry),
                }
            };
            if let Some(entry) = self.explicit(path) {
                return Some(entry);
            }
        }
    }
}

/// Does a file found in a directory look like input of this format?
fn wanted_name(name: &OsStr, format: InputFormat) -> bool {
    let name = name.to_string_lossy().to_ascii_lowercase();
    let base = name.strip_suffix(".gz").unwrap_or(&name);
    let html = [".html", ".htm", ".xhtml", ".shtml"]
        .iter()
        .any(|ext| base.ends_with(ext));
    match format {
        InputFormat::Auto => html || base.ends_with(".warc"),
        InputFormat::Html => html,
        InputFormat::Jsonl => base.ends_with(".jsonl"),
        InputFormat::Warc => base.ends_with(".warc"),
    }
}

/// Paths read from a `--files-from` list, one per line.
struct PathList {
    reader: Box<dyn BufRead>,
    name: String,
    line: u64,
    done: bool,
}

impl PathList {
    /// The next path, or an error entry (after which the list ends).
    fn next(&mut self) -> Option<Result<PathBuf, Entry>> {
        let mut buf = Vec::new();
        while !self.done {
            let outcome = read_line_bounded(&mut *self.reader, MAX_HEADER_LINE, &mut buf);
            self.line += 1;
            let error = match outcome {
                Ok(Line::Eof) => {
                    self.done = true;
                    return None;
                }
                Ok(Line::TooLong) => format!("line {} is too long for a path", self.line),
                Ok(Line::Complete) => {
                    let path = trim_line_end(&buf);
                    if path.is_empty() {
                        continue;
                    }
                    return Some(Ok(path_from_bytes(path)));
                }
                Err(e) => {
                    self.done = true;
                    format!("cannot read file list: {e}")
                }
            };
            return Some(Err(Entry::Failed {
                source: self.name.clone(),
                error,
            }));
        }
        None
    }
}

#[cfg(unix)]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

/// A path as shown in `source` and messages.
fn display(path: &Path) -> String {
    path.display().to_string()
}

/// A line without its `\n` or `\r\n`.
fn trim_line_end(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// How [`read_line_bounded`] ended.
#[derive(Debug, PartialEq, Eq)]
enum Line {
    /// No more input.
    Eof,
    /// A line (with its `\n`, unless it ended the input) is in the buffer.
    Complete,
    /// The line was longer than the limit; it has been skipped.
    TooLong,
}

/// Read one line into `buf` (cleared first), holding at most `limit` bytes:
/// a longer line is consumed and dropped, so one bad line cannot take
/// unbounded memory.
fn read_line_bounded(
    reader: &mut dyn BufRead,
    limit: usize,
    buf: &mut Vec<u8>,
) -> io::Result<Line> {
    buf.clear();
    let mut too_long = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(if too_long {
                Line::TooLong
            } else if buf.is_empty() {
                Line::Eof
            } else {
                Line::Complete
            });
        }
        let newline = available.iter().position(|&b| b == b'\n');
        let taken = newline.map_or(available.len(), |i| i + 1);
        if !too_long {
            if buf.len() + taken > limit {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(&available[..taken]);
            }
        }
        reader.consume(taken);
        if newline.is_some() {
            return Ok(if too_long {
                Line::TooLong
            } else {
                Line::Complete
            });
        }
    }
}

/// A stream whose first bytes were read ahead and are served again first.
type Peeked<R> = io::Chain<io::Cursor<Vec<u8>>, R>;

/// Read up to `n` bytes from the start of `reader` and return them with a
/// reader that still yields the whole stream.
fn peek<R: Read>(mut reader: R, n: usize) -> io::Result<(Vec<u8>, Peeked<R>)> {
    let mut prefix = Vec::with_capacity(n);
    (&mut reader).take(n as u64).read_to_end(&mut prefix)?;
    Ok((prefix.clone(), io::Cursor::new(prefix).chain(reader)))
}

/// An opened input: its content (gunzipped if needed) and the format chosen.
struct Opened {
    reader: Box<dyn BufRead + Send>,
    gzip: bool,
    format: InputFormat,
}

/// Words for a read error, naming gzip when the data was compressed (where
/// most read errors are corruption, not I/O).
fn read_error(gzip: bool, e: &io::Error) -> String {
    if gzip {
        format!("corrupt or truncated gzip data: {e}")
    } else {
        format!("read failed: {e}")
    }
}

/// The lazy stream of pages of a run. Build with [`Pages::new`].
pub struct Pages {
    sources: Sources,
    format: InputFormat,
    max_bytes: u64,
    container: Option<Container>,
}

/// A multi-page input being read.
enum Container {
    Jsonl(JsonlPages),
    Warc(warc::WarcPages),
}

impl Pages {
    /// Prepare to read `spec`. Only opening the `--files-from` list can fail
    /// here; every other failure becomes an error page while reading.
    pub fn new(spec: &InputSpec) -> io::Result<Pages> {
        let list = match &spec.files_from {
            None => None,
            Some(name) => {
                let reader: Box<dyn BufRead> = if name == "-" {
                    Box::new(io::stdin().lock())
                } else {
                    Box::new(BufReader::new(File::open(name)?))
                };
                Some(PathList {
                    reader,
                    name: Path::new(name).display().to_string(),
                    line: 0,
                    done: false,
                })
            }
        };
        let mut args = spec.inputs.clone();
        if args.is_empty() && list.is_none() {
            args.push(OsString::from("-"));
        }
        Ok(Pages {
            sources: Sources {
                args: args.into_iter(),
                list,
                walk: Vec::new(),
                format: spec.format,
            },
            format: spec.format,
            max_bytes: spec.max_bytes,
            container: None,
        })
    }

    /// Open an input, detect gzip and (for `auto`) the format.
    fn open(&self, source: &str, path: Option<&Path>) -> Result<Opened, String> {
        let (raw, size): (Box<dyn Read + Send>, Option<u64>) = match path {
            None => (Box::new(io::stdin()), None),
            Some(path) => {
                let file = File::open(path).map_err(|e| format!("cannot open: {e}"))?;
                let size = file.metadata().ok().map(|m| m.len());
                (Box::new(file), size)
            }
        };
        let (magic, raw) = peek(raw, 2).map_err(|e| format!("read failed: {e}"))?;
        let gzip = magic == [0x1f, 0x8b];
        let mut content: Box<dyn Read + Send> = if gzip {
            Box::new(MultiGzDecoder::new(raw))
        } else {
            Box::new(raw)
        };
        let lower_name = source.to_ascii_lowercase();
        let base_name = lower_name.strip_suffix(".gz").unwrap_or(&lower_name);
        let format = match self.format {
            InputFormat::Auto if base_name.ends_with(".warc") => InputFormat::Warc,
            InputFormat::Auto if base_name.ends_with(".jsonl") => InputFormat::Jsonl,
            InputFormat::Auto => {
                let (start, rest) = peek(content, 5).map_err(|e| read_error(gzip, &e))?;
                content = Box::new(rest);
                if start == b"WARC/" {
                    InputFormat::Warc
                } else {
                    InputFormat::Html
                }
            }
            format => format,
        };
        if format == InputFormat::Html && !gzip {
            if let Some(size) = size.filter(|&size| size > self.max_bytes) {
                return Err(too_large(size, self.max_bytes));
            }
        }
        Ok(Opened {
            reader: Box::new(BufReader::new(content)),
            gzip,
            format,
        })
    }

    /// Turn one input into its page, or start reading its container.
    fn start(&mut self, source: String, path: Option<&Path>) -> Option<Page> {
        let opened = match self.open(&source, path) {
            Ok(opened) => opened,
            Err(error) => return Some(Page::failed(source, error)),
        };
        match opened.format {
            InputFormat::Jsonl => {
                self.container = Some(Container::Jsonl(JsonlPages {
                    reader: opened.reader,
                    source,
                    gzip: opened.gzip,
                    line: 0,
                    max_bytes: self.max_bytes,
                    done: false,
                }));
                None
            }
            InputFormat::Warc => {
                self.container = Some(Container::Warc(warc::WarcPages::new(
                    opened.reader,
                    source,
                    opened.gzip,
                    self.max_bytes,
                )));
                None
            }
            InputFormat::Html | InputFormat::Auto => {
                let file = UnreadFile {
                    reader: opened.reader,
                    gzip: opened.gzip,
                    max_bytes: self.max_bytes,
                };
                // Stdin is read here: it is one stream shared by the process,
                // not a file a worker could own.
                let body = if path.is_none() {
                    file.read()
                } else {
                    Body::Unread(file)
                };
                Some(Page {
                    source,
                    url: None,
                    charset: None,
                    body,
                })
            }
        }
    }
}

/// The error for an input over `--max-bytes`.
fn too_large(size: u64, max_bytes: u64) -> String {
    format!("page is larger than --max-bytes ({size} > {max_bytes} bytes)")
}

impl Iterator for Pages {
    type Item = Page;

    fn next(&mut self) -> Option<Page> {
        loop {
            if let Some(container) = &mut self.container {
                let page = match container {
                    Container::Jsonl(pages) => pages.next(),
                    Container::Warc(pages) => pages.next(),
                };
                if page.is_some() {
                    return page;
                }
                self.container = None;
            }
            let page = match self.sources.next()? {
                Entry::Failed { source, error } => Some(Page::failed(source, error)),
                Entry::Stdin => self.start("-".to_string(), None),
                Entry::File(path) => self.start(display(&path), Some(&path)),
            };
            if page.is_some() {
                return page;
            }
        }
    }
}

/// One line of JSON Lines input.
#[derive(Debug, Deserialize)]
struct JsonlRecord {
    html: String,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    id: Option<serde_json::Value>,
}

/// The pages of a JSON Lines input, one per non-blank line.
struct JsonlPages {
    reader: Box<dyn BufRead>,
    source: String,
    gzip: bool,
    /// Number of the line last read (1-based).
    line: u64,
    max_bytes: u64,
    done: bool,
}

impl Iterator for JsonlPages {
    type Item = Page;

    fn next(&mut self) -> Option<Page> {
        let limit = usize::try_from(self.max_bytes).unwrap_or(usize::MAX);
        let mut buf = Vec::new();
        while !self.done {
            let outcome = read_line_bounded(&mut *self.reader, limit, &mut buf);
            self.line += 1;
            let here = format!("{}#{}", self.source, self.line);
            match outcome {
                Ok(Line::Eof) => self.done = true,
                Err(e) => {
                    self.done = true;
                    return Some(Page::failed(here, read_error(self.gzip, &e)));
                }
                Ok(Line::TooLong) => {
                    return Some(Page::failed(
                        here,
                        format!("line is longer than --max-bytes ({} bytes)", self.max_bytes),
                    ))
                }
                Ok(Line::Complete) => {
                    if buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    let record: JsonlRecord = match serde_json::from_slice(&buf) {
                        Ok(record) => record,
                        Err(e) => {
                            return Some(Page::failed(here, jsonl_error(self.line, &e)));
                        }
                    };
                    let source = match record.id {
                        None | Some(serde_json::Value::Null) => here,
                        Some(serde_json::Value::String(id)) => format!("{}#{id}", self.source),
                        Some(other) => format!("{}#{other}", self.source),
                    };
                    return Some(Page {
                        source,
                        url: record.url,
                        charset: Some("utf-8".to_string()),
                        body: Body::Bytes(record.html.into_bytes()),
                    });
                }
            }
        }
        None
    }
}

/// Words for a JSON error on line `line`: serde counts lines within the one
/// line it was given, so report the column only.
fn jsonl_error(line: u64, e: &serde_json::Error) -> String {
    let message = e.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(head, _)| head);
    format!(
        "invalid JSON Lines record on line {line}: {message} (column {})",
        e.column()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_lines() {
        let mut input: &[u8] = b"short\nthis line is too long\nend";
        let mut buf = Vec::new();
        assert_eq!(
            read_line_bounded(&mut input, 8, &mut buf).unwrap(),
            Line::Complete
        );
        assert_eq!(buf, b"short\n");
        assert_eq!(
            read_line_bounded(&mut input, 8, &mut buf).unwrap(),
            Line::TooLong
        );
        assert!(buf.is_empty());
        assert_eq!(
            read_line_bounded(&mut input, 8, &mut buf).unwrap(),
            Line::Complete
        );
        assert_eq!(buf, b"end");
        assert_eq!(
            read_line_bounded(&mut input, 8, &mut buf).unwrap(),
            Line::Eof
        );
    }

    #[test]
    fn bounded_lines_across_buffer_refills() {
        let data = b"0123456789abcdef\nxy\n".to_vec();
        let mut reader = BufReader::with_capacity(3, &data[..]);
        let mut buf = Vec::new();
        assert_eq!(
            read_line_bounded(&mut reader, 100, &mut buf).unwrap(),
            Line::Complete
        );
        assert_eq!(buf, b"0123456789abcdef\n");
        assert_eq!(
            read_line_bounded(&mut reader, 100, &mut buf).unwrap(),
            Line::Complete
        );
        assert_eq!(buf, b"xy\n");
    }

    #[test]
    fn directory_names_by_format() {
        let wanted = |name: &str, format| wanted_name(OsStr::new(name), format);
        assert!(wanted("a.html", InputFormat::Auto));
        assert!(wanted("A.HTM.GZ", InputFormat::Auto));
        assert!(wanted("x.shtml", InputFormat::Html));
        assert!(wanted("crawl.warc.gz", InputFormat::Auto));
        assert!(!wanted("crawl.warc.gz", InputFormat::Html));
        assert!(!wanted("notes.txt", InputFormat::Auto));
        assert!(!wanted("pages.jsonl", InputFormat::Auto));
        assert!(wanted("pages.jsonl.gz", InputFormat::Jsonl));
        assert!(!wanted("a.html", InputFormat::Jsonl));
    }

    #[test]
    fn jsonl_error_names_the_file_line() {
        let e = serde_json::from_slice::<JsonlRecord>(b"{\"url\": 1}").unwrap_err();
        let message = jsonl_error(7, &e);
        assert!(
            message.starts_with("invalid JSON Lines record on line 7:"),
            "{message}"
        );
        assert!(!message.contains("at line 1"), "{message}");
    }

    #[test]
    fn extract_reports_read_failures_with_empty_text() {
        let page = Page::failed("x.html", "cannot open: gone");
        let record = page.extract(&Options::default());
        assert_eq!(record.source, "x.html");
        assert_eq!(record.error.as_deref(), Some("cannot open: gone"));
        assert!(record.text.is_empty());
    }

    #[test]
    fn container_url_takes_precedence() {
        let page = Page {
            source: "c.jsonl#1".into(),
            url: Some("https://example.org/a".into()),
            charset: None,
            body: Body::Bytes(b"<p>hello</p>".to_vec()),
        };
        let options = Options {
            url: Some("https://example.org/fallback".into()),
            ..Options::default()
        };
        let record = page.extract(&options);
        assert_eq!(record.source, "c.jsonl#1");
        assert_eq!(
            record.metadata.url.as_deref(),
            Some("https://example.org/a")
        );
    }
}
