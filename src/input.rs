//! Inputs: turns command-line arguments into a lazy stream of [`Page`]s.
//!
//! An input is a file, a directory, `-` (stdin), or a path read from a
//! `--files-from` list (one per line, or NUL-separated). Each yields one
//! page (HTML), or many (a JSON Lines or WARC container). Every page knows
//! where it came from: its `id` (the input's own id, else one built from the
//! path), its `source` path, and for WARC the record's provenance. Everything is streamed: directories are listed one at a
//! time as the walk reaches them, and containers are read record by record,
//! so memory does not grow with the number or size of inputs beyond one page
//! (capped by `--max-bytes`).
//!
//! Choices:
//! - gzip is recognised by its magic bytes (`1f 8b`), never by file name, and
//!   multi-member gzip (one member per WARC record, as Common Crawl writes) is
//!   read as one stream (`gzip`, which also notes where members start).
//! - The format of a file is told by its content first: `WARC/` at the start
//!   is WARC, a `{` (after a byte order mark and blank space) is JSON Lines;
//!   otherwise a `.warc` name means WARC, `.jsonl`/`.ndjson`/`.json` JSON
//!   Lines, and anything else is one HTML page. Content is only peeked at as
//!   far as the decision needs, so a co-process that writes one short line
//!   on stdin is never waited on for more.
//! - Directories are walked recursively in path order (entries sorted by name
//!   at each level, which equals sorting whole paths component by component).
//!   Entries whose name starts with `.` are skipped, and so are symbolic links
//!   to directories (they can form cycles). Only files that look like pages
//!   are taken, by name, case-insensitively, with or without a `.gz` suffix:
//!   `.html .htm .xhtml .shtml`, `.warc`, `.jsonl .ndjson`; with
//!   `--input-format jsonl` those two and `.json`, with `warc` only `.warc`,
//!   with `html` only the HTML names. (`.json` is left out of `auto` walks:
//!   directories hold JSON files of other kinds, such as metadata.) Files
//!   named explicitly (argument or list line) are always read, whatever
//!   their name. A directory named explicitly in which nothing is found is
//!   reported ([`ReadCounts::empty_directories`]).
//! - Anything that fails for one input (a missing file, corrupt gzip, an
//!   invalid JSON line, a truncated WARC record, a page over `--max-bytes`)
//!   becomes a page whose content is an error in words, with its
//!   [`ErrorKind`]; the run goes on. A container that cannot be read further
//!   (corrupt gzip, truncated WARC) ends with one such page.
//! - What reading finds besides pages (WARC records skipped and why, files
//!   opened, directories without inputs) is counted in a [`ReadReport`]
//!   shared with the caller.

mod gzip;
mod jsonl;
mod warc;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::fs::{self, File, FileType};
use std::io::{self, BufRead, BufReader, Read};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use crate::record::WarcFields;
use crate::{Date, ErrorKind, Options, Record};

pub use jsonl::{JsonlFields, Keep};

/// Default for `--max-bytes`: far above real pages (Common Crawl truncates
/// payloads at 1 MiB), low enough that a window of pages in flight fits in
/// memory.
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Longest accepted line of a `--files-from` list or of a WARC header; a
/// longer one means the file is not what it claims to be.
const MAX_HEADER_LINE: usize = 64 * 1024;

/// Most blank space (after a byte order mark) looked through for the `{`
/// that starts JSON Lines: more than any real file has before its first
/// record, little enough that sniffing an HTML page costs nothing.
const MAX_LEADING_SPACE: usize = 4096;

/// How to read the content of an input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum InputFormat {
    /// By content: `WARC/` at the start is WARC, a `{` JSON Lines; else by
    /// name (`.warc`, `.jsonl`/`.ndjson`/`.json`), else one HTML page.
    #[default]
    Auto,
    /// One HTML page per file.
    Html,
    /// One JSON object per line, with the page's HTML (see [`JsonlFields`]).
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
    /// The `files_from` list separates paths by NUL bytes (as `find
    /// -print0` writes them), not by lines; paths may then hold newlines.
    pub files_from_nul: bool,
    /// How to read each input's content.
    pub format: InputFormat,
    /// Largest page accepted, in bytes after gzip; larger ones become error
    /// pages.
    pub max_bytes: u64,
    /// Which fields of a JSON Lines record hold what, and which to copy
    /// into the output record.
    pub jsonl: JsonlFields,
}

