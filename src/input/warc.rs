//! A small streaming WARC reader: the HTML pages of a WARC file, one record
//! at a time.
//!
//! Supported subset (WARC/1.0 and WARC/1.1, ISO 28500):
//! - A record is a version line starting with `WARC/`, header fields
//!   `Name: value` (names case-insensitive, continuation lines starting with
//!   a space or tab are joined), an empty line, then exactly
//!   `Content-Length` bytes of block. Blank lines between records (the
//!   standard's trailing CRLF CRLF) are skipped; LF-only line ends are
//!   accepted.
//! - Gzip, whole-file or one member per record (Common Crawl), is undone
//!   before this reader by a multi-member decoder (`gzip::Members`) that
//!   notes where members start, for the records' offsets.
//! - Pages are taken from `response` records whose block is an HTTP response
//!   (record `Content-Type` `application/http` or absent) with a 2xx status
//!   and an HTTP `Content-Type` of `text/html` or `application/xhtml+xml`, or
//!   none. Redirects and error responses are skipped: their body is a server
//!   message, not the page. Other record types (`warcinfo`, `request`,
//!   `metadata`, `revisit`, ...) are skipped without being held in memory.
//! - The HTTP head is removed; `Transfer-Encoding: chunked` and
//!   `Content-Encoding: gzip`/`deflate` are undone when the crawler kept
//!   them (Common Crawl already removed them); other content encodings give
//!   an error page. `WARC-Truncated` payloads are taken as they are.
//! - Each page carries its provenance ([`WarcFields`]): `WARC-Record-ID`,
//!   `WARC-Target-URI` and `WARC-Date` as written, the HTTP status and
//!   `Content-Type`, and the record's offset in the file as stored (see
//!   `gzip`: the offset of its gzip member when it starts one). Its id is the
//!   WARC-Record-ID, or `<file>#<record number>` (1-based) when the record
//!   has none; its URL hint the `WARC-Target-URI`; its charset hint the HTTP
//!   `charset` parameter; its fetch day the `WARC-Date`.
//! - Every record that holds no page is counted by reason in the run's
//!   [`ReadReport`] (see [`super::ReadCounts::warc_skipped`]).
//!
//! A record that cannot be delimited (bad version line, malformed header,
//! missing `Content-Length`, block cut short by the end of the file, corrupt
//! gzip) ends the file with one error page: the rest cannot be found
//! reliably. A record that is delimited but unusable (over `--max-bytes`, a
//! malformed HTTP head, an unknown Content-Encoding) gives an error page and
//! reading goes on.
//!
//! The steps for one record, in order: [`WarcPages::next_record`] reads the
//! header and decides by the WARC fields; [`parse_http`] splits the block
//! into status, headers and body and [`skip_reason`] decides by them;
//! [`payload`] undoes the transfer and content encodings.

use std::io::{self, BufRead, Read};

use flate2::read::{DeflateDecoder, MultiGzDecoder, ZlibDecoder};

use super::gzip::{self, Counted, SharedStarts};
use super::{
    read_error, read_line_bounded, trim_line_end, Body, Line, Page, ReadReport, MAX_HEADER_LINE,
};
use crate::record::WarcFields;
use crate::{Date, ErrorKind};

/// Largest WARC header block accepted; real ones are a few hundred bytes.
const MAX_HEADER_BYTES: usize = 1024 * 1024;

/// WARC record types named in skip counts; any other type counts as
/// `other_type`, so that the counts stay a short fixed list whatever a file
/// holds.
const KNOWN_TYPES: [&str; 7] = [
    "warcinfo",
    "request",
    "metadata",
    "revisit",
    "resource",
    "conversion",
    "continuation",
];

