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
//!   before this reader by a multi-member decoder.
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
//! - URL = `WARC-Target-URI`; charset hint = the HTTP `charset` parameter;
//!   source = `<file>#<WARC-Record-ID without angle brackets>`, or
//!   `<file>#<record number>` (1-based) when the record has no id.
//!
//! A record that cannot be delimited (bad version line, malformed header,
//! missing `Content-Length`, block cut short by the end of the file, corrupt
//! gzip) ends the file with one error page: the rest cannot be found
//! reliably. A record that is delimited but unusable (over `--max-bytes`, a
//! malformed HTTP head) gives an error page and reading goes on.

use std::io::{self, BufRead, Read};

use flate2::read::{DeflateDecoder, MultiGzDecoder, ZlibDecoder};

use super::{read_error, read_line_bounded, trim_line_end, Body, Line, Page, MAX_HEADER_LINE};

/// Largest WARC header block accepted; real ones are a few hundred bytes.
const MAX_HEADER_BYTES: usize = 1024 * 1024;

/// What reading one record produced.
enum Step {
    /// An HTML page (or an error page for this record only).
    Page(Page),
    /// A record that holds no page.
    Skip,
}

/// The pages of one WARC stream.
pub(super) struct WarcPages {
    reader: Box<dyn BufRead>,
    source: String,
    gzip: bool,
    max_bytes: u64,
    /// Number of the record being read (1-based).
    record: u64,
    done: bool,
}

impl WarcPages {
    /// Read pages from `reader` (already gunzipped), naming them after
    /// `source`.
    pub(super) fn new(
        reader: Box<dyn BufRead>,
        source: String,
        gzip: bool,
        max_bytes: u64,
    ) -> WarcPages {
        WarcPages {
            reader,
            source,
            gzip,
            max_bytes,
            record: 0,
            done: false,
        }
    }

    /// Source name of the current record when it has no id (yet).
    fn here(&self) -> String {
        format!("{}#{}", self.source, self.record)
    }

    /// An error that ends the file.
    fn fatal(&self, error: String) -> Page {
        Page::failed(self.here(), error)
    }

    /// Read one line of the record head; `None` at the end of the input.
    fn head_line(&mut self, buf: &mut Vec<u8>) -> Result<Option<String>, Page> {
        match read_line_bounded(&mut *self.reader, MAX_HEADER_LINE, buf) {
            Ok(Line::Eof) => Ok(None),
            Ok(Line::Complete) => Ok(Some(
                String::from_utf8_lossy(trim_line_end(buf)).into_owned(),
            )),
            Ok(Line::TooLong) => Err(self.fatal(format!(
                "not a WARC file: header line longer than {MAX_HEADER_LINE} bytes"
            ))),
            Err(e) => Err(self.fatal(read_error(self.gzip, &e))),
        }
    }

    /// Read the next record; `Ok(None)` at a clean end of the input.
    fn next_record(&mut self) -> Result<Option<Step>, Page> {
        let mut buf = Vec::new();
        let version = loop {
            match self.head_line(&mut buf)? {
                None => return Ok(None),
                Some(line) if line.trim().is_empty() => continue,
                Some(line) => break line,
            }
        };
        self.record += 1;
        if !version.starts_with("WARC/") {
            let shown: String = version.chars().take(40).collect();
            return Err(self.fatal(format!(
                "not a WARC record: expected a 'WARC/1.x' line, found {shown:?}"
            )));
        }

        let mut fields: Vec<(String, String)> = Vec::new();
        let mut head_bytes = 0usize;
        loop {
            let Some(line) = self.head_line(&mut buf)? else {
                return Err(
                    self.fatal("truncated WARC record: the file ends inside the header".into())
                );
            };
            head_bytes += line.len();
            if head_bytes > MAX_HEADER_BYTES {
                return Err(self.fatal(format!("WARC header longer than {MAX_HEADER_BYTES} bytes")));
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
                    return Err(self.fatal(format!("malformed WARC header line {shown:?}")));
                }
            }
        }
        let field = |name: &str| {
            fields
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        let source = match field("warc-record-id") {
            Some(id) if !id.is_empty() => {
                let id = id.strip_prefix('<').unwrap_or(id);
                let id = id.strip_suffix('>').unwrap_or(id);
                format!("{}#{id}", self.source)
            }
            _ => self.here(),
        };
        let length: u64 = match field("content-length").map(str::parse) {
            Some(Ok(length)) => length,
            Some(Err(_)) => {
                return Err(Page::failed(
                    source,
                    "WARC record has an invalid Content-Length",
                ))
            }
            None => return Err(Page::failed(source, "WARC record has no Content-Length")),
        };
        let is_response = field("warc-type").is_some_and(|t| t.eq_ignore_ascii_case("response"));
        let is_http = field("content-type").is_none_or(|t| {
            t.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/http")
        });
        let url = field("warc-target-uri")
            .map(|u| u.trim_start_matches('<').trim_end_matches('>').to_string())
            .filter(|u| !u.is_empty());

        if !(is_response && is_http) {
            self.skip_block(length)?;
            return Ok(Some(Step::Skip));
        }
        if length > self.max_bytes {
            self.skip_block(length)?;
            let mut page = Page::failed(
                source,
                format!(
                    "WARC record is larger than --max-bytes ({length} > {} bytes)",
                    self.max_bytes
                ),
            );
            page.url = url;
            return Ok(Some(Step::Page(page)));
        }
        let block = self.read_block(length)?;
        let page = match http_payload(&block, self.max_bytes) {
            Ok(None) => return Ok(Some(Step::Skip)),
            Ok(Some(payload)) => Page {
                source,
                url,
                charset: payload.charset,
                body: Body::Bytes(payload.body),
            },
            Err(error) => Page {
                source,
                url,
                charset: None,
                body: Body::Failed(error),
            },
        };
        Ok(Some(Step::Page(page)))
    }