/// One page to extract, or the reason it could not be read.
#[derive(Debug)]
pub struct Page {
    /// The page's identity (the record's `id`): the input's own id when it
    /// has one (a JSON Lines id field, the WARC-Record-ID), else `source`
    /// for a file, `source#line` for a JSON Lines record, `source#n` for
    /// the n-th record of a WARC file.
    pub id: String,
    /// The path of the file the page came from (the container's for a page
    /// inside JSON Lines or WARC), `-` for stdin.
    pub source: String,
    /// The URL the container names for the page (WARC-Target-URI, the JSON
    /// Lines URL field).
    pub url: Option<String>,
    /// The character encoding the container declares for the page (the HTTP
    /// `charset` parameter; `utf-8` for HTML given as a JSON string, whose
    /// characters are Unicode). Used as the encoding unless the run names
    /// one (`--encoding`).
    pub charset: Option<String>,
    /// Provenance of a page read from WARC.
    pub warc: Option<WarcFields>,
    /// The day the page was fetched (from its WARC-Date): its dates are
    /// checked against it unless the run names a day ([`Options::now`]).
    pub fetched: Option<Date>,
    /// Fields copied from the input record into the output record
    /// (`--keep`), under their output names.
    pub kept: serde_json::Map<String, serde_json::Value>,
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
    /// What went wrong, of which kind, in words.
    Failed(ErrorKind, String),
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Body::Bytes(bytes) => write!(f, "Bytes({} bytes)", bytes.len()),
            Body::Unread(file) => write!(f, "Unread(gzip: {})", file.gzip),
            Body::Failed(kind, error) => f.debug_tuple("Failed").field(kind).field(error).finish(),
        }
    }
}

/// An input opened (and sniffed) by the reader but not read yet.
pub struct UnreadFile {
    reader: Box<dyn Read + Send>,
    gzip: bool,
    max_bytes: u64,
    /// The file's size on disk, when known (before gunzip).
    size: Option<u64>,
}

impl UnreadFile {
    /// Read the page, at most `max_bytes` of it.
    fn read(self) -> Body {
        let limit = self.max_bytes.saturating_add(1);
        // A plain file's size is known: reading into room for exactly that
        // many bytes spares the doubling growth (a 50 MB page read into a
        // 64 MiB buffer, with a copy at every step).
        let room = match self.size {
            Some(size) if !self.gzip => usize::try_from(size.min(limit)).unwrap_or(0),
            _ => 0,
        };
        let mut bytes = Vec::with_capacity(room);
        match self.reader.take(limit).read_to_end(&mut bytes) {
            Err(e) => {
                let (kind, error) = read_error(self.gzip, &e);
                Body::Failed(kind, error)
            }
            Ok(_) if bytes.len() as u64 > self.max_bytes => Body::Failed(
                ErrorKind::TooLarge,
                format!(
                    "page is larger than --max-bytes ({} bytes){}",
                    self.max_bytes,
                    if self.gzip { " after gunzip" } else { "" }
                ),
            ),
            Ok(_) => Body::Bytes(bytes),
        }
    }
}

impl Page {
    /// A page read from `source` whose id is `id`, without provenance
    /// beyond that.
    pub fn new(id: impl Into<String>, source: impl Into<String>, body: Body) -> Page {
        Page {
            id: id.into(),
            source: source.into(),
            url: None,
            charset: None,
            warc: None,
            fetched: None,
            kept: serde_json::Map::new(),
            body,
        }
    }