/// What reading one record produced.
enum Step {
    /// An HTML page (or an error page for this record only).
    Page(Box<Page>),
    /// A record that holds no page, and why.
    Skip(&'static str),
}

/// The pages of one WARC stream.
pub(super) struct WarcPages {
    reader: Counted<Box<dyn BufRead + Send>>,
    source: String,
    gzip: bool,
    /// Where gzip members start in the file, when it is gzip.
    members: Option<SharedStarts>,
    max_bytes: u64,
    report: ReadReport,
    /// Number of the record being read (1-based).
    record: u64,
    /// Offset (as stored) of the record being read.
    offset: u64,
    done: bool,
}

impl WarcPages {
    /// Read pages from `reader` (already gunzipped, with the member starts
    /// of the gzip file if it was one), naming them after `source` and
    /// counting skipped records in `report`.
    pub(super) fn new(
        reader: Box<dyn BufRead + Send>,
        source: String,
        gzip: bool,
        members: Option<SharedStarts>,
        max_bytes: u64,
        report: ReadReport,
    ) -> WarcPages {
        WarcPages {
            reader: Counted::new(reader),
            source,
            gzip,
            members,
            max_bytes,
            report,
            record: 0,
            offset: 0,
            done: false,
        }
    }

    /// Id of the current record when it has no WARC-Record-ID (yet).
    fn here(&self) -> String {
        format!("{}#{}", self.source, self.record)
    }

    /// An error page for the current record.
    fn error_page(&self, id: String, warc: WarcFields, kind: ErrorKind, error: String) -> Page {
        let mut page = Page::new(id, self.source.clone(), Body::Failed(kind, error));
        page.warc = Some(warc);
        page
    }

    /// An error that ends the file.
    fn fatal(&self, kind: ErrorKind, error: String) -> Box<Page> {
        let warc = WarcFields {
            warc_offset: self.offset,
            ..WarcFields::default()
        };
        Box::new(self.error_page(self.here(), warc, kind, error))
    }

    /// A read error that ends the file.
    fn read_failed(&self, e: &io::Error) -> Box<Page> {
        let (kind, error) = read_error(self.gzip, e);
        self.fatal(kind, error)
    }

    /// Read one line of the record head; `None` at the end of the input.
    fn head_line(&mut self, buf: &mut Vec<u8>) -> Result<Option<String>, Box<Page>> {
        match read_line_bounded(&mut self.reader, MAX_HEADER_LINE, buf) {
            Ok(Line::Eof) => Ok(None),
            Ok(Line::Complete) => Ok(Some(
                String::from_utf8_lossy(trim_line_end(buf)).into_owned(),
            )),
            Ok(Line::TooLong) => Err(self.fatal(
                ErrorKind::InvalidWarc,
                format!("not a WARC file: header line longer than {MAX_HEADER_LINE} bytes"),
            )),
            Err(e) => Err(self.read_failed(&e)),
        }
    }

    /// The offset as stored of the byte at `uncompressed` in the
    /// gunzipped stream. Ask only once that byte has been read: the gzip
    /// decoder notes where a member starts when it gets to it.
    fn stored_offset(&self, uncompressed: u64) -> u64 {
        match &self.members {
            Some(members) => gzip::stored_offset(members, uncompressed),
            None => uncompressed,
        }
    }