    /// Read a whole block of `length` bytes (at most `--max-bytes`).
    fn read_block(&mut self, length: u64) -> Result<Vec<u8>, Page> {
        let mut block = Vec::with_capacity(usize::try_from(length).unwrap_or(0));
        match (&mut self.reader).take(length).read_to_end(&mut block) {
            Err(e) => Err(self.fatal(read_error(self.gzip, &e))),
            Ok(n) if (n as u64) < length => Err(self.truncated(n as u64, length)),
            Ok(_) => Ok(block),
        }
    }

    /// Pass over a block without keeping it.
    fn skip_block(&mut self, length: u64) -> Result<(), Page> {
        match io::copy(&mut (&mut self.reader).take(length), &mut io::sink()) {
            Err(e) => Err(self.fatal(read_error(self.gzip, &e))),
            Ok(n) if n < length => Err(self.truncated(n, length)),
            Ok(_) => Ok(()),
        }
    }

    fn truncated(&self, got: u64, length: u64) -> Page {
        self.fatal(format!(
            "truncated WARC record: the file ends after {got} of {length} content bytes"
        ))
    }
}

impl Iterator for WarcPages {
    type Item = Page;

    fn next(&mut self) -> Option<Page> {
        while !self.done {
            match self.next_record() {
                Ok(Some(Step::Page(page))) => return Some(page),
                Ok(Some(Step::Skip)) => continue,
                Ok(None) => self.done = true,
                Err(page) => {
                    self.done = true;
                    return Some(page);
                }
            }
        }
        None
    }
}

/// The page inside an HTTP response.
#[derive(Debug, PartialEq)]
struct Payload {
    body: Vec<u8>,
    charset: Option<String>,
}

/// Split an HTTP response into head and body and return the body if it is
/// an HTML page; `Ok(None)` for responses that hold no page (non-2xx, other
/// media types).
fn http_payload(block: &[u8], max_bytes: u64) -> Result<Option<Payload>, String> {
    let (head, body) = match find(block, b"\r\n\r\n") {
        Some(i) => (&block[..i], &block[i + 4..]),
        None => match find(block, b"\n\n") {
            Some(i) => (&block[..i], &block[i + 2..]),
            None => return Err("HTTP response head has no end".into()),
        },
    };
    let head = String::from_utf8_lossy(head);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    if !status_line.starts_with("HTTP/") {
        return Err("WARC response record does not hold an HTTP response".into());
    }
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("HTTP status line without a status code: {status_line:?}"))?;
    if !(200..300).contains(&status) {
        return Ok(None);
    }
    let mut content_type = None;
    let mut transfer_encoding = None;
    let mut content_encoding = None;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => content_type = Some(value),
            "transfer-encoding" => transfer_encoding = Some(value.to_ascii_lowercase()),
            "content-encoding" => content_encoding = Some(value.to_ascii_lowercase()),
            _ => {}
        }
    }
    let mut charset = None;
    if let Some(content_type) = content_type {
        let mut parts = content_type.split(';');
        let media_type = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        if !(media_type.is_empty()
            || media_type == "text/html"
            || media_type == "application/xhtml+xml")
        {
            return Ok(None);
        }
        charset = parts
            .filter_map(|param| param.split_once('='))
            .find(|(key, _)| key.trim().eq_ignore_ascii_case("charset"))
            .map(|(_, value)| value.trim().trim_matches(['"', '\'']).to_string())
            .filter(|value| !value.is_empty());
    }
    let body = if transfer_encoding
        .as_deref()
        .is_some_and(|t| t.contains("chunked"))
    {
        dechunk(body)?
    } else {
        body.to_vec()
    };
    let body = match content_encoding.as_deref() {
        None | Some("" | "identity") => body,
        Some("gzip" | "x-gzip") => inflate(MultiGzDecoder::new(&body[..]), max_bytes, "gzip")?,
        Some("deflate") => {
            // "deflate" is zlib-wrapped by the standard but raw in practice
            // from some servers; try both.
            inflate(ZlibDecoder::new(&body[..]), max_bytes, "deflate")
                .or_else(|_| inflate(DeflateDecoder::new(&body[..]), max_bytes, "deflate"))?
        }
        Some(other) => return Err(format!("unsupported HTTP Content-Encoding {other:?}")),
    };
    Ok(Some(Payload { body, charset }))
}