    /// A page that could not be read; its id is its source.
    pub fn failed(source: impl Into<String>, kind: ErrorKind, error: impl Into<String>) -> Page {
        let source = source.into();
        Page::new(source.clone(), source, Body::Failed(kind, error.into()))
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
            Body::Failed(_, error) => Some(error),
            _ => None,
        }
    }

    /// Size of the raw page in bytes (0 when failed or not read yet).
    pub fn byte_len(&self) -> usize {
        self.bytes().map_or(0, <[u8]>::len)
    }

    /// What the page weighs in the pipeline's byte window: its bytes, or
    /// for a file still to be read its size on disk (a gzip file counts as
    /// stored: its size after gunzip is not known before it is read, and
    /// is capped by `--max-bytes` like any page); 0 for a failed page.
    pub fn weight(&self) -> u64 {
        match &self.body {
            Body::Bytes(bytes) => bytes.len() as u64,
            Body::Unread(file) => file.size.unwrap_or(0).min(file.max_bytes),
            Body::Failed(..) => 0,
        }
    }

    /// Extract the page into a [`Record`] that carries the page's identity
    /// and provenance (`id`, `source`, the WARC fields, the kept input
    /// fields) and the SHA-1 of its text.
    ///
    /// The container's URL takes precedence over `options.url`, and the day
    /// the page was fetched is used for `options.now` unless that is set. A
    /// failed page gives a record with the error and empty text; so does a
    /// panic inside extraction (which should never happen, but one bad page
    /// must not end a crawl-sized run).
    pub fn extract(self, options: &Options) -> Record {
        self.extract_dated(options, None)
    }

    /// [`Page::extract`], with `fallback_day` for the dates of a page that
    /// brings no fetch day when `options.now` is unset (instead of the
    /// system clock at the moment of extraction): the CLI gives the day the
    /// run started, so that one run never mixes two days.
    pub fn extract_dated(mut self, options: &Options, fallback_day: Option<Date>) -> Record {
        self.read();
        let Page {
            id,
            source,
            url,
            charset,
            warc,
            fetched,
            kept,
            body,
        } = self;
        // A record's own URL and HTTP charset beat the run's defaults; an
        // explicit --encoding beats the HTTP charset, an explicit day the
        // fetch date.
        let charset = charset.filter(|_| options.encoding.is_none());
        let fetched = fetched.or(fallback_day).filter(|_| options.now.is_none());
        let options = if url.is_some() || charset.is_some() || fetched.is_some() {
            let mut own = options.clone();
            own.url = url.or(own.url);
            own.encoding = charset.or(own.encoding);
            own.now = fetched.or(own.now);
            Cow::Owned(own)
        } else {
            Cow::Borrowed(options)
        };
        let failed = |kind: ErrorKind, error: String| Record {
            metadata: crate::metadata::Metadata {
                url: options.url.clone(),
                ..Default::default()
            },
            // Asked-for comments are `[]`, never missing, on every record.
            comments: options.comments.then(Vec::new),
            ..Record::failed(kind, error)
        };
        let mut record = match body {
            Body::Failed(kind, error) => failed(kind, error),
            Body::Unread(_) => failed(ErrorKind::Internal, "page was not read".to_string()),
            Body::Bytes(bytes) => {
                match panic::catch_unwind(AssertUnwindSafe(|| crate::extract(&bytes, &options))) {
                    // Not a page after all (empty, binary): a failed record
                    // like any other, with the container's URL.
                    Ok(record) => match record.error_kind {
                        Some(kind) => failed(kind, record.error.unwrap_or_default()),
                        None => record,
                    },
                    Err(payload) => failed(
                        ErrorKind::Internal,
                        format!(
                            "internal error in extraction (please report this page): {}",
                            panic_message(&*payload)
                        ),
                    ),
                }
            }
        };
        record.id = id;
        record.source = source;
        record.warc = warc;
        record.kept = kept;
        record.text_sha1 = text_sha1(&record.text);
        record
    }
}

/// SHA-1 of `text` as 40 lowercase hex digits, `None` for an empty text
/// (the `text_sha1` field: exact duplicates share it).
pub fn text_sha1(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| sha1_smol::Sha1::from(text).digest().to_string())
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
    Failed {
        source: String,
        kind: ErrorKind,
        error: String,
    },
}

/// What reading found besides pages, counted as the pages are read. A
/// handle: clones share the counts, so the caller keeps one while the
/// [`Pages`] stream is consumed elsewhere (the pipeline reads it on a thread
/// of its own).
#[derive(Debug, Clone, Default)]
pub struct ReadReport(Arc<Mutex<ReadCounts>>);