    /// Read the next record; `Ok(None)` at a clean end of the input.
    fn next_record(&mut self) -> Result<Option<Step>, Box<Page>> {
        let mut buf = Vec::new();
        let version = loop {
            let start = self.reader.consumed();
            match self.head_line(&mut buf)? {
                None => return Ok(None),
                Some(line) if line.trim().is_empty() => continue,
                Some(line) => {
                    self.offset = self.stored_offset(start);
                    break line;
                }
            }
        };
        self.record += 1;
        if !version.starts_with("WARC/") {
            let shown: String = version.chars().take(40).collect();
            return Err(self.fatal(
                ErrorKind::InvalidWarc,
                format!("not a WARC record: expected a 'WARC/1.x' line, found {shown:?}"),
            ));
        }

        let mut fields: Vec<(String, String)> = Vec::new();
        let mut head_bytes = 0usize;
        loop {
            let Some(line) = self.head_line(&mut buf)? else {
                return Err(self.fatal(
                    ErrorKind::InvalidWarc,
                    "truncated WARC record: the file ends inside the header".into(),
                ));
            };
            head_bytes += line.len();
            if head_bytes > MAX_HEADER_BYTES {
                return Err(self.fatal(
                    ErrorKind::InvalidWarc,
                    format!("WARC header longer than {MAX_HEADER_BYTES} bytes"),
                ));
            }
            if line.is_empty() {
                break;
            }
            if line.starts_with([' ', '\t']) {
                if let Some((_, value)) = fields.last_mut() {
                    if !value.is_empty() {
                        value.push(' ');
                    }
                    value.push_str(line.trim());
                    continue;
                }
            }
            match line.split_once(':') {
                Some((name, value)) => {
                    fields.push((name.trim().to_ascii_lowercase(), value.trim().to_string()))
                }
                None => {
                    let shown: String = line.chars().take(40).collect();
                    return Err(self.fatal(
                        ErrorKind::InvalidWarc,
                        format!("malformed WARC header line {shown:?}"),
                    ));
                }
            }
        }
        let field = |name: &str| {
            fields
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
                .filter(|v| !v.is_empty())
        };
        let mut warc = WarcFields {
            warc_record_id: field("warc-record-id").map(str::to_string),
            warc_target_uri: field("warc-target-uri")
                .map(|u| u.trim_start_matches('<').trim_end_matches('>').to_string())
                .filter(|u| !u.is_empty()),
            warc_date: field("warc-date").map(str::to_string),
            warc_offset: self.offset,
            ..WarcFields::default()
        };
        let id = warc.warc_record_id.clone().unwrap_or_else(|| self.here());
        let length: u64 = match field("content-length").map(str::parse) {
            Some(Ok(length)) => length,
            Some(Err(_)) => {
                return Err(Box::new(self.error_page(
                    id,
                    warc,
                    ErrorKind::InvalidWarc,
                    "WARC record has an invalid Content-Length".into(),
                )))
            }
            None => {
                return Err(Box::new(self.error_page(
                    id,
                    warc,
                    ErrorKind::InvalidWarc,
                    "WARC record has no Content-Length".into(),
                )))
            }
        };
        let kind = field("warc-type").unwrap_or("").to_ascii_lowercase();
        if kind != "response" {
            self.skip_block(length)?;
            let reason = KNOWN_TYPES
                .iter()
                .find(|known| **known == kind)
                .copied()
                .unwrap_or("other_type");
            return Ok(Some(Step::Skip(reason)));
        }
        let is_http = field("content-type").is_none_or(|t| {
            t.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/http")
        });
        if !is_http {
            self.skip_block(length)?;
            return Ok(Some(Step::Skip("not_http")));
        }
        if length > self.max_bytes {
            self.skip_block(length)?;
            let error = format!(
                "WARC record is larger than --max-bytes ({length} > {} bytes)",
                self.max_bytes
            );
            let mut page = self.error_page(id, warc, ErrorKind::TooLarge, error);
            page.url = page.warc.as_ref().and_then(|w| w.warc_target_uri.clone());
            return Ok(Some(Step::Page(Box::new(page))));
        }
        let (block, cut) = self.read_block(length)?;
        if cut.is_some() {
            // Nothing after a clipped record can be found.
            self.done = true;
            warc.warc_truncated = true;
        }
        let fetched = warc.warc_date.as_deref().and_then(Date::parse_iso);
        let url = warc.warc_target_uri.clone();
        let truncated = cut.is_some();
        let outcome = parse_http(&block).and_then(|response| {
            warc.http_status = Some(response.status);
            warc.content_type = response.content_type.clone();
            if let Some(reason) = skip_reason(&response) {
                return Ok(Err(reason));
            }
            let charset = response.charset();
            payload(&response, self.max_bytes, truncated).map(|body| Ok((body, charset)))
        });
        let mut page = match outcome {
            Ok(Err(reason)) => return Ok(Some(Step::Skip(reason))),
            Ok(Ok((body, charset))) => {
                let mut page = Page::new(id, self.source.clone(), Body::Bytes(body));
                page.charset = charset;
                page.warc = Some(warc);
                page
            }
            // What arrived of a clipped record is not a readable response:
            // say that the record was clipped, the real cause.
            Err(failure) => {
                let (kind, error) = cut.unwrap_or(failure);
                self.error_page(id, warc, kind, error)
            }
        };
        page.url = url;
        page.fetched = fetched;
        Ok(Some(Step::Page(Box::new(page))))
    }

