//! Decoding: a page's raw bytes to text, and which encoding that took.
//!
//! This module owns the choice of character encoding. It follows the HTML
//! standard's encoding sniffing algorithm where that algorithm applies to a
//! file on disk (no HTTP header is available), and adds a statistical
//! fallback for pages that declare nothing:
//!
//! 1. A byte order mark (UTF-8, UTF-16LE, UTF-16BE) wins over everything,
//!    as in browsers, even over an encoding the caller asked for.
//! 2. An encoding the caller names ([`decode_with`], the CLI's
//!    `--encoding`) comes next.
//! 3. A declaration inside the first 1024 bytes, found by the standard's
//!    *prescan* (`<meta charset>`, `<meta http-equiv=content-type
//!    content=...>`; comments and the attributes of other tags are skipped
//!    the way the standard says). A declared UTF-16 means UTF-8 (a page
//!    whose `<meta>` could be read as ASCII is not UTF-16) and
//!    `x-user-defined` means windows-1252, both per the standard. When no
//!    `<meta>` declares anything, an XML declaration at the very start
//!    (`<?xml version="1.0" encoding="..."?>`) is accepted too: XHTML pages
//!    served as files carry their encoding there.
//! 4. Bytes that are valid UTF-8 are UTF-8 ([`EncodingSource::Utf8Valid`]).
//!    This is checked before any statistics because chance is no real
//!    rival: legacy-encoded text almost never forms valid multi-byte UTF-8.
//! 5. Otherwise the encoding is guessed ([`EncodingSource::Sniffed`]): bytes
//!    that are UTF-8 apart from a few damaged sequences stay UTF-8 (a page
//!    cut off mid-character, or with one stray Latin-1 byte, must not turn
//!    into mojibake as a whole), and anything else goes to chardetng.
//!
//! Deviations from the standard, on purpose: a declaration naming a legacy
//! encoding loses to bytes that are valid UTF-8 and not pure ASCII (pages
//! re-saved as UTF-8 keep their old `<meta>` surprisingly often, and legacy
//! text practically never forms valid multi-byte sequences); and a
//! declaration naming the
//! *replacement* encoding (labels such as `iso-2022-kr` or `hz-gb-2312`)
//! is ignored instead of turning the whole page into one U+FFFD, since an
//! extractor gains nothing from refusing to read the page.
//!
//! Decoding never fails: invalid sequences become U+FFFD. NUL bytes are
//! left in the text; the HTML parser handles them as the standard says.
//!
//! Cost: for valid UTF-8 the work is one validation pass and one copy into
//! the owned `String`. chardetng sees at most [`SNIFF_LIMIT`] bytes, taken
//! from where the non-ASCII bytes start (see there for why).

use std::borrow::Cow;

use chardetng::EncodingDetector;
use encoding_rs::{Encoding, REPLACEMENT, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252, X_USER_DEFINED};
use serde::Serialize;

use crate::Error;

/// How many bytes the HTML standard's prescan looks at.
const PRESCAN_LIMIT: usize = 1024;

/// How many bytes chardetng is given at most.
///
/// chardetng's cost is linear in its input (a few hundred MB/s at most, and
/// much less on non-ASCII text), and its guess settles long before this: on
/// real text in a legacy encoding a few kilobytes of non-ASCII text decide
/// it. Pages are mostly ASCII markup, so the window starts a little before
/// the first non-ASCII byte rather than at byte 0; otherwise a page with
/// 64 KiB of inline scripts in its head would show chardetng no text at all.
pub const SNIFF_LIMIT: usize = 64 * 1024;

/// How many valid multi-byte UTF-8 sequences must stand against each
/// invalid one for damaged UTF-8 to still be read as UTF-8. Legacy encodings
/// produce valid multi-byte UTF-8 only by accident (a windows-1252 `Ã`
/// followed by `©`, a Shift_JIS pair that happens to fit), so in real legacy
/// text the invalid sequences far outnumber the valid ones; 16 to 1 leaves a
/// wide margin on both sides.
const DAMAGED_UTF8_RATIO: usize = 16;