/// The counts of a [`ReadReport`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadCounts {
    /// Input files opened (stdin counts as one), whatever they held.
    pub files: u64,
    /// WARC records that hold no page, by reason: the record type for
    /// records other than responses (`request`, `warcinfo`, `metadata`,
    /// `revisit`, ...; `other_type` for unknown ones), `not_http` for a
    /// response that is not HTTP (e.g. DNS), `http_1xx`, `http_3xx`,
    /// `http_4xx`, `http_5xx` for responses without a page (redirects,
    /// errors), `not_html` for a 2xx response of another media type
    /// (images, PDFs, scripts).
    pub warc_skipped: BTreeMap<&'static str, u64>,
    /// Directories named as inputs (argument or list line) in which no
    /// input file was found.
    pub empty_directories: Vec<String>,
}

impl ReadReport {
    /// A copy of the counts so far.
    pub fn counts(&self) -> ReadCounts {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ReadCounts> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn skipped(&self, reason: &'static str) {
        *self.lock().warc_skipped.entry(reason).or_insert(0) += 1;
    }
}

/// The input paths of a run, in order, directories expanded lazily.
struct Sources {
    args: std::vec::IntoIter<OsString>,
    list: Option<PathList>,
    /// Directory entries still to visit, last to visit first.
    walk: Vec<(PathBuf, FileType)>,
    format: InputFormat,
    /// The directory named explicitly that is being walked, and whether a
    /// file was found in it yet.
    named_dir: Option<(PathBuf, bool)>,
    report: ReadReport,
}

impl Sources {
    /// Visit one argument or list line.
    fn explicit(&mut self, path: PathBuf) -> Option<Entry> {
        match fs::metadata(&path) {
            Err(e) => Some(Entry::Failed {
                source: display(&path),
                kind: ErrorKind::Unreadable,
                error: format!("cannot open: {e}"),
            }),
            Ok(meta) if meta.is_dir() => {
                self.named_dir = Some((path.clone(), false));
                self.push_children(&path).err()
            }
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
            if let Some((_, found)) = &mut self.named_dir {
                *found = true;
            }
            Some(Entry::File(path))
        } else {
            None
        }
    }