    /// Read a whole block of `length` bytes (at most `--max-bytes`). When
    /// the file ends inside it (or its gzip stream breaks off), the bytes
    /// that arrived come with the kind and words of the truncation, so that
    /// the caller can keep the page as far as it goes.
    fn read_block(&mut self, length: u64) -> Result<(Vec<u8>, Option<Failure>), Box<Page>> {
        let mut block = Vec::with_capacity(usize::try_from(length).unwrap_or(0));
        // `read_to_end` keeps what it read before an error.
        let cut = match (&mut self.reader).take(length).read_to_end(&mut block) {
            Err(e) => Some(read_error(self.gzip, &e)),
            Ok(n) if (n as u64) < length => {
                Some((ErrorKind::InvalidWarc, truncated_words(n as u64, length)))
            }
            Ok(_) => None,
        };
        if block.is_empty() {
            if let Some((kind, error)) = cut {
                return Err(self.fatal(kind, error));
            }
        }
        Ok((block, cut))
    }

    /// Pass over a block without keeping it.
    fn skip_block(&mut self, length: u64) -> Result<(), Box<Page>> {
        match io::copy(&mut (&mut self.reader).take(length), &mut io::sink()) {
            Err(e) => Err(self.read_failed(&e)),
            Ok(n) if n < length => Err(self.truncated(n, length)),
            Ok(_) => Ok(()),
        }
    }

    fn truncated(&self, got: u64, length: u64) -> Box<Page> {
        self.fatal(ErrorKind::InvalidWarc, truncated_words(got, length))
    }
}

/// The error of a record cut short by the end of the file.
fn truncated_words(got: u64, length: u64) -> String {
    format!("truncated WARC record: the file ends after {got} of {length} content bytes")
}

impl Iterator for WarcPages {
    type Item = Page;

    fn next(&mut self) -> Option<Page> {
        while !self.done {
            match self.next_record() {
                Ok(Some(Step::Page(page))) => return Some(*page),
                Ok(Some(Step::Skip(reason))) => self.report.skipped(reason),
                Ok(None) => self.done = true,
                Err(page) => {
                    self.done = true;
                    return Some(*page);
                }
            }
        }
        None
    }
}

/// An HTTP response as a WARC response record holds it.
#[derive(Debug)]
struct HttpResponse<'a> {
    status: u16,
    /// The `Content-Type` header as written.
    content_type: Option<String>,
    /// `Transfer-Encoding`, lower case.
    transfer_encoding: Option<String>,
    /// `Content-Encoding`, lower case.
    content_encoding: Option<String>,
    /// The body as stored (still chunked or compressed if the crawler kept
    /// it so).
    body: &'a [u8],
}

impl HttpResponse<'_> {
    /// The media type of `Content-Type`, lower case (`""` when absent).
    fn media_type(&self) -> String {
        self.content_type
            .as_deref()
            .and_then(|t| t.split(';').next())
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    }

    /// The `charset` parameter of `Content-Type`.
    fn charset(&self) -> Option<String> {
        self.content_type
            .as_deref()?
            .split(';')
            .skip(1)
            .filter_map(|param| param.split_once('='))
            .find(|(key, _)| key.trim().eq_ignore_ascii_case("charset"))
            .map(|(_, value)| value.trim().trim_matches(['"', '\'']).to_string())
            .filter(|value| !value.is_empty())
    }
}

/// An error page's kind and words.
type Failure = (ErrorKind, String);

/// Split an HTTP response into status, the headers pith uses, and body.
fn parse_http(block: &[u8]) -> Result<HttpResponse<'_>, Failure> {
    let invalid = |error: String| (ErrorKind::InvalidHttp, error);
    let (head, body) = match find(block, b"\r\n\r\n") {
        Some(i) => (&block[..i], &block[i + 4..]),
        None => match find(block, b"\n\n") {
            Some(i) => (&block[..i], &block[i + 2..]),
            None => return Err(invalid("HTTP response head has no end".into())),
        },
    };
    // Header values are ASCII in practice; stray bytes (a Latin-1 file
    // name in a header) must not make the page unreadable.
    let head = String::from_utf8_lossy(head);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    if !status_line.starts_with("HTTP/") {
        return Err(invalid(
            "WARC response record does not hold an HTTP response".into(),
        ));
    }
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| {
            invalid(format!(
                "HTTP status line without a status code: {status_line:?}"
            ))
        })?;
    let mut response = HttpResponse {
        status,
        content_type: None,
        transfer_encoding: None,
        content_encoding: None,
        body,
    };
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => response.content_type = Some(value.to_string()),
            "transfer-encoding" => response.transfer_encoding = Some(value.to_ascii_lowercase()),
            "content-encoding" => response.content_encoding = Some(value.to_ascii_lowercase()),
            _ => {}
        }
    }
    Ok(response)
}