/// How the encoding of a page was determined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EncodingSource {
    /// A byte order mark at the start of the input.
    Bom,
    /// The caller named the encoding ([`decode_with`]).
    Override,
    /// Declared in the page: `<meta charset>`, `<meta http-equiv>` or an
    /// XML declaration, found by the HTML standard's prescan.
    Meta,
    /// No declaration, and the bytes are valid UTF-8 (pure ASCII included).
    Utf8Valid,
    /// No declaration, and the bytes are not valid UTF-8: the encoding is a
    /// guess, either UTF-8 with a few damaged sequences or chardetng's
    /// statistical choice.
    Sniffed,
}

/// A decoded page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The page text (without any byte order mark).
    pub text: String,
    /// The WHATWG name of the encoding used, e.g. `UTF-8`, `windows-1252`,
    /// `Shift_JIS`.
    pub encoding: &'static str,
    /// How that encoding was found.
    pub source: EncodingSource,
}

/// Decode a page's bytes, choosing the encoding as the module
/// documentation describes. Never fails.
pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return decode_as(&bytes[bom_len..], encoding, EncodingSource::Bom);
    }
    if let Some(encoding) = prescan(bytes).or_else(|| xml_declaration(bytes)) {
        // A page declaring a legacy encoding whose bytes are valid UTF-8
        // with non-ASCII text in them was saved as UTF-8 and mislabelled:
        // legacy text practically never forms valid multi-byte sequences.
        if encoding != UTF_8 && !bytes.is_ascii() {
            if let Ok(text) = std::str::from_utf8(bytes) {
                return Decoded {
                    text: text.to_owned(),
                    encoding: UTF_8.name(),
                    source: EncodingSource::Utf8Valid,
                };
            }
        }
        return decode_as(bytes, encoding, EncodingSource::Meta);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Decoded {
            text: text.to_owned(),
            encoding: UTF_8.name(),
            source: EncodingSource::Utf8Valid,
        },
        Err(_) => decode_as(bytes, sniff(bytes), EncodingSource::Sniffed),
    }
}

/// Like [`decode`], but with an encoding the caller names (a WHATWG label
/// such as `latin1`, `windows-1251` or `sjis`, any case) taking the place of
/// whatever the page declares. Only a byte order mark still wins, as in
/// browsers: a BOM is never wrong about its own encoding.
///
/// Returns [`Error::UnknownEncoding`] when the label names no encoding and
/// [`Error::ReplacementEncoding`] when it names the replacement encoding.
pub fn decode_with(bytes: &[u8], override_label: Option<&str>) -> Result<Decoded, Error> {
    let Some(label) = override_label else {
        return Ok(decode(bytes));
    };
    let encoding = encoding_for_label(label)?;
    if let Some((bom_encoding, bom_len)) = Encoding::for_bom(bytes) {
        return Ok(decode_as(
            &bytes[bom_len..],
            bom_encoding,
            EncodingSource::Bom,
        ));
    }
    Ok(decode_as(bytes, encoding, EncodingSource::Override))
}

/// Look up a caller-given label; the error's message helps fixing it.
fn encoding_for_label(label: &str) -> Result<&'static Encoding, Error> {
    match Encoding::for_label(label.as_bytes()) {
        Some(e) if e == REPLACEMENT => Err(Error::ReplacementEncoding {
            label: label.to_owned(),
        }),
        Some(e) => Ok(e),
        None => Err(Error::UnknownEncoding {
            label: label.to_owned(),
        }),
    }
}

/// Decode `bytes` (BOM already removed) with `encoding`, replacing invalid
/// sequences.
fn decode_as(bytes: &[u8], encoding: &'static Encoding, source: EncodingSource) -> Decoded {
    let (text, _had_errors) = encoding.decode_without_bom_handling(bytes);
    let text = match text {
        // Valid input in an ASCII-compatible encoding comes back borrowed:
        // this is the only copy.
        Cow::Borrowed(s) => s.to_owned(),
        Cow::Owned(s) => s,
    };
    Decoded {
        text,
        encoding: encoding.name(),
        source,
    }
}