    /// List a directory and queue its visible entries in name order.
    fn push_children(&mut self, dir: &Path) -> Result<(), Entry> {
        let failed = |e: io::Error| Entry::Failed {
            source: display(dir),
            kind: ErrorKind::Unreadable,
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

    /// The walk of a named directory is over: report it if it held nothing.
    fn end_named_dir(&mut self) {
        if let Some((dir, false)) = self.named_dir.take() {
            self.report.lock().empty_directories.push(display(&dir));
        }
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
            self.end_named_dir();
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
    let ends = |exts: &[&str]| exts.iter().any(|ext| base.ends_with(ext));
    let html = ends(&[".html", ".htm", ".xhtml", ".shtml"]);
    let jsonl = ends(&[".jsonl", ".ndjson"]);
    match format {
        InputFormat::Auto => html || jsonl || base.ends_with(".warc"),
        InputFormat::Html => html,
        InputFormat::Jsonl => jsonl || base.ends_with(".json"),
        InputFormat::Warc => base.ends_with(".warc"),
    }
}

/// Paths read from a `--files-from` list, one per line or NUL-separated.
struct PathList {
    reader: Box<dyn BufRead + Send>,
    name: String,
    /// The byte that ends a path: `\n`, or NUL for `-0` lists.
    separator: u8,
    /// Number of the path last read (1-based).
    entry: u64,
    done: bool,
}

impl PathList {
    /// The next path, or an error entry (after which the list ends).
    fn next(&mut self) -> Option<Result<PathBuf, Entry>> {
        let mut buf = Vec::new();
        while !self.done {
            let outcome =
                read_until_bounded(&mut *self.reader, self.separator, MAX_HEADER_LINE, &mut buf);
            self.entry += 1;
            let error = match outcome {
                Ok(Line::Eof) => {
                    self.done = true;
                    return None;
                }
                Ok(Line::TooLong) => format!("entry {} is too long for a path", self.entry),
                Ok(Line::Complete) => {
                    let path = if self.separator == b'\n' {
                        trim_line_end(&buf)
                    } else {
                        buf.strip_suffix(&[self.separator]).unwrap_or(&buf)
                    };
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
                kind: ErrorKind::Unreadable,
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

/// How [`read_until_bounded`] ended.
#[derive(Debug, PartialEq, Eq)]
enum Line {
    /// No more input.
    Eof,
    /// A line (with its end byte, unless it ended the input) is in the
    /// buffer.
    Complete,
    /// The line was longer than the limit; it has been skipped.
    TooLong,
}

/// Read one line (up to and including `end`, `\n` for lines) into `buf`
/// (cleared first), holding at most `limit` bytes: a longer line is consumed
/// and dropped, so one bad line cannot take unbounded memory. Returns as
/// soon as the line is complete, never waiting for more input than that.
fn read_until_bounded(
    reader: &mut dyn BufRead,
    end: u8,
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
        let found = available.iter().position(|&b| b == end);
        let taken = found.map_or(available.len(), |i| i + 1);
        if !too_long {
            if buf.len() + taken > limit {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(&available[..taken]);
            }
        }
        reader.consume(taken);
        if found.is_some() {
            return Ok(if too_long {
                Line::TooLong
            } else {
                Line::Complete
            });
        }
    }
}

/// [`read_until_bounded`] for `\n`-terminated lines.
fn read_line_bounded(
    reader: &mut dyn BufRead,
    limit: usize,
    buf: &mut Vec<u8>,
) -> io::Result<Line> {
    read_until_bounded(reader, b'\n', limit, buf)
}

/// The start of a stream, read ahead to tell what the stream is, and the
/// rest of it. Reads only as many bytes as asked for, one `read` at a time,
/// so asking for a few bytes never waits for more than those.
struct Sniffer<R> {
    prefix: Vec<u8>,
    rest: R,
    eof: bool,
}

impl<R: Read> Sniffer<R> {
    fn new(rest: R) -> Sniffer<R> {
        Sniffer {
            prefix: Vec::new(),
            rest,
            eof: false,
        }
    }

    /// The first `n` bytes, or fewer when the stream is shorter.
    fn first(&mut self, n: usize) -> io::Result<&[u8]> {
        while self.prefix.len() < n && !self.eof {
            let have = self.prefix.len();
            self.prefix.resize(n, 0);
            match self.rest.read(&mut self.prefix[have..]) {
                Ok(0) => {
                    self.prefix.truncate(have);
                    self.eof = true;
                }
                Ok(got) => self.prefix.truncate(have + got),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => self.prefix.truncate(have),
                Err(e) => {
                    self.prefix.truncate(have);
                    return Err(e);
                }
            }
        }
        Ok(&self.prefix[..self.prefix.len().min(n)])
    }

    /// The whole stream again, from its first byte.
    fn into_stream(self) -> io::Chain<io::Cursor<Vec<u8>>, R> {
        io::Cursor::new(self.prefix).chain(self.rest)
    }
}

/// What the content of a (gunzipped) stream says it is: WARC, JSON Lines,
/// or nothing in particular (`Auto`: decided by name, else HTML).
fn format_by_content<R: Read>(sniffer: &mut Sniffer<R>) -> io::Result<InputFormat> {
    // Ask for five bytes only when the first is a `W`: a co-process's
    // first line may be shorter than that.
    if sniffer.first(1)? == b"W" && sniffer.first(5)? == b"WARC/" {
        return Ok(InputFormat::Warc);
    }
    let mut i = 0;
    if sniffer.first(1)? == b"\xef" && sniffer.first(3)? == b"\xef\xbb\xbf" {
        i = 3;
    }
    while i < MAX_LEADING_SPACE {
        match sniffer.first(i + 1)?.get(i) {
            Some(b) if b.is_ascii_whitespace() => i += 1,
            Some(b'{') => return Ok(InputFormat::Jsonl),
            _ => break,
        }
    }
    Ok(InputFormat::Auto)
}

/// An opened input: its content (gunzipped if needed) and the format chosen.
struct Opened {
    reader: Box<dyn BufRead + Send>,
    gzip: bool,
    /// The file's size on disk, when known.
    size: Option<u64>,
    /// Where gzip members start, for WARC offsets (gzip only).
    members: Option<gzip::SharedStarts>,
    format: InputFormat,
}

/// Words and kind for a read error, naming gzip when the data was
/// compressed (where most read errors are corruption, not I/O).
fn read_error(gzip: bool, e: &io::Error) -> (ErrorKind, String) {
    if gzip {
        (
            ErrorKind::CorruptGzip,
            format!("corrupt or truncated gzip data: {e}"),
        )
    } else {
        (ErrorKind::Unreadable, format!("read failed: {e}"))
    }
}

/// The lazy stream of pages of a run. Build with [`Pages::new`].
pub struct Pages {
    sources: Sources,
    format: InputFormat,
    max_bytes: u64,
    jsonl: JsonlFields,
    container: Option<Container>,
    report: ReadReport,
}

/// A multi-page input being read.
enum Container {
    Jsonl(jsonl::JsonlPages),
    Warc(warc::WarcPages),
}

impl Pages {
    /// Prepare to read `spec`. Only opening the `--files-from` list can fail
    /// here; every other failure becomes an error page while reading.
    pub fn new(spec: &InputSpec) -> io::Result<Pages> {
        let list = match &spec.files_from {
            None => None,
            Some(name) => {
                let reader: Box<dyn BufRead + Send> = if name == "-" {
                    Box::new(BufReader::new(io::stdin()))
                } else {
                    Box::new(BufReader::new(File::open(name)?))
                };
                Some(PathList {
                    reader,
                    name: Path::new(name).display().to_string(),
                    separator: if spec.files_from_nul { 0 } else { b'\n' },
                    entry: 0,
                    done: false,
                })
            }
        };
        let mut args = spec.inputs.clone();
        if args.is_empty() && list.is_none() {
            args.push(OsString::from("-"));
        }
        let report = ReadReport::default();
        Ok(Pages {
            sources: Sources {
                args: args.into_iter(),
                list,
                walk: Vec::new(),
                format: spec.format,
                named_dir: None,
                report: report.clone(),
            },
            format: spec.format,
            max_bytes: spec.max_bytes,
            jsonl: spec.jsonl.clone(),
            container: None,
            report,
        })
    }

    /// The counts of what reading finds besides pages (shared: read them
    /// while or after the stream is consumed).
    pub fn report(&self) -> ReadReport {
        self.report.clone()
    }

    /// Open an input, detect gzip and (for `auto`) the format.
    fn open(&self, source: &str, path: Option<&Path>) -> Result<Opened, (ErrorKind, String)> {
        let unreadable = |e: io::Error| (ErrorKind::Unreadable, format!("cannot open: {e}"));
        let (raw, size): (Box<dyn Read + Send>, Option<u64>) = match path {
            None => (Box::new(io::stdin()), None),
            Some(path) => {
                let file = File::open(path).map_err(unreadable)?;
                let size = file.metadata().ok().map(|m| m.len());
                (Box::new(file), size)
            }
        };
        let read_failed = |e: io::Error| (ErrorKind::Unreadable, format!("read failed: {e}"));
        let mut raw = Sniffer::new(raw);
        let gzip = raw.first(1).map_err(read_failed)? == [0x1f]
            && raw.first(2).map_err(read_failed)? == [0x1f, 0x8b];
        let (content, members): (Box<dyn Read + Send>, _) = if gzip {
            let (members, starts) = gzip::Members::new(BufReader::new(raw.into_stream()));
            (Box::new(members), Some(starts))
        } else {
            (Box::new(raw.into_stream()), None)
        };
        let mut content = Sniffer::new(content);
        let by_content = match self.format {
            InputFormat::Auto => {
                format_by_content(&mut content).map_err(|e| read_error(gzip, &e))?
            }
            format => format,
        };
        let lower_name = source.to_ascii_lowercase();
        let base_name = lower_name.strip_suffix(".gz").unwrap_or(&lower_name);
        let format = match by_content {
            InputFormat::Auto if base_name.ends_with(".warc") => InputFormat::Warc,
            InputFormat::Auto
                if [".jsonl", ".ndjson", ".json"]
                    .iter()
                    .any(|ext| base_name.ends_with(ext)) =>
            {
                InputFormat::Jsonl
            }
            InputFormat::Auto => InputFormat::Html,
            format => format,
        };
        if format == InputFormat::Html && !gzip {
            if let Some(size) = size.filter(|&size| size > self.max_bytes) {
                return Err((ErrorKind::TooLarge, too_large(size, self.max_bytes)));
            }
        }
        Ok(Opened {
            reader: Box::new(BufReader::new(content.into_stream())),
            gzip,
            size,
            members,
            format,
        })
    }

    /// Turn one input into its page, or start reading its container.
    fn start(&mut self, source: String, path: Option<&Path>) -> Option<Page> {
        self.report.lock().files += 1;
        let opened = match self.open(&source, path) {
            Ok(opened) => opened,
            Err((kind, error)) => return Some(Page::failed(source, kind, error)),
        };
        match opened.format {
            InputFormat::Jsonl => {
                self.container = Some(Container::Jsonl(jsonl::JsonlPages::new(
                    opened.reader,
                    source,
                    opened.gzip,
                    self.max_bytes,
                    self.jsonl.clone(),
                )));
                None
            }
            InputFormat::Warc => {
                self.container = Some(Container::Warc(warc::WarcPages::new(
                    opened.reader,
                    source,
                    opened.gzip,
                    opened.members,
                    self.max_bytes,
                    self.report.clone(),
                )));
                None
            }
            InputFormat::Html | InputFormat::Auto => {
                let file = UnreadFile {
                    reader: opened.reader,
                    gzip: opened.gzip,
                    max_bytes: self.max_bytes,
                    size: opened.size,
                };
                // Stdin is read here: it is one stream shared by the process,
                // not a file a worker could own.
                let body = if path.is_none() {
                    file.read()
                } else {
                    Body::Unread(file)
                };
                Some(Page::new(source.clone(), source, body))
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
        let mut page = loop {
            if let Some(container) = &mut self.container {
                let page = match container {
                    Container::Jsonl(pages) => pages.next(),
                    Container::Warc(pages) => pages.next(),
                };
                if page.is_some() {
                    break page;
                }
                self.container = None;
            }
            let page = match self.sources.next() {
                None => break None,
                Some(Entry::Failed {
                    source,
                    kind,
                    error,
                }) => Some(Page::failed(source, kind, error)),
                Some(Entry::Stdin) => self.start("-".to_string(), None),
                Some(Entry::File(path)) => self.start(display(&path), Some(&path)),
            };
            if page.is_some() {
                break page;
            }
        }?;
        // Named fields are in every record, null where the input lacks
        // them, so that every record has the same fields.
        self.jsonl.keep.fill_missing(&mut page.kept);
        Some(page)
    }
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
    fn nul_separated_entries() {
        let mut input: &[u8] = b"a b\nc\0d.html\0\0last";
        let mut buf = Vec::new();
        assert_eq!(
            read_until_bounded(&mut input, 0, 100, &mut buf).unwrap(),
            Line::Complete
        );
        assert_eq!(buf, b"a b\nc\0");
        read_until_bounded(&mut input, 0, 100, &mut buf).unwrap();
        assert_eq!(buf, b"d.html\0");
        read_until_bounded(&mut input, 0, 100, &mut buf).unwrap();
        assert_eq!(buf, b"\0");
        read_until_bounded(&mut input, 0, 100, &mut buf).unwrap();
        assert_eq!(buf, b"last");
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
        assert!(wanted("pages.jsonl", InputFormat::Auto));
        assert!(wanted("pages.NDJSON.gz", InputFormat::Auto));
        assert!(!wanted("ground-truth.json", InputFormat::Auto));
        assert!(wanted("pages.json", InputFormat::Jsonl));
        assert!(wanted("pages.jsonl.gz", InputFormat::Jsonl));
        assert!(!wanted("a.html", InputFormat::Jsonl));
    }

    fn sniffed(bytes: &[u8]) -> InputFormat {
        format_by_content(&mut Sniffer::new(bytes)).unwrap()
    }

    #[test]
    fn format_by_content_sees_warc_and_json_lines() {
        assert_eq!(sniffed(b"WARC/1.1\r\n"), InputFormat::Warc);
        assert_eq!(sniffed(b"{\"html\": \"\"}\n"), InputFormat::Jsonl);
        assert_eq!(sniffed(b"\xef\xbb\xbf\n  {}"), InputFormat::Jsonl);
        assert_eq!(sniffed(b"{}"), InputFormat::Jsonl);
        assert_eq!(sniffed(b"<!doctype html>"), InputFormat::Auto);
        assert_eq!(sniffed(b"Welcome"), InputFormat::Auto);
        assert_eq!(sniffed(b""), InputFormat::Auto);
    }

    /// A reader that hands out its bytes a few at a time and fails if asked
    /// for more than it has, like a co-process that wrote one short line
    /// and waits for an answer.
    struct Trickle(Vec<u8>);

    impl Read for Trickle {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                return Err(io::Error::other("read past what the writer sent"));
            }
            let n = out.len().min(self.0.len()).min(2);
            out[..n].copy_from_slice(&self.0[..n]);
            self.0.drain(..n);
            Ok(n)
        }
    }

    #[test]
    fn sniffing_never_reads_past_a_short_first_line() {
        for line in [&b"{}\n"[..], b"{\n", b"\xef\xbb\xbf{}", b"<p>\n"] {
            let mut sniffer = Sniffer::new(Trickle(line.to_vec()));
            format_by_content(&mut sniffer).unwrap();
            let mut again = Vec::new();
            let mut stream = sniffer.into_stream().take(line.len() as u64);
            stream.read_to_end(&mut again).unwrap();
            assert_eq!(again, line);
        }
    }

    #[test]
    fn extract_reports_read_failures_with_empty_text() {
        let page = Page::failed("x.html", ErrorKind::Unreadable, "cannot open: gone");
        let record = page.extract(&Options::default());
        assert_eq!(record.source, "x.html");
        assert_eq!(record.id, "x.html");
        assert_eq!(record.error.as_deref(), Some("cannot open: gone"));
        assert_eq!(record.error_kind, Some(ErrorKind::Unreadable));
        assert!(record.text.is_empty());
        assert_eq!(record.text_sha1, None);
    }

    #[test]
    fn container_url_and_fetch_day_take_precedence() {
        let mut page = Page::new(
            "c.jsonl#1",
            "c.jsonl",
            Body::Bytes(
                b"<article><p>The council met on Tuesday evening to discuss the proposal, \
                  and after a long debate the members agreed to fund the new library.</p></article>"
                    .to_vec(),
            ),
        );
        page.url = Some("https://example.org/a".into());
        let options = Options::default().with_url("https://example.org/fallback");
        let record = page.extract(&options);
        assert_eq!(record.source, "c.jsonl");
        assert_eq!(record.id, "c.jsonl#1");
        assert_eq!(
            record.metadata.url.as_deref(),
            Some("https://example.org/a")
        );
        assert!(record.text.contains("council"), "{record:?}");
        assert_eq!(
            record.text_sha1.as_deref(),
            Some(
                sha1_smol::Sha1::from(record.text.as_str())
                    .digest()
                    .to_string()
                    .as_str()
            )
        );

        // A date after the day the page was fetched is not plausible then;
        // an explicit day wins over the fetch day.
        let dated = b"<html><head><meta property='article:published_time' content='2030-05-01'>\
                      </head><body><p>hello there, a page</p></body></html>";
        let fetched = |day| {
            let mut page = Page::new("p", "p", Body::Bytes(dated.to_vec()));
            page.fetched = Date::new(day, 1, 1);
            page
        };
        let options = Options::default();
        assert_eq!(
            fetched(2020).extract(&options).metadata.date_published,
            None
        );
        assert_eq!(
            fetched(2031)
                .extract(&options)
                .metadata
                .date_published
                .as_deref(),
            Some("2030-05-01")
        );
        let later = Options::default().with_now(Date::new(2031, 1, 1).unwrap());
        let earlier = Options::default().with_now(Date::new(2020, 1, 1).unwrap());
        assert!(fetched(2020)
            .extract(&later)
            .metadata
            .date_published
            .is_some());
        assert!(fetched(2031)
            .extract(&earlier)
            .metadata
            .date_published
            .is_none());
    }
}