/// Why a response holds no page, or `None` when it holds one: only 2xx
/// responses of an HTML media type (or none) are pages; redirects and
/// error responses carry a server message, not the page.
fn skip_reason(response: &HttpResponse<'_>) -> Option<&'static str> {
    match response.status {
        200..=299 => {}
        100..=199 => return Some("http_1xx"),
        300..=399 => return Some("http_3xx"),
        400..=499 => return Some("http_4xx"),
        500..=599 => return Some("http_5xx"),
        _ => return Some("http_other"),
    }
    let media_type = response.media_type();
    if media_type.is_empty() || media_type == "text/html" || media_type == "application/xhtml+xml" {
        None
    } else {
        Some("not_html")
    }
}

/// The page's bytes: the body with `Transfer-Encoding: chunked` and
/// `Content-Encoding: gzip`/`deflate` undone (Common Crawl removes them,
/// other crawlers keep them), at most `max_bytes`.
///
/// Crawl files lie: some crawlers store the body decoded but keep the
/// header `Content-Encoding: gzip`, some write encodings pith cannot undo
/// (`br`). When the body does not decode, it is taken as it is stored, as
/// warcio does, unless it is binary (then it really was compressed, and the
/// record says so). A `truncated` record (the file ends inside it) keeps
/// what decoded of its body before the break.
fn payload(
    response: &HttpResponse<'_>,
    max_bytes: u64,
    truncated: bool,
) -> Result<Vec<u8>, Failure> {
    let chunked = response
        .transfer_encoding
        .as_deref()
        .is_some_and(|t| t.contains("chunked"));
    let body = if chunked {
        match dechunk(response.body, truncated) {
            Ok(body) => body,
            // Not chunked after all: the same lie as above.
            Err(e) if crate::sniff::not_html(response.body).is_some() => {
                return Err((ErrorKind::InvalidHttp, e))
            }
            Err(_) => response.body.to_vec(),
        }
    } else {
        response.body.to_vec()
    };
    let decoded = match response.content_encoding.as_deref() {
        None | Some("" | "identity") => return Ok(body),
        Some("gzip" | "x-gzip") => {
            inflate(MultiGzDecoder::new(&body[..]), max_bytes, "gzip", truncated)
        }
        Some("deflate") => {
            // "deflate" is zlib-wrapped by the standard but raw in practice
            // from some servers; try both.
            inflate(ZlibDecoder::new(&body[..]), max_bytes, "deflate", truncated).or_else(|e| {
                match e.0 {
                    ErrorKind::TooLarge => Err(e),
                    _ => inflate(
                        DeflateDecoder::new(&body[..]),
                        max_bytes,
                        "deflate",
                        truncated,
                    ),
                }
            })
        }
        Some(other) => Err((
            ErrorKind::InvalidHttp,
            format!("unsupported HTTP Content-Encoding {other:?}"),
        )),
    };
    match decoded {
        Ok(decoded) => Ok(decoded),
        // A bomb is not a lie: the limit stands.
        Err(failure) if failure.0 == ErrorKind::TooLarge => Err(failure),
        Err((kind, error)) => match crate::sniff::not_html(&body) {
            None if body.len() as u64 <= max_bytes => Ok(body),
            None => Err((
                ErrorKind::TooLarge,
                format!("page is larger than --max-bytes ({max_bytes} bytes)"),
            )),
            Some(what) => Err((
                kind,
                format!("{error}, and the body as stored is not a page either (it is {what})"),
            )),
        },
    }
}

/// Decompress a payload, at most `max_bytes`: the decoder stops at the
/// limit, so a bomb never grows past it. A `truncated` payload keeps what
/// decoded before its data broke off.
fn inflate(
    decoder: impl Read,
    max_bytes: u64,
    name: &str,
    truncated: bool,
) -> Result<Vec<u8>, Failure> {
    let mut out = Vec::new();
    // `read_to_end` keeps what it read before an error.
    let result = decoder
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut out);
    if out.len() as u64 > max_bytes {
        return Err((
            ErrorKind::TooLarge,
            format!("page is larger than --max-bytes ({max_bytes} bytes) after {name} decoding"),
        ));
    }
    match result {
        Ok(_) => Ok(out),
        Err(_) if truncated && !out.is_empty() => Ok(out),
        Err(e) => Err((
            ErrorKind::InvalidHttp,
            format!("corrupt {name} Content-Encoding: {e}"),
        )),
    }
}