/// Guess the encoding of bytes that are not valid UTF-8.
fn sniff(bytes: &[u8]) -> &'static Encoding {
    if is_damaged_utf8(bytes) {
        return UTF_8;
    }
    let first_non_ascii = bytes.iter().position(|b| !b.is_ascii()).unwrap_or(0);
    // Start a little before the first non-ASCII byte so chardetng sees the
    // ASCII context (e.g. a space or tag before a word) it scores with.
    let start = first_non_ascii.saturating_sub(64);
    let end = bytes.len().min(start.saturating_add(SNIFF_LIMIT));
    let mut detector = EncodingDetector::new();
    detector.feed(&bytes[start..end], end == bytes.len());
    // No TLD is known here; `None` means a generic one. UTF-8 is allowed:
    // the window may be valid UTF-8 even though the whole page is not.
    detector.guess(None, true)
}

/// True when `bytes` are UTF-8 apart from a few invalid sequences: none
/// besides one cut off by the end of the input, or at least
/// [`DAMAGED_UTF8_RATIO`] valid multi-byte sequences per invalid one.
fn is_damaged_utf8(bytes: &[u8]) -> bool {
    let mut multi_byte = 0usize;
    let mut invalid = 0usize;
    let mut chunks = bytes.utf8_chunks().peekable();
    while let Some(chunk) = chunks.next() {
        multi_byte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        let cut_off_at_end = chunks.peek().is_none() && is_incomplete_utf8(chunk.invalid());
        if !chunk.invalid().is_empty() && !cut_off_at_end {
            invalid += 1;
        }
    }
    invalid == 0 || multi_byte >= invalid.saturating_mul(DAMAGED_UTF8_RATIO)
}

/// True when `tail` is the start of a multi-byte UTF-8 sequence that the end
/// of input cut short.
fn is_incomplete_utf8(tail: &[u8]) -> bool {
    matches!(std::str::from_utf8(tail), Err(e) if e.error_len().is_none())
}

// ---- the HTML standard's prescan ----

/// ASCII whitespace as the prescan defines it (TAB, LF, FF, CR, SPACE).
fn is_space(b: u8) -> bool {
    matches!(b, 0x09 | 0x0A | 0x0C | 0x0D | 0x20)
}

/// What a `charset` found so far is, in the prescan's `<meta>` step.
enum Charset {
    /// Nothing found yet.
    Null,
    /// A `charset` attribute whose value names no encoding.
    Failure,
    /// A known encoding.
    Found(&'static Encoding),
}

/// "Prescan a byte stream to determine its encoding" (HTML standard,
/// 13.2.3.2) over the first [`PRESCAN_LIMIT`] bytes, with the standard's
/// adjustments (UTF-16 to UTF-8, x-user-defined to windows-1252) applied and
/// the replacement encoding ignored.
fn prescan(bytes: &[u8]) -> Option<&'static Encoding> {
    let input = &bytes[..bytes.len().min(PRESCAN_LIMIT)];
    let mut scanner = Scanner { input, pos: 0 };
    while scanner.pos < input.len() {
        let rest = &input[scanner.pos..];
        if rest.starts_with(b"<!--") {
            // The comment ends at the first `>` preceded by `--`, counting
            // from the `<` (so `<!-->` ends itself).
            let after_open = scanner.pos + 2;
            match find_comment_end(&input[after_open..]) {
                Some(end) => scanner.pos = after_open + end + 1,
                None => return None,
            }
        } else if starts_with_ignore_case(rest, b"<meta")
            && rest.get(5).is_some_and(|&b| is_space(b) || b == b'/')
        {
            scanner.pos += 6;
            match scanner.meta_charset() {
                MetaOutcome::Found(encoding) => return Some(encoding),
                MetaOutcome::NotHere => {}
                MetaOutcome::EndOfInput => return None,
            }
        } else if rest.len() >= 2
            && rest[0] == b'<'
            && (rest[1].is_ascii_alphabetic()
                || (rest[1] == b'/' && rest.get(2).is_some_and(|b| b.is_ascii_alphabetic())))
        {
            // Another tag: skip its name, then its attributes (whose values
            // may contain anything, `<meta` included).
            scanner.pos += 1;
            while scanner.pos < input.len()
                && !is_space(input[scanner.pos])
                && input[scanner.pos] != b'>'
            {
                scanner.pos += 1;
            }
            loop {
                match scanner.attribute() {
                    AttrOutcome::Attribute(..) => {}
                    AttrOutcome::None => break,
                    AttrOutcome::EndOfInput => return None,
                }
            }
            scanner.pos += 1;
        } else if rest.starts_with(b"<!") || rest.starts_with(b"</") || rest.starts_with(b"<?") {
            match rest.iter().position(|&b| b == b'>') {
                Some(gt) => scanner.pos += gt + 1,
                None => return None,
            }
        } else {
            scanner.pos += 1;
        }
    }
    None
}