/// Decompress a payload, at most `max_bytes`.
fn inflate(decoder: impl Read, max_bytes: u64, name: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    decoder
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| format!("corrupt {name} Content-Encoding: {e}"))?;
    if out.len() as u64 > max_bytes {
        return Err(format!(
            "page is larger than --max-bytes ({max_bytes} bytes) after {name} decoding"
        ));
    }
    Ok(out)
}

/// Undo `Transfer-Encoding: chunked`.
fn dechunk(mut body: &[u8]) -> Result<Vec<u8>, String> {
    let malformed = || "malformed chunked Transfer-Encoding".to_string();
    let mut out = Vec::with_capacity(body.len());
    loop {
        let line_end = find(body, b"\n").ok_or_else(malformed)?;
        let size_field = String::from_utf8_lossy(&body[..line_end]);
        // Chunk extensions follow a ';'.
        let size_hex = size_field.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_hex, 16).map_err(|_| malformed())?;
        body = &body[line_end + 1..];
        if size == 0 {
            return Ok(out);
        }
        if size > body.len() {
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

    fn pages(warc: &[u8]) -> Vec<Page> {
        let reader: Box<dyn BufRead> = Box::new(io::Cursor::new(warc.to_vec()));
        WarcPages::new(reader, "t.warc".into(), false, 1 << 20).collect()
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
        let pages = pages(&warc);
        assert_eq!(pages.len(), 1, "{pages:?}");
        assert_eq!(pages[0].source, "t.warc#page");
        assert_eq!(pages[0].url.as_deref(), Some("https://example.org/page"));
        assert_eq!(pages[0].charset.as_deref(), Some("ISO-8859-1"));
        assert_eq!(pages[0].bytes(), Some(&b"<p>hi</p>"[..]));
    }

    #[test]
    fn truncated_block_ends_with_an_error_page() {
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
        let error = pages[1].error().unwrap();
        assert!(error.starts_with("truncated WARC record"), "{error}");
        assert_eq!(pages[1].source, "t.warc#2");
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
        let payload = http_payload(&block, 1 << 20).unwrap().unwrap();
        assert_eq!(payload.body, b"<p>compressed page</p>");
        assert_eq!(payload.charset, None);
    }

    #[test]
    fn unsupported_encoding_is_an_error_for_that_record_only() {
        let mut warc = record(
            "response",
            "br",
            HTTP,
            b"HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\n\x0b\x02",
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
    fn oversized_record_is_skipped_with_an_error() {
        let mut warc = record("response", "big", HTTP, &[b'x'; 4096]);
        warc.extend(record(
            "response",
            "ok",
            HTTP,
            b"HTTP/1.1 200 OK\r\n\r\n<p>ok</p>",
        ));
        let reader: Box<dyn BufRead> = Box::new(io::Cursor::new(warc));
        let pages: Vec<Page> = WarcPages::new(reader, "t.warc".into(), false, 1000).collect();
        assert_eq!(pages.len(), 2);
        assert!(pages[0].error().unwrap().contains("--max-bytes"));
        assert!(pages[1].bytes().is_some());
    }

    #[test]
    fn folded_header_and_missing_length() {
        let warc = b"WARC/1.0\nWARC-Type: response\nWARC-Record-ID:\n  <urn:x>\n\n";
        let pages = pages(warc);
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].source, "t.warc#urn:x");
        assert_eq!(
            pages[0].error().unwrap(),
            "WARC record has no Content-Length"
        );
    }
}