/// Undo `Transfer-Encoding: chunked`; a `truncated` body keeps the chunks
/// that arrived, the last one as far as it goes.
fn dechunk(mut body: &[u8], truncated: bool) -> Result<Vec<u8>, String> {
    let malformed = || "malformed chunked Transfer-Encoding".to_string();
    let mut out = Vec::with_capacity(body.len());
    loop {
        let Some(line_end) = find(body, b"\n") else {
            if truncated && !out.is_empty() {
                return Ok(out);
            }
            return Err(malformed());
        };
        let size_field = String::from_utf8_lossy(&body[..line_end]);
        // Chunk extensions follow a ';'.
        let size_hex = size_field.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_hex, 16).map_err(|_| malformed())?;
        body = &body[line_end + 1..];
        if size == 0 {
            return Ok(out);
        }
        if size > body.len() {
            if truncated {
                out.extend_from_slice(body);
                return Ok(out);
            }
            return Err(malformed());
        }
        out.extend_from_slice(&body[..size]);
        body = &body[size..];
        body = body.strip_prefix(b"\r").unwrap_or(body);
        body = body.strip_prefix(b"\n").unwrap_or(body);
    }
}

/// Position of `needle` in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(warc: &[u8], max_bytes: u64) -> (Vec<Page>, ReadReport) {
        let reader: Box<dyn BufRead + Send> = Box::new(io::Cursor::new(warc.to_vec()));
        let report = ReadReport::default();
        let pages = WarcPages::new(
            reader,
            "t.warc".into(),
            false,
            None,
            max_bytes,
            report.clone(),
        )
        .collect();
        (pages, report)
    }

    fn pages(warc: &[u8]) -> Vec<Page> {
        read(warc, 1 << 20).0
    }

    fn record(kind: &str, id: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <{id}>\r\n\
             WARC-Target-URI: https://example.org/{id}\r\nContent-Type: {content_type}\r\n\
             Content-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    const HTTP: &str = "application/http; msgtype=response";

    #[test]
    fn takes_html_responses_only() {
        let mut warc = record(
            "warcinfo",
            "info",
            "application/warc-fields",
            b"software: test\r\n",
        );
        warc.extend(record(
            "request",
            "req",
            "application/http; msgtype=request",
            b"GET / HTTP/1.1\r\n\r\n",
        ));
        warc.extend(record(
            "response",
            "page",
            HTTP,
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=\"ISO-8859-1\"\r\n\r\n<p>hi</p>",
        ));
        warc.extend(record(
            "response",
            "image",
            HTTP,
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
        ));
        warc.extend(record(
            "response",
            "moved",
            HTTP,
            b"HTTP/1.1 301 Moved\r\nLocation: /x\r\nContent-Type: text/html\r\n\r\nmoved",
        ));
        warc.extend(record(
            "response",
            "dns",
            "text/dns",
            b"example.org. 300 IN A 1.2.3.4",
        ));
        let (pages, report) = read(&warc, 1 << 20);
        assert_eq!(pages.len(), 1, "{pages:?}");
        assert_eq!(pages[0].source, "t.warc");
        assert_eq!(pages[0].id, "<page>");
        assert_eq!(pages[0].url.as_deref(), Some("https://example.org/page"));
        assert_eq!(pages[0].charset.as_deref(), Some("ISO-8859-1"));
        assert_eq!(pages[0].bytes(), Some(&b"<p>hi</p>"[..]));
        let warc_fields = pages[0].warc.as_ref().unwrap();
        assert_eq!(warc_fields.warc_record_id.as_deref(), Some("<page>"));
        assert_eq!(warc_fields.http_status, Some(200));
        assert_eq!(
            warc_fields.content_type.as_deref(),
            Some("text/html; charset=\"ISO-8859-1\"")
        );
        // The record starts after the warcinfo and request records.
        let before = record(
            "warcinfo",
            "info",
            "application/warc-fields",
            b"software: test\r\n",
        )
        .len()
            + record(
                "request",
                "req",
                "application/http; msgtype=request",
                b"GET / HTTP/1.1\r\n\r\n",
            )
            .len();
        assert_eq!(warc_fields.warc_offset, before as u64);
        let skipped: Vec<(&str, u64)> = report.counts().warc_skipped.into_iter().collect();
        assert_eq!(
            skipped,
            [
                ("http_3xx", 1),
                ("not_html", 1),
                ("not_http", 1),
                ("request", 1),
                ("warcinfo", 1)
            ]
        );
    }

    #[test]
    fn a_clipped_record_keeps_what_arrived_and_ends_the_file() {
        let mut warc = record("response", "a", HTTP, b"HTTP/1.1 200 OK\r\n\r\n<p>a</p>");
        let whole = record(
            "response",
            "b",
            HTTP,
            b"HTTP/1.1 200 OK\r\n\r\n<p>b and more</p>",
        );
        warc.extend_from_slice(&whole[..whole.len() - 12]);
        let pages = pages(&warc);
        assert_eq!(pages.len(), 2);
        assert!(pages[0].bytes().is_some());
        assert!(!pages[0].warc.as_ref().unwrap().warc_truncated);
        assert_eq!(pages[1].bytes(), Some(&b"<p>b and "[..]));
        assert_eq!(pages[1].id, "<b>");
        let fields = pages[1].warc.as_ref().unwrap();
        assert!(fields.warc_truncated);
        let first_len = record("response", "a", HTTP, b"HTTP/1.1 200 OK\r\n\r\n<p>a</p>").len();
        assert_eq!(fields.warc_offset, first_len as u64);
    }

    #[test]
    fn a_record_clipped_inside_its_http_head_is_an_error_page() {
        let whole = record("response", "b", HTTP, b"HTTP/1.1 200 OK\r\n\r\n<p>b</p>");
        let cut = whole.iter().position(|&b| b == b'O').unwrap();
        let pages = pages(&whole[..cut + 1]);
        assert_eq!(pages.len(), 1);
        let error = pages[0].error().unwrap();
        assert!(error.starts_with("truncated WARC record"), "{error}");
        assert!(matches!(
            pages[0].body,
            Body::Failed(ErrorKind::InvalidWarc, _)
        ));
        assert!(pages[0].warc.as_ref().unwrap().warc_truncated);
    }

    #[test]
    fn a_record_clipped_inside_its_header_ends_with_an_error_page() {
        let whole = record("response", "b", HTTP, b"HTTP/1.1 200 OK\r\n\r\n<p>b</p>");
        let pages = pages(&whole[..20]);
        assert_eq!(pages.len(), 1);
        assert!(pages[0]
            .error()
            .unwrap()
            .starts_with("truncated WARC record"));
    }

    #[test]
    fn not_a_warc_file() {
        let pages = pages(b"<html>not warc</html>");
        assert_eq!(pages.len(), 1);
        assert!(pages[0].error().unwrap().starts_with("not a WARC record"));
    }

    #[test]
    fn chunked_and_gzip_content_encoding_are_undone() {
        use flate2::write::GzEncoder;
        use std::io::Write;
        let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"<p>compressed page</p>").unwrap();
        let compressed = gz.finish().unwrap();
        let mut chunked = Vec::new();
        for piece in compressed.chunks(7) {
            chunked.extend(format!("{:x};ext=1\r\n", piece.len()).into_bytes());
            chunked.extend_from_slice(piece);
            chunked.extend_from_slice(b"\r\n");
        }
        chunked.extend_from_slice(b"0\r\n\r\n");
        let mut block =
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n"
                .to_vec();
        block.extend(chunked);
        let response = parse_http(&block).unwrap();
        assert_eq!(skip_reason(&response), None);
        assert_eq!(response.charset(), None);
        assert_eq!(
            payload(&response, 1 << 20, false).unwrap(),
            b"<p>compressed page</p>"
        );
    }

    #[test]
    fn undecodable_binary_is_an_error_for_that_record_only() {
        let mut warc = record(
            "response",
            "br",
            HTTP,
            b"HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\n\x0b\x02\x01\x03\x04\x05\x06",
        );
        warc.extend(record(
            "response",
            "ok",
            HTTP,
            b"HTTP/1.0 200 OK\n\n<p>ok</p>",
        ));
        let pages = pages(&warc);
        assert_eq!(pages.len(), 2);
        assert!(pages[0].error().unwrap().contains("Content-Encoding"));
        assert_eq!(pages[1].bytes(), Some(&b"<p>ok</p>"[..]));
    }

    #[test]
    fn a_lying_content_encoding_falls_back_to_the_body_as_stored() {
        for encoding in ["gzip", "deflate", "br", "x-gzip"] {
            let block = format!(
                "HTTP/1.1 200 OK\r\nContent-Encoding: {encoding}\r\n\r\n<p>stored decoded</p>"
            );
            let pages = pages(&record("response", "lie", HTTP, block.as_bytes()));
            assert_eq!(pages.len(), 1);
            assert_eq!(
                pages[0].bytes(),
                Some(&b"<p>stored decoded</p>"[..]),
                "{encoding}"
            );
        }
        // Dechunked too, with the header kept.
        let block = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n<p>whole</p>";
        let pages = pages(&record("response", "lie", HTTP, block));
        assert_eq!(pages[0].bytes(), Some(&b"<p>whole</p>"[..]));
    }

    #[test]
    fn a_gzip_bomb_stops_at_the_limit() {
        use flate2::write::GzEncoder;
        use std::io::Write;
        let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&vec![b' '; 8 << 20]).unwrap();
        let mut block = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        block.extend(gz.finish().unwrap());
        let (pages, _) = read(&record("response", "bomb", HTTP, &block), 1 << 20);
        assert_eq!(pages.len(), 1);
        assert!(matches!(
            pages[0].body,
            Body::Failed(ErrorKind::TooLarge, _)
        ));
    }

    #[test]
    fn oversized_record_is_skipped_with_an_error() {
        let mut warc = record("response", "big", HTTP, &[b'x'; 4096]);
        warc.extend(record(
            "response",
            "ok",
            HTTP,
            b"HTTP/1.1 200 OK\r\n\r\n<p>ok</p>",
        ));
        let (pages, _) = read(&warc, 1000);
        assert_eq!(pages.len(), 2);
        assert!(pages[0].error().unwrap().contains("--max-bytes"));
        assert!(pages[1].bytes().is_some());
    }

    #[test]
    fn folded_header_and_missing_length() {
        let warc = b"WARC/1.0\nWARC-Type: response\nWARC-Record-ID:\n  <urn:x>\n\n";
        let pages = pages(warc);
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].id, "<urn:x>");
        assert_eq!(
            pages[0].error().unwrap(),
            "WARC record has no Content-Length"
        );
    }
}