/// Position of the `>` that ends a comment, in `s` which starts at the
/// comment's `!`: the first `>` preceded by two `-`.
fn find_comment_end(s: &[u8]) -> Option<usize> {
    (2..s.len()).find(|&i| s[i] == b'>' && s[i - 1] == b'-' && s[i - 2] == b'-')
}

fn starts_with_ignore_case(haystack: &[u8], prefix: &[u8]) -> bool {
    haystack.len() >= prefix.len() && haystack[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// The prescan's position in its input.
struct Scanner<'a> {
    input: &'a [u8],
    pos: usize,
}

/// Result of the prescan's "get an attribute".
enum AttrOutcome {
    /// An attribute: lower-cased name and value.
    Attribute(Vec<u8>, Vec<u8>),
    /// No further attribute in this tag (the position is at its `>`).
    None,
    /// The input ended inside the tag.
    EndOfInput,
}

/// Result of examining one `<meta>` tag.
enum MetaOutcome {
    Found(&'static Encoding),
    NotHere,
    EndOfInput,
}

impl Scanner<'_> {
    fn byte(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    fn skip_spaces(&mut self) {
        while self.byte().is_some_and(is_space) {
            self.pos += 1;
        }
    }

    /// The `<meta>` step of the prescan, with the position just after
    /// `<meta` and its following space or slash.
    fn meta_charset(&mut self) -> MetaOutcome {
        let mut seen: Vec<Vec<u8>> = Vec::new();
        let mut got_pragma = false;
        let mut need_pragma: Option<bool> = None;
        let mut charset = Charset::Null;
        loop {
            let (name, value) = match self.attribute() {
                AttrOutcome::Attribute(name, value) => (name, value),
                AttrOutcome::None => break,
                AttrOutcome::EndOfInput => return MetaOutcome::EndOfInput,
            };
            if seen.contains(&name) {
                continue;
            }
            match name.as_slice() {
                b"http-equiv" => got_pragma |= value == b"content-type",
                b"content" => {
                    if let (Some(found), Charset::Null) = (charset_from_content(&value), &charset) {
                        charset = Charset::Found(found);
                        need_pragma = Some(true);
                    }
                }
                b"charset" => {
                    charset = match Encoding::for_label(&value) {
                        Some(e) => Charset::Found(e),
                        None => Charset::Failure,
                    };
                    need_pragma = Some(false);
                }
                _ => {}
            }
            seen.push(name);
        }
        // The tag's `>` is consumed by the caller's "next byte".
        self.pos += 1;
        let usable = match (need_pragma, charset) {
            // Neither `charset` nor `content` named an encoding.
            (None, _) => None,
            // `content=...charset=` counts only with http-equiv=content-type.
            (Some(true), _) if !got_pragma => None,
            (Some(_), Charset::Found(e)) => Some(e),
            (Some(_), Charset::Null | Charset::Failure) => None,
        };
        match usable.and_then(html_declared) {
            Some(e) => MetaOutcome::Found(e),
            None => MetaOutcome::NotHere,
        }
    }

    /// "Get an attribute": the next attribute of the current tag, names and
    /// values ASCII-lower-cased, quotes honoured.
    fn attribute(&mut self) -> AttrOutcome {
        while self.byte().is_some_and(|b| is_space(b) || b == b'/') {
            self.pos += 1;
        }
        match self.byte() {
            None => return AttrOutcome::EndOfInput,
            Some(b'>') => return AttrOutcome::None,
            Some(_) => {}
        }
        let mut name = Vec::new();
        let mut value = Vec::new();
        // The name.
        loop {
            let Some(b) = self.byte() else {
                return AttrOutcome::EndOfInput;
            };
            match b {
                b'=' if !name.is_empty() => {
                    self.pos += 1;
                    break;
                }
                b if is_space(b) => {
                    self.skip_spaces();
                    match self.byte() {
                        None => return AttrOutcome::EndOfInput,
                        Some(b'=') => {
                            self.pos += 1;
                            break;
                        }
                        Some(_) => return AttrOutcome::Attribute(name, value),
                    }
                }
                b'/' | b'>' => return AttrOutcome::Attribute(name, value),
                b => name.push(b.to_ascii_lowercase()),
            }
            self.pos += 1;
        }
        // The value.
        self.skip_spaces();
        match self.byte() {
            None => AttrOutcome::EndOfInput,
            Some(quote @ (b'"' | b'\'')) => loop {
                self.pos += 1;
                match self.byte() {
                    None => return AttrOutcome::EndOfInput,
                    Some(b) if b == quote => {
                        self.pos += 1;
                        return AttrOutcome::Attribute(name, value);
                    }
                    Some(b) => value.push(b.to_ascii_lowercase()),
                }
            },
            Some(b'>') => AttrOutcome::Attribute(name, value),
            Some(_) => loop {
                match self.byte() {
                    None => return AttrOutcome::EndOfInput,
                    Some(b) if is_space(b) || b == b'>' => {
                        return AttrOutcome::Attribute(name, value)
                    }
                    Some(b) => value.push(b.to_ascii_lowercase()),
                }
                self.pos += 1;
            },
        }
    }
}

/// "Extract a character encoding from a meta element": the encoding named
/// by `charset=` inside a `content` value such as
/// `text/html; charset=iso-8859-1`.
fn charset_from_content(content: &[u8]) -> Option<&'static Encoding> {
    let mut pos = 0;
    loop {
        let found = content[pos..]
            .windows(7)
            .position(|w| w.eq_ignore_ascii_case(b"charset"))?;
        pos += found + 7;
        while content.get(pos).is_some_and(|&b| is_space(b)) {
            pos += 1;
        }
        if content.get(pos) != Some(&b'=') {
            continue;
        }
        pos += 1;
        while content.get(pos).is_some_and(|&b| is_space(b)) {
            pos += 1;
        }
        let rest = &content[pos..];
        return match rest.first()? {
            &q @ (b'"' | b'\'') => {
                let close = rest[1..].iter().position(|&b| b == q)?;
                Encoding::for_label(&rest[1..1 + close])
            }
            _ => {
                let end = rest
                    .iter()
                    .position(|&b| is_space(b) || b == b';')
                    .unwrap_or(rest.len());
                Encoding::for_label(&rest[..end])
            }
        };
    }
}

/// The standard's adjustments to an encoding declared inside an
/// ASCII-compatible page, plus ignoring the replacement encoding.
fn html_declared(encoding: &'static Encoding) -> Option<&'static Encoding> {
    if encoding == UTF_16BE || encoding == UTF_16LE {
        Some(UTF_8)
    } else if encoding == X_USER_DEFINED {
        Some(WINDOWS_1252)
    } else if encoding == REPLACEMENT {
        None
    } else {
        Some(encoding)
    }
}

/// The encoding named by an XML declaration at the very start of the
/// input: `<?xml version="1.0" encoding="ISO-8859-1"?>`.
fn xml_declaration(bytes: &[u8]) -> Option<&'static Encoding> {
    let input = &bytes[..bytes.len().min(PRESCAN_LIMIT)];
    if !input.starts_with(b"<?xml") || !input.get(5).is_some_and(|&b| is_space(b)) {
        return None;
    }
    let decl = &input[..input.iter().position(|&b| b == b'>')?];
    let at = decl.windows(8).position(|w| w == b"encoding")?;
    let mut pos = at + 8;
    while decl.get(pos).is_some_and(|&b| is_space(b)) {
        pos += 1;
    }
    if decl.get(pos) != Some(&b'=') {
        return None;
    }
    pos += 1;
    while decl.get(pos).is_some_and(|&b| is_space(b)) {
        pos += 1;
    }
    let quote = *decl.get(pos).filter(|&&b| b == b'"' || b == b'\'')?;
    let value = &decl[pos + 1..];
    let close = value.iter().position(|&b| b == quote)?;
    Encoding::for_label(&value[..close]).and_then(html_declared)
}