#[cfg(test)]
mod gzip_offset_tests {
    use super::*;
    use flate2::write::GzEncoder;
    use std::io::Write;

    #[test]
    fn offsets_of_records_in_gzip_members_are_member_offsets() {
        let response = |id: &str| {
            let block = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>{id}</p>");
            format!(
                "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <{id}>\r\n\
                 Content-Type: application/http\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
                block.len()
            )
        };
        let members: Vec<Vec<u8>> = ["a", "b", "c"]
            .iter()
            .map(|id| {
                let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::default());
                gz.write_all(response(id).as_bytes()).unwrap();
                gz.finish().unwrap()
            })
            .collect();
        let file = members.concat();
        // Decoded as the reader goes, as in a run: a member's start is
        // only known once the decoder gets to it.
        let (decoder, starts) = gzip::Members::new(io::BufReader::new(io::Cursor::new(file)));
        let reader: Box<dyn BufRead + Send> = Box::new(io::BufReader::new(decoder));
        let pages: Vec<Page> = WarcPages::new(
            reader,
            "t.warc.gz".into(),
            true,
            Some(starts),
            1 << 20,
            ReadReport::default(),
        )
        .collect();
        let offsets: Vec<u64> = pages
            .iter()
            .map(|p| p.warc.as_ref().unwrap().warc_offset)
            .collect();
        assert_eq!(
            offsets,
            [
                0,
                members[0].len() as u64,
                (members[0].len() + members[1].len()) as u64
            ]
        );
    }
}
